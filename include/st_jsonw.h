/*
 * st_jsonw.h - one description of a JSON document, two renderings: written
 * out as it is described, in the ST_JSON_FLAGS layout byte for byte as
 * json-c prints it, or built as a json-c tree for in-process users (the
 * HTML report, tests).  The probe document is described once, in
 * report_probe.c; `probe --json` streams it, so no json-c object is
 * allocated, hashed, printed and freed for each attribute of each device
 * (json-c took a fifth of the live probe's instructions: callgrind).
 *
 * A value is named by key inside an object (NULL stands for ""); inside an
 * array and for the outermost value the key is ignored.  Containers nest up to ST_JW_MAX_DEPTH;
 * deeper values are left out and st_jw_finish() says -E2BIG.
 */
#ifndef ST_JSONW_H
#define ST_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json_object;

#define ST_JW_MAX_DEPTH 96

struct st_jw {
	FILE *out;    /* written here; NULL: a json-c tree is built */
	unsigned depth;   /* containers open */
	unsigned dropped; /* containers open beyond ST_JW_MAX_DEPTH */
	bool too_deep;
	bool more[ST_JW_MAX_DEPTH + 1];  /* text: a member written at depth */
	bool array[ST_JW_MAX_DEPTH + 1]; /* text: the container at depth is an array */
	struct json_object *open[ST_JW_MAX_DEPTH + 1]; /* tree: the containers open */
	struct json_object *root;                      /* tree: the outermost value */
};

/* Text to out (the caller ends the document with its newline), or a tree. */
void st_jw_init_text(struct st_jw *w, FILE *out);
void st_jw_init_tree(struct st_jw *w);

void st_jw_object(struct st_jw *w, const char *key);
void st_jw_array(struct st_jw *w, const char *key);
void st_jw_end(struct st_jw *w); /* of the innermost open container */

void st_jw_str(struct st_jw *w, const char *key, const char *s); /* NULL: null */
void st_jw_u64(struct st_jw *w, const char *key, uint64_t v);
void st_jw_bool(struct st_jw *w, const char *key, bool v);
void st_jw_null(struct st_jw *w, const char *key);

/* 0, -E2BIG when values were left out for depth, -EIO when out had an
 * error; a tree's document goes to *tree (NULL for text). */
int st_jw_finish(struct st_jw *w, struct json_object **tree);

#endif
