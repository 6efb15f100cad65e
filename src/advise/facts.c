/*
 * facts.c - owns the identifiers of the rule language: which facts of the
 * system model and the profile a rule may name (device.class, mount.atime,
 * vm.dirty_bytes, profile.access ...), their types, the scopes they exist
 * in, and how each is read from the model for one target.
 *
 * This is the one binding between the model and the rules: the expression
 * module knows only names and types, the model knows nothing of rules.
 * Facts that are model attributes come from the attribute tables
 * (st_attr.h: their entries name the fact); the table below holds the facts
 * derived from the model or the profile.  A fact the probe could not read
 * is returned as unknown, naming itself, so that `advise -v` can say which
 * fact kept a rule from firing.  rules/README.md documents every
 * identifier.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "st_attr.h"
#include "st_rules.h"
#include "st_util.h"

#define S_DEV (1u << ST_SCOPE_DEVICE)
#define S_MNT (1u << ST_SCOPE_MOUNT)
#define S_SYS (1u << ST_SCOPE_SYSTEM)
#define S_ANY (S_DEV | S_MNT | S_SYS)
#define S_DM (S_DEV | S_MNT) /* device facts: in a mount rule, the mounted device */

/* The derived facts.  Attribute facts get the ids from F_NR on. */
enum fact_id {
	F_DEV_HAS_QUEUE, F_DEV_VOLATILE_CACHE, F_DEV_DISCARD, F_DEV_STACKED, F_DEV_HOLDERS,
	F_DEV_LEAF, F_DEV_UNDER_RAID, F_DEV_UNDER_DM, F_DEV_RAID_STRIPE, F_DEV_MOUNTED,
	F_DEV_UNDER_CACHE, F_DEV_SWAP, F_DEV_NAMED, F_DEV_LEAF_CLASS,
	F_IOSCHED_READ_EXPIRE, F_IOSCHED_WRITE_EXPIRE, F_IOSCHED_FIFO_BATCH,
	F_IOSCHED_WRITES_STARVED, F_IOSCHED_FRONT_MERGES, F_IOSCHED_LOW_LATENCY,
	F_IOSCHED_SLICE_IDLE, F_IOSCHED_READ_LAT_NSEC, F_IOSCHED_WRITE_LAT_NSEC,
	F_MNT_OPTIONS, F_MNT_BARRIER, F_MNT_DATA, F_MNT_DISCARD, F_MNT_FSTAB, F_MNT_HOLDS_ATIME_PATH,
	F_SYS_HDD_COUNT, F_SYS_SSD_COUNT, F_SYS_NVME_COUNT,
	F_PROF_NAME, F_PROF_ACCESS, F_PROF_READ_PCT, F_PROF_WRITE_PCT, F_PROF_REQUEST_SIZE,
	F_PROF_DURABILITY, F_PROF_GOAL, F_PROF_FSYNC_HEAVY, F_PROF_PAGE_CACHE, F_PROF_ATIME_PATHS,
	F_PROF_SHARED,
	F_NR
};

#define B ST_V_BOOL
#define N ST_V_NUM
#define Z ST_V_SIZE
#define T ST_V_STR
#define L ST_V_LIST

/* Sorted by name (strcmp), as written: a test checks it. */
static const struct st_symbol symbols[] = {
	{ "device.discard", B, 0, S_DM, F_DEV_DISCARD },
	{ "device.has_queue", B, 0, S_DM, F_DEV_HAS_QUEUE },
	{ "device.holders", N, 0, S_DM, F_DEV_HOLDERS },
	{ "device.iosched.fifo_batch", N, 0, S_DM, F_IOSCHED_FIFO_BATCH },
	{ "device.iosched.front_merges", N, 0, S_DM, F_IOSCHED_FRONT_MERGES },
	{ "device.iosched.low_latency", N, 0, S_DM, F_IOSCHED_LOW_LATENCY },
	{ "device.iosched.read_expire", N, 0, S_DM, F_IOSCHED_READ_EXPIRE },
	{ "device.iosched.read_lat_nsec", N, 0, S_DM, F_IOSCHED_READ_LAT_NSEC },
	{ "device.iosched.slice_idle", N, 0, S_DM, F_IOSCHED_SLICE_IDLE },
	{ "device.iosched.write_expire", N, 0, S_DM, F_IOSCHED_WRITE_EXPIRE },
	{ "device.iosched.write_lat_nsec", N, 0, S_DM, F_IOSCHED_WRITE_LAT_NSEC },
	{ "device.iosched.writes_starved", N, 0, S_DM, F_IOSCHED_WRITES_STARVED },
	{ "device.leaf", B, 0, S_DM, F_DEV_LEAF },
	{ "device.leaf_class", T, 0, S_DM, F_DEV_LEAF_CLASS },
	{ "device.mounted", B, 0, S_DM, F_DEV_MOUNTED },
	{ "device.named", B, 0, S_DM, F_DEV_NAMED },
	{ "device.raid.stripe", Z, 0, S_DM, F_DEV_RAID_STRIPE },
	{ "device.stacked", B, 0, S_DM, F_DEV_STACKED },
	{ "device.swap", B, 0, S_DM, F_DEV_SWAP },
	{ "device.under_cache", B, 0, S_DM, F_DEV_UNDER_CACHE },
	{ "device.under_dm", B, 0, S_DM, F_DEV_UNDER_DM },
	{ "device.under_raid", B, 0, S_DM, F_DEV_UNDER_RAID },
	{ "device.volatile_cache", B, 0, S_DM, F_DEV_VOLATILE_CACHE },
	{ "mount.barrier", B, 0, S_MNT, F_MNT_BARRIER },
	{ "mount.data", T, 0, S_MNT, F_MNT_DATA },
	{ "mount.discard", B, 0, S_MNT, F_MNT_DISCARD },
	{ "mount.fstab", B, 0, S_MNT, F_MNT_FSTAB },
	{ "mount.holds_atime_path", B, 0, S_MNT, F_MNT_HOLDS_ATIME_PATH },
	{ "mount.options", L, T, S_MNT, F_MNT_OPTIONS },
	{ "profile.access", T, 0, S_ANY, F_PROF_ACCESS },
	{ "profile.atime_paths", L, T, S_ANY, F_PROF_ATIME_PATHS },
	{ "profile.durability", T, 0, S_ANY, F_PROF_DURABILITY },
	{ "profile.fsync_heavy", B, 0, S_ANY, F_PROF_FSYNC_HEAVY },
	{ "profile.goal", T, 0, S_ANY, F_PROF_GOAL },
	{ "profile.name", T, 0, S_ANY, F_PROF_NAME },
	{ "profile.page_cache", B, 0, S_ANY, F_PROF_PAGE_CACHE },
	{ "profile.read_pct", N, 0, S_ANY, F_PROF_READ_PCT },
	{ "profile.request_size", Z, 0, S_ANY, F_PROF_REQUEST_SIZE },
	{ "profile.shared", B, 0, S_ANY, F_PROF_SHARED },
	{ "profile.write_pct", N, 0, S_ANY, F_PROF_WRITE_PCT },
	{ "system.hdd_count", N, 0, S_ANY, F_SYS_HDD_COUNT },
	{ "system.nvme_count", N, 0, S_ANY, F_SYS_NVME_COUNT },
	{ "system.ssd_count", N, 0, S_ANY, F_SYS_SSD_COUNT },
};

#undef B
#undef N
#undef Z
#undef T
#undef L

const struct st_symbol *st_facts_derived(size_t *n)
{
	*n = ST_ARRAY_SIZE(symbols);
	return symbols;
}

/* Attribute facts ----------------------------------------------------------- */

static const struct st_raid *raid_of(const struct st_device *dev);

static const void *dev_base(const struct st_facts *f)
{
	return f->dev;
}

static const void *queue_base(const struct st_facts *f)
{
	return f->dev ? st_device_queue(f->dev) : NULL;
}

static const void *part_base(const struct st_facts *f)
{
	return f->dev ? f->dev->part : NULL;
}

/* an md member's facts are its array's */
static const void *raid_base(const struct st_facts *f)
{
	return f->dev ? raid_of(f->dev) : NULL;
}

static const void *loop_base(const struct st_facts *f)
{
	return f->dev ? f->dev->loop : NULL;
}

static const void *cache_base(const struct st_facts *f)
{
	return f->dev ? f->dev->cache : NULL;
}

/* the dm-crypt mapping at or below the device (a volume on an encrypted PV) */
static const struct st_crypt *crypt_of(const struct st_device *dev, int depth)
{
	const struct st_crypt *c;

	if (dev->crypt || depth > 16)
		return dev->crypt;
	for (size_t i = 0; i < dev->slaves.n; i++)
		if ((c = crypt_of(dev->slaves.v[i], depth + 1)))
			return c;
	return NULL;
}

static const void *crypt_base(const struct st_facts *f)
{
	return f->dev ? crypt_of(f->dev, 0) : NULL;
}

static const void *fs_base(const struct st_facts *f)
{
	return f->dev ? &f->dev->fs : NULL;
}

static const void *mount_base(const struct st_facts *f)
{
	return f->mnt;
}

static const void *vm_base(const struct st_facts *f)
{
	return f->sys ? &f->sys->vm : NULL;
}

static const void *sys_base(const struct st_facts *f)
{
	return f->sys;
}

static const void *virt_base(const struct st_facts *f)
{
	return f->sys ? &f->sys->virt : NULL;
}

/* The tables whose entries name facts, the scopes those exist in, and
 * where a target's struct is. */
static const struct attr_source {
	const struct st_attr_table *table;
	unsigned scopes;
	const void *(*base)(const struct st_facts *f);
} sources[] = {
	{ &st_device_attrs, S_DM, dev_base },   { &st_queue_attrs, S_DM, queue_base },
	{ &st_identity_attrs, S_DM, dev_base }, { &st_part_attrs, S_DM, part_base },
	{ &st_raid_attrs, S_DM, raid_base },    { &st_fs_attrs, S_DM, fs_base },
	{ &st_dm_attrs, S_DM, dev_base },       { &st_loop_attrs, S_DM, loop_base },
	{ &st_cache_attrs, S_DM, cache_base },  { &st_crypt_attrs, S_DM, crypt_base },
	{ &st_mount_attrs, S_MNT, mount_base }, { &st_vm_attrs, S_ANY, vm_base },
	{ &st_system_attrs, S_ANY, sys_base },  { &st_virt_attrs, S_ANY, virt_base },
};

/* every attribute fact: where it is, by id - F_NR */
static struct attr_fact {
	const struct attr_source *src;
	const struct st_attr *attr;
} attr_facts[128];
static size_t nattr_facts;

/* The expression type of an attribute's fact. */
static enum st_vtype attr_vtype(const struct st_attr *a)
{
	switch (a->type) {
	case ST_AT_U64:
		return a->scale ? ST_V_SIZE : ST_V_NUM;
	case ST_AT_TRI:
		return ST_V_BOOL;
	case ST_AT_STRV:
		return ST_V_LIST;
	default:
		return ST_V_STR;
	}
}

/* The symbol table: the derived facts and the attribute facts, in one
 * array sorted by name, made once from the two constant tables. */
static struct st_symbol all_syms[ST_ARRAY_SIZE(symbols) + ST_ARRAY_SIZE(attr_facts)];
static struct st_symtab symtab;

static const char *const scope_names[ST_SCOPE_NR] = {
	[ST_SCOPE_DEVICE] = "device rule",
	[ST_SCOPE_MOUNT] = "mount rule",
	[ST_SCOPE_SYSTEM] = "system rule",
};

static int sym_cmp(const void *a, const void *b)
{
	return strcmp(((const struct st_symbol *)a)->name, ((const struct st_symbol *)b)->name);
}

static void build_symtab(void)
{
	size_t n = ST_ARRAY_SIZE(symbols);

	memcpy(all_syms, symbols, sizeof(symbols));
	for (size_t s = 0; s < ST_ARRAY_SIZE(sources); s++) {
		const struct st_attr_table *t = sources[s].table;

		for (size_t i = 0; i < t->n; i++) {
			const struct st_attr *a = &t->v[i];

			if (!a->fact)
				continue;
			if (nattr_facts == ST_ARRAY_SIZE(attr_facts))
				abort(); /* attr_facts[] is too small: a programming error */
			attr_facts[nattr_facts] = (struct attr_fact){ &sources[s], a };
			all_syms[n++] = (struct st_symbol){ a->fact, attr_vtype(a),
							    a->type == ST_AT_STRV ? ST_V_STR : 0,
							    sources[s].scopes,
							    (int)(F_NR + nattr_facts) };
			nattr_facts++;
		}
	}
	qsort(all_syms, n, sizeof(all_syms[0]), sym_cmp);
	symtab.syms = all_syms;
	symtab.n = n;
	symtab.scope_names = scope_names;
}

const struct st_symtab *st_facts_symtab(void)
{
	if (!symtab.syms)
		build_symtab();
	return &symtab;
}

/* The name of fact id, for unknown values. */
static const char *fact_name(int id)
{
	if (id >= F_NR)
		return attr_facts[id - F_NR].attr->fact;
	for (size_t i = 0; i < ST_ARRAY_SIZE(symbols); i++)
		if (symbols[i].id == id)
			return symbols[i].name;
	return "?";
}

static void set_strv(struct st_value *v, char *const *list)
{
	st_value_set_list(v, ST_V_STR);
	for (char *const *p = list; p && *p; p++) {
		struct st_value item = { 0 };

		st_value_set_str(&item, *p);
		st_value_list_push(v, &item);
		st_value_clear(&item);
	}
}

/* An attribute's value as a rule sees it.  Sizes are in bytes, and a size
 * or number too large for the expression language is unknown. */
static void attr_fact_value(const struct attr_fact *af, const struct st_facts *f,
			    struct st_value *out)
{
	const struct st_attr *a = af->attr;
	struct st_attr_value v;

	st_attr_get(a, f ? af->src->base(f) : NULL, &v);
	if (v.type == ST_AT_STRV) { /* a list: empty when there is none */
		set_strv(out, v.v);
		return;
	}
	if (!v.known) {
		st_value_set_unknown(out, a->fact);
		return;
	}
	switch (v.type) {
	case ST_AT_U64:
		if (a->scale && v.u > INT64_MAX / a->scale)
			st_value_set_unknown(out, a->fact);
		else if (a->scale)
			st_value_set_size(out, (int64_t)(v.u * a->scale));
		else if (v.u > INT64_MAX)
			st_value_set_unknown(out, a->fact);
		else
			st_value_set_num(out, (int64_t)v.u);
		break;
	case ST_AT_TRI:
		st_value_set_bool(out, v.tri != 0);
		break;
	default:
		st_value_set_str(out, v.s);
		break;
	}
}

/* Derived facts ------------------------------------------------------------- */

/* Is a device of this kind built on dev, directly or through a partition
 * or another layer?  Returns the nearest one. */
static const struct st_device *above(const struct st_device *dev, enum st_kind kind, int depth)
{
	const struct st_device *r;

	if (depth > 16) /* stacks are a few layers; a loop in sysfs is garbage */
		return NULL;
	for (size_t i = 0; i < dev->holders.n; i++)
		if (dev->holders.v[i]->kind == kind)
			return dev->holders.v[i];
	for (size_t i = 0; i < dev->partitions.n; i++)
		if ((r = above(dev->partitions.v[i], kind, depth + 1)))
			return r;
	for (size_t i = 0; i < dev->holders.n; i++)
		if ((r = above(dev->holders.v[i], kind, depth + 1)))
			return r;
	return NULL;
}

/* The RAID a device belongs to: its own (md), its disk's (an md
 * partition), or the nearest array built on it. */
static const struct st_raid *raid_of(const struct st_device *dev)
{
	const struct st_device *md;

	if (dev->raid)
		return dev->raid;
	if (dev->disk && dev->disk->raid)
		return dev->disk->raid;
	md = above(dev, ST_KIND_MD, 0);
	return md ? md->raid : NULL;
}

/* Is a cached device (bcacheN, an LVM cache volume) built on dev, directly
 * or through a partition?  Then its reads go through the cache's device. */
static bool under_cache(const struct st_device *dev, int depth)
{
	if (depth > 16)
		return false;
	for (size_t i = 0; i < dev->holders.n; i++)
		if (dev->holders.v[i]->cache && st_streq(dev->holders.v[i]->cache->role, "cached"))
			return true;
	for (size_t i = 0; i < dev->partitions.n; i++)
		if (under_cache(dev->partitions.v[i], depth + 1))
			return true;
	for (size_t i = 0; i < dev->holders.n; i++)
		if (under_cache(dev->holders.v[i], depth + 1))
			return true;
	return false;
}

static size_t count_class(const struct st_system *sys, enum st_class cls)
{
	size_t n = 0;

	for (size_t i = 0; i < sys->devices.n; i++)
		if (sys->devices.v[i]->kind == ST_KIND_DISK && sys->devices.v[i]->class == cls)
			n++;
	return n;
}

static bool is_ext34(const struct st_mount *m)
{
	return st_streq(m->fstype, "ext3") || st_streq(m->fstype, "ext4");
}

static void set_unknown_id(struct st_value *v, int id)
{
	st_value_set_unknown(v, fact_name(id));
}

/* A scheduler tunable: the last part of the name, in iosched/. */
static void iosched_fact(const struct st_queue *q, int id, struct st_value *v)
{
	const char *name = fact_name(id);
	const char *s = st_kvlist_get(&q->iosched, strrchr(name, '.') + 1);
	uint64_t u;

	if (!s || st_parse_u64(s, &u) < 0 || u > INT64_MAX)
		st_value_set_unknown(v, name);
	else
		st_value_set_num(v, (int64_t)u);
}

static void device_fact(const struct st_device *d, bool named, int id, struct st_value *v)
{
	const struct st_queue *q = st_device_queue(d);
	const struct st_raid *r;
	size_t n = 0;

	switch (id) {
	case F_DEV_HAS_QUEUE: st_value_set_bool(v, d->kind != ST_KIND_PART && d->queue.present); break;
	case F_DEV_VOLATILE_CACHE:
		if (q->write_cache)
			st_value_set_bool(v, strcmp(q->write_cache, "write back") == 0);
		else
			set_unknown_id(v, id);
		break;
	case F_DEV_DISCARD:
		if (q->discard_max_bytes == ST_UNKNOWN)
			set_unknown_id(v, id);
		else
			st_value_set_bool(v, q->discard_max_bytes > 0);
		break;
	case F_DEV_STACKED: st_value_set_bool(v, d->slaves.n > 0); break;
	case F_DEV_HOLDERS: st_value_set_num(v, (int64_t)d->holders.n); break;
	case F_DEV_LEAF: st_value_set_bool(v, d->kind != ST_KIND_PART && d->slaves.n == 0); break;
	case F_DEV_UNDER_RAID: st_value_set_bool(v, above(d, ST_KIND_MD, 0) != NULL); break;
	case F_DEV_UNDER_DM: st_value_set_bool(v, above(d, ST_KIND_DM, 0) != NULL); break;
	case F_DEV_RAID_STRIPE:
		r = raid_of(d);
		if (!r || r->chunk_kb == ST_UNKNOWN || r->data_disks == ST_UNKNOWN ||
		    r->chunk_kb * 1024 * r->data_disks > INT64_MAX)
			set_unknown_id(v, id);
		else
			st_value_set_size(v, (int64_t)(r->chunk_kb * 1024 * r->data_disks));
		break;
	case F_DEV_MOUNTED:
	case F_DEV_SWAP:
		for (size_t i = 0; i < d->mounts.n; i++)
			n += d->mounts.v[i]->swap == (id == F_DEV_SWAP);
		st_value_set_bool(v, n > 0);
		break;
	case F_DEV_UNDER_CACHE: st_value_set_bool(v, under_cache(d, 0)); break;
	case F_DEV_NAMED: st_value_set_bool(v, named); break;
	case F_DEV_LEAF_CLASS: /* the class every leaf shares; unknown when they differ */
		for (size_t i = 1; i < d->leaves.n; i++)
			if (d->leaves.v[i]->class != d->leaves.v[0]->class)
				n++;
		if (d->leaves.n && !n)
			st_value_set_str(v, st_class_name(d->leaves.v[0]->class));
		else
			set_unknown_id(v, id);
		break;
	default:
		iosched_fact(q, id, v);
		break;
	}
}

static void mount_fact(const struct st_mount *m, int id, struct st_value *v)
{
	char **opts;

	switch (id) {
	case F_MNT_OPTIONS:
		opts = st_mount_options_split(m->options);
		set_strv(v, opts);
		st_strv_free(opts);
		break;
	case F_MNT_BARRIER: st_value_set_bool(v, m->barrier != 0); break;
	case F_MNT_DATA:
		if (m->data_mode || is_ext34(m))
			st_value_set_str(v, m->data_mode ? m->data_mode : "ordered");
		else
			set_unknown_id(v, id);
		break;
	case F_MNT_DISCARD: st_value_set_bool(v, m->discard == 1); break;
	default: st_value_set_bool(v, m->fstab_options != NULL); break; /* F_MNT_FSTAB */
	}
}

/* path is target or lies below it ("/" holds everything) */
static bool path_under(const char *path, const char *target)
{
	size_t n = strlen(target);

	if (strcmp(target, "/") == 0)
		return path[0] == '/';
	return strncmp(path, target, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/*
 * Whether one of the profile's atime_paths lives on m: m's target is the
 * longest mount point above the path (/var holds /var/mail unless
 * /var/mail is a mount of its own).
 */
static bool holds_atime_path(const struct st_system *s, const struct st_mount *m,
			     const struct st_profile *p)
{
	for (char *const *path = p->atime_paths; path && *path; path++) {
		const char *best = NULL;

		for (size_t i = 0; i < s->mounts.n; i++) {
			const struct st_mount *o = s->mounts.v[i];

			if (!o->swap && o->target && path_under(*path, o->target) &&
			    (!best || strlen(o->target) > strlen(best)))
				best = o->target;
		}
		if (best && m->target && strcmp(best, m->target) == 0)
			return true;
	}
	return false;
}

static void system_fact(const struct st_system *s, const struct st_profile *p, int id,
			struct st_value *v)
{
	switch (id) {
	case F_SYS_HDD_COUNT: st_value_set_num(v, (int64_t)count_class(s, ST_CLASS_HDD)); break;
	case F_SYS_SSD_COUNT: st_value_set_num(v, (int64_t)count_class(s, ST_CLASS_SSD)); break;
	case F_SYS_NVME_COUNT: st_value_set_num(v, (int64_t)count_class(s, ST_CLASS_NVME)); break;
	case F_PROF_NAME:
		if (p->name)
			st_value_set_str(v, p->name);
		else
			set_unknown_id(v, id);
		break;
	case F_PROF_ACCESS: st_value_set_str(v, st_access_name(p->access)); break;
	case F_PROF_READ_PCT: st_value_set_num(v, p->read_pct); break;
	case F_PROF_WRITE_PCT: st_value_set_num(v, 100 - p->read_pct); break;
	case F_PROF_REQUEST_SIZE: st_value_set_size(v, p->request_size); break;
	case F_PROF_DURABILITY: st_value_set_str(v, st_durability_name(p->durability)); break;
	case F_PROF_GOAL: st_value_set_str(v, st_goal_name(p->goal)); break;
	case F_PROF_FSYNC_HEAVY: st_value_set_bool(v, p->fsync_heavy); break;
	case F_PROF_PAGE_CACHE: st_value_set_bool(v, p->page_cache); break;
	case F_PROF_ATIME_PATHS: set_strv(v, p->atime_paths); break;
	default: st_value_set_bool(v, p->shared); break; /* F_PROF_SHARED */
	}
}

int st_facts_lookup(void *data, int id, struct st_value *out)
{
	const struct st_facts *f = data;

	st_facts_symtab();
	if (id < 0 || (size_t)id >= F_NR + nattr_facts)
		return -EINVAL;
	if (id >= F_NR) {
		attr_fact_value(&attr_facts[id - F_NR], f, out);
		return 0;
	}
	if (id < F_MNT_OPTIONS) {
		if (f && f->dev)
			device_fact(f->dev, f->named, id, out);
		else
			set_unknown_id(out, id);
	} else if (id == F_MNT_HOLDS_ATIME_PATH) {
		if (f && f->mnt && f->sys && f->prof)
			st_value_set_bool(out, holds_atime_path(f->sys, f->mnt, f->prof));
		else
			set_unknown_id(out, id);
	} else if (id < F_SYS_HDD_COUNT) {
		if (f && f->mnt)
			mount_fact(f->mnt, id, out);
		else
			set_unknown_id(out, id);
	} else if (id < F_PROF_NAME) {
		if (f && f->sys)
			system_fact(f->sys, NULL, id, out);
		else
			set_unknown_id(out, id);
	} else if (f && f->prof) {
		system_fact(NULL, f->prof, id, out);
	} else {
		set_unknown_id(out, id);
	}
	return 0;
}
