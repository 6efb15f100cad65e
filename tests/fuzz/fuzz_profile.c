/*
 * fuzz_profile.c - the profile loader (src/advise/profile.c): the input is
 * one more profile file next to the shipped ones (which it may inherit
 * from, or replace), loaded against the shipped rules (which its overrides
 * name), then inheritance is resolved.
 */
#include "fuzz.h"
#include "st_rules.h"

static struct st_ruleset rules;
static char **texts; /* the shipped profiles' contents, NULL-terminated */
static char **names; /* and their file names */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct st_diag diag = { 0 };
	char *dir;
	char **files;

	(void)argc;
	(void)argv;
	fz_quiet();
	dir = st_xasprintf("%s/rules", fz_top());
	st_rules_load_dir(&rules, dir, &diag);
	free(dir);
	dir = st_xasprintf("%s/profiles", fz_top());
	files = st_ini_dir_list(dir, &diag);
	free(dir);
	for (char **f = files; f && *f; f++) {
		char *text;
		size_t len;

		if (st_ini_read_file(*f, &text, &len, &diag) == 0) {
			st_strv_push(&texts, text);
			st_strv_push(&names, *f);
			free(text);
		}
	}
	st_strv_free(files);
	st_diag_free(&diag);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_profileset ps = { 0 };
	struct st_diag diag = { 0 };

	for (size_t i = 0; texts && texts[i]; i++)
		st_profiles_load_string(&ps, names[i], texts[i], strlen(texts[i]), &rules, &diag);
	st_profiles_load_string(&ps, "fuzz.ini", (const char *)data, size, &rules, &diag);
	st_profiles_resolve(&ps, &rules, &diag);
	st_profileset_free(&ps);
	st_diag_free(&diag);
	return 0;
}
