/*
 * ioengine_uring.c - the io_uring engine (liburing): keeps qd reads or writes
 * in flight, each with its own aligned buffer.  With --fsync a write is
 * linked to an fsync (IOSQE_IO_LINK), and the pair counts as one I/O whose
 * latency ends when the sync completes.  Submission and completion are
 * timestamped once per batch, as fio does with its per-batch clock.
 */
#include <errno.h>
#include <liburing.h>
#include <stdlib.h>
#include <string.h>

#include "st_bench.h"
#include "st_ioengine.h"
#include "st_log.h"
#include "st_scratch.h"

/* user_data: the slot number, with this bit for the sync of a pair */
#define SYNC_BIT (1ull << 32)

struct slot {
	void *buf;
	uint64_t off;
	uint64_t t_submit;
	bool measured;  /* submitted after the ramp */
	int pending;    /* CQEs still to come: 1, or 2 with a sync */
};

static int queue_one(struct io_uring *ring, struct slot *s, unsigned idx, const struct st_job *j, int fd,
		     bool writing, uint64_t off, uint64_t now, bool measured)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe)
		return -EBUSY;
	s->off = off;
	s->t_submit = now;
	s->measured = measured;
	s->pending = 1;
	if (writing)
		io_uring_prep_write(sqe, fd, s->buf, (unsigned)j->bs, off);
	else
		io_uring_prep_read(sqe, fd, s->buf, (unsigned)j->bs, off);
	io_uring_sqe_set_data64(sqe, idx);
	if (writing && j->sync != ST_SYNC_NONE) {
		struct io_uring_sqe *fs;

		sqe->flags |= IOSQE_IO_LINK;
		fs = io_uring_get_sqe(ring);
		if (!fs)
			return -EBUSY;
		io_uring_prep_fsync(fs, fd, j->sync == ST_SYNC_FDATASYNC ? IORING_FSYNC_DATASYNC : 0);
		io_uring_sqe_set_data64(fs, idx | SYNC_BIT);
		s->pending = 2;
	}
	return 0;
}

static int uring_run(struct st_io *io)
{
	const struct st_job *j = io->job;
	bool writing = st_rw_writes(j->rw), syncing = writing && j->sync != ST_SYNC_NONE;
	struct io_uring ring;
	struct st_offsets offs;
	struct slot *slots;
	unsigned inflight = 0, entries = j->qd * (syncing ? 2 : 1);
	uint64_t next_tick = 0, seen = 0, now;
	bool marked = false, stopping = false;
	int fd = io->fd, r;

	r = io_uring_queue_init(entries, &ring, 0);
	if (r < 0) {
		st_err("%s: io_uring_queue_init(%u): %s", io->scratch->dir, entries, strerror(-r));
		return r;
	}
	slots = calloc(j->qd, sizeof(*slots));
	if (!slots) {
		io_uring_queue_exit(&ring);
		return -ENOMEM;
	}
	st_offsets_init(&offs, j, io->file_size, io->seed);
	for (unsigned i = 0; i < j->qd; i++) {
		slots[i].buf = st_io_buffer(j->bs, io->seed + i);
		if (!slots[i].buf) {
			r = -ENOMEM;
			goto out;
		}
	}

	now = st_now_ns();
	if (now >= io->ramp_end_ns) {
		marked = true;
		io->mark(io);
		now = st_now_ns();
	}
	for (unsigned i = 0; i < j->qd; i++) {
		r = queue_one(&ring, &slots[i], i, j, fd, writing, st_offsets_next(&offs), now, marked);
		if (r < 0)
			goto out;
		inflight++;
	}
	while (inflight > 0) {
		struct io_uring_cqe *cqe;
		unsigned head, ncqe = 0;

		r = io_uring_submit_and_wait(&ring, 1);
		if (r < 0) {
			if (r == -EINTR)
				continue;
			st_err("%s: io_uring_submit: %s", io->scratch->dir, strerror(-r));
			break;
		}
		r = 0;
		now = st_now_ns();
		if (!marked && now >= io->ramp_end_ns) {
			marked = true;
			io->mark(io);
			now = st_now_ns();
		}
		if (now >= io->end_ns)
			stopping = true;
		io_uring_for_each_cqe(&ring, head, cqe) {
			uint64_t ud = io_uring_cqe_get_data64(cqe);
			struct slot *s = &slots[ud & ~SYNC_BIT];
			bool is_sync = ud & SYNC_BIT;

			ncqe++;
			if (r == 0 && !is_sync && cqe->res != (int)j->bs) {
				if (cqe->res < 0)
					errno = -cqe->res;
				r = st_io_error(io, writing ? "io_uring write" : "io_uring read", s->off,
						cqe->res < 0 ? -1 : cqe->res);
			} else if (r == 0 && is_sync && cqe->res < 0) {
				errno = -cqe->res;
				r = st_io_error(io, st_sync_name(j->sync), s->off, -1);
			}
			if (--s->pending > 0)
				continue;
			inflight--;
			seen++;
			if (r < 0)
				continue;
			if (s->measured) {
				st_hist_add(io->lat, now - s->t_submit);
				io->ios++;
				io->bytes += j->bs;
				io->syncs += syncing;
			}
			if (!stopping) {
				unsigned idx = (unsigned)(s - slots);

				if (queue_one(&ring, s, idx, j, fd, writing, st_offsets_next(&offs), now, marked) == 0)
					inflight++;
			}
		}
		io_uring_cq_advance(&ring, ncqe);
		if (r < 0)
			break;
		if (now >= next_tick) {
			io->tick(io, now, seen);
			next_tick = now + ST_TICK_NS;
		}
	}
	/* let what is in flight finish before its buffers go */
	while (inflight > 0) {
		struct io_uring_cqe *cqe;

		if (io_uring_submit_and_wait(&ring, 1) < 0 || io_uring_peek_cqe(&ring, &cqe) < 0)
			break;
		if (--slots[io_uring_cqe_get_data64(cqe) & ~SYNC_BIT].pending == 0)
			inflight--;
		io_uring_cqe_seen(&ring, cqe);
	}
out:
	for (unsigned i = 0; i < j->qd; i++)
		free(slots[i].buf);
	free(slots);
	io_uring_queue_exit(&ring);
	return r;
}

const struct st_ioengine_ops st_ioengine_uring = {
	.name = "io_uring",
	.run = uring_run,
};
