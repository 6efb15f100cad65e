/*
 * html_observe.c - owns observe's part of the HTML report, drawn from its
 * JSON Lines (one object per interval): per device, r/s and w/s, request
 * sizes, await and aqu-sz over time, with the intervals observe judged
 * saturated (its "saturated" and "saturation" keys, observer.c) shaded and
 * explained, and the profile the I/O looked like.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "html_int.h"
#include "st_math.h"

/* intervals drawn per device at most: a day at 10 s */
#define MAX_IV 8640
/* devices shown per observe run at most */
#define MAX_DEV 64

struct dev {
	const char *name;
	struct json_object **row; /* per interval, NULL when absent */
};

static size_t devices(struct json_object *ivs, size_t niv, struct dev *d)
{
	size_t n = 0;

	for (size_t i = 0; i < niv; i++) {
		struct json_object *devs = h_get(h_at(ivs, i), "devices");

		for (size_t k = 0; k < h_len(devs); k++) {
			const char *name = h_str(h_at(devs, k), "name");
			size_t j;

			if (!name)
				continue;
			for (j = 0; j < n; j++)
				if (strcmp(d[j].name, name) == 0)
					break;
			if (j == n) {
				if (n == MAX_DEV)
					continue;
				d[n].name = name;
				d[n].row = st_xcalloc(niv, sizeof(*d[n].row));
				n++;
			}
			d[j].row[i] = h_at(devs, k);
		}
	}
	return n;
}

/* One chart of two members (k2 NULL: one) of a device over time. */
static void chart(struct st_buf *b, const struct dev *d, size_t niv, const double *t0, const double *t1,
		  const char *title, const char *k1, const char *k2, const char *ylabel)
{
	static const double margin[4] = { 52, 16, 20, 34 };
	double *x = st_xcalloc(niv, sizeof(double)), *y1 = st_xcalloc(niv, sizeof(double));
	double *y2 = st_xcalloc(niv, sizeof(double));
	double ymax = 0;
	struct st_svg s;
	struct st_plot p;
	char lab[96];

	for (size_t i = 0; i < niv; i++) {
		y1[i] = d->row[i] ? h_num(d->row[i], k1) : NAN;
		y2[i] = d->row[i] && k2 ? h_num(d->row[i], k2) : NAN;
		if (isfinite(y1[i]))
			ymax = st_m_fmax(ymax, y1[i]);
		if (isfinite(y2[i]))
			ymax = st_m_fmax(ymax, y2[i]);
	}
	snprintf(lab, sizeof(lab), "%s of %s over time", title, d->name);
	st_svg_begin(&s, 720, 150, lab);
	st_plot_init(&p, &s, margin, 0, t1[niv - 1], false, 0, ymax, false);
	for (size_t i = 0; i < niv; i++)
		if (d->row[i] && h_bool(d->row[i], "saturated"))
			st_plot_span(&s, &p, t0[i], t1[i], "sat", h_str(d->row[i], "saturation"));
	st_plot_axes(&s, &p, NULL, ylabel, NULL, NULL);
	for (size_t i = 0; i < niv; i++) {
		/* each interval's value drawn at its middle */
		x[i] = st_scale_map(&p.sx, (t0[i] + t1[i]) / 2);
		y1[i] = isfinite(y1[i]) ? st_scale_map(&p.sy, y1[i]) : NAN;
		y2[i] = isfinite(y2[i]) ? st_scale_map(&p.sy, y2[i]) : NAN;
	}
	st_svg_polyline(&s, x, y1, niv, "s0");
	if (k2)
		st_svg_polyline(&s, x, y2, niv, "s1");
	h_svg(b, &s);
	free(x);
	free(y1);
	free(y2);
}

static void one_device(struct st_buf *b, const struct dev *d, size_t niv, const double *t0, const double *t1)
{
	struct json_object *last = NULL;
	const char *first_sat = NULL;
	unsigned nsat = 0;
	char line[128];

	for (size_t i = 0; i < niv; i++) {
		if (!d->row[i])
			continue;
		last = d->row[i];
		if (h_bool(d->row[i], "saturated") && nsat++ == 0)
			first_sat = h_str(d->row[i], "saturation");
	}
	st_buf_adds(b, "<section>\n<h3>");
	h_tag(b, "code", NULL, d->name);
	if (last && h_str(last, "class")) {
		st_buf_adds(b, " <span class=\"mute\">");
		h_esc(b, h_str(last, "class"));
		if (h_str(last, "member_of")) {
			st_buf_adds(b, ", member of ");
			h_tag(b, "code", NULL, h_str(last, "member_of"));
		}
		if (h_str(last, "backing_device")) {
			st_buf_adds(b, ", backed by ");
			h_tag(b, "code", NULL, h_str(last, "backing_device"));
		}
		st_buf_adds(b, "</span>");
	}
	st_buf_adds(b, "</h3>\n<p class=\"meta\">");
	if (last && h_str(last, "pattern")) {
		st_buf_adds(b, "last interval: ");
		h_esc(b, h_str(last, "pattern"));
		if (isfinite(h_num(last, "read_pct"))) {
			snprintf(line, sizeof(line), ", %.0f%% reads", h_num(last, "read_pct"));
			h_esc(b, line);
		}
		if (h_str(last, "suggested_profile")) {
			st_buf_adds(b, ", looks like ");
			h_tag(b, "code", NULL, h_str(last, "suggested_profile"));
		}
		st_buf_adds(b, ". ");
	}
	if (nsat) {
		snprintf(line, sizeof(line), "Saturated in %u of %zu intervals (shaded)", nsat, niv);
		h_esc(b, line);
		if (first_sat) {
			st_buf_adds(b, "; first: ");
			h_esc(b, first_sat);
		}
		st_buf_adds(b, ".");
	} else {
		st_buf_adds(b, "Not saturated.");
	}
	st_buf_adds(b, "</p>\n<p class=\"legend\"><span><b class=\"sw s0\">&#9632;</b>reads</span><span><b class=\"sw s1\">&#9632;</b>"
		       "writes</span>");
	if (nsat)
		st_buf_adds(b, "<span><b class=\"sw sat\">&#9632;</b>saturated interval</span>");
	st_buf_adds(b, "</p>\n");
	chart(b, d, niv, t0, t1, "r/s and w/s", "r_s", "w_s", "requests per second");
	chart(b, d, niv, t0, t1, "request size", "rareq_sz", "wareq_sz", "average request (KiB)");
	chart(b, d, niv, t0, t1, "await", "r_await", "w_await", "await (ms)");
	chart(b, d, niv, t0, t1, "aqu-sz", "aqu_sz", NULL, "average queue (aqu-sz)");
	st_buf_adds(b, "</section>\n");
}

static void one_observe(struct st_buf *b, const struct st_report_doc *doc, bool several)
{
	struct json_object *ivs = doc->o, *ov;
	size_t niv = h_len(ivs) < MAX_IV ? h_len(ivs) : MAX_IV, nd;
	struct dev *d = st_xcalloc(MAX_DEV, sizeof(*d));
	double *t0 = st_xcalloc(niv, sizeof(double)), *t1 = st_xcalloc(niv, sizeof(double)), t = 0;
	char line[160];

	for (size_t i = 0; i < niv; i++) {
		double s = h_num(h_at(ivs, i), "interval_s");

		t0[i] = t;
		t += isfinite(s) && s > 0 ? s : 1;
		t1[i] = t;
	}
	nd = devices(ivs, niv, d);
	if (several) {
		st_buf_adds(b, "<h3 class=\"mute\">");
		h_esc(b, h_label(doc));
		st_buf_adds(b, "</h3>\n");
	}
	snprintf(line, sizeof(line), "%zu interval%s over %.1f s", niv, niv == 1 ? "" : "s", t);
	st_buf_adds(b, "<p class=\"meta\">");
	h_esc(b, line);
	ov = h_get(h_at(ivs, niv - 1), "overall");
	if (h_str(ov, "suggested_profile")) {
		st_buf_adds(b, "; the last interval's I/O looks like ");
		h_tag(b, "code", NULL, h_str(ov, "suggested_profile"));
	}
	if (h_str(ov, "evidence")) {
		st_buf_adds(b, " (");
		h_esc(b, h_str(ov, "evidence"));
		st_buf_adds(b, ")");
	}
	st_buf_adds(b, ". The x axes are seconds from the first sample.</p>\n");
	for (size_t i = 0; i < nd; i++) {
		one_device(b, &d[i], niv, t0, t1);
		free(d[i].row);
	}
	free(d);
	free(t0);
	free(t1);
}

void st_html_observe(struct st_buf *b, const struct st_report_doc *d, size_t n)
{
	st_buf_adds(b, "<h2>Observed I/O</h2>\n");
	for (size_t i = 0; i < n; i++)
		if (h_len(d[i].o))
			one_observe(b, &d[i], n > 1);
}
