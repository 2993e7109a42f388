/* Console capsule (driver 0x1) over a fake UART: spec §8.2, §10.36. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "fake_hil.h"
#include "fixture.h"

#define CON TK_DRIVER_NUM_CONSOLE

struct env {
    struct tk_kernel k;
    struct fake_uart uart;
    struct tk_console console;
    struct tk_process *p[3];
};

static struct env *env_new(unsigned processes)
{
    static const char *const names[] = {"app0", "app1", "app2"};
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    fake_uart_init(&e->uart);
    tk_console_init(&e->console, &e->k, &e->uart.uart);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->console.driver), 0);
    for (unsigned i = 0; i < processes; i++)
        e->p[i] = fx_process_new(&e->k, names[i], 0);
    return e;
}

static void env_free(struct env *e)
{
    fx_kernel_fini(&e->k);
    free(e);
}

/* Put `len` bytes of a pattern at RAM offset `off`, allow them as RO 1 and
 * subscribe write-done. */
static void setup_write(struct env *e, struct tk_process *p, size_t off, size_t len, char base)
{
    char *ram = fx_ram(p, off);
    for (size_t i = 0; i < len; i++)
        ram[i] = (char)(base + (char)(i % 26));
    fx_assert_variant(fx_allow_ro(&e->k, p, CON, 1, fx_addr(p, off), len), TK_RV_SUCCESS_U32_U32);
    fx_assert_variant(fx_subscribe(&e->k, p, CON, 1, fx_upcall_fn(p, 1), 0), TK_RV_SUCCESS_U32_U32);
}

/* Allow `len` bytes at RAM offset `off` as RW 1 and subscribe read-done. */
static void setup_read(struct env *e, struct tk_process *p, size_t off, size_t len)
{
    memset(fx_ram(p, off), 0, len);
    fx_assert_variant(fx_allow_rw(&e->k, p, CON, 1, fx_addr(p, off), len), TK_RV_SUCCESS_U32_U32);
    fx_assert_variant(fx_subscribe(&e->k, p, CON, 2, fx_upcall_fn(p, 2), 0), TK_RV_SUCCESS_U32_U32);
}

START_TEST(command_0_exists)
{
    /* spec §8.2: command 0 is the existence check. */
    struct env *e = env_new(1);
    fx_assert_success(fx_command(&e->k, e->p[0], CON, 0, 0, 0));
    env_free(e);
}
END_TEST

START_TEST(unknown_command_is_nosupport)
{
    /* spec §8: unknown command -> F(NOSUPPORT), and no upcall. */
    struct env *e = env_new(1);
    fx_assert_failure(fx_command(&e->k, e->p[0], CON, 4, 0, 0), TK_NOSUPPORT);
    ck_assert_uint_eq(fx_task_count(e->p[0]), 0);
    env_free(e);
}
END_TEST

START_TEST(grant_failure_precedes_command_number)
{
    /* spec §8, §10.42: every command enters the grant first, so a process
     * without room for it gets NOMEM, even for command 0 and unknown ones. */
    struct env *e = env_new(1);
    e->p[0]->app_break = e->p[0]->kernel_break;
    fx_assert_failure(fx_command(&e->k, e->p[0], CON, 0, 0, 0), TK_NOMEM);
    fx_assert_failure(fx_command(&e->k, e->p[0], CON, 9, 0, 0), TK_NOMEM);
    env_free(e);
}
END_TEST

START_TEST(counts_are_three_upcalls_two_ro_two_rw)
{
    /* spec §8.2, §10.36: upcall count 3, RO and RW allow counts 2. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    fx_assert_variant(fx_subscribe(&e->k, p, CON, 2, fx_upcall_fn(p, 0), 0), TK_RV_SUCCESS_U32_U32);
    struct tk_syscall_return r = fx_subscribe(&e->k, p, CON, 3, fx_upcall_fn(p, 0), 0);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOSUPPORT);
    fx_assert_variant(fx_allow_ro(&e->k, p, CON, 1, fx_addr(p, 0), 4), TK_RV_SUCCESS_U32_U32);
    r = fx_allow_ro(&e->k, p, CON, 2, fx_addr(p, 0), 4);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOSUPPORT);
    fx_assert_variant(fx_allow_rw(&e->k, p, CON, 1, fx_addr(p, 0), 4), TK_RV_SUCCESS_U32_U32);
    r = fx_allow_rw(&e->k, p, CON, 2, fx_addr(p, 0), 4);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_NOSUPPORT);
    env_free(e);
}
END_TEST

START_TEST(write_sends_ro_allow_1_and_upcalls_subscribe_1_with_length)
{
    /* spec §8.2, §10.36: RO allow 1 holds the data, subscribe 1 gets
     * (bytes_written, 0, 0) when the UART is done, not before. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    memcpy(fx_ram(p, 0x100), "hello", 5);
    fx_allow_ro(&e->k, p, CON, 1, fx_addr(p, 0x100), 5);
    fx_subscribe(&e->k, p, CON, 1, fx_upcall_fn(p, 1), 0);
    fx_assert_success(fx_command(&e->k, p, CON, 1, 5, 0));
    ck_assert_uint_eq(e->uart.out_len, 5);
    ck_assert_mem_eq(e->uart.out, "hello", 5);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fake_uart_tx_done(&e->uart);
    fake_expect_call(p, CON, 1, 5, 0, 0);
    ck_assert_uint_eq(fx_task_count(p), 0);
    env_free(e);
}
END_TEST

START_TEST(write_length_is_min_of_len_and_allow)
{
    /* spec §8.2: write min(len, RO allow 1 length) bytes. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_write(e, p, 0x100, 10, 'a');
    fx_assert_success(fx_command(&e->k, p, CON, 1, 1000, 0));
    fake_uart_drain(&e->uart, &e->k);
    ck_assert_uint_eq(e->uart.out_len, 10);
    fake_expect_call(p, CON, 1, 10, 0, 0);

    fx_assert_success(fx_command(&e->k, p, CON, 1, 3, 0));
    fake_uart_drain(&e->uart, &e->k);
    ck_assert_uint_eq(e->uart.out_len, 13);
    ck_assert_mem_eq(e->uart.out + 10, "abc", 3);
    fake_expect_call(p, CON, 1, 3, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(write_200_bytes_goes_in_64_byte_chunks_with_one_upcall)
{
    /* spec §8.2: writes go out in chunks of the 64-byte TX buffer; one
     * upcall when the whole request is done. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_write(e, p, 0x100, 200, 'a');
    fx_assert_success(fx_command(&e->k, p, CON, 1, 200, 0));
    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(fx_task_count(p), 0);
        fake_uart_tx_done(&e->uart);
    }
    ck_assert_uint_eq(fx_task_count(p), 0);
    fake_uart_tx_done(&e->uart);
    ck_assert_uint_eq(e->uart.transmit_calls, 4);
    ck_assert_uint_eq(e->uart.chunk_lens[0], 64);
    ck_assert_uint_eq(e->uart.chunk_lens[1], 64);
    ck_assert_uint_eq(e->uart.chunk_lens[2], 64);
    ck_assert_uint_eq(e->uart.chunk_lens[3], 8);
    ck_assert_uint_eq(e->uart.out_len, 200);
    ck_assert_mem_eq(e->uart.out, fx_ram(p, 0x100), 200);
    fake_expect_call(p, CON, 1, 200, 0, 0);
    ck_assert_uint_eq(fx_task_count(p), 0);
    env_free(e);
}
END_TEST

START_TEST(zero_length_write_completes_during_the_command)
{
    /* spec §8.2: a transmit the UART refuses at once (zero length) completes
     * with the write upcall reporting the requested length. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_write(e, p, 0x100, 10, 'a');
    fx_assert_success(fx_command(&e->k, p, CON, 1, 0, 0));
    ck_assert_uint_eq(e->uart.transmit_calls, 0);
    fake_expect_call(p, CON, 1, 0, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(write_without_allow_writes_nothing_and_upcalls_zero)
{
    /* spec §8.2, §3.4: no RO buffer reads as length 0. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    fx_subscribe(&e->k, p, CON, 1, fx_upcall_fn(p, 1), 0);
    fx_assert_success(fx_command(&e->k, p, CON, 1, 50, 0));
    ck_assert_uint_eq(e->uart.out_len, 0);
    fake_expect_call(p, CON, 1, 0, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(write_done_without_subscribe_queues_null_upcall_event)
{
    /* spec §2.2, §10.7: the event is queued as a ReturnValue for
     * Yield-WaitFor even when nothing is subscribed. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    memcpy(fx_ram(p, 0x100), "hi", 2);
    fx_allow_ro(&e->k, p, CON, 1, fx_addr(p, 0x100), 2);
    fx_assert_success(fx_command(&e->k, p, CON, 1, 2, 0));
    fake_uart_tx_done(&e->uart);
    struct tk_task t;
    ck_assert(fx_pop_task(p, &t));
    ck_assert_int_eq(t.kind, TK_TASK_RETURN_VALUE);
    ck_assert_uint_eq(t.id.driver, CON);
    ck_assert_uint_eq(t.id.subscribe, 1);
    ck_assert_uint_eq(t.arg[0], 2);
    env_free(e);
}
END_TEST

START_TEST(two_processes_writing_concurrently_are_serialised)
{
    /* spec §8.2: a write while another process's write is on the UART is
     * pending and starts when that one completes; each gets its upcall. */
    struct env *e = env_new(2);
    setup_write(e, e->p[0], 0x100, 100, 'a');
    setup_write(e, e->p[1], 0x100, 10, 'A');
    fx_assert_success(fx_command(&e->k, e->p[0], CON, 1, 100, 0));
    fx_assert_success(fx_command(&e->k, e->p[1], CON, 1, 10, 0));
    ck_assert_uint_eq(e->uart.transmit_calls, 1);
    fake_uart_tx_done(&e->uart); /* p0: 64 */
    ck_assert_uint_eq(fx_task_count(e->p[0]), 0);
    fake_uart_tx_done(&e->uart); /* p0: 36, done; p1 starts */
    fake_expect_call(e->p[0], CON, 1, 100, 0, 0);
    ck_assert_uint_eq(fx_task_count(e->p[1]), 0);
    ck_assert_uint_eq(e->uart.transmit_calls, 3);
    fake_uart_tx_done(&e->uart);
    fake_expect_call(e->p[1], CON, 1, 10, 0, 0);
    ck_assert_uint_eq(e->uart.out_len, 110);
    ck_assert_mem_eq(e->uart.out, fx_ram(e->p[0], 0x100), 100);
    ck_assert_mem_eq(e->uart.out + 100, fx_ram(e->p[1], 0x100), 10);
    env_free(e);
}
END_TEST

START_TEST(pending_writes_are_served_in_grant_order)
{
    /* spec §8.2: completion starts the next pending write in grant iteration
     * (slot) order, not in the order the writes were requested. */
    struct env *e = env_new(3);
    setup_write(e, e->p[0], 0x100, 5, 'a');
    setup_write(e, e->p[1], 0x100, 5, 'A');
    setup_write(e, e->p[2], 0x100, 5, 'k');
    fx_command(&e->k, e->p[0], CON, 1, 5, 0);
    fx_command(&e->k, e->p[2], CON, 1, 5, 0);
    fx_command(&e->k, e->p[1], CON, 1, 5, 0);
    fake_uart_drain(&e->uart, &e->k);
    ck_assert_uint_eq(e->uart.out_len, 15);
    ck_assert_mem_eq(e->uart.out, "abcdeABCDEklmno", 15);
    for (int i = 0; i < 3; i++)
        fake_expect_call(e->p[i], CON, 1, 5, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(write_of_a_gone_process_is_dropped_and_next_pending_starts)
{
    /* spec §3.4: an in-flight operation of a terminated process fails to
     * enter its grant and is dropped; the UART goes to the next writer. */
    struct env *e = env_new(2);
    setup_write(e, e->p[0], 0x100, 100, 'a');
    setup_write(e, e->p[1], 0x100, 4, 'A');
    fx_command(&e->k, e->p[0], CON, 1, 100, 0);
    fx_command(&e->k, e->p[1], CON, 1, 4, 0);
    tk_process_terminate(e->p[0], TK_COMPLETION_CODE, 0);
    fake_uart_tx_done(&e->uart);
    ck_assert_uint_eq(e->uart.transmit_calls, 2);
    ck_assert_mem_eq(e->uart.out + 64, "ABCD", 4);
    fake_uart_tx_done(&e->uart);
    ck_assert_uint_eq(fx_task_count(e->p[0]), 0);
    fake_expect_call(e->p[1], CON, 1, 4, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(restarted_process_does_not_get_the_old_write_upcall)
{
    /* spec §3.4, §10.20: a restart gives a new ProcessId; the old write's
     * completion is not delivered to the new incarnation. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_write(e, p, 0x100, 10, 'a');
    fx_command(&e->k, p, CON, 1, 10, 0);
    ck_assert_int_eq(tk_process_try_restart(p, TK_COMPLETION_CODE, 0), 0);
    struct tk_task init;
    ck_assert(fx_pop_task(p, &init)); /* the new init call */
    fake_uart_tx_done(&e->uart);
    ck_assert_uint_eq(fx_task_count(p), 0);
    env_free(e);
}
END_TEST

START_TEST(write_while_own_write_in_flight_replaces_its_remainder)
{
    /* console.rs quirk kept (spec §8.2 pending writes): a second command 1
     * while the caller's write is on the UART restarts from the new request;
     * the old remainder is dropped and only the new write is reported. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_write(e, p, 0x100, 100, 'a');
    fx_command(&e->k, p, CON, 1, 100, 0);
    fx_assert_success(fx_command(&e->k, p, CON, 1, 3, 0));
    fake_uart_drain(&e->uart, &e->k);
    ck_assert_uint_eq(e->uart.out_len, 67);
    ck_assert_mem_eq(e->uart.out + 64, "abc", 3);
    fake_expect_call(p, CON, 1, 3, 0, 0);
    ck_assert_uint_eq(fx_task_count(p), 0);
    env_free(e);
}
END_TEST

START_TEST(zero_length_write_behind_another_write_gets_no_upcall)
{
    /* console.rs quirk kept: a zero-length write that has to wait is marked
     * pending but has nothing to send when its turn comes, so it never
     * completes. */
    struct env *e = env_new(2);
    setup_write(e, e->p[0], 0x100, 5, 'a');
    setup_write(e, e->p[1], 0x100, 5, 'A');
    fx_command(&e->k, e->p[0], CON, 1, 5, 0);
    fx_assert_success(fx_command(&e->k, e->p[1], CON, 1, 0, 0));
    fake_uart_drain(&e->uart, &e->k);
    fake_expect_call(e->p[0], CON, 1, 5, 0, 0);
    ck_assert_uint_eq(fx_task_count(e->p[1]), 0);
    ck_assert_uint_eq(e->uart.out_len, 5);
    env_free(e);
}
END_TEST

START_TEST(write_buffer_shrunk_between_chunks_ends_the_write_early)
{
    /* console.rs quirk kept (spec §3.4: lengths are re-read): if the RO
     * buffer shrinks below the write, the write ends with what went out, and
     * the app gets that count and then a second upcall of 0. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_write(e, p, 0x100, 100, 'a');
    fx_command(&e->k, p, CON, 1, 100, 0);
    fx_allow_ro(&e->k, p, CON, 1, fx_addr(p, 0x100), 10);
    fake_uart_tx_done(&e->uart);
    ck_assert_uint_eq(e->uart.transmit_calls, 1);
    fake_expect_call(p, CON, 1, 64, 0, 0);
    fake_expect_call(p, CON, 1, 0, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(read_fills_rw_allow_1_and_upcalls_subscribe_2)
{
    /* spec §8.2, §10.36: RW allow 1 is the destination; subscribe 2 gets
     * (status 0, bytes_received, 0). */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_read(e, p, 0x200, 16);
    fx_assert_success(fx_command(&e->k, p, CON, 2, 5, 0));
    ck_assert_uint_eq(e->uart.last_receive_len, 5);
    ck_assert_uint_eq(fake_uart_rx(&e->uart, "abcde", 5), 5);
    fake_expect_call(p, CON, 2, 0, 5, 0);
    ck_assert_mem_eq(fx_ram(p, 0x200), "abcde", 5);
    env_free(e);
}
END_TEST

START_TEST(read_length_is_min_of_len_and_allow)
{
    /* spec §8.2: read min(len, RW allow 1 length) bytes. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_read(e, p, 0x200, 4);
    fx_assert_success(fx_command(&e->k, p, CON, 2, 1000, 0));
    ck_assert_uint_eq(e->uart.last_receive_len, 4);
    env_free(e);
}
END_TEST

START_TEST(second_read_anywhere_is_busy)
{
    /* spec §8.2: a single reader system-wide: F(BUSY) for any second read,
     * from the same or another process. */
    struct env *e = env_new(2);
    setup_read(e, e->p[0], 0x200, 8);
    setup_read(e, e->p[1], 0x200, 8);
    fx_assert_success(fx_command(&e->k, e->p[0], CON, 2, 8, 0));
    fx_assert_failure(fx_command(&e->k, e->p[1], CON, 2, 8, 0), TK_BUSY);
    fx_assert_failure(fx_command(&e->k, e->p[0], CON, 2, 8, 0), TK_BUSY);
    fake_uart_rx(&e->uart, "12345678", 8);
    fake_expect_call(e->p[0], CON, 2, 0, 8, 0);
    fx_assert_success(fx_command(&e->k, e->p[1], CON, 2, 8, 0));
    ck_assert_uint_eq(fx_task_count(e->p[1]), 0);
    env_free(e);
}
END_TEST

START_TEST(read_longer_than_64_is_inval)
{
    /* spec §8.2: F(INVAL) if the read length exceeds the 64-byte RX buffer;
     * 64 itself is fine. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_read(e, p, 0x200, 100);
    fx_assert_failure(fx_command(&e->k, p, CON, 2, 65, 0), TK_INVAL);
    ck_assert_uint_eq(e->uart.receive_calls, 0);
    fx_assert_success(fx_command(&e->k, p, CON, 2, 64, 0));
    ck_assert_uint_eq(e->uart.last_receive_len, 64);
    env_free(e);
}
END_TEST

START_TEST(read_of_zero_bytes_is_refused_by_the_uart)
{
    /* spec §8.2: the UART refuses a zero-length receive; the command returns
     * its code and the console stays usable. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    fx_assert_failure(fx_command(&e->k, p, CON, 2, 5, 0), TK_SIZE); /* no RW allow */
    setup_read(e, p, 0x200, 5);
    fx_assert_success(fx_command(&e->k, p, CON, 2, 5, 0));
    env_free(e);
}
END_TEST

START_TEST(abort_reports_cancel_with_bytes_so_far)
{
    /* spec §8.2: command 3 aborts the read; the upcall carries the UART's
     * code (CANCEL) and the bytes received so far. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_read(e, p, 0x200, 10);
    fx_assert_success(fx_command(&e->k, p, CON, 2, 10, 0));
    fake_uart_rx(&e->uart, "xyz", 3);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fx_assert_success(fx_command(&e->k, p, CON, 3, 0, 0));
    ck_assert_uint_eq(e->uart.abort_calls, 1);
    fake_uart_rx_end(&e->uart, TK_CANCEL);
    fake_expect_call(p, CON, 2, TK_CANCEL, 3, 0);
    ck_assert_mem_eq(fx_ram(p, 0x200), "xyz", 3);
    env_free(e);
}
END_TEST

START_TEST(abort_without_read_succeeds)
{
    /* spec §8.2: command 3 returns S whatever the UART answers. */
    struct env *e = env_new(1);
    fx_assert_success(fx_command(&e->k, e->p[0], CON, 3, 0, 0));
    ck_assert_uint_eq(fx_task_count(e->p[0]), 0);
    env_free(e);
}
END_TEST

START_TEST(read_into_shrunk_buffer_reports_size)
{
    /* spec §8.2: status SIZE if more bytes arrived than the RW buffer holds;
     * bytes_received is the buffer length. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_read(e, p, 0x200, 10);
    fx_assert_success(fx_command(&e->k, p, CON, 2, 10, 0));
    fx_allow_rw(&e->k, p, CON, 1, fx_addr(p, 0x300), 4);
    memset(fx_ram(p, 0x300), 0, 8);
    fake_uart_rx(&e->uart, "0123456789", 10);
    fake_expect_call(p, CON, 2, TK_SIZE, 4, 0);
    ck_assert_mem_eq(fx_ram(p, 0x300), "0123\0\0\0\0", 8);
    env_free(e);
}
END_TEST

START_TEST(uart_error_reports_fail_and_zero_bytes)
{
    /* spec §8.2: FAIL on UART errors other than abort. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_read(e, p, 0x200, 10);
    fx_command(&e->k, p, CON, 2, 10, 0);
    fake_uart_rx(&e->uart, "ab", 2);
    fake_uart_rx_end(&e->uart, TK_FAIL);
    fake_expect_call(p, CON, 2, TK_FAIL, 0, 0);
    env_free(e);
}
END_TEST

START_TEST(read_of_a_gone_process_is_dropped_and_frees_the_reader)
{
    /* spec §3.4: the terminated reader's completion is dropped; after it the
     * console takes a new reader. */
    struct env *e = env_new(2);
    setup_read(e, e->p[0], 0x200, 4);
    setup_read(e, e->p[1], 0x200, 4);
    fx_command(&e->k, e->p[0], CON, 2, 4, 0);
    tk_process_terminate(e->p[0], TK_COMPLETION_CODE, 0);
    fx_assert_failure(fx_command(&e->k, e->p[1], CON, 2, 4, 0), TK_BUSY);
    fake_uart_rx(&e->uart, "abcd", 4);
    ck_assert_uint_eq(fx_task_count(e->p[0]), 0);
    fx_assert_success(fx_command(&e->k, e->p[1], CON, 2, 4, 0));
    fake_uart_rx(&e->uart, "efgh", 4);
    fake_expect_call(e->p[1], CON, 2, 0, 4, 0);
    ck_assert_mem_eq(fx_ram(e->p[1], 0x200), "efgh", 4);
    env_free(e);
}
END_TEST

START_TEST(read_and_write_run_at_the_same_time)
{
    /* spec §8.2: reads and writes use separate buffers and state. */
    struct env *e = env_new(1);
    struct tk_process *p = e->p[0];
    setup_read(e, p, 0x200, 2);
    setup_write(e, p, 0x100, 3, 'a');
    fx_assert_success(fx_command(&e->k, p, CON, 2, 2, 0));
    fx_assert_success(fx_command(&e->k, p, CON, 1, 3, 0));
    fake_uart_rx(&e->uart, "ok", 2);
    fake_uart_tx_done(&e->uart);
    fake_expect_call(p, CON, 2, 0, 2, 0);
    fake_expect_call(p, CON, 1, 3, 0, 0);
    env_free(e);
}
END_TEST

Suite *console_suite(void)
{
    Suite *s = suite_create("console");
    TCase *tc = tcase_create("commands");
    tcase_add_test(tc, command_0_exists);
    tcase_add_test(tc, unknown_command_is_nosupport);
    tcase_add_test(tc, grant_failure_precedes_command_number);
    tcase_add_test(tc, counts_are_three_upcalls_two_ro_two_rw);
    suite_add_tcase(s, tc);

    tc = tcase_create("write");
    tcase_add_test(tc, write_sends_ro_allow_1_and_upcalls_subscribe_1_with_length);
    tcase_add_test(tc, write_length_is_min_of_len_and_allow);
    tcase_add_test(tc, write_200_bytes_goes_in_64_byte_chunks_with_one_upcall);
    tcase_add_test(tc, zero_length_write_completes_during_the_command);
    tcase_add_test(tc, write_without_allow_writes_nothing_and_upcalls_zero);
    tcase_add_test(tc, write_done_without_subscribe_queues_null_upcall_event);
    tcase_add_test(tc, two_processes_writing_concurrently_are_serialised);
    tcase_add_test(tc, pending_writes_are_served_in_grant_order);
    tcase_add_test(tc, write_of_a_gone_process_is_dropped_and_next_pending_starts);
    tcase_add_test(tc, restarted_process_does_not_get_the_old_write_upcall);
    tcase_add_test(tc, write_while_own_write_in_flight_replaces_its_remainder);
    tcase_add_test(tc, zero_length_write_behind_another_write_gets_no_upcall);
    tcase_add_test(tc, write_buffer_shrunk_between_chunks_ends_the_write_early);
    suite_add_tcase(s, tc);

    tc = tcase_create("read");
    tcase_add_test(tc, read_fills_rw_allow_1_and_upcalls_subscribe_2);
    tcase_add_test(tc, read_length_is_min_of_len_and_allow);
    tcase_add_test(tc, second_read_anywhere_is_busy);
    tcase_add_test(tc, read_longer_than_64_is_inval);
    tcase_add_test(tc, read_of_zero_bytes_is_refused_by_the_uart);
    tcase_add_test(tc, abort_reports_cancel_with_bytes_so_far);
    tcase_add_test(tc, abort_without_read_succeeds);
    tcase_add_test(tc, read_into_shrunk_buffer_reports_size);
    tcase_add_test(tc, uart_error_reports_fail_and_zero_bytes);
    tcase_add_test(tc, read_of_a_gone_process_is_dropped_and_frees_the_reader);
    tcase_add_test(tc, read_and_write_run_at_the_same_time);
    suite_add_tcase(s, tc);
    return s;
}
