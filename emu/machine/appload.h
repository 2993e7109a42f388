/* Start a process from a TBF object in app flash (tockemu and the harness).
 *
 * The last step of loading (spec §6.5): a scanned, loadable TBF object whose
 * userspace binary is a host ELF becomes a forked process on a kernel. The
 * scan itself and what to do with objects that cannot load stay with the
 * caller (tockemu complains and goes on; the harness fails the test).
 */
#ifndef EMU_APPLOAD_H
#define EMU_APPLOAD_H

#include "emu_err.h"
#include "host.h"
#include "appid.h"
#include "kernel.h"
#include "loader.h"

/* The bytes of RAM a Cortex-M MPU (the nRF52840-DK's) allocates to a process
 * that needs `min_memory_size` in all, `initial_app_memory_size` of them
 * app-accessible from the start and `initial_kernel_memory_size` the
 * kernel's: the next power of two of at least 512, doubled when the app's
 * first MPU subregion would reach the kernel's part. */
uint64_t emu_mpu_allocation_size(uint64_t min_memory_size, uint64_t initial_app_memory_size,
                                 uint64_t initial_kernel_memory_size);

/* The RAM a process for TBF header `h` gets: its minimum RAM plus the
 * kernel's own part, as the board's MPU allocates it
 * (emu_mpu_allocation_size), and at least 4 KiB. */
uint64_t emu_app_memory_len(const struct tk_tbf_header *h);

/* Where that RAM starts for a TBF placed at `flash_start`: the fixed RAM
 * address if the TBF has one, else flash_start + EMU_TBF_RAM_OFFSET (a
 * position-independent app reaches its data PC-relative from its code). */
uint64_t emu_app_memory_start(const struct tk_tbf_header *h, uint64_t flash_start);

/* The host side of a process for `obj` (verdict TK_LOAD_OK, in `flash`),
 * named after its package: RAM where emu_app_memory_start says, of
 * emu_app_memory_len bytes, the ELF between the protected region and
 * binary_end, and its flash visible up to total_size (up to binary_end with
 * `hide_footers`). No child yet. Returns 0, or -EINVAL (not a host app) or
 * emu_process_host_new's -errno, with `err` naming the app and the reason. */
int emu_app_host_new(const struct emu_app_flash *flash, const struct tk_tbf_object *obj,
                     bool hide_footers, struct emu_process_host **out, struct emu_err *err);

/* Create a process for `obj` (verdict TK_LOAD_OK, in `flash`) on `k`,
 * running through `ops` (emu_forked_process_ops, or a wrapper whose hooks
 * call it; `p->host` is always the struct emu_process_host). Returns the
 * process, or NULL with `err` naming the app and the reason (not a host app,
 * no memory mapping, the kernel refused it); on NULL nothing was created. */
struct tk_process *emu_app_process_new(struct tk_kernel *k, const struct emu_app_flash *flash,
                                       const struct tk_tbf_object *obj,
                                       const struct tk_process_ops *ops, struct emu_err *err);

/* What a loader decided about an object beyond its TBF (all optional). */
struct emu_app_load_options {
    /* The ShortId from the AppID assigner (spec §7.4); when false, the TBF's
     * ShortId TLV. It also keys the storage permissions (§7.6). */
    bool has_short_id;
    uint32_t short_id;
    /* Map the app's flash only up to its integrity region, so it cannot read
     * its credential footers (rounded up to a page: the MPU granularity). */
    bool hide_footers;
    /* The TBF Permissions syscall filter for this process (spec §1.7); must
     * outlive the process. NULL: none. */
    const struct tk_permissions *permissions;
    /* Whose records the app may read, write and modify (spec §7.6). */
    enum tk_storage_policy storage_policy;
};

/* emu_app_process_new with `opts` (NULL = as above). */
struct tk_process *emu_app_process_new_with(struct tk_kernel *k, const struct emu_app_flash *flash,
                                            const struct tk_tbf_object *obj,
                                            const struct tk_process_ops *ops,
                                            const struct emu_app_load_options *opts,
                                            struct emu_err *err);

#endif
