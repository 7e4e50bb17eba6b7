// SPDX-License-Identifier: GPL-2.0
/*
 * unit tests of mefwctl's a{sv} decoding (cli/txn.c): real sd-bus
 * messages, built on a bus object that is never connected to a daemon
 * (one end of a socketpair), sealed and read back.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#include "mefw_dbus.h"
#include "txn.h"
#include "unit.h"

static sd_bus *bus;
static int fds[2];

static void setup(void)
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
				    fds), 0);
	ck_assert_int_ge(sd_bus_new(&bus), 0);
	ck_assert_int_ge(sd_bus_set_fd(bus, fds[0], fds[0]), 0);
	ck_assert_int_ge(sd_bus_start(bus), 0);
}

static void teardown(void)
{
	sd_bus_close_unref(bus);
	bus = NULL;
	close(fds[1]);
}

static sd_bus_message *new_msg(void)
{
	sd_bus_message *m = NULL;

	ck_assert_int_ge(sd_bus_message_new_method_call(bus, &m, MEFW_BUS_NAME,
			MEFW_MANAGER_PATH, MEFW_MANAGER_IFACE, "Test"), 0);
	return m;
}

/* seal for reading, from the start */
static void seal(sd_bus_message *m)
{
	ck_assert_int_ge(sd_bus_message_seal(m, 1, 0), 0);
	ck_assert_int_ge(sd_bus_message_rewind(m, true), 0);
}

static void append_full(sd_bus_message *m)
{
	ck_assert_int_ge(sd_bus_message_append(m, "a{sv}", 12,
		"Id", "t", (uint64_t)3,
		"Device", "s", "mefw0",
		"State", "s", MEFW_TS_FAILED,
		"Requester", "u", 1000,
		"AllowSameVersion", "b", 1,
		"EtaSeconds", "i", -1,
		"Code", "u", 8707,
		"FwStatus", "u", 5,
		"Message", "s", "internal error at stage 4 of 19",
		/* unknown key and a known key of the wrong type: skipped */
		"FutureKey", "as", 2, "a", "b",
		"Percent", "s", "21",
		"Finished", "t", (uint64_t)1700000000000000ULL), 0);
}

START_TEST(read_dict)
{
	sd_bus_message *m = new_msg();
	struct mefw_txn t;

	append_full(m);
	seal(m);
	mefwctl_txn_init(&t);
	t.percent = 7;
	ck_assert_int_ge(mefwctl_txn_read(m, &t), 0);
	ck_assert_uint_eq(t.id, 3);
	ck_assert_str_eq(t.device, "mefw0");
	ck_assert_str_eq(mefw_txn_state_str(t.state), "failed");
	ck_assert_uint_eq(t.requester, 1000);
	ck_assert(t.allow_same_version);
	ck_assert(!t.at_boot);
	ck_assert_int_eq(t.eta_seconds, -1);
	ck_assert_uint_eq(t.code, 8707);
	ck_assert_uint_eq(t.fw_status, 5);
	ck_assert_str_eq(t.message, "internal error at stage 4 of 19");
	ck_assert_uint_eq(t.percent, 7);	/* wrong type: unchanged */
	ck_assert_uint_eq(t.finished, 1700000000000000ULL);
	ck_assert(mefwctl_txn_final(&t));
	ck_assert_int_eq(mefwctl_txn_exit_code(&t), 3);
	ck_assert_int_gt(sd_bus_message_at_end(m, true), 0);
	sd_bus_message_unref(m);
}
END_TEST

/* PropertiesChanged: only the changed keys, applied to a snapshot */
START_TEST(read_partial)
{
	sd_bus_message *m = new_msg();
	struct mefw_txn t;

	ck_assert_int_ge(sd_bus_message_append(m, "a{sv}", 2,
		"State", "s", MEFW_TS_FINALIZING, "Stage", "u", 4), 0);
	seal(m);
	mefwctl_txn_init(&t);
	t.id = 9;
	snprintf(t.device, sizeof(t.device), "mefw1");
	ck_assert_int_ge(mefwctl_txn_read(m, &t), 0);
	ck_assert_uint_eq(t.id, 9);
	ck_assert_str_eq(t.device, "mefw1");
	ck_assert_str_eq(mefw_txn_state_str(t.state), "finalizing");
	ck_assert_uint_eq(t.stage, 4);
	ck_assert(!mefwctl_txn_final(&t));
	sd_bus_message_unref(m);
}
END_TEST

START_TEST(long_string_cut)
{
	sd_bus_message *m = new_msg();
	char big[2000];
	struct mefw_txn t;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	ck_assert_int_ge(sd_bus_message_append(m, "a{sv}", 2,
		"Message", "s", big, "State", "s", big), 0);
	seal(m);
	mefwctl_txn_init(&t);
	ck_assert_int_ge(mefwctl_txn_read(m, &t), 0);
	ck_assert_uint_eq(strlen(t.message), sizeof(t.message) - 1);
	/* a state mefwctl does not know is not cut into a known one */
	ck_assert_str_eq(mefw_txn_state_str(t.state), "unknown");
	sd_bus_message_unref(m);
}
END_TEST

/*
 * mefwctl keeps what mefwd can send and no more: a Message of 300
 * characters (mefwd's messages have at most 255) is cut to 255, and
 * the transaction's arrays are those of the record mefwd writes.
 */
START_TEST(sizes_are_the_daemons)
{
	sd_bus_message *m = new_msg();
	char msg[301], ver[40];
	struct mefw_txn t;

	memset(msg, 'm', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = 0;
	snprintf(ver, sizeof(ver), "65535.65535.65535.65535-and-more");
	ck_assert_int_ge(sd_bus_message_append(m, "a{sv}", 3,
		"Message", "s", msg, "ImageVersion", "s", ver,
		"Verdict", "s", "intact-and-a-long-tail"), 0);
	seal(m);
	mefwctl_txn_init(&t);
	ck_assert_int_ge(mefwctl_txn_read(m, &t), 0);
	ck_assert_uint_eq(strlen(t.message), 255);
	ck_assert_str_eq(t.image_version, "65535.65535.65535.65535");
	ck_assert_uint_eq(strlen(t.verdict), 15);
	sd_bus_message_unref(m);
}
END_TEST

START_TEST(read_array)
{
	sd_bus_message *m = new_msg();
	struct mefw_txn *v;
	unsigned int i;

	ck_assert_int_ge(sd_bus_message_open_container(m, 'a', "a{sv}"), 0);
	for (i = 1; i <= 10; i++)
		ck_assert_int_ge(sd_bus_message_append(m, "a{sv}", 2,
			"Id", "t", (uint64_t)i, "State", "s", MEFW_TS_QUEUED), 0);
	ck_assert_int_ge(sd_bus_message_close_container(m), 0);
	seal(m);
	ck_assert_int_eq(mefwctl_txn_read_array(m, &v), 10);
	for (i = 0; i < 10; i++) {
		ck_assert_uint_eq(v[i].id, i + 1);
		ck_assert_str_eq(mefw_txn_state_str(v[i].state), "queued");
		ck_assert_int_eq(v[i].eta_seconds, -1);
	}
	free(v);
	sd_bus_message_unref(m);

	m = new_msg();
	ck_assert_int_ge(sd_bus_message_append(m, "aa{sv}", 0), 0);
	seal(m);
	ck_assert_int_eq(mefwctl_txn_read_array(m, &v), 0);
	ck_assert_ptr_null(v);
	sd_bus_message_unref(m);
}
END_TEST

/* not an a{sv}: an error, no crash */
START_TEST(read_wrong_signature)
{
	sd_bus_message *m = new_msg();
	struct mefw_txn t, *v;

	ck_assert_int_ge(sd_bus_message_append(m, "su", "x", 1), 0);
	seal(m);
	mefwctl_txn_init(&t);
	ck_assert_int_lt(mefwctl_txn_read(m, &t), 0);
	ck_assert_int_ge(sd_bus_message_rewind(m, true), 0);
	ck_assert_int_lt(mefwctl_txn_read_array(m, &v), 0);
	sd_bus_message_unref(m);
}
END_TEST

START_TEST(to_json)
{
	sd_bus_message *m = new_msg();
	struct json_object *o, *v;
	struct mefw_txn t;

	append_full(m);
	seal(m);
	mefwctl_txn_init(&t);
	ck_assert_int_ge(mefwctl_txn_read(m, &t), 0);
	o = mefwctl_txn_to_json(&t);
	ck_assert_ptr_nonnull(o);
	ck_assert(json_object_object_get_ex(o, "id", &v));
	ck_assert_int_eq(json_object_get_int64(v), 3);
	ck_assert(json_object_object_get_ex(o, "state", &v));
	ck_assert_str_eq(json_object_get_string(v), "failed");
	ck_assert(json_object_object_get_ex(o, "eta_seconds", &v));
	ck_assert_int_eq(json_object_get_int(v), -1);
	ck_assert(json_object_object_get_ex(o, "allow_same_version", &v));
	ck_assert(json_object_get_boolean(v));
	ck_assert(json_object_object_get_ex(o, "finished", &v));
	ck_assert_uint_eq(json_object_get_uint64(v), 1700000000000000ULL);
	ck_assert(json_object_object_get_ex(o, "image_sha256", &v));
	ck_assert_str_eq(json_object_get_string(v), "");
	ck_assert_int_eq(json_object_object_length(o), 25);
	json_object_put(o);
	sd_bus_message_unref(m);
}
END_TEST

Suite *txn_suite(void)
{
	Suite *s = suite_create("txn");
	TCase *tc = tcase_create("decode");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, read_dict);
	tcase_add_test(tc, read_partial);
	tcase_add_test(tc, long_string_cut);
	tcase_add_test(tc, read_array);
	tcase_add_test(tc, read_wrong_signature);
	tcase_add_test(tc, to_json);
	tcase_add_test(tc, sizes_are_the_daemons);
	suite_add_tcase(s, tc);
	return s;
}
