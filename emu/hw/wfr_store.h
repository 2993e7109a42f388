/* Writeable flash regions kept in the flash file across emulator runs.
 *
 * App flash is rebuilt from the TBF files on every run, so the bytes an app
 * wrote into its writeable flash regions (spec §6.3 type 2; libtock-c's app
 * state) would be lost. This store keeps them in a partition of the NOR
 * flash device (the --flash file) and puts them back when the app is laid
 * out again.
 *
 * The rule: a writeable region gets its saved bytes back when the TBF at the
 * same flash address is byte-for-byte the TBF that saved them (CRC-32 of the
 * whole TBF as built, before any region was written) and the region has the
 * same offset and size. A rebuilt app starts from its TBF's initial bytes,
 * as a board does after tockloader installs a new binary. Regions of apps
 * not loaded in this run keep their records while there is room.
 *
 * Partition layout, records back to back from offset 0, the first word that
 * is not the magic ends the list (erased flash reads 0xFFFFFFFF):
 *
 *   +-------+-------------+---------+------+-------+---------------------+
 *   | magic | fingerprint | address | size | 0     | size bytes, padded  |
 *   | u32   | u32 CRC-32  | u64     | u32  | u32   | to a multiple of 8  |
 *   +-------+-------------+---------+------+-------+---------------------+
 *
 * Saving happens after every app-flash write (emu_wfr_store_wrap puts the
 * store between the app flash driver and its storage) and at the end of
 * the run, so a killed emulator loses nothing an app was told is written.
 */
#ifndef EMU_HW_WFR_STORE_H
#define EMU_HW_WFR_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "emu_err.h"
#include "hil/nonvolatile_storage.h"
#include "tbf.h"

#define EMU_WFR_STORE_MAX 64 /* regions tracked in one run */

struct emu_wfr_store {
    uint8_t *partition; /* the flash partition, in place */
    size_t len;
    uint8_t *saved; /* copy of the records found at init */
    size_t saved_len;
    struct {
        uint8_t *memory; /* the region in app flash (mapped in the emulator) */
        uint64_t address;
        uint32_t size, fingerprint;
    } regions[EMU_WFR_STORE_MAX];
    unsigned count;
    size_t used; /* bytes the tracked regions need */
    /* The pass-through of emu_wfr_store_wrap. */
    struct tk_nonvolatile_storage storage;
    struct tk_nonvolatile_storage *inner;
    struct tk_nonvolatile_storage_client inner_client;
};

/* Use `len` bytes at `partition` (flash memory that persists). Reads the
 * records already there. */
void emu_wfr_store_init(struct emu_wfr_store *s, uint8_t *partition, size_t len);
/* The same for a store that is zeroed or already wraps a storage
 * (emu_wfr_store_wrap), attached to its partition later. */
void emu_wfr_store_attach(struct emu_wfr_store *s, uint8_t *partition, size_t len);
void emu_wfr_store_fini(struct emu_wfr_store *s);

/* A TBF with header `h` was just laid out at `tbf` (mapped in the emulator),
 * app flash address `address`. Track each of its writeable regions and copy
 * saved bytes into those the rule above matches. Returns the number of
 * regions restored, or -ENOSPC with `err` filled (named `path`) and nothing
 * tracked if the regions do not fit the partition. */
int emu_wfr_store_add_tbf(struct emu_wfr_store *s, const char *path, uint8_t *tbf, uint64_t address,
                          const struct tk_tbf_header *h, struct emu_err *err);

/* Write the tracked regions (and the old records of other apps that still
 * fit) into the partition. */
void emu_wfr_store_save(struct emu_wfr_store *s);

/* A nonvolatile storage that forwards to `inner` (app flash) and saves the
 * tracked regions after each write completes, before its client hears.
 * Becomes `inner`'s client; the returned storage lives in `s`. */
struct tk_nonvolatile_storage *emu_wfr_store_wrap(struct emu_wfr_store *s,
                                                  struct tk_nonvolatile_storage *inner);

#endif
