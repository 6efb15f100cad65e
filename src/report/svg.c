/*
 * svg.c - owns the SVG the reports draw: scales from data to user units,
 * the choice of ticks (1-2-5 steps, decades on log axes), axis and tick
 * labels, the marks, and XML escaping of every string.  Pure string
 * building: no I/O; coordinates are printed with one decimal so the output
 * is the same on every run and small.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "st_math.h"
#include "st_svg.h"

void st_scale_linear(struct st_scale *s, double d0, double d1, double r0, double r1)
{
	*s = (struct st_scale){ .d0 = d0, .d1 = d1, .r0 = r0, .r1 = r1 };
}

int st_scale_log(struct st_scale *s, double d0, double d1, double r0, double r1)
{
	if (!(d0 > 0) || !(d1 > 0)) {
		st_scale_linear(s, d0, d1, r0, r1);
		return -EINVAL;
	}
	*s = (struct st_scale){ .d0 = d0, .d1 = d1, .r0 = r0, .r1 = r1, .log = true };
	return 0;
}

double st_scale_map(const struct st_scale *s, double v)
{
	double a = s->d0, b = s->d1;

	if (s->log) {
		if (!(v > 0))
			return s->r0;
		v = st_m_log10(v);
		a = st_m_log10(a);
		b = st_m_log10(b);
	}
	if (b == a)
		return (s->r0 + s->r1) / 2;
	return s->r0 + (v - a) / (b - a) * (s->r1 - s->r0);
}

double st_nice_step(double lo, double hi, unsigned want)
{
	double raw, mag, f;

	if (!isfinite(lo) || !isfinite(hi) || !(hi > lo))
		return 0;
	if (want < 1)
		want = 1;
	raw = (hi - lo) / want;
	mag = st_m_pow(10, st_m_floor(st_m_log10(raw)));
	f = raw / mag;
	/* the nearest of 1, 2, 5, 10 on a log scale: the cut points are their
	 * geometric means */
	if (f < 1.4142)
		f = 1;
	else if (f < 3.1623)
		f = 2;
	else if (f < 7.0711)
		f = 5;
	else
		f = 10;
	return f * mag;
}

double st_nice_range(double *lo, double *hi, unsigned want)
{
	double step;

	if (!isfinite(*lo))
		*lo = 0;
	if (!isfinite(*hi) || *hi < *lo)
		*hi = *lo;
	if (*hi == *lo) {
		/* one value: from 0 to it, as a chart of a steady rate reads */
		if (*lo > 0)
			*lo = 0;
		else if (*lo < 0)
			*hi = 0;
		else
			*hi = 1;
	}
	step = st_nice_step(*lo, *hi, want);
	/* a tiny tolerance: 0.3 / 0.1 is 2.9999999999999996 */
	*lo = floor(*lo / step + 1e-9) * step;
	*hi = ceil(*hi / step - 1e-9) * step;
	return step;
}

size_t st_ticks_linear(double lo, double hi, double step, double *out, size_t max)
{
	size_t n = 0;

	if (!(step > 0) || !isfinite(lo) || !isfinite(hi))
		return 0;
	for (double k = ceil(lo / step - 1e-9); n < max; k++) {
		double v = k * step;

		if (v > hi + step * 1e-9)
			break;
		out[n++] = fabs(v) < step * 1e-9 ? 0 : v;
	}
	return n;
}

size_t st_ticks_log(double lo, double hi, double *out, size_t max)
{
	static const double mult[] = { 1, 2, 5 };
	int e0, e1;
	size_t n = 0;

	if (!(lo > 0) || !(hi >= lo) || !isfinite(hi))
		return 0;
	e0 = (int)st_m_floor(st_m_log10(lo) + 1e-9);
	e1 = (int)st_m_floor(st_m_log10(hi) + 1e-9);
	if (e1 - e0 >= 2 || (e1 > e0 && st_m_pow(10, e1) >= lo * (1 - 1e-9))) {
		int decades = 0;

		for (int e = e0; e <= e1; e++)
			decades += st_m_pow(10, e) >= lo * (1 - 1e-9) && st_m_pow(10, e) <= hi * (1 + 1e-9);
		for (int e = e0; e <= e1 && n < max; e++) {
			for (size_t m = 0; m < (decades >= 3 ? 1 : 3) && n < max; m++) {
				double v = mult[m] * st_m_pow(10, e);

				if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
					out[n++] = v;
			}
		}
		if (n >= 2)
			return n;
		n = 0;
	}
	/* within a decade or so: plain 1-2-5 steps */
	return st_ticks_linear(lo, hi, st_nice_step(lo, hi, 4), out, max);
}

static int decimals_for(double step)
{
	int d;

	if (!(step > 0))
		return 0;
	d = (int)ceil(-st_m_log10(step) - 1e-9);
	return d < 0 ? 0 : d > 6 ? 6 : d;
}

void st_tick_label(double v, double step, char *buf, size_t len)
{
	static const struct {
		double div;
		const char *suffix;
	} units[] = { { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" } };
	double a;

	if (step > 0 && fabs(v) < step * 1e-9)
		v = 0; /* no "-0" */
	a = fabs(v);
	if (step <= 0)
		step = a > 0 ? st_m_pow(10, st_m_floor(st_m_log10(a))) : 1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (a >= units[i].div * (1 - 1e-9) && (a >= 1e4 || units[i].div > 1e3)) {
			snprintf(buf, len, "%.*f%s", decimals_for(step / units[i].div), v / units[i].div,
				 units[i].suffix);
			return;
		}
	}
	snprintf(buf, len, "%.*f", decimals_for(step), v);
}

void st_fmt_us(double us, char *buf, size_t len)
{
	static const struct {
		double scale; /* us per unit */
		const char *unit;
	} u[] = { { 1e6, "s" }, { 1e3, "ms" }, { 1, "µs" }, { 1e-3, "ns" } };
	double a = fabs(us);
	size_t i = 0;

	if (a == 0 || !isfinite(us)) {
		snprintf(buf, len, isfinite(us) ? "0" : "-");
		return;
	}
	while (i + 1 < sizeof(u) / sizeof(u[0]) && a < u[i].scale * (1 - 1e-9))
		i++;
	a = us / u[i].scale;
	/* three significant digits at most, trailing zeros dropped */
	snprintf(buf, len, "%.*f %s", fabs(a) >= 100 ? 0 : fabs(a) >= 10 ? 1 : 2, a, u[i].unit);
	{
		char *sp = strchr(buf, ' '), *dot = strchr(buf, '.');

		if (dot && sp && dot < sp) {
			char *e = sp - 1;

			while (e > dot && *e == '0')
				e--;
			if (e == dot)
				e--;
			memmove(e + 1, sp, strlen(sp) + 1);
		}
	}
}

/* The length of a valid UTF-8 sequence at s (1-4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

void st_xml_escape(struct st_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		size_t n = utf8_len(p);

		switch (*p) {
		case '&': st_buf_adds(b, "&amp;"); break;
		case '<': st_buf_adds(b, "&lt;"); break;
		case '>': st_buf_adds(b, "&gt;"); break;
		case '"': st_buf_adds(b, "&quot;"); break;
		case '\'': st_buf_adds(b, "&#39;"); break;
		default:
			if (n == 0 || (*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f) {
				st_buf_adds(b, "\xef\xbf\xbd");
				n = 1;
			} else {
				st_buf_addn(b, (const char *)p, n);
			}
			p += n;
			continue;
		}
		p++;
	}
}

/* A coordinate: one decimal, no "-0.0". */
static void num(struct st_buf *b, double v)
{
	char tmp[48];

	if (!isfinite(v))
		v = 0;
	snprintf(tmp, sizeof(tmp), "%.1f", v);
	if (strcmp(tmp, "-0.0") == 0)
		snprintf(tmp, sizeof(tmp), "0.0");
	st_buf_adds(b, tmp);
}

static void cls_attr(struct st_buf *b, const char *cls)
{
	if (!cls)
		return;
	st_buf_adds(b, " class=\"");
	st_xml_escape(b, cls);
	st_buf_adds(b, "\"");
}

/* Closes an element: with a tooltip as a <title> child, else as empty. */
static void close_el(struct st_buf *b, const char *name, const char *title)
{
	if (!title) {
		st_buf_adds(b, "/>\n");
		return;
	}
	st_buf_adds(b, "><title>");
	st_xml_escape(b, title);
	st_buf_addf(b, "</title></%s>\n", name);
}

void st_svg_begin(struct st_svg *s, double w, double h, const char *label)
{
	*s = (struct st_svg){ .w = w, .h = h };
	st_buf_adds(&s->b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	num(&s->b, w);
	st_buf_adds(&s->b, " ");
	num(&s->b, h);
	st_buf_adds(&s->b, "\" width=\"100%\" role=\"img\" aria-label=\"");
	st_xml_escape(&s->b, label);
	st_buf_adds(&s->b, "\">\n");
}

char *st_svg_end(struct st_svg *s)
{
	st_buf_adds(&s->b, "</svg>\n");
	return st_buf_steal(&s->b);
}

void st_svg_rect(struct st_svg *s, double x, double y, double w, double h, const char *cls,
		 const char *title)
{
	if (w < 0) {
		x += w;
		w = -w;
	}
	if (h < 0) {
		y += h;
		h = -h;
	}
	st_buf_adds(&s->b, "<rect x=\"");
	num(&s->b, x);
	st_buf_adds(&s->b, "\" y=\"");
	num(&s->b, y);
	st_buf_adds(&s->b, "\" width=\"");
	num(&s->b, w);
	st_buf_adds(&s->b, "\" height=\"");
	num(&s->b, h);
	st_buf_adds(&s->b, "\"");
	cls_attr(&s->b, cls);
	close_el(&s->b, "rect", title);
}

void st_svg_line(struct st_svg *s, double x1, double y1, double x2, double y2, const char *cls)
{
	st_buf_adds(&s->b, "<line x1=\"");
	num(&s->b, x1);
	st_buf_adds(&s->b, "\" y1=\"");
	num(&s->b, y1);
	st_buf_adds(&s->b, "\" x2=\"");
	num(&s->b, x2);
	st_buf_adds(&s->b, "\" y2=\"");
	num(&s->b, y2);
	st_buf_adds(&s->b, "\"");
	cls_attr(&s->b, cls);
	st_buf_adds(&s->b, "/>\n");
}

void st_svg_polyline(struct st_svg *s, const double *x, const double *y, size_t n, const char *cls)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;

		while (j < n && isfinite(y[j]) && isfinite(x[j]))
			j++;
		if (j - i == 1) {
			st_svg_dot(s, x[i], y[i], 1.5, cls, NULL);
		} else if (j > i) {
			st_buf_adds(&s->b, "<polyline points=\"");
			for (size_t k = i; k < j; k++) {
				if (k > i)
					st_buf_adds(&s->b, " ");
				num(&s->b, x[k]);
				st_buf_adds(&s->b, ",");
				num(&s->b, y[k]);
			}
			st_buf_adds(&s->b, "\" fill=\"none\"");
			cls_attr(&s->b, cls);
			st_buf_adds(&s->b, "/>\n");
		}
		i = j + 1;
	}
}

void st_svg_dot(struct st_svg *s, double x, double y, double r, const char *cls, const char *title)
{
	st_buf_adds(&s->b, "<circle cx=\"");
	num(&s->b, x);
	st_buf_adds(&s->b, "\" cy=\"");
	num(&s->b, y);
	st_buf_adds(&s->b, "\" r=\"");
	num(&s->b, r);
	st_buf_adds(&s->b, "\"");
	cls_attr(&s->b, cls);
	close_el(&s->b, "circle", title);
}

void st_svg_text(struct st_svg *s, double x, double y, const char *anchor, const char *cls,
		 const char *text)
{
	st_buf_adds(&s->b, "<text x=\"");
	num(&s->b, x);
	st_buf_adds(&s->b, "\" y=\"");
	num(&s->b, y);
	st_buf_adds(&s->b, "\"");
	if (anchor && strcmp(anchor, "start") != 0) {
		st_buf_adds(&s->b, " text-anchor=\"");
		st_xml_escape(&s->b, anchor);
		st_buf_adds(&s->b, "\"");
	}
	cls_attr(&s->b, cls);
	st_buf_adds(&s->b, ">");
	st_xml_escape(&s->b, text);
	st_buf_adds(&s->b, "</text>\n");
}

void st_plot_init(struct st_plot *p, const struct st_svg *s, const double margin[4], double x0, double x1,
		  bool xlog, double y0, double y1, bool ylog)
{
	*p = (struct st_plot){ .x = margin[0], .y = margin[2] };
	p->w = s->w - margin[0] - margin[1];
	p->h = s->h - margin[2] - margin[3];
	if (xlog && x0 > 0 && x1 > x0)
		st_scale_log(&p->sx, x0, x1, p->x, p->x + p->w);
	else {
		p->xstep = st_nice_range(&x0, &x1, 6);
		st_scale_linear(&p->sx, x0, x1, p->x, p->x + p->w);
	}
	if (ylog && y0 > 0 && y1 > y0)
		st_scale_log(&p->sy, y0, y1, p->y + p->h, p->y);
	else {
		p->ystep = st_nice_range(&y0, &y1, 4);
		st_scale_linear(&p->sy, y0, y1, p->y + p->h, p->y);
	}
}

#define MAX_TICKS 40

static size_t axis_ticks(const struct st_scale *sc, double step, double *t)
{
	double lo = sc->d0 < sc->d1 ? sc->d0 : sc->d1, hi = sc->d0 < sc->d1 ? sc->d1 : sc->d0;

	return sc->log ? st_ticks_log(lo, hi, t, MAX_TICKS) : st_ticks_linear(lo, hi, step, t, MAX_TICKS);
}

void st_plot_axes(struct st_svg *s, const struct st_plot *p, const char *xlabel, const char *ylabel,
		  st_svg_fmt fx, st_svg_fmt fy)
{
	double t[MAX_TICKS];
	double bottom = p->y + p->h;
	char lab[48];
	size_t n;

	if (!fx)
		fx = st_tick_label;
	if (!fy)
		fy = st_tick_label;
	n = axis_ticks(&p->sy, p->ystep, t);
	for (size_t i = 0; i < n; i++) {
		double y = st_scale_map(&p->sy, t[i]);

		st_svg_line(s, p->x, y, p->x + p->w, y, "grid");
		fy(t[i], p->ystep, lab, sizeof(lab));
		st_svg_text(s, p->x - 4, y + 3.5, "end", "tick", lab);
	}
	n = axis_ticks(&p->sx, p->xstep, t);
	for (size_t i = 0; i < n; i++) {
		double x = st_scale_map(&p->sx, t[i]);

		st_svg_line(s, x, bottom, x, bottom + 4, "axis");
		fx(t[i], p->xstep, lab, sizeof(lab));
		st_svg_text(s, x, bottom + 15, "middle", "tick", lab);
	}
	st_svg_line(s, p->x, bottom, p->x + p->w, bottom, "axis");
	st_svg_line(s, p->x, p->y, p->x, bottom, "axis");
	if (xlabel)
		st_svg_text(s, p->x + p->w / 2, bottom + 30, "middle", "label", xlabel);
	if (ylabel)
		st_svg_text(s, p->x, p->y - 6, "start", "label", ylabel);
}

void st_plot_span(struct st_svg *s, const struct st_plot *p, double x0, double x1, const char *cls,
		  const char *title)
{
	double a = st_scale_map(&p->sx, x0), b = st_scale_map(&p->sx, x1);

	st_svg_rect(s, a, p->y, b - a, p->h, cls, title);
}
