/*
 * test_coverage.c - every shipped rule fires on a fixture machine where it
 * should and stays silent on one where it must not, as listed in
 * tests/rules-coverage.txt:
 *
 *   RULE-ID  FIXTURE:PROFILE  FIXTURE:PROFILE[@TARGET]
 *
 * A third part, FIXTURE:PROFILE:DEVICE, names a device on the command line.
 * With @TARGET at the end the silent case is about that target only (a
 * rule that fires on every machine, such as noatime for /, must still leave
 * a mail spool alone).
 * "Fires" means the rule is the winner of a recommendation (a change or a
 * setting already right) or gave advice; "silent" means it is neither.  A
 * rule missing from the table fails the test, so a new rule needs both
 * cases.
 */
#include <errno.h>

#include "st_engine.h"
#include "st_test.h"

struct shipped {
	struct st_ruleset rs;
	struct st_profileset ps;
};

static struct shipped shipped;

static int setup(void **state)
{
	char *rdir = st_test_path("rules"), *pdir = st_test_path("profiles");
	struct st_diag d = { 0 };

	(void)state;
	if (st_rules_load_dir(&shipped.rs, rdir, &d) < 0 ||
	    st_profiles_load_dir(&shipped.ps, pdir, &shipped.rs, &d) < 0) {
		for (size_t i = 0; i < d.nerrors; i++)
			fprintf(stderr, "%s\n", d.errors[i]);
		return -1;
	}
	st_diag_free(&d);
	free(rdir);
	free(pdir);
	return 0;
}

static int teardown(void **state)
{
	st_ruleset_free(&shipped.rs);
	st_profileset_free(&shipped.ps);
	return st_test_cleanup(state);
}

/* Does rc come from the rule, on the target (NULL: any)? */
static bool from(const struct st_reco *rc, const char *rule, const char *target)
{
	return strcmp(rc->rule->id, rule) == 0 && (!target || st_streq(rc->target, target));
}

/* Does the rule win or advise anywhere in the plan of fixture:profile, or
 * of fixture:profile:DEVICE (advise with that device named), or on its
 * @target? */
static int fires(const char *rule, const char *spec, char **where)
{
	const char *at = strchr(spec, '@'), *target = at ? at + 1 : NULL;
	char *pair = at ? st_xstrndup(spec, (size_t)(at - spec)) : st_xstrdup(spec);
	char *fixture = st_xstrndup(pair, strcspn(pair, ":"));
	const char *rest = strchr(pair, ':') ? strchr(pair, ':') + 1 : "general";
	char *profile = st_xstrndup(rest, strcspn(rest, ":"));
	const char *named = strchr(rest, ':') ? strchr(rest, ':') + 1 : NULL;
	char *rel = st_xasprintf("tests/sysroots/%s", fixture), *root = st_test_path(rel);
	const struct st_profile *prof = st_profileset_find(&shipped.ps, profile);
	struct st_system *sys = NULL;
	struct st_plan *plan = NULL;
	struct st_path *pc = NULL;
	struct st_devv only = { 0 };
	int hit = 0;

	if (!prof)
		fail_msg("%s: unknown profile '%s'", pair, profile);
	if (st_path_new(&pc, root) < 0 || st_probe_run(pc, &sys) < 0)
		fail_msg("%s: cannot probe %s", pair, root);
	if (named) {
		struct st_device *d = st_system_lookup(sys, named);

		if (!d)
			fail_msg("%s: no device '%s'", pair, named);
		st_devv_push(&only, d);
	}
	assert_int_equal(st_engine_run(&shipped.rs, prof, sys, &only, &plan), 0);
	for (size_t i = 0; i < plan->nchanges && !hit; i++)
		if (from(&plan->changes[i], rule, target))
			hit = 1, *where = st_xstrdup(plan->changes[i].target);
	for (size_t i = 0; i < plan->nok && !hit; i++)
		if (from(&plan->ok[i], rule, target))
			hit = 1, *where = st_xstrdup(plan->ok[i].target);
	for (size_t i = 0; i < plan->nadvice && !hit; i++)
		if (from(&plan->advice[i], rule, target))
			hit = 1, *where = st_xstrdup(plan->advice[i].target);
	st_plan_free(plan);
	free(only.v);
	st_system_free(sys);
	st_path_free(pc);
	free(profile);
	free(fixture);
	free(pair);
	free(rel);
	free(root);
	return hit;
}

static void test_coverage(void **state)
{
	char *path = st_test_path("tests/rules-coverage.txt"), line[512];
	FILE *f = fopen(path, "r");
	bool *seen = st_xcalloc(shipped.rs.n + 1, sizeof(*seen));
	unsigned lineno = 0, failures = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char rule[128], yes[128], no[128], *where = NULL;
		const struct st_rule *r;

		lineno++;
		if (line[0] == '#' || strspn(line, " \t\n") == strlen(line))
			continue;
		if (sscanf(line, "%127s %127s %127s", rule, yes, no) != 3)
			fail_msg("rules-coverage.txt:%u: expected RULE FIXTURE:PROFILE FIXTURE:PROFILE",
				 lineno);
		r = st_ruleset_find(&shipped.rs, rule);
		if (!r) {
			printf("rules-coverage.txt:%u: no rule '%s'\n", lineno, rule);
			failures++;
			continue;
		}
		for (size_t i = 0; i < shipped.rs.n; i++)
			if (shipped.rs.v[i] == r)
				seen[i] = true;
		if (!fires(rule, yes, &where)) {
			printf("rules-coverage.txt:%u: %s does not fire on %s\n", lineno, rule, yes);
			failures++;
		}
		free(where);
		where = NULL;
		if (fires(rule, no, &where)) {
			printf("rules-coverage.txt:%u: %s fires on %s (%s), where it must not\n", lineno,
			       rule, no, where);
			failures++;
		}
		free(where);
	}
	fclose(f);
	for (size_t i = 0; i < shipped.rs.n; i++) {
		if (!seen[i]) {
			printf("%s:%u: rule %s is not in tests/rules-coverage.txt\n",
			       shipped.rs.v[i]->file, shipped.rs.v[i]->line, shipped.rs.v[i]->id);
			failures++;
		}
	}
	free(seen);
	free(path);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coverage),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
