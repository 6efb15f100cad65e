/*
 * table.c - the tables of probe, apply, verify, status, revert and observe,
 * through libsmartcols: the options every table shares (a terminal's width,
 * --raw, --pairs, colour, the tree's art), the columns' kinds, and fitting a
 * table into a terminal without cutting a number.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st_report_table.h"
#include "st_scols.h"

#define ANSI_BOLD "\033[1m"

/* lsblk's hint for its text columns (MOUNTPOINT, FSTYPE, MODEL): cut first
 * those wider than a tenth of the terminal */
#define TRUNC_HINT 0.1
/* libsmartcols cuts first the columns wider than their hint times the
 * terminal's width: this one is never narrow enough, until its header */
#define FREE_HINT 1e-9

/* a spare column's header cell's userdata points here */
static const char spare = 's';

struct st_table_opts st_table_opts_for(FILE *out)
{
	int fd = fileno(out);

	return (struct st_table_opts){ .fit = fd >= 0 && isatty(fd) };
}

static bool human(const struct st_table_opts *o)
{
	return !o->raw && !o->pairs;
}

struct libscols_table *st_table_new(FILE *out, const struct st_table_opts *o)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	scols_table_set_stream(tb, out);
	if (o->pairs) {
		scols_table_enable_export(tb, 1);
		/* keys a shell can assign: LOG_PHY="512/4096", MAJ_MIN="8:0" */
		scols_table_enable_shellvar(tb, 1);
	} else if (o->raw) {
		scols_table_enable_raw(tb, 1);
	}
	/* its UTF-8 art is ours: ├─ │ └─, else |- | `- */
	scols_table_enable_ascii(tb, !o->utf8);
	scols_table_enable_colors(tb, o->color);
	/* not a terminal: never cut (libsmartcols would ask isatty(1) itself) */
	scols_table_set_termforce(tb, o->fit && human(o) ? SCOLS_TERMFORCE_ALWAYS
							  : SCOLS_TERMFORCE_NEVER);
	if (o->width)
		scols_table_set_termwidth(tb, o->width);
	return tb;
}

struct libscols_column *st_table_column(struct libscols_table *tb, const struct st_table_opts *o,
					const char *name, unsigned flags)
{
	struct libscols_column *cl;
	double hint = 0;
	int fl = 0;

	if (flags & ST_COL_RIGHT)
		fl |= SCOLS_FL_RIGHT;
	if (flags & ST_COL_TRUNC) {
		fl |= SCOLS_FL_TRUNC;
		hint = TRUNC_HINT;
	}
	if (flags & ST_COL_FREE) {
		fl |= SCOLS_FL_TRUNC;
		hint = FREE_HINT;
	}
	if (flags & ST_COL_TREE)
		fl |= SCOLS_FL_TREE;
	cl = scols_table_new_column(tb, name, hint, fl);
	if (cl && (flags & ST_COL_SPARE))
		scols_cell_set_userdata(scols_column_get_header(cl), (void *)&spare);
	if (cl && o->color && scols_cell_set_color(scols_column_get_header(cl), ANSI_BOLD) < 0)
		return NULL;
	return cl;
}

void st_table_column_min(struct libscols_column *cl, size_t width)
{
	scols_column_set_whint(cl, (double)width);
	scols_column_set_flags(cl, scols_column_get_flags(cl) | SCOLS_FL_STRICTWIDTH);
}

int st_table_row(struct libscols_table *tb, size_t n, const char *const *cells)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);

	if (!ln)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (cells[i] && scols_line_set_data(ln, i, cells[i]) < 0)
			return -ENOMEM;
	return 0;
}

/* Display width: count UTF-8 lead bytes, not continuation bytes. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; s && *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* The narrowest column cl (the i-th) can be: never below its minimum; text
 * that may be cut as wide as its header, anything else as its widest cell (with the tree's art, two
 * cells a level). */
static size_t min_width(struct libscols_table *tb, struct libscols_column *cl, size_t i)
{
	struct libscols_iter *it;
	struct libscols_line *ln;
	size_t w = width(scols_cell_get_data(scols_column_get_header(cl)));
	int flags = scols_column_get_flags(cl);
	double hint = scols_column_get_whint(cl);

	if ((flags & SCOLS_FL_STRICTWIDTH) && hint >= 1 && (size_t)hint > w)
		w = (size_t)hint; /* st_table_column_min */
	if (flags & SCOLS_FL_TRUNC)
		return w ? w : 1;
	it = scols_new_iter(SCOLS_ITER_FORWARD);
	while (it && scols_table_next_line(tb, it, &ln) == 0) {
		size_t cw = width(scols_cell_get_data(scols_line_get_cell(ln, i)));

		for (struct libscols_line *p = ln; (flags & SCOLS_FL_TREE) && scols_line_get_parent(p);
		     p = scols_line_get_parent(p))
			cw += 2;
		if (cw > w)
			w = cw;
	}
	scols_free_iter(it);
	return w;
}

void st_table_fit(struct libscols_table *tb)
{
	size_t termwidth = scols_table_get_termwidth(tb), ncols = scols_table_get_ncols(tb);
	const char *sep = scols_table_get_column_separator(tb);
	size_t sepw = sep ? width(sep) : 1, total = 0, shown = 0;
	size_t *need = calloc(ncols ? ncols : 1, sizeof(*need));

	if (!need)
		return;
	for (size_t i = 0; i < ncols; i++) {
		struct libscols_column *cl = scols_table_get_column(tb, i);

		if (scols_column_is_hidden(cl))
			continue;
		need[i] = min_width(tb, cl, i);
		total += need[i] + (shown++ ? sepw : 0);
	}
	/* the spare columns first, then any but the first */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = ncols; i-- > 1 && total > termwidth;) {
			struct libscols_column *cl = scols_table_get_column(tb, i);

			if (scols_column_is_hidden(cl) ||
			    (pass == 0 && scols_cell_get_userdata(scols_column_get_header(cl)) != &spare))
				continue;
			scols_column_set_flags(cl, scols_column_get_flags(cl) | SCOLS_FL_HIDDEN);
			total -= need[i] + sepw;
		}
	/* and if libsmartcols counts a cell's width otherwise than we do, it
	 * cuts the last column */
	scols_table_enable_nowrap(tb, 1);
	free(need);
}

/* Each line of text (lines without their last '\n') after indent, to out. */
static int put_indented(FILE *out, const char *text, const char *indent)
{
	for (const char *s = text; *s;) {
		const char *nl = strchrnul(s, '\n');

		fputs(indent, out);
		fwrite(s, 1, (size_t)(nl - s), out);
		fputc('\n', out);
		s = *nl ? nl + 1 : nl;
	}
	return ferror(out) ? -EIO : 0;
}

int st_table_print_to_string(struct libscols_table *tb, const struct st_table_opts *o,
			     const char *indent, char **text)
{
	size_t iw = indent ? width(indent) : 0, len = 0;
	char *s = NULL;
	FILE *f;
	int rc;

	*text = NULL;
	if (o->fit && human(o)) {
		size_t tw = scols_table_get_termwidth(tb);

		/* the indent takes its share of the terminal */
		scols_table_set_termwidth(tb, tw > iw + 1 ? tw - iw : 1);
		st_table_fit(tb);
	}
	f = open_memstream(text, &len);
	if (!f)
		return -ENOMEM;
	rc = scols_table_get_nlines(tb) ? scols_print_table_to_string(tb, &s) : 0;
	if (rc == 0 && s)
		rc = put_indented(f, s, indent ? indent : "");
	free(s);
	if (fclose(f) != 0 && rc == 0)
		rc = -ENOMEM;
	if (rc) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

int st_table_print(struct libscols_table *tb, const struct st_table_opts *o, const char *indent)
{
	FILE *out = scols_table_get_stream(tb);
	char *text;
	int rc = st_table_print_to_string(tb, o, indent, &text);

	if (rc == 0)
		fputs(text, out);
	free(text);
	return rc == 0 && ferror(out) ? -EIO : rc;
}
