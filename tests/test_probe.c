/*
 * test_probe.c - the probe registry check, and the proof that stortune's
 * enumeration (sysfs and udev's database files, probe_enum.c) finds what
 * libudev finds on the machine the tests run on: libudev is the oracle.
 */
#include <errno.h>
#include <sys/stat.h>
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

/* What lsblk leaves out, and so does the enumeration: RAM disks, hidden
 * devices, loop devices without a backing file (and their partitions). */
static bool left_out(struct udev_device *disk)
{
	dev_t devnum = udev_device_get_devnum(disk);

	return major(devnum) == 1 || st_streq(udev_device_get_sysattr_value(disk, "hidden"), "1") ||
	       (major(devnum) == 7 && !udev_device_get_sysattr_value(disk, "loop/backing_file"));
}

/* lines sorted and appended to out; both are freed or returned */
static char *join_sorted(char **lines, char *out)
{
	qsort(lines, st_strv_len(lines), sizeof(*lines), cmp_str);
	for (size_t i = 0; lines && lines[i]; i++) {
		char *next = st_xasprintf("%s%s", out, lines[i]);

		free(out);
		out = next;
	}
	st_strv_free(lines);
	return out;
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
		if (left_out(parent ? parent : ud)) {
			udev_device_unref(ud);
			continue;
		}
		udev_list_entry_foreach(p, udev_device_get_properties_list_entry(ud))
			nprops += st_udev_key_wanted(udev_list_entry_get_name(p));
		st_strv_pushf(&lines, "%s %u:%u %s disk=%s udev=%zu\n", udev_device_get_sysname(ud),
			      major(devnum), minor(devnum), udev_device_get_syspath(ud) + 1,
			      parent ? udev_device_get_sysname(parent) : "-", nprops);
		udev_device_unref(ud);
	}
	udev_enumerate_unref(en);
	return join_sorted(lines, out);
}

/* The same, from the enumeration probe, lines sorted the same way. */
static char *describe_sorted(const struct st_system *sys)
{
	char *all = describe(sys), **lines = NULL, *out = st_xstrdup(""), *save = NULL;

	for (char *l = strtok_r(all, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		st_strv_pushf(&lines, "%s\n", l);
	free(all);
	return join_sorted(lines, out);
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

/* Every fixture's model, as probe --json shows it, with reading ahead on
 * or off. */
static char *probe_json(const char *root, bool ahead, size_t *served)
{
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	struct json_object *j;
	struct st_devv roots;
	char *out;

	assert_int_equal(st_path_new(&pc, root), 0);
	st_path_set_prefetch(pc, ahead);
	assert_int_equal(st_probe_run(pc, &sys), 0);
	*served = st_path_prefetched(pc);
	roots = st_report_roots(sys, NULL, 0);
	j = st_report_probe_json(sys, &roots);
	out = st_xstrdup(json_object_to_json_string(j));
	json_object_put(j);
	free(roots.v);
	st_system_free(sys);
	st_path_free(pc);
	return out;
}

/*
 * Reading ahead (st_probe_ops.prefetch, io_uring) changes how many system
 * calls a probe makes, never what it finds: on every fixture sysroot the
 * model is the same with it and without, and it served most reads.
 */
static void test_prefetch_same_model(void **state)
{
	char *dir = st_test_path("tests/sysroots");
	char **names = NULL;
	struct st_path *pc;
	size_t trees = 0;

	(void)state;
	assert_int_equal(st_path_new(&pc, dir), 0);
	assert_int_equal(st_path_list_dirf(pc, &names, "."), 0);
	st_path_free(pc);
	for (size_t i = 0; names && names[i]; i++) {
		char *root = st_xasprintf("%s/%s", dir, names[i]), *sys = st_xasprintf("%s/sys", root);
		size_t with = 0, without = 0;
		char *a, *b;

		if (access(sys, F_OK) == 0) {
			a = probe_json(root, true, &with);
			b = probe_json(root, false, &without);
			if (strcmp(a, b) != 0)
				fprintf(stderr, "%s: read ahead:\n%s\none by one:\n%s\n", names[i], a, b);
			assert_string_equal(a, b);
			assert_int_equal(without, 0);
			/* without io_uring (a container may forbid it) nothing is
			 * read ahead, and the models must agree all the same */
			if (with == 0)
				fprintf(stderr, "%s: nothing read ahead (io_uring unavailable?)\n",
					names[i]);
			free(a);
			free(b);
			trees++;
		}
		free(sys);
		free(root);
	}
	assert_true(trees >= 10);
	st_strv_free(names);
	free(dir);
}

/*
 * What is read ahead is bytes, not a string: a VPD page starts with a NUL
 * byte (peripheral qualifier 0), and the reader must get all of it.
 */
static void test_prefetch_binary(void **state)
{
	static const char page[] = "\0\x80\0\x08SER\0AL42";
	char *dir = st_test_mkdtemp(), *buf = NULL, *rel = "sys/vpd_pg80", *sys;
	struct st_path *pc;
	size_t len = 0;

	(void)state;
	sys = st_xasprintf("%s/sys", dir);
	assert_int_equal(mkdir(sys, 0755), 0);
	free(sys);
	st_test_write(dir, rel, page, sizeof(page) - 1);
	assert_int_equal(st_path_new(&pc, dir), 0);
	st_path_prefetch(pc, &rel, 1);
	assert_int_equal(st_path_read_rawf(pc, &buf, &len, "%s", rel), 0);
	assert_int_equal(len, sizeof(page) - 1);
	assert_memory_equal(buf, page, len);
	/* from the batch, unless this kernel has no io_uring for us */
	if (st_path_reads_ahead(pc))
		assert_int_equal(st_path_prefetched(pc), 1);
	free(buf);
	st_path_free(pc);
	st_test_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_check),
		cmocka_unit_test(test_enumerators_agree),
		cmocka_unit_test(test_prefetch_same_model),
		cmocka_unit_test(test_prefetch_binary),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
