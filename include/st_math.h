/*
 * st_math.h - libm's functions, for the parts of stortune that compute:
 * the A/B statistics, the observer's workload shape, the reports' axes and
 * rounding.  The program does not link libm: every shared library costs
 * every run ~0.2 ms of CPU to load and relocate (0.18 ms for libm here,
 * paired runs of empty programs), and probe, apply and revert compute
 * nothing.  glibc's libm is loaded with dlopen the first time one of these
 * is called (st_dl.h), so the values are libm's own.
 */
#ifndef ST_MATH_H
#define ST_MATH_H

#include <math.h> /* NAN, INFINITY, isnan(), fabs() (a builtin: no libm) */

/* every libm function stortune calls */
#define ST_LIBM_SYMBOLS(X) \
	X(erfc) \
	X(exp) \
	X(floor) \
	X(fmax) \
	X(fmin) \
	X(fmod) \
	X(llround) \
	X(log) \
	X(log10) \
	X(log1p) \
	X(log2) \
	X(pow) \
	X(round) \
	X(sqrt)

struct st_libm {
#define ST_LIBM_MEMBER(f) __typeof__(&f) f;
	ST_LIBM_SYMBOLS(ST_LIBM_MEMBER)
#undef ST_LIBM_MEMBER
};

const struct st_libm *st_libm(void);

/* st_m_NAME is libm's NAME (not NAME itself: the C library's names are not
 * a program's to define as macros) */
#define st_m_erfc (st_libm()->erfc)
#define st_m_exp (st_libm()->exp)
#define st_m_floor (st_libm()->floor)
#define st_m_fmax (st_libm()->fmax)
#define st_m_fmin (st_libm()->fmin)
#define st_m_fmod (st_libm()->fmod)
#define st_m_llround (st_libm()->llround)
#define st_m_log (st_libm()->log)
#define st_m_log10 (st_libm()->log10)
#define st_m_log1p (st_libm()->log1p)
#define st_m_log2 (st_libm()->log2)
#define st_m_pow (st_libm()->pow)
#define st_m_round (st_libm()->round)
#define st_m_sqrt (st_libm()->sqrt)

#endif
