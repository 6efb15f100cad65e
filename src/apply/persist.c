/*
 * persist.c - owns the text of the files `apply --persist` leaves behind:
 * the udev rules that set queue attributes again whenever a disk appears,
 * matched by an id that survives reboots and renames, and the sysctl.d
 * file.  It chooses that id, refuses any id or value udev could read
 * differently from what it is (a quote, a backslash, a control character,
 * a glob or alternative character in a match, a substitution character in
 * an assignment), and groups a device's settings into one rule line.  It
 * composes text only: writing the files belongs to the apply path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_persist.h"
#include "st_util.h"

/* The first lines of both files. */
static const char header[] =
	"# Written by stortune apply --persist; replaced by the next apply --persist\n"
	"# and removed by stortune revert.  Do not edit.\n";

/* Text (st_buf, st_util.h) ----------------------------------------------- */

/* Comment text: a newline in a model string must not start a new line. */
static void buf_add_comment(struct st_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		st_buf_addn(b, c < 0x20 || c == 0x7f ? "?" : s, 1);
	}
}

/* What udev reads literally -------------------------------------------- */

static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			return true;
	return false;
}

/*
 * A rule value is double-quoted; udev's only escape in a plain string is
 * \" (systemd udev-rules.c, udev_rule_parse_value), so a quote or a
 * backslash cannot be carried portably, and a control character would
 * end the line.
 */
static bool quotable(const char *s)
{
	return s && *s && !strpbrk(s, "\"\\") && !has_ctl(s);
}

/*
 * A match value is a pattern: '*', '?' and '[' are globs and '|' separates
 * alternatives ("add|change").  An id holding one would match other devices
 * or not even this one, so it is refused rather than escaped (older udev
 * has no escape for '|').
 */
static bool matchable(const char *s)
{
	return quotable(s) && !strpbrk(s, "*?[|");
}

/*
 * ATTR assignment values go through udev's substitution ($kernel, %k,
 * udev_event_apply_format), so '$' and '%' are refused as well.
 */
static bool assignable(const char *s)
{
	return quotable(s) && !strpbrk(s, "$%");
}

/* The match ------------------------------------------------------------- */

/* "0x" and more than 16 hex digits: a NAA 6 name with its extension. */
static bool wwn_has_extension(const char *wwn)
{
	return st_startswith(wwn, "0x") && strlen(wwn) > 2 + 16;
}

/* The first usable id among the candidates, in order of preference. */
struct cand {
	const char *key;   /* "ENV{ID_WWN}" */
	const char *value; /* NULL: the device does not have it */
};

static char *first_match(const struct cand *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].value && matchable(c[i].value))
			return st_xasprintf("%s==\"%s\"", c[i].key, c[i].value);
	return NULL;
}

/*
 * st_persist.h gives the order.  ID_WWN and ID_SERIAL come from
 * 60-persistent-storage.rules and DM_UUID from 10-dm.rules or 55-dm.rules,
 * which all run before 60-stortune.rules.  MD_UUID comes from mdadm's
 * 63-md-raid-arrays.rules, which runs after it, and is written with colons
 * ("3a4e5f6c:..."), while the probe reads the md uuid from sysfs md/uuid
 * (kernel %pU: "3a4e5f6c-1234-..."); a uuid in that form is matched on the
 * attribute itself, which is there before any rule runs.
 */
char *st_persist_udev_match(const struct st_device *dev)
{
	const struct st_kvlist *u;
	struct cand c[8];
	size_t n = 0;
	const char *v, *wwn_key;

	if (!dev || dev->kind == ST_KIND_PART)
		return NULL;
	u = &dev->udev;
	switch (dev->kind) {
	case ST_KIND_DM:
		c[n++] = (struct cand){ "ENV{DM_UUID}", dev->dm ? dev->dm->uuid : NULL };
		c[n++] = (struct cand){ "ENV{DM_UUID}", st_kvlist_get(u, "DM_UUID") };
		c[n++] = (struct cand){ "ENV{DM_NAME}", dev->dm ? dev->dm->name : NULL };
		c[n++] = (struct cand){ "ENV{DM_NAME}", st_kvlist_get(u, "DM_NAME") };
		break;
	case ST_KIND_MD:
		v = dev->raid ? dev->raid->uuid : NULL;
		c[n++] = (struct cand){ v && !strchr(v, ':') ? "ATTR{md/uuid}" : "ENV{MD_UUID}", v };
		c[n++] = (struct cand){ "ENV{MD_UUID}", st_kvlist_get(u, "MD_UUID") };
		break;
	case ST_KIND_LOOP:
		c[n++] = (struct cand){ "ATTR{loop/backing_file}",
					dev->loop ? dev->loop->backing_file : NULL };
		break;
	default:
		break;
	}
	wwn_key = wwn_has_extension(dev->wwn) ? "ENV{ID_WWN_WITH_EXTENSION}" : "ENV{ID_WWN}";
	c[n++] = (struct cand){ "ENV{ID_WWN_WITH_EXTENSION}",
				st_kvlist_get(u, "ID_WWN_WITH_EXTENSION") };
	c[n++] = (struct cand){ "ENV{ID_WWN}", st_kvlist_get(u, "ID_WWN") };
	c[n++] = (struct cand){ wwn_key, dev->wwn };
	c[n++] = (struct cand){ "ENV{ID_SERIAL}", st_kvlist_get(u, "ID_SERIAL") };
	return first_match(c, n);
}

/* The rules file -------------------------------------------------------- */

static bool is_device_item(const struct st_persist_item *it)
{
	return it->knob && it->knob->kind == ST_KNOB_SYSFS && it->dev;
}

/* "# sdb (ST4000NM0035): rules hdd-mq-deadline, ra-hdd"; each rule once */
static void device_comment(struct st_buf *b, const struct st_persist_item *items, size_t n,
			   size_t first)
{
	const struct st_device *dev = items[first].dev;
	char **rules = NULL, *joined;

	for (size_t i = first; i < n; i++) {
		bool seen = false;

		if (!is_device_item(&items[i]) || items[i].dev != dev || !items[i].rule)
			continue;
		for (size_t j = 0; rules && rules[j] && !seen; j++)
			seen = strcmp(rules[j], items[i].rule) == 0;
		if (!seen)
			st_strv_push(&rules, items[i].rule);
	}
	st_buf_adds(b, "# ");
	buf_add_comment(b, dev->kname ? dev->kname : "?");
	if (dev->model) {
		st_buf_adds(b, " (");
		buf_add_comment(b, dev->model);
		st_buf_adds(b, ")");
	}
	if (rules) {
		joined = st_strv_join(rules, ", ");
		st_buf_adds(b, st_strv_len(rules) == 1 ? ": rule " : ": rules ");
		buf_add_comment(b, joined);
		free(joined);
		st_strv_free(rules);
	}
	st_buf_adds(b, "\n");
}

/* The rule line for the device of items[first], or NULL when it cannot
 * be written. */
static char *device_rule(const struct st_persist_item *items, size_t n, size_t first)
{
	const struct st_device *dev = items[first].dev;
	struct st_buf b = { 0 };
	char *match = st_persist_udev_match(dev);

	if (!match)
		return NULL;
	st_buf_addf(&b, "ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"disk\", %s",
		 match);
	free(match);
	for (size_t i = first; i < n; i++) {
		const struct st_persist_item *it = &items[i];

		if (!is_device_item(it) || it->dev != dev)
			continue;
		if (!quotable(it->knob->path) || strchr(it->knob->path, '}') ||
		    !assignable(it->value)) {
			st_buf_free(&b);
			return NULL;
		}
		st_buf_addf(&b, ", ATTR{%s}=\"%s\"", it->knob->path, it->value);
	}
	return st_buf_steal(&b);
}

char *st_persist_udev_rules(const struct st_persist_item *items, size_t n, char ***unmatched)
{
	struct st_buf b = { 0 };
	size_t rules = 0;

	st_buf_adds(&b, header);
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		char *line;

		if (!is_device_item(&items[i]))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = is_device_item(&items[j]) && items[j].dev == items[i].dev;
		if (seen)
			continue;
		line = device_rule(items, n, i);
		if (!line) {
			if (unmatched)
				st_strv_push(unmatched, items[i].dev->kname ? items[i].dev->kname
									    : "?");
			continue;
		}
		st_buf_adds(&b, "\n");
		device_comment(&b, items, n, i);
		st_buf_addf(&b, "%s\n", line);
		free(line);
		rules++;
	}
	if (!rules) {
		st_buf_free(&b);
		return NULL;
	}
	return st_buf_steal(&b);
}

/* The sysctl.d file ----------------------------------------------------- */

/*
 * sysctl.d takes the rest of the line as the value, white space trimmed,
 * so a value must be one line with something on it; a key is written as
 * the table names it.  Items that fail are left out: values rendered from
 * the knob table are numbers and never do.
 */
char *st_persist_sysctl_conf(const struct st_persist_item *items, size_t n)
{
	struct st_buf b = { 0 };
	size_t lines = 0;

	st_buf_adds(&b, header);
	for (size_t i = 0; i < n; i++) {
		const struct st_persist_item *it = &items[i];

		if (!it->knob || it->knob->kind != ST_KNOB_SYSCTL)
			continue;
		if (!it->value || !*it->value || has_ctl(it->value) || has_ctl(it->knob->name))
			continue;
		st_buf_adds(&b, "\n");
		if (it->rule) {
			st_buf_adds(&b, "# rule ");
			buf_add_comment(&b, it->rule);
			st_buf_adds(&b, "\n");
		}
		st_buf_addf(&b, "%s = %s\n", it->knob->name, it->value);
		lines++;
	}
	if (!lines) {
		st_buf_free(&b);
		return NULL;
	}
	return st_buf_steal(&b);
}
