/* Fake UART and alarm HILs for capsule tests; see fake_hil.h. */
#include <check.h>
#include <string.h>

#include "fake_hil.h"
#include "fixture.h"
#include "fixture.h"

static int fake_transmit(struct tk_uart *u, const uint8_t *buf, size_t len)
{
    struct fake_uart *f = u->state;
    if (f->tx_busy)
        return TK_BUSY;
    if (len == 0)
        return TK_SIZE;
    ck_assert_uint_le(f->out_len + len, sizeof f->out);
    memcpy(f->out + f->out_len, buf, len);
    f->out_len += len;
    if (f->transmit_calls < sizeof f->chunk_lens / sizeof f->chunk_lens[0])
        f->chunk_lens[f->transmit_calls] = len;
    f->transmit_calls++;
    f->tx_busy = true;
    f->tx_buf = buf;
    f->tx_len = len;
    return 0;
}

static int fake_receive(struct tk_uart *u, uint8_t *buf, size_t len)
{
    struct fake_uart *f = u->state;
    if (f->rx_busy)
        return TK_BUSY;
    if (len == 0)
        return TK_SIZE;
    f->receive_calls++;
    f->last_receive_len = len;
    f->rx_busy = true;
    f->rx_buf = buf;
    f->rx_len = len;
    f->rx_got = 0;
    return 0;
}

static int fake_receive_abort(struct tk_uart *u)
{
    struct fake_uart *f = u->state;
    f->abort_calls++;
    return f->rx_busy ? 0 : TK_ALREADY;
}

static const struct tk_uart_ops fake_uart_ops = {
    .transmit = fake_transmit,
    .receive = fake_receive,
    .receive_abort = fake_receive_abort,
};

void fake_uart_init(struct fake_uart *f)
{
    memset(f, 0, sizeof *f);
    f->uart.ops = &fake_uart_ops;
    f->uart.state = f;
}

void fake_uart_tx_done(struct fake_uart *f)
{
    ck_assert_msg(f->tx_busy, "no transmission in flight");
    f->tx_busy = false;
    f->uart.client->transmitted(f->uart.client, f->tx_buf, f->tx_len, 0);
}

void fake_uart_drain(struct fake_uart *f, struct tk_kernel *k)
{
    fake_run_deferred_all(k);
    while (f->tx_busy) {
        fake_uart_tx_done(f);
        fake_run_deferred_all(k);
    }
}

size_t fake_uart_rx(struct fake_uart *f, const char *bytes, size_t len)
{
    if (!f->rx_busy)
        return 0;
    size_t n = f->rx_len - f->rx_got;
    if (n > len)
        n = len;
    memcpy(f->rx_buf + f->rx_got, bytes, n);
    f->rx_got += n;
    if (f->rx_got == f->rx_len)
        fake_uart_rx_end(f, 0);
    return n;
}

void fake_uart_rx_end(struct fake_uart *f, int rcode)
{
    ck_assert_msg(f->rx_busy, "no receive in flight");
    f->rx_busy = false;
    f->uart.client->received(f->uart.client, f->rx_buf, f->rx_got, rcode);
}

static uint32_t fake_now(struct tk_alarm *a)
{
    return ((struct fake_alarm *)a->state)->now;
}

static uint32_t fake_frequency(struct tk_alarm *a)
{
    return ((struct fake_alarm *)a->state)->frequency;
}

static void fake_set_alarm(struct tk_alarm *a, uint32_t reference, uint32_t dt)
{
    struct fake_alarm *f = a->state;
    f->armed = true;
    f->reference = reference;
    f->dt = dt;
    f->set_calls++;
}

static uint32_t fake_get_alarm(struct tk_alarm *a)
{
    struct fake_alarm *f = a->state;
    return (f->reference + f->dt) & tk_alarm_mask(a);
}

static int fake_disarm(struct tk_alarm *a)
{
    struct fake_alarm *f = a->state;
    f->armed = false;
    f->disarm_calls++;
    return 0;
}

static bool fake_is_armed(struct tk_alarm *a)
{
    return ((struct fake_alarm *)a->state)->armed;
}

void fake_alarm_init(struct fake_alarm *f, uint8_t width, uint32_t frequency)
{
    memset(f, 0, sizeof *f);
    f->ops = (struct tk_alarm_ops){
        .now = fake_now,
        .frequency = fake_frequency,
        .set_alarm = fake_set_alarm,
        .get_alarm = fake_get_alarm,
        .disarm = fake_disarm,
        .is_armed = fake_is_armed,
        .width = width,
    };
    f->alarm.ops = &f->ops;
    f->alarm.state = f;
    f->frequency = frequency;
}

void fake_alarm_fire(struct fake_alarm *f, uint32_t now)
{
    f->now = now;
    if (!f->armed)
        return;
    f->armed = false;
    f->alarm.client->fired(f->alarm.client);
}

void fake_run_deferred_all(struct tk_kernel *k)
{
    while (tk_kernel_run_deferred_calls(k))
        ;
}

void fake_expect_call(struct tk_process *p, uint32_t driver, uint32_t subscribe, uint32_t a0,
                      uint32_t a1, uint32_t a2)
{
    struct tk_task t;
    ck_assert_msg(fx_pop_task(p, &t), "no upcall queued");
    ck_assert_int_eq(t.kind, TK_TASK_FUNCTION_CALL);
    ck_assert_uint_eq(t.id.driver, driver);
    ck_assert_uint_eq(t.id.subscribe, subscribe);
    ck_assert_uint_eq(t.arg[0], a0);
    ck_assert_uint_eq(t.arg[1], a1);
    ck_assert_uint_eq(t.arg[2], a2);
}

/* ---- checks ---- */

void fake_assert_success_u32(struct tk_syscall_return ret, uint32_t value)
{
    ck_assert_uint_eq((uint32_t)ret.reg[0], TK_RV_SUCCESS_U32);
    ck_assert_uint_eq((uint32_t)ret.reg[1], value);
}

void fake_expect_upcall_on(struct tk_process *p, uint32_t driver, uint32_t subscribe, uint32_t a0,
                           uint32_t a1, uint32_t a2)
{
    struct tk_task task;
    ck_assert_msg(fx_pop_task(p, &task), "no task queued on %s", p->name);
    ck_assert_uint_eq(task.id.driver, driver);
    ck_assert_uint_eq(task.id.subscribe, subscribe);
    ck_assert_uint_eq(task.arg[0], a0);
    ck_assert_uint_eq(task.arg[1], a1);
    ck_assert_uint_eq(task.arg[2], a2);
}

void fake_expect_upcall(struct tk_process *p, enum tk_task_kind kind, uint32_t driver, uint32_t a0,
                        uint32_t a1, uint32_t a2)
{
    struct tk_task task;
    ck_assert_msg(fx_pop_task(p, &task), "no task queued on %s", p->name);
    ck_assert_int_eq(task.kind, kind);
    ck_assert_uint_eq(task.id.driver, driver);
    ck_assert_uint_eq(task.id.subscribe, 0);
    ck_assert_uint_eq(task.arg[0], a0);
    ck_assert_uint_eq(task.arg[1], a1);
    ck_assert_uint_eq(task.arg[2], a2);
}
