/*
 * st_keytab.h - INI keys bound to struct fields through a declarative table
 * (STYLE.md 6, as fio's options.c does): each entry names a key, its type,
 * the offset of the field it fills and what a good value is.  Profiles
 * (profile.c) and stortune.conf (config.c) bind their keys through it, so an
 * unknown key is "file:line: unknown key 'x' (did you mean 'y'?)" and a bad
 * value "file:line: key: 'v' is not WHAT" wherever they are read.
 */
#ifndef ST_KEYTAB_H
#define ST_KEYTAB_H

#include "st_ini.h"

enum st_key_type {
	ST_KEY_TEXT, /* char *: any text, or what valid() accepts */
	ST_KEY_ENUM, /* an int-sized enum: the value's index in names() */
	ST_KEY_UINT, /* int64_t: a decimal number from 0 to max */
	ST_KEY_SIZE, /* int64_t: bytes, given with a unit (8KiB), above 0 */
	ST_KEY_BOOL, /* bool: yes/no, true/false, 1/0 */
	ST_KEY_LIST, /* char ** (NULL-terminated): comma-separated items, each
			stripped of blanks, empty ones dropped; valid() checks each */
	ST_KEY_NR
};

struct st_keydef {
	const char *name;
	enum st_key_type type;
	size_t offset;
	/* what a good value is, completing "'v' is not ..." and "empty value
	 * (...)": "a percentage from 0 to 100" */
	const char *what;
	const char *const *(*names)(void); /* ST_KEY_ENUM: NULL-terminated */
	uint64_t max;                      /* ST_KEY_UINT */
	bool (*valid)(const char *s);      /* TEXT, LIST items; NULL: any */
	unsigned flags;                    /* the caller's own */
};

/* The entry named name, or NULL. */
const struct st_keydef *st_keytab_find(const struct st_keydef *tab, size_t n, const char *name);
/* Reports k as unknown, with the closest name of tab if there is one. */
void st_keytab_unknown(const struct st_keydef *tab, size_t n, const char *file,
		       const struct st_ini_key *k, struct st_diag *diag);
/*
 * Parses k's value as def says into obj's field (a TEXT or LIST field that
 * is already set is replaced).  Returns 0, or -EINVAL with the error in diag
 * as "file:line: key: message"; the field is then unchanged.
 */
int st_keytab_bind(const struct st_keydef *def, void *obj, const char *file,
		   const struct st_ini_key *k, struct st_diag *diag);
/* Copies def's field from src to dst (strings duplicated): inheritance. */
void st_keytab_copy(const struct st_keydef *def, void *dst, const void *src);
/* Frees the TEXT and LIST fields of obj that tab describes. */
void st_keytab_free(const struct st_keydef *tab, size_t n, void *obj);
/* yes/no, true/false, 1/0; -EINVAL for anything else. */
int st_keytab_parse_bool(const char *s, bool *out);

#endif
