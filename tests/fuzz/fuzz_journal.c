/*
 * fuzz_journal.c - apply's journals (st_journal_from_json in
 * src/apply/journal.c): what revert and verify read back from the state
 * directory.  A journal that parses must also survive being written out
 * and read again, as the next apply or revert does.
 */
#include "fuzz.h"
#include "st_journal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_cstr(data, size), *err = NULL, *again;
	struct st_journal *j = NULL, *j2 = NULL;

	if (st_journal_from_json(text, "fuzz.json", &j, &err) == 0) {
		again = st_journal_to_json(j);
		if (st_journal_from_json(again, "fuzz-again.json", &j2, &err) < 0) {
			fprintf(stderr, "a parsed journal does not parse once written: %s\n%s\n",
				err, again);
			abort();
		}
		st_journal_free(j2);
		free(again);
	}
	st_journal_free(j);
	free(err);
	free(text);
	return 0;
}
