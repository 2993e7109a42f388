/* Record and replay (issue 15 part 3; docs/trace.md "Record and replay"):
 * a record keeps every outside input at its exact virtual time, in order,
 * and the seed; a replay re-runs it and compares the trace event by event,
 * stopping at the first divergent event (exit status 7); --stop-at stops
 * at an event number or a virtual time.
 */
#include <check.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"

/* A recorded multi-app run under --rt: console input from stdin, a press,
 * a GPIO edge; its record and its trace. */
struct recorded {
    char *record, *trace, *trace_text;
};

static struct recorded record_run(void)
{
    struct recorded rec = {e2e_temp_file("", 0), e2e_temp_file("", 0), NULL};
    char *input = e2e_temp_file("abcd", 4);
    char *scenario = e2e_temp_file("8ms gpio 1 high\n", 16);
    struct e2e_result r =
        e2e_run_stdin(input, "--rt", "--record", rec.record, "--trace", rec.trace, "--press",
                      "0@5ms", "--scenario", scenario, "@hello", "@lth_inputs", NULL);
    ck_assert_msg(r.status == 0, "recording failed (%d): %s", r.status, r.err);
    size_t len;
    rec.trace_text = e2e_read_file(rec.trace, &len);
    e2e_result_free(&r);
    unlink(input), unlink(scenario);
    g_free(input), g_free(scenario);
    return rec;
}

static void recorded_free(struct recorded *rec)
{
    unlink(rec->record), unlink(rec->trace);
    g_free(rec->record), g_free(rec->trace), g_free(rec->trace_text);
}

/* The record keeps --rt arrivals at nanosecond precision and the inputs in
 * scenario syntax, with the apps and the seed. */
START_TEST(record_keeps_inputs_with_exact_times_and_the_apps)
{
    struct recorded rec = record_run();
    size_t len;
    char *text = e2e_read_file(rec.record, &len);
    ck_assert(g_str_has_prefix(text, "# tockemu record 1\n# app "));
    ck_assert_msg(strstr(text, "ns console \"abcd\"\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "5000000ns press 0\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "8000000ns gpio 1 high\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "\n# event 0.000000000s ") != NULL, "%s", text);
    g_free(text);
    recorded_free(&rec);
}
END_TEST

/* Replaying 100 times gives the recorded trace, byte for byte. */
START_TEST(replay_gives_byte_identical_traces_100_times)
{
    struct recorded rec = record_run();
    e2e_assert_replays_match(rec.record, rec.trace_text, 100);
    recorded_free(&rec);
}
END_TEST

/* Console input piped to an app that reads it in slot 0: the bytes enter
 * the UART through the board's typed-input queue, between two process runs
 * (cancelling the pending receive so the mux re-decides who reads). The
 * record keeps that point (time, events and deferred calls before it) and
 * the replay types them there through the same queue, so it matches. */
START_TEST(replay_of_piped_input_to_the_first_app_is_exact)
{
    char *record = e2e_temp_file("", 0), *trace = e2e_temp_file("", 0);
    char *input = e2e_temp_file("abc\nexit\n", 9);
    struct e2e_result r = e2e_run_stdin(input, "--rt", "--record", record, "--trace", trace,
                                        "@console_echo", "@hello", NULL);
    ck_assert_msg(r.status == 0, "recording failed (%d): %s", r.status, r.err);
    ck_assert_msg(strstr(r.out, "got: 'abc'") != NULL, "%s", r.out);
    e2e_result_free(&r);
    size_t len;
    char *recorded = e2e_read_file(trace, &len);
    char *text = e2e_read_file(record, &len);
    ck_assert_msg(strstr(text, "\n# typed ") != NULL, "%s", text);
    e2e_assert_replays_match(record, recorded, 10);
    g_free(text), g_free(recorded);
    unlink(record), unlink(trace), unlink(input);
    g_free(record), g_free(trace), g_free(input);
}
END_TEST

/* The record keeps the inputs of every model, not only the pins' and the
 * console's: a sensor reading from a scenario file is a scenario line of
 * the record, so the replay, which reads only the record, sees it too. */
START_TEST(record_keeps_sensor_inputs_and_the_replay_matches)
{
    char *record = e2e_temp_file("", 0);
    static const char scenario_text[] = "50ms sensor proximity 230\n";
    char *scenario = e2e_temp_file(scenario_text, strlen(scenario_text));
    struct e2e_result r = e2e_run("--record", record, "--scenario", scenario, "@sensors", NULL);
    ck_assert_msg(r.status == 0, "recording failed (%d): %s", r.status, r.err);
    e2e_result_free(&r);
    size_t len;
    char *text = e2e_read_file(record, &len);
    ck_assert_msg(strstr(text, "\n50000000ns sensor proximity 230\n") != NULL, "%s", text);
    r = e2e_run("--replay", record, NULL);
    ck_assert_msg(r.status == 0, "replay ended %d: %s", r.status, r.err);
    ck_assert_msg(strstr(r.out, "proximity 230\n") != NULL, "%s", r.out);
    e2e_result_free(&r);
    g_free(text);
    unlink(record), unlink(scenario);
    g_free(record), g_free(scenario);
}
END_TEST

/* A run that differs stops at the first divergent event, shows it with the
 * recorded events before it, and exits 7. */
START_TEST(replay_stops_at_the_first_divergent_event)
{
    struct recorded rec = record_run();
    size_t len;
    char *text = e2e_read_file(rec.record, &len);
    /* Make the recorded app print something else: event lines differ there. */
    char *at = strstr(text, "console-tx \"Hello, World!\\n\"");
    ck_assert_ptr_nonnull(at);
    memcpy(strstr(at, "Hello"), "Jello", 5);
    ck_assert(g_file_set_contents(rec.record, text, (gssize)len, NULL));
    struct e2e_result r = e2e_run("--replay", rec.record, NULL);
    ck_assert_int_eq(r.status, 7);
    ck_assert_msg(strstr(r.err, "diverged at event ") != NULL, "%s", r.err);
    ck_assert_msg(strstr(r.err, " - ") != NULL && strstr(r.err, "\"Jello, World!\\n\"") != NULL,
                  "%s", r.err);
    ck_assert_msg(strstr(r.err, " + ") != NULL && strstr(r.err, "\"Hello, World!\\n\"") != NULL,
                  "%s", r.err);
    g_free(text);
    e2e_result_free(&r);
    recorded_free(&rec);
}
END_TEST

/* --stop-at N stops right after event N, which it names. */
START_TEST(stop_at_an_event_number_stops_there)
{
    struct recorded rec = record_run();
    struct e2e_result r = e2e_run("--replay", rec.record, "--stop-at", "5", NULL);
    ck_assert_int_eq(r.status, 5);
    gchar **lines = g_strsplit(rec.trace_text, "\n", -1);
    char *want = g_strdup_printf("tockemu: stopped at event 5: %s\n", lines[4]);
    ck_assert_msg(strstr(r.err, want) != NULL, "want %s in %s", want, r.err);
    g_free(want);
    g_strfreev(lines);
    e2e_result_free(&r);
    r = e2e_run("--replay", rec.record, "--stop-at", "0.5ms", NULL);
    ck_assert_int_eq(r.status, 5);
    e2e_result_free(&r);
    recorded_free(&rec);
}
END_TEST

/* The record keeps the options that shape the run, and the process
 * console as it was decided: a replay given only the record runs the same
 * kernel (here a restarting fault policy) and matches; without them it
 * would diverge at the first restart. */
START_TEST(replay_runs_with_the_recorded_options)
{
    char *record = e2e_temp_file("", 0);
    struct e2e_result r = e2e_run("--record", record, "--fault-policy", "threshold-restart:2",
                                  "--timeslice=5", "--trace-format", "jsonl", "@crash", NULL);
    ck_assert_int_eq(r.status, 1);
    size_t len;
    char *text = e2e_read_file(record, &len);
    ck_assert_msg(strstr(text, "\n# option --fault-policy=threshold-restart:2\n") != NULL, "%s",
                  text);
    ck_assert_msg(strstr(text, "\n# option --timeslice=5\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "\n# option --no-process-console\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "trace-format") == NULL, "outputs are not kept: %s", text);
    e2e_result_free(&r);
    r = e2e_run("--replay", record, NULL);
    ck_assert_msg(r.status == 1, "replay ended %d: %s", r.status, r.err);
    e2e_result_free(&r);
    /* The user's own options still come last and win. */
    r = e2e_run("--replay", record, "--fault-policy", "stop", NULL);
    ck_assert_int_eq(r.status, 7);
    e2e_result_free(&r);
    g_free(text);
    unlink(record);
    g_free(record);
}
END_TEST

/* The board file and the kernel's deviations shape a run as much as the
 * options above: a board of one LED makes blink give up at once, where the
 * default board's LEDs let it blink, so a replay that lost --board would
 * diverge at blink's first LED command. */
START_TEST(replay_runs_with_the_recorded_board_and_sharing)
{
    char *record = e2e_temp_file("", 0);
    static const char board[] = "[pins]\nleds = 1\n";
    char *board_file = e2e_temp_file(board, sizeof board - 1);
    struct e2e_result r =
        e2e_run("--record", record, "--board", board_file, "--sharing=lend", "--sticky-wait-for",
                "--process-console-hibernated", "@blink", NULL);
    ck_assert_msg(r.status == 1, "blink on one LED ended %d: %s", r.status, r.err);
    size_t len;
    char *text = e2e_read_file(record, &len);
    gchar *board_option = g_strdup_printf("\n# option --board=%s\n", board_file);
    ck_assert_msg(strstr(text, board_option) != NULL, "%s", text);
    ck_assert_msg(strstr(text, "\n# option --sharing=lend\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "\n# option --sticky-wait-for\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "\n# option --process-console-hibernated\n") != NULL, "%s", text);
    e2e_result_free(&r);
    r = e2e_run("--replay", record, NULL);
    ck_assert_msg(r.status == 1, "replay ended %d: %s", r.status, r.err);
    e2e_result_free(&r);
    g_free(board_option);
    g_free(text);
    unlink(record), unlink(board_file);
    g_free(record), g_free(board_file);
}
END_TEST

/* An app that computes across timeslices replays exactly: the record keeps
 * which switches to it ended in a preemption and the CPU time each trap
 * cost, and a replay makes the kernel see the same whatever this host's
 * speed. With 1 ms timeslices the app is preempted tens of times, a count
 * that varies from run to run on any host when it is measured. */
START_TEST(replay_of_an_app_computing_across_timeslices_is_exact)
{
    char *record = e2e_temp_file("", 0), *trace = e2e_temp_file("", 0);
    struct e2e_result r = e2e_run("--record", record, "--trace", trace, "--timeslice=1",
                                  "@gdb_compute", "@hello", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    e2e_result_free(&r);
    size_t len;
    char *recorded = e2e_read_file(trace, &len);
    ck_assert_msg(strstr(recorded, "gdb_compute timeslice-expired") != NULL, "%s", recorded);
    char *text = e2e_read_file(record, &len);
    ck_assert_msg(strstr(text, "\n# switch ") != NULL && strstr(text, " preempted ") != NULL, "%s",
                  text);
    e2e_assert_replays_match(record, recorded, 10);
    g_free(text), g_free(recorded);
    unlink(record), unlink(trace);
    g_free(record), g_free(trace);
}
END_TEST

START_TEST(replay_of_a_file_that_is_no_record_is_bad_input)
{
    char *path = e2e_temp_file("1ms press 0\n", 12);
    struct e2e_result r = e2e_run("--replay", path, NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "not a tockemu record") != NULL, "%s", r.err);
    e2e_result_free(&r);
    unlink(path);
    g_free(path);
}
END_TEST

Suite *e2e_replay_suite(void)
{
    Suite *s = suite_create("e2e_replay");
    TCase *tc = tcase_create("replay");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, record_keeps_inputs_with_exact_times_and_the_apps);
    tcase_add_test(tc, replay_gives_byte_identical_traces_100_times);
    tcase_add_test(tc, replay_of_piped_input_to_the_first_app_is_exact);
    tcase_add_test(tc, record_keeps_sensor_inputs_and_the_replay_matches);
    tcase_add_test(tc, replay_stops_at_the_first_divergent_event);
    tcase_add_test(tc, stop_at_an_event_number_stops_there);
    tcase_add_test(tc, replay_runs_with_the_recorded_options);
    tcase_add_test(tc, replay_runs_with_the_recorded_board_and_sharing);
    tcase_add_test(tc, replay_of_an_app_computing_across_timeslices_is_exact);
    tcase_add_test(tc, replay_of_a_file_that_is_no_record_is_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
