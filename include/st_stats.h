/*
 * st_stats.h - statistics for A/B validation of a tuning change: location and
 * spread of per-trial results, the Mann-Whitney U test, a bootstrap
 * confidence interval of the ratio of medians, the smallest effect a design
 * can detect, and a small seeded PRNG for randomized trial order.
 *
 * Everything here is a pure function of its arguments (no I/O, no global
 * state), so a verdict can be recomputed from the recorded trials.  Inputs
 * must not hold NaN.
 */
#ifndef ST_STATS_H
#define ST_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Does not modify x; the mean of the two middle values for even n; NAN if n == 0. */
double st_median(const double *x, size_t n);
/* NAN if n == 0. */
double st_mean(const double *x, size_t n);
/* Sample standard deviation (n - 1 in the denominator); NAN if n < 2. */
double st_stddev(const double *x, size_t n);
/* Coefficient of variation stddev / mean; NAN if mean == 0 or n < 2. */
double st_cv(const double *x, size_t n);

/*
 * Two-sided Mann-Whitney U test of a against b.  With midranks for ties, the
 * p-value is P(|U - na*nb/2| >= |u_obs - na*nb/2|) over all C(na+nb, na)
 * equally likely assignments of the pooled values to the two arms.
 *
 * Exact (full enumeration of the assignments) when C(na+nb, na) <= 1e6, so up
 * to na = nb = 11; above that, the normal approximation with tie-corrected
 * variance and a 0.5 continuity correction (scipy's mannwhitneyu
 * method="asymptotic").  p is in (0, 1]; 1 when an arm is empty or all values
 * are tied.
 */
double st_mann_whitney_p(const double *a, size_t na, const double *b, size_t nb);
/* The normal approximation above, at any size: for tests and comparison. */
double st_mann_whitney_p_normal(const double *a, size_t na, const double *b, size_t nb);

/*
 * Percentile bootstrap 95% confidence interval of median(b) / median(a):
 * iters resamples, each arm resampled with replacement separately, from an
 * st_rng seeded with seed (the same seed gives the same interval).  lo and hi
 * are the 2.5th and 97.5th percentiles of the resampled ratios, interpolated
 * between order statistics.  Returns 0, or -EINVAL when an arm is empty,
 * iters is 0, or a resample of a has median 0 (lo and hi are then untouched).
 */
int st_bootstrap_ratio_ci(const double *a, size_t na, const double *b, size_t nb, unsigned iters,
			  uint64_t seed, double *lo, double *hi);

/*
 * Smallest relative effect n trials per arm can detect at alpha 0.05
 * two-sided with power 0.8, for a per-trial coefficient of variation cv:
 * (z_0.975 + z_0.8) * sqrt(2 / n) * cv = 2.8 * sqrt(2) * cv / sqrt(n).
 * NAN if n == 0.
 */
double st_detectable_effect(double cv, size_t n);

/*
 * xoshiro256** (Blackman and Vigna, 2018) seeded through splitmix64: fast,
 * 2^256 - 1 period, and the same sequence on every platform, so a trial
 * order or a bootstrap can be reproduced from its seed.  Not for secrets.
 */
struct st_rng {
	uint64_t s[4];
};

void st_rng_seed(struct st_rng *r, uint64_t seed);
uint64_t st_rng_next(struct st_rng *r);
/* Uniform in [0, bound) without modulo bias; 0 if bound is 0. */
uint64_t st_rng_below(struct st_rng *r, uint64_t bound);
/* Uniform in [0, 1), 53 random bits. */
double st_rng_unit(struct st_rng *r);

#endif
