/* Button capsule: read buttons, and upcalls on press and release.
 *
 * Mirrors tock/tock capsules/core/src/button.rs @65608d71; spec §8.4, §10.38.
 *
 * Syscall interface, driver 0x3:
 *
 *   command | arg0  | result
 *   --------+-------+--------------------------------------------------------
 *   0       | -     | S32(number of buttons)  (TRD104 says S; Tock keeps S32)
 *   1       | index | S: upcalls on both edges of that button for the caller;
 *           |       | F(INVAL) index >= count; grant entry failure (NOMEM)
 *   2       | index | S: no more upcalls for the caller; the pin interrupt is
 *           |       | disabled when no process wants it; F(INVAL) as above
 *   3       | index | S32(1 pressed / 0 released); F(INVAL) as above
 *   other   |       | F(NOSUPPORT)
 *
 * Subscribe 0: (button index, 1 pressed / 0 released, 0), to every process
 * that enabled that button, on press and on release.
 * Allow: none.
 *
 * Each process's grant holds a bit map of the buttons it enabled. A pin
 * interrupt that finds no process wanting it (all of them died) disables
 * itself lazily, as Tock does.
 */
#include <assert.h>

#include "button.h"
#include "container_of.h"

enum button_upcall { BUTTON_UPCALL_EVENT, BUTTON_UPCALL_COUNT };

struct button_app {
    uint32_t subscribe_map; /* bit i: this process wants button i */
};

/* Count the processes that enabled button `index`; if `notify`, queue the
 * button upcall with `pressed` on each. O(process slots); slots <= 16. */
static unsigned button_each_waiting(struct tk_button *b, uint32_t index, bool notify,
                                    uint32_t pressed)
{
    unsigned waiting = 0, slot = 0;
    struct tk_process *p;
    void *data;

    while ((p = tk_grant_next(&b->driver, &slot, &data)) != NULL) {
        struct button_app *app = data;
        if ((app->subscribe_map & (UINT32_C(1) << index)) == 0)
            continue;
        waiting++;
        if (notify)
            /* spec §2.2: a full queue or dead process only moves its counter. */
            (void)tk_upcall_schedule(&b->driver, p, BUTTON_UPCALL_EVENT, index, pressed, 0);
    }
    return waiting;
}

static uint32_t button_is_pressed(struct tk_button *b, uint32_t index)
{
    return tk_gpio_read_activation(b->pins[index].pin, b->pins[index].mode) ? 1 : 0;
}

/* Command 1. */
static struct tk_cmd_return button_enable(struct tk_button *b, struct tk_process *p, uint32_t index)
{
    if (index >= b->count)
        return tk_cmd_failure(TK_INVAL); /* impossible button */
    int err = 0;
    struct button_app *app = tk_grant_enter(&b->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    app->subscribe_map |= UINT32_C(1) << index;
    struct tk_gpio_pin *pin = b->pins[index].pin;
    (void)pin->ops->enable_interrupts(pin, TK_GPIO_EDGE_EITHER);
    return tk_cmd_success();
}

/* Command 2. The interrupt check runs even when the caller's grant could not
 * be entered, as in Tock. */
static struct tk_cmd_return button_disable(struct tk_button *b, struct tk_process *p,
                                           uint32_t index)
{
    if (index >= b->count)
        return tk_cmd_failure(TK_INVAL); /* impossible button */
    int err = 0;
    struct button_app *app = tk_grant_enter(&b->driver, p, &err);
    if (app != NULL)
        app->subscribe_map &= ~(UINT32_C(1) << index);
    if (button_each_waiting(b, index, false, 0) == 0) {
        struct tk_gpio_pin *pin = b->pins[index].pin;
        pin->ops->disable_interrupts(pin);
    }
    return app != NULL ? tk_cmd_success() : tk_cmd_failure(err);
}

/* Command 3. */
static struct tk_cmd_return button_read(struct tk_button *b, uint32_t index)
{
    if (index >= b->count)
        return tk_cmd_failure(TK_INVAL); /* impossible button */
    return tk_cmd_success_u32(button_is_pressed(b, index));
}

static struct tk_cmd_return button_command(struct tk_driver *d, struct tk_process *p,
                                           uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_button *b = d->state;
    (void)arg1;

    switch (command) {
    case 0:
        return tk_cmd_success_u32(b->count);
    case 1:
        return button_enable(b, p, arg0);
    case 2:
        return button_disable(b, p, arg0);
    case 3:
        return button_read(b, arg0);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* A pin interrupt: both edges, `value` is the button index. */
static void button_fired(struct tk_gpio_client *client, uint32_t value)
{
    struct tk_button *b = tk_container_of(client, struct tk_button, client);
    assert(value < b->count);
    if (button_each_waiting(b, value, true, button_is_pressed(b, value)) == 0) {
        struct tk_gpio_pin *pin = b->pins[value].pin;
        pin->ops->disable_interrupts(pin);
    }
}

static const struct tk_driver_ops button_ops = {
    .command = button_command,
    .has_grant = true,
    .grant_size = sizeof(struct button_app),
    .upcall_count = BUTTON_UPCALL_COUNT,
};

void tk_button_init(struct tk_button *b, const struct tk_button_pin *pins, unsigned count)
{
    assert(count <= TK_BUTTON_MAX);
    *b = (struct tk_button){
        .driver = {.number = TK_DRIVER_NUM_BUTTON, .ops = &button_ops, .state = b},
        .client = {.fired = button_fired},
        .count = count,
    };
    for (unsigned i = 0; i < count; i++) {
        struct tk_gpio_pin *pin = pins[i].pin;
        b->pins[i] = pins[i];
        pin->client = &b->client;
        pin->value = i;
        (void)pin->ops->make_input(pin);
        pin->ops->set_floating_state(pin, pins[i].floating);
    }
}
