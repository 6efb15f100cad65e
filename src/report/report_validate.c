/*
 * report_validate.c - owns how an A/B validation reads: one table row per
 * group (knob, A, B, ratio, CI and p, detectable effect, mechanism seen,
 * verdict), then a line per group saying what the mechanism check saw and
 * what the verdict means; and the same as JSON.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_json.h"
#include "st_stats.h"
#include "st_util.h"
#include "st_report_validate.h"

enum { C_TARGET, C_KNOB, C_A, C_B, C_WORKLOAD, C_AMED, C_BMED, C_RATIO, C_CI, C_P, C_DETECT, C_MECH,
       C_VERDICT, C_NR };
static const char *const heads[C_NR] = { "TARGET", "KNOB", "A", "B", "WORKLOAD", "A MEDIAN", "B MEDIAN",
					 "RATIO", "95% CI", "P", "DETECTABLE", "MECHANISM", "VERDICT" };

static const char *seen_word(int seen)
{
	return seen < 0 ? "-" : seen ? "seen" : "not seen";
}

static void cells(const struct st_ab_group *g, char c[C_NR][96])
{
	bool measured = g->verdict != ST_VERDICT_SKIPPED && g->n;

	snprintf(c[C_TARGET], 96, "%s", g->target);
	snprintf(c[C_KNOB], 96, "%s", g->knobs ? g->knobs : "-");
	snprintf(c[C_A], 96, "%s", g->a ? g->a : "-");
	snprintf(c[C_B], 96, "%s", g->b ? g->b : "-");
	snprintf(c[C_WORKLOAD], 96, "%s", g->workload);
	snprintf(c[C_VERDICT], 96, "%s", st_verdict_name(g->verdict));
	if (!measured) {
		for (int i = C_AMED; i <= C_MECH; i++)
			snprintf(c[i], 96, "-");
		return;
	}
	snprintf(c[C_AMED], 96, "%.1f %s", st_median(g->arm[0].v, g->n), g->metric);
	snprintf(c[C_BMED], 96, "%.1f %s", st_median(g->arm[1].v, g->n), g->metric);
	snprintf(c[C_RATIO], 96, "%.3f", g->ratio);
	if (isnan(g->ci_lo))
		snprintf(c[C_CI], 96, "-");
	else
		snprintf(c[C_CI], 96, "%.3f-%.3f", g->ci_lo, g->ci_hi);
	snprintf(c[C_P], 96, "%.3f", g->p);
	if (isnan(g->detectable))
		snprintf(c[C_DETECT], 96, "-");
	else
		snprintf(c[C_DETECT], 96, "%.0f%%", g->detectable * 100);
	snprintf(c[C_MECH], 96, "%s", seen_word(g->mechanism_seen));
	if (g->verdict == ST_VERDICT_REGRESSED && g->nitems)
		snprintf(c[C_VERDICT], 96, "regressed: rolled back");
}

/* Why the trials of g stopped, in words. */
static void stopped_words(FILE *out, const struct st_validation *v, const struct st_ab_group *g)
{
	switch (g->stopped) {
	case ST_AB_STOP_FIXED:
		fprintf(out, "the %u trials asked for\n", v->params.trials);
		break;
	case ST_AB_STOP_DETECTABLE:
		if (g->verdict == ST_VERDICT_NONE)
			fprintf(out, "an effect of %.0f%% became detectable\n", v->params.detect * 100);
		else
			fprintf(out, "an effect was found (p %.4f below this look's level %.4f)\n", g->p,
				g->level);
		break;
	case ST_AB_STOP_BUDGET:
		fprintf(out, "the budget of %.0f s was spent\n", v->params.budget_s);
		break;
	default:
		fprintf(out, "the most trials this run allows\n");
		break;
	}
}

int st_report_validation_text(FILE *out, const struct st_validation *v)
{
	const struct st_ab_params *p = &v->params;
	const char *what = v->n == 1 && !v->g[0].nitems ? "A/A test (A and B are the same settings)" : "Validation";
	size_t w[C_NR];
	char (*c)[C_NR][96];

	if (p->detect > 0 || p->budget_s > 0) {
		fprintf(out, "\n%s: blocks of one A and one B trial in random order (the first discarded), "
			"%.1f s after a %.1f s ramp each, from %u of each until an effect of %.0f%% is detectable",
			what, p->runtime_s, p->ramp_s, p->trials, p->detect * 100);
		if (p->budget_s > 0)
			fprintf(out, " or %.0f s are spent", p->budget_s);
		fprintf(out, " (at most %u; group-sequential Mann-Whitney test, O'Brien-Fleming alpha "
			"spending, alpha %.2f); seed %llu\n", ST_AB_MAX_TRIALS, ST_AB_ALPHA,
			(unsigned long long)p->seed);
	} else {
		fprintf(out, "\n%s: %u trials of A and of B in randomized blocks (the first block discarded), "
			"%.1f s after a %.1f s ramp each; seed %llu\n",
			what, p->trials, p->runtime_s, p->ramp_s, (unsigned long long)p->seed);
	}
	if (!v->n) {
		fprintf(out, "nothing to measure: no change made has a validate workload\n");
	} else {
		c = st_xcalloc(v->n, sizeof(*c));
		for (int k = 0; k < C_NR; k++)
			w[k] = strlen(heads[k]);
		for (size_t i = 0; i < v->n; i++) {
			cells(&v->g[i], c[i]);
			for (int k = 0; k < C_NR; k++)
				if (strlen(c[i][k]) > w[k])
					w[k] = strlen(c[i][k]);
		}
		for (int k = 0; k < C_NR; k++)
			fprintf(out, "%-*s%s", k + 1 < C_NR ? (int)w[k] : 0, heads[k], k + 1 < C_NR ? "  " : "\n");
		for (size_t i = 0; i < v->n; i++)
			for (int k = 0; k < C_NR; k++)
				fprintf(out, "%-*s%s", k + 1 < C_NR ? (int)w[k] : 0, c[i][k],
					k + 1 < C_NR ? "  " : "\n");
		free(c);
		fputc('\n', out);
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct st_ab_group *g = &v->g[i];
		const char *name = g->nitems ? g->knobs : g->workload;
		char *text;

		if (g->verdict == ST_VERDICT_SKIPPED) {
			fprintf(out, "%s %s: not measured: %s\n", g->target, name, g->note ? g->note : "?");
			continue;
		}
		text = st_ab_verdict_text(g);
		fprintf(out, "%s %s: %s%s\n", g->target, name, text,
			g->verdict == ST_VERDICT_REGRESSED && g->nitems ? "; rolled back" : "");
		free(text);
		fprintf(out, "  %u trials of A and of B (and a discarded block) in %.1f s; smallest detectable "
			"effect ", g->n, g->elapsed_s);
		if (isnan(g->detectable))
			fprintf(out, "-; stopped: ");
		else
			fprintf(out, "%.1f%%; stopped: ", g->detectable * 100);
		stopped_words(out, v, g);
		if (g->mechanism && g->mechs)
			fprintf(out, "  mechanism (%s): %s\n", seen_word(g->mechanism_seen), g->mechanism);
	}
	for (char **u = v->unvalidated; u && *u; u++)
		fprintf(out, "not validated: %s\n", *u);
	if (v->nrolled)
		fprintf(out, "%zu group%s rolled back (exit 3)\n", v->nrolled, v->nrolled == 1 ? "" : "s");
	return ferror(out) ? -1 : 0;
}

static struct json_object *num(double x)
{
	return isnan(x) ? NULL : json_object_new_double(x);
}

static struct json_object *values(const double *v, unsigned n)
{
	struct json_object *a = json_object_new_array();

	for (unsigned i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_double(v[i]));
	return a;
}

/* Every trial in the order it ran, with its diskstats deltas. */
static struct json_object *trials(const struct st_ab_group *g)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < g->ntrials; i++) {
		const struct st_ab_trial *t = &g->trials[i];
		struct json_object *o = json_object_new_object(), *m = NULL;

		json_object_object_add(o, "order", json_object_new_int((int)t->order));
		json_object_object_add(o, "block", json_object_new_int((int)t->block));
		json_object_object_add(o, "arm", json_object_new_string(t->arm ? "B" : "A"));
		json_object_object_add(o, "value", json_object_new_double(t->value));
		json_object_object_add(o, "kept", json_object_new_boolean(t->kept));
		if (t->mech_known) {
			m = json_object_new_object();
			json_object_object_add(m, "read_bytes", st_json_u64(t->read_bytes));
			json_object_object_add(m, "write_bytes", st_json_u64(t->write_bytes));
			json_object_object_add(m, "ios", st_json_u64(t->ios));
			json_object_object_add(m, "syncs", st_json_u64(t->flushes));
		}
		json_object_object_add(o, "mech", m);
		json_object_array_add(a, o);
	}
	return a;
}

struct json_object *st_report_validation_object(const struct st_validation *v)
{
	struct json_object *o = json_object_new_object(), *groups = json_object_new_array();
	struct json_object *unv = json_object_new_array();

	json_object_object_add(o, "trials", json_object_new_int((int)v->params.trials));
	json_object_object_add(o, "runtime_s", json_object_new_double(v->params.runtime_s));
	json_object_object_add(o, "ramp_s", json_object_new_double(v->params.ramp_s));
	json_object_object_add(o, "seed", json_object_new_int64((int64_t)v->params.seed));
	json_object_object_add(o, "alpha", json_object_new_double(ST_AB_ALPHA));
	json_object_object_add(o, "detect", v->params.detect > 0 ? json_object_new_double(v->params.detect) : NULL);
	json_object_object_add(o, "budget_s",
			       v->params.budget_s > 0 ? json_object_new_double(v->params.budget_s) : NULL);
	for (size_t i = 0; i < v->n; i++) {
		const struct st_ab_group *g = &v->g[i];
		struct json_object *j = json_object_new_object();
		bool measured = g->verdict != ST_VERDICT_SKIPPED && g->n;
		char *text;

		json_object_object_add(j, "target", json_object_new_string(g->target));
		json_object_object_add(j, "knobs", st_json_str(g->knobs));
		json_object_object_add(j, "a", st_json_str(g->a));
		json_object_object_add(j, "b", st_json_str(g->b));
		json_object_object_add(j, "workload", json_object_new_string(g->workload));
		json_object_object_add(j, "dir", st_json_str(g->dir));
		json_object_object_add(j, "metric", st_json_str(g->metric));
		json_object_object_add(j, "a_values", measured ? values(g->arm[0].v, g->n) : NULL);
		json_object_object_add(j, "b_values", measured ? values(g->arm[1].v, g->n) : NULL);
		json_object_object_add(j, "ratio", measured ? num(g->ratio) : NULL);
		json_object_object_add(j, "p", measured ? num(g->p) : NULL);
		json_object_object_add(j, "ci95_low", measured ? num(g->ci_lo) : NULL);
		json_object_object_add(j, "ci95_high", measured ? num(g->ci_hi) : NULL);
		json_object_object_add(j, "cv_a", measured ? num(g->cv) : NULL);
		json_object_object_add(j, "spread_a", measured ? num(g->spread) : NULL);
		json_object_object_add(j, "detectable_effect", measured ? num(g->detectable) : NULL);
		json_object_object_add(j, "mechanism", measured ? st_json_str(g->mechanism) : NULL);
		json_object_object_add(j, "mechanism_seen",
				       measured && g->mechanism_seen >= 0
					       ? json_object_new_boolean(g->mechanism_seen) : NULL);
		json_object_object_add(j, "verdict", json_object_new_string(st_verdict_name(g->verdict)));
		json_object_object_add(j, "rolled_back",
				       json_object_new_boolean(g->verdict == ST_VERDICT_REGRESSED && g->nitems));
		json_object_object_add(j, "note", st_json_str(g->note));
		json_object_object_add(j, "trials", trials(g));
		json_object_object_add(j, "stopped",
				       measured ? json_object_new_string(st_ab_stop_name(g->stopped)) : NULL);
		json_object_object_add(j, "elapsed_s", measured ? json_object_new_double(g->elapsed_s) : NULL);
		text = st_ab_verdict_text(g);
		json_object_object_add(j, "verdict_text", json_object_new_string(text));
		free(text);
		json_object_array_add(groups, j);
	}
	json_object_object_add(o, "groups", groups);
	for (char **u = v->unvalidated; u && *u; u++)
		json_object_array_add(unv, json_object_new_string(*u));
	json_object_object_add(o, "not_validated", unv);
	json_object_object_add(o, "rolled_back", json_object_new_int((int)v->nrolled));
	return o;
}

int st_report_validation_json(FILE *out, const struct st_validation *v)
{
	st_json_write(out, st_report_validation_object(v));
	return ferror(out) ? -1 : 0;
}
