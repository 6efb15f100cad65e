/*
 * cli.c - the command line as tables: commands, options and the rules
 * between options (STYLE.md 6, as profile.c binds profile keys).
 *
 * An option entry holds everything about it: getopt_long's table, the
 * conversion into struct st_cli (once, at parse time, errors naming the
 * option), its default and range, which commands take it, and its help.
 * `stortune --help`, `stortune COMMAND --help` and `stortune help COMMAND`
 * are printed from the same entries.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st_bench.h"
#include "st_cli.h"
#include "st_datadir.h"
#include "st_expr.h"
#include "st_log.h"
#include "st_pipeline.h"
#include "st_report_probe.h"
#include "st_validate.h"
#include "st_util.h"
#include "stortune.h"

#define CMD(c) (1u << ST_CMD_##c)
#define CMD_ANY ((1u << ST_CMD_NR) - 1)
#define CMD_ALL (CMD_ANY - CMD(HELP) - CMD(COMPLETION)) /* every command that acts */
#define CMD_STATE (CMD(APPLY) | CMD(VERIFY) | CMD(STATUS) | CMD(REVERT) | CMD(BENCH))

struct cli_cmd {
	const char *name;
	const char *synopsis;
	const char *help;
	bool devices; /* takes DEVICE arguments (completion) */
};

/* Subcommands: the words after a command, and how many arguments follow. */
struct cli_sub {
	enum st_cmd cmd;
	const char *name;
	int min, max;
	bool dflt; /* what the command does without a subcommand */
};

static const struct cli_sub subs[] = {
	{ ST_CMD_PROFILES, "list", 0, 0, true },
	{ ST_CMD_PROFILES, "show", 1, 1, false },
	{ ST_CMD_RULES, "list", 0, 0, true },
	{ ST_CMD_RULES, "lint", 0, 4096, false },
	{ ST_CMD_RULES, "knobs", 0, 0, false },
	{ ST_CMD_BENCH, "list", 0, 0, false },
	{ ST_CMD_COMPLETION, "bash", 0, 0, true },
};

static const struct cli_cmd cmds[ST_CMD_NR] = {
	[ST_CMD_PROBE] = { "probe", "[DEVICE...]",
			   "show the block devices, their queues, stacking, mounts and system facts", true },
	[ST_CMD_ADVISE] = { "advise", "[DEVICE...]",
			    "recommend settings for the workload profile, with reasons", true },
	[ST_CMD_RECOMMEND] = { "recommend", "",
			       "name the profile this machine looks made for, with the evidence" },
	[ST_CMD_APPLY] = { "apply", "--profile NAME [DEVICE...]",
			   "make the recommended changes, journaled, each read back", true },
	[ST_CMD_VERIFY] = { "verify", "[--profile NAME] [DEVICE...]",
			    "check the system against the applied profile (or NAME); exit 2 on drift",
			    true },
	[ST_CMD_STATUS] = { "status", "",
			    "what is applied, persisted and held back now; exit 2 on drift" },
	[ST_CMD_REVERT] = { "revert", "[--all]",
			    "undo the last apply (--all: every apply) from its journal" },
	[ST_CMD_BENCH] = { "bench", "[list | --workload NAME] [--target DIR]",
			   "measure a workload on a scratch file; --ab: A/B a setting" },
	[ST_CMD_OBSERVE] = { "observe", "[--interval SEC] [DEVICE...]",
			     "measure the live I/O like iostat -x; classify it, suggest a profile", true },
	[ST_CMD_CAPTURE] = { "capture", "-o FILE.tar[.gz]",
			     "archive what probing reads, for --sysroot on another machine" },
	[ST_CMD_PROFILES] = { "profiles", "[list | show NAME]", "the workload profiles" },
	[ST_CMD_RULES] = { "rules", "[list | lint [FILE...] | knobs]",
			   "list or check the rules; list the knobs they may set" },
	[ST_CMD_REPORT] = { "report", "FILE.json... -o FILE.html",
			    "draw saved --json output as one HTML page; several runs side by side" },
	[ST_CMD_HELP] = { "help", "[COMMAND]", "show the options of a command" },
	[ST_CMD_COMPLETION] = { "completion", "bash",
				"print the bash completion script (installed with the package)" },
};

enum opt_type {
	OT_FLAG,    /* bool */
	OT_STRING,  /* const char *, argv's */
	OT_SECONDS, /* double, >= min */
	OT_COUNT,   /* unsigned, min..max */
	OT_SIZE,    /* uint64_t bytes: "4k", "1M", "4096" (1024-based, as rules write sizes) */
	OT_CHOICE,  /* int, the index into choices */
	OT_PERCENT, /* double, a fraction: "10%" or "10" is 0.10; min..max in percent */
	OT_DURATION,/* double seconds: "120", "120s", "2m", "1h"; >= min */
};

struct cli_opt {
	const char *name;
	char letter;          /* short option, or 0 */
	enum opt_type type;
	size_t off;           /* into struct st_cli */
	const char *def;      /* the default, converted as if given; NULL: zero */
	double min, max;      /* OT_SECONDS, OT_COUNT (max 0: 1,000,000) */
	const char *range;    /* what the range is, for the error (OT_SECONDS, OT_COUNT) */
	const char *const *choices; /* OT_CHOICE, NULL-terminated */
	const char *example;  /* OT_SIZE: in the error */
	unsigned cmds;        /* CMD() bits of the commands that take it */
	const char *arg;      /* the argument's name in help */
	const char *help;
};

static const char *const color_choices[] = ST_COLOR_NAMES;
static const char *const bool_choices[] = { "0", "1", NULL };

#define F(field) offsetof(struct st_cli, field)
#define CUSTOM CMD(BENCH)

static const struct cli_opt opts[ST_OPT_NR] = {
	[ST_OPT_SYSROOT] = { "sysroot", 0, OT_STRING, F(sysroot), .cmds = CMD_ALL, .arg = "DIR",
		.help = "read DIR/sys, DIR/proc ... instead of the live system" },
	[ST_OPT_JSON] = { "json", 0, OT_FLAG, F(json),
		.cmds = CMD_ALL,
		.help = "print JSON, with stable keys, for scripts" },
	[ST_OPT_PROFILE] = { "profile", 0, OT_STRING, F(profile),
		.cmds = CMD(ADVISE) | CMD(APPLY) | CMD(VERIFY) | CMD(BENCH), .arg = "NAME",
		.help = "the workload profile (advise: default general; bench --ab: measure its changes)" },
	[ST_OPT_DRY_RUN] = { "dry-run", 0, OT_FLAG, F(dry_run), .cmds = CMD(APPLY),
		.help = "show what would change; exit 2 if anything would" },
	[ST_OPT_SCRIPT] = { "script", 0, OT_FLAG, F(script), .cmds = CMD(APPLY),
		.help = "with --dry-run: print the changes as a shell script" },
	[ST_OPT_PERSIST] = { "persist", 0, OT_FLAG, F(persist), .cmds = CMD(APPLY),
		.help = "also write udev rules and sysctl.d for the next boot" },
	[ST_OPT_REMOUNT] = { "remount", 0, OT_FLAG, F(remount), .cmds = CMD(APPLY),
		.help = "apply mount options to live mounts (fstab is never edited)" },
	[ST_OPT_ALLOW_DURABILITY] = { "allow-durability-risk", 0, OT_FLAG, F(allow_durability),
		.cmds = CMD(APPLY) | CMD(VERIFY), .help = "also apply changes that risk data on power loss" },
	[ST_OPT_FORCE] = { "force", 0, OT_FLAG, F(force), .cmds = CMD(APPLY) | CMD(REVERT),
		.help = "also change values set by hand since the last apply" },
	[ST_OPT_STRICT] = { "strict", 0, OT_FLAG, F(strict), .cmds = CMD(VERIFY) | CMD(STATUS),
		.help = "count settings apply held back (--remount, durability) as drift" },
	[ST_OPT_ALL] = { "all", 0, OT_FLAG, F(all), .cmds = CMD(REVERT),
		.help = "undo every active journal, newest first" },
	[ST_OPT_STATE_DIR] = { "state-dir", 0, OT_STRING, F(state_dir), .cmds = CMD_STATE, .arg = "DIR",
		.help = "journal and lock (default /var/lib/stortune, under --sysroot DIR/var/lib/stortune)" },
	[ST_OPT_VALIDATE] = { "validate", 0, OT_FLAG, F(validate), .cmds = CMD(APPLY),
		.help = "measure each change A/B with its workload; roll back what regressed (exit 3)" },
	[ST_OPT_WORKLOAD] = { "workload", 0, OT_STRING, F(workload), .cmds = CMD(BENCH), .arg = "NAME",
		.help = "a named workload (see 'stortune bench list') or custom (default randread-4k-qd1)" },
	[ST_OPT_TARGET] = { "target", 0, OT_STRING, F(target), .cmds = CMD(BENCH) | CMD(APPLY),
		.arg = "DIR",
		.help = "directory for the scratch file (bench: default .; apply: for system-wide changes)" },
	[ST_OPT_RUNTIME] = { "runtime", 0, OT_SECONDS, F(runtime), .cmds = CMD(BENCH) | CMD(APPLY),
		.arg = "SEC", .help = "measured seconds per run (default 10; per trial with --ab/--validate 5)" },
	[ST_OPT_RAMP] = { "ramp", 0, OT_SECONDS, F(ramp), .cmds = CMD(BENCH) | CMD(APPLY), .arg = "SEC",
		.help = "seconds run before measuring (default 2; per trial 1)" },
	[ST_OPT_SIZE] = { "size", 0, OT_SIZE, F(size), .example = "256M, 2G",
		.cmds = CMD(BENCH) | CMD(APPLY), .arg = "SIZE",
		.help = "scratch file size (default min(1 GiB, 10% of free space))" },
	[ST_OPT_BS] = { "bs", 0, OT_SIZE, F(bs), "4k", .example = "4k, 128, 1M", .cmds = CUSTOM,
		.arg = "SIZE", .help = "custom: bytes per I/O (4k, 1M)" },
	[ST_OPT_QD] = { "qd", 0, OT_COUNT, F(qd), "1", .cmds = CUSTOM, .arg = "N",
		.help = "custom: I/Os in flight, 1 to 256" },
	[ST_OPT_RW] = { "rw", 0, OT_CHOICE, F(rw), "randread", .choices = st_rw_names, .cmds = CUSTOM,
		.arg = "MODE", .help = "custom: read, write, randread, randwrite or append" },
	[ST_OPT_DIRECT] = { "direct", 0, OT_CHOICE, F(direct), .choices = bool_choices, .cmds = CUSTOM,
		.arg = "0|1", .help = "custom: O_DIRECT (default 1, 0 for append)" },
	[ST_OPT_FSYNC] = { "fsync", 0, OT_CHOICE, F(fsync), "none", .choices = st_sync_names,
		.cmds = CUSTOM, .arg = "HOW", .help = "custom: none, fsync or fdatasync after each write" },
	[ST_OPT_JOBS] = { "jobs", 0, OT_COUNT, F(jobs), "1", .cmds = CUSTOM, .arg = "N",
		.help = "append: processes writing to the one file (default 1)" },
	[ST_OPT_AB] = { "ab", 0, OT_FLAG, F(ab), .cmds = CMD(BENCH),
		.help = "A/B trials: with --profile, of each change it would make (none kept); else A/A" },
	/* with 4 trials a side the smallest exact Mann-Whitney p is 2/70, and
	 * with 3 it is 0.1: nothing could ever be significant */
	[ST_OPT_TRIALS] = { "trials", 0, OT_COUNT, F(trials), "5", 5, 100,
		"5 to 100 (fewer cannot reach p < 0.05 reliably)", .cmds = CMD(BENCH) | CMD(APPLY),
		.arg = "N", .help = "measured trials of each of A and B (default 5, at least 5)" },
	[ST_OPT_DETECT] = { "detect", 0, OT_PERCENT, F(detect), NULL, 0.5, 100, "0.5% to 100%",
		.cmds = CMD(BENCH) | CMD(APPLY), .arg = "P%",
		.help = "add trial blocks until an effect of P% is detectable (default 10% with --budget)" },
	[ST_OPT_BUDGET] = { "budget", 0, OT_DURATION, F(budget), NULL, 1, 0, "at least 1 second",
		.cmds = CMD(BENCH) | CMD(APPLY), .arg = "TIME",
		.help = "add trial blocks for at most TIME per group, e.g. 120s, 2m (with --detect: until either)" },
	[ST_OPT_INTERVAL] = { "interval", 0, OT_SECONDS, F(interval), "1", 0.1, 0,
		"at least 0.1 s (the kernel counts busy time in ms)", .cmds = CMD(OBSERVE), .arg = "SEC",
		.help = "seconds between samples (default 1)" },
	[ST_OPT_COUNT] = { "count", 0, OT_COUNT, F(count), .cmds = CMD(OBSERVE), .arg = "N",
		.help = "stop after N intervals (default: at Ctrl-C)" },
	[ST_OPT_RECORD] = { "record", 0, OT_STRING, F(record), .cmds = CMD(OBSERVE), .arg = "FILE",
		.help = "also write the samples to FILE, for --replay" },
	[ST_OPT_REPLAY] = { "replay", 0, OT_STRING, F(replay), .cmds = CMD(OBSERVE), .arg = "FILE",
		.help = "read the samples from a recording instead of the live system" },
	[ST_OPT_OBSERVE] = { "observe", 0, OT_SECONDS, F(observe), NULL, 1, 0, "at least 1 second",
		.cmds = CMD(ADVISE), .arg = "SEC",
		.help = "first observe the I/O for SEC seconds; advise for what was seen" },
	[ST_OPT_REPORT] = { "report", 0, OT_STRING, F(report),
		.cmds = CMD(BENCH) | CMD(APPLY) | CMD(OBSERVE) | CMD(ADVISE), .arg = "FILE.html",
		.help = "also write the results as a self-contained HTML page (charts, no script)" },
	[ST_OPT_CONFIG] = { "config", 0, OT_STRING, F(config_file), .cmds = CMD_ALL, .arg = "FILE",
		.help = "read FILE instead of stortune.conf, and rules.d/, profiles.d/ next to it" },
	[ST_OPT_RULES] = { "rules", 0, OT_STRING, F(rules_dir), .cmds = CMD_ALL, .arg = "DIR",
		.help = "read rules from DIR/*.ini only (no drop-ins)" },
	[ST_OPT_PROFILES] = { "profiles", 0, OT_STRING, F(profiles_dir), .cmds = CMD_ALL, .arg = "DIR",
		.help = "read profiles from DIR/*.ini only (no drop-ins)" },
	[ST_OPT_OUTPUT] = { "output", 'o', OT_STRING, F(output),
		.cmds = CMD(CAPTURE) | CMD(PROBE) | CMD(REPORT),
		.arg = "FILE", .help = "write the capture to FILE (.tar, .tar.gz, .tgz, .tar.xz)" },
	[ST_OPT_RAW] = { "raw", 'r', OT_FLAG, F(raw), .cmds = CMD(PROBE),
		.help = "the table unaligned, one space between columns, no tree" },
	[ST_OPT_PAIRS] = { "pairs", 'P', OT_FLAG, F(pairs), .cmds = CMD(PROBE),
		.help = "the table as KEY=\"value\" pairs, one device per line" },
	[ST_OPT_COLOR] = { "color", 0, OT_CHOICE, F(color), "auto", .choices = color_choices,
		.cmds = CMD_ALL, .arg = "WHEN", .help = "auto, always or never" },
	[ST_OPT_VERBOSE] = { "verbose", 'v', OT_FLAG, F(verbose), .cmds = CMD_ALL,
		.help = "more detail" },
	[ST_OPT_QUIET] = { "quiet", 'q', OT_FLAG, F(quiet), .cmds = CMD_ALL, .help = "no warnings" },
	[ST_OPT_HELP] = { "help", 'h', OT_FLAG, F(help), .cmds = CMD_ANY,
		.help = "show this help" },
	[ST_OPT_VERSION] = { "version", 'V', OT_FLAG, F(version), .cmds = CMD_ANY,
		.help = "show the version" },
};

/* Where an option means something particular to a command, what its help
 * there says instead. */
struct cli_opt_for {
	enum st_opt opt;
	unsigned cmds;
	const char *arg, *help;
};

static const struct cli_opt_for opts_for[] = {
	{ ST_OPT_OUTPUT, CMD(PROBE), "LIST",
	  "the table's columns, comma-separated; +LIST adds to the default ones (below); not --json" },
	{ ST_OPT_OUTPUT, CMD(REPORT), "FILE.html", "the page to write (atomically: a new file, then rename)" },
	{ ST_OPT_JSON, CMD(OBSERVE), NULL, "print JSON: one object per interval (JSON Lines)" },
	{ ST_OPT_REPORT, CMD(APPLY), NULL, "with --validate: also write the A/B trials as an HTML page" },
	{ ST_OPT_PROFILE, CMD(ADVISE), NULL, "the workload profile (default: general)" },
	{ ST_OPT_PROFILE, CMD(APPLY) | CMD(VERIFY), NULL, "the workload profile" },
	{ ST_OPT_PROFILE, CMD(BENCH), NULL,
	  "with --ab: measure each change this profile would make, A/B (none is kept)" },
	{ ST_OPT_TARGET, CMD(BENCH), NULL, "directory for the scratch file (default .)" },
	{ ST_OPT_TARGET, CMD(APPLY), NULL,
	  "directory for the scratch file that measures system-wide changes" },
	{ ST_OPT_RUNTIME, CMD(APPLY), NULL, "measured seconds per trial (default 5)" },
	{ ST_OPT_RAMP, CMD(APPLY), NULL, "seconds run before measuring, per trial (default 1)" },
	{ ST_OPT_VERBOSE, CMD(PROBE), NULL, "the details of each device under the table" },
};

/*
 * What goes with what, checked in this order after the command is known.
 * NEEDS: a needs b.  EXCLUDES: a and b exclude each other; b = NONE, the
 * command itself does not work with a.  REQUIRED: a must be given.  A rule
 * with an `unless` option does not apply when that option is given.
 */
enum rule_kind { NEEDS, EXCLUDES, REQUIRED };
#define NONE (-1)

struct cli_rule {
	unsigned cmds;
	enum rule_kind kind;
	int a, b, unless;
	const char *why;
};

static const struct cli_rule rules[] = {
	{ CMD(CAPTURE), REQUIRED, ST_OPT_OUTPUT, NONE, NONE, NULL },
	{ CMD(REPORT), REQUIRED, ST_OPT_OUTPUT, NONE, NONE, NULL },
	{ CMD(REPORT), EXCLUDES, ST_OPT_JSON, NONE, NONE, "it writes HTML" },
	{ CMD(REPORT), EXCLUDES, ST_OPT_SYSROOT, NONE, NONE, "it reads only the files given" },
	{ CMD(APPLY), NEEDS, ST_OPT_REPORT, ST_OPT_VALIDATE, NONE,
	  "the page shows the A/B trials; 'advise --report' shows the advice" },
	{ CMD(PROBE), EXCLUDES, ST_OPT_RAW, ST_OPT_PAIRS, NONE, NULL },
	{ CMD(APPLY), NEEDS, ST_OPT_SCRIPT, ST_OPT_DRY_RUN, NONE,
	  "it prints what --dry-run would change" },
	{ CMD(APPLY), EXCLUDES, ST_OPT_SCRIPT, ST_OPT_JSON, NONE, NULL },
	{ CMD(APPLY), EXCLUDES, ST_OPT_REMOUNT, ST_OPT_SYSROOT, ST_OPT_DRY_RUN,
	  "--remount changes live mounts, not a --sysroot tree" },
	{ CMD(APPLY), EXCLUDES, ST_OPT_VALIDATE, ST_OPT_DRY_RUN, NONE,
	  "--validate measures real changes on the live machine" },
	{ CMD(APPLY), EXCLUDES, ST_OPT_VALIDATE, ST_OPT_SYSROOT, NONE,
	  "--validate measures real changes on the live machine" },
	{ CMD(APPLY), NEEDS, ST_OPT_TARGET, ST_OPT_VALIDATE, NONE, NULL },
	{ CMD(APPLY), NEEDS, ST_OPT_RUNTIME, ST_OPT_VALIDATE, NONE, NULL },
	{ CMD(APPLY), NEEDS, ST_OPT_RAMP, ST_OPT_VALIDATE, NONE, NULL },
	{ CMD(APPLY), NEEDS, ST_OPT_SIZE, ST_OPT_VALIDATE, NONE, NULL },
	{ CMD(APPLY), NEEDS, ST_OPT_TRIALS, ST_OPT_VALIDATE, NONE, NULL },
	{ CMD(APPLY), NEEDS, ST_OPT_DETECT, ST_OPT_VALIDATE, NONE, NULL },
	{ CMD(APPLY), NEEDS, ST_OPT_BUDGET, ST_OPT_VALIDATE, NONE, NULL },
	{ CMD(BENCH), EXCLUDES, ST_OPT_SYSROOT, NONE, NONE, "it measures the live machine" },
	{ CMD(BENCH), NEEDS, ST_OPT_PROFILE, ST_OPT_AB, NONE, NULL },
	{ CMD(BENCH), NEEDS, ST_OPT_STATE_DIR, ST_OPT_AB, NONE, NULL },
	{ CMD(BENCH), NEEDS, ST_OPT_TRIALS, ST_OPT_AB, NONE, NULL },
	{ CMD(BENCH), NEEDS, ST_OPT_DETECT, ST_OPT_AB, NONE, NULL },
	{ CMD(BENCH), NEEDS, ST_OPT_BUDGET, ST_OPT_AB, NONE, NULL },
#define RULE_WORKLOAD "each change is measured with its rule's workload"
	{ CMD(BENCH), EXCLUDES, ST_OPT_WORKLOAD, ST_OPT_PROFILE, NONE, RULE_WORKLOAD },
	{ CMD(BENCH), EXCLUDES, ST_OPT_BS, ST_OPT_PROFILE, NONE, RULE_WORKLOAD },
	{ CMD(BENCH), EXCLUDES, ST_OPT_QD, ST_OPT_PROFILE, NONE, RULE_WORKLOAD },
	{ CMD(BENCH), EXCLUDES, ST_OPT_RW, ST_OPT_PROFILE, NONE, RULE_WORKLOAD },
	{ CMD(BENCH), EXCLUDES, ST_OPT_DIRECT, ST_OPT_PROFILE, NONE, RULE_WORKLOAD },
	{ CMD(BENCH), EXCLUDES, ST_OPT_FSYNC, ST_OPT_PROFILE, NONE, RULE_WORKLOAD },
	{ CMD(BENCH), EXCLUDES, ST_OPT_JOBS, ST_OPT_PROFILE, NONE, RULE_WORKLOAD },
	{ CMD(OBSERVE), EXCLUDES, ST_OPT_SYSROOT, NONE, NONE,
	  "it samples the live machine (--replay FILE reads a recording)" },
	{ CMD(OBSERVE), EXCLUDES, ST_OPT_REPLAY, ST_OPT_RECORD, NONE, "the recording has its own times" },
	{ CMD(OBSERVE), EXCLUDES, ST_OPT_REPLAY, ST_OPT_INTERVAL, NONE, "the recording has its own times" },
	{ CMD(ADVISE), EXCLUDES, ST_OPT_OBSERVE, ST_OPT_SYSROOT, NONE,
	  "observing samples the live machine" },
};

const char *st_cli_cmd_name(enum st_cmd cmd)
{
	return cmd < ST_CMD_NR ? cmds[cmd].name : "stortune";
}

const char *st_cli_opt_name(enum st_opt opt)
{
	return opt < ST_OPT_NR ? opts[opt].name : "?";
}

bool st_cli_accepts(enum st_cmd cmd, enum st_opt opt)
{
	return cmd < ST_CMD_NR && opt < ST_OPT_NR && opts[opt].cmds & (1u << cmd);
}

/* Conversion ------------------------------------------------------------- */

static void *field(struct st_cli *c, const struct cli_opt *d)
{
	return (char *)c + d->off;
}

/* "a, b or c" */
static char *choice_list(const char *const *v)
{
	struct st_buf b = { 0 };
	size_t n = 0;

	while (v[n])
		n++;
	for (size_t i = 0; i < n; i++)
		st_buf_addf(&b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", v[i]);
	return st_buf_steal(&b);
}

static int convert_number(struct st_cli *c, const struct cli_opt *d, const char *s)
{
	double max = d->max ? d->max : 1000000;
	char *end;
	double x;

	errno = 0;
	x = strtod(s, &end);
	if (d->type == OT_COUNT) {
		uint64_t u;

		if (st_parse_u64(s, &u) < 0 || u > 1000000) {
			st_err("--%s '%s': not a count", d->name, s);
			return -EINVAL;
		}
		x = (double)u;
	} else if (errno || end == s || *end || !(x >= 0) || isinf(x)) {
		st_err("--%s '%s': not a number of seconds", d->name, s);
		return -EINVAL;
	}
	if (x < d->min || (d->type == OT_COUNT && x > max)) {
		st_err("--%s %s: %s", d->name, s, d->range ? d->range : "out of range");
		return -EINVAL;
	}
	if (d->type == OT_COUNT)
		*(unsigned *)field(c, d) = (unsigned)x;
	else
		*(double *)field(c, d) = x;
	return 0;
}

/* A number with a unit: "10%" (OT_PERCENT, stored as 0.10), "2m" (OT_DURATION,
 * stored as 120 seconds). */
static int convert_scaled(struct st_cli *c, const struct cli_opt *d, const char *s)
{
	static const struct {
		const char *unit;
		double scale;
	} durations[] = { { "", 1 }, { "s", 1 }, { "m", 60 }, { "min", 60 }, { "h", 3600 } };
	double x, scale = -1;
	char *end;

	errno = 0;
	x = strtod(s, &end);
	if (!errno && end != s && x >= 0 && !isinf(x)) {
		if (d->type == OT_PERCENT && (!*end || strcmp(end, "%") == 0))
			scale = 1;
		for (size_t i = 0; d->type == OT_DURATION && i < ST_ARRAY_SIZE(durations); i++)
			if (strcmp(end, durations[i].unit) == 0)
				scale = durations[i].scale;
	}
	if (scale < 0) {
		st_err("--%s '%s': not a %s", d->name, s,
		       d->type == OT_PERCENT ? "percentage (e.g. 10%)" : "duration (e.g. 120s, 2m)");
		return -EINVAL;
	}
	x *= scale;
	if (x < d->min || (d->max && x > d->max)) {
		st_err("--%s %s: %s", d->name, s, d->range ? d->range : "out of range");
		return -EINVAL;
	}
	*(double *)field(c, d) = d->type == OT_PERCENT ? x / 100 : x;
	return 0;
}

/* One option's text into its field. */
static int convert(struct st_cli *c, const struct cli_opt *d, const char *s)
{
	int64_t bytes;
	char *list;

	switch (d->type) {
	case OT_FLAG:
		*(bool *)field(c, d) = true;
		return 0;
	case OT_STRING:
		*(const char **)field(c, d) = s;
		return 0;
	case OT_SECONDS:
	case OT_COUNT:
		return convert_number(c, d, s);
	case OT_PERCENT:
	case OT_DURATION:
		return convert_scaled(c, d, s);
	case OT_SIZE:
		if (st_parse_size(s, &bytes, NULL) < 0 || bytes <= 0) {
			st_err("--%s '%s': not a size (e.g. %s)", d->name, s, d->example);
			return -EINVAL;
		}
		*(uint64_t *)field(c, d) = (uint64_t)bytes;
		return 0;
	case OT_CHOICE:
		for (int i = 0; d->choices[i]; i++) {
			if (strcmp(s, d->choices[i]) == 0) {
				*(int *)field(c, d) = i;
				return 0;
			}
		}
		list = choice_list(d->choices);
		st_err("--%s: '%s' is not %s", d->name, s, list);
		free(list);
		return -EINVAL;
	}
	return -EINVAL;
}

static void set_defaults(struct st_cli *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < ST_OPT_NR; i++)
		if (opts[i].def && convert(c, &opts[i], opts[i].def) < 0)
			abort(); /* a table default that does not convert (test_cli checks) */
}

/* Parsing ---------------------------------------------------------------- */

static int opt_by_letter(int letter)
{
	for (int i = 0; i < ST_OPT_NR; i++)
		if (opts[i].letter && opts[i].letter == letter)
			return i;
	return NONE;
}

static void unknown_option(const char *arg)
{
	const char *names[ST_OPT_NR];
	const char *word = arg, *best;
	char *bare;

	while (*word == '-')
		word++;
	bare = st_xstrndup(word, strcspn(word, "="));
	for (size_t i = 0; i < ST_OPT_NR; i++)
		names[i] = opts[i].name;
	best = *bare ? st_closest(bare, names, ST_OPT_NR) : NULL;
	if (best)
		st_err("unknown option '%s' (did you mean '--%s'?)", arg, best);
	else
		st_err("unknown option '%s'", arg);
	free(bare);
}

static int find_command(const char *name, enum st_cmd *id)
{
	const char *names[ST_CMD_NR];
	const char *best;

	for (size_t i = 0; i < ST_CMD_NR; i++) {
		names[i] = cmds[i].name;
		if (strcmp(name, cmds[i].name) == 0) {
			*id = (enum st_cmd)i;
			return 0;
		}
	}
	best = st_closest(name, names, ST_CMD_NR);
	if (best)
		st_err("unknown command '%s' (did you mean '%s'?)", name, best);
	else
		st_err("unknown command '%s'; see 'stortune --help'", name);
	return -EINVAL;
}

/* getopt_long's tables from opts[]: the long option's val is its index. */
static void getopt_tables(struct option *longopts, char *shortopts)
{
	size_t sl = 0;

	shortopts[sl++] = ':'; /* a missing argument returns ':' */
	for (size_t i = 0; i < ST_OPT_NR; i++) {
		bool arg = opts[i].type != OT_FLAG;

		longopts[i] = (struct option){ opts[i].name, arg ? required_argument : no_argument, NULL,
					       (int)i };
		if (opts[i].letter) {
			shortopts[sl++] = opts[i].letter;
			if (arg)
				shortopts[sl++] = ':';
		}
	}
	longopts[ST_OPT_NR] = (struct option){ 0 };
	shortopts[sl] = '\0';
}

static int read_options(int argc, char **argv, struct st_cli *c)
{
	struct option longopts[ST_OPT_NR + 1];
	char shortopts[2 * ST_OPT_NR + 3];
	int v;

	getopt_tables(longopts, shortopts);
	opterr = 0;
	optind = 0; /* glibc: start over, also for a second parse (tests) */
	while ((v = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		int i = v >= 0 && v < ST_OPT_NR ? v : opt_by_letter(v);

		if (v == '?' || v == ':' || i == NONE) {
			if (v == ':')
				st_err("option '%s' needs an argument", argv[optind - 1]);
			else
				unknown_option(argv[optind - 1]);
			return -1;
		}
		if (convert(c, &opts[i], optarg) < 0)
			return -1;
		c->given |= UINT64_C(1) << i;
	}
	return 0;
}

/* "probe, advise or apply" */
static char *cmd_list(unsigned mask)
{
	const char *names[ST_CMD_NR + 1];
	size_t n = 0;

	for (size_t i = 0; i < ST_CMD_NR; i++)
		if (mask & (1u << i))
			names[n++] = cmds[i].name;
	names[n] = NULL;
	return choice_list(names);
}

static int check_commands(const struct st_cli *c)
{
	for (size_t i = 0; i < ST_OPT_NR; i++) {
		char *list;

		if (!st_cli_given(c, (enum st_opt)i) || opts[i].cmds & (1u << c->cmd))
			continue;
		list = cmd_list(opts[i].cmds);
		st_err("%s: --%s is not an option of %s; it goes with %s", cmds[c->cmd].name,
		       opts[i].name, cmds[c->cmd].name, list);
		free(list);
		return -1;
	}
	return 0;
}

/* "--profile NAME", "-o FILE" */
static char *opt_usage(const struct cli_opt *d)
{
	if (d->letter)
		return st_xasprintf("-%c %s", d->letter, d->arg);
	return st_xasprintf("--%s%s%s", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
}

static int rule_fails(const struct st_cli *c, const struct cli_rule *r)
{
	const char *cmd = cmds[c->cmd].name;
	bool a = st_cli_given(c, r->a), b = r->b != NONE && st_cli_given(c, r->b);
	char *what;

	if (!(r->cmds & (1u << c->cmd)) || (r->unless != NONE && st_cli_given(c, r->unless)))
		return 0;
	if (r->kind == REQUIRED && !a) {
		what = opt_usage(&opts[r->a]);
		st_err("%s: %s is required%s%s%s", cmd, what, r->why ? " (" : "", r->why ? r->why : "",
		       r->why ? ")" : "");
		free(what);
		return -1;
	}
	if (r->kind == NEEDS && a && !st_cli_given(c, r->b))
		st_err("%s: --%s goes with --%s%s%s", cmd, opts[r->a].name, opts[r->b].name,
		       r->why ? ": " : "", r->why ? r->why : "");
	else if (r->kind == EXCLUDES && a && r->b == NONE)
		st_err("%s: --%s does not apply: %s", cmd, opts[r->a].name, r->why);
	else if (r->kind == EXCLUDES && a && b)
		st_err("%s: --%s and --%s exclude each other%s%s", cmd, opts[r->a].name,
		       opts[r->b].name, r->why ? ": " : "", r->why ? r->why : "");
	else
		return 0;
	return -1;
}

static bool has_subs(enum st_cmd cmd)
{
	for (size_t i = 0; i < ST_ARRAY_SIZE(subs); i++)
		if (subs[i].cmd == cmd)
			return true;
	return false;
}

/* The subcommand in args[0] (or the default), and its argument count. */
static int find_sub(struct st_cli *c)
{
	const char *names[ST_ARRAY_SIZE(subs)], *want = c->nargs ? c->args[0] : NULL, *best;
	const struct cli_sub *found = NULL;
	size_t n = 0;

	for (size_t i = 0; i < ST_ARRAY_SIZE(subs); i++) {
		if (subs[i].cmd != c->cmd)
			continue;
		names[n++] = subs[i].name;
		if (want ? strcmp(want, subs[i].name) == 0 : subs[i].dflt)
			found = &subs[i];
	}
	if (!n || (!found && !want))
		return 0; /* bench: no subcommand is a run */
	if (!found && c->cmd == ST_CMD_BENCH)
		return 0; /* its arguments are checked by the command */
	if (!found) {
		best = st_closest(want, names, n);
		st_err("%s: unknown subcommand '%s'%s%s%s; usage: stortune %s %s", cmds[c->cmd].name, want,
		       best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "",
		       cmds[c->cmd].name, cmds[c->cmd].synopsis);
		return -1;
	}
	if (want) {
		c->args++;
		c->nargs--;
	}
	if (c->nargs < found->min || c->nargs > found->max) {
		st_err("%s %s: usage: stortune %s %s", cmds[c->cmd].name, found->name, cmds[c->cmd].name,
		       cmds[c->cmd].synopsis);
		return -1;
	}
	c->sub = found->name;
	return 0;
}

/* The version and the directories this binary uses. */
static void print_version(void)
{
	static const char *const what[] = { "rules", "profiles" };
	char *conf = st_confdir(NULL);

	printf("stortune %s\n", STORTUNE_VERSION);
	for (size_t i = 0; i < ST_ARRAY_SIZE(what); i++) {
		char *dir = st_datadir(NULL, what[i]);

		printf("%-9s %s%s\n", what[i], dir, access(dir, R_OK | X_OK) == 0 ? "" : " (missing)");
		free(dir);
	}
	printf("%-9s %s/stortune.conf\n", "config", conf);
	free(conf);
}

int st_cli_parse(int argc, char **argv, struct st_cli *c)
{
	set_defaults(c);
	if (read_options(argc, argv, c) < 0)
		return -1;
	if (c->version) {
		print_version();
		return 1;
	}
	if (optind >= argc) {
		st_cli_help(c->help ? stdout : stderr, ST_CMD_NR);
		return c->help ? 1 : -1;
	}
	if (find_command(argv[optind], &c->cmd) < 0)
		return -1;
	c->args = argv + optind + 1;
	c->nargs = argc - optind - 1;
	if (c->help) {
		st_cli_help(stdout, c->cmd);
		return 1;
	}
	if (check_commands(c) < 0 || (has_subs(c->cmd) && find_sub(c) < 0))
		return -1;
	for (size_t i = 0; i < ST_ARRAY_SIZE(rules); i++)
		if (rule_fails(c, &rules[i]) < 0)
			return -1;
	return 0;
}

/* Help ------------------------------------------------------------------- */

/* One option line of want's help (want: one CMD() bit, or CMD_ALL). */
static void help_option(FILE *out, size_t i, unsigned want)
{
	const char *arg = opts[i].arg, *help = opts[i].help;
	char lhs[48];

	for (size_t k = 0; k < ST_ARRAY_SIZE(opts_for); k++) {
		if (opts_for[k].opt == i && (opts_for[k].cmds & want) == want) {
			arg = opts_for[k].arg ? opts_for[k].arg : arg;
			help = opts_for[k].help;
		}
	}
	if (opts[i].letter)
		snprintf(lhs, sizeof(lhs), "-%c, --%s%s%s", opts[i].letter, opts[i].name, arg ? " " : "",
			 arg ? arg : "");
	else
		snprintf(lhs, sizeof(lhs), "    --%s%s%s", opts[i].name, arg ? " " : "", arg ? arg : "");
	fprintf(out, "  %-28s %s\n", lhs, help);
}

/* The options of want that are (common) or are not common to all commands,
 * as command ctx's help (ctx: one CMD() bit, or CMD_ALL) shows them. */
static void help_options(FILE *out, const char *title, unsigned want, bool common, unsigned ctx)
{
	fprintf(out, "\n%s:\n", title);
	for (size_t i = 0; i < ST_OPT_NR; i++) {
		bool is_common = (opts[i].cmds & CMD_ALL) == CMD_ALL;

		if (opts[i].cmds & want && is_common == common)
			help_option(out, i, ctx);
	}
}

static void help_exit_status(FILE *out)
{
	fputs("\nExit status: 0 success or nothing to change, 1 error, 2 changes pending "
	      "(apply --dry-run) or drift (verify, status),\n"
	      "3 apply --validate rolled back a change that made its workload slower.\n"
	      "Set STORTUNE_DEBUG=1 for debug tracing.\n",
	      out);
}

void st_cli_help(FILE *out, enum st_cmd cmd)
{
	if (cmd >= ST_CMD_NR) {
		fputs("Usage: stortune COMMAND [OPTIONS] [ARGS]\n\nCommands:\n", out);
		for (size_t i = 0; i < ST_CMD_NR; i++)
			fprintf(out, "  %-9s %-40s %s\n", cmds[i].name, cmds[i].synopsis, cmds[i].help);
		help_options(out, "Options of every command", CMD_ALL, true, CMD_ALL);
		fputs("\n'stortune help COMMAND' or 'stortune COMMAND --help' shows a command's own "
		      "options.\n",
		      out);
		help_exit_status(out);
		return;
	}
	fprintf(out, "Usage: stortune %s [OPTIONS] %s\n\n%s.\n", cmds[cmd].name, cmds[cmd].synopsis,
		cmds[cmd].help);
	if (cmd != ST_CMD_HELP && cmd != ST_CMD_COMPLETION) {
		bool own = false;

		for (size_t i = 0; i < ST_OPT_NR; i++)
			own |= opts[i].cmds & (1u << cmd) && (opts[i].cmds & CMD_ALL) != CMD_ALL;
		if (own)
			help_options(out, "Options", 1u << cmd, false, 1u << cmd);
		if (cmd == ST_CMD_PROBE)
			st_report_probe_columns_help(out);
		help_options(out, "Options of every command", CMD_ALL, true, 1u << cmd);
		help_exit_status(out);
	}
}

int st_cli_help_cmd(const struct st_cli *c)
{
	enum st_cmd cmd = ST_CMD_NR;

	if (c->nargs > 1) {
		st_err("help: one command at most");
		return -1;
	}
	if (c->nargs == 1 && find_command(c->args[0], &cmd) < 0)
		return -1;
	st_cli_help(stdout, cmd);
	return 0;
}

/* Bash completion ------------------------------------------------------------ */

/* What completes the argument of option i: a bash command. */
static const char *value_completion(int i, char *buf, size_t len)
{
	const struct cli_opt *d = &opts[i];

	if (d->type == OT_CHOICE) {
		char *w = st_strv_join((char *const *)d->choices, " ");

		snprintf(buf, len, "COMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))", w);
		free(w);
		return buf;
	}
	if (i == ST_OPT_PROFILE)
		return "COMPREPLY=($(compgen -W \"$(_stortune_words profiles list)\" -- \"$cur\"))";
	if (i == ST_OPT_WORKLOAD)
		return "COMPREPLY=($(compgen -W \"$(_stortune_words bench list)\" -- \"$cur\"))";
	if (d->arg && strcmp(d->arg, "DIR") == 0)
		return "COMPREPLY=($(compgen -d -- \"$cur\"))";
	if (d->arg && strcmp(d->arg, "FILE") == 0)
		return "COMPREPLY=($(compgen -f -- \"$cur\"))";
	return "COMPREPLY=()";
}

static void completion_values(FILE *out)
{
	char buf[256];

	fputs("\tcase $prev in\n", out);
	for (int i = 0; i < ST_OPT_NR; i++) {
		if (opts[i].type == OT_FLAG)
			continue;
		fprintf(out, "\t--%s", opts[i].name);
		if (opts[i].letter)
			fprintf(out, "|-%c", opts[i].letter);
		fprintf(out, ")\n\t\t%s\n\t\treturn ;;\n", value_completion(i, buf, sizeof(buf)));
	}
	fputs("\tesac\n", out);
}

/* Per command: its options, and the words its arguments may be. */
static void completion_commands(FILE *out)
{
	fputs("\tcase $cmd in\n\t'')\n\t\twords=\"", out);
	for (size_t c = 0; c < ST_CMD_NR; c++)
		fprintf(out, "%s ", cmds[c].name);
	fputs("--help --version\" ;;\n", out);
	for (size_t c = 0; c < ST_CMD_NR; c++) {
		fprintf(out, "\t%s)\n\t\topts=\"", cmds[c].name);
		for (size_t i = 0, n = 0; i < ST_OPT_NR; i++)
			if (opts[i].cmds & (1u << c))
				fprintf(out, "%s--%s", n++ ? " " : "", opts[i].name);
		fputs("\"\n", out);
		if (c == ST_CMD_HELP) {
			fputs("\t\twords=\"", out);
			for (size_t k = 0; k < ST_CMD_NR; k++)
				fprintf(out, "%s%s", k ? " " : "", cmds[k].name);
			fputs("\"", out);
		} else if (has_subs((enum st_cmd)c)) {
			fputs("\t\twords=\"", out);
			for (size_t k = 0, n = 0; k < ST_ARRAY_SIZE(subs); k++)
				if (subs[k].cmd == c)
					fprintf(out, "%s%s", n++ ? " " : "", subs[k].name);
			fputs("\"", out);
		} else if (cmds[c].devices) {
			fputs("\t\twords=\"$(_stortune_devices)\"", out);
		}
		fputs(" ;;\n", out);
	}
	fputs("\tesac\n", out);
}

static const char completion_head[] =
	"# bash completion for stortune(8), made by 'stortune completion bash' from its\n"
	"# option table: regenerate it, do not edit it.\n\n"
	"_stortune_words()\n{\n"
	"\t\"${COMP_WORDS[0]}\" \"$@\" 2>/dev/null | awk '$1 != \"WORKLOAD\" { print $1 }'\n"
	"}\n\n"
	"_stortune_devices()\n{\n"
	"\tlocal d\n"
	"\tfor d in /sys/class/block/*; do [ -e \"$d\" ] && echo \"${d##*/}\"; done\n"
	"}\n\n"
	"_stortune()\n{\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	"\tlocal cmd= opts= words= i\n";

/* the command is the first word that is neither an option nor its value */
static const char completion_find[] =
	"\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	"\t\tcase ${COMP_WORDS[i]} in\n"
	"\t\t-*) ;;\n"
	"\t\t*) case ${COMP_WORDS[i-1]} in\n"
	"\t\t    @VALUED@) ;;\n"
	"\t\t    *) cmd=${COMP_WORDS[i]}; break ;;\n"
	"\t\t    esac ;;\n"
	"\t\tesac\n"
	"\tdone\n";

static const char completion_tail[] =
	"\tif [[ $cur == -* ]]; then\n"
	"\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	"\telif [[ $cmd == profiles && $prev == show ]]; then\n"
	"\t\tCOMPREPLY=($(compgen -W \"$(_stortune_words profiles list)\" -- \"$cur\"))\n"
	"\telse\n"
	"\t\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
	"\tfi\n"
	"}\n\n"
	"complete -F _stortune stortune\n";

/* "--sysroot|--rules|-o|..." : the options that take a value */
static char *valued_options(void)
{
	struct st_buf b = { 0 };

	for (int i = 0, n = 0; i < ST_OPT_NR; i++) {
		if (opts[i].type == OT_FLAG)
			continue;
		st_buf_addf(&b, "%s--%s", n++ ? "|" : "", opts[i].name);
		if (opts[i].letter)
			st_buf_addf(&b, "|-%c", opts[i].letter);
	}
	return st_buf_steal(&b);
}

int st_cli_completion(FILE *out)
{
	const char *at = strstr(completion_find, "@VALUED@");
	char *valued;

	fputs(completion_head, out);
	completion_values(out);
	valued = valued_options();
	fprintf(out, "%.*s%s%s", (int)(at - completion_find), completion_find, valued,
		at + strlen("@VALUED@"));
	free(valued);
	completion_commands(out);
	fputs(completion_tail, out);
	return ferror(out) ? -EIO : 0;
}

bool st_cli_color(const struct st_cli *c)
{
	const char *term = getenv("TERM");

	int color = c->color;

	if (!st_cli_given(c, ST_OPT_COLOR) && c->config)
		color = (int)c->config->color;
	if (color != ST_COLOR_AUTO)
		return color == ST_COLOR_ALWAYS;
	return isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && term && strcmp(term, "dumb") != 0;
}

/* The configuration ---------------------------------------------------------- */

bool st_cli_acts(const struct st_cli *c)
{
	return (CMD_ALL & (1u << c->cmd)) != 0;
}

int st_cli_config(struct st_cli *c, struct st_config *cfg, char **conf_dir)
{
	struct st_diag diag = { 0 };
	char *file;
	int rc;

	if (c->config_file) {
		const char *slash = strrchr(c->config_file, '/');

		*conf_dir = slash ? st_xstrndup(c->config_file, (size_t)(slash - c->config_file))
				  : st_xstrdup(".");
		if (!**conf_dir) {
			free(*conf_dir);
			*conf_dir = st_xstrdup("/");
		}
		file = st_xstrdup(c->config_file);
	} else {
		*conf_dir = st_confdir(NULL);
		file = st_xasprintf("%s/stortune.conf", *conf_dir);
	}
	if (c->sysroot && !c->config_file) {
		/* this machine's settings (its exclusions, state directory,
		 * profile) are not the tree's: the defaults, unless --config */
		st_debug("%s: not read under --sysroot (give --config FILE to read it)", file);
		free(file);
		file = NULL;
	}
	rc = st_config_load(cfg, file, c->config_file != NULL, &diag);
	st_diag_print(&diag);
	if (rc == -EINVAL)
		st_err("%s: the configuration has errors; nothing was done", file);
	st_diag_free(&diag);
	free(file);
	c->config = cfg;
	c->conf_dir = *conf_dir;
	return rc;
}

/* Into the stages' parameters ---------------------------------------------- */

struct st_where st_cli_where(const struct st_cli *c)
{
	struct st_where w = { .sysroot = c->sysroot, .rules_dir = c->rules_dir,
			      .profiles_dir = c->profiles_dir, .state_dir = c->state_dir,
			      .config = c->config, .conf_dir = c->conf_dir };

	/* the command line wins over stortune.conf, which wins over the default */
	if (!w.state_dir && c->config && c->config->line[ST_CONF_STATE_DIR])
		w.state_dir = c->config->state_dir;
	return w;
}

const char *st_cli_profile(const struct st_cli *c)
{
	if (c->profile)
		return c->profile;
	if (c->config && c->config->line[ST_CONF_PROFILE])
		return c->config->profile;
	return NULL;
}

/* A/B trials: 5 s runs after 1 s of ramp unless given */
void st_cli_ab_params(const struct st_cli *c, struct st_ab_params *p)
{
	memset(p, 0, sizeof(*p));
	p->trials = c->trials;
	p->runtime_s = st_cli_given(c, ST_OPT_RUNTIME) ? c->runtime : 5;
	p->ramp_s = st_cli_given(c, ST_OPT_RAMP) ? c->ramp : 1;
	p->size = c->size;
	p->target = c->target;
	p->seed = st_now_ns();
	p->budget_s = st_cli_given(c, ST_OPT_BUDGET) ? c->budget : 0;
	if (st_cli_given(c, ST_OPT_DETECT))
		p->detect = c->detect;
	else if (p->budget_s > 0)
		p->detect = ST_AB_DETECT_DEFAULT;
}

void st_cli_job_params(const struct st_cli *c, double def_runtime, double def_ramp,
		       struct st_job_params *p)
{
	static const enum st_opt custom[] = { ST_OPT_BS, ST_OPT_QD, ST_OPT_RW, ST_OPT_DIRECT,
					      ST_OPT_FSYNC };

	*p = (struct st_job_params){
		.workload = c->workload, .size = c->size, .jobs = c->jobs,
		.runtime_s = st_cli_given(c, ST_OPT_RUNTIME) ? c->runtime : def_runtime,
		.ramp_s = st_cli_given(c, ST_OPT_RAMP) ? c->ramp : def_ramp,
		.rw = (enum st_rw)c->rw, .bs = c->bs, .qd = c->qd, .sync = (enum st_sync)c->fsync,
		.direct = st_cli_given(c, ST_OPT_DIRECT) ? c->direct : -1,
	};
	for (size_t i = 0; i < ST_ARRAY_SIZE(custom) && !p->custom_given; i++)
		if (st_cli_given(c, custom[i]))
			p->custom_given = opts[custom[i]].name;
}
