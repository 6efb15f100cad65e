/*
 * expr_check.c - owns the static type check that runs once, when a rule file
 * is read: every node of the tree gets its type, bottom up, and whatever does
 * not fit (a string compared with a number, a size added to a num, min() of
 * a bool) is an error that quotes the sub-expression.  The `unknown` literal
 * goes with every type.  Evaluation relies on what the check let through.
 */
#include <errno.h>
#include <stdarg.h>

#include "expr_int.h"
#include "st_util.h"

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

#define ANY ST_V_UNKNOWN /* the `unknown` literal goes with every type */

enum st_vtype st_expr_arith_type(enum tk op, enum st_vtype a, enum st_vtype b)
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
	st_expr_vset_err(c->errmsg, c->text, n->start, n->end, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *ndesc(const struct node *n)
{
	return st_expr_type_desc(n->type, n->elem);
}

/* min, max and clamp: all num or all size (the literal 0 goes with sizes). */
static int check_numeric_args(struct checker *c, struct node *n)
{
	const char *name = st_expr_fn_names()[n->fn];
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
	const char *name = st_expr_fn_names()[n->fn];
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
				return st_expr_fail_in(c->errmsg, c->text, n->kids[0]->start, k->end,
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
			enum st_vtype r = st_expr_arith_type(k->link, t, k->type);

			if (r == ST_VTYPE_NR)
				return st_expr_fail_in(c->errmsg, c->text, n->kids[0]->start, k->end,
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

int st_expr_check(const char *text, struct node *root, char **errmsg)
{
	struct checker c = { .text = text, .errmsg = errmsg };

	return check(&c, root);
}
