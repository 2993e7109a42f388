/* The system call dispatcher: one switch over the 8 classes.
 *
 * Mirrors tock/tock kernel/src/kernel.rs Kernel::handle_syscall @65608d71
 * (spec §1.2, §1.5, §1.6, §2.5, §3.2, §3.3). Each class handler computes the
 * return registers; the dispatcher then sets them (which forces Running,
 * spec §10.24) and reports the call as one TK_EV_SYSCALL event.
 */
#include <assert.h>

#include "kernel-internal.h"

/* What a class handler leaves for the dispatcher. */
enum outcome { NO_RETURN, HAS_RETURN };

/* arch_helpers syscall_from_register_arguments_trd104: a bad class or yield
 * number does not decode, and the arch layer faults the process (§10.1). */
static bool syscall_decodes(const struct tk_syscall *sc)
{
    if (sc->class_id >= TK_CLASS_COUNT)
        return false;
    return sc->class_id != TK_CLASS_YIELD || sc->arg[0] <= TK_YIELD_WAIT_FOR;
}

static bool class_is_filtered(uint32_t class_id)
{
    return class_id == TK_CLASS_SUBSCRIBE || class_id == TK_CLASS_COMMAND ||
           class_id == TK_CLASS_ALLOW_RW || class_id == TK_CLASS_ALLOW_RO ||
           class_id == TK_CLASS_ALLOW_UR;
}

static enum outcome do_yield(struct tk_process *p, const struct tk_syscall *sc,
                             struct tk_syscall_return *ret)
{
    /* Any yield is the app yielding back: a loan ends here (lend.c). */
    tk__lend_return(p);
    switch (sc->arg[0]) {
    case TK_YIELD_NO_WAIT: {
        bool has_tasks = p->task_count > 0;
        /* spec §10.15: the flag byte is written only below the app break. */
        if (tk_process_in_app_ram(p, sc->arg[1], 1))
            *(volatile uint8_t *)(uintptr_t)sc->arg[1] = has_tasks ? 1 : 0;
        if (has_tasks) {
            tk__process_set_state(p, TK_STATE_YIELDED);
            return NO_RETURN;
        }
        /* Nothing queued: continue at once, no register written (§1.3). */
        *ret = (struct tk_syscall_return){{0, 0, 0, 0}, 0};
        return HAS_RETURN;
    }
    case TK_YIELD_WAIT:
        tk__process_set_state(p, TK_STATE_YIELDED);
        return NO_RETURN;
    default: {
        /* spec §1.6: Yield-WaitFor validates neither number. */
        struct tk_upcall_id id = {(uint32_t)sc->arg[1], (uint32_t)sc->arg[2]};
        tk__process_yield_for(p, id);
        return NO_RETURN;
    }
    }
}

/* ProcessStandard::is_valid_upcall_function_pointer (spec §10.3). */
static bool upcall_pointer_is_valid(const struct tk_process *p, uint64_t fn)
{
    return fn == 0 || tk_process_in_app_flash(p, fn, 4) || tk_process_in_app_ram(p, fn, 4);
}

static enum outcome do_subscribe(struct tk_kernel *k, struct tk_process *p,
                                 const struct tk_syscall *sc, struct tk_syscall_return *ret)
{
    uint32_t driver_num = (uint32_t)sc->arg[0], number = (uint32_t)sc->arg[1];
    uint64_t fn = sc->arg[2], userdata = sc->arg[3], prev_fn = 0, prev_userdata = 0;

    /* spec §10.3: the pointer is checked before the driver is looked up. */
    if (!upcall_pointer_is_valid(p, fn)) {
        *ret = tk__ret_failure2(TK_INVAL, fn, userdata);
        return HAS_RETURN;
    }
    struct tk_driver *d = tk_kernel_driver(k, driver_num);
    if (d == NULL) {
        /* spec §10.4: the caller's own pointer and userdata come back. */
        *ret = tk__ret_failure2(TK_NODEVICE, fn, userdata);
        return HAS_RETURN;
    }
    int err = tk__grant_subscribe(d, p, number, fn, userdata, &prev_fn, &prev_userdata);
    if (err != 0) {
        *ret = tk__ret_failure2(err, fn, userdata);
        return HAS_RETURN;
    }
    /* spec §1.6 step 7: only on success, and only FunctionCalls. */
    tk__process_remove_upcalls(p, (struct tk_upcall_id){driver_num, number});
    *ret = tk__ret_success2(prev_fn, prev_userdata);
    return HAS_RETURN;
}

static enum outcome do_command(struct tk_kernel *k, struct tk_process *p,
                               const struct tk_syscall *sc, struct tk_syscall_return *ret)
{
    struct tk_driver *d = tk_kernel_driver(k, (uint32_t)sc->arg[0]);

    if (d == NULL) {
        *ret = tk__ret_failure(TK_NODEVICE); /* variant 0 (spec §1.6) */
        return HAS_RETURN;
    }
    if (d->ops->command == NULL) {
        *ret = tk__ret_failure(TK_NOSUPPORT);
        return HAS_RETURN;
    }
    *ret = tk_cmd_return_encode(
        d->ops->command(d, p, (uint32_t)sc->arg[1], (uint32_t)sc->arg[2], (uint32_t)sc->arg[3]));
    return HAS_RETURN;
}

/* spec §3.2 steps 2-5, shared by the three allow classes: 0 if the buffer
 * may be handed on, else the error. Raises the high-water mark (§3.3). */
static int allow_check(struct tk_process *p, bool driver_exists, bool flash_ok, uint64_t addr,
                       uint64_t len)
{
    if (!driver_exists)
        return TK_NODEVICE;
    if (!tk_process_is_alive(p))
        return TK_FAIL;
    /* spec §10.13: zero-length buffers are accepted at any address. */
    if (len == 0)
        return 0;
    if (tk_process_in_app_ram(p, addr, len)) {
        if (addr + len > p->allow_high_water_mark)
            p->allow_high_water_mark = addr + len;
        return 0;
    }
    if (flash_ok && tk_process_in_app_flash(p, addr, len))
        return 0;
    /* Lent memory is read-only: only read-only allows may take it on. */
    if (flash_ok && tk__lend_covers(p, addr, len))
        return 0;
    return TK_INVAL;
}

static enum outcome do_allow(struct tk_kernel *k, struct tk_process *p, const struct tk_syscall *sc,
                             struct tk_syscall_return *ret)
{
    struct tk_driver *d = tk_kernel_driver(k, (uint32_t)sc->arg[0]);
    uint32_t number = (uint32_t)sc->arg[1];
    uint64_t addr = sc->arg[2], len = sc->arg[3], prev_addr = 0, prev_len = 0;
    bool read_only = sc->class_id == TK_CLASS_ALLOW_RO;

    int err = allow_check(p, d != NULL, read_only, addr, len);
    /* Outside the app's memory: the driver may still take it (IPC). */
    if (err == TK_INVAL && d->ops->allow_foreign != NULL && sc->class_id != TK_CLASS_ALLOW_UR &&
        d->ops->allow_foreign(d, p, read_only, addr, len))
        err = 0;
    if (err == 0 && sc->class_id == TK_CLASS_ALLOW_UR) {
        /* spec §3.2: no grant allocation first; the driver decides. */
        err =
            d->ops->allow_userspace_readable == NULL
                ? TK_NOSUPPORT
                : d->ops->allow_userspace_readable(d, p, number, addr, len, &prev_addr, &prev_len);
    } else if (err == 0) {
        err = tk__grant_allow(d, p, read_only, number, addr, len, &prev_addr, &prev_len);
        if (err == 0 && d->ops->allow_swapped != NULL)
            d->ops->allow_swapped(d, p, read_only, number, prev_addr, prev_len);
    }
    *ret = err != 0 ? tk__ret_failure2(err, addr, len) : tk__ret_success2(prev_addr, prev_len);
    return HAS_RETURN;
}

static enum outcome do_memop(struct tk_process *p, const struct tk_syscall *sc,
                             struct tk_syscall_return *ret)
{
    tk__memop(p, sc, ret);
    return HAS_RETURN;
}

static enum outcome do_exit(struct tk_process *p, const struct tk_syscall *sc,
                            struct tk_syscall_return *ret)
{
    uint32_t code = (uint32_t)sc->arg[1]; /* spec §5.4: truncated to u32 */

    switch (sc->arg[0]) {
    case TK_EXIT_TERMINATE:
        tk_process_terminate(p, TK_COMPLETION_CODE, code);
        return NO_RETURN;
    case TK_EXIT_RESTART:
        /* spec §10.20: never consults the fault policy. */
        tk_process_try_restart(p, TK_COMPLETION_CODE, code);
        return NO_RETURN;
    default:
        *ret = tk__ret_failure(TK_NOSUPPORT); /* spec §10.19 */
        return HAS_RETURN;
    }
}

static void fault_undecodable(struct tk_process *p)
{
    struct tk_fault fault = {.kind = TK_FAULT_BAD_SYSCALL};
    tk_process_set_fault(p, &fault);
}

struct tk_syscall_return tk_kernel_syscall(struct tk_kernel *k, struct tk_process *p,
                                           const struct tk_syscall *sc)
{
    static const struct tk_syscall_return none = {{0, 0, 0, 0}, 0};
    p->pending.kind = TK_RESUME_CONTINUE;
    tk_kernel_handle_syscall(k, p, sc);
    return p->pending.kind == TK_RESUME_RETURN ? p->pending.ret : none;
}

void tk_kernel_handle_syscall(struct tk_kernel *k, struct tk_process *p,
                              const struct tk_syscall *sc)
{
    struct tk_syscall_return ret = {{0, 0, 0, 0}, 0};
    enum outcome outcome = HAS_RETURN;

    if (!syscall_decodes(sc)) {
        fault_undecodable(p);
        return;
    }
    /* spec §1.5 step 1: every decoded call counts, filtered ones too. */
    p->syscall_count++;
    p->has_last_syscall = true;
    p->last_syscall = *sc;

    int filtered = class_is_filtered(sc->class_id) && k->filter != NULL ? k->filter(k, p, sc) : 0;
    if (filtered != 0) {
        /* spec §10.2: plain Failure (variant 0) whatever the class. */
        ret = tk__ret_failure(filtered);
    } else {
        switch ((enum tk_syscall_class)sc->class_id) {
        case TK_CLASS_YIELD:
            outcome = do_yield(p, sc, &ret);
            break;
        case TK_CLASS_SUBSCRIBE:
            outcome = do_subscribe(k, p, sc, &ret);
            break;
        case TK_CLASS_COMMAND:
            outcome = do_command(k, p, sc, &ret);
            break;
        case TK_CLASS_ALLOW_RW:
        case TK_CLASS_ALLOW_RO:
        case TK_CLASS_ALLOW_UR:
            outcome = do_allow(k, p, sc, &ret);
            break;
        case TK_CLASS_MEMOP:
            outcome = do_memop(p, sc, &ret);
            break;
        case TK_CLASS_EXIT:
            outcome = do_exit(p, sc, &ret);
            break;
        case TK_CLASS_COUNT:
            assert(!"undecodable class reached the switch");
            break;
        }
    }
    if (outcome == HAS_RETURN)
        tk__process_set_return(p, &ret);
    if (tk__kernel_wants(k, TK_EV_SYSCALL)) {
        struct tk_event ev = {.kind = TK_EV_SYSCALL, .process = p, .syscall = *sc};
        if (outcome == HAS_RETURN)
            ev.ret = ret;
        tk_kernel_emit(k, &ev);
    }
}
