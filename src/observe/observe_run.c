/*
 * observe_run.c - owns observe's loop: when samples are taken (on a fixed
 * schedule from the first, so intervals do not drift by the time each
 * takes), where they come from (the live system through the path context,
 * or a recording), stopping on Ctrl-C with a summary, recording, and
 * probing the topology again when a device appears.  What it measures goes
 * to the caller's output hooks (struct st_obs_output): printing is the
 * report's, and observe does not depend on it.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "st_math.h"
#include "st_log.h"
#include "st_observe.h"
#include "st_probe.h"
#include "st_util.h"

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Sleeps until the monotonic time t; false when a signal asked to stop. */
static bool sleep_until(double t)
{
	struct timespec ts;

	ts.tv_sec = (time_t)st_m_floor(t);
	ts.tv_nsec = (long)((t - st_m_floor(t)) * 1e9);
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_nsec = 999999999L;
	while (!stop_requested) {
		int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);

		if (rc == 0)
			return true;
		if (rc != EINTR)
			return false;
	}
	return false;
}

static int reprobe(struct st_path *pc, struct st_obs_topo *topo)
{
	struct st_system *sys = NULL;
	int rc = st_probe_run(pc, &sys);

	if (rc < 0)
		return rc;
	st_obs_topo_free(topo);
	st_obs_topo_from_model(topo, sys);
	st_system_free(sys);
	return 0;
}

static int show_interval(const struct st_obs_run *r, const struct st_obs_interval *iv)
{
	if (r->silent || !r->output.interval)
		return 0;
	return r->output.interval(r->output.data, iv);
}

/* One run's working state. */
struct loop {
	struct st_obs_run *r;
	struct st_obs_topo live_topo;   /* live: probed (again when a device appears) */
	const struct st_obs_topo *topo; /* live_topo, or the recording's */
	struct st_observer *obs;
	struct st_obs_sample first;     /* live: the baseline, taken before the probe */
	double start;                   /* live: the baseline's time, the schedule's origin */
	size_t next;                    /* replay: the next sample */
	struct sigaction old_int, old_term;
};

/*
 * The topology and the observer.  Live, the baseline sample comes before
 * any probe, so that the first interval starts when the command does (as
 * iostat's would).
 */
static int loop_start(struct loop *l)
{
	struct st_obs_run *r = l->r;
	int rc;

	if (r->replay) {
		l->topo = &r->replay->topo;
	} else {
		rc = st_obs_sample_read(r->pc, &l->first);
		if (rc == 0 && r->sys)
			st_obs_topo_from_model(&l->live_topo, r->sys);
		else if (rc == 0)
			rc = reprobe(r->pc, &l->live_topo);
		if (rc < 0)
			return rc;
		l->topo = &l->live_topo;
	}
	l->obs = st_observer_new(l->topo, r->want, r->nwant, r->ps, r->exclude);
	if (r->record)
		st_obs_recording_write_topo(r->record, l->topo);
	return 0;
}

/* Ctrl-C and SIGTERM end the loop, which then sums up, not the process. */
static void catch_stop(struct loop *l)
{
	struct sigaction sa;

	stop_requested = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &l->old_int);
	sigaction(SIGTERM, &sa, &l->old_term);
	/* a signal the shell set to ignored (a background job) stays ignored */
	if (l->old_int.sa_handler == SIG_IGN)
		sigaction(SIGINT, &l->old_int, NULL);
	if (l->old_term.sa_handler == SIG_IGN)
		sigaction(SIGTERM, &l->old_term, NULL);
}

static void release_stop(struct loop *l)
{
	sigaction(SIGINT, &l->old_int, NULL);
	sigaction(SIGTERM, &l->old_term, NULL);
}

/*
 * Sample i (0: the baseline): the recording's next (borrowed), or live on
 * the schedule.  1: *s is filled; 0: no more (the recording ended, or a
 * signal asked to stop); < 0: an error, said.
 */
static int next_sample(struct loop *l, long i, struct st_obs_sample *s)
{
	struct st_obs_run *r = l->r;
	int rc;

	if (r->replay) {
		if (l->next >= r->replay->n)
			return 0;
		*s = r->replay->samples[l->next++]; /* borrowed: not freed */
		return 1;
	}
	if (i == 0) {
		*s = l->first;
		l->first = (struct st_obs_sample){ 0 };
		l->start = s->t;
		return 1;
	}
	if (!sleep_until(l->start + (double)i * r->interval))
		return 0;
	rc = st_obs_sample_read(r->pc, s);
	return rc < 0 ? rc : 1;
}

/* Records and feeds one sample, shows the interval it ends, and probes
 * again when a device appeared that the topology lacks. */
static int step(struct loop *l, struct st_obs_sample *s)
{
	struct st_obs_run *r = l->r;
	struct st_obs_interval iv;
	bool stale = false;
	int fed, rc = 0;

	if (r->record) {
		st_obs_recording_write_sample(r->record, s, NULL);
		fflush(r->record);
	}
	fed = st_observer_feed(l->obs, s, &iv, &stale);
	if (!r->replay)
		st_obs_sample_free(s);
	if (fed < 0)
		return fed;
	if (fed == 1) {
		r->intervals++;
		rc = show_interval(r, &iv); /* -EIO: main says so */
	}
	st_obs_interval_free(&iv);
	if (stale && !r->replay && reprobe(r->pc, &l->live_topo) == 0)
		st_observer_set_topo(l->obs, &l->live_topo);
	return rc;
}

/* Until the count is reached, the samples end, a signal, or an error. */
static int loop_samples(struct loop *l)
{
	struct st_obs_run *r = l->r;
	int rc = 0;

	for (long i = 0; rc == 0 && !stop_requested; i++) {
		struct st_obs_sample s;
		int got;

		if (r->count > 0 && i > r->count)
			break;
		got = next_sample(l, i, &s);
		if (got <= 0)
			return got;
		rc = step(l, &s);
	}
	return rc;
}

/* After the loop: the recording's write errors, then the summary. */
static int loop_finish(struct loop *l, int rc)
{
	struct st_obs_run *r = l->r;
	struct st_obs_interval sum;

	if (rc == 0 && r->record && (fflush(r->record) != 0 || ferror(r->record))) {
		st_err("write error on the recording");
		rc = -EIO;
	}
	if (rc < 0 || !r->intervals)
		return rc;
	st_observer_summary(l->obs, &sum);
	if (!r->silent && r->output.summary && r->intervals > 1)
		rc = r->output.summary(r->output.data, &sum);
	if (r->want_summary)
		r->summary = sum;
	else
		st_obs_interval_free(&sum);
	return rc;
}

int st_observe_run(struct st_obs_run *r)
{
	struct loop l = { .r = r };
	int rc;

	memset(&r->summary, 0, sizeof(r->summary));
	r->intervals = 0;
	rc = loop_start(&l);
	if (rc == 0) {
		catch_stop(&l);
		rc = loop_samples(&l);
		release_stop(&l);
		rc = loop_finish(&l, rc);
	}
	st_observer_free(l.obs);
	st_obs_sample_free(&l.first);
	st_obs_topo_free(&l.live_topo);
	return rc;
}

int st_obs_want(struct st_obs_run *run, const struct st_system *sys, char *const *args, int nargs)
{
	int rc = 0;

	for (int i = 0; i < nargs; i++) {
		const char *a = args[i];
		struct st_device *d = sys ? st_system_lookup(sys, a) : NULL;

		if (sys && !d) {
			st_err("%s: no such block device", a);
			rc = -ENODEV;
			continue;
		}
		if (!sys && strncmp(a, "/dev/", 5) == 0)
			a += 5;
		st_strv_push(&run->want, d ? d->kname : a);
		run->nwant++;
	}
	return rc;
}
