/*
 * jsonw.c - owns the JSON writer of st_jsonw.h: one description of a
 * document, written as text while it is described or built as a json-c
 * tree.
 *
 * The text is json-c's ST_JSON_FLAGS layout (json-c 0.16's
 * json_object_object_to_json_string and friends): a container opens with
 * its bracket and a newline, members are separated by ",\n" and indented
 * two spaces a level, a container with members closes on its own line, an
 * empty one as "{\n<indent>}".  Strings are escaped as json_escape_str
 * escapes them, '/' left alone.  tests/test_jsonw.c holds json-c's printer
 * as the oracle of every rule here.
 */
#include <errno.h>
#include <string.h>

#include "st_json.h"
#include "st_jsonw.h"

static const char spaces[] = "                                "; /* 32 */

static void put(struct st_jw *w, const char *s, size_t n)
{
	fwrite_unlocked(s, 1, n, w->out);
}

static void put_indent(struct st_jw *w, unsigned level)
{
	for (size_t n = 2 * (size_t)level; n > 0;) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		put(w, spaces, k);
		n -= k;
	}
}

static void put_escaped(struct st_jw *w, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char u[7];
		const char *esc;

		switch (c) {
		case '\b': esc = "\\b"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\f': esc = "\\f"; break;
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		default:
			if (c >= ' ')
				continue;
			snprintf(u, sizeof(u), "\\u00%c%c", "0123456789abcdef"[c >> 4],
				 "0123456789abcdef"[c & 0xf]);
			esc = u;
		}
		put(w, run, (size_t)(s - run));
		put(w, esc, strlen(esc));
		run = s + 1;
	}
	put(w, run, (size_t)(s - run));
}

/* Text: what comes before a value at the current depth, up to the value: a
 * key only inside an object (a NULL one is ""), as the tree does. */
static void put_prefix(struct st_jw *w, const char *key)
{
	if (w->depth == 0)
		return;
	if (w->more[w->depth])
		put(w, ",\n", 2);
	w->more[w->depth] = true;
	put_indent(w, w->depth);
	if (!w->array[w->depth]) {
		put(w, "\"", 1);
		put_escaped(w, key ? key : "");
		put(w, "\": ", 3);
	}
}

/* Tree: v into the innermost open container, or as the document. */
static void add(struct st_jw *w, const char *key, struct json_object *v)
{
	struct json_object *parent;

	if (w->depth == 0) {
		json_object_put(w->root);
		w->root = v;
		return;
	}
	parent = w->open[w->depth];
	if (json_object_is_type(parent, json_type_array))
		json_object_array_add(parent, v);
	else
		json_object_object_add_ex(parent, key ? key : "", v, JSON_C_OBJECT_ADD_KEY_IS_NEW);
}

void st_jw_init_text(struct st_jw *w, FILE *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	flockfile(out);
}

void st_jw_init_tree(struct st_jw *w)
{
	memset(w, 0, sizeof(*w));
}

static void open_container(struct st_jw *w, const char *key, bool array)
{
	if (w->dropped || w->depth == ST_JW_MAX_DEPTH) {
		w->dropped++;
		w->too_deep = true;
		return;
	}
	if (w->out) {
		put_prefix(w, key);
		put(w, array ? "[\n" : "{\n", 2);
	} else {
		struct json_object *c = array ? json_object_new_array() : json_object_new_object();

		add(w, key, c);
		w->open[w->depth + 1] = c;
	}
	w->depth++;
	w->more[w->depth] = false;
	w->array[w->depth] = array;
}

void st_jw_object(struct st_jw *w, const char *key)
{
	open_container(w, key, false);
}

void st_jw_array(struct st_jw *w, const char *key)
{
	open_container(w, key, true);
}

void st_jw_end(struct st_jw *w)
{
	if (w->dropped) {
		w->dropped--;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->out) {
		if (w->more[w->depth])
			put(w, "\n", 1);
		put_indent(w, w->depth - 1);
		put(w, w->array[w->depth] ? "]" : "}", 1);
	}
	w->open[w->depth] = NULL;
	w->depth--;
}

/* Text: a value as it is written; tree: v (made by the caller for it). */
static void value(struct st_jw *w, const char *key, const char *text, size_t n, struct json_object *v)
{
	if (w->out) {
		put_prefix(w, key);
		put(w, text, n);
	} else {
		add(w, key, v);
	}
}

void st_jw_str(struct st_jw *w, const char *key, const char *s)
{
	if (w->dropped)
		return;
	if (!s) {
		st_jw_null(w, key);
	} else if (w->out) {
		put_prefix(w, key);
		put(w, "\"", 1);
		put_escaped(w, s);
		put(w, "\"", 1);
	} else {
		add(w, key, json_object_new_string(s));
	}
}

void st_jw_u64(struct st_jw *w, const char *key, uint64_t v)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t x = v;

	if (w->dropped)
		return;
	do {
		*--p = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	value(w, key, p, (size_t)(buf + sizeof(buf) - p), w->out ? NULL : json_object_new_uint64(v));
}

void st_jw_bool(struct st_jw *w, const char *key, bool v)
{
	if (!w->dropped)
		value(w, key, v ? "true" : "false", v ? 4 : 5, w->out ? NULL : json_object_new_boolean(v));
}

void st_jw_null(struct st_jw *w, const char *key)
{
	if (!w->dropped)
		value(w, key, "null", 4, NULL);
}

int st_jw_finish(struct st_jw *w, struct json_object **tree)
{
	int rc = w->too_deep ? -E2BIG : 0;

	while (w->depth || w->dropped)
		st_jw_end(w);
	if (w->out) {
		if (ferror_unlocked(w->out) && rc == 0)
			rc = -EIO;
		funlockfile(w->out);
		if (tree)
			*tree = NULL;
	} else if (tree) {
		*tree = w->root;
	} else {
		json_object_put(w->root);
	}
	w->root = NULL;
	return rc;
}
