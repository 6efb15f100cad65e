/*
 * hist.c - owns the latency histogram: the mapping from a nanosecond value to
 * its log-linear bucket and back, and the nearest-rank percentiles read from
 * the bucket counts.  Pure: no I/O, no allocation (see st_hist.h for why).
 */
#include "st_hist.h"

/*
 * A bucket index is (shift << SUB_BITS) + (v >> shift), where shift is how
 * far v's top bit sits above bit SUB_BITS.  v >> shift keeps the top
 * SUB_BITS + 1 bits, in [SUB, 2 * SUB), so each power of two gets SUB
 * consecutive indices; or-ing in SUB makes shift 0 for every v below 2 * SUB,
 * which then indexes itself.  No branch, no loop: this runs once per I/O.
 */
static inline unsigned bucket_of(uint64_t v)
{
	unsigned shift = 63 - (unsigned)__builtin_clzll(v | ST_HIST_SUB) - ST_HIST_SUB_BITS;

	return (shift << ST_HIST_SUB_BITS) + (unsigned)(v >> shift);
}

/* The inverse of bucket_of(): the values bucket i holds, lo..hi in ns. */
void st_hist_bucket_bounds(unsigned i, uint64_t *lo, uint64_t *hi)
{
	unsigned shift = i < 2 * ST_HIST_SUB ? 0 : (i >> ST_HIST_SUB_BITS) - 1;

	*lo = (uint64_t)(i - (shift << ST_HIST_SUB_BITS)) << shift;
	*hi = *lo + (((uint64_t)1 << shift) - 1);
}

/* The bucket's midpoint, in ns: half the width 2^shift past lo, which
 * still fits in 64 bits for the top bucket. */
static uint64_t bucket_mid(unsigned i)
{
	uint64_t lo, hi;

	st_hist_bucket_bounds(i, &lo, &hi);
	return lo + ((hi - lo + 1) >> 1);
}

void st_hist_sub(struct st_hist *d, const struct st_hist *now, const struct st_hist *before)
{
	uint64_t lo, hi;

	st_hist_init(d);
	d->n = now->n - before->n;
	d->sum = now->sum - before->sum;
	for (unsigned i = 0; i < ST_HIST_NBUCKETS; i++) {
		d->counts[i] = now->counts[i] - before->counts[i];
		if (!d->counts[i])
			continue;
		st_hist_bucket_bounds(i, &lo, &hi);
		if (lo < d->min)
			d->min = lo;
		d->max = hi;
	}
	if (!d->n)
		d->min = d->max = 0;
}

void st_hist_init(struct st_hist *h)
{
	*h = (struct st_hist){ .min = UINT64_MAX };
}

void st_hist_add(struct st_hist *h, uint64_t ns)
{
	h->n++;
	if (ns < h->min)
		h->min = ns;
	if (ns > h->max)
		h->max = ns;
	h->sum += ns;
	h->counts[bucket_of(ns)]++;
}

void st_hist_merge(struct st_hist *dst, const struct st_hist *src)
{
	if (!src->n)
		return;
	dst->n += src->n;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	dst->sum += src->sum;
	for (unsigned i = 0; i < ST_HIST_NBUCKETS; i++)
		dst->counts[i] += src->counts[i];
}

/*
 * ceil(p / 100 * n), in [1, n].  p is a binary double: 99.9 is really
 * 99.900000000000006, which would push rank 999 of 1000 up to 1000.  An
 * excess below 4e-16 of the product (two double ulps) is that rounding, not
 * a fraction of a rank, and is dropped.
 */
static uint64_t nearest_rank(double p, uint64_t n)
{
	long double x = (long double)p * n / 100;
	uint64_t r = (uint64_t)x;

	if (x - r > x * 4e-16L)
		r++;
	if (r < 1)
		r = 1;
	return r < n ? r : n;
}

uint64_t st_hist_percentile(const struct st_hist *h, double p)
{
	uint64_t rank, seen = 0, v;
	unsigned i;

	if (!h->n)
		return 0;
	if (!(p > 0))
		return h->min;
	if (p >= 100)
		return h->max;
	rank = nearest_rank(p, h->n);
	for (i = 0; i < ST_HIST_NBUCKETS - 1; i++) {
		seen += h->counts[i];
		if (seen >= rank)
			break;
	}
	/* clamping only moves toward the sample: it lies in [min, max] too */
	v = bucket_mid(i);
	if (v < h->min)
		v = h->min;
	if (v > h->max)
		v = h->max;
	return v;
}

double st_hist_mean(const struct st_hist *h)
{
	return h->n ? (double)(h->sum / h->n) : 0;
}
