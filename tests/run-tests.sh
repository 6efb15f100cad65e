#!/bin/sh
# Runs every test: the cmocka programs given as arguments, then the shell
# tests (tests/t_*.sh) with $STORTUNE pointing at the binary under test.
# Prints one line per test and a summary; exits 1 if any test failed.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export STORTUNE_TOP="$top"
: "${STORTUNE:?STORTUNE must name the stortune binary}"
export STORTUNE

pass=0
fail=0
failed=""
logdir=$(mktemp -d /tmp/stortune-check-XXXXXX) || exit 1
# the logs go with the run, interrupted or not (a failure's log is printed)
trap 'rm -rf "$logdir"' EXIT
trap 'exit 1' INT TERM HUP

run() {
	name=$1
	shift
	log="$logdir/$(basename "$name").log"
	if "$@" >"$log" 2>&1; then
		pass=$((pass + 1))
		printf 'PASS  %s\n' "$name"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		printf 'FAIL  %s\n' "$name"
		# what failed first (it may lie above the tail), then the tail
		grep -E '^(FAIL|\[  (FAILED|ERROR) )' "$log" | head -n 20 | sed 's/^/      > /'
		sed 's/^/      /' "$log" | tail -n 60
	fi
}

for t in "$@"; do
	run "$(basename "$t")" "$t"
done
for t in tests/t_*.sh; do
	[ -e "$t" ] || continue
	run "$(basename "$t")" sh "$t"
done

echo "$pass passed, $fail failed"
if [ "$fail" -ne 0 ]; then
	echo "failed:$failed"
	exit 1
fi
