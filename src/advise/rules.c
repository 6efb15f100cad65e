/*
 * rules.c - owns loading rules: turning the sections of rules/NAME.ini into
 * checked st_rule objects.  Every key is bound through one table (STYLE.md
 * 6); expressions are compiled against the facts table for the rule's scope
 * and type-checked against the knob the rule sets, and a constant value is
 * checked against the knob's range, so that `rules lint` catches what would
 * otherwise fail on a server.  A file with any error adds no rules.
 *
 * Also here: the check that a rules or profiles directory is safe for root
 * to act on.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "st_keytab.h"
#include "st_log.h"
#include "st_rules.h"
#include "st_util.h"

/* Benchmark workloads a rule may name (the bench issue's list, plus small
 * sequential reads, the only ones read_ahead_kb changes). */
static const char *const workloads[] = {
	"randread-4k-qd1", "randread-4k-qd32", "randwrite-4k-qd1", "randwrite-4k-qd32",
	"seqread-1m", "seqwrite-1m", "seqread-64k", "fsync-append-128", "buffered-burst",
};

static const char *const risk_names[ST_RISK_NR] = { "none", "low", "durability" };
static const char *const scope_names[ST_SCOPE_NR] = { "device", "mount", "system" };

const char *st_risk_name(enum st_risk r)
{
	return r < ST_RISK_NR ? risk_names[r] : "?";
}

int st_risk_parse(const char *s, enum st_risk *out)
{
	for (int i = 0; i < ST_RISK_NR; i++) {
		if (strcmp(s, risk_names[i]) == 0) {
			*out = (enum st_risk)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *st_scope_name(enum st_scope s)
{
	return s < ST_SCOPE_NR ? scope_names[s] : "?";
}

int st_scope_parse(const char *s, enum st_scope *out)
{
	for (int i = 0; i < ST_SCOPE_NR; i++) {
		if (strcmp(s, scope_names[i]) == 0) {
			*out = (enum st_scope)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* One file being loaded. */
struct load {
	const char *file;
	struct st_diag *diag;
	unsigned errors;
};

static void lerr(struct load *l, unsigned line, const char *key, const char *fmt, ...)
	ST_PRINTF(4, 5);
static void lerr(struct load *l, unsigned line, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = st_xvasprintf(fmt, ap);
	va_end(ap);
	if (key)
		st_diag_error(l->diag, l->file, line, "%s: %s", key, msg);
	else
		st_diag_error(l->diag, l->file, line, "%s", msg);
	free(msg);
	l->errors++;
}

static void template_free(struct st_template *t)
{
	for (size_t i = 0; i < t->n; i++)
		st_expr_free(t->exprs[i]);
	st_strv_free(t->lits);
	free(t->exprs);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

/* Splits "text {expr} text" and compiles the expressions.  A '}' inside a
 * string literal does not end the expression. */
static int template_compile(struct st_template *t, const char *text, unsigned scope,
			    char **errmsg)
{
	const char *p = text, *open;

	memset(t, 0, sizeof(*t));
	t->text = st_xstrdup(text);
	while ((open = strchr(p, '{'))) {
		const char *q = open + 1;
		bool instr = false;
		struct st_expr *e;
		char *src;
		int rc;

		for (; *q && (instr || *q != '}'); q++) {
			if (*q == '"')
				instr = !instr;
			else if (instr && *q == '\\' && q[1])
				q++;
		}
		if (!*q) {
			*errmsg = st_xasprintf("'{' at column %zu is not closed", (size_t)(open - text) + 1);
			template_free(t);
			return -EINVAL;
		}
		src = st_xstrndup(open + 1, (size_t)(q - open - 1));
		/* {value}: the value the plan settles on, which a profile may
		 * override; a NULL expression stands for it */
		if (strcmp(st_strstrip(src), "value") == 0) {
			e = NULL;
			rc = 0;
		} else {
			rc = st_expr_compile(src, st_facts_symtab(), scope, &e, errmsg);
		}
		free(src);
		if (rc < 0) {
			template_free(t);
			return rc;
		}
		src = st_xstrndup(p, (size_t)(open - p));
		st_strv_push(&t->lits, src);
		free(src);
		t->exprs = st_xrealloc(t->exprs, (t->n + 1) * sizeof(*t->exprs));
		t->exprs[t->n++] = e;
		p = q + 1;
	}
	if (strchr(p, '}')) {
		*errmsg = st_xasprintf("'}' at column %zu has no '{'", (size_t)(strchr(p, '}') - text) + 1);
		template_free(t);
		return -EINVAL;
	}
	st_strv_push(&t->lits, p);
	return 0;
}

static void rule_free(struct st_rule *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->file);
	template_free(&r->summary);
	free(r->why);
	st_expr_free(r->when);
	st_expr_free(r->value);
	free(r->validate);
	free(r->source);
	free(r->disabled_file);
	free(r);
}

bool st_rules_valid_name(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* A value expression with no identifiers is checked against the knob now. */
static void check_constant(struct load *l, const struct st_ini_key *k, const struct st_rule *r)
{
	struct st_value v = { 0 };
	char *err = NULL, *text = NULL;

	if (st_expr_symbols(r->value, NULL, 0) != 0)
		return;
	if (st_expr_eval(r->value, st_facts_lookup, NULL, &v, &err) < 0)
		lerr(l, k->line, k->name, "%s", err);
	else if (st_knob_render(r->knob, &v, &text, &err) < 0)
		lerr(l, k->line, k->name, "%s", err);
	free(err);
	free(text);
	st_value_clear(&v);
}

static int compile(struct load *l, const struct st_ini_key *k, enum st_scope scope,
		   struct st_expr **e)
{
	char *err = NULL;

	if (st_expr_compile(k->value, st_facts_symtab(), scope, e, &err) < 0) {
		lerr(l, k->line, k->name, "%s", err);
		free(err);
		return -EINVAL;
	}
	return 0;
}

static int parse_priority(const char *s, int *out)
{
	uint64_t v;

	if (st_parse_u64(s, &v) < 0 || v > 100)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/* Keys ------------------------------------------------------------------------ */

/* One rule being built from its section, and what the keys interpreted so
 * far have settled: the ones after scope and set are checked against them. */
struct build {
	struct load *l;
	struct st_rule *r;
	bool have_scope, have_set, risk_given;
};

struct keydef;
/* Interprets one key that is given and not empty, reporting what is wrong. */
typedef void (*key_fn)(struct build *b, const struct keydef *d, const struct st_ini_key *k);

struct keydef {
	const char *name;
	key_fn bind;
	size_t offset; /* bind_text: the char * of struct st_rule it fills in */
	bool required;
	const char *help;
};

static void bind_scope(struct build *b, const struct keydef *d, const struct st_ini_key *k)
{
	if (st_scope_parse(k->value, &b->r->scope) < 0)
		lerr(b->l, k->line, d->name, "'%s' is not device, mount or system", k->value);
	else
		b->have_scope = true;
}

/* a knob from the table, of the rule's scope, or "advice" */
static void bind_set(struct build *b, const struct keydef *d, const struct st_ini_key *k)
{
	struct st_rule *r = b->r;
	const char *best;

	r->set_line = k->line;
	if (strcmp(k->value, "advice") == 0) {
		b->have_set = true;
		return;
	}
	r->knob = st_knob_find(k->value);
	if (!r->knob) {
		best = st_knob_suggest(k->value);
		if (best)
			lerr(b->l, k->line, d->name, "unknown knob '%s' (did you mean '%s'?)", k->value,
			     best);
		else
			lerr(b->l, k->line, d->name, "unknown knob '%s' (see 'stortune rules knobs')",
			     k->value);
	} else if (b->have_scope && r->knob->scope != r->scope) {
		lerr(b->l, k->line, d->name, "%s is a %s knob, but the rule's scope is %s",
		     r->knob->name, st_scope_name(r->knob->scope), st_scope_name(r->scope));
		r->knob = NULL;
	} else {
		b->have_set = true;
	}
}

static void bind_summary(struct build *b, const struct keydef *d, const struct st_ini_key *k)
{
	char *err = NULL;

	if (!b->have_scope)
		return;
	if (template_compile(&b->r->summary, k->value, b->r->scope, &err) < 0) {
		lerr(b->l, k->line, d->name, "%s", err);
		free(err);
	}
}

static void bind_text(struct build *b, const struct keydef *d, const struct st_ini_key *k)
{
	*(char **)((char *)b->r + d->offset) = st_xstrdup(k->value);
}

static void bind_when(struct build *b, const struct keydef *d, const struct st_ini_key *k)
{
	struct st_rule *r = b->r;

	r->when_line = k->line;
	if (!b->have_scope || compile(b->l, k, r->scope, &r->when) < 0)
		return;
	if (st_expr_type(r->when) != ST_V_BOOL)
		lerr(b->l, k->line, d->name, "must be a condition (bool), not %s",
		     st_vtype_name(st_expr_type(r->when)));
}

/* an expression of the knob's type; a constant one is checked against it now */
static void bind_value(struct build *b, const struct keydef *d, const struct st_ini_key *k)
{
	struct st_rule *r = b->r;
	char *err = NULL;

	r->value_line = k->line;
	if (!b->have_scope || !b->have_set || compile(b->l, k, r->scope, &r->value) < 0)
		return;
	if (!r->knob)
		return;
	if (st_knob_check_type(r->knob, st_expr_type(r->value), &err) < 0) {
		lerr(b->l, k->line, d->name, "%s", err);
		free(err);
	} else {
		check_constant(b->l, k, r);
	}
}

static void bind_risk(struct build *b, const struct keydef *d, const struct st_ini_key *k)
{
	if (st_risk_parse(k->value, &b->r->risk) < 0)
		lerr(b->l, k->line, d->name, "'%s' is not none, low or durability", k->value);
	else
		b->risk_given = true;
}

static void bind_workload(struct build *b, const struct keydef *d, const struct st_ini_key *k)
{
	const char *best = st_closest(k->value, workloads, ST_ARRAY_SIZE(workloads));
	bool found = false;

	for (size_t w = 0; w < ST_ARRAY_SIZE(workloads); w++)
		found |= strcmp(workloads[w], k->value) == 0;
	if (found)
		b->r->validate = st_xstrdup(k->value);
	else if (best)
		lerr(b->l, k->line, d->name, "unknown workload '%s' (did you mean '%s'?)", k->value,
		     best);
	else
		lerr(b->l, k->line, d->name, "unknown workload '%s'", k->value);
}

static void bind_priority(struct build *b, const struct keydef *d, const struct st_ini_key *k)
{
	if (parse_priority(k->value, &b->r->priority) < 0)
		lerr(b->l, k->line, d->name, "'%s' is not a number from 0 to 100", k->value);
}

/* The keys of a rule, in the order they are interpreted: scope first, for
 * every expression is compiled for it, and set before value, whose type is
 * the knob's. */
#define OFF(f) offsetof(struct st_rule, f)
static const struct keydef rule_keys[] = {
	{ "scope", bind_scope, 0, true, "device, mount or system" },
	{ "set", bind_set, 0, true, "a knob from the descriptor table, or advice" },
	{ "summary", bind_summary, 0, true, "one line; {expressions} are filled in" },
	{ "why", bind_text, OFF(why), true, "the reason, citing the source" },
	{ "source", bind_text, OFF(source), true, "title and URL, Documentation/ path or man page" },
	{ "when", bind_when, 0, false, "the condition, a bool expression" },
	{ "value", bind_value, 0, false, "the value, an expression of the knob's type" },
	{ "risk", bind_risk, 0, false, "none, low or durability" },
	{ "validate", bind_workload, 0, false, "the benchmark workload that shows the effect" },
	{ "priority", bind_priority, 0, false, "0..100; higher wins a conflict" },
};
#undef OFF

static const struct keydef *find_key(const char *name)
{
	for (size_t i = 0; i < ST_ARRAY_SIZE(rule_keys); i++)
		if (strcmp(rule_keys[i].name, name) == 0)
			return &rule_keys[i];
	return NULL;
}

static void unknown_key(struct load *l, const struct st_ini_key *k)
{
	const char *names[ST_ARRAY_SIZE(rule_keys)];
	const char *best;

	for (size_t i = 0; i < ST_ARRAY_SIZE(rule_keys); i++)
		names[i] = rule_keys[i].name;
	best = st_closest(k->name, names, ST_ARRAY_SIZE(names));
	if (best)
		lerr(l, k->line, NULL, "unknown key '%s' (did you mean '%s'?)", k->name, best);
	else
		lerr(l, k->line, NULL, "unknown key '%s'", k->name);
}

/* What the keys say together: a knob needs a value, and a risk no lower
 * than the knob's own (which is the default). */
static void check_rule(struct build *b, const struct st_ini_section *sec, unsigned before)
{
	struct st_rule *r = b->r;

	if (!r->knob)
		return;
	if (!r->value && b->l->errors == before)
		lerr(b->l, sec->line, NULL, "[%s]: missing 'value' (set = %s needs one)", sec->name,
		     r->knob->name);
	if (!b->risk_given)
		r->risk = r->knob->risk;
	else if (r->risk < r->knob->risk)
		lerr(b->l, st_ini_get(sec, "risk")->line, "risk",
		     "'%s' is lower than the risk of %s (%s)", st_risk_name(r->risk), r->knob->name,
		     st_risk_name(r->knob->risk));
}

/* Builds one rule from its section; NULL (with errors reported) if bad. */
static struct st_rule *build_rule(struct load *l, const struct st_ini_section *sec)
{
	struct build b = { .l = l, .r = st_xcalloc(1, sizeof(*b.r)) };
	struct st_rule *r = b.r;
	unsigned before = l->errors;

	r->id = st_xstrdup(sec->name);
	r->file = st_xstrdup(l->file);
	r->line = sec->line;
	r->priority = ST_RULE_PRIORITY_DEFAULT;
	if (!st_rules_valid_name(sec->name))
		lerr(l, sec->line, NULL, "rule id '%s': use lower-case letters, digits and '-'",
		     sec->name);
	for (size_t i = 0; i < sec->nkeys; i++)
		if (!find_key(sec->keys[i].name))
			unknown_key(l, &sec->keys[i]);
	for (size_t i = 0; i < ST_ARRAY_SIZE(rule_keys); i++) {
		const struct keydef *d = &rule_keys[i];
		const struct st_ini_key *k = st_ini_get(sec, d->name);

		if (!k) {
			if (d->required)
				lerr(l, sec->line, NULL, "[%s]: missing '%s' (%s)", sec->name, d->name,
				     d->help);
			continue;
		}
		if (!*k->value) {
			lerr(l, k->line, d->name, "empty value (%s)", d->help);
			continue;
		}
		d->bind(&b, d, k);
	}
	check_rule(&b, sec, before);
	if (l->errors != before) {
		rule_free(r);
		return NULL;
	}
	return r;
}

const struct st_rule *st_ruleset_find(const struct st_ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i]->id, id) == 0)
			return rs->v[i];
	return NULL;
}

/* Turning off ------------------------------------------------------------- */

static void offs_free(struct st_rule_off *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].file);
	}
	free(v);
}

/*
 * A section with 'disabled' is an order to turn off the rule of that id,
 * wherever it is defined, not a rule: it holds nothing else.  Adds it to
 * *v; errors are reported.
 */
static void read_off(struct load *l, const struct st_ini_section *sec, struct st_rule_off **v,
		     size_t *n)
{
	const struct st_ini_key *k = st_ini_get(sec, "disabled");
	bool on;

	if (sec->nkeys != 1) {
		lerr(l, k->line, k->name, "goes in a section of its own: [%s] with only "
		     "'disabled = yes' turns off the rule %s defined elsewhere", sec->name, sec->name);
		return;
	}
	if (st_keytab_parse_bool(k->value, &on) < 0) {
		lerr(l, k->line, k->name, "'%s' is not yes or no", k->value);
		return;
	}
	if (!on) {
		lerr(l, k->line, k->name, "'%s' turns nothing off; remove [%s] to keep the rule",
		     k->value, sec->name);
		return;
	}
	*v = st_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].id = st_xstrdup(sec->name);
	(*v)[*n].file = st_xstrdup(l->file);
	(*v)[(*n)++].line = k->line;
}

void st_rules_unknown(const struct st_ruleset *rs, struct st_diag *diag, const char *file,
		      unsigned line, const char *what, const char *id)
{
	const char **ids = st_xcalloc(rs->n + 1, sizeof(*ids));
	const char *best;

	for (size_t i = 0; i < rs->n; i++)
		ids[i] = rs->v[i]->id;
	best = st_closest(id, ids, rs->n);
	if (best)
		st_diag_error(diag, file, line, "%s: unknown rule '%s' (did you mean '%s'?)", what, id,
			      best);
	else
		st_diag_error(diag, file, line, "%s: unknown rule '%s'", what, id);
	free(ids);
}

int st_rules_finish(struct st_ruleset *rs, struct st_diag *diag)
{
	int rc = 0;

	for (size_t i = 0; i < rs->noffs; i++) {
		const struct st_rule_off *o = &rs->offs[i];
		struct st_rule *r = (struct st_rule *)st_ruleset_find(rs, o->id);
		if (r) {
			if (!r->disabled_file) {
				r->disabled_file = st_xstrdup(o->file);
				r->disabled_line = o->line;
				st_debug("rule %s: turned off by %s:%u", r->id, o->file, o->line);
			}
			continue;
		}
		st_rules_unknown(rs, diag, o->file, o->line, "disabled", o->id);
		rc = -EINVAL;
	}
	offs_free(rs->offs, rs->noffs);
	rs->offs = NULL;
	rs->noffs = 0;
	return rc;
}

/* Loading ------------------------------------------------------------------- */

int st_rules_load_string(struct st_ruleset *rs, const char *name, const char *text, size_t len,
			 struct st_diag *diag)
{
	struct load l = { .file = name, .diag = diag };
	struct st_rule **got = NULL;
	struct st_rule_off *offs = NULL;
	struct st_ini ini;
	size_t ngot = 0, noffs = 0;

	if (st_ini_parse(name, text, len, &ini, diag) < 0)
		l.errors++;
	if (!ini.n && !l.errors)
		st_diag_warn(diag, name, 0, "no rules in this file");
	for (size_t i = 0; i < ini.n; i++) {
		const struct st_rule *dup = st_ruleset_find(rs, ini.v[i].name);
		struct st_rule *r;

		if (st_ini_get(&ini.v[i], "disabled")) {
			read_off(&l, &ini.v[i], &offs, &noffs);
			continue;
		}
		if (dup) {
			lerr(&l, ini.v[i].line, NULL, "rule '%s' is already defined at %s:%u",
			     ini.v[i].name, dup->file, dup->line);
			continue;
		}
		r = build_rule(&l, &ini.v[i]);
		if (r) {
			got = st_xrealloc(got, (ngot + 1) * sizeof(*got));
			got[ngot++] = r;
		}
	}
	st_ini_free(&ini);
	if (l.errors) {
		for (size_t i = 0; i < ngot; i++)
			rule_free(got[i]);
		free(got);
		offs_free(offs, noffs);
		return -EINVAL;
	}
	if (ngot) {
		rs->v = st_xrealloc(rs->v, (rs->n + ngot + 1) * sizeof(*rs->v));
		memcpy(rs->v + rs->n, got, ngot * sizeof(*got));
		rs->n += ngot;
	}
	free(got);
	if (noffs) {
		rs->offs = st_xrealloc(rs->offs, (rs->noffs + noffs) * sizeof(*rs->offs));
		memcpy(rs->offs + rs->noffs, offs, noffs * sizeof(*offs));
		rs->noffs += noffs;
	}
	free(offs);
	st_strv_push(&rs->files, name);
	return 0;
}

int st_rules_load_file(struct st_ruleset *rs, const char *path, struct st_diag *diag)
{
	char *text;
	size_t len;
	int rc;

	rc = st_ini_read_file(path, &text, &len, diag);
	if (rc < 0)
		return rc;
	rc = st_rules_load_string(rs, path, text, len, diag);
	free(text);
	return rc;
}

static int load_files(struct st_ruleset *rs, char **files, struct st_diag *diag)
{
	int rc = 0;

	for (char **f = files; *f; f++)
		if (st_rules_load_file(rs, *f, diag) < 0)
			rc = -EINVAL;
	if (st_rules_finish(rs, diag) < 0)
		rc = -EINVAL;
	return rc;
}

int st_rules_load_dir(struct st_ruleset *rs, const char *dir, struct st_diag *diag)
{
	char **files = st_ini_dir_list(dir, diag);
	int rc;

	if (!files)
		return -ENOENT;
	if (!files[0])
		st_diag_warn(diag, dir, 0, "no *.ini files: no rules");
	rc = load_files(rs, files, diag);
	st_strv_free(files);
	return rc;
}

int st_rules_load_dirs(struct st_ruleset *rs, const char *const *dirs, struct st_diag *diag)
{
	char **files = NULL;
	int rc = st_rules_layer_files(dirs, &files, diag);

	if (rc < 0)
		return rc;
	if (!files[0])
		st_diag_warn(diag, dirs[0], 0, "no *.ini files: no rules");
	rc = load_files(rs, files, diag);
	st_strv_free(files);
	return rc;
}

void st_ruleset_free(struct st_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		rule_free(rs->v[i]);
	free(rs->v);
	st_strv_free(rs->files);
	offs_free(rs->offs, rs->noffs);
	memset(rs, 0, sizeof(*rs));
}

/* Directory safety ---------------------------------------------------------- */

static int check_one(const char *path, const struct stat *st, char **why)
{
	uid_t me = geteuid();

	if (st->st_uid != 0 && st->st_uid != me) {
		*why = st_xasprintf("%s is owned by uid %u, not by root: whoever owns it decides "
				    "what stortune writes to the kernel",
				    path, (unsigned)st->st_uid);
		return -EPERM;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		*why = st_xasprintf("%s is writable by %s (mode %04o): anyone who can write there "
				    "decides what stortune writes to the kernel; chmod go-w it",
				    path, (st->st_mode & S_IWOTH) ? "others" : "its group",
				    (unsigned)(st->st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

int st_rules_path_check(const char *path, char **why)
{
	char *dir = st_xstrdup(path), *slash = strrchr(dir, '/');
	struct stat st;
	int rc;

	*why = NULL;
	if (stat(path, &st) < 0) {
		rc = -errno;
		*why = st_xasprintf("%s: %s", path, strerror(-rc));
		free(dir);
		return rc;
	}
	rc = check_one(path, &st, why);
	if (rc == 0) {
		if (slash)
			slash[slash == dir ? 1 : 0] = '\0';
		else
			strcpy(dir, ".");
		if (stat(dir, &st) == 0)
			rc = check_one(dir, &st, why);
	}
	free(dir);
	return rc;
}

/* A symlink to /dev/null: how a drop-in removes a shipped file. */
static bool is_devnull(const char *path)
{
	char *real = realpath(path, NULL);
	bool yes = real && strcmp(real, "/dev/null") == 0;

	free(real);
	return yes;
}

/*
 * One file of a directory.  A symlink's own mode is always 0777 and means
 * nothing: it is judged by its owner, then by the file it points to (a
 * /dev/null mask is fine).  A file that is gone is left to the reader.
 */
static int check_entry(const char *path, char **why)
{
	struct stat st;
	char *real;
	int rc;

	if (lstat(path, &st) < 0)
		return 0;
	if (!S_ISLNK(st.st_mode))
		return check_one(path, &st, why);
	st.st_mode &= ~(mode_t)(S_IWGRP | S_IWOTH);
	if ((rc = check_one(path, &st, why)) < 0 || is_devnull(path) || stat(path, &st) < 0)
		return rc;
	real = realpath(path, NULL);
	rc = check_one(real ? real : path, &st, why);
	free(real);
	return rc;
}

int st_rules_dir_check(const char *dir, char **why)
{
	struct st_diag diag = { 0 };
	struct stat st;
	char **files;
	int rc;

	*why = NULL;
	if (stat(dir, &st) < 0) {
		rc = -errno;
		*why = st_xasprintf("%s: %s", dir, strerror(-rc));
		return rc;
	}
	rc = check_one(dir, &st, why);
	if (rc < 0)
		return rc;
	files = st_ini_dir_list(dir, &diag);
	st_diag_free(&diag);
	for (char **f = files; f && *f && rc == 0; f++)
		rc = check_entry(*f, why);
	st_strv_free(files);
	return rc;
}

/* Layered directories ------------------------------------------------------- */

struct layer_file {
	const char *name; /* in path */
	char *path;
};

static int layer_cmp(const void *a, const void *b)
{
	return strcmp(((const struct layer_file *)a)->name, ((const struct layer_file *)b)->name);
}

/* A drop-in file that removes the file of its name: empty, or /dev/null. */
static bool is_mask(const char *path)
{
	struct stat st;

	return is_devnull(path) || (stat(path, &st) == 0 && S_ISREG(st.st_mode) && !st.st_size);
}

/* Adds dir's files to v (*n of them), each replacing one of its name. */
static void layer_add(struct layer_file **v, size_t *n, char **files, bool dropin)
{
	for (char **f = files; *f; f++) {
		const char *name = strrchr(*f, '/') + 1; /* "dir/name" */
		size_t i;

		for (i = 0; i < *n && strcmp((*v)[i].name, name) != 0; i++)
			;
		if (i == *n) {
			*v = st_xrealloc(*v, (*n + 1) * sizeof(**v));
			(*n)++;
		} else {
			st_debug("%s replaces %s", *f, (*v)[i].path);
			free((*v)[i].path);
		}
		(*v)[i].path = st_xstrdup(*f);
		(*v)[i].name = strrchr((*v)[i].path, '/') + 1;
		if (dropin && is_mask((*v)[i].path)) {
			st_debug("%s: empty or /dev/null: no %s", (*v)[i].path, name);
			free((*v)[i].path);
			(*v)[i] = (*v)[--(*n)];
		}
	}
}

/* Whether dirs[i] is to be read: a missing drop-in directory is not. */
static int layer_dir_ok(const char *const *dirs, size_t i, struct st_diag *diag)
{
	struct stat st;
	char *why = NULL;
	int rc;

	if (i > 0 && stat(dirs[i], &st) < 0 && errno == ENOENT) {
		st_debug("%s: no such directory: nothing layered from it", dirs[i]);
		return 1;
	}
	if (geteuid() != 0)
		return 0;
	rc = st_rules_dir_check(dirs[i], &why);
	if (rc == -EPERM)
		st_diag_error(diag, dirs[i], 0, "refusing to read it as root: %s", why);
	free(why);
	return rc == -EPERM ? rc : 0;
}

int st_rules_layer_files(const char *const *dirs, char ***out, struct st_diag *diag)
{
	struct layer_file *v = NULL;
	size_t n = 0;
	int rc = 0;

	*out = NULL;
	for (size_t i = 0; dirs[i]; i++) {
		int ok = layer_dir_ok(dirs, i, diag);
		char **files;

		if (ok != 0) {
			if (ok < 0)
				rc = ok;
			continue;
		}
		files = st_ini_dir_list(dirs[i], diag);
		if (!files) {
			rc = rc ? rc : -ENOENT;
			continue;
		}
		layer_add(&v, &n, files, i > 0);
		st_strv_free(files);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), layer_cmp);
	*out = st_xcalloc(n + 1, sizeof(**out));
	for (size_t i = 0; i < n; i++)
		(*out)[i] = v[i].path; /* handed over */
	free(v);
	if (rc < 0) {
		st_strv_free(*out);
		*out = NULL;
	}
	return rc;
}
