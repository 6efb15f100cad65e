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
#    apply runs with --remount (without it the mount stays relatime, and
#    verify exits 2 on that drift).  dry-run exits 2, apply 0, verify 0,
#    dry-run again 0, revert 0; then every queue attribute, the mount's
#    options and the vm sysctls are what they were before.
# 2. the same with rules of this test added that do act on loop devices: a
#    switch to mq-deadline, one of its tunables (which exists only after the
#    switch), nr_requests (which a switch resets) and read_ahead_kb.
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

skip() {
	echo "SKIP: $*"
	exit 0
}
[ "$(id -u)" -eq 0 ] || skip "not root"
for c in losetup mkfs.ext4 mount umount truncate; do
	command -v "$c" >/dev/null 2>&1 || skip "$c is missing"
done
losetup -f >/dev/null 2>&1 || skip "no free loop device"

tmp=$(mktemp -d /tmp/stortune-live-XXXXXX) || exit 1
loop=
mnt=$tmp/mnt
mounted=0
q=
vm="dirty_ratio dirty_background_ratio dirty_bytes dirty_background_bytes
dirty_expire_centisecs dirty_writeback_centisecs swappiness"

# vm_snapshot: name=value of each vm sysctl above
vm_snapshot() {
	for f in $vm; do
		printf '%s=%s\n' "$f" "$(cat "/proc/sys/vm/$f" 2>/dev/null)"
	done
}

# saved NAME FILE: the value of NAME in the name=value file FILE
saved() {
	sed -n "s/^$1=//p" "$2"
}

# put FILE VALUE: write VALUE to FILE unless it holds it already
put() {
	[ "$(cat "$1" 2>/dev/null)" = "$2" ] || echo "$2" >"$1" ||
		echo "cleanup: cannot write $2 to $1"
}

# The saved vm sysctls back.  Of a ratio and its bytes twin only one is in
# force (the kernel zeroes the other when one is set): write that one.
restore_vm() {
	[ -s "$tmp/vm.before" ] || return 0
	for f in dirty_expire_centisecs dirty_writeback_centisecs swappiness; do
		put "/proc/sys/vm/$f" "$(saved "$f" "$tmp/vm.before")"
	done
	for kind in dirty dirty_background; do
		b=$(saved "${kind}_bytes" "$tmp/vm.before")
		if [ "$b" != 0 ]; then
			put "/proc/sys/vm/${kind}_bytes" "$b"
		else
			put "/proc/sys/vm/${kind}_ratio" "$(saved "${kind}_ratio" "$tmp/vm.before")"
		fi
	done
}

# The saved queue attributes of the loop device back, the scheduler first:
# switching it resets nr_requests.
restore_queue() {
	if [ -z "$q" ] || [ ! -s "$tmp/queue.saved" ]; then return 0; fi
	sched=$(saved scheduler "$tmp/queue.saved")
	grep -q "\\[$sched\\]" "$q/scheduler" || echo "$sched" >"$q/scheduler" ||
		echo "cleanup: cannot set the scheduler of $loop back to $sched"
	put "$q/read_ahead_kb" "$(saved read_ahead_kb "$tmp/queue.saved")"
	put "$q/nr_requests" "$(saved nr_requests "$tmp/queue.saved")"
}

cleanup() {
	# a second signal must not cut the cleanup short
	trap '' INT TERM HUP
	restore_queue
	restore_vm
	if [ "$mounted" = 1 ]; then
		umount "$mnt" 2>/dev/null || umount -l "$mnt" || echo "cleanup: cannot unmount $mnt"
	fi
	if [ -n "$loop" ]; then
		losetup -d "$loop" || echo "cleanup: cannot detach $loop"
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

vm_snapshot >"$tmp/vm.before"

# 1. the loop device, ext4, mounted
truncate -s 512M "$tmp/disk.img" || exit 1
loop=$(losetup -f --show --direct-io=on "$tmp/disk.img") || { loop=; skip "no free loop device"; }
case $loop in
/dev/loop[0-9]*) ;;
*) echo "losetup gave '$loop'"; loop=; exit 1 ;;
esac
n=${loop#/dev/}
q=/sys/block/$n/queue
{
	printf 'scheduler=%s\n' "$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$q/scheduler")"
	printf 'read_ahead_kb=%s\n' "$(cat "$q/read_ahead_kb")"
	printf 'nr_requests=%s\n' "$(cat "$q/nr_requests")"
} >"$tmp/queue.saved"
mkfs.ext4 -q "$loop" || exit 1
mkdir "$mnt"
mount "$loop" "$mnt" || exit 1
mounted=1
echo "TMP=$tmp: loop device $loop on \$TMP/mnt; saved $(tr '\n' ' ' <"$tmp/queue.saved")"

# queue_snapshot: every readable attribute of the queue (and of the active
# scheduler's iosched/), name=value
queue_snapshot() {
	for f in "$q"/* "$q"/iosched/*; do
		if [ ! -f "$f" ] || [ ! -r "$f" ]; then continue; fi
		v=$(cat "$f" 2>/dev/null) || continue
		printf '%s=%s\n' "${f#"$q"/}" "$v"
	done
}

# mount_options: the per-mount and the superblock options of $mnt
mount_options() {
	awk -v m="$mnt" '$5 == m {
		for (i = 7; $i != "-"; i++) ;
		print "mount " $6; print "super " $(i + 3)
	}' /proc/self/mountinfo
}

# same LABEL BEFORE AFTER: two snapshots are equal
same() {
	if ! diff -u "$2" "$3"; then
		echo "FAIL: $1"; fail=1
	fi
}

# live CODE ARGS...: stortune ARGS, exits CODE; prints the command ($tmp
# shown as $TMP), its stdout, then its stderr, and the exit status
# as_before WHAT: the queue, mount options and vm sysctls are as the
# snapshots taken before the apply
as_before() {
	queue_snapshot >"$tmp/queue.after"
	same "$1: the queue of $n differs from before apply" "$tmp/queue.before" \
		"$tmp/queue.after"
	mount_options >"$tmp/mount.after"
	same "$1: the options of $mnt differ from before apply" "$tmp/mount.before" \
		"$tmp/mount.after"
	vm_snapshot >"$tmp/vm.after"
	same "$1: vm sysctls changed" "$tmp/vm.before" "$tmp/vm.after"
}

live() {
	code=$1
	shift
	echo
	echo "\$ stortune $*" | sed "s|$tmp|\$TMP|g"
	"$STORTUNE" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	cat "$tmp/out" "$tmp/err"
	echo "(exit $rc)"
	if [ "$rc" -ne "$code" ]; then
		echo "FAIL: stortune $1 ... exited $rc, expected $code"; fail=1
		return 1
	fi
	return 0
}

# A private copy of rules/ and profiles/: as root, stortune refuses rule
# directories that others can write, and a checkout's modes follow its umask.
umask 022
mkdir "$tmp/data"
cp -R "$top/rules" "$top/profiles" "$tmp/data/"
chmod -R go-w "$tmp/data"
data="--rules $tmp/data/rules --profiles $tmp/data/profiles"

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

# Part 2: rules of this test that act on loop devices.  read_expire is 100,
# not the shipped rule's 250: the kernel keeps it in jiffies, and at HZ=250
# 250 ms reads back as 252.
echo
echo "== with rules for loop devices added (tests/t_apply_live.sh)"
# relatime again, should the revert above have failed ("atime" first: libmount
# adds the current options, and with noatime among them relatime alone is lost)
mount -o remount,atime,relatime "$mnt"
cat >"$tmp/data/rules/zz-live-loop.ini" <<'EOF'
[live-loop-mq-deadline]
summary = test: mq-deadline on {device.name}
why = tests/t_apply_live.sh: a scheduler switch on a real request queue.
scope = device
when = device.class == "loop" && device.leaf && "mq-deadline" in device.schedulers
set = queue/scheduler
value = "mq-deadline"
source = Linux Documentation/block/queue-sysfs.rst (scheduler)

[live-loop-read-expire]
summary = test: read_expire 100 on {device.name}
why = tests/t_apply_live.sh: a tunable of a scheduler that the same apply selects.
scope = device
when = device.class == "loop" && device.leaf && "mq-deadline" in device.schedulers
set = queue/iosched/read_expire
value = 100
source = Linux Documentation/block/deadline-iosched.rst (read_expire)

[live-loop-nr-requests]
summary = test: 64 requests on {device.name}
why = tests/t_apply_live.sh: a queue attribute that a scheduler switch resets.
scope = device
when = device.class == "loop" && device.leaf
set = queue/nr_requests
value = 64
source = Linux Documentation/block/queue-sysfs.rst (nr_requests)

[live-loop-read-ahead]
summary = test: read ahead 64 KiB on {device.name}
why = tests/t_apply_live.sh: a plain queue attribute.
scope = device
when = device.class == "loop" && device.has_queue
set = queue/read_ahead_kb
value = 64KiB
source = Linux Documentation/block/queue-sysfs.rst (read_ahead_kb)
EOF
chmod go-w "$tmp/data/rules/zz-live-loop.ini"
queue_snapshot >"$tmp/queue.before"
mount_options >"$tmp/mount.before"
st="$data --state-dir $tmp/state2"
db="apply --profile database $st"
# without --remount: the mount stays as it is, and verify exits 2 on it
# shellcheck disable=SC2086
live 2 $db --dry-run "$n"
# shellcheck disable=SC2086
live 0 $db "$n"
got="$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$q/scheduler") $(cat "$q/iosched/read_expire" 2>&1)"
got="$got $(cat "$q/nr_requests") $(cat "$q/read_ahead_kb")"
[ "$got" = "mq-deadline 100 64 64" ] ||
	{ echo "FAIL: scheduler read_expire nr_requests read_ahead_kb: $got"; fail=1; }
# shellcheck disable=SC2086
if live 2 verify --profile database $st "$n"; then
	for k in scheduler iosched/read_expire nr_requests read_ahead_kb; do
		grep -q "^$n  *queue/$k  .* ok\$" "$tmp/out" ||
			{ echo "FAIL: verify: queue/$k is not ok"; fail=1; }
	done
	grep -q ' 0 manual, 0 unsupported, ' "$tmp/out" || { echo "FAIL: verify: not all ok"; fail=1; }
	if grep -v -e "^$mnt  *mount:atime " -e ': drift$' "$tmp/out" | grep -q ' drift$'; then
		echo "FAIL: verify: drift other than the mount's atime"; fail=1
	fi
fi
# shellcheck disable=SC2086
live 0 $db --dry-run "$n"
# shellcheck disable=SC2086
live 0 revert $st
as_before "apply and revert"

[ "$fail" = 0 ] && echo "PASS"
exit $fail
