// SPDX-License-Identifier: GPL-2.0
/*
 * org.mefw1.Manager at /org/mefw1: devices, status, image inspection,
 * update requests, cancel, queue and history.  Everything that may block
 * (reading the ME, reading and verifying an image) runs in a thread
 * (async_run) and the reply is sent from the loop afterwards; callers
 * start such work only within the limits of d->status_quota and
 * d->image_quota (quota.h), and never on a device that updates.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "bus.h"
#include "daemon.h"
#include "image_identity.h"
#include "mefw_bus_dict.h"
#include "log.h"
#include "mefw_dbus.h"
#include "mefw_ident.h"
#include "seal.h"

/* ---- ListDevices ---- */

static int method_list_devices(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	struct daemon *d = userdata;
	sd_bus_message *reply = NULL;
	struct dev *v;
	int r;

	(void)error;
	r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'a', "(sso)");
	for (v = d->devs; r >= 0 && v; v = v->next) {
		char p[96];

		if (!v->present)
			continue;
		snprintf(p, sizeof(p), MEFW_DEVICE_PREFIX "/%s", v->name);
		r = sd_bus_message_append(reply, "(sso)", v->name, v->version, p);
	}
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	sd_bus_message_unref(reply);
	return r;
}

/* ---- limits of callers' work ---- */

/* the quota key of a uid: an unknown one (-1) is one more caller */
static uint32_t uid_key(long uid)
{
	return uid < 0 ? UINT32_MAX : (uint32_t)uid;
}

/* reply to @m that one more of @what cannot start now (quota_take() said @r) */
static void reply_quota(sd_bus_message *m, int r, const char *what, long uid,
			const struct quota *q)
{
	if (r == -EDQUOT)
		sd_bus_reply_method_errorf(m, MEFW_ERROR_LIMITS,
					   "uid %ld has %u %s in progress, as many as one user may have; wait for them to end",
					   uid, q->lim.per_uid, what);
	else
		sd_bus_reply_method_errorf(m, MEFW_ERROR_BUSY,
					   "mefwd is busy with %u %s; try again in a moment",
					   q->used, what);
}

/* auth_sender_uid() or auth_check() failed with @r: reply to @m */
static int reply_lookup_failed(sd_bus_message *m, int r)
{
	if (r == -EBUSY)
		return sd_bus_reply_method_errorf(m, MEFW_ERROR_BUSY,
						  "mefwd is identifying %u callers; try again in a moment",
						  AUTH_MAX_LOOKUPS);
	return sd_bus_reply_method_errorf(m, MEFW_ERROR_IO, "cannot identify the caller: %s",
					  strerror(-r));
}

/* ---- GetStatus ---- */

/*
 * A device that a transaction owns is not asked: its status is the last
 * report read before, with a note (no request may reach the ME between
 * the messages of an update).  Other devices are read in a thread, a
 * bounded number at a time (d->status_quota).
 */
struct status_job {
	struct daemon *d;
	sd_bus_message *m;
	long uid;
	bool counted;		/* holds a slot of d->status_quota */
	char name[MEFW_NAME_MAX];
	struct mefw_report *cached;	/* reports of devices that update */
	size_t ncached;
	struct mefw_report *reports;	/* the answer */
	size_t nr;
	char *json;
	char err[MEFW_ERRMSG_MAX + 64];
	bool no_device;
};

static void status_job_free(struct status_job *j)
{
	if (j->counted)
		quota_put(&j->d->status_quota, uid_key(j->uid), j->uid == 0);
	sd_bus_message_unref(j->m);
	free(j->cached);
	free(j->reports);
	free(j->json);
	free(j);
}

/* the report of @dev: a copy of the cached one when it updates, else read */
static int status_read_one(struct status_job *j, const struct mefw_dev_entry *dev,
			   struct mefw_report *r, struct mefw_error *err)
{
	size_t i;

	for (i = 0; i < j->ncached; i++)
		if (!strcmp(j->cached[i].device, dev->name)) {
			*r = j->cached[i];
			return 0;
		}
	return mefw_report_from_device(j->d->sysroot, dev, r, err);
}

static void status_work(void *ctx)
{
	struct status_job *j = ctx;
	struct mefw_dev_entry devs[MEFW_MAX_DEVICES];
	struct mefw_error err = { 0 };
	int n, i;

	if (j->name[0]) {
		if (mefw_device_resolve(j->d->sysroot, j->name, &devs[0], &err)) {
			snprintf(j->err, sizeof(j->err), "%s", err.msg);
			j->no_device = true;
			return;
		}
		n = 1;
	} else {
		n = mefw_devices_list(j->d->sysroot, devs, MEFW_MAX_DEVICES, &err);
		if (n < 0)
			n = 0;	/* none: {"devices":[]} */
	}
	j->reports = calloc((size_t)n + 1, sizeof(*j->reports));
	if (!j->reports) {
		snprintf(j->err, sizeof(j->err), "out of memory");
		return;
	}
	for (i = 0; i < n; i++) {
		if (status_read_one(j, &devs[i], &j->reports[j->nr], &err)) {
			snprintf(j->err, sizeof(j->err), "%.32s: %.250s", devs[i].name, err.msg);
			continue;
		}
		j->nr++;
	}
	if (j->nr || !n) {
		j->err[0] = '\0';
		if (mefw_reports_to_json(j->reports, j->nr, true, &j->json, &err))
			snprintf(j->err, sizeof(j->err), "%s", err.msg);
	}
}

static void status_done(void *ctx)
{
	struct status_job *j = ctx;
	struct dev *v;
	size_t i;

	if (j->json)
		sd_bus_reply_method_return(j->m, "s", j->json);
	else
		sd_bus_reply_method_errorf(j->m, j->no_device ? MEFW_ERROR_NO_DEVICE :
					   MEFW_ERROR_IO, "%s", j->err);
	/* what was read is the status to answer with while an update runs */
	for (i = 0; !j->d->exiting && i < j->nr; i++) {
		v = dev_find(j->d, j->reports[i].device);
		if (v && !txn_active_on(j->d->txns, v->name))
			dev_set_report(v, &j->reports[i]);
	}
	status_job_free(j);
}

/* @out: the last report of @v (which updates), with a note; -ENODATA */
static int status_cached(struct daemon *d, const struct dev *v, struct mefw_report *out)
{
	const struct txn *t = txn_active_on(d->txns, v->name);

	if (!v->report || !t)
		return -ENODATA;
	*out = *v->report;
	mefw_report_note(out, "%s is being updated (transaction %" PRIu64
			 ", %s): identity and registers as read before; the transaction has the progress",
			 v->name, t->id, mefw_txn_state_str(t->state));
	return 0;
}

/*
 * The devices GetStatus(@name) is about when every one of them updates
 * (then the answer comes from the cache, on the loop): their number, or
 * 0 when some device must be read.
 */
static size_t status_all_updating(struct daemon *d, const char *name,
				  struct dev **devs, size_t max)
{
	struct dev *v;
	size_t n = 0;

	if (name[0]) {
		v = dev_resolve(d, name);
		if (!v || !txn_active_on(d->txns, v->name))
			return 0;
		devs[0] = v;
		return 1;
	}
	for (v = d->devs; v; v = v->next) {
		bool busy = txn_active_on(d->txns, v->name) != NULL;

		if (!v->present && !busy)
			continue;
		if (!busy || n == max)
			return 0;
		devs[n++] = v;
	}
	return n;
}

/* answer from the cache when every device asked about updates: 1, else 0 */
static int status_from_cache(struct daemon *d, sd_bus_message *m, const char *name)
{
	struct dev *devs[MEFW_MAX_DEVICES];
	struct mefw_error err = { 0 };
	struct mefw_report *reports;
	size_t n, i;
	char *json = NULL;

	n = status_all_updating(d, name, devs, MEFW_MAX_DEVICES);
	if (!n)
		return 0;
	reports = calloc(n, sizeof(*reports));
	if (!reports)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (status_cached(d, devs[i], &reports[i]) < 0) {
			sd_bus_reply_method_errorf(m, MEFW_ERROR_BUSY,
						   "%s is being updated and its status was not read before; ask again when the update has ended",
						   devs[i]->name);
			free(reports);
			return 1;
		}
	if (mefw_reports_to_json(reports, n, true, &json, &err))
		sd_bus_reply_method_errorf(m, MEFW_ERROR_IO, "%s", err.msg);
	else
		sd_bus_reply_method_return(m, "s", json);
	free(json);
	free(reports);
	return 1;
}

/* copies of the cached reports of the devices that update, for the thread */
static int status_copy_cached(struct daemon *d, struct status_job *j)
{
	struct dev *v;
	size_t n = 0;

	for (v = d->devs; v; v = v->next)
		n += v->report && txn_active_on(d->txns, v->name);
	if (!n)
		return 0;
	j->cached = calloc(n, sizeof(*j->cached));
	if (!j->cached)
		return -ENOMEM;
	for (v = d->devs; v; v = v->next)
		if (!status_cached(d, v, &j->cached[j->ncached]))
			j->ncached++;
	return 0;
}

static void status_admit(struct daemon *d, sd_bus_message *m, long uid, void *ud)
{
	struct status_job *j = ud;
	int r;

	j->uid = uid;
	r = quota_take(&d->status_quota, uid_key(uid), uid == 0);
	if (r < 0) {
		reply_quota(m, r, "status reads", uid, &d->status_quota);
		status_job_free(j);
		return;
	}
	j->counted = true;
	r = status_copy_cached(d, j);
	if (r >= 0)
		r = async_run(&d->async, status_work, status_done, j);
	if (r < 0) {
		sd_bus_reply_method_errorf(m, MEFW_ERROR_IO, "cannot read the status: %s",
					   strerror(-r));
		status_job_free(j);
	}
}

int bus_get_status(struct daemon *d, sd_bus_message *m, const char *name)
{
	struct status_job *j;
	int r;

	r = status_from_cache(d, m, name);
	if (r)
		return r;
	j = calloc(1, sizeof(*j));
	if (!j)
		return -ENOMEM;
	j->d = d;
	j->m = sd_bus_message_ref(m);
	j->uid = -1;
	snprintf(j->name, sizeof(j->name), "%s", name);
	r = auth_sender_uid(d, m, status_admit, j);
	if (r < 0) {
		status_job_free(j);
		return reply_lookup_failed(m, r);
	}
	return 1;
}

static int method_get_status(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	const char *name;
	int r;

	r = sd_bus_message_read(m, "s", &name);
	if (r < 0)
		return r;
	if (strlen(name) >= MEFW_NAME_MAX)
		return sd_bus_error_setf(error, MEFW_ERROR_NO_DEVICE,
					 "no ME device '%.40s...'", name);
	return bus_get_status(userdata, m, name);
}

/* ---- image jobs (InspectImage, RequestUpdate) ---- */

/*
 * A call that checks an image: it waits for its caller's uid (and for
 * RequestUpdate its authorization) without holding anything but the
 * message, then takes a slot of d->image_quota: unprivileged callers
 * share MEFWD_MAX_IMAGE_JOBS - MEFWD_IMAGE_JOBS_RESERVED slots, root's
 * and authorized requests may take any.
 */
struct image_job {
	struct daemon *d;
	sd_bus_message *m;
	int msg_fd;		/* the caller's descriptor, owned by @m */
	struct dev *v;		/* the device to compare with, or NULL */
	struct seal_req req;
	char device[MEFW_NAME_MAX];
	char dev_version[MEFW_TXN_VERSION_MAX];
	bool want_compat;
	bool dev_busy;		/* a transaction owns the device: do not ask it */
	bool allow_same_version, at_boot;
	bool counted, privileged;	/* holds a slot of d->image_quota */
	long uid;
};

static void image_job_free(struct image_job *j)
{
	if (j->counted)
		quota_put(&j->d->image_quota, uid_key(j->uid), j->privileged);
	if (j->req.fd >= 0)
		close(j->req.fd);
	free(j->req.img);
	sd_bus_message_unref(j->m);
	free(j);
}

static void image_work(void *ctx)
{
	struct image_job *j = ctx;
	struct mefw_error err = { 0 };

	if (j->want_compat && !j->req.check_compat && !j->dev_busy) {
		/* no cached identity: ask the ME now */
		if (mefw_device_ident_read(j->d->sysroot, j->device, &j->req.ident, NULL,
					   &err) == 0) {
			j->req.check_compat = true;
			snprintf(j->dev_version, sizeof(j->dev_version), "%u.%u.%u.%u",
				 j->req.ident.major, j->req.ident.minor,
				 j->req.ident.hotfix, j->req.ident.build);
		}
	} else if (j->want_compat && !j->req.check_compat) {
		snprintf(err.msg, sizeof(err.msg), "it is being updated");
	}
	seal_run(&j->req);
	if (j->want_compat && !j->req.check_compat && j->req.result == SEAL_OK &&
	    j->req.imgdirfd >= 0) {
		/* an update needs the rules: refuse without an identity */
		j->req.result = SEAL_IO;
		snprintf(j->req.msg, sizeof(j->req.msg),
			 "cannot read the identity of %s for the compatibility rules: %s",
			 j->device, err.msg);
		if (j->req.imgdirfd >= 0)
			journal_image_remove(&j->d->journal, j->req.id);
	}
}

static struct image_job *image_job_new(struct daemon *d, sd_bus_message *m, int fd,
				       struct dev *v)
{
	struct image_job *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->d = d;
	j->m = sd_bus_message_ref(m);
	j->msg_fd = fd;
	j->v = v;
	j->uid = -1;
	j->req.fd = -1;
	j->req.imgdirfd = -1;
	j->req.trust_test_key = d->trust_test_key;
	j->req.cache = &d->seal_cache;
	j->req.verify = &d->verify;
	return j;
}

/*
 * Take an image slot and the caller's descriptor, and what is known of
 * the device now.  On failure replies to the call and frees @j.
 */
static bool image_job_admit(struct image_job *j, long uid, bool privileged)
{
	struct daemon *d = j->d;
	struct dev *v = j->v;
	int r;

	j->uid = uid;
	r = quota_take(&d->image_quota, uid_key(uid), privileged);
	if (r < 0) {
		reply_quota(j->m, r, "image checks", uid, &d->image_quota);
		image_job_free(j);
		return false;
	}
	j->counted = true;
	j->privileged = privileged;
	j->req.fd = fcntl(j->msg_fd, F_DUPFD_CLOEXEC, 3);
	if (j->req.fd < 0) {
		sd_bus_reply_method_errorf(j->m, MEFW_ERROR_BAD_IMAGE,
					   "cannot use the image file descriptor: %s",
					   strerror(errno));
		image_job_free(j);
		return false;
	}
	if (v) {
		snprintf(j->device, sizeof(j->device), "%s", v->name);
		j->want_compat = true;
		j->dev_busy = txn_active_on(d->txns, v->name) != NULL;
		if (v->have_ident) {
			j->req.ident = v->ident;
			j->req.check_compat = true;
			snprintf(j->dev_version, sizeof(j->dev_version), "%s", v->version);
		}
	}
	return true;
}

static int dict_str(sd_bus_message *m, const char *k, const char *v)
{
	return sd_bus_message_append(m, "{sv}", k, "s", v ? v : "");
}

static void inspect_done(void *ctx)
{
	struct image_job *j = ctx;
	struct seal_req *q = &j->req;
	const struct mefw_image *img = q->img;
	sd_bus_message *reply = NULL;
	int r;

	if (q->result != SEAL_OK && !img) {
		/* the file could not be read at all */
		sd_bus_reply_method_errorf(j->m, q->result == SEAL_IO ? MEFW_ERROR_IO :
					   MEFW_ERROR_BAD_IMAGE, "%s", q->msg);
		goto out;
	}
	r = sd_bus_message_new_method_return(j->m, &reply);
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'a', "{sv}");
	if (r >= 0)
		r = sd_bus_message_append(reply, "{sv}", "Size", "t", q->size);
	if (r >= 0)
		r = dict_str(reply, "Sha256", q->sha256);
	if (r >= 0)
		r = sd_bus_message_append(reply, "{sv}{sv}", "Parsed", "b", (int)q->parsed,
					  "Intact", "b", (int)q->intact);
	if (r >= 0 && q->parsed)
		r = mefw_image_identity_dbus(reply, img);
	if (r >= 0 && j->want_compat) {
		r = dict_str(reply, "Device", j->device);
		if (r >= 0)
			r = dict_str(reply, "DeviceVersion", j->dev_version);
	}
	if (r >= 0 && q->check_compat && q->intact)
		r = sd_bus_message_append(reply, "{sv}{sv}{sv}", "Compatible", "b",
					  (int)q->compat.ok, "Code", "u",
					  (uint32_t)q->compat.code, "Rule", "s",
					  q->compat.rule);
	if (r >= 0)
		r = dict_str(reply, "Verdict", !q->intact ? "damaged" :
			     q->result == SEAL_REFUSED ? "refused" :
			     q->check_compat ? "ok" : "intact");
	if (r >= 0)
		r = dict_str(reply, "Message", q->result == SEAL_OK ?
			     (q->check_compat ? q->compat.message : "the image is intact") :
			     q->msg);
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r >= 0)
		sd_bus_send(NULL, reply, NULL);
	else
		sd_bus_reply_method_errorf(j->m, MEFW_ERROR_IO, "cannot build the reply: %s",
					   strerror(-r));
	sd_bus_message_unref(reply);
out:
	image_job_free(j);
}

static void inspect_admit(struct daemon *d, sd_bus_message *m, long uid, void *ud)
{
	struct image_job *j = ud;
	int r;

	if (!image_job_admit(j, uid, uid == 0))
		return;
	j->req.keep_going = true;
	j->req.copts.allow_same_version = true;
	r = async_run(&d->async, image_work, inspect_done, j);
	if (r < 0) {
		sd_bus_reply_method_errorf(m, MEFW_ERROR_IO, "cannot start a thread: %s",
					   strerror(-r));
		image_job_free(j);
	}
}

static int method_inspect(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	struct daemon *d = userdata;
	struct image_job *j;
	struct dev *v = NULL;
	const char *name;
	int fd, r;

	r = sd_bus_message_read(m, "hs", &fd, &name);
	if (r < 0)
		return r;
	if (strcmp(name, "-")) {
		v = dev_resolve(d, name);
		if (!v && name[0])
			return sd_bus_error_setf(error, MEFW_ERROR_NO_DEVICE,
						 "no ME device '%.40s'", name);
	}
	j = image_job_new(d, m, fd, v);
	if (!j)
		return -ENOMEM;
	r = auth_sender_uid(d, m, inspect_admit, j);
	if (r < 0) {
		image_job_free(j);
		return reply_lookup_failed(m, r);
	}
	return 1;
}

/* ---- RequestUpdate ---- */

static void request_done(void *ctx)
{
	struct image_job *j = ctx;
	struct daemon *d = j->d;
	struct seal_req *q = &j->req;
	struct txn_request rq;
	struct txn *t;
	char path[96];
	int r;

	if (q->result != SEAL_OK) {
		sd_bus_reply_method_errorf(j->m, q->result == SEAL_REFUSED ? MEFW_ERROR_REFUSED :
					   q->result == SEAL_IO ? MEFW_ERROR_IO :
					   MEFW_ERROR_BAD_IMAGE, "%s", q->msg);
		journal_image_remove(&d->journal, q->id);
		image_job_free(j);
		return;
	}
	rq = (struct txn_request){
		.id = q->id, .device = j->device, .uid = j->uid,
		.previous_version = j->dev_version,
		.allow_same_version = j->allow_same_version, .at_boot = j->at_boot,
	};
	r = daemon_txn_create(d, &rq, q, &t);
	if (r == -ENOMEM) {
		sd_bus_reply_method_errorf(j->m, MEFW_ERROR_IO, "out of memory");
		image_job_free(j);
		return;
	}
	if (r) {
		sd_bus_reply_method_errorf(j->m, MEFW_ERROR_IO,
					   "cannot write the journal record of transaction %" PRIu64
					   " in %s", t->id, d->state_dir);
		daemon_txn_ended(d, t);
		image_job_free(j);
		return;
	}
	bus_txn_path(t, path, sizeof(path));
	sd_bus_reply_method_return(j->m, "to", t->id, path);
	image_job_free(j);
	daemon_kick(d);
	daemon_update_status(d);
}

static void request_authorized(struct daemon *d, sd_bus_message *m, long uid,
			       const sd_bus_error *e, void *ud)
{
	struct image_job *j = ud;
	int r;

	if (e) {
		sd_bus_reply_method_error(m, e);
		image_job_free(j);
		return;
	}
	/* authorized: the reserved capacity is there for it */
	if (!image_job_admit(j, uid, true))
		return;
	r = daemon_alloc_id(d, &j->req.id);
	if (r < 0) {
		sd_bus_reply_method_errorf(m, MEFW_ERROR_IO,
					   "cannot write %s/next-id: %s", d->state_dir,
					   strerror(-r));
		image_job_free(j);
		return;
	}
	j->req.imgdirfd = d->journal.imgfd;
	r = async_run(&d->async, image_work, request_done, j);
	if (r < 0) {
		sd_bus_reply_method_errorf(m, MEFW_ERROR_IO, "cannot start a thread: %s",
					   strerror(-r));
		image_job_free(j);
	}
}

struct options {
	bool same, at_boot;
	sd_bus_error *error;
};

/* one RequestUpdate option; InvalidArgs on an unknown key or a wrong type */
static int option_entry(sd_bus_message *m, const char *key, const char *contents, void *ctx)
{
	struct options *o = ctx;
	bool *dst;
	int r, b;

	if (!strcmp(key, "allow-same-version"))
		dst = &o->same;
	else if (!strcmp(key, "at-boot"))
		dst = &o->at_boot;
	else
		return sd_bus_error_setf(o->error, SD_BUS_ERROR_INVALID_ARGS,
					 "unknown option '%.64s' (known: allow-same-version, at-boot)",
					 key);
	if (strcmp(contents, "b"))
		return sd_bus_error_setf(o->error, SD_BUS_ERROR_INVALID_ARGS,
					 "option '%s' must be a boolean (b)", key);
	r = sd_bus_message_enter_container(m, 'v', "b");
	if (r >= 0)
		r = sd_bus_message_read_basic(m, 'b', &b);
	if (r >= 0)
		r = sd_bus_message_exit_container(m);
	if (r < 0)
		return r;
	*dst = b;
	return 1;
}

static int method_request_update(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	struct daemon *d = userdata;
	struct options o = { .error = error };
	struct image_job *j;
	const char *name;
	struct dev *v;
	int fd, r;

	r = sd_bus_message_read(m, "sh", &name, &fd);
	if (r < 0)
		return r;
	r = mefw_bus_dict_walk(m, option_entry, &o);
	if (r < 0 || sd_bus_error_is_set(error))
		return r < 0 ? r : -EINVAL;
	v = dev_resolve(d, name);
	if (!v)
		return sd_bus_error_setf(error, MEFW_ERROR_NO_DEVICE, name[0] ?
					 "no ME device '%.40s'" : "no ME device found%s",
					 name);
	j = image_job_new(d, m, fd, v);
	if (!j)
		return -ENOMEM;
	j->allow_same_version = o.same;
	j->at_boot = o.at_boot;
	j->req.copts.allow_same_version = o.same;
	r = auth_check(d, m, MEFW_ACTION_UPDATE, "updating ME firmware",
		       request_authorized, j);
	if (r < 0) {
		image_job_free(j);
		return reply_lookup_failed(m, r);
	}
	return 1;
}

/* ---- Cancel, GetTransaction, GetQueue, GetHistory ---- */

void bus_cancel_id(struct daemon *d, sd_bus_message *m, long uid, uint64_t id)
{
	struct txn *t = txn_list_find(d->txns, id);
	char why[64];
	int r;

	if (!t) {
		sd_bus_reply_method_errorf(m, MEFW_ERROR_NO_TXN, "no transaction %" PRIu64, id);
		return;
	}
	snprintf(why, sizeof(why), "cancelled by uid %ld", uid);
	r = daemon_cancel(d, t, why);
	if (r == -EALREADY)
		sd_bus_reply_method_errorf(m, MEFW_ERROR_NOT_CANCELLABLE,
					   "transaction %" PRIu64 " already ended (%s)", id,
					   mefw_txn_state_str(t->state));
	else if (r == -EBUSY)
		sd_bus_reply_method_errorf(m, MEFW_ERROR_NOT_CANCELLABLE,
					   "transaction %" PRIu64 " cannot be cancelled: the ME is writing its flash (finalizing) and cannot be stopped",
					   id);
	else
		sd_bus_reply_method_return(m, "");
}

static void cancel_authorized(struct daemon *d, sd_bus_message *m, long uid,
			      const sd_bus_error *e, void *ud)
{
	if (e) {
		sd_bus_reply_method_error(m, e);
		return;
	}
	bus_cancel_id(d, m, uid, (uint64_t)(uintptr_t)ud);
}

static int method_cancel(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	struct daemon *d = userdata;
	uint64_t id;
	int r;

	r = sd_bus_message_read(m, "t", &id);
	if (r < 0)
		return r;
	if (!txn_list_find(d->txns, id))
		return sd_bus_error_setf(error, MEFW_ERROR_NO_TXN, "no transaction %" PRIu64, id);
	r = auth_check(d, m, MEFW_ACTION_CANCEL, "cancelling ME firmware updates",
		       cancel_authorized, (void *)(uintptr_t)id);
	return r < 0 ? reply_lookup_failed(m, r) : 1;
}

static int method_get_txn(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	struct daemon *d = userdata;
	sd_bus_message *reply = NULL;
	struct txn *t;
	uint64_t id;
	int r;

	r = sd_bus_message_read(m, "t", &id);
	if (r < 0)
		return r;
	t = txn_list_find(d->txns, id);
	if (!t)
		return sd_bus_error_setf(error, MEFW_ERROR_NO_TXN, "no transaction %" PRIu64, id);
	r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = bus_txn_append_dict(reply, t);
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	sd_bus_message_unref(reply);
	return r;
}

/* reply with the aa{sv} of the @n transactions of @v (freed), or the error @n */
static int reply_txns(sd_bus_message *m, struct txn **v, int n)
{
	sd_bus_message *reply = NULL;
	int r, i;

	if (n < 0)
		return n;
	r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'a', "a{sv}");
	for (i = 0; r >= 0 && i < n; i++)
		r = bus_txn_append_dict(reply, v[i]);
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	sd_bus_message_unref(reply);
	free(v);
	return r;
}

static int method_get_queue(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	struct daemon *d = userdata;
	struct txn **v;
	int n;

	(void)error;
	n = txn_queue_order(d->txns, &v);
	return reply_txns(m, v, n);
}

static int method_get_history(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	struct daemon *d = userdata;
	struct txn **v;
	uint32_t limit;
	int r, n;

	(void)error;
	r = sd_bus_message_read(m, "u", &limit);
	if (r < 0)
		return r;
	n = txn_history_order(d->txns, limit, &v);
	return reply_txns(m, v, n);
}

static int prop_version(sd_bus *bus, const char *path, const char *interface,
			const char *property, sd_bus_message *reply, void *userdata,
			sd_bus_error *error)
{
	(void)bus;
	(void)path;
	(void)interface;
	(void)property;
	(void)userdata;
	(void)error;
	return sd_bus_message_append(reply, "s", MEFW_VERSION);
}

static int prop_trust(sd_bus *bus, const char *path, const char *interface,
		      const char *property, sd_bus_message *reply, void *userdata,
		      sd_bus_error *error)
{
	struct daemon *d = userdata;

	(void)bus;
	(void)path;
	(void)interface;
	(void)property;
	(void)error;
	return sd_bus_message_append(reply, "b", (int)d->trust_test_key);
}

#define UNPRIV SD_BUS_VTABLE_UNPRIVILEGED

static const sd_bus_vtable manager_vtable[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_PROPERTY("Version", "s", prop_version, 0, SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_PROPERTY("TrustTestKey", "b", prop_trust, 0, SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_METHOD_WITH_ARGS("ListDevices", SD_BUS_NO_ARGS,
				SD_BUS_RESULT("a(sso)", devices),
				method_list_devices, UNPRIV),
	SD_BUS_METHOD_WITH_ARGS("GetStatus", SD_BUS_ARGS("s", device),
				SD_BUS_RESULT("s", json), method_get_status, UNPRIV),
	SD_BUS_METHOD_WITH_ARGS("InspectImage", SD_BUS_ARGS("h", image, "s", device),
				SD_BUS_RESULT("a{sv}", facts), method_inspect, UNPRIV),
	SD_BUS_METHOD_WITH_ARGS("RequestUpdate",
				SD_BUS_ARGS("s", device, "h", image, "a{sv}", options),
				SD_BUS_RESULT("t", id, "o", transaction),
				method_request_update, UNPRIV),
	SD_BUS_METHOD_WITH_ARGS("Cancel", SD_BUS_ARGS("t", id), SD_BUS_NO_RESULT,
				method_cancel, UNPRIV),
	SD_BUS_METHOD_WITH_ARGS("GetTransaction", SD_BUS_ARGS("t", id),
				SD_BUS_RESULT("a{sv}", transaction), method_get_txn, UNPRIV),
	SD_BUS_METHOD_WITH_ARGS("GetQueue", SD_BUS_NO_ARGS,
				SD_BUS_RESULT("aa{sv}", transactions), method_get_queue,
				UNPRIV),
	SD_BUS_METHOD_WITH_ARGS("GetHistory", SD_BUS_ARGS("u", limit),
				SD_BUS_RESULT("aa{sv}", transactions), method_get_history,
				UNPRIV),
	SD_BUS_SIGNAL_WITH_ARGS("TransactionEnded",
				SD_BUS_ARGS("t", id, "o", transaction, "s", state,
					    "u", code, "s", message), 0),
	SD_BUS_VTABLE_END
};

int bus_manager_setup(struct daemon *d)
{
	static const struct quota_limits status_limits = {
		.total = MEFWD_MAX_STATUS_JOBS,
		.reserved = MEFWD_STATUS_JOBS_RESERVED,
		.per_uid = MEFWD_STATUS_JOBS_PER_UID,
	};
	static const struct quota_limits image_limits = {
		.total = MEFWD_MAX_IMAGE_JOBS,
		.reserved = MEFWD_IMAGE_JOBS_RESERVED,
		.per_uid = MEFWD_IMAGE_JOBS_PER_UID,
	};

	quota_init(&d->status_quota, &status_limits);
	quota_init(&d->image_quota, &image_limits);
	auth_init(&d->auth);
	return sd_bus_add_object_vtable(d->bus, NULL, MEFW_MANAGER_PATH, MEFW_MANAGER_IFACE,
					manager_vtable, d);
}
