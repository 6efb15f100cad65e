/*
 * st_profile.h - workload profiles (profiles/NAME.ini, loaded by profile.c):
 * what a workload is (access pattern, read/write mix, request size,
 * durability need, goal, fsync habit, sharing), its inheritance, and its
 * overrides of rule values.  The rule engine reads a profile as facts;
 * observe suggests the closest one.
 */
#ifndef ST_PROFILE_H
#define ST_PROFILE_H

#include "st_ini.h"

struct st_expr;
struct st_ruleset;

enum st_access { ST_ACCESS_RANDOM, ST_ACCESS_SEQUENTIAL, ST_ACCESS_MIXED, ST_ACCESS_NR };
enum st_durability { ST_DUR_LOW, ST_DUR_NORMAL, ST_DUR_HIGH, ST_DUR_NR };
enum st_goal { ST_GOAL_LATENCY, ST_GOAL_THROUGHPUT, ST_GOAL_BALANCED, ST_GOAL_NR };

/*
 * The names profiles and rules use for them, NULL-terminated (messages list
 * them).  Kept with the enums, so that the facts, the profile loader and the
 * reports share them without depending on one another.
 */
static inline const char *const *st_access_names(void)
{
	static const char *const names[ST_ACCESS_NR + 1] = { "random", "sequential", "mixed", NULL };

	return names;
}

static inline const char *const *st_durability_names(void)
{
	static const char *const names[ST_DUR_NR + 1] = { "low", "normal", "high", NULL };

	return names;
}

static inline const char *const *st_goal_names(void)
{
	static const char *const names[ST_GOAL_NR + 1] = { "latency", "throughput", "balanced",
							   NULL };

	return names;
}

static inline const char *st_access_name(enum st_access a)
{
	return (unsigned)a < ST_ACCESS_NR ? st_access_names()[a] : "?";
}

static inline const char *st_durability_name(enum st_durability d)
{
	return (unsigned)d < ST_DUR_NR ? st_durability_names()[d] : "?";
}

static inline const char *st_goal_name(enum st_goal g)
{
	return (unsigned)g < ST_GOAL_NR ? st_goal_names()[g] : "?";
}

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
	bool page_cache;        /* writes stay in the page cache until the kernel
				 * writes them back; safety from replication, not
				 * fsync (Kafka, most message brokers) */
	char **atime_paths;     /* mount points whose readers need access times
				 * (mbox spools): they keep relatime */
	char **validate;        /* benchmark workloads that validate it */
	char **recognize;       /* paths whose presence says the machine is for this
				 * (`stortune recommend`); not inherited */
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

#endif
