/* The in-process test fixture: kernels and processes without fork.
 *
 * Implements tests/fixture.h. A fixture process's RAM and flash come from
 * aligned_alloc; its ops record what the kernel asked (starts, stops,
 * switches, the last resume) and answer every switch with Yield-Wait, so a
 * kernel loop over fixture processes always makes progress.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define FX_FLASH_SIZE      4096
#define FX_FLASH_PROTECTED 64
#define FX_ALIGN           4096

struct fx_host {
    void *ram;
    void *flash;
    unsigned starts, stops, switches;
    struct tk_resume last_resume;
};

static int fx_start(struct tk_process *p)
{
    ((struct fx_host *)p->host)->starts++;
    return 0;
}

static void fx_switch_to(struct tk_process *p, const struct tk_resume *resume,
                         uint64_t timeslice_ns, struct tk_trap *trap)
{
    struct fx_host *host = p->host;
    (void)timeslice_ns;
    host->switches++;
    host->last_resume = *resume;
    *trap = (struct tk_trap){.kind = TK_TRAP_SYSCALL};
    trap->syscall.class_id = TK_CLASS_YIELD;
    trap->syscall.arg[0] = TK_YIELD_WAIT;
}

static void fx_stop(struct tk_process *p)
{
    ((struct fx_host *)p->host)->stops++;
}

static void fx_destroy(struct tk_process *p)
{
    struct fx_host *host = p->host;
    free(host->ram);
    free(host->flash);
    free(host);
    p->host = NULL;
}

static const struct tk_process_ops fx_ops = {
    .start = fx_start,
    .switch_to = fx_switch_to,
    .stop = fx_stop,
    .destroy = fx_destroy,
};

void fx_kernel_init(struct tk_kernel *k)
{
    struct tk_kernel_config config = {.fault_policy = TK_FAULT_POLICY_STOP};
    tk_kernel_init(k, &config);
}

void fx_kernel_fini(struct tk_kernel *k)
{
    /* fx_destroy frees each process's RAM and flash. */
    tk_kernel_fini(k);
}

struct tk_process *fx_process_new(struct tk_kernel *k, const char *name, size_t ram_size)
{
    if (ram_size == 0)
        ram_size = FX_RAM_SIZE;
    ram_size = (ram_size + FX_ALIGN - 1) & ~(size_t)(FX_ALIGN - 1);
    struct fx_host *host = calloc(1, sizeof *host);
    ck_assert_ptr_nonnull(host);
    host->ram = aligned_alloc(FX_ALIGN, ram_size);
    host->flash = aligned_alloc(FX_ALIGN, FX_FLASH_SIZE);
    ck_assert_ptr_nonnull(host->ram);
    ck_assert_ptr_nonnull(host->flash);
    memset(host->ram, 0xa5, ram_size);
    memset(host->flash, 0, FX_FLASH_SIZE);

    uint64_t ram = (uint64_t)(uintptr_t)host->ram, flash = (uint64_t)(uintptr_t)host->flash;
    struct tk_process_config cfg = {
        .name = name,
        .memory_start = ram,
        .memory_len = ram_size,
        .flash_start = flash,
        .flash_len = FX_FLASH_SIZE,
        .flash_protected_size = FX_FLASH_PROTECTED,
        .init_pc = flash + FX_FLASH_PROTECTED,
        .initial_break = ram + ram_size / 2,
        .ops = &fx_ops,
        .host = host,
    };
    int err = -1;
    struct tk_process *p = tk_kernel_create_process(k, &cfg, &err);
    if (p == NULL) {
        free(host->ram);
        free(host->flash);
        free(host);
        ck_abort_msg("fx_process_new: tk_kernel_create_process failed: %d", err);
    }
    /* As if the app had started: the init call was delivered. */
    struct tk_task init;
    fx_pop_task(p, &init);
    p->state = TK_STATE_RUNNING;
    p->pending.kind = TK_RESUME_CONTINUE;
    return p;
}

void *fx_ram(struct tk_process *p, size_t offset)
{
    return (void *)(uintptr_t)(p->memory_start + offset);
}

uint64_t fx_addr(struct tk_process *p, size_t offset)
{
    return p->memory_start + offset;
}

uint64_t fx_flash_addr(struct tk_process *p, size_t offset)
{
    return p->flash_start + p->flash_protected_size + offset;
}

uint64_t fx_upcall_fn(struct tk_process *p, unsigned index)
{
    return p->flash_start + p->flash_protected_size + 4 * (uint64_t)index;
}

struct tk_syscall_return fx_syscall(struct tk_kernel *k, struct tk_process *p, uint32_t class_id,
                                    uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    struct tk_syscall sc = {class_id, {a0, a1, a2, a3}};
    struct tk_syscall_return none = {{0, 0, 0, 0}, 0};

    p->pending.kind = TK_RESUME_CONTINUE;
    tk_kernel_handle_syscall(k, p, &sc);
    return p->pending.kind == TK_RESUME_RETURN ? p->pending.ret : none;
}

struct tk_syscall_return fx_command(struct tk_kernel *k, struct tk_process *p, uint32_t driver,
                                    uint32_t command, uint32_t arg0, uint32_t arg1)
{
    return fx_syscall(k, p, TK_CLASS_COMMAND, driver, command, arg0, arg1);
}

struct tk_syscall_return fx_subscribe(struct tk_kernel *k, struct tk_process *p, uint32_t driver,
                                      uint32_t number, uint64_t fn, uint64_t userdata)
{
    return fx_syscall(k, p, TK_CLASS_SUBSCRIBE, driver, number, fn, userdata);
}

struct tk_syscall_return fx_allow_ro(struct tk_kernel *k, struct tk_process *p, uint32_t driver,
                                     uint32_t number, uint64_t addr, uint64_t len)
{
    return fx_syscall(k, p, TK_CLASS_ALLOW_RO, driver, number, addr, len);
}

struct tk_syscall_return fx_allow_rw(struct tk_kernel *k, struct tk_process *p, uint32_t driver,
                                     uint32_t number, uint64_t addr, uint64_t len)
{
    return fx_syscall(k, p, TK_CLASS_ALLOW_RW, driver, number, addr, len);
}

struct tk_syscall_return fx_allow_ur(struct tk_kernel *k, struct tk_process *p, uint32_t driver,
                                     uint32_t number, uint64_t addr, uint64_t len)
{
    return fx_syscall(k, p, TK_CLASS_ALLOW_UR, driver, number, addr, len);
}

struct tk_syscall_return fx_memop(struct tk_kernel *k, struct tk_process *p, uint32_t op,
                                  uint64_t arg)
{
    return fx_syscall(k, p, TK_CLASS_MEMOP, op, arg, 0, 0);
}

unsigned fx_task_count(const struct tk_process *p)
{
    return p->task_count;
}

bool fx_pop_task(struct tk_process *p, struct tk_task *out)
{
    return tk_process_dequeue(p, out);
}

void fx_run_deferred(struct tk_kernel *k)
{
    tk_kernel_run_deferred_calls(k);
}

void fx_advance(struct tk_kernel *k, uint64_t ns)
{
    tk_kernel_advance(k, tk_kernel_now(k) + ns);
}

unsigned fx_start_count(const struct tk_process *p)
{
    return ((const struct fx_host *)p->host)->starts;
}

unsigned fx_stop_count(const struct tk_process *p)
{
    return ((const struct fx_host *)p->host)->stops;
}

unsigned fx_switch_count(const struct tk_process *p)
{
    return ((const struct fx_host *)p->host)->switches;
}

const struct tk_resume *fx_last_resume(const struct tk_process *p)
{
    return &((const struct fx_host *)p->host)->last_resume;
}
