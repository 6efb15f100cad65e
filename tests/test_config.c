/*
 * test_config.c - stortune.conf: the defaults without a file, every key,
 * the file:line of every kind of error (unknown keys and sections with
 * "did you mean", keys in the wrong section, bad values), whole-file
 * rejection, a missing file given explicitly, the permission check as root,
 * the shipped etc/stortune.conf and its examples, pattern matching, and the
 * engine leaving excluded devices and mounts out of the plan on a fixture
 * with a loop device mounted under /tmp.
 */
#include <errno.h>
#include <sys/stat.h>

#include "st_config.h"
#include "st_engine.h"
#include "st_test.h"

/* Loads text as "c.conf"; returns rc and the joined errors in *errs. */
static int load(struct st_config *c, const char *text, char **errs)
{
	struct st_diag d = { 0 };
	int rc = st_config_load_string(c, "c.conf", text, strlen(text), &d);

	*errs = d.errors ? st_strv_join(d.errors, "\n") : st_xstrdup("");
	st_diag_free(&d);
	return rc;
}

static void assert_defaults(const struct st_config *c)
{
	assert_string_equal(c->profile, "general");
	assert_string_equal(c->state_dir, "/var/lib/stortune");
	assert_int_equal(c->color, ST_COLOR_AUTO);
	assert_null(c->exclude_devices);
	assert_null(c->exclude_mounts);
	for (int k = 0; k < ST_CONF_NR; k++)
		assert_int_equal(c->line[k], 0);
}

static void test_missing_file(void **state)
{
	char *dir = st_test_mkdtemp(), *path = st_xasprintf("%s/stortune.conf", dir);
	struct st_config c;
	struct st_diag d = { 0 };

	(void)state;
	/* the default file may be missing: the defaults apply */
	assert_int_equal(st_config_load(&c, path, false, &d), 0);
	assert_int_equal(d.nerrors, 0);
	assert_null(c.file);
	assert_defaults(&c);
	st_config_free(&c);
	/* --config FILE must exist */
	assert_int_equal(st_config_load(&c, path, true, &d), -ENOENT);
	assert_int_equal(d.nerrors, 1);
	assert_non_null(strstr(d.errors[0], "stortune.conf: cannot read: No such file or directory"));
	assert_defaults(&c);
	st_config_free(&c);
	st_diag_free(&d);
	/* a directory is not a configuration file, even by default */
	free(path);
	path = st_xasprintf("%s/conf.d", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(st_config_load(&c, path, false, &d), -EINVAL);
	assert_non_null(strstr(d.errors[0], ": not a regular file"));
	st_config_free(&c);
	st_diag_free(&d);
	free(path);
	st_test_rmtree(dir);
}

static void test_every_key(void **state)
{
	struct st_config c;
	char *errs;

	(void)state;
	assert_int_equal(load(&c, "# local\n[stortune]\nprofile = database\n"
				  "state_dir = /srv/stortune\ncolor = never\n\n[exclude]\n"
				  "devices = loop*, ram*,\n  sdx\nmounts = /tmp/*\n",
			      &errs),
			 0);
	assert_string_equal(errs, "");
	assert_string_equal(c.file, "c.conf");
	assert_string_equal(c.profile, "database");
	assert_string_equal(c.state_dir, "/srv/stortune");
	assert_int_equal(c.color, ST_COLOR_NEVER);
	assert_int_equal(st_strv_len(c.exclude_devices), 3);
	assert_string_equal(c.exclude_devices[2], "sdx"); /* a continuation line */
	assert_string_equal(c.exclude_mounts[0], "/tmp/*");
	assert_int_equal(c.line[ST_CONF_PROFILE], 3);
	assert_int_equal(c.line[ST_CONF_COLOR], 5);
	assert_int_equal(c.line[ST_CONF_EXCLUDE_DEVICES], 8);
	assert_int_equal(c.line[ST_CONF_EXCLUDE_MOUNTS], 10);
	assert_string_equal(st_config_key_name(ST_CONF_EXCLUDE_MOUNTS), "[exclude] mounts");
	free(errs);
	st_config_free(&c);
	st_config_free(&c); /* twice is harmless */
}

static void assert_error(const char *text, const char *expected)
{
	struct st_config c;
	char *errs;

	assert_int_equal(load(&c, text, &errs), -EINVAL);
	if (!strstr(errs, expected))
		fail_msg("expected '%s' in:\n%s", expected, errs);
	/* rejected whole: the good keys of a bad file do not count either */
	assert_defaults(&c);
	assert_null(c.file);
	free(errs);
	st_config_free(&c);
}

static void test_errors(void **state)
{
	(void)state;
	assert_error("[stortune]\nprofil = database\n",
		     "c.conf:2: unknown key 'profil' (did you mean 'profile'?)");
	assert_error("[stortune]\ncolor = auto\nbogus-key-name = 1\n", "c.conf:3: unknown key "
		     "'bogus-key-name'");
	assert_error("[stortune]\nprofile = database\ndevices = loop*\n",
		     "c.conf:3: unknown key 'devices' in [stortune] (it belongs in [exclude])");
	assert_error("[exlude]\nmounts = /tmp/*\n",
		     "c.conf:1: unknown section [exlude] (did you mean [exclude]?)");
	assert_error("[paths]\n", "c.conf:1: unknown section [paths]: stortune.conf has "
		     "[stortune] and [exclude]");
	assert_error("[stortune]\ncolor = sometimes\n",
		     "c.conf:2: color: 'sometimes' is not one of auto, always, never");
	assert_error("[stortune]\nstate_dir = var/lib/stortune\n",
		     "c.conf:2: state_dir: 'var/lib/stortune' is not an absolute path");
	assert_error("[stortune]\nprofile = Data_Base\n",
		     "c.conf:2: profile: 'Data_Base' is not a profile name");
	assert_error("[stortune]\nprofile =\n", "c.conf:2: profile: empty value (a profile name)");
	assert_error("[exclude]\ndevices = sda, /dev/sdb\n",
		     "c.conf:2: devices: '/dev/sdb' is not a device name or glob without '/'");
	assert_error("[exclude]\ndevices = sda sdb\n",
		     "c.conf:2: devices: 'sda sdb' is not a device name or glob without '/' or blanks "
		     "(sdb, loop*; a list separates them with commas)");
	assert_error("[exclude]\nmounts = tmp/*\n",
		     "c.conf:2: mounts: 'tmp/*' is not a mount point or glob starting with '/'");
	assert_error("[exclude]\nmounts = ,\n", "c.conf:2: mounts: ',' is not a mount point");
	assert_error("profile = database\n", "c.conf:1: 'profile' before the first [section]");
	assert_error("[stortune]\ncolor = auto\ncolor = never\n",
		     "c.conf:3: duplicate key 'color' (first at line 2)");
	assert_error("[stortune]\ncolor\n", "c.conf:2: expected 'key = value' or '[section]'");
	{
		static const char nul[] = "[stortune]\ncolor = au\0to\n";
		struct st_diag d = { 0 };
		struct st_config c;

		assert_int_equal(st_config_load_string(&c, "c.conf", nul, sizeof(nul) - 1, &d),
				 -EINVAL);
		assert_non_null(strstr(d.errors[0], "c.conf:2: NUL byte in the file"));
		assert_defaults(&c);
		st_config_free(&c);
		st_diag_free(&d);
	}
}

/* The shipped file is all comments: the defaults.  Every commented-out
 * setting in it is valid once uncommented, and together they set every
 * key. */
static void test_shipped(void **state)
{
	char *path = st_test_path("etc/stortune.conf"), *text, *errs;
	struct st_diag d = { 0 };
	struct st_config c;
	size_t len;

	(void)state;
	assert_int_equal(st_config_load(&c, path, true, &d), 0);
	if (d.nerrors)
		fail_msg("%s", d.errors[0]);
	assert_string_equal(c.file, path);
	assert_defaults(&c);
	st_config_free(&c);
	assert_int_equal(st_ini_read_file(path, &text, &len, &d), 0);
	for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1
									  : NULL) {
		/* "#key = value": a setting; "# text": prose */
		if (line[0] == '#' && line[1] >= 'a' && line[1] <= 'z' && strstr(line, " = "))
			memmove(line, line + 1, strlen(line));
	}
	assert_int_equal(load(&c, text, &errs), 0);
	if (*errs)
		fail_msg("the shipped examples do not load:\n%s", errs);
	for (int k = 0; k < ST_CONF_NR; k++)
		if (!c.line[k])
			fail_msg("etc/stortune.conf shows no example of %s", st_config_key_name(k));
	assert_string_equal(c.profile, "general");
	assert_string_equal(c.state_dir, "/var/lib/stortune");
	assert_true(st_config_excludes_device(&c, "loop0"));
	assert_true(st_config_excludes_mount(&c, "/tmp/img"));
	free(errs);
	free(text);
	free(path);
	st_config_free(&c);
	st_diag_free(&d);
}

static void test_patterns(void **state)
{
	struct st_config c;
	char *errs;

	(void)state;
	assert_false(st_config_excludes_device(NULL, "sda"));
	assert_int_equal(load(&c, "[exclude]\ndevices = loop*, sd[x-z], vg0-scratch\n"
				  "mounts = /tmp/*, /mnt/scratch\n",
			      &errs),
			 0);
	free(errs);
	assert_true(st_config_excludes_device(&c, "loop0"));
	assert_true(st_config_excludes_device(&c, "loop12"));
	assert_true(st_config_excludes_device(&c, "sdy"));
	assert_true(st_config_excludes_device(&c, "vg0-scratch"));
	assert_false(st_config_excludes_device(&c, "sda"));
	assert_false(st_config_excludes_device(&c, "sdx1"));
	assert_false(st_config_excludes_device(&c, NULL));
	assert_string_equal(st_config_device_pattern(&c, "sdz"), "sd[x-z]");
	assert_true(st_config_excludes_mount(&c, "/tmp/img"));
	assert_true(st_config_excludes_mount(&c, "/tmp/a/b")); /* '*' takes '/' too */
	assert_false(st_config_excludes_mount(&c, "/tmp"));
	assert_false(st_config_excludes_mount(&c, "/tmpfoo"));
	assert_true(st_config_excludes_mount(&c, "/mnt/scratch"));
	assert_false(st_config_excludes_mount(&c, "/mnt/scratch2"));
	assert_string_equal(st_config_mount_pattern(&c, "/tmp/x"), "/tmp/*");
	st_config_free(&c);
}

/* As root, a configuration others could write is refused. */
static void test_unsafe_as_root(void **state)
{
	char *dir = st_test_mkdtemp(), *path = st_xasprintf("%s/stortune.conf", dir);
	struct st_diag d = { 0 };
	struct st_config c;

	(void)state;
	if (geteuid() != 0) {
		free(path);
		st_test_rmtree(dir);
		skip();
	}
	st_test_write(dir, "stortune.conf", "[stortune]\ncolor = never\n", 25);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(st_config_load(&c, path, true, &d), 0);
	assert_int_equal(c.color, ST_COLOR_NEVER);
	st_config_free(&c);
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(st_config_load(&c, path, false, &d), -EPERM);
	assert_non_null(strstr(d.errors[0], "stortune.conf: refusing to act on it as root: "));
	assert_non_null(strstr(d.errors[0], "is writable by others (mode 0666)"));
	assert_int_equal(c.color, ST_COLOR_AUTO);
	st_config_free(&c);
	st_diag_free(&d);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(chmod(dir, 0775), 0);
	assert_int_equal(st_config_load(&c, path, false, &d), -EPERM);
	assert_non_null(strstr(d.errors[0], "is writable by its group (mode 0775)"));
	st_config_free(&c);
	st_diag_free(&d);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(chown(path, 4321, 4321), 0);
	assert_int_equal(st_config_load(&c, path, false, &d), -EPERM);
	assert_non_null(strstr(d.errors[0], "is owned by uid 4321, not by root"));
	st_config_free(&c);
	st_diag_free(&d);
	free(path);
	st_test_rmtree(dir);
}

/* The engine on the fixture ---------------------------------------------- */

struct world {
	char *root;
	struct st_system *sys;
	struct st_ruleset rs;
	struct st_profileset ps;
};

/* virtio-vm with its loop device mounted at /tmp/img instead of
 * /mnt/scratch, as a disk image mounted for a while would be. */
static void world_load(struct world *w)
{
	char *rdir = st_test_path("rules"), *pdir = st_test_path("profiles"), *cmd;
	struct st_diag d = { 0 };
	struct st_path *pc = NULL;

	memset(w, 0, sizeof(*w));
	w->root = st_test_copy_fixture("virtio-vm");
	cmd = st_xasprintf("sed -i 's| /mnt/scratch | /tmp/img |' '%s/proc/self/mountinfo' "
			   "'%s/proc/self/mounts'", w->root, w->root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(st_path_new(&pc, w->root), 0);
	assert_int_equal(st_probe_run(pc, &w->sys), 0);
	st_path_free(pc);
	if (st_rules_load_dir(&w->rs, rdir, &d) < 0 ||
	    st_profiles_load_dir(&w->ps, pdir, &w->rs, &d) < 0)
		fail_msg("load: %s", d.errors ? d.errors[0] : "?");
	st_diag_free(&d);
	free(rdir);
	free(pdir);
}

static void world_free(struct world *w)
{
	st_system_free(w->sys);
	st_ruleset_free(&w->rs);
	st_profileset_free(&w->ps);
	st_test_rmtree(w->root);
}

static struct st_plan *plan(struct world *w, const char *conf)
{
	const struct st_profile *prof = st_profileset_find(&w->ps, "database");
	struct st_engine_opts o = { 0 };
	struct st_plan *p = NULL;
	struct st_config c;
	char *errs;

	assert_non_null(prof);
	if (conf) {
		assert_int_equal(load(&c, conf, &errs), 0);
		free(errs);
		o.config = &c;
	}
	assert_int_equal(st_engine_run_opts(&w->rs, prof, w->sys, &o, &p), 0);
	if (conf)
		st_config_free(&c);
	return p;
}

/* Every recommendation of a plan as "kind target id", one per line. */
static char *plan_lines(const struct st_plan *p, const char *const *drop)
{
	const struct { const char *kind; const struct st_reco *v; size_t n; } lists[] = {
		{ "change", p->changes, p->nchanges },
		{ "ok", p->ok, p->nok },
		{ "advice", p->advice, p->nadvice },
	};
	struct st_buf b = { 0 };

	for (size_t l = 0; l < ST_ARRAY_SIZE(lists); l++) {
		for (size_t i = 0; i < lists[l].n; i++) {
			const struct st_reco *rc = &lists[l].v[i];
			bool skip_it = false;

			for (const char *const *t = drop; t && *t; t++)
				skip_it |= strcmp(rc->target, *t) == 0;
			if (!skip_it)
				st_buf_addf(&b, "%s %s %s\n", lists[l].kind, rc->target, rc->id);
		}
	}
	return st_buf_steal(&b);
}

static bool has_target(const struct st_plan *p, const char *target)
{
	char *all = plan_lines(p, NULL), *needle = st_xasprintf(" %s ", target);
	bool found = strstr(all, needle) != NULL;

	free(all);
	free(needle);
	return found;
}

static void test_engine_excludes(void **state)
{
	const char *const tmp_img[] = { "/tmp/img", NULL };
	const char *const loop_and_img[] = { "loop0", "/tmp/img", NULL };
	const char *const vda_and_root[] = { "vda", "/", NULL };
	struct st_plan *full, *p, *old;
	struct st_devv none = { 0 };
	char *want, *got, *oldl;
	struct world w;

	(void)state;
	world_load(&w);
	full = plan(&w, NULL);
	/* without a config the engine is what st_engine_run always was */
	assert_int_equal(st_engine_run(&w.rs, st_profileset_find(&w.ps, "database"), w.sys, &none,
				       &old),
			 0);
	oldl = plan_lines(old, NULL);
	got = plan_lines(full, NULL);
	assert_string_equal(got, oldl);
	free(got);
	free(oldl);
	st_plan_free(old);
	/* the loop mount under /tmp gets noatime advice with an fstab line */
	assert_true(has_target(full, "/tmp/img"));
	assert_true(has_target(full, "vda"));
	assert_true(has_target(full, "/"));
	assert_int_equal(full->nexcluded, 0);
	for (size_t i = 0; i < full->nchanges; i++)
		if (!strcmp(full->changes[i].id, "/tmp/img:mount:atime"))
			assert_non_null(strstr(full->changes[i].fstab_line, " /tmp/img ext4 "));

	/* excluding the mounts under /tmp: exactly what named /tmp/img goes */
	p = plan(&w, "[exclude]\nmounts = /tmp/*\n");
	assert_false(has_target(p, "/tmp/img"));
	want = plan_lines(full, tmp_img);
	got = plan_lines(p, NULL);
	assert_string_equal(got, want);
	free(want);
	free(got);
	assert_int_equal(p->nexcluded, 1);
	assert_int_equal(p->excluded[0].scope, ST_SCOPE_MOUNT);
	assert_string_equal(p->excluded[0].target, "/tmp/img");
	assert_string_equal(p->excluded[0].reason, "matches '/tmp/*' ([exclude] mounts, c.conf:2)");
	for (size_t i = 0; i < p->nchanges; i++)
		assert_true(!p->changes[i].fstab_line ||
			    !strstr(p->changes[i].fstab_line, "/tmp/img"));
	st_plan_free(p);

	/* excluding loop*: the device and the filesystem mounted from it */
	p = plan(&w, "[stortune]\ncolor = never\n[exclude]\ndevices = loop*\n");
	want = plan_lines(full, loop_and_img);
	got = plan_lines(p, NULL);
	assert_string_equal(got, want);
	free(want);
	free(got);
	assert_int_equal(p->nexcluded, 2);
	assert_string_equal(p->excluded[0].target, "loop0");
	assert_string_equal(p->excluded[0].reason, "matches 'loop*' ([exclude] devices, c.conf:4)");
	assert_string_equal(p->excluded[1].target, "/tmp/img");
	assert_string_equal(p->excluded[1].reason,
			    "is on loop0, which matches 'loop*' ([exclude] devices, c.conf:4)");
	st_plan_free(p);

	/* a disk and the root filesystem on it */
	p = plan(&w, "[exclude]\ndevices = vd?\n");
	want = plan_lines(full, vda_and_root);
	got = plan_lines(p, NULL);
	assert_string_equal(got, want);
	assert_false(has_target(p, "vda"));
	assert_true(has_target(p, "/tmp/img"));
	assert_true(has_target(p, "system"));
	free(want);
	free(got);
	st_plan_free(p);

	/* patterns that match nothing change nothing */
	p = plan(&w, "[exclude]\ndevices = sdq*\nmounts = /srv/*\n");
	want = plan_lines(full, NULL);
	got = plan_lines(p, NULL);
	assert_string_equal(got, want);
	assert_int_equal(p->nexcluded, 0);
	free(want);
	free(got);
	st_plan_free(p);
	st_plan_free(full);
	world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_unsafe_as_root),
		cmocka_unit_test(test_engine_excludes),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
