/*
 * main.c - one function per command: each takes the parsed command line
 * (cli.c), runs the flow through pipeline.c and the stages, hands the
 * result to its report_* printer, and maps it to the exit codes of
 * DESIGN.md.  It is the only place that exits.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st_apply.h"
#include "st_bench.h"
#include "st_capture.h"
#include "st_cli.h"
#include "st_html.h"
#include "st_json.h"
#include "st_log.h"
#include "st_observe.h"
#include "st_observe_advise.h"
#include "st_pipeline.h"
#include "st_probe.h"
#include "st_report_advise.h"
#include "st_report_apply.h"
#include "st_report_bench.h"
#include "st_report_observe.h"
#include "st_report_probe.h"
#include "st_report_rules.h"
#include "st_report_validate.h"
#include "st_scratch.h"
#include "st_util.h"
#include "st_validate.h"
#include "st_verify.h"

/* DESIGN.md "Exit codes" */
enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_PENDING = 2, EXIT_ROLLED_BACK = 3 };

static bool utf8(void)
{
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

static int finish_output(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		st_err("write error on standard output");
		return EXIT_ERROR;
	}
	return rc < 0 ? EXIT_ERROR : EXIT_OK;
}

/* verify, status: the output written, and 2 on drift */
static int check_exit(int rc, bool drift)
{
	if (finish_output(rc) != EXIT_OK)
		return EXIT_ERROR;
	return drift ? EXIT_PENDING : EXIT_OK;
}

/* --report FILE.html: the page drawn from o (and o2, NULL: none), the
 * objects --json prints; the references are dropped. */
static int write_report(const char *path, struct json_object *o, struct json_object *o2)
{
	struct st_report_doc docs[2] = { { .o = o }, { .o = o2 } };
	int rc = st_html_write(path, docs, o2 ? 2 : 1);

	json_object_put(o);
	json_object_put(o2);
	return rc;
}

static int cmd_probe(const struct st_cli *o)
{
	struct st_report_opts ro = { .verbose = o->verbose, .raw = o->raw, .pairs = o->pairs,
				     .fit = isatty(STDOUT_FILENO), .columns = o->output };
	struct st_where w = st_cli_where(o);
	struct st_devv want = { 0 }, roots;
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	int rc;

	/* --json ignores -o */
	if (!o->json && st_report_probe_columns_check(o->output) < 0)
		return EXIT_ERROR;
	if (st_root_open(&w, &pc) < 0)
		return EXIT_ERROR;
	rc = st_probe_run(pc, &sys);
	if (rc == 0)
		rc = st_devices_lookup(sys, o->args, o->nargs, &want);
	if (rc == 0) {
		roots = st_report_roots(sys, want.v, want.n);
		ro.color = st_cli_color(o);
		ro.utf8 = utf8();
		rc = o->json ? st_report_probe_json_write(stdout, sys, &roots)
			     : st_report_probe_text(stdout, sys, &roots, &ro);
		free(roots.v);
	}
	free(want.v);
	st_system_free(sys);
	st_path_free(pc);
	return finish_output(rc);
}

static int cmd_advise(const struct st_cli *o)
{
	const char *name = st_cli_profile(o);
	struct st_advise_opts ao = { .verbose = o->verbose, .default_profile = !name };
	struct st_obs_advice seen = { 0 };
	const struct st_profile *prof = NULL;
	struct st_where w = st_cli_where(o);
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	struct st_plan *plan = NULL;
	struct st_devv only = { 0 };
	struct st_knowledge k;
	int rc = st_knowledge_load(&w, &k);

	if (rc == 0 && name && !(prof = st_knowledge_profile(&k, name)))
		rc = -ENOENT;
	if (rc == 0)
		rc = st_root_open(&w, &pc);
	if (rc == 0)
		rc = st_probe_run(pc, &sys);
	if (rc == 0)
		rc = st_devices_lookup(sys, o->args, o->nargs, &only);
	if (rc == 0 && st_cli_given(o, ST_OPT_OBSERVE)) {
		rc = st_obs_advise(o->observe, pc, sys, &only, &k.profiles, prof, o->quiet, &seen);
		prof = &seen.prof;
		ao.observed = &seen;
	} else if (rc == 0 && !prof) {
		prof = st_knowledge_profile(&k, "general");
		rc = prof ? 0 : -ENOENT;
	}
	if (rc == 0)
		rc = st_engine_run_opts(&k.rules, prof, sys,
					&(struct st_engine_opts){ .only = &only, .config = o->config }, &plan);
	if (rc == 0)
		rc = o->json ? st_report_advise_json_write(stdout, plan, o->verbose, ao.observed)
			     : st_report_advise_text(stdout, plan, &ao);
	if (rc == 0 && o->report) {
		/* the tree the advice hangs on is probe's, of the same devices */
		struct st_devv roots = st_report_roots(sys, only.v, only.n);

		rc = write_report(o->report, st_report_advise_json(plan, o->verbose, ao.observed),
				  st_report_probe_json(sys, &roots));
		free(roots.v);
	}
	st_obs_advice_free(&seen);
	st_plan_free(plan);
	free(only.v);
	st_system_free(sys);
	st_path_free(pc);
	st_knowledge_free(&k);
	return finish_output(rc);
}

static int cmd_recommend(const struct st_cli *o)
{
	struct st_where w = st_cli_where(o);
	struct st_recommended r;
	int rc;

	if (o->nargs) {
		st_err("recommend: unexpected argument '%s'", o->args[0]);
		return EXIT_ERROR;
	}
	rc = st_recommended_make(&w, &r);
	if (rc == 0)
		rc = o->json ? st_report_recommend_json(stdout, &r.r)
			     : st_report_recommend_text(stdout, &r.r);
	st_recommended_free(&r);
	return finish_output(rc);
}

static int cmd_profiles(const struct st_cli *o)
{
	struct st_where w = st_cli_where(o);
	const struct st_profile *p;
	struct st_knowledge k;
	int rc = st_knowledge_load(&w, &k);

	if (rc == 0 && strcmp(o->sub, "show") == 0) {
		p = st_knowledge_profile(&k, o->args[0]);
		rc = !p ? -ENOENT
		     : o->json ? st_report_profile_json(stdout, p) : st_report_profile_show(stdout, p);
	} else if (rc == 0) {
		rc = o->json ? st_report_profiles_json(stdout, &k.profiles)
			     : st_report_profiles_list(stdout, &k.profiles, k.profiles_dir);
	}
	st_knowledge_free(&k);
	return finish_output(rc);
}

static int rules_lint(const struct st_cli *o)
{
	struct st_where w = st_cli_where(o);
	struct st_diag diag = { 0 };
	struct st_knowledge k;
	int rc = st_knowledge_lint(&w, o->args, o->nargs, &k, &diag);

	st_diag_print(&diag);
	if (o->json)
		st_report_lint_json(stdout, &k.rules, o->nargs ? NULL : &k.profiles, rc < 0, &diag);
	else
		st_report_lint(stdout, &k.rules, o->nargs ? NULL : &k.profiles, rc < 0,
			       diag.nerrors);
	st_diag_free(&diag);
	st_knowledge_free(&k);
	return finish_output(rc);
}

static int cmd_rules(const struct st_cli *o)
{
	struct st_where w = st_cli_where(o);
	struct st_knowledge k;
	int rc;

	if (strcmp(o->sub, "lint") == 0)
		return rules_lint(o);
	if (strcmp(o->sub, "knobs") == 0)
		return finish_output(o->json ? st_report_knobs_json(stdout) : st_report_knobs(stdout));
	rc = st_knowledge_load(&w, &k);
	if (rc == 0)
		rc = o->json ? st_report_rules_json(stdout, &k.rules) : st_report_rules_list(stdout, &k.rules);
	st_knowledge_free(&k);
	return finish_output(rc);
}

/* Apply, verify, revert ------------------------------------------------------- */

/*
 * apply, and bench --ab --profile: plan, select, and (not --dry-run) apply,
 * each change measured when validate; keep says whether what measured well
 * stays (apply --validate) or everything is undone (bench).  Returns the
 * exit status.
 */
static int validated_apply(const struct st_cli *o, bool validate, bool keep)
{
	struct st_apply_opts ao = { .allow_durability = o->allow_durability, .remount = o->remount,
				    .force = o->force, .persist = o->persist };
	struct st_validate_run vr = { .keep = keep };
	struct st_bench_ctx bctx = { 0 };
	struct st_where w = st_cli_where(o);
	struct st_apply *a = NULL;
	size_t unpersisted;
	struct st_planned p;
	int rc;

	if (!st_cli_profile(o)) {
		st_err("apply: --profile NAME is required ('stortune profiles list' shows them), or "
		       "set profile in stortune.conf");
		return EXIT_ERROR;
	}
	if (o->persist && o->nargs) {
		st_err("apply: --persist writes the whole profile's udev rules and sysctl.d file; "
		       "run it without DEVICE arguments");
		return EXIT_ERROR;
	}
	if (validate)
		st_cli_ab_params(o, &vr.params);
	if (!o->dry_run && st_need_root(o->sysroot, !keep ? "bench --ab --profile"
					: o->persist ? "apply --persist" : "apply") < 0)
		return EXIT_ERROR;
	rc = st_planned_make(&w, st_cli_profile(o), o->args, o->nargs, !o->dry_run, !o->dry_run, &p);
	if (rc == 0 && validate)
		st_planned_validate(&p, o->quiet, &bctx, &vr, &ao);
	if (rc == 0) {
		a = st_apply_select(p.plan, p.js, p.nj, &ao);
		if (!o->dry_run)
			rc = st_apply_run(p.pc, p.sys, p.st, a, p.prof->name, &ao);
		st_bench_live_end(&bctx);
		st_report_apply(stdout, a, o->dry_run,
				o->json     ? ST_APPLY_OUT_JSON
				: o->script ? ST_APPLY_OUT_SCRIPT
					    : ST_APPLY_OUT_TEXT,
				vr.out);
		if (o->report && vr.out && write_report(o->report, st_report_validation_object(vr.out), NULL) < 0 &&
		    rc == 0)
			rc = -EIO;
	}
	if (finish_output(rc) != EXIT_OK)
		rc = rc < 0 ? rc : -EIO;
	else if (rc == 0 && o->dry_run && a->npending)
		rc = EXIT_PENDING;
	else if (rc == 0 && vr.out && vr.out->nrolled && keep)
		rc = EXIT_ROLLED_BACK; /* kept some, rolled back what regressed */
	else if (rc == 0 && !o->dry_run && keep &&
		 (unpersisted = st_persist_notes_count(&a->persist_notes, ST_PN_NOT_PERSISTED)))
		rc = st_not_persisted(unpersisted);
	st_validation_free(vr.out);
	st_apply_free(a);
	st_planned_free(&p);
	return rc < 0 ? EXIT_ERROR : rc;
}

static int cmd_apply(const struct st_cli *o)
{
	return validated_apply(o, o->validate, true);
}

static int cmd_verify(const struct st_cli *o)
{
	struct st_apply_opts ao = { .allow_durability = o->allow_durability };
	struct st_where w = st_cli_where(o);
	struct st_verify *v = NULL;
	struct st_planned p;
	int rc;

	rc = st_planned_make(&w, o->profile, o->args, o->nargs, false, false, &p);
	if (rc == 0) {
		v = st_verify_build(p.plan, p.js, p.nj, &ao, o->strict);
		v->applied = p.applied ? p.applied->seq : 0;
		st_report_verify(stdout, v, o->json, o->verbose);
	}
	rc = check_exit(rc, rc == 0 && v->ndrift);
	st_verify_free(v);
	st_planned_free(&p);
	return rc;
}

static int cmd_status(const struct st_cli *o)
{
	struct st_where w = st_cli_where(o);
	struct st_status *s = NULL;
	struct st_planned p;
	int rc;

	if (o->nargs) {
		st_err("status: unexpected argument '%s'", o->args[0]);
		return EXIT_ERROR;
	}
	rc = st_status_make(&w, o->strict, &p, &s);
	if (rc == 0)
		st_report_status(stdout, s, o->json);
	rc = check_exit(rc, rc == 0 && s->verify && s->verify->ndrift);
	st_status_free(s);
	st_planned_free(&p);
	return rc;
}

static int cmd_revert(const struct st_cli *o)
{
	struct st_where w = st_cli_where(o);
	struct st_reverts r;
	int rc;

	if (o->nargs) {
		st_err("revert: unexpected argument '%s'; revert undoes whole applies", o->args[0]);
		return EXIT_ERROR;
	}
	if (st_need_root(o->sysroot, "revert") < 0)
		return EXIT_ERROR;
	rc = st_revert_make(&w, o->all, o->force, &r);
	if (rc == 0 || rc == -EIO)
		st_report_revert(stdout, &r, o->json);
	st_reverts_free(&r);
	return finish_output(rc);
}

/* Bench ---------------------------------------------------------------------- */

static int bench_job(const struct st_cli *o, struct st_job *job, double runtime, double ramp)
{
	struct st_job_params p;

	st_cli_job_params(o, runtime, ramp, &p);
	return st_job_build(job, &p);
}

/* bench --ab: A against B.  Without --set, B is A: the noise floor. */
static int bench_ab(const struct st_cli *o)
{
	struct st_where w = st_cli_where(o);
	struct st_bench_ctx ctx = { 0 };
	struct st_validation *v = NULL;
	struct st_ab_params ap;
	struct st_job job;
	int rc;

	st_cli_ab_params(o, &ap);
	if (bench_job(o, &job, 5, 1) < 0)
		return EXIT_ERROR;
	if (strcmp(job.workload, "custom") == 0) {
		st_err("bench --ab: give a named --workload");
		st_job_clear(&job);
		return EXIT_ERROR;
	}
	ap.size = job.size;
	rc = st_bench_live_open(&w, &ctx, o->quiet, job.workload);
	if (rc == 0)
		rc = st_validate_aa(&ctx, o->target ? o->target : ".", job.workload, &ap, &v);
	st_bench_live_end(&ctx);
	if (v && o->json)
		st_report_validation_json(stdout, v);
	else if (v)
		st_report_validation_text(stdout, v);
	if (v && o->report && write_report(o->report, st_report_validation_object(v), NULL) < 0 && rc == 0)
		rc = -EIO;
	st_validation_free(v);
	st_job_clear(&job);
	st_bench_live_close(&ctx);
	return finish_output(rc);
}

static int cmd_bench(const struct st_cli *o)
{
	struct st_where w = st_cli_where(o);
	struct st_bench_ctx ctx = { 0 };
	struct st_bench_result *res = NULL;
	struct st_scratch *scratch = NULL;
	struct st_job job;
	int rc;

	if (o->sub) /* list */
		return finish_output(o->json ? st_report_bench_list_json(stdout)
					     : st_report_bench_list(stdout));
	if (o->ab && o->profile)
		return validated_apply(o, true, false); /* measure each change, keep none */
	if (o->nargs) {
		st_err("bench: unexpected argument '%s'; give the directory with --target", o->args[0]);
		return EXIT_ERROR;
	}
	if (o->ab)
		return bench_ab(o);
	if (bench_job(o, &job, 10, 2) < 0)
		return EXIT_ERROR;
	rc = st_bench_live_open(&w, &ctx, o->quiet, job.workload);
	if (rc == 0)
		rc = st_bench_prepare(&ctx, o->target ? o->target : ".", &job, &scratch);
	if (rc == 0)
		rc = st_bench_run(&ctx, scratch, &job, &res);
	st_bench_live_end(&ctx);
	st_scratch_free(scratch);
	if (rc == 0)
		rc = o->json ? st_report_bench_json(stdout, res) : st_report_bench_text(stdout, res);
	if (rc == 0 && o->report)
		rc = write_report(o->report, st_report_bench_object(res), NULL);
	st_bench_result_free(res);
	st_job_clear(&job);
	st_bench_live_close(&ctx);
	return finish_output(rc);
}

/* Observe, capture ------------------------------------------------------------ */

static int cmd_observe(const struct st_cli *o)
{
	struct st_where w = st_cli_where(o);
	struct st_report_observe_keep keep = { 0 };
	struct st_observing ob;
	int rc = st_observing_make(&w, o->replay, o->record, o->args, o->nargs, &ob);

	if (rc == 0) {
		ob.run.out = stdout;
		ob.run.json = o->json;
		ob.run.interval = o->interval;
		ob.run.count = o->count;
		ob.run.live = !o->json && !o->replay && isatty(STDOUT_FILENO);
		ob.run.utf8 = utf8();
		st_report_observe_hooks(&ob.run);
		if (o->report)
			st_report_observe_keep(&ob.run, &keep);
		rc = st_observe_run(&ob.run);
	}
	/* a run ended by Ctrl-C is a run: its intervals are the page */
	if (rc == 0 && o->report) {
		rc = write_report(o->report, keep.all, NULL);
		keep.all = NULL;
	}
	json_object_put(keep.all);
	return finish_output(st_observing_end(&ob, rc));
}

static int cmd_capture(const struct st_cli *o)
{
	struct st_capture_counts counts = { 0 };
	struct st_where w = st_cli_where(o);
	struct st_path *pc = NULL;
	int rc;

	if (o->nargs) {
		st_err("capture: unexpected argument '%s'", o->args[0]);
		return EXIT_ERROR;
	}
	if (st_root_open(&w, &pc) < 0)
		return EXIT_ERROR;
	rc = st_capture(pc, o->output, &counts);
	if (rc == 0)
		rc = st_report_capture(stdout, o->output, &counts, o->json);
	st_path_free(pc);
	return finish_output(rc);
}

/* report: saved --json files drawn as one page */
static int cmd_report(const struct st_cli *o)
{
	struct st_report_doc *docs;
	int rc = 0;

	if (!o->nargs) {
		st_err("report: give the saved JSON files: stortune report FILE.json... -o FILE.html");
		return EXIT_ERROR;
	}
	docs = st_xcalloc((size_t)o->nargs, sizeof(*docs));
	for (int i = 0; i < o->nargs && rc == 0; i++) {
		docs[i].name = o->args[i];
		rc = st_report_load(o->args[i], &docs[i].o);
	}
	if (rc == 0)
		rc = st_html_write(o->output, docs, (size_t)o->nargs);
	for (int i = 0; i < o->nargs; i++)
		json_object_put(docs[i].o);
	free(docs);
	return rc < 0 ? EXIT_ERROR : EXIT_OK;
}

/* help, completion: printed from the command line's tables */
static int cmd_help(const struct st_cli *o)
{
	return finish_output(o->cmd == ST_CMD_COMPLETION ? st_cli_completion(stdout)
							 : st_cli_help_cmd(o));
}

static int (*const commands[ST_CMD_NR])(const struct st_cli *o) = {
	[ST_CMD_PROBE] = cmd_probe,     [ST_CMD_ADVISE] = cmd_advise,
	[ST_CMD_RECOMMEND] = cmd_recommend,
	[ST_CMD_APPLY] = cmd_apply,     [ST_CMD_VERIFY] = cmd_verify,
	[ST_CMD_STATUS] = cmd_status,   [ST_CMD_REVERT] = cmd_revert,
	[ST_CMD_BENCH] = cmd_bench,     [ST_CMD_OBSERVE] = cmd_observe,
	[ST_CMD_CAPTURE] = cmd_capture, [ST_CMD_PROFILES] = cmd_profiles,
	[ST_CMD_RULES] = cmd_rules,     [ST_CMD_REPORT] = cmd_report,
	[ST_CMD_HELP] = cmd_help,
	[ST_CMD_COMPLETION] = cmd_help,
};

int main(int argc, char **argv)
{
	struct st_config config = { 0 };
	char *conf_dir = NULL;
	struct st_cli cli;
	int rc;

	setlocale(LC_CTYPE, "");
	st_log_init();
	rc = st_cli_parse(argc, argv, &cli);
	if (rc != 0)
		return rc > 0 ? EXIT_OK : EXIT_ERROR;
	st_log_set_quiet(cli.quiet);
	if (st_cli_acts(&cli) && st_cli_config(&cli, &config, &conf_dir) < 0)
		rc = EXIT_ERROR;
	else
		rc = commands[cli.cmd](&cli);
	st_config_free(&config);
	free(conf_dir);
	return rc;
}
