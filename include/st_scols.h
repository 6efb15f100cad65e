/*
 * st_scols.h - libsmartcols, the table library lsblk prints with, loaded
 * when the first table is printed (st_dl.h): probe --json, apply, revert
 * and the JSON outputs print none.  As in st_json.h, each function below is
 * a macro for its pointer in st_scols()'s table, and code calls it by its
 * own name.
 */
#ifndef ST_SCOLS_H
#define ST_SCOLS_H

#include <libsmartcols.h>

/* every libsmartcols function stortune calls */
#define ST_SCOLS_SYMBOLS(X) \
	X(scols_cell_get_data) \
	X(scols_cell_get_userdata) \
	X(scols_cell_set_color) \
	X(scols_cell_set_userdata) \
	X(scols_column_get_flags) \
	X(scols_column_get_header) \
	X(scols_column_get_whint) \
	X(scols_column_is_hidden) \
	X(scols_column_set_flags) \
	X(scols_column_set_whint) \
	X(scols_free_iter) \
	X(scols_line_get_cell) \
	X(scols_line_get_parent) \
	X(scols_line_refer_data) \
	X(scols_line_set_data) \
	X(scols_new_iter) \
	X(scols_new_table) \
	X(scols_print_table_to_string) \
	X(scols_table_enable_ascii) \
	X(scols_table_enable_colors) \
	X(scols_table_enable_export) \
	X(scols_table_enable_noheadings) \
	X(scols_table_enable_nowrap) \
	X(scols_table_enable_raw) \
	X(scols_table_enable_shellvar) \
	X(scols_table_get_column) \
	X(scols_table_get_column_separator) \
	X(scols_table_get_ncols) \
	X(scols_table_get_nlines) \
	X(scols_table_get_stream) \
	X(scols_table_get_termwidth) \
	X(scols_table_new_column) \
	X(scols_table_new_line) \
	X(scols_table_next_line) \
	X(scols_table_set_column_separator) \
	X(scols_table_set_stream) \
	X(scols_table_set_termforce) \
	X(scols_table_set_termwidth) \
	X(scols_unref_table)

struct st_scols {
#define ST_SCOLS_MEMBER(f) __typeof__(&f) f;
	ST_SCOLS_SYMBOLS(ST_SCOLS_MEMBER)
#undef ST_SCOLS_MEMBER
};

const struct st_scols *st_scols(void);

#ifndef ST_DL_LOADER
#define scols_cell_get_data (st_scols()->scols_cell_get_data)
#define scols_cell_get_userdata (st_scols()->scols_cell_get_userdata)
#define scols_cell_set_color (st_scols()->scols_cell_set_color)
#define scols_cell_set_userdata (st_scols()->scols_cell_set_userdata)
#define scols_column_get_flags (st_scols()->scols_column_get_flags)
#define scols_column_get_header (st_scols()->scols_column_get_header)
#define scols_column_get_whint (st_scols()->scols_column_get_whint)
#define scols_column_is_hidden (st_scols()->scols_column_is_hidden)
#define scols_column_set_flags (st_scols()->scols_column_set_flags)
#define scols_column_set_whint (st_scols()->scols_column_set_whint)
#define scols_free_iter (st_scols()->scols_free_iter)
#define scols_line_get_cell (st_scols()->scols_line_get_cell)
#define scols_line_get_parent (st_scols()->scols_line_get_parent)
#define scols_line_refer_data (st_scols()->scols_line_refer_data)
#define scols_line_set_data (st_scols()->scols_line_set_data)
#define scols_new_iter (st_scols()->scols_new_iter)
#define scols_new_table (st_scols()->scols_new_table)
#define scols_print_table_to_string (st_scols()->scols_print_table_to_string)
#define scols_table_enable_ascii (st_scols()->scols_table_enable_ascii)
#define scols_table_enable_colors (st_scols()->scols_table_enable_colors)
#define scols_table_enable_export (st_scols()->scols_table_enable_export)
#define scols_table_enable_noheadings (st_scols()->scols_table_enable_noheadings)
#define scols_table_enable_nowrap (st_scols()->scols_table_enable_nowrap)
#define scols_table_enable_raw (st_scols()->scols_table_enable_raw)
#define scols_table_enable_shellvar (st_scols()->scols_table_enable_shellvar)
#define scols_table_get_column (st_scols()->scols_table_get_column)
#define scols_table_get_column_separator (st_scols()->scols_table_get_column_separator)
#define scols_table_get_ncols (st_scols()->scols_table_get_ncols)
#define scols_table_get_nlines (st_scols()->scols_table_get_nlines)
#define scols_table_get_stream (st_scols()->scols_table_get_stream)
#define scols_table_get_termwidth (st_scols()->scols_table_get_termwidth)
#define scols_table_new_column (st_scols()->scols_table_new_column)
#define scols_table_new_line (st_scols()->scols_table_new_line)
#define scols_table_next_line (st_scols()->scols_table_next_line)
#define scols_table_set_column_separator (st_scols()->scols_table_set_column_separator)
#define scols_table_set_stream (st_scols()->scols_table_set_stream)
#define scols_table_set_termforce (st_scols()->scols_table_set_termforce)
#define scols_table_set_termwidth (st_scols()->scols_table_set_termwidth)
#define scols_unref_table (st_scols()->scols_unref_table)
#endif

#endif
