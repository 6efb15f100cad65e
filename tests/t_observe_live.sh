#!/bin/sh
# stortune observe for real, as root: while stortune bench runs a known
# workload on a loop device this test makes (lib_live.sh: --direct-io=on,
# ext4, mounted), observe that device and check that the I/O is classified
# as the workload it is:
#   randread-4k-qd32   random, ~100% reads, 4 KiB requests
#   seqwrite-1m        sequential, ~0% reads
#   fsync-append-128   small writes, fsync-heavy, suggests log-streaming
# and that --record then --replay reads the same figures back.  Nothing is
# written by observe; the loop device's queue is compared with before.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
top=${STORTUNE_TOP:-$(pwd)}
fail=0

. "$top/tests/lib.sh"
. "$top/tests/lib_live.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 is missing"

queue_snapshot >"$tmp/queue.before"
bench_pid=

# shellcheck disable=SC2317 # runs from the trap
stop_bench() {
	if [ -n "$bench_pid" ]; then
		kill "$bench_pid" 2>/dev/null
		wait "$bench_pid" 2>/dev/null
		bench_pid=
	fi
}

# observe_during WORKLOAD: observe $n for 3 intervals of 1 s while bench
# runs WORKLOAD, after a second of ramp; the JSON Lines in $tmp/obs.json
observe_during() {
	# shellcheck disable=SC2086 # $data is two options
	"$STORTUNE" bench $data -q --target "$mnt" --size 64M --workload "$1" --runtime 6 --ramp 1 \
		>"$tmp/bench.out" 2>&1 &
	bench_pid=$!
	sleep 2
	# shellcheck disable=SC2086
	"$STORTUNE" observe $data --interval 1 --count 3 --json --record "$tmp/$1.rec" "$n" \
		>"$tmp/obs.json" 2>"$tmp/obs.err" || { echo "observe failed:"; cat "$tmp/obs.err"; fail=1; }
	wait "$bench_pid" || { echo "bench $1 failed:"; cat "$tmp/bench.out"; fail=1; }
	bench_pid=
}

# check WORKLOAD PYTHON-CONDITIONS: every interval's row of $n satisfies them
check() {
	python3 - "$tmp/obs.json" "$n" "$1" "$2" <<'EOF' || fail=1
import json, sys
path, dev, work, cond = sys.argv[1:]
lines = open(path).read().splitlines()
assert len(lines) == 3, "%s: %d intervals, wanted 3" % (work, len(lines))
for line in lines:
    d = json.loads(line)
    rows = [x for x in d["devices"] if x["name"] == dev]
    assert len(rows) == 1, "%s: no row for %s" % (work, dev)
    r = rows[0]
    o = d["overall"]
    if not eval(cond):
        sys.exit("%s: %s is false for %s" % (work, cond, json.dumps(r)))
EOF
}

trap 'stop_bench; cleanup' EXIT

observe_during randread-4k-qd32
check randread-4k-qd32 'r["pattern"] == "random" and r["read_pct"] > 95 and 3.5 < r["rareq_sz"] < 4.5 and r["r_s"] > 100 and r["aqu_sz"] > 1'

# advise --observe during the same load: the profile takes the observed shape
# shellcheck disable=SC2086
"$STORTUNE" bench $data -q --target "$mnt" --size 64M --workload randread-4k-qd32 --runtime 5 \
	--ramp 1 >"$tmp/bench.out" 2>&1 &
bench_pid=$!
sleep 2
# shellcheck disable=SC2086
"$STORTUNE" advise $data --observe 2 --profile database --json "$n" >"$tmp/advise.json" \
	2>"$tmp/advise.err" || { echo "advise --observe failed:"; cat "$tmp/advise.err"; fail=1; }
wait "$bench_pid" || fail=1
bench_pid=
python3 - "$tmp/advise.json" <<'EOF' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
o = d["observed"]
assert d["profile"] == "database", d["profile"]
assert o["applied"] is True and o["pattern"] == "random", o
assert 1.9 < o["seconds"] < 2.5, o
assert "random" in o["evidence"] and "reads" in o["evidence"], o
EOF
grep -q "observing the I/O for 2 s" "$tmp/advise.err" || { echo "advise --observe: no progress line"; fail=1; }

observe_during seqwrite-1m
check seqwrite-1m 'r["pattern"] == "sequential" and r["read_pct"] < 5 and r["wareq_sz"] > 128 and o["suggested_profile"] in ("backup", "analytics")'

observe_during fsync-append-128
check fsync-append-128 'r["fsync_heavy"] is True and r["f_s"] > 10 and r["read_pct"] < 5 and r["suggested_profile"] == "log-streaming"'

# what was recorded replays to the same figures
# shellcheck disable=SC2086
"$STORTUNE" observe $data --replay "$tmp/fsync-append-128.rec" --json "$n" >"$tmp/replay.json" 2>&1 || fail=1
python3 - "$tmp/obs.json" "$tmp/replay.json" "$n" <<'EOF' || fail=1
import json, sys
live = [json.loads(l) for l in open(sys.argv[1])]
rep = [json.loads(l) for l in open(sys.argv[2])]
dev = sys.argv[3]
assert len(live) == len(rep), (len(live), len(rep))
for a, b in zip(live, rep):
    ra = [x for x in a["devices"] if x["name"] == dev][0]
    rb = [x for x in b["devices"] if x["name"] == dev][0]
    for k in ("r_s", "w_s", "wkb_s", "f_s", "w_await", "aqu_sz", "util", "pattern"):
        # the recording keeps the times to the microsecond
        same = ra[k] == rb[k] if isinstance(ra[k], str) else abs(ra[k] - rb[k]) <= 0.002 * max(1, abs(ra[k]))
        assert same, "%s: live %r, replayed %r" % (k, ra[k], rb[k])
EOF

queue_snapshot >"$tmp/queue.after"
if ! diff -u "$tmp/queue.before" "$tmp/queue.after"; then
	echo "the queue of $loop changed"
	fail=1
fi
exit $fail
