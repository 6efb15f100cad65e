/*
 * st_json.h - the json-c idioms every JSON writer here shares: a string
 * member that is null when unknown, an unsigned count (json-c's integers
 * are signed 64-bit), and the one output format (pretty, a space after ':',
 * '/' not escaped) that tests and scripts read.
 */
#ifndef ST_JSON_H
#define ST_JSON_H

#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>

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
