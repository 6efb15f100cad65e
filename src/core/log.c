/*
 * log.c - owns where messages go: stderr by default, a test sink when one is
 * installed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "st_log.h"

static bool debug_on;
static bool quiet;
static st_log_sink_fn sink;
static void *sink_data;

void st_log_init(void)
{
	const char *e = getenv("STORTUNE_DEBUG");

	debug_on = e && *e && *e != '0';
}

bool st_log_debug_enabled(void)
{
	return debug_on;
}

void st_log_set_quiet(bool q)
{
	quiet = q;
}

void st_log_set_sink(st_log_sink_fn fn, void *data)
{
	sink = fn;
	sink_data = data;
}

void st_log(enum st_loglevel level, const char *fmt, ...)
{
	static const char *const prefix[ST_LOG_NR] = {
		[ST_LOG_DEBUG] = "debug: ",
		[ST_LOG_WARN] = "warning: ",
		[ST_LOG_ERR] = "",
	};
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	if (sink) {
		sink(level, msg, sink_data);
		return;
	}
	if (level == ST_LOG_WARN && quiet)
		return;
	fprintf(stderr, "stortune: %s%s\n", prefix[level], msg);
}
