/*
 * test_diskstats.c - the /proc/diskstats parser on every kernel's layout
 * (fixtures in tests/diskstats/), its error messages, counter deltas across
 * wraps and resets, and reading through the rooted path context, from a
 * temporary sysroot and from the live machine.
 */
#include <errno.h>
#include <sys/stat.h>

#include "st_test.h"
#include "st_diskstats.h"
#include "st_path.h"

#define FILE_NAME "proc/diskstats"

/* A device as its line reads: stats in file order, nst of them. */
#define DS(maj, min, nm, nst, ...)                                                                 \
	{ .major = maj, .minor = min, .name = nm, .nstats = nst, ST##nst(__VA_ARGS__) }
#define ST11(a, b, c, d, e, f, g, h, i, j, k)                                                      \
	.rd_ios = a, .rd_merges = b, .rd_sectors = c, .rd_ms = d, .wr_ios = e, .wr_merges = f,     \
	.wr_sectors = g, .wr_ms = h, .in_flight = i, .io_ms = j, .weighted_ms = k
#define ST15(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o)                                          \
	ST11(a, b, c, d, e, f, g, h, i, j, k), .dc_ios = l, .dc_merges = m, .dc_sectors = n,       \
	.dc_ms = o
#define ST17(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q)                                    \
	ST15(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o), .fl_ios = p, .fl_ms = q

static const struct st_dstat want_4_15[] = {
	DS(7, 0, "loop0", 11, 112, 0, 2328, 24, 0, 0, 0, 0, 0, 20, 24),
	DS(8, 0, "sda", 11, 284161, 41932, 17437202, 121668, 512043, 480133, 28765240, 1284220, 0,
	   496104, 1407296),
	DS(8, 1, "sda1", 11, 350, 0, 17522, 108, 3, 0, 8, 0, 0, 96, 108),
	DS(8, 2, "sda2", 11, 283711, 41932, 17415960, 121524, 499421, 480133, 28765232, 1280520, 0,
	   494280, 1403456),
	DS(259, 0, "nvme0n1", 11, 1045563, 3021, 81234566, 402788, 2291045, 1290332, 135870112,
	   4093221, 2, 1043880, 4501280),
	DS(259, 1, "nvme0n1p1", 11, 1423, 110, 53242, 380, 2, 0, 2, 0, 0, 308, 380),
	DS(253, 0, "dm-0", 11, 325211, 0, 17413802, 159368, 979766, 0, 28765232, 5530548, 0, 496884,
	   5689916),
	DS(11, 0, "sr0", 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
};

static const struct st_dstat want_4_19[] = {
	DS(7, 0, "loop0", 15, 58, 0, 2112, 12, 0, 0, 0, 0, 0, 16, 4, 0, 0, 0, 0),
	DS(8, 0, "sda", 15, 91237, 2130, 6034322, 60312, 181553, 122311, 12342520, 350712, 0,
	   139800, 375636, 1031, 0, 77102344, 1632),
	DS(8, 1, "sda1", 15, 90990, 2130, 6026506, 60228, 181001, 122311, 12342512, 350100, 0,
	   139520, 375024, 1031, 0, 77102344, 1632),
	DS(259, 0, "nvme0n1", 15, 2203311, 12, 190332416, 598123, 4410233, 2980111, 402339880,
	   9832110, 1, 2294420, 10201990, 55120, 0, 981003264, 21034),
	DS(259, 1, "nvme0n1p1", 15, 2203100, 12, 190320080, 598040, 4410200, 2980111, 402339872,
	   9832050, 1, 2294300, 10201880, 55120, 0, 981003264, 21034),
	DS(253, 0, "dm-0", 15, 2203010, 0, 190318928, 612300, 7390311, 0, 402339872, 30120993, 0,
	   2299100, 30754327, 55120, 0, 981003264, 21034),
};

static const struct st_dstat want_6_1[] = {
	DS(7, 0, "loop0", 17, 41, 0, 1210, 9, 0, 0, 0, 0, 0, 28, 9, 0, 0, 0, 0, 0, 0),
	DS(8, 0, "sda", 17, 512334, 10421, 40311276, 201355, 1300412, 870221, 98800364, 2011432, 0,
	   701240, 2409977, 2011, 0, 410003712, 3322, 180221, 193868),
	DS(8, 1, "sda1", 17, 410, 37, 17840, 96, 2, 0, 2, 1, 0, 124, 97, 0, 0, 0, 0, 0, 0),
	DS(8, 2, "sda2", 17, 511870, 10384, 40290124, 201240, 1300410, 870221, 98800362, 2011431,
	   0, 701080, 2215993, 2011, 0, 410003712, 3322, 0, 0),
	DS(259, 0, "nvme0n1", 17, 3392011, 4410, 280113762, 1210334, 6021005, 4410223, 711203928,
	   12553021, 3, 3019223, 14001775, 9003, 0, 1893412864, 22009, 410220, 216411),
	DS(259, 1, "nvme0n1p1", 17, 3391880, 4410, 280101210, 1210300, 6021002, 4410223,
	   711203920, 12553010, 3, 3019100, 13785319, 9003, 0, 1893412864, 22009, 0, 0),
	DS(253, 0, "dm-0", 17, 3391420, 0, 280097110, 1402331, 10431225, 0, 711203920, 40221013, 3,
	   3019500, 41645353, 9003, 0, 1893412864, 22009, 0, 0),
};

/* 2.6 partitions: reads issued, sectors read, writes issued, sectors written. */
#define DS_PART26(maj, min, nm, rios, rsect, wios, wsect)                                          \
	{ .major = maj, .minor = min, .name = nm, .nstats = 4, .rd_ios = rios,                     \
	  .rd_sectors = rsect, .wr_ios = wios, .wr_sectors = wsect }

static const struct st_dstat want_2_6_18[] = {
	DS(1, 0, "ram0", 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
	DS(8, 0, "sda", 11, 1862930, 98311, 43502164, 9871020, 2540211, 5092811, 61059120, 48110932,
	   0, 12503210, 57983012),
	DS_PART26(8, 1, "sda1", 2210, 4420, 15, 30),
	DS_PART26(8, 2, "sda2", 1860702, 43497644, 7633015, 61059090),
	DS(253, 0, "dm-0", 11, 1957133, 0, 43492676, 11203420, 7633004, 0, 61059032, 419203321, 0,
	   12500100, 430406741),
	DS(7, 0, "loop0", 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
};

static void assert_dstat_equal(const struct st_dstat *got, const struct st_dstat *want)
{
	assert_string_equal(got->name, want->name);
	assert_int_equal(got->major, want->major);
	assert_int_equal(got->minor, want->minor);
	assert_int_equal(got->nstats, want->nstats);
	assert_int_equal(got->rd_ios, want->rd_ios);
	assert_int_equal(got->rd_merges, want->rd_merges);
	assert_int_equal(got->rd_sectors, want->rd_sectors);
	assert_int_equal(got->rd_ms, want->rd_ms);
	assert_int_equal(got->wr_ios, want->wr_ios);
	assert_int_equal(got->wr_merges, want->wr_merges);
	assert_int_equal(got->wr_sectors, want->wr_sectors);
	assert_int_equal(got->wr_ms, want->wr_ms);
	assert_int_equal(got->in_flight, want->in_flight);
	assert_int_equal(got->io_ms, want->io_ms);
	assert_int_equal(got->weighted_ms, want->weighted_ms);
	assert_int_equal(got->dc_ios, want->dc_ios);
	assert_int_equal(got->dc_merges, want->dc_merges);
	assert_int_equal(got->dc_sectors, want->dc_sectors);
	assert_int_equal(got->dc_ms, want->dc_ms);
	assert_int_equal(got->fl_ios, want->fl_ios);
	assert_int_equal(got->fl_ms, want->fl_ms);
}

static void assert_stats_equal(const struct st_diskstats *got, const struct st_dstat *want,
			       size_t n)
{
	assert_int_equal(got->n, n);
	for (size_t i = 0; i < n; i++)
		assert_dstat_equal(&got->v[i], &want[i]);
}

/* tests/diskstats/name, whole; *len its size. */
static char *load_fixture(const char *name, size_t *len)
{
	char *rel = st_xasprintf("tests/diskstats/%s", name), *path = st_test_path(rel), *buf;
	FILE *f = fopen(path, "r");
	long sz;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	sz = ftell(f);
	assert_true(sz > 0);
	rewind(f);
	buf = st_xmalloc((size_t)sz + 1);
	assert_int_equal(fread(buf, 1, (size_t)sz, f), (size_t)sz);
	buf[sz] = '\0';
	fclose(f);
	free(path);
	free(rel);
	*len = (size_t)sz;
	return buf;
}

/* A fixture and every line of it, as the kernel meant it. */
struct fixture {
	const char *name;
	const struct st_dstat *want;
	size_t n;
};

#define FIXTURE(file, want) { file, want, ST_ARRAY_SIZE(want) }

static const struct fixture fixtures[] = {
	FIXTURE("linux-4.15", want_4_15),
	FIXTURE("linux-4.19", want_4_19),
	FIXTURE("linux-6.1", want_6_1),
	FIXTURE("linux-2.6.18", want_2_6_18),
};

/*
 * Parses the fixture as it is and without its final newline (the parser
 * must not need one), checks every value of every line, and that nothing
 * was said.
 */
static void test_fixture(void **state)
{
	const struct fixture *fx = *state;
	struct st_diskstats s;
	size_t len;
	char *text = load_fixture(fx->name, &len);

	st_test_log_start();
	assert_int_equal(text[len - 1], '\n');
	assert_int_equal(st_diskstats_parse(text, len, FILE_NAME, &s), 0);
	assert_stats_equal(&s, fx->want, fx->n);
	st_diskstats_free(&s);
	assert_int_equal(st_diskstats_parse(text, len - 1, FILE_NAME, &s), 0);
	assert_stats_equal(&s, fx->want, fx->n);
	st_diskstats_free(&s);
	assert_string_equal(st_test_log_text(), "");
	st_test_log_stop();
	free(text);
}

static void test_find(void **state)
{
	struct st_diskstats s, empty = { 0 };
	size_t len;
	char *text = load_fixture("linux-6.1", &len);
	const struct st_dstat *d;

	(void)state;
	assert_int_equal(st_diskstats_parse(text, len, FILE_NAME, &s), 0);
	d = st_diskstats_find(&s, "dm-0");
	assert_non_null(d);
	assert_int_equal(d->major, 253);
	d = st_diskstats_find_dev(&s, 259, 1);
	assert_non_null(d);
	assert_string_equal(d->name, "nvme0n1p1");
	assert_ptr_equal(st_diskstats_find(&s, "sda"), st_diskstats_find_dev(&s, 8, 0));
	assert_null(st_diskstats_find(&s, "sdb"));
	assert_null(st_diskstats_find(&s, "sda11"));
	assert_null(st_diskstats_find_dev(&s, 8, 3));
	assert_null(st_diskstats_find(&empty, "sda"));
	assert_null(st_diskstats_find_dev(&empty, 8, 0));
	assert_null(st_diskstats_find(NULL, "sda"));
	st_diskstats_free(&s);
	assert_null(s.v);
	assert_int_equal(s.n, 0);
	st_diskstats_free(&s); /* twice: it was left zeroed */
	st_diskstats_free(&empty);
	st_diskstats_free(NULL);
	free(text);
}

static void test_lenient(void **state)
{
	/* tabs and extra blanks, a blank line, and a 63-character name */
	static const char text[] =
		"\n"
		"\t8 \t 0   sda 1 2 3 4 5 6 7 8 9 10 11  \n"
		"   \n"
		"253 7 dm-012345678901234567890123456789012345678901234567890123456789 "
		"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17";
	struct st_diskstats s = { (struct st_dstat *)(void *)1, 99 };

	(void)state;
	st_test_log_start();
	assert_int_equal(st_diskstats_parse("", 0, FILE_NAME, &s), 0);
	assert_null(s.v);
	assert_int_equal(s.n, 0);
	assert_int_equal(st_diskstats_parse("\n \n", 3, FILE_NAME, &s), 0);
	assert_null(s.v);
	assert_int_equal(s.n, 0);
	assert_int_equal(st_diskstats_parse(text, sizeof(text) - 1, FILE_NAME, &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0].name, "sda");
	assert_int_equal(s.v[0].weighted_ms, 11);
	assert_int_equal(strlen(s.v[1].name), 63);
	assert_int_equal(s.v[1].minor, 7);
	assert_int_equal(s.v[1].fl_ms, 17);
	assert_int_equal(s.v[1].nstats, 17);
	st_diskstats_free(&s);
	assert_string_equal(st_test_log_text(), "");
	st_test_log_stop();
}

/* Many devices in one read: one allocation, no per-line growth. */
static void test_many(void **state)
{
	const size_t n = 4096;
	char *text = st_xmalloc(n * 96), *p = text;
	struct st_diskstats s;

	(void)state;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "  65 %7zu sd%zu %zu 0 8 1 0 0 0 0 0 1 1 0 0 0 0 0 0\n", i, i, i);
	assert_int_equal(st_diskstats_parse(text, (size_t)(p - text), FILE_NAME, &s), 0);
	assert_int_equal(s.n, n);
	assert_string_equal(s.v[n - 1].name, "sd4095");
	assert_int_equal(s.v[n - 1].rd_ios, n - 1);
	assert_int_equal(st_diskstats_find_dev(&s, 65, 1234)->rd_ios, 1234);
	st_diskstats_free(&s);
	free(text);
}

static void test_errors(void **state)
{
	static const char disk[] = "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n";
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "   8       1 sda1 1 2 3 4 5 6\n",
		  FILE_NAME ":2: 9 fields; expected 7, 14, 18 or 20" },
		{ "   8       1 sda1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n",
		  FILE_NAME ":2: 21 fields; expected 7, 14, 18 or 20" },
		{ "   8       1 sda1\n", FILE_NAME ":2: 3 fields; expected 7, 14, 18 or 20" },
		{ "   8       1 sda1 1 2 3x 4 5 6 7 8 9 10 11\n",
		  FILE_NAME ":2: field 6 (sectors read): not a number: \"3x\"" },
		{ "   8       1 sda1 1 2 3 4 -5 6 7 8 9 10 11\n",
		  FILE_NAME ":2: field 8 (writes completed): negative: \"-5\"" },
		{ "   8       1 sda1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 - 16 17\n",
		  FILE_NAME ":2: field 18 (ms discarding): not a number: \"-\"" },
		{ "   8       1 sda1 1 2 3 4 5 6 18446744073709551616 8 9 10 11\n",
		  FILE_NAME ":2: field 10 (sectors written): out of range: "
			    "\"18446744073709551616\"" },
		{ "   8       1 sda1 1 2 3 4 5 6 7 8 9 10 111111111111111111111111111111111111\n",
		  FILE_NAME ":2: field 14 (weighted ms doing I/O): out of range: "
			    "\"11111111111111111111111111111111...\"" },
		{ "   8       1 sda1 1 +2 3 4\n",
		  FILE_NAME ":2: field 5 (sectors read): not a number: \"+2\"" },
		{ "4294967296       1 sda1 1 2 3 4\n",
		  FILE_NAME ":2: field 1 (major): out of range: \"4294967296\"" },
		{ "   8    0x1 sda1 1 2 3 4\n",
		  FILE_NAME ":2: field 2 (minor): not a number: \"0x1\"" },
		{ "   8       1 "
		  "a123456789012345678901234567890123456789012345678901234567890123 1 2 3 4\n",
		  FILE_NAME ":2: device name of 64 characters, at most 63: "
			    "\"a1234567890123456789012345678901...\"" },
		{ "   8       1 sd\001a1 1 2 3 4\n", FILE_NAME ":2: binary data" },
	};

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(cases); i++) {
		/* a good line first: what was parsed before the error is dropped */
		char *text = st_xasprintf("%s%s", disk, cases[i].text);
		char *msg = st_xasprintf("%s\n", cases[i].msg);
		struct st_dstat sentinel;
		struct st_diskstats s = { &sentinel, 42 };

		st_test_log_start();
		assert_int_equal(st_diskstats_parse(text, strlen(text), FILE_NAME, &s), -EINVAL);
		assert_null(s.v);
		assert_int_equal(s.n, 0);
		assert_string_equal(st_test_log_text(), msg);
		assert_int_equal(st_test_log_buf.warnings, 1);
		st_test_log_stop();
		free(msg);
		free(text);
	}
}

static struct st_dstat sample(void)
{
	struct st_dstat a = DS(8, 0, "sda", 17, 1000, 10, 80000, 500, 2000, 20, 160000, 900, 4,
			       1200, 1450, 30, 3, 100000, 40, 50, 60);

	return a;
}

static void test_sub(void **state)
{
	struct st_dstat a = sample(), b, d;

	(void)state;
	/* a second later; in_flight, a gauge, fell from 4 to 1 without wrapping */
	b = (struct st_dstat)DS(8, 0, "sda", 17, 1100, 11, 80800, 550, 2200, 22, 161600, 990, 1,
				1320, 1595, 33, 3, 110000, 44, 55, 66);
	assert_false(st_dstat_sub(&a, &b, &d));
	assert_dstat_equal(&d, &(struct st_dstat)DS(8, 0, "sda", 17, 100, 1, 800, 50, 200, 2, 1600,
						       90, 1, 120, 145, 3, 0, 10000, 4, 5, 6));
	/* nothing happened: zero deltas, in_flight still b's */
	assert_false(st_dstat_sub(&b, &b, &d));
	assert_int_equal(d.rd_ios, 0);
	assert_int_equal(d.fl_ms, 0);
	assert_int_equal(d.in_flight, 1);
}

static void test_sub_wrap(void **state)
{
	struct st_dstat a = sample(), b = a, d;

	(void)state;
	a.rd_ios = 4294967000u; /* a 32-bit kernel's unsigned long, near its top */
	b.rd_ios = 100;
	a.weighted_ms = UINT32_MAX; /* "%u" on every kernel */
	b.weighted_ms = 0;
	b.wr_ios += 7;
	assert_true(st_dstat_sub(&a, &b, &d));
	assert_int_equal(d.rd_ios, 396);
	assert_int_equal(d.weighted_ms, 1);
	assert_int_equal(d.wr_ios, 7); /* the others as usual */
	assert_int_equal(d.rd_sectors, 0);
}

static void test_sub_reset(void **state)
{
	struct st_dstat a = sample(), b = a, d;

	(void)state;
	a.wr_sectors = 10000000000ull; /* past 2^32: cannot be a 32-bit wrap */
	b.wr_sectors = 5000;
	b.in_flight = 9;
	assert_true(st_dstat_sub(&a, &b, &d));
	assert_int_equal(d.wr_sectors, 5000);
	assert_int_equal(d.in_flight, 9);
	assert_int_equal(d.rd_ios, 0);

	/* the same name on other numbers is another device: all of b counts */
	b = sample();
	b.minor = 16;
	b.rd_ios = 1234;
	assert_true(st_dstat_sub(&a, &b, &d));
	assert_dstat_equal(&d, &b);
}

static void test_sub_alias_and_layouts(void **state)
{
	struct st_dstat a = sample(), b = a;

	(void)state;
	/* a 2.6 partition sample against a later one: only 4 stats in common */
	a.nstats = 4;
	b.rd_ios += 3;
	b.in_flight = 2;
	assert_false(st_dstat_sub(&a, &b, &b)); /* d may be b */
	assert_int_equal(b.nstats, 4);
	assert_int_equal(b.rd_ios, 3);
	assert_int_equal(b.in_flight, 2);
	assert_string_equal(b.name, "sda");
}

static void test_read_sysroot(void **state)
{
	static const char bad[] = "   8 0 sda 1 2 3\n";
	char *dir = st_test_mkdtemp(), *proc = st_xasprintf("%s/proc", dir), *msg;
	struct st_diskstats s = { 0 };
	struct st_path *pc = NULL;
	size_t len;
	char *text = load_fixture("linux-4.19", &len);

	(void)state;
	assert_int_equal(st_path_new(&pc, dir), 0);
	st_test_log_start();
	assert_int_equal(st_diskstats_read(pc, &s), -ENOENT); /* not an error of the file's */
	assert_int_equal(s.n, 0);
	assert_string_equal(st_test_log_text(), "");

	assert_int_equal(mkdir(proc, 0755), 0);
	st_test_write(dir, "proc/diskstats", text, len);
	assert_int_equal(st_diskstats_read(pc, &s), 0);
	assert_stats_equal(&s, want_4_19, ST_ARRAY_SIZE(want_4_19));
	assert_string_equal(st_diskstats_find(&s, "nvme0n1p1")->name, "nvme0n1p1");
	st_diskstats_free(&s);

	/* messages name the file as the user knows it */
	st_test_write(dir, "proc/diskstats", bad, strlen(bad));
	assert_int_equal(st_diskstats_read(pc, &s), -EINVAL);
	assert_null(s.v);
	msg = st_xasprintf("%s/proc/diskstats:1: 6 fields; expected 7, 14, 18 or 20\n",
			   st_path_root(pc));
	assert_string_equal(st_test_log_text(), msg);
	st_test_log_stop();

	free(msg);
	free(text);
	free(proc);
	st_path_free(pc);
	st_test_rmtree(dir);
}

static void test_read_live(void **state)
{
	struct st_diskstats s;
	struct st_path *pc = NULL;
	int rc;

	(void)state;
	assert_int_equal(st_path_new(&pc, NULL), 0);
	rc = st_diskstats_read(pc, &s);
	st_path_free(pc);
	if (rc == -ENOENT)
		skip(); /* a container without /proc/diskstats */
	assert_int_equal(rc, 0);
	assert_true(s.n >= 1);
	for (size_t i = 0; i < s.n; i++)
		assert_true(s.v[i].nstats >= 11);
	st_diskstats_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* named after the fixture, for cmocka's report */
		{ "linux-4.15 (14 fields)", test_fixture, NULL, NULL, (void *)&fixtures[0] },
		{ "linux-4.19 (18 fields)", test_fixture, NULL, NULL, (void *)&fixtures[1] },
		{ "linux-6.1 (20 fields)", test_fixture, NULL, NULL, (void *)&fixtures[2] },
		{ "linux-2.6.18 (7-field partitions)", test_fixture, NULL, NULL,
		  (void *)&fixtures[3] },
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_lenient),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_sub),
		cmocka_unit_test(test_sub_wrap),
		cmocka_unit_test(test_sub_reset),
		cmocka_unit_test(test_sub_alias_and_layouts),
		cmocka_unit_test(test_read_sysroot),
		cmocka_unit_test(test_read_live),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
