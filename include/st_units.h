/*
 * st_units.h - the units every stage counts in, defined once: binary sizes,
 * the 512-byte sector that sysfs and /proc/diskstats count in whatever the
 * device's block size, and time conversions.
 */
#ifndef ST_UNITS_H
#define ST_UNITS_H

#define ST_KIB 1024ull
#define ST_MIB (1024ull * ST_KIB)
#define ST_GIB (1024ull * ST_MIB)

/* sysfs "size" and "start", /proc/diskstats sectors: always 512 bytes
 * (include/linux/blk_types.h SECTOR_SHIFT 9) */
#define ST_SECTOR 512ull

#define ST_NSEC_PER_SEC 1000000000ull
#define ST_NSEC_PER_USEC 1000ull
#define ST_USEC_PER_SEC 1000000ull

#endif
