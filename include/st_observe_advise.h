/*
 * st_observe_advise.h - advise --observe SEC: what was seen, as a profile.
 *
 * One interval of SEC seconds (of the DEVICEs given, else the whole
 * machine); the profile for advice is the declared one (or the closest to
 * what was seen), with its workload keys (access, read share, request size,
 * fsync habit) replaced by the observed ones.  Durability, goal and sharing
 * are not observable and stay the profile's.
 */
#ifndef ST_OBSERVE_ADVISE_H
#define ST_OBSERVE_ADVISE_H

#include "st_observe.h"
#include "st_profile.h"

struct st_obs_advice {
	struct st_profile prof;     /* a shallow copy of the base, workload keys replaced */
	const struct st_profile *declared, *suggested;
	double seconds;
	char *evidence;             /* st_obs_evidence() of the whole interval */
	enum st_obs_pattern pattern;
	int fsync_heavy;            /* as observed: 1, 0 or ST_TRI_UNKNOWN */
	bool applied;               /* the workload keys were replaced (not idle) */
};

/* Observes for seconds (>= 1) and fills *a; says so on stderr unless quiet.
 * declared may be NULL: then the suggestion, else "general". */
int st_obs_advise(double seconds, struct st_path *pc, const struct st_system *sys,
		  const struct st_devv *only, const struct st_profileset *ps,
		  const struct st_profile *declared, bool quiet, struct st_obs_advice *a);
void st_obs_advice_free(struct st_obs_advice *a);

#endif
