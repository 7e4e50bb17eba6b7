// SPDX-License-Identifier: GPL-2.0
/*
 * mefw-failnth - make each allocation of one mefw.ko path fail in turn
 * (VM tests on a kernel with CONFIG_FAULT_INJECTION)
 *
 *   mefw-failnth [-d DEV] [-c CLIENT] [-i IMAGE] [-m MAX] [-R FILE] STEP
 *
 * STEP is one system call into mefw.ko:
 *   bind      write CLIENT to /sys/bus/mei/drivers/mefw/bind (probe)
 *   unbind    write CLIENT to .../unbind (remove)
 *   open      open /dev/DEV
 *   identity  MEFW_IOC_IDENTITY (a conversation with the ME)
 *   regs      MEFW_IOC_STATUS_REGS
 *   begin     MEFW_IOC_UPDATE_BEGIN for IMAGE (same version allowed)
 *   write     write() the first 4 KiB of IMAGE after BEGIN (DATA messages)
 *   end       MEFW_IOC_UPDATE_END after all of IMAGE was written
 *
 * For N = 1, 2, ... the step runs with /proc/thread-self/fail-nth = N: the
 * Nth fault-injection point the thread passes in the kernel (slab and
 * page allocations, as the caller configured failslab and
 * fail_page_alloc) fails.  The walk ends at the first N the step no
 * longer reaches (fail-nth still armed afterwards) or at MAX (default
 * 400).  Each injected failure must leave the step succeeded or failed
 * with ENOMEM, and the device usable: after each N the transaction is
 * cancelled or waited for, and MEFW_IOC_IDENTITY must succeed on a fresh
 * open (after bind/unbind: once the client is bound again).
 *
 * -R FILE: after an unbind whose client cannot be bound again, write 1 to
 * FILE (mei-sim's fw_reset) and try once more.  When the allocation that
 * fails is the mei core's disconnect message, the host forgets the
 * connection but the ME does not, and refuses the next connect (EBUSY)
 * until it resets; such N are counted in the summary.
 *
 * Prints one line per N ("bind n=3: ENOMEM") and a summary
 * ("bind: 41 fault points; failing each: 30 ENOMEM, 11 ok; 0 ME resets").
 *
 * Exit status: 0 the walk passed, 1 a step failed otherwise or the device
 * did not work afterwards, 2 usage or set-up error.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/mefw.h>

#define DRV		"/sys/bus/mei/drivers/mefw"
#define WRITE_STEP	4096

enum step { S_BIND, S_UNBIND, S_OPEN, S_IDENTITY, S_REGS, S_BEGIN, S_WRITE, S_END, S_N };

static const char *const step_names[S_N] = {
	"bind", "unbind", "open", "identity", "regs", "begin", "write", "end",
};

struct walk {
	enum step step;
	char dev[64];
	const char *client;
	unsigned char *img;
	size_t len;
	unsigned int max;
	int nth;		/* /proc/thread-self/fail-nth */
	int fd;			/* the device, when the step needs it open */
	int sysfd;		/* bind or unbind, when the step writes it */
	const char *reset;	/* -R: writing 1 there resets the ME */
	unsigned int resets;	/* how often it was needed */
};

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: mefw-failnth [-d DEV] [-c CLIENT] [-i IMAGE] [-m MAX] [-R FILE] "
		"bind|unbind|open|identity|regs|begin|write|end\n");
	exit(2);
}

static void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static bool bound(const struct walk *w)
{
	char path[256];

	snprintf(path, sizeof(path), DRV "/%s", w->client);
	return access(path, F_OK) == 0;
}

/* bind (@on) or unbind the client without fault injection; 0 when done */
static int set_bound(const struct walk *w, bool on)
{
	int fd, r = 0;

	if (bound(w) == on)
		return 0;
	fd = open(on ? DRV "/bind" : DRV "/unbind", O_WRONLY);
	if (fd < 0 || write(fd, w->client, strlen(w->client)) < 0)
		r = -errno;
	if (fd >= 0)
		close(fd);
	return r ? r : bound(w) == on ? 0 : -EIO;
}

/* open the device node, waiting up to 10 s for it (it follows a bind) */
static int open_dev(const struct walk *w)
{
	int i, fd = -1;

	for (i = 0; i < 100 && fd < 0; i++) {
		fd = open(w->dev, O_RDWR);
		if (fd < 0 && errno != ENOENT && errno != ENXIO && errno != ENODEV)
			break;
		if (fd < 0)
			msleep(100);
	}
	return fd;
}

static int begin(int fd, const struct walk *w)
{
	struct mefw_update_begin b = {
		.flags = MEFW_UPDATE_ALLOW_SAME_VERSION, .length = w->len,
	};

	return ioctl(fd, MEFW_IOC_UPDATE_BEGIN, &b);
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* what the step needs before it: the client (un)bound, the device open,
 * the transaction begun or written; 0 or -errno */
static int prepare(struct walk *w)
{
	const char *sys = w->step == S_BIND ? DRV "/bind" : DRV "/unbind";

	w->fd = w->sysfd = -1;
	if (w->step == S_BIND || w->step == S_UNBIND) {
		if (set_bound(w, w->step == S_UNBIND))
			return -EIO;
		w->sysfd = open(sys, O_WRONLY);
		return w->sysfd < 0 ? -errno : 0;
	}
	if (w->step == S_OPEN)
		return 0;
	w->fd = open_dev(w);
	if (w->fd < 0)
		return -errno;
	if (w->step < S_WRITE)
		return 0;
	if (begin(w->fd, w))
		return -errno;
	if (w->step == S_END && write_all(w->fd, w->img, w->len))
		return -errno;
	return 0;
}

/* the step itself: one system call; 0 or -errno */
static int run_step(struct walk *w)
{
	struct mefw_identity id = { .size = sizeof(id) };
	struct mefw_status_regs regs = { .size = sizeof(regs) };
	ssize_t n;
	int r = 0;

	switch (w->step) {
	case S_BIND:
	case S_UNBIND:
		n = write(w->sysfd, w->client, strlen(w->client));
		return n < 0 ? -errno : 0;
	case S_OPEN:
		w->fd = open(w->dev, O_RDWR);
		return w->fd < 0 ? -errno : 0;
	case S_IDENTITY:
		r = ioctl(w->fd, MEFW_IOC_IDENTITY, &id);
		break;
	case S_REGS:
		r = ioctl(w->fd, MEFW_IOC_STATUS_REGS, &regs);
		break;
	case S_BEGIN:
		r = begin(w->fd, w);
		break;
	case S_WRITE:
		n = write(w->fd, w->img, w->len < WRITE_STEP ? w->len : WRITE_STEP);
		return n < 0 ? -errno : 0;
	case S_END:
		r = ioctl(w->fd, MEFW_IOC_UPDATE_END);
		break;
	default:
		break;
	}
	return r < 0 ? -errno : 0;
}

/* after END: wait (60 s at most) until the transaction is final */
static int wait_final(int fd)
{
	struct mefw_update_progress p;
	int i;

	for (i = 0; i < 600; i++) {
		memset(&p, 0, sizeof(p));
		p.size = sizeof(p);
		if (ioctl(fd, MEFW_IOC_UPDATE_PROGRESS, &p))
			return -errno;
		if (p.state == MEFW_STATE_IDLE || p.state >= MEFW_STATE_SUCCEEDED)
			return 0;
		msleep(100);
	}
	return -ETIMEDOUT;
}

/* the client bound, the node there and answering IDENTITY: 0 or -errno */
static int usable(const struct walk *w)
{
	struct mefw_identity id = { .size = sizeof(id) };
	int fd, r;

	if (set_bound(w, true))
		return -ENODEV;
	fd = open_dev(w);
	if (fd < 0)
		return -errno;
	r = ioctl(fd, MEFW_IOC_IDENTITY, &id) ? -errno : 0;
	close(fd);
	return r;
}

/* write 1 to the -R file, then wait (10 s at most) for the client to be
 * bound again: the ME's reset makes the mei core enumerate it anew */
static int reset_me(const struct walk *w)
{
	int fd = open(w->reset, O_WRONLY), i;

	if (fd < 0 || write(fd, "1", 1) != 1) {
		i = -errno;
		if (fd >= 0)
			close(fd);
		return i;
	}
	close(fd);
	for (i = 0; i < 100 && !bound(w); i++)
		msleep(100);
	return bound(w) ? 0 : -ENODEV;
}

/* end what the step left open, then check the device still answers */
static int settle(struct walk *w)
{
	int r = 0;

	if (w->fd >= 0) {
		/* before END: cancel; after END: the ME decides, wait for it */
		if (ioctl(w->fd, MEFW_IOC_UPDATE_CANCEL) && errno != EPROTO &&
		    errno != EBUSY)
			r = -errno;
		if (!r)
			r = wait_final(w->fd);
		close(w->fd);
	}
	if (w->sysfd >= 0)
		close(w->sysfd);
	w->fd = w->sysfd = -1;
	if (r)
		return r;
	r = usable(w);
	if (r && w->reset && w->step == S_UNBIND) {
		printf("%s: the client did not come back (%s): ME reset\n",
		       step_names[w->step], strerror(-r));
		w->resets++;
		r = reset_me(w);
		if (!r)
			r = usable(w);
	}
	return r;
}

static int arm(const struct walk *w, unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	return pwrite(w->nth, buf, (size_t)len, 0) == len ? 0 : -errno;
}

/* fail-nth's value now: 0 once the Nth point failed, else what is left */
static long armed(const struct walk *w)
{
	char buf[16] = "";

	if (pread(w->nth, buf, sizeof(buf) - 1, 0) <= 0)
		return -1;
	return strtol(buf, NULL, 10);
}

/* one N: 1 = injected, 0 = the step passed fewer points (the walk ends),
 * -1 = the step or the device failed */
static int walk_one(struct walk *w, unsigned int n, unsigned int *enomem)
{
	const char *name = step_names[w->step];
	long left;
	int r, s;

	r = prepare(w);
	if (r) {
		printf("%s n=%u: cannot prepare the step: %s\n", name, n, strerror(-r));
		return -1;
	}
	if (arm(w, n)) {
		printf("%s: cannot write fail-nth: %s\n", name, strerror(errno));
		return -1;
	}
	r = run_step(w);
	left = armed(w);
	arm(w, 0);
	if (left)
		printf("%s n=%u: not reached (%s)\n", name, n, r ? strerror(-r) : "ok");
	else
		printf("%s n=%u: %s\n", name, n, r ? strerror(-r) : "ok");
	fflush(stdout);
	s = settle(w);
	if (s) {
		printf("FAIL: %s n=%u: the device does not work afterwards: %s\n",
		       name, n, strerror(-s));
		return -1;
	}
	if (r && (r != -ENOMEM || left)) {
		printf("FAIL: %s n=%u: %s, want success or ENOMEM\n", name, n, strerror(-r));
		return -1;
	}
	*enomem += r == -ENOMEM;
	return left ? 0 : 1;
}

static int load_image(struct walk *w, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) || st.st_size <= 0 || st.st_size > MEFW_UPDATE_MAX_LENGTH)
		goto fail;
	w->len = (size_t)st.st_size;
	w->img = malloc(w->len);
	if (!w->img || read(fd, w->img, w->len) != (ssize_t)w->len)
		goto fail;
	close(fd);
	return 0;
fail:
	fprintf(stderr, "mefw-failnth: %s: cannot read the image\n", path);
	if (fd >= 0)
		close(fd);
	return -1;
}

static void parse_args(int argc, char **argv, struct walk *w, const char **image)
{
	const char *dev = "mefw0";
	int c, i;

	while ((c = getopt(argc, argv, "d:c:i:m:R:")) != -1) {
		switch (c) {
		case 'd': dev = optarg; break;
		case 'c': w->client = optarg; break;
		case 'i': *image = optarg; break;
		case 'm': w->max = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'R': w->reset = optarg; break;
		default: usage();
		}
	}
	if (optind != argc - 1 || !w->client || !w->max)
		usage();
	for (i = 0; i < S_N && strcmp(argv[optind], step_names[i]); i++)
		;
	if (i == S_N || (i >= S_BEGIN && !*image))
		usage();
	w->step = (enum step)i;
	snprintf(w->dev, sizeof(w->dev), "/dev/%s", dev);
}

int main(int argc, char **argv)
{
	struct walk w = { .max = 400 };
	const char *image = NULL;
	unsigned int n, enomem = 0;
	int r = 0;

	parse_args(argc, argv, &w, &image);
	if (image && load_image(&w, image))
		return 2;
	w.nth = open("/proc/thread-self/fail-nth", O_RDWR);
	if (w.nth < 0) {
		fprintf(stderr, "mefw-failnth: /proc/thread-self/fail-nth: %s "
			"(needs CONFIG_FAULT_INJECTION)\n", strerror(errno));
		return 2;
	}
	for (n = 1; n <= w.max; n++) {
		r = walk_one(&w, n, &enomem);
		if (r <= 0)
			break;
	}
	if (r < 0)
		return 1;
	if (r > 0) {
		printf("FAIL: %s: still reaching fault points at n=%u\n", step_names[w.step], w.max);
		return 1;
	}
	printf("%s: %u fault points; failing each: %u ENOMEM, %u ok; %u ME resets\n",
	       step_names[w.step], n - 1, enomem, n - 1 - enomem, w.resets);
	return 0;
}
