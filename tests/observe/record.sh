#!/usr/bin/env bash
# record.sh OUTDIR
#
# Records the /proc/diskstats sequences in tests/observe/ (format: see the
# README there): database.rec, backup.rec, log.rec, file-server.rec and
# idle.rec, written into OUTDIR.  Run as root, on an otherwise quiet machine:
#
#   sudo tests/observe/record.sh tests/observe
#
# The workloads run with fio in an ext4 filesystem on a loop device
# (losetup --direct-io=on) over a sparse 1 GiB file in $TMPDIR (default
# /tmp), made for this run and removed at exit, on success, failure, Ctrl-C
# or SIGTERM alike.  Nothing else is touched: no real disk's settings, no
# other loop device, no other mount.
#
# The samples are taken by "stortune observe --record" (STORTUNE, default
# ./stortune of this tree): the machine's devices as probed, then SAMPLES
# samples INTERVAL seconds apart, the first RAMP seconds after the load
# started, all taken while fio is still running.
#
# Environment: SAMPLES (default 14), INTERVAL (seconds, default 1), RAMP
# (seconds, default 2), TMPDIR, STORTUNE.
set -euo pipefail

PROG=${0##*/}
SAMPLES=${SAMPLES:-14}
INTERVAL=${INTERVAL:-1}
RAMP=${RAMP:-2}

warn() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() {
	warn "$*"
	exit 1
}

[[ $# -eq 1 ]] || {
	awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
	exit 2
}
OUTDIR=$1
[[ $(id -u) -eq 0 ]] || die "needs root: it sets up a loop device and mounts it"
STORTUNE=${STORTUNE:-$(dirname "${BASH_SOURCE[0]}")/../../stortune}
[[ -x $STORTUNE ]] || die "$STORTUNE not found: run make first, or set STORTUNE"
for c in fio python3 losetup mkfs.ext4 mount umount mountpoint truncate sync; do
	command -v "$c" >/dev/null || die "$c not found (apt-get install -y fio?)"
done
[[ $SAMPLES =~ ^[0-9]+$ && $SAMPLES -ge 2 ]] || die "SAMPLES must be a number >= 2"
[[ $RAMP =~ ^[0-9]+$ ]] || die "RAMP must be whole seconds"
mkdir -p "$OUTDIR"

# shellcheck source=tests/bench/lib-loopfs.bash
. "$(dirname "${BASH_SOURCE[0]}")/../bench/lib-loopfs.bash"
WORK='' IMG='' LOOP='' MNT='' CHILD='' SAMPLER=''

cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	local p
	for p in "$SAMPLER" "$CHILD"; do
		[[ -n $p ]] || continue
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	loopfs_release
	rm -f -- "$OUTDIR"/.*.rec.tmp 2>/dev/null || true
	exit "$rc"
}
trap cleanup EXIT
trap loopfs_interrupted INT TERM HUP

WORK=$(mktemp -d "${TMPDIR:-/tmp}/stortune-observe.XXXXXX")
IMG=$WORK/img
MNT=$WORK/mnt
loopfs_make 1G
LOOPNAME=$DEV
# the tests replay the recordings' loop0
[[ $LOOPNAME == loop0 ]] || warn "got $LOOPNAME, not loop0: tests/test_observe.c and t_observe.sh name loop0"

# --- sampler ---------------------------------------------------------------

# sample OUT: SAMPLES samples INTERVAL s apart, starting now, written by
# stortune observe --record (the machine's topology as probed, every
# device's diskstats line), then appended to OUT (the header); in the
# background and waited for, so that a signal is handled at once
sample() {
	local rc=0
	"$STORTUNE" observe --interval "$INTERVAL" --count "$((SAMPLES - 1))" --json \
		--record "$1.body" "$LOOPNAME" >/dev/null &
	SAMPLER=$!
	wait "$SAMPLER" || rc=$?
	SAMPLER=''
	[[ $rc -eq 0 ]] || die "stortune observe --record failed"
	cat -- "$1.body" >>"$1"
	rm -f -- "$1.body"
}

# --- recording ---------------------------------------------------------------

KERNEL=$(uname -r)

header() { # OUT WHAT [FIO-CMD...]
	local out=$1 what=$2
	shift 2
	{
		printf '# %s\n' "$what"
		if [[ $# -gt 0 ]]; then
			printf '# fio command:\n#   %q' "$1"
			printf ' %q' "${@:2}"
			printf '\n# (the file was laid out first by the same command with --create_only=1 in front)\n'
		fi
		printf '# kernel %s, recorded %s by tests/observe/record.sh\n' "$KERNEL" "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
		if [[ $# -gt 0 ]]; then
			printf '# %s samples %s s apart, the first %s s after fio started\n' "$SAMPLES" "$INTERVAL" "$RAMP"
		else
			printf '# %s samples %s s apart\n' "$SAMPLES" "$INTERVAL"
		fi
	} >"$out"
}

# settle: drop the files of the previous run, write back, let the device go quiet
settle() {
	rm -rf -- "${MNT:?}"/*
	sync -f "$MNT"
	fstrim "$MNT" 2>/dev/null || true
	sync
	udevadm settle 2>/dev/null || true
	sleep 3
}

# bg CMD...: runs CMD in the background as CHILD
bg() {
	"$@" &
	CHILD=$!
}
wait_child() {
	local rc=0
	wait "$CHILD" || rc=$?
	CHILD=''
	return "$rc"
}

# loop_quiet FILE: true if the loop device did no I/O between the samples
loop_quiet() {
	python3 - "$1" "$LOOPNAME" <<'PY'
import sys
first = last = None
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) > 10 and f[0].isdigit() and f[2] == sys.argv[2]:
        first = first or f
        last = f
sys.exit(0 if first and int(last[3]) + int(last[7]) == int(first[3]) + int(first[7]) else 1)
PY
}

record_fio() { # NAME WHAT FIO-ARGUMENT...: fio's global options, then --name=JOB and its options, for each job
	local name=$1 what=$2 tmp runtime
	shift 2
	runtime=$(python3 -c "import math; print(int(math.ceil($RAMP + ($SAMPLES - 1) * $INTERVAL)) + 3)")
	local common=(--filename="$MNT/$name.dat" --time_based --runtime="$runtime" --eta=never)
	tmp=$OUTDIR/.$name.rec.tmp
	printf '%s: %s\n' "$PROG" "$name: laying out"
	settle
	bg fio --output="$WORK/$name.layout" --create_only=1 "${common[@]}" "$@" 2>"$WORK/$name.layout.err"
	wait_child || die "$name: fio layout failed: $(cat "$WORK/$name.layout"* 2>/dev/null)"
	sync
	sleep 2
	header "$tmp" "$what" fio "${common[@]}" "$@"
	printf '%s: %s\n' "$PROG" "$name: running fio ${runtime}s, sampling"
	bg fio --output="$WORK/$name.fio" "${common[@]}" "$@" 2>"$WORK/$name.err"
	sleep "$RAMP"
	kill -0 "$CHILD" 2>/dev/null || die "$name: fio exited early: $(cat "$WORK/$name".{fio,err} 2>/dev/null)"
	sample "$tmp"
	kill -0 "$CHILD" 2>/dev/null || die "$name: fio ended before the last sample; raise its runtime"
	wait_child || die "$name: fio failed: $(cat "$WORK/$name".{fio,err} 2>/dev/null)"
	{
		printf "# fio's summary of the whole run (ramp included):\n"
		grep -E '^ *(READ|WRITE): ' "$WORK/$name.fio" | sed 's/^ */#   /'
	} >>"$tmp"
	mv -- "$tmp" "$OUTDIR/$name.rec"
}

# Something outside this script (udev, blkid, lsblk -f run by someone else)
# may read the new device now and then: the idle recording is taken again,
# up to 5 times, until the loop device did no I/O at all.
record_idle() {
	local tmp=$OUTDIR/.idle.rec.tmp try
	for try in 1 2 3 4 5; do
		printf '%s: %s\n' "$PROG" "idle: sampling (try $try)"
		settle
		header "$tmp" "idle: $LOOPNAME holds a mounted ext4 filesystem on which nothing runs (the other disks show whatever the machine does meanwhile)"
		sample "$tmp"
		loop_quiet "$tmp" && break
		[[ $try -lt 5 ]] || warn "idle: $LOOPNAME was never quite idle; keeping the last try"
	done
	mv -- "$tmp" "$OUTDIR/idle.rec"
}

# idle first, while the new filesystem is quiet
record_idle

# Readers and a writer, both rate-limited so that the mix holds whatever the
# machine's speed.  The writer asks for an fdatasync every 8 writes; fio 3.33
# issues about one per 4 at queue depth 2.  Each fdatasync reaches the loop
# device as one flush and one zero-sector write (both counted), which pulls
# the device's average request size and read share a little below 8 KiB and
# 70%.
record_fio database "database: random 8 KiB O_DIRECT reads (3500/s, queue depth 6) and writes (1500/s, queue depth 2, fdatasync every 8 writes) on one 256 MiB file" \
	--size=256M --bs=8k --direct=1 --ioengine=io_uring \
	--name=reads --rw=randread --iodepth=6 --rate_iops=3500 \
	--name=writes --rw=randwrite --iodepth=2 --rate_iops=1500 --fdatasync=8

record_fio backup "backup: sequential 1 MiB O_DIRECT writes, queue depth 4, no fsync" \
	--name=backup --size=640M --rw=write --bs=1M --direct=1 --ioengine=io_uring --iodepth=4

record_fio log "log: 512-byte buffered appends, each followed by fsync" \
	--name=log --size=256M --rw=write --bs=512 --fsync=1 --direct=0 --file_append=1 \
	--fallocate=keep --ioengine=psync

record_fio file-server "file server: random 64 KiB and 128 KiB reads and writes (half each), 70% reads, O_DIRECT, queue depth 4, no fsync" \
	--name=file-server --size=512M --rw=randrw --rwmixread=70 --bssplit=64k/50:128k/50 --direct=1 \
	--ioengine=io_uring --iodepth=4

printf '%s: wrote %s/{idle,database,backup,log,file-server}.rec\n' "$PROG" "$OUTDIR"
