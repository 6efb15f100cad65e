#!/usr/bin/env bash
# bench-fio.sh [STORTUNE_BIN]
#
# Runs the same jobs with fio and with "stortune bench" on the same kind of
# scratch file and compares them.  Both tools work in one directory: an ext4
# filesystem on a loop device (losetup --direct-io=on) over a sparse file in
# $BENCH_TMPDIR, made for this run and removed at exit, on success, failure,
# Ctrl-C or SIGTERM alike.  Nothing else is touched: no real disk's settings,
# no other loop device, no other mount.
#
# Jobs (stortune workload = fio options):
#   randread-4k-qd1   --ioengine=psync --direct=1 --rw=randread --bs=4k --iodepth=1
#   randread-4k-qd32  --ioengine=io_uring --direct=1 --rw=randread --bs=4k --iodepth=32
#   randwrite-4k-qd1  --ioengine=psync --direct=1 --rw=randwrite --bs=4k --iodepth=1
#   seqread-1m        --ioengine=psync --direct=1 --rw=read --bs=1M --iodepth=1
#   fsync-append-128  --ioengine=psync --direct=0 --rw=write --bs=128 --fsync=1
#                     --file_append=1 --fallocate=keep, on a fresh file each run
#                     (stortune preallocates its append file with
#                     FALLOC_FL_KEEP_SIZE; fio's "keep" does the same)
# and for all: --time_based --runtime=RUNTIME --ramp_time=RAMP, the same file
# size, --norandommap --randrepeat=0 for the random jobs (stortune's offsets
# are uniform random with no map), --lat_percentiles=1 --clat_percentiles=1.
#
# Method: for each job, PAIRS pairs; within a pair the two tools run one after
# the other in random order (coin flip, seeded by SEED).  The table compares
# the medians.  Goals: IOPS and MB/s within +-10% of fio's, p50 latency within
# +-15%, CPU per I/O no higher than fio's.  Each ratio comes with a percentile
# bootstrap 95% interval (2,000 resamples of the pairs, seeded): a miss whose
# interval still reaches the goal is marked "within noise" (more PAIRS would
# tell), one whose interval lies wholly outside it is a real miss.
#
# How the figures line up:
#   - latency: stortune times each I/O from before the syscall (psync) or the
#     submission (io_uring) to its completion; fio's equivalent is lat_ns
#     (slat + clat), hence --lat_percentiles=1.  clat p50 is shown for
#     information.  For fsync-append-128 stortune times write + fsync as one
#     operation; fio reports the write (lat_ns) and the fsync ("sync" lat_ns)
#     apart, so fio's p50 (and p99, and clat p50) is the write's plus the
#     fsync's (an approximation: the median of a sum is not the sum of the
#     medians).
#   - CPU per I/O, fio: (usr_cpu + sys_cpu) / 100 x job_runtime / total I/Os,
#     from the job's JSON: usr_cpu and sys_cpu are percentages of
#     job_runtime (ms) taken from getrusage of the job thread, reset at the
#     end of the ramp; total I/Os = read.total_ios + write.total_ios (the
#     fsyncs of fsync-append-128 are not counted: one I/O is one write and
#     its fsync, as in stortune).  stortune reports cpu_per_io_us itself.
#   - IOPS of fsync-append-128: records (write + fsync) per second for both.
#
# Counts: the diskstats deltas of the loop device against the issued
# operations.  stortune reports them itself (physical.*, read at the end of
# its ramp and at the end of the run).  For fio the script reads
# /proc/diskstats before and after the fio process, which covers fio's ramp
# too while fio counts only after it; so the count check uses separate fio
# runs with --ramp_time=0 (COUNT_RUNS per job, same options otherwise), where
# the delta and fio's counts cover the same I/O.  For the timed fio runs only
# a ratio that does not depend on the ramp is shown: bytes per physical
# request ("KiB/phys request" in the job's table; stortune's is
# physical.avg_request_bytes).  It tells whether the device got the I/O as
# issued: a 1 MiB O_DIRECT read reaches the loop device (max_segments 128,
# max_segment_size 64 KiB) as one request only when the buffer's pages are
# physically contiguous enough, otherwise as two of 512 KiB, which is slower.
#
# Environment:
#   RUNTIME       measured seconds per run (default 10)
#   RAMP          ramp seconds per run (default 2)
#   PAIRS         pairs per job (default 5; fewer is a quick check)
#   SIZE          scratch file size, fio's and stortune's each (default 512M)
#   JOBS          the jobs to run (default: all five above)
#   COUNT_RUNS    fio runs without ramp per job for the counts (default 1)
#   SEED          seed of the run order (default: the time)
#   BENCH_TMPDIR  where the sparse image goes (default /var/tmp)
#   IMG_SIZE      image size (default 2G, or 3.5 x SIZE when that is more)
#   RESULTS       keep the raw JSON and diskstats of every run in this dir
#
# A benchmark, not a test: it prints the tables and a "GOAL MISSED: ..." line
# per goal missed and exits 0.  It is skipped (exit 0) without fio, python3
# or root; it exits non-zero only when it cannot measure.
set -eu -o pipefail

PROG=bench-fio
warn() { printf '%s: WARNING: %s\n' "$PROG" "$*" >&2; }
die() {
	printf '%s: ERROR: %s\n' "$PROG" "$*" >&2
	exit 1
}
skip() {
	printf '%s: SKIPPED: %s\n' "$PROG" "$*"
	exit 0
}

TOP=$(cd "$(dirname "$0")/../.." && pwd)
STORTUNE=${1:-$TOP/build/stortune}
RUNTIME=${RUNTIME:-10}
RAMP=${RAMP:-2}
PAIRS=${PAIRS:-5}
SIZE=${SIZE:-512M}
JOBS=${JOBS:-randread-4k-qd1 randread-4k-qd32 randwrite-4k-qd1 seqread-1m fsync-append-128}
COUNT_RUNS=${COUNT_RUNS:-1}
SEED=${SEED:-$(date +%s)}
BENCH_TMPDIR=${BENCH_TMPDIR:-/var/tmp}
IMG_SIZE=${IMG_SIZE:-}
RESULTS=${RESULTS:-}

# --- can it run here ---------------------------------------------------------

command -v fio >/dev/null 2>&1 || skip "fio is not installed (apt-get install fio)"
command -v python3 >/dev/null 2>&1 || skip "python3 is needed to read the JSON"
[[ $(id -u) -eq 0 ]] || skip "needs root: it sets up a loop device (losetup) and mounts it"
for c in losetup mkfs.ext4 mount umount mountpoint numfmt truncate; do
	command -v "$c" >/dev/null 2>&1 || die "$c not found"
done
[[ -x $STORTUNE ]] || die "not executable: $STORTUNE (run make first)"

isint() { [[ $1 =~ ^[0-9]+$ ]]; }
posint() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
posint "$RUNTIME" || die "RUNTIME=$RUNTIME: whole seconds, at least 1"
isint "$RAMP" || die "RAMP=$RAMP: whole seconds, 0 or more"
posint "$PAIRS" || die "PAIRS=$PAIRS: at least 1"
posint "$COUNT_RUNS" || die "COUNT_RUNS=$COUNT_RUNS: at least 1"
isint "$SEED" || die "SEED=$SEED: a number"
SIZE_B=$(numfmt --from=iec "${SIZE%B}" 2>/dev/null) || die "SIZE=$SIZE: not a size (512M, 1G)"
((SIZE_B >= 64 * 1048576)) || die "SIZE=$SIZE: at least 64M"
SIZE_B=$((SIZE_B / 1048576 * 1048576))
for j in $JOBS; do
	case $j in
	randread-4k-qd1 | randread-4k-qd32 | randwrite-4k-qd1 | seqread-1m | fsync-append-128) ;;
	*) die "JOBS: unknown job $j" ;;
	esac
done
# fio's file stays while stortune runs, and stortune wants twice its
# scratch size free: 3 x SIZE plus ext4's overhead
if [[ -n $IMG_SIZE ]]; then
	IMG_B=$(numfmt --from=iec "${IMG_SIZE%B}" 2>/dev/null) || die "IMG_SIZE=$IMG_SIZE: not a size"
else
	IMG_B=$((SIZE_B * 7 / 2))
	((IMG_B >= 2147483648)) || IMG_B=2147483648
fi
IMG_B=$((IMG_B / 1048576 * 1048576))
((IMG_B >= SIZE_B * 3 + 128 * 1048576)) || die "IMG_SIZE: at least 3 x SIZE + 128M"
[[ -d $BENCH_TMPDIR ]] || die "BENCH_TMPDIR=$BENCH_TMPDIR: not a directory"
avail=$(df -B1 --output=avail "$BENCH_TMPDIR" | tail -n 1 | tr -d ' ') || die "df $BENCH_TMPDIR failed"
((avail > IMG_B + 256 * 1048576)) ||
	die "$BENCH_TMPDIR: $(numfmt --to=iec "$avail") free; the image may grow to $(numfmt --to=iec "$IMG_B")"
if [[ -n $RESULTS ]]; then
	mkdir -p "$RESULTS" || die "RESULTS=$RESULTS: cannot create"
	RESULTS=$(cd "$RESULTS" && pwd)
fi

# --- the scratch filesystem, and its removal ----------------------------------

# shellcheck source=tests/bench/lib-loopfs.bash
. "$(dirname "${BASH_SOURCE[0]}")/lib-loopfs.bash"
WORK='' IMG='' LOOP='' MNT='' CHILD=''
# shellcheck disable=SC2317 # the traps call these
cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	if [[ -n $CHILD ]]; then
		kill -TERM "$CHILD" 2>/dev/null || true
		wait "$CHILD" 2>/dev/null || true
	fi
	loopfs_release
	exit "$rc"
}
trap cleanup EXIT
trap loopfs_interrupted INT TERM HUP

WORK=$(mktemp -d "$BENCH_TMPDIR/stortune-bench-fio.XXXXXX") || die "mktemp -d failed in $BENCH_TMPDIR"
IMG=$WORK/ext4.img
MNT=$WORK/mnt
RES=${RESULTS:-$WORK/results}
mkdir -p "$RES"
loopfs_make "$IMG_B"
mkdir -p "$MNT/fio"
FIO_DATA=$MNT/fio/data
FIO_APPEND=$MNT/fio/append

# --- the jobs -----------------------------------------------------------------

fio_argv() { # JOB RAMP -> ARGV: the whole fio command line
	local job=$1
	ARGV=(fio "--name=$job")
	case $job in
	randread-4k-qd1) ARGV+=("--filename=$FIO_DATA" --ioengine=psync --direct=1 --rw=randread --bs=4k --iodepth=1
		--norandommap --randrepeat=0) ;;
	randread-4k-qd32) ARGV+=("--filename=$FIO_DATA" --ioengine=io_uring --direct=1 --rw=randread --bs=4k --iodepth=32
		--norandommap --randrepeat=0) ;;
	randwrite-4k-qd1) ARGV+=("--filename=$FIO_DATA" --ioengine=psync --direct=1 --rw=randwrite --bs=4k --iodepth=1
		--norandommap --randrepeat=0) ;;
	seqread-1m) ARGV+=("--filename=$FIO_DATA" --ioengine=psync --direct=1 --rw=read --bs=1M --iodepth=1) ;;
	# stortune's append file is a fresh one, preallocated with
	# FALLOC_FL_KEEP_SIZE to the scratch size: --fallocate=keep does the same
	fsync-append-128) ARGV+=("--filename=$FIO_APPEND" --ioengine=psync --direct=0 --rw=write --bs=128 --fsync=1
		--file_append=1 --fallocate=keep) ;;
	esac
	ARGV+=("--size=$SIZE_B" --time_based "--runtime=$RUNTIME" "--ramp_time=$2" --lat_percentiles=1
		--clat_percentiles=1 --percentile_list=50:90:99:99.9 --output-format=json)
}
st_argv() { # JOB -> ARGV
	ARGV=("$STORTUNE" bench --workload "$1" --target "$MNT" --runtime "$RUNTIME" --ramp "$RAMP" --size "$SIZE_B" --json)
}
LAYOUT_ARGV=(fio --name=layout "--filename=$FIO_DATA" "--size=$SIZE_B" --rw=read --bs=1M --ioengine=psync
	--create_only=1 --output-format=json)

diskstats() { # -> the loop device's line of /proc/diskstats
	awk -v d="$DEV" '$3 == d' /proc/diskstats
}

# --- the JSON reader and the report (python3) -----------------------------------

PY=$WORK/bench-fio.py
cat >"$PY" <<'PYEOF'
import json, os, statistics, sys

def load(path):
    with open(path) as f:
        text = f.read()
    i = text.find('{')  # fio may print a note before its JSON
    if i < 0:
        raise SystemExit('%s: no JSON' % path)
    return json.loads(text[i:])

def pct(d, key):
    try:
        return d['percentile'][key] / 1000.0
    except (KeyError, TypeError):
        return None

def fio_fig(path):
    """fio's figures from one run, on stortune's scale."""
    j = load(path)['jobs'][0]
    if j.get('error'):
        raise SystemExit('%s: fio job error %s' % (path, j['error']))
    r, w, s = j['read'], j['write'], j.get('sync') or {}
    ios = r['total_ios'] + w['total_ios']
    rt_s = j['job_runtime'] / 1000.0
    cpu = (j['usr_cpu'] + j['sys_cpu']) / 100.0 * rt_s
    d = r if r['total_ios'] else w
    p50, clat50 = pct(d['lat_ns'], '50.000000'), pct(d['clat_ns'], '50.000000')
    p99 = pct(d['lat_ns'], '99.000000')
    nsync = s.get('total_ios', 0)
    if nsync:  # fsync-append: one I/O = write + fsync
        sp50 = pct(s['lat_ns'], '50.000000')
        sp99 = pct(s['lat_ns'], '99.000000')
        p50 = p50 + sp50 if p50 is not None and sp50 is not None else None
        p99 = p99 + sp99 if p99 is not None and sp99 is not None else None
        clat50 = clat50 + sp50 if clat50 is not None and sp50 is not None else None
    return dict(iops=r['iops'] + w['iops'], mbps=(r['bw_bytes'] + w['bw_bytes']) / 1e6, p50=p50, p99=p99,
                clat50=clat50, cpu=cpu * 1e6 / ios if ios else None, ios=ios,
                bytes=r['io_bytes'] + w['io_bytes'], syncs=nsync)

def st_fig(path):
    j = load(path)
    p = j.get('physical') or {}
    return dict(iops=j['iops'], mbps=j['mbps'], p50=j['lat_us']['p50'], p99=j['lat_us']['p99'], clat50=None,
                cpu=j['cpu_per_io_us'], ios=j['ios'], bytes=j['ios'] * j['bs'], syncs=j.get('syncs', 0),
                phys=p if p.get('read_ios') is not None else None,
                rq=p['avg_request_bytes'] / 1024.0 if p.get('avg_request_bytes') else None)

def ds_delta(p0, p1):
    """read/write ios, bytes and flushes between two /proc/diskstats lines"""
    a = [int(x) for x in open(p0).read().split()[3:]]
    b = [int(x) for x in open(p1).read().split()[3:]]
    d = [y - x for x, y in zip(a, b)]
    return dict(read_ios=d[0], write_ios=d[4], read_bytes=d[2] * 512, write_bytes=d[6] * 512,
                flushes=d[15] if len(d) > 15 else None)

def fmt(v, w=10):
    if v is None:
        return '-'.rjust(w)
    if abs(v) >= 1000:
        return ('%.0f' % v).rjust(w)
    if abs(v) >= 10:
        return ('%.1f' % v).rjust(w)
    return ('%.2f' % v).rjust(w)

def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None

def boot_ratio(st, fi, key, iters=2000, seed=18):
    """Percentile bootstrap 95% interval of median(stortune) / median(fio),
    resampling the pairs (a pair's two runs met the same machine state)."""
    import random
    pairs = [(a[key], b[key]) for a, b in zip(st, fi) if a[key] is not None and b[key]]
    if len(pairs) < 2:
        return None, None
    rng = random.Random(seed)
    rs = []
    for _ in range(iters):
        sample = [pairs[rng.randrange(len(pairs))] for _ in pairs]
        b = statistics.median([y for _, y in sample])
        if b:
            rs.append(statistics.median([x for x, _ in sample]) / b)
    rs.sort()
    if not rs:
        return None, None
    return rs[int(0.025 * (len(rs) - 1))], rs[int(0.975 * (len(rs) - 1))]

def one(tool, path):
    f = fio_fig(path) if tool == 'fio' else st_fig(path)
    s = '%-8s %9.0f IOPS %8.2f MB/s  p50 %8.1f us  CPU/IO %6.2f us' % (tool, f['iops'], f['mbps'],
                                                                       f['p50'] or 0, f['cpu'] or 0)
    print(s)

def report(res, jobs, pairs, count_runs):
    missed = []
    counts = []
    for job in jobs:
        d = os.path.join(res, job)
        st = [st_fig(os.path.join(d, 'st.%d.json' % p)) for p in range(1, pairs + 1)]
        fi = [fio_fig(os.path.join(d, 'fio.%d.json' % p)) for p in range(1, pairs + 1)]
        for p, f in enumerate(fi, 1):  # bytes per physical request does not depend on the ramp
            dd = ds_delta(os.path.join(d, 'fio.%d.ds0' % p), os.path.join(d, 'fio.%d.ds1' % p))
            n = dd['read_ios'] + dd['write_ios']
            f['rq'] = (dd['read_bytes'] + dd['write_bytes']) / n / 1024.0 if n else None
        order = [open(os.path.join(d, 'order.%d' % p)).read().strip() for p in range(1, pairs + 1)]
        print()
        print('== %s: medians of %d pair%s (first in each pair: %s) ==' % (
            job, pairs, '' if pairs == 1 else 's', ' '.join(order)))
        print('%-18s %10s %10s %8s %17s  %-10s %s' % ('metric', 'stortune', 'fio', 'st/fio', '95% CI (bootstrap)',
                                                      'goal', 'met'))
        rows = [('IOPS', 'iops', (0.90, 1.10), '+-10%'), ('MB/s', 'mbps', (0.90, 1.10), '+-10%'),
                ('p50 latency (us)', 'p50', (0.85, 1.15), '+-15%'), ('CPU/IO (us)', 'cpu', (0, 1.0), '<= fio')]
        for name, key, (lo, hi), goal in rows:
            a, b = med([x[key] for x in st]), med([x[key] for x in fi])
            ratio = a / b if a is not None and b else None
            clo, chi = boot_ratio(st, fi, key)
            ok = ratio is not None and lo <= ratio <= hi
            # a miss whose interval still reaches the goal is not told apart
            # from noise by these pairs: more pairs (PAIRS=) would
            noise = not ok and clo is not None and chi >= lo and clo <= hi
            ci = '%.3f .. %.3f' % (clo, chi) if clo is not None else '-'
            print('%-18s %s %s %s %17s  %-10s %s' % (name, fmt(a), fmt(b), fmt(ratio, 8), ci, goal,
                                                    'yes' if ok else 'no, within noise' if noise else 'NO'))
            if not ok:
                missed.append('%s %s: stortune %s, fio %s, ratio %s, 95%% CI %s (goal %s)%s' % (
                    job, name, fmt(a, 0), fmt(b, 0), fmt(ratio, 0), ci, goal,
                    ': within noise' if noise else ''))
        a, b = med([x['p99'] for x in st]), med([x['p99'] for x in fi])
        print('%-18s %s %s %s  %-10s' % ('p99 latency (us)', fmt(a), fmt(b),
                                         fmt(a / b if a and b else None, 8), '(info)'))
        print('%-18s %s %s %8s  %-10s' % ('fio clat p50 (us)', fmt(None), fmt(med([x['clat50'] for x in fi])),
                                          '-', '(info)'))
        a, b = med([x['rq'] for x in st]), med([x['rq'] for x in fi])
        print('%-18s %s %s %s  %-10s' % ('KiB/phys request', fmt(a), fmt(b), fmt(a / b if a and b else None, 8),
                                         '(info)'))
        print('  IOPS per run:        stortune %s' % ' '.join('%.0f' % x['iops'] for x in st))
        print('                       fio      %s' % ' '.join('%.0f' % x['iops'] for x in fi))
        print('  p50 per run (us):    stortune %s' % ' '.join('%.1f' % (x['p50'] or 0) for x in st))
        print('                       fio      %s' % ' '.join('%.1f' % (x['p50'] or 0) for x in fi))
        print('  CPU/IO per run (us): stortune %s' % ' '.join('%.2f' % x['cpu'] for x in st))
        print('                       fio      %s' % ' '.join('%.2f' % (x['cpu'] or 0) for x in fi))
        print('  KiB/request per run: stortune %s' % ' '.join('%.0f' % (x['rq'] or 0) for x in st))
        print('                       fio      %s' % ' '.join('%.0f' % (x['rq'] or 0) for x in fi))

        # counts: stortune's own physical.* summed over its runs ...
        if all(x['phys'] for x in st):
            ph = lambda k: sum(x['phys'].get(k) or 0 for x in st)
            fl = None if any(x['phys'].get('flushes') is None for x in st) else ph('flushes')
            counts.append((job, 'stortune (%d run%s)' % (pairs, '' if pairs == 1 else 's'), sum(x['ios'] for x in st), ph('read_ios') + ph('write_ios'),
                           sum(x['bytes'] for x in st), ph('read_bytes') + ph('write_bytes'),
                           sum(x['syncs'] for x in st), fl))
        else:
            counts.append((job, 'stortune', None, None, None, None, None, None))
        # ... and fio's runs without ramp, with diskstats around them
        tot = dict(ios=0, pops=0, b=0, pb=0, syncs=0, fl=0)
        for k in range(1, count_runs + 1):
            f = fio_fig(os.path.join(d, 'count.%d.json' % k))
            dd = ds_delta(os.path.join(d, 'count.%d.ds0' % k), os.path.join(d, 'count.%d.ds1' % k))
            tot['ios'] += f['ios']; tot['b'] += f['bytes']; tot['syncs'] += f['syncs']
            tot['pops'] += dd['read_ios'] + dd['write_ios']; tot['pb'] += dd['read_bytes'] + dd['write_bytes']
            tot['fl'] = None if dd['flushes'] is None or tot['fl'] is None else tot['fl'] + dd['flushes']
        counts.append((job, 'fio, no ramp (%d)' % count_runs, tot['ios'], tot['pops'], tot['b'], tot['pb'],
                       tot['syncs'], tot['fl']))

    print()
    print('== counts: diskstats deltas of the loop device against the issued operations ==')
    print('%-17s %-18s %9s %9s %7s %9s %9s %7s %7s %7s %6s %-5s' % (
        'job', 'source', 'ios', 'phys ios', 'ratio', 'MB', 'phys MB', 'ratio', 'syncs', 'flushes',
        'fl/sy', 'goal'))
    for row in counts:
        job, src, ios, pops, b, pb, syncs, fl = row
        if ios is None:
            print('%-17s %-18s %s' % (job, src, 'n/a'))
            continue
        r_ops = pops / ios if ios else None
        r_b = pb / b if b else None
        r_fl = fl / syncs if syncs and fl is not None else None
        if job in ('randread-4k-qd1', 'randread-4k-qd32', 'randwrite-4k-qd1'):
            ok = r_ops is not None and abs(r_ops - 1) <= 0.01 and r_b is not None and abs(r_b - 1) <= 0.01
            what = 'ios and bytes within 1%'
        elif job == 'seqread-1m':
            ok = r_b is not None and abs(r_b - 1) <= 0.01
            what = 'bytes within 1%'
        else:
            ok = r_fl is not None and (abs(r_fl - 1) <= 0.01 or abs(r_fl - 2) <= 0.02)
            what = 'flushes = syncs x 1 or 2'
        print('%-17s %-18s %9d %9d %7.4f %9.1f %9.1f %7.4f %7s %7s %6s %-5s' % (
            job, src, ios, pops, r_ops or 0, b / 1e6, pb / 1e6, r_b or 0, syncs,
            '-' if fl is None else fl, '-' if r_fl is None else '%.3f' % r_fl, 'yes' if ok else 'NO'))
        if not ok:
            missed.append('%s counts (%s): %s' % (job, src, what))
    print()
    for m in missed:
        print('GOAL MISSED: ' + m)
    if not missed:
        print('all goals met')

if __name__ == '__main__':
    if sys.argv[1] == 'one':
        one(sys.argv[2], sys.argv[3])
    else:
        report(sys.argv[2], sys.argv[3].split(), int(sys.argv[4]), int(sys.argv[5]))
PYEOF

# --- run ----------------------------------------------------------------------

# Before each run: syncfs, so that the previous run's leftovers (the
# deleted append file, a journal commit) are not written during this one.
run_fio() { # JOB RAMP BASENAME: a fio run with diskstats around it
	local job=$1 ramp=$2 base=$3
	rm -f "$FIO_APPEND" # the append job starts from a fresh file
	sync -f "$MNT"
	fio_argv "$job" "$ramp"
	diskstats >"$base.ds0"
	loopfs_run "$base.json" "$base.err" "${ARGV[@]}" ||
		{ cat "$base.err" >&2; die "fio failed on $job (its stderr is above)"; }
	diskstats >"$base.ds1"
	rm -f "$FIO_APPEND"
}
run_st() { # JOB BASENAME
	local job=$1 base=$2
	sync -f "$MNT"
	st_argv "$job"
	loopfs_run "$base.json" "$base.err" "${ARGV[@]}" ||
		{ cat "$base.err" >&2; die "stortune bench failed on $job (its stderr is above)"; }
}

echo "bench-fio: stortune bench against $(fio --version) on $LOOP (direct-io=$DIO), ext4, $(uname -r)"
echo "  RUNTIME=$RUNTIME RAMP=$RAMP PAIRS=$PAIRS SIZE=$SIZE_B COUNT_RUNS=$COUNT_RUNS SEED=$SEED"
echo "  image: $IMG ($(numfmt --to=iec "$IMG_B"), sparse), mounted on $MNT"
((PAIRS >= 5)) || echo "  note: fewer than 5 pairs: a quick check, not the full method"
echo
echo "Commands:"
echo "  fio's file, laid out once: ${LAYOUT_ARGV[*]}"
for job in $JOBS; do
	echo "  $job:"
	st_argv "$job"
	echo "    stortune: ${ARGV[*]}"
	fio_argv "$job" "$RAMP"
	echo "    fio:      ${ARGV[*]}"
	echo "    counts:   the fio command with --ramp_time=0; /proc/diskstats of $DEV before and after"
done
echo

# fio lays out its own file (written in full, as stortune's is) once; every
# job but the append reuses it
loopfs_run "$WORK/layout.json" "$WORK/layout.err" "${LAYOUT_ARGV[@]}" ||
	{ cat "$WORK/layout.err" >&2; die "fio could not lay out $FIO_DATA"; }

RANDOM=$SEED
njobs=$(wc -w <<<"$JOBS")
ij=0
for job in $JOBS; do
	ij=$((ij + 1))
	d=$RES/$job
	mkdir -p "$d"
	echo "[$ij/$njobs] $job"
	for ((k = 1; k <= COUNT_RUNS; k++)); do
		run_fio "$job" 0 "$d/count.$k"
		printf '  counts run %d: ' "$k"
		python3 "$PY" one fio "$d/count.$k.json"
	done
	for ((p = 1; p <= PAIRS; p++)); do
		if ((RANDOM % 2)); then order='fio stortune'; else order='stortune fio'; fi
		echo "${order%% *}" >"$d/order.$p"
		for tool in $order; do
			if [[ $tool == fio ]]; then run_fio "$job" "$RAMP" "$d/fio.$p"; else run_st "$job" "$d/st.$p"; fi
			printf '  pair %d/%d: ' "$p" "$PAIRS"
			python3 "$PY" one "$tool" "$d/$([[ $tool == fio ]] && echo fio || echo st).$p.json"
		done
	done
done

python3 "$PY" report "$RES" "$JOBS" "$PAIRS" "$COUNT_RUNS"
[[ -n $RESULTS ]] && echo "raw results: $RESULTS"
exit 0
