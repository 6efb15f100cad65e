/*
 * expr_eval.c - owns evaluating a checked tree for one target: identifiers
 * through the caller's lookup (checked against the types the symbol table
 * promised), three-valued logic where an unknown fact propagates, 64-bit
 * arithmetic with overflow and division by zero as errors, comparisons, `in`
 * and the functions.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "expr_int.h"
#include "st_util.h"

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
	st_expr_vset_err(ev->errmsg, ev->text, start, end, fmt, ap);
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
		st_expr_set_err(ev->errmsg, "cannot read '%s': %s", sym->name, strerror(-rc));
		return rc;
	}
	if (out->type == ST_V_UNKNOWN) {
		if (!out->why_unknown)
			out->why_unknown = sym->name;
		return 0;
	}
	if (!value_fits(out, sym)) {
		st_expr_set_err(ev->errmsg, "'%s' should be %s but its value is %s", sym->name,
				st_expr_type_desc(sym->type, sym->elem),
				st_expr_type_desc(out->type, out->elem));
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
	acc->type = st_expr_arith_type(op, acc->type, r->type);
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
		return strcmp(st_expr_str_or_empty(a->s), st_expr_str_or_empty(b->s)) == 0;
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
	st_expr_value_init(out, n->type);
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
		st_expr_set_err(errmsg, "no expression");
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
