/*
 * test_probe.c - the probe registry check, and the proof that stortune's
 * enumeration (sysfs and udev's database files, probe_enum.c) finds what
 * libudev finds on the machine the tests run on: libudev is the oracle.
 */
#include <errno.h>
#include <json-c/json.h>
#include <libudev.h>

#include "st_probe.h"
#include "st_report_probe.h"
#include "st_test.h"

static int dummy_device(struct st_probe_ctx *ctx, struct st_device *dev)
{
	(void)ctx;
	(void)dev;
	return 0;
}

static void test_registry_check(void **state)
{
	static const struct st_probe_ops good = { .name = "good", .device = dummy_device };
	static const struct st_probe_ops nohooks = { .name = "lazy" };
	static const struct st_probe_ops noname = { .device = dummy_device };
	const struct st_probe_ops *t1[] = { &good, NULL };
	const struct st_probe_ops *t2[] = { &good, &nohooks };
	const struct st_probe_ops *t3[] = { &noname };
	const struct st_probe_ops *t4[] = { &good, &good };
	const struct st_probe_ops *t5[] = { &good };
	char *problem = NULL;

	(void)state;
	assert_int_equal(st_probe_registry_check(t1, 2, &problem), -EINVAL);
	assert_string_equal(problem, "probe slot 1 is empty");
	free(problem);
	assert_int_equal(st_probe_registry_check(t2, 2, &problem), -EINVAL);
	assert_string_equal(problem, "probe 'lazy' has neither a device nor a system hook");
	free(problem);
	assert_int_equal(st_probe_registry_check(t3, 1, &problem), -EINVAL);
	assert_string_equal(problem, "probe slot 0 has no name");
	free(problem);
	assert_int_equal(st_probe_registry_check(t4, 2, &problem), -EINVAL);
	assert_string_equal(problem, "probe 'good' is registered twice");
	free(problem);
	assert_int_equal(st_probe_registry_check(t5, 1, &problem), 0);
	assert_null(problem);
}

static char *describe(const struct st_system *sys)
{
	char *out = st_xstrdup("");

	for (size_t i = 0; i < sys->devices.n; i++) {
		const struct st_device *d = sys->devices.v[i];
		char *line = st_xasprintf("%s%s %u:%u %s disk=%s udev=%zu\n", out, d->kname, d->maj,
					  d->min, d->sysdir, d->disk ? d->disk->kname : "-",
					  d->udev.n);

		free(out);
		out = line;
	}
	return out;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of describe(), from libudev. */
static char *describe_udev(struct udev *udev)
{
	struct udev_enumerate *en = udev_enumerate_new(udev);
	struct udev_list_entry *e;
	char **lines = NULL, *out = st_xstrdup("");

	assert_non_null(en);
	assert_int_equal(udev_enumerate_add_match_subsystem(en, "block"), 0);
	assert_int_equal(udev_enumerate_scan_devices(en), 0);
	udev_list_entry_foreach(e, udev_enumerate_get_list_entry(en))
	{
		struct udev_device *ud = udev_device_new_from_syspath(udev, udev_list_entry_get_name(e));
		struct udev_device *parent = NULL;
		struct udev_list_entry *p;
		size_t nprops = 0;
		dev_t devnum;

		if (!ud)
			continue;
		devnum = udev_device_get_devnum(ud);
		if (st_streq(udev_device_get_devtype(ud), "partition"))
			parent = udev_device_get_parent_with_subsystem_devtype(ud, "block", "disk");
		udev_list_entry_foreach(p, udev_device_get_properties_list_entry(ud))
			nprops += st_udev_key_wanted(udev_list_entry_get_name(p));
		st_strv_pushf(&lines, "%s %u:%u %s disk=%s udev=%zu\n", udev_device_get_sysname(ud),
			      major(devnum), minor(devnum), udev_device_get_syspath(ud) + 1,
			      parent ? udev_device_get_sysname(parent) : "-", nprops);
		udev_device_unref(ud);
	}
	udev_enumerate_unref(en);
	qsort(lines, st_strv_len(lines), sizeof(*lines), cmp_str);
	for (size_t i = 0; lines && lines[i]; i++) {
		char *next = st_xasprintf("%s%s", out, lines[i]);

		free(out);
		out = next;
	}
	st_strv_free(lines);
	return out;
}

/* The same, from the enumeration probe, lines sorted the same way. */
static char *describe_sorted(const struct st_system *sys)
{
	char *all = describe(sys), **lines = NULL, *out = st_xstrdup(""), *save = NULL;

	for (char *l = strtok_r(all, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		st_strv_pushf(&lines, "%s\n", l);
	free(all);
	qsort(lines, st_strv_len(lines), sizeof(*lines), cmp_str);
	for (size_t i = 0; lines && lines[i]; i++) {
		char *next = st_xasprintf("%s%s", out, lines[i]);

		free(out);
		out = next;
	}
	st_strv_free(lines);
	return out;
}

/* Both enumerations, side by side, on the live machine. */
static void test_enumerators_agree(void **state)
{
	struct st_probe_ctx b = { 0 };
	struct st_path *pc;
	struct udev *udev;
	char *da, *db;

	(void)state;
	if (access("/sys/block", R_OK) != 0)
		skip();
	assert_int_equal(st_path_new(&pc, NULL), 0);
	b.pc = pc;
	b.sys = st_system_new();
	udev = udev_new();
	assert_non_null(udev);

	assert_int_equal(st_probe_enum_sysfs(&b), 0);
	assert_true(b.sys->devices.n > 0);
	da = describe_udev(udev);
	db = describe_sorted(b.sys);
	if (strcmp(da, db) != 0)
		fprintf(stderr, "libudev:\n%s\nstortune:\n%s\n", da, db);
	assert_string_equal(da, db);

	free(da);
	free(db);
	udev_unref(udev);
	st_system_free(b.sys);
	st_path_free(pc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_check),
		cmocka_unit_test(test_enumerators_agree),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
