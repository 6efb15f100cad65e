/*
 * st_report_advise.h - how a plan is shown by `stortune advise`: text for
 * people, JSON with stable keys for scripts.
 */
#ifndef ST_REPORT_ADVISE_H
#define ST_REPORT_ADVISE_H

#include <stdio.h>

#include "st_engine.h"
#include "st_observe_advise.h"
#include "st_recommend.h"

struct json_object;

struct st_advise_opts {
	bool verbose;         /* list settings already right, losers, rules not applied */
	bool default_profile; /* no --profile was given: say so */
	const struct st_obs_advice *observed; /* advise --observe: what was seen */
};

int st_report_advise_text(FILE *out, const struct st_plan *plan, const struct st_advise_opts *o);
/* verbose adds "losers", "already_right" and "not_applied". */
/* observed (advise --observe) may be NULL. */
struct json_object *st_report_advise_json(const struct st_plan *plan, bool verbose,
					  const struct st_obs_advice *observed);
int st_report_advise_json_write(FILE *out, const struct st_plan *plan, bool verbose,
				const struct st_obs_advice *observed);

/* `stortune recommend`: the profile and the evidence for it. */
int st_report_recommend_text(FILE *out, const struct st_recommendation *r);
int st_report_recommend_json(FILE *out, const struct st_recommendation *r);

#endif
