/*
 * report_apply.c - owns the output of apply (and its dry run and script),
 * verify, status and revert.  Text is in tables an administrator can read
 * at a glance, printed with libsmartcols (table.c): on a terminal they fit
 * its width, the free text cut first; else each line is as wide as it
 * needs.  JSON keeps the keys advise uses, so one parser reads both.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_json.h"
#include "st_knob.h"
#include "st_report_apply.h"
#include "st_report_table.h"
#include "st_report_validate.h"
#include "st_scols.h"
#include "st_util.h"

static const char *or_unknown(const char *s)
{
	return s ? s : "unknown";
}

/* --persist's notes: "warning: sdb: matched by ID_PATH ..." and "not
 * persisted: vda: no id udev can match (...); its settings last until the
 * next reboot". */
static void persist_notes_text(FILE *out, const struct st_persist_notes *notes,
			       const char *indent)
{
	for (size_t i = 0; i < notes->n; i++) {
		const struct st_persist_note *nt = &notes->v[i];

		fprintf(out, "%s%s: %s: %s%s\n", indent, st_persist_note_name(nt->kind), nt->device,
			nt->reason,
			nt->kind == ST_PN_NOT_PERSISTED ? "; its settings last until the next reboot"
							: "");
	}
}

/* "not_persisted" and "persist_warnings": [{device, reason}], always there. */
static void persist_notes_json(json_object *o, const struct st_persist_notes *notes)
{
	static const char *const keys[ST_PN_NR] = {
		[ST_PN_BY_PATH] = "persist_warnings",
		[ST_PN_NOT_PERSISTED] = "not_persisted",
	};

	for (int k = ST_PN_NR; k-- > 0;) {
		json_object *arr = json_object_new_array();

		for (size_t i = 0; i < notes->n; i++) {
			json_object *nj;

			if ((int)notes->v[i].kind != k)
				continue;
			nj = json_object_new_object();
			json_object_object_add(nj, "device", st_json_str(notes->v[i].device));
			json_object_object_add(nj, "reason", st_json_str(notes->v[i].reason));
			json_object_array_add(arr, nj);
		}
		json_object_object_add(o, keys[k], arr);
	}
}

/*
 * The tables, each described once.  Those without headings still have
 * names: a column is never narrower than its name (TARGET, KNOB), and a
 * column of free text (ST_COL_FREE) is what a narrow terminal cuts first.
 */
struct col {
	const char *name;
	unsigned flags;
};

/* apply's lines and revert's: no headings */
static const struct col change_cols[] = { { "TARGET", 0 }, { "KNOB", 0 },
					  { "CHANGE", ST_COL_FREE } };
static const struct col verify_cols[] = { { "TARGET", 0 },   { "KNOB", 0 },
					  { "EXPECTED", 0 }, { "ACTUAL", 0 },
					  { "STATUS", ST_COL_FREE } };
/* status's lists, no headings */
static const struct col journal_cols[] = { { "JOURNAL", 0 }, { "PROFILE", 0 },
					   { "STARTED", 0 }, { "STATE", ST_COL_FREE } };
static const struct col file_cols[] = { { "PATH", 0 }, { "STATE", ST_COL_FREE } };
static const struct col held_cols[] = { { "TARGET", 0 }, { "KNOB", 0 }, { "VALUE", 0 },
					{ "NEEDS", ST_COL_FREE } };

#define COLS(c) c, ST_ARRAY_SIZE(c)

/* The options given, else those for out (fit when it is a terminal). */
static struct st_table_opts opts(FILE *out, const struct st_table_opts *o)
{
	return o ? *o : st_table_opts_for(out);
}

/* A table of these columns, two spaces between them; NULL when out of
 * memory. */
static struct libscols_table *new_table(FILE *out, const struct st_table_opts *o, bool headings,
					const struct col *cols, size_t n)
{
	struct libscols_table *tb = st_table_new(out, o);

	if (!tb)
		return NULL;
	scols_table_enable_noheadings(tb, !headings);
	if (scols_table_set_column_separator(tb, "  ") < 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (!st_table_column(tb, o, cols[i].name, cols[i].flags))
			goto fail;
	return tb;
fail:
	scols_unref_table(tb);
	return NULL;
}

/* A row of n cells; the last one, allocated, is taken (NULL: "-"). */
static int add_row(struct libscols_table *tb, size_t n, const char *const *cells, char *last)
{
	const char *v[8];
	int rc;

	memcpy(v, cells, (n - 1) * sizeof(*v));
	v[n - 1] = last ? last : "-";
	rc = st_table_row(tb, n, v);
	free(last);
	return rc;
}

/* The line at *p (its length in *len) and *p past it; NULL after the last. */
static const char *next_line(const char **p, int *len)
{
	const char *s = *p, *nl;

	if (!s || !*s)
		return NULL;
	nl = strchrnul(s, '\n');
	*len = (int)(nl - s);
	*p = *nl ? nl + 1 : nl;
	return s;
}

/* Apply ---------------------------------------------------------------------- */

/* Where an item is shown: the changes, then those changed by hand, then
 * those not applied (each with its reason on the lines under it). */
enum section { SEC_CHANGES, SEC_MANUAL, SEC_HELD, SEC_NR };

static enum section section_of(const struct st_apply_item *it)
{
	return it->status == ST_IT_MANUAL ? SEC_MANUAL
	       : it->status == ST_IT_HELD ? SEC_HELD
					  : SEC_CHANGES;
}

static const char *const section_head[SEC_NR] = {
	[SEC_MANUAL] = "\nchanged by hand since stortune set them, left alone (--force overrides):\n",
	[SEC_HELD] = "\nnot applied:\n",
};

/* "mq-deadline -> none  (rule nvme-none)", and with status "  done" or
 * "  failed: why" */
static char *change_text(const struct st_apply_item *it, bool status)
{
	const struct st_reco *rc = it->reco;
	struct st_buf b = { 0 };

	st_buf_addf(&b, "%s -> %s  (rule %s)", or_unknown(it->live ? it->live : rc->current),
		    rc->recommended, rc->rule->id);
	if (status) {
		st_buf_addf(&b, "  %s", st_item_status_name(it->status));
		if (it->reason && it->status != ST_IT_DONE)
			st_buf_addf(&b, ": %s", it->reason);
	}
	return st_buf_steal(&b);
}

/* The table of every item, by section, in *text; their order in order[]. */
static int items_table(FILE *out, const struct st_apply *a, bool dry_run,
		       const struct st_table_opts *o, size_t *order, char **text)
{
	struct libscols_table *tb = new_table(out, o, false, COLS(change_cols));
	bool indented = false;
	size_t k = 0;
	int rc = tb ? 0 : -ENOMEM;

	for (int sec = 0; rc == 0 && sec < SEC_NR; sec++)
		for (size_t i = 0; rc == 0 && i < a->n; i++) {
			const struct st_apply_item *it = &a->items[i];
			const char *cells[] = { it->reco->target, it->reco->knob->name };

			if (section_of(it) != (enum section)sec)
				continue;
			rc = add_row(tb, 3, cells, change_text(it, sec == SEC_CHANGES && !dry_run));
			order[k++] = i;
			indented |= sec != SEC_CHANGES;
		}
	/* the items under a heading are indented: the terminal is narrower */
	if (rc == 0 && indented && o->fit) {
		size_t tw = scols_table_get_termwidth(tb);

		scols_table_set_termwidth(tb, tw > 3 ? tw - 2 : 1);
	}
	if (rc == 0)
		rc = st_table_print_to_string(tb, o, NULL, text);
	scols_unref_table(tb);
	return rc;
}

static int items_text(FILE *out, const struct st_apply *a, bool dry_run,
		      const struct st_table_opts *o)
{
	size_t *order = st_xcalloc(a->n ? a->n : 1, sizeof(*order));
	char *text = NULL;
	const char *p, *line;
	int len, last = -1;
	int rc = items_table(out, a, dry_run, o, order, &text);

	p = text;
	for (size_t k = 0; rc == 0 && k < a->n && (line = next_line(&p, &len)); k++) {
		const struct st_apply_item *it = &a->items[order[k]];
		enum section sec = section_of(it);

		if ((int)sec != last && section_head[sec])
			fputs(section_head[sec], out);
		last = (int)sec;
		fprintf(out, "%s%.*s\n", sec == SEC_CHANGES ? "" : "  ", len, line);
		if (sec != SEC_CHANGES)
			fprintf(out, "      %s\n", it->reason);
		if (sec == SEC_HELD && it->reco->fstab_line)
			fprintf(out, "      fstab line: %s\n", it->reco->fstab_line);
	}
	free(text);
	free(order);
	return rc;
}

/* with --remount the fstab still says the old thing: give the line */
static void fstab_text(FILE *out, const struct st_apply *a)
{
	for (size_t i = 0, shown = 0; i < a->n; i++) {
		const struct st_apply_item *it = &a->items[i];

		if (it->status != ST_IT_DONE || it->reco->scope != ST_SCOPE_MOUNT ||
		    !it->reco->fstab_line)
			continue;
		if (!shown++)
			fprintf(out, "\nremounted; to keep it after a reboot, put this in /etc/fstab "
				     "(stortune never edits it):\n");
		if (i == 0 || a->items[i - 1].reco->mnt != it->reco->mnt)
			fprintf(out, "  %s\n", it->reco->fstab_line);
	}
}

static void apply_summary(FILE *out, const struct st_apply *a, bool dry_run, const size_t *counts)
{
	const struct st_plan *p = a->plan;

	if (dry_run) {
		fprintf(out, "%zu change%s pending", counts[ST_IT_PENDING],
			counts[ST_IT_PENDING] == 1 ? "" : "s");
	} else {
		fprintf(out, "%zu changed", counts[ST_IT_DONE]);
		if (counts[ST_IT_EQUAL])
			fprintf(out, ", %zu already set", counts[ST_IT_EQUAL]);
		if (counts[ST_IT_FAILED])
			fprintf(out, ", %zu failed, %zu rolled back", counts[ST_IT_FAILED],
				counts[ST_IT_ROLLED_BACK]);
		else if (counts[ST_IT_ROLLED_BACK])
			fprintf(out, ", %zu rolled back after validation", counts[ST_IT_ROLLED_BACK]);
		if (counts[ST_IT_UNSUPPORTED])
			fprintf(out, ", %zu unsupported", counts[ST_IT_UNSUPPORTED]);
	}
	fprintf(out, ", %zu not applied, %zu left alone, %zu already right", counts[ST_IT_HELD],
		counts[ST_IT_MANUAL], p->nok);
	if (!dry_run && a->journal_seq && !counts[ST_IT_FAILED] && counts[ST_IT_DONE])
		fprintf(out, "; 'stortune revert' undoes it");
	else if (!dry_run && a->journal_seq && a->profile_only)
		fprintf(out, "; journal-%06u.json records profile %s as applied", a->journal_seq,
			p->profile ? p->profile->name : "?");
	fputc('\n', out);
}

int st_report_apply_text(FILE *out, const struct st_apply *a, bool dry_run,
			 const struct st_table_opts *topts)
{
	const struct st_plan *p = a->plan;
	struct st_table_opts o = opts(out, topts);
	size_t counts[ST_IT_NR] = { 0 };
	int rc;

	fprintf(out, "profile %s%s\n", p->profile->name, dry_run ? " (dry run: nothing changed)" : "");
	for (size_t i = 0; i < a->n; i++)
		counts[a->items[i].status]++;
	if (dry_run ? counts[ST_IT_PENDING] : a->n - counts[ST_IT_HELD] - counts[ST_IT_MANUAL])
		fputc('\n', out);
	rc = items_text(out, a, dry_run, &o);
	fstab_text(out, a);
	for (char **f = a->persisted; f && *f; f++)
		fprintf(out, "%spersisted: %s\n", f == a->persisted ? "\n" : "", *f);
	persist_notes_text(out, &a->persist_notes, "");
	if (p->nadvice)
		fprintf(out, "\n%zu advice item%s (never applied): see 'stortune advise --profile %s'\n",
			p->nadvice, p->nadvice == 1 ? "" : "s", p->profile->name);
	fputc('\n', out);
	apply_summary(out, a, dry_run, counts);
	return rc;
}

int st_report_apply_script(FILE *out, const struct st_apply *a)
{
	const struct st_plan *p = a->plan;

	fprintf(out, "#!/bin/sh\n# stortune apply --profile %s, as a script (no journal, no "
		     "read-back: 'stortune apply' does both)\nset -e\n",
		p->profile->name);
	for (size_t i = 0; i < a->n; i++) {
		const struct st_apply_item *it = &a->items[i];
		const struct st_reco *rc = it->reco;

		if (it->status == ST_IT_PENDING && rc->command)
			fprintf(out, "\n# %s %s: %s -> %s (rule %s)\n%s\n", rc->target, rc->knob->name,
				or_unknown(rc->current), rc->recommended, rc->rule->id, rc->command);
		else if (it->status == ST_IT_PENDING || it->status == ST_IT_HELD ||
			 it->status == ST_IT_MANUAL)
			fprintf(out, "\n# not applied: %s %s -> %s (rule %s): %s\n", rc->target,
				rc->knob->name, rc->recommended, rc->rule->id,
				it->reason ? it->reason : "no command can do it at runtime");
		if (rc->fstab_line && rc->scope == ST_SCOPE_MOUNT)
			fprintf(out, "# fstab line: %s\n", rc->fstab_line);
	}
	return 0;
}

static json_object *change_json(const struct st_apply_item *it)
{
	const struct st_reco *rc = it->reco;
	json_object *o = json_object_new_object();

	json_object_object_add(o, "id", st_json_str(rc->id));
	json_object_object_add(o, "scope", st_json_str(st_scope_name(rc->scope)));
	json_object_object_add(o, "target", st_json_str(rc->target));
	json_object_object_add(o, "knob", st_json_str(rc->knob->name));
	json_object_object_add(o, "current", st_json_str(it->live ? it->live : rc->current));
	json_object_object_add(o, "recommended", st_json_str(rc->recommended));
	json_object_object_add(o, "rule", st_json_str(rc->rule->id));
	json_object_object_add(o, "command", st_json_str(rc->command));
	json_object_object_add(o, "risk", st_json_str(st_risk_name(rc->rule->risk)));
	json_object_object_add(o, "status", st_json_str(st_item_status_name(it->status)));
	json_object_object_add(o, "reason", st_json_str(it->reason));
	if (rc->fstab_line)
		json_object_object_add(o, "fstab_line", st_json_str(rc->fstab_line));
	return o;
}

int st_report_apply_json(FILE *out, const struct st_apply *a, bool dry_run, json_object *validation)
{
	json_object *o = json_object_new_object(), *ch = json_object_new_array();
	json_object *held = json_object_new_array(), *adv = json_object_new_array();
	json_object *pers = json_object_new_array();

	for (size_t i = 0; i < a->n; i++) {
		const struct st_apply_item *it = &a->items[i];

		json_object_array_add(it->status == ST_IT_HELD || it->status == ST_IT_MANUAL ? held
											      : ch,
				      change_json(it));
	}
	for (size_t i = 0; i < a->plan->nadvice; i++) {
		const struct st_reco *rc = &a->plan->advice[i];
		json_object *ao = json_object_new_object();

		json_object_object_add(ao, "id", st_json_str(rc->id));
		json_object_object_add(ao, "target", st_json_str(rc->target));
		json_object_object_add(ao, "summary", st_json_str(rc->summary));
		json_object_object_add(ao, "rule", st_json_str(rc->rule->id));
		json_object_array_add(adv, ao);
	}
	for (char **f = a->persisted; f && *f; f++)
		json_object_array_add(pers, st_json_str(*f));
	json_object_object_add(o, "profile", st_json_str(a->plan->profile->name));
	json_object_object_add(o, "dry_run", json_object_new_boolean(dry_run));
	json_object_object_add(o, "changes", ch);
	json_object_object_add(o, "held", held);
	json_object_object_add(o, "advice", adv);
	json_object_object_add(o, "persisted", pers);
	persist_notes_json(o, &a->persist_notes);
	json_object_object_add(o, "journal", a->journal_seq ? json_object_new_int64(a->journal_seq)
							    : NULL);
	if (validation)
		json_object_object_add(o, "validation", validation);
	st_json_write(out, o);
	return 0;
}

/* "17 ok, 0 drift, 3 held (2 advice), 0 manual, 0 unsupported, 0 skipped: compliant" */
static char *verify_summary(const struct st_verify *v, bool na)
{
	size_t held_settings = v->count[ST_VS_HELD] - v->held_advice;
	struct st_buf b = { 0 };

	st_buf_addf(&b, "%zu ok, %zu drift, %zu held", v->count[ST_VS_OK], v->count[ST_VS_DRIFT],
		    v->count[ST_VS_HELD]);
	if (v->held_advice)
		st_buf_addf(&b, " (%zu advice)", v->held_advice);
	st_buf_addf(&b, ", %zu manual, %zu unsupported, %zu skipped", v->count[ST_VS_MANUAL],
		    v->count[ST_VS_UNSUPPORTED], v->count[ST_VS_SKIPPED]);
	if (na && v->not_applicable)
		st_buf_addf(&b, " (%zu rule/target pairs where the knob does not exist, such as "
				"partitions, are not listed)",
			    v->not_applicable);
	if (!v->ndrift)
		st_buf_adds(&b, ": compliant");
	else if (v->strict && held_settings)
		st_buf_addf(&b, ": drift (--strict counts the %zu held setting%s)", held_settings,
			    held_settings == 1 ? "" : "s");
	else
		st_buf_adds(&b, ": drift");
	return st_buf_steal(&b);
}

/* "profile database" or "profile database (applied: journal-000002.json)" */
static void verify_profile(FILE *out, const struct st_verify *v)
{
	fprintf(out, "profile %s", v->profile);
	if (v->applied)
		fprintf(out, " (applied: journal-%06u.json)", v->applied);
}

/* "ok", "held: why", and with verbose "  (rule id)" */
static char *vstatus_text(const struct st_vrow *r, bool verbose)
{
	struct st_buf b = { 0 };

	st_buf_adds(&b, st_vstatus_name(r->status));
	if (r->reason)
		st_buf_addf(&b, ": %s", r->reason);
	if (verbose && r->rule && r->hold != ST_HOLD_ADVICE)
		st_buf_addf(&b, "  (rule %s)", r->rule->id);
	return st_buf_steal(&b);
}

static int verify_table(FILE *out, const struct st_verify *v, bool verbose,
			const struct st_table_opts *o)
{
	struct libscols_table *tb = new_table(out, o, true, COLS(verify_cols));
	int rc = tb ? 0 : -ENOMEM;

	for (size_t i = 0; rc == 0 && i < v->n; i++) {
		const struct st_vrow *r = &v->rows[i];
		bool known = r->status != ST_VS_SKIPPED && r->status != ST_VS_UNSUPPORTED &&
			     r->hold != ST_HOLD_ADVICE;
		const char *cells[] = { r->target, r->knob ? r->knob : "-",
					known || r->expected ? or_unknown(r->expected) : "-",
					known || r->actual ? or_unknown(r->actual) : "-" };

		rc = add_row(tb, 5, cells, vstatus_text(r, verbose));
	}
	if (rc == 0)
		rc = st_table_print(tb, o, NULL);
	scols_unref_table(tb);
	return rc;
}

int st_report_verify_text(FILE *out, const struct st_verify *v, bool verbose,
			  const struct st_table_opts *topts)
{
	struct st_table_opts o = opts(out, topts);
	char *sum;
	int rc = 0;

	verify_profile(out, v);
	fputc('\n', out);
	if (v->n) {
		fputc('\n', out);
		rc = verify_table(out, v, verbose, &o);
	}
	sum = verify_summary(v, true);
	fprintf(out, "\n%s\n", sum);
	free(sum);
	return rc;
}

static json_object *vrow_json(const struct st_vrow *r)
{
	json_object *ro = json_object_new_object();

	json_object_object_add(ro, "scope", st_json_str(st_scope_name(r->scope)));
	json_object_object_add(ro, "target", st_json_str(r->target));
	json_object_object_add(ro, "knob", st_json_str(r->knob));
	json_object_object_add(ro, "expected", st_json_str(r->expected));
	json_object_object_add(ro, "actual", st_json_str(r->actual));
	json_object_object_add(ro, "status", st_json_str(st_vstatus_name(r->status)));
	json_object_object_add(ro, "needs", st_json_str(st_hold_needs(r->hold)));
	json_object_object_add(ro, "reason", st_json_str(r->reason));
	json_object_object_add(ro, "rule", st_json_str(r->rule ? r->rule->id : NULL));
	return ro;
}

/* The keys verify and status share: profile, journal, strict, compliant,
 * counts, summary. */
static void verify_keys(json_object *o, const struct st_verify *v)
{
	json_object *counts = json_object_new_object();
	char *sum = verify_summary(v, false);

	for (int s = 0; s < ST_VS_NR; s++)
		json_object_object_add(counts, st_vstatus_name((enum st_vstatus)s),
				       json_object_new_int64((int64_t)v->count[s]));
	json_object_object_add(o, "profile", st_json_str(v->profile));
	json_object_object_add(o, "journal", v->applied ? json_object_new_int64(v->applied) : NULL);
	json_object_object_add(o, "strict", json_object_new_boolean(v->strict));
	json_object_object_add(o, "compliant", json_object_new_boolean(!v->ndrift));
	json_object_object_add(o, "counts", counts);
	json_object_object_add(o, "summary", st_json_str(sum));
	free(sum);
}

int st_report_verify_json(FILE *out, const struct st_verify *v)
{
	json_object *o = json_object_new_object(), *rows = json_object_new_array();

	for (size_t i = 0; i < v->n; i++)
		json_object_array_add(rows, vrow_json(&v->rows[i]));
	verify_keys(o, v);
	json_object_object_add(o, "not_applicable", json_object_new_int64((int64_t)v->not_applicable));
	json_object_object_add(o, "rows", rows);
	st_json_write(out, o);
	return 0;
}

void st_report_verify(FILE *out, const struct st_verify *v, bool json, bool verbose)
{
	if (json)
		st_report_verify_json(out, v);
	else
		st_report_verify_text(out, v, verbose, NULL);
}

/* Status --------------------------------------------------------------------- */

static const char *pfile_text(enum st_pfile_state s)
{
	static const char *const text[ST_PF_NR] = {
		[ST_PF_WRITTEN] = "written by",
		[ST_PF_EDITED] = "edited since it was written by",
		[ST_PF_REMOVED] = "removed since it was written by",
		[ST_PF_OTHER] = "not written by an active journal",
	};

	return (unsigned)s < ST_PF_NR ? text[s] : "?";
}

/* "applied, 7 items, 2 files  (devices nvme0n1)" */
static char *journal_state(const struct st_status_journal *sj)
{
	struct st_buf b = { 0 };

	st_buf_addf(&b, "%s, %zu item%s", st_jphase_name(sj->j->phase), sj->items,
		    sj->items == 1 ? "" : "s");
	if (sj->interrupted)
		st_buf_addf(&b, " (interrupted: %zu in effect, %zu not written, %zu changed by hand; "
			    "'stortune revert' undoes it)",
			    sj->in_effect, sj->not_written, sj->by_hand);
	if (sj->files)
		st_buf_addf(&b, ", %zu file%s", sj->files, sj->files == 1 ? "" : "s");
	if (sj->j->devices) {
		char *devs = st_strv_join(sj->j->devices, " ");

		st_buf_addf(&b, "  (devices %s)", devs);
		free(devs);
	}
	return st_buf_steal(&b);
}

static int status_journals_text(FILE *out, const struct st_status *s,
				const struct st_table_opts *o)
{
	struct libscols_table *tb = new_table(out, o, false, COLS(journal_cols));
	int rc = tb ? 0 : -ENOMEM;

	fprintf(out, "\napplied, newest first:\n");
	for (size_t i = 0; rc == 0 && i < s->nj; i++) {
		const struct st_status_journal *sj = &s->journals[i];
		char *name = st_xasprintf("journal-%06u.json", sj->j->seq);
		char *profile = st_xasprintf("profile %s", sj->j->profile);
		const char *cells[] = { name, profile, or_unknown(sj->j->started) };

		rc = add_row(tb, 4, cells, journal_state(sj));
		free(name);
		free(profile);
	}
	if (rc == 0)
		rc = st_table_print(tb, o, "  ");
	scols_unref_table(tb);
	return rc;
}

static int status_files_text(FILE *out, const struct st_status *s, const struct st_table_opts *o)
{
	struct libscols_table *tb = new_table(out, o, false, COLS(file_cols));
	int rc = tb ? 0 : -ENOMEM;

	fprintf(out, "\npersisted:\n");
	for (size_t i = 0; rc == 0 && i < s->nfiles; i++) {
		const struct st_status_file *f = &s->files[i];
		char *path = st_xasprintf("/%s", f->path);
		const char *cells[] = { path };

		rc = add_row(tb, 2, cells,
			 f->seq ? st_xasprintf("%s journal-%06u.json", pfile_text(f->state), f->seq)
				: st_xstrdup(pfile_text(f->state)));
		free(path);
	}
	if (rc == 0)
		rc = st_table_print(tb, o, "  ");
	scols_unref_table(tb);
	return rc;
}

static int status_held_text(FILE *out, const struct st_verify *v, const struct st_table_opts *o)
{
	struct libscols_table *tb = new_table(out, o, false, COLS(held_cols));
	int rc = tb ? 0 : -ENOMEM;

	fprintf(out, "\nheld back (not applied):\n");
	for (size_t i = 0; rc == 0 && i < v->n; i++) {
		const struct st_vrow *r = &v->rows[i];
		const char *cells[] = { r->target, r->knob ? r->knob : "-",
					r->expected ? r->expected : "-" };

		if (r->status != ST_VS_HELD)
			continue;
		rc = add_row(tb, 4, cells,
			 r->hold == ST_HOLD_ADVICE ? st_xstrdup(r->reason)
						   : st_xasprintf("needs %s", st_hold_needs(r->hold)));
	}
	if (rc == 0)
		rc = st_table_print(tb, o, "  ");
	scols_unref_table(tb);
	return rc;
}

int st_report_status_text(FILE *out, const struct st_status *s, const struct st_table_opts *topts)
{
	const struct st_verify *v = s->verify;
	struct st_table_opts o = opts(out, topts);
	char *sum;
	int rc = 0;

	fprintf(out, "state directory %s%s\n", s->state_dir,
		s->no_state_dir ? " (does not exist yet)" : "");
	if (s->nj)
		rc = status_journals_text(out, s, &o);
	if (rc == 0 && s->nfiles)
		rc = status_files_text(out, s, &o);
	persist_notes_text(out, &s->notes, "  ");
	if (rc == 0 && v && v->count[ST_VS_HELD])
		rc = status_held_text(out, v, &o);
	if (!v) {
		fprintf(out, "\nnothing applied: no active journal\n");
		return rc;
	}
	sum = verify_summary(v, false);
	fputc('\n', out);
	verify_profile(out, v);
	fprintf(out, ": %s%s\n", sum, v->count[ST_VS_DRIFT] ? "; 'stortune verify' lists it" : "");
	free(sum);
	return rc;
}

static json_object *status_journal_json(const struct st_status_journal *sj)
{
	json_object *o = json_object_new_object(), *devs = NULL;

	if (sj->j->devices) {
		devs = json_object_new_array();
		for (char **d = sj->j->devices; *d; d++)
			json_object_array_add(devs, st_json_str(*d));
	}
	json_object_object_add(o, "journal", json_object_new_int64(sj->j->seq));
	json_object_object_add(o, "profile", st_json_str(sj->j->profile));
	json_object_object_add(o, "phase", st_json_str(st_jphase_name(sj->j->phase)));
	json_object_object_add(o, "started", st_json_str(sj->j->started));
	json_object_object_add(o, "finished", st_json_str(sj->j->finished));
	json_object_object_add(o, "sysroot", st_json_str(sj->j->sysroot));
	json_object_object_add(o, "devices", devs);
	json_object_object_add(o, "items", json_object_new_int64((int64_t)sj->items));
	json_object_object_add(o, "files", json_object_new_int64((int64_t)sj->files));
	if (sj->interrupted) {
		json_object *x = json_object_new_object();

		json_object_object_add(x, "in_effect", json_object_new_int64((int64_t)sj->in_effect));
		json_object_object_add(x, "not_written",
				       json_object_new_int64((int64_t)sj->not_written));
		json_object_object_add(x, "manual", json_object_new_int64((int64_t)sj->by_hand));
		json_object_object_add(o, "interrupted", x);
	} else {
		json_object_object_add(o, "interrupted", NULL);
	}
	return o;
}

int st_report_status_json(FILE *out, const struct st_status *s)
{
	json_object *o = json_object_new_object(), *js = json_object_new_array();
	json_object *files = json_object_new_array(), *held = json_object_new_array();
	const struct st_verify *v = s->verify;

	for (size_t i = 0; i < s->nj; i++)
		json_object_array_add(js, status_journal_json(&s->journals[i]));
	for (size_t i = 0; i < s->nfiles; i++) {
		json_object *f = json_object_new_object();
		char *path = st_xasprintf("/%s", s->files[i].path);

		json_object_object_add(f, "path", st_json_str(path));
		json_object_object_add(f, "state", st_json_str(st_pfile_state_name(s->files[i].state)));
		json_object_object_add(f, "journal", s->files[i].seq
							    ? json_object_new_int64(s->files[i].seq)
							    : NULL);
		json_object_array_add(files, f);
		free(path);
	}
	for (size_t i = 0; v && i < v->n; i++)
		if (v->rows[i].status == ST_VS_HELD)
			json_object_array_add(held, vrow_json(&v->rows[i]));
	json_object_object_add(o, "state_dir", st_json_str(s->state_dir));
	json_object_object_add(o, "journals", js);
	json_object_object_add(o, "persisted", files);
	persist_notes_json(o, &s->notes);
	json_object_object_add(o, "held", held);
	if (v) {
		verify_keys(o, v);
	} else {
		json_object_object_add(o, "profile", NULL);
		json_object_object_add(o, "journal", NULL);
		json_object_object_add(o, "compliant", json_object_new_boolean(true));
		json_object_object_add(o, "counts", NULL);
		json_object_object_add(o, "summary", st_json_str("nothing applied"));
	}
	st_json_write(out, o);
	return 0;
}

void st_report_status(FILE *out, const struct st_status *s, bool json)
{
	if (json)
		st_report_status_json(out, s);
	else
		st_report_status_text(out, s, NULL);
}

/* Revert --------------------------------------------------------------------- */

static const char *outcome_text(enum st_jstate s)
{
	return s == ST_JS_REVERTED ? "restored"
	       : s == ST_JS_MANUAL ? "manual, left alone"
	       : s == ST_JS_ABSENT ? "kept, device not present"
				   : "FAILED";
}

/* The table of the entries that are not files, in *text. */
static int revert_table(FILE *out, const struct st_revert *r, const struct st_table_opts *o,
			char **text)
{
	struct libscols_table *tb = new_table(out, o, false, COLS(change_cols));
	int rc = tb ? 0 : -ENOMEM;

	for (size_t i = 0; rc == 0 && i < r->n; i++) {
		const struct st_revert_row *row = &r->rows[i];
		const char *cells[] = { row->target, row->e->knob };

		if (row->e->kind == ST_JK_FILE)
			continue;
		rc = add_row(tb, 3, cells,
			 st_xasprintf("%s -> %s  %s%s%s%s", or_unknown(row->current),
				      or_unknown(row->e->old_value), outcome_text(row->outcome),
				      row->note ? " (" : "", row->note ? row->note : "",
				      row->note ? ")" : ""));
	}
	if (rc == 0)
		rc = st_table_print_to_string(tb, o, NULL, text);
	scols_unref_table(tb);
	return rc;
}

static int revert_text(FILE *out, const struct st_revert *r, const char *state_dir,
		       const struct st_table_opts *o)
{
	char *text = NULL;
	const char *p, *line;
	int len, rc;

	fprintf(out, "reverting journal-%06u.json (profile %s, applied %s) in %s\n\n", r->j->seq,
		r->j->profile, or_unknown(r->j->started), state_dir);
	if (!r->n) {
		fprintf(out, "it changed nothing (the profile was already in force); "
			     "profile %s is no longer recorded as applied\n", r->j->profile);
		return 0;
	}
	/* a file's path is no target: its line is not in the table */
	rc = revert_table(out, r, o, &text);
	p = text;
	for (size_t i = 0; rc == 0 && i < r->n; i++) {
		const struct st_revert_row *row = &r->rows[i];

		if (row->e->kind == ST_JK_FILE)
			fprintf(out, "%s  %s%s%s%s\n", row->target, outcome_text(row->outcome),
				row->note ? " (" : "", row->note ? row->note : "",
				row->note ? ")" : "");
		else if ((line = next_line(&p, &len)))
			fprintf(out, "%.*s\n", len, line);
	}
	free(text);
	fprintf(out, "\n%zu restored, %zu manual, %zu failed",
		r->n - r->nmanual - r->nfailed - r->nabsent, r->nmanual, r->nfailed);
	if (r->nabsent)
		fprintf(out, ", %zu kept for a device not present ('stortune revert' retries them)",
			r->nabsent);
	if (r->nmanual)
		fprintf(out, "; 'stortune revert --force' restores the manual ones too");
	fputc('\n', out);
	return rc;
}

int st_report_revert_text(FILE *out, const struct st_reverts *r, const struct st_table_opts *topts)
{
	struct st_table_opts o = opts(out, topts);
	int rc = 0;

	if (!r->n)
		fprintf(out, "nothing to revert: %s %s\n", r->state_dir,
			r->no_state_dir ? "does not exist" : "has no active journal");
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			fputc('\n', out);
		if (revert_text(out, r->v[i], r->state_dir, &o) && !rc)
			rc = -ENOMEM;
	}
	return rc;
}

static json_object *revert_json(const struct st_revert *r)
{
	json_object *o = json_object_new_object(), *rows = json_object_new_array();

	for (size_t i = 0; i < r->n; i++) {
		const struct st_revert_row *row = &r->rows[i];
		json_object *ro = json_object_new_object();
		bool file = row->e->kind == ST_JK_FILE;

		json_object_object_add(ro, "kind", st_json_str(st_jkind_name(row->e->kind)));
		json_object_object_add(ro, "target", st_json_str(row->target));
		json_object_object_add(ro, "journal_target", st_json_str(row->e->target));
		json_object_object_add(ro, "stable_id", st_json_str(row->e->stable_id));
		json_object_object_add(ro, "knob", st_json_str(row->e->knob));
		json_object_object_add(ro, "current", st_json_str(file ? NULL : row->current));
		json_object_object_add(ro, "restored", st_json_str(file ? NULL : row->e->old_value));
		json_object_object_add(ro, "status", st_json_str(st_jstate_name(row->outcome)));
		json_object_object_add(ro, "note", st_json_str(row->note));
		json_object_array_add(rows, ro);
	}
	json_object_object_add(o, "journal", json_object_new_int64(r->j->seq));
	json_object_object_add(o, "profile", st_json_str(r->j->profile));
	json_object_object_add(o, "started", st_json_str(r->j->started));
	json_object_object_add(o, "phase", st_json_str(st_jphase_name(r->j->phase)));
	json_object_object_add(o, "restored",
			       json_object_new_int64(
				       (int64_t)(r->n - r->nmanual - r->nfailed - r->nabsent)));
	json_object_object_add(o, "manual", json_object_new_int64((int64_t)r->nmanual));
	json_object_object_add(o, "failed", json_object_new_int64((int64_t)r->nfailed));
	json_object_object_add(o, "absent", json_object_new_int64((int64_t)r->nabsent));
	json_object_object_add(o, "rows", rows);
	return o;
}

int st_report_revert_json(FILE *out, const struct st_reverts *r)
{
	json_object *o = json_object_new_object(), *js = json_object_new_array();

	for (size_t i = 0; i < r->n; i++)
		json_object_array_add(js, revert_json(r->v[i]));
	json_object_object_add(o, "state_dir", st_json_str(r->state_dir));
	json_object_object_add(o, "state_dir_exists", json_object_new_boolean(!r->no_state_dir));
	json_object_object_add(o, "journals", js);
	json_object_object_add(o, "failed", json_object_new_int64((int64_t)r->nfailed));
	st_json_write(out, o);
	return 0;
}

void st_report_revert(FILE *out, const struct st_reverts *r, bool json)
{
	if (json)
		st_report_revert_json(out, r);
	else
		st_report_revert_text(out, r, NULL);
}

void st_report_apply(FILE *out, const struct st_apply *a, bool dry_run, enum st_apply_out how,
		     const struct st_validation *v)
{
	if (how == ST_APPLY_OUT_JSON)
		st_report_apply_json(out, a, dry_run, v ? st_report_validation_object(v) : NULL);
	else if (how == ST_APPLY_OUT_SCRIPT)
		st_report_apply_script(out, a);
	else
		st_report_apply_text(out, a, dry_run, NULL);
	if (v && how != ST_APPLY_OUT_JSON)
		st_report_validation_text(out, v);
}
