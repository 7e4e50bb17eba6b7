// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: full verification (parse + $FPT + RSA + module hashes, with
 * LZMA decompression) of every image given, against `sha256sum` over the
 * same files, side by side in one run; then the peak RSS of verifying each
 * image in a fresh process against the size of the largest image.
 * Targets: within 4x of sha256sum; peak RSS under 3x the largest
 * image.  With --crafted WORST ORDINARY first: the worst crafted image
 * against an ordinary one of the same size (the CPU-bomb bound: padding
 * and LZMA output count against a per-image inflate budget).  Prints
 * figures, never fails on a number.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
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

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * read + parse + verify one file the way `mefwctl info` does
 * (mefw_image_load); 0 intact, 1 refused, -1 error
 */
static int verify_file(const char *path, struct mefw_image *img, bool trust_test_key)
{
	struct mefw_img_opts o = { .trust_test_key = trust_test_key };
	char err[160];
	uint8_t *b = NULL;
	size_t len = 0;
	int rc;

	if (mefw_image_load(path, MEFW_IMG_MAX_FILE, &b, &len, err, sizeof(err)))
		return -1;
	rc = mefw_image_parse_opts(img, b, len, &o);
	if (!rc)
		rc = mefw_image_verify(img, b, len, &o);
	free(b);
	return rc ? 1 : 0;
}

/* median wall time of verifying @path (test key trusted: synthetic images) */
static double median_verify(const char *path, struct mefw_image *img, int *verdict)
{
	enum { N = 9 };
	double t[N];
	int r;

	for (r = 0; r < N; r++) {
		double t0 = now();

		*verdict = verify_file(path, img, true);
		t[r] = now() - t0;
	}
	qsort(t, N, sizeof(double), cmp_d);
	return t[N / 2];
}

/*
 * --crafted WORST ORDINARY: the worst crafted image we know (padding and
 * LZMA output up to the inflate budget) against an ordinary image of the
 * same size.  Prints both times and the ratio; never fails on a number.
 */
static void bench_crafted(const char *worst, const char *ordinary, struct mefw_image *img)
{
	struct stat sw, so;
	double tw, to;
	int vw, vo;

	if (stat(worst, &sw) || stat(ordinary, &so)) {
		fprintf(stderr, "bench: cannot stat %s or %s\n", worst, ordinary);
		return;
	}
	tw = median_verify(worst, img, &vw);
	to = median_verify(ordinary, img, &vo);
	printf("bench: crafted %s (%lld bytes, %s): %.2f ms; ordinary %s (%lld bytes, %s): %.2f ms; ratio %.2fx\n",
	       worst, (long long)sw.st_size, vw == 0 ? "intact" : vw == 1 ? "refused" : "error",
	       tw * 1e3, ordinary, (long long)so.st_size,
	       vo == 0 ? "intact" : vo == 1 ? "refused" : "error", to * 1e3, tw / to);
	fflush(stdout);	/* before any fork */
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

/* peak RSS in KiB of `INFO info ARG` run by the probe, or -1 */
static long probe_rss(const char *probe, const char *info, const char *arg)
{
	int fd[2], st;
	char buf[32] = "";
	ssize_t n;
	pid_t pid;

	if (pipe(fd) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(probe, probe, info, "info", arg, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	n = read(fd[0], buf, sizeof(buf) - 1);
	close(fd[0]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) || n <= 0)
		return -1;
	return atol(buf);
}

int main(int argc, char **argv)
{
	enum { ROUNDS = 7 };
	struct mefw_image *img = calloc(1, sizeof(*img));
	double tv[ROUNDS], ts[ROUNDS];
	size_t largest = 0, total = 0;
	long max_rss = 0, base_rss = 0;
	int r, i, intact = 0, refused = 0;

	const char *info = getenv("MEFWCTL"), *probe = getenv("RSS_PROBE");
	const char *max_name = "";
	bool verbose = getenv("BENCH_VERBOSE") != NULL;

	if (!img)
		return 2;
	while (argc >= 4 && !strcmp(argv[1], "--crafted")) {
		bench_crafted(argv[2], argv[3], img);
		argv += 3;
		argc -= 3;
	}
	if (argc < 2 || !info || !probe) {
		fprintf(stderr, "usage: MEFWCTL=path/to/mefwctl RSS_PROBE=path/to/rss_probe %s [--crafted WORST ORDINARY]... IMAGE...\n",
			argv[0]);
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
			int v = verify_file(argv[i], img, false);

			intact += v == 0;
			refused += v == 1;
		}
		tv[r] = now() - t0;
		ts[r] = run_sha256sum(argc - 1, argv + 1);
	}
	qsort(tv, ROUNDS, sizeof(double), cmp_d);
	qsort(ts, ROUNDS, sizeof(double), cmp_d);

	/*
	 * peak RSS: `mefwctl info IMAGE` in a fresh process, started by the
	 * small rss_probe: a child forked from this (large) process would
	 * count our own pages in its ru_maxrss.
	 */
	for (i = 0; i < argc; i++) {
		long kib = probe_rss(probe, info, i ? argv[i] : "--help");

		if (kib < 0) {
			fprintf(stderr, "bench: cannot measure the RSS of %s\n", i ? argv[i] : "--help");
			continue;
		}
		if (i == 0) {
			base_rss = kib;
		} else {
			if (kib > max_rss) {
				max_rss = kib;
				max_name = argv[i];
			}
			if (verbose)
				printf("bench:   peak RSS %6ld KiB  %s\n", kib, argv[i]);
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
	printf("bench: peak RSS of `info IMAGE` %.1f MiB (%ld KiB, %s) = %.2fx the largest image (target: under 3x)\n",
	       max_rss / 1024.0, max_rss, max_name, max_rss * 1024.0 / (double)largest);
	printf("bench:   of which process baseline (`info --help`: libc, libcrypto, liblzma, json-c) %.1f MiB; above baseline %.2fx the largest image\n",
	       base_rss / 1024.0, (max_rss - base_rss) * 1024.0 / (double)largest);
	free(img);
	return 0;
}
