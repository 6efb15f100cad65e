/*
 * st_verify.h - `stortune verify`: is the system what the profile asks for?
 *
 * One row per planned item, every one checked and shown (unlike TuneD,
 * nothing is skipped silently):
 *   ok           the live value is the recommended one;
 *   drift        it is not;
 *   held         apply holds it back and no apply has set it: a mount option
 *                without --remount, a durability risk without
 *                --allow-durability-risk, a mount option only fstab can
 *                change, or advice (which stortune never applies);
 *   manual       stortune set it (the journal says so) and it was changed by
 *                hand since: respected, not drift (STYLE.md 9);
 *   unsupported  the running kernel lacks the knob;
 *   skipped      a condition failed; the reason names it.
 * Rule/target pairs where the knob cannot exist (partitions, dm devices,
 * another filesystem's option) are only counted.
 */
#ifndef ST_VERIFY_H
#define ST_VERIFY_H

#include "st_apply.h"

enum st_vstatus {
	ST_VS_OK,
	ST_VS_DRIFT,
	ST_VS_HELD,
	ST_VS_MANUAL,
	ST_VS_UNSUPPORTED,
	ST_VS_SKIPPED,
	ST_VS_NR
};
const char *st_vstatus_name(enum st_vstatus s);

struct st_vrow {
	enum st_scope scope;
	const char *target;   /* from the plan */
	const char *knob;     /* NULL for a skipped advice rule */
	const char *expected; /* NULL when unknown */
	const char *actual;   /* NULL when unknown */
	const struct st_rule *rule;
	enum st_vstatus status;
	enum st_hold hold;    /* held: why, and what would apply it */
	char *reason;         /* held, manual, unsupported, skipped */
};

struct st_verify {
	struct st_vrow *rows;
	size_t n;
	const char *profile;  /* the plan's */
	unsigned applied;     /* the journal the profile was read from; 0: given */
	size_t count[ST_VS_NR];
	size_t held_advice;   /* of count[ST_VS_HELD]: advice rows */
	size_t not_applicable;
	bool strict;
	/* what counts as drift (exit 2): the drift rows, and with strict the
	 * held settings too (advice never: stortune cannot check it) */
	size_t ndrift;
};

/* o: as apply would treat the items (allow_durability; remount is never
 * set, for verify cannot tell); strict: held settings count as drift. */
struct st_verify *st_verify_build(const struct st_plan *plan, struct st_journal *const *journals,
				  size_t njournals, const struct st_apply_opts *o, bool strict);
void st_verify_free(struct st_verify *v);

/*
 * `stortune status`: what the active journals say stortune applied, the
 * --persist files as they are now, and the verify of the newest journal's
 * profile (its held rows are what apply held back, with the flag each needs).
 */

/* A --persist file, against the newest active journal entry that wrote it. */
enum st_pfile_state {
	ST_PF_WRITTEN, /* there, as stortune wrote it */
	ST_PF_EDITED,  /* there, changed since */
	ST_PF_REMOVED, /* stortune wrote it; it is gone */
	ST_PF_OTHER,   /* there, but no active journal wrote it */
	ST_PF_NR
};
const char *st_pfile_state_name(enum st_pfile_state s);

struct st_status_journal {
	const struct st_journal *j;
	size_t items; /* settings it still answers for: not rolled back or
			 reverted (the kernel's side effects and files not counted) */
	size_t files; /* --persist files it wrote */
	/* an apply's intent found "applying" with no process of that pid:
	 * killed.  Its settings, from their live values (st_status_live) */
	bool interrupted;
	size_t in_effect;   /* at the value the apply was writing */
	size_t not_written; /* still at the value from before it */
	size_t by_hand;     /* neither: changed by hand, or unreadable */
};

struct st_status_file {
	const char *path; /* relative to the root: ST_PERSIST_SYSCTL_FILE ... */
	enum st_pfile_state state;
	unsigned seq;     /* the journal that wrote it; 0: none */
};

struct st_status {
	char *state_dir;
	bool no_state_dir;                 /* it does not exist yet */
	struct st_status_journal *journals; /* newest first */
	size_t nj;
	struct st_status_file *files;      /* only those there or on record */
	size_t nfiles;
	struct st_persist_notes notes;     /* what the newest rules file on record
					      says it matches by slot or leaves out */
	struct st_verify *verify;          /* NULL when nothing is applied */
};

/* The interrupted journals of s, decided setting by setting from the live
 * values under pc's root, as revert will. */
void st_status_live(struct st_path *pc, const struct st_system *sys, struct st_status *s);

/* From the active journals (newest first) and the files under pc's root.
 * Returns 0 or -errno (a file that cannot be read, printed). */
int st_status_build(struct st_path *pc, struct st_journal *const *js, size_t nj,
		    struct st_status **out);
void st_status_free(struct st_status *s);

#endif
