#!/bin/sh
# The bash completion, generated from the option table: commands, each
# command's own options, option values (profiles, workloads, choices) and
# subcommands complete; an option of another command does not.
set -u
: "${STORTUNE:?}"
command -v bash >/dev/null || { echo "bash is missing"; exit 1; }
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
"$STORTUNE" completion bash >"$tmp/stortune.bash" || { echo "completion bash failed"; exit 1; }

# complete WORDS...: the candidates for the last word, one per line
cat >"$tmp/run.bash" <<'EOS'
. "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
_stortune
printf '%s\n' "${COMPREPLY[@]}"
EOS
fail=0
# has "WORDS" WANT: completing WORDS offers WANT
has() {
	# shellcheck disable=SC2086
	bash "$tmp/run.bash" "$tmp/stortune.bash" "$STORTUNE" $1 >"$tmp/out" 2>&1
	if ! grep -qx -- "$2" "$tmp/out"; then
		echo "stortune $1<TAB>: no '$2' in:"; cat "$tmp/out"; fail=1
	fi
}
lacks() {
	# shellcheck disable=SC2086
	bash "$tmp/run.bash" "$tmp/stortune.bash" "$STORTUNE" $1 >"$tmp/out" 2>&1
	if grep -qx -- "$2" "$tmp/out"; then echo "stortune $1<TAB> offers '$2'"; fail=1; fi
}
has "adv" advise
has "--sysroot /tmp pro" probe
has "advise --profile da" database
has "apply --dr" --dry-run
has "apply --profile database --dry-run --sc" --script
lacks "capture --dr" --dry-run
has "capture --ou" --output
has "profiles show mail" mail-server
has "profiles s" show
has "rules k" knobs
has "bench --workload randr" randread-4k-qd1
has "bench --rw app" append
has "probe --color al" always
has "help ap" apply
exit $fail
