#!/bin/sh
# stortune bench, bench --ab and apply --validate for real, as root, on a
# loop device this test makes (lib_live.sh: --direct-io=on, ext4, mounted):
#
# 1. every named workload for 1 s, and a custom one: plausible non-zero
#    figures, and /proc/diskstats counts of the loop device that match the
#    I/O issued (O_DIRECT reads and writes, flushes per fsync);
# 2. an A/A test (bench --ab, B changes nothing): "no detectable change";
# 3. apply --validate with a rule of this test that turns readahead off
#    under a small sequential read workload: regressed, rolled back, exit 3,
#    readahead as before, nothing left for revert; bench --ab --profile
#    measures the same and keeps nothing (exit 0);
# 4. refusals: a device as target, a scratch file larger than half the free
#    space, an unknown workload, too few trials;
# 5. SIGTERM in the middle of a run leaves no scratch file and no space
#    used (a job started with & from a script ignores SIGINT, and stortune
#    keeps it ignored; test_scratch covers SIGINT).
# The queue of the loop device and the vm sysctls are compared with a
# snapshot from before at the end.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
top=${STORTUNE_TOP:-$(pwd)}
fail=0

. "$top/tests/lib.sh"
. "$top/tests/lib_live.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 is missing"

queue_snapshot >"$tmp/queue.before"
mount_options >"$tmp/mount.before"
b="bench --target $mnt --size 64M"

# check_bench WORKLOAD: the JSON in $tmp/out is a plausible result
check_bench() {
	python3 - "$tmp/out" "$1" "$n" <<'EOF' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
w, dev = sys.argv[2], sys.argv[3]
bad = []
def need(cond, what):
    if not cond:
        bad.append(what)
need(d["workload"] == w, "workload is %r" % d["workload"])
burst = w == "buffered-burst"
need(0 < d["runtime_s"] <= 1.5 if burst else 0.8 <= d["runtime_s"] <= 1.5,
     "runtime_s %r" % d["runtime_s"])
need(d["ios"] > 0 and d["iops"] > 0 and d["mbps"] > 0, "no I/O counted")
lat = d["lat_us"]
need(0 < lat["p50"] <= lat["p90"] <= lat["p99"] <= lat["p999"] <= lat["max"],
     "latency percentiles out of order: %r" % lat)
need(d["cpu_per_io_us"] > 0, "cpu_per_io_us %r" % d["cpu_per_io_us"])
need(d["devices"] == [dev], "devices %r, not [%r]" % (d["devices"], dev))
# the report's data: every I/O in one histogram bucket, bounds in order; a
# point a second (a 1 s run: one, or two when the last tick fell short)
h = d["histogram"]
need(sum(b["count"] for b in h["buckets"]) == d["ios"] == h["n"],
     "histogram counts %d for %d I/Os" % (sum(b["count"] for b in h["buckets"]), d["ios"]))
need(all(b["lo_ns"] <= b["hi_ns"] for b in h["buckets"]) and
     all(a["hi_ns"] < b["lo_ns"] for a, b in zip(h["buckets"], h["buckets"][1:])), "histogram bounds")
need(burst or 1 <= len(d["series"]) <= 2, "series of %d points" % len(d["series"]))
need(d["logical"]["ios"] == d["ios"], "logical ios %r" % d["logical"])
p = d["physical"]
need(p is not None, "no physical figures")
if p is not None:
    logical = d["ios"] * d["bs"]
    if d["direct"] and d["rw"] in ("randread", "read"):
        # O_DIRECT reads cannot come from the cache: each is a request
        need(p["read_ios"] >= 0.99 * d["ios"], "read_ios %d for %d reads" % (p["read_ios"], d["ios"]))
        need(p["read_bytes"] >= 0.99 * logical, "read_bytes %d for %d" % (p["read_bytes"], logical))
    if d["direct"] and d["rw"] in ("randwrite", "write"):
        need(p["write_bytes"] >= 0.99 * logical, "write_bytes %d for %d" % (p["write_bytes"], logical))
        need(p["write_amplification"] >= 0.99, "write amplification %r" % p["write_amplification"])
    if w == "seqread-64k":
        # readahead: fewer, larger requests than the 64 KiB reads
        need(p["avg_request_bytes"] > 64 * 1024, "avg request %d" % p["avg_request_bytes"])
    if d["sync"] != "none":
        need(d["syncs"] == d["ios"], "syncs %d for %d writes" % (d["syncs"], d["ios"]))
        # one at a time, every fsync reaches the disk as a flush (or two,
        # with the journal commit); in flight together they may share one
        least = d["syncs"] * 0.99 if d["qd"] == 1 and d["jobs"] == 1 else 1
        need(p["flushes"] is not None and p["flushes"] >= least,
             "flushes %r for %d fsyncs" % (p["flushes"], d["syncs"]))
    if burst:
        need(p["write_bytes"] >= 0.99 * logical, "the burst was not written: %d of %d"
             % (p["write_bytes"], logical))
for x in bad:
    print("FAIL: %s: %s" % (w, x))
sys.exit(1 if bad else 0)
EOF
}

# 1. every workload, 1 s each
"$STORTUNE" bench list >"$tmp/list" || { echo "FAIL: bench list"; fail=1; }
workloads=$(awk 'NR > 1 && $1 != "custom" { print $1 }' "$tmp/list")
[ "$(echo "$workloads" | wc -w)" -ge 9 ] || { echo "FAIL: bench list: $workloads"; fail=1; }
for w in $workloads; do
	# shellcheck disable=SC2086
	live 0 $b --workload "$w" --runtime 1 --ramp 0.2 --json && check_bench "$w"
done
# shellcheck disable=SC2086
live 0 $b --workload custom --rw randwrite --bs 8k --qd 4 --fsync fdatasync --runtime 1 --ramp 0.2 \
	--json && check_bench custom
# the text form, for the log and for what an administrator reads, and the
# HTML page of the same run
# shellcheck disable=SC2086
live 0 $b --workload fsync-append-128 --runtime 1 --ramp 0.2 --report "$tmp/bench.html"
grep -q '^  write amplification  *[0-9]' "$tmp/out" ||
	{ echo "FAIL: the text report has no write amplification"; fail=1; }
grep -q '<h4>Latency histogram</h4>' "$tmp/bench.html" && ! grep -q 'No latency histogram' "$tmp/bench.html" ||
	{ echo "FAIL: bench --report wrote no histogram"; fail=1; }
if command -v tidy >/dev/null 2>&1 && ! tidy -errors -q "$tmp/bench.html"; then
	echo "FAIL: bench --report: tidy -errors"; fail=1
fi

# 2. A/A: B changes nothing.  At alpha 0.05 one run in 20 is a false
# positive by design; a second run makes that one in 400.
aa() {
	# shellcheck disable=SC2086
	live 0 $b --ab --workload randread-4k-qd1 --trials 5 --runtime 0.5 --ramp 0.1 &&
		grep -q ': no detectable effect >= [0-9]*%' "$tmp/out" &&
		grep -q 'no detectable change$' "$tmp/out"
}
aa || { echo "(A/A: a false positive? once more)"; aa; } ||
	{ echo "FAIL: the A/A test did not report no detectable change"; fail=1; }

# 2b. the sequential form: blocks are added after the 5-trial minimum until
# the requested effect is detectable or the budget is spent, and the JSON
# holds every trial as it ran (the warm-up block's too), why the trials
# stopped and the verdict in words.  A budget of 6 s at 0.4 s a trial ends
# it after at most 7 trials a side.
# shellcheck disable=SC2086
if live 0 $b --ab --workload randread-4k-qd1 --detect 2% --budget 6s --runtime 0.3 --ramp 0.1 --json; then
	python3 - "$tmp/out" <<'EOF' || fail=1
import json, sys
v = json.load(open(sys.argv[1]))
bad = []
if v.get("detect") != 0.02 or v.get("budget_s") != 6:
    bad.append(f"detect {v.get('detect')!r}, budget_s {v.get('budget_s')!r}")
g = v["groups"][0]
n = len(g["a_values"])
if not 5 <= n <= 7 or len(g["b_values"]) != n:
    bad.append(f"{n} trials a side: not 5 to 7")
t = g.get("trials") or []
if len(t) != 2 * (n + 1):
    bad.append(f"{len(t)} trials listed, not 2 x ({n} + 1)")
if [x["order"] for x in t] != list(range(len(t))):
    bad.append("trials not in run order")
if [x["kept"] for x in t[:2]] != [False, False] or not all(x["kept"] for x in t[2:]):
    bad.append("only the first block is discarded")
for arm, key in (("A", "a_values"), ("B", "b_values")):
    if [x["value"] for x in t if x["kept"] and x["arm"] == arm] != g[key]:
        bad.append(f"the kept {arm} trials are not {key}")
if sorted({x["block"] for x in t}) != list(range(n + 1)):
    bad.append("blocks are not 0..n")
if any(x["mech"] is None or x["mech"]["read_bytes"] <= 0 for x in t):
    bad.append("a trial without its diskstats reads")
if g.get("stopped") not in ("detectable", "budget", "max_trials"):
    bad.append(f"stopped {g.get('stopped')!r}")
if not 0 < g.get("elapsed_s", 0) < 20:
    bad.append(f"elapsed_s {g.get('elapsed_s')!r}")
if not g.get("verdict_text"):
    bad.append("no verdict_text")
for b in bad:
    print("FAIL: bench --ab --detect --budget:", b)
sys.exit(1 if bad else 0)
EOF
	# shellcheck disable=SC2086
	live 0 $b --ab --workload randread-4k-qd1 --budget 3s --runtime 0.3 --ramp 0.1 &&
		grep -q 'until an effect of 10% is detectable or 3 s are spent' "$tmp/out" &&
		grep -q '^  [0-9]* trials of A and of B (and a discarded block) in .*; stopped: ' "$tmp/out" ||
		{ echo "FAIL: bench --ab --budget: the text report"; fail=1; }
fi

# 3. apply --validate: readahead off regresses small sequential reads, and
# bench --ab --profile measures it without keeping it
cat >"$tmp/data/rules/zz-live-validate.ini" <<'EOF'
[live-loop-no-read-ahead]
summary = test: no read ahead on {device.name}
why = tests/t_bench_live.sh: without readahead, 64 KiB sequential reads become 4 KiB requests.
scope = device
when = device.class == "loop" && device.has_queue
set = queue/read_ahead_kb
value = 0
validate = seqread-64k
source = Linux Documentation/block/queue-sysfs.rst (read_ahead_kb)
EOF
chmod go-w "$tmp/data/rules/zz-live-validate.ini"
st="$data --state-dir $tmp/state"
# shellcheck disable=SC2086
if live 3 apply --profile database $st --validate --trials 5 --runtime 1 --ramp 0.2 --size 128M "$n"
then
	grep -q "^$n  *queue/read_ahead_kb  .*rolled back: regressed under seqread-64k" "$tmp/out" ||
		{ echo "FAIL: read_ahead_kb is not shown rolled back"; fail=1; }
	grep -q "^$n  *queue/read_ahead_kb .* seen  *regressed: rolled back\$" "$tmp/out" ||
		{ echo "FAIL: the validation table lacks the regression with its mechanism"; fail=1; }
	grep -q "mechanism (seen): avg request [0-9]* KiB -> 4 KiB" "$tmp/out" ||
		{ echo "FAIL: the mechanism line is missing"; fail=1; }
fi
[ "$(cat "$q/read_ahead_kb")" = "$(saved read_ahead_kb "$tmp/queue.saved")" ] ||
	{ echo "FAIL: read_ahead_kb was not put back"; fail=1; }
# shellcheck disable=SC2086
live 0 revert $st && { grep -q "nothing to revert" "$tmp/out" ||
	{ echo "FAIL: a journal is still active after the rollback"; fail=1; }; }

# ... and bench --ab --profile measures the same without keeping anything
# shellcheck disable=SC2086
if live 0 bench --ab --profile database $st --trials 5 --runtime 1 --ramp 0.2 --size 128M "$n"; then
	grep -q "^$n  *queue/read_ahead_kb  .*  rolled back: " "$tmp/out" ||
		{ echo "FAIL: bench --ab does not show read_ahead_kb rolled back"; fail=1; }
	grep -q "^$n  *queue/read_ahead_kb .* regressed" "$tmp/out" ||
		{ echo "FAIL: bench --ab did not measure the regression"; fail=1; }
fi
[ "$(cat "$q/read_ahead_kb")" = "$(saved read_ahead_kb "$tmp/queue.saved")" ] ||
	{ echo "FAIL: bench --ab left read_ahead_kb changed"; fail=1; }

# 4. refusals
expect 1 "is a device" -- bench --target "$loop" --runtime 1
expect 1 "needs twice that" -- bench --target "$mnt" --size 100T --runtime 1
expect 1 "did you mean 'randread-4k-qd1'" -- bench --target "$mnt" --workload randread-4k-qd2
expect 1 "trials 3: 5 to 100" -- bench --ab --target "$mnt" --trials 3
expect 1 "only with --workload custom" -- bench --target "$mnt" --bs 8k

# 5. SIGTERM in the middle of a run (SIGINT is ignored by a job started
# with & from a script, and stortune keeps it ignored; test_scratch covers
# SIGINT)
free_before=$(df -k --output=avail "$mnt" | tail -1)
"$STORTUNE" bench --target "$mnt" --size 128M --workload randwrite-4k-qd1 --runtime 20 \
	>"$tmp/out" 2>&1 &
pid=$!
sleep 2
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -gt 128 ] || { echo "FAIL: bench after SIGTERM exited $rc"; fail=1; }
sync
free_after=$(df -k --output=avail "$mnt" | tail -1)
# ext4 gives the blocks back when the last descriptor closes
[ $((free_before - free_after)) -lt 4096 ] ||
	{ echo "FAIL: $((free_before - free_after)) KiB still used after SIGTERM"; fail=1; }
if ls -A "$mnt" | grep -q stortune; then
	echo "FAIL: a scratch file was left in $mnt:"; ls -la "$mnt"; fail=1
fi

queue_snapshot >"$tmp/queue.after"
same "the queue of $n changed" "$tmp/queue.before" "$tmp/queue.after"
mount_options >"$tmp/mount.after"
same "the mount options of $mnt changed" "$tmp/mount.before" "$tmp/mount.after"
vm_snapshot >"$tmp/vm.after"
same "vm sysctls changed" "$tmp/vm.before" "$tmp/vm.after"

[ "$fail" = 0 ] && echo "PASS"
exit $fail
