/* UART mux: one real UART shared by the console, process console and debug.
 *
 * Mirrors tock/tock capsules/core/src/virtualizers/virtual_uart.rs @65608d71
 * (MuxUart, UartDevice); spec §9 (the process console shares the UART with
 * the apps' console).
 *
 * Each client gets a `struct tk_uart_device` whose `uart` member is a full
 * tk_uart (hil/uart.h).
 *
 * Transmit: a device holds at most one transmission (TK_BUSY otherwise,
 * TK_SIZE for length 0). Requests queue on the mux and go to the real UART
 * one at a time, started from a deferred call so that an error is never
 * reported from inside transmit(). Deviation: queued requests are served in
 * the order they were made; upstream takes the first device in its list
 * (newest device first), which can starve older devices.
 *
 *   device A: transmit ---queued---> [real UART busy with B] ---> sent --> A.transmitted
 *   device B: transmit --> sent --> B.transmitted, then the mux starts A
 *
 * Receive: devices created with receiver = true may read. The mux runs one
 * underlying read into its 64-byte buffer, as long as the shortest
 * outstanding device read (at most 64); the bytes that arrive are copied to
 * every device that is reading (Receiving or Aborting), so the process console
 * and an app's console read both see them. A device whose read is complete
 * gets received() (with the underlying result code); if others still need
 * bytes, the mux reads again. A new device read while another is under way
 * aborts the underlying read so the read length can be recomputed; the bytes
 * already received are not lost.
 *
 * Device receive states:
 *
 *   Idle --receive()--> Receiving --(rx_len bytes)--> Idle + received(0)
 *                          |
 *                   receive_abort()
 *                          v
 *                       Aborting --(underlying read ends)--> Idle + received(CANCEL, bytes so far)
 *
 * receive_abort() aborts only the calling device's read; the others go on.
 *
 * Deviations: receive() of length 0 answers TK_SIZE, and a failure to start
 * the underlying read is returned to the caller with the device left idle
 * (upstream swaps the mux's buffer for the client's and wedges the device);
 * a non-receiver device's receive() answers TK_FAIL (upstream accepts it and
 * never completes it); receive_abort() answers 0, or TK_ALREADY and does
 * nothing when the device has no read outstanding (upstream always aborts
 * the underlying read and answers BUSY).
 */
#include <stddef.h>
#include <string.h>

#include "container_of.h"
#include "virtual_uart.h"

/* Start the oldest queued transmission if the real UART is free
 * (MuxUart::do_next_op). A refused one is reported at once and the next is
 * tried. */
static void mux_do_next_op(struct tk_mux_uart *m)
{
    while (m->inflight == NULL) {
        struct tk_uart_device *next = NULL;
        for (struct tk_uart_device *dev = m->devices; dev != NULL; dev = dev->next)
            if (dev->tx_queued && (next == NULL || dev->tx_seq < next->tx_seq))
                next = dev;
        if (next == NULL)
            return;
        next->tx_queued = false;
        int rc = m->uart->ops->transmit(m->uart, next->tx_buf, next->tx_len);
        if (rc == 0) {
            m->inflight = next;
            return;
        }
        next->transmitting = false;
        struct tk_uart_client *client = next->uart.client;
        if (client != NULL && client->transmitted != NULL)
            client->transmitted(client, next->tx_buf, 0, rc);
    }
}

static bool device_is_reading(const struct tk_uart_device *dev)
{
    return dev->receiver && dev->rx_buf != NULL;
}

/* Reading, and let through by the input filter (if any). */
static bool device_takes_input(const struct tk_uart_device *dev)
{
    const struct tk_mux_uart *m = dev->mux;
    return device_is_reading(dev) && (m->accepts == NULL || m->accepts(dev, m->accepts_ctx));
}

/* The shortest outstanding read of the devices taking input (at most the
 * mux buffer), or 0 if none takes input. */
static size_t mux_read_len(const struct tk_mux_uart *m)
{
    size_t len = 0;
    for (const struct tk_uart_device *dev = m->devices; dev != NULL; dev = dev->next)
        if (device_takes_input(dev) && dev->rx_state == TK_UART_DEVICE_RECEIVING &&
            dev->rx_len > dev->rx_position)
            len = len == 0 ? dev->rx_len - dev->rx_position
                           : tk_min_size(len, dev->rx_len - dev->rx_position);
    return tk_min_size(len, sizeof m->rx_buffer);
}

/* Start an underlying read of up to `rx_len` bytes (MuxUart::start_receive).
 * If one is under way: inside received() do nothing (it restarts reads when
 * done), otherwise abort it so that received() recomputes the length. */
static int mux_start_receive(struct tk_mux_uart *m, size_t rx_len)
{
    if (m->rx_busy) {
        if (!m->completing_read)
            (void)m->uart->ops->receive_abort(m->uart);
        return 0;
    }
    int rc = m->uart->ops->receive(m->uart, m->rx_buffer, tk_min_size(rx_len, sizeof m->rx_buffer));
    if (rc == 0)
        m->rx_busy = true;
    return rc;
}

/* Finish `dev`'s read with `rcode`; the client may start another. */
static void device_complete_read(struct tk_uart_device *dev, int rcode)
{
    uint8_t *buf = dev->rx_buf;
    size_t len = dev->rx_position;
    dev->rx_buf = NULL;
    dev->rx_state = TK_UART_DEVICE_IDLE;
    struct tk_uart_client *client = dev->uart.client;
    if (client != NULL && client->received != NULL)
        client->received(client, buf, len, rcode);
}

/* Complete the aborted reads of devices that have no underlying read. */
static void mux_complete_held_aborts(struct tk_mux_uart *m)
{
    if (m->rx_busy)
        return;
    for (struct tk_uart_device *dev = m->devices; dev != NULL; dev = dev->next)
        if (device_is_reading(dev) && dev->rx_state == TK_UART_DEVICE_ABORTING)
            device_complete_read(dev, TK_CANCEL);
}

static void mux_deferred(struct tk_deferred_call *dc)
{
    mux_complete_held_aborts(dc->owner);
    mux_do_next_op(dc->owner);
}

/* The real UART finished a transmission: tell its device, start the next. */
static void mux_transmitted(struct tk_uart_client *client, const uint8_t *buf, size_t len,
                            int rcode)
{
    struct tk_mux_uart *m = tk_container_of(client, struct tk_mux_uart, uart_client);
    struct tk_uart_device *dev = m->inflight;
    if (dev != NULL) {
        m->inflight = NULL;
        dev->transmitting = false;
        struct tk_uart_client *c = dev->uart.client;
        if (c != NULL && c->transmitted != NULL)
            c->transmitted(c, buf, len, rcode);
    }
    mux_do_next_op(m);
}

/* The underlying read ended (MuxUart::received_buffer): copy the bytes to
 * every reading device first, then complete reads, then read again for the
 * shortest outstanding remainder. */
static void mux_received(struct tk_uart_client *client, uint8_t *buf, size_t rx_len, int rcode)
{
    struct tk_mux_uart *m = tk_container_of(client, struct tk_mux_uart, uart_client);
    size_t next_read_len;

    /* Clients may read again from their callbacks; this flag makes those
     * reads wait for the restart below instead of touching the UART. */
    m->completing_read = true;
    for (struct tk_uart_device *dev = m->devices; dev != NULL; dev = dev->next) {
        if (!device_takes_input(dev))
            continue;
        size_t n = tk_min_size(rx_len, dev->rx_len - dev->rx_position);
        if (dev->rx_state != TK_UART_DEVICE_IDLE)
            memcpy(dev->rx_buf + dev->rx_position, buf, n);
        dev->rx_position += n;
    }
    for (struct tk_uart_device *dev = m->devices; dev != NULL; dev = dev->next) {
        if (!device_is_reading(dev))
            continue;
        size_t remaining = dev->rx_len - dev->rx_position;
        if (remaining == 0 || dev->rx_state == TK_UART_DEVICE_ABORTING)
            device_complete_read(dev, remaining == 0 ? rcode : TK_CANCEL);
        /* A read started in the callback joins the next round. */
    }
    m->rx_busy = false;
    m->completing_read = false;

    next_read_len = mux_read_len(m);
    if (next_read_len == 0)
        return;
    int rc = mux_start_receive(m, next_read_len);
    if (rc == 0)
        return;
    /* The read could not restart: fail every outstanding read with that code. */
    for (struct tk_uart_device *dev = m->devices; dev != NULL; dev = dev->next)
        if (device_takes_input(dev) && dev->rx_state == TK_UART_DEVICE_RECEIVING)
            device_complete_read(dev, rc);
}

static int device_transmit(struct tk_uart *u, const uint8_t *buf, size_t len)
{
    struct tk_uart_device *dev = u->state;
    if (len == 0)
        return TK_SIZE;
    if (dev->transmitting)
        return TK_BUSY;
    dev->transmitting = true;
    dev->tx_queued = true;
    dev->tx_seq = dev->mux->next_tx_seq++;
    dev->tx_buf = buf;
    dev->tx_len = len;
    /* Start it from the kernel loop, so a refusal is reported later
     * (tock/tock#1496). */
    tk_deferred_call_schedule(dev->mux->kernel, &dev->mux->deferred);
    return 0;
}

static int device_receive(struct tk_uart *u, uint8_t *buf, size_t len)
{
    struct tk_uart_device *dev = u->state;
    if (!dev->receiver)
        return TK_FAIL;
    if (dev->rx_buf != NULL)
        return TK_BUSY;
    if (len == 0)
        return TK_SIZE;
    dev->rx_buf = buf;
    dev->rx_len = len;
    dev->rx_position = 0;
    dev->rx_state = TK_UART_DEVICE_IDLE;
    /* A device the input filter holds back waits without a UART read. */
    int rc = device_takes_input(dev) ? mux_start_receive(dev->mux, len) : 0;
    if (rc != 0) {
        dev->rx_buf = NULL;
        return rc;
    }
    dev->rx_state = TK_UART_DEVICE_RECEIVING;
    return 0;
}

static int device_receive_abort(struct tk_uart *u)
{
    struct tk_uart_device *dev = u->state;
    if (!device_is_reading(dev))
        return TK_ALREADY;
    dev->rx_state = TK_UART_DEVICE_ABORTING;
    /* End the underlying read; received() completes this device with CANCEL
     * and restarts the read for the others. Without one (the input filter
     * held this device back), complete it here: still no callback from
     * inside the call, the mux's deferred call reports it. */
    if (dev->mux->rx_busy)
        (void)dev->mux->uart->ops->receive_abort(dev->mux->uart);
    else
        tk_deferred_call_schedule(dev->mux->kernel, &dev->mux->deferred);
    return 0;
}

static const struct tk_uart_ops device_ops = {
    .transmit = device_transmit,
    .receive = device_receive,
    .receive_abort = device_receive_abort,
};

void tk_mux_uart_init(struct tk_mux_uart *m, struct tk_kernel *k, struct tk_uart *uart)
{
    *m = (struct tk_mux_uart){
        .kernel = k,
        .uart = uart,
        .uart_client = {.transmitted = mux_transmitted, .received = mux_received},
        .deferred = {.fn = mux_deferred, .owner = m},
    };
    uart->client = &m->uart_client;
}

void tk_uart_device_init(struct tk_uart_device *dev, struct tk_mux_uart *m, bool receiver)
{
    *dev = (struct tk_uart_device){
        .uart = {.ops = &device_ops, .state = dev},
        .mux = m,
        .next = m->devices,
        .receiver = receiver,
    };
    m->devices = dev;
}

void tk_mux_uart_set_input_filter(struct tk_mux_uart *m,
                                  bool (*accepts)(const struct tk_uart_device *dev, void *ctx),
                                  void *ctx)
{
    m->accepts = accepts;
    m->accepts_ctx = ctx;
    tk_mux_uart_input_changed(m);
}

void tk_mux_uart_input_changed(struct tk_mux_uart *m)
{
    if (m->completing_read)
        return; /* received() decides next */
    if (m->rx_busy) {
        /* received() recomputes who reads and how much. */
        (void)m->uart->ops->receive_abort(m->uart);
        return;
    }
    size_t len = mux_read_len(m);
    if (len > 0)
        (void)mux_start_receive(m, len);
}
