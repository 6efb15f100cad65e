/*
 * probe_queue.c - owns a device's request queue as sysfs shows it: the
 * queue/ attributes, the scheduler line in both its blk-mq ("[none]
 * mq-deadline") and legacy ("noop deadline [cfq]") forms, the active
 * scheduler's iosched/ tunables, the number of blk-mq hardware queues and the
 * SCSI device queue depth.
 *
 * Partitions have no queue/; readers use st_device_queue(), which answers
 * with the disk's queue as lsblk does.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "st_log.h"
#include "st_probe.h"
#include "st_util.h"

/*
 * Parses a scheduler line.  The active scheduler is the bracketed word.  A
 * line without brackets ("none" on bio-based dm and md devices) means the
 * device has no scheduler: lsblk shows null there, and so do we.  Returns
 * -EINVAL for a line that is cut short or has more than one active entry.
 */
static int parse_scheduler(const char *line, char **active, char ***choices)
{
	char *copy = st_xstrdup(line), *save = NULL, *tok;
	char **list = NULL, *act = NULL;
	int rc = 0, nactive = 0;

	for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		size_t len = strlen(tok);
		bool open = tok[0] == '[', close = tok[len - 1] == ']';
		size_t inner = len - open - close;

		if (open != close || (open && len < 3) || strcspn(tok + open, "[]") < inner) {
			rc = -EINVAL;
			break;
		}
		if (open) {
			nactive++;
			free(act);
			act = st_xstrndup(tok + 1, len - 2);
			st_strv_push(&list, act);
		} else {
			st_strv_push(&list, tok);
		}
	}
	free(copy);
	if (rc == 0 && nactive > 1)
		rc = -EINVAL;
	if (rc < 0 || nactive == 0) {
		free(act);
		st_strv_free(list);
		*active = NULL;
		*choices = NULL;
		return rc;
	}
	*active = act;
	*choices = list;
	return 0;
}

static void read_scheduler(struct st_probe_ctx *ctx, struct st_device *dev)
{
	struct st_queue *q = &dev->queue;
	char *s = NULL, *rel;

	if (st_path_read_stringf(ctx->pc, &s, "%s/queue/scheduler", dev->sysdir) < 0)
		return;
	rel = st_xasprintf("%s/queue/scheduler", dev->sysdir);
	if (!*s) {
		st_path_warn_value(ctx->pc, rel, "empty");
	} else if (parse_scheduler(s, &q->scheduler, &q->schedulers) < 0) {
		st_path_warn_value(ctx->pc, rel, "malformed scheduler list \"%.40s\"", s);
	} else {
		q->has_scheduler = q->scheduler != NULL;
		if (!q->has_scheduler)
			st_debug("%s: \"%s\" has no active entry: no scheduler", dev->kname, s);
	}
	free(rel);
	free(s);
}

/* The active scheduler's tunables; noop and none have none. */
static void read_iosched(struct st_probe_ctx *ctx, struct st_device *dev)
{
	char **names = NULL;

	if (st_path_list_dirf(ctx->pc, &names, "%s/queue/iosched", dev->sysdir) < 0)
		return;
	for (size_t i = 0; names && names[i]; i++) {
		char *v = NULL;

		if (st_path_read_stringf(ctx->pc, &v, "%s/queue/iosched/%s", dev->sysdir,
					 names[i]) == 0)
			st_kvlist_add(&dev->queue.iosched, names[i], v);
		free(v);
	}
	st_strv_free(names);
}

static void read_hw_queues(struct st_probe_ctx *ctx, struct st_device *dev)
{
	char **names = NULL;
	uint64_t n = 0;

	if (st_path_list_dirf(ctx->pc, &names, "%s/mq", dev->sysdir) < 0)
		return; /* not blk-mq: bio-based or a legacy single-queue kernel */
	for (size_t i = 0; names && names[i]; i++)
		if (isdigit((unsigned char)names[i][0]))
			n++;
	dev->queue.hw_queues = n;
	st_strv_free(names);
}

static bool is_pow2(uint64_t v)
{
	return v && (v & (v - 1)) == 0;
}

/* Block sizes are powers of two from 512 bytes up; a truncated "409" is not. */
static void read_block_size(struct st_probe_ctx *ctx, struct st_device *dev, uint64_t *dst,
			    const char *attr, uint64_t minimum)
{
	uint64_t v = ST_UNKNOWN;
	char *rel;

	st_probe_u64(ctx, &v, UINT32_MAX, "%s/queue/%s", dev->sysdir, attr);
	if (v == ST_UNKNOWN)
		return;
	if ((minimum && (v < minimum || !is_pow2(v))) || (!minimum && v && v % 512)) {
		rel = st_xasprintf("%s/queue/%s", dev->sysdir, attr);
		st_path_warn_value(ctx->pc, rel, "%" PRIu64 " is not a valid size in bytes", v);
		free(rel);
		return;
	}
	*dst = v;
}

static void read_enum_string(struct st_probe_ctx *ctx, struct st_device *dev, char **dst,
			     const char *attr, const char *const *allowed)
{
	char *s = NULL, *rel;

	if (st_path_read_stringf(ctx->pc, &s, "%s/queue/%s", dev->sysdir, attr) < 0)
		return;
	for (size_t i = 0; allowed[i]; i++) {
		if (strcmp(s, allowed[i]) == 0) {
			*dst = s;
			return;
		}
	}
	rel = st_xasprintf("%s/queue/%s", dev->sysdir, attr);
	st_path_warn_value(ctx->pc, rel, "unexpected value \"%.32s\"", s);
	free(rel);
	free(s);
}

static int queue_device(struct st_probe_ctx *ctx, struct st_device *dev)
{
	static const char *const write_cache_values[] = { "write back", "write through", NULL };
	static const char *const zoned_values[] = { "none", "host-aware", "host-managed", NULL };
	struct st_queue *q = &dev->queue;
	const char *d = dev->sysdir;

	if (dev->kind == ST_KIND_PART)
		return 0; /* inherits the disk's; see st_device_queue() */
	if (st_path_existsf(ctx->pc, "%s/queue", d) < 0) {
		st_debug("%s: no queue directory", dev->kname);
		return 0;
	}
	q->present = true;
	st_probe_bool(ctx, &q->rotational, "%s/queue/rotational", d);
	read_scheduler(ctx, dev);
	/* limits below: the kernel stores these as unsigned int or long */
	st_probe_u64(ctx, &q->nr_requests, UINT32_MAX, "%s/queue/nr_requests", d);
	st_probe_u64(ctx, &q->read_ahead_kb, UINT32_MAX, "%s/queue/read_ahead_kb", d);
	st_probe_u64(ctx, &q->max_sectors_kb, UINT32_MAX, "%s/queue/max_sectors_kb", d);
	st_probe_u64(ctx, &q->max_hw_sectors_kb, UINT32_MAX, "%s/queue/max_hw_sectors_kb", d);
	read_block_size(ctx, dev, &q->logical_block_size, "logical_block_size", 512);
	read_block_size(ctx, dev, &q->physical_block_size, "physical_block_size", 512);
	read_block_size(ctx, dev, &q->min_io, "minimum_io_size", 512);
	read_block_size(ctx, dev, &q->opt_io, "optimal_io_size", 0);
	read_enum_string(ctx, dev, &q->write_cache, "write_cache", write_cache_values);
	st_probe_u64(ctx, &q->discard_max_bytes, UINT64_MAX - 1, "%s/queue/discard_max_bytes", d);
	read_enum_string(ctx, dev, &q->zoned, "zoned", zoned_values);
	st_probe_u64(ctx, &q->rq_affinity, 2, "%s/queue/rq_affinity", d);
	st_probe_u64(ctx, &q->nomerges, 2, "%s/queue/nomerges", d);
	st_probe_u64(ctx, &q->wbt_lat_usec, UINT64_MAX - 1, "%s/queue/wbt_lat_usec", d);
	st_probe_u64(ctx, &q->add_random, 1, "%s/queue/add_random", d);
	if (q->has_scheduler)
		read_iosched(ctx, dev);
	read_hw_queues(ctx, dev);
	/* SCSI only: the NCQ/TCQ depth the HBA gives this device */
	st_probe_u64(ctx, &q->queue_depth, UINT32_MAX, "%s/device/queue_depth", d);
	return 0;
}

const struct st_probe_ops st_probe_queue_ops = {
	.name = "queue",
	.device = queue_device,
};
