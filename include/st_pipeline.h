/*
 * st_pipeline.h - the flow that commands share: open the root, load the
 * rules and profiles, open the state directory and its journals, probe and
 * plan.  Every error is printed here, naming the thing; callers only map
 * the result to an exit status.
 */
#ifndef ST_PIPELINE_H
#define ST_PIPELINE_H

#include <stdbool.h>

#include "st_apply.h"
#include "st_bench.h"
#include "st_config.h"
#include "st_observe.h"
#include "st_engine.h"
#include "st_path.h"
#include "st_recommend.h"
#include "st_rules.h"

#define ST_STATE_DIR ST_CONFIG_STATE_DIR

/* Where things are, as the command line says (NULL: the default). */
struct st_where {
	const char *sysroot;
	const char *rules_dir, *profiles_dir;
	const char *state_dir;
	const struct st_config *config; /* stortune.conf as read; NULL: none */
	const char *conf_dir;           /* its directory: rules.d/, profiles.d/ */
};

/* The root: "/" or a sysroot tree, which must have sys/ or proc/. */
int st_root_open(const struct st_where *w, struct st_path **pc);

/* Where rules/ and profiles/ are: given, else st_datadir(): relative to the
 * binary first, then the build-time data directory. */
char *st_data_dir(const char *given, const char *what);

void st_diag_print(const struct st_diag *d);

struct st_knowledge {
	struct st_ruleset rules;
	struct st_profileset profiles;
	char *rules_dir, *profiles_dir;
};

/* Loads rules and profiles; any error fails. */
int st_knowledge_load(const struct st_where *w, struct st_knowledge *k);
void st_knowledge_free(struct st_knowledge *k);
/* The profile called name, or NULL after "unknown profile (did you mean)". */
const struct st_profile *st_knowledge_profile(const struct st_knowledge *k, const char *name);

/* DEVICE arguments to devices of sys; "no such block device" otherwise. */
int st_devices_lookup(const struct st_system *sys, char *const *args, int nargs,
		      struct st_devv *only);

/* The state directory's path: given, inside a sysroot (made there when
 * create), or ST_STATE_DIR.  NULL when it cannot be made. */
char *st_state_path(const struct st_where *w, struct st_path *pc, bool create);
/* Opens (create: making) the state directory, locked when lock.  -ENOENT,
 * not printed, when it does not exist and !create. */
int st_state_get(const struct st_where *w, struct st_path *pc, bool create, bool lock,
		 struct st_state **st);

/* What apply and verify share: knowledge, the profile, the state directory
 * and its active journals, the probed system and the plan. */
struct st_planned {
	struct st_knowledge k;
	const struct st_profile *prof;
	struct st_path *pc;
	struct st_system *sys;
	struct st_plan *plan;
	struct st_devv only;
	struct st_state *st;     /* NULL when there is no state directory yet */
	struct st_journal **js;  /* its active journals, newest first */
	size_t nj;
	const struct st_journal *applied; /* no profile given: the one of js it came from */
};

/* The state directory is made when create, and locked when lock before the
 * probe, so that what is read cannot change under another apply.  profile
 * NULL: the newest active journal's (an error naming the state directory
 * when there is none), and its apply's DEVICEs when nargs is 0. */
int st_planned_make(const struct st_where *w, const char *profile, char *const *args, int nargs,
		    bool create, bool lock, struct st_planned *p);
void st_planned_free(struct st_planned *p);

/* `status`: the active journals and the --persist files; when something is
 * applied, the verify of the newest journal's profile (strict: held settings
 * count as drift) on what that apply covered.  *s and p are the caller's to
 * free, also on error. */
struct st_status;
int st_status_make(const struct st_where *w, bool strict, struct st_planned *p,
		   struct st_status **s);

/* `revert [--all]`: the root, the locked state directory, the probe and
 * the revert.  No state directory is nothing to revert (r->no_state_dir).
 * r->state_dir is set unless the root or the state directory failed; r is
 * the caller's to free (st_reverts_free) also on error.  -EIO: some entries
 * failed, r says which. */
int st_revert_make(const struct st_where *w, bool all, bool force, struct st_reverts *r);

/* `rules lint`: files (nfiles > 0) checked alone, else the rules and the
 * profiles (against the rules that did load) of w; every problem goes to
 * diag.  -EINVAL when any file had an error. */
int st_knowledge_lint(const struct st_where *w, char *const *files, int nfiles,
		      struct st_knowledge *k, struct st_diag *diag);

/* apply, revert and persist change the kernel: root, unless the "kernel"
 * is a sysroot's files.  what names the command in the error. */
int st_need_root(const char *sysroot, const char *what);

/* A bench context on the live root and its model, which tell the bench
 * what is under a directory: progress on stderr (a terminal, not quiet)
 * labelled label.  open makes the root and model, close frees them; init
 * takes the caller's. */
void st_bench_live_init(struct st_bench_ctx *ctx, struct st_path *pc, struct st_system *sys,
			bool quiet, const char *label);
int st_bench_live_open(const struct st_where *w, struct st_bench_ctx *ctx, bool quiet,
		       const char *label);
void st_bench_live_end(const struct st_bench_ctx *ctx); /* erases the progress bar */
void st_bench_live_close(struct st_bench_ctx *ctx);

/* apply --validate, bench --ab --profile: each change measured on p's live
 * root through bctx (progress unless quiet), vr's verdicts deciding. */
struct st_validate_run;
void st_planned_validate(struct st_planned *p, bool quiet, struct st_bench_ctx *bctx,
			 struct st_validate_run *vr, struct st_apply_opts *ao);

/* apply --persist left n devices unpersisted (each listed): says so and
 * returns the error DESIGN.md's exit codes give a request not carried out
 * (1: the runtime changes were made, the boot-time ones not all). */
int st_not_persisted(size_t n);

/* `recommend`: the knowledge, the probed machine and which profile it
 * looks made for (the evidence points into sys). */
struct st_recommended {
	struct st_knowledge k;
	struct st_path *pc;
	struct st_system *sys;
	struct st_recommendation r;
};
int st_recommended_make(const struct st_where *w, struct st_recommended *r);
void st_recommended_free(struct st_recommended *r);

/* observe: the knowledge (for the suggestion), the sample source, the
 * DEVICEs and the recording file opened; the caller sets the output and
 * timing fields of run.  end closes the recording (an error of that is
 * the result when rc was 0), frees everything and returns rc. */
struct st_observing {
	struct st_knowledge k;
	struct st_obs_run run;
	struct st_obs_recording rec;
	const char *record;
};
int st_observing_make(const struct st_where *w, const char *replay, const char *record,
		      char *const *args, int nargs, struct st_observing *ob);
int st_observing_end(struct st_observing *ob, int rc);


#endif
