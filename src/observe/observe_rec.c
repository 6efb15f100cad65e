/*
 * observe_rec.c - owns observe's recordings: a topology and a sequence of
 * samples as text (format in st_observe.h), written by `observe --record`
 * and read by `observe --replay` and the tests.  The diskstats lines are
 * the kernel's own layout, parsed by diskstats.c like the live file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "st_log.h"
#include "st_observe.h"
#include "st_util.h"

#define REC_MAGIC "stortune-observe-recording"
#define REC_VERSION 1
/* A day at 1 s of a 100-device machine is about 1 GB (lines of 70 to 150
 * bytes); replay holds every sample in memory, so no more than this. */
#define REC_MAX_BYTES (1024 * 1024 * 1024)

/* The model's names (st_kind_name, st_class_name), read back. */
static int kind_from(const char *s, enum st_kind *k)
{
	for (size_t i = 0; i < ST_KIND_NR; i++)
		if (strcmp(s, st_kind_name((enum st_kind)i)) == 0) {
			*k = (enum st_kind)i;
			return 0;
		}
	return -EINVAL;
}

static int class_from(const char *s, enum st_class *c)
{
	for (size_t i = 0; i < ST_CLASS_NR; i++)
		if (strcmp(s, st_class_name((enum st_class)i)) == 0) {
			*c = (enum st_class)i;
			return 0;
		}
	return -EINVAL;
}

/* Splits a line (NUL-terminated copy) on blanks, at most max words. */
static size_t words(char *line, char **w, size_t max)
{
	size_t n = 0;

	for (char *tok = strtok(line, " \t"); tok; tok = strtok(NULL, " \t"))
		if (n < max)
			w[n++] = tok;
		else
			return max + 1;
	return n;
}

static int bad(const char *file, unsigned line, const char *what)
{
	st_warn("%s:%u: %s", file, line, what);
	return -EINVAL;
}

/* dev NAME MAJ:MIN KIND CLASS [disk=PARENT] [slaves=A,B] [write-through] */
static int parse_dev(struct st_obs_recording *r, char *line, const char *file, unsigned ln)
{
	char *w[10];
	size_t n = words(line, w, 9);
	unsigned maj, min;
	char tail;
	struct st_obs_dev *d;

	if (n < 5 || n > 9)
		return bad(file, ln, "expected: dev NAME MAJ:MIN KIND CLASS [disk=DISK] [slaves=A,B] "
				     "[backing=DEV] [write-through]");
	if (sscanf(w[2], "%u:%u%c", &maj, &min, &tail) != 2)
		return bad(file, ln, "MAJ:MIN is not two numbers like 8:0");
	if (st_obs_topo_find(&r->topo, w[1]))
		return bad(file, ln, "device declared twice");
	d = st_obs_topo_add(&r->topo, w[1], maj, min);
	if (kind_from(w[3], &d->kind) < 0)
		return bad(file, ln, "KIND is not one of disk part md dm loop rom zram");
	if (class_from(w[4], &d->class) < 0)
		return bad(file, ln, "CLASS is not one of nvme ssd hdd virtual network loop zram md dm "
				     "rom unknown");
	for (size_t i = 5; i < n; i++) {
		if (strncmp(w[i], "disk=", 5) == 0 && w[i][5] && !d->disk) {
			d->disk = st_xstrdup(w[i] + 5);
		} else if (strncmp(w[i], "slaves=", 7) == 0 && w[i][7] && !d->slaves) {
			for (char *s = strtok(w[i] + 7, ","); s; s = strtok(NULL, ","))
				st_strv_push(&d->slaves, s);
		} else if (strncmp(w[i], "backing=", 8) == 0 && w[i][8] && !d->backing) {
			d->backing = st_xstrdup(w[i] + 8);
		} else if (strcmp(w[i], "write-through") == 0) {
			d->write_through = true;
		} else {
			char msg[160];

			snprintf(msg, sizeof(msg), "unknown or repeated attribute \"%.40s\"", w[i]);
			return bad(file, ln, msg);
		}
	}
	return 0;
}

static int parse_u64_words(char *line, uint64_t *a, uint64_t *b)
{
	char *w[4];

	if (words(line, w, 3) != 3)
		return -EINVAL;
	if (st_parse_u64(w[1], a) < 0 || st_parse_u64(w[2], b) < 0)
		return -EINVAL;
	return 0;
}

/* Diskstats lines start with the major number; nothing else here does. */
static bool is_diskstats_line(const char *t)
{
	return *t >= '0' && *t <= '9';
}

/* Ends the current sample: parses the diskstats lines gathered for it. */
static int close_sample(struct st_obs_recording *r, const char *text, size_t from, size_t to,
			unsigned first_line, const char *file)
{
	struct st_obs_sample *s = &r->samples[r->n - 1];

	if (to <= from)
		return 0;
	return st_diskstats_parse_at(text + from, to - from, file, first_line, &s->ds);
}

int st_obs_recording_parse(const char *text, size_t len, const char *file, struct st_obs_recording *r)
{
	size_t pos = 0, ds_from = 0, ds_to = 0;
	unsigned ln = 0, ds_line = 0;
	bool magic = false, in_ds = false;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	while (pos < len && rc == 0) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		char *line = st_xstrndup(text + pos, end - pos);
		char *t = line + strspn(line, " \t");

		ln++;
		if (in_ds && !is_diskstats_line(t)) {
			/* the sample's diskstats lines end here */
			rc = close_sample(r, text, ds_from, ds_to, ds_line, file);
			in_ds = false;
			if (rc < 0) {
				free(line);
				break;
			}
		}
		if (*t == '#' || *t == '\0') {
			/* comments and blank lines end nothing */
		} else if (!magic) {
			unsigned ver;
			char tail;

			if (sscanf(t, REC_MAGIC " %u%c", &ver, &tail) != 1)
				rc = bad(file, ln, "not a recording: the first line must be \"" REC_MAGIC
						   " 1\"");
			else if (ver != REC_VERSION)
				rc = bad(file, ln, "recording version not understood (this stortune reads "
						   "version 1)");
			magic = true;
		} else if (strncmp(t, "dev ", 4) == 0 || strncmp(t, "dev\t", 4) == 0) {
			if (r->n)
				rc = bad(file, ln, "dev lines belong before the first sample (@)");
			else
				rc = parse_dev(r, t, file, ln);
		} else if (t[0] == '@') {
			char *e;
			double sec;

			sec = strtod(t + 1, &e);
			if (rc == 0 && (e == t + 1 || *(e + strspn(e, " \t")) != '\0' || !(sec >= 0)))
				rc = bad(file, ln, "expected: @ SECONDS");
			if (rc == 0 && r->n && !(sec > r->samples[r->n - 1].t))
				rc = bad(file, ln, "sample time is not after the previous sample's");
			if (rc == 0) {
				r->samples = st_xrealloc(r->samples, (r->n + 1) * sizeof(*r->samples));
				memset(&r->samples[r->n], 0, sizeof(*r->samples));
				r->samples[r->n++].t = sec;
			}
		} else if (!r->n) {
			rc = bad(file, ln, "expected a dev line or the first sample (@ SECONDS)");
		} else if (strncmp(t, "psi ", 4) == 0) {
			struct st_obs_sample *s = &r->samples[r->n - 1];

			if (parse_u64_words(t, &s->psi_some_us, &s->psi_full_us) < 0)
				rc = bad(file, ln, "expected: psi SOME_TOTAL_US FULL_TOTAL_US");
			s->has_psi = rc == 0;
		} else if (strncmp(t, "vm ", 3) == 0) {
			struct st_obs_sample *s = &r->samples[r->n - 1];

			if (parse_u64_words(t, &s->dirty_kb, &s->writeback_kb) < 0)
				rc = bad(file, ln, "expected: vm DIRTY_KB WRITEBACK_KB");
			s->has_vm = rc == 0;
		} else if (!is_diskstats_line(t)) {
			rc = bad(file, ln, "expected psi, vm, @ or a diskstats line");
		} else {
			/* a diskstats line: gathered, parsed as one block */
			if (!in_ds) {
				if (r->samples[r->n - 1].ds.n)
					rc = bad(file, ln, "diskstats lines of one sample must be together");
				ds_from = pos;
				ds_line = ln;
				in_ds = true;
			}
			ds_to = nl ? end + 1 : end;
		}
		free(line);
		pos = nl ? end + 1 : len;
	}
	if (rc == 0 && in_ds)
		rc = close_sample(r, text, ds_from, ds_to, ds_line, file);
	if (rc == 0 && !magic)
		rc = bad(file, ln ? ln : 1, "empty: not a recording");
	if (rc < 0) {
		st_obs_recording_free(r);
		return -EINVAL;
	}
	st_obs_topo_finish(&r->topo);
	return 0;
}

int st_obs_recording_load(const char *path, struct st_obs_recording *r)
{
	const char *why = "";
	char *text = NULL;
	size_t len = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = st_read_file(path, REC_MAX_BYTES, &text, &len, &why);
	if (rc == -EFBIG)
		st_err("%s: larger than %d MiB; replay a part of it", path, REC_MAX_BYTES >> 20);
	else if (rc == -EINVAL)
		st_err("%s: not a regular file", path);
	else if (rc < 0)
		st_err("%s: %s", path, strerror(-rc));
	else if (memchr(text, '\0', len)) {
		rc = -EINVAL;
		st_err("%s: binary data, not a recording", path);
	} else {
		rc = st_obs_recording_parse(text, len, path, r);
	}
	free(text);
	return rc;
}

void st_obs_recording_free(struct st_obs_recording *r)
{
	if (!r)
		return;
	st_obs_topo_free(&r->topo);
	for (size_t i = 0; i < r->n; i++)
		st_obs_sample_free(&r->samples[i]);
	free(r->samples);
	memset(r, 0, sizeof(*r));
}

void st_obs_recording_write_topo(FILE *out, const struct st_obs_topo *t)
{
	fprintf(out, REC_MAGIC " %d\n", REC_VERSION);
	for (size_t i = 0; i < t->n; i++) {
		const struct st_obs_dev *d = &t->v[i];

		fprintf(out, "dev %s %u:%u %s %s", d->name, d->maj, d->min,
			d->kind < ST_KIND_NR ? st_kind_name(d->kind) : "disk", st_class_name(d->class));
		if (d->disk)
			fprintf(out, " disk=%s", d->disk);
		if (d->slaves) {
			char *s = st_strv_join(d->slaves, ",");

			fprintf(out, " slaves=%s", s);
			free(s);
		}
		if (d->backing)
			fprintf(out, " backing=%s", d->backing);
		if (d->write_through)
			fputs(" write-through", out);
		fputc('\n', out);
	}
}

void st_obs_recording_write_sample(FILE *out, const struct st_obs_sample *s, const struct st_obs_topo *t)
{
	fprintf(out, "@ %.6f\n", s->t);
	if (s->has_psi)
		fprintf(out, "psi %llu %llu\n", (unsigned long long)s->psi_some_us,
			(unsigned long long)s->psi_full_us);
	if (s->has_vm)
		fprintf(out, "vm %llu %llu\n", (unsigned long long)s->dirty_kb,
			(unsigned long long)s->writeback_kb);
	for (size_t i = 0; i < s->ds.n; i++)
		if (!t || st_obs_topo_find(t, s->ds.v[i].name))
			st_dstat_print(out, &s->ds.v[i]);
}
