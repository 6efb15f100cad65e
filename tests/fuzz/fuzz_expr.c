/*
 * fuzz_expr.c - the expression language (src/advise/expr_*.c): the input
 * is compiled in each scope against the facts' symbol table, the way rules
 * and profile overrides are, and whatever compiles is evaluated with
 * several sets of fact values (zero, small, extreme, unknown) and the result
 * formatted.  The size parser of profile keys and knob values gets the same
 * text.
 */
#include <inttypes.h>

#include "fuzz.h"
#include "st_expr.h"
#include "st_knob.h"
#include "st_rules.h"

/* One set of values the lookup answers with. */
struct vset {
	bool unknown;
	int64_t num;
	bool b;
	const char *str;
};

static const struct vset vsets[] = {
	{ .num = 0, .b = false, .str = "" },
	{ .num = 4096, .b = true, .str = "nvme" },
	{ .num = INT64_MAX, .b = true, .str = "mq-deadline" },
	{ .num = INT64_MIN, .b = false, .str = "[none] mq-deadline kyber bfq" },
	{ .num = -1, .b = true, .str = "ext4" },
	{ .unknown = true },
};

struct look {
	const struct st_symtab *syms;
	const struct vset *vs;
};

static void set_scalar(struct st_value *out, enum st_vtype t, const struct vset *vs)
{
	switch (t) {
	case ST_V_BOOL:
		st_value_set_bool(out, vs->b);
		break;
	case ST_V_NUM:
		st_value_set_num(out, vs->num);
		break;
	case ST_V_SIZE:
		st_value_set_size(out, vs->num);
		break;
	case ST_V_STR:
		st_value_set_str(out, vs->str);
		break;
	default:
		st_value_set_unknown(out, "fuzz");
		break;
	}
}

static int lookup(void *data, int id, struct st_value *out)
{
	const struct look *l = data;
	const struct st_symbol *s = NULL;

	for (size_t i = 0; i < l->syms->n; i++)
		if (l->syms->syms[i].id == id)
			s = &l->syms->syms[i];
	if (!s || l->vs->unknown) {
		st_value_set_unknown(out, s ? s->name : "fuzz");
		return 0;
	}
	if (s->type == ST_V_LIST) {
		struct st_value item = { 0 };

		st_value_set_list(out, s->elem);
		for (int k = 0; k < 2; k++) {
			set_scalar(&item, s->elem, l->vs);
			st_value_list_push(out, &item);
			st_value_clear(&item);
		}
		return 0;
	}
	set_scalar(out, s->type, l->vs);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_cstr(data, size);
	struct look l = { .syms = st_facts_symtab() };
	int64_t bytes;
	bool has_unit;

	st_parse_size(text, &bytes, &has_unit);
	for (unsigned scope = 0; scope < ST_SCOPE_NR; scope++) {
		struct st_expr *e = NULL;
		char *err = NULL;
		int ids[8];

		if (st_expr_compile(text, l.syms, scope, &e, &err) < 0) {
			free(err);
			continue;
		}
		st_expr_type(e);
		st_expr_elem_type(e);
		st_expr_symbols(e, ids, ST_ARRAY_SIZE(ids));
		for (size_t v = 0; v < ST_ARRAY_SIZE(vsets); v++) {
			struct st_value out = { 0 };

			l.vs = &vsets[v];
			err = NULL;
			if (st_expr_eval(e, lookup, &l, &out, &err) == 0) {
				free(st_value_format(&out));
				st_value_clear(&out);
			}
			free(err);
		}
		st_expr_free(e);
	}
	free(text);
	return 0;
}
