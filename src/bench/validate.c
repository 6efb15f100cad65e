/*
 * validate.c - owns A/B validation: grouping applied changes by target and
 * workload, finding a filesystem to measure each on, running randomized
 * interleaved trials through the benchmark, deciding from the statistics,
 * checking the mechanism in /proc/diskstats, and undoing what regressed.
 *
 * Settings are switched only through the apply path's control handle (read,
 * skip if equal, write, read back), so the journal covers both states.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_math.h"
#include "st_bench.h"
#include "st_engine.h"
#include "st_knob.h"
#include "st_log.h"
#include "st_model.h"
#include "st_rules.h"
#include "st_scratch.h"
#include "st_stats.h"
#include "st_util.h"
#include "st_validate.h"

/* how deep to look through partitions and holders for a mount */
#define MOUNT_SEARCH_DEPTH 8

static const char *const verdict_names[ST_VERDICT_NR] = {
	[ST_VERDICT_IMPROVED] = "improved",
	[ST_VERDICT_NONE] = "no detectable change",
	[ST_VERDICT_REGRESSED] = "regressed",
	[ST_VERDICT_SKIPPED] = "not measured",
};

const char *st_verdict_name(enum st_verdict v)
{
	return v < ST_VERDICT_NR ? verdict_names[v] : "?";
}

static const char *const stop_names[ST_AB_STOP_NR] = {
	[ST_AB_STOP_FIXED] = "fixed",
	[ST_AB_STOP_DETECTABLE] = "detectable",
	[ST_AB_STOP_BUDGET] = "budget",
	[ST_AB_STOP_MAX_TRIALS] = "max_trials",
};

const char *st_ab_stop_name(enum st_ab_stop s)
{
	return s < ST_AB_STOP_NR ? stop_names[s] : "?";
}

static void group_clear(struct st_ab_group *g)
{
	free(g->target);
	free(g->workload);
	free(g->dir);
	free(g->items);
	free(g->knobs);
	free(g->a);
	free(g->b);
	free(g->arm[0].v);
	free(g->arm[1].v);
	free(g->mechanism);
	free(g->note);
	free(g->trials);
}

void st_validation_free(struct st_validation *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++)
		group_clear(&v->g[i]);
	free(v->g);
	st_strv_free(v->unvalidated);
	free(v);
}

/* Statistics ------------------------------------------------------------------ */

void st_ab_decide(struct st_ab_group *g)
{
	const double *a = g->arm[0].v, *b = g->arm[1].v;
	double ma = st_median(a, g->n), mb = st_median(b, g->n);
	double level = g->level > 0 ? g->level : ST_AB_ALPHA;

	g->ratio = ma > 0 ? mb / ma : NAN;
	g->p = st_mann_whitney_p(a, g->n, b, g->n);
	if (isnan(g->ratio) || st_rank_ratio_ci(a, g->n, b, g->n, level, &g->ci_lo, &g->ci_hi) < 0)
		g->ci_lo = g->ci_hi = NAN;
	g->cv = st_cv(a, g->n);
	g->spread = g->level > 0 ? st_pooled_spread(a, g->n, b, g->n) : g->cv;
	if (isnan(g->spread))
		g->detectable = NAN;
	else if (g->level > 0)
		g->detectable = st_seq_detectable(g->spread, g->n, g->level);
	else
		g->detectable = st_detectable_effect(g->cv, g->n);
	if (isnan(g->ratio) || !(g->p < level))
		g->verdict = ST_VERDICT_NONE;
	else if (!isnan(g->ci_lo)) /* the side of 1 the interval is on (1 can only be an end) */
		g->verdict = g->ci_lo >= 1 && g->ci_hi > 1 ? ST_VERDICT_IMPROVED : ST_VERDICT_REGRESSED;
	else
		g->verdict = g->ratio > 1 ? ST_VERDICT_IMPROVED : ST_VERDICT_REGRESSED;
}

char *st_ab_verdict_text(const struct st_ab_group *g)
{
	const char *who = g->level > 0 ? "the" : "A's", *whose = g->level > 0 ? "" : "A's ";
	char ci[64] = "";

	if (g->verdict == ST_VERDICT_SKIPPED)
		return st_xasprintf("not measured: %s", g->note ? g->note : "?");
	if (g->verdict == ST_VERDICT_NONE && fabs(g->ratio - 1) >= g->detectable)
		return st_xasprintf("%+.1f%% was measured, but it is not significant (p %.2f); the trials vary "
				    "too much (%sby %.1f%%) to call it",
				    (g->ratio - 1) * 100, g->p, whose, g->spread * 100);
	if (g->verdict == ST_VERDICT_NONE)
		return st_xasprintf("no detectable effect >= %.0f%% (p %.2f; %s trials vary by %.1f%%)",
				    g->detectable * 100, g->p, who, g->spread * 100);
	if (!isnan(g->ci_lo))
		snprintf(ci, sizeof(ci), "95%% CI %+.1f%% .. %+.1f%%; ", (g->ci_lo - 1) * 100,
			 (g->ci_hi - 1) * 100);
	return st_xasprintf("B is %.1f%% %s (%sp %.2g)", fabs(g->ratio - 1) * 100,
			    g->verdict == ST_VERDICT_IMPROVED ? "faster" : "slower", ci, g->p);
}

/* Mechanism ------------------------------------------------------------------- */

static double per(uint64_t x, uint64_t n)
{
	return n ? (double)x / (double)n : NAN;
}

/* differ by more than rel of the larger, and by more than abs */
static bool differ(double a, double b, double rel, double abs_min)
{
	double m = st_m_fmax(fabs(a), fabs(b));

	if (isnan(a) || isnan(b))
		return false;
	return fabs(a - b) > rel * m && fabs(a - b) > abs_min;
}

static void kib_str(double bytes, char *buf, size_t len)
{
	if (isnan(bytes))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.0f KiB", bytes / 1024);
}

static void mechanism(struct st_ab_group *g)
{
	const struct st_ab_arm *A = &g->arm[0], *B = &g->arm[1];
	char **parts = NULL;
	int seen = -1;

	if (!A->phys.known || !B->phys.known) {
		g->mechanism = st_xstrdup(g->mechs ? "no /proc/diskstats figures for the device" : "-");
		g->mechanism_seen = -1;
		return;
	}
	for (int m = 0; m < ST_MECH_NR; m++) {
		double a, b;
		bool s;
		char x[32], y[32];

		if (!(g->mechs & (1u << m)))
			continue;
		switch ((enum st_mech)m) {
		case ST_MECH_REQ_SIZE:
			a = per(A->phys.read_bytes + A->phys.write_bytes, A->phys.read_ios + A->phys.write_ios);
			b = per(B->phys.read_bytes + B->phys.write_bytes, B->phys.read_ios + B->phys.write_ios);
			s = differ(a, b, 0.05, 512);
			kib_str(a, x, sizeof(x));
			kib_str(b, y, sizeof(y));
			st_strv_pushf(&parts, "avg request %s -> %s", x, y);
			break;
		case ST_MECH_MERGES:
			a = per(A->phys.merges, A->phys.read_ios + A->phys.write_ios);
			b = per(B->phys.merges, B->phys.read_ios + B->phys.write_ios);
			s = differ(a, b, 0.10, 0.01);
			st_strv_pushf(&parts, "merges per request %.3f -> %.3f", a, b);
			break;
		case ST_MECH_FLUSHES:
			if (!A->phys.flushes_known || !A->syncs) {
				st_strv_push(&parts, A->syncs ? "flushes: not counted before kernel 5.5"
							      : "flushes: the workload issues no fsync");
				continue;
			}
			a = per(A->phys.flushes, A->syncs);
			b = per(B->phys.flushes, B->syncs);
			s = differ(a, b, 0.10, 0.05);
			st_strv_pushf(&parts, "flushes per fsync %.2f -> %.2f", a, b);
			break;
		case ST_MECH_QUEUE:
			a = A->phys.aqu_sz / g->n;
			b = B->phys.aqu_sz / g->n;
			s = differ(a, b, 0.10, 0.1);
			st_strv_pushf(&parts, "average queue %.1f -> %.1f", a, b);
			break;
		case ST_MECH_WRITEBACK:
			a = per(A->phys.write_bytes_run, A->write_bytes);
			b = per(B->phys.write_bytes_run, B->write_bytes);
			s = differ(a, b, 0.10, 0.02);
			st_strv_pushf(&parts, "written back during the burst %.0f%% -> %.0f%%", a * 100, b * 100);
			break;
		case ST_MECH_ATIME:
			a = per(A->phys.write_ios * 1000, A->ios);
			b = per(B->phys.write_ios * 1000, B->ios);
			s = differ(a, b, 0.10, 0.5);
			st_strv_pushf(&parts, "write requests per 1000 reads %.1f -> %.1f", a, b);
			break;
		default:
			st_strv_push(&parts, "not visible in /proc/diskstats (timing only)");
			continue;
		}
		seen = seen == 1 || s;
	}
	g->mechanism = parts ? st_strv_join(parts, "; ") : st_xstrdup("-");
	g->mechanism_seen = seen;
	st_strv_free(parts);
}

/* Trials ---------------------------------------------------------------------- */

typedef int (*switch_fn)(void *data, const struct st_ab_group *g, bool b);

static void arm_add(struct st_ab_arm *arm, const struct st_bench_result *r)
{
	struct st_physical *p = &arm->phys;

	arm->ios += r->ios;
	arm->syncs += r->syncs;
	arm->read_bytes += r->read_bytes;
	arm->write_bytes += r->write_bytes;
	if (!r->phys.known) {
		p->known = false;
		return;
	}
	p->read_bytes += r->phys.read_bytes;
	p->write_bytes += r->phys.write_bytes;
	p->write_bytes_run += r->phys.write_bytes_run;
	p->read_ios += r->phys.read_ios;
	p->write_ios += r->phys.write_ios;
	p->merges += r->phys.merges;
	p->flushes += r->phys.flushes;
	p->flushes_known = r->phys.flushes_known;
	p->aqu_sz += r->phys.aqu_sz;
}

static double metric(const struct st_bench_result *r, bool mbps)
{
	return mbps ? r->mbps : r->iops;
}

/*
 * The job that measures g with p's options, and whether its trials score
 * MB/s (*mbps) or IOPS.  False, with g marked skipped and nothing to
 * clear, when it cannot run here: an unknown workload, options it does not
 * fit, or a burst too small for the dirty_* settings to act on.
 */
static bool group_job(const struct st_bench_ctx *ctx, struct st_ab_group *g, const struct st_ab_params *p,
		      struct st_job *job, bool *mbps)
{
	const struct st_workload_def *w = st_workload_find(g->workload);

	if (!w) {
		g->verdict = ST_VERDICT_SKIPPED;
		g->note = st_xasprintf("unknown workload '%s'", g->workload);
		return false;
	}
	st_job_from_workload(job, w);
	job->runtime_s = p->runtime_s;
	job->ramp_s = p->ramp_s;
	job->size = p->size;
	if (st_job_check(job) < 0) {
		st_job_clear(job);
		g->verdict = ST_VERDICT_SKIPPED;
		g->note = st_xstrdup("the workload does not fit these options");
		return false;
	}
	*mbps = w->rw == ST_RW_READ || w->rw == ST_RW_WRITE;
	g->metric = *mbps ? "MB/s" : "IOPS";
	if (job->burst && (g->mechs & (1u << ST_MECH_WRITEBACK))) {
		uint64_t limit = st_bench_dirty_limit(ctx->sys), size = job->size, avail = 0;

		/* before the file is laid out: the size prepare would pick */
		if (size == 0 && st_scratch_free_bytes(g->dir, &avail) == 0)
			size = st_scratch_default_size(avail);
		if (limit && size <= limit) {
			char sz[32], lim[32];

			st_size_to_human(size, sz, sizeof(sz));
			st_size_to_human(limit, lim, sizeof(lim));
			g->verdict = ST_VERDICT_SKIPPED;
			g->note = st_xasprintf("a %s burst stays under the dirty limit (%s): dirty_* would "
					       "not act; give --size above %s", sz, lim, lim);
			st_job_clear(job);
			return false;
		}
	}
	return true;
}

/* Trials per arm at t = 1 of a sequential run: what the budget leaves room
 * for at the trial's nominal length (an over-estimate, which only leaves
 * alpha unspent when the budget ends the run), at most ST_AB_MAX_TRIALS.
 * From the parameters alone: the boundaries must not depend on the data. */
static unsigned seq_n_max(const struct st_ab_params *p)
{
	double per_block = 2 * (p->runtime_s + p->ramp_s), blocks;
	unsigned n = ST_AB_MAX_TRIALS;

	if (p->budget_s > 0 && per_block > 0) {
		blocks = st_m_floor(p->budget_s / per_block);
		if (blocks - 1 < n)
			n = blocks > 1 ? (unsigned)blocks - 1 : 0;
	}
	return n < p->trials ? p->trials : n;
}

/* The benchmark thread on the CPU it runs on for the whole of the trials:
 * a migration between trials changes caches and the CPU's own noise. */
struct pin {
	bool on;
	cpu_set_t old;
};

static void pin_start(struct pin *pn)
{
	int cpu = sched_getcpu();
	cpu_set_t one;

	pn->on = false;
	if (cpu < 0 || sched_getaffinity(0, sizeof(pn->old), &pn->old) < 0) {
		st_debug("not pinned: %s", strerror(errno));
		return;
	}
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) < 0) {
		st_debug("not pinned to CPU %d: %s", cpu, strerror(errno));
		return;
	}
	st_debug("trials pinned to CPU %d", cpu);
	pn->on = true;
}

static void pin_end(struct pin *pn)
{
	if (pn->on && sched_setaffinity(0, sizeof(pn->old), &pn->old) < 0)
		st_warn("cannot restore the CPU affinity after the trials: %s", strerror(errno));
}

static void trial_add(struct st_ab_group *g, unsigned block, bool b, const struct st_bench_result *r, double value)
{
	struct st_ab_trial *t = &g->trials[g->ntrials];

	*t = (struct st_ab_trial){ .order = (unsigned)g->ntrials, .block = block, .arm = b, .kept = block > 0,
				   .value = value, .mech_known = r->phys.known };
	if (r->phys.known) {
		t->read_bytes = r->phys.read_bytes;
		t->write_bytes = r->phys.write_bytes;
		t->ios = r->phys.read_ios + r->phys.write_ios;
		t->flushes = r->phys.flushes;
	}
	g->ntrials++;
}

/* After block n (n trials per arm kept): whether a sequential run stops,
 * and why; sets g->level to the level that look held p to. */
static bool seq_stop(struct st_ab_group *g, struct st_seq *sq, const struct st_ab_params *p, uint64_t t0,
		     unsigned n)
{
	double elapsed = (double)(st_now_ns() - t0) / 1e9, per_block = elapsed / (n + 1);
	bool out = p->budget_s > 0 && elapsed + per_block > p->budget_s;
	double pv = st_mann_whitney_p(g->arm[0].v, n, g->arm[1].v, n);

	switch (st_seq_look(sq, n, st_pooled_spread(g->arm[0].v, n, g->arm[1].v, n), pv, out)) {
	case ST_SEQ_GO_ON:
		return false;
	case ST_SEQ_REJECT:
	case ST_SEQ_PRECISE:
		g->stopped = ST_AB_STOP_DETECTABLE;
		break;
	case ST_SEQ_BUDGET:
		g->stopped = ST_AB_STOP_BUDGET;
		break;
	default:
		g->stopped = ST_AB_STOP_MAX_TRIALS;
		break;
	}
	/* a last look always has a level; DBL_MIN only guards "0: fixed" */
	g->level = sq->level > 0 ? sq->level : DBL_MIN;
	return true;
}

static int run_group(const struct st_bench_ctx *ctx, struct st_ab_group *g, const struct st_ab_params *p,
		     switch_fn sw, void *data)
{
	struct st_scratch *scratch = NULL;
	struct st_rng rng;
	struct st_job job = { 0 };
	struct st_seq sq;
	struct pin pin;
	bool mbps = false, seq = p->detect > 0 || p->budget_s > 0;
	unsigned n_max = seq ? seq_n_max(p) : p->trials;
	uint64_t t0;
	int rc;

	if (!group_job(ctx, g, p, &job, &mbps))
		return 0;

	rc = st_bench_prepare(ctx, g->dir, &job, &scratch);
	if (rc < 0) {
		st_job_clear(&job);
		g->verdict = ST_VERDICT_SKIPPED;
		g->note = st_xasprintf("no scratch file in %s: %s", g->dir, strerror(-rc));
		return 0;
	}
	g->n = 0;
	g->arm[0].v = st_xcalloc(n_max, sizeof(double));
	g->arm[1].v = st_xcalloc(n_max, sizeof(double));
	g->trials = st_xcalloc(2 * ((size_t)n_max + 1), sizeof(*g->trials));
	g->arm[0].phys.known = g->arm[1].phys.known = true;
	g->stopped = ST_AB_STOP_FIXED;
	st_seq_init(&sq, ST_AB_ALPHA, p->detect, n_max);
	st_rng_seed(&rng, p->seed);
	pin_start(&pin);
	t0 = st_now_ns();
	for (unsigned block = 0; block <= n_max && rc == 0; block++) {
		bool b_first = st_rng_below(&rng, 2);
		int dr;

		/* every block from the device, not from what the last one cached
		 * (buffered workloads; O_DIRECT ones read none of it) */
		if ((dr = st_scratch_drop_cache(scratch)) < 0)
			st_debug("%s: dropping the scratch file's cache: %s", g->dir, strerror(-dr));
		for (int k = 0; k < 2 && rc == 0; k++) {
			bool b = b_first ? k == 0 : k == 1;
			struct st_bench_result *res = NULL;

			rc = sw(data, g, b);
			if (rc < 0)
				break; /* a kernel write failed: the caller rolls back */
			if (st_bench_run(ctx, scratch, &job, &res) < 0) {
				g->verdict = ST_VERDICT_SKIPPED;
				g->note = st_xstrdup("a trial failed (see above)");
				rc = 1;
				break;
			}
			st_debug("%s %s block %u %s: %.1f %s", g->target, g->workload, block, b ? "B" : "A",
				 metric(res, mbps), g->metric);
			trial_add(g, block, b, res, metric(res, mbps));
			/* block 0 warms caches and devices up: discarded */
			if (block > 0) {
				g->arm[b].v[block - 1] = metric(res, mbps);
				arm_add(&g->arm[b], res);
			}
			st_bench_result_free(res);
		}
		if (rc != 0 || block == 0)
			continue;
		g->n = block;
		if (!seq ? block >= p->trials : block >= p->trials && seq_stop(g, &sq, p, t0, block))
			break;
	}
	g->elapsed_s = (double)(st_now_ns() - t0) / 1e9;
	pin_end(&pin);
	st_seq_clear(&sq);
	st_scratch_free(scratch);
	st_job_clear(&job);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		/* measured nothing usable: leave the change in place */
		return sw(data, g, true);
	}
	st_ab_decide(g);
	mechanism(g);
	/* end in B; a regression is undone by the caller */
	return sw(data, g, true);
}

/* apply --validate ------------------------------------------------------------- */

static bool mount_writable(const struct st_mount *m)
{
	char **opts;
	bool ro = false;

	if (m->swap || !m->target)
		return false;
	opts = st_mount_options_split(m->vfs_options ? m->vfs_options : m->options);
	for (char **o = opts; o && *o; o++)
		ro |= strcmp(*o, "ro") == 0;
	st_strv_free(opts);
	return !ro;
}

/* A writable mount on dev, or on a partition of it or anything built on it. */
static const struct st_mount *device_mount(const struct st_device *d, unsigned depth)
{
	const struct st_mount *m;

	if (depth > MOUNT_SEARCH_DEPTH)
		return NULL;
	for (size_t i = 0; i < d->mounts.n; i++)
		if (mount_writable(d->mounts.v[i]))
			return d->mounts.v[i];
	for (size_t i = 0; i < d->partitions.n; i++)
		if ((m = device_mount(d->partitions.v[i], depth + 1)))
			return m;
	for (size_t i = 0; i < d->holders.n; i++)
		if ((m = device_mount(d->holders.v[i], depth + 1)))
			return m;
	return NULL;
}

static struct st_ab_group *group_for(struct st_validation *v, const char *target, const char *workload)
{
	struct st_ab_group *g;

	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->g[i].target, target) == 0 && strcmp(v->g[i].workload, workload) == 0)
			return &v->g[i];
	v->g = st_xrealloc(v->g, (v->n + 1) * sizeof(*v->g));
	g = &v->g[v->n++];
	memset(g, 0, sizeof(*g));
	g->target = st_xstrdup(target);
	g->workload = st_xstrdup(workload);
	g->mechanism_seen = -1;
	return g;
}

static void append_str(char **dst, const char *s)
{
	char *n = *dst ? st_xasprintf("%s, %s", *dst, s) : st_xstrdup(s);

	free(*dst);
	*dst = n;
}

static void build_groups(struct st_validation *v, const struct st_apply *a, const struct st_ab_params *p)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct st_apply_item *it = &a->items[i];
		const struct st_reco *rc = it->reco;
		struct st_ab_group *g;

		if (it->status != ST_IT_DONE)
			continue;
		if (!rc->rule->validate) {
			st_strv_pushf(&v->unvalidated, "%s %s: its rule (%s) names no workload", rc->target,
				      rc->knob->name, rc->rule->id);
			continue;
		}
		g = group_for(v, rc->target, rc->rule->validate);
		g->items = st_xrealloc(g->items, (g->nitems + 1) * sizeof(*g->items));
		g->items[g->nitems++] = i;
		append_str(&g->knobs, rc->knob->name);
		append_str(&g->a, it->live);
		append_str(&g->b, rc->recommended);
		g->mechs |= 1u << rc->knob->mech;
		if (g->dir || g->note)
			continue;
		if (rc->scope == ST_SCOPE_MOUNT) {
			g->dir = st_xstrdup(rc->target);
		} else if (rc->scope == ST_SCOPE_SYSTEM) {
			if (p->target)
				g->dir = st_xstrdup(p->target);
			else
				g->note = st_xstrdup("system-wide: give --target DIR to measure it");
		} else {
			const struct st_mount *m = rc->dev ? device_mount(rc->dev, 0) : NULL;

			if (m)
				g->dir = st_xstrdup(m->target);
			else
				g->note = st_xasprintf("no writable filesystem is mounted on %s", rc->target);
		}
	}
}

struct ctl_switch {
	struct st_apply_ctl *ctl;
	const struct st_ab_group *in_a; /* the group now in its A state; NULL: all in B */
};

/*
 * A scheduler switch resets nr_requests and makes the new scheduler's
 * tunables anew, whichever group they were validated in: after each write,
 * what the write reset is written again, to the arm's value for this
 * group's items (old: the items at their old value) and to what the run
 * left them at for the rest of the plan.
 */
static int ctl_switch(void *data, const struct st_ab_group *g, bool b)
{
	struct ctl_switch *cs = data;

	/* already there (two A trials in a row): a dependent's old value
	 * would be written under the old scheduler it does not belong to */
	if ((cs->in_a == g) == !b)
		return 0;
	cs->in_a = b ? NULL : g;
	/* B in apply order (a scheduler before its tunables), A in reverse */
	for (size_t k = 0; k < g->nitems; k++) {
		size_t i = b ? g->items[k] : g->items[g->nitems - 1 - k];
		int rc = st_apply_ctl_set(cs->ctl, i, b);

		if (rc == 0)
			rc = st_apply_ctl_settle(cs->ctl, i, g->items, b ? 0 : g->nitems);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Undoes items[k] for k from n down (apply order reversed), each write
 * followed by what it reset. */
static int undo_items(struct st_apply_ctl *ctl, const size_t *items, size_t n, const char *why)
{
	int rc = 0;

	for (size_t k = n; k-- > 0 && rc == 0;) {
		rc = st_apply_ctl_undo(ctl, items[k], why);
		if (rc == 0)
			rc = st_apply_ctl_settle(ctl, items[k], NULL, 0);
	}
	return rc;
}

/* bench --ab: every change still in place undone, newest first */
static int undo_done(struct st_apply_ctl *ctl)
{
	const struct st_apply *a = st_apply_ctl_apply(ctl);
	size_t *items = st_xcalloc(a->n ? a->n : 1, sizeof(*items)), n = 0;
	int rc;

	for (size_t i = 0; i < a->n; i++)
		if (a->items[i].status == ST_IT_DONE)
			items[n++] = i;
	rc = undo_items(ctl, items, n, "measured by bench --ab, not kept");
	free(items);
	return rc;
}

int st_validate_apply(void *data, struct st_apply_ctl *ctl)
{
	struct st_validate_run *vr = data;
	struct st_validation *v = st_xcalloc(1, sizeof(*v));
	struct ctl_switch cs = { .ctl = ctl };
	char *why;
	int rc = 0;

	v->params = vr->params;
	vr->out = v;
	build_groups(v, st_apply_ctl_apply(ctl), &v->params);
	for (size_t i = 0; i < v->n && rc == 0; i++) {
		struct st_ab_group *g = &v->g[i];

		if (!g->dir) {
			g->verdict = ST_VERDICT_SKIPPED;
			continue;
		}
		rc = run_group(vr->bench, g, &v->params, ctl_switch, &cs);
		if (rc < 0 || g->verdict != ST_VERDICT_REGRESSED)
			continue;
		why = st_xasprintf("regressed under %s: %s x%.3f (p %.3f)", g->workload, g->metric,
				   g->ratio, g->p);
		rc = undo_items(ctl, g->items, g->nitems, why);
		free(why);
		v->nrolled++;
	}
	/* bench --ab: measured, not kept */
	if (rc == 0 && !vr->keep)
		rc = undo_done(ctl);
	return rc;
}

/* bench --ab: A/A --------------------------------------------------------------- */

static int no_switch(void *data, const struct st_ab_group *g, bool b)
{
	(void)data;
	(void)g;
	(void)b;
	return 0;
}

int st_validate_aa(const struct st_bench_ctx *ctx, const char *dir, const char *workload,
		   const struct st_ab_params *p, struct st_validation **out)
{
	struct st_validation *v = st_xcalloc(1, sizeof(*v));
	struct st_ab_group *g;
	int rc;

	v->params = *p;
	g = group_for(v, dir, workload);
	g->dir = st_xstrdup(dir);
	g->knobs = st_xstrdup("(none: A/A)");
	g->a = st_xstrdup("current");
	g->b = st_xstrdup("current");
	rc = run_group(ctx, g, p, no_switch, NULL);
	*out = v;
	if (rc == 0 && g->verdict == ST_VERDICT_SKIPPED)
		rc = -EIO;
	return rc;
}
