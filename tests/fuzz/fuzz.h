/*
 * fuzz.h - what the fuzz harnesses share: the libFuzzer entry points, a
 * NUL-terminated copy of the input for parsers that take C strings, and a
 * private scratch directory for harnesses that must hand their input to a
 * reader as a file.
 *
 * Each tests/fuzz/fuzz_NAME.c is built twice: with clang and libFuzzer
 * (`make fuzz`), and with the project's compiler and tests/fuzz/replay.c's
 * main (`make check`), which feeds it the files of tests/fuzz/regressions/
 * NAME and tests/fuzz/corpus/NAME.  A harness must therefore not keep state
 * between inputs that changes what an input does.
 */
#ifndef ST_FUZZ_H
#define ST_FUZZ_H

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "st_log.h"
#include "st_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input as a C string: cut at its first NUL, as a file read into a
 * string would be. */
static inline char *fz_cstr(const uint8_t *data, size_t size)
{
	char *s = st_xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Warnings name the bad input; printing millions of them only slows the
 * fuzzer down.  STORTUNE_FUZZ_VERBOSE=1 keeps them (to read a crash). */
static inline void fz_quiet(void)
{
	const char *v = getenv("STORTUNE_FUZZ_VERBOSE");

	if (!v || strcmp(v, "1") != 0)
		st_log_set_quiet(true);
}

/* Where the shipped rules and profiles are: the checkout's top (run-tests.sh
 * and `make fuzz` set STORTUNE_TOP), else the current directory. */
static inline const char *fz_top(void)
{
	const char *t = getenv("STORTUNE_TOP");

	return t && *t ? t : ".";
}

/* Writes len bytes to path, replacing it; aborts on failure (a harness that
 * cannot set up its input must not pass silently). */
static inline void fz_write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	const char *p = data;

	if (fd < 0) {
		perror(path);
		abort();
	}
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror(path);
			abort();
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) < 0) {
		perror(path);
		abort();
	}
}

/* A private directory (0700) under $TMPDIR, made once per process. */
char *fz_tmpdir(void);

/* Below root, making the directories on the way: a file holding text, a
 * symlink to target, a directory.  Abort on failure. */
void fz_put(const char *root, const char *rel, const char *text);
void fz_link(const char *root, const char *rel, const char *target);
void fz_mkdir(const char *root, const char *rel);

#endif
