/*
 * st_bench.h - the guided microbenchmark: named workloads, the job they
 * describe, the I/O engines that run a job, and the result of one run.
 *
 * The flow is one way: a job (what to do) -> an engine (only does I/O and
 * timestamps it) -> counters and a latency histogram -> the runner turns
 * them and two /proc/diskstats snapshots into a result -> report_bench
 * prints it.  Nothing here writes to /sys or /proc.
 */
#ifndef ST_BENCH_H
#define ST_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "st_hist.h"
#include "st_path.h"

struct st_diskstats;
struct st_system;

enum st_rw {
	ST_RW_READ,      /* sequential reads, wrapping at the end of the file */
	ST_RW_WRITE,     /* sequential writes */
	ST_RW_RANDREAD,  /* uniformly random, bs-aligned offsets */
	ST_RW_RANDWRITE,
	ST_RW_APPEND,    /* O_APPEND writes by N processes to one file */
	ST_RW_NR
};
extern const char *const st_rw_names[ST_RW_NR + 1]; /* NULL-terminated */
const char *st_rw_name(enum st_rw rw);

enum st_sync {
	ST_SYNC_NONE,
	ST_SYNC_FSYNC,     /* fsync(2) after every write */
	ST_SYNC_FDATASYNC, /* fdatasync(2) after every write */
	ST_SYNC_NR
};
extern const char *const st_sync_names[ST_SYNC_NR + 1];
const char *st_sync_name(enum st_sync s);

enum st_ioengine_id {
	ST_IOENGINE_PSYNC,  /* pread/pwrite, queue depth 1 */
	ST_IOENGINE_URING,  /* io_uring via liburing, queue depth 1..256 */
	ST_IOENGINE_APPEND, /* N processes, write(2) on O_APPEND */
	ST_IOENGINE_NR
};
const char *st_ioengine_name(enum st_ioengine_id e);

#define ST_BENCH_MAX_QD 256
#define ST_BENCH_MAX_JOBS 64

/* What one run does.  A named workload fills it; --workload custom takes
 * it from --bs --qd --rw --direct --fsync. */
struct st_job {
	char *workload;       /* "randread-4k-qd1" or "custom" */
	enum st_rw rw;
	uint64_t bs;          /* bytes per I/O */
	unsigned qd;          /* I/Os in flight */
	bool direct;          /* O_DIRECT */
	enum st_sync sync;
	unsigned jobs;        /* processes (append) */
	enum st_ioengine_id engine;
	double runtime_s;     /* measured time */
	double ramp_s;        /* run before measuring, not counted */
	uint64_t size;        /* scratch file bytes; 0: the default */
	bool layout;          /* write the whole file before the run */
	bool drop_cache;      /* drop the file's cached pages before the run */
	bool settle;          /* fdatasync after the run, counted in physical I/O */
	bool burst;           /* buffered-burst: size checked against the dirty limit */
};

struct st_workload_def {
	const char *name;
	const char *summary; /* one line for `bench --list` and the report */
	enum st_rw rw;
	uint64_t bs;
	unsigned qd;
	bool direct;
	enum st_sync sync;
	bool burst;
};
extern const struct st_workload_def st_workloads[];
extern const size_t st_nworkloads;
const struct st_workload_def *st_workload_find(const char *name);

/* A bench job as the command line asks for it, values converted. */
struct st_job_params {
	const char *workload;    /* NULL: randread-4k-qd1; "custom": the fields below */
	double runtime_s, ramp_s;
	uint64_t size;           /* scratch file bytes; 0: the default */
	unsigned jobs;
	const char *custom_given; /* the first custom-only option given, or NULL */
	enum st_rw rw;
	uint64_t bs;
	unsigned qd;
	int direct;              /* 0, 1, or -1: O_DIRECT unless append */
	enum st_sync sync;
};

/* The job of p: a named workload (unknown: an error with "did you mean"),
 * or custom; then st_job_check().  The caller clears it; on an error it is
 * cleared already. */
int st_job_build(struct st_job *job, const struct st_job_params *p);

/* Fills job from a named workload (runtime, ramp, size left alone). */
void st_job_from_workload(struct st_job *job, const struct st_workload_def *w);
/* Checks a job and picks its engine; messages name the option. */
int st_job_check(struct st_job *job);
void st_job_clear(struct st_job *job);

/* Physical I/O of the devices under the target, from /proc/diskstats deltas
 * over the measured interval (plus the settle step). */
struct st_physical {
	bool known;               /* false: no diskstats line for the device */
	uint64_t read_bytes, write_bytes;
	uint64_t write_bytes_run;   /* written during the timed run, before the settle step */
	uint64_t read_ios, write_ios;
	uint64_t merges;          /* read + write merges */
	uint64_t flushes;         /* flush requests (kernel 5.5+, else 0) */
	bool flushes_known;
	uint64_t avg_request_bytes; /* (read + write bytes) / requests */
	double write_amplification; /* physical / logical bytes written; NAN if none */
	double aqu_sz;             /* weighted ms / interval ms: average queue (st_iostat's) */
};

/*
 * The physical I/O of devices (diskstats names, NULL-terminated) between
 * snapshots d0 and d1, over interval_s seconds.  Not known (p->known false)
 * when either snapshot is empty or lacks one of the devices.
 */
void st_bench_physical(const struct st_diskstats *d0, const struct st_diskstats *d1, char *const *devices,
		       double interval_s, struct st_physical *p);

/* One point of a run's time series: the I/Os completed in about a second
 * of the measured interval. */
struct st_bench_sample {
	double t_s;            /* the point's end, seconds after the ramp */
	double iops, mbps;     /* over the point's interval; MB/s in 10^6 bytes */
	double lat_mean_us;    /* NAN when no I/O completed in it */
	double lat_p99_us;     /* nearest rank, as a bucket midpoint; NAN likewise */
};

/* Seconds per point of the series: 60 points for a 60 s run keep a report
 * small (issue 19: under 200 KB), and a second is iostat's usual interval. */
#define ST_BENCH_SERIES_S 1.0

struct st_bench_result {
	struct st_job job;
	char *target;          /* the directory */
	char **devices;        /* diskstats names counted, NULL-terminated */
	char *fstype;
	bool tmpfile;          /* the scratch file had no name */
	double runtime_s;      /* measured, seconds */
	uint64_t ios;          /* completed, measured */
	uint64_t read_bytes, write_bytes; /* logical, measured */
	uint64_t syncs;        /* fsync/fdatasync calls, measured */
	double iops;
	double mbps;           /* 10^6 bytes/s */
	struct st_hist *lat;   /* ns, per I/O (a write and its sync are one) */
	double cpu_user_s, cpu_sys_s;
	double cpu_per_io_us;
	struct st_physical phys;
	uint64_t dirty_limit;  /* bytes; burst: the dirty threshold it was sized against */
	struct st_bench_sample *series; /* in time order */
	size_t nseries;
};
void st_bench_result_free(struct st_bench_result *r);

/* Progress: called about 4 times a second while a run goes on. */
typedef void (*st_bench_progress_fn)(void *data, double elapsed_s, double total_s, double iops);

struct st_bench_ctx {
	struct st_path *pc;            /* for /proc/diskstats and /proc/meminfo */
	const struct st_system *sys;   /* to find the devices under the target */
	st_bench_progress_fn progress; /* NULL: silent */
	void *progress_data;
};

struct st_scratch;

/* Resolves target (a directory, or a file whose directory is used) and
 * creates the scratch file for job: sized job->size or the default, laid
 * out if the job reads.  The caller frees it with st_scratch_free. */
int st_bench_prepare(const struct st_bench_ctx *ctx, const char *target, struct st_job *job,
		     struct st_scratch **scratch);
/* The kernel's dirty threshold, roughly, in bytes: vm.dirty_bytes, or
 * vm.dirty_ratio percent of MemAvailable.  0: unknown. */
uint64_t st_bench_dirty_limit(const struct st_system *sys);
/* Runs job on the prepared scratch file. */
int st_bench_run(const struct st_bench_ctx *ctx, struct st_scratch *scratch, const struct st_job *job,
		 struct st_bench_result **out);

/*
 * The engines.  An engine only does I/O: it issues the job's I/O until
 * `end`, timestamps each, and counts what completed after `ramp_end`.  It
 * calls mark() once when the ramp ends, so the runner can take its
 * snapshots there, and tick() about 4 times a second.
 */
struct st_io {
	const struct st_job *job;
	struct st_scratch *scratch;
	int fd;                 /* opened for this run with the job's flags */
	uint64_t file_size;     /* bytes the offsets cover */
	uint64_t ramp_end_ns, end_ns; /* CLOCK_MONOTONIC */
	uint64_t seed;
	/* out, counted after ramp_end */
	struct st_hist *lat;
	uint64_t ios, bytes, syncs;
	double cpu_user_s, cpu_sys_s; /* engines that fork fill these */
	bool cpu_done;
	/* engines whose workers keep their own histograms (append) merge
	 * them into this before each tick, when it is set, for the runner's
	 * per-second series; the others' lat is current at every tick */
	struct st_hist *live_lat;
	void (*mark)(struct st_io *io);
	void (*tick)(struct st_io *io, uint64_t now_ns, uint64_t ios);
	void *data;
};

struct st_ioengine_ops {
	const char *name;
	int (*run)(struct st_io *io);
};
extern const struct st_ioengine_ops *const st_ioengines[ST_IOENGINE_NR];

uint64_t st_now_ns(void);

#endif
