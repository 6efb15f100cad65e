/*
 * report_observe.c - owns how observe reads: iostat's extended columns
 * under iostat's names (so the numbers can be checked against it), the
 * shape of the I/O in words, the profile it suggests, and the caveats an
 * administrator needs to read %util.  JSON Lines for scripts: one object
 * per interval, numbers with three decimals.  st_observe_run prints
 * through the hooks at the end (st_report_observe_hooks), so that the
 * dependency runs from the report to observe only.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "st_json.h"
#include "st_profile.h"
#include "st_report_observe.h"
#include "st_report_table.h"
#include "st_scols.h"
#include "st_util.h"

#define ARROW_UTF8 "\u2192"

struct col {
	const char *head;
	int width;
	bool spare; /* left out first on a narrow terminal */
	size_t off;
};

#define COL(h, w, s, m) { h, w, s, offsetof(struct st_iostat, m) }

/* iostat -dx's columns, in its order for reads then writes.  A narrow
 * terminal keeps the rates, latencies, queue size and %util; it loses the
 * flushes, discards, request sizes and merges, then the throughput. */
static const struct col cols[] = {
	COL("r/s", 9, false, r_s),          COL("w/s", 9, false, w_s),
	COL("rkB/s", 10, true, rkb_s),      COL("wkB/s", 10, true, wkb_s),
	COL("rrqm/s", 8, true, rrqm_s),     COL("wrqm/s", 8, true, wrqm_s),
	COL("rareq-sz", 9, true, rareq_sz), COL("wareq-sz", 9, true, wareq_sz),
	COL("r_await", 8, false, r_await),  COL("w_await", 8, false, w_await),
	COL("aqu-sz", 7, false, aqu_sz),    COL("%util", 7, false, util),
	COL("f/s", 8, true, f_s),           COL("d/s", 8, true, d_s),
};

static double colval(const struct st_iostat *io, const struct col *c)
{
	return *(const double *)(const void *)((const char *)io + c->off);
}

static bool shown(const struct st_obs_row *r)
{
	return r->active || r->named;
}

/* Names for a line of text: "a, b, c", or the first LIST_MAX and "and N
 * more" (a JBOD has thousands). */
#define LIST_MAX 10

struct namelist {
	char **v;
	size_t n;
};

static void namelist_add(struct namelist *l, const char *name)
{
	if (l->n++ < LIST_MAX)
		st_strv_push(&l->v, name);
}

/* Returns NULL for an empty list; frees l's names. */
static char *namelist_take(struct namelist *l)
{
	char *s = l->v ? st_strv_join(l->v, ", ") : NULL;

	if (s && l->n > LIST_MAX) {
		char *t = st_xasprintf("%s and %zu more", s, l->n - LIST_MAX);

		free(s);
		s = t;
	}
	st_strv_free(l->v);
	memset(l, 0, sizeof(*l));
	return s;
}

/* One row's cells: the name (a holder indented under its member), the
 * numbers (f/s and d/s "-" where the kernel does not count them), the
 * pattern. */
static int add_row(struct libscols_table *tb, const struct st_obs_row *r)
{
	char num[ST_ARRAY_SIZE(cols)][32];
	const char *cells[ST_ARRAY_SIZE(cols) + 2];
	char *name = st_xasprintf("%s%s", r->holder ? "  " : "", r->name);
	char *pattern = st_xasprintf("%s%s", st_obs_pattern_name(r->shape.pattern),
				     r->saturated ? ", SATURATED" : "");
	int rc;

	cells[0] = name;
	for (size_t i = 0; i < ST_ARRAY_SIZE(cols); i++) {
		const struct col *c = &cols[i];

		if ((c->off == offsetof(struct st_iostat, f_s) && !r->io.has_flush) ||
		    (c->off == offsetof(struct st_iostat, d_s) && !r->io.has_discard))
			snprintf(num[i], sizeof(num[i]), "-");
		else
			snprintf(num[i], sizeof(num[i]), "%.2f", colval(&r->io, c));
		cells[i + 1] = num[i];
	}
	cells[ST_ARRAY_SIZE(cols) + 1] = pattern;
	rc = st_table_row(tb, ST_ARRAY_SIZE(cells), cells);
	free(name);
	free(pattern);
	return rc;
}

/*
 * The devices' table, as iostat -dx lays it out, through libsmartcols.  Each
 * column is at least as wide as iostat's (cols[].width), so that a live view
 * does not jump about as the figures change from one interval to the next.
 * Returns the number of rows, or a negative errno.
 */
static int print_table(FILE *out, const struct st_obs_interval *iv, struct namelist *idle)
{
	struct st_table_opts o = st_table_opts_for(out);
	struct libscols_table *tb = st_table_new(out, &o);
	struct libscols_column *cl;
	int rc = tb ? 0 : -ENOMEM, rows = 0;

	if (rc == 0 && (cl = st_table_column(tb, &o, "Device", 0)))
		st_table_column_min(cl, 8);
	for (size_t i = 0; tb && i < ST_ARRAY_SIZE(cols); i++)
		if ((cl = st_table_column(tb, &o, cols[i].head,
					  ST_COL_RIGHT | (cols[i].spare ? ST_COL_SPARE : 0))))
			st_table_column_min(cl, (size_t)cols[i].width);
	if (tb && !st_table_column(tb, &o, "pattern", ST_COL_TRUNC))
		rc = -ENOMEM;
	for (size_t i = 0; rc == 0 && i < iv->nrows; i++) {
		const struct st_obs_row *r = &iv->rows[i];

		if (shown(r)) {
			rc = add_row(tb, r);
			rows++;
		} else if (!r->holder) {
			namelist_add(idle, r->name);
		}
	}
	if (rc == 0 && rows)
		rc = st_table_print(tb, &o, NULL);
	scols_unref_table(tb);
	return rc < 0 ? rc : rows;
}

/* "vda, loop0" of the shown rows whose %util is not a saturation measure */
static char *unreliable_util(const struct st_obs_interval *iv)
{
	struct namelist l = { 0 };

	for (size_t i = 0; i < iv->nrows; i++)
		if (shown(&iv->rows[i]) && !st_obs_util_reliable(iv->rows[i].class))
			namelist_add(&l, iv->rows[i].name);
	return namelist_take(&l);
}

static void print_suggestion(FILE *out, const char *label, const struct st_obs_interval *iv, bool utf8)
{
	char *ev = st_obs_evidence(&iv->overall, &iv->overall_io);

	fprintf(out, "%-9s %s", label, ev);
	if (iv->suggested)
		fprintf(out, " %s %s%s%s%s", utf8 ? ARROW_UTF8 : "->", iv->suggested->name,
			iv->next ? " (next closest: " : "", iv->next ? iv->next->name : "",
			iv->next ? ")" : "");
	fputc('\n', out);
	free(ev);
}

static void print_body(FILE *out, const struct st_obs_interval *iv, bool utf8, bool caveat)
{
	struct namelist idle = { 0 };
	size_t active = 0;
	char *unrel, *idles;

	if (print_table(out, iv, &idle) <= 0 && !iv->nrows)
		fputs("(no device has done I/O)\n", out);
	for (size_t i = 0; i < iv->nrows; i++)
		active += iv->rows[i].active && !iv->rows[i].holder;
	idles = namelist_take(&idle);
	if (idles)
		fprintf(out, "idle: %s\n", idles);
	free(idles);
	fputc('\n', out);
	if (active > 1) {
		for (size_t i = 0; i < iv->nrows; i++) {
			const struct st_obs_row *r = &iv->rows[i];
			char *ev;

			if (!r->active || r->holder || r->shape.pattern == ST_OBS_IDLE)
				continue;
			ev = st_obs_evidence(&r->shape, &r->io);
			fprintf(out, "%-9s %s", r->name, ev);
			if (r->suggested)
				fprintf(out, " %s %s", utf8 ? ARROW_UTF8 : "->", r->suggested->name);
			fputc('\n', out);
			free(ev);
		}
	}
	print_suggestion(out, "overall:", iv, utf8);
	for (size_t i = 0; i < iv->nrows; i++)
		if (iv->rows[i].saturated)
			fprintf(out, "SATURATED %s: %s\n", iv->rows[i].name, iv->rows[i].saturation);
	if (iv->has_psi || iv->has_vm) {
		if (iv->has_psi)
			fprintf(out, "io pressure: some %.1f%%, full %.1f%%%s", iv->psi_some_pct,
				iv->psi_full_pct, iv->has_vm ? "; " : "\n");
		if (iv->has_vm)
			fprintf(out, "dirty %.1f MiB, under writeback %.1f MiB\n", (double)iv->dirty_kb / 1024,
				(double)iv->writeback_kb / 1024);
	}
	for (char **e = iv->events; e && *e; e++)
		fprintf(out, "note: %s\n", *e);
	unrel = caveat ? unreliable_util(iv) : NULL;
	if (unrel)
		fprintf(out, "%%util of %s: they serve requests in parallel, so 100%% only means one was "
			     "always in flight (iostat(1)); judge them by await and aqu-sz.\n",
			unrel);
	free(unrel);
}

int st_report_observe_text(FILE *out, const struct st_obs_interval *iv,
			   const struct st_report_observe_opts *o)
{
	bool utf8 = o->utf8;
	char when[16] = "";
	time_t now = time(NULL);
	struct tm tm;

	if (o->replay)
		snprintf(when, sizeof(when), "at +%.2f s", iv->since_start);
	else if (localtime_r(&now, &tm))
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
	if (o->live)
		fputs("\033[H\033[J", out); /* home, clear to the end of the screen */
	if (o->live)
		fprintf(out, "stortune observe: every %g s; Ctrl-C stops and sums up\n", o->interval_s);
	if (o->count > 0)
		fprintf(out, "interval %u of %ld, %.2f s, %s\n", iv->index, o->count, iv->seconds, when);
	else
		fprintf(out, "interval %u, %.2f s, %s\n", iv->index, iv->seconds, when);
	print_body(out, iv, utf8, o->live || iv->index == 1);
	if (!o->live)
		fputc('\n', out);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}

/* Do the busy top-level devices match different profiles? */
static bool differing(const struct st_obs_interval *iv)
{
	const struct st_profile *first = NULL;

	for (size_t i = 0; i < iv->nrows; i++) {
		const struct st_obs_row *r = &iv->rows[i];

		if (r->holder || !r->suggested)
			continue;
		if (first && r->suggested != first)
			return true;
		first = r->suggested;
	}
	return false;
}

int st_report_observe_summary(FILE *out, const struct st_obs_interval *sum)
{
	fprintf(out, "Summary of %.1f s:\n", sum->seconds);
	print_body(out, sum, false, true);
	if (sum->suggested && differing(sum)) {
		const struct st_profile **profs = st_xcalloc(sum->nrows + 1, sizeof(*profs));
		size_t np = 0;

		fputs("\nThe devices do different work, so advise for each its own profile:\n", out);
		for (size_t i = 0; i < sum->nrows; i++) { /* the profiles, in order of first use */
			const struct st_profile *p = sum->rows[i].suggested;
			size_t k = 0;

			while (k < np && profs[k] != p)
				k++;
			if (!sum->rows[i].holder && p && k == np)
				profs[np++] = p;
		}
		for (size_t k = 0; k < np; k++) {
			char **names = NULL, *list;

			for (size_t j = 0; j < sum->nrows; j++)
				if (!sum->rows[j].holder && sum->rows[j].suggested == profs[k])
					st_strv_push(&names, sum->rows[j].name);
			list = st_strv_join(names, " ");
			fprintf(out, "  stortune advise --profile %s %s\n", profs[k]->name, list);
			free(list);
			st_strv_free(names);
		}
		free(profs);
		fprintf(out, "Taken together they are closest to %s.\n", sum->suggested->name);
	} else if (sum->suggested)
		fprintf(out, "\nThe closest profile is %s: 'stortune advise --profile %s' shows its advice, "
			     "'stortune profiles show %s' what it assumes.\n",
			sum->suggested->name, sum->suggested->name, sum->suggested->name);
	else
		fputs("\nToo little I/O to suggest a profile.\n", out);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}

static struct json_object *num(double v, int decimals)
{
	char buf[64];

	if (!isfinite(v))
		return NULL;
	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	if (strcmp(buf, "-0.000") == 0 || strcmp(buf, "-0.0000") == 0)
		memmove(buf, buf + 1, strlen(buf));
	return json_object_new_double_s(v, buf);
}

static struct json_object *tri(int v)
{
	return v == ST_TRI_UNKNOWN ? NULL : json_object_new_boolean(v);
}

static void add(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

static struct json_object *shape_json(struct json_object *o, const struct st_obs_shape *sh)
{
	add(o, "pattern", json_object_new_string(st_obs_pattern_name(sh->pattern)));
	add(o, "req_kib", num(sh->req_kib, 3));
	add(o, "read_pct", num(sh->read_pct, 3));
	add(o, "fsync_heavy", tri(sh->fsync_heavy));
	return o;
}

static struct json_object *row_json(const struct st_obs_row *r)
{
	struct json_object *o = json_object_new_object();
	const struct st_iostat *io = &r->io;

	add(o, "name", json_object_new_string(r->name));
	add(o, "r_s", num(io->r_s, 3));
	add(o, "w_s", num(io->w_s, 3));
	add(o, "rkb_s", num(io->rkb_s, 3));
	add(o, "wkb_s", num(io->wkb_s, 3));
	add(o, "rrqm_s", num(io->rrqm_s, 3));
	add(o, "wrqm_s", num(io->wrqm_s, 3));
	add(o, "rareq_sz", num(io->rareq_sz, 3));
	add(o, "wareq_sz", num(io->wareq_sz, 3));
	add(o, "r_await", num(io->r_await, 3));
	add(o, "w_await", num(io->w_await, 3));
	add(o, "aqu_sz", num(io->aqu_sz, 3));
	add(o, "util", num(io->util, 3));
	add(o, "f_s", io->has_flush ? num(io->f_s, 3) : NULL);
	add(o, "f_await", io->has_flush ? num(io->f_await, 3) : NULL);
	add(o, "d_s", io->has_discard ? num(io->d_s, 3) : NULL);
	add(o, "dkb_s", io->has_discard ? num(io->dkb_s, 3) : NULL);
	shape_json(o, &r->shape);
	add(o, "suggested_profile", st_json_str(r->suggested ? r->suggested->name : NULL));
	add(o, "class", json_object_new_string(st_class_name(r->class)));
	add(o, "member_of", st_json_str(r->holder));
	add(o, "backing_device", st_json_str(r->backing));
	add(o, "util_reliable", json_object_new_boolean(st_obs_util_reliable(r->class)));
	add(o, "saturated", json_object_new_boolean(r->saturated));
	add(o, "saturation", st_json_str(r->saturation));
	return o;
}

struct json_object *st_report_observe_object(const struct st_obs_interval *iv)
{
	struct json_object *o = json_object_new_object(), *devs = json_object_new_array();
	struct json_object *ov = json_object_new_object(), *ev = json_object_new_array();
	char *evidence = st_obs_evidence(&iv->overall, &iv->overall_io);

	add(o, "interval_s", num(iv->seconds, 4));
	add(o, "index", json_object_new_int((int)iv->index));
	for (size_t i = 0; i < iv->nrows; i++)
		json_object_array_add(devs, row_json(&iv->rows[i]));
	add(o, "devices", devs);
	shape_json(ov, &iv->overall);
	add(ov, "iops", num(iv->overall.iops, 3));
	add(ov, "f_s", iv->overall_io.has_flush ? num(iv->overall_io.f_s, 3) : NULL);
	add(ov, "suggested_profile", st_json_str(iv->suggested ? iv->suggested->name : NULL));
	add(ov, "next_profile", st_json_str(iv->next ? iv->next->name : NULL));
	add(ov, "evidence", json_object_new_string(evidence));
	add(o, "overall", ov);
	if (iv->has_psi) {
		struct json_object *p = json_object_new_object();

		add(p, "some_pct", num(iv->psi_some_pct, 3));
		add(p, "full_pct", num(iv->psi_full_pct, 3));
		add(o, "pressure", p);
	} else {
		add(o, "pressure", NULL);
	}
	if (iv->has_vm) {
		struct json_object *v = json_object_new_object();

		add(v, "dirty_kb", json_object_new_int64((int64_t)iv->dirty_kb));
		add(v, "writeback_kb", json_object_new_int64((int64_t)iv->writeback_kb));
		add(o, "vm", v);
	} else {
		add(o, "vm", NULL);
	}
	for (char **e = iv->events; e && *e; e++)
		json_object_array_add(ev, json_object_new_string(*e));
	add(o, "events", ev);
	free(evidence);
	return o;
}

int st_report_observe_json(FILE *out, const struct st_obs_interval *iv)
{
	struct json_object *o = st_report_observe_object(iv);

	fprintf(out, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_SPACED |
								  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	fflush(out);
	return ferror(out) ? -EIO : 0;
}

/* The output hooks (st_observe_run's) ------------------------------------ */

static int hook_interval(void *data, const struct st_obs_interval *iv)
{
	const struct st_obs_run *r = data;
	struct st_report_observe_opts ro = {
		.interval_s = r->interval, .count = r->count, .live = r->live, .utf8 = r->utf8,
		.replay = r->replay != NULL,
	};

	if (r->json)
		return st_report_observe_json(r->out, iv);
	return st_report_observe_text(r->out, iv, &ro);
}

/* JSON Lines hold one object per interval, all of one shape: no summary. */
static int hook_summary(void *data, const struct st_obs_interval *sum)
{
	const struct st_obs_run *r = data;

	if (r->json)
		return 0;
	if (r->live)
		fputc('\n', r->out);
	return st_report_observe_summary(r->out, sum);
}

void st_report_observe_hooks(struct st_obs_run *r)
{
	r->output = (struct st_obs_output){ .interval = hook_interval, .summary = hook_summary, .data = r };
}

/* --report: each interval's object kept as well as shown */
static int keep_interval(void *data, const struct st_obs_interval *iv)
{
	struct st_report_observe_keep *k = data;

	json_object_array_add(k->all, st_report_observe_object(iv));
	return k->inner.interval ? k->inner.interval(k->inner.data, iv) : 0;
}

static int keep_summary(void *data, const struct st_obs_interval *sum)
{
	struct st_report_observe_keep *k = data;

	return k->inner.summary ? k->inner.summary(k->inner.data, sum) : 0;
}

void st_report_observe_keep(struct st_obs_run *r, struct st_report_observe_keep *k)
{
	k->inner = r->output;
	k->all = json_object_new_array();
	r->output = (struct st_obs_output){ .interval = keep_interval, .summary = keep_summary, .data = k };
}
