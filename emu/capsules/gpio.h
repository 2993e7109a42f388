/* GPIO capsule (driver 0x4): userspace control of general-purpose pins.
 *
 * Mirrors tock/tock capsules/core/src/gpio.rs @65608d71 (GPIO); the syscall
 * interface is in gpio.c.
 */
#ifndef TK_CAPSULE_GPIO_H
#define TK_CAPSULE_GPIO_H

#include "driver.h"
#include "hil/gpio.h"

#define TK_GPIO_MAX_PINS 64

struct tk_gpio {
    struct tk_driver driver;                    /* what the board registers */
    struct tk_gpio_client client;               /* set as every pin's client */
    struct tk_gpio_pin *pins[TK_GPIO_MAX_PINS]; /* NULL: a slot without a pin */
    unsigned count;                             /* slots */
};

/* Set up `g` over `count` (<= TK_GPIO_MAX_PINS) slots; `pins[i]` may be NULL
 * for a slot without a pin (its commands fail NODEVICE). Each pin is tagged
 * with its slot index and gets `g` as its interrupt client; its configuration
 * is left alone (GPIO::new). `g->driver` gets number TK_DRIVER_NUM_GPIO. */
void tk_gpio_init(struct tk_gpio *g, struct tk_gpio_pin *const *pins, unsigned count);

#endif
