/*
 * fuzz_rules.c - the rule loader (src/advise/rules.c, from a string): one
 * file's rules and 'disabled' sections, then the check that applies them,
 * as `stortune rules lint FILE` does.
 */
#include "fuzz.h"
#include "st_rules.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_ruleset rs = { 0 };
	struct st_diag diag = { 0 };

	if (st_rules_load_string(&rs, "fuzz.ini", (const char *)data, size, &diag) == 0)
		st_rules_finish(&rs, &diag);
	st_ruleset_free(&rs);
	st_diag_free(&diag);
	return 0;
}
