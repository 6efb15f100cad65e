/*
 * st_model.h - the system model: what the probes found, and nothing else.
 *
 * Probes fill it; the rule engine, reports, apply and verify read it.  It
 * holds the block devices as a graph built from slaves/ and holders/ (a
 * partition knows its disk, an md or dm device its slaves, every stacked
 * device its leaf physical disks), the mounts, and the system facts (vm
 * writeback sysctls, memory, CPUs, virtualization).
 *
 * Optional numbers are ST_UNKNOWN, optional strings NULL, tri-states
 * ST_TRI_UNKNOWN.  Every struct owns its strings.
 */
#ifndef ST_MODEL_H
#define ST_MODEL_H

#include "st_util.h" /* st_kvlist */
#include "stortune.h"

/* What kind of block device this is, as the kernel builds it. */
enum st_kind {
	ST_KIND_DISK,
	ST_KIND_PART,
	ST_KIND_MD,
	ST_KIND_DM,
	ST_KIND_LOOP,
	ST_KIND_ROM,
	ST_KIND_ZRAM,
	ST_KIND_NR
};

/* How the device performs, which is what tuning depends on. */
enum st_class {
	ST_CLASS_UNKNOWN,
	ST_CLASS_NVME,
	ST_CLASS_SSD,
	ST_CLASS_HDD,
	ST_CLASS_VIRTUAL,
	ST_CLASS_NETWORK,
	ST_CLASS_LOOP,
	ST_CLASS_ZRAM,
	ST_CLASS_MD,
	ST_CLASS_DM,
	ST_CLASS_ROM,
	ST_CLASS_CACHE,
	ST_CLASS_NR
};

/* Their names (JSON, rules, text), next to the enums so that every stage,
 * the attribute tables included, shares them without depending on model.c. */
static inline const char *st_kind_name(enum st_kind kind)
{
	static const char *const names[ST_KIND_NR] = {
		[ST_KIND_DISK] = "disk", [ST_KIND_PART] = "part", [ST_KIND_MD] = "md",
		[ST_KIND_DM] = "dm",     [ST_KIND_LOOP] = "loop", [ST_KIND_ROM] = "rom",
		[ST_KIND_ZRAM] = "zram",
	};

	return (unsigned)kind < ST_KIND_NR ? names[kind] : "unknown";
}

static inline const char *st_class_name(enum st_class cls)
{
	static const char *const names[ST_CLASS_NR] = {
		[ST_CLASS_UNKNOWN] = "unknown", [ST_CLASS_NVME] = "nvme", [ST_CLASS_SSD] = "ssd",
		[ST_CLASS_HDD] = "hdd",         [ST_CLASS_VIRTUAL] = "virtual",
		[ST_CLASS_NETWORK] = "network", [ST_CLASS_LOOP] = "loop", [ST_CLASS_ZRAM] = "zram",
		[ST_CLASS_MD] = "md",           [ST_CLASS_DM] = "dm",     [ST_CLASS_ROM] = "rom",
		[ST_CLASS_CACHE] = "cache",
	};

	return (unsigned)cls < ST_CLASS_NR ? names[cls] : "unknown";
}

struct st_device;
struct st_mount;

/* Typed pointer vectors; they do not own what they point to. */
struct st_devv {
	struct st_device **v;
	size_t n;
};
struct st_mntv {
	struct st_mount **v;
	size_t n;
};
void st_devv_push(struct st_devv *v, struct st_device *dev);
bool st_devv_contains(const struct st_devv *v, const struct st_device *dev);
void st_devv_sort(struct st_devv *v); /* by kname */
void st_mntv_push(struct st_mntv *v, struct st_mount *mnt);

/* queue/ attributes.  Partitions have none: see st_device_queue(). */
struct st_queue {
	bool present;           /* the device has a queue/ directory */
	int rotational;         /* tri-state */
	bool has_scheduler;     /* queue/scheduler exists and lists choices */
	char *scheduler;        /* active one ("none" when [none]); NULL: no scheduler */
	char **schedulers;      /* the choices, NULL-terminated */
	uint64_t nr_requests;
	uint64_t read_ahead_kb;
	uint64_t max_sectors_kb;
	uint64_t max_hw_sectors_kb;
	uint64_t logical_block_size;  /* bytes */
	uint64_t physical_block_size; /* bytes */
	uint64_t min_io;              /* minimum_io_size, bytes */
	uint64_t opt_io;              /* optimal_io_size, bytes; 0 = not reported */
	char *write_cache;            /* "write back" or "write through" */
	uint64_t discard_max_bytes;
	char *zoned;                  /* none, host-aware, host-managed */
	uint64_t nr_zones;            /* 0 when not zoned */
	uint64_t chunk_sectors;       /* 512-byte sectors: the zone size; 0: none */
	uint64_t rq_affinity;         /* 0, 1 or 2 */
	uint64_t nomerges;            /* 0, 1 or 2 */
	uint64_t wbt_lat_usec;
	uint64_t add_random;
	struct st_kvlist iosched;     /* tunables of the active scheduler */
	uint64_t hw_queues;           /* entries in mq/; ST_UNKNOWN when not blk-mq */
	uint64_t queue_depth;         /* device/queue_depth (SCSI/SATA NCQ) */
};

struct st_partinfo {
	uint64_t number;
	uint64_t start;        /* 512-byte sectors, as sysfs "start" */
	uint64_t stripe_bytes; /* RAID stripe the start is checked against, 0: none */
	int aligned_physical;  /* tri-state: start % physical_block_size == 0 */
	int aligned_opt_io;    /* tri-state; unknown when opt_io is 0 */
	int aligned_stripe;    /* tri-state; unknown when not on RAID */
};

struct st_raid {
	char *level;         /* "raid10" */
	uint64_t chunk_kb;
	uint64_t raid_disks;
	uint64_t data_disks; /* disks' worth of data per stripe */
	uint64_t layout;
	char *layout_name;   /* "left-symmetric", "near=2" */
	uint64_t stripe_cache_size; /* raid4/5/6: md/stripe_cache_size, in stripes of one
				       page per member disk */
	uint64_t degraded;
	char *array_state;
	char *uuid;
	char **members;      /* knames, from slaves/ */
};

struct st_dm {
	char *name;
	char *uuid;
	char *subsystem; /* lvm, crypt, mpath, part, or dm */
};

struct st_loop {
	char *backing_file;
	uint64_t offset;
	int dio;       /* tri-state */
	int autoclear; /* tri-state */
	struct st_device *backing_dev; /* holds the filesystem of backing_file; NULL: unknown */
};

/*
 * A block cache (probe_cache.c): bcache, or an LVM dm-cache volume.  Each
 * device of the stack has one, naming its role: the "cached" device on top
 * (bcache0, the cached LV), its "backing" device (the slow disk, the _corig
 * sub-LV) and its "cache" device (the flash partition, the _cdata and _cmeta
 * sub-LVs).
 */
struct st_cache {
	char *type;      /* bcache or dm-cache */
	char *role;      /* cached, backing or cache */
	char *mode;      /* writethrough, writeback, writearound, none; NULL: not in sysfs */
	char *state;     /* bcache: no cache, clean, dirty, inconsistent */
	uint64_t dirty;  /* bytes not yet written back to the backing device */
	int redundant;   /* tri-state: the cache survives the loss of one of its disks */
	char *cached;    /* knames of the devices in each role */
	char *backing;
	char *cache_dev;
};

/* A dm-crypt mapping (probe_cache.c): what sysfs and etc/crypttab say. */
struct st_crypt {
	char *name;          /* the dm name, crypttab's first field */
	int crypttab;        /* tri-state: crypttab has an entry for it */
	char *options;       /* that entry's fourth field */
	int tab_discard;     /* tri-state: ... holds discard */
	int tab_no_read_wq;  /* tri-state: ... holds no-read-workqueue */
	int tab_no_write_wq; /* tri-state: ... holds no-write-workqueue */
	int discard;         /* tri-state: the mapping passes discards (allow_discards) */
	int below_discard;   /* tri-state: the device under it accepts discards */
};

struct st_mount {
	char *target;
	char *source;
	char *fstype;
	char *root;         /* of the mount inside its filesystem */
	char *options;      /* VFS and fs-specific options, as findmnt shows them */
	char *vfs_options;
	char *fs_options;
	unsigned maj, min;
	bool swap;          /* an active swap area from /proc/swaps */
	/* parsed from the options */
	char *atime;        /* noatime, relatime, strictatime, or NULL */
	int barrier;        /* tri-state: barrier=0/nobarrier -> 0 */
	uint64_t commit_s;  /* commit=, seconds */
	char *data_mode;    /* data=ordered/journal/writeback */
	int discard;        /* tri-state: discard/nodiscard */
	uint64_t sunit;     /* XFS sunit=, 512-byte units */
	uint64_t swidth;    /* XFS swidth=, 512-byte units */
	uint64_t stripe;    /* ext4 stripe=, filesystem blocks */
	char *fstab_options; /* the matching fstab entry's options, NULL if none */
	char *fstab_source;  /* ... its first field as written: UUID=..., /dev/... */
	int fstab_freq, fstab_passno; /* ... its fifth and sixth fields */
};

struct st_fsinfo {
	char *type;
	char *uuid;
	char *label;
	const char *source; /* static: "udev", "blkid", "mountinfo" or "swaps" */
};

struct st_device {
	char *kname;  /* kernel name: sda1, dm-0 */
	char *name;   /* what lsblk shows: the dm name for dm devices */
	char *sysdir; /* canonical sysfs directory, relative to the root */
	unsigned maj, min;
	enum st_kind kind;
	char *type;   /* lsblk's TYPE: disk part lvm crypt raid10 loop rom ... */
	uint64_t size; /* bytes */
	int ro, removable;

	char *model, *vendor, *serial, *wwn, *rev;
	char *stable_id; /* "wwn:0x5000c500...", "serial:...", "dm-uuid:LVM-..." */
	char *transport; /* nvme sata sas usb virtio ...; NULL: unknown */
	/* an NVMe namespace shown through native multipath (its subsystem's
	 * head device): the subsystem's path selection policy, and how many
	 * controllers (paths) reach it */
	char *nvme_iopolicy;  /* numa, round-robin, queue-depth */
	char *nvme_subsysnqn; /* the subsystem's NQN, which a udev rule matches */
	uint64_t nvme_paths;
	char *host_driver; /* the SCSI host's driver (proc_name): ahci, megaraid_sas ... */
	/* tri-states.  hwraid: a logical volume of a hardware RAID controller.
	 * rotational_trusted: queue/rotational describes the media; not when a
	 * hypervisor or a RAID controller reports it for storage it hides */
	int hwraid, rotational_trusted;

	enum st_class class;
	char **class_reasons;
	bool classified;

	struct st_queue queue; /* use st_device_queue(): partitions inherit */

	struct st_partinfo *part;
	struct st_raid *raid;
	struct st_dm *dm;
	struct st_loop *loop;
	struct st_cache *cache;
	struct st_crypt *crypt;

	struct st_fsinfo fs;
	struct st_kvlist udev; /* udev properties stortune uses */

	struct st_device *disk;  /* partitions: their whole disk */
	struct st_devv partitions;
	struct st_devv slaves;   /* devices this one is built on */
	struct st_devv holders;  /* devices built on this one */
	struct st_devv leaves;   /* physical devices at the bottom of the stack */
	struct st_mntv mounts;
};

struct st_vm {
	uint64_t dirty_ratio;
	uint64_t dirty_background_ratio;
	uint64_t dirty_bytes;
	uint64_t dirty_background_bytes;
	uint64_t dirty_expire_centisecs;
	uint64_t dirty_writeback_centisecs;
	uint64_t swappiness;
	uint64_t vfs_cache_pressure;
};

struct st_virt {
	int virtualized;     /* tri-state */
	int hypervisor_flag; /* tri-state: "hypervisor" in /proc/cpuinfo flags */
	char *hypervisor;    /* kvm, xen, vmware, hyperv, amazon, google ... */
	char *dmi_vendor;
	char *dmi_product;
};

struct st_system {
	struct st_devv devices;  /* every device, sorted by kname */
	struct st_devv by_devno; /* the same devices sorted by maj:min */
	struct st_mntv mounts;  /* owned here */
	char **hidden;          /* knames of the hidden block devices left out (NVMe
				   multipath paths): named, they are refused by name */
	struct st_vm vm;
	uint64_t mem_total; /* bytes */
	uint64_t mem_available; /* bytes, MemAvailable; 0 when the kernel has none */
	uint64_t cpus;
	uint64_t nvme_io_timeout; /* s: nvme_core's io_timeout; unknown without the module */
	struct st_virt virt;
};

struct st_system *st_system_new(void);
void st_system_free(struct st_system *sys);

struct st_device *st_device_new(void);
void st_device_free(struct st_device *dev);
struct st_mount *st_mount_new(void);
void st_mount_free(struct st_mount *mnt);

/* Sorts devices by name; lookups below need it. */
void st_system_sort(struct st_system *sys);
struct st_device *st_system_find(const struct st_system *sys, const char *kname);
struct st_device *st_system_find_devno(const struct st_system *sys, unsigned maj, unsigned min);
/* Finds by kname, dm name, /dev/NAME, /dev/mapper/NAME or MAJ:MIN. */
struct st_device *st_system_lookup(const struct st_system *sys, const char *what);

/* Splits a mount option string into its options (NULL-terminated), as
 * libmount does: a comma inside double quotes (context="a,b") does not
 * split.  NULL or "" gives an empty vector. */
char **st_mount_options_split(const char *optstr);

/* Partitions report their disk's queue, as lsblk does (STYLE.md 2). */
static inline const struct st_queue *st_device_queue(const struct st_device *dev)
{
	return dev->kind == ST_KIND_PART && dev->disk ? &dev->disk->queue : &dev->queue;
}

/* A partition's transport is its disk's. */
static inline const char *st_device_transport(const struct st_device *dev)
{
	return dev->kind == ST_KIND_PART && dev->disk ? dev->disk->transport : dev->transport;
}

/* A partition's disk, else the device itself: for what a partition inherits. */
static inline const struct st_device *st_device_whole(const struct st_device *dev)
{
	return dev->kind == ST_KIND_PART && dev->disk ? dev->disk : dev;
}

/* Roots of the device tree: not partitions, built on nothing. */
bool st_device_is_root(const struct st_device *dev);

#endif
