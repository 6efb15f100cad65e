#!/bin/sh
# shellcheck disable=SC2317 # the cleanup functions run from the trap
# The Ansible collection on the live kernel, as root, on a loop device this
# test makes (tests/lib_live.sh: a sparse file, ext4, mounted in a temp dir);
# stortune_apply acts on it alone through its devices option, so no other
# device and no system sysctl is in the plan.  The rules of
# t_apply_live.sh part 2 that act on loop devices are added (mq-deadline, its
# read_expire, nr_requests, read_ahead_kb), and remount applies noatime.
#
# Check mode changes nothing; apply changes the queue and the mount; the
# second run reports changed=0; stortune_verify is clean; state: reverted
# puts every queue attribute, the mount's options and the vm sysctls back.
#
# Skips (exit 0, "SKIP: ...") without root, losetup, mkfs.ext4, a free loop
# device or ansible-playbook.  The trap on exit restores what lib_live.sh
# saved, unmounts, detaches the loop device and removes the temp dir.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
top=${STORTUNE_TOP:-$(pwd)}
fail=0
command -v ansible-playbook >/dev/null 2>&1 ||
	{ echo "SKIP: ansible-playbook is missing (the Debian package ansible-core)"; exit 0; }

. "$top/tests/lib.sh"
. "$top/tests/lib_live.sh"
. "$top/ansible/tests/env.sh"
t=$top/ansible/tests

loop_rules
queue_snapshot >"$tmp/queue.before"
mount_options >"$tmp/mount.before"

pv="-i $inv -e bin=$STORTUNE -e rules=$tmp/data/rules -e profiles=$tmp/data/profiles"
pv="$pv -e state_dir=$tmp/state -e root= -e remount=true"
dev="{\"devices\": [\"$n\"]}"

# pb CODE LABEL RECAP ARGS...: ansible-playbook ARGS exits CODE and the
# PLAY RECAP of localhost begins with RECAP; the output is printed for the log
pb() {
	code=$1 label=$2 want=$3
	shift 3
	echo
	echo "== $label"
	play "$tmp/log" "$@"
	rc=$?
	sed "s|$tmp|\$TMP|g" "$tmp/log"
	# the items and their status, for the log
	[ -s "$tmp/r.json" ] && python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
for c in d.get('changes', []):
    print('item', c['id'], c['current'], '->', c['recommended'], c['status'], c.get('reason') or '')
for j in d.get('journals', []):
    print('journal', j.get('journal'), j.get('phase'), 'restored', j.get('restored'), 'manual', j.get('manual'))
    for r in j.get('rows', []):
        print('  ', r['target'], r['knob'], r['current'], '->', r['restored'], r['status'], r.get('note') or '')" "$tmp/r.json"
	rm -f "$tmp/r.json"
	if [ "$rc" -ne "$code" ]; then
		echo "FAIL: $label: ansible-playbook exited $rc, expected $code"; fail=1
		return 1
	fi
	got=$(recap "$tmp/log" localhost)
	case $got in
	"$want"*) ;;
	*) echo "FAIL: $label: PLAY RECAP $got, expected $want"; fail=1 ;;
	esac
}

# shellcheck disable=SC2086
pb 0 "check mode" "ok=2 changed=1 unreachable=0 failed=0" $pv -e "$dev" -e out="$tmp/r.json" \
	--check --diff "$t/apply.yml"
grep -qF -- "+$n: queue/scheduler = mq-deadline" "$tmp/log" || { echo "FAIL: check mode: no diff"; fail=1; }
as_before "check mode"

# shellcheck disable=SC2086
pb 0 "apply" "ok=2 changed=1 unreachable=0 failed=0" $pv -e "$dev" -e out="$tmp/r.json" --diff "$t/apply.yml"
got="$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$q/scheduler") $(cat "$q/iosched/read_expire" 2>&1)"
got="$got $(cat "$q/nr_requests") $(cat "$q/read_ahead_kb")"
[ "$got" = "mq-deadline 100 64 64" ] ||
	{ echo "FAIL: scheduler read_expire nr_requests read_ahead_kb: $got"; fail=1; }
mount_options | grep -q '^mount .*noatime' || { echo "FAIL: apply: $mnt is not noatime"; fail=1; }
vm_snapshot >"$tmp/vm.after"
same "apply $n changed vm sysctls" "$tmp/vm.before" "$tmp/vm.after"

# shellcheck disable=SC2086
pb 0 "second apply" "ok=2 changed=0 unreachable=0 failed=0" $pv -e "$dev" -e out="$tmp/r.json" \
	"$t/apply.yml"
# shellcheck disable=SC2086
if pb 0 "verify" "ok=6 changed=0 unreachable=0 failed=0" $pv -e out="$tmp/v.json" "$t/facts_verify.yml"; then
	python3 -c "import json, sys
v = json.load(open(sys.argv[1]))['verify']
assert v['compliant'] and v['counts']['drift'] == 0 and v['counts']['manual'] == 0, v['counts']
ok = {(r['target'], r['knob']) for r in v['rows'] if r['status'] == 'ok'}
for k in ('scheduler', 'iosched/read_expire', 'nr_requests', 'read_ahead_kb'):
    assert ('$n', 'queue/' + k) in ok, (k, v['rows'])" "$tmp/v.json" ||
		{ echo "FAIL: verify JSON"; fail=1; }
fi
# shellcheck disable=SC2086
pb 0 "revert" "ok=2 changed=1 unreachable=0 failed=0" $pv -e st_state=reverted -e out="$tmp/r.json" \
	"$t/apply.yml"
as_before "revert"

[ "$fail" = 0 ] && echo "PASS"
exit $fail
