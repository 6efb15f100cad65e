/*
 * st_report_rules.h - how the knowledge is shown: `profiles list|show`,
 * `rules list|knobs` and the summary line of `rules lint`.
 */
#ifndef ST_REPORT_RULES_H
#define ST_REPORT_RULES_H

#include <stdbool.h>
#include <stdio.h>

#include "st_rules.h"

/* A profile not read from shipped (a drop-in) names its file. */
int st_report_profiles_list(FILE *out, const struct st_profileset *ps, const char *shipped);
int st_report_profile_show(FILE *out, const struct st_profile *p);
int st_report_rules_list(FILE *out, const struct st_ruleset *rs);
int st_report_knobs(FILE *out);
/* ps NULL: only rule files were linted; failed: nerrors (from the
 * diagnostics) are counted instead. */
int st_report_lint(FILE *out, const struct st_ruleset *rs, const struct st_profileset *ps,
		   bool failed, size_t nerrors);

/* The same as JSON, with stable keys. */
int st_report_profiles_json(FILE *out, const struct st_profileset *ps);
int st_report_profile_json(FILE *out, const struct st_profile *p);
int st_report_rules_json(FILE *out, const struct st_ruleset *rs);
int st_report_knobs_json(FILE *out);
int st_report_lint_json(FILE *out, const struct st_ruleset *rs, const struct st_profileset *ps,
			bool failed, const struct st_diag *diag);

#endif
