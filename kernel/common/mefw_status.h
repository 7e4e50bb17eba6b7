/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding of the ME host firmware status registers (HFSTS1..6).
 *
 * The one copy of this knowledge: plain C tables with no libc and no
 * kernel dependency, compiled into mefw.ko (decoded sysfs attributes)
 * and into libmefw (mefwctl status, mefwctl status --decode).
 *
 * Layouts: ME 6-10 from coreboot intelmetool / Lynx Point, with the
 * strings MEInfo prints; CSME 11+ from fwupd.  The ME <= 5 layout is not
 * documented anywhere public: that family decodes nothing.
 */
#ifndef _MEFW_STATUS_H
#define _MEFW_STATUS_H

/* values match MEFW_FAMILY_* in the uapi header */
enum mefw_family {
	MEFW_FAM_UNKNOWN = 0,
	MEFW_FAM_ME2_5 = 1,
	MEFW_FAM_ME6_10 = 2,
	MEFW_FAM_CSME11 = 3,
	MEFW_FAM_COUNT
};

/* the fields MEInfo prints, in its order */
enum mefw_field_id {
	MEFW_F_CURRENT_STATE,
	MEFW_F_MANUFACTURING_MODE,
	MEFW_F_FLASH_PARTITION,
	MEFW_F_OPERATIONAL_STATE,
	MEFW_F_INIT_COMPLETE,
	MEFW_F_BUP_LOAD_STATE,
	MEFW_F_ERROR_CODE,
	MEFW_F_MODE_OF_OPERATION,
	MEFW_F_PHASE,
	MEFW_F_ICC,
	MEFW_F_MFS_CORRUPTED,
	MEFW_F_UPDATE_IN_PROGRESS,
	MEFW_F_COUNT
};

/**
 * struct mefw_field - one decoded field of one register
 * @label: MEInfo's label, e.g. "CurrentState"
 * @attr: sysfs / JSON name, e.g. "current_state"
 * @reg: register index, 0 for HFSTS1
 * @shift: lowest bit
 * @width: number of bits
 * @values: names indexed by the raw value; NULL entries are undefined
 * @nvalues: number of entries in @values
 */
struct mefw_field {
	const char *label;
	const char *attr;
	unsigned char reg;
	unsigned char shift;
	unsigned char width;
	const char *const *values;
	unsigned int nvalues;
};

/* family for a firmware major version (0 = unknown) */
enum mefw_family mefw_family_from_major(unsigned int major);

/* short human name: "ME 6-10", ... */
const char *mefw_family_name(enum mefw_family fam);

/*
 * The field table of a family, @id < MEFW_F_COUNT.  NULL when the family
 * does not define the field (every field of MEFW_FAM_ME2_5 and
 * MEFW_FAM_UNKNOWN).
 */
const struct mefw_field *mefw_field_get(enum mefw_family fam,
					enum mefw_field_id id);

/* raw value of @f in @hfsts (@count registers present); -1 if absent */
long mefw_field_raw(const struct mefw_field *f, const unsigned int *hfsts,
		    unsigned int count);

/*
 * Text for raw value @raw of @f, or NULL when the value is undefined:
 * the caller prints "Unknown (N)" with N in decimal, as MEInfo does.
 */
const char *mefw_field_text(const struct mefw_field *f, unsigned long raw);

/*
 * Firmware update progress from the registers: percent (0..100) when
 * HFSTS1 bit 11 (update in progress) is set and HFSTS2[31:28] is the
 * FWUpdate phase (7), else -1.
 */
int mefw_status_update_percent(const unsigned int *hfsts, unsigned int count);

#endif /* _MEFW_STATUS_H */
