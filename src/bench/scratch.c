/*
 * scratch.c - owns the benchmark's scratch file: where it may be created,
 * how it is preallocated, and that it is gone when stortune is, whether the
 * run ends, fails, or is interrupted with SIGINT or SIGTERM.
 *
 * O_TMPFILE is preferred: the file has no name, so even SIGKILL cannot leave
 * it behind.  Filesystems without it get an O_EXCL file with a unique
 * name, which the signal handler unlinks.  The handler only calls unlink(2)
 * and raise(2), both async-signal-safe.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "st_log.h"
#include "st_scratch.h"
#include "st_units.h"
#include "st_util.h"

/* Named scratch files to unlink from the signal handler.  A run has one or
 * two (the append workload's file); 8 leaves room. */
#define MAX_NAMED 8
static char named[MAX_NAMED][PATH_MAX];
static volatile sig_atomic_t named_used[MAX_NAMED];
static bool handlers_installed;

static void on_signal(int sig)
{
	for (int i = 0; i < MAX_NAMED; i++)
		if (named_used[i])
			unlink(named[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_handlers(void)
{
	struct sigaction sa;

	if (handlers_installed)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 2; i++) {
		int sig = i ? SIGTERM : SIGINT;
		struct sigaction old;

		/* a signal the shell set to be ignored (a job started with &)
		 * stays ignored */
		if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sig, &sa, NULL);
	}
	handlers_installed = true;
}

static void register_name(const char *path)
{
	for (int i = 0; i < MAX_NAMED; i++) {
		if (named_used[i])
			continue;
		snprintf(named[i], sizeof(named[i]), "%s", path);
		named_used[i] = 1;
		return;
	}
	st_warn("%s: more than %d scratch files at once; a signal would leave this one", path,
		MAX_NAMED);
}

static void unregister_name(const char *path)
{
	for (int i = 0; i < MAX_NAMED; i++)
		if (named_used[i] && strcmp(named[i], path) == 0)
			named_used[i] = 0;
}

int st_scratch_free_bytes(const char *dir, uint64_t *bytes)
{
	struct statvfs sv;

	if (statvfs(dir, &sv) < 0)
		return -errno;
	*bytes = (uint64_t)sv.f_bavail * sv.f_frsize;
	return 0;
}

uint64_t st_scratch_default_size(uint64_t free_bytes)
{
	uint64_t s = free_bytes / 10;

	if (s > ST_GIB)
		s = ST_GIB;
	return s / ST_MIB * ST_MIB;
}

static int open_named(const char *dir, char **path)
{
	for (unsigned i = 0; i < 100; i++) {
		char *p = st_xasprintf("%s/.stortune-scratch.%ld.%u", dir, (long)getpid(), i);
		int fd = open(p, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

		if (fd >= 0) {
			*path = p;
			return fd;
		}
		free(p);
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

int st_scratch_create(const char *dir, uint64_t size, unsigned flags, struct st_scratch **out)
{
	struct st_scratch *s;
	struct stat st;
	uint64_t avail = 0;
	char *path = NULL;
	int fd = -1, r;

	*out = NULL;
	if (stat(dir, &st) < 0) {
		r = -errno;
		st_err("%s: %s", dir, strerror(-r));
		return r;
	}
	if (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)) {
		st_err("%s: is a device; stortune bench writes only a scratch file it creates in a directory", dir);
		return -EINVAL;
	}
	if (!S_ISDIR(st.st_mode)) {
		st_err("%s: not a directory", dir);
		return -ENOTDIR;
	}
	if (size == 0) {
		st_err("%s: scratch size is 0", dir);
		return -EINVAL;
	}
	r = st_scratch_free_bytes(dir, &avail);
	if (r < 0) {
		st_err("%s: statvfs: %s", dir, strerror(-r));
		return r;
	}
	if (avail / 2 < size) {
		char want[32], have[32];

		st_size_to_human(size, want, sizeof(want));
		st_size_to_human(avail, have, sizeof(have));
		st_err("%s: only %s free; a %s scratch file needs twice that", dir, have, want);
		return -ENOSPC;
	}

	install_handlers();
	if (!(flags & ST_SCRATCH_NAMED)) {
		fd = open(dir, O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
			r = -errno;
			st_err("%s: cannot create a scratch file: %s", dir, strerror(-r));
			return r;
		}
	}
	if (fd < 0) {
		fd = open_named(dir, &path);
		if (fd < 0) {
			st_err("%s: cannot create a scratch file: %s", dir, strerror(-fd));
			return fd;
		}
		register_name(path);
	}

	r = fallocate(fd, (flags & ST_SCRATCH_KEEP_SIZE) ? FALLOC_FL_KEEP_SIZE : 0, 0, (off_t)size);
	if (r < 0 && (errno == EOPNOTSUPP || errno == ENOSYS)) {
		st_debug("%s: no fallocate; the layout pass allocates the file", dir);
		r = (flags & ST_SCRATCH_KEEP_SIZE) ? 0 : ftruncate(fd, (off_t)size);
	}
	if (r < 0) {
		r = -errno;
		st_err("%s: fallocate of the scratch file: %s", dir, strerror(-r));
		close(fd);
		if (path) {
			unlink(path);
			unregister_name(path);
			free(path);
		}
		return r;
	}

	s = st_xcalloc(1, sizeof(*s));
	s->fd = fd;
	s->dir = st_xstrdup(dir);
	s->path = path;
	s->size = size;
	st_debug("%s: scratch file %s, %llu bytes", dir, path ? path : "(O_TMPFILE)",
		 (unsigned long long)size);
	*out = s;
	return 0;
}

int st_scratch_set_direct(struct st_scratch *s, bool direct)
{
	int fl = fcntl(s->fd, F_GETFL);

	if (fl < 0)
		return -errno;
	fl = direct ? (fl | O_DIRECT) : (fl & ~O_DIRECT);
	if (fcntl(s->fd, F_SETFL, fl) < 0)
		return -errno;
	s->direct = direct;
	return 0;
}

int st_scratch_reopen(const struct st_scratch *s, int flags)
{
	char p[64];
	int fd;

	/* works for an O_TMPFILE file too, which has no name to open */
	snprintf(p, sizeof(p), "/proc/self/fd/%d", s->fd);
	fd = open(p, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int st_scratch_drop_cache(struct st_scratch *s)
{
	int r;

	if (fdatasync(s->fd) < 0)
		return -errno;
	r = posix_fadvise(s->fd, 0, 0, POSIX_FADV_DONTNEED);
	return -r;
}

void st_scratch_free(struct st_scratch *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	if (s->path) {
		if (unlink(s->path) < 0 && errno != ENOENT)
			st_warn("%s: cannot remove the scratch file: %s", s->path, strerror(errno));
		unregister_name(s->path);
		free(s->path);
	}
	free(s->dir);
	free(s);
}
