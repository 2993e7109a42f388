/* GPIO capsule: userspace pins as outputs, inputs and interrupt sources.
 *
 * Mirrors tock/tock capsules/core/src/gpio.rs @65608d71; spec §8.5, §10.38.
 *
 * Syscall interface, driver 0x4. Pin commands take the slot index in arg0 and
 * fail F(INVAL) if index >= slots, F(NODEVICE) if the slot has no pin.
 *
 *   command | args      | result
 *   --------+-----------+-----------------------------------------------------
 *   0       | -         | S
 *   1       | pin       | S: make output
 *   2       | pin       | S: set high
 *   3       | pin       | S: set low
 *   4       | pin       | S: toggle
 *   5       | pin, pull | S: make input, pull 0 none / 1 up / 2 down;
 *           |           | other pull F(NOSUPPORT) (the pin is an input anyway)
 *   6       | pin       | S32(level 0/1)
 *   7       | pin, edge | S: interrupt on 0 either / 1 rising / 2 falling edge;
 *           |           | other edge F(NOSUPPORT); F(NOMEM) first if the
 *           |           | caller's grant cannot be allocated
 *   8       | pin       | S: disable interrupt and deactivate; F(NOMEM) first
 *           |           | if the caller's grant cannot be allocated
 *   9       | pin       | S: deactivate to low power
 *   10      | -         | S32(number of slots)
 *   other   |           | F(NOSUPPORT)
 *
 * Subscribe 0: (pin, level 0/1, 0), on every enabled edge of any pin, to
 * every process that has a GPIO grant: interrupts are not per process.
 * Allow: none.
 *
 * Every command first enters the caller's grant, allocating it, so any
 * process that used the driver receives interrupts. Only commands 7 and 8
 * report a failed entry, so an app cannot wait for an interrupt that could
 * never reach it.
 */
#include <assert.h>

#include "container_of.h"
#include "gpio.h"

enum gpio_upcall { GPIO_UPCALL_INTERRUPT, GPIO_UPCALL_COUNT };

enum gpio_action {
    GPIO_MAKE_OUTPUT,
    GPIO_SET,
    GPIO_CLEAR,
    GPIO_TOGGLE,
    GPIO_READ,
    GPIO_DISABLE_INTERRUPT, /* and deactivate */
    GPIO_DEACTIVATE,
};

/* The pin in slot `index`, or NULL with `*fail` set to INVAL/NODEVICE. */
static struct tk_gpio_pin *gpio_pin_at(struct tk_gpio *g, uint32_t index,
                                       struct tk_cmd_return *fail)
{
    if (index >= g->count) {
        *fail = tk_cmd_failure(TK_INVAL); /* impossible pin */
        return NULL;
    }
    if (g->pins[index] == NULL) {
        *fail = tk_cmd_failure(TK_NODEVICE);
        return NULL;
    }
    return g->pins[index];
}

/* Commands 1-4, 6, 8 and 9: one pin operation after the slot checks. */
static struct tk_cmd_return gpio_pin_command(struct tk_gpio *g, uint32_t index,
                                             enum gpio_action action)
{
    struct tk_cmd_return fail;
    struct tk_gpio_pin *pin = gpio_pin_at(g, index, &fail);
    if (pin == NULL)
        return fail;
    switch (action) {
    case GPIO_MAKE_OUTPUT:
        (void)pin->ops->make_output(pin);
        break;
    case GPIO_SET:
        pin->ops->set(pin);
        break;
    case GPIO_CLEAR:
        pin->ops->clear(pin);
        break;
    case GPIO_TOGGLE:
        (void)pin->ops->toggle(pin);
        break;
    case GPIO_READ:
        return tk_cmd_success_u32(pin->ops->read(pin) ? 1 : 0);
    case GPIO_DISABLE_INTERRUPT:
        pin->ops->disable_interrupts(pin);
        pin->ops->deactivate_to_low_power(pin);
        break;
    case GPIO_DEACTIVATE:
        pin->ops->deactivate_to_low_power(pin);
        break;
    }
    return tk_cmd_success();
}

/* Command 5. The pin becomes an input before the pull is checked, as in
 * Tock, so a bad pull still leaves an input behind. */
static struct tk_cmd_return gpio_make_input(struct tk_gpio *g, uint32_t index, uint32_t pull)
{
    static const enum tk_gpio_floating_state pulls[] = {TK_GPIO_PULL_NONE, TK_GPIO_PULL_UP,
                                                        TK_GPIO_PULL_DOWN};
    struct tk_cmd_return fail;
    struct tk_gpio_pin *pin = gpio_pin_at(g, index, &fail);
    if (pin == NULL)
        return fail;
    (void)pin->ops->make_input(pin);
    if (pull >= sizeof pulls / sizeof pulls[0])
        return tk_cmd_failure(TK_NOSUPPORT);
    pin->ops->set_floating_state(pin, pulls[pull]);
    return tk_cmd_success();
}

/* Command 7. */
static struct tk_cmd_return gpio_enable_interrupt(struct tk_gpio *g, uint32_t index, uint32_t edge)
{
    static const enum tk_gpio_interrupt_edge edges[] = {TK_GPIO_EDGE_EITHER, TK_GPIO_EDGE_RISING,
                                                        TK_GPIO_EDGE_FALLING};
    struct tk_cmd_return fail;
    struct tk_gpio_pin *pin = gpio_pin_at(g, index, &fail);
    if (pin == NULL)
        return fail;
    if (edge >= sizeof edges / sizeof edges[0])
        return tk_cmd_failure(TK_NOSUPPORT);
    (void)pin->ops->enable_interrupts(pin, edges[edge]);
    return tk_cmd_success();
}

static struct tk_cmd_return gpio_command(struct tk_driver *d, struct tk_process *p,
                                         uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_gpio *g = d->state;

    /* The caller used the driver: allocate its grant so it gets interrupts. */
    int err = 0;
    void *app = tk_grant_enter(d, p, &err); /* the grant is `()`: no data */
    /* spec §8.5: 7 and 8 fail NOMEM before any other check. */
    if (app == NULL && (command == 7 || command == 8))
        return tk_cmd_failure(TK_NOMEM);

    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return gpio_pin_command(g, arg0, GPIO_MAKE_OUTPUT);
    case 2:
        return gpio_pin_command(g, arg0, GPIO_SET);
    case 3:
        return gpio_pin_command(g, arg0, GPIO_CLEAR);
    case 4:
        return gpio_pin_command(g, arg0, GPIO_TOGGLE);
    case 5:
        return gpio_make_input(g, arg0, arg1);
    case 6:
        return gpio_pin_command(g, arg0, GPIO_READ);
    case 7:
        return gpio_enable_interrupt(g, arg0, arg1);
    case 8:
        return gpio_pin_command(g, arg0, GPIO_DISABLE_INTERRUPT);
    case 9:
        return gpio_pin_command(g, arg0, GPIO_DEACTIVATE);
    case 10:
        return tk_cmd_success_u32(g->count);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* A pin interrupt; `value` is the slot. Every process with a grant hears it
 * (spec §10.38). O(process slots); slots <= 16. */
static void gpio_fired(struct tk_gpio_client *client, uint32_t value)
{
    struct tk_gpio *g = tk_container_of(client, struct tk_gpio, client);
    assert(value < g->count && g->pins[value] != NULL);
    struct tk_gpio_pin *pin = g->pins[value];
    uint32_t level = pin->ops->read(pin) ? 1 : 0;
    unsigned slot = 0;
    struct tk_process *p;
    void *data;

    while ((p = tk_grant_next(&g->driver, &slot, &data)) != NULL)
        /* spec §2.2: a full queue or dead process only moves its counter. */
        (void)tk_upcall_schedule(&g->driver, p, GPIO_UPCALL_INTERRUPT, value, level, 0);
}

static const struct tk_driver_ops gpio_ops = {
    .command = gpio_command,
    .has_grant = true,
    .grant_size = 0, /* Tock's grant is `()` */
    .upcall_count = GPIO_UPCALL_COUNT,
};

void tk_gpio_init(struct tk_gpio *g, struct tk_gpio_pin *const *pins, unsigned count)
{
    assert(count <= TK_GPIO_MAX_PINS);
    *g = (struct tk_gpio){
        .driver = {.number = TK_DRIVER_NUM_GPIO, .ops = &gpio_ops, .state = g},
        .client = {.fired = gpio_fired},
        .count = count,
    };
    for (unsigned i = 0; i < count; i++) {
        g->pins[i] = pins[i];
        if (pins[i] == NULL)
            continue;
        pins[i]->client = &g->client;
        pins[i]->value = i;
    }
}
