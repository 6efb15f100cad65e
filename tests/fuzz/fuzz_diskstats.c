/*
 * fuzz_diskstats.c - the /proc/diskstats parser (src/measure/diskstats.c),
 * which bench and observe read from a live kernel and observe replays from
 * recordings: every field count, any bytes.
 */
#include "fuzz.h"
#include "st_diskstats.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_diskstats ds = { 0 };

	if (st_diskstats_parse((const char *)data, size, "fuzz/diskstats", &ds) == 0) {
		st_diskstats_find(&ds, "sda");
		st_diskstats_find_dev(&ds, 8, 0);
	}
	st_diskstats_free(&ds);
	return 0;
}
