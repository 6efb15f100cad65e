/*
 * st_cli.h - the command line: commands, options, and the rules between them.
 *
 * Every option is one entry of the table in cli.c: name, short letter, type,
 * offsetof into struct st_cli, default, range, the commands that take it and
 * its help.  Parsing converts each value once, with an error that names the
 * option; the "X goes with Y" checks are entries of a second table.  Help,
 * per-command help and the bash completion are printed from the same tables.
 */
#ifndef ST_CLI_H
#define ST_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "st_config.h"
#include "st_pipeline.h"

enum st_cmd {
	ST_CMD_PROBE,
	ST_CMD_ADVISE,
	ST_CMD_RECOMMEND,
	ST_CMD_APPLY,
	ST_CMD_VERIFY,
	ST_CMD_STATUS,
	ST_CMD_REVERT,
	ST_CMD_BENCH,
	ST_CMD_OBSERVE,
	ST_CMD_CAPTURE,
	ST_CMD_PROFILES,
	ST_CMD_RULES,
	ST_CMD_REPORT,
	ST_CMD_HELP,
	ST_CMD_COMPLETION,
	ST_CMD_NR
};

enum st_opt {
	ST_OPT_SYSROOT,
	ST_OPT_JSON,
	ST_OPT_PROFILE,
	ST_OPT_DRY_RUN,
	ST_OPT_SCRIPT,
	ST_OPT_PERSIST,
	ST_OPT_REMOUNT,
	ST_OPT_ALLOW_DURABILITY,
	ST_OPT_FORCE,
	ST_OPT_STRICT,
	ST_OPT_ALL,
	ST_OPT_STATE_DIR,
	ST_OPT_VALIDATE,
	ST_OPT_WORKLOAD,
	ST_OPT_TARGET,
	ST_OPT_RUNTIME,
	ST_OPT_RAMP,
	ST_OPT_SIZE,
	ST_OPT_BS,
	ST_OPT_QD,
	ST_OPT_RW,
	ST_OPT_DIRECT,
	ST_OPT_FSYNC,
	ST_OPT_JOBS,
	ST_OPT_AB,
	ST_OPT_TRIALS,
	ST_OPT_DETECT,
	ST_OPT_BUDGET,
	ST_OPT_INTERVAL,
	ST_OPT_COUNT,
	ST_OPT_RECORD,
	ST_OPT_REPLAY,
	ST_OPT_OBSERVE,
	ST_OPT_REPORT,
	ST_OPT_CONFIG,
	ST_OPT_RULES,
	ST_OPT_PROFILES,
	ST_OPT_OUTPUT,
	ST_OPT_RAW,
	ST_OPT_PAIRS,
	ST_OPT_COLOR,
	ST_OPT_VERBOSE,
	ST_OPT_QUIET,
	ST_OPT_HELP,
	ST_OPT_VERSION,
	ST_OPT_NR
};

/* --color takes enum st_color, as stortune.conf's color does (st_config.h) */

/* The parsed command line.  Each option's field holds its table default
 * until given; st_cli_given() tells which were. */
struct st_cli {
	enum st_cmd cmd;
	uint64_t given; /* bit (1 << enum st_opt) */
	const char *sysroot, *output, *profile, *rules_dir, *profiles_dir, *state_dir;
	const char *config_file;  /* --config FILE */
	const struct st_config *config; /* stortune.conf as read (main sets it); NULL: none */
	const char *conf_dir;     /* where stortune.conf and rules.d/, profiles.d/ are */
	const char *workload, *target, *record, *replay;
	const char *report;       /* --report FILE.html */
	bool json, dry_run, script, persist, remount, allow_durability, force, strict, all;
	bool ab, validate, verbose, quiet, help, version;
	bool raw, pairs;          /* tables: no alignment; KEY="value" pairs */
	double runtime, ramp;     /* seconds (defaults depend on the mode: bench, A/B) */
	double interval, observe; /* seconds */
	double detect, budget;    /* a fraction (--detect 10% is 0.10); seconds */
	uint64_t size, bs;        /* bytes */
	unsigned qd, jobs, trials, count;
	int rw, direct, fsync;    /* index into the option's choices (st_rw, 0/1, st_sync) */
	int color;                /* enum st_color */
	const char *sub; /* the subcommand (profiles show, rules lint, ...), or NULL */
	char **args;     /* the arguments after the command and subcommand */
	int nargs;
};

static inline bool st_cli_given(const struct st_cli *c, enum st_opt o)
{
	return c->given & (UINT64_C(1) << o);
}

/* Parses argv into *c.  Returns 0 to run c->cmd, 1 when help or the version
 * was printed, and -1 after printing an error. */
int st_cli_parse(int argc, char **argv, struct st_cli *c);

const char *st_cli_cmd_name(enum st_cmd cmd);
const char *st_cli_opt_name(enum st_opt opt);
/* Whether cmd takes opt. */
bool st_cli_accepts(enum st_cmd cmd, enum st_opt opt);

/* `stortune --help` (cmd ST_CMD_NR) or one command's synopsis and options. */
void st_cli_help(FILE *out, enum st_cmd cmd);

/* `stortune help [COMMAND]` */
int st_cli_help_cmd(const struct st_cli *c);

/* `stortune completion bash`: a bash completion script, from the tables. */
int st_cli_completion(FILE *out);

/* Whether to colour stdout: --color, else a terminal without NO_COLOR. */
bool st_cli_color(const struct st_cli *c);

/* Whether the command acts on a machine (not help, completion): it reads
 * the configuration. */
bool st_cli_acts(const struct st_cli *c);
/* Reads --config FILE (required) or the installed stortune.conf (if any)
 * into cfg and points c at it; *conf_dir (the caller frees it) is where the
 * drop-in directories are.  Errors are printed; -errno. */
int st_cli_config(struct st_cli *c, struct st_config *cfg, char **conf_dir);

/* The parsed values as the stages take them, the configuration filling in
 * what the command line left out. */
struct st_where st_cli_where(const struct st_cli *c);
/* --profile, else stortune.conf's profile when the file sets one, else NULL. */
const char *st_cli_profile(const struct st_cli *c);
struct st_ab_params;
void st_cli_ab_params(const struct st_cli *c, struct st_ab_params *p);
/* runtime and ramp default to def_runtime and def_ramp (bench, bench --ab) */
struct st_job_params;
void st_cli_job_params(const struct st_cli *c, double def_runtime, double def_ramp,
		       struct st_job_params *p);

#endif
