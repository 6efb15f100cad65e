/*
 * test_rules.c - loading rule and profile files: every key, the file:line
 * of every kind of error, whole-file rejection, inih's limits (line length,
 * NUL bytes, size), profiles with inheritance and overrides, the
 * permission check on rule directories, and that the shipped rules cite
 * documents a user can find.
 */
#include <ctype.h>
#include <errno.h>
#include <sys/stat.h>
#include <time.h>

#include "st_test.h"
#include "st_engine.h"
#include "st_rules.h"

static const char good_rule[] =
	"# a comment\n"
	"[nvme-none]\n"
	"summary = use no scheduler on {device.name}\n"
	"why = NVMe drives schedule internally;\n"
	"  a kernel scheduler only adds CPU cost.\n"
	"scope = device\n"
	"when = device.class == \"nvme\" && device.leaf\n"
	"set = queue/scheduler\n"
	"value = \"none\"\n"
	"validate = randread-4k-qd32\n"
	"priority = 60\n"
	"source = Linux Documentation/block/queue-sysfs.rst (scheduler)\n"
	"\n"
	"[hdd-advice]\n"
	"summary = advice\n"
	"why = because\n"
	"scope = device\n"
	"set = advice\n"
	"source = mount(8)\n";

/* Loads text as a rule file; returns rc and the joined errors in *errs. */
static int load(struct st_ruleset *rs, const char *text, char **errs)
{
	struct st_diag d = { 0 };
	int rc = st_rules_load_string(rs, "t.ini", text, strlen(text), &d);

	*errs = d.errors ? st_strv_join(d.errors, "\n") : st_xstrdup("");
	st_diag_free(&d);
	return rc;
}

/* The one error of loading a file that is good_rule's first rule with
 * line `key = value` replaced or added. */
static char *error_of(const char *text)
{
	struct st_ruleset rs = { 0 };
	char *errs;

	assert_int_equal(load(&rs, text, &errs), -EINVAL);
	assert_int_equal(rs.n, 0); /* rejected whole */
	st_ruleset_free(&rs);
	return errs;
}

#define RULE_HEAD "[r]\nsummary = s\nwhy = w\nsource = x\n"

static void assert_error(const char *text, const char *expected)
{
	char *errs = error_of(text);

	if (!strstr(errs, expected))
		fail_msg("expected '%s' in:\n%s", expected, errs);
	free(errs);
}

static void test_good_file(void **state)
{
	struct st_ruleset rs = { 0 };
	const struct st_rule *r;
	char *errs;

	(void)state;
	assert_int_equal(load(&rs, good_rule, &errs), 0);
	assert_string_equal(errs, "");
	free(errs);
	assert_int_equal(rs.n, 2);
	r = st_ruleset_find(&rs, "nvme-none");
	assert_non_null(r);
	assert_int_equal(r->line, 2);
	assert_int_equal(r->when_line, 7);
	assert_int_equal(r->value_line, 9);
	assert_int_equal(r->scope, ST_SCOPE_DEVICE);
	assert_string_equal(r->knob->name, "queue/scheduler");
	assert_int_equal(r->priority, 60);
	assert_int_equal(r->risk, ST_RISK_NONE);
	assert_string_equal(r->validate, "randread-4k-qd32");
	assert_string_equal(r->why, "NVMe drives schedule internally; a kernel scheduler only "
				    "adds CPU cost.");
	assert_int_equal(r->summary.n, 1);
	assert_string_equal(r->summary.lits[0], "use no scheduler on ");
	r = st_ruleset_find(&rs, "hdd-advice");
	assert_null(r->knob);
	assert_null(r->when);
	assert_int_equal(r->priority, ST_RULE_PRIORITY_DEFAULT);
	/* the same ids again: duplicates of rules already loaded */
	assert_int_equal(load(&rs, good_rule, &errs), -EINVAL);
	assert_non_null(strstr(errs, "t.ini:2: rule 'nvme-none' is already defined at t.ini:2"));
	free(errs);
	assert_int_equal(rs.n, 2);
	st_ruleset_free(&rs);
}

static void test_errors(void **state)
{
	(void)state;
	assert_error(RULE_HEAD "scope = device\nset = advice\nwhen = device.clas == \"nvme\"\n",
		     "t.ini:7: when: unknown identifier 'device.clas' (did you mean "
		     "'device.class'?)");
	assert_error(RULE_HEAD "scope = device\nset = advice\nwhen = device.class\n",
		     "t.ini:7: when: must be a condition (bool), not str");
	assert_error(RULE_HEAD "scope = device\nset = advice\nwhen = device.class == 5\n",
		     "t.ini:7: when: ");
	assert_error(RULE_HEAD "scope = device\nset = advice\nwhen = mount.fstype == \"xfs\"\n",
		     "t.ini:7: when: 'mount.fstype' is not available in a device rule");
	assert_error(RULE_HEAD "scope = disk\nset = advice\n",
		     "t.ini:5: scope: 'disk' is not device, mount or system");
	assert_error(RULE_HEAD "scope = device\nset = queue/schedular\nvalue = \"none\"\n",
		     "t.ini:6: set: unknown knob 'queue/schedular' (did you mean "
		     "'queue/scheduler'?)");
	assert_error(RULE_HEAD "scope = system\nset = queue/scheduler\nvalue = \"none\"\n",
		     "t.ini:6: set: queue/scheduler is a device knob, but the rule's scope is "
		     "system");
	assert_error(RULE_HEAD "scope = device\nset = queue/read_ahead_kb\nvalue = \"big\"\n",
		     "t.ini:7: value: queue/read_ahead_kb takes");
	assert_error(RULE_HEAD "scope = device\nset = queue/nr_requests\nvalue = 2\n",
		     "t.ini:7: value: queue/nr_requests: 2 is below the minimum 4");
	assert_error(RULE_HEAD "scope = device\nset = queue/scheduler\nvalue = \"as\"\n",
		     "t.ini:7: value: queue/scheduler: 'as' is not one of");
	assert_error(RULE_HEAD "scope = device\nset = queue/scheduler\n",
		     "t.ini:1: [r]: missing 'value' (set = queue/scheduler needs one)");
	assert_error("[r]\nwhy = w\nsource = x\nscope = device\nset = advice\n",
		     "t.ini:1: [r]: missing 'summary'");
	assert_error(RULE_HEAD "scope = mount\nset = mount:commit\nvalue = 30\nrisk = none\n",
		     "t.ini:8: risk: 'none' is lower than the risk of mount:commit (durability)");
	assert_error(RULE_HEAD "scope = device\nset = advice\nrisk = high\n",
		     "t.ini:7: risk: 'high' is not none, low or durability");
	assert_error(RULE_HEAD "scope = device\nset = advice\npriority = 101\n",
		     "t.ini:7: priority: '101' is not a number from 0 to 100");
	assert_error(RULE_HEAD "scope = device\nset = advice\nvalidate = randread-4k\n",
		     "t.ini:7: validate: unknown workload 'randread-4k' (did you mean");
	assert_error(RULE_HEAD "scope = device\nset = advice\nsumary = x\n",
		     "t.ini:7: unknown key 'sumary' (did you mean 'summary'?)");
	assert_error(RULE_HEAD "scope = device\nset = advice\nwhen = true\nwhen = false\n",
		     "t.ini:8: duplicate key 'when' (first at line 7)");
	assert_error(RULE_HEAD "scope = device\nset = advice\n[r]\nsummary = again\n",
		     "t.ini:7: duplicate section [r] (first at line 1)");
	assert_error(RULE_HEAD "scope = device\nset = advice\nthis line has no equals\n",
		     "t.ini:7: expected 'key = value' or '[section]'");
	assert_error("summary = orphan\n" RULE_HEAD "scope = device\nset = advice\n",
		     "t.ini:1: 'summary' before the first [section]");
	assert_error(RULE_HEAD "scope = device\nset = advice\n[broken\n",
		     "t.ini:7: section header without ']'");
	assert_error("[Bad_Id]\nsummary = s\nwhy = w\nsource = x\nscope = device\nset = advice\n",
		     "t.ini:1: rule id 'Bad_Id': use lower-case letters, digits and '-'");
	assert_error("[r]\nsummary = {device.name\nwhy = w\nsource = x\nscope = device\n"
		     "set = advice\n",
		     "t.ini:2: summary: '{' at column 1 is not closed");
	assert_error(RULE_HEAD "scope = device\nset = advice\nwhen = (1 +\n",
		     "t.ini:7: when: ");
	assert_error(RULE_HEAD "scope = device\nset = advice\nwhen = device.size > 99999999999TiB\n",
		     "t.ini:7: when: number too large");
	assert_error(RULE_HEAD "scope = system\nset = vm.swappiness\nvalue = 9223372036854775808\n",
		     "t.ini:7: value: number too large");
	assert_error("[r]\n  stray continuation\nsummary = s\nwhy = w\nsource = x\n"
		     "scope = device\nset = advice\n",
		     "t.ini:2: indented line continues no key");
}

/* One good rule and one bad one in a file: neither is loaded. */
static void test_whole_file_rejected(void **state)
{
	struct st_ruleset rs = { 0 };
	char *errs;
	char *text = st_xasprintf("%s[bad]\nsummary = s\nwhy = w\nsource = x\nscope = device\n"
				  "set = advice\nwhen = nope\n",
				  good_rule);

	(void)state;
	assert_int_equal(load(&rs, text, &errs), -EINVAL);
	assert_int_equal(rs.n, 0);
	assert_non_null(strstr(errs, "t.ini:26: when: unknown identifier 'nope'"));
	free(errs);
	free(text);
	st_ruleset_free(&rs);
}

/* 10,000 nested parentheses, a long line, NUL bytes, a huge file. */
static void test_hostile_input(void **state)
{
	size_t n = 10000;
	char *deep = st_xmalloc(2 * n + 64), *text, *errs, *dir, *path;
	struct st_ruleset rs = { 0 };
	struct st_diag d = { 0 };
	size_t len;
	FILE *f;

	(void)state;
	/* the nesting on continuation lines: inih's line limit is not the test */
	strcpy(deep, "when = ");
	len = strlen(deep);
	for (size_t i = 0; i < n; i++) {
		deep[len++] = '(';
		if (i % 100 == 99) {
			memcpy(deep + len, "\n  ", 3);
			len += 3;
		}
	}
	deep[len] = '\0';
	text = st_xasprintf(RULE_HEAD "scope = device\nset = advice\n%s\n", deep);
	assert_int_equal(load(&rs, text, &errs), -EINVAL);
	assert_non_null(strstr(errs, "t.ini:7: when: expression nested deeper than"));
	free(errs);
	free(text);

	memset(deep, 'x', 300);
	deep[300] = '\0';
	text = st_xasprintf(RULE_HEAD "scope = device\nset = advice\nwhy2 = %s\n", deep);
	assert_int_equal(load(&rs, text, &errs), -EINVAL);
	assert_non_null(strstr(errs, "t.ini:7: line is 307 characters long; the limit is 197"));
	free(errs);
	free(text);

	text = st_xstrdup(RULE_HEAD "scope = device\nset = advice\nwhen = true\n");
	len = strlen(text);
	text[strlen(RULE_HEAD) + 2] = '\0'; /* inside "scope" on line 5 */
	assert_int_equal(st_rules_load_string(&rs, "t.ini", text, len, &d), -EINVAL);
	errs = st_strv_join(d.errors, "\n");
	assert_non_null(strstr(errs, "t.ini:5: NUL byte in the file"));
	free(errs);
	st_diag_free(&d);
	free(text);

	/* 10 MB: refused before parsing */
	dir = st_test_mkdtemp();
	path = st_xasprintf("%s/big.ini", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 10 * 1024; i++)
		fprintf(f, "%-1023s\n", "; filler");
	assert_int_equal(fclose(f), 0);
	assert_int_equal(st_rules_load_file(&rs, path, &d), -EFBIG);
	assert_non_null(strstr(d.errors[0], "big.ini: file is 10485760 bytes; the limit is"));
	st_diag_free(&d);
	assert_int_equal(rs.n, 0);
	free(path);
	st_test_rmtree(dir);
	free(deep);
	st_ruleset_free(&rs);
}

static const char profiles_text[][400] = {
	"[profile]\nsummary = base\naccess = mixed\nread_pct = 60\nrequest_size = 64KiB\n"
	"validate = seqread-1m\n[override]\nhdd-advice = off\n",
	"[profile]\nsummary = db\ninherits = general\naccess = random\nrequest_size = 8KiB\n"
	"durability = high\nfsync_heavy = yes\n[override]\nnvme-none = \"mq-deadline\"\n",
};

static int load_profiles(struct st_profileset *ps, struct st_ruleset *rs, const char *extra_name,
			 const char *extra, char **errs)
{
	struct st_diag d = { 0 };
	int rc = 0;

	if (!rs->n) {
		char *e;

		assert_int_equal(load(rs, good_rule, &e), 0);
		free(e);
	}
	rc |= st_profiles_load_string(ps, "p/general.ini", profiles_text[0],
				      strlen(profiles_text[0]), rs, &d);
	rc |= st_profiles_load_string(ps, "p/database.ini", profiles_text[1],
				      strlen(profiles_text[1]), rs, &d);
	if (extra)
		rc |= st_profiles_load_string(ps, extra_name, extra, strlen(extra), rs, &d);
	rc |= st_profiles_resolve(ps, rs, &d);
	*errs = d.errors ? st_strv_join(d.errors, "\n") : st_xstrdup("");
	st_diag_free(&d);
	return rc;
}

/*
 * A file that holds no rule: empty, comments and blank lines only, or only
 * 'disabled' sections.  Each loads (with a warning) and adds nothing; the
 * loader once passed NULL to memcpy for the empty list (issue 16, defect
 * 2: `rules lint empty.ini` aborted under UBSan), so each is loaded both
 * into an empty ruleset and after a file that has rules, from a string and
 * from a file, as lint loads it.
 */
static void test_no_rules(void **state)
{
	static const char *const texts[] = {
		"",
		"# only a comment\n",
		"; a comment\n\n   \n# another\n",
		"[nvme-none]\ndisabled = yes\n",
	};
	char *dir = st_test_mkdtemp();

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(texts); i++) {
		bool off = strstr(texts[i], "disabled") != NULL;

		for (int after = 0; after < 2; after++) {
			struct st_ruleset rs = { 0 };
			struct st_diag d = { 0 };
			char *name = st_xasprintf("%zu.ini", i);
			char *path = st_xasprintf("%s/%s", dir, name);

			if (after)
				assert_int_equal(st_rules_load_string(&rs, "good.ini", good_rule,
								      strlen(good_rule), &d), 0);
			assert_int_equal(st_rules_load_string(&rs, "none.ini", texts[i],
							      strlen(texts[i]), &d), 0);
			st_test_write(dir, name, texts[i], strlen(texts[i]));
			assert_int_equal(st_rules_load_file(&rs, path, &d), 0);
			assert_int_equal(rs.n, after ? 2 : 0);
			assert_int_equal(rs.noffs, off ? 2 : 0);
			assert_int_equal(d.nerrors, 0);
			if (!off) {
				assert_int_equal(d.nwarnings, 2);
				assert_non_null(strstr(d.warnings[0], "none.ini: no rules in this file"));
			}
			/* the 'disabled' sections name a rule of good.ini */
			assert_int_equal(st_rules_finish(&rs, &d) == 0, !off || after);
			st_diag_free(&d);
			st_ruleset_free(&rs);
			free(name);
			free(path);
		}
	}
	st_test_rmtree(dir);
}

/*
 * A file as large as a rules file may be, every line an error: each message
 * was appended after a walk of the list so far, so loading it took most of
 * a minute (found by the fuzzers' profile, tests/fuzz/regressions/ini).
 */
static void test_error_flood(void **state)
{
	size_t lines = (ST_INI_MAX_FILE - 8) / 2, len = 4;
	char *text = st_xmalloc(ST_INI_MAX_FILE);
	struct st_ruleset rs = { 0 };
	struct st_diag d = { 0 };
	struct timespec t0, t1;
	double secs;

	(void)state;
	memcpy(text, "[a]\n", 4);
	for (size_t i = 0; i < lines; i++, len += 2)
		memcpy(text + len, "x\n", 2);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(st_rules_load_string(&rs, "flood.ini", text, len, &d), -EINVAL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%zu errors in %.2f s\n", d.nerrors, secs);
	assert_true(d.nerrors >= lines);
	assert_non_null(strstr(d.errors[0], "flood.ini:2: "));
	assert_null(d.errors[d.nerrors]);
	assert_true(secs < 20); /* 44 s before, without sanitizers */
	st_diag_free(&d);
	st_ruleset_free(&rs);
	free(text);
}

static void test_profiles(void **state)
{
	struct st_profileset ps = { 0 };
	struct st_ruleset rs = { 0 };
	const struct st_profile *p;
	char *errs;

	(void)state;
	assert_int_equal(load_profiles(&ps, &rs, NULL, NULL, &errs), 0);
	assert_string_equal(errs, "");
	free(errs);
	p = st_profileset_find(&ps, "database");
	assert_non_null(p);
	assert_int_equal(p->access, ST_ACCESS_RANDOM);
	assert_int_equal(p->read_pct, 60); /* inherited */
	assert_int_equal(p->request_size, 8192);
	assert_int_equal(p->durability, ST_DUR_HIGH);
	assert_true(p->fsync_heavy);
	assert_string_equal(p->validate[0], "seqread-1m"); /* inherited */
	assert_string_equal(p->chain[0], "database");
	assert_string_equal(p->chain[1], "general");
	assert_int_equal(p->noverrides, 2);
	assert_string_equal(p->overrides[0].rule, "nvme-none");
	assert_non_null(p->overrides[0].value);
	assert_string_equal(p->overrides[1].rule, "hdd-advice"); /* inherited */
	assert_true(p->overrides[1].off);
	assert_string_equal(p->overrides[1].profile, "general");
	assert_string_equal(st_profileset_suggest(&ps, "databse"), "database");
	st_profileset_free(&ps);
	st_ruleset_free(&rs);
}

static void assert_profile_error(const char *text, const char *expected)
{
	struct st_profileset ps = { 0 };
	struct st_ruleset rs = { 0 };
	char *errs;

	assert_int_not_equal(load_profiles(&ps, &rs, "p/x.ini", text, &errs), 0);
	if (!strstr(errs, expected))
		fail_msg("expected '%s' in:\n%s", expected, errs);
	free(errs);
	st_profileset_free(&ps);
	st_ruleset_free(&rs);
}

static void test_profile_errors(void **state)
{
	(void)state;
	assert_profile_error("[profile]\nacess = random\n",
			     "p/x.ini:2: unknown key 'acess' (did you mean 'access'?)");
	assert_profile_error("[profile]\naccess = randomly\n",
			     "p/x.ini:2: access: 'randomly' is not one of random, sequential, mixed");
	assert_profile_error("[profile]\nread_pct = 120\n",
			     "p/x.ini:2: read_pct: '120' is not a percentage from 0 to 100");
	assert_profile_error("[profile]\nrequest_size = 8\n",
			     "p/x.ini:2: request_size: '8' is not a size with a unit");
	assert_profile_error("[profile]\nshared = maybe\n", "p/x.ini:2: shared: 'maybe' is not yes or no");
	assert_profile_error("[profile]\ninherits = genral\n",
			     "p/x.ini: inherits: unknown profile 'genral' (did you mean 'general'?)");
	assert_profile_error("[profile]\ninherits = x\n", "part of an inheritance loop");
	assert_profile_error("[profile]\n[override]\nnvme-nope = off\n",
			     "p/x.ini:3: override: unknown rule 'nvme-nope' (did you mean "
			     "'nvme-none'?)");
	assert_profile_error("[profile]\n[override]\nnvme-none = 5\n", "p/x.ini:3: override: nvme-none: ");
	assert_profile_error("[profile]\n[override]\nnvme-none = \"as\"\n",
			     "p/x.ini:3: override: nvme-none: queue/scheduler: 'as' is not one of");
	assert_profile_error("[profile]\n[overide]\n", "p/x.ini:2: unknown section [overide] (did "
			     "you mean [override]?)");
	assert_profile_error("[override]\n", "p/x.ini: no [profile] section");
}

/* Root refuses rule directories others can write. */
static void test_dir_check(void **state)
{
	char *dir = st_test_mkdtemp(), *why = NULL, *file;

	(void)state;
	assert_int_equal(chmod(dir, 0755), 0);
	file = st_xasprintf("%s/a.ini", dir);
	st_test_write(dir, "a.ini", "", 0);
	assert_int_equal(chmod(file, 0644), 0);
	assert_int_equal(st_rules_dir_check(dir, &why), 0);
	assert_null(why);
	assert_int_equal(chmod(file, 0664), 0);
	assert_int_equal(st_rules_dir_check(dir, &why), -EPERM);
	assert_non_null(strstr(why, "a.ini is writable by its group (mode 0664)"));
	free(why);
	assert_int_equal(chmod(file, 0644), 0);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(st_rules_dir_check(dir, &why), -EPERM);
	assert_non_null(strstr(why, "is writable by others (mode 0777)"));
	free(why);
	assert_int_equal(chmod(dir, 0755), 0);
	if (geteuid() == 0) {
		assert_int_equal(chown(file, 4321, 4321), 0);
		assert_int_equal(st_rules_dir_check(dir, &why), -EPERM);
		assert_non_null(strstr(why, "a.ini is owned by uid 4321, not by root"));
		free(why);
	}
	free(file);
	st_test_rmtree(dir);
}

/* Every shipped rule and profile loads, and no line reaches inih's limit. */
static void test_shipped(void **state)
{
	char *rdir = st_test_path("rules"), *pdir = st_test_path("profiles");
	struct st_profileset ps = { 0 };
	struct st_ruleset rs = { 0 };
	struct st_diag d = { 0 };
	char *errs;

	(void)state;
	st_rules_load_dir(&rs, rdir, &d);
	st_profiles_load_dir(&ps, pdir, &rs, &d);
	errs = d.errors ? st_strv_join(d.errors, "\n") : st_xstrdup("");
	if (d.nerrors)
		fail_msg("shipped rules or profiles have errors:\n%s", errs);
	free(errs);
	assert_true(rs.n >= 40);
	for (size_t i = 0; i < rs.n; i++) {
		assert_non_null(rs.v[i]->why);
		assert_non_null(rs.v[i]->source);
	}
	const char *want[] = { "database", "analytics", "mail-server", "file-server", "backup",
			       "log-streaming", "virtualization-host", "general" };
	for (size_t i = 0; i < ST_ARRAY_SIZE(want); i++)
		if (!st_profileset_find(&ps, want[i]))
			fail_msg("profile %s is not shipped", want[i]);
	st_diag_free(&d);
	st_profileset_free(&ps);
	st_ruleset_free(&rs);
	free(rdir);
	free(pdir);
}

/* Drop-in directories ------------------------------------------------------ */

#define ADVICE(id) "[" id "]\nsummary = s\nwhy = w\nsource = x\nscope = device\nset = advice\n"

/* A shipped directory and a drop-in directory under one temporary one. */
struct layers {
	char *top, *shipped, *dropin, *missing;
	const char *dirs[4];
};

static void layers_make(struct layers *l)
{
	l->top = st_test_mkdtemp();
	assert_int_equal(chmod(l->top, 0755), 0);
	l->shipped = st_xasprintf("%s/shipped", l->top);
	l->dropin = st_xasprintf("%s/rules.d", l->top);
	l->missing = st_xasprintf("%s/nowhere.d", l->top);
	assert_int_equal(mkdir(l->shipped, 0755), 0);
	assert_int_equal(mkdir(l->dropin, 0755), 0);
	l->dirs[0] = l->shipped;
	l->dirs[1] = l->dropin;
	l->dirs[2] = l->missing; /* a drop-in directory may be missing */
	l->dirs[3] = NULL;
}

static void layers_write(const char *dir, const char *name, const char *text)
{
	char *p = st_xasprintf("%s/%s", dir, name);

	st_test_write(dir, name, text, strlen(text));
	assert_int_equal(chmod(p, 0644), 0);
	free(p);
}

static void layers_free(struct layers *l)
{
	free(l->shipped);
	free(l->dropin);
	free(l->missing);
	st_test_rmtree(l->top);
}

static int layers_rules(struct layers *l, struct st_ruleset *rs, char **errs)
{
	struct st_diag d = { 0 };
	int rc = st_rules_load_dirs(rs, l->dirs, &d);

	*errs = d.errors ? st_strv_join(d.errors, "\n") : st_xstrdup("");
	st_diag_free(&d);
	return rc;
}

static void test_dropin_rules(void **state)
{
	struct st_ruleset rs = { 0 };
	struct st_diag d = { 0 };
	const struct st_rule *r;
	struct layers l;
	char *errs, *want;

	(void)state;
	layers_make(&l);
	layers_write(l.shipped, "a.ini", good_rule);
	layers_write(l.shipped, "b.ini", ADVICE("b-one") ADVICE("b-two"));
	layers_write(l.shipped, "d.ini", ADVICE("d-one"));
	/* replaces b.ini whole; adds c.ini, which also turns off a rule of a.ini */
	layers_write(l.dropin, "b.ini", ADVICE("b-local"));
	layers_write(l.dropin, "c.ini", ADVICE("c-local") "\n[hdd-advice]\ndisabled = yes\n");
	assert_int_equal(layers_rules(&l, &rs, &errs), 0);
	assert_string_equal(errs, "");
	free(errs);
	assert_int_equal(rs.n, 5);
	/* in file name order whatever the directory */
	assert_string_equal(rs.v[0]->id, "nvme-none");
	assert_string_equal(rs.v[2]->id, "b-local");
	assert_string_equal(rs.v[3]->id, "c-local");
	assert_string_equal(rs.v[4]->id, "d-one");
	assert_null(st_ruleset_find(&rs, "b-one"));
	assert_null(st_ruleset_find(&rs, "b-two"));
	/* each rule knows its file */
	want = st_xasprintf("%s/b.ini", l.dropin);
	assert_string_equal(st_ruleset_find(&rs, "b-local")->file, want);
	assert_string_equal(rs.files[1], want);
	free(want);
	want = st_xasprintf("%s/a.ini", l.shipped);
	assert_string_equal(st_ruleset_find(&rs, "nvme-none")->file, want);
	free(want);
	/* turned off, and where */
	r = st_ruleset_find(&rs, "hdd-advice");
	assert_non_null(r);
	want = st_xasprintf("%s/c.ini", l.dropin);
	assert_string_equal(r->disabled_file, want);
	assert_int_equal(r->disabled_line, 9);
	free(want);
	assert_null(st_ruleset_find(&rs, "nvme-none")->disabled_file);
	st_ruleset_free(&rs);
	/* the single-directory loader is unchanged, and knows 'disabled' too */
	layers_write(l.shipped, "e.ini", "[d-one]\ndisabled = true\n");
	assert_int_equal(st_rules_load_dir(&rs, l.shipped, &d), 0);
	assert_int_equal(d.nerrors + d.nwarnings, 0);
	assert_non_null(st_ruleset_find(&rs, "b-one"));
	assert_non_null(st_ruleset_find(&rs, "d-one")->disabled_file);
	assert_null(st_ruleset_find(&rs, "b-local"));
	st_ruleset_free(&rs);
	layers_free(&l);
}

/* A turned-off rule is not evaluated: its advice is gone from the plan. */
static void test_dropin_engine(void **state)
{
	char *root = st_test_path("tests/sysroots/nvme-server");
	static const char rule[] = "[nvme-sched]\nsummary = s\nwhy = w\nsource = x\n"
				   "scope = device\nwhen = device.class == \"nvme\"\n"
				   "set = queue/scheduler\nvalue = \"mq-deadline\"\n";
	static const char prof[] = "[profile]\nsummary = g\n";
	struct st_profileset ps = { 0 };
	struct st_ruleset rs = { 0 };
	struct st_system *sys = NULL;
	struct st_path *pc = NULL;
	struct st_diag d = { 0 };
	struct st_plan *plan;
	struct layers l;
	char *errs;

	(void)state;
	assert_int_equal(st_path_new(&pc, root), 0);
	assert_int_equal(st_probe_run(pc, &sys), 0);
	st_path_free(pc);
	layers_make(&l);
	layers_write(l.shipped, "sched.ini", rule);
	for (int off = 0; off < 2; off++) {
		if (off)
			layers_write(l.dropin, "local.ini", "[nvme-sched]\ndisabled = yes\n");
		assert_int_equal(layers_rules(&l, &rs, &errs), 0);
		free(errs);
		assert_int_equal(st_profiles_load_string(&ps, "general.ini", prof, strlen(prof), &rs,
							 &d),
				 0);
		assert_int_equal(d.nerrors, 0);
		assert_int_equal(st_engine_run(&rs, ps.v[0], sys, NULL, &plan), 0);
		assert_int_equal(plan->nchanges + plan->nok, off ? 0 : 2); /* nvme0n1, nvme0n2 */
		st_plan_free(plan);
		st_profileset_free(&ps);
		st_ruleset_free(&rs);
	}
	st_system_free(sys);
	layers_free(&l);
	free(root);
}

static void test_dropin_mask(void **state)
{
	struct st_ruleset rs = { 0 };
	struct layers l;
	char *errs, *link;

	(void)state;
	layers_make(&l);
	layers_write(l.shipped, "a.ini", good_rule);
	layers_write(l.shipped, "b.ini", ADVICE("b-one"));
	layers_write(l.shipped, "c.ini", ADVICE("c-one"));
	/* an empty file and a symlink to /dev/null remove the shipped file */
	layers_write(l.dropin, "b.ini", "");
	link = st_xasprintf("%s/c.ini", l.dropin);
	assert_int_equal(symlink("/dev/null", link), 0);
	free(link);
	layers_write(l.dropin, "z.ini", ""); /* removes nothing */
	assert_int_equal(layers_rules(&l, &rs, &errs), 0);
	assert_string_equal(errs, "");
	free(errs);
	assert_int_equal(rs.n, 2);
	assert_null(st_ruleset_find(&rs, "b-one"));
	assert_null(st_ruleset_find(&rs, "c-one"));
	st_ruleset_free(&rs);
	layers_free(&l);
}

static void assert_dropin_error(const char *text, const char *expected)
{
	struct st_ruleset rs = { 0 };
	struct layers l;
	char *errs, *want;

	layers_make(&l);
	layers_write(l.shipped, "a.ini", good_rule);
	layers_write(l.dropin, "local.ini", text);
	assert_int_equal(layers_rules(&l, &rs, &errs), -EINVAL);
	want = st_xasprintf("%s/local.ini:%s", l.dropin, expected);
	if (!strstr(errs, want))
		fail_msg("expected '%s' in:\n%s", want, errs);
	free(want);
	free(errs);
	st_ruleset_free(&rs);
	layers_free(&l);
}

static void test_dropin_errors(void **state)
{
	struct st_ruleset rs = { 0 };
	struct layers l;
	char *errs, *file;

	(void)state;
	assert_dropin_error("[nvme-nonee]\ndisabled = yes\n",
			    "2: disabled: unknown rule 'nvme-nonee' (did you mean 'nvme-none'?)");
	assert_dropin_error("[nvme-none]\ndisabled = no\n",
			    "2: disabled: 'no' turns nothing off; remove [nvme-none] to keep the rule");
	assert_dropin_error("[nvme-none]\ndisabled = maybe\n", "2: disabled: 'maybe' is not yes or no");
	assert_dropin_error("[nvme-none]\npriority = 1\ndisabled = yes\n",
			    "3: disabled: goes in a section of its own");
	/* a rule of a drop-in is checked as a shipped one is */
	assert_dropin_error(ADVICE("mine") "when = device.clas == \"hdd\"\n",
			    "7: when: unknown identifier 'device.clas' (did you mean "
			    "'device.class'?)");
	assert_dropin_error(ADVICE("nvme-none"), "1: rule 'nvme-none' is already defined at ");
	/* a drop-in path that is not a directory */
	layers_make(&l);
	layers_write(l.shipped, "a.ini", good_rule);
	file = st_xasprintf("%s/rules.d", l.top);
	assert_int_equal(rmdir(file), 0);
	layers_write(l.top, "rules.d", "");
	assert_int_equal(layers_rules(&l, &rs, &errs), -ENOENT);
	assert_non_null(strstr(errs, "rules.d: cannot read the directory: Not a directory"));
	free(errs);
	free(file);
	st_ruleset_free(&rs);
	layers_free(&l);
}

static int layers_profiles(struct layers *l, struct st_profileset *ps, char **errs)
{
	struct st_ruleset rs = { 0 };
	struct st_diag d = { 0 };
	char *e;
	int rc;

	assert_int_equal(load(&rs, good_rule, &e), 0);
	free(e);
	rc = st_profiles_load_dirs(ps, l->dirs, &rs, &d);
	*errs = d.errors ? st_strv_join(d.errors, "\n") : st_xstrdup("");
	st_diag_free(&d);
	st_ruleset_free(&rs);
	return rc;
}

static void test_dropin_profiles(void **state)
{
	struct st_profileset ps = { 0 };
	const struct st_profile *p;
	struct layers l;
	char *errs, *want;

	(void)state;
	layers_make(&l);
	layers_write(l.shipped, "general.ini", profiles_text[0]);
	layers_write(l.shipped, "database.ini", profiles_text[1]);
	/* the site's database, and a profile of its own on top */
	layers_write(l.dropin, "database.ini", "[profile]\nsummary = our db\ninherits = general\n"
					       "request_size = 16KiB\n");
	layers_write(l.dropin, "pg.ini", "[profile]\nsummary = postgres\ninherits = database\n"
					 "fsync_heavy = yes\n");
	assert_int_equal(layers_profiles(&l, &ps, &errs), 0);
	assert_string_equal(errs, "");
	free(errs);
	assert_int_equal(ps.n, 3);
	p = st_profileset_find(&ps, "database");
	assert_string_equal(p->summary, "our db");
	assert_int_equal(p->request_size, 16384);
	assert_int_equal(p->access, ST_ACCESS_MIXED); /* general's, not the shipped db's */
	want = st_xasprintf("%s/database.ini", l.dropin);
	assert_string_equal(p->file, want);
	free(want);
	p = st_profileset_find(&ps, "pg");
	assert_non_null(p);
	assert_string_equal(p->chain[0], "pg");
	assert_string_equal(p->chain[1], "database");
	assert_string_equal(p->chain[2], "general");
	assert_int_equal(p->request_size, 16384);
	assert_true(p->fsync_heavy);
	st_profileset_free(&ps);

	/* a bad drop-in names its file and line */
	layers_write(l.dropin, "pg.ini", "[profile]\nsummary = postgres\ninherits = databse\n"
					 "fsync_hevy = yes\n");
	assert_int_not_equal(layers_profiles(&l, &ps, &errs), 0);
	want = st_xasprintf("%s/pg.ini:4: unknown key 'fsync_hevy' (did you mean 'fsync_heavy'?)",
			    l.dropin);
	if (!strstr(errs, want))
		fail_msg("expected '%s' in:\n%s", want, errs);
	free(want);
	free(errs);
	st_profileset_free(&ps);

	/* removing database leaves its children without a parent */
	layers_write(l.dropin, "pg.ini", "[profile]\nsummary = postgres\ninherits = database\n");
	want = st_xasprintf("%s/database.ini", l.dropin);
	assert_int_equal(unlink(want), 0);
	assert_int_equal(symlink("/dev/null", want), 0);
	free(want);
	assert_int_not_equal(layers_profiles(&l, &ps, &errs), 0);
	assert_non_null(strstr(errs, "pg.ini: inherits: unknown profile 'database'"));
	assert_null(st_profileset_find(&ps, "database"));
	free(errs);
	st_profileset_free(&ps);
	layers_free(&l);
}

/* As root, drop-in directories and files others can write are refused,
 * whether the file is there or behind a symlink. */
static void test_dropin_unsafe(void **state)
{
	struct st_profileset ps = { 0 };
	struct st_ruleset rs = { 0 };
	struct layers l;
	char *errs, *path, *link;

	(void)state;
	if (geteuid() != 0)
		skip();
	layers_make(&l);
	layers_write(l.shipped, "a.ini", good_rule);
	layers_write(l.dropin, "b.ini", ADVICE("b-one"));
	assert_int_equal(chmod(l.dropin, 0777), 0);
	assert_int_equal(layers_rules(&l, &rs, &errs), -EPERM);
	assert_non_null(strstr(errs, "rules.d: refusing to read it as root: "));
	assert_non_null(strstr(errs, "rules.d is writable by others (mode 0777)"));
	assert_int_equal(rs.n, 0);
	free(errs);
	assert_int_equal(layers_profiles(&l, &ps, &errs), -EPERM);
	free(errs);
	st_profileset_free(&ps);
	assert_int_equal(chmod(l.dropin, 0755), 0);
	path = st_xasprintf("%s/b.ini", l.dropin);
	assert_int_equal(chmod(path, 0664), 0);
	assert_int_equal(layers_rules(&l, &rs, &errs), -EPERM);
	assert_non_null(strstr(errs, "b.ini is writable by its group (mode 0664)"));
	free(errs);
	/* a symlink is judged by what it points to */
	assert_int_equal(unlink(path), 0);
	layers_write(l.top, "elsewhere.ini", ADVICE("b-two"));
	link = st_xasprintf("%s/elsewhere.ini", l.top);
	assert_int_equal(symlink(link, path), 0);
	assert_int_equal(layers_rules(&l, &rs, &errs), 0);
	free(errs);
	assert_non_null(st_ruleset_find(&rs, "b-two"));
	st_ruleset_free(&rs);
	assert_int_equal(chmod(link, 0666), 0);
	assert_int_equal(layers_rules(&l, &rs, &errs), -EPERM);
	assert_non_null(strstr(errs, "elsewhere.ini is writable by others (mode 0666)"));
	free(errs);
	st_ruleset_free(&rs);
	free(link);
	free(path);
	layers_free(&l);
}

/*
 * What advice prints as a rule's reason and source must name documents a
 * user can find: a URL, a kernel Documentation/ path or a manual page
 * ("mount(8)"), never a file of this project ("seeds/004_....txt") or a
 * "seed".  A why may name a kernel document by its file name ("xfs.rst:")
 * when the source gives its path.
 */
static const char *const file_exts[] = { ".txt", ".rst", ".md", ".ini", ".html", ".pdf",
					 ".c", ".h" };

static bool is_url(const char *w)
{
	return st_startswith(w, "http://") || st_startswith(w, "https://");
}

/* "mount(8)", "mkfs.xfs(8)," */
static bool is_manpage(const char *w)
{
	const char *p = strchr(w, '(');

	if (!p || p == w || !isdigit((unsigned char)p[1]) || p[1] == '0')
		return false;
	for (p += 2; islower((unsigned char)*p); p++)
		;
	return *p == ')' && strspn(p + 1, ",.;:") == strlen(p + 1);
}

/* A word that names a file: a path relative to the tree, or a document's
 * file name. */
static bool names_file(const char *w)
{
	size_t n = strlen(w);

	if (st_startswith(w, "./") || st_startswith(w, "../") || strstr(w, "seeds/"))
		return true;
	for (size_t i = 0; i < ST_ARRAY_SIZE(file_exts); i++) {
		size_t e = strlen(file_exts[i]);

		if (n > e && strcmp(w + n - e, file_exts[i]) == 0)
			return true;
	}
	return false;
}

/* The words of text, stripped of the punctuation around them. */
static char **words(const char *text)
{
	char **v = NULL;

	for (const char *p = text; *p;) {
		size_t n;

		p += strspn(p, " \t\n\"'(");
		n = strcspn(p, " \t\n");
		if (!n)
			break;
		while (n && strchr(",.;:\"')", p[n - 1]) && !(p[n - 1] == ')' && memchr(p, '(', n)))
			n--;
		if (n) {
			char *w = st_xstrndup(p, n);

			st_strv_push(&v, w);
			free(w);
		}
		p += strcspn(p, " \t\n");
	}
	return v ? v : st_xcalloc(1, sizeof(*v));
}

/* NULL if why and source cite only findable documents, else what is wrong. */
static char *citation_problem(const char *why, const char *source)
{
	char **ws, *bad = NULL;

	ws = words(source);
	for (char **w = ws; *w && !bad; w++) {
		if (strncasecmp(*w, "seed", 4) == 0)
			bad = st_xasprintf("source says '%s'", *w);
		else if (names_file(*w) && !is_url(*w) && !st_startswith(*w, "Documentation/"))
			bad = st_xasprintf("source names the file '%s'", *w);
	}
	st_strv_free(ws);
	for (const char *d = source; *d && !bad;) {
		size_t n = strcspn(d, ";");
		char *doc = st_xstrndup(d, n);
		bool found = false;

		ws = words(doc);
		for (char **w = ws; *w; w++)
			found |= is_url(*w) || st_startswith(*w, "Documentation/") || is_manpage(*w);
		st_strv_free(ws);
		if (!found)
			bad = st_xasprintf("source '%s' has no URL, Documentation/ path or manual page",
					   doc + strspn(doc, " "));
		free(doc);
		d += n + (d[n] == ';');
	}
	ws = words(why);
	for (char **w = ws; *w && !bad; w++) {
		char *path = st_xasprintf("/%s", *w);

		if (strncasecmp(*w, "seed", 4) == 0)
			bad = st_xasprintf("why says '%s'", *w);
		else if (names_file(*w) && !is_url(*w) && !st_startswith(*w, "Documentation/") &&
			 !strstr(source, path))
			bad = st_xasprintf("why names '%s', which the source does not give", *w);
		free(path);
	}
	st_strv_free(ws);
	return bad;
}

static void expect_citation(const char *why, const char *source, const char *problem)
{
	char *got = citation_problem(why, source);

	if (!problem && got)
		fail_msg("why '%s', source '%s': unexpected '%s'", why, source, got);
	if (problem && (!got || !strstr(got, problem)))
		fail_msg("why '%s', source '%s': expected '%s', got '%s'", why, source, problem,
			 got ? got : "(nothing)");
	free(got);
}

/* The check itself finds what it is for. */
static void test_citation_check(void **state)
{
	(void)state;
	expect_citation("w", "mount(8)", NULL);
	expect_citation("w", "fstrim(8); mkfs.xfs(8)", NULL);
	expect_citation("xfs.rst: sunit and swidth", "Linux Documentation/admin-guide/xfs.rst (sunit)",
			NULL);
	expect_citation("Userland Disk I/O advises",
			"\"Userland Disk I/O\", transactional.blog (Filesystems): "
			"https://transactional.blog/how-to-learn/disk-io; "
			"Linux Documentation/admin-guide/ext4.rst (commit=nrsec)", NULL);
	expect_citation("w", "seeds/004_1e91cb703e0a26a5.txt (Optimizing your storage system)",
			"source says 'seeds/004_1e91cb703e0a26a5.txt'");
	expect_citation("w", "../shared/notes/raid.txt", "source names the file '../shared/notes");
	expect_citation("w", "notes.md (RAID)", "source names the file 'notes.md'");
	expect_citation("w", "Some blog post (a section)", "has no URL, Documentation/ path");
	expect_citation("w", "mount(8); a blog post", "'a blog post' has no URL");
	expect_citation("The seed recommends noatime.", "mount(8)", "why says 'seed'");
	expect_citation("Seed 003 advises XFS", "mount(8)", "why says 'Seed'");
	expect_citation("xfs.rst: sunit", "mount(8)", "why names 'xfs.rst'");
	expect_citation("see 004_1e91cb703e0a26a5.txt", "mount(8)", "why names '004_");
}

/* Every shipped rule's why and source cite findable documents. */
static void test_shipped_citations(void **state)
{
	char *rdir = st_test_path("rules");
	struct st_ruleset rs = { 0 };
	struct st_diag d = { 0 };
	unsigned bad = 0;

	(void)state;
	st_rules_load_dir(&rs, rdir, &d);
	assert_int_equal(d.nerrors, 0);
	assert_true(rs.n >= 40);
	for (size_t i = 0; i < rs.n; i++) {
		const struct st_rule *r = rs.v[i];
		char *problem = citation_problem(r->why, r->source);

		if (problem) {
			print_error("%s:%u: rule %s: %s\n", r->file, r->line, r->id, problem);
			bad++;
		}
		free(problem);
	}
	assert_int_equal(bad, 0);
	st_diag_free(&d);
	st_ruleset_free(&rs);
	free(rdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_whole_file_rejected),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_no_rules),
		cmocka_unit_test(test_error_flood),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_profile_errors),
		cmocka_unit_test(test_dir_check),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_dropin_rules),
		cmocka_unit_test(test_dropin_engine),
		cmocka_unit_test(test_dropin_mask),
		cmocka_unit_test(test_dropin_errors),
		cmocka_unit_test(test_dropin_profiles),
		cmocka_unit_test(test_dropin_unsafe),
		cmocka_unit_test(test_citation_check),
		cmocka_unit_test(test_shipped_citations),
	};

	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
