/*
 * replay.c - main() for the harnesses built without libFuzzer (`make
 * check`): runs LLVMFuzzerTestOneInput once on each file named on the
 * command line, and on each file of each directory named, in name order.
 * A crash, a leak or a sanitizer report fails the run, as it would fail the
 * fuzzer; the exit status is 1 when an argument cannot be read.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Inputs larger than this are not what the corpora hold (bytes); libFuzzer's
 * own default -max_len is far smaller. */
#define REPLAY_MAX_INPUT (16u << 20)

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	buf = st_xmalloc(REPLAY_MAX_INPUT);
	n = fread(buf, 1, REPLAY_MAX_INPUT, f);
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read failed\n", path);
		fclose(f);
		free(buf);
		return 1;
	}
	fclose(f);
	/* a copy of exactly n bytes, so that ASan sees any read past the end */
	uint8_t *in = st_xmalloc(n ? n : 1);
	memcpy(in, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(in, n);
	free(in);
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, unsigned *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			names = st_xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = st_xasprintf("%s/%s", dir, e->d_name);
		}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		rc |= run_file(names[i]);
		(*count)++;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	int rc = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			rc |= run_dir(argv[i], &count);
		} else {
			rc |= run_file(argv[i]);
			count++;
		}
	}
	printf("replay: %s: %u inputs\n", argv[0], count);
	return rc;
}
