/*
 * st_iostat.h - iostat's extended figures (sysstat 12's `iostat -dx`) for
 * one device over one interval: pure arithmetic on a counter difference of
 * two /proc/diskstats snapshots (st_dstat_sub, or several such differences
 * summed with st_dstat_add) and the interval's length (STYLE.md 10).
 * observe shows them for every device an interval; the benchmark takes its
 * average queue (aqu-sz) from here too, so both say the same thing by the
 * same formula.
 */
#ifndef ST_IOSTAT_H
#define ST_IOSTAT_H

#include "st_diskstats.h"
#include "stortune.h"

/* One device over one interval, under iostat's names. */
struct st_iostat {
	/* requests completed a second: reads, writes, discards, flushes */
	double r_s, w_s, d_s, f_s;
	/* KiB a second read, written, discarded */
	double rkb_s, wkb_s, dkb_s;
	/* requests merged into another a second, before they were issued */
	double rrqm_s, wrqm_s, drqm_s;
	/* KiB per request, after merging */
	double rareq_sz, wareq_sz, dareq_sz;
	/* ms per request, queued and served: reads, writes, discards, flushes */
	double r_await, w_await, d_await, f_await;
	/* aqu_sz: requests in the queue or being served, on average (weighted
	 * ms per ms); util: percent of the interval with one or more in flight */
	double aqu_sz, util;
	bool has_discard, has_flush; /* the kernel reports them (4.18+, 5.5+) */
};

/*
 * From a counter difference over seconds (> 0; otherwise *out is zeroed).
 * A request size or await of a kind of request that did not happen is 0.
 */
void st_iostat_compute(const struct st_dstat *delta, double seconds, struct st_iostat *out);

#endif
