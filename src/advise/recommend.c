/*
 * recommend.c - the profile the machine looks made for.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "st_recommend.h"
#include "st_rules.h"
#include "st_util.h"

/* The mount at path or below it ("/var/lib/postgresql/15/main"). */
static const struct st_mount *mount_at(const struct st_system *sys, const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < sys->mounts.n; i++) {
		const struct st_mount *m = sys->mounts.v[i];

		if (m->swap || !m->target)
			continue;
		if (strncmp(m->target, path, n) == 0 && (m->target[n] == '\0' || m->target[n] == '/'))
			return m;
	}
	return NULL;
}

static void add(struct st_recommendation *r, const struct st_evidence *e)
{
	r->ev = st_xrealloc(r->ev, (r->nev + 1) * sizeof(*r->ev));
	r->ev[r->nev++] = *e;
}

/* The evidence for p; returns its score. */
static int gather(struct st_recommendation *r, const struct st_profile *p,
		  const struct st_system *sys, char *const *nonempty)
{
	int score = 0;

	for (char **path = p->recognize; path && *path; path++) {
		struct st_evidence e = { .profile = p, .path = *path, .mount = mount_at(sys, *path) };

		if (e.mount)
			e.kind = ST_EV_MOUNT;
		else if (st_strv_has((const char *const *)nonempty, *path))
			e.kind = ST_EV_FILES;
		else
			continue;
		add(r, &e);
		score += ST_EV_WEIGHT(e.kind);
	}
	return score;
}

static int cmp_evidence(const void *a, const void *b, void *best)
{
	const struct st_evidence *x = a, *y = b;
	bool xb = x->profile == best, yb = y->profile == best;

	if (xb != yb)
		return xb ? -1 : 1;
	if (x->profile != y->profile)
		return strcmp(x->profile->name, y->profile->name);
	return ST_EV_WEIGHT(y->kind) - ST_EV_WEIGHT(x->kind);
}

int st_recommend(const struct st_profileset *ps, const struct st_system *sys,
		 char *const *nonempty, struct st_recommendation *r)
{
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < ps->n; i++) {
		int s = gather(r, ps->v[i], sys, nonempty);

		if (s > r->score) {
			r->score = s;
			r->profile = ps->v[i];
			r->tied[0] = r->tied[1] = NULL;
		} else if (s && s == r->score) {
			r->tied[0] = r->profile;
			r->tied[1] = ps->v[i];
		}
	}
	if (r->tied[0] || !r->profile) {
		r->fallback = true;
		r->profile = st_profileset_find(ps, "general");
		if (!r->profile)
			return -ENOENT;
	}
	if (r->nev > 1)
		qsort_r(r->ev, r->nev, sizeof(*r->ev), cmp_evidence, (void *)r->profile);
	return 0;
}

void st_recommendation_free(struct st_recommendation *r)
{
	free(r->ev);
	memset(r, 0, sizeof(*r));
}

char **st_recommend_paths(const struct st_profileset *ps)
{
	char **v = NULL;

	for (size_t i = 0; i < ps->n; i++)
		for (char **p = ps->v[i]->recognize; p && *p; p++)
			if (!st_strv_has((const char *const *)v, *p))
				st_strv_push(&v, *p);
	return v;
}
