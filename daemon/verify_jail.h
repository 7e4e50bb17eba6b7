/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The image checker's jail (daemon/verify_jail.c): the process that
 * parses untrusted image bytes holds no privilege at all.
 *
 *	jail_drop()	root: no supplementary groups, empty bounding set,
 *			uid/gid @uid/@gid (nobody), empty capability sets;
 *			not root: empties what it may (ambient, inheritable)
 *	jail_check()	the rule: refuses uid 0, gid 0 and any capability in
 *			the effective, permitted, inheritable or ambient set
 *	jail_limits()	CPU time, address space, no core, no file writes,
 *			a wall-clock alarm, not dumpable, no_new_privs
 *	jail_seccomp()	the system call allow-list; anything else kills the
 *			process (SIGSYS), except open/openat which fail with
 *			EACCES (glibc's sysconf() probes /sys and falls back)
 *
 * Each returns 0, or -1 with a one-line reason in @msg.
 */
#ifndef MEFWD_VERIFY_JAIL_H
#define MEFWD_VERIFY_JAIL_H

#include <stddef.h>
#include <sys/types.h>

#define JAIL_CPU_S	90		/* the checker's client gives up after 60 s */
#define JAIL_WALL_S	75		/* SIGALRM: no check outlives its client */
#define JAIL_AS_BYTES	(1024ul << 20)	/* image (<= 32 MiB) + inflate + libcrypto */

/* the unprivileged ids root drops to (nobody, or $MEFWD_VERIFY_USER) */
void jail_ids(uid_t *uid, gid_t *gid);
int jail_drop(uid_t uid, gid_t gid, char *msg, size_t msglen);
int jail_check(char *msg, size_t msglen);
int jail_limits(char *msg, size_t msglen);
int jail_seccomp(char *msg, size_t msglen);

#endif /* MEFWD_VERIFY_JAIL_H */
