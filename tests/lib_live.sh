# shellcheck shell=sh
# shellcheck disable=SC2317 # the cleanup functions run from the trap
# Set-up the live tests share (t_apply_live.sh, t_bench_live.sh,
# t_validate_live.sh): as root, a
# loop device on a sparse file in a temp dir ($tmp), with --direct-io=on so
# that O_DIRECT reaches the backing disk, ext4, mounted on $tmp/mnt.  The
# trap on exit puts back the loop device's scheduler, read_ahead_kb and
# nr_requests and the vm sysctls, then unmounts, detaches the loop device and
# removes the temp dir.  Skips (exit 0, "SKIP: ...") without root, losetup,
# mkfs.ext4 or a free loop device.
#
# Sourced after lib.sh with $top and fail=0 set; LIVE_SIZE is the backing
# file's size (default 512M).  Gives $loop, $n (its name), $q (its queue
# directory), $mnt, $data (--rules/--profiles options naming private copies),
# and the functions live, queue_snapshot, vm_snapshot, as_before, saved.

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
truncate -s "${LIVE_SIZE:-512M}" "$tmp/disk.img" || exit 1
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

# loop_rules: rules of the live tests that act on loop devices, in the
# private rules directory: a switch to mq-deadline, one of its tunables
# (which exists only after the switch), nr_requests (which a switch resets)
# and read_ahead_kb.  read_expire is 100, not a shipped rule's 250: the
# kernel keeps it in jiffies, and at HZ=250 250 ms reads back as 252.
loop_rules() {
	cat >"$tmp/data/rules/zz-live-loop.ini" <<'EOF'
[live-loop-mq-deadline]
summary = test: mq-deadline on {device.name}
why = the live tests: a scheduler switch on a real request queue.
scope = device
when = device.class == "loop" && device.leaf && "mq-deadline" in device.schedulers
set = queue/scheduler
value = "mq-deadline"
source = Linux Documentation/block/queue-sysfs.rst (scheduler)

[live-loop-read-expire]
summary = test: read_expire 100 on {device.name}
why = the live tests: a tunable of a scheduler that the same apply selects.
scope = device
when = device.class == "loop" && device.leaf && "mq-deadline" in device.schedulers
set = queue/iosched/read_expire
value = 100
source = Linux Documentation/block/deadline-iosched.rst (read_expire)

[live-loop-nr-requests]
summary = test: 64 requests on {device.name}
why = the live tests: a queue attribute that a scheduler switch resets.
scope = device
when = device.class == "loop" && device.leaf
set = queue/nr_requests
value = 64
source = Linux Documentation/block/queue-sysfs.rst (nr_requests)

[live-loop-read-ahead]
summary = test: read ahead 64 KiB on {device.name}
why = the live tests: a plain queue attribute.
scope = device
when = device.class == "loop" && device.has_queue
set = queue/read_ahead_kb
value = 64KiB
source = Linux Documentation/block/queue-sysfs.rst (read_ahead_kb)
EOF
	chmod go-w "$tmp/data/rules/zz-live-loop.ini"
}
