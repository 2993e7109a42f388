/* Start a process from a TBF object in app flash (see appload.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "appid.h"
#include "appload.h"
#include "tbf.h"
#include "tbf_write.h"

/* True if the userspace binary of `obj` is an x86-64 ELF (a host app). */
static bool is_host_elf(const uint8_t *bin, size_t len)
{
    return len >= 20 && memcmp(bin, "\177ELF", 4) == 0 && bin[4] == 2 && bin[18] == 62;
}

struct tk_process *emu_app_process_new(struct tk_kernel *k, const struct emu_app_flash *flash,
                                       const struct tk_tbf_object *obj,
                                       const struct tk_process_ops *ops, struct emu_err *err)
{
    return emu_app_process_new_with(k, flash, obj, ops, NULL, err);
}

uint64_t emu_mpu_allocation_size(uint64_t min_memory_size, uint64_t initial_app_memory_size,
                                 uint64_t initial_kernel_memory_size)
{
    /* arch/cortex-m/src/mpu.rs allocate_app_memory_region @65608d71: enough
     * for the app's initial part and the kernel's, as a power of two of at
     * least 512 bytes (two MPU regions of 256 bytes or more, for subregions). */
    uint64_t size = initial_app_memory_size + initial_kernel_memory_size;
    if (size < min_memory_size)
        size = min_memory_size;
    uint64_t po2 = 512;
    while (po2 < size)
        po2 <<= 1;
    /* The app's part is enabled in eighths of each region (subregions):
     * when the last one it needs would reach into the kernel's part, the
     * block is doubled so that there is room between them. */
    uint64_t subregion = po2 / 2 / 8;
    uint64_t enabled_end = (initial_app_memory_size / subregion + 1) * subregion;
    if (enabled_end > po2 - initial_kernel_memory_size)
        po2 *= 2;
    return po2;
}

uint64_t emu_app_memory_len(const struct tk_tbf_header *h)
{
    /* ProcessStandard::create (kernel/src/process_standard.rs @65608d71)
     * asks the chip's MPU for min_total_memory_size = the app's minimum RAM
     * + initial_kernel_memory_size, and the process gets what the MPU
     * allocates: the board modelled is an nRF52840-DK, whose Cortex-M4 MPU
     * rounds it up to a power of two (emu_mpu_allocation_size). The app's
     * brk can then grow up to the kernel break, into the rounding's slack.
     * The initial app part is 0 here: the initial break is memory_start (a
     * Cortex-M process starts with 32 bytes for its SVC frame, which a host
     * process keeps in the emulator).
     * Deviation: at least 4 KiB, the host MPU's page. Deviation: a block
     * past 4 GiB, which the Cortex-M MPU refuses, is refused later as not
     * fitting app flash. */
    uint64_t kernel = tk_process_kernel_memory_size();
    uint64_t len =
        emu_mpu_allocation_size((uint64_t)tk_tbf_minimum_ram_size(h) + kernel, 0, kernel);
    return len < 4096 ? 4096 : len;
}

uint64_t emu_app_memory_start(const struct tk_tbf_header *h, uint64_t flash_start)
{
    uint32_t ram = tk_tbf_fixed_address_ram(h);
    return ram != TK_TBF_NOT_FIXED ? ram : flash_start + EMU_TBF_RAM_OFFSET;
}

int emu_app_host_new(const struct emu_app_flash *flash, const struct tk_tbf_object *obj,
                     bool hide_footers, struct emu_process_host **out, struct emu_err *err)
{
    const struct tk_tbf_header *h = &obj->header;
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)h->package_name_len, (const char *)h->package_name);
    uint32_t prot = tk_tbf_protected_size(h);
    uint32_t bin_end = tk_tbf_binary_end(h);
    const uint8_t *bin = obj->data + prot;

    if (!is_host_elf(bin, bin_end > prot ? bin_end - prot : 0)) {
        emu_err_set(err, "app '%s' is not a host app (no x86-64 ELF; build it with libtock-host)",
                    name);
        return -EINVAL;
    }
    /* A position-independent app's RAM follows its flash (EMU_TBF_RAM_OFFSET),
     * and both are mapped whole pages. */
    if (tk_tbf_fixed_address_ram(h) == TK_TBF_NOT_FIXED && obj->address % 4096 != 0) {
        emu_err_set(err, "app '%s' starts at flash 0x%llx, not on a 4096-byte page", name,
                    (unsigned long long)obj->address);
        return -EINVAL;
    }
    uint64_t visible = hide_footers ? bin_end : h->total_size;
    return emu_process_host_new(out, flash, name, obj->address, visible,
                                emu_app_memory_start(h, obj->address), emu_app_memory_len(h), err);
}

struct tk_process *emu_app_process_new_with(struct tk_kernel *k, const struct emu_app_flash *flash,
                                            const struct tk_tbf_object *obj,
                                            const struct tk_process_ops *ops,
                                            const struct emu_app_load_options *opts,
                                            struct emu_err *err)
{
    static const struct emu_app_load_options defaults = {0};
    if (opts == NULL)
        opts = &defaults;
    const struct tk_tbf_header *h = &obj->header;
    struct emu_process_host *host;
    if (emu_app_host_new(flash, obj, opts->hide_footers, &host, err) != 0)
        return NULL;
    host->verbose = true;
    const char *name = host->name;

    struct tk_flash_region regions[TK_MAX_FLASH_REGIONS];
    unsigned nregions = tk_tbf_writeable_flash_region_count(h);
    if (nregions > TK_MAX_FLASH_REGIONS) {
        emu_err_set(err, "app '%s' has %u writeable flash regions; tockemu supports %d", name,
                    nregions, TK_MAX_FLASH_REGIONS);
        emu_process_host_free(host);
        return NULL;
    }
    for (unsigned i = 0; i < nregions; i++)
        tk_tbf_writeable_flash_region(h, i, &regions[i]);
    struct tk_process_config cfg = {
        .name = name,
        .short_id = opts->has_short_id ? opts->short_id : tk_tbf_short_id(h),
        .permissions = opts->permissions,
        .memory_start = host->memory_start,
        .memory_len = host->memory_len,
        .flash_start = obj->address,
        .flash_len = h->total_size,
        .flash_protected_size = tk_tbf_protected_size(h),
        .init_pc = obj->address + tk_tbf_init_fn_offset(h),
        .initial_break = host->memory_start, /* spec §10.16: + 0, as on RISC-V */
        .flash_regions = regions,
        .flash_region_count = nregions,
        .ops = ops,
        .host = host,
    };
    int kerr = 0;
    struct tk_process *p = tk_kernel_create_process(k, &cfg, &kerr);
    if (p == NULL) {
        emu_err_set(err, "app '%s' could not start (%s)", name, tk_errorcode_name((unsigned)kerr));
        emu_process_host_free(host);
        return NULL;
    }
    /* spec §7.6: by default TbfHeaderStoragePermissions (ShortId + TLV). */
    tk_storage_permissions_init(&p->storage, opts->storage_policy, p->short_id, h);
    return p;
}
