/*
 * st_report_validate.h - how an A/B validation is shown (report_validate.c):
 * a table row per group and a line on what its mechanism check saw, or the
 * same as JSON with every trial.
 */
#ifndef ST_REPORT_VALIDATE_H
#define ST_REPORT_VALIDATE_H

#include <stdio.h>

#include "st_validate.h"

struct json_object;

int st_report_validation_text(FILE *out, const struct st_validation *v);
int st_report_validation_json(FILE *out, const struct st_validation *v);
struct json_object *st_report_validation_object(const struct st_validation *v);

#endif
