/*
 * probe_cache.c - owns the layers that change where a device's I/O really
 * goes: block caches (bcache, LVM dm-cache) with their cached, backing and
 * cache devices, the cache mode and the dirty data; dm-crypt mappings, with
 * whether they pass discards and what etc/crypttab asks of them; and the
 * device that holds a loop device's backing file.  It runs after the stack
 * and mount probes, whose links and mounts it reads.
 *
 * bcache: Documentation/admin-guide/bcache.rst.  The backing device has a
 * bcache/ directory with cache_mode, dirty_data and state; bcacheN/bcache is
 * a link to it; the cache device's bcache/ has a "set" link.  dm-cache keeps
 * its mode in the table, not in sysfs: the probe recognises an LVM cache
 * volume by its sub-volumes' names (lvmcache(7): LV_corig, POOL_cdata,
 * POOL_cmeta) and leaves the mode unknown.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "st_attr.h"
#include "st_log.h"
#include "st_probe.h"
#include "st_util.h"

/* Stacks are a few layers deep; a loop in sysfs links is garbage. */
#define MAX_DEPTH 16

static struct st_cache *cache_new(struct st_device *dev, const char *type, const char *role)
{
	struct st_cache *c = st_xcalloc(1, sizeof(*c));

	st_attr_init(&st_cache_attrs, c);
	c->type = st_xstrdup(type);
	c->role = st_xstrdup(role);
	dev->cache = c;
	return c;
}

/* "writethrough [writeback] writearound none": the bracketed word. */
static char *bracketed(const char *s)
{
	const char *a = strchr(s, '['), *b = a ? strchr(a, ']') : NULL;

	return a && b && b > a + 1 ? st_xstrndup(a + 1, (size_t)(b - a - 1)) : NULL;
}

/*
 * bcache prints sizes with bch_hprint(): an integer, one decimal and a
 * 1024-based unit ("3.2G", "0.0k", "512"); the decimal is tenths of the unit.
 * Returns bytes, or ST_UNKNOWN.
 */
static uint64_t parse_hprint(const char *s)
{
	static const char units[] = "kMGTPE";
	uint64_t whole = 0, tenths = 0, mult = 1;
	const char *p = s, *u;

	if (*p < '0' || *p > '9')
		return ST_UNKNOWN;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > UINT64_MAX / 100)
			return ST_UNKNOWN;
		whole = whole * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
		tenths = (uint64_t)(p[1] - '0');
		p += 2;
	}
	if (*p && (u = strchr(units, *p))) {
		for (long i = 0; i <= u - units; i++)
			mult *= 1024;
		p++;
	}
	if (*p)
		return ST_UNKNOWN;
	if (whole * 10 + tenths > UINT64_MAX / mult)
		return ST_UNKNOWN;
	/* the decimal is a rounded tenth: keep whole units of the next smaller
	 * unit ("3.2G" is 3276 MiB), which is all the text says */
	if (mult >= 1024 * 1024)
		return (whole * 10 + tenths) * 1024 / 10 * (mult / 1024);
	return (whole * 10 + tenths) * mult / 10;
}

/* What bcache/ (a directory of the backing device, or bcacheN's link to
 * it) says of the cache mode and the data not yet written back. */
static void read_bcache_state(struct st_probe_ctx *ctx, struct st_device *dev, struct st_cache *c)
{
	char *s = NULL;

	st_probe_str(ctx, &s, "%s/bcache/cache_mode", dev->sysdir);
	if (s && !(c->mode = bracketed(s))) {
		char *rel = st_xasprintf("%s/bcache/cache_mode", dev->sysdir);

		st_path_warn_value(ctx->pc, rel, "expected a bracketed mode, found \"%.40s\"", s);
		free(rel);
	}
	free(s);
	s = NULL;
	st_probe_str(ctx, &c->state, "%s/bcache/state", dev->sysdir);
	st_probe_str(ctx, &s, "%s/bcache/dirty_data", dev->sysdir);
	if (s && (c->dirty = parse_hprint(s)) == ST_UNKNOWN) {
		char *rel = st_xasprintf("%s/bcache/dirty_data", dev->sysdir);

		st_path_warn_value(ctx->pc, rel, "expected a size such as 1.5G, found \"%.40s\"", s);
		free(rel);
	}
	free(s);
}

/* The bcache role of dev from its bcache/ directory: its own directory with
 * cache_mode (backing), a link to another device's (the bcacheN device), or
 * one with a "set" link (a cache device). */
static void bcache_device(struct st_probe_ctx *ctx, struct st_device *dev)
{
	char *canon = NULL, *own;
	struct st_cache *c;

	if (st_path_resolvef(ctx->pc, &canon, "%s/bcache", dev->sysdir) < 0)
		return;
	own = st_xasprintf("%s/bcache", dev->sysdir);
	if (st_path_existsf(ctx->pc, "%s/bcache/set", dev->sysdir) == 0) {
		cache_new(dev, "bcache", "cache");
	} else if (st_path_existsf(ctx->pc, "%s/bcache/cache_mode", dev->sysdir) == 0) {
		c = cache_new(dev, "bcache", strcmp(canon, own) == 0 ? "backing" : "cached");
		read_bcache_state(ctx, dev, c);
	} else {
		st_debug("%s: bcache/ without cache_mode or set; not a cache device", dev->kname);
	}
	free(own);
	free(canon);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = s ? strlen(s) : 0, t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* lvmcache(7): the origin is LV_corig, the pool's parts POOL_cdata and
 * POOL_cmeta (a cache volume's: NAME_cvol, whose dm names end -cdata and
 * -cmeta).  dm escapes '-' in names as "--", which leaves the endings. */
static const char *dmcache_role(const struct st_device *dev)
{
	const char *n = dev->dm ? dev->dm->name : NULL;

	if (ends_with(n, "_corig"))
		return "backing";
	if (ends_with(n, "_cdata") || ends_with(n, "_cmeta") || ends_with(n, "-cdata") ||
	    ends_with(n, "-cmeta"))
		return "cache";
	return NULL;
}

static void crypt_device(struct st_device *dev)
{
	struct st_crypt *c;
	const struct st_queue *q = st_device_queue(dev);

	if (!dev->dm || !st_streq(dev->dm->subsystem, "crypt"))
		return;
	c = st_xcalloc(1, sizeof(*c));
	st_attr_init(&st_crypt_attrs, c);
	c->name = st_xstrdup(dev->dm->name ? dev->dm->name : dev->kname);
	if (q->discard_max_bytes != ST_UNKNOWN)
		c->discard = q->discard_max_bytes > 0;
	dev->crypt = c;
}

static int cache_device(struct st_probe_ctx *ctx, struct st_device *dev)
{
	const char *role;

	if (dev->kind == ST_KIND_DM) {
		if ((role = dmcache_role(dev)))
			cache_new(dev, "dm-cache", role);
		crypt_device(dev);
	} else {
		bcache_device(ctx, dev);
	}
	return 0;
}

/* Does the device survive the loss of one disk under it?  md levels with
 * redundancy, or an LVM raid/mirror LV (its _rimage_/_mimage_ sub-volumes),
 * or a stack whose every slave is redundant.  A plain disk is not: a
 * hardware RAID volume cannot be told apart here. */
static int redundant(const struct st_device *d, int depth)
{
	static const char *const levels[] = { "raid1", "raid4", "raid5", "raid6", "raid10" };
	bool all = true;

	if (depth > MAX_DEPTH)
		return ST_TRI_UNKNOWN;
	if (d->kind == ST_KIND_PART && d->disk)
		return redundant(d->disk, depth + 1);
	if (d->kind == ST_KIND_MD) {
		for (size_t i = 0; i < ST_ARRAY_SIZE(levels); i++)
			if (st_streq(d->type, levels[i]))
				return 1;
		return 0;
	}
	for (size_t i = 0; i < d->slaves.n; i++) {
		const char *n = d->slaves.v[i]->dm ? d->slaves.v[i]->dm->name : NULL;

		if (n && (strstr(n, "_rimage_") || strstr(n, "_mimage_")))
			return 1;
		if (redundant(d->slaves.v[i], depth + 1) != 1)
			all = false;
	}
	return d->slaves.n && all;
}

static void set_name(char **dst, const char *kname)
{
	char *s;

	if (!*dst) {
		*dst = st_xstrdup(kname);
		return;
	}
	s = st_xasprintf("%s %s", *dst, kname);
	free(*dst);
	*dst = s;
}

/* Copies what the cached device knows to its backing and cache devices,
 * and names each role's devices in all of them. */
static void share_cache(struct st_device *top)
{
	struct st_cache *c = top->cache;
	int red = ST_TRI_UNKNOWN;

	for (size_t i = 0; i < top->slaves.n; i++) {
		struct st_device *s = top->slaves.v[i];

		if (!s->cache || !st_streq(s->cache->type, c->type))
			continue;
		if (st_streq(s->cache->role, "backing")) {
			set_name(&c->backing, s->name);
		} else if (st_streq(s->cache->role, "cache")) {
			int r = redundant(s, 0);

			set_name(&c->cache_dev, s->name);
			red = red == ST_TRI_UNKNOWN || red == 1 ? r : red;
		}
	}
	c->redundant = c->cache_dev ? red : ST_TRI_UNKNOWN;
	c->cached = st_xstrdup(top->name);
	for (size_t i = 0; i < top->slaves.n; i++) {
		struct st_cache *s = top->slaves.v[i]->cache;

		char *role;

		if (!s || !st_streq(s->type, c->type) || st_streq(s->role, "cached"))
			continue;
		role = s->role;
		s->role = NULL;
		st_attr_clear(&st_cache_attrs, s);
		s->type = st_xstrdup(c->type);
		s->role = role;
		s->mode = c->mode ? st_xstrdup(c->mode) : NULL;
		s->state = c->state ? st_xstrdup(c->state) : NULL;
		s->dirty = c->dirty;
		s->redundant = c->redundant;
		s->cached = st_xstrdup(c->cached);
		s->backing = c->backing ? st_xstrdup(c->backing) : NULL;
		s->cache_dev = c->cache_dev ? st_xstrdup(c->cache_dev) : NULL;
	}
}

/* The dm device built on an LVM cache origin is the cached volume. */
static void mark_dmcache_tops(struct st_system *sys)
{
	for (size_t i = 0; i < sys->devices.n; i++) {
		struct st_device *d = sys->devices.v[i];

		if (!d->cache || !st_streq(d->cache->type, "dm-cache") ||
		    !st_streq(d->cache->role, "backing"))
			continue;
		for (size_t h = 0; h < d->holders.n; h++)
			if (d->holders.v[h]->kind == ST_KIND_DM && !d->holders.v[h]->cache)
				cache_new(d->holders.v[h], "dm-cache", "cached");
	}
}

/* crypttab(5): NAME DEVICE [KEYFILE [OPTIONS]], '#' comments. */
static void crypttab_line(struct st_system *sys, const char *disp, unsigned lineno, char *line)
{
	char *f[5] = { 0 }, *save = NULL, **opts;
	size_t n = 0;
	struct st_device *dev;
	struct st_crypt *c = NULL;

	for (char *t = strtok_r(line, " \t", &save); t && n < 5; t = strtok_r(NULL, " \t", &save))
		f[n++] = t;
	if (n == 0 || f[0][0] == '#')
		return;
	if (n < 2 || n > 4) {
		st_warn("%s:%u: expected NAME DEVICE [KEYFILE [OPTIONS]], found %zu fields; line "
			"ignored", disp, lineno, n);
		return;
	}
	for (size_t i = 0; i < sys->devices.n && !c; i++) {
		dev = sys->devices.v[i];
		if (dev->crypt && strcmp(dev->crypt->name, f[0]) == 0)
			c = dev->crypt;
	}
	if (!c) {
		st_debug("%s:%u: %s is not an open mapping", disp, lineno, f[0]);
		return;
	}
	if (c->crypttab == 1) {
		st_warn("%s:%u: %s is listed again; the first entry counts", disp, lineno, f[0]);
		return;
	}
	c->crypttab = 1;
	c->options = st_xstrdup(n == 4 ? f[3] : "");
	opts = st_mount_options_split(c->options);
	c->tab_discard = st_strv_has((const char *const *)opts, "discard");
	c->tab_no_read_wq = st_strv_has((const char *const *)opts, "no-read-workqueue");
	c->tab_no_write_wq = st_strv_has((const char *const *)opts, "no-write-workqueue");
	st_strv_free(opts);
}

static void read_crypttab(struct st_probe_ctx *ctx)
{
	char *buf = NULL, *disp;
	unsigned lineno = 0;
	int rc = st_path_read_stringf(ctx->pc, &buf, "etc/crypttab");

	if (rc < 0 && rc != -ENOENT) {
		st_debug("etc/crypttab: %s; crypttab entries unknown", strerror(-rc));
		return;
	}
	/* without an entry, crypttab asks for none of the options */
	for (size_t i = 0; i < ctx->sys->devices.n; i++) {
		struct st_crypt *c = ctx->sys->devices.v[i]->crypt;

		if (c)
			c->crypttab = c->tab_discard = c->tab_no_read_wq = c->tab_no_write_wq = 0;
	}
	if (rc < 0)
		return;
	disp = st_path_display(ctx->pc, "etc/crypttab");
	/* strtok_r would merge empty lines and miscount them */
	for (char *line = buf, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		crypttab_line(ctx->sys, disp, lineno, line);
	}
	free(disp);
	free(buf);
}

/* A crypt mapping's lower device accepts discards; then only the mapping
 * (allow_discards) decides whether trims reach the flash. */
static void crypt_below(struct st_device *dev)
{
	int below = ST_TRI_UNKNOWN;

	for (size_t i = 0; i < dev->slaves.n; i++) {
		const struct st_queue *q = st_device_queue(dev->slaves.v[i]);

		if (q->discard_max_bytes != ST_UNKNOWN)
			below = below == 1 || q->discard_max_bytes > 0;
	}
	dev->crypt->below_discard = below;
}

/* The mount whose target is the longest leading directory of path. */
static struct st_device *device_holding(struct st_system *sys, const char *path)
{
	const struct st_mount *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; path && path[0] == '/' && i < sys->mounts.n; i++) {
		const struct st_mount *m = sys->mounts.v[i];
		size_t n = m->target ? strlen(m->target) : 0;

		if (m->swap || !n || strncmp(path, m->target, n) != 0)
			continue;
		if (!(n == 1 || path[n] == '/' || path[n] == '\0'))
			continue;
		if (n >= best_len) { /* a later mount over the same target hides the earlier */
			best = m;
			best_len = n;
		}
	}
	return best ? st_system_find_devno(sys, best->maj, best->min) : NULL;
}

static int cache_system(struct st_probe_ctx *ctx)
{
	struct st_system *sys = ctx->sys;

	mark_dmcache_tops(sys);
	for (size_t i = 0; i < sys->devices.n; i++) {
		struct st_device *d = sys->devices.v[i];

		if (d->cache && st_streq(d->cache->role, "cached"))
			share_cache(d);
		if (d->crypt)
			crypt_below(d);
		if (d->loop && d->loop->backing_file) {
			d->loop->backing_dev = device_holding(sys, d->loop->backing_file);
			if (d->loop->backing_dev == d)
				d->loop->backing_dev = NULL;
		}
	}
	read_crypttab(ctx);
	return 0;
}

const struct st_probe_ops st_probe_cache_ops = {
	.name = "cache",
	.device = cache_device,
	.system = cache_system,
};
