/*
 * pipeline.c - the steps commands share, in the order of the flow:
 * root → knowledge → state directory and journals → probe → plan.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st_datadir.h"
#include "st_log.h"
#include "st_pipeline.h"
#include "st_observe.h"
#include "st_probe.h"
#include "st_validate.h"
#include "st_report_bench.h"
#include "st_util.h"
#include "st_verify.h"

int st_root_open(const struct st_where *w, struct st_path **pc)
{
	int rc = st_path_new(pc, w->sysroot);

	if (rc < 0) {
		st_err("%s: %s", w->sysroot ? w->sysroot : "/", strerror(-rc));
		return rc;
	}
	if (w->sysroot && st_path_existsf(*pc, "sys") < 0 && st_path_existsf(*pc, "proc") < 0) {
		st_err("%s: not a sysroot: it has neither sys/ nor proc/", w->sysroot);
		st_path_free(*pc);
		*pc = NULL;
		return -ENOENT;
	}
	return 0;
}

char *st_data_dir(const char *given, const char *what)
{
	return given ? st_xstrdup(given) : st_datadir(NULL, what);
}

void st_diag_print(const struct st_diag *d)
{
	for (char **w = d->warnings; w && *w; w++)
		st_warn("%s", *w);
	for (char **e = d->errors; e && *e; e++)
		st_log(ST_LOG_ERR, "%s", *e);
}

/* Root must not act on rules that others can change. */
static int check_dir(const char *dir)
{
	char *why = NULL;
	int rc;

	if (geteuid() != 0)
		return 0;
	rc = st_rules_dir_check(dir, &why);
	if (rc < 0 && rc != -ENOENT) {
		st_err("refusing to run as root with %s", why);
		free(why);
		return rc;
	}
	free(why);
	return 0;
}

void st_knowledge_free(struct st_knowledge *k)
{
	st_ruleset_free(&k->rules);
	st_profileset_free(&k->profiles);
	free(k->rules_dir);
	free(k->profiles_dir);
}

/* The shipped rules and profiles, and over them the drop-ins of conf_dir
 * (rules.d/, profiles.d/) unless --rules or --profiles named the one
 * directory to read. */
static int load_layers(const struct st_where *w, struct st_knowledge *k, struct st_diag *diag)
{
	char *rdrop = w->conf_dir && !w->rules_dir ? st_xasprintf("%s/rules.d", w->conf_dir) : NULL;
	char *pdrop = w->conf_dir && !w->profiles_dir ? st_xasprintf("%s/profiles.d", w->conf_dir)
						      : NULL;
	const char *rdirs[] = { k->rules_dir, rdrop, NULL };
	const char *pdirs[] = { k->profiles_dir, pdrop, NULL };
	int rc = st_rules_load_dirs(&k->rules, rdirs, diag);

	if (rc == 0)
		rc = st_profiles_load_dirs(&k->profiles, pdirs, &k->rules, diag);
	free(rdrop);
	free(pdrop);
	return rc;
}

int st_knowledge_load(const struct st_where *w, struct st_knowledge *k)
{
	struct st_diag diag = { 0 };
	int rc;

	memset(k, 0, sizeof(*k));
	k->rules_dir = st_data_dir(w->rules_dir, "rules");
	k->profiles_dir = st_data_dir(w->profiles_dir, "profiles");
	if (check_dir(k->rules_dir) < 0 || check_dir(k->profiles_dir) < 0)
		return -EPERM;
	rc = load_layers(w, k, &diag);
	st_diag_print(&diag);
	if (rc == -ENOENT)
		st_err("no rules or profiles there: give --rules DIR and --profiles DIR, or "
		       "install them with 'make install'");
	else if (rc < 0)
		st_err("%zu error%s in the rules or profiles; nothing was evaluated "
		       "('stortune rules lint' checks them)",
		       diag.nerrors, diag.nerrors == 1 ? "" : "s");
	st_diag_free(&diag);
	return rc;
}

const struct st_profile *st_knowledge_profile(const struct st_knowledge *k, const char *name)
{
	const struct st_profile *p = st_profileset_find(&k->profiles, name);
	const char *best;

	if (p)
		return p;
	best = st_profileset_suggest(&k->profiles, name);
	if (best)
		st_err("unknown profile '%s' (did you mean '%s'?)", name, best);
	else
		st_err("unknown profile '%s'; 'stortune profiles list' shows them", name);
	return NULL;
}

/* A hidden device named on the command line: an NVMe multipath path
 * (nvme1c2n1, the path of namespace 1 of subsystem 1 through controller 2)
 * is reached through its head, nvme1n1, which is the one stortune tunes. */
static void hidden_error(const char *name)
{
	unsigned subsys, ctrl, ns;
	char end;

	if (sscanf(name, "nvme%uc%un%u%c", &subsys, &ctrl, &ns, &end) == 3)
		st_err("%s: a hidden path of NVMe multipath device nvme%un%u; stortune sets "
		       "nothing on a path: name nvme%un%u", name, subsys, ns, subsys, ns);
	else
		st_err("%s: a hidden block device (a multipath path or zoned sub-device); "
		       "stortune sets nothing on it", name);
}

int st_devices_lookup(const struct st_system *sys, char *const *args, int nargs,
		      struct st_devv *only)
{
	int rc = 0;

	for (int i = 0; rc == 0 && i < nargs; i++) {
		struct st_device *d = st_system_lookup(sys, args[i]);
		const char *kname = st_startswith(args[i], "/dev/") ? args[i] + 5 : args[i];

		if (!d && st_strv_has((const char *const *)sys->hidden, kname)) {
			hidden_error(kname);
			rc = -ENODEV;
		} else if (!d) {
			st_err("%s: no such block device", args[i]);
			rc = -ENODEV;
		} else {
			st_devv_push(only, d);
		}
	}
	return rc;
}

char *st_state_path(const struct st_where *w, struct st_path *pc, bool create)
{
	if (w->state_dir)
		return st_xstrdup(w->state_dir);
	if (pc && st_path_is_sysroot(pc)) {
		/* made inside the root, so a symlink in the tree cannot send
		 * the journal elsewhere; only commands that write make it */
		if (create && st_path_mkdirf(pc, "%s", ST_STATE_DIR) < 0)
			return NULL;
		return st_xasprintf("%s%s", st_path_root(pc), ST_STATE_DIR);
	}
	return st_xstrdup(ST_STATE_DIR);
}

static int state_lock(struct st_state *st, const char *dir)
{
	long holder;
	int rc = st_state_lock(st, &holder);

	if (rc == -EBUSY && holder)
		st_err("another stortune apply is running (pid %ld); nothing was changed", holder);
	else if (rc == -EBUSY)
		st_err("another stortune apply is running; nothing was changed");
	else if (rc < 0)
		st_err("%s/lock: %s", dir, strerror(-rc));
	return rc;
}

int st_state_get(const struct st_where *w, struct st_path *pc, bool create, bool lock,
		 struct st_state **st)
{
	char *dir = st_state_path(w, pc, create);
	int rc;

	*st = NULL;
	if (!dir) {
		st_err("%s%s: cannot create the state directory", st_path_root(pc), ST_STATE_DIR);
		return -EIO;
	}
	rc = st_state_open(dir, create, st);
	/* EPERM and ELOOP: st_state_open said why */
	if (rc < 0 && !(rc == -ENOENT && !create) && rc != -EPERM && rc != -ELOOP)
		st_err("%s: state directory: %s", dir, strerror(-rc));
	if (rc == 0 && lock && (rc = state_lock(*st, dir)) < 0) {
		st_state_free(*st);
		*st = NULL;
	}
	free(dir);
	return rc;
}

/* The active journals (none when there is no state directory yet). */
static int load_journals(struct st_state *st, struct st_journal ***js, size_t *n)
{
	char *err = NULL;
	int rc;

	*js = NULL;
	*n = 0;
	if (!st)
		return 0;
	rc = st_journal_load_active(st, js, n, &err);
	if (rc < 0) {
		st_err("%s", err);
		free(err);
	}
	return rc;
}

void st_planned_free(struct st_planned *p)
{
	st_journal_freev(p->js, p->nj);
	st_state_free(p->st);
	st_plan_free(p->plan);
	free(p->only.v);
	st_system_free(p->sys);
	st_path_free(p->pc);
	st_knowledge_free(&p->k);
}

/* The root, the state directory (made when create, locked when lock; none
 * yet is no error without create) and its active journals. */
static int planned_open(const struct st_where *w, bool create, bool lock, struct st_planned *p)
{
	int rc = st_root_open(w, &p->pc);

	if (rc == 0) {
		rc = st_state_get(w, p->pc, create, lock, &p->st);
		if (rc == -ENOENT && !create)
			rc = 0;
	}
	if (rc == 0)
		rc = load_journals(p->st, &p->js, &p->nj);
	return rc;
}

/* No --profile: the newest active journal's profile, and the DEVICEs that
 * apply was given unless others are. */
static int planned_applied(const struct st_where *w, struct st_planned *p, char *const **args,
			   int *nargs)
{
	if (!p->nj) {
		char *dir = st_state_path(w, p->pc, false);

		st_err("no profile is applied: %s %s; give --profile NAME", dir,
		       p->st ? "has no active journal" : "does not exist");
		free(dir);
		return -ENOENT;
	}
	p->applied = p->js[0];
	p->prof = st_knowledge_profile(&p->k, p->applied->profile);
	if (!p->prof) {
		st_err("%s/journal-%06u.json: its profile '%s' is not there now; give --profile NAME",
		       st_state_dir(p->st), p->applied->seq, p->applied->profile);
		return -ENOENT;
	}
	if (*nargs == 0 && p->applied->devices) {
		*args = p->applied->devices;
		*nargs = (int)st_strv_len(p->applied->devices);
	}
	return 0;
}

/* Probe, the DEVICEs, the plan. */
static int planned_plan(const struct st_where *w, struct st_planned *p, char *const *args,
			int nargs)
{
	int rc = st_probe_run(p->pc, &p->sys);

	if (rc == 0)
		rc = st_devices_lookup(p->sys, args, nargs, &p->only);
	if (rc == -ENODEV && p->applied && args == p->applied->devices)
		st_err("%s/journal-%06u.json was applied to it; give --profile NAME and the DEVICEs "
		       "to check",
		       st_state_dir(p->st), p->applied->seq);
	if (rc == 0)
		rc = st_engine_run_opts(&p->k.rules, p->prof, p->sys,
					&(struct st_engine_opts){ .only = &p->only, .config = w->config },
					&p->plan);
	return rc;
}

int st_planned_make(const struct st_where *w, const char *profile, char *const *args, int nargs,
		    bool create, bool lock, struct st_planned *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	rc = st_knowledge_load(w, &p->k);
	if (rc == 0 && profile && !(p->prof = st_knowledge_profile(&p->k, profile)))
		rc = -ENOENT;
	if (rc == 0)
		rc = planned_open(w, create, lock, p);
	if (rc == 0 && !profile)
		rc = planned_applied(w, p, &args, &nargs);
	if (rc == 0)
		rc = planned_plan(w, p, args, nargs);
	for (size_t i = 0; rc == 0 && create && lock && i < p->nj; i++)
		if (p->js[i]->phase == ST_JP_APPLYING)
			/* we hold the lock, so its apply is gone: killed */
			st_warn("%s/journal-%06u.json: an apply (pid %ld) was interrupted before it "
				"completed; what it changed stays recorded there, and 'stortune revert "
				"--all' undoes it, deciding each setting from its live value",
				st_state_dir(p->st), p->js[i]->seq, p->js[i]->pid);
	if (rc == 0 && create && p->st) {
		/* the journals of this apply record its DEVICEs, for verify and status */
		char **names = st_xcalloc(p->only.n + 1, sizeof(*names));

		for (size_t i = 0; i < p->only.n; i++)
			names[i] = p->only.v[i]->name;
		st_state_set_devices(p->st, names, p->only.n);
		free(names);
	}
	return rc;
}

int st_status_make(const struct st_where *w, bool strict, struct st_planned *p,
		   struct st_status **s)
{
	struct st_apply_opts ao = { 0 }; /* what apply holds back without flags */
	char *const *args = NULL;
	int nargs = 0, rc;

	memset(p, 0, sizeof(*p));
	*s = NULL;
	rc = planned_open(w, false, false, p);
	if (rc == 0)
		rc = st_status_build(p->pc, p->js, p->nj, s);
	if (rc < 0)
		return rc;
	(*s)->state_dir = st_state_path(w, p->pc, false);
	(*s)->no_state_dir = !p->st;
	if (!p->nj)
		return 0;
	rc = st_knowledge_load(w, &p->k);
	if (rc == 0)
		rc = planned_applied(w, p, &args, &nargs);
	if (rc == 0)
		rc = planned_plan(w, p, args, nargs);
	if (rc == 0) {
		st_status_live(p->pc, p->sys, *s);
		(*s)->verify = st_verify_build(p->plan, p->js, p->nj, &ao, strict);
		(*s)->verify->applied = p->applied->seq;
	}
	return rc;
}

int st_revert_make(const struct st_where *w, bool all, bool force, struct st_reverts *r)
{
	struct st_system *sys = NULL;
	struct st_state *st = NULL;
	struct st_path *pc = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = st_root_open(w, &pc);
	if (rc < 0)
		return rc;
	rc = st_state_get(w, pc, false, true, &st);
	if (rc == -ENOENT) {
		r->no_state_dir = true;
		rc = 0;
	} else if (rc == 0) {
		rc = st_probe_run(pc, &sys);
		if (rc == 0)
			rc = st_revert_run(pc, sys, st, force, all, r); /* zeroes r first */
	}
	if (!r->state_dir)
		r->state_dir = st_state_path(w, pc, false);
	st_system_free(sys);
	st_state_free(st);
	st_path_free(pc);
	return rc;
}

int st_knowledge_lint(const struct st_where *w, char *const *files, int nfiles,
		      struct st_knowledge *k, struct st_diag *diag)
{
	int rc = 0;

	memset(k, 0, sizeof(*k));
	for (int i = 0; i < nfiles; i++)
		if (st_rules_load_file(&k->rules, files[i], diag) < 0)
			rc = -EINVAL;
	if (nfiles > 0)
		return rc;
	k->rules_dir = st_data_dir(w->rules_dir, "rules");
	k->profiles_dir = st_data_dir(w->profiles_dir, "profiles");
	if (st_rules_load_dir(&k->rules, k->rules_dir, diag) < 0)
		rc = -EINVAL;
	if (st_profiles_load_dir(&k->profiles, k->profiles_dir, &k->rules, diag) < 0)
		rc = -EINVAL;
	return rc;
}

int st_need_root(const char *sysroot, const char *what)
{
	if (sysroot || geteuid() == 0)
		return 0;
	st_err("%s changes kernel settings and needs root; nothing was changed "
	       "(apply --dry-run shows the changes without root)",
	       what);
	return -EPERM;
}

void st_bench_live_init(struct st_bench_ctx *ctx, struct st_path *pc, struct st_system *sys,
			bool quiet, const char *label)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->pc = pc;
	ctx->sys = sys;
	if (!quiet && isatty(STDERR_FILENO)) {
		ctx->progress = st_report_bench_progress;
		ctx->progress_data = (void *)label;
	}
}

int st_bench_live_open(const struct st_where *w, struct st_bench_ctx *ctx, bool quiet,
		       const char *label)
{
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	int rc = st_root_open(w, &pc);

	if (rc == 0)
		rc = st_probe_run(pc, &sys);
	st_bench_live_init(ctx, pc, sys, quiet, label);
	return rc;
}

void st_bench_live_end(const struct st_bench_ctx *ctx)
{
	if (ctx->progress)
		st_report_bench_progress_end();
}

void st_bench_live_close(struct st_bench_ctx *ctx)
{
	st_system_free((struct st_system *)ctx->sys);
	st_path_free(ctx->pc);
}


int st_recommended_make(const struct st_where *w, struct st_recommended *r)
{
	char **paths = NULL, **found = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = st_knowledge_load(w, &r->k);
	if (rc == 0)
		rc = st_root_open(w, &r->pc);
	if (rc == 0)
		rc = st_probe_run(r->pc, &r->sys);
	if (rc == 0) {
		paths = st_recommend_paths(&r->k.profiles);
		found = st_probe_paths(r->pc, paths);
		rc = st_recommend(&r->k.profiles, r->sys, found, &r->r);
		if (rc == -ENOENT)
			st_err("no profile 'general' to fall back on");
	}
	st_strv_free(paths);
	st_strv_free(found);
	return rc;
}

void st_recommended_free(struct st_recommended *r)
{
	st_recommendation_free(&r->r);
	st_system_free(r->sys);
	st_path_free(r->pc);
	st_knowledge_free(&r->k);
}

/* observe: where the samples come from: the recording replay, or the live
 * root (probed now when probe: DEVICEs need resolving; else the loop probes
 * after its baseline). */
static int obs_source(const struct st_where *w, const char *replay, bool probe,
		      struct st_obs_run *run, struct st_obs_recording *rec)
{
	struct st_system *sys = NULL;
	int rc;

	if (replay) {
		rc = st_obs_recording_load(replay, rec);
		if (rc == 0 && rec->n < 2) {
			st_err("%s: %zu sample%s; observe needs two or more", replay, rec->n,
			       rec->n == 1 ? "" : "s");
			rc = -EINVAL;
		}
		run->replay = rec;
		return rc;
	}
	rc = st_root_open(w, &run->pc);
	if (rc == 0 && probe)
		rc = st_probe_run(run->pc, &sys);
	run->sys = sys;
	return rc;
}

int st_observing_make(const struct st_where *w, const char *replay, const char *record,
		      char *const *args, int nargs, struct st_observing *ob)
{
	int rc;

	memset(ob, 0, sizeof(*ob));
	ob->run.exclude = "general";
	ob->record = record;
	rc = st_knowledge_load(w, &ob->k);
	ob->run.ps = &ob->k.profiles;
	if (rc == 0)
		rc = obs_source(w, replay, nargs > 0, &ob->run, &ob->rec);
	if (rc == 0)
		rc = st_obs_want(&ob->run, ob->run.sys, args, nargs);
	if (rc == 0 && record && !(ob->run.record = fopen(record, "we"))) {
		rc = -errno;
		st_err("%s: %s", record, strerror(-rc));
	}
	return rc;
}

int st_observing_end(struct st_observing *ob, int rc)
{
	if (ob->run.record && fclose(ob->run.record) != 0 && rc == 0) {
		st_err("%s: %s", ob->record, strerror(errno));
		rc = -EIO;
	}
	st_strv_free(ob->run.want);
	st_obs_recording_free(&ob->rec);
	st_system_free((struct st_system *)ob->run.sys);
	st_path_free(ob->run.pc);
	st_knowledge_free(&ob->k);
	return rc;
}

void st_planned_validate(struct st_planned *p, bool quiet, struct st_bench_ctx *bctx,
			 struct st_validate_run *vr, struct st_apply_opts *ao)
{
	st_bench_live_init(bctx, p->pc, p->sys, quiet, "validating");
	vr->bench = bctx;
	ao->validate = st_validate_apply;
	ao->validate_data = vr;
}

int st_not_persisted(size_t n)
{
	st_err("apply --persist: %zu device%s not persisted (listed above): the changes are made, "
	       "but last only until the next reboot",
	       n, n == 1 ? "" : "s");
	return -ENXIO;
}
