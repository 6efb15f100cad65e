/*
 * test_probe.c - the probe registry check, and the proof that the two
 * enumerations (libudev live, sysfs under --sysroot) give the same model on
 * the machine the tests run on.
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

/* Both enumerators, side by side, on the live machine. */
static void test_enumerators_agree(void **state)
{
	struct st_probe_ctx a = { 0 }, b = { 0 };
	struct st_path *pc;
	char *da, *db;

	(void)state;
	if (access("/sys/block", R_OK) != 0)
		skip();
	assert_int_equal(st_path_new(&pc, NULL), 0);
	a.pc = b.pc = pc;
	a.sys = st_system_new();
	b.sys = st_system_new();
	a.udev = udev_new();
	assert_non_null(a.udev);

	assert_int_equal(st_probe_enum_udev(&a), 0);
	assert_int_equal(st_probe_enum_sysfs(&b), 0);
	st_system_sort(a.sys);
	st_system_sort(b.sys);
	assert_true(a.sys->devices.n > 0);
	da = describe(a.sys);
	db = describe(b.sys);
	if (strcmp(da, db) != 0)
		fprintf(stderr, "libudev:\n%s\nsysfs:\n%s\n", da, db);
	assert_string_equal(da, db);

	free(da);
	free(db);
	udev_unref(a.udev);
	st_system_free(a.sys);
	st_system_free(b.sys);
	st_path_free(pc);
}

/* And the whole model built on each, as the user sees it in JSON. */
static void test_models_agree(void **state)
{
	struct st_system *a = NULL, *b = NULL;
	struct json_object *ja, *jb;
	struct st_devv ra, rb;
	struct st_path *pc;

	(void)state;
	if (access("/sys/block", R_OK) != 0)
		skip();
	assert_int_equal(st_path_new(&pc, NULL), 0);
	assert_int_equal(st_probe_run(pc, 0, &a), 0);
	assert_int_equal(st_probe_run(pc, ST_PROBE_NO_UDEV, &b), 0);
	ra = st_report_roots(a, NULL, 0);
	rb = st_report_roots(b, NULL, 0);
	ja = st_report_probe_json(a, &ra);
	jb = st_report_probe_json(b, &rb);
	assert_true(json_object_array_length(json_object_object_get(ja, "devices")) > 0);
	assert_string_equal(json_object_to_json_string(ja), json_object_to_json_string(jb));

	json_object_put(ja);
	json_object_put(jb);
	free(ra.v);
	free(rb.v);
	st_system_free(a);
	st_system_free(b);
	st_path_free(pc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_check),
		cmocka_unit_test(test_enumerators_agree),
		cmocka_unit_test(test_models_agree),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
