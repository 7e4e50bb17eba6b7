/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefwd-verify --server (daemon/verify_server.c): the listening socket,
 * the accept loop that forks one child per connection and kills a child
 * whose client went away, and the request a child receives.
 */
#ifndef MEFWD_VERIFY_SERVER_H
#define MEFWD_VERIFY_SERVER_H

#include <stdbool.h>

#include "verify.h"

/* children at once; more connections wait in the listen backlog */
#define VERIFY_SERVER_MAX_CHILDREN 64
/* socket-activated: exit after this long without a connection */
#define VERIFY_SERVER_IDLE_S 600

/*
 * systemd's socket (LISTEN_PID/LISTEN_FDS: exactly one) or, with @path, a
 * new one there (mode 0600); -1 after a one-line error on stderr
 */
int verify_server_socket(const char *path);

/*
 * mefwd started the server itself: @fd is one end of a SOCK_SEQPACKET
 * pair on which each message carries one connection (a socket fd of a
 * stream pair, SCM_RIGHTS); EOF means mefwd is gone.  @fd, or -1.
 */
int verify_server_control(int fd);

/*
 * Serve @lfd: accept (or, with @control, receive from mefwd's control
 * socket), fork, run @child(conn) in the child (it must not return: it
 * _exit()s), reap.  Returns when socket-activated and idle or
 * when mefwd closed the control socket (0, running checks killed) or on a
 * fatal error (1).
 */
int verify_server_run(int lfd, bool control, void (*child)(int conn));

/* one request and its image fd from @conn; 0, or -1 (malformed) */
int verify_server_recv(int conn, struct verify_request *req, int *imgfd);

#endif /* MEFWD_VERIFY_SERVER_H */
