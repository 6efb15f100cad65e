/*
 * st_report_observe.h - printing observe's intervals: iostat's table with
 * the shape of each device's I/O, as text (a live table on a terminal) or
 * as one JSON object per interval (JSON Lines).
 */
#ifndef ST_REPORT_OBSERVE_H
#define ST_REPORT_OBSERVE_H

#include <stdio.h>

#include "st_json.h"

#include "st_observe.h"

struct st_report_observe_opts {
	double interval_s;   /* as asked, for the heading */
	long count;          /* as asked; 0 = until interrupted */
	bool live;           /* redraw in place (a terminal) */
	bool utf8;           /* the locale can print an arrow */
	bool replay;         /* times from the recording, not the clock */
};

/* One interval's table.  Returns 0 or -EIO. */
int st_report_observe_text(FILE *out, const struct st_obs_interval *iv,
			   const struct st_report_observe_opts *o);
/* The run's summary (st_observer_summary) with the suggestion. */
int st_report_observe_summary(FILE *out, const struct st_obs_interval *sum);
/* One line of JSON. */
int st_report_observe_json(FILE *out, const struct st_obs_interval *iv);
/* The object of that line (the caller's reference). */
struct json_object *st_report_observe_object(const struct st_obs_interval *iv);

/*
 * Sets r->output to print r's intervals to r->out: JSON Lines with r->json,
 * else text (redrawn in place with r->live) and the summary.  The hooks
 * read r's json, live, utf8, out, interval, count and replay when they
 * print, so those may be set before or after this call; r must outlive the
 * run.
 */
void st_report_observe_hooks(struct st_obs_run *r);

/*
 * --report: wraps r's output hooks (set them first) so that each interval's
 * object is also appended to k->all, a new array the caller puts; k must
 * outlive the run.
 */
struct st_report_observe_keep {
	struct st_obs_output inner;
	struct json_object *all;
};
void st_report_observe_keep(struct st_obs_run *r, struct st_report_observe_keep *k);

#endif
