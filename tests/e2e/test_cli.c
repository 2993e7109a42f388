/* Command-line polish (issue 15 part 6): --version, did-you-mean for a
 * mistyped flag, a hint for an ELF given as an app, a flash-overlap error
 * that says how to fix it, scenario errors that list every action,
 * fractional times everywhere, -v, --help under C.UTF-8, and app
 * processes named after their apps in ps and top. Bad user input is one
 * line on stderr and exit status 2.
 */
#include <check.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"
#include "live_run.h"
#include "pins.h"

START_TEST(version_prints_the_version_and_exits_zero)
{
    struct e2e_result r = e2e_run("--version", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(g_str_has_prefix(r.out, "tockemu ") && strchr(r.out, '.') != NULL, "%s", r.out);
    e2e_result_free(&r);
}
END_TEST

START_TEST(mistyped_flag_gets_the_nearest_one)
{
    struct e2e_result r = e2e_run("--stop-aftr", "1s", "@hello", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "--stop-aftr; did you mean --stop-after?") != NULL, "%s", r.err);
    e2e_result_free(&r);
    r = e2e_run("--completely-unknown", "@hello", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_null(strstr(r.err, "did you mean"));
    e2e_result_free(&r);
}
END_TEST

START_TEST(elf_given_as_an_app_gets_a_tockbin_hint)
{
    char *tbf = e2e_app("hello");
    char *elf = g_strdup_printf("%.*s.elf", (int)(strlen(tbf) - 4), tbf);
    struct e2e_result r = e2e_run(elf, NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "an ELF, not a TBF; wrap it first: tockbin create --elf ") != NULL,
                  "%s", r.err);
    ck_assert_msg(strstr(r.err, " --name hello -o hello.tbf\n") != NULL, "%s", r.err);
    e2e_result_free(&r);
    g_free(elf), g_free(tbf);
}
END_TEST

START_TEST(scenario_error_lists_every_action)
{
    char *path = e2e_temp_file("1ms push 0\n", 11);
    struct e2e_result r = e2e_run("--scenario", path, "@hello", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, ":1: unknown action 'push' (expected press, release, gpio, "
                                "console, sensor, adc, touch or gpio-async)") != NULL,
                  "%s", r.err);
    e2e_result_free(&r);
    unlink(path);
    g_free(path);
}
END_TEST

/* One parser for every time: fractions down to a nanosecond. */
START_TEST(times_may_be_fractional)
{
    static const struct {
        const char *text;
        int rc;
        uint64_t ns;
    } cases[] = {
        {"1.5s", 0, 1500000000},  {"250us", 0, 250000}, {"0.25ms", 0, 250000},
        {"2s", 0, 2000000000},    {"7ns", 0, 7},        {"0.000000001s", 0, 1},
        {"1.0001us", -EINVAL, 0}, {"1.s", -EINVAL, 0},  {".5s", -EINVAL, 0},
        {"1.5ns", -EINVAL, 0},    {"1.5", -EINVAL, 0},  {"18446744073709551615s", -ERANGE, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t ns = 0;
        ck_assert_msg(emu_pins_parse_time(cases[i].text, &ns) == cases[i].rc, "%s", cases[i].text);
        if (cases[i].rc == 0)
            ck_assert_msg(ns == cases[i].ns, "%s", cases[i].text);
    }
    struct e2e_result r = e2e_run("--stop-after", "1.5s", "@timer", NULL);
    ck_assert_int_eq(r.status, 5);
    ck_assert_msg(strstr(r.out, "tick 1 ") != NULL && strstr(r.out, "tick 2 ") == NULL, "%s",
                  r.out);
    e2e_result_free(&r);
    /* --timeslice too; a bare number stays milliseconds. */
    static const struct {
        const char *given, *said;
    } slices[] = {{"250us", "timeslice 0.250 ms"},
                  {"1.5ms", "timeslice 1.500 ms"},
                  {"0.5", "timeslice 0.500 ms"},
                  {"5", "timeslice 5.000 ms"}};
    for (size_t i = 0; i < sizeof slices / sizeof slices[0]; i++) {
        r = e2e_run("-v", "--timeslice", slices[i].given, "@hello", NULL);
        ck_assert_msg(r.status == 0 && strstr(r.err, slices[i].said) != NULL, "%s: %s",
                      slices[i].given, r.err);
        e2e_result_free(&r);
    }
    r = e2e_run("--timeslice", "0.5us", "@hello", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "tockemu: --timeslice: '0.5us' is not a time from 1us to 60s") !=
                      NULL,
                  "%s", r.err);
    e2e_result_free(&r);
}
END_TEST

START_TEST(verbose_says_the_setup_and_the_end)
{
    struct e2e_result r = e2e_run("-v", "@hello", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.err, "tockemu: kernel: timeslice ") != NULL, "%s", r.err);
    ck_assert_msg(strstr(r.err, "tockemu: app 0 'hello': flash 0x") != NULL, "%s", r.err);
    ck_assert_msg(strstr(r.err, "tockemu: run ended at ") != NULL, "%s", r.err);
    e2e_result_free(&r);
}
END_TEST

/* glib converts --help to the locale's character set: under C.UTF-8 every
 * byte must come out as written, no '?' for a character it cannot show. */
START_TEST(help_prints_correctly_under_c_utf8)
{
    setenv("LC_ALL", "C.UTF-8", 1);
    struct e2e_result r = e2e_run("--help", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "(spec section 5.3)"));
    ck_assert_ptr_null(strstr(r.out, " ?5.3"));
    e2e_result_free(&r);
    unsetenv("LC_ALL");
}
END_TEST

/* glib converts a string argument from the locale's character set, which
 * tockemu loads only when an argument needs it: a UTF-8 value under
 * C.UTF-8 reaches its option as written, not "Invalid byte sequence". */
START_TEST(non_ascii_argument_is_read_in_the_user_charset)
{
    setenv("LC_ALL", "C.UTF-8", 1);
    struct e2e_result r = e2e_run("--trace-format", "\xc3\xa9", "@hello", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "--trace-format: '\xc3\xa9' is not text") != NULL, "%s", r.err);
    e2e_result_free(&r);
    unsetenv("LC_ALL");
}
END_TEST

/* A small /proc file of `pid`, NUL bytes turned into spaces and the
 * trailing newline or NUL dropped ("" if it cannot be read). */
static char *proc_text(pid_t pid, const char *file)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
    gchar *text = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &text, &len, NULL))
        return g_strdup("");
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == 0))
        text[--len] = 0;
    for (gsize i = 0; i < len; i++)
        if (text[i] == 0)
            text[i] = ' ';
    return text;
}

/* The child of `parent` whose process name is `name`, or 0. */
static pid_t child_named(pid_t parent, const char *name)
{
    pid_t found = 0;
    GDir *proc = g_dir_open("/proc", 0, NULL);
    for (const char *entry; found == 0 && (entry = g_dir_read_name(proc)) != NULL;) {
        pid_t pid = (pid_t)atoi(entry);
        char *stat = pid > 0 ? proc_text(pid, "stat") : g_strdup("");
        const char *close_paren = strrchr(stat, ')');
        int ppid = 0;
        if (close_paren != NULL && sscanf(close_paren, ") %*c %d", &ppid) == 1 && ppid == parent) {
            char *comm = proc_text(pid, "comm");
            if (strcmp(comm, name) == 0)
                found = pid;
            g_free(comm);
        }
        g_free(stat);
    }
    g_dir_close(proc);
    return found;
}

/* issue 15 part 6: an app's process carries the app's name in ps and top:
 * its process name (ps -o comm, top) and its command line (ps -o args,
 * top -c), not the loader's /proc/self/fd path nor "[name]", which ps
 * shows for an empty command line. */
START_TEST(app_processes_carry_the_app_name_in_ps)
{
    struct live_run run;
    live_run_start(&run, "@console_echo", NULL);
    live_run_expect(&run, "echo ready\n"); /* the app's process is up */
    pid_t app = child_named(run.pid, "console_echo");
    ck_assert_msg(app > 0, "no child process named console_echo");
    char *command_line = proc_text(app, "cmdline");
    ck_assert_str_eq(command_line, "console_echo");
    g_free(command_line);
    live_run_type(&run, "exit\n");
    ck_assert_int_eq(live_run_wait(&run), 0);
    live_run_free(&run);
}
END_TEST

Suite *e2e_cli_suite(void)
{
    Suite *s = suite_create("e2e_cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, version_prints_the_version_and_exits_zero);
    tcase_add_test(tc, mistyped_flag_gets_the_nearest_one);
    tcase_add_test(tc, elf_given_as_an_app_gets_a_tockbin_hint);
    tcase_add_test(tc, scenario_error_lists_every_action);
    tcase_add_test(tc, times_may_be_fractional);
    tcase_add_test(tc, verbose_says_the_setup_and_the_end);
    tcase_add_test(tc, help_prints_correctly_under_c_utf8);
    tcase_add_test(tc, non_ascii_argument_is_read_in_the_user_charset);
    tcase_add_test(tc, app_processes_carry_the_app_name_in_ps);
    suite_add_tcase(s, tc);
    return s;
}
