// SPDX-License-Identifier: GPL-2.0
/*
 * mefw-ioctl-test - exercise the ioctls of /dev/mefwN (VM tests)
 *
 *   mefw-ioctl-test [-d DEV] abi               print abi_version=N
 *   mefw-ioctl-test [-d DEV] identity          every field as key=value
 *   mefw-ioctl-test [-d DEV] regs              count=N, hfstsN=0x...
 *   mefw-ioctl-test [-d DEV] badcmd            unknown numbers -> ENOTTY
 *   mefw-ioctl-test [-d DEV] badptr            bad pointers -> EFAULT
 *   mefw-ioctl-test [-d DEV] badsize           short structs -> EINVAL
 *   mefw-ioctl-test [-d DEV] sizes             growth rules of @size
 *   mefw-ioctl-test [-d DEV] blocked-identity  IDENTITY, print errno and
 *                     elapsed ms; then one more ioctl on the same fd
 *   mefw-ioctl-test [-d DEV] hold SECONDS      keep DEV open, then print
 *                     the result of one more ioctl (after_hold=) and close
 *   mefw-ioctl-test [-d DEV] update-bad        update ioctls with bad input
 *                     and in the wrong order (no transaction is started)
 *   mefw-ioctl-test [-d DEV] update-eperm      drop root (setuid nobody):
 *                     BEGIN -> EPERM, status still readable
 *   mefw-ioctl-test [-d DEV] update-busy       BEGIN -> EBUSY (another file
 *                     has a transaction), status readable, identity EBUSY
 *   mefw-ioctl-test [-d DEV] update-partial LEN  BEGIN (LEN bytes, allow
 *                     same version), write LEN/2, END -> EPROTO, write
 *                     past the end -> EINVAL, CANCEL, PROGRESS cancelled
 *   mefw-ioctl-test [-d DEV] progress          print the progress fields
 *   mefw-ioctl-test [-d DEV] begin-cancel LEN GO  BEGIN (LEN bytes, allow
 *                     same version) while a child process sharing the
 *                     open file waits for the file GO to exist, then
 *                     CANCELs: cancel=ERR (the child), begin=ERR and
 *                     state=N after BEGIN returned (the parent)
 *
 * Exit status 0 when every expectation held, 1 otherwise, 2 on usage
 * errors.  Output lines are key=value for the test scripts.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/mefw.h>

static const char *dev_path = "/dev/mefw0";

static const char *errname(int e)
{
	switch (e) {
	case 0: return "OK";
	case ENODEV: return "ENODEV";
	case ENOTTY: return "ENOTTY";
	case EFAULT: return "EFAULT";
	case EINVAL: return "EINVAL";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EINTR: return "EINTR";
	case EBUSY: return "EBUSY";
	case EAGAIN: return "EAGAIN";
	case EPROTO: return "EPROTO";
	case EIO: return "EIO";
	case ENODATA: return "ENODATA";
	case EPERM: return "EPERM";
	case ECANCELED: return "ECANCELED";
	case EREMOTEIO: return "EREMOTEIO";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EACCES: return "EACCES";
	case EEXIST: return "EEXIST";
	default: return "E?";
	}
}

static int open_dev(void)
{
	int fd = open(dev_path, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", dev_path, strerror(errno));
		exit(1);
	}
	return fd;
}

/* ioctl returning 0 or errno */
static int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

static int expect(const char *what, int got, int want)
{
	printf("%s=%s\n", what, errname(got));
	if (got == want)
		return 0;
	fprintf(stderr, "%s: got %s (%d), want %s\n", what, errname(got), got,
		errname(want));
	return 1;
}

static void print_ver(const char *key, const struct mefw_version *v)
{
	printf("%s=%u.%u.%u.%u\n", key, v->major, v->minor, v->hotfix,
	       v->build);
}

static int cmd_abi(int fd)
{
	__u32 v = 0;
	int e = xioctl(fd, MEFW_IOC_ABI_VERSION, &v);

	if (e) {
		printf("error=%s\n", errname(e));
		return 1;
	}
	printf("abi_version=%u\n", v);
	return 0;
}

static int cmd_identity(int fd)
{
	struct mefw_identity id;
	char bios[sizeof(id.bios_version) + 1];
	size_t i;
	int e;

	memset(&id, 0, sizeof(id));
	e = xioctl(fd, MEFW_IOC_IDENTITY, &id);
	if (e) {
		printf("error=%s\n", errname(e));
		return 1;
	}

	for (i = 0; i < sizeof(id.bios_version); i++) {
		unsigned char c = id.bios_version[i];

		bios[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		if (!c)
			break;
	}
	bios[i] = '\0';

	printf("size=%u\n", id.size);
	printf("valid=0x%x\n", id.valid);
	printf("protocol=%u\n", id.protocol);
	printf("family=%u\n", id.family);
	printf("mtu=%u\n", id.mtu);
	print_ver("code", &id.code);
	print_ver("amt", &id.amt);
	print_ver("recovery", &id.recovery);
	print_ver("fitc", &id.fitc);
	printf("sku=0x%x\n", id.sku);
	printf("pch_version=0x%x\n", id.pch_version);
	printf("vendor=0x%x\n", id.vendor);
	printf("last_update_status=%u\n", id.last_update_status);
	printf("hw_sku=0x%x\n", id.hw_sku);
	printf("update_interfaces=0x%x\n", id.update_interfaces);
	printf("svn_in_flash=%u\n", id.svn_in_flash);
	printf("data_format_version=%u\n", id.data_format_version);
	printf("last_reset_type=%u\n", id.last_reset_type);
	printf("local_update=%u\n", id.local_update);
	printf("hmrfpo=%u\n", id.hmrfpo);
	print_ver("mebx", &id.mebx);
	printf("flash_override_policy=%u\n", id.flash_override_policy);
	printf("manageability_mode=%u\n", id.manageability_mode);
	printf("bios_boot_state=%u\n", id.bios_boot_state);
	printf("info_flags=0x%x\n", id.info_flags);
	printf("bios_version=%s\n", bios);
	return 0;
}

static int cmd_regs(int fd)
{
	struct mefw_status_regs r;
	unsigned int i;
	int e;

	memset(&r, 0, sizeof(r));
	e = xioctl(fd, MEFW_IOC_STATUS_REGS, &r);
	if (e) {
		printf("error=%s\n", errname(e));
		return 1;
	}
	printf("size=%u\n", r.size);
	printf("count=%u\n", r.count);
	for (i = 0; i < r.count && i < MEFW_STATUS_REGS; i++)
		printf("hfsts%u=0x%08X\n", i + 1, r.hfsts[i]);
	return 0;
}

static int cmd_badcmd(int fd)
{
	char buf[256];
	int fails = 0;

	memset(buf, 0, sizeof(buf));
	fails += expect("unknown_nr", xioctl(fd, _IOR(MEFW_IOC_MAGIC, 0x7f,
						      __u32), buf), ENOTTY);
	fails += expect("wrong_type", xioctl(fd, _IOR('H', 0x01, __u32), buf),
			ENOTTY);
	/* right type and number, wrong direction */
	fails += expect("wrong_dir", xioctl(fd, _IOW(MEFW_IOC_MAGIC, 0x01,
						     struct mefw_identity),
					    buf), ENOTTY);
	fails += expect("no_dir", xioctl(fd, _IO(MEFW_IOC_MAGIC, 0x00), buf),
			ENOTTY);
	return fails ? 1 : 0;
}

static int cmd_badptr(int fd)
{
	void *bad = (void *)16;
	int fails = 0;

	fails += expect("abi_badptr", xioctl(fd, MEFW_IOC_ABI_VERSION, bad),
			EFAULT);
	fails += expect("regs_badptr", xioctl(fd, MEFW_IOC_STATUS_REGS, bad),
			EFAULT);
	fails += expect("identity_badptr", xioctl(fd, MEFW_IOC_IDENTITY, bad),
			EFAULT);
	return fails ? 1 : 0;
}

static int cmd_badsize(int fd)
{
	char buf[256];
	int fails = 0;

	memset(buf, 0, sizeof(buf));
	fails += expect("identity_size4",
			xioctl(fd, _IOC(_IOC_READ, MEFW_IOC_MAGIC, 0x01, 4), buf),
			EINVAL);
	fails += expect("identity_size_v1_minus_4",
			xioctl(fd, _IOC(_IOC_READ, MEFW_IOC_MAGIC, 0x01,
					sizeof(struct mefw_identity) - 4), buf),
			EINVAL);
	fails += expect("regs_size4",
			xioctl(fd, _IOC(_IOC_READ, MEFW_IOC_MAGIC, 0x02, 4), buf),
			EINVAL);
	fails += expect("abi_size2",
			xioctl(fd, _IOC(_IOC_READ, MEFW_IOC_MAGIC, 0x00, 2), buf),
			EINVAL);
	return fails ? 1 : 0;
}

/* a caller with a bigger (newer) struct gets the kernel's size back */
static int cmd_sizes(int fd)
{
	unsigned char buf[sizeof(struct mefw_identity) + 64];
	struct mefw_status_regs *r = (void *)buf;
	struct mefw_identity *id = (void *)buf;
	size_t big = sizeof(buf);
	int fails = 0, e;

	memset(buf, 0xAA, sizeof(buf));
	e = xioctl(fd, _IOC(_IOC_READ, MEFW_IOC_MAGIC, 0x02, big), buf);
	fails += expect("regs_big", e, 0);
	printf("regs_big_size=%u\n", r->size);
	if (!e && r->size != sizeof(struct mefw_status_regs))
		fails++;
	if (buf[sizeof(struct mefw_status_regs)] != 0xAA) {
		fprintf(stderr, "regs: wrote past its size\n");
		fails++;
	}

	memset(buf, 0xAA, sizeof(buf));
	e = xioctl(fd, _IOC(_IOC_READ, MEFW_IOC_MAGIC, 0x01, big), buf);
	fails += expect("identity_big", e, 0);
	printf("identity_big_size=%u\n", id->size);
	if (!e && id->size != sizeof(struct mefw_identity))
		fails++;
	if (buf[sizeof(struct mefw_identity)] != 0xAA) {
		fprintf(stderr, "identity: wrote past its size\n");
		fails++;
	}
	return fails ? 1 : 0;
}

static long elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000 +
	       (b->tv_nsec - a->tv_nsec) / 1000000;
}

static int cmd_blocked_identity(int fd)
{
	struct timespec t0, t1;
	struct mefw_identity id;
	__u32 v;
	int e, e2;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = xioctl(fd, MEFW_IOC_IDENTITY, &id);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("errno=%s\n", errname(e));
	printf("elapsed_ms=%ld\n", elapsed_ms(&t0, &t1));
	/* CLOCK_BOOTTIME is what /proc/uptime shows */
	clock_gettime(CLOCK_BOOTTIME, &t1);
	printf("end_uptime_ms=%ld\n", t1.tv_sec * 1000 + t1.tv_nsec / 1000000);
	fflush(stdout);

	e2 = xioctl(fd, MEFW_IOC_ABI_VERSION, &v);
	printf("after=%s\n", errname(e2));
	e2 = xioctl(fd, MEFW_IOC_STATUS_REGS, &id);
	printf("after_regs=%s\n", errname(e2));
	return e == ENODEV && e2 == ENODEV ? 0 : 1;
}

static int cmd_hold(int fd, const char *secs)
{
	__u32 v;

	if (xioctl(fd, MEFW_IOC_ABI_VERSION, &v))
		return 1;
	printf("holding=%s\n", dev_path);
	fflush(stdout);
	sleep((unsigned int)atoi(secs));
	printf("after_hold=%s\n", errname(xioctl(fd, MEFW_IOC_ABI_VERSION, &v)));
	return 0;
}

static int begin(int fd, __u64 length, __u32 flags)
{
	struct mefw_update_begin b;

	memset(&b, 0, sizeof(b));
	b.length = length;
	b.flags = flags;
	return xioctl(fd, MEFW_IOC_UPDATE_BEGIN, &b);
}

static int progress(int fd, struct mefw_update_progress *p)
{
	memset(p, 0, sizeof(*p));
	return xioctl(fd, MEFW_IOC_UPDATE_PROGRESS, p);
}

static int cmd_progress(int fd)
{
	struct mefw_update_progress p;
	unsigned int i;
	int e = progress(fd, &p);

	if (e) {
		printf("error=%s\n", errname(e));
		return 1;
	}
	printf("size=%u\nstate=%u\nbytes_sent=%llu\nlength=%llu\n", p.size,
	       p.state, (unsigned long long)p.bytes_sent,
	       (unsigned long long)p.length);
	printf("percent=%u\nstage=%u\ntotal_stages=%u\n", p.percent, p.stage,
	       p.total_stages);
	printf("fw_update_status=0x%x\nreset_type=%u\nerror=%u\n",
	       p.fw_update_status, p.reset_type, p.error);
	printf("fw_status=0x%x\nerrno=%s\nhfsts_count=%u\n", p.fw_status,
	       errname(-p.errno_val), p.hfsts_count);
	for (i = 0; i < p.hfsts_count && i < MEFW_STATUS_REGS; i++)
		printf("hfsts%u=0x%08X\n", i + 1, p.hfsts[i]);
	print_ver("new_version", &p.new_version);
	return 0;
}

static int cmd_update_bad(int fd)
{
	unsigned char big[sizeof(struct mefw_update_begin) + 16];
	struct mefw_update_begin b;
	struct mefw_update_progress p;
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLPRI };
	char data[64];
	int fails = 0;

	memset(data, 0, sizeof(data));

	/* order: nothing begun */
	fails += expect("write_before_begin",
			write(fd, data, sizeof(data)) < 0 ? errno : 0, EPROTO);
	fails += expect("end_before_begin",
			xioctl(fd, MEFW_IOC_UPDATE_END, NULL), EPROTO);
	fails += expect("cancel_before_begin",
			xioctl(fd, MEFW_IOC_UPDATE_CANCEL, NULL), EPROTO);
	fails += expect("progress_idle", progress(fd, &p), 0);
	if (p.state != MEFW_STATE_IDLE || p.size != sizeof(p)) {
		fprintf(stderr, "progress_idle: state %u size %u\n", p.state,
			p.size);
		fails++;
	}
	fails += expect("poll_idle", poll(&pfd, 1, 0) == 1 &&
			(pfd.revents & POLLERR) ? 0 : EIO, 0);

	/* sizes and directions */
	fails += expect("begin_size8",
			xioctl(fd, _IOC(_IOC_WRITE, MEFW_IOC_MAGIC, 0x10, 8),
			       data), EINVAL);
	fails += expect("begin_size_v1_minus_4",
			xioctl(fd, _IOC(_IOC_WRITE, MEFW_IOC_MAGIC, 0x10,
					sizeof(b) - 4), data), EINVAL);
	fails += expect("begin_wrong_dir",
			xioctl(fd, _IOR(MEFW_IOC_MAGIC, 0x10,
					struct mefw_update_begin), data),
			ENOTTY);
	fails += expect("progress_size8",
			xioctl(fd, _IOC(_IOC_READ, MEFW_IOC_MAGIC, 0x13, 8),
			       data), EINVAL);
	fails += expect("end_wrong_dir",
			xioctl(fd, _IOW(MEFW_IOC_MAGIC, 0x11, __u32), data),
			ENOTTY);
	fails += expect("begin_badptr",
			xioctl(fd, MEFW_IOC_UPDATE_BEGIN, (void *)16), EFAULT);
	fails += expect("progress_badptr",
			xioctl(fd, MEFW_IOC_UPDATE_PROGRESS, (void *)16),
			EFAULT);

	/* fields */
	fails += expect("begin_flags_unknown", begin(fd, 4096, 0x80), EINVAL);
	fails += expect("begin_flags_high", begin(fd, 4096, 0x80000000u),
			EINVAL);
	memset(&b, 0, sizeof(b));
	b.length = 4096;
	b.reserved0 = 1;
	fails += expect("begin_reserved0",
			xioctl(fd, MEFW_IOC_UPDATE_BEGIN, &b), EINVAL);
	b.reserved0 = 0;
	b.reserved[3] = 1;
	fails += expect("begin_reserved3",
			xioctl(fd, MEFW_IOC_UPDATE_BEGIN, &b), EINVAL);
	fails += expect("begin_length0", begin(fd, 0, 0), EINVAL);
	fails += expect("begin_length_max_plus_1",
			begin(fd, (__u64)MEFW_UPDATE_MAX_LENGTH + 1, 0), EINVAL);
	fails += expect("begin_length_4G_plus", begin(fd, 1ULL << 32, 0),
			EINVAL);
	/* a newer caller's structure: unknown trailing bytes must be zero */
	memset(big, 0, sizeof(big));
	((struct mefw_update_begin *)big)->length = 4096;
	big[sizeof(big) - 1] = 1;
	fails += expect("begin_big_nonzero_tail",
			xioctl(fd, _IOC(_IOC_WRITE, MEFW_IOC_MAGIC, 0x10,
					sizeof(big)), big), EINVAL);

	/* still nothing begun */
	fails += expect("progress_still_idle", progress(fd, &p), 0);
	if (p.state != MEFW_STATE_IDLE) {
		fprintf(stderr, "a bad BEGIN started a transaction\n");
		fails++;
	}
	return fails ? 1 : 0;
}

static int cmd_update_eperm(int fd)
{
	struct mefw_status_regs r;
	int fails = 0;

	if (setgid(65534) || setuid(65534)) {
		perror("setuid");
		return 1;
	}
	fails += expect("begin_unprivileged", begin(fd, 4096, 0), EPERM);
	memset(&r, 0, sizeof(r));
	fails += expect("regs_unprivileged",
			xioctl(fd, MEFW_IOC_STATUS_REGS, &r), 0);
	return fails ? 1 : 0;
}

static int cmd_update_busy(int fd)
{
	struct mefw_status_regs r;
	struct mefw_identity id;
	int fails = 0;

	fails += expect("begin_second", begin(fd, 4096, 0), EBUSY);
	memset(&r, 0, sizeof(r));
	fails += expect("regs_while_busy", xioctl(fd, MEFW_IOC_STATUS_REGS, &r),
			0);
	/* no query reaches an ME that another file updates */
	memset(&id, 0, sizeof(id));
	fails += expect("identity_while_busy",
			xioctl(fd, MEFW_IOC_IDENTITY, &id), EBUSY);
	return fails ? 1 : 0;
}

static int cmd_update_partial(int fd, const char *len_arg)
{
	__u64 len = strtoull(len_arg, NULL, 0);
	struct mefw_update_progress p;
	size_t half = len / 2;
	char *buf = calloc(1, len + 1);
	ssize_t n;
	int fails = 0, e;

	if (!buf || len < 2)
		return 1;
	e = begin(fd, len, MEFW_UPDATE_ALLOW_SAME_VERSION);
	fails += expect("begin", e, 0);
	if (e) {
		cmd_progress(fd);
		free(buf);
		return 1;
	}
	fails += expect("begin_again_same_file", begin(fd, len, 0), EBUSY);
	n = write(fd, buf, half);
	fails += expect("write_half", n == (ssize_t)half ? 0 : errno, 0);
	fails += expect("end_before_all_data",
			xioctl(fd, MEFW_IOC_UPDATE_END, NULL), EPROTO);
	fails += expect("write_past_end",
			write(fd, buf, len - half + 1) < 0 ? errno : 0, EINVAL);
	fails += expect("progress", progress(fd, &p), 0);
	printf("bytes_sent=%llu\n", (unsigned long long)p.bytes_sent);
	if (p.state != MEFW_STATE_TRANSFERRING) {
		fprintf(stderr, "state %u, want transferring\n", p.state);
		fails++;
	}
	fails += expect("cancel", xioctl(fd, MEFW_IOC_UPDATE_CANCEL, NULL), 0);
	fails += expect("progress_after_cancel", progress(fd, &p), 0);
	printf("state=%u\n", p.state);
	if (p.state != MEFW_STATE_CANCELLED)
		fails++;
	fails += expect("write_after_cancel",
			write(fd, buf, 1) < 0 ? errno : 0, ECANCELED);
	fails += expect("cancel_again", xioctl(fd, MEFW_IOC_UPDATE_CANCEL, NULL),
			EPROTO);
	free(buf);
	return fails ? 1 : 0;
}

/* the child of begin-cancel: CANCEL once @go exists (at most 120 s) */
static void __attribute__((noreturn)) cancel_when(int fd, const char *go)
{
	struct timespec t0, t1;
	int i, e;

	for (i = 0; i < 1200 && access(go, F_OK); i++)
		usleep(100000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = xioctl(fd, MEFW_IOC_UPDATE_CANCEL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("cancel=%s\ncancel_ms=%ld\n", errname(e),
	       (t1.tv_sec - t0.tv_sec) * 1000 +
	       (t1.tv_nsec - t0.tv_nsec) / 1000000);
	fflush(stdout);
	_exit(0);
}

static int cmd_begin_cancel(int fd, const char *len_arg, const char *go)
{
	struct mefw_update_progress p;
	int status, e;
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (!pid)
		cancel_when(fd, go);
	e = begin(fd, strtoull(len_arg, NULL, 0),
		  MEFW_UPDATE_ALLOW_SAME_VERSION);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 1;
	printf("begin=%s\n", errname(e));
	if (progress(fd, &p))
		return 1;
	printf("state=%u\n", p.state);
	return 0;
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: mefw-ioctl-test [-d DEV] abi|identity|regs|badcmd|badptr|badsize|sizes|blocked-identity|hold SECS|\n"
		"       update-bad|update-eperm|update-busy|update-partial LEN|progress|\n"
		"       begin-cancel LEN GO\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *cmd;
	int fd, ret;

	if (argc > 2 && !strcmp(argv[1], "-d")) {
		dev_path = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		usage();
	cmd = argv[1];

	fd = open_dev();
	if (!strcmp(cmd, "abi"))
		ret = cmd_abi(fd);
	else if (!strcmp(cmd, "identity"))
		ret = cmd_identity(fd);
	else if (!strcmp(cmd, "regs"))
		ret = cmd_regs(fd);
	else if (!strcmp(cmd, "badcmd"))
		ret = cmd_badcmd(fd);
	else if (!strcmp(cmd, "badptr"))
		ret = cmd_badptr(fd);
	else if (!strcmp(cmd, "badsize"))
		ret = cmd_badsize(fd);
	else if (!strcmp(cmd, "sizes"))
		ret = cmd_sizes(fd);
	else if (!strcmp(cmd, "blocked-identity"))
		ret = cmd_blocked_identity(fd);
	else if (!strcmp(cmd, "hold") && argc > 2)
		ret = cmd_hold(fd, argv[2]);
	else if (!strcmp(cmd, "update-bad"))
		ret = cmd_update_bad(fd);
	else if (!strcmp(cmd, "update-eperm"))
		ret = cmd_update_eperm(fd);
	else if (!strcmp(cmd, "update-busy"))
		ret = cmd_update_busy(fd);
	else if (!strcmp(cmd, "update-partial") && argc > 2)
		ret = cmd_update_partial(fd, argv[2]);
	else if (!strcmp(cmd, "begin-cancel") && argc > 3)
		ret = cmd_begin_cancel(fd, argv[2], argv[3]);
	else if (!strcmp(cmd, "progress"))
		ret = cmd_progress(fd);
	else
		usage();

	close(fd);
	return ret;
}
