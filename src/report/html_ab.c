/*
 * html_ab.c - owns the A/B part of the HTML report, drawn from the
 * validation JSON of bench --ab and apply --validate: per change, the
 * trials of A and B as dots in run order (the discarded warm-up hollow,
 * blocks shaded alternately), their medians as lines, the ratio's 95%
 * interval against the smallest detectable effect, and the verdict in
 * words.  A file without "trials" (before they were recorded) shows
 * a_values and b_values in index order instead.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_int.h"
#include "st_math.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(struct json_object *vals)
{
	size_t n = h_len(vals), m = 0;
	double *v, r;

	if (!n)
		return NAN;
	v = st_xcalloc(n, sizeof(double));
	for (size_t i = 0; i < n; i++) {
		double x = json_object_get_double(h_at(vals, i));

		if (isfinite(x))
			v[m++] = x;
	}
	qsort(v, m, sizeof(double), cmp_double);
	r = m == 0 ? NAN : m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
	free(v);
	return r;
}

static const char *verdict_class(const char *v)
{
	if (!v)
		return "none";
	if (strcmp(v, "improved") == 0)
		return "improved";
	if (strcmp(v, "regressed") == 0)
		return "regressed";
	if (strcmp(v, "not measured") == 0)
		return "skipped";
	return "none";
}

/* The verdict in words: the producer's verdict_text, else made here from
 * the figures as the text output words it. */
static void verdict_words(struct st_buf *b, struct json_object *g)
{
	const char *text = h_str(g, "verdict_text"), *v = h_str(g, "verdict");
	double ratio = h_num(g, "ratio"), lo = h_num(g, "ci95_low"), hi = h_num(g, "ci95_high");
	double det = h_num(g, "detectable_effect"), p = h_num(g, "p");
	char line[320];

	st_buf_addf(b, "<p class=\"verdict v-%s\">", verdict_class(v));
	if (text) {
		h_esc(b, text);
	} else if (v && strcmp(v, "not measured") == 0) {
		snprintf(line, sizeof(line), "not measured");
		h_esc(b, line);
		if (h_str(g, "note")) {
			st_buf_adds(b, ": ");
			h_esc(b, h_str(g, "note"));
		}
	} else if (v && (strcmp(v, "improved") == 0 || strcmp(v, "regressed") == 0)) {
		snprintf(line, sizeof(line), "B %s by %+.1f%% (95%% CI %+.1f%% .. %+.1f%%, p %.3f)%s",
			 strcmp(v, "improved") == 0 ? "improved" : "regressed", (ratio - 1) * 100,
			 (lo - 1) * 100, (hi - 1) * 100, p, h_bool(g, "rolled_back") ? "; rolled back" : "");
		h_esc(b, line);
	} else if (isfinite(ratio)) {
		snprintf(line, sizeof(line), "no detectable change: %+.1f%% measured (95%% CI %+.1f%% .. %+.1f%%, "
			 "p %.2f); this run could detect %.0f%% or more", (ratio - 1) * 100, (lo - 1) * 100,
			 (hi - 1) * 100, p, det * 100);
		h_esc(b, line);
	} else {
		h_esc(b, v ? v : "?");
	}
	st_buf_adds(b, "</p>\n");
}

struct pt {
	double x, y;
	bool b, kept;
	char *tip;
};

static void trial_tip(struct pt *p, struct json_object *t, const char *metric)
{
	struct json_object *m = h_get(t, "mech");
	char rb[32], wb[32];

	h_bytes(h_num(m, "read_bytes"), rb, sizeof(rb));
	h_bytes(h_num(m, "write_bytes"), wb, sizeof(wb));
	p->tip = st_xasprintf("trial %.0f, block %.0f, %s: %.1f %s%s; device read %s, written %s, %.0f requests, "
			      "%.0f syncs", h_num(t, "order"), h_num(t, "block"), p->b ? "B" : "A", p->y,
			      metric ? metric : "", p->kept ? "" : " (warm-up, discarded)", rb, wb, h_num(m, "ios"),
			      h_num(m, "syncs"));
}

static void trials_chart(struct st_buf *b, struct json_object *g)
{
	static const double margin[4] = { 58, 16, 22, 40 };
	struct json_object *tr = h_get(g, "trials"), *av = h_get(g, "a_values"), *bv = h_get(g, "b_values");
	const char *metric = h_str(g, "metric");
	size_t n = 0, cap = h_len(tr) ? h_len(tr) : h_len(av) + h_len(bv);
	struct pt *pts;
	double ymin = INFINITY, ymax = -INFINITY, xmax = 0, ma = median(av), mb = median(bv);
	bool by_order = h_len(tr) > 0;
	struct st_svg s;
	struct st_plot p;
	char lab[96];

	if (!cap)
		return;
	pts = st_xcalloc(cap, sizeof(*pts));
	if (by_order) {
		for (size_t i = 0; i < h_len(tr); i++) {
			struct json_object *t = h_at(tr, i);
			const char *arm = h_str(t, "arm");

			if (!isfinite(h_num(t, "value")))
				continue;
			pts[n] = (struct pt){ .x = isfinite(h_num(t, "order")) ? h_num(t, "order") : (double)i,
					      .y = h_num(t, "value"), .b = arm && strcmp(arm, "B") == 0,
					      .kept = !json_object_is_type(h_get(t, "kept"), json_type_boolean) ||
						      h_bool(t, "kept") };
			trial_tip(&pts[n], t, metric);
			n++;
		}
	} else {
		/* index order: A's i-th and B's i-th next to each other */
		for (size_t k = 0; k < 2; k++) {
			struct json_object *v = k ? bv : av;

			for (size_t i = 0; i < h_len(v); i++) {
				pts[n] = (struct pt){ .x = (double)i + (k ? 0.15 : -0.15),
						      .y = json_object_get_double(h_at(v, i)), .b = k, .kept = true };
				pts[n].tip = st_xasprintf("%s trial %zu: %.1f %s", k ? "B" : "A", i + 1, pts[n].y,
							  metric ? metric : "");
				n++;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		ymin = st_m_fmin(ymin, pts[i].y);
		ymax = st_m_fmax(ymax, pts[i].y);
		xmax = st_m_fmax(xmax, pts[i].x);
	}
	if (!n) {
		free(pts);
		return;
	}
	st_buf_adds(b, "<p class=\"legend\"><span><b class=\"sw a\">&#9632;</b>A (before)</span><span><b class=\"sw b\">&#9632;</b>"
		       "B (after)</span>");
	if (by_order)
		st_buf_adds(b, "<span>hollow: warm-up block, discarded; lines: medians of the kept trials; "
			       "shading: the randomized blocks</span>");
	else
		st_buf_adds(b, "<span>this file has no run order: trials in index order; lines: medians</span>");
	st_buf_adds(b, "</p>\n");
	/* the values' own range, not from 0: trials differ by a few per cent */
	{
		double pad = (ymax - ymin) * 0.1;

		if (!(pad > 0))
			pad = fabs(ymax) * 0.05 + 1e-9;
		ymin -= pad;
		ymax += pad;
	}
	st_svg_begin(&s, 720, 220, "trials of A and B in run order with their medians");
	st_plot_init(&p, &s, margin, -0.5, xmax + 0.5, false, ymin, ymax, false);
	if (by_order) {
		double blk = -1, start = 0;
		int k = 0;

		for (size_t i = 0; i < h_len(tr); i++) {
			double bl = h_num(h_at(tr, i), "block"), o = h_num(h_at(tr, i), "order");

			if (!isfinite(bl) || !isfinite(o) || bl == blk)
				continue;
			if (blk >= 0 && k++ % 2)
				st_plot_span(&s, &p, start - 0.5, o - 0.5, "blk", NULL);
			blk = bl;
			start = o;
		}
		if (blk >= 0 && k % 2)
			st_plot_span(&s, &p, start - 0.5, xmax + 0.5, "blk", NULL);
	}
	snprintf(lab, sizeof(lab), "%s per trial", metric ? metric : "value");
	st_plot_axes(&s, &p, by_order ? "trial, in run order" : "trial (index)", lab, NULL, NULL);
	if (isfinite(ma))
		st_svg_line(&s, p.x, st_scale_map(&p.sy, ma), p.x + p.w, st_scale_map(&p.sy, ma), "a med dash");
	if (isfinite(mb))
		st_svg_line(&s, p.x, st_scale_map(&p.sy, mb), p.x + p.w, st_scale_map(&p.sy, mb), "b med dash");
	for (size_t i = 0; i < n; i++) {
		st_svg_dot(&s, st_scale_map(&p.sx, pts[i].x), st_scale_map(&p.sy, pts[i].y), 4,
			   pts[i].kept ? (pts[i].b ? "b" : "a") : (pts[i].b ? "b hollow" : "a hollow"), pts[i].tip);
		free(pts[i].tip);
	}
	h_svg(b, &s);
	free(pts);
}

static void fmt_pct(double v, double step, char *buf, size_t len)
{
	char t[24];

	st_tick_label(v, step, t, sizeof(t));
	snprintf(buf, len, "%s%.22s%%", v > 0 ? "+" : "", t);
}

/* The ratio's interval, as the change in per cent, against the band of
 * effects smaller than this run could detect. */
static void ci_chart(struct st_buf *b, struct json_object *g)
{
	static const double margin[4] = { 20, 20, 14, 40 };
	double r = (h_num(g, "ratio") - 1) * 100, lo = (h_num(g, "ci95_low") - 1) * 100;
	double hi = (h_num(g, "ci95_high") - 1) * 100, det = h_num(g, "detectable_effect") * 100;
	double x0, x1, y;
	char cls[32], tip[160];
	struct st_svg s;
	struct st_plot p;

	if (!isfinite(r))
		return;
	x0 = st_m_fmin(st_m_fmin(isfinite(lo) ? lo : r, isfinite(det) ? -det : r), 0);
	x1 = st_m_fmax(st_m_fmax(isfinite(hi) ? hi : r, isfinite(det) ? det : r), 0);
	x0 -= (x1 - x0) * 0.08 + 0.5;
	x1 += (x1 - x0) * 0.08 + 0.5;
	st_svg_begin(&s, 720, 90, "the change B against A with its 95% interval and the detectable effect");
	st_plot_init(&p, &s, margin, x0, x1, false, 0, 1, false);
	if (isfinite(det) && det > 0)
		st_plot_span(&s, &p, -det, det, "band", NULL);
	/* only the x axis: the y range is the bar's row */
	p.ystep = 0;
	{
		double t[40];
		size_t n = st_ticks_linear(p.sx.d0, p.sx.d1, p.xstep, t, 40);
		char lab[32];

		for (size_t i = 0; i < n; i++) {
			double x = st_scale_map(&p.sx, t[i]);

			st_svg_line(&s, x, p.y + p.h, x, p.y + p.h + 4, "axis");
			fmt_pct(t[i], p.xstep, lab, sizeof(lab));
			st_svg_text(&s, x, p.y + p.h + 15, "middle", "tick", lab);
		}
		st_svg_line(&s, p.x, p.y + p.h, p.x + p.w, p.y + p.h, "axis");
		st_svg_text(&s, p.x + p.w / 2, p.y + p.h + 30, "middle", "label",
			    "B against A (%): the bar is the 95% interval; grey: smaller than this run could detect");
	}
	st_svg_line(&s, st_scale_map(&p.sx, 0), p.y, st_scale_map(&p.sx, 0), p.y + p.h, "zero");
	y = p.y + p.h / 2;
	snprintf(cls, sizeof(cls), "ci-%s", verdict_class(h_str(g, "verdict")));
	if (isfinite(lo) && isfinite(hi)) {
		char c2[48];

		snprintf(c2, sizeof(c2), "%s cibar", cls);
		st_svg_line(&s, st_scale_map(&p.sx, lo), y, st_scale_map(&p.sx, hi), y, c2);
	}
	snprintf(tip, sizeof(tip), "%+.1f%% (95%% CI %+.1f%% .. %+.1f%%); detectable: %.0f%%", r, lo, hi, det);
	st_svg_dot(&s, st_scale_map(&p.sx, r), y, 5, cls, tip);
	h_svg(b, &s);
}

static void group(struct st_buf *b, struct json_object *g)
{
	const char *knobs = h_str(g, "knobs");
	char line[256], a[48], c[48];

	st_buf_adds(b, "<h3>");
	h_tag(b, "code", NULL, h_str(g, "target"));
	st_buf_adds(b, " ");
	if (knobs) {
		h_tag(b, "code", NULL, knobs);
		st_buf_adds(b, ": ");
		h_esc(b, h_str(g, "a") ? h_str(g, "a") : "?");
		st_buf_adds(b, " → ");
		h_esc(b, h_str(g, "b") ? h_str(g, "b") : "?");
	} else {
		st_buf_adds(b, "A/A (the same settings both arms: the noise floor)");
	}
	st_buf_adds(b, "</h3>\n<p class=\"meta\">workload ");
	h_tag(b, "code", NULL, h_str(g, "workload"));
	if (h_str(g, "dir")) {
		st_buf_adds(b, " in ");
		h_tag(b, "code", NULL, h_str(g, "dir"));
	}
	if (isfinite(h_num(g, "cv_a"))) {
		snprintf(line, sizeof(line), "; A's trials vary by %.1f%%", h_num(g, "cv_a") * 100);
		h_esc(b, line);
	}
	if (h_str(g, "stopped")) {
		st_buf_adds(b, "; stopped: ");
		h_esc(b, h_str(g, "stopped"));
	}
	if (isfinite(h_num(g, "elapsed_s"))) {
		snprintf(line, sizeof(line), " after %.1f s", h_num(g, "elapsed_s"));
		h_esc(b, line);
	}
	st_buf_adds(b, ".</p>\n");
	verdict_words(b, g);
	if (!h_len(h_get(g, "a_values")) && !h_len(h_get(g, "trials")))
		return;
	trials_chart(b, g);
	ci_chart(b, g);
	st_buf_adds(b, "<table>\n");
	h_fmt(median(h_get(g, "a_values")), 1, a, sizeof(a));
	h_fmt(median(h_get(g, "b_values")), 1, c, sizeof(c));
	snprintf(line, sizeof(line), "%s against %s %s", c, a, h_str(g, "metric") ? h_str(g, "metric") : "");
	h_row(b, "median B against A", line);
	h_fmt(h_num(g, "p"), 3, a, sizeof(a));
	h_row(b, "p (Mann-Whitney)", a);
	if (isfinite(h_num(g, "detectable_effect"))) {
		snprintf(line, sizeof(line), "%.0f%%", h_num(g, "detectable_effect") * 100);
		h_row(b, "smallest detectable effect", line);
	}
	if (h_str(g, "mechanism")) {
		struct json_object *seen = h_get(g, "mechanism_seen");

		snprintf(line, sizeof(line), "%s%s", json_object_is_type(seen, json_type_boolean)
			 ? (json_object_get_boolean(seen) ? "seen: " : "not seen: ") : "", h_str(g, "mechanism"));
		h_row(b, "mechanism", line);
	}
	if (h_str(g, "note"))
		h_row(b, "note", h_str(g, "note"));
	st_buf_adds(b, "</table>\n");
}

static void one_validation(struct st_buf *b, const struct st_report_doc *d, bool several)
{
	struct json_object *v = d->o, *groups = h_get(v, "groups"), *unv = h_get(v, "not_validated");
	char line[256];

	st_buf_adds(b, "<section>\n");
	if (several) {
		st_buf_adds(b, "<h3 class=\"mute\">");
		h_esc(b, h_label(d));
		st_buf_adds(b, "</h3>\n");
	}
	snprintf(line, sizeof(line), "%.0f trials of A and of B in randomized blocks (the first block "
		 "discarded), %.1f s after a %.1f s ramp each; seed %.0f; alpha %.2f", h_num(v, "trials"),
		 h_num(v, "runtime_s"), h_num(v, "ramp_s"), h_num(v, "seed"), h_num(v, "alpha"));
	st_buf_adds(b, "<p class=\"meta\">");
	h_esc(b, line);
	if (isfinite(h_num(v, "detect"))) {
		snprintf(line, sizeof(line), "; asked to detect %.0f%%", h_num(v, "detect") * 100);
		h_esc(b, line);
	}
	if (isfinite(h_num(v, "budget_s"))) {
		snprintf(line, sizeof(line), "; budget %.0f s", h_num(v, "budget_s"));
		h_esc(b, line);
	}
	st_buf_adds(b, ".</p>\n");
	if (!h_len(groups))
		st_buf_adds(b, "<p>Nothing to measure: no change made has a validate workload.</p>\n");
	for (size_t i = 0; i < h_len(groups); i++)
		group(b, h_at(groups, i));
	for (size_t i = 0; i < h_len(unv); i++) {
		st_buf_adds(b, "<p class=\"mute\">not validated: ");
		h_esc(b, json_object_get_string(h_at(unv, i)));
		st_buf_adds(b, "</p>\n");
	}
	if (h_num(v, "rolled_back") > 0) {
		snprintf(line, sizeof(line), "%.0f group%s rolled back (exit 3)", h_num(v, "rolled_back"),
			 h_num(v, "rolled_back") == 1 ? "" : "s");
		h_tag(b, "p", "verdict v-regressed", line);
	}
	st_buf_adds(b, "</section>\n");
}

void st_html_validation(struct st_buf *b, const struct st_report_doc *d, size_t n)
{
	st_buf_adds(b, "<h2>A/B validation</h2>\n");
	if (n > 1)
		st_buf_adds(b, "<div class=\"cols\">\n");
	for (size_t i = 0; i < n; i++)
		one_validation(b, &d[i], n > 1);
	if (n > 1)
		st_buf_adds(b, "</div>\n");
}
