#!/bin/sh
# shellcheck disable=SC2317 # the cleanup functions run from the trap
# apply, verify and revert on the live kernel, as root, on a loop device this
# test makes (a sparse file in a temp dir, ext4, mounted on a temp dir); no
# other device is touched.  The state directory is in the temp dir, and the
# device argument keeps system sysctls out of the plan.  The commands' output
# is printed for the test log.
#
# 1. the database profile with the shipped rules: for a loop device they
#    change nothing on the queue; the one change is noatime on the mount, so
#    apply runs with --remount (without it the mount stays relatime, which
#    verify reports as held).  dry-run exits 2, apply 0, verify 0, dry-run
#    again 0, revert 0; then every queue attribute, the mount's options and
#    the vm sysctls are what they were before.
# 2. the same with rules of this test added that do act on loop devices: a
#    switch to mq-deadline, one of its tunables (which exists only after the
#    switch), nr_requests (which a switch resets) and read_ahead_kb.
# 3. the lifecycle with those rules: apply (the mount option held), apply
#    --remount on top, then verify and status without --profile or DEVICE
#    (the newest journal's profile and device) exit 0 and status --json lists
#    both journals; revert --all undoes both, newest first, and everything
#    is as before.
#
# Skips (exit 0, "SKIP: ..." on stdout) without root, losetup, mkfs.ext4 or a
# free loop device.  The trap on exit puts back what it saved: the loop
# device's scheduler, read_ahead_kb and nr_requests and the vm sysctls, then
# unmounts, detaches the loop device and removes the temp dir.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
top=${STORTUNE_TOP:-$(pwd)}
fail=0

. "$top/tests/lib.sh"
. "$top/tests/lib_live.sh"


queue_snapshot >"$tmp/queue.before"
mount_options >"$tmp/mount.before"
grep -q '^mount .*relatime' "$tmp/mount.before" ||
	{ echo "FAIL: $mnt is not mounted relatime:"; cat "$tmp/mount.before"; fail=1; }

# 2. apply (after a dry run), with --remount: noatime is the database
# profile's only change on a loop device
st="$data --state-dir $tmp/state"
db="apply --profile database $st"
# shellcheck disable=SC2086
if live 2 $db --remount --dry-run "$n" &&
	! grep -q "^$mnt  *mount:atime  *relatime -> noatime  *(rule mount-noatime)\$" "$tmp/out"
then
	echo "FAIL: the dry run does not plan noatime for $mnt"; fail=1
fi
# shellcheck disable=SC2086
live 0 $db --remount "$n"
vm_snapshot >"$tmp/vm.after"
same "apply $n changed vm sysctls" "$tmp/vm.before" "$tmp/vm.after"
mount_options >"$tmp/mount.applied"
grep -q '^mount .*noatime' "$tmp/mount.applied" ||
	{ echo "FAIL: apply --remount: $mnt is not noatime:"; cat "$tmp/mount.applied"; fail=1; }
queue_snapshot >"$tmp/queue.applied"
same "apply changed the queue of $n" "$tmp/queue.before" "$tmp/queue.applied"

# 3. verify: compliant
# shellcheck disable=SC2086
live 0 verify --profile database $st "$n"

# 4. nothing left to apply
# shellcheck disable=SC2086
if live 0 $db --remount --dry-run "$n" && ! grep -q '^0 changes pending' "$tmp/out"; then
	echo "FAIL: the second dry run plans changes"; fail=1
fi

# 5. revert: the queue, the mount options and the vm sysctls as before
# shellcheck disable=SC2086
live 0 revert $st
as_before revert

# Part 2: the rules of lib_live.sh that act on loop devices (loop_rules).
echo
echo "== with rules for loop devices added (tests/t_apply_live.sh)"
# relatime again, should the revert above have failed ("atime" first: libmount
# adds the current options, and with noatime among them relatime alone is lost)
mount -o remount,atime,relatime "$mnt"
loop_rules
queue_snapshot >"$tmp/queue.before"
mount_options >"$tmp/mount.before"
st="$data --state-dir $tmp/state2"
db="apply --profile database $st"
# without --remount: the mount stays as it is, and verify reports it held
# shellcheck disable=SC2086
live 2 $db --dry-run "$n"
# shellcheck disable=SC2086
live 0 $db "$n"
got="$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$q/scheduler") $(cat "$q/iosched/read_expire" 2>&1)"
got="$got $(cat "$q/nr_requests") $(cat "$q/read_ahead_kb")"
[ "$got" = "mq-deadline 100 64 64" ] ||
	{ echo "FAIL: scheduler read_expire nr_requests read_ahead_kb: $got"; fail=1; }
# shellcheck disable=SC2086
if live 0 verify --profile database $st "$n"; then
	for k in scheduler iosched/read_expire nr_requests read_ahead_kb; do
		grep -q "^$n  *queue/$k  .* ok\$" "$tmp/out" ||
			{ echo "FAIL: verify: queue/$k is not ok"; fail=1; }
	done
	grep -q ' 0 drift, .* 0 manual, 0 unsupported, ' "$tmp/out" ||
		{ echo "FAIL: verify: not all ok"; fail=1; }
	grep -q "^$mnt  *mount:atime .* held: mount options change with --remount\$" "$tmp/out" ||
		{ echo "FAIL: verify: the mount's atime is not held"; fail=1; }
fi
# shellcheck disable=SC2086
live 2 verify --strict --profile database $st "$n"
# shellcheck disable=SC2086
live 0 $db --dry-run "$n"
# shellcheck disable=SC2086
live 0 revert $st
as_before "apply and revert"

# Part 3: the lifecycle, two applies on the one device
echo
echo "== lifecycle: apply, apply --remount, verify and status without --profile, revert --all"
mount -o remount,atime,relatime "$mnt"
queue_snapshot >"$tmp/queue.before"
mount_options >"$tmp/mount.before"
st="$data --state-dir $tmp/state3"
# shellcheck disable=SC2086
live 0 apply --profile database $st "$n"
# shellcheck disable=SC2086
live 0 verify $st && grep -q "^profile database (applied: journal-000001.json)\$" "$tmp/out" ||
	{ echo "FAIL: verify without --profile did not take the journal's"; fail=1; }
if grep -q -e '^vda' -e '^system ' "$tmp/out"; then
	echo "FAIL: verify without DEVICE checked more than the apply's $n"; fail=1
fi
# shellcheck disable=SC2086
live 0 apply --profile database --remount $st "$n"
mount_options | grep -q '^mount .*noatime' || { echo "FAIL: apply --remount: not noatime"; fail=1; }
# shellcheck disable=SC2086
live 0 verify $st
# shellcheck disable=SC2086
live 0 status $st
# shellcheck disable=SC2086
if live 0 status --json $st && command -v python3 >/dev/null 2>&1; then
	python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
js = [(j['journal'], j['profile'], j['phase'], j['devices']) for j in d['journals']]
assert js == [(2, 'database', 'applied', ['$n']), (1, 'database', 'applied', ['$n'])], js
assert d['journals'][1]['items'] == 4 and d['journals'][0]['items'] == 1, d['journals']
assert d['profile'] == 'database' and d['journal'] == 2 and d['compliant'] is True, d
assert d['counts']['drift'] == 0 and d['counts']['manual'] == 0, d['counts']" "$tmp/out" ||
		{ echo "FAIL: status --json"; fail=1; }
fi
# shellcheck disable=SC2086
live 0 revert --all $st
grep -q '^reverting journal-000002.json' "$tmp/out" && grep -q '^reverting journal-000001.json' "$tmp/out" ||
	{ echo "FAIL: revert --all did not undo both journals"; fail=1; }
as_before "revert --all"
# shellcheck disable=SC2086
live 0 status $st && grep -q '^nothing applied: no active journal$' "$tmp/out" ||
	{ echo "FAIL: status after revert --all"; fail=1; }

[ "$fail" = 0 ] && echo "PASS"
exit $fail
