/*
 * probe.c - owns the probe registry and the order probes run in (the
 * typed readers the probes share are in probe_read.c).  Adding a probe means one file, one
 * enum entry and one line in the table below; the registry check at start
 * names any slot left empty or without hooks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_log.h"
#include "st_probe.h"
#include "st_util.h"

static const struct st_probe_ops *const registry[ST_PROBE_NR] = {
	[ST_PROBE_ENUM] = &st_probe_enum_ops,
	[ST_PROBE_IDENTITY] = &st_probe_identity_ops,
	[ST_PROBE_QUEUE] = &st_probe_queue_ops,
	[ST_PROBE_STACK] = &st_probe_stack_ops,
	[ST_PROBE_TRANSPORT] = &st_probe_transport_ops,
	[ST_PROBE_FS] = &st_probe_fs_ops,
	[ST_PROBE_MOUNTS] = &st_probe_mounts_ops,
	[ST_PROBE_CACHE] = &st_probe_cache_ops,
	[ST_PROBE_CLASS] = &st_probe_class_ops,
	[ST_PROBE_SYSTEM] = &st_probe_system_ops,
};

int st_probe_registry_check(const struct st_probe_ops *const *table, size_t n, char **problem)
{
	*problem = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct st_probe_ops *ops = table[i];

		if (!ops) {
			*problem = st_xasprintf("probe slot %zu is empty", i);
			return -EINVAL;
		}
		if (!ops->name || !*ops->name) {
			*problem = st_xasprintf("probe slot %zu has no name", i);
			return -EINVAL;
		}
		if (!ops->device && !ops->system) {
			*problem = st_xasprintf("probe '%s' has neither a device nor a system hook",
						ops->name);
			return -EINVAL;
		}
		for (size_t j = 0; j < i; j++) {
			if (table[j] && table[j]->name && strcmp(table[j]->name, ops->name) == 0) {
				*problem = st_xasprintf("probe '%s' is registered twice", ops->name);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* Devices per read-ahead batch: bounds the memory it holds, and what it
 * read is used within moments. */
#define PREFETCH_DEVICES 64

/* A device hook over every device, its files read ahead window by window. */
static int run_device_hook(struct st_probe_ctx *ctx, const struct st_probe_ops *ops)
{
	int rc = 0;

	for (size_t d0 = 0; d0 < ctx->sys->devices.n && rc == 0; d0 += PREFETCH_DEVICES) {
		size_t d1 = d0 + PREFETCH_DEVICES;

		if (d1 > ctx->sys->devices.n)
			d1 = ctx->sys->devices.n;
		if (ops->prefetch && st_path_reads_ahead(ctx->pc)) {
			struct st_probe_wants w = { 0 };

			for (size_t d = d0; d < d1; d++)
				ops->prefetch(ctx, ctx->sys->devices.v[d], &w);
			st_path_prefetch(ctx->pc, w.v, w.n);
			for (size_t k = 0; k < w.n; k++)
				free(w.v[k]);
			free(w.v);
		}
		for (size_t d = d0; d < d1 && rc == 0; d++)
			rc = ops->device(ctx, ctx->sys->devices.v[d]);
		st_path_forget(ctx->pc);
	}
	return rc;
}

int st_probe_run(struct st_path *pc, struct st_system **out)
{
	struct st_probe_ctx ctx = { .pc = pc };
	char *problem = NULL;
	int rc;

	*out = NULL;
	rc = st_probe_registry_check(registry, ST_PROBE_NR, &problem);
	if (rc < 0) {
		st_err("internal error: %s", problem);
		free(problem);
		return rc;
	}
	ctx.sys = st_system_new();

	for (size_t i = 0; i < ST_PROBE_NR && rc == 0; i++) {
		const struct st_probe_ops *ops = registry[i];

		st_debug("probe %s", ops->name);
		if (ops->device)
			rc = run_device_hook(&ctx, ops);
		if (ops->system && rc == 0)
			rc = ops->system(&ctx);
		if (rc < 0)
			st_err("probe %s failed: %s", ops->name, strerror(-rc));
	}
	if (rc < 0) {
		st_system_free(ctx.sys);
		return rc;
	}
	*out = ctx.sys;
	return 0;
}
