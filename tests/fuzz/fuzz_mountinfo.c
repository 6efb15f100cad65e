/*
 * fuzz_mountinfo.c - mount tables through libmount, read the way
 * src/probe/probe_mounts.c reads them: the input is written as a sysroot's
 * proc/self/mountinfo, proc/swaps and etc/fstab (each parsed in its own
 * format), next to a disk and a partition the entries can name (8:0, 8:1),
 * then the probe runs over the tree and the mount of / is read again, as
 * apply does after a remount.
 */
#include "fuzz.h"
#include "st_mount.h"
#include "st_probe.h"

static char *root;

static const char *const tables[] = { "proc/self/mountinfo", "proc/swaps", "etc/fstab" };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet();
	root = st_xasprintf("%s/mounts", fz_tmpdir());
	fz_put(root, "sys/block/sda/dev", "8:0\n");
	fz_put(root, "sys/block/sda/size", "2097152\n");
	fz_put(root, "sys/block/sda/sda1/dev", "8:1\n");
	fz_put(root, "sys/block/sda/sda1/partition", "1\n");
	fz_put(root, "sys/block/sda/sda1/size", "2093056\n");
	for (size_t i = 0; i < ST_ARRAY_SIZE(tables); i++)
		fz_put(root, tables[i], "");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_system *sys = NULL;
	struct st_mount *m = NULL;
	struct st_path *pc = NULL;

	for (size_t i = 0; i < ST_ARRAY_SIZE(tables); i++) {
		char *path = st_xasprintf("%s/%s", root, tables[i]);

		fz_write_file(path, data, size);
		free(path);
	}
	if (st_path_new(&pc, root) < 0)
		abort();
	if (st_probe_run(pc, &sys) == 0)
		st_system_free(sys);
	if (st_mount_reread(pc, "/", &m) == 0)
		st_mount_free(m);
	st_path_free(pc);
	return 0;
}
