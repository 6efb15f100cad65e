/*
 * st_mount.h - one mount, live: its options read again after a change
 * (probe_mounts.c, which owns mountinfo parsing) and a remount that changes
 * one option (remount.c, the only caller of mount(2) in stortune).
 */
#ifndef ST_MOUNT_H
#define ST_MOUNT_H

#include "st_model.h"
#include "st_path.h"

/*
 * The mount at target as proc/self/mountinfo shows it now (the topmost
 * one, when several are stacked there), with its options parsed as the
 * probe parses them.  Returns 0, -ENOENT when nothing is mounted there, or
 * -errno.
 */
int st_mount_reread(struct st_path *pc, const char *target, struct st_mount **out);

/*
 * Remounts target with one more option (MS_REMOUNT through libmount, as
 * `mount -o remount,OPTION TARGET` does: the mount's other options are
 * kept).  Live system only.  Returns 0 or -errno.
 */
int st_remount(const char *target, const char *option);

#endif
