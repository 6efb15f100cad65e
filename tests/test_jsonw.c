/*
 * test_jsonw.c - the JSON writer against json-c's own printer: each
 * document is described once, written as text and built as a tree, and the
 * text must equal json-c's ST_JSON_FLAGS rendering of the tree byte for
 * byte (escapes of every control character, quotes, backslashes, '/',
 * DEL and UTF-8; empty containers at several depths; nulls in arrays; the
 * largest integers), parse back, and say -E2BIG when nesting goes too deep
 * and -EIO when the stream fails.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "st_test.h"
#include "st_json.h"
#include "st_jsonw.h"

typedef void describe_fn(struct st_jw *w);

/* The text of the document, and json-c's rendering of its tree; both
 * return codes must be want_rc. */
static void check(describe_fn *describe, int want_rc)
{
	struct json_object *tree = NULL, *back;
	struct json_tokener *tok;
	char *text = NULL;
	size_t len = 0;
	struct st_jw w;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	st_jw_init_text(&w, f);
	describe(&w);
	assert_int_equal(st_jw_finish(&w, NULL), want_rc);
	assert_int_equal(fclose(f), 0);

	st_jw_init_tree(&w);
	describe(&w);
	assert_int_equal(st_jw_finish(&w, &tree), want_rc);
	assert_non_null(tree);
	if (strcmp(text, json_object_to_json_string_ext(tree, ST_JSON_FLAGS)) != 0)
		fail_msg("text:\n%s\njson-c:\n%s", text, json_object_to_json_string_ext(tree, ST_JSON_FLAGS));
	/* json-c's default parser stops at 32 levels */
	tok = json_tokener_new_ex(ST_JW_MAX_DEPTH + 1);
	assert_non_null(tok);
	back = json_tokener_parse_ex(tok, text, -1);
	json_tokener_free(tok);
	assert_non_null(back);
	assert_true(json_object_equal(back, tree));
	json_object_put(back);
	json_object_put(tree);
	free(text);
}

static void strings(struct st_jw *w)
{
	char all[128], key[] = "k\"e\\y/\n";

	for (int i = 1; i < 128; i++)
		all[i - 1] = (char)i;
	all[127] = '\0';
	st_jw_object(w, NULL);
	st_jw_str(w, "every ASCII byte", all);
	st_jw_str(w, key, "/a/b c");
	st_jw_str(w, "utf-8", "na\xc3\xafve \xe2\x82\xac \xf0\x9f\x92\xbe");
	st_jw_str(w, "empty", "");
	st_jw_str(w, "absent", NULL);
	st_jw_str(w, "", "empty key");
	st_jw_end(w);
}

static void test_strings(void **state)
{
	(void)state;
	check(strings, 0);
}

static void shapes(struct st_jw *w)
{
	st_jw_object(w, NULL);
	st_jw_object(w, "empty object");
	st_jw_end(w);
	st_jw_array(w, "empty array");
	st_jw_end(w);
	st_jw_array(w, "mixed");
	st_jw_null(w, NULL);
	st_jw_u64(w, NULL, 0);
	st_jw_u64(w, NULL, UINT64_MAX);
	st_jw_u64(w, NULL, (uint64_t)INT64_MAX + 1);
	st_jw_bool(w, NULL, true);
	st_jw_bool(w, NULL, false);
	st_jw_str(w, NULL, NULL);
	st_jw_array(w, NULL);
	st_jw_array(w, NULL);
	st_jw_end(w);
	st_jw_object(w, NULL);
	st_jw_object(w, "deeper");
	st_jw_end(w);
	st_jw_end(w);
	st_jw_end(w);
	st_jw_end(w);
	st_jw_u64(w, "after", 42);
	st_jw_end(w);
}

static void test_shapes(void **state)
{
	(void)state;
	check(shapes, 0);
}

/* An outermost array, and an outermost scalar. */
static void top_array(struct st_jw *w)
{
	st_jw_array(w, NULL);
	st_jw_str(w, NULL, "one");
	st_jw_end(w);
}

static void top_scalar(struct st_jw *w)
{
	st_jw_u64(w, NULL, 7);
}

/* Left open: st_jw_finish closes what is open. */
static void unclosed(struct st_jw *w)
{
	st_jw_object(w, NULL);
	st_jw_array(w, "a");
	st_jw_object(w, NULL);
	st_jw_bool(w, "x", true);
}

static void test_top_and_unclosed(void **state)
{
	(void)state;
	check(top_array, 0);
	check(top_scalar, 0);
	check(unclosed, 0);
}

/* Nested past the limit: the deep part is left out of both renderings
 * alike, the values after it are kept, and both say -E2BIG. */
static void too_deep(struct st_jw *w)
{
	st_jw_object(w, NULL);
	for (int i = 0; i < ST_JW_MAX_DEPTH + 10; i++) {
		st_jw_array(w, "a");
		st_jw_u64(w, NULL, (uint64_t)i);
	}
	for (int i = 0; i < ST_JW_MAX_DEPTH + 10; i++)
		st_jw_end(w);
	st_jw_str(w, "kept", "yes");
	st_jw_end(w);
}

static void test_too_deep(void **state)
{
	struct json_object *tree = NULL, *v = NULL;
	struct st_jw w;

	(void)state;
	check(too_deep, -E2BIG);
	st_jw_init_tree(&w);
	too_deep(&w);
	assert_int_equal(st_jw_finish(&w, &tree), -E2BIG);
	assert_true(json_object_object_get_ex(tree, "kept", &v));
	assert_string_equal(json_object_get_string(v), "yes");
	json_object_put(tree);
}

/* A stream that cannot be written: -EIO, not silence. */
static void test_write_error(void **state)
{
	struct st_jw w;
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	st_jw_init_text(&w, f);
	shapes(&w);
	assert_int_equal(st_jw_finish(&w, NULL), -EIO);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_top_and_unclosed),
		cmocka_unit_test(test_too_deep),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
