#!/bin/sh
# Makes the seed corpora, tests/fuzz/corpus/NAME/, from the fixtures: the
# shipped rules and profiles, the sysroots' tables and attribute values, the
# diskstats samples, observe's recordings, and journals of real applies on
# copies of two sysroots.  Each file is named after the SHA-1 of its
# content, as libFuzzer names what it adds, so reruns change nothing
# unless the fixtures did.  Run from anywhere; needs a built stortune:
#
#   sh tests/fuzz/seed-corpus.sh [STORTUNE]     (default: ./build/stortune)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
stortune=${1:-$top/build/stortune}
out=tests/fuzz/corpus
tmp=$(mktemp -d /tmp/stortune-seed-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C

# add NAME FILE...: copies each (non-empty, at most 64 KiB) file into NAME
add() {
	name=$1
	shift
	mkdir -p "$out/$name"
	for f in "$@"; do
		[ -f "$f" ] && [ -s "$f" ] || continue
		[ "$(wc -c <"$f")" -le 65536 ] || continue
		sum=$(sha1sum "$f" | cut -c1-40)
		cp "$f" "$out/$name/$sum"
	done
}

# add_text NAME TEXT: one input holding TEXT (no newline added)
add_text() {
	printf '%s' "$2" >"$tmp/text"
	add "$1" "$tmp/text"
}

rm -rf "$out"
sysroots=$(ls -d tests/sysroots/*/)

add ini rules/*.ini profiles/*.ini etc/stortune.conf
add rules rules/*.ini
add profile profiles/*.ini

# every 'when' and 'value' of the rules and every override of the profiles
# (first lines only; continuation lines are INI's business)
sed -n 's/^\(when\|value\|[a-z0-9-]*\.value\) *= *//p' rules/*.ini profiles/*.ini | sort -u >"$tmp/exprs"
while IFS= read -r e; do
	add_text expr "$e"
done <"$tmp/exprs"

add diskstats tests/diskstats/linux-*
for d in $sysroots; do add diskstats "$d/proc/diskstats"; done

add observe tests/observe/*.rec

# saved --json for stortune report: the fixtures that fit, and small runs
add report tests/report/*.json tests/report/*.jsonl tests/fuzz/report-seeds/*.json

for d in $sysroots; do
	add mountinfo "$d/proc/self/mountinfo" "$d/proc/swaps" "$d/etc/fstab"
	add udev "$d"/run/udev/data/*
done

# sysfs values: what each queue, identity, md, dm and loop attribute and
# each vm sysctl holds in the fixtures (deduplicated by content)
for d in $sysroots; do
	find "$d/sys/devices" -path '*/block/*' \( -path '*/queue/*' -o -name size -o -name ro \
		-o -name removable -o -name start -o -path '*/md/*' -o -path '*/dm/*' \
		-o -path '*/loop/*' -o -path '*/device/model' -o -path '*/device/vendor' \
		-o -path '*/device/serial' -o -path '*/device/wwid' -o -name serial -o -name wwid \) \
		-type f >"$tmp/attrs" 2>/dev/null || true
	find "$d/proc/sys/vm" "$d/proc/meminfo" "$d/proc/cpuinfo" -type f >>"$tmp/attrs" 2>/dev/null || true
	while IFS= read -r f; do add sysfs "$f"; done <"$tmp/attrs"
done

# journals: apply each profile to a copy of two sysroots, keep what the
# state directory holds
for root in nvme-server raid10-xfs; do
	for prof in database file-server; do
		rm -rf "$tmp/root" "$tmp/state"
		cp -R "tests/sysroots/$root" "$tmp/root"
		mkdir -m 700 "$tmp/state"
		"$stortune" --rules rules --profiles profiles apply --profile "$prof" \
			--sysroot "$tmp/root" --state-dir "$tmp/state" >/dev/null 2>&1 || true
		# the run's own path, pid and times: the same journal every time
		for j in "$tmp"/state/*.json; do
			[ -f "$j" ] || continue
			sed -e "s|$tmp/root|/srv/sysroot|" -e 's/"pid": [0-9]*/"pid": 4242/' \
				-e 's/"\(started\|finished\)": "[^"]*"/"\1": "2026-01-01T00:00:00Z"/' \
				"$j" >"$j.seed"
			add journal "$j.seed"
		done
	done
done

for n in "$out"/*; do
	echo "$n: $(ls "$n" | wc -l) inputs, $(du -sk "$n" | cut -f1) KiB"
done
