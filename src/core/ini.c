/*
 * ini.c - owns reading rule and profile files: the whole-file checks (size,
 * regular file, NUL bytes), the line reader that lets Debian's libinih work
 * with line numbers and without silently cut lines, and the diagnostics
 * list.  See st_ini.h.
 */
#include <dirent.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_ini.h"
#include "st_util.h"

static void diag_add(char ***v, size_t *n, const char *file, unsigned line, const char *fmt,
		     va_list ap) ST_PRINTF(5, 0);

/*
 * *n is the length of *v, which only this function appends to.  A file of a
 * million bad lines must not cost a walk of the list per message
 * (st_strv_push's) or a copy of it (realloc by one slot, which the
 * sanitizers' realloc always copies): that made loading it quadratic,
 * minutes for the 1 MiB a rules file may have.  The list grows to 3, 5, 9,
 * 17 ... slots, each time n + 1 reaches a power of two.
 */
static void diag_add(char ***v, size_t *n, const char *file, unsigned line, const char *fmt,
		     va_list ap)
{
	char *msg = st_xvasprintf(fmt, ap);

	if ((*n & (*n + 1)) == 0)
		*v = st_xrealloc(*v, (2 * *n + 3) * sizeof(**v));
	(*v)[*n] = line ? st_xasprintf("%s:%u: %s", file, line, msg)
			: st_xasprintf("%s: %s", file, msg);
	(*v)[++*n] = NULL;
	free(msg);
}

void st_diag_error(struct st_diag *d, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(&d->errors, &d->nerrors, file, line, fmt, ap);
	va_end(ap);
}

void st_diag_warn(struct st_diag *d, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(&d->warnings, &d->nwarnings, file, line, fmt, ap);
	va_end(ap);
}

void st_diag_free(struct st_diag *d)
{
	if (!d)
		return;
	st_strv_free(d->errors);
	st_strv_free(d->warnings);
	memset(d, 0, sizeof(*d));
}

int st_ini_read_file(const char *path, char **text, size_t *len, struct st_diag *diag)
{
	const char *why = "";
	int rc = st_read_file(path, ST_INI_MAX_FILE, text, len, &why);

	if (rc == 0)
		return 0;
	if (strcmp(why, "open") == 0)
		st_diag_error(diag, path, 0, "cannot read: %s", strerror(-rc));
	else if (strcmp(why, "not a regular file") == 0)
		st_diag_error(diag, path, 0, "not a regular file");
	else if (strcmp(why, "too large") == 0)
		st_diag_error(diag, path, 0, "file is %llu bytes; the limit is %d",
			      (unsigned long long)*len, ST_INI_MAX_FILE);
	else if (strcmp(why, "grew past the limit") == 0)
		st_diag_error(diag, path, 0, "file is larger than the limit of %d bytes",
			      ST_INI_MAX_FILE);
	else
		st_diag_error(diag, path, 0, "read failed: %s", strerror(-rc));
	*len = 0;
	return rc;
}

/* State shared by the reader and the handler. */
struct parse {
	const char *file;
	const char *text;
	size_t len, pos;
	unsigned line;       /* of the line last handed to inih */
	bool cont;           /* that line is a continuation (starts with blank) */
	bool failed;
	struct st_diag *diag;
	struct st_ini *ini;
	struct st_ini_key *last; /* the key a continuation line extends */
	char *last_section;  /* inih's name for the current section */
};

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static void error(struct parse *p, unsigned line, const char *fmt, ...) ST_PRINTF(3, 4);
static void error(struct parse *p, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(&p->diag->errors, &p->diag->nerrors, p->file, line, fmt, ap);
	va_end(ap);
	p->failed = true;
}

/* A section header line: records it, checks for duplicates. */
static void section_line(struct parse *p, const char *s, size_t n)
{
	const char *end = memchr(s, ']', n);
	struct st_ini_section *sec;
	char *name;

	if (!end) {
		error(p, p->line, "section header without ']'");
		return;
	}
	for (const char *q = end + 1; q < s + n; q++) {
		if (*q == ';' || *q == '#')
			break;
		if (!blank(*q) && *q != '\r') {
			error(p, p->line, "text after the section header");
			return;
		}
	}
	name = st_xstrndup(s + 1, (size_t)(end - s - 1));
	st_strstrip(name);
	if (!*name) {
		error(p, p->line, "empty section name");
		free(name);
		return;
	}
	for (size_t i = 0; i < p->ini->n; i++) {
		if (strcmp(p->ini->v[i].name, name) == 0) {
			error(p, p->line, "duplicate section [%s] (first at line %u)", name,
			      p->ini->v[i].line);
			free(name);
			return;
		}
	}
	p->ini->v = st_xrealloc(p->ini->v, (p->ini->n + 1) * sizeof(*p->ini->v));
	sec = &p->ini->v[p->ini->n++];
	memset(sec, 0, sizeof(*sec));
	sec->name = name;
	sec->line = p->line;
	p->last = NULL;
}

/*
 * Checks one physical line and returns whether inih should see it.  inih
 * would report a line without '=' only by number, after the fact; checking
 * here gives every error its own message.
 */
static bool check_line(struct parse *p, const char *s, size_t n)
{
	size_t i = 0;

	if (memchr(s, '\0', n)) {
		error(p, p->line, "NUL byte in the file");
		return false;
	}
	while (i < n && (blank(s[i]) || s[i] == '\r'))
		i++;
	p->cont = i > 0 && i < n;
	if (i == n || s[i] == ';' || s[i] == '#')
		return true;
	if (p->cont) {
		if (!p->last) {
			error(p, p->line, "indented line continues no key");
			return false;
		}
		return true;
	}
	if (s[i] == '[') {
		section_line(p, s + i, n - i);
		return true;
	}
	if (!memchr(s + i, '=', n - i) && !memchr(s + i, ':', n - i)) {
		error(p, p->line, "expected 'key = value' or '[section]'");
		return false;
	}
	if (s[i] == '=' || s[i] == ':') {
		error(p, p->line, "missing key name before '%c'", s[i]);
		return false;
	}
	return true;
}

/* inih's reader: hands out one line at a time, counting them. */
static char *reader(char *str, int num, void *stream)
{
	struct parse *p = stream;

	while (p->pos < p->len) {
		const char *s = p->text + p->pos;
		const char *nl = memchr(s, '\n', p->len - p->pos);
		size_t n = nl ? (size_t)(nl - s) : p->len - p->pos;

		p->pos += n + (nl ? 1 : 0);
		p->line++;
		if (n > ST_INI_MAX_LINE || n + 3 > (size_t)num) {
			error(p, p->line, "line is %zu characters long; the limit is %d "
			      "(libinih would cut it): continue it on an indented line", n,
			      ST_INI_MAX_LINE);
			continue;
		}
		if (!check_line(p, s, n))
			continue;
		memcpy(str, s, n);
		str[n] = '\n';
		str[n + 1] = '\0';
		return str;
	}
	return NULL;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	struct st_ini_section *sec;
	struct st_ini_key *k;

	if (!p->ini->n) {
		error(p, p->line, "'%s' before the first [section]", name);
		return 1;
	}
	sec = &p->ini->v[p->ini->n - 1];
	if (strcmp(section, sec->name) != 0)
		return 1; /* a key under a rejected (duplicate) header */
	if (p->cont && p->last && strcmp(p->last->name, name) == 0) {
		char *joined = st_xasprintf("%s %s", p->last->value, value);

		free(p->last->value);
		p->last->value = joined;
		return 1;
	}
	for (size_t i = 0; i < sec->nkeys; i++) {
		if (strcmp(sec->keys[i].name, name) == 0) {
			error(p, p->line, "duplicate key '%s' (first at line %u)", name,
			      sec->keys[i].line);
			p->last = NULL;
			return 1;
		}
	}
	sec->keys = st_xrealloc(sec->keys, (sec->nkeys + 1) * sizeof(*sec->keys));
	k = &sec->keys[sec->nkeys++];
	k->name = st_xstrdup(name);
	k->value = st_xstrdup(value);
	k->line = p->line;
	p->last = k;
	return 1;
}

int st_ini_parse(const char *file, const char *text, size_t len, struct st_ini *out,
		 struct st_diag *diag)
{
	struct parse p = { .file = file, .text = text, .len = len, .diag = diag, .ini = out };
	int rc;

	memset(out, 0, sizeof(*out));
	rc = ini_parse_stream(reader, &p, handler, &p);
	if (rc > 0 && !p.failed)
		error(&p, (unsigned)rc, "syntax error");
	else if (rc < 0)
		error(&p, 0, "cannot parse (inih error %d)", rc);
	return p.failed ? -EINVAL : 0;
}

char **st_ini_dir_list(const char *dir, struct st_diag *diag)
{
	struct dirent **ents = NULL;
	char **names = NULL;
	int n = scandir(dir, &ents, NULL, alphasort);

	if (n < 0) {
		st_diag_error(diag, dir, 0, "cannot read the directory: %s", strerror(errno));
		return NULL;
	}
	names = st_xcalloc(1, sizeof(*names)); /* non-NULL even when empty */
	for (int i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.' && st_endswith(ents[i]->d_name, ".ini"))
			st_strv_pushf(&names, "%s/%s", dir, ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return names;
}

const struct st_ini_key *st_ini_get(const struct st_ini_section *s, const char *name)
{
	for (size_t i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i].name, name) == 0)
			return &s->keys[i];
	return NULL;
}

void st_ini_free(struct st_ini *ini)
{
	if (!ini)
		return;
	for (size_t i = 0; i < ini->n; i++) {
		for (size_t k = 0; k < ini->v[i].nkeys; k++) {
			free(ini->v[i].keys[k].name);
			free(ini->v[i].keys[k].value);
		}
		free(ini->v[i].keys);
		free(ini->v[i].name);
	}
	free(ini->v);
	memset(ini, 0, sizeof(*ini));
}
