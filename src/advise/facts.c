/*
 * facts.c - owns the identifiers of the rule language: which facts of the
 * system model and the profile a rule may name (device.class, mount.atime,
 * vm.dirty_bytes, profile.access ...), their types, the scopes they exist
 * in, and how each is read from the model for one target.
 *
 * This is the one binding between the model and the rules: the expression
 * module knows only names and types, the model knows nothing of rules.  A
 * fact the probe could not read is returned as unknown, naming itself, so
 * that `advise -v` can say which fact kept a rule from firing.
 * rules/README.md documents every identifier.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "st_rules.h"
#include "st_util.h"

#define S_DEV (1u << ST_SCOPE_DEVICE)
#define S_MNT (1u << ST_SCOPE_MOUNT)
#define S_SYS (1u << ST_SCOPE_SYSTEM)
#define S_ANY (S_DEV | S_MNT | S_SYS)
#define S_DM (S_DEV | S_MNT) /* device facts: in a mount rule, the mounted device */

enum fact_id {
	F_DEV_NAME, F_DEV_KNAME, F_DEV_TYPE, F_DEV_KIND, F_DEV_CLASS, F_DEV_TRANSPORT,
	F_DEV_ROTATIONAL, F_DEV_SIZE, F_DEV_REMOVABLE, F_DEV_RO, F_DEV_MODEL, F_DEV_VENDOR,
	F_DEV_HAS_QUEUE, F_DEV_SCHEDULER, F_DEV_SCHEDULERS, F_DEV_NR_REQUESTS,
	F_DEV_READ_AHEAD_KB, F_DEV_MAX_SECTORS_KB, F_DEV_MAX_HW_SECTORS_KB, F_DEV_RQ_AFFINITY,
	F_DEV_NOMERGES, F_DEV_WBT_LAT_USEC, F_DEV_ADD_RANDOM, F_DEV_LBS, F_DEV_PBS, F_DEV_MIN_IO,
	F_DEV_OPT_IO, F_DEV_WRITE_CACHE, F_DEV_VOLATILE_CACHE, F_DEV_DISCARD, F_DEV_ZONED,
	F_DEV_QUEUE_DEPTH, F_DEV_HW_QUEUES, F_DEV_STACKED, F_DEV_HOLDERS, F_DEV_LEAF,
	F_DEV_UNDER_RAID, F_DEV_UNDER_DM, F_DEV_RAID_LEVEL, F_DEV_RAID_CHUNK, F_DEV_RAID_DISKS,
	F_DEV_RAID_DATA_DISKS, F_DEV_RAID_STRIPE, F_DEV_PART_NUMBER, F_DEV_PART_START,
	F_DEV_PART_ALIGNED_PHYSICAL, F_DEV_PART_ALIGNED_OPT_IO, F_DEV_PART_ALIGNED_STRIPE,
	F_DEV_MOUNTED, F_DEV_FSTYPE,
	F_IOSCHED_READ_EXPIRE, F_IOSCHED_WRITE_EXPIRE, F_IOSCHED_FIFO_BATCH,
	F_IOSCHED_WRITES_STARVED, F_IOSCHED_FRONT_MERGES, F_IOSCHED_LOW_LATENCY,
	F_IOSCHED_SLICE_IDLE, F_IOSCHED_READ_LAT_NSEC, F_IOSCHED_WRITE_LAT_NSEC,
	F_MNT_TARGET, F_MNT_SOURCE, F_MNT_FSTYPE, F_MNT_OPTIONS, F_MNT_ATIME, F_MNT_BARRIER,
	F_MNT_COMMIT, F_MNT_DATA, F_MNT_DISCARD, F_MNT_SUNIT, F_MNT_SWIDTH, F_MNT_STRIPE,
	F_MNT_FSTAB,
	F_VM_DIRTY_RATIO, F_VM_DIRTY_BG_RATIO, F_VM_DIRTY_BYTES, F_VM_DIRTY_BG_BYTES,
	F_VM_DIRTY_EXPIRE, F_VM_DIRTY_WRITEBACK, F_VM_SWAPPINESS, F_VM_VFS_CACHE_PRESSURE,
	F_MEM_TOTAL, F_SYS_CPUS, F_SYS_VIRTUALIZED, F_SYS_HYPERVISOR, F_SYS_HDD_COUNT,
	F_SYS_SSD_COUNT, F_SYS_NVME_COUNT,
	F_PROF_NAME, F_PROF_ACCESS, F_PROF_READ_PCT, F_PROF_WRITE_PCT, F_PROF_REQUEST_SIZE,
	F_PROF_DURABILITY, F_PROF_GOAL, F_PROF_FSYNC_HEAVY, F_PROF_SHARED,
	F_NR
};

#define B ST_V_BOOL
#define N ST_V_NUM
#define Z ST_V_SIZE
#define T ST_V_STR
#define L ST_V_LIST

static struct st_symbol symbols[] = {
	{ "device.name", T, 0, S_DM, F_DEV_NAME },
	{ "device.kname", T, 0, S_DM, F_DEV_KNAME },
	{ "device.type", T, 0, S_DM, F_DEV_TYPE },
	{ "device.kind", T, 0, S_DM, F_DEV_KIND },
	{ "device.class", T, 0, S_DM, F_DEV_CLASS },
	{ "device.transport", T, 0, S_DM, F_DEV_TRANSPORT },
	{ "device.rotational", B, 0, S_DM, F_DEV_ROTATIONAL },
	{ "device.size", Z, 0, S_DM, F_DEV_SIZE },
	{ "device.removable", B, 0, S_DM, F_DEV_REMOVABLE },
	{ "device.ro", B, 0, S_DM, F_DEV_RO },
	{ "device.model", T, 0, S_DM, F_DEV_MODEL },
	{ "device.vendor", T, 0, S_DM, F_DEV_VENDOR },
	{ "device.has_queue", B, 0, S_DM, F_DEV_HAS_QUEUE },
	{ "device.scheduler", T, 0, S_DM, F_DEV_SCHEDULER },
	{ "device.schedulers", L, T, S_DM, F_DEV_SCHEDULERS },
	{ "device.nr_requests", N, 0, S_DM, F_DEV_NR_REQUESTS },
	{ "device.read_ahead_kb", N, 0, S_DM, F_DEV_READ_AHEAD_KB },
	{ "device.max_sectors_kb", N, 0, S_DM, F_DEV_MAX_SECTORS_KB },
	{ "device.max_hw_sectors_kb", N, 0, S_DM, F_DEV_MAX_HW_SECTORS_KB },
	{ "device.rq_affinity", N, 0, S_DM, F_DEV_RQ_AFFINITY },
	{ "device.nomerges", N, 0, S_DM, F_DEV_NOMERGES },
	{ "device.wbt_lat_usec", N, 0, S_DM, F_DEV_WBT_LAT_USEC },
	{ "device.add_random", N, 0, S_DM, F_DEV_ADD_RANDOM },
	{ "device.logical_block_size", Z, 0, S_DM, F_DEV_LBS },
	{ "device.physical_block_size", Z, 0, S_DM, F_DEV_PBS },
	{ "device.min_io", Z, 0, S_DM, F_DEV_MIN_IO },
	{ "device.opt_io", Z, 0, S_DM, F_DEV_OPT_IO },
	{ "device.write_cache", T, 0, S_DM, F_DEV_WRITE_CACHE },
	{ "device.volatile_cache", B, 0, S_DM, F_DEV_VOLATILE_CACHE },
	{ "device.discard", B, 0, S_DM, F_DEV_DISCARD },
	{ "device.zoned", T, 0, S_DM, F_DEV_ZONED },
	{ "device.queue_depth", N, 0, S_DM, F_DEV_QUEUE_DEPTH },
	{ "device.hw_queues", N, 0, S_DM, F_DEV_HW_QUEUES },
	{ "device.stacked", B, 0, S_DM, F_DEV_STACKED },
	{ "device.holders", N, 0, S_DM, F_DEV_HOLDERS },
	{ "device.leaf", B, 0, S_DM, F_DEV_LEAF },
	{ "device.under_raid", B, 0, S_DM, F_DEV_UNDER_RAID },
	{ "device.under_dm", B, 0, S_DM, F_DEV_UNDER_DM },
	{ "device.raid.level", T, 0, S_DM, F_DEV_RAID_LEVEL },
	{ "device.raid.chunk", Z, 0, S_DM, F_DEV_RAID_CHUNK },
	{ "device.raid.disks", N, 0, S_DM, F_DEV_RAID_DISKS },
	{ "device.raid.data_disks", N, 0, S_DM, F_DEV_RAID_DATA_DISKS },
	{ "device.raid.stripe", Z, 0, S_DM, F_DEV_RAID_STRIPE },
	{ "device.part.number", N, 0, S_DM, F_DEV_PART_NUMBER },
	{ "device.part.start", Z, 0, S_DM, F_DEV_PART_START },
	{ "device.part.aligned_physical", B, 0, S_DM, F_DEV_PART_ALIGNED_PHYSICAL },
	{ "device.part.aligned_opt_io", B, 0, S_DM, F_DEV_PART_ALIGNED_OPT_IO },
	{ "device.part.aligned_stripe", B, 0, S_DM, F_DEV_PART_ALIGNED_STRIPE },
	{ "device.mounted", B, 0, S_DM, F_DEV_MOUNTED },
	{ "device.fstype", T, 0, S_DM, F_DEV_FSTYPE },
	{ "device.iosched.read_expire", N, 0, S_DM, F_IOSCHED_READ_EXPIRE },
	{ "device.iosched.write_expire", N, 0, S_DM, F_IOSCHED_WRITE_EXPIRE },
	{ "device.iosched.fifo_batch", N, 0, S_DM, F_IOSCHED_FIFO_BATCH },
	{ "device.iosched.writes_starved", N, 0, S_DM, F_IOSCHED_WRITES_STARVED },
	{ "device.iosched.front_merges", N, 0, S_DM, F_IOSCHED_FRONT_MERGES },
	{ "device.iosched.low_latency", N, 0, S_DM, F_IOSCHED_LOW_LATENCY },
	{ "device.iosched.slice_idle", N, 0, S_DM, F_IOSCHED_SLICE_IDLE },
	{ "device.iosched.read_lat_nsec", N, 0, S_DM, F_IOSCHED_READ_LAT_NSEC },
	{ "device.iosched.write_lat_nsec", N, 0, S_DM, F_IOSCHED_WRITE_LAT_NSEC },
	{ "mount.target", T, 0, S_MNT, F_MNT_TARGET },
	{ "mount.source", T, 0, S_MNT, F_MNT_SOURCE },
	{ "mount.fstype", T, 0, S_MNT, F_MNT_FSTYPE },
	{ "mount.options", L, T, S_MNT, F_MNT_OPTIONS },
	{ "mount.atime", T, 0, S_MNT, F_MNT_ATIME },
	{ "mount.barrier", B, 0, S_MNT, F_MNT_BARRIER },
	{ "mount.commit", N, 0, S_MNT, F_MNT_COMMIT },
	{ "mount.data", T, 0, S_MNT, F_MNT_DATA },
	{ "mount.discard", B, 0, S_MNT, F_MNT_DISCARD },
	{ "mount.sunit", Z, 0, S_MNT, F_MNT_SUNIT },
	{ "mount.swidth", Z, 0, S_MNT, F_MNT_SWIDTH },
	{ "mount.stripe", N, 0, S_MNT, F_MNT_STRIPE },
	{ "mount.fstab", B, 0, S_MNT, F_MNT_FSTAB },
	{ "vm.dirty_ratio", N, 0, S_ANY, F_VM_DIRTY_RATIO },
	{ "vm.dirty_background_ratio", N, 0, S_ANY, F_VM_DIRTY_BG_RATIO },
	{ "vm.dirty_bytes", Z, 0, S_ANY, F_VM_DIRTY_BYTES },
	{ "vm.dirty_background_bytes", Z, 0, S_ANY, F_VM_DIRTY_BG_BYTES },
	{ "vm.dirty_expire_centisecs", N, 0, S_ANY, F_VM_DIRTY_EXPIRE },
	{ "vm.dirty_writeback_centisecs", N, 0, S_ANY, F_VM_DIRTY_WRITEBACK },
	{ "vm.swappiness", N, 0, S_ANY, F_VM_SWAPPINESS },
	{ "vm.vfs_cache_pressure", N, 0, S_ANY, F_VM_VFS_CACHE_PRESSURE },
	{ "mem.total", Z, 0, S_ANY, F_MEM_TOTAL },
	{ "system.cpus", N, 0, S_ANY, F_SYS_CPUS },
	{ "system.virtualized", B, 0, S_ANY, F_SYS_VIRTUALIZED },
	{ "system.hypervisor", T, 0, S_ANY, F_SYS_HYPERVISOR },
	{ "system.hdd_count", N, 0, S_ANY, F_SYS_HDD_COUNT },
	{ "system.ssd_count", N, 0, S_ANY, F_SYS_SSD_COUNT },
	{ "system.nvme_count", N, 0, S_ANY, F_SYS_NVME_COUNT },
	{ "profile.name", T, 0, S_ANY, F_PROF_NAME },
	{ "profile.access", T, 0, S_ANY, F_PROF_ACCESS },
	{ "profile.read_pct", N, 0, S_ANY, F_PROF_READ_PCT },
	{ "profile.write_pct", N, 0, S_ANY, F_PROF_WRITE_PCT },
	{ "profile.request_size", Z, 0, S_ANY, F_PROF_REQUEST_SIZE },
	{ "profile.durability", T, 0, S_ANY, F_PROF_DURABILITY },
	{ "profile.goal", T, 0, S_ANY, F_PROF_GOAL },
	{ "profile.fsync_heavy", B, 0, S_ANY, F_PROF_FSYNC_HEAVY },
	{ "profile.shared", B, 0, S_ANY, F_PROF_SHARED },
};

#undef B
#undef N
#undef Z
#undef T
#undef L

static const char *const scope_names[ST_SCOPE_NR] = {
	[ST_SCOPE_DEVICE] = "device rule",
	[ST_SCOPE_MOUNT] = "mount rule",
	[ST_SCOPE_SYSTEM] = "system rule",
};

static struct st_symtab symtab;
/* id -> name, for unknown values */
static const char *names_by_id[F_NR];

static int sym_cmp(const void *a, const void *b)
{
	return strcmp(((const struct st_symbol *)a)->name, ((const struct st_symbol *)b)->name);
}

const struct st_symtab *st_facts_symtab(void)
{
	if (!symtab.syms) {
		qsort(symbols, ST_ARRAY_SIZE(symbols), sizeof(symbols[0]), sym_cmp);
		for (size_t i = 0; i < ST_ARRAY_SIZE(symbols); i++)
			names_by_id[symbols[i].id] = symbols[i].name;
		symtab.syms = symbols;
		symtab.n = ST_ARRAY_SIZE(symbols);
		symtab.scope_names = scope_names;
	}
	return &symtab;
}

/* Value setters that turn the model's "unknown" markers into unknown. */
static void set_u64(struct st_value *v, uint64_t n, int id)
{
	if (n == ST_UNKNOWN || n > INT64_MAX)
		st_value_set_unknown(v, names_by_id[id]);
	else
		st_value_set_num(v, (int64_t)n);
}

static void set_size(struct st_value *v, uint64_t n, int id)
{
	if (n == ST_UNKNOWN || n > INT64_MAX)
		st_value_set_unknown(v, names_by_id[id]);
	else
		st_value_set_size(v, (int64_t)n);
}

static void set_str(struct st_value *v, const char *s, int id)
{
	if (!s)
		st_value_set_unknown(v, names_by_id[id]);
	else
		st_value_set_str(v, s);
}

static void set_tri(struct st_value *v, int t, int id)
{
	if (t == ST_TRI_UNKNOWN)
		st_value_set_unknown(v, names_by_id[id]);
	else
		st_value_set_bool(v, t != 0);
}

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

static uint64_t raid_stripe(const struct st_raid *r)
{
	if (!r || r->chunk_kb == ST_UNKNOWN || r->data_disks == ST_UNKNOWN)
		return ST_UNKNOWN;
	return r->chunk_kb * 1024 * r->data_disks;
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

static int device_fact(const struct st_facts *f, int id, struct st_value *v)
{
	const struct st_device *d = f->dev;
	const struct st_queue *q;
	const struct st_raid *r;
	const char *s;
	size_t n;

	if (!d) {
		st_value_set_unknown(v, names_by_id[id]);
		return 0;
	}
	q = st_device_queue(d);
	switch (id) {
	case F_DEV_NAME: set_str(v, d->name, id); break;
	case F_DEV_KNAME: set_str(v, d->kname, id); break;
	case F_DEV_TYPE: set_str(v, d->type, id); break;
	case F_DEV_KIND: set_str(v, st_kind_name(d->kind), id); break;
	case F_DEV_CLASS: set_str(v, st_class_name(d->class), id); break;
	case F_DEV_TRANSPORT: set_str(v, st_device_transport(d), id); break;
	case F_DEV_ROTATIONAL: set_tri(v, q->rotational, id); break;
	case F_DEV_SIZE: set_size(v, d->size, id); break;
	case F_DEV_REMOVABLE: set_tri(v, d->removable, id); break;
	case F_DEV_RO: set_tri(v, d->ro, id); break;
	case F_DEV_MODEL: set_str(v, d->model, id); break;
	case F_DEV_VENDOR: set_str(v, d->vendor, id); break;
	case F_DEV_HAS_QUEUE: st_value_set_bool(v, d->kind != ST_KIND_PART && d->queue.present); break;
	case F_DEV_SCHEDULER: set_str(v, q->has_scheduler ? q->scheduler : NULL, id); break;
	case F_DEV_SCHEDULERS:
		st_value_set_list(v, ST_V_STR);
		for (char **p = q->schedulers; p && *p; p++) {
			struct st_value item = { 0 };

			st_value_set_str(&item, *p);
			st_value_list_push(v, &item);
			st_value_clear(&item);
		}
		break;
	case F_DEV_NR_REQUESTS: set_u64(v, q->nr_requests, id); break;
	case F_DEV_READ_AHEAD_KB: set_u64(v, q->read_ahead_kb, id); break;
	case F_DEV_MAX_SECTORS_KB: set_u64(v, q->max_sectors_kb, id); break;
	case F_DEV_MAX_HW_SECTORS_KB: set_u64(v, q->max_hw_sectors_kb, id); break;
	case F_DEV_RQ_AFFINITY: set_u64(v, q->rq_affinity, id); break;
	case F_DEV_NOMERGES: set_u64(v, q->nomerges, id); break;
	case F_DEV_WBT_LAT_USEC: set_u64(v, q->wbt_lat_usec, id); break;
	case F_DEV_ADD_RANDOM: set_u64(v, q->add_random, id); break;
	case F_DEV_LBS: set_size(v, q->logical_block_size, id); break;
	case F_DEV_PBS: set_size(v, q->physical_block_size, id); break;
	case F_DEV_MIN_IO: set_size(v, q->min_io, id); break;
	case F_DEV_OPT_IO: set_size(v, q->opt_io, id); break;
	case F_DEV_WRITE_CACHE: set_str(v, q->write_cache, id); break;
	case F_DEV_VOLATILE_CACHE:
		if (q->write_cache)
			st_value_set_bool(v, strcmp(q->write_cache, "write back") == 0);
		else
			st_value_set_unknown(v, names_by_id[id]);
		break;
	case F_DEV_DISCARD:
		if (q->discard_max_bytes == ST_UNKNOWN)
			st_value_set_unknown(v, names_by_id[id]);
		else
			st_value_set_bool(v, q->discard_max_bytes > 0);
		break;
	case F_DEV_ZONED: set_str(v, q->zoned, id); break;
	case F_DEV_QUEUE_DEPTH: set_u64(v, q->queue_depth, id); break;
	case F_DEV_HW_QUEUES: set_u64(v, q->hw_queues, id); break;
	case F_DEV_STACKED: st_value_set_bool(v, d->slaves.n > 0); break;
	case F_DEV_HOLDERS: st_value_set_num(v, (int64_t)d->holders.n); break;
	case F_DEV_LEAF: st_value_set_bool(v, d->kind != ST_KIND_PART && d->slaves.n == 0); break;
	case F_DEV_UNDER_RAID: st_value_set_bool(v, above(d, ST_KIND_MD, 0) != NULL); break;
	case F_DEV_UNDER_DM: st_value_set_bool(v, above(d, ST_KIND_DM, 0) != NULL); break;
	case F_DEV_RAID_LEVEL:
	case F_DEV_RAID_CHUNK:
	case F_DEV_RAID_DISKS:
	case F_DEV_RAID_DATA_DISKS:
	case F_DEV_RAID_STRIPE:
		r = raid_of(d);
		if (!r) {
			st_value_set_unknown(v, names_by_id[id]);
			break;
		}
		if (id == F_DEV_RAID_LEVEL)
			set_str(v, r->level, id);
		else if (id == F_DEV_RAID_CHUNK)
			set_size(v, r->chunk_kb == ST_UNKNOWN ? ST_UNKNOWN : r->chunk_kb * 1024, id);
		else if (id == F_DEV_RAID_DISKS)
			set_u64(v, r->raid_disks, id);
		else if (id == F_DEV_RAID_DATA_DISKS)
			set_u64(v, r->data_disks, id);
		else
			set_size(v, raid_stripe(r), id);
		break;
	case F_DEV_PART_NUMBER: set_u64(v, d->part ? d->part->number : ST_UNKNOWN, id); break;
	case F_DEV_PART_START:
		set_size(v, d->part && d->part->start != ST_UNKNOWN ? d->part->start * 512 : ST_UNKNOWN,
			 id);
		break;
	case F_DEV_PART_ALIGNED_PHYSICAL:
		set_tri(v, d->part ? d->part->aligned_physical : ST_TRI_UNKNOWN, id);
		break;
	case F_DEV_PART_ALIGNED_OPT_IO:
		set_tri(v, d->part ? d->part->aligned_opt_io : ST_TRI_UNKNOWN, id);
		break;
	case F_DEV_PART_ALIGNED_STRIPE:
		set_tri(v, d->part ? d->part->aligned_stripe : ST_TRI_UNKNOWN, id);
		break;
	case F_DEV_MOUNTED:
		n = 0;
		for (size_t i = 0; i < d->mounts.n; i++)
			n += !d->mounts.v[i]->swap;
		st_value_set_bool(v, n > 0);
		break;
	case F_DEV_FSTYPE: set_str(v, d->fs.type, id); break;
	default: { /* iosched tunables: the last part of the name */
		uint64_t u;

		s = st_kvlist_get(&q->iosched, strrchr(names_by_id[id], '.') + 1);
		if (!s || st_parse_u64(s, &u) < 0)
			st_value_set_unknown(v, names_by_id[id]);
		else
			set_u64(v, u, id);
		break;
	}
	}
	return 0;
}

static int mount_fact(const struct st_facts *f, int id, struct st_value *v)
{
	const struct st_mount *m = f->mnt;

	if (!m) {
		st_value_set_unknown(v, names_by_id[id]);
		return 0;
	}
	switch (id) {
	case F_MNT_TARGET: set_str(v, m->target, id); break;
	case F_MNT_SOURCE: set_str(v, m->source, id); break;
	case F_MNT_FSTYPE: set_str(v, m->fstype, id); break;
	case F_MNT_OPTIONS: {
		char **opts = st_mount_options_split(m->options);

		st_value_set_list(v, ST_V_STR);
		for (char **o = opts; *o; o++) {
			struct st_value item = { 0 };

			st_value_set_str(&item, *o);
			st_value_list_push(v, &item);
			st_value_clear(&item);
		}
		st_strv_free(opts);
		break;
	}
	/* the probe reads it from the VFS options every mountinfo line has */
	case F_MNT_ATIME: set_str(v, m->atime, id); break;
	case F_MNT_BARRIER: st_value_set_bool(v, m->barrier != 0); break;
	case F_MNT_COMMIT: set_u64(v, m->commit_s, id); break;
	case F_MNT_DATA:
		set_str(v, m->data_mode ? m->data_mode : is_ext34(m) ? "ordered" : NULL, id);
		break;
	case F_MNT_DISCARD: st_value_set_bool(v, m->discard == 1); break;
	case F_MNT_SUNIT:
		set_size(v, m->sunit == ST_UNKNOWN ? ST_UNKNOWN : m->sunit * 512, id);
		break;
	case F_MNT_SWIDTH:
		set_size(v, m->swidth == ST_UNKNOWN ? ST_UNKNOWN : m->swidth * 512, id);
		break;
	case F_MNT_STRIPE: set_u64(v, m->stripe, id); break;
	case F_MNT_FSTAB: st_value_set_bool(v, m->fstab_options != NULL); break;
	default: return -EINVAL;
	}
	return 0;
}

static int system_fact(const struct st_facts *f, int id, struct st_value *v)
{
	const struct st_system *s = f->sys;
	const struct st_profile *p = f->prof;

	switch (id) {
	case F_VM_DIRTY_RATIO: set_u64(v, s->vm.dirty_ratio, id); break;
	case F_VM_DIRTY_BG_RATIO: set_u64(v, s->vm.dirty_background_ratio, id); break;
	case F_VM_DIRTY_BYTES: set_size(v, s->vm.dirty_bytes, id); break;
	case F_VM_DIRTY_BG_BYTES: set_size(v, s->vm.dirty_background_bytes, id); break;
	case F_VM_DIRTY_EXPIRE: set_u64(v, s->vm.dirty_expire_centisecs, id); break;
	case F_VM_DIRTY_WRITEBACK: set_u64(v, s->vm.dirty_writeback_centisecs, id); break;
	case F_VM_SWAPPINESS: set_u64(v, s->vm.swappiness, id); break;
	case F_VM_VFS_CACHE_PRESSURE: set_u64(v, s->vm.vfs_cache_pressure, id); break;
	case F_MEM_TOTAL: set_size(v, s->mem_total, id); break;
	case F_SYS_CPUS: set_u64(v, s->cpus, id); break;
	case F_SYS_VIRTUALIZED: set_tri(v, s->virt.virtualized, id); break;
	case F_SYS_HYPERVISOR: set_str(v, s->virt.hypervisor, id); break;
	case F_SYS_HDD_COUNT: st_value_set_num(v, (int64_t)count_class(s, ST_CLASS_HDD)); break;
	case F_SYS_SSD_COUNT: st_value_set_num(v, (int64_t)count_class(s, ST_CLASS_SSD)); break;
	case F_SYS_NVME_COUNT: st_value_set_num(v, (int64_t)count_class(s, ST_CLASS_NVME)); break;
	case F_PROF_NAME: set_str(v, p->name, id); break;
	case F_PROF_ACCESS: st_value_set_str(v, st_access_name(p->access)); break;
	case F_PROF_READ_PCT: st_value_set_num(v, p->read_pct); break;
	case F_PROF_WRITE_PCT: st_value_set_num(v, 100 - p->read_pct); break;
	case F_PROF_REQUEST_SIZE: st_value_set_size(v, p->request_size); break;
	case F_PROF_DURABILITY: st_value_set_str(v, st_durability_name(p->durability)); break;
	case F_PROF_GOAL: st_value_set_str(v, st_goal_name(p->goal)); break;
	case F_PROF_FSYNC_HEAVY: st_value_set_bool(v, p->fsync_heavy); break;
	case F_PROF_SHARED: st_value_set_bool(v, p->shared); break;
	default: return -EINVAL;
	}
	return 0;
}

int st_facts_lookup(void *data, int id, struct st_value *out)
{
	const struct st_facts *f = data;

	st_facts_symtab();
	if (id < 0 || id >= F_NR)
		return -EINVAL;
	if (id < F_MNT_TARGET)
		return device_fact(f, id, out);
	if (id < F_VM_DIRTY_RATIO)
		return mount_fact(f, id, out);
	return system_fact(f, id, out);
}
