/* End to end: the process console of a real tockemu run, driven by scripted
 * console input (--scenario lines `TIME console "TEXT"`, --type) and by stdin.
 *
 * Spec §9 (ProcessConsole: commands and exact output), §5 (stop, fault,
 * terminate, boot and the restart count). Every run is on the virtual clock,
 * so its stdout is compared byte for byte with
 * tests/golden/e2e_pconsole_<name>.console (TOCKEMU_UPDATE_GOLDEN=1 rewrites
 * them). The `kernel` map shows the emulator's own addresses, which move with
 * every build and run (ASLR), so that one golden has its numbers masked.
 *
 * Apps: timer (idle until 1 s, then a line a second) keeps a run going, since
 * tockemu ends a run once every app has ended; printer_a prints a line every
 * 100 ms (0 ms ... 400 ms), printer_b every 150 ms.
 */
#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"
#include "golden_file.h"

/* A scenario file holding `text`; unlink and g_free the path. */
static char *scenario_file(const char *text)
{
    char *path = NULL;
    int fd = g_file_open_tmp("tockemu-scenario-XXXXXX.txt", &path, NULL);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* Run the process console with the scenario `text` over `app` (and `app2`
 * unless NULL) until `stop_after` of virtual time. */
static struct e2e_result run_scenario(const char *text, const char *stop_after, const char *app,
                                      const char *app2)
{
    char *path = scenario_file(text);
    struct e2e_result r = e2e_run("--process-console", "--scenario", path, "--stop-after",
                                  stop_after, app, app2, NULL);
    unlink(path);
    g_free(path);
    return r;
}

/* Occurrences of `needle` in `text`: app lines may follow a prompt. */
static int count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *at = strstr(text, needle); at != NULL; at = strstr(at + 1, needle))
        n++;
    return n;
}

static void assert_console_golden(const struct e2e_result *r, const char *name)
{
    char *golden = g_strdup_printf("e2e_pconsole_%s", name);
    golden_assert(golden, r->out, strlen(r->out));
    g_free(golden);
}

/* The numbers in the memory maps of `kernel` and `process` (lines with box
 * drawing): the emulator's own addresses move with every build and run
 * (ASLR), and an app's sizes with every change to libtock-host. */
static char *mask_map_numbers(const char *text)
{
    GRegex *numbers = g_regex_new(" *0x[0-9A-F?]+| *[0-9?]+", 0, 0, NULL);
    gchar **lines = g_strsplit(text, "\n", -1);
    for (gchar **l = lines; *l != NULL; l++) {
        if (strstr(*l, "\u2502") == NULL && strstr(*l, "\u253c") == NULL &&
            strstr(*l, "\u252c") == NULL && strstr(*l, "\u2534") == NULL &&
            strstr(*l, "\u255a") == NULL)
            continue;
        char *masked = g_regex_replace_literal(numbers, *l, -1, 0, " #", 0, NULL);
        g_free(*l);
        *l = masked;
    }
    char *joined = g_strjoinv("\n", lines);
    g_strfreev(lines);
    g_regex_unref(numbers);
    return joined;
}

/* ---- one golden per command ------------------------------------------- */

enum { STOPPED = 5, APP_FAILED = 1, PANICKED = 3 }; /* tockemu exit statuses */

static const struct command_case {
    const char *name; /* also the golden's */
    const char *scenario;
    const char *app, *app2;
    int status;
    bool map; /* prints a memory map: compare with its numbers masked */
} command_cases[] = {
    {"help", "100ms console \"help\\n\"", "@timer", NULL, STOPPED, false},
    {"status", "100ms console \"status\\n\"", "@timer", NULL, STOPPED, false},
    {"list", "100ms console \"list\\n\"", "@timer", "@printer_b", STOPPED, false},
    {"process", "100ms console \"process timer\\n\"", "@timer", NULL, STOPPED, true},
    /* spec §9.2: stop prints, the app stops (no tick at 1 s) and lists as
     * Stopped(...). */
    {"stop", "100ms console \"stop timer\\n\"\n200ms console \"list\\n\"", "@timer", NULL, STOPPED,
     false},
    /* start resumes: the tick at 1 s comes. */
    {"start",
     "100ms console \"stop timer\\n\"\n200ms console \"start timer\\n\"\n"
     "300ms console \"list\\n\"",
     "@timer", NULL, STOPPED, false},
    /* Under the default stop policy: Faulted, grants 0, exit status 1. */
    {"fault", "150ms console \"fault printer_a\\n\"\n200ms console \"list\\n\"", "@timer",
     "@printer_a", APP_FAILED, false},
    /* spec §5.4: a console terminate records "Faulted" as completion. */
    {"terminate",
     "150ms console \"terminate printer_a\\n\"\n200ms console \"process printer_a\\n\"", "@timer",
     "@printer_a", APP_FAILED, true},
    /* boot acts only on a Terminated process: here nothing happens. */
    {"boot", "150ms console \"boot printer_a\\n\"\n200ms console \"list\\n\"", "@timer",
     "@printer_a", STOPPED, false},
    {"reset", "100ms console \"reset\\n\"", "@timer", NULL, STOPPED, false},
    {"panic", "100ms console \"panic\\n\"", "@timer", NULL, PANICKED, false},
    /* Hibernating: the echo goes on, commands are ignored, no prompt. */
    {"console_stop", "100ms console \"console-stop\\n\"\n200ms console \"list\\n\"", "@timer", NULL,
     STOPPED, false},
    {"console_start",
     "100ms console \"console-stop\\n\"\n200ms console \"help\\n\"\n"
     "300ms console \"console-start\\n\"\n400ms console \"status\\n\"",
     "@timer", NULL, STOPPED, false},
    /* Lines that match no command, and empty ones (spec §9.1). */
    {"invalid", "100ms console \"frobnicate\\n\\n   \\n\"", "@timer", NULL, STOPPED, false},
};

START_TEST(e2e_pconsole_command_output)
{
    /* spec §9.2: each command's exact output through a real run. */
    const struct command_case *c = &command_cases[_i];
    struct e2e_result r = run_scenario(c->scenario, "1500ms", c->app, c->app2);
    ck_assert_msg(r.status == c->status, "%s: exit status %d, stderr: %s", c->name, r.status,
                  r.err);
    char *out = c->map ? mask_map_numbers(r.out) : g_strdup(r.out);
    char *golden = g_strdup_printf("e2e_pconsole_%s", c->name);
    golden_assert(golden, out, strlen(out));
    g_free(golden);
    g_free(out);
    e2e_result_free(&r);
}
END_TEST

START_TEST(e2e_pconsole_kernel_map_frame)
{
    /* spec §9.2: `kernel` prints the version and the memory map boxes; the
     * emulator's numbers differ per build and run, the frame does not. */
    struct e2e_result r = run_scenario("100ms console \"kernel\\n\"", "500ms", "@timer", NULL);
    ck_assert_int_eq(r.status, STOPPED);
    char *masked = mask_map_numbers(r.out);
    golden_assert("e2e_pconsole_kernel", masked, strlen(masked));
    ck_assert_ptr_nonnull(strstr(r.out, "Kernel version: 2.3 (build "));
    g_free(masked);
    e2e_result_free(&r);
}
END_TEST

/* Tock's ProcessPrinterText::print_overview (capsules/system/src/
 * process_printer.rs @65608d71) for a process whose addresses are all
 * known, in its own format strings: {:#010X} an address (0x and 8
 * upper-case digits), {:6} a number right-aligned in 6 columns, {:6}{} that
 * and the EXCEEDED check (10 spaces or " EXCEEDED!"), {:?} and {} any text
 * up to the line end. Every line ends CR LF. */
static const char process_box_format[] =
    "𝐀𝐩𝐩: {}   -   [{:?}]\r\n"
    " Events Queued: {}   Syscall Count: {}   Dropped Upcall Count: {}\r\n"
    " Restart Count: {}\r\n"
    " Last Syscall: {:?}\r\n"
    " Completion Code: None\r\n"
    "\r\n"
    "\r\n"
    " ╔═══════════╤══════════════════════════════════════════╗\r\n"
    " ║  Address  │ Region Name    Used | Allocated (bytes)  ║\r\n"
    " ╚{:#010X}═╪══════════════════════════════════════════╝\r\n"
    "             │ Grant Ptrs   {:6}\r\n"
    "             │ Upcalls      {:6}\r\n"
    "             │ Process      {:6}\r\n"
    "  {:#010X} ┼───────────────────────────────────────────\r\n"
    "             │ ▼ Grant      {:6}\r\n"
    "  {:#010X} ┼───────────────────────────────────────────\r\n"
    "             │ Unused\r\n"
    "  {:#010X} ┼───────────────────────────────────────────\r\n"
    "             │ ▲ Heap       {:6} | {:6}{}     S\r\n"
    "  {:#010X} ┼─────────────────────────────────────────── R\r\n"
    "             │ Data         {:6} | {:6}               A\r\n"
    "  {:#010X} ┼─────────────────────────────────────────── M\r\n"
    "             │ ▼ Stack      {:6} | {:6}{}\r\n"
    "  {:#010X} ┼───────────────────────────────────────────\r\n"
    "             │ Unused\r\n"
    "  {:#010X} ┴───────────────────────────────────────────\r\n"
    "             .....\r\n"
    "  {:#010X} ┬─────────────────────────────────────────── F\r\n"
    "             │ App Flash    {:6}                        L\r\n"
    "  {:#010X} ┼─────────────────────────────────────────── A\r\n"
    "             │ Protected    {:6}                        S\r\n"
    "  {:#010X} ┴─────────────────────────────────────────── H\r\n";

/* `format` as a regular expression: the text literally, each placeholder
 * as the characters it prints. */
static GRegex *format_regex(const char *format)
{
    static const struct {
        const char *placeholder, *pattern;
    } fields[] = {
        {"{:#010X}", "0x[0-9A-F]{8}"}, {"{:6}{}", "[ 0-9]{6}(?:          | EXCEEDED!)"},
        {"{:6}", "[ 0-9]{6}"},         {"{:?}", "[^\\r\\n]+"},
        {"{}", "[^\\r\\n]*"},
    };
    GString *pattern = g_string_new(NULL);
    const char *at = format;
    while (*at != '\0') {
        const char *brace = strchr(at, '{');
        const char *end = brace != NULL ? brace : at + strlen(at);
        char *literal = g_regex_escape_string(at, (gint)(end - at));
        g_string_append(pattern, literal);
        g_free(literal);
        at = end;
        for (size_t i = 0; brace != NULL && i < sizeof fields / sizeof fields[0]; i++)
            if (strncmp(at, fields[i].placeholder, strlen(fields[i].placeholder)) == 0) {
                g_string_append(pattern, fields[i].pattern);
                at += strlen(fields[i].placeholder);
                break;
            }
        ck_assert_msg(at != brace, "unknown placeholder at %s", at);
    }
    GRegex *regex = g_regex_new(pattern->str, 0, 0, NULL);
    ck_assert_ptr_nonnull(regex);
    g_string_free(pattern, TRUE);
    return regex;
}

START_TEST(e2e_pconsole_process_box_has_tocks_exact_columns)
{
    /* spec §9.2 `process NAME`: Tock's process printer, every line, every
     * column, the stack, heap and data rows filled in (the golden masks the
     * numbers; this checks where they stand). */
    struct e2e_result r =
        run_scenario("100ms console \"process timer\\n\"", "500ms", "@timer", NULL);
    ck_assert_int_eq(r.status, STOPPED);
    GRegex *box = format_regex(process_box_format);
    const char *start = strstr(r.out, "𝐀𝐩𝐩: timer");
    ck_assert_ptr_nonnull(start);
    GMatchInfo *match = NULL;
    ck_assert_msg(g_regex_match(box, start, G_REGEX_MATCH_ANCHORED, &match),
                  "not Tock's layout:\n%s", start);
    g_match_info_free(match);
    g_regex_unref(box);
    e2e_result_free(&r);
}
END_TEST

START_TEST(e2e_pconsole_started_hibernated_wakes_on_console_start)
{
    /* spec §9 (Tock ProcessConsole::start_hibernated): started hibernated,
     * the console prints no welcome and no prompt and runs no command, but
     * echoes what it reads; console-start wakes it with a prompt. */
    char *path = scenario_file("100ms console \"help\\n\"\n200ms console \"console-start\\n\"\n"
                               "300ms console \"status\\n\"");
    struct e2e_result r = e2e_run("--process-console-hibernated", "--scenario", path,
                                  "--stop-after", "1500ms", "@timer", NULL);
    ck_assert_int_eq(r.status, STOPPED);
    ck_assert_str_eq(r.out, "help\r\nconsole-start\r\ntock$ status\r\nTotal processes: 1\r\n"
                            "Active processes: 1\r\nTimeslice expirations: 0\r\n"
                            "tock$ tick 1 at 1.000 s\n");
    unlink(path);
    g_free(path);
    e2e_result_free(&r);
}
END_TEST

/* ---- stories ---------------------------------------------------------- */

START_TEST(e2e_pconsole_stop_then_start_delays_lines)
{
    /* spec §5.1: stop() at 150 ms holds printer_a (it printed 0 and 1);
     * start at 400 ms resumes it and lines 2 to 4 come after "resumed". */
    struct e2e_result r =
        run_scenario("150ms console \"stop printer_a\\n\"\n400ms console \"start printer_a\\n\"",
                     "2s", "@printer_a", NULL);
    ck_assert_int_eq(r.status, 0);
    assert_console_golden(&r, "stop_then_start");
    const char *stopped = strstr(r.out, "Process printer_a stopped\r\n");
    const char *resumed = strstr(r.out, "Process printer_a resumed.\r\n");
    ck_assert_ptr_nonnull(stopped);
    ck_assert_ptr_nonnull(resumed);
    ck_assert(strstr(r.out, "printer_a says 1\n") < stopped);
    ck_assert(strstr(r.out, "printer_a says 2\n") > resumed);
    ck_assert_int_eq(count(r.out, "printer_a says 4\n"), 1);
    e2e_result_free(&r);
}
END_TEST

START_TEST(e2e_pconsole_terminate_then_boot_runs_again)
{
    /* spec §5.1: start() from Terminated resets the process: it runs from
     * the start again (line 0 twice) with restart count 1. */
    struct e2e_result r = run_scenario("150ms console \"terminate printer_a\\n\"\n"
                                       "300ms console \"boot printer_a\\n\"\n"
                                       "1200ms console \"list\\n\"",
                                       "1500ms", "@timer", "@printer_a");
    assert_console_golden(&r, "terminate_then_boot");
    ck_assert_int_eq(count(r.out, "printer_a says 0\n"), 2);
    ck_assert_int_eq(count(r.out, "printer_a says 4\n"), 1);
    /* Its list row: quanta, syscalls, then Restarts 1. */
    ck_assert(g_regex_match_simple("printer_a +[0-9]+ +[0-9]+ +1 +[ 0-9]+/[ 0-9]+ +Terminated",
                                   r.out, 0, 0));
    e2e_result_free(&r);
}
END_TEST

START_TEST(e2e_pconsole_boot_after_every_app_ended)
{
    /* kernel.h keep_running: with the only app terminated the run goes on
     * while scripted console input is still to come, so `boot` brings the
     * app back; once the script is done and every app has ended, it ends. */
    struct e2e_result r = run_scenario("150ms console \"terminate printer_a\\n\"\n"
                                       "300ms console \"boot printer_a\\n\"\n"
                                       "900ms console \"list\\n\"",
                                       "5s", "@printer_a", NULL);
    ck_assert_msg(r.status == 0, "exit status %d, stderr: %s", r.status, r.err);
    ck_assert_int_eq(count(r.out, "printer_a says 0\n"), 2);
    ck_assert_int_eq(count(r.out, "printer_a says 4\n"), 1);
    ck_assert(g_regex_match_simple("printer_a +[0-9]+ +[0-9]+ +1 +[ 0-9]+/[ 0-9]+ +Terminated",
                                   r.out, 0, 0));
    ck_assert_ptr_null(strstr(r.err, "stopped at"));
    e2e_result_free(&r);
}
END_TEST

START_TEST(e2e_pconsole_prefix_matching_and_editing_on_stdin)
{
    /* spec §9.1 over the real stdin path (a file, so all bytes come at
     * once): prefixes match ("helpme", "resetting"), a prefix of a command
     * does not ("hel"), BS and ESC [ C/D edit, CR LF is one Enter. (DEL's
     * echo carries the line's NUL, which a C-string stdout cannot hold; the
     * capsule tests cover it.) The console is asked for explicitly: stdin is
     * not a terminal. */
    static const char typed[] = "helpme\r\nhel\nhxlp\b\b\b"
                                "elp\nhp\x1b[Del\x1b[C\n"
                                "resetting\n";
    char *input = e2e_temp_file(typed, sizeof typed - 1);
    struct e2e_result r =
        e2e_run_stdin(input, "--process-console", "--stop-after", "500ms", "@timer", NULL);
    ck_assert_int_eq(r.status, STOPPED);
    assert_console_golden(&r, "prefix_and_editing_on_stdin");
    unlink(input);
    g_free(input);
    e2e_result_free(&r);
}
END_TEST

START_TEST(e2e_pconsole_burst_on_stdin_runs_each_line)
{
    /* The regression behind the type-ahead buffer: "list\nstatus\n" from a
     * file ran as one garbled line. Each line now runs whole, in order. */
    static const char typed[] = "help\nstatus\nlist\n";
    char *input = e2e_temp_file(typed, sizeof typed - 1);
    struct e2e_result r =
        e2e_run_stdin(input, "--process-console", "--stop-after", "500ms", "@timer", NULL);
    ck_assert_int_eq(r.status, STOPPED);
    const char *help = strstr(r.out, "tock$ help\r\nWelcome");
    const char *status = strstr(r.out, "tock$ status\r\nTotal processes: 1\r\n");
    const char *list = strstr(r.out, "tock$ list\r\n PID    ShortID");
    ck_assert_msg(help != NULL && status > help && list > status, "got:\n%s", r.out);
    ck_assert_ptr_nonnull(strstr(r.out, " timer  "));
    unlink(input);
    g_free(input);
    e2e_result_free(&r);
}
END_TEST

START_TEST(e2e_pconsole_long_script_on_stdin_loses_nothing)
{
    /* A script longer than the type-ahead buffer, all on stdin at once:
     * every line runs, in order, none is lost or merged. */
    GString *typed = g_string_new(NULL);
    for (int i = 0; i < 400; i++)
        g_string_append(typed, "status\n");
    char *input = e2e_temp_file(typed->str, typed->len);
    struct e2e_result r =
        e2e_run_stdin(input, "--process-console", "--stop-after", "500ms", "@timer", NULL);
    ck_assert_int_eq(r.status, STOPPED);
    ck_assert_int_eq(count(r.out, "tock$ status\r\nTotal processes: 1\r\n"), 400);
    unlink(input);
    g_free(input);
    g_string_free(typed, TRUE);
    e2e_result_free(&r);
}
END_TEST

START_TEST(e2e_pconsole_app_and_console_lines_stay_whole)
{
    /* Two apps print while the console prints a list and a status: every
     * app line and every console line comes out whole (the console capsule
     * sends one process's write at a time, the process console one piece
     * at a time, through one UART mux). */
    struct e2e_result r = run_scenario(
        "150ms console \"list\\n\"\n250ms console \"status\\n\"\n300ms console \"help\\n\"", "2s",
        "@printer_a", "@printer_b");
    ck_assert_int_eq(r.status, 0);
    assert_console_golden(&r, "interleaving");
    for (int i = 0; i < 5; i++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "printer_a says %d\n", i);
        snprintf(b, sizeof b, "printer_b says %d\n", i);
        ck_assert_ptr_nonnull(strstr(r.out, a));
        ck_assert_ptr_nonnull(strstr(r.out, b));
    }
    ck_assert_ptr_nonnull(strstr(r.out, "Total processes: 2\r\nActive processes: "));
    e2e_result_free(&r);
}
END_TEST

START_TEST(e2e_pconsole_off_when_stdin_is_not_a_terminal)
{
    /* tockemu --help: the process console is on by default only when stdin
     * is a terminal. Typed text then reaches no console: nothing answers. */
    struct e2e_result r =
        e2e_run("--type", "help\\n@100ms", "--stop-after", "1500ms", "@timer", NULL);
    ck_assert_int_eq(r.status, STOPPED);
    ck_assert_str_eq(r.out, "tick 1 at 1.000 s\n");
    e2e_result_free(&r);

    char *input = e2e_temp_file("help\n", 5);
    r = e2e_run_stdin(input, "--stop-after", "1500ms", "@timer", NULL);
    ck_assert_int_eq(r.status, STOPPED);
    ck_assert_str_eq(r.out, "tick 1 at 1.000 s\n");
    unlink(input);
    g_free(input);
    e2e_result_free(&r);
}
END_TEST

START_TEST(e2e_pconsole_type_option_equals_scenario_line)
{
    /* --type TEXT@TIME and the scenario line TIME console "TEXT" type the
     * same bytes at the same virtual time. */
    struct e2e_result typed = e2e_run("--process-console", "--type", "sta\\x74us\\r@100ms",
                                      "--stop-after", "500ms", "@timer", NULL);
    struct e2e_result scripted =
        run_scenario("100ms console \"sta\\x74us\\r\"", "500ms", "@timer", NULL);
    ck_assert_int_eq(typed.status, STOPPED);
    ck_assert_str_eq(typed.out, scripted.out);
    ck_assert_ptr_nonnull(strstr(typed.out, "tock$ status\r\nTotal processes: 1\r\n"));
    e2e_result_free(&typed);
    e2e_result_free(&scripted);
}
END_TEST

START_TEST(e2e_pconsole_recorded_inputs_replay_the_run)
{
    /* architecture.md, Time: outside inputs enter through one place, so a
     * run can be recorded and replayed. --record-inputs writes stdin bytes,
     * scripted text and button inputs as scenario lines at their virtual
     * times; --scenario with that file alone gives the same output. */
    static const char typed[] = "help\nsta\x1b[Dtus\n# not a comment\n";
    char *input = e2e_temp_file(typed, sizeof typed - 1);
    char *record = e2e_temp_file("", 0);
    struct e2e_result first =
        e2e_run_stdin(input, "--process-console", "--record-inputs", record, "--press", "0@100ms",
                      "--type", "list\\n@200ms", "--stop-after", "500ms", "@timer", NULL);
    ck_assert_int_eq(first.status, STOPPED);
    size_t len;
    char *recorded = e2e_read_file(record, &len);
    ck_assert_str_eq(recorded, "0ns console \"help\\nsta\\e[Dtus\\n\\x23 not a comment\\n\"\n"
                               "100000000ns press 0\n"
                               "150000000ns release 0\n"
                               "200000000ns console \"list\\n\"\n");
    struct e2e_result replay =
        e2e_run("--process-console", "--scenario", record, "--stop-after", "500ms", "@timer", NULL);
    ck_assert_int_eq(replay.status, STOPPED);
    ck_assert_str_eq(replay.out, first.out);
    ck_assert_ptr_nonnull(strstr(first.out, "tock$ list\r\n PID"));
    g_free(recorded);
    unlink(input);
    unlink(record);
    g_free(input);
    g_free(record);
    e2e_result_free(&first);
    e2e_result_free(&replay);
}
END_TEST

static const struct {
    const char *scenario, *message;
} bad_console_lines[] = {
    {"100ms console list", ":1: expected 'TIME console \"TEXT\"'"},
    {"100ms console \"list", ":1: expected 'TIME console \"TEXT\"'"},
    {"100ms console \"\"", ":1: empty console text"},
    {"# typed\n100ms console \"a\\qb\"", ":2: bad escape '\\q'"},
};

START_TEST(e2e_pconsole_bad_console_lines_are_named)
{
    /* Style §3: a bad input names the file, the line and the expectation. */
    struct e2e_result r = run_scenario(bad_console_lines[_i].scenario, "1s", "@timer", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, bad_console_lines[_i].message) != NULL, "stderr: %s", r.err);
    e2e_result_free(&r);
}
END_TEST

START_TEST(e2e_pconsole_bad_type_is_named)
{
    struct e2e_result r = e2e_run("--type", "help", "@timer", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "--type help: expected TEXT@TIME"));
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_process_console_suite(void)
{
    Suite *s = suite_create("e2e_process_console");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, e2e_pconsole_command_output, 0,
                        sizeof command_cases / sizeof command_cases[0]);
    tcase_add_test(tc, e2e_pconsole_kernel_map_frame);
    tcase_add_test(tc, e2e_pconsole_started_hibernated_wakes_on_console_start);
    tcase_add_test(tc, e2e_pconsole_process_box_has_tocks_exact_columns);
    tcase_add_test(tc, e2e_pconsole_stop_then_start_delays_lines);
    tcase_add_test(tc, e2e_pconsole_terminate_then_boot_runs_again);
    tcase_add_test(tc, e2e_pconsole_boot_after_every_app_ended);
    tcase_add_test(tc, e2e_pconsole_prefix_matching_and_editing_on_stdin);
    tcase_add_test(tc, e2e_pconsole_burst_on_stdin_runs_each_line);
    tcase_add_test(tc, e2e_pconsole_long_script_on_stdin_loses_nothing);
    tcase_add_test(tc, e2e_pconsole_app_and_console_lines_stay_whole);
    tcase_add_test(tc, e2e_pconsole_off_when_stdin_is_not_a_terminal);
    tcase_add_test(tc, e2e_pconsole_type_option_equals_scenario_line);
    tcase_add_test(tc, e2e_pconsole_recorded_inputs_replay_the_run);
    tcase_add_loop_test(tc, e2e_pconsole_bad_console_lines_are_named, 0,
                        sizeof bad_console_lines / sizeof bad_console_lines[0]);
    tcase_add_test(tc, e2e_pconsole_bad_type_is_named);
    suite_add_tcase(s, tc);
    return s;
}
