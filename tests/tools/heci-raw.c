// SPDX-License-Identifier: GPL-2.0
/*
 * heci-raw: raw HECI exchanges with a firmware client through /dev/meiN,
 * for the mei-sim VM tests.  Only works for clients no kernel driver has
 * bound (e.g. without mefw.ko loaded).
 *
 * Usage: heci-raw [options] UUID [HEX...]
 *   -d DEV    device node (default /dev/mei0)
 *   -t MS     reply timeout in milliseconds (default 3000)
 *   -v        print "mtu N ver N" after connecting
 *   -2        after connecting, try a second connection to the same UUID
 *             and print "second: OK" or "second: ERRNO"
 *   -r        after the messages, wait (up to the timeout) for one more
 *             reply without sending, e.g. across a FW-initiated disconnect
 *   -e        enable notifications, wait (timeout) for one, print "event N"
 * Every HEX argument is one request (hex digits, spaces and ':' ignored);
 * each reply is printed as one line of lower-case hex.
 *
 * Exit: 0 ok, 1 usage or other error, 2 timeout (no reply), 3 connect
 * failed ("connect: ERRNO"), 4 read or write failed ("read: ERRNO").
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/mei.h>

#define BUF_MAX 8192

static int parse_uuid(const char *s, uuid_le *u)
{
	unsigned int a, b, c, d[8];

	if (strlen(s) != 36 ||
	    sscanf(s, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x", &a, &b, &c,
		   &d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7]) != 11)
		return -1;
	*u = (uuid_le)UUID_LE(a, b, c, d[0], d[1], d[2], d[3], d[4], d[5],
			      d[6], d[7]);
	return 0;
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static ssize_t parse_hex(const char *s, uint8_t *buf, size_t max)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v;

		if (*s == ' ' || *s == ':')
			continue;
		v = hexval(*s);
		if (v < 0)
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == max)
			return -1;
		buf[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? (ssize_t)n : -1;
}

static const char *ename(int err)
{
	const char *n = strerrorname_np(err);

	return n ? n : "E?";
}

static int connect_fd(const char *dev, const uuid_le *uuid,
		      struct mei_client *props, int *err)
{
	struct mei_connect_client_data data;
	int fd = open(dev, O_RDWR);

	if (fd < 0) {
		*err = errno;
		return -1;
	}
	memset(&data, 0, sizeof(data));
	data.in_client_uuid = *uuid;
	if (ioctl(fd, IOCTL_MEI_CONNECT_CLIENT, &data)) {
		*err = errno;
		close(fd);
		return -1;
	}
	*props = data.out_client_properties;
	return fd;
}

/* 0 ok, 2 timeout, 4 error */
static int recv_one(int fd, int timeout)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	static uint8_t buf[BUF_MAX];
	ssize_t n, i;
	int r;

	r = poll(&p, 1, timeout);
	if (r < 0) {
		printf("poll: %s\n", ename(errno));
		return 4;
	}
	if (r == 0) {
		printf("timeout\n");
		return 2;
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 0) {
		printf("read: %s\n", ename(errno));
		return 4;
	}
	for (i = 0; i < n; i++)
		printf("%02x", buf[i]);
	printf("\n");
	return 0;
}

static int wait_event(int fd, int timeout)
{
	struct pollfd p = { .fd = fd, .events = POLLPRI };
	uint32_t on = 1, ev = 0;
	int r;

	if (ioctl(fd, IOCTL_MEI_NOTIFY_SET, &on)) {
		printf("notify_set: %s\n", ename(errno));
		return 4;
	}
	printf("notify on\n");
	fflush(stdout);
	r = poll(&p, 1, timeout);
	if (r <= 0) {
		printf("timeout\n");
		return 2;
	}
	if (ioctl(fd, IOCTL_MEI_NOTIFY_GET, &ev)) {
		printf("notify_get: %s\n", ename(errno));
		return 4;
	}
	printf("event %u\n", ev);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: heci-raw [-d DEV] [-t MS] [-v] [-2] [-r] [-e] UUID [HEX...]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/mei0";
	int timeout = 3000, verbose = 0, second = 0, extra = 0, event = 0;
	static uint8_t msg[BUF_MAX];
	struct mei_client props;
	uuid_le uuid;
	int fd, opt, err = 0, rc = 0, i;

	while ((opt = getopt(argc, argv, "d:t:v2re")) != -1) {
		switch (opt) {
		case 'd':
			dev = optarg;
			break;
		case 't':
			timeout = atoi(optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		case '2':
			second = 1;
			break;
		case 'r':
			extra = 1;
			break;
		case 'e':
			event = 1;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc || parse_uuid(argv[optind], &uuid))
		usage();

	fd = connect_fd(dev, &uuid, &props, &err);
	if (fd < 0) {
		printf("connect: %s\n", ename(err));
		return 3;
	}
	if (verbose)
		printf("mtu %u ver %u\n", props.max_msg_length,
		       props.protocol_version);
	if (second) {
		struct mei_client p2;
		int fd2 = connect_fd(dev, &uuid, &p2, &err);

		if (fd2 >= 0) {
			printf("second: OK\n");
			close(fd2);
		} else {
			printf("second: %s\n", ename(err));
		}
	}
	for (i = optind + 1; i < argc && !rc; i++) {
		ssize_t n = parse_hex(argv[i], msg, sizeof(msg));

		if (n < 0) {
			fprintf(stderr, "heci-raw: bad hex '%s'\n", argv[i]);
			rc = 1;
			break;
		}
		if (write(fd, msg, n) != n) {
			printf("write: %s\n", ename(errno));
			rc = 4;
			break;
		}
		rc = recv_one(fd, timeout);
	}
	if (!rc && extra)
		rc = recv_one(fd, timeout);
	if (!rc && event)
		rc = wait_event(fd, timeout);
	fflush(stdout);
	close(fd);
	return rc;
}
