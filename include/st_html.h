/*
 * st_html.h - the HTML report: one self-contained page (inline CSS and SVG,
 * no script, no network, no external font) drawn from the JSON objects the
 * commands print with --json, so that `CMD --report F.html` and `stortune
 * report SAVED.json... -o F.html` go through the same renderer.
 *
 * The kind of each object is told by its keys: bench (lat_us, workload),
 * validation (groups, alpha: bench --ab, apply --validate), observe (an
 * array of observe's JSON Lines objects: interval_s, devices), advise
 * (recommendations) and probe (devices, system: the tree advise is drawn
 * on).  Several objects of one kind are shown side by side.
 */
#ifndef ST_HTML_H
#define ST_HTML_H

#include <stddef.h>

struct json_object;

enum st_report_kind {
	ST_REPORT_BENCH,
	ST_REPORT_VALIDATION,
	ST_REPORT_OBSERVE,
	ST_REPORT_ADVISE,
	ST_REPORT_PROBE,
	ST_REPORT_NR /* not a stortune report */
};

const char *st_report_kind_name(enum st_report_kind k);
enum st_report_kind st_report_kind_of(struct json_object *o);

/* One input of a page: the object (borrowed) and its label (the file's
 * name, or NULL for "this run"). */
struct st_report_doc {
	struct json_object *o;
	const char *name;
};

/* The page (the caller frees it).  docs of unknown kind are skipped. */
char *st_html_render(const struct st_report_doc *docs, size_t n);

/* The page written to path atomically (a temporary file next to it, then
 * rename): a reader never sees half a report.  Errors are printed, naming
 * the file; 0 or -errno. */
int st_html_write(const char *path, const struct st_report_doc *docs, size_t n);

/*
 * A saved --json output: one JSON object, or JSON Lines (observe --json),
 * which become an array of the objects.  Errors are printed: json-c's with
 * the file name and line, or "FILE: not a stortune JSON report"; 0 or
 * -errno (-EINVAL for the content).
 */
int st_report_load(const char *path, struct json_object **out);

#endif
