/*
 * knob.c - owns the knob descriptor table (STYLE.md 5): every sysfs
 * attribute, sysctl and mount option stortune may change, with its type,
 * range, unit, scope and risk.  It is also the only code that turns a rule
 * value into the text the kernel takes, reads a knob's current value out of
 * the system model, decides whether a knob exists on a device or mount, and
 * composes the shell command or fstab options that change it.  Nothing here
 * touches the live system: the model is what the probes read.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_attr.h"
#include "st_knob.h"
#include "st_util.h"

/* Units (scope and risk names belong to the rule loader, src/rules.c) ---- */

/* Symbols to print after a number; a plain count has none. */
static const char *const unit_names[ST_UNIT_NR] = {
	[ST_UNIT_NONE] = "",        [ST_UNIT_BYTES] = "B",   [ST_UNIT_KIB] = "KiB",
	[ST_UNIT_SECTORS] = "sectors", [ST_UNIT_NSEC] = "ns", [ST_UNIT_USEC] = "us",
	[ST_UNIT_MSEC] = "ms",      [ST_UNIT_CSEC] = "cs",   [ST_UNIT_SEC] = "s",
	[ST_UNIT_PERCENT] = "%",
};

const char *st_unit_name(enum st_unit u)
{
	return (unsigned)u < ST_UNIT_NR ? unit_names[u] : "";
}

/* The table --------------------------------------------------------------- */

/* Every device knob is written under the device's own queue (or, for
 * queue_depth, its SCSI device), which partitions do not have. */
#define DEV_Q (ST_KNOB_RUNTIME | ST_KNOB_QUEUE)
#define DEV_SCHED (DEV_Q | ST_KNOB_SCHED)

/* KiB / 512-byte sectors per byte-sized unit; 0: the unit is not a size. */
static uint64_t unit_bytes(enum st_unit u)
{
	switch (u) {
	case ST_UNIT_BYTES:
		return 1;
	case ST_UNIT_KIB:
		return 1024;
	case ST_UNIT_SECTORS:
		return 512;
	default:
		return 0;
	}
}

/* blk-mq's elevators, then the legacy single-queue ones (Linux before 5.0:
 * Documentation/block/switching-sched.txt), which such kernels offer
 * instead; st_knob_check_device keeps each to the kernels that offer it. */
static const char *const sched_values[] = { "none",     "mq-deadline", "bfq",  "kyber",
					    "deadline", "noop",        "cfq", NULL };
static const char *const iopolicy_values[] = { "numa", "round-robin", "queue-depth", NULL };
static const char *const atime_values[] = { "noatime", "relatime", "strictatime", NULL };
static const char *const data_values[] = { "ordered", "journal", "writeback", NULL };

static const char *const fs_ext34[] = { "ext3", "ext4", NULL };
/* Documentation/admin-guide/ext4.rst, xfs.rst, btrfs(5), mount(8) (vfat),
 * Documentation/filesystems/f2fs.rst: each takes "discard"/"nodiscard". */
static const char *const fs_discard[] = { "ext4", "xfs", "btrfs", "vfat", "f2fs", NULL };

/*
 * mq-deadline keeps read_expire and write_expire in jiffies
 * (msecs_to_jiffies on store, jiffies_to_msecs on show), so 250 ms reads
 * back as 252 on a 250 Hz kernel.  A multiple of 20 ms is a whole number of
 * jiffies at 100, 250, 300 and 1000 Hz, and reads back as written.
 */
#define ST_JIFFY_MS 20

/*
 * Apply order.  Device knobs first: rotational, then the scheduler, then its
 * tunables, then the rest of the queue; then sysctls; then mount options.
 * Ranges cite where they come from; where the kernel accepts anything (it
 * clamps, or takes any unsigned long) the range is a sane bound, and says so.
 */
static const struct st_knob knobs[] = {
	/*
	 * Before the scheduler: bfq (bfq_init_queue) and writeback throttling
	 * (wbt_default_latency_nsec: 2 ms non-rotational, 75 ms rotational)
	 * read the rotational flag when they initialise, so a corrected flag
	 * must be in place before the scheduler switch re-initialises them.
	 */
	{
		.name = "queue/rotational", .kind = ST_KNOB_SYSFS, .path = "queue/rotational",
		.type = ST_KT_BOOL, .scope = ST_SCOPE_DEVICE, .flags = DEV_Q,
		.risk = ST_RISK_LOW,
		.help = "whether the kernel treats the device as spinning (VMs often lie)",
	},
	/* Documentation/block/queue-sysfs.rst "scheduler"; legacy single-queue
	 * kernels offer noop/deadline/cfq instead, and read back the same way
	 * ("noop [deadline] cfq"). */
	{
		.name = "queue/scheduler", .kind = ST_KNOB_SYSFS, .path = "queue/scheduler",
		.type = ST_KT_ENUM, .values = sched_values, .scope = ST_SCOPE_DEVICE,
		.flags = DEV_SCHED, .risk = ST_RISK_NONE,
		.help = "the I/O scheduler (elevator) of the device's request queue",
		.mech = ST_MECH_MERGES,
	},
	/*
	 * block/mq-deadline.c: read_expire and write_expire are shown in ms
	 * (defaults HZ/2 = 500 ms and 5 * HZ = 5000 ms), fifo_batch defaults to
	 * 16 and writes_starved to 2; the store functions clamp to [0, INT_MAX]
	 * rather than reject, so these ranges are sane bounds: 0 would make
	 * every request expired at once.  Documentation/block/deadline-iosched.rst.
	 * The legacy single-queue deadline (block/deadline-iosched.c, before
	 * 5.0) has the same five tunables, defaults and units: they are its
	 * tunables too (st_knob_sched_matches).
	 */
	{
		.name = "queue/iosched/read_expire", .kind = ST_KNOB_SYSFS,
		.path = "queue/iosched/read_expire", .type = ST_KT_U64, .unit = ST_UNIT_MSEC,
		.min = 1, .max = 60000, .scope = ST_SCOPE_DEVICE, .flags = DEV_SCHED,
		.requires_sched = "mq-deadline", .risk = ST_RISK_NONE,
		.step = ST_JIFFY_MS,
		.help = "mq-deadline: how long a read may wait before it goes first (ms)",
	},
	{
		.name = "queue/iosched/write_expire", .kind = ST_KNOB_SYSFS,
		.path = "queue/iosched/write_expire", .type = ST_KT_U64, .unit = ST_UNIT_MSEC,
		.min = 1, .max = 600000, .scope = ST_SCOPE_DEVICE, .flags = DEV_SCHED,
		.requires_sched = "mq-deadline", .risk = ST_RISK_NONE,
		.step = ST_JIFFY_MS,
		.help = "mq-deadline: how long a write may wait before it goes first (ms)",
	},
	{
		.name = "queue/iosched/fifo_batch", .kind = ST_KNOB_SYSFS,
		.path = "queue/iosched/fifo_batch", .type = ST_KT_U64, .unit = ST_UNIT_NONE,
		.min = 1, .max = 1024, .scope = ST_SCOPE_DEVICE, .flags = DEV_SCHED,
		.requires_sched = "mq-deadline", .risk = ST_RISK_NONE,
		.help = "mq-deadline: requests dispatched per sorted batch (throughput vs latency)",
	},
	{
		.name = "queue/iosched/writes_starved", .kind = ST_KNOB_SYSFS,
		.path = "queue/iosched/writes_starved", .type = ST_KT_U64, .unit = ST_UNIT_NONE,
		.min = 1, .max = 64, .scope = ST_SCOPE_DEVICE, .flags = DEV_SCHED,
		.requires_sched = "mq-deadline", .risk = ST_RISK_NONE,
		.help = "mq-deadline: read batches served before a waiting write batch",
	},
	{
		.name = "queue/iosched/front_merges", .kind = ST_KNOB_SYSFS,
		.path = "queue/iosched/front_merges", .type = ST_KT_BOOL,
		.scope = ST_SCOPE_DEVICE, .flags = DEV_SCHED, .requires_sched = "mq-deadline",
		.risk = ST_RISK_NONE,
		.help = "mq-deadline: try to merge a request in front of an adjacent queued one",
		.mech = ST_MECH_MERGES,
	},
	/* block/bfq-iosched.c: low_latency defaults to 1, slice_idle to 8 ms
	 * (shown in ms; 0 turns idling off).  Documentation/block/bfq-iosched.rst. */
	{
		.name = "queue/iosched/low_latency", .kind = ST_KNOB_SYSFS,
		.path = "queue/iosched/low_latency", .type = ST_KT_BOOL,
		.scope = ST_SCOPE_DEVICE, .flags = DEV_SCHED, .requires_sched = "bfq",
		.risk = ST_RISK_NONE,
		.help = "bfq: favour interactive and soft real-time tasks",
	},
	{
		.name = "queue/iosched/slice_idle", .kind = ST_KNOB_SYSFS,
		.path = "queue/iosched/slice_idle", .type = ST_KT_U64, .unit = ST_UNIT_MSEC,
		.min = 0, .max = 1000, .scope = ST_SCOPE_DEVICE, .flags = DEV_SCHED,
		.requires_sched = "bfq", .risk = ST_RISK_NONE,
		.help = "bfq: how long to wait for a process's next request (ms)",
	},
	/* block/kyber-iosched.c: target latencies in ns, defaults 2 ms (reads)
	 * and 10 ms (writes); the bounds here, 100 us .. 10 s, are sane ones. */
	{
		.name = "queue/iosched/read_lat_nsec", .kind = ST_KNOB_SYSFS,
		.path = "queue/iosched/read_lat_nsec", .type = ST_KT_U64, .unit = ST_UNIT_NSEC,
		.min = 100000, .max = 10000000000ull, .scope = ST_SCOPE_DEVICE,
		.flags = DEV_SCHED, .requires_sched = "kyber", .risk = ST_RISK_NONE,
		.help = "kyber: target read latency (ns)",
	},
	{
		.name = "queue/iosched/write_lat_nsec", .kind = ST_KNOB_SYSFS,
		.path = "queue/iosched/write_lat_nsec", .type = ST_KT_U64, .unit = ST_UNIT_NSEC,
		.min = 100000, .max = 10000000000ull, .scope = ST_SCOPE_DEVICE,
		.flags = DEV_SCHED, .requires_sched = "kyber", .risk = ST_RISK_NONE,
		.help = "kyber: target write latency (ns)",
	},
	/*
	 * After the scheduler: switching elevators resets nr_requests
	 * (blk_mq_init_sched sets 2 * min(tag depth, BLKDEV_DEFAULT_RQ)).
	 * block/blk-sysfs.c raises values below BLKDEV_MIN_RQ (4) to 4; with a
	 * scheduler the depth cannot exceed MAX_SCHED_RQ (16 * BLKDEV_DEFAULT_RQ
	 * = 2048, block/blk-mq-sched.h), without one the hardware tag depth.
	 * Bio-based queues (dm, md) reject the write: hence SCHED.
	 */
	{
		.name = "queue/nr_requests", .kind = ST_KNOB_SYSFS, .path = "queue/nr_requests",
		.type = ST_KT_U64, .unit = ST_UNIT_NONE, .min = 4, .max = 2048,
		.scope = ST_SCOPE_DEVICE, .flags = DEV_SCHED, .risk = ST_RISK_NONE,
		.reset_by = "queue/scheduler",
		.help = "requests the queue (or its scheduler) may hold",
		.mech = ST_MECH_QUEUE,
	},
	/* block/blk-sysfs.c queue_max_sectors_store: at least a page (4 KiB)
	 * and at most max_hw_sectors_kb, which st_knob_check_device checks.
	 * Since 6.x the store recomputes the queue's limits, and read-ahead
	 * becomes at least twice the new value (seen on 6.18: 128 -> 1024 for
	 * max_sectors_kb 512): before read_ahead_kb here, so that a plan's
	 * read-ahead is written after it and stands. */
	{
		.name = "queue/max_sectors_kb", .kind = ST_KNOB_SYSFS,
		.path = "queue/max_sectors_kb", .type = ST_KT_U64, .unit = ST_UNIT_KIB,
		.min = 4, .max = 1048576, .scope = ST_SCOPE_DEVICE, .flags = DEV_Q,
		.risk = ST_RISK_NONE, .raises = "queue/read_ahead_kb",
		.help = "largest request the block layer sends to the device (KiB)",
		.mech = ST_MECH_REQ_SIZE,
	},
	/* queue-sysfs.rst: any value is taken (md and dm have it too); 64 MiB
	 * is a sane bound, far above what sequential workloads gain from. */
	{
		.name = "queue/read_ahead_kb", .kind = ST_KNOB_SYSFS, .path = "queue/read_ahead_kb",
		.type = ST_KT_U64, .unit = ST_UNIT_KIB, .min = 0, .max = 65536,
		.scope = ST_SCOPE_DEVICE, .flags = DEV_Q, .risk = ST_RISK_NONE,
		.help = "how far the kernel reads ahead of sequential reads (KiB)",
		.mech = ST_MECH_REQ_SIZE,
	},
	/* queue-sysfs.rst: 0 all merges, 1 only simple one-hit merges, 2 none */
	{
		.name = "queue/nomerges", .kind = ST_KNOB_SYSFS, .path = "queue/nomerges",
		.type = ST_KT_U64, .unit = ST_UNIT_NONE, .min = 0, .max = 2,
		.scope = ST_SCOPE_DEVICE, .flags = DEV_Q, .risk = ST_RISK_NONE,
		.help = "request merging: 0 all, 1 simple merges only, 2 none",
		.mech = ST_MECH_MERGES,
	},
	/* queue-sysfs.rst: 0 off, 1 complete on the submitting CPU's group,
	 * 2 force the submitting CPU itself */
	{
		.name = "queue/rq_affinity", .kind = ST_KNOB_SYSFS, .path = "queue/rq_affinity",
		.type = ST_KT_U64, .unit = ST_UNIT_NONE, .min = 0, .max = 2,
		.scope = ST_SCOPE_DEVICE, .flags = DEV_Q, .risk = ST_RISK_NONE,
		.help = "completion CPU: 0 any, 1 the submitter's group, 2 the submitter",
	},
	/*
	 * After the scheduler: selecting bfq turns writeback throttling off
	 * (wbt_disable_default).  queue-sysfs.rst: 0 disables it; -1 (reset
	 * to the default) is not offered.  10 s is a sane upper bound.
	 */
	{
		.name = "queue/wbt_lat_usec", .kind = ST_KNOB_SYSFS, .path = "queue/wbt_lat_usec",
		.type = ST_KT_U64, .unit = ST_UNIT_USEC, .min = 0, .max = 10000000,
		.scope = ST_SCOPE_DEVICE, .flags = DEV_Q, .risk = ST_RISK_NONE,
		.reset_by = "queue/scheduler",
		.help = "writeback throttling target latency (us); 0 turns throttling off",
	},
	{
		.name = "queue/add_random", .kind = ST_KNOB_SYSFS, .path = "queue/add_random",
		.type = ST_KT_BOOL, .scope = ST_SCOPE_DEVICE, .flags = DEV_Q,
		.risk = ST_RISK_NONE,
		.help = "whether I/O completion timings feed the kernel's entropy pool",
	},
	/*
	 * drivers/scsi/scsi_sysfs.c sdev_store_queue_depth: 1 .. the host's
	 * can_queue (libata caps NCQ at 32).  1024 is a sane upper bound; only
	 * SCSI and SATA devices have the attribute.
	 */
	{
		.name = "device/queue_depth", .kind = ST_KNOB_SYSFS, .path = "device/queue_depth",
		.type = ST_KT_U64, .unit = ST_UNIT_NONE, .min = 1, .max = 1024,
		.scope = ST_SCOPE_DEVICE, .flags = DEV_Q, .risk = ST_RISK_LOW,
		.help = "commands the SCSI/SATA device may have outstanding (NCQ depth)",
		.mech = ST_MECH_QUEUE,
	},
	/*
	 * Documentation/admin-guide/md.rst (stripe_cache_size): raid4/5/6
	 * only, in stripes; each holds a page per member disk, so the memory
	 * is stripe_cache_size * 4 KiB * disks.  drivers/md/raid5.c
	 * raid5_set_cache_size rejects <= 16 and > 32768.  Under md/, not
	 * queue/: md devices have no scheduler, and partitions of the array
	 * do not have it.
	 */
	{
		.name = "md/stripe_cache_size", .kind = ST_KNOB_SYSFS,
		.path = "md/stripe_cache_size", .type = ST_KT_U64, .unit = ST_UNIT_NONE,
		.min = 17, .max = 32768, .scope = ST_SCOPE_DEVICE, .flags = ST_KNOB_RUNTIME,
		.risk = ST_RISK_NONE,
		.help = "md RAID4/5/6: stripes cached for parity (each a page per member disk)",
	},
	/*
	 * Documentation/admin-guide/nvme-multipath.rst: the path selection
	 * policy of a native-multipath subsystem, in /sys/class/nvme-subsystem/
	 * nvme-subsysN/iopolicy, which is the head device's device/ directory.
	 * queue-depth exists from Linux 6.11; older kernels reject it with
	 * EINVAL, which apply reports.
	 */
	{
		.name = "device/iopolicy", .kind = ST_KNOB_SYSFS, .path = "device/iopolicy",
		.type = ST_KT_ENUM, .values = iopolicy_values, .scope = ST_SCOPE_DEVICE,
		.flags = ST_KNOB_RUNTIME | ST_KNOB_NVME_SUBSYS, .risk = ST_RISK_NONE,
		.help = "NVMe multipath: how I/O is spread over the subsystem's paths",
	},

	/*
	 * Documentation/admin-guide/sysctl/vm.rst.  Writing a *_bytes key zeroes
	 * its *_ratio twin and the other way round: the ratio comes first so
	 * that a plan setting both ends with the bytes value.
	 */
	{
		.name = "vm.dirty_ratio", .kind = ST_KNOB_SYSCTL, .path = "proc/sys/vm/dirty_ratio",
		.type = ST_KT_U64, .unit = ST_UNIT_PERCENT, .min = 0, .max = 100,
		.scope = ST_SCOPE_SYSTEM, .flags = ST_KNOB_RUNTIME, .risk = ST_RISK_LOW,
		.twin = "vm.dirty_bytes",
		.help = "dirty memory (% of available) at which writers must write back",
		.mech = ST_MECH_WRITEBACK,
	},
	{
		.name = "vm.dirty_background_ratio", .kind = ST_KNOB_SYSCTL,
		.path = "proc/sys/vm/dirty_background_ratio", .type = ST_KT_U64,
		.unit = ST_UNIT_PERCENT, .min = 0, .max = 100, .scope = ST_SCOPE_SYSTEM,
		.flags = ST_KNOB_RUNTIME, .risk = ST_RISK_LOW,
		.twin = "vm.dirty_background_bytes",
		.help = "dirty memory (% of available) at which background writeback starts",
		.mech = ST_MECH_WRITEBACK,
	},
	/*
	 * vm.rst: "the minimum value allowed for dirty_bytes is two pages";
	 * the kernel (dirty_bytes_min, proc_doulongvec_minmax) silently keeps
	 * the old value below it, so 0 does not switch back to dirty_ratio.
	 * Two 4 KiB pages; on 64 KiB-page kernels the real minimum is 128 KiB.
	 * 1 PiB is a sane upper bound.
	 */
	{
		.name = "vm.dirty_bytes", .kind = ST_KNOB_SYSCTL, .path = "proc/sys/vm/dirty_bytes",
		.type = ST_KT_U64, .unit = ST_UNIT_BYTES, .min = 8192, .max = 1ull << 50,
		.scope = ST_SCOPE_SYSTEM, .flags = ST_KNOB_RUNTIME, .risk = ST_RISK_LOW,
		.twin = "vm.dirty_ratio",
		.help = "dirty memory (bytes) at which writers must write back",
		.mech = ST_MECH_WRITEBACK,
	},
	{
		.name = "vm.dirty_background_bytes", .kind = ST_KNOB_SYSCTL,
		.path = "proc/sys/vm/dirty_background_bytes", .type = ST_KT_U64,
		.unit = ST_UNIT_BYTES, .min = 0, .max = 1ull << 50, .scope = ST_SCOPE_SYSTEM,
		.flags = ST_KNOB_RUNTIME, .risk = ST_RISK_LOW,
		.twin = "vm.dirty_background_ratio",
		.help = "dirty memory (bytes) at which background writeback starts",
		.mech = ST_MECH_WRITEBACK,
	},
	/* vm.rst: both are ints in hundredths of a second (INT_MAX at most) */
	{
		.name = "vm.dirty_expire_centisecs", .kind = ST_KNOB_SYSCTL,
		.path = "proc/sys/vm/dirty_expire_centisecs", .type = ST_KT_U64,
		.unit = ST_UNIT_CSEC, .min = 0, .max = 2147483647, .scope = ST_SCOPE_SYSTEM,
		.flags = ST_KNOB_RUNTIME, .risk = ST_RISK_LOW,
		.help = "age at which dirty data is written back (centiseconds)",
		.mech = ST_MECH_WRITEBACK,
	},
	{
		.name = "vm.dirty_writeback_centisecs", .kind = ST_KNOB_SYSCTL,
		.path = "proc/sys/vm/dirty_writeback_centisecs", .type = ST_KT_U64,
		.unit = ST_UNIT_CSEC, .min = 0, .max = 2147483647, .scope = ST_SCOPE_SYSTEM,
		.flags = ST_KNOB_RUNTIME, .risk = ST_RISK_LOW,
		.help = "flusher thread wake-up interval (centiseconds); 0 disables them",
		.mech = ST_MECH_WRITEBACK,
	},
	/* vm.rst: 0..200 since Linux 5.8 (0..100 before) */
	{
		.name = "vm.swappiness", .kind = ST_KNOB_SYSCTL, .path = "proc/sys/vm/swappiness",
		.type = ST_KT_U64, .unit = ST_UNIT_NONE, .min = 0, .max = 200,
		.scope = ST_SCOPE_SYSTEM, .flags = ST_KNOB_RUNTIME, .risk = ST_RISK_LOW,
		.help = "relative cost of swapping anonymous memory against dropping page cache",
	},
	/* vm.rst: any non-negative int; 100 is the default, and values far
	 * above it make reclaim drop dentries and inodes eagerly; 10000 is a
	 * sane upper bound */
	{
		.name = "vm.vfs_cache_pressure", .kind = ST_KNOB_SYSCTL,
		.path = "proc/sys/vm/vfs_cache_pressure", .type = ST_KT_U64,
		.unit = ST_UNIT_NONE, .min = 0, .max = 10000, .scope = ST_SCOPE_SYSTEM,
		.flags = ST_KNOB_RUNTIME, .risk = ST_RISK_LOW,
		.help = "how eagerly reclaim drops dentry and inode caches (100 = fair)",
	},

	/* mount(8) FILESYSTEM-INDEPENDENT MOUNT OPTIONS: the values are the
	 * option names */
	{
		.name = "mount:atime", .kind = ST_KNOB_MOUNT, .path = "atime",
		.type = ST_KT_ENUM, .values = atime_values, .scope = ST_SCOPE_MOUNT,
		.flags = ST_KNOB_RUNTIME, .risk = ST_RISK_NONE,
		.help = "when reads update access times: noatime never, relatime at most daily",
		.mech = ST_MECH_ATIME,
	},
	/*
	 * Documentation/admin-guide/ext4.rst ("commit=nrsec ... The default
	 * value is 5 seconds ... you will lose as much as the latest 5 seconds
	 * of metadata changes"): a longer interval loses more on power failure.
	 * 0 means the default, so 1 is the minimum; 300 s is a sane bound.
	 */
	{
		.name = "mount:commit", .kind = ST_KNOB_MOUNT, .path = "commit",
		.type = ST_KT_U64, .unit = ST_UNIT_SEC, .min = 1, .max = 300,
		.scope = ST_SCOPE_MOUNT, .flags = ST_KNOB_RUNTIME, .fstypes = fs_ext34,
		.risk = ST_RISK_DURABILITY,
		.help = "seconds between journal commits; longer loses more on power failure",
	},
	/* ext4.rst barrier/nobarrier; XFS dropped nobarrier in Linux 4.19.
	 * Without barriers a volatile write cache can reorder the journal. */
	{
		.name = "mount:barrier", .kind = ST_KNOB_MOUNT, .path = "barrier",
		.type = ST_KT_BOOL, .scope = ST_SCOPE_MOUNT, .flags = ST_KNOB_RUNTIME,
		.fstypes = fs_ext34, .risk = ST_RISK_DURABILITY,
		.help = "write barriers (cache flushes) around journal commits (ext3/ext4)",
		.mech = ST_MECH_FLUSHES,
	},
	{
		.name = "mount:discard", .kind = ST_KNOB_MOUNT, .path = "discard",
		.type = ST_KT_BOOL, .scope = ST_SCOPE_MOUNT, .flags = ST_KNOB_RUNTIME,
		.fstypes = fs_discard, .risk = ST_RISK_NONE,
		.help = "online discard of freed blocks (instead of a periodic fstrim)",
	},
	/* ext4.rst: data= cannot change on remount ("Cannot change data mode
	 * on remount"), so only the fstab line changes it */
	{
		.name = "mount:data", .kind = ST_KNOB_MOUNT, .path = "data",
		.type = ST_KT_ENUM, .values = data_values, .scope = ST_SCOPE_MOUNT, .flags = 0,
		.fstypes = fs_ext34, .risk = ST_RISK_DURABILITY,
		.help = "ext3/ext4 data journaling mode: ordered, journal or writeback",
	},
};

/* Why a mount knob does not apply to a filesystem not in its fstypes. */
static const struct {
	const char *name;
	const char *reason;
} fs_reasons[] = {
	{ "mount:commit", "commit= is an ext3/ext4 option" },
	{ "mount:barrier",
	  "barrier/nobarrier is an ext3/ext4 option (XFS dropped it in Linux 4.19)" },
	{ "mount:discard", "discard is an ext4, xfs, btrfs, vfat or f2fs option" },
	{ "mount:data", "data= is an ext3/ext4 option" },
};

/* Device knobs that only some kinds of device have: the reason when the
 * probe found no value for the device. */
static const struct {
	const char *name;
	const char *reason;
} target_reasons[] = {
	{ "md/stripe_cache_size", "only md RAID4, RAID5 and RAID6 arrays have a stripe cache" },
	{ "device/iopolicy", "only an NVMe namespace under native multipath has an I/O policy" },
};

/* The schedulers that own iosched tunables, and the module that provides
 * each when it is not built in (block/Makefile: mq-deadline.o, bfq.o,
 * kyber-iosched.o). */
static const struct {
	const char *sched;
	const char *missing; /* st_knob_applies reason */
	const char *module;
} sched_info[] = {
	{ "mq-deadline", "mq-deadline is not offered by this kernel (modprobe mq-deadline)",
	  "mq-deadline" },
	{ "bfq", "bfq is not offered by this kernel (modprobe bfq)", "bfq" },
	{ "kyber", "kyber is not offered by this kernel (modprobe kyber-iosched)",
	  "kyber-iosched" },
};

bool st_knob_sched_matches(const struct st_knob *k, const char *sched)
{
	if (!k->requires_sched || !sched)
		return false;
	if (strcmp(k->requires_sched, sched) == 0)
		return true;
	/* the legacy deadline elevator has mq-deadline's tunables (above) */
	return strcmp(k->requires_sched, "mq-deadline") == 0 && strcmp(sched, "deadline") == 0;
}

const char *st_knob_sched_name(const struct st_knob *k, const struct st_device *dev)
{
	char **offered = dev ? st_device_queue(dev)->schedulers : NULL;

	for (char **sc = offered; sc && *sc; sc++)
		if (strcmp(*sc, k->requires_sched ? k->requires_sched : "") == 0)
			return k->requires_sched;
	for (char **sc = offered; sc && *sc; sc++)
		if (st_knob_sched_matches(k, *sc))
			return *sc;
	return k->requires_sched;
}

const struct st_knob *st_knob_table(size_t *n)
{
	if (n)
		*n = ST_ARRAY_SIZE(knobs);
	return knobs;
}

const struct st_knob *st_knob_find(const char *name)
{
	for (size_t i = 0; name && i < ST_ARRAY_SIZE(knobs); i++)
		if (strcmp(knobs[i].name, name) == 0)
			return &knobs[i];
	return NULL;
}

const char *st_knob_suggest(const char *name)
{
	const char *names[ST_ARRAY_SIZE(knobs)];

	if (!name)
		return NULL;
	for (size_t i = 0; i < ST_ARRAY_SIZE(knobs); i++)
		names[i] = knobs[i].name;
	return st_closest(name, names, ST_ARRAY_SIZE(knobs));
}

size_t st_knob_index(const struct st_knob *k)
{
	return (size_t)(k - knobs);
}

bool st_knob_reset_by(const struct st_knob *k, const struct st_knob *by)
{
	if (!k || !by || k == by || k->scope != ST_SCOPE_DEVICE || by->scope != ST_SCOPE_DEVICE)
		return false;
	if (k->reset_by)
		return strcmp(k->reset_by, by->name) == 0;
	/* elevator_switch frees the old scheduler's data and inits the new */
	return k->requires_sched && strcmp(by->name, "queue/scheduler") == 0;
}

/* Helpers ----------------------------------------------------------------- */

static void set_err(char **errmsg, const char *fmt, ...) ST_PRINTF(2, 3);

/* Sets *errmsg to a new string, which the caller frees (errmsg may be NULL:
 * the caller only wants the code). */
static void set_err(char **errmsg, const char *fmt, ...)
{
	va_list ap;

	if (!errmsg)
		return;
	va_start(ap, fmt);
	*errmsg = st_xvasprintf(fmt, ap);
	va_end(ap);
}

static char *join_values(const char *const *v)
{
	char *out = st_xstrdup("");

	for (size_t i = 0; v && v[i]; i++) {
		char *t = st_xasprintf("%s%s%s", out, i ? ", " : "", v[i]);

		free(out);
		out = t;
	}
	return out;
}

/* A byte count as the rule language writes it ("64KiB", "1000B"), so that
 * a message's value can be pasted back into a rule.  Returns a new string. */
static char *size_text(int64_t bytes)
{
	struct st_value v = { .type = ST_V_SIZE, .n = bytes };

	return st_value_format(&v);
}

static const char *type_expect(const struct st_knob *k)
{
	switch (k->type) {
	case ST_KT_ENUM:
		return "str";
	case ST_KT_BOOL:
		return "bool";
	case ST_KT_U64:
		return unit_bytes(k->unit) ? "num or size" : "num";
	default:
		return "nothing";
	}
}

/* Type checks ------------------------------------------------------------- */

int st_knob_check_type(const struct st_knob *k, enum st_vtype type, char **errmsg)
{
	bool ok;

	switch (k->type) {
	case ST_KT_ENUM:
		ok = type == ST_V_STR;
		break;
	case ST_KT_BOOL:
		ok = type == ST_V_BOOL;
		break;
	case ST_KT_U64:
		ok = type == ST_V_NUM || (type == ST_V_SIZE && unit_bytes(k->unit));
		break;
	default:
		ok = false;
		break;
	}
	if (ok)
		return 0;
	/* `unknown` as a literal value is rejected too: it can never be set */
	set_err(errmsg, "%s takes %s, not %s", k->name, type_expect(k), st_vtype_name(type));
	return -EINVAL;
}

static int range_check(const struct st_knob *k, const struct st_value *v, int64_t n,
		       char **errmsg)
{
	uint64_t ub = unit_bytes(k->unit);
	bool below = n < 0 || (uint64_t)n < k->min;
	bool above = n >= 0 && (uint64_t)n > k->max;
	char *val, *lim;

	if (!below && !above && k->step && (uint64_t)n % k->step) {
		set_err(errmsg, "%s: %" PRId64 " is not a multiple of %" PRIu64 "%s (%s)", k->name,
			n, k->step, unit_names[k->unit],
			"the kernel keeps it in jiffies; other values read back rounded");
		return -ERANGE;
	}
	if (!below && !above)
		return 0;
	/* state it in the value's own terms: sizes as sizes, numbers as numbers
	 * (every limit of a byte-sized knob fits in int64_t as bytes) */
	if (v->type == ST_V_SIZE) {
		val = size_text(v->n);
		lim = size_text((int64_t)((below ? k->min : k->max) * ub));
	} else {
		val = st_xasprintf("%" PRId64, v->n);
		lim = st_xasprintf("%" PRIu64, below ? k->min : k->max);
	}
	set_err(errmsg, "%s: %s is %s the %s %s", k->name, val, below ? "below" : "above",
		below ? "minimum" : "maximum", lim);
	free(val);
	free(lim);
	return -ERANGE;
}

int st_knob_render(const struct st_knob *k, const struct st_value *v, char **text, char **errmsg)
{
	int64_t n;
	int rc;

	*text = NULL;
	if (!v || v->type == ST_V_UNKNOWN) {
		set_err(errmsg, "%s: value is unknown", k->name);
		return -EINVAL;
	}
	rc = st_knob_check_type(k, v->type, errmsg);
	if (rc < 0)
		return rc;

	switch (k->type) {
	case ST_KT_ENUM:
		if (!st_strv_has(k->values, v->s)) {
			char *all = join_values(k->values);

			set_err(errmsg, "%s: '%s' is not one of %s", k->name, v->s ? v->s : "",
				all);
			free(all);
			return -EINVAL;
		}
		*text = st_xstrdup(v->s);
		return 0;
	case ST_KT_BOOL:
		*text = st_xstrdup(v->b ? "1" : "0");
		return 0;
	case ST_KT_U64:
		n = v->n;
		if (v->type == ST_V_SIZE && n >= 0) {
			uint64_t ub = unit_bytes(k->unit);

			if ((uint64_t)n % ub) {
				char *val = size_text(n);

				set_err(errmsg, "%s: %s is not a whole number of %s", k->name, val,
					k->unit == ST_UNIT_SECTORS ? "512-byte sectors"
								   : unit_names[k->unit]);
				free(val);
				return -EINVAL;
			}
			n = (int64_t)((uint64_t)n / ub);
		}
		rc = range_check(k, v, n, errmsg);
		if (rc < 0)
			return rc;
		*text = st_xasprintf("%" PRId64, n);
		return 0;
	default:
		set_err(errmsg, "%s: bad knob type", k->name);
		return -EINVAL;
	}
}

/*
 * A zoned device (host-aware or host-managed) takes writes in each
 * sequential zone in write-pointer order only.  mq-deadline (and the legacy
 * deadline) lock a zone while a write to it is in flight; none, bfq and
 * kyber dispatch writes in any order, so the drive fails them as unaligned.
 * Documentation/block/queue-sysfs.rst (zoned); Zoned Storage documentation,
 * "Write Ordering Control": https://zonedstorage.io/docs/linux/sched
 */
static bool zoned_order_broken(const struct st_queue *q, const char *sched)
{
	if (!q->zoned || strcmp(q->zoned, "none") == 0)
		return false;
	return strcmp(sched, "mq-deadline") != 0 && strcmp(sched, "deadline") != 0;
}

int st_knob_check_device(const struct st_knob *k, const struct st_device *dev, const char *text,
			 char **errmsg)
{
	const struct st_queue *q;
	uint64_t v;

	if (k->kind != ST_KNOB_SYSFS || !dev || !text)
		return 0;
	q = st_device_queue(dev);
	if (strcmp(k->name, "queue/max_sectors_kb") == 0) {
		if (st_parse_u64(text, &v) < 0) {
			set_err(errmsg, "%s: '%s' is not a number", k->name, text);
			return -EINVAL;
		}
		if (q->max_hw_sectors_kb != ST_UNKNOWN && v > q->max_hw_sectors_kb) {
			set_err(errmsg, "%s: %" PRIu64 " is above %s's max_hw_sectors_kb %" PRIu64,
				k->name, v, dev->kname, q->max_hw_sectors_kb);
			return -ERANGE;
		}
	} else if (strcmp(k->name, "queue/scheduler") == 0) {
		const char *module = NULL;

		if (zoned_order_broken(q, text)) {
			set_err(errmsg, "%s: %s does not keep zone write order on the %s zoned %s; "
					"only mq-deadline does", k->name, text, q->zoned, dev->kname);
			return -EINVAL;
		}
		if (st_strv_has((const char *const *)q->schedulers, text))
			return 0;
		for (size_t i = 0; i < ST_ARRAY_SIZE(sched_info); i++)
			if (strcmp(sched_info[i].sched, text) == 0)
				module = sched_info[i].module;
		if (module)
			set_err(errmsg, "%s: %s is not offered by the kernel for %s (modprobe %s?)",
				k->name, text, dev->kname, module);
		else
			set_err(errmsg, "%s: %s is not offered by the kernel for %s", k->name, text,
				dev->kname);
		return -EINVAL;
	}
	return 0;
}

/* Current values ---------------------------------------------------------- */

static const char *last_component(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static char *u64_text(uint64_t v)
{
	return v == ST_UNKNOWN ? NULL : st_xasprintf("%" PRIu64, v);
}

static char *tri_text(int v)
{
	return v == ST_TRI_UNKNOWN ? NULL : st_xstrdup(v ? "1" : "0");
}

/* The tables of a device's sysfs attributes that knobs set, and where
 * each keeps the device's values. */
static const void *queue_of(const struct st_device *dev)
{
	return st_device_queue(dev);
}

static const void *raid_of(const struct st_device *dev)
{
	return dev->raid;
}

static const void *dev_of(const struct st_device *dev)
{
	return dev;
}

static const struct {
	const struct st_attr_table *table;
	const void *(*base)(const struct st_device *dev);
} sysfs_tables[] = {
	{ &st_queue_attrs, queue_of },
	{ &st_raid_attrs, raid_of },
	{ &st_identity_attrs, dev_of },
};

/* The sysfs attribute a knob sets, and the device's struct that holds it
 * (NULL without a device, or without the struct: a disk has no raid). */
static const struct st_attr *sysfs_attr(const struct st_knob *k, const struct st_device *dev,
					const void **base)
{
	*base = NULL;
	for (size_t i = 0; i < ST_ARRAY_SIZE(sysfs_tables); i++) {
		const struct st_attr *a = st_attr_by_path(sysfs_tables[i].table, k->path);

		if (a) {
			*base = dev ? sysfs_tables[i].base(dev) : NULL;
			return a;
		}
	}
	return NULL;
}

/* The model attribute a sysfs or sysctl knob sets (st_attr.h: the queue,
 * raid, identity and vm tables), by its path; NULL for the scheduler
 * tunables, which live in the queue's iosched/ list. */
const struct st_attr *st_knob_attr(const struct st_knob *k)
{
	const void *base;

	if (k->kind == ST_KNOB_SYSFS && !k->requires_sched)
		return sysfs_attr(k, NULL, &base);
	if (k->kind == ST_KNOB_SYSCTL)
		return st_attr_by_path(&st_vm_attrs, k->path);
	return NULL;
}

/* The model's value of attribute a in the struct at base, in
 * st_knob_render's form ("128", "1"/"0", "mq-deadline"); NULL when unknown. */
static char *attr_text(const struct st_attr *a, const void *base)
{
	struct st_attr_value v;

	if (!a || !base)
		return NULL;
	st_attr_get(a, base, &v);
	return v.known ? st_xstrdup(st_attr_text(&v, "")) : NULL;
}

static char *sysfs_text(const struct st_knob *k, const struct st_device *dev)
{
	const void *base;
	const struct st_attr *a = sysfs_attr(k, dev, &base);

	return attr_text(a, base);
}

static char *current_sysfs(const struct st_knob *k, const struct st_device *dev)
{
	const struct st_queue *q;

	if (!dev)
		return NULL;
	q = st_device_queue(dev);
	if (k->requires_sched) {
		/* iosched/ holds the active scheduler's tunables only */
		if (!st_knob_sched_matches(k, q->scheduler))
			return NULL;
		return st_xstrdup(st_kvlist_get(&q->iosched, last_component(k->path)));
	}
	return sysfs_text(k, dev);
}

static char *current_sysctl(const struct st_knob *k, const struct st_system *sys)
{
	return sys ? attr_text(st_knob_attr(k), &sys->vm) : NULL;
}

static bool is_ext34(const struct st_mount *mnt)
{
	return st_strv_has(fs_ext34, mnt->fstype);
}

static char *current_mount(const struct st_knob *k, const struct st_mount *mnt)
{
	if (!mnt || mnt->swap)
		return NULL;
	if (strcmp(k->path, "atime") == 0)
		return st_xstrdup(mnt->atime);
	if (strcmp(k->path, "commit") == 0) {
		/* ext4.rst: "The default value is 5 seconds", and
		 * commit=0 means the default */
		if (mnt->commit_s != ST_UNKNOWN && mnt->commit_s != 0)
			return u64_text(mnt->commit_s);
		return is_ext34(mnt) ? st_xstrdup("5") : NULL;
	}
	if (strcmp(k->path, "barrier") == 0) {
		/* barriers are on unless turned off (ext4.rst) */
		if (mnt->barrier != ST_TRI_UNKNOWN)
			return tri_text(mnt->barrier);
		return is_ext34(mnt) ? st_xstrdup("1") : NULL;
	}
	if (strcmp(k->path, "discard") == 0)
		/* online discard is off unless the options say so */
		return st_xstrdup(mnt->discard == 1 ? "1" : "0");
	if (strcmp(k->path, "data") == 0) {
		/* ext4.rst: ordered is the default */
		if (mnt->data_mode)
			return st_xstrdup(mnt->data_mode);
		return is_ext34(mnt) ? st_xstrdup("ordered") : NULL;
	}
	return NULL;
}

void st_knob_current(const struct st_knob *k, const struct st_system *sys,
		     const struct st_device *dev, const struct st_mount *mnt, char **text)
{
	switch (k->kind) {
	case ST_KNOB_SYSFS:
		*text = current_sysfs(k, dev);
		break;
	case ST_KNOB_SYSCTL:
		*text = current_sysctl(k, sys);
		break;
	case ST_KNOB_MOUNT:
		*text = current_mount(k, mnt);
		break;
	default:
		*text = NULL;
		break;
	}
}

/* Applicability ----------------------------------------------------------- */

static const char *const no_queue_reasons[ST_KIND_NR] = {
	[ST_KIND_DISK] = "disk devices have no request queue",
	[ST_KIND_PART] = "partitions share their disk's queue",
	[ST_KIND_MD] = "md devices have no request queue",
	[ST_KIND_DM] = "dm devices have no request queue",
	[ST_KIND_LOOP] = "loop devices have no request queue",
	[ST_KIND_ROM] = "rom devices have no request queue",
	[ST_KIND_ZRAM] = "zram devices have no request queue",
};

static const char *applies_sysfs(const struct st_knob *k, const struct st_device *dev,
				 bool *kernel)
{
	const struct st_queue *q;
	char *text;

	if (!dev)
		return "a device knob needs a device";
	q = &dev->queue;
	if (k->flags & ST_KNOB_QUEUE) {
		if (dev->kind == ST_KIND_PART)
			return "partitions share their disk's queue";
		if (!q->present)
			return (unsigned)dev->kind < ST_KIND_NR ? no_queue_reasons[dev->kind]
								: "the device has no request queue";
	}
	if ((k->flags & ST_KNOB_SCHED) && !q->has_scheduler) {
		if (dev->kind == ST_KIND_MD || dev->kind == ST_KIND_DM)
			return "dm and md devices have no I/O scheduler; set it on the disks below";
		*kernel = true;
		return "the kernel offers no I/O scheduler for this device";
	}
	if (k->requires_sched) {
		for (char **sc = q->schedulers; sc && *sc; sc++)
			if (st_knob_sched_matches(k, *sc))
				return NULL;
		*kernel = true;
		for (size_t i = 0; i < ST_ARRAY_SIZE(sched_info); i++)
			if (strcmp(sched_info[i].sched, k->requires_sched) == 0)
				return sched_info[i].missing;
		return "its I/O scheduler is not offered by this kernel";
	}
	if (strcmp(k->path, "device/queue_depth") == 0)
		return q->queue_depth == ST_UNKNOWN ? "not a SCSI/SATA device" : NULL;
	for (size_t i = 0; i < ST_ARRAY_SIZE(target_reasons); i++) {
		if (strcmp(target_reasons[i].name, k->name) != 0)
			continue;
		text = sysfs_text(k, dev);
		if (!text)
			return target_reasons[i].reason;
		free(text);
		return NULL;
	}
	/* An attribute the probe did not find: older kernels lack
	 * wbt_lat_usec, and from 6.11 bio-based queues lack rq_affinity. */
	text = sysfs_text(k, dev);
	*kernel = !text;
	free(text);
	if (*kernel)
		return "the kernel does not show this attribute for this device";
	return NULL;
}

static const char *applies_mount(const struct st_knob *k, const struct st_mount *mnt)
{
	if (!mnt)
		return "a mount knob needs a mount";
	if (mnt->swap)
		return "swap is not a filesystem";
	if (!k->fstypes || st_strv_has(k->fstypes, mnt->fstype))
		return NULL;
	for (size_t i = 0; i < ST_ARRAY_SIZE(fs_reasons); i++)
		if (strcmp(fs_reasons[i].name, k->name) == 0)
			return fs_reasons[i].reason;
	return "the filesystem does not take this option";
}

const char *st_knob_applies(const struct st_knob *k, const struct st_device *dev,
			    const struct st_mount *mnt)
{
	return st_knob_applies_kernel(k, dev, mnt, NULL);
}

const char *st_knob_applies_kernel(const struct st_knob *k, const struct st_device *dev,
				   const struct st_mount *mnt, bool *kernel)
{
	bool dummy = false;

	if (!kernel)
		kernel = &dummy;
	*kernel = false;
	switch (k->kind) {
	case ST_KNOB_SYSFS:
		return applies_sysfs(k, dev, kernel);
	case ST_KNOB_SYSCTL:
		return NULL;
	case ST_KNOB_MOUNT:
		return applies_mount(k, mnt);
	default:
		return "unknown knob kind";
	}
}

/* Commands and options ---------------------------------------------------- */

/* Characters a POSIX shell takes literally in a word. */
static bool sh_safe(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			    "_-+=.,:/@%", *s))
			return false;
	return true;
}

/* s as one shell word: as is when safe, else in single quotes ('\'' for a
 * quote inside). */
static char *sh_quote(const char *s)
{
	size_t n = 2;
	char *out, *p;

	if (sh_safe(s))
		return st_xstrdup(s);
	for (const char *c = s; *c; c++)
		n += *c == '\'' ? 4 : 1;
	out = p = st_xmalloc(n + 1);
	*p++ = '\'';
	for (const char *c = s; *c; c++) {
		if (*c == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else {
			*p++ = *c;
		}
	}
	*p++ = '\'';
	*p = '\0';
	return out;
}

/* The mount option that sets the knob to text ("noatime", "commit=30",
 * "nobarrier"), or NULL when text is not a value the knob takes. */
char *st_knob_mount_option(const struct st_knob *k, const char *text)
{
	uint64_t v;

	switch (k->type) {
	case ST_KT_ENUM:
		if (!st_strv_has(k->values, text))
			return NULL;
		/* atime's values are options themselves */
		if (strcmp(k->path, "atime") == 0)
			return st_xstrdup(text);
		return st_xasprintf("%s=%s", k->path, text);
	case ST_KT_U64:
		if (st_parse_u64(text, &v) < 0)
			return NULL;
		return st_xasprintf("%s=%" PRIu64, k->path, v);
	case ST_KT_BOOL:
		if (strcmp(text, "1") == 0)
			return st_xstrdup(k->path);
		if (strcmp(text, "0") == 0)
			return st_xasprintf("no%s", k->path);
		return NULL;
	default:
		return NULL;
	}
}

char *st_knob_command(const struct st_knob *k, const struct st_device *dev,
		      const struct st_mount *mnt, const char *text)
{
	char *a, *b, *out;

	if (!text)
		return NULL;
	switch (k->kind) {
	case ST_KNOB_SYSFS:
		if (!dev || !dev->kname)
			return NULL;
		a = sh_quote(text);
		out = st_xasprintf("/sys/block/%s/%s", dev->kname, k->path);
		b = sh_quote(out);
		free(out);
		out = st_xasprintf("echo %s > %s", a, b);
		break;
	case ST_KNOB_SYSCTL:
		out = st_xasprintf("%s=%s", k->name, text);
		a = sh_quote(out);
		free(out);
		out = st_xasprintf("sysctl -w %s", a);
		b = NULL;
		break;
	case ST_KNOB_MOUNT:
		if (!(k->flags & ST_KNOB_RUNTIME) || !mnt || !mnt->target)
			return NULL;
		b = st_knob_mount_option(k, text);
		if (!b)
			return NULL;
		out = st_xasprintf("remount,%s", b);
		a = sh_quote(out);
		free(out);
		free(b);
		b = sh_quote(mnt->target);
		out = st_xasprintf("mount -o %s %s", a, b);
		break;
	default:
		return NULL;
	}
	free(a);
	free(b);
	return out;
}

/* Whether the option opt says something about the mount knob k. */
static bool option_conflicts(const struct st_knob *k, const char *opt)
{
	static const char *const atime_opts[] = {
		"noatime", "relatime", "strictatime", "atime", "norelatime", "nostrictatime", NULL,
	};
	size_t klen = strcspn(opt, "=");

	if (strcmp(k->path, "atime") == 0)
		return st_strv_has(atime_opts, opt);
	/* "commit=5", "barrier", "barrier=0", "nobarrier", "discard=async" */
	if (klen == strlen(k->path) && strncmp(opt, k->path, klen) == 0)
		return true;
	return strncmp(opt, "no", 2) == 0 && strcmp(opt + 2, k->path) == 0;
}

char *st_knob_mount_options(const struct st_knob *k, const struct st_mount *mnt, const char *text)
{
	const char *base;
	char *opt, *out;
	char **kept = NULL, **all;

	if (k->kind != ST_KNOB_MOUNT || !mnt || !text)
		return NULL;
	opt = st_knob_mount_option(k, text);
	if (!opt)
		return NULL;
	/* what the administrator wrote, not the kernel's full list
	 * (resuid=, logbufs=, ...): without an entry, mount(8)'s defaults */
	base = mnt->fstab_options;
	if (!base || !*base)
		base = "defaults";
	all = st_mount_options_split(base);
	for (char **a = all; *a; a++)
		if (!option_conflicts(k, *a))
			st_strv_push(&kept, *a);
	st_strv_free(all);
	st_strv_push(&kept, opt);
	free(opt);
	out = st_strv_join(kept, ",");
	st_strv_free(kept);
	return out;
}
