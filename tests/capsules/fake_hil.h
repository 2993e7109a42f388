/* Fake UART and alarm HILs for capsule tests (tock/tock alarm.rs MockAlarm).
 *
 * The fakes never complete anything on their own: a test says when a
 * transmission finishes, which bytes arrive and when the alarm fires, so every
 * interleaving is explicit and no test sleeps.
 */
#ifndef TK_TEST_FAKE_HIL_H
#define TK_TEST_FAKE_HIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hil/time.h"
#include "hil/uart.h"
#include "kernel.h"

#define FAKE_UART_OUT_MAX 8192

struct fake_uart {
    struct tk_uart uart;
    /* Transmit in flight (kept until fake_uart_tx_done). */
    bool tx_busy;
    const uint8_t *tx_buf;
    size_t tx_len;
    unsigned transmit_calls;
    size_t chunk_lens[64]; /* length of each accepted transmit, in order */
    /* Everything accepted for transmission, concatenated. */
    uint8_t out[FAKE_UART_OUT_MAX];
    size_t out_len;
    /* Receive in flight. */
    bool rx_busy;
    uint8_t *rx_buf;
    size_t rx_len, rx_got;
    unsigned receive_calls, abort_calls;
    size_t last_receive_len;
};

/* A fake UART that refuses length 0 (TK_SIZE) and a second transmit or
 * receive (TK_BUSY), like the real one. */
void fake_uart_init(struct fake_uart *f);
/* Finish the transmission in flight: transmitted(buf, len, 0). */
void fake_uart_tx_done(struct fake_uart *f);
/* Finish transmissions until none is in flight, running deferred calls of
 * `k` in between (a chunked write needs several rounds). */
void fake_uart_drain(struct fake_uart *f, struct tk_kernel *k);
/* Bytes arrive: they fill the pending receive; when it is full,
 * received(buf, len, 0). Returns how many bytes were taken. */
size_t fake_uart_rx(struct fake_uart *f, const char *bytes, size_t len);
/* End the pending receive now with `rcode` and the bytes so far (an abort
 * completing, or a device error). */
void fake_uart_rx_end(struct fake_uart *f, int rcode);

struct fake_alarm {
    struct tk_alarm alarm;
    struct tk_alarm_ops ops;
    uint32_t now;
    uint32_t frequency;
    bool armed;
    uint32_t reference, dt;
    unsigned set_calls, disarm_calls;
};

/* A fake alarm of `width` bits (0 = 32) and `frequency` Hz at now = 0. */
void fake_alarm_init(struct fake_alarm *f, uint8_t width, uint32_t frequency);
/* Set the counter and, if the alarm is armed, fire it (disarming first). */
void fake_alarm_fire(struct fake_alarm *f, uint32_t now);

/* Run deferred calls of `k` until none is pending. */
void fake_run_deferred_all(struct tk_kernel *k);

/* Pop the head of `p`'s task queue and check it is a FunctionCall of
 * (driver, subscribe) with arguments (a0, a1, a2). */
void fake_expect_call(struct tk_process *p, uint32_t driver, uint32_t subscribe, uint32_t a0,
                      uint32_t a1, uint32_t a2);

/* Check a command result is Success(u32) with `value`. */
void fake_assert_success_u32(struct tk_syscall_return ret, uint32_t value);

/* Pop `p`'s head task and check it is a `kind` task for subscribe 0 of
 * `driver` with arguments (a0, a1, a2). */
void fake_expect_upcall(struct tk_process *p, enum tk_task_kind kind, uint32_t driver, uint32_t a0,
                        uint32_t a1, uint32_t a2);
/* Pop `p`'s head task and check it is for `subscribe` of `driver` with
 * arguments (a0, a1, a2), whatever its kind. */
void fake_expect_upcall_on(struct tk_process *p, uint32_t driver, uint32_t subscribe, uint32_t a0,
                           uint32_t a1, uint32_t a2);

#endif
