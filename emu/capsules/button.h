/* Button capsule (driver 0x3): button state and press/release upcalls.
 *
 * Mirrors tock/tock capsules/core/src/button.rs @65608d71 (Button); the
 * syscall interface is in button.c.
 */
#ifndef TK_CAPSULE_BUTTON_H
#define TK_CAPSULE_BUTTON_H

#include "driver.h"
#include "hil/gpio.h"

#define TK_BUTTON_MAX 32 /* one bit per button in each process's map */

/* How the board wired one button: its pin, which level means "pressed", and
 * the pull the pin needs. */
struct tk_button_pin {
    struct tk_gpio_pin *pin;
    enum tk_gpio_activation_mode mode;
    enum tk_gpio_floating_state floating;
};

struct tk_button {
    struct tk_driver driver;      /* what the board registers */
    struct tk_gpio_client client; /* set as every button pin's client */
    struct tk_button_pin pins[TK_BUTTON_MAX];
    unsigned count;
};

/* Set up `b` over `count` (<= TK_BUTTON_MAX) buttons: each pin becomes an
 * input with its pull, tagged with its index, with `b` as its interrupt
 * client (Button::new). `b->driver` gets number TK_DRIVER_NUM_BUTTON. The
 * pins must outlive `b`. */
void tk_button_init(struct tk_button *b, const struct tk_button_pin *pins, unsigned count);

#endif
