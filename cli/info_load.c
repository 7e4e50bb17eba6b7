// SPDX-License-Identifier: GPL-2.0
/*
 * mefwctl info: loads the image inspector, a private shared object
 * (mefwctl-info.so: cmd_info.c, the image parser, libcrypto and liblzma),
 * and runs it.  Only `info` maps libcrypto: every other command,
 * `status` first, starts without it (liblzma still comes with libsystemd).
 * Looked for next to the executable (a build tree, the test VM), then in
 * MEFWCTL_INFO_PATH (the installed one).
 */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mefwctl.h"

#define INFO_OBJECT "mefwctl-info.so"

/* INFO_OBJECT next to our executable if there is one, else the installed one */
static void info_path(char *out, size_t len)
{
	char *exe = realpath("/proc/self/exe", NULL);

	if (exe && (size_t)snprintf(out, len, "%s/" INFO_OBJECT, dirname(exe)) < len &&
	    access(out, F_OK) == 0) {
		free(exe);
		return;
	}
	free(exe);
	snprintf(out, len, "%s", MEFWCTL_INFO_PATH);
}

int cmd_info(struct mefwctl_ctx *ctx, int argc, char **argv)
{
	int (*run)(struct mefwctl_ctx *, int, char **);
	char path[PATH_MAX];
	void *h;
	int ret;

	info_path(path, sizeof(path));
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		mefwctl_err("info: cannot load the image inspector: %s", dlerror());
		return MEFWCTL_EXIT_FAILURE;
	}
	*(void **)&run = dlsym(h, "mefwctl_info_run");
	if (!run) {
		mefwctl_err("info: %s has no mefwctl_info_run", path);
		dlclose(h);
		return MEFWCTL_EXIT_FAILURE;
	}
	ret = run(ctx, argc, argv);
	dlclose(h);
	return ret;
}
