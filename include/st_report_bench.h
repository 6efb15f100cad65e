/*
 * st_report_bench.h - how a benchmark result is shown: text for people and
 * JSON with the stable keys of the bench issue (workload, runtime_s, iops,
 * mbps, lat_us{p50,p90,p99,p999,max}, cpu_per_io_us, physical{read_bytes,
 * write_bytes, write_amplification, flushes, merges, avg_request_bytes}).
 */
#ifndef ST_REPORT_BENCH_H
#define ST_REPORT_BENCH_H

#include <stdio.h>

#include "st_bench.h"

int st_report_bench_text(FILE *out, const struct st_bench_result *r);
int st_report_bench_json(FILE *out, const struct st_bench_result *r);

#endif
