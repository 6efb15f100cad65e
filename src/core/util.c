/*
 * util.c - owns the small helpers every module needs: checked allocation,
 * string vectors, strict number parsing, size formatting, edit distance and
 * the natural order used to sort device names.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "st_util.h"

static ST_NORETURN void oom(void)
{
	fputs("stortune: out of memory\n", stderr);
	abort();
}

void *st_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *st_xcalloc(size_t nmemb, size_t n)
{
	void *p = calloc(nmemb ? nmemb : 1, n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *st_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *st_xstrdup(const char *s)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		oom();
	return p;
}

/* Reads at most n bytes of s, which need not be NUL-terminated (a slice of
 * a file read into memory).  Not strndup: AddressSanitizer's
 * strict_string_checks, which CI uses, takes its argument for a whole C
 * string and reports a read past the end of such a slice. */
char *st_xstrndup(const char *s, size_t n)
{
	const char *nul;
	char *p;

	if (!s)
		return NULL;
	nul = memchr(s, '\0', n);
	if (nul)
		n = (size_t)(nul - s);
	p = st_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/*
 * Formatted into a stack buffer first: nearly every string here is a sysfs
 * path under 256 bytes, and glibc's vasprintf grows its buffer by
 * reallocation from 100 bytes; this is one vsnprintf and one malloc.
 */
char *st_xvasprintf(const char *fmt, va_list ap)
{
	char buf[256], *p;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		oom();
	if ((size_t)n < sizeof(buf)) {
		va_end(again);
		p = st_xmalloc((size_t)n + 1);
		memcpy(p, buf, (size_t)n + 1);
		return p;
	}
	p = st_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, again);
	va_end(again);
	return p;
}

char *st_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = st_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void st_buf_addn(struct st_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = st_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void st_buf_adds(struct st_buf *b, const char *s)
{
	st_buf_addn(b, s, strlen(s));
}

void st_buf_addf(struct st_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = st_xvasprintf(fmt, ap);
	va_end(ap);
	st_buf_adds(b, s);
	free(s);
}

char *st_buf_steal(struct st_buf *b)
{
	char *s = b->s ? b->s : st_xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void st_buf_free(struct st_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

bool st_startswith(const char *s, const char *prefix)
{
	return s && prefix && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool st_endswith(const char *s, const char *suffix)
{
	size_t ls, lx;

	if (!s || !suffix)
		return false;
	ls = strlen(s);
	lx = strlen(suffix);
	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

char *st_strstrip(char *s)
{
	char *p = s, *e;

	if (!s)
		return s;
	while (*p && isspace((unsigned char)*p))
		p++;
	if (p != s)
		memmove(s, p, strlen(p) + 1);
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int st_parse_u64(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	const char *p = s;

	while (*p && isspace((unsigned char)*p))
		p++;
	if (!*p)
		return -ENODATA;
	if (*p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned d = (unsigned)(*p - '0');

		if (x > (UINT64_MAX - d) / 10)
			return -ERANGE;
		x = x * 10 + d;
	}
	while (*p && isspace((unsigned char)*p))
		p++;
	if (*p)
		return -EINVAL;
	*v = x;
	return 0;
}

void st_kvlist_add(struct st_kvlist *l, const char *key, const char *value)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].key, key) == 0) {
			free(l->v[i].value);
			l->v[i].value = st_xstrdup(value);
			return;
		}
	}
	l->v = st_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n].key = st_xstrdup(key);
	l->v[l->n].value = st_xstrdup(value);
	l->n++;
}

const char *st_kvlist_get(const struct st_kvlist *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].value;
	return NULL;
}

void st_kvlist_free(struct st_kvlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].value);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

size_t st_strv_len(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

/* For the short vectors strv is meant for (reasons, members): appending
 * walks the vector.  Long listings build their arrays themselves. */
void st_strv_push(char ***v, const char *s)
{
	size_t n = st_strv_len(*v);

	*v = st_xrealloc(*v, (n + 2) * sizeof(char *));
	(*v)[n] = st_xstrdup(s);
	(*v)[n + 1] = NULL;
}

void st_strv_pushf(char ***v, const char *fmt, ...)
{
	size_t n = st_strv_len(*v);
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = st_xvasprintf(fmt, ap);
	va_end(ap);
	*v = st_xrealloc(*v, (n + 2) * sizeof(char *));
	(*v)[n] = p;
	(*v)[n + 1] = NULL;
}

void st_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

bool st_strv_has(const char *const *v, const char *s)
{
	for (; v && *v; v++)
		if (st_streq(*v, s))
			return true;
	return false;
}

char *st_strv_join(char *const *v, const char *sep)
{
	size_t len = 1, seplen = strlen(sep);
	char *r, *p;

	for (size_t i = 0; v && v[i]; i++)
		len += strlen(v[i]) + seplen;
	p = r = st_xmalloc(len);
	*p = '\0';
	for (size_t i = 0; v && v[i]; i++) {
		if (i) {
			memcpy(p, sep, seplen);
			p += seplen;
		}
		size_t l = strlen(v[i]);
		memcpy(p, v[i], l);
		p += l;
		*p = '\0';
	}
	return r;
}

void st_size_to_human(uint64_t bytes, char *buf, size_t bufsz)
{
	static const char units[] = "BKMGTPE";
	unsigned u = 0;
	uint64_t whole = bytes, rem = 0;

	while (whole >= 1024 && u < sizeof(units) - 2) {
		rem = whole % 1024;
		whole /= 1024;
		u++;
	}
	if (u == 0) {
		snprintf(buf, bufsz, "%" PRIu64 "B", whole);
		return;
	}
	/* one decimal, rounded, as lsblk prints 1.8T */
	unsigned dec = (unsigned)((rem * 10 + 512) / 1024);
	if (dec >= 10) {
		whole++;
		dec = 0;
		if (whole == 1024 && u < sizeof(units) - 2) {
			whole = 1;
			u++;
		}
	}
	if (dec)
		snprintf(buf, bufsz, "%" PRIu64 ".%u%c", whole, dec, units[u]);
	else
		snprintf(buf, bufsz, "%" PRIu64 "%c", whole, units[u]);
}

unsigned st_levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned *row = st_xcalloc(lb + 1, sizeof(unsigned));
	unsigned r;

	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0];

		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned best = diag + cost;

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	r = row[lb];
	free(row);
	return r;
}

const char *st_closest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	unsigned bestd = ~0u;
	/* a third of the word's length, at least 1 edit: "clas" -> "class" */
	unsigned limit = (unsigned)(strlen(word) / 3) + 1;

	for (size_t i = 0; i < n; i++) {
		unsigned d = st_levenshtein(word, cands[i]);

		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return bestd <= limit ? best : NULL;
}

/*
 * Kernel block device names are a stem plus letters or numbers: sda..sdz,
 * sdaa; nvme0n1p2; dm-3.  Compare digit runs numerically, and letter runs that
 * share a stem of two or more characters and end in one to three letters by
 * length first, so that sdz < sdaa (but async < sync, as in a dictionary).
 */
int st_name_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *ea = a, *eb = b;

			while (*a == '0' && isdigit((unsigned char)a[1]))
				a++;
			while (*b == '0' && isdigit((unsigned char)b[1]))
				b++;
			for (ea = a; isdigit((unsigned char)*ea); ea++)
				;
			for (eb = b; isdigit((unsigned char)*eb); eb++)
				;
			if (ea - a != eb - b)
				return ea - a < eb - b ? -1 : 1;
			int c = strncmp(a, b, (size_t)(ea - a));
			if (c)
				return c;
			a = ea;
			b = eb;
			continue;
		}
		const char *ea = a, *eb = b;
		size_t common = 0;

		while (*ea && !isdigit((unsigned char)*ea))
			ea++;
		while (*eb && !isdigit((unsigned char)*eb))
			eb++;
		while (a + common < ea && b + common < eb && a[common] == b[common])
			common++;
		/* disk letters (sdz, sdaa): at most three after a shared stem */
		size_t ta = (size_t)(ea - a) - common, tb = (size_t)(eb - b) - common;
		if (common >= 2 && ta != tb && ta && tb && ta <= 3 && tb <= 3)
			return ta < tb ? -1 : 1;
		size_t la = (size_t)(ea - a), lb = (size_t)(eb - b);
		int c = strncmp(a, b, la < lb ? la : lb);
		if (c)
			return c;
		if (la != lb)
			return la < lb ? -1 : 1;
		a = ea;
		b = eb;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int st_read_file(const char *path, size_t max, char **text, size_t *len, const char **why)
{
	struct stat st;
	size_t have = 0;
	char *buf;
	int fd, err = 0;

	*text = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0) {
		err = errno;
		if (fd >= 0)
			close(fd);
		*why = "open";
		return -err;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		*why = "not a regular file";
		return -EINVAL;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		*len = (size_t)st.st_size;
		*why = "too large";
		return -EFBIG;
	}
	/* room for one byte more than the limit: a file that grew since
	 * fstat is caught */
	buf = st_xmalloc((size_t)st.st_size + 2);
	for (size_t cap = (size_t)st.st_size + 1;;) {
		ssize_t r;

		if (have == cap) {
			if (cap > max) {
				err = EFBIG;
				*why = "grew past the limit";
				break;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			buf = st_xrealloc(buf, cap + 1);
		}
		r = read(fd, buf + have, cap - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			*why = "read";
			break;
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	close(fd);
	if (err) {
		free(buf);
		return -err;
	}
	buf[have] = '\0';
	*text = buf;
	*len = have;
	return 0;
}
