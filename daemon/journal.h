/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The on-disk journal of mefwd, in the state directory DIR:
 *   DIR/transactions/<id>.json   one record per transaction (json-c)
 *   DIR/images/<id>.bin          the sealed image copy while not ended
 *   DIR/next-id                  the next transaction id (decimal)
 *   DIR/lock                     flock()ed by the mefwd using DIR
 *   DIR/offline-update           the ids of the at-boot transactions not yet
 *                                ended, one per line; absent when none
 *                                (mefw-system-update.path watches it)
 * Every file is replaced atomically: write <name>.tmp, fsync, rename,
 * fsync the directory.  A kill -9 at any moment leaves either the old or
 * the new record, never a torn one.
 */
#ifndef MEFWD_JOURNAL_H
#define MEFWD_JOURNAL_H

#include <stdint.h>

#include "txn.h"

struct journal {
	int dirfd;	/* DIR */
	int txfd;	/* DIR/transactions */
	int imgfd;	/* DIR/images */
	int lockfd;	/* DIR/lock, flock()ed while open */
};

/* create (0700), open and lock DIR and its subdirectories (-EWOULDBLOCK: in use) */
int journal_open(struct journal *j, const char *dir, struct mefw_error *err);
void journal_close(struct journal *j);

/* the record of @t as a JSON text (malloc()ed) or NULL on ENOMEM */
char *journal_txn_to_json(const struct txn *t);

/*
 * Parse a record into @t (txn_init()ed first).  -EBADMSG with a one-line
 * message when it is not JSON, not an object, or misses/garbles a field.
 */
int journal_txn_from_json(const char *text, size_t len, struct txn *t,
			  struct mefw_error *err);

/* atomically (re)write transactions/<id>.json */
int journal_write(struct journal *j, const struct txn *t, struct mefw_error *err);

/* atomically write next-id; read it (0 when absent) */
int journal_write_next_id(struct journal *j, uint64_t next, struct mefw_error *err);
uint64_t journal_read_next_id(struct journal *j);

/* atomically write DIR/offline-update with @text, or remove it (@text NULL) */
int journal_write_marker(struct journal *j, const char *text, struct mefw_error *err);

/* called for each record that cannot be loaded (it is left on disk) */
typedef void (*journal_bad_fn)(void *ctx, const char *file, const char *msg);

/*
 * Load every record into @list (ascending id; entries malloc()ed).
 * Bad records are reported through @bad and skipped.  *@max_id gets the
 * highest id seen in a file name, loadable or not.  Returns the number
 * loaded or a negative errno when the directory cannot be read.
 */
int journal_load_all(struct journal *j, struct txn **list, uint64_t *max_id,
		     journal_bad_fn bad, void *ctx);

/* "images/<id>.bin" relative to DIR into @buf */
void journal_image_name(uint64_t id, char *buf, size_t len);
/* delete an image copy; missing is fine */
void journal_image_remove(struct journal *j, uint64_t id);

/*
 * Delete the image copies images/<id>.bin that no unfinished transaction
 * of @list needs: no record at all (neither in @list nor a damaged file
 * transactions/<id>.json, left for a human), or a final one.  Other names
 * are left alone.  Returns how many were removed, or a negative errno
 * when the directory cannot be read.
 */
int journal_clean_images(struct journal *j, const struct txn *list);

#endif /* MEFWD_JOURNAL_H */
