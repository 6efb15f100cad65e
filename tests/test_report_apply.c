/*
 * test_report_apply.c - the tables of apply (its dry run), verify and
 * status on a terminal of any width, forced (no tty needed): every line of
 * a table fits, none is continued on another, and each is its untouched
 * line cut short, the free text first (STATUS is there for as long as the
 * other columns fit whole), then columns left out whole from the right;
 * the lines around the tables are untouched.  Not a terminal: nothing is
 * cut.  Two narrow widths are in tests/expected/tables/.
 */
#include "st_apply.h"
#include "st_engine.h"
#include "st_report_apply.h"
#include "st_report_table.h"
#include "st_rules.h"
#include "st_test.h"
#include "st_verify.h"

struct fx {
	struct st_path *pc;
	struct st_system *sys;
	struct st_ruleset rs;
	struct st_profileset ps;
	struct st_plan *plan;
	struct st_apply *apply;   /* as a dry run selects it */
	struct st_verify *verify; /* without a journal */
};

static void fx_load(struct fx *f, const char *fixture, const char *profile)
{
	char *rules = st_test_path("rules"), *profiles = st_test_path("profiles");
	char *dir = st_test_path("tests/sysroots"), *root = st_xasprintf("%s/%s", dir, fixture);
	struct st_apply_opts o = { 0 };
	struct st_diag d = { 0 };

	memset(f, 0, sizeof(*f));
	st_log_set_quiet(true);
	assert_int_equal(st_path_new(&f->pc, root), 0);
	assert_int_equal(st_probe_run(f->pc, &f->sys), 0);
	if (st_rules_load_dir(&f->rs, rules, &d) < 0 ||
	    st_profiles_load_dir(&f->ps, profiles, &f->rs, &d) < 0)
		fail_msg("load: %s", d.errors ? d.errors[0] : "?");
	st_diag_free(&d);
	assert_int_equal(st_engine_run(&f->rs, st_profileset_find(&f->ps, profile), f->sys, NULL,
				       &f->plan),
			 0);
	f->apply = st_apply_select(f->plan, NULL, 0, &o);
	f->verify = st_verify_build(f->plan, NULL, 0, &o, false);
	free(rules);
	free(profiles);
	free(root);
	free(dir);
}

static void fx_free(struct fx *f)
{
	st_verify_free(f->verify);
	st_apply_free(f->apply);
	st_plan_free(f->plan);
	st_system_free(f->sys);
	st_ruleset_free(&f->rs);
	st_profileset_free(&f->ps);
	st_path_free(f->pc);
}

enum what { W_APPLY, W_VERIFY, W_STATUS };

/* The text of what, as o says. */
static char *text_of(const struct fx *f, enum what w, const struct st_table_opts *o)
{
	struct st_status s = { .state_dir = (char *)"/var/lib/stortune", .verify = f->verify };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	if (w == W_APPLY)
		assert_int_equal(st_report_apply_text(out, f->apply, true, o), 0);
	else if (w == W_VERIFY)
		assert_int_equal(st_report_verify_text(out, f->verify, false, o), 0);
	else
		assert_int_equal(st_report_status_text(out, &s, o), 0);
	assert_int_equal(fclose(out), 0);
	return text;
}

/* A line of a table: verify's from its header to the blank line after it;
 * apply's those of a change (indented two under a heading); status's the
 * indented ones. */
static bool table_line(enum what w, const char *line, bool *in_table)
{
	if (w == W_VERIFY) {
		if (strncmp(line, "TARGET", 6) == 0)
			*in_table = true;
		else if (!*line)
			*in_table = false;
		return *in_table;
	}
	if (w == W_APPLY)
		return strncmp(line, "      ", 6) != 0 && strstr(line, "(rule ");
	return strncmp(line, "  ", 2) == 0;
}

/* s without the blanks at its end, in a new string */
static char *rstrip(const char *s, size_t n)
{
	while (n && s[n - 1] == ' ')
		n--;
	return st_xstrndup(s, n);
}

/* Each line of got against its line of full at width w. */
static void compare_lines(enum what w, const char *full, const char *got, size_t width)
{
	bool in_table = false;
	const char *fl = full, *gl = got;

	for (; *fl && *gl; fl = strchr(fl, '\n') + 1, gl = strchr(gl, '\n') + 1) {
		size_t fn = (size_t)(strchr(fl, '\n') - fl), gn = (size_t)(strchr(gl, '\n') - gl);
		char *f = rstrip(fl, fn), *g = rstrip(gl, gn);

		if (!table_line(w, f, &in_table)) {
			if (strcmp(f, g) != 0)
				fprintf(stderr, "at %zu: not a table line, changed:\n%s\n%s\n", width, f,
					g);
			assert_string_equal(f, g);
		} else {
			if (gn > width || strncmp(f, g, strlen(g)) != 0)
				fprintf(stderr, "at %zu: '%s' is not a part of\n'%s'\n", width, g, f);
			assert_true(gn <= width);
			assert_memory_equal(f, g, strlen(g));
			/* a column is left out whole: the line stops at a column's end */
			if (strlen(g) < strlen(f) && f[strlen(g)] == ' ' && w == W_VERIFY)
				assert_true(strlen(g) == 0 || g[strlen(g) - 1] != ' ');
		}
		free(f);
		free(g);
	}
	assert_true(!*fl && !*gl);
}

static void check_fits(const char *fixture, const char *profile)
{
	struct st_table_opts o = { .fit = false };
	char *full[3], *header;
	struct fx f;

	fx_load(&f, fixture, profile);
	for (int w = 0; w < 3; w++)
		full[w] = text_of(&f, (enum what)w, &o);
	header = strstr(full[W_VERIFY], "\nTARGET");
	assert_non_null(header);
	header = st_xstrndup(header + 1, (size_t)(strchr(header + 1, '\n') - header - 1));
	o.fit = true;
	for (size_t width = 20; width <= 240; width += 3) {
		o.width = width;
		for (int w = 0; w < 3; w++) {
			char *text = text_of(&f, (enum what)w, &o);

			compare_lines((enum what)w, full[w], text, width);
			/* STATUS is cut before a column is left out */
			if (w == W_VERIFY && width >= strlen(header) && !strstr(text, header)) {
				fprintf(stderr, "%s at %zu: no '%s':\n%s", fixture, width, header, text);
				fail();
			}
			free(text);
		}
	}
	for (int w = 0; w < 3; w++)
		free(full[w]);
	free(header);
	fx_free(&f);
}

/* text is tests/expected/tables/name exactly; UPDATE=1 rewrites it.  (Not
 * one that names a file of the checkout: the path's length would move the
 * cut.) */
static void same_as_expected(const char *name, const char *text)
{
	char *rel = st_xasprintf("tests/expected/tables/%s", name);

	st_test_same_as_expected(rel, text);
	free(rel);
}

static void test_fits_terminal(void **state)
{
	static const char *const cases[][2] = {
		{ "lvm-luks-nvme", "mail-server" }, { "legacy-sq", "mail-server" },
		{ "cloud-nvme-ebs", "backup" },     { "raid10-xfs", "database" },
		{ "nvme-server", "database" },
	};

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(cases); i++)
		check_fits(cases[i][0], cases[i][1]);
}

static void test_expected(void **state)
{
	struct st_table_opts o = { .fit = true, .width = 72 };
	struct fx f;
	char *text;

	(void)state;
	fx_load(&f, "cloud-nvme-ebs", "backup");
	/* STATUS cut short, every other column whole */
	text = text_of(&f, W_VERIFY, &o);
	same_as_expected("cloud-nvme-ebs.backup.verify72.txt", text);
	free(text);
	/* at 56: the change and its reason cut, the held items (indented) too */
	o.width = 56;
	text = text_of(&f, W_APPLY, &o);
	same_as_expected("cloud-nvme-ebs.backup.dry-run56.txt", text);
	free(text);
	/* then columns left out whole from the right */
	o.width = 44;
	text = text_of(&f, W_VERIFY, &o);
	same_as_expected("cloud-nvme-ebs.backup.verify44.txt", text);
	free(text);
	/* not a terminal: the widest line is whole, whatever the width says */
	o.fit = false;
	text = text_of(&f, W_VERIFY, &o);
	assert_non_null(strstr(text, "applied only with --allow-durability-risk\n"));
	free(text);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits_terminal),
		cmocka_unit_test(test_expected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
