/*
 * fuzz_report.c - saved JSON handed to `stortune report` (st_report_load and
 * the HTML renderer, src/report/html*.c): any bytes, as one object or JSON
 * Lines.  What loads must render, and the page must never hold a raw
 * "<script": every string of the input reaches it escaped.
 */
#include "fuzz.h"
#include "st_html.h"

#include <json-c/json.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = st_xasprintf("%s/report.json", fz_tmpdir());
	struct json_object *o = NULL;

	fz_write_file(path, data, size);
	if (st_report_load(path, &o) == 0) {
		struct st_report_doc doc = { .o = o, .name = "fuzz<script>.json" };
		char *page = st_html_render(&doc, 1);

		if (strstr(page, "<script") || strstr(page, "<SCRIPT")) {
			fprintf(stderr, "a raw <script in the page:\n%s\n", page);
			abort();
		}
		free(page);
		json_object_put(o);
	}
	free(path);
	return 0;
}
