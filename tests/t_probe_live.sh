#!/bin/sh
# The live probe on loop devices (root only; skipped without losetup,
# mkfs.ext4 or mkfs.xfs): libblkid's two passes (src/probe/probe_fs.c).
#   - ext4 is found by the first pass, with its UUID and label, and the
#     probe reads less than 256 KiB of the device (strace: the ZFS and
#     external XFS log probers, which read 1 MiB, are not run);
#   - an external XFS log, which only the second pass looks for, is still
#     named, and the XFS filesystem that uses it too;
#   - a loop device without a backing file is left out, as lsblk leaves it.
# The loop devices are detached and the files removed on exit.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0

skip() {
	echo "SKIP: $*"
	exit 0
}
[ "$(id -u)" -eq 0 ] || skip "not root"
for c in losetup mkfs.ext4 python3 truncate; do
	command -v "$c" >/dev/null 2>&1 || skip "$c is missing"
done

tmp=$(mktemp -d /tmp/stortune-t-XXXXXX) || exit 1
loops=
cleanup() {
	trap '' INT TERM HUP
	for l in $loops; do
		losetup -d "$l" || echo "cleanup: cannot detach $l"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# attach FILE: a loop device on FILE, added to $loops; its path on stdout
attach() {
	l=$(losetup -f --show "$1") || return 1
	case $l in
	/dev/loop[0-9]*) ;;
	*) echo "losetup gave '$l'" >&2; return 1 ;;
	esac
	echo "$l"
}

# field DEV KEY: the device's KEY in $tmp/probe.json ("-" when absent)
field() {
	python3 - "$tmp/probe.json" "${1#/dev/}" "$2" <<'PY'
import json, sys
doc, name, key = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
def walk(ds):
    for d in ds:
        yield d
        yield from walk(d.get("children", []))
for d in walk(doc["devices"]):
    if d["name"] == name:
        v = d.get(key)
        print("-" if v is None else v)
        break
else:
    print("absent")
PY
}

# 1. ext4: the first pass, and little of the device read
truncate -s 64M "$tmp/ext4.img"
mkfs.ext4 -q -L st-probe -U 0b5e7d1c-7e57-4c0d-9e7d-5e1f00000001 "$tmp/ext4.img" || exit 1
ext4=$(attach "$tmp/ext4.img") || skip "no free loop device"
loops="$ext4"
"$STORTUNE" probe --json >"$tmp/probe.json" || { echo "probe failed"; exit 1; }
[ "$(field "$ext4" fstype)" = ext4 ] || { echo "$ext4: fstype $(field "$ext4" fstype), want ext4"; fail=1; }
[ "$(field "$ext4" label)" = st-probe ] || { echo "$ext4: label $(field "$ext4" label), want st-probe"; fail=1; }
[ "$(field "$ext4" uuid)" = 0b5e7d1c-7e57-4c0d-9e7d-5e1f00000001 ] ||
	{ echo "$ext4: uuid $(field "$ext4" uuid)"; fail=1; }
if command -v strace >/dev/null 2>&1; then
	# LeakSanitizer cannot run under ptrace (SANITIZE=1 builds)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -e trace=openat,read,pread64,close -o "$tmp/trace" "$STORTUNE" probe --json >/dev/null ||
		{ echo "probe under strace failed"; fail=1; }
	# the bytes read from descriptors opened on the device node
	bytes=$(awk -v dev="\"$ext4\"" '
		$2 ~ /^openat\(/ && index($0, dev) && $NF ~ /^[0-9]+$/ { fd[$NF] = 1 }
		$2 ~ /^close\(/ { sub(/^close\(/, "", $2); sub(/\).*/, "", $2); delete fd[$2] }
		$2 ~ /^(read|pread64)\(/ { f = $2; sub(/^[a-z0-9]+\(/, "", f); sub(/,.*/, "", f)
			if (f in fd && $NF ~ /^[0-9]+$/) n += $NF }
		END { print n + 0 }' "$tmp/trace")
	echo "probe read $bytes bytes of $ext4 (ext4)"
	if [ "$bytes" -le 0 ] || [ "$bytes" -ge 262144 ]; then
		echo "$ext4: the probe read $bytes bytes of the device (want 1 to 262143: no ZFS or XFS log pass)"
		fail=1
	fi
fi

# 2. an external XFS log: only the second pass names it
if command -v mkfs.xfs >/dev/null 2>&1; then
	truncate -s 320M "$tmp/xfs.img"
	truncate -s 80M "$tmp/log.img"
	if log=$(attach "$tmp/log.img"); then
		loops="$loops $log"
		if xfs=$(attach "$tmp/xfs.img"); then
			loops="$loops $xfs"
			if mkfs.xfs -q -f -l logdev="$log",size=64m "$xfs" >"$tmp/mkfs.out" 2>&1; then
				"$STORTUNE" probe --json >"$tmp/probe.json" || { echo "probe failed"; fail=1; }
				[ "$(field "$log" fstype)" = xfs_external_log ] ||
					{ echo "$log: fstype $(field "$log" fstype), want xfs_external_log"; fail=1; }
				[ "$(field "$xfs" fstype)" = xfs ] ||
					{ echo "$xfs: fstype $(field "$xfs" fstype), want xfs"; fail=1; }
			else
				echo "mkfs.xfs with an external log failed:"; cat "$tmp/mkfs.out"; fail=1
			fi
		fi
	fi
else
	echo "SKIP: mkfs.xfs is missing: the external log (second pass) is not checked"
fi

# 3. a loop device without a backing file is not listed
free=$(losetup -f 2>/dev/null) && [ -b "$free" ] && {
	"$STORTUNE" probe --json >"$tmp/probe.json" || { echo "probe failed"; fail=1; }
	[ "$(field "$free" name)" = absent ] || { echo "$free: listed without a backing file"; fail=1; }
}

[ "$fail" = 0 ] && echo "live probe: ok"
exit "$fail"
