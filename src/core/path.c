/*
 * path.c - owns the rooted path context: how stortune opens, reads, lists
 * and resolves files under the live root or a --sysroot tree, how it reports
 * unreadable or malformed values, and the trace hook used by capture.
 *
 * Under a sysroot every open goes through openat2(RESOLVE_IN_ROOT): an
 * absolute symlink in a captured tree resolves inside the tree, never on the
 * host.  Symlink resolution for canonical names is done here lexically, with
 * readlinkat() on prefixes that are already symlink-free, so it cannot leave
 * the root either.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "prefetch.h"
#include "st_log.h"
#include "st_path.h"
#include "st_util.h"

/* Sysfs attributes are at most a page; /proc files like cpuinfo grow with
 * the machine.  Refuse anything bigger than this: it is not what we want. */
#define ST_PATH_MAX_FILE (16u << 20) /* bytes */

/* openat2(RESOLVE_IN_ROOT) attempts before its EAGAIN is an error. */
#define ST_PATH_EAGAIN_TRIES 64

/* The kernel's own limit on symlinks followed in one lookup (MAXSYMLINKS). */
#define ST_PATH_MAX_LINKS 40

struct st_path {
	char *root;   /* "/" or the absolute sysroot, without trailing '/' */
	int rootfd;   /* O_PATH descriptor of root */
	bool sysroot; /* --sysroot given: rooted opens, no host libraries */
	bool openat2; /* false once the kernel said ENOSYS */
	st_path_trace_fn trace;
	void *trace_data;
	struct st_prefetch *pf; /* read ahead by st_path_prefetch; NULL until then */
	bool no_prefetch;       /* st_path_set_prefetch(pc, false) */
	size_t prefetched;      /* reads served from what was read ahead */
};

int st_path_new(struct st_path **out, const char *sysroot)
{
	struct st_path *pc;
	char *abs = NULL;

	*out = NULL;
	if (sysroot) {
		abs = realpath(sysroot, NULL);
		if (!abs)
			return -errno;
	}
	pc = st_xcalloc(1, sizeof(*pc));
	pc->sysroot = sysroot != NULL;
	pc->openat2 = true;
	pc->root = abs ? abs : st_xstrdup("/");
	pc->rootfd = open(pc->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pc->rootfd < 0) {
		int rc = -errno;

		free(pc->root);
		free(pc);
		return rc;
	}
	*out = pc;
	return 0;
}

void st_path_free(struct st_path *pc)
{
	if (!pc)
		return;
	if (pc->rootfd >= 0)
		close(pc->rootfd);
	st_prefetch_free(pc->pf);
	free(pc->root);
	free(pc);
}

bool st_path_is_sysroot(const struct st_path *pc)
{
	return pc->sysroot;
}

const char *st_path_root(const struct st_path *pc)
{
	return pc->root;
}

void st_path_set_trace(struct st_path *pc, st_path_trace_fn fn, void *data)
{
	pc->trace = fn;
	pc->trace_data = data;
}

static void trace(struct st_path *pc, enum st_path_kind kind, const char *rel, int err,
		  const void *buf, size_t len)
{
	if (pc->trace && err != -ENOENT && err != -ENOTDIR)
		pc->trace(pc->trace_data, kind, rel, err < 0 ? -err : err, buf, len);
}

static const char *skip_slashes(const char *p)
{
	while (*p == '/')
		p++;
	return p;
}

char *st_path_display(const struct st_path *pc, const char *rel)
{
	rel = skip_slashes(rel);
	if (strcmp(pc->root, "/") == 0)
		return st_xasprintf("/%s", rel);
	return st_xasprintf("%s/%s", pc->root, rel);
}

#define FORMAT_REL(rel, fmt)                                                                       \
	do {                                                                                       \
		va_list ap_;                                                                       \
		va_start(ap_, fmt);                                                                \
		rel = st_xvasprintf(fmt, ap_);                                                           \
		va_end(ap_);                                                                       \
	} while (0)

/* Opens rel below the root; returns an fd or -errno. */
static int open_rel(struct st_path *pc, const char *rel, int flags)
{
	int fd;

	rel = skip_slashes(rel);
	if (!*rel)
		rel = ".";
	flags |= O_CLOEXEC;
	if (pc->sysroot && pc->openat2) {
		struct open_how how = {
			.flags = (uint64_t)flags,
			.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
		};

		/* EAGAIN: a rename or mount anywhere on the system while a ".."
		 * was walked, and the kernel could not prove the walk stayed
		 * inside (openat2(2) says to retry); the trees' links are full
		 * of "..", and a busy machine renames all the time */
		for (int tries = 0; tries < ST_PATH_EAGAIN_TRIES; tries++) {
			fd = (int)syscall(SYS_openat2, pc->rootfd, rel, &how, sizeof(how));
			if (fd >= 0 || errno != EAGAIN)
				break;
		}
		if (fd >= 0)
			return fd;
		if (errno != ENOSYS)
			return -errno;
		st_debug("openat2 unavailable (kernel before 5.6): resolving paths in %s by hand",
			 pc->root);
		pc->openat2 = false;
	}
	if (pc->sysroot) {
		/* confine by hand: a canonical path has no symlink left to follow */
		char *canon = NULL;
		int rc = st_path_resolvef(pc, &canon, "%s", rel);

		if (rc < 0)
			return rc;
		fd = openat(pc->rootfd, *canon ? canon : ".", flags | O_NOFOLLOW);
		free(canon);
		return fd < 0 ? -errno : fd;
	}
	fd = openat(pc->rootfd, rel, flags);
	return fd < 0 ? -errno : fd;
}

int st_path_existsf(struct st_path *pc, const char *fmt, ...)
{
	struct stat st;
	char *rel;
	int fd, rc = 0;

	FORMAT_REL(rel, fmt);
	fd = open_rel(pc, rel, O_PATH);
	if (fd < 0) {
		rc = fd;
	} else {
		if (pc->trace && fstat(fd, &st) == 0)
			trace(pc, S_ISDIR(st.st_mode) ? ST_PATH_DIR : ST_PATH_EXTERNAL,
			      skip_slashes(rel), 0, NULL, 0);
		close(fd);
	}
	free(rel);
	return rc;
}

/*
 * Reads the whole of fd; returns length or -errno.  A sysfs attribute is
 * produced whole by one show() call, so a short first read is the end of
 * it; /proc's seq_files can return less than asked before their end, so
 * there we read until read(2) says 0.
 */
static ssize_t read_all(int fd, char **out, bool one_shot)
{
	size_t cap = 4096 + 1, len = 0;
	char *buf = st_xmalloc(cap);

	for (;;) {
		ssize_t n = read(fd, buf + len, cap - len - 1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			int rc = -errno;
			free(buf);
			return rc;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (one_shot && len + 1 < cap)
			break;
		if (len + 1 == cap) {
			if (cap > ST_PATH_MAX_FILE) {
				free(buf);
				return -EFBIG;
			}
			cap *= 2;
			buf = st_xrealloc(buf, cap);
		}
	}
	buf[len] = '\0';
	*out = buf;
	return (ssize_t)len;
}

static int read_rel(struct st_path *pc, const char *rel, char **buf, size_t *len)
{
	ssize_t n;
	int fd;

	if (pc->pf) {
		int err = 0;

		if (st_prefetch_take(pc->pf, skip_slashes(rel), buf, len, &err)) {
			if (err) {
				st_debug("%s: not present", skip_slashes(rel));
				return err;
			}
			pc->prefetched++;
			trace(pc, ST_PATH_FILE, skip_slashes(rel), 0, *buf, *len);
			return 0;
		}
	}
	/* O_NONBLOCK: a FIFO in a tree must not hang the open (it reads as
	 * empty); it changes nothing for sysfs, procfs or regular files */
	fd = open_rel(pc, rel, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		if (fd == -ENOENT || fd == -ENOTDIR)
			st_debug("%s: not present", skip_slashes(rel));
		else
			st_debug("%s: cannot open: %s", skip_slashes(rel), strerror(-fd));
		trace(pc, ST_PATH_FILE, skip_slashes(rel), fd, NULL, 0);
		return fd;
	}
	n = read_all(fd, buf, st_startswith(skip_slashes(rel), "sys/"));
	close(fd);
	if (n < 0) {
		/* sysfs attributes a driver cannot answer fail read(2) with EIO or
		 * EINVAL; that is an unknown value, not an error of ours. */
		st_debug("%s: read failed: %s", skip_slashes(rel), strerror((int)-n));
		trace(pc, ST_PATH_FILE, skip_slashes(rel), (int)n, NULL, 0);
		return (int)n;
	}
	*len = (size_t)n;
	trace(pc, ST_PATH_FILE, skip_slashes(rel), 0, *buf, *len);
	return 0;
}

int st_path_read_rawf(struct st_path *pc, char **buf, size_t *len, const char *fmt, ...)
{
	char *rel;
	int rc;

	FORMAT_REL(rel, fmt);
	rc = read_rel(pc, rel, buf, len);
	free(rel);
	return rc;
}

void st_path_warn_value(const struct st_path *pc, const char *rel, const char *fmt, ...)
{
	char *disp = st_path_display(pc, rel), *what;

	FORMAT_REL(what, fmt);
	st_warn("%s: %s; treated as unknown", disp, what);
	free(what);
	free(disp);
}

/* Text is printable ASCII/UTF-8 plus white space; NUL or control bytes
 * mean a binary or corrupt file. */
static bool is_text(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\0' || (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f)
			return false;
	}
	return true;
}

static int read_string_rel(struct st_path *pc, const char *rel, char **str)
{
	size_t len;
	char *buf;
	int rc;

	rc = read_rel(pc, rel, &buf, &len);
	if (rc == -EFBIG)
		st_path_warn_value(pc, rel, "larger than %u MiB, not an attribute",
				   ST_PATH_MAX_FILE >> 20);
	if (rc < 0)
		return rc;
	if (!is_text(buf, len)) {
		st_path_warn_value(pc, rel, "binary content (%zu bytes)", len);
		free(buf);
		return -EILSEQ;
	}
	*str = st_strstrip(buf);
	return 0;
}

int st_path_read_stringv(struct st_path *pc, char **str, const char *fmt, va_list ap)
{
	char *rel = st_xvasprintf(fmt, ap);
	int rc = read_string_rel(pc, rel, str);

	free(rel);
	return rc;
}

int st_path_read_stringf(struct st_path *pc, char **str, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = st_path_read_stringv(pc, str, fmt, ap);
	va_end(ap);
	return rc;
}

static void show_value(char *dst, size_t dstsz, const char *s)
{
	/* quote at most 32 characters of the offending value */
	snprintf(dst, dstsz, "%.32s%s", s, strlen(s) > 32 ? "..." : "");
}

int st_path_read_u64f(struct st_path *pc, uint64_t *v, uint64_t max, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = st_path_read_u64v(pc, v, max, fmt, ap);
	va_end(ap);
	return rc;
}

int st_path_read_u64v(struct st_path *pc, uint64_t *v, uint64_t max, const char *fmt, va_list ap)
{
	char *rel = st_xvasprintf(fmt, ap), *s = NULL, shown[40];
	uint64_t x = 0;
	int rc;

	rc = read_string_rel(pc, rel, &s);
	if (rc == 0) {
		rc = st_parse_u64(s, &x);
		show_value(shown, sizeof(shown), s);
		if (rc == -ENODATA)
			st_path_warn_value(pc, rel, "empty, expected a number");
		else if (rc == -EINVAL)
			st_path_warn_value(pc, rel, "not a number: \"%s\"", shown);
		else if (rc == -ERANGE || (rc == 0 && x > max)) {
			st_path_warn_value(pc, rel, "number out of range: \"%s\"", shown);
			rc = -ERANGE;
		} else {
			*v = x;
		}
	}
	free(s);
	free(rel);
	return rc;
}

int st_path_read_boolf(struct st_path *pc, int *v, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = st_path_read_boolv(pc, v, fmt, ap);
	va_end(ap);
	return rc;
}

int st_path_read_boolv(struct st_path *pc, int *v, const char *fmt, va_list ap)
{
	char *rel = st_xvasprintf(fmt, ap), *s = NULL, shown[40];
	int rc;

	rc = read_string_rel(pc, rel, &s);
	if (rc == 0) {
		if (strcmp(s, "0") == 0 || strcmp(s, "1") == 0) {
			*v = s[0] == '1';
		} else {
			show_value(shown, sizeof(shown), s);
			st_path_warn_value(pc, rel, "expected 0 or 1, found \"%s\"", shown);
			rc = -EINVAL;
		}
	}
	free(s);
	free(rel);
	return rc;
}

/* readlink of rel, where every component but the last is symlink-free. */
static int readlink_rel(struct st_path *pc, const char *rel, char **target)
{
	char buf[PATH_MAX];
	ssize_t n;

	n = readlinkat(pc->rootfd, *rel ? rel : ".", buf, sizeof(buf) - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	*target = st_xstrdup(buf);
	return 0;
}

/*
 * What a listing tells a caller is which names exist and which are
 * directories or links (partitions, slaves/, holders/), so a trace records
 * those; regular files count only when they are read.
 */
static void trace_dirent(struct st_path *pc, int dfd, const char *rel, const char *name,
			 unsigned char type)
{
	char *path = *rel ? st_xasprintf("%s/%s", rel, name) : st_xstrdup(name);
	char target[PATH_MAX];
	ssize_t n;

	if (type == DT_DIR) {
		trace(pc, ST_PATH_DIR, path, 0, NULL, 0);
	} else if (type == DT_LNK) {
		n = readlinkat(dfd, name, target, sizeof(target) - 1);
		if (n >= 0) {
			target[n] = '\0';
			trace(pc, ST_PATH_LINK, path, 0, target, (size_t)n);
		}
	}
	free(path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* getdents64(2)'s record (glibc declares the call since 2.30, not the
 * kernel's struct) */
struct st_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/*
 * Listed with getdents64(2) on the descriptor open_rel() gave, not
 * fdopendir(3): that adds an fstat and two fcntl calls per directory, and
 * a probe lists several directories per device.
 */
int st_path_list_dirf(struct st_path *pc, char ***names, const char *fmt, ...)
{
	char **v = NULL, *rel;
	size_t n = 0, cap = 0;
	int fd, rc = 0;
	/* aligned for the records; 32 KiB holds a sysfs device directory */
	union {
		struct st_dirent64 d;
		char bytes[32768];
	} buf;

	*names = NULL;
	FORMAT_REL(rel, fmt);
	fd = open_rel(pc, rel, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		if (fd != -ENOENT && fd != -ENOTDIR)
			st_debug("%s: cannot list: %s", skip_slashes(rel), strerror(-fd));
		free(rel);
		return fd;
	}
	for (;;) {
		ssize_t got = getdents64(fd, buf.bytes, sizeof(buf.bytes));

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			break;
		}
		if (got == 0)
			break;
		for (ssize_t off = 0; off < got;) {
			const struct st_dirent64 *d = (const void *)(buf.bytes + off);

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			if (n + 1 >= cap) {
				cap = cap ? cap * 2 : 16;
				v = st_xrealloc(v, cap * sizeof(*v));
			}
			v[n++] = st_xstrdup(d->d_name);
			v[n] = NULL;
			if (pc->trace)
				trace_dirent(pc, fd, skip_slashes(rel), d->d_name, d->d_type);
		}
	}
	close(fd);
	if (rc < 0) {
		st_debug("%s: cannot list: %s", skip_slashes(rel), strerror(-rc));
		st_strv_free(v);
		free(rel);
		return rc;
	}
	/* byte order: the same listing on every filesystem, and cheap */
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	trace(pc, ST_PATH_DIR, skip_slashes(rel), 0, NULL, 0);
	free(rel);
	*names = v;
	return 0;
}

/*
 * The kernel's resolution: open rel with O_PATH (under a sysroot through
 * openat2(RESOLVE_IN_ROOT), so it stays inside) and ask /proc/self/fd what
 * it opened: three system calls, where the walk below makes one per
 * component.  1 when it cannot answer (no openat2, no /proc, a name outside
 * the root as /proc shows it): then the caller walks.
 */
static int resolve_kernel(struct st_path *pc, const char *rel, char **canon)
{
	char link[64], buf[PATH_MAX];
	size_t rootlen = strcmp(pc->root, "/") == 0 ? 0 : strlen(pc->root);
	ssize_t n;
	int fd;

	if (pc->sysroot && !pc->openat2)
		return 1;
	fd = open_rel(pc, rel, O_PATH);
	if (fd < 0)
		return fd == -ENOSYS ? 1 : fd;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 1;
	buf[n] = '\0';
	if (buf[0] != '/' || strncmp(buf, pc->root, rootlen) != 0 ||
	    (buf[rootlen] != '/' && buf[rootlen] != '\0'))
		return 1;
	*canon = st_xstrdup(skip_slashes(buf + rootlen));
	return 0;
}

/*
 * A link the kernel makes in sysfs to a device's directory (sys/block/NAME,
 * sys/dev/block/MAJ:MIN), live: one readlinkat, and its relative target
 * joined to the link's directory lexically.  Exact there: the link's
 * directory holds no symlink, and the target is the device's own directory,
 * a path of real directories (kobject_get_path).  It saves the O_PATH open
 * and the readlink of /proc/self/fd of st_path_resolvef, which proc answers
 * by building the path (1.4% of a live probe's CPU samples: perf record).
 * Under a sysroot, with a trace, and for anything else (an absolute target,
 * a ".." above the root, not a link) it is st_path_resolvef.
 */
int st_path_resolve_linkf(struct st_path *pc, char **canon, const char *fmt, ...)
{
	char *rel, target[PATH_MAX], *out = NULL, *comp, *next;
	size_t outlen;
	ssize_t n;
	int rc;

	FORMAT_REL(rel, fmt);
	if (pc->sysroot || pc->trace)
		goto kernel;
	n = readlinkat(pc->rootfd, skip_slashes(rel), target, sizeof(target) - 1);
	if (n <= 0 || target[0] == '/')
		goto kernel;
	target[n] = '\0';
	out = st_xmalloc(strlen(rel) + (size_t)n + 2);
	strcpy(out, skip_slashes(rel));
	comp = strrchr(out, '/');
	outlen = comp ? (size_t)(comp - out) : 0;
	for (comp = target; comp; comp = next) {
		next = strchr(comp, '/');
		if (next)
			*next++ = '\0';
		if (!*comp || strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (outlen == 0)
				goto kernel;
			while (outlen > 0 && out[outlen - 1] != '/')
				outlen--;
			if (outlen > 0)
				outlen--;
			continue;
		}
		if (outlen)
			out[outlen++] = '/';
		memcpy(out + outlen, comp, strlen(comp));
		outlen += strlen(comp);
	}
	out[outlen] = '\0';
	free(rel);
	*canon = out;
	return 0;
kernel:
	free(out);
	rc = st_path_resolvef(pc, canon, "%s", rel);
	free(rel);
	return rc;
}

/*
 * Lexical resolution, the way the kernel walks a path with RESOLVE_IN_ROOT:
 * ".." never climbs above the root, an absolute link restarts at the root.
 * Components are pushed on a stack; every prefix we readlink is already free
 * of symlinks, so readlinkat(rootfd, prefix) cannot escape.  Used when a
 * trace is set (capture records every link on the way) and when the kernel
 * cannot answer.
 */
int st_path_resolvef(struct st_path *pc, char **canon, const char *fmt, ...)
{
	char *rel, *todo, *out;
	size_t outlen = 0;
	unsigned nlinks = 0;
	int rc = 0;

	FORMAT_REL(rel, fmt);
	if (!pc->trace) {
		rc = resolve_kernel(pc, rel, canon);
		if (rc <= 0) {
			free(rel);
			return rc;
		}
		rc = 0;
	}
	todo = st_xstrdup(skip_slashes(rel));
	out = st_xmalloc(PATH_MAX);
	out[0] = '\0';

	while (*todo) {
		char *comp = todo, *rest = strchr(todo, '/'), *target = NULL;
		size_t mark = outlen;

		if (rest)
			*rest++ = '\0';
		else
			rest = todo + strlen(todo);

		if (!*comp || strcmp(comp, ".") == 0) {
			memmove(todo, rest, strlen(rest) + 1);
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			while (outlen > 0 && out[outlen - 1] != '/')
				outlen--;
			if (outlen > 0)
				outlen--;
			out[outlen] = '\0';
			memmove(todo, rest, strlen(rest) + 1);
			continue;
		}
		if (outlen + strlen(comp) + 2 >= PATH_MAX) {
			rc = -ENAMETOOLONG;
			break;
		}
		if (outlen)
			out[outlen++] = '/';
		strcpy(out + outlen, comp);
		outlen += strlen(comp);

		rc = readlink_rel(pc, out, &target);
		if (rc == -EINVAL) { /* not a symlink */
			rc = 0;
			memmove(todo, rest, strlen(rest) + 1);
			continue;
		}
		if (rc < 0)
			break;
		if (++nlinks > ST_PATH_MAX_LINKS) {
			free(target);
			rc = -ELOOP;
			break;
		}
		trace(pc, ST_PATH_LINK, out, 0, target, strlen(target));
		/* drop the link itself and continue with target + rest */
		outlen = mark;
		out[outlen] = '\0';
		if (target[0] == '/') {
			outlen = 0;
			out[0] = '\0';
		}
		char *next = st_xasprintf("%s/%s", target, rest);
		free(target);
		free(todo);
		todo = next;
	}
	free(todo);
	free(rel);
	if (rc < 0) {
		free(out);
		return rc;
	}
	*canon = out;
	return 0;
}

/* Reading ahead -------------------------------------------------------------- */

void st_path_prefetch(struct st_path *pc, char *const *rels, size_t n)
{
	char **v = st_xcalloc(n + 1, sizeof(*v));
	size_t m = 0;

	/*
	 * Under a sysroot only: a captured tree's files are regular files,
	 * which io_uring opens and reads inline.  Live sysfs (kernfs) cannot
	 * be read without blocking, so io_uring hands every read to kernel
	 * worker threads, which cost more CPU than the system calls saved
	 * (measured: live probe 6.5 -> 7.9 ms of CPU).  sysfs attributes
	 * only: they come whole in one read, as read_rel takes them.  A
	 * sysroot without openat2 is confined by hand, file by file.
	 */
	if (st_path_reads_ahead(pc)) {
		for (size_t i = 0; i < n; i++)
			if (st_startswith(skip_slashes(rels[i]), "sys/"))
				v[m++] = (char *)skip_slashes(rels[i]);
	}
	if (m) {
		if (!pc->pf)
			pc->pf = st_prefetch_new();
		st_prefetch_run(pc->pf, pc->rootfd, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, v, m);
	}
	free(v);
}

bool st_path_reads_ahead(const struct st_path *pc)
{
	return pc->sysroot && pc->openat2 && !pc->no_prefetch && !(pc->pf && st_prefetch_failed(pc->pf));
}

void st_path_set_prefetch(struct st_path *pc, bool on)
{
	pc->no_prefetch = !on;
}

size_t st_path_prefetched(const struct st_path *pc)
{
	return pc->prefetched;
}

void st_path_forget(struct st_path *pc)
{
	if (pc->pf)
		st_prefetch_clear(pc->pf);
}

/* Writing ------------------------------------------------------------------ */

/*
 * Writes go through the same rooted opens as reads, so that `apply
 * --sysroot DIR` changes DIR's files and nothing else.  Only the apply path
 * calls these (through the knob table and the journal).
 */

/* A checked close(2): NFS and some drivers report write errors only here. */
static int close_checked(int fd)
{
	return close(fd) < 0 && errno != EINTR ? -errno : 0;
}

/* One checked write(2) of text to an open file, and a checked close(2). */
static int write_in_place(struct st_path *pc, const char *rel, const char *text, int flags)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd, rc;

	fd = open_rel(pc, rel, O_WRONLY | flags);
	if (fd < 0) {
		st_debug("%s: cannot open for writing: %s", skip_slashes(rel), strerror(-fd));
		return fd;
	}
	/* one write(2): a sysfs store() sees the whole value or nothing */
	do
		n = write(fd, text, len);
	while (n < 0 && errno == EINTR);
	rc = n < 0 ? -errno : (size_t)n != len ? -EIO : 0;
	if (close_checked(fd) < 0 && rc == 0)
		rc = -errno;
	return rc;
}

static int write_atomic(int dirfd, const char *name, const void *data, size_t len, mode_t mode,
			bool durable);
static void split_rel(const char *rel, char **dir, const char **base);
static int open_dir_rel(struct st_path *pc, const char *rel, bool create);

/*
 * A sysroot's stand-in for a sysfs attribute: the kernel takes a value
 * whole or not at all, so the file is replaced (a temporary file in its
 * directory, then rename), never truncated and rewritten, which an EIO or
 * a kill in between would leave empty.  Temporaries a killed run left are
 * removed first.  A file that is not a regular one (a symlink, a FIFO) is
 * written in place, as before.
 */
static int write_sysroot(struct st_path *pc, const char *rel, const char *text)
{
	const char *base;
	struct stat st;
	char *dir;
	int dfd, rc;

	split_rel(rel, &dir, &base);
	dfd = open_dir_rel(pc, dir, false);
	free(dir);
	if (dfd < 0)
		return dfd;
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		rc = -errno;
	} else if (!S_ISREG(st.st_mode)) {
		rc = write_in_place(pc, rel, text, O_TRUNC);
	} else {
		st_clean_temps_at(dfd, base);
		/* not durable: a kernel attribute does not survive a crash either */
		rc = write_atomic(dfd, base, text, strlen(text), st.st_mode & 07777, false);
	}
	close(dfd);
	return rc;
}

int st_path_write_stringf(struct st_path *pc, const char *text, const char *fmt, ...)
{
	char *rel;
	int rc;

	/* what was read ahead is not what a read back must see */
	st_path_forget(pc);
	FORMAT_REL(rel, fmt);
	/* the live /sys and /proc/sys are written in place, of course */
	rc = pc->sysroot ? write_sysroot(pc, rel, text) : write_in_place(pc, rel, text, 0);
	st_debug("%s: wrote '%s': %s", skip_slashes(rel), text, rc ? strerror(-rc) : "ok");
	free(rel);
	return rc;
}

/* The directory rel (created with its parents, mode 0755, when create),
 * opened O_DIRECTORY; returns an fd or -errno. */
static int open_dir_rel(struct st_path *pc, const char *rel, bool create)
{
	char *path, *slash;
	int fd;

	fd = open_rel(pc, rel, O_RDONLY | O_DIRECTORY);
	if (fd >= 0 || fd != -ENOENT || !create)
		return fd;
	path = st_xstrdup(skip_slashes(rel));
	for (slash = strchr(path, '/');; slash = strchr(slash + 1, '/')) {
		char *name;
		int parent;

		if (slash)
			*slash = '\0';
		name = strrchr(path, '/');
		name = name ? name + 1 : path;
		if (name == path)
			parent = open_rel(pc, ".", O_RDONLY | O_DIRECTORY);
		else {
			name[-1] = '\0';
			parent = open_rel(pc, path, O_RDONLY | O_DIRECTORY);
			name[-1] = '/';
		}
		if (parent < 0) {
			free(path);
			return parent;
		}
		if (*name && strcmp(name, ".") != 0 && mkdirat(parent, name, 0755) < 0 &&
		    errno != EEXIST) {
			int rc = -errno;

			close(parent);
			free(path);
			return rc;
		}
		close(parent);
		if (!slash)
			break;
		*slash = '/';
	}
	free(path);
	return open_rel(pc, rel, O_RDONLY | O_DIRECTORY);
}

int st_path_mkdirf(struct st_path *pc, const char *fmt, ...)
{
	char *rel;
	int fd;

	FORMAT_REL(rel, fmt);
	fd = open_dir_rel(pc, rel, true);
	free(rel);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/* Splits rel into its directory ("." for none) and last component. */
static void split_rel(const char *rel, char **dir, const char **base)
{
	const char *slash;

	rel = skip_slashes(rel);
	slash = strrchr(rel, '/');
	*dir = slash ? st_xstrndup(rel, (size_t)(slash - rel)) : st_xstrdup(".");
	*base = slash ? slash + 1 : rel;
}

/* Temporary names are ".NAME.XXXXXX", X from this alphabet. */
static const char temp_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
#define TEMP_SUFFIX_LEN 6

bool st_is_temp_of(const char *name, const char *base)
{
	size_t bl = strlen(base);

	if (name[0] != '.' || strncmp(name + 1, base, bl) != 0 || name[1 + bl] != '.' ||
	    strlen(name) != 1 + bl + 1 + TEMP_SUFFIX_LEN)
		return false;
	return strspn(name + bl + 2, temp_chars) == TEMP_SUFFIX_LEN;
}

int st_clean_temps_at(int dirfd, const char *base)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *d;
	int n = 0, rc = 0;
	DIR *dir;

	if (fd < 0)
		return -errno;
	dir = fdopendir(fd);
	if (!dir) {
		rc = -errno;
		close(fd);
		return rc;
	}
	while ((d = readdir(dir)))
		if (st_is_temp_of(d->d_name, base)) {
			if (unlinkat(dirfd, d->d_name, 0) < 0 && errno != ENOENT) {
				rc = -errno;
				break;
			}
			st_debug("%s: removed a temporary file a killed run left", d->d_name);
			n++;
		}
	closedir(dir);
	return rc < 0 ? rc : n;
}

static int write_atomic(int dirfd, const char *name, const void *data, size_t len, mode_t mode,
			bool durable)
{
	char *tmp = st_xasprintf(".%s.XXXXXX", name);
	const char *p = data;
	int fd = -1, rc = 0;

	/* mkstemp-like, relative to dirfd: try names until one is new */
	for (unsigned tries = 0; tries < 100; tries++) {
		size_t tl = strlen(tmp);
		uint64_t r = (uint64_t)getpid() * 2654435761u ^ (uint64_t)tries * 40503u ^
			     (uint64_t)(uintptr_t)&tries;

		for (size_t i = tl - TEMP_SUFFIX_LEN; i < tl; i++, r /= 36)
			tmp[i] = temp_chars[r % 36];
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	if (fchmod(fd, mode) < 0) /* the umask must not narrow it */
		rc = -errno;
	while (rc == 0 && len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : -EIO;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (rc == 0 && durable && fsync(fd) < 0)
		rc = -errno;
	if (close_checked(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		rc = -errno;
	if (rc < 0)
		unlinkat(dirfd, tmp, 0);
	else if (durable && fsync(dirfd) < 0)
		rc = -errno;
out:
	free(tmp);
	return rc;
}

int st_write_atomic_at(int dirfd, const char *name, const void *data, size_t len, mode_t mode)
{
	return write_atomic(dirfd, name, data, len, mode, true);
}

int st_path_replacef(struct st_path *pc, const void *data, size_t len, mode_t mode,
		     const char *fmt, ...)
{
	const char *base;
	char *rel, *dir;
	int dfd, rc;

	FORMAT_REL(rel, fmt);
	split_rel(rel, &dir, &base);
	dfd = open_dir_rel(pc, dir, true);
	rc = dfd < 0 ? dfd : st_write_atomic_at(dfd, base, data, len, mode);
	if (dfd >= 0)
		close(dfd);
	st_debug("%s: replaced (%zu bytes): %s", skip_slashes(rel), len,
		 rc ? strerror(-rc) : "ok");
	free(dir);
	free(rel);
	return rc;
}

int st_path_unlinkf(struct st_path *pc, const char *fmt, ...)
{
	const char *base;
	char *rel, *dir;
	int dfd, rc = 0;

	FORMAT_REL(rel, fmt);
	split_rel(rel, &dir, &base);
	dfd = open_dir_rel(pc, dir, false);
	if (dfd < 0)
		rc = dfd;
	else if (unlinkat(dfd, base, 0) < 0)
		rc = -errno;
	else if (fsync(dfd) < 0)
		rc = -errno;
	if (dfd >= 0)
		close(dfd);
	free(dir);
	free(rel);
	return rc;
}

int st_path_clean_tempsf(struct st_path *pc, const char *fmt, ...)
{
	const char *base;
	char *rel, *dir;
	int dfd, rc;

	FORMAT_REL(rel, fmt);
	split_rel(rel, &dir, &base);
	dfd = open_dir_rel(pc, dir, false);
	rc = dfd == -ENOENT || dfd == -ENOTDIR ? 0 : dfd < 0 ? dfd : st_clean_temps_at(dfd, base);
	if (dfd >= 0)
		close(dfd);
	free(dir);
	free(rel);
	return rc;
}
