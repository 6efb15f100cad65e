# shellcheck shell=bash
# lib-loopfs.bash - what the bash scripts that measure on a loop device
# share (bench-fio.sh, bench-observe.sh, tests/observe/record.sh): taking
# the scratch filesystem down again, whatever happened.
#
# The sourcing script sets PROG and warn(), and WORK (its temp dir), IMG
# (the backing file), LOOP (/dev/loopN) and MNT as it makes them; any may be
# empty.  Its EXIT trap stops its own processes and calls loopfs_release;
# INT, TERM and HUP go to loopfs_interrupted, which exits so that the EXIT
# trap runs.

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
