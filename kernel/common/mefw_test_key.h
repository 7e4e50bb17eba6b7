/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mefw TEST signing key: tests/images/test-key.pem (RSA 2048, public
 * exponent 17 like Intel's ME 2-10 keys).  It is a TEST key, committed
 * to the repository on purpose; its private half is public.  Nothing
 * signed with it is genuine firmware.
 *
 * MEFW_TEST_KEY_SHA256 is the SHA-256 of the 256-byte modulus exactly as
 * a manifest stores it (little-endian, manifest offset 0x80..0x17F): the
 * same hash ME Analyzer uses to identify Intel's keys.  The simulated ME
 * (tests/sim) trusts this key the way a real ME trusts Intel's; the image
 * verifier refuses it unless told otherwise (mefwctl info
 * --trust-test-key, struct mefw_img_opts.trust_test_key).
 *
 * Regenerate after replacing the key:
 *   openssl rsa -in tests/images/test-key.pem -noout -modulus, reverse the
 *   bytes to little-endian, sha256 (tests/tools/mkimage prints it with
 *   --print-key-hash).
 */
#ifndef _MEFW_TEST_KEY_H
#define _MEFW_TEST_KEY_H

#define MEFW_TEST_KEY_SHA256_HEX \
	"E679A5B48CE0E95B341EED75526A4A843A888D7D372F1D1028A4FF3B4581028B"

#define MEFW_TEST_KEY_SHA256 { \
	0xe6, 0x79, 0xa5, 0xb4, 0x8c, 0xe0, 0xe9, 0x5b, \
	0x34, 0x1e, 0xed, 0x75, 0x52, 0x6a, 0x4a, 0x84, \
	0x3a, 0x88, 0x8d, 0x7d, 0x37, 0x2f, 0x1d, 0x10, \
	0x28, 0xa4, 0xff, 0x3b, 0x45, 0x81, 0x02, 0x8b }

#endif /* _MEFW_TEST_KEY_H */
