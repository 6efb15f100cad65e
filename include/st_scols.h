/*
 * st_scols.h - libsmartcols, the table library lsblk prints with, loaded
 * when the first table is printed (src/report/scols.c): every shared
 * library costs every run ~0.2 ms of CPU to load and relocate, and probe
 * --json, apply, revert and the JSON outputs print no table.  Each
 * function is called as SCOLS(scols_NAME)(...).
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

/* The functions, loaded on the first call; a program that cannot load
 * them says why and exits 1. */
const struct st_scols *st_scols(void);
#define SCOLS(f) (st_scols()->f)

#endif
