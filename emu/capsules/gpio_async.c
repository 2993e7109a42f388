/* Asynchronous GPIO capsule: split-phase pin operations on expander ports.
 *
 * Mirrors tock/tock capsules/extra/src/gpio_async.rs @65608d71.
 *
 * Syscall interface, driver 0x80003. arg0 is the pin; arg1 packs the port
 * in bits 0..15 and a command-specific value in bits 16..31:
 *
 *   command | value (arg1 >> 16 & 0xff)       | result
 *   --------+---------------------------------+----------------------------
 *   10      |                                 | S32(number of ports)
 *   1       |                                 | make output
 *   2, 3, 4 |                                 | set, clear, toggle
 *   5       | 0 no pull, 1 pull-up, 2 down    | make input; F(INVAL) other
 *   6       |                                 | read: the level in upcall 0
 *   7       | 0 either, 1 rising, 2 falling   | enable interrupt; F(INVAL)
 *   8, 9    |                                 | disable interrupt, disable
 *   other   |                                 | F(NOSUPPORT)
 *
 * Commands 1..9 first check, in this order: port >= number of ports ->
 * F(INVAL); an operation of any process in flight -> F(BUSY). Then the
 * port's error, or S with the caller remembered until the port is done.
 * Command 0 is no existence check at 65608d71: the upstream code builds
 * the success and drops it, so 0 falls through the same checks to
 * F(NOSUPPORT) (F(INVAL) with no ports, F(BUSY) while busy). Kept as is:
 * libtock-c's driver_exists says false for this driver on Tock too.
 *
 * Subscribe 0: (0, value, 0) to the process whose operation finished
 * (value: the level for a read, else 0). Subscribe 1: (port, pin, 0) to
 * every process with a grant when an enabled input pin interrupts. No
 * allows.
 */
#include "container_of.h"
#include "gpio_async.h"

enum gpio_async_upcall {
    GPIO_ASYNC_UPCALL_DONE,
    GPIO_ASYNC_UPCALL_INTERRUPT,
    GPIO_ASYNC_UPCALL_COUNT
};

struct gpio_async_app {
    uint8_t unused; /* upstream's App is empty; the grant holds the upcalls */
};

/* Command 5's value: FloatingState, or -1 (INVAL). */
static int pull_from_value(uint32_t value)
{
    static const int pulls[] = {TK_GPIO_PULL_NONE, TK_GPIO_PULL_UP, TK_GPIO_PULL_DOWN};
    return value < 3 ? pulls[value] : -1;
}

/* Command 7's value: InterruptEdge, or -1 (INVAL). */
static int edge_from_value(uint32_t value)
{
    static const int edges[] = {TK_GPIO_EDGE_EITHER, TK_GPIO_EDGE_RISING, TK_GPIO_EDGE_FALLING};
    return value < 3 ? edges[value] : -1;
}

/* Commands 1..9 on a checked port: the port's status, or -1 for
 * NOSUPPORT (an unknown command). */
static int gpio_async_operation(struct tk_gpio_async_port *port, uint32_t command, unsigned pin,
                                uint32_t value)
{
    const struct tk_gpio_async_ops *ops = port->ops;
    int mode;
    switch (command) {
    case 1:
        return ops->make_output(port, pin);
    case 2:
        return ops->set(port, pin);
    case 3:
        return ops->clear(port, pin);
    case 4:
        return ops->toggle(port, pin);
    case 5:
        mode = pull_from_value(value);
        return mode < 0 ? TK_INVAL : ops->make_input(port, pin, (enum tk_gpio_floating_state)mode);
    case 6:
        return ops->read(port, pin);
    case 7:
        mode = edge_from_value(value);
        return mode < 0 ? TK_INVAL
                        : ops->enable_interrupt(port, pin, (enum tk_gpio_interrupt_edge)mode);
    case 8:
        return ops->disable_interrupt(port, pin);
    case 9:
        return ops->disable(port, pin);
    default:
        return -1;
    }
}

static struct tk_cmd_return gpio_async_command(struct tk_driver *drv, struct tk_process *p,
                                               uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_gpio_async *d = drv->state;
    uint32_t port = arg1 & 0xFFFF, value = (arg1 >> 16) & 0xFF;
    if (command == 10)
        return tk_cmd_success_u32(d->port_count);
    if (port >= d->port_count)
        return tk_cmd_failure(TK_INVAL);
    if (d->configuring)
        return tk_cmd_failure(TK_BUSY);
    int rc = gpio_async_operation(d->ports[port], command, arg0, value);
    if (rc < 0)
        return tk_cmd_failure(TK_NOSUPPORT);
    if (rc == 0) {
        d->configuring = true;
        d->configuring_id = p->id;
    }
    return tk_cmd_from_status(rc);
}

/* An interrupt: every process with a grant hears of it. */
static void gpio_async_fired(struct tk_gpio_async_client *client, unsigned pin, unsigned identifier)
{
    struct tk_gpio_async *d = tk_container_of(client, struct tk_gpio_async, client);
    unsigned slot = 0;
    void *grant;
    for (struct tk_process *p; (p = tk_grant_next(&d->driver, &slot, &grant)) != NULL;)
        (void)tk_upcall_schedule(&d->driver, p, GPIO_ASYNC_UPCALL_INTERRUPT, identifier, pin, 0);
}

/* An operation finished: tell the process that started it, free the port. */
static void gpio_async_done(struct tk_gpio_async_client *client, uint32_t value)
{
    struct tk_gpio_async *d = tk_container_of(client, struct tk_gpio_async, client);
    struct tk_process *p;
    if (d->configuring && tk_grant_get_by_id(&d->driver, d->configuring_id, &p) != NULL)
        (void)tk_upcall_schedule(&d->driver, p, GPIO_ASYNC_UPCALL_DONE, 0, value, 0);
    d->configuring = false;
}

static const struct tk_driver_ops gpio_async_ops = {
    .command = gpio_async_command,
    .has_grant = true,
    .grant_size = sizeof(struct gpio_async_app),
    .upcall_count = GPIO_ASYNC_UPCALL_COUNT,
};

void tk_gpio_async_init(struct tk_gpio_async *d, struct tk_gpio_async_port *const *ports,
                        unsigned count)
{
    *d = (struct tk_gpio_async){
        .driver = {.number = TK_DRIVER_NUM_GPIO_ASYNC, .ops = &gpio_async_ops, .state = d},
        .client = {.fired = gpio_async_fired, .done = gpio_async_done},
        .port_count = count < TK_GPIO_ASYNC_MAX_PORTS ? count : TK_GPIO_ASYNC_MAX_PORTS,
    };
    for (unsigned i = 0; i < d->port_count; i++) {
        d->ports[i] = ports[i];
        ports[i]->client = &d->client;
    }
}
