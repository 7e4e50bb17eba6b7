// SPDX-License-Identifier: GPL-2.0
/*
 * Journal of transactions: json-c records replaced atomically (tmp file,
 * fsync, rename, fsync of the directory), loaded all at start.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "journal.h"

#define RECORD_MAX (64 * 1024)

static int open_subdir(int dirfd, const char *name, struct mefw_error *err,
		       const char *dir)
{
	int fd;

	if (mkdirat(dirfd, name, 0700) < 0 && errno != EEXIST)
		return mefw_error_set(err, -errno, "cannot create %s/%s: %s", dir,
				      name, strerror(errno));
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return mefw_error_set(err, -errno, "cannot open %s/%s: %s", dir,
				      name, strerror(errno));
	return fd;
}

int journal_open(struct journal *j, const char *dir, struct mefw_error *err)
{
	int r;

	j->dirfd = j->txfd = j->imgfd = j->lockfd = -1;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return mefw_error_set(err, -errno, "cannot create state directory %s: %s",
				      dir, strerror(errno));
	j->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (j->dirfd < 0)
		return mefw_error_set(err, -errno, "cannot open state directory %s: %s",
				      dir, strerror(errno));
	/* one mefwd per state directory (the bus name alone does not cover --run-scheduled) */
	j->lockfd = openat(j->dirfd, "lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (j->lockfd < 0) {
		r = mefw_error_set(err, -errno, "cannot create %s/lock: %s", dir, strerror(errno));
		goto fail;
	}
	if (flock(j->lockfd, LOCK_EX | LOCK_NB) < 0) {
		r = mefw_error_set(err, -errno, errno == EWOULDBLOCK ?
				   "another mefwd is using the state directory %s" :
				   "cannot lock %s/lock: %s", dir, strerror(errno));
		goto fail;
	}
	r = open_subdir(j->dirfd, "transactions", err, dir);
	if (r < 0)
		goto fail;
	j->txfd = r;
	r = open_subdir(j->dirfd, "images", err, dir);
	if (r < 0)
		goto fail;
	j->imgfd = r;
	return 0;
fail:
	journal_close(j);
	return r;
}

void journal_close(struct journal *j)
{
	if (j->imgfd >= 0)
		close(j->imgfd);
	if (j->txfd >= 0)
		close(j->txfd);
	if (j->dirfd >= 0)
		close(j->dirfd);
	if (j->lockfd >= 0)
		close(j->lockfd);
	j->dirfd = j->txfd = j->imgfd = j->lockfd = -1;
}

char *journal_txn_to_json(const struct txn *t)
{
	json_object *o = mefw_txn_to_json(&t->rec, MEFW_TXN_KEYS_DBUS);
	const char *s;
	char *out = NULL;

	if (!o)
		return NULL;
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
					   JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s && asprintf(&out, "%s\n", s) < 0)
		out = NULL;
	json_object_put(o);
	return out;
}

static int field_from_json(struct mefw_txn *t, const struct mefw_txn_field *f,
			   json_object *v, struct mefw_error *err)
{
	char *p = (char *)t + f->off;
	int64_t x;

	switch (f->type) {
	case MEFW_TXN_STR:
	case MEFW_TXN_STATE:
		if (!json_object_is_type(v, json_type_string))
			return mefw_error_set(err, -EBADMSG, "field %s is not a string", f->name);
		if (f->type == MEFW_TXN_STATE) {
			if (mefw_txn_state_parse(json_object_get_string(v), &t->state))
				return mefw_error_set(err, -EBADMSG, "unknown state '%.32s'",
						      json_object_get_string(v));
			return 0;
		}
		if ((size_t)json_object_get_string_len(v) >= f->size)
			return mefw_error_set(err, -EBADMSG, "field %s is too long", f->name);
		memcpy(p, json_object_get_string(v), json_object_get_string_len(v) + 1);
		return 0;
	case MEFW_TXN_BOOL:
		if (!json_object_is_type(v, json_type_boolean))
			return mefw_error_set(err, -EBADMSG, "field %s is not a boolean", f->name);
		*(bool *)p = json_object_get_boolean(v);
		return 0;
	default:
		break;
	}
	if (!json_object_is_type(v, json_type_int))
		return mefw_error_set(err, -EBADMSG, "field %s is not an integer", f->name);
	errno = 0;
	x = json_object_get_int64(v);
	if (f->type == MEFW_TXN_U64) {
		uint64_t u;

		if (x < 0)
			return mefw_error_set(err, -EBADMSG, "field %s is negative", f->name);
		u = (uint64_t)x;
		memcpy(p, &u, sizeof(u));
	} else if (f->type == MEFW_TXN_U32) {
		uint32_t u;

		if (x < 0 || x > UINT32_MAX)
			return mefw_error_set(err, -EBADMSG, "field %s is out of range", f->name);
		u = (uint32_t)x;
		memcpy(p, &u, sizeof(u));
	} else {
		int32_t i;

		if (x < INT32_MIN || x > INT32_MAX)
			return mefw_error_set(err, -EBADMSG, "field %s is out of range", f->name);
		i = (int32_t)x;
		memcpy(p, &i, sizeof(i));
	}
	return 0;
}

int journal_txn_from_json(const char *text, size_t len, struct txn *t,
			  struct mefw_error *err)
{
	static const char *const required[] = { "Id", "Device", "State" };
	struct json_tokener *tok;
	enum json_tokener_error jerr;
	json_object *o = NULL, *v;
	size_t i, end;
	int r = 0;

	tok = json_tokener_new();
	if (!tok)
		return mefw_error_set(err, -ENOMEM, "out of memory");
	o = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	if (!o) {
		r = mefw_error_set(err, -EBADMSG, "not valid JSON (%s)",
				   jerr == json_tokener_continue || jerr == json_tokener_success ?
				   "truncated" : json_tokener_error_desc(jerr));
		goto out;
	}
	end = json_tokener_get_parse_end(tok);
	while (end < len && strchr(" \t\r\n", text[end]))
		end++;
	if (end != len || memchr(text, '\0', len)) {
		r = mefw_error_set(err, -EBADMSG, "not valid JSON (data after the record)");
		goto out;
	}
	if (!json_object_is_type(o, json_type_object)) {
		r = mefw_error_set(err, -EBADMSG, "not a JSON object");
		goto out;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!json_object_object_get_ex(o, required[i], NULL)) {
			r = mefw_error_set(err, -EBADMSG, "field %s is missing", required[i]);
			goto out;
		}
	for (i = 0; i < mefw_txn_nfields; i++) {
		if (!json_object_object_get_ex(o, mefw_txn_fields[i].name, &v))
			continue;	/* optional: keeps its txn_init() value */
		r = field_from_json(&t->rec, &mefw_txn_fields[i], v, err);
		if (r)
			goto out;
	}
	if (!t->id) {
		r = mefw_error_set(err, -EBADMSG, "field Id is 0");
		goto out;
	}
	if (!t->device[0] || strchr(t->device, '/')) {
		r = mefw_error_set(err, -EBADMSG, "field Device is not a device name");
		goto out;
	}
out:
	json_object_put(o);
	json_tokener_free(tok);
	return r;
}

/* write @data to @dirfd/@name atomically */
static int write_atomic(int dirfd, const char *name, const char *data, size_t len,
			struct mefw_error *err)
{
	char tmp[128];
	size_t off = 0;
	int fd, r;

	snprintf(tmp, sizeof(tmp), "%s.tmp", name);
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return mefw_error_set(err, -errno, "cannot create %s: %s", tmp, strerror(errno));
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = mefw_error_set(err, n < 0 ? -errno : -EIO, "cannot write %s: %s",
					   tmp, n < 0 ? strerror(errno) : "short write");
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) < 0) {
		r = mefw_error_set(err, -errno, "cannot fsync %s: %s", tmp, strerror(errno));
		goto fail;
	}
	close(fd);
	if (renameat(dirfd, tmp, dirfd, name) < 0) {
		r = mefw_error_set(err, -errno, "cannot rename %s: %s", tmp, strerror(errno));
		unlinkat(dirfd, tmp, 0);
		return r;
	}
	if (fsync(dirfd) < 0)
		return mefw_error_set(err, -errno, "cannot fsync the directory of %s: %s",
				      name, strerror(errno));
	return 0;
fail:
	close(fd);
	unlinkat(dirfd, tmp, 0);
	return r;
}

int journal_write(struct journal *j, const struct txn *t, struct mefw_error *err)
{
	char name[64], *text;
	int r;

	text = journal_txn_to_json(t);
	if (!text)
		return mefw_error_set(err, -ENOMEM, "out of memory writing transaction %" PRIu64,
				      t->id);
	snprintf(name, sizeof(name), "%" PRIu64 ".json", t->id);
	r = write_atomic(j->txfd, name, text, strlen(text), err);
	free(text);
	return r;
}

int journal_write_next_id(struct journal *j, uint64_t next, struct mefw_error *err)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%" PRIu64 "\n", next);

	return write_atomic(j->dirfd, "next-id", buf, (size_t)n, err);
}

int journal_write_marker(struct journal *j, const char *text, struct mefw_error *err)
{
	if (text)
		return write_atomic(j->dirfd, "offline-update", text, strlen(text), err);
	if (unlinkat(j->dirfd, "offline-update", 0) < 0) {
		if (errno == ENOENT)
			return 0;
		return mefw_error_set(err, -errno, "cannot remove offline-update: %s",
				      strerror(errno));
	}
	fsync(j->dirfd);
	return 0;
}

/* read a whole small file; malloc()ed NUL-terminated text or NULL (errno) */
static char *read_small(int dirfd, const char *name, size_t *len)
{
	char *buf;
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	buf = malloc(RECORD_MAX + 1);
	if (!buf) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	while (got < RECORD_MAX) {
		n = read(fd, buf + got, RECORD_MAX - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got == RECORD_MAX) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

uint64_t journal_read_next_id(struct journal *j)
{
	unsigned long long v = 0;
	size_t len;
	char *s = read_small(j->dirfd, "next-id", &len);

	if (s && sscanf(s, "%llu", &v) != 1)
		v = 0;
	free(s);
	return v;
}

/* "<digits>.json" -> id, else 0 */
static uint64_t record_id(const char *name)
{
	char *end;
	unsigned long long v;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	errno = 0;
	v = strtoull(name, &end, 10);
	if (errno || strcmp(end, ".json"))
		return 0;
	return v;
}

/* a directory stream of its own on the directory open as DIRFD (errno set on failure) */
static DIR *dir_at(int dirfd)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return d;
}

int journal_load_all(struct journal *j, struct txn **list, uint64_t *max_id,
		     journal_bad_fn bad, void *ctx)
{
	struct mefw_error err = { 0 };
	struct dirent *de;
	int n = 0;
	DIR *d;

	*max_id = 0;
	d = dir_at(j->txfd);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		uint64_t id;
		struct txn *t;
		size_t len;
		char *text;

		if (de->d_name[0] == '.')
			continue;
		if (strlen(de->d_name) > 4 &&
		    !strcmp(de->d_name + strlen(de->d_name) - 4, ".tmp")) {
			/* an interrupted rewrite: the old record is intact */
			unlinkat(j->txfd, de->d_name, 0);
			continue;
		}
		id = record_id(de->d_name);
		if (!id) {
			bad(ctx, de->d_name, "not a transaction record name (ignored)");
			continue;
		}
		if (id > *max_id)
			*max_id = id;
		text = read_small(j->txfd, de->d_name, &len);
		if (!text) {
			char m[128];

			snprintf(m, sizeof(m), "cannot read: %s", strerror(errno));
			bad(ctx, de->d_name, m);
			continue;
		}
		t = malloc(sizeof(*t));
		if (!t) {
			free(text);
			closedir(d);
			return -ENOMEM;
		}
		txn_init(t, 0, "");
		t->created = 0;
		if (journal_txn_from_json(text, len, t, &err)) {
			bad(ctx, de->d_name, err.msg);
		} else if (t->id != id) {
			bad(ctx, de->d_name, "field Id does not match the file name");
		} else if (txn_list_insert(list, t) == 0) {
			t = NULL;
			n++;
		}
		free(t);
		free(text);
	}
	closedir(d);
	return n;
}

void journal_image_name(uint64_t id, char *buf, size_t len)
{
	snprintf(buf, len, "images/%" PRIu64 ".bin", id);
}

void journal_image_remove(struct journal *j, uint64_t id)
{
	char name[64];

	snprintf(name, sizeof(name), "%" PRIu64 ".bin", id);
	unlinkat(j->imgfd, name, 0);
	fsync(j->imgfd);
}

/* "<digits>.bin" -> id, else 0 */
static uint64_t image_id(const char *name)
{
	unsigned long long v;
	char *end;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	errno = 0;
	v = strtoull(name, &end, 10);
	if (errno || strcmp(end, ".bin"))
		return 0;
	return v;
}

/* does an unfinished transaction (or a record we could not read) need copy @id? */
static bool image_needed(struct journal *j, const struct txn *list, uint64_t id)
{
	char name[64];

	for (; list; list = list->next)
		if (list->id == id)
			return !mefw_txn_state_final(list->state);
	snprintf(name, sizeof(name), "%" PRIu64 ".json", id);
	return faccessat(j->txfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

int journal_clean_images(struct journal *j, const struct txn *list)
{
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = dir_at(j->imgfd);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		uint64_t id = image_id(de->d_name);

		if (!id || image_needed(j, list, id))
			continue;
		if (unlinkat(j->imgfd, de->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	if (n)
		fsync(j->imgfd);
	return n;
}
