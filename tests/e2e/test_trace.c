/* The trace (docs/trace.md): times with units, one radix per kind of field,
 * process start, stop and restart said as such, console and pin I/O in it,
 * and the JSON-lines and Chrome trace-event forms, checked by
 * tests/e2e/trace_event_check.py against the trace-event format's rules.
 */
#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"
#include "kernel.h"
#include "trace.h"

static const char checker[] = TOCKEMU_SOURCE_ROOT "/tests/e2e/trace_event_check.py";

/* Run the checker on `path`; its exit status, its complaints in *out. */
static int run_checker(const char *mode, const char *path, char **out)
{
    const char *argv[] = {"python3", checker, mode != NULL ? mode : path,
                          mode != NULL ? path : NULL, NULL};
    int status = 0;
    GError *err = NULL;
    ck_assert_msg(g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
                               NULL, &status, &err),
                  "cannot run python3: %s", err != NULL ? err->message : "?");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Run tockemu with a trace of `format` over the inputs run (lth_inputs:
 * console bytes, a press, a GPIO edge; two more apps); the trace text. */
static char *traced_run(const char *format, char **path_out)
{
    char *trace = e2e_temp_file("", 0);
    char *input = e2e_temp_file("abcd", 4);
    char *scenario = e2e_temp_file("5ms press 0\n8ms gpio 1 high\n", 28);
    struct e2e_result r =
        e2e_run_stdin(input, "--trace", trace, "--trace-format", format, "--scenario", scenario,
                      "@hello", "@lth_inputs", "@restart", NULL);
    /* restart ends with completion code 5 after its restarts: status 1. */
    ck_assert_msg(r.status == 1, "tockemu failed (%d): %s", r.status, r.err);
    size_t len = 0;
    char *text = e2e_read_file(trace, &len);
    e2e_result_free(&r);
    unlink(input), unlink(scenario);
    g_free(input), g_free(scenario);
    *path_out = trace;
    return text;
}

static void remove_trace(char *path)
{
    unlink(path);
    g_free(path);
}

/* docs/trace.md "Text": every line starts with a time in seconds with nine
 * decimals and its unit, and times never go back. */
START_TEST(text_times_carry_their_unit_and_never_go_back)
{
    char *path;
    char *text = traced_run("text", &path);
    gchar **lines = g_strsplit(text, "\n", -1);
    double last = 0;
    for (gchar **l = lines; *l != NULL && **l != 0; l++) {
        unsigned long long s, ns;
        int used = 0;
        ck_assert_msg(sscanf(*l, "%llu.%9llus %n", &s, &ns, &used) == 2 && used > 12 &&
                          (*l)[used - 2] == 's',
                      "no time with unit: %s", *l);
        double t = (double)s + (double)ns / 1e9;
        ck_assert_msg(t >= last, "time goes back: %s", *l);
        last = t;
    }
    g_strfreev(lines);
    g_free(text);
    remove_trace(path);
}
END_TEST

/* docs/trace.md "Numbers": memop's argument is a register value, so hex, as
 * every other argument; memop's operation and the command number are
 * decimal; upcall arguments are hex. */
START_TEST(text_register_values_are_hex_and_numbers_inside_a_driver_decimal)
{
    char *path;
    char *text = traced_run("text", &path);
    ck_assert_ptr_nonnull(strstr(text, " 1:lth_inputs syscall memop(0, 0x"));
    ck_assert_ptr_nonnull(strstr(text, " 1:lth_inputs syscall memop(10, 0x"));
    ck_assert_ptr_nonnull(strstr(text, " 0:hello syscall command(0x1, 1, 0xe, 0x0) -> SUCCESS\n"));
    ck_assert_ptr_nonnull(strstr(text, " 0:hello upcall driver 0x1 sub 1 (0xe, 0x0, 0x0)"));
    ck_assert_ptr_null(strstr(text, "memop(0x"));
    g_free(text);
    remove_trace(path);
}
END_TEST

/* docs/trace.md "Kinds": a start is `start`, not an alarm upcall; an
 * exit-restart is `terminate` then `restart`. */
START_TEST(text_labels_start_terminate_and_restart)
{
    char *path;
    char *text = traced_run("text", &path);
    ck_assert_ptr_nonnull(strstr(text, " 0:hello start pc 0x"));
    ck_assert_ptr_nonnull(strstr(text, " 2:restart start pc 0x"));
    ck_assert_ptr_nonnull(strstr(text, " 2:restart terminate Running -> Terminated\n"));
    ck_assert_ptr_nonnull(strstr(text, " 2:restart restart pc 0x"));
    ck_assert_ptr_null(strstr(text, "upcall driver 0x0 sub 0 (0x4"));
    g_free(text);
    remove_trace(path);
}
END_TEST

/* docs/trace.md "Kinds": stop and resume, which only the process console
 * and ProcessInfo cause, are labelled (checked on the formatter). */
START_TEST(text_labels_stop_and_resume)
{
    struct tk_process p = {.slot = 3, .name = "app", .stopped_from = TK_STATE_YIELDED};
    struct tk_event ev = {.kind = TK_EV_STATE, .time_ns = 1500000000, .process = &p};
    char line[200];
    p.state = TK_STATE_STOPPED;
    ev.old_state = TK_STATE_YIELDED;
    ev.new_state = TK_STATE_STOPPED;
    emu_event_format(&ev, line, sizeof line);
    ck_assert_str_eq(line, "1.500000000s 3:app stop Yielded -> Stopped(Yielded)");
    ev.old_state = TK_STATE_STOPPED;
    ev.new_state = TK_STATE_YIELDED;
    emu_event_format(&ev, line, sizeof line);
    ck_assert_str_eq(line, "1.500000000s 3:app resume Stopped(Yielded) -> Yielded");
}
END_TEST

/* docs/trace.md: console bytes in and out and pin inputs are events. */
START_TEST(text_has_console_and_pin_io)
{
    char *path;
    char *text = traced_run("text", &path);
    ck_assert_ptr_nonnull(strstr(text, "0.000000000s uart console-rx \"abcd\"\n"));
    ck_assert_ptr_nonnull(strstr(text, " uart console-tx \"Hello, World!\\n\"\n"));
    ck_assert_ptr_nonnull(strstr(text, "0.005000000s pins button 0 pressed\n"));
    ck_assert_ptr_nonnull(strstr(text, "0.008000000s pins gpio 1 input high\n"));
    g_free(text);
    remove_trace(path);
}
END_TEST

/* docs/trace.md "JSON lines": one object per line, numbered, timed, and
 * the same events as the text form. */
START_TEST(jsonl_is_one_numbered_object_per_text_line)
{
    char *path, *out = NULL;
    char *jsonl = traced_run("jsonl", &path);
    ck_assert_msg(run_checker("--jsonl", path, &out) == 0, "%s", out);
    char *text_path;
    char *text = traced_run("text", &text_path);
    gchar **a = g_strsplit(jsonl, "\n", -1), **b = g_strsplit(text, "\n", -1);
    ck_assert_uint_eq(g_strv_length(a), g_strv_length(b));
    ck_assert_ptr_nonnull(strstr(jsonl, "\"kind\":\"console-rx\",\"bytes\":\"abcd\"}"));
    g_strfreev(a), g_strfreev(b);
    g_free(out), g_free(jsonl), g_free(text);
    remove_trace(path), remove_trace(text_path);
}
END_TEST

/* docs/trace.md "Chrome": the export passes the trace-event format's rules,
 * with a track per process, syscall slices and upcall flows. */
START_TEST(chrome_export_is_valid_trace_event_json)
{
    char *path, *out = NULL;
    char *json = traced_run("chrome", &path);
    ck_assert_msg(run_checker(NULL, path, &out) == 0, "%s", out);
    const char *tracks[] = {"{\"name\":\"1:lth_inputs\"}", "{\"name\":\"0:hello\"}",
                            "{\"name\":\"2:restart\"}"};
    for (size_t i = 0; i < 3; i++)
        ck_assert_msg(strstr(json, tracks[i]) != NULL, "no track %s", tracks[i]);
    ck_assert_ptr_nonnull(strstr(json, "\"ph\":\"X\",\"pid\":2,\"tid\":2"));
    ck_assert_ptr_nonnull(strstr(json, "\"name\":\"command\",\"cat\":\"syscall\""));
    ck_assert_ptr_nonnull(strstr(json, "\"ph\":\"B\",\"pid\":1"));
    ck_assert_ptr_nonnull(strstr(json, "\"ph\":\"s\",\"pid\":0,\"tid\":0"));
    ck_assert_ptr_nonnull(strstr(json, "\"ph\":\"f\",\"pid\":1,\"tid\":1"));
    g_free(out), g_free(json);
    remove_trace(path);
}
END_TEST

/* The checker itself rejects what the format forbids, so the test above
 * can fail: a slice without dur, an unmatched end, a flow with no start. */
START_TEST(trace_event_checker_rejects_broken_files)
{
    static const char *const broken[] = {
        "{\"traceEvents\":[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"name\":\"a\"}]}",
        "{\"traceEvents\":[{\"ph\":\"E\",\"pid\":1,\"tid\":1,\"ts\":0}]}",
        "{\"traceEvents\":[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":0,\"name\":\"a\"},"
        "{\"ph\":\"f\",\"pid\":1,\"tid\":1,\"ts\":0,\"id\":7,\"name\":\"u\",\"cat\":\"u\"}]}",
        "{\"traceEvents\":[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":5,\"name\":\"a\"},"
        "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":3,\"dur\":5,\"name\":\"b\"}]}",
        "{\"traceEvents\":[{\"ph\":\"i\",\"pid\":\"1\",\"tid\":1,\"ts\":0,\"name\":\"a\"}]}",
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        char *path = e2e_temp_file(broken[i], strlen(broken[i])), *out = NULL;
        ck_assert_msg(run_checker(NULL, path, &out) == 1, "accepted: %s", broken[i]);
        g_free(out);
        remove_trace(path);
    }
}
END_TEST

Suite *e2e_trace_suite(void)
{
    Suite *s = suite_create("e2e_trace");
    TCase *tc = tcase_create("trace");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, text_times_carry_their_unit_and_never_go_back);
    tcase_add_test(tc, text_register_values_are_hex_and_numbers_inside_a_driver_decimal);
    tcase_add_test(tc, text_labels_start_terminate_and_restart);
    tcase_add_test(tc, text_labels_stop_and_resume);
    tcase_add_test(tc, text_has_console_and_pin_io);
    tcase_add_test(tc, jsonl_is_one_numbered_object_per_text_line);
    tcase_add_test(tc, chrome_export_is_valid_trace_event_json);
    tcase_add_test(tc, trace_event_checker_rejects_broken_files);
    suite_add_tcase(s, tc);
    return s;
}
