/*
 * st_observe.h - `stortune observe`: what the machine's storage is doing
 * now, measured rather than declared.
 *
 * The method is seed 004's: sample /proc/diskstats at an interval, derive
 * iostat's extended figures from the difference of two samples (the same
 * formulas as sysstat's `iostat -dx`), and tell random from sequential I/O
 * by the average request size after merging: 16 KiB or less random, over
 * 128 KiB sequential, mixed between.  The read/write mix, flushes per
 * write (fsync-heavy or not) and the request size then pick the closest
 * workload profile.
 *
 * Flow (DESIGN.md): samples are read through the rooted path context like
 * every probe; the device topology (which rows to show, what a partition
 * rolls up to, what a dm/md device is built on, each device's class) comes
 * from the system model or from a recording; the figures and the
 * classification are pure functions of two samples.  Nothing here writes.
 */
#ifndef ST_OBSERVE_H
#define ST_OBSERVE_H

#include <stdio.h>

#include "st_diskstats.h"
#include "st_iostat.h"
#include "st_model.h"
#include "st_path.h"
#include "st_rules.h"
#include "stortune.h"

/* Seed 004: "around 16 KB or lesser ... random", "greater than 128 KB ...
 * sequential".  KiB of the average request, reads and writes together. */
#define ST_OBS_RANDOM_MAX_KIB 16.0
#define ST_OBS_SEQUENTIAL_MIN_KIB 128.0
/* Fewer requests a second than this is background noise (journal commits,
 * udev probes, a cron job's reads), not a workload worth tuning for. */
#define ST_OBS_IDLE_IOPS 5.0
/* fsync-heavy: at least this many flushes a second, at least one flush per
 * ST_OBS_FSYNC_WRITES writes, and writes enough to be a workload (at least
 * ST_OBS_IDLE_IOPS a second: a read load's journal commits are not). */
#define ST_OBS_FSYNC_MIN_FS 1.0
#define ST_OBS_FSYNC_WRITES 10.0

/* One reading of everything observe samples. */
struct st_obs_sample {
	double t;                /* seconds on a monotonic clock */
	struct st_diskstats ds;
	bool has_psi;            /* /proc/pressure/io */
	uint64_t psi_some_us, psi_full_us; /* its cumulative total= values */
	bool has_vm;             /* /proc/vmstat */
	uint64_t dirty_kb, writeback_kb;   /* nr_dirty, nr_writeback in KiB */
};

/*
 * Reads proc/diskstats, proc/pressure/io and proc/vmstat through pc and
 * stamps the sample with CLOCK_MONOTONIC.  Only diskstats is required: its
 * error is returned (with a message naming the file); the other two are
 * optional and leave has_psi/has_vm false.
 */
int st_obs_sample_read(struct st_path *pc, struct st_obs_sample *s);
void st_obs_sample_free(struct st_obs_sample *s);

/* What observe needs to know about a device to place and judge its row. */
struct st_obs_dev {
	char *name;
	unsigned maj, min;
	enum st_kind kind;
	enum st_class class;
	char *disk;          /* a partition's whole disk */
	char **slaves;       /* md/dm: the devices it is built on (NULL-terminated) */
	char *backing;       /* a loop device: the device its backing file is on */
	bool write_through;  /* no volatile write cache: the kernel drops flushes */
	bool member;         /* shown under its holder, not as a row of its own */
	bool has_parts;      /* a disk with partitions */
};

struct st_obs_name; /* observe.c: a sorted index by name */

struct st_obs_topo {
	struct st_obs_dev *v;
	size_t n;
	struct st_obs_name *by_name; /* built by st_obs_topo_finish */
};

/* From the probed model. */
void st_obs_topo_from_model(struct st_obs_topo *t, const struct st_system *sys);
/* Adds one device (recordings); call st_obs_topo_finish after the last. */
struct st_obs_dev *st_obs_topo_add(struct st_obs_topo *t, const char *name, unsigned maj,
				   unsigned min);
/* Indexes the devices by name and works out which are members of a stack
 * (shown under it) and which disks have partitions. */
void st_obs_topo_finish(struct st_obs_topo *t);
const struct st_obs_dev *st_obs_topo_find(const struct st_obs_topo *t, const char *name);
void st_obs_topo_free(struct st_obs_topo *t);

/* %util means saturation only where one request at a time is served. */
bool st_obs_util_reliable(enum st_class class);

enum st_obs_pattern { ST_OBS_IDLE, ST_OBS_RANDOM, ST_OBS_MIXED, ST_OBS_SEQUENTIAL };
const char *st_obs_pattern_name(enum st_obs_pattern p);

/* The workload's shape, from one device's (or the sum's) figures. */
struct st_obs_shape {
	enum st_obs_pattern pattern;
	double iops;            /* reads + writes a second (discards and flushes apart) */
	double req_kib;         /* average request, reads and writes */
	double read_pct;        /* reads among reads + writes */
	double f_s;
	int fsync_heavy;        /* tri-state: unknown when flushes are not visible */
};

/* flushes_visible: the kernel reports flushes and the device has a
 * volatile write cache (otherwise fsync sends it none). */
void st_obs_shape_of(const struct st_iostat *io, bool flushes_visible, struct st_obs_shape *out);

/* "random 8 KiB, 72% reads, 31 flushes/s (1 per 4 writes)"; caller frees. */
char *st_obs_evidence(const struct st_obs_shape *sh, const struct st_iostat *io);

/*
 * The profile closest to the shape (see observe.c for the distance), not
 * counting the one named `exclude` (the default profile, which describes
 * no workload).  NULL when idle or there is nothing to choose from.
 * *next is the runner-up (may be NULL).
 */
const struct st_profile *st_obs_suggest(const struct st_profileset *ps, const struct st_obs_shape *sh,
					const char *exclude, const struct st_profile **next);
double st_obs_distance(const struct st_profile *p, const struct st_obs_shape *sh);

/* One row of an interval's table. */
struct st_obs_row {
	char *name;
	char *holder;          /* for a member row: the stacked device above it */
	char *backing;         /* a loop device: where its backing file is */
	enum st_class class;
	bool named;            /* given on the command line */
	bool active;           /* any request this interval */
	struct st_iostat io;
	struct st_obs_shape shape;
	const struct st_profile *suggested;
	bool saturated;
	char *saturation;      /* the evidence, when saturated */
};

struct st_obs_interval {
	unsigned index;        /* 1, 2, ...; 0 for a summary */
	double seconds;
	double since_start;    /* from the baseline sample to the end of this interval */
	struct st_obs_row *rows;
	size_t nrows;
	struct st_iostat overall_io; /* the sum of the top-level rows */
	struct st_obs_shape overall;
	const struct st_profile *suggested, *next;
	bool has_psi;
	double psi_some_pct, psi_full_pct;
	bool has_vm;
	uint64_t dirty_kb, writeback_kb;
	char **events;         /* "loop3 appeared", "sdb is gone", "vda: counters wrapped" */
};

void st_obs_interval_free(struct st_obs_interval *iv);

struct st_observer;

/*
 * want: the devices named on the command line (their rows are always
 * shown, even when idle); none means every device that has done I/O.
 * ps/exclude: for suggestions (ps may be NULL: no suggestions).
 */
struct st_observer *st_observer_new(const struct st_obs_topo *topo, char *const *want, size_t nwant,
				    const struct st_profileset *ps, const char *exclude);
void st_observer_free(struct st_observer *o);
/* Replaces the topology (after devices came or went); o keeps a pointer. */
void st_observer_set_topo(struct st_observer *o, const struct st_obs_topo *topo);

/*
 * Takes the next sample (o copies what it needs).  The first only sets the
 * baseline and returns 0; later ones fill *out and return 1.  A sample
 * taken no later than the previous one is an error (-EINVAL).
 * *topo_stale is set when a device appeared that the topology lacks.
 */
int st_observer_feed(struct st_observer *o, const struct st_obs_sample *s, struct st_obs_interval *out,
		     bool *topo_stale);

/* The whole run so far as one interval (index 0); 0 if no interval yet. */
int st_observer_summary(const struct st_observer *o, struct st_obs_interval *out);

/* The sampling loop (observe_run.c) ------------------------------------- */

struct st_obs_run {
	struct st_path *pc;      /* live sampling; NULL with replay */
	const struct st_system *sys; /* live: the model already probed, or NULL:
				      * probe after the baseline sample */
	const struct st_obs_recording *replay; /* or samples from a recording */
	char **want;             /* kernel names of the devices asked for */
	size_t nwant;
	const struct st_profileset *ps;
	const char *exclude;     /* the default profile: never suggested */
	double interval;         /* seconds between samples (live) */
	long count;              /* intervals; 0: until interrupted or the recording ends */
	bool json, live, utf8;
	bool silent;             /* print nothing (advise --observe) */
	FILE *out;
	FILE *record;            /* write a recording of the samples here */
	bool want_summary;       /* fill summary (caller frees it) */
	struct st_obs_interval summary;
	unsigned intervals;      /* how many were measured */
};

/*
 * Samples, prints each interval and, in text mode, a summary at the end
 * (count reached, recording ended, or SIGINT/SIGTERM).  Returns 0 or a
 * negative errno, said.
 */
int st_observe_run(struct st_obs_run *r);

/* Recordings ------------------------------------------------------------- */

/*
 * A recording holds a topology and a sequence of samples, as text:
 *
 *   # comments anywhere
 *   stortune-observe-recording 1
 *   dev NAME MAJ:MIN KIND CLASS [disk=PARENT] [slaves=A,B] [backing=DEV] [write-through]
 *   @ SECONDS
 *   psi SOME_TOTAL_US FULL_TOTAL_US
 *   vm DIRTY_KB WRITEBACK_KB
 *   <diskstats lines, as the kernel prints them>
 *
 * `dev` lines come before the first `@`; each `@` starts a sample.
 */
struct st_obs_recording {
	struct st_obs_topo topo;
	struct st_obs_sample *samples;
	size_t n;
};

/* Every error names file:line; all or nothing (-EINVAL, *r left empty). */
int st_obs_recording_parse(const char *text, size_t len, const char *file, struct st_obs_recording *r);
int st_obs_recording_load(const char *path, struct st_obs_recording *r);
void st_obs_recording_free(struct st_obs_recording *r);

void st_obs_recording_write_topo(FILE *out, const struct st_obs_topo *t);
/* The devices of t only, so a recording stays about the machine's disks. */
void st_obs_recording_write_sample(FILE *out, const struct st_obs_sample *s, const struct st_obs_topo *t);

#endif
