/* UART HIL: the byte device under the console and the process console.
 *
 * Mirrors tock/tock kernel/src/hil/uart.rs @65608d71, reduced to what the
 * console capsule, the process console and the UART mux use. Completion is
 * always reported later through the client (never from inside the call), as
 * a Tock UART does via interrupt or deferred call.
 */
#ifndef TK_HIL_UART_H
#define TK_HIL_UART_H

#include <stddef.h>
#include <stdint.h>

struct tk_uart;

struct tk_uart_client {
    /* The whole buffer given to transmit() went out (or `rcode` says why
     * not: TK_CANCEL after an abort, TK_FAIL on a device error). */
    void (*transmitted)(struct tk_uart_client *c, const uint8_t *buf, size_t len, int rcode);
    /* A receive() finished: `len` bytes are in `buf`. rcode 0 when the buffer
     * filled, TK_CANCEL when aborted (len = bytes so far), TK_FAIL on error. */
    void (*received)(struct tk_uart_client *c, uint8_t *buf, size_t len, int rcode);
};

struct tk_uart_ops {
    /* Start sending `len` bytes from `buf` (kept until transmitted()).
     * Returns 0, TK_BUSY if a transmission is under way, TK_SIZE if len is 0
     * or too large. On error nothing will be reported. */
    int (*transmit)(struct tk_uart *u, const uint8_t *buf, size_t len);
    /* Start receiving exactly `len` bytes into `buf`. Returns 0, TK_BUSY, or
     * TK_SIZE. */
    int (*receive)(struct tk_uart *u, uint8_t *buf, size_t len);
    /* Abort a receive; received() follows with TK_CANCEL. Returns 0 or
     * TK_ALREADY if nothing was being received. */
    int (*receive_abort)(struct tk_uart *u);
};

struct tk_uart {
    const struct tk_uart_ops *ops;
    struct tk_uart_client *client;
    void *state; /* the implementation's */
};

#endif
