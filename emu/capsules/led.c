/* LED capsule: userspace control of the board's LEDs by index.
 *
 * Mirrors tock/tock capsules/core/src/led.rs @65608d71; spec §8.3, §10.6.
 *
 * Syscall interface, driver 0x2:
 *
 *   command | arg0  | result
 *   --------+-------+----------------------------------------------
 *   0       | -     | S32(number of LEDs)  (TRD104 says S; Tock keeps S32)
 *   1       | index | S: LED on;     F(INVAL) if index >= count
 *   2       | index | S: LED off;    F(INVAL) if index >= count
 *   3       | index | S: toggle;     F(INVAL) if index >= count
 *   4       | index | S32(0 off, 1 on); F(INVAL) if index >= count
 *   other   |       | F(NOSUPPORT)
 *
 * Subscribe: none. Allow: none. The capsule has no grant, so the kernel
 * answers every subscribe and allow with NOMEM (spec §10.6).
 */
#include <assert.h>

#include "led.h"

enum led_action { LED_ON, LED_OFF, LED_TOGGLE };

/* Commands 1-3: one LED operation after the index check. */
static struct tk_cmd_return led_apply(struct tk_led_driver *d, uint32_t index,
                                      enum led_action action)
{
    if (index >= d->count)
        return tk_cmd_failure(TK_INVAL); /* led out of range */
    struct tk_led *led = d->leds[index];
    switch (action) {
    case LED_ON:
        led->ops->on(led);
        break;
    case LED_OFF:
        led->ops->off(led);
        break;
    case LED_TOGGLE:
        led->ops->toggle(led);
        break;
    }
    return tk_cmd_success();
}

/* Command 4. */
static struct tk_cmd_return led_read(struct tk_led_driver *d, uint32_t index)
{
    if (index >= d->count)
        return tk_cmd_failure(TK_INVAL);
    struct tk_led *led = d->leds[index];
    return tk_cmd_success_u32(led->ops->read(led) ? 1 : 0);
}

static struct tk_cmd_return led_command(struct tk_driver *driver, struct tk_process *p,
                                        uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_led_driver *d = driver->state;
    (void)p;
    (void)arg1;

    switch (command) {
    case 0:
        return tk_cmd_success_u32(d->count);
    case 1:
        return led_apply(d, arg0, LED_ON);
    case 2:
        return led_apply(d, arg0, LED_OFF);
    case 3:
        return led_apply(d, arg0, LED_TOGGLE);
    case 4:
        return led_read(d, arg0);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* No grant: has_grant false makes the kernel fail subscribe/allow with NOMEM. */
static const struct tk_driver_ops led_ops = {
    .command = led_command,
    .has_grant = false,
};

void tk_led_driver_init(struct tk_led_driver *d, struct tk_led *const *leds, unsigned count)
{
    assert(count <= TK_LED_MAX);
    *d = (struct tk_led_driver){
        .driver = {.number = TK_DRIVER_NUM_LED, .ops = &led_ops, .state = d},
        .count = count,
    };
    for (unsigned i = 0; i < count; i++) {
        d->leds[i] = leds[i];
        leds[i]->ops->init(leds[i]);
        leds[i]->ops->off(leds[i]);
    }
}
