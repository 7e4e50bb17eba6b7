/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FWUpdLcl-compatible error codes of the firmware update.
 *
 * The one copy of this table: plain C with no libc and no kernel
 * dependency, compiled into mefw.ko (struct mefw_update_progress.error,
 * kernel log) and into libmefw (mefwctl explain, update output).
 *
 * Numbering: Intel's FW Update Local sample code header FwUpdateLib.h
 * (enum errorValues, ME 6-11 tools), see research/images.md section 4.1;
 * eight codes are confirmed by user-posted tool output.  The mapping of
 * firmware statuses to codes follows FWUpdLcl where known; the GSC
 * statuses 0x23B/0x23C are borrowed (our convention).
 */
#ifndef _MEFW_ERRORS_H
#define _MEFW_ERRORS_H

/* codes (FwUpdateLib.h enum errorValues) */
#define MEFW_ERR_NONE			0
#define MEFW_ERR_NO_DEVICE		8193	/* FWU_IME_NO_DEVICE */
#define MEFW_ERR_SAME_VERSION		8723	/* FWU_NO_UPDATE */
#define MEFW_ERR_REBOOT_NEEDED		8703	/* FWU_REBOOT_NEEDED */
#define MEFW_ERR_SKU_MISMATCH		8704	/* FWU_SKU_MISMATCH */
#define MEFW_ERR_VER_MISMATCH		8705	/* FWU_VER_MISMATCH */
#define MEFW_ERR_SGN_MISMATCH		8706	/* FWU_SGN_MISMATCH */
#define MEFW_ERR_GENERAL		8707	/* FWU_GENERAL */
#define MEFW_ERR_NO_MEMORY		8710	/* FWU_NO_MEMORY */
#define MEFW_ERR_UPDATE_TIMEOUT		8718	/* FWU_UPDATE_TIMEOUT */
#define MEFW_ERR_LOCAL_DIS		8719	/* FWU_LOCAL_DIS */
#define MEFW_ERR_UNSUPPORTED		8722	/* FWU_IME_UN_SUP_MESS */
#define MEFW_ERR_NOT_READY		8724	/* FWU_IME_NOT_READY */
#define MEFW_ERR_GET_VER		8727	/* FWU_GET_VER_ERR */
#define MEFW_ERR_FW			8741	/* FWU_ERROR_FW */
#define MEFW_ERR_HECI			8742	/* FWU_HECI */
#define MEFW_ERR_INVALID_OEM_ID		8745	/* FWU_INVALID_OEM_ID */
#define MEFW_ERR_INVALID_IMG_LENGTH	8746	/* FWU_INVALID_IMG_LENGTH */
#define MEFW_ERR_UNDER_VCN		8758	/* FWU_IMAGE_UNDER_VCN */
#define MEFW_ERR_DOWNGRADE_VETOED	8760	/* FWU_DOWNGRADE_VETOED */
#define MEFW_ERR_PASSWORD_NOT_PROVIDED	8768	/* FWU_UPDATE_PASSWORD_NOT_PROVIDED */
#define MEFW_ERR_POLLING_FAILED		8769	/* FWU_UPDATE_POLLING_FAILED */

/* firmware statuses (FwUpdateLib.h FWU_STATUS; 0x23B/0x23C: GSC table) */
#define MEFW_FW_STATUS_SUCCESS		0
#define MEFW_FW_STATUS_NO_MEMORY	1
#define MEFW_FW_STATUS_NOT_READY	2
#define MEFW_FW_STATUS_ILLEGAL_LENGTH	3
#define MEFW_FW_STATUS_AUTH_FAILED	4
#define MEFW_FW_STATUS_INTERNAL_ERROR	5
#define MEFW_FW_STATUS_SKU_FAILURE	6
#define MEFW_FW_STATUS_VERSION_FAILURE	7
#define MEFW_FW_STATUS_LOWER_SVN	0x23B
#define MEFW_FW_STATUS_LOWER_VCN	0x23C

/*
 * struct mefw_err - one error code
 * @code: the number FWUpdLcl prints ("Error 8707")
 * @name: the enumerator of FwUpdateLib.h, e.g. "FWU_GENERAL"
 * @message: one line, FWUpdLcl's text where a public output shows it,
 *	else ours
 */
struct mefw_err {
	unsigned int code;
	const char *name;
	const char *message;
};

/* the entry of @code, NULL when the table does not know it */
const struct mefw_err *mefw_err_lookup(unsigned int code);

/* name and message of @code; "UNKNOWN" / "Unknown error" when unknown */
const char *mefw_err_name(unsigned int code);
const char *mefw_err_message(unsigned int code);

/* number of entries and the entry at @i (for listing), NULL past the end */
unsigned int mefw_err_count(void);
const struct mefw_err *mefw_err_at(unsigned int i);

/*
 * The specific code of a failure status the firmware returned (FWU reply
 * status or MKHI update status): 0 for success, MEFW_ERR_GENERAL for an
 * unknown status.  FWUpdLcl prints MEFW_ERR_FW ("FW Update Failed.")
 * first, then this code.
 */
unsigned int mefw_err_from_fw_status(unsigned int status);

#endif /* _MEFW_ERRORS_H */
