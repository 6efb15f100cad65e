/*
 * st_verify.h - `stortune verify`: is the system what the profile asks for?
 *
 * One row per planned item, every one checked and shown (unlike TuneD,
 * nothing is skipped silently):
 *   ok           the live value is the recommended one;
 *   drift        it is not;
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
	char *reason;         /* manual, unsupported, skipped */
};

struct st_verify {
	struct st_vrow *rows;
	size_t n;
	size_t count[ST_VS_NR];
	size_t not_applicable;
};

/* o: allow_durability decides whether durability items are checked or
 * skipped, as apply would treat them. */
struct st_verify *st_verify_build(const struct st_plan *plan, struct st_journal *const *journals,
				  size_t njournals, const struct st_apply_opts *o);
void st_verify_free(struct st_verify *v);

#endif
