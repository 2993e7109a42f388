/* Asynchronous GPIO HIL: a port of pins behind a bus (an I/O expander).
 *
 * Mirrors tock/tock kernel/src/hil/gpio_async.rs @65608d71 (Port, Client).
 * Every call only starts an operation: 0 means the port will call
 * client->done once, later, from the kernel loop (with the pin's level for
 * read, else 0); an error code means nothing was started. Interrupts on
 * enabled input pins arrive as client->fired(pin, identifier), identifier
 * being the port's.
 */
#ifndef TK_HIL_GPIO_ASYNC_H
#define TK_HIL_GPIO_ASYNC_H

#include <stdint.h>

#include "gpio.h"

struct tk_gpio_async_port;

struct tk_gpio_async_client {
    void (*fired)(struct tk_gpio_async_client *client, unsigned pin, unsigned identifier);
    void (*done)(struct tk_gpio_async_client *client, uint32_t value);
};

struct tk_gpio_async_ops {
    int (*disable)(struct tk_gpio_async_port *port, unsigned pin);
    int (*make_output)(struct tk_gpio_async_port *port, unsigned pin);
    int (*make_input)(struct tk_gpio_async_port *port, unsigned pin,
                      enum tk_gpio_floating_state pull);
    int (*read)(struct tk_gpio_async_port *port, unsigned pin);
    int (*toggle)(struct tk_gpio_async_port *port, unsigned pin);
    int (*set)(struct tk_gpio_async_port *port, unsigned pin);
    int (*clear)(struct tk_gpio_async_port *port, unsigned pin);
    int (*enable_interrupt)(struct tk_gpio_async_port *port, unsigned pin,
                            enum tk_gpio_interrupt_edge edge);
    int (*disable_interrupt)(struct tk_gpio_async_port *port, unsigned pin);
};

struct tk_gpio_async_port {
    const struct tk_gpio_async_ops *ops;
    struct tk_gpio_async_client *client;
    void *state; /* the implementation's */
};

#endif
