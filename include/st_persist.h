/*
 * st_persist.h - what `apply --persist` writes so that settings survive a
 * reboot: the text of /etc/udev/rules.d/69-stortune.rules (queue settings,
 * matched by stable id rather than kernel name, which changes) and of
 * /etc/sysctl.d/60-stortune.conf (sysctls), and what could not be persisted,
 * which the rules file itself records so that `status` can say it later.
 *
 * These functions only compose text.  Writing the files (atomically, with
 * the old content kept in the journal) is the apply path's job.
 */
#ifndef ST_PERSIST_H
#define ST_PERSIST_H

#include "st_knob.h"
#include "st_model.h"

/*
 * Where the files go, relative to the root.  The rules file sorts after
 * every rule that sets a property it matches on: 60-persistent-storage
 * (ID_WWN, ID_SERIAL, ID_PATH), 10-dm/55-dm (DM_UUID) and mdadm's
 * 63-md-raid-arrays (MD_UUID), and after 69-lvm ("l" < "s").  Earlier
 * versions wrote 60-stortune.rules, which ran before 63- and so never saw
 * MD_UUID; journals that recorded that name still revert it, status still
 * shows it, and apply --persist replaces a 60- file of stortune's.
 */
#define ST_PERSIST_UDEV_FILE "etc/udev/rules.d/69-stortune.rules"
#define ST_PERSIST_UDEV_FILE_OLD "etc/udev/rules.d/60-stortune.rules"
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
 *   ENV{ID_PATH}=="pci-0000:00:04.0"     (the fallback: see below)
 * dm, md and loop devices use their own id first (dev->dm, dev->raid,
 * dev->loop, or the udev property); then, for every kind, udev's
 * ID_WWN_WITH_EXTENSION (unique per LUN, as the by-id/wwn- links), ID_WWN,
 * the sysfs wwn (dev->wwn: nvme "eui.", which udev copies into ID_WWN, or
 * "0x" from a naa. wwid), ID_SERIAL, and last ID_PATH (the by-path link:
 * the slot the disk is in, stable only as long as that is, so a rule
 * matched by it carries a warning; a virtio disk without a serial has
 * nothing else).  An id that holds a character udev
 * would not read literally ('"', '\\', a control character, or the pattern
 * characters '*', '?', '[' and '|') is passed over for the next one.  NULL
 * when no usable id is left, and for partitions, which share their disk's
 * ids and have no queue of their own.  A knob of the device's NVMe
 * subsystem (ST_KNOB_NVME_SUBSYS: iopolicy) gets a rule of its own on that
 * subsystem instead, matched by ATTR{subsysnqn} (dev->nvme_subsysnqn).
 */
char *st_persist_udev_match(const struct st_device *dev);

/* What a rules file says about a device besides its rule. */
enum st_persist_note_kind {
	ST_PN_BY_PATH,       /* matched by ID_PATH only: a warning */
	ST_PN_NOT_PERSISTED, /* no rule: its settings last until reboot */
	ST_PN_NR
};

struct st_persist_note {
	enum st_persist_note_kind kind;
	char *device; /* kname */
	char *reason; /* one line: "no id udev can match (...)" */
};

struct st_persist_notes {
	struct st_persist_note *v;
	size_t n;
};

void st_persist_notes_free(struct st_persist_notes *notes); /* the contents; NULL ok */
size_t st_persist_notes_count(const struct st_persist_notes *notes,
			      enum st_persist_note_kind kind);
/* "warning", "not persisted": the tag in text output and in the file */
const char *st_persist_note_name(enum st_persist_note_kind kind);

/*
 * The notes a rules file written by st_persist_udev_rules holds (its
 * "# not persisted: vda: ..." and "# warning: sdb: ..." comment lines),
 * appended to *notes.  Other text gives none.
 */
void st_persist_notes_parse(const char *text, struct st_persist_notes *notes);

/* Does text start as the files st_persist_* write do? */
bool st_persist_is_ours(const char *text);

/*
 * The rules file: a header comment saying stortune wrote it and that it is
 * replaced on the next `apply --persist`, then, per device (in item order,
 * devices grouped), a comment naming the device, its model and rules, and
 * one rule
 *   ACTION=="add|change", SUBSYSTEM=="block", ENV{DEVTYPE}=="disk", <match>, \
 *     ATTR{queue/scheduler}="none", ATTR{queue/read_ahead_kb}="4096"
 * (on one line; assignments in item order, which is the knob table's order:
 * a scheduler before its tunables).  Only ST_KNOB_SYSFS items with a dev
 * count.  A device matched by ID_PATH gets a "# warning: KNAME: ..." line
 * before its rule.  A device without a match, or with a value udev would
 * not write literally ('"', '\\', a control character, or the '$' and '%'
 * of udev's substitutions), gets no rule but a "# not persisted: KNAME:
 * REASON" line, so that the file says what it does not do.  Both are
 * appended to *notes as well (notes may be NULL), in item order.  Returns
 * NULL when there is no device item.
 */
char *st_persist_udev_rules(const struct st_persist_item *items, size_t n,
			    struct st_persist_notes *notes);

/*
 * The sysctl.d file: a header comment, then "vm.dirty_background_bytes =
 * 268435456" per ST_KNOB_SYSCTL item, each after a "# rule <id>" comment
 * when the item names its rule.
 * Items whose value is empty or holds a control character are left out.
 * NULL when there are no sysctl items.
 */
char *st_persist_sysctl_conf(const struct st_persist_item *items, size_t n);

#endif
