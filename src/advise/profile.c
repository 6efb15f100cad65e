/*
 * profile.c - owns loading workload profiles (profiles/NAME.ini): the declared
 * access pattern, read/write mix, request size, durability need, goal and
 * validation workloads, inheritance between profiles, and their overrides of
 * rule values.  Keys bind through one table with offsets (STYLE.md 6); an
 * unknown key gets a "did you mean".  Overrides are compiled against the
 * rule they replace, so a profile cannot give a knob a value of the wrong
 * type.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "st_keytab.h"
#include "st_rules.h"
#include "st_util.h"

/* taken from the parent when the profile does not set it */
#define INHERITED 1u

/* "/var/lib/postgresql": absolute, without "." or ".." parts, "//" or a
 * trailing "/". */
static bool valid_abs_path(const char *s)
{
	size_t n = strlen(s);

	if (s[0] != '/' || strstr(s, "//") || strstr(s, "/./") || strstr(s, "/../") ||
	    (n > 1 && s[n - 1] == '/'))
		return false;
	return !(n >= 2 && strcmp(s + n - 2, "/.") == 0) && !(n >= 3 && strcmp(s + n - 3, "/..") == 0);
}

#define KEY(n, t, f, w) .name = n, .type = t, .offset = offsetof(struct st_profile, f), .what = w
static const struct st_keydef profile_keys[] = {
	{ KEY("summary", ST_KEY_TEXT, summary, "one line: the workload") },
	{ KEY("inherits", ST_KEY_TEXT, inherits, "a profile name"), .valid = st_rules_valid_name },
	{ KEY("access", ST_KEY_ENUM, access, "random, sequential or mixed"),
	  .names = st_access_names, .flags = INHERITED },
	{ KEY("read_pct", ST_KEY_UINT, read_pct, "a percentage from 0 to 100"), .max = 100,
	  .flags = INHERITED },
	{ KEY("request_size", ST_KEY_SIZE, request_size, "a size with a unit (e.g. 8KiB)"),
	  .flags = INHERITED },
	{ KEY("durability", ST_KEY_ENUM, durability, "high, normal or low"),
	  .names = st_durability_names, .flags = INHERITED },
	{ KEY("goal", ST_KEY_ENUM, goal, "latency, throughput or balanced"),
	  .names = st_goal_names, .flags = INHERITED },
	{ KEY("fsync_heavy", ST_KEY_BOOL, fsync_heavy, "yes or no"), .flags = INHERITED },
	{ KEY("shared", ST_KEY_BOOL, shared, "yes or no"), .flags = INHERITED },
	{ KEY("page_cache", ST_KEY_BOOL, page_cache, "yes or no"), .flags = INHERITED },
	{ KEY("atime_paths", ST_KEY_LIST, atime_paths,
	      "absolute paths without '.', '..' or a trailing '/'"), .valid = valid_abs_path,
	  .flags = INHERITED },
	{ KEY("validate", ST_KEY_LIST, validate, "benchmark workloads, comma-separated"),
	  .flags = INHERITED },
};

/* [recommend]: what marks a machine made for the profile; not inherited */
static const struct st_keydef recommend_keys[] = {
	{ KEY("recognize", ST_KEY_LIST, recognize,
	      "an absolute path without '.', '..' or a trailing '/'"), .valid = valid_abs_path },
};
#undef KEY

static const char *const section_names[] = { "profile", "override", "recommend" };

static void override_clear(struct st_override *o)
{
	free(o->rule);
	st_expr_free(o->value);
	free(o->text);
	free(o->file);
	free(o->profile);
}

static void profile_free(struct st_profile *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->file);
	st_keytab_free(profile_keys, ST_ARRAY_SIZE(profile_keys), p);
	st_keytab_free(recommend_keys, ST_ARRAY_SIZE(recommend_keys), p);
	st_strv_free(p->chain);
	for (size_t i = 0; i < p->noverrides; i++)
		override_clear(&p->overrides[i]);
	free(p->overrides);
	free(p);
}

/* One key of the [recommend] section. */
static void recommend_key(struct st_profile *p, const struct st_ini_key *k, struct st_diag *d)
{
	const size_t n = ST_ARRAY_SIZE(recommend_keys);
	const struct st_keydef *def = st_keytab_find(recommend_keys, n, k->name);

	if (!def) {
		st_keytab_unknown(recommend_keys, n, p->file, k, d);
		p->bad = true;
	} else if (st_keytab_bind(def, p, p->file, k, d) < 0) {
		p->bad = true;
	}
}

/* One key of the [profile] section. */
static void profile_key(struct st_profile *p, const struct st_ini_key *k, struct st_diag *d)
{
	const size_t n = ST_ARRAY_SIZE(profile_keys);
	const struct st_keydef *def = st_keytab_find(profile_keys, n, k->name);

	if (!def) {
		st_keytab_unknown(profile_keys, n, p->file, k, d);
		p->bad = true;
	} else if (st_keytab_bind(def, p, p->file, k, d) < 0) {
		p->bad = true;
	} else {
		p->given |= 1u << (def - profile_keys);
	}
}

static void defaults(struct st_profile *p)
{
	/* what "general" means when nothing is declared: no assumption */
	p->access = ST_ACCESS_MIXED;
	p->read_pct = 50;
	p->request_size = 64 * 1024;
	p->durability = ST_DUR_NORMAL;
	p->goal = ST_GOAL_BALANCED;
}

int st_profiles_load_string(struct st_profileset *ps, const char *name, const char *text,
			    size_t len, const struct st_ruleset *rs, struct st_diag *diag)
{
	struct st_profile *p = st_xcalloc(1, sizeof(*p));
	const char *base = strrchr(name, '/');
	struct st_ini ini;
	bool have_profile = false;

	(void)rs;
	base = base ? base + 1 : name;
	p->name = st_xstrndup(base, st_endswith(base, ".ini") ? strlen(base) - 4 : strlen(base));
	p->file = st_xstrdup(name);
	defaults(p);
	if (!st_rules_valid_name(p->name)) {
		st_diag_error(diag, name, 0, "profile name '%s': use lower-case letters, digits "
			      "and '-' in the file name", p->name);
		p->bad = true;
	}
	if (st_profileset_find(ps, p->name)) {
		st_diag_error(diag, name, 0, "profile '%s' is already defined in %s", p->name,
			      st_profileset_find(ps, p->name)->file);
		p->bad = true;
	}
	if (st_ini_parse(name, text, len, &ini, diag) < 0)
		p->bad = true;
	for (size_t i = 0; i < ini.n; i++) {
		const struct st_ini_section *sec = &ini.v[i];

		if (strcmp(sec->name, "profile") == 0) {
			have_profile = true;
			for (size_t k = 0; k < sec->nkeys; k++)
				profile_key(p, &sec->keys[k], diag);
		} else if (strcmp(sec->name, "recommend") == 0) {
			for (size_t k = 0; k < sec->nkeys; k++)
				recommend_key(p, &sec->keys[k], diag);
		} else if (strcmp(sec->name, "override") == 0) {
			for (size_t k = 0; k < sec->nkeys; k++) {
				struct st_override *o;

				p->overrides = st_xrealloc(p->overrides, (p->noverrides + 1) *
								       sizeof(*o));
				o = &p->overrides[p->noverrides++];
				memset(o, 0, sizeof(*o));
				o->rule = st_xstrdup(sec->keys[k].name);
				o->text = st_xstrdup(sec->keys[k].value);
				o->off = strcmp(o->text, "off") == 0;
				o->file = st_xstrdup(name);
				o->line = sec->keys[k].line;
				o->profile = st_xstrdup(p->name);
			}
		} else {
			const char *best = st_closest(sec->name, section_names, 3);

			if (best)
				st_diag_error(diag, name, sec->line,
					      "unknown section [%s] (did you mean [%s]?)", sec->name, best);
			else
				st_diag_error(diag, name, sec->line,
					      "unknown section [%s]: a profile has [profile], [override] "
					      "and [recommend]", sec->name);
			p->bad = true;
		}
	}
	if (!have_profile && !p->bad) {
		st_diag_error(diag, name, 0, "no [profile] section");
		p->bad = true;
	}
	st_ini_free(&ini);
	ps->v = st_xrealloc(ps->v, (ps->n + 1) * sizeof(*ps->v));
	ps->v[ps->n++] = p;
	return p->bad ? -EINVAL : 0;
}

/* Compiles one override against its rule. */
static int override_compile(struct st_override *o, const struct st_ruleset *rs,
			    struct st_diag *diag)
{
	const struct st_rule *r = st_ruleset_find(rs, o->rule);
	char *err = NULL;

	if (!r) {
		st_rules_unknown(rs, diag, o->file, o->line, "override", o->rule);
		return -EINVAL;
	}
	if (o->off)
		return 0;
	if (!r->knob && !r->value) {
		st_diag_error(diag, o->file, o->line, "override: rule '%s' gives advice without a "
			      "value; only 'off' applies", o->rule);
		return -EINVAL;
	}
	if (st_expr_compile(o->text, st_facts_symtab(), r->scope, &o->value, &err) < 0 ||
	    (r->knob && st_knob_check_type(r->knob, st_expr_type(o->value), &err) < 0)) {
		st_diag_error(diag, o->file, o->line, "override: %s: %s", o->rule, err);
		free(err);
		return -EINVAL;
	}
	if (r->knob && st_expr_symbols(o->value, NULL, 0) == 0) {
		struct st_value v = { 0 };
		char *text = NULL;
		int rc = st_expr_eval(o->value, st_facts_lookup, NULL, &v, &err);

		if (rc == 0)
			rc = st_knob_render(r->knob, &v, &text, &err);
		if (rc < 0)
			st_diag_error(diag, o->file, o->line, "override: %s: %s", o->rule, err);
		free(err);
		free(text);
		st_value_clear(&v);
		return rc < 0 ? -EINVAL : 0;
	}
	return 0;
}

static bool has_override(const struct st_profile *p, const char *rule)
{
	for (size_t i = 0; i < p->noverrides; i++)
		if (strcmp(p->overrides[i].rule, rule) == 0)
			return true;
	return false;
}

/* What p does not set itself it takes from its parent, which is resolved:
 * the inherited keys, the parent's chain, and the overrides of rules p
 * does not override. */
static void inherit(struct st_profile *p, const struct st_profile *parent,
		    const struct st_ruleset *rs, struct st_diag *diag)
{
	for (size_t i = 0; i < ST_ARRAY_SIZE(profile_keys); i++)
		if ((profile_keys[i].flags & INHERITED) && !(p->given & (1u << i)))
			st_keytab_copy(&profile_keys[i], p, parent);
	for (char **c = parent->chain; c && *c; c++)
		st_strv_push(&p->chain, *c);
	for (size_t i = 0; i < parent->noverrides; i++) {
		const struct st_override *po = &parent->overrides[i];
		struct st_override *o;

		if (has_override(p, po->rule))
			continue;
		p->overrides = st_xrealloc(p->overrides, (p->noverrides + 1) * sizeof(*o));
		o = &p->overrides[p->noverrides++];
		memset(o, 0, sizeof(*o));
		o->rule = st_xstrdup(po->rule);
		o->text = st_xstrdup(po->text);
		o->off = po->off;
		o->file = st_xstrdup(po->file);
		o->line = po->line;
		o->profile = st_xstrdup(po->profile);
		if (!o->off && override_compile(o, rs, diag) < 0)
			p->bad = true;
	}
}

enum { UNRESOLVED, RESOLVING, RESOLVED };

static int resolve(struct st_profileset *ps, struct st_profile *p, const struct st_ruleset *rs,
		   struct st_diag *diag)
{
	struct st_profile *parent = NULL;
	int rc = 0;

	if (p->resolve_state == RESOLVED)
		return p->bad ? -EINVAL : 0;
	if (p->resolve_state == RESOLVING) {
		st_diag_error(diag, p->file, 0, "inherits: profile '%s' is part of an inheritance loop",
			      p->name);
		p->bad = true;
		return -ELOOP;
	}
	p->resolve_state = RESOLVING;
	for (size_t i = 0; i < p->noverrides; i++)
		if (override_compile(&p->overrides[i], rs, diag) < 0)
			p->bad = true;
	st_strv_push(&p->chain, p->name);
	if (p->inherits) {
		parent = (struct st_profile *)st_profileset_find(ps, p->inherits);
		if (!parent) {
			const char *best = st_profileset_suggest(ps, p->inherits);

			if (best)
				st_diag_error(diag, p->file, 0, "inherits: unknown profile '%s' (did "
					      "you mean '%s'?)", p->inherits, best);
			else
				st_diag_error(diag, p->file, 0, "inherits: unknown profile '%s'",
					      p->inherits);
			p->bad = true;
		} else if ((rc = resolve(ps, parent, rs, diag)) < 0) {
			if (rc == -ELOOP && !p->bad)
				st_diag_error(diag, p->file, 0, "inherits: the chain from '%s' loops",
					      p->name);
			else if (!p->bad)
				st_diag_error(diag, p->file, 0, "inherits: parent '%s' has errors",
					      parent->name);
			p->bad = true;
			parent = NULL;
		}
	}
	if (parent)
		inherit(p, parent, rs, diag);
	p->resolve_state = RESOLVED;
	return p->bad ? -EINVAL : 0;
}

int st_profiles_resolve(struct st_profileset *ps, const struct st_ruleset *rs,
			struct st_diag *diag)
{
	int rc = 0;

	for (size_t i = 0; i < ps->n; i++)
		if (resolve(ps, ps->v[i], rs, diag) < 0)
			rc = -EINVAL;
	return rc;
}

/* Loads files, then resolves inheritance among everything ps holds. */
static int load_files(struct st_profileset *ps, char **files, const struct st_ruleset *rs,
		      struct st_diag *diag)
{
	int rc = 0;

	for (char **f = files; *f; f++) {
		char *text;
		size_t len;

		if (st_ini_read_file(*f, &text, &len, diag) < 0) {
			rc = -EINVAL;
			continue;
		}
		if (st_profiles_load_string(ps, *f, text, len, rs, diag) < 0)
			rc = -EINVAL;
		free(text);
	}
	if (st_profiles_resolve(ps, rs, diag) < 0)
		rc = -EINVAL;
	return rc;
}

int st_profiles_load_dir(struct st_profileset *ps, const char *dir, const struct st_ruleset *rs,
			 struct st_diag *diag)
{
	char **files = st_ini_dir_list(dir, diag);
	int rc;

	if (!files)
		return -ENOENT;
	rc = load_files(ps, files, rs, diag);
	st_strv_free(files);
	return rc;
}

int st_profiles_load_dirs(struct st_profileset *ps, const char *const *dirs,
			  const struct st_ruleset *rs, struct st_diag *diag)
{
	char **files = NULL;
	int rc = st_rules_layer_files(dirs, &files, diag);

	if (rc < 0)
		return rc;
	rc = load_files(ps, files, rs, diag);
	st_strv_free(files);
	return rc;
}

const struct st_profile *st_profileset_find(const struct st_profileset *ps, const char *name)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i]->name, name) == 0)
			return ps->v[i];
	return NULL;
}

const char *st_profileset_suggest(const struct st_profileset *ps, const char *name)
{
	const char **names = st_xcalloc(ps->n + 1, sizeof(*names));
	const char *best;

	for (size_t i = 0; i < ps->n; i++)
		names[i] = ps->v[i]->name;
	best = st_closest(name, names, ps->n);
	free(names);
	return best;
}

void st_profileset_free(struct st_profileset *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->n; i++)
		profile_free(ps->v[i]);
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}
