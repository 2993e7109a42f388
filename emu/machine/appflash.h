/* Laying app files into the app-flash region, as tockloader fills a board.
 *
 * A TBF with a Fixed Addresses TLV goes to its flash address (the TBF start
 * is that value minus the protected size); the others (libtock-host's apps
 * are position independent) go after the last placed object, in the order
 * given, on the next page past it and past the RAM the apps before them use.
 * Gaps become padding objects (header_size 16), so the kernel's own scan
 * walks the image exactly as it walks a board's flash (spec §6.5).
 */
#ifndef EMU_APPFLASH_H
#define EMU_APPFLASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu_err.h"
#include "host.h"

#define EMU_APP_IMAGE_MAX 64
/* The largest TBF or TAB file read (a TAB carries a
 * few architectures): past it the file is refused, e.g. /dev/zero. */
#define EMU_APP_FILE_MAX (16u << 20)

struct emu_app_image {
    struct emu_app_flash *flash;
    struct {
        char path[256];
        uint64_t offset, len;
        uint64_t ram_len; /* its RAM, at offset + EMU_TBF_RAM_OFFSET in flash terms */
    } placed[EMU_APP_IMAGE_MAX];
    unsigned count;
};

void emu_app_image_init(struct emu_app_image *img, struct emu_app_flash *flash);

/* Add the TBF in `path` (a single TBF, or a TAB archive whose x86_64 member
 * is taken). Returns 0, or a negative errno with `err` naming the file and
 * the reason: a missing file, a file that is not a TBF, a truncated TBF, a
 * bad checksum, an address outside app flash or overlapping another app, a
 * file over EMU_APP_FILE_MAX bytes (-EFBIG). On error nothing was placed. */
int emu_app_image_add_file(struct emu_app_image *img, const char *path, struct emu_err *err);

/* Copy a raw app-flash image (TBF objects back to back, `--apps`) to the
 * start of app flash. Returns 0 or -errno with `err` filled (-EFBIG past
 * EMU_APP_FLASH_SIZE bytes). */
int emu_app_image_add_raw(struct emu_app_image *img, const char *path, struct emu_err *err);

/* Write padding objects into every gap and return the length of app flash
 * the scan must cover (up to the end of the last object). */
uint64_t emu_app_image_finish(struct emu_app_image *img);

/* Zero what the image wrote into app flash (its objects, and the padding
 * headers after them), so that a borrowed app flash goes back as erased
 * as it came (emu_app_flash_borrow). Returns 0 or -errno. */
int emu_app_image_erase(struct emu_app_image *img);

/* The file an object at app-flash `offset` came from, or NULL. */
const char *emu_app_image_path_at(const struct emu_app_image *img, uint64_t offset);

#endif
