#!/bin/sh
# shellcheck disable=SC2317 # the cleanup functions run from the trap
# apply --validate on the live kernel, as root, on a loop device this test
# makes (lib_live.sh: --direct-io=on, ext4, mounted): a scheduler switch
# between trial A and trial B must not lose the rest of the plan.
#
# The kernel resets nr_requests and makes the scheduler's tunables anew on
# every elevator change.  Rules of this test switch the loop device to
# mq-deadline and set read_expire in the same validation group (workload
# randread-4k-qd1), and nr_requests 64 and fifo_batch 8 without a workload,
# so nothing validates them again after the switches.  After apply
# --validate the queue must read exactly what the plan says, and verify must
# call every change ok (exit 0, no manual, no drift).  bench --ab, which
# measures the same and undoes everything, must leave the queue as it was.  A regression verdict
# (a chance one: the loop device has no preference) rolls the switch back
# and exits 3; the run is then repeated once, as t_bench_live.sh does with
# its A/A test.  Then revert puts everything back as it was.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
top=${STORTUNE_TOP:-$(pwd)}
fail=0

. "$top/tests/lib.sh"
. "$top/tests/lib_live.sh"
grep -q 'mq-deadline' "$q/scheduler" || skip "the loop device offers no mq-deadline"

queue_snapshot >"$tmp/queue.before"
mount_options >"$tmp/mount.before"

cat >"$tmp/data/rules/zz-live-validate.ini" <<'EOF'
[live-loop-mq-deadline]
summary = test: mq-deadline on {device.name}
why = tests/t_validate_live.sh: a scheduler switch between the arms of a validation.
scope = device
when = device.class == "loop" && device.leaf && "mq-deadline" in device.schedulers
set = queue/scheduler
value = "mq-deadline"
validate = randread-4k-qd1
source = Linux Documentation/block/queue-sysfs.rst (scheduler)

[live-loop-read-expire]
summary = test: read_expire 100 on {device.name}
why = tests/t_validate_live.sh: a tunable validated together with its scheduler.
scope = device
when = device.class == "loop" && device.leaf && "mq-deadline" in device.schedulers
set = queue/iosched/read_expire
value = 100
validate = randread-4k-qd1
source = Linux Documentation/block/deadline-iosched.rst (read_expire)

[live-loop-fifo-batch]
summary = test: fifo_batch 8 on {device.name}
why = tests/t_validate_live.sh: a tunable that no trial sets again.
scope = device
when = device.class == "loop" && device.leaf && "mq-deadline" in device.schedulers
set = queue/iosched/fifo_batch
value = 8
source = Linux Documentation/block/deadline-iosched.rst (fifo_batch)

[live-loop-nr-requests]
summary = test: 64 requests on {device.name}
why = tests/t_validate_live.sh: a queue attribute that a scheduler switch resets.
scope = device
when = device.class == "loop" && device.leaf
set = queue/nr_requests
value = 64
source = Linux Documentation/block/queue-sysfs.rst (nr_requests)
EOF
chmod go-w "$tmp/data/rules/zz-live-validate.ini"

# queue_state: scheduler read_expire fifo_batch nr_requests, as the kernel shows them
queue_state() {
	printf '%s %s %s %s\n' "$(sed -n 's/.*\[\(.*\)\].*/\1/p' "$q/scheduler")" \
		"$(cat "$q/iosched/read_expire" 2>/dev/null)" "$(cat "$q/iosched/fifo_batch" 2>/dev/null)" \
		"$(cat "$q/nr_requests")"
}

# validate N: apply --validate with state dir $tmp/stateN; 0 when it kept
# everything, 3 when a (chance) regression rolled something back
validate() {
	st="$data --state-dir $tmp/state$1"
	# shellcheck disable=SC2086
	"$STORTUNE" apply --profile database $st --validate --trials 5 --runtime 0.5 --ramp 0.1 \
		--size 64M "$n" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	echo
	echo "\$ stortune apply --profile database --validate ... $n (state$1)"
	cat "$tmp/out" "$tmp/err"
	echo "(exit $rc)"
	return $rc
}

validate 1
rc=$?
if [ "$rc" = 3 ]; then
	echo "(a chance regression verdict: revert, once more)"
	# shellcheck disable=SC2086
	live 0 revert $data --state-dir "$tmp/state1"
	validate 2
	rc=$?
fi
if [ "$rc" != 0 ]; then
	echo "FAIL: apply --validate exited $rc, expected 0"; fail=1
fi
grep -q "^$n  *queue/scheduler, queue/iosched/read_expire  .* randread-4k-qd1 " "$tmp/out" ||
	{ echo "FAIL: the scheduler was not validated under randread-4k-qd1"; fail=1; }
got=$(queue_state)
[ "$got" = "mq-deadline 100 8 64" ] ||
	{ echo "FAIL: after apply --validate, scheduler read_expire fifo_batch nr_requests: $got"; fail=1; }

# verify: every change as the plan says, none "manual"
# shellcheck disable=SC2086
if live 0 verify --profile database $st "$n"; then
	for k in scheduler iosched/read_expire iosched/fifo_batch nr_requests; do
		grep -q "^$n  *queue/$k  .* ok\$" "$tmp/out" ||
			{ echo "FAIL: verify: queue/$k is not ok"; fail=1; }
	done
	grep -q ' 0 drift, .* 0 manual, ' "$tmp/out" ||
		{ echo "FAIL: verify: drift or manual changes"; fail=1; }
fi

# revert: the queue as before (lib_live.sh's trap restores it in any case)
# shellcheck disable=SC2086
live 0 revert $st
queue_snapshot >"$tmp/queue.after"
same "revert: the queue of $n differs from before apply" "$tmp/queue.before" "$tmp/queue.after"

# bench --ab measures the same and keeps nothing: each undo, newest first,
# is followed by what it reset, and the queue ends as it was
# shellcheck disable=SC2086
live 0 bench --ab --profile database $data --state-dir "$tmp/state3" --trials 5 --runtime 0.5 \
	--ramp 0.1 --size 64M "$n"
queue_snapshot >"$tmp/queue.after"
same "bench --ab: the queue of $n differs from before" "$tmp/queue.before" "$tmp/queue.after"
vm_snapshot >"$tmp/vm.after"
same "vm sysctls changed" "$tmp/vm.before" "$tmp/vm.after"

[ "$fail" = 0 ] && echo "PASS"
exit $fail
