/*
 * bench.c - owns the benchmark runner: the named workloads, checking a job,
 * finding the devices under the target, creating and laying out the scratch
 * file, running an engine between its ramp and its end, and turning the
 * engine's counts and two /proc/diskstats snapshots into a result.
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
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "st_bench.h"
#include "st_bench_io.h"
#include "st_diskstats.h"
#include "st_log.h"
#include "st_model.h"
#include "st_scratch.h"
#include "st_util.h"

#define KIB 1024ull
#define MIB (1024ull * KIB)

/* Laying out the file: 1 MiB writes. */
#define LAYOUT_BS MIB

/* One /proc/diskstats sector is 512 bytes, whatever the device's block size. */
#define SECTOR 512ull

const struct st_workload_def st_workloads[] = {
	{ "randread-4k-qd1", "4 KiB random reads, O_DIRECT, one at a time (psync)",
	  ST_RW_RANDREAD, 4 * KIB, 1, true, ST_SYNC_NONE, false },
	{ "randread-4k-qd32", "4 KiB random reads, O_DIRECT, 32 in flight (io_uring)",
	  ST_RW_RANDREAD, 4 * KIB, 32, true, ST_SYNC_NONE, false },
	{ "randwrite-4k-qd1", "4 KiB random writes, O_DIRECT, one at a time (psync)",
	  ST_RW_RANDWRITE, 4 * KIB, 1, true, ST_SYNC_NONE, false },
	{ "randwrite-4k-qd32", "4 KiB random writes, O_DIRECT, 32 in flight (io_uring)",
	  ST_RW_RANDWRITE, 4 * KIB, 32, true, ST_SYNC_NONE, false },
	{ "seqread-1m", "1 MiB sequential reads, O_DIRECT (psync)",
	  ST_RW_READ, MIB, 1, true, ST_SYNC_NONE, false },
	{ "seqwrite-1m", "1 MiB sequential writes, O_DIRECT (psync)",
	  ST_RW_WRITE, MIB, 1, true, ST_SYNC_NONE, false },
	/* readahead only acts on buffered reads smaller than its window: with
	 * 1 MiB reads the kernel sizes readahead to the request */
	{ "seqread-64k", "64 KiB sequential buffered reads from a cold cache (readahead)",
	  ST_RW_READ, 64 * KIB, 1, false, ST_SYNC_NONE, false },
	{ "fsync-append-128", "128-byte O_APPEND records, fsync after each (a log)",
	  ST_RW_APPEND, 128, 1, false, ST_SYNC_FSYNC, false },
	{ "buffered-burst", "one pass of 1 MiB buffered writes over the file: page cache and dirty writeback",
	  ST_RW_WRITE, MIB, 1, false, ST_SYNC_NONE, true },
};
const size_t st_nworkloads = ST_ARRAY_SIZE(st_workloads);

static const char *const rw_names[ST_RW_NR] = {
	[ST_RW_READ] = "read",
	[ST_RW_WRITE] = "write",
	[ST_RW_RANDREAD] = "randread",
	[ST_RW_RANDWRITE] = "randwrite",
	[ST_RW_APPEND] = "append",
};
static const char *const sync_names[ST_SYNC_NR] = {
	[ST_SYNC_NONE] = "none",
	[ST_SYNC_FSYNC] = "fsync",
	[ST_SYNC_FDATASYNC] = "fdatasync",
};

const struct st_engine_ops *const st_engines[ST_ENGINE_NR] = {
	[ST_ENGINE_PSYNC] = &st_engine_psync,
	[ST_ENGINE_URING] = &st_engine_uring,
	[ST_ENGINE_APPEND] = &st_engine_append,
};

const char *st_rw_name(enum st_rw rw)
{
	return rw < ST_RW_NR ? rw_names[rw] : "?";
}

int st_rw_parse(const char *s, enum st_rw *rw)
{
	for (int i = 0; i < ST_RW_NR; i++)
		if (strcmp(s, rw_names[i]) == 0) {
			*rw = i;
			return 0;
		}
	return -EINVAL;
}

const char *st_sync_name(enum st_sync s)
{
	return s < ST_SYNC_NR ? sync_names[s] : "?";
}

int st_sync_parse(const char *s, enum st_sync *sync)
{
	for (int i = 0; i < ST_SYNC_NR; i++)
		if (strcmp(s, sync_names[i]) == 0) {
			*sync = i;
			return 0;
		}
	if (strcmp(s, "0") == 0 || strcmp(s, "no") == 0) {
		*sync = ST_SYNC_NONE;
		return 0;
	}
	if (strcmp(s, "1") == 0 || strcmp(s, "yes") == 0) {
		*sync = ST_SYNC_FSYNC;
		return 0;
	}
	return -EINVAL;
}

const char *st_engine_name(enum st_engine_id e)
{
	return e < ST_ENGINE_NR ? st_engines[e]->name : "?";
}

const struct st_workload_def *st_workload_find(const char *name)
{
	for (size_t i = 0; i < st_nworkloads; i++)
		if (strcmp(st_workloads[i].name, name) == 0)
			return &st_workloads[i];
	return NULL;
}

void st_job_from_workload(struct st_job *job, const struct st_workload_def *w)
{
	free(job->workload);
	job->workload = st_xstrdup(w->name);
	job->rw = w->rw;
	job->bs = w->bs;
	job->qd = w->qd;
	job->direct = w->direct;
	job->sync = w->sync;
	job->burst = w->burst;
	if (job->jobs == 0)
		job->jobs = 1;
}

void st_job_clear(struct st_job *job)
{
	free(job->workload);
	job->workload = NULL;
}

int st_job_check(struct st_job *job)
{
	if (job->bs == 0 || job->bs > 64 * MIB) {
		st_err("--bs %llu: must be 1 byte to 64 MiB", (unsigned long long)job->bs);
		return -EINVAL;
	}
	if (job->qd == 0 || job->qd > ST_BENCH_MAX_QD) {
		st_err("--qd %u: must be 1 to %d", job->qd, ST_BENCH_MAX_QD);
		return -EINVAL;
	}
	if (job->jobs == 0 || job->jobs > ST_BENCH_MAX_JOBS) {
		st_err("--jobs %u: must be 1 to %d", job->jobs, ST_BENCH_MAX_JOBS);
		return -EINVAL;
	}
	if (job->direct && job->bs % 512) {
		st_err("--bs %llu: O_DIRECT needs a multiple of the logical block size (512 or 4096)",
		       (unsigned long long)job->bs);
		return -EINVAL;
	}
	if (!(job->runtime_s > 0 && job->runtime_s <= 86400)) {
		st_err("--runtime %g: must be more than 0 and at most a day", job->runtime_s);
		return -EINVAL;
	}
	if (!(job->ramp_s >= 0 && job->ramp_s <= 3600)) {
		st_err("--ramp %g: must be 0 to 3600 seconds", job->ramp_s);
		return -EINVAL;
	}
	if (job->sync != ST_SYNC_NONE && !st_rw_writes(job->rw)) {
		st_err("--fsync: only writes are synced (--rw %s)", st_rw_name(job->rw));
		return -EINVAL;
	}
	if (job->rw == ST_RW_APPEND) {
		if (job->direct) {
			st_err("--rw append: O_DIRECT appends are not supported (--direct 0)");
			return -EINVAL;
		}
		if (job->qd != 1) {
			st_err("--rw append: each process appends one record at a time (--qd 1; use --jobs)");
			return -EINVAL;
		}
		job->engine = ST_ENGINE_APPEND;
	} else {
		if (job->jobs != 1) {
			st_err("--jobs %u: only --rw append runs several processes", job->jobs);
			return -EINVAL;
		}
		job->engine = job->qd == 1 ? ST_ENGINE_PSYNC : ST_ENGINE_URING;
	}
	if (job->burst && job->rw != ST_RW_WRITE) {
		st_err("buffered-burst: sequential writes only");
		return -EINVAL;
	}
	/* a burst is one pass over its file from a clean start: a ramp
	 * would only eat into it */
	if (job->burst)
		job->ramp_s = 0;
	job->layout = job->rw != ST_RW_APPEND;
	job->drop_cache = !job->direct && !st_rw_writes(job->rw);
	job->settle = !job->direct && st_rw_writes(job->rw);
	return 0;
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
	free(r);
}

uint64_t st_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
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
		align = 2 * MIB;
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
		if (job->size < 16 * MIB) {
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

struct run_state {
	const struct st_bench_ctx *ctx;
	struct st_diskstats d0;
	struct rusage ru0;
	uint64_t t_mark;
	bool marked;
	double total_s;
	uint64_t start_ns;
	uint64_t last_seen, last_t; /* progress: the previous tick */
};

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
}

static void on_tick(struct st_io *io, uint64_t now, uint64_t seen)
{
	struct run_state *rs = io->data;
	double iops = 0;

	if (!rs->ctx->progress)
		return;
	if (rs->last_t && now > rs->last_t && seen >= rs->last_seen)
		iops = (double)(seen - rs->last_seen) * 1e9 / (double)(now - rs->last_t);
	rs->last_seen = seen;
	rs->last_t = now;
	rs->ctx->progress(rs->ctx->progress_data, (double)(now - rs->start_ns) / 1e9, rs->total_s, iops);
}

static void physical(const struct st_diskstats *d0, const struct st_diskstats *d1, char *const *devices,
		     double interval_s, struct st_physical *p)
{
	uint64_t rq = 0, weighted_ms = 0;

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
		p->read_bytes += d.rd_sectors * SECTOR;
		p->write_bytes += d.wr_sectors * SECTOR;
		p->read_ios += d.rd_ios;
		p->write_ios += d.wr_ios;
		p->merges += d.rd_merges + d.wr_merges;
		p->flushes += d.fl_ios;
		p->flushes_known &= b->nstats >= 17;
		weighted_ms += d.weighted_ms;
	}
	rq = p->read_ios + p->write_ios;
	p->avg_request_bytes = rq ? (p->read_bytes + p->write_bytes) / rq : 0;
	p->aqu_sz = interval_s > 0 ? (double)weighted_ms / (interval_s * 1000) : 0;
	p->known = true;
}

int st_bench_run(const struct st_bench_ctx *ctx, struct st_scratch *scratch, const struct st_job *job,
		 struct st_bench_result **out)
{
	struct st_bench_result *res;
	struct run_state rs;
	struct st_diskstats d1 = { 0 }, dmid = { 0 };
	struct st_io io;
	struct rusage ru1;
	uint64_t t_end;
	int r, fd = -1;

	*out = NULL;
	res = st_xcalloc(1, sizeof(*res));
	res->job = *job;
	res->job.workload = st_xstrdup(job->workload ? job->workload : "custom");
	res->target = st_xstrdup(scratch->dir);
	res->tmpfile = scratch->path == NULL;
	res->lat = st_xmalloc(sizeof(*res->lat));
	st_hist_init(res->lat);
	res->dirty_limit = st_bench_dirty_limit(ctx->sys);
	find_devices(ctx, scratch->dir, res);

	if (job->rw != ST_RW_APPEND) {
		/* a new open file for every run: the kernel sizes a file's
		 * readahead window when it is opened, so a file opened before a
		 * read_ahead_kb change would not see it */
		fd = st_scratch_reopen(scratch, O_RDWR | (job->direct ? O_DIRECT : 0));
		if (fd < 0) {
			st_err("%s: cannot open the scratch file%s: %s%s", scratch->dir,
			       job->direct ? " with O_DIRECT" : "", strerror(-fd),
			       job->direct ? " (this filesystem may not support it)" : "");
			st_bench_result_free(res);
			return fd;
		}
	}
	if (job->drop_cache) {
		/* only the scratch file's pages: writing /proc/sys/vm/drop_caches
		 * would empty every application's cache on a live server */
		fdatasync(scratch->fd);
		posix_fadvise(scratch->fd, 0, 0, POSIX_FADV_DONTNEED);
	}

	memset(&rs, 0, sizeof(rs));
	rs.ctx = ctx;
	rs.total_s = job->ramp_s + job->runtime_s;
	memset(&io, 0, sizeof(io));
	io.job = job;
	io.scratch = scratch;
	io.fd = fd;
	io.file_size = scratch->size;
	io.lat = res->lat;
	io.mark = on_mark;
	io.tick = on_tick;
	io.data = &rs;
	io.seed = st_now_ns();
	rs.start_ns = st_now_ns();
	io.ramp_end_ns = rs.start_ns + (uint64_t)(job->ramp_s * 1e9);
	io.end_ns = io.ramp_end_ns + (uint64_t)(job->runtime_s * 1e9);

	r = st_engines[job->engine]->run(&io);
	t_end = st_now_ns();
	getrusage(RUSAGE_SELF, &ru1);
	if (fd >= 0)
		close(fd);
	if (r == 0 && job->settle && st_diskstats_read(ctx->pc, &dmid) < 0)
		memset(&dmid, 0, sizeof(dmid));
	if (r == 0 && job->settle && fdatasync(scratch->fd) < 0) {
		r = -errno;
		st_err("%s: fdatasync after the run: %s", scratch->dir, strerror(-r));
	}
	if (r == 0 && !rs.marked) {
		st_err("%s: the run ended before its ramp did", scratch->dir);
		r = -EIO;
	}
	if (r < 0) {
		st_diskstats_free(&rs.d0);
		st_diskstats_free(&dmid);
		st_bench_result_free(res);
		return r;
	}
	if (st_diskstats_read(ctx->pc, &d1) < 0)
		memset(&d1, 0, sizeof(d1));

	res->runtime_s = (double)(t_end - rs.t_mark) / 1e9;
	res->ios = io.ios;
	if (st_rw_writes(job->rw))
		res->write_bytes = io.bytes;
	else
		res->read_bytes = io.bytes;
	res->syncs = io.syncs;
	res->iops = res->runtime_s > 0 ? (double)io.ios / res->runtime_s : 0;
	res->mbps = res->runtime_s > 0 ? (double)io.bytes / res->runtime_s / 1e6 : 0;
	if (io.cpu_done) {
		res->cpu_user_s = io.cpu_user_s;
		res->cpu_sys_s = io.cpu_sys_s;
	} else {
		res->cpu_user_s = st_tv_s(ru1.ru_utime) - st_tv_s(rs.ru0.ru_utime);
		res->cpu_sys_s = st_tv_s(ru1.ru_stime) - st_tv_s(rs.ru0.ru_stime);
	}
	res->cpu_per_io_us = io.ios ? (res->cpu_user_s + res->cpu_sys_s) * 1e6 / (double)io.ios : 0;
	physical(&rs.d0, &d1, res->devices, res->runtime_s, &res->phys);
	res->phys.write_bytes_run = res->phys.write_bytes;
	if (job->settle) {
		struct st_physical mid;

		physical(&rs.d0, &dmid, res->devices, res->runtime_s, &mid);
		res->phys.write_bytes_run = mid.write_bytes;
	}
	if (res->phys.known && res->write_bytes)
		res->phys.write_amplification = (double)res->phys.write_bytes / (double)res->write_bytes;
	st_diskstats_free(&rs.d0);
	st_diskstats_free(&d1);
	st_diskstats_free(&dmid);
	*out = res;
	return 0;
}
