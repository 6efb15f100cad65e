/*
 * test_observe.c - observe's shapes and suggestions (iostat's formulas are
 * test_iostat's): the request-size thresholds, the fsync rule, saturation,
 * roll-up of partitions and stacks, devices that come and go, counters
 * that wrap, recordings (round trip and every error naming file:line), the
 * sampling loop's output hooks, and the recorded workloads in tests/observe/
 * each classified as the workload that made it.
 */
#include <errno.h>
#include <math.h>
#include <sys/stat.h>

#include "st_test.h"
#include "st_observe.h"
#include "st_path.h"
#include "st_rules.h"

#define NEAR(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9 * fmax(1, fabs((double)(b))))

static struct st_ruleset rules;
static struct st_profileset profiles;

static int load_knowledge(void **state)
{
	char *rdir = st_test_path("rules"), *pdir = st_test_path("profiles");
	struct st_diag d = { 0 };
	int rc = st_rules_load_dir(&rules, rdir, &d);

	if (rc == 0)
		rc = st_profiles_load_dir(&profiles, pdir, &rules, &d);
	st_diag_free(&d);
	free(rdir);
	free(pdir);
	(void)state;
	return rc;
}

static int free_knowledge(void **state)
{
	st_profileset_free(&profiles);
	st_ruleset_free(&rules);
	(void)state;
	return 0;
}

static struct st_iostat io_of(double r_s, double w_s, double req_kib, double f_s)
{
	struct st_iostat io = { .r_s = r_s, .w_s = w_s, .f_s = f_s, .has_flush = true };

	io.rkb_s = r_s * req_kib;
	io.wkb_s = w_s * req_kib;
	return io;
}

/* Understanding and Optimizing Disk IO's cut: 16 KiB or less random, over
 * 128 KiB sequential. */
static void test_shape_thresholds(void **state)
{
	static const struct {
		double kib;
		enum st_obs_pattern want;
	} cases[] = {
		{ 4, ST_OBS_RANDOM },      { 16, ST_OBS_RANDOM },       { 16.5, ST_OBS_MIXED },
		{ 64, ST_OBS_MIXED },      { 128, ST_OBS_MIXED },       { 128.5, ST_OBS_SEQUENTIAL },
		{ 1024, ST_OBS_SEQUENTIAL },
	};
	struct st_obs_shape sh;
	struct st_iostat io;

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(cases); i++) {
		io = io_of(70, 30, cases[i].kib, 0);
		st_obs_shape_of(&io, true, &sh);
		assert_int_equal(sh.pattern, cases[i].want);
		NEAR(sh.req_kib, cases[i].kib);
		NEAR(sh.read_pct, 70);
	}
	io = io_of(3.0, 1.5, 4, 0); /* 4.5 requests/s: background noise */
	st_obs_shape_of(&io, true, &sh);
	assert_int_equal(sh.pattern, ST_OBS_IDLE);
}

static void test_fsync_rule(void **state)
{
	struct st_obs_shape sh;
	struct st_iostat io;

	(void)state;
	io = io_of(0, 100, 4, 10); /* one flush per 10 writes */
	st_obs_shape_of(&io, true, &sh);
	assert_int_equal(sh.fsync_heavy, 1);
	io = io_of(0, 100, 4, 9);
	st_obs_shape_of(&io, true, &sh);
	assert_int_equal(sh.fsync_heavy, 0);
	io = io_of(0, 5, 4, 0.9); /* under one flush a second */
	st_obs_shape_of(&io, true, &sh);
	assert_int_equal(sh.fsync_heavy, 0);
	io = io_of(5000, 2, 4, 2); /* reads, and a journal commit's writes */
	st_obs_shape_of(&io, true, &sh);
	assert_int_equal(sh.fsync_heavy, 0);
	io = io_of(5000, 5, 4, 2); /* ... and five writes a second, each fsync'd */
	st_obs_shape_of(&io, true, &sh);
	assert_int_equal(sh.fsync_heavy, 1);
	io = io_of(0, 100, 4, 50);
	st_obs_shape_of(&io, false, &sh); /* write-through: fsync sends no flush */
	assert_int_equal(sh.fsync_heavy, ST_TRI_UNKNOWN);
	io.has_flush = false; /* before 5.5 */
	st_obs_shape_of(&io, true, &sh);
	assert_int_equal(sh.fsync_heavy, ST_TRI_UNKNOWN);
}

static void test_evidence_and_suggestion(void **state)
{
	struct st_iostat io = io_of(144, 56, 8, 31);
	const struct st_profile *p, *next;
	struct st_obs_shape sh;
	char *ev;

	(void)state;
	st_obs_shape_of(&io, true, &sh);
	ev = st_obs_evidence(&sh, &io);
	assert_string_equal(ev, "random 8 KiB, 72% reads, 31 flushes/s (1 per 2 writes)");
	free(ev);
	p = st_obs_suggest(&profiles, &sh, "general", &next);
	assert_non_null(p);
	assert_string_equal(p->name, "database");
	assert_non_null(next);
	assert_string_not_equal(next->name, "database");
	/* the excluded default is never suggested, even when it fits best */
	io = io_of(70, 30, 64, 0);
	st_obs_shape_of(&io, true, &sh);
	p = st_obs_suggest(&profiles, &sh, "general", NULL);
	assert_non_null(p);
	assert_string_not_equal(p->name, "general");
	p = st_obs_suggest(&profiles, &sh, NULL, NULL);
	assert_string_equal(p->name, "general");
	/* small random I/O, half reads, no fsync: a random-I/O profile, not
	 * log-streaming for its 4 KiB appends (which 0.25 a doubling gave) */
	io = io_of(500, 500, 4, 0);
	st_obs_shape_of(&io, true, &sh);
	p = st_obs_suggest(&profiles, &sh, "general", NULL);
	assert_true(strcmp(p->name, "database") == 0 || strcmp(p->name, "mail-server") == 0);
	/* nothing for idle */
	io = io_of(0.5, 0, 4, 0);
	st_obs_shape_of(&io, true, &sh);
	assert_null(st_obs_suggest(&profiles, &sh, "general", NULL));
	ev = st_obs_evidence(&sh, &io);
	assert_string_equal(ev, "idle (0.5 requests/s)");
	free(ev);
}

/* Feeds every sample of a recording; keeps the summary, the last interval
 * and every event. */
struct fed {
	struct st_obs_interval last, sum;
	char *events;
	unsigned intervals;
};

static void fed_free(struct fed *f)
{
	st_obs_interval_free(&f->last);
	st_obs_interval_free(&f->sum);
	free(f->events);
	memset(f, 0, sizeof(*f));
}

static int feed_rec(const struct st_obs_recording *r, char *const *want, size_t nwant, struct fed *f)
{
	struct st_observer *o = st_observer_new(&r->topo, want, nwant, &profiles, "general");
	int rc = 0;

	memset(f, 0, sizeof(*f));
	f->events = st_xstrdup("");
	for (size_t i = 0; i < r->n && rc >= 0; i++) {
		struct st_obs_interval iv;

		rc = st_observer_feed(o, &r->samples[i], &iv, NULL);
		if (rc == 1) {
			f->intervals++;
			for (char **e = iv.events; e && *e; e++) {
				char *t = st_xasprintf("%s%s\n", f->events, *e);

				free(f->events);
				f->events = t;
			}
			st_obs_interval_free(&f->last);
			f->last = iv;
		}
	}
	if (rc >= 0)
		st_observer_summary(o, &f->sum);
	st_observer_free(o);
	return rc < 0 ? rc : 0;
}

static int feed_text(const char *text, char *const *want, size_t nwant, struct fed *f)
{
	struct st_obs_recording r;
	int rc = st_obs_recording_parse(text, strlen(text), "test.rec", &r);

	if (rc == 0)
		rc = feed_rec(&r, want, nwant, f);
	st_obs_recording_free(&r);
	return rc;
}

static const struct st_obs_row *row(const struct st_obs_interval *iv, const char *name)
{
	for (size_t i = 0; i < iv->nrows; i++)
		if (strcmp(iv->rows[i].name, name) == 0)
			return &iv->rows[i];
	return NULL;
}

#define HDR "stortune-observe-recording 1\n"

/* A 32-bit counter that wrapped gives the small true delta, and says so;
 * a device made again under its name counts from 0. */
static void test_counter_wrap(void **state)
{
	static const char text[] = HDR
		"dev sda 8:0 disk hdd\n"
		"@ 100\n"
		"8 0 sda 4294967200 0 4294967000 4294967290 0 0 0 0 0 1000 4294967290\n"
		"@ 101\n"
		"8 0 sda 104 0 1104 10 0 0 0 0 0 1500 10\n";
	const struct st_obs_row *r;
	struct fed f;

	(void)state;
	assert_int_equal(feed_text(text, NULL, 0, &f), 0);
	r = row(&f.last, "sda");
	assert_non_null(r);
	NEAR(r->io.r_s, 200);          /* 2^32 - 4294967200 + 104 */
	NEAR(r->io.rkb_s, 1400.0 / 2); /* 2^32 - 4294967000 + 1104 sectors */
	NEAR(r->io.r_await, 16.0 / 200);
	NEAR(r->io.util, 50);
	assert_non_null(strstr(f.events, "sda: counters went backwards"));
	fed_free(&f);
}

/* A device that goes is dropped with a note; one that comes gets its
 * baseline first and figures from the next interval. */
static void test_devices_come_and_go(void **state)
{
	static const char text[] = HDR
		"dev sda 8:0 disk ssd\n"
		"dev sdb 8:16 disk ssd\n"
		"@ 10\n"
		"8 0 sda 100 0 800 10 0 0 0 0 0 10 10\n"
		"8 16 sdb 100 0 800 10 0 0 0 0 0 10 10\n"
		"@ 11\n"
		"8 0 sda 200 0 1600 20 0 0 0 0 0 20 20\n"
		"8 32 sdc 5 0 40 1 0 0 0 0 0 1 1\n"
		"@ 12\n"
		"8 0 sda 300 0 2400 30 0 0 0 0 0 30 30\n"
		"8 32 sdc 105 0 840 11 0 0 0 0 0 11 11\n";
	struct fed f;

	(void)state;
	assert_int_equal(feed_text(text, NULL, 0, &f), 0);
	assert_int_equal(f.intervals, 2);
	assert_non_null(strstr(f.events, "sdb is gone"));
	assert_non_null(strstr(f.events, "sdc appeared"));
	assert_null(row(&f.last, "sdb"));
	assert_non_null(row(&f.last, "sdc"));
	NEAR(row(&f.last, "sdc")->io.r_s, 100);
	NEAR(row(&f.last, "sda")->io.r_s, 100);
	/* the summary counts sdc for the interval it was measured in */
	NEAR(row(&f.sum, "sdc")->io.r_s, 100);
	NEAR(row(&f.sum, "sda")->io.r_s, 100);
	fed_free(&f);
}

/*
 * LVM on sda2 next to /boot on sda1, and md0 over two whole disks: rows are
 * the disks and stacks, partitions rolled up, members under their stack;
 * the overall counts what the applications issued (sda1, dm-0, md0), not
 * the same I/O again at the disks.
 */
static void test_rollup_and_stacks(void **state)
{
	static const char text[] = HDR
		"dev sda 8:0 disk ssd\n"
		"dev sda1 8:1 part ssd disk=sda\n"
		"dev sda2 8:2 part ssd disk=sda\n"
		"dev dm-0 253:0 dm dm slaves=sda2\n"
		"dev sdb 8:16 disk hdd\n"
		"dev sdc 8:32 disk hdd\n"
		"dev md0 9:0 md md slaves=sdb,sdc\n"
		"@ 0\n"
		"8 0 sda 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
		"8 1 sda1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
		"8 2 sda2 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
		"253 0 dm-0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
		"8 16 sdb 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
		"8 32 sdc 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
		"9 0 md0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
		"@ 1\n"
		/* sda: 10 reads of 4 KiB on sda1, 100 of 8 KiB through dm-0; 20 flushes */
		"8 0 sda 110 0 1680 50 0 0 0 0 0 100 50 0 0 0 0 20 5\n"
		"8 1 sda1 10 0 80 5 0 0 0 0 0 5 5 0 0 0 0 0 0\n"
		"8 2 sda2 100 0 1600 45 0 0 0 0 0 95 45 0 0 0 0 0 0\n"
		"253 0 dm-0 100 0 1600 50 0 0 0 0 0 100 50 0 0 0 0 0 0\n"
		/* md0 mirrors 50 writes of 1 MiB onto sdb and sdc */
		"8 16 sdb 0 0 0 0 50 0 102400 500 0 600 500 0 0 0 0 0 0\n"
		"8 32 sdc 0 0 0 0 50 0 102400 500 0 600 500 0 0 0 0 0 0\n"
		"9 0 md0 0 0 0 0 50 0 102400 0 0 0 0 0 0 0 0 0 0\n";
	const struct st_obs_interval *iv;
	struct fed f;
	size_t i;

	(void)state;
	assert_int_equal(feed_text(text, NULL, 0, &f), 0);
	iv = &f.last;
	/* rows in the kernel's order: sda, dm-0 and its member, md0 and its two */
	static const char *const want[][2] = {
		{ "sda", NULL }, { "dm-0", NULL }, { "sda2", "dm-0" }, { "md0", NULL },
		{ "sdb", "md0" }, { "sdc", "md0" },
	};
	assert_int_equal(iv->nrows, ST_ARRAY_SIZE(want));
	for (i = 0; i < iv->nrows; i++) {
		assert_string_equal(iv->rows[i].name, want[i][0]);
		if (want[i][1])
			assert_string_equal(iv->rows[i].holder, want[i][1]);
		else
			assert_null(iv->rows[i].holder);
	}
	/* a partition shows no flushes: the kernel counts them on the disk */
	assert_false(row(iv, "sda2")->io.has_flush);
	/* overall: sda1 + dm-0 + md0 = 10 + 100 reads, 50 writes */
	NEAR(iv->overall.iops, 160);
	NEAR(iv->overall.read_pct, 100.0 * 110 / 160);
	NEAR(iv->overall_io.rkb_s, 40 + 800);
	NEAR(iv->overall_io.wkb_s, 51200);
	NEAR(iv->overall_io.f_s, 20); /* from the disks at the bottom */
	fed_free(&f);

	/* named devices: just those, and the overall is theirs */
	{
		char *names[] = { "md0" };

		assert_int_equal(feed_text(text, names, 1, &f), 0);
		assert_int_equal(f.last.nrows, 3);
		assert_string_equal(f.last.rows[0].name, "md0");
		NEAR(f.last.overall.iops, 50);
		assert_int_equal(f.last.overall.pattern, ST_OBS_SEQUENTIAL);
		fed_free(&f);
	}
}

/* An HDD: the queue doubles, await follows, no more requests served. */
static void test_saturation(void **state)
{
	static const char text[] = HDR
		"dev sda 8:0 disk hdd\n"
		"@ 0\n"
		"8 0 sda 0 0 0 0 0 0 0 0 0 0 0\n"
		"@ 1\n"          /* 150 reads, await 6 ms, aqu 0.9, util 90 */
		"8 0 sda 150 0 1200 900 0 0 0 0 0 900 900\n"
		"@ 2\n"          /* 150 reads, await 40 ms, aqu 6, util 100 */
		"8 0 sda 300 0 2400 6900 0 0 0 0 0 1900 6900\n";
	const struct st_obs_row *r;
	struct fed f;

	(void)state;
	assert_int_equal(feed_text(text, NULL, 0, &f), 0);
	r = row(&f.last, "sda");
	assert_true(r->saturated);
	assert_non_null(strstr(r->saturation, "await 40.00 ms at aqu-sz 6.00"));
	assert_true(row(&f.sum, "sda")->saturated);
	assert_non_null(strstr(row(&f.sum, "sda")->saturation, "1 of 2 intervals"));
	fed_free(&f);
}

/* Not saturated: the queue grew because more was asked and served. */
static void test_no_saturation_when_throughput_grows(void **state)
{
	static const char text[] = HDR
		"dev nvme0n1 259:0 disk nvme\n"
		"@ 0\n"
		"259 0 nvme0n1 0 0 0 0 0 0 0 0 0 0 0\n"
		"@ 1\n"
		"259 0 nvme0n1 10000 0 80000 1000 0 0 0 0 0 1000 1000\n"
		"@ 2\n"
		"259 0 nvme0n1 50000 0 400000 9000 0 0 0 0 0 2000 9000\n";
	struct fed f;

	(void)state;
	assert_int_equal(feed_text(text, NULL, 0, &f), 0);
	assert_false(row(&f.last, "nvme0n1")->saturated);
	assert_false(st_obs_util_reliable(ST_CLASS_NVME));
	assert_true(st_obs_util_reliable(ST_CLASS_HDD));
	fed_free(&f);
}

static void expect_parse_error(const char *text, const char *msg)
{
	struct st_obs_recording r;

	st_test_log_start();
	assert_int_equal(st_obs_recording_parse(text, strlen(text), "bad.rec", &r), -EINVAL);
	if (!strstr(st_test_log_text(), msg))
		fail_msg("wanted \"%s\" in:\n%s", msg, st_test_log_text());
	assert_int_equal(r.n, 0);
	assert_int_equal(r.topo.n, 0);
	st_test_log_stop();
}

static void test_recording_errors(void **state)
{
	(void)state;
	expect_parse_error("", "bad.rec:1: empty");
	expect_parse_error("8 0 sda 1 2 3 4 5 6 7 8 9 10 11\n", "bad.rec:1: not a recording");
	expect_parse_error("stortune-observe-recording 2\n", "bad.rec:1: recording version");
	expect_parse_error(HDR "dev sda 8-0 disk hdd\n", "bad.rec:2: MAJ:MIN");
	expect_parse_error(HDR "dev sda 8:0 disc hdd\n", "bad.rec:2: KIND");
	expect_parse_error(HDR "dev sda 8:0 disk spinning\n", "bad.rec:2: CLASS");
	expect_parse_error(HDR "dev sda 8:0 disk hdd colour=red\n", "bad.rec:2: unknown or repeated");
	expect_parse_error(HDR "dev sda 8:0 disk hdd\ndev sda 8:0 disk hdd\n", "bad.rec:3: device declared twice");
	expect_parse_error(HDR "@ 1\n@ 1\n", "bad.rec:3: sample time is not after");
	expect_parse_error(HDR "@ soon\n", "bad.rec:2: expected: @ SECONDS");
	expect_parse_error(HDR "8 0 sda 1 2 3 4 5 6 7 8 9 10 11\n", "bad.rec:2: expected a dev line");
	expect_parse_error(HDR "@ 1\ndev sda 8:0 disk hdd\n", "bad.rec:3: dev lines belong before");
	expect_parse_error(HDR "@ 1\npsi 1\n", "bad.rec:3: expected: psi");
	expect_parse_error(HDR "@ 1\nsda 1 2\n", "bad.rec:3: expected psi, vm, @ or a diskstats line");
	expect_parse_error(HDR "@ 1\nvm x y\n", "bad.rec:3: expected: vm");
	/* diskstats errors carry the recording's line numbers */
	expect_parse_error(HDR "@ 1\n# note\n8 0 sda 1 2 3\n", "bad.rec:4: 6 fields");
	expect_parse_error(HDR "@ 1\n8 0 sda 1 2 3 4 5 6 7 8 9 10 11\n8 1 sda1 1 2 x 4\n",
			   "bad.rec:4: field 6");
	expect_parse_error(HDR "@ 1\n8 0 sda 1 2 3 4 5 6 7 8 9 10 11\npsi 1 2\n8 1 sdb 1 2 3 4\n",
			   "bad.rec:5: diskstats lines of one sample must be together");
}

/* What --record writes, --replay reads back the same. */
static void test_recording_round_trip(void **state)
{
	static const char text[] = HDR
		"dev sda 8:0 disk hdd\n"
		"dev sda1 8:1 part hdd disk=sda\n"
		"dev md0 9:0 md md slaves=sda1,sdb1 write-through\n"
		"@ 12.5\n"
		"psi 100 50\n"
		"vm 4096 128\n"
		"   8       0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n"
		"   8       1 sda1 1 2 3 4\n"
		"@ 13.75\n"
		"   8       0 sda 2 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 18\n"
		"   8       1 sda1 2 2 3 4\n";
	struct st_obs_recording a, b;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_int_equal(st_obs_recording_parse(text, strlen(text), "a.rec", &a), 0);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.topo.n, 3);
	assert_true(a.samples[0].has_psi && a.samples[0].has_vm);
	assert_false(a.samples[1].has_psi);
	assert_int_equal(a.samples[0].dirty_kb, 4096);
	assert_true(st_obs_topo_find(&a.topo, "md0")->write_through);
	assert_true(st_obs_topo_find(&a.topo, "sda1")->member);
	assert_true(st_obs_topo_find(&a.topo, "sda")->member); /* its only partition is in md0 */
	f = open_memstream(&buf, &len);
	st_obs_recording_write_topo(f, &a.topo);
	for (size_t i = 0; i < a.n; i++)
		st_obs_recording_write_sample(f, &a.samples[i], NULL);
	fclose(f);
	assert_int_equal(st_obs_recording_parse(buf, len, "b.rec", &b), 0);
	assert_int_equal(b.n, a.n);
	assert_int_equal(b.topo.n, a.topo.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_true(fabs(a.samples[i].t - b.samples[i].t) < 1e-6);
		assert_int_equal(a.samples[i].ds.n, b.samples[i].ds.n);
		assert_memory_equal(a.samples[i].ds.v, b.samples[i].ds.v,
				    a.samples[i].ds.n * sizeof(*a.samples[i].ds.v));
		assert_int_equal(a.samples[i].psi_some_us, b.samples[i].psi_some_us);
	}
	for (size_t i = 0; i < a.topo.n; i++) {
		assert_string_equal(a.topo.v[i].name, b.topo.v[i].name);
		assert_int_equal(a.topo.v[i].kind, b.topo.v[i].kind);
		assert_int_equal(a.topo.v[i].class, b.topo.v[i].class);
	}
	free(buf);
	st_obs_recording_free(&a);
	st_obs_recording_free(&b);
}

static void put_file(const char *dir, const char *rel, const char *text)
{
	char *path = st_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

/* A live sample, read through a sysroot: diskstats, PSI totals, and
 * vmstat's dirty pages; a PSI line without total= is not read from the
 * next line. */
static void test_sample_read(void **state)
{
	char dir[] = "/tmp/stortune-obs-XXXXXX", *proc;
	struct st_obs_sample s;
	struct st_path *pc;
	long kb = sysconf(_SC_PAGESIZE) / 1024;

	(void)state;
	assert_non_null(mkdtemp(dir));
	proc = st_xasprintf("%s/proc", dir);
	assert_int_equal(mkdir(proc, 0755), 0);
	put_file(dir, "proc/diskstats", "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n");
	put_file(dir, "proc/pressure", "");
	put_file(dir, "proc/vmstat", "nr_free_pages 100\nnr_dirty 15\nnr_writeback 2\nnr_dirty_threshold 9\n");
	assert_int_equal(st_path_new(&pc, dir), 0);
	/* proc/pressure is a file here, so pressure/io cannot be read */
	assert_int_equal(st_obs_sample_read(pc, &s), 0);
	assert_int_equal(s.ds.n, 1);
	assert_int_equal(s.ds.v[0].fl_ios, 16);
	assert_true(s.t > 0);
	assert_false(s.has_psi);
	assert_true(s.has_vm);
	assert_int_equal(s.dirty_kb, 15 * kb);
	assert_int_equal(s.writeback_kb, 2 * kb);
	st_obs_sample_free(&s);

	free(proc);
	proc = st_xasprintf("%s/proc/pressure", dir);
	assert_int_equal(unlink(proc), 0);
	assert_int_equal(mkdir(proc, 0755), 0);
	put_file(dir, "proc/pressure/io", "some avg10=0.00 avg60=0.00 avg300=0.00 total=1234\n"
					 "full avg10=0.00 avg60=0.00 avg300=0.00 total=567\n");
	assert_int_equal(st_obs_sample_read(pc, &s), 0);
	assert_true(s.has_psi);
	assert_int_equal(s.psi_some_us, 1234);
	assert_int_equal(s.psi_full_us, 567);
	st_obs_sample_free(&s);
	put_file(dir, "proc/pressure/io", "some avg10=0.00\nfull avg10=0.00 total=567\n");
	assert_int_equal(st_obs_sample_read(pc, &s), 0);
	assert_false(s.has_psi);
	st_obs_sample_free(&s);

	st_path_free(pc);
	st_test_log_start();
	assert_int_equal(st_path_new(&pc, dir), 0);
	put_file(dir, "proc/diskstats", "8 0 sda 1 2\n");
	assert_int_equal(st_obs_sample_read(pc, &s), -EINVAL);
	assert_non_null(strstr(st_test_log_text(), "proc/diskstats:1: 5 fields"));
	st_obs_sample_free(&s);
	st_path_free(pc);
	st_test_log_stop();
	{
		char *cmd = st_xasprintf("rm -rf %s", dir);

		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	free(proc);
}

/* What the loop hands its output hooks, and when. */
struct shown {
	unsigned intervals, summaries;
	unsigned last_index;
	double summary_s;
	unsigned fail_at; /* the hook fails this interval (1-based); 0: none */
};

static int show_interval(void *data, const struct st_obs_interval *iv)
{
	struct shown *sh = data;

	sh->intervals++;
	sh->last_index = iv->index;
	return sh->intervals == sh->fail_at ? -EIO : 0;
}

static int show_summary(void *data, const struct st_obs_interval *sum)
{
	struct shown *sh = data;

	sh->summaries++;
	sh->summary_s = sum->seconds;
	assert_int_equal(sum->index, 0);
	return 0;
}

static int run_replay(const struct st_obs_recording *rec, struct shown *sh, long count, bool silent,
		      bool want_summary, struct st_obs_run *run)
{
	memset(run, 0, sizeof(*run));
	memset(sh, 0, sizeof(*sh));
	run->replay = rec;
	run->ps = &profiles;
	run->exclude = "general";
	run->count = count;
	run->silent = silent;
	run->want_summary = want_summary;
	run->output = (struct st_obs_output){ .interval = show_interval, .summary = show_summary, .data = sh };
	return st_observe_run(run);
}

/*
 * The sampling loop prints nothing itself: each interval goes to the
 * caller's interval hook, and a run of two or more to its summary hook; a
 * silent run calls neither; a hook's error ends the run and is returned.
 */
static void test_run_output_hooks(void **state)
{
	char *path = st_test_path("tests/observe/database.rec");
	struct st_obs_recording rec;
	struct st_obs_run run;
	struct shown sh;

	(void)state;
	assert_int_equal(st_obs_recording_load(path, &rec), 0);
	assert_int_equal(run_replay(&rec, &sh, 0, false, false, &run), 0);
	assert_int_equal(sh.intervals, rec.n - 1);
	assert_int_equal(sh.last_index, rec.n - 1);
	assert_int_equal(run.intervals, rec.n - 1);
	assert_int_equal(sh.summaries, 1);
	NEAR(sh.summary_s, rec.samples[rec.n - 1].t - rec.samples[0].t);

	/* one interval is its own summary */
	assert_int_equal(run_replay(&rec, &sh, 1, false, false, &run), 0);
	assert_int_equal(sh.intervals, 1);
	assert_int_equal(sh.summaries, 0);
	assert_int_equal(run.intervals, 1);

	/* advise --observe: nothing shown, the summary kept for the caller */
	assert_int_equal(run_replay(&rec, &sh, 3, true, true, &run), 0);
	assert_int_equal(sh.intervals + sh.summaries, 0);
	assert_int_equal(run.intervals, 3);
	NEAR(run.summary.seconds, rec.samples[3].t - rec.samples[0].t);
	assert_non_null(run.summary.suggested);
	st_obs_interval_free(&run.summary);

	/* a write error in the second interval: no third, no summary */
	sh.fail_at = 2;
	memset(&run, 0, sizeof(run));
	run.replay = &rec;
	run.output = (struct st_obs_output){ .interval = show_interval, .summary = show_summary, .data = &sh };
	assert_int_equal(st_observe_run(&run), -EIO);
	assert_int_equal(sh.intervals, 2);
	assert_int_equal(sh.summaries, 0);

	/* no hooks: nothing to show, and the run still measures */
	memset(&run, 0, sizeof(run));
	run.replay = &rec;
	run.want_summary = true;
	assert_int_equal(st_observe_run(&run), 0);
	assert_int_equal(run.intervals, rec.n - 1);
	assert_null(run.summary.suggested); /* no profiles given */
	st_obs_interval_free(&run.summary);

	st_obs_recording_free(&rec);
	free(path);
}

/* The recorded workloads (tests/observe/README): each is what it says. */
static void check_fixture(const char *file, const char *dev, enum st_obs_pattern pattern,
			  int fsync, const char *profile)
{
	char *path = st_test_path(file);
	char *want[] = { (char *)dev };
	struct st_obs_recording r;
	struct fed f;

	assert_int_equal(st_obs_recording_load(path, &r), 0);
	assert_true(r.n >= 5);
	assert_int_equal(feed_rec(&r, want, 1, &f), 0);
	if (f.sum.overall.pattern != pattern || f.sum.overall.fsync_heavy != fsync ||
	    (profile ? !f.sum.suggested || strcmp(f.sum.suggested->name, profile) != 0
		     : f.sum.suggested != NULL)) {
		char *ev = st_obs_evidence(&f.sum.overall, &f.sum.overall_io);

		fail_msg("%s: %s -> %s; wanted %s, fsync %d, %s", file, ev,
			 f.sum.suggested ? f.sum.suggested->name : "nothing", st_obs_pattern_name(pattern),
			 fsync, profile ? profile : "no profile");
	}
	/* and every interval on its own, not just the sum */
	assert_int_equal(f.last.overall.pattern, pattern);
	fed_free(&f);
	st_obs_recording_free(&r);
	free(path);
}

static void test_fixture_database(void **state)
{
	(void)state;
	check_fixture("tests/observe/database.rec", "loop0", ST_OBS_RANDOM, 1, "database");
}

static void test_fixture_backup(void **state)
{
	(void)state;
	check_fixture("tests/observe/backup.rec", "loop0", ST_OBS_SEQUENTIAL, 0, "backup");
}

static void test_fixture_log(void **state)
{
	(void)state;
	check_fixture("tests/observe/log.rec", "loop0", ST_OBS_RANDOM, 1, "log-streaming");
}

static void test_fixture_file_server(void **state)
{
	(void)state;
	check_fixture("tests/observe/file-server.rec", "loop0", ST_OBS_MIXED, 0, "file-server");
}

static void test_fixture_idle(void **state)
{
	(void)state;
	check_fixture("tests/observe/idle.rec", "loop0", ST_OBS_IDLE, 0, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape_thresholds),
		cmocka_unit_test(test_fsync_rule),
		cmocka_unit_test(test_evidence_and_suggestion),
		cmocka_unit_test(test_counter_wrap),
		cmocka_unit_test(test_devices_come_and_go),
		cmocka_unit_test(test_rollup_and_stacks),
		cmocka_unit_test(test_saturation),
		cmocka_unit_test(test_no_saturation_when_throughput_grows),
		cmocka_unit_test(test_recording_errors),
		cmocka_unit_test(test_recording_round_trip),
		cmocka_unit_test(test_sample_read),
		cmocka_unit_test(test_run_output_hooks),
		cmocka_unit_test(test_fixture_database),
		cmocka_unit_test(test_fixture_backup),
		cmocka_unit_test(test_fixture_log),
		cmocka_unit_test(test_fixture_file_server),
		cmocka_unit_test(test_fixture_idle),
	};

	return cmocka_run_group_tests(tests, load_knowledge, free_knowledge);
}
