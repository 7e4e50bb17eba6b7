// SPDX-License-Identifier: GPL-2.0
/*
 * $MAN (ME 2-5) and $MN2 (ME 6-10, CSME 11) manifests, and the identity
 * ME Analyzer derives from them: version, date, SVN, VCN, SKU ($SKU),
 * production-ready bit ($DAT), type, release and chipset.
 * Facts: research/images.md sections 2.2-2.3 (MEA 1.311.0).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "image_int.h"
#include "mefw_test_key.h"

bool img_is_manifest(const struct buf *b, size_t off)
{
	uint32_t type = 0;
	uint16_t ven = 0;

	if (!in_buf(b, off, MEFW_MAN_HDR_LEN))
		return false;
	if (!match(b, off + MEFW_MAN_TAG_OFF, MEFW_MAN_TAG_MN2, 4) &&
	    !match(b, off + MEFW_MAN_TAG_OFF, MEFW_MAN_TAG_MAN, 4))
		return false;
	rd32(b, off + MEFW_MAN_TYPE, &type);
	rd16(b, off + MEFW_MAN_VENDOR, &ven);
	return type == MEFW_MAN_TYPE_VALUE && ven == MEFW_MAN_VENDOR_INTEL;
}

int img_add_manifest(struct mefw_image *img, const struct buf *b, size_t off,
		     size_t limit, const char *partition)
{
	struct mefw_img_manifest *m;
	uint32_t size_dw = 0, hl_dw = 0;
	unsigned int i;

	if (img->nmanifests >= MEFW_IMG_MAX_MANIFESTS)
		return -E2BIG;
	m = &img->manifests[img->nmanifests];
	memset(m, 0, sizeof(*m));
	m->offset = off;
	m->limit = limit > b->len ? b->len : limit;
	memcpy(m->tag, b->p + off + MEFW_MAN_TAG_OFF, 4);
	rd32(b, off + MEFW_MAN_HDR_LENGTH, &hl_dw);
	rd32(b, off + MEFW_MAN_SIZE, &size_dw);
	m->header_len = hl_dw > 0x3fffffffu ? 0xffffffffu : hl_dw * 4;
	m->size = size_dw > 0x3fffffffu ? 0xffffffffu : size_dw * 4;
	rd32(b, off + MEFW_MAN_FLAGS, &m->flags);
	for (i = 0; i < 4; i++)
		m->date_bcd[i] = b->p[off + MEFW_MAN_DATE + i];
	rd16(b, off + MEFW_MAN_MAJOR, &m->major);
	rd16(b, off + MEFW_MAN_MINOR, &m->minor);
	rd16(b, off + MEFW_MAN_HOTFIX, &m->hotfix);
	rd16(b, off + MEFW_MAN_BUILD, &m->build);
	rd32(b, off + MEFW_MAN_SVN, &m->svn);
	rd32(b, off + MEFW_MAN_SVN8, &m->svn8);
	rd32(b, off + MEFW_MAN_VCN, &m->vcn);
	rd32(b, off + MEFW_MAN_NUM_MODULES, &m->num_modules);
	rd32(b, off + MEFW_MAN_EXP, &m->exponent);
	if (!EVP_Digest(b->p + off + MEFW_MAN_KEY, MEFW_MAN_RSA_LEN, m->key_sha256,
			NULL, EVP_sha256(), NULL))
		memset(m->key_sha256, 0, sizeof(m->key_sha256));
	if (partition && partition[0])
		snprintf(m->partition, sizeof(m->partition), "%s", partition);
	else if (!memcmp(m->tag, MEFW_MAN_TAG_MN2, 4) &&
		 in_buf(b, off + MEFW_MN2_PART_NAME, MEFW_MN2_PART_NAME_LEN))
		img_name(m->partition, sizeof(m->partition),
			 b->p + off + MEFW_MN2_PART_NAME, MEFW_MN2_PART_NAME_LEN);
	img->nmanifests++;
	return 0;
}

void img_manifest_subject(const struct mefw_img_manifest *m, char *s, size_t n)
{
	if (m->partition[0])
		snprintf(s, n, "%s", m->partition);
	else
		snprintf(s, n, "@0x%zx", m->offset);
}

static int pick_main(const struct mefw_image *img)
{
	static const char *const pref[] = { "FTPR", "RCVY", "OPR1", "COD1", "CODE" };
	unsigned int i, j;

	for (j = 0; j < sizeof(pref) / sizeof(pref[0]); j++)
		for (i = 0; i < img->nmanifests; i++)
			if (!strcmp(img->manifests[i].partition, pref[j]))
				return (int)i;
	return img->nmanifests ? 0 : -1;
}

static int find_region_manifests(struct mefw_image *img, const struct buf *b)
{
	unsigned int i;
	int rc;

	for (i = 0; i < img->nparts; i++) {
		const struct mefw_img_part *p = &img->parts[i];
		size_t off = img->region_offset + p->offset;
		size_t lim = img->region_offset + (size_t)p->end;

		if (!p->present || p->empty || p->end > img->region_size)
			continue;
		if (img_is_cpd(b, off))
			rc = img_parse_cpd(img, b, off, lim, p->name);
		else if (img_is_manifest(b, off))
			rc = img_add_manifest(img, b, off, lim, p->name);
		else
			continue;
		if (rc == -E2BIG)
			break;
		if (rc)
			return rc;
	}
	img->main_manifest = pick_main(img);
	if (img->main_manifest >= 0)
		return 0;

	/* say precisely why there is no manifest */
	for (i = 0; i < img->nparts; i++) {
		const struct mefw_img_part *p = &img->parts[i];

		if (strcmp(p->name, "FTPR") && strcmp(p->name, "CODE") &&
		    strcmp(p->name, "RCVY"))
			continue;
		if (p->present && p->end > img->region_size)
			return img_err(img, -EBADMSG,
				       "partition %s (0x%x + 0x%llx) extends past the end of the region (0x%zx bytes)",
				       p->name, p->offset,
				       (unsigned long long)(p->end - p->offset),
				       img->region_size);
		if (!p->present || p->empty)
			return img_err(img, -EBADMSG,
				       "partition %s is empty: no firmware code in this region",
				       p->name);
		return img_err(img, -EBADMSG,
			       "partition %s at 0x%zx has no manifest ($MN2/$MAN/$CPD)",
			       p->name, img->region_offset + p->offset);
	}
	return img_err(img, -EBADMSG,
		       "no code partition (FTPR, RCVY or CODE) with a manifest in the $FPT");
}

static int find_update_manifests(struct mefw_image *img, const struct buf *b)
{
	size_t r = img->region_offset, end = r + img->region_size, pos;
	int rc;

	if (img_is_cpd(b, r)) {
		rc = img_parse_cpd(img, b, r, end, "FTPR");
		if (rc)
			return rc;
	} else if (img_is_manifest(b, r)) {
		rc = img_add_manifest(img, b, r, end, NULL);
		if (rc)
			return rc;
		/* further manifests of the update image, 4-byte aligned */
		for (pos = r + 4; pos + 0x20 <= end; pos += 4) {
			size_t t = img_find(b, pos + MEFW_MAN_TAG_OFF, end, "$M", 2);

			if (t == SIZE_MAX)
				break;
			pos = t - MEFW_MAN_TAG_OFF;
			if ((pos - r) % 4)
				pos &= ~(size_t)3;
			else if (img_is_manifest(b, pos) &&
				 img_add_manifest(img, b, pos, end, NULL))
				break;
		}
	} else if ((match(b, r + MEFW_MAN_TAG_OFF, MEFW_MAN_TAG_MN2, 4) ||
		    match(b, r + MEFW_MAN_TAG_OFF, MEFW_MAN_TAG_MAN, 4)) &&
		   !in_buf(b, r, MEFW_MAN_HDR_LEN)) {
		return img_err(img, -EBADMSG,
			       "truncated: the manifest at 0x%zx ends past the end of the file",
			       r);
	} else {
		return img_err(img, -ENOEXEC,
			       "not an Intel ME image: no flash descriptor, no $FPT at 0x0/0x10 and no manifest at offset 0");
	}
	img->main_manifest = pick_main(img);
	return img->main_manifest >= 0 ? 0 :
	       img_err(img, -ENOEXEC, "not an Intel ME image: no manifest found");
}

int img_find_manifests(struct mefw_image *img, const struct buf *b)
{
	if (img->kind == MEFW_IMG_REGION)
		return find_region_manifests(img, b);
	return find_update_manifests(img, b);
}

/* ---- identity ---- */

/* the $SKU extension in the signed manifest, or SIZE_MAX */
static size_t find_sku(const struct buf *b, const struct mefw_img_manifest *m)
{
	size_t end = m->offset + (m->size > MEFW_MAN_HDR_LEN ? m->size : MEFW_MAN_HDR_LEN);
	size_t pos = m->offset;
	uint32_t hl = 0;

	if (end > m->limit)
		end = m->limit;
	while ((pos = img_find(b, pos, end, MEFW_SKU_TAG, 4)) != SIZE_MAX) {
		if (rd32(b, pos + MEFW_SKU_HDR_LENGTH, &hl) && (hl == 3 || hl == 4))
			return in_buf(b, pos, MEFW_SKU_LEN) ? pos : SIZE_MAX;
		pos++;
	}
	return SIZE_MAX;
}

/* ME 2-6: the big-endian u32 of $SKU (ME Analyzer's values) */
static const char *sku_me2_6(const struct mefw_image *img, uint32_t v)
{
	switch (img->major) {
	case 2:
		return v == 0 ? "AMT" : v == 0x02000000 ? "QST" : NULL;
	case 3:
		return (v == 0x0e000000 || v == 0) ? "AMT" :
		       v == 0x06000000 ? "ASF" : v == 0x02000000 ? "QST" : NULL;
	case 4:
		if (v == 0xac200000 || v == 0xac000000 || v == 0x04000000)
			return "AMT + TPM";
		if (v == 0x8c200000 || v == 0x8c000000 || v == 0x0c000000)
			return "AMT";
		if (v == 0xa0200000 || v == 0xa0000000)
			return "TPM";
		return NULL;
	case 5:
		return v == 0x3e080000 ? "Digital Office" :
		       v == 0x060d0000 ? "Base Consumer" :
		       v == 0x06080000 ? "Digital Home or Base Corporate (?)" : NULL;
	default:
		if (v == 0)
			return img->hotfix == 50 ? "Ignition CCK" : "Ignition IBX";
		if (v == 0x701c0000)
			return "1.5MB";
		if (v == 0x77dcee00 || v == 0x77fcee00 || v == 0xf7fefe00)
			return "5MB MB";
		if (v == 0x77dc6e00 || v == 0x77fc6e00 || v == 0xf7fe7e00)
			return "5MB DT";
		return NULL;
	}
}

/* ME 7-10: the bitfield byte at +0xC (and, ME 7, the Slim bit at +0xB) */
static const char *sku_me7_10(const struct mefw_image *img, uint8_t b8, uint8_t bb)
{
	static const char *const me9[] = { "5MB", "1.5MB", "Slim" };
	unsigned int t = (b8 >> 4) & 7;

	if (img->major >= 9)
		return t < 3 ? me9[t] : NULL;
	if (img->major == 7 && (bb >> 7))
		return "Slim";
	if ((b8 & 0xf) == 3)
		return "1.5MB";
	if ((b8 & 0xf) == 10)
		return "5MB";
	return NULL;
}

static void set_sku(struct mefw_image *img, const struct buf *b,
		    const struct mefw_img_manifest *m, bool *patsburg)
{
	size_t s = find_sku(b, m);
	const char *sku = NULL;
	uint32_t v;
	uint8_t b8;

	*patsburg = false;
	if (s == SIZE_MAX || img->major < 2 || img->major > 10)
		return;
	v = ((uint32_t)b->p[s + MEFW_SKU_VALUE_BE] << 24) |
	    ((uint32_t)b->p[s + MEFW_SKU_VALUE_BE + 1] << 16) |
	    ((uint32_t)b->p[s + MEFW_SKU_VALUE_BE + 2] << 8) |
	    b->p[s + MEFW_SKU_VALUE_BE + 3];
	b8 = b->p[s + MEFW_SKU_BYTE_C];
	img->sku_valid = true;
	if (img->major <= 6) {
		img->sku_raw = v;
		sku = sku_me2_6(img, v);
	} else {
		img->sku_raw = b8;
		*patsburg = img->major <= 8 && (b8 >> 7);
		sku = sku_me7_10(img, b8, b->p[s + MEFW_SKU_BYTE_B]);
	}
	if (sku)
		snprintf(img->sku, sizeof(img->sku), "%s", sku);
	else
		snprintf(img->sku, sizeof(img->sku), "Unknown (0x%08x)", img->sku_raw);
}

/* ME 8-10: "$DAT" + 0x14 bytes + "IFRP"; the PV bit is the byte at +0x10 */
static void set_pv(struct mefw_image *img, const struct buf *b)
{
	size_t pos = 0;
	uint8_t v = 0;

	while ((pos = img_find(b, pos, b->len, MEFW_DAT_TAG, 4)) != SIZE_MAX) {
		if (match(b, pos + MEFW_DAT_IFRP, MEFW_DAT_IFRP_TAG, 4) &&
		    rd8(b, pos + MEFW_DAT_PV, &v)) {
			if (v <= 1)
				img->production_ready = v;
			return;
		}
		pos++;
	}
}

static void set_chipset(struct mefw_image *img, bool patsburg)
{
	const char *c = "";

	switch (img->major) {
	case 2:
		c = img->minor >= 5 ? "ICH8M" : "ICH8";
		break;
	case 3:
		c = "ICH9";
		break;
	case 4:
		c = "ICH9M";
		break;
	case 5:
		c = "ICH10";
		break;
	case 6:
		c = (!strcmp(img->sku, "Ignition CCK")) ? "CCK" : "IBX";
		break;
	case 7:
		c = patsburg ? "CPT/PBG" : "CPT";
		break;
	case 8:
		c = "CPT/PBG/PPT";
		break;
	case 9:
		c = img->minor == 0 ? "LPT" : img->minor == 1 ? "LPT/WPT" :
		    (img->minor == 5 || img->minor == 6) ? "LPT-LP" : "";
		break;
	case 10:
		c = img->minor == 0 ? "WPT-LP" : "";
		break;
	}
	if (img->gen != MEFW_GEN_CPD)
		snprintf(img->chipset, sizeof(img->chipset), "%s", c);
}

static unsigned int count_in(const struct buf *b, size_t off, size_t end,
			     const char *pat, size_t n)
{
	unsigned int cnt = 0;

	while ((off = img_find(b, off, end, pat, n)) != SIZE_MAX && cnt < 1000) {
		cnt++;
		off += n;
	}
	return cnt;
}

/* ME Analyzer's Stock / Extracted / Update decision (see Documentation) */
static void set_type(struct mefw_image *img, const struct buf *b)
{
	const struct mefw_img_part *fovd, *p;
	bool extracted = false, krnd;
	unsigned int i;

	if (img->kind != MEFW_IMG_REGION) {
		snprintf(img->type, sizeof(img->type), "Update");
		return;
	}
	fovd = img_part(img, img->major == 2 ? "NVKR" : "FOVD");
	if (img->major >= 2 && img->major <= 7 && img->gen != MEFW_GEN_CPD) {
		krnd = img_find(b, 0, b->len, "KRND\0", 5) != SIZE_MAX;
		if (fovd && !fovd->empty) {
			extracted = true;
		} else if (img->major == 4) {
			/* EFFS heuristics (ME Analyzer "ME4-Only Fix 3") */
			p = img_part(img, "EFFS");
			if (krnd && p && p->present && !p->empty) {
				size_t s = img->region_offset + p->offset;
				size_t e = img->region_offset + (size_t)p->end;

				extracted = count_in(b, s, e, "ME_CFG_DEF", 10) > 5 ||
					    img_find(b, s, e, "GPIO10Owner", 11) != SIZE_MAX ||
					    img_find(b, s, e, "AppRule.03.000000", 17) != SIZE_MAX;
			}
		} else if (krnd) {
			extracted = true;
		} else if (img->major == 3) {
			/*
			 * ME Analyzer 1.311 reports every ME 3 region that
			 * gets this far as Extracted (its "ME3-Only Fix 1"
			 * compares 16 bytes with the integer 4080); we follow
			 * it so that the fields agree.
			 */
			extracted = true;
		}
	} else {
		/* ME 8+: only FTPR, FTUP and NFTP with data -> Update */
		bool upd = true, any = false;

		for (i = 0; i < img->nparts; i++) {
			p = &img->parts[i];
			if (!p->present || p->empty)
				continue;
			any = true;
			if (strcmp(p->name, "FTPR") && strcmp(p->name, "FTUP") &&
			    strcmp(p->name, "NFTP"))
				upd = false;
		}
		if (any && upd) {
			snprintf(img->type, sizeof(img->type), "Update");
			return;
		}
		if (img->fit[3] == 0 || img->fit[3] == 0xffff)
			extracted = fovd && !fovd->empty;
		else
			extracted = true;
	}
	snprintf(img->type, sizeof(img->type), "%s", extracted ? "Extracted" : "Stock");
}

int img_identity(struct mefw_image *img, const struct buf *b)
{
	const struct mefw_img_manifest *m = &img->manifests[img->main_manifest];
	const struct mefw_img_part *romb;
	const struct img_key *k = NULL;
	bool patsburg = false;
	static const uint8_t test_hash[32] = MEFW_TEST_KEY_SHA256;
	char name[64];

	img->major = m->major;
	img->minor = m->minor;
	img->hotfix = m->hotfix;
	img->build = m->build;
	snprintf(img->version, sizeof(img->version), "%u.%u.%u.%u", m->major,
		 m->minor, m->hotfix, m->build);
	if (img->gen == MEFW_GEN_NONE)
		img->gen = !memcmp(m->tag, MEFW_MAN_TAG_MAN, 4) ? MEFW_GEN_MAN : MEFW_GEN_MN2;
	snprintf(img->family, sizeof(img->family), "%s",
		 img->gen == MEFW_GEN_CPD ? "CSME" : "ME");
	snprintf(img->date, sizeof(img->date), "%02X%02X-%02X-%02X",
		 m->date_bcd[3], m->date_bcd[2], m->date_bcd[1], m->date_bcd[0]);

	switch (img_key_lookup(m->key_sha256, img->family, m->major, m->minor,
			       m->hotfix, &k)) {
	case IMG_KEY_OK:
		img->key_known = true;
		img->key_pre = k->pre;
		img_key_name(k, img->key_name, sizeof(img->key_name));
		break;
	case IMG_KEY_OTHER_FIRMWARE:
		img_key_name(k, name, sizeof(name));
		snprintf(img->key_name, sizeof(img->key_name), "%.38s, NOT for this firmware",
			 name);
		break;
	case IMG_KEY_UNKNOWN:
		if (!memcmp(m->key_sha256, test_hash, 32)) {
			img->key_is_test = true;
			snprintf(img->key_name, sizeof(img->key_name),
				 "mefw TEST key (tests/images/test-key.pem), not Intel");
		}
		break;
	}

	romb = img_part(img, "ROMB");
	if (romb && romb->present && !romb->empty)
		snprintf(img->release, sizeof(img->release), "ROM-Bypass");
	else if ((m->flags >> 31) & 1 || img->key_pre)
		snprintf(img->release, sizeof(img->release), "Pre-Production");
	else
		snprintf(img->release, sizeof(img->release), "Production");

	if (img->gen != MEFW_GEN_CPD)
		set_sku(img, b, m, &patsburg);
	else
		img_cpd_identity(img, b, m);
	if (img->gen == MEFW_GEN_CPD || img->major >= 9) {
		img->has_tcb_svn = true;
		img->tcb_svn = m->svn;
	} else if (img->major == 8) {
		img->has_tcb_svn = true;
		img->tcb_svn = m->svn8;
	}
	if (img->gen != MEFW_GEN_CPD && img->major >= 8 && img->major <= 10) {
		img->has_vcn = true;
		img->vcn = m->vcn;
		set_pv(img, b);
	} else if (img->gen == MEFW_GEN_CPD) {
		img->production_ready = m->flags & 1;
	}
	set_chipset(img, patsburg);
	set_type(img, b);
	return 0;
}
