/*
 * cputime.c - runs a command once, its output to /dev/null, and prints the
 * CPU time it used (user + system, from wait4's rusage) in nanoseconds.
 * For the benchmarks: the machine is shared, and wall time of a
 * millisecond-long command is mostly the scheduler's.  Exits with the
 * command's status (1 when it could not run or was killed).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	int status, fd;
	pid_t pid;
	int rss = 0;

	if (argc > 1 && strcmp(argv[1], "-r") == 0) {
		rss = 1;
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: cputime [-r] COMMAND [ARG...]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("cputime: fork");
		return 1;
	}
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 1);
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("cputime: wait4");
		return 1;
	}
	printf("%lld", ((long long)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
			       ((long long)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL);
	if (rss)
		printf(" %ld", ru.ru_maxrss);
	putchar('\n');
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
