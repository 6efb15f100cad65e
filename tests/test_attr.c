/*
 * test_attr.c - the attribute tables (st_attr.h) are the one description of
 * every model attribute: each entry is well formed; the probe reads every
 * entry that names a file; and every entry reaches what it promises: its
 * fact (through the rule language), its JSON key and its text label or
 * column, with the value the model holds.  Also: the knob table finds the
 * attribute of every sysfs and sysctl knob, and the derived facts are
 * sorted as written.
 */
#include "st_test.h"

#include <errno.h>
#include <sys/stat.h>

#include "st_attr.h"
#include "st_knob.h"
#include "st_rules.h"

#define FIXTURE "desktop-ssd-hdd"
#define DISK "sda"

/* Tables ------------------------------------------------------------------ */

static void test_tables_well_formed(void **state)
{
	(void)state;
	for (size_t t = 0; t < st_attr_ntables; t++) {
		const struct st_attr_table *tab = st_attr_tables[t];

		for (size_t i = 0; i < tab->n; i++) {
			const struct st_attr *a = &tab->v[i];
			char *what = st_xasprintf("%s[%zu] (%s)", tab->name, i,
						  a->key ? a->key : a->fact ? a->fact : "?");

			/* each place is given, or its absence is said */
			if (!!a->key == !!(a->flags & ST_ATTR_NO_JSON))
				fail_msg("%s: a JSON key xor NO_JSON", what);
			if (!!a->fact == !!(a->flags & ST_ATTR_NO_FACT))
				fail_msg("%s: a fact xor NO_FACT", what);
			if (!!(a->label || a->column) == !!(a->flags & ST_ATTR_NO_TEXT))
				fail_msg("%s: a label or column xor NO_TEXT", what);
			if (a->label && (a->line == 0 || a->pos == 0))
				fail_msg("%s: a label needs a line and a place", what);
			if ((a->flags & ST_ATTR_PAREN) && !a->label)
				fail_msg("%s: PAREN without a label", what);
			if (a->read != ST_AR_NONE && !a->path)
				fail_msg("%s: read without a path", what);
			if (a->read == ST_AR_WORD && !a->values)
				fail_msg("%s: a word without its values", what);
			if (a->read == ST_AR_SCHEDULER &&
			    (i + 1 == tab->n || tab->v[i + 1].type != ST_AT_STRV))
				fail_msg("%s: the scheduler's choices go to the next entry", what);
			if (a->scale && a->type != ST_AT_U64)
				fail_msg("%s: only numbers have a scale", what);
			/* keys and facts are unique */
			for (size_t j = 0; j < i; j++)
				if (a->key && tab->v[j].key && strcmp(a->key, tab->v[j].key) == 0)
					fail_msg("%s: key given twice", what);
			free(what);
		}
	}
}

/* The derived facts are sorted as written, no name is a fact twice, and
 * every fact (derived or attribute) is in the symbol table exactly once. */
static void test_facts_sorted_unique(void **state)
{
	const struct st_symtab *st = st_facts_symtab();
	size_t n, nattr = 0;
	const struct st_symbol *d = st_facts_derived(&n);

	(void)state;
	for (size_t i = 1; i < n; i++)
		if (strcmp(d[i - 1].name, d[i].name) >= 0)
			fail_msg("derived facts: '%s' is not before '%s'", d[i - 1].name, d[i].name);
	for (size_t i = 1; i < st->n; i++)
		if (strcmp(st->syms[i - 1].name, st->syms[i].name) >= 0)
			fail_msg("symbol table: '%s' twice, or not sorted", st->syms[i].name);
	for (size_t t = 0; t < st_attr_ntables; t++)
		for (size_t i = 0; i < st_attr_tables[t]->n; i++)
			nattr += st_attr_tables[t]->v[i].fact != NULL;
	assert_int_equal(st->n, n + nattr);
}

/* The scheduler tunables that rules read are the knob table's tunables. */
static void test_iosched_facts_are_knobs(void **state)
{
	size_t n, nk, facts = 0, knobs = 0;
	const struct st_symbol *d = st_facts_derived(&n);
	const struct st_knob *k = st_knob_table(&nk);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char *knob;

		if (!st_startswith(d[i].name, "device.iosched."))
			continue;
		facts++;
		knob = st_xasprintf("queue/iosched/%s", d[i].name + strlen("device.iosched."));
		if (!st_knob_find(knob) || !st_knob_find(knob)->requires_sched)
			fail_msg("%s: no scheduler tunable %s in the knob table", d[i].name, knob);
		free(knob);
	}
	for (size_t i = 0; i < nk; i++)
		knobs += k[i].requires_sched != NULL;
	assert_int_equal(facts, knobs);
}

/* Every sysfs knob but the tunables, and every sysctl, sets an attribute. */
static void test_knobs_have_attrs(void **state)
{
	size_t nk;
	const struct st_knob *k = st_knob_table(&nk);

	(void)state;
	for (size_t i = 0; i < nk; i++) {
		const struct st_attr *a = st_knob_attr(&k[i]);
		bool wants = (k[i].kind == ST_KNOB_SYSFS && !k[i].requires_sched) ||
			     k[i].kind == ST_KNOB_SYSCTL;

		if (wants && !a)
			fail_msg("knob %s: no attribute read from %s", k[i].name, k[i].path);
		if (!wants && a)
			fail_msg("knob %s: unexpected attribute", k[i].name);
		if (a && k[i].kind == ST_KNOB_SYSCTL && !st_streq(a->fact, k[i].name))
			fail_msg("knob %s: its attribute's fact is %s", k[i].name, a->fact);
	}
}

/* Probing ------------------------------------------------------------------ */

static struct st_system *probe(const char *root)
{
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;

	assert_int_equal(st_path_new(&pc, root), 0);
	assert_int_equal(st_probe_run(pc, &sys), 0);
	st_path_free(pc);
	return sys;
}

static void put(const char *root, const char *dir, const char *rel, const char *text)
{
	char *p = st_xasprintf("%s/%s", dir, rel);

	st_test_write(root, p, text, strlen(text));
	free(p);
}

static void mkdirs(const char *root, const char *dir, const char *rel)
{
	char *cmd = st_xasprintf("mkdir -p '%s/%s/%s'", root, dir, rel);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void rmtree(const char *root, const char *dir, const char *rel)
{
	char *cmd = st_xasprintf("rm -rf '%s/%s/%s'", root, dir, rel);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* Writes the value of round r (0 or 1) for a into the tree; two rounds with
 * different values prove that the probe read the file, whatever the fixture
 * held. */
static void write_round(const char *root, const char *dir, const struct st_attr *a, int r)
{
	char buf[64];

	switch (a->read) {
	case ST_AR_NUM:
		snprintf(buf, sizeof(buf), "%llu",
			 r ? 0ull : (unsigned long long)(a->max < 100000 ? a->max : 99991));
		put(root, dir, a->path, buf);
		break;
	case ST_AR_BOOL:
		put(root, dir, a->path, r ? "0\n" : "1\n");
		break;
	case ST_AR_BLOCK:
		put(root, dir, a->path, r ? "4096\n" : "8192\n");
		break;
	case ST_AR_WORD:
		snprintf(buf, sizeof(buf), "%s\n", a->values[r]);
		put(root, dir, a->path, buf);
		break;
	case ST_AR_SCHEDULER:
		put(root, dir, a->path, r ? "[none] mq-deadline\n" : "none [kyber] bfq\n");
		break;
	case ST_AR_DIR:
		rmtree(root, dir, a->path);
		mkdirs(root, dir, a->path);
		snprintf(buf, sizeof(buf), "%s/zz_round", a->path);
		put(root, dir, buf, r ? "78\n" : "77\n");
		break;
	case ST_AR_COUNT:
		rmtree(root, dir, a->path);
		for (int i = 0; i < (r ? 1 : 3); i++) {
			snprintf(buf, sizeof(buf), "%s/%d", a->path, i);
			mkdirs(root, dir, buf);
		}
		snprintf(buf, sizeof(buf), "%s/not-a-queue", a->path);
		mkdirs(root, dir, buf);
		break;
	default:
		break;
	}
}

static void check_round(const struct st_attr *a, const void *base, int r)
{
	struct st_attr_value v;

	st_attr_get(a, base, &v);
	if (!v.known)
		fail_msg("%s: not read (round %d)", a->path, r);
	switch (a->read) {
	case ST_AR_NUM:
		assert_int_equal(v.u, r ? 0 : a->max < 100000 ? a->max : 99991);
		break;
	case ST_AR_BOOL:
		assert_int_equal(v.tri, !r);
		break;
	case ST_AR_BLOCK:
		assert_int_equal(v.u, r ? 4096 : 8192);
		break;
	case ST_AR_WORD:
		assert_string_equal(v.s, a->values[r]);
		break;
	case ST_AR_SCHEDULER:
		assert_string_equal(v.s, r ? "none" : "kyber");
		st_attr_get(a + 1, base, &v);
		assert_int_equal(st_strv_len(v.v), r ? 2 : 3);
		break;
	case ST_AR_DIR:
		assert_string_equal(st_kvlist_get(v.kv, "zz_round"), r ? "78" : "77");
		break;
	case ST_AR_COUNT:
		assert_int_equal(v.u, r ? 1 : 3);
		break;
	default:
		break;
	}
}

static void test_probe_reads_every_file(void **state)
{
	char *root = st_test_copy_fixture(FIXTURE);
	struct st_system *sys = probe(root);
	struct st_device *dev = st_system_find(sys, DISK);
	char *dir;
	size_t nread = 0;

	(void)state;
	assert_non_null(dev);
	dir = st_xstrdup(dev->sysdir);
	st_system_free(sys);
	for (int r = 0; r < 2; r++) {
		for (size_t i = 0; i < st_queue_attrs.n; i++)
			write_round(root, dir, &st_queue_attrs.v[i], r);
		for (size_t i = 0; i < st_vm_attrs.n; i++)
			write_round(root, ".", &st_vm_attrs.v[i], r);
		st_test_log_start();
		sys = probe(root);
		assert_string_equal(st_test_log_text(), "");
		st_test_log_stop();
		dev = st_system_find(sys, DISK);
		nread = 0;
		for (size_t i = 0; i < st_queue_attrs.n; i++) {
			if (st_queue_attrs.v[i].read == ST_AR_NONE)
				continue;
			check_round(&st_queue_attrs.v[i], &dev->queue, r);
			nread++;
		}
		for (size_t i = 0; i < st_vm_attrs.n; i++) {
			check_round(&st_vm_attrs.v[i], &sys->vm, r);
			nread++;
		}
		st_system_free(sys);
	}
	/* rotational, scheduler, 15 numbers and words, iosched, mq, queue_depth,
	 * and the 8 vm sysctls: every entry that has a file */
	assert_true(nread >= 25);
	free(dir);
	st_test_rmtree(root);
}

/* Facts, JSON, text ----------------------------------------------------------- */

static unsigned serial = 700001;

/* Gives the field of a (unless computed) a value no fixture has. */
static void set_distinct(const struct st_attr *a, void *base)
{
	char *field = (char *)base + a->off;
	char buf[32];

	if (a->get)
		return;
	serial += 17;
	switch (a->type) {
	case ST_AT_U64: {
		uint64_t u = serial;

		memcpy(field, &u, sizeof(u));
		break;
	}
	case ST_AT_TRI: {
		int t = (int)(serial & 1);

		memcpy(field, &t, sizeof(t));
		break;
	}
	case ST_AT_STR: {
		char *s, *old;

		snprintf(buf, sizeof(buf), "s%u", serial);
		s = st_xstrdup(buf);
		memcpy(&old, field, sizeof(old));
		free(old);
		memcpy(field, &s, sizeof(s));
		break;
	}
	case ST_AT_STRV: {
		char **v = NULL, **old;

		st_strv_pushf(&v, "l%u", serial);
		memcpy(&old, field, sizeof(old));
		st_strv_free(old);
		memcpy(field, &v, sizeof(v));
		break;
	}
	case ST_AT_KV:
		snprintf(buf, sizeof(buf), "k%u", serial);
		st_kvlist_add((struct st_kvlist *)field, buf, "7");
		break;
	default:
		break;
	}
}

/* What the fact of a must be, for the value now in the model. */
static void check_fact(const struct st_attr *a, const void *base, unsigned scope,
		       const struct st_facts *f)
{
	struct st_attr_value want;
	struct st_value got = { 0 };
	struct st_expr *e = NULL;
	char *err = NULL;

	st_attr_get(a, base, &want);
	if (st_expr_compile(a->fact, st_facts_symtab(), scope, &e, &err) < 0)
		fail_msg("%s: %s", a->fact, err);
	assert_int_equal(st_expr_eval(e, st_facts_lookup, (void *)f, &got, &err), 0);
	switch (a->type) {
	case ST_AT_U64:
		assert_int_equal(got.type, a->scale ? ST_V_SIZE : ST_V_NUM);
		assert_int_equal(got.n, (int64_t)(want.u * (a->scale ? a->scale : 1)));
		break;
	case ST_AT_TRI:
		assert_int_equal(got.type, ST_V_BOOL);
		assert_int_equal(got.b, want.tri);
		break;
	case ST_AT_STR:
		assert_int_equal(got.type, ST_V_STR);
		assert_string_equal(got.s, want.s);
		break;
	case ST_AT_STRV:
		assert_int_equal(got.type, ST_V_LIST);
		assert_int_equal(got.nitems, st_strv_len(want.v));
		assert_string_equal(got.items[0].s, want.v[0]);
		break;
	default:
		fail_msg("%s: a fact of a key-value list", a->fact);
	}
	st_value_clear(&got);
	st_expr_free(e);
}

static void check_json(const struct st_attr *a, const void *base, struct json_object *o)
{
	struct st_attr_value want;
	struct json_object *x;

	st_attr_get(a, base, &want);
	if (!json_object_object_get_ex(o, a->key, &x))
		fail_msg("JSON has no '%s'", a->key);
	switch (a->type) {
	case ST_AT_U64:
		assert_int_equal(json_object_get_uint64(x), want.u);
		break;
	case ST_AT_TRI:
		assert_int_equal(json_object_get_boolean(x), want.tri);
		break;
	case ST_AT_STR:
		assert_string_equal(json_object_get_string(x), want.s);
		break;
	case ST_AT_STRV:
		assert_string_equal(json_object_get_string(json_object_array_get_idx(x, 0)),
				    want.v[0]);
		break;
	case ST_AT_KV:
		/* the key set_distinct added last */
		assert_int_equal(json_object_get_int(json_object_object_get(
					 x, want.kv->v[want.kv->n - 1].key)),
				 7);
		break;
	default:
		break;
	}
}

/* probe -v's text for the device: its table row, then its details. */
static void check_text(const struct st_attr *a, const void *base, const char *row,
		       const char *header, const char *details)
{
	struct st_attr_value v;
	char *want;

	st_attr_get(a, base, &v);
	if (a->column) {
		if (!strstr(header, a->column))
			fail_msg("column %s is not in the header '%s'", a->column, header);
		if (!strstr(row, st_attr_text(&v, "-")))
			fail_msg("column %s: %s is not in the row '%s'", a->column,
				 st_attr_text(&v, "-"), row);
	}
	if (a->label) {
		want = st_xasprintf(a->flags & ST_ATTR_PAREN ? "(%s %s)" : " %s %s", a->label,
				    st_attr_text(&v, "unknown"));
		if (!strstr(details, want))
			fail_msg("probe -v lacks '%s'", want);
		free(want);
	}
}

struct target {
	struct st_system *sys;
	struct st_device *dev;
	struct st_mount *mnt;
	struct st_profile prof;
};

/* Where each table's struct is for the test device, and its scope. */
static void *base_of(struct target *t, const struct st_attr_table *tab, unsigned *scope)
{
	*scope = ST_SCOPE_DEVICE;
	if (tab == &st_queue_attrs)
		return &t->dev->queue;
	if (tab == &st_part_attrs)
		return t->dev->part;
	if (tab == &st_raid_attrs)
		return t->dev->raid;
	if (tab == &st_dm_attrs)
		return t->dev->dm;
	if (tab == &st_loop_attrs)
		return t->dev->loop;
	if (tab == &st_cache_attrs)
		return t->dev->cache;
	if (tab == &st_crypt_attrs)
		return t->dev->crypt;
	if (tab == &st_fs_attrs)
		return &t->dev->fs;
	if (tab == &st_device_attrs || tab == &st_identity_attrs)
		return t->dev;
	if (tab == &st_mount_attrs) {
		*scope = ST_SCOPE_MOUNT;
		return t->mnt;
	}
	*scope = ST_SCOPE_SYSTEM;
	if (tab == &st_vm_attrs)
		return &t->sys->vm;
	if (tab == &st_virt_attrs)
		return &t->sys->virt;
	assert_ptr_equal(tab, &st_system_attrs);
	return t->sys;
}

/* The JSON object a table's keys are in. */
static struct json_object *json_of(struct json_object *doc, const struct st_attr_table *tab)
{
	struct json_object *dev = json_object_array_get_idx(json_object_object_get(doc, "devices"), 0);
	struct json_object *sys = json_object_object_get(doc, "system");

	if (tab == &st_part_attrs)
		return json_object_object_get(dev, "partition");
	if (tab == &st_raid_attrs)
		return json_object_object_get(dev, "raid");
	if (tab == &st_dm_attrs)
		return json_object_object_get(dev, "dm");
	if (tab == &st_loop_attrs)
		return json_object_object_get(dev, "loop");
	if (tab == &st_cache_attrs)
		return json_object_object_get(dev, "cache");
	if (tab == &st_crypt_attrs)
		return json_object_object_get(dev, "crypt");
	if (tab == &st_mount_attrs)
		return json_object_array_get_idx(json_object_object_get(dev, "mounts"), 0);
	if (tab == &st_vm_attrs)
		return json_object_object_get(sys, "vm");
	if (tab == &st_virt_attrs)
		return json_object_object_get(sys, "virtualization");
	if (tab == &st_system_attrs)
		return sys;
	return dev;
}

static char *text_of(struct target *t)
{
	struct st_report_opts ro = { .verbose = true };
	struct st_devv roots = { 0 };
	FILE *f = tmpfile();
	char *text;
	size_t len;
	long n;

	assert_non_null(f);
	st_devv_push(&roots, t->dev);
	assert_int_equal(st_report_probe_text(f, t->sys, &roots, &ro), 0);
	n = ftell(f);
	assert_true(n > 0);
	text = st_xmalloc((size_t)n + 1);
	rewind(f);
	len = fread(text, 1, (size_t)n, f);
	assert_int_equal(len, (size_t)n);
	text[len] = '\0';
	assert_int_equal(fclose(f), 0);
	free(roots.v);
	return text;
}

static void test_every_attr_reaches_facts_json_text(void **state)
{
	char *root = st_test_copy_fixture(FIXTURE);
	struct target t = { .sys = probe(root) };
	struct st_facts f;
	struct st_devv roots = { 0 };
	struct json_object *doc;
	char *text, *nl, *header, *row, *details;
	unsigned scope;

	(void)state;
	t.dev = st_system_find(t.sys, DISK);
	assert_non_null(t.dev);
	/* the structs only some devices have */
	if (!t.dev->part)
		t.dev->part = st_xcalloc(1, sizeof(*t.dev->part));
	t.dev->raid = st_xcalloc(1, sizeof(*t.dev->raid));
	t.dev->dm = st_xcalloc(1, sizeof(*t.dev->dm));
	t.dev->loop = st_xcalloc(1, sizeof(*t.dev->loop));
	t.dev->loop->backing_dev = t.dev; /* a getter: known only with a device */
	t.dev->cache = st_xcalloc(1, sizeof(*t.dev->cache));
	t.dev->crypt = st_xcalloc(1, sizeof(*t.dev->crypt));
	t.mnt = st_mount_new();
	st_mntv_push(&t.sys->mounts, t.mnt);
	free(t.dev->mounts.v);
	t.dev->mounts = (struct st_mntv){ 0 };
	st_mntv_push(&t.dev->mounts, t.mnt);
	for (size_t k = 0; k < st_attr_ntables; k++) {
		const struct st_attr_table *tab = st_attr_tables[k];
		void *base = base_of(&t, tab, &scope);

		for (size_t i = 0; i < tab->n; i++)
			set_distinct(&tab->v[i], base);
	}
	t.prof.name = (char *)"test";

	st_devv_push(&roots, t.dev);
	doc = st_report_probe_json(t.sys, &roots);
	text = text_of(&t);
	/* header, the device's row, then (after its partitions' rows) details */
	nl = strchr(text, '\n');
	header = st_xstrndup(text, (size_t)(nl - text));
	row = st_xstrndup(nl + 1, strcspn(nl + 1, "\n"));
	details = strstr(text, "\n\n");
	assert_non_null(details);
	f = (struct st_facts){ .sys = t.sys, .dev = t.dev, .mnt = t.mnt, .prof = &t.prof };
	for (size_t k = 0; k < st_attr_ntables; k++) {
		const struct st_attr_table *tab = st_attr_tables[k];
		void *base = base_of(&t, tab, &scope);

		for (size_t i = 0; i < tab->n; i++) {
			const struct st_attr *a = &tab->v[i];

			if (a->fact)
				check_fact(a, base, scope, &f);
			if (a->key)
				check_json(a, base, json_of(doc, tab));
			check_text(a, base, row, header, details);
		}
	}
	free(header);
	free(row);
	free(text);
	json_object_put(doc);
	free(roots.v);
	st_system_free(t.sys);
	st_test_rmtree(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_well_formed),
		cmocka_unit_test(test_facts_sorted_unique),
		cmocka_unit_test(test_iosched_facts_are_knobs),
		cmocka_unit_test(test_knobs_have_attrs),
		cmocka_unit_test(test_probe_reads_every_file),
		cmocka_unit_test(test_every_attr_reaches_facts_json_text),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
