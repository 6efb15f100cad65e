/*
 * status.c - owns what `stortune status` knows beyond verify: the active
 * journals summed up, the --persist files as they are on disk now
 * against the journal entries that wrote them, and what the rules file
 * stortune wrote says it could not persist.  It reads; it changes
 * nothing.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "st_knob.h"
#include "st_log.h"
#include "st_persist.h"
#include "st_util.h"
#include "st_verify.h"

/* The files --persist writes, in the order apply writes them (the old
 * name first: apply removes it, and older journals wrote it). */
static const char *const persist_files[] = { ST_PERSIST_UDEV_FILE_OLD, ST_PERSIST_UDEV_FILE,
					     ST_PERSIST_SYSCTL_FILE };

static const char *const pfile_state_names[ST_PF_NR] = {
	[ST_PF_WRITTEN] = "written",
	[ST_PF_EDITED] = "edited",
	[ST_PF_REMOVED] = "removed",
	[ST_PF_OTHER] = "not-stortune",
};

const char *st_pfile_state_name(enum st_pfile_state s)
{
	return (unsigned)s < ST_PF_NR ? pfile_state_names[s] : "?";
}

/* Entries still on record: what revert would act on. */
static bool in_record(const struct st_jentry *e)
{
	return e->state != ST_JS_ROLLED_BACK && e->state != ST_JS_REVERTED;
}

/* Whether the file's content (text, len; NULL: absent) is value. */
static bool same_text(const char *text, size_t len, const char *value)
{
	return text ? value && strlen(value) == len && memcmp(text, value, len) == 0 : !value;
}

/*
 * The newest entry of the active journals that wrote rel, and its journal.
 * A pending entry (the run was killed around the file's replacement) wrote
 * it when the file holds its new content: the journal recorded the intent
 * before the file was touched.
 */
static const struct st_jentry *file_entry(struct st_journal *const *js, size_t nj,
					  const char *rel, const char *text, size_t len,
					  unsigned *seq)
{
	for (size_t i = 0; i < nj; i++)
		for (size_t k = js[i]->n; k-- > 0;) {
			const struct st_jentry *e = &js[i]->v[k];

			if (e->kind == ST_JK_FILE && in_record(e) && strcmp(e->target, rel) == 0 &&
			    (e->state != ST_JS_PENDING || same_text(text, len, e->new_value))) {
				*seq = js[i]->seq;
				return e;
			}
		}
	return NULL;
}

/* One file: appended to s->files when it is there or on record. */
static int status_file(struct st_path *pc, struct st_journal *const *js, size_t nj,
		       const char *rel, struct st_status *s)
{
	unsigned seq = 0;
	const struct st_jentry *e;
	struct st_status_file *f;
	char *text = NULL;
	size_t len = 0;
	bool same;
	int rc = st_path_read_rawf(pc, &text, &len, "%s", rel);

	if (rc < 0 && rc != -ENOENT) {
		st_err("/%s: cannot read: %s", rel, strerror(-rc));
		return rc;
	}
	e = file_entry(js, nj, rel, text, len, &seq);
	if (!text && (!e || !e->new_value))
		return 0; /* not there, and not meant to be */
	same = e && same_text(text, len, e->new_value);
	s->files = st_xrealloc(s->files, (s->nfiles + 1) * sizeof(*s->files));
	f = &s->files[s->nfiles++];
	f->path = rel;
	f->seq = seq;
	f->state = !e ? ST_PF_OTHER : same ? ST_PF_WRITTEN : text ? ST_PF_EDITED : ST_PF_REMOVED;
	/* the notes are what stortune wrote, whatever became of the file */
	if (e && e->new_value && strcmp(rel, ST_PERSIST_SYSCTL_FILE) != 0)
		st_persist_notes_parse(e->new_value, &s->notes);
	free(text);
	return 0;
}

/* Whether the apply that wrote j is gone without finishing it.  (Its pid
 * may have been reused since: then it counts as still running.) */
static bool killed(const struct st_journal *j)
{
	return j->phase == ST_JP_APPLYING && j->pid > 0 &&
	       kill((pid_t)j->pid, 0) < 0 && errno == ESRCH;
}

static const struct st_device *entry_dev(const struct st_system *sys, const struct st_jentry *e)
{
	if (!e->stable_id)
		return st_system_lookup(sys, e->target);
	for (size_t i = 0; i < sys->devices.n; i++)
		if (st_streq(sys->devices.v[i]->stable_id, e->stable_id))
			return sys->devices.v[i];
	return NULL;
}

void st_status_live(struct st_path *pc, const struct st_system *sys, struct st_status *s)
{
	for (size_t i = 0; i < s->nj; i++) {
		struct st_status_journal *sj = &s->journals[i];

		if (!killed(sj->j))
			continue;
		sj->interrupted = true;
		for (size_t k = 0; k < sj->j->n; k++) {
			const struct st_jentry *e = &sj->j->v[k];
			const struct st_knob *kn;
			const struct st_device *dev = NULL;
			char *cur = NULL;

			if (e->kind == ST_JK_FILE || e->state == ST_JS_SIDE || !in_record(e) ||
			    !(kn = st_knob_find(e->knob)))
				continue;
			if (e->kind == ST_JK_SYSFS && !(dev = entry_dev(sys, e)))
				continue; /* not there: revert keeps it */
			if (st_knob_read(pc, kn, dev, e->kind == ST_JK_MOUNT ? e->target : NULL,
					 &cur) < 0)
				sj->by_hand++;
			else if (st_streq(cur, e->new_value))
				sj->in_effect++;
			else if (st_streq(cur, e->old_value) || !e->old_value)
				sj->not_written++;
			else
				sj->by_hand++;
			free(cur);
		}
	}
}

int st_status_build(struct st_path *pc, struct st_journal *const *js, size_t nj,
		    struct st_status **out)
{
	struct st_status *s = st_xcalloc(1, sizeof(*s));
	int rc = 0;

	s->journals = st_xcalloc(nj + 1, sizeof(*s->journals));
	s->nj = nj;
	for (size_t i = 0; i < nj; i++) {
		s->journals[i].j = js[i];
		for (size_t k = 0; k < js[i]->n; k++) {
			const struct st_jentry *e = &js[i]->v[k];

			if (e->kind == ST_JK_FILE)
				s->journals[i].files += e->state == ST_JS_DONE;
			else
				s->journals[i].items += in_record(e) && e->state != ST_JS_SIDE;
		}
	}
	for (size_t i = 0; i < ST_ARRAY_SIZE(persist_files) && rc == 0; i++)
		rc = status_file(pc, js, nj, persist_files[i], s);
	if (rc < 0) {
		st_status_free(s);
		s = NULL;
	}
	*out = s;
	return rc;
}

void st_status_free(struct st_status *s)
{
	if (!s)
		return;
	free(s->state_dir);
	free(s->journals);
	free(s->files);
	st_persist_notes_free(&s->notes);
	st_verify_free(s->verify);
	free(s);
}
