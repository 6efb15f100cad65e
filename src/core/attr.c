/*
 * attr.c - owns the attribute tables (st_attr.h): every attribute of the
 * model, where the probes read it, and the names the facts, the JSON and
 * the text give it; and the generic access to a described field.  Ranges
 * are what a valid value can be (a larger one is garbage, reported as
 * such); what stortune may write is the knob table's business (knob.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_attr.h"
#include "st_util.h"

/* Getters ------------------------------------------------------------------ */

static void set_str(struct st_attr_value *v, const char *s)
{
	v->type = ST_AT_STR;
	v->s = s;
	v->known = s != NULL;
}

static void set_tri(struct st_attr_value *v, int t)
{
	v->type = ST_AT_TRI;
	v->tri = t;
	v->known = t != ST_TRI_UNKNOWN;
}

static void get_maj_min(const void *base, struct st_attr_value *v)
{
	const struct st_device *d = base;

	snprintf(v->buf, sizeof(v->buf), "%u:%u", d->maj, d->min);
	set_str(v, v->buf);
}

static void get_kind(const void *base, struct st_attr_value *v)
{
	set_str(v, st_kind_name(((const struct st_device *)base)->kind));
}

static void get_class(const void *base, struct st_attr_value *v)
{
	set_str(v, st_class_name(((const struct st_device *)base)->class));
}

/* lsblk's RM: a partition is as removable as its disk */
static void get_removable(const void *base, struct st_attr_value *v)
{
	const struct st_device *d = base;

	set_tri(v, d->kind == ST_KIND_PART && d->disk ? d->disk->removable : d->removable);
}

static void get_transport(const void *base, struct st_attr_value *v)
{
	set_str(v, st_device_transport(base));
}

/* what a partition inherits from its disk (probe_transport.c, probe_class.c) */
static void get_host_driver(const void *base, struct st_attr_value *v)
{
	set_str(v, st_device_whole(base)->host_driver);
}

static void get_hwraid(const void *base, struct st_attr_value *v)
{
	set_tri(v, st_device_whole(base)->hwraid);
}

static void get_rotational_trusted(const void *base, struct st_attr_value *v)
{
	set_tri(v, st_device_whole(base)->rotational_trusted);
}

/* The tables --------------------------------------------------------------- */

#define TABLE(var, tname, entries)                                                                 \
	const struct st_attr_table var = { tname, entries, ST_ARRAY_SIZE(entries) }

#define DEV(f) offsetof(struct st_device, f)
static const struct st_attr device_attrs[] = {
	{ .key = "name", .type = ST_AT_STR, .off = DEV(name), .fact = "device.name",
	  .flags = ST_ATTR_NO_TEXT /* the NAME column, drawn as a tree */ },
	{ .key = "kname", .type = ST_AT_STR, .off = DEV(kname), .fact = "device.kname",
	  .flags = ST_ATTR_NO_TEXT /* probe -v's heading */ },
	{ .key = "maj_min", .type = ST_AT_STR, .get = get_maj_min,
	  .flags = ST_ATTR_NO_FACT | ST_ATTR_NO_TEXT /* probe -v's heading */ },
	{ .key = "type", .type = ST_AT_STR, .off = DEV(type), .fact = "device.type",
	  .flags = ST_ATTR_NO_TEXT /* the TYPE column */ },
	{ .type = ST_AT_STR, .get = get_kind, .fact = "device.kind",
	  .flags = ST_ATTR_NO_JSON | ST_ATTR_NO_TEXT /* "type" says more */ },
	{ .key = "class", .type = ST_AT_STR, .get = get_class, .fact = "device.class",
	  .flags = ST_ATTR_NO_TEXT /* the CLASS column, coloured */ },
	{ .key = "class_reasons", .type = ST_AT_STRV, .off = DEV(class_reasons),
	  .flags = ST_ATTR_EMPTY_LIST | ST_ATTR_NO_FACT | ST_ATTR_NO_TEXT /* probe -v's class line */ },
	{ .key = "size", .type = ST_AT_U64, .off = DEV(size), .scale = 1, .fact = "device.size",
	  .flags = ST_ATTR_NO_TEXT /* the SIZE column, human-readable */ },
	{ .key = "ro", .type = ST_AT_TRI, .off = DEV(ro), .fact = "device.ro",
	  .flags = ST_ATTR_NO_TEXT /* as lsblk's default columns: not shown */ },
	{ .key = "removable", .type = ST_AT_TRI, .get = get_removable, .fact = "device.removable",
	  .flags = ST_ATTR_NO_TEXT /* as "ro" */ },
};
TABLE(st_device_attrs, "device", device_attrs);

static const char *const write_cache_values[] = { "write back", "write through", NULL };
static const char *const zoned_values[] = { "none", "host-aware", "host-managed", NULL };

/*
 * Documentation/ABI/stable/sysfs-block.  The kernel stores the limits as
 * unsigned int or unsigned long, hence the maxima; block sizes are powers
 * of two from 512 bytes (a truncated "409" is not).  probe -v shows three
 * lines of them; lines and places are given per entry.
 */
#define Q(f) offsetof(struct st_queue, f)
static const struct st_attr queue_attrs[] = {
	{ .key = "rotational", .type = ST_AT_TRI, .off = Q(rotational), .path = "queue/rotational",
	  .read = ST_AR_BOOL, .fact = "device.rotational", .column = "ROTA" },
	{ .key = "scheduler", .type = ST_AT_STR, .off = Q(scheduler), .path = "queue/scheduler",
	  .read = ST_AR_SCHEDULER, .fact = "device.scheduler", .column = "SCHED" },
	{ .key = "schedulers", .type = ST_AT_STRV, .off = Q(schedulers),
	  .fact = "device.schedulers",
	  .flags = ST_ATTR_NO_TEXT /* probe -v's scheduler line, "(available: ...)" */ },
	{ .key = "nr_requests", .type = ST_AT_U64, .off = Q(nr_requests),
	  .path = "queue/nr_requests", .read = ST_AR_NUM, .max = UINT32_MAX,
	  .fact = "device.nr_requests", .column = "RQ", .label = "nr_requests", .line = 1,
	  .pos = 1 },
	{ .key = "read_ahead_kb", .type = ST_AT_U64, .off = Q(read_ahead_kb),
	  .path = "queue/read_ahead_kb", .read = ST_AR_NUM, .max = UINT32_MAX,
	  .fact = "device.read_ahead_kb", .column = "RA", .label = "read_ahead_kb", .line = 1,
	  .pos = 2 },
	{ .key = "max_sectors_kb", .type = ST_AT_U64, .off = Q(max_sectors_kb),
	  .path = "queue/max_sectors_kb", .read = ST_AR_NUM, .max = UINT32_MAX,
	  .fact = "device.max_sectors_kb", .label = "max_sectors_kb", .line = 1, .pos = 3 },
	{ .key = "max_hw_sectors_kb", .type = ST_AT_U64, .off = Q(max_hw_sectors_kb),
	  .path = "queue/max_hw_sectors_kb", .read = ST_AR_NUM, .max = UINT32_MAX,
	  .fact = "device.max_hw_sectors_kb", .label = "hw", .line = 1, .pos = 4,
	  .flags = ST_ATTR_PAREN },
	{ .key = "logical_block_size", .type = ST_AT_U64, .off = Q(logical_block_size),
	  .path = "queue/logical_block_size", .read = ST_AR_BLOCK, .min = 512, .scale = 1,
	  .fact = "device.logical_block_size", .column = "LOG/PHY" },
	{ .key = "physical_block_size", .type = ST_AT_U64, .off = Q(physical_block_size),
	  .path = "queue/physical_block_size", .read = ST_AR_BLOCK, .min = 512, .scale = 1,
	  .fact = "device.physical_block_size", .column = "LOG/PHY" },
	{ .key = "min_io", .type = ST_AT_U64, .off = Q(min_io), .path = "queue/minimum_io_size",
	  .read = ST_AR_BLOCK, .min = 512, .scale = 1, .fact = "device.min_io",
	  .column = "MIN-IO" },
	/* 0: the device reports none */
	{ .key = "opt_io", .type = ST_AT_U64, .off = Q(opt_io), .path = "queue/optimal_io_size",
	  .read = ST_AR_BLOCK, .min = 0, .scale = 1, .fact = "device.opt_io", .column = "OPT-IO" },
	{ .key = "write_cache", .type = ST_AT_STR, .off = Q(write_cache),
	  .path = "queue/write_cache", .read = ST_AR_WORD, .values = write_cache_values,
	  .fact = "device.write_cache", .label = "write_cache", .line = 3, .pos = 1 },
	{ .key = "discard_max_bytes", .type = ST_AT_U64, .off = Q(discard_max_bytes),
	  .path = "queue/discard_max_bytes", .read = ST_AR_NUM, .max = UINT64_MAX - 1,
	  .scale = 1, .fact = "device.discard_max_bytes", .label = "discard_max_bytes",
	  .line = 3, .pos = 2 },
	{ .key = "zoned", .type = ST_AT_STR, .off = Q(zoned), .path = "queue/zoned",
	  .read = ST_AR_WORD, .values = zoned_values, .fact = "device.zoned", .label = "zoned",
	  .line = 3, .pos = 3 },
	/* zoned devices: how many zones, and the zone size (chunk_sectors is
	 * also md/dm's chunk).  NO_TEXT: probe -v's queue lines are a stable
	 * interface (see add_random); -o NR-ZONES,CHUNK-SECTORS shows them */
	{ .key = "nr_zones", .type = ST_AT_U64, .off = Q(nr_zones), .path = "queue/nr_zones",
	  .read = ST_AR_NUM, .max = UINT32_MAX, .fact = "device.nr_zones",
	  .flags = ST_ATTR_NO_TEXT },
	{ .key = "chunk_sectors", .type = ST_AT_U64, .off = Q(chunk_sectors),
	  .path = "queue/chunk_sectors", .read = ST_AR_NUM, .max = UINT32_MAX, .scale = 512,
	  .fact = "device.chunk_sectors", .flags = ST_ATTR_NO_TEXT },
	{ .key = "rq_affinity", .type = ST_AT_U64, .off = Q(rq_affinity),
	  .path = "queue/rq_affinity", .read = ST_AR_NUM, .max = 2, .fact = "device.rq_affinity",
	  .label = "rq_affinity", .line = 2, .pos = 3 },
	{ .key = "nomerges", .type = ST_AT_U64, .off = Q(nomerges), .path = "queue/nomerges",
	  .read = ST_AR_NUM, .max = 2, .fact = "device.nomerges", .label = "nomerges", .line = 2,
	  .pos = 4 },
	{ .key = "wbt_lat_usec", .type = ST_AT_U64, .off = Q(wbt_lat_usec),
	  .path = "queue/wbt_lat_usec", .read = ST_AR_NUM, .max = UINT64_MAX - 1,
	  .fact = "device.wbt_lat_usec", .label = "wbt_lat_usec", .line = 2, .pos = 5 },
	/* NO_TEXT: probe -v's queue lines predate it, and their expected
	 * outputs (tests/expected/) are a stable interface */
	{ .key = "add_random", .type = ST_AT_U64, .off = Q(add_random), .path = "queue/add_random",
	  .read = ST_AR_NUM, .max = 1, .fact = "device.add_random", .flags = ST_ATTR_NO_TEXT },
	/* the active scheduler's tunables; rules name them device.iosched.NAME
	 * after the knob table's tunables (facts.c) */
	{ .key = "iosched", .type = ST_AT_KV, .off = Q(iosched), .path = "queue/iosched",
	  .read = ST_AR_DIR,
	  .flags = ST_ATTR_NO_FACT | ST_ATTR_NO_TEXT /* probe -v's iosched line: name=value */ },
	/* the entries of mq/; unknown when the queue is not blk-mq */
	{ .key = "hw_queues", .type = ST_AT_U64, .off = Q(hw_queues), .path = "mq",
	  .read = ST_AR_COUNT, .fact = "device.hw_queues", .label = "hw queues", .line = 2,
	  .pos = 1 },
	/* SCSI only: the NCQ/TCQ depth the HBA gives this device */
	{ .key = "queue_depth", .type = ST_AT_U64, .off = Q(queue_depth),
	  .path = "device/queue_depth", .read = ST_AR_NUM, .max = UINT32_MAX,
	  .fact = "device.queue_depth", .label = "queue depth", .line = 2, .pos = 2 },
};
TABLE(st_queue_attrs, "queue", queue_attrs);

static const char *const nvme_iopolicy_values[] = { "numa", "round-robin", "queue-depth", NULL };

/* Read by probe_identity.c and probe_transport.c from sysfs and udev, with
 * fallbacks; probe -v prints them as sentences (identity, stable id). */
#define IDENT_TEXT (ST_ATTR_NO_TEXT)
static const struct st_attr identity_attrs[] = {
	{ .key = "transport", .type = ST_AT_STR, .get = get_transport, .fact = "device.transport",
	  .flags = IDENT_TEXT },
	/* probe -v's class line gives the reasons for these three */
	{ .key = "host_driver", .type = ST_AT_STR, .get = get_host_driver,
	  .fact = "device.host_driver", .flags = IDENT_TEXT },
	{ .key = "hwraid", .type = ST_AT_TRI, .get = get_hwraid, .fact = "device.hwraid",
	  .flags = IDENT_TEXT },
	{ .key = "rotational_trusted", .type = ST_AT_TRI, .get = get_rotational_trusted,
	  .fact = "device.rotational_trusted", .flags = IDENT_TEXT },
	{ .key = "model", .type = ST_AT_STR, .off = DEV(model), .fact = "device.model",
	  .flags = IDENT_TEXT },
	{ .key = "vendor", .type = ST_AT_STR, .off = DEV(vendor), .fact = "device.vendor",
	  .flags = IDENT_TEXT },
	{ .key = "serial", .type = ST_AT_STR, .off = DEV(serial),
	  .flags = ST_ATTR_NO_FACT | IDENT_TEXT },
	{ .key = "wwn", .type = ST_AT_STR, .off = DEV(wwn), .flags = ST_ATTR_NO_FACT | IDENT_TEXT },
	{ .key = "rev", .type = ST_AT_STR, .off = DEV(rev), .flags = ST_ATTR_NO_FACT | IDENT_TEXT },
	{ .key = "stable_id", .type = ST_AT_STR, .off = DEV(stable_id),
	  .flags = ST_ATTR_NO_FACT | IDENT_TEXT },
	/* probe_transport.c, for a native-multipath head: device/ is its
	 * nvme-subsystem (drivers/nvme/host/multipath.c; queue-depth from 6.11) */
	{ .key = "nvme_iopolicy", .type = ST_AT_STR, .off = DEV(nvme_iopolicy),
	  .path = "device/iopolicy", .read = ST_AR_WORD, .values = nvme_iopolicy_values,
	  .fact = "device.nvme.iopolicy", .flags = IDENT_TEXT },
	{ .key = "nvme_paths", .type = ST_AT_U64, .off = DEV(nvme_paths),
	  .fact = "device.nvme.paths", .flags = IDENT_TEXT },
	{ .key = "nvme_subsysnqn", .type = ST_AT_STR, .off = DEV(nvme_subsysnqn),
	  .flags = ST_ATTR_NO_FACT | IDENT_TEXT },
};
TABLE(st_identity_attrs, "identity", identity_attrs);

/* probe_stack.c: the start sector, and its alignment to what is below */
#define PART(f) offsetof(struct st_partinfo, f)
static const struct st_attr part_attrs[] = {
	{ .key = "number", .type = ST_AT_U64, .off = PART(number), .fact = "device.part.number",
	  .flags = ST_ATTR_NO_TEXT },
	{ .key = "start", .type = ST_AT_U64, .off = PART(start), .scale = 512,
	  .fact = "device.part.start", .flags = ST_ATTR_NO_TEXT },
	{ .key = "aligned_physical", .type = ST_AT_TRI, .off = PART(aligned_physical),
	  .fact = "device.part.aligned_physical", .flags = ST_ATTR_NO_TEXT },
	{ .key = "aligned_opt_io", .type = ST_AT_TRI, .off = PART(aligned_opt_io),
	  .fact = "device.part.aligned_opt_io", .flags = ST_ATTR_NO_TEXT },
	{ .key = "stripe_bytes", .type = ST_AT_U64, .off = PART(stripe_bytes),
	  .flags = ST_ATTR_ZERO_NONE | ST_ATTR_NO_FACT | ST_ATTR_NO_TEXT },
	{ .key = "aligned_stripe", .type = ST_AT_TRI, .off = PART(aligned_stripe),
	  .fact = "device.part.aligned_stripe", .flags = ST_ATTR_NO_TEXT },
};
TABLE(st_part_attrs, "partition", part_attrs);

/* probe_stack.c, from md/ */
#define RAID(f) offsetof(struct st_raid, f)
#define RAID_JSON (ST_ATTR_NO_FACT | ST_ATTR_NO_TEXT)
static const struct st_attr raid_attrs[] = {
	{ .key = "level", .type = ST_AT_STR, .off = RAID(level), .fact = "device.raid.level",
	  .flags = ST_ATTR_NO_TEXT },
	{ .key = "chunk_kb", .type = ST_AT_U64, .off = RAID(chunk_kb), .scale = 1024,
	  .fact = "device.raid.chunk", .flags = ST_ATTR_NO_TEXT },
	{ .key = "raid_disks", .type = ST_AT_U64, .off = RAID(raid_disks),
	  .fact = "device.raid.disks", .flags = ST_ATTR_NO_TEXT },
	{ .key = "data_disks", .type = ST_AT_U64, .off = RAID(data_disks),
	  .fact = "device.raid.data_disks", .flags = ST_ATTR_NO_TEXT },
	{ .key = "layout", .type = ST_AT_U64, .off = RAID(layout), .flags = RAID_JSON },
	{ .key = "layout_name", .type = ST_AT_STR, .off = RAID(layout_name), .flags = RAID_JSON },
	/* Documentation/admin-guide/md.rst (stripe_cache_size): raid4/5/6
	 * only; drivers/md/raid5.c raid5_set_cache_size takes 17 .. 32768 */
	{ .key = "stripe_cache_size", .type = ST_AT_U64, .off = RAID(stripe_cache_size),
	  .path = "md/stripe_cache_size", .read = ST_AR_NUM, .max = 32768,
	  .fact = "device.raid.stripe_cache_size", .flags = ST_ATTR_NO_TEXT },
	{ .key = "degraded", .type = ST_AT_U64, .off = RAID(degraded), .flags = RAID_JSON },
	{ .key = "array_state", .type = ST_AT_STR, .off = RAID(array_state), .flags = RAID_JSON },
	{ .key = "uuid", .type = ST_AT_STR, .off = RAID(uuid), .flags = RAID_JSON },
	{ .key = "members", .type = ST_AT_STRV, .off = RAID(members),
	  .flags = ST_ATTR_EMPTY_LIST | RAID_JSON },
};
TABLE(st_raid_attrs, "raid", raid_attrs);

#define DM(f) offsetof(struct st_dm, f)
#define SUB_JSON (ST_ATTR_NO_FACT | ST_ATTR_NO_TEXT)
static const struct st_attr dm_attrs[] = {
	{ .key = "name", .type = ST_AT_STR, .off = DM(name), .flags = SUB_JSON },
	{ .key = "uuid", .type = ST_AT_STR, .off = DM(uuid), .flags = SUB_JSON },
	{ .key = "subsystem", .type = ST_AT_STR, .off = DM(subsystem), .flags = SUB_JSON },
};
TABLE(st_dm_attrs, "dm", dm_attrs);

static void get_loop_backing_dev(const void *base, struct st_attr_value *v)
{
	const struct st_device *d = ((const struct st_loop *)base)->backing_dev;

	set_str(v, d ? d->kname : NULL);
}

#define LOOP(f) offsetof(struct st_loop, f)
static const struct st_attr loop_attrs[] = {
	{ .key = "backing_file", .type = ST_AT_STR, .off = LOOP(backing_file), .flags = SUB_JSON },
	{ .key = "offset", .type = ST_AT_U64, .off = LOOP(offset), .flags = SUB_JSON },
	{ .key = "dio", .type = ST_AT_TRI, .off = LOOP(dio), .flags = SUB_JSON },
	{ .key = "autoclear", .type = ST_AT_TRI, .off = LOOP(autoclear), .flags = SUB_JSON },
	/* probe_cache.c: the device whose filesystem holds the file; probe -v
	 * names it in the loop line */
	{ .key = "backing_device", .type = ST_AT_STR, .get = get_loop_backing_dev,
	  .fact = "device.loop.backing_device", .flags = ST_ATTR_NO_TEXT },
};
TABLE(st_loop_attrs, "loop", loop_attrs);

/*
 * probe_cache.c, from bcache/ (Documentation/admin-guide/bcache.rst, "SYSFS -
 * BACKING DEVICE") or the LVM sub-volume names; probe -v prints them as one
 * sentence.  dirty_data is bytes (bcache prints it with a unit suffix).
 */
#define CACHE(f) offsetof(struct st_cache, f)
#define CACHE_TEXT (ST_ATTR_NO_TEXT)
static const struct st_attr cache_attrs[] = {
	{ .key = "type", .type = ST_AT_STR, .off = CACHE(type), .fact = "device.cache.type",
	  .flags = CACHE_TEXT },
	{ .key = "role", .type = ST_AT_STR, .off = CACHE(role),
	  .fact = "device.cache.role", .flags = CACHE_TEXT },
	{ .key = "mode", .type = ST_AT_STR, .off = CACHE(mode), .fact = "device.cache.mode",
	  .flags = CACHE_TEXT },
	{ .key = "state", .type = ST_AT_STR, .off = CACHE(state), .fact = "device.cache.state",
	  .flags = CACHE_TEXT },
	{ .key = "dirty_bytes", .type = ST_AT_U64, .off = CACHE(dirty), .scale = 1,
	  .fact = "device.cache.dirty", .flags = CACHE_TEXT },
	{ .key = "redundant", .type = ST_AT_TRI, .off = CACHE(redundant),
	  .fact = "device.cache.redundant", .flags = CACHE_TEXT },
	{ .key = "cached", .type = ST_AT_STR, .off = CACHE(cached), .flags = SUB_JSON },
	{ .key = "backing", .type = ST_AT_STR, .off = CACHE(backing), .flags = SUB_JSON },
	{ .key = "cache_device", .type = ST_AT_STR, .off = CACHE(cache_dev), .flags = SUB_JSON },
};
TABLE(st_cache_attrs, "cache", cache_attrs);

/* probe_cache.c: a dm-crypt mapping and its etc/crypttab entry.  In device
 * and mount rules the facts are those of the crypt mapping at or below the
 * device (facts.c). */
#define CRYPT(f) offsetof(struct st_crypt, f)
static const struct st_attr crypt_attrs[] = {
	{ .key = "name", .type = ST_AT_STR, .off = CRYPT(name), .fact = "device.crypt.name",
	  .flags = ST_ATTR_NO_TEXT },
	{ .key = "crypttab", .type = ST_AT_TRI, .off = CRYPT(crypttab),
	  .fact = "device.crypt.crypttab", .flags = ST_ATTR_NO_TEXT },
	{ .key = "crypttab_options", .type = ST_AT_STR, .off = CRYPT(options), .flags = SUB_JSON },
	{ .key = "crypttab_discard", .type = ST_AT_TRI, .off = CRYPT(tab_discard),
	  .fact = "device.crypt.crypttab_discard", .flags = ST_ATTR_NO_TEXT },
	{ .key = "no_read_workqueue", .type = ST_AT_TRI, .off = CRYPT(tab_no_read_wq),
	  .fact = "device.crypt.no_read_workqueue", .flags = ST_ATTR_NO_TEXT },
	{ .key = "no_write_workqueue", .type = ST_AT_TRI, .off = CRYPT(tab_no_write_wq),
	  .fact = "device.crypt.no_write_workqueue", .flags = ST_ATTR_NO_TEXT },
	{ .key = "discard", .type = ST_AT_TRI, .off = CRYPT(discard), .fact = "device.crypt.discard",
	  .flags = ST_ATTR_NO_TEXT },
	{ .key = "below_discard", .type = ST_AT_TRI, .off = CRYPT(below_discard),
	  .fact = "device.crypt.below_discard", .flags = ST_ATTR_NO_TEXT },
};
TABLE(st_crypt_attrs, "crypt", crypt_attrs);

#define FS(f) offsetof(struct st_fsinfo, f)
static const struct st_attr fs_attrs[] = {
	{ .key = "fstype", .type = ST_AT_STR, .off = FS(type), .fact = "device.fstype",
	  .flags = ST_ATTR_NO_TEXT /* the FSTYPE column */ },
	{ .key = "uuid", .type = ST_AT_STR, .off = FS(uuid), .flags = SUB_JSON },
	{ .key = "label", .type = ST_AT_STR, .off = FS(label), .flags = SUB_JSON },
};
TABLE(st_fs_attrs, "filesystem", fs_attrs);

/* probe_mounts.c parses them from mountinfo; the facts for barrier, data,
 * discard, options and fstab add the filesystems' defaults (facts.c) */
#define MNT(f) offsetof(struct st_mount, f)
#define MNT_JSON (ST_ATTR_NO_FACT | ST_ATTR_NO_TEXT)
static const struct st_attr mount_attrs[] = {
	{ .key = "target", .type = ST_AT_STR, .off = MNT(target), .fact = "mount.target",
	  .flags = ST_ATTR_NO_TEXT },
	{ .key = "source", .type = ST_AT_STR, .off = MNT(source), .fact = "mount.source",
	  .flags = ST_ATTR_NO_TEXT },
	{ .key = "fstype", .type = ST_AT_STR, .off = MNT(fstype), .fact = "mount.fstype",
	  .flags = ST_ATTR_NO_TEXT },
	{ .key = "options", .type = ST_AT_STR, .off = MNT(options), .flags = MNT_JSON },
	{ .key = "root", .type = ST_AT_STR, .off = MNT(root), .flags = MNT_JSON },
	{ .key = "atime", .type = ST_AT_STR, .off = MNT(atime), .fact = "mount.atime",
	  .flags = ST_ATTR_NO_TEXT },
	{ .key = "barrier", .type = ST_AT_TRI, .off = MNT(barrier), .flags = MNT_JSON },
	{ .key = "commit", .type = ST_AT_U64, .off = MNT(commit_s), .fact = "mount.commit",
	  .flags = ST_ATTR_NO_TEXT },
	{ .key = "data", .type = ST_AT_STR, .off = MNT(data_mode), .flags = MNT_JSON },
	{ .key = "discard", .type = ST_AT_TRI, .off = MNT(discard), .flags = MNT_JSON },
	{ .key = "sunit", .type = ST_AT_U64, .off = MNT(sunit), .scale = 512,
	  .fact = "mount.sunit", .flags = ST_ATTR_NO_TEXT },
	{ .key = "swidth", .type = ST_AT_U64, .off = MNT(swidth), .scale = 512,
	  .fact = "mount.swidth", .flags = ST_ATTR_NO_TEXT },
	{ .key = "stripe", .type = ST_AT_U64, .off = MNT(stripe), .fact = "mount.stripe",
	  .flags = ST_ATTR_NO_TEXT },
	{ .key = "fstab_options", .type = ST_AT_STR, .off = MNT(fstab_options), .flags = MNT_JSON },
};
TABLE(st_mount_attrs, "mount", mount_attrs);

/*
 * Documentation/admin-guide/sysctl/vm.rst: ratios are percent, swappiness
 * 0..200, vfs_cache_pressure has no upper bound.  `probe` shows them in
 * JSON only (its text is about devices).
 */
#define VM(f) offsetof(struct st_vm, f)
#define SYS_TEXT (ST_ATTR_NO_TEXT)
static const struct st_attr vm_attrs[] = {
	{ .key = "dirty_ratio", .type = ST_AT_U64, .off = VM(dirty_ratio),
	  .path = "proc/sys/vm/dirty_ratio", .read = ST_AR_NUM, .max = 100,
	  .fact = "vm.dirty_ratio", .flags = SYS_TEXT },
	{ .key = "dirty_background_ratio", .type = ST_AT_U64, .off = VM(dirty_background_ratio),
	  .path = "proc/sys/vm/dirty_background_ratio", .read = ST_AR_NUM, .max = 100,
	  .fact = "vm.dirty_background_ratio", .flags = SYS_TEXT },
	{ .key = "dirty_bytes", .type = ST_AT_U64, .off = VM(dirty_bytes),
	  .path = "proc/sys/vm/dirty_bytes", .read = ST_AR_NUM, .max = UINT64_MAX - 1, .scale = 1,
	  .fact = "vm.dirty_bytes", .flags = SYS_TEXT },
	{ .key = "dirty_background_bytes", .type = ST_AT_U64, .off = VM(dirty_background_bytes),
	  .path = "proc/sys/vm/dirty_background_bytes", .read = ST_AR_NUM, .max = UINT64_MAX - 1,
	  .scale = 1, .fact = "vm.dirty_background_bytes", .flags = SYS_TEXT },
	{ .key = "dirty_expire_centisecs", .type = ST_AT_U64, .off = VM(dirty_expire_centisecs),
	  .path = "proc/sys/vm/dirty_expire_centisecs", .read = ST_AR_NUM, .max = UINT32_MAX,
	  .fact = "vm.dirty_expire_centisecs", .flags = SYS_TEXT },
	{ .key = "dirty_writeback_centisecs", .type = ST_AT_U64,
	  .off = VM(dirty_writeback_centisecs), .path = "proc/sys/vm/dirty_writeback_centisecs",
	  .read = ST_AR_NUM, .max = UINT32_MAX, .fact = "vm.dirty_writeback_centisecs",
	  .flags = SYS_TEXT },
	{ .key = "swappiness", .type = ST_AT_U64, .off = VM(swappiness),
	  .path = "proc/sys/vm/swappiness", .read = ST_AR_NUM, .max = 200, .fact = "vm.swappiness",
	  .flags = SYS_TEXT },
	{ .key = "vfs_cache_pressure", .type = ST_AT_U64, .off = VM(vfs_cache_pressure),
	  .path = "proc/sys/vm/vfs_cache_pressure", .read = ST_AR_NUM, .max = UINT32_MAX,
	  .fact = "vm.vfs_cache_pressure", .flags = SYS_TEXT },
};
TABLE(st_vm_attrs, "vm", vm_attrs);

/* probe_system.c: MemTotal from meminfo, the online CPUs */
#define SYS(f) offsetof(struct st_system, f)
static const struct st_attr system_attrs[] = {
	{ .key = "mem_total", .type = ST_AT_U64, .off = SYS(mem_total), .scale = 1,
	  .fact = "mem.total", .flags = SYS_TEXT },
	{ .key = "cpus", .type = ST_AT_U64, .off = SYS(cpus), .fact = "system.cpus",
	  .flags = SYS_TEXT },
	/* seconds an NVMe command may take before the driver aborts it and
	 * resets the controller (drivers/nvme/host/core.c, default 30; a uint) */
	{ .key = "nvme_io_timeout", .type = ST_AT_U64, .off = SYS(nvme_io_timeout),
	  .path = "sys/module/nvme_core/parameters/io_timeout", .read = ST_AR_NUM,
	  .max = UINT32_MAX, .fact = "system.nvme_io_timeout", .flags = SYS_TEXT },
};
TABLE(st_system_attrs, "system", system_attrs);

#define VIRT(f) offsetof(struct st_virt, f)
static const struct st_attr virt_attrs[] = {
	{ .key = "virtualized", .type = ST_AT_TRI, .off = VIRT(virtualized),
	  .fact = "system.virtualized", .flags = SYS_TEXT },
	{ .key = "hypervisor_flag", .type = ST_AT_TRI, .off = VIRT(hypervisor_flag),
	  .flags = ST_ATTR_NO_FACT | SYS_TEXT },
	{ .key = "hypervisor", .type = ST_AT_STR, .off = VIRT(hypervisor),
	  .fact = "system.hypervisor", .flags = SYS_TEXT },
	{ .key = "dmi_vendor", .type = ST_AT_STR, .off = VIRT(dmi_vendor),
	  .flags = ST_ATTR_NO_FACT | SYS_TEXT },
	{ .key = "dmi_product", .type = ST_AT_STR, .off = VIRT(dmi_product),
	  .flags = ST_ATTR_NO_FACT | SYS_TEXT },
};
TABLE(st_virt_attrs, "virtualization", virt_attrs);

const struct st_attr_table *const st_attr_tables[] = {
	&st_device_attrs, &st_queue_attrs, &st_identity_attrs, &st_part_attrs,
	&st_raid_attrs,   &st_dm_attrs,    &st_loop_attrs,     &st_cache_attrs,
	&st_crypt_attrs,  &st_fs_attrs,    &st_mount_attrs,    &st_vm_attrs,
	&st_system_attrs, &st_virt_attrs,
};
const size_t st_attr_ntables = ST_ARRAY_SIZE(st_attr_tables);

/* Access ------------------------------------------------------------------- */

void *st_attr_field(void *base, const struct st_attr *a)
{
	return (char *)base + a->off;
}

void st_attr_get(const struct st_attr *a, const void *base, struct st_attr_value *v)
{
	const char *field = (const char *)base + a->off;

	memset(v, 0, sizeof(*v));
	v->type = a->type;
	if (!base)
		return;
	if (a->get) {
		a->get(base, v);
		return;
	}
	switch (a->type) {
	case ST_AT_U64:
		memcpy(&v->u, field, sizeof(v->u));
		v->known = v->u != ST_UNKNOWN && !(a->flags & ST_ATTR_ZERO_NONE && v->u == 0);
		break;
	case ST_AT_TRI:
		memcpy(&v->tri, field, sizeof(v->tri));
		v->known = v->tri != ST_TRI_UNKNOWN;
		break;
	case ST_AT_STR:
		memcpy(&v->s, field, sizeof(v->s));
		v->known = v->s != NULL;
		break;
	case ST_AT_STRV:
		memcpy(&v->v, field, sizeof(v->v));
		v->known = v->v != NULL;
		break;
	case ST_AT_KV:
		v->kv = (const struct st_kvlist *)field;
		v->known = v->kv->n > 0;
		break;
	default:
		break;
	}
}

const char *st_attr_text(const struct st_attr_value *v, const char *unknown)
{
	struct st_attr_value *w = (struct st_attr_value *)v;

	if (!v->known)
		return unknown;
	switch (v->type) {
	case ST_AT_U64:
		snprintf(w->buf, sizeof(w->buf), "%" PRIu64, v->u);
		return w->buf;
	case ST_AT_TRI:
		return v->tri ? "1" : "0";
	case ST_AT_STR:
		return v->s;
	default:
		return unknown;
	}
}

const struct st_attr *st_attr_by_path(const struct st_attr_table *t, const char *path)
{
	for (size_t i = 0; path && i < t->n; i++)
		if (t->v[i].path && strcmp(t->v[i].path, path) == 0)
			return &t->v[i];
	return NULL;
}

void st_attr_init(const struct st_attr_table *t, void *base)
{
	for (size_t i = 0; i < t->n; i++) {
		char *field = (char *)base + t->v[i].off;
		uint64_t u = ST_UNKNOWN;
		int tri = ST_TRI_UNKNOWN;

		if (t->v[i].get)
			continue;
		if (t->v[i].type == ST_AT_U64 && !(t->v[i].flags & ST_ATTR_ZERO_NONE))
			memcpy(field, &u, sizeof(u));
		else if (t->v[i].type == ST_AT_TRI)
			memcpy(field, &tri, sizeof(tri));
	}
}

void st_attr_clear(const struct st_attr_table *t, void *base)
{
	for (size_t i = 0; i < t->n; i++) {
		char *field = (char *)base + t->v[i].off;
		void *p = NULL;

		if (t->v[i].get)
			continue;
		switch (t->v[i].type) {
		case ST_AT_STR:
			memcpy(&p, field, sizeof(p));
			free(p);
			memset(field, 0, sizeof(p));
			break;
		case ST_AT_STRV:
			memcpy(&p, field, sizeof(p));
			st_strv_free(p);
			memset(field, 0, sizeof(p));
			break;
		case ST_AT_KV:
			st_kvlist_free((struct st_kvlist *)field);
			break;
		default:
			break;
		}
	}
}
