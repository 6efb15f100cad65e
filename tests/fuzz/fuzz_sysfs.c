/*
 * fuzz_sysfs.c - the sysfs and procfs value readers (src/core/path.c's
 * typed reads, the attribute tables of src/core/attr.c and the probes that
 * read them, src/probe/probe_*.c): a small sysroot is made once, with a
 * disk, a partition, an md array, a dm and a loop device, in which every
 * value file (the queue table's attributes, iosched tunables, identity,
 * md/dm/loop attributes, vm sysctls, meminfo, cpuinfo, the udev database
 * entry ...) is a symlink to one file; each input becomes that file's
 * content and the whole probe runs over the tree, as `probe --sysroot`
 * does.  The files that give the tree its shape (dev, partition) are fixed.
 */
#include "fuzz.h"
#include "st_attr.h"
#include "st_probe.h"

static char *root;

/* Every attribute the probes read from one file, per kind of device. */
static const char *const disk_values[] = {
	"size", "ro", "removable", "hidden", "wwid", "serial", "queue/iosched/read_expire",
	"queue/iosched/fifo_batch", "queue/iosched/slice_idle", "device/model", "device/vendor",
	"device/rev", "device/serial", "device/type", "device/firmware_rev", "device/wwid",
	"device/transport", "device/vpd_pg80", "device/queue_depth",
};
static const char *const part_values[] = { "size", "start", "ro" };
static const char *const md_values[] = {
	"size", "md/level", "md/raid_disks", "md/chunk_size", "md/layout", "md/degraded",
	"md/array_state", "md/uuid", "queue/scheduler", "queue/read_ahead_kb",
};
static const char *const dm_values[] = { "size", "dm/name", "dm/uuid", "queue/nr_requests" };
static const char *const loop_values[] = {
	"size", "loop/backing_file", "loop/offset", "loop/dio", "loop/autoclear",
};
static const char *const root_values[] = {
	"proc/meminfo", "proc/cpuinfo", "sys/devices/system/cpu/online",
	"sys/class/dmi/id/product_name", "sys/class/dmi/id/sys_vendor", "sys/hypervisor/type",
	"run/udev/data/b8:0", "run/udev/data/b9:0",
};

static void links(const char *dir, const char *const *rels, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *rel = st_xasprintf("%s/%s", dir, rels[i]);

		fz_link(root, rel, "/value");
		free(rel);
	}
}

static void device(const char *dir, const char *devno, const char *const *rels, size_t n)
{
	char *rel = st_xasprintf("%s/dev", dir);

	fz_put(root, rel, devno);
	free(rel);
	links(dir, rels, n);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet();
	root = st_xasprintf("%s/sysfs", fz_tmpdir());
	fz_put(root, "value", "");
	device("sys/block/sda", "8:0\n", disk_values, ST_ARRAY_SIZE(disk_values));
	for (size_t i = 0; i < st_queue_attrs.n; i++) {
		const struct st_attr *a = &st_queue_attrs.v[i];
		char *rel;

		if (!a->path || a->read == ST_AR_DIR || a->read == ST_AR_COUNT)
			continue;
		rel = st_xasprintf("sys/block/sda/%s", a->path);
		fz_link(root, rel, "/value");
		free(rel);
	}
	fz_mkdir(root, "sys/block/sda/mq/0");
	device("sys/block/sda/sda1", "8:1\n", part_values, ST_ARRAY_SIZE(part_values));
	fz_put(root, "sys/block/sda/sda1/partition", "1\n");
	device("sys/block/md0", "9:0\n", md_values, ST_ARRAY_SIZE(md_values));
	fz_link(root, "sys/block/md0/slaves/sda1", "../../sda/sda1");
	fz_link(root, "sys/block/sda/sda1/holders/md0", "../../../md0");
	device("sys/block/dm-0", "253:0\n", dm_values, ST_ARRAY_SIZE(dm_values));
	fz_link(root, "sys/block/dm-0/slaves/md0", "../../md0");
	fz_link(root, "sys/block/md0/holders/dm-0", "../../dm-0");
	device("sys/block/loop0", "7:0\n", loop_values, ST_ARRAY_SIZE(loop_values));
	for (size_t i = 0; i < st_vm_attrs.n; i++)
		if (st_vm_attrs.v[i].path)
			fz_link(root, st_vm_attrs.v[i].path, "/value");
	links(".", root_values, ST_ARRAY_SIZE(root_values));
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = st_xasprintf("%s/value", root);
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;

	fz_write_file(path, data, size);
	free(path);
	if (st_path_new(&pc, root) < 0)
		abort();
	if (st_probe_run(pc, &sys) == 0)
		st_system_free(sys);
	st_path_free(pc);
	return 0;
}
