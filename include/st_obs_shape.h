/*
 * st_obs_shape.h - the shape of a workload as observe sees it, and the
 * profile closest to it (shape.c).  The method of Directi's "Understanding
 * and Optimizing Disk IO" (Directi Tech University wiki, 2011,
 * http://careers.directi.com/display/tu/Understanding+and+Optimizing+Disk+IO):
 * random or sequential by the average request size after merging (16 KiB
 * or less random, over 128 KiB sequential, mixed between); with it the read
 * share and flushes per write (fsync-heavy or not) pick the closest
 * workload profile.  Pure functions of one device's (or the sum's) iostat
 * figures.
 */
#ifndef ST_OBS_SHAPE_H
#define ST_OBS_SHAPE_H

#include "st_iostat.h"
#include "stortune.h"

struct st_profile;
struct st_profileset;

/* Understanding and Optimizing Disk IO: "around 16 KB or lesser ...
 * random", "greater than 128 KB ... sequential".  KiB of the average
 * request, reads and writes together. */
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

enum st_obs_pattern { ST_OBS_IDLE, ST_OBS_RANDOM, ST_OBS_MIXED, ST_OBS_SEQUENTIAL, ST_OBS_PATTERN_NR };
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
 * The profile closest to the shape (see shape.c for the distance), not
 * counting the one named `exclude` (the default profile, which describes
 * no workload).  NULL when idle or there is nothing to choose from.
 * *next is the runner-up (may be NULL).
 */
const struct st_profile *st_obs_suggest(const struct st_profileset *ps, const struct st_obs_shape *sh,
					const char *exclude, const struct st_profile **next);
double st_obs_distance(const struct st_profile *p, const struct st_obs_shape *sh);

#endif
