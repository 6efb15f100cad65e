#!/bin/sh
# The HTML reports in a real browser: headless Chromium opens each page
# drawn from the fixtures under tests/report/, logs no console error or
# uncaught exception, and its screenshot is not blank where the latency
# histogram, the IOPS series, the A/B trials, the interval and the observe
# charts are (several colours besides the background, checked with
# tests/report/check_html.py, which decodes the PNG with zlib alone).
# Skipped, saying so, without chromium (.ci/install-deps installs it).
# The screenshots stay in $BUILD/report-shots/.
set -u
: "${STORTUNE:?}"
: "${BUILD:?BUILD must name the build directory}"
export LC_ALL=C
fail=0
browser=
for b in chromium chromium-browser google-chrome; do
	command -v "$b" >/dev/null 2>&1 && { browser=$b; break; }
done
if [ -z "$browser" ]; then
	echo "t_report_browser: skipped: no chromium (apt-get install chromium, or sh .ci/install-deps)"
	exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "t_report_browser: skipped: no python3"; exit 0; }
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
shots=$BUILD/report-shots
mkdir -p "$shots"
fx=tests/report
W=1000 H=1800

# shot NAME REGION... : the page $tmp/NAME.html in the browser, to
# $shots/NAME.png; no console error; each REGION (x0,y0,x1,y1 as fractions
# of the screenshot) not blank
shot() {
	name=$1
	shift
	prof=$(mktemp -d "$tmp/profile-XXXXXX")
	# timeout: a browser that hangs must not hang the suite
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" --hide-scrollbars --enable-logging=stderr --v=0 \
		--window-size=$W,$H --screenshot="$shots/$name.png" "file://$tmp/$name.html" \
		>"$tmp/$name.out" 2>"$tmp/$name.log"
	rc=$?
	if [ "$rc" -ne 0 ] || [ ! -s "$shots/$name.png" ]; then
		echo "$name: $browser exit $rc, no screenshot:"; tail -20 "$tmp/$name.log"; fail=1; return
	fi
	# console messages come as ":INFO:CONSOLE:N] "..."" lines, exceptions as "Uncaught ..."
	if grep -E 'CONSOLE|Uncaught' "$tmp/$name.log" >"$tmp/$name.console"; then
		[ "$name" = control ] && { rm -f "$shots/control.png"; return; }
		echo "$name: console errors:"; cat "$tmp/$name.console"; fail=1
	elif [ "$name" = control ]; then
		echo "the browser logged no console error for a page that throws: the check would see none"
		cat "$tmp/$name.log"; fail=1; return
	fi
	python3 $fx/check_html.py png "$shots/$name.png" "$@" || fail=1
	echo "t_report_browser: $shots/$name.png $(wc -c <"$shots/$name.png") bytes"
}

# the places were found on these pages at 1000 x 1800: below the heading
# and table, the histogram; under it the IOPS series (bench); the first
# group's trials and its interval bar (validate); with the colours that
# must be there: bars 4c7fb8, A and reads 1f6fb4, B and writes d95f02,
# improved 1b7f4a
BAR=4c7fb8 A=1f6fb4 B=d95f02 OK=1b7f4a
# first a page that throws, to show the console check can fail
echo '<!DOCTYPE html><title>x</title><script>console.error("boom"); throw new Error("x")</script>' >"$tmp/control.html"
shot control
"$STORTUNE" report $fx/bench-randread-60s.json -o "$tmp/bench.html" || fail=1
shot bench 0.05,0.30,0.85,0.45:$BAR 0.05,0.50,0.85,0.60:$A
"$STORTUNE" report $fx/bench-randread-60s.json $fx/bench-randread-15s.json -o "$tmp/bench-compare.html" || fail=1
shot bench-compare 0.05,0.25,0.85,0.42:$A,$B
"$STORTUNE" report $fx/validate.json -o "$tmp/validate.html" || fail=1
shot validate 0.05,0.22,0.85,0.34:$A,$B 0.05,0.37,0.85,0.42:$OK
"$STORTUNE" report $fx/validate-old.json -o "$tmp/validate-old.html" || fail=1
shot validate-old 0.05,0.22,0.85,0.40:$A,$B
"$STORTUNE" report $fx/observe.jsonl -o "$tmp/observe.html" || fail=1
shot observe 0.05,0.15,0.85,0.35:$A,$B
"$STORTUNE" advise --sysroot tests/sysroots/raid10-xfs --profile database --report "$tmp/advise.html" >/dev/null || fail=1
shot advise 0.0,0.15,0.9,0.45:$OK
exit $fail
