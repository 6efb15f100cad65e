/*
 * st_diskstats.h - /proc/diskstats: the kernel's cumulative I/O counters per
 * block device, as one snapshot, and the difference of two snapshots.  The
 * benchmark takes two to count the physical I/O behind a run; `observe`
 * takes one a second for iostat-like figures.  Both turn deltas into rates
 * themselves (STYLE.md 10): this module only parses and subtracts.
 *
 * Every kernel's layout is accepted (Documentation/admin-guide/iostats.rst,
 * Documentation/ABI/testing/procfs-diskstats), told apart by the number of
 * fields on each line:
 *   7  2.6 partitions: reads issued, sectors read, writes issued, sectors
 *      written (a different meaning from the 11-stat layout's first four);
 *   14 11 stats, all kernels before 4.18, and 2.6 disks;
 *   18 + 4 discard stats, 4.18+;
 *   20 + 2 flush stats, 5.5+.
 * A stat a layout lacks is 0.
 */
#ifndef ST_DISKSTATS_H
#define ST_DISKSTATS_H

#include <stdio.h>

#include "st_path.h"
#include "stortune.h"

/* The "sectors" of diskstats are ST_SECTOR (st_units.h), 512-byte units
 * whatever the device's logical or physical block size (iostats.rst: "not
 * any device- or filesystem-specific block size"). */

/*
 * One line.  Counters count since the device appeared; the times are
 * milliseconds, summed over requests (so rd_ms can grow faster than the
 * wall clock), except io_ms, the wall time with at least one request in
 * flight.  in_flight is a gauge.
 */
struct st_dstat {
	unsigned major, minor;
	char name[64];
	unsigned nstats; /* stats fields present: 4, 11, 15 or 17 */
	uint64_t rd_ios, rd_merges, rd_sectors, rd_ms;
	uint64_t wr_ios, wr_merges, wr_sectors, wr_ms;
	uint64_t in_flight, io_ms, weighted_ms;
	uint64_t dc_ios, dc_merges, dc_sectors, dc_ms;
	uint64_t fl_ios, fl_ms;
};

/* One snapshot, devices in the file's order. */
struct st_diskstats {
	struct st_dstat *v;
	size_t n;
};

/*
 * Parses the text of a diskstats file (len bytes, NUL not needed); file
 * names it in messages ("/proc/diskstats:3: 9 fields; expected 7, 14, 18
 * or 20").  *out is overwritten, not freed.  All or nothing: on error *out
 * is left empty, a warning names file:line (and the field, for a bad
 * number), and the return is -EINVAL.  An empty file is 0 devices.
 */
int st_diskstats_parse(const char *text, size_t len, const char *file, struct st_diskstats *out);
/* The same, for text that starts at line first_line of file (recordings). */
int st_diskstats_parse_at(const char *text, size_t len, const char *file, unsigned first_line,
			  struct st_diskstats *out);

/* One line in the kernel's layout for d->nstats (what parse reads back). */
void st_dstat_print(FILE *out, const struct st_dstat *d);

/*
 * Reads proc/diskstats through the rooted path context and parses it.  A
 * missing or unreadable file returns its -errno with only path.c's debug
 * line: the caller knows whether that matters (the benchmark goes on
 * without physical figures; observe cannot run).  *out is left empty.
 */
int st_diskstats_read(struct st_path *pc, struct st_diskstats *out);

/* The device by kernel name ("sda1", "dm-0") or by number; NULL if absent. */
const struct st_dstat *st_diskstats_find(const struct st_diskstats *s, const char *name);
const struct st_dstat *st_diskstats_find_dev(const struct st_diskstats *s, unsigned major,
					     unsigned minor);

/* Accepts NULL and an empty or zeroed struct; leaves it zeroed. */
void st_diskstats_free(struct st_diskstats *s);

/*
 * *d = b - a per counter, for two samples a (earlier) and b of one device;
 * d's identity and in_flight (a gauge, not a counter) are b's, and nstats
 * the smaller of the two.  A counter that went backwards wrapped or was
 * reset; see diskstats.c for how each is told apart.  Returns true if any
 * counter did.
 */
bool st_dstat_sub(const struct st_dstat *a, const struct st_dstat *b, struct st_dstat *d);

/*
 * *sum += d per counter (not in_flight, a gauge): differences of several
 * devices or intervals added up.  sum's nstats becomes the smaller one; a
 * zeroed sum takes d's.
 */
void st_dstat_add(struct st_dstat *sum, const struct st_dstat *d);

#endif
