/*
 * test_svg.c - the report's SVG writer: scales map data to pixels (linear,
 * log, inverted y), tick steps are 1-2-5 on awkward ranges, log axes tick on
 * decades (with 2 and 5 when there are few), labels read as a person writes
 * them, and every string is escaped (no raw <, &, quotes; bad bytes and
 * control characters replaced) so a hostile name cannot break the page.
 */
#include <errno.h>
#include <math.h>

#include "st_test.h"
#include "st_svg.h"

static void assert_near(double got, double want)
{
	if (fabs(got - want) > 1e-9 * (fabs(want) + 1))
		fail_msg("got %.12g, wanted %.12g", got, want);
}

static void test_scales(void **state)
{
	struct st_scale s;

	(void)state;
	st_scale_linear(&s, 0, 100, 10, 210);
	assert_near(st_scale_map(&s, 0), 10);
	assert_near(st_scale_map(&s, 50), 110);
	assert_near(st_scale_map(&s, 100), 210);
	/* a y axis: data grows up, pixels down */
	st_scale_linear(&s, 0, 10, 100, 0);
	assert_near(st_scale_map(&s, 2.5), 75);
	/* an empty domain maps to the middle, not NaN */
	st_scale_linear(&s, 5, 5, 0, 100);
	assert_near(st_scale_map(&s, 5), 50);

	assert_int_equal(st_scale_log(&s, 1, 1000, 0, 300), 0);
	assert_near(st_scale_map(&s, 10), 100);
	assert_near(st_scale_map(&s, 100), 200);
	assert_near(st_scale_map(&s, 0), 0); /* <= 0 sits at the start */
	assert_near(st_scale_map(&s, -3), 0);
	assert_int_equal(st_scale_log(&s, 0, 10, 0, 100), -EINVAL);
	assert_false(s.log);
}

struct step_case {
	double lo, hi;
	unsigned want;
	double step, nlo, nhi;
};

static void test_nice_steps(void **state)
{
	/* awkward ranges: not from 0, tiny, huge, negative, a single value */
	static const struct step_case c[] = {
		{ 0, 100, 5, 20, 0, 100 },
		{ 0, 97.3, 4, 20, 0, 100 },
		{ 3.2, 8.7, 5, 1, 3, 9 },
		{ 0.0013, 0.0291, 4, 0.005, 0, 0.03 },
		{ 187000, 192500, 4, 1000, 187000, 193000 },
		{ -7, 13, 4, 5, -10, 15 },
		{ 0, 0.3, 3, 0.1, 0, 0.3 },
		{ 123456, 123456, 4, 20000, 0, 140000 },
		{ 0, 0, 4, 0.2, 0, 1 },
		{ -3, -3, 4, 1, -3, 0 },
		{ 0, 1e9, 4, 2e8, 0, 1e9 },
	};

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(c); i++) {
		double lo = c[i].lo, hi = c[i].hi, step = st_nice_range(&lo, &hi, c[i].want);
		double m = step / pow(10, floor(log10(step)));

		if (fabs(step - c[i].step) > 1e-12 * c[i].step || fabs(lo - c[i].nlo) > 1e-9 * step ||
		    fabs(hi - c[i].nhi) > 1e-9 * step)
			fail_msg("[%g, %g] want %u: step %g [%g, %g], wanted %g [%g, %g]", c[i].lo, c[i].hi,
				 c[i].want, step, lo, hi, c[i].step, c[i].nlo, c[i].nhi);
		/* always 1, 2 or 5 times a power of ten */
		assert_true(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9);
	}
	assert_true(st_nice_step(1, 0, 4) == 0);
	assert_true(st_nice_step(0, NAN, 4) == 0);
}

static void test_linear_ticks(void **state)
{
	double t[16];
	size_t n;

	(void)state;
	/* 0.1 steps land on 0.3 exactly, and 0 is not "-0" */
	n = st_ticks_linear(-0.2, 0.3, 0.1, t, 16);
	assert_int_equal(n, 6);
	assert_true(t[2] == 0 && !signbit(t[2]));
	assert_near(t[5], 0.3);
	/* only multiples inside the range, capped at max */
	n = st_ticks_linear(3.2, 8.7, 1, t, 16);
	assert_int_equal(n, 5);
	assert_near(t[0], 4);
	assert_near(t[4], 8);
	assert_int_equal(st_ticks_linear(0, 100, 1, t, 16), 16);
	assert_int_equal(st_ticks_linear(0, 1, 0, t, 16), 0);
}

static void test_log_ticks(void **state)
{
	double t[40];
	size_t n;

	(void)state;
	/* 10 us .. 100 ms: the decades only */
	n = st_ticks_log(10, 100000, t, 40);
	assert_int_equal(n, 5);
	assert_near(t[0], 10);
	assert_near(t[4], 100000);
	/* an awkward range: 37 .. 52,000 has decades 100, 1000, 10000 */
	n = st_ticks_log(37, 52000, t, 40);
	assert_int_equal(n, 3);
	assert_near(t[0], 100);
	assert_near(t[2], 10000);
	/* two decades or fewer: 1, 2, 5 of each */
	n = st_ticks_log(80, 3000, t, 40);
	assert_int_equal(n, 5);
	assert_near(t[0], 100);
	assert_near(t[1], 200);
	assert_near(t[2], 500);
	assert_near(t[3], 1000);
	assert_near(t[4], 2000);
	/* inside one decade: linear steps, still nice */
	n = st_ticks_log(120, 480, t, 40);
	assert_true(n >= 3);
	for (size_t i = 0; i < n; i++)
		assert_true(t[i] >= 120 && t[i] <= 480);
	assert_near(t[1] - t[0], 100);
	assert_int_equal(st_ticks_log(0, 10, t, 40), 0);
	assert_int_equal(st_ticks_log(1, INFINITY, t, 40), 0);
	/* a saved file may hold anything: at most max ticks, never a hang */
	assert_true(st_ticks_log(1e-300, 1e300, t, 40) <= 40);
	assert_true(st_ticks_linear(1e300, 1.0000001e300, 1, t, 40) <= 40);
}

static void test_labels(void **state)
{
	char b[32];

	(void)state;
	st_tick_label(0, 20, b, sizeof(b));
	assert_string_equal(b, "0");
	st_tick_label(2.5, 0.5, b, sizeof(b));
	assert_string_equal(b, "2.5");
	st_tick_label(150, 50, b, sizeof(b));
	assert_string_equal(b, "150");
	st_tick_label(5000, 1000, b, sizeof(b));
	assert_string_equal(b, "5000");
	st_tick_label(12000, 2000, b, sizeof(b));
	assert_string_equal(b, "12k");
	st_tick_label(187500, 500, b, sizeof(b));
	assert_string_equal(b, "187.5k");
	st_tick_label(1.5e6, 5e5, b, sizeof(b));
	assert_string_equal(b, "1.5M");
	st_tick_label(-0.0, 0.1, b, sizeof(b));
	assert_string_equal(b, "0.0");
	st_tick_label(0.03, 0.005, b, sizeof(b));
	assert_string_equal(b, "0.030");

	st_fmt_us(0.8, b, sizeof(b));
	assert_string_equal(b, "800 ns");
	st_fmt_us(250, b, sizeof(b));
	assert_string_equal(b, "250 µs");
	st_fmt_us(1500, b, sizeof(b));
	assert_string_equal(b, "1.5 ms");
	st_fmt_us(10000, b, sizeof(b));
	assert_string_equal(b, "10 ms");
	st_fmt_us(2e6, b, sizeof(b));
	assert_string_equal(b, "2 s");
	st_fmt_us(12.34, b, sizeof(b));
	assert_string_equal(b, "12.3 µs");
}

static char *escaped(const char *s)
{
	struct st_buf b = { 0 };

	st_xml_escape(&b, s);
	return st_buf_steal(&b);
}

static void test_escaping(void **state)
{
	char *e;

	(void)state;
	e = escaped("<script>alert(1)</script>&\"'");
	assert_string_equal(e, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;");
	free(e);
	e = escaped(NULL);
	assert_string_equal(e, "");
	free(e);
	/* UTF-8 passes, bad bytes and control characters do not */
	e = escaped("µs \xc3\xa9 \xff\xfe \x01 \xc0\xaf ok\tx");
	assert_string_equal(e, "µs é \xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd ok\tx");
	free(e);
	/* a truncated sequence at the end */
	e = escaped("ab\xe2\x82");
	assert_string_equal(e, "ab\xef\xbf\xbd\xef\xbf\xbd");
	free(e);
}

static void test_svg_marks(void **state)
{
	static const double margin[4] = { 40, 10, 20, 30 };
	struct st_svg s;
	struct st_plot p;
	double x[] = { 0, 1, 2, 3, 4 }, y[] = { 1, 2, NAN, 3, 4 };
	char *out;

	(void)state;
	st_svg_begin(&s, 400, 200, "a \"chart\" <of> sda & sdb");
	st_plot_init(&p, &s, margin, 0, 4, false, 0, 97, false);
	assert_near(p.sy.d1, 100);
	assert_near(st_scale_map(&p.sy, 0), 170);
	st_plot_axes(&s, &p, "time (s)", "IOPS", NULL, NULL);
	st_plot_span(&s, &p, 1, 2, "sat", "saturated: aqu-sz > 1 & util 100%");
	for (size_t i = 0; i < 5; i++)
		y[i] = isnan(y[i]) ? NAN : st_scale_map(&p.sy, y[i] * 20), x[i] = st_scale_map(&p.sx, x[i]);
	st_svg_polyline(&s, x, y, 5, "a");
	st_svg_dot(&s, 10, 10, 3, "b", "trial <1>");
	st_svg_rect(&s, 10, 10, -5, -5, NULL, NULL);
	st_svg_text(&s, 1, 2, "middle", "t", "p99 <'9'>");
	out = st_svg_end(&s);
	assert_non_null(strstr(out, "viewBox=\"0 0 400.0 200.0\" width=\"100%\""));
	assert_non_null(strstr(out, "aria-label=\"a &quot;chart&quot; &lt;of&gt; sda &amp; sdb\""));
	assert_non_null(strstr(out, "<title>saturated: aqu-sz &gt; 1 &amp; util 100%</title></rect>"));
	assert_non_null(strstr(out, "<title>trial &lt;1&gt;</title></circle>"));
	assert_non_null(strstr(out, ">p99 &lt;&#39;9&#39;&gt;</text>"));
	/* the NaN breaks the line: two polylines */
	assert_non_null(strstr(out, "<polyline"));
	assert_non_null(strstr(strstr(out, "<polyline") + 1, "<polyline"));
	/* a negative width is flipped */
	assert_non_null(strstr(out, "<rect x=\"5.0\" y=\"5.0\" width=\"5.0\" height=\"5.0\"/>"));
	/* tick labels of the nice range */
	assert_non_null(strstr(out, ">100</text>"));
	assert_null(strstr(out, "nan"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scales),
		cmocka_unit_test(test_nice_steps),
		cmocka_unit_test(test_linear_ticks),
		cmocka_unit_test(test_log_ticks),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_svg_marks),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
