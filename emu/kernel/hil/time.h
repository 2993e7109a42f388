/* Time HIL: a free-running tick counter with one alarm, for the alarm capsule.
 *
 * Mirrors tock/tock kernel/src/hil/time.rs @65608d71 (Time, Alarm,
 * AlarmClient), reduced: ticks are carried in a uint32_t whose low `width`
 * bits count (width 1..32; the counter wraps at 2^width), the frequency is a
 * plain number of Hz, and there is one client callback.
 *
 *   now():        the counter, in [0, 2^width)
 *   set_alarm(reference, dt): fire once when now() - reference >= dt
 *                 (arithmetic mod 2^width), i.e. at reference + dt. An alarm
 *                 whose time has already passed fires as soon as possible. It
 *                 never fires early. Replaces any armed alarm.
 *   fired():      called later, never from inside set_alarm(); the alarm is
 *                 already disarmed, so the client may call set_alarm() again.
 */
#ifndef TK_HIL_TIME_H
#define TK_HIL_TIME_H

#include <stdbool.h>
#include <stdint.h>

struct tk_alarm;

struct tk_alarm_client {
    /* The alarm time was reached (Tock AlarmClient::alarm). */
    void (*fired)(struct tk_alarm_client *c);
};

struct tk_alarm_ops {
    /* The current counter value (Time::now). */
    uint32_t (*now)(struct tk_alarm *a);
    /* Counter frequency in Hz (Time::Frequency). */
    uint32_t (*frequency)(struct tk_alarm *a);
    /* Arm: fire when the counter reaches reference + dt (see above). */
    void (*set_alarm)(struct tk_alarm *a, uint32_t reference, uint32_t dt);
    /* reference + dt of the last set_alarm (undefined before the first). */
    uint32_t (*get_alarm)(struct tk_alarm *a);
    /* Disarm: no fired() will follow. Returns 0 (or TK_FAIL if the alarm
     * could not be stopped and will still fire). */
    int (*disarm)(struct tk_alarm *a);
    bool (*is_armed)(struct tk_alarm *a);
    /* Counter width in bits, 1..32 (Ticks::width); 0 means 32. */
    uint8_t width;
};

struct tk_alarm {
    const struct tk_alarm_ops *ops;
    struct tk_alarm_client *client;
    void *state; /* the implementation's */
};

/* The mask of valid counter bits of `a`. */
static inline uint32_t tk_alarm_mask(const struct tk_alarm *a)
{
    unsigned w = a->ops->width == 0 ? 32u : a->ops->width;
    return w >= 32 ? UINT32_MAX : (uint32_t)((1u << w) - 1u);
}

/* Bits a value of `a` is shifted left by to wrap at 2^32 (Ticks::u32_padding). */
static inline unsigned tk_alarm_padding(const struct tk_alarm *a)
{
    unsigned w = a->ops->width == 0 ? 32u : a->ops->width;
    return w >= 32 ? 0u : 32u - w;
}

#endif
