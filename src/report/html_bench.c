/*
 * html_bench.c - owns the benchmark's part of the HTML report, drawn from
 * bench --json: the latency histogram on a log axis with p50, p99 and p99.9
 * marked, IOPS and latency per second, and the physical-versus-logical
 * panel (bytes, requests, syncs against flushes, write amplification).
 * Several runs get a table side by side and their distributions overlaid.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "html_int.h"
#include "st_math.h"

/* Histogram bins per decade of latency: 20 bins of 12% each show a
 * distribution's shape; the JSON's 128 buckets per octave would be ~850
 * bars per decade, too fine to see and too many bytes for the page. */
#define BINS_PER_DECADE 20
#define MAX_BINS (BINS_PER_DECADE * 20)

/* The runs compared in one chart at most (the colours s0..s5). */
#define MAX_RUNS 6

struct bins {
	int first;           /* bin index of counts[0]: st_m_floor(st_m_log10(us) * BINS_PER_DECADE) */
	size_t n;
	double count[MAX_BINS];
	double total;
};

static double bin_lo(int i)
{
	return st_m_pow(10, (double)i / BINS_PER_DECADE);
}

/* The JSON's buckets into log bins, each bucket by its midpoint (us). */
static bool rebin(struct json_object *run, struct bins *bn)
{
	struct json_object *bk = h_get(h_get(run, "histogram"), "buckets");
	int lo = 0, hi = 0;
	bool any = false;

	memset(bn, 0, sizeof(*bn));
	for (size_t i = 0; i < h_len(bk); i++) {
		double mid = (h_num(h_at(bk, i), "lo_ns") + h_num(h_at(bk, i), "hi_ns")) / 2 / 1000;
		double c = h_num(h_at(bk, i), "count");
		int k;

		if (!(mid > 0) || !isfinite(mid) || !(c > 0) || !isfinite(c))
			continue;
		k = (int)st_m_floor(st_m_log10(mid) * BINS_PER_DECADE + 1e-9);
		if (!any || k < lo)
			lo = k;
		if (!any || k > hi)
			hi = k;
		any = true;
	}
	if (!any)
		return false;
	if (hi - lo + 1 > MAX_BINS)
		lo = hi - MAX_BINS + 1; /* 20 decades: the rest is below a ns */
	bn->first = lo;
	bn->n = (size_t)(hi - lo + 1);
	for (size_t i = 0; i < h_len(bk); i++) {
		double mid = (h_num(h_at(bk, i), "lo_ns") + h_num(h_at(bk, i), "hi_ns")) / 2 / 1000;
		double c = h_num(h_at(bk, i), "count");
		int k;

		if (!(mid > 0) || !isfinite(mid) || !(c > 0) || !isfinite(c))
			continue;
		k = (int)st_m_floor(st_m_log10(mid) * BINS_PER_DECADE + 1e-9);
		if (k < lo)
			k = lo;
		bn->count[k - lo] += c;
		bn->total += c;
	}
	return true;
}

static void fmt_us_tick(double v, double step, char *buf, size_t len)
{
	(void)step;
	st_fmt_us(v, buf, len);
}

static void pct_line(struct st_svg *s, const struct st_plot *p, double us, const char *name, int slot)
{
	char lab[64], v[32];
	double x;

	if (!(us > 0))
		return;
	x = st_scale_map(&p->sx, us);
	st_fmt_us(us, v, sizeof(v));
	snprintf(lab, sizeof(lab), "%s %s", name, v);
	st_svg_line(s, x, p->y, x, p->y + p->h, "pct");
	st_svg_text(s, x + 3, p->y + 10 + 12 * slot, "start", "pcttext", lab);
}

static void histogram(struct st_buf *b, struct json_object *run)
{
	static const double margin[4] = { 52, 16, 22, 40 };
	struct json_object *lat = h_get(run, "lat_us");
	struct bins *bn = st_xcalloc(1, sizeof(*bn));
	struct st_svg s;
	struct st_plot p;
	double max = 0;
	char tip[160], a[32], c[32];

	if (!rebin(run, bn)) {
		st_buf_adds(b, "<p class=\"mute\">No latency histogram in this JSON (written by a stortune "
			       "before reports, or no I/O completed).</p>\n");
		free(bn);
		return;
	}
	for (size_t i = 0; i < bn->n; i++)
		if (bn->count[i] > max)
			max = bn->count[i];
	st_svg_begin(&s, 720, 260, "latency histogram, log axes, with p50, p99 and p99.9");
	st_plot_init(&p, &s, margin, bin_lo(bn->first), bin_lo(bn->first + (int)bn->n), true, 0.5,
		     max * 2, true);
	st_plot_axes(&s, &p, "latency per I/O (log scale)", "I/Os per bin (log scale)", fmt_us_tick, NULL);
	for (size_t i = 0; i < bn->n; i++) {
		double x0, x1, y;

		if (!bn->count[i])
			continue;
		x0 = st_scale_map(&p.sx, bin_lo(bn->first + (int)i));
		x1 = st_scale_map(&p.sx, bin_lo(bn->first + (int)i + 1));
		y = st_scale_map(&p.sy, bn->count[i]);
		st_fmt_us(bin_lo(bn->first + (int)i), a, sizeof(a));
		st_fmt_us(bin_lo(bn->first + (int)i + 1), c, sizeof(c));
		snprintf(tip, sizeof(tip), "%s to %s: %.0f I/Os (%.3g%%)", a, c, bn->count[i],
			 bn->count[i] * 100 / bn->total);
		st_svg_rect(&s, x0, y, x1 - x0 > 1.5 ? x1 - x0 - 0.5 : x1 - x0, p.y + p.h - y,
			    bin_lo(bn->first + (int)i) >= h_num(lat, "p99") ? "bar-tail" : "bar", tip);
	}
	pct_line(&s, &p, h_num(lat, "p50"), "p50", 0);
	pct_line(&s, &p, h_num(lat, "p99"), "p99", 1);
	pct_line(&s, &p, h_num(lat, "p999"), "p99.9", 2);
	h_svg(b, &s);
	free(bn);
}

/* The series' x (t_s) and one of its members. */
static size_t series(struct json_object *run, const char *key, double *x, double *y, size_t max)
{
	struct json_object *se = h_get(run, "series");
	size_t n = h_len(se) < max ? h_len(se) : max;

	for (size_t i = 0; i < n; i++) {
		x[i] = h_num(h_at(se, i), "t_s");
		y[i] = h_num(h_at(se, i), key);
	}
	return n;
}

/* points per run drawn over time: a day at 1 s is more than a page wants */
#define MAX_POINTS 3600

static void over_time(struct st_buf *b, struct json_object *run)
{
	static const double margin[4] = { 58, 16, 22, 40 };
	double *x = st_xcalloc(MAX_POINTS, sizeof(double)), *y = st_xcalloc(MAX_POINTS, sizeof(double));
	double *y2 = st_xcalloc(MAX_POINTS, sizeof(double)), *px = st_xcalloc(MAX_POINTS, sizeof(double));
	double tmax = 0, ymax = 0;
	size_t n = series(run, "iops", x, y, MAX_POINTS);
	struct st_svg s;
	struct st_plot p;

	if (n == 0) {
		st_buf_adds(b, "<p class=\"mute\">No per-second series in this JSON.</p>\n");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (x[i] > tmax)
			tmax = x[i];
		if (y[i] > ymax)
			ymax = y[i];
	}
	st_svg_begin(&s, 720, 200, "IOPS per second over the run");
	st_plot_init(&p, &s, margin, 0, tmax, false, 0, ymax, false);
	st_plot_axes(&s, &p, "seconds after the ramp", "IOPS", NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		px[i] = st_scale_map(&p.sx, x[i]);
		y[i] = isfinite(y[i]) ? st_scale_map(&p.sy, y[i]) : NAN;
	}
	st_svg_polyline(&s, px, y, n, "s0");
	h_svg(b, &s);

	/* latency per second: mean and p99 */
	n = series(run, "lat_p99_us", x, y, MAX_POINTS);
	series(run, "lat_mean_us", x, y2, MAX_POINTS);
	ymax = 0;
	for (size_t i = 0; i < n; i++)
		if (y[i] > ymax)
			ymax = y[i];
	st_svg_begin(&s, 720, 200, "mean and p99 latency per second");
	st_plot_init(&p, &s, margin, 0, tmax, false, 0, ymax, false);
	st_plot_axes(&s, &p, "seconds after the ramp", "latency per second: p99 (orange), mean (blue)", NULL,
		     fmt_us_tick);
	for (size_t i = 0; i < n; i++) {
		px[i] = st_scale_map(&p.sx, x[i]);
		y[i] = isfinite(y[i]) ? st_scale_map(&p.sy, y[i]) : NAN;
		y2[i] = isfinite(y2[i]) ? st_scale_map(&p.sy, y2[i]) : NAN;
	}
	st_svg_polyline(&s, px, y2, n, "s0");
	st_svg_polyline(&s, px, y, n, "s1");
	h_svg(b, &s);
out:
	free(x);
	free(y);
	free(y2);
	free(px);
}

/* One row of the physical-versus-logical bars: two bars scaled to the
 * larger, each labelled with its value. */
static void pv_row(struct st_svg *s, double y, const char *what, double logical, double physical,
		   const char *lt, const char *pt)
{
	double max = st_m_fmax(logical, physical), x0 = 150, w = 420;
	char lab[96];

	st_svg_text(s, 0, y + 14, "start", "label", what);
	if (!(max > 0))
		max = 1;
	if (isfinite(logical)) {
		st_svg_rect(s, x0, y + 2, w * logical / max, 11, "lg", NULL);
		snprintf(lab, sizeof(lab), "asked %s", lt);
		st_svg_text(s, x0 + w * logical / max + 4, y + 11, "start", "val", lab);
	}
	if (isfinite(physical)) {
		st_svg_rect(s, x0, y + 15, w * physical / max, 11, "ph", NULL);
		snprintf(lab, sizeof(lab), "device %s", pt);
		st_svg_text(s, x0 + w * physical / max + 4, y + 24, "start", "val", lab);
	}
}

static void physical_panel(struct st_buf *b, struct json_object *run)
{
	struct json_object *ph = h_get(run, "physical"), *lg = h_get(run, "logical");
	double lr = h_num(lg, "read_bytes"), lw = h_num(lg, "write_bytes"), lios = h_num(lg, "ios");
	double syncs = h_num(lg, "syncs");
	double pios = h_num(ph, "read_ios") + h_num(ph, "write_ios");
	char l1[32], l2[32];
	struct st_svg s;
	double wa = h_num(ph, "write_amplification");

	if (!ph) {
		st_buf_adds(b, "<p class=\"mute\">Physical I/O unknown: no /proc/diskstats line for the "
			       "device under the target.</p>\n");
		return;
	}
	if (!lg) { /* older JSON: what the workload did is in ios and syncs only */
		lios = h_num(run, "ios");
		syncs = h_num(run, "syncs");
	}
	if (!isfinite(syncs))
		syncs = h_num(run, "syncs");
	st_buf_adds(b, "<p class=\"legend\"><span><b class=\"sw lg\">&#9632;</b>asked by the workload "
		       "(logical)</span><span><b class=\"sw ph\">&#9632;</b>reached the device (physical, "
		       "/proc/diskstats)</span></p>\n");
	st_svg_begin(&s, 720, 4 * 34 + 6, "logical against physical I/O");
	h_bytes(lr, l1, sizeof(l1));
	h_bytes(h_num(ph, "read_bytes"), l2, sizeof(l2));
	pv_row(&s, 0, "bytes read", lr, h_num(ph, "read_bytes"), l1, l2);
	h_bytes(lw, l1, sizeof(l1));
	h_bytes(h_num(ph, "write_bytes"), l2, sizeof(l2));
	pv_row(&s, 34, "bytes written", lw, h_num(ph, "write_bytes"), l1, l2);
	h_fmt(lios, 0, l1, sizeof(l1));
	h_fmt(pios, 0, l2, sizeof(l2));
	pv_row(&s, 68, "requests", lios, pios, l1, l2);
	h_fmt(syncs, 0, l1, sizeof(l1));
	h_fmt(h_num(ph, "flushes"), 0, l2, sizeof(l2));
	pv_row(&s, 102, "syncs / flushes", syncs, h_num(ph, "flushes"), l1, l2);
	h_svg(b, &s);
	st_buf_adds(b, "<table>\n");
	if (isfinite(wa)) {
		h_fmt(wa, 2, l1, sizeof(l1));
		h_row(b, "write amplification", l1);
	} else {
		h_row(b, "write amplification", "- (nothing written)");
	}
	h_bytes(h_num(ph, "avg_request_bytes"), l1, sizeof(l1));
	h_row(b, "average request", l1);
	h_fmt(h_num(ph, "merges"), 0, l1, sizeof(l1));
	h_row(b, "merges", l1);
	h_fmt(h_num(ph, "aqu_sz"), 2, l1, sizeof(l1));
	h_row(b, "average queue (aqu-sz)", l1);
	if (!h_get(ph, "flushes") || json_object_is_type(h_get(ph, "flushes"), json_type_null))
		h_row(b, "flushes", "unknown (kernel before 5.5)");
	st_buf_adds(b, "</table>\n");
}

static void describe(char *buf, size_t len, struct json_object *run)
{
	double v = h_num(run, "bs");
	char bs[32];

	/* block sizes are binary: 4 KiB, 1 MiB */
	if (v >= 1048576 && st_m_fmod(v, 1048576) == 0)
		snprintf(bs, sizeof(bs), "%.0f MiB", v / 1048576);
	else if (v >= 1024 && st_m_fmod(v, 1024) == 0)
		snprintf(bs, sizeof(bs), "%.0f KiB", v / 1024);
	else
		snprintf(bs, sizeof(bs), "%.0f B", v);
	snprintf(buf, len, "%s %s, %s, QD%.0f (%s)%s%s", bs, h_str(run, "rw") ? h_str(run, "rw") : "?",
		 h_bool(run, "direct") ? "O_DIRECT" : "buffered", h_num(run, "qd"),
		 h_str(run, "engine") ? h_str(run, "engine") : "?",
		 h_str(run, "sync") && strcmp(h_str(run, "sync"), "none") ? ", " : "",
		 h_str(run, "sync") && strcmp(h_str(run, "sync"), "none") ? h_str(run, "sync") : "");
}

/* The figures of each run, one column per run. */
static void figures(struct st_buf *b, const struct st_report_doc *d, size_t n)
{
	static const struct {
		const char *name, *key;
		int us; /* 1: a latency in lat_us; 0: a plain number with decimals dec */
		int dec;
	} rows[] = {
		{ "IOPS", "iops", 0, 0 },     { "MB/s", "mbps", 0, 2 },      { "p50 latency", "p50", 1, 0 },
		{ "p90 latency", "p90", 1, 0 }, { "p99 latency", "p99", 1, 0 },
		{ "p99.9 latency", "p999", 1, 0 }, { "max latency", "max", 1, 0 },
		{ "mean latency", "mean", 1, 0 }, { "CPU per I/O (µs)", "cpu_per_io_us", 0, 2 },
		{ "measured (s)", "runtime_s", 0, 1 },
	};
	char v[48];

	st_buf_adds(b, "<div class=\"wrap\"><table class=\"grid\">\n<tr><th></th>");
	for (size_t i = 0; i < n; i++) {
		st_buf_adds(b, "<th class=\"n\">");
		h_esc(b, n > 1 ? h_label(&d[i]) : "");
		st_buf_adds(b, "</th>");
	}
	st_buf_adds(b, "</tr>\n");
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		st_buf_adds(b, "<tr>");
		h_tag(b, "th", NULL, rows[r].name);
		for (size_t i = 0; i < n; i++) {
			if (rows[r].us)
				st_fmt_us(h_num(h_get(d[i].o, "lat_us"), rows[r].key), v, sizeof(v));
			else
				h_fmt(h_num(d[i].o, rows[r].key), rows[r].dec, v, sizeof(v));
			h_tag(b, "td", "n", v);
		}
		st_buf_adds(b, "</tr>\n");
	}
	st_buf_adds(b, "</table></div>\n");
}

/* Several runs: their distributions as lines, each bin's share of its
 * run's I/Os, on one log axis. */
static void overlay(struct st_buf *b, const struct st_report_doc *d, size_t n)
{
	static const double margin[4] = { 52, 16, 22, 40 };
	struct bins *bn = st_xcalloc(MAX_RUNS, sizeof(*bn));
	bool ok[MAX_RUNS] = { false };
	int lo = 0, hi = 0;
	bool any = false;
	double ymax = 0;
	struct st_svg s;
	struct st_plot p;
	char cls[8];

	if (n > MAX_RUNS)
		n = MAX_RUNS;
	for (size_t r = 0; r < n; r++) {
		ok[r] = rebin(d[r].o, &bn[r]);
		if (!ok[r])
			continue;
		if (!any || bn[r].first < lo)
			lo = bn[r].first;
		if (!any || bn[r].first + (int)bn[r].n > hi)
			hi = bn[r].first + (int)bn[r].n;
		any = true;
		for (size_t i = 0; i < bn[r].n; i++)
			ymax = st_m_fmax(ymax, bn[r].count[i] * 100 / bn[r].total);
	}
	if (!any) {
		free(bn);
		return;
	}
	st_buf_adds(b, "<h3>Latency distributions compared</h3>\n<p class=\"legend\">");
	for (size_t r = 0; r < n; r++) {
		if (!ok[r])
			continue;
		st_buf_addf(b, "<span><b class=\"sw s%zu\">&#9632;</b>", r);
		h_esc(b, h_label(&d[r]));
		st_buf_adds(b, "</span>");
	}
	st_buf_adds(b, "</p>\n");
	st_svg_begin(&s, 720, 260, "latency distributions of the runs compared");
	st_plot_init(&p, &s, margin, bin_lo(lo), bin_lo(hi), true, 0, ymax, false);
	st_plot_axes(&s, &p, "latency per I/O (log scale)", "share of the run's I/Os per bin (%)", fmt_us_tick,
		     NULL);
	for (size_t r = 0; r < n; r++) {
		size_t m = 0, cap = 2 * (size_t)(hi - lo) + 2;
		double *x, *y;

		if (!ok[r])
			continue;
		x = st_xcalloc(cap, sizeof(double));
		y = st_xcalloc(cap, sizeof(double));
		/* a step outline: each bin flat across its width */
		for (size_t i = 0; i < bn[r].n && m + 2 <= cap; i++) {
			double yy = st_scale_map(&p.sy, bn[r].count[i] * 100 / bn[r].total);

			x[m] = st_scale_map(&p.sx, bin_lo(bn[r].first + (int)i));
			y[m++] = yy;
			x[m] = st_scale_map(&p.sx, bin_lo(bn[r].first + (int)i + 1));
			y[m++] = yy;
		}
		snprintf(cls, sizeof(cls), "s%zu", r);
		st_svg_polyline(&s, x, y, m, cls);
		free(x);
		free(y);
	}
	h_svg(b, &s);
	free(bn);
}

static void one_run(struct st_buf *b, const struct st_report_doc *d, bool several)
{
	struct json_object *run = d->o, *devs = h_get(run, "devices");
	char desc[200], v[48];

	st_buf_adds(b, "<section>\n<h3>");
	h_esc(b, h_str(run, "workload"));
	st_buf_adds(b, " on ");
	h_tag(b, "code", NULL, h_str(run, "target"));
	if (several) {
		st_buf_adds(b, " <span class=\"mute\">(");
		h_esc(b, h_label(d));
		st_buf_adds(b, ")</span>");
	}
	st_buf_adds(b, "</h3>\n<p class=\"meta\">");
	describe(desc, sizeof(desc), run);
	h_esc(b, desc);
	if (h_len(devs)) {
		st_buf_adds(b, "; device ");
		for (size_t i = 0; i < h_len(devs); i++) {
			if (i)
				st_buf_adds(b, ", ");
			h_tag(b, "code", NULL, json_object_get_string(h_at(devs, i)));
		}
	}
	if (h_str(run, "fstype")) {
		st_buf_adds(b, ", ");
		h_esc(b, h_str(run, "fstype"));
	}
	h_fmt(h_num(run, "runtime_s"), 1, v, sizeof(v));
	st_buf_addf(b, "; %s s measured", v);
	h_fmt(h_num(run, "ramp_s"), 1, v, sizeof(v));
	st_buf_addf(b, " after a %s s ramp.</p>\n", v);
	st_buf_adds(b, "<h4>Latency histogram</h4>\n");
	histogram(b, run);
	st_buf_adds(b, "<h4>Over time</h4>\n");
	over_time(b, run);
	st_buf_adds(b, "<h4>Physical against logical I/O</h4>\n");
	physical_panel(b, run);
	st_buf_adds(b, "</section>\n");
}

void st_html_bench(struct st_buf *b, const struct st_report_doc *d, size_t n)
{
	st_buf_adds(b, "<h2>Benchmark</h2>\n");
	figures(b, d, n);
	if (n > 1) {
		overlay(b, d, n);
		st_buf_adds(b, "<div class=\"cols\">\n");
	}
	for (size_t i = 0; i < n; i++)
		one_run(b, &d[i], n > 1);
	if (n > 1)
		st_buf_adds(b, "</div>\n");
}
