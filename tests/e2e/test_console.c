/* End to end: the console UART as a user at a terminal meets it.
 *
 * Issue 13 part 3: with the process console running, the board stays up
 * when every app has ended or faulted, as a real board does, until a `quit`
 * command, Ctrl-C (SIGINT), end of file on a non-terminal stdin, or
 * --stop-after; so `boot`, `start` and `fault` work as on hardware.
 *
 * The runs are driven live (live_run.h): input is written once the output
 * it answers has appeared, and every wait has a wall-clock bound.
 */
#include <check.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <string.h>

#include "e2e.h"
#include "live_run.h"

/* Issue 13 part 3: `boot` after the last app ended brings it back. */
START_TEST(board_stays_up_after_the_last_app_ends)
{
    struct live_run r;
    live_run_start(&r, "--process-console", "@hello", NULL);
    live_run_expect(&r, "Hello, World!");
    live_run_type(&r, "boot hello\r");
    live_run_expect(&r, "Hello, World!");
    live_run_type(&r, "quit\r");
    ck_assert_int_eq(live_run_wait(&r), 0);
    live_run_free(&r);
}
END_TEST

/* Issue 13 part 3: `fault` on the only running app leaves the console
 * serving; the exit status still reports the fault (1). */
START_TEST(fault_of_the_last_app_keeps_the_console)
{
    struct live_run r;
    live_run_start(&r, "--process-console", "@timer", NULL);
    live_run_expect(&r, "tock$ ");
    live_run_type(&r, "fault timer\r");
    live_run_expect(&r, "tock$ ");
    live_run_type(&r, "list\r");
    live_run_expect(&r, "Faulted");
    live_run_type(&r, "quit\r");
    ck_assert_int_eq(live_run_wait(&r), 1);
    live_run_free(&r);
}
END_TEST

/* Issue 13 part 3: end of file on a stdin that is not a terminal ends the
 * run once the apps have ended. */
START_TEST(end_of_file_on_a_pipe_ends_the_run)
{
    struct live_run r;
    live_run_start(&r, "--process-console", "@hello", NULL);
    live_run_expect(&r, "Hello, World!");
    live_run_close_input(&r);
    ck_assert_int_eq(live_run_wait(&r), 0);
    live_run_free(&r);
}
END_TEST

/* Issue 13 part 3: Ctrl-C (SIGINT) ends the run, status 128 + 2, with a
 * line saying so. */
START_TEST(interrupt_ends_the_run_with_status_130)
{
    struct live_run r;
    live_run_start(&r, "--process-console", "@timer", NULL);
    live_run_expect(&r, "tock$ ");
    kill(r.pid, SIGINT);
    ck_assert_int_eq(live_run_wait(&r), 130);
    ck_assert_ptr_nonnull(strstr(r.err->str, "ended by signal 2"));
    live_run_free(&r);
}
END_TEST

/* Issue 13 part 3: --stop-after ends a run the process console keeps up
 * (stdin still open, no app running), at that virtual time, status 5. */
START_TEST(stop_after_ends_a_run_the_process_console_keeps_up)
{
    struct live_run r;
    live_run_start(&r, "--process-console", "--stop-after", "2s", "@hello", NULL);
    ck_assert_int_eq(live_run_wait(&r), 5);
    ck_assert_ptr_nonnull(strstr(r.out->str, "Hello, World!"));
    ck_assert_msg(strstr(r.err->str, "stopped at 2000.000 ms of virtual time") != NULL, "%s",
                  r.err->str);
    live_run_free(&r);
}
END_TEST

/* Issue 13 parts 1 and 4: Ctrl-T 0 selects app 0; a line typed at once
 * (faster than the app reads it, a byte per read) reaches it whole, and the
 * process console sees none of it. */
START_TEST(burst_input_reaches_the_selected_app_whole)
{
    static const char line[] = "the quick brown fox jumps over the lazy dog 0123456789 "
                               "THE QUICK BROWN FOX";
    struct live_run r;
    live_run_start(&r, "--process-console", "--console-escape", "^T", "@console_echo", NULL);
    live_run_expect(&r, "echo ready");
    live_run_type(&r, "\x14"
                      "0");
    live_run_expect(&r, "-- input to app 0 (console_echo); Ctrl-T ? for help --");
    char *typed = g_strdup_printf("%s\r%s\r", line, line);
    live_run_type(&r, typed);
    char *expected = g_strdup_printf("got: '%s'\ngot: '%s'\n", line, line);
    live_run_expect(&r, expected);
    live_run_type(&r, "exit\r\x14"
                      "p"
                      "quit\r");
    ck_assert_int_eq(live_run_wait(&r), 0);
    /* Only the welcome lists the commands: no typed line was a command. */
    const char *first = strstr(r.out->str, "Valid commands are:");
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_null(strstr(first + 1, "Valid commands are:"));
    g_free(typed);
    g_free(expected);
    live_run_free(&r);
}
END_TEST

/* Issue 13 part 5 (Tock process_printer.rs print_overview): an app that
 * made syscalls has a known stack; the `process` box shows its top, size and
 * lowest address instead of the "??????????" and "?" placeholders, in the
 * reference's columns. */
START_TEST(process_box_shows_the_stack_of_a_running_app)
{
    struct live_run r;
    live_run_start(&r, "--process-console", "@timer", NULL);
    live_run_expect(&r, "tock$ ");
    live_run_type(&r, "process timer\r");
    live_run_expect(&r, "Protected");
    live_run_expect(&r, "tock$ ");
    live_run_type(&r, "quit\r");
    ck_assert_int_eq(live_run_wait(&r), 0);
    ck_assert_ptr_null(strstr(r.out->str, "??????????"));
    GRegex *stack =
        g_regex_new("\r\n  0x[0-9A-F]{8} ┼─{43} M\r\n             │ ▼ Stack      [ 0-9]{6} "
                    "\\| [ 0-9]{6} {10}\r\n  0x[0-9A-F]{8} ┼─{43}\r\n",
                    0, 0, NULL);
    ck_assert_msg(g_regex_match(stack, r.out->str, 0, NULL), "no stack rows in:\n%s", r.out->str);
    g_regex_unref(stack);
    live_run_free(&r);
}
END_TEST

/* Occurrences of `needle` in `text`. */
static int count_text(const char *text, const char *needle)
{
    int n = 0;
    for (const char *at = strstr(text, needle); at != NULL; at = strstr(at + 1, needle))
        n++;
    return n;
}

/* Connect to the Unix socket `path` once it exists (bounded wait). */
static int connect_console(const char *path)
{
    gint64 deadline = g_get_monotonic_time() + LIVE_RUN_BOUND_MS * 1000;
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    g_strlcpy(sun.sun_path, path, sizeof sun.sun_path);
    for (;;) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        ck_assert_int_ge(fd, 0);
        if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == 0)
            return fd;
        close(fd);
        ck_assert_msg(g_get_monotonic_time() < deadline, "cannot connect to %s", path);
        struct pollfd none = {.fd = -1};
        (void)poll(&none, 1, 10);
    }
}

/* Read from `fd` until `needle` appears (bounded); what came is in `seen`. */
static void expect_socket(int fd, GString *seen, const char *needle)
{
    gint64 deadline = g_get_monotonic_time() + LIVE_RUN_BOUND_MS * 1000;
    while (strstr(seen->str, needle) == NULL) {
        gint64 left = deadline - g_get_monotonic_time();
        ck_assert_msg(left > 0, "no '%s' on the socket:\n%s", needle, seen->str);
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, (int)(left / 1000) + 1) == 1) {
            char buf[4096];
            ssize_t n = read(fd, buf, sizeof buf);
            ck_assert_msg(n > 0, "the socket closed; it showed:\n%s", seen->str);
            g_string_append_len(seen, buf, n);
        }
    }
}

static void send_text(int fd, const char *text)
{
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
}

/* Issue 13 part 1: the console on a Unix socket works as on a pty: output
 * kept until a client connects, lines end CR LF, Ctrl-T selects, a client
 * may leave and another come, Ctrl-T q quits; the socket file goes. */
START_TEST(console_on_a_unix_socket_serves_one_client_after_another)
{
    char *dir = g_dir_make_tmp("tockemu-sock-XXXXXX", NULL);
    char *path = g_build_filename(dir, "console", NULL);
    char *address = g_strdup_printf("unix:%s", path);
    struct live_run r;
    live_run_start(&r, "--console-listen", address, "@console_echo", NULL);
    int fd = connect_console(path);
    GString *seen = g_string_new(NULL);
    expect_socket(fd, seen, "Welcome to the process console.\r\n");
    expect_socket(fd, seen, "echo ready\r\n");
    send_text(fd, "\x14"
                  "0hello socket\r");
    expect_socket(fd, seen, "got: 'hello socket'\r\n");
    close(fd);
    fd = connect_console(path);
    g_string_truncate(seen, 0);
    send_text(fd, "again\r");
    expect_socket(fd, seen, "got: 'again'\r\n");
    send_text(fd, "\x14q");
    ck_assert_int_eq(live_run_wait(&r), 0);
    ck_assert(!g_file_test(path, G_FILE_TEST_EXISTS));
    close(fd);
    g_string_free(seen, TRUE);
    live_run_free(&r);
    g_rmdir(dir);
    g_free(address), g_free(path), g_free(dir);
}
END_TEST

/* Issue 13 part 4: commands sent at once over a Unix socket (a paste,
 * a script piped through socat) are each answered whole, though the board
 * writes faster than the client reads: what the socket cannot take at once
 * waits and follows. The app is one that writes nothing once ready and never
 * ends, so every answer is the same whatever the machine's load (with an
 * app that prints or ends, its lines and "Active processes" would depend on
 * how the run and the client were scheduled). */
START_TEST(burst_of_commands_over_a_socket_is_answered_whole)
{
    enum { COMMANDS = 600 }; /* 48 KiB of answers: within the kept bound */
    /* console_echo waits in yield-wait-for, which is not "active"
     * (Running or Yielded, Tock's KernelInfo). */
    static const char answer[] = "tock$ status\r\nTotal processes: 1\r\nActive processes: 0\r\n"
                                 "Timeslice expirations: 0\r\n";
    char *dir = g_dir_make_tmp("tockemu-sock-XXXXXX", NULL);
    char *path = g_build_filename(dir, "console", NULL);
    char *address = g_strdup_printf("unix:%s", path);
    struct live_run r;
    live_run_start(&r, "--console-listen", address, "@console_echo", NULL);
    int fd = connect_console(path);
    GString *seen = g_string_new(NULL);
    expect_socket(fd, seen, "echo ready\r\n");
    expect_socket(fd, seen, "tock$ ");
    GString *burst = g_string_new(NULL);
    for (int i = 0; i < COMMANDS; i++)
        g_string_append(burst, "status\r");
    send_text(fd, burst->str);
    /* A bound for a loaded machine, not a speed: it passes as soon as all
     * answers are there (a few seconds on a loaded machine). */
    gint64 deadline = g_get_monotonic_time() + 50 * G_USEC_PER_SEC;
    while (count_text(seen->str, answer) < COMMANDS) {
        gint64 left = deadline - g_get_monotonic_time();
        ck_assert_msg(left > 0, "%d of %d answers came whole", count_text(seen->str, answer),
                      COMMANDS);
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, (int)(left / 1000) + 1) == 1) {
            char buf[4096];
            ssize_t got = read(fd, buf, sizeof buf);
            ck_assert_msg(got > 0, "the socket closed");
            g_string_append_len(seen, buf, got);
        }
    }
    send_text(fd, "\x14q");
    ck_assert_int_eq(live_run_wait(&r), 0);
    close(fd);
    g_string_free(burst, TRUE);
    g_string_free(seen, TRUE);
    live_run_free(&r);
    g_rmdir(dir);
    g_free(address), g_free(path), g_free(dir);
}
END_TEST

/* Issue 13 part 4 and the input bound (docs/console.md, "Input bound"): at
 * most 64 KiB typed for one target wait for it. */
enum { TYPED_BOUND = 64 * 1024 };

/* With an escape key the board reads on whatever the target does, so that
 * the key can always pick another; bytes typed for a target that does not
 * read are kept up to the bound and the rest dropped, counted, as a UART's
 * receive FIFO overruns. The escape key still works afterwards. */
START_TEST(typed_input_beyond_the_bound_is_dropped_and_counted_with_an_escape_key)
{
    enum { TYPED = 200 * 1024 };
    struct live_run r;
    live_run_start(&r, "--process-console", "--console-escape", "^T", "@hello", NULL);
    live_run_expect(&r, "Hello, World!");
    live_run_type(&r, "\x14"
                      "0");
    live_run_expect(&r, "-- input to app 0 (hello)");
    char *flood = g_malloc(TYPED + 1);
    memset(flood, 'x', TYPED);
    flood[TYPED] = 0;
    live_run_type(&r, flood); /* hello has ended: it reads none of it */
    live_run_expect(&r, "-- input overrun: app 0 (hello) has not read what waits for it; more "
                        "typed for it is dropped --");
    live_run_type(&r, "\x14"
                      "pstatus\r");
    live_run_expect(&r, "Total processes: 1");
    live_run_type(&r, "quit\r");
    ck_assert_int_eq(live_run_wait(&r), 0);
    char *said = g_strdup_printf("tockemu: console input overrun: %d typed bytes dropped",
                                 TYPED - TYPED_BOUND);
    ck_assert_msg(strstr(r.err->str, said) != NULL, "stderr:\n%s", r.err->str);
    g_free(said);
    g_free(flood);
    live_run_free(&r);
}
END_TEST

/* The writer side of a FIFO: writes until the reader goes, counting. */
struct fifo_writer {
    const char *path;
    size_t written;
};

static gpointer write_until_the_reader_goes(gpointer data)
{
    struct fifo_writer *w = data;
    int fd = open(w->path, O_WRONLY | O_CLOEXEC); /* waits for tockemu */
    if (fd < 0)
        return NULL;
    static const char chunk[4096] = {'x'};
    for (;;) {
        ssize_t n = write(fd, chunk, sizeof chunk); /* blocks while the board does not read */
        if (n <= 0)
            break; /* EPIPE: tockemu ended */
        w->written += (size_t)n;
    }
    close(fd);
    return NULL;
}

/* Without an escape key (stdin a pipe) the board reads no more while the
 * target's queue is full: the rest waits in the pipe, its writer blocks
 * (flow control, nothing dropped), and the board's memory stays bounded
 * however much is sent. spin never reads and keeps the run going until
 * --stop-after; every read it would do unbounded (about one per timeslice)
 * would show as more bytes written. */
START_TEST(input_without_an_escape_key_waits_in_the_host_when_its_queue_is_full)
{
    signal(SIGPIPE, SIG_IGN);
    char *dir = g_dir_make_tmp("tockemu-fifo-XXXXXX", NULL);
    char *path = g_build_filename(dir, "stdin", NULL);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    struct fifo_writer w = {.path = path};
    GThread *writer = g_thread_new("fifo-writer", write_until_the_reader_goes, &w);
    struct e2e_result r = e2e_run_stdin(path, "--stop-after", "0.5s", "@spin", NULL);
    g_thread_join(writer);
    ck_assert_msg(r.status == 5, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_ptr_null(strstr(r.err, "overrun"));
    /* What the board read (at most the bound) plus what the pipe held. */
    long pipe_size = 0;
    int probe[2];
    ck_assert_int_eq(pipe(probe), 0);
    pipe_size = fcntl(probe[0], F_GETPIPE_SZ);
    close(probe[0]), close(probe[1]);
    ck_assert_msg(w.written <= (size_t)pipe_size + TYPED_BOUND, "%zu bytes went in", w.written);
    e2e_result_free(&r);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path), g_free(dir);
}
END_TEST

Suite *e2e_console_suite(void)
{
    Suite *s = suite_create("e2e_console");
    TCase *tc = tcase_create("board_up");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, board_stays_up_after_the_last_app_ends);
    tcase_add_test(tc, fault_of_the_last_app_keeps_the_console);
    tcase_add_test(tc, end_of_file_on_a_pipe_ends_the_run);
    tcase_add_test(tc, interrupt_ends_the_run_with_status_130);
    tcase_add_test(tc, stop_after_ends_a_run_the_process_console_keeps_up);
    tcase_add_test(tc, burst_input_reaches_the_selected_app_whole);
    tcase_add_test(tc, process_box_shows_the_stack_of_a_running_app);
    tcase_add_test(tc, console_on_a_unix_socket_serves_one_client_after_another);
    tcase_add_test(tc, burst_of_commands_over_a_socket_is_answered_whole);
    tcase_add_test(tc, typed_input_beyond_the_bound_is_dropped_and_counted_with_an_escape_key);
    tcase_add_test(tc, input_without_an_escape_key_waits_in_the_host_when_its_queue_is_full);
    suite_add_tcase(s, tc);
    return s;
}
