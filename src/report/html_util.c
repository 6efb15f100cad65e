/*
 * html_util.c - owns what the HTML report's section writers and its page
 * share (html_int.h): JSON members read leniently (missing, null or of
 * another type is "not there", never a crash: saved files may be old or
 * edited), escaped text and tags, and numbers and sizes for people.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "html_int.h"

struct json_object *h_get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

double h_num(struct json_object *o, const char *key)
{
	struct json_object *v = h_get(o, key);

	if (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int))
		return json_object_get_double(v);
	return NAN;
}

const char *h_str(struct json_object *o, const char *key)
{
	struct json_object *v = h_get(o, key);

	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

bool h_bool(struct json_object *o, const char *key)
{
	struct json_object *v = h_get(o, key);

	return json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
}

size_t h_len(struct json_object *a)
{
	return json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

struct json_object *h_at(struct json_object *a, size_t i)
{
	return i < h_len(a) ? json_object_array_get_idx(a, i) : NULL;
}

void h_esc(struct st_buf *b, const char *s)
{
	st_xml_escape(b, s);
}

void h_tag(struct st_buf *b, const char *tag, const char *cls, const char *text)
{
	st_buf_addf(b, "<%s", tag);
	if (cls) {
		st_buf_adds(b, " class=\"");
		h_esc(b, cls);
		st_buf_adds(b, "\"");
	}
	st_buf_adds(b, ">");
	h_esc(b, text);
	st_buf_addf(b, "</%s>", tag);
}

void h_svg(struct st_buf *b, struct st_svg *s)
{
	char *t = st_svg_end(s);

	st_buf_adds(b, "<div class=\"chart\">\n");
	st_buf_adds(b, t);
	st_buf_adds(b, "</div>\n");
	free(t);
}

void h_row(struct st_buf *b, const char *key, const char *value)
{
	st_buf_adds(b, "<tr>");
	h_tag(b, "th", NULL, key);
	h_tag(b, "td", NULL, value);
	st_buf_adds(b, "</tr>\n");
}

void h_fmt(double v, int decimals, char *buf, size_t len)
{
	char tmp[64], *dot;
	size_t n, lead, out = 0;

	if (!isfinite(v)) {
		snprintf(buf, len, "-");
		return;
	}
	snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);
	if (strspn(tmp, "-0.") == strlen(tmp) && tmp[0] == '-')
		memmove(tmp, tmp + 1, strlen(tmp)); /* no "-0" */
	dot = strchr(tmp, '.');
	n = dot ? (size_t)(dot - tmp) : strlen(tmp);
	lead = tmp[0] == '-';
	for (size_t i = 0; tmp[i] && out + 2 < len; i++) {
		if (i > lead && i < n && (n - i) % 3 == 0)
			buf[out++] = ',';
		buf[out++] = tmp[i];
	}
	buf[out] = '\0';
}

void h_bytes(double v, char *buf, size_t len)
{
	static const char *const u[] = { "B", "kB", "MB", "GB", "TB", "PB" };
	size_t i = 0;

	if (!isfinite(v)) {
		snprintf(buf, len, "-");
		return;
	}
	while (i + 1 < sizeof(u) / sizeof(u[0]) && fabs(v) >= 1000) {
		v /= 1000;
		i++;
	}
	snprintf(buf, len, i == 0 ? "%.0f %s" : "%.1f %s", v, u[i]);
}

const char *h_label(const struct st_report_doc *d)
{
	return d->name ? d->name : "this run";
}

