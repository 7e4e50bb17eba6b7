// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding of the ME host firmware status registers (HFSTS1..6).
 *
 * Compiled twice: by kbuild into mefw.ko and by the host compiler into
 * libmefw.  It therefore includes nothing but its own header: no libc,
 * no kernel headers.
 *
 * Sources (see Documentation/status-decoding.md for the full discussion):
 *  - ME 6-10: bit layout of coreboot util/intelmetool (me.h) and
 *    southbridge/intel/lynxpoint (me.h); names from intelmetool's
 *    me_status.c, replaced by the words MEInfo 8.1/9.1 prints wherever a
 *    public MEInfo output shows them (research/protocols.md 5.1-5.3).
 *    HFSTS2[6] is intelmetool's struct me_gmes mfs_failure, which MEInfo
 *    9.1 prints as "ME File System Corrupted".
 *  - CSME 11+: bit layout of fwupd (libfwupdplugin/fu-intel-me.rs);
 *    HFSTS2[31:28] module names from meloader (reverse engineered).
 *  - ME <= 5: the layout is not publicly documented, nothing is decoded.
 *
 * Every lookup is bounds checked: intelmetool indexes its phase table with
 * HFSTS2[31:28] unchecked and reads past its end for phase 7 (FWUpdate),
 * which is exactly the phase an idle ME 9 reports.
 */
#include "mefw_status.h"

#ifndef NULL
#define NULL ((void *)0)
#endif

#define MEFW_NELEMS(a)	(sizeof(a) / sizeof(*(a)))

/* one field: MEInfo label, attribute name, register, bits, value names */
#define MEFW_FIELD(lbl, at, r, sh, w, vals) {				\
	.label = (lbl), .attr = (at), .reg = (r), .shift = (sh),	\
	.width = (w), .values = (vals),					\
	.nvalues = sizeof(vals) / sizeof((vals)[0]) }

/* ------------------------------------------------------------------ */
/* ME 6-10 (intelmetool / Lynx Point layout)                          */

/*
 * HFSTS1[3:0] "CurrentState" (intelmetool: working state).
 * 5 "Normal" is what MEInfo prints for the seed; 6 is MEInfo's wording
 * (intelmetool: "Platform Disable Wait"); the rest are intelmetool's.
 */
static const char *const me6_cws[] = {
	[0] = "Reset",
	[1] = "Initializing",
	[2] = "Recovery",
	[3] = "Test",
	[4] = "Disabled",
	[5] = "Normal",
	[6] = "Disabled and waiting to timeout",
	[7] = "OP State Transition",
	[8] = "Invalid CPU Plugged In",
};

/*
 * HFSTS1[4] "ManufacturingMode": MEInfo prints "Disabled" for 0;
 * "Enabled" for 1 is the natural counterpart (HWiNFO: "Active").
 */
static const char *const me6_mfg_mode[] = {
	[0] = "Disabled",
	[1] = "Enabled",
};

/*
 * HFSTS1[5] "FlashPartition" (intelmetool: fpt_bad).  MEInfo prints
 * "Valid" for 0; "Invalid" for 1 (intelmetool prints "BAD").
 */
static const char *const me6_fpt[] = {
	[0] = "Valid",
	[1] = "Invalid",
};

/*
 * HFSTS1[8:6] "OperationalState".  0 is MEInfo's "Transitioning"
 * (intelmetool: "Preboot"); 1 "M0 with UMA" is shared by both; 2 and 3
 * are undefined.
 */
static const char *const me6_opstate[] = {
	[0] = "Transitioning",
	[1] = "M0 with UMA",
	[4] = "M3 without UMA",
	[5] = "M0 without UMA",
	[6] = "Bring up",
	[7] = "M0 without UMA but with error",
};

/*
 * HFSTS1[9] "InitComplete": MEInfo prints "Complete" for 1; "Incomplete"
 * for 0 is our wording (no public MEInfo output shows it).
 */
static const char *const me6_init_complete[] = {
	[0] = "Incomplete",
	[1] = "Complete",
};

/*
 * HFSTS1[10] "BUPLoadState" (intelmetool: ft_bup_ld_flr, "BUP Loader
 * Failure").  MEInfo prints "Success" for 0; "Failure" for 1 is our
 * wording.
 */
static const char *const me6_bup[] = {
	[0] = "Success",
	[1] = "Failure",
};

/* HFSTS1[11] update in progress: not printed by MEInfo; our wording */
static const char *const me6_upd[] = {
	[0] = "No",
	[1] = "Yes",
};

/*
 * HFSTS1[15:12] "ErrorCode": intelmetool's names; 0 "No Error" is also
 * MEInfo's.  (Lynx Point's table has no entry 2; intelmetool's has.)
 */
static const char *const me6_error[] = {
	[0] = "No Error",
	[1] = "Uncategorized Failure",
	[2] = "Disabled",
	[3] = "Image Failure",
	[4] = "Debug Failure",
};

/* HFSTS1[19:16] "ModeOfOperation": intelmetool; 0 "Normal" as MEInfo */
static const char *const me6_mode[] = {
	[0] = "Normal",
	[2] = "Debug",
	[3] = "Soft Temporary Disable",
	[4] = "Security Override via Jumper",
	[5] = "Security Override via MEI Message",
};

/*
 * HFSTS2[31:28] "Phase" (intelmetool: progress code).  0-6 intelmetool's
 * names (its 5 is literally "Unknown", left undefined here); 7 is
 * "FWUpdate" as MEInfo prints it (igsc: HECI1_CSE_GS1_PHASE_FWUPDATE,
 * meloader: module 7), absent from intelmetool's table.  MEInfo prints
 * 8 and above as "Unknown (N)".
 */
static const char *const me6_phase[] = {
	[0] = "ROM Phase",
	[1] = "BUP Phase",
	[2] = "uKernel Phase",
	[3] = "Policy Module",
	[4] = "Module Loading",
	[6] = "Host Communication",
	[7] = "FWUpdate",
};

/*
 * HFSTS2[2:1] "ICC": MEInfo 8/9 wording, two flags (bit 1 "programmed",
 * bit 2 "valid OEM data").  Values 0, 1 and 3 are seen in public MEInfo
 * outputs; 2 is inferred from the flag pattern.
 */
static const char *const me6_icc[] = {
	[0] = "No valid OEM data, ICC not programmed",
	[1] = "No valid OEM data, ICC programmed with default values",
	[2] = "Valid OEM data, ICC not programmed",
	[3] = "Valid OEM data, ICC programmed",
};

/*
 * HFSTS2[6] "ME File System Corrupted" (intelmetool: struct me_gmes
 * mfs_failure).  MEInfo 9.1 prints "No" for 0 (seed 000); "Yes" for 1 is
 * the natural counterpart (no public MEInfo output shows it).
 */
static const char *const me6_mfs[] = {
	[0] = "No",
	[1] = "Yes",
};

static const struct mefw_field me6_fields[MEFW_F_COUNT] = {
	[MEFW_F_CURRENT_STATE] =
		MEFW_FIELD("CurrentState", "current_state", 0, 0, 4,
			   me6_cws),
	[MEFW_F_MANUFACTURING_MODE] =
		MEFW_FIELD("ManufacturingMode", "manufacturing_mode", 0, 4, 1,
			   me6_mfg_mode),
	[MEFW_F_FLASH_PARTITION] =
		MEFW_FIELD("FlashPartition", "flash_partition", 0, 5, 1,
			   me6_fpt),
	[MEFW_F_OPERATIONAL_STATE] =
		MEFW_FIELD("OperationalState", "operational_state", 0, 6, 3,
			   me6_opstate),
	[MEFW_F_INIT_COMPLETE] =
		MEFW_FIELD("InitComplete", "init_complete", 0, 9, 1,
			   me6_init_complete),
	[MEFW_F_BUP_LOAD_STATE] =
		MEFW_FIELD("BUPLoadState", "bup_load_state", 0, 10, 1,
			   me6_bup),
	[MEFW_F_ERROR_CODE] =
		MEFW_FIELD("ErrorCode", "error_code", 0, 12, 4,
			   me6_error),
	[MEFW_F_MODE_OF_OPERATION] =
		MEFW_FIELD("ModeOfOperation", "mode_of_operation", 0, 16, 4,
			   me6_mode),
	[MEFW_F_PHASE] =
		MEFW_FIELD("Phase", "phase", 1, 28, 4,
			   me6_phase),
	[MEFW_F_ICC] =
		MEFW_FIELD("ICC", "icc", 1, 1, 2,
			   me6_icc),
	[MEFW_F_MFS_CORRUPTED] =
		MEFW_FIELD("ME File System Corrupted", "mfs_corrupted", 1, 6, 1,
			   me6_mfs),
	[MEFW_F_UPDATE_IN_PROGRESS] =
		MEFW_FIELD("UpdateInProgress", "update_in_progress", 0, 11, 1,
			   me6_upd),
};

/* ------------------------------------------------------------------ */
/* CSME 11 and later (fwupd layout)                                   */

/* HFSTS1[3:0]: as ME 6-10, plus fwupd's FuMeHfsCws 0x0E Halt */
static const char *const csme11_cws[] = {
	[0] = "Reset",
	[1] = "Initializing",
	[2] = "Recovery",
	[3] = "Test",
	[4] = "Disabled",
	[5] = "Normal",
	[6] = "Disabled and waiting to timeout",
	[7] = "OP State Transition",
	[8] = "Invalid CPU Plugged In",
	[14] = "Halt",
};

/* HFSTS1[8:6]: as ME 6-10, plus fwupd's FuMeHfsState 2 M0PowerGated */
static const char *const csme11_opstate[] = {
	[0] = "Transitioning",
	[1] = "M0 with UMA",
	[2] = "M0 power gated",
	[4] = "M3 without UMA",
	[5] = "M0 without UMA",
	[6] = "Bring up",
	[7] = "M0 without UMA but with error",
};

/* HFSTS1[19:16]: as ME 6-10, plus fwupd's FuMeHfsMode 7 EnhancedDebug */
static const char *const csme11_mode[] = {
	[0] = "Normal",
	[2] = "Debug",
	[3] = "Soft Temporary Disable",
	[4] = "Security Override via Jumper",
	[5] = "Security Override via MEI Message",
	[7] = "Enhanced Debug",
};

/*
 * HFSTS2[31:28]: module names from meloader (periph/gasket/heci/status.c,
 * CSME 11 SPT, reverse engineered).
 */
static const char *const csme11_phase[] = {
	[0] = "ROM/Preboot",
	[1] = "RBE",
	[2] = "Privilege Micro-Kernel",
	[3] = "BringUp",
	[4] = "Loading",
	[5] = "IDLM",
	[6] = "HOSTCOMM",
	[7] = "FWUpdate",
	[8] = "Maestro",
};

/*
 * ICC is not decoded on CSME 11+: the only public table (meloader)
 * contradicts MEInfo on ME 8/9 for every value but 1.
 *
 * "ME File System Corrupted" is not decoded on CSME 11+ either: fwupd's
 * HFSTS2 layout does not define bit 6 (intelmetool's mfs_failure is an
 * ME 6-10 definition).
 */
static const struct mefw_field csme11_fields[MEFW_F_COUNT] = {
	[MEFW_F_CURRENT_STATE] =
		MEFW_FIELD("CurrentState", "current_state", 0, 0, 4,
			   csme11_cws),
	[MEFW_F_MANUFACTURING_MODE] =
		MEFW_FIELD("ManufacturingMode", "manufacturing_mode", 0, 4, 1,
			   me6_mfg_mode),
	[MEFW_F_FLASH_PARTITION] =
		MEFW_FIELD("FlashPartition", "flash_partition", 0, 5, 1,
			   me6_fpt),
	[MEFW_F_OPERATIONAL_STATE] =
		MEFW_FIELD("OperationalState", "operational_state", 0, 6, 3,
			   csme11_opstate),
	[MEFW_F_INIT_COMPLETE] =
		MEFW_FIELD("InitComplete", "init_complete", 0, 9, 1,
			   me6_init_complete),
	[MEFW_F_BUP_LOAD_STATE] =
		MEFW_FIELD("BUPLoadState", "bup_load_state", 0, 10, 1,
			   me6_bup),
	[MEFW_F_ERROR_CODE] =
		MEFW_FIELD("ErrorCode", "error_code", 0, 12, 4,
			   me6_error),
	[MEFW_F_MODE_OF_OPERATION] =
		MEFW_FIELD("ModeOfOperation", "mode_of_operation", 0, 16, 4,
			   csme11_mode),
	[MEFW_F_PHASE] =
		MEFW_FIELD("Phase", "phase", 1, 28, 4,
			   csme11_phase),
	[MEFW_F_UPDATE_IN_PROGRESS] =
		MEFW_FIELD("UpdateInProgress", "update_in_progress", 0, 11, 1,
			   me6_upd),
};

/* ------------------------------------------------------------------ */

static const char *const mefw_family_names[MEFW_FAM_COUNT] = {
	[MEFW_FAM_UNKNOWN] = "unknown",
	[MEFW_FAM_ME2_5] = "ME 2-5",
	[MEFW_FAM_ME6_10] = "ME 6-10",
	[MEFW_FAM_CSME11] = "CSME 11+",
};

/**
 * mefw_family_from_major() - status register family of a firmware version
 * @major: firmware major version, 0 when unknown
 *
 * Return: MEFW_FAM_ME2_5 for 1-5, MEFW_FAM_ME6_10 for 6-10,
 * MEFW_FAM_CSME11 for 11 and later, MEFW_FAM_UNKNOWN for 0.
 */
enum mefw_family mefw_family_from_major(unsigned int major)
{
	if (major == 0)
		return MEFW_FAM_UNKNOWN;
	if (major <= 5)
		return MEFW_FAM_ME2_5;
	if (major <= 10)
		return MEFW_FAM_ME6_10;
	return MEFW_FAM_CSME11;
}

/**
 * mefw_family_name() - short human name of a family
 * @fam: the family
 *
 * Return: "ME 2-5", "ME 6-10", "CSME 11+" or "unknown" (also for values
 * out of range).
 */
const char *mefw_family_name(enum mefw_family fam)
{
	unsigned int i = fam;

	if (i >= MEFW_NELEMS(mefw_family_names))
		i = MEFW_FAM_UNKNOWN;
	return mefw_family_names[i];
}

/**
 * mefw_field_get() - the decode table of one field of one family
 * @fam: the family
 * @id: the field
 *
 * Return: the field, or NULL when @fam does not define @id (every field
 * of MEFW_FAM_ME2_5 and MEFW_FAM_UNKNOWN) or either is out of range.
 */
const struct mefw_field *mefw_field_get(enum mefw_family fam,
					enum mefw_field_id id)
{
	const struct mefw_field *tbl;
	unsigned int i = id;

	if (i >= MEFW_F_COUNT)
		return NULL;

	switch (fam) {
	case MEFW_FAM_ME6_10:
		tbl = me6_fields;
		break;
	case MEFW_FAM_CSME11:
		tbl = csme11_fields;
		break;
	default:
		return NULL;
	}

	if (!tbl[i].label)
		return NULL;
	return &tbl[i];
}

/**
 * mefw_field_raw() - extract the raw value of a field
 * @f: the field, may be NULL
 * @hfsts: HFSTS1.. values
 * @count: number of registers in @hfsts
 *
 * Return: the value, or -1 when @f is NULL or its register is not present.
 */
long mefw_field_raw(const struct mefw_field *f, const unsigned int *hfsts,
		    unsigned int count)
{
	unsigned int mask;

	if (!f || !hfsts || f->reg >= count || f->width == 0 ||
	    f->shift >= 32)
		return -1;

	if (f->width >= 32)
		mask = ~0U;
	else
		mask = (1U << f->width) - 1;

	return (long)((hfsts[f->reg] >> f->shift) & mask);
}

/**
 * mefw_field_text() - text of a raw field value
 * @f: the field, may be NULL
 * @raw: the raw value
 *
 * Return: the text, or NULL when the value is undefined (the caller prints
 * "Unknown (N)").
 */
const char *mefw_field_text(const struct mefw_field *f, unsigned long raw)
{
	if (!f || !f->values || raw >= f->nvalues)
		return NULL;
	return f->values[raw];
}

/**
 * mefw_status_update_percent() - firmware update progress from HFSTS
 * @hfsts: HFSTS1.. values
 * @count: number of registers in @hfsts
 *
 * The percentage is HFSTS2[23:16], valid only while HFSTS1 bit 11 (update
 * in progress) is set and HFSTS2[31:28] is the FWUpdate phase (7): an
 * idle ME 9 sits in phase 7 with unrelated data in [23:16].  A value above
 * 100 is not a percentage and is not reported.
 *
 * Return: 0..100, or -1 when no update progress is shown.
 */
int mefw_status_update_percent(const unsigned int *hfsts, unsigned int count)
{
	unsigned int pct;

	if (!hfsts || count < 2)
		return -1;
	if (!(hfsts[0] & (1U << 11)))
		return -1;
	if (((hfsts[1] >> 28) & 0xF) != 7)
		return -1;

	pct = (hfsts[1] >> 16) & 0xFF;
	if (pct > 100)
		return -1;
	return (int)pct;
}
