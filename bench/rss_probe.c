// SPDX-License-Identifier: GPL-2.0
/*
 * rss_probe PROG [ARGS...]: run PROG (stdout and stderr to /dev/null) and
 * print its peak RSS in KiB.  A process's ru_maxrss includes what it had
 * mapped before exec(), i.e. the memory of whoever forked it; this probe
 * is small (libc only), so the figure is PROG's own, whatever the size of
 * the benchmark that starts the probe.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	int st, fd;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PROG [ARGS...]\n", argv[0]);
		return 2;
	}
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		execv(argv[1], argv + 1);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) || WEXITSTATUS(st) >= 126)
		return 1;
	printf("%ld\n", ru.ru_maxrss);
	return 0;
}
