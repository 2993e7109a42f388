/* Alarm model: a 32768 Hz 32-bit counter and its alarm, in virtual time.
 *
 * Implements hil/time.h (the emulator's counterpart of a chip's RTC alarm,
 * e.g. tock/tock chips/nrf5x/src/rtc.rs @65608d71). The counter is derived
 * from the kernel's virtual clock, never stored:
 *
 *   ticks(ns) = floor(ns * 32768 / 1e9)   (64-bit; now() reads the low 32 bits)
 *
 * An armed alarm is one kernel deadline at the first nanosecond whose tick
 * count reaches reference + dt, so a test or an idle system that jumps the
 * clock to the next deadline lands exactly on the tick. An alarm whose time
 * has already passed ((now - reference) mod 2^32 >= dt) gets a deadline at
 * the current time: it fires as soon as the kernel next fires deadlines,
 * never from inside set_alarm().
 */
#include <stdlib.h>

#include "emu_alarm.h"

#define NS_PER_S 1000000000ull

struct emu_alarm {
    struct tk_alarm alarm; /* the HIL device */
    struct tk_kernel *kernel;
    struct tk_deadline deadline; /* armed exactly while the alarm is */
    uint32_t alarm_value;        /* reference + dt of the last set_alarm */
};

uint64_t emu_alarm_ticks_at(uint64_t ns)
{
    /* Split so that ns * 32768 cannot overflow. */
    return ns / NS_PER_S * EMU_ALARM_HZ + ns % NS_PER_S * EMU_ALARM_HZ / NS_PER_S;
}

uint64_t emu_alarm_ns_of_tick(uint64_t ticks)
{
    uint64_t rem = ticks % EMU_ALARM_HZ;
    return ticks / EMU_ALARM_HZ * NS_PER_S + (rem * NS_PER_S + EMU_ALARM_HZ - 1) / EMU_ALARM_HZ;
}

static uint32_t alarm_now(struct tk_alarm *t)
{
    struct emu_alarm *a = t->state;
    return (uint32_t)emu_alarm_ticks_at(tk_kernel_now(a->kernel));
}

static uint32_t alarm_frequency(struct tk_alarm *t)
{
    (void)t;
    return EMU_ALARM_HZ;
}

static void alarm_fire(struct tk_deadline *dl)
{
    struct emu_alarm *a = dl->owner;
    /* hil/time.h: disarmed before the client runs (the kernel clears
     * deadline.armed before firing), so it may re-arm. */
    if (a->alarm.client != NULL)
        a->alarm.client->fired(a->alarm.client);
}

static void alarm_set(struct tk_alarm *t, uint32_t reference, uint32_t dt)
{
    struct emu_alarm *a = t->state;
    uint64_t now_ns = tk_kernel_now(a->kernel);
    uint64_t now_ticks = emu_alarm_ticks_at(now_ns);
    uint32_t elapsed = (uint32_t)now_ticks - reference;
    uint64_t when_ns = now_ns; /* already passed: fire as soon as possible */
    if (elapsed < dt)
        when_ns = emu_alarm_ns_of_tick(now_ticks + (dt - elapsed));

    a->alarm_value = reference + dt;
    tk_deadline_arm(a->kernel, &a->deadline, when_ns);
}

static uint32_t alarm_get(struct tk_alarm *t)
{
    struct emu_alarm *a = t->state;
    return a->alarm_value;
}

static int alarm_disarm(struct tk_alarm *t)
{
    struct emu_alarm *a = t->state;
    tk_deadline_disarm(a->kernel, &a->deadline); /* harmless when not armed */
    return 0;
}

static bool alarm_is_armed(struct tk_alarm *t)
{
    struct emu_alarm *a = t->state;
    return a->deadline.armed;
}

static const struct tk_alarm_ops alarm_ops = {
    .now = alarm_now,
    .frequency = alarm_frequency,
    .set_alarm = alarm_set,
    .get_alarm = alarm_get,
    .disarm = alarm_disarm,
    .is_armed = alarm_is_armed,
    .width = 32,
};

struct emu_alarm *emu_alarm_new(struct tk_kernel *k)
{
    struct emu_alarm *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NULL;
    a->alarm = (struct tk_alarm){.ops = &alarm_ops, .state = a};
    a->kernel = k;
    a->deadline = (struct tk_deadline){.fire = alarm_fire, .owner = a};
    return a;
}

void emu_alarm_free(struct emu_alarm *a)
{
    if (a == NULL)
        return;
    (void)alarm_disarm(&a->alarm);
    free(a);
}

struct tk_alarm *emu_alarm_device(struct emu_alarm *a)
{
    return &a->alarm;
}
