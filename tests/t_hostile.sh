#!/bin/sh
# Hostile --sysroot trees, made here from copies of fixtures (a FIFO and a
# 100 MB file do not belong in git): probe must finish within a time bound,
# print the devices it can, and name each bad entry once in a warning.
# Compares stdout and stderr (the tree's path shown as ROOT) with
# tests/expected/hostile/NAME.txt; UPDATE=1 rewrites them.
#
#   dup-link     sys/block/evil -> nvme0n1's directory: nvme0n1 once
#   not-a-link   a regular file and a FIFO in sys/block: skipped, named
#   fifo-attr    a FIFO as queue/read_ahead_kb: unknown, no hang
#   huge-attr    a 100 MB queue/read_ahead_kb: unknown, named
#   binary-attr  NUL bytes in queue/rotational: unknown, named
#   cycle        dm-1 and dm-3 each the other's slave, and dm-2 built on
#                both: one warning per cycle, linear (was exponential)
#   self-holder  dm-2 its own slave and holder: one warning, no endless tree
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
top=$(pwd)
. tests/lib.sh
hostile=tests/expected/hostile
BOUND=20 # seconds; each tree takes milliseconds

# tree NAME FIXTURE: a fresh copy of FIXTURE in $root
tree() {
	root=$tmp/$1
	cp -a "$top/tests/sysroots/$2" "$root"
}

# attr NAME: the real path of nvme0n1's queue attribute NAME in $root
attr() {
	echo "$(cd "$root/sys/block/nvme0n1" && pwd -P)/queue/$1"
}

# probe_as NAME: probe --sysroot $root within BOUND seconds, to the expected
# text (stdout, then stderr)
probe_as() {
	timeout "$BOUND" "$STORTUNE" probe --sysroot "$root" >"$tmp/o" 2>"$tmp/e"
	rc=$?
	if [ "$rc" -eq 124 ]; then
		echo "$1: probe did not finish in $BOUND s"; fail=1
		return
	fi
	{
		cat "$tmp/o"
		echo "--- stderr (exit $rc)"
		cat "$tmp/e"
	} | sed "s|$root|ROOT|g" >"$tmp/out"
	: >"$tmp/err"
	check_output "$1" "$hostile/$1.txt"
}

tree dup-link nvme-server
ln -s "$(readlink "$root/sys/block/nvme0n1")" "$root/sys/block/evil"
probe_as dup-link

tree not-a-link nvme-server
echo junk >"$root/sys/block/afile"
mkfifo "$root/sys/block/afifo"
probe_as not-a-link

tree fifo-attr nvme-server
f=$(attr read_ahead_kb)
rm "$f" && mkfifo "$f"
probe_as fifo-attr

tree huge-attr nvme-server
f=$(attr read_ahead_kb)
head -c 100000000 /dev/zero | tr '\0' 1 >"$f"
probe_as huge-attr

tree binary-attr nvme-server
printf '0\0\001\n' >"$(attr rotational)"
probe_as binary-attr

# link DEV KIND TARGET: DEV's slaves/ or holders/ gets a link to TARGET, as
# the kernel makes them (../../TARGET, in sys/devices/virtual/block)
link() {
	d=$root/sys/devices/virtual/block/$1/$2
	mkdir -p "$d"
	ln -s "../../$3" "$d/$3"
}

tree cycle lvm-luks-nvme
link dm-1 slaves dm-3
link dm-3 holders dm-1
link dm-3 slaves dm-1
link dm-1 holders dm-3
link dm-2 slaves dm-1
link dm-1 holders dm-2
link dm-2 slaves dm-3
link dm-3 holders dm-2
probe_as cycle

tree self-holder lvm-luks-nvme
link dm-2 slaves dm-2
link dm-2 holders dm-2
probe_as self-holder

exit $fail
