/*
 * test_engine.c - the rule engine on fixture models: precedence among
 * conflicting rules (profile override, priority, rule order) with the losers
 * and their reasons, scheduler tunables that follow the planned scheduler,
 * already-right settings, unknown facts, values the knob refuses, the
 * device filter, and the fstab line of a mount change (the entry's options
 * or the defaults, fstab(5) escapes).
 */
#include <errno.h>

#include "st_engine.h"
#include "st_test.h"

struct world {
	struct st_system *sys;
	struct st_ruleset rs;
	struct st_profileset ps;
};

#define RULE(id, when, knob, value, extra)                                                       \
	"[" id "]\nsummary = " id " on {device.name}\nwhy = w\nsource = s\nscope = device\n"   \
	"when = " when "\nset = " knob "\nvalue = " value "\n" extra

static void world_load(struct world *w, const char *fixture, const char *rules,
		       const char *profile)
{
	char *root = st_xasprintf("tests/sysroots/%s", fixture);
	char *top = fixture[0] == '/' ? st_xstrdup(fixture) : st_test_path(root);
	struct st_diag d = { 0 };
	struct st_path *pc = NULL;
	const char *base = "[profile]\nsummary = general\n";

	memset(w, 0, sizeof(*w));
	assert_int_equal(st_path_new(&pc, top), 0);
	assert_int_equal(st_probe_run(pc, &w->sys), 0);
	st_path_free(pc);
	if (st_rules_load_string(&w->rs, "r.ini", rules, strlen(rules), &d) < 0 ||
	    st_profiles_load_string(&w->ps, "p/general.ini", base, strlen(base), &w->rs, &d) < 0 ||
	    (profile && st_profiles_load_string(&w->ps, "p/test.ini", profile, strlen(profile),
						&w->rs, &d) < 0) ||
	    st_profiles_resolve(&w->ps, &w->rs, &d) < 0)
		fail_msg("load: %s", d.errors ? d.errors[0] : "?");
	st_diag_free(&d);
	free(root);
	free(top);
}

static struct st_plan *world_plan(struct world *w, const char *profile, const char *only)
{
	struct st_devv v = { 0 };
	struct st_plan *plan = NULL;

	if (only)
		st_devv_push(&v, st_system_lookup(w->sys, only));
	assert_int_equal(st_engine_run(&w->rs, st_profileset_find(&w->ps, profile), w->sys, &v,
				       &plan),
			 0);
	free(v.v);
	return plan;
}

static void world_free(struct world *w)
{
	st_system_free(w->sys);
	st_ruleset_free(&w->rs);
	st_profileset_free(&w->ps);
}

/* The recommendation (change or already right) for target:knob. */
static const struct st_reco *find(const struct st_plan *p, const char *id)
{
	for (size_t i = 0; i < p->nchanges; i++)
		if (strcmp(p->changes[i].id, id) == 0)
			return &p->changes[i];
	for (size_t i = 0; i < p->nok; i++)
		if (strcmp(p->ok[i].id, id) == 0)
			return &p->ok[i];
	return NULL;
}

static const struct st_skip *find_skip(const struct st_plan *p, const char *rule,
				       const char *target)
{
	for (size_t i = 0; i < p->nskipped; i++)
		if (!strcmp(p->skipped[i].rule->id, rule) && !strcmp(p->skipped[i].target, target))
			return &p->skipped[i];
	return NULL;
}

static const char nvme_rules[] =
	RULE("a-deadline", "device.class == \"nvme\"", "queue/scheduler", "\"mq-deadline\"", "")
	RULE("b-none", "device.class == \"nvme\"", "queue/scheduler", "\"none\"", "")
	"[c-kyber]\nsummary = c-kyber on {device.name} to {value}\nwhy = w\nsource = s\n"
	"scope = device\nwhen = device.class == \"nvme\"\nset = queue/scheduler\n"
	"value = \"kyber\"\npriority = 40\n";

static void test_precedence(void **state)
{
	struct world w;
	struct st_plan *p;
	const struct st_reco *rc;

	(void)state;
	/* same priority: the rule read first wins */
	world_load(&w, "nvme-server", nvme_rules,
		   "[profile]\nsummary = t\n[override]\nc-kyber = \"bfq\"\n");
	p = world_plan(&w, "general", NULL);
	rc = find(p, "nvme0n1:queue/scheduler");
	assert_non_null(rc);
	assert_string_equal(rc->rule->id, "a-deadline");
	assert_string_equal(rc->recommended, "mq-deadline");
	assert_string_equal(rc->current, "none");
	assert_false(rc->ok);
	assert_int_equal(rc->prec, ST_PREC_ORDER);
	assert_int_equal(rc->nlosers, 2);
	assert_string_equal(rc->losers[0].rule->id, "b-none");
	assert_string_equal(rc->losers[0].reason, "same priority 50; a-deadline (r.ini:1) is read "
						  "first");
	assert_string_equal(rc->losers[1].rule->id, "c-kyber");
	assert_string_equal(rc->losers[1].value, "kyber");
	assert_string_equal(rc->losers[1].reason, "priority 40 is below 50 of a-deadline");
	assert_string_equal(rc->command, "echo mq-deadline > /sys/block/nvme0n1/queue/scheduler");
	assert_string_equal(rc->summary, "a-deadline on nvme0n1");
	/* partitions have no queue of their own */
	assert_null(find(p, "nvme0n1p1:queue/scheduler"));
	assert_non_null(strstr(find_skip(p, "a-deadline", "nvme0n1p1")->reason, "partition"));
	st_plan_free(p);

	/* a profile override beats a higher priority; {value} shows it */
	p = world_plan(&w, "test", NULL);
	rc = find(p, "nvme0n2:queue/scheduler");
	assert_string_equal(rc->rule->id, "c-kyber");
	assert_string_equal(rc->summary, "c-kyber on nvme0n2 to bfq");
	assert_string_equal(rc->recommended, "bfq");
	assert_true(rc->overridden);
	assert_int_equal(rc->prec, ST_PREC_PROFILE);
	assert_string_equal(rc->losers[0].reason, "profile test overrides c-kyber (p/test.ini:4)");
	st_plan_free(p);
	world_free(&w);
}

static void test_priority_and_ok(void **state)
{
	struct world w;
	struct st_plan *p;
	const struct st_reco *rc;

	(void)state;
	world_load(&w, "nvme-server",
		   RULE("x-deadline", "device.leaf", "queue/scheduler", "\"mq-deadline\"", "")
		   RULE("y-none", "device.class == \"nvme\"", "queue/scheduler", "\"none\"",
			"priority = 70\n"),
		   "[profile]\nsummary = t\n[override]\ny-none = off\n");
	p = world_plan(&w, "general", NULL);
	rc = find(p, "nvme0n1:queue/scheduler");
	assert_string_equal(rc->rule->id, "y-none");
	assert_true(rc->ok); /* the fixture already runs none */
	assert_int_equal(rc->prec, ST_PREC_PRIORITY);
	assert_int_equal(p->nchanges, 0);
	assert_int_equal(p->nok, 2);
	st_plan_free(p);
	/* the profile turns the winner off: the other rule stands alone */
	p = world_plan(&w, "test", NULL);
	rc = find(p, "nvme0n1:queue/scheduler");
	assert_string_equal(rc->rule->id, "x-deadline");
	assert_int_equal(rc->prec, ST_PREC_ONLY);
	assert_non_null(strstr(find_skip(p, "y-none", "nvme0n1")->reason,
			       "turned off by profile test (p/test.ini:4)"));
	st_plan_free(p);
	world_free(&w);
}

/* Tunables follow the scheduler the plan leaves on the device. */
static void test_tunables(void **state)
{
	struct world w;
	struct st_plan *p;
	const struct st_reco *rc;
	const struct st_skip *sk;
	char *dir;

	(void)state;
	/* this kernel offers bfq for the disks */
	dir = st_test_copy_fixture("raid10-xfs");
	for (const char *d = "abcd"; *d; d++) {
		char *rel = st_xasprintf("sys/block/sd%c/queue/scheduler", *d);
		char *real = st_xasprintf("%s/%s", dir, rel);
		char *canon = realpath(real, NULL);

		assert_non_null(canon);
		st_test_write("/", canon + 1, "[mq-deadline] kyber bfq none\n", 29);
		free(rel);
		free(real);
		free(canon);
	}
	world_load(&w, dir,
		   RULE("hdd-bfq", "device.class == \"hdd\" && device.kname == \"sda\"",
			"queue/scheduler", "\"bfq\"", "")
		   RULE("hdd-expire", "device.class == \"hdd\"", "queue/iosched/read_expire", "240",
			"")
		   RULE("hdd-idle", "device.class == \"hdd\"", "queue/iosched/slice_idle", "0", ""),
		   NULL);
	p = world_plan(&w, "general", NULL);
	/* sda switches to bfq: its mq-deadline tunable goes, bfq's stays */
	assert_string_equal(find(p, "sda:queue/scheduler")->recommended, "bfq");
	assert_null(find(p, "sda:queue/iosched/read_expire"));
	sk = find_skip(p, "hdd-expire", "sda");
	assert_non_null(sk);
	assert_string_equal(sk->reason, "queue/iosched/read_expire is a mq-deadline tunable; sda "
					"will run bfq");
	rc = find(p, "sda:queue/iosched/slice_idle");
	assert_non_null(rc);
	assert_null(rc->current); /* bfq is not active yet */
	/* sdb keeps mq-deadline */
	rc = find(p, "sdb:queue/iosched/read_expire");
	assert_non_null(rc);
	assert_string_equal(rc->current, "500");
	assert_string_equal(rc->recommended, "240");
	assert_string_equal(find_skip(p, "hdd-idle", "sdb")->reason,
			    "queue/iosched/slice_idle is a bfq tunable; sdb runs mq-deadline");
	/* order: device by device, scheduler before its tunables */
	assert_string_equal(p->changes[0].id, "sda:queue/scheduler");
	assert_string_equal(p->changes[1].id, "sda:queue/iosched/slice_idle");
	assert_string_equal(p->changes[2].id, "sdb:queue/iosched/read_expire");
	st_plan_free(p);

	/* only the named device and what it carries */
	p = world_plan(&w, "general", "sdb");
	for (size_t i = 0; i < p->nchanges; i++)
		assert_string_equal(p->changes[i].target, "sdb");
	assert_int_equal(p->nchanges, 1);
	st_plan_free(p);
	world_free(&w);
	st_test_rmtree(dir);
}

/* Unknown facts skip a rule; a value the knob refuses is a warning. */
/* On a zoned disk the scheduler knob takes only mq-deadline: a rule that
 * wants another one is skipped with the reason, and the next one wins. */
static void test_zoned_scheduler(void **state)
{
	struct world w;
	struct st_plan *p;
	const struct st_skip *sk;

	(void)state;
	world_load(&w, "zoned-smr",
		   RULE("a-none", "device.leaf && device.class == \"hdd\"", "queue/scheduler",
			"\"none\"", "priority = 95\n")
		   RULE("b-deadline", "device.leaf && device.class == \"hdd\"",
			"queue/scheduler", "\"mq-deadline\"", ""),
		   NULL);
	p = world_plan(&w, "general", NULL);
	sk = find_skip(p, "a-none", "sdd");
	assert_non_null(sk);
	assert_string_equal(sk->reason, "queue/scheduler: none does not keep zone write order on "
					"the host-managed zoned sdd; only mq-deadline does");
	assert_non_null(find_skip(p, "a-none", "sdc")); /* host-aware */
	assert_string_equal(find(p, "sdd:queue/scheduler")->recommended, "mq-deadline");
	assert_string_equal(find(p, "sdd:queue/scheduler")->rule->id, "b-deadline");
	assert_non_null(find(p, "sdb:queue/scheduler"));
	st_plan_free(p);
	world_free(&w);
}

static void test_unknown_and_bad_values(void **state)
{
	struct world w;
	struct st_plan *p;

	(void)state;
	world_load(&w, "nvme-server",
		   RULE("qd", "device.queue_depth > 1", "queue/nr_requests", "64", "")
		   RULE("ra", "device.leaf", "queue/read_ahead_kb", "device.size / 1KiB", "")
		   "[sys]\nsummary = s\nwhy = w\nsource = s\nscope = system\n"
		   "when = mem.total > 1GiB\nset = vm.dirty_background_bytes\n"
		   "value = clamp(mem.total / 100, 64MiB, 1GiB)\n"
		   "[adv]\nsummary = {device.name} has {device.size}\nwhy = w\nsource = s\n"
		   "scope = device\nwhen = device.kname == \"nvme0n2\"\nset = advice\n",
		   NULL);
	st_test_log_start();
	p = world_plan(&w, "general", NULL);
	/* NVMe has no SCSI queue_depth */
	assert_non_null(strstr(find_skip(p, "qd", "nvme0n1")->reason,
			       "device.queue_depth is unknown"));
	/* 894 GiB / 1 KiB is far above read_ahead_kb's maximum */
	assert_null(find(p, "nvme0n1:queue/read_ahead_kb"));
	assert_non_null(strstr(st_test_log_text(), "r.ini:16: nvme0n1: value: queue/read_ahead_kb: "));
	assert_int_equal(p->nerrors, 2);
	/* 64 GiB of memory / 100, clamped */
	assert_string_equal(find(p, "system:vm.dirty_background_bytes")->recommended, "672689192");
	assert_string_equal(find(p, "system:vm.dirty_background_bytes")->command,
			    "sysctl -w vm.dirty_background_bytes=672689192");
	assert_int_equal(p->nadvice, 1);
	assert_string_equal(p->advice[0].id, "adv:nvme0n2");
	assert_string_equal(p->advice[0].summary, "nvme0n2 has 2747115MiB");
	st_plan_free(p);
	st_test_log_stop();
	world_free(&w);
}

/* Mount knobs: the remount command and the new fstab line. */
static void test_mounts(void **state)
{
	struct world w;
	struct st_plan *p;
	const struct st_reco *rc;

	(void)state;
	world_load(&w, "raid10-xfs",
		   "[na]\nsummary = noatime\nwhy = w\nsource = s\nscope = mount\n"
		   "when = mount.fstype in (\"xfs\", \"ext4\")\nset = mount:atime\n"
		   "value = \"noatime\"\n",
		   NULL);
	p = world_plan(&w, "general", NULL);
	rc = find(p, "/srv:mount:atime");
	assert_non_null(rc);
	assert_string_equal(rc->current, "relatime");
	assert_string_equal(rc->command, "mount -o remount,noatime /srv");
	assert_non_null(strstr(rc->fstab_line, " /srv xfs defaults,noatime 0 2"));
	assert_null(find(p, "/boot/efi:mount:atime")); /* vfat */
	st_plan_free(p);
	world_free(&w);
}

/* The change to the mount on target in plan p. */
static const struct st_reco *find_mount_reco(const struct st_plan *p, const char *target)
{
	for (size_t i = 0; i < p->nchanges; i++)
		if (p->changes[i].mnt && strcmp(p->changes[i].mnt->target, target) == 0)
			return &p->changes[i];
	fail_msg("no change for %s", target);
	return NULL;
}

/*
 * The fstab line starts from the entry's own options, or "defaults" without
 * an entry, never from what mountinfo shows (rw, relatime, logbufs=, ...),
 * and escapes blanks and backslashes as fstab(5) does.
 */
static void test_fstab_line(void **state)
{
	static const char fstab[] =
		"# <file system> <mount point> <type> <options> <dump> <pass>\n"
		"UUID=2B4D-7E91 /boot//efi/ vfat umask=0077 0 1\n"
		"UUID=e41b7c93-5d2a-4f86-a1c8-9b0e3d7f2a54\t/srv/my\\040data\\134v2\txfs\t"
		"nofail,logbsize=256k 0 2\n";
	char *root = st_test_copy_fixture("raid10-xfs"), *mi = NULL, *at, *fixed;
	size_t len;
	struct world w;
	struct st_plan *p;
	const struct st_reco *rc;
	const struct st_mount *efi = NULL;

	(void)state;
	st_test_write(root, "etc/fstab", fstab, strlen(fstab));
	fixed = st_xasprintf("%s/proc/self/mountinfo", root);
	assert_int_equal(st_read_file(fixed, 1 << 20, &mi, &len, NULL), 0);
	free(fixed);
	at = strstr(mi, " / /srv rw,");
	assert_non_null(at);
	at[3] = '\0'; /* mi ends in " / ", at + 7 starts " rw," */
	fixed = st_xasprintf("%s/srv/my\\040data\\134v2%s", mi, at + 7);
	st_test_write(root, "proc/self/mountinfo", fixed, strlen(fixed));
	free(fixed);
	free(mi);
	world_load(&w, root,
		   "[na]\nsummary = noatime\nwhy = w\nsource = s\nscope = mount\n"
		   "when = mount.fstype in (\"xfs\", \"ext4\")\nset = mount:atime\n"
		   "value = \"noatime\"\n",
		   NULL);
	p = world_plan(&w, "general", NULL);
	/* found by its unescaped name in both files; the entry's options kept */
	rc = find_mount_reco(p, "/srv/my data\\v2");
	assert_non_null(rc->mnt->fstab_options);
	assert_string_equal(rc->mnt->fstab_options, "nofail,logbsize=256k");
	assert_string_equal(rc->fstab_line, "UUID=e41b7c93-5d2a-4f86-a1c8-9b0e3d7f2a54 "
					    "/srv/my\\040data\\134v2 xfs nofail,logbsize=256k,noatime 0 2");
	/* no entry for /: defaults, not mountinfo's rw,relatime,errors=remount-ro */
	rc = find_mount_reco(p, "/");
	assert_null(rc->mnt->fstab_options);
	assert_string_equal(rc->fstab_line,
			    "UUID=8c1f4e2a-6b3d-4a97-b5e0-d2c7f9a1e836 / ext4 defaults,noatime 0 0");
	/* "/boot//efi/" in fstab is the mount on /boot/efi */
	for (size_t i = 0; i < w.sys->mounts.n; i++)
		if (st_streq(w.sys->mounts.v[i]->target, "/boot/efi"))
			efi = w.sys->mounts.v[i];
	assert_non_null(efi);
	assert_non_null(efi->fstab_options);
	assert_string_equal(efi->fstab_options, "umask=0077");
	st_plan_free(p);
	world_free(&w);
	st_test_rmtree(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_priority_and_ok),
		cmocka_unit_test(test_tunables),
		cmocka_unit_test(test_zoned_scheduler),
		cmocka_unit_test(test_unknown_and_bad_values),
		cmocka_unit_test(test_mounts),
		cmocka_unit_test(test_fstab_line),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
