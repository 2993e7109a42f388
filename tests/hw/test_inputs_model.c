/* Scripted console input (emu/hw/inputs.c): --type, scenario `console`
 * lines, and typing into the UART model at virtual times.
 *
 * inputs.h: TEXT escapes, errors that name the input, one scenario grammar
 * shared with the pin model, ties in the order given. No sleeps: the
 * kernel's virtual clock is advanced by hand.
 */
#include <check.h>
#include <errno.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "emu_uart.h"
#include "fake_hil.h"
#include "fixture.h"
#include "inputs.h"
#include "pins.h"

#define MS 1000000ull

static const struct {
    const char *arg;
    const char *bytes;
    size_t len;
    uint64_t at_ns;
} good_types[] = {
    {"list\\n@100ms", "list\n", 5, 100 * MS},
    {"a@b@1s", "a@b", 3, 1000 * MS},
    {"\\x1b[A\\e[B@0ns", "\x1b[A\x1b[B", 6, 0},
    {"\\t\\r\\b\\\\\\\"x@5us", "\t\r\b\\\"x", 6, 5000},
};

START_TEST(type_option_decodes_text_and_time)
{
    /* inputs.h: --type TEXT@TIME, the last '@' ends TEXT; escapes decoded. */
    struct emu_inputs_options o;
    struct emu_err err = {""};
    emu_inputs_options_init(&o, NULL);
    ck_assert_int_eq(emu_inputs_options_add_type(&o, good_types[_i].arg, &err), 0);
    ck_assert_uint_eq(o.console->len, 1);
    const struct emu_console_input *in = &g_array_index(o.console, struct emu_console_input, 0);
    size_t len;
    const void *bytes = g_bytes_get_data(in->bytes, &len);
    ck_assert_uint_eq(len, good_types[_i].len);
    ck_assert_mem_eq(bytes, good_types[_i].bytes, len);
    ck_assert_uint_eq(in->at_ns, good_types[_i].at_ns);
    emu_inputs_options_fini(&o);
}
END_TEST

static const struct {
    const char *arg, *message;
} bad_types[] = {
    {"help", "--type help: expected TEXT@TIME with a time like 150ms"},
    {"help@soon", "--type help@soon: expected TEXT@TIME with a time like 150ms"},
    {"@1ms", "--type @1ms: no text before '@'"},
    {"a\\q@1ms", "--type a\\q@1ms: bad escape '\\q' (use \\n \\r \\t \\b \\e \\\\ \\\" \\xHH)"},
    {"a\\x1@1ms", "--type a\\x1@1ms: bad escape '\\x' (use \\n \\r \\t \\b \\e \\\\ \\\" \\xHH)"},
    {"a\\@1ms", "--type a\\@1ms: bad escape '\\' (use \\n \\r \\t \\b \\e \\\\ \\\" \\xHH)"},
};

START_TEST(type_option_errors_name_the_argument)
{
    /* Style §3: a bad flag names itself and the expectation; nothing added. */
    struct emu_inputs_options o;
    struct emu_err err = {""};
    emu_inputs_options_init(&o, NULL);
    ck_assert_int_eq(emu_inputs_options_add_type(&o, bad_types[_i].arg, &err), -EINVAL);
    ck_assert_str_eq(err.msg, bad_types[_i].message);
    ck_assert_uint_eq(o.console->len, 0);
    emu_inputs_options_fini(&o);
}
END_TEST

START_TEST(scenario_shares_one_grammar_with_the_pins)
{
    /* inputs.h: console lines of a scenario come here, pin lines go to the
     * pin model, from one parse of the file. */
    struct emu_pins_options po;
    struct emu_inputs_options io;
    struct emu_err err = {""};
    emu_pins_options_init(&po);
    emu_inputs_options_init(&io, &po);
    static const char text[] = "# demo\n"
                               "100ms press 0\n"
                               "150ms console \"list\\n\"   # a comment\n"
                               "200ms release 0\n"
                               "  2s\tconsole\t\"x\"\n";
    ck_assert_int_eq(emu_pins_options_add_scenario(&po, "demo.txt", text, &err), 0);
    ck_assert_uint_eq(po.inputs->len, 2);
    ck_assert_uint_eq(io.console->len, 2);
    const struct emu_console_input *first = &g_array_index(io.console, struct emu_console_input, 0);
    ck_assert_uint_eq(first->at_ns, 150 * MS);
    ck_assert_str_eq(first->origin, "demo.txt:3");
    ck_assert_uint_eq(g_array_index(io.console, struct emu_console_input, 1).at_ns, 2000 * MS);

    ck_assert_int_eq(emu_pins_options_add_scenario(&po, "bad.txt", "1ms console list", &err),
                     -EINVAL);
    ck_assert_str_eq(err.msg, "bad.txt:1: expected 'TIME console \"TEXT\"'");
    ck_assert_int_eq(emu_pins_options_add_scenario(&po, "bad.txt", "1ms consoles \"x\"", &err),
                     -EINVAL);
    ck_assert_str_eq(err.msg, "bad.txt:1: unknown action 'consoles' (expected press, release, "
                              "gpio or console)");
    emu_inputs_options_fini(&io);
    emu_pins_options_fini(&po);
}
END_TEST

START_TEST(recorded_console_line_parses_back_to_the_same_bytes)
{
    /* inputs.h: emu_inputs_console_line writes what the scenario parser
     * reads back, for every byte value (tockemu --record-inputs). */
    uint8_t all[256];
    for (unsigned i = 0; i < sizeof all; i++)
        all[i] = (uint8_t)i;
    GString *line = g_string_new(NULL);
    emu_inputs_console_line(line, 1234567, all, sizeof all);
    ck_assert(g_str_has_prefix(line->str, "1234567ns console \"\\x00"));
    ck_assert_ptr_null(strchr(line->str, '#'));

    struct emu_pins_options po;
    struct emu_inputs_options io;
    struct emu_err err = {""};
    emu_pins_options_init(&po);
    emu_inputs_options_init(&io, &po);
    ck_assert_int_eq(emu_pins_options_add_scenario(&po, "rec", line->str, &err), 0);
    ck_assert_uint_eq(io.console->len, 1);
    const struct emu_console_input *in = &g_array_index(io.console, struct emu_console_input, 0);
    size_t len;
    const void *bytes = g_bytes_get_data(in->bytes, &len);
    ck_assert_uint_eq(in->at_ns, 1234567);
    ck_assert_uint_eq(len, sizeof all);
    ck_assert_mem_eq(bytes, all, sizeof all);
    emu_inputs_options_fini(&io);
    emu_pins_options_fini(&po);
    g_string_free(line, TRUE);
}
END_TEST

/* A UART client that reads one byte at a time, as the process console does. */
struct reader {
    struct tk_uart_client client;
    struct tk_uart *uart;
    uint8_t byte;
    char got[64];
    size_t len;
};

static void reader_received(struct tk_uart_client *c, uint8_t *buf, size_t len, int rcode)
{
    struct reader *r = (struct reader *)c;
    if (rcode == 0 && len == 1 && r->len < sizeof r->got - 1)
        r->got[r->len++] = (char)buf[0];
    ck_assert_int_eq(r->uart->ops->receive(r->uart, &r->byte, 1), 0);
}

START_TEST(inputs_are_typed_at_their_virtual_time_in_order)
{
    /* inputs.h: each text enters the UART at its time; ties keep the order
     * given; a time already past types at once. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    int out[2];
    ck_assert_int_eq(pipe(out), 0);
    struct emu_uart_config cfg;
    emu_uart_config_init(&cfg);
    cfg.output_fd = out[1];
    cfg.input_fd = -1;
    struct emu_err err = {""};
    struct emu_uart *u = emu_uart_new(&k, &cfg, &err);
    ck_assert_msg(u != NULL, "%s", err.msg);
    struct reader r = {.client = {.received = reader_received}, .uart = emu_uart_device(u)};
    r.uart->client = &r.client;
    ck_assert_int_eq(r.uart->ops->receive(r.uart, &r.byte, 1), 0);

    struct emu_inputs_options o;
    emu_inputs_options_init(&o, NULL);
    ck_assert_int_eq(emu_inputs_options_add_type(&o, "b@2ms", &err), 0);
    ck_assert_int_eq(emu_inputs_options_add_type(&o, "a@1ms", &err), 0);
    ck_assert_int_eq(emu_inputs_options_add_type(&o, "c@2ms", &err), 0);
    struct emu_inputs in;
    emu_inputs_init(&in, &k, u, &o);
    emu_inputs_options_fini(&o); /* the schedule keeps its own references */

    ck_assert_uint_eq(tk_kernel_next_deadline(&k), 1 * MS);
    fake_run_deferred_all(&k);
    ck_assert_uint_eq(r.len, 0);
    fx_advance(&k, 1 * MS);
    fake_run_deferred_all(&k);
    ck_assert_str_eq(r.got, "a");
    fx_advance(&k, 1 * MS);
    fake_run_deferred_all(&k);
    ck_assert_str_eq(r.got, "abc");
    ck_assert_uint_eq(tk_kernel_next_deadline(&k), TK_NO_DEADLINE);

    emu_inputs_type(&in, 0, (const uint8_t *)"de", 2); /* in the past */
    fx_advance(&k, 0);
    fake_run_deferred_all(&k);
    ck_assert_str_eq(r.got, "abcde");

    /* Interactive lines (--control): now, or at a leading time. */
    ck_assert_int_eq(emu_inputs_command(&in, " console \"f\"\n", &err), 0);
    ck_assert_int_eq(emu_inputs_command(&in, "3ms console \"g\"", &err), 0);
    ck_assert_int_eq(emu_inputs_command(&in, "press 0", &err), -ENOENT);
    ck_assert_int_eq(emu_inputs_command(&in, "console f", &err), -EINVAL);
    ck_assert_str_eq(err.msg, "input 'console f': expected 'TIME console \"TEXT\"'");
    fake_run_deferred_all(&k);
    fx_advance(&k, 0);
    fake_run_deferred_all(&k);
    ck_assert_str_eq(r.got, "abcdef");
    fx_advance(&k, 1 * MS);
    fake_run_deferred_all(&k);
    ck_assert_str_eq(r.got, "abcdefg");

    emu_inputs_type(&in, 5 * MS, (const uint8_t *)"never", 5); /* freed unsent */
    emu_inputs_fini(&in);
    ck_assert_uint_eq(tk_kernel_next_deadline(&k), TK_NO_DEADLINE);
    (void)r.uart->ops->receive_abort(r.uart);
    fake_run_deferred_all(&k);
    emu_uart_free(u);
    close(out[0]);
    close(out[1]);
    fx_kernel_fini(&k);
}
END_TEST

Suite *inputs_model_suite(void)
{
    Suite *s = suite_create("inputs_model");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, type_option_decodes_text_and_time, 0,
                        sizeof good_types / sizeof good_types[0]);
    tcase_add_loop_test(tc, type_option_errors_name_the_argument, 0,
                        sizeof bad_types / sizeof bad_types[0]);
    tcase_add_test(tc, scenario_shares_one_grammar_with_the_pins);
    tcase_add_test(tc, recorded_console_line_parses_back_to_the_same_bytes);
    tcase_add_test(tc, inputs_are_typed_at_their_virtual_time_in_order);
    suite_add_tcase(s, tc);
    return s;
}
