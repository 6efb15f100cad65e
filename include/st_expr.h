/*
 * st_expr.h - the rule expression language: values, compilation and
 * evaluation.
 *
 * A rule's `when`, `value` and the {...} parts of its summary are
 * expressions.  They are compiled once, when the rule file is read: a
 * recursive-descent parser builds a tree, and a type check runs over it, so a
 * typo in an identifier or a string compared with a number is a load error
 * with the file and line, not a surprise on a production server.  Evaluation
 * then only walks the tree.
 *
 * Grammar, lowest precedence first (all binary operators are left
 * associative):
 *
 *   expr    := or
 *   or      := and ( "||" and )*
 *   and     := not ( "&&" not )*
 *   not     := "!" not | cmp
 *   cmp     := add [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) add
 *                  | [ "!" ] "in" ( "(" [ expr ( "," expr )* ] ")" | add ) ]
 *   add     := mul ( ( "+" | "-" ) mul )*
 *   mul     := unary ( ( "*" | "/" | "%" ) unary )*
 *   unary   := "-" unary | primary
 *   primary := NUMBER [ UNIT ] | STRING | "true" | "false" | "unknown"
 *            | IDENT [ "(" [ expr ( "," expr )* ] ")" ] | "(" expr ")"
 *
 * NUMBER is decimal (or 0x hex); UNIT is one of B, KiB, MiB, GiB, TiB (1024
 * based) or k, M, G, T (also 1024 based: sysfs and the kernel's own option
 * parsers, e.g. "commit=" or "stripe=", mean binary multiples).  A number with
 * a unit is a size, in bytes.  Strings are double-quoted with \" and \\
 * escapes.  Identifiers are dotted names (device.raid.chunk).  Functions:
 * min(a, b, ...), max(a, b, ...), clamp(x, lo, hi), round_pow2(x) (the
 * nearest power of two not above x), and exists(x) (x is known).
 *
 * Types: bool, num (signed 64-bit), size (bytes, signed 64-bit), str and list
 * (of num, size or str).  Arithmetic: num op num -> num; size +/- size ->
 * size; size * num, num * size, size / num -> size; size / size -> num;
 * size % size -> size.  Comparisons need both sides of one type, except that
 * the literal 0 compares with a size.  Overflow and division by zero are
 * evaluation errors.
 *
 * Unknown facts: an identifier whose fact the probe could not read evaluates
 * to `unknown`, which propagates through arithmetic and comparisons.  Logic
 * is three-valued (Kleene): unknown && false is false, unknown || true is
 * true.  A rule whose `when` is unknown does not fire, and `advise -v` says
 * which fact was missing.
 */
#ifndef ST_EXPR_H
#define ST_EXPR_H

#include "stortune.h"

enum st_vtype {
	ST_V_UNKNOWN, /* a fact that could not be read; also "any" in signatures */
	ST_V_BOOL,
	ST_V_NUM,
	ST_V_SIZE, /* bytes */
	ST_V_STR,
	ST_V_LIST,
	ST_VTYPE_NR
};

const char *st_vtype_name(enum st_vtype t);

struct st_value {
	enum st_vtype type;
	enum st_vtype elem; /* lists: the element type (ST_V_UNKNOWN when empty) */
	bool b;
	int64_t n;          /* num and size */
	char *s;            /* owned */
	struct st_value *items; /* lists; owned */
	size_t nitems;
	/* for unknown values: the identifier that was unknown (static or owned
	 * by the symbol table), so that -v can say why a rule did not fire */
	const char *why_unknown;
};

/* The setters, st_value_copy and st_expr_eval's out initialise their
 * destination without freeing what it held: clear a value before reusing it. */
void st_value_clear(struct st_value *v);
void st_value_copy(struct st_value *dst, const struct st_value *src);
void st_value_set_bool(struct st_value *v, bool b);
void st_value_set_num(struct st_value *v, int64_t n);
void st_value_set_size(struct st_value *v, int64_t bytes);
void st_value_set_str(struct st_value *v, const char *s); /* copies */
void st_value_set_unknown(struct st_value *v, const char *why);
/* Appends a copy of item to the list v (v must be a list). */
void st_value_list_push(struct st_value *v, const struct st_value *item);
/* Starts an empty list of elem. */
void st_value_set_list(struct st_value *v, enum st_vtype elem);
/* Formats for people and for `sysctl -w`: 8192, 64MiB (exact units only,
 * else bytes: 1536B), none (strings unquoted), true, a, b (list items joined
 * by ", "), unknown.  Returns a new string. */
char *st_value_format(const struct st_value *v);
bool st_value_equal(const struct st_value *a, const struct st_value *b);

/*
 * Identifiers.  The caller (the rule engine) owns the symbol table: the
 * names the expressions may use, their types and an id it understands.  The
 * table must be sorted by name (strcmp) for the lookup.  scopes is a bit mask
 * the caller defines; compilation rejects an identifier whose scopes do not
 * include the one it compiles for.
 */
struct st_symbol {
	const char *name;
	enum st_vtype type;
	enum st_vtype elem; /* for lists */
	unsigned scopes;
	int id;
};

struct st_symtab {
	const struct st_symbol *syms;
	size_t n;
	/* the names of the scopes, indexed by bit number, for messages:
	 * "'mount.fstype' is not available in a device rule" */
	const char *const *scope_names;
};

/* Fetches the value of symbol id for the current target.  Returns 0 (out
 * may be ST_V_UNKNOWN) or -errno. */
typedef int (*st_expr_lookup_fn)(void *data, int id, struct st_value *out);

struct st_expr;

/*
 * Compiles text.  scope is the bit (not the mask) of the scope the expression
 * runs in.  On error returns -EINVAL and sets *errmsg to a message without
 * the file:line prefix, for example
 *   unknown identifier 'device.clas' (did you mean 'device.class'?)
 *   expected ')' at column 14
 *   cannot compare str with num in 'device.class == 5'
 * Other errors: -ENOMEM never (allocation aborts), -E2BIG for nesting deeper
 * than ST_EXPR_MAX_DEPTH.
 */
#define ST_EXPR_MAX_DEPTH 64
#define ST_EXPR_MAX_LEN 4096 /* characters: longer is an error */
int st_expr_compile(const char *text, const struct st_symtab *syms, unsigned scope,
		    struct st_expr **out, char **errmsg);
void st_expr_free(struct st_expr *e);

/* The static type of the expression, as the type check found it. */
enum st_vtype st_expr_type(const struct st_expr *e);
/* For list expressions, the element type. */
enum st_vtype st_expr_elem_type(const struct st_expr *e);
/* The source text it was compiled from. */
const char *st_expr_text(const struct st_expr *e);
/* Symbol ids the expression reads, for "depends on" displays: fills up to
 * max ids, returns how many there are. */
size_t st_expr_symbols(const struct st_expr *e, int *ids, size_t max);

/*
 * Evaluates.  Returns 0 with *out set (possibly ST_V_UNKNOWN), or -EINVAL
 * with *errmsg set for a run-time error (overflow, division by zero,
 * clamp with lo > hi).
 */
int st_expr_eval(const struct st_expr *e, st_expr_lookup_fn lookup, void *data,
		 struct st_value *out, char **errmsg);

/*
 * Parses a size with an optional unit, as the language does ("64KiB", "4k",
 * "512"): for profile keys and knob values.  Returns 0, -EINVAL or -ERANGE.
 * has_unit tells whether a unit was given.
 */
int st_parse_size(const char *text, int64_t *bytes, bool *has_unit);

#endif
