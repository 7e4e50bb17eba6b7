/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmefw image inspection and validation: Intel ME firmware images
 * (full flash with descriptor, ME regions, update images; ME 2-5 $MAN,
 * ME 6-10 $MN2 with $MME modules, CSME 11 $CPD).
 *
 * Usage:
 *	struct mefw_image *img = calloc(1, sizeof(*img));
 *	rc = mefw_image_parse(img, buf, len);        identity + structure
 *	rc = mefw_image_verify(img, buf, len, &opts); integrity checks
 *	rc = mefw_compat_check(img, &dev, &copts, &res); against a device
 *
 * The parser works on a caller-owned memory buffer with an explicit
 * length and never reads outside it, whatever the input.  Every count
 * read from the image is bounded.  Functions return 0 on success or a
 * negative errno; img->error then holds one line naming what was wrong.
 * No global mutable state, no exit(), no printing.
 */
#ifndef MEFW_IMAGE_H
#define MEFW_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEFW_IMG_MAX_PARTS	64	/* $FPT entries (real images: <= 30) */
#define MEFW_IMG_MAX_MANIFESTS	16
#define MEFW_IMG_MAX_MODULES	128	/* $MME / $CPD entries per manifest */
#define MEFW_IMG_MAX_CHECKS	384
#define MEFW_IMG_MAX_FILE	(128u << 20)	/* largest image accepted */
#define MEFW_IMG_MAX_MODULE_OUT	(16u << 20)	/* decompressed module cap */
#define MEFW_IMG_MAX_INFLATE	(256ull << 20)	/* all modules of one image */

enum mefw_img_kind {
	MEFW_IMG_UNKNOWN = 0,
	MEFW_IMG_REGION,	/* $FPT: ME region (maybe inside a full flash) */
	MEFW_IMG_UPDATE,	/* no $FPT: update image, manifest at 0 */
};

enum mefw_img_gen {
	MEFW_GEN_NONE = 0,
	MEFW_GEN_MAN = 1,	/* ME 2-5, $MAN, SHA-1 */
	MEFW_GEN_MN2 = 2,	/* ME 6-10, $MN2 + $MME, SHA-256 */
	MEFW_GEN_CPD = 3,	/* CSME 11, $CPD + $MN2, SHA-256 */
};

enum mefw_check_status {
	MEFW_CHECK_PASS = 0,
	MEFW_CHECK_FAIL,
	MEFW_CHECK_NOT_VERIFIED,
};

/**
 * struct mefw_img_part - one $FPT entry (or $CPD entry for CSME)
 * @name: partition name, NUL-terminated, non-printables as '?'
 * @owner: owner tag ("" when 0xFFFFFFFF)
 * @offset: offset from the start of the ME region, as stored
 * @size: size as stored (0xFFFFFFFF = to the end of the region)
 * @flags: entry flags as stored
 * @type: flags & 0x7f (0 code, 1 data, 2 NVRAM, ...)
 * @valid: EntryValid byte is not 0xFF
 * @present: has a data range inside the region (offset/size not 0/~0)
 * @empty: present and all bytes 0xFF (or not present)
 * @end: offset + effective size (only meaningful when @present)
 */
struct mefw_img_part {
	char name[5];
	char owner[5];
	uint32_t offset;
	uint32_t size;
	uint32_t flags;
	uint8_t type;
	bool valid;
	bool present;
	bool empty;
	uint64_t end;
};

/**
 * struct mefw_img_manifest - a code partition manifest ($MAN / $MN2)
 * @offset: absolute offset of the manifest header in the buffer
 * @limit: absolute end of the partition that holds it
 * @size: manifest size in bytes (header Size * 4)
 * @tag: "$MAN" or "$MN2"
 * @partition: owning partition name (from $FPT, the $MN2 name field or "")
 */
struct mefw_img_manifest {
	size_t offset;
	size_t limit;
	uint32_t size;
	uint32_t header_len;
	char tag[5];
	char partition[13];
	uint16_t major, minor, hotfix, build;
	uint32_t flags;
	uint32_t svn;		/* +0x2C */
	uint32_t svn8;		/* +0x30 (ME 8) */
	uint32_t vcn;		/* +0x34 */
	uint32_t exponent;
	uint32_t num_modules;
	uint8_t date_bcd[4];	/* day, month, year lo, year hi */
	uint8_t key_sha256[32];
};

/**
 * struct mefw_img_check - one integrity check and its outcome
 * @what: check name: "fpt_checksum", "partition_layout", "manifest_header",
 *	"signing_key", "manifest_signature", "module_hash", "cpd_checksum",
 *	"partition_hash", "metadata_hash", "structure"
 * @subject: what was checked ("FTPR", "FTPR/HOSTCOMM", ...) or ""
 * @detail: one line: why it passed, failed or could not be verified
 */
struct mefw_img_check {
	char what[24];
	char subject[48];
	enum mefw_check_status status;
	char detail[160];
};

/**
 * struct mefw_image - what the parser found; fields named like
 * ME Analyzer's.  String fields are "" when the generation has no such
 * field (ME Analyzer prints nothing); has_* tell numeric ones apart.
 */
struct mefw_image {
	/* identity */
	char family[8];		/* "ME", "CSME" */
	uint16_t major, minor, hotfix, build;
	char version[24];
	char release[24];	/* Production, Pre-Production, ROM-Bypass */
	char type[12];		/* Stock, Extracted, Update */
	char sku[40];
	bool has_tcb_svn;
	uint32_t tcb_svn;
	bool has_vcn;
	uint32_t vcn;
	int production_ready;	/* -1 unknown / not applicable, 0 No, 1 Yes */
	char date[12];		/* YYYY-MM-DD */
	char chipset[24];
	char key_name[64];	/* what the signing key is, "" if unknown */
	bool key_known;		/* an Intel key from the table */
	bool key_is_test;	/* the mefw test key (tests/images) */
	bool key_pre;		/* a pre-production key */
	bool sku_valid;
	uint32_t sku_raw;	/* ME 2-6: $SKU value (BE); ME 7-10: byte +0xC;
				   CSME 11: Ext 0x0C FWSKUAttrib bits 0-31 */

	/* structure */
	enum mefw_img_kind kind;
	enum mefw_img_gen gen;
	size_t file_size;
	bool has_descriptor;
	size_t region_offset;	/* ME region start in the buffer */
	size_t region_size;
	bool has_fpt;
	size_t fpt_offset;	/* absolute offset of "$FPT" */
	uint8_t fpt_header_version;
	uint8_t fpt_header_len;
	uint8_t fpt_checksum;
	uint16_t fit[4];	/* FIT/FITC version that built the region */
	unsigned int nparts;
	struct mefw_img_part parts[MEFW_IMG_MAX_PARTS];
	unsigned int nmanifests;
	struct mefw_img_manifest manifests[MEFW_IMG_MAX_MANIFESTS];
	int main_manifest;	/* index into manifests[] */
	bool has_cpd;
	size_t cpd_offset;

	/* verification */
	bool verified;
	uint64_t bytes_decompressed;	/* module data inflated so far */
	unsigned int nchecks;
	unsigned int checks_dropped;	/* beyond MEFW_IMG_MAX_CHECKS */
	unsigned int npass, nfail, nnotver;
	struct mefw_img_check checks[MEFW_IMG_MAX_CHECKS];

	/* last error, one line, no newline */
	char error[256];
};

/**
 * struct mefw_img_opts - verification options
 * @trust_test_key: accept the mefw TEST key (tests/images/test-key.pem,
 *	hash in kernel/common/mefw_test_key.h) like an Intel key.  Off by default: an
 *	image signed with the test key is refused.
 * @skip_modules: do not decompress and hash modules (identity and
 *	signatures only): the image is then NOT intact (module_hash FAILs
 *	"not checked"), whatever else passes
 */
struct mefw_img_opts {
	bool trust_test_key;
	bool skip_modules;
	/*
	 * @release (optional): called with ranges of the caller's buffer
	 * that the library has finished reading for now (it may read them
	 * again later).  A caller that mapped the file read-only can drop
	 * those pages (madvise MADV_DONTNEED) so that the resident set stays
	 * small whatever the image size; `mefwctl info` does.  It may be
	 * called from a helper thread of the library (module decompression
	 * runs two at a time on multi-CPU machines): it must be thread-safe.
	 */
	void (*release)(void *ctx, const void *p, size_t len);
	void *release_ctx;
};

/*
 * read the file @path (regular file, block or character device; never
 * waits on a FIFO) into a malloc'd buffer of at most @max bytes; the
 * caller free()s *@out.  0, or a negative errno with one line in @err:
 * -EFBIG when the file is larger than @max.  The copy is private: a file
 * truncated or rewritten meanwhile cannot fault the parser (a mapping
 * would raise SIGBUS) nor change what was verified.
 */
int mefw_image_load(const char *path, size_t max, uint8_t **out, size_t *len,
		    char *err, size_t errlen);

/*
 * The same read on an @fd the caller opened and checked (its type, its
 * size @hint from fstat, 0 when unknown): from offset 0 with pread (the
 * file offset is left alone), at most @max bytes, -EFBIG beyond.
 */
int mefw_image_load_fd(int fd, size_t hint, size_t max, uint8_t **out, size_t *len,
		       char *err, size_t errlen);

/* parse structure and identity; 0 or negative errno (img->error set) */
int mefw_image_parse(struct mefw_image *img, const void *buf, size_t len);

/* the same, with options (only @release is used while parsing); @opts may be NULL */
int mefw_image_parse_opts(struct mefw_image *img, const void *buf, size_t len,
			  const struct mefw_img_opts *opts);

/*
 * run every integrity check on a parsed image; 0 when the image is
 * intact: nothing FAILed and nothing is NOT VERIFIED but what the signed
 * data exempts (Huffman / encrypted modules, mefw_check_blocks());
 * -EBADMSG otherwise with img->error naming the first such check.
 * @opts may be NULL.
 */
int mefw_image_verify(struct mefw_image *img, const void *buf, size_t len,
		      const struct mefw_img_opts *opts);

/* "PASS", "FAIL", "NOT VERIFIED" */
const char *mefw_check_status_str(enum mefw_check_status s);

/* the first failed check, or NULL */
const struct mefw_img_check *mefw_image_first_failure(const struct mefw_image *img);

/* true when @c keeps the image from being intact (see checks.c) */
bool mefw_check_blocks(const struct mefw_img_check *c);

/* human label of a check name: "module_hash" -> "module hash" */
const char *mefw_check_label(const char *what);

/* ---- compatibility rules (compat.c) ---- */

/**
 * struct mefw_device_ident - what the running ME reports
 * @family: "ME" / "CSME"
 * @major..@build: running firmware version
 * @sku: SKU text as the image parser names it ("1.5MB", "5MB", "Slim", ...)
 * @chipset: chipset text as the image parser names it ("" = unknown)
 * @has_svn/@svn: TCB SVN in flash; @has_vcn/@vcn: VCN in flash
 * @flash_size: ME region size in flash, 0 if unknown
 */
struct mefw_device_ident {
	char family[8];
	uint16_t major, minor, hotfix, build;
	char sku[40];
	char chipset[24];
	bool has_svn;
	uint32_t svn;
	bool has_vcn;
	uint32_t vcn;
	uint64_t flash_size;
};

struct mefw_compat_opts {
	bool allow_same_version;
	bool allow_downgrade;	/* lower version (never lower SVN/VCN) */
};

/**
 * struct mefw_compat_result - verdict of the compatibility rules
 * @ok: the image may be sent to this ME
 * @code: FWUpdLcl-compatible code when refused (8704, 8705, 8706, 8746,
 *	8758, 8759 ...), 0 when ok
 * @rule: short rule name ("sku", "major_version", "signature", ...)
 * @message: one plain sentence
 */
struct mefw_compat_result {
	bool ok;
	int code;
	char rule[24];
	char message[256];
};

/*
 * apply the rules; returns 0 when the image is acceptable, -EPERM when it
 * is refused (res filled either way), -EINVAL on bad arguments.
 */
int mefw_compat_check(const struct mefw_image *img,
		      const struct mefw_device_ident *dev,
		      const struct mefw_compat_opts *opts,
		      struct mefw_compat_result *res);

#endif /* MEFW_IMAGE_H */
