/*
 * st_report_apply.h - how apply, its dry run, verify and revert are shown:
 * text for people, a shell script, and JSON with the keys advise uses.
 */
#ifndef ST_REPORT_APPLY_H
#define ST_REPORT_APPLY_H

#include <stdio.h>

#include "st_apply.h"
#include "st_json.h"
#include "st_verify.h"

struct st_path;
struct st_table_opts;

/* The text forms take the table's options (st_report_table.h); NULL: those
 * for out, fit to it when it is a terminal.  The forms without a table
 * options argument pass NULL. */

/* dry_run: "would"; the diff lines are
 *   nvme0n1  queue/scheduler  mq-deadline -> none  (rule nvme-none) */
int st_report_apply_text(FILE *out, const struct st_apply *a, bool dry_run,
			 const struct st_table_opts *t);
/* The equivalent shell script (set -e; one command per pending change;
 * held items and advice as comments). */
int st_report_apply_script(FILE *out, const struct st_apply *a);
/* {"profile", "dry_run", "changes": [{id, scope, target, knob, current,
 * recommended, rule, command, status, reason}], "held": [...], "advice": [...]},
 * and "validation" when given (apply --validate; the reference is taken) */
enum st_apply_out { ST_APPLY_OUT_TEXT, ST_APPLY_OUT_SCRIPT, ST_APPLY_OUT_JSON };
struct st_validation;
/* a in the form asked for, with the validation (apply --validate, NULL
 * without) as text after it or inside the JSON. */
void st_report_apply(FILE *out, const struct st_apply *a, bool dry_run, enum st_apply_out how,
		     const struct st_validation *v);

int st_report_apply_json(FILE *out, const struct st_apply *a, bool dry_run,
			 struct json_object *validation);

/* verify: the profile (and the journal it came from), one row per item,
 * and the summary "17 ok, 0 drift, 1 held, ...: compliant".  JSON:
 * {profile, journal, strict, compliant, counts, summary, not_applicable,
 * rows: [{scope, target, knob, expected, actual, status, needs, reason, rule}]} */
int st_report_verify_text(FILE *out, const struct st_verify *v, bool verbose,
			  const struct st_table_opts *t);
int st_report_verify_json(FILE *out, const struct st_verify *v);
void st_report_verify(FILE *out, const struct st_verify *v, bool json, bool verbose);

/* status: the state directory, the active journals, the --persist files,
 * what apply held back and the flag each needs, and the verify summary in
 * one line.  JSON: {state_dir, journals: [{journal, profile, phase,
 * started, finished, sysroot, devices, items, files}], persisted: [{path,
 * state, journal}], held: [verify rows], and verify's keys (null when
 * nothing is applied)} */
struct st_status;
int st_report_status_text(FILE *out, const struct st_status *s, const struct st_table_opts *t);
int st_report_status_json(FILE *out, const struct st_status *s);
void st_report_status(FILE *out, const struct st_status *s, bool json);

/* revert: each journal replayed, newest first, or "nothing to revert: DIR
 * has no active journal".  JSON, also when there is nothing: {state_dir,
 * state_dir_exists, journals: [{journal, profile, started, phase, restored,
 * manual, failed, rows: [...]}], failed} */
int st_report_revert_text(FILE *out, const struct st_reverts *r, const struct st_table_opts *t);
int st_report_revert_json(FILE *out, const struct st_reverts *r);
void st_report_revert(FILE *out, const struct st_reverts *r, bool json);

#endif
