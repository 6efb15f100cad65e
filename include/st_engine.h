/*
 * st_engine.h - the rule engine: rules + profile + system model -> plan.
 *
 * For every rule and every target in its scope (each device, each mount, or
 * the system once) the engine evaluates `when`; where it holds it evaluates
 * the value (or the profile's override of it), checks it against the knob,
 * and compares it with the current value from the model.  Several rules
 * setting the same knob on the same target are resolved by precedence
 * (below); the losers stay in the plan so that `advise -v` can show them.
 *
 * Precedence, first difference wins:
 *   1. a profile override of a rule's value beats rules without one;
 *   2. a higher rule priority;
 *   3. the rule read first (file name order, then line).
 *
 * The plan is the only output; report, apply and verify read it.
 */
#ifndef ST_ENGINE_H
#define ST_ENGINE_H

#include "st_model.h"
#include "st_rules.h"

struct st_config; /* st_config.h */

enum st_prec {
	ST_PREC_ONLY,     /* no other rule set this knob on this target */
	ST_PREC_PROFILE,  /* won by a profile override */
	ST_PREC_PRIORITY, /* won by a higher priority */
	ST_PREC_ORDER,    /* same priority: the rule read first won */
	ST_PREC_NR
};
const char *st_prec_name(enum st_prec p);

/* A rule that wanted the same knob on the same target and lost. */
struct st_loser {
	const struct st_rule *rule;
	char *value;  /* what it wanted (kernel text) */
	char *reason; /* "priority 40 is below 60 of nvme-none" */
};

struct st_reco {
	char *id;          /* "nvme0n1:queue/scheduler"; advice: "rule-id:target" */
	enum st_scope scope;
	const struct st_rule *rule;
	const struct st_knob *knob; /* NULL for advice */
	const struct st_device *dev;  /* device scope; mount scope: the mount's device */
	const struct st_mount *mnt;   /* mount scope */
	char *target;      /* "nvme0n1", "/srv", "system" */
	char *current;     /* kernel text; NULL unknown */
	char *recommended; /* kernel text; advice: the value, if the rule has one */
	char *summary;     /* with its {expressions} filled in */
	char *command;     /* by hand; NULL when there is none */
	char *fstab_line;  /* mount knobs: the new fstab line, or NULL */
	bool ok;           /* current already equals recommended */
	bool overridden;   /* the value came from the profile's override */
	const struct st_override *override;
	enum st_prec prec;
	struct st_loser *losers;
	size_t nlosers;
};

/* Why a rule that matched did not become a change. */
enum st_skip_kind {
	ST_SKIP_CONDITION,   /* a fact was unknown, the profile turned it off, the
				value does not fit the device, a tunable of another
				scheduler */
	ST_SKIP_UNSUPPORTED, /* the running kernel lacks the knob */
	ST_SKIP_NA,          /* the knob does not exist on this kind of target
				(partitions, dm devices, another filesystem) */
	ST_SKIP_NR
};

/* A rule that matched a target but could not be turned into a change. */
struct st_skip {
	const struct st_rule *rule;
	char *target;
	char *reason; /* "bfq is not available", "value: 0 is below the minimum 4" */
	enum st_skip_kind kind;
};

/* A device or mount that stortune.conf excludes: it got no recommendation. */
struct st_exclusion {
	enum st_scope scope; /* device or mount */
	char *target;        /* "loop0", "/tmp/img" */
	char *reason;        /* "matches 'loop*' ([exclude] devices, FILE:LINE)";
				"is on loop0, which matches ..." */
};

struct st_plan {
	const struct st_profile *profile;
	struct st_reco *changes; /* current differs: to apply */
	size_t nchanges;
	struct st_reco *ok;      /* already right */
	size_t nok;
	struct st_reco *advice;  /* set = advice rules that fired */
	size_t nadvice;
	struct st_skip *skipped; /* for -v */
	size_t nskipped;
	size_t nerrors;          /* rules whose evaluation failed (warned) */
	struct st_exclusion *excluded; /* targets left out, in report order */
	size_t nexcluded;
};

/*
 * Builds the plan.  only (may be NULL or empty) limits device and mount
 * targets to those devices and what is stacked on them or under them.
 * Evaluation errors of a rule on a target (overflow, a value out of the
 * knob's range) are warned about, naming the rule's file:line and the target,
 * and counted; they do not stop the other rules.  Returns 0 or -errno.
 */
int st_engine_run(const struct st_ruleset *rs, const struct st_profile *prof,
		  const struct st_system *sys, const struct st_devv *only, struct st_plan **out);

/* What st_engine_run_opts takes besides the rules, profile and model. */
struct st_engine_opts {
	const struct st_devv *only;     /* as st_engine_run's; NULL: all */
	/* Its exclude patterns (NULL: none) take devices and mounts out of
	 * the plan before any rule sees them, each listed in plan->excluded
	 * with the pattern and where it was set.  A device is excluded when
	 * its kernel or dm name matches, or that of its disk or of any device
	 * it is built on (recursively): excluding sdb leaves alone sdb1 and an
	 * md array on it, since their settings reach sdb's I/O.  A mount is
	 * excluded when its mount point matches, or its device is excluded.
	 * Exclusion applies to devices named in only, too. */
	const struct st_config *config;
};
/* st_engine_run with options; st_engine_run is this with only given and
 * no config. */
int st_engine_run_opts(const struct st_ruleset *rs, const struct st_profile *prof,
		       const struct st_system *sys, const struct st_engine_opts *opts,
		       struct st_plan **out);
void st_plan_free(struct st_plan *plan);

#endif
