/*
 * st_observe.h - `stortune observe`: what the machine's storage is doing
 * now, measured rather than declared.
 *
 * The method is that of Directi's "Understanding and Optimizing Disk IO"
 * (st_obs_shape.h): sample /proc/diskstats at an interval, derive iostat's
 * extended figures from the difference of two samples
 * (st_iostat.h: the same formulas as sysstat's `iostat -dx`), and tell
 * random from sequential I/O by the average request size after merging;
 * with the read/write mix and flushes per write that picks the closest
 * workload profile (st_obs_shape.h).
 *
 * Flow (DESIGN.md): samples are read through the rooted path context like
 * every probe (sample.c); the device topology (which rows to show, what a
 * partition rolls up to, what a dm/md device is built on, each device's
 * class) comes from the system model or from a recording (st_obs_topo.h);
 * the observer (observer.c) turns each pair of samples into an interval's
 * rows, pure functions of the two; the loop (observe_run.c) takes the
 * samples and hands each interval to the caller's output hooks;
 * recordings are observe_rec.c's.  Nothing here writes (but a recording)
 * or prints.
 */
#ifndef ST_OBSERVE_H
#define ST_OBSERVE_H

#include <stdio.h>

#include "st_diskstats.h"
#include "st_iostat.h"
#include "st_model.h"
#include "st_obs_shape.h"
#include "st_obs_topo.h"
#include "st_path.h"
#include "stortune.h"

/* Samples (sample.c) ----------------------------------------------------- */

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

/* Intervals (observer.c) ------------------------------------------------ */

/* %util means saturation only where one request at a time is served. */
bool st_obs_util_reliable(enum st_class class);

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

/*
 * How the loop shows what it measured: hooks the caller supplies (the
 * report's, st_report_observe_hooks), so that observe does not depend on
 * how its results are printed.  A NULL hook shows nothing.  Each returns 0
 * or a negative errno, which ends the run (-EIO, a write error: main says
 * so).
 */
struct st_obs_output {
	/* each interval as it ends */
	int (*interval)(void *data, const struct st_obs_interval *iv);
	/* the whole run, when it measured two intervals or more */
	int (*summary)(void *data, const struct st_obs_interval *sum);
	void *data;
};

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
	bool json, live, utf8;   /* how output shows it (the loop reads none of them) */
	bool silent;             /* print nothing (advise --observe) */
	FILE *out;               /* where output prints */
	struct st_obs_output output; /* zeroed: nothing is shown */
	FILE *record;            /* write a recording of the samples here */
	bool want_summary;       /* fill summary (caller frees it) */
	struct st_obs_interval summary;
	unsigned intervals;      /* how many were measured */
};

/*
 * Samples and hands each interval to r->output, then the summary at the
 * end (count reached, recording ended, or SIGINT/SIGTERM); with r->silent
 * neither.  Returns 0 or a negative errno: said, but for an output hook's,
 * which is returned as it came.
 */
int st_observe_run(struct st_obs_run *r);

/* DEVICE arguments into r->want as kernel names: live, any name the probed
 * sys knows (else "no such block device"); replay (sys NULL), as given,
 * without /dev/. */
int st_obs_want(struct st_obs_run *r, const struct st_system *sys, char *const *args, int nargs);

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
