/*
 * st_json.h - json-c for stortune: the library loaded when first needed,
 * and the idioms every JSON writer here shares: a string member that is
 * null when unknown, an unsigned count (json-c's integers are signed
 * 64-bit), and the one output format (pretty, a space after ':', '/' not
 * escaped) that tests and scripts read.
 *
 * The program does not link json-c (st_dl.h): each json-c function below
 * is a macro for its pointer in st_jsonc()'s table, loaded on first use, so
 * code calls json-c by its own names; a function missing from
 * ST_JSONC_SYMBOLS fails to link.  probe, text or --json (streamed by
 * st_jsonw.h), loads none of it.
 */
#ifndef ST_JSON_H
#define ST_JSON_H

#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>

/* every json-c function stortune calls (json_object_object_foreach calls
 * json_object_get_object) */
#define ST_JSONC_SYMBOLS(X) \
	X(json_object_array_add) \
	X(json_object_array_get_idx) \
	X(json_object_array_length) \
	X(json_object_get) \
	X(json_object_get_boolean) \
	X(json_object_get_double) \
	X(json_object_get_int) \
	X(json_object_get_int64) \
	X(json_object_get_object) \
	X(json_object_get_string) \
	X(json_object_is_type) \
	X(json_object_new_array) \
	X(json_object_new_boolean) \
	X(json_object_new_double) \
	X(json_object_new_double_s) \
	X(json_object_new_int) \
	X(json_object_new_int64) \
	X(json_object_new_object) \
	X(json_object_new_string) \
	X(json_object_new_uint64) \
	X(json_object_object_add) \
	X(json_object_object_add_ex) \
	X(json_object_object_get_ex) \
	X(json_object_put) \
	X(json_object_to_json_string_ext) \
	X(json_tokener_error_desc) \
	X(json_tokener_free) \
	X(json_tokener_get_error) \
	X(json_tokener_get_parse_end) \
	X(json_tokener_new) \
	X(json_tokener_parse_ex) \
	X(json_tokener_parse_verbose) \
	X(json_tokener_reset)

struct st_jsonc {
#define ST_JSONC_MEMBER(f) __typeof__(&f) f;
	ST_JSONC_SYMBOLS(ST_JSONC_MEMBER)
#undef ST_JSONC_MEMBER
};

const struct st_jsonc *st_jsonc(void);

#ifndef ST_DL_LOADER
#define json_object_array_add (st_jsonc()->json_object_array_add)
#define json_object_array_get_idx (st_jsonc()->json_object_array_get_idx)
#define json_object_array_length (st_jsonc()->json_object_array_length)
#define json_object_get (st_jsonc()->json_object_get)
#define json_object_get_boolean (st_jsonc()->json_object_get_boolean)
#define json_object_get_double (st_jsonc()->json_object_get_double)
#define json_object_get_int (st_jsonc()->json_object_get_int)
#define json_object_get_int64 (st_jsonc()->json_object_get_int64)
#define json_object_get_object (st_jsonc()->json_object_get_object)
#define json_object_get_string (st_jsonc()->json_object_get_string)
#define json_object_is_type (st_jsonc()->json_object_is_type)
#define json_object_new_array (st_jsonc()->json_object_new_array)
#define json_object_new_boolean (st_jsonc()->json_object_new_boolean)
#define json_object_new_double (st_jsonc()->json_object_new_double)
#define json_object_new_double_s (st_jsonc()->json_object_new_double_s)
#define json_object_new_int (st_jsonc()->json_object_new_int)
#define json_object_new_int64 (st_jsonc()->json_object_new_int64)
#define json_object_new_object (st_jsonc()->json_object_new_object)
#define json_object_new_string (st_jsonc()->json_object_new_string)
#define json_object_new_uint64 (st_jsonc()->json_object_new_uint64)
#define json_object_object_add (st_jsonc()->json_object_object_add)
#define json_object_object_add_ex (st_jsonc()->json_object_object_add_ex)
#define json_object_object_get_ex (st_jsonc()->json_object_object_get_ex)
#define json_object_put (st_jsonc()->json_object_put)
#define json_object_to_json_string_ext (st_jsonc()->json_object_to_json_string_ext)
#define json_tokener_error_desc (st_jsonc()->json_tokener_error_desc)
#define json_tokener_free (st_jsonc()->json_tokener_free)
#define json_tokener_get_error (st_jsonc()->json_tokener_get_error)
#define json_tokener_get_parse_end (st_jsonc()->json_tokener_get_parse_end)
#define json_tokener_new (st_jsonc()->json_tokener_new)
#define json_tokener_parse_ex (st_jsonc()->json_tokener_parse_ex)
#define json_tokener_parse_verbose (st_jsonc()->json_tokener_parse_verbose)
#define json_tokener_reset (st_jsonc()->json_tokener_reset)
#endif

#define ST_JSON_FLAGS                                                                              \
	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)

static inline struct json_object *st_json_str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* An unsigned count, saturated at INT64_MAX. */
static inline struct json_object *st_json_u64(uint64_t v)
{
	return json_object_new_int64(v > INT64_MAX ? INT64_MAX : (int64_t)v);
}

/* Prints o in ST_JSON_FLAGS form and a newline, and drops the reference. */
static inline void st_json_write(FILE *out, struct json_object *o)
{
	fprintf(out, "%s\n", json_object_to_json_string_ext(o, ST_JSON_FLAGS));
	json_object_put(o);
}

#endif
