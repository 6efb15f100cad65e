#!/bin/sh
# stortune capture: the archive, unpacked into DIR, gives exactly the same
# `probe --json` with --sysroot DIR as the source did.  Checked on every
# fixture, on this machine live, and live with a loop device carrying a
# filesystem (root only), whose type/uuid/label come from libblkid.  lsblk
# must accept the unpacked tree too.  Unreadable files are skipped with a
# warning.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
loopdev=
cleanup() {
	if [ -n "$loopdev" ]; then
		umount "$tmp/mnt" 2>/dev/null
		losetup -d "$loopdev" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# roundtrip NAME [--sysroot DIR]: capture, unpack, compare
roundtrip() {
	name=$1
	shift
	rm -rf "$tmp/x" && mkdir "$tmp/x"
	"$STORTUNE" probe --json "$@" >"$tmp/src.json" 2>/dev/null || { echo "$name: probe failed"; fail=1; return; }
	if ! "$STORTUNE" capture "$@" -o "$tmp/c.tar.gz" >"$tmp/cap.out" 2>"$tmp/cap.err"; then
		echo "$name: capture failed:"; cat "$tmp/cap.err"; fail=1; return
	fi
	grep -q "^captured [0-9]* files" "$tmp/cap.out" || { echo "$name: no summary"; fail=1; }
	tar -xzf "$tmp/c.tar.gz" -C "$tmp/x" || { echo "$name: tar -x failed"; fail=1; return; }
	"$STORTUNE" probe --json --sysroot "$tmp/x" >"$tmp/dst.json" 2>"$tmp/dst.err"
	if ! diff -u "$tmp/src.json" "$tmp/dst.json" >"$tmp/diff"; then
		echo "$name: probe of the unpacked capture differs:"; head -40 "$tmp/diff"; fail=1
	fi
	# only the trees probing needs, and symlinks kept as symlinks
	if tar -tzf "$tmp/c.tar.gz" | grep -v -E '^(sys/|proc/|run/udev/data/|etc/fstab$|etc/crypttab$|sys$|proc$|run/$|run/udev/$|etc/$)'; then
		echo "$name: archive holds files outside sys/, proc/, run/udev/data/, etc/fstab, etc/crypttab"; fail=1
	fi
	if ! tar -tvzf "$tmp/c.tar.gz" | grep -q '^l.* sys/block/.* -> \.\./devices/'; then
		echo "$name: sys/block links were not archived as symlinks"; fail=1
	fi
	if ! lsblk --sysroot "$tmp/x" -J >/dev/null 2>"$tmp/lsblk.err" || [ -s "$tmp/lsblk.err" ]; then
		echo "$name: lsblk does not accept the unpacked capture:"; cat "$tmp/lsblk.err"; fail=1
	fi
}

for dir in tests/sysroots/*/; do
	roundtrip "$(basename "$dir")" --sysroot "$dir"
done

if [ -r /sys/block ]; then
	roundtrip live
	if [ "$(id -u)" -eq 0 ] && command -v losetup >/dev/null && command -v mkfs.ext4 >/dev/null; then
		truncate -s 32M "$tmp/disk.img"
		mkfs.ext4 -q -L st-capture "$tmp/disk.img"
		if loopdev=$(losetup -f --show "$tmp/disk.img" 2>/dev/null); then
			mkdir "$tmp/mnt"
			mount -o noatime "$loopdev" "$tmp/mnt"
			roundtrip "live with $loopdev"
			if ! grep -q '"label": "st-capture"' "$tmp/dst.json"; then
				echo "loop filesystem label not carried through the capture"; fail=1
			fi
			umount "$tmp/mnt"
			losetup -d "$loopdev"
			loopdev=
		fi
	fi
fi

# an unreadable file: skipped with a warning naming it, the rest captured
fix=$tmp/fix
cp -a tests/sysroots/desktop-ssd-hdd "$fix"
mkdir "$tmp/out"
chmod -R a+rX "$tmp"
chmod 1777 "$tmp/out"
sched=$(realpath "$fix/sys/block/sdb/queue/scheduler")
chmod 000 "$sched"
# as root the capture runs as nobody, from a copy of the binary it can reach
# (the checkout may be under a directory only its owner can enter)
bin=$STORTUNE
if [ "$(id -u)" -eq 0 ]; then
	runas="runuser -u nobody --"
	bin=$tmp/bin/stortune
	mkdir "$tmp/bin"
	cp "$STORTUNE" "$bin"
	chmod 755 "$tmp/bin" "$bin"
else
	runas=
fi
if $runas "$bin" capture --sysroot "$fix" -o "$tmp/out/u.tar" >"$tmp/u.out" 2>"$tmp/u.err"; then
	if ! grep -q "$sched: unreadable (Permission denied); not captured" "$tmp/u.err"; then
		echo "unreadable file: no warning naming it:"; cat "$tmp/u.err"; fail=1
	fi
	if ! tar -tf "$tmp/out/u.tar" | grep -q 'sdb/queue/rotational$'; then
		echo "unreadable file: the rest of the device was not captured"; fail=1
	fi
else
	echo "capture with an unreadable file failed:"; cat "$tmp/u.err"; fail=1
fi
exit $fail
