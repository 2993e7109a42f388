/* LED capsule (driver 0x2): userspace on/off/toggle/read of the board LEDs.
 *
 * Mirrors tock/tock capsules/core/src/led.rs @65608d71 (LedDriver); the
 * syscall interface is in led.c.
 */
#ifndef TK_CAPSULE_LED_H
#define TK_CAPSULE_LED_H

#include "driver.h"
#include "hil/led.h"

#define TK_LED_MAX 32

struct tk_led_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_led *leds[TK_LED_MAX];
    unsigned count;
};

/* Set up `d` over `count` (<= TK_LED_MAX) LEDs, initialising each and
 * turning it off as Tock does. `d->driver` gets number TK_DRIVER_NUM_LED and
 * is ready for tk_kernel_add_driver. The LEDs must outlive `d`. */
void tk_led_driver_init(struct tk_led_driver *d, struct tk_led *const *leds, unsigned count);

#endif
