/*
 * config.c - owns stortune.conf: its sections and keys (one table each,
 * bound through st_keytab.h as the profiles' keys are), the built-in
 * defaults the shipped file shows, loading the file over them, and matching
 * device names and mount points against its exclude patterns.  It sits with
 * the rules because the engine acts on the exclusions and a default profile
 * is checked as a profile name.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st_config.h"
#include "st_keytab.h"
#include "st_log.h"
#include "st_rules.h"
#include "st_util.h"

static bool absolute_path(const char *s)
{
	return s[0] == '/';
}

/* A kernel name or a glob over one: never a path. */
static bool device_pattern(const char *s)
{
	/* a kernel name has no blank: "sda sdb" is two names, not one */
	return !strchr(s, '/') && !strpbrk(s, " \t");
}

/* An absolute path or a glob over one, or "*" alone (fnmatch's '*'
 * matches '/' too). */
static bool mount_pattern(const char *s)
{
	return s[0] == '/' || s[0] == '*';
}

/* flags: the st_config_key an entry sets */
#define KEY(n, t, f, w, k) \
	.name = n, .type = t, .offset = offsetof(struct st_config, f), .what = w, .flags = k
static const struct st_keydef stortune_keys[] = {
	{ KEY("profile", ST_KEY_TEXT, profile, "a profile name", ST_CONF_PROFILE),
	  .valid = st_rules_valid_name },
	{ KEY("state_dir", ST_KEY_TEXT, state_dir, "an absolute path", ST_CONF_STATE_DIR),
	  .valid = absolute_path },
	{ KEY("color", ST_KEY_ENUM, color, "auto, always or never", ST_CONF_COLOR),
	  .names = st_color_names },
};
static const struct st_keydef exclude_keys[] = {
	{ KEY("devices", ST_KEY_LIST, exclude_devices,
	      "a device name or glob without '/' or blanks (sdb, loop*; a list separates them with commas)", ST_CONF_EXCLUDE_DEVICES),
	  .valid = device_pattern },
	{ KEY("mounts", ST_KEY_LIST, exclude_mounts,
	      "a mount point or glob starting with '/' (/tmp/*)", ST_CONF_EXCLUDE_MOUNTS),
	  .valid = mount_pattern },
};
#undef KEY

static const struct section {
	const char *name;
	const struct st_keydef *keys;
	size_t n;
} sections[] = {
	{ "stortune", stortune_keys, ST_ARRAY_SIZE(stortune_keys) },
	{ "exclude", exclude_keys, ST_ARRAY_SIZE(exclude_keys) },
};

const char *st_config_key_name(enum st_config_key k)
{
	static const char *const names[ST_CONF_NR] = {
		[ST_CONF_PROFILE] = "[stortune] profile",
		[ST_CONF_STATE_DIR] = "[stortune] state_dir",
		[ST_CONF_COLOR] = "[stortune] color",
		[ST_CONF_EXCLUDE_DEVICES] = "[exclude] devices",
		[ST_CONF_EXCLUDE_MOUNTS] = "[exclude] mounts",
	};

	return (unsigned)k < ST_CONF_NR ? names[k] : "?";
}

static void config_defaults(struct st_config *c)
{
	memset(c, 0, sizeof(*c));
	c->profile = st_xstrdup(ST_CONFIG_PROFILE);
	c->state_dir = st_xstrdup(ST_CONFIG_STATE_DIR);
	c->color = ST_COLOR_AUTO;
}

void st_config_free(struct st_config *c)
{
	if (!c)
		return;
	free(c->file);
	for (size_t i = 0; i < ST_ARRAY_SIZE(sections); i++)
		st_keytab_free(sections[i].keys, sections[i].n, c);
	memset(c, 0, sizeof(*c));
}

static const struct section *find_section(const char *name)
{
	for (size_t i = 0; i < ST_ARRAY_SIZE(sections); i++)
		if (strcmp(sections[i].name, name) == 0)
			return &sections[i];
	return NULL;
}

static void unknown_section(const char *file, const struct st_ini_section *sec,
			    struct st_diag *diag)
{
	const char *names[ST_ARRAY_SIZE(sections)], *best;

	for (size_t i = 0; i < ST_ARRAY_SIZE(sections); i++)
		names[i] = sections[i].name;
	best = st_closest(sec->name, names, ST_ARRAY_SIZE(names));
	if (best)
		st_diag_error(diag, file, sec->line, "unknown section [%s] (did you mean [%s]?)",
			      sec->name, best);
	else
		st_diag_error(diag, file, sec->line,
			      "unknown section [%s]: stortune.conf has [stortune] and [exclude]",
			      sec->name);
}

/* A key of another section says where it belongs; others get the closest
 * name of their own section. */
static void unknown_key(const char *file, const struct section *in, const struct st_ini_key *k,
			struct st_diag *diag)
{
	for (size_t i = 0; i < ST_ARRAY_SIZE(sections); i++) {
		if (&sections[i] != in && st_keytab_find(sections[i].keys, sections[i].n, k->name)) {
			st_diag_error(diag, file, k->line, "unknown key '%s' in [%s] (it belongs "
				      "in [%s])", k->name, in->name, sections[i].name);
			return;
		}
	}
	st_keytab_unknown(in->keys, in->n, file, k, diag);
}

/* Binds every key of ini into c; returns the number of errors. */
static size_t bind_all(struct st_config *c, const char *file, const struct st_ini *ini,
		       struct st_diag *diag)
{
	size_t errors = 0;

	for (size_t i = 0; i < ini->n; i++) {
		const struct st_ini_section *sec = &ini->v[i];
		const struct section *s = find_section(sec->name);

		if (!s) {
			unknown_section(file, sec, diag);
			errors++;
			continue;
		}
		for (size_t k = 0; k < sec->nkeys; k++) {
			const struct st_ini_key *key = &sec->keys[k];
			const struct st_keydef *def = st_keytab_find(s->keys, s->n, key->name);

			if (!def) {
				unknown_key(file, s, key, diag);
				errors++;
			} else if (st_keytab_bind(def, c, file, key, diag) < 0) {
				errors++;
			} else {
				c->line[def->flags] = key->line;
			}
		}
	}
	return errors;
}

int st_config_load_string(struct st_config *c, const char *name, const char *text, size_t len,
			  struct st_diag *diag)
{
	struct st_config got;
	struct st_ini ini;
	size_t errors = 0;

	config_defaults(c);
	config_defaults(&got);
	if (st_ini_parse(name, text, len, &ini, diag) < 0)
		errors++;
	errors += bind_all(&got, name, &ini, diag);
	st_ini_free(&ini);
	if (errors) {
		st_config_free(&got);
		return -EINVAL;
	}
	st_config_free(c);
	*c = got;
	c->file = st_xstrdup(name);
	return 0;
}

int st_config_load(struct st_config *c, const char *path, bool required, struct st_diag *diag)
{
	char *text = NULL, *why = NULL;
	size_t len;
	int rc;

	config_defaults(c);
	if (!path)
		return 0;
	if (!required && access(path, F_OK) < 0 && errno == ENOENT) {
		st_debug("%s: not there; the defaults apply", path);
		return 0;
	}
	if (geteuid() == 0 && (rc = st_rules_path_check(path, &why)) < 0) {
		if (rc == -EPERM)
			st_diag_error(diag, path, 0, "refusing to act on it as root: %s", why);
		else
			st_diag_error(diag, path, 0, "cannot read: %s", strerror(-rc));
		free(why);
		return rc;
	}
	rc = st_ini_read_file(path, &text, &len, diag);
	if (rc < 0)
		return rc;
	st_config_free(c); /* st_config_load_string sets the defaults again */
	rc = st_config_load_string(c, path, text, len, diag);
	free(text);
	return rc;
}

const char *st_config_device_pattern(const struct st_config *c, const char *name)
{
	for (char **p = c && name ? c->exclude_devices : NULL; p && *p; p++)
		if (fnmatch(*p, name, 0) == 0)
			return *p;
	return NULL;
}

const char *st_config_mount_pattern(const struct st_config *c, const char *target)
{
	for (char **p = c && target ? c->exclude_mounts : NULL; p && *p; p++)
		if (fnmatch(*p, target, 0) == 0)
			return *p;
	return NULL;
}

bool st_config_excludes_device(const struct st_config *c, const char *kname)
{
	return st_config_device_pattern(c, kname) != NULL;
}

bool st_config_excludes_mount(const struct st_config *c, const char *target)
{
	return st_config_mount_pattern(c, target) != NULL;
}
