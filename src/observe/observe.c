/*
 * observe.c - owns the live workload's figures: sampling /proc/diskstats
 * (with PSI and vmstat beside it), the workload's shape (seed 004's
 * request-size rule, the read mix, flushes per write) from iostat's
 * figures (measure/iostat.c), saturation, the closest profile, and the
 * rows an interval shows: partitions rolled up to their disk, dm/md
 * devices with their members under them.  Printing is report_observe.c's;
 * recordings are observe_rec.c's.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "st_log.h"
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

/* Profile distance weights: per doubling of request size, per 100 points
 * of read share, for an fsync habit that differs. */
#define DIST_SIZE_PER_DOUBLING 0.15
#define DIST_READ_PER_100 1.0
#define DIST_FSYNC 0.5

/* Sampling --------------------------------------------------------------- */

/*
 * The number after marker on the line that starts with "key ": for
 * /proc/pressure/io ("some avg10=0.00 ... total=12345", marker "total=")
 * and /proc/vmstat ("nr_dirty 15", marker NULL: right after the key).
 */
static bool keyed_number(const char *text, const char *key, const char *marker, uint64_t *v)
{
	size_t kl = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *eol = strchrnul(l, '\n'), *p = l + kl + 1;
		char num[24];
		size_t n;

		if (strncmp(l, key, kl) != 0 || l[kl] != ' ')
			continue;
		if (marker) {
			size_t ml = strlen(marker);

			while (p + ml <= eol && strncmp(p, marker, ml) != 0)
				p++;
			if (p + ml > eol)
				return false;
			p += ml;
		}
		n = strspn(p, "0123456789");
		if (!n || n >= sizeof(num) || p + n > eol)
			return false;
		memcpy(num, p, n);
		num[n] = '\0';
		return st_parse_u64(num, v) == 0;
	}
	return false;
}

int st_obs_sample_read(struct st_path *pc, struct st_obs_sample *s)
{
	struct timespec ts;
	char *text = NULL;
	size_t len = 0;
	uint64_t a, b;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = st_diskstats_read(pc, &s->ds);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (rc < 0) {
		if (rc != -EINVAL) { /* a parse error has been said */
			char *disp = st_path_display(pc, "proc/diskstats");

			st_err("%s: %s", disp, strerror(-rc));
			free(disp);
		}
		return rc;
	}
	/* read_rawf's text is NUL-terminated */
	if (st_path_read_rawf(pc, &text, &len, "proc/pressure/io") == 0) {
		if (keyed_number(text, "some", "total=", &a) && keyed_number(text, "full", "total=", &b)) {
			s->has_psi = true;
			s->psi_some_us = a;
			s->psi_full_us = b;
		}
		free(text);
	}
	text = NULL;
	if (st_path_read_rawf(pc, &text, &len, "proc/vmstat") == 0) {
		long page = sysconf(_SC_PAGESIZE);
		uint64_t kb = page > 0 ? (uint64_t)page / 1024 : 4;

		if (keyed_number(text, "nr_dirty", NULL, &a) &&
		    keyed_number(text, "nr_writeback", NULL, &b)) {
			s->has_vm = true;
			s->dirty_kb = a * kb;
			s->writeback_kb = b * kb;
		}
		free(text);
	}
	return 0;
}

void st_obs_sample_free(struct st_obs_sample *s)
{
	if (s)
		st_diskstats_free(&s->ds);
}

/* Lookups by name ------------------------------------------------------- */

/*
 * A sorted index of an array's names, so that a machine with thousands of
 * disks and partitions costs n log n an interval, not n squared (10,240
 * devices took 1.2 s of CPU an interval before).
 */
struct st_obs_name {
	const char *name;
	size_t pos;
};

static int name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct st_obs_name *)a)->name, ((const struct st_obs_name *)b)->name);
}

/* names: n strings, base + i * size + off (inline: the name is an array in
 * the element; else a char * there). */
static struct st_obs_name *index_build(const void *base, size_t n, size_t size, size_t off, bool inline_name)
{
	struct st_obs_name *ix = st_xcalloc(n + 1, sizeof(*ix));

	for (size_t i = 0; i < n; i++) {
		const char *e = (const char *)base + i * size + off;

		ix[i].name = inline_name ? e : *(const char *const *)(const void *)e;
		ix[i].pos = i;
	}
	qsort(ix, n, sizeof(*ix), name_cmp);
	return ix;
}

static bool index_find(const struct st_obs_name *ix, size_t n, const char *name, size_t *pos)
{
	struct st_obs_name key = { name, 0 };
	const struct st_obs_name *hit = ix && n ? bsearch(&key, ix, n, sizeof(*ix), name_cmp) : NULL;

	if (hit)
		*pos = hit->pos;
	return hit != NULL;
}

static struct st_obs_name *ds_index(const struct st_diskstats *ds)
{
	return index_build(ds->v, ds->n, sizeof(*ds->v), offsetof(struct st_dstat, name), true);
}

static const struct st_dstat *ds_find(const struct st_diskstats *ds, const struct st_obs_name *ix,
				      const char *name)
{
	size_t pos;

	return index_find(ix, ds->n, name, &pos) ? &ds->v[pos] : NULL;
}

/* Topology --------------------------------------------------------------- */

struct st_obs_dev *st_obs_topo_add(struct st_obs_topo *t, const char *name, unsigned maj,
				   unsigned min)
{
	struct st_obs_dev *d;

	free(t->by_name); /* stale until st_obs_topo_finish */
	t->by_name = NULL;
	t->v = st_xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	d = &t->v[t->n++];
	memset(d, 0, sizeof(*d));
	d->name = st_xstrdup(name);
	d->maj = maj;
	d->min = min;
	d->kind = ST_KIND_DISK;
	d->class = ST_CLASS_UNKNOWN;
	return d;
}

void st_obs_topo_finish(struct st_obs_topo *t)
{
	size_t *parts = st_xcalloc(t->n + 1, sizeof(*parts)), *held = st_xcalloc(t->n + 1, sizeof(*held));
	size_t pos;

	free(t->by_name);
	t->by_name = index_build(t->v, t->n, sizeof(*t->v), offsetof(struct st_obs_dev, name), false);
	for (size_t i = 0; i < t->n; i++) {
		t->v[i].member = false;
		t->v[i].has_parts = false;
	}
	for (size_t i = 0; i < t->n; i++)
		for (char **s = t->v[i].slaves; s && *s; s++)
			if (index_find(t->by_name, t->n, *s, &pos))
				t->v[pos].member = true;
	/* a disk whose every partition is in a stack is shown there */
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].disk && index_find(t->by_name, t->n, t->v[i].disk, &pos)) {
			parts[pos]++;
			held[pos] += t->v[i].member;
		}
	}
	for (size_t i = 0; i < t->n; i++) {
		t->v[i].has_parts = parts[i] > 0;
		if (parts[i] && parts[i] == held[i])
			t->v[i].member = true;
	}
	free(parts);
	free(held);
}

/*
 * The device whose filesystem holds path: the mount with the longest
 * target that is a whole-component prefix of it.  Bind mounts and
 * symlinks in the path can mislead it; it only decides what the overall
 * counts once.
 */
static const struct st_device *file_device(const struct st_system *sys, const char *path)
{
	const struct st_mount *best = NULL;
	size_t blen = 0;

	for (size_t i = 0; path && path[0] == '/' && i < sys->mounts.n; i++) {
		const struct st_mount *m = sys->mounts.v[i];
		size_t n = m->target ? strlen(m->target) : 0;

		if (m->swap || !n || strncmp(path, m->target, n) != 0)
			continue;
		if (!(n == 1 || path[n] == '/' || path[n] == '\0'))
			continue;
		if (n >= blen) {
			best = m;
			blen = n;
		}
	}
	return best ? st_system_find_devno(sys, best->maj, best->min) : NULL;
}

void st_obs_topo_from_model(struct st_obs_topo *t, const struct st_system *sys)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < sys->devices.n; i++) {
		const struct st_device *dev = sys->devices.v[i];
		const struct st_queue *q = st_device_queue(dev);
		struct st_obs_dev *d = st_obs_topo_add(t, dev->kname, dev->maj, dev->min);

		d->kind = dev->kind;
		d->class = dev->class;
		if (dev->disk)
			d->disk = st_xstrdup(dev->disk->kname);
		for (size_t j = 0; j < dev->slaves.n; j++)
			st_strv_push(&d->slaves, dev->slaves.v[j]->kname);
		d->write_through = q && q->write_cache && strcmp(q->write_cache, "write through") == 0;
		if (dev->loop && dev->loop->backing_file) {
			const struct st_device *b = file_device(sys, dev->loop->backing_file);

			if (b && b != dev)
				d->backing = st_xstrdup(b->kname);
		}
	}
	st_obs_topo_finish(t);
}

const struct st_obs_dev *st_obs_topo_find(const struct st_obs_topo *t, const char *name)
{
	size_t pos;

	if (t && t->by_name)
		return index_find(t->by_name, t->n, name, &pos) ? &t->v[pos] : NULL;
	for (size_t i = 0; t && i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	return NULL;
}

void st_obs_topo_free(struct st_obs_topo *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].disk);
		free(t->v[i].backing);
		st_strv_free(t->v[i].slaves);
	}
	free(t->v);
	free(t->by_name);
	t->v = NULL;
	t->by_name = NULL;
	t->n = 0;
}

/*
 * Seed 004: %util "would be entirely accurate on a single disk system";
 * where several requests are served at once (flash, NVMe, arrays, and the
 * host storage behind a virtual or network disk) 100% only means that one
 * request was always in flight.
 */
bool st_obs_util_reliable(enum st_class class)
{
	return class == ST_CLASS_HDD || class == ST_CLASS_ROM;
}

/* Shapes ---------------------------------------------------------------- */

const char *st_obs_pattern_name(enum st_obs_pattern p)
{
	switch (p) {
	case ST_OBS_RANDOM:
		return "random";
	case ST_OBS_MIXED:
		return "mixed";
	case ST_OBS_SEQUENTIAL:
		return "sequential";
	case ST_OBS_IDLE:
		break;
	}
	return "idle";
}

void st_obs_shape_of(const struct st_iostat *io, bool flushes_visible, struct st_obs_shape *sh)
{
	memset(sh, 0, sizeof(*sh));
	sh->iops = io->r_s + io->w_s;
	sh->req_kib = sh->iops > 0 ? (io->rkb_s + io->wkb_s) / sh->iops : 0;
	sh->read_pct = sh->iops > 0 ? 100.0 * io->r_s / sh->iops : 0;
	sh->f_s = io->f_s;
	if (sh->iops < ST_OBS_IDLE_IOPS)
		sh->pattern = ST_OBS_IDLE;
	else if (sh->req_kib <= ST_OBS_RANDOM_MAX_KIB)
		sh->pattern = ST_OBS_RANDOM;
	else if (sh->req_kib > ST_OBS_SEQUENTIAL_MIN_KIB)
		sh->pattern = ST_OBS_SEQUENTIAL;
	else
		sh->pattern = ST_OBS_MIXED;
	if (!io->has_flush || !flushes_visible)
		sh->fsync_heavy = ST_TRI_UNKNOWN;
	else
		sh->fsync_heavy = io->f_s >= ST_OBS_FSYNC_MIN_FS &&
				  io->f_s * ST_OBS_FSYNC_WRITES >= io->w_s &&
				  io->w_s >= ST_OBS_IDLE_IOPS; /* not a journal commit's few */
}

/* 8 KiB, 4.5 KiB, 96 KiB, 1.2 MiB */
static void kib_text(double kib, char *buf, size_t len)
{
	if (kib >= 1000)
		snprintf(buf, len, "%.1f MiB", kib / 1024);
	else if (kib >= 10 || fabs(kib - round(kib)) < 0.05)
		snprintf(buf, len, "%.0f KiB", kib);
	else
		snprintf(buf, len, "%.1f KiB", kib);
}

char *st_obs_evidence(const struct st_obs_shape *sh, const struct st_iostat *io)
{
	char size[32], fl[96];

	if (sh->pattern == ST_OBS_IDLE)
		return st_xasprintf("idle (%.1f requests/s)", sh->iops);
	kib_text(sh->req_kib, size, sizeof(size));
	if (sh->fsync_heavy == ST_TRI_UNKNOWN)
		snprintf(fl, sizeof(fl), "%s", io->has_flush ? ", no flushes (write-through cache: fsync sends none)"
							     : ", flushes not counted here");
	else if (sh->f_s <= 0)
		snprintf(fl, sizeof(fl), ", no flushes");
	else if (io->w_s > 0 && round(io->w_s / sh->f_s) <= 1)
		snprintf(fl, sizeof(fl), ", %.*f flushes/s (1 per write)", sh->f_s < 10 ? 1 : 0, sh->f_s);
	else if (io->w_s > 0 && io->w_s / sh->f_s < 100)
		snprintf(fl, sizeof(fl), ", %.*f flushes/s (1 per %.0f writes)", sh->f_s < 10 ? 1 : 0,
			 sh->f_s, round(io->w_s / sh->f_s));
	else
		snprintf(fl, sizeof(fl), ", %.*f flushes/s", sh->f_s < 10 ? 1 : 0, sh->f_s);
	return st_xasprintf("%s %s, %.0f%% reads%s", st_obs_pattern_name(sh->pattern), size,
			    sh->read_pct, fl);
}

/*
 * How far a profile is from what was seen: 0.15 per doubling (or halving)
 * of the request size (a doubling weighs as much as 15 points of read
 * share: 4 KiB against 8 KiB says less than 10% against 50% reads), one
 * per 100 points of read share, and a
 * half when the profile's fsync habit differs from a visible one.  The
 * access pattern is not scored apart: it is the request size, cut at 16
 * and 128 KiB, and a log writer's 4 KiB appends are small but sequential.
 */
double st_obs_distance(const struct st_profile *p, const struct st_obs_shape *sh)
{
	double d = 0;

	if (p->request_size > 0 && sh->req_kib > 0)
		d += DIST_SIZE_PER_DOUBLING * fabs(log2(sh->req_kib * 1024.0 / (double)p->request_size));
	d += DIST_READ_PER_100 * fabs(sh->read_pct - (double)p->read_pct) / 100.0;
	if (sh->fsync_heavy != ST_TRI_UNKNOWN && (sh->fsync_heavy != 0) != p->fsync_heavy)
		d += DIST_FSYNC;
	return d;
}

const struct st_profile *st_obs_suggest(const struct st_profileset *ps, const struct st_obs_shape *sh,
					const char *exclude, const struct st_profile **next)
{
	const struct st_profile *best = NULL, *second = NULL;
	double bd = INFINITY, sd = INFINITY;

	if (next)
		*next = NULL;
	if (!ps || sh->pattern == ST_OBS_IDLE)
		return NULL;
	for (size_t i = 0; i < ps->n; i++) {
		const struct st_profile *p = ps->v[i];
		double d;

		if (p->bad || (exclude && strcmp(p->name, exclude) == 0))
			continue;
		d = st_obs_distance(p, sh);
		if (d < bd || (d == bd && best && strcmp(p->name, best->name) < 0)) {
			second = best;
			sd = bd;
			best = p;
			bd = d;
		} else if (d < sd) {
			second = p;
			sd = d;
		}
	}
	if (next)
		*next = second;
	return best;
}

/* The observer ----------------------------------------------------------- */

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

	return index_find(o->st_ix, o->nst_ix, name, &pos) ? &o->st[pos] : NULL;
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
		o->st_ix = index_build(o->st, o->nst, sizeof(*o->st), offsetof(struct devstate, name), true);
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
	if (!index_find(c->cur_ix, c->cur->ds.n, name, &i))
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
