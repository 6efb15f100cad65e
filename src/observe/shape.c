/*
 * shape.c - owns what a device's (or the machine's) I/O looks like and
 * which workload profile it resembles: random, mixed or sequential by the
 * request-size rule of Directi's "Understanding and Optimizing Disk IO"
 * (st_obs_shape.h), the read share, the fsync habit from flushes per write,
 * the evidence in words, and the closest profile by a distance over those
 * three.  Pure functions of iostat's figures.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "st_math.h"
#include "st_obs_shape.h"
#include "st_profile.h"
#include "st_util.h"

/* Profile distance weights: per doubling of request size, per 100 points
 * of read share, for an fsync habit that differs. */
#define DIST_SIZE_PER_DOUBLING 0.15
#define DIST_READ_PER_100 1.0
#define DIST_FSYNC 0.5

const char *st_obs_pattern_name(enum st_obs_pattern p)
{
	switch (p) {
	case ST_OBS_RANDOM:
		return "random";
	case ST_OBS_MIXED:
		return "mixed";
	case ST_OBS_SEQUENTIAL:
		return "sequential";
	case ST_OBS_IDLE:
	case ST_OBS_PATTERN_NR:
		break;
	}
	return "idle";
}

void st_obs_shape_of(const struct st_iostat *io, bool flushes_visible, struct st_obs_shape *sh)
{
	memset(sh, 0, sizeof(*sh));
	sh->iops = io->r_s + io->w_s;
	sh->req_kib = sh->iops > 0 ? (io->rkb_s + io->wkb_s) / sh->iops : 0;
	sh->read_pct = sh->iops > 0 ? 100.0 * io->r_s / sh->iops : 0;
	sh->f_s = io->f_s;
	if (sh->iops < ST_OBS_IDLE_IOPS)
		sh->pattern = ST_OBS_IDLE;
	else if (sh->req_kib <= ST_OBS_RANDOM_MAX_KIB)
		sh->pattern = ST_OBS_RANDOM;
	else if (sh->req_kib > ST_OBS_SEQUENTIAL_MIN_KIB)
		sh->pattern = ST_OBS_SEQUENTIAL;
	else
		sh->pattern = ST_OBS_MIXED;
	if (!io->has_flush || !flushes_visible)
		sh->fsync_heavy = ST_TRI_UNKNOWN;
	else
		sh->fsync_heavy = io->f_s >= ST_OBS_FSYNC_MIN_FS &&
				  io->f_s * ST_OBS_FSYNC_WRITES >= io->w_s &&
				  io->w_s >= ST_OBS_IDLE_IOPS; /* not a journal commit's few */
}

/* 8 KiB, 4.5 KiB, 96 KiB, 1.2 MiB */
static void kib_text(double kib, char *buf, size_t len)
{
	if (kib >= 1000)
		snprintf(buf, len, "%.1f MiB", kib / 1024);
	else if (kib >= 10 || fabs(kib - st_m_round(kib)) < 0.05)
		snprintf(buf, len, "%.0f KiB", kib);
	else
		snprintf(buf, len, "%.1f KiB", kib);
}

char *st_obs_evidence(const struct st_obs_shape *sh, const struct st_iostat *io)
{
	char size[32], fl[96];

	if (sh->pattern == ST_OBS_IDLE)
		return st_xasprintf("idle (%.1f requests/s)", sh->iops);
	kib_text(sh->req_kib, size, sizeof(size));
	if (sh->fsync_heavy == ST_TRI_UNKNOWN)
		snprintf(fl, sizeof(fl), "%s", io->has_flush ? ", no flushes (write-through cache: fsync sends none)"
							     : ", flushes not counted here");
	else if (sh->f_s <= 0)
		snprintf(fl, sizeof(fl), ", no flushes");
	else if (io->w_s > 0 && st_m_round(io->w_s / sh->f_s) <= 1)
		snprintf(fl, sizeof(fl), ", %.*f flushes/s (1 per write)", sh->f_s < 10 ? 1 : 0, sh->f_s);
	else if (io->w_s > 0 && io->w_s / sh->f_s < 100)
		snprintf(fl, sizeof(fl), ", %.*f flushes/s (1 per %.0f writes)", sh->f_s < 10 ? 1 : 0,
			 sh->f_s, st_m_round(io->w_s / sh->f_s));
	else
		snprintf(fl, sizeof(fl), ", %.*f flushes/s", sh->f_s < 10 ? 1 : 0, sh->f_s);
	return st_xasprintf("%s %s, %.0f%% reads%s", st_obs_pattern_name(sh->pattern), size,
			    sh->read_pct, fl);
}

/*
 * How far a profile is from what was seen: 0.15 per doubling (or halving)
 * of the request size (a doubling weighs as much as 15 points of read
 * share: 4 KiB against 8 KiB says less than 10% against 50% reads), one
 * per 100 points of read share, and a
 * half when the profile's fsync habit differs from a visible one.  The
 * access pattern is not scored apart: it is the request size, cut at 16
 * and 128 KiB, and a log writer's 4 KiB appends are small but sequential.
 */
double st_obs_distance(const struct st_profile *p, const struct st_obs_shape *sh)
{
	double d = 0;

	if (p->request_size > 0 && sh->req_kib > 0)
		d += DIST_SIZE_PER_DOUBLING * fabs(st_m_log2(sh->req_kib * 1024.0 / (double)p->request_size));
	d += DIST_READ_PER_100 * fabs(sh->read_pct - (double)p->read_pct) / 100.0;
	if (sh->fsync_heavy != ST_TRI_UNKNOWN && (sh->fsync_heavy != 0) != p->fsync_heavy)
		d += DIST_FSYNC;
	return d;
}

const struct st_profile *st_obs_suggest(const struct st_profileset *ps, const struct st_obs_shape *sh,
					const char *exclude, const struct st_profile **next)
{
	const struct st_profile *best = NULL, *second = NULL;
	double bd = INFINITY, sd = INFINITY;

	if (next)
		*next = NULL;
	if (!ps || sh->pattern == ST_OBS_IDLE)
		return NULL;
	for (size_t i = 0; i < ps->n; i++) {
		const struct st_profile *p = ps->v[i];
		double d;

		if (p->bad || (exclude && strcmp(p->name, exclude) == 0))
			continue;
		d = st_obs_distance(p, sh);
		if (d < bd || (d == bd && best && strcmp(p->name, best->name) < 0)) {
			second = best;
			sd = bd;
			best = p;
			bd = d;
		} else if (d < sd) {
			second = p;
			sd = d;
		}
	}
	if (next)
		*next = second;
	return best;
}
