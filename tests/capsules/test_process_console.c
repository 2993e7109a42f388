/* Process console tests: every command's exact output, line editing, history.
 *
 * Spec §9 and §10.40. Bytes are fed to a fake UART one at a time, as a
 * terminal would send them, and everything the console transmits is compared
 * byte for byte with tests/golden/<test>.console (regenerate with
 * TOCKEMU_UPDATE_GOLDEN=1; a mismatch leaves the actual output next to the
 * build as <test>.console.actual). Processes come from the in-process
 * fixture; the `process` test moves a process's addresses to fixed values so
 * the memory map is the same on every run.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu_uart.h"
#include "fake_hil.h"
#include "fixture.h"
#include "golden_file.h"
#include "process_console.h"
#include "process_info.h"
#include "process_printer.h"
#include "read_only_state.h"
#include "virtual_uart.h"

#define VALID_COMMANDS                                                                             \
    "help status list stop start fault boot terminate process kernel reset panic console-start "   \
    "console-stop\r\n"

/* The terminal side of the fake UART (fake_hil.h): complete transmissions,
 * deliver bytes one at a time as a terminal sends them. */
static void pump_one(struct fake_uart *f)
{
    fake_uart_tx_done(f);
}

static void pump(struct fake_uart *f)
{
    while (f->tx_busy)
        fake_uart_tx_done(f);
}

/* One byte arrives, whatever is still being transmitted. */
static void deliver(struct fake_uart *f, uint8_t byte)
{
    ck_assert_msg(f->rx_busy, "console is not listening");
    ck_assert_uint_eq(f->rx_len, 1); /* spec §9.1: one byte at a time */
    char c = (char)byte;
    ck_assert_uint_eq(fake_uart_rx(f, &c, 1), 1);
}

/* The terminal sends `len` bytes; output drains between bytes. */
static void feed_bytes(struct fake_uart *f, const char *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        pump(f);
        deliver(f, (uint8_t)bytes[i]);
    }
    pump(f);
}

static void feed(struct fake_uart *f, const char *text)
{
    feed_bytes(f, text, strlen(text));
}

/* The longest single transmit so far (the first 64 are recorded). */
static size_t longest_transmit(const struct fake_uart *f)
{
    size_t n = f->transmit_calls < 64 ? f->transmit_calls : 64, longest = 0;
    ck_assert_uint_le(f->transmit_calls, 64);
    for (size_t i = 0; i < n; i++)
        if (f->chunk_lens[i] > longest)
            longest = f->chunk_lens[i];
    return longest;
}

static void clear_output(struct fake_uart *f)
{
    f->out_len = 0;
}

/* The console's output so far equals tests/golden/<name>.console. */
static void assert_golden(const struct fake_uart *f, const char *name)
{
    golden_assert(name, f->out, f->out_len);
}

/* A kernel with the console on a fake UART, process info and read-only
 * state registered (so grants exist to count), started and silent. */
struct bench {
    struct tk_kernel k;
    struct fake_uart uart;
    struct tk_process_console pc;
    struct tk_process_info info;
    struct tk_read_only_state ros;
    struct fake_alarm timer;
    unsigned resets;
};

static void bench_init(struct bench *b, const struct tk_process_console_options *options)
{
    memset(b, 0, sizeof *b);
    fx_kernel_init(&b->k);
    fake_uart_init(&b->uart);
    fake_alarm_init(&b->timer, 0, 32768);
    tk_process_info_init(&b->info, &b->k);
    tk_read_only_state_init(&b->ros, &b->timer.alarm);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->info.driver), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->ros.driver), 0);
    ck_assert_int_eq(tk_process_console_init(&b->pc, &b->k, &b->uart.uart, options), 0);
}

/* bench_init, start the console and forget the welcome text. */
static void bench_start(struct bench *b)
{
    bench_init(b, NULL);
    ck_assert_int_eq(tk_process_console_start(&b->pc), 0);
    pump(&b->uart);
    clear_output(&b->uart);
}

static void bench_fini(struct bench *b)
{
    fx_kernel_fini(&b->k);
}

/* Give `p` one allocated grant: process info's command 2 enters it. */
static void use_grant(struct bench *b, struct tk_process *p)
{
    fx_command(&b->k, p, TK_DRIVER_NUM_PROCESS_INFO, 2, 0, 0);
}

START_TEST(process_console_welcome_at_start)
{
    /* spec §9.2: version, welcome, valid commands, prompt. */
    struct bench b;
    bench_init(&b, NULL);
    ck_assert_int_eq(tk_process_console_start(&b.pc), 0);
    pump(&b.uart);
    assert_golden(&b.uart, "process_console_welcome_at_start");
    ck_assert_int_eq(tk_process_console_start(&b.pc), 0); /* idempotent */
    pump(&b.uart);
    assert_golden(&b.uart, "process_console_welcome_at_start");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_start_hibernated_is_silent)
{
    /* spec §9.2: start_hibernated starts silent; commands other than
     * console-start are ignored (echo only), console-start reactivates. */
    struct bench b;
    struct tk_process_console_options options = {.start_hibernated = true};
    bench_init(&b, &options);
    ck_assert_int_eq(tk_process_console_start(&b.pc), 0);
    pump(&b.uart);
    ck_assert_uint_eq(b.uart.out_len, 0);
    feed(&b.uart, "help\r");
    feed(&b.uart, "console-start\r");
    feed(&b.uart, "help\r");
    assert_golden(&b.uart, "process_console_start_hibernated_is_silent");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_help)
{
    /* spec §9.2: help prints the welcome and valid-commands lines. */
    struct bench b;
    bench_start(&b);
    feed(&b.uart, "help\r");
    assert_golden(&b.uart, "process_console_help");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_status_counts_running_and_yielded)
{
    /* spec §10.40: Active counts only Running and Yielded. */
    struct bench b;
    bench_start(&b);
    struct tk_process *running = fx_process_new(&b.k, "running", 0);
    struct tk_process *yielded = fx_process_new(&b.k, "yielded", 0);
    struct tk_process *waiting = fx_process_new(&b.k, "waiting", 0);
    struct tk_process *stopped = fx_process_new(&b.k, "stopped", 0);
    fx_syscall(&b.k, yielded, TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    fx_syscall(&b.k, waiting, TK_CLASS_YIELD, TK_YIELD_WAIT_FOR, 1, 2, 0);
    tk_process_stop(stopped);
    running->timeslice_expirations = 3;
    stopped->timeslice_expirations = 4;
    feed(&b.uart, "status\r");
    assert_golden(&b.uart, "process_console_status_counts_running_and_yielded");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_list_rows)
{
    /* spec §9.2: list layout, ShortID field, grants used/total, state
     * strings including YieldedFor and Stopped(...). */
    struct bench b;
    bench_start(&b);
    struct tk_process *blink = fx_process_new(&b.k, "blink", 0);
    struct tk_process *hello = fx_process_new(&b.k, "c_hello", 0);
    struct tk_process *waiter = fx_process_new(&b.k, "a_name_longer_than_twenty", 0);
    struct tk_process *gone = fx_process_new(&b.k, "gone", 0);
    hello->short_id = 0x1d19e248;
    use_grant(&b, blink);
    fx_syscall(&b.k, blink, TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    blink->timeslice_expirations = 123456;
    use_grant(&b, hello);
    fx_syscall(&b.k, waiter, TK_CLASS_YIELD, TK_YIELD_WAIT_FOR, 0x10002, 7, 0);
    tk_process_stop(waiter);
    use_grant(&b, gone);
    tk_process_terminate(gone, TK_COMPLETION_CODE, 0);
    feed(&b.uart, "list\r");
    assert_golden(&b.uart, "process_console_list_rows");
    ck_assert_uint_le(longest_transmit(&b.uart), TK_PROCESS_CONSOLE_WRITE_LEN);
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_list_without_processes)
{
    struct bench b;
    bench_start(&b);
    feed(&b.uart, "list\r");
    assert_golden(&b.uart, "process_console_list_without_processes");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_process_overview)
{
    /* spec §9.3: the overview with stack and heap hints, a grant and an exit
     * code, drawn from the process's addresses. */
    struct bench b;
    bench_start(&b);
    fx_process_new(&b.k, "other", 0);
    struct tk_process *p = fx_process_new(&b.k, "blink", 0);
    fx_memop(&b.k, p, 10, fx_addr(p, 0x1000)); /* stack top */
    fx_memop(&b.k, p, 11, fx_addr(p, 0x1400)); /* heap start */
    p->lowest_stack_pointer = fx_addr(p, 0x0c00);
    use_grant(&b, p);
    fx_command(&b.k, p, TK_DRIVER_NUM_PROCESS_INFO, 5, 7, 9);
    p->completion = TK_COMPLETION_CODE;
    p->completion_code = 0xfffffffe; /* prints as -2 (spec §9.3) */
    struct tk_process saved = *p;
    fx_process_rebase(p, 0x20004000, 0x00040000);

    feed(&b.uart, "process blink\r");
    *p = saved;
    assert_golden(&b.uart, "process_console_process_overview");
    ck_assert_uint_le(longest_transmit(&b.uart), TK_PROCESS_CONSOLE_WRITE_LEN);
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_process_overview_without_hints)
{
    /* spec §9.3: without memop 10/11 the heap and stack rows print "?";
     * "Completion Code: Faulted" after a kernel terminate. */
    struct bench b;
    bench_start(&b);
    struct tk_process *p = fx_process_new(&b.k, "blink", 0);
    tk_process_stop(p);
    tk_process_resume(p);
    tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
    struct tk_process saved = *p;
    fx_process_rebase(p, 0x20008000, 0x00050000);
    feed(&b.uart, "process blink\r");
    *p = saved;
    feed(&b.uart, "process\r");        /* no argument: nothing */
    feed(&b.uart, "process nobody\r"); /* no such process: nothing */
    assert_golden(&b.uart, "process_console_process_overview_without_hints");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_kernel_map)
{
    /* spec §9.2: version line and the memory map in the reference's frame. */
    struct bench b;
    struct tk_process_console_options options = {
        .kernel_addresses =
            {
                .stack_start = 0x20000000,
                .stack_end = 0x20001000,
                .text_start = 0x00010000,
                .text_end = 0x00030000,
                .read_only_data_start = 0x00028000,
                .relocations_start = 0x20001000,
                .relocations_end = 0x20001200,
                .bss_start = 0x20001200,
                .bss_end = 0x20003400,
            },
    };
    bench_init(&b, &options);
    ck_assert_int_eq(tk_process_console_start(&b.pc), 0);
    pump(&b.uart);
    clear_output(&b.uart);
    feed(&b.uart, "kernel\r");
    assert_golden(&b.uart, "process_console_kernel_map");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_stop_then_start)
{
    /* spec §9.2: stop and start act on every process of that name; start
     * prints even when nothing was stopped. */
    struct bench b;
    bench_start(&b);
    struct tk_process *a = fx_process_new(&b.k, "twin", 0);
    struct tk_process *c = fx_process_new(&b.k, "twin", 0);
    fx_syscall(&b.k, c, TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    feed(&b.uart, "stop twin\r");
    ck_assert_int_eq(a->state, TK_STATE_STOPPED);
    ck_assert_int_eq(a->stopped_from, TK_STATE_RUNNING);
    ck_assert_int_eq(c->state, TK_STATE_STOPPED);
    ck_assert_int_eq(c->stopped_from, TK_STATE_YIELDED);
    feed(&b.uart, "list\r");
    feed(&b.uart, "start twin\r");
    ck_assert_int_eq(a->state, TK_STATE_RUNNING);
    ck_assert_int_eq(c->state, TK_STATE_YIELDED);
    feed(&b.uart, "start twin\r");
    feed(&b.uart, "stop\r");        /* no argument: nothing */
    feed(&b.uart, "stop nobody\r"); /* no match: nothing */
    assert_golden(&b.uart, "process_console_stop_then_start");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_fault_under_stop_policy)
{
    /* spec §10.22: under Stop the process ends Faulted, with grants wiped
     * and completion code Faulted; boot refuses a Faulted process. */
    struct bench b;
    bench_start(&b);
    struct tk_process *p = fx_process_new(&b.k, "crash", 0);
    use_grant(&b, p);
    feed(&b.uart, "fault crash\r");
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    ck_assert_int_eq(p->completion, TK_COMPLETION_FAULTED);
    feed(&b.uart, "boot crash\r");
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    feed(&b.uart, "list\r");
    assert_golden(&b.uart, "process_console_fault_under_stop_policy");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_fault_under_restart_policy)
{
    /* spec §5.3, §10.20: Restart gives a new ProcessId and one more restart;
     * the console still reports the fault. */
    struct bench b;
    bench_start(&b);
    b.k.config.fault_policy = TK_FAULT_POLICY_RESTART;
    struct tk_process *p = fx_process_new(&b.k, "crash", 0);
    uint32_t old_id = p->id;
    feed(&b.uart, "fault crash\r");
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    ck_assert_uint_ne(p->id, old_id);
    ck_assert_uint_eq(p->restart_count, 1);
    ck_assert_int_eq(p->completion, TK_COMPLETION_FAULTED);
    ck_assert_int_eq(memcmp(b.uart.out, "fault crash\r\nProcess crash now faulted\r\ntock$ ", 46),
                     0);
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_fault_under_panic_policy)
{
    /* spec §5.3: under Panic the kernel panics; like the reference, the
     * console prints nothing after the command. */
    struct bench b;
    bench_start(&b);
    b.k.config.fault_policy = TK_FAULT_POLICY_PANIC;
    struct tk_process *p = fx_process_new(&b.k, "crash", 0);
    feed(&b.uart, "fault crash\r");
    ck_assert(b.k.panicked);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    ck_assert_uint_eq(b.uart.out_len, 13);
    ck_assert_int_eq(memcmp(b.uart.out, "fault crash\r\n", 13), 0);
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_terminate_then_boot)
{
    /* spec §10.20, §10.23: terminate prints, records "Faulted"; boot gives a
     * new ProcessId and one more restart. */
    struct bench b;
    bench_start(&b);
    struct tk_process *p = fx_process_new(&b.k, "app", 0);
    use_grant(&b, p);
    uint32_t old_id = p->id;
    feed(&b.uart, "terminate app\r");
    ck_assert_int_eq(p->state, TK_STATE_TERMINATED);
    ck_assert_int_eq(p->completion, TK_COMPLETION_FAULTED);
    feed(&b.uart, "list\r");
    feed(&b.uart, "boot app\r");
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    ck_assert_uint_ne(p->id, old_id);
    ck_assert_uint_eq(p->restart_count, 1);
    feed(&b.uart, "boot app\r"); /* not Terminated: nothing */
    ck_assert_uint_eq(p->restart_count, 1);
    feed(&b.uart, "list\r");
    assert_golden(&b.uart, "process_console_terminate_then_boot");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_reset_without_hook)
{
    /* spec §9.2: the message has no line end; the prompt follows. */
    struct bench b;
    bench_start(&b);
    feed(&b.uart, "reset\r");
    assert_golden(&b.uart, "process_console_reset_without_hook");
    bench_fini(&b);
}
END_TEST

static void count_reset(void *ctx)
{
    ((struct bench *)ctx)->resets++;
}

START_TEST(process_console_reset_calls_hook)
{
    struct bench b;
    bench_init(&b, NULL);
    struct tk_process_console_options options = {.reset = count_reset, .reset_ctx = &b};
    ck_assert_int_eq(tk_process_console_init(&b.pc, &b.k, &b.uart.uart, &options), 0);
    ck_assert_int_eq(tk_process_console_start(&b.pc), 0);
    pump(&b.uart);
    clear_output(&b.uart);
    feed(&b.uart, "reset\r");
    ck_assert_uint_eq(b.resets, 1);
    ck_assert_uint_eq(b.uart.out_len, 13); /* "reset" "\r\n" "tock$ " */
    ck_assert_int_eq(memcmp(b.uart.out, "reset\r\ntock$ ", 13), 0);
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_panic)
{
    /* spec §9.2: a kernel panic with the reference's message; the console
     * prints nothing after it. */
    struct bench b;
    bench_start(&b);
    feed(&b.uart, "panic\r");
    ck_assert(b.k.panicked);
    ck_assert_str_eq(b.k.panic_message, "Process Console forced a kernel panic.");
    assert_golden(&b.uart, "process_console_panic");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_stop_and_start_console)
{
    /* spec §9.2: console-stop hibernates (echo only, no prompt, commands
     * ignored); console-start reactivates without a message. */
    struct bench b;
    bench_start(&b);
    struct tk_process *p = fx_process_new(&b.k, "app", 0);
    feed(&b.uart, "console-stop\r");
    feed(&b.uart, "stop app\r");
    ck_assert_int_eq(p->state, TK_STATE_RUNNING);
    feed(&b.uart, "console-start\r");
    feed(&b.uart, "stop app\r");
    ck_assert_int_eq(p->state, TK_STATE_STOPPED);
    assert_golden(&b.uart, "process_console_stop_and_start_console");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_prefix_matching)
{
    /* spec §9.1, §10.40: starts_with in the reference's order. */
    struct bench b;
    bench_start(&b);
    struct tk_process *p = fx_process_new(&b.k, "app", 0);
    feed(&b.uart, "listing\r");     /* list */
    feed(&b.uart, "lis\r");         /* too short: valid commands */
    feed(&b.uart, "stopped app\r"); /* stop */
    ck_assert_int_eq(p->state, TK_STATE_STOPPED);
    feed(&b.uart, "starting app\r"); /* start */
    ck_assert_int_eq(p->state, TK_STATE_RUNNING);
    feed(&b.uart, "statusbar\r");       /* status */
    feed(&b.uart, "helpme\r");          /* help */
    feed(&b.uart, "  status  \r");      /* trimmed */
    feed(&b.uart, "stop\tapp extra\r"); /* second word is the argument */
    ck_assert_int_eq(p->state, TK_STATE_STOPPED);
    assert_golden(&b.uart, "process_console_prefix_matching");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_invalid_command_line)
{
    /* spec §9.1: unknown words and whitespace-only lines print the valid
     * commands; an empty line prints only the prompt. */
    struct bench b;
    bench_start(&b);
    feed(&b.uart, "frobnicate\r");
    feed(&b.uart, "   \r");
    feed(&b.uart, "\r");
    feed_bytes(&b.uart, "\xc3\xa9\r", 3); /* bytes >= 0x80 are dropped */
    assert_golden(&b.uart, "process_console_invalid_command_line");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_receive_error_drops_byte)
{
    /* A failed receive carries no byte; the console listens again. */
    struct bench b;
    bench_start(&b);
    fake_uart_rx_end(&b.uart, TK_FAIL);
    ck_assert(b.uart.rx_busy);
    pump(&b.uart);
    ck_assert_uint_eq(b.uart.out_len, 0);
    feed(&b.uart, "\r");
    ck_assert_uint_eq(b.uart.out_len, 8); /* "\r\n" "tock$ " */
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_line_ends)
{
    /* spec §9.1: CR, LF, CR LF and LF CR are one Enter each; CR CR is two. */
    struct bench b;
    bench_start(&b);
    feed(&b.uart, "help\r\nhelp\n\rhelp\nhelp\r\r");
    assert_golden(&b.uart, "process_console_line_ends");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_command_buffer_holds_63_bytes)
{
    /* spec §9.1: 64-byte buffer, 63 usable; more bytes are not echoed. */
    struct bench b;
    bench_start(&b);
    char line[72];
    memset(line, 'x', 70);
    line[70] = '\r';
    line[71] = '\0';
    feed(&b.uart, line);
    assert_golden(&b.uart, "process_console_command_buffer_holds_63_bytes");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_line_editing)
{
    /* spec §9.1: cursor keys, home/end, ESC [ 3 ~, backspace and DEL with
     * the reference's echo sequences. */
    struct bench b;
    bench_start(&b);
    feed(&b.uart, "ztatus\x1b[H\x1b[3~s\x1b[F\r");       /* home, delete, insert, end */
    feed(&b.uart, "helpx\b\r");                          /* backspace 0x08 at the end */
    feed(&b.uart, "lsit\x1b[D\x1b[D\x7f\x1b[Cs\r");      /* left x2, DEL, right, insert */
    feed(&b.uart, "hxelp\x1b[D\x1b[D\x1b[D\b\x1b[C\r");  /* left, backspace mid-line, right */
    feed(&b.uart, "kernel\x1b[D\x1b[D\x1b[3~\x1b[3~\r"); /* delete to the end: "kern" */
    feed(&b.uart, "\x1bxhelp\r");                        /* unknown ESC x inserts x */
    assert_golden(&b.uart, "process_console_line_editing");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_history)
{
    /* spec §9.1: ESC [ A/B walk the last commands (newest first), repeated
     * commands are stored once, Down returns to the line being typed. */
    struct bench b;
    bench_start(&b);
    feed(&b.uart, "help\r");
    feed(&b.uart, "status\r");
    feed(&b.uart, "status\r");
    feed(&b.uart, "li\x1b[A\x1b[A\x1b[B\x1b[B\r"); /* status, help, status, "li" */
    feed(&b.uart, "\x1b[A\x1b[A\x1b[A\x1b[A\r");   /* li, status, help, (oldest) help */
    assert_golden(&b.uart, "process_console_history");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_history_keeps_ten)
{
    /* spec §9.1: 10 entries, the line being typed included: 9 commands. */
    struct bench b;
    bench_start(&b);
    char line[16];
    for (int i = 0; i < 12; i++) {
        snprintf(line, sizeof line, "h%d\r", i);
        feed(&b.uart, line);
    }
    clear_output(&b.uart);
    for (int i = 0; i < 11; i++)
        feed(&b.uart, "\x1b[A");
    ck_assert_str_eq((const char *)b.pc.command, "h3");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_history_disabled)
{
    /* spec §9.1: history_len 1 disables recall. */
    struct bench b;
    struct tk_process_console_options options = {.history_len = 1};
    bench_init(&b, &options);
    ck_assert_int_eq(tk_process_console_start(&b.pc), 0);
    feed(&b.uart, "help\r");
    clear_output(&b.uart);
    feed(&b.uart, "\x1b[A");
    ck_assert_uint_eq(b.uart.out_len, 0);
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_rejects_long_history)
{
    struct bench b;
    bench_init(&b, NULL);
    struct tk_process_console_options options = {.history_len = TK_PROCESS_CONSOLE_HISTORY_LEN + 1};
    ck_assert_int_eq(tk_process_console_init(&b.pc, &b.k, &b.uart.uart, &options), TK_INVAL);
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_input_waits_for_the_prompt)
{
    /* process_console.c, Deviation: bytes typed between an Enter and the
     * prompt after its output neither edit the line to run nor echo into the
     * printout; they are handled after the prompt. */
    struct bench b;
    bench_start(&b);
    for (int i = 0; i < 6; i++)
        fx_process_new(&b.k, "app", 0);
    feed(&b.uart, "list");
    deliver(&b.uart, '\r');
    deliver(&b.uart, 'h'); /* before the line ran */
    pump_one(&b.uart);     /* the Enter echo: the list starts */
    pump_one(&b.uart);
    deliver(&b.uart, 'e'); /* while the rows print */
    pump(&b.uart);
    feed(&b.uart, "lp\r");
    assert_golden(&b.uart, "process_console_input_waits_for_the_prompt");
    bench_fini(&b);
}
END_TEST

START_TEST(process_console_full_typeahead_pauses_reading)
{
    /* process_console.h: a full type-ahead buffer stops the reads (the UART
     * keeps the rest) and reading resumes once it drains. */
    struct bench b;
    bench_start(&b);
    feed(&b.uart, "help");
    deliver(&b.uart, '\r'); /* busy from here to the prompt */
    for (size_t i = 0; i + 1 < TK_PROCESS_CONSOLE_TYPEAHEAD_LEN; i++)
        deliver(&b.uart, 'a');
    ck_assert(b.uart.rx_busy);
    deliver(&b.uart, '\r');
    ck_assert(!b.uart.rx_busy); /* full */
    pump(&b.uart);
    ck_assert(b.uart.rx_busy); /* drained: reading again */
    clear_output(&b.uart);
    feed(&b.uart, "status\r");
    ck_assert_ptr_nonnull(memmem(b.uart.out, b.uart.out_len, "Total processes: 0", 18));
    bench_fini(&b);
}
END_TEST

/* Everything the UART model wrote to the pipe `fd` so far. */
static size_t read_pipe(int fd, uint8_t *out, size_t max)
{
    size_t len = 0;
    ssize_t n;
    while (len < max && (n = read(fd, out + len, max - len)) > 0)
        len += (size_t)n;
    return len;
}

START_TEST(process_console_burst_through_uart_model_and_mux)
{
    /* A burst (stdin from a file, scripted input) reaches the console through
     * the board's path: UART model -> mux -> console, with the apps' console
     * reading on the same mux. Each line runs whole, in order, and its output
     * is never mixed with the echo of the next (regression: "list\nstatus\n"
     * printed "slisttlist..." and ran "statuslist"). */
    struct tk_kernel k;
    fx_kernel_init(&k);
    for (int i = 0; i < 3; i++)
        fx_process_new(&k, "app", 0);
    int out[2];
    ck_assert_int_eq(pipe(out), 0);
    ck_assert_int_eq(fcntl(out[0], F_SETFL, O_NONBLOCK), 0);
    struct emu_uart_config cfg;
    emu_uart_config_init(&cfg);
    cfg.output_fd = out[1];
    cfg.input_fd = -1;
    struct emu_err err = {""};
    struct emu_uart *u = emu_uart_new(&k, &cfg, &err);
    ck_assert_msg(u != NULL, "%s", err.msg);
    struct tk_mux_uart mux;
    struct tk_uart_device app_device, console_device;
    tk_mux_uart_init(&mux, &k, emu_uart_device(u));
    tk_uart_device_init(&app_device, &mux, true);
    tk_uart_device_init(&console_device, &mux, true);
    struct tk_process_console pc;
    ck_assert_int_eq(tk_process_console_init(&pc, &k, &console_device.uart, NULL), 0);
    ck_assert_int_eq(tk_process_console_start(&pc), 0);
    fake_run_deferred_all(&k);
    uint8_t app_rx[64];
    ck_assert_int_eq(app_device.uart.ops->receive(&app_device.uart, app_rx, sizeof app_rx), 0);

    static const char burst[] = "list\nstatus\nhelp\r\nsttus\x1b[D\x1b[D\x1b[Da\n";
    emu_uart_inject(u, (const uint8_t *)burst, sizeof burst - 1);
    fake_run_deferred_all(&k);

    uint8_t seen[FAKE_UART_OUT_MAX];
    size_t seen_len = read_pipe(out[0], seen, sizeof seen);
    golden_assert("process_console_burst_through_uart_model_and_mux", seen, seen_len);
    ck_assert_uint_eq(pc.typeahead_len, 0);
    ck_assert_int_eq(memcmp(app_rx, burst, sizeof burst - 1), 0); /* the app saw it all */
    emu_uart_free(u);
    close(out[0]);
    close(out[1]);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(process_console_through_uart_mux)
{
    /* The board's set-up: the console is one device of the UART mux. */
    struct bench b;
    bench_init(&b, NULL);
    struct tk_mux_uart mux;
    struct tk_uart_device device;
    tk_mux_uart_init(&mux, &b.k, &b.uart.uart);
    tk_uart_device_init(&device, &mux, true);
    ck_assert_int_eq(tk_process_console_init(&b.pc, &b.k, &device.uart, NULL), 0);
    ck_assert_int_eq(tk_process_console_start(&b.pc), 0);
    fake_uart_drain(&b.uart, &b.k);
    const char *text = "help\r";
    for (const char *c = text; *c != '\0'; c++) {
        deliver(&b.uart, (uint8_t)*c);
        fake_uart_drain(&b.uart, &b.k);
    }
    static const char expected[] = "Kernel version: 2.3 (build unknown)\r\n"
                                   "Welcome to the process console.\r\n"
                                   "Valid commands are: " VALID_COMMANDS "tock$ help\r\n"
                                   "Welcome to the process console.\r\n"
                                   "Valid commands are: " VALID_COMMANDS "tock$ ";
    ck_assert_uint_eq(b.uart.out_len, sizeof expected - 1);
    ck_assert_int_eq(memcmp(b.uart.out, expected, sizeof expected - 1), 0);
    bench_fini(&b);
}
END_TEST

/* spec §9.3: "Last Syscall" in Rust's Debug form of kernel `Syscall`. */
static const struct {
    struct tk_syscall sc;
    const char *text;
} syscall_forms[] = {
    {{TK_CLASS_YIELD, {0, 0x1234, 0, 0}}, "Yield { yield_type: NoWait { ptr: 0x1234 } }"},
    {{TK_CLASS_YIELD, {1, 0, 0, 0}}, "Yield { yield_type: Wait }"},
    {{TK_CLASS_YIELD, {2, 3, 4, 0}},
     "Yield { yield_type: WaitFor { driver_number: 3, subdriver_number: 4 } }"},
    {{TK_CLASS_YIELD, {5, 0, 0, 0}}, "None"},
    {{TK_CLASS_SUBSCRIBE, {1, 2, 0x4000, 0}},
     "Subscribe { driver_number: 1, subdriver_number: 2, upcall_ptr: CapabilityPtr { ptr: 0x4000 "
     "}, appdata: MachineRegister { value: CapabilityPtr { ptr: 0x0 } } }"},
    {{TK_CLASS_COMMAND, {1, 1, 12, 0}},
     "Command { driver_number: 1, subdriver_number: 1, arg0: 12, arg1: 0 }"},
    {{TK_CLASS_ALLOW_RW, {1, 1, 0x20000000, 10}},
     "ReadWriteAllow { driver_number: 1, subdriver_number: 1, allow_address: 0x20000000, "
     "allow_size: 10 }"},
    {{TK_CLASS_ALLOW_RO, {1, 1, 0x40, 3}},
     "ReadOnlyAllow { driver_number: 1, subdriver_number: 1, allow_address: 0x40, allow_size: 3 }"},
    {{TK_CLASS_ALLOW_UR, {9, 0, 0x2000, 16}},
     "UserspaceReadableAllow { driver_number: 9, subdriver_number: 0, allow_address: 0x2000, "
     "allow_size: 16 }"},
    {{TK_CLASS_MEMOP, {1, 16, 0, 0}}, "Memop { operand: 1, arg0: 16 }"},
    {{TK_CLASS_EXIT, {0, 3, 0, 0}}, "Exit { which: 0, completion_code: 3 }"},
    {{9, {0, 0, 0, 0}}, "None"},
};

START_TEST(process_console_last_syscall_debug_form)
{
    char text[256];
    tk_process_printer_syscall(&syscall_forms[_i].sc, text, sizeof text);
    ck_assert_str_eq(text, syscall_forms[_i].text);
}
END_TEST

Suite *process_console_suite(void)
{
    Suite *s = suite_create("process_console");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, process_console_welcome_at_start);
    tcase_add_test(tc, process_console_start_hibernated_is_silent);
    tcase_add_test(tc, process_console_help);
    tcase_add_test(tc, process_console_status_counts_running_and_yielded);
    tcase_add_test(tc, process_console_list_rows);
    tcase_add_test(tc, process_console_list_without_processes);
    tcase_add_test(tc, process_console_process_overview);
    tcase_add_test(tc, process_console_process_overview_without_hints);
    tcase_add_loop_test(tc, process_console_last_syscall_debug_form, 0,
                        sizeof syscall_forms / sizeof syscall_forms[0]);
    tcase_add_test(tc, process_console_kernel_map);
    tcase_add_test(tc, process_console_stop_then_start);
    tcase_add_test(tc, process_console_fault_under_stop_policy);
    tcase_add_test(tc, process_console_fault_under_restart_policy);
    tcase_add_test(tc, process_console_fault_under_panic_policy);
    tcase_add_test(tc, process_console_terminate_then_boot);
    tcase_add_test(tc, process_console_reset_without_hook);
    tcase_add_test(tc, process_console_reset_calls_hook);
    tcase_add_test(tc, process_console_panic);
    tcase_add_test(tc, process_console_stop_and_start_console);
    tcase_add_test(tc, process_console_prefix_matching);
    tcase_add_test(tc, process_console_invalid_command_line);
    tcase_add_test(tc, process_console_receive_error_drops_byte);
    tcase_add_test(tc, process_console_line_ends);
    tcase_add_test(tc, process_console_command_buffer_holds_63_bytes);
    tcase_add_test(tc, process_console_line_editing);
    tcase_add_test(tc, process_console_history);
    tcase_add_test(tc, process_console_history_keeps_ten);
    tcase_add_test(tc, process_console_history_disabled);
    tcase_add_test(tc, process_console_rejects_long_history);
    tcase_add_test(tc, process_console_input_waits_for_the_prompt);
    tcase_add_test(tc, process_console_burst_through_uart_model_and_mux);
    tcase_add_test(tc, process_console_full_typeahead_pauses_reading);
    tcase_add_test(tc, process_console_through_uart_mux);
    suite_add_tcase(s, tc);
    return s;
}
