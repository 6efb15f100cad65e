/*
 * report_rules.c - the rules, profiles and knobs as `stortune profiles` and
 * `stortune rules` print them.
 */
#include <errno.h>
#include <stdlib.h>

#include "st_expr.h"
#include "st_knob.h"
#include "st_report_rules.h"
#include "st_util.h"

static int done(FILE *out)
{
	return ferror(out) ? -EIO : 0;
}

int st_report_profiles_list(FILE *out, const struct st_profileset *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		const struct st_profile *p = ps->v[i];

		fprintf(out, "%-20s %-10s %-10s %s\n", p->name, st_access_name(p->access),
			st_goal_name(p->goal), p->summary ? p->summary : "");
	}
	return done(out);
}

int st_report_profile_show(FILE *out, const struct st_profile *p)
{
	char *chain = st_strv_join(p->chain, " <- ");
	char *val = p->validate ? st_strv_join(p->validate, ", ") : st_xstrdup("-");
	struct st_value size = { 0 };
	char *rs;

	st_value_set_size(&size, p->request_size);
	rs = st_value_format(&size);
	fprintf(out, "profile:      %s (%s)\n", p->name, p->file);
	fprintf(out, "summary:      %s\n", p->summary ? p->summary : "-");
	fprintf(out, "inherits:     %s\n", chain);
	fprintf(out, "access:       %s\n", st_access_name(p->access));
	fprintf(out, "read/write:   %lld%% / %lld%%\n", (long long)p->read_pct,
		(long long)(100 - p->read_pct));
	fprintf(out, "request size: %s\n", rs);
	fprintf(out, "durability:   %s\n", st_durability_name(p->durability));
	fprintf(out, "goal:         %s\n", st_goal_name(p->goal));
	fprintf(out, "fsync heavy:  %s\n", p->fsync_heavy ? "yes" : "no");
	fprintf(out, "shared:       %s\n", p->shared ? "yes" : "no");
	fprintf(out, "validate:     %s\n", val);
	if (p->noverrides) {
		fprintf(out, "overrides:\n");
		for (size_t i = 0; i < p->noverrides; i++)
			fprintf(out, "  %-28s %-12s (%s:%u)\n", p->overrides[i].rule,
				p->overrides[i].text, p->overrides[i].file, p->overrides[i].line);
	}
	free(rs);
	st_value_clear(&size);
	free(chain);
	free(val);
	return done(out);
}

int st_report_rules_list(FILE *out, const struct st_ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct st_rule *r = rs->v[i];

		fprintf(out, "%-32s %-6s %-28s %s:%u\n", r->id, st_scope_name(r->scope),
			r->knob ? r->knob->name : "advice", r->file, r->line);
	}
	return done(out);
}

static char *knob_values(const struct st_knob *k)
{
	if (k->type == ST_KT_ENUM)
		return st_strv_join((char *const *)k->values, "|");
	if (k->type == ST_KT_BOOL)
		return st_xstrdup("0|1");
	return st_xasprintf("%llu..%llu", (unsigned long long)k->min, (unsigned long long)k->max);
}

int st_report_knobs(FILE *out)
{
	size_t n;
	const struct st_knob *t = st_knob_table(&n);

	fprintf(out, "%-30s %-6s %-6s %-11s %-10s %s\n", "KNOB", "SCOPE", "UNIT", "RISK", "RUNTIME",
		"VALUES");
	for (size_t i = 0; i < n; i++) {
		char *vals = knob_values(&t[i]);

		fprintf(out, "%-30s %-6s %-6s %-11s %-10s %s\n", t[i].name, st_scope_name(t[i].scope),
			st_unit_name(t[i].unit), st_risk_name(t[i].risk),
			t[i].flags & ST_KNOB_RUNTIME ? "yes" : "no", vals);
		free(vals);
	}
	return done(out);
}

int st_report_lint(FILE *out, const struct st_ruleset *rs, const struct st_profileset *ps,
		   bool failed, size_t nerrors)
{
	if (failed)
		fprintf(out, "%zu error%s\n", nerrors, nerrors == 1 ? "" : "s");
	else if (ps)
		fprintf(out, "%zu rules in %zu files, %zu profiles: no errors\n", rs->n,
			st_strv_len(rs->files), ps->n);
	else
		fprintf(out, "%zu rules in %zu files: no errors\n", rs->n, st_strv_len(rs->files));
	return done(out);
}
