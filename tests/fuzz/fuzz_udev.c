/*
 * fuzz_udev.c - the udev database parser (st_udev_db_parse in
 * src/probe/probe_read.c), which reads run/udev/data/bM:m of a sysroot or a
 * capture: the properties kept must be the wanted keys.
 */
#include "fuzz.h"
#include "st_probe.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_cstr(data, size);
	struct st_kvlist props = { 0 };

	st_udev_db_parse(text, &props);
	for (size_t i = 0; i < props.n; i++)
		if (!st_udev_key_wanted(props.v[i].key))
			abort();
	st_kvlist_free(&props);
	free(text);
	return 0;
}
