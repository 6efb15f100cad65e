#!/bin/sh
# make check-package: stortune as a user gets it, from the `make dist`
# tarball (issue 14, section 1), in a scratch directory; never the real /.
#  1. the tarball holds exactly the files git tracks, with their contents,
#     modes and symlink targets, twice the same bytes,
#     and its version is include/stortune.h's and debian/changelog's;
#  2. dpkg-buildpackage -b -us -uc builds it, lintian finds no error, the
#     .deb holds the binary, rules, profiles, man pages, completion and
#     /etc/stortune/stortune.conf (a conffile), and the binary unpacked with
#     dpkg -x gives `advise --sysroot`'s expected output;
#  3. a plain `make` (with cmocka hidden: only the tests need it), then
#     `make install DESTDIR=$d PREFIX=/usr` and `make install PREFIX=$d/usr`
#     install exactly the expected files, without recompiling, and the
#     installed binaries give the expected output; a changed stortune.conf
#     survives install and uninstall; uninstall leaves no file behind.
# Not part of `make check` (it builds stortune twice); .ci/run runs it.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export LC_ALL=C
fail=0
tmp=$(mktemp -d /tmp/stortune-pkg-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

for tool in dpkg-buildpackage dpkg-deb dpkg-parsechangelog dh lintian nm; do
	command -v "$tool" >/dev/null || {
		echo "check-package: $tool is missing: run 'make deps' (debhelper, dpkg-dev, lintian)"
		exit 1
	}
done

bad() {
	echo "FAIL: $*"
	fail=1
}

# The fixtures compared, and how: FIXTURE PROFILE FORMAT.
CASES="nvme-server database txt
nvme-server database json
raid5-misaligned backup txt"

# run_advise LABEL BIN DATA [ARGS...]: for each case, BIN advise ARGS gives
# the expected output once the data directory DATA/ is taken off the rule
# file names (they are printed as found).
run_advise() {
	label=$1 bin=$2 data=$3
	shift 3
	echo "$CASES" | while read -r fixture profile kind; do
		case $kind in txt) fmt=--color=never ;; json) fmt=--json ;; esac
		exp=tests/expected/advise/$fixture.$profile.$kind
		if ! "$bin" advise "$fmt" --profile "$profile" "$@" --sysroot "tests/sysroots/$fixture" \
			>"$tmp/out" 2>"$tmp/err"; then
			bad "$label: advise $fmt --profile $profile $* on $fixture failed:"
			cat "$tmp/err"
			echo 1 >"$tmp/failed"
			continue
		fi
		[ -s "$tmp/err" ] && { bad "$label: warnings:"; cat "$tmp/err"; echo 1 >"$tmp/failed"; }
		sed "s|$data/||g" "$tmp/out" >"$tmp/out.rel"
		if ! diff -u "$exp" "$tmp/out.rel"; then
			bad "$label: advise $fmt --profile $profile $* on $fixture differs from $exp"
			echo 1 >"$tmp/failed"
		fi
	done
	[ ! -e "$tmp/failed" ] || { fail=1; rm -f "$tmp/failed"; }
}

# check_installed LABEL BIN DATA SRC: the installed binary works with its
# data named (--rules, --profiles), and finds that data by itself when the
# build SRC resolves it with st_datadir (src/core/datadir.c).
check_installed() {
	label=$1 bin=$2 data=$3 src=$4
	run_advise "$label" "$bin" "$data" --rules "$data/rules" --profiles "$data/profiles"
	if nm "$src/build/stortune" | grep -q ' T st_datadir$'; then
		run_advise "$label (data found by itself)" "$bin" "$data"
	else
		echo "SKIP: $label: the binary does not use st_datadir yet (main.c's data_dir);" \
			"only the run with --rules/--profiles was checked"
	fi
}

# manifest DIR LISTFILE: one line per file named in LISTFILE (relative to
# DIR): its name, and a symlink's target or a file's mode and checksum.
manifest() {
	python3 - "$1" "$2" <<'EOF'
import hashlib, os, stat, sys
top, names = sys.argv[1], open(sys.argv[2]).read().splitlines()
for name in names:
    p = os.path.join(top, name)
    try:
        st = os.lstat(p)
    except OSError as e:
        print(name, "missing:", e.strerror)
        continue
    if stat.S_ISLNK(st.st_mode):
        print(name, "->", os.readlink(p))
    else:
        with open(p, "rb") as f:
            print(name, oct(st.st_mode & 0o111), hashlib.sha256(f.read()).hexdigest())
EOF
}

# expect_files LABEL ROOT LISTFILE: the files under ROOT are exactly those
# in LISTFILE (paths relative to ROOT, sorted).
expect_files() {
	(cd "$2" && find . -type f -o -type l) | sed 's|^\./||' | sort >"$tmp/have"
	if ! diff -u "$3" "$tmp/have"; then
		bad "$1: the files installed under $2 are not the expected ones (- expected, + found)"
	fi
}

# dropin_dirs LABEL CONFDIR: the empty drop-in directories an administrator
# puts local rules and profiles in are there, root's and 0755
dropin_dirs() {
	for dd in rules.d profiles.d; do
		if [ ! -d "$2/$dd" ]; then
			bad "$1: no $2/$dd"
		elif [ "$(stat -c %a "$2/$dd")" != 755 ]; then
			bad "$1: $2/$dd has mode $(stat -c %a "$2/$dd"), not 755"
		fi
	done
}

# data_list PREFIX_REL PKGDATA_REL CONF_REL: the files make install writes,
# relative to the root it writes under.
data_list() {
	{
		echo "$1/bin/stortune"
		for f in rules/*.ini profiles/*.ini; do echo "$2/$f"; done
		echo "$3/stortune/stortune.conf"
		for m in src/man/*.[1-8]; do [ -f "$m" ] && echo "$1/share/man/man${m##*.}/${m##*/}"; done
		[ -f "$4/build/stortune.bash-completion" ] &&
			echo "$1/share/bash-completion/completions/stortune"
	} | sort
}

# 1. the tarball ------------------------------------------------------------
version=$(sed -n 's/^#define STORTUNE_VERSION "\(.*\)"$/\1/p' include/stortune.h)
deb_version=$(dpkg-parsechangelog -l debian/changelog -S Version)
[ -n "$version" ] || bad "no STORTUNE_VERSION in include/stortune.h"
[ "${deb_version%-*}" = "$version" ] ||
	bad "debian/changelog is at $deb_version, include/stortune.h at $version: add a changelog entry"
dist=stortune-$version
mkdir "$tmp/dist" "$tmp/dist2" "$tmp/src" "$tmp/plain"
make -s dist DISTDIR="$tmp/dist" || bad "make dist failed"
make -s dist DISTDIR="$tmp/dist2" 2>/dev/null || bad "make dist (again) failed"
tarball=$tmp/dist/$dist.tar.gz
[ -f "$tarball" ] || { bad "make dist made no $dist.tar.gz"; exit 1; }
cmp -s "$tarball" "$tmp/dist2/$dist.tar.gz" || bad "make dist twice gave two different tarballs"
tar -tzf "$tarball" >"$tmp/tarlist" || bad "$dist.tar.gz: cannot list it"
tar -xzf "$tarball" -C "$tmp/src" && tar -xzf "$tarball" -C "$tmp/plain" || bad "cannot unpack $dist.tar.gz"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files | while IFS= read -r f; do { [ -e "$f" ] || [ -L "$f" ]; } && echo "$f"; done | sort >"$tmp/gitrel"
	sed "s|^|$dist/|" "$tmp/gitrel" >"$tmp/gitlist"
	sort "$tmp/tarlist" | diff -u "$tmp/gitlist" - || bad "$dist.tar.gz does not hold exactly what git tracks"
	# the same contents, modes and symlink targets (the fixtures' sys/ trees
	# are mostly symlinks)
	manifest "$top" "$tmp/gitrel" >"$tmp/manifest.git"
	manifest "$tmp/plain/$dist" "$tmp/gitrel" >"$tmp/manifest.tar"
	diff -u "$tmp/manifest.git" "$tmp/manifest.tar" | head -n 40
	cmp -s "$tmp/manifest.git" "$tmp/manifest.tar" ||
		bad "the files in $dist.tar.gz differ from the checkout's (contents, mode or symlink target)"
fi
# in the unpacked tree, without .git, dist packs the same files (the
# Makefile's DIST_TOP lists the top-level entries)
if [ -f "$tmp/gitlist" ]; then
	mkdir "$tmp/dist3"
	(cd "$tmp/plain/$dist" && make -s dist DISTDIR="$tmp/dist3") || bad "make dist in the unpacked tarball failed"
	tar -tzf "$tmp/dist3/$dist.tar.gz" | sort | diff -u "$tmp/gitlist" - ||
		bad "make dist in the unpacked tarball packs other files: see DIST_TOP in the Makefile"
fi

# 2. the Debian package -------------------------------------------------------
src=$tmp/src/$dist
echo "building the package in $src (log: dpkg-buildpackage.log)"
if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck${DEB_BUILD_OPTIONS:+ $DEB_BUILD_OPTIONS}" \
	dpkg-buildpackage -b -us -uc -Pnocheck) >"$tmp/dpkg-buildpackage.log" 2>&1; then
	tail -n 40 "$tmp/dpkg-buildpackage.log"
	bad "dpkg-buildpackage -b -us -uc failed"
	exit 1
fi
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
deb=$tmp/src/stortune_${deb_version}_$arch.deb
[ -f "$deb" ] || { bad "no $deb"; exit 1; }
lintian --fail-on error "$tmp/src/stortune_${deb_version}_$arch.changes" >"$tmp/lintian" 2>&1 ||
	bad "lintian reports errors:"
grep -v '^running with root privileges' "$tmp/lintian"
dpkg-deb -f "$deb" Package >/dev/null || bad "$deb: no control fields"
dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles >"$tmp/conffiles" 2>/dev/null
grep -qx /etc/stortune/stortune.conf "$tmp/conffiles" ||
	bad "/etc/stortune/stortune.conf is not a conffile of the package"
root=$tmp/root
dpkg -x "$deb" "$root" || bad "dpkg -x $deb failed"
# dh_compress gzips man pages, dh_installdocs adds the doc directory
data_list usr usr/share/stortune etc "$src" | sed 's|^\(usr/share/man/.*\)$|\1.gz|' >"$tmp/want"
printf '%s\n' usr/share/doc/stortune/README.md.gz usr/share/doc/stortune/changelog.Debian.gz \
	usr/share/doc/stortune/copyright >>"$tmp/want"
sort -o "$tmp/want" "$tmp/want"
expect_files "the package" "$root" "$tmp/want"
dropin_dirs "the package" "$root/etc/stortune"
check_installed "the package" "$root/usr/bin/stortune" "$root/usr/share/stortune" "$src"

# 3. make, make install, make uninstall ---------------------------------------
plain=$tmp/plain/$dist
mkdir "$tmp/bin"
cat >"$tmp/bin/pkg-config" <<'EOF'
#!/bin/sh
# pkg-config, as on a machine without cmocka
for a; do case $a in cmocka*) exit 1 ;; esac; done
exec pkg-config "$@"
EOF
chmod +x "$tmp/bin/pkg-config"
nocmocka="PKG_CONFIG=$tmp/bin/pkg-config"
if ! (cd "$plain" && make -j2 "$nocmocka") >"$tmp/make.log" 2>&1; then
	tail -n 30 "$tmp/make.log"
	bad "a plain make without cmocka failed"
	exit 1
fi
(cd "$plain" && make "$nocmocka" build/tests/test_util) >"$tmp/out" 2>&1 &&
	bad "the tests built without cmocka"
grep -q "missing test libraries" "$tmp/out" || { bad "no 'missing test libraries' without cmocka:"; cat "$tmp/out"; }

# DESTDIR staging, as a package build does it
d=$tmp/destdir
(cd "$plain" && make install DESTDIR="$d" PREFIX=/usr) >"$tmp/out" 2>&1 ||
	{ cat "$tmp/out"; bad "make install DESTDIR=\$d PREFIX=/usr failed"; }
grep -q ' CC ' "$tmp/out" && bad "make install PREFIX=/usr recompiled what make had built"
data_list usr usr/share/stortune etc "$plain" >"$tmp/want"
expect_files "make install DESTDIR=\$d PREFIX=/usr" "$d" "$tmp/want"
dropin_dirs "make install DESTDIR=\$d PREFIX=/usr" "$d/etc/stortune"
cmp -s "$plain/build/stortune" "$d/usr/bin/stortune" || bad "the installed binary is not the one built"
check_installed "make install DESTDIR=\$d PREFIX=/usr" "$d/usr/bin/stortune" "$d/usr/share/stortune" "$plain"
(cd "$plain" && make uninstall DESTDIR="$d" PREFIX=/usr) >"$tmp/out" 2>&1 ||
	{ cat "$tmp/out"; bad "make uninstall DESTDIR=\$d PREFIX=/usr failed"; }
: >"$tmp/none"
expect_files "make uninstall DESTDIR=\$d PREFIX=/usr" "$d" "$tmp/none"

# another prefix than the one built with (sysconfdir is then PREFIX/etc)
p=$tmp/prefix/usr
(cd "$plain" && make install PREFIX="$p") >"$tmp/out" 2>&1 ||
	{ cat "$tmp/out"; bad "make install PREFIX=\$p failed"; }
data_list . share/stortune etc "$plain" | sed 's|^\./||' | sort >"$tmp/want"
expect_files "make install PREFIX=\$p" "$p" "$tmp/want"
check_installed "make install PREFIX=\$p" "$p/bin/stortune" "$p/share/stortune" "$plain"
# an admin's stortune.conf is kept (the new one is .new); a stale rule
# file of an older version is removed
conf=$p/etc/stortune/stortune.conf
echo "# changed by the admin" >>"$conf"
cp "$p/share/stortune/rules/queue.ini" "$p/share/stortune/rules/old.ini"
(cd "$plain" && make install PREFIX="$p") >"$tmp/out" 2>&1 || { cat "$tmp/out"; bad "make install (again) failed"; }
grep -q "changed by the admin" "$conf" || bad "make install overwrote a changed $conf"
cmp -s "$plain/etc/stortune.conf" "$conf.new" || bad "make install did not put the new stortune.conf in $conf.new"
[ ! -e "$p/share/stortune/rules/old.ini" ] || bad "make install left a stale rule file"
(cd "$plain" && make uninstall PREFIX="$p") >"$tmp/out" 2>&1 || { cat "$tmp/out"; bad "make uninstall PREFIX=\$p failed"; }
echo etc/stortune/stortune.conf >"$tmp/want"
expect_files "make uninstall PREFIX=\$p (a changed stortune.conf stays)" "$p" "$tmp/want"
cp "$plain/etc/stortune.conf" "$conf"
(cd "$plain" && make uninstall PREFIX="$p") >"$tmp/out" 2>&1 || { cat "$tmp/out"; bad "make uninstall failed"; }
expect_files "make uninstall PREFIX=\$p" "$p" "$tmp/none"
[ ! -e "$p/etc/stortune" ] || bad "make uninstall left $p/etc/stortune"

if [ "$fail" -eq 0 ]; then
	echo "check-package: all passed"
else
	echo "check-package: FAILED"
fi
exit $fail
