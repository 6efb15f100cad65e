/*
 * main.c - owns the command line: the command and option tables, help text,
 * the exit codes of DESIGN.md, and the calls into each stage.  It is the
 * only place that exits.
 *
 * Options bind through one declarative table (STYLE.md 6): name, short
 * letter, argument, the commands it applies to, and help.  getopt_long's
 * table and the help text are generated from it, and an unknown option gets
 * a "did you mean" from it.
 */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st_apply.h"
#include "st_bench.h"
#include "st_capture.h"
#include "st_engine.h"
#include "st_expr.h"
#include "st_json.h"
#include "st_log.h"
#include "st_observe.h"
#include "st_path.h"
#include "st_probe.h"
#include "st_report_probe.h"
#include "st_report_advise.h"
#include "st_report_apply.h"
#include "st_report_bench.h"
#include "st_report_observe.h"
#include "st_report_validate.h"
#include "st_scratch.h"
#include "st_rules.h"
#include "st_util.h"
#include "st_validate.h"
#include "st_verify.h"

#ifndef ST_DATADIR
#define ST_DATADIR "/usr/local/share/stortune"
#endif

/* DESIGN.md "Exit codes" */
enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_PENDING = 2, EXIT_ROLLED_BACK = 3 };

#define ST_STATE_DIR "/var/lib/stortune"

enum cmd_id {
	CMD_PROBE,
	CMD_ADVISE,
	CMD_APPLY,
	CMD_VERIFY,
	CMD_REVERT,
	CMD_BENCH,
	CMD_OBSERVE,
	CMD_CAPTURE,
	CMD_PROFILES,
	CMD_RULES,
	CMD_NR
};
#define CMD_BIT(c) (1u << (c))
#define CMD_ALL (~0u)

struct opts {
	enum cmd_id cmd;
	const char *sysroot;
	const char *output;
	const char *profile;
	const char *rules_dir;
	const char *profiles_dir;
	const char *state_dir;
	bool json;
	bool dry_run, script, persist, remount, allow_durability, force;
	/* bench, apply --validate: kept as given, checked by the command */
	const char *workload, *target, *runtime, *ramp, *size, *bs, *qd, *rw, *direct, *fsync, *jobs;
	const char *trials;
	const char *interval, *count, *observe, *record, *replay; /* observe, advise --observe */
	bool ab, validate;
	bool measure_only; /* bench --ab --profile: apply --validate, then undo all */
	int color; /* -1 auto, 0 never, 1 always */
	bool verbose;
	bool quiet;
	char **args;
	int nargs;
};

enum opt_id {
	OPT_SYSROOT = 256,
	OPT_JSON,
	OPT_COLOR,
	OPT_PROFILE,
	OPT_RULES,
	OPT_PROFILES,
	OPT_STATE_DIR,
	OPT_DRY_RUN,
	OPT_SCRIPT,
	OPT_PERSIST,
	OPT_REMOUNT,
	OPT_ALLOW_DURABILITY,
	OPT_FORCE,
	OPT_WORKLOAD,
	OPT_TARGET,
	OPT_RUNTIME,
	OPT_RAMP,
	OPT_SIZE,
	OPT_BS,
	OPT_QD,
	OPT_RW,
	OPT_DIRECT,
	OPT_FSYNC,
	OPT_JOBS,
	OPT_AB,
	OPT_TRIALS,
	OPT_VALIDATE,
	OPT_INTERVAL,
	OPT_COUNT,
	OPT_OBSERVE,
	OPT_RECORD,
	OPT_REPLAY,
	OPT_OUTPUT = 'o',
	OPT_VERBOSE = 'v',
	OPT_QUIET = 'q',
	OPT_HELP = 'h',
	OPT_VERSION = 'V',
};

struct optdef {
	const char *name;
	int id;
	int has_arg;
	unsigned cmds;
	const char *arg;
	const char *help;
};

static const struct optdef optdefs[] = {
	{ "sysroot", OPT_SYSROOT, required_argument, CMD_ALL, "DIR",
	  "read DIR/sys, DIR/proc ... instead of the live system" },
	{ "json", OPT_JSON, no_argument,
	  CMD_BIT(CMD_PROBE) | CMD_BIT(CMD_ADVISE) | CMD_BIT(CMD_APPLY) | CMD_BIT(CMD_VERIFY) |
		  CMD_BIT(CMD_REVERT) | CMD_BIT(CMD_BENCH) | CMD_BIT(CMD_OBSERVE),
	  NULL, "print JSON (observe: one object per interval, JSON Lines)" },
	{ "profile", OPT_PROFILE, required_argument,
	  CMD_BIT(CMD_ADVISE) | CMD_BIT(CMD_APPLY) | CMD_BIT(CMD_VERIFY) | CMD_BIT(CMD_BENCH), "NAME",
	  "the workload profile (advise: default general; bench --ab: measure its changes)" },
	{ "dry-run", OPT_DRY_RUN, no_argument, CMD_BIT(CMD_APPLY), NULL,
	  "show what would change; exit 2 if anything would" },
	{ "script", OPT_SCRIPT, no_argument, CMD_BIT(CMD_APPLY), NULL,
	  "with --dry-run: print the changes as a shell script" },
	{ "persist", OPT_PERSIST, no_argument, CMD_BIT(CMD_APPLY), NULL,
	  "also write udev rules and sysctl.d for the next boot" },
	{ "remount", OPT_REMOUNT, no_argument, CMD_BIT(CMD_APPLY), NULL,
	  "apply mount options to live mounts (fstab is never edited)" },
	{ "allow-durability-risk", OPT_ALLOW_DURABILITY, no_argument,
	  CMD_BIT(CMD_APPLY) | CMD_BIT(CMD_VERIFY), NULL,
	  "also apply changes that risk data on power loss" },
	{ "force", OPT_FORCE, no_argument, CMD_BIT(CMD_APPLY) | CMD_BIT(CMD_REVERT), NULL,
	  "also change values set by hand since the last apply" },
	{ "state-dir", OPT_STATE_DIR, required_argument,
	  CMD_BIT(CMD_APPLY) | CMD_BIT(CMD_VERIFY) | CMD_BIT(CMD_REVERT) | CMD_BIT(CMD_BENCH), "DIR",
	  "journal and lock (default " ST_STATE_DIR ", under --sysroot DIR" ST_STATE_DIR ")" },
	{ "validate", OPT_VALIDATE, no_argument, CMD_BIT(CMD_APPLY), NULL,
	  "measure each change A/B with its workload; roll back what regressed (exit 3)" },
	{ "workload", OPT_WORKLOAD, required_argument, CMD_BIT(CMD_BENCH), "NAME",
	  "a named workload (see 'stortune bench list') or custom (default randread-4k-qd1)" },
	{ "target", OPT_TARGET, required_argument, CMD_BIT(CMD_BENCH) | CMD_BIT(CMD_APPLY), "DIR",
	  "directory for the scratch file (bench: default .; apply: for system-wide changes)" },
	{ "runtime", OPT_RUNTIME, required_argument, CMD_BIT(CMD_BENCH) | CMD_BIT(CMD_APPLY), "SEC",
	  "measured seconds per run (default 10; per trial with --ab/--validate 5)" },
	{ "ramp", OPT_RAMP, required_argument, CMD_BIT(CMD_BENCH) | CMD_BIT(CMD_APPLY), "SEC",
	  "seconds run before measuring (default 2; per trial 1)" },
	{ "size", OPT_SIZE, required_argument, CMD_BIT(CMD_BENCH) | CMD_BIT(CMD_APPLY), "SIZE",
	  "scratch file size (default min(1 GiB, 10% of free space))" },
	{ "bs", OPT_BS, required_argument, CMD_BIT(CMD_BENCH), "SIZE", "custom: bytes per I/O (4k, 1M)" },
	{ "qd", OPT_QD, required_argument, CMD_BIT(CMD_BENCH), "N", "custom: I/Os in flight, 1 to 256" },
	{ "rw", OPT_RW, required_argument, CMD_BIT(CMD_BENCH), "MODE",
	  "custom: read, write, randread, randwrite or append" },
	{ "direct", OPT_DIRECT, required_argument, CMD_BIT(CMD_BENCH), "0|1",
	  "custom: O_DIRECT (default 1, 0 for append)" },
	{ "fsync", OPT_FSYNC, required_argument, CMD_BIT(CMD_BENCH), "HOW",
	  "custom: none, fsync or fdatasync after each write" },
	{ "jobs", OPT_JOBS, required_argument, CMD_BIT(CMD_BENCH), "N",
	  "append: processes writing to the one file (default 1)" },
	{ "ab", OPT_AB, no_argument, CMD_BIT(CMD_BENCH), NULL,
	  "A/B trials: with --profile, of each change it would make (none kept); else A/A" },
	{ "trials", OPT_TRIALS, required_argument, CMD_BIT(CMD_BENCH) | CMD_BIT(CMD_APPLY), "N",
	  "measured trials of each of A and B (default 5, at least 5)" },
	{ "interval", OPT_INTERVAL, required_argument, CMD_BIT(CMD_OBSERVE), "SEC",
	  "seconds between samples (default 1)" },
	{ "count", OPT_COUNT, required_argument, CMD_BIT(CMD_OBSERVE), "N",
	  "stop after N intervals (default: at Ctrl-C)" },
	{ "record", OPT_RECORD, required_argument, CMD_BIT(CMD_OBSERVE), "FILE",
	  "also write the samples to FILE, for --replay" },
	{ "replay", OPT_REPLAY, required_argument, CMD_BIT(CMD_OBSERVE), "FILE",
	  "read the samples from a recording instead of the live system" },
	{ "observe", OPT_OBSERVE, required_argument, CMD_BIT(CMD_ADVISE), "SEC",
	  "first observe the I/O for SEC seconds; advise for what was seen" },
	{ "rules", OPT_RULES, required_argument, CMD_ALL, "DIR",
	  "read rules from DIR/*.ini" },
	{ "profiles", OPT_PROFILES, required_argument, CMD_ALL, "DIR",
	  "read profiles from DIR/*.ini" },
	{ "output", OPT_OUTPUT, required_argument, CMD_BIT(CMD_CAPTURE), "FILE",
	  "write the capture to FILE (.tar, .tar.gz, .tgz, .tar.xz)" },
	{ "color", OPT_COLOR, required_argument, CMD_ALL, "WHEN", "auto, always or never" },
	{ "verbose", OPT_VERBOSE, no_argument, CMD_ALL, NULL, "more detail (probe: per device)" },
	{ "quiet", OPT_QUIET, no_argument, CMD_ALL, NULL, "no warnings" },
	{ "help", OPT_HELP, no_argument, CMD_ALL, NULL, "show this help" },
	{ "version", OPT_VERSION, no_argument, CMD_ALL, NULL, "show the version" },
};

struct cmddef {
	const char *name;
	int (*run)(struct opts *o);
	const char *args;
	const char *help;
};

static int cmd_probe(struct opts *o);
static int cmd_advise(struct opts *o);
static int cmd_apply(struct opts *o);
static int cmd_verify(struct opts *o);
static int cmd_revert(struct opts *o);
static int cmd_bench(struct opts *o);
static int cmd_observe(struct opts *o);
static int cmd_capture(struct opts *o);
static int cmd_profiles(struct opts *o);
static int cmd_rules(struct opts *o);

static const struct cmddef cmds[CMD_NR] = {
	[CMD_PROBE] = { "probe", cmd_probe, "[DEVICE...]",
			"show the block devices, their queues, stacking, mounts and system facts" },
	[CMD_ADVISE] = { "advise", cmd_advise, "[DEVICE...]",
			 "recommend settings for the workload profile, with reasons" },
	[CMD_APPLY] = { "apply", cmd_apply, "--profile NAME [DEVICE...]",
			"make the recommended changes, journaled, each read back" },
	[CMD_VERIFY] = { "verify", cmd_verify, "--profile NAME [DEVICE...]",
			 "check the system against the profile; exit 2 on drift" },
	[CMD_REVERT] = { "revert", cmd_revert, "",
			 "undo the last apply from its journal" },
	[CMD_BENCH] = { "bench", cmd_bench, "[--workload NAME] [--target DIR]",
			"measure a workload on a scratch file; --ab: A/B a setting" },
	[CMD_OBSERVE] = { "observe", cmd_observe, "[--interval SEC] [DEVICE...]",
			  "measure the live I/O like iostat -x; classify it, suggest a profile" },
	[CMD_CAPTURE] = { "capture", cmd_capture, "-o FILE.tar[.gz]",
			  "archive what probing reads, for --sysroot on another machine" },
	[CMD_PROFILES] = { "profiles", cmd_profiles, "[list | show NAME]",
			   "the workload profiles" },
	[CMD_RULES] = { "rules", cmd_rules, "[list | lint [FILE...] | knobs]",
			"list or check the rules; list the knobs they may set" },
};

static void usage(FILE *out)
{
	fputs("Usage: stortune COMMAND [OPTIONS] [ARGS]\n\nCommands:\n", out);
	for (size_t i = 0; i < CMD_NR; i++)
		fprintf(out, "  %-8s %-32s %s\n", cmds[i].name, cmds[i].args, cmds[i].help);
	fputs("\nOptions:\n", out);
	for (size_t i = 0; i < ST_ARRAY_SIZE(optdefs); i++) {
		const struct optdef *d = &optdefs[i];
		char lhs[48];

		if (d->id < 256)
			snprintf(lhs, sizeof(lhs), "-%c, --%s%s%s", d->id, d->name, d->arg ? " " : "",
				 d->arg ? d->arg : "");
		else
			snprintf(lhs, sizeof(lhs), "    --%s%s%s", d->name, d->arg ? " " : "",
				 d->arg ? d->arg : "");
		fprintf(out, "  %-26s %s", lhs, d->help);
		if (d->cmds != CMD_ALL) {
			fputs(" [", out);
			for (size_t c = 0, n = 0; c < CMD_NR; c++)
				if (d->cmds & CMD_BIT(c))
					fprintf(out, "%s%s", n++ ? ", " : "", cmds[c].name);
			fputc(']', out);
		}
		fputc('\n', out);
	}
	fputs("\nExit status: 0 success or nothing to change, 1 error, 2 changes pending "
	      "(apply --dry-run) or drift (verify),\n"
	      "3 apply --validate rolled back a change that made its workload slower.\n"
	      "Set STORTUNE_DEBUG=1 for debug tracing.\n",
	      out);
}

static const struct optdef *optdef_by_id(int id)
{
	for (size_t i = 0; i < ST_ARRAY_SIZE(optdefs); i++)
		if (optdefs[i].id == id)
			return &optdefs[i];
	return NULL;
}

static void unknown_option(const char *arg)
{
	const char *names[ST_ARRAY_SIZE(optdefs)];
	const char *word = arg, *best;

	while (*word == '-')
		word++;
	char *bare = st_xstrndup(word, strcspn(word, "="));
	for (size_t i = 0; i < ST_ARRAY_SIZE(optdefs); i++)
		names[i] = optdefs[i].name;
	best = *bare ? st_closest(bare, names, ST_ARRAY_SIZE(optdefs)) : NULL;
	if (best)
		st_err("unknown option '%s' (did you mean '--%s'?)", arg, best);
	else
		st_err("unknown option '%s'", arg);
	free(bare);
}

static int find_command(const char *name, enum cmd_id *id)
{
	const char *names[CMD_NR];
	const char *best;

	for (size_t i = 0; i < CMD_NR; i++) {
		names[i] = cmds[i].name;
		if (strcmp(name, cmds[i].name) == 0) {
			*id = (enum cmd_id)i;
			return 0;
		}
	}
	best = st_closest(name, names, CMD_NR);
	if (best)
		st_err("unknown command '%s' (did you mean '%s'?)", name, best);
	else
		st_err("unknown command '%s'; see 'stortune --help'", name);
	return -EINVAL;
}

/* Returns 0 to run, 1 when done (help/version printed), -1 on error. */
static int parse_args(int argc, char **argv, struct opts *o)
{
	struct option longopts[ST_ARRAY_SIZE(optdefs) + 1];
	char shortopts[64];
	int given[ST_ARRAY_SIZE(optdefs)] = { 0 };
	int c, sl = 0;

	memset(longopts, 0, sizeof(longopts));
	for (size_t i = 0; i < ST_ARRAY_SIZE(optdefs); i++) {
		longopts[i].name = optdefs[i].name;
		longopts[i].has_arg = optdefs[i].has_arg;
		longopts[i].val = optdefs[i].id;
		if (optdefs[i].id < 256) {
			shortopts[sl++] = (char)optdefs[i].id;
			if (optdefs[i].has_arg == required_argument)
				shortopts[sl++] = ':';
		}
	}
	shortopts[sl] = '\0';

	opterr = 0;
	o->color = -1;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct optdef *d = optdef_by_id(c);

		if (c == '?' || c == ':' || !d) {
			if (c == ':' || (optopt && optdef_by_id(optopt)))
				st_err("option '%s' needs an argument", argv[optind - 1]);
			else
				unknown_option(argv[optind - 1]);
			return -1;
		}
		given[d - optdefs] = 1;
		switch (c) {
		case OPT_SYSROOT:
			o->sysroot = optarg;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_OUTPUT:
			o->output = optarg;
			break;
		case OPT_PROFILE:
			o->profile = optarg;
			break;
		case OPT_RULES:
			o->rules_dir = optarg;
			break;
		case OPT_PROFILES:
			o->profiles_dir = optarg;
			break;
		case OPT_STATE_DIR:
			o->state_dir = optarg;
			break;
		case OPT_DRY_RUN:
			o->dry_run = true;
			break;
		case OPT_SCRIPT:
			o->script = true;
			break;
		case OPT_PERSIST:
			o->persist = true;
			break;
		case OPT_REMOUNT:
			o->remount = true;
			break;
		case OPT_ALLOW_DURABILITY:
			o->allow_durability = true;
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		case OPT_VALIDATE:
			o->validate = true;
			break;
		case OPT_WORKLOAD:
			o->workload = optarg;
			break;
		case OPT_TARGET:
			o->target = optarg;
			break;
		case OPT_RUNTIME:
			o->runtime = optarg;
			break;
		case OPT_RAMP:
			o->ramp = optarg;
			break;
		case OPT_SIZE:
			o->size = optarg;
			break;
		case OPT_BS:
			o->bs = optarg;
			break;
		case OPT_QD:
			o->qd = optarg;
			break;
		case OPT_RW:
			o->rw = optarg;
			break;
		case OPT_DIRECT:
			o->direct = optarg;
			break;
		case OPT_FSYNC:
			o->fsync = optarg;
			break;
		case OPT_JOBS:
			o->jobs = optarg;
			break;
		case OPT_AB:
			o->ab = true;
			break;
		case OPT_TRIALS:
			o->trials = optarg;
			break;
		case OPT_INTERVAL:
			o->interval = optarg;
			break;
		case OPT_COUNT:
			o->count = optarg;
			break;
		case OPT_OBSERVE:
			o->observe = optarg;
			break;
		case OPT_RECORD:
			o->record = optarg;
			break;
		case OPT_REPLAY:
			o->replay = optarg;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				o->color = -1;
			else if (strcmp(optarg, "always") == 0)
				o->color = 1;
			else if (strcmp(optarg, "never") == 0)
				o->color = 0;
			else {
				st_err("--color: '%s' is not auto, always or never", optarg);
				return -1;
			}
			break;
		case OPT_VERBOSE:
			o->verbose = true;
			break;
		case OPT_QUIET:
			o->quiet = true;
			break;
		case OPT_HELP:
			usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("stortune %s\n", STORTUNE_VERSION);
			return 1;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return -1;
	}
	if (find_command(argv[optind], &o->cmd) < 0)
		return -1;
	for (size_t i = 0; i < ST_ARRAY_SIZE(optdefs); i++) {
		if (given[i] && !(optdefs[i].cmds & CMD_BIT(o->cmd))) {
			st_err("%s: --%s is not an option of this command", cmds[o->cmd].name,
			       optdefs[i].name);
			return -1;
		}
	}
	o->args = argv + optind + 1;
	o->nargs = argc - optind - 1;
	return 0;
}

static int open_root(const struct opts *o, struct st_path **pc)
{
	int rc = st_path_new(pc, o->sysroot);

	if (rc < 0) {
		st_err("%s: %s", o->sysroot ? o->sysroot : "/", strerror(-rc));
		return rc;
	}
	if (o->sysroot && st_path_existsf(*pc, "sys") < 0 && st_path_existsf(*pc, "proc") < 0) {
		st_err("%s: not a sysroot: it has neither sys/ nor proc/", o->sysroot);
		st_path_free(*pc);
		*pc = NULL;
		return -ENOENT;
	}
	return 0;
}

static bool want_color(const struct opts *o)
{
	const char *term = getenv("TERM");

	if (o->color >= 0)
		return o->color;
	return isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && term && strcmp(term, "dumb") != 0;
}

static int cmd_probe(struct opts *o)
{
	struct st_report_opts ro = { .verbose = o->verbose };
	struct st_device **want = NULL;
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	struct st_devv roots;
	int rc;

	if (open_root(o, &pc) < 0)
		return EXIT_ERROR;
	rc = st_probe_run(pc, 0, &sys);
	if (rc < 0) {
		st_path_free(pc);
		return EXIT_ERROR;
	}
	want = st_xcalloc((size_t)o->nargs + 1, sizeof(*want));
	for (int i = 0; i < o->nargs; i++) {
		want[i] = st_system_lookup(sys, o->args[i]);
		if (!want[i]) {
			st_err("%s: no such block device", o->args[i]);
			rc = -ENODEV;
		}
	}
	if (rc == 0) {
		roots = st_report_roots(sys, want, (size_t)o->nargs);
		if (o->json) {
			rc = st_report_probe_json_write(stdout, sys, &roots);
		} else {
			ro.color = want_color(o);
			ro.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
			rc = st_report_probe_text(stdout, sys, &roots, &ro);
		}
		free(roots.v);
	}
	free(want);
	st_system_free(sys);
	st_path_free(pc);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		st_err("write error on standard output");
		return EXIT_ERROR;
	}
	return rc < 0 ? EXIT_ERROR : EXIT_OK;
}

/*
 * Where rules/ and profiles/ are: --rules/--profiles, else next to the
 * binary when it runs from a source tree (./stortune, build/stortune), else
 * the installed DATADIR.
 */
static char *data_dir(const char *given, const char *what)
{
	char exe[4096], *slash, *cand;
	ssize_t n;

	if (given)
		return st_xstrdup(given);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			const char *tries[] = { "%s/%s", "%s/../%s" };

			for (size_t i = 0; i < ST_ARRAY_SIZE(tries); i++) {
				cand = st_xasprintf(tries[i], exe, what);
				if (access(cand, R_OK | X_OK) == 0)
					return cand;
				free(cand);
			}
		}
	}
	return st_xasprintf("%s/%s", ST_DATADIR, what);
}

static void print_diag(const struct st_diag *d)
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

struct knowledge {
	struct st_ruleset rules;
	struct st_profileset profiles;
	char *rules_dir, *profiles_dir;
};

static void knowledge_free(struct knowledge *k)
{
	st_ruleset_free(&k->rules);
	st_profileset_free(&k->profiles);
	free(k->rules_dir);
	free(k->profiles_dir);
}

/* Loads rules and profiles; every error is printed.  Any error fails. */
static int load_knowledge(const struct opts *o, struct knowledge *k)
{
	struct st_diag diag = { 0 };
	int rc;

	memset(k, 0, sizeof(*k));
	k->rules_dir = data_dir(o->rules_dir, "rules");
	k->profiles_dir = data_dir(o->profiles_dir, "profiles");
	if (check_dir(k->rules_dir) < 0 || check_dir(k->profiles_dir) < 0)
		return -EPERM;
	rc = st_rules_load_dir(&k->rules, k->rules_dir, &diag);
	if (rc == 0)
		rc = st_profiles_load_dir(&k->profiles, k->profiles_dir, &k->rules, &diag);
	print_diag(&diag);
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

static const struct st_profile *pick_profile(const struct knowledge *k, const char *name)
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

static int finish_output(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		st_err("write error on standard output");
		return EXIT_ERROR;
	}
	return rc < 0 ? EXIT_ERROR : EXIT_OK;
}

struct observed {
	struct st_profile prof; /* a shallow copy of the base, workload keys replaced */
	char *text;             /* what the report says */
	bool applied;           /* the workload keys were replaced */
	struct json_object *json;
};
static int observe_for_advise(const struct opts *o, const struct knowledge *k,
			      const struct st_profile *declared, struct st_path *pc,
			      const struct st_system *sys, const struct st_devv *only,
			      struct observed *obs);

static int cmd_advise(struct opts *o)
{
	struct st_advise_opts ao = { .verbose = o->verbose, .default_profile = !o->profile };
	struct observed observed = { 0 };
	const struct st_profile *prof;
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	struct st_plan *plan = NULL;
	struct st_devv only = { 0 };
	struct knowledge k;
	int rc;

	if (load_knowledge(o, &k) < 0) {
		knowledge_free(&k);
		return EXIT_ERROR;
	}
	prof = o->profile ? pick_profile(&k, o->profile) : NULL;
	if (o->profile && !prof) {
		knowledge_free(&k);
		return EXIT_ERROR;
	}
	if (open_root(o, &pc) < 0) {
		knowledge_free(&k);
		return EXIT_ERROR;
	}
	rc = st_probe_run(pc, 0, &sys);
	for (int i = 0; rc == 0 && i < o->nargs; i++) {
		struct st_device *d = st_system_lookup(sys, o->args[i]);

		if (!d) {
			st_err("%s: no such block device", o->args[i]);
			rc = -ENODEV;
		} else {
			st_devv_push(&only, d);
		}
	}
	if (rc == 0 && o->observe) {
		rc = observe_for_advise(o, &k, prof, pc, sys, &only, &observed);
		prof = &observed.prof;
		ao.observed = observed.text;
		ao.observed_applied = observed.applied;
	} else if (rc == 0 && !prof) {
		prof = pick_profile(&k, "general");
		rc = prof ? 0 : -ENOENT;
	}
	if (rc == 0)
		rc = st_engine_run(&k.rules, prof, sys, &only, &plan);
	if (rc == 0) {
		if (o->json && observed.json) {
			struct json_object *root = st_report_advise_json(plan, o->verbose);

			json_object_object_add(root, "observed", json_object_get(observed.json));
			st_json_write(stdout, root);
		} else if (o->json) {
			rc = st_report_advise_json_write(stdout, plan, o->verbose);
		} else {
			rc = st_report_advise_text(stdout, plan, &ao);
		}
	}
	free(observed.text);
	json_object_put(observed.json);
	st_plan_free(plan);
	free(only.v);
	st_system_free(sys);
	st_path_free(pc);
	knowledge_free(&k);
	return finish_output(rc);
}

static int profiles_show(const struct st_profile *p)
{
	char *chain = st_strv_join(p->chain, " <- ");
	char *val = p->validate ? st_strv_join(p->validate, ", ") : st_xstrdup("-");
	struct st_value size = { 0 };
	char *rs;

	st_value_set_size(&size, p->request_size);
	rs = st_value_format(&size);
	printf("profile:      %s (%s)\n", p->name, p->file);
	printf("summary:      %s\n", p->summary ? p->summary : "-");
	printf("inherits:     %s\n", chain);
	printf("access:       %s\n", st_access_name(p->access));
	printf("read/write:   %lld%% / %lld%%\n", (long long)p->read_pct,
	       (long long)(100 - p->read_pct));
	printf("request size: %s\n", rs);
	printf("durability:   %s\n", st_durability_name(p->durability));
	printf("goal:         %s\n", st_goal_name(p->goal));
	printf("fsync heavy:  %s\n", p->fsync_heavy ? "yes" : "no");
	printf("shared:       %s\n", p->shared ? "yes" : "no");
	printf("validate:     %s\n", val);
	if (p->noverrides) {
		printf("overrides:\n");
		for (size_t i = 0; i < p->noverrides; i++)
			printf("  %-28s %-12s (%s:%u)\n", p->overrides[i].rule, p->overrides[i].text,
			       p->overrides[i].file, p->overrides[i].line);
	}
	free(rs);
	st_value_clear(&size);
	free(chain);
	free(val);
	return 0;
}

static int cmd_profiles(struct opts *o)
{
	const char *sub = o->nargs ? o->args[0] : "list";
	const struct st_profile *p;
	struct knowledge k;
	int rc = 0;

	if (strcmp(sub, "list") != 0 && strcmp(sub, "show") != 0) {
		st_err("profiles: unknown subcommand '%s' (list or show NAME)", sub);
		return EXIT_ERROR;
	}
	if ((strcmp(sub, "show") == 0) != (o->nargs == 2) || o->nargs > 2) {
		st_err("profiles: usage: profiles list | profiles show NAME");
		return EXIT_ERROR;
	}
	if (load_knowledge(o, &k) < 0) {
		knowledge_free(&k);
		return EXIT_ERROR;
	}
	if (strcmp(sub, "show") == 0) {
		p = pick_profile(&k, o->args[1]);
		rc = p ? profiles_show(p) : -ENOENT;
	} else {
		for (size_t i = 0; i < k.profiles.n; i++) {
			p = k.profiles.v[i];
			printf("%-20s %-10s %-10s %s\n", p->name, st_access_name(p->access),
			       st_goal_name(p->goal), p->summary ? p->summary : "");
		}
	}
	knowledge_free(&k);
	return finish_output(rc);
}

static void rules_knobs(void)
{
	size_t n;
	const struct st_knob *t = st_knob_table(&n);

	printf("%-30s %-6s %-6s %-11s %-10s %s\n", "KNOB", "SCOPE", "UNIT", "RISK", "RUNTIME",
	       "VALUES");
	for (size_t i = 0; i < n; i++) {
		char *vals;

		if (t[i].type == ST_KT_ENUM)
			vals = st_strv_join((char *const *)t[i].values, "|");
		else if (t[i].type == ST_KT_BOOL)
			vals = st_xstrdup("0|1");
		else
			vals = st_xasprintf("%llu..%llu", (unsigned long long)t[i].min,
					    (unsigned long long)t[i].max);
		printf("%-30s %-6s %-6s %-11s %-10s %s\n", t[i].name, st_scope_name(t[i].scope),
		       st_unit_name(t[i].unit), st_risk_name(t[i].risk),
		       t[i].flags & ST_KNOB_RUNTIME ? "yes" : "no", vals);
		free(vals);
	}
}

static int rules_lint(struct opts *o)
{
	struct st_diag diag = { 0 };
	struct st_ruleset rs = { 0 };
	struct st_profileset ps = { 0 };
	char *rdir = NULL, *pdir = NULL;
	int rc = 0;

	if (o->nargs > 1) {
		for (int i = 1; i < o->nargs; i++)
			if (st_rules_load_file(&rs, o->args[i], &diag) < 0)
				rc = -EINVAL;
	} else {
		rdir = data_dir(o->rules_dir, "rules");
		pdir = data_dir(o->profiles_dir, "profiles");
		if (st_rules_load_dir(&rs, rdir, &diag) < 0)
			rc = -EINVAL;
		/* profiles are checked against the rules that did load */
		if (st_profiles_load_dir(&ps, pdir, &rs, &diag) < 0)
			rc = -EINVAL;
	}
	print_diag(&diag);
	if (rc == 0 && pdir)
		printf("%zu rules in %zu files, %zu profiles: no errors\n", rs.n,
		       st_strv_len(rs.files), ps.n);
	else if (rc == 0)
		printf("%zu rules in %zu files: no errors\n", rs.n, st_strv_len(rs.files));
	else
		printf("%zu error%s\n", diag.nerrors, diag.nerrors == 1 ? "" : "s");
	st_diag_free(&diag);
	st_ruleset_free(&rs);
	st_profileset_free(&ps);
	free(rdir);
	free(pdir);
	return finish_output(rc);
}

static int cmd_rules(struct opts *o)
{
	const char *sub = o->nargs ? o->args[0] : "list";
	struct knowledge k;

	if (strcmp(sub, "lint") == 0)
		return rules_lint(o);
	if (strcmp(sub, "knobs") == 0 && o->nargs == 1) {
		rules_knobs();
		return finish_output(0);
	}
	if (strcmp(sub, "list") != 0 || o->nargs > 1) {
		st_err("rules: usage: rules list | rules lint [FILE...] | rules knobs");
		return EXIT_ERROR;
	}
	if (load_knowledge(o, &k) < 0) {
		knowledge_free(&k);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < k.rules.n; i++) {
		const struct st_rule *r = k.rules.v[i];

		printf("%-32s %-6s %-28s %s:%u\n", r->id, st_scope_name(r->scope),
		       r->knob ? r->knob->name : "advice", r->file, r->line);
	}
	knowledge_free(&k);
	return finish_output(0);
}

/* Apply, verify, revert ------------------------------------------------------- */

/* apply, revert and persist change the kernel: root, unless the "kernel"
 * is a sysroot's files. */
static int need_root(const struct opts *o, const char *what)
{
	if (o->sysroot || geteuid() == 0)
		return 0;
	st_err("%s changes kernel settings and needs root; nothing was changed "
	       "(apply --dry-run shows the changes without root)",
	       what);
	return -EPERM;
}

static char *state_dir_path(const struct opts *o, struct st_path *pc, bool create)
{
	if (o->state_dir)
		return st_xstrdup(o->state_dir);
	if (pc && st_path_is_sysroot(pc)) {
		/* made inside the root, so a symlink in the tree cannot send
		 * the journal elsewhere; only commands that write make it */
		if (create && st_path_mkdirf(pc, "%s", ST_STATE_DIR) < 0)
			return NULL;
		return st_xasprintf("%s%s", st_path_root(pc), ST_STATE_DIR);
	}
	return st_xstrdup(ST_STATE_DIR);
}

/* Opens (create: making) the state directory, and locks it when lock. */
static int open_state(const struct opts *o, struct st_path *pc, bool create, bool lock,
		      struct st_state **st)
{
	char *dir = state_dir_path(o, pc, create);
	long holder;
	int rc;

	*st = NULL;
	if (!dir) {
		st_err("%s%s: cannot create the state directory", st_path_root(pc), ST_STATE_DIR);
		return -EIO;
	}
	rc = st_state_open(dir, create, st);
	if (rc == -ENOENT && !create) {
		free(dir);
		return rc;
	}
	if (rc < 0) {
		st_err("%s: state directory: %s", dir, strerror(-rc));
		free(dir);
		return rc;
	}
	if (lock && (rc = st_state_lock(*st, &holder)) < 0) {
		if (rc == -EBUSY && holder)
			st_err("another stortune apply is running (pid %ld); nothing was changed",
			       holder);
		else if (rc == -EBUSY)
			st_err("another stortune apply is running; nothing was changed");
		else
			st_err("%s/lock: %s", dir, strerror(-rc));
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

struct planned {
	struct knowledge k;
	const struct st_profile *prof;
	struct st_path *pc;
	struct st_system *sys;
	struct st_plan *plan;
	struct st_devv only;
	struct st_state *st;     /* NULL when there is no state directory yet */
	struct st_journal **js;  /* its active journals, newest first */
	size_t nj;
};

static void planned_free(struct planned *p)
{
	st_journal_freev(p->js, p->nj);
	st_state_free(p->st);
	st_plan_free(p->plan);
	free(p->only.v);
	st_system_free(p->sys);
	st_path_free(p->pc);
	knowledge_free(&p->k);
}

static int probe_and_plan(struct opts *o, struct planned *p);

/*
 * Rules, profile, state directory (made when create; locked when lock, before
 * the probe, so that what is read cannot change under another apply), its
 * journals, probe and plan: what apply and verify share.
 */
static int make_plan(struct opts *o, struct planned *p, bool create, bool lock)
{
	int rc;

	memset(p, 0, sizeof(*p));
	if (!o->profile) {
		st_err("%s: --profile NAME is required ('stortune profiles list' shows them)",
		       cmds[o->cmd].name);
		return -EINVAL;
	}
	rc = load_knowledge(o, &p->k);
	if (rc < 0)
		return rc;
	p->prof = pick_profile(&p->k, o->profile ? o->profile : "general");
	if (!p->prof)
		return -ENOENT;
	rc = open_root(o, &p->pc);
	if (rc == 0) {
		rc = open_state(o, p->pc, create, lock, &p->st);
		if (rc == -ENOENT && !create)
			rc = 0;
	}
	if (rc == 0)
		rc = load_journals(p->st, &p->js, &p->nj);
	if (rc == 0)
		rc = probe_and_plan(o, p);
	return rc;
}

static int probe_and_plan(struct opts *o, struct planned *p)
{
	int rc = st_probe_run(p->pc, 0, &p->sys);

	for (int i = 0; rc == 0 && i < o->nargs; i++) {
		struct st_device *d = st_system_lookup(p->sys, o->args[i]);

		if (!d) {
			st_err("%s: no such block device", o->args[i]);
			rc = -ENODEV;
		} else {
			st_devv_push(&p->only, d);
		}
	}
	if (rc == 0)
		rc = st_engine_run(&p->k.rules, p->prof, p->sys, &p->only, &p->plan);
	return rc;
}

/* Bench options: seconds and counts, checked here so the message names the
 * option as the user typed it. */
static int parse_seconds(const char *opt, const char *s, double def, double *v)
{
	char *end;

	if (!s) {
		*v = def;
		return 0;
	}
	errno = 0;
	*v = strtod(s, &end);
	if (errno || end == s || *end || !(*v >= 0)) {
		st_err("--%s '%s': not a number of seconds", opt, s);
		return -EINVAL;
	}
	return 0;
}

static int parse_count(const char *opt, const char *s, unsigned def, unsigned *v)
{
	uint64_t x;

	if (!s) {
		*v = def;
		return 0;
	}
	if (st_parse_u64(s, &x) < 0 || x > 1000000) {
		st_err("--%s '%s': not a count", opt, s);
		return -EINVAL;
	}
	*v = (unsigned)x;
	return 0;
}

/* "4k", "1M", "4096": the expression language's sizes (1024-based) */
static int parse_bytes(const char *s, uint64_t *v)
{
	int64_t b;

	if (st_parse_size(s, &b, NULL) < 0 || b <= 0)
		return -EINVAL;
	*v = (uint64_t)b;
	return 0;
}

/* observe: DEVICE arguments as kernel names (live: any name the probed
 * sys knows; replay, sys NULL: as given, without /dev/) */
static int observe_want(const struct opts *o, const struct st_system *sys, struct st_obs_run *run)
{
	int rc = 0;

	for (int i = 0; i < o->nargs; i++) {
		const char *a = o->args[i];
		struct st_device *d = sys ? st_system_lookup(sys, a) : NULL;

		if (sys && !d) {
			st_err("%s: no such block device", a);
			rc = -ENODEV;
			continue;
		}
		if (!sys && strncmp(a, "/dev/", 5) == 0)
			a += 5;
		st_strv_push(&run->want, d ? d->kname : a);
		run->nwant++;
	}
	return rc;
}

static int observe_check(const struct opts *o)
{
	if (o->sysroot) {
		st_err("observe: it samples the live machine; --sysroot does not apply (--replay FILE "
		       "reads a recording)");
		return -EINVAL;
	}
	if (o->replay && (o->record || o->interval)) {
		st_err("observe --replay: --%s does not apply; the recording has its own times",
		       o->record ? "record" : "interval");
		return -EINVAL;
	}
	return 0;
}

static int cmd_observe(struct opts *o)
{
	struct st_obs_run run = { .out = stdout, .json = o->json, .exclude = "general" };
	struct st_obs_recording rec = { 0 };
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	struct knowledge k;
	unsigned count;
	int rc;

	if (observe_check(o) < 0 || parse_seconds("interval", o->interval, 1, &run.interval) < 0 ||
	    parse_count("count", o->count, 0, &count) < 0)
		return EXIT_ERROR;
	if (run.interval < 0.1) {
		st_err("--interval %s: at least 0.1 s (the kernel counts busy time in ms)", o->interval);
		return EXIT_ERROR;
	}
	run.count = count;
	if (load_knowledge(o, &k) < 0) {
		knowledge_free(&k);
		return EXIT_ERROR;
	}
	run.ps = &k.profiles;
	if (o->replay) {
		rc = st_obs_recording_load(o->replay, &rec);
		if (rc == 0 && rec.n < 2) {
			st_err("%s: %zu sample%s; observe needs two or more", o->replay, rec.n,
			       rec.n == 1 ? "" : "s");
			rc = -EINVAL;
		}
		run.replay = &rec;
	} else {
		rc = open_root(o, &pc);
		run.pc = pc;
		/* names to resolve: probe now, and the loop takes its topology
		 * from this model; else the loop probes after its baseline */
		if (rc == 0 && o->nargs)
			rc = st_probe_run(pc, 0, &sys);
		run.sys = sys;
	}
	if (rc == 0)
		rc = observe_want(o, sys, &run);
	if (rc == 0 && o->record) {
		run.record = fopen(o->record, "we");
		if (!run.record) {
			rc = -errno;
			st_err("%s: %s", o->record, strerror(-rc));
		}
	}
	if (rc == 0) {
		run.live = !o->json && !o->replay && isatty(STDOUT_FILENO);
		run.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
		st_report_observe_hooks(&run);
		rc = st_observe_run(&run);
	}
	if (run.record && fclose(run.record) != 0 && rc == 0) {
		st_err("%s: %s", o->record, strerror(errno));
		rc = -EIO;
	}
	st_strv_free(run.want);
	st_obs_recording_free(&rec);
	st_system_free(sys);
	st_path_free(pc);
	knowledge_free(&k);
	return finish_output(rc);
}

/*
 * advise --observe SEC: one interval of SEC seconds (of the DEVICEs given,
 * else the whole machine), then the profile for
 * advice is the declared one (or the closest to what was seen), with its
 * workload keys (access, read share, request size, fsync habit) replaced
 * by the observed ones.  Durability, goal and sharing are not observable
 * and stay the profile's.
 */
static int observe_for_advise(const struct opts *o, const struct knowledge *k,
			      const struct st_profile *declared, struct st_path *pc,
			      const struct st_system *sys, const struct st_devv *only,
			      struct observed *obs)
{
	struct st_obs_run run = { .exclude = "general", .silent = true, .want_summary = true, .count = 1 };
	const struct st_obs_interval *sum = &run.summary;
	const struct st_profile *base;
	char *ev;
	int rc;

	if (observe_check(o) < 0 || parse_seconds("observe", o->observe, 0, &run.interval) < 0)
		return -EINVAL;
	if (run.interval < 1) {
		st_err("--observe %s: at least 1 second", o->observe);
		return -EINVAL;
	}
	run.pc = pc;
	run.sys = sys;
	run.ps = &k->profiles;
	for (size_t i = 0; i < only->n; i++) { /* DEVICEs: observe those */
		st_strv_push(&run.want, only->v[i]->kname);
		run.nwant++;
	}
	if (!o->quiet)
		fprintf(stderr, "stortune: observing the I/O for %g s ...\n", run.interval);
	rc = st_observe_run(&run);
	st_strv_free(run.want);
	if (rc == 0 && !run.intervals) {
		st_err("observe: interrupted before the first interval ended");
		rc = -EINTR;
	}
	if (rc < 0) {
		st_obs_interval_free(&run.summary);
		return rc;
	}
	base = declared ? declared : sum->suggested;
	if (!base)
		base = st_profileset_find(&k->profiles, "general");
	if (!base) {
		st_err("no profile 'general' to fall back on");
		st_obs_interval_free(&run.summary);
		return -ENOENT;
	}
	obs->prof = *base;
	ev = st_obs_evidence(&sum->overall, &sum->overall_io);
	obs->json = json_object_new_object();
	json_object_object_add(obs->json, "seconds", json_object_new_double(round(sum->seconds * 1000) / 1000));
	json_object_object_add(obs->json, "evidence", json_object_new_string(ev));
	json_object_object_add(obs->json, "pattern",
			       json_object_new_string(st_obs_pattern_name(sum->overall.pattern)));
	json_object_object_add(obs->json, "suggested_profile",
			       st_json_str(sum->suggested ? sum->suggested->name : NULL));
	if (sum->overall.pattern == ST_OBS_IDLE) {
		obs->text = st_xasprintf("Observed %.0f s: %s; too little to go by, so the profile is "
					 "used as declared.", sum->seconds, ev);
		obs->prof = *base;
		free(ev);
		json_object_object_add(obs->json, "applied", json_object_new_boolean(false));
		st_obs_interval_free(&run.summary);
		return 0;
	}
	obs->prof.access = sum->overall.pattern == ST_OBS_RANDOM       ? ST_ACCESS_RANDOM
			   : sum->overall.pattern == ST_OBS_SEQUENTIAL ? ST_ACCESS_SEQUENTIAL
								       : ST_ACCESS_MIXED;
	obs->prof.read_pct = (int64_t)llround(sum->overall.read_pct);
	obs->prof.request_size = (int64_t)llround(sum->overall.req_kib) * 1024;
	if (obs->prof.request_size < 512)
		obs->prof.request_size = 512;
	if (sum->overall.fsync_heavy != ST_TRI_UNKNOWN)
		obs->prof.fsync_heavy = sum->overall.fsync_heavy;
	obs->text = st_xasprintf(
		"Observed %.0f s: %s%s%s%s. Taken from it: access %s, %lld%% reads, request size %lld "
		"KiB%s%s; durability, goal and sharing stay the profile's.",
		sum->seconds, ev, sum->suggested ? ", closest to " : "",
		sum->suggested ? sum->suggested->name : "",
		declared && sum->suggested && sum->suggested != declared ? " (not the declared profile)" : "",
		st_access_name(obs->prof.access), (long long)obs->prof.read_pct,
		(long long)obs->prof.request_size / 1024,
		sum->overall.fsync_heavy != ST_TRI_UNKNOWN ? ", fsync-heavy: " : "",
		sum->overall.fsync_heavy != ST_TRI_UNKNOWN ? (obs->prof.fsync_heavy ? "yes" : "no") : "");
	json_object_object_add(obs->json, "applied", json_object_new_boolean(true));
	obs->applied = true;
	free(ev);
	st_obs_interval_free(&run.summary);
	return 0;
}

static int bench_job(const struct opts *o, struct st_job *job, double def_runtime, double def_ramp)
{
	const char *name = o->workload ? o->workload : "randread-4k-qd1";
	const char *custom_opt = o->bs ? "bs" : o->qd ? "qd" : o->rw ? "rw" : o->direct ? "direct"
				 : o->fsync ? "fsync" : NULL;
	int r;

	memset(job, 0, sizeof(*job));
	if (parse_seconds("runtime", o->runtime, def_runtime, &job->runtime_s) < 0 ||
	    parse_seconds("ramp", o->ramp, def_ramp, &job->ramp_s) < 0 ||
	    parse_count("jobs", o->jobs, 1, &job->jobs) < 0)
		return -EINVAL;
	if (o->size && parse_bytes(o->size, &job->size) < 0) {
		st_err("--size '%s': not a size (e.g. 256M, 2G)", o->size);
		return -EINVAL;
	}
	if (strcmp(name, "custom") == 0) {
		job->workload = st_xstrdup("custom");
		job->rw = ST_RW_RANDREAD;
		job->bs = 4096;
		job->qd = 1;
		if (o->rw && st_rw_parse(o->rw, &job->rw) < 0) {
			st_err("--rw '%s': not read, write, randread, randwrite or append", o->rw);
			return -EINVAL;
		}
		job->direct = job->rw != ST_RW_APPEND;
		if (o->bs && parse_bytes(o->bs, &job->bs) < 0) {
			st_err("--bs '%s': not a size (e.g. 4k, 128, 1M)", o->bs);
			return -EINVAL;
		}
		if (parse_count("qd", o->qd, 1, &job->qd) < 0)
			return -EINVAL;
		if (o->direct) {
			if (strcmp(o->direct, "0") && strcmp(o->direct, "1")) {
				st_err("--direct '%s': 0 or 1", o->direct);
				return -EINVAL;
			}
			job->direct = o->direct[0] == '1';
		}
		if (o->fsync && st_sync_parse(o->fsync, &job->sync) < 0) {
			st_err("--fsync '%s': none, fsync or fdatasync", o->fsync);
			return -EINVAL;
		}
	} else {
		const struct st_workload_def *w = st_workload_find(name);

		if (!w) {
			const char *names[16];
			const char *best;
			size_t n = 0;

			for (size_t i = 0; i < st_nworkloads && n < ST_ARRAY_SIZE(names) - 1; i++)
				names[n++] = st_workloads[i].name;
			names[n++] = "custom";
			best = st_closest(name, names, n);
			if (best)
				st_err("--workload '%s': unknown (did you mean '%s'?); 'stortune bench list' "
				       "shows them", name, best);
			else
				st_err("--workload '%s': unknown; 'stortune bench list' shows them", name);
			return -EINVAL;
		}
		if (custom_opt) {
			st_err("--%s: only with --workload custom (%s is fixed)", custom_opt, name);
			return -EINVAL;
		}
		st_job_from_workload(job, w);
	}
	r = st_job_check(job);
	return r;
}

static void bench_progress(void *data, double elapsed, double total, double iops)
{
	const char *what = data;
	int width = 30, done = total > 0 ? (int)(elapsed / total * width) : 0;

	if (done > width)
		done = width;
	fprintf(stderr, "\r%s [%.*s%*s] %5.1f/%.1f s  %8.0f IOPS\033[K", what, done,
		"##############################", width - done, "", elapsed, total, iops);
	fflush(stderr);
}

static void bench_progress_end(const struct st_bench_ctx *ctx)
{
	if (ctx->progress) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

static void bench_ctx_init(const struct opts *o, const char *label, struct st_path *pc,
			   struct st_system *sys, struct st_bench_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->pc = pc;
	ctx->sys = sys;
	if (!o->quiet && isatty(STDERR_FILENO)) {
		ctx->progress = bench_progress;
		ctx->progress_data = (void *)label;
	}
}

/* The live root and its model, which tell the bench what is under a
 * directory; ctx owns them (bench_close frees them). */
static int bench_open(const struct opts *o, const char *label, struct st_bench_ctx *ctx)
{
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	int rc = open_root(o, &pc);

	if (rc == 0)
		rc = st_probe_run(pc, 0, &sys);
	bench_ctx_init(o, label, pc, sys, ctx);
	return rc;
}

static void bench_close(struct st_bench_ctx *ctx)
{
	st_system_free((struct st_system *)ctx->sys);
	st_path_free(ctx->pc);
}

/* --trials --runtime --ramp --size --target for A/B runs */
static int ab_params(const struct opts *o, struct st_ab_params *p)
{
	memset(p, 0, sizeof(*p));
	if (parse_count("trials", o->trials, 5, &p->trials) < 0 ||
	    parse_seconds("runtime", o->runtime, 5, &p->runtime_s) < 0 ||
	    parse_seconds("ramp", o->ramp, 1, &p->ramp_s) < 0)
		return -EINVAL;
	/* with 4 trials a side the smallest exact Mann-Whitney p is 2/70, and
	 * with 3 it is 0.1: nothing could ever be significant */
	if (p->trials < 5 || p->trials > 100) {
		st_err("--trials %u: 5 to 100 (fewer cannot reach p < 0.05 reliably)", p->trials);
		return -EINVAL;
	}
	if (o->size && parse_bytes(o->size, &p->size) < 0) {
		st_err("--size '%s': not a size (e.g. 256M, 2G)", o->size);
		return -EINVAL;
	}
	p->target = o->target;
	p->seed = st_now_ns();
	return 0;
}

static int cmd_apply(struct opts *o)
{
	struct st_apply_opts ao = { .allow_durability = o->allow_durability,
				    .remount = o->remount,
				    .force = o->force,
				    .persist = o->persist };
	struct st_validate_run vr = { 0 };
	struct st_bench_ctx bctx = { 0 };
	struct st_apply *a = NULL;
	struct planned p;
	int rc;

	if (o->script && !o->dry_run) {
		st_err("apply: --script prints what --dry-run would change; give both");
		return EXIT_ERROR;
	}
	if (o->script && o->json) {
		st_err("apply: --script and --json exclude each other");
		return EXIT_ERROR;
	}
	if (o->persist && o->nargs) {
		st_err("apply: --persist writes the whole profile's udev rules and sysctl.d file; "
		       "run it without DEVICE arguments");
		return EXIT_ERROR;
	}
	if (o->remount && o->sysroot && !o->dry_run) {
		st_err("apply: --remount changes live mounts; it cannot act on a --sysroot tree");
		return EXIT_ERROR;
	}
	if (o->validate && (o->dry_run || o->sysroot)) {
		st_err("apply: --validate measures real changes on the live machine; not with %s",
		       o->dry_run ? "--dry-run" : "--sysroot");
		return EXIT_ERROR;
	}
	if (!o->validate && (o->target || o->runtime || o->ramp || o->size || o->trials)) {
		st_err("apply: --%s goes with --validate", o->target ? "target" : o->runtime ? "runtime"
			       : o->ramp ? "ramp" : o->size ? "size" : "trials");
		return EXIT_ERROR;
	}
	if (o->validate && ab_params(o, &vr.params) < 0)
		return EXIT_ERROR;
	vr.keep = !o->measure_only;
	if (!o->dry_run && need_root(o, o->measure_only ? "bench --ab --profile"
					: o->persist ? "apply --persist" : "apply") < 0)
		return EXIT_ERROR;
	rc = make_plan(o, &p, !o->dry_run, !o->dry_run);
	if (rc == 0 && o->validate) {
		bench_ctx_init(o, "validating", p.pc, p.sys, &bctx);
		vr.bench = &bctx;
		ao.validate = st_validate_apply;
		ao.validate_data = &vr;
	}
	if (rc == 0) {
		a = st_apply_select(p.plan, p.js, p.nj, &ao);
		if (!o->dry_run)
			rc = st_apply_run(p.pc, p.sys, p.st, a, p.prof->name, &ao);
		bench_progress_end(&bctx);
		if (o->json)
			st_report_apply_json(stdout, a, o->dry_run,
					     vr.out ? st_report_validation_object(vr.out) : NULL);
		else if (o->script)
			st_report_apply_script(stdout, a);
		else
			st_report_apply_text(stdout, a, o->dry_run);
		if (vr.out && !o->json)
			st_report_validation_text(stdout, vr.out);
	}
	if (finish_output(rc) != EXIT_OK)
		rc = rc < 0 ? rc : -EIO;
	else if (rc == 0 && o->dry_run && a->npending)
		rc = 1; /* changes pending */
	else if (rc == 0 && vr.out && vr.out->nrolled && !o->measure_only)
		rc = 3; /* kept some, rolled back what regressed */
	st_validation_free(vr.out);
	st_apply_free(a);
	planned_free(&p);
	return rc < 0 ? EXIT_ERROR : rc == 3 ? EXIT_ROLLED_BACK : rc > 0 ? EXIT_PENDING : EXIT_OK;
}

static int cmd_verify(struct opts *o)
{
	struct st_apply_opts ao = { .allow_durability = o->allow_durability };
	struct st_verify *v = NULL;
	struct planned p;
	int rc;

	rc = make_plan(o, &p, false, false);
	if (rc == 0) {
		v = st_verify_build(p.plan, p.js, p.nj, &ao);
		if (o->json)
			st_report_verify_json(stdout, v, p.prof->name);
		else
			st_report_verify_text(stdout, v, p.prof->name, o->verbose);
	}
	if (finish_output(rc) != EXIT_OK)
		rc = -EIO;
	else if (rc == 0 && v->count[ST_VS_DRIFT])
		rc = 1;
	st_verify_free(v);
	planned_free(&p);
	return rc < 0 ? EXIT_ERROR : rc > 0 ? EXIT_PENDING : EXIT_OK;
}

static int cmd_revert(struct opts *o)
{
	struct st_revert *r = NULL;
	struct st_system *sys = NULL;
	struct st_state *st = NULL;
	struct st_path *pc = NULL;
	int rc;

	if (o->nargs) {
		st_err("revert: unexpected argument '%s'; revert undoes the whole last apply",
		       o->args[0]);
		return EXIT_ERROR;
	}
	if (need_root(o, "revert") < 0 || open_root(o, &pc) < 0)
		return EXIT_ERROR;
	rc = open_state(o, pc, false, true, &st);
	if (rc == -ENOENT) {
		char *dir = state_dir_path(o, NULL, false);

		printf("nothing to revert: %s does not exist\n", o->sysroot && !o->state_dir
			       ? "the state directory" : dir);
		free(dir);
		st_path_free(pc);
		return finish_output(0);
	}
	if (rc == 0)
		rc = st_probe_run(pc, 0, &sys);
	if (rc == 0) {
		rc = st_revert_run(pc, sys, st, o->force, &r);
		if (rc == -ENOENT) {
			printf("nothing to revert: no journal in %s\n", st_state_dir(st));
			rc = 0;
		} else if (r && o->json) {
			st_report_revert_json(stdout, r);
		} else if (r) {
			st_report_revert_text(stdout, r, st_state_dir(st));
		}
	}
	st_revert_free(r);
	st_system_free(sys);
	st_state_free(st);
	st_path_free(pc);
	return finish_output(rc);
}

static int bench_list(void)
{
	printf("%-18s %s\n", "WORKLOAD", "WHAT IT DOES");
	for (size_t i = 0; i < st_nworkloads; i++)
		printf("%-18s %s\n", st_workloads[i].name, st_workloads[i].summary);
	printf("%-18s %s\n", "custom", "--rw --bs --qd --direct --fsync --jobs as given");
	return finish_output(0);
}

/* bench --ab: A against B.  Without --set, B is A: the noise floor. */
static int bench_ab(struct opts *o)
{
	struct st_bench_ctx ctx = { 0 };
	struct st_validation *v = NULL;
	struct st_ab_params ap;
	struct st_job job;
	int rc;

	if (bench_job(o, &job, 5, 1) < 0 || ab_params(o, &ap) < 0) {
		st_job_clear(&job);
		return EXIT_ERROR;
	}
	if (strcmp(job.workload, "custom") == 0) {
		st_err("bench --ab: give a named --workload");
		st_job_clear(&job);
		return EXIT_ERROR;
	}
	ap.size = job.size;
	rc = bench_open(o, job.workload, &ctx);
	if (rc == 0)
		rc = st_validate_aa(&ctx, o->target ? o->target : ".", job.workload, &ap, &v);
	bench_progress_end(&ctx);
	if (v && o->json)
		st_report_validation_json(stdout, v);
	else if (v)
		st_report_validation_text(stdout, v);
	st_validation_free(v);
	st_job_clear(&job);
	bench_close(&ctx);
	return finish_output(rc);
}

static int cmd_bench(struct opts *o)
{
	struct st_bench_ctx ctx = { 0 };
	struct st_bench_result *res = NULL;
	struct st_scratch *scratch = NULL;
	struct st_job job;
	int rc;

	if (o->nargs == 1 && strcmp(o->args[0], "list") == 0)
		return bench_list();
	if (o->ab && o->profile) {
		const char *w = o->workload ? "workload" : o->bs ? "bs" : o->qd ? "qd" : o->rw ? "rw"
				: o->direct ? "direct" : o->fsync ? "fsync" : o->jobs ? "jobs" : NULL;

		if (w) {
			st_err("bench --ab --profile: --%s: each change is measured with its rule's workload", w);
			return EXIT_ERROR;
		}
		/* apply --validate that keeps nothing */
		o->validate = true;
		o->measure_only = true;
		return cmd_apply(o);
	}
	if (o->profile || o->state_dir) {
		st_err("bench: --%s goes with --ab", o->profile ? "profile" : "state-dir");
		return EXIT_ERROR;
	}
	if (o->nargs) {
		st_err("bench: unexpected argument '%s'; give the directory with --target", o->args[0]);
		return EXIT_ERROR;
	}
	if (o->sysroot) {
		st_err("bench: it measures the live machine; --sysroot does not apply");
		return EXIT_ERROR;
	}
	if (o->ab)
		return bench_ab(o);
	if (o->trials) {
		st_err("bench: --trials goes with --ab");
		return EXIT_ERROR;
	}
	if (bench_job(o, &job, 10, 2) < 0)
		return EXIT_ERROR;
	rc = bench_open(o, job.workload, &ctx);
	if (rc == 0)
		rc = st_bench_prepare(&ctx, o->target ? o->target : ".", &job, &scratch);
	if (rc == 0)
		rc = st_bench_run(&ctx, scratch, &job, &res);
	bench_progress_end(&ctx);
	st_scratch_free(scratch);
	if (rc == 0) {
		if (o->json)
			st_report_bench_json(stdout, res);
		else
			st_report_bench_text(stdout, res);
	}
	st_bench_result_free(res);
	st_job_clear(&job);
	bench_close(&ctx);
	return finish_output(rc);
}

static int cmd_capture(struct opts *o)
{
	struct st_path *pc = NULL;
	int rc;

	if (!o->output) {
		st_err("capture: -o FILE is required");
		return EXIT_ERROR;
	}
	if (o->nargs) {
		st_err("capture: unexpected argument '%s'", o->args[0]);
		return EXIT_ERROR;
	}
	if (open_root(o, &pc) < 0)
		return EXIT_ERROR;
	rc = st_capture(pc, o->output);
	st_path_free(pc);
	return rc < 0 ? EXIT_ERROR : EXIT_OK;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	int rc;

	setlocale(LC_CTYPE, "");
	st_log_init();
	rc = parse_args(argc, argv, &o);
	if (rc != 0)
		return rc > 0 ? EXIT_OK : EXIT_ERROR;
	st_log_set_quiet(o.quiet);
	return cmds[o.cmd].run(&o);
}
