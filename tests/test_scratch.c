/*
 * test_scratch.c - the benchmark's scratch file from creation to removal:
 * O_TMPFILE or a named 0600 file, preallocated to its size, O_DIRECT on
 * and off, a second open of the same inode, every refusal and the message
 * that names the directory, the default size, and that a named file is
 * gone when the process is, whether it ends normally or by SIGTERM/SIGINT.
 * Everything happens in temporary directories under /tmp.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "st_test.h"
#include "st_scratch.h"
#include "st_units.h"


/* Most bytes a scratch file here takes: small, the tests fallocate it. */
#define SIZE (4 * ST_MIB)

/* Seconds a forked child may live: a handler that does not kill it must
 * fail the test, not hang it. */
#define CHILD_TIMEOUT_S 10

/* Entries of dir other than . and .. */
static unsigned count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static struct st_scratch *create_ok(const char *dir, uint64_t size, unsigned flags)
{
	struct st_scratch *s = NULL;

	assert_int_equal(st_scratch_create(dir, size, flags, &s), 0);
	assert_non_null(s);
	assert_true(s->fd >= 0);
	assert_string_equal(s->dir, dir);
	assert_int_equal(s->size, size);
	assert_false(s->direct);
	assert_int_equal(fcntl(s->fd, F_GETFL) & O_ACCMODE, O_RDWR);
	assert_true(fcntl(s->fd, F_GETFD) & FD_CLOEXEC);
	return s;
}

static void assert_allocated(int fd, uint64_t want_size, uint64_t reserved)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, want_size);
	assert_true((uint64_t)st.st_blocks * 512 >= reserved);
}

static void test_tmpfile(void **state)
{
	char *dir = st_test_mkdtemp();
	struct st_scratch *s;

	(void)state;
	st_test_log_start();
	s = create_ok(dir, SIZE, 0);
	assert_null(s->path);
	assert_int_equal(count_entries(dir), 0);
	assert_allocated(s->fd, SIZE, SIZE);
	st_scratch_free(s);
	assert_int_equal(count_entries(dir), 0);
	assert_string_equal(st_test_log_text(), "");
	st_test_log_stop();
	st_scratch_free(NULL);
	st_test_rmtree(dir);
}

static void test_named(void **state)
{
	char *dir = st_test_mkdtemp();
	char *prefix = st_xasprintf("%s/.stortune-scratch.%ld.", dir, (long)getpid());
	struct st_scratch *a, *b;
	struct stat st;
	char *path_a;

	(void)state;
	a = create_ok(dir, SIZE, ST_SCRATCH_NAMED);
	b = create_ok(dir, ST_MIB, ST_SCRATCH_NAMED);
	assert_non_null(a->path);
	assert_non_null(b->path);
	assert_string_not_equal(a->path, b->path); /* unique: no -EEXIST */
	assert_memory_equal(a->path, prefix, strlen(prefix));
	assert_memory_equal(b->path, prefix, strlen(prefix));
	assert_int_equal(count_entries(dir), 2);

	assert_int_equal(lstat(a->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_nlink, 1);
	assert_allocated(a->fd, SIZE, SIZE);
	assert_allocated(b->fd, ST_MIB, ST_MIB);

	path_a = st_xstrdup(a->path);
	st_scratch_free(a);
	assert_int_equal(access(path_a, F_OK), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(count_entries(dir), 1);
	st_scratch_free(b);
	assert_int_equal(count_entries(dir), 0);

	free(path_a);
	free(prefix);
	st_test_rmtree(dir);
}

/* The append workload's file: the space is there, the file starts empty. */
static void test_keep_size(void **state)
{
	static const unsigned flags[] = { ST_SCRATCH_KEEP_SIZE, ST_SCRATCH_KEEP_SIZE | ST_SCRATCH_NAMED };
	char *dir = st_test_mkdtemp();

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(flags); i++) {
		struct st_scratch *s = create_ok(dir, SIZE, flags[i]);

		assert_int_equal(s->path != NULL, (flags[i] & ST_SCRATCH_NAMED) != 0);
		assert_allocated(s->fd, 0, SIZE);
		st_scratch_free(s);
		assert_int_equal(count_entries(dir), 0);
	}
	st_test_rmtree(dir);
}

static void test_set_direct(void **state)
{
	char *dir = st_test_mkdtemp();
	struct st_scratch *s = create_ok(dir, SIZE, 0);
	void *buf = NULL;
	int r = st_scratch_set_direct(s, true);

	(void)state;
	if (r == -EINVAL) {
		/* a filesystem without O_DIRECT (tmpfs before 6.6) */
		assert_false(s->direct);
		st_scratch_free(s);
		st_test_rmtree(dir);
		skip();
	}
	assert_int_equal(r, 0);
	assert_true(s->direct);
	assert_true(fcntl(s->fd, F_GETFL) & O_DIRECT);
	/* a direct read of an aligned block works on it */
	assert_int_equal(posix_memalign(&buf, 4096, 4096), 0);
	assert_int_equal(pread(s->fd, buf, 4096, 4096), 4096);

	assert_int_equal(st_scratch_set_direct(s, true), 0); /* twice: no change */
	assert_true(fcntl(s->fd, F_GETFL) & O_DIRECT);
	assert_int_equal(st_scratch_set_direct(s, false), 0);
	assert_false(s->direct);
	assert_false(fcntl(s->fd, F_GETFL) & O_DIRECT);
	assert_int_equal(fcntl(s->fd, F_GETFL) & O_ACCMODE, O_RDWR); /* only O_DIRECT changed */

	free(buf);
	st_scratch_free(s);
	st_test_rmtree(dir);
}

/* The append writers' open: the same inode, its own flags and offset. */
static void test_reopen(void **state)
{
	static const unsigned flags[] = { 0, ST_SCRATCH_NAMED };
	static const char rec[] = "0123456789";
	char *dir = st_test_mkdtemp();

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(flags); i++) {
		struct st_scratch *s = create_ok(dir, SIZE, flags[i]);
		struct stat a, b;
		int fd = st_scratch_reopen(s, O_WRONLY | O_APPEND), fl;

		assert_true(fd >= 0);
		assert_true(fd != s->fd);
		assert_int_equal(fstat(s->fd, &a), 0);
		assert_int_equal(fstat(fd, &b), 0);
		assert_int_equal(a.st_dev, b.st_dev);
		assert_int_equal(a.st_ino, b.st_ino);
		fl = fcntl(fd, F_GETFL);
		assert_int_equal(fl & O_ACCMODE, O_WRONLY);
		assert_true(fl & O_APPEND);
		assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
		assert_false(fcntl(s->fd, F_GETFL) & O_APPEND); /* the first fd is as it was */

		/* appends land at the end, seen through the first fd */
		assert_int_equal(write(fd, rec, sizeof(rec)), sizeof(rec));
		assert_allocated(s->fd, SIZE + sizeof(rec), SIZE);
		assert_int_equal(lseek(s->fd, 0, SEEK_CUR), 0);
		assert_int_equal(close(fd), 0);
		st_scratch_free(s);
		assert_int_equal(count_entries(dir), 0);
	}
	st_test_rmtree(dir);
}

/* A create that must fail with rc, leave nothing, and say one line that
 * starts with what names the place and contains what. */
static void assert_refused(const char *dir, const char *place, uint64_t size, unsigned flags, int rc,
			   const char *what)
{
	struct st_scratch *s = (struct st_scratch *)(void *)1;
	char *start = st_xasprintf("%s: ", place);
	const char *text;

	st_test_log_start();
	assert_int_equal(st_scratch_create(place, size, flags, &s), rc);
	assert_null(s);
	text = st_test_log_text();
	assert_memory_equal(text, start, strlen(start));
	assert_non_null(strstr(text, what));
	assert_non_null(strchr(text, '\n'));
	assert_int_equal(strchr(text, '\n')[1], '\0');
	st_test_log_stop();
	assert_int_equal(count_entries(dir), 1); /* the regular file below, nothing more */
	free(start);
}

static void test_refusals(void **state)
{
	char *dir = st_test_mkdtemp();
	char *file = st_xasprintf("%s/file", dir), *missing = st_xasprintf("%s/missing", dir);
	uint64_t avail = 0;

	(void)state;
	st_test_write(dir, "file", "x", 1);
	assert_int_equal(st_scratch_free_bytes(dir, &avail), 0);
	assert_true(avail > 0);

	/* more than half the free space: refused before anything is created */
	for (unsigned flags = 0; flags <= ST_SCRATCH_NAMED; flags += ST_SCRATCH_NAMED)
		assert_refused(dir, dir, avail / 2 + 64 * ST_MIB, flags, -ENOSPC, "needs twice that");
	assert_refused(dir, dir, UINT64_MAX, 0, -ENOSPC, "free;");
	assert_refused(dir, "/dev/null", SIZE, 0, -EINVAL, "is a device");
	assert_refused(dir, file, SIZE, 0, -ENOTDIR, "not a directory");
	assert_refused(dir, missing, SIZE, 0, -ENOENT, strerror(ENOENT));
	assert_refused(dir, dir, 0, 0, -EINVAL, "size is 0");
	assert_refused(dir, dir, 0, ST_SCRATCH_NAMED, -EINVAL, "size is 0");

	assert_int_equal(st_scratch_free_bytes(missing, &avail), -ENOENT);

	free(missing);
	free(file);
	st_test_rmtree(dir);
}

static void test_default_size(void **state)
{
	static const struct {
		uint64_t free_bytes, want;
	} cases[] = {
		{ 0, 0 },
		{ 9 * ST_MIB, 0 },                   /* 0.9 MiB rounds down to nothing */
		{ 10 * ST_MIB, ST_MIB },
		{ 19 * ST_MIB, ST_MIB },                /* 1.9 MiB */
		{ 160 * ST_MIB, 16 * ST_MIB },
		{ 5 * ST_GIB, 512 * ST_MIB },
		{ 10 * ST_GIB - 10, 1023 * ST_MIB },    /* just under 1 GiB */
		{ 10 * ST_GIB, ST_GIB },
		{ 10 * ST_GIB + 10 * ST_MIB, ST_GIB },     /* capped */
		{ 4096 * ST_GIB, ST_GIB },
		{ UINT64_MAX, ST_GIB },
	};

	(void)state;
	for (size_t i = 0; i < ST_ARRAY_SIZE(cases); i++) {
		uint64_t got = st_scratch_default_size(cases[i].free_bytes);

		assert_int_equal(got, cases[i].want);
		assert_int_equal(got % ST_MIB, 0);
	}
}

/*
 * The child's side of the signal tests: creates the named scratch files,
 * writes their paths to fd, one a line, and waits for a signal.  With
 * free_them it removes them first and exits 0 instead.  Exit codes >= 10
 * say which step failed; cmocka's asserts belong to the parent.
 */
static void __attribute__((noreturn)) child(const char *dir, int fd, unsigned nfiles, bool free_them)
{
	struct st_scratch *s[2] = { NULL, NULL };

	alarm(CHILD_TIMEOUT_S);
	st_log_set_sink(NULL, NULL);
	for (unsigned i = 0; i < nfiles; i++) {
		char *line;

		/* a nameless one too: the handler must cope with a mix */
		if (st_scratch_create(dir, ST_MIB, 0, &s[i]) < 0 || s[i]->path)
			_exit(10);
		st_scratch_free(s[i]);
		if (st_scratch_create(dir, ST_MIB, ST_SCRATCH_NAMED, &s[i]) < 0)
			_exit(11);
		line = st_xasprintf("%s\n", s[i]->path);
		if (write(fd, line, strlen(line)) != (ssize_t)strlen(line))
			_exit(12);
		free(line);
	}
	if (free_them) {
		for (unsigned i = 0; i < nfiles; i++)
			st_scratch_free(s[i]);
		close(fd);
		_exit(0);
	}
	close(fd);
	for (;;)
		pause();
}

/* Reads the child's lines until it closes the pipe or has sent n. */
static unsigned read_paths(int fd, char *buf, size_t len, unsigned n)
{
	size_t got = 0;
	unsigned lines = 0;

	while (lines < n && got < len - 1) {
		ssize_t r = read(fd, buf + got, len - 1 - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (ssize_t i = 0; i < r; i++)
			lines += buf[got + (size_t)i] == '\n';
		got += (size_t)r;
	}
	buf[got] = '\0';
	return lines;
}

static pid_t start_child(const char *dir, unsigned nfiles, bool free_them, int *rfd)
{
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	fflush(NULL); /* nothing buffered is written twice */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		child(dir, p[1], nfiles, free_them);
	}
	close(p[1]);
	*rfd = p[0];
	return pid;
}

static int wait_child(pid_t pid)
{
	int status = 0;

	while (waitpid(pid, &status, 0) < 0)
		assert_int_equal(errno, EINTR);
	return status;
}

static void test_signal(void **state)
{
	const int sig = *(const int *)*state;
	char *dir = st_test_mkdtemp(), buf[2 * PATH_MAX + 2], *nl;
	int fd, status;
	pid_t pid = start_child(dir, 2, false, &fd);

	assert_int_equal(read_paths(fd, buf, sizeof(buf), 2), 2);
	close(fd);
	for (char *p = buf; (nl = strchr(p, '\n')); p = nl + 1) {
		*nl = '\0';
		assert_memory_equal(p, dir, strlen(dir));
		assert_int_equal(access(p, F_OK), 0);
	}
	assert_int_equal(count_entries(dir), 2);

	assert_int_equal(kill(pid, sig), 0);
	status = wait_child(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), sig); /* re-raised: the parent sees why */
	for (char *p = buf; *p; p += strlen(p) + 1)
		assert_int_equal(access(p, F_OK), -1);
	assert_int_equal(count_entries(dir), 0);
	st_test_rmtree(dir);
}

static void test_exit_clean(void **state)
{
	char *dir = st_test_mkdtemp(), buf[2 * PATH_MAX + 2];
	int fd, status;
	pid_t pid = start_child(dir, 2, true, &fd);

	(void)state;
	assert_int_equal(read_paths(fd, buf, sizeof(buf), 2), 2);
	close(fd);
	status = wait_child(pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(count_entries(dir), 0);
	st_test_rmtree(dir);
}

int main(void)
{
	static const int sigterm = SIGTERM, sigint = SIGINT;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tmpfile),
		cmocka_unit_test(test_named),
		cmocka_unit_test(test_keep_size),
		cmocka_unit_test(test_set_direct),
		cmocka_unit_test(test_reopen),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_default_size),
		{ "test_signal(SIGTERM)", test_signal, NULL, NULL, (void *)&sigterm },
		{ "test_signal(SIGINT)", test_signal, NULL, NULL, (void *)&sigint },
		cmocka_unit_test(test_exit_clean),
	};

	/*
	 * The scratch handlers leave alone a signal ignored on entry (under
	 * nohup, or started with & from a script: the shell ignores SIGINT
	 * there), and the first named file installs them for this process
	 * and the children it forks.  Start from the defaults, not from
	 * whatever the suite was started with, or test_signal(SIGINT) sees
	 * its child outlive the signal.
	 */
	if (signal(SIGINT, SIG_DFL) == SIG_ERR || signal(SIGTERM, SIG_DFL) == SIG_ERR) {
		perror("test_scratch: signal");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, st_test_cleanup);
}
