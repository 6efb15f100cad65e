/*
 * probe_enum.c - owns the list of block devices: which exist, their kernel
 * names, numbers and canonical sysfs directories, which are partitions of
 * which disk, and which are left out as lsblk leaves them out (hidden
 * multipath paths, RAM disks, loop devices without a backing file).
 *
 * It reads sys/block (falling back to sys/dev/block), each disk's partition
 * directories, and udev's database (run/udev/data/bMAJ:MIN, one file per
 * device), live and under --sysroot alike.  It does not use libudev: libudev
 * cannot be rooted, and live its per-device lookup walks the sysfs path one
 * component at a time and opens each database file several times (a live
 * probe --json of ten devices made 1,603 system calls with it, 521 without:
 * strace -f -c); the database format ("E:KEY=value" lines) is the one
 * libudev itself reads.  tests/test_probe.c
 * holds libudev as the oracle: on the machine the tests run on, both must
 * find the same devices with the same properties.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_log.h"
#include "st_probe.h"
#include "st_util.h"

/* lsblk hides the RAM disk major by default (brd, major 1). */
#define RAMDISK_MAJOR 1u
#define LOOP_MAJOR 7u

/* "MAJ:MIN", decimal, nothing else (not sscanf: about a tenth of enumeration's
 * CPU time here, perf record; and it takes signs and spaces). */
static int parse_devno(const char *s, unsigned *maj, unsigned *min)
{
	unsigned long a, b;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	a = strtoul(s, &end, 10);
	if (*end != ':' || !isdigit((unsigned char)end[1]))
		return -EINVAL;
	b = strtoul(end + 1, &end, 10);
	if (*end || errno || a > UINT_MAX || b > UINT_MAX)
		return -EINVAL;
	*maj = (unsigned)a;
	*min = (unsigned)b;
	return 0;
}

static int read_devno(struct st_probe_ctx *ctx, const char *dir, unsigned *maj, unsigned *min)
{
	char *s = NULL, *rel;
	int rc;

	rc = st_path_read_stringf(ctx->pc, &s, "%s/dev", dir);
	if (rc == 0 && parse_devno(s, maj, min) < 0) {
		rel = st_xasprintf("%s/dev", dir);
		st_path_warn_value(ctx->pc, rel, "expected MAJOR:MINOR, found \"%.32s\"", s);
		free(rel);
		rc = -EINVAL;
	} else if (rc == -ENOENT || rc == -ENOTDIR) {
		char *disp = st_path_display(ctx->pc, dir);

		st_warn("%s: %s; device skipped", disp,
			rc == -ENOENT ? "no 'dev' attribute" : "not a device directory");
		free(disp);
	}
	free(s);
	return rc;
}

static void read_udev_db(struct st_probe_ctx *ctx, struct st_device *dev)
{
	char *buf;

	if (!ctx->udev_db)
		return;
	if (st_path_read_stringf(ctx->pc, &buf, "run/udev/data/b%u:%u", dev->maj, dev->min) == 0) {
		st_udev_db_parse(buf, &dev->udev);
		free(buf);
	}
}

static struct st_device *add_device(struct st_probe_ctx *ctx, const char *kname, const char *dir,
				    unsigned maj, unsigned min, struct st_device *disk)
{
	struct st_device *dev = st_device_new();

	dev->kname = st_xstrdup(kname);
	dev->name = st_xstrdup(kname);
	dev->sysdir = st_xstrdup(dir);
	dev->maj = maj;
	dev->min = min;
	if (disk) {
		dev->kind = ST_KIND_PART;
		dev->disk = disk;
		st_devv_push(&disk->partitions, dev);
	}
	st_devv_push(&ctx->sys->devices, dev);
	return dev;
}

/* Partitions are subdirectories named after the disk that hold "partition". */
static void enum_partitions(struct st_probe_ctx *ctx, struct st_device *disk)
{
	char **names = NULL;

	if (st_path_list_dirf(ctx->pc, &names, "%s", disk->sysdir) < 0)
		return;
	for (size_t i = 0; names && names[i]; i++) {
		char *pdir;
		unsigned maj, min;

		if (!st_startswith(names[i], disk->kname) || strcmp(names[i], disk->kname) == 0)
			continue;
		if (st_path_existsf(ctx->pc, "%s/%s/partition", disk->sysdir, names[i]) < 0)
			continue;
		pdir = st_xasprintf("%s/%s", disk->sysdir, names[i]);
		if (read_devno(ctx, pdir, &maj, &min) == 0) {
			struct st_device *part = add_device(ctx, names[i], pdir, maj, min, disk);

			read_udev_db(ctx, part);
		}
		free(pdir);
	}
	st_strv_free(names);
}

/*
 * Which whole devices lsblk leaves out by default, and why; decided before
 * the device is added, so that its partitions and udev data are not looked
 * for (an idle machine has eight empty loop devices).
 */
static bool excluded(struct st_probe_ctx *ctx, const char *kname, const char *dir, unsigned maj)
{
	int hidden = 0;

	if (maj == RAMDISK_MAJOR) {
		st_debug("%s: RAM disk, ignored", kname);
		return true;
	}
	st_probe_bool(ctx, &hidden, "%s/hidden", dir);
	if (hidden == 1) {
		st_debug("%s: hidden (a multipath path or zoned sub-device), ignored", kname);
		st_strv_push(&ctx->sys->hidden, kname);
		return true;
	}
	return false;
}

/* The name of a loop device where enumeration meets it: loopN in sys/block
 * (the kernel's name, drivers/block/loop.c) or 7:N in sys/dev/block. */
static bool loop_name(const char *name)
{
	unsigned maj, min;

	if (parse_devno(name, &maj, &min) == 0)
		return maj == LOOP_MAJOR;
	return strncmp(name, "loop", 4) == 0 && name[4] && !name[4 + strspn(name + 4, "0123456789")];
}

/*
 * lsblk leaves out loop devices without a backing file: such a device is
 * always empty, so the file alone decides (and "size" is read once, by the
 * identity probe).  Asked of the link, by its name, before it is resolved
 * and "dev" and "hidden" are read: an idle machine has eight, and each cost
 * ten system calls where it now costs one.
 */
static bool empty_loop(struct st_probe_ctx *ctx, const char *link)
{
	const char *name = strrchr(link, '/');

	name = name ? name + 1 : link;
	if (!loop_name(name) || st_path_existsf(ctx->pc, "%s/loop/backing_file", link) == 0)
		return false;
	st_debug("%s: loop device without backing file, ignored", name);
	return true;
}

static void enum_one_disk(struct st_probe_ctx *ctx, char *dir)
{
	char *kname;
	unsigned maj, min;
	struct st_device *dev;

	kname = strrchr(dir, '/');
	kname = kname ? kname + 1 : dir;
	if (read_devno(ctx, dir, &maj, &min) == 0 && !st_system_find_devno(ctx->sys, maj, min) &&
	    !excluded(ctx, kname, dir, maj)) {
		dev = add_device(ctx, kname, dir, maj, min, NULL);
		read_udev_db(ctx, dev);
		enum_partitions(ctx, dev);
	}
}

/* An entry of sys/block (or sys/dev/block) and the directory it leads to. */
struct entry {
	const char *link;
	char *dir;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->dir, y->dir);

	return c ? c : strcmp(x->link, y->link);
}

/* The kernel's own name for the directory: what the entry is called. */
static bool kernel_named(const struct entry *e)
{
	const char *base = strrchr(e->dir, '/'), *lbase = strrchr(e->link, '/');

	return base && lbase && strcmp(base, lbase) == 0;
}

/*
 * The disks behind the links (each "sys/block/NAME"), each directory once:
 * a tree may hold two links to one device (sys/block/evil -> ../vda's
 * directory), which the kernel never makes; the one with the kernel's name
 * is kept and the other named in a warning.  In the links' order.
 */
static void enum_disks(struct st_probe_ctx *ctx, char **links)
{
	size_t n = st_strv_len(links), m = 0;
	struct entry *e = st_xcalloc(n + 1, sizeof(*e)), *sorted;

	for (size_t i = 0; i < n; i++) {
		if (empty_loop(ctx, links[i]))
			continue;
		if (st_path_resolve_linkf(ctx->pc, &e[m].dir, "%s", links[i]) < 0) {
			st_debug("%s: cannot resolve", links[i]);
			continue;
		}
		e[m++].link = links[i];
	}
	sorted = st_xcalloc(m + 1, sizeof(*sorted));
	memcpy(sorted, e, m * sizeof(*e));
	qsort(sorted, m, sizeof(*sorted), cmp_entry);
	for (size_t i = 0, j; i < m; i = j) {
		size_t keep = i;

		for (j = i + 1; j < m && strcmp(sorted[j].dir, sorted[i].dir) == 0; j++)
			if (kernel_named(&sorted[j]))
				keep = j;
		for (size_t k = i; k < j; k++) {
			if (k == keep)
				continue;
			char *disp = st_path_display(ctx->pc, sorted[k].link);
			const char *kept = strrchr(sorted[keep].link, '/');

			st_warn("%s: the same device as %s; ignored", disp, kept ? kept + 1 : "?");
			free(disp);
			/* marks it in e too: the same string */
			for (size_t x = 0; x < m; x++)
				if (e[x].link == sorted[k].link)
					e[x].link = NULL;
		}
	}
	for (size_t i = 0; i < m; i++) {
		if (e[i].link)
			enum_one_disk(ctx, e[i].dir);
		free(e[i].dir);
	}
	free(sorted);
	free(e);
}

/*
 * sys/dev/block holds a MAJ:MIN link for every device, partitions included.
 * lsblk finds devices' directories through it, so a tree without it is not
 * what the kernel shows; say so rather than guess.  Needs the devno index.
 */
static void cross_check_devnos(struct st_probe_ctx *ctx)
{
	char **names = NULL;
	size_t matched = 0;
	unsigned maj, min;

	if (st_path_list_dirf(ctx->pc, &names, "sys/dev/block") < 0) {
		st_debug("sys/dev/block missing; device numbers not cross-checked");
		return;
	}
	for (size_t i = 0; names && names[i]; i++)
		if (parse_devno(names[i], &maj, &min) == 0 && st_system_find_devno(ctx->sys, maj, min))
			matched++;
	if (matched < ctx->sys->devices.n)
		st_debug("%zu of %zu devices have no sys/dev/block entry",
			 ctx->sys->devices.n - matched, ctx->sys->devices.n);
	st_strv_free(names);
}

int st_probe_enum_sysfs(struct st_probe_ctx *ctx)
{
	char **names = NULL;
	int rc;

	/* containers and small VMs run no udevd: one look instead of one per device */
	ctx->udev_db = st_path_existsf(ctx->pc, "run/udev/data") == 0;
	rc = st_path_list_dirf(ctx->pc, &names, "sys/block");
	if (rc == 0) {
		char **links = NULL;

		for (size_t i = 0; names && names[i]; i++)
			st_strv_pushf(&links, "sys/block/%s", names[i]);
		enum_disks(ctx, links);
		st_strv_free(links);
		st_strv_free(names);
		return 0;
	}

	/* Without sys/block, every device is in sys/dev/block; whole disks
	 * are the entries that are not partitions. */
	rc = st_path_list_dirf(ctx->pc, &names, "sys/dev/block");
	if (rc < 0) {
		char *disp = st_path_display(ctx->pc, "sys/block");

		st_warn("%s: %s (and no sys/dev/block); no block devices found", disp,
			strerror(-rc));
		free(disp);
		return 0;
	}
	char **links = NULL;

	for (size_t i = 0; names && names[i]; i++)
		if (st_path_existsf(ctx->pc, "sys/dev/block/%s/partition", names[i]) < 0)
			st_strv_pushf(&links, "sys/dev/block/%s", names[i]);
	enum_disks(ctx, links);
	st_strv_free(links);
	st_strv_free(names);
	return 0;
}

static int enum_system(struct st_probe_ctx *ctx)
{
	int rc;

	rc = st_probe_enum_sysfs(ctx);
	if (rc < 0)
		return rc;
	st_system_sort(ctx->sys);
	/* only a debug line comes of it: not worth a listing otherwise */
	if (st_log_debug_enabled())
		cross_check_devnos(ctx);
	/* children in name order: sda1 < sda2 < sda10 */
	for (size_t i = 0; i < ctx->sys->devices.n; i++)
		st_devv_sort(&ctx->sys->devices.v[i]->partitions);
	return 0;
}

const struct st_probe_ops st_probe_enum_ops = {
	.name = "enum",
	.system = enum_system,
};
