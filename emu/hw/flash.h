/* NOR flash model: a file-backed (or RAM) flash device behind the flash HIL.
 *
 * One device, cut by the board into partitions (nonvolatile storage, KV store,
 * app flash backing), each a `struct tk_flash` with its own client and its
 * own operation in flight. Options come from the board (page and word size)
 * and the command line (emu_flash_option_group).
 */
#ifndef EMU_HW_FLASH_H
#define EMU_HW_FLASH_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu_err.h"
#include "hil/flash.h"
#include "kernel.h"

#define EMU_FLASH_DEFAULT_PAGE_SIZE 4096
#define EMU_FLASH_DEFAULT_WORD_SIZE 4
#define EMU_FLASH_DEFAULT_SIZE      (256 * 1024)
#define EMU_FLASH_MAX_PARTITIONS    8

struct emu_flash_options {
    /* Command line (emu_flash_option_group). */
    char *path;          /* --flash FILE; NULL: RAM only */
    gint64 size;         /* --flash-size SIZE (K, M); 0: the file's size, or the default */
    gboolean erase;      /* --flash-erase: erase the whole device at start */
    gboolean ram;        /* --flash-ram: keep the contents in RAM only, no file */
    gboolean remove;     /* --flash-remove: delete the file when the model is freed */
    gint fail_after;     /* --flash-fail-after N: the Nth write/erase is torn; 0 = never */
    gboolean and_writes; /* --flash-and-writes: 0 -> 1 programs AND instead of failing */
    /* Board. */
    uint32_t page_size; /* default 4096 */
    uint32_t word_size; /* default 4 */
    /* Embedder: back the device with this memory instead of a file (e.g. the
     * mapped app flash). Implies RAM-only; the memory is not freed. */
    uint8_t *memory;
    size_t memory_len;
};

struct emu_flash;

/* Defaults: no path, page 4096, word 4, everything else off. */
void emu_flash_options_init(struct emu_flash_options *o);
/* Free what option parsing allocated (the path). */
void emu_flash_options_fini(struct emu_flash_options *o);
/* The "flash" option group writing into `o`, which must outlive parsing. The
 * caller adds it to its GOptionContext (which then owns the group). */
GOptionGroup *emu_flash_option_group(struct emu_flash_options *o);

/* Open the device. A file that does not exist is created with `size` bytes
 * (default EMU_FLASH_DEFAULT_SIZE) of 0xFF. Returns the model, or NULL with
 * `err` naming the input ("flash.bin: size 1000 is not a multiple of the
 * 4096-byte page") and *errnum set to -errno or -EINVAL. */
struct emu_flash *emu_flash_new(struct tk_kernel *k, const struct emu_flash_options *o,
                                struct emu_err *err, int *errnum);
/* Flush and close (and remove the file if asked). No operation may be in
 * flight. NULL is ignored. */
void emu_flash_free(struct emu_flash *f);

/* A HIL view of `page_count` pages starting at page `first_page`; the model
 * owns it. Returns NULL (with `err`) if the range leaves the device or
 * EMU_FLASH_MAX_PARTITIONS are in use. Partitions may not overlap. */
struct tk_flash *emu_flash_partition(struct emu_flash *f, uint32_t first_page, uint32_t page_count,
                                     struct emu_err *err);

/* Byte offset of partition `fl` in the device (and in the file, so a board
 * can mmap the partition from emu_flash_fd(), e.g. at the app flash address
 * so that apps' writeable flash regions persist across runs). */
uint32_t emu_flash_partition_offset(const struct tk_flash *fl);

/* Inspection for boards and tests. */
uint32_t emu_flash_page_size(const struct emu_flash *f);
uint32_t emu_flash_page_count(const struct emu_flash *f);
uint8_t *emu_flash_data(struct emu_flash *f); /* the whole device, in place */
/* Bytes [offset, offset + len) of the device, in place, or NULL past its end. */
uint8_t *emu_flash_region(struct emu_flash *f, size_t offset, size_t len);
uint32_t emu_flash_erase_count(const struct emu_flash *f, uint32_t page);
/* Writes plus erases performed so far (what --flash-fail-after counts). */
uint64_t emu_flash_op_count(const struct emu_flash *f);
/* Arm the fault injector: the `n`th write/erase from now is torn (0 = off). */
void emu_flash_fail_after(struct emu_flash *f, unsigned n);
/* The backing file descriptor (MAP_SHARED-mappable), or -1 in RAM mode. */
int emu_flash_fd(const struct emu_flash *f);

#endif
