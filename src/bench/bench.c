/*
 * bench.c - owns the benchmark runner: the I/O engine table, finding the
 * devices under the target, creating and laying out the scratch
 * file, running an engine between its ramp and its end, and turning the
 * engine's counts and two /proc/diskstats snapshots into a result (the
 * average queue by iostat's formula, measure/iostat.c).
 *
 * Engines only do I/O (STYLE.md 10).  The runner takes its snapshots (CPU
 * time, diskstats) when an engine says the ramp is over, and again when it
 * returns; the figures are computed from those snapshots alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "st_bench.h"
#include "st_ioengine.h"
#include "st_diskstats.h"
#include "st_iostat.h"
#include "st_log.h"
#include "st_model.h"
#include "st_scratch.h"
#include "st_units.h"
#include "st_util.h"

/* Laying out the file: 1 MiB writes. */
#define LAYOUT_BS ST_MIB

const struct st_ioengine_ops *const st_ioengines[ST_IOENGINE_NR] = {
	[ST_IOENGINE_PSYNC] = &st_ioengine_psync,
	[ST_IOENGINE_URING] = &st_ioengine_uring,
	[ST_IOENGINE_APPEND] = &st_ioengine_append,
};

const char *st_ioengine_name(enum st_ioengine_id e)
{
	return e < ST_IOENGINE_NR ? st_ioengines[e]->name : "?";
}

void st_bench_result_free(struct st_bench_result *r)
{
	if (!r)
		return;
	st_job_clear(&r->job);
	free(r->target);
	st_strv_free(r->devices);
	free(r->fstype);
	free(r->lat);
	free(r->series);
	free(r);
}

/* The device a path's filesystem is on, from st_dev and the mount table. */
static const struct st_mount *mount_of(const struct st_system *sys, const char *dir, dev_t dev)
{
	const struct st_mount *best = NULL;
	size_t bestlen = 0;

	for (size_t i = 0; i < sys->mounts.n; i++) {
		const struct st_mount *m = sys->mounts.v[i];
		size_t len;

		if (m->swap || !m->target || m->maj != major(dev) || m->min != minor(dev))
			continue;
		len = strlen(m->target);
		if (strncmp(dir, m->target, len) != 0 || (dir[len] != '/' && dir[len] != '\0' && len > 1))
			continue;
		if (!best || len > bestlen) {
			best = m;
			bestlen = len;
		}
	}
	return best;
}

/* Which diskstats lines show the target's physical I/O: the filesystem's
 * device, or for a stack (dm, md) the devices at its bottom. */
static void find_devices(const struct st_bench_ctx *ctx, const char *dir, struct st_bench_result *res)
{
	const struct st_system *sys = ctx->sys;
	const struct st_mount *m;
	struct st_device *d = NULL;
	char real[PATH_MAX];
	struct stat st;

	if (!sys || stat(dir, &st) < 0 || !realpath(dir, real))
		return;
	m = mount_of(sys, real, st.st_dev);
	if (m) {
		free(res->fstype);
		res->fstype = m->fstype ? st_xstrdup(m->fstype) : NULL;
	}
	if (major(st.st_dev) != 0)
		d = st_system_find_devno(sys, major(st.st_dev), minor(st.st_dev));
	else if (m && m->source)
		d = st_system_lookup(sys, m->source); /* btrfs: an anonymous st_dev */
	if (!d)
		return;
	if (d->slaves.n > 0 && d->leaves.n > 0) {
		for (size_t i = 0; i < d->leaves.n; i++)
			st_strv_push(&res->devices, d->leaves.v[i]->kname);
	} else {
		st_strv_push(&res->devices, d->kname);
	}
}

static int layout(struct st_scratch *s, const char *dir)
{
	uint64_t done = 0;
	void *buf = st_io_buffer(LAYOUT_BS, 42);
	int r = 0;

	if (!buf)
		return -ENOMEM;
	/* direct, so that laying out does not fill the page cache; a
	 * filesystem without O_DIRECT gets buffered writes */
	if (st_scratch_set_direct(s, true) < 0)
		st_scratch_set_direct(s, false);
	while (done < s->size) {
		size_t n = s->size - done < LAYOUT_BS ? s->size - done : LAYOUT_BS;
		ssize_t w;

		if (s->direct && n % 4096)
			st_scratch_set_direct(s, false);
		w = pwrite(s->fd, buf, n, (off_t)done);
		if (w < 0 && errno == EINVAL && s->direct) {
			st_scratch_set_direct(s, false);
			continue;
		}
		if (w <= 0) {
			r = w < 0 ? -errno : -EIO;
			st_err("%s: laying out the scratch file: %s", dir, strerror(-r));
			break;
		}
		done += (uint64_t)w;
	}
	if (r == 0 && fdatasync(s->fd) < 0) {
		r = -errno;
		st_err("%s: fdatasync of the scratch file: %s", dir, strerror(-r));
	}
	free(buf);
	return r;
}

int st_bench_prepare(const struct st_bench_ctx *ctx, const char *target, struct st_job *job,
		     struct st_scratch **scratch)
{
	struct stat st;
	char *dir;
	int r;

	(void)ctx;
	*scratch = NULL;
	if (stat(target, &st) < 0) {
		r = -errno;
		st_err("%s: %s", target, strerror(-r));
		return r;
	}
	if (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)) {
		st_err("%s: is a device; stortune bench never writes a raw device: give a directory on "
		       "its filesystem", target);
		return -EINVAL;
	}
	if (S_ISDIR(st.st_mode)) {
		dir = st_xstrdup(target);
	} else {
		st_err("%s: not a directory; stortune bench creates its own scratch file in a directory",
		       target);
		return -ENOTDIR;
	}
	if (job->size == 0) {
		uint64_t avail;

		r = st_scratch_free_bytes(dir, &avail);
		if (r < 0) {
			st_err("%s: statvfs: %s", dir, strerror(-r));
			free(dir);
			return r;
		}
		job->size = st_scratch_default_size(avail);
		if (job->size < 16 * ST_MIB) {
			char have[32];

			st_size_to_human(avail, have, sizeof(have));
			st_err("%s: only %s free; the benchmark needs a scratch file of at least 16 MiB "
			       "(10%% of free space)", dir, have);
			free(dir);
			return -ENOSPC;
		}
	}
	if (job->size < job->bs * job->qd) {
		st_err("--size %llu: smaller than --bs times --qd", (unsigned long long)job->size);
		free(dir);
		return -EINVAL;
	}
	r = st_scratch_create(dir, job->size, job->rw == ST_RW_APPEND ? ST_SCRATCH_KEEP_SIZE : 0, scratch);
	if (r == 0 && job->layout) {
		r = layout(*scratch, dir);
		if (r < 0) {
			st_scratch_free(*scratch);
			*scratch = NULL;
		}
	}
	free(dir);
	return r;
}

/* The kernel's dirty threshold, roughly: dirty_bytes, or dirty_ratio
 * percent of the memory it counts as dirtyable (MemAvailable is the
 * closest figure /proc/meminfo gives). */
uint64_t st_bench_dirty_limit(const struct st_system *sys)
{
	if (!sys)
		return 0;
	if (sys->vm.dirty_bytes && sys->vm.dirty_bytes != ST_UNKNOWN)
		return sys->vm.dirty_bytes;
	if (sys->vm.dirty_ratio == ST_UNKNOWN || sys->mem_available == 0)
		return 0;
	return sys->mem_available / 100 * sys->vm.dirty_ratio;
}

/* The runner's side of a run: the engine's callbacks (io->data) and the
 * snapshots the figures come from. */
struct run_state {
	const struct st_bench_ctx *ctx;
	/* at the mark, when the ramp is over */
	struct st_diskstats d0;
	struct rusage ru0;
	uint64_t t_mark;
	bool marked;
	/* when the engine returned; dmid before the settle step, d1 after it */
	uint64_t t_end;
	struct rusage ru1;
	struct st_diskstats dmid, d1;
	struct st_hist *live; /* the append engine's merged workers (st_io.live_lat) */
	double total_s;
	uint64_t start_ns;
	uint64_t last_seen, last_t; /* progress: the previous tick */
	/* the series: the histogram as it was at the previous point */
	struct st_hist *prev, *diff;
	uint64_t t_prev;
	struct st_bench_sample *series;
	size_t nseries, cap;
};

/* One point of the series: what io's histogram cur gained since the last. */
static void series_point(struct run_state *rs, const struct st_io *io, const struct st_hist *cur, uint64_t now)
{
	double dt = (double)(now - rs->t_prev) / 1e9;
	struct st_bench_sample *p;
	struct st_hist *d = rs->diff;

	if (!rs->prev || now <= rs->t_prev)
		return;
	st_hist_sub(d, cur, rs->prev);
	if (rs->nseries == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 64;
		rs->series = st_xrealloc(rs->series, rs->cap * sizeof(*rs->series));
	}
	p = &rs->series[rs->nseries++];
	p->t_s = (double)(now - rs->t_mark) / 1e9;
	p->iops = (double)d->n / dt;
	p->mbps = (double)d->n * (double)io->job->bs / dt / 1e6;
	p->lat_mean_us = d->n ? st_hist_mean(d) / 1000.0 : NAN;
	p->lat_p99_us = d->n ? (double)st_hist_percentile(d, 99) / 1000.0 : NAN;
	*rs->prev = *cur;
	rs->t_prev = now;
}

static void on_mark(struct st_io *io)
{
	struct run_state *rs = io->data;

	if (rs->marked)
		return;
	rs->marked = true;
	if (st_diskstats_read(rs->ctx->pc, &rs->d0) < 0)
		memset(&rs->d0, 0, sizeof(rs->d0));
	getrusage(RUSAGE_SELF, &rs->ru0);
	rs->t_mark = st_now_ns();
	rs->t_prev = rs->t_mark;
	if (rs->prev)
		st_hist_init(rs->prev);
}

static void on_tick(struct st_io *io, uint64_t now, uint64_t seen)
{
	struct run_state *rs = io->data;
	double iops = 0;

	if (rs->marked && now >= rs->t_prev + (uint64_t)(ST_BENCH_SERIES_S * 1e9))
		series_point(rs, io, io->live_lat ? io->live_lat : io->lat, now);
	if (!rs->ctx->progress)
		return;
	if (rs->last_t && now > rs->last_t && seen >= rs->last_seen)
		iops = (double)(seen - rs->last_seen) * 1e9 / (double)(now - rs->last_t);
	rs->last_seen = seen;
	rs->last_t = now;
	rs->ctx->progress(rs->ctx->progress_data, (double)(now - rs->start_ns) / 1e9, rs->total_s, iops);
}

/*
 * The devices' counters between two snapshots, summed: bytes (diskstats'
 * 512-byte sectors), requests and merges as counted, and the average queue
 * by iostat's formula over the measured interval (seconds).
 */
void st_bench_physical(const struct st_diskstats *d0, const struct st_diskstats *d1, char *const *devices,
		       double interval_s, struct st_physical *p)
{
	struct st_dstat sum = { 0 };
	struct st_iostat io;
	uint64_t rq;

	memset(p, 0, sizeof(*p));
	p->write_amplification = NAN;
	if (!devices || !d0->n || !d1->n)
		return;
	p->flushes_known = true;
	for (char *const *n = devices; *n; n++) {
		const struct st_dstat *a = st_diskstats_find(d0, *n), *b = st_diskstats_find(d1, *n);
		struct st_dstat d;

		if (!a || !b)
			return;
		st_dstat_sub(a, b, &d);
		st_dstat_add(&sum, &d);
		p->flushes_known &= b->nstats >= 17;
	}
	p->read_bytes = sum.rd_sectors * ST_SECTOR;
	p->write_bytes = sum.wr_sectors * ST_SECTOR;
	p->read_ios = sum.rd_ios;
	p->write_ios = sum.wr_ios;
	p->merges = sum.rd_merges + sum.wr_merges;
	p->flushes = sum.fl_ios;
	rq = p->read_ios + p->write_ios;
	p->avg_request_bytes = rq ? (p->read_bytes + p->write_bytes) / rq : 0;
	st_iostat_compute(&sum, interval_s, &io);
	p->aqu_sz = io.aqu_sz;
	p->known = true;
}

static struct st_bench_result *result_new(const struct st_bench_ctx *ctx, const struct st_scratch *scratch,
					  const struct st_job *job)
{
	struct st_bench_result *res = st_xcalloc(1, sizeof(*res));

	res->job = *job;
	res->job.workload = st_xstrdup(job->workload ? job->workload : "custom");
	res->target = st_xstrdup(scratch->dir);
	res->tmpfile = scratch->path == NULL;
	res->lat = st_xmalloc(sizeof(*res->lat));
	st_hist_init(res->lat);
	res->dirty_limit = st_bench_dirty_limit(ctx->sys);
	find_devices(ctx, scratch->dir, res);
	return res;
}

/* *fd: the descriptor the engine does I/O on, or -1 for the append engine,
 * which opens its own; and the file's cached pages as the job wants them. */
static int open_for_run(struct st_scratch *scratch, const struct st_job *job, int *fd)
{
	*fd = -1;
	if (job->rw != ST_RW_APPEND) {
		/* a new open file for every run: the kernel sizes a file's
		 * readahead window when it is opened, so a file opened before a
		 * read_ahead_kb change would not see it */
		int r = st_scratch_reopen(scratch, O_RDWR | (job->direct ? O_DIRECT : 0));

		if (r < 0) {
			st_err("%s: cannot open the scratch file%s: %s%s", scratch->dir,
			       job->direct ? " with O_DIRECT" : "", strerror(-r),
			       job->direct ? " (this filesystem may not support it)" : "");
			return r;
		}
		*fd = r;
	}
	if (job->drop_cache) {
		/* only the scratch file's pages: writing /proc/sys/vm/drop_caches
		 * would empty every application's cache on a live server */
		fdatasync(scratch->fd);
		posix_fadvise(scratch->fd, 0, 0, POSIX_FADV_DONTNEED);
	}
	return 0;
}

/* The engine from now to the end of the job's ramp and runtime; rs takes
 * the snapshots at the mark (on_mark) and when the engine returns. */
static int run_engine(struct st_scratch *scratch, const struct st_job *job, int fd, struct st_hist *lat,
		      struct run_state *rs, struct st_io *io)
{
	int r;

	rs->total_s = job->ramp_s + job->runtime_s;
	memset(io, 0, sizeof(*io));
	io->job = job;
	io->scratch = scratch;
	io->fd = fd;
	io->file_size = scratch->size;
	io->lat = lat;
	io->live_lat = job->rw == ST_RW_APPEND ? rs->live : NULL;
	io->mark = on_mark;
	io->tick = on_tick;
	io->data = rs;
	io->seed = st_now_ns();
	rs->start_ns = st_now_ns();
	io->ramp_end_ns = rs->start_ns + (uint64_t)(job->ramp_s * 1e9);
	io->end_ns = io->ramp_end_ns + (uint64_t)(job->runtime_s * 1e9);

	r = st_ioengines[job->engine]->run(io);
	rs->t_end = st_now_ns();
	getrusage(RUSAGE_SELF, &rs->ru1);
	return r;
}

/* After the engine: the settle step (what it writes is counted apart), a
 * run that never got past its ramp, and the last diskstats snapshot. */
static int after_run(struct st_scratch *scratch, const struct st_job *job, struct run_state *rs)
{
	int r = 0;

	if (job->settle && st_diskstats_read(rs->ctx->pc, &rs->dmid) < 0)
		memset(&rs->dmid, 0, sizeof(rs->dmid));
	if (job->settle && fdatasync(scratch->fd) < 0) {
		r = -errno;
		st_err("%s: fdatasync after the run: %s", scratch->dir, strerror(-r));
	}
	if (r == 0 && !rs->marked) {
		st_err("%s: the run ended before its ramp did", scratch->dir);
		r = -EIO;
	}
	if (r == 0 && st_diskstats_read(rs->ctx->pc, &rs->d1) < 0)
		memset(&rs->d1, 0, sizeof(rs->d1));
	return r;
}

/* The figures, from the engine's counts and the snapshots alone. */
static void fill_result(struct st_bench_result *res, const struct st_job *job, const struct st_io *io,
			const struct run_state *rs)
{
	res->runtime_s = (double)(rs->t_end - rs->t_mark) / 1e9;
	res->ios = io->ios;
	if (st_rw_writes(job->rw))
		res->write_bytes = io->bytes;
	else
		res->read_bytes = io->bytes;
	res->syncs = io->syncs;
	res->iops = res->runtime_s > 0 ? (double)io->ios / res->runtime_s : 0;
	res->mbps = res->runtime_s > 0 ? (double)io->bytes / res->runtime_s / 1e6 : 0;
	if (io->cpu_done) {
		res->cpu_user_s = io->cpu_user_s;
		res->cpu_sys_s = io->cpu_sys_s;
	} else {
		res->cpu_user_s = st_tv_s(rs->ru1.ru_utime) - st_tv_s(rs->ru0.ru_utime);
		res->cpu_sys_s = st_tv_s(rs->ru1.ru_stime) - st_tv_s(rs->ru0.ru_stime);
	}
	res->cpu_per_io_us = io->ios ? (res->cpu_user_s + res->cpu_sys_s) * 1e6 / (double)io->ios : 0;
	st_bench_physical(&rs->d0, &rs->d1, res->devices, res->runtime_s, &res->phys);
	res->phys.write_bytes_run = res->phys.write_bytes;
	if (job->settle) {
		struct st_physical mid;

		st_bench_physical(&rs->d0, &rs->dmid, res->devices, res->runtime_s, &mid);
		res->phys.write_bytes_run = mid.write_bytes;
	}
	if (res->phys.known && res->write_bytes)
		res->phys.write_amplification = (double)res->phys.write_bytes / (double)res->write_bytes;
}

/* The series' last point, the I/O since the previous one, when it covers a
 * fifth of a point or more (a shorter one would be mostly noise; the run's
 * totals count it anyway); then the series is the result's. */
static void series_end(struct run_state *rs, const struct st_io *io, struct st_bench_result *res)
{
	if (rs->prev && rs->t_end >= rs->t_prev + (uint64_t)(ST_BENCH_SERIES_S * 0.2e9))
		series_point(rs, io, io->lat, rs->t_end);
	res->series = rs->series;
	res->nseries = rs->nseries;
	rs->series = NULL;
	rs->nseries = rs->cap = 0;
}

int st_bench_run(const struct st_bench_ctx *ctx, struct st_scratch *scratch, const struct st_job *job,
		 struct st_bench_result **out)
{
	struct st_bench_result *res;
	struct run_state rs = { .ctx = ctx };
	struct st_io io;
	int r, fd;

	*out = NULL;
	res = result_new(ctx, scratch, job);
	r = open_for_run(scratch, job, &fd);
	if (r < 0) {
		st_bench_result_free(res);
		return r;
	}
	rs.prev = st_xmalloc(sizeof(*rs.prev));
	rs.diff = st_xmalloc(sizeof(*rs.diff));
	st_hist_init(rs.prev);
	if (job->rw == ST_RW_APPEND) {
		rs.live = st_xmalloc(sizeof(*rs.live));
		st_hist_init(rs.live);
	}
	r = run_engine(scratch, job, fd, res->lat, &rs, &io);
	if (fd >= 0)
		close(fd);
	if (r == 0)
		r = after_run(scratch, job, &rs);
	if (r == 0) {
		fill_result(res, job, &io, &rs);
		series_end(&rs, &io, res);
	}
	free(rs.prev);
	free(rs.diff);
	free(rs.live);
	free(rs.series);
	st_diskstats_free(&rs.d0);
	st_diskstats_free(&rs.dmid);
	st_diskstats_free(&rs.d1);
	if (r < 0) {
		st_bench_result_free(res);
		return r;
	}
	*out = res;
	return 0;
}
