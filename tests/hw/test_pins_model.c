/* Pin model: --press and scenario parsing, timed inputs, recorded events.
 *
 * emu/hw/pins.h; the capsules on top follow spec §8.3-§8.5. Inputs enter at
 * virtual times (architecture "Time"), so every time below is exact.
 */
#include <check.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "button.h"
#include "fake_hil.h"
#include "fake_peripherals.h"
#include "fixture.h"
#include "gpio.h"
#include "led.h"
#include "pins.h"

#define MS (1000ull * 1000)

/* ---- parsing ---- */

static const struct {
    const char *text;
    int rc;
    uint64_t ns;
} times[] = {
    {"150ms", 0, 150 * MS},
    {"5ns", 0, 5},
    {"20us", 0, 20000},
    {"2s", 0, 2000 * MS},
    {"0s", 0, 0},
    {"18446744073709551615ns", 0, UINT64_MAX},
    {"18446744073709552s", -ERANGE, 0},
    {"150", -EINVAL, 0},
    {"ms", -EINVAL, 0},
    {"", -EINVAL, 0},
    {"1.5ms", 0, 1500000},
    {"1.5ns", -EINVAL, 0},
    {"-1ms", -EINVAL, 0},
    {"15xs", -EINVAL, 0},
    {"10 ms", -EINVAL, 0},
};

START_TEST(parse_time_accepts_numbers_with_ns_us_ms_s)
{
    /* pins.h: every time: a number (a fraction down to 1 ns) and a unit. */
    uint64_t ns = 12345;
    ck_assert_int_eq(emu_pins_parse_time(times[_i].text, &ns), times[_i].rc);
    ck_assert_uint_eq(ns, times[_i].rc == 0 ? times[_i].ns : 12345);
}
END_TEST

static const struct emu_pins_input *input_at(const struct emu_pins_options *o, guint i)
{
    ck_assert_uint_lt(i, o->inputs->len);
    return &g_array_index(o->inputs, struct emu_pins_input, i);
}

static void check_input(const struct emu_pins_input *in, uint64_t at_ns, enum emu_pin_kind kind,
                        unsigned index, enum emu_pin_drive level)
{
    ck_assert_uint_eq(in->at_ns, at_ns);
    ck_assert_int_eq(in->kind, kind);
    ck_assert_uint_eq(in->index, index);
    ck_assert_int_eq(in->level, level);
}

START_TEST(press_releases_after_default_50ms)
{
    /* pins.h: --press 0@150ms: press at 150 ms, release 50 ms later. */
    struct emu_pins_options o;
    struct emu_err err;
    emu_pins_options_init(&o);
    ck_assert_int_eq(emu_pins_options_add_press(&o, "0@150ms", &err), 0);
    ck_assert_uint_eq(o.inputs->len, 2);
    check_input(input_at(&o, 0), 150 * MS, EMU_PIN_BUTTON, 0, EMU_PIN_HIGH);
    check_input(input_at(&o, 1), 200 * MS, EMU_PIN_BUTTON, 0, EMU_PIN_LOW);
    ck_assert_str_eq(input_at(&o, 0)->origin, "--press 0@150ms");
    emu_pins_options_fini(&o);
}
END_TEST

START_TEST(press_with_hold_releases_after_hold)
{
    /* pins.h: --press 3@150ms+20ms: the hold time after '+'. */
    struct emu_pins_options o;
    struct emu_err err;
    emu_pins_options_init(&o);
    ck_assert_int_eq(emu_pins_options_add_press(&o, "3@1s+20us", &err), 0);
    check_input(input_at(&o, 0), 1000 * MS, EMU_PIN_BUTTON, 3, EMU_PIN_HIGH);
    check_input(input_at(&o, 1), 1000 * MS + 20000, EMU_PIN_BUTTON, 3, EMU_PIN_LOW);
    emu_pins_options_fini(&o);
}
END_TEST

static const char *const bad_presses[] = {"0150ms", "x@1ms",  "@1ms",    "0@",
                                          "0@150",  "0@1ms+", "0@1ms+5", "1@2ms@3ms"};

START_TEST(press_malformed_is_rejected_naming_the_argument)
{
    /* pins.h: A bad --press is an error that quotes it, and adds nothing. */
    struct emu_pins_options o;
    struct emu_err err;
    char expect[256];
    emu_pins_options_init(&o);
    ck_assert_int_eq(emu_pins_options_add_press(&o, bad_presses[_i], &err), -EINVAL);
    snprintf(expect, sizeof expect,
             "--press %s: expected BUTTON@TIME[+HOLD] with times like 150ms (units ns, us, ms, s)",
             bad_presses[_i]);
    ck_assert_str_eq(err.msg, expect);
    ck_assert_uint_eq(o.inputs->len, 0);
    emu_pins_options_fini(&o);
}
END_TEST

START_TEST(press_time_overflow_is_out_of_range)
{
    /* pins.h: Press time + hold beyond 2^64 ns is an error, not a wrap. */
    struct emu_pins_options o;
    struct emu_err err;
    emu_pins_options_init(&o);
    ck_assert_int_eq(emu_pins_options_add_press(&o, "0@18446744073709551615ns", &err), -EINVAL);
    ck_assert_str_eq(err.msg, "--press 0@18446744073709551615ns: time out of range");
    emu_pins_options_fini(&o);
}
END_TEST

START_TEST(scenario_reads_timed_inputs_skipping_comments)
{
    /* pins.h: One input per line; '#' comments, blank lines and CRLF are fine. */
    struct emu_pins_options o;
    struct emu_err err;
    emu_pins_options_init(&o);
    const char *text = "# demo\n"
                       "150ms press 0\n"
                       "\n"
                       "  200ms   release 0   # let go\r\n"
                       "300ms gpio 2 high\n"
                       "310ms gpio 2 low\n"
                       "320ms gpio 7 float";
    ck_assert_int_eq(emu_pins_options_add_scenario(&o, "demo.txt", text, &err), 0);
    ck_assert_uint_eq(o.inputs->len, 5);
    check_input(input_at(&o, 0), 150 * MS, EMU_PIN_BUTTON, 0, EMU_PIN_HIGH);
    check_input(input_at(&o, 1), 200 * MS, EMU_PIN_BUTTON, 0, EMU_PIN_LOW);
    check_input(input_at(&o, 2), 300 * MS, EMU_PIN_GPIO, 2, EMU_PIN_HIGH);
    check_input(input_at(&o, 3), 310 * MS, EMU_PIN_GPIO, 2, EMU_PIN_LOW);
    check_input(input_at(&o, 4), 320 * MS, EMU_PIN_GPIO, 7, EMU_PIN_FLOAT);
    ck_assert_str_eq(input_at(&o, 2)->origin, "demo.txt:5");
    emu_pins_options_fini(&o);
}
END_TEST

static const struct {
    const char *text;
    const char *msg;
} bad_scenarios[] = {
    {"150ms press 0\n15xs press 1\n",
     "s.txt:2: bad time '15xs' (expected a number with unit ns, us, ms or s)"},
    {"1ms push 0\n", "s.txt:1: unknown action 'push' (expected press, release or gpio)"},
    {"# only time\n1ms\n", "s.txt:2: unknown action '' (expected press, release or gpio)"},
    {"1ms press\n", "s.txt:1: expected 'TIME press BUTTON'"},
    {"1ms release 0 1\n", "s.txt:1: expected 'TIME release BUTTON'"},
    {"1ms press x\n", "s.txt:1: expected 'TIME press BUTTON'"},
    {"\n\n\n1ms gpio 2\n", "s.txt:4: expected 'TIME gpio PIN high|low|float'"},
    {"1ms gpio 2 on\n", "s.txt:1: bad level 'on' (expected high, low or float)"},
};

START_TEST(scenario_errors_name_file_and_line)
{
    /* pins.h: A bad line is an error "FILE:LINE: why", and nothing is added. */
    struct emu_pins_options o;
    struct emu_err err;
    emu_pins_options_init(&o);
    ck_assert_int_eq(emu_pins_options_add_scenario(&o, "s.txt", bad_scenarios[_i].text, &err),
                     -EINVAL);
    ck_assert_str_eq(err.msg, bad_scenarios[_i].msg);
    ck_assert_uint_eq(o.inputs->len, 0);
    emu_pins_options_fini(&o);
}
END_TEST

START_TEST(scenario_file_is_read_and_missing_file_named)
{
    /* pins.h: --scenario FILE reads the file; errors name it. */
    struct emu_pins_options o;
    struct emu_err err;
    char *path = NULL;
    emu_pins_options_init(&o);
    int fd = g_file_open_tmp("tockemu-scenario-XXXXXX", &path, NULL);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert(g_file_set_contents(path, "5ms press 1\n6ms bogus\n", -1, NULL));

    ck_assert_int_eq(emu_pins_options_load_scenario(&o, path, &err), -EINVAL);
    char *expect =
        g_strdup_printf("%s:2: unknown action 'bogus' (expected press, release or gpio)", path);
    ck_assert_str_eq(err.msg, expect);
    g_free(expect);

    ck_assert(g_file_set_contents(path, "5ms press 1\n", -1, NULL));
    ck_assert_int_eq(emu_pins_options_load_scenario(&o, path, &err), 0);
    check_input(input_at(&o, 0), 5 * MS, EMU_PIN_BUTTON, 1, EMU_PIN_HIGH);
    g_unlink(path);
    ck_assert_int_eq(emu_pins_options_load_scenario(&o, path, &err), -ENOENT);
    expect = g_strdup_printf("%s: cannot open scenario: No such file or directory", path);
    ck_assert_str_eq(err.msg, expect);
    g_free(expect);
    g_free(path);
    emu_pins_options_fini(&o);
}
END_TEST

START_TEST(option_group_parses_the_pin_options)
{
    /* pins.h: The CLI's group fills the options; bad values are GOption errors. */
    struct emu_pins_options o;
    emu_pins_options_init(&o);
    GOptionContext *ctx = g_option_context_new(NULL);
    g_option_context_add_group(ctx, emu_pins_option_group(&o));
    char *argv_data[] = {
        "tockemu",   "--leds", "2",           "--press", "1@3ms+1ms", "--trace-leds",
        "--buttons", "5",      "--gpio-pins", "0",       NULL};
    char **argv = argv_data;
    int argc = 10;
    GError *error = NULL;
    ck_assert(g_option_context_parse(ctx, &argc, &argv, &error));
    ck_assert_uint_eq(o.leds, 2);
    ck_assert_uint_eq(o.buttons, 5);
    ck_assert_uint_eq(o.gpio_pins, 0);
    ck_assert(o.trace_leds);
    check_input(input_at(&o, 1), 4 * MS, EMU_PIN_BUTTON, 1, EMU_PIN_LOW);

    char *bad_data[] = {"tockemu", "--leds", "33", NULL};
    char **bad = bad_data;
    argc = 3;
    ck_assert(!g_option_context_parse(ctx, &argc, &bad, &error));
    ck_assert_str_eq(error->message, "--leds 33: expected a count from 0 to 32");
    g_error_free(error);
    g_option_context_free(ctx);
    emu_pins_options_fini(&o);
}
END_TEST

START_TEST(init_rejects_input_for_a_missing_pin_naming_its_origin)
{
    /* pins.h: An input for a button or pin the board lacks is an error at set-up. */
    struct tk_kernel k;
    struct emu_pins m;
    struct emu_pins_options o;
    struct emu_err err;
    fx_kernel_init(&k);
    emu_pins_options_init(&o);
    ck_assert_int_eq(emu_pins_options_add_press(&o, "4@1ms", &err), 0);
    ck_assert_int_eq(emu_pins_init(&m, &k, &o, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "--press 4@1ms: no button 4 (4 buttons)");
    g_array_set_size(o.inputs, 0);
    o.gpio_pins = 2;
    ck_assert_int_eq(emu_pins_options_add_scenario(&o, "s.txt", "1ms gpio 2 high", &err), 0);
    ck_assert_int_eq(emu_pins_init(&m, &k, &o, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "s.txt:1: no GPIO pin 2 (2 GPIO pins)");
    emu_pins_options_fini(&o);
    fx_kernel_fini(&k);
}
END_TEST

/* ---- the model under the capsules ---- */

struct pins_env {
    struct tk_kernel k;
    struct emu_pins m;
    struct tk_led_driver leds;
    struct tk_button buttons;
    struct tk_gpio gpio;
    struct tk_process *p;
    unsigned observed;
    struct emu_pins_event last;
};

static void observe(const struct emu_pins_event *ev, void *ctx)
{
    struct pins_env *e = ctx;
    e->observed++;
    e->last = *ev;
}

/* Default board (4 LEDs, 4 buttons, 8 GPIO pins) plus `o`'s inputs. */
static void pins_env_init(struct pins_env *e, const struct emu_pins_options *o)
{
    struct emu_err err;
    struct tk_led *leds[EMU_PINS_MAX];
    struct tk_button_pin buttons[EMU_PINS_MAX];
    struct tk_gpio_pin *gpio[EMU_PINS_MAX];

    fx_kernel_init(&e->k);
    ck_assert_int_eq(emu_pins_init(&e->m, &e->k, o, &err), 0);
    emu_pins_set_observer(&e->m, observe, e);
    e->observed = 0;
    for (unsigned i = 0; i < e->m.led_count; i++)
        leds[i] = emu_pins_led(&e->m, i);
    for (unsigned i = 0; i < e->m.button_count; i++)
        buttons[i] =
            (struct tk_button_pin){emu_pins_button(&e->m, i), emu_pins_button_activation(&e->m, i),
                                   emu_pins_button_pull(&e->m, i)};
    for (unsigned i = 0; i < e->m.gpio_count; i++)
        gpio[i] = emu_pins_gpio(&e->m, i);
    tk_led_driver_init(&e->leds, leds, e->m.led_count);
    tk_button_init(&e->buttons, buttons, e->m.button_count);
    tk_gpio_init(&e->gpio, gpio, e->m.gpio_count);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->leds.driver), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->buttons.driver), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->gpio.driver), 0);
    e->p = fx_process_new(&e->k, "app", 0);
}

static void pins_env_fini(struct pins_env *e)
{
    fx_run_deferred(&e->k);
    emu_pins_fini(&e->m);
    fx_kernel_fini(&e->k);
}

static void check_event(const struct emu_pins_event *ev, uint64_t time_ns, enum emu_pin_kind kind,
                        unsigned index, enum emu_pin_drive level, bool input)
{
    ck_assert_ptr_nonnull(ev);
    ck_assert_uint_eq(ev->time_ns, time_ns);
    ck_assert_int_eq(ev->kind, kind);
    ck_assert_uint_eq(ev->index, index);
    ck_assert_int_eq(ev->level, level);
    ck_assert_int_eq(ev->input, input);
}

START_TEST(injected_press_fires_at_its_virtual_time)
{
    /* pins.h: --press 1@150ms+20ms: button upcalls (1, 1, 0) at exactly 150 ms and
     * (1, 0, 0) at 170 ms (spec §8.4), each recorded as an input event. */
    struct pins_env e;
    struct emu_pins_options o;
    struct emu_err err;
    emu_pins_options_init(&o);
    ck_assert_int_eq(emu_pins_options_add_press(&o, "1@150ms+20ms", &err), 0);
    pins_env_init(&e, &o);
    emu_pins_options_fini(&o);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_BUTTON, 1, 1, 0);
    ck_assert_uint_eq(emu_pins_next_deadline(&e.m), 150 * MS);

    fx_advance(&e.k, 150 * MS - 1);
    ck_assert_uint_eq(fx_task_count(e.p), 0);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_BUTTON, 3, 1, 0), 0);
    fx_advance(&e.k, 1);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_BUTTON, 1, 1, 0);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_BUTTON, 3, 1, 0), 1);
    fx_advance(&e.k, 20 * MS);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_BUTTON, 1, 0, 0);
    ck_assert_uint_eq(emu_pins_next_deadline(&e.m), TK_NO_DEADLINE);

    ck_assert_uint_eq(emu_pins_event_count(&e.m), 2);
    check_event(emu_pins_event_at(&e.m, 0), 150 * MS, EMU_PIN_BUTTON, 1, EMU_PIN_HIGH, true);
    check_event(emu_pins_event_at(&e.m, 1), 170 * MS, EMU_PIN_BUTTON, 1, EMU_PIN_LOW, true);
    pins_env_fini(&e);
}
END_TEST

START_TEST(press_and_release_at_one_instant_give_two_upcalls)
{
    /* pins.h: A zero hold still reports both edges, each with its own level. */
    struct pins_env e;
    pins_env_init(&e, NULL);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_BUTTON, 1, 0, 0);
    ck_assert_int_eq(emu_pins_press(&e.m, 0, 5 * MS, 5 * MS), 0);
    fx_advance(&e.k, 5 * MS);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_BUTTON, 0, 1, 0);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_BUTTON, 0, 0, 0);
    pins_env_fini(&e);
}
END_TEST

START_TEST(inputs_scheduled_out_of_order_apply_in_time_order)
{
    /* pins.h: Inputs apply by time, and in the order given at equal times. */
    struct pins_env e;
    pins_env_init(&e, NULL);
    ck_assert_int_eq(emu_pins_set_input(&e.m, 3, EMU_PIN_HIGH, 30 * MS), 0);
    ck_assert_int_eq(emu_pins_set_input(&e.m, 4, EMU_PIN_HIGH, 10 * MS), 0);
    ck_assert_int_eq(emu_pins_set_input(&e.m, 4, EMU_PIN_LOW, 10 * MS), 0);
    ck_assert_int_eq(emu_pins_set_input(&e.m, 8, EMU_PIN_HIGH, 0), -EINVAL);
    ck_assert_int_eq(emu_pins_press(&e.m, 0, 2 * MS, 1 * MS), -EINVAL);
    fx_advance(&e.k, 100 * MS);
    ck_assert_uint_eq(emu_pins_event_count(&e.m), 3);
    check_event(emu_pins_event_at(&e.m, 0), 10 * MS, EMU_PIN_GPIO, 4, EMU_PIN_HIGH, true);
    check_event(emu_pins_event_at(&e.m, 1), 10 * MS, EMU_PIN_GPIO, 4, EMU_PIN_LOW, true);
    check_event(emu_pins_event_at(&e.m, 2), 30 * MS, EMU_PIN_GPIO, 3, EMU_PIN_HIGH, true);
    pins_env_fini(&e);
}
END_TEST

START_TEST(led_changes_are_events_with_virtual_time)
{
    /* pins.h: Every LED change is an output event at tk_kernel_now, recorded and
     * observed; setting an LED to the state it has is no change. */
    struct pins_env e;
    char text[64];
    pins_env_init(&e, NULL);
    ck_assert_uint_eq(emu_pins_event_count(&e.m), 0); /* LEDs start off */
    fx_advance(&e.k, 10 * MS);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 1, 2, 0);
    ck_assert_uint_eq(e.observed, 1);
    check_event(&e.last, 10 * MS, EMU_PIN_LED, 2, EMU_PIN_HIGH, false);
    emu_pins_event_format(&e.last, text, sizeof text);
    ck_assert_str_eq(text, "led 2 on");
    fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 1, 2, 0);
    ck_assert_uint_eq(e.observed, 1);
    fx_advance(&e.k, 5 * MS);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 3, 2, 0);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 4, 2, 0), 0);
    ck_assert_uint_eq(emu_pins_event_count(&e.m), 2);
    check_event(emu_pins_event_at(&e.m, 1), 15 * MS, EMU_PIN_LED, 2, EMU_PIN_LOW, false);
    emu_pins_event_format(emu_pins_event_at(&e.m, 1), text, sizeof text);
    ck_assert_str_eq(text, "led 2 off");
    pins_env_fini(&e);
}
END_TEST

START_TEST(gpio_output_changes_are_events)
{
    /* pins.h: A GPIO output is an event when what it drives changes, including
     * when it stops driving (deactivated: float). */
    struct pins_env e;
    char text[64];
    pins_env_init(&e, NULL);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 1, 5, 0);
    check_event(&e.last, 0, EMU_PIN_GPIO, 5, EMU_PIN_LOW, false);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 2, 5, 0);
    check_event(&e.last, 0, EMU_PIN_GPIO, 5, EMU_PIN_HIGH, false);
    emu_pins_event_format(&e.last, text, sizeof text);
    ck_assert_str_eq(text, "gpio 5 output high");
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 6, 5, 0), 1);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 9, 5, 0);
    check_event(&e.last, 0, EMU_PIN_GPIO, 5, EMU_PIN_FLOAT, false);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 6, 5, 0), 0);
    ck_assert_uint_eq(e.observed, 3);
    pins_env_fini(&e);
}
END_TEST

START_TEST(gpio_input_edge_interrupts_at_its_virtual_time)
{
    /* pins.h: Scenario "300ms gpio 2 high", "400ms gpio 2 low" with a rising-edge
     * interrupt: one upcall (2, 1, 0) at 300 ms and none at 400 ms
     * (spec §8.5). */
    struct pins_env e;
    struct emu_pins_options o;
    struct emu_err err;
    emu_pins_options_init(&o);
    ck_assert_int_eq(emu_pins_options_add_scenario(&o, "s",
                                                   "300ms gpio 2 high\n"
                                                   "400ms gpio 2 low\n",
                                                   &err),
                     0);
    pins_env_init(&e, &o);
    emu_pins_options_fini(&o);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 5, 2, 0);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 7, 2, 1);
    fx_advance(&e.k, 300 * MS);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_GPIO, 2, 1, 0);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 6, 2, 0), 1);
    fx_advance(&e.k, 100 * MS);
    ck_assert_uint_eq(fx_task_count(e.p), 0);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 6, 2, 0), 0);
    pins_env_fini(&e);
}
END_TEST

START_TEST(floating_input_reads_its_pull_and_edge_is_deferred)
{
    /* pins.h: A floating input reads its pull; the edge a pull change causes is
     * reported from a deferred call, not inside the command. */
    struct pins_env e;
    pins_env_init(&e, NULL);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 5, 6, 0);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 7, 6, 0);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 6, 6, 0), 0);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 5, 6, 1);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 6, 6, 0), 1);
    ck_assert_uint_eq(fx_task_count(e.p), 0);
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_GPIO, 6, 1, 0);
    /* Driven low from outside, then released: back to the pull-up. */
    emu_pins_set_input(&e.m, 6, EMU_PIN_LOW, 1 * MS);
    emu_pins_set_input(&e.m, 6, EMU_PIN_FLOAT, 2 * MS);
    fx_advance(&e.k, 2 * MS);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_GPIO, 6, 0, 0);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_GPIO, 6, 1, 0);
    pins_env_fini(&e);
}
END_TEST

START_TEST(input_on_a_pin_without_interrupt_is_only_recorded)
{
    /* pins.h: With the interrupt off (never enabled) an input only changes the level. */
    struct pins_env e;
    char text[64];
    pins_env_init(&e, NULL);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 5, 0, 0);
    emu_pins_set_input(&e.m, 0, EMU_PIN_HIGH, 0);
    fx_advance(&e.k, 0);
    ck_assert_uint_eq(fx_task_count(e.p), 0);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 6, 0, 0), 1);
    emu_pins_event_format(&e.last, text, sizeof text);
    ck_assert_str_eq(text, "gpio 0 input high");
    pins_env_fini(&e);
}
END_TEST

START_TEST(interactive_command_applies_now_or_at_its_time)
{
    /* pins.h: An interactive "press 0" applies at the current virtual time; a
     * leading time schedules it; errors say why and schedule nothing. */
    struct pins_env e;
    struct emu_err err;
    pins_env_init(&e, NULL);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_BUTTON, 1, 0, 0);
    fx_advance(&e.k, 7 * MS);
    ck_assert_int_eq(emu_pins_command(&e.m, "press 0", &err), 0);
    ck_assert_int_eq(emu_pins_command(&e.m, " 9ms release 0 ", &err), 0);
    ck_assert_uint_eq(emu_pins_next_deadline(&e.m), 7 * MS);
    fx_advance(&e.k, 0);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_BUTTON, 0, 1, 0);
    check_event(emu_pins_event_at(&e.m, 0), 7 * MS, EMU_PIN_BUTTON, 0, EMU_PIN_HIGH, true);
    fx_advance(&e.k, 2 * MS);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_BUTTON, 0, 0, 0);

    ck_assert_int_eq(emu_pins_command(&e.m, "push 0", &err), -EINVAL);
    ck_assert_str_eq(err.msg, "input:1: unknown action 'push' (expected press, release or gpio)");
    ck_assert_int_eq(emu_pins_command(&e.m, "press 4", &err), -EINVAL);
    ck_assert_str_eq(err.msg, "input 'press 4': no button 4");
    ck_assert_uint_eq(emu_pins_next_deadline(&e.m), TK_NO_DEADLINE);
    pins_env_fini(&e);
}
END_TEST

START_TEST(low_power_pin_with_interrupt_senses_the_wire)
{
    /* spec §8.5: cmd 7 alone (no cmd 5) still delivers edges: a low-power
     * pin with its interrupt on senses its input; cmd 8 stops that. */
    struct pins_env e;
    pins_env_init(&e, NULL);
    emu_pins_set_input(&e.m, 1, EMU_PIN_HIGH, 1 * MS);
    fx_advance(&e.k, 1 * MS);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 6, 1, 0), 0);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 7, 1, 0);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 6, 1, 0), 1);
    fx_run_deferred(&e.k);
    ck_assert_uint_eq(fx_task_count(e.p), 0); /* enabling is no edge */
    emu_pins_set_input(&e.m, 1, EMU_PIN_LOW, 2 * MS);
    fx_advance(&e.k, 1 * MS);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_GPIO, 1, 0, 0);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 8, 1, 0);
    emu_pins_set_input(&e.m, 1, EMU_PIN_HIGH, 3 * MS);
    fx_advance(&e.k, 1 * MS);
    ck_assert_uint_eq(fx_task_count(e.p), 0);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_GPIO, 6, 1, 0), 0);
    pins_env_fini(&e);
}
END_TEST

/* ---- wires and active-low pins ---- */

#define GPIO TK_DRIVER_NUM_GPIO

/* Options with `wires` ("0-1", ...), NULL-terminated. */
static void wired_options(struct emu_pins_options *o, const char *const *wires)
{
    struct emu_err err;
    emu_pins_options_init(o);
    for (; *wires != NULL; wires++)
        ck_assert_int_eq(emu_pins_options_add_wire(o, "--wire", *wires, &err), 0);
}

static void assert_gpio_reads(struct pins_env *e, uint32_t pin, uint32_t level)
{
    fake_assert_success_u32(fx_command(&e->k, e->p, GPIO, 6, pin, 0), level);
}

START_TEST(wire_carries_an_output_to_the_input_at_the_other_end_both_ways)
{
    /* pins.h (wires): a jumper between GPIO 0 and 1 (libtock-c's
     * gpio_loopback_test): what one drives as output, the other reads as
     * input, whichever end drives; an unwired pin hears nothing. */
    struct pins_env e;
    struct emu_pins_options o;
    wired_options(&o, (const char *const[]){"0-1", NULL});
    pins_env_init(&e, &o);
    emu_pins_options_fini(&o);
    fx_command(&e.k, e.p, GPIO, 1, 0, 0);
    fx_command(&e.k, e.p, GPIO, 5, 1, 0);
    fx_command(&e.k, e.p, GPIO, 5, 2, 0);
    fx_command(&e.k, e.p, GPIO, 2, 0, 0);
    assert_gpio_reads(&e, 1, 1);
    assert_gpio_reads(&e, 2, 0);
    fx_command(&e.k, e.p, GPIO, 3, 0, 0);
    assert_gpio_reads(&e, 1, 0);
    /* The other way round. */
    fx_command(&e.k, e.p, GPIO, 1, 1, 0);
    fx_command(&e.k, e.p, GPIO, 5, 0, 0);
    fx_command(&e.k, e.p, GPIO, 2, 1, 0);
    assert_gpio_reads(&e, 0, 1);
    fx_command(&e.k, e.p, GPIO, 3, 1, 0);
    assert_gpio_reads(&e, 0, 0);
    pins_env_fini(&e);
}
END_TEST

START_TEST(edge_carried_by_a_wire_interrupts_once_per_edge_after_the_command)
{
    /* pins.h (wires), spec §8.5: an edge the driving pin's command causes on
     * the wired input is reported from a deferred call, after the command,
     * with the input's slot and level; a falling-edge interrupt ignores the
     * rise. */
    struct pins_env e;
    struct emu_pins_options o;
    wired_options(&o, (const char *const[]){"6-7", NULL});
    pins_env_init(&e, &o);
    emu_pins_options_fini(&o);
    fx_command(&e.k, e.p, GPIO, 5, 6, 0);
    fx_command(&e.k, e.p, GPIO, 7, 6, 0); /* either edge */
    fx_command(&e.k, e.p, GPIO, 1, 7, 0);
    fx_command(&e.k, e.p, GPIO, 2, 7, 0);
    ck_assert_uint_eq(fx_task_count(e.p), 0);
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, GPIO, 6, 1, 0);
    fx_command(&e.k, e.p, GPIO, 3, 7, 0);
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, GPIO, 6, 0, 0);
    fx_command(&e.k, e.p, GPIO, 7, 6, 2); /* falling only */
    fx_command(&e.k, e.p, GPIO, 2, 7, 0);
    fx_run_deferred(&e.k);
    ck_assert_uint_eq(fx_task_count(e.p), 0);
    fx_command(&e.k, e.p, GPIO, 3, 7, 0);
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, GPIO, 6, 0, 0);
    pins_env_fini(&e);
}
END_TEST

START_TEST(outputs_on_a_net_win_over_an_outside_drive_and_low_wins_between_them)
{
    /* pins.h (wires): GPIO 0, 1 and 2 on one net. An outside drive on 2
     * shows while no pin drives; an output wins over it; two outputs that
     * disagree give low; with nothing driving, a pull on any pin holds the
     * net. */
    struct pins_env e;
    struct emu_pins_options o;
    wired_options(&o, (const char *const[]){"0-1", "2-1", "gpio1-gpio0", NULL});
    pins_env_init(&e, &o);
    emu_pins_options_fini(&o);
    fx_command(&e.k, e.p, GPIO, 5, 2, 0);
    emu_pins_set_input(&e.m, 2, EMU_PIN_HIGH, 0);
    fx_advance(&e.k, 0);
    assert_gpio_reads(&e, 2, 1);
    fx_command(&e.k, e.p, GPIO, 1, 0, 0); /* output, latch low */
    assert_gpio_reads(&e, 2, 0);
    fx_command(&e.k, e.p, GPIO, 2, 0, 0);
    fx_command(&e.k, e.p, GPIO, 1, 1, 0); /* a second output, low */
    assert_gpio_reads(&e, 2, 0);
    fx_command(&e.k, e.p, GPIO, 2, 1, 0);
    assert_gpio_reads(&e, 2, 1);
    fx_command(&e.k, e.p, GPIO, 9, 0, 0);
    fx_command(&e.k, e.p, GPIO, 9, 1, 0);
    emu_pins_set_input(&e.m, 2, EMU_PIN_FLOAT, 1 * MS);
    fx_advance(&e.k, 1 * MS);
    assert_gpio_reads(&e, 2, 0);
    fx_command(&e.k, e.p, GPIO, 5, 1, 1); /* pin 1 pulled up */
    assert_gpio_reads(&e, 2, 1);
    pins_env_fini(&e);
}
END_TEST

START_TEST(active_low_led_drives_high_when_dark_and_low_when_lit)
{
    /* pins.h (active low), Tock's LedLow: an nRF52840-DK LED wired to GPIO
     * 6 reads 1 while dark and 0 while lit; its events still say lit. */
    struct pins_env e;
    struct emu_pins_options o;
    char text[64];
    wired_options(&o, (const char *const[]){"led0-6", NULL});
    o.leds_active_low = true;
    pins_env_init(&e, &o);
    emu_pins_options_fini(&o);
    fx_command(&e.k, e.p, GPIO, 5, 6, 0);
    assert_gpio_reads(&e, 6, 1);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 1, 0, 0);
    assert_gpio_reads(&e, 6, 0);
    emu_pins_event_format(&e.last, text, sizeof text);
    ck_assert_str_eq(text, "led 0 on");
    fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 3, 0, 0); /* toggle */
    assert_gpio_reads(&e, 6, 1);
    emu_pins_event_format(&e.last, text, sizeof text);
    ck_assert_str_eq(text, "led 0 off");
    pins_env_fini(&e);
}
END_TEST

START_TEST(active_low_button_is_pulled_up_and_pressed_by_a_wired_output_or_a_press)
{
    /* pins.h (active low): a DK button reads released while pulled up; a
     * GPIO output wired to it presses it by driving low, with an upcall
     * per edge; --press on another button drives its pin low. */
    struct pins_env e;
    struct emu_pins_options o;
    wired_options(&o, (const char *const[]){"button0-gpio2", NULL});
    o.buttons_active_low = true;
    pins_env_init(&e, &o);
    emu_pins_options_fini(&o);
    ck_assert_int_eq(emu_pins_button_activation(&e.m, 0), TK_GPIO_ACTIVE_LOW);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_BUTTON, 3, 0, 0), 0);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_BUTTON, 1, 0, 0);
    fx_command(&e.k, e.p, GPIO, 1, 2, 0); /* output low: pressed */
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_BUTTON, 3, 0, 0), 1);
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_BUTTON, 0, 1, 0);
    fx_command(&e.k, e.p, GPIO, 2, 2, 0);
    fx_run_deferred(&e.k);
    fake_expect_upcall(e.p, TK_TASK_RETURN_VALUE, TK_DRIVER_NUM_BUTTON, 0, 0, 0);
    ck_assert_int_eq(emu_pins_press(&e.m, 1, 1 * MS, 2 * MS), 0);
    fx_advance(&e.k, 1 * MS);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_BUTTON, 3, 1, 0), 1);
    check_event(&e.last, 1 * MS, EMU_PIN_BUTTON, 1, EMU_PIN_HIGH, true);
    fx_advance(&e.k, 1 * MS);
    fake_assert_success_u32(fx_command(&e.k, e.p, TK_DRIVER_NUM_BUTTON, 3, 1, 0), 0);
    pins_env_fini(&e);
}
END_TEST

static const struct {
    const char *text, *message;
} bad_wires[] = {
    {"0", "--wire: expected A-B"},
    {"0-", "--wire: expected A-B"},
    {"lamp0-1", "--wire: expected A-B"},
    {"0-32", "--wire: expected A-B"},
    {"gpio3-3", "--wire: a wire joins two different pins"},
};

START_TEST(wire_option_rejects_bad_text_naming_it)
{
    /* Bad user input: the origin, then the reason; nothing added. */
    struct emu_pins_options o;
    struct emu_err err;
    emu_pins_options_init(&o);
    ck_assert_int_eq(emu_pins_options_add_wire(&o, "--wire", bad_wires[_i].text, &err), -EINVAL);
    ck_assert_msg(strncmp(err.msg, bad_wires[_i].message, strlen(bad_wires[_i].message)) == 0, "%s",
                  err.msg);
    ck_assert_uint_eq(o.wires->len, 0);
    emu_pins_options_fini(&o);
}
END_TEST

START_TEST(wire_options_parse_and_a_missing_pin_stops_init)
{
    /* pins.h: --wire, --leds-active-low, --buttons-active-low fill the
     * options; a wire to a pin the board lacks names the wire. */
    struct emu_pins_options o;
    emu_pins_options_init(&o);
    GOptionContext *ctx = g_option_context_new(NULL);
    g_option_context_add_group(ctx, emu_pins_option_group(&o));
    char *argv_data[] = {"tockemu", "--wire", "0-9", "--leds-active-low", "--buttons-active-low",
                         NULL};
    char **argv = argv_data;
    int argc = 5;
    GError *error = NULL;
    ck_assert(g_option_context_parse(ctx, &argc, &argv, &error));
    ck_assert(o.leds_active_low && o.buttons_active_low);
    ck_assert_uint_eq(o.wires->len, 1);
    struct tk_kernel k;
    struct emu_pins m;
    struct emu_err err;
    fx_kernel_init(&k);
    ck_assert_int_eq(emu_pins_init(&m, &k, &o, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "--wire 0-9: no GPIO pin 9 (8 GPIO pins)");
    fx_kernel_fini(&k);
    g_option_context_free(ctx);
    emu_pins_options_fini(&o);
}
END_TEST

START_TEST(recorded_inputs_replay_as_a_scenario)
{
    /* pins.h: input events written as scenario lines parse back to the same
     * inputs, so a recorded run can be replayed (architecture "Time"). */
    struct pins_env e;
    struct emu_pins_options o;
    struct emu_err err;
    char line[96];
    pins_env_init(&e, NULL);
    emu_pins_press(&e.m, 2, 3 * MS, 4 * MS);
    emu_pins_set_input(&e.m, 7, EMU_PIN_FLOAT, 5 * MS); /* already floating: no event */
    emu_pins_set_input(&e.m, 7, EMU_PIN_HIGH, 6 * MS);
    fx_command(&e.k, e.p, TK_DRIVER_NUM_LED, 1, 0, 0);
    fx_advance(&e.k, 10 * MS);
    ck_assert_uint_eq(emu_pins_event_count(&e.m), 4);
    ck_assert_int_eq(emu_pins_event_scenario_line(emu_pins_event_at(&e.m, 0), line, sizeof line),
                     -EINVAL); /* the LED output */

    GString *text = g_string_new(NULL);
    for (size_t i = 1; i < emu_pins_event_count(&e.m); i++) {
        ck_assert_int_gt(
            emu_pins_event_scenario_line(emu_pins_event_at(&e.m, i), line, sizeof line), 0);
        g_string_append_printf(text, "%s\n", line);
    }
    ck_assert_str_eq(text->str, "3000000ns press 2\n4000000ns release 2\n6000000ns gpio 7 high\n");
    emu_pins_options_init(&o);
    ck_assert_int_eq(emu_pins_options_add_scenario(&o, "replay", text->str, &err), 0);
    check_input(input_at(&o, 0), 3 * MS, EMU_PIN_BUTTON, 2, EMU_PIN_HIGH);
    check_input(input_at(&o, 1), 4 * MS, EMU_PIN_BUTTON, 2, EMU_PIN_LOW);
    check_input(input_at(&o, 2), 6 * MS, EMU_PIN_GPIO, 7, EMU_PIN_HIGH);
    emu_pins_options_fini(&o);
    g_string_free(text, TRUE);
    pins_env_fini(&e);
}
END_TEST

Suite *pins_model_suite(void)
{
    Suite *s = suite_create("pins_model");
    TCase *tc = tcase_create("parsing");
    tcase_add_loop_test(tc, parse_time_accepts_numbers_with_ns_us_ms_s, 0,
                        (int)(sizeof times / sizeof times[0]));
    tcase_add_test(tc, press_releases_after_default_50ms);
    tcase_add_test(tc, press_with_hold_releases_after_hold);
    tcase_add_loop_test(tc, press_malformed_is_rejected_naming_the_argument, 0,
                        (int)(sizeof bad_presses / sizeof bad_presses[0]));
    tcase_add_test(tc, press_time_overflow_is_out_of_range);
    tcase_add_test(tc, scenario_reads_timed_inputs_skipping_comments);
    tcase_add_loop_test(tc, scenario_errors_name_file_and_line, 0,
                        (int)(sizeof bad_scenarios / sizeof bad_scenarios[0]));
    tcase_add_test(tc, scenario_file_is_read_and_missing_file_named);
    tcase_add_test(tc, option_group_parses_the_pin_options);
    tcase_add_test(tc, init_rejects_input_for_a_missing_pin_naming_its_origin);
    suite_add_tcase(s, tc);

    tc = tcase_create("model");
    tcase_add_test(tc, injected_press_fires_at_its_virtual_time);
    tcase_add_test(tc, press_and_release_at_one_instant_give_two_upcalls);
    tcase_add_test(tc, inputs_scheduled_out_of_order_apply_in_time_order);
    tcase_add_test(tc, led_changes_are_events_with_virtual_time);
    tcase_add_test(tc, gpio_output_changes_are_events);
    tcase_add_test(tc, gpio_input_edge_interrupts_at_its_virtual_time);
    tcase_add_test(tc, floating_input_reads_its_pull_and_edge_is_deferred);
    tcase_add_test(tc, input_on_a_pin_without_interrupt_is_only_recorded);
    tcase_add_test(tc, interactive_command_applies_now_or_at_its_time);
    tcase_add_test(tc, low_power_pin_with_interrupt_senses_the_wire);
    tcase_add_test(tc, recorded_inputs_replay_as_a_scenario);
    suite_add_tcase(s, tc);

    tc = tcase_create("wires");
    tcase_add_test(tc, wire_carries_an_output_to_the_input_at_the_other_end_both_ways);
    tcase_add_test(tc, edge_carried_by_a_wire_interrupts_once_per_edge_after_the_command);
    tcase_add_test(tc, outputs_on_a_net_win_over_an_outside_drive_and_low_wins_between_them);
    tcase_add_test(tc, active_low_led_drives_high_when_dark_and_low_when_lit);
    tcase_add_test(tc, active_low_button_is_pulled_up_and_pressed_by_a_wired_output_or_a_press);
    tcase_add_loop_test(tc, wire_option_rejects_bad_text_naming_it, 0,
                        (int)(sizeof bad_wires / sizeof bad_wires[0]));
    tcase_add_test(tc, wire_options_parse_and_a_missing_pin_stops_init);
    suite_add_tcase(s, tc);
    return s;
}
