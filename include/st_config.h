/*
 * st_config.h - stortune.conf (/etc/stortune/stortune.conf, or --config
 * FILE): the default profile, the devices and mount points stortune leaves
 * alone, the state directory and colour.  Read with the INI reader and the
 * key tables the profiles use (st_ini.h, st_keytab.h).  etc/stortune.conf
 * is the shipped file; its comments document every key:
 *
 *   [stortune]
 *   profile = general            default profile for advise, apply, verify
 *   state_dir = /var/lib/stortune journal and lock
 *   color = auto                 auto, always or never
 *   [exclude]
 *   devices = loop*, sdx         kernel (or dm) names, fnmatch(3) globs
 *   mounts = /mnt/scratch, /srv/tmp-* mount points, fnmatch(3) globs
 */
#ifndef ST_CONFIG_H
#define ST_CONFIG_H

#include "st_ini.h"

/* Where the configuration is when --config does not say. */
#define ST_CONFIG_FILE "/etc/stortune/stortune.conf"
/* The built-in defaults, which the shipped file shows commented out. */
#define ST_CONFIG_PROFILE "general"
#define ST_CONFIG_STATE_DIR "/var/lib/stortune"

enum st_color { ST_COLOR_AUTO, ST_COLOR_ALWAYS, ST_COLOR_NEVER, ST_COLOR_NR };
/* their names, for this file and for --color */
#define ST_COLOR_NAMES { "auto", "always", "never", NULL }

static inline const char *const *st_color_names(void)
{
	static const char *const names[ST_COLOR_NR + 1] = ST_COLOR_NAMES;

	return names;
}

/* The keys, for st_config.line[] (where each was set). */
enum st_config_key {
	ST_CONF_PROFILE,
	ST_CONF_STATE_DIR,
	ST_CONF_COLOR,
	ST_CONF_EXCLUDE_DEVICES,
	ST_CONF_EXCLUDE_MOUNTS,
	ST_CONF_NR
};

struct st_config {
	char *file;             /* the file read; NULL: none, the defaults */
	char *profile;          /* the default profile */
	char *state_dir;        /* an absolute path */
	enum st_color color;
	char **exclude_devices; /* globs on kernel and dm names; NULL: none */
	char **exclude_mounts;  /* globs on mount points; NULL: none */
	unsigned line[ST_CONF_NR]; /* of the key in file; 0: the default */
};

/* "[exclude] devices": how messages name a key. */
const char *st_config_key_name(enum st_config_key k);

/*
 * Sets c to the defaults, then reads path (NULL: none) over them.
 * A missing file is fine unless required (--config FILE names one): then
 * it is -ENOENT.  Unknown sections and keys ("did you mean"), bad values
 * and unreadable files are errors in diag as "file:line: key: message", and
 * the whole file is rejected: c keeps the defaults.  As root the file must
 * be safe to act on (st_rules_path_check), else -EPERM.  Returns 0 or
 * -errno.  c is the caller's to st_config_free, whatever the result.
 */
int st_config_load(struct st_config *c, const char *path, bool required, struct st_diag *diag);
/* The same from memory (name is used in messages), for tests. */
int st_config_load_string(struct st_config *c, const char *name, const char *text, size_t len,
			  struct st_diag *diag);
void st_config_free(struct st_config *c);

/* The first exclude pattern that matches a device's name (either of its
 * kernel and dm names), or a mount point; NULL when none does. */
const char *st_config_device_pattern(const struct st_config *c, const char *name);
const char *st_config_mount_pattern(const struct st_config *c, const char *target);
bool st_config_excludes_device(const struct st_config *c, const char *kname);
bool st_config_excludes_mount(const struct st_config *c, const char *target);

#endif
