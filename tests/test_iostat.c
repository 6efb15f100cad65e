/*
 * test_iostat.c - iostat's formulas (measure/iostat.c) on counter
 * differences worked out by hand: every figure, which columns a kernel's
 * layout has, requests of a kind that did not happen, an interval that is
 * not positive, and the sum of several devices' differences.
 */
#include <math.h>

#include "st_test.h"
#include "st_iostat.h"

#define NEAR(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9 * fmax(1, fabs((double)(b))))

/* iostat -dx's formulas on a delta worked out by hand. */
static void test_iostat_formulas(void **state)
{
	struct st_dstat d = {
		.nstats = 17,
		.rd_ios = 600, .rd_merges = 30, .rd_sectors = 9600, .rd_ms = 300,
		.wr_ios = 200, .wr_merges = 50, .wr_sectors = 3200, .wr_ms = 500,
		.io_ms = 1500, .weighted_ms = 4000,
		.dc_ios = 4, .dc_merges = 0, .dc_sectors = 8192, .dc_ms = 8,
		.fl_ios = 20, .fl_ms = 10,
	};
	struct st_iostat io;

	(void)state;
	st_iostat_compute(&d, 2.0, &io);
	NEAR(io.r_s, 300);
	NEAR(io.w_s, 100);
	NEAR(io.rkb_s, 2400);  /* 9600 sectors / 2 / 2 s */
	NEAR(io.wkb_s, 800);
	NEAR(io.rrqm_s, 15);
	NEAR(io.wrqm_s, 25);
	NEAR(io.rareq_sz, 8);  /* 9600 / 600 / 2 KiB */
	NEAR(io.wareq_sz, 8);
	NEAR(io.r_await, 0.5); /* 300 ms / 600 */
	NEAR(io.w_await, 2.5);
	NEAR(io.aqu_sz, 2);    /* 4000 ms over 2000 ms */
	NEAR(io.util, 75);     /* 1500 of 2000 ms */
	NEAR(io.f_s, 10);
	NEAR(io.f_await, 0.5);
	NEAR(io.d_s, 2);
	NEAR(io.dkb_s, 2048);  /* 8192 sectors / 2 / 2 s */
	NEAR(io.drqm_s, 0);
	NEAR(io.dareq_sz, 1024);
	NEAR(io.d_await, 2);   /* 8 ms / 4 */
	assert_true(io.has_flush && io.has_discard);

	d.nstats = 15; /* 4.18 to 5.4: discards, no flushes */
	st_iostat_compute(&d, 2.0, &io);
	assert_false(io.has_flush);
	assert_true(io.has_discard);
	d.nstats = 11; /* a 4.15 kernel: neither */
	st_iostat_compute(&d, 2.0, &io);
	assert_false(io.has_flush);
	assert_false(io.has_discard);
}

/* Only writes: the read columns are 0, not a division by zero. */
static void test_iostat_absent_kinds(void **state)
{
	struct st_dstat d = { .nstats = 17, .wr_ios = 50, .wr_sectors = 800, .wr_ms = 100,
			      .io_ms = 250, .weighted_ms = 125 };
	struct st_iostat io;

	(void)state;
	st_iostat_compute(&d, 0.5, &io);
	NEAR(io.w_s, 100);
	NEAR(io.wareq_sz, 8);  /* 800 / 50 / 2 KiB */
	NEAR(io.w_await, 2);
	NEAR(io.aqu_sz, 0.25); /* 125 ms over 500 ms */
	NEAR(io.util, 50);
	assert_true(io.r_s == 0 && io.rareq_sz == 0 && io.r_await == 0);
	assert_true(io.d_s == 0 && io.dareq_sz == 0 && io.d_await == 0);
	assert_true(io.f_s == 0 && io.f_await == 0);
	assert_false(isnan(io.rareq_sz) || isnan(io.f_await));
}

/* No interval, or not a number: all zero, has_* included. */
static void test_iostat_no_interval(void **state)
{
	static const double bad[] = { 0, -1, NAN };
	struct st_dstat d = { .nstats = 17, .rd_ios = 10, .rd_sectors = 80, .weighted_ms = 10 };
	struct st_iostat io, zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	for (size_t i = 0; i < ST_ARRAY_SIZE(bad); i++) {
		memset(&io, 0xff, sizeof(io));
		st_iostat_compute(&d, bad[i], &io);
		assert_memory_equal(&io, &zero, sizeof(io));
	}
}

/* Several devices' differences summed (st_dstat_add) are one device:
 * the figures of the sum, not the sum of the figures, for sizes. */
static void test_iostat_of_a_sum(void **state)
{
	struct st_dstat a = { .nstats = 17, .rd_ios = 100, .rd_sectors = 800, .weighted_ms = 300 };
	struct st_dstat b = { .nstats = 11, .rd_ios = 300, .rd_sectors = 7200, .weighted_ms = 500 };
	struct st_dstat sum = { 0 };
	struct st_iostat io;

	(void)state;
	st_dstat_add(&sum, &a);
	st_dstat_add(&sum, &b);
	st_iostat_compute(&sum, 1.0, &io);
	NEAR(io.r_s, 400);
	NEAR(io.rareq_sz, 10); /* 8000 sectors / 400 reads / 2, not (4 + 12) / 2 */
	NEAR(io.aqu_sz, 0.8);
	assert_false(io.has_flush); /* b's kernel layout counts none */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iostat_formulas),
		cmocka_unit_test(test_iostat_absent_kinds),
		cmocka_unit_test(test_iostat_no_interval),
		cmocka_unit_test(test_iostat_of_a_sum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
