/*
 * iostat.c - owns iostat's arithmetic: turning a diskstats counter
 * difference and the interval into rates, request sizes, awaits, the
 * average queue and %util, by sysstat's formulas so that the numbers can be
 * checked against `iostat -dx`.  No I/O and no state: observe and the
 * benchmark each take their own snapshots.
 */
#include <string.h>

#include "st_iostat.h"

/*
 * sysstat 12's iostat -dx: S_VALUE(old, new, itv) = delta / itv * 100 with
 * itv in hundredths of a second, i.e. delta per second; rkB/s is sectors
 * per second / 2 (diskstats' sectors are 512 bytes); rareq-sz sectors per
 * read / 2; r_await ms reading per read; aqu-sz S_VALUE(weighted ms) /
 * 1000; %util S_VALUE(ms doing I/O) / 10.  Flushes are counted apart from
 * writes (f/s, f_await).
 */
void st_iostat_compute(const struct st_dstat *d, double sec, struct st_iostat *o)
{
	double rd = (double)d->rd_ios, wr = (double)d->wr_ios;
	double dc = (double)d->dc_ios, fl = (double)d->fl_ios;

	memset(o, 0, sizeof(*o));
	if (!(sec > 0))
		return;
	o->r_s = rd / sec;
	o->w_s = wr / sec;
	o->d_s = dc / sec;
	o->f_s = fl / sec;
	o->rkb_s = (double)d->rd_sectors / 2.0 / sec;
	o->wkb_s = (double)d->wr_sectors / 2.0 / sec;
	o->dkb_s = (double)d->dc_sectors / 2.0 / sec;
	o->rrqm_s = (double)d->rd_merges / sec;
	o->wrqm_s = (double)d->wr_merges / sec;
	o->drqm_s = (double)d->dc_merges / sec;
	o->rareq_sz = rd > 0 ? (double)d->rd_sectors / rd / 2.0 : 0;
	o->wareq_sz = wr > 0 ? (double)d->wr_sectors / wr / 2.0 : 0;
	o->dareq_sz = dc > 0 ? (double)d->dc_sectors / dc / 2.0 : 0;
	o->r_await = rd > 0 ? (double)d->rd_ms / rd : 0;
	o->w_await = wr > 0 ? (double)d->wr_ms / wr : 0;
	o->d_await = dc > 0 ? (double)d->dc_ms / dc : 0;
	o->f_await = fl > 0 ? (double)d->fl_ms / fl : 0;
	o->aqu_sz = (double)d->weighted_ms / (sec * 1000.0);
	o->util = (double)d->io_ms / (sec * 1000.0) * 100.0;
	o->has_discard = d->nstats >= 15;
	o->has_flush = d->nstats >= 17;
}
