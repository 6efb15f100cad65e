/*
 * journal.c - owns the state directory, its lock and the undo journals:
 * their JSON form, atomic saving, loading (every field checked, a bad file
 * named), retiring, and finding the entry that last set a knob.  It knows nothing of knobs or devices beyond the
 * strings an entry holds; apply.c decides what goes in.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "st_journal.h"
#include "st_json.h"
#include "st_log.h"
#include "st_path.h"
#include "st_util.h"

/* Journals are small: a few hundred entries at most.  Refuse more. */
#define ST_JOURNAL_MAX_BYTES (8u << 20)
/*
 * 2: the intent log.  An apply saves the whole plan once before its first
 * write, every entry "pending", side effects with no new value yet (null:
 * what the kernel will make of them), and once more at the end with each
 * entry's outcome.  1 (up to fd38917): saved before every write, so an
 * entry exists only once its turn came, and a side effect's "new" was its
 * old value until the write.  Both are read: the states mean the same, and
 * revert decides a pending entry from its live value either way.
 */
#define ST_JOURNAL_VERSION 2
#define ST_JOURNAL_VERSION_OLDEST 1

struct st_state {
	char *dir;
	int dirfd;
	int lockfd;
	char **devices; /* for new journals; NULL: all */
};

static const char *const jkind_names[ST_JK_NR] = {
	[ST_JK_SYSFS] = "sysfs", [ST_JK_SYSCTL] = "sysctl", [ST_JK_MOUNT] = "mount",
	[ST_JK_FILE] = "file",
};
static const char *const jstate_names[ST_JS_NR] = {
	[ST_JS_PENDING] = "pending",         [ST_JS_DONE] = "done",
	[ST_JS_SIDE] = "side-effect",        [ST_JS_ROLLED_BACK] = "rolled-back",
	[ST_JS_REVERTED] = "reverted",       [ST_JS_MANUAL] = "manual",
	[ST_JS_FAILED] = "failed",           [ST_JS_ABSENT] = "absent",
};
static const char *const jphase_names[ST_JP_NR] = {
	[ST_JP_APPLYING] = "applying",       [ST_JP_APPLIED] = "applied",
	[ST_JP_ROLLED_BACK] = "rolled-back", [ST_JP_REVERTED] = "reverted",
	[ST_JP_PARTIAL] = "partly-reverted",
};

const char *st_jkind_name(enum st_jkind k)
{
	return (unsigned)k < ST_JK_NR ? jkind_names[k] : "?";
}

const char *st_jstate_name(enum st_jstate s)
{
	return (unsigned)s < ST_JS_NR ? jstate_names[s] : "?";
}

const char *st_jphase_name(enum st_jphase p)
{
	return (unsigned)p < ST_JP_NR ? jphase_names[p] : "?";
}

static int name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/* State directory ---------------------------------------------------------- */

static int mkdir_p(const char *dir)
{
	char *p = st_xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1;; s++) {
		if (*s == '/' || !*s) {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST) {
				rc = -errno;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

/*
 * The trust check of the rule directories (st_rules_path_check), for the
 * state directory and its journals: revert writes what they hold to the
 * kernel, so whoever can write them decides what stortune writes.  Owned
 * by root or by the user running stortune, not writable by group or
 * others.  Returns 0 or -EPERM with *why set.
 */
static int check_trust(const char *path, const struct stat *st, const char *what, char **why)
{
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		*why = st_xasprintf("%s: %s owned by uid %u, not by root: whoever owns it decides "
				    "what stortune revert writes to the kernel",
				    path, what, (unsigned)st->st_uid);
		return -EPERM;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		*why = st_xasprintf("%s: %s writable by %s (mode %04o): anyone who can write there "
				    "decides what stortune revert writes to the kernel; chmod go-w it",
				    path, what, (st->st_mode & S_IWOTH) ? "others" : "its group",
				    (unsigned)(st->st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

int st_state_open(const char *dir, bool create, struct st_state **out)
{
	struct st_state *st;
	struct stat sb;
	char *why = NULL;
	int fd, rc;

	*out = NULL;
	if (create && (rc = mkdir_p(dir)) < 0)
		return rc;
	/* not through a symlink: the directory is the one checked below */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		if ((rc == -ELOOP || rc == -ENOTDIR) && lstat(dir, &sb) == 0 && S_ISLNK(sb.st_mode)) {
			st_err("%s: the state directory is a symlink; stortune does not follow it "
			       "(name the directory itself with --state-dir)", dir);
			rc = -ELOOP;
		}
		return rc;
	}
	if (fstat(fd, &sb) < 0 || (rc = check_trust(dir, &sb, "the state directory is", &why)) < 0) {
		rc = why ? rc : -errno;
		if (why)
			st_err("%s", why);
		free(why);
		close(fd);
		return rc;
	}
	st = st_xcalloc(1, sizeof(*st));
	st->dir = st_xstrdup(dir);
	st->dirfd = fd;
	st->lockfd = -1;
	*out = st;
	return 0;
}

void st_state_free(struct st_state *st)
{
	if (!st)
		return;
	if (st->lockfd >= 0)
		close(st->lockfd); /* drops the flock */
	close(st->dirfd);
	st_strv_free(st->devices);
	free(st->dir);
	free(st);
}

const char *st_state_dir(const struct st_state *st)
{
	return st->dir;
}

void st_state_set_devices(struct st_state *st, char *const *names, size_t n)
{
	st_strv_free(st->devices);
	st->devices = NULL;
	for (size_t i = 0; i < n; i++)
		st_strv_push(&st->devices, names[i]);
}

static bool journal_name(const char *name, const char *prefix, unsigned *seq);

/* ".journal-000001.json.x7k2qa": the temporary file of a save that was
 * killed before its rename (st_write_atomic_at). */
static void clean_journal_temps(struct st_state *st)
{
	int fd = openat(st->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *d;
	DIR *dir;

	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((d = readdir(dir))) {
		size_t len = strlen(d->d_name);
		unsigned seq;
		char *base;

		if (d->d_name[0] != '.' || len < 9)
			continue;
		base = st_xstrndup(d->d_name + 1, len - 8);
		if ((journal_name(base, "journal-", &seq) || journal_name(base, "done-", &seq)) &&
		    st_is_temp_of(d->d_name, base) && unlinkat(st->dirfd, d->d_name, 0) == 0)
			st_debug("%s/%s: removed a temporary file a killed run left", st->dir,
				 d->d_name);
		free(base);
	}
	closedir(dir);
}

int st_state_lock(struct st_state *st, long *holder)
{
	char buf[32];
	ssize_t n;
	int fd;

	*holder = 0;
	fd = openat(st->dirfd, "lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int rc = errno == EWOULDBLOCK ? -EBUSY : -errno;

		n = pread(fd, buf, sizeof(buf) - 1, 0);
		if (n > 0) {
			buf[n] = '\0';
			*holder = strtol(buf, NULL, 10);
		}
		close(fd);
		return rc;
	}
	/* the pid is for the other process's message only; the flock is the lock */
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	st->lockfd = fd;
	clean_journal_temps(st);
	return 0;
}

/* Journals ------------------------------------------------------------------ */

static bool journal_name(const char *name, const char *prefix, unsigned *seq)
{
	size_t pl = strlen(prefix);
	char *end;
	unsigned long v;

	if (strncmp(name, prefix, pl) != 0 || strlen(name) != pl + 6 + 5 ||
	    strcmp(name + pl + 6, ".json") != 0)
		return false;
	v = strtoul(name + pl, &end, 10);
	if (end != name + pl + 6 || v == 0 || v > 999999)
		return false;
	*seq = (unsigned)v;
	return true;
}

/* Sequence numbers of journal-*.json (active) and, for the next number,
 * of every journal. */
static int list_journals(struct st_state *st, unsigned **active, size_t *nactive, unsigned *max)
{
	int fd = openat(st->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *d;
	DIR *dir;

	*active = NULL;
	*nactive = 0;
	*max = 0;
	if (fd < 0)
		return -errno;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return -errno;
	}
	while ((d = readdir(dir))) {
		unsigned seq;

		if (journal_name(d->d_name, "journal-", &seq)) {
			*active = st_xrealloc(*active, (*nactive + 1) * sizeof(**active));
			(*active)[(*nactive)++] = seq;
		} else if (!journal_name(d->d_name, "done-", &seq)) {
			continue;
		}
		if (seq > *max)
			*max = seq;
	}
	closedir(dir);
	return 0;
}

static char *iso_now(void)
{
	char buf[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return st_xstrdup(buf);
}

int st_journal_new(struct st_state *st, const char *profile, const char *sysroot,
		   struct st_journal **out)
{
	unsigned *active, max;
	size_t n;
	struct st_journal *j;
	int rc = list_journals(st, &active, &n, &max);

	free(active);
	if (rc < 0)
		return rc;
	if (max >= 999999)
		return -ENOSPC;
	j = st_xcalloc(1, sizeof(*j));
	j->seq = max + 1;
	j->profile = st_xstrdup(profile);
	j->sysroot = sysroot ? st_xstrdup(sysroot) : NULL;
	j->started = iso_now();
	for (char **d = st->devices; d && *d; d++)
		st_strv_push(&j->devices, *d);
	j->pid = (long)getpid();
	j->version = ST_JOURNAL_VERSION;
	j->phase = ST_JP_APPLYING;
	*out = j;
	return 0;
}

struct st_jentry *st_journal_add(struct st_journal *j, enum st_jkind kind, const char *knob,
				 const char *target, const char *stable_id, const char *old_value,
				 const char *new_value, const char *rule)
{
	struct st_jentry *e;

	j->v = st_xrealloc(j->v, (j->n + 1) * sizeof(*j->v));
	e = &j->v[j->n++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->state = ST_JS_PENDING;
	e->knob = knob ? st_xstrdup(knob) : NULL;
	e->target = st_xstrdup(target);
	e->stable_id = stable_id ? st_xstrdup(stable_id) : NULL;
	e->old_value = old_value ? st_xstrdup(old_value) : NULL;
	e->new_value = new_value ? st_xstrdup(new_value) : NULL;
	e->rule = rule ? st_xstrdup(rule) : NULL;
	return e;
}

static void entry_clear(struct st_jentry *e)
{
	free(e->knob);
	free(e->target);
	free(e->stable_id);
	free(e->old_value);
	free(e->new_value);
	free(e->rule);
}

void st_journal_free(struct st_journal *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n; i++)
		entry_clear(&j->v[i]);
	free(j->v);
	free(j->profile);
	free(j->sysroot);
	free(j->started);
	free(j->finished);
	st_strv_free(j->devices);
	free(j);
}

void st_journal_freev(struct st_journal **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		st_journal_free(v[i]);
	free(v);
}

char *st_journal_to_json(const struct st_journal *j)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	char *out;

	json_object_object_add(o, "version", json_object_new_int(ST_JOURNAL_VERSION));
	json_object_object_add(o, "seq", json_object_new_int64(j->seq));
	json_object_object_add(o, "profile", st_json_str(j->profile));
	json_object_object_add(o, "sysroot", st_json_str(j->sysroot));
	json_object_object_add(o, "pid", json_object_new_int64(j->pid));
	json_object_object_add(o, "started", st_json_str(j->started));
	json_object_object_add(o, "finished", st_json_str(j->finished));
	json_object_object_add(o, "phase", st_json_str(st_jphase_name(j->phase)));
	if (j->devices) {
		json_object *dv = json_object_new_array();

		for (char **d = j->devices; *d; d++)
			json_object_array_add(dv, st_json_str(*d));
		json_object_object_add(o, "devices", dv);
	}
	for (size_t i = 0; i < j->n; i++) {
		const struct st_jentry *e = &j->v[i];
		json_object *eo = json_object_new_object();

		json_object_object_add(eo, "kind", st_json_str(st_jkind_name(e->kind)));
		json_object_object_add(eo, "state", st_json_str(st_jstate_name(e->state)));
		json_object_object_add(eo, "knob", st_json_str(e->knob));
		json_object_object_add(eo, "target", st_json_str(e->target));
		json_object_object_add(eo, "stable_id", st_json_str(e->stable_id));
		json_object_object_add(eo, "old", st_json_str(e->old_value));
		json_object_object_add(eo, "new", st_json_str(e->new_value));
		json_object_object_add(eo, "rule", st_json_str(e->rule));
		json_object_array_add(a, eo);
	}
	json_object_object_add(o, "entries", a);
	out = st_xasprintf("%s\n", json_object_to_json_string_ext(o, ST_JSON_FLAGS));
	json_object_put(o);
	return out;
}

static void set_err(char **err, const char *file, const char *fmt, ...) ST_PRINTF(3, 4);
static void set_err(char **err, const char *file, const char *fmt, ...)
{
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = st_xvasprintf(fmt, ap);
	va_end(ap);
	*err = st_xasprintf("%s: %s", file, msg);
	free(msg);
}

/* A string member: -EINVAL when present with another type, or absent and
 * required. */
static int get_str(json_object *o, const char *key, bool required, char **out, const char *file,
		   const char *where, char **err)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null)) {
		if (!required)
			return 0;
		set_err(err, file, "%s: '%s' is missing", where, key);
		return -EINVAL;
	}
	if (!json_object_is_type(v, json_type_string)) {
		set_err(err, file, "%s: '%s' is not a string", where, key);
		return -EINVAL;
	}
	*out = st_xstrdup(json_object_get_string(v));
	return 0;
}

/* An optional array of strings: NULL when absent or null. */
static int get_strv(json_object *o, const char *key, char ***out, const char *file, char **err)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_array)) {
		set_err(err, file, "journal: '%s' is not an array", key);
		return -EINVAL;
	}
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		json_object *e = json_object_array_get_idx(v, i);

		if (!json_object_is_type(e, json_type_string)) {
			set_err(err, file, "journal: '%s' item %zu is not a string", key, i + 1);
			st_strv_free(*out);
			*out = NULL;
			return -EINVAL;
		}
		st_strv_push(out, json_object_get_string(e));
	}
	return 0;
}

static int get_enum(json_object *o, const char *key, const char *const *names, size_t n,
		    int *out, const char *file, const char *where, char **err)
{
	char *s = NULL;
	int rc = get_str(o, key, true, &s, file, where, err);

	if (rc < 0)
		return rc;
	*out = name_index(names, n, s);
	if (*out < 0) {
		set_err(err, file, "%s: '%s' has an unknown value '%s'", where, key, s);
		rc = -EINVAL;
	}
	free(s);
	return rc;
}

/* A file's new content is absent when apply removed it; since the intent
 * log, a side effect's (an entry no rule wanted) new value is null until
 * the kernel made it, and stays so when it did not change. */
static bool new_required(int version, int kind, int state, const char *rule)
{
	if (kind == ST_JK_FILE)
		return false;
	return version < 2 || (state != ST_JS_SIDE && rule);
}

int st_journal_from_json(const char *text, const char *file, struct st_journal **out,
			 char **err)
{
	enum json_tokener_error jerr;
	json_object *o, *v, *a;
	struct st_journal *j;
	int phase, rc = 0;

	*out = NULL;
	o = json_tokener_parse_verbose(text, &jerr);
	if (!o || !json_object_is_type(o, json_type_object)) {
		set_err(err, file, "not a stortune journal: %s",
			o ? "not a JSON object" : json_tokener_error_desc(jerr));
		json_object_put(o);
		return -EINVAL;
	}
	if (!json_object_object_get_ex(o, "version", &v) || !json_object_is_type(v, json_type_int) ||
	    json_object_get_int(v) < ST_JOURNAL_VERSION_OLDEST ||
	    json_object_get_int(v) > ST_JOURNAL_VERSION) {
		set_err(err, file, "journal version is not %d to %d", ST_JOURNAL_VERSION_OLDEST,
			ST_JOURNAL_VERSION);
		json_object_put(o);
		return -EINVAL;
	}
	j = st_xcalloc(1, sizeof(*j));
	j->version = json_object_get_int(v);
	if (json_object_object_get_ex(o, "seq", &v))
		j->seq = (unsigned)json_object_get_int64(v);
	if (json_object_object_get_ex(o, "pid", &v))
		j->pid = (long)json_object_get_int64(v);
	if (get_str(o, "profile", true, &j->profile, file, "journal", err) < 0 ||
	    get_str(o, "sysroot", false, &j->sysroot, file, "journal", err) < 0 ||
	    get_str(o, "started", false, &j->started, file, "journal", err) < 0 ||
	    get_str(o, "finished", false, &j->finished, file, "journal", err) < 0 ||
	    get_strv(o, "devices", &j->devices, file, err) < 0 ||
	    get_enum(o, "phase", jphase_names, ST_JP_NR, &phase, file, "journal", err) < 0) {
		rc = -EINVAL;
		goto out;
	}
	j->phase = (enum st_jphase)phase;
	if (!json_object_object_get_ex(o, "entries", &a) ||
	    !json_object_is_type(a, json_type_array)) {
		set_err(err, file, "'entries' is missing or not an array");
		rc = -EINVAL;
		goto out;
	}
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *eo = json_object_array_get_idx(a, i);
		struct st_jentry e = { 0 };
		char where[32];
		int kind = 0, state = 0;

		snprintf(where, sizeof(where), "entry %zu", i + 1);
		if (!json_object_is_type(eo, json_type_object)) {
			set_err(err, file, "%s: not an object", where);
			rc = -EINVAL;
			goto out;
		}
		if (get_enum(eo, "kind", jkind_names, ST_JK_NR, &kind, file, where, err) < 0 ||
		    get_enum(eo, "state", jstate_names, ST_JS_NR, &state, file, where, err) < 0 ||
		    get_str(eo, "target", true, &e.target, file, where, err) < 0 ||
		    get_str(eo, "knob", kind != ST_JK_FILE, &e.knob, file, where, err) < 0 ||
		    get_str(eo, "stable_id", false, &e.stable_id, file, where, err) < 0 ||
		    get_str(eo, "old", false, &e.old_value, file, where, err) < 0 ||
		    get_str(eo, "rule", false, &e.rule, file, where, err) < 0 ||
		    get_str(eo, "new", new_required(j->version, kind, state, e.rule), &e.new_value,
			    file, where, err) < 0) {
			entry_clear(&e);
			rc = -EINVAL;
			goto out;
		}
		e.kind = (enum st_jkind)kind;
		e.state = (enum st_jstate)state;
		j->v = st_xrealloc(j->v, (j->n + 1) * sizeof(*j->v));
		j->v[j->n++] = e;
	}
out:
	json_object_put(o);
	if (rc < 0) {
		st_journal_free(j);
		return rc;
	}
	*out = j;
	return 0;
}

static int save_as(struct st_state *st, struct st_journal *j, const char *prefix)
{
	char name[32], *text = st_journal_to_json(j);
	int rc;

	snprintf(name, sizeof(name), "%s%06u.json", prefix, j->seq);
	rc = st_write_atomic_at(st->dirfd, name, text, strlen(text), 0600);
	free(text);
	return rc;
}

int st_journal_save(struct st_state *st, struct st_journal *j)
{
	return save_as(st, j, "journal-");
}

int st_journal_retire(struct st_state *st, struct st_journal *j)
{
	char name[32];
	int rc;

	if (!j->finished)
		j->finished = iso_now();
	rc = save_as(st, j, "done-");
	if (rc < 0)
		return rc;
	snprintf(name, sizeof(name), "journal-%06u.json", j->seq);
	if (unlinkat(st->dirfd, name, 0) < 0 && errno != ENOENT)
		return -errno;
	return fsync(st->dirfd) < 0 ? -errno : 0;
}

static int cmp_desc(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static int load_one(struct st_state *st, unsigned seq, struct st_journal **out, char **err)
{
	char name[32], *file, *text = NULL, *why = NULL;
	struct stat sb;
	size_t len = 0;
	ssize_t n;
	int fd, rc = 0;

	snprintf(name, sizeof(name), "journal-%06u.json", seq);
	file = st_xasprintf("%s/%s", st->dir, name);
	fd = openat(st->dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		rc = -errno;
		set_err(err, file, "%s", strerror(errno));
		free(file);
		return rc;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    check_trust(file, &sb, "the journal is", &why) < 0) {
		rc = why ? -EPERM : -EINVAL;
		*err = why ? why : st_xasprintf("%s: not a regular file", file);
		close(fd);
		free(file);
		return rc;
	}
	text = st_xmalloc(ST_JOURNAL_MAX_BYTES + 1);
	while ((n = read(fd, text + len, ST_JOURNAL_MAX_BYTES + 1 - len)) > 0)
		len += (size_t)n;
	if (n < 0) {
		rc = -errno;
		set_err(err, file, "%s", strerror(errno));
	} else if (len > ST_JOURNAL_MAX_BYTES) {
		rc = -EFBIG;
		set_err(err, file, "larger than %u bytes", ST_JOURNAL_MAX_BYTES);
	}
	close(fd);
	if (rc == 0) {
		text[len] = '\0';
		if (strlen(text) != len) {
			set_err(err, file, "binary content");
			rc = -EINVAL;
		} else {
			rc = st_journal_from_json(text, file, out, err);
			if (rc == 0 && (*out)->seq != seq) {
				set_err(err, file, "its seq %u does not match its name", (*out)->seq);
				st_journal_free(*out);
				*out = NULL;
				rc = -EINVAL;
			}
		}
	}
	free(text);
	free(file);
	return rc;
}

int st_journal_load_active(struct st_state *st, struct st_journal ***out, size_t *n, char **err)
{
	unsigned *seqs, max;
	size_t ns;
	int rc = list_journals(st, &seqs, &ns, &max);

	*out = NULL;
	*n = 0;
	if (rc < 0) {
		*err = st_xasprintf("%s: %s", st->dir, strerror(-rc));
		return rc;
	}
	if (ns)
		qsort(seqs, ns, sizeof(*seqs), cmp_desc);
	*out = st_xcalloc(ns + 1, sizeof(**out));
	for (size_t i = 0; i < ns; i++) {
		rc = load_one(st, seqs[i], &(*out)[*n], err);
		if (rc < 0) {
			st_journal_freev(*out, *n);
			*out = NULL;
			*n = 0;
			break;
		}
		(*n)++;
	}
	free(seqs);
	return rc;
}

/* Lookups ---------------------------------------------------------------- */

static bool same_target(const struct st_jentry *e, const char *target, const char *stable_id)
{
	if (e->stable_id && stable_id)
		return strcmp(e->stable_id, stable_id) == 0;
	return strcmp(e->target, target) == 0;
}

const struct st_jentry *st_journal_find(struct st_journal *const *journals, size_t n,
					const char *knob, const char *target,
					const char *stable_id)
{
	for (size_t i = 0; i < n; i++) {
		const struct st_journal *j = journals[i];

		for (size_t k = j->n; k-- > 0;) {
			const struct st_jentry *e = &j->v[k];

			if (e->kind != ST_JK_FILE && e->state != ST_JS_SIDE &&
			    strcmp(e->knob, knob) == 0 && same_target(e, target, stable_id))
				return e;
		}
	}
	return NULL;
}
