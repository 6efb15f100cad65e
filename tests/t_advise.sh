#!/bin/sh
# `stortune advise` on every fixture sysroot for the database, mail-server,
# backup and message-broker profiles gives exactly the expected text and JSON
# (tests/expected/advise/FIXTURE.PROFILE.{txt,json}), with no warnings.
# UPDATE=1 rewrites the expected files (review the diff before committing).
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh
top=$(pwd)
exp_dir=$top/tests/expected/advise
mkdir -p "$exp_dir"
# A private copy of rules/ and profiles/: as root, stortune refuses rule
# directories others can write, and a checkout's modes depend on its umask.
# Run from there so that the output names rules/FILE.ini.
umask 022
mkdir "$tmp/data"
cp -R rules profiles "$tmp/data/"
chmod -R go-w "$tmp/data"
cd "$tmp/data" || exit 1

for dir in "$top"/tests/sysroots/*/; do
	name=$(basename "$dir")
	for profile in database mail-server backup message-broker; do
		for kind in txt json; do
			case $kind in
			txt) args="--color=never" ;;
			json) args="--json" ;;
			esac
			exp="$exp_dir/$name.$profile.$kind"
			# shellcheck disable=SC2086
			if ! "$STORTUNE" advise $args --profile "$profile" --rules rules \
				--profiles profiles --sysroot "$dir" >"$tmp/out" 2>"$tmp/err"; then
				echo "$name/$profile: advise $args failed:"; cat "$tmp/err"; fail=1
				continue
			fi
			check_output "$name/$profile: advise $args" "$exp"
		done
	done
done

# Devices named on the command line (FIXTURE.PROFILE.DEVICE.KIND): a loop
# device is advised as a stacked device only when named.
while read -r name profile device; do
	for kind in txt json; do
		case $kind in
		txt) args="--color=never" ;;
		json) args="--json" ;;
		esac
		exp="$exp_dir/$name.$profile.$device.$kind"
		# shellcheck disable=SC2086
		if ! "$STORTUNE" advise $args --profile "$profile" --rules rules --profiles profiles \
			--sysroot "$top/tests/sysroots/$name" "$device" >"$tmp/out" 2>"$tmp/err"; then
			echo "$name/$profile/$device: advise $args failed:"; cat "$tmp/err"; fail=1
			continue
		fi
		check_output "$name/$profile/$device: advise $args" "$exp"
	done
done <<'EOF'
virtio-vm general loop0
EOF
exit $fail
