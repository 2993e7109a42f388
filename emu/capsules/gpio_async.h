/* Asynchronous GPIO capsule (driver 0x80003): pins on I/O-expander ports.
 *
 * Mirrors tock/tock capsules/extra/src/gpio_async.rs @65608d71
 * (GPIOAsync); the syscall interface is in gpio_async.c.
 */
#ifndef TK_CAPSULE_GPIO_ASYNC_H
#define TK_CAPSULE_GPIO_ASYNC_H

#include <stdbool.h>

#include "driver.h"
#include "hil/gpio_async.h"

#define TK_GPIO_ASYNC_MAX_PORTS 8

struct tk_gpio_async {
    struct tk_driver driver; /* what the board registers */
    struct tk_gpio_async_client client;
    struct tk_gpio_async_port *ports[TK_GPIO_ASYNC_MAX_PORTS];
    unsigned port_count;
    bool configuring;        /* an operation is in flight ... */
    uint32_t configuring_id; /* ... for this ProcessId */
};

/* Set up `d` over `count` (<= TK_GPIO_ASYNC_MAX_PORTS) ports, becoming each
 * port's client; the ports must outlive `d`. */
void tk_gpio_async_init(struct tk_gpio_async *d, struct tk_gpio_async_port *const *ports,
                        unsigned count);

#endif
