/* Read-only state capsule: counters the kernel writes into app RAM per switch.
 *
 * Mirrors tock/tock capsules/extra/src/read_only_state.rs @65608d71; spec
 * §8.7 and the userspace-readable allow TRD. Like a vDSO page, the app reads
 * the values from memory without a syscall; they are as fresh as the last
 * switch into the app.
 *
 * Syscall interface, driver 0x9:
 *
 *   command | result
 *   --------+------------------------------------------
 *   0       | S (driver exists)
 *   1       | S32(version = 1)
 *   other   | F(NOSUPPORT)
 *
 *   allow (userspace-readable) | holds
 *   ---------------------------+-------------------------------------------
 *   0                          | the state buffer, layout version 1 below
 *   other                      | NOSUPPORT
 *
 * Subscribe: none. Read-only and read-write allow: none.
 *
 * The buffer, refreshed before every switch into the process; a field is
 * written only if the whole field fits:
 *
 *   offset 0  +---------------------------+
 *             | switch count (u32 LE)     |  switches before this one
 *   offset 4  +---------------------------+
 *             | pending tasks (u32 LE)    |  the process's queued tasks
 *   offset 8  +---------------------------+
 *             | timer ticks (u64 LE)      |  the timer's now(), zero-extended
 *   offset 16 +---------------------------+
 */
#include <assert.h>
#include <stdint.h>

#include "read_only_state.h"

enum ros_allow_ur { ROS_ALLOW_UR_STATE = 0, ROS_ALLOW_UR_COUNT };

enum ros_layout {
    ROS_SWITCH_COUNT_END = 4,
    ROS_PENDING_TASKS_END = 8,
    ROS_TICKS_END = 16,
};

/* Per-process grant data (Tock `App`). The buffer is kept as an app address,
 * never a host pointer, and is re-checked against app RAM before each use. */
struct ros_app {
    uint64_t buffer_addr;
    uint64_t buffer_len;
    uint32_t switch_count;
};

static void put_le(uint8_t *out, uint64_t value, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        out[i] = (uint8_t)(value >> (8 * i));
}

/* Process memory is mapped at the same address in the emulator (process.h),
 * so a checked app address is dereferenced in place. */
static uint8_t *ros_buffer(struct tk_process *p, const struct ros_app *app)
{
    if (app->buffer_len == 0 || !tk_process_in_app_ram(p, app->buffer_addr, app->buffer_len))
        return NULL;
    return (uint8_t *)(uintptr_t)app->buffer_addr;
}

void tk_read_only_state_refresh(struct tk_read_only_state *ros, struct tk_process *p)
{
    int err = 0;
    struct ros_app *app = tk_grant_enter(&ros->driver, p, &err);
    if (app == NULL)
        return; /* Deviation: Tock unwraps here and panics the kernel. */

    uint8_t *buf = ros_buffer(p, app);
    if (buf != NULL) {
        uint64_t len = app->buffer_len;
        if (len >= ROS_SWITCH_COUNT_END)
            put_le(buf, app->switch_count, 4);
        if (len >= ROS_PENDING_TASKS_END)
            put_le(buf + ROS_SWITCH_COUNT_END, p->task_count, 4);
        if (len >= ROS_TICKS_END)
            put_le(buf + ROS_PENDING_TASKS_END, ros->timer->ops->now(ros->timer), 8);
    }
    /* The count is written before it moves: the first switch reads 0. */
    app->switch_count++;
}

void tk_read_only_state_before_switch(struct tk_kernel *k, struct tk_process *p, void *ctx)
{
    (void)k;
    tk_read_only_state_refresh(ctx, p);
}

static struct tk_cmd_return ros_command(struct tk_driver *d, struct tk_process *p, uint32_t command,
                                        uint32_t arg0, uint32_t arg1)
{
    (void)d;
    (void)p;
    (void)arg0;
    (void)arg1;

    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return tk_cmd_success_u32(TK_READ_ONLY_STATE_VERSION);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* Swap the state buffer; the kernel validated [addr, addr + len) already. */
static int ros_allow_userspace_readable(struct tk_driver *d, struct tk_process *p, uint32_t number,
                                        uint64_t addr, uint64_t len, uint64_t *prev_addr,
                                        uint64_t *prev_len)
{
    if (number >= ROS_ALLOW_UR_COUNT)
        return TK_NOSUPPORT;
    int err = 0;
    struct ros_app *app = tk_grant_enter(d, p, &err);
    if (app == NULL)
        return err;
    *prev_addr = app->buffer_addr;
    *prev_len = app->buffer_len;
    app->buffer_addr = addr;
    app->buffer_len = len;
    return 0;
}

static const struct tk_driver_ops ros_ops = {
    .command = ros_command,
    .allow_userspace_readable = ros_allow_userspace_readable,
    .has_grant = true,
    .grant_size = sizeof(struct ros_app),
};

void tk_read_only_state_init(struct tk_read_only_state *ros, struct tk_alarm *timer)
{
    assert(timer != NULL);
    *ros = (struct tk_read_only_state){
        .driver = {.number = TK_DRIVER_NUM_READ_ONLY_STATE, .ops = &ros_ops, .state = ros},
        .timer = timer,
    };
}
