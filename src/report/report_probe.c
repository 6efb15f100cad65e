/*
 * report_probe.c - owns the `stortune probe` output: the device tree as
 * aligned text columns (children nested as lsblk nests them: partitions, then
 * the devices built on this one), the optional per-device details, and the
 * JSON document whose keys later stages and scripts rely on.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "st_attr.h"
#include "st_capture.h"
#include "st_json.h"
#include "st_report_probe.h"
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

static struct json_object *j_strv(char *const *v)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; v && v[i]; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static struct json_object *j_devnames(const struct st_devv *v)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < v->n; i++)
		json_object_array_add(a, json_object_new_string(v->v[i]->kname));
	return a;
}

/* Keys are string literals, each added once: json-c need not copy or look
 * them up (a large share of probe --json's time on big machines). */
#define ADD(o, k, v)                                                                               \
	json_object_object_add_ex(o, k, v,                                                         \
				  JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_ADD_CONSTANT_KEY)

/* A key-value list: numbers as numbers, anything else as text; null when
 * empty. */
static struct json_object *j_kv(const struct st_kvlist *kv)
{
	struct json_object *x;

	if (!kv->n)
		return NULL;
	x = json_object_new_object();
	for (size_t i = 0; i < kv->n; i++) {
		uint64_t n;
		const char *v = kv->v[i].value;

		json_object_object_add(x, kv->v[i].key,
				       st_parse_u64(v, &n) == 0 ? json_object_new_uint64(n)
								: st_json_str(v));
	}
	return x;
}

static struct json_object *j_value(const struct st_attr *a, const struct st_attr_value *v)
{
	if (v->type == ST_AT_STRV && !v->known && (a->flags & ST_ATTR_EMPTY_LIST))
		return json_object_new_array();
	if (v->type == ST_AT_KV)
		return v->kv ? j_kv(v->kv) : NULL;
	if (!v->known)
		return NULL;
	switch (v->type) {
	case ST_AT_U64:
		return json_object_new_uint64(v->u);
	case ST_AT_TRI:
		return json_object_new_boolean(v->tri);
	case ST_AT_STRV:
		return j_strv(v->v);
	default:
		return json_object_new_string(v->s);
	}
}

/* Every attribute of t that has a key, from the struct at base, in table
 * order. */
static void j_attrs(struct json_object *o, const struct st_attr_table *t, const void *base)
{
	for (size_t i = 0; i < t->n; i++) {
		struct st_attr_value v;

		if (!t->v[i].key)
			continue;
		st_attr_get(&t->v[i], base, &v);
		ADD(o, t->v[i].key, j_value(&t->v[i], &v));
	}
}

/* The sub-object of a struct that only some devices have; null without. */
static struct json_object *j_sub(const struct st_attr_table *t, const void *base)
{
	struct json_object *o;

	if (!base)
		return NULL;
	o = json_object_new_object();
	j_attrs(o, t, base);
	return o;
}

static struct json_object *j_mount(const struct st_mount *m)
{
	return j_sub(&st_mount_attrs, m);
}

static struct json_object *j_device(const struct st_device *dev, const struct st_device *parent,
				    unsigned depth)
{
	struct json_object *o = json_object_new_object(), *x;

	j_attrs(o, &st_device_attrs, dev);
	j_attrs(o, &st_queue_attrs, st_device_queue(dev));
	j_attrs(o, &st_identity_attrs, dev);
	ADD(o, "parent", parent ? st_json_str(parent->kname) : NULL);
	ADD(o, "slaves", j_devnames(&dev->slaves));
	ADD(o, "leaves", j_devnames(&dev->leaves));
	ADD(o, "partition", j_sub(&st_part_attrs, dev->part));
	ADD(o, "raid", j_sub(&st_raid_attrs, dev->raid));
	ADD(o, "dm", j_sub(&st_dm_attrs, dev->dm));
	ADD(o, "loop", j_sub(&st_loop_attrs, dev->loop));
	j_attrs(o, &st_fs_attrs, &dev->fs);
	x = json_object_new_array();
	for (size_t i = 0; i < dev->mounts.n; i++)
		json_object_array_add(x, j_mount(dev->mounts.v[i]));
	ADD(o, "mounts", x);

	if (nchildren(dev) && depth < MAX_TREE_DEPTH) {
		x = json_object_new_array();
		for (size_t i = 0; i < nchildren(dev); i++)
			json_object_array_add(x, j_device(child(dev, i), dev, depth + 1));
		ADD(o, "children", x);
	}
	return o;
}

static struct json_object *j_system(const struct st_system *sys)
{
	struct json_object *o = json_object_new_object();

	ADD(o, "vm", j_sub(&st_vm_attrs, &sys->vm));
	j_attrs(o, &st_system_attrs, sys);
	ADD(o, "virtualization", j_sub(&st_virt_attrs, &sys->virt));
	return o;
}

#define JSON_FLAGS ST_JSON_FLAGS

/* Prints json-c's rendering of o as if nested `depth` levels deep: its
 * pretty printer indents two spaces a level, and a JSON string never holds
 * a raw newline, so every newline is followed by the extra indentation. */
static void put_nested(FILE *out, struct json_object *o, unsigned depth)
{
	static const char spaces[] = "        ";
	const char *s = json_object_to_json_string_ext(o, JSON_FLAGS);
	size_t pad = depth * 2 < sizeof(spaces) - 1 ? depth * 2 : sizeof(spaces) - 1;

	for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
		fwrite(s, 1, (size_t)(nl + 1 - s), out);
		fwrite(spaces, 1, pad, out);
	}
	fputs(s, out);
}

int st_report_probe_json_write(FILE *out, const struct st_system *sys, const struct st_devv *roots)
{
	struct json_object *o;

	/* the frame json-c prints for {"devices": [...], "system": {...}} */
	fputs("{\n  \"devices\": [\n", out);
	for (size_t i = 0; i < roots->n; i++) {
		fputs(i ? ",\n    " : "    ", out);
		o = j_device(roots->v[i], NULL, 0);
		put_nested(out, o, 2);
		json_object_put(o);
	}
	fputs(roots->n ? "\n  ],\n  \"system\": " : "  ],\n  \"system\": ", out);
	o = j_system(sys);
	put_nested(out, o, 1);
	json_object_put(o);
	fputs("\n}\n", out);
	return ferror(out) ? -EIO : 0;
}

struct json_object *st_report_probe_json(const struct st_system *sys, const struct st_devv *roots)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();

	for (size_t i = 0; i < roots->n; i++)
		json_object_array_add(a, j_device(roots->v[i], NULL, 0));
	ADD(o, "devices", a);
	ADD(o, "system", j_system(sys));
	return o;
}

/* ---- text ---- */

/*
 * The table's columns: the device's own, then one for each column header of
 * st_queue_attrs in table order (entries that share a header share the
 * cell: LOG/PHY), then the stack and the filesystem.
 */
enum { COL_NAME, COL_TYPE, COL_CLASS, COL_TRAN, COL_SIZE, COL_HEAD_NR };
enum { COL_RAID, COL_ALIGN, COL_FSTYPE, COL_MOUNTS, COL_TAIL_NR };

struct colspec {
	const char *header;
	bool right;
};

static const struct colspec head_cols[COL_HEAD_NR] = {
	[COL_NAME] = { "NAME", false }, [COL_TYPE] = { "TYPE", false },
	[COL_CLASS] = { "CLASS", false }, [COL_TRAN] = { "TRAN", false },
	[COL_SIZE] = { "SIZE", true },
};
static const struct colspec tail_cols[COL_TAIL_NR] = {
	[COL_RAID] = { "RAID", false }, [COL_ALIGN] = { "ALIGN", false },
	[COL_FSTYPE] = { "FSTYPE", false }, [COL_MOUNTS] = { "MOUNTS", false },
};

#define MAX_COLS 32
#define MAX_CELL_ATTRS 4

struct columns {
	size_t n, nqueue;
	struct colspec spec[MAX_COLS];
	/* queue columns (COL_HEAD_NR ..): the attributes shown in each */
	const struct st_attr *attrs[MAX_COLS][MAX_CELL_ATTRS];
	size_t nattrs[MAX_COLS];
};

static void columns_init(struct columns *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < COL_HEAD_NR; i++)
		c->spec[c->n++] = head_cols[i];
	for (size_t i = 0; i < st_queue_attrs.n; i++) {
		const struct st_attr *a = &st_queue_attrs.v[i];
		size_t k = c->n - 1;

		if (!a->column)
			continue;
		if (c->nqueue == 0 || strcmp(c->spec[k].header, a->column) != 0) {
			k = c->n++;
			c->nqueue++;
			c->spec[k] = (struct colspec){ a->column, a->type != ST_AT_STR };
		}
		if (c->nattrs[k] < MAX_CELL_ATTRS)
			c->attrs[k][c->nattrs[k]++] = a;
	}
	for (size_t i = 0; i < COL_TAIL_NR; i++)
		c->spec[c->n++] = tail_cols[i];
}

#define ANSI_BOLD "\033[1m"
#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_CYAN "\033[36m"
#define ANSI_RESET "\033[0m"

struct row {
	const struct st_device *dev;
	char *cell[MAX_COLS];
	const char *color[MAX_COLS];
};

struct table {
	struct columns cols;
	struct row *rows;
	size_t n, cap;
};

/* A queue cell: "-" when nothing in it is known, else the values joined
 * with '/' ("512/4096"), each unknown one as "-". */
static char *queue_cell(const struct columns *c, size_t col, const struct st_queue *q)
{
	struct st_buf b = { 0 };
	bool any = false;

	for (size_t i = 0; i < c->nattrs[col]; i++) {
		struct st_attr_value v;

		st_attr_get(c->attrs[col][i], q, &v);
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

static void add_row(struct table *t, const struct st_device *dev, const char *prefix)
{
	const struct st_queue *q = st_device_queue(dev);
	const struct columns *c = &t->cols;
	size_t tail = COL_HEAD_NR + c->nqueue;
	struct row *r;
	char size[32];

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->rows = st_xrealloc(t->rows, t->cap * sizeof(*t->rows));
	}
	r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	r->dev = dev;
	r->cell[COL_NAME] = st_xasprintf("%s%s", prefix, dev->name);
	r->cell[COL_TYPE] = st_xstrdup(dev->type ? dev->type : "-");
	r->cell[COL_CLASS] = st_xstrdup(st_class_name(dev->class));
	r->color[COL_CLASS] = class_color(dev->class);
	r->cell[COL_TRAN] = st_xstrdup(st_device_transport(dev) ? st_device_transport(dev) : "-");
	if (dev->size == ST_UNKNOWN)
		strcpy(size, "-");
	else
		st_size_to_human(dev->size, size, sizeof(size));
	r->cell[COL_SIZE] = st_xstrdup(size);
	for (size_t k = COL_HEAD_NR; k < tail; k++)
		r->cell[k] = queue_cell(c, k, q);
	r->cell[tail + COL_RAID] = raid_cell(dev);
	r->cell[tail + COL_ALIGN] = align_cell(dev, &r->color[tail + COL_ALIGN]);
	r->cell[tail + COL_FSTYPE] = st_xstrdup(dev->fs.type ? dev->fs.type : "-");
	r->cell[tail + COL_MOUNTS] = mounts_cell(dev);
}

static void walk(struct table *t, const struct st_device *dev, char *indent, unsigned depth,
		 bool last, const struct st_report_opts *o)
{
	const char *branch = o->utf8 ? (last ? "└─" : "├─") : (last ? "`-" : "|-");
	const char *pipe = o->utf8 ? "│ " : "| ";
	char *prefix = depth ? st_xasprintf("%s%s", indent, branch) : st_xstrdup("");
	char *next = depth ? st_xasprintf("%s%s", indent, last ? "  " : pipe) : st_xstrdup("");

	add_row(t, dev, prefix);
	if (depth < MAX_TREE_DEPTH)
		for (size_t i = 0; i < nchildren(dev); i++)
			walk(t, child(dev, i), next, depth + 1, i + 1 == nchildren(dev), o);
	free(prefix);
	free(next);
}

/* Display width: count UTF-8 lead bytes, not continuation bytes. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void print_cell(FILE *out, const char *s, size_t w, bool right, const char *color,
		       bool last)
{
	size_t pad = w - width(s);

	if (right)
		fprintf(out, "%*s", (int)pad, "");
	if (color)
		fprintf(out, "%s%s%s", color, s, ANSI_RESET);
	else
		fputs(s, out);
	if (!right && !last)
		fprintf(out, "%*s", (int)pad, "");
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

/* dm, loop, the leaves under a stack, the filesystem and its mounts */
static void print_stack_and_fs(FILE *out, const struct st_device *dev)
{
	if (dev->dm)
		fprintf(out, "  %-11s %s, name %s, uuid %s\n", "dm", dev->dm->subsystem,
			dev->dm->name ? dev->dm->name : "-", dev->dm->uuid ? dev->dm->uuid : "-");
	if (dev->loop)
		fprintf(out, "  %-11s backing file %s, direct I/O %s\n", "loop",
			dev->loop->backing_file ? dev->loop->backing_file : "none",
			dev->loop->dio == ST_TRI_UNKNOWN ? "unknown" : dev->loop->dio ? "on" : "off");
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

static void print_table(FILE *out, const struct table *t, const struct st_report_opts *o)
{
	const struct columns *c = &t->cols;
	size_t w[MAX_COLS];

	for (size_t k = 0; k < c->n; k++) {
		w[k] = strlen(c->spec[k].header);
		for (size_t r = 0; r < t->n; r++)
			if (width(t->rows[r].cell[k]) > w[k])
				w[k] = width(t->rows[r].cell[k]);
	}
	if (o->color)
		fputs(ANSI_BOLD, out);
	for (size_t k = 0; k < c->n; k++) {
		if (k)
			fputc(' ', out);
		print_cell(out, c->spec[k].header, w[k], c->spec[k].right, NULL, k + 1 == c->n);
	}
	if (o->color)
		fputs(ANSI_RESET, out);
	fputc('\n', out);
	for (size_t r = 0; r < t->n; r++) {
		for (size_t k = 0; k < c->n; k++) {
			if (k)
				fputc(' ', out);
			print_cell(out, t->rows[r].cell[k], w[k], c->spec[k].right,
				   o->color ? t->rows[r].color[k] : NULL, k + 1 == c->n);
		}
		fputc('\n', out);
	}
}

int st_report_probe_text(FILE *out, const struct st_system *sys ST_UNUSED,
			 const struct st_devv *roots, const struct st_report_opts *o)
{
	struct table t = { 0 };
	struct st_devv shown = { 0 };

	columns_init(&t.cols);
	for (size_t i = 0; i < roots->n; i++)
		walk(&t, roots->v[i], "", 0, true, o);
	print_table(out, &t, o);
	/* md arrays appear under each member; describe every device once */
	if (o->verbose) {
		for (size_t r = 0; r < t.n; r++) {
			if (st_devv_contains(&shown, t.rows[r].dev))
				continue;
			st_devv_push(&shown, (struct st_device *)t.rows[r].dev);
			print_details(out, t.rows[r].dev);
		}
	}
	free(shown.v);
	for (size_t r = 0; r < t.n; r++)
		for (size_t k = 0; k < t.cols.n; k++)
			free(t.rows[r].cell[k]);
	free(t.rows);
	return ferror(out) ? -EIO : 0;
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
