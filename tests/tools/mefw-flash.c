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
 * The update sequence of libmefw (lib/mefw_flash.h): BEGIN, write() the
 * image in --chunk sized pieces (default: all at once), END, then poll() +
 * MEFW_IOC_UPDATE_PROGRESS until a final state, printing one line per
 * change:
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
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/mefw.h>

#include "mefw_errors.h"
#include "mefw_flash.h"
#include "mefw_state.h"
#include "image/image.h"

static bool quiet;

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

/* the image, read the way `mefwctl info` reads it (bounded) */
static uint8_t *read_file(const char *path, size_t *len)
{
	uint8_t *buf;
	char err[256];

	if (mefw_image_load(path, MEFW_IMG_MAX_FILE, &buf, len, err, sizeof(err))) {
		fprintf(stderr, "mefw-flash: %s: %s\n", path, err);
		exit(1);
	}
	return buf;
}

static void image_version(const uint8_t *buf, size_t len, struct mefw_version *v)
{
	struct mefw_image *img = calloc(1, sizeof(*img));

	if (img && !mefw_image_parse(img, buf, len))
		mefw_flash_version(img, v);
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
	       mefw_state_name(p->state), p->error, p->fw_status, p->errno_val,
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

/* @what failed with the negative errno @err */
static int fail_now(int fd, const char *what, int err, double t0)
{
	struct mefw_update_progress p;
	int e = -err;

	fprintf(stderr, "mefw-flash: %s: %s\n", what, strerror(e));
	if (mefw_flash_progress(fd, &p) || p.state == MEFW_STATE_IDLE) {
		printf("result: state=none error=0 errno=%d\n", -e);
		return 1;
	}
	return result(&p, t0);
}

/* the command line and the transfer's knobs */
struct flash {
	const char *dev, *wire, *path;
	bool timing;
	struct mefw_update_begin b;
	unsigned long long pause_at, stop_at;
	unsigned int pause_ms, last_pct;
	bool stopped;		/* --stop-after reached */
	size_t chunk, len;
	uint8_t *img;
};

static void parse_args(int argc, char **argv, struct flash *f)
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
	bool ver_given = false;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			f->b.flags |= MEFW_UPDATE_ALLOW_SAME_VERSION;
			break;
		case 'o':
			if (parse_uuid(optarg, f->b.oem_id))
				usage();
			break;
		case 'd':
			f->dev = optarg;
			break;
		case 'c':
			f->chunk = strtoul(optarg, NULL, 0);
			break;
		case 'v':
			if (parse_ver(optarg, &f->b.image_version))
				usage();
			ver_given = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'p':
			if (sscanf(optarg, "%llu:%u", &f->pause_at, &f->pause_ms) != 2)
				usage();
			break;
		case 's':
			f->stop_at = strtoull(optarg, NULL, 0);
			break;
		case 'T':
			f->timing = true;
			break;
		case 'w':
			f->wire = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();
	f->path = argv[optind];
	f->img = read_file(f->path, &f->len);
	if (!ver_given)
		image_version(f->img, f->len, &f->b.image_version);
	f->b.length = f->len;
}

/* the next chunk at @off, after the --pause-after / --stop-after knobs */
static ssize_t flash_read(void *ctx, uint64_t off, size_t n, const uint8_t **bytes)
{
	struct flash *f = ctx;

	if (f->pause_at && off >= f->pause_at) {
		printf("pause: %llu bytes written\n", (unsigned long long)off);
		fflush(stdout);
		usleep(f->pause_ms * 1000u);
		f->pause_at = 0;
	}
	if (f->stop_at && off >= f->stop_at) {
		printf("stop: closing after %llu bytes\n", (unsigned long long)off);
		fflush(stdout);
		f->stopped = true;
		return -1;
	}
	if (f->pause_at && off + n > f->pause_at)
		n = f->pause_at - off;
	if (f->stop_at && off + n > f->stop_at)
		n = f->stop_at - off;
	*bytes = f->img + off;
	return (ssize_t)n;
}

/* "sending" every tenth of the image */
static int flash_sent(void *ctx, uint64_t off, uint64_t len)
{
	struct flash *f = ctx;

	if (!quiet && off * 10 / len != f->last_pct) {
		f->last_pct = off * 10 / len;
		printf("sending %llu%% (%llu/%llu bytes)\n",
		       (unsigned long long)(off * 100 / len), (unsigned long long)off,
		       (unsigned long long)len);
		fflush(stdout);
	}
	return 0;
}

/* one line per change of the finalizing stages */
static void flash_step(void *ctx, const struct mefw_update_progress *p)
{
	struct mefw_update_progress *last = ctx;

	if (!quiet && (p->state != last->state || p->stage != last->stage ||
		       p->percent != last->percent)) {
		printf("stage %u/%u %u%% status 0x%x state %s\n", p->stage,
		       p->total_stages, p->percent, p->fw_update_status,
		       mefw_state_name(p->state));
		fflush(stdout);
	}
	*last = *p;
}

/* BEGIN, write(), END and the outcome; the exit status */
static int flash(struct flash *f, int fd)
{
	struct mefw_flash_xfer x = {
		.size = f->len, .chunk = f->chunk, .read = flash_read, .sent = flash_sent, .ctx = f,
	};
	struct mefw_update_progress p, last;
	struct mefw_flash_wait w = { .step = flash_step, .ctx = &last };
	double t0, t_sent, t_end;
	int r;

	dump_lines(f->wire, "wire-before");
	t0 = now_s();
	r = mefw_flash_begin(fd, &f->b);
	if (r)
		return fail_now(fd, "BEGIN", r, t0);
	r = mefw_flash_write(fd, &x);
	if (r < 0)
		return fail_now(fd, "write", r, t0);
	if (f->stopped) {
		close(fd);
		return 3;
	}
	t_sent = now_s();
	r = mefw_flash_end(fd);
	if (r)
		return fail_now(fd, "END", r, t0);
	t_end = now_s();
	dump_lines(f->wire, "wire-after");
	if (f->timing) {
		printf("time: transfer_us %.0f bytes %zu\n", (t_end - t0) * 1e6, f->len);
		fflush(stdout);
	}
	memset(&last, 0xff, sizeof(last));
	r = mefw_flash_wait(fd, &w, &p);
	if (r)
		return fail_now(fd, w.failed, r, t0);
	printf("transfer_ms=%.0f\n", (t_sent - t0) * 1000);
	return result(&p, t0);
}

int main(int argc, char **argv)
{
	struct flash f = { .dev = "/dev/mefw0", .last_pct = ~0u };
	int fd;

	parse_args(argc, argv, &f);
	fd = open(f.dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "mefw-flash: %s: %s\n", f.dev, strerror(errno));
		printf("result: state=none error=%u errno=%d\n",
		       MEFW_ERR_NO_DEVICE, -errno);
		return MEFW_ERR_NO_DEVICE % 256;
	}
	printf("image: %s, %zu bytes, version %u.%u.%u.%u\n", f.path, f.len,
	       f.b.image_version.major, f.b.image_version.minor,
	       f.b.image_version.hotfix, f.b.image_version.build);
	fflush(stdout);
	return flash(&f, fd);
}
