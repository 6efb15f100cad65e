/*
 * st_report_probe.h - how the model is shown: the `probe` device tree as aligned
 * text (lsblk style) or JSON with stable keys.
 */
#ifndef ST_REPORT_PROBE_H
#define ST_REPORT_PROBE_H

#include <stdio.h>

#include "st_model.h"

struct json_object;

struct st_report_opts {
	bool color;   /* ANSI colour (only on a TTY, or --color=always) */
	bool utf8;    /* tree drawn with box characters */
	bool verbose; /* a details block per device after the table */
};

/* The devices shown as tree roots: the requested ones, or all roots. */
struct st_devv st_report_roots(const struct st_system *sys, struct st_device *const *want,
			       size_t nwant);

/* The whole document as one json-c tree (for in-process users and tests). */
struct json_object *st_report_probe_json(const struct st_system *sys, const struct st_devv *roots);
/*
 * The same document, pretty-printed to out one root device at a time, so
 * memory does not grow with the machine.  Byte-identical to printing
 * st_report_probe_json() with json-c (a test checks it on every fixture).
 */
int st_report_probe_json_write(FILE *out, const struct st_system *sys, const struct st_devv *roots);
int st_report_probe_text(FILE *out, const struct st_system *sys, const struct st_devv *roots,
			 const struct st_report_opts *o);

/* `stortune capture`: what went into file. */
struct st_capture_counts;
int st_report_capture(FILE *out, const char *file, const struct st_capture_counts *c, bool json);

#endif
