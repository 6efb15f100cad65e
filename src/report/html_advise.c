/*
 * html_advise.c - owns advise's part of the HTML report: the machine's
 * device tree as probe --json has it (stacks under each of their members,
 * as lsblk shows them), each recommendation and piece of advice next to the
 * device (or the mount on it) it is for, coloured by risk, the why, source,
 * rule and command one click away in a <details>; the system-wide ones
 * after the tree.  Without a probe object (a saved advise --json alone)
 * they are grouped by target.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "html_int.h"

struct item {
	struct json_object *o;
	bool advice; /* advise-only (no knob) */
	bool shown;
};

struct items {
	struct item *v;
	size_t n;
};

static const char *risk_of(struct json_object *o)
{
	const char *r = h_str(o, "risk");

	if (r && (strcmp(r, "none") == 0 || strcmp(r, "low") == 0 || strcmp(r, "durability") == 0))
		return r;
	return "unknown";
}

static const char *base(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;

	return s ? s + 1 : path;
}

static void item(struct st_buf *b, struct item *it)
{
	struct json_object *o = it->o;
	const char *risk = risk_of(o), *cmd = h_str(o, "command"), *fstab = h_str(o, "fstab_line");
	char line[256];

	it->shown = true;
	st_buf_adds(b, "<details class=\"risk-");
	h_esc(b, risk);
	st_buf_adds(b, "\"><summary>");
	if (it->advice)
		st_buf_adds(b, "<span class=\"badge advice\">advice</span>");
	if (!it->advice || strcmp(risk, "none") != 0) {
		st_buf_adds(b, "<span class=\"badge risk-");
		h_esc(b, risk);
		st_buf_adds(b, "\">risk ");
		h_esc(b, risk);
		st_buf_adds(b, "</span>");
	}
	h_esc(b, h_str(o, "summary"));
	if (!it->advice && h_str(o, "knob")) {
		st_buf_adds(b, " <span class=\"mute\">(");
		h_tag(b, "code", NULL, h_str(o, "knob"));
		st_buf_adds(b, ": ");
		h_esc(b, h_str(o, "current") ? h_str(o, "current") : "?");
		st_buf_adds(b, " → ");
		h_esc(b, h_str(o, "recommended") ? h_str(o, "recommended") : "?");
		st_buf_adds(b, ")</span>");
	}
	st_buf_adds(b, "</summary>\n");
	if (h_str(o, "why"))
		h_tag(b, "p", NULL, h_str(o, "why"));
	if (cmd || fstab) {
		st_buf_adds(b, "<pre>");
		h_esc(b, cmd ? cmd : fstab);
		if (cmd && fstab) {
			st_buf_adds(b, "\n");
			h_esc(b, fstab);
		}
		st_buf_adds(b, "</pre>\n");
	}
	st_buf_adds(b, "<p class=\"mute\">rule ");
	h_tag(b, "code", NULL, h_str(o, "rule"));
	if (h_str(o, "rule_file")) {
		snprintf(line, sizeof(line), " (%s:%.0f)", base(h_str(o, "rule_file")), h_num(o, "rule_line"));
		h_esc(b, line);
	}
	if (h_str(o, "precedence")) {
		st_buf_adds(b, "; ");
		h_esc(b, h_str(o, "precedence"));
	}
	if (h_str(o, "validate")) {
		st_buf_adds(b, "; validated with ");
		h_tag(b, "code", NULL, h_str(o, "validate"));
	}
	if (h_str(o, "source")) {
		st_buf_adds(b, "<br>source: ");
		h_esc(b, h_str(o, "source"));
	}
	st_buf_adds(b, "</p>\n</details>\n");
}

static bool mounted_at(struct json_object *dev, const char *target)
{
	struct json_object *m = h_get(dev, "mounts");

	for (size_t i = 0; i < h_len(m); i++) {
		const char *t = h_str(h_at(m, i), "target");

		if (!t && json_object_is_type(h_at(m, i), json_type_string))
			t = json_object_get_string(h_at(m, i));
		if (t && strcmp(t, target) == 0)
			return true;
	}
	return false;
}

/* The items for dev: device scope by name, mount scope by its mounts. */
static size_t items_for(struct st_buf *b, struct items *its, struct json_object *dev)
{
	const char *name = h_str(dev, "name");
	size_t n = 0;

	for (size_t i = 0; i < its->n; i++) {
		struct json_object *o = its->v[i].o;
		const char *scope = h_str(o, "scope"), *target = h_str(o, "target");

		if (its->v[i].shown || !scope || !target)
			continue;
		if ((strcmp(scope, "device") == 0 && name && strcmp(target, name) == 0) ||
		    (strcmp(scope, "mount") == 0 && mounted_at(dev, target))) {
			item(b, &its->v[i]);
			n++;
		}
	}
	return n;
}

/* depth: the tree is the probe's, whose stacks repeat under each member */
#define MAX_DEPTH 16

struct seen {
	const char **v;
	size_t n, cap;
};

static bool seen_add(struct seen *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return false;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		s->v = st_xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = name;
	return true;
}

static void device(struct st_buf *b, struct json_object *dev, struct items *its, struct seen *seen, int depth)
{
	const char *name = h_str(dev, "name");
	struct json_object *kids = h_get(dev, "children"), *mounts = h_get(dev, "mounts");
	bool first;
	char size[32];

	if (!name || depth > MAX_DEPTH)
		return;
	first = seen_add(seen, name);
	st_buf_adds(b, "<li><span class=\"dev\"><code>");
	h_esc(b, name);
	st_buf_adds(b, "</code></span> <span class=\"mute\">");
	h_esc(b, h_str(dev, "type") ? h_str(dev, "type") : "?");
	if (h_str(dev, "class")) {
		st_buf_adds(b, ", ");
		h_esc(b, h_str(dev, "class"));
	}
	if (isfinite(h_num(dev, "size"))) {
		h_bytes(h_num(dev, "size"), size, sizeof(size));
		st_buf_addf(b, ", %s", size);
	}
	if (h_str(dev, "transport")) {
		st_buf_adds(b, ", ");
		h_esc(b, h_str(dev, "transport"));
	}
	if (h_str(dev, "model")) {
		st_buf_adds(b, ", ");
		h_esc(b, h_str(dev, "model"));
	}
	if (h_str(dev, "scheduler")) {
		st_buf_adds(b, ", scheduler ");
		h_esc(b, h_str(dev, "scheduler"));
	}
	for (size_t i = 0; i < h_len(mounts); i++) {
		const char *t = h_str(h_at(mounts, i), "target");

		if (t) {
			st_buf_adds(b, i ? ", " : ", on ");
			h_tag(b, "code", NULL, t);
		}
	}
	st_buf_adds(b, "</span>\n");
	if (first)
		items_for(b, its, dev);
	else
		st_buf_adds(b, "<span class=\"mute\">(shown above, under its first member)</span>\n");
	if (first && h_len(kids)) {
		st_buf_adds(b, "<ul>\n");
		for (size_t i = 0; i < h_len(kids); i++)
			device(b, h_at(kids, i), its, seen, depth + 1);
		st_buf_adds(b, "</ul>\n");
	}
	st_buf_adds(b, "</li>\n");
}

static void collect(struct items *its, struct json_object *a, bool advice)
{
	for (size_t i = 0; i < h_len(a); i++) {
		its->v = st_xrealloc(its->v, (its->n + 1) * sizeof(*its->v));
		its->v[its->n++] = (struct item){ .o = h_at(a, i), .advice = advice };
	}
}

static void system_facts(struct st_buf *b, struct json_object *sys)
{
	struct json_object *vm = h_get(sys, "vm"), *virt = h_get(sys, "virtualization");
	char v[64];

	if (!sys)
		return;
	st_buf_adds(b, "<table>\n");
	h_bytes(h_num(sys, "mem_total"), v, sizeof(v));
	h_row(b, "memory", v);
	h_fmt(h_num(sys, "cpus"), 0, v, sizeof(v));
	h_row(b, "CPUs", v);
	if (virt)
		h_row(b, "virtualized", h_bool(virt, "virtualized") ? (h_str(virt, "hypervisor") ?
								       h_str(virt, "hypervisor") : "yes") : "no");
	if (json_object_is_type(vm, json_type_object)) {
		json_object_object_foreach(vm, k, val) {
			char key[80];

			if (json_object_is_type(val, json_type_null))
				snprintf(v, sizeof(v), "unknown");
			else
				h_fmt(json_object_get_double(val), 0, v, sizeof(v));
			snprintf(key, sizeof(key), "vm.%s", k);
			h_row(b, key, v);
		}
	}
	st_buf_adds(b, "</table>\n");
}

static void one_advise(struct st_buf *b, const struct st_report_doc *d, const struct st_report_doc *probe,
		       bool several)
{
	struct items its = { 0 };
	struct json_object *roots = probe ? h_get(probe->o, "devices") : NULL;
	struct seen seen = { 0 };
	char line[200];
	size_t left = 0;

	collect(&its, h_get(d->o, "recommendations"), false);
	collect(&its, h_get(d->o, "advice"), true);
	if (several) {
		st_buf_adds(b, "<h3 class=\"mute\">");
		h_esc(b, h_label(d));
		st_buf_adds(b, "</h3>\n");
	}
	st_buf_adds(b, "<p class=\"meta\">Profile ");
	h_tag(b, "code", NULL, h_str(d->o, "profile"));
	snprintf(line, sizeof(line), ": %zu recommendation%s, %zu piece%s of advice; %.0f setting%s already "
		 "as the profile wants.", h_len(h_get(d->o, "recommendations")),
		 h_len(h_get(d->o, "recommendations")) == 1 ? "" : "s", h_len(h_get(d->o, "advice")),
		 h_len(h_get(d->o, "advice")) == 1 ? "" : "s", h_num(d->o, "already_ok"),
		 h_num(d->o, "already_ok") == 1 ? " is" : "s are");
	h_esc(b, isfinite(h_num(d->o, "already_ok")) ? line : "");
	st_buf_adds(b, " Risk: <span class=\"badge risk-none\">none</span><span class=\"badge risk-low\">low"
		       "</span><span class=\"badge risk-durability\">durability</span>(never applied without "
		       "<code>--allow-durability-risk</code>). Open an item for its reason and command.</p>\n");
	if (h_len(roots)) {
		st_buf_adds(b, "<h3>Devices</h3>\n<ul class=\"tree\">\n");
		for (size_t i = 0; i < h_len(roots); i++)
			device(b, h_at(roots, i), &its, &seen, 0);
		st_buf_adds(b, "</ul>\n");
	}
	for (size_t i = 0; i < its.n; i++)
		left += !its.v[i].shown;
	if (left) {
		const char *last = NULL;

		st_buf_adds(b, h_len(roots) ? "<h3>System and other targets</h3>\n" : "<h3>By target</h3>\n");
		for (size_t i = 0; i < its.n; i++) {
			const char *t = h_str(its.v[i].o, "target");

			if (its.v[i].shown)
				continue;
			if (!last || !t || strcmp(last, t) != 0) {
				st_buf_adds(b, "<h4><code>");
				h_esc(b, t ? t : "?");
				st_buf_adds(b, "</code></h4>\n");
			}
			last = t;
			item(b, &its.v[i]);
			/* the rest for the same target right after it */
			for (size_t k = i + 1; k < its.n; k++)
				if (!its.v[k].shown && st_streq(h_str(its.v[k].o, "target"), t))
					item(b, &its.v[k]);
		}
	}
	if (probe && h_get(probe->o, "system")) {
		st_buf_adds(b, "<h3>System</h3>\n");
		system_facts(b, h_get(probe->o, "system"));
	}
	free(its.v);
	free(seen.v);
}

void st_html_advise(struct st_buf *b, const struct st_report_doc *d, size_t n,
		    const struct st_report_doc *probe)
{
	st_buf_adds(b, "<h2>Advice</h2>\n");
	for (size_t i = 0; i < n; i++)
		one_advise(b, &d[i], probe, n > 1);
}

void st_html_probe(struct st_buf *b, const struct st_report_doc *d, size_t n)
{
	st_buf_adds(b, "<h2>Devices</h2>\n");
	for (size_t i = 0; i < n; i++) {
		struct json_object *roots = h_get(d[i].o, "devices");
		struct items none = { 0 };
		struct seen seen = { 0 };

		if (n > 1)
			h_tag(b, "h3", "mute", h_label(&d[i]));
		st_buf_adds(b, "<ul class=\"tree\">\n");
		for (size_t k = 0; k < h_len(roots); k++)
			device(b, h_at(roots, k), &none, &seen, 0);
		st_buf_adds(b, "</ul>\n");
		system_facts(b, h_get(d[i].o, "system"));
		free(seen.v);
	}
}
