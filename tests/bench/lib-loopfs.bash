# shellcheck shell=bash
# lib-loopfs.bash - what the bash scripts that measure on a loop device
# share (bench-fio.sh, bench-observe.sh, tests/observe/record.sh): making
# the scratch filesystem, running a command so that a signal is handled at
# once, and taking it all down again, whatever happened.
#
# The sourcing script sets PROG, warn() and die(), WORK (its temp dir),
# IMG (the backing file) and MNT; loopfs_make sets LOOP (/dev/loopN), DEV
# (loopN) and DIO (its loop/dio: 1 when direct I/O is on).  Any may be empty when the EXIT trap runs.  That trap stops
# the script's own processes (CHILD, loopfs_run's, among them) and calls
# loopfs_release; INT, TERM and HUP go to loopfs_interrupted, which exits
# so that the EXIT trap runs.

# loopfs_make SIZE [FS_SIZE]: IMG made sparse (truncate's SIZE), attached
# with direct I/O (else O_DIRECT is served from the page cache), ext4 on
# FS_SIZE of it (mkfs's size; default all) mounted on MNT.  No lazy init:
# ext4lazyinit would write the inode tables in the background, into what
# is measured.
loopfs_make() {
	truncate -s "$1" "$IMG" || die "truncate $IMG failed"
	LOOP=$(losetup --find --show --direct-io=on "$IMG") || die "losetup --direct-io=on failed"
	DEV=${LOOP#/dev/}
	DIO=$(cat "/sys/block/$DEV/loop/dio" 2>/dev/null || echo '?')
	[[ $DIO == 1 ]] ||
		warn "$LOOP: direct I/O is off (loop/dio=$DIO): O_DIRECT is served from the page cache"
	# shellcheck disable=SC2086 # ${2:-} is one word or none
	mkfs.ext4 -q -F -E nodiscard,lazy_itable_init=0,lazy_journal_init=0 "$LOOP" ${2:-} >/dev/null ||
		die "mkfs.ext4 $LOOP failed"
	mkdir -p "$MNT"
	mount -t ext4 "$LOOP" "$MNT" || die "mount $LOOP $MNT failed"
}

# loopfs_run OUT ERR CMD...: CMD in the background as CHILD, waited for,
# so that a signal reaches the trap at once (background commands of a
# script ignore SIGINT: the EXIT trap stops CHILD with SIGTERM).
loopfs_run() {
	local out=$1 err=$2 rc=0
	shift 2
	"$@" >"$out" 2>"$err" &
	CHILD=$!
	wait "$CHILD" || rc=$?
	CHILD=''
	return "$rc"
}

# Unmounts MNT (retrying while something still holds it), detaches LOOP if
# its backing file is still IMG (never another's device), and removes WORK,
# unless MNT is still mounted, which would remove the filesystem's files.
loopfs_release() {
	if [[ -n $MNT ]] && mountpoint -q "$MNT"; then
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			umount "$MNT" 2>/dev/null && break
			sleep 0.5
		done
		mountpoint -q "$MNT" &&
			warn "could not unmount $MNT; remove it by hand: umount $MNT; losetup -d $LOOP"
	fi
	if [[ -n $MNT ]] && mountpoint -q "$MNT"; then
		return 0
	fi
	if [[ -n $LOOP ]] &&
		[[ -z $IMG || $(cat "/sys/block/${LOOP#/dev/}/loop/backing_file" 2>/dev/null) == "$IMG" ]]; then
		losetup -d "$LOOP" 2>/dev/null || warn "losetup -d $LOOP failed"
	fi
	if [[ -n $WORK ]]; then
		rm -rf -- "$WORK"
	fi
}

# shellcheck disable=SC2317 # a trap calls it
loopfs_interrupted() {
	printf '\n%s: interrupted, cleaning up\n' "$PROG" >&2
	exit 130
}
