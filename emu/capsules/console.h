/* Console capsule (driver 0x1): app text out and in over a UART.
 *
 * Mirrors tock/tock capsules/core/src/console.rs @65608d71 (Console); the
 * syscall interface is in console.c.
 */
#ifndef TK_CAPSULE_CONSOLE_H
#define TK_CAPSULE_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "driver.h"
#include "hil/uart.h"

#define TK_CONSOLE_BUF_SIZE 64 /* console::DEFAULT_BUF_SIZE */

struct tk_console {
    struct tk_driver driver; /* what the board registers */
    struct tk_uart *uart;
    struct tk_uart_client uart_client;
    /* The process whose write owns the TX buffer, by ProcessId. */
    bool tx_in_progress;
    uint32_t tx_process;
    uint8_t tx_buffer[TK_CONSOLE_BUF_SIZE];
    /* The process whose read owns the RX buffer, by ProcessId; rx_busy is
     * "the RX buffer is lent to the UART" (single reader system-wide). */
    bool rx_in_progress;
    uint32_t rx_process;
    bool rx_busy;
    uint8_t rx_buffer[TK_CONSOLE_BUF_SIZE];
};

/* Set up `c` over `uart` (usually a tk_uart_device of the UART mux) and make
 * `c` the UART's client. `c->driver` gets number TK_DRIVER_NUM_CONSOLE and is
 * ready for tk_kernel_add_driver. `uart` must outlive `c`. */
void tk_console_init(struct tk_console *c, struct tk_kernel *k, struct tk_uart *uart);

#endif
