/*
 * observe_advise.c - advise --observe: one interval, taken as a profile.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "st_math.h"
#include "st_log.h"
#include "st_observe_advise.h"
#include "st_rules.h"
#include "st_util.h"

/* The observed workload keys over a's base profile. */
static void take_workload(struct st_obs_advice *a, const struct st_obs_shape *sh)
{
	a->prof.access = sh->pattern == ST_OBS_RANDOM       ? ST_ACCESS_RANDOM
			 : sh->pattern == ST_OBS_SEQUENTIAL ? ST_ACCESS_SEQUENTIAL
							    : ST_ACCESS_MIXED;
	a->prof.read_pct = (int64_t)st_m_llround(sh->read_pct);
	a->prof.request_size = (int64_t)st_m_llround(sh->req_kib) * 1024;
	if (a->prof.request_size < 512)
		a->prof.request_size = 512;
	if (sh->fsync_heavy != ST_TRI_UNKNOWN)
		a->prof.fsync_heavy = sh->fsync_heavy;
	a->applied = true;
}

int st_obs_advise(double seconds, struct st_path *pc, const struct st_system *sys,
		  const struct st_devv *only, const struct st_profileset *ps,
		  const struct st_profile *declared, bool quiet, struct st_obs_advice *a)
{
	struct st_obs_run run = { .pc = pc, .sys = sys, .ps = ps, .exclude = "general",
				  .interval = seconds, .count = 1, .silent = true,
				  .want_summary = true };
	const struct st_obs_interval *sum = &run.summary;
	const struct st_profile *base;
	int rc;

	memset(a, 0, sizeof(*a));
	for (size_t i = 0; i < only->n; i++) { /* DEVICEs: observe those */
		st_strv_push(&run.want, only->v[i]->kname);
		run.nwant++;
	}
	if (!quiet)
		fprintf(stderr, "stortune: observing the I/O for %g s ...\n", seconds);
	rc = st_observe_run(&run);
	st_strv_free(run.want);
	if (rc == 0 && !run.intervals) {
		st_err("observe: interrupted before the first interval ended");
		rc = -EINTR;
	}
	base = declared ? declared : sum->suggested;
	if (rc == 0 && !base)
		base = st_profileset_find(ps, "general");
	if (rc == 0 && !base) {
		st_err("no profile 'general' to fall back on");
		rc = -ENOENT;
	}
	if (rc == 0) {
		a->prof = *base;
		a->declared = declared;
		a->suggested = sum->suggested;
		a->seconds = sum->seconds;
		a->evidence = st_obs_evidence(&sum->overall, &sum->overall_io);
		a->pattern = sum->overall.pattern;
		a->fsync_heavy = sum->overall.fsync_heavy;
		if (a->pattern != ST_OBS_IDLE)
			take_workload(a, &sum->overall);
	}
	st_obs_interval_free(&run.summary);
	return rc;
}

void st_obs_advice_free(struct st_obs_advice *a)
{
	free(a->evidence);
	a->evidence = NULL;
}
