// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: finding ME devices and reading them.
 *
 * With mefw.ko loaded: /sys/class/mefw/mefwN and the ioctls of
 * /dev/mefwN.  Without it: the mei core's own /sys/class/mei/meiN
 * attributes fw_status (HFSTS1..) and fw_ver (filled by the kernel's
 * MKHI bus-fixup), with no identity.
 *
 * Every path is taken relative to a root directory ("" for the running
 * system) so that the unit tests can give a fake sysfs tree.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mefw_clock.h"
#include "mefw.h"

static const char *root_or_empty(const char *root)
{
	return root ? root : "";
}

static int mkpath(char *buf, size_t len, const char *root, const char *fmt,
		  ...) __attribute__((format(printf, 4, 5)));

static int mkpath(char *buf, size_t len, const char *root, const char *fmt,
		  ...)
{
	va_list ap;
	int n, m;

	n = snprintf(buf, len, "%s", root_or_empty(root));
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= len - (size_t)n)
		return -ENAMETOOLONG;
	return 0;
}

/* "mefw12" with prefix "mefw" -> 12; -1 if @name is not prefix + number */
static long name_index(const char *name, const char *prefix)
{
	size_t pl = strlen(prefix);
	const char *p;
	long v = 0;

	if (strncmp(name, prefix, pl) || name[pl] == '\0')
		return -1;
	for (p = name + pl; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
		if (v > 1000000)
			return -1;
	}
	return v;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct mefw_dev_entry *x = a, *y = b;
	const char *px = x->source == MEFW_SRC_MEFW ? "mefw" : "mei";
	const char *py = y->source == MEFW_SRC_MEFW ? "mefw" : "mei";
	long ix = name_index(x->name, px), iy = name_index(y->name, py);

	return (ix > iy) - (ix < iy);
}

/* entries named prefix<N> in @dir; number found, or -1 if no directory */
static int scan_class(const char *dir, const char *prefix,
		      enum mefw_source src, struct mefw_dev_entry *out,
		      size_t max)
{
	struct dirent *de;
	DIR *d;
	size_t n = 0;

	d = opendir(dir);
	if (!d)
		return -1;
	while ((de = readdir(d)) && n < max) {
		if (name_index(de->d_name, prefix) < 0 ||
		    strlen(de->d_name) >= MEFW_NAME_MAX)
			continue;
		snprintf(out[n].name, sizeof(out[n].name), "%s", de->d_name);
		out[n].source = src;
		n++;
	}
	closedir(d);
	qsort(out, n, sizeof(*out), entry_cmp);
	return (int)n;
}

int mefw_devices_list(const char *root, struct mefw_dev_entry *out,
		      size_t max, struct mefw_error *err)
{
	char path[PATH_MAX];
	int n_mefw, n_mei;

	if (mkpath(path, sizeof(path), root, "/sys/class/mefw"))
		return mefw_error_set(err, -ENAMETOOLONG, "root path too long");
	n_mefw = scan_class(path, "mefw", MEFW_SRC_MEFW, out, max);
	if (n_mefw > 0)
		return n_mefw;

	if (mkpath(path, sizeof(path), root, "/sys/class/mei"))
		return mefw_error_set(err, -ENAMETOOLONG, "root path too long");
	n_mei = scan_class(path, "mei", MEFW_SRC_MEI_SYSFS, out, max);
	if (n_mei > 0)
		return n_mei;

	return mefw_error_set(err, -ENODEV,
			      "no Intel ME found: %s and no /sys/class/mei device (is mei-me or mei-sim loaded?)",
			      n_mefw < 0 ?
			      "mefw.ko is not loaded (no /sys/class/mefw)" :
			      "/sys/class/mefw is empty");
}

int mefw_device_resolve(const char *root, const char *spec,
			struct mefw_dev_entry *out, struct mefw_error *err)
{
	static const char *const prefixes[] = {
		"/dev/", "/sys/class/mefw/", "/sys/class/mei/",
	};
	const char *name = spec ? spec : "";
	char path[PATH_MAX];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
		size_t pl = strlen(prefixes[i]);

		if (!strncmp(name, prefixes[i], pl)) {
			name = name + pl;
			break;
		}
	}
	if (strlen(name) >= MEFW_NAME_MAX)
		goto bad;

	if (name_index(name, "mefw") >= 0) {
		if (mkpath(path, sizeof(path), root, "/sys/class/mefw/%s",
			   name))
			goto bad;
		out->source = MEFW_SRC_MEFW;
	} else if (name_index(name, "mei") >= 0) {
		if (mkpath(path, sizeof(path), root, "/sys/class/mei/%s",
			   name))
			goto bad;
		out->source = MEFW_SRC_MEI_SYSFS;
	} else {
		goto bad;
	}
	if (stat(path, &st))
		return mefw_error_set(err, -ENODEV,
				      "no such ME device: %s (%s does not exist)",
				      spec, path + strlen(root_or_empty(root)));
	snprintf(out->name, sizeof(out->name), "%s", name);
	return 0;
bad:
	return mefw_error_set(err, -EINVAL,
			      "'%s' is not an ME device name (expected mefwN, /dev/mefwN or meiN)",
			      spec ? spec : "");
}

bool mefw_dev_absent(int err)
{
	return err == -ENOENT || err == -ENODEV || err == -ENXIO;
}

int mefw_dev_open_wait(const char *root, const char *name, int flags,
		       unsigned int wait_ms, bool (*stop)(void *arg), void *arg)
{
	char path[PATH_MAX];
	uint64_t end = mefw_mono_us() + (uint64_t)wait_ms * 1000u;
	int fd;

	if (mkpath(path, sizeof(path), root, "/dev/%s", name))
		return -ENAMETOOLONG;
	for (;;) {
		fd = open(path, flags | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		fd = -errno;
		if (!mefw_dev_absent(fd) || mefw_mono_us() >= end || (stop && stop(arg)))
			return fd;
		usleep(100 * 1000);
	}
}

int mefw_dev_open(const char *root, const char *name, struct mefw_error *err)
{
	int fd = mefw_dev_open_wait(root, name, O_RDONLY, 0, NULL, NULL);

	if (fd == -ENAMETOOLONG)
		return mefw_error_set(err, fd, "path too long");
	if (fd < 0)
		return mefw_error_set(err, fd, "cannot open /dev/%s: %s", name,
				      strerror(-fd));
	return fd;
}

int mefw_fd_abi_version(int fd, uint32_t *abi, struct mefw_error *err)
{
	__u32 v = 0;
	int e;

	if (ioctl(fd, MEFW_IOC_ABI_VERSION, &v)) {
		e = errno;
		return mefw_error_set(err, -e, "ABI version query failed: %s",
				      strerror(e));
	}
	*abi = v;
	return 0;
}

int mefw_fd_status_regs(int fd, uint32_t *hfsts, struct mefw_error *err)
{
	struct mefw_status_regs regs;
	unsigned int i, n;
	int e;

	memset(&regs, 0, sizeof(regs));
	if (ioctl(fd, MEFW_IOC_STATUS_REGS, &regs)) {
		e = errno;
		return mefw_error_set(err, -e,
				      "reading the status registers failed: %s",
				      strerror(e));
	}
	n = regs.count > MEFW_STATUS_REGS ? MEFW_STATUS_REGS : regs.count;
	for (i = 0; i < n; i++)
		hfsts[i] = regs.hfsts[i];
	return (int)n;
}

int mefw_fd_identity(int fd, struct mefw_identity *id,
		     struct mefw_error *err)
{
	int e;

	memset(id, 0, sizeof(*id));
	if (ioctl(fd, MEFW_IOC_IDENTITY, id)) {
		e = errno;
		if (e == ETIMEDOUT)
			return mefw_error_set(err, -e,
					      "the ME did not answer (timed out)");
		return mefw_error_set(err, -e, "identity query failed: %s",
				      strerror(e));
	}
	return 0;
}

static int read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	size_t got = 0;
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (got + 1 < len) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			return -e;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	return (int)got;
}

/* /sys/class/mei/@mei/@attr into @buf; its length or a negative errno */
static int read_mei_attr(const char *root, const char *mei, const char *attr,
			 char *buf, size_t len, struct mefw_error *err)
{
	char path[PATH_MAX];
	int ret;

	if (mkpath(path, sizeof(path), root, "/sys/class/mei/%s/%s", mei,
		   attr))
		return mefw_error_set(err, -ENAMETOOLONG, "path too long");
	ret = read_text(path, buf, len);
	if (ret < 0)
		return mefw_error_set(err, ret,
				      "cannot read /sys/class/mei/%s/%s: %s",
				      mei, attr, strerror(-ret));
	return ret;
}

int mefw_mei_fw_status(const char *root, const char *mei, uint32_t *hfsts,
		       struct mefw_error *err)
{
	char buf[256], *line, *save = NULL;
	int n = 0, ret;

	ret = read_mei_attr(root, mei, "fw_status", buf, sizeof(buf), err);
	if (ret < 0)
		return ret;
	for (line = strtok_r(buf, "\n", &save); line && n < MEFW_STATUS_REGS;
	     line = strtok_r(NULL, "\n", &save)) {
		if (mefw_parse_hex_u32(line, &hfsts[n], NULL))
			return mefw_error_set(err, -EIO,
					      "unexpected line in /sys/class/mei/%s/fw_status: '%s'",
					      mei, line);
		n++;
	}
	return n;
}

int mefw_mei_fw_ver(const char *root, const char *mei,
		    struct mefw_version ver[3], unsigned int *valid,
		    struct mefw_error *err)
{
	char buf[256], *line, *save = NULL;
	unsigned int p, a, b, c, d;
	int i = 0, ret;

	*valid = 0;
	memset(ver, 0, 3 * sizeof(*ver));
	ret = read_mei_attr(root, mei, "fw_ver", buf, sizeof(buf), err);
	if (ret < 0)
		return ret;
	for (line = strtok_r(buf, "\n", &save); line && i < 3;
	     line = strtok_r(NULL, "\n", &save), i++) {
		/* "platform:major.minor.hotfix.build" */
		if (sscanf(line, "%u:%u.%u.%u.%u", &p, &a, &b, &c, &d) != 5 ||
		    a > 0xFFFF || b > 0xFFFF || c > 0xFFFF || d > 0xFFFF)
			return mefw_error_set(err, -EIO,
					      "unexpected line in /sys/class/mei/%s/fw_ver: '%s'",
					      mei, line);
		ver[i].major = (__u16)a;
		ver[i].minor = (__u16)b;
		ver[i].hotfix = (__u16)c;
		ver[i].build = (__u16)d;
		if (a || b || c || d)
			*valid |= 1U << i;
	}
	return 0;
}

int mefw_mei_of_mefw(const char *root, const char *mefw, char *out,
		     size_t len)
{
	struct mefw_dev_entry ents[MEFW_MAX_DEVICES];
	char path[PATH_MAX], *real, *slash;
	int n;

	/* mefwN's parent is the mei client device, a child of the ME's parent */
	if (!mkpath(path, sizeof(path), root, "/sys/class/mefw/%s/device",
		    mefw)) {
		real = realpath(path, NULL);
		if (real) {
			slash = strrchr(real, '/');
			if (slash && slash != real) {
				*slash = '\0';
				n = -1;
				if (strlen(real) + 5 < sizeof(path)) {
					snprintf(path, sizeof(path), "%s/mei",
						 real);
					n = scan_class(path, "mei",
						       MEFW_SRC_MEI_SYSFS,
						       ents, MEFW_MAX_DEVICES);
				}
				if (n > 0) {
					snprintf(out, len, "%s", ents[0].name);
					free(real);
					return 0;
				}
			}
			free(real);
		}
	}

	/* else: the only mei device, if there is exactly one */
	if (mkpath(path, sizeof(path), root, "/sys/class/mei"))
		return -ENOENT;
	n = scan_class(path, "mei", MEFW_SRC_MEI_SYSFS, ents, MEFW_MAX_DEVICES);
	if (n == 1) {
		snprintf(out, len, "%s", ents[0].name);
		return 0;
	}
	return -ENOENT;
}
