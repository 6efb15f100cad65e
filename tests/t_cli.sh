#!/bin/sh
# The command line as a user meets it: help, version, suggestions for typos,
# errors that name the thing, and DESIGN.md's exit codes.
set -u
: "${STORTUNE:?}"
export LC_ALL=C
fail=0
fix=tests/sysroots/desktop-ssd-hdd
tmp=$(mktemp -d /tmp/stortune-t-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

. tests/lib.sh

expect 0 "stortune 0" -- --version
expect 0 "Usage: stortune COMMAND" -- --help
# each command's help is its own, the same through 'help COMMAND'
expect 0 "Usage: stortune apply \[OPTIONS\] --profile NAME" -- apply --help
cp "$tmp/out" "$tmp/apply-help"
expect 0 "Usage: stortune apply" -- help apply
if ! cmp -s "$tmp/out" "$tmp/apply-help"; then echo "help apply differs from apply --help"; fail=1; fi
expect 0 "--output FILE" -- capture --help
if grep -q -- "--profile " "$tmp/out"; then echo "capture --help lists --profile"; fail=1; fi
expect 1 "unknown command 'aply' (did you mean 'apply'?)" -- help aply
expect 1 "Usage: stortune COMMAND" --
expect 1 "unknown command 'prob' (did you mean 'probe'?)" -- prob
expect 1 "unknown option '--jsno' (did you mean '--json'?)" -- probe --jsno
expect 1 "unknown option '--frobnicate'$" -- probe --frobnicate
expect 1 "option '--sysroot' needs an argument" -- probe --sysroot
expect 1 "capture: --profile is not an option of capture; it goes with advise, apply, verify or bench" -- capture --profile x -o x.tar
expect 1 "capture: -o FILE is required" -- capture
expect 1 "sdz: no such block device" -- probe --sysroot "$fix" sdz
expect 1 "/nonexistent/dir: No such file or directory" -- probe --sysroot /nonexistent/dir
mkdir "$tmp/empty"
expect 1 "not a sysroot: it has neither sys/ nor proc/" -- probe --sysroot "$tmp/empty"
expect 1 "unknown archive type" -- capture --sysroot "$fix" -o "$tmp/x.zip"
expect 1 "--color: 'sometimes' is not auto, always or never" -- probe --color=sometimes

# every listing has a JSON form that parses and holds what the text does
json() {
	want=$1
	shift
	expect 0 "$want" -- "$@" --json
	python3 -m json.tool "$tmp/out" >/dev/null || { echo "stortune $* --json: not JSON"; fail=1; }
}
json '"name": "database"' profiles
json '"name": "database"' profiles list
json '"inherits": \[' profiles show mail-server
json '"id": "' rules list
json '"name": "queue/scheduler"' rules knobs
json '"ok": true' rules lint
json '"name": "custom"' bench list
json '"archive": ' capture --sysroot "$fix" -o "$tmp/cap.tar"
printf '[x]\nwhen = nosuch.fact\n' >"$tmp/bad.ini"
expect 1 "bad.ini:1: \\[x\\]: missing 'scope'" -- rules lint --json "$tmp/bad.ini"
grep -q '"ok": false' "$tmp/out" || { echo "rules lint --json of a bad file: no \"ok\": false"; fail=1; }

# a device argument shows that device's subtree only; /dev/ names work too
expect 0 "sdb1" -- probe --sysroot "$fix" /dev/sdb
if grep -q "sda" "$tmp/out"; then echo "probe sdb showed sda"; cat "$tmp/out"; fail=1; fi
# options may follow the command or precede it
expect 0 '"kname": "sdb"' -- --json probe --sysroot "$fix" sdb

# colour only when asked or on a terminal
"$STORTUNE" probe --sysroot "$fix" >"$tmp/plain"
if grep -q "$(printf '\033')" "$tmp/plain"; then echo "colour escapes in piped output"; fail=1; fi
"$STORTUNE" probe --sysroot "$fix" --color=always >"$tmp/color"
if ! grep -q "$(printf '\033')" "$tmp/color"; then echo "--color=always printed no colour"; fail=1; fi

# a failed write of the output is an error, not silence
if [ -w /dev/full ]; then
	if "$STORTUNE" probe --sysroot "$fix" >/dev/full 2>"$tmp/err"; then
		echo "probe >/dev/full exited 0"; fail=1
	elif ! grep -q "write error on standard output" "$tmp/err"; then
		echo "probe >/dev/full: no write error message"; cat "$tmp/err"; fail=1
	fi
fi

# libm, libsmartcols and json-c are loaded when first needed
# (src/core/dl.c): the program
# links none of them and probe --json loads none; the table loads
# libsmartcols, advise --json json-c, and a bench report libm
if command -v readelf >/dev/null 2>&1; then
	if readelf -d "$STORTUNE" | grep -E 'NEEDED.*(libm\.so|libsmartcols|libjson-c)'; then
		echo "the binary links libm, libsmartcols or json-c"; fail=1
	fi
fi
# loaded FILE LIB: LD_DEBUG's record of LIB opened with dlopen (by stortune,
# or by a sanitizer runtime on its behalf) or needed by stortune itself; not
# needed by another library (a sanitizer runtime needs libm)
loaded() {
	grep -q "file=$2.* \[0\];  dynamically loaded by \|file=$2.* \[0\];  needed by $STORTUNE " "$1"
}
LD_DEBUG=files "$STORTUNE" probe --json --sysroot "$fix" >/dev/null 2>"$tmp/ld"
for lib in libm.so libsmartcols libjson-c; do
	if loaded "$tmp/ld" "$lib"; then echo "probe --json loaded $lib"; fail=1; fi
done
LD_DEBUG=files "$STORTUNE" probe --sysroot "$fix" >/dev/null 2>"$tmp/ld"
loaded "$tmp/ld" libsmartcols || { echo "the probe table did not load libsmartcols"; fail=1; }
LD_DEBUG=files "$STORTUNE" advise --json --profile database --sysroot "$fix" >/dev/null 2>"$tmp/ld"
loaded "$tmp/ld" libjson-c || { echo "advise --json did not load json-c"; fail=1; }
LD_DEBUG=files "$STORTUNE" report tests/report/bench-randread-15s.json -o "$tmp/r.html" >/dev/null 2>"$tmp/ld"
# (a sanitizer runtime that needs libm has it loaded before stortune asks)
if ! grep -q "file=libm.so.* \[0\];  needed by " "$tmp/ld"; then
	loaded "$tmp/ld" libm.so || { echo "a bench report (log axes) did not load libm"; fail=1; }
fi
exit $fail
