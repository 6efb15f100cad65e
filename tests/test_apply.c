/*
 * test_apply.c - the apply path on private copies of fixture sysroots: what
 * a plan applies (risk, --remount), the protocol's idempotency, rollback on
 * a write failure injected by wrapping st_knob_write (-Wl,--wrap) and on a
 * value that does not read back, crash safety (the apply killed with
 * SIGKILL at every step of every change, then revert), revert after the
 * disks changed names, values changed by hand (verify, apply and revert
 * leave them alone; --force restores), the journal's form and lock,
 * --persist files put back by revert, verify's held items and --strict,
 * revert of every journal, what status reads, and how validation's scheduler
 * switches write again what an elevator change resets.  Issue 16's defects:
 * an unreadable value restored from the journal, the sysroot writer's
 * replacement, untrusted state directories and journals, stale temporary
 * files, a failed final save (st_journal_save wrapped), a disk that goes
 * away mid-apply.  Issue 18's intent log: the plan on disk before the first
 * write and two saves per apply, revert deciding each entry of an
 * interrupted apply from its live value, coupled knobs (a scheduler switch
 * and the nr_requests it resets, the tunables a switch makes) killed at
 * every step and changed by hand, and journals of the old format.
 */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "st_apply.h"
#include "st_persist.h"
#include "st_test.h"
#include "st_verify.h"

/* st_knob_write, wrapped: fail the Nth call (1-based), or make it a no-op
 * that reports success. */
static struct {
	unsigned calls;
	unsigned fail_at;
	int err;        /* returned at fail_at; 0: pretend success without writing */
	const char *sched_reset; /* a scheduler write sets nr_requests to this, as
				    the kernel's elevator switch does */
	bool raise_ra;  /* a max_sectors_kb write raises read_ahead_kb to twice
			   it, as the kernel (6.x) does */
	bool sched_creates; /* a switch to mq-deadline makes its iosched/
			       tunables, a switch to none removes them */
	unsigned saves; /* st_journal_save calls */
} wrap;

int __real_st_knob_write(struct st_path *pc, const struct st_knob *k, const struct st_device *dev,
			 const char *target, const char *text);
int __wrap_st_knob_write(struct st_path *pc, const struct st_knob *k, const struct st_device *dev,
			 const char *target, const char *text);
int __wrap_st_knob_write(struct st_path *pc, const struct st_knob *k, const struct st_device *dev,
			 const char *target, const char *text)
{
	int rc;

	if (++wrap.calls == wrap.fail_at)
		return wrap.err;
	rc = __real_st_knob_write(pc, k, dev, target, text);
	if (rc == 0 && wrap.sched_reset && strcmp(k->name, "queue/scheduler") == 0)
		rc = __real_st_knob_write(pc, st_knob_find("queue/nr_requests"), dev, target,
					  wrap.sched_reset);
	if (rc == 0 && wrap.sched_creates && strcmp(k->name, "queue/scheduler") == 0) {
		char *cmd = strcmp(text, "mq-deadline") == 0
				    ? st_xasprintf("set -e; q='%s/%s/queue/iosched'; mkdir \"$q\";"
						   "echo 500 >\"$q/read_expire\"; echo 5000 >\"$q/write_expire\"",
						   st_path_root(pc), dev->sysdir)
				    : st_xasprintf("rm -rf '%s/%s/queue/iosched'", st_path_root(pc),
						   dev->sysdir);

		if (system(cmd) != 0)
			rc = -EIO;
		free(cmd);
	}
	if (rc == 0 && wrap.raise_ra && strcmp(k->name, "queue/max_sectors_kb") == 0) {
		const struct st_knob *ra = st_knob_find("queue/read_ahead_kb");
		char *cur = NULL, twice[32];

		if (st_knob_read(pc, ra, dev, NULL, &cur) == 0 &&
		    strtoull(cur, NULL, 10) < 2 * strtoull(text, NULL, 10)) {
			snprintf(twice, sizeof(twice), "%llu", 2 * strtoull(text, NULL, 10));
			rc = __real_st_knob_write(pc, ra, dev, target, twice);
		}
		free(cur);
	}
	return rc;
}

/* st_journal_save, wrapped: fail the final save of an apply (the one that
 * marks it applied) with -ENOSPC. */
static bool fail_final_save;

int __real_st_journal_save(struct st_state *st, struct st_journal *j);
int __wrap_st_journal_save(struct st_state *st, struct st_journal *j);
int __wrap_st_journal_save(struct st_state *st, struct st_journal *j)
{
	wrap.saves++;
	if (fail_final_save && j->phase == ST_JP_APPLIED)
		return -ENOSPC;
	return __real_st_journal_save(st, j);
}

static void wrap_reset(void)
{
	memset(&wrap, 0, sizeof(wrap));
	fail_final_save = false;
}

struct fx {
	char *dir;
	struct st_path *pc;
	struct st_system *sys;
	struct st_ruleset rs;
	struct st_profileset ps;
	struct st_plan *plan;
	struct st_state *st;
	struct st_journal **js;
	size_t nj;
};

/* Probes dir, plans profile with the rules in rules (NULL: the shipped
 * ones), opens its state dir. */
static void fx_load_rules(struct fx *f, const char *dir, const char *profile, const char *rules_dir)
{
	char *rules = rules_dir ? st_xstrdup(rules_dir) : st_test_path("rules");
	char *profiles = st_test_path("profiles");
	char *state = st_xasprintf("%s/var/lib/stortune", dir);
	struct st_diag d = { 0 };
	char *err = NULL;

	memset(f, 0, sizeof(*f));
	f->dir = st_xstrdup(dir);
	assert_int_equal(st_path_new(&f->pc, dir), 0);
	assert_int_equal(st_probe_run(f->pc, &f->sys), 0);
	if (st_rules_load_dir(&f->rs, rules, &d) < 0 ||
	    st_profiles_load_dir(&f->ps, profiles, &f->rs, &d) < 0)
		fail_msg("load: %s", d.errors ? d.errors[0] : "?");
	st_diag_free(&d);
	assert_int_equal(st_engine_run(&f->rs, st_profileset_find(&f->ps, profile), f->sys, NULL,
				       &f->plan),
			 0);
	assert_int_equal(st_state_open(state, true, &f->st), 0);
	if (st_journal_load_active(f->st, &f->js, &f->nj, &err) < 0)
		fail_msg("journals: %s", err);
	free(rules);
	free(profiles);
	free(state);
}

static void fx_load(struct fx *f, const char *dir, const char *profile)
{
	fx_load_rules(f, dir, profile, NULL);
}

static void fx_free(struct fx *f)
{
	st_journal_freev(f->js, f->nj);
	st_state_free(f->st);
	st_plan_free(f->plan);
	st_system_free(f->sys);
	st_ruleset_free(&f->rs);
	st_profileset_free(&f->ps);
	st_path_free(f->pc);
	free(f->dir);
}

static int fx_apply(struct fx *f, const struct st_apply_opts *o, struct st_apply **out)
{
	*out = st_apply_select(f->plan, f->js, f->nj, o);
	return st_apply_run(f->pc, f->sys, f->st, *out, f->plan->profile->name, o);
}

/* Reverts the newest journal (all: every one) into *rs; *r is the first
 * journal replayed, or NULL. */
static int fx_revert(struct fx *f, bool force, bool all, struct st_reverts *rs,
		     struct st_revert **r)
{
	int rc = st_revert_run(f->pc, f->sys, f->st, force, all, rs);

	*r = rs->n ? rs->v[0] : NULL;
	return rc;
}

/* dir/rel, white space stripped; NULL when missing. */
static char *rd(const char *dir, const char *rel)
{
	char *p = st_xasprintf("%s/%s", dir, rel), *buf = NULL;
	FILE *fp = fopen(p, "r");
	size_t n;

	free(p);
	if (!fp)
		return NULL;
	buf = st_xcalloc(1, 4096);
	n = fread(buf, 1, 4095, fp);
	buf[n] = '\0';
	fclose(fp);
	return st_strstrip(buf);
}

static void assert_file(const char *dir, const char *rel, const char *want)
{
	char *got = rd(dir, rel);

	if (!st_streq(got, want))
		fail_msg("%s: '%s', expected '%s'", rel, got ? got : "(missing)",
			 want ? want : "(missing)");
	free(got);
}

/* Removes the directories --persist made; they must be empty (no file,
 * no temporary file left in them). */
static void rm_persist_dirs(const char *dir)
{
	char *cmd = st_xasprintf("cd '%s' && for d in etc/udev/rules.d etc/udev etc/sysctl.d; do "
				 "[ ! -d $d ] || rmdir $d || exit 1; done", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* The tree is the pristine fixture again, apart from the state dir. */
static void assert_pristine(const char *dir, const char *fixture)
{
	char *src = st_test_path("tests/sysroots"), *cmd;

	cmd = st_xasprintf("diff -r --no-dereference -x var -x sysctl.d -x rules.d '%s/%s' '%s'",
			   src, fixture, dir);
	if (system(cmd) != 0)
		fail_msg("%s differs from the fixture %s", dir, fixture);
	free(cmd);
	free(src);
}

static size_t count_status(const struct st_apply *a, enum st_item_status s)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n; i++)
		n += a->items[i].status == s;
	return n;
}

static const struct st_apply_item *item(const struct st_apply *a, const char *id)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->items[i].reco->id, id) == 0)
			return &a->items[i];
	fail_msg("no item %s", id);
	return NULL;
}

static bool exists(const char *dir, const char *rel)
{
	char *p = st_xasprintf("%s/%s", dir, rel);
	bool r = access(p, F_OK) == 0;

	free(p);
	return r;
}

/* Plan computation: durability and mount items are held without their flags. */
static void test_select(void **state)
{
	struct st_apply_opts o = { 0 };
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4");

	(void)state;
	fx_load(&f, dir, "database");
	a = st_apply_select(f.plan, NULL, 0, &o);
	assert_int_equal(a->n, f.plan->nchanges);
	assert_int_equal(count_status(a, ST_IT_HELD), 2);
	assert_int_equal(a->npending, a->n - 2);
	assert_int_equal(item(a, "/var/lib/mysql:mount:commit")->status, ST_IT_HELD);
	assert_non_null(strstr(item(a, "/var/lib/mysql:mount:commit")->reason,
			       "--allow-durability-risk"));
	assert_non_null(strstr(item(a, "/:mount:atime")->reason, "--remount"));
	assert_int_equal(item(a, "sdb:queue/iosched/read_expire")->status, ST_IT_PENDING);
	st_apply_free(a);

	o.allow_durability = o.remount = true;
	a = st_apply_select(f.plan, NULL, 0, &o);
	assert_int_equal(count_status(a, ST_IT_HELD), 0);
	assert_int_equal(a->npending, a->n);
	st_apply_free(a);
	fx_free(&f);
	st_test_rmtree(dir);
}

/* Apply writes, reads back, journals; a second apply changes nothing. */
static void test_apply_idempotent(void **state)
{
	struct st_apply_opts o = { 0 };
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4");

	(void)state;
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	assert_int_equal(count_status(a, ST_IT_DONE), a->npending);
	assert_int_equal(a->journal_seq, 1);
	st_apply_free(a);
	fx_free(&f);
	assert_file(dir, "sys/block/sdb/queue/iosched/read_expire", "240");
	/* sda's read-ahead is at the 128 KiB that ra-random caps it to */
	assert_file(dir, "sys/block/sda/queue/read_ahead_kb", "128");
	assert_file(dir, "proc/sys/vm/dirty_bytes", "268435456");
	/* the kernel zeroes the ratio when the bytes are set; so does the
	 * sysroot emulation */
	assert_file(dir, "proc/sys/vm/dirty_ratio", "0");
	assert_true(exists(dir, "var/lib/stortune/journal-000001.json"));

	fx_load(&f, dir, "database");
	assert_int_equal(f.nj, 1);
	assert_int_equal(f.js[0]->phase, ST_JP_APPLIED);
	/* 16 changes and the two ratio twins */
	assert_int_equal(f.js[0]->n, 18);
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	assert_int_equal(a->npending, 0);
	assert_int_equal(a->journal_seq, 0);
	st_apply_free(a);
	fx_free(&f);
	assert_false(exists(dir, "var/lib/stortune/journal-000002.json"));
	st_test_rmtree(dir);
}

/* A write failing in the middle of the plan undoes what came before it. */
static void test_rollback_on_write_failure(void **state)
{
	struct st_apply_opts o = { 0 };
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4");
	const struct st_apply_item *failed = NULL;

	(void)state;
	st_test_log_start();
	fx_load(&f, dir, "database");
	wrap_reset();
	wrap.fail_at = 5;
	wrap.err = -EINVAL;
	assert_int_equal(fx_apply(&f, &o, &a), -EINVAL);
	wrap_reset();
	assert_int_equal(count_status(a, ST_IT_FAILED), 1);
	assert_int_equal(count_status(a, ST_IT_ROLLED_BACK), 4);
	assert_int_equal(count_status(a, ST_IT_DONE), 0);
	for (size_t i = 0; i < a->n; i++)
		if (a->items[i].status == ST_IT_FAILED)
			failed = &a->items[i];
	assert_non_null(failed);
	/* sdb's three, sdc's first, sdc's second fails */
	assert_string_equal(failed->reco->id, "sdc:queue/iosched/write_expire");
	assert_non_null(strstr(st_test_log_text(),
			       "sdc: queue/iosched/write_expire: write failed: Invalid argument"));
	st_apply_free(a);
	fx_free(&f);
	assert_pristine(dir, "db-hdd-ext4");
	/* nothing left to revert: the journal is retired as rolled back */
	assert_false(exists(dir, "var/lib/stortune/journal-000001.json"));
	assert_true(exists(dir, "var/lib/stortune/done-000001.json"));
	st_test_log_stop();
	st_test_rmtree(dir);
}

/* A write the kernel accepts but that does not stick is a failure too. */
static void test_rollback_on_readback(void **state)
{
	struct st_apply_opts o = { 0 };
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4");

	(void)state;
	st_test_log_start();
	fx_load(&f, dir, "database");
	wrap_reset();
	wrap.fail_at = 2; /* succeeds, writes nothing */
	assert_int_equal(fx_apply(&f, &o, &a), -EIO);
	wrap_reset();
	assert_non_null(strstr(st_test_log_text(), "sdb: queue/iosched/write_expire: wrote 2500, "
						   "but it reads back 5000"));
	assert_int_equal(count_status(a, ST_IT_ROLLED_BACK), 1);
	st_apply_free(a);
	fx_free(&f);
	assert_pristine(dir, "db-hdd-ext4");
	st_test_log_stop();
	st_test_rmtree(dir);
}

/* Crash safety: kill -9 at every step of every change, then revert. */
struct killer {
	unsigned at, seen;
};

static void kill_hook(void *data, enum st_apply_step step, size_t change)
{
	struct killer *k = data;

	(void)step;
	(void)change;
	if (++k->seen == k->at)
		raise(SIGKILL);
}

/* The same with --persist: also at each step of the two files. */
static void crash_then_revert(bool persist)
{
	unsigned points = 0;

	for (unsigned at = 1;; at++) {
		char *dir = st_test_copy_fixture("db-hdd-ext4");
		struct st_reverts rs;
		struct st_revert *r = NULL;
		int status;
		pid_t pid;
		struct fx f;

		fflush(NULL);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct killer k = { .at = at };
			struct st_apply_opts o = { .step_hook = kill_hook, .hook_data = &k,
						   .persist = persist };
			struct st_apply *a;

			st_log_set_quiet(true);
			fx_load(&f, dir, "database");
			_exit(fx_apply(&f, &o, &a) == 0 ? 0 : 1);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (WIFEXITED(status)) {
			/* past the last step: the apply completed */
			assert_int_equal(WEXITSTATUS(status), 0);
			st_test_rmtree(dir);
			break;
		}
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		points++;
		fx_load(&f, dir, "database");
		assert_int_equal(f.nj, 1);
		assert_int_equal(f.js[0]->phase, ST_JP_APPLYING);
		assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
		assert_int_equal(r->nmanual, 0);
		assert_int_equal(r->nfailed, 0);
		st_reverts_free(&rs);
		fx_free(&f);
		rm_persist_dirs(dir);
		assert_pristine(dir, "db-hdd-ext4");
		st_test_rmtree(dir);
	}
	/* the intent saved, 16 changes written and read back, the journal not
	 * yet marked complete; with --persist, the files' intent and the two
	 * files written and read back too */
	assert_int_equal(points, 1 + 16 * 2 + 1 + (persist ? 1 + 2 * 2 : 0));
}

static void test_crash_then_revert(void **state)
{
	(void)state;
	crash_then_revert(false);
}

static void test_crash_then_revert_persist(void **state)
{
	(void)state;
	crash_then_revert(true);
}

/* Swaps two disks' identities and queues: sda and sdb trade names. */
static void swap_disks(const char *dir)
{
	char *cmd = st_xasprintf(
		"set -e; cd '%s'; d=sys/block; u=run/udev/data;"
		"mv $u/b8:0 $u/tmp; mv $u/b8:16 $u/b8:0; mv $u/tmp $u/b8:16;"
		"mv $d/sda/queue $d/sda/q.tmp; mv $d/sdb/queue $d/sda/queue;"
		"mv $d/sda/q.tmp $d/sdb/queue;"
		"cp $d/sda/device/model m.tmp; cp $d/sdb/device/model $d/sda/device/model;"
		"mv m.tmp $d/sdb/device/model",
		dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void test_revert_after_rename(void **state)
{
	struct st_apply_opts o = { 0 };
	struct st_reverts rs;
	struct st_revert *r;
	struct st_apply *a;
	const char *hdd_id;
	struct fx f;
	char *dir = st_test_copy_fixture("desktop-ssd-hdd");
	bool moved = false;

	(void)state;
	st_test_log_start();
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	assert_int_equal(item(a, "sdb:queue/scheduler")->status, ST_IT_DONE);
	st_apply_free(a);
	fx_free(&f);

	/* after a reboot the HDD (was sdb) is sda, the SSD sdb */
	swap_disks(dir);
	fx_load(&f, dir, "database");
	hdd_id = st_system_find(f.sys, "sda")->stable_id;
	assert_string_equal(hdd_id, "wwn:0x5000c500c4e2a1b7");
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	for (size_t i = 0; i < r->n; i++)
		if (st_streq(r->rows[i].e->stable_id, hdd_id)) {
			assert_string_equal(r->rows[i].target, "sda");
			assert_string_equal(r->rows[i].e->target, "sdb");
			assert_non_null(strstr(r->rows[i].note, "found by stable id"));
			moved = true;
		}
	assert_true(moved);
	st_reverts_free(&rs);
	fx_free(&f);
	/* the HDD's old values went to the HDD, under its new name */
	assert_file(dir, "sys/block/sda/queue/scheduler", "mq-deadline kyber [bfq] none");
	assert_file(dir, "sys/block/sda/queue/wbt_lat_usec", "0");
	assert_file(dir, "sys/block/sdb/queue/scheduler", "[mq-deadline] kyber bfq none");
	swap_disks(dir);
	assert_pristine(dir, "desktop-ssd-hdd");
	st_test_log_stop();
	st_test_rmtree(dir);
}

/* A value changed by hand after apply: verify says manual, apply and revert
 * leave it alone, revert --force restores it. */
static void test_manual_change(void **state)
{
	struct st_apply_opts o = { 0 };
	struct st_verify *v;
	struct st_reverts rs;
	struct st_revert *r;
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4");
	bool seen = false;

	(void)state;
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	st_apply_free(a);
	fx_free(&f);
	st_test_write(dir, "sys/block/sdb/queue/iosched/read_expire", "300\n", 4);

	fx_load(&f, dir, "database");
	v = st_verify_build(f.plan, f.js, f.nj, &o, false);
	assert_int_equal(v->count[ST_VS_MANUAL], 1);
	assert_int_equal(v->count[ST_VS_DRIFT], 0);
	assert_int_equal(v->ndrift, 0);
	for (size_t i = 0; i < v->n; i++)
		if (v->rows[i].status == ST_VS_MANUAL) {
			assert_string_equal(v->rows[i].target, "sdb");
			assert_string_equal(v->rows[i].knob, "queue/iosched/read_expire");
			assert_string_equal(v->rows[i].actual, "300");
			seen = true;
		}
	assert_true(seen);
	st_verify_free(v);
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	assert_int_equal(item(a, "sdb:queue/iosched/read_expire")->status, ST_IT_MANUAL);
	st_apply_free(a);
	assert_file(dir, "sys/block/sdb/queue/iosched/read_expire", "300");

	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	assert_int_equal(r->nmanual, 1);
	assert_int_equal(r->j->phase, ST_JP_PARTIAL);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_file(dir, "sys/block/sdb/queue/iosched/read_expire", "300");
	assert_file(dir, "sys/block/sdc/queue/iosched/read_expire", "500");
	assert_true(exists(dir, "var/lib/stortune/journal-000001.json"));

	fx_load(&f, dir, "database");
	assert_int_equal(fx_revert(&f, true, false, &rs, &r), 0);
	assert_int_equal(r->nmanual, 0);
	assert_int_equal(r->j->phase, ST_JP_REVERTED);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_pristine(dir, "db-hdd-ext4");
	assert_false(exists(dir, "var/lib/stortune/journal-000001.json"));
	st_test_rmtree(dir);
}

/* The journal: its JSON round trip (with the apply's DEVICEs), a bad file
 * named, the lock. */
static void test_journal(void **state)
{
	char *dir = st_test_mkdtemp(), *text, *err = NULL, *p;
	struct st_journal *j, *back, **js;
	struct st_state *st, *st2;
	size_t n;
	long holder;

	(void)state;
	assert_int_equal(st_state_open(dir, false, &st), 0);
	st_state_set_devices(st, (char *[]){ "sdb", "vg0-data" }, 2);
	assert_int_equal(st_journal_new(st, "database", NULL, &j), 0);
	assert_int_equal(j->seq, 1);
	assert_int_equal(st_strv_len(j->devices), 2);
	st_state_set_devices(st, NULL, 0);
	st_journal_add(j, ST_JK_SYSFS, "queue/scheduler", "sdb", "wwn:0x5000c5", "bfq", "none",
		       "hdd-mq-deadline");
	st_journal_add(j, ST_JK_FILE, NULL, "etc/sysctl.d/60-stortune.conf", NULL, NULL,
		       "vm.swappiness = 10\n\"quoted\"\n", NULL);
	assert_int_equal(st_journal_save(st, j), 0);
	text = st_journal_to_json(j);
	assert_int_equal(st_journal_from_json(text, "t.json", &back, &err), 0);
	assert_int_equal(back->n, 2);
	assert_int_equal(st_strv_len(back->devices), 2);
	assert_string_equal(back->devices[1], "vg0-data");
	assert_string_equal(back->v[0].stable_id, "wwn:0x5000c5");
	assert_null(back->v[1].old_value);
	assert_string_equal(back->v[1].new_value, "vm.swappiness = 10\n\"quoted\"\n");
	st_journal_free(back);
	free(text);

	/* the next journal counts on; retired ones are not active */
	assert_int_equal(st_journal_retire(st, j), 0);
	st_journal_free(j);
	assert_int_equal(st_journal_new(st, "database", NULL, &j), 0);
	assert_int_equal(j->seq, 2);
	assert_null(j->devices); /* a journal for every device */
	assert_int_equal(st_journal_save(st, j), 0);
	st_journal_free(j);
	assert_int_equal(st_journal_load_active(st, &js, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(js[0]->seq, 2);
	st_journal_freev(js, n);

	/* a corrupt journal is named, not ignored */
	st_test_write(dir, "journal-000002.json", "{\"version\": 1, \"seq\": 2,", 24);
	assert_int_equal(st_journal_load_active(st, &js, &n, &err), -EINVAL);
	p = st_xasprintf("%s/journal-000002.json: not a stortune journal", dir);
	assert_non_null(strstr(err, p));
	free(p);
	free(err);

	/* no temp files left by the atomic writes */
	p = st_xasprintf("ls -a '%s' | grep -q '^\\.journal'", dir);
	assert_int_not_equal(system(p), 0);
	free(p);

	assert_int_equal(st_state_lock(st, &holder), 0);
	assert_int_equal(st_state_open(dir, false, &st2), 0);
	assert_int_equal(st_state_lock(st2, &holder), -EBUSY);
	assert_int_equal(holder, (long)getpid());
	st_state_free(st);
	assert_int_equal(st_state_lock(st2, &holder), 0); /* released with its holder */
	st_state_free(st2);
	st_test_rmtree(dir);
}

/* --persist writes both files; revert removes one and puts the other back. */
static void test_persist_revert(void **state)
{
	struct st_apply_opts o = { .persist = true };
	static const char old[] = "# the admin's own\nvm.swappiness = 30\n";
	struct st_reverts rs;
	struct st_revert *r;
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4"), *rules;
	char *cmd = st_xasprintf("mkdir -p '%s/etc/sysctl.d'", dir);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	st_test_write(dir, ST_PERSIST_SYSCTL_FILE, old, sizeof(old) - 1);
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	assert_int_equal(st_strv_len(a->persisted), 2);
	st_apply_free(a);
	fx_free(&f);
	rules = rd(dir, ST_PERSIST_UDEV_FILE);
	assert_non_null(rules);
	assert_non_null(strstr(rules, "ENV{ID_WWN"));
	assert_non_null(strstr(rules, "ATTR{queue/iosched/read_expire}=\"240\""));
	free(rules);
	rules = rd(dir, ST_PERSIST_SYSCTL_FILE);
	assert_non_null(strstr(rules, "vm.dirty_bytes = 268435456"));
	assert_null(strstr(rules, "the admin's own"));
	free(rules);

	fx_load(&f, dir, "database");
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_false(exists(dir, ST_PERSIST_UDEV_FILE));
	rules = rd(dir, ST_PERSIST_SYSCTL_FILE);
	assert_string_equal(rules, "# the admin's own\nvm.swappiness = 30");
	free(rules);
	st_test_rmtree(dir);
}

/* What apply holds back is held in verify, not drift: the mount option
 * (no --remount), the durability risk (no flag), the advice; --strict
 * counts the held settings, never the advice.  A held item an apply did
 * set and that was changed since is manual; with the flag it is checked. */
static void test_verify_held(void **state)
{
	struct st_apply_opts o = { 0 }, dur = { .allow_durability = true };
	struct st_verify *v;
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4");
	size_t held = 0;

	(void)state;
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	st_apply_free(a);
	fx_free(&f);

	fx_load(&f, dir, "database");
	v = st_verify_build(f.plan, f.js, f.nj, &o, false);
	assert_string_equal(v->profile, "database");
	assert_int_equal(v->count[ST_VS_DRIFT], 0);
	assert_int_equal(v->count[ST_VS_SKIPPED], 0);
	assert_int_equal(v->count[ST_VS_HELD], 2 + f.plan->nadvice);
	assert_int_equal(v->held_advice, f.plan->nadvice);
	assert_int_equal(v->ndrift, 0);
	for (size_t i = 0; i < v->n; i++) {
		const struct st_vrow *r = &v->rows[i];

		if (r->status != ST_VS_HELD)
			continue;
		held++;
		if (st_streq(r->knob, "mount:commit")) {
			assert_int_equal(r->hold, ST_HOLD_DURABILITY);
			assert_string_equal(st_hold_needs(r->hold), "--allow-durability-risk");
		} else if (st_streq(r->knob, "mount:atime")) {
			assert_int_equal(r->hold, ST_HOLD_REMOUNT);
			assert_string_equal(st_hold_needs(r->hold), "--remount");
		} else {
			assert_null(r->knob);
			assert_int_equal(r->hold, ST_HOLD_ADVICE);
		}
	}
	assert_int_equal(held, v->count[ST_VS_HELD]);
	st_verify_free(v);

	v = st_verify_build(f.plan, f.js, f.nj, &o, true);
	assert_int_equal(v->ndrift, 2);
	st_verify_free(v);
	/* with the flag, the durability mount option still needs --remount */
	v = st_verify_build(f.plan, f.js, f.nj, &dur, false);
	assert_int_equal(v->count[ST_VS_HELD], 2 + f.plan->nadvice);
	for (size_t i = 0; i < v->n; i++)
		if (st_streq(v->rows[i].knob, "mount:commit"))
			assert_int_equal(v->rows[i].hold, ST_HOLD_REMOUNT);
	st_verify_free(v);
	fx_free(&f);
	st_test_rmtree(dir);
}

/* revert undoes the newest journal only; revert --all every active one,
 * newest first, so values two applies changed go back to the first old
 * one; a manual entry in a newer journal does not stop the older ones. */
static void test_revert_all(void **state)
{
	struct st_apply_opts o = { 0 };
	struct st_reverts rs;
	struct st_revert *r;
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4");

	(void)state;
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	st_apply_free(a);
	fx_free(&f);
	fx_load(&f, dir, "backup");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	assert_int_equal(a->journal_seq, 2);
	st_apply_free(a);
	fx_free(&f);
	assert_file(dir, "sys/block/sda/queue/read_ahead_kb", "1024");

	/* revert: journal 2 only */
	fx_load(&f, dir, "backup");
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	assert_int_equal(rs.n, 1);
	assert_int_equal(r->j->seq, 2);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_file(dir, "sys/block/sda/queue/read_ahead_kb", "128");
	assert_true(exists(dir, "var/lib/stortune/journal-000001.json"));
	assert_false(exists(dir, "var/lib/stortune/journal-000002.json"));

	/* backup again (journal 3), a hand edit of one of its values, then --all */
	fx_load(&f, dir, "backup");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	assert_int_equal(a->journal_seq, 3);
	st_apply_free(a);
	fx_free(&f);
	st_test_write(dir, "sys/block/sdb/queue/nr_requests", "128\n", 4);
	fx_load(&f, dir, "backup");
	assert_int_equal(fx_revert(&f, false, true, &rs, &r), 0);
	assert_int_equal(rs.n, 2);
	assert_int_equal(rs.v[0]->j->seq, 3);
	assert_int_equal(rs.v[0]->nmanual, 1);
	assert_int_equal(rs.v[0]->j->phase, ST_JP_PARTIAL);
	assert_int_equal(rs.v[1]->j->seq, 1);
	assert_int_equal(rs.v[1]->nmanual, 0);
	assert_int_equal(rs.v[1]->j->phase, ST_JP_REVERTED);
	assert_int_equal(rs.nfailed, 0);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_file(dir, "sys/block/sda/queue/read_ahead_kb", "128");
	assert_file(dir, "sys/block/sdb/queue/nr_requests", "128");
	assert_true(exists(dir, "var/lib/stortune/journal-000003.json"));
	assert_false(exists(dir, "var/lib/stortune/journal-000001.json"));

	/* --force --all: the hand edit too; then nothing is active */
	fx_load(&f, dir, "backup");
	assert_int_equal(fx_revert(&f, true, true, &rs, &r), 0);
	assert_int_equal(rs.n, 1);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_pristine(dir, "db-hdd-ext4");
	fx_load(&f, dir, "backup");
	assert_int_equal(fx_revert(&f, false, true, &rs, &r), 0);
	assert_int_equal(rs.n, 0);
	assert_null(r);
	st_reverts_free(&rs);
	fx_free(&f);
	st_test_rmtree(dir);
}

static const struct st_status_file *status_file(const struct st_status *s, const char *rel)
{
	for (size_t i = 0; i < s->nfiles; i++)
		if (strcmp(s->files[i].path, rel) == 0)
			return &s->files[i];
	return NULL;
}

/* status: each active journal's items and files; a --persist file as
 * written, edited since, removed since, or there without a journal. */
static void test_status(void **state)
{
	struct st_apply_opts o = { .persist = true };
	struct st_status *s;
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4"), *rules;

	(void)state;
	fx_load(&f, dir, "database");
	assert_int_equal(st_status_build(f.pc, f.js, f.nj, &s), 0);
	assert_int_equal(s->nj, 0);
	assert_int_equal(s->nfiles, 0);
	st_status_free(s);
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	st_apply_free(a);
	fx_free(&f);

	fx_load(&f, dir, "database");
	assert_int_equal(st_status_build(f.pc, f.js, f.nj, &s), 0);
	assert_int_equal(s->nj, 1);
	assert_int_equal(s->journals[0].items, 16); /* not the two ratio twins */
	assert_int_equal(s->journals[0].files, 2);
	assert_int_equal(s->nfiles, 2);
	assert_int_equal(status_file(s, ST_PERSIST_UDEV_FILE)->state, ST_PF_WRITTEN);
	assert_int_equal(status_file(s, ST_PERSIST_SYSCTL_FILE)->state, ST_PF_WRITTEN);
	assert_int_equal(status_file(s, ST_PERSIST_SYSCTL_FILE)->seq, 1);
	st_status_free(s);

	st_test_write(dir, ST_PERSIST_SYSCTL_FILE, "vm.swappiness = 1\n", 18);
	rules = st_xasprintf("%s/%s", dir, ST_PERSIST_UDEV_FILE);
	assert_int_equal(unlink(rules), 0);
	free(rules);
	assert_int_equal(st_status_build(f.pc, f.js, f.nj, &s), 0);
	assert_int_equal(status_file(s, ST_PERSIST_UDEV_FILE)->state, ST_PF_REMOVED);
	assert_int_equal(status_file(s, ST_PERSIST_SYSCTL_FILE)->state, ST_PF_EDITED);
	st_status_free(s);
	/* without the journal, a file there is not stortune's; one gone is not listed */
	assert_int_equal(st_status_build(f.pc, NULL, 0, &s), 0);
	assert_int_equal(s->nfiles, 1);
	assert_int_equal(status_file(s, ST_PERSIST_SYSCTL_FILE)->state, ST_PF_OTHER);
	assert_int_equal(status_file(s, ST_PERSIST_SYSCTL_FILE)->seq, 0);
	st_status_free(s);
	fx_free(&f);
	st_test_rmtree(dir);
}


/* Validation's scheduler switches: what an elevator change resets (the
 * wrapper emulates the kernel: nr_requests 128 after every scheduler
 * write) is written again, to the arm's value. */
static size_t item_index(const struct st_apply *a, const char *id)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->items[i].reco->id, id) == 0)
			return i;
	fail_msg("no item %s", id);
	return 0;
}

static int settle_validate(void *data, struct st_apply_ctl *ctl)
{
	const char *dir = data;
	const struct st_apply *a = st_apply_ctl_apply(ctl);
	size_t s = item_index(a, "sdb:queue/scheduler"), n = item_index(a, "sdb:queue/nr_requests");
	size_t both[] = { s, n };
	const char *nr = "sys/block/sdb/queue/nr_requests";

	assert_int_equal(a->items[s].status, ST_IT_DONE);
	assert_int_equal(a->items[n].status, ST_IT_DONE);
	/* apply read nr_requests after the switch: its old value is 128;
	 * switching back to mq-deadline gives that scheduler's default, 256 */
	assert_string_equal(a->items[n].live, "128");
	wrap.sched_reset = "256";
	/* A of a group that holds the scheduler alone: the rest of the plan stays */
	assert_int_equal(st_apply_ctl_set(ctl, s, false), 0);
	assert_file(dir, nr, "256");
	assert_int_equal(st_apply_ctl_settle(ctl, s, &s, 1), 0);
	assert_file(dir, nr, "32");
	assert_int_equal(st_apply_ctl_set(ctl, s, true), 0);
	assert_int_equal(st_apply_ctl_settle(ctl, s, NULL, 0), 0);
	assert_file(dir, nr, "32");
	/* A of a group that holds both: nr_requests' old value was read under
	 * the new scheduler, so the kernel's reset stands; B: the plan again */
	assert_int_equal(st_apply_ctl_set(ctl, n, false), 0);
	assert_file(dir, nr, "128");
	assert_int_equal(st_apply_ctl_set(ctl, s, false), 0);
	assert_int_equal(st_apply_ctl_settle(ctl, s, both, 2), 0);
	assert_file(dir, nr, "256");
	assert_int_equal(st_apply_ctl_set(ctl, s, true), 0);
	assert_int_equal(st_apply_ctl_settle(ctl, s, NULL, 0), 0);
	assert_file(dir, nr, "32");
	/* the scheduler rolled back for good: nr_requests keeps the plan */
	assert_int_equal(st_apply_ctl_undo(ctl, s, "test"), 0);
	assert_int_equal(st_apply_ctl_settle(ctl, s, NULL, 0), 0);
	assert_file(dir, "sys/block/sdb/queue/scheduler", "[mq-deadline] none");
	assert_file(dir, nr, "32");
	return 0;
}

static void test_validate_settle(void **state)
{
	struct st_apply_opts o = { .validate = settle_validate };
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4");
	char *rules = st_xasprintf("%s/rules", dir), *src = st_test_path("rules");
	char *cmd = st_xasprintf("mkdir '%s' && cp '%s'/*.ini '%s' && cat >'%s/zz-test.ini' <<'EOF'\n"
				 "[test-none]\nsummary = t\nwhy = t\nscope = device\n"
				 "when = device.name == \"sdb\"\nset = queue/scheduler\nvalue = \"none\"\n"
				 "priority = 100\nsource = Linux Documentation/block/queue-sysfs.rst (scheduler)\n"
				 "[test-nr]\nsummary = t\nwhy = t\nscope = device\n"
				 "when = device.name == \"sdb\"\nset = queue/nr_requests\nvalue = 32\n"
				 "priority = 100\nsource = Linux Documentation/block/queue-sysfs.rst (nr_requests)\n"
				 "EOF\n", rules, src, rules, rules);

	(void)state;
	assert_int_equal(system(cmd), 0);
	fx_load_rules(&f, dir, "general", rules);
	o.validate_data = dir;
	wrap_reset();
	wrap.sched_reset = "128";
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	wrap_reset();
	assert_int_equal(item(a, "sdb:queue/scheduler")->status, ST_IT_ROLLED_BACK);
	assert_int_equal(item(a, "sdb:queue/nr_requests")->status, ST_IT_DONE);
	st_apply_free(a);
	fx_free(&f);
	free(cmd);
	free(src);
	free(rules);
	st_test_rmtree(dir);
}
/* Moves a disk's sysfs directory out of the tree (away) or back: the disk
 * was unplugged, or a loop device detached. */
static void move_disk(const char *dir, const char *name, bool away)
{
	char *cmd = away ? st_xasprintf("cd '%s' && mv \"$(readlink -f sys/block/%s)\" gone-%s", dir,
					name, name)
			 : st_xasprintf("cd '%s' && mv gone-%s \"sys/block/$(readlink sys/block/%s)\"",
					dir, name, name);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* Issue 16, defect 3: a value a failed write left unreadable (an empty
 * file) is restored from the journal; a temporary file a killed write left
 * next to it is removed. */
static void test_revert_unreadable(void **state)
{
	struct st_apply_opts o = { 0 };
	struct st_reverts rs;
	struct st_revert *r;
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4");

	(void)state;
	st_test_log_start();
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	st_apply_free(a);
	fx_free(&f);
	st_test_write(dir, "sys/block/sdb/queue/iosched/read_expire", "", 0);
	st_test_write(dir, "sys/block/sdb/queue/iosched/.read_expire.k1ll3d", "24", 2);
	fx_load(&f, dir, "database");
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	assert_int_equal(r->nfailed, 0);
	assert_int_equal(r->j->phase, ST_JP_REVERTED);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_non_null(strstr(st_test_log_text(), "sdb: queue/iosched/read_expire: the current "
						   "value cannot be read"));
	assert_pristine(dir, "db-hdd-ext4");
	st_test_log_stop();
	st_test_rmtree(dir);
}

/* Issue 16, defect 3: the sysroot's stand-in for an attribute is replaced,
 * not rewritten in place (a new inode), and no temporary file is left. */
static void test_sysroot_write_replaces(void **state)
{
	char *dir = st_test_copy_fixture("db-hdd-ext4"), *p, *cmd;
	struct st_path *pc;
	struct stat before, after;

	(void)state;
	p = st_xasprintf("%s/sys/block/sda/queue/read_ahead_kb", dir);
	assert_int_equal(stat(p, &before), 0);
	assert_int_equal(st_path_new(&pc, dir), 0);
	assert_int_equal(st_path_write_stringf(pc, "64\n", "sys/block/sda/queue/read_ahead_kb"), 0);
	assert_int_equal(st_path_write_stringf(pc, "1\n", "sys/block/nosuch/queue/read_ahead_kb"),
			 -ENOENT);
	st_path_free(pc);
	assert_int_equal(stat(p, &after), 0);
	assert_int_not_equal(before.st_ino, after.st_ino);
	assert_int_equal(before.st_mode, after.st_mode);
	assert_file(dir, "sys/block/sda/queue/read_ahead_kb", "64");
	cmd = st_xasprintf("ls -a '%s/sys/block/sda/queue' | grep -q '^\\.read_ahead'", dir);
	assert_int_not_equal(system(cmd), 0);
	free(cmd);
	free(p);
	st_test_rmtree(dir);
}

/* Issue 16, defect 4: a state directory or journal that others can write,
 * or a symlinked state directory, is refused; revert checks every entry
 * against the knob table and executes nothing of a journal that fails. */
static void test_untrusted_journal(void **state)
{
	static const struct {
		const char *knob, *old, *target, *msg;
	} bad[] = {
		{ "queue/iosched/read_expire", "99999999", NULL, "above the maximum" },
		{ "queue/iosched/read_expire", "300\n", NULL, "control character" },
		{ "queue/iosched/read_expire", "12abc", NULL, "is not a number" },
		{ "vm.swappiness", "201", NULL, "above the maximum" },
		{ "vm.swappiness", "10", "sda", "is not a sysctl" },
		{ "queue/iosched/read_expire", "300", "../../etc", "is not a device name" },
		{ NULL, "root::0:0::/:/bin/sh\n", "etc/passwd", "not a file stortune writes" },
	};
	struct st_apply_opts o = { .persist = true };
	struct st_reverts rs;
	struct st_revert *r;
	struct st_apply *a;
	struct st_state *st;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4"), *sd, *cmd, *err = NULL, *p, *keep_back;

	(void)state;
	st_test_log_start();
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	st_apply_free(a);
	fx_free(&f);
	sd = st_xasprintf("%s/var/lib/stortune", dir);
	cmd = st_xasprintf("cp -p '%s/journal-000001.json' '%s/var/journal.keep'", sd, dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	keep_back = st_xasprintf("cp -p '%s/var/journal.keep' '%s/journal-000001.json'", dir, sd);
	for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
		struct st_jentry *e = NULL;

		fx_load(&f, dir, "database");
		for (size_t i = 0; i < f.js[0]->n && !e; i++)
			if (bad[b].knob ? st_streq(f.js[0]->v[i].knob, bad[b].knob)
					: f.js[0]->v[i].kind == ST_JK_FILE)
				e = &f.js[0]->v[i];
		assert_non_null(e);
		/* a copy of the journal, made bad */
		free(e->old_value);
		e->old_value = st_xstrdup(bad[b].old);
		if (bad[b].target) {
			free(e->target);
			e->target = st_xstrdup(bad[b].target);
		}
		assert_int_equal(__real_st_journal_save(f.st, f.js[0]), 0);
		fx_free(&f);
		fx_load(&f, dir, "database");
		assert_int_equal(fx_revert(&f, true, false, &rs, &r), -EINVAL);
		assert_int_equal(rs.n, 0);
		st_reverts_free(&rs);
		fx_free(&f);
		p = st_xasprintf("%s/journal-000001.json: entry ", sd);
		if (!strstr(st_test_log_text(), p) || !strstr(st_test_log_text(), bad[b].msg))
			fail_msg("bad journal %zu: %s", b, st_test_log_text());
		free(p);
		/* nothing executed: every value is the applied one */
		assert_file(dir, "sys/block/sdb/queue/iosched/read_expire", "240");
		assert_true(exists(dir, ST_PERSIST_UDEV_FILE));
		st_test_log_stop();
		st_test_log_start();
		/* the good journal back, from the copy kept aside */
		assert_int_equal(system(keep_back), 0);
	}
	free(keep_back);

	/* world-writable state directory, journal of another user, symlink */
	cmd = st_xasprintf("chmod 777 '%s'", sd);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(st_state_open(sd, false, &st), -EPERM);
	assert_non_null(strstr(st_test_log_text(), "writable by others (mode 0777)"));
	cmd = st_xasprintf("chmod 755 '%s' && chown 65534 '%s/journal-000001.json'", sd, sd);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(st_state_open(sd, false, &st), 0);
	{
		struct st_journal **js;
		size_t n;

		assert_int_equal(st_journal_load_active(st, &js, &n, &err), -EPERM);
		assert_non_null(strstr(err, "journal-000001.json: the journal is owned by uid 65534"));
		free(err);
	}
	st_state_free(st);
	cmd = st_xasprintf("chown 0 '%s/journal-000001.json' && chmod 620 '%s/journal-000001.json'",
			   sd, sd);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(st_state_open(sd, false, &st), 0);
	{
		struct st_journal **js;
		size_t n;

		assert_int_equal(st_journal_load_active(st, &js, &n, &err), -EPERM);
		assert_non_null(strstr(err, "writable by its group"));
		free(err);
	}
	st_state_free(st);
	cmd = st_xasprintf("chmod 600 '%s/journal-000001.json' && mv '%s' '%s.real' && "
			   "ln -s stortune.real '%s'", sd, sd, sd, sd);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(st_state_open(sd, false, &st), -ELOOP);
	assert_non_null(strstr(st_test_log_text(), "the state directory is a symlink"));
	cmd = st_xasprintf("rm '%s' && mv '%s.real' '%s'", sd, sd, sd);
	assert_int_equal(system(cmd), 0);
	free(cmd);

	/* all fixed: the journal reverts */
	fx_load(&f, dir, "database");
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_false(exists(dir, ST_PERSIST_UDEV_FILE));
	rm_persist_dirs(dir);
	assert_pristine(dir, "db-hdd-ext4");
	st_test_log_stop();
	free(sd);
	st_test_rmtree(dir);
}

/* Issue 16, defect 5: temporary files a killed run left next to the
 * --persist files and the journals are removed by the next apply and by
 * revert. */
static void test_stale_temps(void **state)
{
	static const char *const temps[] = {
		"etc/udev/rules.d/.69-stortune.rules.a1b2c3",
		"etc/sysctl.d/.60-stortune.conf.zz9zz9",
		"var/lib/stortune/.journal-000001.json.qwerty",
	};
	struct st_apply_opts o = { .persist = true };
	struct st_reverts rs;
	struct st_revert *r;
	struct st_apply *a;
	struct fx f;
	long holder;
	char *dir = st_test_copy_fixture("db-hdd-ext4");
	char *cmd = st_xasprintf("mkdir -p '%s/etc/sysctl.d' '%s/etc/udev/rules.d' "
				 "'%s/var/lib/stortune'", dir, dir, dir);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	for (size_t i = 0; i < 3; i++)
		st_test_write(dir, temps[i], "half", 4);
	/* an admin's file that only looks alike stays */
	st_test_write(dir, "etc/sysctl.d/.60-stortune.conf.mine", "x", 1);
	fx_load(&f, dir, "database");
	assert_int_equal(st_state_lock(f.st, &holder), 0);
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	st_apply_free(a);
	fx_free(&f);
	for (size_t i = 0; i < 3; i++)
		assert_false(exists(dir, temps[i]));
	assert_true(exists(dir, "etc/sysctl.d/.60-stortune.conf.mine"));

	for (size_t i = 0; i < 2; i++)
		st_test_write(dir, temps[i], "half", 4);
	fx_load(&f, dir, "database");
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	assert_int_equal(r->nmanual, 0);
	st_reverts_free(&rs);
	fx_free(&f);
	for (size_t i = 0; i < 2; i++)
		assert_false(exists(dir, temps[i]));
	assert_false(exists(dir, ST_PERSIST_UDEV_FILE));
	assert_false(exists(dir, ST_PERSIST_SYSCTL_FILE));
	st_test_rmtree(dir);
}

/* Issue 16, defect 7: when the final save of the journal fails, the run
 * undoes its changes, --persist files included. */
static void test_final_save_fails(void **state)
{
	struct st_apply_opts o = { .persist = true };
	struct st_apply *a;
	struct fx f;
	char *dir = st_test_copy_fixture("db-hdd-ext4");

	(void)state;
	st_test_log_start();
	fx_load(&f, dir, "database");
	wrap_reset();
	fail_final_save = true;
	assert_int_equal(fx_apply(&f, &o, &a), -ENOSPC);
	wrap_reset();
	assert_int_equal(count_status(a, ST_IT_DONE), 0);
	assert_int_equal(count_status(a, ST_IT_ROLLED_BACK), a->npending);
	assert_null(a->persisted);
	st_apply_free(a);
	fx_free(&f);
	assert_non_null(strstr(st_test_log_text(), "cannot save: No space left on device; undoing"));
	rm_persist_dirs(dir);
	assert_pristine(dir, "db-hdd-ext4");
	assert_false(exists(dir, ST_PERSIST_UDEV_FILE));
	assert_false(exists(dir, ST_PERSIST_SYSCTL_FILE));
	assert_false(exists(dir, "var/lib/stortune/journal-000001.json"));
	st_test_log_stop();
	st_test_rmtree(dir);
}

/* Issue 16, defect 8: a disk that goes away in the middle of an apply.
 * The write that finds it gone fails the run; the rollback keeps its
 * entry; revert without the disk lists it as kept (no failure) and keeps
 * the journal active; once the disk is back, revert restores it. */
struct unplug {
	const char *dir;
	unsigned verified;
};

static void unplug_sdb(void *data, enum st_apply_step step, size_t change)
{
	struct unplug *u = data;

	(void)change;
	/* sdb's three deadline tunables are the first changes: gone after
	 * its first */
	if (step == ST_STEP_VERIFIED && ++u->verified == 1)
		move_disk(u->dir, "sdb", true);
}

static void test_device_gone(void **state)
{
	char *dir = st_test_copy_fixture("db-hdd-ext4");
	struct unplug u = { .dir = dir };
	struct st_apply_opts o = { .step_hook = unplug_sdb, .hook_data = &u };
	struct st_reverts rs;
	struct st_revert *r;
	struct st_apply *a;
	struct fx f;
	bool seen = false;

	(void)state;
	st_test_log_start();
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &o, &a), -ENODEV);
	assert_int_equal(count_status(a, ST_IT_FAILED), 1);
	st_apply_free(a);
	fx_free(&f);
	assert_non_null(strstr(st_test_log_text(), "kept in the journal for a later revert"));
	assert_true(exists(dir, "var/lib/stortune/journal-000001.json"));
	/* the run stopped there: sdc's come after sdb's */
	assert_file(dir, "sys/block/sdc/queue/iosched/read_expire", "500");

	fx_load(&f, dir, "database");
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	assert_int_equal(r->nabsent, 1);
	assert_int_equal(r->nfailed, 0);
	assert_int_equal(rs.nfailed, 0);
	assert_int_equal(r->j->phase, ST_JP_PARTIAL);
	for (size_t i = 0; i < r->n; i++)
		if (r->rows[i].outcome == ST_JS_ABSENT) {
			assert_string_equal(r->rows[i].target, "sdb");
			assert_non_null(strstr(r->rows[i].note, "no device with stable id"));
			seen = true;
		}
	assert_true(seen);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_true(exists(dir, "var/lib/stortune/journal-000001.json"));

	move_disk(dir, "sdb", false);
	fx_load(&f, dir, "database");
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	assert_int_equal(r->nabsent, 0);
	assert_int_equal(r->j->phase, ST_JP_REVERTED);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_false(exists(dir, "var/lib/stortune/journal-000001.json"));
	assert_pristine(dir, "db-hdd-ext4");
	st_test_log_stop();
	st_test_rmtree(dir);
}

/* Issue 16, defect 8: a detached loop device keeps its queue; apply tells
 * it from the probed one by its backing file. */
static void test_loop_detached(void **state)
{
	char *dir = st_test_copy_fixture("virtio-vm"), *why = NULL, *p;
	const struct st_device *loop;
	struct fx f;

	(void)state;
	fx_load(&f, dir, "database");
	loop = st_system_find(f.sys, "loop0");
	assert_non_null(loop);
	assert_int_equal(st_device_gone(f.pc, loop, &why), 0);
	assert_null(why);
	p = st_xasprintf("%s/loop/backing_file", loop->sysdir);
	st_test_write(dir, p, "/var/lib/images/other.img\n", 26);
	assert_int_equal(st_device_gone(f.pc, loop, &why), 1);
	assert_string_equal(why, "the loop device now holds /var/lib/images/other.img, not "
				 "/var/lib/images/scratch.img");
	free(why);
	free(p);
	p = st_xasprintf("rm -r '%s/%s/loop'", dir, loop->sysdir);
	assert_int_equal(system(p), 0);
	free(p);
	assert_int_equal(st_device_gone(f.pc, loop, &why), 1);
	assert_string_equal(why, "the loop device was detached from /var/lib/images/scratch.img");
	free(why);
	fx_free(&f);
	st_test_rmtree(dir);
}

/* Issue 16, defect 5: a run killed just after replacing a --persist file
 * (its journal entry still pending) wrote it: status says so, and revert
 * removes it without calling it manual. */
static void kill_after_file(void *data, enum st_apply_step step, size_t change)
{
	if (step == ST_STEP_WRITTEN && change >= *(size_t *)data)
		raise(SIGKILL);
}

static void test_status_killed_persist(void **state)
{
	char *dir = st_test_copy_fixture("db-hdd-ext4");
	struct st_reverts rs;
	struct st_revert *r;
	struct st_status *s;
	struct fx f;
	int status;
	pid_t pid;

	(void)state;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct st_apply_opts o = { .persist = true, .step_hook = kill_after_file };
		struct st_apply *a;

		st_log_set_quiet(true);
		fx_load(&f, dir, "database");
		o.hook_data = &f.plan->nchanges; /* the first file's number */
		_exit(fx_apply(&f, &o, &a) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	assert_true(exists(dir, ST_PERSIST_UDEV_FILE));
	fx_load(&f, dir, "database");
	assert_int_equal(st_status_build(f.pc, f.js, f.nj, &s), 0);
	assert_non_null(status_file(s, ST_PERSIST_UDEV_FILE));
	assert_int_equal(status_file(s, ST_PERSIST_UDEV_FILE)->state, ST_PF_WRITTEN);
	assert_int_equal(status_file(s, ST_PERSIST_UDEV_FILE)->seq, 1);
	st_status_free(s);
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	assert_int_equal(r->nmanual, 0);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_false(exists(dir, ST_PERSIST_UDEV_FILE));
	rm_persist_dirs(dir);
	assert_pristine(dir, "db-hdd-ext4");
	st_test_rmtree(dir);
}

/* Issue 16, defect 6: writing max_sectors_kb raises read_ahead_kb (the
 * wrapper does what the kernel does).  apply journals the raised read-ahead
 * as a side effect, verify has nothing to blame on the administrator, and
 * revert puts every read-ahead back. */
static void test_max_sectors_raises(void **state)
{
	char *dir = st_test_copy_fixture("backup-raid6-xfs"), *j;
	struct st_reverts rs;
	struct st_revert *r;
	struct st_apply *a;
	struct fx f;

	(void)state;
	wrap_reset();
	wrap.raise_ra = true;
	st_test_log_start();
	fx_load(&f, dir, "backup");
	assert_int_equal(fx_apply(&f, &(struct st_apply_opts){ 0 }, &a), 0);
	assert_int_equal(item(a, "sda:queue/max_sectors_kb")->status, ST_IT_DONE);
	st_apply_free(a);
	fx_free(&f);
	assert_file(dir, "sys/block/sda/queue/max_sectors_kb", "2048");
	assert_file(dir, "sys/block/sda/queue/read_ahead_kb", "4096");
	j = rd(dir, "var/lib/stortune/journal-000001.json");
	/* read_ahead_kb journaled before the write, with what the kernel made of it */
	assert_non_null(strstr(j, "\"side-effect\""));
	assert_non_null(strstr(j, "\"old\": \"128\""));
	assert_non_null(strstr(j, "\"new\": \"4096\""));
	free(j);
	st_test_log_stop();

	fx_load(&f, dir, "backup");
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	assert_int_equal(rs.nfailed, 0);
	assert_int_equal(r->nmanual, 0);
	st_reverts_free(&rs);
	fx_free(&f);
	wrap_reset();
	assert_pristine(dir, "backup-raid6-xfs");
	st_test_rmtree(dir);
}

/* Issue 18, goal 2: the journal is an intent log.  Two saves per apply
 * whatever the plan's size (the intent and the complete mark); at the
 * intent, the journal on disk holds every change, pending, and the tree is
 * untouched. */
struct intent_probe {
	const char *dir;
	unsigned journaled, completing;
	size_t entries, pending, side;
	int phase;
	char *sdb_read_expire;
};

static void probe_intent(void *data, enum st_apply_step step, size_t change)
{
	struct intent_probe *p = data;
	struct st_state *st;
	struct st_journal **js;
	size_t n;
	char *err = NULL, *sd = st_xasprintf("%s/var/lib/stortune", p->dir);

	(void)change;
	if (step == ST_STEP_COMPLETING)
		p->completing++;
	if (step != ST_STEP_JOURNALED)
		goto out;
	p->journaled++;
	assert_int_equal(st_state_open(sd, false, &st), 0);
	assert_int_equal(st_journal_load_active(st, &js, &n, &err), 0);
	assert_int_equal(n, 1);
	p->entries = js[0]->n;
	p->phase = js[0]->phase;
	for (size_t i = 0; i < js[0]->n; i++) {
		p->pending += js[0]->v[i].state == ST_JS_PENDING;
		p->side += js[0]->v[i].state == ST_JS_SIDE;
	}
	st_journal_freev(js, n);
	st_state_free(st);
	p->sdb_read_expire = rd(p->dir, "sys/block/sdb/queue/iosched/read_expire");
out:
	free(sd);
}

static void test_intent_log(void **state)
{
	char *dir = st_test_copy_fixture("db-hdd-ext4");
	struct intent_probe p = { .dir = dir };
	struct st_apply_opts o = { .step_hook = probe_intent, .hook_data = &p };
	struct st_apply *a;
	struct fx f;

	(void)state;
	wrap_reset();
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	assert_int_equal(count_status(a, ST_IT_DONE), 16);
	st_apply_free(a);
	fx_free(&f);
	assert_int_equal(p.journaled, 1);
	assert_int_equal(p.completing, 1);
	assert_int_equal(p.phase, ST_JP_APPLYING);
	/* 16 changes pending and the two ratio twins, before any write */
	assert_int_equal(p.entries, 18);
	assert_int_equal(p.pending, 16);
	assert_int_equal(p.side, 2);
	assert_string_equal(p.sdb_read_expire, "500");
	free(p.sdb_read_expire);
	/* the intent and the complete mark: two saves for 16 changes */
	assert_int_equal(wrap.saves, 2);
	fx_load(&f, dir, "database");
	assert_int_equal(f.js[0]->phase, ST_JP_APPLIED);
	assert_int_equal(f.js[0]->version, 2);
	fx_free(&f);

	/* with --persist, one more: the files' intent */
	wrap_reset();
	st_test_rmtree(dir);
	dir = st_test_copy_fixture("db-hdd-ext4");
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &(struct st_apply_opts){ .persist = true }, &a), 0);
	st_apply_free(a);
	fx_free(&f);
	assert_int_equal(wrap.saves, 3);
	wrap_reset();
	st_test_rmtree(dir);
}

/* The apply killed after its Nth kernel write (the hook at WRITTEN). */
static void kill_at_write(void *data, enum st_apply_step step, size_t change)
{
	unsigned *left = data;

	(void)change;
	if (step == ST_STEP_WRITTEN && --*left == 0)
		raise(SIGKILL);
}

static void killed_apply(struct fx *f, const char *dir, const char *profile, const char *rules,
			 unsigned writes)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct st_apply_opts o = { .step_hook = kill_at_write, .hook_data = &writes };
		struct st_apply *a;

		st_log_set_quiet(true);
		fx_load_rules(f, dir, profile, rules);
		_exit(fx_apply(f, &o, &a) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

static const struct st_revert_row *row_of(const struct st_revert *r, const char *target,
					  const char *knob)
{
	for (size_t i = 0; i < r->n; i++)
		if (st_streq(r->rows[i].target, target) && st_streq(r->rows[i].e->knob, knob))
			return &r->rows[i];
	fail_msg("no revert row %s %s", target, knob);
	return NULL;
}

/* An interrupted apply: revert decides each entry from its live value.
 * Written (live == new): restored; not written yet (live == old): nothing
 * to do; neither: changed by hand, left alone and said so with the three
 * values, unless --force. */
static void test_revert_decides_per_entry(void **state)
{
	char *dir = st_test_copy_fixture("db-hdd-ext4");
	const struct st_revert_row *row;
	struct st_reverts rs;
	struct st_revert *r;
	struct fx f;

	(void)state;
	wrap_reset();
	/* sdb's three deadline tunables are the first changes, then sdc's */
	killed_apply(&f, dir, "database", NULL, 2);
	assert_file(dir, "sys/block/sdb/queue/iosched/read_expire", "240");
	assert_file(dir, "sys/block/sdb/queue/iosched/write_expire", "2500");
	/* not written yet, and changed by hand meanwhile */
	st_test_write(dir, "sys/block/sdc/queue/iosched/read_expire", "333\n", 4);

	fx_load(&f, dir, "database");
	assert_int_equal(f.js[0]->phase, ST_JP_APPLYING);
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	row = row_of(r, "sdb", "queue/iosched/read_expire");
	assert_int_equal(row->outcome, ST_JS_REVERTED);
	assert_string_equal(row->current, "240");
	row = row_of(r, "sdb", "queue/iosched/fifo_batch");
	assert_int_equal(row->outcome, ST_JS_REVERTED);
	assert_string_equal(row->note, "already at the old value");
	row = row_of(r, "sdc", "queue/iosched/read_expire");
	assert_int_equal(row->outcome, ST_JS_MANUAL);
	assert_string_equal(row->current, "333");
	assert_string_equal(row->e->old_value, "500");
	assert_string_equal(row->note, "stortune set 240; changed by hand since");
	assert_int_equal(r->nmanual, 1);
	assert_int_equal(r->nfailed, 0);
	assert_int_equal(r->j->phase, ST_JP_PARTIAL);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_file(dir, "sys/block/sdb/queue/iosched/read_expire", "500");
	assert_file(dir, "sys/block/sdc/queue/iosched/read_expire", "333");

	fx_load(&f, dir, "database");
	assert_int_equal(fx_revert(&f, true, false, &rs, &r), 0);
	assert_int_equal(row_of(r, "sdc", "queue/iosched/read_expire")->outcome, ST_JS_REVERTED);
	assert_int_equal(r->j->phase, ST_JP_REVERTED);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_pristine(dir, "db-hdd-ext4");
	st_test_rmtree(dir);
}

/* Removes (and frees) a rules directory sched_rules made. */
static void rm_rules(char *rules)
{
	char *cmd = st_xasprintf("rm -r '%s'", rules);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(rules);
}

/* A copy of the shipped rules in dir/rules, and a rule that switches sdb to
 * "none" and one that sets its nr_requests: a scheduler switch resets
 * nr_requests (wrap.sched_reset), which the plan then writes again. */
static char *sched_rules(const char *dir)
{
	char *rules = st_xasprintf("%s/rules", dir), *src = st_test_path("rules");
	char *cmd = st_xasprintf("mkdir '%s' && cp '%s'/*.ini '%s' && cat >'%s/zz-test.ini' <<'EOF'\n"
				 "[test-none]\nsummary = t\nwhy = t\nscope = device\n"
				 "when = device.name == \"sdb\"\nset = queue/scheduler\nvalue = \"none\"\n"
				 "priority = 100\nsource = Linux Documentation/block/queue-sysfs.rst (scheduler)\n"
				 "[test-nr]\nsummary = t\nwhy = t\nscope = device\n"
				 "when = device.name == \"sdb\"\nset = queue/nr_requests\nvalue = 32\n"
				 "priority = 100\nsource = Linux Documentation/block/queue-sysfs.rst (nr_requests)\n"
				 "EOF\n", rules, src, rules, rules);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(src);
	return rules;
}

/*
 * Coupled knobs in an intent log.  nr_requests is journaled with its value
 * from before the run, twice: as a side effect of the scheduler switch
 * (before it) and as the plan's own change (after it).  What "live == new"
 * means for it depends on where the run stopped: after the switch but
 * before its own write, it reads what the switch made of it (neither old
 * nor new), which is no manual change; revert restores it through the side
 * effect, after the scheduler.  At every kill point the tree comes back.
 */
static void test_coupled_killed(void **state)
{
	unsigned points = 0;

	(void)state;
	for (unsigned at = 1;; at++) {
		char *dir = st_test_copy_fixture("db-hdd-ext4"), *rules = sched_rules(dir);
		struct st_reverts rs;
		struct st_revert *r;
		int status;
		pid_t pid;
		struct fx f;

		wrap_reset();
		wrap.sched_reset = "128";
		fflush(NULL);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct killer k = { .at = at };
			struct st_apply_opts o = { .step_hook = kill_hook, .hook_data = &k };
			struct st_apply *a;

			st_log_set_quiet(true);
			fx_load_rules(&f, dir, "general", rules);
			_exit(fx_apply(&f, &o, &a) == 0 ? 0 : 1);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (WIFEXITED(status)) {
			assert_int_equal(WEXITSTATUS(status), 0);
			assert_file(dir, "sys/block/sdb/queue/scheduler", "mq-deadline [none]");
			assert_file(dir, "sys/block/sdb/queue/nr_requests", "32");
			/* and the complete apply reverts too */
		} else {
			assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
			points++;
		}
		fx_load_rules(&f, dir, "general", rules);
		assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
		if (r->nmanual || r->nfailed)
			for (size_t i = 0; i < r->n; i++)
				print_message("kill %u: %s %s: %s (%s)\n", at, r->rows[i].target,
					      r->rows[i].e->knob, st_jstate_name(r->rows[i].outcome),
					      r->rows[i].note ? r->rows[i].note : "");
		assert_int_equal(r->nmanual, 0);
		assert_int_equal(r->nfailed, 0);
		st_reverts_free(&rs);
		fx_free(&f);
		wrap_reset();
		rm_rules(rules);
		assert_pristine(dir, "db-hdd-ext4");
		st_test_rmtree(dir);
		if (WIFEXITED(status))
			break;
	}
	assert_true(points >= 4);
}

/* The scheduler switched by hand after the apply: the switch is left
 * alone, and so are the nr_requests it reset (the side effect follows its
 * cause), each said so; --force restores them all. */
static void test_coupled_manual(void **state)
{
	char *dir = st_test_copy_fixture("db-hdd-ext4"), *rules = sched_rules(dir);
	const struct st_revert_row *row;
	struct st_reverts rs;
	struct st_revert *r;
	struct st_apply *a;
	struct fx f;

	(void)state;
	wrap_reset();
	wrap.sched_reset = "128";
	fx_load_rules(&f, dir, "general", rules);
	assert_int_equal(fx_apply(&f, &(struct st_apply_opts){ 0 }, &a), 0);
	assert_int_equal(item(a, "sdb:queue/scheduler")->status, ST_IT_DONE);
	assert_int_equal(item(a, "sdb:queue/nr_requests")->status, ST_IT_DONE);
	st_apply_free(a);
	fx_free(&f);
	/* the administrator switches to bfq: the kernel resets nr_requests */
	st_test_write(dir, "sys/block/sdb/queue/scheduler", "mq-deadline [bfq] none\n", 23);
	st_test_write(dir, "sys/block/sdb/queue/nr_requests", "128\n", 4);

	fx_load_rules(&f, dir, "general", rules);
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	row = row_of(r, "sdb", "queue/scheduler");
	assert_int_equal(row->outcome, ST_JS_MANUAL);
	assert_string_equal(row->current, "bfq");
	for (size_t i = 0; i < r->n; i++)
		if (st_streq(r->rows[i].e->knob, "queue/nr_requests")) {
			assert_int_equal(r->rows[i].outcome, ST_JS_MANUAL);
			assert_non_null(strstr(r->rows[i].note, "queue/scheduler"));
		}
	assert_int_equal(r->nfailed, 0);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_file(dir, "sys/block/sdb/queue/scheduler", "mq-deadline [bfq] none");
	assert_file(dir, "sys/block/sdb/queue/nr_requests", "128");

	fx_load_rules(&f, dir, "general", rules);
	assert_int_equal(fx_revert(&f, true, false, &rs, &r), 0);
	assert_int_equal(r->nmanual, 0);
	assert_int_equal(r->j->phase, ST_JP_REVERTED);
	st_reverts_free(&rs);
	fx_free(&f);
	wrap_reset();
	/* the sysroot keeps the bfq the test wrote among the choices */
	assert_file(dir, "sys/block/sdb/queue/scheduler", "[mq-deadline] bfq none");
	assert_file(dir, "sys/block/sdb/queue/nr_requests", "64");
	rm_rules(rules);
	st_test_rmtree(dir);
}

/* sdb of db-hdd-ext4 on "none" with no iosched/ (what the kernel shows
 * then), rules that switch it to mq-deadline and set its read_expire, and a
 * copy of that tree in dir.orig to compare with. */
static char *none_sdb(const char *dir)
{
	char *rules = st_xasprintf("%s/rules", dir), *src = st_test_path("rules");
	char *cmd = st_xasprintf(
		"set -e; q='%s/sys/block/sdb/queue'; printf 'mq-deadline [none]\\n' >\"$q/scheduler\";"
		"rm -r \"$q/iosched\"; cp -a '%s' '%s.orig';"
		"mkdir '%s' && cp '%s'/*.ini '%s' && cat >'%s/zz-test.ini' <<'EOF'\n"
		"[test-mq]\nsummary = t\nwhy = t\nscope = device\n"
		"when = device.name == \"sdb\"\nset = queue/scheduler\nvalue = \"mq-deadline\"\n"
		"priority = 100\nsource = Linux Documentation/block/queue-sysfs.rst (scheduler)\n"
		"[test-re]\nsummary = t\nwhy = t\nscope = device\n"
		"when = device.name == \"sdb\"\nset = queue/iosched/read_expire\nvalue = 240\n"
		"priority = 100\nsource = Linux Documentation/block/mq-deadline-iosched.rst\n"
		"EOF\n",
		dir, dir, dir, rules, src, rules, rules);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(src);
	return rules;
}

static void assert_same_as_orig(const char *dir)
{
	char *cmd = st_xasprintf("diff -r --no-dereference -x var -x rules '%s.orig' '%s'", dir, dir);

	if (system(cmd) != 0)
		fail_msg("%s differs from the tree before the apply", dir);
	free(cmd);
	cmd = st_xasprintf("rm -r '%s.orig'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/*
 * A switch to mq-deadline makes its tunables (wrap.sched_creates, as the
 * kernel does): read_expire has no value from before the run, is journaled
 * without one, read again at its turn, and goes with the scheduler at
 * revert.  Killed between the switch and its write it reads the new
 * scheduler's default, which is neither old nor new: no manual change.
 * Every kill point comes back to the tree before the apply.
 */
static void test_switch_makes_tunables(void **state)
{
	unsigned points = 0, seen = 0;

	(void)state;
	for (unsigned at = 1;; at++) {
		char *dir = st_test_copy_fixture("db-hdd-ext4"), *rules = none_sdb(dir);
		struct st_reverts rs;
		struct st_revert *r;
		int status;
		pid_t pid;
		struct fx f;

		wrap_reset();
		wrap.sched_creates = true;
		fflush(NULL);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct killer k = { .at = at };
			struct st_apply_opts o = { .step_hook = kill_hook, .hook_data = &k };
			struct st_apply *a;

			st_log_set_quiet(true);
			fx_load_rules(&f, dir, "general", rules);
			_exit(fx_apply(&f, &o, &a) == 0 ? 0 : 1);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (WIFEXITED(status)) {
			assert_int_equal(WEXITSTATUS(status), 0);
			assert_file(dir, "sys/block/sdb/queue/scheduler", "[mq-deadline] none");
			assert_file(dir, "sys/block/sdb/queue/iosched/read_expire", "240");
		} else {
			assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
			points++;
		}
		fx_load_rules(&f, dir, "general", rules);
		for (size_t i = 0; f.nj && i < f.js[0]->n; i++)
			if (st_streq(f.js[0]->v[i].knob, "queue/iosched/read_expire") &&
			    st_streq(f.js[0]->v[i].target, "sdb")) {
				assert_null(f.js[0]->v[i].old_value);
				seen++;
			}
		assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
		if (r->nmanual || r->nfailed)
			for (size_t i = 0; i < r->n; i++)
				print_message("kill %u: %s %s: %s (%s)\n", at, r->rows[i].target,
					      r->rows[i].e->knob, st_jstate_name(r->rows[i].outcome),
					      r->rows[i].note ? r->rows[i].note : "");
		assert_int_equal(r->nmanual, 0);
		assert_int_equal(r->nfailed, 0);
		st_reverts_free(&rs);
		fx_free(&f);
		wrap_reset();
		rm_rules(rules);
		assert_same_as_orig(dir);
		st_test_rmtree(dir);
		if (WIFEXITED(status))
			break;
	}
	assert_true(points >= 4);
	assert_true(seen >= points); /* journaled, with no old value, from the intent on */
}

/* Puts tests/journals/NAME in dir's state directory as journal-000001.json,
 * as an upgrade finds what fd38917 (journal version 1) wrote. */
static void install_journal(const char *dir, const char *name)
{
	char *src = st_test_path("tests/journals"), *cmd;

	cmd = st_xasprintf("d='%s/var/lib/stortune' && mkdir -p \"$d\" && rm -f \"$d\"/journal-* && "
			   "cp '%s/%s' \"$d/journal-000001.json\" && chmod 600 \"$d/journal-000001.json\"",
			   dir, src, name);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(src);
}

/* An upgrade with a journal of the old format on disk: status, verify and
 * revert read it.  v1-applied.json is what fd38917 wrote for apply --persist
 * --profile database on db-hdd-ext4 (the tree is put in that state by this
 * version's apply, which writes the same values and files); v1-killed.json
 * is what it had on disk when killed in its third write. */
static void test_v1_journal(void **state)
{
	char *dir = st_test_copy_fixture("db-hdd-ext4");
	struct st_apply_opts o = { .persist = true };
	struct st_reverts rs;
	struct st_revert *r;
	struct st_status *s;
	struct st_verify *v;
	struct st_apply *a;
	struct fx f;

	(void)state;
	wrap_reset();
	fx_load(&f, dir, "database");
	assert_int_equal(fx_apply(&f, &o, &a), 0);
	st_apply_free(a);
	fx_free(&f);
	install_journal(dir, "v1-applied.json");

	fx_load(&f, dir, "database");
	assert_int_equal(f.nj, 1);
	assert_int_equal(f.js[0]->version, 1);
	assert_int_equal(f.js[0]->phase, ST_JP_APPLIED);
	assert_int_equal(f.js[0]->n, 20);
	assert_int_equal(st_status_build(f.pc, f.js, f.nj, &s), 0);
	assert_int_equal(s->journals[0].items, 16);
	assert_int_equal(s->journals[0].files, 2);
	assert_int_equal(status_file(s, ST_PERSIST_UDEV_FILE)->state, ST_PF_WRITTEN);
	st_status_free(s);
	v = st_verify_build(f.plan, f.js, f.nj, &o, false);
	assert_int_equal(v->count[ST_VS_MANUAL], 0);
	assert_int_equal(v->ndrift, 0);
	st_verify_free(v);
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	assert_int_equal(r->nmanual, 0);
	assert_int_equal(r->nfailed, 0);
	assert_int_equal(r->j->phase, ST_JP_REVERTED);
	st_reverts_free(&rs);
	fx_free(&f);
	rm_persist_dirs(dir);
	assert_pristine(dir, "db-hdd-ext4");
	st_test_rmtree(dir);

	/* killed in its third write: two done, the third pending (written
	 * here: its write had happened) */
	dir = st_test_copy_fixture("db-hdd-ext4");
	st_test_write(dir, "sys/block/sdb/queue/iosched/read_expire", "240\n", 4);
	st_test_write(dir, "sys/block/sdb/queue/iosched/write_expire", "2500\n", 5);
	st_test_write(dir, "sys/block/sdb/queue/iosched/fifo_batch", "8\n", 2);
	install_journal(dir, "v1-killed.json");
	fx_load(&f, dir, "database");
	assert_int_equal(f.js[0]->phase, ST_JP_APPLYING);
	assert_int_equal(f.js[0]->v[2].state, ST_JS_PENDING);
	assert_int_equal(fx_revert(&f, false, false, &rs, &r), 0);
	assert_int_equal(r->n, 3);
	assert_int_equal(r->nmanual, 0);
	assert_int_equal(r->j->phase, ST_JP_REVERTED);
	st_reverts_free(&rs);
	fx_free(&f);
	assert_pristine(dir, "db-hdd-ext4");
	st_test_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_apply_idempotent),
		cmocka_unit_test(test_rollback_on_write_failure),
		cmocka_unit_test(test_rollback_on_readback),
		cmocka_unit_test(test_crash_then_revert),
		cmocka_unit_test(test_crash_then_revert_persist),
		cmocka_unit_test(test_revert_after_rename),
		cmocka_unit_test(test_manual_change),
		cmocka_unit_test(test_journal),
		cmocka_unit_test(test_persist_revert),
		cmocka_unit_test(test_verify_held),
		cmocka_unit_test(test_revert_all),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_validate_settle),
		cmocka_unit_test(test_max_sectors_raises),
		cmocka_unit_test(test_revert_unreadable),
		cmocka_unit_test(test_sysroot_write_replaces),
		cmocka_unit_test(test_untrusted_journal),
		cmocka_unit_test(test_stale_temps),
		cmocka_unit_test(test_final_save_fails),
		cmocka_unit_test(test_device_gone),
		cmocka_unit_test(test_loop_detached),
		cmocka_unit_test(test_status_killed_persist),
		cmocka_unit_test(test_intent_log),
		cmocka_unit_test(test_revert_decides_per_entry),
		cmocka_unit_test(test_coupled_killed),
		cmocka_unit_test(test_coupled_manual),
		cmocka_unit_test(test_switch_makes_tunables),
		cmocka_unit_test(test_v1_journal),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
