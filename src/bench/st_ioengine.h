/*
 * st_ioengine.h - what the benchmark engines share: offset generation,
 * aligned buffers, error messages, and the engine table's entries.  Only
 * the engines and the runner include it.
 */
#ifndef ST_IOENGINE_H
#define ST_IOENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/types.h>

#include "st_bench.h"
#include "st_stats.h"

/* Progress ticks: 4 a second, in ns. */
#define ST_TICK_NS 250000000ull

static inline bool st_rw_writes(enum st_rw rw)
{
	return rw == ST_RW_WRITE || rw == ST_RW_RANDWRITE || rw == ST_RW_APPEND;
}

/* a getrusage time, in seconds */
static inline double st_tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static inline bool st_rw_random(enum st_rw rw)
{
	return rw == ST_RW_RANDREAD || rw == ST_RW_RANDWRITE;
}

/* Offsets of successive I/Os: uniform over the bs-aligned blocks of the
 * file, or sequential, wrapping at its end. */
struct st_offsets {
	bool random;
	uint64_t bs, nblocks, next;
	struct st_rng rng;
};
void st_offsets_init(struct st_offsets *o, const struct st_job *j, uint64_t file_size, uint64_t seed);
uint64_t st_offsets_next(struct st_offsets *o);

/* A buffer of bs bytes aligned for O_DIRECT (4 KiB covers every logical
 * block size Linux has), filled with pseudo-random bytes so that no layer
 * can compress or deduplicate it.  free() it. */
void *st_io_buffer(uint64_t bs, uint64_t seed);

/* Logs "DIR: pwrite at offset N: error" (n < 0: errno; else a short
 * transfer) and returns -errno or -EIO. */
int st_io_error(const struct st_io *io, const char *what, uint64_t off, ssize_t n);

extern const struct st_ioengine_ops st_ioengine_psync;
extern const struct st_ioengine_ops st_ioengine_uring;
extern const struct st_ioengine_ops st_ioengine_append;

#endif
