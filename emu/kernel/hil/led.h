/* LED HIL: one light that a board wires to a pin, on or off.
 *
 * Mirrors tock/tock kernel/src/hil/led.rs @65608d71 (trait Led). The LED
 * capsule (spec §8.3) drives LEDs only through these calls, so it never knows
 * the pin or its polarity. All calls are synchronous.
 */
#ifndef TK_HIL_LED_H
#define TK_HIL_LED_H

#include <stdbool.h>

struct tk_led;

struct tk_led_ops {
    /* Make the underlying pin an output. The LED state is undefined until the
     * next on()/off(). */
    void (*init)(struct tk_led *led);
    void (*on)(struct tk_led *led);
    void (*off)(struct tk_led *led);
    void (*toggle)(struct tk_led *led);
    /* True if the LED is lit. */
    bool (*read)(struct tk_led *led);
};

struct tk_led {
    const struct tk_led_ops *ops;
    void *state; /* the implementation's */
};

#endif
