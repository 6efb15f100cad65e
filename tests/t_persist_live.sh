#!/bin/sh
# shellcheck disable=SC2317 # the cleanup functions run from the trap
# apply --persist's udev rule, run by the real udev rule engine on a real loop
# device (udevadm test), as root.  Proves what the rules file's name
# (69-stortune.rules) is for:
#
# 1. the rule stortune writes for the loop device (matched by its backing
#    file) is read after 60-persistent-storage.rules and after mdadm's
#    63-md-raid-arrays.rules, matches the device and writes the planned
#    value;
# 2. a property that a 63- rules file sets (as mdadm's sets MD_UUID) is seen
#    by a rule at 69-stortune.rules' place and not by one at 60-, the name
#    the rules file had before.
#
# The rule comes from apply --persist on a capture of this machine (so
# nothing is written to /etc), with the live machine's other devices
# excluded in a stortune.conf of the test and a rule of the test that sets
# the loop device's read-ahead.  Before udevadm test runs, a live apply of
# the same plan has set that value already, so udev's write changes nothing;
# revert then puts it back.  udevadm test writes udev's database and /dev
# links as it goes: it runs in a mount namespace of its own with a private
# /run and /dev, so the host's are never touched.
#
# Skips (exit 0, "SKIP: ...") without udevadm or unshare, and as
# lib_live.sh does.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
top=${STORTUNE_TOP:-$(pwd)}
fail=0

. "$top/tests/lib.sh"
for c in udevadm unshare tar; do
	command -v "$c" >/dev/null 2>&1 || { echo "SKIP: $c is missing"; exit 0; }
done
LIVE_SIZE=64M
. "$top/tests/lib_live.sh"

cat >"$tmp/data/rules/zz-live-persist.ini" <<'EOF'
[live-persist-read-ahead]
summary = test: read ahead 64 KiB on {device.name}
why = tests/t_persist_live.sh: a queue attribute for the udev rule to set.
scope = device
when = device.class == "loop" && device.has_queue
set = queue/read_ahead_kb
value = 64KiB
source = Linux Documentation/block/queue-sysfs.rst (read_ahead_kb)
EOF
chmod go-w "$tmp/data/rules/zz-live-persist.ini"

# every block device of this machine but the test's loop device, excluded,
# one a line (an indented line continues the list): a machine with many
# loop devices would make one line longer than stortune.conf allows
ls /sys/block | grep -vx "$n" |
	awk 'BEGIN { printf "[exclude]\ndevices =" } { printf "%s\n\t%s", (NR > 1 ? "," : ""), $0 }
		END { print "" }' >"$tmp/stortune.conf"
chmod 644 "$tmp/stortune.conf"
conf="--config $tmp/stortune.conf"

# 1. the rule, from apply --persist on a capture of this machine
live 0 capture -o "$tmp/capture.tar"
mkdir "$tmp/root"
tar -xf "$tmp/capture.tar" -C "$tmp/root" || { echo "FAIL: cannot unpack the capture"; exit 1; }
# shellcheck disable=SC2086
live 0 $conf $data apply --persist --profile database --sysroot "$tmp/root" \
	--state-dir "$tmp/state-capture"
rules=$tmp/root/etc/udev/rules.d/69-stortune.rules
backing=$(cat "/sys/block/$n/loop/backing_file")
want="ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"disk\", ATTR{loop/backing_file}==\"$backing\", ATTR{queue/read_ahead_kb}=\"64\""
grep -qxF "$want" "$rules" 2>/dev/null ||
	{ echo "FAIL: $rules lacks the loop device's rule:"; echo "$want"; cat "$rules"; fail=1; }

# the same value set live, as apply would before persisting it
# shellcheck disable=SC2086
live 0 $data apply --profile database --state-dir "$tmp/state" "$n"
[ "$(cat "$q/read_ahead_kb")" = 64 ] || { echo "FAIL: apply did not set read_ahead_kb 64"; fail=1; }

# udev_test RULESDIR: udevadm test --action=change of the loop device with
# the rules files in RULESDIR added (as /run/udev/rules.d), in a private
# mount namespace; its output in $tmp/udev.out
udev_test() {
	mkdir -p "$tmp/ns-dev"
	unshare -m --propagation private sh -c '
		set -e
		mount -t tmpfs stortune-test-run /run
		mkdir -p /run/udev/rules.d
		cp "$1"/* /run/udev/rules.d/
		mount -t tmpfs stortune-test-dev "$2"
		cp -a /dev/null /dev/zero /dev/urandom /dev/random "/dev/$3" "$2/"
		mount --bind "$2" /dev
		exec udevadm test --action=change "/sys/block/$3"
	' sh "$1" "$tmp/ns-dev" "$n" >"$tmp/udev.out" 2>&1
}

# line_of PATTERN: the number of the first line of $tmp/udev.out that
# matches PATTERN (basic regex), or 0
line_of() {
	grep -n -- "$1" "$tmp/udev.out" | head -n 1 | cut -d: -f1 | grep . || echo 0
}

mkdir "$tmp/rules.d"
cp "$rules" "$tmp/rules.d/69-stortune.rules"
if ! udev_test "$tmp/rules.d"; then
	echo "FAIL: udevadm test failed:"; cat "$tmp/udev.out"; fail=1
fi
ours=$(line_of "^Reading rules file: /run/udev/rules.d/69-stortune.rules\$")
[ "$ours" -gt 0 ] || { echo "FAIL: udevadm did not read 69-stortune.rules"; cat "$tmp/udev.out"; fail=1; }
for before in 60-persistent-storage.rules 63-md-raid-arrays.rules; do
	at=$(line_of "^Reading rules file: .*/$before\$")
	if [ "$at" -eq 0 ]; then
		echo "($before is not installed here)"
	elif [ "$at" -gt "$ours" ]; then
		echo "FAIL: udev reads $before after 69-stortune.rules"; fail=1
	fi
done
grep -q "^$n: /run/udev/rules.d/69-stortune.rules:[0-9]* ATTR '/sys/devices/virtual/block/$n/queue/read_ahead_kb' writing '64'\$" \
	"$tmp/udev.out" ||
	{ echo "FAIL: the rule did not set $n's read_ahead_kb:"; cat "$tmp/udev.out"; fail=1; }
grep "69-stortune" "$tmp/udev.out"

# 2. what a 63- rules file sets (MD_UUID, as mdadm's does) is there for a
# rule at 69- and not yet for one at 60-
rm -f "$tmp/rules.d"/*
printf 'KERNEL=="%s", ENV{MD_UUID}="stortune-test"\n' "$n" >"$tmp/rules.d/63-stortune-test-md.rules"
printf 'KERNEL=="%s", ENV{MD_UUID}=="stortune-test", ENV{SEEN_AT_%s}="1"\n' "$n" 60 \
	>"$tmp/rules.d/60-stortune-test.rules"
printf 'KERNEL=="%s", ENV{MD_UUID}=="stortune-test", ENV{SEEN_AT_%s}="1"\n' "$n" 69 \
	>"$tmp/rules.d/69-stortune.rules"
udev_test "$tmp/rules.d" || { echo "FAIL: udevadm test failed:"; cat "$tmp/udev.out"; fail=1; }
grep -qx 'SEEN_AT_69=1' "$tmp/udev.out" ||
	{ echo "FAIL: a rule in 69-stortune.rules did not see MD_UUID"; cat "$tmp/udev.out"; fail=1; }
! grep -q '^SEEN_AT_60=' "$tmp/udev.out" ||
	{ echo "FAIL: a 60- rule saw what a 63- rule sets: the test proves nothing"; fail=1; }
grep '^SEEN_AT_\|^MD_UUID=' "$tmp/udev.out"

# nothing of the namespace's /run and /dev is left on the host
[ ! -e /run/udev/rules.d/63-stortune-test-md.rules ] || { echo "FAIL: the test's rules reached /run"; fail=1; }
live 0 revert --state-dir "$tmp/state"
[ "$(cat "$q/read_ahead_kb")" = "$(saved read_ahead_kb "$tmp/queue.saved")" ] ||
	{ echo "FAIL: revert did not put read_ahead_kb back"; fail=1; }
exit $fail
