/*
 * html.c - owns the HTML report's page: which kind of stortune JSON each
 * input is, the page around the sections (head, inline CSS for screen,
 * phone and print, no script), loading saved JSON files and writing the
 * page atomically.  The sections are drawn by html_bench.c, html_ab.c,
 * html_observe.c and html_advise.c, from the JSON alone, with the helpers
 * of html_util.c (apart, so that no two files use each other).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "html_int.h"
#include "st_log.h"

/* Saved reports larger than this are not ours (a 60 s bench is ~100 KB;
 * an observe of a day at 1 s on 20 devices ~ 600 MB is not a page). */
#define MAX_JSON_BYTES (256u << 20)

static const char *const kind_names[ST_REPORT_NR + 1] = {
	[ST_REPORT_BENCH] = "bench",     [ST_REPORT_VALIDATION] = "validation",
	[ST_REPORT_OBSERVE] = "observe", [ST_REPORT_ADVISE] = "advise",
	[ST_REPORT_PROBE] = "probe",     [ST_REPORT_NR] = "unknown",
};

const char *st_report_kind_name(enum st_report_kind k)
{
	return kind_names[k <= ST_REPORT_NR ? k : ST_REPORT_NR];
}

static bool has(struct json_object *o, const char *k)
{
	return json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, k, NULL);
}

enum st_report_kind st_report_kind_of(struct json_object *o)
{
	if (json_object_is_type(o, json_type_array)) {
		struct json_object *first = h_at(o, 0);

		return first && has(first, "interval_s") && has(first, "devices") ? ST_REPORT_OBSERVE
										  : ST_REPORT_NR;
	}
	if (has(o, "lat_us") && has(o, "workload"))
		return ST_REPORT_BENCH;
	if (has(o, "groups") && has(o, "alpha"))
		return ST_REPORT_VALIDATION;
	if (has(o, "recommendations") && has(o, "profile"))
		return ST_REPORT_ADVISE;
	if (has(o, "devices") && has(o, "system"))
		return ST_REPORT_PROBE;
	return ST_REPORT_NR;
}

/* The page ---------------------------------------------------------------- */

/* Screen first, one column on a phone; SVGs scale with their container
 * (viewBox, width 100%); printed: no backgrounds behind text, no page
 * breaks inside a chart.  The colours are the same in every chart: A blue,
 * B orange, and the risks green, amber, red. */
static const char css[] =
	":root{--a:#1f6fb4;--b:#d95f02;--ok:#1b7f4a;--warn:#a86500;--bad:#c0392b;--mute:#666;}\n"
	"*{box-sizing:border-box}\n"
	"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#1a1a1a;"
	"margin:0 auto;padding:1rem;max-width:72rem;background:#fff}\n"
	"h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.25rem;margin:2rem 0 .5rem;"
	"border-bottom:2px solid #ddd}h3{font-size:1.05rem;margin:1.4rem 0 .4rem}\n"
	"p.meta,.mute{color:var(--mute)}\n"
	"table{border-collapse:collapse;margin:.4rem 0;font-size:.9rem}\n"
	"th,td{text-align:left;padding:.15rem .6rem .15rem 0;vertical-align:top}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"table.grid td,table.grid th{border-bottom:1px solid #eee;padding-left:.4rem}\n"
	".wrap{overflow-x:auto}\n"
	".chart{margin:.3rem 0 1rem;max-width:52rem}\n"
	".cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:0 1.5rem}\n"
	"svg{display:block;height:auto;font-family:inherit}\n"
	"svg .grid{stroke:#e6e6e6;stroke-width:1}svg .axis{stroke:#444;stroke-width:1}\n"
	"svg .tick{font-size:10px;fill:#444}svg .label{font-size:11px;fill:#222}\n"
	"svg .bar{fill:#4c7fb8}svg .bar-tail{fill:#9bb8d8}\n"
	"svg .pct{stroke:#c0392b;stroke-width:1.2;stroke-dasharray:4 3}svg .pcttext{font-size:10px;"
	"fill:#c0392b}\n"
	"svg .s0,svg .a{stroke:var(--a);fill:var(--a)}svg .s1,svg .b{stroke:var(--b);fill:var(--b)}\n"
	"svg .s2{stroke:#1b9e77;fill:#1b9e77}svg .s3{stroke:#7570b3;fill:#7570b3}"
	"svg .s4{stroke:#e7298a;fill:#e7298a}svg .s5{stroke:#66a61e;fill:#66a61e}\n"
	"svg polyline{stroke-width:1.6;fill:none!important}svg .thin{stroke-width:1}\n"
	"svg .dash{stroke-dasharray:5 3}\n"
	"svg .hollow{fill:#fff;stroke-width:1.5}\n"
	"svg .med{stroke-width:2;fill:none}\n"
	"svg .blk{fill:#f4f4f4;stroke:none}\n"
	"svg .sat{fill:#f3c2bd;stroke:none;opacity:.6}\n"
	"svg .band{fill:#e8e8e8;stroke:none}svg .zero{stroke:#444;stroke-width:1}\n"
	"svg .ci-improved{stroke:var(--ok);fill:var(--ok)}svg .ci-regressed{stroke:var(--bad);"
	"fill:var(--bad)}svg .ci-none{stroke:#555;fill:#555}\n"
	"svg .cibar{stroke-width:4}\n"
	"svg .lg{fill:var(--a)}svg .ph{fill:var(--b)}svg .val{font-size:10px;fill:#222}\n"
	".legend span{display:inline-block;margin-right:1rem;font-size:.85rem}\n"
	".sw{font-weight:400;margin-right:.3em}.sw.a,.sw.s0,.sw.lg{color:var(--a)}"
	".sw.b,.sw.s1,.sw.ph{color:var(--b)}.sw.s2{color:#1b9e77}.sw.s3{color:#7570b3}"
	".sw.s4{color:#e7298a}.sw.s5{color:#66a61e}.sw.sat{color:#f3c2bd}\n"
	".verdict{font-weight:600;padding:.3rem .6rem;border-left:4px solid #999;background:#f7f7f7}\n"
	".v-improved{border-color:var(--ok)}.v-regressed{border-color:var(--bad)}"
	".v-skipped{border-color:#ccc;color:var(--mute)}\n"
	"ul.tree{list-style:none;padding-left:0;margin:.3rem 0}ul.tree ul{list-style:none;"
	"padding-left:1.3rem;border-left:1px dotted #bbb;margin-left:.4rem}\n"
	"ul.tree li{margin:.25rem 0}\n"
	".dev{font-weight:600}.dev code{font-weight:400}\n"
	"details{margin:.25rem 0 .25rem .2rem;padding:.2rem .5rem;border-left:4px solid #999;"
	"background:#fafafa}\n"
	"details.risk-none{border-color:var(--ok)}details.risk-low{border-color:var(--warn)}"
	"details.risk-durability{border-color:var(--bad)}\n"
	"summary{cursor:pointer}\n"
	".badge{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:.6rem;color:#fff;"
	"margin-right:.4rem;background:#888}\n"
	".badge.risk-none{background:var(--ok)}.badge.risk-low{background:var(--warn)}"
	".badge.risk-durability{background:var(--bad)}.badge.advice{background:#555}\n"
	"pre{background:#f2f2f2;padding:.4rem .6rem;overflow-x:auto;white-space:pre-wrap;"
	"word-break:break-all;font-size:.85rem}\n"
	"code{font-size:.9em}\n"
	"footer{margin-top:2rem;color:var(--mute);font-size:.8rem}\n"
	"@media (max-width:40rem){body{font-size:14px;padding:.5rem}.cols{display:block}"
	"th,td{padding-right:.3rem}}\n"
	"@media print{body{max-width:none;font-size:10pt;padding:0}h2{break-after:avoid}"
	".chart,table,details{break-inside:avoid}a{color:inherit;text-decoration:none}"
	"details{background:none}.verdict{background:none}}\n";

static const char *kind_title(enum st_report_kind k)
{
	switch (k) {
	case ST_REPORT_BENCH: return "Benchmark";
	case ST_REPORT_VALIDATION: return "A/B validation";
	case ST_REPORT_OBSERVE: return "Observed I/O";
	case ST_REPORT_ADVISE: return "Advice";
	case ST_REPORT_PROBE: return "Devices";
	default: return "Report";
	}
}

char *st_html_render(const struct st_report_doc *docs, size_t n)
{
	struct st_buf b = { 0 };
	struct st_report_doc *by[ST_REPORT_NR];
	size_t nby[ST_REPORT_NR] = { 0 };
	const struct st_report_doc *probe = NULL;
	char title[160] = "";
	bool named = false;

	for (int k = 0; k < ST_REPORT_NR; k++)
		by[k] = st_xcalloc(n ? n : 1, sizeof(*by[k]));
	for (size_t i = 0; i < n; i++) {
		enum st_report_kind k = st_report_kind_of(docs[i].o);

		if (k < ST_REPORT_NR)
			by[k][nby[k]++] = docs[i];
	}
	if (nby[ST_REPORT_PROBE])
		probe = &by[ST_REPORT_PROBE][0];
	for (int k = 0; k < ST_REPORT_NR; k++) {
		if (!nby[k] || (k == ST_REPORT_PROBE && nby[ST_REPORT_ADVISE]))
			continue;
		snprintf(title + strlen(title), sizeof(title) - strlen(title), "%s%s", *title ? ", " : "",
			 kind_title((enum st_report_kind)k));
	}
	st_buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			"<title>stortune: ");
	h_esc(&b, *title ? title : "empty report");
	st_buf_addf(&b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>stortune: ", css);
	h_esc(&b, *title ? title : "empty report");
	st_buf_adds(&b, "</h1>\n");
	for (size_t i = 0; i < n; i++)
		named |= docs[i].name != NULL;
	if (named) {
		st_buf_adds(&b, "<p class=\"meta\">From ");
		for (size_t i = 0; i < n; i++) {
			if (i)
				st_buf_adds(&b, i + 1 == n ? " and " : ", ");
			h_tag(&b, "code", NULL, h_label(&docs[i]));
		}
		st_buf_adds(&b, ".</p>\n");
	}
	st_buf_adds(&b, "</header>\n<main>\n");
	if (nby[ST_REPORT_BENCH])
		st_html_bench(&b, by[ST_REPORT_BENCH], nby[ST_REPORT_BENCH]);
	if (nby[ST_REPORT_VALIDATION])
		st_html_validation(&b, by[ST_REPORT_VALIDATION], nby[ST_REPORT_VALIDATION]);
	if (nby[ST_REPORT_OBSERVE])
		st_html_observe(&b, by[ST_REPORT_OBSERVE], nby[ST_REPORT_OBSERVE]);
	if (nby[ST_REPORT_ADVISE])
		st_html_advise(&b, by[ST_REPORT_ADVISE], nby[ST_REPORT_ADVISE], probe);
	else if (nby[ST_REPORT_PROBE])
		st_html_probe(&b, by[ST_REPORT_PROBE], nby[ST_REPORT_PROBE]);
	if (!n)
		st_buf_adds(&b, "<p>Nothing to show.</p>\n");
	st_buf_adds(&b, "</main>\n<footer>Written by stortune from its JSON output; the same page comes "
			"from <code>stortune report FILE.json... -o FILE.html</code>.</footer>\n</body>\n</html>\n");
	for (int k = 0; k < ST_REPORT_NR; k++)
		free(by[k]);
	return st_buf_steal(&b);
}

/* Writing and loading ----------------------------------------------------- */

static int write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t w = write(fd, s, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

int st_html_write(const char *path, const struct st_report_doc *docs, size_t n)
{
	char *page = st_html_render(docs, n);
	char *tmp = st_xasprintf("%s.XXXXXX", path);
	mode_t mask;
	int fd, r;

	fd = mkstemp(tmp);
	if (fd < 0) {
		r = -errno;
		st_err("%s: cannot create the report: %s", path, strerror(-r));
		free(tmp);
		free(page);
		return r;
	}
	/* as a plain creat(2) would: 0666 less the umask, not mkstemp's 0600 */
	mask = umask(0);
	umask(mask);
	r = fchmod(fd, 0666 & ~mask) < 0 ? -errno : 0;
	if (r == 0)
		r = write_all(fd, page, strlen(page));
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		st_err("%s: write failed: %s", path, strerror(-r));
		unlink(tmp);
	}
	free(tmp);
	free(page);
	return r;
}

static unsigned line_of(const char *text, size_t off)
{
	unsigned line = 1;

	for (size_t i = 0; i < off && text[i]; i++)
		line += text[i] == '\n';
	return line;
}

int st_report_load(const char *path, struct json_object **out)
{
	struct json_tokener *tok;
	struct json_object *all = json_object_new_array(), *one;
	const char *why;
	char *text;
	size_t len, off = 0;
	int r;

	*out = NULL;
	r = st_read_file(path, MAX_JSON_BYTES, &text, &len, &why);
	if (r < 0) {
		st_err("%s: %s: %s", path, why, strerror(-r));
		json_object_put(all);
		return r;
	}
	tok = json_tokener_new();
	for (;;) {
		off += strspn(text + off, " \t\r\n");
		if (off >= len)
			break;
		json_tokener_reset(tok);
		one = json_tokener_parse_ex(tok, text + off, (int)(len - off));
		if (!one) {
			enum json_tokener_error e = json_tokener_get_error(tok);
			/* still waiting for more: the error is at the end */
			size_t at = e == json_tokener_continue ? len : off + json_tokener_get_parse_end(tok);

			st_err("%s:%u: not JSON: %s", path, line_of(text, at),
			       e == json_tokener_success ? "null is not a report"
			       : e == json_tokener_continue ? "unexpected end of file"
							    : json_tokener_error_desc(e));
			r = -EINVAL;
			break;
		}
		json_object_array_add(all, one);
		off += json_tokener_get_parse_end(tok);
	}
	json_tokener_free(tok);
	free(text);
	if (r == 0 && h_len(all) == 1) {
		*out = json_object_get(h_at(all, 0));
	} else if (r == 0 && h_len(all) > 1) {
		*out = json_object_get(all);
	}
	json_object_put(all);
	if (r == 0 && (!*out || st_report_kind_of(*out) == ST_REPORT_NR)) {
		st_err("%s: not a stortune JSON report", path);
		json_object_put(*out);
		*out = NULL;
		r = -EINVAL;
	}
	/* JSON Lines of anything but observe's intervals: each must be one */
	if (r == 0 && json_object_is_type(*out, json_type_array)) {
		for (size_t i = 0; i < h_len(*out); i++) {
			struct json_object *iv = h_at(*out, i);

			if (!has(iv, "interval_s") || !has(iv, "devices")) {
				st_err("%s: object %zu: not an observe interval like the first", path, i + 1);
				json_object_put(*out);
				*out = NULL;
				return -EINVAL;
			}
		}
	}
	return r;
}
