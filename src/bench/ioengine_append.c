/*
 * ioengine_append.c - the append engine: N processes, each with its own open
 * file description in O_APPEND mode, write small records to one file, each
 * followed by fsync(2) or fdatasync(2) when asked: a write-ahead log with N
 * writers (on what an append and its sync cost, see
 * https://sanchda.github.io/2025/04/06/appending_a_bit_in_pieces.html and
 * "Userland Disk I/O", https://transactional.blog/how-to-learn/disk-io).
 *
 * Each process keeps its counters, its latency histogram and its own CPU
 * time (getrusage at the end of the ramp and of the run) in a shared
 * anonymous mapping; the parent only waits, reports progress, and merges.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "st_bench.h"
#include "st_ioengine.h"
#include "st_log.h"
#include "st_scratch.h"
#include "st_units.h"

/* how often a writer checks the file against the scratch size, at most, in
 * writes; fewer when records are large or writers many, so that all of
 * them together overshoot by at most a quarter of the file */
#define SIZE_CHECK_MAX 1024

struct writer {
	struct st_hist lat;
	uint64_t ios, syncs, seen;
	double user_s, sys_s;
	int err;             /* -errno; 0 */
	uint64_t err_off;
};

static void writer_run(struct st_io *io, struct writer *w, unsigned n)
{
	const struct st_job *j = io->job;
	struct rusage ru0, ru1;
	bool marked = false;
	uint64_t every = io->scratch->size / (4 * j->jobs * j->bs);
	char *rec;
	int fd;

	if (every > SIZE_CHECK_MAX)
		every = SIZE_CHECK_MAX;
	if (every == 0)
		every = 1;
	fd = st_scratch_reopen(io->scratch, O_WRONLY | O_APPEND);
	if (fd < 0) {
		w->err = fd;
		return;
	}
	rec = st_io_buffer(j->bs, io->seed + n);
	if (!rec) {
		w->err = -ENOMEM;
		close(fd);
		return;
	}
	memset(&ru0, 0, sizeof(ru0));
	for (;;) {
		uint64_t t0 = st_now_ns(), t1;

		if (!marked && t0 >= io->ramp_end_ns) {
			marked = true;
			getrusage(RUSAGE_SELF, &ru0);
			t0 = st_now_ns();
		}
		errno = 0;
		if (write(fd, rec, j->bs) != (ssize_t)j->bs) {
			w->err = errno ? -errno : -EIO;
			break;
		}
		if (j->sync != ST_SYNC_NONE && (j->sync == ST_SYNC_FSYNC ? fsync(fd) : fdatasync(fd)) < 0) {
			w->err = -errno;
			break;
		}
		t1 = st_now_ns();
		__atomic_store_n(&w->seen, w->seen + 1, __ATOMIC_RELAXED);
		if (marked) {
			st_hist_add(&w->lat, t1 - t0);
			w->ios++;
			w->syncs += j->sync != ST_SYNC_NONE;
		}
		if (w->seen % every == 0) {
			struct stat st;

			/* a log that would outgrow the scratch file starts over, in
			 * the space reserved for it again */
			if (fstat(fd, &st) == 0 &&
			    (uint64_t)st.st_size + every * j->jobs * j->bs > io->scratch->size &&
			    ftruncate(fd, 0) == 0)
				(void)fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)io->scratch->size);
		}
		if (t1 >= io->end_ns)
			break;
	}
	getrusage(RUSAGE_SELF, &ru1);
	if (marked) {
		w->user_s = st_tv_s(ru1.ru_utime) - st_tv_s(ru0.ru_utime);
		w->sys_s = st_tv_s(ru1.ru_stime) - st_tv_s(ru0.ru_stime);
	}
	free(rec);
	close(fd);
}

static void sleep_until(uint64_t t_ns)
{
	uint64_t now = st_now_ns();

	if (t_ns > now) {
		struct timespec ts = { (time_t)((t_ns - now) / ST_NSEC_PER_SEC),
					(long)((t_ns - now) % ST_NSEC_PER_SEC) };

		nanosleep(&ts, NULL);
	}
}

static int append_run(struct st_io *io)
{
	const struct st_job *j = io->job;
	size_t maplen = sizeof(struct writer) * j->jobs;
	struct writer *w;
	pid_t *pids;
	pid_t parent = getpid();
	bool marked = false;
	int r = 0;

	w = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (w == MAP_FAILED)
		return -errno;
	pids = calloc(j->jobs, sizeof(*pids));
	if (!pids) {
		munmap(w, maplen);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < j->jobs; i++) {
		st_hist_init(&w[i].lat);
		pids[i] = fork();
		if (pids[i] < 0) {
			r = -errno;
			st_err("%s: fork: %s", io->scratch->dir, strerror(-r));
			break;
		}
		if (pids[i] == 0) {
			/* a writer must not outlive stortune */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() != parent)
				_exit(1);
			writer_run(io, &w[i], i);
			_exit(0);
		}
	}

	while (r == 0) {
		uint64_t now = st_now_ns(), seen = 0;

		if (!marked && now >= io->ramp_end_ns) {
			marked = true;
			io->mark(io);
		}
		if (now >= io->end_ns)
			break;
		for (unsigned i = 0; i < j->jobs; i++)
			seen += __atomic_load_n(&w[i].seen, __ATOMIC_RELAXED);
		if (io->live_lat && marked) {
			/* a racy read of the workers' counters: a bucket may lag
			 * by the I/O in flight, which the next point counts */
			st_hist_init(io->live_lat);
			for (unsigned i = 0; i < j->jobs; i++)
				st_hist_merge(io->live_lat, &w[i].lat);
		}
		io->tick(io, now, seen);
		{
			uint64_t next = now + ST_TICK_NS;

			if (!marked && io->ramp_end_ns < next)
				next = io->ramp_end_ns;
			if (io->end_ns < next)
				next = io->end_ns;
			sleep_until(next);
		}
	}

	for (unsigned i = 0; i < j->jobs; i++) {
		int status;

		if (pids[i] <= 0)
			continue;
		if (r < 0)
			kill(pids[i], SIGTERM);
		while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
			;
		if (r == 0 && w[i].err < 0) {
			errno = -w[i].err;
			r = st_io_error(io, "append", 0, -1);
		}
		if (r == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
			st_err("%s: append writer %u failed", io->scratch->dir, i);
			r = -EIO;
		}
		st_hist_merge(io->lat, &w[i].lat);
		io->ios += w[i].ios;
		io->bytes += w[i].ios * j->bs;
		io->syncs += w[i].syncs;
		io->cpu_user_s += w[i].user_s;
		io->cpu_sys_s += w[i].sys_s;
	}
	io->cpu_done = true;
	free(pids);
	munmap(w, maplen);
	return r;
}

const struct st_ioengine_ops st_ioengine_append = {
	.name = "append",
	.run = append_run,
};
