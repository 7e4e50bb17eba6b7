/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mefwd's state: one struct daemon owned by main(), passed to every part.
 */
#ifndef MEFWD_DAEMON_H
#define MEFWD_DAEMON_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-device.h>
#include <systemd/sd-event.h>

#include "async.h"
#include "auth.h"
#include "image/image.h"
#include "journal.h"
#include "mefw.h"
#include "quota.h"
#include "seal.h"
#include "txn.h"
#include "verify_client.h"

/**
 * struct dev - an ME device mefwd knows (present or gone for a moment)
 * @name: "mefw0"
 * @present: /dev/@name exists (udev add seen, no remove since)
 * @have_ident: @ident / @version were read from the ME
 * @version: running firmware version or ""
 * @family: "me6_10" ...
 * @refreshing: a read of the identity runs in a thread
 * @report: the last status read of the device (NULL before one
 *	succeeded); GetStatus answers with it while a transaction owns the
 *	device, so that no status query reaches an ME that updates
 */
struct dev {
	struct dev *next;
	char name[MEFW_NAME_MAX];
	bool present;
	bool have_ident;
	struct mefw_device_ident ident;
	char version[MEFW_TXN_VERSION_MAX];
	char family[16];
	bool refreshing;
	bool refresh_again;
	struct daemon *owner;
	struct mefw_report *report;
};

/*
 * Work callers start (quota.h).  Images read and checked at the same time
 * (each up to 16 MiB in memory): InspectImage is open to everyone, so
 * this bounds what callers can make mefwd allocate; unprivileged callers
 * share all but the reserved slots, one each, so that root's and
 * authorized requests always find one.  Status reads in threads (devices
 * that update are answered from the cache, without one): two per
 * unprivileged uid, one slot kept for root.
 */
#define MEFWD_MAX_IMAGE_JOBS 4
#define MEFWD_IMAGE_JOBS_RESERVED 2
#define MEFWD_IMAGE_JOBS_PER_UID 1
#define MEFWD_MAX_STATUS_JOBS 4
#define MEFWD_STATUS_JOBS_RESERVED 1
#define MEFWD_STATUS_JOBS_PER_UID 2


struct daemon {
	sd_event *event;
	sd_bus *bus;			/* NULL with --run-scheduled */
	const char *state_dir;
	const char *sysroot;		/* "" (MEFW_SYSROOT for tests) */
	bool trust_test_key;
	bool run_scheduled;
	const char *verify_helper;	/* --verify-helper, or NULL */
	bool exiting;
	struct journal journal;
	struct async async;
	struct txn *txns;		/* every transaction known, ascending id */
	uint64_t next_id;
	struct dev *devs;
	sd_device_monitor *monitor;
	sd_event_source *emit_timer;	/* armed only while emits are pending */
	sd_event_source *sig_term, *sig_int;
	unsigned int workers;		/* running worker threads */
	/* callers' work: limits and who is calling (bus_manager.c, auth.c) */
	struct quota image_quota;	/* images being read + checked */
	struct quota status_quota;	/* status reads in threads */
	struct auth_state auth;		/* uid cache, polkit questions */
	struct seal_cache seal_cache;	/* the last verified image */
	struct verify_client verify;	/* the image checker and its checks */
	atomic_bool follow_stop;	/* set on the way out: a follow ends at its next look */
	int exit_code;			/* --run-scheduled */
};

/* ---- transactions on the loop (main.c / queue.c) ---- */

/* journal @t; logs on failure; returns 0 or negative errno */
int daemon_journal(struct daemon *d, struct txn *t);
/* allocate the next id (journals next-id) */
int daemon_alloc_id(struct daemon *d, uint64_t *id);

/**
 * struct txn_request - what RequestUpdate asked for, once its image is sealed
 * @id: the id allocated for it (daemon_alloc_id)
 * @device: the device to update
 * @uid: the caller (< 0: unknown)
 * @previous_version: the version the device runs now
 * @allow_same_version, @at_boot: the options given
 */
struct txn_request {
	uint64_t id;
	const char *device;
	long uid;
	const char *previous_version;
	bool allow_same_version, at_boot;
};

/*
 * Create transaction @rq->id from the sealed copy @q (takes q->img),
 * add it to the list, journal it and log it; queued, or scheduled
 * (at boot: the marker is updated).  The caller replies, then
 * daemon_kick()s.  0 with *@out; -ENOMEM: nothing created, the image
 * copy removed; -EIO: the record could not be written, *@out ended
 * failed and the caller passes it to daemon_txn_ended().
 */
int daemon_txn_create(struct daemon *d, const struct txn_request *rq,
		      struct seal_req *q, struct txn **out);
/* start whatever can run now (one active transaction per device) */
void daemon_kick(struct daemon *d);
/* @t reached a final state: journal, log, signal, delete image, kick */
void daemon_txn_ended(struct daemon *d, struct txn *t);
/* @t changed: PropertiesChanged (rate-limited), STATUS= */
void daemon_txn_changed(struct daemon *d, struct txn *t, bool now);
/* cancel @t; 0, or -EBUSY (finalizing) / -EALREADY (ended) */
int daemon_cancel(struct daemon *d, struct txn *t, const char *why);
void daemon_update_status(struct daemon *d);
/* rewrite (or remove) DIR/offline-update from the at-boot transactions */
void daemon_sync_marker(struct daemon *d);
/* the exit path: cancel transfers, wait for workers */
void daemon_stop(struct daemon *d);

/* ---- devices.c ---- */
int devices_start(struct daemon *d);
void devices_stop(struct daemon *d);
struct dev *dev_find(struct daemon *d, const char *name);
/* "" = the first present device (sorted by name), else the first known
 * one (resetting); NULL when none was ever seen */
struct dev *dev_resolve(struct daemon *d, const char *name);
struct dev *dev_get(struct daemon *d, const char *name);	/* find or add */
void dev_refresh(struct daemon *d, struct dev *v);
/* the same, blocking (start-up: the first answers are complete) */
void dev_refresh_now(struct daemon *d, struct dev *v);
/* remember @r as the last status read of @v */
void dev_set_report(struct dev *v, const struct mefw_report *r);

/* ---- bus_*.c ---- */
int bus_manager_setup(struct daemon *d);
int bus_device_setup(struct daemon *d);
int bus_txn_setup(struct daemon *d);
void bus_txn_emit_changed(struct daemon *d, struct txn *t);
void bus_txn_emit_ended(struct daemon *d, struct txn *t);
void bus_device_emit_changed(struct daemon *d, struct dev *v);
/* append the a{sv} of @t */
int bus_txn_append_dict(sd_bus_message *m, const struct txn *t);
void bus_txn_path(const struct txn *t, char *buf, size_t len);

#endif /* MEFWD_DAEMON_H */
