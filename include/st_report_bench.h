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
/* The object st_report_bench_json prints (the caller's reference): also
 * what an HTML report is drawn from.  Besides the keys above: logical{},
 * histogram{unit, n, min_ns, max_ns, buckets[{lo_ns, hi_ns, count}]} and
 * series[{t_s, iops, mbps, lat_mean_us, lat_p99_us}]. */
struct json_object *st_report_bench_object(const struct st_bench_result *r);

/* `stortune bench list`: the named workloads and custom. */
int st_report_bench_list(FILE *out);
int st_report_bench_list_json(FILE *out);

/* A st_bench_progress_fn drawing a bar on stderr; data is the label.
 * st_report_bench_progress_end() erases it. */
void st_report_bench_progress(void *data, double elapsed_s, double total_s, double iops);
void st_report_bench_progress_end(void);

#endif
