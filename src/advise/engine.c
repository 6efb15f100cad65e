/*
 * engine.c - owns turning rules, a profile and the system model into a plan.
 *
 * Each rule is evaluated on each target of its scope.  Where it fires and
 * sets a knob, its value (or the profile's override) is rendered through the
 * knob table, so every value in a plan is one the kernel accepts.  Rules
 * that want the same knob on the same target are then resolved by the
 * precedence in st_engine.h, and scheduler tunables are kept only where
 * their scheduler will be the active one.  Finally each winner is compared
 * with the current value from the model: already right, or a change.
 *
 * Nothing here reads or writes the system: the model is the input and the
 * plan the output (DESIGN.md, one-way flow).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_config.h"
#include "st_engine.h"
#include "st_log.h"
#include "st_util.h"

static const char *const prec_names[ST_PREC_NR] = {
	[ST_PREC_ONLY] = "only rule",
	[ST_PREC_PROFILE] = "profile override",
	[ST_PREC_PRIORITY] = "priority",
	[ST_PREC_ORDER] = "rule order",
};

const char *st_prec_name(enum st_prec p)
{
	return p < ST_PREC_NR ? prec_names[p] : "?";
}

/* A target: a device, a mount (with its device), or the system. */
struct target {
	enum st_scope scope;
	const struct st_device *dev;
	const struct st_mount *mnt;
	size_t order; /* position in the report */
	char *name;
	const char *planned_sched; /* the scheduler rule that won, if any */
	bool named;                /* its device is one the command line names */
};

/* A rule that fired on a target and produced a knob value. */
struct cand {
	const struct st_rule *rule;
	size_t rule_order;
	struct target *t;
	const struct st_override *ovr;
	char *text;  /* rendered value, as the kernel takes it */
	char *shown; /* the value as the rule language prints it: 256MiB */
};

/* Advice waiting to be put in report order. */
struct adv {
	struct st_reco rc;
	size_t target_order, rule_order;
};

struct run {
	const struct st_ruleset *rs;
	const struct st_profile *prof;
	const struct st_system *sys;
	struct st_plan *plan;
	struct target *targets;
	size_t ntargets;
	struct cand *cands;
	size_t ncands;
	struct adv *advs;
	size_t nadvs;
};

static void skip(struct run *r, const struct st_rule *rule, const struct target *t,
		 const char *fmt, ...) ST_PRINTF(4, 5);
static void skip(struct run *r, const struct st_rule *rule, const struct target *t,
		 const char *fmt, ...)
{
	struct st_plan *p = r->plan;
	struct st_skip *s;
	va_list ap;

	p->skipped = st_xrealloc(p->skipped, (p->nskipped + 1) * sizeof(*p->skipped));
	s = &p->skipped[p->nskipped++];
	s->rule = rule;
	s->target = st_xstrdup(t->name);
	s->kind = ST_SKIP_CONDITION;
	va_start(ap, fmt);
	s->reason = st_xvasprintf(fmt, ap);
	va_end(ap);
}

static void eval_warn(struct run *r, const struct st_rule *rule, unsigned line,
		      const struct target *t, const char *what, const char *err)
{
	st_warn("%s:%u: %s: %s: %s (rule %s not applied)", rule->file, line, t->name, what, err,
		rule->id);
	r->plan->nerrors++;
}

/* Fills in a summary's {expressions}; an unknown one prints as "unknown". */
static char *render_template(const struct st_template *tm, struct st_facts *f, const char *value)
{
	struct st_buf out = { 0 };

	for (size_t i = 0; i <= tm->n; i++) {
		struct st_value v = { 0 };
		char *err = NULL, *s;

		if (tm->lits[i])
			st_buf_adds(&out, tm->lits[i]);
		if (i == tm->n)
			break;
		if (!tm->exprs[i])
			s = st_xstrdup(value ? value : "?");
		else if (st_expr_eval(tm->exprs[i], st_facts_lookup, f, &v, &err) < 0)
			s = st_xstrdup("?");
		else
			s = st_value_format(&v);
		st_buf_adds(&out, s);
		free(s);
		free(err);
		st_value_clear(&v);
	}
	return st_buf_steal(&out);
}

static const struct st_override *override_of(const struct st_profile *p, const char *rule)
{
	for (size_t i = 0; p && i < p->noverrides; i++)
		if (strcmp(p->overrides[i].rule, rule) == 0)
			return &p->overrides[i];
	return NULL;
}

static void reco_fill(struct st_reco *rc, const struct st_rule *rule, const struct target *t,
		      struct st_facts *f, const char *value)
{
	memset(rc, 0, sizeof(*rc));
	rc->scope = t->scope;
	rc->rule = rule;
	rc->knob = rule->knob;
	rc->dev = t->dev;
	rc->mnt = t->mnt;
	rc->target = st_xstrdup(t->name);
	rc->summary = render_template(&rule->summary, f, value);
}

/* Evaluates one rule on one target. */
static void run_rule(struct run *r, const struct st_rule *rule, size_t order,
		     struct target *t)
{
	struct st_facts f = { .sys = r->sys, .dev = t->dev, .mnt = t->mnt, .prof = r->prof,
			      .named = t->named };
	const struct st_override *ovr = override_of(r->prof, rule->id);
	const struct st_expr *vexpr = ovr && !ovr->off ? ovr->value : rule->value;
	struct st_value v = { 0 };
	char *err = NULL, *text = NULL, *shown;
	const char *why;
	bool kernel;

	if (rule->when) {
		if (st_expr_eval(rule->when, st_facts_lookup, &f, &v, &err) < 0) {
			eval_warn(r, rule, rule->when_line, t, "when", err);
			goto out;
		}
		if (v.type == ST_V_UNKNOWN) {
			skip(r, rule, t, "%s is unknown", v.why_unknown ? v.why_unknown : "a fact");
			goto out;
		}
		if (!v.b)
			goto out;
		st_value_clear(&v);
	}
	if (ovr && ovr->off) {
		skip(r, rule, t, "turned off by profile %s (%s:%u)", ovr->profile, ovr->file,
		     ovr->line);
		goto out;
	}
	if (rule->knob && (why = st_knob_applies_kernel(rule->knob, t->dev, t->mnt, &kernel))) {
		skip(r, rule, t, "%s", why);
		r->plan->skipped[r->plan->nskipped - 1].kind =
			kernel ? ST_SKIP_UNSUPPORTED : ST_SKIP_NA;
		goto out;
	}
	if (vexpr) {
		if (st_expr_eval(vexpr, st_facts_lookup, &f, &v, &err) < 0) {
			eval_warn(r, rule, ovr ? ovr->line : rule->value_line, t, "value", err);
			goto out;
		}
		if (v.type == ST_V_UNKNOWN) {
			skip(r, rule, t, "value: %s is unknown", v.why_unknown ? v.why_unknown : "a fact");
			goto out;
		}
	}
	if (!rule->knob) {
		struct st_reco *rc;

		r->advs = st_xrealloc(r->advs, (r->nadvs + 1) * sizeof(*r->advs));
		r->advs[r->nadvs].target_order = t->order;
		r->advs[r->nadvs].rule_order = order;
		rc = &r->advs[r->nadvs++].rc;
		shown = vexpr ? st_value_format(&v) : NULL;
		reco_fill(rc, rule, t, &f, shown);
		rc->id = st_xasprintf("%s:%s", rule->id, t->name);
		rc->recommended = shown;
		rc->overridden = ovr != NULL;
		rc->override = ovr;
		goto out;
	}
	if (st_knob_render(rule->knob, &v, &text, &err) < 0) {
		eval_warn(r, rule, ovr ? ovr->line : rule->value_line, t, "value", err);
		goto out;
	}
	if (t->dev && st_knob_check_device(rule->knob, t->dev, text, &err) < 0) {
		skip(r, rule, t, "%s", err);
		free(text);
		goto out;
	}
	r->cands = st_xrealloc(r->cands, (r->ncands + 1) * sizeof(*r->cands));
	r->cands[r->ncands++] = (struct cand){ .rule = rule, .rule_order = order, .t = t,
					       .ovr = ovr, .text = text,
					       .shown = st_value_format(&v) };
out:
	free(err);
	st_value_clear(&v);
}

/* Winner first: a profile override, then priority, then rule order. */
static int cand_cmp(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;

	if (a->t != b->t)
		return a->t->order < b->t->order ? -1 : 1;
	if (a->rule->knob != b->rule->knob)
		return st_knob_index(a->rule->knob) < st_knob_index(b->rule->knob) ? -1 : 1;
	if (!!a->ovr != !!b->ovr)
		return a->ovr ? -1 : 1;
	if (a->rule->priority != b->rule->priority)
		return a->rule->priority > b->rule->priority ? -1 : 1;
	return a->rule_order < b->rule_order ? -1 : a->rule_order > b->rule_order;
}

static enum st_prec beat(const struct cand *w, const struct cand *l, char **reason)
{
	if (!!w->ovr != !!l->ovr) {
		*reason = st_xasprintf("profile %s overrides %s (%s:%u)", w->ovr->profile,
				       w->rule->id, w->ovr->file, w->ovr->line);
		return ST_PREC_PROFILE;
	}
	if (w->rule->priority != l->rule->priority) {
		*reason = st_xasprintf("priority %d is below %d of %s", l->rule->priority,
				       w->rule->priority, w->rule->id);
		return ST_PREC_PRIORITY;
	}
	*reason = st_xasprintf("same priority %d; %s (%s:%u) is read first", w->rule->priority,
			       w->rule->id, w->rule->file, w->rule->line);
	return ST_PREC_ORDER;
}

/*
 * One field of an fstab line as fstab(5) has it: blanks would split the
 * field, so space, tab and newline are written as octal escapes (\040,
 * \011, \012), and so is the backslash that starts them (\134).  libmount
 * reads them back.
 */
static char *fstab_field(const char *s)
{
	char *out = st_xcalloc(1, 4 * strlen(s ? s : "") + 1), *o = out;

	for (; s && *s; s++) {
		if (strchr(" \t\n\\", *s)) {
			sprintf(o, "\\%03o", (unsigned char)*s);
			o += 4;
		} else {
			*o++ = *s;
		}
	}
	return out;
}

static char *fstab_line(const struct st_mount *m, const struct st_device *dev, const char *opts)
{
	const char *src = m->fstab_source;
	char *uuid = NULL, *f[4], *line;

	if (!src && dev && dev->fs.uuid)
		src = uuid = st_xasprintf("UUID=%s", dev->fs.uuid);
	if (!src)
		src = m->source;
	f[0] = fstab_field(src);
	f[1] = fstab_field(m->target);
	f[2] = fstab_field(m->fstype);
	f[3] = fstab_field(opts);
	line = st_xasprintf("%s %s %s %s %d %d", f[0], f[1], f[2], f[3],
			    m->fstab_options ? m->fstab_freq : 0,
			    m->fstab_options ? m->fstab_passno : 0);
	for (size_t i = 0; i < ST_ARRAY_SIZE(f); i++)
		free(f[i]);
	free(uuid);
	return line;
}

/* Resolves conflicts among the candidates of one (target, knob) run
 * [from, to) sorted winner first, and files the winner. */
/* Does the plan switch t's scheduler, and does that reset k? */
static bool reset_by_switch(const struct target *t, const struct st_knob *k)
{
	const struct st_knob *sched = st_knob_find("queue/scheduler");

	return t->dev && t->planned_sched && sched && k != sched &&
	       !st_streq(t->planned_sched, st_device_queue(t->dev)->scheduler) &&
	       st_knob_reset_by(k, sched);
}

static void settle(struct run *r, size_t from, size_t to)
{
	struct cand *w = &r->cands[from];
	struct target *t = w->t;
	const struct st_knob *k = w->rule->knob;
	struct st_facts f = { .sys = r->sys, .dev = t->dev, .mnt = t->mnt, .prof = r->prof,
			      .named = t->named };
	struct st_plan *p = r->plan;
	struct st_reco rc;
	char *current = NULL;

	/* the knob table orders a scheduler before its tunables, so the
	 * device's scheduler (if a rule sets it) is settled by now */
	if (k->requires_sched) {
		const char *sched = t->planned_sched ? t->planned_sched
						     : st_device_queue(t->dev)->scheduler;

		if (!st_knob_sched_matches(k, sched)) {
			for (size_t i = from; i < to; i++)
				skip(r, r->cands[i].rule, t, "%s is a %s tunable; %s %s %s", k->name,
				     k->requires_sched, t->name, t->planned_sched ? "will run" : "runs",
				     sched ? sched : "no scheduler");
			return;
		}
	}
	if (k->flags & ST_KNOB_SCHED && !k->requires_sched && k->type == ST_KT_ENUM)
		t->planned_sched = w->text; /* queue/scheduler */
	reco_fill(&rc, w->rule, t, &f, w->shown);
	rc.id = st_xasprintf("%s:%s", t->name, k->name);
	rc.recommended = st_xstrdup(w->text);
	rc.overridden = w->ovr != NULL;
	rc.override = w->ovr;
	rc.prec = ST_PREC_ONLY;
	for (size_t i = from + 1; i < to; i++) {
		struct cand *l = &r->cands[i];
		struct st_loser *lo;
		char *reason;
		enum st_prec pr = beat(w, l, &reason);

		if (i == from + 1)
			rc.prec = pr;
		rc.losers = st_xrealloc(rc.losers, (rc.nlosers + 1) * sizeof(*rc.losers));
		lo = &rc.losers[rc.nlosers++];
		lo->rule = l->rule;
		lo->value = st_xstrdup(l->text);
		lo->reason = reason;
	}
	st_knob_current(k, r->sys, t->dev, t->mnt, &current);
	rc.current = current;
	/* equal now, but a scheduler switch of this plan resets it (the knob
	 * table orders the scheduler first): apply writes it after the switch */
	rc.ok = current && strcmp(current, rc.recommended) == 0;
	if (rc.ok && reset_by_switch(t, k)) {
		char *s = st_xasprintf("%s (right now, but the switch to %s resets it: written "
				       "again after it)", rc.summary, t->planned_sched);

		free(rc.summary);
		rc.summary = s;
		rc.ok = false;
	}
	rc.command = st_knob_command(k, t->dev, t->mnt, rc.recommended);
	if (rc.ok) {
		p->ok = st_xrealloc(p->ok, (p->nok + 1) * sizeof(*p->ok));
		p->ok[p->nok++] = rc;
	} else {
		p->changes = st_xrealloc(p->changes, (p->nchanges + 1) * sizeof(*p->changes));
		p->changes[p->nchanges++] = rc;
	}
}

/*
 * One fstab line per mount that carries every option change the plan makes
 * to it (the changes of a mount are adjacent: sorted by target).
 */
static void fstab_lines(struct st_plan *p)
{
	for (size_t i = 0, j; i < p->nchanges; i = j) {
		const struct st_mount *m = p->changes[i].mnt;
		struct st_mount tmp;
		char *opts = NULL;

		for (j = i + 1; j < p->nchanges && m && p->changes[j].mnt == m; j++)
			;
		if (p->changes[i].scope != ST_SCOPE_MOUNT)
			continue;
		tmp = *m;
		for (size_t k = i; k < j; k++) {
			char *next;

			tmp.fstab_options = opts ? opts : m->fstab_options;
			next = st_knob_mount_options(p->changes[k].knob, &tmp,
						     p->changes[k].recommended);
			if (next) {
				free(opts);
				opts = next;
			}
		}
		for (size_t k = i; k < j && opts; k++)
			p->changes[k].fstab_line = fstab_line(m, p->changes[k].dev, opts);
		free(opts);
	}
}

/* The devices `only` names, everything built on them, and their leaves. */
static bool selected(const struct st_devv *only, const struct st_device *dev, int depth)
{
	if (!only || !only->n)
		return true;
	if (depth > 16)
		return false;
	if (st_devv_contains(only, dev))
		return true;
	if (dev->disk && selected(only, dev->disk, depth + 1))
		return true;
	for (size_t i = 0; i < dev->slaves.n; i++)
		if (selected(only, dev->slaves.v[i], depth + 1))
			return true;
	/* a leaf under a named stack: its scheduler serves the stack */
	for (size_t i = 0; i < only->n; i++)
		if (st_devv_contains(&only->v[i]->leaves, dev))
			return true;
	return false;
}


static void add_target(struct run *r, enum st_scope scope, const struct st_device *dev,
		       const struct st_mount *mnt, const char *name)
{
	struct target *t;

	r->targets = st_xrealloc(r->targets, (r->ntargets + 1) * sizeof(*r->targets));
	t = &r->targets[r->ntargets];
	t->scope = scope;
	t->dev = dev;
	t->mnt = mnt;
	t->order = r->ntargets++;
	t->name = st_xstrdup(name);
	t->planned_sched = NULL;
	t->named = false;
}

static int adv_cmp(const void *pa, const void *pb)
{
	const struct adv *a = pa, *b = pb;

	if (a->target_order != b->target_order)
		return a->target_order < b->target_order ? -1 : 1;
	return a->rule_order < b->rule_order ? -1 : a->rule_order > b->rule_order;
}

/* The device of d's stack (d, its disk, what it is built on) that an
 * exclude pattern names, with the pattern in *pat; NULL when none. */
static const struct st_device *excluded_by(const struct st_config *c, const struct st_device *d,
					   const char **pat, int depth)
{
	const struct st_device *x;

	if (!c || depth > 16)
		return NULL;
	if ((*pat = st_config_device_pattern(c, d->kname)) ||
	    (*pat = st_config_device_pattern(c, d->name)))
		return d;
	if (d->disk && (x = excluded_by(c, d->disk, pat, depth + 1)))
		return x;
	for (size_t i = 0; i < d->slaves.n; i++)
		if ((x = excluded_by(c, d->slaves.v[i], pat, depth + 1)))
			return x;
	return NULL;
}

static void exclude(struct run *r, const struct st_config *c, enum st_scope scope,
		    const char *target, const struct st_device *via, const char *pat,
		    enum st_config_key key)
{
	struct st_plan *p = r->plan;
	struct st_exclusion *e;
	char *why = st_xasprintf("matches '%s' (%s, %s:%u)", pat, st_config_key_name(key),
				 c->file ? c->file : "built in", c->line[key]);

	p->excluded = st_xrealloc(p->excluded, (p->nexcluded + 1) * sizeof(*p->excluded));
	e = &p->excluded[p->nexcluded++];
	e->scope = scope;
	e->target = st_xstrdup(target);
	if (via && strcmp(via->name, target) != 0)
		e->reason = st_xasprintf("is on %s, which %s", via->name, why);
	else
		e->reason = st_xstrdup(why);
	free(why);
	st_debug("%s: excluded: %s", target, e->reason);
}

/* The device and mount targets that only selects and c does not exclude,
 * and the system when only names nothing. */
static void add_targets(struct run *r, const struct st_devv *only, const struct st_config *c)
{
	const struct st_system *sys = r->sys;
	const struct st_device *via;
	const char *pat;

	for (size_t i = 0; i < sys->devices.n; i++) {
		const struct st_device *d = sys->devices.v[i];

		if (!selected(only, d, 0))
			continue;
		if ((via = excluded_by(c, d, &pat, 0)))
			exclude(r, c, ST_SCOPE_DEVICE, d->name, via, pat, ST_CONF_EXCLUDE_DEVICES);
		else {
			add_target(r, ST_SCOPE_DEVICE, d, NULL, d->name);
			r->targets[r->ntargets - 1].named = only && st_devv_contains(only, d);
		}
	}
	for (size_t i = 0; i < sys->mounts.n; i++) {
		const struct st_mount *m = sys->mounts.v[i];
		const struct st_device *d = st_system_find_devno(sys, m->maj, m->min);

		if (m->swap || !d || !selected(only, d, 0))
			continue;
		if ((via = excluded_by(c, d, &pat, 0)))
			exclude(r, c, ST_SCOPE_MOUNT, m->target, via, pat, ST_CONF_EXCLUDE_DEVICES);
		else if ((pat = st_config_mount_pattern(c, m->target)))
			exclude(r, c, ST_SCOPE_MOUNT, m->target, NULL, pat, ST_CONF_EXCLUDE_MOUNTS);
		else
			add_target(r, ST_SCOPE_MOUNT, d, m, m->target);
	}
	if (!only || !only->n)
		add_target(r, ST_SCOPE_SYSTEM, NULL, NULL, "system");
}

int st_engine_run(const struct st_ruleset *rs, const struct st_profile *prof,
		  const struct st_system *sys, const struct st_devv *only, struct st_plan **out)
{
	struct st_engine_opts opts = { .only = only };

	return st_engine_run_opts(rs, prof, sys, &opts, out);
}

int st_engine_run_opts(const struct st_ruleset *rs, const struct st_profile *prof,
		       const struct st_system *sys, const struct st_engine_opts *opts,
		       struct st_plan **out)
{
	struct run r = { .rs = rs, .prof = prof, .sys = sys };
	size_t i, j;

	r.plan = st_xcalloc(1, sizeof(*r.plan));
	r.plan->profile = prof;
	add_targets(&r, opts ? opts->only : NULL, opts ? opts->config : NULL);

	/* rules x targets; the targets are few per scope, the rules many.
	 * A rule a drop-in turned off is not evaluated at all. */
	for (i = 0; i < rs->n; i++)
		for (j = 0; j < r.ntargets && !rs->v[i]->disabled_file; j++)
			if (r.targets[j].scope == rs->v[i]->scope)
				run_rule(&r, rs->v[i], i, &r.targets[j]);

	/* sorted by target (devices, mounts, system: the report's grouping),
	 * then knob (apply order), then winner first */
	if (r.ncands > 1)
		qsort(r.cands, r.ncands, sizeof(*r.cands), cand_cmp);
	for (i = 0; i < r.ncands; i = j) {
		for (j = i + 1; j < r.ncands && r.cands[j].t == r.cands[i].t &&
				r.cands[j].rule->knob == r.cands[i].rule->knob;
		     j++)
			;
		settle(&r, i, j);
	}
	fstab_lines(r.plan);
	if (r.nadvs > 1)
		qsort(r.advs, r.nadvs, sizeof(*r.advs), adv_cmp);
	r.plan->advice = st_xcalloc(r.nadvs + 1, sizeof(*r.plan->advice));
	for (i = 0; i < r.nadvs; i++)
		r.plan->advice[i] = r.advs[i].rc;
	r.plan->nadvice = r.nadvs;
	free(r.advs);
	for (i = 0; i < r.ncands; i++) {
		free(r.cands[i].text);
		free(r.cands[i].shown);
	}
	free(r.cands);
	for (i = 0; i < r.ntargets; i++)
		free(r.targets[i].name);
	free(r.targets);
	*out = r.plan;
	return 0;
}

static void reco_clear(struct st_reco *rc)
{
	free(rc->id);
	free(rc->target);
	free(rc->current);
	free(rc->recommended);
	free(rc->summary);
	free(rc->command);
	free(rc->fstab_line);
	for (size_t i = 0; i < rc->nlosers; i++) {
		free(rc->losers[i].value);
		free(rc->losers[i].reason);
	}
	free(rc->losers);
}

void st_plan_free(struct st_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->nchanges; i++)
		reco_clear(&plan->changes[i]);
	for (size_t i = 0; i < plan->nok; i++)
		reco_clear(&plan->ok[i]);
	for (size_t i = 0; i < plan->nadvice; i++)
		reco_clear(&plan->advice[i]);
	for (size_t i = 0; i < plan->nskipped; i++) {
		free(plan->skipped[i].target);
		free(plan->skipped[i].reason);
	}
	for (size_t i = 0; i < plan->nexcluded; i++) {
		free(plan->excluded[i].target);
		free(plan->excluded[i].reason);
	}
	free(plan->excluded);
	free(plan->changes);
	free(plan->ok);
	free(plan->advice);
	free(plan->skipped);
	free(plan);
}
