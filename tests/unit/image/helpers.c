// SPDX-License-Identifier: GPL-2.0
/* helpers and main() of the image unit tests */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "image_test.h"

const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && v[0] ? v : def;
}

char *tmp_path(const char *name)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s", env_or("MEFW_TMP", "/tmp"), name) < 0)
		return NULL;
	return p;
}

const char *corpus_dir(void)
{
	static char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/../shared/corpus",
		 env_or("MEFW_SRCDIR", "."));
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return NULL;
	return path;
}

const char *test_key(void)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/tests/images/test-key.pem",
		 env_or("MEFW_SRCDIR", "."));
	return path;
}

static char *read_fd_all(int fd)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	ssize_t r;

	if (!buf)
		return NULL;
	lseek(fd, 0, SEEK_SET);
	while ((r = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)r;
		if (len + 1 == cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	buf[len] = '\0';
	return buf;
}

static void append_env(const char *name, const char *add)
{
	const char *old = getenv(name);
	char *v = NULL;

	if (asprintf(&v, "%s%s%s", old ? old : "", old && old[0] ? ":" : "", add) >= 0) {
		setenv(name, v, 1);
		free(v);
	}
}

void run_info(struct run *r, bool as_nobody, ...)
{
	char *cmd = strdup(env_or("MEFW_INFO", "mefwctl info"));
	char *argv[64], *save = NULL, *tok;
	int argc = 0, fo, fe, st;
	va_list ap;
	pid_t pid;
	FILE *o = tmpfile(), *e = tmpfile();

	memset(r, 0, sizeof(*r));
	ck_assert_ptr_nonnull(cmd);
	ck_assert(o && e);
	for (tok = strtok_r(cmd, " ", &save); tok && argc < 8;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	va_start(ap, as_nobody);
	while (argc < 62 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	fo = fileno(o);
	fe = fileno(e);

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(fo, 1);
		dup2(fe, 2);
		append_env("ASAN_OPTIONS", "exitcode=99");
		append_env("UBSAN_OPTIONS", "exitcode=99");
		if (as_nobody && geteuid() == 0) {
			if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
				_exit(98);
		}
		execv(argv[0], argv);
		_exit(97);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = read_fd_all(fo);
	r->err = read_fd_all(fe);
	fclose(o);
	fclose(e);
	free(cmd);
}

void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

unsigned int count_lines(const char *s)
{
	unsigned int n = 0;

	for (; s && *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

int mkimage(const char *out, ...)
{
	const char *argv[64];
	int argc = 0, st;
	va_list ap;
	pid_t pid;

	argv[argc++] = env_or("MEFW_MKIMAGE", "mefw-mkimage");
	argv[argc++] = "--key";
	argv[argc++] = test_key();
	va_start(ap, out);
	while (argc < 60 && (argv[argc] = va_arg(ap, const char *)))
		argc++;
	va_end(ap);
	argv[argc++] = "-o";
	argv[argc++] = out;
	argv[argc] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execv(argv[0], (char **)argv);
		_exit(97);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

uint8_t *slurp(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || st.st_size <= 0) {
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size);
	if (buf && read(fd, buf, (size_t)st.st_size) != st.st_size) {
		free(buf);
		buf = NULL;
	}
	close(fd);
	*len = (size_t)st.st_size;
	return buf;
}

int write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t w = 0;

	if (fd < 0)
		return -errno;
	if (len)
		w = write(fd, buf, len);
	close(fd);
	return w == (ssize_t)len ? 0 : -EIO;
}

int main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(img_api_suite());
	srunner_add_suite(sr, img_corpus_suite());
	srunner_add_suite(sr, img_synth_suite());
	srunner_add_suite(sr, img_badinput_suite());
	srunner_add_suite(sr, img_compat_suite());
	srunner_add_suite(sr, img_device_suite());
	srunner_add_suite(sr, img_redteam_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
