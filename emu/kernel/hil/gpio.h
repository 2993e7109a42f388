/* GPIO HIL: a pin that is an output, an input with pull, or an interrupt.
 *
 * Mirrors tock/tock kernel/src/hil/gpio.rs @65608d71: the Configure, Output,
 * Input and InterruptWithValue traits of one InterruptValueWrapper pin. The
 * button (spec §8.4) and GPIO (spec §8.5) capsules use it; LEDs sit on pins
 * behind hil/led.h.
 *
 * Interrupts: after enable_interrupts(edge), every matching edge of the
 * input level calls client->fired(client, pin->value) later, from the kernel
 * loop (a deadline or a deferred call), never from inside a pin call made by
 * the client. `value` is the client's own tag for the pin (Tock set_value);
 * the capsules use the pin's index.
 */
#ifndef TK_HIL_GPIO_H
#define TK_HIL_GPIO_H

#include <stdbool.h>
#include <stdint.h>

struct tk_gpio_pin;

enum tk_gpio_floating_state {
    TK_GPIO_PULL_NONE,
    TK_GPIO_PULL_UP,
    TK_GPIO_PULL_DOWN,
};

enum tk_gpio_interrupt_edge {
    TK_GPIO_EDGE_RISING,
    TK_GPIO_EDGE_FALLING,
    TK_GPIO_EDGE_EITHER,
};

enum tk_gpio_configuration {
    TK_GPIO_CONFIG_LOW_POWER, /* neither read nor written: inactive */
    TK_GPIO_CONFIG_INPUT,
    TK_GPIO_CONFIG_OUTPUT,
};

/* Whether "active" (LED lit, button pressed) is a high or a low level. */
enum tk_gpio_activation_mode {
    TK_GPIO_ACTIVE_HIGH,
    TK_GPIO_ACTIVE_LOW,
};

struct tk_gpio_client {
    /* An enabled edge happened on the pin tagged `value`. Read the pin for
     * its level now; the level at the edge is not carried. */
    void (*fired)(struct tk_gpio_client *client, uint32_t value);
};

struct tk_gpio_pin_ops {
    /* Configure. Each returns the configuration the pin is in afterwards. */
    enum tk_gpio_configuration (*make_output)(struct tk_gpio_pin *pin);
    enum tk_gpio_configuration (*make_input)(struct tk_gpio_pin *pin);
    /* Inactive, lowest power: no output drive, no input, interrupts kept. */
    void (*deactivate_to_low_power)(struct tk_gpio_pin *pin);
    void (*set_floating_state)(struct tk_gpio_pin *pin, enum tk_gpio_floating_state state);
    enum tk_gpio_configuration (*configuration)(struct tk_gpio_pin *pin);

    /* Output: drive high, drive low, invert (returns the new level). Only
     * observable while the pin is an output; the level is latched. */
    void (*set)(struct tk_gpio_pin *pin);
    void (*clear)(struct tk_gpio_pin *pin);
    bool (*toggle)(struct tk_gpio_pin *pin);

    /* Input: the level the pin sees (an output reads its own latch). */
    bool (*read)(struct tk_gpio_pin *pin);

    /* Interrupt on `edge` of the input level; replaces the previous edge.
     * Returns 0 (the HIL allows an error code; none of ours fail). */
    int (*enable_interrupts)(struct tk_gpio_pin *pin, enum tk_gpio_interrupt_edge edge);
    void (*disable_interrupts)(struct tk_gpio_pin *pin);
};

struct tk_gpio_pin {
    const struct tk_gpio_pin_ops *ops;
    struct tk_gpio_client *client; /* set by the capsule that owns the pin */
    uint32_t value;                /* passed to client->fired */
    void *state;                   /* the implementation's */
};

/* Tock Input::read_activation: true when the pin is in its active state. */
static inline bool tk_gpio_read_activation(struct tk_gpio_pin *pin,
                                           enum tk_gpio_activation_mode mode)
{
    bool level = pin->ops->read(pin);
    return mode == TK_GPIO_ACTIVE_HIGH ? level : !level;
}

#endif
