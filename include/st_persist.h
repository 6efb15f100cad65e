/*
 * st_persist.h - what `apply --persist` writes so that settings survive a
 * reboot: the text of /etc/udev/rules.d/60-stortune.rules (queue settings,
 * matched by stable id rather than kernel name, which changes) and of
 * /etc/sysctl.d/60-stortune.conf (sysctls).
 *
 * These functions only compose text.  Writing the files (atomically, with
 * the old content kept in the journal) is the apply path's job.
 */
#ifndef ST_PERSIST_H
#define ST_PERSIST_H

#include "st_knob.h"
#include "st_model.h"

/* Where the files go, relative to the root. */
#define ST_PERSIST_UDEV_FILE "etc/udev/rules.d/60-stortune.rules"
#define ST_PERSIST_SYSCTL_FILE "etc/sysctl.d/60-stortune.conf"

/* One setting to persist. */
struct st_persist_item {
	const struct st_knob *knob;   /* ST_KNOB_SYSFS or ST_KNOB_SYSCTL; others ignored */
	const struct st_device *dev;  /* sysfs knobs: the device */
	const char *value;            /* kernel text, as st_knob_render gives it */
	const char *rule;             /* rule id, for the comment */
};

/*
 * The udev match that finds dev again after a reboot or a rename, e.g.
 *   ENV{ID_WWN}=="0x5000c500a1b2c3d4"
 *   ENV{ID_WWN_WITH_EXTENSION}=="0x600508b1001c7e1f3b8d2c4a5e6f7081"
 *   ENV{ID_SERIAL}=="Samsung_SSD_870_EVO_1TB_S5Y1NX0R123456"
 *   ENV{DM_UUID}=="LVM-abc..."           (or ENV{DM_NAME} without a uuid)
 *   ATTR{md/uuid}=="3a4e5f6c-..."        (ENV{MD_UUID}=="3a4e5f6c:..." from udev)
 *   ATTR{loop/backing_file}=="/var/tmp/disk.img"
 * dm, md and loop devices use their own id first (dev->dm, dev->raid,
 * dev->loop, or the udev property); then, for every kind, udev's
 * ID_WWN_WITH_EXTENSION (unique per LUN, as the by-id/wwn- links), ID_WWN,
 * the sysfs wwn (dev->wwn: nvme "eui.", which udev copies into ID_WWN, or
 * "0x" from a naa. wwid), ID_SERIAL.  An id that holds a character udev
 * would not read literally ('"', '\\', a control character, or the pattern
 * characters '*', '?', '[' and '|') is passed over for the next one.  NULL
 * when no usable id is left, and for partitions, which share their disk's
 * ids and have no queue of their own.
 */
char *st_persist_udev_match(const struct st_device *dev);

/*
 * The rules file: a header comment saying stortune wrote it and that it is
 * replaced on the next `apply --persist`, then, per device (in item order,
 * devices grouped), a comment naming the device, its model and rules, and
 * one rule
 *   ACTION=="add|change", SUBSYSTEM=="block", ENV{DEVTYPE}=="disk", <match>, \
 *     ATTR{queue/scheduler}="none", ATTR{queue/read_ahead_kb}="4096"
 * (on one line; assignments in item order, which is the knob table's order:
 * a scheduler before its tunables).  Only ST_KNOB_SYSFS items with a dev
 * count.  Devices without a match, or with a value udev would not write
 * literally ('"', '\\', a control character, or the '$' and '%' of udev's
 * substitutions), are left out and their knames appended to *unmatched
 * (unmatched may be NULL).  Returns NULL when no device item is left.
 */
char *st_persist_udev_rules(const struct st_persist_item *items, size_t n, char ***unmatched);

/*
 * The sysctl.d file: a header comment, then "vm.dirty_background_bytes =
 * 268435456" per ST_KNOB_SYSCTL item, each after a "# rule <id>" comment
 * when the item names its rule.
 * Items whose value is empty or holds a control character are left out.
 * NULL when there are no sysctl items.
 */
char *st_persist_sysctl_conf(const struct st_persist_item *items, size_t n);

#endif
