/* UART mux: several clients share one UART, each through its own tk_uart.
 *
 * Mirrors tock/tock capsules/core/src/virtualizers/virtual_uart.rs @65608d71
 * (MuxUart, UartDevice); the behaviour is described in virtual_uart.c.
 */
#ifndef TK_CAPSULE_VIRTUAL_UART_H
#define TK_CAPSULE_VIRTUAL_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hil/uart.h"
#include "kernel.h"

#define TK_MUX_UART_RX_BUF_LEN 64 /* virtual_uart::RX_BUF_LEN */

struct tk_uart_device;

struct tk_mux_uart {
    struct tk_kernel *kernel;
    struct tk_uart *uart; /* the real one */
    struct tk_uart_client uart_client;
    struct tk_uart_device *devices; /* newest first, as upstream's push_head */
    struct tk_uart_device *inflight;
    uint64_t next_tx_seq;
    bool rx_busy;         /* rx_buffer is lent to the UART */
    bool completing_read; /* inside received() */
    struct tk_deferred_call deferred;
    uint8_t rx_buffer[TK_MUX_UART_RX_BUF_LEN];
    /* tk_mux_uart_set_input_filter; NULL: every reading device gets input. */
    bool (*accepts)(const struct tk_uart_device *dev, void *ctx);
    void *accepts_ctx;
};

enum tk_uart_device_rx_state {
    TK_UART_DEVICE_IDLE,
    TK_UART_DEVICE_RECEIVING,
    TK_UART_DEVICE_ABORTING,
};

struct tk_uart_device {
    struct tk_uart uart; /* what the client uses; set uart.client */
    struct tk_mux_uart *mux;
    struct tk_uart_device *next;
    bool receiver;
    /* Transmit: queued (tx_queued) until the mux starts it. */
    bool transmitting;
    bool tx_queued;
    uint64_t tx_seq;
    const uint8_t *tx_buf;
    size_t tx_len;
    /* Receive. */
    enum tk_uart_device_rx_state rx_state;
    uint8_t *rx_buf; /* NULL: no receive outstanding */
    size_t rx_len, rx_position;
};

/* Set up `m` over the real `uart` and make `m` its client. */
void tk_mux_uart_init(struct tk_mux_uart *m, struct tk_kernel *k, struct tk_uart *uart);

/* Set up `dev` on `m` (UartDevice::new + setup). `receiver` false: the
 * device never receives (its receive() answers TK_FAIL). Use &dev->uart as
 * the client's UART. `dev` must outlive `m`'s use. */
void tk_uart_device_init(struct tk_uart_device *dev, struct tk_mux_uart *m, bool receiver);

/* Deviation (emulator only; upstream copies input to every reading device):
 * input goes only to reading devices for which `accepts` answers true, and
 * the mux reads from the UART only while one of them reads, so input meant
 * for a device that is not reading yet waits in the UART, whole. NULL
 * restores upstream's behaviour. Call tk_mux_uart_input_changed whenever
 * the answer of `accepts` may have changed. */
void tk_mux_uart_set_input_filter(struct tk_mux_uart *m,
                                  bool (*accepts)(const struct tk_uart_device *dev, void *ctx),
                                  void *ctx);
/* Re-decide who reads now: restart or abort the underlying read. */
void tk_mux_uart_input_changed(struct tk_mux_uart *m);

#endif
