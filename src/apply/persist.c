/*
 * persist.c - owns the text of the files `apply --persist` leaves behind:
 * the udev rules that set queue attributes again whenever a disk appears,
 * matched by an id that survives reboots and renames, and the sysctl.d
 * file.  It chooses that id, refuses any id or value udev could read
 * differently from what it is (a quote, a backslash, a control character,
 * a glob or alternative character in a match, a substitution character in
 * an assignment), and groups a device's settings into one rule line.  What
 * it cannot match, or matches only by the slot (ID_PATH), it says in the
 * file as a comment line and in a list of notes, and reads those lines
 * back for `status`.  It composes text only: writing the files belongs to
 * the apply path.
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

bool st_persist_is_ours(const char *text)
{
	return text && st_startswith(text, header);
}

/* Notes ------------------------------------------------------------------- */

/* The tag of a note's comment line, "# not persisted: vda: <reason>", and
 * of its line in apply's and status's text. */
static const char *const note_names[ST_PN_NR] = {
	[ST_PN_BY_PATH] = "warning",
	[ST_PN_NOT_PERSISTED] = "not persisted",
};

const char *st_persist_note_name(enum st_persist_note_kind kind)
{
	return (unsigned)kind < ST_PN_NR ? note_names[kind] : "?";
}

static char *comment_text(const char *s)
{
	struct st_buf b = { 0 };

	buf_add_comment(&b, s);
	return st_buf_steal(&b);
}

/* Appends a note; device and reason are kept as the comment line has them,
 * so that a note read back from the file is the note written. */
static void note_add(struct st_persist_notes *notes, enum st_persist_note_kind kind,
		     const char *device, const char *reason)
{
	struct st_persist_note *nt;

	if (!notes)
		return;
	notes->v = st_xrealloc(notes->v, (notes->n + 1) * sizeof(*notes->v));
	nt = &notes->v[notes->n++];
	nt->kind = kind;
	nt->device = comment_text(device);
	nt->reason = comment_text(reason);
}

static void buf_add_note(struct st_buf *b, enum st_persist_note_kind kind, const char *device,
			 const char *reason)
{
	st_buf_addf(b, "# %s: ", note_names[kind]);
	buf_add_comment(b, device);
	st_buf_adds(b, ": ");
	buf_add_comment(b, reason);
	st_buf_adds(b, "\n");
}

void st_persist_notes_free(struct st_persist_notes *notes)
{
	if (!notes)
		return;
	for (size_t i = 0; i < notes->n; i++) {
		free(notes->v[i].device);
		free(notes->v[i].reason);
	}
	free(notes->v);
	notes->v = NULL;
	notes->n = 0;
}

size_t st_persist_notes_count(const struct st_persist_notes *notes,
			      enum st_persist_note_kind kind)
{
	size_t c = 0;

	for (size_t i = 0; notes && i < notes->n; i++)
		c += notes->v[i].kind == kind;
	return c;
}

void st_persist_notes_parse(const char *text, struct st_persist_notes *notes)
{
	for (const char *l = text; l && *l;) {
		const char *eol = strchr(l, '\n'), *end = eol ? eol : l + strlen(l);
		char *line = st_xstrndup(l, (size_t)(end - l));

		for (int k = 0; k < ST_PN_NR; k++) {
			char *prefix = st_xasprintf("# %s: ", note_names[k]);
			char *rest = st_startswith(line, prefix) ? line + strlen(prefix) : NULL;
			char *sep = rest ? strstr(rest, ": ") : NULL;

			free(prefix);
			if (!sep || sep == rest)
				continue;
			*sep = '\0';
			note_add(notes, (enum st_persist_note_kind)k, rest, sep + 2);
			break;
		}
		free(line);
		l = eol ? eol + 1 : end;
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

/* why, when there is none: there was no id, or none udev reads literally */
static char *first_match(const struct cand *c, size_t n, const char **why)
{
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		if (c[i].value && matchable(c[i].value))
			return st_xasprintf("%s==\"%s\"", c[i].key, c[i].value);
		any = any || (c[i].value && *c[i].value);
	}
	if (why)
		*why = any ? "every id it has holds a character udev would not match literally"
			   : "no id udev can match (WWN, serial, dm/md uuid, loop backing file "
			     "or ID_PATH)";
	return NULL;
}

/* The fallback's key: a match that starts with it is by the slot. */
static const char by_path_key[] = "ENV{ID_PATH}";

/*
 * st_persist.h gives the order.  ID_WWN and ID_SERIAL come from
 * 60-persistent-storage.rules, DM_UUID from 10-dm.rules or 55-dm.rules and
 * MD_UUID from mdadm's 63-md-raid-arrays.rules, which all run before
 * 69-stortune.rules (tests/t_persist_live.sh shows it with udevadm test).
 * MD_UUID is written with colons
 * ("3a4e5f6c:..."), while the probe reads the md uuid from sysfs md/uuid
 * (kernel %pU: "3a4e5f6c-1234-..."); a uuid in that form is matched on the
 * attribute itself, which is there before any rule runs.  ID_PATH comes
 * from 60-persistent-storage.rules too.
 */
static char *udev_match(const struct st_device *dev, const char **why)
{
	const struct st_kvlist *u;
	struct cand c[9];
	size_t n = 0;
	const char *v, *wwn_key;

	if (why)
		*why = "a partition: its settings belong to its disk";
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
	c[n++] = (struct cand){ by_path_key, st_kvlist_get(u, "ID_PATH") };
	return first_match(c, n, why);
}

char *st_persist_udev_match(const struct st_device *dev)
{
	return udev_match(dev, NULL);
}

/* The rules file -------------------------------------------------------- */

static bool is_device_item(const struct st_persist_item *it)
{
	return it->knob && it->knob->kind == ST_KNOB_SYSFS && it->dev;
}

/* An item of dev's NVMe subsystem rather than of dev itself. */
static bool is_subsys_item(const struct st_persist_item *it, const struct st_device *dev)
{
	return is_device_item(it) && it->dev == dev && (it->knob->flags & ST_KNOB_NVME_SUBSYS);
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
 * be written, with why (allocated).  by_path: matched by the slot only. */
static char *device_rule(const struct st_persist_item *items, size_t n, size_t first,
			 bool *by_path, char **why)
{
	const struct st_device *dev = items[first].dev;
	struct st_buf b = { 0 };
	const char *nomatch = NULL;
	char *match = udev_match(dev, &nomatch);

	if (!match) {
		*why = st_xstrdup(nomatch);
		return NULL;
	}
	*by_path = st_startswith(match, by_path_key);
	st_buf_addf(&b, "ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"disk\", %s",
		 match);
	free(match);
	for (size_t i = first; i < n; i++) {
		const struct st_persist_item *it = &items[i];

		if (!is_device_item(it) || it->dev != dev || is_subsys_item(it, dev))
			continue;
		if (!quotable(it->knob->path) || strchr(it->knob->path, '}') ||
		    !assignable(it->value)) {
			st_buf_free(&b);
			*why = st_xasprintf("its %s value holds a character udev would not write "
					    "literally", it->knob->name);
			return NULL;
		}
		st_buf_addf(&b, ", ATTR{%s}=\"%s\"", it->knob->path, it->value);
	}
	return st_buf_steal(&b);
}

/*
 * The rule for the nvme-subsystem behind a multipath head, as nvme-cli's
 * own 71-nvmf-*.rules set iopolicy: the subsystem appears before its
 * namespaces, and the attribute is its own, not the block device's.
 *   ACTION=="add|change", SUBSYSTEM=="nvme-subsystem", ATTR{subsysnqn}=="nqn...",
 *   ATTR{iopolicy}="round-robin"
 * NULL with why (allocated) when the NQN or a value cannot be written.
 */
static char *subsys_rule(const struct st_persist_item *items, size_t n, size_t first, char **why)
{
	const struct st_device *dev = items[first].dev;
	struct st_buf b = { 0 };

	if (!matchable(dev->nvme_subsysnqn)) {
		*why = st_xstrdup(dev->nvme_subsysnqn ? "its NVMe subsystem's NQN holds a character "
							"udev would not match literally"
						      : "its NVMe subsystem's NQN is unknown");
		return NULL;
	}
	st_buf_addf(&b, "ACTION==\"add|change\", SUBSYSTEM==\"nvme-subsystem\", "
		    "ATTR{subsysnqn}==\"%s\"", dev->nvme_subsysnqn);
	for (size_t i = first; i < n; i++) {
		const char *attr = items[i].knob ? strrchr(items[i].knob->path, '/') : NULL;

		if (!is_subsys_item(&items[i], dev))
			continue;
		if (!attr || !quotable(attr + 1) || !assignable(items[i].value)) {
			st_buf_free(&b);
			*why = st_xasprintf("its %s value holds a character udev would not write "
					    "literally", items[i].knob->name);
			return NULL;
		}
		st_buf_addf(&b, ", ATTR{%s}=\"%s\"", attr + 1, items[i].value);
	}
	return st_buf_steal(&b);
}

/* The warning of a rule matched by ID_PATH. */
static char *by_path_reason(const struct st_device *dev)
{
	return st_xasprintf("matched by ID_PATH \"%s\", which is stable only as long as the "
			    "hardware slot is: it has no WWN, serial or dm/md uuid",
			    st_kvlist_get(&dev->udev, "ID_PATH"));
}

/* The subsystem rule of the device of items[first], if it has subsystem
 * items, or the note why there is none.  Whether the device has items of
 * its own, which need a rule of their own. */
static bool emit_subsys(struct st_buf *b, struct st_persist_notes *notes,
			const struct st_persist_item *items, size_t n, size_t first)
{
	const struct st_device *dev = items[first].dev;
	const char *kname = dev->kname ? dev->kname : "?";
	bool subsys = false, own = false;
	char *line, *why = NULL;

	for (size_t i = first; i < n; i++) {
		subsys = subsys || is_subsys_item(&items[i], dev);
		own = own || (is_device_item(&items[i]) && items[i].dev == dev &&
			      !is_subsys_item(&items[i], dev));
	}
	if (!subsys)
		return true;
	line = subsys_rule(items, n, first, &why);
	if (line) {
		st_buf_addf(b, "%s\n", line);
		free(line);
	} else {
		buf_add_note(b, ST_PN_NOT_PERSISTED, kname, why);
		note_add(notes, ST_PN_NOT_PERSISTED, kname, why);
		free(why);
	}
	return own;
}

char *st_persist_udev_rules(const struct st_persist_item *items, size_t n,
			    struct st_persist_notes *notes)
{
	struct st_buf b = { 0 };
	size_t devices = 0;

	st_buf_adds(&b, header);
	for (size_t i = 0; i < n; i++) {
		const struct st_device *dev = items[i].dev;
		const char *kname = dev && dev->kname ? dev->kname : "?";
		bool seen = false, by_path = false;
		char *line, *why = NULL;

		if (!is_device_item(&items[i]))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = is_device_item(&items[j]) && items[j].dev == dev;
		if (seen)
			continue;
		devices++;
		st_buf_adds(&b, "\n");
		device_comment(&b, items, n, i);
		if (!emit_subsys(&b, notes, items, n, i))
			continue;
		line = device_rule(items, n, i, &by_path, &why);
		if (!line) {
			buf_add_note(&b, ST_PN_NOT_PERSISTED, kname, why);
			note_add(notes, ST_PN_NOT_PERSISTED, kname, why);
			free(why);
			continue;
		}
		if (by_path) {
			why = by_path_reason(dev);
			buf_add_note(&b, ST_PN_BY_PATH, kname, why);
			note_add(notes, ST_PN_BY_PATH, kname, why);
			free(why);
		}
		st_buf_addf(&b, "%s\n", line);
		free(line);
	}
	if (!devices) {
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
