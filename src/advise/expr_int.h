/*
 * expr_int.h - what the parts of the rule expression language share, and
 * only they include: the tokens, the tree, and the helpers for values and
 * messages.  The language (st_expr.h) is compiled in three passes and then
 * evaluated, one file each, with the values beside them:
 *
 *   expr_lex.c    text -> tokens (and st_parse_size, and quoting the source)
 *   expr_parse.c  tokens -> tree; st_expr_compile, which runs all three
 *   expr_check.c  the static type check of the tree
 *   expr_eval.c   tree + facts -> value
 *   expr_value.c  the values, their formatting and comparison
 *
 * Rule files are input we do not trust to be sane, so every limit is
 * enforced before it is reached: text beyond ST_EXPR_MAX_LEN is never
 * lexed, nesting is counted before the parser recurses, and operator chains
 * (a + b + c ...) are kept as one n-ary node, so the tree (and the
 * recursion of the check, the evaluation and the free) is no deeper than a
 * small multiple of ST_EXPR_MAX_DEPTH.
 */
#ifndef ST_EXPR_INT_H
#define ST_EXPR_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "st_expr.h"

/* Longest piece of source quoted in a message: enough for any sane
 * sub-expression, short enough to keep "file:line: key: ..." on a line. */
#define ST_EXPR_SPAN_MAX 80

/* Values (expr_value.c) ------------------------------------------------------- */

/* An empty value of type t, whatever v held (it may be stack garbage). */
static inline void st_expr_value_init(struct st_value *v, enum st_vtype t)
{
	memset(v, 0, sizeof(*v));
	v->type = t;
}

static inline const char *st_expr_str_or_empty(const char *s)
{
	return s ? s : "";
}

/* "list of str" for messages; the plain name for everything else. */
const char *st_expr_type_desc(enum st_vtype t, enum st_vtype elem);

/* Messages (expr_lex.c) ------------------------------------------------------- */

/* The source text start..end for a message: newlines (from continuation
 * lines) become spaces and long pieces are cut, not inside a UTF-8 char. */
char *st_expr_span_text(const char *text, unsigned start, unsigned end);
/* Sets *errmsg (unless errmsg is NULL or it is set already) to the message,
 * followed by " in '<text start..end>'" when text is given. */
void st_expr_vset_err(char **errmsg, const char *text, unsigned start, unsigned end,
		      const char *fmt, va_list ap);
void st_expr_set_err(char **errmsg, const char *fmt, ...) ST_PRINTF(2, 3);
/* Sets "<message> in '<text start..end>'"; returns -EINVAL. */
int st_expr_fail_in(char **errmsg, const char *text, unsigned start, unsigned end,
		    const char *fmt, ...) ST_PRINTF(5, 6);

/* Tokens (expr_lex.c) --------------------------------------------------------- */

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

/* Splits lx->text[0..lx->end) into lx->toks, up to TK_EOF or the first
 * error, which becomes a TK_ERR token; the caller frees the tokens' s and
 * lx->toks. */
void st_expr_lex(struct lexer *lx);

/* The tree (expr_parse.c) ----------------------------------------------------- */

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

/* The functions' names, indexed by enum fn: kept with the enum, so that the
 * parser and the type check share them without depending on each other. */
static inline const char *const *st_expr_fn_names(void)
{
	static const char *const names[FN_NR] = {
		[FN_MIN] = "min",     [FN_MAX] = "max",       [FN_CLAMP] = "clamp",
		[FN_ROUND_POW2] = "round_pow2", [FN_EXISTS] = "exists",
	};

	return names;
}

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

/* The type check (expr_check.c) ----------------------------------------------- */

/* Types every node of the tree, bottom up; returns 0, or -EINVAL with
 * *errmsg set ("cannot compare str with num in '...'"). */
int st_expr_check(const char *text, struct node *root, char **errmsg);
/* The type of a op b, or ST_VTYPE_NR when the operator does not apply; the
 * evaluation types its results with it too. */
enum st_vtype st_expr_arith_type(enum tk op, enum st_vtype a, enum st_vtype b);

#endif
