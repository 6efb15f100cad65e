/*
 * st_knob.h - the knob descriptor table (STYLE.md 5): every sysfs attribute,
 * sysctl and mount option stortune may recommend, described once.
 *
 * Rules name knobs ("queue/scheduler", "vm.dirty_background_bytes",
 * "mount:atime"); the table says what each one is: where it lives, its type,
 * the values or range it accepts, its unit, whether it can be changed on a
 * running system, and how risky changing it is.  `rules lint` rejects a rule
 * that names a knob not in the table or sets a constant value outside its
 * range; the engine checks computed values the same way before it
 * recommends them.  No other C code names a sysfs attribute or a sysctl for
 * writing, or composes the command that changes one.
 */
#ifndef ST_KNOB_H
#define ST_KNOB_H

#include "st_expr.h"
#include "st_model.h"

/* Where a rule applies.  Also the scope bits of the expression symbols. */
enum st_scope {
	ST_SCOPE_DEVICE,
	ST_SCOPE_MOUNT,
	ST_SCOPE_SYSTEM,
	ST_SCOPE_NR
};
const char *st_scope_name(enum st_scope s);
int st_scope_parse(const char *s, enum st_scope *out);

enum st_risk {
	ST_RISK_NONE,       /* only performance can change */
	ST_RISK_LOW,        /* behaviour changes, no data at stake */
	ST_RISK_DURABILITY, /* data can be lost on power failure: never applied
			       without --allow-durability-risk */
	ST_RISK_NR
};
const char *st_risk_name(enum st_risk r);
int st_risk_parse(const char *s, enum st_risk *out);

enum st_knob_kind {
	ST_KNOB_SYSFS,  /* an attribute under the device's sysfs directory */
	ST_KNOB_SYSCTL, /* a file under /proc/sys */
	ST_KNOB_MOUNT,  /* a mount option */
	ST_KNOB_KIND_NR
};

enum st_knob_type {
	ST_KT_ENUM, /* one of values[]; rules give a str */
	ST_KT_U64,  /* unsigned number in [min, max] of unit; rules give num or size */
	ST_KT_BOOL, /* 0/1 in sysfs, option present/absent for mounts; rules give bool */
	ST_KT_NR
};

enum st_unit {
	ST_UNIT_NONE,
	ST_UNIT_BYTES,
	ST_UNIT_KIB,
	ST_UNIT_SECTORS, /* 512-byte */
	ST_UNIT_NSEC,
	ST_UNIT_USEC,
	ST_UNIT_MSEC,
	ST_UNIT_CSEC,    /* centiseconds, as dirty_expire_centisecs */
	ST_UNIT_SEC,
	ST_UNIT_PERCENT,
	ST_UNIT_NR
};
/* The unit's symbol, to print after a number: "KiB", "ms", "%"; "" for NONE. */
const char *st_unit_name(enum st_unit u);

/* flags */
#define ST_KNOB_RUNTIME   (1u << 0) /* can be changed on a live system (sysfs write,
				       sysctl, remount) */
#define ST_KNOB_QUEUE     (1u << 1) /* needs the device's own request queue: not
				       on partitions */
#define ST_KNOB_SCHED     (1u << 2) /* needs an I/O scheduler (blk-mq with a
				       scheduler list): not on dm/md */
#define ST_KNOB_NVME_SUBSYS (1u << 3) /* an attribute of the device's nvme-subsystem
				       (device/ of a multipath head): persisted by
				       a udev rule on that subsystem, matched by its
				       subsysnqn, not on the block device */

/* What /proc/diskstats shows when a knob takes effect: the benchmark's
 * mechanism check, which needs no timing. */
enum st_mech {
	ST_MECH_NONE,      /* nothing visible there: timing only */
	ST_MECH_REQ_SIZE,  /* average request size (read_ahead_kb, max_sectors_kb) */
	ST_MECH_MERGES,    /* merges per request (nomerges, the scheduler) */
	ST_MECH_FLUSHES,   /* flush requests per fsync (barriers) */
	ST_MECH_QUEUE,     /* average queue length, aqu-sz (nr_requests, queue_depth) */
	ST_MECH_WRITEBACK, /* bytes written back during a buffered burst (dirty_*) */
	ST_MECH_ATIME,     /* writes during reads (atime updates) */
	ST_MECH_NR
};

struct st_knob {
	const char *name;
	enum st_knob_kind kind;
	/*
	 * sysfs: path relative to the device's sysfs directory
	 *        ("queue/iosched/read_expire");
	 * sysctl: path relative to the root ("proc/sys/vm/dirty_bytes");
	 * mount: the option name ("commit"; for atime the values are the
	 *        option names themselves).
	 */
	const char *path;
	enum st_knob_type type;
	enum st_unit unit;
	const char *const *values; /* ENUM: the allowed values, NULL-terminated */
	uint64_t min, max;         /* U64: the range, in unit */
	uint64_t step;             /* U64: values must be a multiple of it; 0: any */
	enum st_scope scope;
	unsigned flags;
	const char *requires_sched; /* iosched tunables: the scheduler they belong to */
	const char *const *fstypes; /* MOUNT: the filesystems that take the option;
				       NULL: any */
	enum st_risk risk;          /* default risk of changing it */
	const char *twin;           /* writing this knob sets twin to 0 in the kernel
				       (vm.dirty_bytes and vm.dirty_ratio): apply
				       journals the twin, and revert restores a 0 of
				       this knob by restoring the twin */
	const char *raises;         /* writing this knob may raise that one of the
				       same device (max_sectors_kb raises
				       read_ahead_kb): apply journals that one's
				       value as a side effect, revert restores it */
	const char *reset_by;       /* writing that knob on the same device resets
				       this one to the kernel's default (an elevator
				       change resets nr_requests): whoever switches
				       it must write this one again */
	const char *help;           /* one line, for `rules list` and docs */
	enum st_mech mech;          /* how validation sees it act */
};

/* The model attribute (st_attr.h) that a sysfs or sysctl knob sets, found
 * by its path: where st_knob_current reads the value.  NULL for mount knobs
 * and the scheduler tunables (the queue's iosched/ list). */
struct st_attr;
const struct st_attr *st_knob_attr(const struct st_knob *k);

/* Whether sched, an I/O scheduler's name, is the one whose tunable k is:
 * k's requires_sched, or the legacy "deadline" for mq-deadline's tunables
 * (same names, defaults and units).  False for knobs that are not
 * tunables and for a NULL sched. */
bool st_knob_sched_matches(const struct st_knob *k, const char *sched);
/* The name of the scheduler whose tunable k is, as dev's kernel offers it:
 * "deadline" for mq-deadline's tunables on a legacy single-queue kernel,
 * else k's requires_sched (NULL for knobs that are not tunables). */
const char *st_knob_sched_name(const struct st_knob *k, const struct st_device *dev);

/* The whole table, in apply order (a scheduler before its tunables). */
const struct st_knob *st_knob_table(size_t *n);
const struct st_knob *st_knob_find(const char *name);
/* The closest knob name to a misspelt one, or NULL. */
const char *st_knob_suggest(const char *name);
/* Position in the table: apply and report order. */
size_t st_knob_index(const struct st_knob *k);
/*
 * Whether writing `by` on a device resets k on the same device, so that k
 * must be written again after it: k->reset_by names it, and a scheduler's
 * tunables (requires_sched) are made anew by every scheduler switch.
 */
bool st_knob_reset_by(const struct st_knob *k, const struct st_knob *by);

/*
 * Whether a rule value of this static type can set the knob: ENUM takes str,
 * U64 takes num (in the knob's unit) or size (converted; only for byte-sized
 * units), BOOL takes bool.  Returns 0 or -EINVAL with *errmsg set
 * ("queue/read_ahead_kb takes num or size, not str").
 */
int st_knob_check_type(const struct st_knob *k, enum st_vtype type, char **errmsg);

/*
 * Converts a rule value to the text the kernel takes (or the mount option
 * value), checking it: an ENUM value must be in values[], a U64 must lie in
 * [min, max] after conversion (sizes: bytes -> the knob's unit; a size that
 * is not a whole number of units is an error).  Returns 0 with *text set, or
 * -EINVAL/-ERANGE with *errmsg set ("queue/nr_requests: 0 is below the
 * minimum 4").
 */
int st_knob_render(const struct st_knob *k, const struct st_value *v, char **text, char **errmsg);

/*
 * The limits st_knob_render cannot know, for text it rendered: they depend
 * on the device.  queue/max_sectors_kb may not exceed the device's
 * max_hw_sectors_kb (-ERANGE); queue/scheduler must be among the schedulers
 * the kernel offers for it (-EINVAL, "queue/scheduler: bfq is not offered by
 * the kernel for sda (modprobe bfq?)").  Other knobs, and other kinds, pass.
 * Returns 0, or -EINVAL/-ERANGE with *errmsg set.
 */
int st_knob_check_device(const struct st_knob *k, const struct st_device *dev, const char *text,
			 char **errmsg);

/*
 * The current value, from the model (never from the live system: the model
 * is what the probes read).  dev for device knobs, mnt for mount knobs,
 * sys for sysctls.  Sets *text to the value in the same form st_knob_render
 * produces ("none", "128", "1" / "0" for BOOL, "noatime"), or NULL when the
 * device does not have the knob or the probe could not read it.
 */
void st_knob_current(const struct st_knob *k, const struct st_system *sys,
		     const struct st_device *dev, const struct st_mount *mnt, char **text);

/*
 * Whether the knob exists on this device at all: a queue knob needs
 * dev->queue.present; a SCHED knob needs a scheduler list; an iosched
 * tunable needs its scheduler among the device's schedulers; a mount knob
 * needs mnt's fstype in fstypes.  Returns NULL when it applies, else a
 * static reason ("partitions share their disk's queue", "dm devices have no
 * I/O scheduler", "bfq is not available (modprobe bfq)", "xfs has no commit=
 * option").
 */
const char *st_knob_applies(const struct st_knob *k, const struct st_device *dev,
			    const struct st_mount *mnt);
/* The same; *kernel says whether the reason is the running kernel's (it
 * lacks the attribute or the scheduler: verify's "unsupported") rather than
 * the target's kind (a partition, a dm device, an XFS mount). */
const char *st_knob_applies_kernel(const struct st_knob *k, const struct st_device *dev,
				   const struct st_mount *mnt, bool *kernel);

/*
 * The shell command that makes the change by hand on the live system:
 *   echo none > /sys/block/nvme0n1/queue/scheduler
 *   sysctl -w vm.dirty_background_bytes=268435456
 *   mount -o remount,noatime /srv
 * Mount knobs that cannot change at runtime (data=) give NULL: the fstab
 * line (st_knob_fstab_line) is the only way.
 */
char *st_knob_command(const struct st_knob *k, const struct st_device *dev,
		      const struct st_mount *mnt, const char *text);

/*
 * Mount knobs: the options of the mount's fstab entry (without one,
 * "defaults"; never the options the kernel shows, which add its own
 * defaults such as resuid= or logbufs=) with the knob set to text: every
 * option that says something about the knob is removed and the new one
 * appended, the others keep their order: "defaults" -> "defaults,noatime",
 * "rw,relatime,commit=30" -> "rw,commit=30,noatime".  BOOL knobs give the
 * option or its negation ("discard"/"nodiscard", "barrier"/"nobarrier").
 * NULL when text is not a value the knob takes.
 */
char *st_knob_mount_options(const struct st_knob *k, const struct st_mount *mnt, const char *text);

/* The mount option that sets mount knob k to text ("noatime", "commit=30",
 * "nobarrier"), or NULL when text is not a value the knob takes. */
char *st_knob_mount_option(const struct st_knob *k, const char *text);

/* Live values (knob_io.c) ------------------------------------------------ */

struct st_path;

/*
 * Reads the knob's value from the system behind pc, now (not from the
 * model), in the form st_knob_current gives: the bracketed scheduler of
 * "mq-deadline kyber [bfq] none", numbers as decimal text.  dev for device
 * knobs; target for mount knobs (the mount point), whose options are read
 * from proc/self/mountinfo.  Returns 0, -ENOENT when the kernel has no such
 * attribute or mount, -EINVAL when what it shows cannot be parsed, or -errno.
 */
int st_knob_read(struct st_path *pc, const struct st_knob *k, const struct st_device *dev,
		 const char *target, char **text);

/*
 * Sets the knob to text: one checked write(2) to the sysfs attribute or
 * /proc/sys file, or, for mount knobs, a remount of target with the option
 * (libmount, MS_REMOUNT).  Under a sysroot, the file gets what the kernel
 * would then show (a scheduler line keeps its list, with text bracketed);
 * mount knobs cannot be set there (-EOPNOTSUPP).  Returns 0 or -errno.  The
 * caller reads the value back: a write the kernel accepts may not stick.
 */
int st_knob_write(struct st_path *pc, const struct st_knob *k, const struct st_device *dev,
		  const char *target, const char *text);
/* Under a sysroot: removes the temporary files a killed write of the knob
 * (and of its twin) left next to its file.  Elsewhere nothing.  0 or -errno. */
int st_knob_tidy(struct st_path *pc, const struct st_knob *k, const struct st_device *dev);
/* Whether dev went away since the probe: its sysfs directory is gone, or
 * (a loop device) its backing file is not the probed one.  1 with *why
 * set, else 0. */
int st_device_gone(struct st_path *pc, const struct st_device *dev, char **why);

/* Where the knob lives, for messages: "sdb: queue/scheduler",
 * "vm.dirty_ratio", "/srv: mount:atime". */
char *st_knob_where(const struct st_knob *k, const char *target);

#endif
