/*
 * test_persist.c - the text `apply --persist` writes: which stable id the
 * udev match uses for each kind of device and which ids it refuses, how the
 * rules file groups and orders settings and reports devices it cannot
 * match, and the sysctl.d file.  There is no udevadm to load the rules
 * here, so a small checker below holds every rule line to the subset of
 * udev syntax stortune may write (and is itself shown to reject broken
 * lines); sysctl.d lines are checked against /proc/sys of this machine.
 * The ID_PATH fallback and the notes (warning, not persisted) the rules
 * file carries, and reads back for status, are here too; tests/t_apply_live.sh
 * loads a written file with udevadm test.
 */
#include "st_test.h"
#include "st_persist.h"

#include <ctype.h>

static const struct st_knob *knob(const char *name)
{
	const struct st_knob *k = st_knob_find(name);

	if (!k)
		fail_msg("knob %s is missing from the table", name);
	return k;
}

static struct st_device *dev_new(const char *kname, enum st_kind kind)
{
	struct st_device *d = st_device_new();

	d->kname = st_xstrdup(kname);
	d->kind = kind;
	return d;
}

static void expect_match(const struct st_device *dev, const char *want)
{
	char *got = st_persist_udev_match(dev);

	if (!want) {
		if (got)
			fail_msg("%s: expected no match, got %s", dev->kname, got);
		return;
	}
	if (!got)
		fail_msg("%s: expected %s, got no match", dev->kname, want);
	assert_string_equal(got, want);
	free(got);
}

/* udev rules checker ------------------------------------------------------- */

static bool sysfs_knob_path(const char *path)
{
	size_t n;
	const struct st_knob *t = st_knob_table(&n);

	for (size_t i = 0; i < n; i++) {
		/* an nvme-subsystem's attribute is named as the subsystem has it */
		const char *own = t[i].flags & ST_KNOB_NVME_SUBSYS ? strrchr(t[i].path, '/') + 1
								   : t[i].path;

		if (t[i].kind == ST_KNOB_SYSFS && strcmp(own, path) == 0)
			return true;
	}
	return false;
}

/*
 * NULL when line is a rule stortune may write, else why not.  A rule is a
 * comma-separated list of KEY{ATTR}OP"value" (or KEY OP "value"): ACTION,
 * SUBSYSTEM and KERNEL match (==) without an attribute, ENV matches with
 * one, ATTR matches (==) any attribute or assigns (=) the path of a sysfs
 * knob.  Values are double-quoted, with no quote, backslash or control
 * character inside.  At least one match and one assignment.
 */
static const char *udev_line_error(const char *line)
{
	const char *p = line;
	unsigned matches = 0, assigns = 0;

	while (*p == ' ')
		p++;
	for (;;) {
		char key[32], attr[256] = "";
		const char *v, *end;
		bool match;
		size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");

		if (!n || n >= sizeof(key))
			return "expected a key";
		memcpy(key, p, n);
		key[n] = '\0';
		p += n;
		if (strcmp(key, "ACTION") && strcmp(key, "SUBSYSTEM") && strcmp(key, "KERNEL") &&
		    strcmp(key, "ENV") && strcmp(key, "ATTR"))
			return "unknown key";
		if (*p == '{') {
			end = strchr(p, '}');
			if (!end || end == p + 1 || (size_t)(end - p - 1) >= sizeof(attr))
				return "bad {attribute}";
			memcpy(attr, p + 1, (size_t)(end - p - 1));
			attr[end - p - 1] = '\0';
			if (strpbrk(attr, "\"\\ ,"))
				return "bad character in {attribute}";
			p = end + 1;
		}
		while (*p == ' ')
			p++;
		if (p[0] == '=' && p[1] == '=') {
			match = true;
			p += 2;
		} else if (p[0] == '=') {
			match = false;
			p++;
		} else {
			return "expected == or =";
		}
		while (*p == ' ')
			p++;
		if (*p != '"')
			return "value not quoted";
		v = p + 1;
		end = strchr(v, '"');
		if (!end)
			return "missing closing quote";
		for (const char *c = v; c < end; c++)
			if (*c == '\\' || iscntrl((unsigned char)*c))
				return "backslash or control character in value";
		p = end + 1;

		if (!strcmp(key, "ACTION") || !strcmp(key, "SUBSYSTEM") || !strcmp(key, "KERNEL")) {
			if (*attr)
				return "this key takes no {attribute}";
			if (!match)
				return "ACTION, SUBSYSTEM and KERNEL take ==";
		} else if (!strcmp(key, "ENV")) {
			if (!*attr)
				return "ENV needs {name}";
			if (!match)
				return "stortune never assigns ENV";
		} else { /* ATTR */
			if (!*attr)
				return "ATTR needs {path}";
			if (!match && !sysfs_knob_path(attr))
				return "ATTR assignment to a path that is no sysfs knob";
		}
		if (match)
			matches++;
		else
			assigns++;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (*p != ',')
			return "expected , between keys";
		p++;
		while (*p == ' ')
			p++;
	}
	if (!matches)
		return "no match";
	if (!assigns)
		return "no assignment";
	return NULL;
}

/* Checks every line of a rules file; fails the test naming the line. */
static void check_udev_rules(const char *text)
{
	char *copy = st_xstrdup(text), *save = NULL, *line;
	unsigned rules = 0, lineno = 0;

	assert_true(*text && text[strlen(text) - 1] == '\n');
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *why;

		lineno++;
		if (line[0] == '#' || !line[strspn(line, " \t")])
			continue;
		why = udev_line_error(line);
		if (why)
			fail_msg("rules line %u: %s: %s", lineno, why, line);
		rules++;
	}
	assert_true(rules > 0);
	free(copy);
}

static void test_udev_checker_rejects(void **state)
{
	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "ACTION==\"add, ATTR{queue/scheduler}=\"none\"", "expected , between keys" },
		{ "ACTION==\"add\", ATTR{queue/scheduler}=\"none", "missing closing quote" },
		{ "ACTION==add, ATTR{queue/scheduler}=\"none\"", "value not quoted" },
		{ "ACTION=\"add\", ATTR{queue/scheduler}=\"none\"",
		  "ACTION, SUBSYSTEM and KERNEL take ==" },
		{ "ACTION==\"add\", ATTR{queue/scheduler}==\"none\"", "no assignment" },
		{ "ENV{ID_WWN}=\"x\", ATTR{queue/scheduler}=\"none\"", "stortune never assigns ENV" },
		{ "ACTION==\"add\", ATTR{queue/scheduler}!=\"none\"", "expected == or =" },
		{ "ACTION==\"add\", RUN+=\"/bin/sh\"", "unknown key" },
		{ "ACTION==\"add\", NAME=\"x\", ATTR{queue/scheduler}=\"none\"", "unknown key" },
		{ "ACTION==\"add\", ATTR{queue/no_such_attr}=\"1\"",
		  "ATTR assignment to a path that is no sysfs knob" },
		{ "ACTION==\"add\", ATTR{../../../etc/passwd}=\"1\"",
		  "ATTR assignment to a path that is no sysfs knob" },
		{ "ACTION==\"add\", ATTR{queue/scheduler}=\"no\\\"ne\"",
		  "backslash or control character in value" },
		{ "ACTION==\"add\", ATTR{queue/scheduler}=\"a\"b\"", "expected , between keys" },
		{ "ATTR{queue/scheduler}=\"none\"", "no match" },
		{ "ACTION==\"add\",", "expected a key" },
		{ "ENV{}==\"x\", ATTR{queue/scheduler}=\"none\"", "bad {attribute}" },
		{ "ACTION{x}==\"add\", ATTR{queue/scheduler}=\"none\"",
		  "this key takes no {attribute}" },
	};

	(void)state;
	assert_null(udev_line_error("ACTION==\"add|change\", SUBSYSTEM==\"block\", "
				    "ENV{ID_WWN}==\"0x5\", ATTR{queue/scheduler}=\"none\""));
	assert_null(udev_line_error("KERNEL==\"sd*\", ATTR{device/queue_depth}=\"32\""));
	for (size_t i = 0; i < ST_ARRAY_SIZE(bad); i++) {
		const char *why = udev_line_error(bad[i].line);

		if (!why)
			fail_msg("accepted: %s", bad[i].line);
		if (strcmp(why, bad[i].why) != 0)
			fail_msg("%s: expected '%s', got '%s'", bad[i].line, bad[i].why, why);
	}
}

/* sysctl.d checker --------------------------------------------------------- */

/* NULL when line is "key = value" with key under /proc/sys here. */
static const char *sysctl_line_error(const char *line)
{
	const char *eq = strstr(line, " = ");
	size_t klen;
	char *path;
	bool ok;

	if (!eq)
		return "expected key = value";
	klen = (size_t)(eq - line);
	if (!klen || strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != klen)
		return "bad key";
	if (!eq[3] || strpbrk(eq + 3, " \t") || strchr(eq + 3, '='))
		return "bad value";
	path = st_xasprintf("/proc/sys/%.*s", (int)klen, line);
	for (char *c = path + strlen("/proc/sys/"); *c; c++)
		if (*c == '.')
			*c = '/';
	ok = access(path, F_OK) == 0;
	free(path);
	return ok ? NULL : "no such sysctl on this machine";
}

static const char *sysctl_file_error(const char *text, unsigned *lines)
{
	char *copy = st_xstrdup(text), *save = NULL, *line;
	const char *why = NULL;

	*lines = 0;
	if (!*text || text[strlen(text) - 1] != '\n')
		why = "no final newline";
	for (line = strtok_r(copy, "\n", &save); line && !why;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !*line)
			continue;
		why = sysctl_line_error(line);
		(*lines)++;
	}
	free(copy);
	return why;
}

static void test_sysctl_checker(void **state)
{
	unsigned lines;

	(void)state;
	assert_null(sysctl_file_error("# c\nvm.dirty_bytes = 0\n\nvm.swappiness = 10\n", &lines));
	assert_int_equal(lines, 2);
	assert_string_equal(sysctl_file_error("vm.no_such_knob = 1\n", &lines),
			    "no such sysctl on this machine");
	assert_string_equal(sysctl_file_error("vm.dirty_bytes=1\n", &lines),
			    "expected key = value");
	assert_string_equal(sysctl_file_error("vm.dirty_bytes = \n", &lines), "bad value");
	assert_string_equal(sysctl_file_error("vm.dirty_bytes = 1 2\n", &lines), "bad value");
	assert_string_equal(sysctl_file_error("VM.dirty_bytes = 1\n", &lines), "bad key");
	assert_string_equal(sysctl_file_error("vm.dirty_bytes = 1", &lines), "no final newline");
}

/* Matches ------------------------------------------------------------------ */

static void test_match_disk_ids(void **state)
{
	struct st_device *d = dev_new("sdb", ST_KIND_DISK);

	(void)state;
	expect_match(d, NULL);

	/* the slot, when there is nothing else (a virtio disk without serial) */
	st_kvlist_add(&d->udev, "ID_PATH", "pci-0000:00:04.0");
	expect_match(d, "ENV{ID_PATH}==\"pci-0000:00:04.0\"");
	st_kvlist_add(&d->udev, "ID_SERIAL", "ST4000NM0035_ZC1ABCDE");
	expect_match(d, "ENV{ID_SERIAL}==\"ST4000NM0035_ZC1ABCDE\"");

	/* a sysfs wwn beats the serial; nvme's eui. is what udev puts in ID_WWN */
	d->wwn = st_xstrdup("eui.0025388b91b2c3d4");
	expect_match(d, "ENV{ID_WWN}==\"eui.0025388b91b2c3d4\"");
	/* a naa.6 wwid, converted by the probe, is ID_WWN_WITH_EXTENSION */
	free(d->wwn);
	d->wwn = st_xstrdup("0x600508b1001c7e1f3b8d2c4a5e6f7081");
	expect_match(d, "ENV{ID_WWN_WITH_EXTENSION}==\"0x600508b1001c7e1f3b8d2c4a5e6f7081\"");

	/* the udev property beats the sysfs wwn */
	st_kvlist_add(&d->udev, "ID_WWN", "0x5000c500a1b2c3d4");
	expect_match(d, "ENV{ID_WWN}==\"0x5000c500a1b2c3d4\"");
	/* and the one with its extension is unique per LUN */
	st_kvlist_add(&d->udev, "ID_WWN_WITH_EXTENSION", "0x5000c500a1b2c3d4");
	expect_match(d, "ENV{ID_WWN_WITH_EXTENSION}==\"0x5000c500a1b2c3d4\"");
	st_device_free(d);
}

static void test_match_stacked_ids(void **state)
{
	struct st_device *dm = dev_new("dm-0", ST_KIND_DM), *md = dev_new("md0", ST_KIND_MD);
	struct st_device *loop = dev_new("loop0", ST_KIND_LOOP);
	struct st_device *part = dev_new("sdb1", ST_KIND_PART);

	(void)state;
	/* the device's own id comes before anything it may have inherited */
	st_kvlist_add(&dm->udev, "ID_SERIAL", "mpath-serial");
	expect_match(dm, "ENV{ID_SERIAL}==\"mpath-serial\"");
	st_kvlist_add(&dm->udev, "DM_NAME", "vg0-data");
	expect_match(dm, "ENV{DM_NAME}==\"vg0-data\"");
	st_kvlist_add(&dm->udev, "DM_UUID", "LVM-udev");
	expect_match(dm, "ENV{DM_UUID}==\"LVM-udev\"");
	dm->dm = st_xcalloc(1, sizeof(*dm->dm));
	dm->dm->uuid = st_xstrdup("LVM-Xy7kq0AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefGhIjKlMn");
	expect_match(dm, "ENV{DM_UUID}==\"LVM-Xy7kq0AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefG"
			 "hIjKlMn\"");

	expect_match(md, NULL);
	st_kvlist_add(&md->udev, "MD_UUID", "3a4e5f6c:12345678:9abcdef0:11223344");
	expect_match(md, "ENV{MD_UUID}==\"3a4e5f6c:12345678:9abcdef0:11223344\"");
	/* sysfs md/uuid is printed as %pU: matched on the attribute itself */
	md->raid = st_xcalloc(1, sizeof(*md->raid));
	md->raid->uuid = st_xstrdup("3a4e5f6c-1234-5678-9abc-def011223344");
	expect_match(md, "ATTR{md/uuid}==\"3a4e5f6c-1234-5678-9abc-def011223344\"");
	free(md->raid->uuid);
	md->raid->uuid = st_xstrdup("3a4e5f6c:12345678:9abcdef0:55667788");
	expect_match(md, "ENV{MD_UUID}==\"3a4e5f6c:12345678:9abcdef0:55667788\"");

	expect_match(loop, NULL);
	loop->loop = st_xcalloc(1, sizeof(*loop->loop));
	loop->loop->backing_file = st_xstrdup("/var/tmp/disk.img");
	expect_match(loop, "ATTR{loop/backing_file}==\"/var/tmp/disk.img\"");

	/* partitions share their disk's ids: a match would find the disk */
	st_kvlist_add(&part->udev, "ID_WWN", "0x5000c500a1b2c3d4");
	expect_match(part, NULL);
	expect_match(NULL, NULL);

	st_device_free(dm);
	st_device_free(md);
	st_device_free(loop);
	st_device_free(part);
}

static void test_match_refused(void **state)
{
	static const char *const bad[] = {
		"ab\"cd", "ab\\cd", "ab\ncd", "ab\tcd", "ab\x7f" "cd", "ab*", "ab?", "ab[0]", "a|b", "",
	};

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(bad); i++) {
		struct st_device *d = dev_new("sdc", ST_KIND_DISK);
		struct st_device *loop = dev_new("loop1", ST_KIND_LOOP);

		st_kvlist_add(&d->udev, "ID_SERIAL", bad[i]);
		expect_match(d, NULL);
		/* a refused id is passed over for the next one */
		st_kvlist_add(&d->udev, "ID_WWN", bad[i]);
		d->wwn = st_xstrdup("0x5000c500a1b2c3d4");
		expect_match(d, "ENV{ID_WWN}==\"0x5000c500a1b2c3d4\"");

		loop->loop = st_xcalloc(1, sizeof(*loop->loop));
		loop->loop->backing_file = st_xasprintf("/srv/%s.img", bad[i]);
		if (*bad[i])
			expect_match(loop, NULL);
		st_device_free(d);
		st_device_free(loop);
	}
}

/* Rules file --------------------------------------------------------------- */

static void test_rules_exact(void **state)
{
	struct st_device *sdb = dev_new("sdb", ST_KIND_DISK);
	struct st_device *nvme = dev_new("nvme0n1", ST_KIND_DISK);
	struct st_persist_item items[] = {
		{ knob("queue/scheduler"), sdb, "mq-deadline", "hdd-mq-deadline" },
		{ knob("queue/scheduler"), nvme, "none", "nvme-none" },
		{ knob("vm.dirty_background_bytes"), NULL, "268435456", "dirty-bg" },
		{ knob("queue/iosched/fifo_batch"), sdb, "32", "hdd-mq-deadline" },
		{ knob("queue/read_ahead_kb"), sdb, "4096", "ra-hdd" },
		{ knob("mount:atime"), NULL, "noatime", "noatime" },
		{ knob("queue/read_ahead_kb"), nvme, "128", "nvme-none" },
	};
	const char *want =
		"# Written by stortune apply --persist; replaced by the next apply --persist\n"
		"# and removed by stortune revert.  Do not edit.\n"
		"\n"
		"# sdb (ST4000NM0035): rules hdd-mq-deadline, ra-hdd\n"
		"ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"disk\", "
		"ENV{ID_WWN}==\"0x5000c500a1b2c3d4\", ATTR{queue/scheduler}=\"mq-deadline\", "
		"ATTR{queue/iosched/fifo_batch}=\"32\", ATTR{queue/read_ahead_kb}=\"4096\"\n"
		"\n"
		"# nvme0n1 (Samsung SSD 980 PRO 1TB): rule nvme-none\n"
		"ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"disk\", "
		"ENV{ID_WWN}==\"eui.0025388b91b2c3d4\", ATTR{queue/scheduler}=\"none\", "
		"ATTR{queue/read_ahead_kb}=\"128\"\n";
	struct st_persist_notes notes = { 0 };
	char *text;

	(void)state;
	sdb->model = st_xstrdup("ST4000NM0035");
	st_kvlist_add(&sdb->udev, "ID_WWN", "0x5000c500a1b2c3d4");
	nvme->model = st_xstrdup("Samsung SSD 980 PRO 1TB");
	nvme->wwn = st_xstrdup("eui.0025388b91b2c3d4");

	text = st_persist_udev_rules(items, ST_ARRAY_SIZE(items), &notes);
	assert_non_null(text);
	assert_string_equal(text, want);
	assert_int_equal(notes.n, 0);
	check_udev_rules(text);
	free(text);

	/* notes may be NULL */
	text = st_persist_udev_rules(items, ST_ARRAY_SIZE(items), NULL);
	assert_string_equal(text, want);
	free(text);

	st_device_free(sdb);
	st_device_free(nvme);
}

/* The notes as "kind device: reason" lines, for comparison. */
static char *notes_text(const struct st_persist_notes *notes)
{
	struct st_buf b = { 0 };

	for (size_t i = 0; i < notes->n; i++)
		st_buf_addf(&b, "%s %s: %s\n", st_persist_note_name(notes->v[i].kind),
			    notes->v[i].device, notes->v[i].reason);
	return st_buf_steal(&b);
}

static void expect_notes(const struct st_persist_notes *notes, const char *want)
{
	char *got = notes_text(notes);

	assert_string_equal(got, want);
	free(got);
}

#define NO_ID "no id udev can match (WWN, serial, dm/md uuid, loop backing file or ID_PATH)"

static void test_rules_unmatched(void **state)
{
	struct st_device *sda = dev_new("sda", ST_KIND_DISK), *sdb = dev_new("sdb", ST_KIND_DISK);
	struct st_device *sdc = dev_new("sdc", ST_KIND_DISK), *vda = dev_new("vda", ST_KIND_DISK);
	struct st_device *sdd = dev_new("sdd", ST_KIND_DISK);
	struct st_persist_item items[] = {
		{ knob("queue/scheduler"), sda, "none", "r1" },      /* no id */
		{ knob("queue/scheduler"), sdb, "none", "r1" },
		{ knob("queue/read_ahead_kb"), sda, "4096", "r2" },
		{ knob("queue/scheduler"), sdc, "none", "r1" },
		{ knob("queue/read_ahead_kb"), sdc, "40\"96", "r2" }, /* refused value */
		{ knob("queue/read_ahead_kb"), sdb, "4096", NULL },   /* no rule id */
		{ knob("queue/nr_requests"), vda, "$kernel", "r3" },  /* udev substitution */
		{ knob("queue/rotational"), vda, "0", "r3" },
		{ knob("queue/scheduler"), sdd, "none", "r1" },      /* ids all refused */
	};
	struct st_persist_notes notes = { 0 }, back = { 0 };
	char *text, *want;

	(void)state;
	st_kvlist_add(&sdb->udev, "ID_SERIAL", "QEMU_HARDDISK_QM00002");
	st_kvlist_add(&sdc->udev, "ID_SERIAL", "QEMU_HARDDISK_QM00003");
	vda->model = st_xstrdup("bad\nmodel");
	st_kvlist_add(&vda->udev, "ID_SERIAL", "virtio-vd1");
	st_kvlist_add(&sdd->udev, "ID_SERIAL", "a*b");
	st_kvlist_add(&sdd->udev, "ID_PATH", "pci-[0]");

	text = st_persist_udev_rules(items, ST_ARRAY_SIZE(items), &notes);
	assert_non_null(text);
	check_udev_rules(text);
	assert_non_null(strstr(text, "\n# sdb: rule r1\nACTION==\"add|change\", SUBSYSTEM=="
				     "\"block\", ENV{DEVTYPE}==\"disk\", ENV{ID_SERIAL}=="
				     "\"QEMU_HARDDISK_QM00002\", ATTR{queue/scheduler}=\"none\", "
				     "ATTR{queue/read_ahead_kb}=\"4096\"\n"));
	/* the file says what it leaves out, in comments, where it would be */
	assert_non_null(strstr(text, "\n# sda: rules r1, r2\n# not persisted: sda: " NO_ID "\n"));
	assert_non_null(strstr(text, "\n# sdc: rules r1, r2\n# not persisted: sdc: its "
				     "queue/read_ahead_kb value holds a character udev would not "
				     "write literally\n"));
	assert_null(strstr(text, "QM00003"));
	assert_null(strstr(text, "virtio-vd1"));
	assert_null(strstr(text, "a*b"));
	expect_notes(&notes, "not persisted sda: " NO_ID "\n"
			     "not persisted sdc: its queue/read_ahead_kb value holds a character "
			     "udev would not write literally\n"
			     "not persisted vda: its queue/nr_requests value holds a character udev "
			     "would not write literally\n"
			     "not persisted sdd: every id it has holds a character udev would not "
			     "match literally\n");
	assert_int_equal(st_persist_notes_count(&notes, ST_PN_NOT_PERSISTED), 4);
	assert_int_equal(st_persist_notes_count(&notes, ST_PN_BY_PATH), 0);
	/* status reads the same notes back from the file */
	st_persist_notes_parse(text, &back);
	want = notes_text(&notes);
	expect_notes(&back, want);
	free(want);
	free(text);
	st_persist_notes_free(&notes);
	st_persist_notes_free(&back);

	/* a model's newline cannot start a line */
	items[6].value = "32";
	text = st_persist_udev_rules(items, ST_ARRAY_SIZE(items), &notes);
	check_udev_rules(text);
	assert_non_null(strstr(text, "\n# vda (bad?model): rule r3\n"));
	assert_non_null(strstr(text, "ATTR{queue/nr_requests}=\"32\", ATTR{queue/rotational}=\"0\"\n"));
	assert_int_equal(st_persist_notes_count(&notes, ST_PN_NOT_PERSISTED), 3);
	free(text);
	st_persist_notes_free(&notes);

	/* nothing matched: the file is only the header and what it leaves out */
	text = st_persist_udev_rules(items, 1, &notes);
	assert_non_null(text);
	assert_true(st_persist_is_ours(text));
	assert_null(strstr(text, "ACTION"));
	expect_notes(&notes, "not persisted sda: " NO_ID "\n");
	st_persist_notes_parse(text, &back);
	expect_notes(&back, "not persisted sda: " NO_ID "\n");
	free(text);
	st_persist_notes_free(&notes);
	st_persist_notes_free(&back);

	assert_null(st_persist_udev_rules(items, 0, &notes));
	assert_null(st_persist_udev_rules(NULL, 0, NULL));
	assert_int_equal(notes.n, 0);
	st_persist_notes_free(NULL);

	st_device_free(sda);
	st_device_free(sdb);
	st_device_free(sdc);
	st_device_free(sdd);
	st_device_free(vda);
}

/* A disk with only a slot is matched by it, with a warning in the file and
 * in the notes; a serial beats it. */
static void test_rules_by_path(void **state)
{
	struct st_device *vda = dev_new("vda", ST_KIND_DISK), *vdb = dev_new("vdb", ST_KIND_DISK);
	struct st_persist_item items[] = {
		{ knob("queue/scheduler"), vda, "none", "virt-none" },
		{ knob("queue/scheduler"), vdb, "none", "virt-none" },
	};
	static const char warn[] = "matched by ID_PATH \"pci-0000:00:04.0\", which is stable only "
				   "as long as the hardware slot is: it has no WWN, serial or "
				   "dm/md uuid";
	struct st_persist_notes notes = { 0 }, back = { 0 };
	char *text, *want;

	(void)state;
	st_kvlist_add(&vda->udev, "ID_PATH", "pci-0000:00:04.0");
	st_kvlist_add(&vdb->udev, "ID_PATH", "pci-0000:00:05.0");
	st_kvlist_add(&vdb->udev, "ID_SERIAL", "vd-serial-2");
	text = st_persist_udev_rules(items, ST_ARRAY_SIZE(items), &notes);
	assert_non_null(text);
	check_udev_rules(text);
	want = st_xasprintf("\n# vda: rule virt-none\n# warning: vda: %s\n"
			    "ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"disk\", "
			    "ENV{ID_PATH}==\"pci-0000:00:04.0\", ATTR{queue/scheduler}=\"none\"\n"
			    "\n# vdb: rule virt-none\n"
			    "ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"disk\", "
			    "ENV{ID_SERIAL}==\"vd-serial-2\", ATTR{queue/scheduler}=\"none\"\n",
			    warn);
	assert_non_null(strstr(text, want));
	free(want);
	assert_int_equal(notes.n, 1);
	assert_int_equal(notes.v[0].kind, ST_PN_BY_PATH);
	assert_string_equal(notes.v[0].device, "vda");
	assert_string_equal(notes.v[0].reason, warn);
	assert_int_equal(st_persist_notes_count(&notes, ST_PN_NOT_PERSISTED), 0);
	st_persist_notes_parse(text, &back);
	assert_int_equal(back.n, 1);
	assert_int_equal(back.v[0].kind, ST_PN_BY_PATH);
	assert_string_equal(back.v[0].device, "vda");
	assert_string_equal(back.v[0].reason, warn);
	free(text);
	st_persist_notes_free(&notes);
	st_persist_notes_free(&back);
	st_device_free(vda);
	st_device_free(vdb);
}

/* Only comment lines of the two tags count; anything else is not a note. */
static void test_notes_parse(void **state)
{
	struct st_persist_notes n = { 0 };

	(void)state;
	st_persist_notes_parse(NULL, &n);
	st_persist_notes_parse("", &n);
	st_persist_notes_parse("# not persisted: \n# not persisted: : x\n# warning: sda\n"
			       "not persisted: sda: x\n#not persisted: sda: x\n# rule r1\n", &n);
	assert_int_equal(n.n, 0);
	st_persist_notes_parse("# x\n# not persisted: md0: a: b\n# warning: sdb: c", &n);
	expect_notes(&n, "not persisted md0: a: b\nwarning sdb: c\n");
	st_persist_notes_free(&n);
	assert_false(st_persist_is_ours(NULL));
	assert_false(st_persist_is_ours("# my own rules\n"));
}

static void test_rules_non_device_items(void **state)
{
	struct st_device *sdb = dev_new("sdb", ST_KIND_DISK);
	struct st_persist_item items[] = {
		{ knob("vm.swappiness"), NULL, "10", "swap" },
		{ knob("mount:atime"), sdb, "noatime", "atime" },
		{ knob("queue/scheduler"), NULL, "none", "no-dev" },
		{ NULL, sdb, "1", "no-knob" },
	};
	struct st_persist_notes notes = { 0 };

	(void)state;
	st_kvlist_add(&sdb->udev, "ID_SERIAL", "X");
	assert_null(st_persist_udev_rules(items, ST_ARRAY_SIZE(items), &notes));
	assert_int_equal(notes.n, 0);
	st_device_free(sdb);
}

/* Every sysfs knob of the table, with a value it takes, passes the checker. */
static void test_rules_every_knob(void **state)
{
	struct st_device *sdb = dev_new("sdb", ST_KIND_DISK);
	size_t n, m = 0;
	const struct st_knob *t = st_knob_table(&n);
	struct st_persist_item *items = st_xcalloc(n, sizeof(*items));
	struct st_persist_notes notes = { 0 };
	char *text;

	(void)state;
	st_kvlist_add(&sdb->udev, "ID_WWN", "0x5000c500a1b2c3d4");
	sdb->nvme_subsysnqn = st_xstrdup("nqn.2010-06.com.purestorage:flasharray.5a8f3c2e1d4b7a69");
	for (size_t i = 0; i < n; i++) {
		if (t[i].kind != ST_KNOB_SYSFS)
			continue;
		items[m].knob = &t[i];
		items[m].dev = sdb;
		items[m].value = t[i].type == ST_KT_ENUM ? t[i].values[0] : "1";
		items[m].rule = t[i].name;
		m++;
	}
	assert_true(m > 10);
	text = st_persist_udev_rules(items, m, &notes);
	assert_non_null(text);
	assert_int_equal(notes.n, 0);
	check_udev_rules(text);
	for (size_t i = 0; i < m; i++) {
		/* the subsystem's attributes by their own name, on its rule */
		const char *path = items[i].knob->flags & ST_KNOB_NVME_SUBSYS
					   ? strrchr(items[i].knob->path, '/') + 1
					   : items[i].knob->path;
		char *a = st_xasprintf("ATTR{%s}=\"%s\"", path, items[i].value);

		assert_non_null(strstr(text, a));
		free(a);
	}
	free(text);
	free(items);
	st_device_free(sdb);
}

/* A multipath head's iopolicy goes on a rule for its nvme-subsystem,
 * matched by the NQN; its own queue settings keep their block rule, and
 * without an NQN the iopolicy is noted as not persisted. */
static void test_rules_nvme_subsystem(void **state)
{
	struct st_device *head = dev_new("nvme1n1", ST_KIND_DISK);
	struct st_persist_item items[] = {
		{ knob("queue/read_ahead_kb"), head, "32", "ra-random" },
		{ knob("device/iopolicy"), head, "round-robin", "nvme-iopolicy" },
	};
	struct st_persist_notes notes = { 0 };
	const char *want =
		"ACTION==\"add|change\", SUBSYSTEM==\"nvme-subsystem\", "
		"ATTR{subsysnqn}==\"nqn.2010-06.com.purestorage:flasharray.5a8f3c2e1d4b7a69\", "
		"ATTR{iopolicy}=\"round-robin\"\n"
		"ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"disk\", "
		"ENV{ID_WWN}==\"eui.00a8f3c2e1d4b7a624a9370a00011234\", ATTR{queue/read_ahead_kb}=\"32\"\n";
	char *text;

	(void)state;
	st_kvlist_add(&head->udev, "ID_WWN", "eui.00a8f3c2e1d4b7a624a9370a00011234");
	head->nvme_subsysnqn = st_xstrdup("nqn.2010-06.com.purestorage:flasharray.5a8f3c2e1d4b7a69");
	text = st_persist_udev_rules(items, ST_ARRAY_SIZE(items), &notes);
	assert_non_null(text);
	assert_int_equal(notes.n, 0);
	check_udev_rules(text);
	assert_non_null(strstr(text, want));
	free(text);

	/* the iopolicy alone: the subsystem rule and no block rule */
	text = st_persist_udev_rules(items + 1, 1, &notes);
	assert_non_null(text);
	assert_null(strstr(text, "SUBSYSTEM==\"block\""));
	free(text);

	free(head->nvme_subsysnqn);
	head->nvme_subsysnqn = NULL;
	text = st_persist_udev_rules(items, ST_ARRAY_SIZE(items), &notes);
	assert_non_null(strstr(text, "# not persisted: nvme1n1: its NVMe subsystem's NQN is unknown"));
	assert_non_null(strstr(text, "ATTR{queue/read_ahead_kb}=\"32\""));
	assert_int_equal(notes.n, 1);
	free(text);
	st_persist_notes_free(&notes);
	st_device_free(head);
}

/* sysctl.d file ------------------------------------------------------------ */

static void test_sysctl_conf(void **state)
{
	struct st_device *sdb = dev_new("sdb", ST_KIND_DISK);
	struct st_persist_item items[] = {
		{ knob("queue/scheduler"), sdb, "none", "r1" },
		{ knob("vm.dirty_background_bytes"), NULL, "268435456", "dirty-bg" },
		{ knob("mount:atime"), NULL, "noatime", "atime" },
		{ knob("vm.dirty_bytes"), NULL, "1073741824", "dirty" },
		{ knob("vm.swappiness"), NULL, "10", NULL },
		{ knob("vm.vfs_cache_pressure"), NULL, "50\n", "bad" },
	};
	const char *want =
		"# Written by stortune apply --persist; replaced by the next apply --persist\n"
		"# and removed by stortune revert.  Do not edit.\n"
		"\n"
		"# rule dirty-bg\n"
		"vm.dirty_background_bytes = 268435456\n"
		"\n"
		"# rule dirty\n"
		"vm.dirty_bytes = 1073741824\n"
		"\n"
		"vm.swappiness = 10\n";
	char *text;
	unsigned lines;

	(void)state;
	text = st_persist_sysctl_conf(items, ST_ARRAY_SIZE(items));
	assert_non_null(text);
	assert_string_equal(text, want);
	assert_null(sysctl_file_error(text, &lines));
	assert_int_equal(lines, 3);
	free(text);

	assert_null(st_persist_sysctl_conf(items, 1));
	assert_null(st_persist_sysctl_conf(NULL, 0));
	st_device_free(sdb);
}

/* Every sysctl knob of the table passes the checker on this machine. */
static void test_sysctl_every_knob(void **state)
{
	size_t n, m = 0;
	const struct st_knob *t = st_knob_table(&n);
	struct st_persist_item *items = st_xcalloc(n, sizeof(*items));
	char *text;
	unsigned lines;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		if (t[i].kind != ST_KNOB_SYSCTL)
			continue;
		items[m].knob = &t[i];
		items[m].value = "1";
		items[m].rule = t[i].name;
		m++;
	}
	assert_true(m > 4);
	text = st_persist_sysctl_conf(items, m);
	assert_non_null(text);
	assert_null(sysctl_file_error(text, &lines));
	assert_int_equal(lines, m);
	free(text);
	free(items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_udev_checker_rejects),
		cmocka_unit_test(test_sysctl_checker),
		cmocka_unit_test(test_match_disk_ids),
		cmocka_unit_test(test_match_stacked_ids),
		cmocka_unit_test(test_match_refused),
		cmocka_unit_test(test_rules_exact),
		cmocka_unit_test(test_rules_unmatched),
		cmocka_unit_test(test_rules_by_path),
		cmocka_unit_test(test_notes_parse),
		cmocka_unit_test(test_rules_non_device_items),
		cmocka_unit_test(test_rules_every_knob),
		cmocka_unit_test(test_rules_nvme_subsystem),
		cmocka_unit_test(test_sysctl_conf),
		cmocka_unit_test(test_sysctl_every_knob),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
