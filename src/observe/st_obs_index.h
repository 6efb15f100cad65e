/*
 * st_obs_index.h - observe's own sorted index of an array's names (topo.c),
 * so that a machine with thousands of disks and partitions costs n log n an
 * interval, not n squared (10,240 devices took 1.2 s of CPU an interval
 * before).  The topology, the observer's per-device state and each sample's
 * devices are looked up by it.
 */
#ifndef ST_OBS_INDEX_H
#define ST_OBS_INDEX_H

#include "stortune.h"

struct st_obs_name;

/*
 * Indexes n elements of size bytes from base by the name at offset off of
 * each: the name itself, an array in the element (inline_name), or else a
 * char * there.  The index points into the array: rebuild it when the
 * array moves.  The caller frees it with free().
 */
struct st_obs_name *st_obs_index_build(const void *base, size_t n, size_t size, size_t off, bool inline_name);
/* *pos: the element named name, of an index of n; false if none is. */
bool st_obs_index_find(const struct st_obs_name *ix, size_t n, const char *name, size_t *pos);

#endif
