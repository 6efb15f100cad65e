/*
 * stats.c - owns the statistics behind an A/B verdict: median, mean, spread,
 * the Mann-Whitney U test (exact by enumeration, or its normal
 * approximation), the bootstrap interval of a ratio of medians, the design's
 * detectable effect, and the xoshiro256** generator they and the trial
 * scheduler draw from.  Pure functions: no I/O, no global state.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "st_stats.h"
#include "st_util.h"

/*
 * Enumerate the exact U distribution up to this many assignments of the
 * pooled values to the arms (na = nb = 11 is 705,432; 12 is 2.7 million).
 * A walk of 1e6 costs a few ms.  Without ties the normal approximation is
 * within 0.011 of the exact p already at na = nb = 8 (test_stats); heavy
 * ties make it coarser, which the exact walk handles.
 */
#define MW_EXACT_MAX 1000000u

/* z_0.975 + z_0.8 = 1.960 + 0.842, rounded as in Lehr's rule n = 16 / d^2 */
#define Z_ALPHA_BETA 2.8

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

/*
 * The median of x[0..n), n > 0, reordering x: Wirth's selection (Algorithms
 * + Data Structures = Programs, 1976) finds the upper middle in O(n) and
 * leaves everything smaller before it, where the lower middle is the max.
 * The bootstrap calls this for every resample, so no sort.
 */
static double median_inplace(double *x, size_t n)
{
	ptrdiff_t l = 0, m = (ptrdiff_t)n - 1, k = (ptrdiff_t)(n / 2);
	double lower;

	while (l < m) {
		double pivot = x[k];
		ptrdiff_t i = l, j = m;

		do {
			while (x[i] < pivot)
				i++;
			while (pivot < x[j])
				j--;
			if (i <= j) {
				double t = x[i];

				x[i++] = x[j];
				x[j--] = t;
			}
		} while (i <= j);
		if (j < k)
			l = i;
		if (k < i)
			m = j;
	}
	if (n & 1)
		return x[k];
	lower = x[0];
	for (ptrdiff_t i = 1; i < k; i++)
		if (x[i] > lower)
			lower = x[i];
	return (lower + x[k]) / 2;
}

double st_median(const double *x, size_t n)
{
	double *c, med;

	if (!n)
		return NAN;
	c = st_xmalloc(n * sizeof(*c));
	memcpy(c, x, n * sizeof(*c));
	med = median_inplace(c, n);
	free(c);
	return med;
}

double st_mean(const double *x, size_t n)
{
	double sum = 0;

	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	return sum / n;
}

/* Two passes: the one-pass sum of squares cancels badly when the spread is
 * small against the mean, which is just the case of repeated trials. */
double st_stddev(const double *x, size_t n)
{
	double mean, ss = 0;

	if (n < 2)
		return NAN;
	mean = st_mean(x, n);
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	return sqrt(ss / (n - 1));
}

double st_cv(const double *x, size_t n)
{
	double mean;

	if (n < 2)
		return NAN;
	mean = st_mean(x, n);
	if (mean == 0)
		return NAN;
	return st_stddev(x, n) / mean;
}

/*
 * The pooled sample ranked for the U test.  Ranks are kept doubled, so that
 * midranks of ties are integers and the enumeration compares exactly.  The
 * test sums the ranks of the smaller arm (k values): |U - mean| is the same
 * for either arm, and the smaller one has fewer assignments to walk.
 */
struct mw_rank {
	size_t n, k;	/* pooled size; size of the smaller arm */
	int64_t *r2;	/* doubled midranks, in pooled order */
	int64_t dev2;	/* |doubled rank sum of the smaller arm - k * (n + 1)| */
	double ties;	/* sum of t^3 - t over runs of t tied values */
};

struct mw_item {
	double v;
	bool in_k;
};

static int cmp_item(const void *pa, const void *pb)
{
	return cmp_double(&((const struct mw_item *)pa)->v, &((const struct mw_item *)pb)->v);
}

static void mw_rank(struct mw_rank *rk, const double *a, size_t na, const double *b, size_t nb)
{
	const double *ks = na <= nb ? a : b, *ms = na <= nb ? b : a;
	struct mw_item *it;
	int64_t s2 = 0;
	size_t i, j;

	rk->k = na <= nb ? na : nb;
	rk->n = na + nb;
	rk->r2 = st_xmalloc(rk->n * sizeof(*rk->r2));
	rk->ties = 0;
	it = st_xmalloc(rk->n * sizeof(*it));
	for (i = 0; i < rk->k; i++)
		it[i] = (struct mw_item){ ks[i], true };
	for (i = rk->k; i < rk->n; i++)
		it[i] = (struct mw_item){ ms[i - rk->k], false };
	qsort(it, rk->n, sizeof(*it), cmp_item);
	for (i = 0; i < rk->n; i = j) {
		double t;

		for (j = i + 1; j < rk->n && it[j].v == it[i].v; j++)
			;
		/* positions i+1..j share the midrank (i + 1 + j) / 2 */
		for (size_t p = i; p < j; p++) {
			rk->r2[p] = (int64_t)(i + 1 + j);
			if (it[p].in_k)
				s2 += rk->r2[p];
		}
		t = (double)(j - i);
		rk->ties += t * t * t - t;
	}
	free(it);
	s2 -= (int64_t)(rk->k * (rk->n + 1));
	rk->dev2 = s2 < 0 ? -s2 : s2;
}

/* C(n, k) when it is at most limit (<= 2^32), else 0. */
static uint64_t binom_upto(size_t n, size_t k, uint64_t limit)
{
	uint64_t c = 1;

	if (k > n)
		return 0;
	if (k > n - k)
		k = n - k;
	/* C(n, k) >= n for 1 <= k <= n - 1; also keeps c * n below 2^64 */
	if (k && n > limit)
		return 0;
	for (size_t i = 1; i <= k; i++) {
		c = c * (n - k + i) / i; /* C(n - k + i, i): exact at every step */
		if (c > limit)
			return 0;
	}
	return c;
}

struct mw_walk {
	const int64_t *r2;
	size_t n;
	int64_t mean2, dev2; /* k * (n + 1); the observed |sum - mean2| */
	uint64_t hits;
};

/* Every choice of left more ranks from r2[start..n), on top of sum. */
static void mw_walk(struct mw_walk *w, size_t start, size_t left, int64_t sum)
{
	if (!left) {
		int64_t d = sum - w->mean2;

		if ((d < 0 ? -d : d) >= w->dev2)
			w->hits++;
		return;
	}
	for (size_t i = start; i + left <= w->n; i++)
		mw_walk(w, i + 1, left - 1, sum + w->r2[i]);
}

static double mw_normal(const struct mw_rank *rk)
{
	double k = (double)rk->k, m = (double)(rk->n - rk->k), n = (double)rk->n;
	double var, d, p;

	/* Var(U) less what ties take away, as scipy's mannwhitneyu has it */
	var = k * m / 12 * ((n + 1) - rk->ties / (n * (n - 1)));
	d = (double)rk->dev2 / 2 - 0.5; /* |U - mean| less the continuity correction */
	if (!(var > 0) || d <= 0)
		return 1;
	p = erfc(d / sqrt(var) / M_SQRT2);
	if (p > 1)
		return 1;
	return p < DBL_MIN ? DBL_MIN : p; /* in (0, 1], as promised */
}

/* The two-sided p; exact_max caps the assignments to enumerate (0: never). */
static double mw_p(const double *a, size_t na, const double *b, size_t nb, uint64_t exact_max)
{
	struct mw_rank rk;
	uint64_t total;
	double p;

	if (!na || !nb)
		return 1;
	mw_rank(&rk, a, na, b, nb);
	total = exact_max ? binom_upto(rk.n, rk.k, exact_max) : 0;
	if (total) {
		struct mw_walk w = {
			.r2 = rk.r2,
			.n = rk.n,
			.mean2 = (int64_t)(rk.k * (rk.n + 1)),
			.dev2 = rk.dev2,
		};

		mw_walk(&w, 0, rk.k, 0);
		p = (double)w.hits / (double)total;
	} else {
		p = mw_normal(&rk);
	}
	free(rk.r2);
	return p;
}

double st_mann_whitney_p(const double *a, size_t na, const double *b, size_t nb)
{
	return mw_p(a, na, b, nb, MW_EXACT_MAX);
}

double st_mann_whitney_p_normal(const double *a, size_t na, const double *b, size_t nb)
{
	return mw_p(a, na, b, nb, 0);
}

/* The q-quantile of sorted x[0..n), interpolated between order statistics
 * (Hyndman and Fan's type 7, numpy's default). */
static double quantile_sorted(const double *x, size_t n, double q)
{
	double h = q * (double)(n - 1);
	size_t i = (size_t)h;

	if (i + 1 >= n)
		return x[n - 1];
	return x[i] + (h - (double)i) * (x[i + 1] - x[i]);
}

int st_bootstrap_ratio_ci(const double *a, size_t na, const double *b, size_t nb, unsigned iters,
			  uint64_t seed, double *lo, double *hi)
{
	double *ra, *rb, *ratio;
	struct st_rng rng;
	int rc = 0;

	if (!na || !nb || !iters)
		return -EINVAL;
	ra = st_xmalloc((na + nb + iters) * sizeof(*ra));
	rb = ra + na;
	ratio = rb + nb;
	st_rng_seed(&rng, seed);
	for (unsigned it = 0; it < iters; it++) {
		double ma;

		for (size_t i = 0; i < na; i++)
			ra[i] = a[st_rng_below(&rng, na)];
		for (size_t i = 0; i < nb; i++)
			rb[i] = b[st_rng_below(&rng, nb)];
		ma = median_inplace(ra, na);
		if (ma == 0) {
			rc = -EINVAL;
			goto out;
		}
		ratio[it] = median_inplace(rb, nb) / ma;
	}
	qsort(ratio, iters, sizeof(*ratio), cmp_double);
	*lo = quantile_sorted(ratio, iters, 0.025);
	*hi = quantile_sorted(ratio, iters, 0.975);
out:
	free(ra);
	return rc;
}

double st_detectable_effect(double cv, size_t n)
{
	if (!n)
		return NAN;
	return Z_ALPHA_BETA * M_SQRT2 * cv / sqrt((double)n);
}

/* Vigna's splitmix64: spreads any seed, even 0, over the four state words
 * (it is a bijection of its counter, so they cannot all be zero). */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

void st_rng_seed(struct st_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** 1.0, as in the authors' reference xoshiro256starstar.c */
uint64_t st_rng_next(struct st_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/*
 * Rejects draws below 2^64 mod bound (as OpenBSD's arc4random_uniform does):
 * what is left is a whole number of copies of [0, bound).  At most half the
 * draws are rejected, for bound just above 2^63.
 */
uint64_t st_rng_below(struct st_rng *r, uint64_t bound)
{
	uint64_t min, x;

	if (!bound)
		return 0;
	min = -bound % bound;
	do
		x = st_rng_next(r);
	while (x < min);
	return x % bound;
}

double st_rng_unit(struct st_rng *r)
{
	return (double)(st_rng_next(r) >> 11) * 0x1.0p-53;
}
