/*
 * probe_fs.c - owns what is written on a device: filesystem (or other
 * superblock: swap, LUKS, LVM PV, md member) type, UUID and label.
 *
 * Live, libblkid reads the superblock from the device node: that is the
 * truth, and udev's record of it can lag behind a mkfs.  When the node
 * cannot be opened (not root, or a device cgroup forbids it) udev's database
 * answers.  Under --sysroot nothing outside the tree may be opened, so the
 * udev database in the tree answers, mounted devices get their type from
 * mountinfo later (probe_mounts.c), and the rest stay unknown.
 */
#include <blkid.h>
#include <stdlib.h>
#include <string.h>

#include "st_log.h"
#include "st_probe.h"
#include "st_util.h"

static void from_udev(struct st_device *dev)
{
	const char *v;

	if ((v = st_kvlist_get(&dev->udev, "ID_FS_TYPE")) && *v)
		dev->fs.type = st_xstrdup(v);
	if ((v = st_kvlist_get(&dev->udev, "ID_FS_UUID")) && *v)
		dev->fs.uuid = st_xstrdup(v);
	if ((v = st_kvlist_get(&dev->udev, "ID_FS_LABEL")) && *v)
		dev->fs.label = st_xstrdup(v);
	if (dev->fs.type)
		dev->fs.source = "udev";
}

/*
 * blkid_do_safeprobe in two passes.  Two probers read far more than the
 * rest: ZFS reads its four 256 KiB labels, at both ends of the device, and
 * the external XFS log scans the first 256 KiB.  With them, probing a loop
 * device holding ext4 read 1 MiB and cost 7 ms of CPU, as much as all the
 * rest of a live probe; without, 35 KiB (strace).  So the other probers go
 * first, and these two are asked only when nothing else was found.  The one
 * difference from a single pass: a device with both a filesystem and stale
 * ZFS labels reports the filesystem, where one pass calls it ambiguous.
 */
static int safeprobe(blkid_probe pr)
{
	static const char *const last[] = { "zfs_member", "xfs_external_log", NULL };
	int rc;

	if (blkid_probe_filter_superblocks_type(pr, BLKID_FLTR_NOTIN, (char **)last) < 0)
		return blkid_do_safeprobe(pr);
	rc = blkid_do_safeprobe(pr);
	if (rc == 1 && blkid_probe_invert_superblocks_filter(pr) == 0)
		rc = blkid_do_safeprobe(pr);
	return rc;
}

static void from_blkid(struct st_probe_ctx *ctx, struct st_device *dev)
{
	char *rel = st_xasprintf("dev/%s", dev->kname);
	char *node = st_path_display(ctx->pc, rel);
	const char *v;
	blkid_probe pr;

	free(rel);
	pr = blkid_new_probe_from_filename(node);
	if (!pr) {
		st_debug("%s: blkid cannot open %s (not root?)", dev->kname, node);
		free(node);
		return;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID |
						      BLKID_SUBLKS_LABEL);
	if (safeprobe(pr) == 0) {
		if (blkid_probe_lookup_value(pr, "TYPE", &v, NULL) == 0)
			dev->fs.type = st_xstrdup(v);
		if (blkid_probe_lookup_value(pr, "UUID", &v, NULL) == 0)
			dev->fs.uuid = st_xstrdup(v);
		if (blkid_probe_lookup_value(pr, "LABEL", &v, NULL) == 0)
			dev->fs.label = st_xstrdup(v);
		if (dev->fs.type)
			dev->fs.source = "blkid";
	}
	blkid_free_probe(pr);
	free(node);
}

static int fs_device(struct st_probe_ctx *ctx, struct st_device *dev)
{
	/* live, the superblock itself; an empty device (unbound loop, no disc
	 * in the drive) has nothing to read */
	if (!st_path_is_sysroot(ctx->pc) && dev->size != 0 && dev->size != ST_UNKNOWN)
		from_blkid(ctx, dev);
	if (!dev->fs.type)
		from_udev(dev);
	return 0;
}

const struct st_probe_ops st_probe_fs_ops = {
	.name = "fs",
	.device = fs_device,
};
