#!/bin/sh
# stortune observe as a user meets it, without root: a recording of an LVM
# and md RAID1 server replayed to the exact text expected (rows rolled up,
# members under their stack, saturation, the suggestion), its JSON Lines
# with the issue's keys, the recorded workloads each suggesting their
# profile, and the errors that name the file and line or the option.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

. tests/lib.sh

rec=tests/observe/stack.rec

"$STORTUNE" observe --replay "$rec" >"$tmp/out" 2>"$tmp/err"
check_output "observe --replay $rec" tests/expected/observe-stack.txt

# named devices: only their rows (and members), and the overall is theirs
"$STORTUNE" observe --replay "$rec" md0 >"$tmp/out" 2>"$tmp/err"
check_output "observe --replay $rec md0" tests/expected/observe-stack-md0.txt

# on a terminal the table fits its width: the merges, request sizes, flushes,
# discards and throughput go first; rates, latencies, queue size and %util
# stay as long as they fit (script(1) gives a terminal of that width)
if script -qc true /dev/null >/dev/null 2>&1; then
	for cols in 140 80 60; do
		script -qc "stty cols $cols; \"$STORTUNE\" observe --replay $rec" /dev/null |
			tr -d '\r' >"$tmp/tty"
		# the table: from its header to the blank line after it
		long=$(awk -v w="$cols" '/^Device /{t=1} /^$/{t=0} t && length($0) > w' "$tmp/tty" | head -1)
		[ -z "$long" ] || { echo "observe on a $cols-column terminal: a table line is wider: $long"; fail=1; }
		head=$(grep '^Device ' "$tmp/tty" | head -1)
		case $cols in
		140) want='Device r/s w/s rkB/s wkB/s rrqm/s wrqm/s rareq-sz wareq-sz r_await w_await aqu-sz %util f/s pattern' ;;
		80) want='Device r/s w/s r_await w_await aqu-sz %util pattern' ;;
		60) want='Device r/s w/s r_await w_await aqu-sz' ;;
		esac
		[ "$(echo "$head" | tr -s ' ')" = "$want" ] ||
			{ echo "observe on a $cols-column terminal: header '$head', wanted '$want'"; fail=1; }
	done
else
	echo "t_observe: no pseudo-terminal here (script -c failed): terminal widths not tested"
fi

# JSON Lines: one object per interval, the issue's keys on every device
"$STORTUNE" observe --replay "$rec" --json >"$tmp/out" 2>"$tmp/err" || fail=1
if command -v python3 >/dev/null 2>&1; then
	python3 - "$tmp/out" <<'EOF' || fail=1
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 2, "%d lines, wanted 2 (one per interval)" % len(lines)
keys = ["name", "r_s", "w_s", "rkb_s", "wkb_s", "rrqm_s", "wrqm_s", "rareq_sz", "wareq_sz",
        "r_await", "w_await", "aqu_sz", "util", "f_s", "pattern", "suggested_profile"]
for n, line in enumerate(lines, 1):
    d = json.loads(line)
    assert abs(d["interval_s"] - 1.0) < 1e-9, d["interval_s"]
    names = [x["name"] for x in d["devices"]]
    assert names == ["sda", "dm-0", "sda2", "md0", "sdb", "sdc"], names
    for dev in d["devices"]:
        missing = [k for k in keys if k not in dev]
        assert not missing, "%s lacks %s" % (dev["name"], missing)
    sda = d["devices"][0]
    assert (sda["r_s"], sda["rareq_sz"], sda["f_s"]) == (720.0, 8.0, 60.0), sda
    assert sda["pattern"] == "random" and sda["suggested_profile"] == "database", sda
    md0 = d["devices"][3]
    assert md0["pattern"] == "sequential" and md0["suggested_profile"] == "backup", md0
    assert md0["f_s"] is None, "md0 counts no flushes: null, not 0"
    assert d["devices"][4]["member_of"] == "md0"
    assert d["devices"][4]["saturated"] == (n == 2), (n, d["devices"][4])
    assert d["pressure"]["some_pct"] > 0 and d["vm"]["dirty_kb"] > 0
EOF
fi

# the recorded workloads: each suggests its profile (test_observe checks the
# figures; this checks what an administrator reads)
for w in database:database backup:backup log:log-streaming file-server:file-server; do
	f=tests/observe/${w%%:*}.rec
	[ -f "$f" ] || continue
	expect 0 "^The closest profile is ${w#*:}:" -- observe --replay "$f" loop0
done
[ -f tests/observe/idle.rec ] &&
	expect 0 "^Too little I/O to suggest a profile" -- observe --replay tests/observe/idle.rec loop0

# errors name the file and line, or the option
printf 'stortune-observe-recording 1\n@ 1\n8 0 sda 1 2 x 4\n' >"$tmp/bad.rec"
expect 1 "bad.rec:3: field 6 (writes issued): not a number" -- observe --replay "$tmp/bad.rec"
printf 'stortune-observe-recording 1\ndev sda 8:0 disk hdd\n@ 1\n' >"$tmp/one.rec"
expect 1 "one.rec: 1 sample; observe needs two or more" -- observe --replay "$tmp/one.rec"
expect 1 "/nonexistent.rec: No such file or directory" -- observe --replay /nonexistent.rec
expect 1 "observe: --replay and --interval exclude each other" -- observe --replay "$rec" --interval 2
expect 1 "observe: --sysroot does not apply: it samples the live machine" -- \
	observe --sysroot tests/sysroots/desktop-ssd-hdd
expect 1 "--interval 0.01: at least 0.1 s" -- observe --interval 0.01
expect 1 "--interval 'soon': not a number of seconds" -- observe --interval soon
expect 1 "--count 'x': not a count" -- observe --count x
expect 1 "sdz: no such block device" -- observe --count 1 sdz
expect 1 "--observe 0: at least 1 second" -- advise --observe 0
expect 1 "observe: --profile is not an option of observe; it goes with advise, apply, verify or bench" -- observe --profile database

exit $fail
