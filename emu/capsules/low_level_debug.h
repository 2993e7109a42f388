/* Low-level debug capsule (driver 0x8): alert codes and numbers to the UART.
 *
 * Mirrors tock/tock capsules/core/src/low_level_debug/ @65608d71
 * (LowLevelDebug); the syscall interface is in low_level_debug.c.
 */
#ifndef TK_CAPSULE_LOW_LEVEL_DEBUG_H
#define TK_CAPSULE_LOW_LEVEL_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

#include "driver.h"
#include "hil/uart.h"

/* Longest line: "LowLevelDebug: Dropped 0x<8> entries for app 0x<8>\n" (55). */
#define TK_LOW_LEVEL_DEBUG_BUF_LEN 64

struct tk_low_level_debug {
    struct tk_driver driver; /* what the board registers */
    struct tk_uart *uart;
    struct tk_uart_client uart_client;
    bool buffer_busy; /* the buffer is lent to the UART */
    bool grant_failed;
    uint8_t buffer[TK_LOW_LEVEL_DEBUG_BUF_LEN];
};

/* Set up `d` over `uart` (a transmit-only tk_uart_device of the UART mux) and
 * make `d` the UART's client. `d->driver` gets number
 * TK_DRIVER_NUM_LOW_LEVEL_DEBUG and is ready for tk_kernel_add_driver. */
void tk_low_level_debug_init(struct tk_low_level_debug *d, struct tk_uart *uart);

#endif
