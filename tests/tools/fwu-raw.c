// SPDX-License-Identifier: GPL-2.0
/*
 * fwu-raw: push a firmware image to the legacy FWUpdate client over
 * /dev/meiN (START / DATA / END) and follow the update through the MKHI
 * progress query (group 6 cmd 2) and the status registers, for the
 * mei-sim VM tests and as the transport baseline of the benchmark.
 * Only works while no kernel driver binds the clients (mefw.ko not
 * loaded).
 *
 * Usage: fwu-raw [options] IMAGE
 *   -d DEV    device node (default /dev/mei0)
 *   -t MS     reply timeout in milliseconds (default 5000)
 *   -p MS     progress poll interval (default 20)
 *   -w SEC    progress polling limit (default 30)
 *   -L LEN    START length (default: the image size)
 *   -n N      send only the first N DATA messages, then END
 *   -c BYTES  DATA payload size (default MTU - 12)
 *   -E        stop after DATA (no END)
 *   -P        no progress polling after END
 *   -T        print timing: "time: transfer_us N"
 * Output (one line each): "mtu N", "start: status S", "data: N msgs B
 * bytes status S", "end: status S reset_type R", a "progress: ..." line
 * whenever the progress changes, "reset: ..." around an ME reset and a
 * "final: ..." summary; problems as "WHAT: timeout", "WHAT: read: ERRNO",
 * "WHAT: bad reply N bytes HEX".
 * Exit: 0 update done (or END accepted with -P), 1 usage/other error,
 * 2 reply timeout, 3 connect failed, 4 read/write error, 5 the FW
 * returned a failure status, 6 malformed reply, 7 progress stalled or
 * polling limit reached.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/mei.h>

#define BUF_MAX		8192
#define STAGES_MAX	64
#define ST_IN_PROGRESS	0x213

static const uuid_le fwu_uuid = UUID_LE(0x309dcde8, 0xccb1, 0x4062, 0x8f,
					0x78, 0x60, 0x01, 0x15, 0xa3, 0x43,
					0x27);
static const uuid_le mkhi_uuid = UUID_LE(0x8e6a6715, 0x9abc, 0x4043, 0x88,
					 0xef, 0x9e, 0x39, 0xc6, 0xf6, 0x3e,
					 0x0f);

static const char *dev = "/dev/mei0";
static int timeout_ms = 5000;

static const char *ename(int err)
{
	const char *n = strerrorname_np(err);

	return n ? n : "E?";
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int connect_fd(const uuid_le *uuid, unsigned int *mtu)
{
	struct mei_connect_client_data data;
	int fd = open(dev, O_RDWR);

	if (fd < 0)
		return -errno;
	memset(&data, 0, sizeof(data));
	data.in_client_uuid = *uuid;
	if (ioctl(fd, IOCTL_MEI_CONNECT_CLIENT, &data)) {
		int err = errno;

		close(fd);
		return -err;
	}
	*mtu = data.out_client_properties.max_msg_length;
	return fd;
}

static void hexdump(const uint8_t *b, ssize_t n)
{
	ssize_t i;

	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
}

/* one request/reply; returns the reply length or -(exit code) */
static ssize_t xfer(int fd, const char *what, const uint8_t *req, size_t len,
		    uint8_t *rep)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;
	int r;

	if (write(fd, req, len) != (ssize_t)len) {
		printf("%s: write: %s\n", what, ename(errno));
		return -4;
	}
	r = poll(&p, 1, timeout_ms);
	if (r < 0) {
		printf("%s: poll: %s\n", what, ename(errno));
		return -4;
	}
	if (r == 0) {
		printf("%s: timeout\n", what);
		return -2;
	}
	n = read(fd, rep, BUF_MAX);
	if (n < 0) {
		printf("%s: read: %s\n", what, ename(errno));
		return -4;
	}
	return n;
}

/* check an FWU reply: id and exact length; returns status or -(exit) */
static long fwu_reply(const char *what, const uint8_t *rep, ssize_t n,
		      uint32_t id, ssize_t want)
{
	if (n != want || get32(rep) != id) {
		printf("%s: bad reply %zd bytes ", what, n);
		hexdump(rep, n);
		printf("\n");
		return -6;
	}
	return get32(rep + 4);
}

static uint8_t *read_image(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) || !st.st_size) {
		fprintf(stderr, "fwu-raw: cannot read %s\n", path);
		exit(1);
	}
	buf = malloc(st.st_size);
	if (!buf || read(fd, buf, st.st_size) != st.st_size) {
		fprintf(stderr, "fwu-raw: cannot read %s\n", path);
		exit(1);
	}
	close(fd);
	*len = st.st_size;
	return buf;
}

struct regs {
	int valid;
	int updating;
	unsigned int phase, percent;
};

static void read_regs(struct regs *r)
{
	char path[64], line[256];
	unsigned int h1 = 0, h2 = 0;
	FILE *f;

	memset(r, 0, sizeof(*r));
	snprintf(path, sizeof(path), "/sys/class/mei/%s/fw_status",
		 strrchr(dev, '/') + 1);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(line, sizeof(line), f) && sscanf(line, "%x", &h1) == 1 &&
	    fgets(line, sizeof(line), f) && sscanf(line, "%x", &h2) == 1) {
		r->valid = 1;
		r->updating = !!(h1 & (1u << 11));
		r->phase = h2 >> 28;
		r->percent = (h2 >> 16) & 0xff;
	}
	fclose(f);
}

struct progress {
	int avail;
	uint32_t percent, stage, total, status, reset;
};

/* 0 ok, -(exit code) on failure */
static int query(int fd, struct progress *pr)
{
	static const uint8_t req[4] = { 0x06, 0x02, 0x00, 0x00 };
	static uint8_t rep[BUF_MAX];
	ssize_t n = xfer(fd, "progress", req, sizeof(req), rep);

	if (n < 0)
		return (int)n;
	memset(pr, 0, sizeof(*pr));
	if (n == 4 && rep[0] == 6 && rep[1] == 0x82 && rep[3] == 2)
		return 0;
	if (n != 28 || rep[0] != 6 || rep[1] != 0x82 || rep[3] != 0) {
		printf("progress: bad reply %zd bytes ", n);
		hexdump(rep, n);
		printf("\n");
		return -6;
	}
	pr->avail = 1;
	pr->percent = get32(rep + 4);
	pr->stage = get32(rep + 8);
	pr->total = get32(rep + 12);
	pr->status = get32(rep + 16);
	pr->reset = get32(rep + 20);
	return 0;
}

static int reconnect_mkhi(int limit_ms)
{
	unsigned int mtu;
	int waited = 0, fd;

	while ((fd = connect_fd(&mkhi_uuid, &mtu)) < 0 && waited < limit_ms) {
		usleep(50000);
		waited += 50;
	}
	return fd;
}

/* follow the engine; returns the exit code */
static int follow(int poll_ms, int limit_s)
{
	struct progress pr, last = { 0 };
	struct regs rg;
	unsigned int mtu, max_pct = 0, regs_max = 0, last_stage = 0;
	int monotonic = 1, phase_seen = 0, fd, rc, waited = 0;
	uint64_t end = now_us() + (uint64_t)limit_s * 1000000;
	int printed = 0, reset_seen = 0;

	fd = connect_fd(&mkhi_uuid, &mtu);
	if (fd < 0) {
		printf("progress: connect: %s\n", ename(-fd));
		return 3;
	}
	for (;;) {
		if (now_us() > end) {
			printf("final: polling limit reached\n");
			close(fd);
			return 7;
		}
		read_regs(&rg);
		if (rg.valid && rg.updating && rg.phase == 7) {
			phase_seen = 1;
			if (rg.percent > regs_max)
				regs_max = rg.percent;
		}
		rc = query(fd, &pr);
		if (rc == -4) {
			/* the client went away: ME reset */
			close(fd);
			printf("reset: progress client gone\n");
			fd = reconnect_mkhi(limit_s * 1000);
			if (fd < 0) {
				printf("reset: reconnect: %s\n", ename(-fd));
				return 4;
			}
			printf("reset: reconnected\n");
			reset_seen = 1;
			continue;
		}
		if (rc == -2) {
			usleep(poll_ms * 1000);
			continue;
		}
		if (rc)
			return -rc;
		if (!pr.avail) {
			if (!printed++)
				printf("progress: not available\n");
			usleep(poll_ms * 1000);
			continue;
		}
		if (pr.percent < last.percent || pr.stage < last_stage ||
		    pr.percent > 100 || pr.stage > pr.total)
			monotonic = 0;
		if (pr.percent != last.percent || pr.stage != last.stage ||
		    pr.status != last.status || !last.total)
			printf("progress: %u %u/%u status 0x%x reset %u regs %u%s\n",
			       pr.percent, pr.stage, pr.total, pr.status,
			       pr.reset, rg.percent,
			       rg.updating && rg.phase == 7 ? " phase7" : "");
		if (pr.percent > max_pct)
			max_pct = pr.percent;
		last_stage = pr.stage;
		last = pr;
		if (pr.status != ST_IN_PROGRESS)
			break;
		usleep(poll_ms * 1000);
	}
	if (!pr.status && pr.reset == 2 && !reset_seen) {
		/* the ME resets itself: wait for it, then ask again */
		while (waited < limit_s * 1000) {
			rc = query(fd, &pr);
			if (rc == -4)
				break;
			usleep(poll_ms * 1000);
			waited += poll_ms;
		}
		close(fd);
		if (rc != -4) {
			printf("reset: no ME reset\n");
			return 7;
		}
		printf("reset: ME reset seen\n");
		fd = reconnect_mkhi(limit_s * 1000);
		if (fd < 0) {
			printf("reset: reconnect: %s\n", ename(-fd));
			return 4;
		}
		rc = query(fd, &pr);
		if (rc)
			return -rc;
		printf("reset: after reset %u %u/%u status 0x%x\n", pr.percent,
		       pr.stage, pr.total, pr.status);
	}
	close(fd);
	printf("final: status 0x%x percent %u stage %u/%u reset %u monotonic %s max %u regs_max %u phase7 %s\n",
	       last.status, last.percent, last.stage, last.total, last.reset,
	       monotonic ? "yes" : "no", max_pct, regs_max,
	       phase_seen ? "yes" : "no");
	return last.status ? 5 : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: fwu-raw [-d DEV] [-t MS] [-p MS] [-w SEC] [-L LEN] [-n N] [-c BYTES] [-E] [-P] [-T] IMAGE\n");
	exit(1);
}

int main(int argc, char **argv)
{
	static uint8_t msg[BUF_MAX], rep[BUF_MAX];
	long len_override = -1, ndata = -1, chunk = 0;
	int poll_ms = 20, limit_s = 30, no_end = 0, no_poll = 0, timing = 0;
	unsigned int mtu, msgs = 0;
	size_t len, off = 0;
	uint64_t t0, t1;
	uint8_t *img;
	long st;
	ssize_t n;
	int fd, opt;

	while ((opt = getopt(argc, argv, "d:t:p:w:L:n:c:EPT")) != -1) {
		switch (opt) {
		case 'd':
			dev = optarg;
			break;
		case 't':
			timeout_ms = atoi(optarg);
			break;
		case 'p':
			poll_ms = atoi(optarg);
			break;
		case 'w':
			limit_s = atoi(optarg);
			break;
		case 'L':
			len_override = strtol(optarg, NULL, 0);
			break;
		case 'n':
			ndata = strtol(optarg, NULL, 0);
			break;
		case 'c':
			chunk = strtol(optarg, NULL, 0);
			break;
		case 'E':
			no_end = 1;
			break;
		case 'P':
			no_poll = 1;
			break;
		case 'T':
			timing = 1;
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	img = read_image(argv[optind], &len);

	fd = connect_fd(&fwu_uuid, &mtu);
	if (fd < 0) {
		printf("connect: %s\n", ename(-fd));
		return 3;
	}
	printf("mtu %u\n", mtu);
	if (!chunk)
		chunk = mtu - 12;
	if (chunk <= 0 || chunk > BUF_MAX - 12)
		usage();

	t0 = now_us();
	/* START (FWU_START_MSG, packed): {id 2, length, update_type 0, ...} = 86 bytes */
	memset(msg, 0, 86);
	put32(msg, 2);
	put32(msg + 4, len_override >= 0 ? (uint32_t)len_override : len);
	n = xfer(fd, "start", msg, 86, rep);
	if (n < 0)
		return (int)-n;
	st = fwu_reply("start", rep, n, 3, 24);
	if (st < 0)
		return (int)-st;
	printf("start: status %ld\n", st);
	if (st)
		return 5;

	while (off < len && (ndata < 0 || msgs < ndata)) {
		size_t c = len - off < (size_t)chunk ? len - off : (size_t)chunk;
		char what[32];

		put32(msg, 4);
		put32(msg + 4, c);
		memset(msg + 8, 0, 4);
		memcpy(msg + 12, img + off, c);
		msgs++;
		snprintf(what, sizeof(what), "data %u", msgs);
		n = xfer(fd, what, msg, 12 + c, rep);
		if (n < 0)
			return (int)-n;
		st = fwu_reply(what, rep, n, 5, 8);
		if (st < 0)
			return (int)-st;
		if (st) {
			printf("data: %u msgs %zu bytes status %ld\n", msgs,
			       off, st);
			return 5;
		}
		off += c;
	}
	printf("data: %u msgs %zu bytes status 0\n", msgs, off);
	if (no_end)
		return 0;

	put32(msg, 6);
	n = xfer(fd, "end", msg, 4, rep);
	if (n < 0)
		return (int)-n;
	st = fwu_reply("end", rep, n, 7, 28);
	if (st < 0)
		return (int)-st;
	t1 = now_us();
	printf("end: status %ld reset_type %u\n", st, get32(rep + 8));
	if (timing)
		printf("time: transfer_us %llu bytes %zu msgs %u\n",
		       (unsigned long long)(t1 - t0), off, msgs);
	close(fd);
	if (st)
		return 5;
	if (no_poll)
		return 0;
	return follow(poll_ms, limit_s);
}
