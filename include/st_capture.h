/*
 * st_capture.h - `stortune capture`: archive what probing reads, so that
 * `--sysroot DIR` on the unpacked archive gives the same model elsewhere.
 */
#ifndef ST_CAPTURE_H
#define ST_CAPTURE_H

#include "st_path.h"

/* Writes the archive to file (format and compression from its name).
 * Returns 0 or -errno; messages are printed here. */
int st_capture(struct st_path *pc, const char *file);

#endif
