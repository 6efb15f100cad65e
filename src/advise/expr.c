/*
 * expr.c - owns the rule expression language of st_expr.h: values and their
 * formatting, the lexer, the recursive-descent parser that builds a tree, the
 * static type check that runs once when a rule file is read, and the
 * evaluation that walks the tree for every target.  Rule files are input we
 * do not trust to be sane, so every limit is enforced before it is reached:
 * text beyond ST_EXPR_MAX_LEN is never lexed, nesting is counted before the
 * parser recurses, and operator chains (a + b + c ...) are kept as one n-ary
 * node, so the tree (and the recursion of the check, the evaluation and the
 * free) is no deeper than a small multiple of ST_EXPR_MAX_DEPTH.
 *
 * Values: the setters, st_value_copy and st_expr_eval initialise their
 * destination without freeing what it held (a value may start as stack
 * garbage); st_value_clear a value before reusing it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_expr.h"
#include "st_util.h"

/* Longest piece of source quoted in a message: enough for any sane
 * sub-expression, short enough to keep "file:line: key: ..." on a line. */
#define SPAN_MAX 80

/* ------------------------------------------------------------------ values */

static const char *const vtype_names[ST_VTYPE_NR] = {
	[ST_V_UNKNOWN] = "unknown", [ST_V_BOOL] = "bool", [ST_V_NUM] = "num",
	[ST_V_SIZE] = "size",       [ST_V_STR] = "str",   [ST_V_LIST] = "list",
};

const char *st_vtype_name(enum st_vtype t)
{
	return (unsigned)t < ST_VTYPE_NR ? vtype_names[t] : "?";
}

/* "list of str" for messages; the plain name for everything else. */
static const char *type_desc(enum st_vtype t, enum st_vtype elem)
{
	static const char *const lists[ST_VTYPE_NR] = {
		[ST_V_UNKNOWN] = "list",        [ST_V_BOOL] = "list of bool",
		[ST_V_NUM] = "list of num",     [ST_V_SIZE] = "list of size",
		[ST_V_STR] = "list of str",     [ST_V_LIST] = "list of list",
	};

	if (t == ST_V_LIST && (unsigned)elem < ST_VTYPE_NR)
		return lists[elem];
	return st_vtype_name(t);
}

static void value_init(struct st_value *v, enum st_vtype t)
{
	memset(v, 0, sizeof(*v));
	v->type = t;
}

void st_value_clear(struct st_value *v)
{
	if (!v)
		return;
	free(v->s);
	for (size_t i = 0; i < v->nitems; i++)
		st_value_clear(&v->items[i]);
	free(v->items);
	memset(v, 0, sizeof(*v));
}

void st_value_copy(struct st_value *dst, const struct st_value *src)
{
	struct st_value tmp;

	if (dst == src)
		return;
	tmp = *src;
	tmp.s = st_xstrdup(src->s);
	tmp.items = NULL;
	tmp.nitems = 0;
	if (src->nitems) {
		tmp.items = st_xcalloc(src->nitems, sizeof(*tmp.items));
		for (size_t i = 0; i < src->nitems; i++)
			st_value_copy(&tmp.items[i], &src->items[i]);
		tmp.nitems = src->nitems;
	}
	*dst = tmp;
}

void st_value_set_bool(struct st_value *v, bool b)
{
	value_init(v, ST_V_BOOL);
	v->b = b;
}

void st_value_set_num(struct st_value *v, int64_t n)
{
	value_init(v, ST_V_NUM);
	v->n = n;
}

void st_value_set_size(struct st_value *v, int64_t bytes)
{
	value_init(v, ST_V_SIZE);
	v->n = bytes;
}

void st_value_set_str(struct st_value *v, const char *s)
{
	value_init(v, ST_V_STR);
	v->s = st_xstrdup(s ? s : "");
}

void st_value_set_unknown(struct st_value *v, const char *why)
{
	value_init(v, ST_V_UNKNOWN);
	v->why_unknown = why;
}

void st_value_set_list(struct st_value *v, enum st_vtype elem)
{
	value_init(v, ST_V_LIST);
	v->elem = elem;
}

/* Lists are short (schedulers, mount options): growing by one is fine. */
void st_value_list_push(struct st_value *v, const struct st_value *item)
{
	struct st_value copy;

	st_value_copy(&copy, item);
	v->items = st_xrealloc(v->items, (v->nitems + 1) * sizeof(*v->items));
	v->items[v->nitems++] = copy;
	if (v->elem == ST_V_UNKNOWN)
		v->elem = item->type;
}

/* Sizes print in the largest binary unit that divides them exactly, so that
 * what we print parses back to the same number of bytes. */
static char *format_size(int64_t n)
{
	static const struct {
		const char *name;
		int64_t mult;
	} u[] = {
		{ "TiB", INT64_C(1) << 40 },
		{ "GiB", INT64_C(1) << 30 },
		{ "MiB", INT64_C(1) << 20 },
		{ "KiB", INT64_C(1) << 10 },
	};

	for (size_t i = 0; n && i < ST_ARRAY_SIZE(u); i++)
		if (n % u[i].mult == 0)
			return st_xasprintf("%" PRId64 "%s", n / u[i].mult, u[i].name);
	return st_xasprintf("%" PRId64 "B", n);
}

char *st_value_format(const struct st_value *v)
{
	char **parts = NULL, *r;

	if (!v)
		return st_xstrdup("unknown");
	switch (v->type) {
	case ST_V_BOOL:
		return st_xstrdup(v->b ? "true" : "false");
	case ST_V_NUM:
		return st_xasprintf("%" PRId64, v->n);
	case ST_V_SIZE:
		return format_size(v->n);
	case ST_V_STR:
		/* unquoted: summaries read "use none on sda", not "use "none"" */
		return st_xstrdup(v->s ? v->s : "");
	case ST_V_LIST:
		for (size_t i = 0; i < v->nitems; i++) {
			char *s = st_value_format(&v->items[i]);

			st_strv_push(&parts, s);
			free(s);
		}
		r = st_strv_join(parts, ", ");
		st_strv_free(parts);
		return r;
	default:
		return st_xstrdup("unknown");
	}
}

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

bool st_value_equal(const struct st_value *a, const struct st_value *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case ST_V_BOOL:
		return a->b == b->b;
	case ST_V_NUM:
	case ST_V_SIZE:
		return a->n == b->n;
	case ST_V_STR:
		return strcmp(str_or_empty(a->s), str_or_empty(b->s)) == 0;
	case ST_V_LIST:
		if (a->nitems != b->nitems)
			return false;
		for (size_t i = 0; i < a->nitems; i++)
			if (!st_value_equal(&a->items[i], &b->items[i]))
				return false;
		return true;
	default:
		return true; /* unknown is unknown, whatever the reason */
	}
}

/* ------------------------------------------------------- numbers and units */

/* 1024-based, all of them: see st_expr.h for why k/M/G/T are binary too.
 * The order is the order of "did you mean" preference. */
static const struct unit {
	const char *name;
	unsigned shift;
} units[] = {
	{ "KiB", 10 }, { "MiB", 20 }, { "GiB", 30 }, { "TiB", 40 }, { "B", 0 },
	{ "k", 10 },   { "K", 10 },   { "M", 20 },   { "G", 30 },   { "T", 40 },
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_word(char c)
{
	return is_alpha(c) || is_digit(c);
}

static int hex_digit(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Internal result of scan_number beyond 0/-ERANGE. */
#define NUM_BAD_HEX (-EINVAL)
#define NUM_BAD_UNIT (-ENOENT)

/*
 * Interprets the word s[0..len) (a digit, then letters, digits and '_'): a
 * decimal number with an optional unit, or 0x hex without one (B is a hex
 * digit).  Returns 0, NUM_BAD_HEX, NUM_BAD_UNIT (*unit_at: where the unit
 * starts) or -ERANGE when the bytes do not fit in int64.
 */
static int scan_number(const char *s, size_t len, int64_t *val, bool *has_unit,
		       size_t *unit_at)
{
	uint64_t v = 0;
	bool big = false;
	size_t i = 0;

	*has_unit = false;
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (i = 2; i < len; i++) {
			int d = hex_digit(s[i]);

			if (d < 0)
				return NUM_BAD_HEX;
			if (v > ((uint64_t)INT64_MAX - (unsigned)d) / 16)
				big = true;
			else
				v = v * 16 + (unsigned)d;
		}
		if (big)
			return -ERANGE;
		*val = (int64_t)v;
		return 0;
	}
	if (len == 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return NUM_BAD_HEX;
	for (; i < len && is_digit(s[i]); i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (v > ((uint64_t)INT64_MAX - d) / 10)
			big = true;
		else
			v = v * 10 + d;
	}
	*unit_at = i;
	if (i < len) {
		const struct unit *u = NULL;

		for (size_t k = 0; k < ST_ARRAY_SIZE(units); k++) {
			if (strlen(units[k].name) == len - i &&
			    memcmp(units[k].name, s + i, len - i) == 0) {
				u = &units[k];
				break;
			}
		}
		if (!u)
			return NUM_BAD_UNIT;
		*has_unit = true;
		if (v > ((uint64_t)INT64_MAX >> u->shift))
			big = true;
		else
			v <<= u->shift;
	}
	if (big)
		return -ERANGE;
	*val = (int64_t)v;
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int st_parse_size(const char *text, int64_t *bytes, bool *has_unit)
{
	size_t start, end, unit_at;
	const char *p = text;
	bool unit;
	int64_t v;
	int rc;

	if (!text)
		return -EINVAL;
	while (is_space(*p))
		p++;
	if (!is_digit(*p))
		return -EINVAL;
	start = (size_t)(p - text);
	for (end = start; is_word(text[end]); end++)
		;
	for (p = text + end; is_space(*p); p++)
		;
	if (*p)
		return -EINVAL; /* "64 KiB", "4k!", "1.5G" */
	rc = scan_number(text + start, end - start, &v, &unit, &unit_at);
	if (rc == -ERANGE)
		return rc;
	if (rc < 0)
		return -EINVAL;
	*bytes = v;
	if (has_unit)
		*has_unit = unit;
	return 0;
}

/* ------------------------------------------------------------------ errors */

/* The source text start..end for a message: newlines (from continuation
 * lines) become spaces and long pieces are cut, not inside a UTF-8 char. */
static char *span_text(const char *text, unsigned start, unsigned end)
{
	size_t len = end - start, keep = len;
	char *s;

	if (len > SPAN_MAX) {
		keep = SPAN_MAX - 3;
		while (keep && ((unsigned char)text[start + keep] & 0xc0) == 0x80)
			keep--;
	}
	s = st_xmalloc(keep + 4);
	for (size_t i = 0; i < keep; i++) {
		char c = text[start + i];

		s[i] = is_space(c) ? ' ' : c;
	}
	strcpy(s + keep, keep < len ? "..." : "");
	return s;
}

static void vset_err(char **errmsg, const char *text, unsigned start, unsigned end,
		     const char *fmt, va_list ap)
{
	char *msg, *span;

	if (!errmsg || *errmsg)
		return;
	msg = st_xvasprintf(fmt, ap);
	if (!text) {
		*errmsg = msg;
		return;
	}
	span = span_text(text, start, end);
	*errmsg = st_xasprintf("%s in '%s'", msg, span);
	free(span);
	free(msg);
}

static void set_err(char **errmsg, const char *fmt, ...) ST_PRINTF(2, 3);
static void set_err(char **errmsg, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset_err(errmsg, NULL, 0, 0, fmt, ap);
	va_end(ap);
}

/* Sets "<message> in '<text start..end>'"; returns -EINVAL. */
static int fail_in(char **errmsg, const char *text, unsigned start, unsigned end,
		   const char *fmt, ...) ST_PRINTF(5, 6);
static int fail_in(char **errmsg, const char *text, unsigned start, unsigned end,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset_err(errmsg, text, start, end, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* ------------------------------------------------------------------- lexer */

enum tk {
	TK_EOF,
	TK_ERR, /* the lexer's first error, where it happened */
	TK_NUM,
	TK_STR,
	TK_IDENT,
	TK_TRUE,
	TK_FALSE,
	TK_UNKNOWN,
	TK_IN,
	TK_OR,
	TK_AND,
	TK_NOT,
	TK_EQ,
	TK_NE,
	TK_LT,
	TK_LE,
	TK_GT,
	TK_GE,
	TK_PLUS,
	TK_MINUS,
	TK_STAR,
	TK_SLASH,
	TK_PERCENT,
	TK_LPAREN,
	TK_RPAREN,
	TK_COMMA,
};

static const char *tk_op_name(enum tk t)
{
	switch (t) {
	case TK_OR: return "||";
	case TK_AND: return "&&";
	case TK_EQ: return "==";
	case TK_NE: return "!=";
	case TK_LT: return "<";
	case TK_LE: return "<=";
	case TK_GT: return ">";
	case TK_GE: return ">=";
	case TK_PLUS: return "+";
	case TK_MINUS: return "-";
	case TK_STAR: return "*";
	case TK_SLASH: return "/";
	case TK_PERCENT: return "%";
	default: return "?";
	}
}

struct token {
	enum tk kind;
	unsigned start, len;
	int64_t n;     /* TK_NUM */
	bool has_unit; /* TK_NUM: a size */
	char *s;       /* TK_STR: unescaped text; TK_ERR: the message (owned) */
};

struct lexer {
	const char *text;
	size_t end;    /* lex no further: min(length, ST_EXPR_MAX_LEN) */
	bool too_long; /* the text goes on past end */
	struct token *toks;
	size_t n;
};

static struct token *lex_add(struct lexer *lx, enum tk kind, size_t start, size_t len)
{
	struct token *t;

	if (lx->n > lx->end) /* see lex(): one token per character, plus the last */
		abort();
	t = &lx->toks[lx->n++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->start = (unsigned)start;
	t->len = (unsigned)len;
	return t;
}

static void lex_err(struct lexer *lx, size_t at, const char *fmt, ...) ST_PRINTF(3, 4);
static void lex_err(struct lexer *lx, size_t at, const char *fmt, ...)
{
	struct token *t = lex_add(lx, TK_ERR, at, 0);
	va_list ap;

	va_start(ap, fmt);
	t->s = st_xvasprintf(fmt, ap);
	va_end(ap);
}

static void lex_too_long(struct lexer *lx)
{
	lex_err(lx, lx->end, "expression longer than %d characters", ST_EXPR_MAX_LEN);
}

/* A character that cannot start a token, named so that an invisible one
 * (a tab pasted from a web page is fine, a NUL or a UTF-8 quote is not)
 * can be found. */
static void lex_bad_char(struct lexer *lx, size_t at)
{
	unsigned char c = (unsigned char)lx->text[at];

	if (c < 0x20 || c == 0x7f)
		lex_err(lx, at, "control character 0x%02x at column %zu", c, at + 1);
	else if (c >= 0x80)
		lex_err(lx, at, "non-ASCII byte 0x%02x at column %zu (only strings may hold it)",
			c, at + 1);
	else if (c == '=')
		lex_err(lx, at, "unexpected '=' at column %zu (did you mean '=='?)", at + 1);
	else if (c == '&')
		lex_err(lx, at, "unexpected '&' at column %zu (did you mean '&&'?)", at + 1);
	else if (c == '|')
		lex_err(lx, at, "unexpected '|' at column %zu (did you mean '||'?)", at + 1);
	else
		lex_err(lx, at, "unexpected '%c' at column %zu", c, at + 1);
}

/* Returns false when it added TK_ERR. */
static bool lex_string(struct lexer *lx, size_t *pos)
{
	const char *t = lx->text;
	size_t start = *pos, i = start + 1, o = 0;
	char *buf = st_xmalloc(lx->end - start);
	struct token *tok;

	for (;;) {
		unsigned char c;

		if (i >= lx->end) {
			free(buf);
			if (lx->too_long)
				lex_too_long(lx);
			else
				lex_err(lx, start, "unterminated string starting at column %zu",
					start + 1);
			return false;
		}
		c = (unsigned char)t[i];
		if (c == '"')
			break;
		if (c < 0x20 || c == 0x7f) {
			free(buf);
			lex_err(lx, i, "control character 0x%02x in a string at column %zu", c,
				i + 1);
			return false;
		}
		if (c == '\\') {
			if (i + 1 < lx->end && (t[i + 1] == '"' || t[i + 1] == '\\')) {
				buf[o++] = t[i + 1];
				i += 2;
				continue;
			}
			if (i + 1 >= lx->end) {
				i++; /* unterminated (or too long): reported above */
				continue;
			}
			free(buf);
			lex_err(lx, i, "unknown escape at column %zu (only \\\" and \\\\ are allowed)",
				i + 1);
			return false;
		}
		buf[o++] = (char)c;
		i++;
	}
	buf[o] = '\0';
	tok = lex_add(lx, TK_STR, start, i + 1 - start);
	tok->s = buf;
	*pos = i + 1;
	return true;
}

static bool lex_number(struct lexer *lx, size_t *pos)
{
	const char *t = lx->text;
	size_t start = *pos, end = start, unit_at = 0;
	struct token *tok;
	bool has_unit;
	int64_t v;
	int rc;

	while (end < lx->end && is_word(t[end]))
		end++;
	if (end == lx->end && lx->too_long) {
		lex_too_long(lx); /* the number goes on past the limit */
		return false;
	}
	rc = scan_number(t + start, end - start, &v, &has_unit, &unit_at);
	if (rc == NUM_BAD_UNIT) {
		const char *names[ST_ARRAY_SIZE(units)], *sugg;
		char *word = st_xstrndup(t + start + unit_at, end - start - unit_at);

		for (size_t k = 0; k < ST_ARRAY_SIZE(units); k++)
			names[k] = units[k].name;
		sugg = st_closest(word, names, ST_ARRAY_SIZE(units));
		lex_err(lx, start, "unknown unit '%s' in '%.*s' at column %zu%s%s%s", word,
			(int)(end - start), t + start, start + 1, sugg ? " (did you mean '" : "",
			sugg ? sugg : "", sugg ? "'?)" : "");
		free(word);
		return false;
	}
	if (rc == NUM_BAD_HEX) {
		lex_err(lx, start, "bad number '%.*s' at column %zu", (int)(end - start),
			t + start, start + 1);
		return false;
	}
	if (rc == -ERANGE) {
		lex_err(lx, start, "number too large: '%.*s'", (int)(end - start), t + start);
		return false;
	}
	tok = lex_add(lx, TK_NUM, start, end - start);
	tok->n = v;
	tok->has_unit = has_unit;
	*pos = end;
	return true;
}

static bool lex_word(struct lexer *lx, size_t *pos)
{
	static const struct {
		const char *word;
		enum tk kind;
	} kw[] = {
		{ "true", TK_TRUE }, { "false", TK_FALSE }, { "unknown", TK_UNKNOWN }, { "in", TK_IN },
	};
	const char *t = lx->text;
	size_t start = *pos, end = start;
	bool dotted = false;
	enum tk kind = TK_IDENT;

	for (;;) {
		while (end < lx->end && is_word(t[end]))
			end++;
		/* a dot only joins two names: "device." leaves '.' to be reported */
		if (end + 1 < lx->end && t[end] == '.' && is_alpha(t[end + 1])) {
			dotted = true;
			end++;
			continue;
		}
		break;
	}
	if (end == lx->end && lx->too_long) {
		lex_too_long(lx); /* the name goes on past the limit */
		return false;
	}
	if (end < lx->end && t[end] == '.') { /* "device." is no name to look up */
		lex_err(lx, end, "unexpected '.' at column %zu", end + 1);
		return false;
	}
	for (size_t k = 0; !dotted && k < ST_ARRAY_SIZE(kw); k++)
		if (strlen(kw[k].word) == end - start && memcmp(kw[k].word, t + start, end - start) == 0)
			kind = kw[k].kind;
	lex_add(lx, kind, start, end - start);
	*pos = end;
	return true;
}

/*
 * Splits the text into tokens, up to the first error, which becomes a TK_ERR
 * token in its place: the parser reports it only if it gets that far, so
 * errors come out in reading order.  Every token is at least one character,
 * so end + 1 tokens always suffice.
 */
static void lex(struct lexer *lx)
{
	static const struct {
		char s[3];
		enum tk kind;
	} ops[] = {
		{ "||", TK_OR },    { "&&", TK_AND },    { "==", TK_EQ },    { "!=", TK_NE },
		{ "<=", TK_LE },    { ">=", TK_GE },     { "!", TK_NOT },    { "<", TK_LT },
		{ ">", TK_GT },     { "+", TK_PLUS },    { "-", TK_MINUS },  { "*", TK_STAR },
		{ "/", TK_SLASH },  { "%", TK_PERCENT }, { "(", TK_LPAREN }, { ")", TK_RPAREN },
		{ ",", TK_COMMA },
	};
	const char *t = lx->text;
	size_t pos = 0;

	lx->toks = st_xcalloc(lx->end + 1, sizeof(*lx->toks));
	lx->n = 0;
	for (;;) {
		size_t k;

		while (pos < lx->end && is_space(t[pos]))
			pos++;
		if (pos >= lx->end) {
			if (lx->too_long)
				lex_too_long(lx);
			else
				lex_add(lx, TK_EOF, pos, 0);
			return;
		}
		if (t[pos] == '"') {
			if (!lex_string(lx, &pos))
				return;
			continue;
		}
		if (is_digit(t[pos])) {
			if (!lex_number(lx, &pos))
				return;
			continue;
		}
		if (is_alpha(t[pos])) {
			if (!lex_word(lx, &pos))
				return;
			continue;
		}
		for (k = 0; k < ST_ARRAY_SIZE(ops); k++) {
			size_t l = strlen(ops[k].s);

			if (pos + l <= lx->end && memcmp(t + pos, ops[k].s, l) == 0)
				break;
		}
		if (k == ST_ARRAY_SIZE(ops)) {
			lex_bad_char(lx, pos);
			return;
		}
		lex_add(lx, ops[k].kind, pos, strlen(ops[k].s));
		pos += strlen(ops[k].s);
	}
}

/* -------------------------------------------------------------------- tree */

enum nkind {
	N_LIT,     /* lit */
	N_IDENT,   /* sym */
	N_NOT,     /* kids[0] */
	N_NEG,     /* kids[0] */
	N_AND,     /* kids[0..n) */
	N_OR,      /* kids[0..n) */
	N_ARITH,   /* kids[0..n), kids[i]->link for i > 0: + - * / % */
	N_CMP,     /* kids[0] op kids[1] */
	N_IN,      /* kids[0] [!]in (kids[1..n)) */
	N_IN_LIST, /* kids[0] [!]in kids[1], a list */
	N_CALL,    /* fn(kids[0..n)) */
};

enum fn { FN_MIN, FN_MAX, FN_CLAMP, FN_ROUND_POW2, FN_EXISTS, FN_NR };

static const char *const fn_names[FN_NR] = {
	[FN_MIN] = "min",     [FN_MAX] = "max",       [FN_CLAMP] = "clamp",
	[FN_ROUND_POW2] = "round_pow2", [FN_EXISTS] = "exists",
};

struct node {
	enum nkind kind;
	enum st_vtype type, elem; /* set by the type check */
	unsigned start, end;      /* the source text, for messages */
	bool zero;                /* the literal 0, which compares with sizes */
	bool neg;                 /* !in */
	enum tk op;               /* N_CMP */
	enum tk link;             /* in an N_ARITH: the operator before this operand */
	enum fn fn;
	struct st_value lit;
	const struct st_symbol *sym;
	struct node **kids;
	size_t nkids, cap;
};

struct st_expr {
	char *text;
	struct node *root;
	int *ids;
	size_t nids;
};

static struct node *node_new(enum nkind kind, unsigned start, unsigned end)
{
	struct node *n = st_xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->start = start;
	n->end = end;
	return n;
}

static void node_push(struct node *n, struct node *kid)
{
	if (n->nkids == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 2;
		n->kids = st_xrealloc(n->kids, n->cap * sizeof(*n->kids));
	}
	n->kids[n->nkids++] = kid;
	if (kid->end > n->end)
		n->end = kid->end;
}

static void node_free(struct node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	st_value_clear(&n->lit);
	free(n);
}

/* ------------------------------------------------------------------ parser */

struct parser {
	const char *text;
	struct token *toks;
	size_t pos;
	const struct st_symtab *syms;
	unsigned scope;
	unsigned depth; /* parens, unary operators, argument and in lists */
	char *err;
	int *ids;
	size_t nids;
};

static const struct token *cur(const struct parser *p)
{
	return &p->toks[p->pos];
}

static enum tk peek(const struct parser *p)
{
	return p->toks[p->pos].kind;
}

/* The token after the current one; the last token is EOF or ERR. */
static enum tk peek2(const struct parser *p)
{
	if (peek(p) == TK_EOF || peek(p) == TK_ERR)
		return peek(p);
	return p->toks[p->pos + 1].kind;
}

static void next(struct parser *p)
{
	if (peek(p) != TK_EOF && peek(p) != TK_ERR)
		p->pos++;
}

static int perr(struct parser *p, int rc, const char *fmt, ...) ST_PRINTF(3, 4);
static int perr(struct parser *p, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset_err(&p->err, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return rc;
}

static unsigned col(const struct parser *p)
{
	return cur(p)->start + 1;
}

/* The lexer's error if the parser reached it: it explains more. */
static bool lex_error_here(struct parser *p)
{
	if (peek(p) != TK_ERR)
		return false;
	perr(p, -EINVAL, "%s", cur(p)->s);
	return true;
}

static int unexpected(struct parser *p)
{
	char *s;

	if (lex_error_here(p))
		return -EINVAL;
	if (peek(p) == TK_EOF)
		return perr(p, -EINVAL, "unexpected end of expression at column %u", col(p));
	s = span_text(p->text, cur(p)->start, cur(p)->start + cur(p)->len);
	perr(p, -EINVAL, "unexpected '%s' at column %u", s, col(p));
	free(s);
	return -EINVAL;
}

static int expect(struct parser *p, enum tk kind, const char *what)
{
	if (peek(p) == kind) {
		next(p);
		return 0;
	}
	if (lex_error_here(p))
		return -EINVAL;
	return perr(p, -EINVAL, "expected %s at column %u", what, col(p));
}

/* Counts one level of nesting before the parser recurses into it. */
static int enter(struct parser *p)
{
	if (p->depth >= ST_EXPR_MAX_DEPTH)
		return perr(p, -E2BIG, "expression nested deeper than %d levels",
			    ST_EXPR_MAX_DEPTH);
	p->depth++;
	return 0;
}

static int parse_expr(struct parser *p, struct node **out);

static bool tk_in(enum tk t, const enum tk *set)
{
	for (; *set != TK_EOF; set++)
		if (*set == t)
			return true;
	return false;
}

/* op ( op sub )*, kept flat: see the top of the file. */
static int parse_chain(struct parser *p, struct node **out, enum nkind kind,
		       const enum tk *ops, int (*sub)(struct parser *, struct node **))
{
	struct node *first, *n, *k;
	int rc;

	rc = sub(p, &first);
	if (rc)
		return rc;
	if (!tk_in(peek(p), ops)) {
		*out = first;
		return 0;
	}
	n = node_new(kind, first->start, first->end);
	node_push(n, first);
	while (tk_in(peek(p), ops)) {
		enum tk op = peek(p);

		next(p);
		rc = sub(p, &k);
		if (rc) {
			node_free(n);
			return rc;
		}
		k->link = op;
		node_push(n, k);
	}
	*out = n;
	return 0;
}

/* "(" already seen: [ expr ( "," expr )* ] ")" into n's kids. */
static int parse_list(struct parser *p, struct node *n)
{
	struct node *k;
	int rc;

	if (peek(p) != TK_RPAREN) {
		for (;;) {
			rc = parse_expr(p, &k);
			if (rc)
				return rc;
			node_push(n, k);
			if (peek(p) != TK_COMMA)
				break;
			next(p);
		}
	}
	n->end = cur(p)->start + cur(p)->len;
	return expect(p, TK_RPAREN, "',' or ')'");
}

static int resolve(struct parser *p, const struct token *t, struct node **out)
{
	const struct st_symtab *st = p->syms;
	char *name = st_xstrndup(p->text + t->start, t->len);
	const struct st_symbol *sym = NULL;
	struct node *n;
	size_t lo = 0, hi = st ? st->n : 0, i;

	while (lo < hi) { /* the table is sorted by strcmp */
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, st->syms[mid].name);

		if (c == 0) {
			sym = &st->syms[mid];
			break;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (!sym) {
		bool is_fn = false;

		for (size_t f = 0; f < FN_NR; f++)
			is_fn |= strcmp(name, fn_names[f]) == 0;
		if (is_fn) {
			perr(p, -EINVAL, "expected '(' after '%s' at column %u", name,
			     t->start + t->len + 1);
		} else {
			size_t nn = st && t->len <= SPAN_MAX ? st->n : 0;
			const char **names = st_xcalloc(nn, sizeof(*names)), *sugg;
			char *shown = span_text(p->text, t->start, t->start + t->len);

			for (size_t k = 0; k < nn; k++)
				names[k] = st->syms[k].name;
			sugg = st_closest(name, names, nn);
			perr(p, -EINVAL, "unknown identifier '%s'%s%s%s", shown,
			     sugg ? " (did you mean '" : "", sugg ? sugg : "", sugg ? "'?)" : "");
			free(shown);
			free(names);
		}
		free(name);
		return -EINVAL;
	}
	if (p->scope >= 32 || !(sym->scopes & (1u << p->scope))) {
		if (st->scope_names)
			perr(p, -EINVAL, "'%s' is not available in a %s rule", name,
			     st->scope_names[p->scope]);
		else
			perr(p, -EINVAL, "'%s' is not available in scope %u", name, p->scope);
		free(name);
		return -EINVAL;
	}
	free(name);
	n = node_new(N_IDENT, t->start, t->start + t->len);
	n->sym = sym;
	for (i = 0; i < p->nids && p->ids[i] != sym->id; i++)
		;
	if (i == p->nids) { /* st_expr_symbols: each once, in reading order */
		p->ids = st_xrealloc(p->ids, (p->nids + 1) * sizeof(*p->ids));
		p->ids[p->nids++] = sym->id;
	}
	*out = n;
	return 0;
}

static int parse_call(struct parser *p, struct node **out)
{
	const struct token *t = cur(p);
	struct node *n;
	int f, rc;

	for (f = 0; f < FN_NR; f++)
		if (strlen(fn_names[f]) == t->len && memcmp(fn_names[f], p->text + t->start, t->len) == 0)
			break;
	if (f == FN_NR) {
		char *name = span_text(p->text, t->start, t->start + t->len);
		const char *sugg = t->len <= SPAN_MAX ? st_closest(name, fn_names, FN_NR) : NULL;

		perr(p, -EINVAL, "unknown function '%s'%s%s%s", name,
		     sugg ? " (did you mean '" : "", sugg ? sugg : "", sugg ? "'?)" : "");
		free(name);
		return -EINVAL;
	}
	rc = enter(p);
	if (rc)
		return rc;
	n = node_new(N_CALL, t->start, t->start + t->len);
	n->fn = (enum fn)f;
	next(p); /* name */
	next(p); /* ( */
	rc = parse_list(p, n);
	p->depth--;
	if (rc) {
		node_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

static int parse_primary(struct parser *p, struct node **out)
{
	const struct token *t = cur(p);
	unsigned end = t->start + t->len;
	struct node *n;
	int rc;

	switch (t->kind) {
	case TK_NUM:
		n = node_new(N_LIT, t->start, end);
		if (t->has_unit) {
			st_value_set_size(&n->lit, t->n);
		} else {
			st_value_set_num(&n->lit, t->n);
			n->zero = t->n == 0;
		}
		break;
	case TK_STR:
		n = node_new(N_LIT, t->start, end);
		value_init(&n->lit, ST_V_STR);
		n->lit.s = t->s; /* taken from the token */
		p->toks[p->pos].s = NULL;
		break;
	case TK_TRUE:
	case TK_FALSE:
		n = node_new(N_LIT, t->start, end);
		st_value_set_bool(&n->lit, t->kind == TK_TRUE);
		break;
	case TK_UNKNOWN:
		n = node_new(N_LIT, t->start, end);
		st_value_set_unknown(&n->lit, "unknown");
		break;
	case TK_IDENT:
		if (peek2(p) == TK_LPAREN)
			return parse_call(p, out);
		rc = resolve(p, t, &n);
		if (rc)
			return rc;
		break;
	case TK_LPAREN:
		rc = enter(p);
		if (rc)
			return rc;
		next(p);
		rc = parse_expr(p, &n);
		if (rc == 0) {
			end = cur(p)->start + cur(p)->len;
			rc = expect(p, TK_RPAREN, "')'");
			if (rc)
				node_free(n);
		}
		p->depth--;
		if (rc)
			return rc;
		/* quote "(a + b) * c", not "a + b) * c", in messages */
		n->start = t->start;
		n->end = end;
		*out = n;
		return 0;
	default:
		return unexpected(p);
	}
	next(p);
	*out = n;
	return 0;
}

typedef int (*parse_fn)(struct parser *p, struct node **out);

/* A prefix operator (`-x`, `!x`): op applies to self, else lower parses.
 * Counted against the depth limit, so 10,000 '!' do not recurse 10,000
 * deep. */
static int parse_prefix(struct parser *p, struct node **out, enum tk op, enum nkind kind,
			parse_fn self, parse_fn lower)
{
	unsigned start = cur(p)->start;
	struct node *k, *n;
	int rc;

	if (peek(p) != op)
		return lower(p, out);
	rc = enter(p);
	if (rc)
		return rc;
	next(p);
	rc = self(p, &k);
	p->depth--;
	if (rc)
		return rc;
	n = node_new(kind, start, k->end);
	node_push(n, k);
	*out = n;
	return 0;
}

static int parse_unary(struct parser *p, struct node **out)
{
	return parse_prefix(p, out, TK_MINUS, N_NEG, parse_unary, parse_primary);
}

static int parse_mul(struct parser *p, struct node **out)
{
	static const enum tk ops[] = { TK_STAR, TK_SLASH, TK_PERCENT, TK_EOF };

	return parse_chain(p, out, N_ARITH, ops, parse_unary);
}

static int parse_add(struct parser *p, struct node **out)
{
	static const enum tk ops[] = { TK_PLUS, TK_MINUS, TK_EOF };

	return parse_chain(p, out, N_ARITH, ops, parse_mul);
}

static bool is_cmp(enum tk t)
{
	return t == TK_EQ || t == TK_NE || t == TK_LT || t == TK_LE || t == TK_GT || t == TK_GE;
}

static bool at_in(const struct parser *p)
{
	return peek(p) == TK_IN || (peek(p) == TK_NOT && peek2(p) == TK_IN);
}

static int parse_cmp(struct parser *p, struct node **out)
{
	struct node *l, *r, *n;
	int rc;

	rc = parse_add(p, &l);
	if (rc)
		return rc;
	if (is_cmp(peek(p))) {
		enum tk op = peek(p);

		next(p);
		rc = parse_add(p, &r);
		if (rc) {
			node_free(l);
			return rc;
		}
		n = node_new(N_CMP, l->start, l->end);
		n->op = op;
		node_push(n, l);
		node_push(n, r);
	} else if (at_in(p)) {
		bool neg = peek(p) == TK_NOT;

		if (neg)
			next(p);
		next(p);
		n = node_new(N_IN, l->start, l->end);
		n->neg = neg;
		node_push(n, l);
		if (peek(p) == TK_LPAREN) {
			rc = enter(p);
			if (rc == 0) {
				next(p);
				rc = parse_list(p, n);
				p->depth--;
			}
		} else {
			n->kind = N_IN_LIST;
			rc = parse_add(p, &r);
			if (rc == 0)
				node_push(n, r);
		}
		if (rc) {
			node_free(n);
			return rc;
		}
	} else {
		*out = l;
		return 0;
	}
	if (is_cmp(peek(p)) || at_in(p)) {
		char *s = span_text(p->text, cur(p)->start, cur(p)->start + cur(p)->len);

		perr(p, -EINVAL, "unexpected '%s' at column %u (comparisons do not chain: use &&)",
		     s, col(p));
		free(s);
		node_free(n);
		return -EINVAL;
	}
	*out = n;
	return 0;
}

static int parse_not(struct parser *p, struct node **out)
{
	return parse_prefix(p, out, TK_NOT, N_NOT, parse_not, parse_cmp);
}

static int parse_and(struct parser *p, struct node **out)
{
	static const enum tk ops[] = { TK_AND, TK_EOF };

	return parse_chain(p, out, N_AND, ops, parse_not);
}

static int parse_expr(struct parser *p, struct node **out)
{
	static const enum tk ops[] = { TK_OR, TK_EOF };

	return parse_chain(p, out, N_OR, ops, parse_and);
}

/* -------------------------------------------------------------- type check */

#define ANY ST_V_UNKNOWN /* the `unknown` literal goes with every type */

/* The type of a op b, or ST_VTYPE_NR when the operator does not apply. */
static enum st_vtype arith_type(enum tk op, enum st_vtype a, enum st_vtype b)
{
	bool an = a == ST_V_NUM || a == ST_V_SIZE || a == ANY;
	bool bn = b == ST_V_NUM || b == ST_V_SIZE || b == ANY;

	if (!an || !bn)
		return ST_VTYPE_NR;
	if (a == ANY || b == ANY)
		return ANY;
	if (a == ST_V_NUM && b == ST_V_NUM)
		return ST_V_NUM;
	switch (op) {
	case TK_PLUS:
	case TK_MINUS:
		return a == b ? ST_V_SIZE : ST_VTYPE_NR;
	case TK_STAR:
		return a != b ? ST_V_SIZE : ST_VTYPE_NR;
	case TK_SLASH:
		if (a == ST_V_SIZE && b == ST_V_SIZE)
			return ST_V_NUM; /* how many times: a ratio */
		return a == ST_V_SIZE ? ST_V_SIZE : ST_VTYPE_NR;
	case TK_PERCENT:
		return a == b ? ST_V_SIZE : ST_VTYPE_NR;
	default:
		return ST_VTYPE_NR;
	}
}

/* Whether a value of type t (the literal 0 if zero) may meet one of type u
 * (zero: u is the literal 0) in a comparison. */
static bool compatible(enum st_vtype t, bool tzero, enum st_vtype u, bool uzero)
{
	if (t == ANY || u == ANY || t == u)
		return true;
	return (t == ST_V_SIZE && uzero) || (u == ST_V_SIZE && tzero);
}

struct checker {
	const char *text;
	char **errmsg;
};

static int type_fail(struct checker *c, const struct node *n, const char *fmt, ...)
	ST_PRINTF(3, 4);
static int type_fail(struct checker *c, const struct node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset_err(c->errmsg, c->text, n->start, n->end, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *ndesc(const struct node *n)
{
	return type_desc(n->type, n->elem);
}

/* min, max and clamp: all num or all size (the literal 0 goes with sizes). */
static int check_numeric_args(struct checker *c, struct node *n)
{
	const char *name = fn_names[n->fn];
	enum st_vtype t = ANY;
	bool zero = false;

	for (size_t i = 0; i < n->nkids; i++) {
		const struct node *k = n->kids[i];

		if (k->type == ANY)
			continue;
		if (k->type != ST_V_NUM && k->type != ST_V_SIZE)
			return type_fail(c, n, "%s() needs num or size arguments, got %s", name,
					 ndesc(k));
		if (k->zero) {
			zero = true;
		} else if (t == ANY) {
			t = k->type;
		} else if (t != k->type) {
			return type_fail(c, n, "%s() cannot mix num and size arguments", name);
		}
	}
	n->type = t == ANY && zero ? ST_V_NUM : t;
	return 0;
}

static int check_call(struct checker *c, struct node *n)
{
	const char *name = fn_names[n->fn];
	const struct node *k = n->nkids ? n->kids[0] : NULL;

	switch (n->fn) {
	case FN_MIN:
	case FN_MAX:
		if (n->nkids == 0)
			return type_fail(c, n, "%s() needs at least 1 argument", name);
		return check_numeric_args(c, n);
	case FN_CLAMP:
		if (n->nkids != 3)
			return type_fail(c, n, "clamp() takes 3 arguments (x, lo, hi), got %zu",
					 n->nkids);
		return check_numeric_args(c, n);
	case FN_ROUND_POW2:
		if (n->nkids != 1)
			return type_fail(c, n, "round_pow2() takes 1 argument, got %zu", n->nkids);
		if (k->type != ST_V_NUM && k->type != ST_V_SIZE && k->type != ANY)
			return type_fail(c, n, "round_pow2() needs a num or size, got %s", ndesc(k));
		n->type = k->type;
		return 0;
	case FN_EXISTS:
		if (n->nkids != 1)
			return type_fail(c, n, "exists() takes 1 argument, got %zu", n->nkids);
		n->type = ST_V_BOOL;
		return 0;
	default:
		return type_fail(c, n, "unknown function");
	}
}

static int check_in(struct checker *c, struct node *n)
{
	const struct node *x = n->kids[0];
	const char *op = n->neg ? "!in" : "in";

	/* "x in (device.schedulers)": the parentheses are not a literal list */
	if (n->kind == N_IN && n->nkids == 2 && n->kids[1]->type == ST_V_LIST)
		n->kind = N_IN_LIST;
	if (x->type == ST_V_LIST)
		return type_fail(c, n, "'%s' needs a single value on the left, got %s", op,
				 ndesc(x));
	if (n->kind == N_IN_LIST) {
		const struct node *l = n->kids[1];

		if (l->type != ST_V_LIST && l->type != ANY)
			return type_fail(c, n, "'%s' needs a list on the right, got %s", op,
					 ndesc(l));
		if (l->type == ST_V_LIST && !compatible(x->type, x->zero, l->elem, false))
			return type_fail(c, n, "cannot look for %s in a %s", ndesc(x), ndesc(l));
	} else {
		for (size_t i = 1; i < n->nkids; i++) {
			const struct node *k = n->kids[i];

			if (k->type == ST_V_LIST || !compatible(x->type, x->zero, k->type, k->zero))
				return type_fail(c, n, "'%s' list element %zu is %s, not %s", op, i,
						 ndesc(k), ndesc(x));
		}
	}
	n->type = ST_V_BOOL;
	return 0;
}

static int check_cmp(struct checker *c, struct node *n)
{
	const struct node *l = n->kids[0], *r = n->kids[1];
	const char *op = tk_op_name(n->op);
	enum st_vtype t = l->type == ANY ? r->type : l->type;

	if (l->type == ST_V_LIST || r->type == ST_V_LIST)
		return type_fail(c, n, "'%s' cannot compare lists (use 'in' for membership)", op);
	if (!compatible(l->type, l->zero, r->type, r->zero))
		return type_fail(c, n, "cannot compare %s with %s", ndesc(l), ndesc(r));
	if (n->op != TK_EQ && n->op != TK_NE && (t == ST_V_BOOL || t == ST_V_STR))
		return type_fail(c, n, "'%s' cannot order %s values", op, st_vtype_name(t));
	n->type = ST_V_BOOL;
	return 0;
}

static int check(struct checker *c, struct node *n)
{
	int rc;

	for (size_t i = 0; i < n->nkids; i++) {
		rc = check(c, n->kids[i]);
		if (rc)
			return rc;
	}
	switch (n->kind) {
	case N_LIT:
		n->type = n->lit.type;
		return 0;
	case N_IDENT:
		n->type = n->sym->type;
		n->elem = n->sym->type == ST_V_LIST ? n->sym->elem : ST_V_UNKNOWN;
		return 0;
	case N_NOT:
		if (n->kids[0]->type != ST_V_BOOL && n->kids[0]->type != ANY)
			return type_fail(c, n, "'!' needs a bool, got %s", ndesc(n->kids[0]));
		n->type = ST_V_BOOL;
		return 0;
	case N_NEG:
		if (n->kids[0]->type != ST_V_NUM && n->kids[0]->type != ST_V_SIZE &&
		    n->kids[0]->type != ANY)
			return type_fail(c, n, "cannot negate %s", ndesc(n->kids[0]));
		n->type = n->kids[0]->type;
		return 0;
	case N_AND:
	case N_OR:
		for (size_t i = 0; i < n->nkids; i++) {
			const struct node *k = n->kids[i];

			if (k->type != ST_V_BOOL && k->type != ANY)
				return fail_in(c->errmsg, c->text, n->kids[0]->start, k->end,
					       "'%s' needs bool operands, got %s",
					       n->kind == N_AND ? "&&" : "||", ndesc(k));
		}
		n->type = ST_V_BOOL;
		return 0;
	case N_ARITH: {
		enum st_vtype t = n->kids[0]->type;
		const char *tdesc = ndesc(n->kids[0]);

		for (size_t i = 1; i < n->nkids; i++) {
			const struct node *k = n->kids[i];
			enum st_vtype r = arith_type(k->link, t, k->type);

			if (r == ST_VTYPE_NR)
				return fail_in(c->errmsg, c->text, n->kids[0]->start, k->end,
					       "cannot apply '%s' to %s and %s",
					       tk_op_name(k->link), tdesc, ndesc(k));
			t = r;
			tdesc = st_vtype_name(t);
		}
		n->type = t;
		return 0;
	}
	case N_CMP:
		return check_cmp(c, n);
	case N_IN:
	case N_IN_LIST:
		return check_in(c, n);
	case N_CALL:
		return check_call(c, n);
	}
	return -EINVAL;
}

/* ------------------------------------------------------ compile, accessors */

int st_expr_compile(const char *text, const struct st_symtab *syms, unsigned scope,
		    struct st_expr **out, char **errmsg)
{
	struct lexer lx = { .text = text };
	struct parser p = { .text = text, .syms = syms, .scope = scope };
	struct checker c = { .text = text, .errmsg = &p.err };
	struct node *root = NULL;
	struct st_expr *e;
	size_t len;
	int rc;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!text)
		text = lx.text = p.text = c.text = "";
	/* never look further than the limit: a 1 MB line costs nothing */
	len = strnlen(text, ST_EXPR_MAX_LEN + 1);
	lx.too_long = len > ST_EXPR_MAX_LEN;
	lx.end = lx.too_long ? ST_EXPR_MAX_LEN : len;
	lex(&lx);
	p.toks = lx.toks;
	if (peek(&p) == TK_EOF) {
		rc = perr(&p, -EINVAL, "empty expression");
		goto out;
	}
	rc = parse_expr(&p, &root);
	if (rc == 0 && peek(&p) != TK_EOF) {
		rc = -EINVAL;
		if (!lex_error_here(&p))
			perr(&p, rc, "trailing input at column %u", col(&p));
	}
	if (rc == 0)
		rc = check(&c, root);
out:
	for (size_t i = 0; i < lx.n; i++)
		free(lx.toks[i].s);
	free(lx.toks);
	if (rc) {
		node_free(root);
		free(p.ids);
		if (errmsg)
			*errmsg = p.err ? p.err : st_xstrdup("invalid expression");
		else
			free(p.err);
		return rc;
	}
	e = st_xcalloc(1, sizeof(*e));
	e->text = st_xstrdup(text);
	e->root = root;
	e->ids = p.ids;
	e->nids = p.nids;
	*out = e;
	return 0;
}

void st_expr_free(struct st_expr *e)
{
	if (!e)
		return;
	node_free(e->root);
	free(e->ids);
	free(e->text);
	free(e);
}

enum st_vtype st_expr_type(const struct st_expr *e)
{
	return e ? e->root->type : ST_V_UNKNOWN;
}

enum st_vtype st_expr_elem_type(const struct st_expr *e)
{
	return e && e->root->type == ST_V_LIST ? e->root->elem : ST_V_UNKNOWN;
}

const char *st_expr_text(const struct st_expr *e)
{
	return e ? e->text : NULL;
}

size_t st_expr_symbols(const struct st_expr *e, int *ids, size_t max)
{
	if (!e)
		return 0;
	for (size_t i = 0; i < e->nids && i < max; i++)
		ids[i] = e->ids[i];
	return e->nids;
}

/* -------------------------------------------------------------- evaluation */

struct evaluator {
	const char *text;
	st_expr_lookup_fn lookup;
	void *data;
	char **errmsg;
};

static int eval(struct evaluator *ev, const struct node *n, struct st_value *out);

static int run_fail(struct evaluator *ev, unsigned start, unsigned end, const char *fmt, ...)
	ST_PRINTF(4, 5);
static int run_fail(struct evaluator *ev, unsigned start, unsigned end, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset_err(ev->errmsg, ev->text, start, end, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* What the lookup gave matches what the symbol table promised: the type
 * check relied on it. */
static bool value_fits(const struct st_value *v, const struct st_symbol *sym)
{
	if (v->type != sym->type)
		return false;
	for (size_t i = 0; v->type == ST_V_LIST && sym->elem != ST_V_UNKNOWN && i < v->nitems; i++)
		if (v->items[i].type != sym->elem)
			return false;
	return true;
}

static int eval_ident(struct evaluator *ev, const struct node *n, struct st_value *out)
{
	const struct st_symbol *sym = n->sym;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!ev->lookup) { /* nothing to ask: every fact is unknown */
		st_value_set_unknown(out, sym->name);
		return 0;
	}
	rc = ev->lookup(ev->data, sym->id, out);
	if (rc < 0) {
		st_value_clear(out);
		set_err(ev->errmsg, "cannot read '%s': %s", sym->name, strerror(-rc));
		return rc;
	}
	if (out->type == ST_V_UNKNOWN) {
		if (!out->why_unknown)
			out->why_unknown = sym->name;
		return 0;
	}
	if (!value_fits(out, sym)) {
		set_err(ev->errmsg, "'%s' should be %s but its value is %s", sym->name,
			type_desc(sym->type, sym->elem), type_desc(out->type, out->elem));
		st_value_clear(out);
		return -EINVAL;
	}
	return 0;
}

/* Kleene: false decides an &&, true decides an ||; otherwise any unknown
 * operand makes the result unknown, with the first one's reason. */
static int eval_logic(struct evaluator *ev, const struct node *n, struct st_value *out)
{
	bool decides = n->kind == N_OR;
	struct st_value unk = { 0 }, v;
	bool have_unk = false;
	int rc;

	for (size_t i = 0; i < n->nkids; i++) {
		rc = eval(ev, n->kids[i], &v);
		if (rc) {
			st_value_clear(&unk);
			return rc;
		}
		if (v.type == ST_V_UNKNOWN) {
			if (!have_unk)
				unk = v;
			have_unk = true;
			continue;
		}
		if (v.b == decides) {
			st_value_clear(&unk);
			st_value_set_bool(out, decides);
			return 0;
		}
	}
	if (have_unk)
		*out = unk;
	else
		st_value_set_bool(out, !decides);
	return 0;
}

static int arith(struct evaluator *ev, const struct node *n, size_t i, struct st_value *acc,
		 const struct st_value *r)
{
	enum tk op = n->kids[i]->link;
	unsigned start = n->kids[0]->start, end = n->kids[i]->end;
	int64_t a = acc->n, b = r->n, x = 0;
	bool ovf = false;

	switch (op) {
	case TK_PLUS:
		ovf = __builtin_add_overflow(a, b, &x);
		break;
	case TK_MINUS:
		ovf = __builtin_sub_overflow(a, b, &x);
		break;
	case TK_STAR:
		ovf = __builtin_mul_overflow(a, b, &x);
		break;
	case TK_SLASH:
		if (b == 0)
			return run_fail(ev, start, end, "division by zero");
		if (a == INT64_MIN && b == -1)
			ovf = true;
		else
			x = a / b;
		break;
	case TK_PERCENT:
		if (b == 0)
			return run_fail(ev, start, end, "modulo by zero");
		x = b == -1 ? 0 : a % b; /* INT64_MIN % -1 traps on x86 */
		break;
	default:
		return run_fail(ev, start, end, "bad operator");
	}
	if (ovf)
		return run_fail(ev, start, end, "integer overflow");
	acc->type = arith_type(op, acc->type, r->type);
	acc->n = x;
	return 0;
}

static int eval_arith(struct evaluator *ev, const struct node *n, struct st_value *out)
{
	struct st_value acc, r;
	int rc;

	rc = eval(ev, n->kids[0], &acc);
	if (rc || acc.type == ST_V_UNKNOWN) {
		*out = acc;
		return rc;
	}
	for (size_t i = 1; i < n->nkids; i++) {
		rc = eval(ev, n->kids[i], &r);
		if (rc)
			return rc;
		if (r.type == ST_V_UNKNOWN) {
			*out = r;
			return 0;
		}
		rc = arith(ev, n, i, &acc, &r);
		if (rc)
			return rc;
	}
	*out = acc;
	return 0;
}

/* Scalars the type check let meet: the literal 0 (a num) equals a 0 size. */
static bool scalar_eq(const struct st_value *a, const struct st_value *b)
{
	switch (a->type) {
	case ST_V_STR:
		return strcmp(str_or_empty(a->s), str_or_empty(b->s)) == 0;
	case ST_V_BOOL:
		return a->b == b->b;
	default:
		return a->n == b->n;
	}
}

/*
 * Evaluates both operands of n.  An error or an unknown operand decides the
 * result: it is left in *out with *rc, and true is returned.
 */
static bool eval_operands(struct evaluator *ev, const struct node *n, struct st_value *l,
			  struct st_value *r, struct st_value *out, int *rc)
{
	*rc = eval(ev, n->kids[0], l);
	if (*rc || l->type == ST_V_UNKNOWN) {
		*out = *l;
		return true;
	}
	*rc = eval(ev, n->kids[1], r);
	if (*rc || r->type == ST_V_UNKNOWN) {
		st_value_clear(l);
		*out = *r;
		return true;
	}
	return false;
}

static int eval_cmp(struct evaluator *ev, const struct node *n, struct st_value *out)
{
	struct st_value l, r;
	bool res;
	int rc;

	if (eval_operands(ev, n, &l, &r, out, &rc))
		return rc;
	switch (n->op) {
	case TK_EQ: res = scalar_eq(&l, &r); break;
	case TK_NE: res = !scalar_eq(&l, &r); break;
	case TK_LT: res = l.n < r.n; break;
	case TK_LE: res = l.n <= r.n; break;
	case TK_GT: res = l.n > r.n; break;
	default: res = l.n >= r.n; break;
	}
	st_value_clear(&l);
	st_value_clear(&r);
	st_value_set_bool(out, res);
	return 0;
}

/* x in (a, b): x == a || x == b, with Kleene's ||, so an unknown element
 * matters only when no other one matches. */
static int eval_in(struct evaluator *ev, const struct node *n, struct st_value *out)
{
	struct st_value x, v, unk = { 0 };
	bool found = false, have_unk = false;
	int rc;

	rc = eval(ev, n->kids[0], &x);
	if (rc)
		return rc;
	if (x.type == ST_V_UNKNOWN && n->nkids > 1) {
		*out = x;
		return 0;
	}
	for (size_t i = 1; i < n->nkids && !found && x.type != ST_V_UNKNOWN; i++) {
		rc = eval(ev, n->kids[i], &v);
		if (rc) {
			st_value_clear(&x);
			st_value_clear(&unk);
			return rc;
		}
		if (v.type == ST_V_UNKNOWN) {
			if (!have_unk)
				unk = v;
			have_unk = true;
			continue;
		}
		found = scalar_eq(&x, &v);
		st_value_clear(&v);
	}
	st_value_clear(&x);
	if (!found && have_unk) {
		*out = unk;
		return 0;
	}
	st_value_clear(&unk);
	st_value_set_bool(out, found != n->neg);
	return 0;
}

static int eval_in_list(struct evaluator *ev, const struct node *n, struct st_value *out)
{
	struct st_value x, l;
	bool found = false;
	int rc;

	if (eval_operands(ev, n, &x, &l, out, &rc))
		return rc;
	for (size_t i = 0; i < l.nitems && !found; i++)
		found = scalar_eq(&x, &l.items[i]);
	st_value_clear(&x);
	st_value_clear(&l);
	st_value_set_bool(out, found != n->neg);
	return 0;
}

/* Evaluates every argument into v[0..n) (all num or size); stops at the first
 * unknown and returns it in *out with *done set. */
static int eval_args(struct evaluator *ev, const struct node *n, int64_t *v,
		     struct st_value *out, bool *done)
{
	struct st_value a;
	int rc;

	*done = false;
	for (size_t i = 0; i < n->nkids; i++) {
		rc = eval(ev, n->kids[i], &a);
		if (rc)
			return rc;
		if (a.type == ST_V_UNKNOWN) {
			*out = a;
			*done = true;
			return 0;
		}
		v[i] = a.n;
	}
	return 0;
}

static int eval_call(struct evaluator *ev, const struct node *n, struct st_value *out)
{
	struct st_value a;
	int64_t *v, r;
	bool done;
	int rc;

	if (n->fn == FN_EXISTS) {
		rc = eval(ev, n->kids[0], &a);
		if (rc)
			return rc;
		st_value_set_bool(out, a.type != ST_V_UNKNOWN);
		st_value_clear(&a);
		return 0;
	}
	v = st_xcalloc(n->nkids, sizeof(*v));
	rc = eval_args(ev, n, v, out, &done);
	if (rc || done)
		goto out;
	switch (n->fn) {
	case FN_MIN:
	case FN_MAX:
		r = v[0];
		for (size_t i = 1; i < n->nkids; i++)
			if (n->fn == FN_MIN ? v[i] < r : v[i] > r)
				r = v[i];
		break;
	case FN_CLAMP:
		if (v[1] > v[2]) {
			struct st_value lo = { .type = n->type, .n = v[1] };
			struct st_value hi = { .type = n->type, .n = v[2] };
			char *slo = st_value_format(&lo), *shi = st_value_format(&hi);

			rc = run_fail(ev, n->start, n->end,
				      "clamp() lower bound %s is above upper bound %s", slo, shi);
			free(slo);
			free(shi);
			goto out;
		}
		r = v[0] < v[1] ? v[1] : v[0] > v[2] ? v[2] : v[0];
		break;
	default: /* FN_ROUND_POW2 */
		if (v[0] <= 0) {
			rc = run_fail(ev, n->start, n->end, "round_pow2 of a non-positive value");
			goto out;
		}
		r = (int64_t)(UINT64_C(1) << (63 - __builtin_clzll((unsigned long long)v[0])));
		break;
	}
	value_init(out, n->type);
	out->n = r;
out:
	free(v);
	return rc;
}

static int eval(struct evaluator *ev, const struct node *n, struct st_value *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	switch (n->kind) {
	case N_LIT:
		st_value_copy(out, &n->lit);
		return 0;
	case N_IDENT:
		return eval_ident(ev, n, out);
	case N_NOT:
		rc = eval(ev, n->kids[0], out);
		if (rc == 0 && out->type == ST_V_BOOL)
			out->b = !out->b;
		return rc;
	case N_NEG:
		rc = eval(ev, n->kids[0], out);
		if (rc == 0 && out->type != ST_V_UNKNOWN &&
		    __builtin_sub_overflow((int64_t)0, out->n, &out->n))
			return run_fail(ev, n->start, n->end, "integer overflow");
		return rc;
	case N_AND:
	case N_OR:
		return eval_logic(ev, n, out);
	case N_ARITH:
		return eval_arith(ev, n, out);
	case N_CMP:
		return eval_cmp(ev, n, out);
	case N_IN:
		return eval_in(ev, n, out);
	case N_IN_LIST:
		return eval_in_list(ev, n, out);
	case N_CALL:
		return eval_call(ev, n, out);
	}
	return -EINVAL;
}

int st_expr_eval(const struct st_expr *e, st_expr_lookup_fn lookup, void *data,
		 struct st_value *out, char **errmsg)
{
	struct evaluator ev = { .lookup = lookup, .data = data, .errmsg = errmsg };
	int rc;

	if (errmsg)
		*errmsg = NULL;
	if (!e) {
		memset(out, 0, sizeof(*out));
		set_err(errmsg, "no expression");
		return -EINVAL;
	}
	ev.text = e->text;
	rc = eval(&ev, e->root, out);
	if (rc) {
		st_value_clear(out);
		if (errmsg && !*errmsg)
			*errmsg = st_xstrdup("evaluation failed");
	}
	return rc;
}
