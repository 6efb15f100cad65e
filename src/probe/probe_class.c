/*
 * probe_class.c - owns the device class (nvme, ssd, hdd, virtual, network,
 * loop, zram, md, dm, rom, unknown) and the reasons for it.
 *
 * The rotational flag alone misleads: a virtio disk reports rotational=1
 * whatever backs it, and a cloud NVMe volume is a network device with NVMe
 * framing.  So the kind of device decides first, then known models, then
 * the transport, and rotational only for real SATA/SAS/USB disks.
 *
 * A hardware RAID logical volume reports rotational as its controller
 * chooses: the SCSI disk driver takes it from the volume's VPD page B1, and
 * a controller that fills in no rotation rate leaves it at 1, SSD arrays
 * included.  Such a volume keeps the class its flag gives (hdd or ssd: the
 * flag is what the kernel, and an admin's udev rule, act on, and a rule
 * that is right for either medium -- mq-deadline, stripe read-ahead --
 * still applies), but is marked hwraid with rotational_trusted false, so
 * that the rules which only hold for spinning media stay silent and advice
 * asks the admin to check the media.
 */
#include <string.h>

#include "st_log.h"
#include "st_probe.h"
#include "st_util.h"

struct model_hint {
	const char *vendor; /* prefix, NULL: any */
	const char *model;  /* prefix */
	enum st_class cls;
	const char *why;
};

/* Models that say more than the transport does.  Sources: the vendors'
 * documentation of the model strings their volumes report. */
static const struct model_hint model_hints[] = {
	{ NULL, "Amazon Elastic Block Store", ST_CLASS_NETWORK,
	  "AWS EBS volume: network block storage presented as NVMe" },
	{ NULL, "Amazon EC2 NVMe Instance Storage", ST_CLASS_NVME,
	  "AWS instance store: local NVMe flash" },
	{ NULL, "nvme_card-pd", ST_CLASS_NETWORK,
	  "Google Persistent Disk: network block storage presented as NVMe" },
	{ "Google", "PersistentDisk", ST_CLASS_NETWORK, "Google Persistent Disk: network block storage" },
	{ NULL, "MSFT NVMe Accelerator", ST_CLASS_NETWORK, "Azure remote disk presented as NVMe" },
	{ "Msft", "Virtual Disk", ST_CLASS_VIRTUAL, "Hyper-V virtual disk" },
	{ "VMware", "Virtual", ST_CLASS_VIRTUAL, "VMware virtual disk" },
	{ NULL, "QEMU HARDDISK", ST_CLASS_VIRTUAL, "QEMU emulated disk" },
	{ NULL, "VBOX HARDDISK", ST_CLASS_VIRTUAL, "VirtualBox virtual disk" },
	{ NULL, "Virtual disk", ST_CLASS_VIRTUAL, "virtual disk (model name)" },
};

/*
 * Hardware RAID logical volumes, by the SCSI host's driver and the INQUIRY
 * strings the controller gives its volumes (a disk passed through as JBOD or
 * in HBA mode keeps its own vendor and model).  driver NULL: any driver, for
 * a captured tree without the SCSI host.  Sources: the drivers' names in
 * drivers/scsi (megaraid, hpsa.c, smartpqi, aacraid, mpt3sas) and the
 * vendors' documentation of what their volumes report.
 */
struct raid_hint {
	const char *driver;
	const char *vendor; /* prefix, NULL: any */
	const char *model;  /* prefix, NULL: any */
};

static const struct raid_hint raid_hints[] = {
	{ "megaraid_sas", "DELL", NULL },  { "megaraid_sas", "LSI", NULL },
	{ "megaraid_sas", "AVAGO", NULL }, { "megaraid_sas", "BROADCOM", NULL },
	{ "aacraid", "Adaptec", NULL },    { "aacraid", "ASR", NULL },
	{ "hpsa", NULL, "LOGICAL VOLUME" }, { "smartpqi", NULL, "LOGICAL VOLUME" },
	{ "mpt3sas", "LSI", "Logical Volume" }, { "mpt2sas", "LSI", "Logical Volume" },
	{ NULL, "DELL", "PERC" },          { NULL, "HP", "LOGICAL VOLUME" },
	{ NULL, "HPE", "LOGICAL VOLUME" }, { NULL, "MSCC", "LOGICAL VOLUME" },
	{ NULL, "LSI", "MR9" },            { NULL, "AVAGO", "MR9" },
	{ NULL, "BROADCOM", "MR9" },       { NULL, "LSI", "MegaRAID" },
};

#define reason(dev, ...) st_strv_pushf(&(dev)->class_reasons, __VA_ARGS__)

static bool classify_by_model(struct st_device *dev)
{
	for (size_t i = 0; i < ST_ARRAY_SIZE(model_hints); i++) {
		const struct model_hint *h = &model_hints[i];

		if (!dev->model || !st_startswith(dev->model, h->model))
			continue;
		if (h->vendor && !st_startswith(dev->vendor, h->vendor))
			continue;
		dev->class = h->cls;
		reason(dev, "model \"%s\": %s", dev->model, h->why);
		return true;
	}
	return false;
}

static bool is_hwraid(const struct st_device *dev)
{
	for (size_t i = 0; i < ST_ARRAY_SIZE(raid_hints); i++) {
		const struct raid_hint *h = &raid_hints[i];

		if (h->driver && !st_streq(dev->host_driver, h->driver))
			continue;
		if (h->vendor && !(dev->vendor && st_startswith(dev->vendor, h->vendor)))
			continue;
		if (h->model && !(dev->model && st_startswith(dev->model, h->model)))
			continue;
		return true;
	}
	return false;
}

/* rotational=1 on a RAID volume is the controller's default, not a fact */
static void classify_hwraid(struct st_device *dev)
{
	int rot = dev->queue.rotational;

	dev->hwraid = true;
	reason(dev, "%s%s%s on %s: a hardware RAID logical volume", dev->vendor ? dev->vendor : "",
	       dev->vendor && dev->model ? " " : "", dev->model ? dev->model : "",
	       dev->host_driver ? dev->host_driver : "a RAID controller");
	if (rot == 1) {
		dev->class = ST_CLASS_HDD;
		dev->rotational_trusted = false;
		reason(dev, "rotational=1 not trusted: the controller reports it for the volume "
			    "whatever its disks are, SSD arrays included");
	} else if (rot == 0) {
		dev->class = ST_CLASS_SSD;
		dev->rotational_trusted = true;
		reason(dev, "rotational=0: the controller reports non-rotating media");
	} else {
		dev->class = ST_CLASS_UNKNOWN;
		reason(dev, "no rotational flag");
	}
}

static bool classify_by_transport(struct st_device *dev)
{
	static const char *const networked[] = { "iscsi", "nbd", "rbd", "fc", "fcoe",
						 "nvme-tcp", "nvme-rdma", "nvme-fc" };
	static const char *const paravirtual[] = { "virtio", "xen", "vmbus", "pvscsi" };
	const char *t = dev->transport;

	if (!t)
		return false;
	for (size_t i = 0; i < ST_ARRAY_SIZE(networked); i++) {
		if (strcmp(t, networked[i]) == 0) {
			dev->class = ST_CLASS_NETWORK;
			reason(dev, "transport %s: storage reached over a network or fabric", t);
			return true;
		}
	}
	for (size_t i = 0; i < ST_ARRAY_SIZE(paravirtual); i++) {
		if (strcmp(t, paravirtual[i]) == 0) {
			dev->class = ST_CLASS_VIRTUAL;
			reason(dev, "transport %s: a paravirtual disk; the host's storage decides "
				    "its performance", t);
			if (dev->queue.rotational == 1) {
				dev->rotational_trusted = false;
				reason(dev, "rotational=1 not trusted: the hypervisor reports it "
					    "without knowing the backing store");
			}
			return true;
		}
	}
	if (strcmp(t, "nvme") == 0) {
		dev->class = ST_CLASS_NVME;
		reason(dev, "transport nvme (PCIe)");
		return true;
	}
	return false;
}

static void classify(struct st_device *dev)
{
	int rot;

	if (dev->classified)
		return;
	dev->classified = true;
	if (dev->kind != ST_KIND_PART)
		dev->hwraid = false; /* until its model or driver says otherwise */

	switch (dev->kind) {
	case ST_KIND_PART:
		if (dev->disk) {
			classify(dev->disk);
			dev->class = dev->disk->class;
			reason(dev, "partition of %s", dev->disk->kname);
		}
		return;
	case ST_KIND_LOOP:
		dev->class = ST_CLASS_LOOP;
		if (dev->loop && dev->loop->backing_file)
			reason(dev, "loop device backed by %s", dev->loop->backing_file);
		else
			reason(dev, "loop device");
		return;
	case ST_KIND_ZRAM:
		dev->class = ST_CLASS_ZRAM;
		reason(dev, "compressed RAM block device (zram)");
		return;
	case ST_KIND_MD:
		dev->class = ST_CLASS_MD;
		reason(dev, "md RAID array (%s): queue settings belong on its member disks",
		       dev->type);
		return;
	case ST_KIND_DM:
		dev->class = ST_CLASS_DM;
		reason(dev, "device-mapper %s device: queue settings belong on the disks below",
		       dev->dm ? dev->dm->subsystem : "dm");
		return;
	case ST_KIND_ROM:
		dev->class = ST_CLASS_ROM;
		reason(dev, "optical drive (SCSI type 5)");
		return;
	default:
		break;
	}
	if (dev->cache && st_streq(dev->cache->role, "cached") && dev->slaves.n) {
		dev->class = ST_CLASS_CACHE;
		reason(dev, "%s device over %s (cache %s): queue settings belong on the disks below",
		       dev->cache->type, dev->cache->backing ? dev->cache->backing : "?",
		       dev->cache->cache_dev ? dev->cache->cache_dev : "none");
		return;
	}

	if (classify_by_model(dev) || classify_by_transport(dev))
		return;
	if (is_hwraid(dev)) {
		classify_hwraid(dev);
		return;
	}

	rot = dev->queue.rotational;
	if (rot == 0) {
		dev->class = ST_CLASS_SSD;
		reason(dev, "rotational=0 on %s", dev->transport ? dev->transport : "an unknown transport");
	} else if (rot == 1) {
		dev->class = ST_CLASS_HDD;
		reason(dev, "rotational=1 on %s", dev->transport ? dev->transport : "an unknown transport");
	} else {
		dev->class = ST_CLASS_UNKNOWN;
		reason(dev, "no rotational flag and no known transport");
	}
}

static int class_device(struct st_probe_ctx *ctx ST_UNUSED, struct st_device *dev)
{
	classify(dev);
	/* what is not said otherwise above: the flag is the media's */
	if (dev->rotational_trusted == ST_TRI_UNKNOWN && dev->queue.rotational != ST_TRI_UNKNOWN &&
	    dev->kind != ST_KIND_PART)
		dev->rotational_trusted = true;
	return 0;
}

const struct st_probe_ops st_probe_class_ops = {
	.name = "class",
	.device = class_device,
};
