/* Alarm capsule: one one-shot alarm per process, multiplexed on one HIL alarm.
 *
 * Mirrors tock/tock capsules/core/src/alarm.rs @65608d71; spec §8.1, §10.37.
 *
 * Syscall interface, driver 0x0. Tick values are "left-justified" 32-bit:
 * a W-bit counter is shifted left by 32-W (W = 32: unchanged).
 *
 *   command | args          | result
 *   --------+---------------+-------------------------------------------------
 *   0       | -             | S
 *   1       | -             | S32(frequency in Hz << (32-W))
 *   2       | -             | S32(now)
 *   3       | -             | S: armed alarm cleared; F(ALREADY) if none armed
 *   4       | -             | F(NOSUPPORT) (legacy absolute alarm)
 *   5       | dt            | arm at reference = now: S32(now + dt)
 *   6       | reference, dt | arm: S32(reference + dt)
 *   other   |               | F(NOSUPPORT)
 *   Every command first enters the caller's grant: F(NOMEM)/F(FAIL) if that
 *   fails, before the command number is looked at.
 *
 *   subscribe | upcall (a0, a1, a2)
 *   ----------+---------------------------------------------------------
 *   0         | (now when it fired, expiry = reference + dt, 0) (§10.37)
 *
 *   Allows: none.
 *
 * Arming replaces the process's alarm. An alarm is expired as soon as
 * (now - reference) mod 2^W >= dt: dt = 0, an expiry in the past and a cmd-6
 * reference ahead of now all fire at once, the upcall being queued during the
 * command. Firing disarms (one-shot). After every change and every hardware
 * firing, all grants are scanned: expired alarms get their upcall, and the
 * hardware alarm is set to the earliest remaining one, or disarmed.
 *
 * For W < 32, userspace values are shifted right, rounding the expiry up so
 * that an alarm never fires early. Wider counters are not supported by the
 * HIL (hil/time.h carries 32 bits).
 */
#include "alarm.h"
#include "container_of.h"

enum alarm_upcall {
    ALARM_UPCALL_FIRED = 0,
    ALARM_UPCALL_COUNT = 1,
};

/* Per-process grant data (alarm.rs AlarmData): the expiration, in counter
 * ticks, if armed. */
struct alarm_app {
    bool armed;
    uint32_t reference;
    uint32_t dt;
};

/* The scan over every process (alarm.rs process_rearm_or_callback): deliver
 * expired alarms, then point the hardware alarm at the earliest remaining.
 * O(n) over process slots; n <= TK_MAX_PROCESSES. */
static void alarm_rearm_or_callback(struct tk_alarm_driver *d)
{
    struct tk_alarm *hw = d->alarm;
    uint32_t mask = tk_alarm_mask(hw);
    unsigned pad = tk_alarm_padding(hw);
    uint32_t now = hw->ops->now(hw);

    struct alarm_app *earliest = NULL;
    unsigned slot = 0;
    void *data;
    struct tk_process *p;
    while ((p = tk_grant_next(&d->driver, &slot, &data)) != NULL) {
        struct alarm_app *app = data;
        if (!app->armed)
            continue;
        uint32_t end = (app->reference + app->dt) & mask;
        /* spec §8.1: not expired iff now is in [reference, reference + dt). */
        if (((now - app->reference) & mask) >= app->dt) {
            app->armed = false;
            (void)tk_upcall_schedule(&d->driver, p, ALARM_UPCALL_FIRED, now << pad, end << pad, 0);
            continue;
        }
        if (earliest == NULL ||
            ((end - now) & mask) < ((earliest->reference + earliest->dt - now) & mask))
            earliest = app;
    }

    if (earliest == NULL)
        (void)hw->ops->disarm(hw);
    else
        hw->ops->set_alarm(hw, earliest->reference, earliest->dt);
}

/* Store a new expiration from userspace's left-justified values and return
 * the left-justified expiry (alarm.rs rearm_u32_left_justified_expiration).
 * `has_reference` false: the reference is now (command 5). */
static uint32_t alarm_arm(struct tk_alarm *hw, struct alarm_app *app, uint32_t now,
                          bool has_reference, uint32_t reference, uint32_t dt)
{
    uint32_t mask = tk_alarm_mask(hw);
    unsigned pad = tk_alarm_padding(hw);
    uint32_t low_bits = (uint32_t)((1ull << pad) - 1);
    uint32_t dt_ticks;

    if (has_reference) {
        /* Round the expiry up, not dt, so both roundings cannot add up to
         * an early alarm. */
        uint32_t expiry = reference + dt;
        uint32_t expiry_ticks = (expiry >> pad) + ((expiry & low_bits) != 0 ? 1 : 0);
        dt_ticks = expiry_ticks - (reference >> pad);
        app->reference = (reference >> pad) & mask;
    } else {
        dt_ticks = (dt >> pad) + ((dt & low_bits) != 0 ? 1 : 0);
        app->reference = now;
    }
    app->dt = dt_ticks & mask;
    app->armed = true;
    return ((app->reference + app->dt) & mask) << pad;
}

static struct tk_cmd_return alarm_command(struct tk_driver *driver, struct tk_process *p,
                                          uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_alarm_driver *d = driver->state;
    struct tk_alarm *hw = d->alarm;
    unsigned pad = tk_alarm_padding(hw);

    /* alarm.rs enters the grant before looking at the command number. */
    int err = 0;
    struct alarm_app *app = tk_grant_enter(driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure((enum tk_errorcode)err);
    uint32_t now = hw->ops->now(hw);

    struct tk_cmd_return ret;
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return tk_cmd_success_u32(hw->ops->frequency(hw) << pad);
    case 2:
        return tk_cmd_success_u32(now << pad);
    case 3:
        if (!app->armed)
            return tk_cmd_failure(TK_ALREADY);
        app->armed = false;
        ret = tk_cmd_success();
        break;
    case 5:
        ret = tk_cmd_success_u32(alarm_arm(hw, app, now, false, 0, arg0));
        break;
    case 6:
        ret = tk_cmd_success_u32(alarm_arm(hw, app, now, true, arg0, arg1));
        break;
    default:
        return tk_cmd_failure(TK_NOSUPPORT); /* 4: legacy absolute alarm */
    }
    /* The set of alarms changed: fire what expired (an upcall queued during
     * this very command) and re-aim the hardware alarm. */
    alarm_rearm_or_callback(d);
    return ret;
}

static void alarm_fired(struct tk_alarm_client *client)
{
    alarm_rearm_or_callback(tk_container_of(client, struct tk_alarm_driver, alarm_client));
}

static const struct tk_driver_ops alarm_ops = {
    .command = alarm_command,
    .has_grant = true,
    .grant_size = sizeof(struct alarm_app),
    .upcall_count = ALARM_UPCALL_COUNT,
};

void tk_alarm_driver_init(struct tk_alarm_driver *d, struct tk_alarm *alarm)
{
    *d = (struct tk_alarm_driver){
        .driver = {.number = TK_DRIVER_NUM_ALARM, .ops = &alarm_ops, .state = d},
        .alarm = alarm,
        .alarm_client = {.fired = alarm_fired},
    };
    alarm->client = &d->alarm_client;
}
