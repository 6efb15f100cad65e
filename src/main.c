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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st_capture.h"
#include "st_log.h"
#include "st_path.h"
#include "st_probe.h"
#include "st_report.h"
#include "st_util.h"

enum { EXIT_OK = 0, EXIT_ERROR = 1 };

enum cmd_id { CMD_PROBE, CMD_CAPTURE, CMD_NR };
#define CMD_BIT(c) (1u << (c))
#define CMD_ALL (~0u)

struct opts {
	enum cmd_id cmd;
	const char *sysroot;
	const char *output;
	bool json;
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
	{ "json", OPT_JSON, no_argument, CMD_BIT(CMD_PROBE), NULL, "print JSON" },
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
static int cmd_capture(struct opts *o);

static const struct cmddef cmds[CMD_NR] = {
	[CMD_PROBE] = { "probe", cmd_probe, "[DEVICE...]",
			"show the block devices, their queues, stacking, mounts and system facts" },
	[CMD_CAPTURE] = { "capture", cmd_capture, "-o FILE.tar[.gz]",
			  "archive what probing reads, for --sysroot on another machine" },
};

static void usage(FILE *out)
{
	fputs("Usage: stortune COMMAND [OPTIONS] [ARGS]\n\nCommands:\n", out);
	for (size_t i = 0; i < CMD_NR; i++)
		fprintf(out, "  %-8s %-18s %s\n", cmds[i].name, cmds[i].args, cmds[i].help);
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
	fputs("\nExit status: 0 success, 1 error.\n"
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
