// SPDX-License-Identifier: GPL-2.0
/*
 * mefwd-verify - mefwd's image checker: reads the image on fd 0, computes
 * its SHA-256, parses and verifies it (lib/image) and writes one struct
 * verify_reply (+ the image identity) to fd 1.  mefwd runs one per image
 * so that the parser never runs inside the root daemon and the daemon
 * does not map libcrypto and liblzma.  Protocol: daemon/verify.h.
 *
 * Before it reads anything it sets no_new_privs, closes every other file
 * descriptor, limits its CPU time and core dumps and, when it runs as
 * root and may, becomes nobody (the image fd is already open).  Each of
 * these is best effort: mefwd.service's sandbox forbids some of them.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "mefw.h"
#include "verify.h"

#define NOBODY 65534
#define CPU_LIMIT_S 90		/* mefwd kills us after 60 s of wall time */

static struct {
	struct verify_reply rep;
	struct mefw_image img;
} out;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: mefwd-verify [--trust-test-key] [--hash-only] [--known-sha256 HEX] <IMAGE >PIPE\n"
		"\n"
		"mefwd's image checker (not for interactive use): reads an ME firmware image\n"
		"on stdin, computes its SHA-256, parses and verifies it and writes a binary\n"
		"reply for mefwd (daemon/verify.h) to stdout, which must not be a terminal.\n");
}

static void harden(void)
{
	struct rlimit cpu = { CPU_LIMIT_S, CPU_LIMIT_S + 5 }, core = { 0, 0 };
	long fd;

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (close_range(3, ~0U, 0) < 0)
		for (fd = 3; fd < 1024; fd++)
			close((int)fd);
	setrlimit(RLIMIT_CPU, &cpu);
	setrlimit(RLIMIT_CORE, &core);
	if (geteuid() == 0 && setgroups(0, NULL) == 0 &&
	    setresgid(NOBODY, NOBODY, NOBODY) == 0)
		(void)!setresuid(NOBODY, NOBODY, NOBODY);
}

static void sha256_hex(const uint8_t *buf, size_t len, char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0, i;

	hex[0] = '\0';
	if (!EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL) || n != 32)
		return;
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

static int reply(void)
{
	const char *p = (const char *)&out;
	size_t len = sizeof(out.rep) + VERIFY_IMG_BYTES, off = 0;

	/* the image prefix directly follows the header in struct out */
	_Static_assert(offsetof(__typeof__(out), img) == sizeof(struct verify_reply),
		       "no padding between header and image");
	out.rep.magic = VERIFY_MAGIC;
	out.rep.proto = VERIFY_PROTO;
	out.rep.img_bytes = (uint32_t)VERIFY_IMG_BYTES;
	while (off < len) {
		ssize_t n = write(STDOUT_FILENO, p + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 1;
		off += (size_t)n;
	}
	return 0;
}

static int unreadable(const char *what, const char *detail)
{
	out.rep.status = VERIFY_UNREADABLE;
	snprintf(out.rep.msg, sizeof(out.rep.msg), "%s%s%s", what, detail ? ": " : "",
		 detail ? detail : "");
	return reply();
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trust-test-key", no_argument, NULL, 't' },
		{ "hash-only", no_argument, NULL, 'H' },
		{ "known-sha256", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct mefw_img_opts vopts = { 0 };
	const char *known = NULL;
	bool hash_only = false;
	struct stat st;
	uint8_t *buf;
	size_t size, got = 0;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			vopts.trust_test_key = true;
			break;
		case 'H':
			hash_only = true;
			break;
		case 'k':
			known = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || isatty(STDOUT_FILENO)) {
		usage(stderr);
		return 2;
	}
	harden();
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG |
			    OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, NULL);

	if (fstat(STDIN_FILENO, &st) < 0)
		return unreadable("cannot stat the image", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return unreadable("the image is not a regular file", NULL);
	if (st.st_size <= 0 || (uint64_t)st.st_size > MEFW_UPDATE_MAX_LENGTH)
		return unreadable("not a plausible image size", NULL);
	size = (size_t)st.st_size;
	buf = malloc(size);
	if (!buf)
		return unreadable("out of memory", NULL);
	while (got < size) {
		ssize_t n = pread(STDIN_FILENO, buf + got, size - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return unreadable("cannot read the image", strerror(errno));
		if (n == 0)
			return unreadable("the image shrank while it was being read", NULL);
		got += (size_t)n;
	}
	out.rep.size = size;
	sha256_hex(buf, size, out.rep.sha256);
	if (!out.rep.sha256[0])
		return unreadable("SHA-256 failed", NULL);

	if (hash_only) {
		out.rep.status = VERIFY_HASHED;
	} else if (known && !strcmp(known, out.rep.sha256)) {
		out.rep.status = VERIFY_CACHED;
	} else if (mefw_image_parse(&out.img, buf, size)) {
		out.rep.status = VERIFY_NOT_IMAGE;
		snprintf(out.rep.msg, sizeof(out.rep.msg), "%s", out.img.error);
	} else if (mefw_image_verify(&out.img, buf, size, &vopts)) {
		out.rep.status = VERIFY_DAMAGED;
		snprintf(out.rep.msg, sizeof(out.rep.msg), "%s", out.img.error);
	} else {
		out.rep.status = VERIFY_OK;
	}
	free(buf);
	return reply();
}
