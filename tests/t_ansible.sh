#!/bin/sh
# The Ansible collection (ansible/ansible_collections/stortune/storage) run by
# ansible-playbook against localhost, connection local, on copies of fixture
# sysroots; no live writes.
#
# 1. ansible-doc shows every module with DOCUMENTATION, EXAMPLES and RETURN;
#    ansible-test's validate-modules passes (when voluptuous is installed);
#    every playbook passes --syntax-check.
# 2. nvme-server, database profile: stortune_facts and stortune_verify (drift
#    fails the task, or only warns); check mode with --diff changes nothing
#    (the tree is byte-identical) and shows each knob before and after; apply
#    changes the tree; the second run reports changed=0; verify is clean;
#    state: reverted in check mode changes nothing, then restores the tree
#    byte for byte, and a second revert reports changed=0.
# 3. The tune role: apply, persist (udev rules and sysctl.d in the tree), verify;
#    the handlers skip the live udevadm and sysctl; changed=0 the second time.
# 4. Errors: a bad profile, a missing binary, stortune's exit 1 fail the task
#    with stortune's message; exit 3 (validation rolled back a change) is
#    changed with a warning (a stand-in binary prints the JSON).
# 5. The fleet report over an inventory of "hosts" that are all localhost on
#    different sysroots, one unreachable (ssh to a closed port) and three
#    failing: its CSV, JSON and summary.
# 6. The fleet capture: each host's tarball, which advise --sysroot reads
#    offline to the same advice.
#
# Skips (exit 0, "SKIP: ...") without ansible-playbook.  Ansible's files stay
# in the temp dir (ansible/tests/env.sh).
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
top=${STORTUNE_TOP:-$(pwd)}
tmp=$(mktemp -d /tmp/stortune-ansible-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
. "$top/tests/lib.sh"
. "$top/ansible/tests/env.sh"
coll=$top/ansible/ansible_collections/stortune/storage
t=$top/ansible/tests

# A private copy of rules/ and profiles/: as root, stortune refuses rule
# directories that others can write, and a checkout's modes follow its umask.
umask 022
chmod 755 "$tmp"
data=$tmp/data
mkdir "$data"
cp -R "$top/rules" "$top/profiles" "$data/"
chmod -R go-w,a+rX "$data"
vars="-i $inv -e bin=$STORTUNE -e rules=$data/rules -e profiles=$data/profiles"

# run CODE LABEL ARGS...: ansible-playbook ARGS exits CODE; output in $tmp/log
run() {
	code=$1 label=$2
	shift 2
	play "$tmp/log" "$@"
	rc=$?
	if [ "$rc" -ne "$code" ]; then
		echo "FAIL: $label: ansible-playbook exited $rc, expected $code:"; cat "$tmp/log"; fail=1
		return 1
	fi
	return 0
}

# counts LABEL HOST EXPECTED: the PLAY RECAP of HOST in $tmp/log begins with
# EXPECTED (e.g. "ok=2 changed=0 unreachable=0 failed=0")
counts() {
	got=$(recap "$tmp/log" "$2")
	case $got in
	"$3"*) ;;
	*) echo "FAIL: $1: PLAY RECAP $2: $got, expected $3"; cat "$tmp/log"; fail=1 ;;
	esac
}

# logged LABEL PATTERN: $tmp/log has a line matching PATTERN (fixed string)
logged() {
	grep -qF -- "$2" "$tmp/log" || { echo "FAIL: $1: output lacks '$2':"; cat "$tmp/log"; fail=1; }
}

# json LABEL FILE PYTHON: FILE parses as JSON and PYTHON (d is the document)
# raises nothing
json() {
	python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
$3" "$2" || { echo "FAIL: $1: JSON check failed:"; cat "$2"; fail=1; }
}

# identical LABEL A B: trees A and B are byte for byte the same
identical() {
	diff -r --no-dereference "$2" "$3" >"$tmp/diff" 2>&1 ||
		{ echo "FAIL: $1: $3 differs from $2:"; cat "$tmp/diff"; fail=1; }
}

# 1. the documentation and the syntax
for m in stortune_facts stortune_apply stortune_verify; do
	if ansible_doc --json "stortune.storage.$m" >"$tmp/doc.json" 2>"$tmp/err"; then
		json "ansible-doc $m" "$tmp/doc.json" "e = d['stortune.storage.$m']
assert e['doc']['short_description'] and e['doc']['options'], e['doc']
assert 'binary' in e['doc']['options'] and 'sysroot' in e['doc']['options'] and 'state_dir' in e['doc']['options']
assert e['examples'].strip() and e['return'], e"
	else
		echo "FAIL: ansible-doc stortune.storage.$m:"; cat "$tmp/err"; fail=1
	fi
done
# ansible-test's validate-modules (documentation against argument_spec), run
# directly: ansible-test sanity itself wants pip and the network for its
# virtualenvs.  Needs voluptuous (python3-voluptuous) next to ansible.
py=$(sed -n '1s/^#! *//p' "$(command -v ansible-playbook)")
vm=$("$py" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))' 2>/dev/null)
vm=$vm/_util/controller/sanity/validate-modules/validate.py
if [ -f "$vm" ] && "$py" -c 'import voluptuous' 2>/dev/null; then
	mkdir -p "$tmp/vm/ansible_collections/stortune"
	cp -R "$coll" "$tmp/vm/ansible_collections/stortune/storage"
	(cd "$tmp/vm/ansible_collections/stortune/storage" && HOME="$ah/home" LC_ALL=C.UTF-8 \
		ANSIBLE_COLLECTIONS_PATH="$tmp/vm" "$py" "$vm" --arg-spec --format plain \
		--collection ansible_collections/stortune/storage --collection-version 0.1.0 \
		plugins/modules/*.py) >"$tmp/vm.out" 2>&1
	# the ignore file's entries (stortune is GPL-2.0-or-later, not GPLv3)
	grep -v 'missing-gplv3-license' "$tmp/vm.out" >"$tmp/vm.left"
	[ ! -s "$tmp/vm.left" ] || { echo "FAIL: validate-modules:"; cat "$tmp/vm.left"; fail=1; }
else
	echo "validate-modules not run: no ansible_test or no voluptuous for $py (python3-voluptuous)"
fi
for pb in "$coll"/playbooks/*.yml "$t"/*.yml; do
	run 0 "syntax of $pb" $vars --syntax-check "$pb"
done

# 2. the modules on nvme-server
fixture=$top/tests/sysroots/nvme-server
root=$tmp/nvme-server
cp -a "$fixture" "$root"
v="$vars -e root=$root -e state_dir=$tmp/state"
if run 0 "facts, verify with on_drift=warn" $v -e out="$tmp/facts.json" -e profile=database \
	-e on_drift=warn "$t/facts_verify.yml"; then
	counts "facts" localhost "ok=6 changed=0 unreachable=0 failed=0"
	logged "verify warns of drift" "[WARNING]: stortune verify: 10 ok, 8 drift"
	json "facts" "$tmp/facts.json" "f = d['facts']; v = d['verify']
assert f['profile'] == 'database' and f['already_ok'] == 10, f['already_ok']
assert [x['name'] for x in f['devices']] == ['nvme0n1', 'nvme0n2'], f['devices']
assert f['devices'][0]['class'] == 'nvme' and f['system']['cpus'] == 16
assert len(f['recommendations']) == 9 and len(f['advice']) == 2, f['recommendations']
assert v['drift'] and not v['compliant'] and v['exit_code'] == 2 and v['counts']['drift'] == 8, v
assert v['journal'] is None and v['changed'] is False and len(v['rows']) == 21, v
r = d['recommended']
assert r['profile'] == r['recommend']['profile'] == 'general' and r['recommend']['fallback'], r"
fi
run 2 "verify fails on drift" $v -e out="$tmp/x.json" -e profile=database "$t/facts_verify.yml"
logged "verify fails on drift" "\"msg\": \"stortune verify: 10 ok, 8 drift, 3 held (2 advice)"
logged "verify names the drift" "nvme0n1 queue/nomerges, nvme0n1 queue/rq_affinity"

if run 0 "check mode" $v -e out="$tmp/check.json" --check --diff "$t/apply.yml"; then
	counts "check mode" localhost "ok=2 changed=1 unreachable=0 failed=0"
	logged "check mode diff" "-nvme0n1: queue/nomerges = 0"
	logged "check mode diff" "+nvme0n1: queue/nomerges = 1"
	logged "check mode diff" "+system: vm.dirty_expire_centisecs = 1000"
	json "check mode" "$tmp/check.json" "assert d['changed'] and d['journal'] is None, d
assert [c['status'] for c in d['changes']] == ['pending'] * 8, d['changes']
assert d['exit_code'] == 2 and d['held'][0]['knob'] == 'mount:atime', d"
fi
identical "check mode changed the tree" "$fixture" "$root"
[ ! -e "$tmp/state" ] || { echo "FAIL: check mode made the state directory"; fail=1; }

if run 0 "apply" $v -e out="$tmp/apply.json" --diff "$t/apply.yml"; then
	counts "apply" localhost "ok=2 changed=1 unreachable=0 failed=0"
	logged "apply diff" "+nvme0n2: queue/rq_affinity = 2"
	json "apply" "$tmp/apply.json" "assert d['changed'] and d['journal'] == 1 and d['exit_code'] == 0, d
assert [c['status'] for c in d['changes']] == ['done'] * 8, d['changes']"
fi
diff -rq --no-dereference "$fixture" "$root" >"$tmp/diff" 2>&1
[ "$(wc -l <"$tmp/diff")" -eq 8 ] || { echo "FAIL: apply did not change 8 files:"; cat "$tmp/diff"; fail=1; }
cat "$tmp/diff"
for n in nvme0n1 nvme0n2; do
	q=$(find "$root/sys/devices" -path "*/$n/queue/nomerges")
	[ "$(cat "$q")" = 1 ] || { echo "FAIL: apply: $n nomerges is $(cat "$q")"; fail=1; }
done
cp -a "$root" "$tmp/applied"

if run 0 "second apply" $v -e out="$tmp/apply2.json" --diff "$t/apply.yml"; then
	counts "second apply" localhost "ok=2 changed=0 unreachable=0 failed=0"
	json "second apply" "$tmp/apply2.json" "assert not d['changed'] and d['changes'] == [] and d['journal'] is None, d"
fi
identical "the second apply changed the tree" "$tmp/applied" "$root"
if run 0 "verify after apply" $v -e out="$tmp/verify.json" "$t/facts_verify.yml"; then
	json "verify after apply" "$tmp/verify.json" "v = d['verify']
assert v['compliant'] and not v['drift'] and v['journal'] == 1 and v['profile'] == 'database', v
assert v['counts']['drift'] == 0 and v['counts']['ok'] == 18, v['counts']
assert d['facts']['recommendations'] == [] or all(r['knob'] == 'mount:atime' for r in d['facts']['recommendations'])"
fi
if run 0 "revert, check mode" $v -e out="$tmp/rcheck.json" -e st_state=reverted --check "$t/apply.yml"; then
	counts "revert, check mode" localhost "ok=2 changed=1 unreachable=0 failed=0"
fi
identical "revert in check mode changed the tree" "$tmp/applied" "$root"
if run 0 "revert" $v -e out="$tmp/revert.json" -e st_state=reverted "$t/apply.yml"; then
	counts "revert" localhost "ok=2 changed=1 unreachable=0 failed=0"
	json "revert" "$tmp/revert.json" "j = d['journals']
assert d['changed'] and len(j) == 1 and j[0]['restored'] == 8 and j[0]['phase'] == 'reverted', d"
fi
identical "revert did not restore the tree" "$fixture" "$root"
if run 0 "second revert" $v -e out="$tmp/revert2.json" -e st_state=reverted "$t/apply.yml"; then
	counts "second revert" localhost "ok=2 changed=0 unreachable=0 failed=0"
fi

# 3. the role, persisting into the tree
root=$tmp/role
cp -a "$fixture" "$root"
v="$vars -e root=$root -e state_dir=$tmp/role-state"
if run 0 "role" $v "$t/role.yml"; then
	counts "role" localhost "ok=5 changed=3 unreachable=0 failed=0 skipped=3"
	logged "role: udev" "stortune wrote /etc/udev/rules.d/69-stortune.rules"
	logged "role: handler skipped" "skipping: [localhost] => (item=udevadm trigger --subsystem-match=block --action=change)"
fi
for f in etc/udev/rules.d/69-stortune.rules etc/sysctl.d/60-stortune.conf; do
	[ -s "$root/$f" ] || { echo "FAIL: role: no $f in the tree"; fail=1; }
done
run 0 "role again" $v "$t/role.yml" && counts "role again" localhost "ok=3 changed=0 unreachable=0 failed=0"

# 4. errors, and exit 3 from a stand-in binary
v="$vars -e root=$tmp/nvme-server -e state_dir=$tmp/state"
run 2 "bad profile" $v -e out="$tmp/x.json" -e profile=nope "$t/apply.yml" &&
	logged "bad profile" "\"msg\": \"stortune: unknown profile 'nope'; 'stortune profiles list' shows them\""
run 2 "no binary" $v -e out="$tmp/x.json" -e bin="$tmp/none/stortune" "$t/apply.yml" &&
	logged "no binary" "\"msg\": \"stortune: $tmp/none/stortune: no such file; install the package"
cat >"$tmp/stub" <<'EOF'
#!/bin/sh
# a stand-in for stortune: apply exits $STUB_RC with this JSON
cat <<'J'
{"profile": "database", "dry_run": false, "journal": 1, "held": [], "advice": [], "persisted": [],
 "not_persisted": [], "persist_warnings": [],
 "changes": [{"id": "sda:queue/scheduler", "target": "sda", "knob": "queue/scheduler", "current": "bfq",
  "recommended": "none", "rule": "r", "status": "rolled back"},
  {"id": "sda:queue/read_ahead_kb", "target": "sda", "knob": "queue/read_ahead_kb", "current": "128",
  "recommended": "32", "rule": "r", "status": "done"}]}
J
[ "$STUB_RC" = 1 ] && echo "stortune: sda: queue/scheduler: write failed: Invalid argument" >&2
exit "$STUB_RC"
EOF
chmod 755 "$tmp/stub"
if STUB_RC=3 run 0 "exit 3" $v -e out="$tmp/x.json" -e bin="$tmp/stub" "$t/apply.yml"; then
	counts "exit 3" localhost "ok=2 changed=1 unreachable=0 failed=0"
	logged "exit 3 warns" "[WARNING]: stortune apply --validate rolled back 1 change(s) that made their"
	json "exit 3" "$tmp/x.json" "assert d['rolled_back'] == ['sda:queue/scheduler'] and d['exit_code'] == 3, d"
fi
STUB_RC=1 run 2 "exit 1" $v -e out="$tmp/x.json" -e bin="$tmp/stub" "$t/apply.yml" &&
	logged "exit 1" "\"msg\": \"stortune: sda: queue/scheduler: write failed: Invalid argument\""

# 5. the fleet report
f=$tmp/fleet
mkdir "$f"
for h in ok drift manual; do cp -a "$fixture" "$f/$h"; done
st() { "$STORTUNE" --rules "$data/rules" --profiles "$data/profiles" "$@" >/dev/null; }
st apply --profile database --sysroot "$f/ok" --state-dir "$f/ok.state" || fail=1
st apply --profile database --sysroot "$f/manual" --state-dir "$f/manual.state" || fail=1
echo 2 >"$(find "$f/manual/sys/devices" -path '*/nvme0n1/queue/nomerges')"
cat >"$f/inventory" <<EOF
[fleet]
ok stortune_sysroot=$f/ok stortune_state_dir=$f/ok.state
drift stortune_sysroot=$f/drift
manual stortune_sysroot=$f/manual stortune_state_dir=$f/manual.state
no-binary stortune_binary=$f/none/stortune stortune_sysroot=$f/ok
bad-profile stortune_profile=nope stortune_sysroot=$f/ok
down ansible_host=127.0.0.1 ansible_port=1 ansible_connection=ssh ansible_ssh_common_args='-F /dev/null -o ConnectTimeout=5'

[fleet:vars]
ansible_connection=local
ansible_python_interpreter=$(command -v python3)
stortune_binary=$STORTUNE
stortune_profile=database
stortune_rules=$data/rules
stortune_profiles=$data/profiles
EOF
hosts=6 failed=2
# as root, stortune refuses a rules directory that others can write
if [ "$(id -u)" -eq 0 ]; then
	cp -R "$data/rules" "$f/badrules"
	chmod 777 "$f/badrules"
	sed -i "/^down /i rules-refused stortune_rules=$f/badrules stortune_sysroot=$f/ok" "$f/inventory"
	hosts=7 failed=3
fi
summary="$hosts hosts: 2 compliant, 1 with drift, 1 unreachable, $failed failed"
if run 0 "fleet report" -i "$f/inventory" -e fleet_report_dir="$f/report" "$coll/playbooks/fleet_report.yml"; then
	logged "fleet report summary" "\"msg\": \"$summary\""
	for h in no-binary bad-profile down; do counts "fleet report" "$h" "ok=1 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1"; done
	for h in ok drift manual; do counts "fleet report" "$h" "ok=1 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"; done
	head -n 1 "$f/report/fleet.txt" | grep -qxF "$summary" ||
		{ echo "FAIL: fleet.txt:"; cat "$f/report/fleet.txt"; fail=1; }
	grep -qxF "  manual: compliant, 1 value(s) changed by hand" "$f/report/fleet.txt" ||
		{ echo "FAIL: fleet.txt does not name the manual change:"; cat "$f/report/fleet.txt"; fail=1; }
	grep -qxF "  bad-profile: failed: stortune: unknown profile 'nope'; 'stortune profiles list' shows them" \
		"$f/report/fleet.txt" || { echo "FAIL: fleet.txt lacks bad-profile's message:"; cat "$f/report/fleet.txt"; fail=1; }
	cat "$f/report/fleet.txt"
	json "fleet.json" "$f/report/fleet.json" "import csv
hosts = {h['host']: h['status'] for h in d['hosts']}
assert hosts == {'ok': 'compliant', 'drift': 'drift', 'manual': 'compliant', 'no-binary': 'failed',
                 'bad-profile': 'failed', 'down': 'unreachable', **({'rules-refused': 'failed'} if len(hosts) == 7 else {})}, hosts
assert d['summary'] == '$summary' and d['counts']['failed'] == $failed, d['counts']
rows = list(csv.DictReader(open('$f/report/fleet.csv')))
assert rows == d['rows'], 'the CSV is not the JSON rows'
by = lambda h: [r for r in rows if r['host'] == h]
assert len(by('ok')) == 21 and all(r['status'] in ('ok', 'held') for r in by('ok')), by('ok')
drift = [(r['target'], r['knob'], r['expected'], r['actual']) for r in by('drift') if r['status'] == 'drift']
assert ('nvme0n1', 'queue/nomerges', '1', '0') in drift and len(drift) == 8, drift
man = [(r['target'], r['knob'], r['actual']) for r in by('manual') if r['status'] == 'manual']
assert man == [('nvme0n1', 'queue/nomerges', '2')], man
assert [r['status'] for r in by('down')] == ['unreachable'] and 'port 1' in by('down')[0]['reason'], by('down')
assert [r['status'] for r in by('no-binary')] == ['failed'] and 'no such file' in by('no-binary')[0]['reason']
for h in ('no-binary', 'bad-profile', 'down'):
    assert d['rows'][[r['host'] for r in d['rows']].index(h)]['host_status'] == hosts[h]"
fi

# 6. the fleet capture, and advice from it offline
if run 0 "fleet capture" -i "$f/inventory" -e capture_dir="$f/captures" -e fleet_hosts='ok:drift' \
	"$coll/playbooks/fleet_capture.yml"; then
	for h in ok drift; do
		mkdir "$f/unpacked-$h"
		tar -xzf "$f/captures/$h.tar.gz" -C "$f/unpacked-$h" || { echo "FAIL: capture of $h"; fail=1; }
		st advise --profile database --sysroot "$f/$h" && "$STORTUNE" --rules "$data/rules" \
			--profiles "$data/profiles" advise --profile database --sysroot "$f/$h" >"$tmp/want"
		"$STORTUNE" --rules "$data/rules" --profiles "$data/profiles" advise --profile database \
			--sysroot "$f/unpacked-$h" >"$tmp/got" 2>&1
		sed "s|$f/unpacked-$h|$f/$h|g" "$tmp/got" | diff -u "$tmp/want" - ||
			{ echo "FAIL: advice from the capture of $h differs"; fail=1; }
	done
fi
identical "the fleet capture changed the drift host's tree" "$fixture" "$f/drift"

[ ! -e "$top/ansible/ansible_collections/stortune/storage/plugins/filter/__pycache__" ] ||
	{ echo "FAIL: bytecode was written into the checkout"; fail=1; }
[ "$fail" = 0 ] && echo "PASS"
exit $fail
