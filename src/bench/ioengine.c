/*
 * ioengine.c - owns what the I/O engines share (st_ioengine.h): the
 * monotonic clock, the offsets of successive I/Os, the O_DIRECT buffer and
 * the message for a failed or short I/O.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "st_bench.h"
#include "st_ioengine.h"
#include "st_log.h"
#include "st_scratch.h"
#include "st_units.h"
#include "st_util.h"

uint64_t st_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * ST_NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

void st_offsets_init(struct st_offsets *o, const struct st_job *j, uint64_t file_size, uint64_t seed)
{
	memset(o, 0, sizeof(*o));
	o->random = st_rw_random(j->rw);
	o->bs = j->bs;
	o->nblocks = file_size / j->bs;
	if (o->nblocks == 0)
		o->nblocks = 1;
	st_rng_seed(&o->rng, seed);
}

uint64_t st_offsets_next(struct st_offsets *o)
{
	uint64_t b;

	if (o->random)
		return st_rng_below(&o->rng, o->nblocks) * o->bs;
	b = o->next;
	o->next = (o->next + 1) % o->nblocks;
	return b * o->bs;
}

void *st_io_buffer(uint64_t bs, uint64_t seed)
{
	struct st_rng rng;
	uint64_t *p;
	void *buf;
	size_t align = 4096, len;

	/* A buffer of scattered 4 KiB pages needs a segment per page: more
	 * than a queue's max_segments (128 on many devices) from 512 KiB up,
	 * and the block layer splits the request (seen: 1 MiB reads becoming
	 * two 512 KiB requests on a loop device, at half fio's speed).  Large
	 * buffers get 2 MiB alignment and a transparent huge page where the
	 * kernel gives one, so their pages are contiguous. */
	if (bs >= 512 * 1024)
		align = 2 * ST_MIB;
	len = (bs + align - 1) / align * align;
	if (posix_memalign(&buf, align, len))
		return NULL;
	if (align > 4096)
		(void)madvise(buf, len, MADV_HUGEPAGE);
	st_rng_seed(&rng, seed ^ 0x5354524e53544e45ull);
	p = buf;
	for (size_t i = 0; i < len / sizeof(*p); i++)
		p[i] = st_rng_next(&rng);
	return buf;
}

int st_io_error(const struct st_io *io, const char *what, uint64_t off, ssize_t n)
{
	int e = n < 0 ? errno : EIO;

	if (n < 0)
		st_err("%s: %s at offset %llu: %s", io->scratch->dir, what, (unsigned long long)off,
		       strerror(e));
	else
		st_err("%s: %s at offset %llu: %zd of %llu bytes", io->scratch->dir, what,
		       (unsigned long long)off, n, (unsigned long long)io->job->bs);
	return -e;
}
