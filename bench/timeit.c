// SPDX-License-Identifier: GPL-2.0
/*
 * mefw-timeit [-n N] [-q] -o FILE CMD [ARGS...]: run CMD N times (default
 * 1) one after the other and append each run's wall time in microseconds
 * (CLOCK_MONOTONIC, fork to wait) to FILE, one per line.  -q sends CMD's
 * stdout and stderr to /dev/null.  Stops at the first run that does not
 * exit 0 and exits with its status (128 + signal when killed).  For the
 * benchmarks inside the busybox VM, whose date(1) has no sub-second clock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-n N] [-q] -o FILE CMD [ARGS...]\n", argv0);
	return 2;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	long long t0, t1;
	int quiet = 0, n = 1, c, i, st, fd;
	char *end;
	FILE *f;
	pid_t pid;

	while ((c = getopt(argc, argv, "+n:qo:")) != -1) {
		switch (c) {
		case 'n':
			n = (int)strtol(optarg, &end, 10);
			if (*end || n < 1)
				return usage(argv[0]);
			break;
		case 'q':
			quiet = 1;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return usage(argv[0]);
		}
	}
	if (!out || optind >= argc)
		return usage(argv[0]);
	f = fopen(out, "a");
	if (!f) {
		perror(out);
		return 1;
	}
	for (i = 0; i < n; i++) {
		t0 = now_us();
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			if (quiet) {
				fd = open("/dev/null", O_WRONLY);
				if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
					_exit(126);
			}
			execvp(argv[optind], argv + optind);
			fprintf(stderr, "%s: %s: %s\n", argv[0], argv[optind],
				strerror(errno));
			_exit(127);
		}
		if (waitpid(pid, &st, 0) < 0) {
			perror("waitpid");
			return 1;
		}
		t1 = now_us();
		if (WIFSIGNALED(st))
			return 128 + WTERMSIG(st);
		if (WEXITSTATUS(st))
			return WEXITSTATUS(st);
		fprintf(f, "%lld\n", t1 - t0);
	}
	return fclose(f) ? 1 : 0;
}
