/*
 * scols.c - owns the loading of libsmartcols (see st_scols.h): dlopen of
 * its soname once, under pthread_once, and dlsym of each function in
 * ST_SCOLS_SYMBOLS.  The package depends on libsmartcols1 (debian/control),
 * so a failure here is a broken installation: the message names the
 * library and the package, and the program exits 1.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>

#include "st_log.h"
#include "st_scols.h"

#define SCOLS_SONAME "libsmartcols.so.1"

static struct st_scols fns;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dlopen(SCOLS_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		st_err("cannot load %s (package libsmartcols1): %s", SCOLS_SONAME, dlerror());
		exit(1);
	}
#define X(f)                                                                                       \
	if (!(fns.f = (__typeof__(fns.f))dlsym(h, #f))) {                                          \
		st_err("%s: no symbol %s", SCOLS_SONAME, #f);                                      \
		exit(1);                                                                           \
	}
	ST_SCOLS_SYMBOLS(X)
#undef X
}

const struct st_scols *st_scols(void)
{
	pthread_once(&once, load);
	return &fns;
}
