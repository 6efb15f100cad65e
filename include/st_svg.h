/*
 * st_svg.h - a small SVG writer for the HTML reports: linear and log scales,
 * axis ticks on "nice" numbers (1, 2, 5 times a power of ten), axes with
 * labels, and the marks the reports draw (bars, polylines, dots, shaded
 * spans, text).  Every string is XML-escaped on the way out, and numbers are
 * printed with fixed precision, so that the same input gives the same bytes.
 *
 * No library: Debian has none for C that writes SVG charts (cairo's SVG
 * surface draws paths, not charts, and writes no text as text; plotutils
 * and gnuplot are programs, not libraries a C tool can link), see README.
 */
#ifndef ST_SVG_H
#define ST_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "st_util.h"

/* A mapping from data values [d0, d1] to pixels [r0, r1] (r0 > r1 is fine:
 * a y axis grows upwards). */
struct st_scale {
	double d0, d1, r0, r1;
	bool log; /* log10 of the values; d0, d1 > 0 */
};

void st_scale_linear(struct st_scale *s, double d0, double d1, double r0, double r1);
/* -EINVAL when d0 or d1 is not above 0 (the scale is then linear). */
int st_scale_log(struct st_scale *s, double d0, double d1, double r0, double r1);
/* v's pixel; a log scale maps v <= 0 to r0.  Outside [d0, d1] extrapolates. */
double st_scale_map(const struct st_scale *s, double v);

/*
 * The tick step for about want ticks over [lo, hi]: 1, 2 or 5 times a power
 * of ten (0 when hi <= lo or either is not finite).
 */
double st_nice_step(double lo, double hi, unsigned want);
/* Widens [*lo, *hi] to whole steps of st_nice_step(); an empty or inverted
 * range becomes one around *lo ([0, 1] for 0).  Returns the step. */
double st_nice_range(double *lo, double *hi, unsigned want);
/* The multiples of step in [lo, hi] into out (at most max); their count. */
size_t st_ticks_linear(double lo, double hi, double step, double *out, size_t max);
/*
 * Log ticks over [lo, hi] (lo > 0): the powers of ten inside; when that is
 * fewer than 3, also 2 and 5 times them; when the range is inside one
 * decade, the linear ticks.  Their count (0 when lo <= 0).
 */
size_t st_ticks_log(double lo, double hi, double *out, size_t max);

/* A tick label: as few decimals as step needs, thousands as k, M, G
 * ("0", "2.5", "150", "12k", "1.5M"). */
void st_tick_label(double v, double step, char *buf, size_t len);
/* A latency in microseconds: "800 ns", "250 µs", "1.5 ms", "2 s". */
void st_fmt_us(double us, char *buf, size_t len);

typedef void (*st_svg_fmt)(double v, double step, char *buf, size_t len);

/* Appends s to b XML-escaped (& < > " '); control characters XML does not
 * allow, and bytes that are not UTF-8, become U+FFFD.  NULL appends "". */
void st_xml_escape(struct st_buf *b, const char *s);

struct st_svg {
	struct st_buf b;
	double w, h;
};

/* Opens an <svg> of w x h user units that scales to its container's width
 * (viewBox, width 100%); label is its accessible name (role img). */
void st_svg_begin(struct st_svg *s, double w, double h, const char *label);
/* Closes it and hands the text over (the caller frees it). */
char *st_svg_end(struct st_svg *s);

/* Marks: cls is a CSS class of the page (NULL: none); title, when not NULL,
 * is a tooltip (an SVG <title>, no script). */
void st_svg_rect(struct st_svg *s, double x, double y, double w, double h, const char *cls,
		 const char *title);
void st_svg_line(struct st_svg *s, double x1, double y1, double x2, double y2, const char *cls);
/* A line through the points; a NaN y breaks it into separate polylines. */
void st_svg_polyline(struct st_svg *s, const double *x, const double *y, size_t n, const char *cls);
void st_svg_dot(struct st_svg *s, double x, double y, double r, const char *cls, const char *title);
/* anchor: "start", "middle" or "end". */
void st_svg_text(struct st_svg *s, double x, double y, const char *anchor, const char *cls,
		 const char *text);

/* A plot area and its two scales; the axes are drawn around it. */
struct st_plot {
	double x, y, w, h;        /* the area inside the axes, user units */
	struct st_scale sx, sy;
	double xstep, ystep;      /* the tick steps (log scales: 0) */
};

/*
 * Sets p's area to the svg minus margins (left, right, top, bottom) and its
 * scales to the data ranges; a linear range is widened to nice ticks, a log
 * one (xlog / ylog) kept.
 */
void st_plot_init(struct st_plot *p, const struct st_svg *s, const double margin[4], double x0, double x1,
		  bool xlog, double y0, double y1, bool ylog);
/* The x axis at the bottom and the y axis on the left, with ticks, grid
 * lines, tick labels (fx, fy; NULL: st_tick_label) and axis labels. */
void st_plot_axes(struct st_svg *s, const struct st_plot *p, const char *xlabel, const char *ylabel,
		  st_svg_fmt fx, st_svg_fmt fy);
/* A shaded span from data x0 to x1 over the plot's height. */
void st_plot_span(struct st_svg *s, const struct st_plot *p, double x0, double x1, const char *cls,
		  const char *title);

#endif
