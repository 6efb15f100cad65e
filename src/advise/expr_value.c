/*
 * expr_value.c - owns the values of the rule expression language: their
 * types' names, the setters, copying and clearing, formatting for people and
 * for `sysctl -w`, and equality.  The setters, st_value_copy and
 * st_expr_eval initialise their destination without freeing what it held (a
 * value may start as stack garbage); st_value_clear a value before reusing
 * it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "expr_int.h"
#include "st_util.h"

static const char *const vtype_names[ST_VTYPE_NR] = {
	[ST_V_UNKNOWN] = "unknown", [ST_V_BOOL] = "bool", [ST_V_NUM] = "num",
	[ST_V_SIZE] = "size",       [ST_V_STR] = "str",   [ST_V_LIST] = "list",
};

const char *st_vtype_name(enum st_vtype t)
{
	return (unsigned)t < ST_VTYPE_NR ? vtype_names[t] : "?";
}

const char *st_expr_type_desc(enum st_vtype t, enum st_vtype elem)
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
	st_expr_value_init(v, ST_V_BOOL);
	v->b = b;
}

void st_value_set_num(struct st_value *v, int64_t n)
{
	st_expr_value_init(v, ST_V_NUM);
	v->n = n;
}

void st_value_set_size(struct st_value *v, int64_t bytes)
{
	st_expr_value_init(v, ST_V_SIZE);
	v->n = bytes;
}

void st_value_set_str(struct st_value *v, const char *s)
{
	st_expr_value_init(v, ST_V_STR);
	v->s = st_xstrdup(s ? s : "");
}

void st_value_set_unknown(struct st_value *v, const char *why)
{
	st_expr_value_init(v, ST_V_UNKNOWN);
	v->why_unknown = why;
}

void st_value_set_list(struct st_value *v, enum st_vtype elem)
{
	st_expr_value_init(v, ST_V_LIST);
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
		return strcmp(st_expr_str_or_empty(a->s), st_expr_str_or_empty(b->s)) == 0;
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
