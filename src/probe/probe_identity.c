/*
 * probe_identity.c - owns what a device is: its kind and lsblk TYPE, size,
 * read-only and removable flags, model, vendor, revision, serial and WWN,
 * the dm name and uuid (which give dm devices their display name), and a
 * partition's number.
 *
 * Sysfs is read first because it is what the kernel says; udev properties
 * fill what sysfs does not carry (the serial of a SATA disk lives only in
 * VPD page 0x80 or in udev's ata_id).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "st_attr.h"
#include "st_log.h"
#include "st_probe.h"
#include "st_units.h"
#include "st_util.h"

/* SCSI peripheral device types (SPC-4 table 49), as lsblk names them. */
static const char *scsi_type_name(uint64_t t)
{
	switch (t) {
	case 0x00: return "disk";
	case 0x01: return "tape";
	case 0x02: return "printer";
	case 0x03: return "processor";
	case 0x04: return "worm";
	case 0x05: return "rom";
	case 0x06: return "scanner";
	case 0x07: return "mo-disk";
	case 0x08: return "changer";
	case 0x09: return "comm";
	case 0x0c: return "raid";
	case 0x0d: return "enclosure";
	case 0x0e: return "rbc";
	case 0x11: return "osd";
	case 0x7f: return "no-lun";
	default: return NULL;
	}
}

static void lowercase(char *s)
{
	for (; s && *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* The subsystem that owns a dm device is the uuid prefix (LVM-, CRYPT-,
 * mpath-, partN- from kpartx), as device-mapper's userspace sets it. */
static char *dm_subsystem(const char *uuid)
{
	const char *dash = uuid ? strchr(uuid, '-') : NULL;
	char *p;

	if (!dash || dash == uuid)
		return st_xstrdup("dm");
	p = st_xstrndup(uuid, (size_t)(dash - uuid));
	lowercase(p);
	if (st_startswith(p, "part"))
		p[4] = '\0';
	return p;
}

static void read_dm(struct st_probe_ctx *ctx, struct st_device *dev)
{
	dev->dm = st_xcalloc(1, sizeof(*dev->dm));
	st_probe_str(ctx, &dev->dm->name, "%s/dm/name", dev->sysdir);
	st_probe_str(ctx, &dev->dm->uuid, "%s/dm/uuid", dev->sysdir);
	if (!dev->dm->uuid && st_kvlist_get(&dev->udev, "DM_UUID"))
		dev->dm->uuid = st_xstrdup(st_kvlist_get(&dev->udev, "DM_UUID"));
	if (!dev->dm->name && st_kvlist_get(&dev->udev, "DM_NAME"))
		dev->dm->name = st_xstrdup(st_kvlist_get(&dev->udev, "DM_NAME"));
	if (dev->dm->uuid && !*dev->dm->uuid) {
		free(dev->dm->uuid);
		dev->dm->uuid = NULL;
	}
	dev->dm->subsystem = dm_subsystem(dev->dm->uuid);
	if (dev->dm->name && *dev->dm->name) {
		free(dev->name);
		dev->name = st_xstrdup(dev->dm->name);
	}
}

static void set_kind_and_type(struct st_probe_ctx *ctx, struct st_device *dev)
{
	char *s = NULL;

	if (dev->kind == ST_KIND_PART) {
		dev->type = st_xstrdup("part");
		return;
	}
	if (st_startswith(dev->kname, "dm-")) {
		dev->kind = ST_KIND_DM;
		read_dm(ctx, dev);
		dev->type = st_xstrdup(dev->dm->subsystem);
		return;
	}
	if (st_startswith(dev->kname, "loop")) {
		dev->kind = ST_KIND_LOOP;
		dev->type = st_xstrdup("loop");
		return;
	}
	if (st_startswith(dev->kname, "md")) {
		dev->kind = ST_KIND_MD;
		st_probe_str(ctx, &s, "%s/md/level", dev->sysdir);
		if (s && *s) {
			lowercase(s);
			dev->type = s;
		} else {
			free(s);
			dev->type = st_xstrdup("md");
		}
		return;
	}
	if (st_startswith(dev->kname, "zram"))
		dev->kind = ST_KIND_ZRAM;

	/* device/type is a SCSI peripheral type; mmc puts text there ("SD") */
	const char *tname = NULL;
	uint64_t t;
	size_t len;

	if (st_path_read_rawf(ctx->pc, &s, &len, "%s/device/type", dev->sysdir) == 0) {
		if (st_parse_u64(s, &t) == 0)
			tname = scsi_type_name(t);
		free(s);
	}
	if (st_streq(tname, "rom") || st_startswith(dev->kname, "sr"))
		dev->kind = ST_KIND_ROM;
	dev->type = st_xstrdup(tname ? tname : "disk");
}

/* udev's ID_MODEL_ENC keeps spaces as \x20; decode \xHH escapes. */
static char *udev_decode(const char *s)
{
	char *out = st_xmalloc(strlen(s) + 1), *o = out;

	while (*s) {
		if (s[0] == '\\' && s[1] == 'x' && isxdigit((unsigned char)s[2]) &&
		    isxdigit((unsigned char)s[3])) {
			char hex[3] = { s[2], s[3], 0 };

			*o++ = (char)strtol(hex, NULL, 16);
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return st_strstrip(out);
}

/*
 * VPD page 0x80 (Unit Serial Number, SPC-4 7.8.16): a 4-byte header whose
 * bytes 2-3 give the page length, then the serial in ASCII, space padded.
 */
static char *vpd80_serial(struct st_probe_ctx *ctx, const char *dir)
{
	unsigned char *b;
	size_t len, n;
	char *buf, *serial = NULL;

	if (st_path_read_rawf(ctx->pc, &buf, &len, "%s/device/vpd_pg80", dir) < 0)
		return NULL;
	b = (unsigned char *)buf;
	if (len >= 4 && b[1] == 0x80) {
		n = (size_t)b[2] << 8 | b[3];
		if (n > len - 4)
			n = len - 4;
		serial = st_xstrndup(buf + 4, n);
		for (char *p = serial; *p; p++) {
			if (!isprint((unsigned char)*p)) {
				free(serial);
				serial = NULL;
				break;
			}
		}
		if (serial && !*st_strstrip(serial)) {
			free(serial);
			serial = NULL;
		}
	}
	free(buf);
	return serial;
}

/* SCSI/NVMe "wwid" to the WWN udev would show; NULL when it is not one. */
static char *wwid_to_wwn(const char *wwid)
{
	if (st_startswith(wwid, "naa."))
		return st_xasprintf("0x%s", wwid + 4);
	if (st_startswith(wwid, "eui.") && strspn(wwid + 4, "0123456789abcdefABCDEF") ==
						    strlen(wwid + 4))
		return st_xstrdup(wwid);
	return NULL;
}

static void nonempty(char **s)
{
	if (*s && !**s) {
		free(*s);
		*s = NULL;
	}
}

static void read_hardware_identity(struct st_probe_ctx *ctx, struct st_device *dev)
{
	const struct st_kvlist *u = &dev->udev;
	char *wwid = NULL;
	const char *v;

	st_probe_str(ctx, &dev->model, "%s/device/model", dev->sysdir);
	nonempty(&dev->model);
	if (!dev->model && (v = st_kvlist_get(u, "ID_MODEL_ENC")))
		dev->model = udev_decode(v);
	if (!dev->model && (v = st_kvlist_get(u, "ID_MODEL")))
		dev->model = st_xstrdup(v);

	st_probe_str(ctx, &dev->vendor, "%s/device/vendor", dev->sysdir);
	nonempty(&dev->vendor);
	if (!dev->vendor && (v = st_kvlist_get(u, "ID_VENDOR")))
		dev->vendor = st_xstrdup(v);

	st_probe_str(ctx, &dev->rev, "%s/device/rev", dev->sysdir);
	if (!dev->rev)
		st_probe_str(ctx, &dev->rev, "%s/device/firmware_rev", dev->sysdir);
	nonempty(&dev->rev);

	/* virtio-blk puts "serial" on the disk, NVMe and MMC on the device */
	st_probe_str(ctx, &dev->serial, "%s/serial", dev->sysdir);
	nonempty(&dev->serial);
	if (!dev->serial) {
		st_probe_str(ctx, &dev->serial, "%s/device/serial", dev->sysdir);
		nonempty(&dev->serial);
	}
	if (!dev->serial && dev->kind == ST_KIND_DISK)
		dev->serial = vpd80_serial(ctx, dev->sysdir);
	if (!dev->serial && (v = st_kvlist_get(u, "ID_SERIAL_SHORT")))
		dev->serial = st_xstrdup(v);

	if ((v = st_kvlist_get(u, "ID_WWN_WITH_EXTENSION")) || (v = st_kvlist_get(u, "ID_WWN")))
		dev->wwn = st_xstrdup(v);
	if (!dev->wwn) {
		/* NVMe namespaces carry wwid on the disk, SCSI on the device */
		st_probe_str(ctx, &wwid, "%s/wwid", dev->sysdir);
		if (!wwid)
			st_probe_str(ctx, &wwid, "%s/device/wwid", dev->sysdir);
		if (wwid)
			dev->wwn = wwid_to_wwn(wwid);
		free(wwid);
	}
}

static int identity_device(struct st_probe_ctx *ctx, struct st_device *dev)
{
	uint64_t sectors = ST_UNKNOWN;

	set_kind_and_type(ctx, dev);

	/* "size" counts 512-byte sectors whatever the logical block size */
	st_probe_u64(ctx, &sectors, UINT64_MAX / ST_SECTOR, "%s/size", dev->sysdir);
	dev->size = sectors == ST_UNKNOWN ? ST_UNKNOWN : sectors * ST_SECTOR;
	st_probe_bool(ctx, &dev->ro, "%s/ro", dev->sysdir);
	if (dev->kind != ST_KIND_PART)
		st_probe_bool(ctx, &dev->removable, "%s/removable", dev->sysdir);

	if (dev->kind == ST_KIND_PART) {
		dev->part = st_xcalloc(1, sizeof(*dev->part));
		st_attr_init(&st_part_attrs, dev->part);
		st_probe_u64(ctx, &dev->part->number, UINT32_MAX, "%s/partition", dev->sysdir);
		return 0;
	}
	if (dev->kind == ST_KIND_DISK || dev->kind == ST_KIND_ROM)
		read_hardware_identity(ctx, dev);
	return 0;
}

/* What identity_device and the readers it calls may read, by kind. */
static const char *const part_files[] = { "size", "ro", "partition" };
static const char *const disk_files[] = {
	"size",          "ro",     "removable",     "device/type",       "device/model",
	"device/vendor", "device/rev", "device/firmware_rev", "serial", "device/serial",
	"device/vpd_pg80", "wwid", "device/wwid",   "dm/name",           "dm/uuid",
	"md/level",
};

static void identity_prefetch(struct st_probe_ctx *ctx, const struct st_device *dev,
			      struct st_probe_wants *w)
{
	bool part = dev->disk != NULL; /* the kind is set by the hook itself */
	const char *const *f = part ? part_files : disk_files;
	size_t n = part ? ST_ARRAY_SIZE(part_files) : ST_ARRAY_SIZE(disk_files);

	(void)ctx;
	for (size_t i = 0; i < n; i++)
		st_probe_want(w, "%s/%s", dev->sysdir, f[i]);
}

const struct st_probe_ops st_probe_identity_ops = {
	.name = "identity",
	.device = identity_device,
	.prefetch = identity_prefetch,
};
