/* test_util.c - number parsing, name order, sizes, suggestions, vectors. */
#include <errno.h>

#include "st_test.h"

static void test_parse_u64(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_int_equal(st_parse_u64("4096\n", &v), 0);
	assert_true(v == 4096);
	assert_int_equal(st_parse_u64("  12 ", &v), 0);
	assert_true(v == 12);
	assert_int_equal(st_parse_u64("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	v = 7;
	assert_int_equal(st_parse_u64("18446744073709551616", &v), -ERANGE);
	assert_int_equal(st_parse_u64("99999999999999999999999", &v), -ERANGE);
	assert_int_equal(st_parse_u64("", &v), -ENODATA);
	assert_int_equal(st_parse_u64(" \n", &v), -ENODATA);
	assert_int_equal(st_parse_u64("abc", &v), -EINVAL);
	assert_int_equal(st_parse_u64("12abc", &v), -EINVAL);
	assert_int_equal(st_parse_u64("-1", &v), -EINVAL);
	assert_int_equal(st_parse_u64("1 2", &v), -EINVAL);
	assert_true(v == 7); /* untouched on error */
}

static void test_name_cmp(void **state)
{
	(void)state;
	assert_true(st_name_cmp("sda", "sdb") < 0);
	assert_true(st_name_cmp("sdz", "sdaa") < 0);
	assert_true(st_name_cmp("sdaa", "sdab") < 0);
	assert_true(st_name_cmp("sda", "sda1") < 0);
	assert_true(st_name_cmp("sda2", "sda10") < 0);
	assert_true(st_name_cmp("nvme0n2", "nvme0n10") < 0);
	assert_true(st_name_cmp("nvme0n1p1", "nvme0n1p2") < 0);
	assert_true(st_name_cmp("dm-2", "dm-10") < 0);
	assert_true(st_name_cmp("loop0", "md0") < 0);
	assert_true(st_name_cmp("md0", "md0p1") < 0);
	assert_int_equal(st_name_cmp("vda", "vda"), 0);
	assert_true(st_name_cmp("zram0", "vda") > 0);
	assert_true(st_name_cmp("sdzz", "sdaaa") < 0);
	assert_true(st_name_cmp("xvdz", "xvdaa") < 0);
	assert_true(st_name_cmp("fifo_expire_async", "fifo_expire_sync") < 0);
	assert_true(st_name_cmp("read_expire", "read_lat_nsec") < 0);
}

static void test_size_to_human(void **state)
{
	char b[32];

	(void)state;
	st_size_to_human(0, b, sizeof(b));
	assert_string_equal(b, "0B");
	st_size_to_human(512, b, sizeof(b));
	assert_string_equal(b, "512B");
	st_size_to_human(274877906944ull, b, sizeof(b));
	assert_string_equal(b, "256G");
	st_size_to_human(4000787030016ull, b, sizeof(b)); /* a "4 TB" disk */
	assert_string_equal(b, "3.6T");
	st_size_to_human(524288, b, sizeof(b));
	assert_string_equal(b, "512K");
	st_size_to_human(1023 * 1024 + 1000, b, sizeof(b)); /* rounds up to the next unit */
	assert_string_equal(b, "1M");
}

static void test_closest(void **state)
{
	const char *names[] = { "json", "sysroot", "verbose", "output" };

	(void)state;
	assert_string_equal(st_closest("jsno", names, 4), "json");
	assert_string_equal(st_closest("sysrot", names, 4), "sysroot");
	assert_null(st_closest("frobnicate", names, 4));
	assert_int_equal(st_levenshtein("kitten", "sitting"), 3);
	assert_int_equal(st_levenshtein("", "abc"), 3);
}

static void test_strv(void **state)
{
	char **v = NULL, *j;

	(void)state;
	st_strv_push(&v, "sdb");
	st_strv_push(&v, "sda");
	st_strv_pushf(&v, "sd%s", "aa");
	assert_int_equal(st_strv_len(v), 3);
	j = st_strv_join(v, ",");
	assert_string_equal(j, "sdb,sda,sdaa");
	free(j);
	st_strv_free(v);
	j = st_strv_join(NULL, ",");
	assert_string_equal(j, "");
	free(j);
}

/* A slice of a buffer without a NUL (as the INI reader passes one): only n
 * bytes may be read.  With strndup, ASan's strict_string_checks (CI's
 * ASAN_OPTIONS) reported a heap-buffer-overflow here. */
static void test_strndup_slice(void **state)
{
	char *buf = st_xmalloc(6), *s;

	(void)state;
	memcpy(buf, "[abcd]", 6);
	s = st_xstrndup(buf + 1, 4);
	assert_string_equal(s, "abcd");
	free(s);
	s = st_xstrndup(buf, 6);
	assert_string_equal(s, "[abcd]");
	free(s);
	buf[2] = '\0';
	s = st_xstrndup(buf, 6);
	assert_string_equal(s, "[a");
	free(s);
	assert_null(st_xstrndup(NULL, 3));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64),     cmocka_unit_test(test_name_cmp),
		cmocka_unit_test(test_size_to_human), cmocka_unit_test(test_closest),
		cmocka_unit_test(test_strv),          cmocka_unit_test(test_strndup_slice),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
