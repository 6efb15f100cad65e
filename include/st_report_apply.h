/*
 * st_report_apply.h - how apply, its dry run, verify and revert are shown:
 * text for people, a shell script, and JSON with the keys advise uses.
 */
#ifndef ST_REPORT_APPLY_H
#define ST_REPORT_APPLY_H

#include <json-c/json.h>
#include <stdio.h>

#include "st_apply.h"
#include "st_verify.h"

struct st_path;

/* dry_run: "would"; the diff lines are
 *   nvme0n1  queue/scheduler  mq-deadline -> none  (rule nvme-none) */
int st_report_apply_text(FILE *out, const struct st_apply *a, bool dry_run);
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

int st_report_verify_text(FILE *out, const struct st_verify *v, const char *profile,
			  bool verbose);
int st_report_verify_json(FILE *out, const struct st_verify *v, const char *profile);

int st_report_revert_text(FILE *out, const struct st_revert *r, const char *state_dir);
int st_report_revert_json(FILE *out, const struct st_revert *r);

#endif
