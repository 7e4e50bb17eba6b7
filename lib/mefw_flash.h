/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firmware update sequence on an open /dev/mefwN (Documentation/ioctl.md
 * "Firmware update"): BEGIN, write() the image, END, then poll() +
 * MEFW_IOC_UPDATE_PROGRESS until a final state; CANCEL at any point
 * before END's record.  Written once here for mefwd's worker and the
 * direct updater mefw-flash; each step returns 0 or a negative errno and
 * leaves the policy (what to tell the user, when to cancel) to the caller.
 */
#ifndef MEFW_FLASH_H
#define MEFW_FLASH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/mefw.h>

#include "image/image.h"

/* the version of @img as BEGIN takes it (the kernel's same-version policy) */
void mefw_flash_version(const struct mefw_image *img, struct mefw_version *v);

/* MEFW_IOC_UPDATE_BEGIN */
int mefw_flash_begin(int fd, const struct mefw_update_begin *b);

/*
 * The image, chunk by chunk.  @read points *@bytes at the image bytes
 * from @off (at most @len of them, in the caller's memory) and returns
 * how many (> 0; fewer than @len is fine), or a negative value to stop;
 * @sent (may be NULL) runs after each chunk reached the kernel, nonzero
 * stops.
 */
struct mefw_flash_xfer {
	uint64_t size;		/* image bytes */
	size_t chunk;		/* largest write(); 0 = all at once */
	ssize_t (*read)(void *ctx, uint64_t off, size_t len, const uint8_t **bytes);
	int (*sent)(void *ctx, uint64_t sent, uint64_t size);
	void *ctx;
};

/* the result of mefw_flash_write() / mefw_flash_wait() when a callback stopped it */
#define MEFW_FLASH_STOPPED 1

/*
 * write() the image (retrying EINTR and short writes): 0 when all of it
 * was written, MEFW_FLASH_STOPPED, or the negative errno of write()
 * (-EIO when it wrote nothing).
 */
int mefw_flash_write(int fd, const struct mefw_flash_xfer *x);

/* MEFW_IOC_UPDATE_END (returns with the ME's END reply) */
int mefw_flash_end(int fd);

/* MEFW_IOC_UPDATE_CANCEL */
int mefw_flash_cancel(int fd);

/* MEFW_IOC_UPDATE_PROGRESS into @p (zeroed first) */
int mefw_flash_progress(int fd, struct mefw_update_progress *p);

/* is @p final (SUCCEEDED, NEEDS_REBOOT, FAILED, CANCELLED)? */
static inline int mefw_flash_final(const struct mefw_update_progress *p)
{
	return p->state >= MEFW_STATE_SUCCEEDED;
}

/*
 * After END: poll() (1 s at most) + PROGRESS until a final state.  After
 * each poll @stop (may be NULL) is asked first, nonzero ends the wait;
 * @step (may be NULL) sees each progress that is not final.
 */
struct mefw_flash_wait {
	int (*stop)(void *ctx);
	void (*step)(void *ctx, const struct mefw_update_progress *p);
	void *ctx;
	const char *failed;	/* out: "poll" or "PROGRESS" on an error */
};

/*
 * 0 with the final progress in @p, MEFW_FLASH_STOPPED, or the negative
 * errno of poll() / PROGRESS (w->failed names which).
 */
int mefw_flash_wait(int fd, struct mefw_flash_wait *w, struct mefw_update_progress *p);

#endif /* MEFW_FLASH_H */
