#!/usr/bin/env bash
# bench-advise.sh STORTUNE_BIN GEN_BIN
#
# Times "stortune advise --json" against "stortune probe --json" on the
# synthetic 2,048-disk sysroot of bench-probe (gen-sysroot: SATA HDDs with 4
# partitions each, 10,240 devices).  advise is probe plus the rule engine
# and the report, so the ratio of the two medians is the engine's cost.
# Target: advise takes at most 2x as long as probe.
#
# The runs alternate (probe, advise, probe, ...), so that both meet the same
# noise on a shared machine; compare the ratio, not the absolute times.
#
# Environment:
#   BENCH_RUNS     runs of each command (default 11)
#   BENCH_DISKS    disks in the sysroot (default 2048)
#   BENCH_PROFILE  profile for advise (default database)
#   BENCH_TMPDIR   where to build the sysroot (default /dev/shm if writable,
#                  else ${TMPDIR:-/tmp})
#
# A benchmark, not a test: it prints its figures and "TARGET MISSED" when the
# ratio is above 2; it exits non-zero only when it cannot measure.
set -u -o pipefail

PROG=bench-advise
die() {
	printf '%s: ERROR: %s\n' "$PROG" "$*" >&2
	exit 1
}
(($# == 2)) || { echo "usage: $0 STORTUNE_BIN GEN_BIN" >&2; exit 2; }
STORTUNE=$1
GEN=$2
RUNS=${BENCH_RUNS:-11}
DISKS=${BENCH_DISKS:-2048}
PROFILE=${BENCH_PROFILE:-database}
TOP=$(cd "$(dirname "$0")/../.." && pwd)

[[ -x $STORTUNE ]] || die "not executable: $STORTUNE"
[[ -x $GEN ]] || die "not executable: $GEN"
if [[ -n ${BENCH_TMPDIR:-} ]]; then
	base=$BENCH_TMPDIR
elif [[ -d /dev/shm && -w /dev/shm ]]; then
	base=/dev/shm
else
	base=${TMPDIR:-/tmp}
fi
TMP=$(mktemp -d "$base/bench-advise.XXXXXX") || die "mktemp -d failed in $base"
trap 'rm -rf "$TMP"' EXIT

# rules and profiles as an installed copy would have them (root refuses
# group-writable rule directories)
umask 022
cp -R "$TOP/rules" "$TOP/profiles" "$TMP/"
chmod -R go-w "$TMP/rules" "$TMP/profiles"

"$GEN" "$TMP/root" "$DISKS" 4 || die "gen-sysroot failed"

now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

probe=() advise=()
"$STORTUNE" probe --json --sysroot "$TMP/root" >"$TMP/probe.json" || die "probe failed"
"$STORTUNE" advise --json --profile "$PROFILE" --rules "$TMP/rules" \
	--profiles "$TMP/profiles" --sysroot "$TMP/root" >"$TMP/advise.json" || die "advise failed"
for ((i = 0; i < RUNS; i++)); do
	t0=$(now_us)
	"$STORTUNE" probe --json --sysroot "$TMP/root" >/dev/null || die "probe failed"
	t1=$(now_us)
	"$STORTUNE" advise --json --profile "$PROFILE" --rules "$TMP/rules" \
		--profiles "$TMP/profiles" --sysroot "$TMP/root" >/dev/null || die "advise failed"
	t2=$(now_us)
	probe+=($((t1 - t0)))
	advise+=($((t2 - t1)))
done
p=$(median "${probe[@]}")
a=$(median "${advise[@]}")
recs=$(grep -c '"knob"' "$TMP/advise.json")
adv=$(grep -c '"rule_file"' "$TMP/advise.json")
devs=$(grep -c '"kname"' "$TMP/probe.json")
printf '%s: %d disks, %d devices; advise --profile %s: %d recommendations, %d advice items\n' \
	"$PROG" "$DISKS" "$devs" "$PROFILE" "$recs" "$((adv - recs))"
printf '%s: median of %d alternating runs (machine is shared: compare the ratio)\n' "$PROG" "$RUNS"
awk -v p="$p" -v a="$a" 'BEGIN {
	printf "  probe --json   %8.3f s\n  advise --json  %8.3f s\n  advise/probe   %8.2fx (target <= 2.00x)\n",
		p / 1e6, a / 1e6, a / p
	if (a / p > 2.0) print "TARGET MISSED: advise takes more than twice as long as probe"
}'
