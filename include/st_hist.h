/*
 * st_hist.h - a log-linear latency histogram for the benchmark engines.
 *
 * Values are nanoseconds.  Below 2^(ST_HIST_SUB_BITS + 1) every value has its
 * own bucket; above it each power of two [2^e, 2^(e+1)) is split into
 * 2^ST_HIST_SUB_BITS equal sub-buckets, as HdrHistogram does.  A bucket is
 * reported by its midpoint, so a percentile is off from the true sample value
 * at that rank by at most half a bucket width over the bucket's lower bound:
 * 2^-(ST_HIST_SUB_BITS + 1) = 1/256 = 0.39% relative, and exact below 256 ns.
 * The buckets cover all of uint64_t (up to 2^64 - 1 ns, 584 years), so no
 * value is clamped: the last bucket is [255 * 2^56, 2^64).
 *
 * The struct is a fixed 59,440 bytes with no pointers, so that forked
 * benchmark workers can fill copies in one MAP_SHARED mapping and the parent
 * can merge them.  Call st_hist_init() on each first: a zeroed mapping has
 * min 0.  Updates are not atomic: give each writer its own histogram.
 */
#ifndef ST_HIST_H
#define ST_HIST_H

#include <stdint.h>

/* log2 of the sub-buckets per power of two; 7 gives the 1/256 bound above */
#define ST_HIST_SUB_BITS 7
#define ST_HIST_SUB (1u << ST_HIST_SUB_BITS)
/*
 * Exponents 0..63 of a uint64_t: the first two powers-of-two groups (0..255)
 * are exact, then one group of ST_HIST_SUB buckets for each of e = 8..63:
 * 2 * 128 + 56 * 128 = 7424 buckets (58 KiB of counters).
 */
#define ST_HIST_NBUCKETS ((64 - ST_HIST_SUB_BITS + 1) * ST_HIST_SUB)

struct st_hist {
	uint64_t n;			/* samples */
	uint64_t min, max;		/* ns, exact; min is UINT64_MAX while empty */
	long double sum;		/* ns; exact below 2^64 ns (a 64-bit mantissa) */
	uint64_t counts[ST_HIST_NBUCKETS];
};

void st_hist_init(struct st_hist *h);
/* One sample of ns nanoseconds; a few integer instructions and one add. */
void st_hist_add(struct st_hist *h, uint64_t ns);
/* Adds src's samples to dst (dst may hold samples already). */
void st_hist_merge(struct st_hist *dst, const struct st_hist *src);
/*
 * The p-th percentile in ns, p in [0, 100] (NaN or below 0 reads as 0, above
 * 100 as 100).  0 if empty; p == 0 is the exact min and p == 100 the exact
 * max; otherwise the sample at nearest rank ceil(p / 100 * n), as its
 * bucket's midpoint clamped to [min, max].
 */
uint64_t st_hist_percentile(const struct st_hist *h, double p);
/* Exact arithmetic mean in ns; 0 if empty. */
double st_hist_mean(const struct st_hist *h);

/*
 * Bucket i's bounds in ns: [*lo, *hi], both inclusive (the exclusive upper
 * bound of the top bucket, 2^64, would not fit).  For the report's histogram
 * (report_bench.c).
 */
void st_hist_bucket_bounds(unsigned i, uint64_t *lo, uint64_t *hi);

/*
 * The samples added to now since the copy before was taken, into d (both
 * from the same writer, before a snapshot of now): per-interval latency of
 * a running benchmark.  d's min and max are the bounds of its lowest and
 * highest non-empty bucket, so its percentiles are bucket midpoints.
 */
void st_hist_sub(struct st_hist *d, const struct st_hist *now, const struct st_hist *before);

#endif
