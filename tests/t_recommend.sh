#!/bin/sh
# stortune recommend: each fixture names the profile its mount points say
# (tests/expected/recommend/), a directory holding files counts for less
# than a mount point, a tie falls back to general and says so, and a bad
# `recognize` path is an error naming the file and line.
# UPDATE=1 rewrites the expected files (review the diff before committing).
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh

for dir in tests/sysroots/*/; do
	name=$(basename "$dir")
	if ! "$STORTUNE" recommend --sysroot "$dir" >"$tmp/out" 2>"$tmp/err"; then
		echo "$name: recommend failed:"; cat "$tmp/err"; fail=1; continue
	fi
	check_output "$name: recommend" "tests/expected/recommend/$name.txt"
done

# a copy of a fixture with directories that hold files
cp -a tests/sysroots/nvme-server "$tmp/root"
mkdir -p "$tmp/root/var/lib/postgresql/15" "$tmp/root/var/lib/libvirt/images"
expect 0 "^Recommended profile: database$" -- recommend --sysroot "$tmp/root"
grep -q "database: /var/lib/postgresql holds files" "$tmp/out" || {
	echo "recommend: no 'holds files' evidence"; cat "$tmp/out"; fail=1; }
# an empty directory is no evidence
if grep -q "libvirt" "$tmp/out"; then echo "an empty directory counted"; fail=1; fi

# Kafka's log directory: the page-cache broker, not the fsync'd log profile
cp -a tests/sysroots/nvme-server "$tmp/kafka"
mkdir -p "$tmp/kafka/var/lib/kafka/data/orders-0"
touch "$tmp/kafka/var/lib/kafka/data/orders-0/00000000000000000000.log"
expect 0 "^Recommended profile: message-broker$" -- recommend --sysroot "$tmp/kafka"

# a tie: general, naming both
touch "$tmp/root/var/lib/libvirt/images/vm1.qcow2"
expect 0 "^Recommended profile: general (database and virtualization-host fit equally well" -- \
	recommend --sysroot "$tmp/root"
# a mount point outweighs a directory: db-hdd-ext4 mounts /var/lib/mysql
cp -a tests/sysroots/db-hdd-ext4 "$tmp/db"
mkdir -p "$tmp/db/srv/backup/x"
expect 0 "^Recommended profile: database$" -- recommend --sysroot "$tmp/db"
expect 0 '"kind": "files"' -- recommend --json --sysroot "$tmp/db"

# bad input names the file and line
mkdir "$tmp/p"
cp profiles/*.ini "$tmp/p/"
printf '[profile]\nsummary = x\ninherits = general\n[recommend]\nrecognize = /var/lib/x, var/relative\n' >"$tmp/p/bad.ini"
expect 1 "bad.ini:5: recognize: 'var/relative' is not an absolute path" -- \
	recommend --profiles "$tmp/p" --sysroot tests/sysroots/nvme-server
exit $fail
