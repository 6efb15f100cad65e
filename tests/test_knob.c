/*
 * test_knob.c - the knob descriptor table: its invariants, lookups, the
 * value type checks and rendering (every error class, unit conversions),
 * current values read from hand-built and fixture models, why a knob does
 * not apply, the exact commands and fstab options it composes, and the
 * device-dependent limits.
 */
#include <errno.h>

#include "st_test.h"
#include "st_knob.h"

/* Values built by hand: only st_vtype_name is needed from the expression
 * module, and these tests do not depend on how it builds values. */
static struct st_value num(int64_t n)
{
	struct st_value v = { .type = ST_V_NUM, .n = n };

	return v;
}

static struct st_value size(int64_t bytes)
{
	struct st_value v = { .type = ST_V_SIZE, .n = bytes };

	return v;
}

static struct st_value boolean(bool b)
{
	struct st_value v = { .type = ST_V_BOOL, .b = b };

	return v;
}

static struct st_value str(char *s)
{
	struct st_value v = { .type = ST_V_STR, .s = s };

	return v;
}

static const struct st_knob *knob(const char *name)
{
	const struct st_knob *k = st_knob_find(name);

	if (!k)
		fail_msg("knob %s is missing from the table", name);
	return k;
}

/* Table ------------------------------------------------------------------- */

static void test_table_invariants(void **state)
{
	size_t n, sched = SIZE_MAX;
	const struct st_knob *t = st_knob_table(&n);
	enum st_knob_kind last_kind = ST_KNOB_SYSFS;

	(void)state;
	assert_true(n >= 30);
	for (size_t i = 0; i < n; i++) {
		const struct st_knob *k = &t[i];

		assert_non_null(k->name);
		assert_true(*k->name);
		assert_non_null(k->help);
		assert_true(*k->help);
		assert_non_null(k->path);
		assert_true(*k->path);
		assert_true((unsigned)k->kind < ST_KNOB_KIND_NR);
		assert_true((unsigned)k->scope < ST_SCOPE_NR);
		assert_true((unsigned)k->type < ST_KT_NR);
		assert_true((unsigned)k->unit < ST_UNIT_NR);
		assert_true((unsigned)k->risk < ST_RISK_NR);
		assert_int_equal(k->flags & ~(ST_KNOB_RUNTIME | ST_KNOB_QUEUE | ST_KNOB_SCHED |
					       ST_KNOB_NVME_SUBSYS),
				 0);
		/* only an NVMe subsystem attribute, under the head's device/ */
		if (k->flags & ST_KNOB_NVME_SUBSYS)
			assert_string_equal(k->path, "device/iopolicy");
		assert_int_equal(st_knob_index(k), i);
		assert_ptr_equal(st_knob_find(k->name), k);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(t[j].name, k->name);

		/* apply order: sysfs, then sysctls, then mounts */
		assert_true(k->kind >= last_kind);
		last_kind = k->kind;

		if (k->type == ST_KT_ENUM) {
			assert_non_null(k->values);
			assert_non_null(k->values[0]);
		} else {
			assert_null(k->values);
		}
		if (k->type == ST_KT_U64)
			assert_true(k->min <= k->max);
		else
			assert_int_equal(k->unit, ST_UNIT_NONE);

		switch (k->kind) {
		case ST_KNOB_SYSFS:
			assert_int_equal(k->scope, ST_SCOPE_DEVICE);
			assert_true(k->path[0] != '/');
			assert_null(strstr(k->path, ".."));
			assert_true(k->flags & ST_KNOB_RUNTIME);
			/* but for an md array's own attributes and an NVMe
			 * subsystem's, every device knob is the queue's */
			if (!st_startswith(k->path, "md/") && strcmp(k->path, "device/iopolicy") != 0)
				assert_true(k->flags & ST_KNOB_QUEUE);
			assert_null(k->fstypes);
			break;
		case ST_KNOB_SYSCTL: {
			char *want = st_xasprintf("proc/sys/%s", k->name);

			for (char *c = want + strlen("proc/sys/"); *c; c++)
				if (*c == '.')
					*c = '/';
			assert_string_equal(k->path, want);
			assert_true(st_startswith(k->path, "proc/sys/vm/"));
			free(want);
			assert_int_equal(k->scope, ST_SCOPE_SYSTEM);
			assert_int_equal(k->flags, ST_KNOB_RUNTIME);
			assert_null(k->requires_sched);
			break;
		}
		case ST_KNOB_MOUNT:
			assert_int_equal(k->scope, ST_SCOPE_MOUNT);
			assert_true(st_startswith(k->name, "mount:"));
			assert_string_equal(k->path, k->name + strlen("mount:"));
			assert_null(k->requires_sched);
			assert_int_equal(k->flags & (ST_KNOB_QUEUE | ST_KNOB_SCHED), 0);
			break;
		default:
			fail();
		}

		if (strcmp(k->name, "queue/scheduler") == 0)
			sched = i;
		if (k->requires_sched) {
			const char *const *v;

			/* the scheduler is set before its tunables */
			assert_true(sched < i);
			assert_true(k->flags & ST_KNOB_SCHED);
			assert_true(st_startswith(k->path, "queue/iosched/"));
			for (v = t[sched].values; *v && strcmp(*v, k->requires_sched); v++)
				;
			assert_non_null(*v);
		} else {
			assert_false(st_startswith(k->path, "queue/iosched/"));
		}
	}
	assert_int_equal(last_kind, ST_KNOB_MOUNT);
	/* the scheduler's switch resets nr_requests and bfq turns wbt off */
	assert_true(st_knob_index(knob("queue/nr_requests")) > sched);
	assert_true(st_knob_index(knob("queue/wbt_lat_usec")) > sched);
	assert_true(st_knob_index(knob("queue/rotational")) < sched);
	/* the bytes twin is written after the ratio, which it zeroes */
	assert_true(st_knob_index(knob("vm.dirty_bytes")) > st_knob_index(knob("vm.dirty_ratio")));
}

static void test_table_entries(void **state)
{
	const struct st_knob *k;

	(void)state;
	k = knob("queue/scheduler");
	assert_int_equal(k->kind, ST_KNOB_SYSFS);
	assert_int_equal(k->type, ST_KT_ENUM);
	assert_string_equal(k->values[0], "none");
	assert_string_equal(k->values[3], "kyber");
	assert_string_equal(k->values[6], "cfq");
	assert_null(k->values[7]);
	assert_int_equal(k->flags, ST_KNOB_RUNTIME | ST_KNOB_QUEUE | ST_KNOB_SCHED);

	/* mq-deadline's tunables are the legacy deadline's too, no other's */
	k = knob("queue/iosched/fifo_batch");
	assert_true(st_knob_sched_matches(k, "mq-deadline"));
	assert_true(st_knob_sched_matches(k, "deadline"));
	assert_false(st_knob_sched_matches(k, "cfq"));
	assert_false(st_knob_sched_matches(k, NULL));
	assert_false(st_knob_sched_matches(knob("queue/iosched/slice_idle"), "deadline"));
	assert_false(st_knob_sched_matches(knob("queue/scheduler"), "deadline"));

	k = knob("queue/iosched/read_lat_nsec");
	assert_string_equal(k->requires_sched, "kyber");
	assert_int_equal(k->unit, ST_UNIT_NSEC);
	assert_true(k->max == 10000000000ull);

	k = knob("queue/read_ahead_kb");
	assert_int_equal(k->flags, ST_KNOB_RUNTIME | ST_KNOB_QUEUE);
	assert_int_equal(k->unit, ST_UNIT_KIB);

	k = knob("vm.dirty_bytes");
	assert_string_equal(k->path, "proc/sys/vm/dirty_bytes");
	assert_true(k->max == 1ull << 50);

	k = knob("mount:commit");
	assert_int_equal(k->risk, ST_RISK_DURABILITY);
	assert_string_equal(k->fstypes[0], "ext3");
	assert_string_equal(k->fstypes[1], "ext4");
	assert_null(k->fstypes[2]);

	k = knob("mount:atime");
	assert_null(k->fstypes);
	assert_int_equal(k->risk, ST_RISK_NONE);

	k = knob("mount:data");
	assert_false(k->flags & ST_KNOB_RUNTIME);
	assert_true(knob("mount:barrier")->flags & ST_KNOB_RUNTIME);
}

static void test_unit_names(void **state)
{
	(void)state;
	for (unsigned i = 0; i < ST_UNIT_NR; i++)
		assert_non_null(st_unit_name((enum st_unit)i));
	assert_string_equal(st_unit_name(ST_UNIT_KIB), "KiB");
	assert_string_equal(st_unit_name(ST_UNIT_NONE), "");
	assert_string_equal(st_unit_name(ST_UNIT_MSEC), "ms");
}

static void test_find_suggest(void **state)
{
	(void)state;
	assert_non_null(st_knob_find("queue/scheduler"));
	assert_null(st_knob_find("queue/Scheduler"));
	assert_null(st_knob_find("scheduler"));
	assert_null(st_knob_find(""));
	assert_null(st_knob_find(NULL));
	assert_string_equal(st_knob_suggest("queue/schedular"), "queue/scheduler");
	assert_string_equal(st_knob_suggest("vm.swapiness"), "vm.swappiness");
	assert_string_equal(st_knob_suggest("queue/read_ahead"), "queue/read_ahead_kb");
	assert_string_equal(st_knob_suggest("mount:noatime"), "mount:atime");
	assert_null(st_knob_suggest("something/else/entirely"));
	assert_null(st_knob_suggest(NULL));
}

/* Type checks and rendering ----------------------------------------------- */

static void expect_type(const char *name, enum st_vtype t, const char *msg)
{
	char *err = NULL;
	int rc = st_knob_check_type(knob(name), t, &err);

	if (!msg) {
		assert_int_equal(rc, 0);
		assert_null(err);
		return;
	}
	assert_int_equal(rc, -EINVAL);
	assert_non_null(err);
	assert_string_equal(err, msg);
	free(err);
}

static void test_check_type(void **state)
{
	(void)state;
	expect_type("queue/scheduler", ST_V_STR, NULL);
	expect_type("queue/scheduler", ST_V_NUM, "queue/scheduler takes str, not num");
	expect_type("queue/scheduler", ST_V_BOOL, "queue/scheduler takes str, not bool");
	expect_type("mount:atime", ST_V_LIST, "mount:atime takes str, not list");

	expect_type("queue/read_ahead_kb", ST_V_NUM, NULL);
	expect_type("queue/read_ahead_kb", ST_V_SIZE, NULL);
	expect_type("queue/read_ahead_kb", ST_V_STR,
		    "queue/read_ahead_kb takes num or size, not str");
	expect_type("vm.dirty_bytes", ST_V_SIZE, NULL);
	expect_type("vm.dirty_bytes", ST_V_BOOL, "vm.dirty_bytes takes num or size, not bool");
	/* sizes only for byte-sized units */
	expect_type("vm.swappiness", ST_V_NUM, NULL);
	expect_type("vm.swappiness", ST_V_SIZE, "vm.swappiness takes num, not size");
	expect_type("mount:commit", ST_V_SIZE, "mount:commit takes num, not size");
	expect_type("queue/iosched/read_expire", ST_V_SIZE,
		    "queue/iosched/read_expire takes num, not size");

	expect_type("queue/add_random", ST_V_BOOL, NULL);
	expect_type("mount:discard", ST_V_BOOL, NULL);
	expect_type("mount:discard", ST_V_NUM, "mount:discard takes bool, not num");
	expect_type("queue/rotational", ST_V_STR, "queue/rotational takes bool, not str");
	/* the literal `unknown` can never be set */
	expect_type("queue/nr_requests", ST_V_UNKNOWN, "queue/nr_requests takes num, not unknown");
	assert_int_equal(st_knob_check_type(knob("queue/nr_requests"), ST_V_STR, NULL), -EINVAL);
}

static void expect_render(const char *name, struct st_value v, const char *text)
{
	char *out = NULL, *err = NULL;

	assert_int_equal(st_knob_render(knob(name), &v, &out, &err), 0);
	assert_null(err);
	assert_non_null(out);
	assert_string_equal(out, text);
	free(out);
}

static void expect_render_err(const char *name, const struct st_value *v, int rc, const char *msg)
{
	char *out = NULL, *err = NULL;

	assert_int_equal(st_knob_render(knob(name), v, &out, &err), rc);
	assert_null(out);
	assert_non_null(err);
	assert_string_equal(err, msg);
	free(err);
}

static void test_render(void **state)
{
	char none[] = "none", cfq[] = "cfq", as[] = "anticipatory", noatime[] = "noatime",
	     journal[] = "journal";
	struct st_value v;

	(void)state;
	/* enums */
	expect_render("queue/scheduler", str(none), "none");
	expect_render("mount:atime", str(noatime), "noatime");
	expect_render("mount:data", str(journal), "journal");
	/* the legacy single-queue elevators are values too; anticipatory
	 * left the kernel in 2.6.33 */
	expect_render("queue/scheduler", str(cfq), "cfq");
	v = str(as);
	expect_render_err("queue/scheduler", &v, -EINVAL,
			  "queue/scheduler: 'anticipatory' is not one of none, mq-deadline, bfq, "
			  "kyber, deadline, noop, cfq");
	v = str(none);
	expect_render_err("mount:atime", &v, -EINVAL,
			  "mount:atime: 'none' is not one of noatime, relatime, strictatime");

	/* numbers are in the knob's unit, sizes converted from bytes */
	expect_render("queue/read_ahead_kb", num(128), "128");
	expect_render("queue/read_ahead_kb", size(64 * 1024), "64");
	expect_render("queue/read_ahead_kb", size(0), "0");
	expect_render("queue/max_sectors_kb", size(1024 * 1024), "1024");
	expect_render("vm.dirty_bytes", size(1024 * 1024), "1048576");
	expect_render("vm.dirty_bytes", num(268435456), "268435456");
	expect_render("vm.dirty_background_bytes", num(0), "0");
	expect_render("queue/nr_requests", num(4), "4");
	expect_render("queue/nr_requests", num(2048), "2048");
	expect_render("queue/iosched/read_lat_nsec", num(10000000000), "10000000000");
	expect_render("mount:commit", num(30), "30");
	expect_render("vm.swappiness", num(0), "0");

	/* mq-deadline deadlines are jiffies: 250 ms reads back as 252 at 250 Hz */
	expect_render("queue/iosched/read_expire", num(240), "240");
	v = num(250);
	expect_render_err("queue/iosched/read_expire", &v, -ERANGE,
			  "queue/iosched/read_expire: 250 is not a multiple of 20ms (the kernel "
			  "keeps it in jiffies; other values read back rounded)");

	v = size(1000);
	expect_render_err("queue/read_ahead_kb", &v, -EINVAL,
			  "queue/read_ahead_kb: 1000B is not a whole number of KiB");
	v = size(1536);
	expect_render_err("queue/max_sectors_kb", &v, -EINVAL,
			  "queue/max_sectors_kb: 1536B is not a whole number of KiB");

	/* ranges */
	v = num(2);
	expect_render_err("queue/nr_requests", &v, -ERANGE,
			  "queue/nr_requests: 2 is below the minimum 4");
	v = num(4096);
	expect_render_err("queue/nr_requests", &v, -ERANGE,
			  "queue/nr_requests: 4096 is above the maximum 2048");
	v = num(-1);
	expect_render_err("queue/nr_requests", &v, -ERANGE,
			  "queue/nr_requests: -1 is below the minimum 4");
	v = num(-5);
	expect_render_err("vm.swappiness", &v, -ERANGE, "vm.swappiness: -5 is below the minimum 0");
	v = num(101);
	expect_render_err("vm.dirty_ratio", &v, -ERANGE,
			  "vm.dirty_ratio: 101 is above the maximum 100");
	v = num(0);
	expect_render_err("vm.dirty_bytes", &v, -ERANGE,
			  "vm.dirty_bytes: 0 is below the minimum 8192");
	v = size(4096);
	expect_render_err("vm.dirty_bytes", &v, -ERANGE,
			  "vm.dirty_bytes: 4KiB is below the minimum 8KiB");
	v = size(128 * 1024 * 1024);
	expect_render_err("queue/read_ahead_kb", &v, -ERANGE,
			  "queue/read_ahead_kb: 128MiB is above the maximum 64MiB");
	v = size(-4096);
	expect_render_err("queue/read_ahead_kb", &v, -ERANGE,
			  "queue/read_ahead_kb: -4KiB is below the minimum 0B");
	v = size(1024);
	expect_render_err("queue/max_sectors_kb", &v, -ERANGE,
			  "queue/max_sectors_kb: 1KiB is below the minimum 4KiB");
	v = num(0);
	expect_render_err("mount:commit", &v, -ERANGE, "mount:commit: 0 is below the minimum 1");
	v = num(INT64_MAX);
	expect_render_err("vm.dirty_expire_centisecs", &v, -ERANGE,
			  "vm.dirty_expire_centisecs: 9223372036854775807 is above the maximum "
			  "2147483647");

	/* bools: 1/0 for sysfs and for mount options alike */
	expect_render("queue/add_random", boolean(true), "1");
	expect_render("queue/rotational", boolean(false), "0");
	expect_render("mount:discard", boolean(true), "1");
	expect_render("mount:barrier", boolean(false), "0");

	/* wrong type at run time, unknown values */
	v = str(none);
	expect_render_err("queue/nr_requests", &v, -EINVAL,
			  "queue/nr_requests takes num, not str");
	v = size(4096);
	expect_render_err("vm.swappiness", &v, -EINVAL, "vm.swappiness takes num, not size");
	v = (struct st_value){ .type = ST_V_UNKNOWN, .why_unknown = "device.raid.chunk" };
	expect_render_err("queue/read_ahead_kb", &v, -EINVAL,
			  "queue/read_ahead_kb: value is unknown");
	expect_render_err("queue/scheduler", NULL, -EINVAL, "queue/scheduler: value is unknown");
}

static void test_render_no_errmsg(void **state)
{
	struct st_value v = num(1);
	char *out = (char *)"untouched";

	(void)state;
	assert_int_equal(st_knob_render(knob("queue/nr_requests"), &v, &out, NULL), -ERANGE);
	assert_null(out);
	v = size(100);
	assert_int_equal(st_knob_render(knob("queue/read_ahead_kb"), &v, &out, NULL), -EINVAL);
	assert_null(out);
}

/* Hand-built models ------------------------------------------------------- */

/* sda: a SATA disk with mq-deadline active and bfq not loaded */
static struct st_device *make_sata(void)
{
	struct st_device *d = st_device_new();
	struct st_queue *q = &d->queue;

	d->kname = st_xstrdup("sda");
	d->kind = ST_KIND_DISK;
	q->present = true;
	q->rotational = 1;
	q->has_scheduler = true;
	q->scheduler = st_xstrdup("mq-deadline");
	st_strv_push(&q->schedulers, "mq-deadline");
	st_strv_push(&q->schedulers, "none");
	st_kvlist_add(&q->iosched, "read_expire", "500");
	st_kvlist_add(&q->iosched, "front_merges", "1");
	q->nr_requests = 64;
	q->read_ahead_kb = 128;
	q->max_sectors_kb = 512;
	q->max_hw_sectors_kb = 1024;
	q->nomerges = 0;
	q->rq_affinity = 1;
	q->add_random = 0;
	q->queue_depth = 32;
	/* wbt_lat_usec left unknown: an old kernel */
	return d;
}

static struct st_device *make_part(struct st_device *disk)
{
	struct st_device *p = st_device_new();

	p->kname = st_xstrdup("sda1");
	p->kind = ST_KIND_PART;
	p->disk = disk;
	return p;
}

/* md0: bio-based, a queue/ without a scheduler */
static struct st_device *make_md(void)
{
	struct st_device *d = st_device_new();

	d->kname = st_xstrdup("md0");
	d->kind = ST_KIND_MD;
	d->queue.present = true;
	d->queue.rotational = 0;
	d->queue.read_ahead_kb = 6144;
	return d;
}

static struct st_mount *make_mount(const char *fstype, const char *target, const char *options,
				   const char *fstab)
{
	struct st_mount *m = st_mount_new();

	m->fstype = st_xstrdup(fstype);
	m->target = st_xstrdup(target);
	m->options = st_xstrdup(options);
	m->fstab_options = st_xstrdup(fstab);
	return m;
}

static char *current(const char *name, const struct st_system *sys, const struct st_device *dev,
		     const struct st_mount *mnt)
{
	char *text = (char *)"untouched";

	st_knob_current(knob(name), sys, dev, mnt, &text);
	return text;
}

static void expect_current(const char *name, const struct st_system *sys,
			   const struct st_device *dev, const struct st_mount *mnt,
			   const char *want)
{
	char *text = current(name, sys, dev, mnt);

	if (!want) {
		if (text)
			fail_msg("%s: expected no current value, got '%s'", name, text);
		return;
	}
	if (!text)
		fail_msg("%s: expected '%s', got none", name, want);
	assert_string_equal(text, want);
	free(text);
}

static void test_current_device(void **state)
{
	struct st_device *sda = make_sata(), *sda1 = make_part(sda), *md = make_md();

	(void)state;
	expect_current("queue/scheduler", NULL, sda, NULL, "mq-deadline");
	expect_current("queue/iosched/read_expire", NULL, sda, NULL, "500");
	expect_current("queue/iosched/front_merges", NULL, sda, NULL, "1");
	/* a tunable the probe did not find, and another scheduler's */
	expect_current("queue/iosched/write_expire", NULL, sda, NULL, NULL);
	expect_current("queue/iosched/slice_idle", NULL, sda, NULL, NULL);
	expect_current("queue/nr_requests", NULL, sda, NULL, "64");
	expect_current("queue/read_ahead_kb", NULL, sda, NULL, "128");
	expect_current("queue/max_sectors_kb", NULL, sda, NULL, "512");
	expect_current("queue/nomerges", NULL, sda, NULL, "0");
	expect_current("queue/rq_affinity", NULL, sda, NULL, "1");
	expect_current("queue/add_random", NULL, sda, NULL, "0");
	expect_current("queue/rotational", NULL, sda, NULL, "1");
	expect_current("queue/wbt_lat_usec", NULL, sda, NULL, NULL);
	expect_current("device/queue_depth", NULL, sda, NULL, "32");

	/* partitions report their disk's queue */
	expect_current("queue/read_ahead_kb", NULL, sda1, NULL, "128");
	expect_current("queue/scheduler", NULL, sda1, NULL, "mq-deadline");

	/* the tunables belong to the active scheduler only */
	free(sda->queue.scheduler);
	sda->queue.scheduler = st_xstrdup("none");
	expect_current("queue/scheduler", NULL, sda, NULL, "none");
	expect_current("queue/iosched/read_expire", NULL, sda, NULL, NULL);

	/* md: no scheduler at all */
	expect_current("queue/scheduler", NULL, md, NULL, NULL);
	expect_current("queue/nr_requests", NULL, md, NULL, NULL);
	expect_current("queue/read_ahead_kb", NULL, md, NULL, "6144");
	expect_current("queue/rotational", NULL, md, NULL, "0");
	md->queue.rotational = ST_TRI_UNKNOWN;
	expect_current("queue/rotational", NULL, md, NULL, NULL);

	expect_current("queue/read_ahead_kb", NULL, NULL, NULL, NULL);

	st_device_free(md);
	st_device_free(sda1);
	st_device_free(sda);
}

static void test_current_sysctl(void **state)
{
	struct st_system *sys = st_system_new();

	(void)state;
	sys->vm.dirty_ratio = 20;
	sys->vm.dirty_background_ratio = 10;
	sys->vm.dirty_bytes = 0;
	sys->vm.swappiness = 60;
	expect_current("vm.dirty_ratio", sys, NULL, NULL, "20");
	expect_current("vm.dirty_background_ratio", sys, NULL, NULL, "10");
	expect_current("vm.dirty_bytes", sys, NULL, NULL, "0");
	expect_current("vm.swappiness", sys, NULL, NULL, "60");
	expect_current("vm.dirty_background_bytes", sys, NULL, NULL, NULL);
	expect_current("vm.vfs_cache_pressure", sys, NULL, NULL, NULL);
	expect_current("vm.dirty_ratio", NULL, NULL, NULL, NULL);
	st_system_free(sys);
}

static void test_current_mount(void **state)
{
	struct st_mount *ext4 = make_mount("ext4", "/srv", "rw,relatime", NULL);
	struct st_mount *xfs = make_mount("xfs", "/data", "rw,noatime,discard", NULL);
	struct st_mount *swap = make_mount("swap", "/dev/sda2", NULL, NULL);

	(void)state;
	ext4->atime = st_xstrdup("relatime");
	xfs->atime = st_xstrdup("noatime");
	xfs->discard = 1;
	swap->swap = true;

	expect_current("mount:atime", NULL, NULL, ext4, "relatime");
	expect_current("mount:atime", NULL, NULL, xfs, "noatime");
	/* ext4's defaults when the options do not say */
	expect_current("mount:commit", NULL, NULL, ext4, "5");
	expect_current("mount:barrier", NULL, NULL, ext4, "1");
	expect_current("mount:discard", NULL, NULL, ext4, "0");
	expect_current("mount:data", NULL, NULL, ext4, "ordered");
	ext4->commit_s = 30;
	ext4->barrier = 0;
	ext4->discard = 0;
	ext4->data_mode = st_xstrdup("journal");
	expect_current("mount:commit", NULL, NULL, ext4, "30");
	expect_current("mount:barrier", NULL, NULL, ext4, "0");
	expect_current("mount:discard", NULL, NULL, ext4, "0");
	expect_current("mount:data", NULL, NULL, ext4, "journal");
	/* commit=0 means the default */
	ext4->commit_s = 0;
	expect_current("mount:commit", NULL, NULL, ext4, "5");

	expect_current("mount:commit", NULL, NULL, xfs, NULL);
	expect_current("mount:barrier", NULL, NULL, xfs, NULL);
	expect_current("mount:data", NULL, NULL, xfs, NULL);
	expect_current("mount:discard", NULL, NULL, xfs, "1");

	expect_current("mount:atime", NULL, NULL, swap, NULL);
	expect_current("mount:discard", NULL, NULL, swap, NULL);
	expect_current("mount:atime", NULL, NULL, NULL, NULL);

	st_mount_free(swap);
	st_mount_free(xfs);
	st_mount_free(ext4);
}

static void expect_applies(const char *name, const struct st_device *dev,
			   const struct st_mount *mnt, const char *reason)
{
	const char *got = st_knob_applies(knob(name), dev, mnt);

	if (!reason) {
		if (got)
			fail_msg("%s: expected it to apply, got '%s'", name, got);
		return;
	}
	if (!got)
		fail_msg("%s: expected '%s', but it applies", name, reason);
	assert_string_equal(got, reason);
}

static void test_applies_device(void **state)
{
	struct st_device *sda = make_sata(), *sda1 = make_part(sda), *md = make_md();
	struct st_device *dm = make_md(), *zram = st_device_new(), *loop = st_device_new();
	struct st_device *nvme = st_device_new();
	size_t n;
	const struct st_knob *t = st_knob_table(&n);

	(void)state;
	dm->kind = ST_KIND_DM;
	zram->kind = ST_KIND_ZRAM;
	loop->kind = ST_KIND_LOOP;
	loop->queue.present = true;
	loop->queue.read_ahead_kb = 128;
	nvme->kind = ST_KIND_DISK;
	nvme->queue.present = true;
	nvme->queue.has_scheduler = true;
	nvme->queue.scheduler = st_xstrdup("none");
	st_strv_push(&nvme->queue.schedulers, "none");
	st_strv_push(&nvme->queue.schedulers, "mq-deadline");
	st_strv_push(&nvme->queue.schedulers, "kyber");
	st_strv_push(&nvme->queue.schedulers, "bfq");
	nvme->queue.nr_requests = 1023;

	expect_applies("queue/scheduler", sda, NULL, NULL);
	expect_applies("queue/iosched/read_expire", sda, NULL, NULL);
	expect_applies("queue/iosched/low_latency", sda, NULL,
		       "bfq is not offered by this kernel (modprobe bfq)");
	expect_applies("queue/iosched/read_lat_nsec", sda, NULL,
		       "kyber is not offered by this kernel (modprobe kyber-iosched)");
	expect_applies("queue/nr_requests", sda, NULL, NULL);
	expect_applies("queue/read_ahead_kb", sda, NULL, NULL);
	expect_applies("queue/rotational", sda, NULL, NULL);
	expect_applies("device/queue_depth", sda, NULL, NULL);
	expect_applies("queue/wbt_lat_usec", sda, NULL,
		       "the kernel does not show this attribute for this device");

	/* tunables apply when their scheduler is offered, active or not */
	expect_applies("queue/iosched/low_latency", nvme, NULL, NULL);
	expect_applies("queue/iosched/write_lat_nsec", nvme, NULL, NULL);
	expect_applies("queue/nr_requests", nvme, NULL, NULL);
	expect_applies("device/queue_depth", nvme, NULL, "not a SCSI/SATA device");

	expect_applies("queue/read_ahead_kb", sda1, NULL, "partitions share their disk's queue");
	expect_applies("queue/scheduler", sda1, NULL, "partitions share their disk's queue");
	expect_applies("device/queue_depth", sda1, NULL, "partitions share their disk's queue");

	expect_applies("queue/scheduler", md, NULL,
		       "dm and md devices have no I/O scheduler; set it on the disks below");
	expect_applies("queue/nr_requests", dm, NULL,
		       "dm and md devices have no I/O scheduler; set it on the disks below");
	expect_applies("queue/iosched/fifo_batch", md, NULL,
		       "dm and md devices have no I/O scheduler; set it on the disks below");
	expect_applies("queue/read_ahead_kb", md, NULL, NULL);
	expect_applies("queue/rotational", md, NULL, NULL);
	expect_applies("queue/scheduler", loop, NULL,
		       "the kernel offers no I/O scheduler for this device");
	expect_applies("queue/read_ahead_kb", loop, NULL, NULL);
	expect_applies("queue/read_ahead_kb", zram, NULL, "zram devices have no request queue");
	expect_applies("queue/read_ahead_kb", NULL, NULL, "a device knob needs a device");

	/* mq-deadline's tunables by the name the device's kernel gives them */
	assert_string_equal(st_knob_sched_name(knob("queue/iosched/read_expire"), sda),
			    "mq-deadline");
	{
		struct st_device *old = st_device_new();

		old->kind = ST_KIND_DISK;
		old->queue.present = old->queue.has_scheduler = true;
		old->queue.scheduler = st_xstrdup("cfq");
		st_strv_push(&old->queue.schedulers, "noop");
		st_strv_push(&old->queue.schedulers, "deadline");
		st_strv_push(&old->queue.schedulers, "cfq");
		assert_string_equal(st_knob_sched_name(knob("queue/iosched/read_expire"), old),
				    "deadline");
		expect_applies("queue/iosched/fifo_batch", old, NULL, NULL);
		expect_applies("queue/iosched/slice_idle", old, NULL,
			       "bfq is not offered by this kernel (modprobe bfq)");
		st_device_free(old);
	}

	/* the md array's stripe cache: raid4/5/6 arrays only, and the
	 * subsystem's iopolicy: multipath heads only */
	expect_applies("md/stripe_cache_size", md, NULL,
		       "only md RAID4, RAID5 and RAID6 arrays have a stripe cache");
	expect_applies("md/stripe_cache_size", sda, NULL,
		       "only md RAID4, RAID5 and RAID6 arrays have a stripe cache");
	md->raid = st_xcalloc(1, sizeof(*md->raid));
	md->raid->stripe_cache_size = 256;
	expect_applies("md/stripe_cache_size", md, NULL, NULL);
	expect_current("md/stripe_cache_size", NULL, md, NULL, "256");
	expect_applies("device/iopolicy", nvme, NULL,
		       "only an NVMe namespace under native multipath has an I/O policy");
	expect_applies("device/iopolicy", md, NULL,
		       "only an NVMe namespace under native multipath has an I/O policy");

	/* with every attribute known and every scheduler offered, every
	 * device knob applies: none is missing from the model's fields */
	nvme->queue.rotational = 0;
	nvme->queue.read_ahead_kb = nvme->queue.max_sectors_kb = 128;
	nvme->queue.nomerges = nvme->queue.rq_affinity = nvme->queue.add_random = 0;
	nvme->queue.wbt_lat_usec = 2000;
	nvme->queue.queue_depth = 32;
	nvme->nvme_iopolicy = st_xstrdup("numa");
	expect_current("device/iopolicy", NULL, nvme, NULL, "numa");
	for (size_t i = 0; i < n; i++) {
		const char *why;

		if (t[i].kind != ST_KNOB_SYSFS || st_startswith(t[i].path, "md/"))
			continue;
		why = st_knob_applies(&t[i], nvme, NULL);
		if (why)
			fail_msg("%s does not apply: %s", t[i].name, why);
	}

	/* sysctls always apply */
	expect_applies("vm.dirty_bytes", NULL, NULL, NULL);
	expect_applies("vm.swappiness", md, NULL, NULL);

	st_device_free(nvme);
	st_device_free(loop);
	st_device_free(zram);
	st_device_free(dm);
	st_device_free(md);
	st_device_free(sda1);
	st_device_free(sda);
}

static void test_applies_mount(void **state)
{
	struct st_mount *ext4 = make_mount("ext4", "/srv", NULL, NULL);
	struct st_mount *ext3 = make_mount("ext3", "/old", NULL, NULL);
	struct st_mount *xfs = make_mount("xfs", "/data", NULL, NULL);
	struct st_mount *tmpfs = make_mount("tmpfs", "/run", NULL, NULL);
	struct st_mount *swap = make_mount("swap", "/dev/sda2", NULL, NULL);
	size_t n;
	const struct st_knob *t = st_knob_table(&n);

	(void)state;
	swap->swap = true;
	expect_applies("mount:atime", NULL, ext4, NULL);
	expect_applies("mount:atime", NULL, tmpfs, NULL);
	expect_applies("mount:commit", NULL, ext4, NULL);
	expect_applies("mount:commit", NULL, ext3, NULL);
	expect_applies("mount:barrier", NULL, ext4, NULL);
	expect_applies("mount:data", NULL, ext3, NULL);
	expect_applies("mount:discard", NULL, xfs, NULL);
	expect_applies("mount:discard", NULL, ext4, NULL);
	expect_applies("mount:commit", NULL, xfs, "commit= is an ext3/ext4 option");
	expect_applies("mount:barrier", NULL, xfs,
		       "barrier/nobarrier is an ext3/ext4 option (XFS dropped it in Linux 4.19)");
	expect_applies("mount:data", NULL, xfs, "data= is an ext3/ext4 option");
	expect_applies("mount:discard", NULL, tmpfs,
		       "discard is an ext4, xfs, btrfs, vfat or f2fs option");
	expect_applies("mount:discard", NULL, ext3,
		       "discard is an ext4, xfs, btrfs, vfat or f2fs option");
	expect_applies("mount:atime", NULL, swap, "swap is not a filesystem");
	expect_applies("mount:commit", NULL, swap, "swap is not a filesystem");
	expect_applies("mount:atime", NULL, NULL, "a mount knob needs a mount");

	/* every filesystem-specific knob says why it does not apply */
	free(tmpfs->fstype);
	tmpfs->fstype = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *why;

		if (t[i].kind != ST_KNOB_MOUNT || !t[i].fstypes)
			continue;
		why = st_knob_applies(&t[i], NULL, tmpfs);
		assert_non_null(why);
		assert_string_not_equal(why, "the filesystem does not take this option");
	}

	st_mount_free(swap);
	st_mount_free(tmpfs);
	st_mount_free(xfs);
	st_mount_free(ext3);
	st_mount_free(ext4);
}

/* Commands and options ---------------------------------------------------- */

static void expect_command(const char *name, const struct st_device *dev,
			   const struct st_mount *mnt, const char *text, const char *want)
{
	char *cmd = st_knob_command(knob(name), dev, mnt, text);

	if (!want) {
		if (cmd)
			fail_msg("%s: expected no command, got '%s'", name, cmd);
		return;
	}
	if (!cmd)
		fail_msg("%s: expected '%s', got none", name, want);
	assert_string_equal(cmd, want);
	free(cmd);
}

static void test_command(void **state)
{
	struct st_device *sda = make_sata(), *nvme = st_device_new();
	struct st_mount *srv = make_mount("ext4", "/srv", NULL, NULL);
	struct st_mount *spaced = make_mount("ext4", "/mnt/my data", NULL, NULL);

	(void)state;
	nvme->kname = st_xstrdup("nvme0n1");
	expect_command("queue/scheduler", nvme, NULL, "none",
		       "echo none > /sys/block/nvme0n1/queue/scheduler");
	expect_command("queue/scheduler", sda, NULL, "mq-deadline",
		       "echo mq-deadline > /sys/block/sda/queue/scheduler");
	expect_command("queue/iosched/read_expire", sda, NULL, "250",
		       "echo 250 > /sys/block/sda/queue/iosched/read_expire");
	expect_command("device/queue_depth", sda, NULL, "31",
		       "echo 31 > /sys/block/sda/device/queue_depth");
	expect_command("queue/read_ahead_kb", sda, NULL, "4096",
		       "echo 4096 > /sys/block/sda/queue/read_ahead_kb");
	/* values a shell would split or expand are quoted */
	expect_command("queue/scheduler", sda, NULL, "write back",
		       "echo 'write back' > /sys/block/sda/queue/scheduler");
	expect_command("queue/scheduler", sda, NULL, "it's",
		       "echo 'it'\\''s' > /sys/block/sda/queue/scheduler");
	expect_command("queue/scheduler", sda, NULL, "$(reboot)",
		       "echo '$(reboot)' > /sys/block/sda/queue/scheduler");
	expect_command("queue/scheduler", NULL, NULL, "none", NULL);

	expect_command("vm.dirty_background_bytes", NULL, NULL, "268435456",
		       "sysctl -w vm.dirty_background_bytes=268435456");
	expect_command("vm.swappiness", NULL, NULL, "10", "sysctl -w vm.swappiness=10");

	expect_command("mount:atime", NULL, srv, "noatime", "mount -o remount,noatime /srv");
	expect_command("mount:atime", NULL, srv, "relatime", "mount -o remount,relatime /srv");
	expect_command("mount:commit", NULL, srv, "30", "mount -o remount,commit=30 /srv");
	expect_command("mount:barrier", NULL, srv, "0", "mount -o remount,nobarrier /srv");
	expect_command("mount:barrier", NULL, srv, "1", "mount -o remount,barrier /srv");
	expect_command("mount:discard", NULL, srv, "1", "mount -o remount,discard /srv");
	expect_command("mount:discard", NULL, srv, "0", "mount -o remount,nodiscard /srv");
	expect_command("mount:atime", NULL, spaced, "noatime",
		       "mount -o remount,noatime '/mnt/my data'");
	/* data= cannot change on remount: only the fstab line */
	expect_command("mount:data", NULL, srv, "writeback", NULL);
	/* not a value the knob takes */
	expect_command("mount:atime", NULL, srv, "sometimes", NULL);
	expect_command("mount:barrier", NULL, srv, "yes", NULL);
	expect_command("mount:commit", NULL, srv, "soon", NULL);
	expect_command("mount:atime", NULL, NULL, "noatime", NULL);
	expect_command("mount:atime", NULL, srv, NULL, NULL);

	st_mount_free(spaced);
	st_mount_free(srv);
	st_device_free(nvme);
	st_device_free(sda);
}

static void expect_options(const char *name, const char *options, const char *fstab,
			   const char *text, const char *want)
{
	struct st_mount *m = make_mount("ext4", "/srv", options, fstab);
	char *got = st_knob_mount_options(knob(name), m, text);

	if (!want) {
		if (got)
			fail_msg("%s: expected no options, got '%s'", name, got);
	} else {
		if (!got)
			fail_msg("%s: expected '%s', got none", name, want);
		assert_string_equal(got, want);
		free(got);
	}
	st_mount_free(m);
}

static void test_mount_options(void **state)
{
	(void)state;
	/* without an fstab entry, from the defaults: never the kernel's options */
	expect_options("mount:atime", "rw,relatime,errors=remount-ro", NULL, "noatime",
		       "defaults,noatime");
	expect_options("mount:discard", "rw,discard,resuid=65534,logbufs=8", NULL, "0",
		       "defaults,nodiscard");
	/* the fstab entry wins over the current options */
	expect_options("mount:atime", "rw,relatime", "defaults", "noatime", "defaults,noatime");
	expect_options("mount:atime", NULL, NULL, "noatime", "defaults,noatime");
	expect_options("mount:atime", "rw,relatime", "", "noatime", "defaults,noatime");
	expect_options("mount:commit", NULL, "defaults", "30", "defaults,commit=30");
	expect_options("mount:commit", NULL, "rw,relatime,commit=30", "60",
		       "rw,relatime,commit=60");
	expect_options("mount:atime", NULL, "rw,relatime,commit=30", "noatime",
		       "rw,commit=30,noatime");
	expect_options("mount:barrier", NULL, "defaults,nobarrier", "1", "defaults,barrier");
	expect_options("mount:barrier", NULL, "defaults,barrier=0,commit=5", "0",
		       "defaults,commit=5,nobarrier");
	expect_options("mount:barrier", NULL, "barrier=1,barrier", "0", "nobarrier");
	expect_options("mount:discard", NULL, "defaults,discard=async", "0", "defaults,nodiscard");
	expect_options("mount:discard", NULL, "noatime,nodiscard", "1", "noatime,discard");
	expect_options("mount:data", NULL, "defaults,data=journal,data_err=abort", "writeback",
		       "defaults,data_err=abort,data=writeback");
	/* a lone option replaced; every atime option goes, lazytime stays */
	expect_options("mount:atime", NULL, "noatime", "relatime", "relatime");
	expect_options("mount:atime", NULL,
		       "rw,strictatime,nostrictatime,norelatime,atime,lazytime", "noatime",
		       "rw,lazytime,noatime");
	/* options that only start like the knob's stay */
	expect_options("mount:commit", NULL, "commitx=1,nocommit", "30", "commitx=1,commit=30");
	/* idempotent */
	expect_options("mount:atime", NULL, "defaults,noatime", "noatime", "defaults,noatime");
	/* empty fields dropped, commas inside quotes kept */
	expect_options("mount:atime", NULL, "rw,,noatime,", "relatime", "rw,relatime");
	expect_options("mount:atime", NULL, "context=\"system_u:object_r:a_t:s0:c1,c2\",noatime",
		       "relatime", "context=\"system_u:object_r:a_t:s0:c1,c2\",relatime");
	/* not a value the knob takes */
	expect_options("mount:atime", NULL, "defaults", "often", NULL);
	expect_options("mount:barrier", NULL, "defaults", "true", NULL);
	expect_options("mount:commit", NULL, "defaults", "-1", NULL);
	expect_options("mount:atime", NULL, "defaults", NULL, NULL);
	/* not a mount knob */
	expect_options("queue/scheduler", NULL, "defaults", "none", NULL);
}

static void expect_devcheck(const char *name, const struct st_device *dev, const char *text, int rc,
			 const char *msg)
{
	char *err = NULL;

	assert_int_equal(st_knob_check_device(knob(name), dev, text, &err), rc);
	if (!msg) {
		assert_null(err);
		return;
	}
	assert_non_null(err);
	assert_string_equal(err, msg);
	free(err);
}

static void test_check_device(void **state)
{
	struct st_device *sda = make_sata(), *sda1 = make_part(sda);

	(void)state;
	expect_devcheck("queue/max_sectors_kb", sda, "1024", 0, NULL);
	expect_devcheck("queue/max_sectors_kb", sda, "2048", -ERANGE,
		     "queue/max_sectors_kb: 2048 is above sda's max_hw_sectors_kb 1024");
	expect_devcheck("queue/max_sectors_kb", sda, "lots", -EINVAL,
		     "queue/max_sectors_kb: 'lots' is not a number");
	expect_devcheck("queue/scheduler", sda, "mq-deadline", 0, NULL);
	expect_devcheck("queue/scheduler", sda, "none", 0, NULL);
	expect_devcheck("queue/scheduler", sda, "bfq", -EINVAL,
		     "queue/scheduler: bfq is not offered by the kernel for sda (modprobe bfq?)");
	expect_devcheck("queue/scheduler", sda, "kyber", -EINVAL,
		     "queue/scheduler: kyber is not offered by the kernel for sda "
		     "(modprobe kyber-iosched?)");
	expect_devcheck("queue/scheduler", sda, "cfq", -EINVAL,
		     "queue/scheduler: cfq is not offered by the kernel for sda");
	/* a partition's limits are its disk's */
	expect_devcheck("queue/max_sectors_kb", sda1, "2048", -ERANGE,
		     "queue/max_sectors_kb: 2048 is above sda1's max_hw_sectors_kb 1024");
	/* no limit known, or none that depends on the device */
	sda->queue.max_hw_sectors_kb = ST_UNKNOWN;
	expect_devcheck("queue/max_sectors_kb", sda, "2048", 0, NULL);
	expect_devcheck("queue/nr_requests", sda, "2048", 0, NULL);
	expect_devcheck("vm.dirty_bytes", sda, "1", 0, NULL);
	expect_devcheck("mount:commit", NULL, "30", 0, NULL);
	assert_int_equal(st_knob_check_device(knob("queue/scheduler"), sda, "bfq", NULL), -EINVAL);

	/* a zoned disk takes only the schedulers that keep zone write order,
	 * even those the kernel offers; its partitions are judged by it */
	sda->queue.zoned = st_xstrdup("host-managed");
	expect_devcheck("queue/scheduler", sda, "mq-deadline", 0, NULL);
	expect_devcheck("queue/scheduler", sda, "none", -EINVAL,
		     "queue/scheduler: none does not keep zone write order on the host-managed "
		     "zoned sda; only mq-deadline does");
	expect_devcheck("queue/scheduler", sda1, "bfq", -EINVAL,
		     "queue/scheduler: bfq does not keep zone write order on the host-managed "
		     "zoned sda1; only mq-deadline does");
	free(sda->queue.zoned);
	sda->queue.zoned = st_xstrdup("host-aware");
	expect_devcheck("queue/scheduler", sda, "kyber", -EINVAL,
		     "queue/scheduler: kyber does not keep zone write order on the host-aware "
		     "zoned sda; only mq-deadline does");
	free(sda->queue.zoned);
	sda->queue.zoned = st_xstrdup("none");
	expect_devcheck("queue/scheduler", sda, "none", 0, NULL);

	st_device_free(sda1);
	st_device_free(sda);
}

/* A probed fixture -------------------------------------------------------- */

static struct st_mount *find_mount(const struct st_system *sys, const char *target)
{
	for (size_t i = 0; i < sys->mounts.n; i++)
		if (st_streq(sys->mounts.v[i]->target, target))
			return sys->mounts.v[i];
	fail_msg("no mount %s", target);
	return NULL;
}

static void test_fixture(void **state)
{
	char *root = st_test_path("tests/sysroots/nvme-server");
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	const struct st_device *disk, *part;
	const struct st_mount *data, *slash;
	char *s;

	(void)state;
	assert_int_equal(st_path_new(&pc, root), 0);
	assert_int_equal(st_probe_run(pc, &sys), 0);
	disk = st_system_find(sys, "nvme0n1");
	part = st_system_find(sys, "nvme0n1p2");
	assert_non_null(disk);
	assert_non_null(part);
	data = find_mount(sys, "/data");
	slash = find_mount(sys, "/");

	expect_current("queue/scheduler", sys, disk, NULL, "none");
	expect_current("queue/iosched/read_expire", sys, disk, NULL, NULL);
	expect_current("queue/read_ahead_kb", sys, disk, NULL, "128");
	expect_current("queue/nr_requests", sys, part, NULL, "1023");
	expect_applies("queue/scheduler", disk, NULL, NULL);
	expect_applies("queue/iosched/read_expire", disk, NULL, NULL);
	expect_applies("device/queue_depth", disk, NULL, "not a SCSI/SATA device");
	expect_applies("queue/read_ahead_kb", part, NULL, "partitions share their disk's queue");
	expect_devcheck("queue/max_sectors_kb", disk, "4096", -ERANGE,
		     "queue/max_sectors_kb: 4096 is above nvme0n1's max_hw_sectors_kb 2048");
	expect_devcheck("queue/scheduler", disk, "bfq", 0, NULL);
	s = st_knob_command(knob("queue/scheduler"), disk, NULL, "none");
	assert_string_equal(s, "echo none > /sys/block/nvme0n1/queue/scheduler");
	free(s);

	expect_current("vm.dirty_bytes", sys, NULL, NULL, "2147483648");
	expect_current("vm.dirty_ratio", sys, NULL, NULL, "0");
	expect_current("vm.swappiness", sys, NULL, NULL, "10");

	expect_current("mount:atime", sys, NULL, data, "noatime");
	expect_current("mount:atime", sys, NULL, slash, "relatime");
	expect_current("mount:commit", sys, NULL, data, NULL);
	expect_applies("mount:commit", NULL, data, "commit= is an ext3/ext4 option");
	expect_applies("mount:discard", NULL, data, NULL);
	s = st_knob_mount_options(knob("mount:atime"), data, "relatime");
	assert_string_equal(s, "relatime");
	free(s);
	s = st_knob_mount_options(knob("mount:atime"), slash, "noatime");
	assert_string_equal(s, "defaults,noatime");
	free(s);
	s = st_knob_command(knob("mount:discard"), NULL, data, "1");
	assert_string_equal(s, "mount -o remount,discard /data");
	free(s);

	st_system_free(sys);
	st_path_free(pc);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_invariants),
		cmocka_unit_test(test_table_entries),
		cmocka_unit_test(test_unit_names),
		cmocka_unit_test(test_find_suggest),
		cmocka_unit_test(test_check_type),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_render_no_errmsg),
		cmocka_unit_test(test_current_device),
		cmocka_unit_test(test_current_sysctl),
		cmocka_unit_test(test_current_mount),
		cmocka_unit_test(test_applies_device),
		cmocka_unit_test(test_applies_mount),
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_mount_options),
		cmocka_unit_test(test_check_device),
		cmocka_unit_test(test_fixture),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
