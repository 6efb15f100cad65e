/*
 * verify.c - owns the compliance check of `stortune verify` (and status):
 * each planned item of the profile against the live value the probes read,
 * with the journal telling drift from a value an administrator set by hand,
 * and apply's own hold rules (st_apply_hold) telling it from what apply
 * deliberately leaves alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_util.h"
#include "st_verify.h"

static const char *const vstatus_names[ST_VS_NR] = {
	[ST_VS_OK] = "ok",
	[ST_VS_DRIFT] = "drift",
	[ST_VS_HELD] = "held",
	[ST_VS_MANUAL] = "manual",
	[ST_VS_UNSUPPORTED] = "unsupported",
	[ST_VS_SKIPPED] = "skipped",
};

const char *st_vstatus_name(enum st_vstatus s)
{
	return (unsigned)s < ST_VS_NR ? vstatus_names[s] : "?";
}

static int row_cmp(const void *a, const void *b);

static struct st_vrow *add_row(struct st_verify *v, const struct st_reco *rc,
			       enum st_vstatus status, char *reason)
{
	struct st_vrow *r;

	v->rows = st_xrealloc(v->rows, (v->n + 1) * sizeof(*v->rows));
	r = &v->rows[v->n++];
	memset(r, 0, sizeof(*r));
	if (rc) {
		r->scope = rc->scope;
		r->target = rc->target;
		r->knob = rc->knob ? rc->knob->name : NULL;
		r->expected = rc->recommended;
		r->actual = rc->current;
		r->rule = rc->rule;
	}
	r->status = status;
	r->reason = reason;
	v->count[status]++;
	return r;
}

/*
 * A change the plan still wants: the kernel lacks it, it was changed by
 * hand since stortune set it, apply holds it back (and no apply has set
 * it since: then a different value is drift), or drift.
 */
static void change_row(struct st_verify *v, const struct st_reco *rc,
		       struct st_journal *const *journals, size_t njournals,
		       const struct st_apply_opts *o)
{
	enum st_hold hold = st_apply_hold(rc, o);
	const struct st_jentry *e;
	struct st_vrow *r;

	e = st_journal_find(journals, njournals, rc->knob->name, rc->target,
			    rc->scope == ST_SCOPE_DEVICE && rc->dev ? rc->dev->stable_id : NULL);
	if (e && e->state != ST_JS_DONE)
		e = NULL;
	if (!rc->current && rc->knob->kind == ST_KNOB_SYSFS) {
		add_row(v, rc, ST_VS_UNSUPPORTED,
			st_xasprintf("the kernel shows no %s for %s", rc->knob->path, rc->target));
	} else if (e && !st_streq(rc->current, e->new_value)) {
		add_row(v, rc, ST_VS_MANUAL,
			st_xasprintf("stortune set %s (rule %s); changed by hand since", e->new_value,
				     e->rule ? e->rule : "?"));
	} else if (hold != ST_HOLD_NONE && !e) {
		r = add_row(v, rc, ST_VS_HELD, st_xstrdup(st_hold_reason(hold)));
		r->hold = hold;
	} else {
		add_row(v, rc, ST_VS_DRIFT, NULL);
	}
}

struct st_verify *st_verify_build(const struct st_plan *plan, struct st_journal *const *journals,
				  size_t njournals, const struct st_apply_opts *o, bool strict)
{
	struct st_verify *v = st_xcalloc(1, sizeof(*v));

	v->profile = plan->profile->name;
	v->strict = strict;
	for (size_t i = 0; i < plan->nchanges; i++)
		change_row(v, &plan->changes[i], journals, njournals, o);
	for (size_t i = 0; i < plan->nadvice; i++) {
		const struct st_reco *rc = &plan->advice[i];
		struct st_vrow *r = add_row(v, rc, ST_VS_HELD,
					    st_xasprintf("advice only, never applied (rule %s)",
							 rc->rule->id));

		r->hold = ST_HOLD_ADVICE;
		r->actual = NULL;
		v->held_advice++;
	}
	for (size_t i = 0; i < plan->nok; i++)
		add_row(v, &plan->ok[i], ST_VS_OK, NULL);
	for (size_t i = 0; i < plan->nskipped; i++) {
		const struct st_skip *s = &plan->skipped[i];
		struct st_vrow *r;

		if (!s->rule->knob)
			continue; /* advice is not a planned setting */
		if (s->kind == ST_SKIP_NA) {
			v->not_applicable++;
			continue;
		}
		r = add_row(v, NULL,
			    s->kind == ST_SKIP_UNSUPPORTED ? ST_VS_UNSUPPORTED : ST_VS_SKIPPED,
			    st_xstrdup(s->reason));
		r->scope = s->rule->scope;
		r->target = s->target;
		r->knob = s->rule->knob ? s->rule->knob->name : NULL;
		r->rule = s->rule;
	}
	if (v->n)
		qsort(v->rows, v->n, sizeof(*v->rows), row_cmp);
	v->ndrift = v->count[ST_VS_DRIFT] + (strict ? v->count[ST_VS_HELD] - v->held_advice : 0);
	return v;
}

static int scope_rank(enum st_scope s)
{
	return s == ST_SCOPE_DEVICE ? 0 : s == ST_SCOPE_MOUNT ? 1 : 2;
}

/* Devices, then mounts, then the system; by name; knobs in table order,
 * then advice. */
static int row_cmp(const void *a, const void *b)
{
	const struct st_vrow *x = a, *y = b;
	const struct st_knob *kx, *ky;
	int c = scope_rank(x->scope) - scope_rank(y->scope);

	if (c)
		return c;
	c = st_name_cmp(x->target, y->target);
	if (c)
		return c;
	if (!x->knob != !y->knob)
		return x->knob ? -1 : 1; /* advice after the settings */
	kx = x->knob ? st_knob_find(x->knob) : NULL;
	ky = y->knob ? st_knob_find(y->knob) : NULL;
	if (kx && ky && kx != ky)
		return st_knob_index(kx) < st_knob_index(ky) ? -1 : 1;
	return strcmp(x->rule ? x->rule->id : "", y->rule ? y->rule->id : "");
}

void st_verify_free(struct st_verify *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++)
		free(v->rows[i].reason);
	free(v->rows);
	free(v);
}
