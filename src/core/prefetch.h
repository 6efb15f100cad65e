/*
 * prefetch.h - batched reads of many small files for the path context
 * (path.c), through io_uring: internal to src/core.
 */
#ifndef ST_CORE_PREFETCH_H
#define ST_CORE_PREFETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct st_prefetch;

struct st_prefetch *st_prefetch_new(void);
void st_prefetch_free(struct st_prefetch *pf);

/*
 * Reads each of rels (paths relative to rootfd) now: open, one read of up
 * to a page, close, chained in io_uring with direct descriptors, many
 * files per io_uring_enter(2).  resolve is openat2's RESOLVE_ flags for
 * each open.  What was read, or found missing, is kept
 * for st_prefetch_take; anything else (a read error, a full page that may
 * be longer, a FIFO) is left for the caller's ordinary read.  Replaces what
 * an earlier run kept.  Returns the number kept, or -errno when io_uring
 * cannot be used here (then nothing is kept and later calls do nothing).
 */
int st_prefetch_run(struct st_prefetch *pf, int rootfd, uint64_t resolve, char *const *rels,
		    size_t n);

/*
 * Takes what st_prefetch_run kept for rel: 1 with *buf (malloc'd,
 * NUL-terminated) and *len, or with *err (-ENOENT, -ENOTDIR) set; 0 when
 * nothing was kept.  Each result is given out once: a second read of the
 * same file goes to the kernel.
 */
int st_prefetch_take(struct st_prefetch *pf, const char *rel, char **buf, size_t *len, int *err);

/* io_uring turned out unusable here: st_prefetch_run does nothing. */
bool st_prefetch_failed(const struct st_prefetch *pf);

/* Drops whatever was not taken. */
void st_prefetch_clear(struct st_prefetch *pf);

#endif
