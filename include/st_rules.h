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
#include "st_profile.h"

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
	/* turned off by a section [id] with only 'disabled = yes' (a drop-in,
	 * see rules/README.md): where that is; NULL: in force.  The engine
	 * skips it; profiles may still name it. */
	char *disabled_file;
	unsigned disabled_line;
};

/* A 'disabled = yes' section read, applied by st_rules_finish. */
struct st_rule_off {
	char *id;
	char *file;
	unsigned line;
};

struct st_ruleset {
	struct st_rule **v;
	size_t n;
	char **files; /* the files that were loaded, in order */
	struct st_rule_off *offs; /* not applied yet */
	size_t noffs;
};

/*
 * Loads every *.ini file of dir, in name order, into rs (adding to what it
 * holds).  A file with errors contributes no rules; its errors go to diag.
 * Returns 0 when every file loaded, -EINVAL when some had errors, or another
 * -errno when dir cannot be read (also reported in diag).
 */
int st_rules_load_dir(struct st_ruleset *rs, const char *dir, struct st_diag *diag);
/*
 * Layered directories, as systemd and TuneD layer theirs: dirs (NULL-
 * terminated) is the shipped directory first, then drop-in directories
 * such as /etc/stortune/rules.d, which may be missing.  A file of a later
 * directory replaces the file of the same name of an earlier one; an empty
 * one, or a symlink to /dev/null, removes it.  The files are read in name
 * order whatever their directory (st_rules_layer_files), then
 * st_rules_finish turns off the rules that 'disabled' sections name.  As
 * root, every directory that exists must pass st_rules_dir_check (-EPERM).
 * Otherwise the contract of st_rules_load_dir.
 */
int st_rules_load_dirs(struct st_ruleset *rs, const char *const *dirs, struct st_diag *diag);
/*
 * Profiles from the shipped directory and drop-in directories
 * (/etc/stortune/profiles.d), layered the same way (profile.c): a file of
 * a later directory replaces the profile of its name (whose file is then
 * the drop-in's), an empty one or a symlink to /dev/null removes it, and a
 * new name adds a profile, which may inherit from any other.  Then
 * inheritance is resolved, as st_profiles_load_dir does.
 */
int st_profiles_load_dirs(struct st_profileset *ps, const char *const *dirs,
			  const struct st_ruleset *rs, struct st_diag *diag);
/*
 * The files st_rules_load_dirs and st_profiles_load_dirs read, as above:
 * *out is NULL-terminated, sorted by file name.  Returns 0, -ENOENT when
 * the first directory or an existing later one cannot be read, or -EPERM
 * (as root) for an unsafe one; each reported in diag.
 */
int st_rules_layer_files(const char *const *dirs, char ***out, struct st_diag *diag);
/*
 * Applies the 'disabled' sections read so far: each must name a rule of rs
 * (else "file:line: disabled: unknown rule 'x' (did you mean 'y'?)").
 * st_rules_load_dir and st_rules_load_dirs call it; a caller loading single
 * files calls it once they are all read.  Returns 0 or -EINVAL.
 */
int st_rules_finish(struct st_ruleset *rs, struct st_diag *diag);
/* "file:line: WHAT: unknown rule 'ID' (did you mean 'X'?)" into diag. */
void st_rules_unknown(const struct st_ruleset *rs, struct st_diag *diag, const char *file,
		      unsigned line, const char *what, const char *id);
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

/*
 * Checks that a rules or profiles directory is safe for root to act on: a
 * directory (and each file in it) writable by group or others, or owned by
 * someone other than root or the caller, could be used to make root write
 * arbitrary values to the kernel.  Returns 0, or -EPERM with *why set.
 */
int st_rules_dir_check(const char *dir, char **why);
/* The same for one file that decides what root does (stortune.conf): the
 * file, after symlinks, and the directory it is named in.  -errno, with
 * *why set, when it cannot be checked. */
int st_rules_path_check(const char *path, char **why);

/* Facts: the symbols expressions may use (src/facts.c) --------------------- */

/* The table of every identifier, its type and the scopes it is available in. */
const struct st_symtab *st_facts_symtab(void);
/* The facts derived from the model or the profile (the others are the
 * attribute tables' facts, st_attr.h), sorted by name as written. */
const struct st_symbol *st_facts_derived(size_t *n);

/* What the identifiers read: the target a rule is evaluated on. */
struct st_facts {
	const struct st_system *sys;
	const struct st_device *dev;  /* device and mount scope */
	const struct st_mount *mnt;   /* mount scope */
	const struct st_profile *prof;
	bool named;                   /* the device was named on the command line */
};
/* An st_expr_lookup_fn; data is a struct st_facts. */
int st_facts_lookup(void *data, int id, struct st_value *out);

#endif
