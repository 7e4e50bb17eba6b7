// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: the in-memory status report of one ME (what `mefwctl status`
 * prints), from values given by the user or from a device.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mefw.h"

#define NOTE_ME2_5 \
	"register layout of ME <= 5 is not publicly documented; shown raw"
#define NOTE_UNSUPPORTED \
	"firmware update protocol not supported for this generation (the legacy FWUpdate client answers every request with 'invalid command' 0x8D); status registers are still shown"

void mefw_report_note(struct mefw_report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->nnotes >= MEFW_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(r->notes[r->nnotes], sizeof(r->notes[0]), fmt, ap);
	va_end(ap);
	r->nnotes++;
}

static void report_init(struct mefw_report *r)
{
	memset(r, 0, sizeof(*r));
	r->update_percent = -1;
	r->identity.local_update = MEFW_LOCAL_UPDATE_UNKNOWN;
	r->identity.hmrfpo = MEFW_HMRFPO_UNKNOWN;
}

/* decode the fields of r->family from r->hfsts and add the family notes */
static void report_decode(struct mefw_report *r)
{
	unsigned int regs[MEFW_STATUS_REGS];
	unsigned int i;
	int id;

	r->nfields = 0;
	for (id = 0; id < MEFW_F_COUNT; id++)
		r->nfields += (unsigned int)mefw_decode_field(r->family, id,
						r->hfsts, r->nregs,
						&r->fields[r->nfields]);

	switch (r->family) {
	case MEFW_FAM_ME2_5:
		mefw_report_note(r, NOTE_ME2_5);
		return;
	case MEFW_FAM_UNKNOWN:
		mefw_report_note(r,
				 "firmware version unknown, so the register layout is unknown: registers shown raw (decode them with 'mefwctl status --decode VALUES --family FAMILY')");
		return;
	default:
		break;
	}

	for (i = 0; i < r->nregs; i++)
		regs[i] = r->hfsts[i];
	r->update_percent = mefw_status_update_percent(regs, r->nregs);
}

int mefw_report_from_values(struct mefw_report *r, enum mefw_family fam,
			    bool assumed, const uint32_t *hfsts,
			    unsigned int count)
{
	unsigned int i;

	report_init(r);
	r->source = MEFW_SRC_DECODE;
	r->family = fam;
	r->family_assumed = assumed;
	if (count > MEFW_STATUS_REGS)
		count = MEFW_STATUS_REGS;
	for (i = 0; i < count; i++)
		r->hfsts[i] = hfsts[i];
	r->nregs = count;
	if (assumed)
		mefw_report_note(r,
				 "no --family given: assuming ME 6-10 (intelmetool / Lynx Point layout)");
	report_decode(r);
	return 0;
}

/* versions from the mei core's fw_ver, where mefw did not give them */
static void versions_from_mei(const char *root, struct mefw_report *r)
{
	struct mefw_version ver[3];
	unsigned int valid;

	if (!r->mei_device[0] ||
	    mefw_mei_fw_ver(root, r->mei_device, ver, &valid, NULL))
		return;
	if (!r->have_fw_version && (valid & 1)) {
		r->fw_version = ver[0];
		r->have_fw_version = true;
	}
	if (!r->have_recovery && (valid & 2)) {
		r->recovery = ver[1];
		r->have_recovery = true;
	}
	if (!r->have_fitc && (valid & 4)) {
		r->fitc = ver[2];
		r->have_fitc = true;
	}
}

static int report_from_mefw(const char *root, const char *name,
			    struct mefw_report *r, struct mefw_error *err)
{
	struct mefw_error id_err = { 0 };
	struct mefw_identity *id = &r->identity;
	uint32_t abi;
	int fd, ret;

	fd = mefw_dev_open(root, name, err);
	if (fd < 0)
		return fd;

	ret = mefw_fd_abi_version(fd, &abi, err);
	if (ret)
		goto out;
	if (abi != MEFW_ABI_VERSION)
		mefw_report_note(r,
				 "mefw.ko speaks ABI version %u, this program was built for version %u",
				 abi, MEFW_ABI_VERSION);

	ret = mefw_fd_status_regs(fd, r->hfsts, err);
	if (ret < 0)
		goto out;
	r->nregs = (unsigned int)ret;

	ret = mefw_fd_identity(fd, id, &id_err);
	if (ret == -ENODEV) {
		mefw_error_set(err, ret, "the ME went away: %s", id_err.msg);
		goto out;
	}
	if (ret) {
		mefw_report_note(r, "identity unavailable: %s", id_err.msg);
		id->local_update = MEFW_LOCAL_UPDATE_UNKNOWN;
		id->hmrfpo = MEFW_HMRFPO_UNKNOWN;
	} else {
		r->have_identity = true;
		/* FWU GET_VERSION; on CSME 12+ mefw.ko takes it from MKHI */
		if ((id->valid & MEFW_ID_VERSION) ||
		    ((id->valid & MEFW_ID_MKHI_VERSION) && id->code.major)) {
			r->fw_version = id->code;
			r->have_fw_version = true;
		}
		if (id->valid & MEFW_ID_MKHI_VERSION) {
			r->recovery = id->recovery;
			r->have_recovery = true;
			r->fitc = id->fitc;
			r->have_fitc = true;
		}
		if (!(id->valid & MEFW_ID_LOCAL_UPDATE))
			id->local_update = MEFW_LOCAL_UPDATE_UNKNOWN;
		if (!(id->valid & MEFW_ID_HMRFPO))
			id->hmrfpo = MEFW_HMRFPO_UNKNOWN;
	}
	ret = 0;
out:
	close(fd);
	return ret;
}

/*
 * /dev/@name is there again within MEFW_RESET_WAIT_MS (the ME resets at
 * the end of an update: its device is removed and added back).  A node
 * that exists but fails to open for another reason counts as back: the
 * next read says why.
 */
static bool device_back(const char *root, const char *name)
{
	int fd = mefw_dev_open_wait(root, name, O_RDONLY, MEFW_RESET_WAIT_MS, NULL, NULL);

	if (fd >= 0)
		close(fd);
	return !mefw_dev_absent(fd);
}

int mefw_report_from_device(const char *root,
			    const struct mefw_dev_entry *dev,
			    struct mefw_report *r, struct mefw_error *err)
{
	unsigned int fam = MEFW_FAM_UNKNOWN;
	bool again = true;
	int ret;

retry:
	report_init(r);
	snprintf(r->device, sizeof(r->device), "%s", dev->name);
	r->source = dev->source;

	if (dev->source == MEFW_SRC_MEFW) {
		if (mefw_mei_of_mefw(root, dev->name, r->mei_device,
				     sizeof(r->mei_device)))
			r->mei_device[0] = '\0';
		ret = report_from_mefw(root, dev->name, r, err);
		if (ret == -ENODEV && again) {
			if (device_back(root, dev->name)) {
				/* it went away while we asked: ask the new one, once */
				again = false;
				goto retry;
			}
			return mefw_error_set(err, ret,
					      "the ME went away and did not come back within %u s",
					      MEFW_RESET_WAIT_MS / 1000);
		}
		if ((ret == -EACCES || ret == -EPERM) && r->mei_device[0]) {
			/* not allowed to open /dev/mefwN: what sysfs shows */
			mefw_report_note(r, "identity unavailable: %s",
					 err ? err->msg : "permission denied");
			ret = mefw_mei_fw_status(root, r->mei_device, r->hfsts,
						 err);
			if (ret < 0)
				return ret;
			r->nregs = (unsigned int)ret;
		} else if (ret) {
			return ret;
		}
	} else if (dev->source == MEFW_SRC_MEI_SYSFS) {
		snprintf(r->mei_device, sizeof(r->mei_device), "%s",
			 dev->name);
		ret = mefw_mei_fw_status(root, dev->name, r->hfsts, err);
		if (ret < 0)
			return ret;
		r->nregs = (unsigned int)ret;
		mefw_report_note(r,
				 "identity unavailable: mefw.ko is not loaded (registers and version read from /sys/class/mei/%s)",
				 dev->name);
	} else {
		return mefw_error_set(err, -EINVAL, "not a device");
	}
	versions_from_mei(root, r);

	if (r->have_identity && r->identity.family &&
	    r->identity.family < MEFW_FAM_COUNT)
		fam = r->identity.family;
	else if (r->have_fw_version)
		fam = mefw_family_from_major(r->fw_version.major);
	r->family = (enum mefw_family)fam;

	if (r->have_identity &&
	    r->identity.protocol == MEFW_PROTO_UNSUPPORTED)
		mefw_report_note(r, NOTE_UNSUPPORTED);

	report_decode(r);
	return 0;
}
