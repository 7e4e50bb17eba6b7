// SPDX-License-Identifier: GPL-2.0
/*
 * Running the image checker for mefwd (see verify_client.h): a program
 * started per image (posix_spawn, a pipe for the reply, a pidfd for its
 * exit) or a connection to the checker server (the image fd goes over
 * SCM_RIGHTS, the reply comes back on the connection).  Either way the
 * wait is bounded (60 s, then the checker is killed: SIGKILL, or closing
 * the connection, on which the server kills its child), and every check
 * that runs is listed so that verify_client_stop() can end it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mefw_clock.h"
#include "log.h"
#include "verify_client.h"

#define HELPER_NAME "mefwd-verify"
#define HELPER_TIMEOUT_MS 60000
#define CONNECT_RETRY_MS 20	/* the server's backlog is full: try again */

extern char **environ;

/* one check that runs (struct verify_client's list) */
struct verify_running {
	pid_t pid;	/* 0: a connection */
	int fd;		/* -1: a helper */
};

void verify_client_init(struct verify_client *vc)
{
	*vc = (struct verify_client){ .timeout_ms = HELPER_TIMEOUT_MS, .own_ctrl = -1 };
	pthread_mutex_init(&vc->lock, NULL);
}

void verify_client_free(struct verify_client *vc)
{
	free(vc->running);
	vc->running = NULL;
	vc->nrunning = vc->running_cap = 0;
	pthread_mutex_destroy(&vc->lock);
}

/* list a check; false when mefwd stops or there is no memory: end it */
static bool running_add(struct verify_client *vc, pid_t pid, int fd)
{
	bool ok;

	pthread_mutex_lock(&vc->lock);
	ok = !vc->stopping;
	if (ok && vc->nrunning == vc->running_cap) {
		size_t cap = vc->running_cap ? 2 * vc->running_cap : 8;
		struct verify_running *r = realloc(vc->running, cap * sizeof(*r));

		if (r) {
			vc->running = r;
			vc->running_cap = cap;
		} else {
			ok = false;
		}
	}
	if (ok)
		vc->running[vc->nrunning++] = (struct verify_running){ pid, fd };
	pthread_mutex_unlock(&vc->lock);
	return ok;
}

static void running_del(struct verify_client *vc, pid_t pid, int fd)
{
	size_t i;

	pthread_mutex_lock(&vc->lock);
	for (i = 0; i < vc->nrunning; i++)
		if (vc->running[i].pid == pid && vc->running[i].fd == fd) {
			vc->running[i] = vc->running[--vc->nrunning];
			break;
		}
	pthread_mutex_unlock(&vc->lock);
}

static bool is_stopping(struct verify_client *vc)
{
	bool s;

	pthread_mutex_lock(&vc->lock);
	s = vc->stopping;
	pthread_mutex_unlock(&vc->lock);
	return s;
}

void verify_client_stop(struct verify_client *vc)
{
	size_t i;

	pthread_mutex_lock(&vc->lock);
	vc->stopping = true;
	for (i = 0; i < vc->nrunning; i++) {
		if (vc->running[i].pid > 0)
			kill(vc->running[i].pid, SIGKILL);
		else
			shutdown(vc->running[i].fd, SHUT_RDWR);	/* its reader wakes up */
	}
	if (vc->own_ctrl >= 0)
		shutdown(vc->own_ctrl, SHUT_RDWR);	/* the server kills its checks and ends */
	pthread_mutex_unlock(&vc->lock);
}

static bool executable(const char *p)
{
	struct stat st;

	return p[0] && stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

/* the server's socket, if mefwd uses it (no helper was forced on it) */
static const char *server_socket(const struct verify_client *vc)
{
	const char *env = getenv("MEFWD_VERIFY_SOCKET");
	struct stat st;

	if (vc->helper_forced)
		return NULL;
	if (env && env[0])
		return env;
	return stat(VERIFY_SOCKET_PATH, &st) == 0 && S_ISSOCK(st.st_mode) ?
		VERIFY_SOCKET_PATH : NULL;
}

/*
 * Without systemd's socket mefwd starts the server itself, once, from the
 * main thread at start-up: each check's connection goes to it as a socket
 * fd over a SOCK_SEQPACKET pair (no path anyone else could connect to).
 * When mefwd exits or stops the pair closes, and the server kills its
 * checks and ends.  If the server is gone, checks fall back to one helper
 * process per image.
 */
static int spawn_fds(const char *const *argv, const int *fd, const int *to, int n, pid_t *pid);

static void own_server_start(struct verify_client *vc)
{
	const char *argv[] = { vc->helper_path, "--server", "--control-fd", "3", NULL };
	int sv[2], to = 3, e;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		log_msg(LOG_WARNING, "no image checker server (socketpair: %s): one checker process per image",
			strerror(errno));
		return;
	}
	e = spawn_fds(argv, &sv[1], &to, 1, &vc->own_pid);
	close(sv[1]);
	if (e) {
		close(sv[0]);
		log_msg(LOG_WARNING, "cannot start the image checker server %s: %s; one checker process per image",
			vc->helper_path, strerror(e));
		return;
	}
	vc->own_ctrl = sv[0];
}

/* a connection to the server mefwd started, or -1 (none, or gone: spawn instead) */
static int own_connect(struct verify_client *vc)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	char byte = 0;
	struct iovec iov = { &byte, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf,
			     .msg_controllen = sizeof(c.buf) };
	struct cmsghdr *cm;
	int sv[2], e;

	if (vc->own_ctrl < 0 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	memset(c.buf, 0, sizeof(c.buf));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &sv[1], sizeof(int));
	e = sendmsg(vc->own_ctrl, &mh, MSG_NOSIGNAL | MSG_DONTWAIT) == 1 ? 0 : errno;
	close(sv[1]);
	if (e) {
		close(sv[0]);
		if (!__atomic_exchange_n(&vc->own_told, true, __ATOMIC_RELAXED) &&
		    !is_stopping(vc))
			log_msg(LOG_WARNING, "the image checker server (pid %d) does not answer: %s; "
				"one checker process per image from now on", (int)vc->own_pid, strerror(e));
		return -1;
	}
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	return sv[0];
}

/* mefwd-verify next to our executable, or in EXEDIR/../libexec/mefw */
static bool helper_near_exe(struct verify_client *vc)
{
	char exe[PATH_MAX - 64], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	snprintf(vc->helper_path, sizeof(vc->helper_path), "%s/" HELPER_NAME, exe);
	if (executable(vc->helper_path))
		return true;
	snprintf(vc->helper_path, sizeof(vc->helper_path), "%s/../libexec/mefw/" HELPER_NAME, exe);
	return executable(vc->helper_path);
}

int verify_client_start(struct verify_client *vc, const char *override, char *msg,
			size_t msglen)
{
	const char *env = getenv("MEFWD_VERIFY_TIMEOUT_MS");

	if (env && atoi(env) > 0)
		vc->timeout_ms = atoi(env);	/* tests only */
	if (!override || !override[0])
		override = getenv("MEFWD_VERIFY_HELPER");
	if (override && override[0]) {
		vc->helper_forced = true;
		snprintf(vc->helper_path, sizeof(vc->helper_path), "%s", override);
		if (executable(vc->helper_path))
			return 0;
		snprintf(msg, msglen, "the image verification helper %s is not an executable file",
			 vc->helper_path);
		return -ENOENT;
	}
	if (server_socket(vc))
		return 0;
	if (!helper_near_exe(vc))
		snprintf(vc->helper_path, sizeof(vc->helper_path), "%s", MEFWD_VERIFY_PATH);
	if (executable(vc->helper_path)) {
		own_server_start(vc);
		return 0;
	}
	snprintf(msg, msglen, "no image verification helper: %s is missing (and there is no "
		 HELPER_NAME " next to mefwd, and no %s)", MEFWD_VERIFY_PATH, VERIFY_SOCKET_PATH);
	return -ENOENT;
}

/* the monotonic clock in milliseconds: the deadlines of the helper */
static int64_t now_ms(void)
{
	return (int64_t)(mefw_mono_us() / 1000u);
}

/*
 * Read the reply from @fd until EOF (and, with @pidfd >= 0, the exit of
 * the helper) or @deadline: @got bytes into @out, @extra if more came.
 * false: timed out.
 */
static bool read_reply(int fd, int pidfd, int64_t deadline, struct verify_out *out,
		       size_t *got, bool *extra)
{
	bool eof = false, exited = pidfd < 0;

	while (!eof || !exited) {
		struct pollfd pfd[2];
		int nfd = 0, left = (int)(deadline - now_ms()), r;

		if (left <= 0)
			return false;
		if (!eof)
			pfd[nfd++] = (struct pollfd){ .fd = fd, .events = POLLIN };
		if (!exited)
			pfd[nfd++] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
		r = poll(pfd, (nfds_t)nfd, left);
		if (r < 0 && errno != EINTR)
			return false;	/* cannot wait: give up on it */
		for (int i = 0; r > 0 && i < nfd; i++) {
			char junk[256];
			ssize_t n;

			if (!pfd[i].revents)
				continue;
			if (pfd[i].fd == pidfd) {
				exited = true;
				continue;
			}
			if (*got < VERIFY_OUT_BYTES)
				n = read(fd, (char *)out + *got, VERIFY_OUT_BYTES - *got);
			else
				n = read(fd, junk, sizeof(junk));
			if (n > 0 && *got < VERIFY_OUT_BYTES)
				*got += (size_t)n;
			else if (n > 0)
				*extra = true;
			else if (n == 0 || (errno != EINTR && errno != EAGAIN))
				eof = true;
		}
	}
	return true;
}

/*
 * Run @argv with @fd[i] as its descriptor @to[i] (i < @n; sources at 0..2
 * are copied out of the way first), all signals default and unblocked.
 * 0 or an errno.
 */
static int spawn_fds(const char *const *argv, const int *fd, const int *to, int n, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	int tmp[3] = { -1, -1, -1 }, e = 0, i;

	if (n > 3)
		return EINVAL;
	posix_spawn_file_actions_init(&fa);
	for (i = 0; i < n; i++) {
		int src = fd[i];

		if (src <= 2 && (src = tmp[i] = fcntl(fd[i], F_DUPFD_CLOEXEC, 3)) < 0)
			e = EMFILE;
		posix_spawn_file_actions_adddup2(&fa, src, to[i]);
	}
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (!e)
		e = posix_spawn(pid, argv[0], &fa, &attr, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	for (i = 0; i < n; i++)
		if (tmp[i] >= 0)
			close(tmp[i]);
	return e;
}

/* start the helper on @imgfd with its reply pipe @wr; 0 or an errno */
static int spawn_helper(const struct verify_client *vc, int imgfd, int wr, uint32_t flags,
			const char *known, pid_t *pid)
{
	const char *argv[8];
	int fd[2] = { imgfd, wr }, to[2] = { STDIN_FILENO, STDOUT_FILENO }, argc = 0;

	argv[argc++] = vc->helper_path;
	if (flags & VERIFY_REQ_TRUST_TEST_KEY)
		argv[argc++] = "--trust-test-key";
	if (flags & VERIFY_REQ_HASH_ONLY)
		argv[argc++] = "--hash-only";
	if (known && known[0]) {
		argv[argc++] = "--known-sha256";
		argv[argc++] = known;
	}
	argv[argc] = NULL;
	return spawn_fds(argv, fd, to, 2, pid);
}

/* how a helper that gave no valid reply ended; always -1 */
static int helper_failed(const struct verify_client *vc, int status, bool timed_out,
			 enum seal_result *res, char *msg, size_t msglen)
{
	*res = SEAL_BAD_IMAGE;
	if (timed_out)
		snprintf(msg, msglen, "image verification failed: helper did not finish within %d s (killed)",
			 (vc->timeout_ms + 999) / 1000);
	else if (WIFSIGNALED(status))
		snprintf(msg, msglen, "image verification failed: helper killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		*res = SEAL_IO;
	if (*res == SEAL_IO)
		snprintf(msg, msglen, "image verification failed: helper %s exited with status %d%s",
			 vc->helper_path, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			 WIFEXITED(status) && WEXITSTATUS(status) == 3 ?
			 " (it refuses to run with privilege it cannot drop)" : "");
	return -1;
}

/* one helper process per image; 0 with @out (@got bytes) or -1 */
static int run_spawned(struct verify_client *vc, int imgfd, uint32_t flags, const char *known,
		       struct verify_out *out, size_t *got, bool *extra, enum seal_result *res,
		       char *msg, size_t msglen)
{
	int p[2], pidfd, status = 0, e;
	bool done;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0) {
		*res = SEAL_IO;
		snprintf(msg, msglen, "image verification failed: pipe: %s", strerror(errno));
		return -1;
	}
	e = spawn_helper(vc, imgfd, p[1], flags, known, &pid);
	close(p[1]);
	if (e) {
		close(p[0]);
		*res = SEAL_IO;
		snprintf(msg, msglen, "image verification failed: cannot run %s: %s", vc->helper_path,
			 strerror(e));
		return -1;
	}
	if (!running_add(vc, pid, -1))
		kill(pid, SIGKILL);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	done = read_reply(p[0], pidfd, now_ms() + vc->timeout_ms, out, got, extra);
	if (!done)
		kill(pid, SIGKILL);
	running_del(vc, pid, -1);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (pidfd >= 0)
		close(pidfd);
	close(p[0]);
	if (WIFSIGNALED(status) && is_stopping(vc)) {
		*res = SEAL_IO;
		snprintf(msg, msglen, "image verification stopped: mefwd is stopping");
		return -1;
	}
	if (!done || !WIFEXITED(status) || WEXITSTATUS(status))
		return helper_failed(vc, status, !done, res, msg, msglen);
	return 0;
}

/* a connection to the server at @path, waiting for room until @deadline */
static int server_connect(struct verify_client *vc, const char *path, int64_t deadline,
			  char *msg, size_t msglen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, e;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		snprintf(msg, msglen, "image verification failed: socket: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			return fd;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN || now_ms() >= deadline || is_stopping(vc))
			break;
		poll(NULL, 0, CONNECT_RETRY_MS);	/* backlog full */
	}
	e = errno;
	close(fd);
	snprintf(msg, msglen, "image verification failed: cannot connect to the image checker %s: %s",
		 path, e == EAGAIN ? "busy" : strerror(e));
	return -1;
}

/* the request and @imgfd (SCM_RIGHTS); 0, or -1 */
static int send_request(int fd, int imgfd, uint32_t flags, const char *known, int64_t deadline)
{
	struct verify_request req = { VERIFY_MAGIC, VERIFY_PROTO, flags, "" };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	struct iovec iov = { &req, sizeof(req) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf,
			     .msg_controllen = sizeof(c.buf) };
	struct cmsghdr *cm;

	if (known)
		snprintf(req.known_sha256, sizeof(req.known_sha256), "%s", known);
	memset(c.buf, 0, sizeof(c.buf));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &imgfd, sizeof(int));
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		ssize_t n = sendmsg(fd, &mh, MSG_NOSIGNAL);
		int left = (int)(deadline - now_ms());

		if (n == (ssize_t)sizeof(req))
			return 0;
		if (n >= 0 || (errno != EINTR && errno != EAGAIN) || left <= 0)
			return -1;
		poll(&pfd, 1, left);
	}
}

/*
 * One connection @fd (closed here) to the server @name per image, which
 * ends at @deadline; 0 with @out (@got bytes) or -1
 */
static int run_server(struct verify_client *vc, int fd, const char *name, int64_t deadline,
		      int imgfd, uint32_t flags, const char *known, struct verify_out *out,
		      size_t *got, bool *extra, enum seal_result *res, char *msg, size_t msglen)
{
	bool done = false;

	*res = SEAL_IO;
	if (running_add(vc, 0, fd) && !send_request(fd, imgfd, flags, known, deadline))
		done = read_reply(fd, -1, deadline, out, got, extra);
	running_del(vc, 0, fd);
	close(fd);	/* the server kills the check if it still runs */
	if (is_stopping(vc) && *got < VERIFY_OUT_BYTES) {
		snprintf(msg, msglen, "image verification stopped: mefwd is stopping");
		return -1;
	}
	*res = SEAL_BAD_IMAGE;
	if (!done && *got < VERIFY_OUT_BYTES && now_ms() >= deadline) {
		snprintf(msg, msglen, "image verification failed: the checker did not finish within %d s (killed)",
			 (vc->timeout_ms + 999) / 1000);
		return -1;
	}
	if (!*got) {
		snprintf(msg, msglen, "image verification failed: the checker %s ended without a "
			 "reply (killed, or it refused to run: see its log)", name);
		return -1;
	}
	return 0;
}

int verify_client_run(struct verify_client *vc, int imgfd, uint32_t flags, const char *known,
		      struct verify_out *out, enum seal_result *res, char *msg, size_t msglen)
{
	int64_t deadline = now_ms() + vc->timeout_ms;
	const char *sock = server_socket(vc);
	size_t got = 0;
	bool extra = false;
	int rc, fd = -1;

	if (!sock && !vc->helper_path[0]) {
		*res = SEAL_IO;
		snprintf(msg, msglen, "image verification failed: no helper (see mefwd's start-up log)");
		return -1;
	}
	if (sock) {
		fd = server_connect(vc, sock, deadline, msg, msglen);
		if (fd < 0) {
			*res = SEAL_IO;
			return -1;
		}
	} else {
		fd = own_connect(vc);
	}
	if (fd >= 0)
		rc = run_server(vc, fd, sock ? sock : "server", deadline, imgfd, flags, known, out,
				&got, &extra, res, msg, msglen);
	else
		rc = run_spawned(vc, imgfd, flags, known, out, &got, &extra, res, msg, msglen);
	if (rc)
		return -1;
	if (verify_reply_valid(out, got, extra, msg, msglen)) {
		*res = SEAL_IO;
		return -1;
	}
	return 0;
}
