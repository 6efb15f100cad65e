/*
 * html_int.h - what the HTML report's section writers (html_*.c) share with
 * the page (html.c): reading JSON members that may be missing or null, and
 * appending escaped text.  Every string that comes from the machine, the
 * rules or a saved file goes through h_esc() (st_xml_escape).
 */
#ifndef ST_HTML_INT_H
#define ST_HTML_INT_H

#include <stdbool.h>

#include "st_html.h"
#include "st_json.h"
#include "st_svg.h"
#include "st_util.h"

struct json_object *h_get(struct json_object *o, const char *key);
/* a number member, NAN when missing, null or not a number */
double h_num(struct json_object *o, const char *key);
/* a string member, NULL when missing or not a string */
const char *h_str(struct json_object *o, const char *key);
bool h_bool(struct json_object *o, const char *key);
/* array length (0 for anything else) and element */
size_t h_len(struct json_object *a);
struct json_object *h_at(struct json_object *a, size_t i);

void h_esc(struct st_buf *b, const char *s);
/* <tag class="cls">text</tag>, text escaped; cls NULL: no class */
void h_tag(struct st_buf *b, const char *tag, const char *cls, const char *text);
/* appends the svg's text and frees it */
void h_svg(struct st_buf *b, struct st_svg *s);
/* a <th>/<td> row of a key-value table; value escaped */
void h_row(struct st_buf *b, const char *key, const char *value);

/* numbers for people: 12345 -> "12,345"; decimals as given */
void h_fmt(double v, int decimals, char *buf, size_t len);
/* bytes as "1.5 GB" (10^3 steps, as MB/s), "-" for NAN */
void h_bytes(double v, char *buf, size_t len);

/* a doc's label: its file name, or "this run" */
const char *h_label(const struct st_report_doc *d);

/* The sections, each for n docs of its kind (n >= 1). */
void st_html_bench(struct st_buf *b, const struct st_report_doc *d, size_t n);
void st_html_validation(struct st_buf *b, const struct st_report_doc *d, size_t n);
void st_html_observe(struct st_buf *b, const struct st_report_doc *d, size_t n);
/* probe: the tree to hang advice on, or NULL */
void st_html_advise(struct st_buf *b, const struct st_report_doc *d, size_t n,
		    const struct st_report_doc *probe);
void st_html_probe(struct st_buf *b, const struct st_report_doc *d, size_t n);

#endif
