/*
 * knob_io.c - owns reading and writing a knob on the system itself, for the
 * apply path: the one place where stortune writes to /sys or /proc/sys or
 * remounts.  Paths come from the descriptor table (knob.c); values are
 * normalised to the form the model and the rules use, so that "skip if
 * equal" and "read back and compare" compare like with like.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_knob.h"
#include "st_log.h"
#include "st_mount.h"
#include "st_path.h"
#include "st_util.h"

char *st_knob_where(const struct st_knob *k, const char *target)
{
	if (k->kind == ST_KNOB_SYSCTL || !target)
		return st_xstrdup(k->name);
	return st_xasprintf("%s: %s", target, k->name);
}

/* The file of a sysfs or sysctl knob, relative to the root. */
static char *knob_file(const struct st_knob *k, const struct st_device *dev)
{
	if (k->kind == ST_KNOB_SYSCTL)
		return st_xstrdup(k->path);
	if (!dev || !dev->sysdir)
		return NULL;
	return st_xasprintf("%s/%s", dev->sysdir, k->path);
}

/* "mq-deadline kyber [bfq] none" -> "bfq"; NULL when nothing is bracketed. */
static char *bracketed(const char *line)
{
	const char *open = strchr(line, '['), *close;

	if (!open || !(close = strchr(open, ']')) || close == open + 1)
		return NULL;
	return st_xstrndup(open + 1, (size_t)(close - open - 1));
}

int st_knob_read(struct st_path *pc, const struct st_knob *k, const struct st_device *dev,
		 const char *target, char **text)
{
	struct st_mount *m = NULL;
	char *file, *raw = NULL;
	uint64_t v;
	int rc;

	*text = NULL;
	if (k->kind == ST_KNOB_MOUNT) {
		if (!target)
			return -EINVAL;
		rc = st_mount_reread(pc, target, &m);
		if (rc < 0)
			return rc;
		st_knob_current(k, NULL, NULL, m, text);
		st_mount_free(m);
		return *text ? 0 : -ENOENT;
	}
	file = knob_file(k, dev);
	if (!file)
		return -EINVAL;
	rc = st_path_read_stringf(pc, &raw, "%s", file);
	free(file);
	if (rc < 0)
		return rc;
	if (k->type == ST_KT_ENUM && (k->flags & ST_KNOB_SCHED)) {
		/* the kernel brackets the active scheduler among the choices */
		*text = bracketed(raw);
		rc = *text ? 0 : -EINVAL;
	} else if (k->type == ST_KT_ENUM) {
		/* one word: an NVMe subsystem's iopolicy */
		*text = st_strv_has(k->values, raw) ? st_xstrdup(raw) : NULL;
		rc = *text ? 0 : -EINVAL;
	} else if (st_parse_u64(raw, &v) == 0 && (k->type != ST_KT_BOOL || v <= 1)) {
		*text = st_xasprintf("%" PRIu64, v);
	} else {
		rc = -EINVAL;
	}
	free(raw);
	return rc;
}

/*
 * What a sysroot's scheduler file holds after text was written: the same
 * list with text bracketed, as the kernel would show it.  -EINVAL when text
 * is not in the list: the kernel refuses that write too.
 */
static int sched_image(struct st_path *pc, const char *file, const char *text, char **out)
{
	char *raw = NULL, *tok, *save = NULL, **words = NULL;
	bool found = false;
	int rc;

	rc = st_path_read_stringf(pc, &raw, "%s", file);
	if (rc < 0)
		return rc;
	for (tok = strtok_r(raw, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		size_t n = strlen(tok);

		if (tok[0] == '[' && n > 2 && tok[n - 1] == ']') {
			tok[n - 1] = '\0';
			tok++;
		}
		if (strcmp(tok, text) == 0) {
			found = true;
			st_strv_pushf(&words, "[%s]", tok);
		} else {
			st_strv_push(&words, tok);
		}
	}
	if (found) {
		char *line = st_strv_join(words, " ");

		*out = st_xasprintf("%s\n", line);
		free(line);
	}
	st_strv_free(words);
	free(raw);
	return found ? 0 : -EINVAL;
}

int st_knob_write(struct st_path *pc, const struct st_knob *k, const struct st_device *dev,
		  const char *target, const char *text)
{
	char *file, *opt, *image = NULL;
	int rc;

	if (k->kind == ST_KNOB_MOUNT) {
		if (st_path_is_sysroot(pc))
			return -EOPNOTSUPP;
		opt = target ? st_knob_mount_option(k, text) : NULL;
		if (!opt)
			return -EINVAL;
		if (strcmp(k->name, "mount:atime") == 0 && strcmp(opt, "noatime") != 0) {
			/* libmount keeps the mount's current options, noatime
			 * among them; "atime" cancels it, or the kernel gets
			 * MS_NOATIME|MS_RELATIME and keeps noatime */
			char *both = st_xasprintf("atime,%s", opt);

			free(opt);
			opt = both;
		}
		rc = st_remount(target, opt);
		free(opt);
		return rc;
	}
	file = knob_file(k, dev);
	if (!file)
		return -EINVAL;
	if (!st_path_is_sysroot(pc)) {
		rc = st_path_write_stringf(pc, text, "%s", file);
	} else if (k->type == ST_KT_ENUM && (k->flags & ST_KNOB_SCHED)) {
		rc = sched_image(pc, file, text, &image);
		if (rc == 0)
			rc = st_path_write_stringf(pc, image, "%s", file);
	} else {
		image = st_xasprintf("%s\n", text);
		rc = st_path_write_stringf(pc, image, "%s", file);
		/* the kernel zeroes a dirty_* sysctl's twin when it is set */
		if (rc == 0 && k->twin && strcmp(text, "0") != 0)
			rc = st_path_write_stringf(pc, "0\n", "%s", st_knob_find(k->twin)->path);
	}
	free(image);
	free(file);
	return rc;
}

int st_knob_tidy(struct st_path *pc, const struct st_knob *k, const struct st_device *dev)
{
	char *file;
	int rc;

	if (!st_path_is_sysroot(pc) || k->kind == ST_KNOB_MOUNT || !(file = knob_file(k, dev)))
		return 0;
	rc = st_path_clean_tempsf(pc, "%s", file);
	free(file);
	if (rc >= 0 && k->twin)
		rc = st_path_clean_tempsf(pc, "%s", st_knob_find(k->twin)->path);
	return rc < 0 ? rc : 0;
}

int st_device_gone(struct st_path *pc, const struct st_device *dev, char **why)
{
	char *file = NULL;
	int rc;

	*why = NULL;
	if (!dev || !dev->sysdir)
		return 0;
	if (st_path_existsf(pc, "%s", dev->sysdir) < 0) {
		*why = st_xasprintf("the device is gone: /%s is not there", dev->sysdir);
		return 1;
	}
	if (dev->kind != ST_KIND_LOOP || !dev->loop || !dev->loop->backing_file)
		return 0;
	/* a loop device outlives its file: detached, its queue is still
	 * there, and another file may be attached by now */
	rc = st_path_read_stringf(pc, &file, "%s/loop/backing_file", dev->sysdir);
	if (rc < 0 || strcmp(file, dev->loop->backing_file) != 0)
		*why = rc < 0 ? st_xasprintf("the loop device was detached from %s",
					    dev->loop->backing_file)
			      : st_xasprintf("the loop device now holds %s, not %s", file,
					    dev->loop->backing_file);
	free(file);
	return *why != NULL;
}
