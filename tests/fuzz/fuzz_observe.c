/*
 * fuzz_observe.c - observe's recordings (src/observe/observe_rec.c), which
 * `observe --replay FILE` reads from wherever the user got them.
 */
#include "fuzz.h"
#include "st_observe.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_obs_recording r = { 0 };

	st_obs_recording_parse((const char *)data, size, "fuzz.rec", &r);
	st_obs_recording_free(&r);
	return 0;
}
