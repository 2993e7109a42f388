/* Memop (class 5): break management and memory layout queries.
 *
 * Mirrors tock/tock kernel/src/memop.rs and ProcessStandard::brk/sbrk
 * @65608d71 (spec §4, §10.17, §10.18). Never filtered; failures are variant
 * 0. Addresses come back as "Success + u32" (129) with the full 64-bit host
 * address in r1.
 */
#include <string.h>

#include "kernel-internal.h"

/* ProcessStandard::brk: every failure is NOMEM (spec §10.17). */
static int process_brk(struct tk_process *p, uint64_t new_break)
{
    if (!tk_process_is_alive(p) || new_break < p->allow_high_water_mark ||
        new_break >= p->memory_start + p->memory_len || new_break > p->kernel_break)
        return TK_NOMEM;
    /* Deviation: the break may reach the kernel break exactly. The
     * nRF52840-DK's Cortex-M MPU (update_app_memory_region) enables app
     * memory in sixteenths of the allocation and refuses a break whose
     * sixteenth would reach the kernel break, up to memory_len / 16 - 1
     * bytes earlier. */
    /* No separate memory_start bound: the high-water mark never drops below
     * memory_start, so the mark check covers it. The MPU moves first, as
     * Tock's brk asks the MPU before it commits, so that the zero-fill below
     * writes memory the host already gave the process. */
    if (p->ops != NULL && p->ops->set_break != NULL && p->ops->set_break(p, new_break) != 0)
        return TK_NOMEM;
    if (new_break > p->app_break) {
        /* Where the host's growth is zero already, touching it would only
         * cost page faults (a whole app start's worth, bench/). */
        uint64_t zero_end = new_break, granule = p->ops != NULL ? p->ops->zeroed_growth_granule : 0;
        if (granule != 0) {
            uint64_t fresh = (p->app_break + granule - 1) / granule * granule;
            if (fresh < zero_end)
                zero_end = fresh;
        }
        memset((void *)(uintptr_t)p->app_break, 0, (size_t)(zero_end - p->app_break));
    }
    p->app_break = new_break;
    return 0;
}

/* Writeable flash region `index` as [start, end); FAIL past the end or for a
 * region of size 0 (spec §10.18). */
static int flash_region(const struct tk_process *p, uint64_t index, uint64_t *start, uint64_t *end)
{
    if (index >= p->flash_region_count || p->flash_regions[index].size == 0)
        return TK_FAIL;
    *start = p->flash_start + p->flash_regions[index].offset;
    *end = *start + p->flash_regions[index].size;
    return 0;
}

/* Ops 10/11 record only pointers inside the RAM allocation, yet succeed. */
static void record_hint(const struct tk_process *p, uint64_t *hint, uint64_t addr)
{
    if (addr >= p->memory_start && addr < p->memory_start + p->memory_len)
        *hint = addr;
}

static struct tk_syscall_return region_result(int err, uint64_t value)
{
    return err != 0 ? tk__ret_failure(err) : tk__ret_success1(value);
}

void tk__memop(struct tk_process *p, const struct tk_syscall *sc, struct tk_syscall_return *ret)
{
    uint64_t arg = sc->arg[1];
    uint64_t old_break = p->app_break;
    uint64_t start = 0, end = 0;
    int err;

    switch ((uint32_t)sc->arg[0]) {
    case TK_MEMOP_BRK:
        err = process_brk(p, arg);
        *ret = err != 0 ? tk__ret_failure(err) : tk__ret_success();
        break;
    case TK_MEMOP_SBRK:
        /* r1 is a sign-extended increment; wrapping addition as the kernel. */
        *ret = region_result(process_brk(p, old_break + arg), old_break);
        break;
    case TK_MEMOP_MEMORY_START:
        *ret = tk__ret_success1(p->memory_start);
        break;
    case TK_MEMOP_MEMORY_END:
        *ret = tk__ret_success1(p->memory_start + p->memory_len);
        break;
    case TK_MEMOP_FLASH_START:
        *ret = tk__ret_success1(p->flash_start);
        break;
    case TK_MEMOP_FLASH_END:
        *ret = tk__ret_success1(p->flash_start + p->flash_len);
        break;
    case TK_MEMOP_GRANT_START:
        *ret = tk__ret_success1(p->kernel_break);
        break;
    case TK_MEMOP_FLASH_REGION_COUNT:
        *ret = tk__ret_success1(p->flash_region_count);
        break;
    case TK_MEMOP_FLASH_REGION_START:
        err = flash_region(p, arg, &start, &end);
        *ret = region_result(err, start);
        break;
    case TK_MEMOP_FLASH_REGION_END:
        err = flash_region(p, arg, &start, &end);
        *ret = region_result(err, end);
        break;
    case TK_MEMOP_STACK_START:
        record_hint(p, &p->stack_start_hint, arg);
        *ret = tk__ret_success();
        break;
    case TK_MEMOP_HEAP_START:
        record_hint(p, &p->heap_start_hint, arg);
        *ret = tk__ret_success();
        break;
    default:
        *ret = tk__ret_failure(TK_NOSUPPORT);
        break;
    }
}
