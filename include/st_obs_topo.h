/*
 * st_obs_topo.h - the devices observe samples, as far as placing and
 * judging their rows needs (topo.c): a partition's disk, a stack's members,
 * a loop device's backing device, the write cache, the class.  From the
 * probed model on the live machine, or from a recording's `dev` lines.
 */
#ifndef ST_OBS_TOPO_H
#define ST_OBS_TOPO_H

#include "st_model.h"
#include "stortune.h"

/* What observe needs to know about a device to place and judge its row. */
struct st_obs_dev {
	char *name;
	unsigned maj, min;
	enum st_kind kind;
	enum st_class class;
	char *disk;          /* a partition's whole disk */
	char **slaves;       /* md/dm: the devices it is built on (NULL-terminated) */
	char *backing;       /* a loop device: the device its backing file is on */
	bool write_through;  /* no volatile write cache: the kernel drops flushes */
	bool member;         /* shown under its holder, not as a row of its own */
	bool has_parts;      /* a disk with partitions */
};

struct st_obs_name; /* topo.c: a sorted index by name */

struct st_obs_topo {
	struct st_obs_dev *v;
	size_t n;
	struct st_obs_name *by_name; /* built by st_obs_topo_finish */
};

/* From the probed model. */
void st_obs_topo_from_model(struct st_obs_topo *t, const struct st_system *sys);
/* Adds one device (recordings); call st_obs_topo_finish after the last. */
struct st_obs_dev *st_obs_topo_add(struct st_obs_topo *t, const char *name, unsigned maj,
				   unsigned min);
/* Indexes the devices by name and works out which are members of a stack
 * (shown under it) and which disks have partitions. */
void st_obs_topo_finish(struct st_obs_topo *t);
const struct st_obs_dev *st_obs_topo_find(const struct st_obs_topo *t, const char *name);
/* Accepts NULL; leaves *t empty. */
void st_obs_topo_free(struct st_obs_topo *t);

#endif
