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

/* One run: the ring, a slot per I/O in flight, and where the run is. */
struct uring {
	struct st_io *io;
	const struct st_job *j;
	struct io_uring ring;
	struct st_offsets offs;
	struct slot *slots;
	unsigned inflight;
	uint64_t seen;  /* I/Os completed, the ramp's too */
	bool writing, syncing;
	bool marked;    /* past the ramp: io->mark has run */
	bool stopping;  /* past the end: queue nothing more */
};

/* Queues the next I/O of the job into s, and its fsync if the job has one. */
static int queue_one(struct uring *u, struct slot *s, uint64_t now)
{
	const struct st_job *j = u->j;
	uint64_t off = st_offsets_next(&u->offs); /* taken even if the ring is full */
	unsigned idx = (unsigned)(s - u->slots);
	struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
	int fd = u->io->fd;

	if (!sqe)
		return -EBUSY;
	s->off = off;
	s->t_submit = now;
	s->measured = u->marked;
	s->pending = 1;
	if (u->writing)
		io_uring_prep_write(sqe, fd, s->buf, (unsigned)j->bs, off);
	else
		io_uring_prep_read(sqe, fd, s->buf, (unsigned)j->bs, off);
	io_uring_sqe_set_data64(sqe, idx);
	if (u->writing && j->sync != ST_SYNC_NONE) {
		struct io_uring_sqe *fs;

		sqe->flags |= IOSQE_IO_LINK;
		fs = io_uring_get_sqe(&u->ring);
		if (!fs)
			return -EBUSY;
		io_uring_prep_fsync(fs, fd, j->sync == ST_SYNC_FDATASYNC ? IORING_FSYNC_DATASYNC : 0);
		io_uring_sqe_set_data64(fs, idx | SYNC_BIT);
		s->pending = 2;
	}
	return 0;
}

static void uring_teardown(struct uring *u)
{
	for (unsigned i = 0; i < u->j->qd; i++)
		free(u->slots[i].buf);
	free(u->slots);
	io_uring_queue_exit(&u->ring);
}

/* The ring (room for a sync per write), the slots and their buffers. */
static int uring_setup(struct uring *u)
{
	const struct st_job *j = u->j;
	unsigned entries = j->qd * (u->syncing ? 2 : 1);
	int r;

	r = io_uring_queue_init(entries, &u->ring, 0);
	if (r < 0) {
		st_err("%s: io_uring_queue_init(%u): %s", u->io->scratch->dir, entries, strerror(-r));
		return r;
	}
	u->slots = calloc(j->qd, sizeof(*u->slots));
	if (!u->slots) {
		io_uring_queue_exit(&u->ring);
		return -ENOMEM;
	}
	st_offsets_init(&u->offs, j, u->io->file_size, u->io->seed);
	for (unsigned i = 0; i < j->qd; i++) {
		u->slots[i].buf = st_io_buffer(j->bs, u->io->seed + i);
		if (!u->slots[i].buf) {
			uring_teardown(u);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Marks the end of the ramp once now is past it; returns the time after. */
static uint64_t ramp_check(struct uring *u, uint64_t now)
{
	if (u->marked || now < u->io->ramp_end_ns)
		return now;
	u->marked = true;
	u->io->mark(u->io);
	return st_now_ns();
}

/*
 * One CQE at time now.  r is the error of an earlier CQE of the batch, if
 * any: after one, the rest are only counted off.  Returns r or the error
 * of this one.
 */
static int complete_one(struct uring *u, const struct io_uring_cqe *cqe, uint64_t now, int r)
{
	const struct st_job *j = u->j;
	uint64_t ud = io_uring_cqe_get_data64(cqe);
	struct slot *s = &u->slots[ud & ~SYNC_BIT];
	bool is_sync = ud & SYNC_BIT;

	if (r == 0 && !is_sync && cqe->res != (int)j->bs) {
		if (cqe->res < 0)
			errno = -cqe->res;
		r = st_io_error(u->io, u->writing ? "io_uring write" : "io_uring read", s->off,
				cqe->res < 0 ? -1 : cqe->res);
	} else if (r == 0 && is_sync && cqe->res < 0) {
		errno = -cqe->res;
		r = st_io_error(u->io, st_sync_name(j->sync), s->off, -1);
	}
	if (--s->pending > 0)
		return r;
	u->inflight--;
	u->seen++;
	if (r < 0)
		return r;
	if (s->measured) {
		st_hist_add(u->io->lat, now - s->t_submit);
		u->io->ios++;
		u->io->bytes += j->bs;
		u->io->syncs += u->syncing;
	}
	if (!u->stopping && queue_one(u, s, now) == 0)
		u->inflight++;
	return r;
}

/* Submits what is queued, waits for one completion, and takes every CQE
 * there is, until nothing is in flight: the end, or an error. */
static int uring_loop(struct uring *u)
{
	uint64_t next_tick = 0, now;
	int r = 0;

	while (u->inflight > 0) {
		struct io_uring_cqe *cqe;
		unsigned head, ncqe = 0;

		r = io_uring_submit_and_wait(&u->ring, 1);
		if (r < 0) {
			if (r == -EINTR)
				continue;
			st_err("%s: io_uring_submit: %s", u->io->scratch->dir, strerror(-r));
			break;
		}
		r = 0;
		now = ramp_check(u, st_now_ns());
		if (now >= u->io->end_ns)
			u->stopping = true;
		io_uring_for_each_cqe(&u->ring, head, cqe) {
			ncqe++;
			r = complete_one(u, cqe, now, r);
		}
		io_uring_cq_advance(&u->ring, ncqe);
		if (r < 0)
			break;
		if (now >= next_tick) {
			u->io->tick(u->io, now, u->seen);
			next_tick = now + ST_TICK_NS;
		}
	}
	return r;
}

/* Lets what is in flight finish before its buffers go. */
static void uring_drain(struct uring *u)
{
	while (u->inflight > 0) {
		struct io_uring_cqe *cqe;

		if (io_uring_submit_and_wait(&u->ring, 1) < 0 || io_uring_peek_cqe(&u->ring, &cqe) < 0)
			break;
		if (--u->slots[io_uring_cqe_get_data64(cqe) & ~SYNC_BIT].pending == 0)
			u->inflight--;
		io_uring_cqe_seen(&u->ring, cqe);
	}
}

static int uring_run(struct st_io *io)
{
	struct uring u = { .io = io, .j = io->job };
	uint64_t now;
	int r;

	u.writing = st_rw_writes(u.j->rw);
	u.syncing = u.writing && u.j->sync != ST_SYNC_NONE;
	r = uring_setup(&u);
	if (r < 0)
		return r;
	now = ramp_check(&u, st_now_ns());
	for (unsigned i = 0; i < u.j->qd; i++) {
		/* a failure here leaves nothing submitted: nothing to drain */
		r = queue_one(&u, &u.slots[i], now);
		if (r < 0)
			goto out;
		u.inflight++;
	}
	r = uring_loop(&u);
	uring_drain(&u);
out:
	uring_teardown(&u);
	return r;
}

const struct st_ioengine_ops st_ioengine_uring = {
	.name = "io_uring",
	.run = uring_run,
};
