/*
 * test_validate.c - the decision of an A/B group (st_ab_decide) on
 * constructed trial sets: a clear regression, a clear improvement, noise,
 * too few trials, ties, zero and negative medians, which side of 1 the ratio
 * is on, and what the CI and the detectable effect do (and do not) decide.
 * The statistics themselves are test_stats.c's; here the expected numbers
 * come from hand arithmetic and from exact enumerations (Python, fractions):
 * Mann-Whitney p as hits / C(2n, n), and the CI as every ratio at which
 * that test keeps A scaled by it, so that a CI bound is the quotient of two
 * trial values.
 */
#include <math.h>

#include "st_test.h"
#include "st_stats.h"
#include "st_validate.h"

/* Enough for any group here; decide() copies the trials into the group. */
#define MAX_TRIALS 16

/* |got - want| <= tol, saying both on failure (cmocka 1.1 has no double assert) */
static void assert_near(double got, double want, double tol, const char *what)
{
	if (!(got - want <= tol && want - got <= tol)) {
		print_error("%s: got %.17g, want %.17g (tolerance %g)\n", what, got, want, tol);
		fail();
	}
}

static void assert_nan(double got, const char *what)
{
	if (!isnan(got)) {
		print_error("%s: got %.17g, want NaN\n", what, got);
		fail();
	}
}

/*
 * Decides a group of n trials per arm, as run_group does once the trials
 * are in, and checks that the trials are left as they were (the report
 * prints every one in the order it ran).  The group's arms are freed; the
 * results are returned in it.
 */
static struct st_ab_group decide(const double *a, const double *b, unsigned n)
{
	struct st_ab_group g = { .n = n, .metric = "IOPS", .mechanism_seen = -1 };

	assert_true(n <= MAX_TRIALS);
	g.arm[0].v = st_xcalloc(MAX_TRIALS, sizeof(double));
	g.arm[1].v = st_xcalloc(MAX_TRIALS, sizeof(double));
	if (n) {
		memcpy(g.arm[0].v, a, n * sizeof(double));
		memcpy(g.arm[1].v, b, n * sizeof(double));
	}
	st_ab_decide(&g);
	if (n) {
		assert_memory_equal(g.arm[0].v, a, n * sizeof(double));
		assert_memory_equal(g.arm[1].v, b, n * sizeof(double));
	}
	free(g.arm[0].v);
	free(g.arm[1].v);
	g.arm[0].v = g.arm[1].v = NULL;
	return g;
}

/*
 * Medians, p and the CI bounds are quotients of trial values or of two
 * counts: one correctly rounded division each, so they are compared with
 * what the same division gives here (tolerance 1e-15, a few ulps).  The CV
 * goes through a mean, a sum of squares and a square root: 1e-12.
 */
#define EXACT 1e-15
#define ROUNDED 1e-12

/* 50% more IOPS in B, every trial of B above every trial of A. */
static const double slow[] = { 100, 101, 102, 103, 104 };
static const double fast[] = { 150, 151, 152, 153, 154 };

static void test_improved(void **state)
{
	struct st_ab_group g;

	(void)state;
	g = decide(slow, fast, 5);
	assert_int_equal(g.verdict, ST_VERDICT_IMPROVED);
	assert_string_equal(st_verdict_name(g.verdict), "improved");
	assert_near(g.ratio, 152.0 / 102, EXACT, "ratio of the medians");
	/* U = 0: 2 of the C(10, 5) = 252 assignments are as far from the mean */
	assert_near(g.p, 2.0 / 252, EXACT, "p");
	/*
	 * The exact test keeps U = 3 (p 14/252) and rejects U = 2 (8/252), and
	 * U at a ratio r counts the 25 quotients B/A below r: the interval runs
	 * from the 3rd smallest quotient, 150/103 (after 150/104 and 151/104),
	 * to the 3rd largest, 154/101 (after 154/100 and 153/100).
	 */
	assert_near(g.ci_lo, 150.0 / 103, EXACT, "CI low");
	assert_near(g.ci_hi, 154.0 / 101, EXACT, "CI high");
	/* A: mean 102, squared deviations 10 over 4: sd sqrt(2.5) */
	assert_near(g.cv, sqrt(2.5) / 102, ROUNDED, "cv of A");
	/* 2.8 * sqrt(2) * (sqrt(2.5) / 102) / sqrt(5) = 2.8 / 102 */
	assert_near(g.detectable, 2.8 / 102, ROUNDED, "detectable effect");
}

static void test_regressed(void **state)
{
	struct st_ab_group g;

	(void)state;
	g = decide(fast, slow, 5);
	assert_int_equal(g.verdict, ST_VERDICT_REGRESSED);
	assert_string_equal(st_verdict_name(g.verdict), "regressed");
	assert_near(g.ratio, 102.0 / 152, EXACT, "ratio of the medians");
	assert_near(g.p, 2.0 / 252, EXACT, "p"); /* the same U, mirrored */
	/* the exact distribution again: 101/154 and 103/150 */
	assert_near(g.ci_lo, 101.0 / 154, EXACT, "CI low");
	assert_near(g.ci_hi, 103.0 / 150, EXACT, "CI high");
	/* the CV is A's: now the fast arm, sd sqrt(2.5) around 152 */
	assert_near(g.cv, sqrt(2.5) / 152, ROUNDED, "cv of A");
	assert_near(g.detectable, 2.8 / 152, ROUNDED, "detectable effect");
}

/* The same distribution in both arms, interleaved: 100, 101, 102, ... */
static void test_no_change(void **state)
{
	const double a[] = { 100, 102, 104, 106, 108 }, b[] = { 101, 103, 105, 107, 109 };
	struct st_ab_group g;

	(void)state;
	g = decide(a, b, 5);
	assert_int_equal(g.verdict, ST_VERDICT_NONE);
	assert_string_equal(st_verdict_name(g.verdict), "no detectable change");
	assert_near(g.ratio, 105.0 / 104, EXACT, "ratio of the medians");
	/*
	 * U = 15, 2.5 above its mean: the counts of U = 0..10 over the 252
	 * assignments are 1 1 2 3 5 7 9 11 14 16 18 (the coefficients of the
	 * Gaussian binomial [10 5]), 87 in all, and as many at 15..25.
	 */
	assert_near(g.p, 174.0 / 252, EXACT, "p");
	/* the 3rd smallest and 3rd largest of the 25 quotients again */
	assert_near(g.ci_lo, 103.0 / 108, EXACT, "CI low");
	assert_near(g.ci_hi, 109.0 / 102, EXACT, "CI high");
	assert_true(g.ci_lo < 1 && 1 < g.ci_hi);
	/* deviations -4 -2 0 2 4: sd sqrt(10); 2.8 * sqrt(2) * sqrt(10) / 104 / sqrt(5) */
	assert_near(g.cv, sqrt(10) / 104, ROUNDED, "cv of A");
	assert_near(g.detectable, 5.6 / 104, ROUNDED, "detectable effect");
	/* a 1% difference, well inside what 5 trials can tell apart */
	assert_true(fabs(g.ratio - 1) < g.detectable);
}

/* Standard normal, Irwin-Hall: twelve uniforms less 6. */
static double t_normal(struct st_rng *r)
{
	double z = -6;

	for (int i = 0; i < 12; i++)
		z += st_rng_unit(r);
	return z;
}

/*
 * 1,000 A/A experiments, 5 trials per arm from one normal distribution (mean
 * 1000, sd 50).  Without ties the exact p is below 0.05 only for U <= 2 or
 * U >= 23: 8 of the 252 assignments, so a verdict other than "no detectable
 * change" is a false positive with probability 8/252 = 0.0317.  Expected
 * 31.7 of 1,000, sd 5.5; 10 to 55 is four sd either side.  Neither side is
 * favoured: either kind alone is expected 15.9 times.
 */
static void test_noise(void **state)
{
	unsigned improved = 0, regressed = 0;
	double a[5], b[5];
	struct st_rng r;

	(void)state;
	st_rng_seed(&r, 2025);
	for (int e = 0; e < 1000; e++) {
		struct st_ab_group g;

		for (int i = 0; i < 5; i++) {
			a[i] = 1000 + 50 * t_normal(&r);
			b[i] = 1000 + 50 * t_normal(&r);
		}
		g = decide(a, b, 5);
		assert_int_not_equal(g.verdict, ST_VERDICT_SKIPPED);
		/* the interval never contradicts the verdict */
		if (g.verdict == ST_VERDICT_NONE) {
			assert_true(g.p >= ST_AB_ALPHA);
			assert_true(g.ci_lo <= 1 && 1 <= g.ci_hi);
			continue;
		}
		assert_true(g.p < ST_AB_ALPHA);
		assert_true(g.verdict == ST_VERDICT_IMPROVED ? g.ci_lo > 1 : g.ci_hi < 1);
		if (g.verdict == ST_VERDICT_IMPROVED)
			improved++;
		else
			regressed++;
	}
	print_message("noise: %u improved, %u regressed of 1000 A/A experiments\n", improved,
		      regressed);
	assert_in_range(improved + regressed, 10, 55);
	assert_in_range(improved, 1, 40);
	assert_in_range(regressed, 1, 40);
}

/*
 * The smallest exact p of n trials per arm is 2 / C(2n, n): 1 for n = 1,
 * 1/3 for 2, 1/10 for 3, 1/35 for 4.  So below 4 trials no separation is
 * clear enough, which is why the command line asks for at least 5.
 */
static void test_too_few_trials(void **state)
{
	struct st_ab_group g;

	(void)state;
	g = decide(slow, fast, 3);
	assert_int_equal(g.verdict, ST_VERDICT_NONE);
	assert_near(g.p, 2.0 / 20, EXACT, "p, 3 trials");
	assert_near(g.ratio, 151.0 / 101, EXACT, "ratio, 3 trials");
	/* no ratio at all can be rejected at p 1/10: no interval either */
	assert_nan(g.ci_lo, "CI low, 3 trials");
	assert_nan(g.ci_hi, "CI high, 3 trials");

	g = decide(slow, fast, 4);
	assert_int_equal(g.verdict, ST_VERDICT_IMPROVED);
	assert_near(g.p, 2.0 / 70, EXACT, "p, 4 trials");
	/* even n: the means of the middle two, 151.5 / 101.5 */
	assert_near(g.ratio, 151.5 / 101.5, EXACT, "ratio, 4 trials");
	/* only U = 0 (2/70) is rejected: the smallest quotient to the largest */
	assert_near(g.ci_lo, 150.0 / 103, EXACT, "CI low, 4 trials");
	assert_near(g.ci_hi, 153.0 / 100, EXACT, "CI high, 4 trials");

	/* one trial: a ratio, but no spread, so no CV or detectable effect */
	g = decide(slow, fast, 1);
	assert_int_equal(g.verdict, ST_VERDICT_NONE);
	assert_near(g.p, 1, 0, "p, 1 trial");
	assert_near(g.ratio, 1.5, 0, "ratio, 1 trial");
	assert_nan(g.ci_lo, "CI low, 1 trial");
	assert_nan(g.ci_hi, "CI high, 1 trial");
	assert_nan(g.cv, "cv, 1 trial");
	assert_nan(g.detectable, "detectable, 1 trial");

	/* none: nothing is read, nothing is known */
	g = decide(NULL, NULL, 0);
	assert_int_equal(g.verdict, ST_VERDICT_NONE);
	assert_near(g.p, 1, 0, "p, no trials");
	assert_nan(g.ratio, "ratio, no trials");
	assert_nan(g.ci_lo, "CI low, no trials");
	assert_nan(g.ci_hi, "CI high, no trials");
	assert_nan(g.cv, "cv, no trials");
	assert_nan(g.detectable, "detectable, no trials");
}

/* Above 11 trials per arm the p is the normal approximation's. */
static void test_many_trials(void **state)
{
	double a[12], b[12];
	struct st_ab_group g;

	(void)state;
	for (int i = 0; i < 12; i++) {
		a[i] = 1000 + i;
		b[i] = 1100 + i;
	}
	g = decide(a, b, 12);
	assert_int_equal(g.verdict, ST_VERDICT_IMPROVED);
	/* U = 0, mean 72, variance 12 * 12 * 25 / 12 = 300: erfc(71.5 / sqrt(600)) */
	assert_near(g.p, 3.658455353897101e-05, 1e-12, "normal p"); /* Python's erfc */
	assert_near(g.ratio, 1105.5 / 1005.5, EXACT, "ratio");
	assert_true(g.ci_lo > 1);
}

static void test_ties(void **state)
{
	const double flat[] = { 100, 100, 100, 100, 100 }, flat_b[] = { 150, 150, 150, 150, 150 };
	const double lo10[] = { 1, 1, 1, 1, 5, 5, 5, 5, 5, 5 }, hi10[] = { 5, 5, 5, 5, 5, 5, 9, 9, 9, 9 };
	struct st_ab_group g;

	(void)state;
	/* every trial the same, in both arms */
	g = decide(flat, flat, 5);
	assert_int_equal(g.verdict, ST_VERDICT_NONE);
	assert_near(g.p, 1, 0, "p, all tied");
	assert_near(g.ratio, 1, 0, "ratio, all tied");
	assert_near(g.ci_lo, 1, 0, "CI low, all tied");
	assert_near(g.ci_hi, 1, 0, "CI high, all tied");
	assert_near(g.cv, 0, 0, "cv, all tied");
	assert_near(g.detectable, 0, 0, "detectable, all tied");

	/* tied within each arm, apart between them: only 1.5 ties them again */
	g = decide(flat, flat_b, 5);
	assert_int_equal(g.verdict, ST_VERDICT_IMPROVED);
	assert_near(g.p, 2.0 / 252, EXACT, "p, tied arms");
	assert_near(g.ratio, 1.5, 0, "ratio, tied arms");
	assert_near(g.ci_lo, 1.5, 0, "CI low, tied arms");
	assert_near(g.ci_hi, 1.5, 0, "CI high, tied arms");
	assert_near(g.detectable, 0, 0, "detectable, no noise");

	/*
	 * Equal medians (5 and 5), yet B is ahead in ranks: midranks give U =
	 * 82 of 100, and 1,848 of the C(20, 10) = 184,756 assignments are as
	 * far out (Python): p = 42/4199 = 0.0100.  The ratio of the medians
	 * says nothing of the direction; the interval the same test inverts to
	 * does: 1 to 5 (checked by enumeration in Python), 1 itself an end
	 * because 5 is in both arms.  So "improved", as the ranks say.
	 */
	g = decide(lo10, hi10, 10);
	assert_near(g.ratio, 1, 0, "ratio, equal medians");
	assert_near(g.p, 42.0 / 4199, EXACT, "p, equal medians");
	assert_near(g.ci_lo, 1, 0, "CI low, equal medians");
	assert_near(g.ci_hi, 5, 0, "CI high, equal medians");
	assert_int_equal(g.verdict, ST_VERDICT_IMPROVED);
}

static void test_zero_and_negative_medians(void **state)
{
	const double zero[] = { 0, 0, 0, 0, 0 }, some[] = { 0, 0, 0, 5, 5 };
	const double neg[] = { -104, -103, -102, -101, -100 };
	struct st_ab_group g;

	(void)state;
	/* A measured nothing: no ratio, so no verdict, though p = 2/252 */
	g = decide(zero, fast, 5);
	assert_near(g.p, 2.0 / 252, EXACT, "p, A all 0");
	assert_nan(g.ratio, "ratio, A all 0");
	assert_int_equal(g.verdict, ST_VERDICT_NONE);
	/* no ratio, so no interval of it */
	assert_nan(g.ci_lo, "CI low, A all 0");
	assert_nan(g.ci_hi, "CI high, A all 0");
	assert_nan(g.cv, "cv, mean 0");
	assert_nan(g.detectable, "detectable, mean 0");

	/* A's median is 0 but its mean is not: a CV, still no ratio, and no CI */
	g = decide(some, fast, 5);
	assert_nan(g.ratio, "ratio, A median 0");
	assert_int_equal(g.verdict, ST_VERDICT_NONE);
	assert_nan(g.ci_lo, "CI low, A median 0");
	assert_near(g.cv, sqrt(7.5) / 2, ROUNDED, "cv, A median 0"); /* mean 2, ss 30 / 4 */

	/* B measured nothing: a ratio of 0, the worst regression there is */
	g = decide(slow, zero, 5);
	assert_int_equal(g.verdict, ST_VERDICT_REGRESSED);
	assert_near(g.ratio, 0, 0, "ratio, B all 0");
	assert_near(g.ci_lo, 0, 0, "CI low, B all 0");
	assert_near(g.ci_hi, 0, 0, "CI high, B all 0");

	/*
	 * A metric is a rate and never negative, but the guard is "median(A)
	 * > 0", not "!= 0": a negative median gives no ratio and no verdict.
	 */
	g = decide(neg, fast, 5);
	assert_nan(g.ratio, "ratio, A median negative");
	assert_int_equal(g.verdict, ST_VERDICT_NONE);
}

/*
 * Both metrics, IOPS and MB/s, are better when higher: the verdict follows
 * the side of 1 the ratio is on, whatever the group's metric says, and
 * swapping the arms mirrors it.
 */
static void test_direction(void **state)
{
	const char *const metrics[] = { "IOPS", "MB/s" };
	double a[5], b[5];

	(void)state;
	for (size_t m = 0; m < ST_ARRAY_SIZE(metrics); m++) {
		struct st_ab_group g = { .n = 5, .metric = metrics[m] };

		memcpy(a, slow, sizeof(a));
		memcpy(b, fast, sizeof(b));
		g.arm[0].v = a;
		g.arm[1].v = b;
		st_ab_decide(&g);
		assert_int_equal(g.verdict, ST_VERDICT_IMPROVED);
		g.arm[0].v = b;
		g.arm[1].v = a;
		st_ab_decide(&g);
		assert_int_equal(g.verdict, ST_VERDICT_REGRESSED);
	}

	/* mirrored: the same p, the inverse ratio (exact: medians are trials) */
	for (unsigned n = 4; n <= 5; n++) {
		struct st_ab_group ab = decide(slow, fast, n), ba = decide(fast, slow, n);

		assert_near(ab.p, ba.p, 0, "p, arms swapped");
		assert_near(ab.ratio * ba.ratio, 1, EXACT, "ratio, arms swapped");
	}
}

/*
 * The detectable effect is 2.8 * sqrt(2) * cv / sqrt(n), with A's CV and the
 * trials of one arm: checked against hand values above; here it scales as
 * 1 / sqrt(n) for a fixed CV (the same trials, repeated k times: the CV
 * changes only through n - 1), and it is reported, not used: the verdict is
 * p's alone.
 */
static void test_detectable(void **state)
{
	/* p = 35/1716 = 0.0204 (Python, 3,432 assignments) */
	const double a7[] = { 100, 100, 101, 103, 107, 107, 109 }, b7[] = { 104, 104, 109, 109, 110, 110, 111 };
	double a[MAX_TRIALS], b[MAX_TRIALS];
	struct st_ab_group g;

	(void)state;
	for (unsigned k = 1; k <= 3; k++) {
		unsigned n = 5 * k;

		for (unsigned i = 0; i < n; i++) {
			a[i] = slow[i % 5];
			b[i] = fast[i % 5];
		}
		g = decide(a, b, n);
		/* sd^2 = 10 * k / (5k - 1), around 102 */
		assert_near(g.cv, sqrt(10.0 * k / (n - 1)) / 102, ROUNDED, "cv, repeated trials");
		assert_near(g.detectable, 2.8 * M_SQRT2 * g.cv / sqrt(n), ROUNDED, "detectable, formula");
	}

	/*
	 * p is below alpha: "improved", and the interval the test inverts to
	 * is all above 1, 110/109 to 109/100 (enumerated in Python, every
	 * assignment at every quotient); a bootstrap interval of these trials
	 * held 1 (104/107 .. 110/100) and so contradicted the verdict.
	 */
	g = decide(a7, b7, 7);
	assert_near(g.p, 35.0 / 1716, EXACT, "p, 7 trials");
	assert_near(g.ratio, 109.0 / 103, EXACT, "ratio, 7 trials");
	assert_near(g.ci_lo, 110.0 / 109, EXACT, "CI low, 7 trials");
	assert_near(g.ci_hi, 109.0 / 100, EXACT, "CI high, 7 trials");
	assert_true(g.ci_lo > 1);
	assert_int_equal(g.verdict, ST_VERDICT_IMPROVED);
	/* mean 727/7, cv 0.036210 (Python): 0.054195, below the 5.8% seen */
	assert_near(g.detectable, 0.05419462501033949, ROUNDED, "detectable, 7 trials");
	assert_true(g.ratio - 1 > g.detectable);
}

/* The verdict in words, as the text report and verdict_text print it. */
static void test_verdict_text(void **state)
{
	struct st_ab_group g, skipped = { .verdict = ST_VERDICT_SKIPPED, .note = "no filesystem" };
	char *t;

	(void)state;
	g = decide(slow, fast, 5);
	t = st_ab_verdict_text(&g);
	/* 152/102, CI 150/103 .. 154/101, p 2/252 */
	assert_string_equal(t, "B is 49.0% faster (95% CI +45.6% .. +52.5%; p 0.0079)");
	free(t);
	g = decide(fast, slow, 5);
	t = st_ab_verdict_text(&g);
	assert_string_equal(t, "B is 32.9% slower (95% CI -34.4% .. -31.3%; p 0.0079)");
	free(t);
	t = st_ab_verdict_text(&skipped);
	assert_string_equal(t, "not measured: no filesystem");
	free(t);
	assert_string_equal(st_ab_stop_name(ST_AB_STOP_FIXED), "fixed");
	assert_string_equal(st_ab_stop_name(ST_AB_STOP_DETECTABLE), "detectable");
	assert_string_equal(st_ab_stop_name(ST_AB_STOP_BUDGET), "budget");
	assert_string_equal(st_ab_stop_name(ST_AB_STOP_MAX_TRIALS), "max_trials");
	assert_string_equal(st_ab_stop_name(ST_AB_STOP_NR), "?");
}

/*
 * A sequential run's last look holds p to its own level (g->level), not to
 * 0.05: an early look of the O'Brien-Fleming design is strict.  The same
 * clear 50% at 5 trials a side (p = 2/252 = 0.0079) is "improved" at a
 * last look's 0.05 and not significant at 0.005.  The detectable effect
 * then comes from both arms' pooled robust spread: the median of the ten
 * |x / median - 1| is 1/102 (the 5th and 6th are 1/102), times 1.4826.
 */
static void test_sequential_level(void **state)
{
	struct st_ab_group g = { .n = 5, .metric = "IOPS", .mechanism_seen = -1, .level = 0.05 };
	double spread = 1.482602218505602 / 102;
	char *t;

	(void)state;
	g.arm[0].v = (double *)slow;
	g.arm[1].v = (double *)fast;
	st_ab_decide(&g);
	assert_int_equal(g.verdict, ST_VERDICT_IMPROVED);
	assert_near(g.spread, spread, ROUNDED, "pooled spread");
	assert_near(g.detectable, st_seq_detectable(spread, 5, 0.05), ROUNDED, "detectable, level 0.05");
	assert_near(g.cv, sqrt(2.5) / 102, ROUNDED, "cv of A, still reported");
	g.level = 0.005;
	st_ab_decide(&g);
	assert_int_equal(g.verdict, ST_VERDICT_NONE);
	assert_near(g.p, 2.0 / 252, EXACT, "p");
	assert_near(g.detectable, st_seq_detectable(spread, 5, 0.005), ROUNDED, "detectable, level 0.005");
	assert_true(g.detectable > st_seq_detectable(spread, 5, 0.05));
	t = st_ab_verdict_text(&g);
	assert_string_equal(t, "+49.0% was measured, but it is not significant (p 0.01); the trials vary too "
			       "much (by 1.5%) to call it");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_improved),
		cmocka_unit_test(test_regressed),
		cmocka_unit_test(test_no_change),
		cmocka_unit_test(test_noise),
		cmocka_unit_test(test_too_few_trials),
		cmocka_unit_test(test_many_trials),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_zero_and_negative_medians),
		cmocka_unit_test(test_direction),
		cmocka_unit_test(test_detectable),
		cmocka_unit_test(test_verdict_text),
		cmocka_unit_test(test_sequential_level),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
