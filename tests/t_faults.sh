#!/bin/sh
# Fault injection into apply --persist and revert under --sysroot (issue 16):
# strace makes the Nth write(2), fsync(2) or rename of a run fail with EIO,
# or kills the run with SIGKILL there, for every N the run reaches.  After
# each, a clean `revert --all` must succeed and leave the tree byte for
# byte as it was (no value lost, no temporary file left, the state
# directory's temporaries gone), whether the fault hit the apply (its
# sysfs writes, journal saves, --persist files) or a revert.  Each kill of
# an apply is classified by where it stopped (the journal is an intent log):
# before its intent was saved, between the intent and the first write,
# between writes, everything written but the journal not marked complete;
# each of the last three must be reached.  Skipped, with the reason, where
# strace is missing or cannot trace.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
umask 022

if ! command -v strace >/dev/null 2>&1; then
	echo "SKIP: strace is not installed"
	exit 0
fi
if ! strace -f -o /dev/null -e trace=none true >/dev/null 2>&1; then
	echo "SKIP: strace cannot trace here (no ptrace permission)"
	exit 0
fi

fixture=nvme-server
st() {
	"$STORTUNE" --rules rules --profiles profiles "$@"
}

# The pristine tree, with the directories --persist writes into, and the
# same tree after a clean apply --persist.
base=$tmp/base
cp -a "tests/sysroots/$fixture" "$base"
mkdir -p "$base/etc/udev/rules.d" "$base/etc/sysctl.d" "$base/var/lib"
applied=$tmp/applied
cp -a "$base" "$applied"
if ! st apply --persist --profile database --sysroot "$applied" >"$tmp/out" 2>&1; then
	echo "clean apply --persist failed:"; cat "$tmp/out"; exit 1
fi
[ -f "$applied/etc/udev/rules.d/69-stortune.rules" ] || { echo "no rules file"; exit 1; }

# same DIR LABEL: DIR is the pristine tree again (its state directory
# aside) and has no temporary file left anywhere
same() {
	if ! diff -r --no-dereference -x stortune "$base" "$1" >"$tmp/diff" 2>&1; then
		echo "$2: the tree differs after revert:"; head -20 "$tmp/diff"; fail=1
		return 1
	fi
	left=$(find "$1" -name '.*.??????' | head -5)
	if [ -n "$left" ]; then
		echo "$2: temporary files left: $left"; fail=1
		return 1
	fi
	return 0
}

# How many of the kernel values (sys/, proc/) differ between DIR and the
# pristine tree.
written() {
	diff -rq --no-dereference "$base/sys" "$1/sys" 2>/dev/null | grep -c differ
	diff -rq --no-dereference "$base/proc" "$1/proc" 2>/dev/null | grep -c differ
}
nwritten() {
	written "$1" | awk '{ n += $1 } END { print n + 0 }'
}
total=$(nwritten "$applied")
[ "$total" -gt 1 ] || { echo "the clean apply changed $total kernel values?"; exit 1; }
nrules=$(grep -c '"rule": "' "$applied"/var/lib/stortune/journal-000001.json)

# classify DIR: where a killed apply stopped, from its journal (an intent log,
# issue 18) and the kernel values it had written: counted in the k_* below,
# and every one but "before" must be reached
k_before=0 k_intent=0 k_between=0 k_written=0 k_complete=0
classify() {
	jf=$(ls "$1"/var/lib/stortune/journal-*.json 2>/dev/null | head -1)
	w=$(nwritten "$1")
	if [ -z "$jf" ]; then
		k_before=$((k_before + 1))
		[ "$w" -eq 0 ] || { echo "$label: $w values written without a journal"; fail=1; }
	elif grep -q '"phase": "applied"' "$jf"; then
		k_complete=$((k_complete + 1))
	elif [ "$w" -eq 0 ]; then
		k_intent=$((k_intent + 1))
		# every change is in the intent before the first write
		if [ "$(grep -c '"rule": "' "$jf")" -ne "$nrules" ]; then
			echo "$label: the intent holds fewer changes than the apply makes"; fail=1
		fi
	elif [ "$w" -lt "$total" ]; then
		k_between=$((k_between + 1))
	else
		k_written=$((k_written + 1))
	fi
}

# inject FROM CMD SYSCALLS ACTION: for N = 1, 2, ... until the run no longer
# reaches an Nth call: a copy of FROM, CMD under strace with ACTION at the
# Nth of SYSCALLS, then a clean revert --all and the comparison
points=0
inject() {
	from=$1 cmd=$2 calls=$3 action=$4
	n=1
	while :; do
		root=$tmp/root
		rm -rf "$root"
		cp -a "$from" "$root"
		# --seccomp-bpf stops only at the traced calls, which makes the
		# runs fast, but strace 6.1 does not inject signals with it
		case $action in
		error=*) bpf=--seccomp-bpf hit=INJECTED ;;
		*) bpf='' hit='killed by SIGKILL' ;;
		esac
		# shellcheck disable=SC2086 # cmd is words, bpf one or none
		# LeakSanitizer cannot run under ptrace (with abort_on_error it
		# would abort every run): no leak check for the traced runs
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f $bpf -qq -o "$tmp/trace" -e trace="$calls" \
			-e inject="$calls:$action:when=$n" \
			"$STORTUNE" --rules rules --profiles profiles $cmd --sysroot "$root" \
			>"$tmp/out" 2>&1
		grep -q "$hit" "$tmp/trace" || break
		points=$((points + 1))
		label="$cmd, $action at $calls #$n"
		case $action,$cmd in
		signal=KILL,apply*) classify "$root" ;;
		esac
		if ! st revert --all --sysroot "$root" >"$tmp/rev" 2>&1; then
			echo "$label: revert failed:"; cat "$tmp/out" "$tmp/rev"; fail=1
		else
			same "$root" "$label" || cat "$tmp/out" "$tmp/rev"
		fi
		n=$((n + 1))
		if [ "$n" -gt 500 ]; then
			echo "$label: more than 500 calls?"; fail=1; break
		fi
	done
	if [ "$n" -eq 1 ]; then
		echo "$cmd: no $calls call was made: nothing was tested"; fail=1
	fi
}

for action in error=EIO signal=KILL; do
	for calls in write fsync rename,renameat,renameat2; do
		inject "$base" "apply --persist --profile database" "$calls" "$action"
		inject "$applied" "revert" "$calls" "$action"
	done
done
echo "$points fault points"
echo "apply killed: $k_before before its intent was saved, $k_intent after it and before the first" \
	"write, $k_between between writes, $k_written with every value written but the journal not" \
	"marked complete, $k_complete after"
for k in "$k_intent" "$k_between" "$k_written"; do
	[ "$k" -gt 0 ] || { echo "a kill point was never reached"; fail=1; }
done
exit "$fail"
