/*
 * st_rules.h - rules and profiles: loading rules/NAME.ini and profiles/NAME.ini
 * with inih, checking them, and the symbols their expressions may use.
 *
 * A rule file holds one rule per section; a profile file declares one
 * workload.  Loading is all or nothing per file: a file with any error is
 * rejected whole, and every error is reported as "file:line: key: message".
 * Nothing here looks at a system: the engine (st_engine.h) applies loaded
 * rules to a model.
 */
#ifndef ST_RULES_H
#define ST_RULES_H

#include "st_expr.h"
#include "st_ini.h"
#include "st_knob.h"

/* Default priority of a rule that gives none; higher wins (see engine). */
#define ST_RULE_PRIORITY_DEFAULT 50

/* Literal text with {expression} parts, e.g. a summary. */
struct st_template {
	char *text;            /* as written */
	char **lits;           /* n + 1 literal pieces */
	struct st_expr **exprs; /* n expressions between them; NULL: {value},
				   the recommended value */
	size_t n;
};

struct st_rule {
	char *id;          /* the section name */
	char *file;        /* as given to the loader: "rules/scheduler.ini" */
	unsigned line;     /* of the [section] header */
	unsigned when_line, value_line, set_line;
	struct st_template summary;
	char *why;
	enum st_scope scope;
	struct st_expr *when;        /* NULL: always */
	const struct st_knob *knob;  /* NULL: advice only (set = advice) */
	struct st_expr *value;       /* NULL for advice without a value */
	enum st_risk risk;
	char *validate;              /* a benchmark workload name, or NULL */
	int priority;
	char *source;
};

struct st_ruleset {
	struct st_rule **v;
	size_t n;
	char **files; /* the files that were loaded, in order */
};

/*
 * Loads every *.ini file of dir, in name order, into rs (adding to what it
 * holds).  A file with errors contributes no rules; its errors go to diag.
 * Returns 0 when every file loaded, -EINVAL when some had errors, or another
 * -errno when dir cannot be read (also reported in diag).
 */
int st_rules_load_dir(struct st_ruleset *rs, const char *dir, struct st_diag *diag);
/* One file; the same contract. */
int st_rules_load_file(struct st_ruleset *rs, const char *path, struct st_diag *diag);
/* The same from memory, for tests; name is used in messages. */
int st_rules_load_string(struct st_ruleset *rs, const char *name, const char *text, size_t len,
			 struct st_diag *diag);
/* A rule id or profile name: lower-case letters, digits and '-', not
 * starting with '-'. */
bool st_rules_valid_name(const char *s);
const struct st_rule *st_ruleset_find(const struct st_ruleset *rs, const char *id);
void st_ruleset_free(struct st_ruleset *rs); /* frees the contents */

/* Profiles ---------------------------------------------------------------- */

enum st_access { ST_ACCESS_RANDOM, ST_ACCESS_SEQUENTIAL, ST_ACCESS_MIXED, ST_ACCESS_NR };
enum st_durability { ST_DUR_LOW, ST_DUR_NORMAL, ST_DUR_HIGH, ST_DUR_NR };
enum st_goal { ST_GOAL_LATENCY, ST_GOAL_THROUGHPUT, ST_GOAL_BALANCED, ST_GOAL_NR };

/* A profile's replacement for one rule: off, or a new value expression. */
struct st_override {
	char *rule;          /* rule id */
	bool off;
	struct st_expr *value;
	char *text;          /* the expression as written */
	char *file;
	unsigned line;
	char *profile;       /* the profile (in the inheritance chain) that set it */
};

struct st_profile {
	char *name;          /* the file name without .ini */
	char *file;
	char *summary;
	char *inherits;      /* parent's name, or NULL */
	char **chain;        /* this profile, its parent, ... (for display) */
	/* the workload */
	enum st_access access;
	int64_t read_pct;       /* 0..100 */
	int64_t request_size;   /* bytes: typical request */
	enum st_durability durability;
	enum st_goal goal;
	bool fsync_heavy;       /* commits by fsync/fdatasync (databases, mail, WAL) */
	bool shared;            /* several tenants share the devices */
	char **validate;        /* benchmark workloads that validate it */
	struct st_override *overrides;
	size_t noverrides;
	/* loading: which workload keys the file itself set (bit per key), and
	 * the inheritance walk's state */
	unsigned given;
	int resolve_state;
	bool bad;            /* had errors: not usable */
};

struct st_profileset {
	struct st_profile **v;
	size_t n;
};

/*
 * Loads every *.ini of dir.  Inheritance is resolved after all files are
 * read: a child takes every workload key it does not set from its parent,
 * and the parent's overrides unless it overrides the same rule.  Overrides
 * are checked against rs (unknown rule ids, value types against the rule's
 * knob).  Cycles and unknown parents are errors of the file that names them.
 */
int st_profiles_load_dir(struct st_profileset *ps, const char *dir, const struct st_ruleset *rs,
			 struct st_diag *diag);
int st_profiles_load_string(struct st_profileset *ps, const char *name, const char *text,
			    size_t len, const struct st_ruleset *rs, struct st_diag *diag);
/* Resolves inheritance; st_profiles_load_dir calls it. */
int st_profiles_resolve(struct st_profileset *ps, const struct st_ruleset *rs,
			struct st_diag *diag);
const struct st_profile *st_profileset_find(const struct st_profileset *ps, const char *name);
/* Closest profile name, or NULL. */
const char *st_profileset_suggest(const struct st_profileset *ps, const char *name);
void st_profileset_free(struct st_profileset *ps);

const char *st_access_name(enum st_access a);
const char *st_durability_name(enum st_durability d);
const char *st_goal_name(enum st_goal g);

/*
 * Checks that a rules or profiles directory is safe for root to act on: a
 * directory (and each file in it) writable by group or others, or owned by
 * someone other than root or the caller, could be used to make root write
 * arbitrary values to the kernel.  Returns 0, or -EPERM with *why set.
 */
int st_rules_dir_check(const char *dir, char **why);

/* Facts: the symbols expressions may use (src/facts.c) --------------------- */

/* The table of every identifier, its type and the scopes it is available in. */
const struct st_symtab *st_facts_symtab(void);

/* What the identifiers read: the target a rule is evaluated on. */
struct st_facts {
	const struct st_system *sys;
	const struct st_device *dev;  /* device and mount scope */
	const struct st_mount *mnt;   /* mount scope */
	const struct st_profile *prof;
};
/* An st_expr_lookup_fn; data is a struct st_facts. */
int st_facts_lookup(void *data, int id, struct st_value *out);

#endif
