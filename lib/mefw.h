/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmefw - userspace side of mefw, shared by mefwctl and mefwd.
 *
 * Conventions: functions return 0 (or a count) on success and a negative
 * errno on failure; when they take a struct mefw_error, it then holds a
 * one-line message naming what was wrong.  The library never exits,
 * never prints and keeps no global mutable state.
 */
#ifndef MEFW_LIB_H
#define MEFW_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/mefw.h>

#include "mefw_status.h"

/* ---- errors (error.c) ---- */

#define MEFW_ERRMSG_MAX 256

/**
 * struct mefw_error - a failure: negative errno plus one line of text
 * @code: negative errno, 0 when no error was recorded
 * @msg: human-readable message, no trailing newline
 */
struct mefw_error {
	int code;
	char msg[MEFW_ERRMSG_MAX];
};

/* records @code (negative errno) and the message; returns @code */
int mefw_error_set(struct mefw_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- decoding (decode.c) ---- */

#define MEFW_FIELD_TEXT_MAX 96

/**
 * struct mefw_decoded_field - one decoded status field
 * @id: which field
 * @label: MEInfo's label ("CurrentState")
 * @attr: sysfs / JSON name ("current_state")
 * @raw: the raw value
 * @known: @text comes from the table (else it is "Unknown (N)")
 * @text: the text to print
 */
struct mefw_decoded_field {
	enum mefw_field_id id;
	const char *label;
	const char *attr;
	unsigned long raw;
	bool known;
	char text[MEFW_FIELD_TEXT_MAX];
};

/*
 * Decode field @id of @fam from @hfsts (@count registers).  Returns 1 and
 * fills @out when the family defines the field and its register is
 * present, 0 otherwise.
 */
int mefw_decode_field(enum mefw_family fam, enum mefw_field_id id,
		      const uint32_t *hfsts, unsigned int count,
		      struct mefw_decoded_field *out);

/*
 * Parse a family name: "ME9", "ME 9", "me6-10", "ME 6-10", "ME5",
 * "ME 2-5", "CSME11", "CSME 12", "CSME 11+", "9", "11" ...
 * (case and blanks ignored).  -EINVAL with a message when not a family.
 */
int mefw_family_parse(const char *s, enum mefw_family *out,
		      struct mefw_error *err);

/* stable JSON/sysfs-friendly family key: "me2_5", "me6_10", "csme11", "unknown" */
const char *mefw_family_key(enum mefw_family fam);

/*
 * Parse one 32-bit register value in hex, with or without "0x".
 * -EINVAL (empty, bad digit) or -ERANGE (more than 32 bits).
 */
int mefw_parse_hex_u32(const char *s, uint32_t *out, struct mefw_error *err);

/*
 * Parse @argc register values (HFSTS1 first); at most MEFW_STATUS_REGS,
 * at least one.  Returns the number of registers or a negative errno.
 */
int mefw_parse_hfsts_args(int argc, char *const argv[], uint32_t *hfsts,
			  struct mefw_error *err);

/* "9.0.20.1447" into @buf (at least 24 bytes) */
const char *mefw_version_str(const struct mefw_version *v, char *buf,
			     size_t len);

/* texts of identity values; never NULL */
const char *mefw_local_update_str(uint32_t v);
const char *mefw_hmrfpo_str(uint32_t v);
const char *mefw_protocol_str(uint32_t v);

/*
 * Our interpretation of GET_VERSION "Sku" of firmware @major, or NULL
 * (only ME 9-10 are interpreted).  No public source defines that field;
 * this is mefw's convention, followed by mei-sim, see
 * Documentation/status-decoding.md.
 */
const char *mefw_sku_str(uint32_t sku, unsigned int major);

/* ---- devices (device.c) ---- */

#define MEFW_NAME_MAX 32

enum mefw_source {
	MEFW_SRC_DECODE,	/* values given by the user */
	MEFW_SRC_MEFW,		/* /dev/mefwN and /sys/class/mefw */
	MEFW_SRC_MEI_SYSFS,	/* /sys/class/mei/meiN (mefw.ko not loaded) */
};

/**
 * struct mefw_dev_entry - one ME device found on the system
 * @name: "mefw0" or "mei0"
 * @source: MEFW_SRC_MEFW or MEFW_SRC_MEI_SYSFS
 */
struct mefw_dev_entry {
	char name[MEFW_NAME_MAX];
	enum mefw_source source;
};

#define MEFW_MAX_DEVICES 16

/*
 * Find ME devices under @root ("" or NULL for the real system; tests pass
 * a directory holding sys/ and dev/).  mefw devices when there are any,
 * else mei devices.  Returns the number found (> 0), or -ENODEV with a
 * message when there is none.
 */
int mefw_devices_list(const char *root, struct mefw_dev_entry *out,
		      size_t max, struct mefw_error *err);

/*
 * Resolve a user-given device ("mefw0", "/dev/mefw0", "mei0",
 * "/sys/class/mei/mei0") to an entry.  -ENODEV with a message when it
 * does not exist, -EINVAL when it is not an ME device name.
 */
int mefw_device_resolve(const char *root, const char *spec,
			struct mefw_dev_entry *out, struct mefw_error *err);

/* open @root/dev/@name read-only; the fd, or a negative errno */
int mefw_dev_open(const char *root, const char *name, struct mefw_error *err);

/* is the negative errno @err of an open "no such device (yet)"? */
bool mefw_dev_absent(int err);

/*
 * Open @root/dev/@name with @flags (plus O_CLOEXEC), trying every 100 ms
 * for up to @wait_ms while it is absent (mefw_dev_absent: an ME that
 * resets removes its device and adds it back).  @stop (may be NULL) is
 * asked between tries and ends the wait.  The fd, or the last negative
 * errno.
 */
int mefw_dev_open_wait(const char *root, const char *name, int flags,
		       unsigned int wait_ms, bool (*stop)(void *arg), void *arg);

/*
 * mefw_fd_*: one ioctl on a /dev/mefwN the caller opened (mefw_dev_*
 * above find and open a device by name).
 */

/* MEFW_IOC_ABI_VERSION */
int mefw_fd_abi_version(int fd, uint32_t *abi, struct mefw_error *err);

/* MEFW_IOC_STATUS_REGS; returns the register count (0..6) */
int mefw_fd_status_regs(int fd, uint32_t *hfsts, struct mefw_error *err);

/*
 * MEFW_IOC_IDENTITY (asks the ME).  -ETIMEDOUT when the ME does not
 * answer; a CSME 12+ ME succeeds with protocol MEFW_PROTO_UNSUPPORTED.
 */
int mefw_fd_identity(int fd, struct mefw_identity *id,
		     struct mefw_error *err);

/*
 * /sys/class/mei/@mei/fw_status written by the mei core: returns the
 * register count (0..6) or a negative errno.
 */
int mefw_mei_fw_status(const char *root, const char *mei, uint32_t *hfsts,
		       struct mefw_error *err);

/*
 * /sys/class/mei/@mei/fw_ver (code, recovery, FITC), filled by the
 * kernel's bus-fixup.  @valid gets bit i set for each non-zero block i.
 * Returns 0 or a negative errno.
 */
int mefw_mei_fw_ver(const char *root, const char *mei,
		    struct mefw_version ver[3], unsigned int *valid,
		    struct mefw_error *err);

/*
 * The mei device ("mei0") under the same parent as mefw device @mefw;
 * 0, or -ENOENT when it cannot be found.
 */
int mefw_mei_of_mefw(const char *root, const char *mefw, char *out,
		     size_t len);

/* ---- reports (status_report.c) ---- */

#define MEFW_MAX_NOTES 6
#define MEFW_NOTE_MAX 200

/**
 * struct mefw_report - everything `mefwctl status` shows for one device
 * @device: "mefw0", "mei0", or "" for decoded values
 * @mei_device: the mei device the registers came from, "" if unknown
 * @source: where the data came from
 * @family: register layout used
 * @family_assumed: @family was not given or detected, but assumed
 * @nregs: number of valid entries in @hfsts
 * @hfsts: HFSTS1..
 * @nfields: number of valid entries in @fields
 * @fields: decoded fields, in MEInfo's order
 * @update_percent: 0..100 while an update runs, else -1
 * @have_fw_version: @fw_version is valid
 * @fw_version: running firmware version
 * @have_recovery: @recovery is valid
 * @recovery: recovery image version
 * @have_fitc: @fitc is valid
 * @fitc: FITC version
 * @have_identity: @identity holds the answer of MEFW_IOC_IDENTITY
 * @identity: identity as returned by mefw.ko
 * @nnotes: number of valid entries in @notes
 * @notes: remarks for the reader ("register layout ... shown raw")
 */
struct mefw_report {
	char device[MEFW_NAME_MAX];
	char mei_device[MEFW_NAME_MAX];
	enum mefw_source source;
	enum mefw_family family;
	bool family_assumed;
	unsigned int nregs;
	uint32_t hfsts[MEFW_STATUS_REGS];
	unsigned int nfields;
	struct mefw_decoded_field fields[MEFW_F_COUNT];
	int update_percent;
	bool have_fw_version;
	struct mefw_version fw_version;
	bool have_recovery;
	struct mefw_version recovery;
	bool have_fitc;
	struct mefw_version fitc;
	bool have_identity;
	struct mefw_identity identity;
	unsigned int nnotes;
	char notes[MEFW_MAX_NOTES][MEFW_NOTE_MAX];
};

/*
 * Fill @r from register values given by the user (--decode).  @assumed
 * says the family was not given.  Returns 0.
 */
int mefw_report_from_values(struct mefw_report *r, enum mefw_family fam,
			    bool assumed, const uint32_t *hfsts,
			    unsigned int count);

/* how long a status read waits for an ME that reset under it */
#define MEFW_RESET_WAIT_MS 10000

/*
 * Fill @r from a device found by mefw_devices_list() or
 * mefw_device_resolve().  Returns 0, or a negative errno with a message
 * when the device cannot be read at all (a missing identity is not an
 * error: it becomes a note).  When /dev/mefwN goes away during the read
 * (the ME resets, as at the end of an update) it waits up to
 * MEFW_RESET_WAIT_MS for the device to come back and reads it once more.
 */
int mefw_report_from_device(const char *root,
			    const struct mefw_dev_entry *dev,
			    struct mefw_report *r, struct mefw_error *err);

/* add a note (printf-like); silently dropped when @r is full */
void mefw_report_note(struct mefw_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- JSON (json_out.c) ---- */

/*
 * The JSON document for @n reports, {"devices":[...]} (shape documented
 * in Documentation/mefwctl.1).  Returns a malloc()ed NUL-terminated
 * string in *@out, or -ENOMEM.
 */
int mefw_reports_to_json(const struct mefw_report *reports, size_t n,
			 bool pretty, char **out, struct mefw_error *err);

/* ---- text (status_text.c) ---- */

/*
 * The text of `mefwctl status` for @n reports on @f, a blank line between
 * two; laid out from the JSON document above, so that
 * mefw_status_json_text() of that document prints the same.  0, or
 * -ENOMEM.
 */
int mefw_reports_text(FILE *f, const struct mefw_report *reports, size_t n,
		      struct mefw_error *err);
/* the same text from the JSON document (mefwd's GetStatus); -EINVAL if not one */
int mefw_status_json_text(FILE *f, const char *json, struct mefw_error *err);

#endif /* MEFW_LIB_H */
