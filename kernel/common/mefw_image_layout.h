/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel ME firmware image layouts: byte offsets and sizes of the flash
 * descriptor, the $FPT partition table, the $MAN / $MN2 manifest, its
 * $MME module entries and extensions ($MCP, $SKU, $DAT) and the CSME 11
 * $CPD directory with its extensions.  Written once, used by the image
 * parser (lib/image), the simulated ME's verifier (tests/sim/sim_verify.c)
 * and the synthetic image generator (tests/tools/mkimage.c).
 *
 * Plain constants: no libc or kernel header is needed, so the kernel
 * module build and userspace include the same file.  Every field is
 * little endian unless its comment says otherwise; offsets are from the
 * start of the structure they belong to.
 *
 * No Intel specification is public.  Sources: me_cleaner, ME Analyzer
 * (MEA.py ext_anl / mod_anl), see Documentation/images.md.
 */
#ifndef _MEFW_IMAGE_LAYOUT_H
#define _MEFW_IMAGE_LAYOUT_H

/* ---- flash descriptor (full flash images) ---- */
#define MEFW_FD_SIG			0x0FF0A55A	/* u32 at 0x10 or 0 */
#define MEFW_FD_SIG_OFF			0x10
#define MEFW_FD_FLMAP0			4	/* u32 after the signature */
#define MEFW_FD_FRBA(flmap0)		(((flmap0) >> 12) & 0xff0)
#define MEFW_FD_FLREG_ME		8	/* FLREG2 = ME region, from FRBA */
/* base and inclusive limit field of a FLREG (in 4 KiB pages) */
#define MEFW_FD_FLREG_BASE(flreg)	((flreg) & 0x7fff)
#define MEFW_FD_FLREG_LIMIT(flreg)	(((flreg) >> 16) & 0x7fff)
#define MEFW_FD_PAGE_SHIFT		12

/* ---- $FPT partition table (ME region) ---- */
#define MEFW_FPT_TAG			"$FPT"
#define MEFW_FPT_OFF			0x10	/* after the ROM bypass vector, or 0 */
#define MEFW_FPT_NUM_ENTRIES		0x04	/* u32 */
#define MEFW_FPT_HDR_VERSION		0x08	/* u8: 0x10, 0x20; 0x21 CSME 12+ */
#define MEFW_FPT_ENTRY_VERSION		0x09	/* u8 */
#define MEFW_FPT_HDR_LENGTH		0x0a	/* u8 */
#define MEFW_FPT_CHECKSUM		0x0b	/* u8: header bytes sum to 0 */
#define MEFW_FPT_FIT_VERSION		0x18	/* u16[4]: FITC major.minor.hotfix.build */
#define MEFW_FPT_HDR_LEN		0x20	/* entries follow */
#define MEFW_FPT_ENTRY_LEN		0x20
#define MEFW_FPT_E_NAME			0x00	/* char[4] */
#define MEFW_FPT_E_OWNER		0x04	/* char[4], FF FF FF FF: none */
#define MEFW_FPT_E_OFFSET		0x08	/* u32, from the region start */
#define MEFW_FPT_E_SIZE			0x0c	/* u32, FFFFFFFF (ME 2-6): to the end */
#define MEFW_FPT_E_FLAGS		0x1c	/* u32: bits 0-6 type, byte 3 FF: invalid */
#define MEFW_FPT_E_VALID_BYTE		0x1f	/* FF: the entry is not valid */
#define MEFW_FPT_SIZE_TO_END		0xffffffffu

/* ---- $MAN (ME 2-5) / $MN2 (ME 6-10, CSME 11) manifest header ---- */
#define MEFW_MAN_TAG_MAN		"$MAN"
#define MEFW_MAN_TAG_MN2		"$MN2"
#define MEFW_MAN_TYPE			0x00	/* u32: 4 */
#define MEFW_MAN_HDR_LENGTH		0x04	/* u32, dwords */
#define MEFW_MAN_HDR_VERSION		0x08	/* u32: 0x10000 */
#define MEFW_MAN_FLAGS			0x0c	/* u32: bit 31 pre-production */
#define MEFW_MAN_VENDOR			0x10	/* u32: 0x8086 */
#define MEFW_MAN_DATE			0x14	/* BCD: day, month, year lo, year hi */
#define MEFW_MAN_SIZE			0x18	/* u32, dwords, signed extent */
#define MEFW_MAN_TAG_OFF		0x1c	/* char[4] */
#define MEFW_MAN_NUM_MODULES		0x20	/* u32 */
#define MEFW_MAN_MAJOR			0x24	/* u16 */
#define MEFW_MAN_MINOR			0x26	/* u16 */
#define MEFW_MAN_HOTFIX			0x28	/* u16 */
#define MEFW_MAN_BUILD			0x2a	/* u16 */
#define MEFW_MAN_SVN			0x2c	/* u32: TCB SVN, ME 9+ */
#define MEFW_MAN_SVN8			0x30	/* u32: TCB SVN of ME 8 */
#define MEFW_MAN_VCN			0x34	/* u32: ME 8-10 */
#define MEFW_MAN_KEY_SIZE		0x78	/* u32, dwords: 0x40 */
#define MEFW_MAN_EXP_SIZE		0x7c	/* u32, dwords: 1 */
#define MEFW_MAN_KEY			0x80	/* RSA modulus, little endian */
#define MEFW_MAN_EXP			0x180	/* u32 */
#define MEFW_MAN_SIG			0x184	/* RSA signature, little endian */
#define MEFW_MAN_RSA_LEN		0x100
#define MEFW_MAN_HDR_LEN		0x284	/* the signature skips [0x80, 0x284) */
#define MEFW_MAN_TYPE_VALUE		4
#define MEFW_MAN_VENDOR_INTEL		0x8086
#define MEFW_MAN_HDR_VERSION_VALUE	0x10000
#define MEFW_MAN_FLAG_PRE		0x80000000u
/* $MN2 of ME 6-10: partition name, then the module table */
#define MEFW_MN2_PART_NAME		MEFW_MAN_HDR_LEN	/* char[12] */
#define MEFW_MN2_PART_NAME_LEN		12
#define MEFW_MAN_MODULES		(MEFW_MAN_HDR_LEN + 0xc)

/* ---- $MME module entry of a $MN2 manifest (ME 6-10) ---- */
#define MEFW_MME_TAG			"$MME"
#define MEFW_MME_LEN			0x60
#define MEFW_MME_NAME			0x04	/* char[16] */
#define MEFW_MME_NAME_LEN		16
#define MEFW_MME_HASH			0x14	/* SHA-256, byte-reversed */
#define MEFW_MME_LOAD			0x34	/* u32 */
#define MEFW_MME_OFFSET			0x38	/* u32, from the manifest */
#define MEFW_MME_SIZE_UNCOMP		0x3c	/* u32 */
#define MEFW_MME_SIZE_COMP		0x40	/* u32 */
#define MEFW_MME_FLAGS			0x50	/* u32: bits 4-6 compression */
#define MEFW_MME_COMP(flags)		(((flags) >> 4) & 7)
#define MEFW_COMP_NONE			0
#define MEFW_COMP_HUFFMAN		1
#define MEFW_COMP_LZMA			2

/* $MCP after n + 1 module entries (ME 7-10): extent of the code */
#define MEFW_MCP_TAG			"$MCP"
#define MEFW_MCP_LEN			0x14
#define MEFW_MCP_CODE_SIZE		0x08	/* u32 */
#define MEFW_MCP_CODE_OFF		0x0c	/* u32, from the manifest */

/* ---- $MME module entry of a $MAN manifest (ME 2-5); "$MOD" blocks ---- */
#define MEFW_MME_OLD_LEN		0x50
#define MEFW_MME_OLD_NAME		0x1c	/* char[16] */
#define MEFW_MME_OLD_NAME_LEN		16
#define MEFW_MME_OLD_HASH		0x2c	/* SHA-1, byte-reversed */
#define MEFW_MME_OLD_SIZE		0x40	/* u32: the $MOD block */
#define MEFW_MOD_TAG			"$MOD"

/* ---- $SKU manifest extension ---- */
#define MEFW_SKU_TAG			"$SKU"
#define MEFW_SKU_HDR_LENGTH		0x04	/* u32, dwords: 3 or 4 */
#define MEFW_SKU_VALUE_BE		0x08	/* u32 BIG endian, ME 2-6 */
#define MEFW_SKU_BYTE_B			0x0b	/* ME 7: bit 7 Slim */
#define MEFW_SKU_BYTE_C			0x0c	/* ME 7-10 bitfield */
#define MEFW_SKU_LEN			0x10

/* ---- $DAT (EFFS, ME 8-10): production-ready bit ---- */
#define MEFW_DAT_TAG			"$DAT"
#define MEFW_DAT_PV			0x10	/* u8: 0 or 1 */
#define MEFW_DAT_IFRP			0x18	/* "IFRP" */
#define MEFW_DAT_IFRP_TAG		"IFRP"

/* ---- $CPD code partition directory (CSME 11) ---- */
#define MEFW_CPD_TAG			"$CPD"
#define MEFW_CPD_NUM_ENTRIES		0x04	/* u32 */
#define MEFW_CPD_HDR_VERSION		0x08	/* u8: 1 */
#define MEFW_CPD_ENTRY_VERSION		0x09	/* u8: 1 */
#define MEFW_CPD_HDR_LENGTH		0x0a	/* u8: 0x10 */
#define MEFW_CPD_CHECKSUM		0x0b	/* u8: header + entries sum to 0 */
#define MEFW_CPD_NAME			0x0c	/* char[4] */
#define MEFW_CPD_HDR_LEN		0x10	/* entries follow */
#define MEFW_CPD_ENTRY_LEN		0x18
#define MEFW_CPD_E_NAME			0x00	/* char[12] */
#define MEFW_CPD_E_NAME_LEN		12
#define MEFW_CPD_E_OFFSET		0x0c	/* u32: bits 0-24 offset, 25 Huffman */
#define MEFW_CPD_E_SIZE			0x10	/* u32: uncompressed, for modules */
#define MEFW_CPD_OFFSET_MASK		0x1ffffff
#define MEFW_CPD_HUFFMAN_BIT		25

/* CSME 11 extensions: Tag u32, Size u32 (bytes), data */
#define MEFW_EXT_TAG			0x00
#define MEFW_EXT_SIZE			0x04
#define MEFW_EXT_HDR_LEN		0x08

/* Ext 0x03 partition information, then module entries */
#define MEFW_EXT03			0x03
#define MEFW_EXT03_LEN			0x58
#define MEFW_EXT03_NAME			0x08	/* char[4] */
#define MEFW_EXT03_PART_SIZE		0x0c	/* u32 */
#define MEFW_EXT03_HASH			0x10	/* SHA-256, byte-reversed */
#define MEFW_EXT03_VCN			0x30	/* u32 */
#define MEFW_EXT03_VER_MAJOR		0x34	/* u16 */
#define MEFW_EXT03_VER_MINOR		0x36	/* u16 */
#define MEFW_EXT03_RESERVED		0x44	/* 16 bytes */
#define MEFW_EXT03_MOD_LEN		0x34
#define MEFW_EXT03_M_NAME		0x00	/* char[12] */
#define MEFW_EXT03_M_TYPE		0x0c	/* u8 */
#define MEFW_EXT03_M_COMP		0x0d	/* u8 */
#define MEFW_EXT03_M_RESERVED		0x0e	/* u16 */
#define MEFW_EXT03_M_MET_SIZE		0x10	/* u32 */
#define MEFW_EXT03_M_MET_HASH		0x14	/* SHA-256 of the .met, byte-reversed */

/* Ext 0x0A module attributes (in a module's .met) */
#define MEFW_EXT0A			0x0a
#define MEFW_EXT0A_LEN			0x38
#define MEFW_EXT0A_COMP			0x08	/* u8: MEFW_COMP_* */
#define MEFW_EXT0A_ENCRYPTED		0x09	/* u8 */
#define MEFW_EXT0A_SIZE_UNCOMP		0x0c	/* u32 */
#define MEFW_EXT0A_SIZE_COMP		0x10	/* u32 */
#define MEFW_EXT0A_DEV_ID		0x14	/* u16 */
#define MEFW_EXT0A_VEN_ID		0x16	/* u16 */
#define MEFW_EXT0A_HASH			0x18	/* SHA-256, byte-reversed */

/* Ext 0x0C client system information */
#define MEFW_EXT0C			0x0c
#define MEFW_EXT0C_LEN			0x30
#define MEFW_EXT0C_SKU_CAPS		0x08	/* u32 */
#define MEFW_EXT0C_RESERVED		0x0c	/* 28 bytes */
#define MEFW_EXT0C_SKU_ATTRIB		0x28	/* u64: bits 4-6 type, 10-11 platform */
#define MEFW_EXT0C_SKU_TYPE(lo)		(((lo) >> 4) & 7)
#define MEFW_EXT0C_SKU_PLATFORM(lo)	(((lo) >> 10) & 3)

/* CSME LZMA streams: three zero bytes after byte 0xD of the .lzma header */
#define MEFW_CSE_LZMA_PROPS		"\x36\x00\x40\x00\x00"
#define MEFW_LZMA_HDR_LEN		13
#define MEFW_CSE_LZMA_GAP		0x0e
#define MEFW_CSE_LZMA_GAP_LEN		3

#endif /* _MEFW_IMAGE_LAYOUT_H */
