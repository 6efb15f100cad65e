/*
 * test_path.c - the rooted path context: nothing resolves outside the
 * sysroot, typed readers reject bad values with a warning naming the file,
 * missing files are quiet, and the trace sees what was read.
 */
#include <errno.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "st_path.h"
#include "st_test.h"

static char *mktree(void)
{
	char *dir = st_test_mkdtemp(), *cmd;

	cmd = st_xasprintf("cd '%s' && mkdir -p sys/devices/a/b sys/block etc && "
			   "echo 4096 > sys/devices/a/b/num && "
			   "ln -s ../devices/a/b sys/block/x && "
			   "ln -s /sys/devices/a/b sys/block/abs && "
			   "ln -s /etc/hostname sys/block/escape && "
			   "ln -s ../../../../../../.. sys/block/up && "
			   "ln -s loop2 sys/block/loop1 && ln -s loop1 sys/block/loop2",
			   dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return dir;
}

typedef int (*resolve_fn)(struct st_path *pc, char **canon, const char *fmt, ...);

/* fn resolves path to want, or fails with -err and leaves no result. */
static void expect_canon(resolve_fn fn, struct st_path *pc, const char *path, int err,
			 const char *want)
{
	char *canon = NULL;

	assert_int_equal(fn(pc, &canon, "%s", path), err ? -err : 0);
	if (want)
		assert_string_equal(canon, want);
	else
		assert_null(canon);
	free(canon);
}

static void test_rooted_resolution(void **state)
{
	char *dir = mktree();
	struct st_path *pc;
	uint64_t v = 0;

	(void)state;
	assert_int_equal(st_path_new(&pc, dir), 0);
	assert_true(st_path_is_sysroot(pc));

	expect_canon(st_path_resolvef, pc, "sys/block/x/num", 0, "sys/devices/a/b/num");
	/* an absolute link resolves inside the root, as with RESOLVE_IN_ROOT */
	expect_canon(st_path_resolvef, pc, "/sys/block/abs", 0, "sys/devices/a/b");
	assert_int_equal(st_path_read_u64f(pc, &v, UINT64_MAX, "sys/block/abs/num"), 0);
	assert_true(v == 4096);
	/* ".." stops at the root */
	expect_canon(st_path_resolvef, pc, "sys/block/up/sys/block/x", 0, "sys/devices/a/b");
	/* the host's /etc/hostname is not reachable through the tree */
	char *s = NULL;
	assert_int_equal(st_path_read_stringf(pc, &s, "sys/block/escape"), -ENOENT);
	assert_null(s);
	expect_canon(st_path_resolvef, pc, "sys/block/loop1", ELOOP, NULL);

	st_path_free(pc);
	st_test_rmtree(dir);
}

/* resolve_linkf on each entry of the live dir: what realpath(3) gives. */
static unsigned live_links(struct st_path *pc, const char *dir)
{
	char **names = NULL, *canon, *path, *real;
	unsigned n = 0;

	if (st_path_list_dirf(pc, &names, "%s", dir) < 0)
		return 0;
	for (size_t i = 0; names && names[i]; i++) {
		path = st_xasprintf("/%s/%s", dir, names[i]);
		real = realpath(path, NULL);
		if (real && st_path_resolve_linkf(pc, &canon, "%s/%s", dir, names[i]) == 0) {
			assert_string_equal(canon, real + 1);
			free(canon);
			n++;
		}
		free(real);
		free(path);
	}
	st_strv_free(names);
	return n;
}

/*
 * The links sysfs makes to device directories: under a sysroot
 * st_path_resolve_linkf is st_path_resolvef (absolute links stay inside,
 * loops are refused); live, its one readlinkat joined lexically gives what
 * realpath(3) gives, for every entry of this machine's sys/block and
 * sys/dev/block.
 */
static void test_sysfs_links(void **state)
{
	char *dir = mktree(), *canon = NULL;
	struct st_path *pc;
	unsigned n;

	(void)state;
	assert_int_equal(st_path_new(&pc, dir), 0);
	expect_canon(st_path_resolve_linkf, pc, "sys/block/x", 0, "sys/devices/a/b");
	expect_canon(st_path_resolve_linkf, pc, "/sys/block/abs", 0, "sys/devices/a/b");
	expect_canon(st_path_resolve_linkf, pc, "sys/block/loop1", ELOOP, NULL);
	expect_canon(st_path_resolve_linkf, pc, "sys/block/none", ENOENT, NULL);
	st_path_free(pc);
	st_test_rmtree(dir);

	assert_int_equal(st_path_new(&pc, NULL), 0);
	n = live_links(pc, "sys/block");
	n += live_links(pc, "sys/dev/block");
	print_message("%u live sysfs links resolved as realpath resolves them\n", n);
	assert_int_equal(st_path_resolve_linkf(pc, &canon, "sys/block/stortune-no-such-device"), -ENOENT);
	st_path_free(pc);
	if (n == 0)
		skip();
}

/*
 * path.c calls openat2 through syscall(2); linked with --wrap=syscall, this
 * pretends to be a kernel older than 5.6 when asked.
 */
static bool no_openat2;
long __real_syscall(long nr, ...);
long __wrap_syscall(long nr, ...);
long __wrap_syscall(long nr, ...)
{
	va_list ap;
	long a[4];

	if (nr == SYS_openat2 && no_openat2) {
		errno = ENOSYS;
		return -1;
	}
	va_start(ap, nr);
	for (int i = 0; i < 4; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return __real_syscall(nr, a[0], a[1], a[2], a[3]);
}

static int openat2_back(void **state)
{
	(void)state;
	no_openat2 = false;
	return 0;
}

/* Without openat2 the same confinement holds, by lexical resolution. */
static void test_confined_without_openat2(void **state)
{
	char *dir = mktree(), *s = NULL;
	struct st_path *pc;
	uint64_t v = 0;

	(void)state;
	no_openat2 = true;
	assert_int_equal(st_path_new(&pc, dir), 0);
	assert_int_equal(st_path_read_u64f(pc, &v, UINT64_MAX, "sys/block/abs/num"), 0);
	assert_true(v == 4096);
	assert_int_equal(st_path_read_u64f(pc, &v, UINT64_MAX, "sys/block/x/num"), 0);
	assert_int_equal(st_path_read_stringf(pc, &s, "sys/block/escape"), -ENOENT);
	assert_null(s);
	assert_int_equal(st_path_existsf(pc, "sys/block/up/sys/block"), 0);
	assert_int_equal(st_path_read_stringf(pc, &s, "sys/block/loop1/x"), -ELOOP);
	no_openat2 = false;
	st_path_free(pc);
	st_test_rmtree(dir);
}

static void test_typed_readers(void **state)
{
	char *dir = mktree(), *s = NULL;
	struct st_path *pc;
	uint64_t v = 1;
	int b = -1;

	(void)state;
	assert_int_equal(st_path_new(&pc, dir), 0);
	st_test_log_start();

	st_test_write(dir, "sys/devices/a/b/empty", "", 0);
	st_test_write(dir, "sys/devices/a/b/garbage", "fast\n", 5);
	st_test_write(dir, "sys/devices/a/b/big", "99999999999999999999\n", 21);
	st_test_write(dir, "sys/devices/a/b/bin", "\x7f" "ELF\0\1\2", 7);
	st_test_write(dir, "sys/devices/a/b/bool", "2\n", 2);
	st_test_write(dir, "sys/devices/a/b/limit", "300\n", 4);

	assert_int_equal(st_path_read_u64f(pc, &v, UINT64_MAX, "sys/block/x/missing"), -ENOENT);
	assert_int_equal(st_test_log_buf.warnings, 0); /* missing is not a warning */

	assert_int_equal(st_path_read_u64f(pc, &v, UINT64_MAX, "sys/block/x/empty"), -ENODATA);
	assert_int_equal(st_path_read_u64f(pc, &v, UINT64_MAX, "sys/block/x/garbage"), -EINVAL);
	assert_int_equal(st_path_read_u64f(pc, &v, UINT64_MAX, "sys/block/x/big"), -ERANGE);
	assert_int_equal(st_path_read_u64f(pc, &v, 255, "sys/block/x/limit"), -ERANGE);
	assert_int_equal(st_path_read_stringf(pc, &s, "sys/block/x/bin"), -EILSEQ);
	assert_int_equal(st_path_read_boolf(pc, &b, "sys/block/x/bool"), -EINVAL);
	assert_true(v == 1);
	assert_int_equal(b, -1);
	assert_int_equal(st_test_log_buf.warnings, 6);

	/* each warning names the file the user can look at */
	const char *log = st_test_log_text();
	char *want = st_xasprintf("%s/sys/block/x/garbage: not a number: \"fast\"", dir);
	assert_non_null(strstr(log, want));
	free(want);
	want = st_xasprintf("%s/sys/block/x/bin: binary content", dir);
	assert_non_null(strstr(log, want));
	free(want);
	assert_non_null(strstr(log, "empty, expected a number"));
	assert_non_null(strstr(log, "number out of range"));
	assert_non_null(strstr(log, "expected 0 or 1"));

	st_test_log_stop();
	st_path_free(pc);
	st_test_rmtree(dir);
}

struct seen {
	char *paths;
};

static void trace_cb(void *data, enum st_path_kind kind, const char *rel, int err, const void *buf,
		     size_t len)
{
	struct seen *s = data;
	char *n;

	(void)buf;
	(void)len;
	n = st_xasprintf("%s%d:%s:%d\n", s->paths ? s->paths : "", (int)kind, rel, err);
	free(s->paths);
	s->paths = n;
}

static void test_trace(void **state)
{
	char *dir = mktree(), **names = NULL, *canon = NULL;
	struct seen seen = { 0 };
	struct st_path *pc;
	uint64_t v;

	(void)state;
	assert_int_equal(st_path_new(&pc, dir), 0);
	st_path_set_trace(pc, trace_cb, &seen);
	assert_int_equal(st_path_read_u64f(pc, &v, UINT64_MAX, "sys/block/x/num"), 0);
	assert_int_equal(st_path_read_u64f(pc, &v, UINT64_MAX, "sys/block/x/nothere"), -ENOENT);
	assert_int_equal(st_path_list_dirf(pc, &names, "sys/block"), 0);
	assert_int_equal(st_path_resolvef(pc, &canon, "sys/block/x"), 0);
	st_path_set_trace(pc, NULL, NULL);

	assert_non_null(strstr(seen.paths, "0:sys/block/x/num:0\n"));
	assert_null(strstr(seen.paths, "nothere")); /* absent files are not recorded */
	assert_non_null(strstr(seen.paths, "1:sys/block:0\n"));
	assert_non_null(strstr(seen.paths, "2:sys/block/x:0\n"));
	assert_string_equal(names[0], "abs");

	free(seen.paths);
	free(canon);
	st_strv_free(names);
	st_path_free(pc);
	st_test_rmtree(dir);
}

static void test_missing_root(void **state)
{
	struct st_path *pc = NULL;

	(void)state;
	assert_int_equal(st_path_new(&pc, "/nonexistent/stortune"), -ENOENT);
	assert_null(pc);
	assert_int_equal(st_path_new(&pc, NULL), 0);
	assert_false(st_path_is_sysroot(pc));
	assert_string_equal(st_path_root(pc), "/");
	char *d = st_path_display(pc, "sys/block");
	assert_string_equal(d, "/sys/block");
	free(d);
	st_path_free(pc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rooted_resolution),
		cmocka_unit_test(test_sysfs_links),
		cmocka_unit_test_teardown(test_confined_without_openat2, openat2_back),
		cmocka_unit_test(test_typed_readers),
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_missing_root),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
