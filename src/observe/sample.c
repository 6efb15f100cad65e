/*
 * sample.c - owns one reading of what observe samples: /proc/diskstats
 * (required; parsed by diskstats.c), the cumulative totals of
 * /proc/pressure/io and the dirty and writeback pages of /proc/vmstat
 * (both optional), read through the rooted path context and stamped with
 * the monotonic clock.  When samples are taken is observe_run.c's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "st_log.h"
#include "st_observe.h"
#include "st_util.h"

/*
 * The number after marker on the line that starts with "key ": for
 * /proc/pressure/io ("some avg10=0.00 ... total=12345", marker "total=")
 * and /proc/vmstat ("nr_dirty 15", marker NULL: right after the key).
 */
static bool keyed_number(const char *text, const char *key, const char *marker, uint64_t *v)
{
	size_t kl = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *eol = strchrnul(l, '\n'), *p = l + kl + 1;
		char num[24];
		size_t n;

		if (strncmp(l, key, kl) != 0 || l[kl] != ' ')
			continue;
		if (marker) {
			size_t ml = strlen(marker);

			while (p + ml <= eol && strncmp(p, marker, ml) != 0)
				p++;
			if (p + ml > eol)
				return false;
			p += ml;
		}
		n = strspn(p, "0123456789");
		if (!n || n >= sizeof(num) || p + n > eol)
			return false;
		memcpy(num, p, n);
		num[n] = '\0';
		return st_parse_u64(num, v) == 0;
	}
	return false;
}

int st_obs_sample_read(struct st_path *pc, struct st_obs_sample *s)
{
	struct timespec ts;
	char *text = NULL;
	size_t len = 0;
	uint64_t a, b;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = st_diskstats_read(pc, &s->ds);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (rc < 0) {
		if (rc != -EINVAL) { /* a parse error has been said */
			char *disp = st_path_display(pc, "proc/diskstats");

			st_err("%s: %s", disp, strerror(-rc));
			free(disp);
		}
		return rc;
	}
	/* read_rawf's text is NUL-terminated */
	if (st_path_read_rawf(pc, &text, &len, "proc/pressure/io") == 0) {
		if (keyed_number(text, "some", "total=", &a) && keyed_number(text, "full", "total=", &b)) {
			s->has_psi = true;
			s->psi_some_us = a;
			s->psi_full_us = b;
		}
		free(text);
	}
	text = NULL;
	if (st_path_read_rawf(pc, &text, &len, "proc/vmstat") == 0) {
		long page = sysconf(_SC_PAGESIZE);
		uint64_t kb = page > 0 ? (uint64_t)page / 1024 : 4;

		if (keyed_number(text, "nr_dirty", NULL, &a) &&
		    keyed_number(text, "nr_writeback", NULL, &b)) {
			s->has_vm = true;
			s->dirty_kb = a * kb;
			s->writeback_kb = b * kb;
		}
		free(text);
	}
	return 0;
}

void st_obs_sample_free(struct st_obs_sample *s)
{
	if (s)
		st_diskstats_free(&s->ds);
}
