#!/usr/bin/env bash
# bench-probe.sh STORTUNE_BIN GEN_BIN CPUTIME_BIN
#
# Benchmarks "stortune probe --json --sysroot DIR" against
# "lsblk --sysroot DIR -J -b" on synthetic sysroots made by gen-sysroot
# (512 and 2,048 SATA HDDs with 4 partitions each), stortune alone on a
# third, larger one (8,192 disks: its wall time, peak memory and growth
# from 2,048; lsblk would take hours there), then the live
# "stortune probe --json" on this machine against "lsblk -J": wall time,
# CPU time (paired runs, medians; CPUTIME_BIN prints a command's user +
# system time) and, when strace is installed, system calls (strace -c -f),
# also per device on the small sysroot.
#
# Targets (issue 18): live CPU <= 1.0x lsblk's; live at most 600 system
# calls for five devices (scaled to the devices sysfs lists here); under a
# sysroot at most 25 system calls per device; staying linear to 8,192 disks
# (growth at most 12.5% over linear at each step).
#
# Environment:
#   BENCH_RUNS        lsblk runs at the small size (default 5)
#   BENCH_RUNS_LARGE  lsblk runs at the large size (default 3: ~6 min each here)
#   BENCH_ST_RUNS     stortune runs at each size (default 15); they are spread
#                     between the lsblk runs, so both meet the same noise, and
#                     being cheap they are many, which keeps the growth ratio
#                     (a ratio of two stortune medians) steady
#   BENCH_LIVE_RUNS   runs of the live probe's wall time (default 21)
#   BENCH_CPU_RUNS    rounds of the live CPU comparison, each running
#                     stortune, lsblk -J and lsblk -J -O once (default 101)
#   BENCH_SIZES       two disk counts, small then large (default "512 2048")
#   BENCH_XL          disk count of the stortune-only sysroot, larger than
#                     the large size (default 8192; 0 leaves it out)
#   BENCH_XL_RUNS     stortune runs on it (default 5)
#   BENCH_PARTS       partitions per disk (default 4)
#   BENCH_TMPDIR      where to make the temp dir for the sysroots; default:
#                     /dev/shm when it is a writable tmpfs with room, else
#                     ${TMPDIR:-/tmp}.  A sysroot holds ~120 small files per
#                     disk (~1 GB at 2,048 disks, ~4 GB at 8,192); on a
#                     disk-backed fs making and removing it is I/O bound and
#                     its writeback adds noise to the timings.
#
# Wall time is read with `date +%s%N`.  Each reading forks date, which costs
# a few milliseconds on some machines; that overhead is measured first
# (median of back-to-back readings) and subtracted from every sample.
#
# This is a benchmark, not a test: it exits 0 after printing its table and
# prints "TARGET MISSED: ..." for each missed target.  It exits non-zero only
# when it cannot measure (bad arguments, a command failing, device counts
# that disagree).

set -u -o pipefail

PROG=bench-probe

die() {
	printf '%s: ERROR: %s\n' "$PROG" "$*" >&2
	exit 1
}
note() { printf '%s: %s\n' "$PROG" "$*" >&2; }

if (($# != 3)); then
	echo "usage: $0 STORTUNE_BIN GEN_BIN CPUTIME_BIN" >&2
	exit 2
fi
STORTUNE=$1
GEN=$2
CPUTIME=$3

RUNS=${BENCH_RUNS:-5}
RUNS_LARGE=${BENCH_RUNS_LARGE:-3}
ST_RUNS=${BENCH_ST_RUNS:-15}
LIVE_RUNS=${BENCH_LIVE_RUNS:-21}
CPU_RUNS=${BENCH_CPU_RUNS:-101}
PARTS=${BENCH_PARTS:-4}
read -r -a SIZES <<<"${BENCH_SIZES:-512 2048}"
XL=${BENCH_XL:-8192}
XL_RUNS=${BENCH_XL_RUNS:-5}

isnum() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
for v in "$RUNS" "$RUNS_LARGE" "$ST_RUNS" "$LIVE_RUNS" "$CPU_RUNS" "$PARTS" "$XL_RUNS"; do
	isnum "$v" || die "run/partition counts must be positive integers (got '$v')"
done
((${#SIZES[@]} == 2)) || die "BENCH_SIZES must hold two disk counts, small then large"
if ! isnum "${SIZES[0]}" || ! isnum "${SIZES[1]}"; then
	die "BENCH_SIZES must be positive integers"
fi
((SIZES[0] < SIZES[1])) || die "BENCH_SIZES: the first size must be the smaller"
[[ $XL == 0 ]] || isnum "$XL" || die "BENCH_XL must be a disk count or 0 (got '$XL')"
((XL == 0 || XL > SIZES[1])) || die "BENCH_XL ($XL) must be larger than the large size (${SIZES[1]})"

is_exe() { local p; p=$(command -v -- "$1") && [[ -x $p ]]; }
is_exe "$STORTUNE" || die "stortune binary not found or not executable: $STORTUNE"
is_exe "$GEN" || die "gen-sysroot binary not found or not executable: $GEN"
is_exe "$CPUTIME" || die "cputime binary not found or not executable: $CPUTIME"
command -v lsblk >/dev/null 2>&1 || die "lsblk (util-linux) is not installed"
command -v date >/dev/null 2>&1 || die "date is not installed"
[[ $(date +%s%N) =~ ^[0-9]+$ ]] || die "date +%s%N does not give nanoseconds here"

# Pick where the sysroots go (see BENCH_TMPDIR above).
pick_tmpbase() {
	if [[ -n ${BENCH_TMPDIR:-} ]]; then
		echo "$BENCH_TMPDIR"
		return
	fi
	# ~80 files per disk + ~10 per partition, one 4 KiB page each, plus
	# slack; one sysroot at a time
	local most=$((XL > SIZES[1] ? XL : SIZES[1]))
	local need_kb=$((most * (80 + 12 * PARTS) * 4 + 262144)) avail
	if [[ -d /dev/shm && -w /dev/shm ]] &&
		avail=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }') &&
		[[ $avail =~ ^[0-9]+$ ]] && ((avail > need_kb)); then
		echo /dev/shm
	else
		echo "${TMPDIR:-/tmp}"
	fi
}
TMPBASE=$(pick_tmpbase)
TMP=$(mktemp -d "$TMPBASE/bench-probe.XXXXXX") || die "mktemp -d failed in $TMPBASE"
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() { rm -rf -- "$TMP"; }
trap cleanup EXIT
trap 'note "interrupted"; exit 130' INT
trap 'note "terminated"; exit 143' TERM
note "sysroots go in $TMP"

# --- helpers -----------------------------------------------------------------

# median N... : integer median of the arguments (nanoseconds).
median() {
	printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 }
		END {
			if (NR == 0) exit 1
			if (NR % 2) m = a[(NR + 1) / 2]
			else m = (a[NR / 2] + a[NR / 2 + 1]) / 2
			printf "%.0f\n", m
		}'
}

# Timer overhead: median of back-to-back `date +%s%N` readings.
calibrate() {
	local i t0 t1 s=()
	for ((i = 0; i < 21; i++)); do
		t0=$(date +%s%N)
		t1=$(date +%s%N)
		s+=($((t1 - t0)))
	done
	median "${s[@]}"
}

# command_failed RC CMD...: report a failed command with its stderr, and stop.
command_failed() {
	local rc=$1
	shift
	{
		printf '%s: ERROR: command failed with exit status %d:\n  %s\n' "$PROG" "$rc" "$*"
		sed -n '1,20s/^/  | /p' "$TMP/stderr"
	} >&2
	exit 1
}

# timed CMD... : run CMD with stdout to /dev/null; set T_NS to its wall time
# minus the timer overhead; abort with the command's stderr if it fails.
T_NS=0
timed() {
	local t0 t1 rc
	t0=$(date +%s%N)
	"$@" >/dev/null 2>"$TMP/stderr"
	rc=$?
	t1=$(date +%s%N)
	((rc == 0)) || command_failed "$rc" "$@"
	T_NS=$((t1 - t0 - OVERHEAD_NS))
	((T_NS > 0)) || T_NS=1
}

# count PATTERN CMD... : occurrences of PATTERN in CMD's stdout (abort on failure).
count() {
	local pat=$1 rc n
	shift
	"$@" >"$TMP/out" 2>"$TMP/stderr"
	rc=$?
	((rc == 0)) || command_failed "$rc" "$@"
	n=$(grep -o -- "$pat" "$TMP/out" | wc -l)
	rm -f -- "$TMP/out"
	echo "$((n))"
}

# syscalls CMD... : the number of system calls CMD makes (strace -c -f).
syscalls() {
	local rc
	strace -f -c -o "$TMP/strace" "$@" >/dev/null 2>"$TMP/stderr"
	rc=$?
	((rc == 0)) || command_failed "$rc" strace "$@"
	# "100.00  0.013015  8  1603  166 total": calls are the fourth field
	awk '$NF == "total" { print $4 }' "$TMP/strace" | tail -1
}

# cpu CMD... : set C_NS to CMD's CPU time (user + system) in nanoseconds.
C_NS=0
cpu() {
	local rc
	C_NS=$("$CPUTIME" "$@" 2>"$TMP/stderr")
	rc=$?
	((rc == 0)) || command_failed "$rc" "$@"
}

ns_to_s() { awk -v n="$1" 'BEGIN { printf "%.4f", n / 1e9 }'; }
ns_to_ms() { awk -v n="$1" 'BEGIN { printf "%.2f", n / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }
ratio2() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# gt A B : true if A > B (floating point)
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }

# --- measurements ------------------------------------------------------------

OVERHEAD_NS=0
OVERHEAD_NS=$(calibrate)
note "timer overhead (fork of date) $(ns_to_ms "$OVERHEAD_NS") ms, subtracted from every sample"

# generate DISKS: make the sysroot of DISKS disks in $TMP, its path in dir
generate() {
	local t0 t1
	dir=$TMP/sysroot-$1
	t0=$(date +%s%N)
	"$GEN" "$dir" "$1" "$PARTS" || die "gen-sysroot failed for $1 disks ($dir)"
	t1=$(date +%s%N)
	note "$1 disks x $PARTS partitions: sysroot generated in $(ns_to_s $((t1 - t0))) s"
}

declare -A DEVICES ST_MED LS_MED
for size in "${SIZES[@]}"; do
	if ((size == SIZES[1])); then runs=$RUNS_LARGE; else runs=$RUNS; fi
	generate "$size"

	# Sanity check: both tools see the same devices (no stacking here, so
	# each device appears once in either output, nested or not).
	expected=$((size * (PARTS + 1)))
	n_st=$(count '"kname"' "$STORTUNE" probe --json --sysroot "$dir") || exit 1
	n_ls=$(count '"name"' lsblk --sysroot "$dir" -J -o NAME) || exit 1
	if ((n_st != n_ls)); then
		die "$size disks: stortune reports $n_st devices (\"kname\" keys), lsblk $n_ls (\"name\" keys); expected $expected"
	fi
	if ((n_ls != expected)); then
		die "$size disks: lsblk sees $n_ls devices, gen-sysroot should have made $expected"
	fi
	DEVICES[$size]=$n_st
	if ((size == SIZES[0])) && command -v strace >/dev/null 2>&1; then
		SR_CALLS=$(syscalls "$STORTUNE" probe --json --sysroot "$dir") || exit 1
	fi

	# stortune runs in groups before each lsblk run, the rest after the last
	st=() ls=()
	per=$(((ST_RUNS + runs - 1) / runs))
	for ((r = 1; r <= runs; r++)); do
		for ((k = 0; k < per && ${#st[@]} < ST_RUNS; k++)); do
			timed "$STORTUNE" probe --json --sysroot "$dir"
			st+=("$T_NS")
		done
		timed lsblk --sysroot "$dir" -J -b
		ls+=("$T_NS")
		note "$size disks lsblk run $r/$runs: $(ns_to_s "$T_NS") s;" \
			"stortune so far: median $(ns_to_s "$(median "${st[@]}")") s of ${#st[@]}"
	done
	while ((${#st[@]} < ST_RUNS)); do
		timed "$STORTUNE" probe --json --sysroot "$dir"
		st+=("$T_NS")
	done
	ST_MED[$size]=$(median "${st[@]}")
	LS_MED[$size]=$(median "${ls[@]}")

	rm -rf -- "$dir"
done

# The stortune-only size: wall time, and peak memory from one run's rusage.
if ((XL > 0)); then
	generate "$XL"
	expected=$((XL * (PARTS + 1)))
	n_st=$(count '"kname"' "$STORTUNE" probe --json --sysroot "$dir") || exit 1
	((n_st == expected)) ||
		die "$XL disks: stortune reports $n_st devices (\"kname\" keys), gen-sysroot should have made $expected"
	DEVICES[$XL]=$n_st
	xl=()
	for ((r = 1; r <= XL_RUNS; r++)); do
		timed "$STORTUNE" probe --json --sysroot "$dir"
		xl+=("$T_NS")
	done
	ST_MED[$XL]=$(median "${xl[@]}")
	out=$("$CPUTIME" -r "$STORTUNE" probe --json --sysroot "$dir" 2>"$TMP/stderr") ||
		command_failed $? "$STORTUNE" probe --json --sysroot "$dir"
	read -r _ XL_RSS_KB <<<"$out"
	note "$XL disks: stortune median $(ns_to_s "${ST_MED[$XL]}") s of $XL_RUNS"
	rm -rf -- "$dir"
fi

# Live probe on this machine.
timed "$STORTUNE" probe --json # warm-up, not counted
live=()
for ((r = 1; r <= LIVE_RUNS; r++)); do
	timed "$STORTUNE" probe --json
	live+=("$T_NS")
done
LIVE_MED=$(median "${live[@]}")
# Context: the cost of starting any process here (an external `true`).
TRUE_BIN=$(type -P true) || die "no external true binary"
spawn=()
for ((r = 1; r <= LIVE_RUNS; r++)); do
	timed "$TRUE_BIN"
	spawn+=("$T_NS")
done
SPAWN_MED=$(median "${spawn[@]}")

# Live CPU time, stortune and lsblk in alternation so both meet the same
# noise, in the opposite order every other round so neither always follows
# the other.  A run is ~5 ms of CPU: many rounds are cheap, and the ratio of
# a shared machine's medians needs them.
cpu "$STORTUNE" probe --json # warm-up
cst=() cls=() clo=()
for ((r = 1; r <= CPU_RUNS; r++)); do
	if ((r % 2)); then
		cpu "$STORTUNE" probe --json
		cst+=("$C_NS")
		cpu lsblk -J
		cls+=("$C_NS")
		cpu lsblk -J -O
		clo+=("$C_NS")
	else
		cpu lsblk -J -O
		clo+=("$C_NS")
		cpu lsblk -J
		cls+=("$C_NS")
		cpu "$STORTUNE" probe --json
		cst+=("$C_NS")
	fi
done
CPU_ST=$(median "${cst[@]}")
CPU_LS=$(median "${cls[@]}")
CPU_LO=$(median "${clo[@]}")
# the ratio of each round, and their quartiles: how steady the ratio was
read -r CPU_Q1 CPU_Q2 CPU_Q3 < <(for ((r = 0; r < CPU_RUNS; r++)); do
	echo "${cst[r]} ${cls[r]}"
done | awk '{ printf "%.4f\n", ($2 > 0 ? $1 / $2 : 0) }' | sort -n |
	awk '{ a[NR] = $1 } END { printf "%.2f %.2f %.2f\n", a[int((NR + 3) / 4)], a[int((NR + 1) / 2)], a[int((3 * NR + 1) / 4)] }')
LIVE_DEVS=$(find /sys/block -mindepth 1 -maxdepth 1 | wc -l)
if command -v strace >/dev/null 2>&1; then
	CALLS_ST=$(syscalls "$STORTUNE" probe --json) || exit 1
	CALLS_LS=$(syscalls lsblk -J) || exit 1
fi

# --- report ------------------------------------------------------------------

small=${SIZES[0]} large=${SIZES[1]}
missed=()

plural() { if (($1 == 1)); then echo "$1 run"; else echo "$1 runs"; fi; }
if ((RUNS == RUNS_LARGE)); then
	rdesc="$(plural "$ST_RUNS") of stortune, $(plural "$RUNS") of lsblk"
else
	rdesc="$(plural "$ST_RUNS") of stortune, $(plural "$RUNS") of lsblk ($(plural "$RUNS_LARGE") at $large disks)"
fi
echo "bench-probe: median wall time over $rdesc (machine is shared: compare ratios, not absolutes)"
printf '%5s  %7s  %10s  %9s  %14s\n' disks devices stortune_s lsblk_s lsblk/stortune
for size in "${SIZES[@]}"; do
	r=$(ratio "${LS_MED[$size]}" "${ST_MED[$size]}")
	printf '%5d  %7d  %10s  %9s  %13sx\n' "$size" "${DEVICES[$size]}" \
		"$(ns_to_s "${ST_MED[$size]}")" \
		"$(awk -v n="${LS_MED[$size]}" 'BEGIN { printf "%.3f", n / 1e9 }')" "$r"
	if ! gt "${LS_MED[$size]}" "${ST_MED[$size]}"; then
		missed+=("stortune is not faster than lsblk at $size disks (lsblk/stortune = ${r}x)")
	fi
done

if ((XL > 0)); then
	printf '%5d  %7d  %10s  %9s  %14s   (stortune alone; peak RSS %s MiB)\n' "$XL" "${DEVICES[$XL]}" \
		"$(ns_to_s "${ST_MED[$XL]}")" - - "$(awk -v k="$XL_RSS_KB" 'BEGIN { printf "%.0f", k / 1024 }')"
fi

# growth FROM TO: stortune's growth from FROM to TO disks, against 12.5%
# over linear (4.5x for 512 -> 2048 disks)
growth() {
	local a=$1 b=$2 linear limit limit_s g
	linear=$(ratio "$b" "$a")
	limit=$(awk -v a="$b" -v b="$a" 'BEGIN { printf "%.2f", a / b * 1.125 }')
	limit_s=$(awk -v l="$limit" 'BEGIN { s = sprintf("%.2f", l); sub(/0$/, "", s); print s }')
	g=$(ratio2 "${ST_MED[$b]}" "${ST_MED[$a]}")
	printf 'stortune growth %d/%d: %sx (target <= %sx, linear = %sx)\n' "$b" "$a" "$g" "$limit_s" "$linear"
	if gt "$g" "$limit"; then
		missed+=("stortune growth $b/$a is ${g}x (target <= ${limit_s}x)")
	fi
}
growth "$small" "$large"
printf 'lsblk    growth %d/%d: %sx\n' "$large" "$small" "$(ratio "${LS_MED[$large]}" "${LS_MED[$small]}")"
((XL == 0)) || growth "$large" "$XL"

live_ms=$(ns_to_ms "$LIVE_MED")
printf 'live probe (stortune probe --json on this machine): median %s ms over %d runs (target < 10 ms)\n' \
	"$live_ms" "$LIVE_RUNS"
if ! gt 10 "$live_ms"; then
	missed+=("live probe median is $live_ms ms (target < 10 ms)")
fi
printf "  (for scale: starting an empty process (%s) takes %s ms here)\n" "$TRUE_BIN" "$(ns_to_ms "$SPAWN_MED")"

cpu_ratio=$(ratio2 "$CPU_ST" "$CPU_LS")
printf 'live CPU time (user+system, median of %d paired runs): stortune %s ms, lsblk -J %s ms: %sx (target <= 1.0x)\n' \
	"$CPU_RUNS" "$(ns_to_ms "$CPU_ST")" "$(ns_to_ms "$CPU_LS")" "$cpu_ratio"
printf '  (ratio of each round: median %s, quartiles %s .. %s)\n' "$CPU_Q2" "$CPU_Q1" "$CPU_Q3"
printf '  (lsblk -J -O, every column: about what stortune reads: %s ms, stortune/that %sx)\n' \
	"$(ns_to_ms "$CPU_LO")" "$(ratio2 "$CPU_ST" "$CPU_LO")"
if gt "$cpu_ratio" 1.0; then
	missed+=("live probe CPU time is ${cpu_ratio}x lsblk -J's (target <= 1.0x)")
fi
if [[ -n ${CALLS_ST:-} ]]; then
	# 600 for five devices, scaled to what sysfs lists here (empty loop
	# devices included: both tools look at them)
	limit_calls=$((600 * (LIVE_DEVS > 5 ? LIVE_DEVS : 5) / 5))
	printf 'live system calls (strace -c -f): stortune %d, lsblk -J %d, for the %d devices in /sys/block (target <= %d)\n' \
		"$CALLS_ST" "$CALLS_LS" "$LIVE_DEVS" "$limit_calls"
	((CALLS_ST <= limit_calls)) || missed+=("live probe makes $CALLS_ST system calls (target <= $limit_calls)")
	per=$(awk -v c="$SR_CALLS" -v d="${DEVICES[$small]}" 'BEGIN { printf "%.1f", c / d }')
	printf 'sysroot system calls: %d for %d devices (%d disks): %s per device (target <= 25)\n' \
		"$SR_CALLS" "${DEVICES[$small]}" "$small" "$per"
	gt "$per" 25 && missed+=("$per system calls per device under a sysroot (target <= 25)")
else
	echo "system calls not counted: strace is not installed"
fi

for m in "${missed[@]}"; do
	echo "TARGET MISSED: $m"
done
exit 0
