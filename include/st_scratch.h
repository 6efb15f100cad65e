/*
 * st_scratch.h - the benchmark's scratch file: the only file stortune bench
 * ever writes.  It is created new in the target directory (O_TMPFILE, or
 * O_EXCL with a unique name where the filesystem has no O_TMPFILE),
 * preallocated with fallocate, and removed at exit and on SIGINT/SIGTERM.
 * A raw device is never opened for writing.
 */
#ifndef ST_SCRATCH_H
#define ST_SCRATCH_H

#include <stdbool.h>
#include <stdint.h>

enum st_scratch_flags {
	ST_SCRATCH_NAMED = 1u << 0,     /* O_EXCL with a name even where O_TMPFILE works */
	ST_SCRATCH_KEEP_SIZE = 1u << 1, /* reserve the space but start empty (appends) */
};

struct st_scratch {
	int fd;         /* O_RDWR, buffered; st_scratch_set_direct() switches */
	char *dir;      /* the target directory */
	char *path;     /* NULL for an O_TMPFILE file */
	uint64_t size;  /* bytes preallocated */
	bool direct;
};

/* Free space, in bytes, for an unprivileged writer (f_bavail) of the
 * filesystem holding dir. */
int st_scratch_free_bytes(const char *dir, uint64_t *bytes);

/*
 * Creates the scratch file in dir: refuses -ENOSPC when the filesystem has
 * less than twice size free, -EEXIST never happens (names are unique).
 * Registers it for removal on SIGINT/SIGTERM.  Messages name dir.
 */
int st_scratch_create(const char *dir, uint64_t size, unsigned flags, struct st_scratch **out);
/* Turns O_DIRECT on or off for fd. */
int st_scratch_set_direct(struct st_scratch *s, bool direct);
/* Opens the file again, with its own file offset and these flags
 * (O_APPEND for the append processes). */
int st_scratch_reopen(const struct st_scratch *s, int flags);
/* Writes the file's dirty pages (fdatasync) and drops its cached ones
 * (POSIX_FADV_DONTNEED), so that the next run starts from the device and
 * not from what the last one left in memory.  Only this file's pages: the
 * machine's other caches stay.  0 or -errno. */
int st_scratch_drop_cache(struct st_scratch *s);
/* Closes and removes it; accepts NULL. */
void st_scratch_free(struct st_scratch *s);

/* Default size: min(1 GiB, 10% of free space), in bytes, rounded down to
 * 1 MiB. */
uint64_t st_scratch_default_size(uint64_t free_bytes);

#endif
