#!/bin/sh
# The shipped rules and profiles as a user meets them: every line is short
# enough for Debian's libinih (it cuts lines at 200 bytes without a word),
# `rules lint` is clean on them and names file:line on broken ones, and root
# refuses a rules directory others can write.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

. tests/lib.sh

top=$(pwd)
fixtures=$top/tests/sysroots
if ! awk 'length($0) >= 200 { printf "%s:%d: %d characters\n", FILENAME, FNR, length($0); bad = 1 }
	END { exit bad }' rules/* profiles/*; then
	echo "lines of 200 characters or more in rules/ or profiles/"
	fail=1
fi

# a private copy: root refuses rule directories others can write, and a
# checkout's modes depend on its umask
umask 022
mkdir "$tmp/data"
cp -R rules profiles "$tmp/data/"
chmod -R go-w "$tmp/data"
cd "$tmp/data" || exit 1

expect 0 "no errors" -- rules lint --rules rules --profiles profiles
expect 0 "no errors" -- rules lint rules/*.ini
expect 0 "nvme" -- rules list --rules rules --profiles profiles
expect 0 "queue/scheduler" -- rules knobs
expect 0 "database" -- profiles list --rules rules --profiles profiles
expect 0 "inherits:" -- profiles show database --rules rules --profiles profiles
expect 1 "unknown profile 'databse' (did you mean 'database'?)" -- \
	profiles show databse --rules rules --profiles profiles
expect 1 "unknown profile 'databse' (did you mean 'database'?)" -- \
	advise --profile databse --rules rules --profiles profiles --sysroot "$fixtures/nvme-server"

# no rules where they are looked for
expect 1 "$tmp/none: cannot read the directory: No such file or directory" -- \
	advise --rules "$tmp/none" --profiles profiles --sysroot "$fixtures/nvme-server"

# a broken rule: file:line and exit 1, for lint and for advise
mkdir -p "$tmp/rules"
cp rules/*.ini "$tmp/rules/"
printf '[typo]\nsummary = s\nwhy = w\nsource = s\nscope = device\nwhen = device.clas == "nvme"\nset = advice\n' \
	>"$tmp/rules/zz-typo.ini"
expect 1 "zz-typo.ini:6: when: unknown identifier 'device.clas' (did you mean 'device.class'?)" -- \
	rules lint "$tmp/rules/zz-typo.ini"
expect 1 "zz-typo.ini:6: when: unknown identifier" -- \
	advise --rules "$tmp/rules" --profiles profiles --sysroot "$fixtures/nvme-server"

# the default profile is general, and advise says so
expect 0 "Profile: general (the default" -- advise --rules rules --profiles profiles \
	--sysroot "$fixtures/nvme-server"

# root refuses rules others can write
if [ "$(id -u)" -eq 0 ]; then
	rm "$tmp/rules/zz-typo.ini"
	chmod 0777 "$tmp/rules"
	expect 1 "refusing to run as root with $tmp/rules is writable by others (mode 0777)" -- \
		advise --rules "$tmp/rules" --profiles profiles --sysroot "$fixtures/nvme-server"
	chmod 0755 "$tmp/rules"
	expect 0 "Profile:" -- advise --rules "$tmp/rules" --profiles profiles \
		--sysroot "$fixtures/nvme-server"
fi
exit $fail
