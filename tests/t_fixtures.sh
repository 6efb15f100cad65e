#!/bin/sh
# Every fixture sysroot gives exactly the expected text (probe -v) and JSON
# (probe --json) output, and no warnings: the fixtures are well-formed.
# Then the table's other forms and columns, and -o's errors.
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
	for kind in txt json; do
		case $kind in
		txt) args="-v --color=never" ;;
		json) args="--json" ;;
		esac
		exp="tests/expected/$name.$kind"
		# shellcheck disable=SC2086
		if ! "$STORTUNE" probe $args --sysroot "$dir" >"$tmp/out" 2>"$tmp/err"; then
			echo "$name: probe $args failed:"; cat "$tmp/err"; fail=1; continue
		fi
		check_output "$name: probe $args" "$exp"
	done
done
# The table's other forms (tests/expected/probe/FIXTURE.FORM.txt): --raw,
# --pairs and -o (any case, +LIST), on a dm stack whose disk's model has a
# blank and on md arrays under their members.
while read -r name form args; do
	# shellcheck disable=SC2086
	if ! "$STORTUNE" probe --color=never $args --sysroot "tests/sysroots/$name" \
		>"$tmp/out" 2>"$tmp/err"; then
		echo "$name: probe $args failed:"; cat "$tmp/err"; fail=1; continue
	fi
	check_output "$name: probe $args" "tests/expected/probe/$name.$form.txt"
done <<'EOF'
lvm-luks-nvme raw -r
lvm-luks-nvme pairs -P
lvm-luks-nvme columns -o NAME,KNAME,maj:min,Size,model,stable-id
desktop-ssd-hdd raw-plus -r -o +model,serial
desktop-ssd-hdd pairs-columns -P -o name,model,log/phy,min-io,mounts
raid10-xfs plus -o +max-sectors-kb,write-cache,nomerges,hw-queues
raid10-xfs columns-verbose -v -o name,raid,fstype,mounts md0
EOF

# -o: an unknown column names the closest and the rest; --json ignores -o
fix=tests/sysroots/raid10-xfs
expect 1 "stortune: -o: unknown column 'siz' (did you mean 'SIZE'?); the columns are NAME, TYPE, CLASS," \
	-- probe --sysroot "$fix" -o name,siz
expect 1 "; the columns are NAME, .*, STABLE-ID, MAX-SECTORS-KB, " -- probe --sysroot "$fix" -o +xyzzy
expect 1 "stortune: -o: an empty column name in 'name,'" -- probe --sysroot "$fix" -o name,
expect 0 '"devices"' -- probe --sysroot "$fix" --json -o xyzzy
# and probe --help lists them
expect 0 "^  MAX-SECTORS-KB    sysfs queue/max_sectors_kb$" -- probe --help
expect 0 "^  MOUNTS            where it is mounted" -- help probe

count=$(ls -d tests/sysroots/*/ | wc -l)
if [ "$count" -lt 8 ]; then
	echo "only $count fixture sysroots; the suite needs at least 8"
	fail=1
fi
exit $fail
