/*
 * test_cli.c - the option table: defaults, conversion once at parse time,
 * which command takes what, the rules between options, and per-command help.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "st_bench.h"
#include "st_cli.h"
#include "st_test.h"
#include "st_util.h"
#include "st_validate.h"

#define MAXARGS 16

/* Parses "stortune" followed by the NULL-terminated words. */
static int parse(struct st_cli *c, ...)
{
	static char *argv[MAXARGS + 2];
	va_list ap;
	int argc = 0;

	argv[argc++] = "stortune";
	va_start(ap, c);
	for (char *w; (w = va_arg(ap, char *)) && argc < MAXARGS;)
		argv[argc++] = w;
	va_end(ap);
	argv[argc] = NULL;
	return st_cli_parse(argc, argv, c);
}

static void test_defaults(void **state)
{
	struct st_cli c;

	(void)state;
	assert_int_equal(parse(&c, "bench", NULL), 0);
	assert_int_equal(c.cmd, ST_CMD_BENCH);
	assert_true(c.given == 0);
	assert_int_equal(c.trials, 5);
	assert_int_equal(c.qd, 1);
	assert_int_equal(c.jobs, 1);
	assert_true(c.bs == 4096);
	assert_true(c.interval == 1.0);
	assert_int_equal(c.rw, ST_RW_RANDREAD);
	assert_int_equal(c.fsync, ST_SYNC_NONE);
	assert_int_equal(c.color, ST_COLOR_AUTO);
	assert_null(c.profile);
}

static void test_convert(void **state)
{
	struct st_cli c;

	(void)state;
	assert_int_equal(parse(&c, "bench", "--workload", "custom", "--runtime", "2.5", "--size", "256M",
			       "--rw", "append", "--fsync", "fdatasync", "--qd", "32", "--direct", "0",
			       NULL), 0);
	assert_true(c.runtime == 2.5);
	assert_true(c.size == 256 * 1024 * 1024);
	assert_int_equal(c.rw, ST_RW_APPEND);
	assert_int_equal(c.fsync, ST_SYNC_FDATASYNC);
	assert_int_equal(c.qd, 32);
	assert_int_equal(c.direct, 0);
	assert_true(st_cli_given(&c, ST_OPT_RUNTIME));
	assert_true(st_cli_given(&c, ST_OPT_DIRECT));
	assert_false(st_cli_given(&c, ST_OPT_RAMP));
	assert_string_equal(c.workload, "custom");

	/* options before the command, and arguments after it */
	assert_int_equal(parse(&c, "--json", "probe", "sda", "sdb", NULL), 0);
	assert_true(c.json);
	assert_int_equal(c.nargs, 2);
	assert_string_equal(c.args[1], "sdb");
}

/* --detect takes a percentage, --budget a duration with a unit; --budget
 * alone asks for a 10% effect; neither: a fixed number of trials. */
static void test_sequential_options(void **state)
{
	struct st_ab_params p;
	struct st_cli c;

	(void)state;
	assert_int_equal(parse(&c, "bench", "--ab", "--detect", "5%", "--budget", "2m", NULL), 0);
	assert_true(c.detect == 0.05 && c.budget == 120);
	st_cli_ab_params(&c, &p);
	assert_true(p.detect == 0.05 && p.budget_s == 120);
	assert_int_equal(parse(&c, "apply", "--profile", "x", "--validate", "--budget", "90", NULL), 0);
	st_cli_ab_params(&c, &p);
	assert_true(p.detect == ST_AB_DETECT_DEFAULT && p.budget_s == 90);
	assert_int_equal(parse(&c, "bench", "--ab", "--detect", "12.5", "--budget", "1h", NULL), 0);
	assert_true(c.detect == 0.125 && c.budget == 3600);
	assert_int_equal(parse(&c, "bench", "--ab", NULL), 0);
	st_cli_ab_params(&c, &p);
	assert_true(p.detect == 0 && p.budget_s == 0);
	st_test_log_start();
	assert_int_equal(parse(&c, "apply", "--profile", "x", "--detect", "10%", NULL), -1);
	assert_non_null(strstr(st_test_log_text(), "apply: --detect goes with --validate"));
	st_test_log_stop();
	st_test_log_start();
	assert_int_equal(parse(&c, "bench", "--budget", "10s", NULL), -1);
	assert_non_null(strstr(st_test_log_text(), "bench: --budget goes with --ab"));
	st_test_log_stop();
}

/* Each bad value fails at parse time with a message naming the option. */
static void test_bad_values(void **state)
{
	static const struct {
		const char *opt, *val, *msg;
	} bad[] = {
		{ "--runtime", "soon", "--runtime 'soon': not a number of seconds" },
		{ "--runtime", "-1", "--runtime '-1': not a number of seconds" },
		{ "--trials", "3", "--trials 3: 5 to 100" },
		{ "--trials", "101", "--trials 101: 5 to 100" },
		{ "--qd", "x", "--qd 'x': not a count" },
		{ "--size", "0", "--size '0': not a size (e.g. 256M, 2G)" },
		{ "--rw", "sideways", "--rw: 'sideways' is not read, write, randread, randwrite or append" },
		{ "--color", "sometimes", "--color: 'sometimes' is not auto, always or never" },
		{ "--detect", "10x", "--detect '10x': not a percentage (e.g. 10%)" },
		{ "--detect", "0.1%", "--detect 0.1%: 0.5% to 100%" },
		{ "--detect", "150", "--detect 150: 0.5% to 100%" },
		{ "--budget", "2q", "--budget '2q': not a duration (e.g. 120s, 2m)" },
		{ "--budget", "0.5s", "--budget 0.5s: at least 1 second" },
	};
	struct st_cli c;

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(bad); i++) {
		st_test_log_start();
		assert_int_equal(parse(&c, "bench", "--ab", bad[i].opt, bad[i].val, NULL), -1);
		if (!strstr(st_test_log_text(), bad[i].msg))
			fail_msg("%s %s: '%s' lacks '%s'", bad[i].opt, bad[i].val, st_test_log_text(),
				 bad[i].msg);
		st_test_log_stop();
	}
	st_test_log_start();
	assert_int_equal(parse(&c, "observe", "--interval", "0.05", NULL), -1);
	assert_non_null(strstr(st_test_log_text(), "--interval 0.05: at least 0.1 s"));
	st_test_log_stop();
}

/* An option given to the wrong command names the commands that take it. */
static void test_wrong_command(void **state)
{
	struct st_cli c;

	(void)state;
	st_test_log_start();
	assert_int_equal(parse(&c, "capture", "-o", "x.tar", "--force", NULL), -1);
	assert_non_null(strstr(st_test_log_text(), "capture: --force is not an option of capture; it "
				"goes with apply or revert"));
	st_test_log_stop();
	st_test_log_start();
	assert_int_equal(parse(&c, "probe", "--dry-run", NULL), -1);
	assert_non_null(strstr(st_test_log_text(), "it goes with apply"));
	st_test_log_stop();
}

static void test_rules(void **state)
{
	static const struct {
		const char *argv[8];
		const char *msg; /* NULL: parses */
	} cases[] = {
		{ { "apply", "--script", "--profile", "x" }, "apply: --script goes with --dry-run" },
		{ { "apply", "--dry-run", "--script", "--profile", "x" }, NULL },
		{ { "apply", "--dry-run", "--script", "--json", "--profile", "x" },
		  "apply: --script and --json exclude each other" },
		{ { "apply", "--dry-run" }, NULL }, /* the profile may come from stortune.conf */
		{ { "probe", "--raw", "--pairs" }, "probe: --raw and --pairs exclude each other" },
		{ { "verify" }, NULL }, /* the applied profile, from the journal */
		{ { "verify", "--strict" }, NULL },
		{ { "status", "--strict", "--json" }, NULL },
		{ { "revert", "--all" }, NULL },
		{ { "revert", "--strict" }, "revert: --strict is not an option of revert" },
		{ { "apply", "--profile", "x", "--trials", "7" }, "apply: --trials goes with --validate" },
		{ { "apply", "--profile", "x", "--validate", "--trials", "7" }, NULL },
		{ { "apply", "--profile", "x", "--remount", "--sysroot", "/" },
		  "--remount and --sysroot exclude each other" },
		{ { "apply", "--profile", "x", "--remount", "--sysroot", "/", "--dry-run" }, NULL },
		{ { "bench", "--profile", "x" }, "bench: --profile goes with --ab" },
		{ { "bench", "--ab", "--profile", "x", "--qd", "4" },
		  "bench: --qd and --profile exclude each other" },
		{ { "bench", "--sysroot", "/" }, "bench: --sysroot does not apply" },
		{ { "observe", "--replay", "r", "--record", "s" },
		  "observe: --replay and --record exclude each other" },
		{ { "capture" }, "capture: -o FILE is required" },
	};
	struct st_cli c;

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(cases); i++) {
		char *argv[10] = { "stortune" };
		int argc = 1, rc;

		for (size_t j = 0; cases[i].argv[j]; j++)
			argv[argc++] = (char *)cases[i].argv[j];
		st_test_log_start();
		rc = st_cli_parse(argc, argv, &c);
		if (cases[i].msg && (rc != -1 || !strstr(st_test_log_text(), cases[i].msg)))
			fail_msg("case %zu: rc %d, '%s' lacks '%s'", i, rc, st_test_log_text(), cases[i].msg);
		if (!cases[i].msg && rc != 0)
			fail_msg("case %zu: rc %d: %s", i, rc, st_test_log_text());
		st_test_log_stop();
	}
}

static char *help_of(enum st_cmd cmd)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	st_cli_help(f, cmd);
	fclose(f);
	return text;
}

/* The option column of the help's option lines, one per line. */
static char *option_lines(const char *text)
{
	struct st_buf b = { 0 };

	for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
		size_t n = strcspn(l, "\n");

		if (n > 30 && strncmp(l, "  ", 2) == 0 && strstr(l, "--") && strstr(l, "--") < l + 30) {
			st_buf_addn(&b, l, 30);
			st_buf_adds(&b, "\n");
		}
	}
	return st_buf_steal(&b);
}

/* Each command's help lists exactly the options it takes. */
static void test_help_per_command(void **state)
{
	(void)state;
	for (int cmd = 0; cmd < ST_CMD_HELP; cmd++) {
		char *full = help_of((enum st_cmd)cmd), *text = option_lines(full);
		char usage[64];

		snprintf(usage, sizeof(usage), "Usage: stortune %s ", st_cli_cmd_name((enum st_cmd)cmd));
		assert_non_null(strstr(full, usage));
		for (int opt = 0; opt < ST_OPT_NR; opt++) {
			char *want = st_xasprintf("--%s ", st_cli_opt_name((enum st_opt)opt));
			bool shown = strstr(text, want) != NULL;

			if (shown != st_cli_accepts((enum st_cmd)cmd, (enum st_opt)opt))
				fail_msg("%s --help %s --%s", st_cli_cmd_name((enum st_cmd)cmd),
					 shown ? "shows" : "lacks", st_cli_opt_name((enum st_opt)opt));
			free(want);
		}
		free(text);
		free(full);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_convert),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_sequential_options),
		cmocka_unit_test(test_wrong_command),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_help_per_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
