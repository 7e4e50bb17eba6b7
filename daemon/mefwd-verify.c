// SPDX-License-Identifier: GPL-2.0
/*
 * mefwd-verify - mefwd's image checker: reads an image, computes its
 * SHA-256, parses and verifies it (lib/image) and writes one struct
 * verify_reply (+ the image identity).  The parser never runs inside the
 * root daemon, and the daemon does not map libcrypto and liblzma.
 * Protocol and the two ways to run it (one process per image, or a
 * server that forks one child per image): daemon/verify.h.
 *
 * Whatever parses runs in the jail of verify_jail.h: root is dropped to
 * nobody first, and the checker refuses to run while it holds root or any
 * capability (under mefwd.service it cannot drop: there it refuses, and
 * mefw-verify.service runs the server instead).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "mefw.h"
#include "verify.h"
#include "verify_jail.h"
#include "verify_server.h"

/* exit status when the jail does not hold (mefwd names it in its error) */
#define EXIT_REFUSED 3

static struct {
	struct verify_reply rep;
	struct mefw_image img;
} out;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: mefwd-verify [--trust-test-key] [--hash-only] [--known-sha256 HEX] <IMAGE >PIPE\n"
		"       mefwd-verify --server [--listen PATH | --control-fd N]\n"
		"       mefwd-verify --selftest-seccomp\n"
		"\n"
		"mefwd's image checker (not for interactive use): reads an ME firmware image\n"
		"on stdin, computes its SHA-256, parses and verifies it and writes a binary\n"
		"reply for mefwd (daemon/verify.h) to stdout, which must not be a terminal.\n"
		"--server: serve mefwd on systemd's socket (LISTEN_FDS), PATH or the socket\n"
		"pair mefwd started it with (fd N), one jailed child per image.  --selftest-seccomp: enter the jail, then call socket(),\n"
		"which the jail's system call filter must answer by killing the process.\n");
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

static int reply(int fd)
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
		ssize_t n = write(fd, p + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 1;
		off += (size_t)n;
	}
	return 0;
}

static int unreadable(int fd, const char *what, const char *detail)
{
	out.rep.status = VERIFY_UNREADABLE;
	snprintf(out.rep.msg, sizeof(out.rep.msg), "%s%s%s", what, detail ? ": " : "",
		 detail ? detail : "");
	return reply(fd);
}


/* read all of @imgfd into a new buffer; its size in @size, or NULL + reply sent */
static uint8_t *read_image(int imgfd, int outfd, size_t *size)
{
	char err[160];
	struct stat st;
	uint8_t *buf;
	size_t len;
	int rc;

	if (fstat(imgfd, &st) < 0)
		return unreadable(outfd, "cannot stat the image", strerror(errno)), NULL;
	if (!S_ISREG(st.st_mode))
		return unreadable(outfd, "the image is not a regular file", NULL), NULL;
	if (st.st_size <= 0 || (uint64_t)st.st_size > MEFW_UPDATE_MAX_LENGTH)
		return unreadable(outfd, "not a plausible image size", NULL), NULL;
	*size = (size_t)st.st_size;
	/* mefw_image_load_fd: from offset 0 (mefwd's memfd sits at its end) */
	rc = mefw_image_load_fd(imgfd, *size, *size, &buf, &len, err, sizeof(err));
	if (rc == -ENOMEM)
		return unreadable(outfd, "out of memory", NULL), NULL;
	if (rc || len < *size) {
		unreadable(outfd, rc == -EFBIG ? "the image grew while it was being read" :
			   rc ? "cannot read the image" : "the image shrank while it was being read",
			   rc && rc != -EFBIG ? strerror(-rc) : NULL);
		free(buf);
		return NULL;
	}
	return buf;
}

/* check the image on @imgfd, reply on @outfd; 0 once the reply is out */
static int check_image(int imgfd, int outfd, uint32_t flags, const char *known)
{
	struct mefw_img_opts vopts = { .trust_test_key = flags & VERIFY_REQ_TRUST_TEST_KEY };
	size_t size = 0;
	uint8_t *buf = read_image(imgfd, outfd, &size);

	if (!buf)
		return 0;
	out.rep.size = size;
	sha256_hex(buf, size, out.rep.sha256);
	if (!out.rep.sha256[0]) {
		free(buf);
		return unreadable(outfd, "SHA-256 failed", NULL);
	}
	if (flags & VERIFY_REQ_HASH_ONLY) {
		out.rep.status = VERIFY_HASHED;
	} else if (known && known[0] && !strcmp(known, out.rep.sha256)) {
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
	return reply(outfd);
}

static int refuse(const char *msg)
{
	fprintf(stderr, "mefwd-verify: refusing to run: %s\n", msg);
	return -1;
}

/* no privilege (root drops to nobody first): 0, or -1 after a one-line error */
static int unprivileged(void)
{
	char msg[200];
	uid_t uid = 0;
	gid_t gid = 0;

	if (geteuid() == 0 || getuid() == 0)
		jail_ids(&uid, &gid);
	if (jail_drop(uid, gid, msg, sizeof(msg)) || jail_check(msg, sizeof(msg)))
		return refuse(msg);
	return 0;
}

/*
 * The whole jail around the parser (@drop: become unprivileged first; the
 * server's children inherit that); 0, or -1 after a one-line error.
 */
static int jail(bool drop)
{
	char msg[200];

	if (drop && unprivileged())
		return -1;
	if (jail_check(msg, sizeof(msg)) || jail_limits(msg, sizeof(msg)) ||
	    jail_seccomp(msg, sizeof(msg)))
		return refuse(msg);
	return 0;
}

/* in the jail, try what the filter forbids: returns only if it was let through */
static int selftest_seccomp(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);

	fprintf(stderr, "mefwd-verify: the system call filter let socket() through (%d)\n", s);
	return 1;
}

/* a child of the server: one request on @conn, in the jail; never returns */
static void serve_conn(int conn)
{
	struct verify_request req;
	int imgfd = -1;

	if (jail(false))
		_exit(EXIT_REFUSED);
	if (verify_server_recv(conn, &req, &imgfd)) {
		unreadable(conn, "malformed request", NULL);
		_exit(0);
	}
	if (req.flags & VERIFY_REQ_SELFTEST_SECCOMP)
		_exit(selftest_seccomp());
	check_image(imgfd, conn, req.flags, req.known_sha256);
	/* _exit: no atexit handlers (a sanitizer's would need more system calls) */
	_exit(0);
}

/* pre-initialise libcrypto once, before the server forks its children */
static void crypto_init(void)
{
	unsigned char md[64];
	unsigned int n;

	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG |
			    OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, NULL);
	EVP_Digest("", 0, md, &n, EVP_sha256(), NULL);
	EVP_Digest("", 0, md, &n, EVP_sha1(), NULL);
}

static int server(const char *listen_path, int control_fd)
{
	int lfd = control_fd >= 0 ? verify_server_control(control_fd) :
		verify_server_socket(listen_path);

	if (lfd < 0 || unprivileged())
		return 1;
	crypto_init();
	return verify_server_run(lfd, control_fd >= 0, serve_conn);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trust-test-key", no_argument, NULL, 't' },
		{ "hash-only", no_argument, NULL, 'H' },
		{ "known-sha256", required_argument, NULL, 'k' },
		{ "server", no_argument, NULL, 's' },
		{ "listen", required_argument, NULL, 'l' },
		{ "control-fd", required_argument, NULL, 'c' },
		{ "selftest-seccomp", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *known = NULL, *listen_path = NULL;
	bool serve = false, selftest = false;
	uint32_t flags = 0;
	int c, control_fd = -1;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			flags |= VERIFY_REQ_TRUST_TEST_KEY;
			break;
		case 'H':
			flags |= VERIFY_REQ_HASH_ONLY;
			break;
		case 'k':
			known = optarg;
			break;
		case 's':
			serve = true;
			break;
		case 'l':
			listen_path = optarg;
			break;
		case 'c':
			control_fd = atoi(optarg);
			break;
		case 'S':
			selftest = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || ((listen_path || control_fd >= 0) && !serve)) {
		usage(stderr);
		return 2;
	}
	if (serve)
		return server(listen_path, control_fd);
	if (!selftest && isatty(STDOUT_FILENO)) {
		usage(stderr);
		return 2;
	}
	if (close_range(3, ~0U, 0) < 0)
		for (c = 3; c < 1024; c++)
			close(c);
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG |
			    OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, NULL);
	if (jail(true))
		return EXIT_REFUSED;
	if (selftest)
		return selftest_seccomp();
	c = check_image(STDIN_FILENO, STDOUT_FILENO, flags, known);
	_exit(c);
}
