/*
 * st_units.h - the units every stage counts in, defined once: binary sizes,
 * the 512-byte sector that sysfs and /proc/diskstats count in whatever the
 * device's block size, and time conversions.
 */
#ifndef ST_UNITS_H
#define ST_UNITS_H

#include <stdint.h>

#define ST_KIB UINT64_C(1024)
#define ST_MIB (1024 * ST_KIB)
#define ST_GIB (1024 * ST_MIB)

/* sysfs "size" and "start", /proc/diskstats sectors: always 512 bytes
 * (include/linux/blk_types.h SECTOR_SHIFT 9) */
#define ST_SECTOR UINT64_C(512)

#define ST_NSEC_PER_SEC UINT64_C(1000000000)
#define ST_NSEC_PER_USEC UINT64_C(1000)
#define ST_USEC_PER_SEC UINT64_C(1000000)

#endif
