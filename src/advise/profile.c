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

#include "st_rules.h"
#include "st_util.h"

enum pk_type { PK_TEXT, PK_INHERITS, PK_ENUM, PK_PCT, PK_SIZE, PK_BOOL, PK_WORKLOADS, PK_PATHS };

struct pkeydef {
	const char *name;
	enum pk_type type;
	size_t offset;
	const char *const *(*names)(void); /* PK_ENUM: NULL-terminated */
	size_t nnames;
	bool inherited;           /* taken from the parent when not set */
	const char *help;
	const char *section;      /* NULL: [profile] */
};

#define OFF(f) offsetof(struct st_profile, f)
static const struct pkeydef profile_keys[] = {
	{ "summary", PK_TEXT, OFF(summary), NULL, 0, false, "one line: the workload", NULL },
	{ "inherits", PK_INHERITS, OFF(inherits), NULL, 0, false, "the parent profile", NULL },
	{ "access", PK_ENUM, OFF(access), st_access_names, ST_ACCESS_NR, true,
	  "random, sequential or mixed", NULL },
	{ "read_pct", PK_PCT, OFF(read_pct), NULL, 0, true, "share of reads, 0..100", NULL },
	{ "request_size", PK_SIZE, OFF(request_size), NULL, 0, true,
	  "typical request, with a unit (8KiB)", NULL },
	{ "durability", PK_ENUM, OFF(durability), st_durability_names, ST_DUR_NR, true,
	  "high, normal or low", NULL },
	{ "goal", PK_ENUM, OFF(goal), st_goal_names, ST_GOAL_NR, true,
	  "latency, throughput or balanced", NULL },
	{ "fsync_heavy", PK_BOOL, OFF(fsync_heavy), NULL, 0, true, "yes or no", NULL },
	{ "shared", PK_BOOL, OFF(shared), NULL, 0, true, "yes or no", NULL },
	{ "validate", PK_WORKLOADS, OFF(validate), NULL, 0, true,
	  "benchmark workloads, comma-separated", NULL },
	{ "recognize", PK_PATHS, OFF(recognize), NULL, 0, false,
	  "absolute paths that mark such a machine, comma-separated", "recommend" },
};
#undef OFF

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
	free(p->summary);
	free(p->inherits);
	st_strv_free(p->chain);
	st_strv_free(p->validate);
	st_strv_free(p->recognize);
	for (size_t i = 0; i < p->noverrides; i++)
		override_clear(&p->overrides[i]);
	free(p->overrides);
	free(p);
}

static int parse_bool(const char *s, bool *b)
{
	if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1")) {
		*b = true;
		return 0;
	}
	if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0")) {
		*b = false;
		return 0;
	}
	return -EINVAL;
}

static void keyerr(struct st_diag *d, const struct st_profile *p, const struct st_ini_key *k,
		   const char *fmt, const char *arg)
{
	char *msg = st_xasprintf(fmt, arg);

	st_diag_error(d, p->file, k->line, "%s: %s", k->name, msg);
	free(msg);
}

/* The entry of k in profile_keys; NULL, with the error reported, if none. */
static const struct pkeydef *find_pkey(const struct st_profile *p, const struct st_ini_key *k,
				       const char *section, struct st_diag *d)
{
	const char *names[ST_ARRAY_SIZE(profile_keys)], *best;
	size_t n = 0;

	for (size_t i = 0; i < ST_ARRAY_SIZE(profile_keys); i++) {
		const char *in = profile_keys[i].section ? profile_keys[i].section : "profile";

		if (strcmp(in, section) != 0)
			continue;
		names[n++] = profile_keys[i].name;
		if (strcmp(profile_keys[i].name, k->name) == 0)
			return &profile_keys[i];
	}
	best = st_closest(k->name, names, n);
	if (best)
		st_diag_error(d, p->file, k->line, "unknown key '%s' (did you mean '%s'?)", k->name,
			      best);
	else
		st_diag_error(d, p->file, k->line, "unknown key '%s'", k->name);
	return NULL;
}

/* A PK_ENUM value: its index in def's names, or -EINVAL, reported. */
static int parse_enum(const struct st_profile *p, const struct pkeydef *def,
		      const struct st_ini_key *k, struct st_diag *d)
{
	const char *const *values = def->names();
	char *list, *msg;

	for (size_t i = 0; i < def->nnames; i++)
		if (strcmp(values[i], k->value) == 0)
			return (int)i;
	list = st_strv_join((char *const *)values, ", ");
	msg = st_xasprintf("'%s' is not one of %s", k->value, list);
	st_diag_error(d, p->file, k->line, "%s: %s", k->name, msg);
	free(msg);
	free(list);
	return -EINVAL;
}

/* "/var/lib/postgresql, /var/lib/mysql": absolute, normalized paths. */
static int parse_paths(struct st_diag *d, struct st_profile *p, const struct st_ini_key *k,
		       char ***out)
{
	char *copy = st_xstrdup(k->value), *save = NULL;
	int rc = 0;

	for (char *w = strtok_r(copy, ",", &save); w && rc == 0; w = strtok_r(NULL, ",", &save)) {
		size_t n;

		st_strstrip(w);
		n = strlen(w);
		if (w[0] != '/' || strstr(w, "//") || strstr(w, "/./") || strstr(w, "/../") ||
		    (n > 1 && w[n - 1] == '/') || (n >= 2 && strcmp(w + n - 2, "/.") == 0) ||
		    (n >= 3 && strcmp(w + n - 3, "/..") == 0)) {
			keyerr(d, p, k, "'%s' is not an absolute path without '.', '..' or a trailing '/'",
			       w);
			p->bad = true;
			rc = -EINVAL;
		} else {
			st_strv_push(out, w);
		}
	}
	free(copy);
	return rc;
}

/* One key of the [profile] (or [recommend]) section. */
static void profile_key(struct st_profile *p, const struct st_ini_key *k, const char *section,
			struct st_diag *d)
{
	const struct pkeydef *def = find_pkey(p, k, section, d);
	char *base = (char *)p;
	int64_t n;
	bool unit;
	int e;

	if (!def) {
		p->bad = true;
		return;
	}
	if (!*k->value) {
		keyerr(d, p, k, "empty value (%s)", def->help);
		p->bad = true;
		return;
	}
	switch (def->type) {
	case PK_TEXT:
	case PK_INHERITS:
		if (def->type == PK_INHERITS && !st_rules_valid_name(k->value)) {
			keyerr(d, p, k, "'%s' is not a profile name", k->value);
			p->bad = true;
			return;
		}
		*(char **)(base + def->offset) = st_xstrdup(k->value);
		break;
	case PK_ENUM:
		e = parse_enum(p, def, k, d);
		if (e < 0) {
			p->bad = true;
			return;
		}
		/* the enums are all int-sized and start at 0 */
		*(int *)(base + def->offset) = e;
		break;
	case PK_PCT: {
		uint64_t v;

		if (st_parse_u64(k->value, &v) < 0 || v > 100) {
			keyerr(d, p, k, "'%s' is not a percentage from 0 to 100", k->value);
			p->bad = true;
			return;
		}
		*(int64_t *)(base + def->offset) = (int64_t)v;
		break;
	}
	case PK_SIZE:
		if (st_parse_size(k->value, &n, &unit) < 0 || n <= 0 || !unit) {
			keyerr(d, p, k, "'%s' is not a size with a unit (e.g. 8KiB)", k->value);
			p->bad = true;
			return;
		}
		*(int64_t *)(base + def->offset) = n;
		break;
	case PK_BOOL:
		if (parse_bool(k->value, (bool *)(base + def->offset)) < 0) {
			keyerr(d, p, k, "'%s' is not yes or no", k->value);
			p->bad = true;
			return;
		}
		break;
	case PK_WORKLOADS: {
		char *copy = st_xstrdup(k->value), *save = NULL;

		for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
			st_strstrip(w);
			if (*w)
				st_strv_push(&p->validate, w);
		}
		free(copy);
		break;
	}
	case PK_PATHS:
		if (parse_paths(d, p, k, (char ***)(void *)(base + def->offset)) < 0)
			return;
		break;
	}
	p->given |= 1u << (def - profile_keys);
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
				profile_key(p, &sec->keys[k], "profile", diag);
		} else if (strcmp(sec->name, "recommend") == 0) {
			for (size_t k = 0; k < sec->nkeys; k++)
				profile_key(p, &sec->keys[k], "recommend", diag);
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
		const char **ids = st_xcalloc(rs->n + 1, sizeof(*ids));
		const char *best;

		for (size_t i = 0; i < rs->n; i++)
			ids[i] = rs->v[i]->id;
		best = st_closest(o->rule, ids, rs->n);
		if (best)
			st_diag_error(diag, o->file, o->line, "override: unknown rule '%s' (did you "
				      "mean '%s'?)", o->rule, best);
		else
			st_diag_error(diag, o->file, o->line, "override: unknown rule '%s'", o->rule);
		free(ids);
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
	char *base = (char *)p;
	const char *pbase = (const char *)parent;

	for (size_t i = 0; i < ST_ARRAY_SIZE(profile_keys); i++) {
		const struct pkeydef *d = &profile_keys[i];

		if (!d->inherited || (p->given & (1u << i)))
			continue;
		switch (d->type) {
		case PK_ENUM:
			*(int *)(base + d->offset) = *(const int *)(pbase + d->offset);
			break;
		case PK_PCT:
		case PK_SIZE:
			*(int64_t *)(base + d->offset) = *(const int64_t *)(pbase + d->offset);
			break;
		case PK_BOOL:
			*(bool *)(base + d->offset) = *(const bool *)(pbase + d->offset);
			break;
		case PK_WORKLOADS:
			for (char **w = parent->validate; w && *w; w++)
				st_strv_push(&p->validate, *w);
			break;
		default:
			break;
		}
	}
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

int st_profiles_load_dir(struct st_profileset *ps, const char *dir, const struct st_ruleset *rs,
			 struct st_diag *diag)
{
	char **files = st_ini_dir_list(dir, diag);
	int rc = 0;

	if (!files)
		return -ENOENT;
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
	st_strv_free(files);
	if (st_profiles_resolve(ps, rs, diag) < 0)
		rc = -EINVAL;
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
