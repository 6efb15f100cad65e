/*
 * test_lsblk.c - stortune's probe agrees with util-linux lsblk on every
 * fixture sysroot and on the live machine:
 *
 *   lsblk [--sysroot DIR] -J -b -o NAME,TYPE,ROTA,SCHED,RQ-SIZE,RA,MIN-IO,OPT-IO,PHY-SEC,LOG-SEC,MOUNTPOINT
 *
 * Devices are matched by their path in the tree (sda/sda1/md0), because
 * lsblk lists devices in directory order and stortune in name order.  And
 * probe --raw and --pairs escape a value as lsblk -r and -P do.
 */
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>

#include "st_probe.h"
#include "st_report_probe.h"
#include "st_test.h"

#define LSBLK_COLUMNS "NAME,TYPE,ROTA,SCHED,RQ-SIZE,RA,MIN-IO,OPT-IO,PHY-SEC,LOG-SEC,MOUNTPOINT"

/* lsblk column -> stortune key */
static const struct {
	const char *lsblk;
	const char *ours;
} fields[] = {
	{ "type", "type" },
	{ "rota", "rotational" },
	{ "sched", "scheduler" },
	{ "rq-size", "nr_requests" },
	{ "ra", "read_ahead_kb" },
	{ "min-io", "min_io" },
	{ "opt-io", "opt_io" },
	{ "phy-sec", "physical_block_size" },
	{ "log-sec", "logical_block_size" },
};

static struct json_object *run_lsblk(const char *sysroot)
{
	char *cmd = sysroot ? st_xasprintf("lsblk --sysroot '%s' -J -b -o " LSBLK_COLUMNS, sysroot)
			    : st_xstrdup("lsblk -J -b -o " LSBLK_COLUMNS);
	FILE *p = popen(cmd, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	struct json_object *j;

	assert_non_null(p);
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = st_xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, 4096, p);
		len += n;
	} while (n > 0);
	buf[len] = '\0';
	assert_int_equal(pclose(p), 0);
	j = json_tokener_parse(buf);
	if (!j)
		fprintf(stderr, "%s: unparsable output:\n%s\n", cmd, buf);
	assert_non_null(j);
	free(buf);
	free(cmd);
	return j;
}

/* Flattens a tree to path -> node, into an object used as a map. */
static void flatten(struct json_object *arr, const char *prefix, struct json_object *map)
{
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *node = json_object_array_get_idx(arr, i);
		struct json_object *name = json_object_object_get(node, "name");
		char *path = st_xasprintf("%s/%s", prefix, json_object_get_string(name));

		json_object_object_add(map, path, json_object_get(node));
		flatten(json_object_object_get(node, "children"), path, map);
		free(path);
	}
}

static bool same_value(struct json_object *a, struct json_object *b)
{
	if (!a || !b)
		return !a && !b;
	if (json_object_get_type(a) == json_type_boolean || json_object_get_type(b) == json_type_boolean)
		return json_object_get_boolean(a) == json_object_get_boolean(b) &&
		       json_object_get_type(a) == json_object_get_type(b);
	if (json_object_get_type(a) == json_type_int && json_object_get_type(b) == json_type_int)
		return json_object_get_uint64(a) == json_object_get_uint64(b);
	return strcmp(json_object_get_string(a), json_object_get_string(b)) == 0;
}

/*
 * The one known difference: lsblk finds swap areas by matching /proc/swaps
 * against the device path it canonicalizes through the host's /dev, so under
 * --sysroot a dm device's "/dev/dm-2" never matches "/dev/mapper/vg0-swap".
 */
static bool dm_swap_under_sysroot(const char *what, struct json_object *onode,
				  struct json_object *lmnt, struct json_object *first)
{
	return strcmp(what, "live") != 0 && !lmnt && first &&
	       strcmp(json_object_get_string(first), "[SWAP]") == 0 &&
	       json_object_object_get(onode, "dm") != NULL;
}

/*
 * The other known difference: lsblk --sysroot asks the host's loop driver
 * whether a loop device has a backing file (through /dev/loopN), so a tree's
 * empty loopN, which it would hide, is listed when the host has a loopN of
 * its own attached (snapd, docker, another test).  Only under a sysroot that
 * has no backing file for it, while the host has.
 */
static bool host_loop_under_sysroot(const char *root, const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *ours, *host;
	bool r;

	if (!root || strncmp(name, "loop", 4) != 0)
		return false;
	ours = st_xasprintf("%s/sys/block/%s/loop/backing_file", root, name);
	host = st_xasprintf("/sys/block/%s/loop/backing_file", name);
	r = access(ours, F_OK) != 0 && access(host, F_OK) == 0;
	free(ours);
	free(host);
	return r;
}

/* Returns the number of disagreements, each printed; *rows: tree rows
 * compared.  root: the sysroot (NULL: live). */
static int compare(const char *what, const char *root, struct json_object *lsblk,
		   struct json_object *ours, int *rows)
{
	struct json_object *lmap = json_object_new_object(), *omap = json_object_new_object();
	int bad = 0;

	flatten(json_object_object_get(lsblk, "blockdevices"), "", lmap);
	flatten(json_object_object_get(ours, "devices"), "", omap);
	*rows = json_object_object_length(lmap);

	json_object_object_foreach(lmap, path, lnode)
	{
		struct json_object *onode = json_object_object_get(omap, path);
		struct json_object *lmnt, *mounts;

		if (!onode && host_loop_under_sysroot(root, path)) {
			printf("%s: %s: not compared: this host has %s attached, and lsblk --sysroot "
			       "asks the host's loop driver, so it lists the tree's empty one\n",
			       what, path, strrchr(path, '/') + 1);
			(*rows)--;
			continue;
		}
		if (!onode) {
			fprintf(stderr, "%s: %s: listed by lsblk, not by stortune\n", what, path);
			bad++;
			continue;
		}
		for (size_t f = 0; f < ST_ARRAY_SIZE(fields); f++) {
			struct json_object *lv = json_object_object_get(lnode, fields[f].lsblk);
			struct json_object *ov = json_object_object_get(onode, fields[f].ours);

			if (!same_value(lv, ov)) {
				fprintf(stderr, "%s: %s: %s: lsblk %s, stortune %s=%s\n", what, path,
					fields[f].lsblk, json_object_to_json_string(lv),
					fields[f].ours, json_object_to_json_string(ov));
				bad++;
			}
		}
		/* lsblk shows one mountpoint: stortune's first mount */
		lmnt = json_object_object_get(lnode, "mountpoint");
		mounts = json_object_object_get(onode, "mounts");
		struct json_object *first =
			json_object_array_length(mounts)
				? json_object_object_get(json_object_array_get_idx(mounts, 0), "target")
				: NULL;
		if (!same_value(lmnt, first)) {
			if (dm_swap_under_sysroot(what, onode, lmnt, first)) {
				printf("%s: %s: [SWAP] on a dm device: lsblk --sysroot cannot match "
				       "/proc/swaps' /dev/dm-N (it canonicalizes on the host); "
				       "see test_dm_swap\n",
				       what, path);
				continue;
			}
			fprintf(stderr, "%s: %s: mountpoint: lsblk %s, stortune %s\n", what, path,
				json_object_to_json_string(lmnt), json_object_to_json_string(first));
			bad++;
		}
	}
	json_object_object_foreach(omap, opath, onode2)
	{
		(void)onode2;
		if (!json_object_object_get(lmap, opath)) {
			fprintf(stderr, "%s: %s: listed by stortune, not by lsblk\n", what, opath);
			bad++;
		}
	}
	json_object_put(lmap);
	json_object_put(omap);
	return bad;
}

static void test_fixtures(void **state)
{
	char *dir = st_test_path("tests/sysroots");
	struct dirent *d;
	DIR *dh = opendir(dir);
	int bad = 0, trees = 0;

	(void)state;
	assert_non_null(dh);
	while ((d = readdir(dh))) {
		char *root;

		if (d->d_name[0] == '.' || d->d_type != DT_DIR)
			continue;
		root = st_xasprintf("%s/%s", dir, d->d_name);
		struct json_object *l = run_lsblk(root), *o = st_test_probe_json(root);
		int rows, n = compare(d->d_name, root, l, o, &rows);

		printf("%-18s %2d tree rows x 10 values compared, %d disagreements\n", d->d_name,
		       rows, n);
		bad += n;
		trees++;
		json_object_put(l);
		json_object_put(o);
		free(root);
	}
	closedir(dh);
	free(dir);
	assert_true(trees >= 8);
	assert_int_equal(bad, 0);
}

static void test_live(void **state)
{
	struct json_object *l, *o;

	(void)state;
	if (access("/sys/block", R_OK) != 0)
		skip();
	l = run_lsblk(NULL);
	o = st_test_probe_json(NULL);
	int rows, bad = compare("live", NULL, l, o, &rows);
	printf("%-18s %2d tree rows x 10 values compared, %d disagreements\n", "live", rows, bad);
	assert_int_equal(bad, 0);
	json_object_put(l);
	json_object_put(o);
}

/* With a swap path lsblk can match, both say [SWAP] for the dm device. */
static void test_dm_swap(void **state)
{
	char *root = st_test_copy_fixture("lvm-luks-nvme");
	static const char swaps[] = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
				    "/dev/mapper/vg0-swap                    partition\t8388604\t\t0\t\t-2\n";
	struct json_object *l, *o;

	(void)state;
	st_test_write(root, "proc/swaps", swaps, sizeof(swaps) - 1);
	l = run_lsblk(root);
	o = st_test_probe_json(root);
	int rows;
	assert_int_equal(compare("lvm-luks-nvme, swap by mapper name", root, l, o, &rows), 0);
	assert_non_null(strstr(json_object_to_json_string(l), "\"[SWAP]\""));
	json_object_put(l);
	json_object_put(o);
	st_test_rmtree(root);
}

/* The first line of `cmd` (through sh) that starts with prefix, or NULL. */
static char *line_of(const char *cmd, const char *prefix)
{
	FILE *p = popen(cmd, "r");
	char *line = NULL, *found = NULL;
	size_t cap = 0;
	ssize_t n;

	assert_non_null(p);
	while ((n = getline(&line, &cap, p)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (!found && strncmp(line, prefix, strlen(prefix)) == 0)
			found = st_xstrdup(line);
	}
	free(line);
	assert_int_equal(pclose(p), 0);
	return found;
}

/* Our --raw or --pairs line for vg0-home, -o NAME,MOUNTS. */
static char *our_line(const char *root, bool pairs, const char *prefix)
{
	struct st_report_opts o = { .raw = !pairs, .pairs = pairs, .columns = "NAME,MOUNTS" };
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	struct st_devv roots;
	char *text = NULL, *line, *end;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(st_path_new(&pc, root), 0);
	assert_int_equal(st_probe_run(pc, &sys), 0);
	roots = st_report_roots(sys, NULL, 0);
	assert_int_equal(st_report_probe_text(f, sys, &roots, &o), 0);
	assert_int_equal(fclose(f), 0);
	line = strstr(text, prefix);
	assert_non_null(line);
	line += *prefix == '\n';
	end = strchr(line, '\n');
	line = st_xstrndup(line, end ? (size_t)(end - line) : strlen(line));
	free(text);
	free(roots.v);
	st_system_free(sys);
	st_path_free(pc);
	return line;
}

/*
 * --raw and --pairs escape a value as lsblk -r and -P do: a mount point
 * with a blank, ", $, \ and ` in it.  vg0-home is mounted twice; lsblk's
 * MOUNTPOINT shows the newer mount, our MOUNTS both ("/home,...").
 */
static void test_escaping(void **state)
{
	char *root = st_test_copy_fixture("lvm-luks-nvme"), *path, *cmd, *theirs, *ours;
	FILE *f;

	(void)state;
	path = st_xasprintf("%s/proc/self/mountinfo", root);
	f = fopen(path, "a");
	assert_non_null(f);
	fputs("66 65 253:3 / /home/a\\040b\"c$d\\134e`f rw,relatime shared:36 - ext4 "
	      "/dev/mapper/vg0-home rw\n",
	      f);
	assert_int_equal(fclose(f), 0);

	cmd = st_xasprintf("lsblk --sysroot '%s' -r -n -o NAME,MOUNTPOINT", root);
	theirs = line_of(cmd, "vg0-home ");
	ours = our_line(root, false, "\nvg0-home ");
	assert_non_null(theirs);
	printf("raw:   lsblk %s\n       ours  %s\n", theirs, ours);
	/* "vg0-home /home/a\x20b..." and "vg0-home /home,/home/a\x20b..." */
	assert_non_null(strstr(theirs, "\\x20"));
	assert_string_equal(strchr(ours, ',') + 1, strchr(theirs, ' ') + 1);
	free(cmd);
	free(theirs);
	free(ours);

	cmd = st_xasprintf("lsblk --sysroot '%s' -P -o NAME,MOUNTPOINT", root);
	theirs = line_of(cmd, "NAME=\"vg0-home\" ");
	ours = our_line(root, true, "NAME=\"vg0-home\" ");
	assert_non_null(theirs);
	printf("pairs: lsblk %s\n       ours  %s\n", theirs, ours);
	assert_non_null(strstr(theirs, "\\x22"));
	assert_string_equal(strchr(ours, ',') + 1, strstr(theirs, "MOUNTPOINT=\"") + 12);
	free(cmd);
	free(theirs);
	free(ours);
	free(path);
	st_test_rmtree(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_dm_swap),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_live),
	};

	st_log_set_quiet(true);
	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
