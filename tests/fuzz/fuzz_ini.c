/*
 * fuzz_ini.c - the INI reader (src/core/ini.c) on any bytes, and
 * stortune.conf's loader (src/advise/config.c) on top of it: every rule,
 * profile and configuration file goes through these.
 */
#include "fuzz.h"
#include "st_config.h"
#include "st_ini.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_diag diag = { 0 };
	struct st_config conf = { 0 };
	struct st_ini ini;

	st_ini_parse("fuzz.ini", (const char *)data, size, &ini, &diag);
	for (size_t i = 0; i < ini.n; i++)
		for (size_t k = 0; k < ini.v[i].nkeys; k++)
			st_ini_get(&ini.v[i], ini.v[i].keys[k].name);
	st_ini_free(&ini);
	st_diag_free(&diag);

	st_config_load_string(&conf, "fuzz.conf", (const char *)data, size, &diag);
	st_config_free(&conf);
	st_diag_free(&diag);
	return 0;
}
