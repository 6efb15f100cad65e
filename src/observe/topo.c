/*
 * topo.c - owns what observe knows about the devices it samples: which
 * devices there are, a partition's disk, what a dm/md device is built on,
 * the device a loop device's backing file lives on, whether the write
 * cache is volatile, and from that which devices are members shown under
 * their stack.  The topology comes from the probed model or from a
 * recording's `dev` lines (observe_rec.c).  Also the sorted name index it
 * and the observer look devices up by.
 */
#include <stdlib.h>
#include <string.h>

#include "st_model.h"
#include "st_obs_index.h"
#include "st_obs_topo.h"
#include "st_util.h"

/* Lookups by name ------------------------------------------------------- */

/* One name of the indexed array and where it is. */
struct st_obs_name {
	const char *name;
	size_t pos;
};

static int name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct st_obs_name *)a)->name, ((const struct st_obs_name *)b)->name);
}

struct st_obs_name *st_obs_index_build(const void *base, size_t n, size_t size, size_t off, bool inline_name)
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

bool st_obs_index_find(const struct st_obs_name *ix, size_t n, const char *name, size_t *pos)
{
	struct st_obs_name key = { name, 0 };
	const struct st_obs_name *hit = ix && n ? bsearch(&key, ix, n, sizeof(*ix), name_cmp) : NULL;

	if (hit)
		*pos = hit->pos;
	return hit != NULL;
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
	t->by_name = st_obs_index_build(t->v, t->n, sizeof(*t->v), offsetof(struct st_obs_dev, name), false);
	for (size_t i = 0; i < t->n; i++) {
		t->v[i].member = false;
		t->v[i].has_parts = false;
	}
	for (size_t i = 0; i < t->n; i++)
		for (char **s = t->v[i].slaves; s && *s; s++)
			if (st_obs_index_find(t->by_name, t->n, *s, &pos))
				t->v[pos].member = true;
	/* a disk whose every partition is in a stack is shown there */
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].disk && st_obs_index_find(t->by_name, t->n, t->v[i].disk, &pos)) {
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
		return st_obs_index_find(t->by_name, t->n, name, &pos) ? &t->v[pos] : NULL;
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
