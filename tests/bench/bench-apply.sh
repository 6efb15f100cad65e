#!/usr/bin/env bash
# bench-apply.sh STORTUNE_BIN GEN_BIN
#
# Issue 18, goal 2: apply with a constant number of durable writes.  On
# synthetic sysroots from gen-sysroot (one partition per disk) a real
# `stortune apply --profile database --sysroot DIR` runs under
#   strace -f -e trace=fsync,fdatasync,rename,renameat,renameat2
# once per build, to count fsyncs and renames, and then RUNS times without
# strace for the wall time.  Side by side, in the same run:
#   (a) the previous journal format: the tree at BENCH_OLD_REV (fd38917, the
#       last commit that rewrote the journal before every write), built in a
#       temporary `git worktree` under this run's mktemp -d dir and removed
#       afterwards;
#   (b) TuneD, when installed and run as root: `tuned --profile P --no-dbus`
#       in its one-shot no-daemon mode (tuned-main.conf's daemon = 0) with a
#       profile of the same number of [sysfs] settings, all on loop devices
#       this script attaches to files in its temp dir (queue attributes:
#       read_ahead_kb, nomerges, rq_affinity, add_random, iostats,
#       max_sectors_kb, nr_requests, rotational, stable_writes, wbt_lat_usec,
#       write_cache).  The profile lives in /etc/tuned/ (TuneD
#       2.20 reads profiles from there only) for the length of the run;
#       tuned-main.conf, active_profile, profile_mode and post_loaded_profile
#       are copied first and put back, every loop attribute is written back
#       to its value from before each run, the loop devices are detached (and
#       those losetup had to make for them removed again), and
#       no tuned process is left (each run has a timeout, and a tuned
#       process found running after one stops the benchmark).
#
# The variants run interleaved (new, old, tuned, new, ...), each on a fresh
# copy of the sysroot made outside the timing.  Medians, and the ratio of
# each to this tree's median.  stortune's "other renames" are its sysroot
# writer's (a knob write under --sysroot replaces the file, as a kernel
# write would not need): they are not durable writes of the journal and
# there is none of them on a live system.  stortune runs on a sysroot and
# TuneD on the live kernel (TuneD has no --sysroot): both make the same
# number of writes, but not of the same files.
#
# Environment:
#   BENCH_RUNS     timed runs of each variant at each size (default 7)
#   BENCH_DISKS    disk counts (default "4 66": 16 and 202 changes with the
#                  database profile, 4 sysctls and 3 deadline tunables a disk)
#   BENCH_OLD_REV  the previous format's commit (default fd38917)
#   BENCH_TMPDIR   where the temp dir goes (default /var/tmp: a disk, so that
#                  fsync costs what it costs for /var/lib/stortune)
#   BENCH_TUNED    0: leave TuneD out
#
# A benchmark, not a test: it prints its table and "TARGET MISSED: ..." for a
# missed target (at most 4 fsyncs per apply; wall time at most TuneD's), and
# exits non-zero only when it cannot measure.

# shellcheck disable=SC2317 # cleanup and loop_restore run from the trap too
set -u -o pipefail

PROG=bench-apply
die() {
	printf '%s: ERROR: %s\n' "$PROG" "$*" >&2
	exit 1
}
note() { printf '%s: %s\n' "$PROG" "$*" >&2; }

if (($# != 2)); then
	echo "usage: $0 STORTUNE_BIN GEN_BIN" >&2
	exit 2
fi
NEW=$1
GEN=$2
RUNS=${BENCH_RUNS:-7}
OLD_REV=${BENCH_OLD_REV:-fd38917}
read -r -a DISKS <<<"${BENCH_DISKS:-4 66}"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS: not a positive number: $RUNS"
[ -x "$NEW" ] || die "$NEW: not executable"
[ -x "$GEN" ] || die "$GEN: not executable"
command -v strace >/dev/null || die "strace is not installed"
repo=$(cd "$(dirname "$0")/../.." && pwd)

tmp=$(mktemp -d "${BENCH_TMPDIR:-/var/tmp}/stortune-bench-apply-XXXXXX") || die "mktemp failed"
old_tree=
tuned_profile=
tuned_saved=
loops=()

# Puts every loop attribute back (from $tmp/loop-orig: "FILE VALUE" lines).
loop_restore() {
	[ -f "$tmp/loop-orig" ] || return 0
	while read -r f v; do
		printf '%s\n' "$v" >"$f" 2>/dev/null || note "cannot restore $f to $v"
	done <"$tmp/loop-orig"
}

# Removes the loop devices this run made (losetup -f makes a new one when
# none is free; it stays in /sys/block after losetup -d): LOOP_CTL_REMOVE,
# which the kernel refuses (EBUSY) for one that is bound again.
loop_remove_new() {
	local l
	for l in "${loops[@]}"; do
		grep -qx "${l#/dev/}" "$tmp/loops-before" 2>/dev/null && continue
		python3 -c 'import fcntl, os, sys
fd = os.open("/dev/loop-control", os.O_RDWR)
fcntl.ioctl(fd, 0x4C81, int(sys.argv[1]))' "${l#/dev/loop}" 2>/dev/null ||
			note "cannot remove $l"
	done
}

cleanup() {
	loop_restore
	for l in "${loops[@]}"; do
		losetup -d "$l" 2>/dev/null || note "cannot detach $l"
	done
	loop_remove_new
	if [ -n "$tuned_saved" ]; then
		for f in tuned-main.conf active_profile profile_mode post_loaded_profile; do
			[ -e "$tuned_saved/$f" ] && cp -p "$tuned_saved/$f" "/etc/tuned/$f"
		done
	fi
	[ -n "$tuned_profile" ] && rm -rf "/etc/tuned/$tuned_profile"
	if [ -n "$old_tree" ]; then
		git -C "$repo" worktree remove --force "$old_tree" 2>/dev/null ||
			note "cannot remove the worktree $old_tree"
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s%N; }

# (a) the previous journal format
OLD=
if git -C "$repo" rev-parse -q --verify "$OLD_REV^{commit}" >/dev/null; then
	old_tree=$tmp/old-tree
	if git -C "$repo" worktree add -q --detach "$old_tree" "$OLD_REV" 2>"$tmp/wt.log" &&
		make -C "$old_tree" -j2 all >"$tmp/old-build.log" 2>&1; then
		OLD=$old_tree/build/stortune
	else
		note "cannot build $OLD_REV (see below); the previous format is left out"
		tail -5 "$tmp/wt.log" "$tmp/old-build.log" >&2
	fi
else
	note "no commit $OLD_REV in $repo; the previous format is left out"
fi

# (b) TuneD
TUNED=
tuned_why=
if [ "${BENCH_TUNED:-1}" = 0 ]; then
	tuned_why="BENCH_TUNED=0"
elif ! command -v tuned >/dev/null; then
	tuned_why="not installed (Debian package tuned)"
elif [ "$(id -u)" -ne 0 ]; then
	tuned_why="needs root (it writes /sys and /etc/tuned)"
elif [ ! -f /etc/tuned/tuned-main.conf ]; then
	tuned_why="no /etc/tuned/tuned-main.conf"
elif pgrep -x tuned >/dev/null; then
	tuned_why="a tuned daemon is running; its one-shot mode would fight it"
else
	TUNED=$(command -v tuned)
	tuned_version=$(tuned --version 2>&1 | awk '{ print $NF; exit }')
	tuned_saved=$tmp/tuned-saved
	mkdir "$tuned_saved"
	for f in tuned-main.conf active_profile profile_mode post_loaded_profile; do
		[ -e "/etc/tuned/$f" ] && cp -p "/etc/tuned/$f" "$tuned_saved/$f"
	done
	# one-shot: apply and exit; nothing dynamic, no sysctl re-read
	printf 'daemon = 0\ndynamic_tuning = 0\nreapply_sysctl = 0\nrecommend_command = 0\n' \
		>/etc/tuned/tuned-main.conf
	tuned_profile=stortune-bench-$$
	mkdir "/etc/tuned/$tuned_profile"
fi

# 11 a device: 202 settings on 19 loop devices, which losetup takes from the
# free ones first (a kernel makes 8 at boot)
ATTRS=(read_ahead_kb nomerges rq_affinity add_random iostats max_sectors_kb nr_requests
	rotational stable_writes wbt_lat_usec write_cache)
# a value different from CUR for ATTR
other_value() {
	case $1 in
	read_ahead_kb) [ "$2" = 4096 ] && echo 2048 || echo 4096 ;;
	nomerges | add_random | iostats | rotational | stable_writes) [ "$2" = 0 ] && echo 1 || echo 0 ;;
	wbt_lat_usec) [ "$2" = 2000 ] && echo 4000 || echo 2000 ;;
	write_cache) [ "$2" = "write back" ] && echo "write through" || echo "write back" ;;
	rq_affinity) [ "$2" = 2 ] && echo 1 || echo 2 ;;
	max_sectors_kb) [ "$2" = 64 ] && echo 128 || echo 64 ;;
	nr_requests) [ "$2" = 64 ] && echo 32 || echo 64 ;;
	esac
}

# tuned_setup N: loop devices enough for N settings, the profile writing them
tuned_setup() {
	local n=$1 need i a l f cur
	need=$(((n + ${#ATTRS[@]} - 1) / ${#ATTRS[@]}))
	if [ ! -f "$tmp/loops-before" ]; then
		for f in /sys/block/loop*; do echo "${f##*/}"; done >"$tmp/loops-before"
	fi
	while ((${#loops[@]} < need)); do
		truncate -s 1M "$tmp/loop${#loops[@]}.img" || return 1
		l=$(losetup -f --show "$tmp/loop${#loops[@]}.img") || return 1
		loops+=("$l")
	done
	: >"$tmp/loop-orig"
	printf '[main]\nsummary=stortune bench-apply: %s sysfs settings on loop devices\n\n[sysfs]\n' \
		"$n" >"/etc/tuned/$tuned_profile/tuned.conf"
	for ((i = 0; i < n; i++)); do
		l=${loops[i / ${#ATTRS[@]}]}
		a=${ATTRS[i % ${#ATTRS[@]}]}
		f=/sys/block/${l#/dev/}/queue/$a
		cur=$(cat "$f") || return 1
		echo "$f $cur" >>"$tmp/loop-orig"
		echo "$f=$(other_value "$a" "$cur")" >>"/etc/tuned/$tuned_profile/tuned.conf"
	done
}

# tuned_run: ns of one one-shot run; the settings checked, then put back
tuned_run() {
	local t0 t1 pid rc f v want
	t0=$(now)
	timeout 120 "$TUNED" --profile "$tuned_profile" --no-dbus >"$tmp/tuned.out" 2>&1 &
	pid=$!
	wait "$pid"
	rc=$?
	t1=$(now)
	if pgrep -x tuned >"$tmp/tuned.left"; then
		note "a tuned process is running after the one-shot run (pid $(tr '\n' ' ' <"$tmp/tuned.left")); stopping"
		return 1
	fi
	[ "$rc" -eq 0 ] || { cat "$tmp/tuned.out" >&2; return 1; }
	# what it wrote is what the profile says
	while IFS='=' read -r f want; do
		case $f in /sys/*) ;; *) continue ;; esac
		v=$(cat "$f")
		[ "$v" = "$want" ] || { note "tuned left $f at $v, not $want"; return 1; }
	done <"/etc/tuned/$tuned_profile/tuned.conf"
	loop_restore
	echo $((t1 - t0))
}

# st_counts BIN ROOT: "CHANGES FSYNCS JOURNAL_RENAMES OTHER_RENAMES"
st_counts() {
	local bin=$1 root=$2 changes fs jr all
	strace -f -qq -o "$tmp/trace" -e trace=fsync,fdatasync,rename,renameat,renameat2 \
		"$bin" --rules "$repo/rules" --profiles "$repo/profiles" apply --profile database \
		--sysroot "$root" >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; return 1; }
	changes=$(sed -n 's/^\([0-9][0-9]*\) changed, .*/\1/p' "$tmp/out")
	fs=$(grep -cE '(^|[ ])(fsync|fdatasync)\(' "$tmp/trace")
	all=$(grep -cE '(^|[ ])rename(at2?)?\(' "$tmp/trace")
	jr=$(grep -E '(^|[ ])rename(at2?)?\(' "$tmp/trace" | grep -cE '(journal|done)-[0-9]{6}\.json')
	echo "${changes:-?} $fs $jr $((all - jr))"
}

# st_run BIN ROOT: ns of one apply
st_run() {
	local t0 t1
	t0=$(now)
	"$1" --rules "$repo/rules" --profiles "$repo/profiles" apply --profile database \
		--sysroot "$2" >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; return 1; }
	t1=$(now)
	echo $((t1 - t0))
}

fresh() {
	rm -rf "$tmp/run"
	cp -a "$tmp/base" "$tmp/run"
}

missed=0
printf '%-8s %-28s %6s %9s %9s %11s %8s\n' changes variant fsync "j.rename" "o.rename" "wall (ms)" ratio
for d in "${DISKS[@]}"; do
	rm -rf "$tmp/base"
	"$GEN" "$tmp/base" "$d" 1 >/dev/null || die "gen-sysroot $d failed"
	variants=(new)
	[ -n "$OLD" ] && variants+=(old)
	fresh
	read -r n nf nj no <<<"$(st_counts "$NEW" "$tmp/run")" || die "apply failed"
	echo "$nf $nj $no" >"$tmp/counts-new"
	if [ -n "$OLD" ]; then
		fresh
		read -r on of oj oo <<<"$(st_counts "$OLD" "$tmp/run")" || die "the old apply failed"
		[ "$on" = "$n" ] || note "the old build made $on changes, this one $n"
		echo "$of $oj $oo" >"$tmp/counts-old"
	fi
	if [ -n "$TUNED" ]; then
		if tuned_setup "$n"; then
			variants+=(tuned)
		else
			tuned_why="could not set up $n settings on loop devices"
		fi
	fi
	for v in "${variants[@]}"; do : >"$tmp/times-$v"; done
	for ((r = 0; r < RUNS; r++)); do
		for v in "${variants[@]}"; do
			case $v in
			new)
				fresh
				st_run "$NEW" "$tmp/run" >>"$tmp/times-new" || die "apply failed"
				;;
			old)
				fresh
				st_run "$OLD" "$tmp/run" >>"$tmp/times-old" || die "the old apply failed"
				;;
			tuned) tuned_run >>"$tmp/times-tuned" || die "tuned failed" ;;
			esac
		done
	done
	base_ms=
	for v in "${variants[@]}"; do
		ms=$(median <"$tmp/times-$v" | awk '{ printf "%.1f", $1 / 1e6 }')
		[ -z "$base_ms" ] && base_ms=$ms
		ratio=$(awk -v a="$ms" -v b="$base_ms" 'BEGIN { printf "%.2fx", a / b }')
		case $v in
		new) label="stortune (this tree)"; read -r f j o <"$tmp/counts-new" ;;
		old) label="stortune $OLD_REV"; read -r f j o <"$tmp/counts-old" ;;
		tuned) label="tuned $tuned_version one-shot"; f=- j=- o=- ;;
		esac
		printf '%-8s %-28s %6s %9s %9s %11s %8s\n' "$n" "$label" "$f" "$j" "$o" "$ms" "$ratio"
		echo "$v $ms" >>"$tmp/ms-$n"
	done
	nf=$(cut -d' ' -f1 "$tmp/counts-new")
	if [ "$nf" -gt 4 ]; then
		echo "TARGET MISSED: $n changes: $nf fsyncs, more than 4"
		missed=1
	fi
	if [ -n "$TUNED" ] && grep -q '^tuned ' "$tmp/ms-$n"; then
		if awk '$1 == "new" { a = $2 } $1 == "tuned" { b = $2 } END { exit !(a > b) }' "$tmp/ms-$n"; then
			echo "TARGET MISSED: $n changes: apply's wall time is above TuneD's"
			missed=1
		fi
	fi
done
echo "medians of $RUNS runs each, interleaved; j.rename: renames of journal files, o.rename: the"
echo "sysroot writer's (a knob write under --sysroot replaces its file; none on a live system)"
[ -n "$OLD" ] || echo "the previous format ($OLD_REV) was not measured"
[ -n "$TUNED" ] || echo "TuneD was not measured: $tuned_why"
if [ "$missed" = 0 ]; then
	if [ -n "$TUNED" ]; then
		echo "targets met: at most 4 fsyncs per apply, wall time at most TuneD's"
	else
		echo "target met: at most 4 fsyncs per apply"
	fi
fi
exit 0
