/*
 * test_datadir.c - where the rules and profiles are found: relative to a
 * fake executable path in every layout (installed under a PREFIX, ./stortune
 * and build/stortune in a source tree), the order of the candidates, lexical
 * normalisation, and the build-time fallback when nothing is there.
 */
#include <errno.h>
#include <sys/stat.h>

#include "st_datadir.h"
#include "st_test.h"

/* Makes dir/rel and every directory above it. */
static void mkdirs(const char *dir, const char *rel)
{
	char *cmd = st_xasprintf("mkdir -p '%s/%s'", dir, rel);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* st_datadir(root/exe, what) is root/want (want NULL: the build-time one). */
static void expect_dir(const char *root, const char *exe, const char *what, const char *want)
{
	char *e = st_xasprintf("%s/%s", root, exe), *got = st_datadir(e, what), *w;

	w = want ? st_xasprintf("%s/%s", root, want)
		 : st_xasprintf("%s/%s", st_datadir_default(), what);
	assert_string_equal(got, w);
	free(w);
	free(got);
	free(e);
}

static void test_installed(void **state)
{
	char *root = st_test_mkdtemp();

	(void)state;
	mkdirs(root, "opt/st/share/stortune/rules");
	mkdirs(root, "opt/st/share/stortune/profiles");
	expect_dir(root, "opt/st/bin/stortune", "rules", "opt/st/share/stortune/rules");
	expect_dir(root, "opt/st/bin/stortune", "profiles", "opt/st/share/stortune/profiles");
	/* a binary elsewhere does not see it */
	expect_dir(root, "usr/bin/stortune", "rules", NULL);
	st_test_rmtree(root);
}

static void test_source_tree(void **state)
{
	char *root = st_test_mkdtemp();

	(void)state;
	mkdirs(root, "src/rules");
	expect_dir(root, "src/stortune", "rules", "src/rules");      /* ./stortune */
	expect_dir(root, "src/build/stortune", "rules", "src/rules"); /* build/stortune */
	expect_dir(root, "src/build-san/stortune", "rules", "src/rules");
	/* profiles/ is looked for on its own */
	expect_dir(root, "src/stortune", "profiles", NULL);
	st_test_rmtree(root);
}

/* The installed layout wins over a rules/ next to the binary, which wins
 * over one in the parent; a file of that name is not a directory. */
static void test_order(void **state)
{
	char *root = st_test_mkdtemp();

	(void)state;
	mkdirs(root, "p/bin");
	mkdirs(root, "p/rules");
	expect_dir(root, "p/bin/stortune", "rules", "p/rules");
	mkdirs(root, "p/bin/rules");
	expect_dir(root, "p/bin/stortune", "rules", "p/bin/rules");
	mkdirs(root, "p/share/stortune/rules");
	expect_dir(root, "p/bin/stortune", "rules", "p/share/stortune/rules");
	mkdirs(root, "q/bin");
	st_test_write(root, "q/bin/profiles", "x", 1);
	expect_dir(root, "q/bin/stortune", "profiles", NULL);
	st_test_rmtree(root);
}

static void test_candidates(void **state)
{
	char **c = st_datadir_candidates("/opt/st/bin/stortune", "rules"), *def, *exe;

	(void)state;
	def = st_xasprintf("%s/rules", st_datadir_default());
	assert_int_equal(st_strv_len(c), 4);
	assert_string_equal(c[0], "/opt/st/share/stortune/rules");
	assert_string_equal(c[1], "/opt/st/bin/rules");
	assert_string_equal(c[2], "/opt/st/rules");
	assert_string_equal(c[st_strv_len(c) - 1], def);
	st_strv_free(c);

	/* normalised, without duplicates: the build-time directory is listed
	 * once when the binary sits where it was installed */
	if (st_endswith(st_datadir_default(), "/share/stortune")) {
		exe = st_xasprintf("%s/../../bin//./stortune", st_datadir_default());
		c = st_datadir_candidates(exe, "rules");
		for (char **p = c; *p; p++) {
			assert_null(strstr(*p, "/./"));
			assert_null(strstr(*p, "/../"));
			assert_null(strstr(*p, "//"));
		}
		assert_int_equal(st_strv_len(c), 3);
		assert_string_equal(c[0], def);
		st_strv_free(c);
		free(exe);
	}

	/* at the root, ".." stays there; a bare name is in "." */
	c = st_datadir_candidates("/stortune", "rules");
	assert_string_equal(c[0], "/share/stortune/rules");
	assert_string_equal(c[1], "/rules");
	assert_string_equal(c[2], def); /* "/../rules" is "/rules" again */
	assert_int_equal(st_strv_len(c), 3);
	st_strv_free(c);
	c = st_datadir_candidates("stortune", "rules");
	assert_string_equal(c[0], "../share/stortune/rules");
	assert_string_equal(c[1], "rules");
	assert_string_equal(c[2], "../rules");
	st_strv_free(c);
	free(def);
}

/* Without an exe the process's own is used: this test binary's. */
static void test_self(void **state)
{
	char self[4096], **c, *want;
	bool listed = false;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	(void)state;
	assert_true(n > 0);
	self[n] = '\0';
	*strrchr(self, '/') = '\0';
	c = st_datadir_candidates(NULL, "profiles");
	assert_true(st_strv_len(c) >= 2);
	want = st_xasprintf("%s/profiles", self);
	assert_string_equal(c[1], want);
	free(want);
	st_strv_free(c);
	/* build/tests/test_datadir: no profiles/ beside it or above it that is
	 * not the checkout's own; whatever is found, it is a candidate */
	want = st_datadir(NULL, "profiles");
	c = st_datadir_candidates(NULL, "profiles");
	for (char **p = c; *p; p++)
		listed = listed || strcmp(*p, want) == 0;
	assert_true(listed);
	st_strv_free(c);
	free(want);
}

/* The configuration directory follows the prefix the binary is in. */
static void test_confdir(void **state)
{
	char *root = st_test_mkdtemp(), *exe, *got, *want;

	(void)state;
	exe = st_xasprintf("%s/opt/st/bin/stortune", root);
	got = st_confdir(exe);
	assert_string_equal(got, st_confdir_default()); /* not installed there */
	free(got);
	mkdirs(root, "opt/st/etc/stortune");
	got = st_confdir(exe);
	want = st_xasprintf("%s/opt/st/etc/stortune", root);
	assert_string_equal(got, want);
	free(want);
	free(got);
	free(exe);
	/* /usr/bin/stortune: /etc/stortune, when it is there */
	got = st_confdir("/usr/bin/stortune");
	if (access("/etc/stortune", X_OK) == 0)
		assert_string_equal(got, "/etc/stortune");
	else
		assert_string_equal(got, st_confdir_default());
	free(got);
	st_test_rmtree(root);
}

static void test_defaults(void **state)
{
	(void)state;
	assert_true(st_datadir_default()[0] == '/');
	assert_true(st_endswith(st_datadir_default(), "/stortune"));
	assert_true(st_confdir_default()[0] == '/');
	assert_true(st_endswith(st_confdir_default(), "/stortune"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_installed),  cmocka_unit_test(test_source_tree),
		cmocka_unit_test(test_order),      cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_self),       cmocka_unit_test(test_confdir),
		cmocka_unit_test(test_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
