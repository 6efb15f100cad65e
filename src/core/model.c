/*
 * model.c - owns the lifetime of the system model (devices, mounts, system
 * facts; the fields the attribute tables describe are set to unknown and
 * freed through them) and the lookups every later stage uses.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include <libmount.h>

#include "st_attr.h"
#include "st_model.h"
#include "st_util.h"

/* Grow in powers of two: capacity is implied by n. */
static void *grow(void *v, size_t n, size_t elem)
{
	if (n == 0 || (n & (n - 1)) == 0)
		v = st_xrealloc(v, (n ? n * 2 : 4) * elem);
	return v;
}

void st_devv_push(struct st_devv *v, struct st_device *dev)
{
	v->v = grow(v->v, v->n, sizeof(*v->v));
	v->v[v->n++] = dev;
}

bool st_devv_contains(const struct st_devv *v, const struct st_device *dev)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i] == dev)
			return true;
	return false;
}

static int cmp_kname(const void *a, const void *b);

void st_devv_sort(struct st_devv *v)
{
	if (v->n > 1)
		qsort(v->v, v->n, sizeof(*v->v), cmp_kname);
}

void st_mntv_push(struct st_mntv *v, struct st_mount *mnt)
{
	v->v = grow(v->v, v->n, sizeof(*v->v));
	v->v[v->n++] = mnt;
}

struct st_device *st_device_new(void)
{
	struct st_device *dev = st_xcalloc(1, sizeof(*dev));

	dev->size = ST_UNKNOWN;
	dev->ro = dev->removable = ST_TRI_UNKNOWN;
	dev->nvme_paths = ST_UNKNOWN;
	dev->hwraid = dev->rotational_trusted = ST_TRI_UNKNOWN;
	st_attr_init(&st_queue_attrs, &dev->queue);
	return dev;
}

void st_device_free(struct st_device *dev)
{
	if (!dev)
		return;
	free(dev->kname);
	free(dev->name);
	free(dev->sysdir);
	free(dev->type);
	free(dev->model);
	free(dev->vendor);
	free(dev->serial);
	free(dev->wwn);
	free(dev->rev);
	free(dev->stable_id);
	free(dev->transport);
	free(dev->nvme_iopolicy);
	free(dev->nvme_subsysnqn);
	free(dev->host_driver);
	st_strv_free(dev->class_reasons);

	st_attr_clear(&st_queue_attrs, &dev->queue);
	free(dev->part);
	if (dev->raid)
		st_attr_clear(&st_raid_attrs, dev->raid);
	free(dev->raid);
	if (dev->dm)
		st_attr_clear(&st_dm_attrs, dev->dm);
	free(dev->dm);
	if (dev->loop)
		st_attr_clear(&st_loop_attrs, dev->loop);
	free(dev->loop);
	if (dev->cache)
		st_attr_clear(&st_cache_attrs, dev->cache);
	free(dev->cache);
	if (dev->crypt)
		st_attr_clear(&st_crypt_attrs, dev->crypt);
	free(dev->crypt);
	st_attr_clear(&st_fs_attrs, &dev->fs);
	st_kvlist_free(&dev->udev);

	free(dev->partitions.v);
	free(dev->slaves.v);
	free(dev->holders.v);
	free(dev->leaves.v);
	free(dev->mounts.v);
	free(dev);
}

struct st_mount *st_mount_new(void)
{
	struct st_mount *m = st_xcalloc(1, sizeof(*m));

	st_attr_init(&st_mount_attrs, m);
	return m;
}

void st_mount_free(struct st_mount *m)
{
	if (!m)
		return;
	free(m->target);
	free(m->source);
	free(m->fstype);
	free(m->root);
	free(m->options);
	free(m->vfs_options);
	free(m->fs_options);
	free(m->atime);
	free(m->data_mode);
	free(m->fstab_options);
	free(m->fstab_source);
	free(m);
}

struct st_system *st_system_new(void)
{
	struct st_system *sys = st_xcalloc(1, sizeof(*sys));

	st_attr_init(&st_vm_attrs, &sys->vm);
	st_attr_init(&st_system_attrs, sys);
	st_attr_init(&st_virt_attrs, &sys->virt);
	return sys;
}

void st_system_free(struct st_system *sys)
{
	if (!sys)
		return;
	for (size_t i = 0; i < sys->devices.n; i++)
		st_device_free(sys->devices.v[i]);
	free(sys->devices.v);
	free(sys->by_devno.v);
	for (size_t i = 0; i < sys->mounts.n; i++)
		st_mount_free(sys->mounts.v[i]);
	free(sys->mounts.v);
	st_attr_clear(&st_virt_attrs, &sys->virt);
	st_strv_free(sys->hidden);
	free(sys);
}

static int cmp_kname(const void *a, const void *b)
{
	const struct st_device *x = *(struct st_device *const *)a;
	const struct st_device *y = *(struct st_device *const *)b;

	return st_name_cmp(x->kname, y->kname);
}

static int cmp_devno(const void *a, const void *b)
{
	const struct st_device *x = *(struct st_device *const *)a;
	const struct st_device *y = *(struct st_device *const *)b;

	if (x->maj != y->maj)
		return x->maj < y->maj ? -1 : 1;
	if (x->min != y->min)
		return x->min < y->min ? -1 : 1;
	return 0;
}

void st_system_sort(struct st_system *sys)
{
	if (sys->devices.n > 1)
		qsort(sys->devices.v, sys->devices.n, sizeof(*sys->devices.v), cmp_kname);
	free(sys->by_devno.v);
	sys->by_devno.v = st_xmalloc((sys->devices.n + 1) * sizeof(*sys->by_devno.v));
	if (sys->devices.n)
		memcpy(sys->by_devno.v, sys->devices.v, sys->devices.n * sizeof(*sys->devices.v));
	sys->by_devno.n = sys->devices.n;
	if (sys->by_devno.n > 1)
		qsort(sys->by_devno.v, sys->by_devno.n, sizeof(*sys->by_devno.v), cmp_devno);
}

struct st_device *st_system_find(const struct st_system *sys, const char *kname)
{
	struct st_device key = { .kname = (char *)kname }, *pk = &key, **r;

	if (!sys->devices.n)
		return NULL;
	r = bsearch(&pk, sys->devices.v, sys->devices.n, sizeof(*sys->devices.v), cmp_kname);
	return r ? *r : NULL;
}

struct st_device *st_system_find_devno(const struct st_system *sys, unsigned maj, unsigned min)
{
	struct st_device key = { .maj = maj, .min = min }, *pk = &key, **r;

	if (!sys->by_devno.n)
		return NULL;
	r = bsearch(&pk, sys->by_devno.v, sys->by_devno.n, sizeof(*sys->by_devno.v), cmp_devno);
	return r ? *r : NULL;
}

struct st_device *st_system_lookup(const struct st_system *sys, const char *what)
{
	struct st_device *dev;
	unsigned maj, min;
	char tail;

	if (st_startswith(what, "/dev/mapper/"))
		what += strlen("/dev/mapper/");
	else if (st_startswith(what, "/dev/"))
		what += strlen("/dev/");
	dev = st_system_find(sys, what);
	if (dev)
		return dev;
	if (sscanf(what, "%u:%u%c", &maj, &min, &tail) == 2)
		return st_system_find_devno(sys, maj, min);
	for (size_t i = 0; i < sys->devices.n; i++) {
		dev = sys->devices.v[i];
		if (dev->kind == ST_KIND_DM && st_streq(dev->name, what))
			return dev;
	}
	return NULL;
}

bool st_device_is_root(const struct st_device *dev)
{
	return dev->kind != ST_KIND_PART && dev->slaves.n == 0;
}

char **st_mount_options_split(const char *optstr)
{
	char **v = st_xcalloc(1, sizeof(*v));
	char *copy = st_xstrdup(optstr ? optstr : ""), *p = copy, *name, *val;
	size_t nsz, vsz;

	while (mnt_optstr_next_option(&p, &name, &nsz, &val, &vsz) == 0) {
		/* the option as written: name, and =value (quotes included) */
		size_t len = val ? (size_t)(val + vsz - name) : nsz;
		char *opt = st_xstrndup(name, len);

		st_strv_push(&v, opt);
		free(opt);
	}
	free(copy);
	return v;
}
