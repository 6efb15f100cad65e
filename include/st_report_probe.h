/*
 * st_report_probe.h - how the model is shown: the `probe` device tree as a
 * table (lsblk style: aligned, --raw or --pairs, columns chosen with -o) or
 * JSON with stable keys.
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
	bool raw;     /* -r: unaligned, one space between columns, no tree; escaped (\x20) */
	bool pairs;   /* -P: NAME="sda" TYPE="disk" ..., a device a line (over raw) */
	/* the table fits a terminal: text columns are cut (MOUNTS ...), and
	 * columns that cannot fit are left out; else nothing is ever cut */
	bool fit;
	size_t width; /* with fit: its width; 0: the terminal's (else $COLUMNS, else 80) */
	const char *columns; /* -o LIST; NULL: the default columns */
};

/* The devices shown as tree roots: the requested ones, or all roots. */
struct st_devv st_report_roots(const struct st_system *sys, struct st_device *const *want,
			       size_t nwant);

/* The whole document as one json-c tree (for in-process users and tests). */
struct json_object *st_report_probe_json(const struct st_system *sys, const struct st_devv *roots);
/*
 * The same document, written to out as it is described (st_jsonw.h): no
 * tree is built, so memory does not grow with the machine.  Byte-identical
 * to printing st_report_probe_json() with json-c (a test checks it on every
 * fixture).
 */
int st_report_probe_json_write(FILE *out, const struct st_system *sys, const struct st_devv *roots);
/* The table, and with verbose the details under it.  -EINVAL after an
 * error naming an unknown column of o->columns. */
int st_report_probe_text(FILE *out, const struct st_system *sys, const struct st_devv *roots,
			 const struct st_report_opts *o);
/* -o LIST: 0, or -EINVAL after an error naming the column, with the closest
 * one and the list of them.  Case does not matter; "+LIST" adds to the
 * default columns. */
int st_report_probe_columns_check(const char *list);
/* For `probe --help`: every column with one line on what it shows. */
void st_report_probe_columns_help(FILE *out);

/* `stortune capture`: what went into file. */
struct st_capture_counts;
int st_report_capture(FILE *out, const char *file, const struct st_capture_counts *c, bool json);

#endif
