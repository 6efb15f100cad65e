/*
 * test_expr.c - the rule expression language: lexing, precedence, the type
 * rules, three-valued evaluation with unknown facts, run-time errors, the
 * nesting and length limits, value formatting and st_parse_size.
 */
#include <errno.h>

#include "st_test.h"
#include "st_expr.h"

enum { SC_DEVICE, SC_MOUNT, SC_SYSTEM };
#define DEV (1u << SC_DEVICE)
#define MNT (1u << SC_MOUNT)
#define SYS (1u << SC_SYSTEM)
#define ALL (DEV | MNT | SYS)

enum {
	ID_BAD,
	ID_CLASS,
	ID_READ_EXPIRE,
	ID_LIE,
	ID_QD,
	ID_CHUNK,
	ID_ROT,
	ID_SCHEDS,
	ID_SIZES,
	ID_A,
	ID_B,
	ID_C,
	ID_MEM,
	ID_FSTYPE,
	ID_SHARED,
	ID_NR
};

/* sorted by strcmp, as st_symtab requires */
static const struct st_symbol syms[] = {
	{ "device.bad", ST_V_NUM, ST_V_UNKNOWN, DEV | MNT, ID_BAD },
	{ "device.class", ST_V_STR, ST_V_UNKNOWN, DEV | MNT, ID_CLASS },
	{ "device.iosched.read_expire", ST_V_NUM, ST_V_UNKNOWN, DEV | MNT, ID_READ_EXPIRE },
	{ "device.lie", ST_V_NUM, ST_V_UNKNOWN, DEV | MNT, ID_LIE },
	{ "device.queue_depth", ST_V_NUM, ST_V_UNKNOWN, DEV | MNT, ID_QD },
	{ "device.raid.chunk", ST_V_SIZE, ST_V_UNKNOWN, DEV | MNT, ID_CHUNK },
	{ "device.rotational", ST_V_BOOL, ST_V_UNKNOWN, DEV | MNT, ID_ROT },
	{ "device.schedulers", ST_V_LIST, ST_V_STR, DEV | MNT, ID_SCHEDS },
	{ "device.sizes", ST_V_LIST, ST_V_SIZE, DEV | MNT, ID_SIZES },
	{ "flag.a", ST_V_BOOL, ST_V_UNKNOWN, ALL, ID_A },
	{ "flag.b", ST_V_BOOL, ST_V_UNKNOWN, ALL, ID_B },
	{ "flag.c", ST_V_BOOL, ST_V_UNKNOWN, ALL, ID_C },
	{ "mem.total", ST_V_SIZE, ST_V_UNKNOWN, ALL, ID_MEM },
	{ "mount.fstype", ST_V_STR, ST_V_UNKNOWN, MNT, ID_FSTYPE },
	{ "profile.shared", ST_V_BOOL, ST_V_UNKNOWN, ALL, ID_SHARED },
};

static const char *const scope_names[] = { "device", "mount", "system" };

static const struct st_symtab symtab = { syms, ST_ARRAY_SIZE(syms), scope_names };

/* The current target's facts; device.queue_depth and profile.shared are
 * unknown, the second with a reason of its own. */
static struct st_value facts[ID_NR];

static int lookup(void *data, int id, struct st_value *out)
{
	struct st_value *f = data;

	if (id == ID_BAD)
		return -EIO;
	if (id == ID_LIE) { /* a probe that breaks the symbol table's promise */
		st_value_set_str(out, "oops");
		return 0;
	}
	st_value_copy(out, &f[id]);
	return 0;
}

static int setup_facts(void **state)
{
	struct st_value item;

	(void)state;
	memset(facts, 0, sizeof(facts));
	st_value_set_str(&facts[ID_CLASS], "nvme");
	st_value_set_num(&facts[ID_READ_EXPIRE], 500);
	st_value_set_unknown(&facts[ID_QD], NULL);
	st_value_set_size(&facts[ID_CHUNK], 512 * 1024);
	st_value_set_bool(&facts[ID_ROT], false);
	st_value_set_list(&facts[ID_SCHEDS], ST_V_STR);
	for (const char *const *s = (const char *const[]){ "none", "mq-deadline", "kyber", NULL };
	     *s; s++) {
		st_value_set_str(&item, *s);
		st_value_list_push(&facts[ID_SCHEDS], &item);
		st_value_clear(&item);
	}
	st_value_set_list(&facts[ID_SIZES], ST_V_SIZE);
	st_value_set_size(&item, 4096);
	st_value_list_push(&facts[ID_SIZES], &item);
	st_value_set_size(&item, 65536);
	st_value_list_push(&facts[ID_SIZES], &item);
	st_value_set_bool(&facts[ID_A], true);
	st_value_set_bool(&facts[ID_B], true);
	st_value_set_bool(&facts[ID_C], true);
	st_value_set_size(&facts[ID_MEM], INT64_C(16) << 30);
	st_value_set_str(&facts[ID_FSTYPE], "ext4");
	st_value_set_unknown(&facts[ID_SHARED], "profile.shared (no profile)");
	return 0;
}

static int teardown_facts(void **state)
{
	for (size_t i = 0; i < ID_NR; i++)
		st_value_clear(&facts[i]);
	return st_test_cleanup(state);
}

/* "type:formatted", or "unknown:<why>", for one-line assertions. */
static char *describe(const struct st_value *v)
{
	char *f, *r;

	if (v->type == ST_V_UNKNOWN)
		return st_xasprintf("unknown:%s", v->why_unknown ? v->why_unknown : "(null)");
	f = st_value_format(v);
	r = st_xasprintf("%s:%s", st_vtype_name(v->type), f);
	free(f);
	return r;
}

static struct st_expr *compile_ok(unsigned scope, const char *text)
{
	struct st_expr *e = NULL;
	char *err = NULL;
	int rc = st_expr_compile(text, &symtab, scope, &e, &err);

	if (rc) {
		print_error("compiling '%s': %d: %s\n", text, rc, err ? err : "(no message)");
		free(err);
		fail();
	}
	assert_null(err);
	assert_non_null(e);
	return e;
}

static void expect_eval_in(unsigned scope, const char *text, const char *want)
{
	struct st_expr *e = compile_ok(scope, text);
	struct st_value v;
	char *err = NULL, *got;
	int rc = st_expr_eval(e, lookup, facts, &v, &err);

	if (rc) {
		print_error("evaluating '%s': %d: %s\n", text, rc, err ? err : "(no message)");
		fail();
	}
	assert_null(err);
	got = describe(&v);
	if (strcmp(got, want) != 0) {
		print_error("'%s' gave '%s', want '%s'\n", text, got, want);
		fail();
	}
	free(got);
	st_value_clear(&v);
	st_expr_free(e);
}

static void expect_eval(const char *text, const char *want)
{
	expect_eval_in(SC_DEVICE, text, want);
}

/* whole: the message must equal msg; otherwise contain it */
static void expect_compile_err_in(unsigned scope, const char *text, int want_rc,
				  const char *msg, bool whole)
{
	struct st_expr *e = (struct st_expr *)&e; /* must be reset to NULL */
	char *err = NULL;
	int rc = st_expr_compile(text, &symtab, scope, &e, &err);

	if (rc != want_rc || !err || (whole ? strcmp(err, msg) != 0 : !strstr(err, msg))) {
		print_error("compiling '%.200s': got %d '%s', want %d '%s'\n", text, rc,
			    err ? err : "(null)", want_rc, msg);
		fail();
	}
	assert_null(e);
	free(err);
}

static void expect_compile_err(const char *text, const char *msg)
{
	expect_compile_err_in(SC_DEVICE, text, -EINVAL, msg, false);
}

static void expect_compile_msg(const char *text, const char *msg)
{
	expect_compile_err_in(SC_DEVICE, text, -EINVAL, msg, true);
}

static void expect_eval_err(const char *text, int want_rc, const char *msg)
{
	struct st_expr *e = compile_ok(SC_DEVICE, text);
	struct st_value v;
	char *err = NULL;
	int rc = st_expr_eval(e, lookup, facts, &v, &err);

	if (rc != want_rc || !err || !strstr(err, msg)) {
		print_error("evaluating '%s': got %d '%s', want %d '%s'\n", text, rc,
			    err ? err : "(null)", want_rc, msg);
		fail();
	}
	assert_int_equal(v.type, ST_V_UNKNOWN); /* cleared */
	free(err);
	st_expr_free(e);
}

static char *repeat(const char *s, size_t n)
{
	size_t l = strlen(s);
	char *r = st_xmalloc(l * n + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(r + i * l, s, l);
	r[l * n] = '\0';
	return r;
}

/* prefix^n middle suffix^n */
static char *nest(const char *prefix, size_t n, const char *middle, const char *suffix)
{
	char *a = repeat(prefix, n), *b = repeat(suffix, n);
	char *r = st_xasprintf("%s%s%s", a, middle, b);

	free(a);
	free(b);
	return r;
}

/* ------------------------------------------------------------------ tests */

static void test_symtab_sorted(void **state)
{
	(void)state;
	for (size_t i = 1; i < ST_ARRAY_SIZE(syms); i++)
		assert_true(strcmp(syms[i - 1].name, syms[i].name) < 0);
}

static void test_arithmetic(void **state)
{
	(void)state;
	expect_eval("1 + 2 * 3", "num:7");
	expect_eval("(1 + 2) * 3", "num:9");
	expect_eval("10 - 2 - 3", "num:5"); /* left associative */
	expect_eval("100 / 10 / 5", "num:2");
	expect_eval("2 * 3 % 4", "num:2");
	expect_eval("17 % 5", "num:2");
	expect_eval("-17 % 5", "num:-2");
	expect_eval("7 / 2", "num:3");
	expect_eval("-7 / 2", "num:-3");
	expect_eval("-(3)", "num:-3");
	expect_eval("--3", "num:3");
	expect_eval("- - 3", "num:3");
	expect_eval("2 * -3", "num:-6");
	expect_eval("1 - -1", "num:2");
	expect_eval("device.iosched.read_expire * 2 + 1", "num:1001");
	expect_eval("(-9223372036854775807 - 1) % -1", "num:0");
	expect_eval("-9223372036854775807 - 1", "num:-9223372036854775808");
	/* sizes */
	expect_eval("4KiB + 4KiB", "size:8KiB");
	expect_eval("1MiB - 1KiB", "size:1023KiB");
	expect_eval("4KiB * 3", "size:12KiB");
	expect_eval("3 * 4KiB", "size:12KiB");
	expect_eval("1MiB / 4", "size:256KiB");
	expect_eval("1MiB / 4KiB", "num:256");
	expect_eval("10KiB % 4KiB", "size:2KiB");
	expect_eval("-4KiB", "size:-4KiB");
	expect_eval("mem.total / 4", "size:4GiB");
	expect_eval("device.raid.chunk * 2", "size:1MiB");
	expect_eval("device.raid.chunk / 512B", "num:1024");
	expect_eval("1MiB / 4KiB * 1KiB", "size:256KiB");
}

static void test_literals(void **state)
{
	(void)state;
	expect_eval("1B", "size:1B");
	expect_eval("512B", "size:512B");
	expect_eval("1536B", "size:1536B");
	expect_eval("0B", "size:0B");
	expect_eval("1KiB", "size:1KiB");
	expect_eval("1MiB", "size:1MiB");
	expect_eval("1GiB", "size:1GiB");
	expect_eval("1TiB", "size:1TiB");
	expect_eval("4k", "size:4KiB");
	expect_eval("4K", "size:4KiB");
	expect_eval("8M", "size:8MiB");
	expect_eval("1G", "size:1GiB");
	expect_eval("2T", "size:2TiB");
	expect_eval("1024KiB", "size:1MiB");
	expect_eval("1k == 1024B", "bool:true");
	expect_eval("1T == 1099511627776B", "bool:true");
	expect_eval("8388607TiB", "size:8388607TiB");
	expect_eval("0x10", "num:16");
	expect_eval("0xff", "num:255");
	expect_eval("0XFF", "num:255");
	expect_eval("0x7fffffffffffffff", "num:9223372036854775807");
	expect_eval("9223372036854775807", "num:9223372036854775807");
	expect_eval("007", "num:7");
	expect_eval("true", "bool:true");
	expect_eval("false", "bool:false");
	expect_eval("unknown", "unknown:unknown");
	expect_eval("\"none\"", "str:none");
	expect_eval("\"\"", "str:");
	expect_eval("\"a\\\"b\\\\c\"", "str:a\"b\\c");
	expect_eval("\"write back\" == \"write back\"", "bool:true");
	expect_eval("\"caf\xc3\xa9\"", "str:caf\xc3\xa9"); /* UTF-8 inside strings */
	expect_eval("\"a\\\"\" != \"a\"", "bool:true");
	/* white space, including continuation lines */
	expect_eval("\t1 +\n\r 2 ", "num:3");
	expect_eval("device.schedulers", "list:none, mq-deadline, kyber");
}

static void test_precedence(void **state)
{
	(void)state;
	expect_eval("1 + 2 * 3 == 7", "bool:true");
	expect_eval("2 * 3 + 1 == 7", "bool:true");
	expect_eval("1 + 2 * 3 == 9", "bool:false");
	expect_eval("true || false && false", "bool:true"); /* && binds tighter */
	expect_eval("(true || false) && false", "bool:false");
	expect_eval("!false && false", "bool:false"); /* ! binds tighter than && */
	expect_eval("!true || true", "bool:true");
	expect_eval("!(true && false)", "bool:true");
	expect_eval("!1 == 2", "bool:true"); /* ! takes the whole comparison */
	expect_eval("!!true", "bool:true");
	expect_eval("1 < 2 && 3 > 2 && 2 <= 2 && 2 >= 2 && 1 != 2 && !(1 == 2)", "bool:true");
	expect_eval("1 > 2 || 2 > 3 || 3 > 4", "bool:false");
	expect_eval("-2 * 3 < -5", "bool:true");
	expect_eval("1 + 1 in (2, 3)", "bool:true"); /* in is a comparison */
	expect_eval("!1 in (2, 3)", "bool:true");
	expect_eval("device.class == \"nvme\" && !device.rotational", "bool:true");
	expect_eval("flag.a || flag.b && flag.c", "bool:true");
}

static void test_comparisons(void **state)
{
	(void)state;
	expect_eval("1 < 2", "bool:true");
	expect_eval("2 <= 2", "bool:true");
	expect_eval("3 > 2", "bool:true");
	expect_eval("3 >= 4", "bool:false");
	expect_eval("-1 < 0", "bool:true");
	expect_eval("4KiB < 1MiB", "bool:true");
	expect_eval("device.raid.chunk == 512KiB", "bool:true");
	expect_eval("device.raid.chunk > 0", "bool:true");
	expect_eval("0 < device.raid.chunk", "bool:true");
	expect_eval("device.raid.chunk != 0", "bool:true");
	expect_eval("0B == 0", "bool:true");
	expect_eval("true == true", "bool:true");
	expect_eval("true != false", "bool:true");
	expect_eval("\"a\" == \"b\"", "bool:false");
	expect_eval("device.class != \"hdd\"", "bool:true");
	expect_eval("device.rotational == false", "bool:true");
}

static void test_in(void **state)
{
	(void)state;
	expect_eval("device.class in (\"nvme\", \"ssd\")", "bool:true");
	expect_eval("device.class in (\"hdd\")", "bool:false");
	expect_eval("device.class !in (\"hdd\", \"ssd\")", "bool:true");
	expect_eval("device.class !in (\"nvme\")", "bool:false");
	expect_eval("\"kyber\" in device.schedulers", "bool:true");
	expect_eval("\"bfq\" in device.schedulers", "bool:false");
	expect_eval("\"bfq\" !in device.schedulers", "bool:true");
	expect_eval("\"none\" !in device.schedulers", "bool:false");
	expect_eval("\"none\" in (device.schedulers)", "bool:true");
	expect_eval("4KiB in device.sizes", "bool:true");
	expect_eval("8KiB in device.sizes", "bool:false");
	expect_eval("0 in device.sizes", "bool:false");
	expect_eval("device.raid.chunk in (0, 512KiB)", "bool:true");
	expect_eval("device.raid.chunk in (4KiB, 8KiB)", "bool:false");
	expect_eval("2 in (1, 1 + 1)", "bool:true");
	expect_eval("true in (false, true)", "bool:true");
	expect_eval("1 in ()", "bool:false");
	expect_eval("1 !in ()", "bool:true");
	expect_eval("device.queue_depth in ()", "bool:false");
	/* unknown: x in (a, b) is x == a || x == b */
	expect_eval("device.queue_depth in (1, 2)", "unknown:device.queue_depth");
	expect_eval("device.queue_depth !in (1, 2)", "unknown:device.queue_depth");
	expect_eval("1 in (device.queue_depth, 1)", "bool:true");
	expect_eval("1 in (device.queue_depth, 2)", "unknown:device.queue_depth");
	expect_eval("1 !in (device.queue_depth, 1)", "bool:false");
	expect_eval("1 !in (device.queue_depth, 2)", "unknown:device.queue_depth");
	expect_eval("device.queue_depth * 1KiB in device.sizes", "unknown:device.queue_depth");
	expect_eval("\"none\" in unknown", "unknown:unknown");
}

static void test_functions(void **state)
{
	(void)state;
	expect_eval("min(3, 1, 2)", "num:1");
	expect_eval("max(3, 1, 2)", "num:3");
	expect_eval("min(5)", "num:5");
	expect_eval("max(-5, -7)", "num:-5");
	expect_eval("max(4KiB, 1MiB)", "size:1MiB");
	expect_eval("min(4KiB, 1MiB)", "size:4KiB");
	expect_eval("max(0, device.raid.chunk - 1MiB)", "size:0B");
	expect_eval("min(0, 4KiB)", "size:0B");
	expect_eval("min(0, 0)", "num:0");
	expect_eval("clamp(5, 1, 10)", "num:5");
	expect_eval("clamp(0, 1, 10)", "num:1");
	expect_eval("clamp(50, 1, 10)", "num:10");
	expect_eval("clamp(5, 5, 5)", "num:5");
	expect_eval("clamp(device.raid.chunk, 4KiB, 256KiB)", "size:256KiB");
	expect_eval("clamp(device.raid.chunk, 0, 1GiB)", "size:512KiB");
	expect_eval("round_pow2(1000)", "num:512");
	expect_eval("round_pow2(1)", "num:1");
	expect_eval("round_pow2(1024)", "num:1024");
	expect_eval("round_pow2(1025)", "num:1024");
	expect_eval("round_pow2(9223372036854775807)", "num:4611686018427387904");
	expect_eval("round_pow2(768KiB)", "size:512KiB");
	expect_eval("round_pow2(device.raid.chunk * 3)", "size:1MiB");
	expect_eval("exists(device.class)", "bool:true");
	expect_eval("exists(device.queue_depth)", "bool:false");
	expect_eval("exists(profile.shared)", "bool:false");
	expect_eval("exists(unknown)", "bool:false");
	expect_eval("exists(device.schedulers)", "bool:true");
	expect_eval("exists(device.queue_depth + 1)", "bool:false");
	expect_eval("!exists(device.queue_depth) || device.queue_depth > 1", "bool:true");
	expect_eval("min(max(1, 2), clamp(7, 0, 3))", "num:2");
	/* unknown arguments */
	expect_eval("min(device.queue_depth, 1)", "unknown:device.queue_depth");
	expect_eval("max(1, device.queue_depth)", "unknown:device.queue_depth");
	expect_eval("clamp(device.queue_depth, 1, 2)", "unknown:device.queue_depth");
	expect_eval("clamp(1, device.queue_depth, 2)", "unknown:device.queue_depth");
	expect_eval("clamp(1, 2, device.queue_depth)", "unknown:device.queue_depth");
	expect_eval("clamp(device.queue_depth, 10, 1)", "unknown:device.queue_depth");
	expect_eval("round_pow2(device.queue_depth)", "unknown:device.queue_depth");
	expect_eval("min(unknown, 1) + 1", "unknown:unknown");
}

static void set_tri(int id, int v)
{
	st_value_clear(&facts[id]);
	if (v < 0)
		st_value_set_unknown(&facts[id], NULL);
	else
		st_value_set_bool(&facts[id], v);
}

static void test_kleene(void **state)
{
	/* operands: true, false, unknown; results T, F or U */
	static const char *const lit[] = { "true", "false", "unknown" };
	static const char and_t[3][3] = { { 'T', 'F', 'U' }, { 'F', 'F', 'F' }, { 'U', 'F', 'U' } };
	static const char or_t[3][3] = { { 'T', 'T', 'T' }, { 'T', 'F', 'U' }, { 'T', 'U', 'U' } };
	static const char not_t[3] = { 'F', 'T', 'U' };

	(void)state;
	for (int a = 0; a < 3; a++) {
		for (int b = 0; b < 3; b++) {
			for (int op = 0; op < 2; op++) {
				char r = op ? or_t[a][b] : and_t[a][b];
				const char *want_lit = r == 'T' ? "bool:true" : r == 'F' ? "bool:false"
									    : "unknown:unknown";
				/* with facts the reason names the first unknown operand */
				const char *want_id = r == 'T' ? "bool:true" : r == 'F' ? "bool:false"
								   : a == 2 ? "unknown:flag.a" : "unknown:flag.b";
				char *t = st_xasprintf("%s %s %s", lit[a], op ? "||" : "&&", lit[b]);

				expect_eval(t, want_lit);
				free(t);
				set_tri(ID_A, a == 2 ? -1 : a == 0);
				set_tri(ID_B, b == 2 ? -1 : b == 0);
				expect_eval(op ? "flag.a || flag.b" : "flag.a && flag.b", want_id);
			}
		}
		{
			char *t = st_xasprintf("!%s", lit[a]);

			expect_eval(t, not_t[a] == 'T' ? "bool:true"
				    : not_t[a] == 'F' ? "bool:false" : "unknown:unknown");
			set_tri(ID_A, a == 2 ? -1 : a == 0);
			expect_eval("!flag.a", not_t[a] == 'T' ? "bool:true"
				    : not_t[a] == 'F' ? "bool:false" : "unknown:flag.a");
			free(t);
		}
	}
	/* three operands: unknown decides nothing when another one does */
	set_tri(ID_A, -1);
	set_tri(ID_B, 0);
	set_tri(ID_C, 1);
	expect_eval("flag.a && flag.b && flag.c", "bool:false");
	expect_eval("flag.a || flag.b || flag.c", "bool:true");
	expect_eval("flag.a || flag.b", "unknown:flag.a");
	expect_eval("flag.c && flag.a", "unknown:flag.a");
	expect_eval("flag.a || flag.b && flag.c", "unknown:flag.a");
	expect_eval("(flag.a || flag.c) && flag.c", "bool:true");
	set_tri(ID_A, 1);
	set_tri(ID_B, 1);
	set_tri(ID_C, 1);
	/* short circuits: a decided result skips errors and failing lookups */
	expect_eval("false && 1 / 0 == 1", "bool:false");
	expect_eval("true || device.bad == 1", "bool:true");
	expect_eval("unknown && false && device.bad == 1", "bool:false");
}

static void test_unknown_propagation(void **state)
{
	(void)state;
	expect_eval("device.queue_depth", "unknown:device.queue_depth");
	expect_eval("device.queue_depth + 1", "unknown:device.queue_depth");
	expect_eval("1 + device.queue_depth", "unknown:device.queue_depth");
	expect_eval("device.queue_depth * 0", "unknown:device.queue_depth");
	expect_eval("-device.queue_depth", "unknown:device.queue_depth");
	expect_eval("device.queue_depth > 4", "unknown:device.queue_depth");
	expect_eval("4 > device.queue_depth", "unknown:device.queue_depth");
	expect_eval("device.queue_depth == device.queue_depth", "unknown:device.queue_depth");
	/* the lookup's own reason is kept */
	expect_eval("!profile.shared", "unknown:profile.shared (no profile)");
	expect_eval("profile.shared && device.queue_depth > 1", "unknown:profile.shared (no profile)");
	expect_eval("device.queue_depth > 1 && profile.shared", "unknown:device.queue_depth");
	expect_eval("unknown + 1", "unknown:unknown");
	expect_eval("unknown == 1", "unknown:unknown");
	/* an unknown operand hides a later run-time error: nothing to compute */
	expect_eval("device.queue_depth / 0", "unknown:device.queue_depth");
	expect_eval("device.queue_depth > 1 || device.class == \"nvme\"", "bool:true");
	expect_eval("device.queue_depth > 1 && device.class == \"hdd\"", "bool:false");
}

static void test_scopes(void **state)
{
	(void)state;
	expect_eval_in(SC_MOUNT, "mount.fstype == \"ext4\" && device.class == \"nvme\"", "bool:true");
	expect_eval_in(SC_SYSTEM, "mem.total >= 16GiB", "bool:true");
	expect_compile_err_in(SC_DEVICE, "mount.fstype == \"xfs\"", -EINVAL,
			      "'mount.fstype' is not available in a device rule", true);
	expect_compile_err_in(SC_SYSTEM, "mem.total > 0 && device.class == \"x\"", -EINVAL,
			      "'device.class' is not available in a system rule", true);
}

static void test_identifier_errors(void **state)
{
	(void)state;
	expect_compile_msg("device.clas == \"nvme\"",
			   "unknown identifier 'device.clas' (did you mean 'device.class'?)");
	expect_compile_msg("device.queue_dpeth > 1",
			   "unknown identifier 'device.queue_dpeth' (did you mean 'device.queue_depth'?)");
	expect_compile_msg("frobnicate > 1", "unknown identifier 'frobnicate'");
	expect_compile_msg("mx(1, 2)", "unknown function 'mx' (did you mean 'max'?)");
	expect_compile_msg("roundpow2(5)", "unknown function 'roundpow2' (did you mean 'round_pow2'?)");
	expect_compile_msg("frobnicate(1)", "unknown function 'frobnicate'");
	expect_compile_msg("device.class(1)", "unknown function 'device.class'");
	expect_compile_msg("min + 1", "expected '(' after 'min' at column 4");
}

static void test_arity_errors(void **state)
{
	(void)state;
	expect_compile_msg("min()", "min() needs at least 1 argument in 'min()'");
	expect_compile_err("max()", "max() needs at least 1 argument");
	expect_compile_msg("clamp(1, 2)", "clamp() takes 3 arguments (x, lo, hi), got 2 in 'clamp(1, 2)'");
	expect_compile_err("clamp(1, 2, 3, 4)", "clamp() takes 3 arguments (x, lo, hi), got 4");
	expect_compile_err("round_pow2(1, 2)", "round_pow2() takes 1 argument, got 2");
	expect_compile_err("round_pow2()", "round_pow2() takes 1 argument, got 0");
	expect_compile_err("exists()", "exists() takes 1 argument, got 0");
	expect_compile_err("exists(device.class, device.class)", "exists() takes 1 argument, got 2");
}

static void test_type_errors(void **state)
{
	(void)state;
	/* comparisons */
	expect_compile_msg("device.class == 5", "cannot compare str with num in 'device.class == 5'");
	expect_compile_err("device.raid.chunk == 5", "cannot compare size with num");
	expect_compile_err("device.raid.chunk > 1", "cannot compare size with num");
	expect_compile_err("-0 < device.raid.chunk", "cannot compare num with size");
	expect_compile_err("device.rotational == 1", "cannot compare bool with num");
	expect_compile_err("device.schedulers == device.schedulers", "'==' cannot compare lists");
	expect_compile_err("device.schedulers != \"none\"", "'!=' cannot compare lists");
	expect_compile_err("\"a\" < \"b\"", "'<' cannot order str values in '\"a\" < \"b\"'");
	expect_compile_err("true >= false", "'>=' cannot order bool values");
	/* arithmetic */
	expect_compile_msg("1 + \"a\"", "cannot apply '+' to num and str in '1 + \"a\"'");
	expect_compile_err("4KiB + 1", "cannot apply '+' to size and num");
	expect_compile_err("1 - 4KiB", "cannot apply '-' to num and size");
	expect_compile_err("4KiB * 4KiB", "cannot apply '*' to size and size");
	expect_compile_err("1 / 4KiB", "cannot apply '/' to num and size");
	expect_compile_msg("4KiB % 3", "cannot apply '%' to size and num in '4KiB % 3'");
	expect_compile_err("3 % 4KiB", "cannot apply '%' to num and size");
	expect_compile_msg("1 + 2 + device.rotational > 0",
			   "cannot apply '+' to num and bool in '1 + 2 + device.rotational'");
	expect_compile_err("(1 + 2) * device.schedulers",
			   "cannot apply '*' to num and list of str in '(1 + 2) * device.schedulers'");
	expect_compile_msg("-device.class", "cannot negate str in '-device.class'");
	expect_compile_err("-true", "cannot negate bool");
	/* logic */
	expect_compile_msg("!1", "'!' needs a bool, got num in '!1'");
	expect_compile_msg("device.rotational && 1",
			   "'&&' needs bool operands, got num in 'device.rotational && 1'");
	expect_compile_msg("1 || true", "'||' needs bool operands, got num in '1'");
	expect_compile_err("true && \"x\"", "'&&' needs bool operands, got str");
	/* in */
	expect_compile_msg("device.class in (\"nvme\", 5)",
			   "'in' list element 2 is num, not str in 'device.class in (\"nvme\", 5)'");
	expect_compile_err("device.class !in (1)", "'!in' list element 1 is num, not str");
	expect_compile_err("device.raid.chunk in (4KiB, 1)", "'in' list element 2 is num, not size");
	expect_compile_err("5 in device.schedulers", "cannot look for num in a list of str");
	expect_compile_err("5 in 5", "'in' needs a list on the right, got num");
	expect_compile_err("device.schedulers in (\"a\")",
			   "'in' needs a single value on the left, got list of str");
	expect_compile_err("\"a\" in (device.schedulers, \"b\")", "'in' list element 1 is list of str");
	/* functions */
	expect_compile_err("min(1, \"a\")", "min() needs num or size arguments, got str");
	expect_compile_err("max(true)", "max() needs num or size arguments, got bool");
	expect_compile_err("max(1, 4KiB)", "max() cannot mix num and size arguments");
	expect_compile_err("clamp(4KiB, 1, 2)", "clamp() cannot mix num and size arguments");
	expect_compile_err("round_pow2(\"a\")", "round_pow2() needs a num or size, got str");
	expect_compile_err("round_pow2(device.schedulers)", "got list of str");
	/* the error is in the sub-expression, wherever it is */
	expect_compile_err("true && (1 + 2 == device.class)", "cannot compare num with str");
}

static void test_syntax_errors(void **state)
{
	(void)state;
	expect_compile_msg("\"abc", "unterminated string starting at column 1");
	expect_compile_msg("device.class == \"nvme", "unterminated string starting at column 17");
	expect_compile_msg("\"abc\\", "unterminated string starting at column 1");
	expect_compile_msg("\"a\\nb\"", "unknown escape at column 3 (only \\\" and \\\\ are allowed)");
	expect_compile_msg("\"a\nb\"", "control character 0x0a in a string at column 3");
	expect_compile_msg("1 @ 2", "unexpected '@' at column 3");
	expect_compile_msg("1 = 1", "unexpected '=' at column 3 (did you mean '=='?)");
	expect_compile_msg("true & false", "unexpected '&' at column 6 (did you mean '&&'?)");
	expect_compile_msg("true | false", "unexpected '|' at column 6 (did you mean '||'?)");
	expect_compile_msg("1 + 2 3", "trailing input at column 7");
	expect_compile_msg("true false", "trailing input at column 6");
	expect_compile_msg("(1 + 2)) ", "trailing input at column 8");
	expect_compile_msg("", "empty expression");
	expect_compile_msg("  \n\t ", "empty expression");
	expect_compile_msg("(1 + 2", "expected ')' at column 7");
	expect_compile_msg("(device.raid.chunk > 4KiB && mem.total < 1GiB", "expected ')' at column 46");
	expect_compile_msg("min(1, 2", "expected ',' or ')' at column 9");
	expect_compile_msg("min(1 2)", "expected ',' or ')' at column 7");
	expect_compile_msg("1 in (1, 2", "expected ',' or ')' at column 11");
	expect_compile_msg("1 in (1,)", "unexpected ')' at column 9");
	expect_compile_msg("1 +", "unexpected end of expression at column 4");
	expect_compile_msg("1 + * 2", "unexpected '*' at column 5");
	expect_compile_msg("foo", "unknown identifier 'foo'");
	expect_compile_msg("1 + foo", "unknown identifier 'foo'");
	expect_compile_msg("+1", "unexpected '+' at column 1");
	expect_compile_msg("()", "unexpected ')' at column 2");
	expect_compile_msg("!in (1)", "unexpected 'in' at column 2");
	expect_compile_msg("1 +\x01 2", "control character 0x01 at column 4");
	expect_compile_msg("1 +\x7f", "control character 0x7f at column 4");
	expect_compile_err("device.class == \xe2\x80\x9cnvme\xe2\x80\x9d",
			   "non-ASCII byte 0xe2 at column 17");
	expect_compile_msg("device. == 1", "unexpected '.' at column 7");
	expect_compile_msg("1.5", "unexpected '.' at column 2");
	expect_compile_msg("64KB", "unknown unit 'KB' in '64KB' at column 1 (did you mean 'KiB'?)");
	expect_compile_msg("1 + 64xyz", "unknown unit 'xyz' in '64xyz' at column 5");
	expect_compile_msg("5in (1)", "unknown unit 'in' in '5in' at column 1");
	expect_compile_msg("0x", "bad number '0x' at column 1");
	expect_compile_msg("0x1g", "bad number '0x1g' at column 1");
	expect_compile_msg("1 < 2 < 3", "unexpected '<' at column 7 (comparisons do not chain: use &&)");
	expect_compile_err("1 == 1 in (true)", "comparisons do not chain");
	/* errors come in reading order: the parser stops before the bad byte */
	expect_compile_msg("1 + ) @", "unexpected ')' at column 5");
	expect_compile_msg("(1 + 2 @", "unexpected '@' at column 8");
}

static void test_number_limits(void **state)
{
	(void)state;
	expect_compile_msg("9223372036854775808", "number too large: '9223372036854775808'");
	expect_compile_msg("1 + 9999999999GiB", "number too large: '9999999999GiB'");
	expect_compile_msg("99999999999999999999999", "number too large: '99999999999999999999999'");
	expect_compile_msg("8388608TiB", "number too large: '8388608TiB'");
	expect_compile_msg("8589934592G", "number too large: '8589934592G'");
	expect_compile_msg("0x8000000000000000", "number too large: '0x8000000000000000'");
	expect_eval("8589934591G", "size:8589934591GiB");
}

static void test_nesting_limits(void **state)
{
	char *t;

	(void)state;
	t = nest("(", ST_EXPR_MAX_DEPTH, "1", ")");
	expect_eval(t, "num:1");
	free(t);
	t = nest("(", ST_EXPR_MAX_DEPTH + 1, "1", ")");
	expect_compile_err_in(SC_DEVICE, t, -E2BIG, "expression nested deeper than 64 levels", true);
	free(t);
	t = nest("(", 10000, "1", ")");
	expect_compile_err_in(SC_DEVICE, t, -E2BIG, "expression nested deeper than 64 levels", true);
	free(t);
	t = repeat("(", 10000);
	expect_compile_err_in(SC_DEVICE, t, -E2BIG, "nested deeper than 64 levels", false);
	free(t);
	t = nest("!", ST_EXPR_MAX_DEPTH, "true", "");
	expect_eval(t, "bool:true");
	free(t);
	t = nest("!", ST_EXPR_MAX_DEPTH + 1, "true", "");
	expect_compile_err_in(SC_DEVICE, t, -E2BIG, "nested deeper than 64 levels", false);
	free(t);
	t = nest("!", 10000, "true", "");
	expect_compile_err_in(SC_DEVICE, t, -E2BIG, "nested deeper than 64 levels", false);
	free(t);
	t = nest("-", 10000, "1", "");
	expect_compile_err_in(SC_DEVICE, t, -E2BIG, "nested deeper than 64 levels", false);
	free(t);
	t = nest("min(", ST_EXPR_MAX_DEPTH, "1", ")");
	expect_eval(t, "num:1");
	free(t);
	t = nest("min(1, ", ST_EXPR_MAX_DEPTH + 1, "1", ")");
	expect_compile_err_in(SC_DEVICE, t, -E2BIG, "nested deeper than 64 levels", false);
	free(t);
	t = nest("1 in (", ST_EXPR_MAX_DEPTH + 1, "1", ")");
	expect_compile_err_in(SC_DEVICE, t, -E2BIG, "nested deeper than 64 levels", false);
	free(t);
	/* each kind of nesting counts towards the one limit */
	t = nest("!(", ST_EXPR_MAX_DEPTH / 2, "true", ")");
	expect_eval(t, "bool:true");
	free(t);
	t = nest("!(", ST_EXPR_MAX_DEPTH / 2 + 1, "true", ")");
	expect_compile_err_in(SC_DEVICE, t, -E2BIG, "nested deeper than 64 levels", false);
	free(t);
	t = nest("(-", ST_EXPR_MAX_DEPTH / 2, "1", ")");
	expect_eval(t, "num:1");
	free(t);
	t = nest("(-", ST_EXPR_MAX_DEPTH / 2 + 1, "1", ")");
	expect_compile_err_in(SC_DEVICE, t, -E2BIG, "nested deeper than 64 levels", false);
	free(t);
}

static void test_length_limits(void **state)
{
	char *t, *body;

	(void)state;
	/* long flat chains are not nesting: 2048 terms in exactly 4096 characters */
	body = repeat("+1", 2047);
	t = st_xasprintf("1%s ", body);
	free(body);
	assert_int_equal(strlen(t), ST_EXPR_MAX_LEN);
	expect_eval(t, "num:2048");
	free(t);
	body = repeat(" && true", 500);
	t = st_xasprintf("true%s && false", body);
	free(body);
	expect_eval(t, "bool:false");
	free(t);
	/* one character too many */
	body = repeat("+1", 2047);
	t = st_xasprintf("1%s  ", body);
	free(body);
	expect_compile_msg(t, "expression longer than 4096 characters");
	free(t);
	/* 100k characters: never lexed past the limit */
	body = repeat("1 + ", 25000);
	t = st_xasprintf("%s1", body);
	free(body);
	assert_int_equal(strlen(t), 100001);
	expect_compile_msg(t, "expression longer than 4096 characters");
	free(t);
	body = repeat("x", 100000);
	t = st_xasprintf("device.class == \"%s\"", body);
	free(body);
	expect_compile_msg(t, "expression longer than 4096 characters");
	free(t);
	body = repeat("7", 100000);
	expect_compile_msg(body, "expression longer than 4096 characters");
	free(body);
	body = repeat("a", 100000);
	expect_compile_msg(body, "expression longer than 4096 characters");
	free(body);
	/* a long name is quoted short */
	body = repeat("a", 200);
	expect_compile_err(body, "unknown identifier 'aaaaaaaaaa");
	expect_compile_err(body, "aaa...'");
	free(body);
	/* long source in messages is cut short */
	body = repeat("1 + ", 100);
	t = st_xasprintf("%s\"x\"", body);
	free(body);
	expect_compile_err(t, "to num and str in '1 + 1 + ");
	expect_compile_err(t, "...'");
	free(t);
}

static void test_runtime_errors(void **state)
{
	struct st_expr *e;
	struct st_value v;

	(void)state;
	expect_eval_err("9223372036854775807 + 1", -EINVAL,
			"integer overflow in '9223372036854775807 + 1'");
	expect_eval_err("-9223372036854775807 - 2", -EINVAL, "integer overflow");
	expect_eval_err("4611686018427387904 * 2", -EINVAL, "integer overflow");
	expect_eval_err("8388607TiB * 2", -EINVAL, "integer overflow in '8388607TiB * 2'");
	expect_eval_err("8388607TiB + 1TiB", -EINVAL, "integer overflow");
	expect_eval_err("(-9223372036854775807 - 1) / -1", -EINVAL, "integer overflow");
	expect_eval_err("-(-9223372036854775807 - 1)", -EINVAL,
			"integer overflow in '-(-9223372036854775807 - 1)'");
	expect_eval_err("mem.total / 0", -EINVAL, "division by zero in 'mem.total / 0'");
	expect_eval_err("1 + 10 / (5 - 5)", -EINVAL, "division by zero in '10 / (5 - 5)'");
	expect_eval_err("1MiB / (4KiB - 4KiB)", -EINVAL, "division by zero");
	expect_eval_err("1 % 0", -EINVAL, "modulo by zero in '1 % 0'");
	expect_eval_err("4KiB % 0B", -EINVAL, "modulo by zero");
	expect_eval_err("clamp(5, 10, 1)", -EINVAL,
			"clamp() lower bound 10 is above upper bound 1 in 'clamp(5, 10, 1)'");
	expect_eval_err("clamp(4KiB, 64KiB, 8KiB)", -EINVAL,
			"lower bound 64KiB is above upper bound 8KiB");
	expect_eval_err("round_pow2(0)", -EINVAL, "round_pow2 of a non-positive value in 'round_pow2(0)'");
	expect_eval_err("round_pow2(-4KiB)", -EINVAL, "round_pow2 of a non-positive value");
	expect_eval_err("exists(1 / 0)", -EINVAL, "division by zero");
	expect_eval_err("1 in (2, 1 / 0)", -EINVAL, "division by zero");
	expect_eval_err("min(1, 2 % 0)", -EINVAL, "modulo by zero");
	expect_eval_err("device.bad + 1", -EIO, "cannot read 'device.bad': Input/output error");
	expect_eval_err("device.lie == 1", -EINVAL, "'device.lie' should be num but its value is str");
	expect_eval_err("flag.a && device.bad > 1", -EIO, "cannot read 'device.bad'");
	/* errmsg is optional */
	e = compile_ok(SC_DEVICE, "1 / 0");
	assert_int_equal(st_expr_eval(e, lookup, facts, &v, NULL), -EINVAL);
	st_expr_free(e);
}

static void test_expr_api(void **state)
{
	struct st_expr *e;
	struct st_value v;
	int ids[8];
	char *err;

	(void)state;
	e = compile_ok(SC_DEVICE, "device.class == \"nvme\"");
	assert_int_equal(st_expr_type(e), ST_V_BOOL);
	assert_string_equal(st_expr_text(e), "device.class == \"nvme\"");
	st_expr_free(e);
	e = compile_ok(SC_DEVICE, "device.schedulers");
	assert_int_equal(st_expr_type(e), ST_V_LIST);
	assert_int_equal(st_expr_elem_type(e), ST_V_STR);
	st_expr_free(e);
	e = compile_ok(SC_DEVICE, "device.raid.chunk * 2");
	assert_int_equal(st_expr_type(e), ST_V_SIZE);
	assert_int_equal(st_expr_elem_type(e), ST_V_UNKNOWN);
	st_expr_free(e);
	e = compile_ok(SC_DEVICE, "1MiB / 4KiB");
	assert_int_equal(st_expr_type(e), ST_V_NUM);
	st_expr_free(e);
	e = compile_ok(SC_DEVICE, "\"none\"");
	assert_int_equal(st_expr_type(e), ST_V_STR);
	st_expr_free(e);
	e = compile_ok(SC_DEVICE, "unknown");
	assert_int_equal(st_expr_type(e), ST_V_UNKNOWN);
	st_expr_free(e);
	e = compile_ok(SC_DEVICE, "device.class in (\"a\") && exists(device.raid.chunk)");
	assert_int_equal(st_expr_type(e), ST_V_BOOL);
	st_expr_free(e);

	/* symbols: each once, in reading order */
	e = compile_ok(SC_DEVICE, "device.raid.chunk > 0 && device.class == \"md\" && "
				  "device.raid.chunk < 1MiB && mem.total > 0");
	assert_int_equal(st_expr_symbols(e, ids, ST_ARRAY_SIZE(ids)), 3);
	assert_int_equal(ids[0], ID_CHUNK);
	assert_int_equal(ids[1], ID_CLASS);
	assert_int_equal(ids[2], ID_MEM);
	ids[1] = -1;
	assert_int_equal(st_expr_symbols(e, ids, 1), 3);
	assert_int_equal(ids[1], -1);
	assert_int_equal(st_expr_symbols(e, NULL, 0), 3);
	st_expr_free(e);
	e = compile_ok(SC_DEVICE, "1 + 1");
	assert_int_equal(st_expr_symbols(e, ids, ST_ARRAY_SIZE(ids)), 0);
	st_expr_free(e);

	/* no lookup: every fact is unknown, named */
	e = compile_ok(SC_DEVICE, "device.class == \"x\" || 1 > 2");
	err = NULL;
	assert_int_equal(st_expr_eval(e, NULL, NULL, &v, &err), 0);
	assert_null(err);
	assert_int_equal(v.type, ST_V_UNKNOWN);
	assert_string_equal(v.why_unknown, "device.class");
	st_expr_free(e);

	/* an expression evaluates again and again, with the same result */
	e = compile_ok(SC_DEVICE, "device.schedulers");
	for (int i = 0; i < 3; i++) {
		assert_int_equal(st_expr_eval(e, lookup, facts, &v, NULL), 0);
		assert_true(st_value_equal(&v, &facts[ID_SCHEDS]));
		st_value_clear(&v);
	}
	st_expr_free(e);

	/* errmsg is optional; *out is reset on failure */
	e = (struct st_expr *)&e;
	assert_int_equal(st_expr_compile("1 +", &symtab, SC_DEVICE, &e, NULL), -EINVAL);
	assert_null(e);
	assert_int_equal(st_expr_compile(NULL, &symtab, SC_DEVICE, &e, &err), -EINVAL);
	assert_string_equal(err, "empty expression");
	free(err);
	/* no symbol table: every identifier is unknown to it */
	assert_int_equal(st_expr_compile("a.b", NULL, 0, &e, &err), -EINVAL);
	assert_string_equal(err, "unknown identifier 'a.b'");
	free(err);
	st_expr_free(NULL);
}

static void test_value_format(void **state)
{
	static const struct {
		int64_t n;
		const char *want;
	} sizes[] = {
		{ 65536, "64KiB" },
		{ 1536, "1536B" },
		{ 0, "0B" },
		{ 1, "1B" },
		{ 1024, "1KiB" },
		{ 3 * 1024 * 1024, "3MiB" },
		{ INT64_C(1) << 30, "1GiB" },
		{ INT64_C(3) << 40, "3TiB" },
		{ INT64_C(1) << 50, "1024TiB" },
		{ (INT64_C(1) << 30) + 1024, "1048577KiB" },
		{ -65536, "-64KiB" },
		{ INT64_MAX, "9223372036854775807B" },
		{ INT64_MIN, "-8388608TiB" },
	};
	struct st_value v, item, l;
	char *s;

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(sizes); i++) {
		st_value_set_size(&v, sizes[i].n);
		s = st_value_format(&v);
		assert_string_equal(s, sizes[i].want);
		free(s);
	}
	st_value_set_bool(&v, true);
	s = st_value_format(&v);
	assert_string_equal(s, "true");
	free(s);
	st_value_set_bool(&v, false);
	s = st_value_format(&v);
	assert_string_equal(s, "false");
	free(s);
	st_value_set_num(&v, -5);
	s = st_value_format(&v);
	assert_string_equal(s, "-5");
	free(s);
	st_value_set_num(&v, 65536); /* a num is never shown with a unit */
	s = st_value_format(&v);
	assert_string_equal(s, "65536");
	free(s);
	st_value_set_unknown(&v, "device.queue_depth");
	s = st_value_format(&v);
	assert_string_equal(s, "unknown");
	free(s);
	st_value_set_str(&v, "none");
	s = st_value_format(&v);
	assert_string_equal(s, "none");
	free(s);
	st_value_clear(&v);

	st_value_set_list(&l, ST_V_STR);
	s = st_value_format(&l);
	assert_string_equal(s, "");
	free(s);
	st_value_set_str(&item, "none");
	st_value_list_push(&l, &item);
	st_value_clear(&item);
	st_value_set_str(&item, "mq-deadline");
	st_value_list_push(&l, &item);
	st_value_clear(&item);
	s = st_value_format(&l);
	assert_string_equal(s, "none, mq-deadline");
	free(s);
	st_value_clear(&l);
	s = st_value_format(&facts[ID_SIZES]);
	assert_string_equal(s, "4KiB, 64KiB");
	free(s);
	assert_string_equal(st_vtype_name(ST_V_SIZE), "size");
	assert_string_equal(st_vtype_name(ST_V_LIST), "list");
	assert_string_equal(st_vtype_name(ST_V_UNKNOWN), "unknown");
}

static void test_value_equal_copy(void **state)
{
	struct st_value a, b, c;

	(void)state;
	st_value_set_str(&a, "nvme");
	st_value_set_str(&b, "nvme");
	assert_true(st_value_equal(&a, &b));
	st_value_clear(&b);
	st_value_set_str(&b, "ssd");
	assert_false(st_value_equal(&a, &b));
	st_value_clear(&a);
	st_value_clear(&b);
	st_value_set_num(&a, 4096);
	st_value_set_size(&b, 4096);
	assert_false(st_value_equal(&a, &b)); /* the type is part of the value */
	st_value_set_size(&a, 4096);
	assert_true(st_value_equal(&a, &b));
	st_value_set_bool(&a, true);
	st_value_set_bool(&b, false);
	assert_false(st_value_equal(&a, &b));
	st_value_set_unknown(&a, "x");
	st_value_set_unknown(&b, "y");
	assert_true(st_value_equal(&a, &b));

	/* deep copies: the copy outlives its source */
	st_value_copy(&a, &facts[ID_SCHEDS]);
	assert_true(st_value_equal(&a, &facts[ID_SCHEDS]));
	st_value_copy(&b, &a);
	st_value_clear(&a);
	assert_true(st_value_equal(&b, &facts[ID_SCHEDS]));
	assert_int_equal(b.elem, ST_V_STR);
	st_value_set_str(&c, "kyber");
	assert_true(st_value_equal(&b.items[2], &c));
	st_value_clear(&c);
	st_value_set_str(&c, "bfq");
	st_value_list_push(&b, &c);
	assert_false(st_value_equal(&b, &facts[ID_SCHEDS]));
	assert_int_equal(b.nitems, 4);
	assert_int_equal(facts[ID_SCHEDS].nitems, 3);
	st_value_clear(&c);
	st_value_clear(&b);
	assert_int_equal(b.type, ST_V_UNKNOWN);
	assert_null(b.items);
	st_value_clear(NULL);
}

static void test_parse_size(void **state)
{
	int64_t n = 7;
	bool unit = false;

	(void)state;
	assert_int_equal(st_parse_size("64KiB", &n, &unit), 0);
	assert_true(n == 65536 && unit);
	assert_int_equal(st_parse_size("4k", &n, &unit), 0);
	assert_true(n == 4096 && unit);
	assert_int_equal(st_parse_size("512", &n, &unit), 0);
	assert_true(n == 512 && !unit);
	assert_int_equal(st_parse_size("512B", &n, &unit), 0);
	assert_true(n == 512 && unit);
	assert_int_equal(st_parse_size("1G", &n, &unit), 0);
	assert_true(n == INT64_C(1) << 30);
	assert_int_equal(st_parse_size("2TiB", &n, &unit), 0);
	assert_true(n == INT64_C(2) << 40);
	assert_int_equal(st_parse_size("8M", &n, NULL), 0);
	assert_true(n == 8 << 20);
	assert_int_equal(st_parse_size("0x10", &n, &unit), 0);
	assert_true(n == 16 && !unit);
	assert_int_equal(st_parse_size(" 128\n", &n, &unit), 0); /* as sysfs gives it */
	assert_true(n == 128 && !unit);
	assert_int_equal(st_parse_size("0", &n, &unit), 0);
	assert_true(n == 0);
	assert_int_equal(st_parse_size("9223372036854775807", &n, &unit), 0);
	assert_true(n == INT64_MAX);
	n = 7;
	assert_int_equal(st_parse_size("64 KiB", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("  ", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("abc", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("KiB", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("-1", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("+1", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("1.5G", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("64KB", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("64kib", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("0x10k", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("0x", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("4k4", &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size(NULL, &n, &unit), -EINVAL);
	assert_int_equal(st_parse_size("9223372036854775808", &n, &unit), -ERANGE);
	assert_int_equal(st_parse_size("9999999999GiB", &n, &unit), -ERANGE);
	assert_int_equal(st_parse_size("8388608TiB", &n, &unit), -ERANGE);
	assert_int_equal(st_parse_size("0x8000000000000000", &n, &unit), -ERANGE);
	assert_true(n == 7); /* untouched on error */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_symtab_sorted),
		cmocka_unit_test(test_arithmetic),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_comparisons),
		cmocka_unit_test(test_in),
		cmocka_unit_test(test_functions),
		cmocka_unit_test(test_kleene),
		cmocka_unit_test(test_unknown_propagation),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_identifier_errors),
		cmocka_unit_test(test_arity_errors),
		cmocka_unit_test(test_type_errors),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_number_limits),
		cmocka_unit_test(test_nesting_limits),
		cmocka_unit_test(test_length_limits),
		cmocka_unit_test(test_runtime_errors),
		cmocka_unit_test(test_expr_api),
		cmocka_unit_test(test_value_format),
		cmocka_unit_test(test_value_equal_copy),
		cmocka_unit_test(test_parse_size),
	};

	return cmocka_run_group_tests(tests, setup_facts, teardown_facts);
}
