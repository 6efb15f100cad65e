/*
 * stats.c - owns the statistics behind an A/B verdict: median, mean, spread,
 * the Mann-Whitney U test (exact, counted over every assignment, or its normal
 * approximation), the interval of a ratio that test inverts to, the design's
 * detectable effect, and the xoshiro256** generator they and the trial
 * scheduler draw from.  Pure functions: no I/O, no global state.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "st_math.h"
#include "st_stats.h"
#include "st_util.h"

/*
 * The exact U distribution up to this many assignments of the pooled values
 * to the arms (na = nb = 11 is 705,432; 12 is 2.7 million), counted by
 * mw_count in well under a millisecond.  Without ties the normal approximation is
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
	return st_m_sqrt(ss / (n - 1));
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

/* 1 / Phi^-1(0.75): makes the MAD of a normal sample estimate its sigma */
#define MAD_TO_SIGMA 1.482602218505602

double st_robust_cv(const double *x, size_t n)
{
	double *d, med, mad;

	if (n < 2)
		return NAN;
	med = st_median(x, n);
	if (med == 0)
		return NAN;
	d = st_xmalloc(n * sizeof(*d));
	for (size_t i = 0; i < n; i++)
		d[i] = fabs(x[i] - med);
	mad = median_inplace(d, n);
	free(d);
	return MAD_TO_SIGMA * mad / fabs(med);
}

double st_pooled_spread(const double *a, size_t na, const double *b, size_t nb)
{
	double ma, mb, *d, mad, ss = 0;

	if (na < 2 || nb < 2)
		return NAN;
	ma = st_median(a, na);
	mb = st_median(b, nb);
	if (ma == 0 || mb == 0)
		return NAN;
	d = st_xmalloc((na + nb) * sizeof(*d));
	for (size_t i = 0; i < na; i++)
		d[i] = fabs(a[i] / ma - 1);
	for (size_t i = 0; i < nb; i++)
		d[na + i] = fabs(b[i] / mb - 1);
	mad = median_inplace(d, na + nb);
	free(d);
	ma = st_mean(a, na);
	mb = st_mean(b, nb);
	if (ma == 0 || mb == 0)
		return NAN;
	for (size_t i = 0; i < na; i++)
		ss += (a[i] / ma - 1) * (a[i] / ma - 1);
	for (size_t i = 0; i < nb; i++)
		ss += (b[i] / mb - 1) * (b[i] / mb - 1);
	return st_m_fmax(MAD_TO_SIGMA * mad, st_m_sqrt(ss / (double)(na + nb - 2)));
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

/*
 * How many of the C(n, k) choices of k doubled ranks from r2 have a sum s
 * with |s - mean2| >= dev2: counts of subsets by size and sum, one rank at
 * a time (the subset-sum recurrence), O(n k S) for sums up to S = 2 k n,
 * where walking every choice would be O(C(n, k)): 117,000 steps against
 * 705,432 leaves at n = 22, k = 11, which matters to a sequential run that
 * tests after every block (and to test_stats, which simulates thousands).
 * Counts are at most C(n, k) <= MW_EXACT_MAX: exact in uint64_t.
 */
static uint64_t mw_count(const int64_t *r2, size_t n, size_t k, int64_t mean2, int64_t dev2)
{
	size_t smax = 0, width;
	uint64_t *c, hits = 0;

	for (size_t i = 0; i < n; i++)
		smax += (size_t)r2[i];
	width = smax + 1;
	c = st_xcalloc((k + 1) * width, sizeof(*c));
	c[0] = 1; /* the empty choice, sum 0 */
	for (size_t i = 0; i < n; i++) {
		size_t r = (size_t)r2[i];

		for (size_t j = (i + 1 < k ? i + 1 : k); j >= 1; j--) {
			const uint64_t *from = c + (j - 1) * width;
			uint64_t *to = c + j * width;

			for (size_t s0 = 0; s0 + r < width; s0++)
				to[s0 + r] += from[s0];
		}
	}
	for (size_t s0 = 0; s0 < width; s0++) {
		int64_t d = (int64_t)s0 - mean2;

		if ((d < 0 ? -d : d) >= dev2)
			hits += c[k * width + s0];
	}
	free(c);
	return hits;
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
	p = st_m_erfc(d / st_m_sqrt(var) / M_SQRT2);
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
		uint64_t hits = mw_count(rk.r2, rk.n, rk.k, (int64_t)(rk.k * (rk.n + 1)), rk.dev2);

		p = (double)hits / (double)total;
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

/* The Mann-Whitney p of r * a against b; tmp holds na values. */
static double mw_p_scaled(const double *a, size_t na, const double *b, size_t nb, double r, double *tmp)
{
	for (size_t i = 0; i < na; i++)
		tmp[i] = r * a[i];
	return st_mann_whitney_p(tmp, na, b, nb);
}

/*
 * U, as a function of the ratio r that a is scaled by, changes only where
 * r * a[i] meets some b[j]: at the quotients b[j] / a[i].  So the test is
 * asked at each distinct quotient (and at 1, which is the verdict's own
 * question), at the midpoint between neighbours, and beyond either end;
 * an accepted midpoint accepts its closed stretch between the quotients
 * around it, which is where the Hodges-Lehmann interval ends too.
 */
int st_rank_ratio_ci(const double *a, size_t na, const double *b, size_t nb, double level, double *lo,
		     double *hi)
{
	double *q, *tmp, l = INFINITY, h = -1;
	size_t nq = 0, u = 0;
	int rc = 0;

	if (!na || !nb || !(level > 0 && level < 1))
		return -EINVAL;
	for (size_t i = 0; i < na + nb; i++) {
		double v = i < na ? a[i] : b[i - na];

		if (!(v >= 0 && v < INFINITY))
			return -EINVAL;
	}
	q = st_xmalloc((na * nb + 1 + na) * sizeof(*q));
	tmp = q + na * nb + 1;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb && a[i] > 0; j++)
			q[nq++] = b[j] / a[i];
	if (!nq) {
		rc = -EINVAL; /* a is all 0: no ratio to scale by */
		goto out;
	}
	q[nq++] = 1;
	qsort(q, nq, sizeof(*q), cmp_double);
	for (size_t i = 1; i < nq; i++)
		if (q[i] != q[u])
			q[++u] = q[i];
	nq = u + 1;
	/* k odd: the quotient q[k / 2]; k even: the stretch below q[k / 2] */
	for (size_t k = 0; k <= 2 * nq; k++) {
		double r, from, to;

		if (k % 2) {
			r = from = to = q[k / 2];
		} else if (k == 0) {
			if (q[0] == 0)
				continue; /* no ratio below 0 */
			r = q[0] / 2, from = 0, to = q[0];
		} else if (k == 2 * nq) {
			r = 2 * q[nq - 1], from = q[nq - 1], to = INFINITY;
		} else {
			from = q[k / 2 - 1], to = q[k / 2];
			r = from + (to - from) / 2;
		}
		if (mw_p_scaled(a, na, b, nb, r, tmp) < level)
			continue;
		if (from < l)
			l = from;
		if (to > h)
			h = to;
	}
	if (!(h < INFINITY) || l > h) {
		rc = -ERANGE; /* too few trials to reject any ratio on one side, or every one rejected */
		goto out;
	}
	*lo = l;
	*hi = h;
out:
	free(q);
	return rc;
}

double st_detectable_effect(double cv, size_t n)
{
	if (!n)
		return NAN;
	return Z_ALPHA_BETA * M_SQRT2 * cv / st_m_sqrt((double)n);
}

/* Normal distribution ---------------------------------------------------------- */

double st_norm_cdf(double z)
{
	return 0.5 * st_m_erfc(-z / M_SQRT2);
}

/* Acklam's coefficients (2003), as in his published algorithm */
static const double acklam_a[6] = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
				    1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00 };
static const double acklam_b[5] = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
				    6.680131188771972e+01,  -1.328068155288572e+01 };
static const double acklam_c[6] = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
				    -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00 };
static const double acklam_d[4] = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
				    3.754408661907416e+00 };

static double acklam_tail(double q)
{
	const double *c = acklam_c, *d = acklam_d;

	return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
	       ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
}

double st_norm_quantile(double p)
{
	const double *a = acklam_a, *b = acklam_b;
	double x, e, u;

	if (!(p > 0))
		return -INFINITY;
	if (!(p < 1))
		return INFINITY;
	if (p < 0.02425) {
		x = acklam_tail(st_m_sqrt(-2 * st_m_log(p)));
	} else if (p > 1 - 0.02425) {
		x = -acklam_tail(st_m_sqrt(-2 * st_m_log1p(-p)));
	} else {
		double q = p - 0.5, r = q * q;

		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
		    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
	/* one step of Halley's method on the exact distribution function */
	e = st_norm_cdf(x) - p;
	u = e * st_m_sqrt(2 * M_PI) * st_m_exp(x * x / 2);
	return x - u / (1 + x * u / 2);
}

/* Group-sequential boundaries --------------------------------------------------- */

/* Grid points per unit of the last increment's standard deviation: the
 * density and the next step's kernel are Gaussians at least that wide, and
 * Simpson's rule integrates them to ~1e-7 at this spacing. */
#define GS_PER_SD 8
/* A cap on the grid (a look far closer to the previous than the first
 * increment): integration gets coarser, not slower */
#define GS_MAX_POINTS 4001
/* Where a look that cannot reject truncates the density: P(|Z| > 8) is 1e-15 */
#define GS_OPEN_Z 8.0
/* Bisection steps for a boundary: [0, 40] to 2^-50 */
#define GS_BISECT 60

double st_obf_spend(double alpha, double t)
{
	if (!(t > 0))
		return 0;
	if (t >= 1)
		return alpha;
	return 2 * (1 - st_norm_cdf(st_norm_quantile(1 - alpha / 2) / st_m_sqrt(t)));
}

double st_gs_level(double c)
{
	return isinf(c) ? 0 : 2 * (1 - st_norm_cdf(c));
}

void st_gs_init(struct st_gs *g)
{
	memset(g, 0, sizeof(*g));
}

void st_gs_clear(struct st_gs *g)
{
	if (!g)
		return;
	free(g->s);
	free(g->w);
	st_gs_init(g);
}

/* P(S(t) beyond +-b) from the state at g->t: a point mass at 0 before the
 * first look, else the continuation density on the grid. */
static double gs_cross(const struct st_gs *g, double t, double b)
{
	double sd = st_m_sqrt(t - g->t), sum = 0;

	if (!g->looks)
		return 2 * st_norm_cdf(-b / sd);
	for (size_t i = 0; i < g->m; i++)
		sum += g->w[i] * (st_norm_cdf((-b - g->s[i]) / sd) + st_norm_cdf((g->s[i] - b) / sd));
	return sum;
}

int st_gs_boundary(const struct st_gs *g, double t, double alpha_cum, double *c)
{
	double want, lo = 0, hi = 40, st;

	if (!(t > g->t) || !(alpha_cum > 0 && alpha_cum < 1))
		return -EINVAL;
	want = alpha_cum - g->spent;
	st = st_m_sqrt(t);
	if (!(want > 0) || gs_cross(g, t, hi * st) >= want) {
		*c = INFINITY;
		return 0;
	}
	/* the crossing probability falls as the boundary rises */
	for (int i = 0; i < GS_BISECT; i++) {
		double mid = (lo + hi) / 2;

		if (gs_cross(g, t, mid * st) > want)
			lo = mid;
		else
			hi = mid;
	}
	*c = (lo + hi) / 2;
	return 0;
}

int st_gs_look(struct st_gs *g, double t, double c)
{
	double sd, b, h, *s, *w;
	size_t m, half;

	if (!(t > g->t) || !(c > 0))
		return -EINVAL;
	sd = st_m_sqrt(t - g->t);
	b = (isinf(c) || c > GS_OPEN_Z ? GS_OPEN_Z : c) * st_m_sqrt(t);
	half = (size_t)ceil(b / (st_m_fmin(sd, g->looks ? g->sd : sd) / GS_PER_SD));
	if (half < 8)
		half = 8;
	if (2 * half + 1 > GS_MAX_POINTS)
		half = (GS_MAX_POINTS - 1) / 2;
	m = 2 * half + 1;
	h = b / (double)half;
	s = st_xmalloc(m * sizeof(*s));
	w = st_xmalloc(m * sizeof(*w));
	for (size_t j = 0; j < m; j++) {
		double f = 0, x = -b + h * (double)j;

		if (!g->looks) {
			f = st_m_exp(-x * x / (2 * t)) / st_m_sqrt(2 * M_PI * t);
		} else {
			for (size_t i = 0; i < g->m; i++) {
				double z = (x - g->s[i]) / sd;

				f += g->w[i] * st_m_exp(-z * z / 2);
			}
			f /= sd * st_m_sqrt(2 * M_PI);
		}
		s[j] = x;
		/* Simpson: h/3 (1 4 2 4 ... 2 4 1) */
		w[j] = f * h / 3 * (j == 0 || j == m - 1 ? 1 : j % 2 ? 4 : 2);
	}
	g->spent += isinf(c) ? 0 : gs_cross(g, t, c * st_m_sqrt(t));
	free(g->s);
	free(g->w);
	g->s = s;
	g->w = w;
	g->m = m;
	g->sd = sd;
	g->t = t;
	g->looks++;
	return 0;
}

/* z_0.8: the power the detectable effect is quoted at */
#define Z_POWER 0.8416212335729143

double st_detectable_effect_at(double cv, size_t n, double level)
{
	if (!n || !(level > 0 && level < 1))
		return NAN;
	return (st_norm_quantile(1 - level / 2) + Z_POWER) * st_m_sqrt(2.0 / (double)n) * cv;
}

/* the MAD's asymptotic efficiency at the normal (Rousseeuw and Croux, JASA 1993) */
#define MAD_EFFICIENCY 0.3675

double st_seq_detectable(double spread, size_t n, double level)
{
	double df, h, chi;

	if (n < 2 || isnan(spread))
		return NAN;
	df = MAD_EFFICIENCY * 2 * (double)(n - 1);
	/* Wilson-Hilferty: the 20% quantile of chi-square with df degrees */
	h = 2 / (9 * df); /* z_0.2 = -Z_POWER */
	chi = df * st_m_pow(st_m_fmax(1 - h - Z_POWER * st_m_sqrt(h), 1e-3), 3);
	return st_detectable_effect_at(spread * st_m_sqrt(df / chi), n, level);
}

void st_seq_init(struct st_seq *s, double alpha, double detect, unsigned n_max)
{
	memset(s, 0, sizeof(*s));
	s->alpha = alpha;
	s->detect = detect;
	s->n_max = n_max;
	st_gs_init(&s->gs);
	s->detectable = NAN;
}

void st_seq_clear(struct st_seq *s)
{
	if (!s)
		return;
	st_gs_clear(&s->gs);
	free(s->n);
	free(s->c_go);
	free(s->c_fin);
	st_seq_init(s, s->alpha, s->detect, s->n_max);
}

void st_seq_rewind(struct st_seq *s)
{
	s->look = 0;
	s->level = 0;
	s->detectable = NAN;
}

/* The design's look s->look at n: worked out now unless it is known.  A
 * look at another n than the design's (a rewound run on other looks)
 * starts the design again from the looks this run made. */
static int seq_design(struct st_seq *s, unsigned n)
{
	size_t i = s->look;
	double c;

	if (i < s->ndesign && s->n[i] == n)
		return 0;
	if (i < s->ndesign) {
		unsigned *ns = st_xmalloc((i + 1) * sizeof(*ns));

		memcpy(ns, s->n, i * sizeof(*ns));
		s->ndesign = 0;
		st_gs_clear(&s->gs);
		for (size_t k = 0; k < i; k++) {
			s->look = k;
			seq_design(s, ns[k]);
		}
		s->look = i;
		free(ns);
	}
	if (s->ndesign == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		s->n = st_xrealloc(s->n, s->cap * sizeof(*s->n));
		s->c_go = st_xrealloc(s->c_go, s->cap * sizeof(*s->c_go));
		s->c_fin = st_xrealloc(s->c_fin, s->cap * sizeof(*s->c_fin));
	}
	if (st_gs_boundary(&s->gs, n, s->alpha, &s->c_fin[i]) < 0)
		return -EINVAL;
	if (st_gs_boundary(&s->gs, n, st_obf_spend(s->alpha, (double)n / s->n_max), &c) < 0)
		c = INFINITY;
	s->c_go[i] = c;
	s->n[i] = n;
	s->ndesign = i + 1;
	return st_gs_look(&s->gs, n, c);
}

enum st_seq_stop st_seq_look(struct st_seq *s, unsigned n, double spread, double p, bool out_of_time)
{
	enum st_seq_stop stop = ST_SEQ_GO_ON;
	double c;

	if ((s->look > 0 && n <= s->n[s->look - 1]) || seq_design(s, n) < 0)
		return ST_SEQ_MAX; /* n did not increase: nothing more to learn */
	s->detectable = st_seq_detectable(spread, n, st_gs_level(s->c_fin[s->look]));
	if (s->detect > 0 && s->detectable <= s->detect)
		stop = ST_SEQ_PRECISE;
	else if (n >= s->n_max)
		stop = ST_SEQ_MAX;
	else if (out_of_time)
		stop = ST_SEQ_BUDGET;
	c = stop == ST_SEQ_GO_ON ? s->c_go[s->look] : s->c_fin[s->look];
	s->look++;
	s->level = st_gs_level(c);
	if (p < s->level)
		return ST_SEQ_REJECT;
	return stop;
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
