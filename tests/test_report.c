/*
 * test_report.c - the streamed JSON writer (one root device at a time) is
 * byte-identical to json-c printing the whole document, on every fixture,
 * on a sysroot without devices, and live.  The table fits a terminal of any
 * width without cutting a number (two widths are in tests/expected/probe/);
 * -o names its columns, with an error for an unknown one; --help lists
 * every column; --raw and --pairs escape what needs it.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <sys/stat.h>

#include "st_attr.h"

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
	assert_int_equal(st_probe_run(pc, &sys), 0);
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

/* ---- the text table ---- */

/* probe's table of the sysroot root (a fixture's name, or a path) as o
 * asks; the probe's warnings are not looked at. */
static char *table_of(const char *root, const struct st_report_opts *o)
{
	char *dir = st_test_path("tests/sysroots");
	char *path = strchr(root, '/') ? st_xstrdup(root) : st_xasprintf("%s/%s", dir, root);
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	struct st_devv roots;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	assert_int_equal(st_path_new(&pc, path), 0);
	assert_int_equal(st_probe_run(pc, &sys), 0);
	roots = st_report_roots(sys, NULL, 0);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(st_report_probe_text(f, sys, &roots, o), 0);
	assert_int_equal(fclose(f), 0);
	free(roots.v);
	st_system_free(sys);
	st_path_free(pc);
	free(path);
	free(dir);
	return text;
}

/* text is tests/expected/probe/name exactly; UPDATE=1 rewrites it. */
static void same_as_expected(const char *name, const char *text)
{
	char *rel = st_xasprintf("tests/expected/probe/%s", name);

	st_test_same_as_expected(rel, text);
	free(rel);
}

static bool starts_with(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)) != 0)
		fprintf(stderr, "does not start with %s:\n%s", prefix, s);
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* s without the blanks at its end, in a new string */
static char *rstrip(const char *s, size_t n)
{
	while (n && s[n - 1] == ' ')
		n--;
	return st_xstrndup(s, n);
}

/*
 * A terminal of any width: every line fits, none is continued on another
 * (each device keeps its one line), and NAME is always there.  With only
 * columns that are never cut (numbers), each line is the untouched line
 * cut at a column's end: what is left out is left out whole.
 */
static void check_fits(const char *fixture, const char *columns)
{
	struct st_report_opts o = { .columns = columns };
	char *full = table_of(fixture, &o);

	o.fit = true;
	for (size_t w = 20; w <= 200; w += 3) {
		const char *line = NULL, *fl = full;
		char *text;

		o.width = w;
		text = table_of(fixture, &o);
		if (count_lines(text) != count_lines(full))
			fprintf(stderr, "%s at %zu columns:\n%s", fixture, w, text);
		assert_int_equal(count_lines(text), count_lines(full));
		assert_true(starts_with(text, "NAME"));
		for (line = text; *line; line = strchr(line, '\n') + 1, fl = strchr(fl, '\n') + 1) {
			size_t n = (size_t)(strchr(line, '\n') - line);
			char *got = rstrip(line, n);

			if (n > w)
				fprintf(stderr, "%s at %zu columns: %zu: %s\n", fixture, w, n, got);
			assert_true(n <= w);
			if (columns) {
				size_t k = strlen(got);

				if (strncmp(fl, got, k) != 0 || (fl[k] != ' ' && fl[k] != '\n'))
					fprintf(stderr, "%s at %zu: '%s' is not a whole part of\n%.*s\n",
						fixture, w, got, (int)(strchr(fl, '\n') - fl), fl);
				assert_memory_equal(fl, got, k);
				assert_true(fl[k] == ' ' || fl[k] == '\n');
			}
			free(got);
		}
		free(text);
	}
	free(full);
}

static void test_fits_terminal(void **state)
{
	static const char *const fixtures[] = { "raid10-xfs", "lvm-luks-nvme", "backup-raid6-xfs",
						"desktop-ssd-hdd" };
	struct st_report_opts o = { .fit = true, .width = 110 };
	char *text;

	(void)state;
	st_log_set_quiet(true);
	for (size_t i = 0; i < ST_ARRAY_SIZE(fixtures); i++) {
		check_fits(fixtures[i], NULL);
		check_fits(fixtures[i], "name,size,rota,rq,ra,log/phy,min-io,opt-io,maj:min,kname");
	}
	/* MOUNTS, FSTYPE and RAID cut short; every number whole */
	text = table_of("raid10-xfs", &o);
	same_as_expected("raid10-xfs.term110.txt", text);
	free(text);
	/* then columns left out from the right, whole */
	o.width = 72;
	text = table_of("raid10-xfs", &o);
	same_as_expected("raid10-xfs.term72.txt", text);
	free(text);
	/* not a terminal: the widest line is whole, whatever the width says */
	o.fit = false;
	text = table_of("raid10-xfs", &o);
	assert_non_null(strstr(text, "linux_raid_member"));
	assert_non_null(strstr(text, "/boot/efi"));
	free(text);
}

static void test_columns(void **state)
{
	(void)state;
	st_test_log_start();
	assert_int_equal(st_report_probe_columns_check(NULL), 0);
	assert_int_equal(st_report_probe_columns_check("name,Size,mAj:MiN,log/phy"), 0);
	assert_int_equal(st_report_probe_columns_check("+model,serial,name"), 0);
	assert_string_equal(st_test_log_text(), "");

	assert_int_equal(st_report_probe_columns_check("name,siz"), -EINVAL);
	assert_non_null(strstr(st_test_log_text(),
			       "-o: unknown column 'siz' (did you mean 'SIZE'?); the columns are "
			       "NAME, TYPE, CLASS, TRAN, SIZE, ROTA,"));
	assert_non_null(strstr(st_test_log_text(), ", MODEL, "));
	st_test_log_start();
	assert_int_equal(st_report_probe_columns_check("+xyzzy"), -EINVAL);
	assert_non_null(
		strstr(st_test_log_text(), "-o: unknown column 'xyzzy'; the columns are NAME,"));
	st_test_log_start();
	assert_int_equal(st_report_probe_columns_check("name,,size"), -EINVAL);
	assert_int_equal(st_report_probe_columns_check(""), -EINVAL);
	assert_int_equal(st_report_probe_columns_check("size,"), -EINVAL);
	assert_non_null(strstr(st_test_log_text(), "-o: an empty column name in 'name,,size'"));
	st_test_log_start();
	{
		struct st_buf b = { 0 };

		for (int i = 0; i < 65; i++)
			st_buf_adds(&b, i ? ",size" : "size");
		assert_int_equal(st_report_probe_columns_check(b.s), -EINVAL);
		assert_non_null(strstr(st_test_log_text(), "-o: more than 64 columns"));
		st_buf_free(&b);
	}
	st_test_log_stop();
}

/* the line of `probe --help` that names column, or NULL */
static const char *help_line(const char *help, const char *column)
{
	char *want = st_xasprintf("\n  %s ", column);
	const char *p = strstr(help, want);

	free(want);
	return p ? p + 1 : NULL;
}

/* Every column is listed with a description: the device's own (a renamed
 * JSON key would lose one), and one for each queue attribute read from one
 * file (by its header, else by its key: max_sectors_kb, MAX-SECTORS-KB). */
static void test_columns_help(void **state)
{
	static const char *const fixed[] = { "NAME", "TYPE", "CLASS", "TRAN", "SIZE", "RAID",
					     "ALIGN", "FSTYPE", "MOUNTS", "KNAME", "MAJ:MIN",
					     "RO", "RM", "MODEL", "VENDOR", "SERIAL", "WWN",
					     "REV", "STABLE-ID" };
	char *help = NULL;
	size_t len = 0, n = 0;
	FILE *f = open_memstream(&help, &len);

	(void)state;
	assert_non_null(f);
	st_report_probe_columns_help(f);
	assert_int_equal(fclose(f), 0);
	for (size_t i = 0; i < ST_ARRAY_SIZE(fixed); i++) {
		if (!help_line(help, fixed[i]))
			fprintf(stderr, "probe --help does not list %s:\n%s", fixed[i], help);
		assert_non_null(help_line(help, fixed[i]));
	}
	for (size_t i = 0; i < st_queue_attrs.n; i++) {
		const struct st_attr *a = &st_queue_attrs.v[i];
		char name[32];

		if (!a->column && (!a->path || a->type == ST_AT_STRV || a->type == ST_AT_KV))
			continue;
		snprintf(name, sizeof(name), "%s", a->column ? a->column : a->key);
		for (char *p = name; !a->column && *p; p++)
			*p = *p == '_' ? '-' : (char)toupper((unsigned char)*p);
		if (!help_line(help, name) || !strstr(help_line(help, name), a->path))
			fprintf(stderr, "probe --help: no column %s for %s\n", name, a->path);
		assert_non_null(help_line(help, name));
		assert_non_null(strstr(help_line(help, name), a->path));
	}
	/* and each line says something after the name */
	for (const char *p = strstr(help, "\n  "); p; p = strstr(p + 1, "\n  ")) {
		const char *end = strchr(p + 1, '\n');

		assert_non_null(end);
		assert_true(end - p > 22);
		n++;
	}
	assert_true(n >= ST_ARRAY_SIZE(fixed) + 7);
	free(help);
}

/* --raw and --pairs escape as lsblk does (test_lsblk compares with it):
 * raw a blank, a backslash, anything unprintable; pairs also ", `, $ */
static void test_escaping(void **state)
{
	char *root = st_test_copy_fixture("lvm-luks-nvme"), *mi, *text;
	struct st_report_opts o = { .raw = true, .columns = "NAME,MOUNTS" };
	FILE *f;

	(void)state;
	mi = st_xasprintf("%s/proc/self/mountinfo", root);
	f = fopen(mi, "a");
	assert_non_null(f);
	/* mountinfo writes a blank as \040 and a backslash as \134 */
	fputs("66 65 253:3 / /home/a\\040b\"c$d\\134e`f rw,relatime shared:36 - ext4 "
	      "/dev/mapper/vg0-home rw\n",
	      f);
	assert_int_equal(fclose(f), 0);
	st_log_set_quiet(true);
	text = table_of(root, &o);
	assert_non_null(strstr(text, "NAME MOUNTS\n"));
	assert_non_null(strstr(text, "\nvg0-home /home,/home/a\\x20b\"c$d\\x5ce`f\n"));
	assert_non_null(strstr(text, "\nnvme0n1p3_crypt -\n"));
	free(text);
	o.raw = false;
	o.pairs = true;
	text = table_of(root, &o);
	assert_non_null(strstr(text, "\nNAME=\"vg0-home\" "
				     "MOUNTS=\"/home,/home/a b\\x22c\\x24d\\x5ce\\x60f\"\n"));
	assert_true(starts_with(text, "NAME=\"nvme0n1\" MOUNTS=\"-\"\n"));
	free(text);
	/* pairs wins over raw; keys a shell can assign */
	o.raw = true;
	o.columns = "name,log/phy,min-io,maj:min";
	text = table_of(root, &o);
	assert_true(starts_with(text, "NAME=\"nvme0n1\" LOG_PHY=\"512/512\" MIN_IO=\"512\" "
				      "MAJ_MIN=\"259:0\"\n"));
	free(text);
	free(mi);
	st_test_rmtree(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_no_devices),
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_fits_terminal),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_columns_help),
		cmocka_unit_test(test_escaping),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
