/*
 * test_config.c - stortune.conf: the defaults without a file, every key,
 * the file:line of every kind of error (unknown keys and sections with
 * "did you mean", keys in the wrong section, bad values), whole-file
 * rejection, a missing file given explicitly, the permission check as root,
 * the shipped etc/stortune.conf and its examples, and pattern matching.
 */
#include <errno.h>
#include <sys/stat.h>

#include "st_config.h"
#include "st_rules.h"
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_unsafe_as_root),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
