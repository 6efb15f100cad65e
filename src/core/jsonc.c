/*
 * jsonc.c - owns the loading of json-c (see st_json.h): dlopen of its
 * soname once, under pthread_once, and dlsym of each function in
 * ST_JSONC_SYMBOLS.  The package depends on libjson-c5 (debian/control), so
 * a failure here is a broken installation: the message names the library
 * and the package, and the program exits 1.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>

#define ST_JSONC_LOADER /* the real names, for dlsym */
#include "st_json.h"
#include "st_log.h"

#define JSONC_SONAME "libjson-c.so.5"

static struct st_jsonc fns;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dlopen(JSONC_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		st_err("cannot load %s (package libjson-c5): %s", JSONC_SONAME, dlerror());
		exit(1);
	}
#define X(f)                                                                                       \
	if (!(fns.f = (__typeof__(fns.f))dlsym(h, #f))) {                                          \
		st_err("%s: no symbol %s", JSONC_SONAME, #f);                                      \
		exit(1);                                                                           \
	}
	ST_JSONC_SYMBOLS(X)
#undef X
}

const struct st_jsonc *st_jsonc(void)
{
	pthread_once(&once, load);
	return &fns;
}
