/*
 * test_bench.c - the benchmark runner's pieces: the workload table and the
 * engine each workload gets, st_job_check's refusals and their messages,
 * offset generation, the I/O buffer, st_bench_prepare's refusals, and short
 * real runs of each engine in a temporary directory under /tmp, checked
 * for counts that agree with each other and, where the device is known,
 * with /proc/diskstats; and the physical figures of two hand-made snapshots,
 * whose aqu-sz is iostat's (st_iostat_compute wrapped: -Wl,--wrap).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sys/stat.h>

#include "st_test.h"
#include "st_bench.h"
#include "st_diskstats.h"
#include "st_iostat.h"
#include "st_ioengine.h"
#include "st_model.h"
#include "st_scratch.h"
#include "st_units.h"


/* st_iostat_compute, wrapped: counts the calls, keeps what it was given,
 * and can replace the aqu-sz it returns (NAN: leave it). */
static struct {
	unsigned calls;
	struct st_dstat delta;
	double seconds;
	double aqu_sz;
} iostat_wrap = { .aqu_sz = NAN };

void __real_st_iostat_compute(const struct st_dstat *delta, double seconds, struct st_iostat *out);
void __wrap_st_iostat_compute(const struct st_dstat *delta, double seconds, struct st_iostat *out);
void __wrap_st_iostat_compute(const struct st_dstat *delta, double seconds, struct st_iostat *out)
{
	iostat_wrap.calls++;
	iostat_wrap.delta = *delta;
	iostat_wrap.seconds = seconds;
	__real_st_iostat_compute(delta, seconds, out);
	if (!isnan(iostat_wrap.aqu_sz))
		out->aqu_sz = iostat_wrap.aqu_sz;
}

/* A real run: short enough for the whole program to take a few seconds. */
#define RUNTIME_S 0.3
#define RAMP_S 0.1
#define SIZE (8 * ST_MIB)

/* The live machine, probed once for all the runs. */
static struct st_path *live_pc;
static struct st_system *live_sys;

static int setup_live(void **state)
{
	(void)state;
	if (st_path_new(&live_pc, NULL) < 0 || st_probe_run(live_pc, &live_sys) < 0)
		return -1;
	return 0;
}

static int teardown_live(void **state)
{
	st_system_free(live_sys);
	st_path_free(live_pc);
	return st_test_cleanup(state);
}

/* job filled from the named workload, with a run's length set. */
static void job_for(struct st_job *job, const char *name, unsigned jobs)
{
	const struct st_workload_def *w = st_workload_find(name);

	assert_non_null(w);
	memset(job, 0, sizeof(*job));
	job->jobs = jobs;
	st_job_from_workload(job, w);
	job->runtime_s = RUNTIME_S;
	job->ramp_s = RAMP_S;
	job->size = SIZE;
}

static void test_workload_table(void **state)
{
	(void)state;
	assert_true(st_nworkloads >= 9);
	st_test_log_start();
	for (size_t i = 0; i < st_nworkloads; i++) {
		const struct st_workload_def *w = &st_workloads[i];
		enum st_ioengine_id want;
		struct st_job job;

		assert_ptr_equal(st_workload_find(w->name), w); /* names are unique */
		assert_true(w->summary && *w->summary);
		job_for(&job, w->name, 0);
		assert_string_equal(job.workload, w->name);
		assert_int_equal(job.jobs, 1); /* 0 reads as one process */
		assert_int_equal(st_job_check(&job), 0);
		want = w->rw == ST_RW_APPEND ? ST_IOENGINE_APPEND : w->qd == 1 ? ST_IOENGINE_PSYNC : ST_IOENGINE_URING;
		assert_int_equal(job.engine, want);
		assert_int_equal(job.layout, w->rw != ST_RW_APPEND);
		/* direct I/O neither reads nor leaves anything in the page cache */
		if (w->direct)
			assert_false(job.drop_cache || job.settle);
		st_job_clear(&job);
		assert_null(job.workload);
	}
	assert_string_equal(st_test_log_text(), "");
	st_test_log_stop();
}

/* The workloads whose engine or flags the report depends on. */
static void test_workload_choices(void **state)
{
	static const struct {
		const char *name;
		const char *engine;
		bool drop_cache, settle, layout;
		double ramp_s;
	} cases[] = {
		{ "randread-4k-qd1", "psync", false, false, true, RAMP_S },
		{ "randread-4k-qd32", "io_uring", false, false, true, RAMP_S },
		{ "randwrite-4k-qd1", "psync", false, false, true, RAMP_S },
		{ "seqread-1m", "psync", false, false, true, RAMP_S },
		{ "seqread-64k", "psync", true, false, true, RAMP_S },
		{ "fsync-append-128", "append", false, true, false, RAMP_S },
		{ "buffered-burst", "psync", false, true, true, 0 }, /* a ramp would eat the pass */
	};

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(cases); i++) {
		struct st_job job;

		job_for(&job, cases[i].name, 1);
		assert_int_equal(st_job_check(&job), 0);
		assert_string_equal(st_ioengine_name(job.engine), cases[i].engine);
		assert_int_equal(job.drop_cache, cases[i].drop_cache);
		assert_int_equal(job.settle, cases[i].settle);
		assert_int_equal(job.layout, cases[i].layout);
		assert_true(job.ramp_s == cases[i].ramp_s);
		st_job_clear(&job);
	}

	assert_null(st_workload_find("no-such-workload"));
	assert_null(st_workload_find("randread-4k")); /* a prefix is not a name */
	assert_null(st_workload_find(""));
}

static void test_job_check_errors(void **state)
{
	static const struct {
		enum st_rw rw;
		uint64_t bs;
		unsigned qd;
		bool direct;
		enum st_sync sync;
		unsigned jobs;
		double runtime_s, ramp_s;
		bool burst;
		const char *msg;
	} cases[] = {
		{ ST_RW_RANDREAD, 0, 1, false, ST_SYNC_NONE, 1, 1, 0, false,
		  "--bs 0: must be 1 byte to 64 MiB" },
		{ ST_RW_RANDREAD, 64 * ST_MIB + 512, 1, true, ST_SYNC_NONE, 1, 1, 0, false,
		  "--bs 67109376: must be 1 byte to 64 MiB" },
		{ ST_RW_RANDREAD, 4096, 0, true, ST_SYNC_NONE, 1, 1, 0, false, "--qd 0: must be 1 to 256" },
		{ ST_RW_RANDREAD, 4096, 257, true, ST_SYNC_NONE, 1, 1, 0, false,
		  "--qd 257: must be 1 to 256" },
		{ ST_RW_RANDREAD, 100, 1, true, ST_SYNC_NONE, 1, 1, 0, false,
		  "--bs 100: O_DIRECT needs a multiple of the logical block size (512 or 4096)" },
		{ ST_RW_APPEND, 4096, 1, true, ST_SYNC_FSYNC, 1, 1, 0, false,
		  "--rw append: O_DIRECT appends are not supported (--direct 0)" },
		{ ST_RW_APPEND, 128, 4, false, ST_SYNC_FSYNC, 1, 1, 0, false,
		  "--rw append: each process appends one record at a time (--qd 1; use --jobs)" },
		{ ST_RW_RANDWRITE, 4096, 1, true, ST_SYNC_NONE, 2, 1, 0, false,
		  "--jobs 2: only --rw append runs several processes" },
		{ ST_RW_APPEND, 128, 1, false, ST_SYNC_FSYNC, 0, 1, 0, false, "--jobs 0: must be 1 to 64" },
		{ ST_RW_APPEND, 128, 1, false, ST_SYNC_FSYNC, 65, 1, 0, false, "--jobs 65: must be 1 to 64" },
		{ ST_RW_READ, 4096, 1, true, ST_SYNC_FSYNC, 1, 1, 0, false,
		  "--fsync: only writes are synced (--rw read)" },
		{ ST_RW_RANDREAD, 4096, 32, true, ST_SYNC_FDATASYNC, 1, 1, 0, false,
		  "--fsync: only writes are synced (--rw randread)" },
		{ ST_RW_RANDREAD, 4096, 1, true, ST_SYNC_NONE, 1, 0, 0, false,
		  "--runtime 0: must be more than 0 and at most a day" },
		{ ST_RW_RANDREAD, 4096, 1, true, ST_SYNC_NONE, 1, NAN, 0, false,
		  "--runtime nan: must be more than 0 and at most a day" },
		{ ST_RW_RANDREAD, 4096, 1, true, ST_SYNC_NONE, 1, 86401, 0, false,
		  "--runtime 86401: must be more than 0 and at most a day" },
		{ ST_RW_RANDREAD, 4096, 1, true, ST_SYNC_NONE, 1, 1, -1, false,
		  "--ramp -1: must be 0 to 3600 seconds" },
		{ ST_RW_RANDWRITE, ST_MIB, 1, false, ST_SYNC_NONE, 1, 1, 0, true,
		  "buffered-burst: sequential writes only" },
	};

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(cases); i++) {
		struct st_job job = {
			.rw = cases[i].rw, .bs = cases[i].bs, .qd = cases[i].qd,
			.direct = cases[i].direct, .sync = cases[i].sync, .jobs = cases[i].jobs,
			.runtime_s = cases[i].runtime_s, .ramp_s = cases[i].ramp_s,
			.burst = cases[i].burst,
		};
		char *want = st_xasprintf("%s\n", cases[i].msg);

		st_test_log_start();
		assert_int_equal(st_job_check(&job), -EINVAL);
		assert_string_equal(st_test_log_text(), want);
		st_test_log_stop();
		free(want);
	}
}

static void test_offsets_random(void **state)
{
	const uint64_t bs = 4096, size = 256 * bs + 100; /* a partial block is never used */
	const unsigned draws = 100000;
	struct st_job job = { .rw = ST_RW_RANDWRITE, .bs = bs };
	struct st_offsets o, again;
	unsigned hits[256] = { 0 }, min = UINT_MAX, max = 0;

	(void)state;
	st_offsets_init(&o, &job, size, 7);
	st_offsets_init(&again, &job, size, 7);
	for (unsigned i = 0; i < draws; i++) {
		uint64_t off = st_offsets_next(&o);

		assert_int_equal(off % bs, 0);
		assert_true(off + bs <= size);
		assert_int_equal(st_offsets_next(&again), off); /* a seed gives one sequence */
		hits[off / bs]++;
	}
	/* uniform: 390 a block on average; 30% off is about 6 standard deviations */
	for (unsigned b = 0; b < 256; b++) {
		min = hits[b] < min ? hits[b] : min;
		max = hits[b] > max ? hits[b] : max;
	}
	assert_true(min > draws / 256 * 7 / 10);
	assert_true(max < draws / 256 * 13 / 10);

	/* a 1 TiB file: offsets reach its far end, not only the first 4 GiB */
	job.rw = ST_RW_RANDREAD;
	st_offsets_init(&o, &job, 1ull << 40, 8);
	max = 0;
	for (unsigned i = 0; i < draws; i++) {
		uint64_t off = st_offsets_next(&o);

		assert_int_equal(off % bs, 0);
		assert_true(off + bs <= 1ull << 40);
		max += off >= 1ull << 39;
	}
	assert_true(max > draws / 3);

	/* a file smaller than one block: the one offset there is */
	st_offsets_init(&o, &job, 100, 9);
	for (unsigned i = 0; i < 100; i++)
		assert_int_equal(st_offsets_next(&o), 0);
}

static void test_offsets_sequential(void **state)
{
	static const enum st_rw rws[] = { ST_RW_READ, ST_RW_WRITE };
	const uint64_t bs = 64 * ST_KIB, size = 3 * bs + 4096;

	(void)state;
	for (size_t k = 0; k < ST_ARRAY_SIZE(rws); k++) {
		struct st_job job = { .rw = rws[k], .bs = bs };
		struct st_offsets o;

		st_offsets_init(&o, &job, size, 1);
		for (unsigned i = 0; i < 10; i++)
			assert_int_equal(st_offsets_next(&o), (i % 3) * bs);
	}
}

static void test_io_buffer(void **state)
{
	static const uint64_t sizes[] = { 128, 4096, 4097, ST_MIB };

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(sizes); i++) {
		unsigned char *a = st_io_buffer(sizes[i], 1), *b = st_io_buffer(sizes[i], 2);
		size_t zeros = 0;

		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal((uintptr_t)a % 4096, 0);
		assert_int_equal((uintptr_t)b % 4096, 0);
		for (size_t j = 0; j < sizes[i]; j++)
			zeros += a[j] == 0;
		assert_true(zeros < sizes[i] / 16); /* random bytes: 1 in 256 is zero */
		assert_memory_not_equal(a, b, sizes[i]); /* seeds differ: buffers differ */
		free(a);
		free(b);
	}
}

/* Removes dir, which must be empty: nothing was left in it. */
static void rmdir_empty(char *dir)
{
	assert_int_equal(rmdir(dir), 0);
	st_test_rmtree(dir);
}

static void test_prepare_errors(void **state)
{
	struct st_bench_ctx ctx = { .pc = live_pc, .sys = live_sys };
	char *dir = st_test_mkdtemp(), *file = st_xasprintf("%s/file", dir);
	char *missing = st_xasprintf("%s/missing", dir);
	const struct {
		const char *target;
		uint64_t size;
		int rc;
		const char *msg_start;
	} cases[] = {
		{ "/dev/null", SIZE, -EINVAL, "/dev/null: is a device" },
		{ file, SIZE, -ENOTDIR, "not a directory" },
		{ missing, SIZE, -ENOENT, strerror(ENOENT) },
		{ dir, 16 * ST_KIB, -EINVAL, "--size 16384: smaller than --bs times --qd" },
	};

	(void)state;
	st_test_write(dir, "file", "x", 1);
	for (size_t i = 0; i < ST_ARRAY_SIZE(cases); i++) {
		struct st_scratch *s = (struct st_scratch *)(void *)1;
		struct st_job job;

		job_for(&job, "randread-4k-qd32", 1);
		job.size = cases[i].size;
		assert_int_equal(st_job_check(&job), 0);
		st_test_log_start();
		assert_int_equal(st_bench_prepare(&ctx, cases[i].target, &job, &s), cases[i].rc);
		assert_null(s);
		assert_non_null(strstr(st_test_log_text(), cases[i].msg_start));
		st_test_log_stop();
		st_job_clear(&job);
	}
	assert_int_equal(unlink(file), 0);
	rmdir_empty(dir);
	free(missing);
	free(file);
}

/* What the progress callback saw, and the scratch file's largest size
 * then (the fd is the runner's). */
struct progress {
	unsigned calls;
	double last_s, total_s;
	int fd;
	uint64_t max_size;
};

static void sample_size(struct progress *p)
{
	struct stat st;

	assert_int_equal(fstat(p->fd, &st), 0);
	if ((uint64_t)st.st_size > p->max_size)
		p->max_size = (uint64_t)st.st_size;
}

static void on_progress(void *data, double elapsed_s, double total_s, double iops)
{
	struct progress *p = data;

	assert_true(elapsed_s >= p->last_s);
	assert_true(iops >= 0);
	p->last_s = elapsed_s;
	p->total_s = total_s;
	p->calls++;
	sample_size(p);
}

/* A named workload; bs and size, when not 0, make it a custom job. */
struct run_case {
	const char *workload;
	unsigned jobs;
	uint64_t bs, size;
};

static void assert_near(double got, double want, double rel)
{
	if (!(fabs(got - want) <= rel * want))
		fail_msg("%g is not within %g%% of %g", got, rel * 100, want);
}

/* The figures of a result agree with each other and with the job. */
static void check_result(const struct st_bench_result *res, const struct st_job *job, const char *dir)
{
	const struct st_hist *lat = res->lat;
	uint64_t p50 = st_hist_percentile(lat, 50), p90 = st_hist_percentile(lat, 90);
	uint64_t p99 = st_hist_percentile(lat, 99);
	uint64_t bytes = res->ios * job->bs;

	assert_string_equal(res->job.workload, job->workload);
	assert_string_equal(res->target, dir);
	assert_true(res->tmpfile);
	assert_non_null(res->fstype); /* the mount of /tmp was found */
	assert_true(res->ios > 0);
	assert_true(res->iops > 0);
	if (job->burst) /* one pass over the file */
		assert_int_equal(res->ios, job->size / job->bs);
	assert_near(res->iops * res->runtime_s, (double)res->ios, 1e-9);
	assert_near(res->mbps * res->runtime_s * 1e6, (double)bytes, 1e-9);

	assert_int_equal(lat->n, res->ios);
	assert_true(lat->min > 0);
	assert_true(lat->min <= p50);
	assert_true(p50 <= p90);
	assert_true(p90 <= p99);
	assert_true(p99 <= lat->max);
	assert_true(res->cpu_per_io_us > 0);
	assert_true(res->cpu_user_s >= 0 && res->cpu_sys_s >= 0);

	if (st_rw_writes(job->rw)) {
		assert_int_equal(res->write_bytes, bytes);
		assert_int_equal(res->read_bytes, 0);
	} else {
		assert_int_equal(res->read_bytes, bytes);
		assert_int_equal(res->write_bytes, 0);
	}
	assert_int_equal(res->syncs, job->sync != ST_SYNC_NONE ? res->ios : 0);
	if (job->burst)
		assert_true(res->dirty_limit > 0);
}

/*
 * Against /proc/diskstats: O_DIRECT I/O at queue depth 1 cannot be served
 * from the cache or merged, so each reaches the device (other activity on
 * the machine only adds); a settled buffered write has been written.
 */
static void check_physical(const struct st_bench_result *res, const struct st_job *job)
{
	const struct st_physical *p = &res->phys;

	if (!p->known)
		return;
	assert_non_null(res->devices);
	assert_non_null(res->devices[0]);
	if (job->direct && job->qd == 1 && job->rw == ST_RW_RANDREAD)
		assert_true((double)p->read_ios >= (double)res->ios * 0.9);
	if (job->direct && job->qd == 1 && job->rw == ST_RW_RANDWRITE)
		assert_true((double)p->write_ios >= (double)res->ios * 0.9);
	/* buffered reads from a cold cache, dropped again at each pass */
	if (job->drop_cache)
		assert_true((double)p->read_bytes >= (double)res->read_bytes * 0.9);
	if (job->settle) {
		assert_true(p->write_bytes >= res->write_bytes);
		assert_true(p->write_bytes_run <= p->write_bytes);
		assert_true(p->write_amplification >= 1);
	}
}

/*
 * The measured time is the requested one: it divides the counts.  A burst
 * is one pass over the file, done well before the time is up.
 * (The append engine's parent once slept a whole progress tick past the
 * end, which made its runtime 0.5 s for 0.3 s.)
 */
static void check_runtime(double runtime_s, const struct st_job *job)
{
	if (job->burst)
		assert_true(runtime_s > 0 && runtime_s <= job->runtime_s);
	else
		assert_near(runtime_s, job->runtime_s, 0.2);
}

/*
 * No run makes the scratch file larger than its size: that is what the
 * free space was checked against (twice the size).
 * (Appending writers once checked only every 1024 writes, whatever the
 * record size: 64 MiB for this 1 MiB file.)
 */
static void check_size(uint64_t max_size, const struct st_job *job)
{
	if (max_size > job->size)
		fail_msg("the scratch file grew to %llu bytes, its size is %llu",
			 (unsigned long long)max_size, (unsigned long long)job->size);
}

static void test_run(void **state)
{
	const struct run_case *rc = *state;
	struct progress prog = { 0 };
	struct st_bench_ctx ctx = {
		.pc = live_pc, .sys = live_sys, .progress = on_progress, .progress_data = &prog,
	};
	struct st_bench_result *res = NULL;
	struct st_scratch *scratch = NULL;
	char *dir = st_test_mkdtemp();
	struct st_job job;
	double runtime_s;

	job_for(&job, rc->workload, rc->jobs);
	if (rc->bs) {
		st_job_clear(&job);
		job.workload = st_xstrdup("custom");
		job.bs = rc->bs;
		job.size = rc->size;
	}
	assert_int_equal(st_job_check(&job), 0);
	st_test_log_start();
	assert_int_equal(st_bench_prepare(&ctx, dir, &job, &scratch), 0);
	assert_non_null(scratch);
	prog.fd = scratch->fd;
	if (job.direct && st_scratch_set_direct(scratch, true) < 0) {
		/* the filesystem of /tmp has no O_DIRECT */
		st_test_log_stop();
		st_scratch_free(scratch);
		st_job_clear(&job);
		st_test_rmtree(dir);
		skip();
	}
	assert_int_equal(st_bench_run(&ctx, scratch, &job, &res), 0);
	assert_string_equal(st_test_log_text(), "");
	st_test_log_stop();
	assert_non_null(res);

	check_result(res, &job, dir);
	check_physical(res, &job);
	assert_true(prog.calls > 0);
	assert_true(prog.total_s == job.ramp_s + job.runtime_s);
	sample_size(&prog);
	runtime_s = res->runtime_s;

	st_bench_result_free(res);
	st_scratch_free(scratch);
	rmdir_empty(dir);
	st_job_clear(&job);
	/* last, with nothing left to free */
	check_size(prog.max_size, &job);
	check_runtime(runtime_s, &job);
}

/* Two snapshots of two devices, 2 s apart (sda ends on a 4.19 kernel's
 * layout, no flushes), and a third device not counted. */
static const struct st_dstat phys_a[] = {
	{ .major = 8, .minor = 0, .name = "sda", .nstats = 17, .rd_ios = 10, .rd_sectors = 80,
	  .wr_ios = 5, .wr_sectors = 40, .rd_merges = 1, .weighted_ms = 100, .fl_ios = 3 },
	{ .major = 8, .minor = 16, .name = "sdb", .nstats = 17, .wr_ios = 1000, .wr_sectors = 8000,
	  .weighted_ms = 5000, .fl_ios = 7 },
	{ .major = 8, .minor = 32, .name = "sdc", .nstats = 17, .rd_ios = 1, .weighted_ms = 1 },
};
static const struct st_dstat phys_b[] = {
	{ .major = 8, .minor = 0, .name = "sda", .nstats = 15, .rd_ios = 110, .rd_sectors = 880,
	  .wr_ios = 105, .wr_sectors = 840, .rd_merges = 4, .weighted_ms = 1100, .fl_ios = 3 },
	{ .major = 8, .minor = 16, .name = "sdb", .nstats = 17, .wr_ios = 1200, .wr_sectors = 9600,
	  .wr_merges = 6, .weighted_ms = 8000, .fl_ios = 17 },
	{ .major = 8, .minor = 32, .name = "sdc", .nstats = 17, .rd_ios = 9001, .weighted_ms = 90001 },
};

/*
 * The physical figures are the devices' differences summed, and the average
 * queue is what iostat's formula gives for that sum: bench computes no
 * aqu-sz of its own (a replaced one comes through as it is).
 */
static void test_physical(void **state)
{
	struct st_diskstats d0 = { (struct st_dstat *)phys_a, ST_ARRAY_SIZE(phys_a) };
	struct st_diskstats d1 = { (struct st_dstat *)phys_b, ST_ARRAY_SIZE(phys_b) };
	char *devices[] = { "sda", "sdb", NULL }, *gone[] = { "sda", "sdz", NULL };
	struct st_physical p;

	(void)state;
	memset(&iostat_wrap, 0, sizeof(iostat_wrap));
	iostat_wrap.aqu_sz = NAN;
	st_bench_physical(&d0, &d1, devices, 2.0, &p);
	assert_true(p.known);
	assert_int_equal(p.read_bytes, 800 * ST_SECTOR);
	assert_int_equal(p.write_bytes, (800 + 1600) * ST_SECTOR);
	assert_int_equal(p.read_ios, 100);
	assert_int_equal(p.write_ios, 300);
	assert_int_equal(p.merges, 3 + 6);
	assert_int_equal(p.flushes, 10);
	assert_false(p.flushes_known); /* sda's kernel does not count them */
	assert_int_equal(p.avg_request_bytes, 3200 * ST_SECTOR / 400);
	assert_true(isnan(p.write_amplification)); /* the runner's, with the logical bytes */
	/* (1000 + 3000) weighted ms over 2000 ms, by one call on the sum */
	assert_true(fabs(p.aqu_sz - 2.0) < 1e-12);
	assert_int_equal(iostat_wrap.calls, 1);
	assert_int_equal(iostat_wrap.delta.weighted_ms, 4000);
	assert_int_equal(iostat_wrap.delta.wr_ios, 300);
	assert_true(iostat_wrap.seconds == 2.0);

	iostat_wrap.aqu_sz = 7.25;
	st_bench_physical(&d0, &d1, devices, 2.0, &p);
	assert_true(p.aqu_sz == 7.25);
	iostat_wrap.aqu_sz = NAN;

	/* no interval: iostat's zero, as before */
	st_bench_physical(&d0, &d1, devices, 0, &p);
	assert_true(p.known && p.aqu_sz == 0);

	/* a device missing from a snapshot, or no snapshot: not known */
	iostat_wrap.calls = 0;
	st_bench_physical(&d0, &d1, gone, 2.0, &p);
	assert_false(p.known);
	d1.n = 0;
	st_bench_physical(&d0, &d1, devices, 2.0, &p);
	assert_false(p.known);
	assert_true(isnan(p.write_amplification));
	assert_int_equal(iostat_wrap.calls, 0);
}

#define RUN(name, jobs)                                                                            \
	{ "run " name " jobs " #jobs, test_run, NULL, NULL,                                        \
	  (void *)&(const struct run_case){ name, jobs, 0, 0 } }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workload_table),
		cmocka_unit_test(test_workload_choices),
		cmocka_unit_test(test_job_check_errors),
		cmocka_unit_test(test_offsets_random),
		cmocka_unit_test(test_offsets_sequential),
		cmocka_unit_test(test_io_buffer),
		cmocka_unit_test(test_prepare_errors),
		cmocka_unit_test(test_physical),
		RUN("randread-4k-qd1", 1),
		RUN("randread-4k-qd32", 1),
		RUN("randwrite-4k-qd1", 1),
		RUN("seqread-1m", 1),
		RUN("fsync-append-128", 1),
		RUN("fsync-append-128", 3),
		RUN("buffered-burst", 1),
		RUN("seqread-64k", 1),
		{ "run custom append bs 64k size 1m", test_run, NULL, NULL,
		  (void *)&(const struct run_case){ "fsync-append-128", 1, 64 * ST_KIB, ST_MIB } },
	};

	return cmocka_run_group_tests(tests, setup_live, teardown_live);
}
