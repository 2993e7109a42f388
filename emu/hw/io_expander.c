/* I/O expander model: an MCP23008's 8 pins behind an I2C bus, split-phase.
 *
 * Plays tock/tock capsules/extra/src/mcp230xx.rs @65608d71 behind
 * hil/gpio_async.h: each operation is one I2C transaction, so it completes
 * EMU_EXPANDER_LATENCY_NS later with done(value) (the level for a read,
 * else 0), one at a time (BUSY meanwhile); a pin past 7 is INVAL. Input
 * pins read what the outside drives (scenario `gpio-async PORT PIN
 * high|low`), 0 until driven; an optional loopback wire makes one output
 * pin drive one input pin of the same port, as the test boards of
 * libtock-c's gpio_async example are wired. An enabled input pin whose
 * level changes on its edge interrupts: fired(pin, port number).
 * Output changes are `device` trace events `gpio-async PORT PIN high|low`.
 */
#include "devices.h"

#define EMU_EXPANDER_LATENCY_NS 100000ull /* one 100 kHz I2C transaction */

enum expander_op {
    OP_DISABLE,
    OP_OUTPUT,
    OP_INPUT,
    OP_READ,
    OP_TOGGLE,
    OP_SET,
    OP_CLEAR,
    OP_INTERRUPT_ON,
    OP_INTERRUPT_OFF,
};

bool emu_expander_level(const struct emu_expander *m, unsigned pin)
{
    const struct emu_expander_pin *p = &m->pins[pin];
    return p->output ? p->latch : p->driven;
}

/* An input pin's level went from `before` to its current one. */
static void expander_edge(struct emu_expander *m, unsigned pin, bool before)
{
    const struct emu_expander_pin *p = &m->pins[pin];
    bool now = emu_expander_level(m, pin);
    if (p->output || !p->interrupt || now == before)
        return;
    bool wanted = p->edge == TK_GPIO_EDGE_EITHER || (p->edge == TK_GPIO_EDGE_RISING) == now;
    if (wanted && m->port.client != NULL)
        m->port.client->fired(m->port.client, pin, m->index);
}

void emu_expander_drive(struct emu_expander *m, unsigned pin, bool level)
{
    if (pin >= EMU_EXPANDER_PINS)
        return;
    bool before = emu_expander_level(m, pin);
    m->pins[pin].driven = level;
    expander_edge(m, pin, before);
}

/* An output pin's latch changed: the trace, and the loopback wire. */
static void expander_output_changed(struct emu_expander *m, unsigned pin)
{
    bool level = emu_expander_level(m, pin);
    tk_kernel_device_event(m->kernel, "gpio-async %u %u %s", m->index, pin, level ? "high" : "low");
    if ((int)pin == m->loopback_from && m->loopback_to >= 0)
        emu_expander_drive(m, (unsigned)m->loopback_to, level);
}

/* The transaction is over: apply the operation, then done(). */
static void expander_done(struct tk_deadline *dl)
{
    struct emu_expander *m = dl->owner;
    struct emu_expander_pin *p = &m->pins[m->op_pin];
    bool was_output = p->output, before = emu_expander_level(m, m->op_pin);
    uint32_t value = 0;
    switch ((enum expander_op)m->op) {
    case OP_DISABLE:
    case OP_INPUT:
        p->output = false;
        break;
    case OP_OUTPUT:
        p->output = true;
        break;
    case OP_READ:
        value = emu_expander_level(m, m->op_pin);
        break;
    case OP_TOGGLE:
        p->latch = !p->latch;
        break;
    case OP_SET:
        p->latch = true;
        break;
    case OP_CLEAR:
        p->latch = false;
        break;
    case OP_INTERRUPT_ON:
        p->interrupt = true;
        p->edge = (enum tk_gpio_interrupt_edge)m->op_arg;
        break;
    case OP_INTERRUPT_OFF:
        p->interrupt = false;
        break;
    }
    m->busy = false;
    if (p->output && (!was_output || before != emu_expander_level(m, m->op_pin)))
        expander_output_changed(m, m->op_pin);
    if (m->port.client != NULL)
        m->port.client->done(m->port.client, value);
}

static int expander_start(struct tk_gpio_async_port *port, enum expander_op op, unsigned pin,
                          unsigned arg)
{
    struct emu_expander *m = port->state;
    if (pin >= EMU_EXPANDER_PINS)
        return TK_INVAL;
    if (m->busy)
        return TK_BUSY;
    m->busy = true;
    m->op = op, m->op_pin = pin, m->op_arg = arg;
    tk_deadline_arm(m->kernel, &m->done_deadline,
                    tk_kernel_now(m->kernel) + EMU_EXPANDER_LATENCY_NS);
    return 0;
}

static int expander_disable(struct tk_gpio_async_port *p, unsigned pin)
{
    return expander_start(p, OP_DISABLE, pin, 0);
}
static int expander_make_output(struct tk_gpio_async_port *p, unsigned pin)
{
    return expander_start(p, OP_OUTPUT, pin, 0);
}
static int expander_make_input(struct tk_gpio_async_port *p, unsigned pin,
                               enum tk_gpio_floating_state pull)
{
    /* mcp230xx.rs: the chip has no pull-down; it configures no pull. */
    return expander_start(p, OP_INPUT, pin, pull);
}
static int expander_read(struct tk_gpio_async_port *p, unsigned pin)
{
    return expander_start(p, OP_READ, pin, 0);
}
static int expander_toggle(struct tk_gpio_async_port *p, unsigned pin)
{
    return expander_start(p, OP_TOGGLE, pin, 0);
}
static int expander_set(struct tk_gpio_async_port *p, unsigned pin)
{
    return expander_start(p, OP_SET, pin, 0);
}
static int expander_clear(struct tk_gpio_async_port *p, unsigned pin)
{
    return expander_start(p, OP_CLEAR, pin, 0);
}
static int expander_enable_interrupt(struct tk_gpio_async_port *p, unsigned pin,
                                     enum tk_gpio_interrupt_edge edge)
{
    return expander_start(p, OP_INTERRUPT_ON, pin, edge);
}
static int expander_disable_interrupt(struct tk_gpio_async_port *p, unsigned pin)
{
    return expander_start(p, OP_INTERRUPT_OFF, pin, 0);
}

static const struct tk_gpio_async_ops expander_ops = {
    .disable = expander_disable,
    .make_output = expander_make_output,
    .make_input = expander_make_input,
    .read = expander_read,
    .toggle = expander_toggle,
    .set = expander_set,
    .clear = expander_clear,
    .enable_interrupt = expander_enable_interrupt,
    .disable_interrupt = expander_disable_interrupt,
};

void emu_expander_init(struct emu_expander *m, struct tk_kernel *k, unsigned index,
                       int loopback_from, int loopback_to)
{
    *m = (struct emu_expander){
        .port = {.ops = &expander_ops, .state = m},
        .kernel = k,
        .index = index,
        .loopback_from = loopback_from,
        .loopback_to = loopback_to,
        .done_deadline = {.fire = expander_done, .owner = m},
    };
}

void emu_expander_fini(struct emu_expander *m)
{
    if (m->kernel != NULL)
        tk_deadline_disarm(m->kernel, &m->done_deadline);
}
