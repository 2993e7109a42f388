/* The machine API: create errors name the input, the run result enum, setters.
 *
 * Machine rules (emu/machine/machine.h): a run is set up only through the
 * machine; zero options mean defaults; creation fails with an error that
 * names the input; the run ends in one of the result enum's values (the
 * apps' ends: ALL_OK, APP_FAILED; the kernel's: PANIC, STUCK; the caller's:
 * STOPPED); a stopped run goes on when run again; drivers added before the
 * board take their numbers first; one event stream carries kernel events and
 * console output.
 */
#include <check.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "board.h"
#include "host.h"
#include "machine.h"
#include "terminal.h"

#define APP(name) TOCKEMU_BUILD_ROOT "/libtock-host/apps/" name ".tbf"

struct seen {
    char diagnostics[4096];
    size_t console_in_fresh; /* CONSOLE_IN bytes, less those that entered before */
    size_t console_in_again; /* ... and those */
    char console[2048];
    size_t console_len;
    unsigned syscalls;
    unsigned stop_after_syscalls; /* 0: never stop */
    struct emu_machine *machine;
    int null_fd; /* the console's output */
};

static void on_diagnostic(const char *line, void *ctx)
{
    struct seen *s = ctx;
    size_t used = strlen(s->diagnostics);
    snprintf(s->diagnostics + used, sizeof s->diagnostics - used, "%s\n", line);
}

static void on_event(const struct emu_machine_event *ev, void *ctx)
{
    struct seen *s = ctx;
    if (ev->kind == EMU_MACHINE_EV_CONSOLE_IN) {
        ck_assert_uint_le(ev->again, ev->len);
        s->console_in_fresh += ev->len - ev->again;
        s->console_in_again += ev->again;
    } else if (ev->kind == EMU_MACHINE_EV_CONSOLE_OUT) {
        size_t n = ev->len < sizeof s->console - 1 - s->console_len
                       ? ev->len
                       : sizeof s->console - 1 - s->console_len;
        memcpy(s->console + s->console_len, ev->bytes, n);
        s->console_len += n;
    } else if (ev->kind == EMU_MACHINE_EV_KERNEL && ev->kernel->kind == TK_EV_SYSCALL) {
        s->syscalls++;
        if (s->stop_after_syscalls != 0 && s->syscalls == s->stop_after_syscalls)
            emu_machine_stop(s->machine);
    }
}

/* Options for a quiet test run: console to /dev/null, no input. */
static struct emu_machine_options quiet(struct seen *s, const char *const *files)
{
    memset(s, 0, sizeof *s);
    s->null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    ck_assert_int_ge(s->null_fd, 0);
    return (struct emu_machine_options){.files = files,
                                        .console_output_fd = s->null_fd,
                                        .no_console_input = true,
                                        .on_event = on_event,
                                        .on_diagnostic = on_diagnostic,
                                        .ctx = s};
}

static enum emu_machine_result run_options(struct emu_machine_options *o)
{
    struct emu_err err;
    struct emu_machine *m = emu_machine_new(o, &err);
    ck_assert_msg(m != NULL, "emu_machine_new: %s", err.msg);
    ((struct seen *)o->ctx)->machine = m;
    enum emu_machine_result r = emu_machine_run(m);
    emu_machine_free(m);
    close(((struct seen *)o->ctx)->null_fd);
    return r;
}

START_TEST(create_fails_naming_a_missing_key_file)
{
    /* Bad user input: one message naming the file and the reason. */
    const char *files[] = {APP("hello"), NULL};
    char *keys[] = {"/nonexistent/key.pem", NULL};
    struct seen s;
    struct emu_machine_options o = quiet(&s, files);
    o.credentials = "ecdsa-p256";
    o.keys = keys;
    struct emu_err err;
    ck_assert_ptr_null(emu_machine_new(&o, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/key.pem"));
}
END_TEST

START_TEST(create_fails_when_no_app_loads_and_says_which_file)
{
    const char *files[] = {"/nonexistent/app.tbf", NULL};
    struct seen s;
    struct emu_machine_options o = quiet(&s, files);
    struct emu_err err;
    ck_assert_ptr_null(emu_machine_new(&o, &err));
    ck_assert_str_eq(err.msg, "no app to run");
    ck_assert_ptr_nonnull(strstr(s.diagnostics, "/nonexistent/app.tbf"));
}
END_TEST

START_TEST(create_fails_naming_an_unknown_credential_checker)
{
    const char *files[] = {APP("hello"), NULL};
    struct seen s;
    struct emu_machine_options o = quiet(&s, files);
    o.credentials = "md5";
    struct emu_err err;
    ck_assert_ptr_null(emu_machine_new(&o, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "md5"));
}
END_TEST

START_TEST(run_of_an_app_exiting_0_is_all_ok_and_streams_console_output)
{
    const char *files[] = {APP("hello"), NULL};
    struct seen s;
    struct emu_machine_options o = quiet(&s, files);
    ck_assert_int_eq(run_options(&o), EMU_MACHINE_ALL_OK);
    ck_assert_str_eq(s.console, "Hello, World!\n");
    ck_assert_uint_gt(s.syscalls, 0);
}
END_TEST

/* Whether anything is mapped at `p` (madvise fails with ENOMEM where
 * nothing is; unlike msync, memcheck does not check its address). */
static bool mapped(const void *p)
{
    return madvise((void *)((uintptr_t)p & ~(uintptr_t)4095), 4096, MADV_NORMAL) == 0;
}

/* exit_after_free (machine.h): the process exits right after the free, so
 * app flash and the apps' RAM are left for the exit to unmap (each munmap
 * is a TLB flush); a plain free unmaps them, so that the next machine can
 * map the same fixed addresses. */
START_TEST(free_before_exit_leaves_app_memory_mapped_and_a_plain_free_unmaps_it)
{
    const char *files[] = {APP("hello"), NULL};
    for (int exiting = 0; exiting <= 1; exiting++) {
        struct seen s;
        struct emu_machine_options o = quiet(&s, files);
        o.exit_after_free = exiting;
        struct emu_err err;
        struct emu_machine *m = emu_machine_new(&o, &err);
        ck_assert_msg(m != NULL, "emu_machine_new: %s", err.msg);
        ck_assert_int_eq(emu_machine_run(m), EMU_MACHINE_ALL_OK);
        const struct tk_process *p = emu_machine_kernel(m)->processes[0];
        void *ram = (void *)(uintptr_t)p->memory_start;
        void *flash = (void *)(uintptr_t)p->flash_start;
        emu_machine_free(m);
        close(s.null_fd);
        ck_assert_int_eq(mapped(ram), exiting);
        ck_assert_int_eq(mapped(flash), exiting);
    }
    /* This process goes on: undo what the exit would have done (the
     * arenas, the killed children left unreaped) for the tests after it. */
    munmap((void *)(uintptr_t)EMU_APP_FLASH_BASE, EMU_APP_FLASH_SIZE);
    munmap((void *)(uintptr_t)EMU_APP_RAM_BASE, EMU_APP_RAM_END - EMU_APP_RAM_BASE);
    munmap((void *)(uintptr_t)EMU_LEND_BASE, EMU_LEND_END - EMU_LEND_BASE);
    while (waitpid(-1, NULL, 0) > 0)
        ;
}
END_TEST

START_TEST(run_of_an_app_exiting_non_zero_is_app_failed)
{
    const char *files[] = {APP("exit_code"), NULL};
    struct seen s;
    struct emu_machine_options o = quiet(&s, files);
    ck_assert_int_eq(run_options(&o), EMU_MACHINE_APP_FAILED);
    ck_assert_ptr_nonnull(strstr(s.diagnostics, "exited with completion code 42"));
}
END_TEST

START_TEST(run_with_panic_policy_and_a_crash_is_panic)
{
    /* Spec §5.3: the panic fault policy panics the kernel on any fault. */
    const char *files[] = {APP("crash"), NULL};
    struct seen s;
    struct emu_machine_options o = quiet(&s, files);
    o.fault_policy = TK_FAULT_POLICY_PANIC;
    ck_assert_int_eq(run_options(&o), EMU_MACHINE_PANIC);
}
END_TEST

START_TEST(zero_fault_policy_is_the_default_stop)
{
    /* The zero value means the default (stop): the app faults, no panic. */
    const char *files[] = {APP("crash"), NULL};
    struct seen s;
    struct emu_machine_options o = quiet(&s, files);
    ck_assert_int_eq(run_options(&o), EMU_MACHINE_APP_FAILED);
    ck_assert_ptr_nonnull(strstr(s.diagnostics, "faulted"));
}
END_TEST

START_TEST(stop_after_ends_a_spinning_app_as_stopped)
{
    const char *files[] = {APP("spin"), NULL};
    struct seen s;
    struct emu_machine_options o = quiet(&s, files);
    o.stop_after_ns = 50000000; /* 50 ms */
    ck_assert_int_eq(run_options(&o), EMU_MACHINE_STOPPED);
}
END_TEST

START_TEST(stop_setter_stops_the_run_and_a_second_run_goes_on)
{
    const char *files[] = {APP("hello"), NULL};
    struct seen s;
    struct emu_machine_options o = quiet(&s, files);
    s.stop_after_syscalls = 1;
    struct emu_err err;
    struct emu_machine *m = emu_machine_new(&o, &err);
    ck_assert_ptr_nonnull(m);
    s.machine = m;
    ck_assert_int_eq(emu_machine_run(m), EMU_MACHINE_STOPPED);
    ck_assert_uint_eq(s.syscalls, 1);
    ck_assert_int_eq(emu_machine_run(m), EMU_MACHINE_ALL_OK);
    ck_assert_str_eq(s.console, "Hello, World!\n");
    emu_machine_free(m);
    close(s.null_fd);
}
END_TEST

/* spec §8.2: a console read completes once `len` bytes arrived; and
 * docs/console.md: typed bytes wait in their target's queue until it
 * reads. So a 4-byte read typed as "ab", then later "cd", gets all four,
 * the second part following the first into the pending receive. */
START_TEST(typed_input_in_two_parts_completes_one_read)
{
    const char *files[] = {APP("lth_inputs"), NULL};
    struct seen s;
    struct emu_machine_options o = quiet(&s, files);
    struct emu_console_options console;
    emu_console_options_init(&console);
    o.console = &console;
    struct emu_err err;
    struct emu_machine *m = emu_machine_new(&o, &err);
    ck_assert_msg(m != NULL, "emu_machine_new: %s", err.msg);
    s.machine = m;
    const struct emu_terminal_target all = {EMU_TERMINAL_TO_ALL, 0};
    ck_assert_uint_eq(emu_board_type(emu_machine_board(m), all, (const uint8_t *)"ab", 2), 2);
    ck_assert_int_eq(emu_machine_run_until(m, 1000000), EMU_MACHINE_STOPPED);
    ck_assert_str_eq(s.console, ""); /* the read waits for two more */
    ck_assert_uint_eq(emu_board_type(emu_machine_board(m), all, (const uint8_t *)"cd", 2), 2);
    /* The app then waits for a button that never comes. */
    ck_assert_int_eq(emu_machine_run_until(m, 2000000), EMU_MACHINE_STOPPED);
    ck_assert_msg(g_str_has_prefix(s.console, "read 4 'abcd' at "), "%s", s.console);
    emu_machine_free(m);
    emu_console_options_fini(&console);
    close(s.null_fd);
}
END_TEST

/* docs/trace.md "Typed input": bytes typed to an app that ended before
 * reading them go back to its queue when another target reads, and enter
 * again if it is booted. Their second entry says so (`again`), so that a
 * record keeps every typed byte once and its replay types none twice. */
START_TEST(typed_bytes_given_back_enter_again_marked_as_such)
{
    const char *files[] = {APP("console_echo"), APP("lth_inputs"), NULL};
    struct seen s;
    struct emu_machine_options o = quiet(&s, files);
    struct emu_console_options console;
    emu_console_options_init(&console);
    o.console = &console;
    o.process_console = true;
    struct emu_err err;
    struct emu_machine *m = emu_machine_new(&o, &err);
    ck_assert_msg(m != NULL, "emu_machine_new: %s", err.msg);
    s.machine = m;
    struct emu_board *b = emu_machine_board(m);
    const struct emu_terminal_target app0 = {EMU_TERMINAL_TO_APP, 0},
                                     app1 = {EMU_TERMINAL_TO_APP, 1},
                                     pconsole = {EMU_TERMINAL_TO_PROCESS_CONSOLE, 0};
    static const char to_app0[] = "exit\nxyz\n", to_app1[] = "abcd", boot[] = "boot console_echo\n";
    /* console_echo reads a byte at a time: it ends at "exit", before
     * reading "xyz\n", which wait in the UART for it. */
    ck_assert_uint_eq(emu_board_type(b, app0, (const uint8_t *)to_app0, strlen(to_app0)),
                      strlen(to_app0));
    ck_assert_int_eq(emu_machine_run_until(m, 1000000), EMU_MACHINE_STOPPED);
    /* lth_inputs reads: the bytes left go back to app 0's queue. */
    ck_assert_uint_eq(emu_board_type(b, app1, (const uint8_t *)to_app1, strlen(to_app1)),
                      strlen(to_app1));
    ck_assert_int_eq(emu_machine_run_until(m, 2000000), EMU_MACHINE_STOPPED);
    ck_assert_msg(strstr(s.console, "read 4 'abcd'") != NULL, "%s", s.console);
    ck_assert_uint_eq(s.console_in_again, 0);
    /* Booted again, console_echo reads them: they enter a second time. */
    ck_assert_uint_eq(emu_board_type(b, pconsole, (const uint8_t *)boot, strlen(boot)),
                      strlen(boot));
    ck_assert_int_eq(emu_machine_run_until(m, 3000000), EMU_MACHINE_STOPPED);
    ck_assert_msg(strstr(s.console, "got: 'xyz'") != NULL, "%s", s.console);
    ck_assert_uint_eq(s.console_in_again, strlen("xyz\n"));
    ck_assert_uint_eq(s.console_in_fresh, strlen(to_app0) + strlen(to_app1) + strlen(boot));
    emu_machine_free(m);
    emu_console_options_fini(&console);
    close(s.null_fd);
}
END_TEST

static struct tk_cmd_return always_busy(struct tk_driver *d, struct tk_process *p, uint32_t command,
                                        uint32_t arg0, uint32_t arg1)
{
    (void)d, (void)p, (void)command, (void)arg0, (void)arg1;
    return tk_cmd_failure(TK_BUSY);
}

START_TEST(driver_added_before_the_board_takes_its_number_first)
{
    struct seen s;
    struct emu_machine_options o = quiet(&s, NULL);
    struct emu_err err;
    struct emu_machine *m = emu_machine_new(&o, &err);
    ck_assert_ptr_nonnull(m);
    static const struct tk_driver_ops ops = {.command = always_busy};
    struct tk_driver mine = {.number = TK_DRIVER_NUM_LED, .ops = &ops};
    ck_assert_int_eq(emu_machine_add_driver(m, &mine), 0);
    ck_assert_int_eq(emu_machine_start(m, &err), 0);
    ck_assert_ptr_eq(tk_kernel_driver(emu_machine_kernel(m), TK_DRIVER_NUM_LED), &mine);
    ck_assert_ptr_nonnull(tk_kernel_driver(emu_machine_kernel(m), TK_DRIVER_NUM_CONSOLE));
    struct tk_driver late = {.number = 0xa0000, .ops = &ops};
    ck_assert_int_eq(emu_machine_add_driver(m, &late), TK_BUSY);
    emu_machine_free(m);
    close(s.null_fd);
}
END_TEST

START_TEST(load_returns_the_slot_and_names_a_bad_file)
{
    struct seen s;
    struct emu_machine_options o = quiet(&s, NULL);
    struct emu_err err;
    struct emu_machine *m = emu_machine_new(&o, &err);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(emu_machine_load(m, APP("hello"), &err), 0);
    ck_assert_int_eq(emu_machine_load(m, APP("exit_code"), &err), 1);
    ck_assert_int_lt(emu_machine_load(m, "/nonexistent/x.tbf", &err), 0);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/x.tbf"));
    ck_assert_int_eq(emu_machine_run(m), EMU_MACHINE_BAD_INPUT);
    emu_machine_free(m);
    close(s.null_fd);
}
END_TEST

START_TEST(result_names_are_distinct)
{
    for (int a = EMU_MACHINE_ALL_OK; a <= EMU_MACHINE_SIGNALLED; a++)
        for (int b = a + 1; b <= EMU_MACHINE_SIGNALLED; b++)
            ck_assert_str_ne(emu_machine_result_name(a), emu_machine_result_name(b));
}
END_TEST

Suite *machine_suite(void)
{
    Suite *s = suite_create("machine");
    TCase *tc = tcase_create("create");
    tcase_add_test(tc, create_fails_naming_a_missing_key_file);
    tcase_add_test(tc, create_fails_when_no_app_loads_and_says_which_file);
    tcase_add_test(tc, create_fails_naming_an_unknown_credential_checker);
    tcase_add_test(tc, driver_added_before_the_board_takes_its_number_first);
    tcase_add_test(tc, typed_bytes_given_back_enter_again_marked_as_such);
    tcase_add_test(tc, load_returns_the_slot_and_names_a_bad_file);
    suite_add_tcase(s, tc);
    tc = tcase_create("run");
    tcase_add_test(tc, run_of_an_app_exiting_0_is_all_ok_and_streams_console_output);
    tcase_add_test(tc, typed_input_in_two_parts_completes_one_read);
    tcase_add_test(tc, run_of_an_app_exiting_non_zero_is_app_failed);
    tcase_add_test(tc, free_before_exit_leaves_app_memory_mapped_and_a_plain_free_unmaps_it);
    tcase_add_test(tc, run_with_panic_policy_and_a_crash_is_panic);
    tcase_add_test(tc, zero_fault_policy_is_the_default_stop);
    tcase_add_test(tc, stop_after_ends_a_spinning_app_as_stopped);
    tcase_add_test(tc, stop_setter_stops_the_run_and_a_second_run_goes_on);
    tcase_add_test(tc, result_names_are_distinct);
    suite_add_tcase(s, tc);
    return s;
}
