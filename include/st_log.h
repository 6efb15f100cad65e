/*
 * st_log.h - user-facing messages and debug tracing.
 *
 * Every message starts with "stortune: ".  Warnings say "warning: " and name
 * the thing (file, device, knob).  Debug lines are printed only when the
 * STORTUNE_DEBUG environment variable is set (STYLE.md 11).  Tests install a
 * sink to capture messages instead of parsing stderr.
 */
#ifndef ST_LOG_H
#define ST_LOG_H

#include "stortune.h"

enum st_loglevel {
	ST_LOG_DEBUG,
	ST_LOG_WARN,
	ST_LOG_ERR,
	ST_LOG_NR
};

typedef void (*st_log_sink_fn)(enum st_loglevel level, const char *msg, void *data);

void st_log_init(void);
bool st_log_debug_enabled(void);
void st_log_set_quiet(bool quiet);
void st_log_set_sink(st_log_sink_fn fn, void *data);

void st_log(enum st_loglevel level, const char *fmt, ...) ST_PRINTF(2, 3);

#define st_debug(...)                                                                              \
	do {                                                                                       \
		if (st_log_debug_enabled())                                                        \
			st_log(ST_LOG_DEBUG, __VA_ARGS__);                                         \
	} while (0)
#define st_warn(...) st_log(ST_LOG_WARN, __VA_ARGS__)
#define st_err(...) st_log(ST_LOG_ERR, __VA_ARGS__)

#endif
