/*
 * datadir.c - owns the answer to "where are the shipped rules and profiles":
 * the candidate directories relative to the running binary and the one
 * configured at build time, and which of them is used (st_datadir.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "st_datadir.h"
#include "st_log.h"
#include "st_util.h"

/* Set by the Makefile from $(datadir) and $(sysconfdir); these defaults are
 * GNU's for PREFIX=/usr/local. */
#ifndef ST_DATADIR
#define ST_DATADIR "/usr/local/share/stortune"
#endif
#ifndef ST_SYSCONFDIR
#define ST_SYSCONFDIR "/usr/local/etc"
#endif

/* Where each candidate is, relative to the directory holding the binary. */
static const char *const exe_relative[] = {
	"../share/stortune", /* PREFIX/bin/stortune, installed */
	".",                 /* ./stortune in a source tree */
	"..",                /* build/stortune in a source tree */
};

const char *st_datadir_default(void)
{
	return ST_DATADIR;
}

const char *st_confdir_default(void)
{
	return ST_SYSCONFDIR "/stortune";
}

/*
 * p with "." and empty components dropped and each ".." taking away the
 * component before it (at the root it stays the root; a relative path keeps
 * leading ".."s).  Lexical only: the caller's directories have no symlinks.
 */
static char *path_normalize(const char *p)
{
	bool abs = p[0] == '/';
	char *copy = st_xstrdup(p), *save = NULL;
	char **parts = NULL;
	size_t n = 0, leading_up = 0;
	struct st_buf b = { 0 };

	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (strcmp(c, ".") == 0)
			continue;
		if (strcmp(c, "..") == 0) {
			if (n > leading_up) {
				free(parts[--n]);
				parts[n] = NULL;
				continue;
			}
			if (abs)
				continue;
			leading_up++;
		}
		st_strv_push(&parts, c);
		n++;
	}
	if (abs)
		st_buf_adds(&b, "/");
	for (size_t i = 0; i < n; i++) {
		if (i)
			st_buf_adds(&b, "/");
		st_buf_adds(&b, parts[i]);
	}
	if (!b.len)
		st_buf_adds(&b, ".");
	st_strv_free(parts);
	free(copy);
	return st_buf_steal(&b);
}

/* The directory of this process's executable, or NULL when it cannot be
 * read (no /proc, or a path longer than PATH_MAX). */
static char *self_exe(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf));

	if (n <= 0 || (size_t)n >= sizeof(buf)) {
		st_debug("datadir: /proc/self/exe: %s", n < 0 ? strerror(errno) : "too long");
		return NULL;
	}
	return st_xstrndup(buf, (size_t)n);
}

static void push_unique(char ***v, char *path)
{
	for (char **p = *v; p && *p; p++)
		if (strcmp(*p, path) == 0) {
			free(path);
			return;
		}
	st_strv_push(v, path);
	free(path);
}

/* The directory holding exe (NULL: this process's executable), or NULL. */
static char *exe_dir(const char *exe)
{
	char *own = exe ? NULL : self_exe(), *dir = NULL;
	const char *e = exe ? exe : own;

	if (e) {
		const char *slash = strrchr(e, '/');

		dir = slash ? st_xstrndup(e, (size_t)(slash - e + 1)) : st_xstrdup(".");
	}
	free(own);
	return dir;
}

/* dir/rel, normalised. */
static char *join_normalize(const char *dir, const char *rel)
{
	char *raw = st_xasprintf("%s/%s", dir, rel), *p = path_normalize(raw);

	free(raw);
	return p;
}

/* The build-time directory for what. */
static char *default_for(const char *what)
{
	return join_normalize(ST_DATADIR, what);
}

char **st_datadir_candidates(const char *exe, const char *what)
{
	char **v = NULL, *dir = exe_dir(exe);

	for (size_t i = 0; dir && i < ST_ARRAY_SIZE(exe_relative); i++) {
		char *rel = st_xasprintf("%s/%s", exe_relative[i], what);

		push_unique(&v, join_normalize(dir, rel));
		free(rel);
	}
	push_unique(&v, default_for(what));
	free(dir);
	return v;
}

static bool usable_dir(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		st_debug("datadir: %s: %s", path, strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		st_debug("datadir: %s: not a directory", path);
		return false;
	}
	if (access(path, R_OK | X_OK) < 0) {
		st_debug("datadir: %s: %s", path, strerror(errno));
		return false;
	}
	return true;
}

char *st_datadir(const char *exe, const char *what)
{
	char **cand = st_datadir_candidates(exe, what), *found = NULL;

	for (char **c = cand; *c && !found; c++)
		if (usable_dir(*c))
			found = st_xstrdup(*c);
	if (!found)
		found = default_for(what);
	st_debug("datadir: %s: %s", what, found);
	st_strv_free(cand);
	return found;
}

char *st_confdir(const char *exe)
{
	char *dir = exe_dir(exe), *prefix, *conf = NULL;

	if (dir) {
		prefix = join_normalize(dir, "..");
		/* the Makefile's sysconfdir: /etc for the prefix /usr */
		conf = strcmp(prefix, "/usr") == 0 ? st_xstrdup("/etc/stortune")
						   : join_normalize(prefix, "etc/stortune");
		free(prefix);
		if (!usable_dir(conf)) {
			free(conf);
			conf = NULL;
		}
	}
	free(dir);
	if (!conf)
		conf = join_normalize(ST_SYSCONFDIR, "stortune");
	st_debug("datadir: configuration: %s", conf);
	return conf;
}
