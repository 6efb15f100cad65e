/*
 * prefetch.c - owns batched reading of small files: a probe reads some
 * fifty sysfs attributes of a disk, each an open(2), a read(2) and a
 * close(2).  Here each file is a chain of three io_uring requests (open
 * into a direct descriptor, read from it, close it; IORING_OP_OPENAT2 with
 * RESOLVE_IN_ROOT under a sysroot), CHAINS files per io_uring_enter(2), and
 * the results wait in a sorted table until the path context's ordinary
 * reader asks for them (path.c's read_rel).  The kernel does the same work;
 * the process makes a fraction of the system calls.
 *
 * io_uring may be missing or disabled (kernel.io_uring_disabled, seccomp in
 * containers): then st_prefetch_run says so once and every read is an
 * ordinary one.  Results are handed out once each and dropped after the
 * probe stage that asked for them, so nothing is served stale.
 */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>

#include "prefetch.h"
#include "st_log.h"
#include "st_util.h"

/* files per io_uring_enter: three requests each, within the ring */
#define CHAINS 64
#define RING_ENTRIES 256
/* what path.c's one-shot sysfs read takes: a full page may be cut short */
#define PAGE_READ 4096

enum { OP_OPEN, OP_READ, OP_CLOSE };

struct entry {
	char *rel;
	char *data; /* NULL: err holds why not */
	size_t len;
	int err;
	bool taken;
};

struct st_prefetch {
	struct io_uring ring;
	bool ready;  /* ring and file table set up */
	bool failed; /* io_uring unusable here; never tried again */
	struct entry *e;
	size_t n, cap;
	char *buf;   /* CHAINS pages */
};

struct st_prefetch *st_prefetch_new(void)
{
	return st_xcalloc(1, sizeof(struct st_prefetch));
}

void st_prefetch_clear(struct st_prefetch *pf)
{
	for (size_t i = 0; i < pf->n; i++) {
		free(pf->e[i].rel);
		free(pf->e[i].data);
	}
	pf->n = 0;
}

void st_prefetch_free(struct st_prefetch *pf)
{
	if (!pf)
		return;
	st_prefetch_clear(pf);
	free(pf->e);
	free(pf->buf);
	if (pf->ready)
		io_uring_queue_exit(&pf->ring);
	free(pf);
}

static int setup(struct st_prefetch *pf)
{
	struct io_uring_params p = { .flags = IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN };
	int rc;

	rc = io_uring_queue_init_params(RING_ENTRIES, &pf->ring, &p);
	if (rc == -EINVAL) { /* a kernel before 5.19 */
		memset(&p, 0, sizeof(p));
		rc = io_uring_queue_init_params(RING_ENTRIES, &pf->ring, &p);
	}
	if (rc < 0)
		return rc;
	rc = io_uring_register_files_sparse(&pf->ring, CHAINS);
	if (rc < 0) {
		io_uring_queue_exit(&pf->ring);
		return rc;
	}
	pf->buf = st_xmalloc((size_t)CHAINS * (PAGE_READ + 1));
	pf->ready = true;
	return 0;
}

static void keep(struct st_prefetch *pf, const char *rel, const char *data, size_t len, int err)
{
	struct entry *e;

	if (pf->n == pf->cap) {
		pf->cap = pf->cap ? pf->cap * 2 : 256;
		pf->e = st_xrealloc(pf->e, pf->cap * sizeof(*pf->e));
	}
	e = &pf->e[pf->n++];
	e->rel = st_xstrdup(rel);
	e->data = NULL;
	if (data) {
		/* bytes, not a string: vpd_pg80 and a tree's garbage hold NULs */
		e->data = st_xmalloc(len + 1);
		memcpy(e->data, data, len);
		e->data[len] = '\0';
	}
	e->len = len;
	e->err = err;
	e->taken = false;
}

/* One batch of k <= CHAINS files; returns 0 or -errno from the ring. */
static int run_batch(struct st_prefetch *pf, int rootfd, uint64_t resolve, char *const *rels,
		     size_t k)
{
	struct open_how how[CHAINS];
	int open_res[CHAINS], read_res[CHAINS];
	size_t want = 3 * k, got = 0;
	int rc;

	for (size_t i = 0; i < k; i++) {
		struct io_uring_sqe *s;
		unsigned slot = (unsigned)i;

		how[i] = (struct open_how){ .flags = O_RDONLY | O_NONBLOCK, .resolve = resolve };
		s = io_uring_get_sqe(&pf->ring);
		io_uring_prep_openat2_direct(s, rootfd, rels[i], &how[i], slot);
		s->flags |= IOSQE_IO_LINK;
		s->user_data = i << 2 | OP_OPEN;
		s = io_uring_get_sqe(&pf->ring);
		io_uring_prep_read(s, (int)slot, pf->buf + i * (PAGE_READ + 1), PAGE_READ, 0);
		/* hard: the close runs even when the read fails or is cancelled */
		s->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
		s->user_data = i << 2 | OP_READ;
		s = io_uring_get_sqe(&pf->ring);
		io_uring_prep_close_direct(s, slot);
		s->user_data = i << 2 | OP_CLOSE;
		open_res[i] = read_res[i] = -ECANCELED;
	}
	rc = io_uring_submit_and_wait(&pf->ring, (unsigned)want);
	if (rc < 0)
		return rc;
	while (got < want) {
		struct io_uring_cqe *cqe;
		unsigned head, seen = 0;

		rc = io_uring_wait_cqe(&pf->ring, &cqe);
		if (rc == -EINTR)
			continue;
		if (rc < 0)
			return rc;
		io_uring_for_each_cqe(&pf->ring, head, cqe)
		{
			size_t i = (size_t)(cqe->user_data >> 2);

			if ((cqe->user_data & 3) == OP_OPEN)
				open_res[i] = cqe->res;
			else if ((cqe->user_data & 3) == OP_READ)
				read_res[i] = cqe->res;
			seen++;
		}
		io_uring_cq_advance(&pf->ring, seen);
		got += seen;
	}
	for (size_t i = 0; i < k; i++) {
		if (open_res[i] == -ENOENT || open_res[i] == -ENOTDIR)
			keep(pf, rels[i], NULL, 0, open_res[i]);
		else if (open_res[i] >= 0 && read_res[i] >= 0 && read_res[i] < PAGE_READ)
			keep(pf, rels[i], pf->buf + i * (PAGE_READ + 1), (size_t)read_res[i], 0);
	}
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->rel, ((const struct entry *)b)->rel);
}

int st_prefetch_run(struct st_prefetch *pf, int rootfd, uint64_t resolve, char *const *rels,
		    size_t n)
{
	int rc;

	st_prefetch_clear(pf);
	if (pf->failed)
		return -ENOSYS;
	if (!pf->ready) {
		rc = setup(pf);
		if (rc < 0) {
			st_debug("io_uring unavailable (%s): attributes are read one by one",
				 strerror(-rc));
			pf->failed = true;
			return rc;
		}
	}
	for (size_t i = 0; i < n; i += CHAINS) {
		rc = run_batch(pf, rootfd, resolve, rels + i, n - i < CHAINS ? n - i : CHAINS);
		if (rc < 0) {
			st_debug("io_uring batch read failed (%s): attributes are read one by one",
				 strerror(-rc));
			st_prefetch_clear(pf);
			pf->failed = true;
			return rc;
		}
	}
	if (pf->n > 1)
		qsort(pf->e, pf->n, sizeof(*pf->e), cmp_entry);
	return (int)pf->n;
}

bool st_prefetch_failed(const struct st_prefetch *pf)
{
	return pf->failed;
}

int st_prefetch_take(struct st_prefetch *pf, const char *rel, char **buf, size_t *len, int *err)
{
	struct entry key = { .rel = (char *)rel }, *e;

	if (!pf || !pf->n)
		return 0;
	e = bsearch(&key, pf->e, pf->n, sizeof(*pf->e), cmp_entry);
	if (!e || e->taken)
		return 0;
	e->taken = true;
	*err = e->err;
	if (e->data) {
		*buf = e->data;
		*len = e->len;
		e->data = NULL;
	}
	return 1;
}
