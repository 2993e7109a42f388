/* The test fixture: kernels and in-process processes, without fork.
 *
 * Implements tests/fixture.h over the in-process transport
 * (emu/process/inproc.h): a fixture process's RAM and flash are that
 * transport's guarded mappings, its counters say what the kernel asked
 * (starts, stops, switches, the last resume), and its code answers every
 * switch with Yield-Wait, so a kernel loop over fixture processes always
 * makes progress.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "container_of.h"
#include "fixture.h"
#include "inproc.h"

#define FX_FLASH_SIZE      4096
#define FX_FLASH_PROTECTED 64

void fx_kernel_init(struct tk_kernel *k)
{
    struct tk_kernel_config config = {.fault_policy = TK_FAULT_POLICY_STOP};
    tk_kernel_init(k, &config);
}

void fx_kernel_fini(struct tk_kernel *k)
{
    /* The transport's destroy hook unmaps each process's RAM and flash. */
    tk_kernel_fini(k);
}

struct tk_process *fx_process_new(struct tk_kernel *k, const char *name, size_t ram_size)
{
    if (ram_size == 0)
        ram_size = FX_RAM_SIZE;
    ram_size = (ram_size + 4095) & ~(size_t)4095;
    struct emu_inproc_options o = {
        .name = name,
        .memory_len = ram_size,
        .initial_break_offset = ram_size / 2,
        .flash_len = FX_FLASH_SIZE,
        .flash_protected_size = FX_FLASH_PROTECTED,
        .ram_fill = 0xa5,
    };
    struct emu_err err = {""};
    struct tk_process *p = emu_inproc_process_new(k, &o, NULL, &err);
    if (p == NULL)
        ck_abort_msg("fx_process_new: %s", err.msg);
    /* As if the app had started: the init call was delivered. */
    struct tk_task init;
    fx_pop_task(p, &init);
    p->state = TK_STATE_RUNNING;
    p->pending.kind = TK_RESUME_CONTINUE;
    return p;
}

void fx_process_rebase(struct tk_process *p, uint64_t ram, uint64_t flash)
{
    uint64_t dr = ram - p->memory_start, df = flash - p->flash_start;
    uint64_t *ram_fields[] = {&p->memory_start,     &p->app_break,       &p->kernel_break,
                              &p->stack_start_hint, &p->heap_start_hint, &p->lowest_stack_pointer};
    for (size_t i = 0; i < sizeof ram_fields / sizeof ram_fields[0]; i++)
        if (*ram_fields[i] != 0)
            *ram_fields[i] += dr;
    for (size_t i = 0; i < TK_MAX_GRANTS; i++)
        if (p->grants[i] != 0)
            p->grants[i] += dr;
    p->flash_start += df;
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
    return emu_inproc_syscall(k, p, &sc);
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
    return emu_inproc_counts(p)->starts;
}

unsigned fx_stop_count(const struct tk_process *p)
{
    return emu_inproc_counts(p)->stops;
}

unsigned fx_switch_count(const struct tk_process *p)
{
    return emu_inproc_counts(p)->switches;
}

const struct tk_resume *fx_last_resume(const struct tk_process *p)
{
    return emu_inproc_last_resume(p);
}

static void window_record(struct tk_process *p, bool show, bool writable, uint64_t address,
                          uint64_t len)
{
    struct fx_window_log *log = tk_container_of(p->ops, struct fx_window_hooks, ops)->log;
    ck_assert_uint_lt(log->count, FX_WINDOW_CALLS);
    log->calls[log->count++] = (struct fx_window_call){show, writable, p->slot, address, len};
}

static int window_record_show(struct tk_process *p, uint64_t address, uint64_t len, bool writable)
{
    window_record(p, true, writable, address, len);
    return 0;
}

static int window_record_hide(struct tk_process *p, uint64_t address, uint64_t len)
{
    window_record(p, false, false, address, len);
    return 0;
}

void fx_window_log_attach(struct fx_window_log *log, struct tk_process *p)
{
    ck_assert_uint_lt(log->procs, FX_WINDOW_PROCS);
    struct fx_window_hooks *h = &log->hooks[log->procs++];
    h->ops = *p->ops;
    h->ops.window_show = window_record_show;
    h->ops.window_hide = window_record_hide;
    h->log = log;
    p->ops = &h->ops;
}

void fx_assert_window_call(const struct fx_window_log *log, unsigned index, bool show,
                           unsigned slot, uint64_t address, uint64_t len)
{
    ck_assert_uint_gt(log->count, index);
    ck_assert_int_eq(log->calls[index].show, show);
    ck_assert_uint_eq(log->calls[index].slot, slot);
    ck_assert_uint_eq(log->calls[index].address, address);
    ck_assert_uint_eq(log->calls[index].len, len);
}
