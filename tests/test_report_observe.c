/*
 * test_report_observe.c - observe's printer as st_observe_run drives it
 * through st_report_observe_hooks: a replayed recording prints the text
 * t_observe.sh expects byte for byte, a live table redraws in place and
 * sets its summary apart, and JSON Lines are one object per interval with
 * no summary.
 */
#include <errno.h>

#include "st_test.h"
#include "st_observe.h"
#include "st_report_observe.h"
#include "st_rules.h"

#define CLEAR "\033[H\033[J"

static struct st_ruleset rules;
static struct st_profileset profiles;
static struct st_obs_recording rec;

static int setup(void **state)
{
	char *rdir = st_test_path("rules"), *pdir = st_test_path("profiles");
	char *rpath = st_test_path("tests/observe/stack.rec");
	struct st_diag d = { 0 };
	int rc = st_rules_load_dir(&rules, rdir, &d);

	if (rc == 0)
		rc = st_profiles_load_dir(&profiles, pdir, &rules, &d);
	if (rc == 0)
		rc = st_obs_recording_load(rpath, &rec);
	st_diag_free(&d);
	free(rdir);
	free(pdir);
	free(rpath);
	(void)state;
	return rc;
}

static int teardown(void **state)
{
	st_obs_recording_free(&rec);
	st_profileset_free(&profiles);
	st_ruleset_free(&rules);
	(void)state;
	return 0;
}

/* Runs the replay as cmd_observe does, into a string (caller frees). */
static char *run_text(bool json, bool live)
{
	struct st_obs_run run = { .replay = &rec, .ps = &profiles, .exclude = "general", .json = json,
				  .interval = 1 /* --interval's default */ };
	char *text = NULL;
	size_t len = 0;

	run.out = open_memstream(&text, &len);
	assert_non_null(run.out);
	run.live = live;
	st_report_observe_hooks(&run);
	assert_ptr_equal(run.output.data, &run);
	assert_int_equal(st_observe_run(&run), 0);
	assert_int_equal(fclose(run.out), 0);
	assert_int_equal(run.intervals, 2);
	return text;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/* What `stortune observe --replay tests/observe/stack.rec` prints. */
static void test_text(void **state)
{
	char *want_path = st_test_path("tests/expected/observe-stack.txt"), *want = NULL, *got;
	const char *why;
	size_t len;

	(void)state;
	assert_int_equal(st_read_file(want_path, 1 << 20, &want, &len, &why), 0);
	got = run_text(false, false);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(want_path);
}

/* On a terminal: each interval clears the screen and says how to stop;
 * the summary starts on a line of its own below the last table. */
static void test_live(void **state)
{
	static const char head[] = CLEAR "stortune observe: every 1 s; Ctrl-C stops and sums up\n"
				   "interval 1, 1.00 s, at +1.00 s\n";
	char *got = run_text(false, true), *sum;

	(void)state;
	assert_int_equal(strncmp(got, head, strlen(head)), 0);
	assert_int_equal(count(got, CLEAR), 2);
	assert_int_equal(count(got, "Ctrl-C stops and sums up\n"), 2);
	sum = strstr(got, "Summary of 2.0 s:\n");
	assert_non_null(sum);
	assert_true(sum - got > 2 && sum[-1] == '\n' && sum[-2] == '\n');
	assert_null(strstr(sum, CLEAR));
	free(got);
}

/* JSON Lines: one object per interval, and no summary among them. */
static void test_json(void **state)
{
	char *got = run_text(true, false), *nl;
	struct json_object *o;

	(void)state;
	assert_int_equal(count(got, "\n"), 2);
	assert_null(strstr(got, "Summary"));
	nl = strchr(got, '\n');
	*nl = '\0';
	o = json_tokener_parse(got);
	assert_non_null(o);
	assert_int_equal(json_object_get_int(json_object_object_get(o, "index")), 1);
	json_object_put(o);
	o = json_tokener_parse(nl + 1);
	assert_non_null(o);
	assert_int_equal(json_object_get_int(json_object_object_get(o, "index")), 2);
	json_object_put(o);
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
