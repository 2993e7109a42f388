/* Fake LED, GPIO pin and entropy source for the peripheral capsule tests.
 *
 * Each records what the capsule asked of it and lets the test play the
 * hardware: fire a pin interrupt at a chosen level, deliver chosen words
 * (tock/tock capsules' MockAlarm style, style §8). The result and upcall
 * checks are in fake_hil.h.
 */
#ifndef TK_TEST_FAKE_PERIPHERALS_H
#define TK_TEST_FAKE_PERIPHERALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hil/entropy.h"
#include "hil/gpio.h"
#include "hil/led.h"

struct fake_led {
    struct tk_led hil;
    bool lit;
    unsigned init_calls;
};

struct fake_pin {
    struct tk_gpio_pin hil;
    enum tk_gpio_configuration config;
    enum tk_gpio_floating_state pull;
    bool level; /* what read() returns; set() and clear() write it too */
    bool interrupt_enabled;
    enum tk_gpio_interrupt_edge edge;
    unsigned disable_calls, deactivate_calls;
};

struct fake_entropy {
    struct tk_entropy32 hil;
    unsigned get_calls, cancel_calls;
    size_t words_pulled; /* by the client, over all deliveries */
};

/* Start state: LED off; pin in low power, no pull, low, interrupt off. */
void fake_led_init(struct fake_led *f);
void fake_pin_init(struct fake_pin *f);
void fake_entropy_init(struct fake_entropy *f);

/* Drive the pin to `level` and report an interrupt to its client, as the
 * hardware would on an enabled edge. */
void fake_pin_fire(struct fake_pin *f, bool level);

/* Offer `count` words to the client; returns the client's answer. */
enum tk_entropy_continue fake_entropy_deliver(struct fake_entropy *f, const uint32_t *words,
                                              size_t count);

#endif
