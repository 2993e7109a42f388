/* End to end: real terminal programs on tockemu's console, under tmux.
 *
 * Issue 13 part 5: `screen` attaches to the console pty (--console-link,
 * --wait-console), the test types, switches the input target with Ctrl-T,
 * detaches and re-attaches, and reads what the terminal shows with tmux's
 * capture-pane. And tockemu on the terminal itself (stdio): raw mode, one
 * echo, Ctrl-C.
 *
 * Each test has its own tmux server (-L) and directory. Every wait polls
 * capture-pane (or a file) until the expected text is there, bounded by
 * WAIT_MS of wall time; a passing test never waits for the bound.
 */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "e2e.h"

#define WAIT_MS 30000 /* real programs under tmux on a loaded 2-core machine */

struct session {
    char *socket; /* tmux -L name */
    char *dir;    /* the test's files: the pty link, exit statuses */
};

/* Run tmux with `args` (NULL-terminated) on the test's server; its stdout. */
static char *tmux(struct session *s, const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, "tmux");
    g_ptr_array_add(argv, "-L");
    g_ptr_array_add(argv, s->socket);
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a != NULL; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, (gpointer)a);
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    char *out = NULL;
    GError *err = NULL;
    if (!g_spawn_sync(NULL, (gchar **)argv->pdata, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                      NULL, &err))
        ck_abort_msg("cannot run tmux (scripts/setup.sh installs it): %s", err->message);
    g_ptr_array_free(argv, TRUE);
    return out;
}

static void session_init(struct session *s, const char *name)
{
    s->dir = g_dir_make_tmp("tockemu-term-XXXXXX", NULL);
    ck_assert_ptr_nonnull(s->dir);
    s->socket = g_strdup_printf("tockemu-test-%s-%d", name, (int)getpid());
}

static void session_fini(struct session *s)
{
    g_free(tmux(s, "kill-server", NULL));
    GDir *d = g_dir_open(s->dir, 0, NULL);
    const char *f;
    while (d != NULL && (f = g_dir_read_name(d)) != NULL) {
        char *path = g_build_filename(s->dir, f, NULL);
        g_unlink(path);
        g_free(path);
    }
    if (d != NULL)
        g_dir_close(d);
    g_rmdir(s->dir);
    g_free(s->dir);
    g_free(s->socket);
}

/* Start `command` (a shell line) in a new detached window `name`. */
static void start(struct session *s, const char *name, const char *command)
{
    g_free(tmux(s, "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command, NULL));
}

static void pause_a_little(void)
{
    const struct timespec tick = {.tv_nsec = 20 * 1000 * 1000};
    nanosleep(&tick, NULL);
}

/* Wait until window `name` shows `needle` (the last 200 lines). */
static void expect_pane(struct session *s, const char *name, const char *needle)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * 1000;
    char *pane = NULL;
    for (;;) {
        g_free(pane);
        pane = tmux(s, "capture-pane", "-p", "-J", "-S", "-200", "-t", name, NULL);
        if (pane != NULL && strstr(pane, needle) != NULL)
            break;
        if (g_get_monotonic_time() > deadline)
            ck_abort_msg("window %s never showed '%s'; it shows:\n%s", name, needle,
                         pane != NULL ? pane : "(nothing)");
        pause_a_little();
    }
    g_free(pane);
}

/* Keys to window `name`: tmux key names ("Enter", "C-t") or literal text. */
static void keys(struct session *s, const char *name, const char *key)
{
    g_free(tmux(s, "send-keys", "-t", name, key, NULL));
}

static void literal(struct session *s, const char *name, const char *text)
{
    g_free(tmux(s, "send-keys", "-t", name, "-l", text, NULL));
}

/* Wait until the file `path` holds `text` (a shell wrote the exit status). */
static void expect_file(const char *path, const char *text)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * 1000;
    char *got = NULL;
    while (!g_file_get_contents(path, &got, NULL, NULL) || strstr(got, text) == NULL) {
        g_free(got);
        got = NULL;
        ck_assert_msg(g_get_monotonic_time() < deadline, "%s never held '%s'", path, text);
        pause_a_little();
    }
    g_free(got);
}

/* Wait until `path` exists. */
static void expect_path(const char *path)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * 1000;
    while (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        ck_assert_msg(g_get_monotonic_time() < deadline, "%s never appeared", path);
        pause_a_little();
    }
}

/* Issue 13 parts 1, 2 and 5: screen on the console pty. The board waits for
 * it, shows what came before it attached, takes typed input, switches to an
 * app with Ctrl-T 1, survives screen leaving, shows the next screen what
 * came meanwhile, and ends with Ctrl-T q; the link goes with it. */
START_TEST(screen_types_switches_detaches_and_reattaches)
{
    struct session s;
    session_init(&s, "screen");
    char *link = g_build_filename(s.dir, "console", NULL);
    char *status = g_build_filename(s.dir, "status", NULL);
    char *echo = e2e_app("console_echo"), *printer = e2e_app("printer_a");
    char *run = g_strdup_printf("%s/emu/tools/tockemu --console-link %s --wait-console %s %s "
                                "2>/dev/null; echo EXIT=$? > %s",
                                TOCKEMU_BUILD_ROOT, link, printer, echo, status);
    start(&s, "board", run);
    expect_path(link);
    char *screen = g_strdup_printf("screen %s", link);
    start(&s, "term", screen);
    /* Everything since the start, kept until screen came. */
    expect_pane(&s, "term", "Welcome to the process console.");
    expect_pane(&s, "term", "printer_a says 4");
    expect_pane(&s, "term", "tock$ ");
    literal(&s, "term", "list");
    keys(&s, "term", "Enter");
    expect_pane(&s, "term", "console_echo");
    keys(&s, "term", "C-t");
    literal(&s, "term", "1");
    expect_pane(&s, "term", "-- input to app 1 (console_echo); Ctrl-T ? for help --");
    literal(&s, "term", "hi there");
    keys(&s, "term", "Enter");
    expect_pane(&s, "term", "got: 'hi there'");
    /* screen goes (C-a k y); the board stays. */
    keys(&s, "term", "C-a");
    literal(&s, "term", "ky");
    start(&s, "term2", screen);
    literal(&s, "term2", "again");
    keys(&s, "term2", "Enter");
    expect_pane(&s, "term2", "got: 'again'");
    keys(&s, "term2", "C-t");
    literal(&s, "term2", "q");
    expect_file(status, "EXIT=0");
    ck_assert(!g_file_test(link, G_FILE_TEST_EXISTS));
    g_free(screen), g_free(run), g_free(echo), g_free(printer), g_free(status), g_free(link);
    session_fini(&s);
}
END_TEST

/* The console's transports, for one scenario run on each. */
enum transport { ON_STDIO, ON_PTY, ON_UNIX_SOCKET, ON_TCP, ON_TELNET, ON_NC, TRANSPORTS };

/* Start tockemu on `transport` with console_echo in window "board", and the
 * terminal program for it; returns the window the user types in. */
static const char *start_on(struct session *s, enum transport transport, const char *status)
{
    char *echo = e2e_app("console_echo");
    char *link = g_build_filename(s->dir, "console", NULL);
    char *err = g_build_filename(s->dir, "stderr", NULL);
    static const char *const flags[] = {[ON_STDIO] = "",
                                        [ON_PTY] = "--console-link ",
                                        [ON_UNIX_SOCKET] = "--console-listen unix:",
                                        [ON_TCP] = "--console-listen tcp:127.0.0.1:0",
                                        [ON_TELNET] = "--console-listen telnet:127.0.0.1:0",
                                        [ON_NC] = "--console-listen tcp:127.0.0.1:0"};
    const char *where = transport == ON_PTY || transport == ON_UNIX_SOCKET ? link : "";
    char *run = g_strdup_printf("%s/emu/tools/tockemu %s%s %s 2>%s; echo EXIT=$? > %s",
                                TOCKEMU_BUILD_ROOT, flags[transport], where, echo, err, status);
    start(s, "board", run);
    char *term = NULL;
    if (transport == ON_PTY) {
        expect_path(link);
        term = g_strdup_printf("screen %s", link);
    } else if (transport == ON_UNIX_SOCKET) {
        expect_path(link);
        term = g_strdup_printf("socat -,raw,echo=0 UNIX-CONNECT:%s", link);
    } else if (transport == ON_TCP || transport == ON_TELNET || transport == ON_NC) {
        /* Port 0: tockemu says which port it got (the line in one write). */
        expect_file(err, ":127.0.0.1:");
        char *text = NULL;
        ck_assert(g_file_get_contents(err, &text, NULL, NULL));
        const char *port = strstr(text, ":127.0.0.1:");
        ck_assert_msg(port != NULL, "no TCP port announced: %s", text);
        port += strlen(":127.0.0.1:");
        if (transport == ON_TCP)
            term = g_strdup_printf("socat -,raw,echo=0 TCP:127.0.0.1:%d", atoi(port));
        else if (transport == ON_TELNET)
            term = g_strdup_printf("telnet 127.0.0.1 %d", atoi(port));
        else /* nc passes bytes; the terminal must be raw itself (docs/console.md) */
            term = g_strdup_printf("stty raw -echo; nc 127.0.0.1 %d", atoi(port));
        g_free(text);
    }
    if (term != NULL)
        start(s, "term", term);
    g_free(term), g_free(run), g_free(err), g_free(link), g_free(echo);
    return transport == ON_STDIO ? "board" : "term";
}

/* Issue 13 part 1: the console works the same on stdio, on a pty (screen),
 * on a Unix socket and over TCP (socat), with telnet and with nc: the process
 * console answers (and echoes: telnet left its line mode), the
 * escape key switches input to an app with its notice, the app's answer is
 * a whole line from the first column (CR LF where no tty translates), and
 * Ctrl-T q ends the run. */
START_TEST(the_console_works_the_same_on_every_transport)
{
    struct session s;
    session_init(&s, "transport");
    char *status = g_build_filename(s.dir, "status", NULL);
    const char *term = start_on(&s, (enum transport)_i, status);
    expect_pane(&s, term, "echo ready");
    expect_pane(&s, term, "tock$ ");
    literal(&s, term, "list");
    keys(&s, term, "Enter");
    expect_pane(&s, term, "tock$ list\n");
    expect_pane(&s, term, "console_echo");
    keys(&s, term, "C-t");
    literal(&s, term, "0");
    expect_pane(&s, term, "\n-- input to app 0 (console_echo); Ctrl-T ? for help --\n");
    literal(&s, term, "over the line");
    keys(&s, term, "Enter");
    expect_pane(&s, term, "\ngot: 'over the line'\n");
    keys(&s, term, "C-t");
    literal(&s, term, "q");
    expect_file(status, "EXIT=0");
    g_free(status);
    session_fini(&s);
}
END_TEST

/* Issue 13 parts 4 and 5: a paste into screen (tmux types it all at once,
 * far faster than the app reads a byte per read) reaches the selected app
 * whole, every line in order. */
START_TEST(a_paste_into_screen_reaches_the_app_whole)
{
    enum { LINES = 20 };
    struct session s;
    session_init(&s, "paste");
    char *link = g_build_filename(s.dir, "console", NULL);
    char *status = g_build_filename(s.dir, "status", NULL);
    char *echo = e2e_app("console_echo");
    char *run = g_strdup_printf("%s/emu/tools/tockemu --console-link %s --wait-console %s "
                                "2>/dev/null; echo EXIT=$? > %s",
                                TOCKEMU_BUILD_ROOT, link, echo, status);
    start(&s, "board", run);
    expect_path(link);
    char *screen = g_strdup_printf("screen %s", link);
    start(&s, "term", screen);
    expect_pane(&s, "term", "echo ready");
    keys(&s, "term", "C-t");
    literal(&s, "term", "0");
    expect_pane(&s, "term", "-- input to app 0 (console_echo)");
    GString *paste = g_string_new(NULL), *shown = g_string_new(NULL);
    for (int i = 0; i < LINES; i++) {
        g_string_append_printf(paste, "line %02d of the paste, the quick brown fox\r", i);
        g_string_append_printf(shown, "got: 'line %02d of the paste, the quick brown fox'\n", i);
    }
    literal(&s, "term", paste->str);
    expect_pane(&s, "term", shown->str);
    keys(&s, "term", "C-t");
    literal(&s, "term", "q");
    expect_file(status, "EXIT=0");
    g_string_free(paste, TRUE), g_string_free(shown, TRUE);
    g_free(screen), g_free(run), g_free(echo), g_free(status), g_free(link);
    session_fini(&s);
}
END_TEST

/* Issue 13 part 1, the alternative: --console-split gives each app a pty of
 * its own (link PATH.N for slot N) beside the console pty. screen on app
 * 1's pty shows that app's lines alone and what is typed there reaches it;
 * the console pty has the process console and no app line; the link of
 * app 0 shows app 0's lines from the start (kept until screen came). */
START_TEST(split_gives_each_app_its_own_pty)
{
    struct session s;
    session_init(&s, "split");
    char *link = g_build_filename(s.dir, "console", NULL);
    char *status = g_build_filename(s.dir, "status", NULL);
    char *echo = e2e_app("console_echo"), *printer = e2e_app("printer_a");
    char *run = g_strdup_printf("%s/emu/tools/tockemu --console-split --console-link %s %s %s "
                                "2>/dev/null; echo EXIT=$? > %s",
                                TOCKEMU_BUILD_ROOT, link, printer, echo, status);
    start(&s, "board", run);
    char *link0 = g_strdup_printf("%s.0", link), *link1 = g_strdup_printf("%s.1", link);
    expect_path(link);
    expect_path(link0);
    expect_path(link1);
    char *screen1 = g_strdup_printf("screen %s", link1);
    start(&s, "app1", screen1);
    expect_pane(&s, "app1", "echo ready");
    literal(&s, "app1", "split input");
    keys(&s, "app1", "Enter");
    expect_pane(&s, "app1", "got: 'split input'");
    char *screen0 = g_strdup_printf("screen %s", link0);
    start(&s, "app0", screen0);
    /* Whole lines from column 0: CRLF on the pty, no staircase. */
    expect_pane(&s, "app0", "printer_a says 3\nprinter_a says 4\n");
    char *screen = g_strdup_printf("screen %s", link);
    start(&s, "term", screen);
    expect_pane(&s, "term", "Welcome to the process console.");
    literal(&s, "term", "list");
    keys(&s, "term", "Enter");
    expect_pane(&s, "term", "console_echo");
    char *pane = tmux(&s, "capture-pane", "-p", "-J", "-S", "-200", "-t", "term", NULL);
    ck_assert_msg(strstr(pane, "printer_a says") == NULL && strstr(pane, "got:") == NULL,
                  "app lines on the console pty:\n%s", pane);
    g_free(pane);
    pane = tmux(&s, "capture-pane", "-p", "-J", "-S", "-200", "-t", "app1", NULL);
    ck_assert_msg(strstr(pane, "printer_a") == NULL && strstr(pane, "tock$") == NULL,
                  "other writers on app 1's pty:\n%s", pane);
    g_free(pane);
    keys(&s, "term", "C-t");
    literal(&s, "term", "q");
    expect_file(status, "EXIT=0");
    ck_assert(!g_file_test(link, G_FILE_TEST_EXISTS) && !g_file_test(link0, G_FILE_TEST_EXISTS) &&
              !g_file_test(link1, G_FILE_TEST_EXISTS));
    g_free(screen), g_free(screen0), g_free(screen1), g_free(link0), g_free(link1);
    g_free(run), g_free(echo), g_free(printer), g_free(status), g_free(link);
    session_fini(&s);
}
END_TEST

/* Issue 13 part 2: --attach-cmd starts the terminal program itself (here
 * picocom in a new tmux window, %s the pty's path) and --wait-console holds
 * the board until it has the pty: the run is over at 1 s of virtual time,
 * which passes at once when idle, yet picocom shows the app's line (picocom,
 * not screen: screen clears its window when the pty goes). Without the wait
 * the run would end, pty gone, before picocom could open it. */
START_TEST(attach_cmd_starts_picocom_and_the_board_waits_for_it)
{
    struct session s;
    session_init(&s, "attach");
    char *status = g_build_filename(s.dir, "status", NULL);
    char *hello = e2e_app("hello");
    char *run = g_strdup_printf(
        "tmux -L %s set -g remain-on-exit on; %s/emu/tools/tockemu --wait-console --stop-after 1s "
        "--attach-cmd 'tmux -L %s new-window -d -n term picocom -q %%s' %s 2>/dev/null; "
        "echo EXIT=$? > %s",
        s.socket, TOCKEMU_BUILD_ROOT, s.socket, hello, status);
    start(&s, "board", run);
    expect_file(status, "EXIT=5");
    expect_pane(&s, "term", "Hello, World!");
    g_free(run), g_free(hello), g_free(status);
    session_fini(&s);
}
END_TEST

/* Issue 13 part 2: tockemu on the terminal itself: raw input (a command
 * runs on Enter, byte by byte), typed text shown once, and Ctrl-C ends the
 * run with 130 and gives the shell its terminal back as it was. */
START_TEST(stdio_terminal_echoes_once_and_ctrl_c_ends_the_run)
{
    struct session s;
    session_init(&s, "stdio");
    char *status = g_build_filename(s.dir, "status", NULL);
    char *timer = e2e_app("timer");
    char *run = g_strdup_printf("stty -g > %s.before; %s/emu/tools/tockemu %s; echo EXIT=$? > %s; "
                                "stty -g > %s.after; sleep 5",
                                status, TOCKEMU_BUILD_ROOT, timer, status, status);
    start(&s, "board", run);
    expect_pane(&s, "board", "tock$ ");
    literal(&s, "board", "status");
    keys(&s, "board", "Enter");
    expect_pane(&s, "board", "Timeslice expirations:");
    char *pane = tmux(&s, "capture-pane", "-p", "-J", "-t", "board", NULL);
    ck_assert_msg(strstr(pane, "tock$ status\n") != NULL && strstr(pane, "statusstatus") == NULL &&
                      strstr(pane, "status\nstatus") == NULL,
                  "typed text not shown exactly once:\n%s", pane);
    g_free(pane);
    keys(&s, "board", "C-c");
    expect_file(status, "EXIT=130");
    char *before_path = g_strdup_printf("%s.before", status);
    char *after_path = g_strdup_printf("%s.after", status);
    expect_file(after_path, ":");
    char *before = NULL, *after = NULL;
    ck_assert(g_file_get_contents(before_path, &before, NULL, NULL));
    ck_assert(g_file_get_contents(after_path, &after, NULL, NULL));
    ck_assert_str_eq(before, after);
    g_unlink(before_path);
    g_unlink(after_path);
    g_free(before), g_free(after), g_free(before_path), g_free(after_path);
    g_free(run), g_free(timer), g_free(status);
    session_fini(&s);
}
END_TEST

/* Issue 14 part 3: `screen` opens the pty of the built-in USB host's
 * CDC-ACM port (--usb=pty); with --usb-console the process console and the
 * apps' output are there. */
START_TEST(screen_opens_the_usb_cdc_acm_pty)
{
    struct session s;
    session_init(&s, "usb");
    char *log = g_build_filename(s.dir, "stderr", NULL);
    char *status = g_build_filename(s.dir, "status", NULL);
    char *hello = e2e_app("hello");
    char *run = g_strdup_printf("%s/emu/tools/tockemu --usb=pty --usb-console --process-console "
                                "%s 2>%s; echo EXIT=$? > %s",
                                TOCKEMU_BUILD_ROOT, hello, log, status);
    start(&s, "board", run);
    expect_file(log, "USB CDC-ACM on ");
    char *text = NULL;
    ck_assert(g_file_get_contents(log, &text, NULL, NULL));
    char *path = strstr(text, "USB CDC-ACM on ") + strlen("USB CDC-ACM on ");
    path[strcspn(path, "\n")] = '\0';
    char *screen = g_strdup_printf("screen %s", path);
    start(&s, "term", screen);
    literal(&s, "term", "boot hello");
    keys(&s, "term", "Enter");
    expect_pane(&s, "term", "Hello, World!");
    literal(&s, "term", "quit");
    keys(&s, "term", "Enter");
    expect_file(status, "EXIT=0");
    g_free(screen), g_free(text), g_free(run), g_free(hello), g_free(status), g_free(log);
    session_fini(&s);
}
END_TEST

Suite *e2e_terminal_suite(void)
{
    Suite *s = suite_create("e2e_terminal");
    TCase *tc = tcase_create("terminal");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, screen_types_switches_detaches_and_reattaches);
    tcase_add_loop_test(tc, the_console_works_the_same_on_every_transport, 0, TRANSPORTS);
    tcase_add_test(tc, a_paste_into_screen_reaches_the_app_whole);
    tcase_add_test(tc, split_gives_each_app_its_own_pty);
    tcase_add_test(tc, attach_cmd_starts_picocom_and_the_board_waits_for_it);
    tcase_add_test(tc, stdio_terminal_echoes_once_and_ctrl_c_ends_the_run);
    tcase_add_test(tc, screen_opens_the_usb_cdc_acm_pty);
    suite_add_tcase(s, tc);
    return s;
}
