/*
 * st_recommend.h - which profile the machine looks made for, from static
 * facts, as `tuned-adm recommend` does: each profile's `recognize` paths,
 * found as mount points (strong) or as directories holding files (weak).
 */
#ifndef ST_RECOMMEND_H
#define ST_RECOMMEND_H

#include "st_model.h"
#include "st_profile.h"

enum st_evidence_kind { ST_EV_MOUNT, ST_EV_FILES };

struct st_evidence {
	const struct st_profile *profile;
	const char *path;              /* the profile's recognize entry */
	enum st_evidence_kind kind;
	const struct st_mount *mount;  /* ST_EV_MOUNT: the mount at or under path */
};

#define ST_EV_WEIGHT(kind) ((kind) == ST_EV_MOUNT ? 2 : 1)

struct st_recommendation {
	const struct st_profile *profile; /* the best; "general" when none or a tie */
	bool fallback;                    /* nothing stood out (or a tie): general */
	const struct st_profile *tied[2]; /* a tie: two of the best */
	int score;                        /* of the best */
	struct st_evidence *ev;           /* every piece found, best profile first */
	size_t nev;
};

/* nonempty: which recognize paths hold files (st_probe_paths()).  -ENOENT
 * when a fallback is needed and there is no "general" profile. */
int st_recommend(const struct st_profileset *ps, const struct st_system *sys,
		 char *const *nonempty, struct st_recommendation *r);
void st_recommendation_free(struct st_recommendation *r);

/* Every profile's recognize paths, for st_probe_paths(). */
char **st_recommend_paths(const struct st_profileset *ps);

#endif
