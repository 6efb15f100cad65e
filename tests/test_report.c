/*
 * test_report.c - the streamed JSON writer (one root device at a time) is
 * byte-identical to json-c printing the whole document, on every fixture,
 * on a sysroot without devices, and live.
 */
#include <dirent.h>
#include <json-c/json.h>

#include "st_probe.h"
#include "st_report_probe.h"
#include "st_test.h"

static void compare_writers(const char *root)
{
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	struct json_object *j;
	struct st_devv roots;
	char *streamed = NULL, *whole;
	size_t len = 0;
	FILE *f;

	assert_int_equal(st_path_new(&pc, root), 0);
	assert_int_equal(st_probe_run(pc, 0, &sys), 0);
	roots = st_report_roots(sys, NULL, 0);

	f = open_memstream(&streamed, &len);
	assert_non_null(f);
	assert_int_equal(st_report_probe_json_write(f, sys, &roots), 0);
	assert_int_equal(fclose(f), 0);

	j = st_report_probe_json(sys, &roots);
	whole = st_xasprintf("%s\n", json_object_to_json_string_ext(
					     j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
							JSON_C_TO_STRING_NOSLASHESCAPE));
	if (strcmp(streamed, whole) != 0)
		fprintf(stderr, "%s: streamed JSON differs from json-c's\n", root ? root : "live");
	assert_string_equal(streamed, whole);
	/* and it parses back */
	json_object_put(j);
	j = json_tokener_parse(streamed);
	assert_non_null(j);

	json_object_put(j);
	free(whole);
	free(streamed);
	free(roots.v);
	st_system_free(sys);
	st_path_free(pc);
}

static void test_fixtures(void **state)
{
	char *dir = st_test_path("tests/sysroots");
	DIR *dh = opendir(dir);
	struct dirent *d;
	int n = 0;

	(void)state;
	assert_non_null(dh);
	st_log_set_quiet(true);
	while ((d = readdir(dh))) {
		if (d->d_name[0] == '.' || d->d_type != DT_DIR)
			continue;
		char *root = st_xasprintf("%s/%s", dir, d->d_name);
		compare_writers(root);
		free(root);
		n++;
	}
	closedir(dh);
	free(dir);
	assert_true(n >= 8);
}

static void test_no_devices(void **state)
{
	char *dir = st_test_mkdtemp(), *cmd;

	(void)state;
	cmd = st_xasprintf("mkdir -p '%s/sys/block' '%s/proc'", dir, dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	st_test_log_start();
	compare_writers(dir);
	st_test_log_stop();
	st_test_rmtree(dir);
}

static void test_live(void **state)
{
	(void)state;
	if (access("/sys/block", R_OK) != 0)
		skip();
	compare_writers(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_no_devices),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
