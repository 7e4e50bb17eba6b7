// SPDX-License-Identifier: GPL-2.0
/*
 * FWUpdLcl-compatible error codes of the firmware update.
 *
 * Compiled twice: by kbuild into mefw.ko and by the host compiler into
 * libmefw.  It therefore includes nothing but its own header.
 *
 * Numbers and names: FwUpdateLib.h enum errorValues (research/images.md
 * 4.1).  Messages in quotes below are FWUpdLcl's own words as users
 * posted them; the others are ours, written from the enumerator name.
 */
#include "mefw_errors.h"

#ifndef NULL
#define NULL ((void *)0)
#endif

#define MEFW_NELEMS(a)	(sizeof(a) / sizeof(*(a)))

/* sorted by code */
static const struct mefw_err mefw_errs[] = {
	/* FWUpdLcl (HP forum 2560p/8200, winraid 30719 p.150) */
	{ 8193, "FWU_IME_NO_DEVICE",
	  "Intel (R) ME Interface : Cannot locate ME device driver" },
	{ 8199, "FWU_UPD_VER_MIS", "Update version mismatch" },
	{ 8204, "FWU_VER_GET_ERR", "Cannot get the firmware version" },
	{ 8213, "FWU_CERT_ERR", "Certificate error" },
	{ 8703, "FWU_REBOOT_NEEDED",
	  "A previous update waits for a reboot; reboot before updating again" },
	{ 8704, "FWU_SKU_MISMATCH",
	  "The image SKU differs from the SKU of the firmware in flash" },
	{ 8705, "FWU_VER_MISMATCH",
	  "The image major version differs from the firmware in flash" },
	{ 8706, "FWU_SGN_MISMATCH", "The image signature was rejected" },
	/* FWUpdLcl (winraid t/36175) */
	{ 8707, "FWU_GENERAL",
	  "Firmware update failed due to an internal error" },
	{ 8708, "FWU_UPD_PROCESS", "An update is already in progress" },
	{ 8710, "FWU_NO_MEMORY", "The firmware ran out of memory" },
	{ 8712, "FWU_AUTH", "Authentication failure" },
	{ 8713, "FWU_IMG_HEADER", "Invalid image header" },
	/* FWUpdLcl (winraid 30719 p.59) */
	{ 8714, "FWU_FILE_OPEN",
	  "Firmware update not initiated due to file open or read failure" },
	{ 8716, "FWU_USAGE_ERROR", "Invalid usage" },
	{ 8718, "FWU_UPDATE_TIMEOUT",
	  "The firmware update timed out (no progress)" },
	{ 8719, "FWU_LOCAL_DIS",
	  "Local firmware update is disabled (FWCAPS rule 7; see the MEBx options)" },
	{ 8720, "FWU_SECURE_DIS", "Secure firmware update is disabled" },
	{ 8722, "FWU_IME_UN_SUP_MESS",
	  "The ME does not implement the update protocol (CSME 12 or later?)" },
	{ 8723, "FWU_NO_UPDATE",
	  "The image has the version the ME runs already (allow with --allow-same-version)" },
	{ 8724, "FWU_IME_NOT_READY", "The ME is not ready for an update" },
	{ 8725, "FWU_LAST_STATUS", "The last update status is an error" },
	/* FWUpdLcl (andybrown.me.uk, winraid t/40315) */
	{ 8727, "FWU_GET_VER_ERR",
	  "Firmware update tool failed to get the firmware parameters" },
	{ 8728, "FWU_IME_SMALL_BUFF", "Buffer too small" },
	{ 8740, "FWU_UNSUPPRT_OS", "Unsupported operating system" },
	/* FWUpdLcl, printed before the decoded firmware status */
	{ 8741, "FWU_ERROR_FW", "FW Update Failed." },
	{ 8742, "FWU_HECI",
	  "HECI communication error (no or malformed reply)" },
	/* FWUpdLcl (winraid t/91190, t/36014) */
	{ 8743, "FWU_UNSUPPRT_PLAT", "Unknown or Unsupported Platform" },
	{ 8744, "FWU_VERIFY_OEM_ID_ERR", "Cannot verify the OEM id" },
	{ 8745, "FWU_INVALID_OEM_ID",
	  "The OEM id does not match the firmware's" },
	/* FWUpdLcl (winraid t/33392) */
	{ 8746, "FWU_INVALID_IMG_LENGTH",
	  "Firmware update not initiated due to invalid image length" },
	{ 8747, "FWU_GLBL_BUFF_UNAVAILABLE", "Global buffer unavailable" },
	{ 8748, "FWU_INVALID_FW_PARAMS", "Invalid firmware parameters" },
	{ 8755, "FWU_GET_BLIST_ERROR", "Cannot read the downgrade blacklist" },
	{ 8756, "FWU_CHECK_VERSION_ERROR", "Version check failed" },
	{ 8758, "FWU_IMAGE_UNDER_VCN",
	  "The image VCN is lower than the VCN of the firmware in flash" },
	{ 8759, "FWU_IMAGE_VER_HIST_CHK_FAIL", "Version history check failed" },
	{ 8760, "FWU_DOWNGRADE_VETOED",
	  "Downgrade vetoed (the image security version is lower)" },
	{ 8765, "FWU_DOWNGRADE_NOT_ALLOWED_DATA_MISMATCH",
	  "Downgrade not allowed: data mismatch" },
	{ 8766, "FWU_UPDATE_PASSWORD_NOT_MATCHED",
	  "The update password does not match" },
	{ 8767, "FWU_UPDATE_PASSWORD_EXCEED_MAXIMUM_RETRY",
	  "Too many wrong update passwords" },
	{ 8768, "FWU_UPDATE_PASSWORD_NOT_PROVIDED",
	  "Local firmware update is password protected" },
	/* FWUpdLcl (winraid t/40162) */
	{ 8769, "FWU_UPDATE_POLLING_FAILED", "Polling for FW Update Failed." },
};

/*
 * mefw_err_lookup() - the table entry of a code
 * @code: FWUpdLcl error code
 *
 * Return: the entry, or NULL when the table does not know @code.
 */
const struct mefw_err *mefw_err_lookup(unsigned int code)
{
	unsigned int lo = 0, hi = MEFW_NELEMS(mefw_errs);

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (mefw_errs[mid].code == code)
			return &mefw_errs[mid];
		if (mefw_errs[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * mefw_err_name() - the FwUpdateLib.h name of a code
 * @code: FWUpdLcl error code, 0 for none
 *
 * Return: e.g. "FWU_GENERAL"; "NONE" for 0, "UNKNOWN" when unknown.
 */
const char *mefw_err_name(unsigned int code)
{
	const struct mefw_err *e = mefw_err_lookup(code);

	if (!code)
		return "NONE";
	return e ? e->name : "UNKNOWN";
}

/*
 * mefw_err_message() - the one-line message of a code
 * @code: FWUpdLcl error code, 0 for none
 *
 * Return: the message; "No error" for 0, "Unknown error" when unknown.
 */
const char *mefw_err_message(unsigned int code)
{
	const struct mefw_err *e = mefw_err_lookup(code);

	if (!code)
		return "No error";
	return e ? e->message : "Unknown error";
}

/*
 * mefw_err_count() - number of entries of the table
 *
 * Return: the number of codes mefw_err_at() returns.
 */
unsigned int mefw_err_count(void)
{
	return MEFW_NELEMS(mefw_errs);
}

/*
 * mefw_err_at() - an entry of the table, in code order
 * @i: index, 0..mefw_err_count() - 1
 *
 * Return: the entry, NULL past the end.
 */
const struct mefw_err *mefw_err_at(unsigned int i)
{
	return i < MEFW_NELEMS(mefw_errs) ? &mefw_errs[i] : NULL;
}

/*
 * mefw_err_from_fw_status() - the code of a firmware failure status
 * @status: FWU reply status or MKHI update status
 *
 * FWU_STATUS (FwUpdateLib.h): 1 -> 8710, 2 -> 8724, 3 -> 8746, 4 -> 8706,
 * 5 -> 8707, 6 -> 8704, 7 -> 8705; from the GSC table (our convention):
 * 0x23B lower TCB SVN -> 8760, 0x23C lower VCN -> 8758; anything else
 * -> 8707.
 *
 * Return: 0 for success (0), else the specific code.
 */
unsigned int mefw_err_from_fw_status(unsigned int status)
{
	switch (status) {
	case MEFW_FW_STATUS_SUCCESS:
		return MEFW_ERR_NONE;
	case MEFW_FW_STATUS_NO_MEMORY:
		return MEFW_ERR_NO_MEMORY;
	case MEFW_FW_STATUS_NOT_READY:
		return MEFW_ERR_NOT_READY;
	case MEFW_FW_STATUS_ILLEGAL_LENGTH:
		return MEFW_ERR_INVALID_IMG_LENGTH;
	case MEFW_FW_STATUS_AUTH_FAILED:
		return MEFW_ERR_SGN_MISMATCH;
	case MEFW_FW_STATUS_SKU_FAILURE:
		return MEFW_ERR_SKU_MISMATCH;
	case MEFW_FW_STATUS_VERSION_FAILURE:
		return MEFW_ERR_VER_MISMATCH;
	case MEFW_FW_STATUS_LOWER_SVN:
		return MEFW_ERR_DOWNGRADE_VETOED;
	case MEFW_FW_STATUS_LOWER_VCN:
		return MEFW_ERR_UNDER_VCN;
	case MEFW_FW_STATUS_INTERNAL_ERROR:
	default:
		return MEFW_ERR_GENERAL;
	}
}
