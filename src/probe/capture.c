/*
 * capture.c - owns `stortune capture`: it probes with a trace on the path
 * context, so the archive holds exactly what probing reads (files with the
 * bytes the probe saw, the directories it listed, every symlink on the way
 * as a symlink), and writes it with libarchive.
 *
 * The probe runs with sysfs enumeration, as --sysroot will, and with
 * libblkid where it is allowed.  What libblkid found is written into the
 * captured udev database entry (E:ID_FS_*), because the reader of the
 * capture cannot open the device nodes: that keeps `probe --sysroot` on the
 * capture equal to the live probe.
 *
 * Only sys/, proc/, run/udev/data/, etc/fstab and etc/crypttab are archived.
 *
 * libarchive is loaded here, when a capture is made, not at start: Debian's
 * build pulls in libxml2, ICU and libstdc++, which cost every other command
 * about 2 ms of start-up.  The symbols are typed from <archive.h>.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "st_capture.h"
#include "st_dl.h"
#include "st_log.h"
#include "st_probe.h"
#include "st_util.h"

/* Debian's libarchive13; the soname has held since libarchive 3.0. */
#define LIBARCHIVE_SONAME "libarchive.so.13"

#define LIBARCHIVE_SYMBOLS(X) \
	X(archive_write_new) \
	X(archive_write_set_format_pax_restricted) \
	X(archive_write_add_filter_gzip) \
	X(archive_write_add_filter_xz) \
	X(archive_write_add_filter_zstd) \
	X(archive_write_add_filter_bzip2) \
	X(archive_write_add_filter_none) \
	X(archive_write_open_fd) \
	X(archive_error_string) \
	X(archive_write_header) \
	X(archive_write_data) \
	X(archive_write_close) \
	X(archive_write_free) \
	X(archive_entry_new) \
	X(archive_entry_free) \
	X(archive_entry_set_pathname) \
	X(archive_entry_set_mtime) \
	X(archive_entry_set_filetype) \
	X(archive_entry_set_perm) \
	X(archive_entry_set_symlink) \
	X(archive_entry_set_size) \
	X(archive_entry_filetype)

static struct {
	void *handle;
#define X(f) __typeof__(&f) f;
	LIBARCHIVE_SYMBOLS(X)
#undef X
} la;

/* capture needs libarchive, which the package only recommends */
static int load_libarchive(void)
{
	la.handle = st_dl_open(LIBARCHIVE_SONAME, "libarchive13");
	if (!la.handle)
		return -ENOENT;
#define X(f)                                                                                       \
	if (!(la.f = (__typeof__(la.f))st_dl_sym(la.handle, LIBARCHIVE_SONAME, #f))) {           \
		dlclose(la.handle);                                                                \
		la.handle = NULL;                                                                  \
		return -ENOENT;                                                                    \
	}
	LIBARCHIVE_SYMBOLS(X)
#undef X
	return 0;
}

struct centry {
	char *path; /* canonical where resolved, relative to the root */
	enum st_path_kind kind;
	int err;
	char *data; /* file bytes, or a link's target */
	size_t len;
};

struct cset {
	struct centry *v;
	size_t n, cap;
};

static struct centry *cset_add(struct cset *s, enum st_path_kind kind, const char *path, int err,
			       const void *data, size_t len)
{
	struct centry *e;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = st_xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	e = &s->v[s->n++];
	memset(e, 0, sizeof(*e));
	e->path = st_xstrdup(path);
	e->kind = kind;
	e->err = err;
	if (data) {
		e->data = st_xmalloc(len + 1);
		memcpy(e->data, data, len);
		e->data[len] = '\0';
		e->len = len;
	}
	return e;
}

static void trace_cb(void *data, enum st_path_kind kind, const char *rel, int err, const void *buf,
		     size_t len)
{
	cset_add(data, kind, rel, err, buf, len);
}

static bool wanted(const char *path)
{
	return st_startswith(path, "sys/") || st_startswith(path, "proc/") ||
	       st_startswith(path, "run/udev/data/") || strcmp(path, "etc/fstab") == 0 ||
	       strcmp(path, "etc/crypttab") == 0;
}

/*
 * Puts every entry at its canonical place.  Resolving walks the symlinks on
 * the way, and the trace (still on) records each as a link entry.  A link
 * entry itself keeps its name: only its directory is resolved.
 */
static void resolve_all(struct st_path *pc, struct cset *s)
{
	size_t n = s->n; /* entries added while resolving are links, already canonical */

	for (size_t i = 0; i < n; i++) {
		/* resolving appends to s->v and may move it: no pointers across it */
		char *path = st_xstrdup(s->v[i].path), *canon = NULL, *slash;

		if (s->v[i].kind == ST_PATH_LINK) {
			slash = strrchr(path, '/');
			if (slash) {
				*slash = '\0';
				if (st_path_resolvef(pc, &canon, "%s", path) == 0) {
					free(s->v[i].path);
					s->v[i].path = *canon ? st_xasprintf("%s/%s", canon, slash + 1)
							      : st_xstrdup(slash + 1);
				}
			}
		} else if (st_path_resolvef(pc, &canon, "%s", path) == 0) {
			free(s->v[i].path);
			s->v[i].path = canon;
			canon = NULL;
		}
		free(canon);
		free(path);
	}
}

static int cmp_entry(const void *a, const void *b)
{
	const struct centry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	/* for the same path the first wins, in enum order: a file with the bytes
	 * read, a directory, a link, a name only tested for existence */
	return (int)x->kind - (int)y->kind;
}

static void free_entry(struct centry *e)
{
	free(e->path);
	free(e->data);
}

/* Adds the parent directories of every entry, sorts, and drops duplicates. */
static void normalize(struct cset *s)
{
	size_t n = s->n, out = 0;

	for (size_t i = 0; i < n; i++) {
		char *p = st_xstrdup(s->v[i].path), *slash;

		while ((slash = strrchr(p, '/'))) {
			*slash = '\0';
			cset_add(s, ST_PATH_DIR, p, 0, NULL, 0);
		}
		free(p);
	}
	qsort(s->v, s->n, sizeof(*s->v), cmp_entry);
	for (size_t i = 0; i < s->n; i++) {
		if (out && strcmp(s->v[out - 1].path, s->v[i].path) == 0) {
			struct centry *keep = &s->v[out - 1];

			/* a failed read of a file recorded elsewhere as read wins nothing */
			if (keep->err && !s->v[i].err) {
				free_entry(keep);
				*keep = s->v[i];
			} else {
				free_entry(&s->v[i]);
			}
			continue;
		}
		s->v[out++] = s->v[i];
	}
	s->n = out;
}

/* udev database entries for what blkid found (see the file comment). */
static void add_blkid_to_udev_db(struct cset *s, const struct st_system *sys)
{
	for (size_t i = 0; i < sys->devices.n; i++) {
		const struct st_device *dev = sys->devices.v[i];
		char *path, *lines, *merged;
		struct centry *e = NULL;

		if (!st_streq(dev->fs.source, "blkid"))
			continue;
		path = st_xasprintf("run/udev/data/b%u:%u", dev->maj, dev->min);
		/* all three, empty when blkid found none: a later line wins, so a
		 * stale udev value cannot survive into the capture */
		lines = st_xasprintf("E:ID_FS_TYPE=%s\nE:ID_FS_UUID=%s\nE:ID_FS_LABEL=%s\n"
				     "E:STORTUNE_CAPTURED_BY=blkid\n",
				     dev->fs.type, dev->fs.uuid ? dev->fs.uuid : "",
				     dev->fs.label ? dev->fs.label : "");
		for (size_t j = 0; j < s->n; j++)
			if (s->v[j].kind == ST_PATH_FILE && strcmp(s->v[j].path, path) == 0 &&
			    !s->v[j].err)
				e = &s->v[j];
		if (e) {
			merged = st_xasprintf("%s%s%s", e->data,
					      e->len && e->data[e->len - 1] != '\n' ? "\n" : "", lines);
			free(e->data);
			e->data = merged;
			e->len = strlen(merged);
		} else {
			cset_add(s, ST_PATH_FILE, path, 0, lines, strlen(lines));
		}
		free(lines);
		free(path);
	}
}

static int add_filter(struct archive *a, const char *file)
{
	if (st_endswith(file, ".gz") || st_endswith(file, ".tgz"))
		return la.archive_write_add_filter_gzip(a);
	if (st_endswith(file, ".xz") || st_endswith(file, ".txz"))
		return la.archive_write_add_filter_xz(a);
	if (st_endswith(file, ".zst"))
		return la.archive_write_add_filter_zstd(a);
	if (st_endswith(file, ".bz2"))
		return la.archive_write_add_filter_bzip2(a);
	if (st_endswith(file, ".tar"))
		return la.archive_write_add_filter_none(a);
	return ARCHIVE_FATAL;
}


static int write_entry(struct archive *a, struct st_path *pc, struct centry *e, time_t now,
		       struct st_capture_counts *c)
{
	struct archive_entry *ae;
	char *buf = NULL;
	size_t len = 0;
	int rc = 0;

	if (!wanted(e->path)) {
		st_debug("capture: %s is outside the captured trees; skipped", e->path);
		return 0;
	}
	if (e->err) {
		char *disp = st_path_display(pc, e->path);

		st_warn("%s: unreadable (%s); not captured", disp, strerror(e->err));
		free(disp);
		c->skipped++;
		return 0;
	}
	if (e->kind == ST_PATH_EXTERNAL) {
		rc = st_path_read_rawf(pc, &buf, &len, "%s", e->path);
		if (rc == -ENOENT)
			return 0; /* gone since the probe looked: nothing to keep */
		if (rc < 0) {
			char *disp = st_path_display(pc, e->path);

			st_warn("%s: unreadable (%s); not captured", disp, strerror(-rc));
			free(disp);
			c->skipped++;
			return 0;
		}
	}
	ae = la.archive_entry_new();
	la.archive_entry_set_pathname(ae, e->path);
	la.archive_entry_set_mtime(ae, now, 0);
	switch (e->kind) {
	case ST_PATH_DIR:
		la.archive_entry_set_filetype(ae, AE_IFDIR);
		la.archive_entry_set_perm(ae, 0755);
		c->dirs++;
		break;
	case ST_PATH_LINK:
		la.archive_entry_set_filetype(ae, AE_IFLNK);
		la.archive_entry_set_perm(ae, 0777);
		la.archive_entry_set_symlink(ae, e->data);
		c->links++;
		break;
	default:
		la.archive_entry_set_filetype(ae, AE_IFREG);
		la.archive_entry_set_perm(ae, 0644);
		if (buf) {
			free(e->data);
			e->data = buf;
			e->len = len;
		}
		la.archive_entry_set_size(ae, (la_int64_t)e->len);
		c->files++;
		break;
	}
	if (la.archive_write_header(a, ae) != ARCHIVE_OK)
		rc = -EIO;
	else if (la.archive_entry_filetype(ae) == AE_IFREG && e->len &&
		 la.archive_write_data(a, e->data, e->len) != (la_ssize_t)e->len)
		rc = -EIO;
	la.archive_entry_free(ae);
	return rc;
}

static int write_archive(struct st_path *pc, struct cset *s, const char *file,
			 struct st_capture_counts *c)
{
	char *tmp = st_xasprintf("%s.XXXXXX", file);
	struct archive *a = la.archive_write_new();
	time_t now = time(NULL);
	int fd, rc = 0;

	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = -errno;
		st_err("%s: cannot create: %s", file, strerror(-rc));
		goto out;
	}
	if (la.archive_write_set_format_pax_restricted(a) != ARCHIVE_OK || add_filter(a, file) != ARCHIVE_OK ||
	    la.archive_write_open_fd(a, fd) != ARCHIVE_OK) {
		st_err("%s: %s", file,
		       la.archive_error_string(a) ? la.archive_error_string(a)
					       : "unknown archive type: use .tar, .tar.gz, .tgz, "
						 ".tar.xz, .tar.zst or .tar.bz2");
		rc = -EINVAL;
		goto out;
	}
	for (size_t i = 0; i < s->n && rc == 0; i++)
		rc = write_entry(a, pc, &s->v[i], now, c);
	if (rc == 0 && la.archive_write_close(a) != ARCHIVE_OK)
		rc = -EIO;
	if (rc < 0)
		st_err("%s: write failed: %s", file,
		       la.archive_error_string(a) ? la.archive_error_string(a) : strerror(-rc));
	if (rc == 0 && fsync(fd) < 0) {
		rc = -errno;
		st_err("%s: fsync failed: %s", file, strerror(-rc));
	}
out:
	la.archive_write_free(a);
	if (fd >= 0 && close(fd) < 0 && rc == 0) {
		rc = -errno;
		st_err("%s: close failed: %s", file, strerror(-rc));
	}
	if (fd >= 0) {
		if (rc == 0 && rename(tmp, file) < 0) {
			rc = -errno;
			st_err("%s: cannot rename into place: %s", file, strerror(-rc));
		}
		if (rc < 0)
			unlink(tmp);
	}
	free(tmp);
	return rc;
}

int st_capture(struct st_path *pc, const char *file, struct st_capture_counts *counts)
{
	struct st_system *sys = NULL;
	struct cset set = { 0 };
	struct st_capture_counts c = { 0 };
	size_t len;
	char *buf;
	int rc;

	rc = load_libarchive();
	if (rc < 0)
		return rc;
	st_path_set_trace(pc, trace_cb, &set);
	rc = st_probe_run(pc, &sys);
	if (rc == 0) {
		/* the I/O counters, for `observe` on the capture */
		if (st_path_read_rawf(pc, &buf, &len, "proc/diskstats") == 0)
			free(buf);
		resolve_all(pc, &set);
	}
	st_path_set_trace(pc, NULL, NULL);
	if (rc == 0) {
		add_blkid_to_udev_db(&set, sys);
		normalize(&set);
		rc = write_archive(pc, &set, file, &c);
	}
	if (rc == 0)
		*counts = c;
	for (size_t i = 0; i < set.n; i++)
		free_entry(&set.v[i]);
	free(set.v);
	st_system_free(sys);
	dlclose(la.handle);
	la.handle = NULL;
	return rc;
}
