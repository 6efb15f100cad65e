/*
 * probe_mounts.c - owns mounts: which filesystems are mounted from which
 * device with which options (proc/self/mountinfo, parsed by libmount),
 * active swap areas (proc/swaps), and the fstab
 * entry behind each mount, so that later stages can tell the live options
 * from the configured ones.  It also parses the options tuning cares about:
 * atime, barriers, commit=, data=, discard, XFS sunit/swidth, ext4 stripe=.
 */
#include <errno.h>
#include <stdio.h>
#include <libmount.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/sysmacros.h>

#include "st_log.h"
#include "st_mount.h"
#include "st_probe.h"
#include "st_util.h"

static int parse_errcb(struct libmnt_table *tb, const char *filename ST_UNUSED, int line)
{
	st_warn("%s:%d: unparsable line ignored", (const char *)mnt_table_get_userdata(tb), line);
	return 1; /* skip the line, go on */
}

static int optval(const char *optstr, const char *name, char **out)
{
	char *val = NULL;
	size_t sz = 0;

	if (!optstr || mnt_optstr_get_option(optstr, name, &val, &sz) != 0)
		return -ENOENT;
	*out = val ? st_xstrndup(val, sz) : NULL;
	return 0;
}

static void opt_u64(const char *optstr, const char *name, uint64_t *dst)
{
	char *v = NULL;
	uint64_t n;

	if (optval(optstr, name, &v) == 0 && v && st_parse_u64(v, &n) == 0)
		*dst = n;
	free(v);
}

static bool has_opt(const char *optstr, const char *name)
{
	char *v = NULL;
	bool r = optval(optstr, name, &v) == 0;

	free(v);
	return r;
}

static void parse_options(struct st_mount *m)
{
	const char *vfs = m->vfs_options, *fs = m->fs_options;
	char *v = NULL;

	/* the kernel shows noatime or relatime; neither means strictatime */
	if (vfs) {
		if (has_opt(vfs, "noatime"))
			m->atime = st_xstrdup("noatime");
		else if (has_opt(vfs, "relatime"))
			m->atime = st_xstrdup("relatime");
		else
			m->atime = st_xstrdup("strictatime");
	}
	if (has_opt(fs, "nobarrier"))
		m->barrier = 0;
	else if (optval(fs, "barrier", &v) == 0)
		m->barrier = !(v && strcmp(v, "0") == 0);
	free(v);
	v = NULL;
	opt_u64(fs, "commit", &m->commit_s);
	if (optval(fs, "data", &v) == 0)
		m->data_mode = v;
	if (has_opt(fs, "nodiscard"))
		m->discard = 0;
	else if (has_opt(fs, "discard"))
		m->discard = 1;
	opt_u64(fs, "sunit", &m->sunit);
	opt_u64(fs, "swidth", &m->swidth);
	opt_u64(fs, "stripe", &m->stripe);
}

static struct st_device *device_of(struct st_system *sys, struct libmnt_fs *fs)
{
	dev_t devno = mnt_fs_get_devno(fs);
	const char *src = mnt_fs_get_source(fs);
	struct st_device *dev = NULL;

	/* btrfs and overlay report an anonymous 0:N; fall back to the source */
	if (major(devno))
		dev = st_system_find_devno(sys, major(devno), minor(devno));
	if (!dev && src && st_startswith(src, "/dev/"))
		dev = st_system_lookup(sys, src);
	return dev;
}

static void attach(struct st_system *sys, struct st_device *dev, struct st_mount *m)
{
	st_mntv_push(&sys->mounts, m);
	st_mntv_push(&dev->mounts, m);
	if (!dev->fs.type && m->fstype) {
		dev->fs.type = st_xstrdup(m->fstype);
		dev->fs.source = m->swap ? "swaps" : "mountinfo";
	}
}

enum tab_format { TAB_MOUNTINFO, TAB_SWAPS, TAB_FSTAB };

/* libmount guesses a table's format from its first line; make sure that
 * line is the kind the file must hold. */
static bool first_line_ok(enum tab_format fmt, const char *line)
{
	unsigned a, b;

	switch (fmt) {
	case TAB_MOUNTINFO:
		return sscanf(line, "%u %u", &a, &b) == 2;
	case TAB_SWAPS:
		return st_startswith(line, "Filename");
	default:
		return true;
	}
}

static bool line_is_binary(const char *p, const char *eol)
{
	for (; p < eol; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t')
			return true;
	return false;
}

/*
 * Reads a mount table through the rooted path context (so a symlink in a
 * sysroot cannot lead libmount to the host's files, and capture sees the
 * bytes) and hands it to libmount as a stream.  Lines libmount must not see
 * (binary junk; for mountinfo, anything before the first real entry, which
 * would make it guess another format) are blanked, not removed, so that the
 * line numbers in messages stay those of the file.
 */
static struct libmnt_table *parse(struct st_probe_ctx *ctx, const char *rel, enum tab_format fmt,
				  bool required)
{
	char *disp = st_path_display(ctx->pc, rel), *text = NULL, *p, *eol;
	struct libmnt_table *tb = NULL;
	bool seen_entry = false;
	unsigned line = 0;
	size_t len;
	FILE *f;
	int rc;

	rc = st_path_read_rawf(ctx->pc, &text, &len, "%s", rel);
	if (rc == -ENOENT) {
		if (required)
			st_warn("%s: missing; mounts unknown", disp);
		else
			st_debug("%s: missing", disp);
	}
	if (rc < 0)
		goto out;
	if (!len && required)
		st_warn("%s: empty; mounts unknown", disp);
	for (p = text; p < text + len; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(text + len - p));
		if (!eol)
			eol = text + len;
		line++;
		if (line_is_binary(p, eol)) {
			st_warn("%s:%u: binary data, line ignored", disp, line);
			memset(p, ' ', (size_t)(eol - p));
		} else if (!seen_entry && p != eol && !first_line_ok(fmt, p)) {
			if (fmt == TAB_SWAPS) {
				st_warn("%s:%u: not a /proc/swaps header; file ignored", disp, line);
				goto out;
			}
			if (fmt == TAB_MOUNTINFO) {
				st_warn("%s:%u: unparsable line ignored", disp, line);
				memset(p, ' ', (size_t)(eol - p));
			}
		} else if (p != eol) {
			seen_entry = true;
		}
		if (eol == text + len)
			break;
	}
	tb = mnt_new_table();
	f = tb ? fmemopen(text, len ? len : 1, "r") : NULL;
	if (!f) {
		st_warn("%s: cannot parse: %s", disp, strerror(errno));
		mnt_unref_table(tb);
		tb = NULL;
		goto out;
	}
	mnt_table_set_userdata(tb, disp);
	mnt_table_set_parser_errcb(tb, parse_errcb);
	rc = len ? mnt_table_parse_stream(tb, f, disp) : 0;
	fclose(f);
	mnt_table_set_userdata(tb, NULL);
	if (rc < 0) {
		st_warn("%s: cannot parse: %s", disp, strerror(-rc));
		mnt_unref_table(tb);
		tb = NULL;
	}
out:
	free(text);
	free(disp);
	return tb;
}

/* Calls fn for each entry of the table in rel. */
static void each_fs(struct st_probe_ctx *ctx, const char *rel, enum tab_format fmt, bool required,
		    void (*fn)(struct st_probe_ctx *ctx, struct libmnt_fs *fs))
{
	struct libmnt_table *tb = parse(ctx, rel, fmt, required);
	struct libmnt_iter *it;
	struct libmnt_fs *fs;

	if (!tb)
		return;
	it = mnt_new_iter(MNT_ITER_FORWARD);
	while (it && mnt_table_next_fs(tb, it, &fs) == 0)
		fn(ctx, fs);
	mnt_free_iter(it);
	mnt_unref_table(tb);
}

/* A mount from a mountinfo entry, its options parsed. */
static struct st_mount *mount_from_fs(struct libmnt_fs *fs)
{
	dev_t devno = mnt_fs_get_devno(fs);
	struct st_mount *m = st_mount_new();

	m->maj = major(devno);
	m->min = minor(devno);
	m->target = st_xstrdup(mnt_fs_get_target(fs));
	m->source = st_xstrdup(mnt_fs_get_source(fs));
	m->fstype = st_xstrdup(mnt_fs_get_fstype(fs));
	m->root = st_xstrdup(mnt_fs_get_root(fs));
	m->options = st_xstrdup(mnt_fs_get_options(fs));
	m->vfs_options = st_xstrdup(mnt_fs_get_vfs_options(fs));
	m->fs_options = st_xstrdup(mnt_fs_get_fs_options(fs));
	parse_options(m);
	return m;
}

static void mountinfo_entry(struct st_probe_ctx *ctx, struct libmnt_fs *fs)
{
	struct st_device *dev = device_of(ctx->sys, fs);

	if (!dev)
		return; /* not a block device: proc, tmpfs, cgroup ... */
	attach(ctx->sys, dev, mount_from_fs(fs));
}

static void swap_entry(struct st_probe_ctx *ctx, struct libmnt_fs *fs)
{
	const char *src = mnt_fs_get_source(fs);
	struct st_device *dev = src ? st_system_lookup(ctx->sys, src) : NULL;
	struct st_mount *m;

	if (!dev)
		return; /* a swap file lives on a filesystem */
	m = st_mount_new();
	m->swap = true;
	m->maj = dev->maj;
	m->min = dev->min;
	m->target = st_xstrdup("[SWAP]");
	m->source = st_xstrdup(src);
	m->fstype = st_xstrdup("swap");
	attach(ctx->sys, dev, m);
}

/* Does an fstab source (UUID=, LABEL=, PARTUUID=, a path) name dev? */
static bool fstab_source_is(struct st_system *sys, const char *src, struct st_device *dev)
{
	const char *v;

	if (!src)
		return false;
	if (st_startswith(src, "UUID="))
		return st_streq(dev->fs.uuid, src + 5);
	if (st_startswith(src, "LABEL="))
		return st_streq(dev->fs.label, src + 6);
	if (st_startswith(src, "PARTUUID="))
		return (v = st_kvlist_get(&dev->udev, "ID_PART_ENTRY_UUID")) &&
		       strcasecmp(v, src + 9) == 0;
	return st_system_lookup(sys, src) == dev;
}

/* The configured options of each live mount: fstab matched by mount point
 * (libmount has unescaped \040 and the like in both tables; "/srv/" is
 * "/srv"), swap by its source. */
static void fstab_entry(struct st_probe_ctx *ctx, struct libmnt_fs *fs)
{
	const char *opts = mnt_fs_get_options(fs);
	bool swap = st_streq(mnt_fs_get_fstype(fs), "swap");

	for (size_t i = 0; i < ctx->sys->mounts.n; i++) {
		struct st_mount *m = ctx->sys->mounts.v[i];
		struct st_device *dev = st_system_find_devno(ctx->sys, m->maj, m->min);

		if (m->fstab_options || m->swap != swap)
			continue;
		if (swap ? (dev && fstab_source_is(ctx->sys, mnt_fs_get_source(fs), dev))
			 : m->target && mnt_fs_streq_target(fs, m->target))
		{
			m->fstab_options = st_xstrdup(opts ? opts : "defaults");
			m->fstab_source = st_xstrdup(mnt_fs_get_source(fs));
			m->fstab_freq = mnt_fs_get_freq(fs);
			m->fstab_passno = mnt_fs_get_passno(fs);
		}
	}
}

static int mounts_system(struct st_probe_ctx *ctx)
{
	each_fs(ctx, "proc/self/mountinfo", TAB_MOUNTINFO, true, mountinfo_entry);
	each_fs(ctx, "proc/swaps", TAB_SWAPS, false, swap_entry);
	each_fs(ctx, "etc/fstab", TAB_FSTAB, false, fstab_entry);
	return 0;
}

const struct st_probe_ops st_probe_mounts_ops = {
	.name = "mounts",
	.system = mounts_system,
};

int st_mount_reread(struct st_path *pc, const char *target, struct st_mount **out)
{
	struct st_probe_ctx ctx = { .pc = pc };
	struct libmnt_table *tb;
	struct libmnt_fs *fs;

	*out = NULL;
	tb = parse(&ctx, "proc/self/mountinfo", TAB_MOUNTINFO, true);
	if (!tb)
		return -EIO;
	fs = mnt_table_find_target(tb, target, MNT_ITER_BACKWARD);
	if (!fs) {
		mnt_unref_table(tb);
		return -ENOENT;
	}
	*out = mount_from_fs(fs);
	mnt_unref_table(tb);
	return 0;
}
