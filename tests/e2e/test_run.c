/* End to end: tockemu runs real apps in forked children (issue: the
 * end-to-end core). Spec §1.6 (exit), §5.4 (completion codes), §6.5 (bad
 * TBFs), architecture.md (process model, time). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"

START_TEST(hello_prints_and_exits_zero)
{
    struct e2e_result r = e2e_run("@hello", NULL);
    ck_assert_str_eq(r.out, "Hello, World!\n");
    ck_assert_str_eq(r.err, "");
    ck_assert_int_eq(r.status, 0);
    e2e_result_free(&r);
}
END_TEST

/* Ten 1 s alarms: virtual time jumps to each deadline. */
START_TEST(timer_runs_ten_virtual_seconds)
{
    struct e2e_result r = e2e_run("@timer", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_int_eq(e2e_count_lines(r.out, "tick 1 at 1.000 s"), 1);
    ck_assert_int_eq(e2e_count_lines(r.out, "tick 10 at 10.000 s"), 1);
    e2e_result_free(&r);
}
END_TEST

/* Spec §5.4: the completion code reaches the exit status and stderr. */
START_TEST(nonzero_completion_code_is_reported)
{
    struct e2e_result r = e2e_run("@exit_code", NULL);
    ck_assert_int_eq(r.status, 1);
    ck_assert_str_eq(r.out, "exiting with completion code 42\n");
    ck_assert_ptr_nonnull(strstr(r.err, "app 'exit_code' exited with completion code 42"));
    e2e_result_free(&r);
}
END_TEST

START_TEST(two_apps_print_whole_interleaved_lines)
{
    struct e2e_result r = e2e_run("@printer_a", "@printer_b", NULL);
    ck_assert_int_eq(r.status, 0);
    for (int i = 0; i < 5; i++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "printer_a says %d", i);
        snprintf(b, sizeof b, "printer_b says %d", i);
        ck_assert_int_eq(e2e_count_lines(r.out, a), 1);
        ck_assert_int_eq(e2e_count_lines(r.out, b), 1);
    }
    /* They ran concurrently: b's first line comes before a's last. */
    ck_assert(strstr(r.out, "printer_b says 0") < strstr(r.out, "printer_a says 4"));
    e2e_result_free(&r);
}
END_TEST

/* A while(1) app is preempted and does not starve a printing app. */
START_TEST(spinning_app_does_not_starve_others)
{
    struct e2e_result r = e2e_run("--timeslice", "2", "--stop-after", "600ms", "--summary", "@spin",
                                  "@printer_a", NULL);
    ck_assert_int_eq(e2e_count_lines(r.out, "printer_a says 4"), 1);
    ck_assert_int_eq(r.status, 5); /* spin still running at the time limit */
    ck_assert_ptr_nonnull(strstr(r.err, "'printer_a': Terminated, completion code 0,"));
    e2e_result_free(&r);
}
END_TEST

/* Time moves for an app that polls with yield_no_wait instead of
 * yielding: each syscall is charged, a used-up slice advances the clock. */
START_TEST(polling_app_sees_its_alarm_fire)
{
    struct e2e_result r = e2e_run("--summary", "@poll_alarm", NULL);
    /* "busy" means more than 1000 polls; the count on the second line is
     * shown when that fails. */
    static const char first[] = "alarm fired after polling (busy)\n";
    unsigned long polls = 0;
    char end = 0;
    ck_assert_msg(strncmp(r.out, first, sizeof first - 1) == 0 &&
                      sscanf(r.out + sizeof first - 1, "polls %lu%c", &polls, &end) == 2 &&
                      end == '\n',
                  "poll_alarm printed:\n%s", r.out);
    ck_assert_int_eq(r.status, 0);
    e2e_result_free(&r);
}
END_TEST

/* The C library's own functions (qsort) make no host calls; a failed assert
 * prints newlib's message through the console and is reported as an abort,
 * not as the system calls a host abort would make. */
START_TEST(libc_queries_work_and_failed_assert_is_an_abort)
{
    struct e2e_result r = e2e_run("@libc_edges", NULL);
    ck_assert_int_eq(e2e_count_lines(r.out, "sorted 1 2 3"), 1);
    ck_assert_ptr_nonnull(strstr(r.out, "assertion \"v[0] == 2\" failed: file \""));
    ck_assert_ptr_null(strstr(r.out, "not reached"));
    ck_assert_ptr_nonnull(strstr(r.err, "app 'libc_edges' faulted: app aborted"));
    ck_assert_int_eq(r.status, 1);
    e2e_result_free(&r);
}
END_TEST

/* Everything left to read on `fd`, appended to `to`. */
static void read_all(int fd, GString *to)
{
    char buf[256];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        g_string_append_len(to, buf, n);
}

/* Open `fifo` for writing once tockemu (`pid`) has opened it for reading,
 * waiting at most 5 s. Fails the test, with tockemu's stderr, if tockemu
 * exits first or never opens it (then it is killed), rather than blocking
 * in open() until Check's timeout. */
static int open_control_fifo(const char *fifo, GPid pid, int err_fd)
{
    const struct timespec tick = {.tv_nsec = 10 * 1000 * 1000};
    const char *why = "did not open the control FIFO within 5 s";
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 500 && !exited; i++) {
        int fd = open(fifo, O_WRONLY | O_NONBLOCK);
        if (fd >= 0) {
            ck_assert_int_eq(fcntl(fd, F_SETFL, 0), 0); /* blocking writes from here */
            return fd;
        }
        ck_assert_msg(errno == ENXIO, "open %s: %s", fifo, g_strerror(errno));
        exited = waitpid(pid, &status, WNOHANG) == pid;
        if (exited)
            why = "exited before opening the control FIFO";
        else
            nanosleep(&tick, NULL);
    }
    if (!exited) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    GString *err = g_string_new(NULL);
    read_all(err_fd, err);
    ck_abort_msg("tockemu %s (status 0x%x); its stderr:\n%s", why, (unsigned)status, err->str);
    return -1;
}

/* Run tockemu with `--control FIFO` before `args` (NULL-terminated, at
 * most 6), write `inputs` into the FIFO once it is open, and wait for the
 * end, which must be exit status 0: stdout and stderr into `out` and
 * `err`. */
static void run_with_control(const char *const *args, const char *inputs, GString *out,
                             GString *err)
{
    char *dir = g_dir_make_tmp("tockemu-ctl-XXXXXX", NULL);
    char *fifo = g_build_filename(dir, "board.ctl", NULL);
    char *argv[10] = {TOCKEMU_BUILD_ROOT "/emu/tools/tockemu", "--control", fifo};
    for (unsigned i = 0; args[i] != NULL; i++) {
        ck_assert_uint_lt(i, 6);
        argv[3 + i] = (char *)args[i];
    }
    GPid pid;
    int out_fd, err_fd;
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    ck_assert(g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                       &pid, NULL, &out_fd, &err_fd, NULL));
    int ctl = open_control_fifo(fifo, pid, err_fd);
    ck_assert_int_eq(write(ctl, inputs, strlen(inputs)), (ssize_t)strlen(inputs));
    close(ctl);
    read_all(out_fd, out);
    read_all(err_fd, err);
    int status = 0;
    waitpid(pid, &status, 0);
    close(out_fd), close(err_fd);
    unlink(fifo);
    g_rmdir(dir);
    g_free(fifo), g_free(dir);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "status 0x%x; stdout:\n%s\nstderr:\n%s", (unsigned)status, out->str, err->str);
}

/* Issue "simulated peripherals": inputs typed while the run goes on, through
 * the --control FIFO, reach the app as button upcalls on both edges. */
START_TEST(control_fifo_presses_a_button_interactively)
{
    char *app = e2e_app("button");
    const char *args[] = {app, NULL};
    GString *out = g_string_new(NULL), *err = g_string_new(NULL);
    run_with_control(args, "press 0\n# a comment\nrelease 0\n", out, err);
    ck_assert_msg(strstr(out->str, "button: upcall (0, 1, 0) press") != NULL &&
                      strstr(out->str, "button: upcall (0, 0, 0) release") != NULL,
                  "no press and release upcalls in:\n%s\nstderr:\n%s", out->str, err->str);
    g_string_free(out, TRUE), g_string_free(err, TRUE);
    g_free(app);
}
END_TEST

/* Issue 15 part 3 (docs/trace.md "Record and replay"): a control line for
 * a model other than the pins and the console (here a sensor) is kept in
 * the record at the time it applied, so the replay, which has no control
 * FIFO, sees it too and matches. */
START_TEST(control_fifo_sensor_line_is_kept_in_the_record)
{
    char *app = e2e_app("sensors"), *record = e2e_temp_file("", 0);
    const char *args[] = {"--record", record, app, NULL};
    GString *out = g_string_new(NULL), *err = g_string_new(NULL);
    run_with_control(args, "sensor proximity 230\n", out, err);
    ck_assert_msg(strstr(out->str, "proximity 230\n") != NULL, "%s", out->str);
    size_t len;
    char *text = e2e_read_file(record, &len);
    ck_assert_msg(strstr(text, "ns sensor proximity 230\n") != NULL, "%s", text);
    struct e2e_result r = e2e_run("--replay", record, NULL);
    ck_assert_msg(r.status == 0, "replay ended %d: %s", r.status, r.err);
    e2e_result_free(&r);
    g_free(text);
    unlink(record);
    g_string_free(out, TRUE), g_string_free(err, TRUE);
    g_free(app), g_free(record);
}
END_TEST

/* Issue 15 part 3 (docs/trace.md "Record and replay"): a control line is
 * kept at the point it came, not only at its time. Without --rt the clock
 * races from one 10 ms tick of button_ticking to the next, so the press
 * comes at the instant of a tick, after that tick's events; replayed at its
 * time alone it would go before them (and the replay would diverge there). */
START_TEST(control_fifo_press_replays_at_the_point_it_came)
{
    char *app = e2e_app("button_ticking"), *record = e2e_temp_file("", 0);
    char *trace = e2e_temp_file("", 0);
    const char *args[] = {"--record", record, "--trace", trace, app, NULL};
    GString *out = g_string_new(NULL), *err = g_string_new(NULL);
    run_with_control(args, "press 0\nrelease 0\n", out, err);
    ck_assert_msg(strstr(out->str, "press at ") != NULL, "%s", out->str);
    size_t len;
    char *text = e2e_read_file(record, &len), *recorded = e2e_read_file(trace, &len);
    ck_assert_msg(strstr(text, "\n# control ") != NULL && strstr(text, "ns press 0\n") != NULL,
                  "%s", text);
    e2e_assert_replays_match(record, recorded, 10);
    g_free(text), g_free(recorded);
    unlink(record), unlink(trace);
    g_string_free(out, TRUE), g_string_free(err, TRUE);
    g_free(app), g_free(record), g_free(trace);
}
END_TEST

/* Issue "simulated peripherals": a run that draws random bytes prints its
 * seed, and that seed repeats the run byte for byte. */
START_TEST(printed_rng_seed_repeats_the_run)
{
    struct e2e_result first = e2e_run("@rng_bytes", NULL);
    const char *at = strstr(first.err, "tockemu: rng seed ");
    ck_assert_ptr_nonnull(at);
    char seed[32];
    ck_assert_int_eq(sscanf(at, "tockemu: rng seed %31s", seed), 1);
    struct e2e_result again = e2e_run("--seed", seed, "@rng_bytes", NULL);
    ck_assert_str_eq(again.out, first.out);
    ck_assert_str_eq(again.err, ""); /* a given seed is not repeated back */
    e2e_result_free(&first);
    e2e_result_free(&again);
}
END_TEST

/* A SIGSEGV in an app is a fault with its address; the others go on. */
START_TEST(crash_is_a_fault_with_address_and_others_continue)
{
    struct e2e_result r = e2e_run("@crash", "@printer_a", NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "crash: about to write to NULL\n"));
    ck_assert_ptr_null(strstr(r.out, "still alive"));
    ck_assert_ptr_nonnull(strstr(r.err, "app 'crash' faulted: memory fault: write at 0x0"));
    ck_assert_int_eq(e2e_count_lines(r.out, "printer_a says 4"), 1);
    ck_assert_int_eq(r.status, 1);
    e2e_result_free(&r);
}
END_TEST

/* Bad input: one line naming the file and the reason, status 2, and the
 * good app still runs. */
static void assert_bad_input(const char *path, const char *reason)
{
    struct e2e_result r = e2e_run(path, "@hello", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_str_eq(r.out, "Hello, World!\n");
    ck_assert_msg(strstr(r.err, path) != NULL && strstr(r.err, reason) != NULL,
                  "stderr lacks '%s' / '%s': %s", path, reason, r.err);
    ck_assert_int_eq(e2e_count_lines(r.err, ""), 1); /* one line, then the final newline */
    e2e_result_free(&r);
}

START_TEST(missing_file_is_reported)
{
    assert_bad_input("/nonexistent/app.tbf", "No such file");
}
END_TEST

START_TEST(non_tbf_file_is_reported)
{
    char *path = e2e_temp_file("this is not a TBF at all\n", 25);
    assert_bad_input(path, "not a TBF");
    unlink(path);
    g_free(path);
}
END_TEST

START_TEST(truncated_tbf_is_reported)
{
    size_t len;
    char *hello = e2e_app("hello");
    uint8_t *bytes = e2e_read_file(hello, &len);
    char *path = e2e_temp_file(bytes, len / 2);
    assert_bad_input(path, "truncated TBF");
    unlink(path);
    g_free(path);
    g_free(bytes);
    g_free(hello);
}
END_TEST

/* Spec §6.2: a header byte changed without fixing the checksum. */
START_TEST(bad_checksum_is_reported)
{
    size_t len;
    char *hello = e2e_app("hello");
    uint8_t *bytes = e2e_read_file(hello, &len);
    bytes[8] ^= 0x02; /* flags: set the sticky bit */
    char *path = e2e_temp_file(bytes, len);
    assert_bad_input(path, "ChecksumMismatch");
    unlink(path);
    g_free(path);
    g_free(bytes);
    g_free(hello);
}
END_TEST

START_TEST(bad_flag_is_reported)
{
    struct e2e_result r = e2e_run("--no-such-flag", "@hello", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_str_eq(r.out, "");
    ck_assert_ptr_nonnull(strstr(r.err, "--no-such-flag"));
    e2e_result_free(&r);
    r = e2e_run("--fault-policy", "sometimes", "@hello", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "sometimes"));
    e2e_result_free(&r);
}
END_TEST

/* True if `help` lists option `name` ("--flash") in its option column: a
 * line starting "  --flash" or "  -x, --flash", followed by '=' (an
 * argument) or a space, so "--flash" is not found in "--flash-size" or in
 * a description's "--flash FILE". */
static bool help_lists(const char *help, const char *name)
{
    size_t len = strlen(name);
    for (const char *at = strstr(help, name); at != NULL; at = strstr(at + 1, name)) {
        if (at[len] != '=' && at[len] != ' ')
            continue;
        const char *line = at;
        while (line > help && line[-1] != '\n')
            line--;
        if (strncmp(line, "  ", 2) != 0)
            continue;
        if (at == line + 2 || (at == line + 6 && line[2] == '-' && line[4] == ','))
            return true;
    }
    return false;
}

START_TEST(help_lists_every_option)
{
    /* Every GOptionEntry of emu/tools/tockemu.c and of the groups it adds
     * (emu/hw/pins.c, inputs.c, rng.c, flash.c), and each group's help. */
    static const char *const options[] = {
        /* tockemu.c */
        "--apps", "--fault-policy", "--timeslice", "--rt", "--summary", "--trace", "--trace-format",
        "--elf", "--record", "--replay", "--stop-at", "--version", "--record-inputs",
        "--stop-after", "--console-pty", "--credentials", "--key", "--appid", "--control",
        "--hide-footers", "--permissions-filter", "--process-console", "--no-process-console",
        "--verbose",
        /* pins.c */
        "--press", "--scenario", "--trace-leds", "--leds", "--buttons", "--gpio-pins",
        /* inputs.c */
        "--type",
        /* rng.c */
        "--seed",
        /* flash.c */
        "--flash", "--flash-size", "--flash-erase", "--flash-ram", "--flash-remove",
        "--flash-fail-after", "--flash-and-writes",
        /* the groups */
        "--help-all", "--help-pins", "--help-input", "--help-rng", "--help-flash",
        /* terminal.c */
        "--console-escape", "--console-tags", "--console-colour", "--console-link",
        "--wait-console", "--console-listen", "--attach-cmd", "--console-split",
        "--process-console-hibernated", "--help-console"};
    struct e2e_result r = e2e_run("--help-all", NULL);
    ck_assert_int_eq(r.status, 0);
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        ck_assert_msg(help_lists(r.out, options[i]), "--help-all lacks %s", options[i]);
    ck_assert_msg(strstr(r.out, "  -v, --verbose ") != NULL, "--help-all lacks -v");
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_run_suite(void)
{
    Suite *s = suite_create("e2e_run");
    TCase *tc = tcase_create("run");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, hello_prints_and_exits_zero);
    tcase_add_test(tc, timer_runs_ten_virtual_seconds);
    tcase_add_test(tc, nonzero_completion_code_is_reported);
    tcase_add_test(tc, two_apps_print_whole_interleaved_lines);
    tcase_add_test(tc, spinning_app_does_not_starve_others);
    tcase_add_test(tc, polling_app_sees_its_alarm_fire);
    tcase_add_test(tc, printed_rng_seed_repeats_the_run);
    tcase_add_test(tc, control_fifo_presses_a_button_interactively);
    tcase_add_test(tc, control_fifo_sensor_line_is_kept_in_the_record);
    tcase_add_test(tc, control_fifo_press_replays_at_the_point_it_came);
    tcase_add_test(tc, libc_queries_work_and_failed_assert_is_an_abort);
    tcase_add_test(tc, crash_is_a_fault_with_address_and_others_continue);
    tcase_add_test(tc, missing_file_is_reported);
    tcase_add_test(tc, non_tbf_file_is_reported);
    tcase_add_test(tc, truncated_tbf_is_reported);
    tcase_add_test(tc, bad_checksum_is_reported);
    tcase_add_test(tc, bad_flag_is_reported);
    tcase_add_test(tc, help_lists_every_option);
    suite_add_tcase(s, tc);
    return s;
}
