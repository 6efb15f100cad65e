/*
 * st_path.h - the one rooted path context for all system I/O (STYLE.md 1).
 *
 * Every read of /sys, /proc, /dev, /run/udev and /etc goes through a
 * struct st_path.  Paths are given relative to the root ("sys/block/sda/...";
 * a leading '/' is ignored).  Live, the root is "/".  With --sysroot DIR the
 * root is DIR and files are opened with openat2(RESOLVE_IN_ROOT), so that no
 * symlink in the tree can lead outside DIR, as util-linux's path_cxt does with
 * its prefix.
 *
 * The typed readers validate what they read.  A missing attribute returns
 * -ENOENT with a debug line; a malformed one (empty, binary, not a number,
 * out of range) returns an error and prints a warning that names the file.
 *
 * A trace hook sees every successful read, directory listing and symlink;
 * `stortune capture` uses it to archive exactly what probing needs.
 */
#ifndef ST_PATH_H
#define ST_PATH_H

#include <dirent.h>
#include <stdarg.h>
#include <sys/types.h>

#include "stortune.h"

struct st_path;

enum st_path_kind {
	ST_PATH_FILE,     /* a file was read; data/len hold its bytes */
	ST_PATH_DIR,      /* a directory was listed, found, or listed in one */
	ST_PATH_LINK,     /* a symlink was read or listed; data holds its target */
	ST_PATH_EXTERNAL, /* a file whose content was not read: only tested
			     for existence */
	ST_PATH_KIND_NR
};

/* err is 0 on success or the errno of a failed read (never ENOENT). */
typedef void (*st_path_trace_fn)(void *data, enum st_path_kind kind, const char *rel, int err,
				 const void *buf, size_t len);

/* sysroot NULL means the live system.  Returns 0 or -errno. */
int st_path_new(struct st_path **out, const char *sysroot);
void st_path_free(struct st_path *pc);

bool st_path_is_sysroot(const struct st_path *pc);
const char *st_path_root(const struct st_path *pc);
void st_path_set_trace(struct st_path *pc, st_path_trace_fn fn, void *data);

/* The path as the user knows it: "/sys/block/sda" or "DIR/sys/block/sda". */
char *st_path_display(const struct st_path *pc, const char *rel);

int st_path_existsf(struct st_path *pc, const char *fmt, ...) ST_PRINTF(2, 3);

/* Whole file, raw; *buf is NUL-terminated for convenience. */
int st_path_read_rawf(struct st_path *pc, char **buf, size_t *len, const char *fmt, ...)
	ST_PRINTF(4, 5);
/* Text attribute, white space stripped; binary content is an error. */
int st_path_read_stringf(struct st_path *pc, char **str, const char *fmt, ...) ST_PRINTF(3, 4);
/* Unsigned decimal number no larger than max. */
int st_path_read_u64f(struct st_path *pc, uint64_t *v, uint64_t max, const char *fmt, ...)
	ST_PRINTF(4, 5);
/* 0 or 1. */
int st_path_read_boolf(struct st_path *pc, int *v, const char *fmt, ...) ST_PRINTF(3, 4);
/* The same with a va_list, for wrappers that take a format themselves. */
int st_path_read_stringv(struct st_path *pc, char **str, const char *fmt, va_list ap)
	ST_PRINTF(3, 0);
int st_path_read_u64v(struct st_path *pc, uint64_t *v, uint64_t max, const char *fmt, va_list ap)
	ST_PRINTF(4, 0);
int st_path_read_boolv(struct st_path *pc, int *v, const char *fmt, va_list ap) ST_PRINTF(3, 0);

/* Entry names (without . and ..) in byte order, NULL-terminated. */
int st_path_list_dirf(struct st_path *pc, char ***names, const char *fmt, ...) ST_PRINTF(3, 4);
/* Canonical path relative to the root, with every symlink resolved inside it. */
int st_path_resolvef(struct st_path *pc, char **canon, const char *fmt, ...) ST_PRINTF(3, 4);
/* The same for a link sysfs makes to a device's directory (sys/block/NAME,
 * sys/dev/block/MAJ:MIN): live, one readlinkat joined lexically. */
int st_path_resolve_linkf(struct st_path *pc, char **canon, const char *fmt, ...) ST_PRINTF(3, 4);

/*
 * Reads ahead, under a sysroot: each sysfs file of rels ("sys/..."; others
 * are ignored) is read now, many per system call (io_uring), and the next
 * st_path read of that file takes the result instead of the kernel's (once:
 * a second read goes to the kernel).  st_path_forget drops what is left,
 * and so does every write.  Probes read ahead what a stage will read
 * (st_probe_ops.prefetch) and forget after it.  Without io_uring nothing is
 * read ahead and every read is an ordinary one.
 */
void st_path_prefetch(struct st_path *pc, char *const *rels, size_t n);
void st_path_forget(struct st_path *pc);
/* Whether st_path_prefetch would read anything ahead: callers need not
 * build their lists otherwise. */
bool st_path_reads_ahead(const struct st_path *pc);
/* For tests: reading ahead on (the default) or off, and how many reads it
 * has served. */
void st_path_set_prefetch(struct st_path *pc, bool on);
size_t st_path_prefetched(const struct st_path *pc);

/*
 * Reports a malformed value read from rel: "DIR/rel: what".  Probes call it
 * for semantic errors the typed readers cannot see (a scheduler line without
 * a closing bracket, a block size that is not a power of two).
 */
void st_path_warn_value(const struct st_path *pc, const char *rel, const char *fmt, ...)
	ST_PRINTF(3, 4);

/*
 * Writing, for the apply path only (DESIGN.md: nothing else writes to /sys,
 * /proc or /etc).  All return 0 or -errno.
 *
 * st_path_write_stringf: one checked write(2) of text to an existing file
 * (a sysfs attribute, a sysctl), and a checked close(2).  A short write is
 * -EIO.  Under a sysroot, where a regular file stands in for the attribute,
 * the file is replaced as st_path_replacef does (without the fsyncs), so
 * that it holds the old value or the new one, never a partial one.
 */
int st_path_write_stringf(struct st_path *pc, const char *text, const char *fmt, ...)
	ST_PRINTF(3, 4);
/* Creates the directory and its parents (0755) inside the root. */
int st_path_mkdirf(struct st_path *pc, const char *fmt, ...) ST_PRINTF(2, 3);
/* Replaces a file atomically: a new temporary file in the same directory
 * (created, with parents, if missing), fsync, rename, fsync of the
 * directory.  Readers see the old content or the new, never a mix. */
int st_path_replacef(struct st_path *pc, const void *data, size_t len, mode_t mode,
		     const char *fmt, ...) ST_PRINTF(5, 6);
/* Removes a file and fsyncs its directory. */
int st_path_unlinkf(struct st_path *pc, const char *fmt, ...) ST_PRINTF(2, 3);
/* The atomic replacement itself, for a directory already open. */
int st_write_atomic_at(int dirfd, const char *name, const void *data, size_t len, mode_t mode);
/*
 * The temporary files of those replacements are ".NAME.XXXXXX" in NAME's
 * directory; a run killed between creating one and renaming it leaves it
 * behind.  st_is_temp_of: whether name is one of base's.  st_clean_temps_at
 * and st_path_clean_tempsf remove base's (rel's) and return how many, or
 * -errno; a missing directory is 0.
 */
bool st_is_temp_of(const char *name, const char *base);
int st_clean_temps_at(int dirfd, const char *base);
int st_path_clean_tempsf(struct st_path *pc, const char *fmt, ...) ST_PRINTF(2, 3);

#endif
