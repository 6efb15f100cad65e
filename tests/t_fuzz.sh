#!/bin/sh
# Replays the fuzz harnesses (tests/fuzz/fuzz_NAME.c, built without libFuzzer
# as $BUILD/fuzz-replay/NAME) over their regression inputs
# (tests/fuzz/regressions/NAME: what the fuzzers once crashed on) and their
# seed corpus, so that `make check` and its sanitizer build catch a parser
# that crashes, leaks or hangs again, with no clang needed.  Each harness has
# a time bound.
set -u
: "${BUILD:?BUILD must name the build directory}"
export LC_ALL=C
export STORTUNE_TOP="$(pwd)"
fail=0
n=0
for src in tests/fuzz/fuzz_*.c; do
	name=${src#tests/fuzz/fuzz_}
	name=${name%.c}
	bin=$BUILD/fuzz-replay/$name
	if [ ! -x "$bin" ]; then
		echo "$name: no $bin (make check builds it)"; fail=1
		continue
	fi
	if [ ! -d "tests/fuzz/corpus/$name" ]; then
		echo "$name: no seed corpus tests/fuzz/corpus/$name (tests/fuzz/seed-corpus.sh)"; fail=1
	fi
	set -- "tests/fuzz/corpus/$name"
	[ -d "tests/fuzz/regressions/$name" ] && set -- "tests/fuzz/regressions/$name" "$@"
	timeout 120 "$bin" "$@" >/dev/null 2>"$BUILD/fuzz-replay/$name.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "$name: replay failed (exit $rc; 124: timed out):"
		tail -n 40 "$BUILD/fuzz-replay/$name.err"; fail=1
	fi
	n=$((n + 1))
done
[ "$n" -ge 10 ] || { echo "only $n harnesses replayed"; fail=1; }
exit $fail
