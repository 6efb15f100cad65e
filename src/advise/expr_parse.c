/*
 * expr_parse.c - owns the tree of a compiled expression and the
 * recursive-descent parser that builds it from the tokens, with the grammar
 * of st_expr.h: one function per level, nesting counted against
 * ST_EXPR_MAX_DEPTH before each recursion, and chains of one operator kept
 * as one n-ary node.  Identifiers are resolved against the caller's symbol
 * table here.  Also st_expr_compile (lex, parse, check) and the accessors of
 * a compiled expression.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "expr_int.h"
#include "st_util.h"

/* The tree -------------------------------------------------------------------- */

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

/* Parser ---------------------------------------------------------------------- */

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
	st_expr_vset_err(&p->err, NULL, 0, 0, fmt, ap);
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
	s = st_expr_span_text(p->text, cur(p)->start, cur(p)->start + cur(p)->len);
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

/* op ( op sub )*, kept flat: see expr_int.h. */
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
			is_fn |= strcmp(name, st_expr_fn_names()[f]) == 0;
		if (is_fn) {
			perr(p, -EINVAL, "expected '(' after '%s' at column %u", name,
			     t->start + t->len + 1);
		} else {
			size_t nn = st && t->len <= ST_EXPR_SPAN_MAX ? st->n : 0;
			const char **names = st_xcalloc(nn, sizeof(*names)), *sugg;
			char *shown = st_expr_span_text(p->text, t->start, t->start + t->len);

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
		if (strlen(st_expr_fn_names()[f]) == t->len &&
		    memcmp(st_expr_fn_names()[f], p->text + t->start, t->len) == 0)
			break;
	if (f == FN_NR) {
		char *name = st_expr_span_text(p->text, t->start, t->start + t->len);
		const char *sugg =
			t->len <= ST_EXPR_SPAN_MAX ? st_closest(name, st_expr_fn_names(), FN_NR) : NULL;

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
		st_expr_value_init(&n->lit, ST_V_STR);
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
		char *s = st_expr_span_text(p->text, cur(p)->start, cur(p)->start + cur(p)->len);

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

/* Compile, accessors ---------------------------------------------------------- */

int st_expr_compile(const char *text, const struct st_symtab *syms, unsigned scope,
		    struct st_expr **out, char **errmsg)
{
	struct lexer lx = { .text = text };
	struct parser p = { .text = text, .syms = syms, .scope = scope };
	struct node *root = NULL;
	struct st_expr *e;
	size_t len;
	int rc;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!text)
		text = lx.text = p.text = "";
	/* never look further than the limit: a 1 MB line costs nothing */
	len = strnlen(text, ST_EXPR_MAX_LEN + 1);
	lx.too_long = len > ST_EXPR_MAX_LEN;
	lx.end = lx.too_long ? ST_EXPR_MAX_LEN : len;
	st_expr_lex(&lx);
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
		rc = st_expr_check(text, root, &p.err);
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
