// SPDX-License-Identifier: GPL-2.0
/*
 * mefw-flash - minimal direct firmware updater over /dev/mefwN (tests and
 * benchmark; the product's updater is mefwctl/mefwd)
 *
 * usage: mefw-flash [--allow-same-version] [--oem-id UUID] [--device DEV]
 *                   [--chunk N] [--image-version A.B.C.D] [--quiet]
 *                   [--pause-after BYTES:MS] [--stop-after BYTES]
 *                   [--timing] [--wire FILE] IMAGE
 *
 * BEGIN, write() the image in --chunk sized pieces (default: all at
 * once), END, then poll() + MEFW_IOC_UPDATE_PROGRESS until a final
 * state, printing one line per change:
 *
 *   sending 50% (13458/26917 bytes)
 *   stage 4/19 21% status 0x213
 *   result: state=succeeded error=0 fw_status=0x0 errno=0 new_version=9.0.30.1482
 *
 * The image version for the same-version policy comes from libmefw's
 * image parser; --image-version overrides it.
 *
 * Test knobs: --pause-after BYTES:MS sleeps MS once BYTES were written;
 * --stop-after BYTES closes the device after BYTES (no END) and exits 3.
 *
 * Benchmark knobs: --timing prints "time: transfer_us N bytes B" for
 * BEGIN up to END's return (END returns with the ME's END reply), before
 * the finalizing stages; --wire FILE prints FILE's lines (e.g. mei-sim's
 * debugfs "wire" counters) as "wire-before: LINE" just before BEGIN and
 * "wire-after: LINE" just after END returned, outside the timed part.
 *
 * Exit status: 0 on SUCCEEDED or NEEDS_REBOOT; otherwise the FWUpdLcl
 * code modulo 256 (8707 -> 3), or 1 when that is 0 or there is no code
 * (cancelled, host error); 2 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/mefw.h>

#include "mefw_errors.h"
#include "image/image.h"

static const char *const state_names[] = {
	[MEFW_STATE_IDLE] = "idle",
	[MEFW_STATE_PREPARING] = "preparing",
	[MEFW_STATE_TRANSFERRING] = "transferring",
	[MEFW_STATE_FINALIZING] = "finalizing",
	[MEFW_STATE_SUCCEEDED] = "succeeded",
	[MEFW_STATE_NEEDS_REBOOT] = "needs-reboot",
	[MEFW_STATE_FAILED] = "failed",
	[MEFW_STATE_CANCELLED] = "cancelled",
};

static bool quiet;

static const char *state_name(unsigned int s)
{
	return s < sizeof(state_names) / sizeof(*state_names) ?
	       state_names[s] : "unknown";
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: mefw-flash [--allow-same-version] [--oem-id UUID] [--device DEV]\n"
		"                  [--chunk N] [--image-version A.B.C.D] [--quiet]\n"
		"                  [--pause-after BYTES:MS] [--stop-after BYTES]\n"
		"                  [--timing] [--wire FILE] IMAGE\n");
	exit(2);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* UUID text -> the 16 bytes of a little-endian GUID (as Windows stores it) */
static int parse_uuid(const char *s, __u8 out[16])
{
	unsigned int d1, d2, d3, b[8];

	if (sscanf(s, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x", &d1, &d2, &d3,
		   &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &b[6], &b[7]) != 11)
		return -1;
	out[0] = d1;
	out[1] = d1 >> 8;
	out[2] = d1 >> 16;
	out[3] = d1 >> 24;
	out[4] = d2;
	out[5] = d2 >> 8;
	out[6] = d3;
	out[7] = d3 >> 8;
	for (int i = 0; i < 8; i++)
		out[8 + i] = b[i];
	return 0;
}

static int parse_ver(const char *s, struct mefw_version *v)
{
	unsigned int a, b, c, d;

	if (sscanf(s, "%u.%u.%u.%u", &a, &b, &c, &d) != 4 || a > 0xffff ||
	    b > 0xffff || c > 0xffff || d > 0xffff)
		return -1;
	v->major = a;
	v->minor = b;
	v->hotfix = c;
	v->build = d;
	return 0;
}

static unsigned char *read_file(const char *path, size_t *len)
{
	unsigned char *buf;
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "mefw-flash: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf)
		exit(1);
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, st.st_size - got);
		if (n <= 0) {
			fprintf(stderr, "mefw-flash: read %s failed\n", path);
			exit(1);
		}
		got += n;
	}
	close(fd);
	*len = got;
	return buf;
}

static void image_version(const unsigned char *buf, size_t len,
			  struct mefw_version *v)
{
	struct mefw_image *img = calloc(1, sizeof(*img));

	if (img && !mefw_image_parse(img, buf, len)) {
		v->major = img->major;
		v->minor = img->minor;
		v->hotfix = img->hotfix;
		v->build = img->build;
	}
	free(img);
}

/* --wire: copy FILE's lines to stdout, each prefixed with TAG */
static void dump_lines(const char *path, const char *tag)
{
	char line[512];
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "re");
	if (!f) {
		printf("%s: %s: %s\n", tag, path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		printf("%s: %s%s", tag, line,
		       strchr(line, '\n') ? "" : "\n");
	fclose(f);
	fflush(stdout);
}

static int get_progress(int fd, struct mefw_update_progress *p)
{
	memset(p, 0, sizeof(*p));
	return ioctl(fd, MEFW_IOC_UPDATE_PROGRESS, p);
}

/* print the final line; return the exit status */
static int result(const struct mefw_update_progress *p, double t0)
{
	unsigned int i;
	int code;

	if (p->state == MEFW_STATE_FAILED && p->fw_status)
		printf("Error %u: %s\n", MEFW_ERR_FW, mefw_err_message(MEFW_ERR_FW));
	if (p->error)
		printf("Error %u: %s\n", p->error, mefw_err_message(p->error));
	printf("result: state=%s error=%u fw_status=0x%x errno=%d new_version=%u.%u.%u.%u reset_type=%u bytes=%llu stage=%u/%u percent=%u elapsed_ms=%.0f",
	       state_name(p->state), p->error, p->fw_status, p->errno_val,
	       p->new_version.major, p->new_version.minor,
	       p->new_version.hotfix, p->new_version.build, p->reset_type,
	       (unsigned long long)p->bytes_sent, p->stage, p->total_stages,
	       p->percent, (now_s() - t0) * 1000);
	for (i = 0; i < p->hfsts_count && i < MEFW_STATUS_REGS; i++)
		printf(" hfsts%u=0x%08X", i + 1, p->hfsts[i]);
	printf("\n");
	fflush(stdout);

	if (p->state == MEFW_STATE_SUCCEEDED ||
	    p->state == MEFW_STATE_NEEDS_REBOOT)
		return 0;
	code = p->error % 256;
	return code ? code : 1;
}

static int fail_now(int fd, const char *what, double t0)
{
	struct mefw_update_progress p;
	int e = errno;

	fprintf(stderr, "mefw-flash: %s: %s\n", what, strerror(e));
	if (get_progress(fd, &p) || p.state == MEFW_STATE_IDLE) {
		printf("result: state=none error=0 errno=%d\n", -e);
		return 1;
	}
	return result(&p, t0);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "allow-same-version", no_argument, NULL, 'a' },
		{ "oem-id", required_argument, NULL, 'o' },
		{ "device", required_argument, NULL, 'd' },
		{ "chunk", required_argument, NULL, 'c' },
		{ "image-version", required_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "pause-after", required_argument, NULL, 'p' },
		{ "stop-after", required_argument, NULL, 's' },
		{ "timing", no_argument, NULL, 'T' },
		{ "wire", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dev = "/dev/mefw0";
	const char *wire = NULL;
	bool timing = false;
	struct mefw_update_begin b;
	struct mefw_update_progress p, last;
	unsigned long long pause_at = 0, stop_at = 0;
	unsigned int pause_ms = 0, last_pct = ~0u;
	bool ver_given = false;
	size_t chunk = 0, len, off = 0;
	unsigned char *img;
	double t0, t_sent, t_end;
	int c, fd;

	memset(&b, 0, sizeof(b));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			b.flags |= MEFW_UPDATE_ALLOW_SAME_VERSION;
			break;
		case 'o':
			if (parse_uuid(optarg, b.oem_id))
				usage();
			break;
		case 'd':
			dev = optarg;
			break;
		case 'c':
			chunk = strtoul(optarg, NULL, 0);
			break;
		case 'v':
			if (parse_ver(optarg, &b.image_version))
				usage();
			ver_given = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'p':
			if (sscanf(optarg, "%llu:%u", &pause_at, &pause_ms) != 2)
				usage();
			break;
		case 's':
			stop_at = strtoull(optarg, NULL, 0);
			break;
		case 'T':
			timing = true;
			break;
		case 'w':
			wire = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();

	img = read_file(argv[optind], &len);
	if (!ver_given)
		image_version(img, len, &b.image_version);
	b.length = len;
	if (!chunk || chunk > len)
		chunk = len;

	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "mefw-flash: %s: %s\n", dev, strerror(errno));
		printf("result: state=none error=%u errno=%d\n",
		       MEFW_ERR_NO_DEVICE, -errno);
		return MEFW_ERR_NO_DEVICE % 256;
	}

	printf("image: %s, %zu bytes, version %u.%u.%u.%u\n", argv[optind], len,
	       b.image_version.major, b.image_version.minor,
	       b.image_version.hotfix, b.image_version.build);
	fflush(stdout);
	dump_lines(wire, "wire-before");
	t0 = now_s();
	if (ioctl(fd, MEFW_IOC_UPDATE_BEGIN, &b))
		return fail_now(fd, "BEGIN", t0);

	while (off < len) {
		size_t n = len - off < chunk ? len - off : chunk;
		ssize_t w;

		if (pause_at && off >= pause_at) {
			printf("pause: %zu bytes written\n", off);
			fflush(stdout);
			usleep(pause_ms * 1000u);
			pause_at = 0;
		}
		if (stop_at && off >= stop_at) {
			printf("stop: closing after %zu bytes\n", off);
			fflush(stdout);
			close(fd);
			return 3;
		}
		if (pause_at && off + n > pause_at)
			n = pause_at - off;
		if (stop_at && off + n > stop_at)
			n = stop_at - off;
		w = write(fd, img + off, n);
		if (w < 0)
			return fail_now(fd, "write", t0);
		off += w;
		if (!quiet && off * 10 / len != last_pct) {
			last_pct = off * 10 / len;
			printf("sending %zu%% (%zu/%zu bytes)\n", off * 100 / len,
			       off, len);
			fflush(stdout);
		}
	}
	t_sent = now_s();

	if (ioctl(fd, MEFW_IOC_UPDATE_END))
		return fail_now(fd, "END", t0);
	t_end = now_s();
	dump_lines(wire, "wire-after");
	if (timing) {
		printf("time: transfer_us %.0f bytes %zu\n", (t_end - t0) * 1e6,
		       len);
		fflush(stdout);
	}

	memset(&last, 0xff, sizeof(last));
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLPRI };

		if (poll(&pfd, 1, 1000) < 0 && errno != EINTR)
			return fail_now(fd, "poll", t0);
		if (get_progress(fd, &p))
			return fail_now(fd, "PROGRESS", t0);
		if (p.state >= MEFW_STATE_SUCCEEDED)
			break;
		if (!quiet && (p.state != last.state || p.stage != last.stage ||
			       p.percent != last.percent)) {
			printf("stage %u/%u %u%% status 0x%x state %s\n", p.stage,
			       p.total_stages, p.percent, p.fw_update_status,
			       state_name(p.state));
			fflush(stdout);
		}
		last = p;
	}
	printf("transfer_ms=%.0f\n", (t_sent - t0) * 1000);
	return result(&p, t0);
}
