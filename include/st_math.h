/*
 * st_math.h - libm's functions, for the parts of stortune that compute:
 * the A/B statistics, the observer's workload shape, the reports' axes and
 * rounding.  The program does not link libm: every shared library costs
 * every run ~0.2 ms of CPU to load and relocate (0.18 ms for libm here,
 * paired runs of empty programs), and probe, apply and revert compute
 * nothing.  st_m_NAME is libm's NAME: glibc's libm is loaded with dlopen
 * the first time one of them is called (src/core/libm.c), so the values
 * are libm's own.
 */
#ifndef ST_MATH_H
#define ST_MATH_H

#include <math.h> /* NAN, INFINITY, isnan(), fabs() (a builtin: no libm) */

/* One line per function: name, then its parameters as they are declared. */
#define ST_LIBM_FUNCTIONS(X)                                                                       \
	X(double, erfc, (double x), (x))                                                           \
	X(double, exp, (double x), (x))                                                            \
	X(double, floor, (double x), (x))                                                          \
	X(double, fmax, (double x, double y), (x, y))                                              \
	X(double, fmin, (double x, double y), (x, y))                                              \
	X(double, fmod, (double x, double y), (x, y))                                              \
	X(long long, llround, (double x), (x))                                                     \
	X(double, log, (double x), (x))                                                            \
	X(double, log10, (double x), (x))                                                          \
	X(double, log1p, (double x), (x))                                                          \
	X(double, log2, (double x), (x))                                                           \
	X(double, pow, (double x, double y), (x, y))                                               \
	X(double, round, (double x), (x))                                                          \
	X(double, sqrt, (double x), (x))

#define ST_LIBM_DECLARE(type, name, params, args) type st_m_##name params;
ST_LIBM_FUNCTIONS(ST_LIBM_DECLARE)
#undef ST_LIBM_DECLARE

#endif
