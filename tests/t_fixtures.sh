#!/bin/sh
# Every fixture sysroot gives exactly the expected text (probe -v) and JSON
# (probe --json) output, and no warnings: the fixtures are well-formed.
# UPDATE=1 rewrites the expected files (review the diff before committing).
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh

for dir in tests/sysroots/*/; do
	name=$(basename "$dir")
	for kind in txt json; do
		case $kind in
		txt) args="-v --color=never" ;;
		json) args="--json" ;;
		esac
		exp="tests/expected/$name.$kind"
		# shellcheck disable=SC2086
		if ! "$STORTUNE" probe $args --sysroot "$dir" >"$tmp/out" 2>"$tmp/err"; then
			echo "$name: probe $args failed:"; cat "$tmp/err"; fail=1; continue
		fi
		check_output "$name: probe $args" "$exp"
	done
done
count=$(ls -d tests/sysroots/*/ | wc -l)
if [ "$count" -lt 8 ]; then
	echo "only $count fixture sysroots; the suite needs at least 8"
	fail=1
fi
exit $fail
