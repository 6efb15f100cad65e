/*
 * keytab.c - owns binding INI keys to struct fields through a key table
 * (st_keytab.h): finding the entry (or the closest name for "did you mean"),
 * parsing a value by the entry's type into the field at its offset, and
 * copying and freeing those fields.  It knows nothing of what a profile or
 * stortune.conf means; their tables say that.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "st_expr.h"
#include "st_keytab.h"
#include "st_util.h"

#define FIELD(obj, def, type) ((type *)((char *)(obj) + (def)->offset))
#define CFIELD(obj, def, type) ((type const *)((const char *)(obj) + (def)->offset))

const struct st_keydef *st_keytab_find(const struct st_keydef *tab, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(tab[i].name, name) == 0)
			return &tab[i];
	return NULL;
}

void st_keytab_unknown(const struct st_keydef *tab, size_t n, const char *file,
		       const struct st_ini_key *k, struct st_diag *diag)
{
	const char **names = st_xcalloc(n + 1, sizeof(*names));
	const char *best;

	for (size_t i = 0; i < n; i++)
		names[i] = tab[i].name;
	best = st_closest(k->name, names, n);
	if (best)
		st_diag_error(diag, file, k->line, "unknown key '%s' (did you mean '%s'?)", k->name,
			      best);
	else
		st_diag_error(diag, file, k->line, "unknown key '%s'", k->name);
	free(names);
}

int st_keytab_parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1")) {
		*out = true;
		return 0;
	}
	if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0")) {
		*out = false;
		return 0;
	}
	return -EINVAL;
}

static int bad(const struct st_keydef *def, const char *file, const struct st_ini_key *k,
	       const char *value, struct st_diag *diag)
{
	st_diag_error(diag, file, k->line, "%s: '%s' is not %s", k->name, value, def->what);
	return -EINVAL;
}

static int bind_enum(const struct st_keydef *def, void *obj, const char *file,
		     const struct st_ini_key *k, struct st_diag *diag)
{
	const char *const *values = def->names();
	char *list;

	for (size_t i = 0; values[i]; i++) {
		if (strcmp(values[i], k->value) == 0) {
			/* the enums are int-sized and start at 0 */
			*FIELD(obj, def, int) = (int)i;
			return 0;
		}
	}
	list = st_strv_join((char *const *)values, ", ");
	st_diag_error(diag, file, k->line, "%s: '%s' is not one of %s", k->name, k->value, list);
	free(list);
	return -EINVAL;
}

/* Items separated by commas; each checked before any is stored. */
static int bind_list(const struct st_keydef *def, void *obj, const char *file,
		     const struct st_ini_key *k, struct st_diag *diag)
{
	char *copy = st_xstrdup(k->value), *save = NULL, **items = NULL;
	int rc = 0;

	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		st_strstrip(w);
		if (!*w)
			continue;
		if (def->valid && !def->valid(w))
			rc = bad(def, file, k, w, diag);
		st_strv_push(&items, w);
	}
	free(copy);
	if (!items)
		rc = bad(def, file, k, k->value, diag);
	if (rc < 0) {
		st_strv_free(items);
		return rc;
	}
	st_strv_free(*FIELD(obj, def, char **));
	*FIELD(obj, def, char **) = items;
	return 0;
}

int st_keytab_bind(const struct st_keydef *def, void *obj, const char *file,
		   const struct st_ini_key *k, struct st_diag *diag)
{
	uint64_t u;
	int64_t n;
	bool unit, b;

	if (!*k->value) {
		st_diag_error(diag, file, k->line, "%s: empty value (%s)", k->name, def->what);
		return -EINVAL;
	}
	switch (def->type) {
	case ST_KEY_TEXT:
		if (def->valid && !def->valid(k->value))
			return bad(def, file, k, k->value, diag);
		free(*FIELD(obj, def, char *));
		*FIELD(obj, def, char *) = st_xstrdup(k->value);
		return 0;
	case ST_KEY_ENUM:
		return bind_enum(def, obj, file, k, diag);
	case ST_KEY_UINT:
		if (st_parse_u64(k->value, &u) < 0 || u > def->max)
			return bad(def, file, k, k->value, diag);
		*FIELD(obj, def, int64_t) = (int64_t)u;
		return 0;
	case ST_KEY_SIZE:
		if (st_parse_size(k->value, &n, &unit) < 0 || n <= 0 || !unit)
			return bad(def, file, k, k->value, diag);
		*FIELD(obj, def, int64_t) = n;
		return 0;
	case ST_KEY_BOOL:
		if (st_keytab_parse_bool(k->value, &b) < 0)
			return bad(def, file, k, k->value, diag);
		*FIELD(obj, def, bool) = b;
		return 0;
	case ST_KEY_LIST:
		return bind_list(def, obj, file, k, diag);
	case ST_KEY_NR:
		break;
	}
	st_diag_error(diag, file, k->line, "%s: key of no known type", k->name);
	return -EINVAL;
}

void st_keytab_copy(const struct st_keydef *def, void *dst, const void *src)
{
	switch (def->type) {
	case ST_KEY_TEXT:
		free(*FIELD(dst, def, char *));
		*FIELD(dst, def, char *) = st_xstrdup(*CFIELD(src, def, char *));
		break;
	case ST_KEY_ENUM:
		*FIELD(dst, def, int) = *CFIELD(src, def, int);
		break;
	case ST_KEY_UINT:
	case ST_KEY_SIZE:
		*FIELD(dst, def, int64_t) = *CFIELD(src, def, int64_t);
		break;
	case ST_KEY_BOOL:
		*FIELD(dst, def, bool) = *CFIELD(src, def, bool);
		break;
	case ST_KEY_LIST:
		st_strv_free(*FIELD(dst, def, char **));
		*FIELD(dst, def, char **) = NULL;
		for (char *const *w = *CFIELD(src, def, char **); w && *w; w++)
			st_strv_push(FIELD(dst, def, char **), *w);
		break;
	case ST_KEY_NR:
		break;
	}
}

void st_keytab_free(const struct st_keydef *tab, size_t n, void *obj)
{
	for (size_t i = 0; i < n; i++) {
		if (tab[i].type == ST_KEY_TEXT) {
			free(*FIELD(obj, &tab[i], char *));
			*FIELD(obj, &tab[i], char *) = NULL;
		} else if (tab[i].type == ST_KEY_LIST) {
			st_strv_free(*FIELD(obj, &tab[i], char **));
			*FIELD(obj, &tab[i], char **) = NULL;
		}
	}
}
