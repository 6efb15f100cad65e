/*
 * report_bench.c - owns how one benchmark result reads: the text an
 * administrator reads after `stortune bench`, and the JSON whose keys
 * scripts rely on.  Units: latency in microseconds, MB/s in 10^6 bytes.
 */
#include <errno.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "st_json.h"
#include "st_report_bench.h"
#include "st_util.h"

static void size_str(uint64_t b, char *buf, size_t len)
{
	if (b < 1024)
		snprintf(buf, len, "%llu B", (unsigned long long)b);
	else if (b % (1024 * 1024) == 0)
		snprintf(buf, len, "%llu MiB", (unsigned long long)(b >> 20));
	else if (b % 1024 == 0)
		snprintf(buf, len, "%llu KiB", (unsigned long long)(b >> 10));
	else
		st_size_to_human(b, buf, len);
}

/* "4 KiB randread, O_DIRECT, QD32 (io_uring)" */
static void job_describe(const struct st_job *j, char *buf, size_t len)
{
	char bs[32];

	size_str(j->bs, bs, sizeof(bs));
	if (j->rw == ST_RW_APPEND)
		snprintf(buf, len, "%s appends by %u process%s%s%s", bs, j->jobs, j->jobs == 1 ? "" : "es",
			 j->sync != ST_SYNC_NONE ? ", " : "",
			 j->sync != ST_SYNC_NONE ? st_sync_name(j->sync) : "");
	else
		snprintf(buf, len, "%s %s, %s, QD%u (%s)%s%s", bs, st_rw_name(j->rw),
			 j->direct ? "O_DIRECT" : "buffered", j->qd, st_ioengine_name(j->engine),
			 j->sync != ST_SYNC_NONE ? ", " : "", j->sync != ST_SYNC_NONE ? st_sync_name(j->sync) : "");
}

static double us(uint64_t ns)
{
	return (double)ns / 1000.0;
}

/* "180", "1.25", "12.3k"-free: latencies as plain microseconds with up to 3
 * significant decimals for small values */
static void lat_str(uint64_t ns, char *buf, size_t len)
{
	double u = us(ns);

	if (u < 10)
		snprintf(buf, len, "%.2f", u);
	else if (u < 100)
		snprintf(buf, len, "%.1f", u);
	else
		snprintf(buf, len, "%.0f", u);
}

static void mb_str(uint64_t bytes, char *buf, size_t len)
{
	if (bytes == 0)
		snprintf(buf, len, "0 B");
	else if (bytes < 1000000)
		snprintf(buf, len, "%.1f kB", (double)bytes / 1e3);
	else
		snprintf(buf, len, "%.1f MB", (double)bytes / 1e6);
}

int st_report_bench_text(FILE *out, const struct st_bench_result *r)
{
	const struct st_physical *p = &r->phys;
	char desc[160], size[32], a[32], b[32], c[32], d[32], e[32];
	char *devs = r->devices ? st_strv_join(r->devices, ", ") : NULL;

	job_describe(&r->job, desc, sizeof(desc));
	size_str(r->job.size, size, sizeof(size));
	fprintf(out, "%s on %s", r->job.workload, r->target);
	if (devs || r->fstype)
		fprintf(out, " (%s%s%s)", devs ? devs : "", devs && r->fstype ? ", " : "",
			r->fstype ? r->fstype : "");
	fprintf(out, "\n  %s; %.1f s measured after a %.1f s ramp; %s scratch file\n", desc, r->runtime_s,
		r->job.ramp_s, size);
	fprintf(out, "  %-20s %.0f\n", "IOPS", r->iops);
	fprintf(out, "  %-20s %.2f\n", "MB/s", r->mbps);
	lat_str(st_hist_percentile(r->lat, 50), a, sizeof(a));
	lat_str(st_hist_percentile(r->lat, 90), b, sizeof(b));
	lat_str(st_hist_percentile(r->lat, 99), c, sizeof(c));
	lat_str(st_hist_percentile(r->lat, 99.9), d, sizeof(d));
	lat_str(r->lat->max, e, sizeof(e));
	fprintf(out, "  %-20s p50 %s  p90 %s  p99 %s  p99.9 %s  max %s\n", "latency (us)", a, b, c, d, e);
	fprintf(out, "  %-20s %.2f us  (user %.2f, sys %.2f)\n", "CPU per I/O", r->cpu_per_io_us,
		r->ios ? r->cpu_user_s * 1e6 / (double)r->ios : 0, r->ios ? r->cpu_sys_s * 1e6 / (double)r->ios : 0);
	if (r->syncs)
		fprintf(out, "  %-20s %llu\n", st_sync_name(r->job.sync) /* "fsync" */,
			(unsigned long long)r->syncs);
	if (!p->known) {
		fprintf(out, "  %-20s unknown: no /proc/diskstats line for the device under %s\n",
			"physical I/O", r->target);
	} else {
		mb_str(p->read_bytes, a, sizeof(a));
		mb_str(p->write_bytes, b, sizeof(b));
		fprintf(out, "  %-20s read %s in %llu requests, write %s in %llu requests\n", "physical I/O", a,
			(unsigned long long)p->read_ios, b, (unsigned long long)p->write_ios);
		fprintf(out, "  %-20s %llu B\n", "avg request", (unsigned long long)p->avg_request_bytes);
		fprintf(out, "  %-20s %llu\n", "merges", (unsigned long long)p->merges);
		if (p->flushes_known)
			fprintf(out, "  %-20s %llu\n", "flushes", (unsigned long long)p->flushes);
		else
			fprintf(out, "  %-20s unknown (kernel before 5.5)\n", "flushes");
		if (isnan(p->write_amplification))
			fprintf(out, "  %-20s -  (no writes)\n", "write amplification");
		else
			fprintf(out, "  %-20s %.2f  (physical bytes written per byte written)\n",
				"write amplification", p->write_amplification);
	}
	if (r->job.burst && r->dirty_limit) {
		st_size_to_human(r->dirty_limit, a, sizeof(a));
		if (r->job.size <= r->dirty_limit)
			fprintf(out, "  note: the %s file is below the dirty limit (%s): the burst stays in the page "
				"cache and dirty_* settings are not exercised; use --size larger than %s\n",
				size, a, a);
		else
			fprintf(out, "  %-20s %s (the burst file exceeds it)\n", "dirty limit", a);
	}
	free(devs);
	return ferror(out) ? -1 : 0;
}

static struct json_object *num_or_null(double v)
{
	return isnan(v) ? NULL : json_object_new_double(v);
}

/* What the workload asked of the filesystem, against which "physical" is
 * what reached the device: bytes, requests (an I/O and its sync are one)
 * and syncs. */
static struct json_object *logical_object(const struct st_bench_result *r)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "read_bytes", st_json_u64(r->read_bytes));
	json_object_object_add(o, "write_bytes", st_json_u64(r->write_bytes));
	json_object_object_add(o, "ios", st_json_u64(r->ios));
	json_object_object_add(o, "syncs", st_json_u64(r->syncs));
	return o;
}

/* The latency histogram's non-empty buckets, bounds inclusive, in ns: a
 * report draws the distribution from them (report/html.c rebins them). */
static struct json_object *hist_object(const struct st_hist *h)
{
	struct json_object *o = json_object_new_object(), *b = json_object_new_array();

	json_object_object_add(o, "unit", json_object_new_string("ns"));
	json_object_object_add(o, "n", st_json_u64(h->n));
	json_object_object_add(o, "min_ns", st_json_u64(h->n ? h->min : 0));
	json_object_object_add(o, "max_ns", st_json_u64(h->max));
	for (unsigned i = 0; i < ST_HIST_NBUCKETS; i++) {
		struct json_object *e;
		uint64_t lo, hi;

		if (!h->counts[i])
			continue;
		st_hist_bucket_bounds(i, &lo, &hi);
		e = json_object_new_object();
		json_object_object_add(e, "lo_ns", st_json_u64(lo));
		json_object_object_add(e, "hi_ns", st_json_u64(hi));
		json_object_object_add(e, "count", st_json_u64(h->counts[i]));
		json_object_array_add(b, e);
	}
	json_object_object_add(o, "buckets", b);
	return o;
}

static struct json_object *rounded(double v, int decimals)
{
	char buf[64];

	if (!isfinite(v))
		return NULL;
	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	return json_object_new_double_s(v, buf);
}

static struct json_object *series_object(const struct st_bench_result *r)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->nseries; i++) {
		const struct st_bench_sample *p = &r->series[i];
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "t_s", rounded(p->t_s, 3));
		json_object_object_add(e, "iops", rounded(p->iops, 1));
		json_object_object_add(e, "mbps", rounded(p->mbps, 3));
		json_object_object_add(e, "lat_mean_us", rounded(p->lat_mean_us, 2));
		json_object_object_add(e, "lat_p99_us", rounded(p->lat_p99_us, 2));
		json_object_array_add(a, e);
	}
	return a;
}

struct json_object *st_report_bench_object(const struct st_bench_result *r)
{
	const struct st_physical *p = &r->phys;
	struct json_object *o = json_object_new_object(), *lat = json_object_new_object();
	struct json_object *phys = NULL, *devs = json_object_new_array();

	json_object_object_add(o, "workload", json_object_new_string(r->job.workload));
	json_object_object_add(o, "target", json_object_new_string(r->target));
	for (char **d = r->devices; d && *d; d++)
		json_object_array_add(devs, json_object_new_string(*d));
	json_object_object_add(o, "devices", devs);
	json_object_object_add(o, "fstype", st_json_str(r->fstype));
	json_object_object_add(o, "rw", json_object_new_string(st_rw_name(r->job.rw)));
	json_object_object_add(o, "bs", json_object_new_int64((int64_t)r->job.bs));
	json_object_object_add(o, "qd", json_object_new_int((int)r->job.qd));
	json_object_object_add(o, "jobs", json_object_new_int((int)r->job.jobs));
	json_object_object_add(o, "direct", json_object_new_boolean(r->job.direct));
	json_object_object_add(o, "sync", json_object_new_string(st_sync_name(r->job.sync)));
	json_object_object_add(o, "engine", json_object_new_string(st_ioengine_name(r->job.engine)));
	json_object_object_add(o, "size", json_object_new_int64((int64_t)r->job.size));
	json_object_object_add(o, "ramp_s", json_object_new_double(r->job.ramp_s));
	json_object_object_add(o, "runtime_s", json_object_new_double(r->runtime_s));
	json_object_object_add(o, "ios", json_object_new_int64((int64_t)r->ios));
	json_object_object_add(o, "syncs", json_object_new_int64((int64_t)r->syncs));
	json_object_object_add(o, "iops", json_object_new_double(r->iops));
	json_object_object_add(o, "mbps", json_object_new_double(r->mbps));
	json_object_object_add(lat, "p50", json_object_new_double(us(st_hist_percentile(r->lat, 50))));
	json_object_object_add(lat, "p90", json_object_new_double(us(st_hist_percentile(r->lat, 90))));
	json_object_object_add(lat, "p99", json_object_new_double(us(st_hist_percentile(r->lat, 99))));
	json_object_object_add(lat, "p999", json_object_new_double(us(st_hist_percentile(r->lat, 99.9))));
	json_object_object_add(lat, "max", json_object_new_double(us(r->lat->max)));
	json_object_object_add(lat, "mean", json_object_new_double(st_hist_mean(r->lat) / 1000.0));
	json_object_object_add(o, "lat_us", lat);
	json_object_object_add(o, "cpu_user_s", json_object_new_double(r->cpu_user_s));
	json_object_object_add(o, "cpu_sys_s", json_object_new_double(r->cpu_sys_s));
	json_object_object_add(o, "cpu_per_io_us", json_object_new_double(r->cpu_per_io_us));
	if (p->known) {
		phys = json_object_new_object();
		json_object_object_add(phys, "read_bytes", json_object_new_int64((int64_t)p->read_bytes));
		json_object_object_add(phys, "write_bytes", json_object_new_int64((int64_t)p->write_bytes));
		json_object_object_add(phys, "read_ios", json_object_new_int64((int64_t)p->read_ios));
		json_object_object_add(phys, "write_ios", json_object_new_int64((int64_t)p->write_ios));
		json_object_object_add(phys, "write_amplification", num_or_null(p->write_amplification));
		json_object_object_add(phys, "flushes",
				       p->flushes_known ? json_object_new_int64((int64_t)p->flushes) : NULL);
		json_object_object_add(phys, "merges", json_object_new_int64((int64_t)p->merges));
		json_object_object_add(phys, "avg_request_bytes",
				       json_object_new_int64((int64_t)p->avg_request_bytes));
		json_object_object_add(phys, "aqu_sz", json_object_new_double(p->aqu_sz));
		json_object_object_add(phys, "write_bytes_run", json_object_new_int64((int64_t)p->write_bytes_run));
	}
	json_object_object_add(o, "physical", phys);
	json_object_object_add(o, "logical", logical_object(r));
	json_object_object_add(o, "histogram", hist_object(r->lat));
	json_object_object_add(o, "series", series_object(r));
	if (r->job.burst)
		json_object_object_add(o, "dirty_limit_bytes",
				       r->dirty_limit ? json_object_new_int64((int64_t)r->dirty_limit) : NULL);
	return o;
}

int st_report_bench_json(FILE *out, const struct st_bench_result *r)
{
	st_json_write(out, st_report_bench_object(r));
	return ferror(out) ? -1 : 0;
}

#define ST_BENCH_CUSTOM_SUMMARY "--rw --bs --qd --direct --fsync --jobs as given"

int st_report_bench_list(FILE *out)
{
	fprintf(out, "%-18s %s\n", "WORKLOAD", "WHAT IT DOES");
	for (size_t i = 0; i < st_nworkloads; i++)
		fprintf(out, "%-18s %s\n", st_workloads[i].name, st_workloads[i].summary);
	fprintf(out, "%-18s %s\n", "custom", ST_BENCH_CUSTOM_SUMMARY);
	return ferror(out) ? -EIO : 0;
}

void st_report_bench_progress(void *data, double elapsed, double total, double iops)
{
	const char *what = data;
	int width = 30, done = total > 0 ? (int)(elapsed / total * width) : 0;

	if (done > width)
		done = width;
	fprintf(stderr, "\r%s [%.*s%*s] %5.1f/%.1f s  %8.0f IOPS\033[K", what, done,
		"##############################", width - done, "", elapsed, total, iops);
	fflush(stderr);
}

void st_report_bench_progress_end(void)
{
	fputs("\r\033[K", stderr);
	fflush(stderr);
}

int st_report_bench_list_json(FILE *out)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i <= st_nworkloads; i++) {
		struct json_object *o = json_object_new_object();
		bool custom = i == st_nworkloads;

		json_object_object_add(o, "name", st_json_str(custom ? "custom" : st_workloads[i].name));
		json_object_object_add(o, "summary",
				       st_json_str(custom ? ST_BENCH_CUSTOM_SUMMARY : st_workloads[i].summary));
		json_object_array_add(a, o);
	}
	st_json_write(out, a);
	return ferror(out) ? -EIO : 0;
}
