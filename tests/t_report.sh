#!/bin/sh
# The HTML reports (issue 19) from fixture JSON under tests/report/ and from
# the commands' --report: each page equals its golden file under
# tests/expected/report/ (UPDATE=1 rewrites them) and is the same bytes on a
# second run; tidy finds no error in it, xmllint finds each inline SVG
# well-formed; no script, handler or outside reference in it; a hostile model
# string (a copy of a fixture sysroot) and hostile rule text come out
# escaped; bad input and write errors name the file and exit 1.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
top=$(pwd)
. tests/lib.sh
gold=tests/expected/report
fx=tests/report

# validate LABEL PAGE: tidy, the SVGs, no script or outside reference
validate() {
	if ! tidy -errors -q "$2" >"$tmp/tidy" 2>&1; then
		echo "$1: tidy -errors:"; cat "$tmp/tidy"; fail=1
	fi
	rm -rf "$tmp/svg" && mkdir "$tmp/svg"
	n=$(python3 $fx/check_html.py svgs "$2" "$tmp/svg")
	for s in "$tmp"/svg/*.svg; do
		[ -e "$s" ] || continue
		xmllint --noout "$s" 2>"$tmp/xmllint" || { echo "$1: $(basename "$s") of $n:"; cat "$tmp/xmllint"; fail=1; }
	done
	python3 $fx/check_html.py safe "$2" || { echo "$1: not self-contained or not safe"; fail=1; }
}

# page NAME ARGS...: stortune ARGS writes a page, which must equal
# $gold/NAME.html, validate, and be written the same a second time
page() {
	name=$1
	shift
	"$STORTUNE" "$@" >"$tmp/stdout" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 0 ] || { echo "stortune $*: exit $rc"; cat "$tmp/err"; fail=1; return; }
	cp "$tmp/page.html" "$tmp/out"
	check_output "$name: stortune $*" "$gold/$name.html"
	validate "$name" "$tmp/page.html"
	"$STORTUNE" "$@" >/dev/null 2>&1
	cmp -s "$tmp/page.html" "$tmp/out" || { echo "$name: a second run wrote other bytes"; fail=1; }
	size=$(wc -c <"$tmp/page.html")
	echo "t_report: $name.html $size bytes"
	[ "$size" -lt 204800 ] || { echo "$name: $size bytes, over 200 KB"; fail=1; }
}

for t in tidy xmllint python3; do
	command -v $t >/dev/null 2>&1 ||
		{ echo "t_report: $t is missing (packages tidy, libxml2-utils, python3: sh .ci/install-deps)"; exit 1; }
done
mkdir -p "$gold"
# bench: a recorded 60 s run, a second run beside it, an fsync workload
page bench report $fx/bench-randread-60s.json -o "$tmp/page.html"
page bench-compare report $fx/bench-randread-60s.json $fx/bench-randread-15s.json -o "$tmp/page.html"
page bench-fsync report $fx/bench-fsync-append.json -o "$tmp/page.html"
# validation with the trial keys of branch ab, and an older file without them
page validate report $fx/validate.json -o "$tmp/page.html"
page validate-old report $fx/validate-old.json -o "$tmp/page.html"
page validate-compare report $fx/validate.json $fx/validate-old.json -o "$tmp/page.html"
# observe: the saved JSON Lines, and observe --report on the recording
page observe report $fx/observe.jsonl -o "$tmp/page.html"
page observe-replay observe --replay $fx/observe-saturated.rec --report "$tmp/page.html"
"$STORTUNE" observe --replay $fx/observe-saturated.rec --json | cmp -s - $fx/observe.jsonl ||
	{ echo "observe.jsonl is not what observe --json prints for observe-saturated.rec now"; fail=1; }
# advise, from fixture sysroots: the tree with each item at its device
page advise-raid10 advise --sysroot tests/sysroots/raid10-xfs --profile database --report "$tmp/page.html"
page advise-lvm advise --sysroot tests/sysroots/lvm-luks-nvme --profile database --report "$tmp/page.html"
# a saved advise and probe, drawn together as advise --report draws them
"$STORTUNE" advise --sysroot tests/sysroots/raid10-xfs --profile database --json >"$tmp/advise.json"
"$STORTUNE" probe --sysroot tests/sysroots/raid10-xfs --json >"$tmp/probe.json"
"$STORTUNE" advise --sysroot tests/sysroots/raid10-xfs --profile database --report "$tmp/live.html" >/dev/null
"$STORTUNE" report "$tmp/advise.json" "$tmp/probe.json" -o "$tmp/saved.html" || fail=1
grep -v '<p class="meta">From ' "$tmp/saved.html" >"$tmp/a"
grep -v '<p class="meta">From ' "$tmp/live.html" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || { echo "report advise.json probe.json draws another page than advise --report"; diff -u "$tmp/b" "$tmp/a" | head -20; fail=1; }

# injection: a hostile model string in a copy of a fixture sysroot, and rule
# text with < & and quotes; the page must hold them only as text
root=$tmp/hostile-root
cp -a tests/sysroots/db-hdd-ext4 "$root"
for m in $(find "$root/sys/devices" -name model); do
	printf '%s\n' '<script>alert(1)</script>&"'"'" >"$m"
done
mkdir "$tmp/rules"
cp rules/*.ini $fx/rules-hostile/hostile.ini "$tmp/rules/"
chmod -R go-w "$tmp/rules"
"$STORTUNE" advise --sysroot "$root" --rules "$tmp/rules" --profile database --report "$tmp/hostile.html" \
	>/dev/null 2>"$tmp/err" || { echo "advise on the hostile tree failed:"; cat "$tmp/err"; fail=1; }
validate hostile "$tmp/hostile.html"
if grep -qi '<script' "$tmp/hostile.html"; then
	echo "hostile: a raw <script in the page:"; grep -ni '<script' "$tmp/hostile.html" | head -5; fail=1
fi
for want in '&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;' \
	'&lt;/details&gt;&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;' \
	'&lt;a href=&quot;http://example.invalid/&quot;&gt;link&lt;/a&gt; &amp; more'; do
	grep -qF -- "$want" "$tmp/hostile.html" || { echo "hostile: '$want' not in the page"; fail=1; }
done
# the hostile strings in a saved probe, through stortune report too
"$STORTUNE" probe --sysroot "$root" --json >"$tmp/hprobe.json"
"$STORTUNE" report "$tmp/hprobe.json" -o "$tmp/hprobe.html" || fail=1
validate hostile-probe "$tmp/hprobe.html"
grep -qi '<script' "$tmp/hprobe.html" && { echo "hostile probe: a raw <script in the page"; fail=1; }

# bad input names the file (and the line), exit 1, no page left behind
printf '{"workload": "x",\n  "lat_us": {"p50": 1 2}}\n' >"$tmp/bad.json"
expect 1 "stortune: $tmp/bad.json:2: not JSON: " -- report "$tmp/bad.json" -o "$tmp/x.html"
printf '{"workload": "x"\n' >"$tmp/short.json"
expect 1 "stortune: $tmp/short.json:2: not JSON: unexpected end of file" -- report "$tmp/short.json" -o "$tmp/x.html"
echo '{"hello": "world"}' >"$tmp/other.json"
expect 1 "stortune: $tmp/other.json: not a stortune JSON report" -- report "$tmp/other.json" -o "$tmp/x.html"
echo '[1, 2]' >"$tmp/arr.json"
expect 1 "stortune: $tmp/arr.json: not a stortune JSON report" -- report "$tmp/arr.json" -o "$tmp/x.html"
: >"$tmp/empty.json"
expect 1 "stortune: $tmp/empty.json: not a stortune JSON report" -- report "$tmp/empty.json" -o "$tmp/x.html"
(cat $fx/observe.jsonl; echo '{"groups": [], "alpha": 0.05}') >"$tmp/mixed.jsonl"
expect 1 "stortune: $tmp/mixed.jsonl: object 21: not an observe interval like the first" -- \
	report "$tmp/mixed.jsonl" -o "$tmp/x.html"
expect 1 "stortune: $tmp/none.json: open: No such file or directory" -- report "$tmp/none.json" -o "$tmp/x.html"
[ -e "$tmp/x.html" ] && { echo "a page was written from bad input"; fail=1; }
expect 1 "report: -o FILE is required" -- report $fx/validate.json
expect 1 "report: give the saved JSON files" -- report -o "$tmp/x.html"
expect 1 "apply: --report goes with --validate" -- apply --profile database --dry-run --report "$tmp/x.html"
# a write error names the page; the directory is left clean
expect 1 "stortune: $tmp/no/such/dir/x.html: cannot create the report: No such file or directory" -- \
	report $fx/validate.json -o "$tmp/no/such/dir/x.html"
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$tmp/ro" && chmod 0500 "$tmp/ro"
	expect 1 "stortune: $tmp/ro/x.html: cannot create the report: Permission denied" -- \
		report $fx/validate.json -o "$tmp/ro/x.html"
	chmod 0700 "$tmp/ro"
fi
# a page over an existing one replaces it whole (rename), no temp file left
echo old >"$tmp/keep.html"
"$STORTUNE" report $fx/validate.json -o "$tmp/keep.html" || fail=1
grep -q '^old$' "$tmp/keep.html" && { echo "the old page is still there"; fail=1; }
ls "$tmp" | grep -q 'keep.html.' && { echo "a temporary file was left: $(ls "$tmp" | grep keep.html.)"; fail=1; }

exit $fail
