/* End to end: simulated peripherals and storage (issue "Simulated
 * peripherals"). Real apps (tests/apps, slots 21..29) in forked children
 * drive the LEDs, a button, GPIO, the RNG, app flash (libtock-c's app
 * state), nonvolatile storage and the KV store; the flash file carries
 * state from one emulator run to the next. Spec §8.3-§8.5, §8.11-§8.14,
 * §7.6, §10.35, §10.38, §10.39. Everything runs in virtual time, so the
 * times printed are exact.
 */
#include <check.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"

/* An empty temporary file: tockemu's flash model erases it to a fresh
 * 256 KiB flash on first use. g_free and unlink it (flash_file_done). */
static char *flash_file_new(void)
{
    return e2e_temp_file("", 0);
}

static void flash_file_done(char *path)
{
    unlink(path);
    g_free(path);
}

/* Run tockemu on `flash` with one app plus up to two extra options and
 * check its exit status; the result is the caller's. */
static struct e2e_result run_on_flash(const char *flash, const char *app, int status)
{
    struct e2e_result r = e2e_run("--appid", "tbf-header", "--flash", flash, app, NULL);
    ck_assert_msg(r.status == status, "status %d (expected %d); out:\n%s\nerr:\n%s", r.status,
                  status, r.out, r.err);
    return r;
}

static void assert_line(const struct e2e_result *r, const char *line)
{
    ck_assert_msg(e2e_count_lines(r->out, line) == 1, "no line '%s' in:\n%s\nerr:\n%s", line,
                  r->out, r->err);
}

/* §8.3: every LED change, with its virtual time, on stderr. 100 ms of
 * alarm at 32768 Hz is 3276 ticks, 99.975586 ms. */
START_TEST(leds_blink_is_traced_with_virtual_times)
{
    struct e2e_result r = e2e_run("--trace-leds", "@blink", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "blink: done\n");
    ck_assert_int_eq(e2e_count_lines(r.err, "tockemu: 0.000000 ms led 0 on"), 1);
    ck_assert_int_eq(e2e_count_lines(r.err, "tockemu: 99.975586 ms led 1 on"), 1);
    ck_assert_int_eq(e2e_count_lines(r.err, "tockemu: 199.951172 ms led 0 off"), 1);
    ck_assert_int_eq(e2e_count_lines(r.err, "tockemu: 599.853516 ms led 1 off"), 1);
    int changes = 0;
    for (const char *at = r.err; (at = strstr(at, " ms led ")) != NULL; at++)
        changes++;
    ck_assert_int_eq(changes, 8);
    e2e_result_free(&r);
}
END_TEST

/* §8.4, §10.38: a press and a release, each an upcall (index, state, 0). */
START_TEST(button_press_and_release_reach_the_app)
{
    struct e2e_result r = e2e_run("--press", "0@150ms", "@button", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "button: waiting\n"
                            "button: upcall (0, 1, 0) press at 150 ms\n"
                            "button: upcall (0, 0, 0) release at 200 ms\n");
    e2e_result_free(&r);

    r = e2e_run("--press", "0@1s+250ms", "@button", NULL);
    ck_assert_int_eq(r.status, 0);
    assert_line(&r, "button: upcall (0, 1, 0) press at 1000 ms");
    assert_line(&r, "button: upcall (0, 0, 0) release at 1250 ms");
    e2e_result_free(&r);
}
END_TEST

/* §8.5: output levels are traced; an edge from a scenario file wakes the
 * app with (pin, level) and the input reads the new level. */
START_TEST(gpio_output_and_scenario_edge)
{
    static const char scenario[] = "# pin 1 goes high at 100 ms\n100ms gpio 1 high\n";
    char *path = e2e_temp_file(scenario, strlen(scenario));
    struct e2e_result r = e2e_run("--trace-leds", "--scenario", path, "@gpio_edge", NULL);
    unlink(path);
    g_free(path);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "gpio_edge: pin 1 reads 0 before the edge\n"
                            "gpio_edge: interrupt on pin 1, level 1; pin 1 now reads 1\n");
    ck_assert_int_eq(e2e_count_lines(r.err, "tockemu: 0.000000 ms gpio 0 output high"), 1);
    ck_assert_int_eq(e2e_count_lines(r.err, "tockemu: 0.000000 ms gpio 0 output low"), 2);
    ck_assert_int_eq(e2e_count_lines(r.err, "tockemu: 100.000000 ms gpio 1 input high"), 1);
    e2e_result_free(&r);
}
END_TEST

/* §8.11: the seed fixes the bytes. */
/* A jumper wire (docs/board-file.md [pins] wires, --wire): the level
 * driven onto GPIO 2 reaches the app's input on pin 1 at the other end,
 * with its interrupt, whether the wire comes from the command line or
 * the board file; without it pin 1 hears nothing. */
START_TEST(wire_carries_a_drive_to_the_apps_input)
{
    static const char scenario[] = "100ms gpio 2 high\n";
    static const char board[] = "[pins]\nwires = 2-gpio1\n";
    static const char expected[] = "gpio_edge: pin 1 reads 0 before the edge\n"
                                   "gpio_edge: interrupt on pin 1, level 1; pin 1 now reads 1\n";
    char *path = e2e_temp_file(scenario, strlen(scenario));
    char *board_path = e2e_temp_file(board, strlen(board));
    struct e2e_result r = e2e_run("--wire", "1-2", "--scenario", path, "@gpio_edge", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, expected);
    e2e_result_free(&r);
    r = e2e_run("--board", board_path, "--scenario", path, "@gpio_edge", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, expected);
    e2e_result_free(&r);
    r = e2e_run("--stop-after", "1s", "--scenario", path, "@gpio_edge", NULL);
    ck_assert_str_eq(r.out, "gpio_edge: pin 1 reads 0 before the edge\n");
    e2e_result_free(&r);
    /* A record keeps the wires (the board's make-up): its replay matches. */
    char *record = e2e_temp_file("", 0);
    r = e2e_run("--wire", "1-2", "--leds-active-low", "--scenario", path, "--record", record,
                "@gpio_edge", NULL);
    ck_assert_int_eq(r.status, 0);
    e2e_result_free(&r);
    r = e2e_run("--replay", record, NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    e2e_result_free(&r);
    unlink(record);
    g_free(record);
    r = e2e_run("--wire", "1-8", "@gpio_edge", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "--wire 1-8: no GPIO pin 8 (8 GPIO pins)"));
    e2e_result_free(&r);
    unlink(path);
    unlink(board_path);
    g_free(path);
    g_free(board_path);
}
END_TEST

START_TEST(rng_seed_repeats_and_another_seed_differs)
{
    struct e2e_result a = e2e_run("--seed", "7", "@rng_bytes", NULL);
    struct e2e_result b = e2e_run("--seed", "7", "@rng_bytes", NULL);
    struct e2e_result c = e2e_run("--seed", "8", "@rng_bytes", NULL);
    ck_assert_int_eq(a.status, 0);
    ck_assert_int_eq(c.status, 0);
    ck_assert_uint_eq(strlen(a.out), strlen("rng_bytes:") + 16 * 3 + 1);
    ck_assert_str_eq(a.out, b.out);
    ck_assert_str_ne(a.out, c.out);
    e2e_result_free(&a);
    e2e_result_free(&b);
    e2e_result_free(&c);
}
END_TEST

/* libtock-c-surface.md §1.5, spec §4 (memop 7/8), §8.12: the app state in
 * a writeable flash region survives an emulator restart on the same flash
 * file. */
START_TEST(app_state_persists_across_runs)
{
    char *flash = flash_file_new();
    struct e2e_result r = run_on_flash(flash, "@app_state", 0);
    assert_line(&r, "app_state: fresh state");
    assert_line(&r, "app_state: boot 1, saved and visible in flash");
    e2e_result_free(&r);
    r = run_on_flash(flash, "@app_state", 0);
    ck_assert_str_eq(r.out, "app_state: boot 2, saved and visible in flash\n");
    e2e_result_free(&r);
    flash_file_done(flash);
}
END_TEST

/* The rule of emu/hw/wfr_store.h: a different binary at the same address
 * (here one byte changed in the protected trailer, as a rebuild changes
 * the TBF) starts from its own initial region bytes. */
START_TEST(app_state_of_a_rebuilt_app_starts_fresh)
{
    char *flash = flash_file_new();
    struct e2e_result r = run_on_flash(flash, "@app_state", 0);
    e2e_result_free(&r);

    char *original = e2e_app("app_state");
    size_t len = 0;
    uint8_t *tbf = e2e_read_file(original, &len);
    g_free(original);
    ck_assert_uint_gt(len, 4096);
    tbf[4095] ^= 0xFF; /* padding before the ELF at TBF offset 4096 */
    char *rebuilt = e2e_temp_file(tbf, len);
    g_free(tbf);
    r = run_on_flash(flash, rebuilt, 0);
    ck_assert_str_eq(r.out, "app_state: fresh state\n"
                            "app_state: boot 1, saved and visible in flash\n");
    e2e_result_free(&r);
    unlink(rebuilt);
    g_free(rebuilt);
    flash_file_done(flash);
}
END_TEST

/* Without --flash, flash lives in RAM: nothing persists, no file is made. */
START_TEST(without_flash_file_nothing_persists)
{
    for (int run = 0; run < 2; run++) {
        struct e2e_result r = e2e_run("@app_state", "@nvs", NULL);
        ck_assert_int_eq(r.status, 0);
        assert_line(&r, "app_state: boot 1, saved and visible in flash");
        assert_line(&r, "nvs: 65536 bytes; blank");
        e2e_result_free(&r);
    }
    struct e2e_result help = e2e_run("--help-flash", NULL);
    ck_assert_ptr_nonnull(strstr(help.out, "nothing persists"));
    e2e_result_free(&help);
}
END_TEST

/* §8.13: what one run writes, the next reads back. */
START_TEST(nonvolatile_storage_write_then_read_next_run)
{
    char *flash = flash_file_new();
    struct e2e_result r = run_on_flash(flash, "@nvs", 0);
    ck_assert_str_eq(r.out, "nvs: 65536 bytes; blank\n"
                            "nvs: wrote and read back record of run 1\n");
    e2e_result_free(&r);
    r = run_on_flash(flash, "@nvs", 0);
    ck_assert_str_eq(r.out, "nvs: 65536 bytes; read record of run 1\n"
                            "nvs: wrote and read back record of run 2\n");
    e2e_result_free(&r);
    flash_file_done(flash);
}
END_TEST

/* §8.14: a KV record survives an emulator restart. */
START_TEST(kv_set_persists_across_restart)
{
    char *flash = flash_file_new();
    struct e2e_result r = run_on_flash(flash, "@kv_counter", 0);
    ck_assert_str_eq(r.out, "kv_counter: get boots: no such key\n"
                            "kv_counter: set boots = 1: Success\n");
    e2e_result_free(&r);
    r = run_on_flash(flash, "@kv_counter", 0);
    ck_assert_str_eq(r.out, "kv_counter: get boots = 1\n"
                            "kv_counter: set boots = 2: Success\n");
    e2e_result_free(&r);
    flash_file_done(flash);
}
END_TEST

/* --flash-fail-after 1 tears the set's record write (power loss): the app
 * hears FAIL; the next run's store finds the torn record, leaves it out
 * (the old value is back) and writes again. */
START_TEST(kv_torn_write_is_recovered_next_run)
{
    char *flash = flash_file_new();
    struct e2e_result r = run_on_flash(flash, "@kv_counter", 0);
    e2e_result_free(&r);
    r = e2e_run("--appid", "tbf-header", "--flash", flash, "--flash-fail-after", "1", "@kv_counter",
                NULL);
    ck_assert_int_eq(r.status, 1);
    ck_assert_str_eq(r.out, "kv_counter: get boots = 1\n"
                            "kv_counter: set boots = 2: Unknown Error\n");
    e2e_result_free(&r);
    r = run_on_flash(flash, "@kv_counter", 0);
    ck_assert_str_eq(r.out, "kv_counter: get boots = 1\n"
                            "kv_counter: set boots = 2: Success\n");
    e2e_result_free(&r);
    r = run_on_flash(flash, "@kv_counter", 0);
    assert_line(&r, "kv_counter: get boots = 2");
    e2e_result_free(&r);
    flash_file_done(flash);
}
END_TEST

/* §7.6, §10.35: TBF ShortIds and Storage Permissions TLVs decide who may
 * read and overwrite whose keys (kv_perms/main.c has the table). */
START_TEST(kv_storage_permissions_between_two_apps)
{
    struct e2e_result r = e2e_run("--appid", "tbf-header", "@kv_alice", "@kv_bob", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "kv_alice: set alice-key: Success\n"
                            "kv_bob: get alice-key: Success \"from alice\"\n"
                            "kv_bob: set alice-key: Operation or command is unsupported\n"
                            "kv_bob: set bob-key: Success\n"
                            "kv_alice: get bob-key: Success \"from bob\"\n"
                            "kv_alice: set bob-key: Success\n"
                            "kv_alice: get alice-key: Operation or command is unsupported\n"
                            "kv_bob: get bob-key: Success \"alice was here\"\n");
    e2e_result_free(&r);
}
END_TEST

/* §7.4, §8.14: without the TBF-header AppID assigner every process is
 * LocallyUnique, so it has null storage permissions: sets fail INVAL. */
START_TEST(kv_without_shortid_may_not_write)
{
    struct e2e_result r = e2e_run("@kv_counter", NULL);
    ck_assert_int_eq(r.status, 1);
    ck_assert_str_eq(r.out, "kv_counter: get boots: no such key\n"
                            "kv_counter: set boots = 1: An invalid parameter was passed\n");
    e2e_result_free(&r);
}
END_TEST

/* The board cuts the flash in quarters; a flash too small for that is bad
 * input, named. */
START_TEST(flash_too_small_for_the_board_is_refused)
{
    struct e2e_result r = e2e_run("--flash-size", "8K", "@hello", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err,
                     "tockemu: flash: 2 pages of 4096 bytes; the board needs at least 4 pages of "
                     "4096\n");
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_peripherals_suite(void)
{
    Suite *s = suite_create("e2e_peripherals");
    TCase *tc = tcase_create("peripherals");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, leds_blink_is_traced_with_virtual_times);
    tcase_add_test(tc, button_press_and_release_reach_the_app);
    tcase_add_test(tc, gpio_output_and_scenario_edge);
    tcase_add_test(tc, wire_carries_a_drive_to_the_apps_input);
    tcase_add_test(tc, rng_seed_repeats_and_another_seed_differs);
    suite_add_tcase(s, tc);
    TCase *storage = tcase_create("storage");
    tcase_set_timeout(storage, 60);
    tcase_add_test(storage, app_state_persists_across_runs);
    tcase_add_test(storage, app_state_of_a_rebuilt_app_starts_fresh);
    tcase_add_test(storage, without_flash_file_nothing_persists);
    tcase_add_test(storage, nonvolatile_storage_write_then_read_next_run);
    tcase_add_test(storage, kv_set_persists_across_restart);
    tcase_add_test(storage, kv_torn_write_is_recovered_next_run);
    tcase_add_test(storage, kv_storage_permissions_between_two_apps);
    tcase_add_test(storage, kv_without_shortid_may_not_write);
    tcase_add_test(storage, flash_too_small_for_the_board_is_refused);
    suite_add_tcase(s, storage);
    return s;
}
