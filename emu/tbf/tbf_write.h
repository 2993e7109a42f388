/* Writing TBF objects: header encoding, footers, and a TBF from a host ELF.
 *
 * The write side of spec §6 (kernel-semantics.md): what tock/elf2tab does for
 * real boards, here for host apps. Reading stays in emu/kernel/tbf.c; this
 * file only produces bytes. Used by `tockbin`, the tests and the emulator.
 *
 * The object `emu_tbf_create_from_elf` builds (offsets from the TBF start,
 * which is mapped at FLASH_START):
 *
 *   0            base header + TLVs (header_size)         \
 *   header_size  protected trailer, zero                  | protected region,
 *   4096         the host ELF, byte for byte              | integrity region
 *   ...          zero padding to a multiple of 4          /
 *   binary_end   footers: one Reserved credential (format 0) of footer_space,
 *                grown so that total_size is a multiple of 4096
 *   total_size
 *
 * The ELF's first PT_LOAD (file offset 0) is linked at FLASH_START + 4096, so
 * the mapped TBF reproduces the ELF image at its link addresses. A
 * position-independent ELF (ET_DYN, linked at 0) gets no Fixed addresses TLV:
 * it runs wherever the TBF is placed, with its RAM at the TBF start +
 * EMU_TBF_RAM_OFFSET.
 */
#ifndef EMU_TBF_WRITE_H
#define EMU_TBF_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "emu_err.h"
#include "tbf.h"

enum {
    /* header_size + protected_trailer_size of a TBF built from an ELF. */
    EMU_TBF_PROTECTED_SIZE = 4096,
    /* A position-independent app's RAM (memory_start) is its TBF start +
     * this: x86-64 code reaches data PC-relative, so code and RAM move
     * together (libtock-host/ld/gen-app-ld.sh, emu/machine/appload.c). */
    EMU_TBF_RAM_OFFSET = 0x20000000,
    /* Default bytes of Reserved footer left for credentials added later. */
    EMU_TBF_DEFAULT_FOOTER_SPACE = 4096,
    /* Smallest footer: TLV header (4) + credential format (4). */
    EMU_TBF_FOOTER_MIN = 8,
};

/* One Permissions TLV entry (spec §6.3 type 6, §1.7). */
struct emu_tbf_permission {
    uint32_t driver_number;
    uint32_t offset;
    uint64_t allowed_commands;
};

/* One writeable flash region (spec §6.3 type 2); offset from the TBF start. */
struct emu_tbf_wfr {
    uint32_t offset;
    uint32_t size;
};

/* Every field of a TBF header that the encoder can write. The Program TLV is
 * always written; each optional TLV only when its `has_`, non-NULL or count
 * field says so. TLV order: Program, Kernel version, Package name, Fixed
 * addresses, ShortId, Permissions, Storage permissions, Writeable flash
 * regions (the first three as in the spec §6.2 worked example). */
struct emu_tbf_header {
    uint32_t total_size;
    uint32_t flags; /* TK_TBF_FLAG_* */

    /* Program TLV (type 9). */
    uint32_t init_fn_offset;
    uint32_t protected_trailer_size;
    uint32_t minimum_ram_size;
    uint32_t binary_end_offset;
    uint32_t version;

    bool has_kernel_version;
    uint16_t kernel_major;
    uint16_t kernel_minor;

    const char *package_name; /* NULL: no Package name TLV */

    bool has_fixed_addresses;
    uint32_t fixed_ram;   /* start_process_ram */
    uint32_t fixed_flash; /* start_process_flash */

    bool has_short_id;
    uint32_t short_id;

    const struct emu_tbf_permission *permissions; /* TLV written iff count > 0 */
    size_t permission_count;

    bool has_storage_permissions;
    uint32_t storage_write_id;
    const uint32_t *storage_read_ids;
    size_t storage_read_count;
    const uint32_t *storage_modify_ids;
    size_t storage_modify_count;

    const struct emu_tbf_wfr *wfrs; /* TLV written iff count > 0 */
    size_t wfr_count;
};

/* Append the encoded header (base header + TLVs, checksum filled in) to `out`.
 * header_size is what the encoding takes; it is returned through
 * `header_size` when that is not NULL. Always succeeds for lengths that fit
 * the u16 fields; returns -EINVAL (out unchanged, `err` says which field) when
 * the package name, permissions or region lists are too long for a TLV. */
int emu_tbf_header_encode(const struct emu_tbf_header *h, GByteArray *out, size_t *header_size,
                          struct emu_err *err);

/* Set total_size of the header at the start of `tbf` (`tbf_size` >= 16;
 * header_size read from it) and recompute its checksum. */
void emu_tbf_header_set_total_size(uint8_t *tbf, size_t tbf_size, uint32_t total_size);

/* Append one credential footer (spec §6.6): type 128, length 4 + `data_len` +
 * `slack`, format, data, then `slack` zero bytes the parser ignores. */
void emu_tbf_footer_append(GByteArray *out, uint32_t format, const uint8_t *data, size_t data_len,
                           size_t slack);

/* Append a Reserved credential footer (format 0) taking exactly `space` bytes.
 * `space` is 0 (nothing appended) or >= EMU_TBF_FOOTER_MIN; otherwise returns
 * -EINVAL with `err` set and `out` unchanged. */
int emu_tbf_reserved_footer_append(GByteArray *out, size_t space, struct emu_err *err);

/* What `emu_tbf_create_from_elf` takes from the user. `header` carries the
 * user's flags, package name, version, kernel version and optional TLVs;
 * creation fills in the sizes, the Program offsets and the fixed addresses,
 * and adds the ELF's `.wfr.*` sections after `header.wfrs`. */
struct emu_tbf_create_options {
    struct emu_tbf_header header;
    bool has_ram_start; /* else RAM_START is the ELF symbol __lth_ram_start */
    uint32_t ram_start;
    uint32_t footer_space; /* Reserved footer bytes: 0, or a multiple of 4 in
                            * [EMU_TBF_FOOTER_MIN, 65539]; grown to end the
                            * TBF on a 4096-byte boundary when that fits,
                            * unless exact_footer_space */
    bool exact_footer_space;
    /* APP_HEAP_SIZE and KERNEL_HEAP_SIZE: added to the ELF's RAM span when
     * the minimum RAM is derived (header.minimum_ram_size == 0). */
    uint32_t app_heap, kernel_heap;
};

/* Defaults: enabled, kernel version 2.3, version 0, minimum RAM derived from
 * the ELF (header.minimum_ram_size == 0), EMU_TBF_DEFAULT_FOOTER_SPACE. */
void emu_tbf_create_options_init(struct emu_tbf_create_options *o);

/* Build a TBF object from the host ELF in `elf` (`elf_name` names it in
 * errors) and append it to `out`. The ELF must be a static x86-64 executable
 * whose first PT_LOAD has file offset 0 and whose read-only segments sit in
 * the file as in memory: either fixed-address (ET_EXEC, first PT_LOAD at a
 * 4096-aligned FLASH_START + 4096) or position-independent (ET_DYN, linked at
 * 0, __lth_ram_start at EMU_TBF_RAM_OFFSET - 4096). Minimum RAM, when not
 * given, is the span from RAM_START to the end of the last loadable segment
 * at or above it, plus the heaps; without heaps, a fixed-address app's is
 * that span rounded up to 4 KiB.
 * Returns 0, or -EINVAL with `err` naming the ELF and the reason and `out`
 * unchanged. */
int emu_tbf_create_from_elf(const uint8_t *elf, size_t elf_size, const char *elf_name,
                            const struct emu_tbf_create_options *o, GByteArray *out,
                            struct emu_err *err);

#endif
