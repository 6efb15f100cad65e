/*
 * ioengine_psync.c - the psync engine: pread(2)/pwrite(2) at queue depth 1,
 * with an optional fsync(2) or fdatasync(2) after each write.  It only does
 * I/O and timestamps it; the runner turns the counts into figures.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st_bench.h"
#include "st_ioengine.h"
#include "st_log.h"
#include "st_scratch.h"

static int psync_run(struct st_io *io)
{
	const struct st_job *j = io->job;
	bool writing = st_rw_writes(j->rw);
	struct st_offsets offs;
	bool marked = false;
	uint64_t next_tick = 0, seen = 0;
	void *buf;
	int fd = io->fd, r = 0;

	buf = st_io_buffer(j->bs, io->seed);
	if (!buf)
		return -ENOMEM;
	st_offsets_init(&offs, j, io->file_size, io->seed);
	for (;;) {
		uint64_t off = st_offsets_next(&offs);
		uint64_t t0, t1;
		ssize_t n;

		if (off == 0 && seen > 0 && !offs.random) {
			/* a burst is one pass over the file */
			if (j->burst)
				break;
			/* buffered reads start each pass from a cold cache, or the
			 * second pass would measure memory */
			if (!j->direct && !writing)
				posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		}
		t0 = st_now_ns();

		if (!marked && t0 >= io->ramp_end_ns) {
			marked = true;
			io->mark(io);
			t0 = st_now_ns();
		}
		if (writing)
			n = pwrite(fd, buf, j->bs, (off_t)off);
		else
			n = pread(fd, buf, j->bs, (off_t)off);
		if (n != (ssize_t)j->bs) {
			r = st_io_error(io, writing ? "pwrite" : "pread", off, n);
			break;
		}
		if (writing && j->sync != ST_SYNC_NONE) {
			if ((j->sync == ST_SYNC_FSYNC ? fsync(fd) : fdatasync(fd)) < 0) {
				r = st_io_error(io, st_sync_name(j->sync), off, -1);
				break;
			}
		}
		t1 = st_now_ns();
		seen++;
		if (marked) {
			st_hist_add(io->lat, t1 - t0);
			io->ios++;
			io->bytes += j->bs;
			io->syncs += writing && j->sync != ST_SYNC_NONE;
		}
		if (t1 >= io->end_ns)
			break;
		if (t1 >= next_tick) {
			io->tick(io, t1, seen);
			next_tick = t1 + ST_TICK_NS;
		}
	}
	free(buf);
	return r;
}

const struct st_ioengine_ops st_ioengine_psync = {
	.name = "psync",
	.run = psync_run,
};
