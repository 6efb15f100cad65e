/*
 * dl.c - owns the loading of the libraries of st_dl.h: each opened once,
 * under pthread_once, and each function of its list (ST_JSONC_SYMBOLS,
 * ST_SCOLS_SYMBOLS, ST_LIBM_SYMBOLS) found with dlsym into its table.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>

#define ST_DL_LOADER /* the libraries' own names, not the table's macros */
#include "st_dl.h"
#include "st_json.h"
#include "st_log.h"
#include "st_math.h"
#include "st_scols.h"

void *st_dl_open(const char *soname, const char *package)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		st_err("cannot load %s (package %s): %s", soname, package, dlerror());
	return h;
}

void *st_dl_sym(void *h, const char *soname, const char *name)
{
	void *p = dlsym(h, name);

	if (!p)
		st_err("%s: no symbol %s", soname, name);
	return p;
}

/* inside REQUIRED's loader: table_, h_ and soname_ are its locals */
#define LOAD_ONE(f)                                                                                	if (!(table_->f = (__typeof__(table_->f))st_dl_sym(h_, soname_, #f)))                      		exit(1);

/* A library the package depends on: its table, its loader, its getter. */
#define REQUIRED(getter, type, soname, package, SYMBOLS)                                           	static type getter##_table;                                                                	static pthread_once_t getter##_once = PTHREAD_ONCE_INIT;                                   	static void getter##_load(void)                                                            	{                                                                                          		type *table_ = &getter##_table;                                                    		const char *soname_ = soname;                                                      		void *h_ = st_dl_open(soname_, package);                                                                                                                                              		if (!h_)                                                                           			exit(1);                                                                   		SYMBOLS(LOAD_ONE)                                                                  	}                                                                                          	const type *getter(void)                                                                   	{                                                                                          		pthread_once(&getter##_once, getter##_load);                                       		return &getter##_table;                                                            	}

REQUIRED(st_jsonc, struct st_jsonc, "libjson-c.so.5", "libjson-c5", ST_JSONC_SYMBOLS)
REQUIRED(st_scols, struct st_scols, "libsmartcols.so.1", "libsmartcols1", ST_SCOLS_SYMBOLS)
REQUIRED(st_libm, struct st_libm, "libm.so.6", "libc6", ST_LIBM_SYMBOLS)
