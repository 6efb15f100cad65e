/*
 * st_probe.h - the probe registry (STYLE.md 3).
 *
 * One file per probe, each exporting a struct st_probe_ops.  The registry is
 * an enum-indexed table; probes run in table order.  For each probe, the
 * device hook runs on every device, then the system hook runs once.
 * Enumeration comes first; class inference needs transport, queue and
 * stacking, so it comes late.
 *
 * A probe records what it cannot read as unknown and goes on (STYLE.md 4);
 * it returns -errno only when the whole run cannot continue.
 */
#ifndef ST_PROBE_H
#define ST_PROBE_H

#include "st_model.h"
#include "st_path.h"

struct st_probe_ctx {
	struct st_path *pc;
	struct st_system *sys;
	bool udev_db; /* run/udev/data exists (enumeration reads it) */
};

/* The files a probe stage will read, for st_path_prefetch. */
struct st_probe_wants {
	char **v;
	size_t n, cap;
};
void st_probe_want(struct st_probe_wants *w, const char *fmt, ...) ST_PRINTF(2, 3);

struct st_probe_ops {
	const char *name;
	int (*device)(struct st_probe_ctx *ctx, struct st_device *dev);
	int (*system)(struct st_probe_ctx *ctx);
	/*
	 * Optional: names the sysfs files the device hook will read of dev
	 * (a superset is fine: a missing file costs little), so that they are
	 * read in one batch before the hook runs (st_path_prefetch).  The
	 * hook reads them as it always does; tests/test_probe.c checks that
	 * every fixture gives the same model with and without the batch.
	 * A file the list misses is only read the ordinary way.
	 */
	void (*prefetch)(struct st_probe_ctx *ctx, const struct st_device *dev,
			 struct st_probe_wants *w);
};

enum st_probe_id {
	ST_PROBE_ENUM,      /* which block devices exist */
	ST_PROBE_IDENTITY,  /* type, size, model, serial, WWN, stable id */
	ST_PROBE_QUEUE,     /* queue/ attributes, scheduler, iosched, mq */
	ST_PROBE_STACK,     /* slaves/holders, md, dm, loop, partitions, leaves */
	ST_PROBE_TRANSPORT, /* nvme, sata, sas, usb, virtio, iscsi ... */
	ST_PROBE_FS,        /* filesystem type, uuid, label */
	ST_PROBE_MOUNTS,    /* libmount: mountinfo, swaps, fstab */
	ST_PROBE_CACHE,     /* bcache, dm-cache, dm-crypt and crypttab, loop backing devices */
	ST_PROBE_CLASS,     /* class inference with reasons */
	ST_PROBE_SYSTEM,    /* vm sysctls, memory, CPUs, virtualization */
	ST_PROBE_NR
};

extern const struct st_probe_ops st_probe_enum_ops;
extern const struct st_probe_ops st_probe_identity_ops;
extern const struct st_probe_ops st_probe_queue_ops;
extern const struct st_probe_ops st_probe_stack_ops;
extern const struct st_probe_ops st_probe_transport_ops;
extern const struct st_probe_ops st_probe_fs_ops;
extern const struct st_probe_ops st_probe_mounts_ops;
extern const struct st_probe_ops st_probe_cache_ops;
extern const struct st_probe_ops st_probe_class_ops;
extern const struct st_probe_ops st_probe_system_ops;

/*
 * Checks a probe table: every slot filled, named, with at least one hook.
 * Names what is missing in *problem (malloc'd).  Returns 0 or -EINVAL.
 */
int st_probe_registry_check(const struct st_probe_ops *const *table, size_t n, char **problem);

/* Probes the machine behind pc into a new model.  Returns 0 or -errno. */
int st_probe_run(struct st_path *pc, struct st_system **out);

/* Those of the absolute paths that are directories holding something (a
 * NULL-terminated vector, or NULL when none). */
char **st_probe_paths(struct st_path *pc, char *const *paths);

/* Helpers shared by probes (probe.c). */
/* Reads a text attribute into *dst (replacing it) if present and text. */
void st_probe_str(struct st_probe_ctx *ctx, char **dst, const char *fmt, ...) ST_PRINTF(3, 4);
/* Reads a number no larger than max, or leaves ST_UNKNOWN. */
void st_probe_u64(struct st_probe_ctx *ctx, uint64_t *dst, uint64_t max, const char *fmt, ...)
	ST_PRINTF(4, 5);
void st_probe_bool(struct st_probe_ctx *ctx, int *dst, const char *fmt, ...) ST_PRINTF(3, 4);

/* enumeration internals shared with the enumeration test */
int st_probe_enum_sysfs(struct st_probe_ctx *ctx);

/* udev database (run/udev/data/bM:m) line parser */
void st_udev_db_parse(const char *text, struct st_kvlist *props);
bool st_udev_key_wanted(const char *key);

#endif
