/*
 * probe_read.c - owns what every probe shares: the typed readers that turn
 * a missing or malformed attribute into "unknown" (STYLE.md 4), and the
 * udev database parser that gives live and --sysroot runs the same
 * properties.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "st_probe.h"
#include "st_util.h"

void st_probe_str(struct st_probe_ctx *ctx, char **dst, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = st_path_read_stringv(ctx->pc, &s, fmt, ap);
	va_end(ap);
	if (rc == 0) {
		free(*dst);
		*dst = s;
	}
}

void st_probe_u64(struct st_probe_ctx *ctx, uint64_t *dst, uint64_t max, const char *fmt, ...)
{
	uint64_t v;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = st_path_read_u64v(ctx->pc, &v, max, fmt, ap);
	va_end(ap);
	if (rc == 0)
		*dst = v;
}

void st_probe_bool(struct st_probe_ctx *ctx, int *dst, const char *fmt, ...)
{
	va_list ap;
	int v, rc;

	va_start(ap, fmt);
	rc = st_path_read_boolv(ctx->pc, &v, fmt, ap);
	va_end(ap);
	if (rc == 0)
		*dst = v;
}

/*
 * The udev properties stortune uses.  libudev also returns uevent keys
 * (DEVTYPE, PARTN ...) that the database file does not hold; keeping only
 * these makes the live and the --sysroot model the same.
 */
static const char *const udev_keys[] = {
	"ID_BUS",         "ID_MODEL",          "ID_MODEL_ENC",       "ID_VENDOR",
	"ID_REVISION",    "ID_SERIAL",         "ID_SERIAL_SHORT",    "ID_WWN",
	"ID_WWN_WITH_EXTENSION",               "ID_PATH",            "ID_TYPE",
	"ID_FS_TYPE",     "ID_FS_UUID",        "ID_FS_LABEL",        "ID_FS_VERSION",
	"ID_FS_USAGE",    "ID_PART_TABLE_TYPE", "ID_PART_ENTRY_UUID", "ID_PART_ENTRY_NUMBER",
	"ID_ATA_ROTATION_RATE_RPM",            "DM_NAME",            "DM_UUID",
	"MD_LEVEL",       "MD_UUID",
};

bool st_udev_key_wanted(const char *key)
{
	for (size_t i = 0; i < ST_ARRAY_SIZE(udev_keys); i++)
		if (strcmp(key, udev_keys[i]) == 0)
			return true;
	return false;
}

/* udev's database: one record per line, "E:KEY=value" holds a property. */
void st_udev_db_parse(const char *text, struct st_kvlist *props)
{
	const char *p = text;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if (len > 2 && p[0] == 'E' && p[1] == ':') {
			char *line = st_xstrndup(p + 2, len - 2);
			char *eq = strchr(line, '=');

			if (eq) {
				*eq = '\0';
				if (st_udev_key_wanted(line))
					st_kvlist_add(props, line, eq + 1);
			}
			free(line);
		}
		p = eol ? eol + 1 : NULL;
	}
}

/* A file a probe stage will read (st_probe_ops.prefetch). */
void st_probe_want(struct st_probe_wants *w, const char *fmt, ...)
{
	va_list ap;

	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->v = st_xrealloc(w->v, w->cap * sizeof(*w->v));
	}
	va_start(ap, fmt);
	w->v[w->n++] = st_xvasprintf(fmt, ap);
	va_end(ap);
}
