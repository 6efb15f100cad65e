/*
 * probe_queue.c - owns reading a device's request queue as sysfs shows it:
 * every attribute of st_queue_attrs (st_attr.h), each the way its entry
 * says: numbers, block sizes, words, the scheduler line in both its blk-mq
 * ("[none] mq-deadline") and legacy ("noop deadline [cfq]") forms, the
 * active scheduler's iosched/ tunables and the blk-mq hardware queues.
 *
 * Partitions have no queue/; readers use st_device_queue(), which answers
 * with the disk's queue as lsblk does.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "st_attr.h"
#include "st_log.h"
#include "st_probe.h"
#include "st_util.h"

/* More entries than this on a scheduler line is not a kernel's list (it
 * has four elevators; a page of one-letter words would be 2048): garbage
 * from a damaged or hostile tree, whose list would cost time and memory. */
#define ST_SCHED_MAX_CHOICES 64

/*
 * Parses a scheduler line.  The active scheduler is the bracketed word.  A
 * line without brackets ("none" on bio-based dm and md devices) means the
 * device has no scheduler: lsblk shows null there, and so do we.  Returns
 * -EINVAL for a line that is cut short, has more than one active entry or
 * more than ST_SCHED_MAX_CHOICES entries.
 */
static int parse_scheduler(const char *line, char **active, char ***choices)
{
	char *copy = st_xstrdup(line), *save = NULL, *tok;
	char **list = NULL, *act = NULL;
	int rc = 0, nactive = 0, n = 0;

	for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		size_t len = strlen(tok);
		bool open = tok[0] == '[', close = tok[len - 1] == ']';
		size_t inner = len - open - close;

		if (open != close || (open && len < 3) || strcspn(tok + open, "[]") < inner ||
		    ++n > ST_SCHED_MAX_CHOICES) {
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

static void *field(struct st_queue *q, const struct st_attr *a)
{
	return st_attr_field(q, a);
}

/* The scheduler line; the choices go to the STRV entry after a. */
static void read_scheduler(struct st_probe_ctx *ctx, struct st_device *dev, const struct st_attr *a)
{
	struct st_queue *q = &dev->queue;
	char *s = NULL, *rel, *active = NULL, **choices = NULL;

	if (st_path_read_stringf(ctx->pc, &s, "%s/%s", dev->sysdir, a->path) < 0)
		return;
	rel = st_xasprintf("%s/%s", dev->sysdir, a->path);
	if (!*s) {
		st_path_warn_value(ctx->pc, rel, "empty");
	} else if (parse_scheduler(s, &active, &choices) < 0) {
		st_path_warn_value(ctx->pc, rel, "malformed scheduler list \"%.40s\"", s);
	} else {
		memcpy(field(q, a), &active, sizeof(active));
		memcpy(field(q, a + 1), &choices, sizeof(choices));
		q->has_scheduler = active != NULL;
		if (!q->has_scheduler)
			st_debug("%s: \"%s\" has no active entry: no scheduler", dev->kname, s);
	}
	free(rel);
	free(s);
}

/* The active scheduler's tunables; noop and none have none. */
static void read_dir(struct st_probe_ctx *ctx, struct st_device *dev, const struct st_attr *a)
{
	struct st_kvlist *kv = field(&dev->queue, a);
	char **names = NULL;

	if (!dev->queue.has_scheduler ||
	    st_path_list_dirf(ctx->pc, &names, "%s/%s", dev->sysdir, a->path) < 0)
		return;
	for (size_t i = 0; names && names[i]; i++) {
		char *v = NULL;

		if (st_path_read_stringf(ctx->pc, &v, "%s/%s/%s", dev->sysdir, a->path,
					 names[i]) == 0)
			st_kvlist_add(kv, names[i], v);
		free(v);
	}
	st_strv_free(names);
}

/* Numbered entries (mq/0, mq/1 ...); none when the directory is missing:
 * not blk-mq, a bio-based or legacy single-queue device. */
static void read_count(struct st_probe_ctx *ctx, struct st_device *dev, const struct st_attr *a)
{
	char **names = NULL;
	uint64_t n = 0;

	if (st_path_list_dirf(ctx->pc, &names, "%s/%s", dev->sysdir, a->path) < 0)
		return;
	for (size_t i = 0; names && names[i]; i++)
		if (isdigit((unsigned char)names[i][0]))
			n++;
	memcpy(field(&dev->queue, a), &n, sizeof(n));
	st_strv_free(names);
}

static bool is_pow2(uint64_t v)
{
	return v && (v & (v - 1)) == 0;
}

/* Block sizes are powers of two from 512 bytes up; a truncated "409" is not. */
static void read_block_size(struct st_probe_ctx *ctx, struct st_device *dev, const struct st_attr *a)
{
	uint64_t v = ST_UNKNOWN;
	char *rel;

	st_probe_u64(ctx, &v, UINT32_MAX, "%s/%s", dev->sysdir, a->path);
	if (v == ST_UNKNOWN)
		return;
	if ((a->min && (v < a->min || !is_pow2(v))) || (!a->min && v && v % 512)) {
		rel = st_xasprintf("%s/%s", dev->sysdir, a->path);
		st_path_warn_value(ctx->pc, rel, "%" PRIu64 " is not a valid size in bytes", v);
		free(rel);
		return;
	}
	memcpy(field(&dev->queue, a), &v, sizeof(v));
}

static void read_word(struct st_probe_ctx *ctx, struct st_device *dev, const struct st_attr *a)
{
	char *s = NULL, *rel;

	if (st_path_read_stringf(ctx->pc, &s, "%s/%s", dev->sysdir, a->path) < 0)
		return;
	for (size_t i = 0; a->values[i]; i++) {
		if (strcmp(s, a->values[i]) == 0) {
			memcpy(field(&dev->queue, a), &s, sizeof(s));
			return;
		}
	}
	rel = st_xasprintf("%s/%s", dev->sysdir, a->path);
	st_path_warn_value(ctx->pc, rel, "unexpected value \"%.32s\"", s);
	free(rel);
	free(s);
}

static void read_attr(struct st_probe_ctx *ctx, struct st_device *dev, const struct st_attr *a)
{
	switch (a->read) {
	case ST_AR_NUM:
		st_probe_u64(ctx, field(&dev->queue, a), a->max, "%s/%s", dev->sysdir, a->path);
		break;
	case ST_AR_BOOL:
		st_probe_bool(ctx, field(&dev->queue, a), "%s/%s", dev->sysdir, a->path);
		break;
	case ST_AR_BLOCK:
		read_block_size(ctx, dev, a);
		break;
	case ST_AR_WORD:
		read_word(ctx, dev, a);
		break;
	case ST_AR_SCHEDULER:
		read_scheduler(ctx, dev, a);
		break;
	case ST_AR_DIR:
		read_dir(ctx, dev, a);
		break;
	case ST_AR_COUNT:
		read_count(ctx, dev, a);
		break;
	default:
		break;
	}
}

static int queue_device(struct st_probe_ctx *ctx, struct st_device *dev)
{
	if (dev->kind == ST_KIND_PART)
		return 0; /* inherits the disk's; see st_device_queue() */
	if (st_path_existsf(ctx->pc, "%s/queue", dev->sysdir) < 0) {
		st_debug("%s: no queue directory", dev->kname);
		return 0;
	}
	dev->queue.present = true;
	for (size_t i = 0; i < st_queue_attrs.n; i++)
		read_attr(ctx, dev, &st_queue_attrs.v[i]);
	return 0;
}

/* The files of the table that are read one by one (not directories). */
static void queue_prefetch(struct st_probe_ctx *ctx, const struct st_device *dev,
			   struct st_probe_wants *w)
{
	(void)ctx;
	if (dev->kind == ST_KIND_PART)
		return;
	for (size_t i = 0; i < st_queue_attrs.n; i++) {
		const struct st_attr *a = &st_queue_attrs.v[i];

		if (a->path && a->read != ST_AR_NONE && a->read != ST_AR_DIR &&
		    a->read != ST_AR_COUNT)
			st_probe_want(w, "%s/%s", dev->sysdir, a->path);
	}
}

const struct st_probe_ops st_probe_queue_ops = {
	.name = "queue",
	.device = queue_device,
	.prefetch = queue_prefetch,
};
