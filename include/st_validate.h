/*
 * st_validate.h - A/B validation of applied changes (apply --validate) and
 * of the machine's noise (bench --ab, an A/A test).
 *
 * Each group is the changes to one target that share a validate workload.
 * Its trials run in randomized blocks (A then B, or B then A, by a coin
 * flip per block: Abedi & Brecht, ICPE 2017); the first block is
 * discarded.  The verdict comes from the ratio of the medians and an exact
 * Mann-Whitney p-value, with the CI of the ratio that the same test inverts
 * to, and the smallest effect the trials could have detected is reported
 * with it.
 *
 * With --detect or --budget the number of trials is not fixed: after the
 * minimum, a block at a time is added until the requested effect is
 * detectable, the budget is spent or ST_AB_MAX_TRIALS is reached, each
 * look held to the group-sequential boundary of st_seq_look (st_stats.h:
 * Lan-DeMets O'Brien-Fleming spending on the Mann-Whitney test), so that
 * looking after every block keeps the false-positive rate at ST_AB_ALPHA.
 * The benchmark thread is pinned to one CPU while the trials run, and the
 * scratch file's cached pages are dropped before every block.  /proc/diskstats tells
 * whether the setting acted at all (the mechanism), which timing noise
 * cannot hide.
 */
#ifndef ST_VALIDATE_H
#define ST_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "st_apply.h"
#include "st_bench.h"

/* Significance level of the verdict (two-sided). */
#define ST_AB_ALPHA 0.05
/* Most measured trials per arm of a sequential run (--trials' maximum too) */
#define ST_AB_MAX_TRIALS 100
/* --detect's default when only --budget is given: 10%, the size of effect a
 * tuning change is usually worth keeping for */
#define ST_AB_DETECT_DEFAULT 0.10

struct st_ab_params {
	unsigned trials;    /* measured trials per arm (the first block is extra) */
	double runtime_s;   /* per trial */
	double ramp_s;
	uint64_t size;      /* scratch bytes; 0: the bench default */
	const char *target; /* directory for system-wide changes; NULL: none */
	uint64_t seed;      /* trial order; printed so a run can be repeated */
	double detect;      /* requested relative effect (0.10); 0: fixed design */
	double budget_s;    /* wall-time budget of a group's trials; 0: none */
};

/* sequential: trials added until one of these */
enum st_ab_stop {
	ST_AB_STOP_FIXED,      /* the fixed number of trials (no --detect, --budget) */
	ST_AB_STOP_DETECTABLE, /* the requested effect became detectable, or one was found */
	ST_AB_STOP_BUDGET,
	ST_AB_STOP_MAX_TRIALS,
	ST_AB_STOP_NR
};
const char *st_ab_stop_name(enum st_ab_stop s);

/* One trial as it ran, the discarded warm-up block's included. */
struct st_ab_trial {
	unsigned order, block;
	int arm;        /* 0 A, 1 B */
	bool kept;
	double value;   /* the metric */
	bool mech_known;
	/* /proc/diskstats deltas of the trial's devices: bytes, requests, flushes */
	uint64_t read_bytes, write_bytes, ios, flushes;
};

enum st_verdict {
	ST_VERDICT_IMPROVED,
	ST_VERDICT_NONE,      /* no detectable change */
	ST_VERDICT_REGRESSED, /* rolled back */
	ST_VERDICT_SKIPPED,   /* not measured: note says why */
	ST_VERDICT_NR
};
const char *st_verdict_name(enum st_verdict v);

struct st_ab_arm {
	double *v;                 /* the metric of each kept trial */
	struct st_physical phys;   /* summed over kept trials */
	uint64_t ios, syncs, read_bytes, write_bytes;
};

struct st_ab_group {
	char *target;        /* "loop0", "system", "/srv" */
	char *workload;
	char *dir;           /* where the scratch file goes; NULL: skipped */
	size_t *items;       /* indices into the apply's items */
	size_t nitems;
	char *knobs;         /* "queue/read_ahead_kb"; several: joined with ", " */
	char *a, *b;         /* the values, joined the same way */
	unsigned mechs;      /* bit per enum st_mech */
	const char *metric;  /* "IOPS" or "MB/s" */
	unsigned n;          /* kept trials per arm */
	struct st_ab_arm arm[2]; /* [0] A, [1] B */
	double ratio;        /* median(B) / median(A) */
	double p;            /* exact Mann-Whitney, two-sided */
	double ci_lo, ci_hi; /* 95% CI of the ratio (st_rank_ratio_ci at the verdict's level);
			      * NAN when the trials are too few to bound it */
	double cv;           /* of A's trials */
	double spread;       /* sequential: st_pooled_spread of both arms; the detectable
			      * effect and the stopping rule use it; else cv */
	double detectable;   /* 2.8 * sqrt(2) * cv / sqrt(n); sequential: at the last look's level */
	double level;        /* sequential: the nominal level the last look held p to; 0: ST_AB_ALPHA */
	struct st_ab_trial *trials;
	size_t ntrials;
	enum st_ab_stop stopped;
	double elapsed_s;    /* wall time of the trials */
	enum st_verdict verdict;
	char *mechanism;     /* what diskstats showed, A -> B */
	int mechanism_seen;  /* tri-state: -1 nothing to look for */
	char *note;          /* why skipped, or what went wrong */
};

struct st_validation {
	struct st_ab_params params;
	struct st_ab_group *g;
	size_t n;
	size_t nrolled;
	char **unvalidated; /* "sda queue/iosched/read_expire: its rule names no workload" */
};
void st_validation_free(struct st_validation *v);

/* apply --validate: st_apply_opts.validate with data pointing at this. */
struct st_validate_run {
	const struct st_bench_ctx *bench;
	struct st_ab_params params;
	bool keep;                 /* false (bench --ab): undo every change after */
	struct st_validation *out; /* set by st_validate_apply */
};
int st_validate_apply(void *data, struct st_apply_ctl *ctl);

/* bench --ab without settings: A and B are the same; shows the noise. */
int st_validate_aa(const struct st_bench_ctx *ctx, const char *dir, const char *workload,
		   const struct st_ab_params *p, struct st_validation **out);

/*
 * The pure part: ratio, p, CI, CV, detectable effect and verdict of a
 * group whose arms are measured.  Reads g->n, g->arm[].v (left as they
 * are) and g->level; sets the fields above.  The verdict is p's (p <
 * g->level, or ST_AB_ALPHA when it is 0); the CI inverts the same test at
 * the same level, so it leaves 1 out exactly when there is a verdict (1 may
 * be an end when trials tie), and the side of 1 it is on is the verdict's
 * direction (the ratio's when there is no CI); the detectable effect is
 * reported, not used.  tests/test_validate.c.
 */
void st_ab_decide(struct st_ab_group *g);
/* The verdict in one line of words, from the fields st_ab_decide sets
 * ("B is 19.6% faster (95% CI +14.1% .. +25.3%; p 0.004)"); the caller
 * frees it. */
char *st_ab_verdict_text(const struct st_ab_group *g);

#endif
