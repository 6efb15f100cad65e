/*
 * gen-sysroot: build a synthetic sysroot imitating a server with many SATA
 * HDDs, in the real Linux sysfs/procfs layout, for benchmarking
 * "stortune probe --sysroot" against "lsblk --sysroot".
 *
 * Usage: gen-sysroot DIR NDISKS [NPARTS]
 *
 * DIR must be empty or absent (its parent must exist).  NPARTS defaults to
 * 4 (1..15: the sd driver gives each disk 16 minors, so partitions 1..15
 * fit without extended dev numbers).  Disk names, majors and minors follow
 * the kernel's sd driver (sd_format_disk_name, sd_major, first_minor).
 *
 * Mounts (proc/self/mountinfo): / is ext4 on the first disk's partition 2,
 * and partition 1 of every disk is xfs on /srv/<disk>.  With NPARTS = 1, /
 * is on sda1 instead and /srv/sda is not mounted.
 *
 * Ports are numbered like the kernel's: host H sits on ata port H + 1.
 *
 * Layout produced (H = disk index, N = H + 1, X = sd name of index H):
 *   sys/devices/pci0000:00/0000:00:1f.2/ataN/hostH/targetH:0:0/H:0:0:0/
 *       {model,vendor,rev,type,state,queue_depth,scsi_level,wwid,...}
 *       block/X/{dev,size,ro,...,queue/,mq/0/,holders/,slaves/,device->}
 *       block/X/XP/{dev,size,start,partition,...}
 *   sys/devices/pci0000:00/0000:00:1f.2/ataN/hostH/scsi_host/hostH/proc_name
 *   sys/block/X                -> ../devices/.../block/X
 *   sys/dev/block/MAJ:MIN      -> ../../devices/.../block/X[/XP]
 *   sys/class/block/X[P]       -> ../../devices/.../block/X[/XP]
 *   sys/class/scsi_host/hostH  -> ../../devices/.../hostH/scsi_host/hostH
 *   sys/devices/system/cpu/{online,possible,present}
 *   proc/self/mountinfo, proc/meminfo, proc/cpuinfo, proc/partitions,
 *   proc/swaps, proc/sys/vm/dirty_* etc.
 *
 * Plain C11 + POSIX (openat/mkdirat/symlinkat); no other dependencies.
 * Every error is reported with the path concerned and exits with status 1.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROG "gen-sysroot"
#define MAX_DISKS 1048576L /* sd index space: minor bits 0xfff00 | 0xf0 */
#define MAX_PARTS 15

/* 4 TB drive, as reported by e.g. a Seagate ST4000NM0035 */
#define DISK_SECTORS 7814037168ULL
#define ALIGN 2048ULL
#define GPT_BACKUP 33ULL /* backup GPT header + entries at the end */

#define NCPUS 2

#define PCI_PATH "pci0000:00/0000:00:1f.2"

struct dir {
	int fd;
	char path[PATH_MAX];
};

static void die(const char *path, const char *what, int err)
{
	if (what)
		fprintf(stderr, PROG ": %s: %s: %s\n", path, what, strerror(err));
	else
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(err));
	exit(1);
}

/* snprintf that treats truncation as a fatal error. */
#ifdef __GNUC__
__attribute__((format(printf, 3, 4)))
#endif
static void xsnprintf(char *out, size_t outsz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, outsz, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= outsz) {
		fprintf(stderr, PROG ": internal error: name too long (%s...)\n", out);
		exit(1);
	}
}

static void join(char *out, size_t outsz, const char *a, const char *b)
{
	int n = snprintf(out, outsz, "%s/%s", a, b);
	if (n < 0 || (size_t)n >= outsz) {
		fprintf(stderr, PROG ": %s/%s: path too long\n", a, b);
		exit(1);
	}
}

/* Create directory NAME under PARENT (it must not exist) and open it. */
static void dmk(const struct dir *parent, const char *name, struct dir *out)
{
	join(out->path, sizeof(out->path), parent->path, name);
	if (mkdirat(parent->fd, name, 0755) != 0)
		die(out->path, "mkdir", errno);
	out->fd = openat(parent->fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (out->fd < 0)
		die(out->path, "open", errno);
}

/* Create an empty directory NAME under PARENT without opening it. */
static void dmk0(const struct dir *parent, const char *name)
{
	if (mkdirat(parent->fd, name, 0755) != 0) {
		char p[PATH_MAX];
		join(p, sizeof(p), parent->path, name);
		die(p, "mkdir", errno);
	}
}

static void dclose(struct dir *d)
{
	if (close(d->fd) != 0)
		die(d->path, "close", errno);
	d->fd = -1;
}

static void write_all(int fd, const char *buf, size_t len, const struct dir *d,
		      const char *name)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			char p[PATH_MAX];
			join(p, sizeof(p), d->path, name);
			die(p, "write", errno);
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* Write a small file NAME in D with printf-style contents. */
#ifdef __GNUC__
__attribute__((format(printf, 3, 4)))
#endif
static void wf(const struct dir *d, const char *name, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		fprintf(stderr, PROG ": %s/%s: contents too long\n", d->path, name);
		exit(1);
	}
	int fd = openat(d->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		char p[PATH_MAX];
		join(p, sizeof(p), d->path, name);
		die(p, "create", errno);
	}
	write_all(fd, buf, (size_t)n, d, name);
	if (close(fd) != 0) {
		char p[PATH_MAX];
		join(p, sizeof(p), d->path, name);
		die(p, "close", errno);
	}
}

/* Open NAME in D for streamed writing (large files). */
static FILE *fopenat(const struct dir *d, const char *name, char *pathout,
		     size_t pathsz)
{
	join(pathout, pathsz, d->path, name);
	int fd = openat(d->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		die(pathout, "create", errno);
	FILE *f = fdopen(fd, "w");
	if (!f)
		die(pathout, "fdopen", errno);
	return f;
}

static void fcloseck(FILE *f, const char *path)
{
	int bad = ferror(f);
	int err = errno;
	if (fclose(f) != 0)
		die(path, "write", errno);
	if (bad)
		die(path, "write", err ? err : EIO);
}

/* Symlink NAME in D pointing to TARGET. */
static void sl(const struct dir *d, const char *name, const char *target)
{
	if (symlinkat(target, d->fd, name) != 0) {
		char p[PATH_MAX];
		join(p, sizeof(p), d->path, name);
		die(p, "symlink", errno);
	}
}

/* Kernel sd naming (sd_format_disk_name): bijective base 26. */
static void sd_name(long index, char *buf, size_t bufsz)
{
	char tmp[16];
	char *p = tmp + sizeof(tmp) - 1;
	*p = '\0';
	do {
		*--p = (char)('a' + index % 26);
		index = index / 26 - 1;
	} while (index >= 0);
	xsnprintf(buf, bufsz, "sd%s", p);
}

/* Kernel sd_major(): majors for the 16 groups of 16 disks. */
static unsigned sd_major(unsigned idx)
{
	if (idx == 0)
		return 8;
	if (idx <= 7)
		return 65 + idx - 1;
	return 128 + idx - 8;
}

static const char ZSTAT[] =
	"       0        0        0        0        0        0        0"
	"        0        0        0        0        0        0        0"
	"        0        0        0\n";

struct disk {
	long idx;
	char name[16];
	unsigned major, minor;
	char devpath[256];   /* devices/... relative to sys/, up to block/X */
	char scsipath[256];  /* devices/... up to H:0:0:0 */
	char hostpath[256];  /* devices/... up to hostH */
};

static void disk_info(long i, struct disk *dk)
{
	dk->idx = i;
	sd_name(i, dk->name, sizeof(dk->name));
	dk->major = sd_major((unsigned)((i & 0xf0) >> 4));
	dk->minor = (unsigned)(((i & 0xf) << 4) | (i & 0xfff00));
	xsnprintf(dk->hostpath, sizeof(dk->hostpath),
		 "devices/" PCI_PATH "/ata%ld/host%ld", i + 1, i);
	xsnprintf(dk->scsipath, sizeof(dk->scsipath),
		 "%s/target%ld:0:0/%ld:0:0:0", dk->hostpath, i, i);
	xsnprintf(dk->devpath, sizeof(dk->devpath), "%s/block/%s",
		 dk->scsipath, dk->name);
}

struct layout {
	unsigned long long start[MAX_PARTS + 1];
	unsigned long long size[MAX_PARTS + 1];
};

static void part_layout(int nparts, struct layout *l)
{
	unsigned long long usable = DISK_SECTORS - ALIGN - GPT_BACKUP;
	unsigned long long each = usable / (unsigned long long)nparts / ALIGN * ALIGN;
	unsigned long long s = ALIGN;
	for (int p = 1; p <= nparts; p++) {
		l->start[p] = s;
		l->size[p] = each;
		s += each;
	}
}

struct ctx {
	struct dir pci;        /* sys/devices/pci0000:00/0000:00:1f.2 */
	struct dir sysblock;   /* sys/block */
	struct dir devblock;   /* sys/dev/block */
	struct dir classblock; /* sys/class/block */
	struct dir classhost;  /* sys/class/scsi_host */
	int nparts;
	struct layout lay;
	char cpu_list[64];
};

static void gen_disk(struct ctx *c, const struct disk *dk)
{
	long h = dk->idx;
	char nm[64], tgt[512];
	struct dir ata, host, sh, shh, target, scsi, block, disk, q, ios, mq, mq0;

	xsnprintf(nm, sizeof(nm), "ata%ld", h + 1);
	dmk(&c->pci, nm, &ata);
	xsnprintf(nm, sizeof(nm), "host%ld", h);
	dmk(&ata, nm, &host);
	dclose(&ata);

	/* SCSI host: scsi_host/hostH/proc_name */
	dmk(&host, "scsi_host", &sh);
	dmk(&sh, nm, &shh);
	wf(&shh, "proc_name", "ahci\n");
	wf(&shh, "unique_id", "%ld\n", h + 1);
	wf(&shh, "can_queue", "32\n");
	wf(&shh, "link_power_management_policy", "max_performance\n");
	dclose(&shh);
	dclose(&sh);
	xsnprintf(tgt, sizeof(tgt), "../../%s/scsi_host/host%ld", dk->hostpath, h);
	sl(&c->classhost, nm, tgt);

	xsnprintf(nm, sizeof(nm), "target%ld:0:0", h);
	dmk(&host, nm, &target);
	dclose(&host);
	xsnprintf(nm, sizeof(nm), "%ld:0:0:0", h);
	dmk(&target, nm, &scsi);
	dclose(&target);

	/* SCSI device attributes */
	uint32_t uniq = (uint32_t)((uint32_t)h * 2654435761u) ^ 0x5a3c0f1eu;
	wf(&scsi, "model", "ST4000NM0035-1V4\n");
	wf(&scsi, "vendor", "ATA     \n");
	wf(&scsi, "rev", "TN03\n");
	wf(&scsi, "type", "0\n");
	wf(&scsi, "state", "running\n");
	wf(&scsi, "queue_depth", "32\n");
	wf(&scsi, "queue_type", "simple\n");
	wf(&scsi, "scsi_level", "6\n");
	wf(&scsi, "timeout", "30\n");
	wf(&scsi, "eh_timeout", "10\n");
	wf(&scsi, "device_blocked", "0\n");
	wf(&scsi, "wwid", "naa.5000c500%08x\n", (unsigned)uniq);

	dmk(&scsi, "block", &block);
	dclose(&scsi);
	dmk(&block, dk->name, &disk);
	dclose(&block);

	/* Disk attributes */
	wf(&disk, "dev", "%u:%u\n", dk->major, dk->minor);
	wf(&disk, "size", "%llu\n", DISK_SECTORS);
	wf(&disk, "ro", "0\n");
	wf(&disk, "removable", "0\n");
	wf(&disk, "hidden", "0\n");
	wf(&disk, "alignment_offset", "0\n");
	wf(&disk, "discard_alignment", "0\n");
	wf(&disk, "capability", "0\n");
	wf(&disk, "ext_range", "16\n");
	wf(&disk, "range", "16\n");
	wf(&disk, "diskseq", "%ld\n", h + 1);
	wf(&disk, "events", "\n");
	wf(&disk, "events_async", "\n");
	wf(&disk, "events_poll_msecs", "-1\n");
	wf(&disk, "inflight", "       0        0\n");
	wf(&disk, "uevent", "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\nDEVTYPE=disk\n"
	   "DISKSEQ=%ld\n", dk->major, dk->minor, dk->name, h + 1);
	wf(&disk, "stat", "%s", ZSTAT);
	xsnprintf(tgt, sizeof(tgt), "../../../%ld:0:0:0", h);
	sl(&disk, "device", tgt);
	dmk0(&disk, "holders");
	dmk0(&disk, "slaves");

	/* queue/ */
	dmk(&disk, "queue", &q);
	wf(&q, "rotational", "1\n");
	wf(&q, "scheduler", "[mq-deadline] kyber bfq none\n");
	wf(&q, "nr_requests", "64\n");
	wf(&q, "read_ahead_kb", "128\n");
	wf(&q, "max_sectors_kb", "1280\n");
	wf(&q, "max_hw_sectors_kb", "32767\n");
	wf(&q, "max_segments", "168\n");
	wf(&q, "max_segment_size", "65536\n");
	wf(&q, "logical_block_size", "512\n");
	wf(&q, "physical_block_size", "4096\n");
	wf(&q, "hw_sector_size", "512\n");
	wf(&q, "minimum_io_size", "4096\n");
	wf(&q, "optimal_io_size", "0\n");
	wf(&q, "write_cache", "write back\n");
	wf(&q, "fua", "0\n");
	wf(&q, "discard_max_bytes", "0\n");
	wf(&q, "discard_max_hw_bytes", "0\n");
	wf(&q, "discard_granularity", "0\n");
	wf(&q, "discard_zeroes_data", "0\n");
	wf(&q, "write_same_max_bytes", "0\n");
	wf(&q, "write_zeroes_max_bytes", "0\n");
	wf(&q, "zoned", "none\n");
	wf(&q, "nr_zones", "0\n");
	wf(&q, "chunk_sectors", "0\n");
	wf(&q, "dax", "0\n");
	wf(&q, "rq_affinity", "1\n");
	wf(&q, "nomerges", "0\n");
	wf(&q, "io_poll", "0\n");
	wf(&q, "io_timeout", "30000\n");
	wf(&q, "wbt_lat_usec", "75000\n");
	wf(&q, "add_random", "1\n");
	wf(&q, "iostats", "1\n");
	wf(&q, "stable_writes", "0\n");
	dmk(&q, "iosched", &ios);
	wf(&ios, "async_depth", "48\n");
	wf(&ios, "fifo_batch", "16\n");
	wf(&ios, "front_merges", "1\n");
	wf(&ios, "prio_aging_expire", "10000\n");
	wf(&ios, "read_expire", "500\n");
	wf(&ios, "write_expire", "5000\n");
	wf(&ios, "writes_starved", "2\n");
	dclose(&ios);
	dclose(&q);

	/* mq/0/ */
	dmk(&disk, "mq", &mq);
	dmk(&mq, "0", &mq0);
	wf(&mq0, "cpu_list", "%s\n", c->cpu_list);
	wf(&mq0, "nr_tags", "32\n");
	wf(&mq0, "nr_reserved_tags", "0\n");
	for (int cpu = 0; cpu < NCPUS; cpu++) {
		xsnprintf(nm, sizeof(nm), "cpu%d", cpu);
		dmk0(&mq0, nm);
	}
	dclose(&mq0);
	dclose(&mq);

	/* Links to the disk */
	xsnprintf(tgt, sizeof(tgt), "../%s", dk->devpath);
	sl(&c->sysblock, dk->name, tgt);
	xsnprintf(tgt, sizeof(tgt), "../../%s", dk->devpath);
	sl(&c->classblock, dk->name, tgt);
	xsnprintf(nm, sizeof(nm), "%u:%u", dk->major, dk->minor);
	sl(&c->devblock, nm, tgt);

	/* Partitions */
	for (int p = 1; p <= c->nparts; p++) {
		char pname[32];
		struct dir pd;
		unsigned minor = dk->minor + (unsigned)p;
		xsnprintf(pname, sizeof(pname), "%s%d", dk->name, p);
		dmk(&disk, pname, &pd);
		wf(&pd, "dev", "%u:%u\n", dk->major, minor);
		wf(&pd, "size", "%llu\n", c->lay.size[p]);
		wf(&pd, "start", "%llu\n", c->lay.start[p]);
		wf(&pd, "partition", "%d\n", p);
		wf(&pd, "ro", "0\n");
		wf(&pd, "alignment_offset", "0\n");
		wf(&pd, "discard_alignment", "0\n");
		wf(&pd, "inflight", "       0        0\n");
		wf(&pd, "uevent", "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\n"
		   "DEVTYPE=partition\nDISKSEQ=%ld\nPARTN=%d\n",
		   dk->major, minor, pname, h + 1, p);
		wf(&pd, "stat", "%s", ZSTAT);
		dmk0(&pd, "holders");
		dclose(&pd);

		xsnprintf(tgt, sizeof(tgt), "../../%s/%s", dk->devpath, pname);
		xsnprintf(nm, sizeof(nm), "%u:%u", dk->major, minor);
		sl(&c->devblock, nm, tgt);
		sl(&c->classblock, pname, tgt);
	}
	dclose(&disk);
}

static void gen_proc(const struct dir *root, long ndisks, int nparts,
		     const struct layout *lay)
{
	struct dir proc, self, sys, vm;
	char path[PATH_MAX];
	FILE *f;

	dmk(root, "proc", &proc);

	/* /proc/self/mountinfo */
	dmk(&proc, "self", &self);
	f = fopenat(&self, "mountinfo", path, sizeof(path));
	{
		struct disk d0;
		disk_info(0, &d0);
		/* / is on the first disk's partition 2 (partition 1 when there is
		 * only one, which then is not also mounted at /srv). */
		int rootp = nparts >= 2 ? 2 : 1;
		int id = 21;
		fprintf(f, "%d 1 %u:%u / / rw,relatime shared:1 - ext4 /dev/%s%d "
			"rw,errors=remount-ro\n", id, d0.major, d0.minor + (unsigned)rootp,
			d0.name, rootp);
		fprintf(f,
			"22 21 0:20 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
			"23 21 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
			"24 21 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs udev "
			"rw,size=32853224k,nr_inodes=8213306,mode=755,inode64\n"
			"25 24 0:22 / /dev/pts rw,nosuid,noexec,relatime shared:3 - devpts devpts "
			"rw,gid=5,mode=620,ptmxmode=000\n"
			"26 21 0:23 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs "
			"rw,size=6574624k,mode=755,inode64\n"
			"27 22 0:6 / /sys/kernel/security rw,nosuid,nodev,noexec,relatime shared:8 - "
			"securityfs securityfs rw\n"
			"28 24 0:24 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw,inode64\n"
			"29 26 0:25 / /run/lock rw,nosuid,nodev,noexec,relatime shared:6 - tmpfs tmpfs "
			"rw,size=5120k,inode64\n"
			"30 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - "
			"cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n"
			"31 22 0:27 / /sys/fs/pstore rw,nosuid,nodev,noexec,relatime shared:10 - "
			"pstore pstore rw\n"
			"32 22 0:28 / /sys/fs/bpf rw,nosuid,nodev,noexec,relatime shared:11 - "
			"bpf bpf rw,mode=700\n"
			"33 23 0:29 / /proc/sys/fs/binfmt_misc rw,relatime shared:13 - autofs "
			"systemd-1 rw,fd=30,pgrp=1,timeout=0,minproto=5,maxproto=5,direct\n"
			"34 24 0:19 / /dev/mqueue rw,nosuid,nodev,noexec,relatime shared:14 - "
			"mqueue mqueue rw\n"
			"35 22 0:7 / /sys/kernel/debug rw,nosuid,nodev,noexec,relatime shared:15 - "
			"debugfs debugfs rw\n"
			"36 22 0:12 / /sys/kernel/tracing rw,nosuid,nodev,noexec,relatime shared:16 - "
			"tracefs tracefs rw\n"
			"37 22 0:30 / /sys/kernel/config rw,nosuid,nodev,noexec,relatime shared:17 - "
			"configfs configfs rw\n");
		id = 40;
		for (long i = 0; i < ndisks; i++) {
			struct disk dk;
			if (i == 0 && rootp == 1)
				continue;
			disk_info(i, &dk);
			fprintf(f, "%d 21 %u:%u / /srv/%s rw,noatime shared:%d - xfs "
				"/dev/%s1 rw,attr2,inode64,logbufs=8,logbsize=32k,noquota\n",
				id, dk.major, dk.minor + 1, dk.name, id - 20, dk.name);
			id++;
		}
	}
	fcloseck(f, path);
	dclose(&self);

	/* /proc/partitions */
	f = fopenat(&proc, "partitions", path, sizeof(path));
	fprintf(f, "major minor  #blocks  name\n\n");
	for (long i = 0; i < ndisks; i++) {
		struct disk dk;
		disk_info(i, &dk);
		fprintf(f, "%4u %7u %10llu %s\n", dk.major, dk.minor,
			DISK_SECTORS / 2, dk.name);
		for (int p = 1; p <= nparts; p++)
			fprintf(f, "%4u %7u %10llu %s%d\n", dk.major, dk.minor + (unsigned)p,
				lay->size[p] / 2, dk.name, p);
	}
	fcloseck(f, path);

	wf(&proc, "swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");

	wf(&proc, "meminfo",
	   "MemTotal:       65798236 kB\n"
	   "MemFree:        21468872 kB\n"
	   "MemAvailable:   58120444 kB\n"
	   "Buffers:          412316 kB\n"
	   "Cached:         35110564 kB\n"
	   "SwapCached:            0 kB\n"
	   "Active:         14286920 kB\n"
	   "Inactive:       27403184 kB\n"
	   "Active(anon):    6118460 kB\n"
	   "Inactive(anon):      836 kB\n"
	   "Active(file):    8168460 kB\n"
	   "Inactive(file): 27402348 kB\n"
	   "Unevictable:           0 kB\n"
	   "Mlocked:               0 kB\n"
	   "SwapTotal:             0 kB\n"
	   "SwapFree:              0 kB\n"
	   "Dirty:             48212 kB\n"
	   "Writeback:             0 kB\n"
	   "AnonPages:       6167128 kB\n"
	   "Mapped:           412600 kB\n"
	   "Shmem:             12372 kB\n"
	   "KReclaimable:    1864036 kB\n"
	   "Slab:            2431816 kB\n"
	   "SReclaimable:    1864036 kB\n"
	   "SUnreclaim:       567780 kB\n"
	   "KernelStack:       10416 kB\n"
	   "PageTables:        28652 kB\n"
	   "NFS_Unstable:          0 kB\n"
	   "Bounce:                0 kB\n"
	   "WritebackTmp:          0 kB\n"
	   "CommitLimit:    32899116 kB\n"
	   "Committed_AS:    9235120 kB\n"
	   "VmallocTotal:   34359738367 kB\n"
	   "VmallocUsed:      141312 kB\n"
	   "VmallocChunk:          0 kB\n"
	   "Percpu:             4480 kB\n"
	   "HardwareCorrupted:     0 kB\n"
	   "AnonHugePages:   2048000 kB\n"
	   "ShmemHugePages:        0 kB\n"
	   "ShmemPmdMapped:        0 kB\n"
	   "FileHugePages:         0 kB\n"
	   "FilePmdMapped:         0 kB\n"
	   "HugePages_Total:       0\n"
	   "HugePages_Free:        0\n"
	   "HugePages_Rsvd:        0\n"
	   "HugePages_Surp:        0\n"
	   "Hugepagesize:       2048 kB\n"
	   "Hugetlb:               0 kB\n"
	   "DirectMap4k:      464712 kB\n"
	   "DirectMap2M:    14133248 kB\n"
	   "DirectMap1G:    52428800 kB\n");

	f = fopenat(&proc, "cpuinfo", path, sizeof(path));
	for (int cpu = 0; cpu < NCPUS; cpu++) {
		fprintf(f,
			"processor\t: %d\n"
			"vendor_id\t: GenuineIntel\n"
			"cpu family\t: 6\n"
			"model\t\t: 85\n"
			"model name\t: Intel(R) Xeon(R) Silver 4110 CPU @ 2.10GHz\n"
			"stepping\t: 4\n"
			"microcode\t: 0x2006e05\n"
			"cpu MHz\t\t: 2100.000\n"
			"cache size\t: 11264 KB\n"
			"physical id\t: 0\n"
			"siblings\t: %d\n"
			"core id\t\t: %d\n"
			"cpu cores\t: %d\n"
			"apicid\t\t: %d\n"
			"initial apicid\t: %d\n"
			"fpu\t\t: yes\n"
			"fpu_exception\t: yes\n"
			"cpuid level\t: 22\n"
			"wp\t\t: yes\n"
			"flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca "
			"cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb "
			"rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid "
			"pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt "
			"aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch "
			"fsgsbase bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f avx512dq "
			"rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt "
			"xsavec xgetbv1 xsaves arat pku ospke\n"
			"bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit\n"
			"bogomips\t: 4200.00\n"
			"clflush size\t: 64\n"
			"cache_alignment\t: 64\n"
			"address sizes\t: 46 bits physical, 48 bits virtual\n"
			"power management:\n\n",
			cpu, NCPUS, cpu, NCPUS, cpu * 2, cpu * 2);
	}
	fcloseck(f, path);

	dmk(&proc, "sys", &sys);
	dmk(&sys, "vm", &vm);
	wf(&vm, "dirty_ratio", "20\n");
	wf(&vm, "dirty_background_ratio", "10\n");
	wf(&vm, "dirty_bytes", "0\n");
	wf(&vm, "dirty_background_bytes", "0\n");
	wf(&vm, "dirty_expire_centisecs", "3000\n");
	wf(&vm, "dirty_writeback_centisecs", "500\n");
	wf(&vm, "swappiness", "60\n");
	wf(&vm, "vfs_cache_pressure", "100\n");
	dclose(&vm);
	dclose(&sys);
	dclose(&proc);
}

static long parse_num(const char *s, const char *what, long lo, long hi)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, PROG ": invalid %s '%s' (expected %ld..%ld)\n",
			what, s, lo, hi);
		exit(2);
	}
	return v;
}

/* Create DIR (its parent must exist) or accept it if it exists and is empty. */
static void prepare_root(const char *dir, struct dir *root)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		die(dir, "mkdir", errno);

	root->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root->fd < 0)
		die(dir, "open", errno);
	xsnprintf(root->path, sizeof(root->path), "%s", dir);

	int fd2 = dup(root->fd);
	if (fd2 < 0)
		die(dir, "dup", errno);
	DIR *d = fdopendir(fd2);
	if (!d)
		die(dir, "opendir", errno);
	struct dirent *e;
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			fprintf(stderr, PROG ": %s: directory is not empty, refusing "
				"to write into it\n", dir);
			exit(1);
		}
	}
	if (errno)
		die(dir, "readdir", errno);
	closedir(d);
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: " PROG " DIR NDISKS [NPARTS]\n"
			"  Create a synthetic sysroot with NDISKS SATA HDDs of NPARTS "
			"partitions (default 4, max %d) in DIR (must be empty or absent).\n",
			MAX_PARTS);
		return 2;
	}
	long ndisks = parse_num(argv[2], "NDISKS", 1, MAX_DISKS);
	int nparts = argc > 3 ? (int)parse_num(argv[3], "NPARTS", 1, MAX_PARTS) : 4;

	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.nparts = nparts;
	part_layout(nparts, &c.lay);
	{
		size_t n = 0;
		for (int cpu = 0; cpu < NCPUS; cpu++)
			n += (size_t)snprintf(c.cpu_list + n, sizeof(c.cpu_list) - n,
					      cpu ? ", %d" : "%d", cpu);
	}

	struct dir root, sys, devices, pci0, dev, class, sdev, cpu;
	prepare_root(argv[1], &root);

	dmk(&root, "sys", &sys);
	dmk(&sys, "devices", &devices);
	dmk(&devices, "pci0000:00", &pci0);
	dmk(&pci0, "0000:00:1f.2", &c.pci);
	wf(&c.pci, "vendor", "0x8086\n");
	wf(&c.pci, "device", "0xa182\n");
	wf(&c.pci, "class", "0x010601\n");
	dclose(&pci0);
	dmk(&sys, "block", &c.sysblock);
	dmk(&sys, "dev", &dev);
	dmk(&dev, "block", &c.devblock);
	dmk0(&dev, "char");
	dclose(&dev);
	dmk(&sys, "class", &class);
	dmk(&class, "block", &c.classblock);
	dmk(&class, "scsi_host", &c.classhost);
	dclose(&class);

	dmk(&devices, "system", &sdev);
	dmk(&sdev, "cpu", &cpu);
	{
		char range[32];
		xsnprintf(range, sizeof(range), "0-%d\n", NCPUS - 1);
		wf(&cpu, "online", "%s", range);
		wf(&cpu, "possible", "%s", range);
		wf(&cpu, "present", "%s", range);
	}
	dclose(&cpu);
	dclose(&sdev);
	dclose(&devices);

	for (long i = 0; i < ndisks; i++) {
		struct disk dk;
		disk_info(i, &dk);
		gen_disk(&c, &dk);
	}
	dclose(&c.pci);
	dclose(&c.sysblock);
	dclose(&c.devblock);
	dclose(&c.classblock);
	dclose(&c.classhost);

	dclose(&sys);
	gen_proc(&root, ndisks, nparts, &c.lay);
	dclose(&root);
	return 0;
}
