/*
 * diskstats.c - owns /proc/diskstats: reading it through the rooted path
 * context, parsing every kernel's layout (7, 14, 18 or 20 fields a line;
 * see st_diskstats.h) into one snapshot, and the counter arithmetic between
 * two snapshots, wraps and resets included.  Turning deltas into rates is
 * left to the callers, who know the interval.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "st_diskstats.h"
#include "st_log.h"
#include "st_util.h"

/* The longest line the kernel prints: 20 fields, 5.5+. */
#define DS_MAX_FIELDS 20
/* Fields before the stats: major, minor, name. */
#define DS_HEAD_FIELDS 3
/* How much of a bad value a message quotes, in characters. */
#define DS_QUOTE_MAX 32

/* A stats field: where it goes and what iostats.rst calls it. */
struct ds_field {
	size_t off; /* of a uint64_t in struct st_dstat */
	const char *what;
};

#define DS_FIELD(member, what) { offsetof(struct st_dstat, member), what }

/* Fields 4 to 20 of the 14-, 18- and 20-field layouts, in file order. */
static const struct ds_field full_fields[] = {
	DS_FIELD(rd_ios, "reads completed"),
	DS_FIELD(rd_merges, "reads merged"),
	DS_FIELD(rd_sectors, "sectors read"),
	DS_FIELD(rd_ms, "ms reading"),
	DS_FIELD(wr_ios, "writes completed"),
	DS_FIELD(wr_merges, "writes merged"),
	DS_FIELD(wr_sectors, "sectors written"),
	DS_FIELD(wr_ms, "ms writing"),
	DS_FIELD(in_flight, "I/Os in progress"),
	DS_FIELD(io_ms, "ms doing I/O"),
	DS_FIELD(weighted_ms, "weighted ms doing I/O"),
	DS_FIELD(dc_ios, "discards completed"),
	DS_FIELD(dc_merges, "discards merged"),
	DS_FIELD(dc_sectors, "sectors discarded"),
	DS_FIELD(dc_ms, "ms discarding"),
	DS_FIELD(fl_ios, "flush requests completed"),
	DS_FIELD(fl_ms, "ms flushing"),
};

/* Fields 4 to 7 of a 2.6 partition line.  2.6 counted partition I/O as it
 * was issued, not completed, and kept neither merges nor times for it. */
static const struct ds_field part26_fields[] = {
	DS_FIELD(rd_ios, "reads issued"),
	DS_FIELD(rd_sectors, "sectors read"),
	DS_FIELD(wr_ios, "writes issued"),
	DS_FIELD(wr_sectors, "sectors written"),
};

/* The layouts by field count; the 18- and 20-field ones extend the 14. */
static const struct ds_layout {
	unsigned nfields;
	const struct ds_field *stats;
} layouts[] = {
	{ 7, part26_fields },
	{ 14, full_fields },
	{ 18, full_fields },
	{ 20, full_fields },
};

struct ds_tok {
	const char *p;
	size_t len;
};

static uint64_t *field_ptr(struct st_dstat *d, const struct ds_field *f)
{
	return (uint64_t *)(void *)((char *)d + f->off);
}

static const uint64_t *field_cptr(const struct st_dstat *d, const struct ds_field *f)
{
	return (const uint64_t *)(const void *)((const char *)d + f->off);
}

/*
 * Splits [p, eol) on blanks into f[0..DS_MAX_FIELDS) and returns how many
 * fields the line has, all of them counted so that a message can say how
 * many; -EINVAL if a control byte says this is not text.
 */
static int split(const char *p, const char *eol, struct ds_tok *f)
{
	int n = 0;

	while (p < eol) {
		const char *s;

		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		if (p == eol)
			break;
		for (s = p; p < eol && *p != ' ' && *p != '\t'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return -EINVAL;
		if (n < DS_MAX_FIELDS)
			f[n] = (struct ds_tok){ s, (size_t)(p - s) };
		n++;
	}
	return n;
}

/*
 * A number as the kernel prints it ("%lu", "%u"): decimal digits and
 * nothing else.  strtoull would take a sign (and negate "-1" into
 * 2^64 - 1) or leading blanks, so the digits are checked first and
 * st_parse_u64 only does the overflow check.  -EDOM for a negative number.
 */
static int tok_u64(const struct ds_tok *t, uint64_t *v)
{
	char buf[24]; /* UINT64_MAX has 20 digits */
	size_t i = t->p[0] == '-';

	if (i == t->len)
		return -EINVAL;
	for (; i < t->len; i++)
		if (!isdigit((unsigned char)t->p[i]))
			return -EINVAL;
	if (t->p[0] == '-')
		return -EDOM;
	if (t->len >= sizeof(buf))
		return -ERANGE; /* the kernel pads with no zeros */
	memcpy(buf, t->p, t->len);
	buf[t->len] = '\0';
	return st_parse_u64(buf, v);
}

static int bad_field(const char *file, unsigned line, unsigned col, const char *what,
		     const struct ds_tok *t, int err)
{
	const char *why = "not a number";

	if (err == -EDOM)
		why = "negative";
	else if (err == -ERANGE)
		why = "out of range";

	st_warn("%s:%u: field %u (%s): %s: \"%.*s%s\"", file, line, col, what, why,
		(int)(t->len > DS_QUOTE_MAX ? DS_QUOTE_MAX : t->len), t->p,
		t->len > DS_QUOTE_MAX ? "..." : "");
	return -EINVAL;
}

static int parse_devno(const char *file, unsigned line, unsigned col, const struct ds_tok *t,
		       unsigned *out)
{
	uint64_t v;
	int rc = tok_u64(t, &v);

	if (rc == 0 && v > UINT_MAX)
		rc = -ERANGE;
	if (rc < 0)
		return bad_field(file, line, col, col == 1 ? "major" : "minor", t, rc);
	*out = (unsigned)v;
	return 0;
}

/* One line into *d: 0, -ENODATA for a blank line, or -EINVAL, said. */
static int parse_line(const char *file, unsigned line, const char *p, const char *eol,
		      struct st_dstat *d)
{
	struct ds_tok f[DS_MAX_FIELDS];
	const struct ds_layout *lay = NULL;
	int n = split(p, eol, f);

	if (n == 0)
		return -ENODATA;
	if (n < 0) {
		st_warn("%s:%u: binary data", file, line);
		return -EINVAL;
	}
	for (size_t i = 0; i < ST_ARRAY_SIZE(layouts); i++)
		if (layouts[i].nfields == (unsigned)n)
			lay = &layouts[i];
	if (!lay) {
		st_warn("%s:%u: %d fields; expected 7, 14, 18 or 20", file, line, n);
		return -EINVAL;
	}
	memset(d, 0, sizeof(*d));
	if (parse_devno(file, line, 1, &f[0], &d->major) < 0 ||
	    parse_devno(file, line, 2, &f[1], &d->minor) < 0)
		return -EINVAL;
	if (f[2].len >= sizeof(d->name)) {
		st_warn("%s:%u: device name of %zu characters, at most %zu: \"%.*s...\"", file,
			line, f[2].len, sizeof(d->name) - 1, DS_QUOTE_MAX, f[2].p);
		return -EINVAL;
	}
	memcpy(d->name, f[2].p, f[2].len);
	d->nstats = lay->nfields - DS_HEAD_FIELDS;
	for (unsigned i = 0; i < d->nstats; i++) {
		const struct ds_tok *t = &f[DS_HEAD_FIELDS + i];
		int rc = tok_u64(t, field_ptr(d, &lay->stats[i]));

		if (rc < 0)
			return bad_field(file, line, DS_HEAD_FIELDS + i + 1, lay->stats[i].what, t,
					 rc);
	}
	return 0;
}

int st_diskstats_parse(const char *text, size_t len, const char *file, struct st_diskstats *out)
{
	return st_diskstats_parse_at(text, len, file, 1, out);
}

int st_diskstats_parse_at(const char *text, size_t len, const char *file, unsigned first_line,
			  struct st_diskstats *out)
{
	const char *p, *eol, *end = text + len;
	struct st_dstat *v;
	size_t n = 0, cap = 1;
	unsigned line = first_line - 1;

	out->v = NULL;
	out->n = 0;
	if (!len)
		return 0;
	/* one allocation: at most a device a line */
	for (p = text; (eol = memchr(p, '\n', (size_t)(end - p))); p = eol + 1)
		cap++;
	v = st_xcalloc(cap, sizeof(*v));
	for (p = text;; p = eol + 1) {
		int rc;

		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end; /* last line without its newline */
		rc = parse_line(file, ++line, p, eol, &v[n]);
		if (rc < 0 && rc != -ENODATA) {
			free(v);
			return rc;
		}
		if (rc == 0)
			n++;
		if (eol == end)
			break;
	}
	if (!n) {
		free(v);
		v = NULL;
	}
	out->v = v;
	out->n = n;
	return 0;
}

int st_diskstats_read(struct st_path *pc, struct st_diskstats *out)
{
	static const char rel[] = "proc/diskstats";
	char *text = NULL, *disp;
	size_t len = 0;
	int rc;

	out->v = NULL;
	out->n = 0;
	rc = st_path_read_rawf(pc, &text, &len, "%s", rel);
	if (rc < 0)
		return rc;
	disp = st_path_display(pc, rel);
	rc = st_diskstats_parse(text, len, disp, out);
	free(disp);
	free(text);
	return rc;
}

const struct st_dstat *st_diskstats_find(const struct st_diskstats *s, const char *name)
{
	for (size_t i = 0; s && name && i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	return NULL;
}

const struct st_dstat *st_diskstats_find_dev(const struct st_diskstats *s, unsigned major,
					     unsigned minor)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (s->v[i].major == major && s->v[i].minor == minor)
			return &s->v[i];
	return NULL;
}

void st_dstat_print(FILE *out, const struct st_dstat *d)
{
	const struct ds_field *stats = d->nstats == 4 ? part26_fields : full_fields;

	fprintf(out, "%4u %7u %s", d->major, d->minor, d->name);
	for (unsigned i = 0; i < d->nstats && i < ST_ARRAY_SIZE(full_fields); i++)
		fprintf(out, " %llu", (unsigned long long)*field_cptr(d, &stats[i]));
	fputc('\n', out);
}

void st_diskstats_free(struct st_diskstats *s)
{
	if (!s)
		return;
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/*
 * A counter that went backwards either wrapped or restarted:
 * - The kernel keeps ios, merges and sectors in unsigned long, 32 bits on
 *   32-bit kernels, and prints every ms field with "%u" (a u64 of
 *   nanoseconds, divided and cast to unsigned int), so on every kernel
 *   rd_ms, wr_ms and weighted_ms wrap at 2^32 ms: 49.7 days of summed
 *   request time, a few days on a busy array.  If the earlier value fits in
 *   32 bits, a wrap is the likely story; sysstat's ll_sp_value() in
 *   common.c makes the same test.
 * - A larger earlier value cannot have wrapped at 32 bits, and 64 bits do
 *   not wrap in a machine's life: the device was deleted and made again
 *   under its name (a loop or dm device) and counts from 0, so b's value is
 *   what it did since.
 * A re-made device whose old counters were small is indistinguishable from
 * a wrap; the caller sees true and can discard the sample.
 */
static uint64_t counter_delta(uint64_t a, uint64_t b, bool *wrapped)
{
	if (b >= a)
		return b - a;
	*wrapped = true;
	if (a <= UINT32_MAX)
		return b + (UINT64_C(1) << 32) - a; /* b < a < 2^32: no overflow */
	return b;
}

void st_dstat_add(struct st_dstat *sum, const struct st_dstat *d)
{
	for (size_t i = 0; i < ST_ARRAY_SIZE(full_fields); i++) {
		const struct ds_field *f = &full_fields[i];

		if (f->off != offsetof(struct st_dstat, in_flight))
			*field_ptr(sum, f) += *field_cptr(d, f);
	}
	if (!sum->nstats || d->nstats < sum->nstats)
		sum->nstats = d->nstats;
}

bool st_dstat_sub(const struct st_dstat *a, const struct st_dstat *b, struct st_dstat *d)
{
	/* other numbers under the same name: another device, counting from 0 */
	bool remade = a->major != b->major || a->minor != b->minor;
	bool wrapped = remade;
	struct st_dstat r = *b; /* identity and in_flight; d may be a or b */

	r.nstats = a->nstats < b->nstats ? a->nstats : b->nstats;
	for (size_t i = 0; i < ST_ARRAY_SIZE(full_fields) && !remade; i++) {
		const struct ds_field *f = &full_fields[i];

		if (f->off != offsetof(struct st_dstat, in_flight))
			*field_ptr(&r, f) = counter_delta(*field_cptr(a, f), *field_cptr(b, f),
							  &wrapped);
	}
	*d = r;
	return wrapped;
}
