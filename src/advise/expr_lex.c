/*
 * expr_lex.c - owns reading expression text: numbers with their units (also
 * for st_parse_size, which profiles and knob values use), the tokens, and
 * quoting a piece of the source in a message.  The lexer never looks past
 * ST_EXPR_MAX_LEN characters, and stops at its first error, which it leaves
 * as a token for the parser to report when it gets there.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr_int.h"
#include "st_util.h"

/* Numbers and units ----------------------------------------------------------- */

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

/* Quoting the source in messages ------------------------------------------- */

char *st_expr_span_text(const char *text, unsigned start, unsigned end)
{
	size_t len = end - start, keep = len;
	char *s;

	if (len > ST_EXPR_SPAN_MAX) {
		keep = ST_EXPR_SPAN_MAX - 3;
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

void st_expr_vset_err(char **errmsg, const char *text, unsigned start, unsigned end,
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
	span = st_expr_span_text(text, start, end);
	*errmsg = st_xasprintf("%s in '%s'", msg, span);
	free(span);
	free(msg);
}

void st_expr_set_err(char **errmsg, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	st_expr_vset_err(errmsg, NULL, 0, 0, fmt, ap);
	va_end(ap);
}

int st_expr_fail_in(char **errmsg, const char *text, unsigned start, unsigned end,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	st_expr_vset_err(errmsg, text, start, end, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Tokens ---------------------------------------------------------------------- */

static struct token *lex_add(struct lexer *lx, enum tk kind, size_t start, size_t len)
{
	struct token *t;

	if (lx->n > lx->end) /* see st_expr_lex(): one token per character, plus the last */
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
void st_expr_lex(struct lexer *lx)
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
