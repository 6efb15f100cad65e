/*
 * st_report_table.h - the tables the reports print, through libsmartcols
 * (util-linux's table library, the one lsblk prints with): aligned, fitted
 * to a terminal's width, or --raw and --pairs.  A thin layer: callers use
 * libsmartcols directly for anything else (no headings, a separator).
 */
#ifndef ST_REPORT_TABLE_H
#define ST_REPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct libscols_table;
struct libscols_column;

struct st_table_opts {
	/* the table fits a terminal: text columns are cut, then the columns
	 * that cannot fit are left out, whole, from the right; else nothing is
	 * ever cut and each line is as wide as it needs */
	bool fit;
	size_t width; /* with fit: its width; 0: the terminal's (else $COLUMNS, else 80) */
	bool color;   /* headers in bold (cells as their callers colour them) */
	bool utf8;    /* a tree is drawn with box characters */
	bool raw;     /* unaligned, one space between columns; escaped (\x20) */
	bool pairs;   /* NAME="value" ..., a line a row (over raw) */
};

/* For a table printed to out: fit when out is a terminal, at its width. */
struct st_table_opts st_table_opts_for(FILE *out);

#define ST_COL_RIGHT (1u << 0) /* a number: aligned right, never cut */
#define ST_COL_TRUNC (1u << 1) /* text a terminal may cut (those wider than a tenth first) */
#define ST_COL_FREE (1u << 2)  /* free text (a reason): cut first, down to its header */
#define ST_COL_TREE (1u << 3)  /* the rows' tree is drawn in it */
#define ST_COL_SPARE (1u << 4) /* left out first when a terminal is too narrow */

/* A table printing to out as o says; NULL when out of memory. */
struct libscols_table *st_table_new(FILE *out, const struct st_table_opts *o);
/* A column at the right; NULL when out of memory. */
struct libscols_column *st_table_column(struct libscols_table *tb, const struct st_table_opts *o,
					const char *name, unsigned flags);
/* cl is never narrower than width (a live view keeps its layout). */
void st_table_column_min(struct libscols_column *cl, size_t width);
/* A row of n cells, copied (NULL: empty); 0 or -ENOMEM. */
int st_table_row(struct libscols_table *tb, size_t n, const char *const *cells);
/*
 * The table, each line after indent (NULL: none); with o->fit its lines
 * fit the width, indent included (see st_table_fit).  Nothing for a table
 * without rows.  0, or a negative errno.
 */
int st_table_print(struct libscols_table *tb, const struct st_table_opts *o, const char *indent);
/* The same, into *text (malloc'd, each line ending in '\n'). */
int st_table_print_to_string(struct libscols_table *tb, const struct st_table_opts *o,
			     const char *indent, char **text);
/*
 * For a terminal narrower than the table: while even its narrowest form
 * would be wider, the rightmost ST_COL_SPARE column is left out, whole, then
 * the rightmost of the others; a number is never
 * cut.  libsmartcols then cuts the text columns (ST_COL_FREE first) until
 * the table fits.  st_table_print does this when o->fit says so.
 */
void st_table_fit(struct libscols_table *tb);

#endif
