/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefwd's side of the image checker (daemon/verify_client.c): which
 * checker (verify_client_start()), running one check on an fd, and
 * stopping them all (verify_client_stop()).  Its state is one struct
 * verify_client, owned by struct daemon and passed to every check.
 *
 * Where: --verify-helper PATH or $MEFWD_VERIFY_HELPER: that program, one
 * process per image; else $MEFWD_VERIFY_SOCKET, or VERIFY_SOCKET_PATH if
 * it is a socket (mefw-verify.socket): the checker server; else the
 * program mefwd-verify found as seal.h says.  A program started as root
 * drops to nobody itself, and refuses to run where it cannot (inside
 * mefwd.service: no CAP_SETUID), so a check there fails rather than run
 * with privilege.
 */
#ifndef MEFWD_VERIFY_CLIENT_H
#define MEFWD_VERIFY_CLIENT_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "seal.h"
#include "verify_reply.h"

#ifndef VERIFY_SOCKET_PATH
#define VERIFY_SOCKET_PATH "/run/mefw-verify.sock"
#endif

/* a check that runs: a helper's pid, or a connection to the server */
struct verify_running;

/**
 * struct verify_client - which checker mefwd uses and the checks running
 * @helper_path: the program (one process per image, or the server mefwd
 *	started); "" when none was found
 * @helper_forced: --verify-helper / $MEFWD_VERIFY_HELPER: never the server
 * @timeout_ms: how long one check may run
 * @own_ctrl: the control socket of the server mefwd started, or -1
 * @own_pid: that server's pid
 * @own_told: its failure was logged (atomic)
 * @lock: guards @running, @nrunning, @running_cap and @stopping
 * @running: the checks running now, so that verify_client_stop() can
 *	end them; it grows with the checks (how many run at once is bounded
 *	by mefwd's job slots).  An entry is removed before its pid is
 *	reaped or its fd closed, so neither can be reused while listed.
 * @stopping: mefwd stops: no check starts
 *
 * Set up by verify_client_start() from the main thread; afterwards the
 * fields before @lock are read-only and the checks run from any thread.
 */
struct verify_client {
	char helper_path[PATH_MAX];
	bool helper_forced;
	int timeout_ms;
	int own_ctrl;
	pid_t own_pid;
	bool own_told;
	pthread_mutex_t lock;
	struct verify_running *running;
	size_t nrunning, running_cap;
	bool stopping;
};

/* no checker yet: the defaults (60 s, no server) */
void verify_client_init(struct verify_client *vc);
/* free what @vc holds (after verify_client_stop() and the checks' end) */
void verify_client_free(struct verify_client *vc);

/*
 * Find the checker (once, at start, from the main thread): @override
 * (--verify-helper) or $MEFWD_VERIFY_HELPER (one process per image), else
 * the server socket $MEFWD_VERIFY_SOCKET or /run/mefw-verify.sock, else
 * mefwd-verify next to mefwd's executable, else
 * EXEDIR/../libexec/mefw/mefwd-verify, else MEFWD_VERIFY_PATH (build
 * time, /usr/libexec/mefw/mefwd-verify), which mefwd then starts as its
 * own server.  0, or -ENOENT with @msg (image checks then fail with IO
 * errors; the rest of mefwd works).
 */
int verify_client_start(struct verify_client *vc, const char *override, char *msg,
			size_t msglen);

/*
 * mefwd stops: end the checks that run now (their checks fail with
 * "mefwd is stopping") and start no more.  Any thread, once.
 */
void verify_client_stop(struct verify_client *vc);

/*
 * Check @imgfd (not closed) with @flags (VERIFY_REQ_*) and @known
 * (may be NULL), waiting at most the checker timeout (60 s).  0 with
 * @out filled and validated (verify_reply_valid), or -1 with @res and
 * @msg.  Blocking: threads and start-up only, never the event loop.
 */
int verify_client_run(struct verify_client *vc, int imgfd, uint32_t flags, const char *known,
		      struct verify_out *out, enum seal_result *res, char *msg, size_t msglen);

#endif /* MEFWD_VERIFY_CLIENT_H */
