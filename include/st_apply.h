/*
 * st_apply.h - plan -> the system: which changes of a plan are applied, the
 * apply protocol with its journal and rollback, revert, and --persist.
 *
 * For each change, in order (DESIGN.md "Apply, journal, revert"):
 *   1. read the live value; skip the change if it already matches;
 *   2. append the old value to the journal and save it (atomically);
 *   3. write the new value with one checked write(2);
 *   4. read it back and compare.
 * If any step fails, everything this run changed is undone in reverse
 * order.  A value the journal says stortune set, which has since changed to
 * something else, was changed by hand: apply, verify and revert leave it
 * alone (STYLE.md 9) unless forced.
 */
#ifndef ST_APPLY_H
#define ST_APPLY_H

#include "st_engine.h"
#include "st_journal.h"
#include "st_path.h"
#include "st_persist.h"

/* Points between the steps, for the crash-safety test hook. */
enum st_apply_step {
	ST_STEP_JOURNALED,  /* the intent (every change of the plan, or the
			       --persist files) is saved; nothing of it written
			       yet.  Once; change: the first one */
	ST_STEP_WRITTEN,    /* written; not read back */
	ST_STEP_VERIFIED,   /* read back and equal */
	ST_STEP_COMPLETING, /* everything written; the journal is not marked
			       applied yet.  Once; change: one past the last */
	ST_STEP_NR
};

struct st_apply_ctl;

struct st_apply_opts {
	bool allow_durability; /* --allow-durability-risk */
	bool remount;          /* --remount: apply mount options to live mounts */
	bool force;            /* --force: also values changed by hand since */
	bool persist;          /* --persist */
	/* --validate: called once after the changes are made and read back
	 * (before --persist), while the journal is open.  It may switch done
	 * items between their old and new values and undo those that
	 * regressed, with st_apply_ctl_*.  Returns 0, or -errno when a
	 * kernel write failed: then the whole run is rolled back. */
	int (*validate)(void *data, struct st_apply_ctl *ctl);
	void *validate_data;
	/* test only: called at each step of each change, and of each --persist
	 * file (numbered after the changes); may kill the process */
	void (*step_hook)(void *data, enum st_apply_step step, size_t change);
	void *hook_data;
};

/* Why apply holds a change back, and what would make it apply (one table,
 * apply.c, for apply, verify and status). */
enum st_hold {
	ST_HOLD_NONE,
	ST_HOLD_DURABILITY, /* risk durability, without --allow-durability-risk */
	ST_HOLD_REMOUNT,    /* a mount option, without --remount */
	ST_HOLD_FSTAB,      /* a mount option the kernel cannot change live */
	ST_HOLD_ADVICE,     /* advice: no knob, never applied */
	ST_HOLD_NR
};
/* What an apply with these options does not apply of rc, and why. */
enum st_hold st_apply_hold(const struct st_reco *rc, const struct st_apply_opts *o);
/* What it needs: "--allow-durability-risk", "--remount", "an fstab edit", "advice only" */
const char *st_hold_needs(enum st_hold h);
/* The sentence: "mount options change with --remount" */
const char *st_hold_reason(enum st_hold h);

enum st_item_status {
	ST_IT_PENDING,     /* will be (dry run: would be) changed */
	ST_IT_HELD,        /* not applied: reason says which flag it needs */
	ST_IT_MANUAL,      /* changed by hand since an apply set it: left alone */
	ST_IT_EQUAL,       /* the live value already matched */
	ST_IT_DONE,        /* changed and read back */
	ST_IT_UNSUPPORTED, /* the kernel has no such attribute */
	ST_IT_FAILED,      /* its step failed: the run was rolled back */
	ST_IT_ROLLED_BACK, /* changed, then undone after a later failure */
	ST_IT_NR
};
const char *st_item_status_name(enum st_item_status s);

struct st_apply_item {
	const struct st_reco *reco;
	enum st_item_status status;
	char *reason; /* HELD, MANUAL, FAILED, UNSUPPORTED: why */
	char *live;   /* the value read at apply time */
};

struct st_apply {
	const struct st_plan *plan;
	struct st_apply_item *items; /* the plan's changes, in plan order */
	size_t n;
	size_t npending;
	/* --persist: the files written ("/etc/sysctl.d/60-stortune.conf"),
	 * and the devices matched only by their slot or not persisted at all */
	char **persisted;
	struct st_persist_notes persist_notes;
	unsigned journal_seq; /* 0: nothing was journaled */
	/* the newest active journal already records this profile, so an
	 * apply that changes nothing need not record it again */
	bool profile_recorded;
	bool profile_only; /* the journal made records the profile only */
};

/*
 * Decides what an apply with these options does with each change of the
 * plan: held (durability risk without allow_durability, mount options
 * without remount), manual (active journals say stortune set it and the
 * value has changed since; not with force), or pending.  journals: the
 * active journals, newest first.
 */
struct st_apply *st_apply_select(const struct st_plan *plan, struct st_journal *const *journals,
				 size_t njournals, const struct st_apply_opts *o);
void st_apply_free(struct st_apply *a);

/*
 * Runs the protocol for the pending items, journaling in st.  On failure
 * rolls back, sets the failed item's reason, and prints the error
 * ("stortune: sdb: queue/scheduler: write failed: Invalid argument").
 * Then --persist, when asked.  Returns 0 or -errno.
 */
int st_apply_run(struct st_path *pc, const struct st_system *sys, struct st_state *st,
		 struct st_apply *a, const char *profile, const struct st_apply_opts *o);

/*
 * Validation's handle on a running apply.  Items are indices into a->items.
 * set: puts a done item to its new value (to_new) or back to the value it
 * had, by the same protocol (read, skip if equal, write, read back); the
 * journal already holds the old value, so revert undoes either state.
 * undo: puts the old value back for good: the journal entry becomes
 * rolled-back, the item ST_IT_ROLLED_BACK with why as its reason.
 * settle: after item's knob was written (a scheduler switch), writes again
 * every item of the same device whose knob that write resets
 * (st_knob_reset_by): the items in old[] (nold of them) to the value they
 * had, the others to what this run left them at (done and equal ones their
 * new value, rolled-back ones their old).  A scheduler's tunable is left
 * out while another scheduler is active: it does not exist then.
 */
struct st_apply *st_apply_ctl_apply(struct st_apply_ctl *ctl);
const struct st_system *st_apply_ctl_system(struct st_apply_ctl *ctl);
int st_apply_ctl_set(struct st_apply_ctl *ctl, size_t item, bool to_new);
int st_apply_ctl_undo(struct st_apply_ctl *ctl, size_t item, const char *why);
int st_apply_ctl_settle(struct st_apply_ctl *ctl, size_t item, const size_t *old, size_t nold);

/* One undone (or not) entry of a revert. */
struct st_revert_row {
	const struct st_jentry *e;
	enum st_jstate outcome; /* REVERTED, MANUAL, FAILED, ABSENT */
	char *current;          /* the live value found */
	char *target;           /* where it was found now (kname after a rename) */
	char *note;             /* "found by stable id", the error ... */
};

struct st_revert {
	struct st_journal *j;   /* the journal replayed (owned) */
	struct st_revert_row *rows;
	size_t n;
	size_t nmanual, nfailed;
	size_t nabsent;         /* devices not there: kept in the journal */
};

/* What a revert did: one st_revert per journal replayed, newest first. */
struct st_reverts {
	struct st_revert **v;
	size_t n;
	size_t nfailed;     /* entries, over all of them */
	char *state_dir;    /* for the messages (set by the caller) */
	bool no_state_dir;  /* it does not exist: nothing to revert */
};

/*
 * Replays the newest active journal (all: every active journal, newest
 * first) in reverse, into out (zeroed first; out->n is 0 when there is no
 * active journal).  A journal whose entries failed does not stop the older
 * ones: each entry is decided from its live value.  Returns 0 when every
 * entry is restored or manual, -EIO when some failed (named in the rows),
 * or -errno.
 */
int st_revert_run(struct st_path *pc, const struct st_system *sys, struct st_state *st,
		  bool force, bool all, struct st_reverts *out);
void st_reverts_free(struct st_reverts *r);

#endif
