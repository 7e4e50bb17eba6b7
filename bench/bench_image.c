// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: full verification (parse + $FPT + RSA + module hashes, with
 * LZMA decompression) of every image given, against `sha256sum` over the
 * same files, side by side in one run; then the peak RSS of verifying each
 * image in a fresh process against the size of the largest image.
 * Targets (issue 3): within 4x of sha256sum; peak RSS under 3x the largest
 * image.  Prints figures, never fails on a number.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "image/image.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	uint8_t *b;

	if (!f || fstat(fileno(f), &st)) {
		if (f)
			fclose(f);
		return NULL;
	}
	b = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (b && fread(b, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = (size_t)st.st_size;
	return b;
}

/* read + parse + verify one file; returns 0 intact, 1 refused, -1 error */
static int verify_file(const char *path, struct mefw_image *img)
{
	size_t len = 0;
	uint8_t *b = slurp(path, &len);
	int rc;

	if (!b)
		return -1;
	rc = mefw_image_parse(img, b, len);
	if (!rc)
		rc = mefw_image_verify(img, b, len, NULL);
	free(b);
	return rc ? 1 : 0;
}

static double run_sha256sum(int n, char **files)
{
	char **argv = calloc((size_t)n + 2, sizeof(char *));
	double t0 = now();
	int st, i;
	pid_t pid;

	argv[0] = "sha256sum";
	for (i = 0; i < n; i++)
		argv[i + 1] = files[i];
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execvp("sha256sum", argv);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	free(argv);
	return now() - t0;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	enum { ROUNDS = 7 };
	struct mefw_image *img = calloc(1, sizeof(*img));
	double tv[ROUNDS], ts[ROUNDS];
	size_t largest = 0, total = 0;
	long max_rss = 0, base_rss = 0;
	int r, i, intact = 0, refused = 0;

	const char *info = getenv("MEFWCTL");

	if (argc < 2 || !img || !info) {
		fprintf(stderr, "usage: MEFWCTL=path/to/mefwctl %s IMAGE...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (!stat(argv[i], &st)) {
			total += (size_t)st.st_size;
			if ((size_t)st.st_size > largest)
				largest = (size_t)st.st_size;
		}
	}
	/* warm the page cache */
	run_sha256sum(argc - 1, argv + 1);
	for (r = 0; r < ROUNDS; r++) {
		double t0 = now();

		intact = refused = 0;
		for (i = 1; i < argc; i++) {
			int v = verify_file(argv[i], img);

			intact += v == 0;
			refused += v == 1;
		}
		tv[r] = now() - t0;
		ts[r] = run_sha256sum(argc - 1, argv + 1);
	}
	qsort(tv, ROUNDS, sizeof(double), cmp_d);
	qsort(ts, ROUNDS, sizeof(double), cmp_d);

	/* peak RSS: `mefwctl info IMAGE` in a fresh process */
	for (i = 0; i < argc; i++) {
		struct rusage ru;
		int st;
		pid_t pid = fork();

		if (pid == 0) {
			if (!freopen("/dev/null", "w", stdout) ||
			    !freopen("/dev/null", "w", stderr))
				_exit(126);
			if (i == 0)
				execl(info, info, "info", "--help", (char *)NULL);
			else
				execl(info, info, "info", argv[i], (char *)NULL);
			_exit(127);
		}
		if (wait4(pid, &st, 0, &ru) == pid) {
			if (i == 0)
				base_rss = ru.ru_maxrss;
			else if (ru.ru_maxrss > max_rss)
				max_rss = ru.ru_maxrss;
		}
	}

	printf("bench: %d images, %.1f MiB in total, largest %.2f MiB (%d intact, %d refused)\n",
	       argc - 1, total / 1048576.0, largest / 1048576.0, intact, refused);
	printf("bench: full verification  %8.1f ms (median of %d rounds)\n",
	       tv[ROUNDS / 2] * 1e3, ROUNDS);
	printf("bench: sha256sum          %8.1f ms (median of %d rounds, same files, same run)\n",
	       ts[ROUNDS / 2] * 1e3, ROUNDS);
	printf("bench: ratio verify/sha256sum = %.2fx (target: within 4x)\n",
	       tv[ROUNDS / 2] / ts[ROUNDS / 2]);
	printf("bench: peak RSS of `info IMAGE` %.1f MiB = %.2fx the largest image (target: under 3x)\n",
	       max_rss / 1024.0, max_rss * 1024.0 / (double)largest);
	printf("bench:   of which process baseline (`info --help`: libc, libcrypto, liblzma, json-c) %.1f MiB; above baseline %.2fx the largest image\n",
	       base_rss / 1024.0, (max_rss - base_rss) * 1024.0 / (double)largest);
	free(img);
	return 0;
}
