// SPDX-License-Identifier: GPL-2.0
/*
 * mefw-fuzz - seeded, time-bounded fuzzer of /dev/mefwN (VM tests)
 *
 *   mefw-fuzz [-d DEV] [-s SEED] [-t SECONDS] [-p PROCS] [-j THREADS]
 *
 * PROCS processes (default 2) of THREADS threads (default 3) each call,
 * until SECONDS (default 10) have passed: open (sometimes O_NONBLOCK),
 * close, every mefw ioctl with right and wrong sizes, directions and
 * numbers and random contents (sizes, flags, reserved fields, lengths),
 * from a buffer that ends at an unmapped page, write() of random lengths,
 * read() and poll().  The threads of a process share its files, so
 * calls race with close() on the same file.
 *
 * Each thread draws its calls from a xorshift generator seeded with SEED
 * and its process and thread numbers: a seed gives the same calls again
 * (the interleaving differs).  Results are not checked: the kernel's
 * detectors and the VM harness judge the run; every call must return.
 * Each process prints "proc=N calls=N" and, per kind of call, the count
 * of each result.
 *
 * Exit status: 0 every process finished, 1 one died or failed to start,
 * 2 usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/mefw.h>

#define MAX_THREADS	16
#define MAX_FILES	6
#define MAX_ERRNO	140
#define WRITE_MAX	(64 * 1024)

enum op { OP_OPEN, OP_CLOSE, OP_IOCTL, OP_WRITE, OP_READ, OP_POLL, OP_N };

static const char *const op_names[OP_N] = {
	"open", "close", "ioctl", "write", "read", "poll",
};

static const unsigned long ioctl_cmds[] = {
	MEFW_IOC_ABI_VERSION, MEFW_IOC_IDENTITY, MEFW_IOC_STATUS_REGS,
	MEFW_IOC_UPDATE_BEGIN, MEFW_IOC_UPDATE_END, MEFW_IOC_UPDATE_CANCEL,
	MEFW_IOC_UPDATE_PROGRESS,
};

struct fuzz {
	const char *dev;
	uint64_t seed;
	struct timespec end;
	int files[MAX_FILES];
	/* [op][0] successes, [op][e] calls that failed with errno e */
	unsigned long results[OP_N][MAX_ERRNO + 1];
};

struct worker {
	struct fuzz *fz;
	uint64_t rng;
	unsigned char *page;	/* ioctl argument: a page, then PROT_NONE */
	unsigned char *wbuf;
	pthread_t tid;
};

static uint64_t rnd(struct worker *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return w->rng;
}

static uint32_t pick(struct worker *w, uint32_t n)
{
	return (uint32_t)(rnd(w) % n);
}

static void count(struct fuzz *fz, enum op op, long ret)
{
	int e = ret < 0 ? errno : 0;

	if (e > MAX_ERRNO)
		e = MAX_ERRNO;
	__atomic_add_fetch(&fz->results[op][e], 1, __ATOMIC_RELAXED);
}

static int *slot(struct worker *w)
{
	return &w->fz->files[pick(w, MAX_FILES)];
}

static void do_open(struct worker *w)
{
	int flags = O_RDWR | O_CLOEXEC | (pick(w, 4) ? 0 : O_NONBLOCK);
	int fd = open(w->fz->dev, flags);
	int old;

	count(w->fz, OP_OPEN, fd);
	if (fd < 0)
		return;
	old = __atomic_exchange_n(slot(w), fd, __ATOMIC_SEQ_CST);
	if (old >= 0)
		close(old);
}

static void do_close(struct worker *w)
{
	int fd = __atomic_exchange_n(slot(w), -1, __ATOMIC_SEQ_CST);

	if (fd >= 0)
		count(w->fz, OP_CLOSE, close(fd));
}

/* an update length: the edges of the valid range, or anything */
static uint64_t pick_length(struct worker *w)
{
	static const uint64_t lens[] = {
		0, 1, 4095, 4096, 65536, 524288,
		MEFW_UPDATE_MAX_LENGTH, MEFW_UPDATE_MAX_LENGTH + 1ULL,
	};

	if (pick(w, 4))
		return lens[pick(w, sizeof(lens) / sizeof(lens[0]))];
	return rnd(w);
}

/* a command: mostly a real one, else with size, direction or number changed */
static unsigned long pick_cmd(struct worker *w)
{
	unsigned long cmd = ioctl_cmds[pick(w, sizeof(ioctl_cmds) /
					       sizeof(ioctl_cmds[0]))];
	unsigned int dir = _IOC_DIR(cmd), nr = _IOC_NR(cmd);
	unsigned int size = _IOC_SIZE(cmd);

	switch (pick(w, 8)) {
	case 0:
		size = pick(w, 4) ? size + pick(w, 9) - 4 : pick(w, 1024);
		break;
	case 1:
		dir = pick(w, 4);
		break;
	case 2:
		nr = pick(w, 0x20);
		break;
	default:
		return cmd;
	}
	return _IOC(dir, MEFW_IOC_MAGIC, nr, size & _IOC_SIZEMASK);
}

/*
 * The argument: zeros or random bytes, with the fields the driver checks
 * set to likely values; placed so that it ends at the unmapped page (a copy
 * larger than the command's size faults) or, rarely, a bad pointer.
 */
static void *fill_arg(struct worker *w, unsigned long cmd)
{
	unsigned int size = _IOC_SIZE(cmd);
	unsigned char *arg;
	uint32_t sz;

	if (!pick(w, 32))
		return pick(w, 2) ? NULL : (void *)(uintptr_t)rnd(w);
	if (size > 4096 || !size)
		size = 4096;
	arg = w->page + 4096 - size;
	memset(arg, 0, size);
	if (!pick(w, 4))
		for (unsigned int i = 0; i < size; i++)
			arg[i] = (unsigned char)rnd(w);
	if (_IOC_NR(cmd) == _IOC_NR(MEFW_IOC_UPDATE_BEGIN) &&
	    size >= sizeof(struct mefw_update_begin)) {
		struct mefw_update_begin *b = (void *)arg;

		b->flags = pick(w, 2) ? 0 : (pick(w, 2) ? 1 : (uint32_t)rnd(w));
		b->length = pick_length(w);
	} else if (size >= sizeof(sz)) {
		sz = pick(w, 2) ? size : (uint32_t)rnd(w) % (size + 16);
		memcpy(arg, &sz, sizeof(sz));
	}
	return arg;
}

static void do_ioctl(struct worker *w)
{
	int fd = __atomic_load_n(slot(w), __ATOMIC_SEQ_CST);
	unsigned long cmd;

	if (fd < 0)
		return;
	cmd = pick_cmd(w);
	count(w->fz, OP_IOCTL, ioctl(fd, cmd, fill_arg(w, cmd)));
}

static void do_io(struct worker *w, enum op op)
{
	static const size_t lens[] = { 0, 1, 511, 512, 4096, WRITE_MAX };
	int fd = __atomic_load_n(slot(w), __ATOMIC_SEQ_CST);
	size_t len = lens[pick(w, sizeof(lens) / sizeof(lens[0]))];
	struct pollfd p;

	if (fd < 0)
		return;
	if (pick(w, 2))
		len = pick(w, WRITE_MAX + 1);
	switch (op) {
	case OP_WRITE:
		count(w->fz, op, write(fd, w->wbuf, len));
		break;
	case OP_READ:
		count(w->fz, op, read(fd, w->wbuf, len));
		break;
	default:
		p = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
		count(w->fz, op, poll(&p, 1, (int)pick(w, 20)));
		break;
	}
}

static int time_is_up(const struct fuzz *fz)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > fz->end.tv_sec ||
	       (now.tv_sec == fz->end.tv_sec && now.tv_nsec >= fz->end.tv_nsec);
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;

	for (unsigned int i = 0; i < WRITE_MAX; i++)
		w->wbuf[i] = (unsigned char)rnd(w);
	while (!time_is_up(w->fz)) {
		switch (pick(w, 16)) {
		case 0:
			do_open(w);
			break;
		case 1:
			do_close(w);
			break;
		case 2:
		case 3:
			do_io(w, OP_WRITE);
			break;
		case 4:
			do_io(w, OP_READ);
			break;
		case 5:
			do_io(w, OP_POLL);
			break;
		default:
			do_ioctl(w);
			break;
		}
	}
	return NULL;
}

static int worker_init(struct worker *w, struct fuzz *fz, uint64_t stream)
{
	w->fz = fz;
	/* splitmix64 of the stream number: a non-zero, distinct state */
	w->rng = fz->seed + stream * 0x9E3779B97F4A7C15ULL;
	w->rng = (w->rng ^ (w->rng >> 30)) * 0xBF58476D1CE4E5B9ULL;
	w->rng = (w->rng ^ (w->rng >> 27)) * 0x94D049BB133111EBULL;
	w->rng ^= w->rng >> 31;
	if (!w->rng)
		w->rng = 1;
	w->page = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	w->wbuf = malloc(WRITE_MAX);
	if (w->page == MAP_FAILED || !w->wbuf ||
	    mprotect(w->page + 4096, 4096, PROT_NONE)) {
		perror("mefw-fuzz: buffers");
		return -1;
	}
	return 0;
}

static void print_results(const struct fuzz *fz, int proc)
{
	unsigned long total = 0;

	for (int op = 0; op < OP_N; op++)
		for (int e = 0; e <= MAX_ERRNO; e++)
			total += fz->results[op][e];
	printf("proc=%d calls=%lu\n", proc, total);
	for (int op = 0; op < OP_N; op++) {
		printf("proc=%d %s:", proc, op_names[op]);
		for (int e = 0; e <= MAX_ERRNO; e++)
			if (fz->results[op][e])
				printf(" %s=%lu", e ? strerrorname_np(e) : "ok",
				       fz->results[op][e]);
		printf("\n");
	}
	fflush(stdout);
}

/* one process: THREADS workers until the time is up */
static int run_proc(struct fuzz *fz, int proc, int threads)
{
	static struct worker ws[MAX_THREADS];
	int started = 0;

	for (int i = 0; i < MAX_FILES; i++)
		fz->files[i] = -1;
	for (int t = 0; t < threads; t++) {
		if (worker_init(&ws[t], fz, (uint64_t)proc * MAX_THREADS + t + 1) ||
		    pthread_create(&ws[t].tid, NULL, worker_run, &ws[t]))
			break;
		started++;
	}
	for (int t = 0; t < started; t++)
		pthread_join(ws[t].tid, NULL);
	for (int i = 0; i < MAX_FILES; i++)
		if (fz->files[i] >= 0)
			close(fz->files[i]);
	print_results(fz, proc);
	return started == threads ? 0 : 1;
}

static int parse_args(int argc, char **argv, struct fuzz *fz,
		      int *procs, int *threads)
{
	long secs = 10;
	int c;

	fz->dev = "/dev/mefw0";
	fz->seed = 1;
	while ((c = getopt(argc, argv, "d:s:t:p:j:")) != -1) {
		switch (c) {
		case 'd': fz->dev = optarg; break;
		case 's': fz->seed = strtoull(optarg, NULL, 0); break;
		case 't': secs = atol(optarg); break;
		case 'p': *procs = atoi(optarg); break;
		case 'j': *threads = atoi(optarg); break;
		default: return -1;
		}
	}
	if (optind != argc || secs < 1 || *procs < 1 || *procs > 64 ||
	    *threads < 1 || *threads > MAX_THREADS)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &fz->end);
	fz->end.tv_sec += secs;
	return 0;
}

int main(int argc, char **argv)
{
	static struct fuzz fz;
	int procs = 2, threads = 3, status, bad = 0;

	if (parse_args(argc, argv, &fz, &procs, &threads)) {
		fprintf(stderr, "usage: mefw-fuzz [-d DEV] [-s SEED] [-t SECONDS] [-p PROCS 1-64] [-j THREADS 1-%d]\n",
			MAX_THREADS);
		return 2;
	}
	printf("seed=%llu procs=%d threads=%d\n",
	       (unsigned long long)fz.seed, procs, threads);
	fflush(stdout);
	for (int p = 0; p < procs; p++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(run_proc(&fz, p, threads));
		if (pid < 0) {
			perror("mefw-fuzz: fork");
			bad = 1;
		}
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad = 1;
	return bad;
}
