/* The harness's own tests: board, apps, fakes, expectations, log, inputs,
 * clock and the ordinary ends of apps (docs/harness.md). */
#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tockemu/harness.h>

#include "worlds.h"

#define CUSTOM 0x90000

START_TEST(app_output_and_exit_code)
{
    struct lth *t = lth_new(NULL);
    int app = lth_load(t, LTH_APP("lth_hello"));
    ck_assert_int_eq(app, 0);
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, "hello harness\n");
    lth_assert_console_contains(t, "harness");
    /* The log: the console write, its upcall, then the exit, all from app 0. */
    const struct lth_log_entry *write = lth_log_syscall(t, app, TK_CLASS_COMMAND, 0);
    ck_assert_ptr_nonnull(write);
    ck_assert_uint_eq(write->syscall.arg[0], LTH_DRIVER_CONSOLE);
    ck_assert_uint_eq(write->syscall.arg[1], 1);
    ck_assert_uint_eq(write->syscall.arg[2], strlen("hello harness\n"));
    ck_assert_uint_eq(write->ret.reg[0], TK_RV_SUCCESS);
    ck_assert_int_eq(write->slot, app);
    ck_assert_uint_eq(write->process_id, lth_kernel(t)->processes[app]->id);
    ck_assert_ptr_nonnull(strstr(write->line, "command(0x1, 1, 0xe"));
    lth_assert_upcalls(t, app, LTH_DRIVER_CONSOLE, 1, 1);
    ck_assert_ptr_nonnull(lth_log_syscall(t, app, TK_CLASS_EXIT, 0));
    lth_free(t);
}
END_TEST

START_TEST(loading_assigns_appid_as_tockemu_does)
{
    /* Spec §7.4: the AppID assigner gives each loaded process its ShortId;
     * the harness loads through the same sequence as tockemu. */
    struct lth *plain = lth_new(NULL);
    int app = lth_load(plain, LTH_APP("lth_hello"));
    ck_assert_uint_eq(lth_kernel(plain)->processes[app]->short_id, 0); /* LocallyUnique */
    lth_free(plain);

    struct lth_board b = {.appid = "names"};
    struct lth *named = lth_new(&b);
    app = lth_load(named, LTH_APP("lth_hello"));
    ck_assert_uint_ne(lth_kernel(named)->processes[app]->short_id, 0);
    ck_assert_int_eq(lth_run(named), LTH_RUN_ENDED);
    lth_assert_exit_code(named, app, 0);
    lth_free(named);
}
END_TEST

START_TEST(board_without_read_only_state_installs_no_switch_hook)
{
    /* The read-only-state capsule refreshes its buffer from a hook before
     * every switch; a board that leaves driver 0x9 out must not install it,
     * or the hook enters a grant slot that belongs to another driver. */
    struct lth_board board = {.without = {0x9}, .without_count = 1};
    struct lth *t = lth_new(&board);
    int app = lth_load(t, LTH_APP("lth_hello"));
    ck_assert_ptr_null(lth_kernel(t)->before_switch);
    ck_assert_ptr_null(tk_kernel_driver(lth_kernel(t), 0x9));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, "hello harness\n");
    lth_free(t);

    t = lth_new(NULL); /* the default board keeps both */
    app = lth_load(t, LTH_APP("lth_hello"));
    ck_assert_ptr_nonnull(lth_kernel(t)->before_switch);
    ck_assert_ptr_nonnull(tk_kernel_driver(lth_kernel(t), 0x9));
    lth_free(t);
}
END_TEST

START_TEST(exit_is_ordinary_and_the_test_goes_on)
{
    /* Two apps: one ends, the test reads its code, then runs the other. */
    struct lth *t = lth_new(NULL);
    struct lth_fake *fake = lth_fake_new(
        t, CUSTOM, &(struct lth_fake_ops){.upcall_count = 1, .allow_ro_count = 1}, NULL);
    lth_fake_answer(fake, 1, tk_cmd_success_u32(9));
    int hello = lth_load(t, LTH_APP("lth_hello"));
    int custom = lth_load(t, LTH_APP("lth_custom"));
    lth_fake_answer(fake, 2, tk_cmd_failure(TK_NOSUPPORT));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, hello, 0);
    lth_assert_exit_code(t, custom, 9);
    uint32_t code = 0;
    bool restarted = true;
    ck_assert(lth_exit_code(t, custom, &code, &restarted));
    ck_assert_uint_eq(code, 9);
    ck_assert(!restarted);
    ck_assert_int_eq(lth_state(t, custom), TK_STATE_TERMINATED);
    /* Nothing can happen any more: running again ends at once. */
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_free(t);
}
END_TEST

START_TEST(restart_exits_are_read_like_exits)
{
    struct lth *t = lth_new(NULL);
    int app = lth_load(t, LTH_APP("lth_restart"));
    ck_assert_int_eq(lth_run_for(t, LTH_MS(10)), LTH_RUN_TIME_UP);
    uint32_t code = 0;
    bool restarted = false;
    ck_assert(lth_exit_code(t, app, &code, &restarted));
    ck_assert_uint_eq(code, 3);
    ck_assert(restarted);
    ck_assert_uint_ge(lth_kernel(t)->processes[app]->restart_count, 5);
    lth_free(t);
}
END_TEST

START_TEST(custom_fake_scripted_answers_upcalls_and_record)
{
    struct lth *t = lth_new(NULL);
    struct lth_fake *fake = lth_fake_new(
        t, CUSTOM, &(struct lth_fake_ops){.name = "custom", .upcall_count = 1, .allow_ro_count = 1},
        NULL);
    lth_fake_answer(fake, 1, tk_cmd_success_u32(42));
    lth_fake_answer_once_upcall(fake, 2, tk_cmd_success(), LTH_MS(5), 0, 77, 0, 0);
    int app = lth_load(t, LTH_APP("lth_custom"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 42);
    lth_assert_console(t, "value 42 rc 0 start 0 upcall 77\n");
    ck_assert_uint_eq(lth_now(t), LTH_MS(5));
    ck_assert_uint_eq(lth_fake_call_count(fake), 3);
    const struct lth_call *write = lth_fake_call(fake, 2);
    ck_assert_uint_eq(write->command, 3);
    ck_assert_uint_eq(write->ro0_len, strlen("to the fake"));
    ck_assert_mem_eq(write->ro0, "to the fake", write->ro0_len);
    ck_assert_uint_eq(write->time_ns, LTH_MS(5));
    lth_assert_upcalls(t, app, CUSTOM, 0, 1);
    lth_free(t);
}
END_TEST

/* A custom fake in a few lines: a handler. */
static struct tk_cmd_return doubler(struct lth_fake *f, int slot, uint32_t command, uint32_t arg0,
                                    uint32_t arg1)
{
    (void)arg1;
    int *seen = lth_fake_ctx(f);
    (*seen)++;
    if (command == 2)
        lth_fake_upcall(f, slot, LTH_MS(1), 0, 11, 0, 0);
    return command == 1 ? tk_cmd_success_u32(arg0 * 2) : tk_cmd_success();
}

START_TEST(custom_fake_with_a_handler)
{
    struct lth *t = lth_new(NULL);
    int seen = 0;
    static const struct lth_fake_ops ops = {
        .name = "doubler", .upcall_count = 1, .allow_ro_count = 1, .command = doubler};
    lth_fake_new(t, CUSTOM, &ops, &seen);
    int app = lth_load(t, LTH_APP("lth_custom"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 10);
    lth_assert_console(t, "value 10 rc 0 start 0 upcall 11\n");
    ck_assert_int_eq(seen, 3);
    lth_free(t);
}
END_TEST

START_TEST(expected_syscalls_match_in_order_with_overrides)
{
    struct lth *t = lth_new(NULL);
    lth_fake_new(t, CUSTOM, &(struct lth_fake_ops){.upcall_count = 1, .allow_ro_count = 1}, NULL);
    lth_expect_command_returns(t, CUSTOM, 1, 5, 0, tk_cmd_success_u32(7));
    lth_expect_subscribe(t, CUSTOM, 0);
    lth_expect_command_returns(t, CUSTOM, 2, 0, 0, tk_cmd_failure(TK_NOMEM));
    lth_expect_allow_ro(t, CUSTOM, 0);
    lth_expect_command(t, CUSTOM, 3, 11, 0);
    int app = lth_load(t, LTH_APP("lth_custom"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_expectations_met(t);
    lth_assert_exit_code(t, app, 7);
    lth_assert_console(t, "value 7 rc 0 start -9 upcall 0\n");
    lth_free(t);
}
END_TEST

START_TEST(unexpected_syscall_fails_with_what_was_expected)
{
    struct lth_board b = {.collect_failures = true};
    struct lth *t = lth_new(&b);
    lth_fake_new(t, CUSTOM, &(struct lth_fake_ops){.upcall_count = 1, .allow_ro_count = 1}, NULL);
    lth_expect_command(t, CUSTOM, 9, 0, 0);
    lth_load(t, LTH_APP("lth_custom"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_FAILED);
    ck_assert_ptr_nonnull(strstr(lth_failures(t), "expected syscall 1: command(0x90000, 9"));
    ck_assert_ptr_nonnull(strstr(lth_failures(t), "made command(0x90000, 1, 0x5"));
    lth_free(t);
}
END_TEST

START_TEST(app_assertion_is_reported_with_file_and_line)
{
    struct lth_board b = {.collect_failures = true};
    struct lth *t = lth_new(&b);
    int app = lth_load(t, LTH_APP("lth_app_assert"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_FAILED);
    ck_assert_ptr_nonnull(
        strstr(lth_failures(t), "lth_app_assert/main.c:7: two == 3 failed: 2 != 3"));
    lth_assert_exit_code(t, app, 0xa55e);
    lth_free(t);
}
END_TEST

static const char inputs_expected[] = "read 4 'ping' at 125 ms\nbutton at 250 ms\ngpio at 375 ms\n";

static void inject_inputs(struct lth *t)
{
    lth_console_input(t, LTH_MS(125), "ping", 4);
    lth_button_press(t, 0, LTH_MS(250), LTH_MS(1));
    lth_gpio_input(t, 1, true, LTH_MS(375));
}

START_TEST(inputs_reach_real_capsules_at_virtual_times)
{
    struct lth *t = lth_new(NULL);
    int app = lth_load(t, LTH_APP("lth_inputs"));
    inject_inputs(t);
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, inputs_expected);
    lth_free(t);
}
END_TEST

START_TEST(inputs_reach_fakes_at_virtual_times)
{
    struct lth *t = lth_new(NULL);
    struct lth_fake *console = lth_fake_console(t);
    lth_fake_alarm(t);
    lth_fake_button(t, 2);
    lth_fake_gpio(t, 4);
    int app = lth_load(t, LTH_APP("lth_inputs"));
    inject_inputs(t);
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, inputs_expected);
    size_t len = 0;
    lth_fake_written(console, &len);
    ck_assert_uint_eq(len, strlen(inputs_expected));
    lth_free(t);
}
END_TEST

START_TEST(fake_led_rng_and_kv)
{
    struct lth *t = lth_new(NULL);
    lth_fake_led(t, 4);
    lth_fake_rng(t);
    lth_fake_kv(t);
    int app = lth_load(t, LTH_APP("lth_peripherals"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, "rng 4: 0 1 2 3\n"
                          "kv set rc 0 status 0\n"
                          "kv get rc 0 status 0 2 'v1'\n"
                          "kv delete rc 0, after delete 10\n");
    ck_assert(lth_led_is_on(t, 1));
    ck_assert(!lth_led_is_on(t, 0));
    lth_free(t);
}
END_TEST

START_TEST(real_led_rng_and_no_kv)
{
    /* Real LED capsule and the board's real KV capsule (which refuses an
     * app without storage permissions); only the RNG is a fake. The app has
     * no write id, so set fails at once with INVAL (-6, no upcall: status
     * -1) and nothing is stored: get and the get after delete complete with
     * NOSUPPORT (10) and an empty value (emu/capsules/kv_driver.c). */
    struct lth_board b = {.without = {LTH_DRIVER_RNG}, .without_count = 1};
    struct lth *t = lth_new(&b);
    lth_fake_rng(t);
    int app = lth_load(t, LTH_APP("lth_peripherals"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, "rng 4: 0 1 2 3\n"
                          "kv set rc -6 status -1\n"
                          "kv get rc 0 status 10 0 ''\n"
                          "kv delete rc 0, after delete 10\n");
    ck_assert(lth_led_is_on(t, 1));
    lth_free(t);
}
END_TEST

START_TEST(run_until_stops_the_clock_at_the_limit)
{
    struct lth *t = lth_new(NULL);
    struct lth_fake *fake = lth_fake_new(
        t, CUSTOM, &(struct lth_fake_ops){.upcall_count = 1, .allow_ro_count = 1}, NULL);
    lth_fake_answer(fake, 1, tk_cmd_success_u32(1));
    lth_fake_answer_once_upcall(fake, 2, tk_cmd_success(), LTH_S(3600), 0, 5, 0, 0);
    int app = lth_load(t, LTH_APP("lth_custom"));
    ck_assert_int_eq(lth_run_until(t, LTH_S(60)), LTH_RUN_TIME_UP);
    ck_assert_uint_eq(lth_now(t), LTH_S(60));
    ck_assert_int_eq(lth_state(t, app), TK_STATE_YIELDED);
    ck_assert(!lth_exit_code(t, app, NULL, NULL));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    ck_assert_uint_eq(lth_now(t), LTH_S(3600));
    lth_assert_exit_code(t, app, 1);
    lth_free(t);
}
END_TEST

START_TEST(stuck_app_is_reported)
{
    struct lth *t = lth_new(NULL);
    lth_fake_new(t, CUSTOM, &(struct lth_fake_ops){.upcall_count = 1, .allow_ro_count = 1}, NULL);
    int app = lth_load(t, LTH_APP("lth_custom")); /* waits for an upcall never scripted */
    ck_assert_int_eq(lth_run(t), LTH_RUN_STUCK);
    ck_assert_int_eq(lth_state(t, app), TK_STATE_YIELDED);
    lth_free(t);
}
END_TEST

/* The harness runs apps on the forked transport with nothing left out:
 * an IPC service reaches a client's shared buffer at the client's address
 * (spec §8.9), which needs the transport's windows. The service rot13s the
 * shared "Hello World!" in place, three times. */
START_TEST(ipc_shared_buffer_works_under_the_harness)
{
    struct lth *t = lth_new(NULL);
    int service = lth_load(t, LTH_APP("ipc_service"));
    int client = lth_load(t, LTH_APP("ipc_rot13"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_console_contains(t, "service: notified by 1, 64 bytes shared");
    lth_assert_console_contains(t, "client: answer from 0: Uryyb Jbeyq!\n");
    lth_assert_console_contains(t, "client: answer from 0: Hello World!\n");
    lth_assert_exit_code(t, client, 0);
    (void)service;
    lth_free(t);
}
END_TEST

/* How many of this process's children, zombies included, the app loader
 * made: the zygote, which leads its own session (setsid), or the spares it
 * clones into that session. A spare just cloned carries the zygote's name
 * until it renames itself ("tockemu-spare"), so the session tells them
 * apart, not the name. Read from /proc. */
static int loader_processes(bool zygote, pid_t *found)
{
    int count = 0;
    DIR *d = opendir("/proc");
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        char path[300], stat[512];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        size_t n = fread(stat, 1, sizeof stat - 1, f);
        fclose(f);
        stat[n] = '\0';
        char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
        int pid = atoi(e->d_name), ppid = 0, group = 0, session = 0;
        char state;
        if (open_paren == NULL || close_paren == NULL ||
            sscanf(close_paren + 1, " %c %d %d %d", &state, &ppid, &group, &session) != 4 ||
            ppid != getpid())
            continue;
        *close_paren = '\0';
        bool ours = strcmp(open_paren + 1, "tockemu-zygote") == 0 ||
                    strcmp(open_paren + 1, "tockemu-spare") == 0;
        if (ours && (session == pid) == zygote && state != 'Z') {
            count++;
            if (found != NULL)
                *found = pid;
        } else if (ours && (session == pid) == zygote) {
            count++; /* a zombie counts: nobody reaped it */
        }
    }
    closedir(d);
    return count;
}

/* A process's state letter from /proc ('Z' a zombie), '?' if none. */
static char process_state(pid_t pid)
{
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return '?';
    size_t n = fread(stat, 1, sizeof stat - 1, f);
    fclose(f);
    stat[n] = '\0';
    char *close_paren = strrchr(stat, ')');
    return close_paren != NULL && close_paren[1] == ' ' ? close_paren[2] : '?';
}

static int loader_children(void)
{
    return loader_processes(true, NULL);
}

static int spare_children(void)
{
    return loader_processes(false, NULL);
}

/* docs/harness.md, many tests in one process: a world started with
 * lth_board.shared leaves the app loader running for the next world, which
 * starts its apps from the same loader, from a spare child cloned while
 * the last world ran; without it, a world's loader and any spare end with
 * the world, reaped (no zombie left). */
START_TEST(shared_loader_outlives_worlds_and_serves_the_next)
{
    world_hello(NULL);
    ck_assert_int_eq(loader_children(), 0);
    ck_assert_int_eq(spare_children(), 0);
    struct lth_shared *shared = lth_shared_new();
    ck_assert_ptr_nonnull(shared);
    world_hello(shared);
    ck_assert_int_eq(loader_children(), 1);
    world_hello(shared);
    world_hello(shared);
    ck_assert_int_eq(loader_children(), 1);
    ck_assert_int_le(spare_children(), 1); /* one at most, cloned ahead of need */
    lth_shared_free(shared);
    ck_assert_int_eq(loader_children(), 0);
    ck_assert_int_eq(spare_children(), 0);
}
END_TEST

/* Where app flash is mapped in the test process (emu/process/host.h
 * EMU_APP_FLASH_BASE): with an lth_shared alive it stays mapped between
 * worlds, and a test can look at it. */
#define APP_FLASH_BASE 0x40000000ul

/* docs/harness.md, many tests in one process: the worlds given one
 * lth_shared borrow one app flash in turn, and each leaves it erased, as
 * a new one is: the next world starts from flash holding nothing but the
 * apps it loads itself. Apps cannot see another's flash, and the kernel's
 * scan stops at the end of a world's own apps, so this is looked at from
 * the test process, which maps the same flash. */
START_TEST(shared_app_flash_is_erased_for_the_next_world)
{
    struct lth_shared *shared = lth_shared_new();
    ck_assert_ptr_nonnull(shared);
    struct lth_board b = {.shared = shared};
    struct lth *t = lth_new(&b);
    (void)lth_load(t, LTH_APP("lth_inputs"));
    (void)lth_load(t, LTH_APP("lth_hello"));
    (void)lth_run_for(t, 1000000);
    const uint8_t *flash = (const uint8_t *)APP_FLASH_BASE;
    ck_assert_uint_eq(flash[0], 2); /* a TBF's version: lth_inputs is there */
    lth_free(t);
    static const uint8_t erased[4096];
    for (size_t at = 0; at < (1u << 20); at += sizeof erased)
        ck_assert_msg(memcmp(flash + at, erased, sizeof erased) == 0,
                      "app flash not erased at offset 0x%zx", at);
    world_hello(shared);
    lth_shared_free(shared);
}
END_TEST

/* spec §5.1 (a process starts from fresh memory): worlds given one
 * lth_shared keep the process regions of the last world for the next one's
 * process at the same RAM, and that process still starts fresh. The
 * restart app checks its .data, .bss, heap, subscriptions and allows on
 * each start and then dirties them all; run in two worlds in a row, the
 * second finds nothing of the first. A third world's app at the same place
 * with a smaller RAM (lth_hello) is not refused for the regions kept. */
START_TEST(shared_process_regions_start_fresh_in_the_next_world)
{
    struct lth_shared *shared = lth_shared_new();
    ck_assert_ptr_nonnull(shared);
    world_restart_starts_fresh(shared);
    world_restart_starts_fresh(shared);
    /* An app asking for less RAM at the same place still gets its own. */
    world_hello(shared);
    lth_shared_free(shared);
}
END_TEST

/* One world of lth_inputs, run for a while: an app other than
 * lth_hello, at the same place, so that the next world's lth_hello needs a
 * new child (a kept child restarts only the app it was started for). */
static void inputs_world(struct lth_shared *shared)
{
    struct lth_board b = {.shared = shared};
    struct lth *t = lth_new(&b);
    (void)lth_load(t, LTH_APP("lth_inputs"));
    (void)lth_run_for(t, 1000000);
    lth_free(t);
}

/* A spare killed from outside while it waits is replaced by another from
 * the same loader: the app starts, and the loader is not restarted. */
START_TEST(dead_spare_is_replaced_without_restarting_the_loader)
{
    struct lth_shared *shared = lth_shared_new();
    ck_assert_ptr_nonnull(shared);
    world_hello(shared);
    inputs_world(shared); /* a second new child: from then on, a spare waits */
    pid_t zygote = 0, spare = 0;
    ck_assert_int_eq(loader_processes(true, &zygote), 1);
    ck_assert_int_eq(loader_processes(false, &spare), 1);
    ck_assert_int_eq(kill(spare, SIGKILL), 0);
    /* Dead (a zombie nobody reaped), not merely signalled: a spare killed
     * in the middle of the hand-off fails that start instead. */
    for (int i = 0; i < 5000 && process_state(spare) != 'Z'; i++)
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    ck_assert_int_eq(process_state(spare), 'Z');
    world_hello(shared);
    /* It took a new child, so a spare was cloned after it: another one. */
    pid_t spare_after = 0;
    ck_assert_int_eq(loader_processes(false, &spare_after), 1);
    ck_assert_int_ne(spare_after, spare);
    pid_t zygote_after = 0;
    ck_assert_int_eq(loader_processes(true, &zygote_after), 1);
    ck_assert_int_eq(zygote_after, zygote);
    lth_shared_free(shared);
    ck_assert_int_eq(spare_children(), 0);
}
END_TEST

/* A shared loader made before a fork (Check's fork mode with a fixture in
 * the runner) cannot start the forked process's apps as its children: the
 * forked process starts its own, and the original still serves its maker. */
START_TEST(shared_loader_inherited_through_fork_is_not_used)
{
    struct lth_shared *shared = lth_shared_new();
    ck_assert_ptr_nonnull(shared);
    world_hello(shared);
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        world_hello(shared);
        int mine = loader_children();
        lth_shared_free(shared);
        _exit(mine == 1 ? 0 : 3);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    world_hello(shared);
    ck_assert_int_eq(loader_children(), 1);
    lth_shared_free(shared);
}
END_TEST

/* A process forked while a world given an lth_shared is open inherits a
 * copy of that world, whose app children are its parent's: freeing the
 * shared object there (or starting a world with it) must not end them.
 * The parent's app still runs to its end after the child is gone. */
START_TEST(open_world_inherited_through_fork_is_not_freed_there)
{
    struct lth_shared *shared = lth_shared_new();
    ck_assert_ptr_nonnull(shared);
    struct lth_board b = {.shared = shared};
    struct lth *t = lth_new(&b);
    int app = lth_load(t, LTH_APP("lth_inputs"));
    inject_inputs(t);
    ck_assert_int_eq(lth_run_for(t, LTH_MS(100)), LTH_RUN_TIME_UP); /* waiting for input */
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        lth_shared_free(shared);
        _exit(0);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, inputs_expected);
    lth_free(t);
    lth_shared_free(shared);
}
END_TEST

static Suite *harness_suite(void)
{
    Suite *s = suite_create("harness");
    TCase *tc = tcase_create("harness");
    tcase_add_test(tc, board_without_read_only_state_installs_no_switch_hook);
    tcase_add_test(tc, app_output_and_exit_code);
    tcase_add_test(tc, ipc_shared_buffer_works_under_the_harness);
    tcase_add_test(tc, shared_loader_outlives_worlds_and_serves_the_next);
    tcase_add_test(tc, shared_app_flash_is_erased_for_the_next_world);
    tcase_add_test(tc, shared_process_regions_start_fresh_in_the_next_world);
    tcase_add_test(tc, dead_spare_is_replaced_without_restarting_the_loader);
    tcase_add_test(tc, shared_loader_inherited_through_fork_is_not_used);
    tcase_add_test(tc, open_world_inherited_through_fork_is_not_freed_there);
    tcase_add_test(tc, loading_assigns_appid_as_tockemu_does);
    tcase_add_test(tc, exit_is_ordinary_and_the_test_goes_on);
    tcase_add_test(tc, restart_exits_are_read_like_exits);
    tcase_add_test(tc, custom_fake_scripted_answers_upcalls_and_record);
    tcase_add_test(tc, custom_fake_with_a_handler);
    tcase_add_test(tc, expected_syscalls_match_in_order_with_overrides);
    tcase_add_test(tc, unexpected_syscall_fails_with_what_was_expected);
    tcase_add_test(tc, app_assertion_is_reported_with_file_and_line);
    tcase_add_test(tc, inputs_reach_real_capsules_at_virtual_times);
    tcase_add_test(tc, inputs_reach_fakes_at_virtual_times);
    tcase_add_test(tc, fake_led_rng_and_kv);
    tcase_add_test(tc, real_led_rng_and_no_kv);
    tcase_add_test(tc, run_until_stops_the_clock_at_the_limit);
    tcase_add_test(tc, stuck_app_is_reported);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(harness_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
