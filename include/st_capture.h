/*
 * st_capture.h - `stortune capture`: archive what probing reads, so that
 * `--sysroot DIR` on the unpacked archive gives the same model elsewhere.
 */
#ifndef ST_CAPTURE_H
#define ST_CAPTURE_H

#include "st_path.h"

/* What went into the archive. */
struct st_capture_counts {
	size_t files, dirs, links;
	size_t skipped; /* unreadable files, each warned about */
};

/* Writes the archive to file (format and compression from its name) and
 * counts what it holds.  Returns 0 or -errno; errors are printed here. */
int st_capture(struct st_path *pc, const char *file, struct st_capture_counts *counts);

#endif
