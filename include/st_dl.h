/*
 * st_dl.h - libraries loaded when first needed (src/core/dl.c).  Every
 * shared library a program links costs every run its loading and
 * relocation: ~0.15 ms of CPU for json-c, 0.18 ms for libm, 0.22 ms for
 * libsmartcols here (paired runs of empty programs), which probe --json,
 * apply and revert do not need.  So the program links only libblkid,
 * libmount and libc; json-c (st_json.h), libsmartcols (st_scols.h) and libm
 * (st_math.h) come from these getters, and capture's optional libarchive
 * through st_dl_open and st_dl_sym.
 */
#ifndef ST_DL_H
#define ST_DL_H

/* dlopen(soname), or NULL after an error naming it and its package. */
void *st_dl_open(const char *soname, const char *package);
/* dlsym(h, name), or NULL after an error naming the library and symbol. */
void *st_dl_sym(void *h, const char *soname, const char *name);

/*
 * The getters st_jsonc(), st_scols() and st_libm() (declared with their
 * tables) load their library on the first call, under pthread_once: the
 * package depends on each, so a program that cannot load one has a broken
 * installation, and says so and exits 1.
 */

#endif
