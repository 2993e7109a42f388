/* Process info capsule: apps list, inspect and control the board's processes.
 *
 * Mirrors tock/tock capsules/extra/src/process_info_driver.rs @65608d71;
 * spec §8.8. "Process id" is the ProcessId identifier (struct tk_process
 * `id`), fresh after every restart. Every process in a slot counts, in slot
 * order, whatever its state.
 *
 * Syscall interface, driver 0x10002:
 *
 *   command | arg0 | arg1   | result
 *   --------+------+--------+---------------------------------------------------
 *   0       | -    | -      | S (driver exists)
 *   1       | -    | -      | S32(number of processes)
 *   2       | -    | -      | buffer := u32 LE process ids, as many as fit;
 *           |      |        | S32(number of processes)
 *   3       | -    | -      | same with ShortIds (LocallyUnique -> 0)
 *   4       | pid  | -      | buffer := name (truncated, no NUL); S32(full name
 *           |      |        | length); F(INVAL) if no process has that id
 *   5       | pid  | -      | buffer := u32 LE timeslice expirations, syscall
 *           |      |        | count, restart count, state (0 Running, 1 Yielded,
 *           |      |        | 2 YieldedFor, 3 Stopped, 4 Faulted, 5 Terminated),
 *           |      |        | whole words only; S even if no process matched
 *   6       | pid  | action | 1 resume, 2 stop, 3 fault, 4 terminate, 5 boot (only
 *           |      |        | if Terminated), other: nothing; S if a process
 *           |      |        | matched, else F(INVAL)
 *   other   |      |        | F(NOSUPPORT)
 *
 * Commands 2-5 enter the caller's grant first: if that fails, 2 and 3 answer
 * S32(0) (the reference ignores the error) and 4 and 5 F(NOMEM or FAIL).
 *
 *   allow (read-write) | holds
 *   -------------------+---------------------------------------
 *   0                  | the output buffer of commands 2-5
 *
 * Subscribe: none. Read-only allow: none.
 *
 * Deviation: the reference writes `usize` counters; on this 64-bit host they
 * are written as u32 to keep the 32-bit layout (spec §8.8).
 *
 * Acting on the caller itself (command 6 with its own id) is undone by the
 * kernel when it writes the command's return value, which sets the state to
 * Running (spec §10.24); nothing here special-cases it.
 */
#include <stdint.h>
#include <string.h>

#include "kernel.h"
#include "process_info.h"

enum process_info_allow_rw { PROCESS_INFO_RW_INFO = 0, PROCESS_INFO_RW_COUNT };

enum process_info_action {
    PROCESS_INFO_RESUME = 1,
    PROCESS_INFO_STOP = 2,
    PROCESS_INFO_FAULT = 3,
    PROCESS_INFO_TERMINATE = 4,
    PROCESS_INFO_BOOT = 5,
};

/* Word `index` of `buf` := `value` (u32 LE) if the whole word fits
 * (the reference's chunks(4) + copy_from_slice_or_err). */
static void put_word(struct tk_buffer buf, size_t index, uint32_t value)
{
    if (buf.len < (index + 1) * 4)
        return;
    for (unsigned i = 0; i < 4; i++)
        buf.ptr[index * 4 + i] = (uint8_t)(value >> (8 * i));
}

/* The caller's output buffer; false with *err set if its grant cannot be
 * entered (the buffer may be empty: nothing allowed yet). */
static bool info_buffer(struct tk_driver *d, struct tk_process *p, struct tk_buffer *buf, int *err)
{
    if (tk_grant_enter(d, p, err) == NULL)
        return false;
    *buf = tk_allow_rw_get(d, p, PROCESS_INFO_RW_INFO);
    return true;
}

static uint32_t field_id(const struct tk_process *p)
{
    return p->id;
}

static uint32_t field_short_id(const struct tk_process *p)
{
    return p->short_id; /* 0 already means LocallyUnique */
}

/* Commands 2 and 3: one word per process, in slot order. */
static struct tk_cmd_return info_list(struct tk_process_info *pi, struct tk_process *caller,
                                      uint32_t (*field)(const struct tk_process *))
{
    struct tk_buffer buf;
    int err = 0;
    if (!info_buffer(&pi->driver, caller, &buf, &err))
        return tk_cmd_success_u32(0);
    uint32_t count = tk_kernel_process_slots(pi->kernel);
    for (unsigned slot = 0; slot < count; slot++)
        put_word(buf, slot, field(tk_kernel_process_at(pi->kernel, slot)));
    return tk_cmd_success_u32(count);
}

/* Command 4. */
static struct tk_cmd_return info_name(struct tk_process_info *pi, struct tk_process *caller,
                                      uint32_t pid)
{
    struct tk_buffer buf;
    int err = 0;
    if (!info_buffer(&pi->driver, caller, &buf, &err))
        return tk_cmd_failure(err);
    struct tk_process *p = tk_kernel_process_by_id(pi->kernel, pid);
    if (p == NULL)
        return tk_cmd_failure(TK_INVAL);
    size_t name_len = strlen(p->name);
    if (buf.len > 0)
        memcpy(buf.ptr, p->name, name_len < buf.len ? name_len : buf.len);
    return tk_cmd_success_u32((uint32_t)name_len);
}

/* The state numbers of command 5. */
static uint32_t state_number(enum tk_state state)
{
    switch (state) {
    case TK_STATE_RUNNING:
        return 0;
    case TK_STATE_YIELDED:
        return 1;
    case TK_STATE_YIELDED_FOR:
        return 2;
    case TK_STATE_STOPPED:
        return 3;
    case TK_STATE_FAULTED:
        return 4;
    case TK_STATE_TERMINATED:
        return 5;
    }
    return 0;
}

/* Command 5. */
static struct tk_cmd_return info_stats(struct tk_process_info *pi, struct tk_process *caller,
                                       uint32_t pid)
{
    struct tk_buffer buf;
    int err = 0;
    if (!info_buffer(&pi->driver, caller, &buf, &err))
        return tk_cmd_failure(err);
    struct tk_process *p = tk_kernel_process_by_id(pi->kernel, pid);
    if (p == NULL)
        return tk_cmd_success(); /* spec §8.8: S even for an unknown id */
    put_word(buf, 0, p->timeslice_expirations);
    put_word(buf, 1, p->syscall_count);
    put_word(buf, 2, p->restart_count);
    put_word(buf, 3, state_number(p->state));
    return tk_cmd_success();
}

/* Command 6. */
static struct tk_cmd_return info_control(struct tk_process_info *pi, uint32_t pid, uint32_t action)
{
    struct tk_process *p = tk_kernel_process_by_id(pi->kernel, pid);
    if (p == NULL)
        return tk_cmd_failure(TK_INVAL);
    switch (action) {
    case PROCESS_INFO_RESUME:
        tk_process_resume(p);
        break;
    case PROCESS_INFO_STOP:
        tk_process_stop(p);
        break;
    case PROCESS_INFO_FAULT:
        tk_process_set_fault(p, &(struct tk_fault){.kind = TK_FAULT_KERNEL_FORCED});
        break;
    case PROCESS_INFO_TERMINATE:
        tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
        break;
    case PROCESS_INFO_BOOT:
        if (p->state == TK_STATE_TERMINATED)
            tk_process_start(p);
        break;
    default:
        break; /* unknown actions are ignored but still S */
    }
    return tk_cmd_success();
}

static struct tk_cmd_return process_info_command(struct tk_driver *d, struct tk_process *p,
                                                 uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_process_info *pi = d->state;

    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return tk_cmd_success_u32(tk_kernel_process_slots(pi->kernel));
    case 2:
        return info_list(pi, p, field_id);
    case 3:
        return info_list(pi, p, field_short_id);
    case 4:
        return info_name(pi, p, arg0);
    case 5:
        return info_stats(pi, p, arg0);
    case 6:
        return info_control(pi, arg0, arg1);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* Grant<(), 0 upcalls, 0 RO, 1 RW>: the grant holds only the allow slot. */
static const struct tk_driver_ops process_info_ops = {
    .command = process_info_command,
    .has_grant = true,
    .grant_size = 0,
    .allow_rw_count = PROCESS_INFO_RW_COUNT,
};

void tk_process_info_init(struct tk_process_info *pi, struct tk_kernel *k)
{
    *pi = (struct tk_process_info){
        .driver = {.number = TK_DRIVER_NUM_PROCESS_INFO, .ops = &process_info_ops, .state = pi},
        .kernel = k,
    };
}
