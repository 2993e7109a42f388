/* UART mux (capsules/virtual_uart.c) over a fake UART: Tock
 * virtualizers/virtual_uart.rs; spec §9 (the process console shares the UART
 * with the apps' console). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fake_hil.h"
#include "fixture.h"
#include "virtual_uart.h"

/* A client that records what the mux reports; with `reread` set it reads
 * again from its callback, as the process console does. */
struct rec_client {
    struct tk_uart_client client;
    struct tk_uart_device dev;
    char name;
    char *order; /* shared log of transmitted() callers */
    unsigned transmitted, received;
    size_t tx_len;
    int tx_rcode;
    size_t rx_len;
    int rx_rcode;
    uint8_t rx[64];
    char seen[128]; /* every byte received, across reads */
    size_t seen_len;
    size_t reread; /* 0: do not read again */
};

static void rec_transmitted(struct tk_uart_client *c, const uint8_t *buf, size_t len, int rcode)
{
    struct rec_client *r = (struct rec_client *)c;
    (void)buf;
    r->transmitted++;
    r->tx_len = len;
    r->tx_rcode = rcode;
    size_t n = strlen(r->order);
    r->order[n] = r->name;
    r->order[n + 1] = '\0';
}

static void rec_received(struct tk_uart_client *c, uint8_t *buf, size_t len, int rcode)
{
    struct rec_client *r = (struct rec_client *)c;
    r->received++;
    r->rx_len = len;
    r->rx_rcode = rcode;
    ck_assert_uint_le(r->seen_len + len, sizeof r->seen);
    memcpy(r->seen + r->seen_len, buf, len);
    r->seen_len += len;
    if (r->reread > 0)
        ck_assert_int_eq(r->dev.uart.ops->receive(&r->dev.uart, r->rx, r->reread), 0);
}

struct env {
    struct tk_kernel k;
    struct fake_uart real;
    struct tk_mux_uart mux;
    struct rec_client c[3];
    char order[32];
};

/* A mux with three devices 'a', 'b', 'c' (set up in that order); 'c' is
 * transmit-only. */
static struct env *env_new(void)
{
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    fake_uart_init(&e->real);
    tk_mux_uart_init(&e->mux, &e->k, &e->real.uart);
    for (int i = 0; i < 3; i++) {
        struct rec_client *r = &e->c[i];
        r->client = (struct tk_uart_client){rec_transmitted, rec_received};
        r->name = (char)('a' + i);
        r->order = e->order;
        tk_uart_device_init(&r->dev, &e->mux, i < 2);
        r->dev.uart.client = &r->client;
    }
    return e;
}

static void env_free(struct env *e)
{
    fx_kernel_fini(&e->k);
    free(e);
}

static struct tk_uart *dev(struct env *e, int i)
{
    return &e->c[i].dev.uart;
}

static const uint8_t hello[] = "hello";

START_TEST(transmit_starts_from_deferred_call)
{
    /* virtual_uart.rs do_next_op_async: the real UART is driven from a
     * deferred call, never from inside transmit(). */
    struct env *e = env_new();
    ck_assert_int_eq(dev(e, 0)->ops->transmit(dev(e, 0), hello, 5), 0);
    ck_assert_uint_eq(e->real.transmit_calls, 0);
    fx_run_deferred(&e->k);
    ck_assert_uint_eq(e->real.transmit_calls, 1);
    ck_assert_mem_eq(e->real.out, "hello", 5);
    fake_uart_tx_done(&e->real);
    ck_assert_uint_eq(e->c[0].transmitted, 1);
    ck_assert_uint_eq(e->c[0].tx_len, 5);
    ck_assert_int_eq(e->c[0].tx_rcode, 0);
    env_free(e);
}
END_TEST

START_TEST(transmit_of_zero_is_size_and_second_is_busy)
{
    /* virtual_uart.rs transmit_buffer: SIZE for 0 bytes, BUSY while the
     * device's previous transmission is not done. */
    struct env *e = env_new();
    ck_assert_int_eq(dev(e, 0)->ops->transmit(dev(e, 0), hello, 0), TK_SIZE);
    ck_assert_int_eq(dev(e, 0)->ops->transmit(dev(e, 0), hello, 5), 0);
    ck_assert_int_eq(dev(e, 0)->ops->transmit(dev(e, 0), hello, 5), TK_BUSY);
    fake_uart_drain(&e->real, &e->k);
    ck_assert_int_eq(dev(e, 0)->ops->transmit(dev(e, 0), hello, 2), 0);
    fake_uart_drain(&e->real, &e->k);
    ck_assert_uint_eq(e->real.out_len, 7);
    env_free(e);
}
END_TEST

START_TEST(transmissions_are_served_in_request_order)
{
    /* Deviation from upstream's list order: queued transmissions go out in
     * the order they were requested, each reported to its own client. */
    struct env *e = env_new();
    const uint8_t b[] = "BB", a[] = "AA", c[] = "CC";
    dev(e, 1)->ops->transmit(dev(e, 1), b, 2);
    dev(e, 0)->ops->transmit(dev(e, 0), a, 2);
    dev(e, 2)->ops->transmit(dev(e, 2), c, 2);
    fake_uart_drain(&e->real, &e->k);
    ck_assert_str_eq(e->order, "bac");
    ck_assert_uint_eq(e->real.out_len, 6);
    ck_assert_mem_eq(e->real.out, "BBAACC", 6);
    env_free(e);
}
END_TEST

START_TEST(transmit_during_another_waits_for_it)
{
    /* One transmission on the real UART at a time. */
    struct env *e = env_new();
    dev(e, 0)->ops->transmit(dev(e, 0), hello, 5);
    fx_run_deferred(&e->k);
    dev(e, 1)->ops->transmit(dev(e, 1), hello, 2);
    fx_run_deferred(&e->k);
    ck_assert_uint_eq(e->real.transmit_calls, 1);
    fake_uart_tx_done(&e->real);
    ck_assert_uint_eq(e->real.transmit_calls, 2);
    ck_assert_uint_eq(e->real.chunk_lens[1], 2);
    fake_uart_tx_done(&e->real);
    ck_assert_str_eq(e->order, "ab");
    env_free(e);
}
END_TEST

START_TEST(receive_checks_receiver_size_and_busy)
{
    /* Deviations documented in virtual_uart.c: non-receiver FAIL, length 0
     * SIZE; a second read on a device is BUSY (upstream). */
    struct env *e = env_new();
    ck_assert_int_eq(dev(e, 2)->ops->receive(dev(e, 2), e->c[2].rx, 4), TK_FAIL);
    ck_assert_int_eq(dev(e, 0)->ops->receive(dev(e, 0), e->c[0].rx, 0), TK_SIZE);
    ck_assert_int_eq(dev(e, 0)->ops->receive(dev(e, 0), e->c[0].rx, 4), 0);
    ck_assert_int_eq(dev(e, 0)->ops->receive(dev(e, 0), e->c[0].rx, 4), TK_BUSY);
    ck_assert_uint_eq(e->real.receive_calls, 1);
    ck_assert_uint_eq(e->real.last_receive_len, 4);
    env_free(e);
}
END_TEST

START_TEST(received_bytes_reach_the_reading_device)
{
    /* A device's read completes with its bytes and rcode 0. */
    struct env *e = env_new();
    dev(e, 0)->ops->receive(dev(e, 0), e->c[0].rx, 3);
    fake_uart_rx(&e->real, "xyz", 3);
    ck_assert_uint_eq(e->c[0].received, 1);
    ck_assert_uint_eq(e->c[0].rx_len, 3);
    ck_assert_int_eq(e->c[0].rx_rcode, 0);
    ck_assert_mem_eq(e->c[0].rx, "xyz", 3);
    ck_assert_uint_eq(e->c[1].received, 0);
    ck_assert(!e->real.rx_busy);
    env_free(e);
}
END_TEST

START_TEST(read_longer_than_mux_buffer_is_filled_in_rounds)
{
    /* virtual_uart.rs: underlying reads are at most 64 bytes; a longer
     * device read completes after several. */
    struct env *e = env_new();
    uint8_t big[100];
    char bytes[100];
    for (int i = 0; i < 100; i++)
        bytes[i] = (char)('0' + i % 10);
    dev(e, 0)->ops->receive(dev(e, 0), big, 100);
    ck_assert_uint_eq(e->real.last_receive_len, 64);
    fake_uart_rx(&e->real, bytes, 64);
    ck_assert_uint_eq(e->c[0].received, 0);
    ck_assert_uint_eq(e->real.last_receive_len, 36);
    fake_uart_rx(&e->real, bytes + 64, 36);
    ck_assert_uint_eq(e->c[0].received, 1);
    ck_assert_uint_eq(e->c[0].rx_len, 100);
    ck_assert_mem_eq(big, bytes, 100);
    env_free(e);
}
END_TEST

START_TEST(new_reader_restarts_underlying_read_and_both_get_bytes)
{
    /* spec §9: the process console (1-byte reads, re-reading) and an app's
     * console read share the input: a new read aborts and restarts the
     * underlying one at the shortest length, and every reading device gets
     * the bytes. */
    struct env *e = env_new();
    struct rec_client *pc = &e->c[0], *con = &e->c[1];
    pc->reread = 1;
    dev(e, 0)->ops->receive(dev(e, 0), pc->rx, 1);
    fake_uart_rx(&e->real, "q", 1);
    ck_assert_uint_eq(pc->received, 1);
    ck_assert_uint_eq(e->real.last_receive_len, 1);

    ck_assert_int_eq(dev(e, 1)->ops->receive(dev(e, 1), con->rx, 5), 0);
    ck_assert_uint_eq(e->real.abort_calls, 1);
    fake_uart_rx_end(&e->real, TK_CANCEL); /* the abort completes, 0 bytes */
    ck_assert_uint_eq(pc->received, 1);
    ck_assert_uint_eq(con->received, 0);
    ck_assert(e->real.rx_busy);
    ck_assert_uint_eq(e->real.last_receive_len, 1);

    for (int i = 0; i < 5; i++)
        fake_uart_rx(&e->real, &"hello"[i], 1);
    ck_assert_uint_eq(con->received, 1);
    ck_assert_uint_eq(con->rx_len, 5);
    ck_assert_int_eq(con->rx_rcode, 0);
    ck_assert_mem_eq(con->rx, "hello", 5);
    ck_assert_uint_eq(pc->seen_len, 6);
    ck_assert_mem_eq(pc->seen, "qhello", 6);
    ck_assert(e->real.rx_busy); /* the process console reads on */
    env_free(e);
}
END_TEST

START_TEST(abort_completes_only_that_device_with_cancel_and_bytes_so_far)
{
    /* virtual_uart.rs receive_abort: the device's read ends with CANCEL and
     * what it got; the other reader continues. */
    struct env *e = env_new();
    struct rec_client *pc = &e->c[0], *con = &e->c[1];
    pc->reread = 1;
    dev(e, 0)->ops->receive(dev(e, 0), pc->rx, 1);
    dev(e, 1)->ops->receive(dev(e, 1), con->rx, 5); /* aborts to restart */
    fake_uart_rx_end(&e->real, TK_CANCEL);
    fake_uart_rx(&e->real, "a", 1);
    fake_uart_rx(&e->real, "b", 1);
    ck_assert_uint_eq(pc->received, 2);
    ck_assert_uint_eq(con->received, 0);

    ck_assert_int_eq(dev(e, 1)->ops->receive_abort(dev(e, 1)), 0);
    fake_uart_rx_end(&e->real, TK_CANCEL);
    ck_assert_uint_eq(con->received, 1);
    ck_assert_int_eq(con->rx_rcode, TK_CANCEL);
    ck_assert_uint_eq(con->rx_len, 2);
    ck_assert_mem_eq(con->rx, "ab", 2);
    ck_assert_uint_eq(pc->received, 2);
    ck_assert(e->real.rx_busy);
    fake_uart_rx(&e->real, "z", 1);
    ck_assert_uint_eq(pc->received, 3);
    ck_assert_mem_eq(pc->seen, "abz", 3);
    ck_assert_uint_eq(con->received, 1);
    env_free(e);
}
END_TEST

START_TEST(bytes_of_an_aborted_underlying_read_reach_a_new_reader)
{
    /* virtual_uart.rs quirk kept: bytes received before a new read started,
     * returned by the abort that restarts the underlying read, are copied to
     * every reading device, the new one included. */
    struct env *e = env_new();
    struct rec_client *pc = &e->c[0], *con = &e->c[1];
    dev(e, 1)->ops->receive(dev(e, 1), con->rx, 5);
    fake_uart_rx(&e->real, "ab", 2);
    dev(e, 0)->ops->receive(dev(e, 0), pc->rx, 1);
    fake_uart_rx_end(&e->real, TK_CANCEL);
    ck_assert_uint_eq(pc->received, 1);
    ck_assert_int_eq(pc->rx_rcode, TK_CANCEL);
    ck_assert_mem_eq(pc->rx, "a", 1);
    ck_assert_uint_eq(con->received, 0);
    ck_assert_uint_eq(e->real.last_receive_len, 3);
    env_free(e);
}
END_TEST

START_TEST(abort_without_read_is_already)
{
    /* hil/uart.h: receive_abort with nothing being received -> ALREADY. */
    struct env *e = env_new();
    ck_assert_int_eq(dev(e, 0)->ops->receive_abort(dev(e, 0)), TK_ALREADY);
    ck_assert_uint_eq(e->real.abort_calls, 0);
    env_free(e);
}
END_TEST

START_TEST(bytes_go_only_to_devices_that_are_reading)
{
    /* Bytes that arrive are copied to reading devices only. */
    struct env *e = env_new();
    dev(e, 0)->ops->receive(dev(e, 0), e->c[0].rx, 2);
    fake_uart_rx(&e->real, "hi", 2);
    ck_assert_uint_eq(e->c[0].received, 1);
    ck_assert_uint_eq(e->c[1].received, 0);
    ck_assert_uint_eq(e->c[1].seen_len, 0);
    ck_assert(!e->real.rx_busy);
    env_free(e);
}
END_TEST

START_TEST(uart_error_reaches_the_device)
{
    /* A device error ends the device's read with the UART's code. */
    struct env *e = env_new();
    dev(e, 0)->ops->receive(dev(e, 0), e->c[0].rx, 4);
    fake_uart_rx(&e->real, "ab", 2);
    fake_uart_rx_end(&e->real, TK_FAIL);
    /* Not complete and not aborting: the mux reads on for the rest. */
    ck_assert_uint_eq(e->c[0].received, 0);
    ck_assert(e->real.rx_busy);
    ck_assert_uint_eq(e->real.last_receive_len, 2);
    fake_uart_rx(&e->real, "cd", 2);
    ck_assert_uint_eq(e->c[0].received, 1);
    ck_assert_mem_eq(e->c[0].rx, "abcd", 4);
    env_free(e);
}
END_TEST

/* The input filter: true for the device named in `ctx`. */
static bool only_device(const struct tk_uart_device *dev, void *ctx)
{
    return dev == ctx;
}

START_TEST(input_filter_holds_input_for_the_selected_device)
{
    /* Deviation (issue 13 part 4): with a filter, bytes go only to the
     * selected device, and no read starts while only others read, so input
     * waits in the UART, whole, until the selected device reads. */
    struct env *e = env_new();
    tk_mux_uart_set_input_filter(&e->mux, only_device, &e->c[1].dev);
    dev(e, 0)->ops->receive(dev(e, 0), e->c[0].rx, 1);
    ck_assert(!e->real.rx_busy); /* 'a' is held back: no UART read */
    dev(e, 1)->ops->receive(dev(e, 1), e->c[1].rx, 2);
    ck_assert(e->real.rx_busy);
    fake_uart_rx(&e->real, "xy", 2);
    ck_assert_uint_eq(e->c[1].received, 1);
    ck_assert_mem_eq(e->c[1].rx, "xy", 2);
    ck_assert_uint_eq(e->c[0].received, 0);
    /* Selecting 'a' starts its read at once. */
    tk_mux_uart_set_input_filter(&e->mux, only_device, &e->c[0].dev);
    ck_assert(e->real.rx_busy);
    fake_uart_rx(&e->real, "z", 1);
    ck_assert_uint_eq(e->c[0].received, 1);
    ck_assert_mem_eq(e->c[0].rx, "z", 1);
    env_free(e);
}
END_TEST

START_TEST(held_back_read_aborts_from_a_deferred_call)
{
    /* hil/uart.h: an abort completes later with CANCEL, never from inside
     * receive_abort(), also for a device the filter held back. */
    struct env *e = env_new();
    tk_mux_uart_set_input_filter(&e->mux, only_device, &e->c[1].dev);
    dev(e, 0)->ops->receive(dev(e, 0), e->c[0].rx, 1);
    ck_assert_int_eq(dev(e, 0)->ops->receive_abort(dev(e, 0)), 0);
    ck_assert_uint_eq(e->c[0].received, 0);
    fx_run_deferred(&e->k);
    ck_assert_uint_eq(e->c[0].received, 1);
    ck_assert_int_eq(e->c[0].rx_rcode, TK_CANCEL);
    env_free(e);
}
END_TEST

Suite *virtual_uart_suite(void)
{
    Suite *s = suite_create("virtual_uart");
    TCase *tc = tcase_create("transmit");
    tcase_add_test(tc, transmit_starts_from_deferred_call);
    tcase_add_test(tc, transmit_of_zero_is_size_and_second_is_busy);
    tcase_add_test(tc, transmissions_are_served_in_request_order);
    tcase_add_test(tc, transmit_during_another_waits_for_it);
    suite_add_tcase(s, tc);

    tc = tcase_create("receive");
    tcase_add_test(tc, receive_checks_receiver_size_and_busy);
    tcase_add_test(tc, received_bytes_reach_the_reading_device);
    tcase_add_test(tc, read_longer_than_mux_buffer_is_filled_in_rounds);
    tcase_add_test(tc, new_reader_restarts_underlying_read_and_both_get_bytes);
    tcase_add_test(tc, abort_completes_only_that_device_with_cancel_and_bytes_so_far);
    tcase_add_test(tc, bytes_of_an_aborted_underlying_read_reach_a_new_reader);
    tcase_add_test(tc, abort_without_read_is_already);
    tcase_add_test(tc, bytes_go_only_to_devices_that_are_reading);
    tcase_add_test(tc, uart_error_reaches_the_device);
    tcase_add_test(tc, input_filter_holds_input_for_the_selected_device);
    tcase_add_test(tc, held_back_read_aborts_from_a_deferred_call);
    suite_add_tcase(s, tc);
    return s;
}
