#!/bin/sh
# Runs each libFuzzer harness (BUILD/fuzz/NAME, from `make fuzz`) for SECONDS
# seconds, starting from its seed corpus (tests/fuzz/corpus/NAME) and its
# regression inputs (tests/fuzz/regressions/NAME).  New inputs go to a
# working corpus in BUILD/corpus/NAME, never into the tree; a crash, leak,
# timeout (-timeout=10 s per input) or memory blow-up (-rss_limit_mb=2048)
# leaves its input in BUILD/artifacts/ and fails the run.  Inputs are cut at
# 64 KiB (-max_len): the large regression inputs are for replay, and would
# slow the search down.  Prints each harness's executions.
#
#   sh tests/fuzz/run.sh BUILD SECONDS NAME...
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
build=$1
seconds=$2
shift 2
export STORTUNE_TOP="$top"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# the harnesses' scratch trees (fz_tmpdir) go here: a harness libFuzzer
# stops (a crash, a timeout) skips its atexit cleanup, and earlier runs left
# them in /tmp
TMPDIR=$(mktemp -d /tmp/stortune-fuzz-run-XXXXXX) || exit 1
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
trap 'exit 1' INT TERM HUP

failed=""
summary=""
mkdir -p "$build/artifacts" "$build/logs"
for name in "$@"; do
	bin=$build/fuzz/$name
	work=$build/corpus/$name
	log=$build/logs/$name.log
	mkdir -p "$work"
	set -- "$work" "tests/fuzz/corpus/$name"
	[ -d "tests/fuzz/regressions/$name" ] && set -- "$@" "tests/fuzz/regressions/$name"
	echo "fuzz: $name for ${seconds}s"
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="$build/artifacts/$name-" -print_final_stats=1 "$@" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	summary="$summary
  $name: ${execs:-?} executions, exit $rc"
	if [ "$rc" -ne 0 ]; then
		failed="$failed $name"
		echo "fuzz: $name FAILED (exit $rc); the end of $log:"
		tail -n 40 "$log" | sed 's/^/      /'
	fi
done
echo "fuzz: executions per harness:$summary"
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed (inputs in $build/artifacts/)"
	exit 1
fi
