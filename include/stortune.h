/*
 * stortune.h - definitions shared by every stortune module: the version,
 * compiler attributes and the "unknown" sentinel used for optional numeric
 * facts throughout the system model.
 */
#ifndef STORTUNE_H
#define STORTUNE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORTUNE_VERSION "0.1.0"

#define ST_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define ST_NORETURN __attribute__((noreturn))
#define ST_UNUSED __attribute__((unused))

#define ST_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Optional numeric facts (an attribute the kernel does not have, or one that
 * held garbage) are stored as ST_UNKNOWN and printed as null in JSON and
 * "unknown" (or "-") in text.  No real sysfs value reaches UINT64_MAX.
 */
#define ST_UNKNOWN UINT64_MAX

/* Tri-state booleans (rotational, ro, ...): 1, 0 or ST_TRI_UNKNOWN. */
#define ST_TRI_UNKNOWN (-1)

#endif
