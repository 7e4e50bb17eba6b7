// SPDX-License-Identifier: GPL-2.0
/*
 * mei-sim: identity presets and module parameters.  The identity is
 * resolved once at module load (preset, then overrides); a malformed
 * parameter fails the load with -EINVAL.  See Documentation/simulator.md
 * for where every value comes from.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/uuid.h>

#include "sim.h"

/* 'M','D','M','V' in memory order (ME 9 IPU partition record name) */
#define SIM_PT_MDMV	0x564d444d

static const struct sim_identity sim_preset_me9 = {
	.preset = "me9",
	.family = "ME9",
	.platform = "Lynx Point H",
	.code = { 9, 0, 20, 1447 },
	.recovery = { 9, 0, 20, 1447 },
	.fitc = { 9, 0, 20, 1427 },
	.amt = { 9, 0, 20, 1447 },
	.hfsts = { 0x1e000245, 0x76442312, 0x00000200, 0, 0, 0 },
	.hfsts_count = 6,
	.sku = 0x13,
	.pch_ver = 4,
	.vendor = 0x8086,
	.hw_sku = 1,
	.data_format_version = 1,
	.update_interfaces = 5,
	.svn = 1,
	.local_update = 1,
	.hmrfpo = 1,
	.legacy_fwu = true,
	.fwu_mtu = 512,
	.mkhi_mtu = 512,
	.mebx = { 0, 0, 0, 0 },
	.bios_boot_state = 2,
	.info_fields = 0x3,
	.bios_version = "KLZ8711D.86A.0457",
	.ipu_name = SIM_PT_MDMV,
	.ipu_ver = { 9, 0, 20, 1447 },
	.vcn = 3,
};

static const struct sim_identity sim_preset_me5 = {
	.preset = "me5",
	.family = "ME5",
	.platform = "ICH10",
	.code = { 5, 0, 1, 1111 },
	.recovery = { 5, 0, 1, 1111 },
	.fitc = { 5, 0, 1, 1111 },
	.amt = { 5, 0, 1, 1111 },
	.hfsts = { 0x3009065a },
	.hfsts_count = 1,
	.vendor = 0x8086,
	.data_format_version = 1,
	.update_interfaces = 5,
	.local_update = 1,
	.hmrfpo = 1,
	.legacy_fwu = true,
	.fwu_mtu = 512,
	.mkhi_mtu = 512,
	.mebx = { 5, 0, 5, 8 },
	.manageability_mode = 1,
	.bios_boot_state = 2,
	.info_fields = 0x3,
	.bios_version = "6.00 R1.19.2824.A1",
	.ipu_name = SIM_PT_MDMV,
	.ipu_ver = { 5, 0, 1, 1111 },
};

static const struct sim_identity sim_preset_csme12 = {
	.preset = "csme12",
	.family = "CSME12",
	.platform = "Cannon Point H",
	.code = { 12, 0, 49, 1534 },
	.recovery = { 12, 0, 49, 1534 },
	.fitc = { 12, 0, 49, 1534 },
	.amt = { 12, 0, 49, 1534 },
	.hfsts = { 0x90000245, 0x60000000, 0x00000020, 0, 0, 0x40000000 },
	.hfsts_count = 6,
	.vendor = 0x8086,
	.local_update = 1,
	.hmrfpo = 1,
	.legacy_fwu = false,
	.fwu_mtu = 4096,
	.mkhi_mtu = 2048,
	.bios_boot_state = 2,
	.ipu_name = SIM_PT_MDMV,
	.ipu_ver = { 12, 0, 49, 1534 },
};

static const struct sim_identity *const sim_presets[] = {
	&sim_preset_me9,
	&sim_preset_me5,
	&sim_preset_csme12,
};

static char *identity = "me9";
module_param(identity, charp, 0444);
MODULE_PARM_DESC(identity, "preset: me9 (default), me5, csme12");

static char *fw_version;
module_param(fw_version, charp, 0444);
MODULE_PARM_DESC(fw_version, "override code version, \"major.minor.hotfix.build\"");

static char *hfsts;
module_param(hfsts, charp, 0444);
MODULE_PARM_DESC(hfsts, "override HFSTS registers, 1 to 6 comma-separated u32");

static char *sku;
module_param(sku, charp, 0444);
MODULE_PARM_DESC(sku, "override GET_VERSION Sku (u32)");

static char *update_interfaces;
module_param(update_interfaces, charp, 0444);
MODULE_PARM_DESC(update_interfaces, "override EnabledUpdateInterfaces (u16)");

static char *svn;
module_param(svn, charp, 0444);
MODULE_PARM_DESC(svn, "override SvnInFlash (u16)");

static char *vcn;
module_param(vcn, charp, 0444);
MODULE_PARM_DESC(vcn, "override the running VCN (u16; update images with a lower VCN are refused)");

static char *local_update;
module_param(local_update, charp, 0444);
MODULE_PARM_DESC(local_update, "override FWCAPS rule 7: 0 disabled, 1 enabled, 2 password protected");

static char *hmrfpo;
module_param(hmrfpo, charp, 0444);
MODULE_PARM_DESC(hmrfpo, "override HMRFPO status: 0 disabled, 1 locked, 2 enabled");

static char *mtu;
module_param(mtu, charp, 0444);
MODULE_PARM_DESC(mtu, "override the FWUpdate client MTU (256..4096)");

static char *legacy_fwu;
module_param(legacy_fwu, charp, 0444);
MODULE_PARM_DESC(legacy_fwu, "override: Y legacy FWUpdate answers, N {0xFF,0x8D} to all");

static char *oem_id;
module_param(oem_id, charp, 0444);
MODULE_PARM_DESC(oem_id, "OEM id accepted by VERIFY_OEMID besides all zeroes (GUID)");

static bool mute;
module_param(mute, bool, 0644);
MODULE_PARM_DESC(mute, "FW stops answering client messages (HBM still works)");

static struct sim_identity sim_identity;
const struct sim_identity *sim_id = &sim_identity;

bool sim_muted(void)
{
	return READ_ONCE(mute);
}

static int sim_bad_param(const char *name, const char *val, const char *want)
{
	pr_err("invalid parameter %s=\"%s\": expected %s\n", name, val, want);
	return -EINVAL;
}

static int sim_parse_u32(const char *name, const char *val, u32 max, u32 *out)
{
	u32 v;

	if (!val)
		return 0;
	if (kstrtou32(val, 0, &v) || v > max) {
		char want[40];

		snprintf(want, sizeof(want), "an integer 0..%u", max);
		return sim_bad_param(name, val, want);
	}
	*out = v;
	return 0;
}

static int sim_parse_version(const char *val, struct sim_ver *v)
{
	u16 part[4];
	char buf[32];
	char *s = buf, *tok;
	unsigned int n = 0;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		return -EINVAL;
	while ((tok = strsep(&s, "."))) {
		if (n == ARRAY_SIZE(part) || kstrtou16(tok, 10, &part[n]))
			return -EINVAL;
		n++;
	}
	if (n != ARRAY_SIZE(part))
		return -EINVAL;
	v->major = part[0];
	v->minor = part[1];
	v->hotfix = part[2];
	v->build = part[3];
	return 0;
}

static int sim_parse_hfsts(const char *val, struct sim_identity *id)
{
	char buf[SIM_HFSTS_MAX * 12];
	char *s = buf, *tok;
	u32 regs[SIM_HFSTS_MAX];
	unsigned int n = 0;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		return -EINVAL;
	while ((tok = strsep(&s, ","))) {
		if (n == SIM_HFSTS_MAX || kstrtou32(strim(tok), 0, &regs[n]))
			return -EINVAL;
		n++;
	}
	memset(id->hfsts, 0, sizeof(id->hfsts));
	memcpy(id->hfsts, regs, n * sizeof(regs[0]));
	id->hfsts_count = n;
	return 0;
}

static const struct sim_identity *sim_find_preset(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_presets); i++)
		if (sysfs_streq(name, sim_presets[i]->preset))
			return sim_presets[i];
	return NULL;
}

static int sim_apply_overrides(struct sim_identity *id)
{
	u32 v;
	int ret;

	if (fw_version) {
		if (sim_parse_version(fw_version, &id->code))
			return sim_bad_param("fw_version", fw_version,
					     "major.minor.hotfix.build (each 0..65535)");
		id->recovery = id->code;
		id->amt = id->code;
	}
	if (hfsts && sim_parse_hfsts(hfsts, id))
		return sim_bad_param("hfsts", hfsts,
				     "1 to 6 comma-separated 32-bit values");
	ret = sim_parse_u32("sku", sku, U32_MAX, &id->sku);
	if (ret)
		return ret;
	v = id->update_interfaces;
	ret = sim_parse_u32("update_interfaces", update_interfaces, U16_MAX, &v);
	if (ret)
		return ret;
	id->update_interfaces = v;
	v = id->svn;
	ret = sim_parse_u32("svn", svn, U16_MAX, &v);
	if (ret)
		return ret;
	id->svn = v;
	v = id->vcn;
	ret = sim_parse_u32("vcn", vcn, U16_MAX, &v);
	if (ret)
		return ret;
	id->vcn = v;
	v = id->local_update;
	ret = sim_parse_u32("local_update", local_update, 2, &v);
	if (ret)
		return ret;
	id->local_update = v;
	v = id->hmrfpo;
	ret = sim_parse_u32("hmrfpo", hmrfpo, 2, &v);
	if (ret)
		return ret;
	id->hmrfpo = v;
	ret = sim_parse_u32("mtu", mtu, SIM_MTU_MAX, &id->fwu_mtu);
	if (ret)
		return ret;
	if (id->fwu_mtu < SIM_MTU_MIN)
		return sim_bad_param("mtu", mtu, "256..4096");
	if (legacy_fwu && kstrtobool(legacy_fwu, &id->legacy_fwu))
		return sim_bad_param("legacy_fwu", legacy_fwu, "Y or N");
	if (oem_id && guid_parse(oem_id, &id->oem_id))
		return sim_bad_param("oem_id", oem_id,
				     "a GUID xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
	return 0;
}

/**
 * sim_identity_init() - resolve the identity from the module parameters
 *
 * Return: 0, or -EINVAL (logged, naming the parameter) if a parameter is
 * malformed.
 */
int sim_identity_init(void)
{
	const struct sim_identity *preset = sim_find_preset(identity);

	if (!preset)
		return sim_bad_param("identity", identity, "me9, me5 or csme12");
	sim_identity = *preset;
	return sim_apply_overrides(&sim_identity);
}
