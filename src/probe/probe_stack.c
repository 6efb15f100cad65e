/*
 * probe_stack.c - owns how devices are built on each other: slaves/ and
 * holders/ links, md arrays (level, chunk, disks, layout, members,
 * degradation), loop backing files, partition start sectors and their
 * alignment to the physical block, the optimal I/O size and the RAID stripe,
 * each device's leaf physical disks, and the stable ids, which follow the
 * stack (a partition's id derives from its disk's).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "st_attr.h"
#include "st_log.h"
#include "st_probe.h"
#include "st_units.h"
#include "st_util.h"

/* The kernel allows far fewer nesting levels than this (dm stacks ~16). */
#define MAX_STACK_DEPTH 64

static void link_devices(struct st_device *upper, struct st_device *lower)
{
	if (!st_devv_contains(&upper->slaves, lower))
		st_devv_push(&upper->slaves, lower);
	if (!st_devv_contains(&lower->holders, upper))
		st_devv_push(&lower->holders, upper);
}

/* slaves/ and holders/ hold symlinks named after the other device. */
static void read_links(struct st_probe_ctx *ctx, struct st_device *dev, const char *dir,
		       bool slaves)
{
	char **names = NULL;

	if (st_path_list_dirf(ctx->pc, &names, "%s/%s", dev->sysdir, dir) < 0)
		return;
	for (size_t i = 0; names && names[i]; i++) {
		struct st_device *other = st_system_find(ctx->sys, names[i]);

		if (!other) {
			st_debug("%s: %s/%s is not a listed device", dev->kname, dir, names[i]);
			continue;
		}
		if (slaves)
			link_devices(dev, other);
		else
			link_devices(other, dev);
	}
	st_strv_free(names);
}

/*
 * Data-bearing disks per stripe.  raid10's layout packs the copies: near
 * copies in bits 0-7, far copies in bits 8-15 (drivers/md/raid10.c).
 */
static uint64_t data_disks(const struct st_raid *r)
{
	uint64_t n = r->raid_disks;

	if (n == ST_UNKNOWN || !r->level)
		return ST_UNKNOWN;
	if (strcmp(r->level, "raid0") == 0)
		return n;
	if (strcmp(r->level, "raid1") == 0)
		return 1;
	if ((strcmp(r->level, "raid4") == 0 || strcmp(r->level, "raid5") == 0) && n > 1)
		return n - 1;
	if (strcmp(r->level, "raid6") == 0 && n > 2)
		return n - 2;
	if (strcmp(r->level, "raid10") == 0 && r->layout != ST_UNKNOWN) {
		uint64_t copies = (r->layout & 0xff) * ((r->layout >> 8) & 0xff);

		return copies ? n / copies : ST_UNKNOWN;
	}
	return ST_UNKNOWN;
}

static char *layout_name(const struct st_raid *r)
{
	/* raid5/6 parity layouts, md's ALGORITHM_* numbering */
	static const char *const parity[] = { "left-asymmetric", "right-asymmetric",
					      "left-symmetric", "right-symmetric",
					      "parity-first", "parity-last" };

	if (!r->level || r->layout == ST_UNKNOWN)
		return NULL;
	if ((strcmp(r->level, "raid5") == 0 || strcmp(r->level, "raid6") == 0) &&
	    r->layout < ST_ARRAY_SIZE(parity))
		return st_xstrdup(parity[r->layout]);
	if (strcmp(r->level, "raid10") == 0) {
		uint64_t near = r->layout & 0xff, far = (r->layout >> 8) & 0xff;
		bool offset = r->layout & 0x10000;

		if (far > 1)
			return st_xasprintf("%s=%" PRIu64, offset ? "offset" : "far", far);
		return st_xasprintf("near=%" PRIu64, near);
	}
	return NULL;
}

static void read_md(struct st_probe_ctx *ctx, struct st_device *dev)
{
	struct st_raid *r = st_xcalloc(1, sizeof(*r));
	uint64_t chunk = ST_UNKNOWN;
	const char *d = dev->sysdir;
	const char *v;

	st_attr_init(&st_raid_attrs, r);
	dev->raid = r;
	r->level = st_xstrdup(dev->type); /* md/level, already read for TYPE */
	st_probe_u64(ctx, &chunk, UINT32_MAX, "%s/md/chunk_size", d); /* bytes */
	if (chunk != ST_UNKNOWN)
		r->chunk_kb = chunk / 1024;
	st_probe_u64(ctx, &r->raid_disks, 4096, "%s/md/raid_disks", d);
	st_probe_u64(ctx, &r->layout, UINT32_MAX, "%s/md/layout", d);
	st_probe_u64(ctx, &r->degraded, 4096, "%s/md/degraded", d);
	st_probe_str(ctx, &r->array_state, "%s/md/array_state", d);
	st_probe_str(ctx, &r->uuid, "%s/md/uuid", d);
	if (!r->uuid && (v = st_kvlist_get(&dev->udev, "MD_UUID")))
		r->uuid = st_xstrdup(v);
	r->data_disks = data_disks(r);
	r->layout_name = layout_name(r);
	/* only the parity levels have a stripe cache */
	if (r->level && (strcmp(r->level, "raid4") == 0 || strcmp(r->level, "raid5") == 0 ||
			 strcmp(r->level, "raid6") == 0))
		st_probe_u64(ctx, &r->stripe_cache_size, 32768, "%s/md/stripe_cache_size", d);
}

static void read_loop(struct st_probe_ctx *ctx, struct st_device *dev)
{
	struct st_loop *l = st_xcalloc(1, sizeof(*l));

	st_attr_init(&st_loop_attrs, l);
	dev->loop = l;
	st_probe_str(ctx, &l->backing_file, "%s/loop/backing_file", dev->sysdir);
	st_probe_u64(ctx, &l->offset, UINT64_MAX - 1, "%s/loop/offset", dev->sysdir);
	st_probe_bool(ctx, &l->dio, "%s/loop/dio", dev->sysdir);
	st_probe_bool(ctx, &l->autoclear, "%s/loop/autoclear", dev->sysdir);
}

static int stack_device(struct st_probe_ctx *ctx, struct st_device *dev)
{
	if (dev->kind != ST_KIND_PART) /* partitions have holders/ only */
		read_links(ctx, dev, "slaves", true);
	read_links(ctx, dev, "holders", false);
	if (dev->kind == ST_KIND_PART && dev->part)
		st_probe_u64(ctx, &dev->part->start, UINT64_MAX / ST_SECTOR, "%s/start", dev->sysdir);
	else if (dev->kind == ST_KIND_MD)
		read_md(ctx, dev);
	else if (dev->kind == ST_KIND_LOOP)
		read_loop(ctx, dev);
	return 0;
}

/*
 * The device graph as a walk sees it: each device's index in sys->devices
 * (found by address), a mark per device, and the generation a mark belongs
 * to, so that one array serves every walk.
 */
struct graph {
	const struct st_system *sys;
	struct st_device **by_addr; /* the devices sorted by address */
	unsigned *mark;             /* per index of sys->devices */
	unsigned gen;
};

static int cmp_addr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (struct st_device *const *)a;
	uintptr_t y = (uintptr_t) * (struct st_device *const *)b;

	return x < y ? -1 : x > y;
}

static void graph_init(struct graph *g, const struct st_system *sys)
{
	size_t n = sys->devices.n;

	g->sys = sys;
	g->by_addr = st_xcalloc(n + 1, sizeof(*g->by_addr));
	if (n) { /* no devices: devices.v is NULL, which memcpy may not take */
		memcpy(g->by_addr, sys->devices.v, n * sizeof(*g->by_addr));
		qsort(g->by_addr, n, sizeof(*g->by_addr), cmp_addr);
	}
	g->mark = st_xcalloc(n + 1, sizeof(*g->mark));
	g->gen = 0;
}

static void graph_free(struct graph *g)
{
	free(g->by_addr);
	free(g->mark);
}

/* The mark of dev (a slot in g->mark, by address). */
static unsigned *mark_of(struct graph *g, const struct st_device *dev)
{
	struct st_device *const *r = bsearch(&dev, g->by_addr, g->sys->devices.n,
					     sizeof(*g->by_addr), cmp_addr);

	return r ? &g->mark[r - g->by_addr] : NULL;
}

static void drop_link(struct st_devv *v, const struct st_device *dev)
{
	size_t k = 0;

	for (size_t i = 0; i < v->n; i++)
		if (v->v[i] != dev)
			v->v[k++] = v->v[i];
	v->n = k;
}

/*
 * Depth first over slaves: a slave still on the path (marked gen + 1, "in
 * progress") closes a cycle, which the kernel never makes but a damaged or
 * hand-made tree may (dm-0 and dm-1 each the other's slave, a device its
 * own holder).  That link is dropped, with one warning, so every later walk
 * of the stack ends.  Done devices are marked gen + 2 and never entered
 * again: each device and link is looked at once.
 */
static void break_cycles_from(struct graph *g, struct st_device *dev, unsigned depth)
{
	unsigned *m = mark_of(g, dev);

	if (!m || *m >= g->gen + 1)
		return;
	*m = g->gen + 1;
	for (size_t i = 0; i < dev->slaves.n;) {
		struct st_device *s = dev->slaves.v[i];
		unsigned *sm = mark_of(g, s);

		if (sm && (*sm == g->gen + 1 || depth >= MAX_STACK_DEPTH)) {
			if (*sm == g->gen + 1)
				st_warn("%s: its slave %s is also above it (a cycle of slaves and "
					"holders, which the kernel never makes); that link is ignored",
					dev->kname, s->kname);
			else
				st_warn("%s: its slave %s is more than %d levels down; that link is "
					"ignored", dev->kname, s->kname, MAX_STACK_DEPTH);
			drop_link(&dev->slaves, s);
			drop_link(&s->holders, dev);
			continue;
		}
		break_cycles_from(g, s, depth + 1);
		i++;
	}
	*m = g->gen + 2;
}

static void break_cycles(struct graph *g)
{
	for (size_t i = 0; i < g->sys->devices.n; i++)
		break_cycles_from(g, g->sys->devices.v[i], 0);
	g->gen += 2;
}

/* Leaves: what a stack ends on.  A partition ends on its disk.  Each device
 * once per top (a RAID over partitions of one disk reaches it twice). */
static void collect_leaves(struct graph *g, struct st_device *top, struct st_device *dev)
{
	unsigned *m = mark_of(g, dev);

	if (!m || *m == g->gen)
		return;
	*m = g->gen;
	if (dev->slaves.n) {
		for (size_t i = 0; i < dev->slaves.n; i++)
			collect_leaves(g, top, dev->slaves.v[i]);
	} else if (dev->kind == ST_KIND_PART && dev->disk && dev->disk != dev) {
		collect_leaves(g, top, dev->disk);
	} else {
		st_devv_push(&top->leaves, dev);
	}
}

static int tri_aligned(uint64_t offset, uint64_t unit)
{
	if (offset == ST_UNKNOWN || unit == ST_UNKNOWN || unit == 0)
		return ST_TRI_UNKNOWN;
	return offset % unit == 0;
}

static void check_alignment(struct st_device *part)
{
	const struct st_queue *q = st_device_queue(part);
	const struct st_raid *r = part->disk ? part->disk->raid : NULL;
	struct st_partinfo *p = part->part;
	uint64_t off;

	if (!p || p->start == ST_UNKNOWN)
		return;
	off = p->start * ST_SECTOR;
	p->aligned_physical = tri_aligned(off, q->physical_block_size);
	p->aligned_opt_io = tri_aligned(off, q->opt_io);
	if (r && r->chunk_kb != ST_UNKNOWN && r->data_disks != ST_UNKNOWN && r->chunk_kb) {
		p->stripe_bytes = r->chunk_kb * 1024 * r->data_disks;
		p->aligned_stripe = tri_aligned(off, p->stripe_bytes);
	}
}

/*
 * The id that survives renaming (sdb becoming sdc), in the terms udev
 * matches on: ID_WWN, ID_SERIAL, DM_UUID, MD_UUID, the partition UUID.
 */
static void set_stable_id(struct st_device *dev)
{
	const char *v;

	switch (dev->kind) {
	case ST_KIND_PART:
		if ((v = st_kvlist_get(&dev->udev, "ID_PART_ENTRY_UUID")))
			dev->stable_id = st_xasprintf("partuuid:%s", v);
		else if (dev->disk && dev->disk->stable_id && dev->part &&
			 dev->part->number != ST_UNKNOWN)
			dev->stable_id = st_xasprintf("%s-part%" PRIu64, dev->disk->stable_id,
						      dev->part->number);
		return;
	case ST_KIND_DM:
		if (dev->dm && dev->dm->uuid)
			dev->stable_id = st_xasprintf("dm-uuid:%s", dev->dm->uuid);
		else if (dev->dm && dev->dm->name)
			dev->stable_id = st_xasprintf("dm-name:%s", dev->dm->name);
		return;
	case ST_KIND_MD:
		if (dev->raid && dev->raid->uuid)
			dev->stable_id = st_xasprintf("md-uuid:%s", dev->raid->uuid);
		return;
	case ST_KIND_LOOP:
		if (dev->loop && dev->loop->backing_file)
			dev->stable_id = st_xasprintf("loop-file:%s", dev->loop->backing_file);
		return;
	default:
		break;
	}
	if (dev->wwn)
		dev->stable_id = st_xasprintf("wwn:%s", dev->wwn);
	else if ((v = st_kvlist_get(&dev->udev, "ID_SERIAL")))
		dev->stable_id = st_xasprintf("serial:%s", v);
	else if (dev->serial)
		dev->stable_id = dev->model ? st_xasprintf("serial:%s_%s", dev->model, dev->serial)
					    : st_xasprintf("serial:%s", dev->serial);
	if (dev->stable_id)
		for (char *p = dev->stable_id; *p; p++)
			if (*p == ' ')
				*p = '_';
}

static int stack_system(struct st_probe_ctx *ctx)
{
	struct st_system *sys = ctx->sys;
	struct graph g;

	for (size_t i = 0; i < sys->devices.n; i++) {
		struct st_device *dev = sys->devices.v[i];

		/* links arrive from both ends in any order; show them sorted */
		st_devv_sort(&dev->slaves);
		st_devv_sort(&dev->holders);
	}
	graph_init(&g, sys);
	break_cycles(&g);
	for (size_t i = 0; i < sys->devices.n; i++) {
		struct st_device *dev = sys->devices.v[i];

		g.gen++;
		collect_leaves(&g, dev, dev);
		if (dev->kind == ST_KIND_PART)
			check_alignment(dev);
		if (dev->raid) {
			for (size_t s = 0; s < dev->slaves.n; s++)
				st_strv_push(&dev->raid->members, dev->slaves.v[s]->kname);
		}
	}
	/* whole devices first: partition ids derive from them */
	for (size_t i = 0; i < sys->devices.n; i++)
		if (sys->devices.v[i]->kind != ST_KIND_PART)
			set_stable_id(sys->devices.v[i]);
	for (size_t i = 0; i < sys->devices.n; i++)
		if (sys->devices.v[i]->kind == ST_KIND_PART)
			set_stable_id(sys->devices.v[i]);
	graph_free(&g);
	return 0;
}

static void stack_prefetch(struct st_probe_ctx *ctx, const struct st_device *dev,
			   struct st_probe_wants *w)
{
	static const char *const loop[] = { "backing_file", "offset", "dio", "autoclear" };

	(void)ctx;
	if (dev->kind == ST_KIND_PART)
		st_probe_want(w, "%s/start", dev->sysdir);
	else if (dev->kind == ST_KIND_LOOP)
		for (size_t i = 0; i < ST_ARRAY_SIZE(loop); i++)
			st_probe_want(w, "%s/loop/%s", dev->sysdir, loop[i]);
}

const struct st_probe_ops st_probe_stack_ops = {
	.name = "stack",
	.device = stack_device,
	.system = stack_system,
	.prefetch = stack_prefetch,
};
