/*
 * report_probe.c - owns the `stortune probe` output: the device table
 * (children nested as lsblk nests them: partitions, then the devices built
 * on this one; its columns, chosen with -o; aligned, --raw or --pairs), the
 * optional per-device details, and the JSON document whose keys later
 * stages and scripts rely on.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "st_attr.h"
#include "st_capture.h"
#include "st_json.h"
#include "st_jsonw.h"
#include "st_log.h"
#include "st_report_probe.h"
#include "st_report_table.h"
#include "st_scols.h"
#include "st_units.h"
#include "st_util.h"

/* md on md on dm ... the kernel stops far below this */
#define MAX_TREE_DEPTH 32

struct st_devv st_report_roots(const struct st_system *sys, struct st_device *const *want,
			       size_t nwant)
{
	struct st_devv roots = { 0 };

	if (nwant) {
		for (size_t i = 0; i < nwant; i++)
			if (!st_devv_contains(&roots, want[i]))
				st_devv_push(&roots, want[i]);
		return roots;
	}
	for (size_t i = 0; i < sys->devices.n; i++)
		if (st_device_is_root(sys->devices.v[i]))
			st_devv_push(&roots, sys->devices.v[i]);
	return roots;
}

/* Children in lsblk's order: partitions, then the devices built on this one. */
static size_t nchildren(const struct st_device *dev)
{
	return dev->partitions.n + dev->holders.n;
}

static struct st_device *child(const struct st_device *dev, size_t i)
{
	return i < dev->partitions.n ? dev->partitions.v[i] : dev->holders.v[i - dev->partitions.n];
}

/* ---- JSON ---- */

/* Described once (st_jsonw.h), streamed by probe --json, built as a json-c
 * tree for the HTML report and tests. */

static void j_strv(struct st_jw *w, const char *key, char *const *v)
{
	st_jw_array(w, key);
	for (size_t i = 0; v && v[i]; i++)
		st_jw_str(w, NULL, v[i]);
	st_jw_end(w);
}

static void j_devnames(struct st_jw *w, const char *key, const struct st_devv *v)
{
	st_jw_array(w, key);
	for (size_t i = 0; i < v->n; i++)
		st_jw_str(w, NULL, v->v[i]->kname);
	st_jw_end(w);
}

/* A key-value list: numbers as numbers, anything else as text; null when
 * empty. */
static void j_kv(struct st_jw *w, const char *key, const struct st_kvlist *kv)
{
	if (!kv || !kv->n) {
		st_jw_null(w, key);
		return;
	}
	st_jw_object(w, key);
	for (size_t i = 0; i < kv->n; i++) {
		uint64_t n;
		const char *v = kv->v[i].value;

		if (st_parse_u64(v, &n) == 0)
			st_jw_u64(w, kv->v[i].key, n);
		else
			st_jw_str(w, kv->v[i].key, v);
	}
	st_jw_end(w);
}

static void j_value(struct st_jw *w, const struct st_attr *a, const struct st_attr_value *v)
{
	if (v->type == ST_AT_STRV && !v->known && (a->flags & ST_ATTR_EMPTY_LIST))
		j_strv(w, a->key, NULL);
	else if (v->type == ST_AT_KV)
		j_kv(w, a->key, v->kv);
	else if (!v->known)
		st_jw_null(w, a->key);
	else if (v->type == ST_AT_U64)
		st_jw_u64(w, a->key, v->u);
	else if (v->type == ST_AT_TRI)
		st_jw_bool(w, a->key, v->tri);
	else if (v->type == ST_AT_STRV)
		j_strv(w, a->key, v->v);
	else
		st_jw_str(w, a->key, v->s);
}

/* Every attribute of t that has a key, from the struct at base, in table
 * order. */
static void j_attrs(struct st_jw *w, const struct st_attr_table *t, const void *base)
{
	for (size_t i = 0; i < t->n; i++) {
		struct st_attr_value v;

		if (!t->v[i].key)
			continue;
		st_attr_get(&t->v[i], base, &v);
		j_value(w, &t->v[i], &v);
	}
}

/* The sub-object of a struct that only some devices have; null without. */
static void j_sub(struct st_jw *w, const char *key, const struct st_attr_table *t, const void *base)
{
	if (!base) {
		st_jw_null(w, key);
		return;
	}
	st_jw_object(w, key);
	j_attrs(w, t, base);
	st_jw_end(w);
}

static void j_device(struct st_jw *w, const struct st_device *dev, const struct st_device *parent,
		     unsigned depth)
{
	st_jw_object(w, NULL);
	j_attrs(w, &st_device_attrs, dev);
	j_attrs(w, &st_queue_attrs, st_device_queue(dev));
	j_attrs(w, &st_identity_attrs, dev);
	st_jw_str(w, "parent", parent ? parent->kname : NULL);
	j_devnames(w, "slaves", &dev->slaves);
	j_devnames(w, "leaves", &dev->leaves);
	j_sub(w, "partition", &st_part_attrs, dev->part);
	j_sub(w, "raid", &st_raid_attrs, dev->raid);
	j_sub(w, "dm", &st_dm_attrs, dev->dm);
	j_sub(w, "loop", &st_loop_attrs, dev->loop);
	j_sub(w, "cache", &st_cache_attrs, dev->cache);
	j_sub(w, "crypt", &st_crypt_attrs, dev->crypt);
	j_attrs(w, &st_fs_attrs, &dev->fs);
	st_jw_array(w, "mounts");
	for (size_t i = 0; i < dev->mounts.n; i++)
		j_sub(w, NULL, &st_mount_attrs, dev->mounts.v[i]);
	st_jw_end(w);

	if (nchildren(dev) && depth < MAX_TREE_DEPTH) {
		st_jw_array(w, "children");
		for (size_t i = 0; i < nchildren(dev); i++)
			j_device(w, child(dev, i), dev, depth + 1);
		st_jw_end(w);
	}
	st_jw_end(w);
}

/* {"devices": [...], "system": {...}} */
static int j_document(struct st_jw *w, const struct st_system *sys, const struct st_devv *roots,
		      struct json_object **tree)
{
	st_jw_object(w, NULL);
	st_jw_array(w, "devices");
	for (size_t i = 0; i < roots->n; i++)
		j_device(w, roots->v[i], NULL, 0);
	st_jw_end(w);
	st_jw_object(w, "system");
	j_sub(w, "vm", &st_vm_attrs, &sys->vm);
	j_attrs(w, &st_system_attrs, sys);
	j_sub(w, "virtualization", &st_virt_attrs, &sys->virt);
	st_jw_end(w);
	st_jw_end(w);
	return st_jw_finish(w, tree);
}

int st_report_probe_json_write(FILE *out, const struct st_system *sys, const struct st_devv *roots)
{
	struct st_jw w;
	int rc;

	st_jw_init_text(&w, out);
	rc = j_document(&w, sys, roots, NULL);
	fputc('\n', out);
	return rc < 0 ? rc : ferror(out) ? -EIO : 0;
}

struct json_object *st_report_probe_json(const struct st_system *sys, const struct st_devv *roots)
{
	struct json_object *o;
	struct st_jw w;

	st_jw_init_tree(&w);
	j_document(&w, sys, roots, &o);
	return o;
}

/* ---- text: the device table ---- */

/*
 * The table is printed with libsmartcols, util-linux's table library (the
 * one lsblk prints with): it draws the tree, aligns the columns, fits a
 * terminal's width and gives the --raw and --pairs forms, escaped as lsblk
 * escapes them.  A cell that shows nothing shows "-", in every form.
 *
 * The columns, in the order `probe --help` lists them: the device's own, one
 * for each column header of st_queue_attrs (entries that share a header
 * share the cell: LOG/PHY), the stack and the filesystem -- the default
 * ones -- then those only -o shows: more attributes of the device, and each
 * queue attribute read from one sysfs file, named after its JSON key.
 */
enum col_kind { CK_ATTRS, CK_NAME, CK_CLASS, CK_SIZE, CK_RAID, CK_ALIGN, CK_MOUNTS };

#define COL_DEFAULT (1u << 0) /* shown without -o */
#define COL_RIGHT (1u << 1)   /* a number: aligned right, never cut */
#define COL_TRUNC (1u << 2)   /* text that a terminal's width may cut */

/* A column of the device itself: computed from it, or one attribute of it
 * (CK_ATTRS: the entry of table with that JSON key). */
struct fixed_col {
	const char *name;
	unsigned flags;
	enum col_kind kind;
	const struct st_attr_table *table;
	const char *key;
	const char *help;
};

#define COMPUTED(kind) kind, NULL, NULL
#define DEVICE(key) CK_ATTRS, &st_device_attrs, key
#define IDENTITY(key) CK_ATTRS, &st_identity_attrs, key
#define FILESYSTEM(key) CK_ATTRS, &st_fs_attrs, key
#define DEF COL_DEFAULT

static const struct fixed_col head_cols[] = {
	{ "NAME", DEF, COMPUTED(CK_NAME),
	  "the device; under it its partitions, then what is built on it" },
	{ "TYPE", DEF, DEVICE("type"), "disk, part, raid1, lvm, crypt, loop ..." },
	{ "CLASS", DEF, COMPUTED(CK_CLASS),
	  "nvme, ssd, hdd, virtual, network ... (probe -v says why)" },
	{ "TRAN", DEF, IDENTITY("transport"),
	  "the transport: sata, sas, nvme, usb, virtio ... (a partition's is its disk's)" },
	{ "SIZE", DEF | COL_RIGHT, COMPUTED(CK_SIZE), "the size, in powers of 1024 (K, M, G, T)" },
};

static const struct fixed_col tail_cols[] = {
	{ "RAID", DEF | COL_TRUNC, COMPUTED(CK_RAID),
	  "md RAID: level, disks x chunk, and degraded(N) with N disks missing" },
	{ "ALIGN", DEF, COMPUTED(CK_ALIGN),
	  "a partition's start: ok, or MISALIGNED to the physical block, optimal I/O or RAID "
	  "stripe" },
	{ "FSTYPE", DEF | COL_TRUNC, FILESYSTEM("fstype"),
	  "the filesystem or signature: ext4, xfs, swap, LVM2_member, crypto_LUKS ..." },
	{ "MOUNTS", DEF | COL_TRUNC, COMPUTED(CK_MOUNTS), "where it is mounted, comma-separated" },
	{ "KNAME", 0, DEVICE("kname"), "the kernel's name (dm-0 for vg0-root)" },
	{ "MAJ:MIN", 0, DEVICE("maj_min"), "the major:minor device number" },
	{ "RO", 0, DEVICE("ro"), "read-only: 1 or 0" },
	{ "RM", 0, DEVICE("removable"), "removable: 1 or 0 (a partition's is its disk's)" },
	{ "MODEL", COL_TRUNC, IDENTITY("model"), "the model" },
	{ "VENDOR", COL_TRUNC, IDENTITY("vendor"), "the vendor" },
	{ "SERIAL", 0, IDENTITY("serial"), "the serial number" },
	{ "WWN", 0, IDENTITY("wwn"), "the World Wide Name, or an NVMe EUI or NGUID" },
	{ "REV", 0, IDENTITY("rev"), "the firmware revision" },
	{ "STABLE-ID", 0, IDENTITY("stable_id"),
	  "what apply's journal and udev rules know it by (wwn:, serial:, partuuid:, md-uuid: "
	  "...)" },
};

#define MAX_COLS 64
#define MAX_CELL_ATTRS 4

struct column {
	char name[24]; /* the header, and the name -o takes (in any case) */
	char help[128];
	enum col_kind kind;
	unsigned flags;
	const struct st_attr_table *table; /* CK_ATTRS: of these entries, */
	const struct st_attr *attrs[MAX_CELL_ATTRS]; /* shown in this cell */
	size_t nattrs;
};

struct catalogue {
	size_t n;
	struct column v[MAX_COLS];
};

static const struct st_attr *attr_by_key(const struct st_attr_table *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].key && strcmp(t->v[i].key, key) == 0)
			return &t->v[i];
	return NULL;
}

static void add_fixed(struct catalogue *c, const struct fixed_col *f)
{
	struct column *k = &c->v[c->n];
	const struct st_attr *a = f->kind == CK_ATTRS ? attr_by_key(f->table, f->key) : NULL;

	/* a key no longer in its table: the column is gone (test_report notices) */
	if (c->n == MAX_COLS || (f->kind == CK_ATTRS && !a))
		return;
	memset(k, 0, sizeof(*k));
	snprintf(k->name, sizeof(k->name), "%s", f->name);
	snprintf(k->help, sizeof(k->help), "%s", f->help);
	k->kind = f->kind;
	k->flags = f->flags;
	k->table = f->table;
	if (a) {
		k->attrs[k->nattrs++] = a;
		if (a->type != ST_AT_STR)
			k->flags |= COL_RIGHT;
	}
	c->n++;
}

/* A queue attribute's place in the help: the sysfs file it is read from. */
static void add_path(struct column *k, const struct st_attr *a)
{
	size_t len = strlen(k->help);

	snprintf(k->help + len, sizeof(k->help) - len,
		 a->read == ST_AR_COUNT ? "%sthe entries of %s%s/" : "%s%s%s", len ? ", " : "",
		 len ? "" : "sysfs ", a->path);
}

/*
 * The queue's columns: with defaults, one per column header of
 * st_queue_attrs; else one per entry read from one sysfs file that has no
 * header, a number or a word, named after its JSON key (max_sectors_kb:
 * MAX-SECTORS-KB).
 */
static void add_queue(struct catalogue *c, bool defaults)
{
	for (size_t i = 0; i < st_queue_attrs.n && c->n < MAX_COLS; i++) {
		const struct st_attr *a = &st_queue_attrs.v[i];
		struct column *k = &c->v[c->n];

		if (defaults && !a->column)
			continue;
		if (!defaults && (a->column || !a->key || !a->path || a->type == ST_AT_STRV ||
				  a->type == ST_AT_KV))
			continue;
		if (defaults && c->n && k[-1].table == &st_queue_attrs &&
		    strcmp(k[-1].name, a->column) == 0) {
			if (k[-1].nattrs < MAX_CELL_ATTRS) {
				k[-1].attrs[k[-1].nattrs++] = a;
				add_path(&k[-1], a);
			}
			continue;
		}
		memset(k, 0, sizeof(*k));
		snprintf(k->name, sizeof(k->name), "%s", defaults ? a->column : a->key);
		for (char *p = k->name; !defaults && *p; p++)
			*p = *p == '_' ? '-' : (char)toupper((unsigned char)*p);
		k->kind = CK_ATTRS;
		k->flags = (defaults ? COL_DEFAULT : 0) | (a->type != ST_AT_STR ? COL_RIGHT : 0);
		k->table = &st_queue_attrs;
		k->attrs[k->nattrs++] = a;
		add_path(k, a);
		c->n++;
	}
}

/* Every column, built from the tables once. */
static const struct catalogue *catalogue(void)
{
	static struct catalogue c;

	if (c.n)
		return &c;
	for (size_t i = 0; i < ST_ARRAY_SIZE(head_cols); i++)
		add_fixed(&c, &head_cols[i]);
	add_queue(&c, true);
	for (size_t i = 0; i < ST_ARRAY_SIZE(tail_cols); i++)
		add_fixed(&c, &tail_cols[i]);
	add_queue(&c, false);
	return &c;
}

/* The columns of one table, in the order shown; a column may appear twice. */
#define MAX_SEL 64

struct selection {
	size_t n;
	const struct column *v[MAX_SEL];
};

static const struct column *column_find(const struct catalogue *c, const char *name, size_t len)
{
	for (size_t i = 0; i < c->n; i++)
		if (strncasecmp(c->v[i].name, name, len) == 0 && c->v[i].name[len] == '\0')
			return &c->v[i];
	return NULL;
}

static void unknown_column(const struct catalogue *c, const char *word)
{
	const char *names[MAX_COLS], *best;
	struct st_buf list = { 0 };
	char *up = st_xstrdup(word);

	for (char *p = up; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	for (size_t i = 0; i < c->n; i++) {
		names[i] = c->v[i].name;
		st_buf_addf(&list, "%s%s", i ? ", " : "", names[i]);
	}
	best = st_closest(up, names, c->n);
	if (best)
		st_err("-o: unknown column '%s' (did you mean '%s'?); the columns are %s", word,
		       best, list.s);
	else
		st_err("-o: unknown column '%s'; the columns are %s", word, list.s);
	st_buf_free(&list);
	free(up);
}

/* -o LIST: NULL is the default columns, "+LIST" those and LIST's.  0, or
 * -EINVAL after an error that names the column. */
static int select_columns(const char *list, struct selection *s)
{
	const struct catalogue *c = catalogue();
	const char *p = list;

	s->n = 0;
	if (!list || *list == '+')
		for (size_t i = 0; i < c->n; i++)
			if (c->v[i].flags & COL_DEFAULT)
				s->v[s->n++] = &c->v[i];
	if (!list)
		return 0;
	for (p += *p == '+';; p++) {
		const char *end = strchrnul(p, ',');
		const struct column *k = column_find(c, p, (size_t)(end - p));

		if (end == p) {
			st_err("-o: an empty column name in '%s'", list);
			return -EINVAL;
		}
		if (!k) {
			char *word = st_xstrndup(p, (size_t)(end - p));

			unknown_column(c, word);
			free(word);
			return -EINVAL;
		}
		if (s->n == MAX_SEL) {
			st_err("-o: more than %d columns", MAX_SEL);
			return -EINVAL;
		}
		s->v[s->n++] = k;
		p = end;
		if (!*p)
			return 0;
	}
}

int st_report_probe_columns_check(const char *list)
{
	struct selection s;

	return select_columns(list, &s);
}

void st_report_probe_columns_help(FILE *out)
{
	const struct catalogue *c = catalogue();

	for (int pass = 0; pass < 2; pass++) {
		fputs(pass ? "\nMore columns (-o LIST chooses the columns, -o +LIST adds to the "
			     "default ones):\n"
			   : "\nColumns shown by default ('-' in a cell: none, or unknown):\n",
		      out);
		for (size_t i = 0; i < c->n; i++)
			if ((c->v[i].flags & COL_DEFAULT ? 0 : 1) == pass)
				fprintf(out, "  %-17s %s\n", c->v[i].name, c->v[i].help);
	}
}

#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_CYAN "\033[36m"

/* A cell of attributes: "-" when none is known, else the values joined
 * with '/' ("512/4096"), each unknown one as "-". */
static char *attrs_cell(const struct column *k, const void *base)
{
	struct st_buf b = { 0 };
	bool any = false;

	for (size_t i = 0; i < k->nattrs; i++) {
		struct st_attr_value v;

		st_attr_get(k->attrs[i], base, &v);
		any |= v.known;
		if (i)
			st_buf_adds(&b, "/");
		st_buf_adds(&b, st_attr_text(&v, "-"));
	}
	if (!any) {
		st_buf_free(&b);
		return st_xstrdup("-");
	}
	return st_buf_steal(&b);
}

/* The struct an attribute table describes, of dev. */
static const void *attr_base(const struct st_attr_table *t, const struct st_device *dev)
{
	if (t == &st_queue_attrs)
		return st_device_queue(dev);
	if (t == &st_fs_attrs)
		return &dev->fs;
	return dev; /* st_device_attrs, st_identity_attrs */
}

static char *raid_cell(const struct st_device *dev)
{
	const struct st_raid *r = dev->raid;
	char chunk[32] = "?";

	if (!r)
		return st_xstrdup("-");
	if (r->chunk_kb != ST_UNKNOWN)
		st_size_to_human(r->chunk_kb * 1024, chunk, sizeof(chunk));
	char *s;

	if (r->raid_disks == ST_UNKNOWN)
		s = st_xasprintf("%s ?x%s", r->level ? r->level : "md", chunk);
	else
		s = st_xasprintf("%s %" PRIu64 "x%s", r->level ? r->level : "md", r->raid_disks,
				 chunk);
	if (r->degraded != ST_UNKNOWN && r->degraded) {
		char *d = st_xasprintf("%s degraded(%" PRIu64 ")", s, r->degraded);
		free(s);
		s = d;
	}
	return s;
}

static char *align_cell(const struct st_device *dev, const char **color)
{
	const struct st_partinfo *p = dev->part;

	if (!p)
		return st_xstrdup("-");
	if (p->aligned_physical == 0 || p->aligned_opt_io == 0 || p->aligned_stripe == 0) {
		*color = ANSI_RED;
		return st_xstrdup("MISALIGNED");
	}
	if (p->aligned_physical == ST_TRI_UNKNOWN)
		return st_xstrdup("unknown");
	return st_xstrdup("ok");
}

static const char *class_color(enum st_class c)
{
	switch (c) {
	case ST_CLASS_NVME:
	case ST_CLASS_SSD:
		return ANSI_GREEN;
	case ST_CLASS_HDD:
		return ANSI_YELLOW;
	case ST_CLASS_VIRTUAL:
	case ST_CLASS_NETWORK:
		return ANSI_CYAN;
	case ST_CLASS_UNKNOWN:
		return ANSI_RED;
	default:
		return NULL;
	}
}

static char *mounts_cell(const struct st_device *dev)
{
	char **targets = NULL, *s;

	if (!dev->mounts.n)
		return st_xstrdup("-");
	for (size_t i = 0; i < dev->mounts.n; i++)
		st_strv_push(&targets, dev->mounts.v[i]->target);
	s = st_strv_join(targets, ",");
	st_strv_free(targets);
	return s;
}

static char *cell_text(const struct column *k, const struct st_device *dev, const char **color)
{
	char size[32];

	*color = NULL;
	switch (k->kind) {
	case CK_NAME:
		return st_xstrdup(dev->name);
	case CK_CLASS:
		*color = class_color(dev->class);
		return st_xstrdup(st_class_name(dev->class));
	case CK_SIZE:
		if (dev->size == ST_UNKNOWN)
			return st_xstrdup("-");
		st_size_to_human(dev->size, size, sizeof(size));
		return st_xstrdup(size);
	case CK_RAID:
		return raid_cell(dev);
	case CK_ALIGN:
		return align_cell(dev, color);
	case CK_MOUNTS:
		return mounts_cell(dev);
	default:
		return attrs_cell(k, attr_base(k->table, dev));
	}
}

struct table {
	const struct st_report_opts *o;
	struct st_table_opts to;
	struct selection sel;
	struct libscols_table *tb;
	int tree;            /* the column drawn as a tree (the first NAME), or -1 */
	struct st_devv rows; /* the device of each line, in order */
};

static bool human(const struct st_report_opts *o)
{
	return !o->raw && !o->pairs;
}

static int add_columns(struct table *t)
{
	t->tree = -1;
	for (size_t i = 0; i < t->sel.n; i++) {
		const struct column *k = t->sel.v[i];
		unsigned flags = 0;

		if (k->flags & COL_RIGHT)
			flags |= ST_COL_RIGHT;
		if (k->flags & COL_TRUNC)
			flags |= ST_COL_TRUNC;
		/* --raw and --pairs print the tree's art too: lsblk drops the tree there */
		if (k->kind == CK_NAME && t->tree < 0 && human(t->o)) {
			flags |= ST_COL_TREE;
			t->tree = (int)i;
		}
		if (!st_table_column(t->tb, &t->to, k->name, flags))
			return -ENOMEM;
	}
	return 0;
}

static int new_table(struct table *t, FILE *out)
{
	const struct st_report_opts *o = t->o;

	t->to = (struct st_table_opts){ .fit = o->fit, .width = o->width, .color = o->color,
					.utf8 = o->utf8, .raw = o->raw, .pairs = o->pairs };
	t->tb = st_table_new(out, &t->to);
	return t->tb ? add_columns(t) : -ENOMEM;
}

static int add_line(struct table *t, const struct st_device *dev, struct libscols_line *parent,
		    struct libscols_line **line)
{
	struct libscols_line *ln = scols_table_new_line(t->tb, t->tree >= 0 ? parent : NULL);

	if (!ln)
		return -ENOMEM;
	for (size_t i = 0; i < t->sel.n; i++) {
		const char *color;
		char *s = cell_text(t->sel.v[i], dev, &color);

		if (scols_line_refer_data(ln, i, s) < 0) {
			free(s);
			return -ENOMEM;
		}
		if (color && t->o->color &&
		    scols_cell_set_color(scols_line_get_cell(ln, i), color) < 0)
			return -ENOMEM;
	}
	st_devv_push(&t->rows, (struct st_device *)dev);
	*line = ln;
	return 0;
}

static int walk(struct table *t, const struct st_device *dev, struct libscols_line *parent,
		unsigned depth)
{
	struct libscols_line *ln;
	int rc = add_line(t, dev, parent, &ln);

	for (size_t i = 0; rc == 0 && depth < MAX_TREE_DEPTH && i < nchildren(dev); i++)
		rc = walk(t, child(dev, i), ln, depth + 1);
	return rc;
}

static void print_kv(FILE *out, const char *key, const char *val)
{
	fprintf(out, "  %-11s %s\n", key, val);
}

static void u64s(char *buf, size_t sz, uint64_t v)
{
	if (v == ST_UNKNOWN)
		snprintf(buf, sz, "unknown");
	else
		snprintf(buf, sz, "%" PRIu64, v);
}

/* "aligned to RAID stripe (1048576 bytes): NO, 32256 bytes past a boundary" */
static void print_alignment(FILE *out, const char *what, uint64_t offset, uint64_t unit,
			    int aligned)
{
	if (aligned == ST_TRI_UNKNOWN)
		return;
	fprintf(out, "  %-11s aligned to %s (%" PRIu64 " bytes): %s", "", what, unit,
		aligned ? "yes" : "NO");
	if (!aligned)
		fprintf(out, ", %" PRIu64 " bytes past a boundary", offset % unit);
	fputc('\n', out);
}

/* The heading, the class with its reasons, identity, stable id, transport. */
static void print_heading(FILE *out, const struct st_device *dev)
{
	const struct st_device *whole = dev->kind == ST_KIND_PART && dev->disk ? dev->disk : dev;
	char size[32];
	char *s;

	if (dev->size == ST_UNKNOWN)
		strcpy(size, "unknown size");
	else
		st_size_to_human(dev->size, size, sizeof(size));
	fprintf(out, "\n%s (%s, %u:%u, %s, %s)\n", dev->name, dev->kname, dev->maj, dev->min,
		dev->type, size);
	s = st_strv_join(dev->class_reasons, "; ");
	fprintf(out, "  %-11s %s: %s\n", "class", st_class_name(dev->class), s);
	free(s);
	if (dev->model || dev->vendor || dev->serial || dev->wwn)
		fprintf(out, "  %-11s model %s, vendor %s, serial %s, wwn %s\n", "identity",
			dev->model ? dev->model : "-", dev->vendor ? dev->vendor : "-",
			dev->serial ? dev->serial : "-", dev->wwn ? dev->wwn : "-");
	print_kv(out, "stable id", dev->stable_id ? dev->stable_id : "none");
	if (whole->kind == ST_KIND_DISK || whole->kind == ST_KIND_ROM)
		print_kv(out, "transport",
			 st_device_transport(dev) ? st_device_transport(dev) : "unknown");
}

/*
 * The queue attributes that have a label, on the lines and in the places
 * their entries give: "label value" pairs separated by ", ", a PAREN one as
 * " (label value)".  The first line is headed "queue".
 */
static void print_queue_lines(FILE *out, const struct st_queue *q)
{
	const char *head = "queue";
	unsigned maxline = 0, maxpos = 0;

	for (size_t i = 0; i < st_queue_attrs.n; i++) {
		const struct st_attr *a = &st_queue_attrs.v[i];

		if (a->label && a->line > maxline)
			maxline = a->line;
		if (a->label && a->pos > maxpos)
			maxpos = a->pos;
	}
	for (unsigned line = 1; line <= maxline; line++) {
		bool first = true;

		for (unsigned pos = 0; pos <= maxpos; pos++) {
			for (size_t i = 0; i < st_queue_attrs.n; i++) {
				const struct st_attr *a = &st_queue_attrs.v[i];
				struct st_attr_value v;

				if (!a->label || a->line != line || a->pos != pos)
					continue;
				st_attr_get(a, q, &v);
				if (first)
					fprintf(out, "  %-11s ", head);
				fprintf(out, a->flags & ST_ATTR_PAREN ? "%s(%s %s)" : "%s%s %s",
					first ? "" : a->flags & ST_ATTR_PAREN ? " " : ", ", a->label,
					st_attr_text(&v, "unknown"));
				first = false;
			}
		}
		if (!first) {
			fputc('\n', out);
			head = "";
		}
	}
}

static void print_queue(FILE *out, const struct st_device *dev, const struct st_queue *q)
{
	char *choices;

	if (dev->kind == ST_KIND_PART && dev->disk) {
		fprintf(out, "  %-11s that of %s: a partition has no queue of its own\n", "queue",
			dev->disk->name);
		return;
	}
	if (!q->present)
		return;
	choices = q->has_scheduler ? st_strv_join(q->schedulers, " ") : NULL;
	if (q->scheduler)
		fprintf(out, "  %-11s %s (available: %s)\n", "scheduler", q->scheduler, choices);
	else
		print_kv(out, "scheduler", "- (this queue offers no scheduler to choose)");
	free(choices);
	print_queue_lines(out, q);
	if (q->iosched.n) {
		fprintf(out, "  %-11s", "iosched");
		for (size_t i = 0; i < q->iosched.n; i++)
			fprintf(out, " %s=%s", q->iosched.v[i].key, q->iosched.v[i].value);
		fputc('\n', out);
	}
}

static void print_partition(FILE *out, const struct st_partinfo *p, const struct st_queue *q)
{
	if (p->start == ST_UNKNOWN) {
		print_kv(out, "partition", "start sector unknown");
		return;
	}
	fprintf(out, "  %-11s start sector %" PRIu64 " (byte %" PRIu64 ")\n", "partition",
		p->start, p->start * ST_SECTOR);
	print_alignment(out, "physical block", p->start * ST_SECTOR, q->physical_block_size,
			p->aligned_physical);
	print_alignment(out, "optimal I/O size", p->start * ST_SECTOR, q->opt_io, p->aligned_opt_io);
	print_alignment(out, "RAID stripe", p->start * ST_SECTOR, p->stripe_bytes,
			p->aligned_stripe);
}

static void print_raid(FILE *out, const struct st_raid *r)
{
	char a[32], b[32], c[32], d[32];
	char *m = st_strv_join(r->members, " ");

	u64s(a, sizeof(a), r->chunk_kb);
	u64s(b, sizeof(b), r->raid_disks);
	u64s(c, sizeof(c), r->data_disks);
	u64s(d, sizeof(d), r->degraded);
	fprintf(out,
		"  %-11s %s, chunk %s KiB, %s disks (%s with data per stripe), layout %s, "
		"degraded %s, members %s\n",
		"raid", r->level ? r->level : "unknown", a, b, c,
		r->layout_name ? r->layout_name : "-", d, *m ? m : "-");
	free(m);
}

static const char *tri_word(int t, const char *yes, const char *no)
{
	return t == ST_TRI_UNKNOWN ? "unknown" : t ? yes : no;
}

/* bcache or dm-cache: the role, the mode and the dirty data; dm-crypt:
 * discards and its crypttab entry */
static void print_cache_crypt(FILE *out, const struct st_device *dev)
{
	const struct st_cache *c = dev->cache;
	const struct st_crypt *k = dev->crypt;

	if (c) {
		char dirty[32] = "unknown";

		if (c->dirty != ST_UNKNOWN)
			st_size_to_human(c->dirty, dirty, sizeof(dirty));
		fprintf(out, "  %-11s %s %s: cached %s, backing %s, cache %s (%s), mode %s, state %s, "
			"dirty %s\n", "cache", c->type, c->role, c->cached ? c->cached : "-",
			c->backing ? c->backing : "-", c->cache_dev ? c->cache_dev : "-",
			tri_word(c->redundant, "redundant", "not redundant"),
			c->mode ? c->mode : "unknown", c->state ? c->state : "unknown", dirty);
	}
	if (k)
		fprintf(out, "  %-11s %s, discards %s (device below: %s), crypttab %s%s%s\n", "crypt",
			k->name, tri_word(k->discard, "passed", "not passed"),
			tri_word(k->below_discard, "accepts them", "does not"),
			tri_word(k->crypttab, "entry", "has no entry"), k->options ? " " : "",
			k->options ? k->options : "");
}

/* dm, loop, the leaves under a stack, the filesystem and its mounts */
static void print_stack_and_fs(FILE *out, const struct st_device *dev)
{
	if (dev->dm)
		fprintf(out, "  %-11s %s, name %s, uuid %s\n", "dm", dev->dm->subsystem,
			dev->dm->name ? dev->dm->name : "-", dev->dm->uuid ? dev->dm->uuid : "-");
	if (dev->loop)
		fprintf(out, "  %-11s backing file %s%s%s, direct I/O %s\n", "loop",
			dev->loop->backing_file ? dev->loop->backing_file : "none",
			dev->loop->backing_dev ? " on " : "",
			dev->loop->backing_dev ? dev->loop->backing_dev->kname : "",
			dev->loop->dio == ST_TRI_UNKNOWN ? "unknown" : dev->loop->dio ? "on" : "off");
	print_cache_crypt(out, dev);
	if (dev->leaves.n && !(dev->leaves.n == 1 && dev->leaves.v[0] == dev)) {
		char **names = NULL, *s;

		for (size_t i = 0; i < dev->leaves.n; i++)
			st_strv_push(&names, dev->leaves.v[i]->kname);
		s = st_strv_join(names, " ");
		print_kv(out, "leaves", s);
		free(s);
		st_strv_free(names);
	}
	if (dev->fs.type)
		fprintf(out, "  %-11s %s, uuid %s, label %s (from %s)\n", "filesystem", dev->fs.type,
			dev->fs.uuid ? dev->fs.uuid : "-", dev->fs.label ? dev->fs.label : "-",
			dev->fs.source ? dev->fs.source : "?");
	for (size_t i = 0; i < dev->mounts.n; i++) {
		const struct st_mount *m = dev->mounts.v[i];

		fprintf(out, "  %-11s %s %s%s%s%s%s\n", i ? "" : "mounts", m->target,
			m->fstype ? m->fstype : "-", m->options ? " " : "", m->options ? m->options : "",
			m->fstab_options ? "; fstab: " : "", m->fstab_options ? m->fstab_options : "");
	}
}

static void print_details(FILE *out, const struct st_device *dev)
{
	const struct st_queue *q = st_device_queue(dev);

	print_heading(out, dev);
	print_queue(out, dev, q);
	if (dev->part)
		print_partition(out, dev->part, q);
	if (dev->raid)
		print_raid(out, dev->raid);
	print_stack_and_fs(out, dev);
}


/* md arrays appear under each member; describe every device once */
static void print_all_details(FILE *out, const struct st_devv *rows)
{
	struct st_devv shown = { 0 };

	for (size_t r = 0; r < rows->n; r++) {
		if (st_devv_contains(&shown, rows->v[r]))
			continue;
		st_devv_push(&shown, rows->v[r]);
		print_details(out, rows->v[r]);
	}
	free(shown.v);
}

/*
 * The default columns gain ZONED, after the queue's, when a disk shown is
 * zoned: a host-managed disk takes only sequential writes in its zones, and
 * lsblk users look for that column (lsblk -z).  Without zoned disks it would
 * be a column of "none".
 */
static void add_zoned_column(struct selection *s, const struct st_devv *roots)
{
	const struct column *zoned = column_find(catalogue(), "ZONED", 5);
	size_t at = 0;
	bool any = false;

	for (size_t i = 0; i < roots->n && !any; i++)
		any = roots->v[i]->queue.zoned && strcmp(roots->v[i]->queue.zoned, "none") != 0;
	if (!any || !zoned || s->n == MAX_SEL)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i]->table == &st_queue_attrs)
			at = i + 1;
	memmove(&s->v[at + 1], &s->v[at], (s->n - at) * sizeof(s->v[0]));
	s->v[at] = zoned;
	s->n++;
}

int st_report_probe_text(FILE *out, const struct st_system *sys ST_UNUSED,
			 const struct st_devv *roots, const struct st_report_opts *o)
{
	struct table t = { .o = o };
	int rc = select_columns(o->columns, &t.sel);

	if (rc == 0 && !o->columns)
		add_zoned_column(&t.sel, roots);
	if (rc == 0)
		rc = new_table(&t, out);
	for (size_t i = 0; rc == 0 && i < roots->n; i++)
		rc = walk(&t, roots->v[i], NULL, 0);
	if (rc == 0)
		rc = st_table_print(t.tb, &t.to, NULL);
	if (rc == 0 && o->verbose)
		print_all_details(out, &t.rows);
	scols_unref_table(t.tb);
	free(t.rows.v);
	if (rc == 0 && ferror(out))
		rc = -EIO;
	return rc;
}

int st_report_capture(FILE *out, const char *file, const struct st_capture_counts *c, bool json)
{
	struct json_object *o;

	if (!json) {
		fprintf(out, "captured %zu files, %zu directories and %zu symlinks into %s%s\n", c->files,
			c->dirs, c->links, file, c->skipped ? " (some files skipped, see above)" : "");
		return ferror(out) ? -EIO : 0;
	}
	o = json_object_new_object();
	json_object_object_add(o, "archive", st_json_str(file));
	json_object_object_add(o, "files", json_object_new_uint64(c->files));
	json_object_object_add(o, "directories", json_object_new_uint64(c->dirs));
	json_object_object_add(o, "symlinks", json_object_new_uint64(c->links));
	json_object_object_add(o, "skipped", json_object_new_uint64(c->skipped));
	st_json_write(out, o);
	return ferror(out) ? -EIO : 0;
}
