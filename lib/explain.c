// SPDX-License-Identifier: GPL-2.0
/*
 * libmefw: the catalogue behind `mefwctl explain CODE`.
 *
 * One entry per FWUpdLcl code: every code of kernel/common/mefw_errors.c
 * (the unit tests check that none is missing) plus 8721, which users have
 * seen but which is not in Intel's enum.  Numbers, names and one-line
 * messages come from mefw_errors; this file adds the meaning in mefw, the
 * likely causes, what to try and the sources.
 *
 * Rules for the texts: say which mefw check or firmware status produces
 * the code; label forum knowledge as community advice; never invent a
 * meaning (8721); refer to mefwctl commands that exist.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "explain.h"
#include "json_build.h"
#include "mefw_errors.h"

#define NELEMS(a) (sizeof(a) / sizeof(*(a)))

/* NULL-terminated lists; the compiler refuses more than MAX items */
struct entry {
	unsigned int code;
	const char *name;	/* NULL: from mefw_errors; "": not in Intel's enum */
	const char *message;	/* NULL: from mefw_errors */
	const char *meaning;
	const char *causes[MEFW_EXPLAIN_MAX_ITEMS + 1];
	const char *remedies[MEFW_EXPLAIN_MAX_ITEMS + 1];
	const char *sources[MEFW_EXPLAIN_MAX_ITEMS + 1];
};

/* sources used by many entries */
#define SRC_ENUM "Intel FW Update Local sample code, FwUpdateLib.h " \
	"(enum errorValues, ME 6-11 tools)"
#define SRC_FWSTATUS "FwUpdateLib.h FWU_STATUS (the firmware's status " \
	"codes 1-7) and mefw's mapping in kernel/common/mefw_errors.c"
#define SRC_PROTO "mefw: kernel/mefw_update_proto.c (update conversation)"
#define SRC_UPDATE "mefw: kernel/mefw_update.c (update transaction and " \
	"progress polling)"
#define SRC_COMPAT "mefw: lib/image/compat.c and Documentation/images.md " \
	"(compatibility rules of mefwctl info --against-device)"
#define SRC_GSC "GSC/CSME firmware status table (0x23B lower TCB SVN, " \
	"0x23C lower VCN; mefw convention for the legacy protocol)"
#define SRC_36175 "Win-RAID forum t/36175: FWUpdLcl 9.1.45 output, " \
	"8741 + 8707 at Stage 4 of 19 on an Intel DZ87KLT-75K"

/* shared remedy texts */
#define REM_STATUS "Run 'mefwctl status' and check CurrentState, ErrorCode, " \
	"InitComplete and the update fields the ME reports."
#define REM_AGAINST "Run 'mefwctl info IMAGE --against-device': it checks " \
	"the image offline and applies the same compatibility rules against " \
	"the running ME before anything is sent."
#define REM_NOT_MEFW "mefw never reports this code; if FWUpdLcl printed " \
	"it, compare with 'mefwctl status' and 'mefwctl info IMAGE " \
	"--against-device', which show the same state without Intel's tools."

static const struct entry catalogue[] = {
	{ 8193, NULL, NULL,
	  "No ME device to talk to. mefw reports it when the ME went away "
	  "during an update (the mei device was removed or its link went "
	  "down and did not come back in time); FWUpdLcl prints it when it "
	  "cannot open the ME interface driver.",
	  { "The mei-me driver (or mefw.ko) is not loaded.",
	    "The ME is disabled or in an error state (one of the causes "
	    "FWUpdLcl itself lists).",
	    "The ME reset during the update and did not come back.",
	    "FWUpdLcl: not run as administrator, or no MEI driver installed "
	    "(causes the tool itself lists).", NULL },
	  { "Run 'mefwctl status': it lists every ME found and says whether "
	    "mefw.ko is loaded.",
	    "Load the drivers: 'modprobe mei_me' and 'modprobe mefw'.",
	    "If the ME reset during an update: reboot, then 'mefwctl status' "
	    "shows which firmware version runs.",
	    "Check that the ME is enabled in the BIOS setup.", NULL },
	  { SRC_ENUM,
	    "FWUpdLcl output: HP forum (2560p/8200), Win-RAID 30719 p.150, "
	    "Win-RAID t/40162 (causes listed by the tool)",
	    SRC_PROTO, SRC_UPDATE, NULL } },

	{ 8199, NULL, NULL,
	  "Update version mismatch (FwUpdateLib.h FWU_UPD_VER_MIS). mefw "
	  "does not report this code: an image of the version the ME runs "
	  "already is 8723.",
	  { "Reported by Intel's tools, not by mefw; the enumerator name "
	    "says the image version does not fit what the update expects.",
	    NULL },
	  { "Run 'mefwctl info IMAGE --against-device' to see the image "
	    "version next to the version in flash and the rules it breaks.",
	    NULL },
	  { SRC_ENUM, NULL } },

	{ 8204, NULL, NULL,
	  "FWUpdLcl could not read the firmware version. mefw reports a "
	  "failed GET_VERSION as 8727 instead.",
	  { "The ME does not answer on its FWUpdate client.", NULL },
	  { REM_NOT_MEFW, REM_STATUS, NULL },
	  { SRC_ENUM, NULL } },

	{ 8213, NULL, NULL,
	  "FWUpdLcl: certificate error (enum name only; no public output "
	  "shows when it is printed). mefw never reports it: image "
	  "signature problems are 8706.",
	  { "Not documented publicly.", NULL },
	  { REM_NOT_MEFW,
	    "Check the image signature and signing key with 'mefwctl info "
	    "IMAGE'.", NULL },
	  { SRC_ENUM, NULL } },

	{ 8703, NULL, NULL,
	  "A previous update is waiting for a reset. mefw reports it when "
	  "the ME answers START with status 2 (not ready), which is what an "
	  "ME that has written an update and waits for the reset answers, "
	  "as FWUpdLcl does.",
	  { "An earlier update (by mefw or another tool) completed and the "
	    "machine was not rebooted since.",
	    "The ME's update state is stuck after an interrupted update.",
	    NULL },
	  { "Reboot (a full power cycle if the previous update asked for a "
	    "global reset) and try again.",
	    "Run 'mefwctl status': Last Update Status, Last Reset Type, "
	    "Phase and UpdateInProgress show what the ME is waiting for.",
	    NULL },
	  { SRC_ENUM, SRC_PROTO, NULL } },

	{ 8704, NULL, NULL,
	  "The image SKU differs from the SKU of the firmware in flash. mefw "
	  "reports it when the firmware answers an update message with "
	  "status 6 (SKU failure), and 'mefwctl info --against-device' "
	  "refuses such an image before anything is sent.",
	  { "A 5MB (corporate) image on a 1.5MB (consumer) firmware, or the "
	    "other way round.",
	    "An image for another PCH (H vs LP) or platform type.", NULL },
	  { REM_AGAINST,
	    "Get the update image of the same branch and SKU as the firmware "
	    "in flash ('mefwctl status' shows the SKU the ME reports).",
	    NULL },
	  { SRC_ENUM, SRC_FWSTATUS, SRC_COMPAT,
	    "Win-RAID t/33392 (5MB image on a 1.5MB board)", NULL } },

	{ 8705, NULL, NULL,
	  "The image's major version (or family) differs from the firmware "
	  "in flash. mefw reports it for firmware status 7 (version "
	  "failure), and 'mefwctl info --against-device' refuses such an "
	  "image before anything is sent.",
	  { "An image of another generation (for example ME 9 on an ME 8 "
	    "machine, or ME 8 on ME 9).",
	    "An image for a different product family (ME vs TXE/SPS).",
	    NULL },
	  { REM_AGAINST,
	    "Use an image with the same major version as 'mefwctl status' "
	    "shows. A local update does not change the major version; "
	    "community advice is a full ME region reflash, which needs host "
	    "write access to the ME region.", NULL },
	  { SRC_ENUM, SRC_FWSTATUS, SRC_COMPAT, NULL } },

	{ 8706, NULL, NULL,
	  "The image signature was rejected. mefw reports it for firmware "
	  "status 4 (authentication failed); 'mefwctl info' refuses images "
	  "whose RSA signature or signing key does not verify, or that are "
	  "not production-signed, with the same code.",
	  { "The image was modified (settings changed with FIT, wrong "
	    "extraction, damaged download).",
	    "A pre-production image on production firmware.",
	    "An image signed with a key the firmware does not accept.",
	    NULL },
	  { "Run 'mefwctl info IMAGE': it verifies the manifest signature, "
	    "the signing key and the module hashes.",
	    "Use an unmodified update image from the board vendor or a "
	    "trusted collection.", NULL },
	  { SRC_ENUM, SRC_FWSTATUS, SRC_COMPAT, NULL } },

	{ 8707, NULL, NULL,
	  "The firmware itself reported an internal error (FWU status 5) "
	  "after it had accepted the image; mefw also maps any firmware "
	  "status it does not know to 8707. FWUpdLcl prints 8741 \"FW "
	  "Update Failed.\" first, then this code. In the reported case "
	  "(FWUpdLcl 9.1.45 on an 8-series Lynx Point board, ME "
	  "9.0.20.1447) the upload completed (\"Sending the update image to "
	  "FW for verification: [ COMPLETE ]\") and the ME failed at 21% "
	  "(Stage: 4 of 19) while MEManuf showed the firmware healthy "
	  "(HFSTS1 0x1E000245: Normal, FWUpdate phase, no error): the ME "
	  "refused the image while applying it, not a host-side parse "
	  "error. mefw reports the code with the firmware's raw status, "
	  "the stage it reached (N of M) and the status registers captured "
	  "at the failure, which FWUpdLcl does not show.",
	  { "Firmware branch or SKU that does not fit the board: 8-series "
	    "(LPT) boards should stay on ME 9.0, not 9.1 (community "
	    "report).",
	    "The ME region in flash is dirty or partly corrupt, so the "
	    "firmware cannot apply the update to it.",
	    "State left by an earlier failed attempt that only a global "
	    "reset clears.",
	    "An unknown firmware status (mefw maps every status it does not "
	    "know to 8707; the raw status is reported with it).", NULL },
	  { "Run 'mefwctl status' and compare with the status registers "
	    "mefw captured at the failure: a healthy ME (Normal, no error) "
	    "points at the image or the flash contents, not the ME state.",
	    "Community advice: use the matching branch and SKU; check with "
	    "'mefwctl info IMAGE --against-device' (8-series LPT boards stay "
	    "on ME 9.0; 1.5MB vs 5MB gives 8704/8746).",
	    "Community advice: do a global reset (full power off with the "
	    "power cord out, or 'fptw -greset' with Intel's tools) and try "
	    "again.",
	    "Community advice: clean and reflash the whole ME region (Win-RAID "
	    "\"Engine CleanUp Guide\": ME Analyzer + FIT, then 'fptw64 -me -f "
	    "me.bin' and '-greset'). This needs host write access to the ME "
	    "region: descriptor unlocked, an OEM unlock tool, a BIOS \"ME FW "
	    "Image Re-flash\" option, the HDA pin-mod or an external SPI "
	    "programmer.",
	    "Community advice: check the ME with MEInfo/MEManuf of the same "
	    "major.minor version as the firmware.", NULL },
	  { SRC_ENUM, SRC_FWSTATUS, SRC_36175,
	    "Win-RAID 30719 p.59, p.150, p.155 and t/32105, t/36014, "
	    "t/34389, t/32410 (community remedies)",
	    "Win-RAID t603f39 (8-series boards and ME 9.0 vs 9.1)", NULL } },

	{ 8708, NULL, NULL,
	  "FWUpdLcl: another update is already in progress. mefw does not "
	  "report this code: mefw.ko refuses a second transaction on the "
	  "same ME with EBUSY.",
	  { "Another updater (or a second FWUpdLcl) is running.",
	    "An earlier update has not finished or waits for a reset.",
	    NULL },
	  { REM_NOT_MEFW,
	    "'mefwctl status' shows UpdateInProgress and FW Update Progress "
	    "while the ME applies an update; wait for it, or reboot.", NULL },
	  { SRC_ENUM, NULL } },

	{ 8710, NULL, NULL,
	  "Out of memory: the firmware answered an update message with "
	  "status 1 (no memory), or mefw.ko could not allocate memory for "
	  "the transaction.",
	  { "The firmware reported that it lacks memory for the update; no "
	    "public source says when this happens.",
	    "The host is out of memory (rare).", NULL },
	  { "Reboot and retry before starting other ME applications.",
	    REM_AGAINST, NULL },
	  { SRC_ENUM, SRC_FWSTATUS, SRC_UPDATE, NULL } },

	{ 8712, NULL, NULL,
	  "FWUpdLcl: authentication failure. mefw reports a rejected "
	  "signature as 8706 (firmware status 4).",
	  { "Not documented publicly beyond the enum name.", NULL },
	  { REM_NOT_MEFW, NULL },
	  { SRC_ENUM, NULL } },

	{ 8713, NULL, NULL,
	  "Invalid image header. 'mefwctl info --against-device' refuses "
	  "with 8713 an image that failed an integrity check other than the "
	  "signature (partition table, manifest header, module hashes) or "
	  "that was not verified.",
	  { "The file is damaged, truncated or not an ME image.",
	    "The image was modified after signing.", NULL },
	  { "Run 'mefwctl info IMAGE': each integrity check is listed with "
	    "PASS, FAIL or NOT VERIFIED.",
	    "Download or extract the image again.", NULL },
	  { SRC_ENUM, SRC_COMPAT, NULL } },

	{ 8714, NULL, NULL,
	  "FWUpdLcl could not open or read the image file. mefw does not "
	  "use this code: mefwctl names the file and the system error.",
	  { "Wrong path, no permission, or a file on removable media that "
	    "went away.", NULL },
	  { "Check the path; 'mefwctl info IMAGE' reads the same file.",
	    NULL },
	  { SRC_ENUM, "FWUpdLcl output: Win-RAID 30719 p.59", NULL } },

	{ 8716, NULL, NULL,
	  "FWUpdLcl: invalid command line. mefw does not use this code: "
	  "mefwctl exits with status 2 and names the bad argument.",
	  { "Wrong or misspelt FWUpdLcl options.", NULL },
	  { "See FWUpdLcl -? or, for mefw, 'mefwctl --help'.", NULL },
	  { SRC_ENUM, NULL } },

	{ 8718, NULL, NULL,
	  "The update timed out. mefw reports it when the ME does not "
	  "answer a message within the reply timeout (mefw.ko parameter "
	  "reply_timeout_ms), when the progress did not change for stall_ms "
	  "(30 s, as Intel's sample flow) or when the whole update took "
	  "longer than total_ms (300 s). Every wait is bounded: mefw reports "
	  "8718 instead of hanging.",
	  { "The ME stopped answering (busy, hung, or reset without the "
	    "device going away).",
	    "The ME finished writing but the new firmware did not come up "
	    "within the stall time.", NULL },
	  { REM_STATUS,
	    "Reboot; then 'mefwctl status' shows which firmware version "
	    "runs (the update may have completed).",
	    "Check the kernel log ('dmesg | grep mefw'): mefw.ko says whether "
	    "the update stalled or exceeded total_ms.", NULL },
	  { SRC_ENUM, SRC_PROTO, SRC_UPDATE,
	    "slimbootloader CsmeFwUpdate.c (30 s without progress is a "
	    "timeout)", NULL } },

	{ 8719, NULL, NULL,
	  "Local firmware update is disabled. mefw asks the ME first (MKHI "
	  "FWCAPS rule 7) and reports 8719 when the answer is 0 "
	  "(disabled).",
	  { "\"Local FW Update\" is disabled in MEBx (Ctrl+P at boot) or in "
	    "the BIOS setup.",
	    "The board vendor disabled it in the firmware configuration.",
	    NULL },
	  { "Run 'mefwctl status': Local FWUpdate shows Enabled, Disabled "
	    "or Password protected.",
	    "Enable local firmware update in MEBx or the BIOS setup, if the "
	    "board offers the option.", NULL },
	  { SRC_ENUM, SRC_PROTO,
	    "intel/lms GetFWUpdateStateCommand.h (FWCAPS rule 7: 0 disabled, "
	    "1 enabled, 2 password protected)", NULL } },

	{ 8720, NULL, NULL,
	  "FWUpdLcl: secure firmware update is disabled (MEInfo's \"Secure "
	  "FWUpdate\"). mefw does not report this code.",
	  { "The secure (remote, AMT) update path is disabled; local update "
	    "may still be enabled.", NULL },
	  { REM_NOT_MEFW, NULL },
	  { SRC_ENUM, NULL } },

	{ 8721, "", "Firmware update through TPM is enabled. Use -tpm switch",
	  "Unconfirmed: 8721 is not in Intel's FwUpdateLib.h enum (the enum "
	  "goes from 8720 FWU_SECURE_DIS to 8722 FWU_IME_UN_SUP_MESS), so "
	  "mefw does not give it a meaning. What is known: FWUpdLcl 5.2.50 "
	  "printed this text for an AMT 5.0.1.1111 firmware (ICH10, SKU with "
	  "Intel TPM) whose GET_VERSION reply had EnabledUpdateInterfaces = "
	  "5; that field is a bit mask saying through which interfaces the "
	  "firmware accepts an update, and its bits are not publicly "
	  "documented. With -tpm the tool printed \"FW image is uploading "
	  "through TPM.\" and hung with no progress.",
	  { "Not known. The one public report had EnabledUpdateInterfaces 5 "
	    "and the Intel TPM feature present and enabled.", NULL },
	  { "Run 'mefwctl status': it shows the raw mask (\"Update "
	    "Interfaces: 0x0005\") and the SKU the ME reports, so reports can "
	    "be compared.",
	    "mefw updates only through the ME's FWUpdate (HECI) client; it "
	    "has no TPM path, and every wait is bounded: a missing answer "
	    "ends with 8718 or 8769, never a hang.",
	    "If you see this code, please report the 'mefwctl status' output: "
	    "each report helps to pin down the meaning.", NULL },
	  { "Win-RAID forum report (Fujitsu Esprimo E5730, AMT 5.0.1.1111, "
	    "FWUpdLcl 5.2.50.1042): the only public output with 8721",
	    "Intel FwUpdateLib.h enum errorValues: has no 8721",
	    "FwuHeciMsgs.h FWU_GET_VERSION_MSG_REPLY.EnabledUpdateInterfaces "
	    "(Intel, Apache-2.0, provenance unverified)", NULL } },

	{ 8722, NULL, NULL,
	  "The ME does not implement the update protocol mefw speaks. mefw "
	  "reports it when the legacy FWUpdate client answers {0xFF, 0x8D} "
	  "(invalid command), as CSME 12 and later do, or refuses START as "
	  "unsupported.",
	  { "CSME 12 or later: the legacy FWUpdate messages are gone (newer "
	    "FWUpdLcl versions use MKHI group 0x0A commands, seen on CSME "
	    "15).",
	    "A firmware variant without the local update client.", NULL },
	  { "Run 'mefwctl status': Update Protocol shows \"not supported for "
	    "this generation\" on such machines.",
	    "mefw cannot update this ME; use the vendor's update tool.", NULL },
	  { SRC_ENUM, SRC_PROTO,
	    "CSME 15 protocol notes (FWUpdLcl 15 disassembly: every legacy "
	    "request answered ff 00 00 00 8d 00 00 00)", NULL } },

	{ 8723, NULL, NULL,
	  "No update: the image has the version the ME runs already. "
	  "mefw.ko checks this before START (the image version given with "
	  "the update request equals the code version GET_VERSION reports) "
	  "and 'mefwctl info --against-device' checks it offline; both "
	  "refuse unless --allow-same-version is given.",
	  { "The image is the firmware already installed.", NULL },
	  { "Nothing to do if the version is what you wanted; to reflash it "
	    "on purpose, pass --allow-same-version.",
	    REM_AGAINST, NULL },
	  { SRC_ENUM, SRC_COMPAT, NULL } },

	{ 8724, NULL, NULL,
	  "The ME is not ready for an update: it answered with status 2 "
	  "(not ready) at any step but START (where mefw reports 8703).",
	  { "The ME has not finished initialising (InitComplete not set).",
	    "The ME is in recovery or an error state, or busy with a "
	    "previous update.", NULL },
	  { REM_STATUS,
	    "Wait a minute after boot, or reboot, and try again.", NULL },
	  { SRC_ENUM, SRC_FWSTATUS, NULL } },

	{ 8725, NULL, NULL,
	  "FWUpdLcl: the last update status the firmware reports is an "
	  "error. mefw does not report this code; 'mefwctl status' shows "
	  "the raw Last Update Status.",
	  { "A previous update failed.", NULL },
	  { REM_STATUS, NULL },
	  { SRC_ENUM, NULL } },

	{ 8727, NULL, NULL,
	  "mefw.ko could not read the firmware parameters: GET_VERSION on "
	  "the FWUpdate client failed with a status the firmware returned.",
	  { "The ME is not in a state to answer (error, recovery, "
	    "initialising).",
	    "The ME does not support the message.", NULL },
	  { REM_STATUS, "Reboot and try again.", NULL },
	  { SRC_ENUM, SRC_PROTO,
	    "FWUpdLcl output: andybrown.me.uk (HP Z420), Win-RAID t/40315",
	    NULL } },

	{ 8728, NULL, NULL,
	  "FWUpdLcl: a buffer was too small for the firmware's answer. mefw "
	  "does not report this code (a reply that does not fit is 8742).",
	  { "Tool and firmware versions do not match.", NULL },
	  { REM_NOT_MEFW, NULL },
	  { SRC_ENUM, NULL } },

	{ 8740, NULL, NULL,
	  "FWUpdLcl does not support the operating system it runs on. mefw "
	  "does not report this code.",
	  { "A Windows or DOS version the tool does not support.", NULL },
	  { "Use the tool version for your OS, or mefw on Linux.", NULL },
	  { SRC_ENUM, NULL } },

	{ 8741, NULL, NULL,
	  "The firmware itself returned an error: FWUpdLcl prints 8741 "
	  "\"FW Update Failed.\" when the ME answers an update step with a "
	  "failure status, then the code of that status (8707 internal "
	  "error, 8704, 8705, 8706, 8710, 8724, 8746). The host side "
	  "worked. Seen with 8707 at 21% (Stage: 4 of 19): the ME had "
	  "accepted the image and failed internally while applying it. mefw "
	  "does not print 8741 on its own: it reports the specific code, the "
	  "firmware's raw status, the state and stage (N of M) where it "
	  "failed and the status registers captured at the failure.",
	  { "See the second code FWUpdLcl printed; with 8707 the firmware "
	    "hit an internal error after accepting the image.", NULL },
	  { "Look up the second code: 'mefwctl explain 8707' (or 8704, 8705, "
	    "8706, 8746 ...). For 8707 during the stages it lists the "
	    "community remedies: matching branch and SKU, global reset, clean "
	    "ME region reflash.",
	    REM_STATUS,
	    REM_AGAINST, NULL },
	  { SRC_ENUM, SRC_FWSTATUS, SRC_36175, NULL } },

	{ 8742, NULL, NULL,
	  "HECI communication error. mefw reports it when the firmware "
	  "closed the connection, a reply was malformed or of the wrong "
	  "type, or a message could not be sent.",
	  { "The ME reset in the middle of a conversation.",
	    "The firmware does not implement a message in the form mefw "
	    "sends it (the legacy protocol is partly reverse engineered).",
	    "A problem in the mei driver.", NULL },
	  { REM_STATUS,
	    "Check the kernel log ('dmesg | grep -i mei') and try again "
	    "after a reboot.", NULL },
	  { SRC_ENUM, SRC_PROTO, NULL } },

	{ 8743, NULL, NULL,
	  "Unknown or unsupported platform. 'mefwctl info --against-device' "
	  "refuses with 8743 an image whose chipset list does not include "
	  "the machine's.",
	  { "An image for another chipset (for example a Lynx Point image "
	    "on a Wildcat Point board).", NULL },
	  { REM_AGAINST,
	    "Get the image for this chipset from the board vendor.", NULL },
	  { SRC_ENUM, SRC_COMPAT,
	    "FWUpdLcl output: Win-RAID t/91190, t/36014", NULL } },

	{ 8744, NULL, NULL,
	  "FWUpdLcl could not verify the OEM id. mefw reports a refused OEM "
	  "id as 8745.",
	  { "Not documented publicly beyond the enum name.", NULL },
	  { REM_NOT_MEFW, NULL },
	  { SRC_ENUM, NULL } },

	{ 8745, NULL, NULL,
	  "The OEM id does not match the firmware's: mefw sends the OEM id "
	  "of the update request (all zero when none is given) with "
	  "VERIFY_OEMID, and the firmware refused it.",
	  { "The board's firmware was built with an OEM id and the request "
	    "gave none or another one (FWUpdLcl: -oemid).", NULL },
	  { "Give the OEM id the board vendor documents for its update "
	    "images.", REM_STATUS, NULL },
	  { SRC_ENUM, SRC_PROTO, NULL } },

	{ 8746, NULL, NULL,
	  "Invalid image length. mefw reports it for firmware status 3 "
	  "(illegal length); 'mefwctl info --against-device' refuses an "
	  "image larger than the ME region in flash.",
	  { "An image of another SKU: a 5MB image on a board whose ME region "
	    "holds 1.5MB firmware.",
	    "A truncated or padded file.", NULL },
	  { REM_AGAINST,
	    "Use the update image of the SKU the board runs.", NULL },
	  { SRC_ENUM, SRC_FWSTATUS, SRC_COMPAT,
	    "FWUpdLcl output: Win-RAID t/33392", NULL } },

	{ 8747, NULL, NULL,
	  "FWUpdLcl: global buffer unavailable (internal to the tool). mefw "
	  "does not report this code.",
	  { "Not documented publicly beyond the enum name.", NULL },
	  { REM_NOT_MEFW, NULL },
	  { SRC_ENUM, NULL } },

	{ 8748, NULL, NULL,
	  "FWUpdLcl: the firmware parameters it read are invalid. mefw does "
	  "not report this code.",
	  { "Not documented publicly beyond the enum name.", NULL },
	  { REM_NOT_MEFW, REM_STATUS, NULL },
	  { SRC_ENUM, NULL } },

	{ 8755, NULL, NULL,
	  "FWUpdLcl could not read the firmware's downgrade blacklist. mefw "
	  "does not report this code.",
	  { "Not documented publicly beyond the enum name.", NULL },
	  { REM_NOT_MEFW, NULL },
	  { SRC_ENUM, NULL } },

	{ 8756, NULL, NULL,
	  "FWUpdLcl: the version check failed. mefw does not report this "
	  "code; its version rules give 8705, 8723 or 8760.",
	  { "Not documented publicly beyond the enum name.", NULL },
	  { REM_NOT_MEFW, NULL },
	  { SRC_ENUM, NULL } },

	{ 8758, NULL, NULL,
	  "The image's Version Control Number (VCN) is lower than the "
	  "firmware's: a downgrade the firmware blocks. 'mefwctl info "
	  "--against-device' refuses it before anything is sent; mefw also "
	  "maps firmware status 0x23C (lower VCN) to 8758.",
	  { "An older image than the firmware in flash, across a VCN bump "
	    "(usually a security fix).", NULL },
	  { REM_AGAINST,
	    "Use an image with the same or a higher VCN; 'mefwctl info "
	    "IMAGE' shows it. The firmware does not allow going back.",
	    NULL },
	  { SRC_ENUM, SRC_COMPAT, SRC_GSC, NULL } },

	{ 8759, NULL, NULL,
	  "FWUpdLcl: the version history check failed. mefw does not report "
	  "this code.",
	  { "Not documented publicly beyond the enum name.", NULL },
	  { REM_NOT_MEFW, NULL },
	  { SRC_ENUM, NULL } },

	{ 8760, NULL, NULL,
	  "Downgrade vetoed. 'mefwctl info --against-device' refuses an "
	  "image with a lower TCB security version number (SVN) or an older "
	  "version without --allow-downgrade; mefw also maps firmware "
	  "status 0x23B (lower TCB SVN) to 8760.",
	  { "An image older than the firmware in flash.", NULL },
	  { REM_AGAINST,
	    "A lower SVN is never accepted; an older version with the same "
	    "SVN and VCN needs --allow-downgrade.", NULL },
	  { SRC_ENUM, SRC_COMPAT, SRC_GSC, NULL } },

	{ 8765, NULL, NULL,
	  "FWUpdLcl: downgrade not allowed because of a data mismatch. mefw "
	  "does not report this code.",
	  { "Not documented publicly beyond the enum name.", NULL },
	  { REM_NOT_MEFW, NULL },
	  { SRC_ENUM, NULL } },

	{ 8766, NULL, NULL,
	  "FWUpdLcl: the update password does not match. mefw sends no "
	  "update password and does not report this code.",
	  { "A wrong MEBx password given to the tool.", NULL },
	  { "Use the MEBx password set on this machine.", NULL },
	  { SRC_ENUM, NULL } },

	{ 8767, NULL, NULL,
	  "FWUpdLcl: too many wrong update passwords. mefw does not report "
	  "this code.",
	  { "Repeated wrong MEBx passwords.", NULL },
	  { "Use the right MEBx password; how the retry counter is reset is "
	    "not publicly documented.", NULL },
	  { SRC_ENUM, NULL } },

	{ 8768, NULL, NULL,
	  "Local firmware update is password protected: MKHI FWCAPS rule 7 "
	  "answered 2. mefw sends no update password, so it stops here.",
	  { "Local firmware update was set to \"password protected\" in "
	    "MEBx.", NULL },
	  { "Run 'mefwctl status': Local FWUpdate shows Password protected.",
	    "Set local firmware update to Enabled in MEBx (Ctrl+P), or use a "
	    "tool that can send the MEBx password.", NULL },
	  { SRC_ENUM, SRC_PROTO,
	    "intel/lms GetFWUpdateStateCommand.h (rule 7 value 2)", NULL } },

	{ 8769, NULL, NULL,
	  "Polling for the update's progress failed: after END mefw.ko could "
	  "not read the progress from the ME for stall_ms (30 s by default).",
	  { "The ME reset to start the new firmware and did not come back.",
	    "The ME stopped answering its MKHI client.", NULL },
	  { "Wait a minute, then run 'mefwctl status': the new version may "
	    "be running already.",
	    "Reboot; if 'mefwctl status' shows an error state, see the "
	    "ErrorCode and the kernel log.", NULL },
	  { SRC_ENUM, SRC_UPDATE,
	    "FWUpdLcl output: Win-RAID t/40162 (HP 800 G3)", NULL } },
};

static const struct entry *find(unsigned int code)
{
	unsigned int lo = 0, hi = NELEMS(catalogue);

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (catalogue[mid].code == code)
			return &catalogue[mid];
		if (catalogue[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* copy a NULL-terminated list of at most MAX items; returns the count */
static unsigned int copy_list(const char *const *src, const char **dst)
{
	unsigned int n = 0;

	while (n < MEFW_EXPLAIN_MAX_ITEMS && src[n]) {
		dst[n] = src[n];
		n++;
	}
	return n;
}

int mefw_explain(unsigned int code, struct mefw_explanation *out)
{
	const struct entry *e = find(code);
	const struct mefw_err *err;

	memset(out, 0, sizeof(*out));
	if (!e)
		return -ENOENT;
	err = mefw_err_lookup(code);
	out->code = code;
	out->confirmed = err != NULL;
	if (e->name)
		out->name = e->name[0] ? e->name : NULL;
	else
		out->name = err ? err->name : NULL;
	if (e->message)
		out->message = e->message;
	else
		out->message = err ? err->message : NULL;
	out->meaning = e->meaning;
	out->ncauses = copy_list(e->causes, out->causes);
	out->nremedies = copy_list(e->remedies, out->remedies);
	out->nsources = copy_list(e->sources, out->sources);
	return 0;
}

unsigned int mefw_explain_count(void)
{
	return NELEMS(catalogue);
}

unsigned int mefw_explain_code_at(unsigned int i)
{
	return i < NELEMS(catalogue) ? catalogue[i].code : 0;
}

int mefw_explain_parse_code(const char *s, unsigned int *code,
			    struct mefw_error *err)
{
	unsigned long long v = 0;
	const char *p;

	if (!s || !*s)
		return mefw_error_set(err, -EINVAL,
				      "no error code given (expected a number such as 8707)");
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return mefw_error_set(err, -EINVAL,
					      "invalid error code '%s': expected a decimal number such as 8707",
					      s);
		v = v * 10 + (unsigned int)(*p - '0');
		if (v > 0xFFFFFFFFULL)
			return mefw_error_set(err, -ERANGE,
					      "error code '%s' is too large", s);
	}
	*code = (unsigned int)v;
	return 0;
}

/* ---- JSON ---- */

static struct json_object *str_array(struct mefw_jctx *c, const char *const *s,
				     unsigned int n)
{
	struct json_object *a = json_object_new_array();
	unsigned int i;

	if (!a) {
		c->oom = true;
		return NULL;
	}
	for (i = 0; i < n && i < MEFW_EXPLAIN_MAX_ITEMS; i++) {
		struct json_object *v = mefw_json_str(c, s[i]);

		if (json_object_array_add(a, v)) {
			json_object_put(v);
			c->oom = true;
		}
	}
	return a;
}

static struct json_object *head_json(struct mefw_jctx *c, unsigned int code,
				     const char *name, const char *message)
{
	struct json_object *o = json_object_new_object();

	if (!o) {
		c->oom = true;
		return NULL;
	}
	mefw_json_add(c, o, "code", json_object_new_int64(code));
	mefw_json_add(c, o, "name", mefw_json_str(c, name));
	mefw_json_add(c, o, "message", mefw_json_str(c, message));
	return o;
}

int mefw_explain_to_json(const struct mefw_explanation *e, bool pretty,
			 char **out, struct mefw_error *err)
{
	struct mefw_jctx c = { .oom = false };
	struct json_object *o = head_json(&c, e->code, e->name, e->message);

	if (o) {
		mefw_json_add(&c, o, "meaning", mefw_json_str(&c, e->meaning));
		mefw_json_add(&c, o, "causes", str_array(&c, e->causes, e->ncauses));
		mefw_json_add(&c, o, "remedies",
		    str_array(&c, e->remedies, e->nremedies));
		mefw_json_add(&c, o, "sources", str_array(&c, e->sources, e->nsources));
	}
	return mefw_json_finish(&c, o, pretty, out, err);
}

int mefw_explain_list_to_json(bool pretty, char **out,
			      struct mefw_error *err)
{
	struct mefw_jctx c = { .oom = false };
	struct json_object *root = json_object_new_object();
	struct json_object *codes = json_object_new_array();
	struct mefw_explanation e;
	unsigned int i;

	if (!root || !codes) {
		json_object_put(codes);
		c.oom = true;
		return mefw_json_finish(&c, root, pretty, out, err);
	}
	for (i = 0; i < mefw_explain_count(); i++) {
		struct json_object *o;

		if (mefw_explain(mefw_explain_code_at(i), &e))
			continue;
		o = head_json(&c, e.code, e.name, e.message);
		if (o && json_object_array_add(codes, o)) {
			json_object_put(o);
			c.oom = true;
		}
	}
	mefw_json_add(&c, root, "codes", codes);
	return mefw_json_finish(&c, root, pretty, out, err);
}
