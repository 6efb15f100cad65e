/*
 * st_test.h - what every cmocka test program shares: the cmocka includes in
 * the order cmocka 1.1 needs, a log sink that collects stortune's messages,
 * and helpers for temporary copies of fixture sysroots.
 */
#ifndef ST_TEST_H
#define ST_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "st_log.h"
#include "st_probe.h"
#include "st_report_probe.h"
#include "st_util.h"

/* Collected messages, one per line, for assertions on what was said. */
struct st_test_log {
	char *text;
	size_t len;
	unsigned warnings;
};

static struct st_test_log st_test_log_buf;

static void st_test_sink(enum st_loglevel level, const char *msg, void *data)
{
	struct st_test_log *l = data;
	size_t n;

	if (level == ST_LOG_DEBUG)
		return;
	if (level == ST_LOG_WARN)
		l->warnings++;
	n = strlen(msg);
	l->text = st_xrealloc(l->text, l->len + n + 2);
	memcpy(l->text + l->len, msg, n);
	l->len += n;
	l->text[l->len++] = '\n';
	l->text[l->len] = '\0';
}

static inline void st_test_log_start(void)
{
	free(st_test_log_buf.text);
	memset(&st_test_log_buf, 0, sizeof(st_test_log_buf));
	st_log_set_sink(st_test_sink, &st_test_log_buf);
}

static inline const char *st_test_log_text(void)
{
	return st_test_log_buf.text ? st_test_log_buf.text : "";
}

static inline void st_test_log_stop(void)
{
	st_log_set_sink(NULL, NULL);
	free(st_test_log_buf.text);
	memset(&st_test_log_buf, 0, sizeof(st_test_log_buf));
}

/* The source tree: tests run from it (make check), or set STORTUNE_TOP. */
static inline char *st_test_path(const char *rel)
{
	const char *top = getenv("STORTUNE_TOP");

	return st_xasprintf("%s/%s", top && *top ? top : ".", rel);
}

/*
 * Temporary directories are registered, so that the group teardown
 * st_test_cleanup() removes those a failed assertion left behind (cmocka
 * jumps out of the test, past its own cleanup).
 */
static char *st_test_tmpdirs[64];

static inline void st_test_rmdir_now(const char *dir)
{
	char *cmd = st_xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
}

/* text is the file rel (tests/expected/...) exactly; UPDATE=1 rewrites it. */
static inline void st_test_same_as_expected(const char *rel, const char *text)
{
	char *path = st_test_path(rel), *want = NULL;
	size_t len = 0;
	FILE *f;

	if (getenv("UPDATE") && strcmp(getenv("UPDATE"), "1") == 0) {
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(text, f);
		assert_int_equal(fclose(f), 0);
	}
	f = fopen(path, "r");
	if (!f)
		fprintf(stderr, "no %s (UPDATE=1 writes it)\n", rel);
	assert_non_null(f);
	assert_int_equal(getdelim(&want, &len, '\0', f) >= 0, 1);
	fclose(f);
	if (strcmp(want, text) != 0)
		fprintf(stderr, "%s differs; got:\n%s", rel, text);
	assert_string_equal(want, text);
	free(want);
	free(path);
}

static inline char *st_test_mkdtemp(void)
{
	char tmpl[] = "/tmp/stortune-test-XXXXXX";
	char *dir = mkdtemp(tmpl);
	size_t i;

	assert_non_null(dir);
	for (i = 0; i < ST_ARRAY_SIZE(st_test_tmpdirs) && st_test_tmpdirs[i]; i++)
		;
	assert_true(i < ST_ARRAY_SIZE(st_test_tmpdirs));
	st_test_tmpdirs[i] = st_xstrdup(dir);
	return st_xstrdup(dir);
}

/* Removes dir (made by st_test_mkdtemp) and frees the string. */
static inline void st_test_rmtree(char *dir)
{
	for (size_t i = 0; dir && i < ST_ARRAY_SIZE(st_test_tmpdirs); i++) {
		if (st_test_tmpdirs[i] && strcmp(st_test_tmpdirs[i], dir) == 0) {
			st_test_rmdir_now(dir);
			free(st_test_tmpdirs[i]);
			st_test_tmpdirs[i] = NULL;
		}
	}
	free(dir);
}

/* Group teardown: whatever a failed test left. */
static inline int st_test_cleanup(void **state)
{
	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(st_test_tmpdirs); i++) {
		if (st_test_tmpdirs[i]) {
			st_test_rmdir_now(st_test_tmpdirs[i]);
			free(st_test_tmpdirs[i]);
			st_test_tmpdirs[i] = NULL;
		}
	}
	st_log_set_sink(NULL, NULL);
	return 0;
}

/* A private copy of a fixture sysroot, to corrupt at will. */
static inline char *st_test_copy_fixture(const char *name)
{
	char *src = st_test_path("tests/sysroots"), *cmd, *dir = st_test_mkdtemp();

	cmd = st_xasprintf("cp -a '%s/%s/.' '%s'", src, name, dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(src);
	return dir;
}

/* Writes content (len bytes) to dir/rel, replacing it. */
static inline void st_test_write(const char *dir, const char *rel, const void *content, size_t len)
{
	char *p = st_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(p);
}

/* The probe --json document of a sysroot (NULL: live), as one json-c tree. */
static inline struct json_object *st_test_probe_json(const char *root)
{
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	struct json_object *j;
	struct st_devv roots;

	assert_int_equal(st_path_new(&pc, root), 0);
	assert_int_equal(st_probe_run(pc, &sys), 0);
	roots = st_report_roots(sys, NULL, 0);
	j = st_report_probe_json(sys, &roots);
	free(roots.v);
	st_system_free(sys);
	st_path_free(pc);
	return j;
}

#endif
