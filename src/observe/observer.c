/*
 * observer.c - owns observe's state from one sample to the next: the
 * counter differences of each interval, the rows it shows (partitions
 * rolled up to their disk, dm/md devices with their members under them),
 * the machine's overall workload counted once, saturation judged against
 * each device's least-queued interval, the profile suggested for each, and
 * the sums behind the run's summary.  Figures come from iostat.c, shapes
 * and suggestions from shape.c, the devices from topo.c; printing is the
 * caller's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_log.h"
#include "st_obs_index.h"
#include "st_observe.h"
#include "st_util.h"

/* Saturation on a device that serves requests in parallel: compared with
 * the least-queued interval seen so far, the queue at least doubled, await
 * grew by half, and the device completed no more than a quarter more. */
#define SAT_AQU_GROWTH 2.0
#define SAT_AWAIT_GROWTH 1.5
#define SAT_IOPS_GROWTH 1.25
/* ... and where %util means something, it is near 100. */
#define SAT_UTIL_PCT 90.0
/* A serial device at 100% with requests queued behind one another. */
#define SAT_SERIAL_UTIL_PCT 95.0
#define SAT_SERIAL_AQU 2.0

/*
 * iostat(1): %util "does not reflect their performance limits" for
 * devices serving requests in parallel; where several requests are served
 * at once (flash, NVMe, arrays, and the host storage behind a virtual or
 * network disk) 100% only means that one request was always in flight.
 */
bool st_obs_util_reliable(enum st_class class)
{
	return class == ST_CLASS_HDD || class == ST_CLASS_ROM;
}

/* The observer ----------------------------------------------------------- */

/* A sample's devices by name. */
static struct st_obs_name *ds_index(const struct st_diskstats *ds)
{
	return st_obs_index_build(ds->v, ds->n, sizeof(*ds->v), offsetof(struct st_dstat, name), true);
}

static const struct st_dstat *ds_find(const struct st_diskstats *ds, const struct st_obs_name *ix,
				      const char *name)
{
	size_t pos;

	return st_obs_index_find(ix, ds->n, name, &pos) ? &ds->v[pos] : NULL;
}

struct devstate {
	char name[64];
	struct st_dstat total; /* summed deltas */
	double seconds;
	bool has_ref;
	double ref_aqu, ref_await, ref_iops;
	unsigned ref_index;
	unsigned saturated;    /* intervals */
	char *first_saturation;
};

struct st_observer {
	const struct st_obs_topo *topo;
	char **want;
	const struct st_profileset *ps;
	char *exclude;
	bool have_prev;
	struct st_obs_sample prev; /* the last sample; the summary shows its devices */
	struct devstate *st;
	size_t nst;
	struct st_obs_name *st_ix; /* of st[0 .. nst_ix) */
	size_t nst_ix;
	unsigned intervals;
	double seconds;
	/* for the summary */
	struct st_dstat total_rw, total_fl;
	bool total_has_flush, total_wt;
	double psi_some_us, psi_full_us;
	bool has_psi;
};

struct st_observer *st_observer_new(const struct st_obs_topo *topo, char *const *want, size_t nwant,
				    const struct st_profileset *ps, const char *exclude)
{
	struct st_observer *o = st_xcalloc(1, sizeof(*o));

	o->topo = topo;
	for (size_t i = 0; i < nwant; i++)
		st_strv_push(&o->want, want[i]);
	o->ps = ps;
	o->exclude = exclude ? st_xstrdup(exclude) : NULL;
	o->has_psi = true;
	o->total_has_flush = true;
	return o;
}

void st_observer_set_topo(struct st_observer *o, const struct st_obs_topo *topo)
{
	o->topo = topo;
}

static void sample_copy(struct st_obs_sample *dst, const struct st_obs_sample *src)
{
	st_obs_sample_free(dst);
	*dst = *src;
	dst->ds.v = src->ds.n ? st_xmalloc(src->ds.n * sizeof(*src->ds.v)) : NULL;
	if (src->ds.n)
		memcpy(dst->ds.v, src->ds.v, src->ds.n * sizeof(*src->ds.v));
}

void st_observer_free(struct st_observer *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nst; i++)
		free(o->st[i].first_saturation);
	free(o->st);
	free(o->st_ix);
	st_strv_free(o->want);
	free(o->exclude);
	st_obs_sample_free(&o->prev);
	free(o);
}

/* The state kept for a device, or NULL (see states_add). */
static struct devstate *state_find(const struct st_observer *o, const char *name)
{
	size_t pos;

	return st_obs_index_find(o->st_ix, o->nst_ix, name, &pos) ? &o->st[pos] : NULL;
}

/* Adds a state for each device of ds that has none, then indexes them all. */
static void states_add(struct st_observer *o, const struct st_diskstats *ds)
{
	size_t n = o->nst;

	for (size_t i = 0; i < ds->n; i++) {
		if (state_find(o, ds->v[i].name))
			continue;
		if (n == o->nst) /* room for every new one at once */
			o->st = st_xrealloc(o->st, (o->nst + ds->n - i) * sizeof(*o->st));
		memset(&o->st[n], 0, sizeof(o->st[n]));
		snprintf(o->st[n].name, sizeof(o->st[n].name), "%s", ds->v[i].name);
		n++;
	}
	if (n != o->nst || !o->st_ix) {
		o->nst = n;
		free(o->st_ix);
		o->st_ix = st_obs_index_build(o->st, o->nst, sizeof(*o->st), offsetof(struct devstate, name), true);
		o->nst_ix = o->nst;
	}
}

static bool ever_used(const struct st_dstat *d)
{
	return d->rd_ios || d->wr_ios || d->dc_ios || d->fl_ios;
}

static bool is_wanted(const struct st_observer *o, const char *name)
{
	for (char **w = o->want; w && *w; w++)
		if (strcmp(*w, name) == 0)
			return true;
	return false;
}

/* Flushes are counted where a request queue completes them: on whole
 * disks (not partitions, nor dm/md devices, which pass them down), and
 * only if the device has a volatile write cache (else fsync sends none). */
static bool flushes_visible(const struct st_obs_dev *dev)
{
	return !dev || (!dev->write_through && dev->kind != ST_KIND_PART && dev->kind != ST_KIND_MD &&
			dev->kind != ST_KIND_DM);
}

/* Fills a row from a counter difference over sec seconds. */
static void row_fill(const struct st_observer *o, struct st_obs_row *r, const struct st_obs_dev *dev,
		     const struct st_dstat *d, double sec)
{
	st_iostat_compute(d, sec, &r->io);
	if (!flushes_visible(dev) && !(dev && dev->write_through))
		r->io.has_flush = false; /* never counted here: show "-", as for old kernels */
	st_obs_shape_of(&r->io, flushes_visible(dev), &r->shape);
	r->active = r->shape.iops > 0 || r->io.d_s > 0 || r->io.f_s > 0;
	r->class = dev ? dev->class : ST_CLASS_UNKNOWN;
	r->backing = dev && dev->backing ? st_xstrdup(dev->backing) : NULL;
	r->suggested = st_obs_suggest(o->ps, &r->shape, o->exclude, NULL);
}

/* Await of reads and writes together, as iostat's old await column. */
static double await_all(const struct st_iostat *io)
{
	double n = io->r_s + io->w_s;

	return n > 0 ? (io->r_await * io->r_s + io->w_await * io->w_s) / n : 0;
}

/* See the SAT_ constants; st->ref is the least-queued busy interval. */
static void judge_saturation(struct st_observer *o, struct devstate *st, struct st_obs_row *r)
{
	const struct st_iostat *io = &r->io;
	double await = await_all(io), iops = r->shape.iops;
	bool reliable = st_obs_util_reliable(r->class);

	if (r->shape.pattern == ST_OBS_IDLE)
		return;
	if (st->has_ref && io->aqu_sz >= SAT_AQU_GROWTH * st->ref_aqu && st->ref_aqu > 0 &&
	    await >= SAT_AWAIT_GROWTH * st->ref_await && iops <= SAT_IOPS_GROWTH * st->ref_iops &&
	    (!reliable || io->util >= SAT_UTIL_PCT)) {
		r->saturated = true;
		r->saturation = st_xasprintf(
			"await %.2f ms at aqu-sz %.2f, against %.2f ms at aqu-sz %.2f in interval %u, "
			"with %.0f requests/s against %.0f",
			await, io->aqu_sz, st->ref_await, st->ref_aqu, st->ref_index, iops, st->ref_iops);
	} else if (reliable && io->util >= SAT_SERIAL_UTIL_PCT && io->aqu_sz >= SAT_SERIAL_AQU) {
		r->saturated = true;
		r->saturation = st_xasprintf("%%util %.0f with %.2f requests queued on average: each "
					     "waits for the ones ahead (await %.2f ms)",
					     io->util, io->aqu_sz, await);
	}
	if (r->saturated) {
		st->saturated++;
		if (!st->first_saturation)
			st->first_saturation = st_xasprintf("interval %u: %s", o->intervals, r->saturation);
	}
	if (!st->has_ref || io->aqu_sz < st->ref_aqu) {
		st->has_ref = true;
		st->ref_aqu = io->aqu_sz;
		st->ref_await = await;
		st->ref_iops = iops;
		st->ref_index = o->intervals;
	}
}

static struct st_obs_row *row_push(struct st_obs_interval *iv, const char *name, const char *holder)
{
	struct st_obs_row *r;

	iv->rows = st_xrealloc(iv->rows, (iv->nrows + 1) * sizeof(*iv->rows));
	r = &iv->rows[iv->nrows++];
	memset(r, 0, sizeof(*r));
	r->name = st_xstrdup(name);
	r->holder = holder ? st_xstrdup(holder) : NULL;
	return r;
}

/*
 * Which sample devices become rows, in the kernel's order: the named ones;
 * or, with none named, every device that has done I/O and is neither a
 * partition (its disk's counters include it) nor a member of a stack; each
 * stacked device followed by its members.  get(name) gives the delta (NULL:
 * no row this time).
 */
typedef const struct st_dstat *(*delta_fn)(void *ctx, const char *name, double *sec);

static void build_rows(struct st_observer *o, const struct st_diskstats *cur, struct st_obs_interval *iv,
		       delta_fn get, void *ctx, bool judge)
{
	for (size_t i = 0; i < cur->n; i++) {
		const struct st_dstat *c = &cur->v[i];
		const struct st_obs_dev *dev = st_obs_topo_find(o->topo, c->name);
		const struct st_dstat *d;
		struct st_obs_row *r;
		bool named = is_wanted(o, c->name);
		double sec, msec;

		if (o->want && !named)
			continue;
		if (!o->want && (!ever_used(c) || (dev && (dev->kind == ST_KIND_PART || dev->member))))
			continue;
		d = get(ctx, c->name, &sec);
		if (!d)
			continue;
		r = row_push(iv, c->name, NULL);
		r->named = named;
		row_fill(o, r, dev, d, sec);
		if (judge && state_find(o, c->name))
			judge_saturation(o, state_find(o, c->name), r);
		for (char **s = dev ? dev->slaves : NULL; s && *s; s++) {
			const struct st_dstat *md = get(ctx, *s, &msec);
			struct st_obs_row *m;

			if (!md)
				continue;
			m = row_push(iv, *s, c->name);
			row_fill(o, m, st_obs_topo_find(o->topo, *s), md, msec);
			if (judge && state_find(o, *s))
				judge_saturation(o, state_find(o, *s), m);
		}
	}
}

/*
 * The machine's workload as the applications issued it: reads and writes
 * of the devices nothing is built on, counting a partitioned disk by its
 * partitions (so LVM on sda2 counts dm-0, not dm-0 and sda); flushes from
 * the devices at the bottom of the stacks, as the kernel counts flushes on
 * whole disks only.  A loop device whose backing file is on a device is
 * left out: its I/O is counted there.  With devices named, the sum of those.
 */
static void overall_sum(const struct st_observer *o, const struct st_diskstats *cur, delta_fn get,
			void *ctx, struct st_dstat *rw, struct st_dstat *fl, bool *has_flush, bool *wt)
{
	memset(rw, 0, sizeof(*rw));
	memset(fl, 0, sizeof(*fl));
	*has_flush = false; /* counted somewhere */
	*wt = false;        /* some device writes through: its fsyncs send no flush */
	for (size_t i = 0; i < cur->n; i++) {
		const struct st_dstat *c = &cur->v[i];
		const struct st_obs_dev *dev = st_obs_topo_find(o->topo, c->name);
		double sec;
		const struct st_dstat *d = get(ctx, c->name, &sec);
		bool part = dev && dev->kind == ST_KIND_PART;

		if (!d)
			continue;
		if (o->want) {
			/* flushes of a named stack: from its members */
			if (!is_wanted(o, c->name))
				continue;
			st_dstat_add(rw, d);
			for (char **s = dev ? dev->slaves : NULL; s && *s; s++) {
				const struct st_obs_dev *m = st_obs_topo_find(o->topo, *s);
				const struct st_dstat *md = get(ctx, *s, &sec);

				if (md && flushes_visible(m)) {
					st_dstat_add(fl, md);
					*has_flush |= md->nstats >= 17;
				}
				*wt |= m && m->write_through;
			}
			if (!dev || !dev->slaves) {
				if (flushes_visible(dev)) {
					st_dstat_add(fl, d);
					*has_flush |= d->nstats >= 17;
				}
				*wt |= dev && dev->write_through;
			}
			continue;
		}
		if (dev && dev->backing && get(ctx, dev->backing, &sec))
			continue;
		if (!(dev && dev->member) && (part || !(dev && dev->has_parts)))
			st_dstat_add(rw, d);
		if (!part && !(dev && dev->slaves) && (d->rd_ios || d->wr_ios || d->fl_ios)) {
			st_dstat_add(fl, d);
			if (d->nstats >= 17)
				*has_flush = true;
			if (dev && dev->write_through && d->wr_ios)
				*wt = true;
		}
	}
}

static void overall_fill(const struct st_observer *o, struct st_obs_interval *iv, const struct st_dstat *rw,
			 const struct st_dstat *fl, bool has_flush, bool wt, double sec)
{
	struct st_dstat d = *rw;

	d.fl_ios = fl->fl_ios;
	d.fl_ms = fl->fl_ms;
	d.nstats = has_flush ? 17 : (rw->nstats > 15 ? 15 : rw->nstats);
	st_iostat_compute(&d, sec, &iv->overall_io);
	st_obs_shape_of(&iv->overall_io, !wt, &iv->overall);
	iv->suggested = st_obs_suggest(o->ps, &iv->overall, o->exclude, &iv->next);
}

struct delta_ctx {
	const struct st_obs_sample *prev, *cur;
	struct st_obs_name *cur_ix;
	double sec;
	struct st_dstat *deltas; /* one per cur device, by index */
	bool *ok;
};

static const struct st_dstat *delta_get(void *vctx, const char *name, double *sec)
{
	struct delta_ctx *c = vctx;
	size_t i;

	*sec = c->sec;
	if (!st_obs_index_find(c->cur_ix, c->cur->ds.n, name, &i))
		return NULL;
	return c->ok[i] ? &c->deltas[i] : NULL;
}

int st_observer_feed(struct st_observer *o, const struct st_obs_sample *s, struct st_obs_interval *out,
		     bool *topo_stale)
{
	struct delta_ctx ctx = { .prev = &o->prev, .cur = s };
	struct st_obs_name *prev_ix;
	struct st_dstat rw, fl;
	bool has_flush, wt;
	double sec;

	memset(out, 0, sizeof(*out));
	if (topo_stale)
		*topo_stale = false;
	if (!o->have_prev) {
		sample_copy(&o->prev, s);
		o->have_prev = true;
		o->has_psi = s->has_psi;
		return 0;
	}
	sec = s->t - o->prev.t;
	if (!(sec > 0)) {
		st_err("samples out of order: %.3f s after the previous one", sec);
		return -EINVAL;
	}
	o->intervals++;
	o->seconds += sec;
	out->index = o->intervals;
	out->seconds = sec;
	out->since_start = o->seconds;
	ctx.sec = sec;
	ctx.deltas = st_xcalloc(s->ds.n + 1, sizeof(*ctx.deltas));
	ctx.ok = st_xcalloc(s->ds.n + 1, sizeof(*ctx.ok));
	ctx.cur_ix = ds_index(&s->ds);
	prev_ix = ds_index(&o->prev.ds);
	states_add(o, &s->ds);
	for (size_t i = 0; i < o->prev.ds.n; i++)
		if (!ds_find(&s->ds, ctx.cur_ix, o->prev.ds.v[i].name))
			st_strv_pushf(&out->events, "%s is gone", o->prev.ds.v[i].name);
	for (size_t i = 0; i < s->ds.n; i++) {
		const struct st_dstat *b = &s->ds.v[i];
		const struct st_dstat *a = ds_find(&o->prev.ds, prev_ix, b->name);
		struct devstate *st = state_find(o, b->name);

		if (!a) {
			st_strv_pushf(&out->events, "%s appeared; its figures start next interval", b->name);
			if (topo_stale && !st_obs_topo_find(o->topo, b->name))
				*topo_stale = true;
			continue;
		}
		if (st_dstat_sub(a, b, &ctx.deltas[i]) && (ever_used(a) || ever_used(b)))
			st_strv_pushf(&out->events, "%s: counters went backwards (wrapped, or the "
						    "device was made again)", b->name);
		ctx.ok[i] = true;
		st_dstat_add(&st->total, &ctx.deltas[i]);
		st->seconds += sec;
	}
	build_rows(o, &s->ds, out, delta_get, &ctx, true);
	overall_sum(o, &s->ds, delta_get, &ctx, &rw, &fl, &has_flush, &wt);
	overall_fill(o, out, &rw, &fl, has_flush, wt, sec);
	st_dstat_add(&o->total_rw, &rw);
	st_dstat_add(&o->total_fl, &fl);
	o->total_has_flush &= has_flush;
	o->total_wt |= wt;
	if (s->has_psi && o->prev.has_psi) {
		out->has_psi = true;
		out->psi_some_pct = (double)(s->psi_some_us - o->prev.psi_some_us) / (sec * 1e6) * 100;
		out->psi_full_pct = (double)(s->psi_full_us - o->prev.psi_full_us) / (sec * 1e6) * 100;
		o->psi_some_us += (double)(s->psi_some_us - o->prev.psi_some_us);
		o->psi_full_us += (double)(s->psi_full_us - o->prev.psi_full_us);
	} else {
		o->has_psi = false;
	}
	out->has_vm = s->has_vm;
	out->dirty_kb = s->dirty_kb;
	out->writeback_kb = s->writeback_kb;
	sample_copy(&o->prev, s);
	free(ctx.deltas);
	free(ctx.ok);
	free(ctx.cur_ix);
	free(prev_ix);
	return 1;
}

/* A device's sums, over the seconds it was measured. */
static const struct st_dstat *total_get(void *vctx, const char *name, double *sec)
{
	const struct devstate *st = state_find(vctx, name);

	if (!st)
		return NULL;
	*sec = st->seconds;
	return *sec > 0 ? &st->total : NULL;
}

int st_observer_summary(const struct st_observer *co, struct st_obs_interval *out)
{
	struct st_observer *o = (struct st_observer *)co; /* build_rows changes nothing unless judging */

	memset(out, 0, sizeof(*out));
	if (!o->intervals)
		return 0;
	out->index = 0;
	out->seconds = o->seconds;
	out->since_start = o->seconds;
	build_rows(o, &o->prev.ds, out, total_get, o, false); /* the last sample */
	for (size_t i = 0; i < out->nrows; i++) {
		struct st_obs_row *r = &out->rows[i];
		const struct devstate *st = state_find(o, r->name);

		if (st && st->saturated) {
			r->saturated = true;
			r->saturation = st_xasprintf("saturated in %u of %u intervals; first %s",
						     st->saturated, o->intervals, st->first_saturation);
		}
	}
	overall_fill(o, out, &o->total_rw, &o->total_fl, o->total_has_flush, o->total_wt, o->seconds);
	if (o->has_psi) {
		out->has_psi = true;
		out->psi_some_pct = o->psi_some_us / (o->seconds * 1e6) * 100;
		out->psi_full_pct = o->psi_full_us / (o->seconds * 1e6) * 100;
	}
	out->has_vm = o->prev.has_vm;
	out->dirty_kb = o->prev.dirty_kb;
	out->writeback_kb = o->prev.writeback_kb;
	return 1;
}

void st_obs_interval_free(struct st_obs_interval *iv)
{
	if (!iv)
		return;
	for (size_t i = 0; i < iv->nrows; i++) {
		free(iv->rows[i].name);
		free(iv->rows[i].holder);
		free(iv->rows[i].backing);
		free(iv->rows[i].saturation);
	}
	free(iv->rows);
	st_strv_free(iv->events);
	memset(iv, 0, sizeof(*iv));
}
