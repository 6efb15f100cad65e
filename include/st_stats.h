/*
 * st_stats.h - statistics for A/B validation of a tuning change: location and
 * spread of per-trial results, the Mann-Whitney U test and the confidence
 * interval of a ratio it inverts to, the smallest effect a design
 * can detect, and a small seeded PRNG for randomized trial order.
 *
 * Everything here is a pure function of its arguments (no I/O, no global
 * state), so a verdict can be recomputed from the recorded trials.  Inputs
 * must not hold NaN.
 */
#ifndef ST_STATS_H
#define ST_STATS_H

#include <stdbool.h>
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
/* Its robust counterpart, 1.4826 MAD / median (the MAD scaled to estimate a
 * normal's sigma): one trial disturbed by another job does not inflate it,
 * as it does the CV.  NAN if the median is 0 or n < 2. */
double st_robust_cv(const double *x, size_t n);
/* The spread of two arms at once, relative to each arm's centre: the larger
 * of the robust estimate (1.4826 x the median of |x / median(arm) - 1| over
 * all na + nb trials) and the classic one (the pooled standard deviation of
 * x / mean(arm), over na + nb - 2 degrees of freedom).  One estimate from
 * twice the trials is much steadier than two: at 5 trials an arm's MAD is
 * often a third of the truth.  The classic one is there because trials that
 * drift between blocks form a broad, heavy-tailed spread whose middle half
 * stays narrow: the MAD alone then calls a run precise that the rank test
 * cannot decide.  NAN if an arm has fewer than 2 trials or a median or mean
 * of 0. */
double st_pooled_spread(const double *a, size_t na, const double *b, size_t nb);

/*
 * Two-sided Mann-Whitney U test of a against b.  With midranks for ties, the
 * p-value is P(|U - na*nb/2| >= |u_obs - na*nb/2|) over all C(na+nb, na)
 * equally likely assignments of the pooled values to the two arms.
 *
 * Exact (counted over all the assignments) when C(na+nb, na) <= 1e6, so up
 * to na = nb = 11; above that, the normal approximation with tie-corrected
 * variance and a 0.5 continuity correction (scipy's mannwhitneyu
 * method="asymptotic").  p is in (0, 1]; 1 when an arm is empty or all values
 * are tied.
 */
double st_mann_whitney_p(const double *a, size_t na, const double *b, size_t nb);
/* The normal approximation above, at any size: for tests and comparison. */
double st_mann_whitney_p_normal(const double *a, size_t na, const double *b, size_t nb);

/*
 * The confidence interval of the ratio b / a that the Mann-Whitney test
 * above inverts to: every ratio r for which scaling a by r leaves p >= level
 * (level 0.05: a 95% interval; a group-sequential look's own level: the
 * repeated confidence interval of that look).  Its ends are quotients
 * b[j] / a[i], as those of a Hodges-Lehmann interval are.  Because the test
 * is the same, the interval holds 1 when the plain p is at least level and
 * leaves it out when p is below (1 can at most be an end, where a trial of
 * b equals one of a): it never contradicts the verdict it comes with.
 * Returns 0; -EINVAL when an arm is empty, a value is negative or not
 * finite, a is all 0 or level is not in (0, 1); -ERANGE when the trials
 * are too few to reject any ratio on one side (fewer than 4 per arm at
 * 0.05).  lo and hi are set only on 0.
 */
int st_rank_ratio_ci(const double *a, size_t na, const double *b, size_t nb, double level, double *lo,
		     double *hi);

/*
 * Smallest relative effect n trials per arm can detect at alpha 0.05
 * two-sided with power 0.8, for a per-trial coefficient of variation cv:
 * (z_0.975 + z_0.8) * sqrt(2 / n) * cv = 2.8 * sqrt(2) * cv / sqrt(n).
 * NAN if n == 0.
 */
double st_detectable_effect(double cv, size_t n);

/* The standard normal distribution function, and its inverse for p in (0, 1)
 * (Acklam's rational approximation, relative error 1.2e-9, refined by one
 * Halley step on erfc; -INFINITY / INFINITY at 0 and 1). */
double st_norm_cdf(double z);
double st_norm_quantile(double p);

/*
 * Sequential A/B: a two-sided group-sequential test (Lan and DeMets,
 * Biometrika 1983) with the O'Brien-Fleming type alpha-spending function
 *
 *   alpha*(t) = 2 - 2 Phi(z_{1 - alpha/2} / sqrt(t)),  t = n / n_max in (0, 1],
 *
 * applied to the Mann-Whitney test after every block: look k rejects when
 * p_k < 2 (1 - Phi(c_k)), where the z boundaries c_1..c_k are chosen so that,
 * for a statistic with independent increments (the standardized rank sum
 * is one, asymptotically), P(|Z_j| >= c_j for some j <= k | H0) =
 * alpha*(t_k).  The boundaries depend only on the looks' information times,
 * never on the data, so the false-positive rate stays at alpha however
 * often one looks.  The last look spends what is left (alpha*(1) = alpha):
 * stopping because a precision or a time budget was reached does not
 * depend on the difference between the arms.  Early looks are strict (at
 * t = 0.25 the nominal level is 9e-5), late ones near alpha (tests/test_stats.c
 * checks the rejection rate on simulated looks).
 */
double st_obf_spend(double alpha, double t);

/*
 * The recursion behind the boundaries: the H0 density of the standardized
 * statistic's Brownian motion S(t) = Z sqrt(t) on the continuation region
 * of the looks so far (Armitage, McPherson and Rowe, JRSS A 1969), on a
 * Simpson grid.  Caller state, no globals: st_gs_boundary() asks what the
 * next look's z boundary would be for a cumulative alpha, without changing
 * anything; st_gs_look() records the boundary that look used.  Times are
 * information times, increasing, on any positive scale (trials per arm
 * will do).  A boundary of INFINITY is a look that could not reject.
 */
struct st_gs {
	size_t looks;
	double t;      /* the last look's time */
	double spent;  /* P_H0(crossed at some look so far) */
	double sd;     /* sqrt of the last increment: sets the grid's spacing */
	size_t m;      /* grid points, odd */
	double *s, *w; /* abscissae; density times Simpson weight */
};
void st_gs_init(struct st_gs *g);
void st_gs_clear(struct st_gs *g);
/* The z boundary c of a look at time t such that P_H0(crossing at some look,
 * this one included) = alpha_cum; INFINITY when the earlier looks spent it.
 * -EINVAL if t does not increase or alpha_cum is not in (0, 1). */
int st_gs_boundary(const struct st_gs *g, double t, double alpha_cum, double *c);
/* Records a look at time t with boundary c (> 0, or INFINITY). */
int st_gs_look(struct st_gs *g, double t, double c);
/* The nominal two-sided level of a z boundary: 2 (1 - Phi(c)); 0 for INFINITY. */
double st_gs_level(double c);

/*
 * The smallest effect a sequential look can claim to detect: that of
 * st_detectable_effect_at() with the spread raised to its one-sided 80%
 * upper confidence bound.  A robust CV of a handful of trials is a rough
 * estimate (it is often half the truth at 5 trials), and stopping on a low
 * one would end the trials with too little power; the bound treats it as a
 * variance estimate with 0.37 x 2 (n - 1) degrees of freedom (0.37: the
 * MAD's efficiency at the normal), by Wilson and Hilferty's chi-square
 * quantile.  At 5 trials a side that is 1.73 x the spread, at 16 1.25 x.
 */
double st_seq_detectable(double spread, size_t n, double level);

/*
 * The sequential design of an A/B validation, one look per block.  At each
 * look: the final boundary c_fin (alpha all spent) and the smallest effect
 * detectable if this look were the last (st_seq_detectable, from the
 * spread the caller gives: validate.c pools both arms' robust CVs); the look is the last
 * when that effect is at most detect (ST_SEQ_PRECISE), when n reaches n_max
 * (ST_SEQ_MAX) or when the caller says time is up (out_of_time:
 * ST_SEQ_BUDGET); the last look uses c_fin, the others the spending
 * function's boundary at t = n / n_max.  p below the look's level ends the
 * trials with an effect found (ST_SEQ_REJECT).  None of the stopping
 * reasons looks at the difference between the arms, so the rejection rate
 * under H0 stays at alpha (test_stats: simulated looks).
 */
enum st_seq_stop {
	ST_SEQ_GO_ON,
	ST_SEQ_REJECT,
	ST_SEQ_PRECISE,
	ST_SEQ_MAX,
	ST_SEQ_BUDGET,
	ST_SEQ_NR
};
struct st_seq {
	double alpha;   /* two-sided, over all looks */
	double detect;  /* requested relative effect; 0: none */
	unsigned n_max; /* trials per arm at t = 1 */
	double level;      /* the nominal level of the last look */
	double detectable; /* at the last look, at c_fin's level */
	/* the design: look i at n[i] goes on with boundary c_go[i] or ends
	 * with c_fin[i]; gs holds the looks 0..ndesign-1 at their c_go */
	struct st_gs gs;
	unsigned *n;
	double *c_go, *c_fin;
	size_t ndesign, cap;
	size_t look; /* the next look's index */
};
void st_seq_init(struct st_seq *s, double alpha, double detect, unsigned n_max);
void st_seq_clear(struct st_seq *s);
/* Back to the first look, keeping the boundaries worked out so far: a
 * simulation of many runs with the same looks computes them once. */
void st_seq_rewind(struct st_seq *s);
/* A look after n trials per arm (n increasing), with the trials' spread
 * (a relative one, like a CV) and the Mann-Whitney p of the trials so far. */
enum st_seq_stop st_seq_look(struct st_seq *s, unsigned n, double spread, double p, bool out_of_time);

/*
 * Smallest relative effect detectable with power 0.8 by a two-sided test
 * at nominal level `level` (e.g. the last look's), n trials per arm:
 * (z_{1 - level/2} + z_0.8) * sqrt(2 / n) * cv.  NAN if n == 0 or level is
 * not in (0, 1).
 */
double st_detectable_effect_at(double cv, size_t n, double level);

/*
 * xoshiro256** (Blackman and Vigna, 2018) seeded through splitmix64: fast,
 * 2^256 - 1 period, and the same sequence on every platform, so a trial
 * order or a simulation can be reproduced from its seed.  Not for secrets.
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
