/*
 * util.c - the scratch directory of the harnesses that hand their
 * input to a reader as a file (fuzz.h): made once, 0700, and removed with
 * everything in it when the process exits.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>

#include "fuzz.h"

static char *tmpdir;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 ? -1 : 0;
}

static void rm_tmpdir(void)
{
	if (tmpdir)
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(tmpdir);
	tmpdir = NULL;
}

char *fz_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (tmpdir)
		return tmpdir;
	tmpdir = st_xasprintf("%s/stortune-fuzz-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror(tmpdir);
		abort();
	}
	atexit(rm_tmpdir);
	return tmpdir;
}

/* mkdir -p of the directory that holds rel below root (and of root). */
static void mkparents(const char *root, const char *rel)
{
	char *path = st_xasprintf("%s/%s", root, rel);

	for (char *p = path + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			perror(path);
			abort();
		}
		*p = '/';
	}
	free(path);
}

void fz_put(const char *root, const char *rel, const char *text)
{
	char *path = st_xasprintf("%s/%s", root, rel);

	mkparents(root, rel);
	fz_write_file(path, text, strlen(text));
	free(path);
}

void fz_link(const char *root, const char *rel, const char *target)
{
	char *path = st_xasprintf("%s/%s", root, rel);

	mkparents(root, rel);
	if (symlink(target, path) < 0 && errno != EEXIST) {
		perror(path);
		abort();
	}
	free(path);
}

void fz_mkdir(const char *root, const char *rel)
{
	char *path = st_xasprintf("%s/%s/", root, rel);

	mkparents(root, path + strlen(root) + 1);
	free(path);
}
