#!/bin/sh
# stortune.conf and the drop-in directories next to it, as a user meets them
# through --config FILE: the default profile, exclusion of a mount (no advice,
# no fstab line, listed as left alone), the state directory, a drop-in
# profile inheriting a shipped one, a rule turned off, and errors that name
# the file and line.  The shipped etc/stortune.conf changes nothing.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh
fix=tests/sysroots/virtio-vm
R="--rules rules --profiles profiles"

# the shipped file, every line commented out, gives exactly the defaults
"$STORTUNE" advise $R --sysroot "$fix" >"$tmp/plain" 2>&1
expect 0 "^Profile: general (the default" -- advise $R --config etc/stortune.conf --sysroot "$fix"
cmp -s "$tmp/out" "$tmp/plain" || { echo "the shipped stortune.conf changed the advice"; fail=1; }

mkdir -p "$tmp/etc/rules.d" "$tmp/etc/profiles.d"
conf="$tmp/etc/stortune.conf"
cat >"$conf" <<EOC
[stortune]
profile = mydb
state_dir = $tmp/state
color = never

[exclude]
mounts = /mnt/*
EOC
printf '[profile]\nsummary = our database\ninherits = database\nread_pct = 90\n' \
	>"$tmp/etc/profiles.d/mydb.ini"
expect 0 "^Profile: mydb$" -- advise --config "$conf" --sysroot "$fix"
expect 0 "/mnt/scratch matches '/mnt/\*' (\[exclude\] mounts, .*stortune.conf:7)" -- \
	advise --config "$conf" --sysroot "$fix"
if grep -q "/mnt/scratch ext4" "$tmp/out"; then echo "an excluded mount got an fstab line"; fail=1; fi
expect 0 '"target": "/mnt/scratch"' -- advise --json --config "$conf" --sysroot "$fix"
# --profile wins over the file
expect 0 "^Profile: backup$" -- advise --profile backup --config "$conf" --sysroot "$fix"
# the drop-in is listed with where it came from
expect 0 "^mydb .*our database (.*profiles.d/mydb.ini)$" -- profiles --config "$conf"
# apply takes the file's profile and state directory
cp -a "$fix" "$tmp/root"
expect 0 "" -- apply --config "$conf" --sysroot "$tmp/root"
[ -f "$tmp/state/journal-000001.json" ] || { echo "apply did not use state_dir"; fail=1; }
grep -q '"profile": "mydb"' "$tmp/state/journal-000001.json" ||
	{ echo "apply did not use the file's profile"; fail=1; }
expect 0 "mydb" -- status --config "$conf" --sysroot "$tmp/root"

# a rule turned off by a drop-in
printf '[vm-swappiness-db]\ndisabled = yes\n' >"$tmp/etc/rules.d/local.ini"
expect 0 "disabled by .*rules.d/local.ini:2" -- rules list --config "$conf"
rm "$tmp/etc/rules.d/local.ini"

# errors name the file and line; nothing is done
printf '[stortune]\nprofil = database\n' >"$tmp/bad.conf"
expect 1 "bad.conf:2: unknown key 'profil' (did you mean 'profile'?)" -- \
	advise --config "$tmp/bad.conf" --sysroot "$fix"
printf '[exclude]\nmounts = /tmp/*\n[stortune]\ncolor = sometimes\n' >"$tmp/bad.conf"
expect 1 "bad.conf:4: color: " -- advise --config "$tmp/bad.conf" --sysroot "$fix"
expect 1 "nonexistent.conf: cannot read: No such file or directory" -- \
	advise --config "$tmp/nonexistent.conf" --sysroot "$fix"

# the stortune.conf where the binary finds it (PREFIX/etc/stortune next to
# PREFIX/bin) is this machine's: it sets the live advice's profile, but a
# --sysroot tree is another machine's and gets the defaults, unless --config
mkdir -p "$tmp/prefix/bin" "$tmp/prefix/etc/stortune"
cp "$STORTUNE" "$tmp/prefix/bin/stortune"
printf '[stortune]\nprofile = backup\n' >"$tmp/prefix/etc/stortune/stortune.conf"
chmod -R go-w "$tmp/prefix"
STORTUNE=$tmp/prefix/bin/stortune
expect 0 "^Profile: backup" -- advise $R
expect 0 "^Profile: general (the default" -- advise $R --sysroot "$fix"
expect 0 "^Profile: backup" -- advise $R --sysroot "$fix" --config "$tmp/prefix/etc/stortune/stortune.conf"
exit $fail
