/*
 * report_advise.c - owns the `stortune advise` output: the plan as text for
 * an administrator (grouped by device, then mount, then system; each change
 * with current -> recommended, why, risk, provenance and the command to do it
 * by hand) and as JSON with the stable keys DESIGN.md and the issue list.
 * It reads the plan only.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "st_math.h"
#include "st_engine.h"
#include "st_json.h"
#include "st_rules.h"
#include "st_report_advise.h"
#include "st_util.h"

#define WRAP 96 /* columns of text for why; 80-column terminals wrap words */

/* Prints text word-wrapped, each line indented by indent spaces. */
static void wrap(FILE *out, int indent, const char *prefix, const char *text)
{
	int col = indent + (int)strlen(prefix);
	const char *p = text;

	fprintf(out, "%*s%s", indent, "", prefix);
	while (*p) {
		size_t n;

		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (!n)
			break;
		if (col > indent + (int)strlen(prefix) && col + 1 + (int)n > WRAP) {
			fprintf(out, "\n%*s", indent + (int)strlen(prefix), "");
			col = indent + (int)strlen(prefix);
		} else if (col > indent + (int)strlen(prefix)) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, n, out);
		col += (int)n;
		p += n;
	}
	fputc('\n', out);
}

/* "268435456 (256MiB)" for byte-valued knobs in whole KiB, else the value. */
static char *show_value(const struct st_knob *k, const char *v)
{
	struct st_value sv = { 0 };
	uint64_t n;
	char *s, *out;

	if (!v)
		return st_xstrdup("unknown");
	if (!k || k->unit != ST_UNIT_BYTES || st_parse_u64(v, &n) < 0 || n == 0 ||
	    n > INT64_MAX || n % 1024)
		return st_xstrdup(v);
	st_value_set_size(&sv, (int64_t)n);
	s = st_value_format(&sv);
	out = st_xasprintf("%s (%s)", v, s);
	free(s);
	st_value_clear(&sv);
	return out;
}

static const char *target_heading(const struct st_reco *rc, char *buf, size_t n)
{
	if (rc->scope == ST_SCOPE_MOUNT)
		snprintf(buf, n, "%s (%s on %s)", rc->target, rc->mnt->fstype,
			 rc->dev ? rc->dev->name : rc->mnt->source);
	else if (rc->scope == ST_SCOPE_DEVICE)
		snprintf(buf, n, "%s (%s, %s)", rc->target, rc->dev->type ? rc->dev->type : "-",
			 st_class_name(rc->dev->class));
	else
		snprintf(buf, n, "system");
	return buf;
}

static void print_reco(FILE *out, const struct st_reco *rc, bool verbose)
{
	char *cur = !rc->current && rc->knob->requires_sched
			    ? st_xasprintf("(%s not active yet)", st_knob_sched_name(rc->knob, rc->dev))
			    : show_value(rc->knob, rc->current);
	char *rec = show_value(rc->knob, rc->recommended);
	const struct st_rule *r = rc->rule;

	if (rc->ok)
		fprintf(out, "  %-28s %s  (already right)\n", rc->knob->name, cur);
	else
		fprintf(out, "  %-28s %s -> %s  [risk: %s]\n", rc->knob->name, cur, rec,
			st_risk_name(r->risk));
	wrap(out, 6, "", rc->summary);
	if (!rc->ok || verbose) {
		wrap(out, 6, "why: ", r->why);
		fprintf(out, "      rule: %s (%s:%u)", r->id, r->file, r->line);
		if (rc->overridden)
			fprintf(out, ", value from profile %s (%s:%u)", rc->override->profile,
				rc->override->file, rc->override->line);
		fputc('\n', out);
		wrap(out, 6, "source: ", r->source);
	}
	if (!rc->ok) {
		if (rc->command)
			fprintf(out, "      by hand: %s\n", rc->command);
		if (rc->fstab_line)
			fprintf(out, "      fstab%s: %s\n",
				rc->mnt && rc->mnt->fstab_options ? "" : " (no entry yet; add)",
				rc->fstab_line);
		if (r->validate)
			fprintf(out, "      validate: %s\n", r->validate);
	}
	if (verbose) {
		for (size_t i = 0; i < rc->nlosers; i++)
			fprintf(out, "      lost: %s (%s:%u) wanted %s: %s\n", rc->losers[i].rule->id,
				rc->losers[i].rule->file, rc->losers[i].rule->line,
				rc->losers[i].value, rc->losers[i].reason);
	}
	free(cur);
	free(rec);
}

/* Prints v[0..n) grouped under target headings. */
static void print_group(FILE *out, const struct st_reco *v, size_t n, bool verbose)
{
	const char *last = NULL;
	enum st_scope last_scope = ST_SCOPE_NR;
	char head[512];

	for (size_t i = 0; i < n; i++) {
		if (!last || strcmp(last, v[i].target) != 0 || last_scope != v[i].scope) {
			fprintf(out, "\n%s\n", target_heading(&v[i], head, sizeof(head)));
			last = v[i].target;
			last_scope = v[i].scope;
		}
		print_reco(out, &v[i], verbose);
	}
}

/* What advise --observe saw and took from it. */
static char *observed_text(const struct st_obs_advice *a)
{
	const char *sugg = a->suggested ? a->suggested->name : NULL;
	bool fs = a->fsync_heavy != ST_TRI_UNKNOWN;

	if (!a->applied)
		return st_xasprintf("Observed %.0f s: %s; too little to go by, so the profile is "
				    "used as declared.", a->seconds, a->evidence);
	return st_xasprintf(
		"Observed %.0f s: %s%s%s%s. Taken from it: access %s, %lld%% reads, request size %lld "
		"KiB%s%s; durability, goal and sharing stay the profile's.",
		a->seconds, a->evidence, sugg ? ", closest to " : "", sugg ? sugg : "",
		a->declared && sugg && a->suggested != a->declared ? " (not the declared profile)" : "",
		st_access_name(a->prof.access), (long long)a->prof.read_pct,
		(long long)a->prof.request_size / 1024, fs ? ", fsync-heavy: " : "",
		fs ? (a->prof.fsync_heavy ? "yes" : "no") : "");
}

static struct json_object *observed_json(const struct st_obs_advice *a)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "seconds", json_object_new_double(st_m_round(a->seconds * 1000) / 1000));
	json_object_object_add(o, "evidence", json_object_new_string(a->evidence));
	json_object_object_add(o, "pattern", json_object_new_string(st_obs_pattern_name(a->pattern)));
	json_object_object_add(o, "suggested_profile",
			       st_json_str(a->suggested ? a->suggested->name : NULL));
	json_object_object_add(o, "applied", json_object_new_boolean(a->applied));
	return o;
}

int st_report_advise_text(FILE *out, const struct st_plan *plan, const struct st_advise_opts *o)
{
	const struct st_profile *p = plan->profile;
	size_t durability = 0;

	if (o->observed && o->observed->applied)
		fprintf(out, "Profile: %s, adjusted to the observed I/O\n", p->name);
	else if (o->default_profile)
		fprintf(out, "Profile: %s (the default; choose one with --profile NAME, see "
			"'stortune profiles list')\n", p->name);
	else
		fprintf(out, "Profile: %s\n", p->name);
	if (p->summary)
		wrap(out, 2, "", p->summary);
	if (o->observed) {
		char *seen = observed_text(o->observed);

		wrap(out, 2, "", seen);
		free(seen);
	}
	if (plan->nchanges) {
		fprintf(out, "\nRecommended changes (%zu):\n", plan->nchanges);
		print_group(out, plan->changes, plan->nchanges, o->verbose);
	} else {
		fprintf(out, "\nNo changes recommended.\n");
	}
	if (o->verbose && plan->nok) {
		fprintf(out, "\nAlready right (%zu):\n", plan->nok);
		print_group(out, plan->ok, plan->nok, true);
	}
	if (plan->nadvice) {
		fprintf(out, "\nAdvice (%zu, not applied by stortune):\n", plan->nadvice);
		for (size_t i = 0; i < plan->nadvice; i++) {
			const struct st_reco *a = &plan->advice[i];

			fprintf(out, "\n  %s\n", a->target);
			wrap(out, 6, "", a->summary);
			if (a->recommended)
				fprintf(out, "      recommended: %s\n", a->recommended);
			wrap(out, 6, "why: ", a->rule->why);
			fprintf(out, "      rule: %s (%s:%u)  risk: %s\n", a->rule->id, a->rule->file,
				a->rule->line, st_risk_name(a->rule->risk));
			wrap(out, 6, "source: ", a->rule->source);
		}
	}
	if (plan->nexcluded) {
		fprintf(out, "\nLeft alone by the configuration (%zu):\n", plan->nexcluded);
		for (size_t i = 0; i < plan->nexcluded; i++)
			fprintf(out, "  %s %s\n", plan->excluded[i].target, plan->excluded[i].reason);
	}
	if (o->verbose && plan->nskipped) {
		fprintf(out, "\nRules that matched but were not applied (%zu):\n", plan->nskipped);
		for (size_t i = 0; i < plan->nskipped; i++)
			fprintf(out, "  %s on %s: %s\n", plan->skipped[i].rule->id,
				plan->skipped[i].target, plan->skipped[i].reason);
	}
	for (size_t i = 0; i < plan->nchanges; i++)
		durability += plan->changes[i].rule->risk == ST_RISK_DURABILITY;
	fputc('\n', out);
	fprintf(out, "%zu change%s recommended", plan->nchanges, plan->nchanges == 1 ? "" : "s");
	if (durability)
		fprintf(out, " (%zu with durability risk: applied only with "
			"--allow-durability-risk)", durability);
	fprintf(out, ", %zu setting%s already right%s, %zu advice item%s.\n", plan->nok,
		plan->nok == 1 ? "" : "s", o->verbose || !plan->nok ? "" : " (-v lists them)",
		plan->nadvice, plan->nadvice == 1 ? "" : "s");
	if (plan->nerrors)
		fprintf(out, "%zu rule evaluation%s failed; see the warnings above.\n", plan->nerrors,
			plan->nerrors == 1 ? "" : "s");
	return ferror(out) ? -EIO : 0;
}

static struct json_object *reco_json(const struct st_reco *rc, bool verbose)
{
	struct json_object *o = json_object_new_object();
	const struct st_rule *r = rc->rule;

	json_object_object_add(o, "id", st_json_str(rc->id));
	json_object_object_add(o, "scope", st_json_str(st_scope_name(rc->scope)));
	json_object_object_add(o, "target", st_json_str(rc->target));
	json_object_object_add(o, "knob", st_json_str(rc->knob->name));
	json_object_object_add(o, "current", st_json_str(rc->current));
	json_object_object_add(o, "recommended", st_json_str(rc->recommended));
	json_object_object_add(o, "summary", st_json_str(rc->summary));
	json_object_object_add(o, "why", st_json_str(r->why));
	json_object_object_add(o, "risk", st_json_str(st_risk_name(r->risk)));
	json_object_object_add(o, "rule", st_json_str(r->id));
	json_object_object_add(o, "rule_file", st_json_str(r->file));
	json_object_object_add(o, "rule_line", json_object_new_int((int)r->line));
	json_object_object_add(o, "source", st_json_str(r->source));
	json_object_object_add(o, "command", st_json_str(rc->command));
	json_object_object_add(o, "fstab_line", st_json_str(rc->fstab_line));
	json_object_object_add(o, "validate", st_json_str(r->validate));
	json_object_object_add(o, "precedence", st_json_str(st_prec_name(rc->prec)));
	json_object_object_add(o, "profile_override",
			       rc->overridden ? st_json_str(rc->override->profile) : NULL);
	if (verbose) {
		struct json_object *l = json_object_new_array();

		for (size_t i = 0; i < rc->nlosers; i++) {
			struct json_object *x = json_object_new_object();

			json_object_object_add(x, "rule", st_json_str(rc->losers[i].rule->id));
			json_object_object_add(x, "value", st_json_str(rc->losers[i].value));
			json_object_object_add(x, "reason", st_json_str(rc->losers[i].reason));
			json_object_array_add(l, x);
		}
		json_object_object_add(o, "losers", l);
	}
	return o;
}

static struct json_object *advice_json(const struct st_reco *a)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "id", st_json_str(a->id));
	json_object_object_add(o, "scope", st_json_str(st_scope_name(a->scope)));
	json_object_object_add(o, "target", st_json_str(a->target));
	json_object_object_add(o, "summary", st_json_str(a->summary));
	json_object_object_add(o, "why", st_json_str(a->rule->why));
	json_object_object_add(o, "source", st_json_str(a->rule->source));
	json_object_object_add(o, "rule", st_json_str(a->rule->id));
	json_object_object_add(o, "rule_file", st_json_str(a->rule->file));
	json_object_object_add(o, "rule_line", json_object_new_int((int)a->rule->line));
	json_object_object_add(o, "risk", st_json_str(st_risk_name(a->rule->risk)));
	json_object_object_add(o, "value", st_json_str(a->recommended));
	return o;
}

struct json_object *st_report_advise_json(const struct st_plan *plan, bool verbose,
					  const struct st_obs_advice *observed)
{
	struct json_object *root = json_object_new_object();
	struct json_object *recs = json_object_new_array();
	struct json_object *adv = json_object_new_array();

	json_object_object_add(root, "profile", st_json_str(plan->profile->name));
	for (size_t i = 0; i < plan->nchanges; i++)
		json_object_array_add(recs, reco_json(&plan->changes[i], verbose));
	json_object_object_add(root, "recommendations", recs);
	for (size_t i = 0; i < plan->nadvice; i++)
		json_object_array_add(adv, advice_json(&plan->advice[i]));
	json_object_object_add(root, "advice", adv);
	json_object_object_add(root, "already_ok", json_object_new_uint64(plan->nok));
	if (plan->nexcluded) {
		struct json_object *ex = json_object_new_array();

		for (size_t i = 0; i < plan->nexcluded; i++) {
			struct json_object *x = json_object_new_object();

			json_object_object_add(x, "scope",
					       st_json_str(st_scope_name(plan->excluded[i].scope)));
			json_object_object_add(x, "target", st_json_str(plan->excluded[i].target));
			json_object_object_add(x, "reason", st_json_str(plan->excluded[i].reason));
			json_object_array_add(ex, x);
		}
		json_object_object_add(root, "excluded", ex);
	}
	if (verbose) {
		struct json_object *ok = json_object_new_array();
		struct json_object *sk = json_object_new_array();

		for (size_t i = 0; i < plan->nok; i++)
			json_object_array_add(ok, reco_json(&plan->ok[i], true));
		json_object_object_add(root, "already_right", ok);
		for (size_t i = 0; i < plan->nskipped; i++) {
			struct json_object *x = json_object_new_object();

			json_object_object_add(x, "rule", st_json_str(plan->skipped[i].rule->id));
			json_object_object_add(x, "target", st_json_str(plan->skipped[i].target));
			json_object_object_add(x, "reason", st_json_str(plan->skipped[i].reason));
			json_object_array_add(sk, x);
		}
		json_object_object_add(root, "not_applied", sk);
	}
	if (observed)
		json_object_object_add(root, "observed", observed_json(observed));
	return root;
}

int st_report_advise_json_write(FILE *out, const struct st_plan *plan, bool verbose,
				const struct st_obs_advice *observed)
{
	st_json_write(out, st_report_advise_json(plan, verbose, observed));
	return ferror(out) ? -EIO : 0;
}

/* recommend ------------------------------------------------------------------ */

static char *evidence_text(const struct st_evidence *e)
{
	if (e->kind == ST_EV_FILES)
		return st_xasprintf("%s holds files", e->path);
	if (strcmp(e->mount->target, e->path) == 0)
		return st_xasprintf("%s is a mount point (%s on %s)", e->path,
				    e->mount->fstype ? e->mount->fstype : "?",
				    e->mount->source ? e->mount->source : "?");
	return st_xasprintf("%s is mounted under %s (%s on %s)", e->mount->target, e->path,
			    e->mount->fstype ? e->mount->fstype : "?",
			    e->mount->source ? e->mount->source : "?");
}

int st_report_recommend_text(FILE *out, const struct st_recommendation *r)
{
	const char *name = r->profile->name;

	if (r->tied[0])
		fprintf(out, "Recommended profile: %s (%s and %s fit equally well; choose one with "
			"--profile)\n", name, r->tied[0]->name, r->tied[1]->name);
	else if (r->fallback)
		fprintf(out, "Recommended profile: %s (nothing stands out: no profile's paths are "
			"mount points or hold files)\n", name);
	else
		fprintf(out, "Recommended profile: %s\n", name);
	for (size_t i = 0; i < r->nev; i++) {
		char *t = evidence_text(&r->ev[i]);

		fprintf(out, "  %s: %s\n", r->ev[i].profile->name, t);
		free(t);
	}
	fprintf(out, "\nSee its advice with: stortune advise --profile %s\n", name);
	return ferror(out) ? -EIO : 0;
}

int st_report_recommend_json(FILE *out, const struct st_recommendation *r)
{
	struct json_object *o = json_object_new_object();
	struct json_object *ev = json_object_new_array();

	json_object_object_add(o, "profile", st_json_str(r->profile->name));
	json_object_object_add(o, "fallback", json_object_new_boolean(r->fallback));
	json_object_object_add(o, "score", json_object_new_int(r->score));
	for (size_t i = 0; i < r->nev; i++) {
		struct json_object *x = json_object_new_object();
		char *t = evidence_text(&r->ev[i]);

		json_object_object_add(x, "profile", st_json_str(r->ev[i].profile->name));
		json_object_object_add(x, "path", st_json_str(r->ev[i].path));
		json_object_object_add(x, "kind",
				       st_json_str(r->ev[i].kind == ST_EV_MOUNT ? "mount" : "files"));
		json_object_object_add(x, "weight", json_object_new_int(ST_EV_WEIGHT(r->ev[i].kind)));
		json_object_object_add(x, "text", st_json_str(t));
		json_object_array_add(ev, x);
		free(t);
	}
	json_object_object_add(o, "evidence", ev);
	st_json_write(out, o);
	return ferror(out) ? -EIO : 0;
}
