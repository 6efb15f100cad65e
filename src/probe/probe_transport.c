/*
 * probe_transport.c - owns how a disk is attached: nvme (and NVMe over
 * Fabrics), sata, ata, sas, fc, fcoe, iscsi, spi, usb, sbp, virtio, xen,
 * mmc, nbd, rbd, and the SCSI paravirtual HBAs.
 *
 * SCSI disks are told apart by their host adapter, the way lsblk does it
 * (after lsscsi): the transport class directories under the SCSI host
 * (sas_host, fc_host, iscsi_host, spi_host) and the driver's proc_name.  The
 * host is found in the disk's canonical sysfs path, so a captured tree needs
 * no /sys/class links.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "st_attr.h"
#include "st_log.h"
#include "st_probe.h"
#include "st_util.h"

/* "sys/devices/.../ata1/host0/target0:0:0/0:0:0:0/block/sda" -> ".../host0" */
static char *scsi_host_dir(const char *sysdir, char **hostname)
{
	const char *p = sysdir;

	while ((p = strstr(p, "/host"))) {
		const char *q = p + 5;

		if (isdigit((unsigned char)*q)) {
			while (isdigit((unsigned char)*q))
				q++;
			if (*q == '/' || !*q) {
				*hostname = st_xstrndup(p + 1, (size_t)(q - p - 1));
				return st_xstrndup(sysdir, (size_t)(q - sysdir));
			}
		}
		p++;
	}
	return NULL;
}

/* Does a path component start with prefix ("virtio1", "ata3")? */
static bool path_has_component(const char *path, const char *prefix)
{
	for (const char *p = path; (p = strstr(p, prefix)); p++)
		if (p == path || p[-1] == '/')
			return true;
	return false;
}

/* SCSI low-level driver names (scsi_host proc_name) to transports. */
static const char *proc_name_transport(const char *proc)
{
	if (st_startswith(proc, "ahci") || st_startswith(proc, "sata"))
		return "sata";
	if (strstr(proc, "virtio"))
		return "virtio";
	if (strstr(proc, "storvsc"))
		return "vmbus";
	if (strstr(proc, "pvscsi"))
		return "pvscsi";
	if (strstr(proc, "scsifront"))
		return "xen";
	if (strstr(proc, "ata"))
		return "ata";
	return "scsi";
}

/* The transport from the SCSI host; its driver (proc_name) is kept too,
 * since a RAID controller's driver says what kind of disks it shows. */
static const char *scsi_transport(struct st_probe_ctx *ctx, struct st_device *dev)
{
	char *hostname = NULL, *host = scsi_host_dir(dev->sysdir, &hostname);
	const char *t = NULL;
	char *s = NULL;

	if (!host)
		return NULL;
	st_probe_str(ctx, &dev->host_driver, "%s/scsi_host/%s/proc_name", host, hostname);
	if (st_path_existsf(ctx->pc, "%s/spi_host", host) == 0) {
		t = "spi";
	} else if (st_path_existsf(ctx->pc, "%s/fc_host", host) == 0) {
		st_probe_str(ctx, &s, "%s/fc_host/%s/symbolic_name", host, hostname);
		t = s && strstr(s, " over ") ? "fcoe" : "fc";
	} else if (st_path_existsf(ctx->pc, "%s/sas_host", host) == 0 ||
		   st_path_existsf(ctx->pc, "%s/device/sas_device", dev->sysdir) == 0) {
		t = "sas";
	} else if (st_path_existsf(ctx->pc, "%s/device/ieee1394_id", dev->sysdir) == 0) {
		t = "sbp";
	} else if (st_path_existsf(ctx->pc, "%s/iscsi_host", host) == 0) {
		t = "iscsi";
	} else if (strstr(host, "/usb")) {
		t = "usb";
	} else if (dev->host_driver) {
		t = proc_name_transport(dev->host_driver);
	} else if (path_has_component(host, "ata")) {
		t = "ata";
	}
	free(s);
	free(host);
	free(hostname);
	return t;
}

/* "nvme12" (a controller), not "nvme1n1" or "nvme-subsys1" */
static bool is_nvme_ctrl(const char *name)
{
	const char *p = name + 4;

	if (!st_startswith(name, "nvme") || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	return !*p;
}

/*
 * A native-multipath head (drivers/nvme/host/multipath.c): its device/ is
 * the nvme-subsystem, which holds the path selection policy (iopolicy) and
 * a link to each controller that reaches it.  The paths themselves are
 * hidden block devices (nvme1c2n1), which probe_enum.c leaves out.  Counts
 * the live controllers into nvme_paths, reads the subsystem's NQN (what a
 * udev rule for it matches), and returns the first controller's name.
 */
static char *nvme_subsystem(struct st_probe_ctx *ctx, struct st_device *dev)
{
	const struct st_attr *a = st_attr_by_path(&st_identity_attrs, "device/iopolicy");
	char **names = NULL, *first = NULL, *s = NULL;
	uint64_t live = 0;

	if (st_path_list_dirf(ctx->pc, &names, "%s/device", dev->sysdir) < 0)
		return NULL;
	st_probe_str(ctx, &s, "%s/%s", dev->sysdir, a->path);
	if (s && st_strv_has(a->values, s)) {
		dev->nvme_iopolicy = s;
	} else if (s) {
		char *rel = st_xasprintf("%s/%s", dev->sysdir, a->path);

		st_path_warn_value(ctx->pc, rel, "unexpected value \"%.32s\"", s);
		free(rel);
		free(s);
	}
	for (size_t i = 0; names && names[i]; i++) {
		char *state = NULL;

		if (!is_nvme_ctrl(names[i]))
			continue;
		if (!first)
			first = st_xstrdup(names[i]);
		/* a controller that is reconnecting or deleting is no path */
		st_probe_str(ctx, &state, "%s/device/%s/state", dev->sysdir, names[i]);
		live += !state || strcmp(state, "live") == 0;
		free(state);
	}
	st_strv_free(names);
	if (dev->nvme_iopolicy) {
		dev->nvme_paths = live;
		st_probe_str(ctx, &dev->nvme_subsysnqn, "%s/device/subsysnqn", dev->sysdir);
	}
	return first;
}

/*
 * NVMe namespaces hang off a controller (nvme0) or, with native multipath,
 * a subsystem (nvme-subsys0) whose controllers are its nvmeN entries.  The
 * controller's "transport" says pcie, tcp, rdma, fc or loop.
 */
static char *nvme_transport(struct st_probe_ctx *ctx, struct st_device *dev)
{
	char *fabric = NULL, *ctrl;

	st_probe_str(ctx, &fabric, "%s/device/transport", dev->sysdir);
	if (!fabric && (ctrl = nvme_subsystem(ctx, dev))) {
		st_probe_str(ctx, &fabric, "%s/device/%s/transport", dev->sysdir, ctrl);
		free(ctrl);
	}
	if (!fabric || strcmp(fabric, "pcie") == 0) {
		free(fabric);
		return st_xstrdup("nvme");
	}
	char *t = st_xasprintf("nvme-%s", fabric);
	free(fabric);
	return t;
}

static int transport_device(struct st_probe_ctx *ctx, struct st_device *dev)
{
	const char *t = NULL;

	if (dev->kind != ST_KIND_DISK && dev->kind != ST_KIND_ROM)
		return 0;
	if (st_startswith(dev->kname, "nvme")) {
		dev->transport = nvme_transport(ctx, dev);
		return 0;
	}
	t = scsi_transport(ctx, dev);
	if (!t && path_has_component(dev->sysdir, "virtio"))
		t = "virtio";
	if (!t && (st_startswith(dev->kname, "xvd") || path_has_component(dev->sysdir, "vbd-")))
		t = "xen";
	if (!t && st_startswith(dev->kname, "mmcblk"))
		t = "mmc";
	if (!t && st_startswith(dev->kname, "nbd"))
		t = "nbd";
	if (!t && st_startswith(dev->kname, "rbd"))
		t = "rbd";
	if (t)
		dev->transport = st_xstrdup(t);
	else
		st_debug("%s: transport unknown", dev->kname);
	return 0;
}

const struct st_probe_ops st_probe_transport_ops = {
	.name = "transport",
	.device = transport_device,
};
