#!/usr/bin/env bash
# bench-observe.sh [STORTUNE_BIN]
#
# Compares the figures of "stortune observe" with those of sysstat's
# "iostat -dx" over the same intervals, on a loop device under a steady fio
# load.  The device is an ext4 filesystem on a loop device (losetup
# --direct-io=on) over a sparse file in $BENCH_TMPDIR, made for this run and
# removed at exit, on success, failure, Ctrl-C or SIGTERM alike.  Nothing
# else is touched: no real disk, no other loop device, no other mount.
#
# Load (one fio process, --thread, time_based, started RAMP seconds before
# the measurement and stopped after it), so that every figure is nonzero:
#   rand    --rw=randrw --rwmixread=70 --bs=8k --direct=1 --ioengine=io_uring
#           --iodepth=16 --fdatasync=8, at LOAD_IOPS (70% reads): r/s, w/s,
#           awaits, aqu-sz, %util, and f/s (the fdatasyncs' flushes and
#           those of ext4's journal commits)
#   seqw1m  --rw=write --bs=1M --direct=1 --ioengine=io_uring --iodepth=2
#           --rate=SEQ_MBPS: large writes, so wareq-sz is well above 8 KiB
#   seqr4k, seqw4k
#           --rw=read / --rw=write --bs=4k --direct=1 --ioengine=io_uring
#           --iodepth=32 --iodepth_batch_submit=32 --thinktime=20ms
#           --thinktime_blocks=32: bursts of 32 adjacent 4 KiB requests,
#           submitted under one plug, which the block layer merges: rrqm/s,
#           wrqm/s (and about 128 KiB per request)
#   trim    (TRIM=1, a second fio process) --rw=randtrim --bs=64k on the
#           loop device itself, beyond the end of the filesystem (mkfs is
#           told a size smaller than the device), 100 a second: d/s
# Every file is laid out (written in full) before the run, so that the load
# does not convert unwritten extents or allocate blocks as it goes.
#
# Method: after the ramp, the script starts in the background
#   stortune observe --interval INTERVAL --count COUNT --json loopN
#   iostat -dxy -o JSON INTERVAL COUNT loopN     (ALIGN ms later)
#   iostat -dxy -o JSON INTERVAL COUNT loopN     (CONTROL=1: the control,
#                                                 CONTROL_DELAY_MS later)
# and waits for them.  -y skips iostat's since-boot report, so each tool
# takes a baseline and then COUNT samples INTERVAL seconds apart, each on
# its own clock from its own baseline; interval k of stortune is compared
# with interval k of the first iostat, figure by figure.  stortune probes
# the system (sysfs, udev data: some ms, more when the CPUs are busy) before
# its baseline, iostat starts sampling within a few ms, so that all the
# samples of the two tools would be that many ms apart; ALIGN=auto (the
# default) measures it under the load just before: three runs of
# "stortune observe --interval 0.1 --count 1 --json --record FILE loopN",
# from the start of the process to the time stamp of its first sample in
# the recording, the median; iostat is started that much after stortune.
# ALIGN=N: N ms; ALIGN=0: started together.  The figures:
#   iostat (JSON key)  stortune      iostat (JSON key)  stortune
#   r/s                r_s           w/s                w_s
#   rkB/s              rkb_s         wkB/s              wkb_s
#   rrqm/s             rrqm_s        wrqm/s             wrqm_s
#   r_await            r_await       w_await            w_await
#   rareq-sz           rareq_sz      wareq-sz           wareq_sz
#   aqu-sz             aqu_sz        util (%util)       util
#   f/s                f_s           d/s                d_s
# and, when stortune's JSON has them, dkB/s (dkb_s), drqm/s (drqm_s),
# d_await, f_await, dareq-sz (dareq_sz) and %rrqm/%wrqm/%drqm (JSON keys
# rrqm/wrqm/drqm; stortune rrqm_pct or pct_rrqm, ...).  A figure iostat
# reports and stortune lacks among the first fourteen is a missed goal.
#
# Goal: every shared figure within 2% of iostat's.  iostat prints two
# decimals, so for a value under 0.5 rounding alone can exceed 2% (0.004 is
# printed 0.00, 0.125 may be 0.12 or 0.13): a figure whose iostat value is
# below 0.5 in magnitude is compared with an absolute tolerance of
# 0.005 + 2% of the value instead.  The table says which rule applies
# ("2%" or "abs").
#
# Differences that are not stortune's: iostat's interval comes from
# /proc/uptime in hundredths of a second (up to 0.2% at INTERVAL=5; and
# when iostat is preempted between reading /proc/uptime and the device's
# counters, its interval is short by that much while the counters cover it),
# stortune's from CLOCK_MONOTONIC; the tools do not read the counters at the
# same instant (iostat reads /sys/block/loopN/stat when a device is named,
# stortune /proc/diskstats: the same counters; a few ms apart even when
# aligned, as iostat's own start-up, 1-3 ms, is not measured), and the
# counts are robust to that but the time-weighted figures (awaits, aqu-sz,
# %util) are not: the kernel adds a request's whole time to rd/wr_ticks and
# time_in_queue when it completes, so one slow request (the loop device
# sits on the VM's shared disk) that completes between the two tools'
# samples moves them in one tool's interval and not in the other's; iostat
# rounds to two decimals.  Hence the control: a second iostat started
# CONTROL_DELAY_MS (10) after the first, compared with the first in the same
# way ("ctl diff" column, and its own count in the summary): the same
# program and formulas, so whatever it shows is what sampling a few ms
# apart does to each figure under this load.  A figure that the control
# also misses, or misses nearly as much, is sampling noise, not stortune's
# formula (two iostats started together sample within a fraction of a ms
# of each other and agree to the last digit: the difference is all timing).
# Both of the control's values are rounded, so under 0.5 its tolerance is
# 0.01 + 2%.  To keep the noise down the three samplers run at real-time
# priority (chrt --fifo 1; RT=0: not), and so does the script while it
# starts them, so that a busy CPU neither delays a sample between its clock
# reading and its counter reading nor stretches the delays between starts.
#
# Environment:
#   INTERVAL      seconds per interval, whole (default 5)
#   COUNT         intervals (default 3)
#   RAMP          seconds of load before the measurement (default 2)
#   LOAD_IOPS     reads + writes a second of the rand job (default 4000;
#                 0: as fast as it goes)
#   SEQ_MBPS      MB/s of the seqw1m job (default 32; 0: no seqw1m job)
#   TRIM          1: the discard stream (default); 0: none (d/s stays 0)
#   CONTROL       1: the control iostat (default); 0: none
#   CONTROL_DELAY_MS  ms between starting iostat and the control (default 10)
#   ALIGN         ms between starting stortune and iostat: auto (default),
#                 or a number
#   RT            1: the samplers at real-time priority (default); 0: not
#   BENCH_TMPDIR  where the sparse image goes (default /var/tmp)
#   RESULTS       keep the raw output (iostat JSON, stortune JSON lines,
#                 fio JSON, diskstats) in this dir
#
# A benchmark, not a test: it prints the table, a "GOAL MISSED: ..." line
# per figure out of tolerance and a summary line, and exits 0.  It exits
# non-zero when it cannot measure: a missing tool (iostat, fio, python3), not
# root, a failed setup, or a tool that fails or prints no figures for the
# device.
set -eu -o pipefail

PROG=bench-observe
warn() { printf '%s: WARNING: %s\n' "$PROG" "$*" >&2; }
die() {
	printf '%s: ERROR: %s\n' "$PROG" "$*" >&2
	exit 1
}

TOP=$(cd "$(dirname "$0")/../.." && pwd)
STORTUNE=${1:-$TOP/build/stortune}
INTERVAL=${INTERVAL:-5}
COUNT=${COUNT:-3}
RAMP=${RAMP:-2}
LOAD_IOPS=${LOAD_IOPS:-4000}
SEQ_MBPS=${SEQ_MBPS:-32}
TRIM=${TRIM:-1}
CONTROL=${CONTROL:-1}
CONTROL_DELAY_MS=${CONTROL_DELAY_MS:-10}
ALIGN=${ALIGN:-auto}
RT=${RT:-1}
BENCH_TMPDIR=${BENCH_TMPDIR:-/var/tmp}
RESULTS=${RESULTS:-}

# --- can it run here ---------------------------------------------------------

command -v iostat >/dev/null 2>&1 || die "iostat is not installed (apt-get install sysstat)"
command -v fio >/dev/null 2>&1 || die "fio is not installed (apt-get install fio)"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to read the JSON (apt-get install python3)"
[[ $(id -u) -eq 0 ]] || die "needs root: it sets up a loop device (losetup) and mounts it"
for c in losetup mkfs.ext4 mount umount mountpoint truncate df awk; do
	command -v "$c" >/dev/null 2>&1 || die "$c not found"
done
[[ -x $STORTUNE ]] || die "not executable: $STORTUNE (run make first)"

isint() { [[ $1 =~ ^[0-9]+$ ]]; }
posint() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
posint "$INTERVAL" || die "INTERVAL=$INTERVAL: whole seconds, at least 1 (iostat takes whole seconds)"
posint "$COUNT" || die "COUNT=$COUNT: at least 1"
isint "$RAMP" || die "RAMP=$RAMP: whole seconds, 0 or more"
isint "$LOAD_IOPS" || die "LOAD_IOPS=$LOAD_IOPS: a number (0: unthrottled)"
isint "$SEQ_MBPS" || die "SEQ_MBPS=$SEQ_MBPS: a number (0: no seqw1m job)"
[[ $TRIM == 0 || $TRIM == 1 ]] || die "TRIM=$TRIM: 0 or 1"
[[ $CONTROL == 0 || $CONTROL == 1 ]] || die "CONTROL=$CONTROL: 0 or 1"
isint "$CONTROL_DELAY_MS" || die "CONTROL_DELAY_MS=$CONTROL_DELAY_MS: whole ms"
[[ $ALIGN == auto ]] || isint "$ALIGN" || die "ALIGN=$ALIGN: auto or whole ms"
[[ $RT == 0 || $RT == 1 ]] || die "RT=$RT: 0 or 1"
PRIO=()
if ((RT)); then
	if command -v chrt >/dev/null 2>&1 && chrt --fifo 1 true 2>/dev/null; then
		PRIO=(chrt --fifo 1)
	else
		warn "chrt --fifo 1 does not work here: the samplers run at normal priority"
	fi
fi
[[ -d $BENCH_TMPDIR ]] || die "BENCH_TMPDIR=$BENCH_TMPDIR: not a directory"

# the image: 2 GiB, sparse; ext4 on the first 1536 MiB, the discard stream
# on [1600 MiB, 2 GiB).  About 700 MiB of it is written (the laid-out files).
IMG_MB=2048
FS_MB=1536
TRIM_OFF_MB=1600
avail=$(df -B1M --output=avail "$BENCH_TMPDIR" | tail -n 1 | tr -d ' ') || die "df $BENCH_TMPDIR failed"
((avail > 1024)) || die "$BENCH_TMPDIR: ${avail} MiB free; the image needs about 1 GiB"
if [[ -n $RESULTS ]]; then
	mkdir -p "$RESULTS" || die "RESULTS=$RESULTS: cannot create"
	RESULTS=$(cd "$RESULTS" && pwd)
fi

# --- the scratch filesystem, and its removal ----------------------------------

# Only what this script started or made is stopped or removed: the pids
# below, the loop device losetup gave it, the mount on its own directory.
# shellcheck source=tests/bench/lib-loopfs.bash
. "$(dirname "${BASH_SOURCE[0]}")/lib-loopfs.bash"
WORK='' IMG='' LOOP='' MNT='' CHILD='' FIO_PID='' TRIM_PID='' IOSTAT_PID='' ST_PID='' CTL_PID=''
stop() { # PID: SIGTERM, then wait for it (a background command ignores SIGINT)
	[[ -n $1 ]] || return 0
	kill -TERM "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
# shellcheck disable=SC2317 # the traps call these
cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	stop "$CHILD"
	stop "$CTL_PID"
	stop "$ST_PID"
	stop "$IOSTAT_PID"
	stop "$TRIM_PID"
	stop "$FIO_PID"
	loopfs_release
	exit "$rc"
}
trap cleanup EXIT
trap loopfs_interrupted INT TERM HUP

WORK=$(mktemp -d "$BENCH_TMPDIR/stortune-bench-observe.XXXXXX") || die "mktemp -d failed in $BENCH_TMPDIR"
IMG=$WORK/ext4.img
MNT=$WORK/mnt
RES=${RESULTS:-$WORK/results}
mkdir -p "$RES"
loopfs_make "${IMG_MB}M" "${FS_MB}M"

# --- the load ------------------------------------------------------------------

# fio runs until stopped (SIGTERM) once both tools are done; the runtime
# is only a bound in case the script is killed with SIGKILL
FIO_RUNTIME=$((RAMP + INTERVAL * COUNT + 60))
COMMON=(--thread --direct=1 --time_based "--runtime=$FIO_RUNTIME")
declare -A SIZE_OF=([rand]=256M [seqw1m]=256M [seqr4k]=64M [seqw4k]=64M)
LOAD_ARGV=(fio "${COMMON[@]}" --output-format=json
	--name=rand "--filename=$MNT/rand" "--size=${SIZE_OF[rand]}" --rw=randrw --rwmixread=70 --bs=8k
	--ioengine=io_uring --iodepth=16 --fdatasync=8 --norandommap --randrepeat=0)
if ((LOAD_IOPS > 0)); then
	LOAD_ARGV+=("--rate_iops=$((LOAD_IOPS * 7 / 10)),$((LOAD_IOPS - LOAD_IOPS * 7 / 10))")
fi
if ((SEQ_MBPS > 0)); then
	LOAD_ARGV+=(--name=seqw1m "--filename=$MNT/seqw1m" "--size=${SIZE_OF[seqw1m]}" --rw=write --bs=1M
		--ioengine=io_uring --iodepth=2 "--rate=${SEQ_MBPS}m")
fi
for rw in read write; do
	j=seq${rw:0:1}4k
	LOAD_ARGV+=("--name=$j" "--filename=$MNT/$j" "--size=${SIZE_OF[$j]}" "--rw=$rw" --bs=4k
		--ioengine=io_uring --iodepth=32 --iodepth_batch_submit=32 --thinktime=20ms --thinktime_blocks=32)
done
TRIM_ARGV=(fio "${COMMON[@]}" --output-format=json --name=trim "--filename=$LOOP"
	"--offset=$((TRIM_OFF_MB * 1048576))" "--size=$(((IMG_MB - TRIM_OFF_MB) * 1048576))"
	--rw=randtrim --bs=64k --ioengine=psync --rate_iops=100 --norandommap --randrepeat=0)
LAYOUT_ARGV=(fio --thread --rw=read --bs=1M --ioengine=psync --create_only=1 --output-format=json)
for j in rand seqw1m seqr4k seqw4k; do
	LAYOUT_ARGV+=("--name=$j" "--filename=$MNT/$j" "--size=${SIZE_OF[$j]}")
done
IOSTAT_ARGV=("${PRIO[@]}" iostat -dxy -o JSON "$INTERVAL" "$COUNT" "$DEV")
ST_ARGV=("${PRIO[@]}" "$STORTUNE" observe --interval "$INTERVAL" --count "$COUNT" --json "$DEV")

diskstats() { # -> the loop device's line of /proc/diskstats
	awk -v d="$DEV" '$3 == d' /proc/diskstats
}

# --- the report (python3) --------------------------------------------------------

PY=$WORK/bench-observe.py
cat >"$PY" <<'PYEOF'
import json, sys

# (label, iostat JSON key, stortune keys, core): iostat's column order.
# Core figures must be in stortune's output; the others are compared when
# they are.
FIGS = [
    ('r/s', 'r/s', ['r_s'], True),
    ('rkB/s', 'rkB/s', ['rkb_s'], True),
    ('rrqm/s', 'rrqm/s', ['rrqm_s'], True),
    ('%rrqm', 'rrqm', ['rrqm_pct', 'pct_rrqm', 'rrqm_pc'], False),
    ('r_await', 'r_await', ['r_await'], True),
    ('rareq-sz', 'rareq-sz', ['rareq_sz'], True),
    ('w/s', 'w/s', ['w_s'], True),
    ('wkB/s', 'wkB/s', ['wkb_s'], True),
    ('wrqm/s', 'wrqm/s', ['wrqm_s'], True),
    ('%wrqm', 'wrqm', ['wrqm_pct', 'pct_wrqm', 'wrqm_pc'], False),
    ('w_await', 'w_await', ['w_await'], True),
    ('wareq-sz', 'wareq-sz', ['wareq_sz'], True),
    ('d/s', 'd/s', ['d_s'], True),
    ('dkB/s', 'dkB/s', ['dkb_s'], False),
    ('drqm/s', 'drqm/s', ['drqm_s'], False),
    ('%drqm', 'drqm', ['drqm_pct', 'pct_drqm', 'drqm_pc'], False),
    ('d_await', 'd_await', ['d_await'], False),
    ('dareq-sz', 'dareq-sz', ['dareq_sz'], False),
    ('f/s', 'f/s', ['f_s'], True),
    ('f_await', 'f_await', ['f_await'], False),
    ('aqu-sz', 'aqu-sz', ['aqu_sz'], True),
    ('%util', 'util', ['util'], True),
]
REL = 0.02    # the goal: within 2% of iostat's value
SMALL = 0.5   # below this, iostat's 2-decimal rounding can exceed 2% ...
ABS = 0.005   # ... so the tolerance is ABS + REL x |value|


def fail(msg):
    sys.stderr.write('bench-observe: ERROR: %s\n' % msg)
    sys.exit(2)


def iostat_intervals(path, dev):
    try:
        with open(path) as f:
            j = json.load(f)
        stats = j['sysstat']['hosts'][0]['statistics']
    except (OSError, ValueError, KeyError, IndexError) as e:
        fail('%s: not iostat JSON (%s)' % (path, e))
    out = []
    for k, s in enumerate(stats, 1):
        row = [d for d in s.get('disk', []) if d.get('disk_device') == dev]
        if not row:
            fail('%s: interval %d has no row for %s' % (path, k, dev))
        out.append(row[0])
    return out


def stortune_intervals(path, dev):
    out = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line.startswith('{'):
                continue
            try:
                j = json.loads(line)
            except ValueError as e:
                fail('%s:%d: not JSON (%s)' % (path, n, e))
            if j.get('index') == 0 or j.get('summary'):
                continue  # a whole-run summary, not an interval
            row = [d for d in j.get('devices', []) if d.get('name') == dev]
            if not row:
                fail('%s:%d: no row for %s in "devices"' % (path, n, dev))
            out.append((j, row[0]))
    return out


def num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def fmt(v, w):
    if v is None:
        return '-'.rjust(w)
    if abs(v) >= 100:
        return ('%.2f' % v).rjust(w)
    return ('%.4f' % v).rjust(w)


def judge(a, b, abs_tol):
    """(rule, tolerance, within, diff text, relative diff or None) of b against iostat's a"""
    d = b - a
    if abs(a) >= SMALL:
        rule, tol = '2%', REL * abs(a)
        rel = d / a
        text = '%+.3f%%' % (100 * rel)
    else:
        rule, tol, rel = 'abs', abs_tol + REL * abs(a), None
        text = '%+.4f' % d
    return rule, tol, abs(d) <= tol + 1e-9, text, rel


class Tally:
    def __init__(self, abs_tol):
        self.abs_tol = abs_tol
        self.compared = self.ok_rel = self.ok_abs = 0
        self.missed = []
        self.worst_rel = None   # (|rel|, rel, label, k, a, b) among the 2% figures
        self.worst_abs = None   # (|d|, d, label, k, a, b) among the small ones

    def add(self, label, k, a, b):
        rule, tol, good, text, rel = judge(a, b, self.abs_tol)
        self.compared += 1
        if rel is not None:
            self.ok_rel += good
            if self.worst_rel is None or abs(rel) > self.worst_rel[0]:
                self.worst_rel = (abs(rel), rel, label, k, a, b)
        else:
            self.ok_abs += good
            if self.worst_abs is None or abs(b - a) > self.worst_abs[0]:
                self.worst_abs = (abs(b - a), b - a, label, k, a, b)
        if not good:
            self.missed.append((k, label, a, b, text, tol))
        return rule, tol, good, text

    def line(self, who, count):
        s = '%d figures compared over %d interval%s, %d within the goal (%d within 2%%, %d values under %g ' \
            'within %g + 2%%)' % (self.compared, count, '' if count == 1 else 's', self.ok_rel + self.ok_abs,
                                  self.ok_rel, self.ok_abs, SMALL, self.abs_tol)
        if self.worst_rel:
            s += '; worst relative difference %+.3f%% (%s, interval %d: iostat %.2f, %s %.4f)' % (
                100 * self.worst_rel[1], self.worst_rel[2], self.worst_rel[3], self.worst_rel[4], who,
                self.worst_rel[5])
        if self.worst_abs:
            s += '; worst small-value difference %+.4f (%s, interval %d: iostat %.2f, %s %.4f)' % (
                self.worst_abs[1], self.worst_abs[2], self.worst_abs[3], self.worst_abs[4], who,
                self.worst_abs[5])
        return s


def main(io_path, st_path, dev, count, ctl_path):
    io = iostat_intervals(io_path, dev)
    st = stortune_intervals(st_path, dev)
    ctl = iostat_intervals(ctl_path, dev) if ctl_path else None
    if len(io) != count:
        fail('iostat printed %d intervals, expected %d' % (len(io), count))
    if len(st) != count:
        fail('stortune observe printed %d intervals for %s, expected %d' % (len(st), dev, count))
    if ctl is not None and len(ctl) != count:
        fail('the control iostat printed %d intervals, expected %d' % (len(ctl), count))
    # the control's values are rounded like iostat's: two roundings apart
    T, C = Tally(ABS), Tally(2 * ABS)
    missing = []
    ctl_of = {}  # (k, label) -> the control's diff text, for the GOAL MISSED lines
    for k in range(count):
        ij, (sj, sr) = io[k], st[k]
        secs = sj.get('interval_s')
        extra = ['%s %s' % (key, sr[key]) for key in ('pattern', 'suggested_profile') if key in sr]
        print()
        print('== interval %d of %d: stortune interval_s %s%s ==' % (
            k + 1, count, secs if secs is not None else '-', ('; ' + ', '.join(extra)) if extra else ''))
        print('%-9s %12s %14s %10s %9s  %-4s %-10s %-4s%s' % (
            'figure', 'iostat', 'stortune', 'st/iostat', 'diff', 'rule', 'tolerance', 'met',
            '  %9s %s' % ('ctl diff', 'ctl met') if ctl else ''))
        for label, ikey, skeys, core in FIGS:
            if ikey not in ij:
                continue
            a = float(ij[ikey])
            skey = next((x for x in skeys if x in sr), None)
            if skey is None:
                if core:
                    print('%-9s %12.2f %14s %10s %9s  %-4s %-10s %s' % (
                        label, a, 'missing', '-', '-', '-', '-', 'NO'))
                    missing.append((k + 1, label, skeys[0]))
                continue
            b = sr[skey]
            if not num(b):
                fail('stortune interval %d: %s is %r, not a number' % (k + 1, skey, b))
            b = float(b)
            rule, tol, good, text = T.add(label, k + 1, a, b)
            tail = ''
            if ctl:
                c = float(ctl[k][ikey])
                _, _, cgood, ctext = C.add(label, k + 1, a, c)
                ctl_of[(k + 1, label)] = ctext
                tail = '  %9s %s' % (ctext, 'yes' if cgood else 'NO')
            print('%-9s %12.2f %14s %10s %9s  %-4s %-10s %-4s%s' % (
                label, a, fmt(b, 14).strip(), '-' if not a else '%.4f' % (b / a), text, rule,
                '+-%.4g' % tol, 'yes' if good else 'NO', tail))
    print()
    for k, label, skey in missing:
        print('GOAL MISSED: interval %d %s: stortune has no "%s"' % (k, label, skey))
    for k, label, a, b, text, tol in T.missed:
        print('GOAL MISSED: interval %d %s: iostat %.2f, stortune %.4f (%s, tolerance +-%.4g)%s' % (
            k, label, a, b, text, tol, '; control iostat %s' % ctl_of[(k, label)] if ctl else ''))
    s = 'summary: ' + T.line('stortune', count)
    if missing:
        s += '; %d missing from stortune' % len(missing)
    print(s)
    if ctl:
        print('control: the second iostat against the first: ' + C.line('control', count))
    if not T.missed and not missing:
        print("goal met: every shared figure within 2% of iostat's (or 0.005 + 2% under 0.5)")


def load_summary(path):
    """one line per fio job: what it did over the whole run"""
    with open(path) as f:
        text = f.read()
    i = text.find('{')
    if i < 0:
        return
    for j in json.loads(text[i:])['jobs']:
        r, w, t = j['read'], j['write'], j.get('trim') or {}
        print('  fio %-7s read %8.1f IOPS %8.1f KiB/s  write %8.1f IOPS %8.1f KiB/s  trim %6.1f IOPS%s' % (
            j['jobname'], r['iops'], r['bw'], w['iops'], w['bw'], t.get('iops', 0),
            '  error %d' % j['error'] if j.get('error') else ''))


def calibrate(rec, argv, runs=3):
    """ms from starting argv to the time stamp of the first sample it records in rec:
    prints the median, then every run's"""
    import subprocess, time
    ms = []
    for _ in range(runs):
        t0 = time.monotonic()
        p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode:
            fail('%s: exit status %d: %s' % (' '.join(argv), p.returncode, p.stderr.decode(errors='replace').strip()))
        with open(rec) as f:
            first = next((l for l in f if l.startswith('@ ')), None)
        if first is None:
            fail('%s: no "@ SECONDS" line' % rec)
        ms.append((float(first.split()[1]) - t0) * 1000)
    ms_sorted = sorted(ms)
    print('%.0f %s' % (max(0, ms_sorted[len(ms) // 2]), ' '.join('%.1f' % x for x in ms)))


if __name__ == '__main__':
    if sys.argv[1] == 'calibrate':
        calibrate(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == 'report':
        main(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6] if len(sys.argv) > 6 else '')
    elif sys.argv[1] == 'load':
        for p in sys.argv[2:]:
            load_summary(p)
PYEOF

# --- run ----------------------------------------------------------------------------

echo "bench-observe: stortune observe against $(iostat -V 2>&1 | head -n 1) on $LOOP (direct-io=$DIO), ext4, $(uname -r)"
echo "  INTERVAL=$INTERVAL COUNT=$COUNT RAMP=$RAMP LOAD_IOPS=$LOAD_IOPS SEQ_MBPS=$SEQ_MBPS TRIM=$TRIM CONTROL=$CONTROL RT=$RT ALIGN=$ALIGN"
echo "  image: $IMG (${IMG_MB} MiB, sparse); ext4 on its first ${FS_MB} MiB, mounted on $MNT"
echo
echo "Commands:"
echo "  layout: ${LAYOUT_ARGV[*]}"
echo "  load:   ${LOAD_ARGV[*]}"
((TRIM)) && echo "  trim:   ${TRIM_ARGV[*]}"
echo "  stortune: ${ST_ARGV[*]}"
echo "  iostat:   ${IOSTAT_ARGV[*]} (started after stortune, ALIGN=$ALIGN ms)"
((CONTROL)) && echo "  control:  ${IOSTAT_ARGV[*]} (started ${CONTROL_DELAY_MS} ms after iostat)"
echo "Goal: every shared figure within 2% of iostat's; under 0.5 (iostat prints 2 decimals) within 0.005 + 2%."

loopfs_run "$RES/layout.json" "$RES/layout.err" "${LAYOUT_ARGV[@]}" ||
	{ cat "$RES/layout.err" >&2; die "fio could not lay out its files"; }
sync -f "$MNT"

"${LOAD_ARGV[@]}" >"$RES/fio.json" 2>"$RES/fio.err" &
FIO_PID=$!
if ((TRIM)); then
	"${TRIM_ARGV[@]}" >"$RES/trim.json" 2>"$RES/trim.err" &
	TRIM_PID=$!
fi
sleep "$RAMP"
kill -0 "$FIO_PID" 2>/dev/null || {
	cat "$RES/fio.err" >&2
	die "fio stopped during the ramp (its stderr is above)"
}
if [[ -n $TRIM_PID ]] && ! kill -0 "$TRIM_PID" 2>/dev/null; then
	warn "the discard job stopped during the ramp (d/s will be 0): $(tr '\n' ' ' <"$RES/trim.err")"
	wait "$TRIM_PID" 2>/dev/null || true
	TRIM_PID=''
fi

now_us() { # -> NOW_US: $EPOCHREALTIME in microseconds, without a fork
	NOW_US=${EPOCHREALTIME//[!0-9]/}
}
us_sleep() { # US: sleep(1) that long (nothing when not positive)
	local frac
	(($1 > 0)) || return 0
	printf -v frac '%06d' $(($1 % 1000000))
	sleep "$(($1 / 1000000)).$frac"
}
ms_of() { # US -> "12.3"
	printf '%d.%d' $(($1 / 1000)) $((($1 % 1000) / 100))
}

echo
align_ms=$ALIGN
if [[ $ALIGN == auto ]]; then
	CAL_ARGV=("${PRIO[@]}" "$STORTUNE" observe --interval 0.1 --count 1 --json --record "$RES/calibrate.rec" "$DEV")
	if cal=$(python3 "$PY" calibrate "$RES/calibrate.rec" "${CAL_ARGV[@]}" 2>"$RES/calibrate.err"); then
		align_ms=${cal%% *}
		echo "align: stortune observe takes ${cal#* } ms from its start to its baseline sample; median $align_ms ms"
	else
		align_ms=0
		warn "could not measure stortune's start-up ($(tr '\n' ' ' <"$RES/calibrate.err")): iostat starts with it"
	fi
fi

# The launch: the shell itself at the samplers' priority while it starts
# them, so that a busy CPU does not stretch the delays between them; the
# cost of starting sleep(1) is measured here and taken off the delays.
diskstats >"$RES/diskstats.0"
((${#PRIO[@]} == 0)) || chrt --fifo -p 1 $$ 2>/dev/null || true
now_us
t=$NOW_US
for _ in 1 2 3; do sleep 0; done
now_us
sleep_cost=$(((NOW_US - t) / 3))
now_us
t0=$NOW_US
"${ST_ARGV[@]}" >"$RES/stortune.jsonl" 2>"$RES/stortune.err" &
ST_PID=$!
now_us
us_sleep $((t0 + align_ms * 1000 - NOW_US - sleep_cost))
now_us
t1=$NOW_US
"${IOSTAT_ARGV[@]}" >"$RES/iostat.json" 2>"$RES/iostat.err" &
IOSTAT_PID=$!
if ((CONTROL)); then
	now_us
	us_sleep $((t1 + CONTROL_DELAY_MS * 1000 - NOW_US - sleep_cost))
	now_us
	t2=$NOW_US
	"${IOSTAT_ARGV[@]}" >"$RES/control.json" 2>"$RES/control.err" &
	CTL_PID=$!
fi
((${#PRIO[@]} == 0)) || chrt --other -p 0 $$ 2>/dev/null || true
printf 'measuring: %d x %ds; iostat started %s ms after stortune (target %s)' "$COUNT" "$INTERVAL" \
	"$(ms_of $((t1 - t0)))" "$align_ms"
((CONTROL)) && printf ', the control %s ms after iostat (target %s)' "$(ms_of $((t2 - t1)))" "$CONTROL_DELAY_MS"
echo
rc_io=0 rc_st=0 rc_ctl=0
wait "$IOSTAT_PID" || rc_io=$?
IOSTAT_PID=''
wait "$ST_PID" || rc_st=$?
ST_PID=''
if ((CONTROL)); then
	wait "$CTL_PID" || rc_ctl=$?
	CTL_PID=''
fi
diskstats >"$RES/diskstats.1"

# the load must have run through the whole measurement
load_ok=1
kill -0 "$FIO_PID" 2>/dev/null || load_ok=0
stop "$FIO_PID"
FIO_PID=''
if [[ -n $TRIM_PID ]]; then
	kill -0 "$TRIM_PID" 2>/dev/null || warn "the discard job stopped before the end of the measurement"
	stop "$TRIM_PID"
	TRIM_PID=''
fi

((rc_io == 0)) || { cat "$RES/iostat.err" >&2; die "iostat exited with status $rc_io (its stderr is above)"; }
((rc_st == 0)) || { cat "$RES/stortune.err" >&2; die "stortune observe exited with status $rc_st (its stderr is above)"; }
((rc_ctl == 0)) || { cat "$RES/control.err" >&2; die "the control iostat exited with status $rc_ctl (its stderr is above)"; }
[[ -s $RES/iostat.json ]] || die "iostat printed nothing"
((CONTROL == 0)) || [[ -s $RES/control.json ]] || die "the control iostat printed nothing"
[[ -s $RES/stortune.jsonl ]] || { cat "$RES/stortune.err" >&2; die "stortune observe printed nothing"; }
((load_ok)) || { cat "$RES/fio.err" >&2; die "fio stopped before the end of the measurement (its stderr is above)"; }
[[ -s $RES/stortune.err ]] && { echo "stortune's stderr:"; sed 's/^/  /' "$RES/stortune.err"; }

echo "load over the whole run (ramp included):"
loads=("$RES/fio.json")
[[ $TRIM == 1 && -s $RES/trim.json ]] && loads+=("$RES/trim.json")
python3 "$PY" load "${loads[@]}" || warn "could not read fio's JSON"

python3 "$PY" report "$RES/iostat.json" "$RES/stortune.jsonl" "$DEV" "$COUNT" \
	"$( ((CONTROL)) && echo "$RES/control.json")" ||
	die "could not compare the two outputs (see above)"
[[ -n $RESULTS ]] && echo "raw results: $RESULTS"
exit 0
