/*
 * job.c - owns what a benchmark run does before it runs: the named
 * workloads, the names of access patterns and sync modes, and checking a
 * job (sizes, queue depth, which engine runs it), with messages that name
 * the option.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "st_bench.h"
#include "st_ioengine.h"
#include "st_log.h"
#include "st_units.h"
#include "st_util.h"

const struct st_workload_def st_workloads[] = {
	{ "randread-4k-qd1", "4 KiB random reads, O_DIRECT, one at a time (psync)",
	  ST_RW_RANDREAD, 4 * ST_KIB, 1, true, ST_SYNC_NONE, false },
	{ "randread-4k-qd32", "4 KiB random reads, O_DIRECT, 32 in flight (io_uring)",
	  ST_RW_RANDREAD, 4 * ST_KIB, 32, true, ST_SYNC_NONE, false },
	{ "randwrite-4k-qd1", "4 KiB random writes, O_DIRECT, one at a time (psync)",
	  ST_RW_RANDWRITE, 4 * ST_KIB, 1, true, ST_SYNC_NONE, false },
	{ "randwrite-4k-qd32", "4 KiB random writes, O_DIRECT, 32 in flight (io_uring)",
	  ST_RW_RANDWRITE, 4 * ST_KIB, 32, true, ST_SYNC_NONE, false },
	{ "seqread-1m", "1 MiB sequential reads, O_DIRECT (psync)",
	  ST_RW_READ, ST_MIB, 1, true, ST_SYNC_NONE, false },
	{ "seqwrite-1m", "1 MiB sequential writes, O_DIRECT (psync)",
	  ST_RW_WRITE, ST_MIB, 1, true, ST_SYNC_NONE, false },
	/* readahead only acts on buffered reads smaller than its window: with
	 * 1 MiB reads the kernel sizes readahead to the request */
	{ "seqread-64k", "64 KiB sequential buffered reads from a cold cache (readahead)",
	  ST_RW_READ, 64 * ST_KIB, 1, false, ST_SYNC_NONE, false },
	{ "fsync-append-128", "128-byte O_APPEND records, fsync after each (a log)",
	  ST_RW_APPEND, 128, 1, false, ST_SYNC_FSYNC, false },
	{ "buffered-burst", "one pass of 1 MiB buffered writes over the file: page cache and dirty writeback",
	  ST_RW_WRITE, ST_MIB, 1, false, ST_SYNC_NONE, true },
};
const size_t st_nworkloads = ST_ARRAY_SIZE(st_workloads);

const char *const st_rw_names[ST_RW_NR + 1] = {
	[ST_RW_READ] = "read",
	[ST_RW_WRITE] = "write",
	[ST_RW_RANDREAD] = "randread",
	[ST_RW_RANDWRITE] = "randwrite",
	[ST_RW_APPEND] = "append",
};
const char *const st_sync_names[ST_SYNC_NR + 1] = {
	[ST_SYNC_NONE] = "none",
	[ST_SYNC_FSYNC] = "fsync",
	[ST_SYNC_FDATASYNC] = "fdatasync",
};


const char *st_rw_name(enum st_rw rw)
{
	return rw < ST_RW_NR ? st_rw_names[rw] : "?";
}

const char *st_sync_name(enum st_sync s)
{
	return s < ST_SYNC_NR ? st_sync_names[s] : "?";
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

static int unknown_workload(const char *name)
{
	const char *names[16];
	const char *best;
	size_t n = 0;

	for (size_t i = 0; i < st_nworkloads && n < ST_ARRAY_SIZE(names) - 1; i++)
		names[n++] = st_workloads[i].name;
	names[n++] = "custom";
	best = st_closest(name, names, n);
	if (best)
		st_err("--workload '%s': unknown (did you mean '%s'?); 'stortune bench list' shows them",
		       name, best);
	else
		st_err("--workload '%s': unknown; 'stortune bench list' shows them", name);
	return -EINVAL;
}

int st_job_build(struct st_job *job, const struct st_job_params *p)
{
	const char *name = p->workload ? p->workload : "randread-4k-qd1";
	const struct st_workload_def *w = st_workload_find(name);

	memset(job, 0, sizeof(*job));
	job->runtime_s = p->runtime_s;
	job->ramp_s = p->ramp_s;
	job->jobs = p->jobs;
	job->size = p->size;
	if (strcmp(name, "custom") == 0) {
		job->workload = st_xstrdup("custom");
		job->rw = p->rw;
		job->bs = p->bs;
		job->qd = p->qd;
		job->direct = p->direct < 0 ? p->rw != ST_RW_APPEND : p->direct;
		job->sync = p->sync;
	} else if (!w) {
		return unknown_workload(name);
	} else if (p->custom_given) {
		st_err("--%s: only with --workload custom (%s is fixed)", p->custom_given, name);
		return -EINVAL;
	} else {
		st_job_from_workload(job, w);
	}
	if (st_job_check(job) < 0) {
		st_job_clear(job);
		return -EINVAL;
	}
	return 0;
}

void st_job_clear(struct st_job *job)
{
	free(job->workload);
	job->workload = NULL;
}

int st_job_check(struct st_job *job)
{
	if (job->bs == 0 || job->bs > 64 * ST_MIB) {
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
		job->engine = ST_IOENGINE_APPEND;
	} else {
		if (job->jobs != 1) {
			st_err("--jobs %u: only --rw append runs several processes", job->jobs);
			return -EINVAL;
		}
		job->engine = job->qd == 1 ? ST_IOENGINE_PSYNC : ST_IOENGINE_URING;
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
