/*
 * test_stats.c - the A/B statistics against values worked out elsewhere:
 * hand arithmetic, the Mann-Whitney tables, enumerations and normal
 * approximations computed independently (Python, exact fractions), the
 * ratio interval by hand, its coverage and its agreement with the test over
 * simulated experiments, the group-sequential
 * boundaries against ldbounds and the sequential test's error rate and power
 * over simulated looks, and the generator against the xoshiro256** reference.
 */
#include <errno.h>
#include <math.h>

#include "st_test.h"
#include "st_stats.h"

/* |got - want| <= tol, saying both on failure (cmocka 1.1 has no double assert) */
static void assert_near(double got, double want, double tol, const char *what)
{
	if (!(got - want <= tol && want - got <= tol)) {
		print_error("%s: got %.17g, want %.17g (tolerance %g)\n", what, got, want, tol);
		fail();
	}
}

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

/* Standard normal, Irwin-Hall: twelve uniforms less 6 (tails cut at 6). */
static double t_normal(struct st_rng *r)
{
	double z = -6;

	for (int i = 0; i < 12; i++)
		z += st_rng_unit(r);
	return z;
}

static void test_median(void **state)
{
	double odd[] = { 3, 1, 2 }, even[] = { 4, 1, 3, 2 }, dup[] = { 5, 5, 1, 5 };
	double copy[4], x[101], s[101];
	struct st_rng r;

	(void)state;
	memcpy(copy, even, sizeof(even));
	assert_near(st_median(odd, 3), 2, 0, "odd");
	assert_near(st_median(even, 4), 2.5, 0, "even");
	assert_memory_equal(copy, even, sizeof(even)); /* untouched */
	assert_near(st_median(dup, 4), 5, 0, "ties");
	assert_near(st_median(odd, 1), 3, 0, "one");
	assert_true(isnan(st_median(odd, 0)));

	/* against a full sort, for both parities and many duplicates */
	st_rng_seed(&r, 7);
	for (int round = 0; round < 50; round++) {
		size_t n = 100 + (size_t)(round & 1);

		for (size_t i = 0; i < n; i++)
			x[i] = (double)st_rng_below(&r, round < 25 ? 1000 : 5);
		memcpy(s, x, n * sizeof(*x));
		qsort(s, n, sizeof(*s), cmp_double);
		assert_near(st_median(x, n), n & 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2, 0, "sorted");
	}
}

static void test_spread(void **state)
{
	/* mean 5, squared deviations 32, over n - 1 = 7 */
	double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 }, big[] = { 1e9 + 1, 1e9 + 2, 1e9 + 3 }, pm[] = { -1, 1 };
	double tight_a[] = { 100, 104, 96, 100, 102, 98 }, tight_b[] = { 50, 52, 48, 50, 51, 49 };
	double tail_a[] = { 100, 101, 99, 100, 70, 130 }, tail_b[] = { 90, 91, 89, 90, 63, 117 };

	(void)state;
	assert_near(st_mean(x, 8), 5, 0, "mean");
	assert_near(st_stddev(x, 8), 2.1380899352993950, 1e-14, "stddev"); /* sqrt(32 / 7) */
	assert_near(st_cv(x, 8), 0.42761798705987900, 1e-14, "cv");
	/* a one-pass sum of squares loses this to cancellation */
	assert_near(st_stddev(big, 3), 1, 1e-9, "stddev far from 0");
	assert_true(isnan(st_mean(x, 0)));
	assert_true(isnan(st_stddev(x, 1)));
	assert_true(isnan(st_cv(x, 1)));
	assert_true(isnan(st_cv(pm, 2)));
	/* pooled over two arms: the robust estimate, 1.4826 x median |x / 100 - 1|
	 * = 1.4826 x 0.02, is the larger here ... */
	assert_near(st_pooled_spread(tight_a, 6, tight_b, 6), 0.02965204437011207, 1e-15, "pooled, robust");
	/* ... and the classic one, the pooled SD of x / mean - 1, sqrt(0.36045 / 10),
	 * where a third of the trials are far from the rest */
	assert_near(st_pooled_spread(tail_a, 6, tail_b, 6), 0.1898543951506646, 1e-15, "pooled, classic");
	assert_true(isnan(st_pooled_spread(tight_a, 1, tight_b, 6)));
	assert_true(isnan(st_pooled_spread(pm, 2, tight_b, 6)));
}

/* The same p whichever arm comes first. */
static double mw(const double *a, size_t na, const double *b, size_t nb)
{
	double p = st_mann_whitney_p(a, na, b, nb);

	assert_near(st_mann_whitney_p(b, nb, a, na), p, 0, "arms swapped");
	assert_true(p > 0 && p <= 1);
	return p;
}

static void test_mann_whitney_exact(void **state)
{
	double a5[] = { 1, 2, 3, 4, 5 }, b5[] = { 6, 7, 8, 9, 10 };
	double u3a[] = { 1, 2, 3, 5, 7 }, u3b[] = { 4, 6, 8, 9, 10 };
	double ta[] = { 1, 2, 2, 3 }, tb[] = { 2, 3, 3, 4, 5 };
	double same[] = { 1.5, 2.5, 3.5, 4.5 }, flat[] = { 7, 7, 7, 7, 7, 7 };
	double c3[] = { 20, 21, 22 }, c7[] = { 1, 2, 3, 4, 5, 6, 7 };

	(void)state;
	/* tables: P(U <= 0) = 1/252 and P(U <= 1) ... for 5 and 5; two-sided doubles */
	assert_near(mw(a5, 5, b5, 5), 2.0 / 252, 1e-15, "5/5 separated");
	assert_near(mw(a5, 3, b5, 3), 2.0 / 20, 1e-15, "3/3 separated");
	/* U = 3: P(U <= 3) = 7/252 */
	assert_near(mw(u3a, 5, u3b, 5), 14.0 / 252, 1e-15, "5/5 U = 3");
	assert_near(mw(c3, 3, c7, 7), 2.0 / 120, 1e-15, "3/7 separated");
	/* midranks 1, 3.5 x4, 6.5 x2 ...: 14 of the 126 assignments (Python, fractions) */
	assert_near(mw(ta, 4, tb, 5), 14.0 / 126, 1e-15, "ties");
	assert_near(mw(same, 4, same, 4), 1, 0, "identical");
	assert_near(mw(flat, 3, flat + 3, 3), 1, 0, "all tied");
	assert_near(mw(a5, 0, b5, 5), 1, 0, "empty arm");
	assert_near(mw(a5, 1, b5, 1), 1, 0, "one each");
}

static void test_mann_whitney_normal(void **state)
{
	double a12[] = { 12.1, 13.4, 11.8, 14.0, 12.9, 13.3, 12.5, 15.2, 13.0, 12.2, 14.4, 13.1 };
	double b12[] = { 13.9, 14.8, 13.3, 15.5, 14.1, 12.9, 15.0, 16.1, 14.6, 13.7, 15.8, 14.2 };
	double tie8a[] = { 5, 3, 5, 5, 2, 3, 5, 5 }, tie8b[] = { 3, 4, 4, 4, 4, 2, 6, 5 };
	double a[8], b[8], far[4000];
	struct st_rng r;

	(void)state;
	/*
	 * C(24, 12) = 2.7e6 assignments: the normal approximation.  Python,
	 * with ties corrected and a 0.5 continuity correction (scipy's
	 * method="asymptotic"): 0.00723462597197.  Full enumeration in Python
	 * gives 14196 / 2704156 = 0.00524970.
	 */
	assert_near(mw(a12, 12, b12, 12), 0.00723462597197, 0.00723462597197 * 1e-5, "12/12");
	assert_near(st_mann_whitney_p(a12, 12, b12, 12), 14196.0 / 2704156, 0.01, "12/12 vs exact");
	/* C(22, 11) = 705432, the largest balanced case still enumerated: 6896 of them (Python) */
	assert_near(mw(a12, 11, b12, 11), 6896.0 / 705432, 1e-15, "11/11 exact");

	/*
	 * Exact and normal at 8 and 8, without ties: over every possible U
	 * they differ by at most 0.0109 (at p = 0.44), and by 0.0056 where
	 * the exact p <= 0.2 (Python, from the exact distribution).  Then 40
	 * draws with ties, for the arm symmetry.
	 */
	st_rng_seed(&r, 2024);
	for (int round = 0; round < 60; round++) {
		double shift = (double)(round % 8) / 4;
		double pe, pn;

		for (int i = 0; i < 8; i++) {
			a[i] = round < 20 ? st_rng_unit(&r) : (double)st_rng_below(&r, 6);
			b[i] = shift + (round < 20 ? st_rng_unit(&r) : (double)st_rng_below(&r, 6));
		}
		pe = mw(a, 8, b, 8);
		pn = st_mann_whitney_p_normal(a, 8, b, 8);
		if (round < 20)
			assert_near(pn, pe, pe <= 0.2 ? 0.006 : 0.011, "8/8 exact vs normal");
	}
	/* the first draw, enumerated in Python: 6504 of 12870, normal 0.494837 */
	st_rng_seed(&r, 2024);
	for (int i = 0; i < 8; i++) {
		a[i] = st_rng_unit(&r);
		b[i] = st_rng_unit(&r);
	}
	assert_near(mw(a, 8, b, 8), 6504.0 / 12870, 1e-15, "8/8 exact");
	assert_near(st_mann_whitney_p_normal(a, 8, b, 8), 0.4948365381130974, 1e-6, "8/8 normal");
	/* heavy ties: 8494 of 12870 (Python), where the normal says 0.7025 */
	assert_near(mw(tie8a, 8, tie8b, 8), 8494.0 / 12870, 1e-15, "8/8 many ties");
	assert_near(st_mann_whitney_p_normal(tie8a, 8, tie8b, 8), 0.7025494055759491, 1e-6, "8/8 many ties, normal");

	/* far in the tail the normal p underflows, but stays above 0 */
	for (int i = 0; i < 4000; i++)
		far[i] = i;
	assert_true(mw(far, 2000, far + 2000, 2000) > 0);
	assert_true(st_mann_whitney_p_normal(far, 2000, far + 2000, 2000) < 1e-300);
	assert_near(st_mann_whitney_p_normal(a12, 0, b12, 3), 1, 0, "normal, empty arm");
}

/*
 * The interval the Mann-Whitney test inverts to, worked out by hand: with
 * 5 trials per arm the exact test rejects U <= 2 (8 of the 252 assignments,
 * p 0.032) and keeps U = 3 (14, p 0.056).  U at a ratio r is how many of
 * the 25 quotients b[j] / a[i] lie below r, so the interval runs from the
 * 3rd smallest quotient to the 3rd largest.
 */
static void test_rank_ratio_ci(void **state)
{
	const double a[] = { 100, 101, 102, 103, 104 }, b[] = { 150, 151, 152, 153, 154 };
	const double five[] = { 5, 5, 5, 5 }, ten[] = { 10, 10, 10, 10 }, zero[] = { 0, 0, 0, 0 };
	const double neg[] = { 100, -1, 102, 103, 104 }, inf[] = { 100, INFINITY, 102, 103, 104 };
	double lo = -1, hi = -1;

	(void)state;
	/* smallest 150/104 < 151/104 < 150/103; largest 154/100 > 153/100 > 154/101 */
	assert_int_equal(st_rank_ratio_ci(a, 5, b, 5, 0.05, &lo, &hi), 0);
	assert_near(lo, 150.0 / 103, 0, "lo, 5 and 5");
	assert_near(hi, 154.0 / 101, 0, "hi, 5 and 5");
	/* the other way round: the reciprocals, 101/154 .. 103/150 */
	assert_int_equal(st_rank_ratio_ci(b, 5, a, 5, 0.05, &lo, &hi), 0);
	assert_near(lo, 101.0 / 154, 0, "lo, swapped");
	assert_near(hi, 103.0 / 150, 0, "hi, swapped");
	/* at 0.005 even U = 0 (p 0.008) is kept: no ratio is rejected above */
	lo = hi = -1;
	assert_int_equal(st_rank_ratio_ci(a, 5, b, 5, 0.005, &lo, &hi), -ERANGE);
	assert_true(lo == -1 && hi == -1);
	/* at 0.01, U = 0 is rejected and U = 1 (p 0.016) kept: the smallest to the largest */
	assert_int_equal(st_rank_ratio_ci(a, 5, b, 5, 0.01, &lo, &hi), 0);
	assert_near(lo, 150.0 / 104, 0, "lo at 0.01");
	assert_near(hi, 154.0 / 100, 0, "hi at 0.01");

	/* constant arms: only 2 itself leaves the trials tied, p 1 */
	assert_int_equal(st_rank_ratio_ci(five, 4, ten, 4, 0.05, &lo, &hi), 0);
	assert_near(lo, 2, 0, "constant lo");
	assert_near(hi, 2, 0, "constant hi");
	/* B all 0: only 0 ties them, and no ratio lies below */
	assert_int_equal(st_rank_ratio_ci(ten, 4, zero, 4, 0.05, &lo, &hi), 0);
	assert_near(lo, 0, 0, "B all 0, lo");
	assert_near(hi, 0, 0, "B all 0, hi");
	/* 3 and 3: the smallest p is 2/20, so no ratio is ever rejected */
	assert_int_equal(st_rank_ratio_ci(a, 3, b, 3, 0.05, &lo, &hi), -ERANGE);

	lo = hi = -1;
	assert_int_equal(st_rank_ratio_ci(a, 0, b, 5, 0.05, &lo, &hi), -EINVAL);
	assert_int_equal(st_rank_ratio_ci(a, 5, b, 0, 0.05, &lo, &hi), -EINVAL);
	assert_int_equal(st_rank_ratio_ci(zero, 4, b, 5, 0.05, &lo, &hi), -EINVAL);
	assert_int_equal(st_rank_ratio_ci(neg, 5, b, 5, 0.05, &lo, &hi), -EINVAL);
	assert_int_equal(st_rank_ratio_ci(a, 5, inf, 5, 0.05, &lo, &hi), -EINVAL);
	assert_int_equal(st_rank_ratio_ci(a, 5, b, 5, 0, &lo, &hi), -EINVAL);
	assert_int_equal(st_rank_ratio_ci(a, 5, b, 5, 1, &lo, &hi), -EINVAL);
	assert_true(lo == -1 && hi == -1);
}

/*
 * 200 simulated experiments: 15 trials per arm from lognormals with sigma
 * 0.25 (cv 25%) and medians 1 and 1.2, a scale family, which is what the
 * interval assumes.  A 95% interval should hold 1.2 in about 190 (sd 3).
 */
static void test_rank_ratio_ci_coverage(void **state)
{
	double a[15], b[15], lo, hi;
	unsigned covered = 0;
	struct st_rng r;

	(void)state;
	st_rng_seed(&r, 12345);
	for (int e = 0; e < 200; e++) {
		for (int i = 0; i < 15; i++) {
			a[i] = exp(0.25 * t_normal(&r));
			b[i] = 1.2 * exp(0.25 * t_normal(&r));
		}
		assert_int_equal(st_rank_ratio_ci(a, 15, b, 15, 0.05, &lo, &hi), 0);
		assert_true(lo <= hi);
		covered += lo <= 1.2 && 1.2 <= hi;
	}
	print_message("rank interval: 1.2 in %u of 200 intervals\n", covered);
	assert_in_range(covered, 181, 199);
}

/*
 * The interval and the test agree: over simulated experiments of 4 to 7
 * trials (the exact test) and 12 to 20 (its normal approximation), some
 * rounded to whole numbers so that trials tie, at the levels a sequential
 * run's looks use, 1 is inside the interval exactly when p >= level, or
 * is one of its ends where a trial of B equals one of A.
 */
static void test_rank_ratio_ci_agrees(void **state)
{
	static const double levels[] = { 0.05, 0.02, 0.0093, 0.0031 };
	double a[20], b[20], lo, hi;
	unsigned verdicts = 0, bounded = 0;
	struct st_rng r;

	(void)state;
	st_rng_seed(&r, 777);
	for (int e = 0; e < 4000; e++) {
		size_t n = e % 2 ? 4 + st_rng_below(&r, 4) : 12 + st_rng_below(&r, 9);
		double effect = 1 + 0.1 * (double)st_rng_below(&r, 4), level = levels[e % 4];
		bool round = e % 3 == 0;
		double p;

		for (size_t i = 0; i < n; i++) {
			a[i] = 100 * exp(0.1 * t_normal(&r));
			b[i] = 100 * effect * exp(0.1 * t_normal(&r));
			if (round)
				a[i] = floor(a[i] / 4), b[i] = floor(b[i] / 4);
		}
		p = st_mann_whitney_p(a, n, b, n);
		if (st_rank_ratio_ci(a, n, b, n, level, &lo, &hi) < 0) {
			/* unbounded only where nothing is rejected */
			assert_true(p >= level);
			continue;
		}
		bounded++;
		verdicts += p < level;
		if (lo == 1 || hi == 1) {
			assert_true(round);
			continue;
		}
		if ((p < level) != (1 < lo || hi < 1)) {
			print_error("experiment %d: n %zu, level %g, p %.17g, interval %.17g .. %.17g\n", e, n,
				    level, p, lo, hi);
			fail();
		}
	}
	print_message("rank interval: %u bounded, %u of them with a verdict\n", bounded, verdicts);
	assert_true(verdicts > 500 && bounded - verdicts > 500);
}

static void test_detectable_effect(void **state)
{
	(void)state;
	assert_near(st_detectable_effect(0.10, 5), 0.17708754896942924, 1e-12, "cv 10%, 5 trials");
	assert_near(st_detectable_effect(0.10, 20), 0.17708754896942924 / 2, 1e-12, "4x the trials");
	assert_near(st_detectable_effect(0, 5), 0, 0, "no noise");
	assert_true(isnan(st_detectable_effect(0.1, 0)));
}

static void test_normal_distribution(void **state)
{
	(void)state;
	/* scipy.stats.norm.cdf / .ppf */
	assert_near(st_norm_cdf(1.959963984540054), 0.975, 1e-15, "cdf z_0.975");
	assert_near(st_norm_cdf(-3), 0.0013498980316300946, 1e-16, "cdf -3");
	assert_near(st_norm_quantile(0.975), 1.959963984540054, 1e-12, "ppf 0.975");
	assert_near(st_norm_quantile(0.8), 0.8416212335729143, 1e-12, "ppf 0.8");
	assert_near(st_norm_quantile(1e-10), -6.361340902404056, 1e-9, "ppf 1e-10");
	assert_near(st_norm_quantile(1 - 1e-6), 4.753424308822899, 1e-7, "ppf 1 - 1e-6");
	assert_near(st_norm_quantile(0.5), 0, 1e-15, "ppf 0.5");
	assert_true(isinf(st_norm_quantile(0)) && st_norm_quantile(0) < 0);
	assert_true(isinf(st_norm_quantile(1)) && st_norm_quantile(1) > 0);
	for (double p = 0.001; p < 1; p += 0.0137)
		assert_near(st_norm_cdf(st_norm_quantile(p)), p, 1e-14, "cdf(ppf(p))");
}

/*
 * The boundaries against published ones.  R's ldbounds (Reboussin et al.,
 * the Lan-DeMets program) with bounds(1:5/5, iuse = 1, alpha = 0.025) gives
 * two-sided symmetric boundaries 4.8769 3.3569 2.6803 2.2898 2.0310: each
 * side spends 2 - 2 Phi(z_{0.0125} / sqrt(t)) of its 0.025.  Our st_obf_spend
 * is the two-sided version (2 - 2 Phi(z_{0.025} / sqrt(t)) of 0.05 in all),
 * whose first boundary is Phi^-1(1 - alpha*(0.2) / 2) = 1.96 / sqrt(0.2) and
 * whose last look spends alpha exactly.  A single look is the fixed test.
 */
static void test_gs_boundaries(void **state)
{
	static const double ldbounds[5] = { 4.8769, 3.3569, 2.6803, 2.2898, 2.0310 };
	double z = st_norm_quantile(1 - 0.0125), c;
	struct st_gs g;

	(void)state;
	st_gs_init(&g);
	for (int k = 1; k <= 5; k++) {
		double side = 2 - 2 * st_norm_cdf(z / sqrt(k / 5.0));

		/* times on another scale (trials: 3, 6, ... 15): the same boundaries */
		assert_int_equal(st_gs_boundary(&g, 3.0 * k, 2 * side, &c), 0);
		assert_near(c, ldbounds[k - 1], 1.5e-4, "ldbounds O'Brien-Fleming, K = 5");
		assert_int_equal(st_gs_look(&g, 3.0 * k, c), 0);
	}
	assert_near(g.spent, 0.05, 1e-7, "spent after 5 looks");
	st_gs_clear(&g);

	st_gs_init(&g);
	for (int k = 1; k <= 5; k++) {
		assert_int_equal(st_gs_boundary(&g, k, st_obf_spend(0.05, k / 5.0), &c), 0);
		if (k == 1)
			assert_near(c, 1.959963984540054 / sqrt(0.2), 1e-9, "first look");
		assert_int_equal(st_gs_look(&g, k, c), 0);
	}
	assert_near(g.spent, 0.05, 1e-7, "Lan-DeMets, all spent at t = 1");
	assert_near(c, 2.0635, 1e-3, "Lan-DeMets, last of 5");
	/* a look after alpha is spent cannot reject; times must increase */
	assert_int_equal(st_gs_boundary(&g, 6, 0.05, &c), 0);
	assert_true(isinf(c));
	assert_int_equal(st_gs_look(&g, 6, c), 0);
	assert_near(st_gs_level(c), 0, 0, "level of INFINITY");
	assert_int_equal(st_gs_boundary(&g, 6, 0.05, &c), -EINVAL);
	assert_int_equal(st_gs_look(&g, 5, 2), -EINVAL);
	st_gs_clear(&g);

	st_gs_init(&g);
	assert_int_equal(st_gs_boundary(&g, 7, 0.05, &c), 0);
	assert_near(c, 1.959963984540054, 1e-9, "one look");
	assert_int_equal(st_gs_boundary(&g, 7, 0, &c), -EINVAL);
	st_gs_clear(&g);
	assert_near(st_obf_spend(0.05, 0), 0, 0, "spend at 0");
	assert_near(st_obf_spend(0.05, 1), 0.05, 0, "spend at 1");
	assert_near(st_detectable_effect_at(0.10, 5, 0.05), 0.17727, 1e-4, "detectable at 0.05");
	assert_true(isnan(st_detectable_effect_at(0.10, 5, 0)));
}

/* Trial values: mean 100, relative spread cv; with probability 0.1 a trial
 * that another job disturbed, at 1.5x or 0.6x (what loop devices on a
 * shared VM show); the B arm scaled by effect. */
static void t_trials(struct st_rng *r, double *x, unsigned n, double cv, double effect, double disturbed)
{
	for (unsigned i = 0; i < n; i++) {
		double v = 100 * effect * (1 + cv * t_normal(r));

		if (st_rng_unit(r) < disturbed)
			v *= st_rng_unit(r) < 0.5 ? 1.5 : 0.6;
		x[i] = v;
	}
}

#define SEQ_NMAX 30

/*
 * sims experiments of st_seq_look's design, as validate.c runs it: 5
 * trials a side, then a look after every block until it stops; the spread
 * is st_pooled_spread's.  Returns how many rejected; *naive: how
 * many a p < 0.05 at any look would have.  *sum_n: the trials at the end.
 */
static unsigned simulate(uint64_t seed, unsigned sims, double cv, double effect, double disturbed, double detect,
			 unsigned *naive, unsigned *sum_n)
{
	double a[SEQ_NMAX], b[SEQ_NMAX];
	unsigned rejected = 0;
	struct st_rng r;

	struct st_seq sq;

	st_rng_seed(&r, seed);
	*naive = *sum_n = 0;
	st_seq_init(&sq, 0.05, detect, SEQ_NMAX);
	for (unsigned e = 0; e < sims; e++) {
		bool any = false;

		t_trials(&r, a, SEQ_NMAX, cv, 1, disturbed);
		t_trials(&r, b, SEQ_NMAX, cv, effect, disturbed);
		st_seq_rewind(&sq);
		for (unsigned n = 5; n <= SEQ_NMAX; n++) {
			double p = st_mann_whitney_p(a, n, b, n);
			enum st_seq_stop stop = st_seq_look(&sq, n, st_pooled_spread(a, n, b, n), p, false);

			any |= p < 0.05;
			if (stop == ST_SEQ_GO_ON)
				continue;
			rejected += stop == ST_SEQ_REJECT;
			*sum_n += n;
			break;
		}
		*naive += any;
	}
	st_seq_clear(&sq);
	return rejected;
}

/*
 * Under H0 (A and B from one noisy distribution), looking after every block
 * up to 16 trials a side: the sequential test rejects in at most 5% of 1000
 * experiments, with a binomial tolerance of 3 standard deviations (0.0069 at
 * 1000); the same looks at a plain p < 0.05 reject far more often (about
 * 14% here), which is what the boundaries are for.  Without and with
 * disturbed trials; with the precision stop (detect 10%) too, whose
 * stopping time depends on the data's spread, not on the arms' difference.
 */
static void test_sequential_h0(void **state)
{
	static const struct {
		double cv, detect, disturbed;
	} cases[] = { { 0.10, 0, 0 }, { 0.05, 0, 0.1 }, { 0.08, 0.10, 0.1 }, { 0.03, 0.10, 0.3 } };
	const unsigned sims = 1000;
	double tol = 3 * sqrt(0.05 * 0.95 / sims);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned naive, sum_n;
		unsigned rej = simulate(1000 + i, sims, cases[i].cv, 1, cases[i].disturbed, cases[i].detect, &naive,
					&sum_n);

		print_message("H0, cv %.2f, %.0f%% disturbed, detect %.2f: %u of %u rejected (looking at p < 0.05: "
			      "%u); %.1f trials a side\n", cases[i].cv, 100 * cases[i].disturbed, cases[i].detect, rej,
			      sims, naive, (double)sum_n / sims);
		assert_true((double)rej / sims <= 0.05 + tol);
		if (cases[i].detect == 0)
			assert_true((double)naive / sims > 0.08);
	}
}

/*
 * A 20% effect at a realistic 10% CV (a tenth of the trials disturbed) is
 * found in at least 95% of 300 experiments, most of them before the last
 * look.  When a steady 3% CV has 30% of its trials disturbed (a machine
 * drifting between blocks), in at least 90%, bench-ab's goal: the MAD sees
 * the steady 3% and would stop early as precise, with too few trials for the
 * rank test to decide (122 of 300 found with the MAD alone); the classic
 * spread in st_pooled_spread keeps it going.
 */
static void test_sequential_power(void **state)
{
	static const struct {
		double cv, effect, disturbed;
		unsigned min_found;
	} cases[] = { { 0.10, 1.2, 0.1, 285 }, { 0.10, 1 / 1.2, 0.1, 285 }, { 0.03, 1.2, 0.3, 270 },
		      { 0.03, 1 / 1.2, 0.3, 270 } };
	unsigned naive, sum_n, rej;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rej = simulate(77 + i, 300, cases[i].cv, cases[i].effect, cases[i].disturbed, 0.10, &naive, &sum_n);
		print_message("%+.0f%% effect, cv %.2f, %.0f%% disturbed: %u of 300 found; %.1f trials a side\n",
			      100 * (cases[i].effect - 1), cases[i].cv, 100 * cases[i].disturbed, rej,
			      (double)sum_n / 300);
		assert_true(rej >= cases[i].min_found);
	}
}

static void test_rng(void **state)
{
	/* the reference C code of splitmix64 and xoshiro256** 1.0, run in Python */
	const uint64_t seed0[] = { 0x99ec5f36cb75f2b4u, 0xbf6e1f784956452au, 0x1a5f849d4933e6e0u };
	const uint64_t seed42[] = { 0x15780b2e0c2ec716u, 0x6104d9866d113a7eu, 0xae17533239e499a1u };
	const uint64_t bounds[] = { 1, 2, 3, 10, 1000, ((uint64_t)1 << 32) + 1, ((uint64_t)1 << 63) + 1, UINT64_MAX };
	/* two thirds of 2^64: x % bound would make the lower half twice as likely */
	const uint64_t twothirds = 0xaaaaaaaaaaaaaaaau;
	unsigned counts[10] = { 0 }, low = 0;
	struct st_rng r, r2;
	double chi2 = 0, sum = 0;

	(void)state;
	st_rng_seed(&r, 0);
	for (int i = 0; i < 3; i++)
		assert_true(st_rng_next(&r) == seed0[i]);
	st_rng_seed(&r, 42);
	for (int i = 0; i < 3; i++)
		assert_true(st_rng_next(&r) == seed42[i]);

	st_rng_seed(&r, 3);
	st_rng_seed(&r2, 3);
	for (int i = 0; i < 100; i++)
		assert_true(st_rng_next(&r) == st_rng_next(&r2));

	for (size_t k = 0; k < ST_ARRAY_SIZE(bounds); k++)
		for (int i = 0; i < 1000; i++)
			assert_true(st_rng_below(&r, bounds[k]) < bounds[k]);
	assert_true(st_rng_below(&r, 0) == 0);

	/* chi-square, 9 degrees of freedom: 27.88 is its 0.999 quantile */
	for (int i = 0; i < 100000; i++)
		counts[st_rng_below(&r, 10)]++;
	for (int i = 0; i < 10; i++)
		chi2 += (counts[i] - 10000.0) * (counts[i] - 10000.0) / 10000.0;
	assert_true(chi2 < 27.88);

	/* 30000 draws: 15000 expected below the middle, sd 87; bias gives 20000 */
	for (int i = 0; i < 30000; i++)
		low += st_rng_below(&r, twothirds) < twothirds / 2;
	assert_in_range(low, 14500, 15500);

	for (int i = 0; i < 100000; i++) {
		double u = st_rng_unit(&r);

		assert_true(u >= 0 && u < 1);
		sum += u;
	}
	assert_near(sum / 100000, 0.5, 0.005, "unit mean"); /* sd 0.0009 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median),
		cmocka_unit_test(test_spread),
		cmocka_unit_test(test_mann_whitney_exact),
		cmocka_unit_test(test_mann_whitney_normal),
		cmocka_unit_test(test_rank_ratio_ci),
		cmocka_unit_test(test_rank_ratio_ci_coverage),
		cmocka_unit_test(test_rank_ratio_ci_agrees),
		cmocka_unit_test(test_detectable_effect),
		cmocka_unit_test(test_normal_distribution),
		cmocka_unit_test(test_gs_boundaries),
		cmocka_unit_test(test_sequential_h0),
		cmocka_unit_test(test_sequential_power),
		cmocka_unit_test(test_rng),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
