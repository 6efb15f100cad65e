/*
 * st_datadir.h - where the shipped rules/ and profiles/ are, and where the
 * configuration (stortune.conf, rules.d/, profiles.d/) lives.
 *
 * The data is found relative to the running binary first, so that a tree
 * built with one PREFIX and installed under another (or unpacked anywhere
 * with dpkg -x) still finds its own data:
 *
 *   <exe dir>/../share/stortune/WHAT   an installed binary (PREFIX/bin)
 *   <exe dir>/WHAT                     ./stortune in a source tree
 *   <exe dir>/../WHAT                  build/stortune in a source tree
 *   ST_DATADIR/WHAT                    $(datadir)/stortune at build time
 *
 * Paths are normalised lexically ("/usr/bin/../share" is "/usr/share"); the
 * directory of /proc/self/exe has no symlinks, so this names the same place.
 */
#ifndef ST_DATADIR_H
#define ST_DATADIR_H

#include "stortune.h"

/* The data directory configured at build time, e.g. "/usr/share/stortune". */
const char *st_datadir_default(void);

/* The configuration directory configured at build time: "/etc/stortune" when
 * built with PREFIX=/usr, else $(sysconfdir)/stortune. */
const char *st_confdir_default(void);

/*
 * The directories that may hold what ("rules" or "profiles"), in the order
 * they are tried, for the executable at exe (NULL: this process's own, read
 * from /proc/self/exe; a relative exe is taken from the current directory).
 * No duplicates; NULL-terminated, never NULL; free with st_strv_free.  For
 * `--version` and for tests.
 */
char **st_datadir_candidates(const char *exe, const char *what);

/*
 * The first candidate that is a directory stortune can read and search.
 * When none is, the build-time one (which then does not exist), so that the
 * caller's error names where the data should have been installed: this never
 * fails.  Never NULL; the caller frees it.
 */
char *st_datadir(const char *exe, const char *what);

/*
 * The configuration directory for the executable at exe (NULL: this
 * process's): where `make install` put stortune.conf for the prefix the
 * binary sits in (PREFIX/bin/stortune: PREFIX/etc/stortune, and
 * /etc/stortune for /usr/bin/stortune) when that is a directory, else
 * st_confdir_default().  Never NULL; the caller frees it.
 */
char *st_confdir(const char *exe);

#endif
