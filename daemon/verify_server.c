// SPDX-License-Identifier: GPL-2.0
/*
 * mefwd-verify --server (see verify_server.h).  The parent never reads a
 * byte from a connection: it accepts (or takes one mefwd passed on the
 * control socket), forks, and watches each child (its
 * pidfd) and each client (POLLRDHUP: a client that gives up, times out or
 * stops gets its child killed).  The child does everything else in the
 * jail.  Pre-initialised once (libcrypto loaded), the server makes a
 * check cost a fork instead of an exec and a dynamic link.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

#include "verify_server.h"

#define LISTEN_FD 3	/* sd_listen_fds(3): the first passed descriptor */

struct child {
	pid_t pid;
	int pidfd;
	int conn;	/* -1 once the client hung up (the child was killed) */
};

/*
 * The server's state, owned by verify_server_run()'s loop
 * @lfd: the listening socket, or mefwd's control socket
 * @control: connections arrive as fds on @lfd from mefwd, not by accept()
 * @child: runs a check in a child (never returns)
 * @kids: the children running, @nkids of them
 */
struct server {
	int lfd;
	bool control;
	void (*child)(int conn);
	struct child *kids;
	unsigned int nkids;
};

static int activated(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");

	return pid && fds && atol(pid) == (long)getpid() && atoi(fds) >= 1;
}

int verify_server_socket(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;
	int fd;

	if (!path) {
		if (!activated() || atoi(getenv("LISTEN_FDS")) != 1) {
			fprintf(stderr, "mefwd-verify: --server needs one socket from systemd "
				"(LISTEN_FDS) or --listen PATH\n");
			return -1;
		}
		fcntl(LISTEN_FD, F_SETFD, FD_CLOEXEC);
		return LISTEN_FD;
	}
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "mefwd-verify: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	unlink(path);
	old = umask(0077);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 64)) {
		fprintf(stderr, "mefwd-verify: cannot listen on %s: %s\n", path, strerror(errno));
		umask(old);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	umask(old);
	return fd;
}

int verify_server_control(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		fprintf(stderr, "mefwd-verify: --control-fd %d is not a socket\n", fd);
		return -1;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

/* the next connection mefwd passed on the control socket; -1: none now, -2: mefwd is gone */
static int control_conn(int fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	char byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf,
			     .msg_controllen = sizeof(c.buf) };
	struct cmsghdr *cm;
	ssize_t n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	int conn = -1;

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return -2;
	cm = n > 0 ? CMSG_FIRSTHDR(&mh) : NULL;
	if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
	    cm->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&conn, CMSG_DATA(cm), sizeof(int));
	return conn;
}

/* fork a child for @conn (closed here either way) */
static void spawn(struct server *s, int conn)
{
	struct child *k;
	pid_t pid;

	k = realloc(s->kids, (s->nkids + 1) * sizeof(*s->kids));
	if (!k) {
		fprintf(stderr, "mefwd-verify: out of memory: connection dropped\n");
		close(conn);
		return;
	}
	s->kids = k;
	pid = fork();
	if (pid == 0) {
		if (conn != LISTEN_FD && dup2(conn, LISTEN_FD) < 0)
			_exit(1);
		close_range(LISTEN_FD + 1, ~0U, 0);
		s->child(LISTEN_FD);
		_exit(1);
	}
	k = &s->kids[s->nkids];
	k->pid = pid;
	k->pidfd = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
	if (pid < 0 || k->pidfd < 0) {
		fprintf(stderr, "mefwd-verify: cannot start a check: %s\n", strerror(errno));
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		close(conn);
		return;
	}
	k->conn = conn;
	s->nkids++;
}

/* the child @i ended: say how if it was not a clean exit, forget it */
static void reap(struct server *s, unsigned int i)
{
	struct child *k = &s->kids[i];
	int status = 0;

	while (waitpid(k->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status) && k->conn >= 0)
		fprintf(stderr, "mefwd-verify: check %d killed by signal %d (%s)\n", (int)k->pid,
			WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status) && WEXITSTATUS(status))
		fprintf(stderr, "mefwd-verify: check %d exited with status %d\n", (int)k->pid,
			WEXITSTATUS(status));
	close(k->pidfd);
	if (k->conn >= 0)
		close(k->conn);
	s->kids[i] = s->kids[--s->nkids];
}

/* false: the control socket's other end (mefwd) is gone */
static bool accept_one(struct server *s)
{
	int conn = s->control ? control_conn(s->lfd) : accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC);

	if (conn >= 0)
		spawn(s, conn);
	else if (conn == -2)
		return false;
	else if (!s->control && errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
		fprintf(stderr, "mefwd-verify: accept: %s\n", strerror(errno));
	return true;
}

/* pollfd of each child: its pidfd, then its connection (events 0 once hung up) */
static int wait_events(const struct server *s, struct pollfd **pfd, size_t *cap)
{
	size_t need = 1 + 2 * (size_t)s->nkids, i;
	bool idle_exit = activated() && !s->nkids;

	if (need > *cap) {
		struct pollfd *p = realloc(*pfd, need * sizeof(**pfd));

		if (!p)
			return -1;
		*pfd = p;
		*cap = need;
	}
	(*pfd)[0].fd = s->nkids < VERIFY_SERVER_MAX_CHILDREN ? s->lfd : -1;
	(*pfd)[0].events = POLLIN;
	for (i = 0; i < s->nkids; i++) {
		(*pfd)[1 + 2 * i] = (struct pollfd){ .fd = s->kids[i].pidfd, .events = POLLIN };
		(*pfd)[2 + 2 * i] = (struct pollfd){ .fd = s->kids[i].conn, .events = POLLRDHUP };
	}
	return poll(*pfd, need, idle_exit ? VERIFY_SERVER_IDLE_S * 1000 : -1);
}

int verify_server_run(int lfd, bool control, void (*child)(int conn))
{
	struct server srv = { .lfd = lfd, .control = control, .child = child }, *s = &srv;
	struct pollfd *pfd = NULL;
	size_t cap = 0;
	unsigned int i, n;
	int r;

	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		r = wait_events(s, &pfd, &cap);
		if (r == 0)
			break;		/* idle: systemd starts us again on the next connection */
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "mefwd-verify: poll: %s\n", strerror(errno));
			free(pfd);
			free(s->kids);
			return 1;
		}
		/* clients that went away: kill their checks (reaped below) */
		for (i = 0, n = s->nkids; i < n; i++)
			if (s->kids[i].conn >= 0 && pfd[2 + 2 * i].revents) {
				kill(s->kids[i].pid, SIGKILL);
				close(s->kids[i].conn);
				s->kids[i].conn = -1;
			}
		for (i = n; i-- > 0;)
			if (pfd[1 + 2 * i].revents)
				reap(s, i);
		if (pfd[0].revents && !accept_one(s))
			break;
	}
	/* no one waits for the checks that still run */
	for (i = 0; i < s->nkids; i++)
		kill(s->kids[i].pid, SIGKILL);
	free(pfd);
	free(s->kids);
	return 0;
}

int verify_server_recv(int conn, struct verify_request *req, int *imgfd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * 4)];
	} c;
	struct iovec iov = { req, sizeof(*req) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf,
			     .msg_controllen = sizeof(c.buf) };
	struct cmsghdr *cm;
	ssize_t n;
	int nfd = 0;

	*imgfd = -1;
	do
		n = recvmsg(conn, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	for (cm = n > 0 ? CMSG_FIRSTHDR(&mh) : NULL; cm; cm = CMSG_NXTHDR(&mh, cm)) {
		int *fds = (int *)CMSG_DATA(cm), k;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		for (k = 0; k < (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int)); k++, nfd++) {
			if (*imgfd < 0)
				*imgfd = fds[k];
			else
				close(fds[k]);
		}
	}
	if (n != (ssize_t)sizeof(*req) || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
	    nfd != 1 || req->magic != VERIFY_MAGIC || req->proto != VERIFY_PROTO ||
	    (req->flags & ~VERIFY_REQ_FLAGS) ||
	    !memchr(req->known_sha256, '\0', sizeof(req->known_sha256)))
		return -1;
	return 0;
}
