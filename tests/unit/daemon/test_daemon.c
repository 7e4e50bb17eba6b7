// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of mefwd's pure parts (check, under ASan + UBSan): the
 * journal (round trip, atomic rewrite, damaged records, orphan image
 * copies), the crash recovery verdicts and mefw.ko's update_state, the
 * per-device queue order, and the worker's wait for the journal.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "recover.h"
#include "test_quota.h"
#include "seal.h"
#include "txn.h"
#include "worker.h"

/* ---- helpers ---- */

static char dir[64];

static void mkstate(void)
{
	snprintf(dir, sizeof(dir), "/tmp/mefwd-unit-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void rmstate(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void put_file(const char *rel, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static bool exists(const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return access(p, F_OK) == 0;
}

static struct txn sample(uint64_t id, const char *dev, enum mefw_txn_state s)
{
	struct txn t;

	txn_init(&t, id, dev);
	t.state = s;
	t.requester = 1000;
	t.image_size = 1572864;
	snprintf(t.image_sha256, sizeof(t.image_sha256), "%064x", 7);
	snprintf(t.image_version, sizeof(t.image_version), "9.0.21.1500");
	snprintf(t.previous_version, sizeof(t.previous_version), "9.0.20.1447");
	t.allow_same_version = true;
	t.bytes_sent = 65536;
	t.percent = 21;
	t.stage = 4;
	t.total_stages = 19;
	t.eta_seconds = -1;
	t.code = 8707;
	snprintf(t.message, sizeof(t.message), "quote \" backslash \\ newline\n tab\t ünïcode");
	t.fw_status = 5;
	t.reset_type = 2;
	t.started = 17;
	return t;
}

static void bad_count(void *ctx, const char *file, const char *msg)
{
	int *n = ctx;

	(void)file;
	ck_assert_ptr_nonnull(msg);
	ck_assert(msg[0]);
	(*n)++;
}

static void free_list(struct txn *l)
{
	while (l) {
		struct txn *n = l->next;

		free(l);
		l = n;
	}
}

/* ---- journal ---- */

START_TEST(journal_round_trip)
{
	struct txn a = sample(42, "mefw0", MEFW_TXN_FINALIZING), b;
	struct mefw_error err = { 0 };
	char *text = journal_txn_to_json(&a);

	ck_assert_ptr_nonnull(text);
	txn_init(&b, 0, "");
	ck_assert_int_eq(journal_txn_from_json(text, strlen(text), &b, &err), 0);
	/* every journaled field survives: compare up to the runtime part */
	ck_assert_int_eq(memcmp(&a, &b, offsetof(struct txn, next)), 0);
	free(text);
}
END_TEST

START_TEST(journal_write_load)
{
	struct journal j;
	struct mefw_error err = { 0 };
	struct txn a = sample(1, "mefw0", MEFW_TXN_SUCCEEDED), b = sample(3, "mefw1", MEFW_TXN_QUEUED);
	struct txn *list = NULL;
	uint64_t max = 0;
	int bad = 0;

	mkstate();
	ck_assert_int_eq(journal_open(&j, dir, &err), 0);
	ck_assert_int_eq(journal_write(&j, &b, &err), 0);
	ck_assert_int_eq(journal_write(&j, &a, &err), 0);
	ck_assert_int_eq(journal_write_next_id(&j, 4, &err), 0);
	ck_assert_uint_eq(journal_read_next_id(&j), 4);
	ck_assert_int_eq(journal_load_all(&j, &list, &max, bad_count, &bad), 2);
	ck_assert_int_eq(bad, 0);
	ck_assert_uint_eq(max, 3);
	ck_assert_uint_eq(list->id, 1);
	ck_assert_uint_eq(list->next->id, 3);
	ck_assert_str_eq(list->next->device, "mefw1");
	ck_assert_int_eq(list->next->state, MEFW_TXN_QUEUED);
	ck_assert(!exists("transactions/1.json.tmp"));
	free_list(list);
	journal_close(&j);
	rmstate();
}
END_TEST

/* a rewrite interrupted before rename leaves the old record + a .tmp */
START_TEST(journal_atomic_rewrite)
{
	struct journal j;
	struct mefw_error err = { 0 };
	struct txn a = sample(5, "mefw0", MEFW_TXN_TRANSFERRING);
	struct txn *list = NULL;
	uint64_t max;
	int bad = 0;

	mkstate();
	ck_assert_int_eq(journal_open(&j, dir, &err), 0);
	ck_assert_int_eq(journal_write(&j, &a, &err), 0);
	/* the torn new version never replaced the record */
	put_file("transactions/5.json.tmp", "{\"Id\":5,\"Dev");
	a.state = MEFW_TXN_FINALIZING;
	ck_assert_int_eq(journal_load_all(&j, &list, &max, bad_count, &bad), 1);
	ck_assert_int_eq(bad, 0);
	ck_assert_int_eq(list->state, MEFW_TXN_TRANSFERRING);
	ck_assert(!exists("transactions/5.json.tmp"));	/* cleaned up */
	free_list(list);
	list = NULL;
	/* rewriting replaces the content completely */
	ck_assert_int_eq(journal_write(&j, &a, &err), 0);
	ck_assert_int_eq(journal_load_all(&j, &list, &max, bad_count, &bad), 1);
	ck_assert_int_eq(list->state, MEFW_TXN_FINALIZING);
	free_list(list);
	journal_close(&j);
	rmstate();
}
END_TEST

START_TEST(journal_damaged_records)
{
	static const char *const damaged[] = {
		"",						/* empty */
		"{\"Id\":2,\"Device\":\"mefw0\",\"Sta",		/* truncated */
		"[1,2]",					/* not an object */
		"{\"Id\":2,\"Device\":\"mefw0\"}",		/* no State */
		"{\"Id\":2,\"Device\":\"mefw0\",\"State\":\"exploded\"}",
		"{\"Id\":2,\"Device\":\"mefw0\",\"State\":\"queued\",\"Percent\":\"x\"}",
		"{\"Id\":2,\"Device\":\"mefw0\",\"State\":\"queued\",\"Percent\":-1}",
		"{\"Id\":2,\"Device\":\"../etc\",\"State\":\"queued\"}",
		"{\"Id\":3,\"Device\":\"mefw0\",\"State\":\"queued\"}",	/* id != name */
		"{\"Id\":2,\"Device\":\"mefw0\",\"State\":\"queued\"} trailing",
	};
	struct mefw_error err = { 0 };
	struct txn a = sample(1, "mefw0", MEFW_TXN_FAILED), b = sample(9, "mefw0", MEFW_TXN_QUEUED);
	struct journal j;
	unsigned int i;

	for (i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		struct txn *list = NULL;
		uint64_t max;
		int bad = 0;

		mkstate();
		ck_assert_int_eq(journal_open(&j, dir, &err), 0);
		ck_assert_int_eq(journal_write(&j, &a, &err), 0);
		ck_assert_int_eq(journal_write(&j, &b, &err), 0);
		put_file("transactions/2.json", damaged[i]);
		/* the good records are kept, the bad one is reported */
		ck_assert_msg(journal_load_all(&j, &list, &max, bad_count, &bad) == 2,
			      "case %u", i);
		ck_assert_msg(bad == 1, "case %u: %d reports", i, bad);
		ck_assert_uint_eq(max, 9);
		ck_assert_uint_eq(list->id, 1);
		ck_assert_uint_eq(list->next->id, 9);
		ck_assert(exists("transactions/2.json"));	/* left for a human */
		free_list(list);
		journal_close(&j);
		rmstate();
	}
}
END_TEST

START_TEST(journal_parse_messages)
{
	struct mefw_error err = { 0 };
	struct txn t;
	const char *s = "{\"Id\":2,\"Device\":\"mefw0\",\"Sta";

	txn_init(&t, 0, "");
	ck_assert_int_lt(journal_txn_from_json(s, strlen(s), &t, &err), 0);
	ck_assert_msg(strstr(err.msg, "truncated") != NULL, "%s", err.msg);
	s = "{\"Id\":2,\"Device\":\"mefw0\",\"State\":\"queued\",\"Code\":4294967296}";
	txn_init(&t, 0, "");
	ck_assert_int_lt(journal_txn_from_json(s, strlen(s), &t, &err), 0);
	ck_assert_msg(strstr(err.msg, "Code") != NULL, "%s", err.msg);
}
END_TEST

/* one mefwd per state directory */
START_TEST(journal_lock)
{
	struct mefw_error err = { 0 };
	struct journal a, b;

	mkstate();
	ck_assert_int_eq(journal_open(&a, dir, &err), 0);
	ck_assert_int_eq(journal_open(&b, dir, &err), -EWOULDBLOCK);
	ck_assert_msg(strstr(err.msg, "another mefwd") != NULL, "%s", err.msg);
	journal_close(&a);
	ck_assert_int_eq(journal_open(&b, dir, &err), 0);
	journal_close(&b);
	rmstate();
}
END_TEST

/* image copies without an unfinished transaction are removed at start */
START_TEST(journal_orphan_images)
{
	static const char *const files[] = {
		"images/1.bin", "images/2.bin", "images/3.bin", "images/4.bin",
		"images/5.bin", "images/notes.txt", "images/06.bin",
	};
	struct txn a = sample(1, "mefw0", MEFW_TXN_SUCCEEDED), b = sample(2, "mefw0", MEFW_TXN_QUEUED);
	struct txn c = sample(5, "mefw0", MEFW_TXN_FINALIZING);
	struct mefw_error err = { 0 };
	struct txn *list = NULL;
	struct journal j;
	uint64_t max;
	unsigned int i;
	int bad = 0;

	mkstate();
	ck_assert_int_eq(journal_open(&j, dir, &err), 0);
	ck_assert_int_eq(journal_write(&j, &a, &err), 0);
	ck_assert_int_eq(journal_write(&j, &b, &err), 0);
	ck_assert_int_eq(journal_write(&j, &c, &err), 0);
	put_file("transactions/4.json", "{\"Id\":4,\"Dev");	/* damaged: left for a human */
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		put_file(files[i], "image");
	ck_assert_int_eq(journal_load_all(&j, &list, &max, bad_count, &bad), 3);
	/* 1: its record is final; 3: no record at all */
	ck_assert_int_eq(journal_clean_images(&j, list), 2);
	ck_assert(!exists("images/1.bin"));
	ck_assert(exists("images/2.bin"));	/* queued */
	ck_assert(!exists("images/3.bin"));
	ck_assert(exists("images/4.bin"));	/* its record could not be read */
	ck_assert(exists("images/5.bin"));	/* finalizing */
	ck_assert(exists("images/notes.txt"));	/* not an image copy name */
	ck_assert(exists("images/06.bin"));
	ck_assert_int_eq(journal_clean_images(&j, list), 0);
	free_list(list);
	journal_close(&j);
	rmstate();
}
END_TEST

/* ---- recovery verdicts ---- */

static struct recover_obs obs_version(const char *v)
{
	struct recover_obs o;

	memset(&o, 0, sizeof(o));
	o.version_known = true;
	snprintf(o.version, sizeof(o.version), "%s", v);
	return o;
}

START_TEST(recover_waiting_states)
{
	struct recover_obs none = { 0 };
	struct recover_result r;
	struct txn t = sample(1, "mefw0", MEFW_TXN_QUEUED);

	recover_verdict(&t, true, &none, &r);
	ck_assert(!r.changed);
	recover_verdict(&t, false, &none, &r);
	ck_assert(r.changed);
	ck_assert_int_eq(r.state, MEFW_TXN_FAILED);
	ck_assert_msg(strstr(r.message, "image copy lost") != NULL, "%s", r.message);

	t.state = MEFW_TXN_SCHEDULED;
	recover_verdict(&t, true, &none, &r);
	ck_assert(!r.changed);

	t.state = MEFW_TXN_VALIDATING;
	recover_verdict(&t, true, &none, &r);
	ck_assert(r.changed);
	ck_assert_int_eq(r.state, MEFW_TXN_QUEUED);
	recover_apply(&t, &r);
	ck_assert_int_eq(t.state, MEFW_TXN_QUEUED);
	ck_assert_uint_eq(t.bytes_sent, 0);
	ck_assert_uint_eq(t.finished, 0);

	t.state = MEFW_TXN_VALIDATING;
	t.at_boot = true;		/* interrupted offline: waits for the next boot */
	recover_verdict(&t, true, &none, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_SCHEDULED);

	t.state = MEFW_TXN_SUCCEEDED;
	recover_verdict(&t, false, &none, &r);
	ck_assert(!r.changed);
}
END_TEST

START_TEST(recover_transferring)
{
	struct recover_obs o = obs_version("9.0.20.1447");
	struct recover_result r;
	struct txn t = sample(1, "mefw0", MEFW_TXN_TRANSFERRING);

	t.allow_same_version = false;
	ck_assert(recover_needs_device(&t));
	recover_verdict(&t, true, &o, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_FAILED);
	ck_assert_str_eq(r.verdict, "failed");
	ck_assert_str_eq(r.message,
			 "interrupted: mefwd stopped during the transfer; firmware unchanged (9.0.20.1447)");

	o = obs_version("9.0.21.1500");
	recover_verdict(&t, true, &o, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_SUCCEEDED);
	ck_assert_str_eq(r.verdict, "completed");
	ck_assert_str_eq(r.new_version, "9.0.21.1500");
	recover_apply(&t, &r);
	ck_assert_uint_eq(t.percent, 100);
	ck_assert_uint_ne(t.finished, 0);

	t = sample(1, "mefw0", MEFW_TXN_TRANSFERRING);
	memset(&o, 0, sizeof(o));
	snprintf(o.why, sizeof(o.why), "mefw0 went away");
	recover_verdict(&t, true, &o, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_FAILED);
	ck_assert_str_eq(r.verdict, "unknown");
	ck_assert_msg(strstr(r.message, "mefw0 went away") != NULL, "%s", r.message);
}
END_TEST

START_TEST(recover_finalizing)
{
	struct recover_obs o = obs_version("9.0.21.1500");
	struct recover_result r;
	struct txn t = sample(1, "mefw0", MEFW_TXN_FINALIZING);

	t.allow_same_version = false;
	recover_verdict(&t, true, &o, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_SUCCEEDED);
	ck_assert_str_eq(r.verdict, "completed");

	o = obs_version("9.0.20.1447");		/* the previous version */
	recover_verdict(&t, true, &o, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_FAILED);
	ck_assert_str_eq(r.verdict, "failed");
	t.reset_type = 1;			/* host reset: may need a reboot */
	recover_verdict(&t, true, &o, &r);
	ck_assert_str_eq(r.verdict, "unknown");

	o = obs_version("9.0.99.1");		/* neither */
	recover_verdict(&t, true, &o, &r);
	ck_assert_str_eq(r.verdict, "unknown");
	ck_assert_msg(strstr(r.message, "9.0.99.1") != NULL, "%s", r.message);

	o = obs_version("9.0.21.1500");
	o.updating = true;			/* the ME never finished */
	o.version_known = false;
	recover_verdict(&t, true, &o, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_FAILED);
	ck_assert_str_eq(r.verdict, "unknown");
}
END_TEST

/* mefw.ko's word decides what the versions cannot */
START_TEST(recover_finalizing_kernel)
{
	struct recover_obs o = obs_version("9.0.20.1447");
	struct recover_result r;
	struct txn t = sample(1, "mefw0", MEFW_TXN_FINALIZING);

	t.allow_same_version = false;
	t.reset_type = 0;		/* not known before the final progress */
	o.kernel = MEFW_TXN_NEEDS_REBOOT;	/* written; active after a host reset */
	recover_verdict(&t, true, &o, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_NEEDS_REBOOT);
	ck_assert_str_eq(r.verdict, "completed");

	o.kernel = MEFW_TXN_FAILED;
	t.reset_type = 1;		/* the versions alone would say "unknown" */
	recover_verdict(&t, true, &o, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_FAILED);
	ck_assert_str_eq(r.verdict, "failed");
	ck_assert_msg(strstr(r.message, "9.0.20.1447") != NULL, "%s", r.message);

	o = obs_version("9.0.21.1500");	/* the new version runs: completed whatever */
	o.kernel = MEFW_TXN_FAILED;
	recover_verdict(&t, true, &o, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_SUCCEEDED);

	memset(&o, 0, sizeof(o));
	o.kernel = MEFW_TXN_SUCCEEDED;
	snprintf(o.why, sizeof(o.why), "mefw0 went away");
	recover_verdict(&t, true, &o, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_SUCCEEDED);
	ck_assert_str_eq(r.verdict, "completed");

	memset(&o, 0, sizeof(o));
	o.kernel = MEFW_TXN_FINALIZING;
	o.updating = true;
	snprintf(o.why, sizeof(o.why), "mefw.ko still reports the update finalizing after 330 s");
	recover_verdict(&t, true, &o, &r);
	ck_assert_str_eq(r.verdict, "unknown");
	ck_assert_msg(strstr(r.message, "330 s") != NULL, "%s", r.message);
}
END_TEST

START_TEST(recover_kernel_states)
{
	static const struct { const char *text; enum mefw_txn_state s; } map[] = {
		{ "idle\n", MEFW_TXN_STATE_COUNT }, { "preparing\n", MEFW_TXN_TRANSFERRING },
		{ "transferring\n", MEFW_TXN_TRANSFERRING }, { "finalizing\n", MEFW_TXN_FINALIZING },
		{ "succeeded\n", MEFW_TXN_SUCCEEDED }, { "needs-reboot\n", MEFW_TXN_NEEDS_REBOOT },
		{ "failed\n", MEFW_TXN_FAILED }, { "cancelled\n", MEFW_TXN_CANCELLED },
		{ "queued\n", MEFW_TXN_STATE_COUNT }, { "bogus", MEFW_TXN_STATE_COUNT }, { "", MEFW_TXN_STATE_COUNT },
	};
	unsigned int i;
	char p[256];

	mkstate();
	ck_assert_int_eq(recover_kernel_state(dir, "mefw0"), MEFW_TXN_STATE_COUNT);	/* absent */
	snprintf(p, sizeof(p), "mkdir -p '%s/sys/class/mefw/mefw0' '%s/sys/module/mefw/parameters'",
		 dir, dir);
	ck_assert_int_eq(system(p), 0);
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		put_file("sys/class/mefw/mefw0/update_state", map[i].text);
		ck_assert_msg(recover_kernel_state(dir, "mefw0") == map[i].s, "'%s'", map[i].text);
	}
	ck_assert_int_eq(recover_kernel_state(dir, "../mefw0"), MEFW_TXN_STATE_COUNT);
	/* mefw.ko's limit after END plus a margin; its default without mefw.ko */
	ck_assert_uint_eq(recover_follow_ms("/nonexistent"), 330000);
	put_file("sys/module/mefw/parameters/total_ms", "45000\n");
	ck_assert_uint_eq(recover_follow_ms(dir), 75000);
	put_file("sys/module/mefw/parameters/total_ms", "99999999\n");
	ck_assert_uint_eq(recover_follow_ms(dir), 3630000);
	put_file("sys/module/mefw/parameters/total_ms", "x\n");
	ck_assert_uint_eq(recover_follow_ms(dir), 330000);
	rmstate();
}
END_TEST

/* each look: the n-th makes mefw.ko's transaction end as @end_as */
struct looks {
	int n, end_at, stop_at;
	const char *end_as;
};

static bool count_looks(void *arg)
{
	struct looks *l = arg;

	if (++l->n == l->end_at)
		put_file("sys/class/mefw/mefw0/update_state", l->end_as);
	return l->n >= l->stop_at;
}

/* recovery keeps following while mefw.ko says its transaction runs */
START_TEST(recover_follows_kernel)
{
	struct recover_wait w = { .quiet_ms = 0, .max_ms = 600000, .stop = count_looks };
	struct looks l = { .end_at = 3, .stop_at = 50, .end_as = "needs-reboot\n" };
	struct recover_result r;
	struct recover_obs o;
	struct txn t = sample(1, "mefw0", MEFW_TXN_FINALIZING);
	char p[256];

	mkstate();
	snprintf(p, sizeof(p), "mkdir -p '%s/sys/class/mefw/mefw0' '%s/dev'", dir, dir);
	ck_assert_int_eq(system(p), 0);
	put_file("sys/class/mefw/mefw0/update_state", "finalizing\n");
	w.arg = &l;
	/* quiet_ms 0: only mefw.ko's "finalizing" keeps it looking */
	recover_observe(dir, "mefw0", true, "9.0.21.1500", &w, &o);
	ck_assert_int_eq(l.n, 3);
	ck_assert(!o.stopped);
	ck_assert(!o.updating);
	ck_assert_int_eq(o.kernel, MEFW_TXN_NEEDS_REBOOT);
	recover_verdict(&t, true, &o, &r);
	ck_assert_int_eq(r.state, MEFW_TXN_NEEDS_REBOOT);

	/* mefwd stops meanwhile: nothing decided */
	put_file("sys/class/mefw/mefw0/update_state", "finalizing\n");
	l = (struct looks){ .end_at = 0, .stop_at = 4 };
	recover_observe(dir, "mefw0", true, "9.0.21.1500", &w, &o);
	ck_assert(o.stopped);

	/* past the bound: still in progress, verdict unknown */
	l = (struct looks){ .end_at = 0, .stop_at = 1000 };
	w.max_ms = 0;
	recover_observe(dir, "mefw0", true, "9.0.21.1500", &w, &o);
	ck_assert(!o.stopped);
	ck_assert(o.updating);
	ck_assert_msg(strstr(o.why, "mefw.ko still reports the update finalizing") != NULL,
		      "%s", o.why);
	rmstate();
}
END_TEST

/* ---- the worker waits for each state's record ---- */

/* the worker under test never loads a copy (w->img is set) */
struct mefw_image *seal_load_copy(struct verify_client *vc, int imgdirfd, uint64_t id,
				  const char *sha256, bool trust_test_key, bool *sha_ok,
				  char *msg, size_t msglen)
{
	(void)vc;
	(void)imgdirfd;
	(void)id;
	(void)sha256;
	(void)trust_test_key;
	(void)sha_ok;
	snprintf(msg, msglen, "not in the unit tests");
	return NULL;
}

struct loop_side {
	struct worker *w;
	const char *fail;	/* the record of "validating" cannot be written */
	struct mefw_txn last;
	bool done;
};

/* what engine.c does with a snapshot, minus the disk */
static void on_snap(void *ctx)
{
	struct loop_side *ls = ctx;
	bool fin = worker_take(ls->w, &ls->last);

	if (!fin && mefw_txn_state_active(ls->last.state))
		worker_ack(ls->w, ls->last.state,
			   ls->last.state == MEFW_TXN_VALIDATING ? ls->fail : NULL);
	ls->done = fin;
}

static struct mefw_txn run_worker(const char *fail)
{
	struct mefw_image *img = calloc(1, sizeof(*img));
	struct loop_side ls = { .fail = fail };
	struct async a;
	sd_event *e = NULL;

	mkstate();
	ck_assert_ptr_nonnull(img);
	ck_assert_int_ge(sd_event_new(&e), 0);
	ck_assert_int_eq(async_init(&a, e), 0);
	ls.w = worker_new();
	ck_assert_ptr_nonnull(ls.w);
	snprintf(ls.w->root, sizeof(ls.w->root), "%s", dir);	/* no device there */
	snprintf(ls.w->device, sizeof(ls.w->device), "mefw0");
	ls.w->img = img;
	ls.w->open_wait_ms = 0;
	ls.w->async = &a;
	ls.w->on_update = on_snap;
	ls.w->ctx = &ls;
	ck_assert_int_eq(worker_start(ls.w), 0);
	while (!ls.done)
		ck_assert_int_ge(sd_event_run(e, UINT64_MAX), 0);
	worker_free(ls.w);
	async_done(&a);
	sd_event_unref(e);
	free(img);
	rmstate();
	return ls.last;
}

START_TEST(worker_stops_unjournaled)
{
	struct mefw_txn s = run_worker("cannot record the state validating: disk full");

	ck_assert_int_eq(s.state, MEFW_TXN_FAILED);
	/* it never went on to the device (which is absent here) */
	ck_assert_msg(strstr(s.message, "disk full; nothing was sent to the ME") != NULL,
		      "%s", s.message);
	/* the control: journaled, it goes on and finds no device */
	s = run_worker(NULL);
	ck_assert_int_eq(s.state, MEFW_TXN_FAILED);
	ck_assert_msg(strstr(s.message, "did not appear") != NULL, "%s", s.message);
}
END_TEST

/* ---- queue order ---- */

START_TEST(queue_fifo_per_device)
{
	static const struct { uint64_t id; const char *dev; enum mefw_txn_state s; } in[] = {
		{ 7, "mefw0", MEFW_TXN_QUEUED }, { 3, "mefw0", MEFW_TXN_SUCCEEDED },
		{ 5, "mefw1", MEFW_TXN_QUEUED }, { 4, "mefw0", MEFW_TXN_QUEUED },
		{ 9, "mefw1", MEFW_TXN_SCHEDULED }, { 6, "mefw0", MEFW_TXN_CANCELLED },
	};
	struct txn t[6], *head = NULL, *n;
	unsigned int i;

	for (i = 0; i < 6; i++) {
		txn_init(&t[i], in[i].id, in[i].dev);
		t[i].state = in[i].s;
		ck_assert_int_eq(txn_list_insert(&head, &t[i]), 0);
	}
	ck_assert_int_eq(txn_list_insert(&head, &t[0]), -EEXIST);
	/* ascending ids */
	for (n = head; n->next; n = n->next)
		ck_assert_uint_lt(n->id, n->next->id);
	/* the lowest queued id runs first; scheduled/final never */
	ck_assert_uint_eq(txn_next_for_device(head, "mefw0")->id, 4);
	ck_assert_uint_eq(txn_next_for_device(head, "mefw1")->id, 5);
	ck_assert_ptr_null(txn_next_for_device(head, "mefw2"));
	/* one active transaction per device */
	t[3].state = MEFW_TXN_TRANSFERRING;
	ck_assert_ptr_null(txn_next_for_device(head, "mefw0"));
	ck_assert_ptr_eq(txn_active_on(head, "mefw0"), &t[3]);
	ck_assert_uint_eq(txn_next_for_device(head, "mefw1")->id, 5);
	t[3].state = MEFW_TXN_SUCCEEDED;
	ck_assert_uint_eq(txn_next_for_device(head, "mefw0")->id, 7);
	/* a started worker owns the device before it reports "validating" */
	t[0].worker = (struct worker *)&t[0];
	ck_assert(txn_running(&t[0]));
	ck_assert_ptr_eq(txn_active_on(head, "mefw0"), &t[0]);
	ck_assert_ptr_null(txn_next_for_device(head, "mefw0"));
	t[0].worker = NULL;
	t[0].state = MEFW_TXN_CANCELLED;
	ck_assert_ptr_null(txn_next_for_device(head, "mefw0"));
}
END_TEST

/* GetQueue's order (running, queued FIFO, scheduled), GetHistory's (newest first) */
START_TEST(queue_and_history_order)
{
	static const struct { uint64_t id; enum mefw_txn_state s; } in[] = {
		{ 2, MEFW_TXN_SCHEDULED }, { 3, MEFW_TXN_SUCCEEDED }, { 4, MEFW_TXN_QUEUED },
		{ 5, MEFW_TXN_FAILED }, { 6, MEFW_TXN_TRANSFERRING }, { 7, MEFW_TXN_QUEUED },
		{ 8, MEFW_TXN_CANCELLED },
	};
	static const uint64_t queue[] = { 6, 4, 7, 2 }, history[] = { 8, 5, 3 };
	struct txn t[7], *head = NULL, **v;
	unsigned int i;
	int n;

	for (i = 0; i < 7; i++) {
		txn_init(&t[i], in[i].id, "mefw0");
		t[i].state = in[i].s;
		ck_assert_int_eq(txn_list_insert(&head, &t[i]), 0);
	}
	n = txn_queue_order(head, &v);
	ck_assert_int_eq(n, 4);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(v[i]->id, queue[i]);
	free(v);
	n = txn_history_order(head, 0, &v);
	ck_assert_int_eq(n, 3);
	for (i = 0; i < 3; i++)
		ck_assert_uint_eq(v[i]->id, history[i]);
	free(v);
	n = txn_history_order(head, 2, &v);
	ck_assert_int_eq(n, 2);
	ck_assert_uint_eq(v[0]->id, 8);
	ck_assert_uint_eq(v[1]->id, 5);
	free(v);
	ck_assert_int_eq(txn_queue_order(NULL, &v), 0);
	ck_assert_ptr_null(v);
}
END_TEST

START_TEST(state_names)
{
	enum mefw_txn_state s;
	unsigned int i;

	for (i = 0; i < MEFW_TXN_STATE_COUNT; i++) {
		ck_assert_int_eq(mefw_txn_state_parse(mefw_txn_state_str(i), &s), 0);
		ck_assert_int_eq(s, (enum mefw_txn_state)i);
	}
	ck_assert_int_eq(mefw_txn_state_parse("bogus", &s), -EINVAL);
	ck_assert_str_eq(mefw_txn_state_str(MEFW_TXN_NEEDS_REBOOT), "needs-reboot");
	ck_assert(mefw_txn_state_final(MEFW_TXN_CANCELLED));
	ck_assert(!mefw_txn_state_final(MEFW_TXN_FINALIZING));
	ck_assert(mefw_txn_state_active(MEFW_TXN_VALIDATING));
	ck_assert(!mefw_txn_state_active(MEFW_TXN_QUEUED));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mefwd");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, journal_round_trip);
	tcase_add_test(tc, journal_write_load);
	tcase_add_test(tc, journal_atomic_rewrite);
	tcase_add_test(tc, journal_damaged_records);
	tcase_add_test(tc, journal_parse_messages);
	tcase_add_test(tc, journal_lock);
	tcase_add_test(tc, journal_orphan_images);
	tcase_add_test(tc, recover_waiting_states);
	tcase_add_test(tc, recover_transferring);
	tcase_add_test(tc, recover_finalizing);
	tcase_add_test(tc, recover_finalizing_kernel);
	tcase_add_test(tc, recover_kernel_states);
	tcase_add_test(tc, recover_follows_kernel);
	tcase_add_test(tc, worker_stops_unjournaled);
	tcase_add_test(tc, queue_fifo_per_device);
	tcase_add_test(tc, queue_and_history_order);
	tcase_add_test(tc, state_names);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, quota_tcase());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
