/*
 * st_ini.h - reading rule and profile files: inih with line numbers, line
 * length and content checks, and the diagnostics list every loader fills.
 *
 * Debian's libinih gives its handler no line numbers and silently cuts
 * lines at 200 bytes.  So the file is read whole first (size limit, NUL
 * bytes), and handed to inih one line at a time through a reader that counts
 * lines, rejects over-long ones and notes section headers; the handler then
 * knows the line of every key.  The result is a plain list of sections and
 * keys for the rule and profile loaders to interpret.
 */
#ifndef ST_INI_H
#define ST_INI_H

#include "stortune.h"

/* Lines longer than this cannot be read by Debian's libinih (INI_MAX_LINE
 * 200 bytes including "\r\n\0"); the reader rejects them rather than let
 * inih cut them silently. */
#define ST_INI_MAX_LINE 197
/* A rules or profile file larger than this is rejected unread (bytes). */
#define ST_INI_MAX_FILE (1024 * 1024)

/* Messages collected while loading, already prefixed "file:line: ".  Only
 * st_diag_error and st_diag_warn add to the lists (they size them from the
 * counts). */
struct st_diag {
	char **errors;   /* NULL-terminated */
	char **warnings; /* NULL-terminated */
	size_t nerrors, nwarnings;
};
/* line 0: no line part ("file: message"). */
void st_diag_error(struct st_diag *d, const char *file, unsigned line, const char *fmt, ...)
	ST_PRINTF(4, 5);
void st_diag_warn(struct st_diag *d, const char *file, unsigned line, const char *fmt, ...)
	ST_PRINTF(4, 5);
void st_diag_free(struct st_diag *d);

struct st_ini_key {
	char *name;
	char *value;   /* continuation lines joined with one space */
	unsigned line; /* of the key (the first line) */
};

struct st_ini_section {
	char *name;
	unsigned line;
	struct st_ini_key *keys;
	size_t nkeys;
};

struct st_ini {
	struct st_ini_section *v;
	size_t n;
};

/*
 * Parses text (len bytes, need not be NUL-terminated) named file in
 * messages.  Errors (syntax, over-long lines, NUL bytes, duplicate sections
 * and keys, keys before any section) go to diag.  Returns 0, or -EINVAL when
 * there were errors (out then holds what could be read).
 */
int st_ini_parse(const char *file, const char *text, size_t len, struct st_ini *out,
		 struct st_diag *diag);
/* Reads a whole file, refusing one larger than ST_INI_MAX_FILE or not a
 * regular file.  Returns 0 or -errno, reported in diag. */
int st_ini_read_file(const char *path, char **text, size_t *len, struct st_diag *diag);
/* The *.ini files of dir as "dir/name", in byte order (NULL-terminated);
 * NULL, reported in diag, when dir cannot be read. */
char **st_ini_dir_list(const char *dir, struct st_diag *diag);
const struct st_ini_key *st_ini_get(const struct st_ini_section *s, const char *name);
void st_ini_free(struct st_ini *ini);

#endif
