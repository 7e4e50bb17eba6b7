// SPDX-License-Identifier: GPL-2.0
/*
 * The image checker's jail (see verify_jail.h).  Dropping is best effort
 * (a sandbox may forbid a step that is not needed there); jail_check()
 * is not: the checker refuses to parse anything while it holds root or a
 * capability.
 */
#include <errno.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pwd.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "verify_jail.h"

#define NOBODY 65534
#define CAP_MAX_PROBE 64	/* PR_CAPBSET_* answer EINVAL past the last one */

void jail_ids(uid_t *uid, gid_t *gid)
{
	const char *name = getenv("MEFWD_VERIFY_USER");
	struct passwd *pw = getpwnam(name && name[0] ? name : "nobody");

	*uid = pw && pw->pw_uid ? pw->pw_uid : NOBODY;
	*gid = pw && pw->pw_gid ? pw->pw_gid : NOBODY;
}

static int capset_zero(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	return (int)syscall(SYS_capset, &h, d);
}

static void drop_bounding(void)
{
	int c;

	for (c = 0; c < CAP_MAX_PROBE; c++)
		if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1)
			prctl(PR_CAPBSET_DROP, c, 0, 0, 0);
}

int jail_drop(uid_t uid, gid_t gid, char *msg, size_t msglen)
{
	uid_t r, e, s;

	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (getresuid(&r, &e, &s) == 0 && (r == 0 || e == 0 || s == 0)) {
		drop_bounding();	/* needs CAP_SETPCAP: before the uid changes */
		if (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
		    setresuid(uid, uid, uid)) {
			snprintf(msg, msglen, "cannot drop root to uid %u: %s", (unsigned int)uid,
				 strerror(errno));
			return -1;
		}
	}
	capset_zero();		/* the inheritable set survives setresuid */
	return 0;
}

/* any capability in the effective, permitted, inheritable or ambient set */
static int held_caps(char *msg, size_t msglen)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int c;

	if (syscall(SYS_capget, &h, d)) {
		snprintf(msg, msglen, "capget: %s", strerror(errno));
		return -1;
	}
	if (d[0].effective | d[1].effective | d[0].permitted | d[1].permitted |
	    d[0].inheritable | d[1].inheritable) {
		snprintf(msg, msglen, "it holds capabilities (permitted %08x%08x, effective %08x%08x)",
			 d[1].permitted, d[0].permitted, d[1].effective, d[0].effective);
		return -1;
	}
	for (c = 0; c < CAP_MAX_PROBE; c++)
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0) == 1) {
			snprintf(msg, msglen, "it holds ambient capability %d", c);
			return -1;
		}
	return 0;
}

int jail_check(char *msg, size_t msglen)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	if (getresuid(&r, &e, &s) || getresgid(&gr, &ge, &gs)) {
		snprintf(msg, msglen, "cannot read its ids: %s", strerror(errno));
		return -1;
	}
	if (!r || !e || !s || !gr || !ge || !gs) {
		snprintf(msg, msglen, "it runs as uid %u/%u/%u gid %u/%u/%u (root)",
			 (unsigned int)r, (unsigned int)e, (unsigned int)s, (unsigned int)gr,
			 (unsigned int)ge, (unsigned int)gs);
		return -1;
	}
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) {
		snprintf(msg, msglen, "no_new_privs is not set");
		return -1;
	}
	return held_caps(msg, msglen);
}

int jail_limits(char *msg, size_t msglen)
{
	struct rlimit cpu = { JAIL_CPU_S, JAIL_CPU_S + 5 }, zero = { 0, 0 };
#ifndef __SANITIZE_ADDRESS__	/* ASan reserves terabytes of shadow */
	struct rlimit as = { JAIL_AS_BYTES, JAIL_AS_BYTES };

	if (setrlimit(RLIMIT_AS, &as))
		goto fail;
#endif
	if (setrlimit(RLIMIT_CPU, &cpu) || setrlimit(RLIMIT_CORE, &zero) ||
	    setrlimit(RLIMIT_FSIZE, &zero))
		goto fail;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		goto fail;
	alarm(JAIL_WALL_S);
	return 0;
fail:
	snprintf(msg, msglen, "cannot set its limits: %s", strerror(errno));
	return -1;
}

#if defined(__x86_64__)
#define JAIL_ARCH AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define JAIL_ARCH AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define JAIL_ARCH AUDIT_ARCH_AARCH64
#else
#error "verify_jail.c: add this architecture's AUDIT_ARCH_*"
#endif

/*
 * What parsing needs: reading the image fd and the request, writing the
 * reply, memory, the one helper thread lib/image may start (clone with
 * CLONE_THREAD only), its futexes, time, exit.
 */
static const int allowed[] = {
	SYS_read, SYS_pread64, SYS_write, SYS_writev, SYS_recvmsg, SYS_lseek,
	SYS_close, SYS_fstat, SYS_newfstatat, SYS_statx,
	SYS_mmap, SYS_munmap, SYS_mremap, SYS_mprotect, SYS_brk, SYS_madvise,
	SYS_futex, SYS_set_robust_list, SYS_rseq, SYS_sched_getaffinity,
	SYS_sched_yield, SYS_getrandom, SYS_clock_gettime, SYS_gettimeofday,
	SYS_getpid, SYS_gettid, SYS_rt_sigreturn, SYS_rt_sigprocmask, SYS_rt_sigaction,
	SYS_sigaltstack, SYS_exit, SYS_exit_group,
};

#define N_ALLOWED (sizeof(allowed) / sizeof(allowed[0]))
#define PROG_MAX (N_ALLOWED + 24)

#define STMT(c, k) ((struct sock_filter)BPF_STMT((c), (k)))
#define JUMP(c, k, t, f) ((struct sock_filter)BPF_JUMP((c), (k), (t), (f)))

/* the return statements the program ends with */
enum { R_KILL, R_ALLOW, R_EACCES, R_ENOSYS, R_N };

static unsigned int build(struct sock_filter *p)
{
	unsigned int end[R_N], n = 0, i, jumps[PROG_MAX][2];
	unsigned int nj = 0;

	/* jumps[][0]: the instruction, [1]: its return target */
#define JTO(nr, r) (jumps[nj][0] = n, jumps[nj++][1] = (r), \
		    p[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)(nr), 0, 0))
	p[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	p[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, JAIL_ARCH, 1, 0);
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	p[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (i = 0; i < N_ALLOWED; i++)
		JTO(allowed[i], R_ALLOW);
#ifdef SYS_open
	JTO(SYS_open, R_EACCES);
#endif
	JTO(SYS_openat, R_EACCES);
	JTO(SYS_clone3, R_ENOSYS);	/* its flags are in memory: glibc falls back to clone */
	/* clone: threads only (CLONE_THREAD in the low word of argument 0) */
	p[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 2);
	p[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]));
	p[n++] = JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x00010000 /* CLONE_THREAD */, 1, 0);
	end[R_KILL] = n;
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	end[R_ALLOW] = n;
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	end[R_EACCES] = n;
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA));
	end[R_ENOSYS] = n;
	p[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA));
	for (i = 0; i < nj; i++)
		p[jumps[i][0]].jt = (unsigned char)(end[jumps[i][1]] - jumps[i][0] - 1);
#undef JTO
	return n;
}

int jail_seccomp(char *msg, size_t msglen)
{
	struct sock_filter prog[PROG_MAX];
	struct sock_fprog fp;

	_Static_assert(PROG_MAX < 255, "jump offsets fit in 8 bits");
	fp.len = (unsigned short)build(prog);
	fp.filter = prog;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp, 0, 0)) {
		snprintf(msg, msglen, "cannot install its system call filter: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}
