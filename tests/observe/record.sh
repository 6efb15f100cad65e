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
# Each file declares the loop device and the disk under $TMPDIR (with its
# partitions, or its dm/md members), and holds SAMPLES samples INTERVAL
# seconds apart, the first RAMP seconds after the load started, all taken
# while fio is still running.
#
# Environment: SAMPLES (default 14), INTERVAL (seconds, default 1), RAMP
# (seconds, default 2), TMPDIR.
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
for c in fio python3 losetup mkfs.ext4 mount umount mountpoint findmnt truncate sync; do
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
mkdir "$MNT"
truncate -s 1G "$IMG"
LOOP=$(losetup --find --show --direct-io=on "$IMG") || die "losetup --direct-io=on failed"
LOOPNAME=${LOOP#/dev/}
# no lazy init: ext4lazyinit would write to the device while we record
mkfs.ext4 -q -F -E nodiscard,lazy_itable_init=0,lazy_journal_init=0 "$LOOP" >/dev/null
mount -t ext4 "$LOOP" "$MNT"

# --- topology --------------------------------------------------------------

# the whole disk of a partition, else the name itself
whole_disk() {
	if [[ -e /sys/class/block/$1/partition ]]; then
		basename "$(dirname "$(readlink -f "/sys/class/block/$1")")"
	else
		printf '%s\n' "$1"
	fi
}

dev_kind() {
	local n=$1
	case $n in
	loop*) echo loop ;;
	zram*) echo zram ;;
	md*) echo md ;;
	dm-*) echo dm ;;
	sr*) echo rom ;;
	*) if [[ -e /sys/class/block/$n/partition ]]; then echo part; else echo disk; fi ;;
	esac
}

dev_class() {
	local n=$1 d drv
	case $(dev_kind "$n") in
	loop | zram | md | dm | rom) dev_kind "$n"; return ;;
	esac
	d=$(whole_disk "$n")
	drv=$(basename "$(readlink -f "/sys/block/$d/device/driver" 2>/dev/null)" 2>/dev/null || true)
	case $d in
	nvme*) echo nvme ;;
	vd* | xvd*) echo virtual ;;
	nbd* | rbd* | drbd*) echo network ;;
	*)
		if [[ $drv == virtio* || $drv == xen* || $drv == vbd ]]; then
			echo virtual
		else
			case $(cat "/sys/block/$d/queue/rotational" 2>/dev/null) in
			1) echo hdd ;;
			0) echo ssd ;;
			*) echo unknown ;;
			esac
		fi
		;;
	esac
}

declare -A DEVS=()
add_dev() { # NAME: it, its whole disk and all that disk's partitions, its members
	local n=$1 d p s
	[[ -n $n && -e /sys/class/block/$n ]] || return 0
	[[ -n ${DEVS[$n]:-} ]] && return 0
	DEVS[$n]=1
	d=$(whole_disk "$n")
	[[ $d != "$n" ]] && add_dev "$d"
	for p in "/sys/block/$d/$d"*; do
		[[ -e $p/partition ]] && add_dev "${p##*/}"
	done
	for s in "/sys/class/block/$n/slaves/"*; do
		[[ -e $s ]] && add_dev "${s##*/}"
	done
	return 0
}

# the disk the image lives on: the loop device's I/O lands there
src_majmin=$(findmnt -no MAJ:MIN -T "$WORK" | head -n1 | tr -d ' ')
if [[ -n $src_majmin && -e /sys/dev/block/$src_majmin ]]; then
	add_dev "$(basename "$(readlink -f "/sys/dev/block/$src_majmin")")"
else
	warn "$WORK is not on a block device; recording the loop device only"
fi
add_dev "$LOOPNAME"

# dev lines, in /proc/diskstats order
DEVLINES=$(
	while read -r maj min name _; do
		[[ -n $name && -n ${DEVS[$name]:-} ]] || continue
		line="dev $name $maj:$min $(dev_kind "$name") $(dev_class "$name")"
		[[ $(dev_kind "$name") == part ]] && line+=" disk=$(whole_disk "$name")"
		case $(dev_kind "$name") in
		md | dm)
			sl=''
			for s in "/sys/class/block/$name/slaves/"*; do
				[[ -e $s ]] && sl+=${sl:+,}${s##*/}
			done
			[[ -n $sl ]] && line+=" slaves=$sl"
			;;
		esac
		printf '%s\n' "$line"
	done <<<"$(cat /proc/diskstats)"
)
DEVNAMES=$(printf '%s\n' "$DEVLINES" | awk '{print $2}')

# --- sampler ---------------------------------------------------------------

# sample OUT: appends SAMPLES samples to OUT, INTERVAL s apart, starting now
# (in the background, waited for, so that a signal is handled at once)
sample() {
	# shellcheck disable=SC2086
	python3 - "$1" "$SAMPLES" "$INTERVAL" $DEVNAMES <<'PY' &
import sys, time

out, count, interval = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
names = set(sys.argv[4:])

def psi():
    try:
        with open("/proc/pressure/io") as f:
            tot = {}
            for line in f:
                kind, *kv = line.split()
                tot[kind] = dict(x.split("=", 1) for x in kv)["total"]
        return "psi %s %s\n" % (tot["some"], tot["full"])
    except (OSError, KeyError):
        return ""

def vm():
    v = {}
    with open("/proc/vmstat") as f:
        for line in f:
            k, _, n = line.partition(" ")
            if k in ("nr_dirty", "nr_writeback"):
                v[k] = int(n)
    if len(v) < 2:
        return ""
    return "vm %d %d\n" % (v["nr_dirty"] * 4, v["nr_writeback"] * 4)

with open(out, "a") as o:
    t0 = time.monotonic()
    for i in range(count):
        delay = t0 + i * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        now = time.monotonic()
        with open("/proc/diskstats") as f:
            ds = f.read()
        p, v = psi(), vm()
        o.write("@ %.6f\n" % now + p + v)
        for line in ds.splitlines(True):
            f = line.split()
            if len(f) >= 3 and f[2] in names:
                o.write(line)
        o.flush()
PY
	SAMPLER=$!
	local rc=0
	wait "$SAMPLER" || rc=$?
	SAMPLER=''
	return "$rc"
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
		printf 'stortune-observe-recording 1\n'
		printf '%s\n' "$DEVLINES"
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
