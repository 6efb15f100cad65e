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

	ts.tv_sec = (time_t)floor(t);
	ts.tv_nsec = (long)((t - floor(t)) * 1e9);
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
	int rc = st_probe_run(pc, 0, &sys);

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

int st_observe_run(struct st_obs_run *r)
{
	struct st_obs_topo live_topo = { 0 };
	const struct st_obs_topo *topo;
	struct st_observer *obs;
	struct sigaction sa, old_int, old_term;
	struct st_obs_sample s, first = { 0 };
	double start = 0;
	size_t next = 0; /* replay: the next sample */
	int rc = 0;

	memset(&r->summary, 0, sizeof(r->summary));
	r->intervals = 0;
	if (r->replay) {
		topo = &r->replay->topo;
	} else {
		/* the baseline before any probe, so that the first interval
		 * starts when the command does (as iostat's would) */
		rc = st_obs_sample_read(r->pc, &first);
		if (rc == 0 && r->sys)
			st_obs_topo_from_model(&live_topo, r->sys);
		else if (rc == 0)
			rc = reprobe(r->pc, &live_topo);
		if (rc < 0) {
			st_obs_sample_free(&first);
			return rc;
		}
		topo = &live_topo;
	}
	obs = st_observer_new(topo, r->want, r->nwant, r->ps, r->exclude);
	if (r->record)
		st_obs_recording_write_topo(r->record, topo);

	stop_requested = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	/* a signal the shell set to ignored (a background job) stays ignored */
	if (old_int.sa_handler == SIG_IGN)
		sigaction(SIGINT, &old_int, NULL);
	if (old_term.sa_handler == SIG_IGN)
		sigaction(SIGTERM, &old_term, NULL);

	for (long i = 0; rc == 0 && !stop_requested; i++) {
		struct st_obs_interval iv;
		bool stale = false;
		int fed;

		if (r->count > 0 && i > r->count)
			break;
		if (r->replay) {
			if (next >= r->replay->n)
				break;
			s = r->replay->samples[next++]; /* borrowed: not freed below */
		} else {
			if (i == 0) {
				s = first;
				first = (struct st_obs_sample){ 0 };
				start = s.t;
			} else if (!sleep_until(start + (double)i * r->interval)) {
				break;
			} else if ((rc = st_obs_sample_read(r->pc, &s)) < 0) {
				break;
			}
		}
		if (r->record) {
			st_obs_recording_write_sample(r->record, &s, NULL);
			fflush(r->record);
		}
		fed = st_observer_feed(obs, &s, &iv, &stale);
		if (!r->replay)
			st_obs_sample_free(&s);
		if (fed < 0) {
			rc = fed;
			break;
		}
		if (fed == 1) {
			r->intervals++;
			rc = show_interval(r, &iv); /* -EIO: main says so */
		}
		st_obs_interval_free(&iv);
		if (stale && !r->replay && reprobe(r->pc, &live_topo) == 0)
			st_observer_set_topo(obs, &live_topo);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);

	if (rc == 0 && r->record && (fflush(r->record) != 0 || ferror(r->record))) {
		st_err("write error on the recording");
		rc = -EIO;
	}
	if (rc == 0 && r->intervals) {
		struct st_obs_interval sum;

		st_observer_summary(obs, &sum);
		if (!r->silent && r->output.summary && r->intervals > 1)
			rc = r->output.summary(r->output.data, &sum);
		if (r->want_summary)
			r->summary = sum;
		else
			st_obs_interval_free(&sum);
	}
	st_observer_free(obs);
	st_obs_sample_free(&first);
	st_obs_topo_free(&live_topo);
	return rc;
}
