# shellcheck shell=sh
# Helpers the shell tests share; sourced from the top of the tree, after the
# test has set $tmp (its temp dir) and fail=0.

# expect CODE PATTERN -- ARGS...: stortune ARGS exits CODE and prints a line
# (stdout or stderr) matching PATTERN
expect() {
	code=$1 pat=$2
	shift 3
	"$STORTUNE" "$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$code" ]; then
		echo "stortune $*: exit $rc, expected $code"; cat "$tmp/out"; fail=1
	elif ! grep -q -- "$pat" "$tmp/out"; then
		echo "stortune $*: output lacks '$pat':"; cat "$tmp/out"; fail=1
	fi
}

# check_output LABEL EXPECTED: $tmp/out is exactly the file EXPECTED and
# $tmp/err is empty.  UPDATE=1 rewrites EXPECTED instead.
check_output() {
	label=$1 exp=$2
	if [ -s "$tmp/err" ]; then
		echo "$label printed warnings:"; cat "$tmp/err"; fail=1
	fi
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/out" "$exp"
	elif [ ! -f "$exp" ]; then
		echo "$label: no $exp"; fail=1
	elif ! diff -u "$exp" "$tmp/out"; then
		echo "$label: output differs from $exp"; fail=1
	fi
}
