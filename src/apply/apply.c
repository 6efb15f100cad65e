/*
 * apply.c - owns turning a plan into changes on the system: which changes
 * an apply makes (risk, --remount, values changed by hand), the protocol
 * (read and skip if equal, every change; the intent journaled once; write
 * and read back, every change; the journal marked complete), rollback of a
 * failed run, revert from the journal deciding each entry from its live
 * value, and writing the --persist files.  Every
 * kernel write goes through st_knob_write (knob_io.c); every file write
 * through the rooted path context.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_apply.h"
#include "st_knob.h"
#include "st_log.h"
#include "st_persist.h"
#include "st_util.h"

static const char *const item_status_names[ST_IT_NR] = {
	[ST_IT_PENDING] = "pending",         [ST_IT_HELD] = "held",
	[ST_IT_MANUAL] = "manual",           [ST_IT_EQUAL] = "unchanged",
	[ST_IT_DONE] = "done",               [ST_IT_UNSUPPORTED] = "unsupported",
	[ST_IT_FAILED] = "failed",           [ST_IT_ROLLED_BACK] = "rolled back",
};

const char *st_item_status_name(enum st_item_status s)
{
	return (unsigned)s < ST_IT_NR ? item_status_names[s] : "?";
}

static const struct {
	const char *needs, *reason;
} holds[ST_HOLD_NR] = {
	[ST_HOLD_DURABILITY] = { "--allow-durability-risk",
				 "risk durability: applied only with --allow-durability-risk" },
	[ST_HOLD_REMOUNT] = { "--remount", "mount options change with --remount" },
	[ST_HOLD_FSTAB] = { "an fstab edit", "cannot change on a mounted filesystem: edit fstab" },
	[ST_HOLD_ADVICE] = { "advice only", "advice: stortune never applies it" },
};

const char *st_hold_needs(enum st_hold h)
{
	return h > ST_HOLD_NONE && h < ST_HOLD_NR ? holds[h].needs : NULL;
}

const char *st_hold_reason(enum st_hold h)
{
	return h > ST_HOLD_NONE && h < ST_HOLD_NR ? holds[h].reason : NULL;
}

enum st_hold st_apply_hold(const struct st_reco *rc, const struct st_apply_opts *o)
{
	if (!rc->knob)
		return ST_HOLD_ADVICE;
	if (rc->rule->risk == ST_RISK_DURABILITY && !o->allow_durability)
		return ST_HOLD_DURABILITY;
	if (rc->scope == ST_SCOPE_MOUNT && !o->remount)
		return ST_HOLD_REMOUNT;
	if (rc->scope == ST_SCOPE_MOUNT && !(rc->knob->flags & ST_KNOB_RUNTIME))
		return ST_HOLD_FSTAB;
	return ST_HOLD_NONE;
}

static enum st_jkind jkind_of(const struct st_knob *k)
{
	return k->kind == ST_KNOB_SYSFS ? ST_JK_SYSFS
	       : k->kind == ST_KNOB_SYSCTL ? ST_JK_SYSCTL
					   : ST_JK_MOUNT;
}

/* A device's stable id, for its journal entries.  (rc->target is already
 * what the journal calls the target: the device's name, the mount point or
 * "system".) */
static const char *reco_stable_id(const struct st_reco *rc)
{
	return rc->scope == ST_SCOPE_DEVICE && rc->dev ? rc->dev->stable_id : NULL;
}

static void set_reason(struct st_apply_item *it, const char *fmt, ...) ST_PRINTF(2, 3);
static void set_reason(struct st_apply_item *it, const char *fmt, ...)
{
	va_list ap;

	free(it->reason);
	va_start(ap, fmt);
	it->reason = st_xvasprintf(fmt, ap);
	va_end(ap);
}

struct st_apply *st_apply_select(const struct st_plan *plan, struct st_journal *const *journals,
				 size_t njournals, const struct st_apply_opts *o)
{
	struct st_apply *a = st_xcalloc(1, sizeof(*a));

	a->plan = plan;
	a->items = st_xcalloc(plan->nchanges + 1, sizeof(*a->items));
	a->n = plan->nchanges;
	for (size_t i = 0; i < plan->nchanges; i++) {
		const struct st_reco *rc = &plan->changes[i];
		struct st_apply_item *it = &a->items[i];
		enum st_hold hold = st_apply_hold(rc, o);
		const struct st_jentry *e;

		it->reco = rc;
		it->status = ST_IT_PENDING;
		if (hold != ST_HOLD_NONE) {
			it->status = ST_IT_HELD;
			set_reason(it, "%s", st_hold_reason(hold));
		} else if (!o->force &&
			   (e = st_journal_find(journals, njournals, rc->knob->name,
						rc->target, reco_stable_id(rc))) &&
			   e->state == ST_JS_DONE && !st_streq(rc->current, e->new_value)) {
			it->status = ST_IT_MANUAL;
			set_reason(it, "stortune set %s (journal, rule %s); it is now %s: "
				   "changed by hand, left alone (--force overrides)",
				   e->new_value, e->rule ? e->rule : "?",
				   rc->current ? rc->current : "unknown");
		}
		a->npending += it->status == ST_IT_PENDING;
	}
	a->profile_recorded = njournals && plan->profile &&
			      st_streq(journals[0]->profile, plan->profile->name);
	return a;
}

void st_apply_free(struct st_apply *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		free(a->items[i].reason);
		free(a->items[i].live);
	}
	free(a->items);
	st_strv_free(a->persisted);
	st_persist_notes_free(&a->persist_notes);
	free(a);
}

/* Undo ---------------------------------------------------------------------- */

/*
 * Finds the device of a journal entry in today's model: by stable id, so
 * that sdb's settings go back to sdb after it became sdc; by name only when
 * the entry has no stable id.
 */
static const struct st_device *entry_device(const struct st_system *sys,
					    const struct st_jentry *e)
{
	if (e->stable_id) {
		for (size_t i = 0; i < sys->devices.n; i++) {
			const struct st_device *d = sys->devices.v[i];

			if (st_streq(d->stable_id, e->stable_id))
				return d;
		}
		return NULL;
	}
	/* the name the plan used: a kernel name, or a dm name */
	return st_system_lookup(sys, e->target);
}

static int read_file_text(struct st_path *pc, const char *rel, char **text)
{
	size_t len;
	int rc = st_path_read_rawf(pc, text, &len, "%s", rel);

	if (rc == 0 && strlen(*text) != len) {
		free(*text);
		*text = NULL;
		return -EINVAL;
	}
	return rc;
}

/* File contents, NULL meaning no file: two absent files are the same. */
static bool same_content(const char *a, const char *b)
{
	return (!a && !b) || st_streq(a, b);
}

/* Puts a persisted file back: the old content, or no file.  A file apply
 * removed (new_value NULL) that is still absent is put back, not taken for
 * one removed by hand. */
static int undo_file(struct st_path *pc, const struct st_jentry *e, bool force,
		     struct st_revert_row *row)
{
	char *cur = NULL;
	int rc;

	/* the entry is journaled before the file's temporary is made: one a
	 * killed run left next to it is ours */
	st_path_clean_tempsf(pc, "%s", e->target);
	rc = read_file_text(pc, e->target, &cur);
	if (rc < 0 && rc != -ENOENT) {
		row->outcome = ST_JS_FAILED;
		row->note = st_xasprintf("cannot read: %s", strerror(-rc));
		return rc;
	}
	row->current = cur ? st_xstrdup(cur[0] ? "(content)" : "(empty)") : st_xstrdup("(absent)");
	if (same_content(cur, e->old_value)) {
		row->outcome = ST_JS_REVERTED;
		row->note = st_xstrdup("already as before");
	} else if (!force && !same_content(cur, e->new_value)) {
		row->outcome = ST_JS_MANUAL;
		row->note = st_xstrdup(cur ? "edited since stortune wrote it; left alone"
					   : "removed since stortune wrote it; left alone");
	} else {
		rc = e->old_value ? st_path_replacef(pc, e->old_value, strlen(e->old_value), 0644,
						     "%s", e->target)
				  : st_path_unlinkf(pc, "%s", e->target);
		if (rc == -ENOENT && !e->old_value)
			rc = 0;
		row->outcome = rc < 0 ? ST_JS_FAILED : ST_JS_REVERTED;
		row->note = rc < 0 ? st_xasprintf("%s failed: %s",
						  e->old_value ? "restore" : "remove", strerror(-rc))
				   : st_xstrdup(e->old_value ? "previous content restored" : "removed");
	}
	free(cur);
	return rc < 0 ? rc : 0;
}

/* The device (or its attribute) is not there now: the entry stays in the
 * journal as it is, for a revert once the device is back. */
static int entry_absent(struct st_revert_row *row, const struct st_jentry *e, const char *why)
{
	row->outcome = ST_JS_ABSENT;
	free(row->note);
	row->note = st_xasprintf("%s; kept in the journal for a later revert", why);
	st_warn("%s: %s: %s", e->target, e->knob, row->note);
	return 0;
}

/* Writes the journaled old value and reads it back. */
static int restore_value(struct st_path *pc, const struct st_knob *k, const struct st_device *dev,
			 const char *target, const struct st_jentry *e, const char *where,
			 struct st_revert_row *row)
{
	char *back = NULL;
	int rc = st_knob_write(pc, k, dev, target, e->old_value);

	if (rc == 0 && (rc = st_knob_read(pc, k, dev, target, &back)) == 0 &&
	    !st_streq(back, e->old_value))
		rc = -EIO;
	if (rc < 0) {
		row->outcome = ST_JS_FAILED;
		free(row->note);
		row->note = rc == -EIO && back
				    ? st_xasprintf("wrote %s, reads back %s", e->old_value, back)
				    : st_xasprintf("write failed: %s", strerror(-rc));
		st_err("%s: restoring %s: %s", where, e->old_value, row->note);
	} else {
		row->outcome = ST_JS_REVERTED;
	}
	free(back);
	return rc;
}

/*
 * Decides an entry from its live value: equal to the old one, nothing to
 * do; equal to the new one (or force), restore; else changed by hand:
 * manual.  A live value that cannot be read (a half-written file, a driver
 * that fails the read) is no one's choice: the journaled old value is
 * written.
 */
static int undo_value(struct st_path *pc, const struct st_knob *k, const struct st_device *dev,
		      const char *target, const struct st_jentry *e, bool force,
		      struct st_revert_row *row)
{
	char *cur = NULL, *where = st_knob_where(k, row->target);
	int rc;

	st_knob_tidy(pc, k, dev);
	rc = st_knob_read(pc, k, dev, target, &cur);
	if (rc == -ENOENT && e->kind == ST_JK_SYSFS) {
		rc = entry_absent(row, e, "the device has no such attribute now");
		goto out;
	}
	if (rc < 0 && (rc == -ENOENT || !e->old_value)) {
		row->outcome = ST_JS_FAILED;
		free(row->note);
		row->note = st_xasprintf("read failed: %s", strerror(-rc));
		st_err("%s: read failed: %s", where, strerror(-rc));
		goto out;
	}
	row->current = st_xstrdup(rc < 0 ? "(unreadable)" : cur);
	if (rc < 0) {
		st_warn("%s: the current value cannot be read (%s); writing the journaled %s",
			where, strerror(-rc), e->old_value);
		rc = restore_value(pc, k, dev, target, e, where, row);
	} else if (st_streq(cur, e->old_value)) {
		row->outcome = ST_JS_REVERTED;
		if (!row->note)
			row->note = st_xstrdup("already at the old value");
	} else if (!e->old_value && k->requires_sched) {
		/* a tunable of the scheduler the run switched to: it had no
		 * value before, whatever the switch or apply made of it goes
		 * when the scheduler is restored (revert_journal gives it the
		 * scheduler's outcome) */
		row->outcome = ST_JS_REVERTED;
		if (!row->note)
			row->note = st_xasprintf("made by the switch to %s; goes with it",
						 k->requires_sched);
	} else if (!force && !st_streq(cur, e->new_value) && e->state != ST_JS_SIDE) {
		/* (a side effect is restored whatever it reads: undoing the
		 * write that caused it, just before, changed it again;
		 * revert_journal leaves it alone when that write was not
		 * undone) */
		row->outcome = ST_JS_MANUAL;
		if (!row->note)
			row->note = st_xasprintf("stortune set %s; changed by hand since", e->new_value);
	} else if (k->twin && st_streq(e->old_value, "0")) {
		/* the kernel refuses 0 here; writing the twin (journaled just
		 * before this entry, undone just after) zeroes it */
		row->outcome = ST_JS_REVERTED;
		if (!row->note)
			row->note = st_xasprintf("restored by restoring %s", k->twin);
	} else if (!e->old_value) {
		row->outcome = ST_JS_FAILED;
		free(row->note);
		row->note = st_xstrdup("the old value was unknown");
		rc = -ENODATA;
	} else {
		rc = restore_value(pc, k, dev, target, e, where, row);
	}
out:
	free(cur);
	free(where);
	return rc;
}

/*
 * Restores one entry if the live value is still what stortune wrote (or
 * force).  A device that is not there now is ABSENT, not a failure.
 */
static int undo_entry(struct st_path *pc, const struct st_system *sys, const struct st_jentry *e,
		      bool force, struct st_revert_row *row)
{
	const struct st_knob *k;
	const struct st_device *dev = NULL;

	row->e = e;
	if (e->kind == ST_JK_FILE) {
		row->target = st_xasprintf("/%s", e->target);
		return undo_file(pc, e, force, row);
	}
	k = st_knob_find(e->knob);
	if (!k) {
		row->outcome = ST_JS_FAILED;
		row->target = st_xstrdup(e->target);
		row->note = st_xasprintf("unknown knob '%s' in the journal", e->knob);
		return -EINVAL;
	}
	if (e->kind != ST_JK_SYSFS) {
		row->target = st_xstrdup(e->target);
		return undo_value(pc, k, NULL, e->target, e, force, row);
	}
	dev = entry_device(sys, e);
	if (!dev) {
		char *why = e->stable_id ? st_xasprintf("no device with stable id %s", e->stable_id)
					 : st_xstrdup("no such device");

		row->target = st_xstrdup(e->target);
		entry_absent(row, e, why);
		free(why);
		return 0;
	}
	row->target = st_xstrdup(dev->name);
	if (strcmp(dev->name, e->target) != 0)
		row->note = st_xasprintf("was %s; found by stable id %s", e->target, e->stable_id);
	return undo_value(pc, k, dev, NULL, e, force, row);
}

/* Apply ---------------------------------------------------------------------- */

static void hook(const struct st_apply_opts *o, enum st_apply_step step, size_t i)
{
	if (o->step_hook)
		o->step_hook(o->hook_data, step, i);
}

/*
 * An apply is an intent log (DESIGN.md "Apply, journal, revert"): every
 * change it will make is read and journaled first, with the old values and
 * what the kernel may change along (a sysctl's twin, the knobs a scheduler
 * switch resets, the read-ahead a max_sectors_kb write raises), and saved
 * durably once.  Then the kernel values are written and read back, and at
 * the end the journal is saved once more, marked applied.  So the number of
 * fsyncs does not grow with the plan; a run killed in between leaves a
 * journal "applying" whose entries revert decides one by one from the live
 * value (undo_value).
 */
struct run {
	struct st_path *pc;
	const struct st_system *sys;
	struct st_state *st;
	struct st_journal *j;
	const char *profile;
	const struct st_apply_opts *o;
	size_t nfiles;  /* --persist files journaled: the hook's change numbers after the plan's */
	size_t touched; /* journal entries [0, touched): their write may have begun; the others
			   were never written, and a rollback leaves them be */
	bool saved;     /* the intent is on disk */
};

static int journal_start(struct run *r)
{
	int rc;

	if (r->j)
		return 0;
	rc = st_journal_new(r->st, r->profile,
			    st_path_is_sysroot(r->pc) ? st_path_root(r->pc) : NULL, &r->j);
	if (rc < 0)
		st_err("%s: cannot start a journal: %s", st_state_dir(r->st), strerror(-rc));
	return rc;
}

/* Adds an entry to the journal in memory; the intent's save makes it durable. */
static int journal_entry(struct run *r, struct st_jentry **out, enum st_jkind kind,
			 const char *knob, const char *target, const char *stable_id,
			 const char *old_value, const char *new_value, const char *rule)
{
	int rc = journal_start(r);

	*out = NULL;
	if (rc == 0)
		*out = st_journal_add(r->j, kind, knob, target, stable_id, old_value, new_value,
				      rule);
	return rc;
}

/* Saves the journal; says so when it fails. */
static int journal_save(struct run *r)
{
	int rc = st_journal_save(r->st, r->j);

	if (rc < 0)
		st_err("%s/journal-%06u.json: cannot save: %s", st_state_dir(r->st), r->j->seq,
		       strerror(-rc));
	return rc;
}

/*
 * The twin of a sysctl (vm.dirty_ratio for vm.dirty_bytes): writing a
 * nonzero value zeroes it, so its value goes into the journal first.
 */
static int journal_twin(struct run *r, const struct st_knob *k, const char *text)
{
	const struct st_knob *twin = k->twin ? st_knob_find(k->twin) : NULL;
	struct st_jentry *e = NULL;
	char *cur = NULL;
	int rc;

	if (!twin || strcmp(text, "0") == 0)
		return 0;
	rc = st_knob_read(r->pc, twin, NULL, NULL, &cur);
	if (rc < 0 || strcmp(cur, "0") == 0) {
		free(cur);
		return 0; /* nothing of the twin's to lose */
	}
	rc = journal_entry(r, &e, ST_JK_SYSCTL, twin->name, "system", NULL, cur, "0", NULL);
	if (rc == 0)
		e->state = ST_JS_SIDE;
	free(cur);
	return rc;
}

/*
 * Knobs whose write the kernel lets change others of the same device: a
 * scheduler switch resets nr_requests (and wbt_lat_usec) to the new
 * elevator's defaults (their reset_by), and a max_sectors_kb write raises
 * read_ahead_kb to twice it (its raises).  Their values from before the run
 * go into the intent, as side effects whose new value is not known yet
 * (NULL); after the write, raised() records what each became, or drops the
 * entry when it did not change.  Revert, newest first, then restores them
 * after the knob itself, so they end as they were.
 */
#define MAX_SIDE 4

struct sides {
	size_t idx[MAX_SIDE]; /* journal entries: indexes, later entries move the array */
	size_t n;
};

/* What the plan knows of one item between its journaling and its write. */
struct slot {
	size_t main;    /* its own journal entry */
	size_t end;     /* one past its last entry (twin, sides, its own) */
	struct sides sd;
	bool recheck;   /* an earlier write of this run may change it: read and
			   compared again just before its write */
	bool planned;
};

static bool affects(const struct st_knob *k, const struct st_knob *other)
{
	if (other == k || other->kind != ST_KNOB_SYSFS || other->requires_sched)
		return false; /* a tunable comes and goes with its scheduler */
	return (k->raises && strcmp(k->raises, other->name) == 0) || st_knob_reset_by(other, k);
}

static int journal_sides(struct run *r, const struct st_reco *rc, struct sides *sd)
{
	size_t n;
	const struct st_knob *tab = st_knob_table(&n);
	struct st_jentry *e = NULL;
	int err;

	sd->n = 0;
	if (rc->scope != ST_SCOPE_DEVICE)
		return 0;
	for (size_t i = 0; i < n && sd->n < MAX_SIDE; i++) {
		char *cur = NULL;

		if (!affects(rc->knob, &tab[i]) ||
		    st_knob_read(r->pc, &tab[i], rc->dev, NULL, &cur) < 0) {
			free(cur);
			continue;
		}
		err = journal_entry(r, &e, jkind_of(&tab[i]), tab[i].name, rc->target,
				    reco_stable_id(rc), cur, NULL, NULL);
		free(cur);
		if (err < 0)
			return err;
		e->state = ST_JS_SIDE;
		sd->idx[sd->n++] = r->j->n - 1;
	}
	return 0;
}

/* After the write: what the kernel made of the side effects (in memory;
 * the final save records it). */
static void raised(struct run *r, const struct st_reco *rc, const struct sides *sd)
{
	for (size_t i = 0; i < sd->n; i++) {
		struct st_jentry *side = &r->j->v[sd->idx[i]];
		char *now = NULL;

		if (st_knob_read(r->pc, st_knob_find(side->knob), rc->dev, NULL, &now) == 0 &&
		    !st_streq(now, side->old_value)) {
			st_debug("%s: writing %s made the kernel change %s from %s to %s",
				 rc->target, rc->knob->name, side->knob, side->old_value, now);
			free(side->new_value);
			side->new_value = now;
			now = NULL;
		} else {
			side->state = ST_JS_ROLLED_BACK; /* nothing of it to restore */
		}
		free(now);
	}
}

/* Whether an earlier change of this run, on the same device, makes the
 * kernel change rc's knob: its value read now may not be the one it has
 * when its turn comes (nr_requests after a scheduler switch, a tunable of
 * the scheduler switched to, read_ahead_kb after max_sectors_kb). */
static bool changed_before(const struct st_apply *a, const struct slot *slots, size_t idx)
{
	const struct st_reco *rc = a->items[idx].reco;

	if (rc->scope != ST_SCOPE_DEVICE)
		return false;
	for (size_t i = 0; i < idx; i++) {
		const struct st_knob *by = a->items[i].reco->knob;

		if (slots[i].planned && a->items[i].reco->dev == rc->dev &&
		    (st_knob_reset_by(rc->knob, by) ||
		     (by->raises && strcmp(by->raises, rc->knob->name) == 0)))
			return true;
	}
	return false;
}

/*
 * Step 1 of a change: read the live value and skip the change if it
 * matches; else journal it (in memory).  Nothing is written yet, so a
 * failure here leaves nothing to undo.
 */
static int plan_item(struct run *r, struct st_apply *a, struct slot *slots, size_t idx)
{
	struct st_apply_item *it = &a->items[idx];
	struct slot *s = &slots[idx];
	const struct st_reco *rc = it->reco;
	const struct st_knob *k = rc->knob;
	const char *target = rc->scope == ST_SCOPE_MOUNT ? rc->target : NULL;
	const struct st_device *dev = rc->scope == ST_SCOPE_DEVICE ? rc->dev : NULL;
	char *where = st_knob_where(k, rc->target), *gone = NULL;
	struct st_jentry *e;
	int err;

	/* not a device that went away since the probe (unplugged, a loop
	 * device detached): its missing attributes are not ones the kernel
	 * lacks, and its writes would go nowhere */
	if (st_device_gone(r->pc, dev, &gone)) {
		set_reason(it, "%s", gone);
		free(gone);
		err = -ENODEV;
		goto fail;
	}
	s->recheck = changed_before(a, slots, idx);
	err = st_knob_read(r->pc, k, dev, target, &it->live);
	if (err == -ENOENT && k->kind == ST_KNOB_SYSFS && !s->recheck) {
		it->status = ST_IT_UNSUPPORTED;
		set_reason(it, "the kernel shows no %s for %s", k->path, rc->target);
		st_warn("%s: not present; skipped", where);
		free(where);
		return 0;
	}
	if (err == -ENOENT && s->recheck) {
		/* a tunable of the scheduler this run switches to: it has no
		 * value from before the run (journaled as none) */
		err = 0;
	} else if (err < 0) {
		set_reason(it, "read failed: %s", strerror(-err));
		goto fail;
	}
	if (!s->recheck && strcmp(it->live, rc->recommended) == 0) {
		it->status = ST_IT_EQUAL;
		free(where);
		return 0;
	}
	if ((err = journal_twin(r, k, rc->recommended)) < 0 ||
	    (err = journal_sides(r, rc, &s->sd)) < 0 ||
	    (err = journal_entry(r, &e, jkind_of(k), k->name, rc->target, reco_stable_id(rc),
				 it->live, rc->recommended, rc->rule->id)) < 0) {
		set_reason(it, "journal failed: %s", strerror(-err));
		goto fail;
	}
	s->main = s->end = r->j->n;
	s->main--;
	s->planned = true;
	free(where);
	return 0;
fail:
	it->status = ST_IT_FAILED;
	st_err("%s: %s", where, it->reason);
	free(where);
	return err;
}

/* Steps 3 and 4: write the new value with a checked write(2), read it back. */
static int write_item(struct run *r, struct st_apply *a, struct slot *slots, size_t idx)
{
	struct st_apply_item *it = &a->items[idx];
	struct slot *s = &slots[idx];
	const struct st_reco *rc = it->reco;
	const struct st_knob *k = rc->knob;
	const char *target = rc->scope == ST_SCOPE_MOUNT ? rc->target : NULL;
	const struct st_device *dev = rc->scope == ST_SCOPE_DEVICE ? rc->dev : NULL;
	char *where = st_knob_where(k, rc->target), *back = NULL, *gone = NULL;
	struct st_jentry *e = &r->j->v[s->main];
	int err;

	if (st_device_gone(r->pc, dev, &gone)) {
		set_reason(it, "%s", gone);
		free(gone);
		err = -ENODEV;
		goto fail;
	}
	if (s->recheck) {
		/* what the earlier write made of it: validation's "before" */
		free(it->live);
		it->live = NULL;
		err = st_knob_read(r->pc, k, dev, target, &it->live);
		if (err == -ENOENT && k->kind == ST_KNOB_SYSFS) {
			it->status = ST_IT_UNSUPPORTED;
			set_reason(it, "the kernel shows no %s for %s", k->path, rc->target);
			st_warn("%s: not present; skipped", where);
			e->state = ST_JS_ROLLED_BACK;
			for (size_t i = 0; i < s->sd.n; i++)
				r->j->v[s->sd.idx[i]].state = ST_JS_ROLLED_BACK;
			free(where);
			return 0;
		}
		if (err < 0) {
			set_reason(it, "read failed: %s", strerror(-err));
			goto fail;
		}
		if (strcmp(it->live, rc->recommended) == 0) {
			it->status = ST_IT_EQUAL;
			e->state = ST_JS_ROLLED_BACK; /* nothing written, nothing caused */
			for (size_t i = 0; i < s->sd.n; i++)
				r->j->v[s->sd.idx[i]].state = ST_JS_ROLLED_BACK;
			free(where);
			return 0;
		}
	}
	r->touched = s->end;
	err = st_knob_write(r->pc, k, dev, target, rc->recommended);
	if (err < 0) {
		set_reason(it, "write failed: %s", strerror(-err));
		goto fail;
	}
	hook(r->o, ST_STEP_WRITTEN, idx);
	err = st_knob_read(r->pc, k, dev, target, &back);
	if (err < 0) {
		set_reason(it, "read back failed: %s", strerror(-err));
		goto fail;
	}
	if (strcmp(back, rc->recommended) != 0) {
		/* e.g. a scheduler name the kernel accepted without switching */
		set_reason(it, "wrote %s, but it reads back %s", rc->recommended, back);
		err = -EIO;
		goto fail;
	}
	e->state = ST_JS_DONE;
	it->status = ST_IT_DONE;
	raised(r, rc, &s->sd);
	hook(r->o, ST_STEP_VERIFIED, idx);
	free(back);
	free(where);
	return 0;
fail:
	it->status = ST_IT_FAILED;
	st_err("%s: %s", where, it->reason);
	free(back);
	free(where);
	return err;
}

/*
 * The kernel part of an apply: every change read and journaled, the
 * intent saved once, then every change written and read back.
 */
static int apply_items(struct run *r, struct st_apply *a)
{
	struct slot *slots = st_xcalloc(a->n + 1, sizeof(*slots));
	size_t first = SIZE_MAX;
	int rc = 0;

	for (size_t i = 0; i < a->n && rc == 0; i++)
		if (a->items[i].status == ST_IT_PENDING) {
			rc = plan_item(r, a, slots, i);
			if (rc == 0 && slots[i].planned && first == SIZE_MAX)
				first = i;
		}
	if (rc == 0 && r->j && r->j->n) {
		rc = journal_save(r);
		if (rc < 0) {
			set_reason(&a->items[first], "journal failed: %s", strerror(-rc));
			a->items[first].status = ST_IT_FAILED;
		}
		r->saved = rc == 0;
	}
	if (rc == 0 && first != SIZE_MAX)
		hook(r->o, ST_STEP_JOURNALED, first);
	for (size_t i = 0; i < a->n && rc == 0; i++)
		if (slots[i].planned)
			rc = write_item(r, a, slots, i);
	free(slots);
	return rc;
}

/* Is there, before entry i of j, a side effect on the same knob and target?
 * Then the side effect's old value, restored after the write that changed
 * it is undone, is the one from before the run. */
static const struct st_jentry *side_before(const struct st_journal *j, size_t i)
{
	const struct st_jentry *e = &j->v[i];

	if (e->state == ST_JS_SIDE || e->kind == ST_JK_FILE)
		return NULL;
	for (size_t k = 0; k < i; k++)
		if (j->v[k].state == ST_JS_SIDE && st_streq(j->v[k].knob, e->knob) &&
		    st_streq(j->v[k].target, e->target))
			return &j->v[k];
	return NULL;
}

/* The side effects still recorded as in force, newest first: back to their
 * old values (validation has undone the writes that caused them). */
static void undo_sides(struct run *r)
{
	for (size_t i = r->j->n; i-- > 0;) {
		struct st_jentry *e = &r->j->v[i];
		struct st_revert_row row = { 0 };

		if (e->state != ST_JS_SIDE)
			continue;
		if (undo_entry(r->pc, r->sys, e, true, &row) == 0 && row.outcome != ST_JS_FAILED)
			e->state = ST_JS_ROLLED_BACK;
		free(row.current);
		free(row.target);
		free(row.note);
	}
}

/* Undoes this run's entries, newest first, after a failure. */
static void rollback(struct run *r, struct st_apply *a)
{
	size_t failed = 0;

	if (!r->j)
		return;
	for (size_t i = r->j->n; i-- > 0;) {
		struct st_jentry *e = &r->j->v[i];
		struct st_revert_row row = { 0 };

		if (e->state == ST_JS_ROLLED_BACK)
			continue;
		if (i >= r->touched || side_before(r->j, i)) {
			/* never written; or its side effect restores it */
			e->state = ST_JS_ROLLED_BACK;
			continue;
		}
		/* rollback restores what this run changed even if it looks
		 * changed by hand: the value is seconds old */
		if (undo_entry(r->pc, r->sys, e, true, &row) < 0 || row.outcome == ST_JS_FAILED) {
			e->state = ST_JS_FAILED;
			failed++;
		} else if (row.outcome == ST_JS_ABSENT) {
			failed++; /* its device went away: the entry stays as it is */
		} else {
			e->state = ST_JS_ROLLED_BACK;
		}
		free(row.current);
		free(row.target);
		free(row.note);
	}
	for (size_t i = 0; i < a->n; i++)
		if (a->items[i].status == ST_IT_DONE)
			a->items[i].status = ST_IT_ROLLED_BACK;
	st_strv_free(a->persisted); /* the files are back as they were */
	a->persisted = NULL;
	r->j->phase = failed ? ST_JP_PARTIAL : ST_JP_ROLLED_BACK;
	if (!r->saved) {
		/* the intent never reached the disk, and nothing was written */
	} else if (failed) {
		st_err("%zu change%s could not be undone; 'stortune revert' retries from %s/"
		       "journal-%06u.json",
		       failed, failed == 1 ? "" : "s", st_state_dir(r->st), r->j->seq);
		st_journal_save(r->st, r->j);
	} else {
		st_journal_retire(r->st, r->j);
	}
}

/* Validation's control --------------------------------------------------------- */

struct st_apply_ctl {
	struct run *r;
	struct st_apply *a;
};

struct st_apply *st_apply_ctl_apply(struct st_apply_ctl *ctl)
{
	return ctl->a;
}

const struct st_system *st_apply_ctl_system(struct st_apply_ctl *ctl)
{
	return ctl->r->sys;
}

static struct st_jentry *ctl_entry(struct st_apply_ctl *ctl, const char *knob, const char *target)
{
	for (size_t i = ctl->r->j ? ctl->r->j->n : 0; i-- > 0;) {
		struct st_jentry *e = &ctl->r->j->v[i];

		if (st_streq(e->knob, knob) && st_streq(e->target, target))
			return e;
	}
	return NULL;
}

/* Read, skip if equal, write, read back: one knob to one value. */
static int ctl_write(struct st_apply_ctl *ctl, const struct st_knob *k, const struct st_device *dev,
		     const char *mnt, const char *where_target, const char *value)
{
	char *where = st_knob_where(k, where_target), *cur = NULL;
	int rc = st_knob_read(ctl->r->pc, k, dev, mnt, &cur);

	if (rc == 0 && !st_streq(cur, value)) {
		free(cur);
		cur = NULL;
		rc = st_knob_write(ctl->r->pc, k, dev, mnt, value);
		if (rc < 0) {
			st_err("%s: write failed: %s", where, strerror(-rc));
		} else if ((rc = st_knob_read(ctl->r->pc, k, dev, mnt, &cur)) == 0 && !st_streq(cur, value)) {
			st_err("%s: wrote %s, but it reads back %s", where, value, cur);
			rc = -EIO;
		}
	}
	if (rc < 0 && rc != -EIO && cur == NULL)
		st_debug("%s: %s", where, strerror(-rc));
	free(cur);
	free(where);
	return rc;
}

/* Whether a scheduler tunable's scheduler is the active one on dev. */
static bool sched_active(struct st_apply_ctl *ctl, const struct st_knob *k, const struct st_device *dev)
{
	const struct st_knob *sk = st_knob_find("queue/scheduler");
	char *cur = NULL;
	bool on;

	if (!k->requires_sched)
		return true;
	on = sk && st_knob_read(ctl->r->pc, sk, dev, NULL, &cur) == 0 && st_streq(cur, k->requires_sched);
	free(cur);
	return on;
}

static bool in_list(size_t i, const size_t *v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (v[k] == i)
			return true;
	return false;
}

/* Is the knob that resets k (k->reset_by) on dev back at the value it had
 * before this run (its journal entry's old value)? */
static bool switch_undone(struct st_apply_ctl *ctl, const struct st_knob *k,
			  const struct st_device *dev, const char *target)
{
	const struct st_knob *by = st_knob_find(k->reset_by);
	const struct st_jentry *e = by ? ctl_entry(ctl, by->name, target) : NULL;
	char *cur = NULL;
	bool r;

	if (!e || !e->old_value || st_knob_read(ctl->r->pc, by, dev, NULL, &cur) < 0) {
		free(cur);
		return false;
	}
	r = st_streq(cur, e->old_value);
	free(cur);
	return r;
}

int st_apply_ctl_set(struct st_apply_ctl *ctl, size_t item, bool to_new)
{
	struct st_apply_item *it = &ctl->a->items[item];
	const struct st_reco *rc = it->reco;
	const struct st_knob *k = rc->knob;
	const struct st_device *dev = rc->scope == ST_SCOPE_DEVICE ? rc->dev : NULL;
	const char *mnt = rc->scope == ST_SCOPE_MOUNT ? rc->target : NULL;
	const char *value = to_new ? rc->recommended : it->live;
	const struct st_jentry *side;

	if (it->status != ST_IT_DONE)
		return -EINVAL;
	/* the old value apply read after a switch reset it, while the
	 * switch is undone: the one from before the run (its side effect) */
	for (size_t i = 0; !to_new && k->reset_by && ctl->r->j && i < ctl->r->j->n; i++)
		if (st_streq(ctl->r->j->v[i].knob, k->name) &&
		    st_streq(ctl->r->j->v[i].target, rc->target) &&
		    (side = side_before(ctl->r->j, i)) && side->old_value &&
		    switch_undone(ctl, k, dev, rc->target))
			value = side->old_value;
	if (!sched_active(ctl, k, dev))
		return 0; /* arm A under another scheduler: the tunable does not exist */
	if (k->twin && !to_new && st_streq(value, "0")) {
		/* the kernel refuses 0: the twin's old value (journaled as a
		 * side effect) zeroes this one */
		const struct st_knob *twin = st_knob_find(k->twin);
		const struct st_jentry *e = ctl_entry(ctl, k->twin, "system");

		if (!twin || !e || !e->old_value)
			return -ENODATA;
		return ctl_write(ctl, twin, NULL, NULL, "system", e->old_value);
	}
	return ctl_write(ctl, k, dev, mnt, rc->target, value);
}

int st_apply_ctl_settle(struct st_apply_ctl *ctl, size_t item, const size_t *old, size_t nold)
{
	const struct st_apply_item *byit = &ctl->a->items[item];
	const struct st_reco *by = byit->reco;
	/* the dependents' old values were read after apply wrote by's new
	 * value, and mean nothing under its old one: the kernel's reset stands */
	bool by_old = in_list(item, old, nold) || byit->status == ST_IT_ROLLED_BACK;

	for (size_t i = 0; i < ctl->a->n; i++) {
		struct st_apply_item *it = &ctl->a->items[i];
		const struct st_reco *rc = it->reco;
		bool to_old;
		int err;

		if (i == item || rc->dev != by->dev || !st_knob_reset_by(rc->knob, by->knob))
			continue;
		if (it->status == ST_IT_DONE)
			to_old = in_list(i, old, nold);
		else if (it->status == ST_IT_EQUAL || it->status == ST_IT_ROLLED_BACK)
			to_old = it->status == ST_IT_ROLLED_BACK;
		else
			continue;
		if ((to_old && by_old) || !sched_active(ctl, rc->knob, rc->dev))
			continue;
		err = ctl_write(ctl, rc->knob, rc->dev, NULL, rc->target, to_old ? it->live : rc->recommended);
		if (err < 0)
			return err;
	}
	return 0;
}

int st_apply_ctl_undo(struct st_apply_ctl *ctl, size_t item, const char *why)
{
	struct st_apply_item *it = &ctl->a->items[item];
	struct st_jentry *e = ctl_entry(ctl, it->reco->knob->name, it->reco->target);
	int rc;

	rc = st_apply_ctl_set(ctl, item, false);
	if (rc < 0)
		return rc;
	it->status = ST_IT_ROLLED_BACK;
	set_reason(it, "%s", why);
	if (e) {
		e->state = ST_JS_ROLLED_BACK;
		rc = st_journal_save(ctl->r->st, ctl->r->j);
		if (rc < 0)
			st_err("%s/journal-%06u.json: cannot save: %s", st_state_dir(ctl->r->st),
			       ctl->r->j->seq, strerror(-rc));
	}
	return rc;
}

/* Persist -------------------------------------------------------------------- */

static bool persistable(const struct st_reco *rc, const struct st_apply_opts *o)
{
	return rc->knob && (rc->knob->kind == ST_KNOB_SYSFS || rc->knob->kind == ST_KNOB_SYSCTL) &&
	       (rc->rule->risk != ST_RISK_DURABILITY || o->allow_durability);
}

/* A persist file to write (text) or remove (NULL), journaled as entry. */
struct pfile {
	const char *rel;
	const char *text;
	size_t entry;
};

/* Journals (in memory) one persist file that changes, with its previous
 * content; *n counts them in v. */
static int persist_plan(struct run *r, const char *rel, const char *text, struct pfile *v, size_t *n)
{
	char *old = NULL;
	struct st_jentry *e;
	int rc;

	/* what a killed apply or revert left of its replacement of this file */
	rc = st_path_clean_tempsf(r->pc, "%s", rel);
	if (rc > 0)
		st_warn("/%s: removed %d temporary file%s an interrupted run left", rel, rc,
			rc == 1 ? "" : "s");
	rc = read_file_text(r->pc, rel, &old);
	if (rc < 0 && rc != -ENOENT) {
		st_err("/%s: cannot read: %s", rel, strerror(-rc));
		return rc;
	}
	if ((!old && !text) || st_streq(old, text)) {
		free(old);
		return 0; /* nothing to write, nothing to remove */
	}
	rc = journal_entry(r, &e, ST_JK_FILE, NULL, rel, NULL, old, text, NULL);
	if (rc == 0)
		v[(*n)++] = (struct pfile){ rel, text, r->j->n - 1 };
	free(old);
	return rc;
}

/* Writes (or removes) the journaled persist files: one save of the journal
 * first (the kernel's outcome and the files' intent), then the files. */
static int persist_files(struct run *r, struct st_apply *a, const struct pfile *v, size_t n)
{
	int rc = 0;

	if (!n)
		return 0;
	rc = journal_save(r);
	r->saved = r->saved || rc == 0;
	if (rc == 0)
		hook(r->o, ST_STEP_JOURNALED, a->n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct st_jentry *e = &r->j->v[v[i].entry];
		size_t idx = a->n + r->nfiles++;

		r->touched = v[i].entry + 1;
		rc = v[i].text ? st_path_replacef(r->pc, v[i].text, strlen(v[i].text), 0644, "%s",
						  v[i].rel)
			       : st_path_unlinkf(r->pc, "%s", v[i].rel);
		if (rc < 0) {
			st_err("/%s: %s failed: %s", v[i].rel, v[i].text ? "write" : "remove",
			       strerror(-rc));
			break;
		}
		hook(r->o, ST_STEP_WRITTEN, idx);
		e->state = ST_JS_DONE;
		hook(r->o, ST_STEP_VERIFIED, idx);
		st_strv_pushf(&a->persisted, "%s/%s", v[i].text ? "" : "removed ", v[i].rel);
	}
	return rc;
}

/* The rules file under its old name (st_persist.h), when stortune wrote
 * it: removed, journaled, so that revert puts it back.  Anyone else's file
 * of that name is left alone. */
static int persist_old_udev_file(struct run *r, struct pfile *v, size_t *n)
{
	char *old = NULL;
	int rc = read_file_text(r->pc, ST_PERSIST_UDEV_FILE_OLD, &old);
	bool ours = rc == 0 && st_persist_is_ours(old);

	free(old);
	if (rc < 0 && rc != -ENOENT && rc != -EINVAL) {
		st_err("/%s: cannot read: %s", ST_PERSIST_UDEV_FILE_OLD, strerror(-rc));
		return rc;
	}
	return ours ? persist_plan(r, ST_PERSIST_UDEV_FILE_OLD, NULL, v, n) : 0;
}

static int persist(struct run *r, struct st_apply *a, const struct st_apply_opts *o)
{
	const struct st_plan *p = a->plan;
	struct st_persist_item *items = st_xcalloc(p->nchanges + p->nok + 1, sizeof(*items));
	struct pfile pf[3];
	size_t n = 0, npf = 0;
	char *udev, *sysctl;
	int rc;

	for (size_t i = 0; i < a->n; i++) {
		const struct st_reco *rc0 = a->items[i].reco;

		if ((a->items[i].status == ST_IT_DONE || a->items[i].status == ST_IT_EQUAL) &&
		    persistable(rc0, o))
			items[n++] = (struct st_persist_item){ rc0->knob, rc0->dev,
								 rc0->recommended, rc0->rule->id };
	}
	for (size_t i = 0; i < p->nok; i++)
		if (persistable(&p->ok[i], o))
			items[n++] = (struct st_persist_item){ p->ok[i].knob, p->ok[i].dev,
								 p->ok[i].recommended,
								 p->ok[i].rule->id };
	/* both lists are in knob-table order per target; the files want the
	 * plan's order, which the ok items break: sort by target, then knob */
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0; k--) {
			const struct st_persist_item *x = &items[k - 1], *y = &items[k];
			int c = x->dev && y->dev ? st_name_cmp(x->dev->kname, y->dev->kname)
						 : (x->dev != NULL) - (y->dev != NULL);

			if (c < 0 || (c == 0 && st_knob_index(x->knob) <= st_knob_index(y->knob)))
				break;
			struct st_persist_item t = items[k - 1];
			items[k - 1] = items[k];
			items[k] = t;
		}
	udev = st_persist_udev_rules(items, n, &a->persist_notes);
	sysctl = st_persist_sysctl_conf(items, n);
	rc = persist_old_udev_file(r, pf, &npf);
	if (rc == 0)
		rc = persist_plan(r, ST_PERSIST_UDEV_FILE, udev, pf, &npf);
	if (rc == 0)
		rc = persist_plan(r, ST_PERSIST_SYSCTL_FILE, sysctl, pf, &npf);
	if (rc == 0)
		rc = persist_files(r, a, pf, npf);
	free(udev);
	free(sysctl);
	free(items);
	return rc;
}

/* Does any entry still hold a value stortune wrote? */
static bool journal_in_effect(const struct st_journal *j)
{
	for (size_t i = 0; i < j->n; i++)
		if (j->v[i].state == ST_JS_DONE || j->v[i].state == ST_JS_PENDING)
			return true;
	return false;
}

/* Nothing needed changing: an empty journal still records which profile
 * is applied, so verify and status know it (tuned-adm's active profile). */
static int record_profile(struct run *r)
{
	int rc = st_journal_new(r->st, r->profile,
				st_path_is_sysroot(r->pc) ? st_path_root(r->pc) : NULL, &r->j);

	if (rc < 0)
		st_err("%s: cannot start a journal: %s", st_state_dir(r->st), strerror(-rc));
	return rc;
}

int st_apply_run(struct st_path *pc, const struct st_system *sys, struct st_state *st,
		 struct st_apply *a, const char *profile, const struct st_apply_opts *o)
{
	struct run r = { .pc = pc, .sys = sys, .st = st, .profile = profile, .o = o };
	int rc = 0;

	rc = apply_items(&r, a);
	if (rc == 0 && o->validate) {
		struct st_apply_ctl ctl = { .r = &r, .a = a };

		rc = o->validate(o->validate_data, &ctl);
	}
	if (rc == 0 && r.j && !o->persist && !journal_in_effect(r.j)) {
		/* validation undid everything: what the kernel changed along
		 * (nr_requests that a switch reset) goes back too, and nothing
		 * is left for revert to do */
		undo_sides(&r);
		r.j->phase = ST_JP_ROLLED_BACK;
		rc = st_journal_retire(st, r.j);
		a->journal_seq = r.j->seq;
		st_journal_free(r.j);
		return rc;
	}
	if (rc == 0 && o->persist)
		rc = persist(&r, a, o);
	if (rc == 0 && !r.j && !a->profile_recorded) {
		rc = record_profile(&r);
		a->profile_only = rc == 0;
	}
	if (rc < 0) {
		rollback(&r, a);
	} else if (r.j) {
		hook(o, ST_STEP_COMPLETING, a->n + r.nfiles);
		r.touched = r.j->n;
		r.j->phase = ST_JP_APPLIED;
		free(r.j->finished);
		r.j->finished = NULL;
		rc = st_journal_save(st, r.j);
		r.saved = r.saved || rc == 0;
		if (rc < 0) {
			/* The run's changes are not left in force with a journal
			 * that may not say so: undone, as any failed step is.  The
			 * intent saved before the first write holds every entry,
			 * so revert can still finish what this rollback cannot. */
			st_err("%s/journal-%06u.json: cannot save: %s; undoing this run's changes",
			       st_state_dir(st), r.j->seq, strerror(-rc));
			r.j->phase = ST_JP_APPLYING;
			rollback(&r, a);
		}
	}
	a->journal_seq = r.j ? r.j->seq : 0;
	st_journal_free(r.j);
	return rc;
}

/* Revert --------------------------------------------------------------------- */

/* Control characters (a newline above all) have no place in a value the
 * kernel shows, a device name or a stable id. */
static bool has_ctl(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			return true;
	return false;
}

/* Whether text is a value the knob can take, in the form st_knob_read
 * gives it; *why when not. */
static int check_value(const struct st_knob *k, const char *text, char **why)
{
	struct st_value v = { 0 };
	char *out = NULL, *err = NULL;
	uint64_t n;
	int rc;

	if (has_ctl(text)) {
		*why = st_xasprintf("%s: the value holds a control character", k->name);
		return -EINVAL;
	}
	if (k->twin && strcmp(text, "0") == 0)
		return 0; /* zero, set through the twin */
	if (k->type == ST_KT_ENUM) {
		st_value_set_str(&v, text);
	} else if (k->type == ST_KT_BOOL && (strcmp(text, "0") == 0 || strcmp(text, "1") == 0)) {
		st_value_set_bool(&v, text[0] == '1');
	} else if (k->type == ST_KT_U64 && st_parse_u64(text, &n) == 0 && n <= INT64_MAX) {
		st_value_set_num(&v, (int64_t)n);
	} else {
		*why = st_xasprintf("%s: '%s' is not a %s", k->name, text,
				    k->type == ST_KT_BOOL ? "0 or 1" : "number in range");
		return -EINVAL;
	}
	rc = st_knob_render(k, &v, &out, &err);
	if (rc == 0 && strcmp(out, text) != 0) {
		err = st_xasprintf("%s: '%s' is not in the form the kernel shows ('%s')", k->name,
				   text, out);
		rc = -EINVAL;
	}
	if (rc < 0)
		*why = err ? err : st_xasprintf("%s: '%s' is refused", k->name, text);
	else
		free(err);
	free(out);
	st_value_clear(&v);
	return rc < 0 ? -EINVAL : 0;
}

/* Whether an entry is one stortune could have written, before anything of
 * its journal is executed: a file stortune persists, a knob of the table
 * of the entry's kind, a plain target, an old value the knob accepts. */
static int check_jentry(const struct st_jentry *e, char **why)
{
	const struct st_knob *k;

	if (e->kind == ST_JK_FILE) {
		if (!st_streq(e->target, ST_PERSIST_UDEV_FILE) &&
		    !st_streq(e->target, ST_PERSIST_UDEV_FILE_OLD) &&
		    !st_streq(e->target, ST_PERSIST_SYSCTL_FILE)) {
			*why = st_xasprintf("/%s is not a file stortune writes", e->target);
			return -EINVAL;
		}
		return 0;
	}
	if (!(k = st_knob_find(e->knob))) {
		*why = st_xasprintf("unknown knob '%s'", e->knob);
		return -EINVAL;
	}
	if (jkind_of(k) != e->kind) {
		*why = st_xasprintf("%s is a %s knob, not %s", k->name, st_jkind_name(jkind_of(k)),
				    st_jkind_name(e->kind));
		return -EINVAL;
	}
	if (has_ctl(e->target) || has_ctl(e->stable_id) || has_ctl(e->new_value) ||
	    (e->kind == ST_JK_SYSFS && (!*e->target || strchr(e->target, '/'))) ||
	    (e->kind == ST_JK_SYSCTL && strcmp(e->target, "system") != 0) ||
	    (e->kind == ST_JK_MOUNT && e->target[0] != '/')) {
		*why = st_xasprintf("%s: target '%s' is not a %s", k->name, e->target,
				    e->kind == ST_JK_SYSFS    ? "device name"
				    : e->kind == ST_JK_SYSCTL ? "sysctl's ('system')"
							      : "mount point");
		return -EINVAL;
	}
	return e->old_value ? check_value(k, e->old_value, why) : 0;
}

/* Every entry revert would execute, checked; the first bad one named. */
static int check_journal(const struct st_state *st, const struct st_journal *j)
{
	for (size_t i = 0; i < j->n; i++) {
		const struct st_jentry *e = &j->v[i];
		char *why = NULL;

		if (e->state == ST_JS_ROLLED_BACK || e->state == ST_JS_REVERTED)
			continue;
		if (check_jentry(e, &why) < 0) {
			st_err("%s/journal-%06u.json: entry %zu: %s; nothing of this journal was "
			       "executed",
			       st_state_dir(st), j->seq, i + 1, why);
			free(why);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * The change whose write a side effect records (the knob a scheduler
 * switch resets, the twin a sysctl zeroes): the first entry after it that
 * a rule wanted.  An apply journals side effects just before their cause.
 */
static size_t cause_of(const struct st_journal *j, size_t i)
{
	for (size_t k = i + 1; k < j->n; k++)
		if (j->v[k].kind != ST_JK_FILE && j->v[k].rule)
			return k;
	return SIZE_MAX;
}

/* Whether revert found a change not in effect: at its old value (never
 * written, a run killed before it; or put back by hand). */
static bool found_at_old(const struct st_revert_row *row)
{
	return row->outcome == ST_JS_REVERTED && row->current && row->e->old_value &&
	       st_streq(row->current, row->e->old_value);
}

/*
 * A side effect, once its cause is decided (revert goes newest first, and
 * the cause comes after it).  Restored whatever it reads when the cause was
 * in effect and is undone now: the undo changed it once more.  Left alone
 * with a cause changed by hand.  Decided from its own values when the
 * cause was not in effect: at its old value, nothing to do; at what the
 * apply recorded, restored; else changed by hand.  Returns true when it
 * decided row.
 */
static bool side_decide(const struct st_jentry *e, const struct st_revert_row *cause, bool force,
			struct st_path *pc, const struct st_system *sys, struct st_revert_row *row)
{
	if (force || !cause)
		return false;
	if (cause->outcome == ST_JS_MANUAL) {
		row->e = e;
		row->target = st_xstrdup(cause->target ? cause->target : e->target);
		row->outcome = ST_JS_MANUAL;
		row->note = st_xasprintf("left as it is with %s, which was changed by hand",
					 cause->e->knob);
		return true;
	}
	if (!found_at_old(cause))
		return false;
	/* decided as a change of its own: new is what the kernel made of it
	 * (unknown when the run was killed first: then only old is ours) */
	{
		struct st_jentry own = *e;

		own.state = ST_JS_DONE;
		undo_entry(pc, sys, &own, false, row);
		row->e = e;
		if (row->outcome == ST_JS_MANUAL) {
			free(row->note);
			row->note = st_xasprintf("%s is at its old value, so this is no side effect "
						 "of it; changed by hand since",
						 cause->e->knob);
		}
	}
	return true;
}

/* For a scheduler tunable journaled without an old value (the switch to
 * its scheduler made it): the entry of that switch, before it. */
static size_t switch_of(const struct st_journal *j, size_t i)
{
	const struct st_jentry *e = &j->v[i];
	const struct st_knob *k = e->kind == ST_JK_SYSFS ? st_knob_find(e->knob) : NULL;

	if (!k || !k->requires_sched || e->old_value)
		return SIZE_MAX;
	for (size_t s = i; s-- > 0;)
		if (j->v[s].rule && st_streq(j->v[s].knob, "queue/scheduler") &&
		    st_streq(j->v[s].target, e->target))
			return s;
	return SIZE_MAX;
}

/* Replays one journal (taken) in reverse, into a new st_revert.  Each entry
 * is decided from its live value (undo_value); a side effect after its
 * cause (side_decide); an entry with a side effect on the same knob before
 * it (nr_requests written again after a scheduler switch) with that side
 * effect, which restores the value from before the run. */
static int revert_journal(struct st_path *pc, const struct st_system *sys, struct st_state *st,
			  struct st_journal *j, bool force, struct st_revert **out)
{
	struct st_revert *rv = st_xcalloc(1, sizeof(*rv));
	size_t *row_of = st_xcalloc(j->n + 1, sizeof(*row_of)), *defer = st_xcalloc(j->n + 1, sizeof(*defer));
	int rc;

	rv->j = j;
	rv->rows = st_xcalloc(j->n + 1, sizeof(*rv->rows));
	for (size_t i = 0; i < j->n; i++)
		row_of[i] = defer[i] = SIZE_MAX;
	for (size_t i = j->n; i-- > 0;) {
		struct st_jentry *e = &j->v[i];
		const struct st_jentry *side;
		struct st_revert_row *row;
		size_t c;

		if (e->state == ST_JS_ROLLED_BACK || e->state == ST_JS_REVERTED)
			continue;
		row_of[i] = rv->n;
		row = &rv->rows[rv->n++];
		if ((side = side_before(j, i))) {
			/* restored to its value from before the run by the side
			 * effect, after what reset it is undone; its outcome is
			 * the side effect's (below) */
			row->e = e;
			row->target = st_xstrdup(e->target ? e->target : "?");
			row->outcome = ST_JS_REVERTED;
			row->note = st_xstrdup("restored with the value from before the run, below");
			defer[i] = (size_t)(side - j->v);
			continue;
		}
		if ((c = switch_of(j, i)) != SIZE_MAX) {
			/* nothing to write: its scheduler's restore removes it */
			row->e = e;
			row->target = st_xstrdup(e->target);
			row->outcome = ST_JS_REVERTED;
			row->note = st_xasprintf("made by the switch to %s; goes with it",
						 st_knob_find(e->knob)->requires_sched);
			defer[i] = c;
			continue;
		}
		c = e->state == ST_JS_SIDE ? cause_of(j, i) : SIZE_MAX;
		if (!side_decide(e, c != SIZE_MAX && row_of[c] != SIZE_MAX ? &rv->rows[row_of[c]] : NULL,
				 force, pc, sys, row))
			undo_entry(pc, sys, e, force, row);
		if (row->outcome != ST_JS_ABSENT)
			e->state = row->outcome;
	}
	/* an entry restored through its side effect, or removed with its
	 * scheduler, shares its fate */
	for (size_t i = 0; i < j->n; i++) {
		struct st_revert_row *row, *by;

		if (defer[i] == SIZE_MAX || row_of[defer[i]] == SIZE_MAX)
			continue;
		row = &rv->rows[row_of[i]];
		by = &rv->rows[row_of[defer[i]]];
		if (by->outcome != ST_JS_ABSENT)
			j->v[i].state = by->outcome; /* else kept for a later revert */
		if (by->outcome == ST_JS_REVERTED)
			continue;
		row->outcome = by->outcome;
		free(row->note);
		row->note = st_xasprintf("as %s, below: %s", by->e->knob,
					 by->note ? by->note : st_jstate_name(by->outcome));
	}
	for (size_t i = 0; i < rv->n; i++) {
		rv->nmanual += rv->rows[i].outcome == ST_JS_MANUAL;
		rv->nfailed += rv->rows[i].outcome == ST_JS_FAILED;
		rv->nabsent += rv->rows[i].outcome == ST_JS_ABSENT;
	}
	free(row_of);
	free(defer);
	if (rv->nmanual || rv->nfailed || rv->nabsent) {
		j->phase = ST_JP_PARTIAL;
		rc = st_journal_save(st, j);
	} else {
		j->phase = ST_JP_REVERTED;
		rc = st_journal_retire(st, j);
	}
	if (rc < 0)
		st_err("%s/journal-%06u.json: cannot save: %s", st_state_dir(st), j->seq,
		       strerror(-rc));
	*out = rv;
	return rc;
}

int st_revert_run(struct st_path *pc, const struct st_system *sys, struct st_state *st,
		  bool force, bool all, struct st_reverts *out)
{
	struct st_journal **js = NULL;
	size_t nj = 0, want;
	char *err = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = st_journal_load_active(st, &js, &nj, &err);
	if (rc < 0) {
		st_err("%s", err);
		free(err);
		return rc;
	}
	want = all || nj < 1 ? nj : 1;
	for (size_t i = 0; i < want && rc == 0; i++)
		rc = check_journal(st, js[i]);
	if (rc < 0) {
		st_journal_freev(js, nj);
		return rc;
	}
	out->v = st_xcalloc(want + 1, sizeof(*out->v));
	for (size_t i = 0; i < want && rc == 0; i++) {
		rc = revert_journal(pc, sys, st, js[i], force, &out->v[out->n]);
		js[i] = NULL; /* the st_revert has it */
		out->nfailed += out->v[out->n++]->nfailed;
	}
	st_journal_freev(js, nj);
	/* a device that is not there is no failure: its entries wait for it */
	return rc < 0 ? rc : out->nfailed ? -EIO : 0;
}

static void revert_free(struct st_revert *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->rows[i].current);
		free(r->rows[i].target);
		free(r->rows[i].note);
	}
	free(r->rows);
	st_journal_free(r->j);
	free(r);
}

void st_reverts_free(struct st_reverts *r)
{
	for (size_t i = 0; i < r->n; i++)
		revert_free(r->v[i]);
	free(r->v);
	free(r->state_dir);
	memset(r, 0, sizeof(*r));
}
