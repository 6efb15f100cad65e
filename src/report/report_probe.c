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

#include "st_json.h"
#include "st_report_probe.h"
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

static struct json_object *j_u64(uint64_t v)
{
	return v == ST_UNKNOWN ? NULL : json_object_new_uint64(v);
}

static struct json_object *j_tri(int v)
{
	return v == ST_TRI_UNKNOWN ? NULL : json_object_new_boolean(v);
}

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

static struct json_object *j_mount(const struct st_mount *m)
{
	struct json_object *o = json_object_new_object();

	ADD(o, "target", st_json_str(m->target));
	ADD(o, "source", st_json_str(m->source));
	ADD(o, "fstype", st_json_str(m->fstype));
	ADD(o, "options", st_json_str(m->options));
	ADD(o, "root", st_json_str(m->root));
	ADD(o, "atime", st_json_str(m->atime));
	ADD(o, "barrier", j_tri(m->barrier));
	ADD(o, "commit", j_u64(m->commit_s));
	ADD(o, "data", st_json_str(m->data_mode));
	ADD(o, "discard", j_tri(m->discard));
	ADD(o, "sunit", j_u64(m->sunit));
	ADD(o, "swidth", j_u64(m->swidth));
	ADD(o, "stripe", j_u64(m->stripe));
	ADD(o, "fstab_options", st_json_str(m->fstab_options));
	return o;
}

static struct json_object *j_device(const struct st_device *dev, const struct st_device *parent,
				    unsigned depth)
{
	const struct st_queue *q = st_device_queue(dev);
	struct json_object *o = json_object_new_object(), *x;
	char devno[32];

	snprintf(devno, sizeof(devno), "%u:%u", dev->maj, dev->min);
	ADD(o, "name", st_json_str(dev->name));
	ADD(o, "kname", st_json_str(dev->kname));
	ADD(o, "maj_min", json_object_new_string(devno));
	ADD(o, "type", st_json_str(dev->type));
	ADD(o, "class", json_object_new_string(st_class_name(dev->class)));
	ADD(o, "class_reasons", j_strv(dev->class_reasons));
	ADD(o, "size", j_u64(dev->size));
	ADD(o, "ro", j_tri(dev->ro));
	ADD(o, "removable", j_tri(dev->kind == ST_KIND_PART && dev->disk ? dev->disk->removable
								       : dev->removable));
	ADD(o, "rotational", j_tri(q->rotational));
	ADD(o, "scheduler", st_json_str(q->scheduler));
	ADD(o, "schedulers", q->has_scheduler ? j_strv(q->schedulers) : NULL);
	ADD(o, "nr_requests", j_u64(q->nr_requests));
	ADD(o, "read_ahead_kb", j_u64(q->read_ahead_kb));
	ADD(o, "max_sectors_kb", j_u64(q->max_sectors_kb));
	ADD(o, "max_hw_sectors_kb", j_u64(q->max_hw_sectors_kb));
	ADD(o, "logical_block_size", j_u64(q->logical_block_size));
	ADD(o, "physical_block_size", j_u64(q->physical_block_size));
	ADD(o, "min_io", j_u64(q->min_io));
	ADD(o, "opt_io", j_u64(q->opt_io));
	ADD(o, "write_cache", st_json_str(q->write_cache));
	ADD(o, "discard_max_bytes", j_u64(q->discard_max_bytes));
	ADD(o, "zoned", st_json_str(q->zoned));
	ADD(o, "rq_affinity", j_u64(q->rq_affinity));
	ADD(o, "nomerges", j_u64(q->nomerges));
	ADD(o, "wbt_lat_usec", j_u64(q->wbt_lat_usec));
	ADD(o, "add_random", j_u64(q->add_random));
	x = NULL;
	if (q->iosched.n) {
		x = json_object_new_object();
		for (size_t i = 0; i < q->iosched.n; i++) {
			uint64_t n;
			const char *v = q->iosched.v[i].value;

			json_object_object_add(x, q->iosched.v[i].key,
					       st_parse_u64(v, &n) == 0 ? json_object_new_uint64(n)
									: st_json_str(v));
		}
	}
	ADD(o, "iosched", x);
	ADD(o, "hw_queues", j_u64(q->hw_queues));
	ADD(o, "queue_depth", j_u64(q->queue_depth));
	ADD(o, "transport", st_json_str(st_device_transport(dev)));
	ADD(o, "model", st_json_str(dev->model));
	ADD(o, "vendor", st_json_str(dev->vendor));
	ADD(o, "serial", st_json_str(dev->serial));
	ADD(o, "wwn", st_json_str(dev->wwn));
	ADD(o, "rev", st_json_str(dev->rev));
	ADD(o, "stable_id", st_json_str(dev->stable_id));
	ADD(o, "parent", parent ? st_json_str(parent->kname) : NULL);
	ADD(o, "slaves", j_devnames(&dev->slaves));
	ADD(o, "leaves", j_devnames(&dev->leaves));

	x = NULL;
	if (dev->part) {
		const struct st_partinfo *p = dev->part;

		x = json_object_new_object();
		ADD(x, "number", j_u64(p->number));
		ADD(x, "start", j_u64(p->start));
		ADD(x, "aligned_physical", j_tri(p->aligned_physical));
		ADD(x, "aligned_opt_io", j_tri(p->aligned_opt_io));
		ADD(x, "stripe_bytes", p->stripe_bytes ? j_u64(p->stripe_bytes) : NULL);
		ADD(x, "aligned_stripe", j_tri(p->aligned_stripe));
	}
	ADD(o, "partition", x);

	x = NULL;
	if (dev->raid) {
		const struct st_raid *r = dev->raid;

		x = json_object_new_object();
		ADD(x, "level", st_json_str(r->level));
		ADD(x, "chunk_kb", j_u64(r->chunk_kb));
		ADD(x, "raid_disks", j_u64(r->raid_disks));
		ADD(x, "data_disks", j_u64(r->data_disks));
		ADD(x, "layout", j_u64(r->layout));
		ADD(x, "layout_name", st_json_str(r->layout_name));
		ADD(x, "degraded", j_u64(r->degraded));
		ADD(x, "array_state", st_json_str(r->array_state));
		ADD(x, "uuid", st_json_str(r->uuid));
		ADD(x, "members", j_strv(r->members));
	}
	ADD(o, "raid", x);

	x = NULL;
	if (dev->dm) {
		x = json_object_new_object();
		ADD(x, "name", st_json_str(dev->dm->name));
		ADD(x, "uuid", st_json_str(dev->dm->uuid));
		ADD(x, "subsystem", st_json_str(dev->dm->subsystem));
	}
	ADD(o, "dm", x);

	x = NULL;
	if (dev->loop) {
		x = json_object_new_object();
		ADD(x, "backing_file", st_json_str(dev->loop->backing_file));
		ADD(x, "offset", j_u64(dev->loop->offset));
		ADD(x, "dio", j_tri(dev->loop->dio));
		ADD(x, "autoclear", j_tri(dev->loop->autoclear));
	}
	ADD(o, "loop", x);

	ADD(o, "fstype", st_json_str(dev->fs.type));
	ADD(o, "uuid", st_json_str(dev->fs.uuid));
	ADD(o, "label", st_json_str(dev->fs.label));
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
	const struct st_vm *vm = &sys->vm;
	const struct st_virt *v = &sys->virt;
	struct json_object *o = json_object_new_object(), *x;

	x = json_object_new_object();
	ADD(x, "dirty_ratio", j_u64(vm->dirty_ratio));
	ADD(x, "dirty_background_ratio", j_u64(vm->dirty_background_ratio));
	ADD(x, "dirty_bytes", j_u64(vm->dirty_bytes));
	ADD(x, "dirty_background_bytes", j_u64(vm->dirty_background_bytes));
	ADD(x, "dirty_expire_centisecs", j_u64(vm->dirty_expire_centisecs));
	ADD(x, "dirty_writeback_centisecs", j_u64(vm->dirty_writeback_centisecs));
	ADD(x, "swappiness", j_u64(vm->swappiness));
	ADD(x, "vfs_cache_pressure", j_u64(vm->vfs_cache_pressure));
	ADD(o, "vm", x);
	ADD(o, "mem_total", j_u64(sys->mem_total));
	ADD(o, "cpus", j_u64(sys->cpus));
	x = json_object_new_object();
	ADD(x, "virtualized", j_tri(v->virtualized));
	ADD(x, "hypervisor_flag", j_tri(v->hypervisor_flag));
	ADD(x, "hypervisor", st_json_str(v->hypervisor));
	ADD(x, "dmi_vendor", st_json_str(v->dmi_vendor));
	ADD(x, "dmi_product", st_json_str(v->dmi_product));
	ADD(o, "virtualization", x);
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

enum col {
	COL_NAME,
	COL_TYPE,
	COL_CLASS,
	COL_TRAN,
	COL_SIZE,
	COL_ROTA,
	COL_SCHED,
	COL_RQ,
	COL_RA,
	COL_SECTOR,
	COL_MINIO,
	COL_OPTIO,
	COL_RAID,
	COL_ALIGN,
	COL_FSTYPE,
	COL_MOUNTS,
	COL_NR
};

static const struct {
	const char *header;
	bool right;
} cols[COL_NR] = {
	[COL_NAME] = { "NAME", false },     [COL_TYPE] = { "TYPE", false },
	[COL_CLASS] = { "CLASS", false },
	[COL_TRAN] = { "TRAN", false },     [COL_SIZE] = { "SIZE", true },
	[COL_ROTA] = { "ROTA", true },      [COL_SCHED] = { "SCHED", false },
	[COL_RQ] = { "RQ", true },          [COL_RA] = { "RA", true },
	[COL_SECTOR] = { "LOG/PHY", true }, [COL_MINIO] = { "MIN-IO", true },
	[COL_OPTIO] = { "OPT-IO", true },   [COL_RAID] = { "RAID", false },
	[COL_ALIGN] = { "ALIGN", false },   [COL_FSTYPE] = { "FSTYPE", false },
	[COL_MOUNTS] = { "MOUNTS", false },
};

#define ANSI_BOLD "\033[1m"
#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_CYAN "\033[36m"
#define ANSI_RESET "\033[0m"

struct row {
	const struct st_device *dev;
	char *cell[COL_NR];
	const char *color[COL_NR];
};

struct table {
	struct row *rows;
	size_t n, cap;
};

static char *num_or_dash(uint64_t v)
{
	return v == ST_UNKNOWN ? st_xstrdup("-") : st_xasprintf("%" PRIu64, v);
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

static void add_row(struct table *t, const struct st_device *dev, const char *prefix)
{
	const struct st_queue *q = st_device_queue(dev);
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
	r->cell[COL_ROTA] = st_xstrdup(q->rotational == ST_TRI_UNKNOWN ? "-"
				       : q->rotational                ? "1"
								      : "0");
	r->cell[COL_SCHED] = st_xstrdup(q->scheduler ? q->scheduler : "-");
	r->cell[COL_RQ] = num_or_dash(q->nr_requests);
	r->cell[COL_RA] = num_or_dash(q->read_ahead_kb);
	if (q->logical_block_size == ST_UNKNOWN && q->physical_block_size == ST_UNKNOWN) {
		r->cell[COL_SECTOR] = st_xstrdup("-");
	} else {
		char *l = num_or_dash(q->logical_block_size), *p = num_or_dash(q->physical_block_size);

		r->cell[COL_SECTOR] = st_xasprintf("%s/%s", l, p);
		free(l);
		free(p);
	}
	r->cell[COL_MINIO] = num_or_dash(q->min_io);
	r->cell[COL_OPTIO] = num_or_dash(q->opt_io);
	r->cell[COL_RAID] = raid_cell(dev);
	r->cell[COL_ALIGN] = align_cell(dev, &r->color[COL_ALIGN]);
	r->cell[COL_FSTYPE] = st_xstrdup(dev->fs.type ? dev->fs.type : "-");
	if (dev->mounts.n) {
		char **targets = NULL;

		for (size_t i = 0; i < dev->mounts.n; i++)
			st_strv_push(&targets, dev->mounts.v[i]->target);
		r->cell[COL_MOUNTS] = st_strv_join(targets, ",");
		st_strv_free(targets);
	} else {
		r->cell[COL_MOUNTS] = st_xstrdup("-");
	}
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

static void print_details(FILE *out, const struct st_device *dev)
{
	const struct st_queue *q = st_device_queue(dev);
	char a[32], b[32], c[32], d[32], e[32], size[32];
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
	const struct st_device *whole = dev->kind == ST_KIND_PART && dev->disk ? dev->disk : dev;

	if (whole->kind == ST_KIND_DISK || whole->kind == ST_KIND_ROM)
		print_kv(out, "transport",
			 st_device_transport(dev) ? st_device_transport(dev) : "unknown");
	if (dev->kind == ST_KIND_PART && dev->disk) {
		fprintf(out, "  %-11s that of %s: a partition has no queue of its own\n", "queue",
			dev->disk->name);
	} else if (q->present) {
		char *choices = q->has_scheduler ? st_strv_join(q->schedulers, " ") : NULL;

		if (q->scheduler)
			fprintf(out, "  %-11s %s (available: %s)\n", "scheduler", q->scheduler,
				choices);
		else
			print_kv(out, "scheduler", "- (this queue offers no scheduler to choose)");
		free(choices);
		u64s(a, sizeof(a), q->nr_requests);
		u64s(b, sizeof(b), q->read_ahead_kb);
		u64s(c, sizeof(c), q->max_sectors_kb);
		u64s(d, sizeof(d), q->max_hw_sectors_kb);
		fprintf(out, "  %-11s nr_requests %s, read_ahead_kb %s, max_sectors_kb %s (hw %s)\n",
			"queue", a, b, c, d);
		u64s(a, sizeof(a), q->hw_queues);
		u64s(b, sizeof(b), q->queue_depth);
		u64s(c, sizeof(c), q->rq_affinity);
		u64s(d, sizeof(d), q->nomerges);
		u64s(e, sizeof(e), q->wbt_lat_usec);
		fprintf(out,
			"  %-11s hw queues %s, queue depth %s, rq_affinity %s, nomerges %s, "
			"wbt_lat_usec %s\n",
			"", a, b, c, d, e);
		u64s(a, sizeof(a), q->discard_max_bytes);
		fprintf(out, "  %-11s write_cache %s, discard_max_bytes %s, zoned %s\n", "",
			q->write_cache ? q->write_cache : "unknown", a, q->zoned ? q->zoned : "unknown");
		if (q->iosched.n) {
			fprintf(out, "  %-11s", "iosched");
			for (size_t i = 0; i < q->iosched.n; i++)
				fprintf(out, " %s=%s", q->iosched.v[i].key, q->iosched.v[i].value);
			fputc('\n', out);
		}
	}
	if (dev->part) {
		const struct st_partinfo *p = dev->part;

		if (p->start == ST_UNKNOWN) {
			print_kv(out, "partition", "start sector unknown");
		} else {
			fprintf(out, "  %-11s start sector %" PRIu64 " (byte %" PRIu64 ")\n",
				"partition", p->start, p->start * 512);
			print_alignment(out, "physical block", p->start * 512, q->physical_block_size,
					p->aligned_physical);
			print_alignment(out, "optimal I/O size", p->start * 512, q->opt_io,
					p->aligned_opt_io);
			print_alignment(out, "RAID stripe", p->start * 512, p->stripe_bytes,
					p->aligned_stripe);
		}
	}
	if (dev->raid) {
		const struct st_raid *r = dev->raid;
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
	if (dev->dm)
		fprintf(out, "  %-11s %s, name %s, uuid %s\n", "dm", dev->dm->subsystem,
			dev->dm->name ? dev->dm->name : "-", dev->dm->uuid ? dev->dm->uuid : "-");
	if (dev->loop)
		fprintf(out, "  %-11s backing file %s, direct I/O %s\n", "loop",
			dev->loop->backing_file ? dev->loop->backing_file : "none",
			dev->loop->dio == ST_TRI_UNKNOWN ? "unknown" : dev->loop->dio ? "on" : "off");
	if (dev->leaves.n && !(dev->leaves.n == 1 && dev->leaves.v[0] == dev)) {
		char **names = NULL;

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

int st_report_probe_text(FILE *out, const struct st_system *sys ST_UNUSED,
			 const struct st_devv *roots, const struct st_report_opts *o)
{
	struct table t = { 0 };
	size_t w[COL_NR];
	struct st_devv shown = { 0 };

	for (size_t i = 0; i < roots->n; i++)
		walk(&t, roots->v[i], "", 0, true, o);

	for (size_t c = 0; c < COL_NR; c++) {
		w[c] = strlen(cols[c].header);
		for (size_t r = 0; r < t.n; r++)
			if (width(t.rows[r].cell[c]) > w[c])
				w[c] = width(t.rows[r].cell[c]);
	}
	if (o->color)
		fputs(ANSI_BOLD, out);
	for (size_t c = 0; c < COL_NR; c++) {
		if (c)
			fputc(' ', out);
		print_cell(out, cols[c].header, w[c], cols[c].right, NULL, c + 1 == COL_NR);
	}
	if (o->color)
		fputs(ANSI_RESET, out);
	fputc('\n', out);
	for (size_t r = 0; r < t.n; r++) {
		for (size_t c = 0; c < COL_NR; c++) {
			if (c)
				fputc(' ', out);
			print_cell(out, t.rows[r].cell[c], w[c], cols[c].right,
				   o->color ? t.rows[r].color[c] : NULL, c + 1 == COL_NR);
		}
		fputc('\n', out);
	}
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
		for (size_t c = 0; c < COL_NR; c++)
			free(t.rows[r].cell[c]);
	free(t.rows);
	return ferror(out) ? -EIO : 0;
}
