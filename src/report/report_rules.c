/*
 * report_rules.c - the rules, profiles and knobs as `stortune profiles` and
 * `stortune rules` print them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "st_expr.h"
#include "st_json.h"
#include "st_knob.h"
#include "st_report_rules.h"
#include "st_util.h"

static int done(FILE *out)
{
	return ferror(out) ? -EIO : 0;
}

/* Whether file is not directly in dir: a drop-in, or another directory's. */
static bool elsewhere(const char *file, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;

	if (!dir || !file)
		return false;
	return !(strncmp(file, dir, n) == 0 && file[n] == '/' && !strchr(file + n + 1, '/'));
}

int st_report_profiles_list(FILE *out, const struct st_profileset *ps, const char *shipped)
{
	for (size_t i = 0; i < ps->n; i++) {
		const struct st_profile *p = ps->v[i];

		fprintf(out, "%-20s %-10s %-10s %s", p->name, st_access_name(p->access),
			st_goal_name(p->goal), p->summary ? p->summary : "");
		if (elsewhere(p->file, shipped))
			fprintf(out, " (%s)", p->file);
		fputc('\n', out);
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
	fprintf(out, "page cache:   %s\n", p->page_cache ? "yes" : "no");
	if (p->atime_paths) {
		char *ap = st_strv_join(p->atime_paths, ", ");

		fprintf(out, "atime paths:  %s\n", ap);
		free(ap);
	}
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

		fprintf(out, "%-32s %-6s %-28s %s:%u", r->id, st_scope_name(r->scope),
			r->knob ? r->knob->name : "advice", r->file, r->line);
		if (r->disabled_file)
			fprintf(out, "  disabled by %s:%u", r->disabled_file, r->disabled_line);
		fputc('\n', out);
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

/* JSON ---------------------------------------------------------------------- */

static struct json_object *strv_json(char *const *v)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; v && v[i]; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static int write_json(FILE *out, struct json_object *o)
{
	st_json_write(out, o);
	return done(out);
}

int st_report_profiles_json(FILE *out, const struct st_profileset *ps)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < ps->n; i++) {
		const struct st_profile *p = ps->v[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "name", st_json_str(p->name));
		json_object_object_add(o, "access", st_json_str(st_access_name(p->access)));
		json_object_object_add(o, "goal", st_json_str(st_goal_name(p->goal)));
		json_object_object_add(o, "summary", st_json_str(p->summary));
		json_object_object_add(o, "file", st_json_str(p->file));
		json_object_array_add(a, o);
	}
	return write_json(out, a);
}

int st_report_profile_json(FILE *out, const struct st_profile *p)
{
	struct json_object *o = json_object_new_object();
	struct json_object *ovr = json_object_new_array();

	json_object_object_add(o, "name", st_json_str(p->name));
	json_object_object_add(o, "file", st_json_str(p->file));
	json_object_object_add(o, "summary", st_json_str(p->summary));
	json_object_object_add(o, "inherits", strv_json(p->chain ? p->chain + 1 : NULL));
	json_object_object_add(o, "access", st_json_str(st_access_name(p->access)));
	json_object_object_add(o, "read_pct", json_object_new_int64(p->read_pct));
	json_object_object_add(o, "request_size", json_object_new_int64(p->request_size));
	json_object_object_add(o, "durability", st_json_str(st_durability_name(p->durability)));
	json_object_object_add(o, "goal", st_json_str(st_goal_name(p->goal)));
	json_object_object_add(o, "fsync_heavy", json_object_new_boolean(p->fsync_heavy));
	json_object_object_add(o, "shared", json_object_new_boolean(p->shared));
	json_object_object_add(o, "page_cache", json_object_new_boolean(p->page_cache));
	json_object_object_add(o, "atime_paths", strv_json(p->atime_paths));
	json_object_object_add(o, "validate", strv_json(p->validate));
	for (size_t i = 0; i < p->noverrides; i++) {
		struct json_object *x = json_object_new_object();

		json_object_object_add(x, "rule", st_json_str(p->overrides[i].rule));
		json_object_object_add(x, "value", st_json_str(p->overrides[i].text));
		json_object_object_add(x, "file", st_json_str(p->overrides[i].file));
		json_object_object_add(x, "line", json_object_new_int((int)p->overrides[i].line));
		json_object_array_add(ovr, x);
	}
	json_object_object_add(o, "overrides", ovr);
	return write_json(out, o);
}

int st_report_rules_json(FILE *out, const struct st_ruleset *rs)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < rs->n; i++) {
		const struct st_rule *r = rs->v[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "id", st_json_str(r->id));
		json_object_object_add(o, "scope", st_json_str(st_scope_name(r->scope)));
		json_object_object_add(o, "knob", st_json_str(r->knob ? r->knob->name : NULL));
		json_object_object_add(o, "file", st_json_str(r->file));
		json_object_object_add(o, "line", json_object_new_int((int)r->line));
		json_object_object_add(o, "disabled_by", st_json_str(r->disabled_file));
		json_object_array_add(a, o);
	}
	return write_json(out, a);
}

int st_report_knobs_json(FILE *out)
{
	struct json_object *a = json_object_new_array();
	size_t n;
	const struct st_knob *t = st_knob_table(&n);

	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "name", st_json_str(t[i].name));
		json_object_object_add(o, "scope", st_json_str(st_scope_name(t[i].scope)));
		json_object_object_add(o, "unit", st_json_str(st_unit_name(t[i].unit)));
		json_object_object_add(o, "risk", st_json_str(st_risk_name(t[i].risk)));
		json_object_object_add(o, "runtime", json_object_new_boolean(t[i].flags & ST_KNOB_RUNTIME));
		if (t[i].type == ST_KT_ENUM) {
			json_object_object_add(o, "values", strv_json((char *const *)t[i].values));
		} else if (t[i].type == ST_KT_BOOL) {
			json_object_object_add(o, "min", json_object_new_uint64(0));
			json_object_object_add(o, "max", json_object_new_uint64(1));
		} else {
			json_object_object_add(o, "min", json_object_new_uint64(t[i].min));
			json_object_object_add(o, "max", json_object_new_uint64(t[i].max));
		}
		json_object_array_add(a, o);
	}
	return write_json(out, a);
}

int st_report_lint_json(FILE *out, const struct st_ruleset *rs, const struct st_profileset *ps,
			bool failed, const struct st_diag *diag)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "ok", json_object_new_boolean(!failed));
	json_object_object_add(o, "rules", json_object_new_uint64(rs->n));
	json_object_object_add(o, "files", json_object_new_uint64(st_strv_len(rs->files)));
	if (ps)
		json_object_object_add(o, "profiles", json_object_new_uint64(ps->n));
	json_object_object_add(o, "errors", strv_json(diag->errors));
	json_object_object_add(o, "warnings", strv_json(diag->warnings));
	return write_json(out, o);
}
