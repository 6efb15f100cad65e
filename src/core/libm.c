/*
 * libm.c - owns the loading of libm (see st_math.h): dlopen("libm.so.6")
 * once, on the first call of any st_m_ function, under pthread_once; each
 * function then calls libm's through the pointer dlsym gave.  libm is part
 * of libc6 and cannot be missing where stortune runs; if it is, the first
 * computation stops the program with a message naming it.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "st_log.h"
#include "st_math.h"

#define LIBM_SONAME "libm.so.6"

static struct {
#define X(type, name, params, args) type(*name) params;
	ST_LIBM_FUNCTIONS(X)
#undef X
} m;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dlopen(LIBM_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		st_err("cannot load %s (package libc6): %s", LIBM_SONAME, dlerror());
		exit(1);
	}
#define X(type, name, params, args)                                                                \
	if (!(m.name = (type(*) params)dlsym(h, #name))) {                                         \
		st_err("%s: no symbol %s", LIBM_SONAME, #name);                                    \
		exit(1);                                                                           \
	}
	ST_LIBM_FUNCTIONS(X)
#undef X
}

#define X(type, name, params, args)                                                                \
	type st_m_##name params                                                                    \
	{                                                                                          \
		pthread_once(&once, load);                                                         \
		return m.name args;                                                                \
	}
ST_LIBM_FUNCTIONS(X)
#undef X
