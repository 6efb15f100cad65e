/*
 * st_journal.h - the undo journal of `apply` (DESIGN.md "Apply, journal,
 * revert") and the state directory it lives in.
 *
 * Each apply that changes something gets one journal, journal-NNNNNN.json
 * (NNNNNN counts up), an intent log: written atomically (temp file, fsync,
 * rename, fsync of the directory) once with the whole plan before the
 * first write to the kernel, and once more when the apply is complete.  So
 * after a crash at any point the journal holds every value that may have
 * been changed, with its old value, and revert tells from each live value
 * whether it was.  `revert` replays the newest journal in reverse; a
 * journal fully reverted or rolled back is renamed done-NNNNNN.json, kept
 * for the record.
 *
 * Devices are recorded by stable id (WWN, serial, dm uuid ...) as well as
 * by kernel name, so that revert finds sdb after it became sdc.
 *
 * A lock file (flock, which the kernel drops when its holder dies, so a
 * kill -9 leaves no stale lock) keeps two applies or reverts apart; it
 * holds the pid of its holder for the message.
 */
#ifndef ST_JOURNAL_H
#define ST_JOURNAL_H

#include "stortune.h"

/* What an entry changed. */
enum st_jkind {
	ST_JK_SYSFS,  /* a device attribute */
	ST_JK_SYSCTL, /* a /proc/sys value */
	ST_JK_MOUNT,  /* a mount option, by remount */
	ST_JK_FILE,   /* a file apply --persist wrote */
	ST_JK_NR
};
const char *st_jkind_name(enum st_jkind k);

enum st_jstate {
	ST_JS_PENDING,     /* journaled; the write may or may not have happened */
	ST_JS_DONE,        /* written and read back */
	ST_JS_SIDE,        /* not written by us: the kernel changed it as a side
			      effect of the next entry (a sysctl's twin) */
	ST_JS_ROLLED_BACK, /* undone by the apply that failed */
	ST_JS_REVERTED,    /* undone by revert */
	ST_JS_MANUAL,      /* changed by hand since: left alone by revert */
	ST_JS_FAILED,      /* undoing it failed */
	ST_JS_ABSENT,      /* a revert's outcome, never stored: the device is
			      not there now; the entry stays as it was, for a
			      later revert */
	ST_JS_NR
};
const char *st_jstate_name(enum st_jstate s);

struct st_jentry {
	enum st_jkind kind;
	enum st_jstate state;
	char *knob;      /* knob name; FILE: NULL */
	char *target;    /* kname, mount point, "system", or the file (relative
			    to the root) */
	char *stable_id; /* devices: how to find them again; NULL: none */
	char *old_value; /* before; FILE: the old content, NULL when absent */
	char *new_value; /* what we wrote (SIDE: what the kernel set; NULL while
			    not known, in an apply's intent) */
	char *rule;      /* the rule that wanted it; NULL for SIDE and FILE */
};

enum st_jphase {
	ST_JP_APPLYING,    /* in progress, or killed */
	ST_JP_APPLIED,
	ST_JP_ROLLED_BACK, /* failed and undone */
	ST_JP_REVERTED,    /* undone by revert */
	ST_JP_PARTIAL,     /* revert left entries (manual or failed) */
	ST_JP_NR
};
const char *st_jphase_name(enum st_jphase p);

struct st_journal {
	int version;     /* of the file it was read from (1: before the intent log) */
	unsigned seq;
	char *profile;
	char *sysroot;   /* NULL: the live system */
	char *started;   /* ISO 8601 UTC */
	char *finished;  /* NULL while applying */
	char **devices;  /* the apply's DEVICE arguments (names); NULL: all */
	long pid;
	enum st_jphase phase;
	struct st_jentry *v;
	size_t n;
};

struct st_state;

/*
 * Opens the state directory dir, creating it (0755, with parents) when
 * create.  Returns 0, -ENOENT when it does not exist and !create, or -errno;
 * -ELOOP when dir is a symlink (not followed) and -EPERM when it is owned by
 * another user than root or the caller, or group/world-writable: both said
 * with st_err.  A journal file is held to the same test when loaded.
 */
int st_state_open(const char *dir, bool create, struct st_state **out);
void st_state_free(struct st_state *st);
const char *st_state_dir(const struct st_state *st);

/*
 * Takes the lock, without waiting.  -EBUSY when another process holds it,
 * with *holder set to its pid (0 when unknown).  With the lock, the
 * temporary files of journal saves a killed run left are removed.
 */
int st_state_lock(struct st_state *st, long *holder);

/*
 * The DEVICE arguments of the apply this state directory is opened for:
 * every journal st_journal_new makes from now on records them (copied), so
 * that verify and status without --profile check what that apply covered.
 */
void st_state_set_devices(struct st_state *st, char *const *names, size_t n);

/* A new, empty journal with the next sequence number. */
int st_journal_new(struct st_state *st, const char *profile, const char *sysroot,
		   struct st_journal **out);
/* Appends an entry (the strings are copied); returns it. */
struct st_jentry *st_journal_add(struct st_journal *j, enum st_jkind kind, const char *knob,
				 const char *target, const char *stable_id, const char *old_value,
				 const char *new_value, const char *rule);
/* Writes it atomically to journal-NNNNNN.json (two fsyncs: the file's and
 * the directory's). */
int st_journal_save(struct st_state *st, struct st_journal *j);
/* Saves it as done-NNNNNN.json and removes journal-NNNNNN.json. */
int st_journal_retire(struct st_state *st, struct st_journal *j);

/*
 * The journals not retired, newest first (*n of them).  A journal that
 * cannot be parsed is an error naming the file: -EINVAL, with *err set.
 */
int st_journal_load_active(struct st_state *st, struct st_journal ***out, size_t *n, char **err);
void st_journal_free(struct st_journal *j);
void st_journal_freev(struct st_journal **v, size_t n);

/*
 * The journal entry that last set knob on this target, in the active
 * journals (newest first), or NULL.  The target matches by stable id when
 * both have one, else by name.
 */
const struct st_jentry *st_journal_find(struct st_journal *const *journals, size_t n,
					const char *knob, const char *target,
					const char *stable_id);

/* Serialization, for tests and --json output. */
char *st_journal_to_json(const struct st_journal *j);
int st_journal_from_json(const char *text, const char *file, struct st_journal **out,
			 char **err);

#endif
