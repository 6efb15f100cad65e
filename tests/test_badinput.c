/*
 * test_badinput.c - every probe against broken attribute files: empty,
 * truncated, non-numeric, too large for its type, binary.  Also a garbage
 * mountinfo and sysroots with directories missing.  The contract: a warning
 * that names the file, the value unknown (null in JSON), everything else
 * still probed, no crash, no leak (make check runs this under ASan).
 */
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <time.h>

#include "st_probe.h"
#include "st_report_probe.h"
#include "st_test.h"

enum corruption { EMPTY, TRUNCATED, NONNUMERIC, TOOLARGE, BINARY, CORRUPTION_NR };
#define ALL ((1u << CORRUPTION_NR) - 1)
#define BIT(c) (1u << (c))

static const char *const corruption_name[CORRUPTION_NR] = { "empty", "truncated", "non-numeric",
							     "too large", "binary" };

struct attr_case {
	const char *probe;     /* which probe reads it, for the failure message */
	const char *fixture;
	const char *dev;       /* kname whose JSON object holds key */
	const char *file;      /* under sys/block/<disk>/ (or the root when it starts with '/') */
	const char *key;       /* JSON key that must become null; NULL: the device vanishes */
	const char *truncated; /* a cut-short value that is detectably wrong */
	unsigned must_warn;    /* corruptions that must warn and null the key */
	bool fallback;         /* another source may still supply the value */
};

static const struct attr_case cases[] = {
	{ "identity", "desktop-ssd-hdd", "sdb", "sdb/size", "size", NULL, ALL & ~BIT(TRUNCATED), false },
	{ "identity", "desktop-ssd-hdd", "sdb", "sdb/ro", "ro", "", ALL, false },
	{ "identity", "desktop-ssd-hdd", "sdb", "sdb/removable", "removable", "", ALL, false },
	{ "identity", "desktop-ssd-hdd", "sdb", "sdb/device/model", "model", NULL, BIT(BINARY), false },
	{ "identity", "desktop-ssd-hdd", "sdb", "sdb/device/vendor", "vendor", NULL, BIT(BINARY), false },
	{ "stack", "desktop-ssd-hdd", "sdb1", "sdb/sdb1/start", "partition.start", NULL,
	  ALL & ~BIT(TRUNCATED), false },
	{ "enum", "desktop-ssd-hdd", "sdb", "sdb/dev", NULL, "8:", ALL, false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/rotational", "rotational", "", ALL, false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/scheduler", "scheduler", "mq-deadline kyber [bf",
	  BIT(EMPTY) | BIT(TRUNCATED) | BIT(BINARY), false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/nr_requests", "nr_requests", NULL,
	  ALL & ~BIT(TRUNCATED), false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/read_ahead_kb", "read_ahead_kb", NULL,
	  ALL & ~BIT(TRUNCATED), false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/max_sectors_kb", "max_sectors_kb", NULL,
	  ALL & ~BIT(TRUNCATED), false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/logical_block_size", "logical_block_size",
	  "51", ALL, false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/physical_block_size", "physical_block_size",
	  "409", ALL, false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/minimum_io_size", "min_io", "409", ALL, false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/optimal_io_size", "opt_io", "40", ALL, false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/write_cache", "write_cache", "write ba", ALL, false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/zoned", "zoned", "no", ALL, false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/discard_max_bytes", "discard_max_bytes", NULL,
	  ALL & ~BIT(TRUNCATED), false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/rq_affinity", "rq_affinity", "", ALL, false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/nomerges", "nomerges", "", ALL, false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/queue/wbt_lat_usec", "wbt_lat_usec", NULL,
	  ALL & ~BIT(TRUNCATED), false },
	{ "queue", "desktop-ssd-hdd", "sdb", "sdb/device/queue_depth", "queue_depth", NULL,
	  ALL & ~BIT(TRUNCATED), false },
	{ "stack", "raid10-xfs", "md0", "md0/md/chunk_size", "raid.chunk_kb", NULL,
	  ALL & ~BIT(TRUNCATED), false },
	{ "stack", "raid10-xfs", "md0", "md0/md/raid_disks", "raid.raid_disks", NULL,
	  ALL & ~BIT(TRUNCATED), false },
	{ "stack", "raid10-xfs", "md0", "md0/md/degraded", "raid.degraded", NULL,
	  ALL & ~BIT(TRUNCATED), false },
	{ "stack", "virtio-vm", "loop0", "loop0/loop/dio", "loop.dio", "", ALL, false },
	{ "identity", "lvm-luks-nvme", "dm-1", "dm-1/dm/uuid", "dm.uuid", NULL, BIT(BINARY), false },
	{ "system", "desktop-ssd-hdd", NULL, "/proc/sys/vm/dirty_ratio", "system.vm.dirty_ratio", "",
	  ALL, false },
	{ "system", "desktop-ssd-hdd", NULL, "/proc/sys/vm/swappiness", "system.vm.swappiness", "",
	  ALL, false },
	{ "system", "desktop-ssd-hdd", NULL, "/proc/sys/vm/dirty_bytes", "system.vm.dirty_bytes", "",
	  ALL, false },
	{ "system", "desktop-ssd-hdd", NULL, "/proc/meminfo", "system.mem_total",
	  "MemTotal:       16", ALL & ~BIT(TRUNCATED), false },
	/* the CPU count falls back to counting /proc/cpuinfo's processors */
	{ "system", "desktop-ssd-hdd", NULL, "/sys/devices/system/cpu/online", "system.cpus", "0-",
	  ALL & ~BIT(TOOLARGE), true },
};

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = st_xmalloc(1 << 20);

	assert_non_null(f);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/*
 * The path a warning names: the device's canonical sysfs directory plus the
 * attribute as stortune reads it ("device/model" through the device link).
 */
static char *shown_path(const char *root, const char *file)
{
	char *devlink, *devdir, *r;
	const char *slash = strchr(file, '/');

	if (file[0] == '/') {
		char *p = st_xasprintf("%s%s", root, file), *rp = realpath(p, NULL);

		free(p);
		return rp;
	}
	devlink = st_xasprintf("%s/sys/block/%.*s", root, (int)(slash - file), file);
	devdir = realpath(devlink, NULL);
	assert_non_null(devdir);
	r = st_xasprintf("%s%s", devdir, slash);
	free(devlink);
	free(devdir);
	return r;
}

static struct json_object *find_dev(struct json_object *arr, const char *kname)
{
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *d = json_object_array_get_idx(arr, i), *r;

		if (strcmp(json_object_get_string(json_object_object_get(d, "kname")), kname) == 0)
			return d;
		if ((r = find_dev(json_object_object_get(d, "children"), kname)))
			return r;
	}
	return NULL;
}

/* "raid.chunk_kb" -> nested lookup; *exists says whether the key is there */
static struct json_object *lookup(struct json_object *o, const char *dotted, bool *exists)
{
	char *copy = st_xstrdup(dotted), *save = NULL, *tok;
	struct json_object *cur = o;

	*exists = true;
	for (tok = strtok_r(copy, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
		if (!cur || !json_object_object_get_ex(cur, tok, &cur)) {
			*exists = false;
			cur = NULL;
			break;
		}
	}
	free(copy);
	return cur;
}

static void test_attributes(void **state)
{
	char *dirs[16] = { 0 };
	const char *names[16] = { 0 };
	int failures = 0, checked = 0;

	(void)state;
	for (size_t c = 0; c < ST_ARRAY_SIZE(cases); c++) {
		const struct attr_case *tc = &cases[c];
		char *root = NULL, *path, *canon, *orig, *named_as;
		size_t i, origlen;

		for (i = 0; names[i]; i++)
			if (strcmp(names[i], tc->fixture) == 0)
				break;
		if (!names[i]) {
			names[i] = tc->fixture;
			dirs[i] = st_test_copy_fixture(tc->fixture);
			/* sysfs alone: udev's copy of a value would hide the loss */
			char *cmd = st_xasprintf("rm -rf '%s/run/udev/data'", dirs[i]);
			assert_int_equal(system(cmd), 0);
			free(cmd);
		}
		root = dirs[i];
		path = tc->file[0] == '/' ? st_xasprintf("%s%s", root, tc->file)
					  : st_xasprintf("%s/sys/block/%s", root, tc->file);
		canon = realpath(path, NULL);
		if (!canon)
			fprintf(stderr, "fixture %s lacks %s\n", tc->fixture, tc->file);
		assert_non_null(canon);
		named_as = shown_path(root, tc->file);
		orig = read_file(canon, &origlen);

		for (int k = 0; k < CORRUPTION_NR; k++) {
			static const char binary[] = { 0x00, 0x7f, (char)0xfe, 0x01, 0x1b };
			const char *content = k == EMPTY	? ""
					      : k == TRUNCATED	? tc->truncated
					      : k == NONNUMERIC ? "fast\n"
					      : k == TOOLARGE	? "99999999999999999999999\n"
								: binary;
			size_t len = k == BINARY ? sizeof(binary) : content ? strlen(content) : 0;
			bool must = tc->must_warn & BIT(k);
			struct json_object *j, *node, *v;
			bool exists;

			if (!content)
				continue;
			st_test_write("/", canon, content, len);
			st_test_log_start();
			j = st_test_probe_json(root);
			checked++;

			node = !tc->dev ? j : find_dev(json_object_object_get(j, "devices"), tc->dev);
			v = node && tc->key ? lookup(node, tc->key, &exists) : NULL;
			if (must) {
				char *want = st_xasprintf("%s:", named_as);
				bool named = strstr(st_test_log_text(), want) != NULL;
				bool nulled = tc->key ? (node && exists && (!v || tc->fallback)) : !node;

				if (!named || !nulled) {
					fprintf(stderr,
						"%s probe, %s, %s: warning naming the file: %s; "
						"value unknown: %s\nlog: %s",
						tc->probe, tc->file, corruption_name[k],
						named ? "yes" : "NO", nulled ? "yes" : "NO",
						st_test_log_text());
					failures++;
				}
				free(want);
			}
			/* whatever the corruption, the other disks are still there */
			if (strcmp(tc->fixture, "desktop-ssd-hdd") == 0 &&
			    !find_dev(json_object_object_get(j, "devices"), "sda")) {
				fprintf(stderr, "%s %s: sda lost\n", tc->file, corruption_name[k]);
				failures++;
			}
			json_object_put(j);
			st_test_log_stop();
		}
		st_test_write("/", canon, orig, origlen);
		free(named_as);
		free(orig);
		free(canon);
		free(path);
	}
	for (size_t i = 0; dirs[i]; i++)
		st_test_rmtree(dirs[i]);
	printf("%d probes of corrupted attributes, %d failures\n", checked, failures);
	assert_int_equal(failures, 0);
}

static void test_garbage_mountinfo(void **state)
{
	static const char garbage[] = "this is not a mountinfo line\n"
				      "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
				      "\x01\x02\x03 binary \xff\xfe\n"
				      "42\n";
	char *root = st_test_copy_fixture("desktop-ssd-hdd");
	struct json_object *j;

	(void)state;
	st_test_write(root, "proc/self/mountinfo", garbage, sizeof(garbage) - 1);
	st_test_log_start();
	j = st_test_probe_json(root);
	/* each bad line is named by file and line; the good one is still read */
	assert_non_null(strstr(st_test_log_text(), "/proc/self/mountinfo:1: unparsable line ignored"));
	assert_non_null(strstr(st_test_log_text(), "/proc/self/mountinfo:3: binary data, line ignored"));
	assert_non_null(strstr(st_test_log_text(), "/proc/self/mountinfo:4: unparsable line ignored"));
	assert_null(strstr(st_test_log_text(), "/proc/self/mountinfo:2:"));
	assert_non_null(find_dev(json_object_object_get(j, "devices"), "sda"));
	json_object_put(j);

	/* a valid mount after junk is still attached to its device */
	static const char partly[] = "junk\n"
				     "30 1 8:2 / / rw,noatime shared:1 - ext4 /dev/sda2 rw\n";
	st_test_write(root, "proc/self/mountinfo", partly, sizeof(partly) - 1);
	j = st_test_probe_json(root);
	struct json_object *sda2 = find_dev(json_object_object_get(j, "devices"), "sda2");
	assert_non_null(sda2);
	assert_int_equal(json_object_array_length(json_object_object_get(sda2, "mounts")), 1);
	json_object_put(j);

	st_test_write(root, "proc/self/mountinfo", "\0\0\0\0\0\0", 6);
	j = st_test_probe_json(root);
	assert_non_null(strstr(st_test_log_text(), "/proc/self/mountinfo:1: binary data"));
	assert_non_null(find_dev(json_object_object_get(j, "devices"), "sdb1"));
	json_object_put(j);

	st_test_write(root, "proc/swaps", "garbage\n/dev/sda3 partition 1 0 -2\n", 35);
	j = st_test_probe_json(root);
	assert_non_null(strstr(st_test_log_text(), "/proc/swaps:1: not a /proc/swaps header"));
	json_object_put(j);
	st_test_log_stop();
	st_test_rmtree(root);
}

/* crypttab lines and bcache attributes that make no sense: each named by
 * file (and line), the rest still read, nothing guessed. */
static void test_garbage_crypttab_bcache(void **state)
{
	static const char tab[] = "# comment\n"
				  "\n"
				  "nvme0n1p3_crypt\n"
				  "a b c d e f\n"
				  "nvme0n1p3_crypt UUID=x none luks,discard,no-read-workqueue\n"
				  "nvme0n1p3_crypt UUID=x none luks\n";
	char *root = st_test_copy_fixture("bcache-hdd");
	struct json_object *j, *crypt, *cache;

	(void)state;
	st_test_write(root, "etc/crypttab", tab, sizeof(tab) - 1);
	st_test_write(root, "sys/block/sda/bcache/dirty_data", "lots\n", 5);
	st_test_write(root, "sys/block/sda/bcache/cache_mode", "writeback\n", 10);
	st_test_log_start();
	j = st_test_probe_json(root);
	assert_non_null(strstr(st_test_log_text(), "/etc/crypttab:3: expected NAME DEVICE [KEYFILE "
						   "[OPTIONS]], found 1 fields; line ignored"));
	assert_non_null(strstr(st_test_log_text(), "/etc/crypttab:4: expected NAME DEVICE"));
	assert_non_null(strstr(st_test_log_text(),
			       "/etc/crypttab:6: nvme0n1p3_crypt is listed again; the first entry counts"));
	assert_null(strstr(st_test_log_text(), "/etc/crypttab:1:"));
	assert_null(strstr(st_test_log_text(), "/etc/crypttab:5:"));
	assert_non_null(strstr(st_test_log_text(), "bcache/dirty_data"));
	assert_non_null(strstr(st_test_log_text(), "bcache/cache_mode"));
	crypt = json_object_object_get(find_dev(json_object_object_get(j, "devices"), "dm-0"), "crypt");
	assert_non_null(crypt);
	assert_true(json_object_get_boolean(json_object_object_get(crypt, "crypttab_discard")));
	assert_true(json_object_get_boolean(json_object_object_get(crypt, "no_read_workqueue")));
	assert_false(json_object_get_boolean(json_object_object_get(crypt, "no_write_workqueue")));
	cache = json_object_object_get(find_dev(json_object_object_get(j, "devices"), "sda"), "cache");
	assert_non_null(cache);
	assert_null(json_object_object_get(cache, "mode"));
	assert_null(json_object_object_get(cache, "dirty_bytes"));
	assert_string_equal(json_object_get_string(json_object_object_get(cache, "state")), "dirty");
	json_object_put(j);
	st_test_log_stop();
	st_test_rmtree(root);
}

/* The scheduler of sdb in root after writing line to its file, NULL when
 * unknown; *secs is how long the probe took. */
static char *scheduler_after(const char *root, const char *line, double *secs)
{
	char *path = st_xasprintf("%s/sys/block/sdb/queue/scheduler", root), *canon, *r = NULL;
	struct json_object *j, *sdb, *v;
	struct timespec t0, t1;

	canon = realpath(path, NULL);
	assert_non_null(canon);
	st_test_write("/", canon, line, strlen(line));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	j = st_test_probe_json(root);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	sdb = find_dev(json_object_object_get(j, "devices"), "sdb");
	assert_non_null(sdb);
	if (json_object_object_get_ex(sdb, "scheduler", &v) && v)
		r = st_xstrdup(json_object_get_string(v));
	json_object_put(j);
	free(canon);
	free(path);
	return r;
}

/*
 * A scheduler line of hundreds of thousands of words (a hostile or damaged
 * tree: a regular file is not cut at a page as sysfs is) was parsed into a
 * list one quadratic append at a time: minutes.  More entries than any
 * kernel lists is malformed, and the probe stays fast.
 */
/* "x x ... [bfq]": words entries in all */
static char *scheduler_line(size_t words)
{
	char *line = st_xmalloc(2 * words + 8), *p = line;

	for (size_t i = 1; i < words; i++) {
		memcpy(p, "x ", 2);
		p += 2;
	}
	strcpy(p, "[bfq]\n");
	return line;
}

static void test_scheduler_flood(void **state)
{
	char *root = st_test_copy_fixture("desktop-ssd-hdd"), *line, *sched;
	size_t words = 400000;
	double secs;

	(void)state;
	line = scheduler_line(words);
	st_test_log_start();
	sched = scheduler_after(root, line, &secs);
	assert_null(sched);
	assert_non_null(strstr(st_test_log_text(), "queue/scheduler: malformed scheduler list"));
	st_test_log_stop();
	printf("probe with a %zu-word scheduler line: %.2f s\n", words, secs);
	assert_true(secs < 10);
	free(line);

	/* 64 entries is the most a line may have */
	line = scheduler_line(64);
	sched = scheduler_after(root, line, &secs);
	assert_non_null(sched);
	assert_string_equal(sched, "bfq");
	free(sched);
	free(line);
	line = scheduler_line(65);
	st_test_log_start();
	assert_null(scheduler_after(root, line, &secs));
	assert_non_null(strstr(st_test_log_text(), "queue/scheduler: malformed scheduler list"));
	st_test_log_stop();
	free(line);
	st_test_rmtree(root);
}

static void remove_path(const char *root, const char *rel)
{
	char *cmd = st_xasprintf("rm -rf '%s/%s'", root, rel);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void test_missing_directories(void **state)
{
	char *root = st_test_copy_fixture("desktop-ssd-hdd");
	struct json_object *j, *sys;
	bool exists;

	(void)state;
	/* no vm sysctls, no meminfo, no mountinfo, no queue/ for sdb */
	remove_path(root, "proc/sys");
	remove_path(root, "proc/meminfo");
	remove_path(root, "proc/self");
	char *q = st_xasprintf("%s/sys/block/sdb/queue", root), *qc = realpath(q, NULL);
	assert_non_null(qc);
	remove_path("", qc);
	st_test_log_start();
	j = st_test_probe_json(root);
	sys = json_object_object_get(j, "system");
	assert_non_null(strstr(st_test_log_text(), "/proc/sys/vm: missing; writeback settings unknown"));
	assert_non_null(strstr(st_test_log_text(), "/proc/meminfo: missing; memory size unknown"));
	assert_non_null(strstr(st_test_log_text(), "/proc/self/mountinfo: missing; mounts unknown"));
	assert_null(lookup(sys, "vm.dirty_ratio", &exists));
	assert_true(exists);
	assert_null(lookup(sys, "mem_total", &exists));
	struct json_object *sdb = find_dev(json_object_object_get(j, "devices"), "sdb");
	assert_non_null(sdb);
	assert_null(json_object_object_get(sdb, "rotational"));
	json_object_put(j);

	/* no sys/block: devices come from sys/dev/block */
	remove_path(root, "sys/block");
	j = st_test_probe_json(root);
	assert_non_null(find_dev(json_object_object_get(j, "devices"), "sda2"));
	json_object_put(j);

	/* neither: a warning, no devices, system facts still read */
	remove_path(root, "sys/dev");
	j = st_test_probe_json(root);
	assert_non_null(strstr(st_test_log_text(), "/sys/block: No such file or directory"));
	assert_int_equal(json_object_array_length(json_object_object_get(j, "devices")), 0);
	json_object_put(j);

	st_test_log_stop();
	free(q);
	free(qc);
	st_test_rmtree(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_garbage_mountinfo),
		cmocka_unit_test(test_garbage_crypttab_bcache),
		cmocka_unit_test(test_scheduler_flood),
		cmocka_unit_test(test_missing_directories),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
