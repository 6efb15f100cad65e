/*
 * st_util.h - small string, number and vector helpers.
 *
 * Allocation failure aborts (as util-linux's xalloc.h does): a command line
 * tool has nothing useful to do without memory, and checking every strdup
 * would bury the logic that matters.
 */
#ifndef ST_UTIL_H
#define ST_UTIL_H

#include <stdarg.h>
#include <string.h>

#include "stortune.h"

void *st_xmalloc(size_t n);
void *st_xcalloc(size_t nmemb, size_t n);
void *st_xrealloc(void *p, size_t n);
char *st_xstrdup(const char *s);
char *st_xstrndup(const char *s, size_t n);
char *st_xasprintf(const char *fmt, ...) ST_PRINTF(1, 2);
char *st_xvasprintf(const char *fmt, va_list ap) ST_PRINTF(1, 0);

/*
 * A growing string.  Zero-initialised it is empty; s is NULL until the first
 * add.  st_buf_steal hands the text over (never NULL) and leaves b empty.
 */
struct st_buf {
	char *s;
	size_t len, cap;
};
void st_buf_addn(struct st_buf *b, const char *s, size_t n);
void st_buf_adds(struct st_buf *b, const char *s);
void st_buf_addf(struct st_buf *b, const char *fmt, ...) ST_PRINTF(2, 3);
char *st_buf_steal(struct st_buf *b);
void st_buf_free(struct st_buf *b);

/* NULL-safe helpers */
static inline bool st_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}
bool st_startswith(const char *s, const char *prefix);
bool st_endswith(const char *s, const char *suffix);

/* Strips leading and trailing white space in place; returns s. */
char *st_strstrip(char *s);

/*
 * Parses a whole string as an unsigned decimal number (leading/trailing
 * white space allowed).  Returns 0, -ENODATA for an empty string, -EINVAL for
 * anything that is not a number, -ERANGE when it does not fit in 64 bits.
 */
int st_parse_u64(const char *s, uint64_t *v);

/*
 * Reads the regular file path whole, at most max bytes, NUL-terminated
 * (*text is the caller's).  Returns 0, or a negative errno with *why
 * saying which step failed, for the caller's message:
 *   "open"                 open or fstat failed (-errno)
 *   "not a regular file"   -EINVAL (a FIFO or /dev/zero would never end)
 *   "too large"            -EFBIG; *len is the file's size
 *   "grew past the limit"  -EFBIG while reading
 *   "read"                 read failed (-errno)
 */
int st_read_file(const char *path, size_t max, char **text, size_t *len, const char **why);

/* Key-value lists (udev properties, scheduler tunables): a key is there
 * once; adding it again replaces its value.  Both strings are owned. */
struct st_kv {
	char *key;
	char *value;
};

struct st_kvlist {
	struct st_kv *v;
	size_t n;
};

void st_kvlist_add(struct st_kvlist *l, const char *key, const char *value);
const char *st_kvlist_get(const struct st_kvlist *l, const char *key);
void st_kvlist_free(struct st_kvlist *l);

/* NULL-terminated string vectors. */
size_t st_strv_len(char *const *v);
void st_strv_push(char ***v, const char *s);
void st_strv_pushf(char ***v, const char *fmt, ...) ST_PRINTF(2, 3);
void st_strv_free(char **v);
char *st_strv_join(char *const *v, const char *sep);
/* Whether s is one of v's strings (v may be NULL; st_streq: NULL matches NULL). */
bool st_strv_has(const char *const *v, const char *s);

/* Human readable size as lsblk prints it (1024-based, one decimal). */
void st_size_to_human(uint64_t bytes, char *buf, size_t bufsz);

/* Edit distance for "did you mean" suggestions. */
unsigned st_levenshtein(const char *a, const char *b);
/* Closest of cands[0..n) to word within a sensible distance, or NULL. */
const char *st_closest(const char *word, const char *const *cands, size_t n);

/* Version-aware name order: sda < sdb < sdz < sdaa, nvme0n2 < nvme0n10. */
int st_name_cmp(const char *a, const char *b);

#endif
