/* gdb on apps (issue 15 part 1 and 5; docs/debugging.md): --gdb NAME holds
 * the app before main and prints the gdb command that attaches to it with
 * its ELF's symbols; gdb breaks, steps, prints, watches and finishes in it;
 * the board waits while gdb holds the app (no preemption, no stall kill);
 * --replay FILE --stop-at EVENT --gdb NAME hands the app over at that event
 * and the replay still matches the record.
 *
 * gdb runs in batch mode (-batch -ex ...), so every step is a command and
 * no wait depends on wall time beyond the bounds that turn a hang into a
 * failure. Watchpoints are software ones (set can-use-hw-watchpoints 0):
 * some virtual machines (Firecracker) do not deliver debug-register traps,
 * for any process.
 */
#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"
#include "live_run.h"

#define GDB_BOUND_S "120" /* turns a hung gdb into a failure */

/* The command tockemu printed for `app` ("... attach with: gdb -q -p PID
 * -ex 'symbol-file -o BASE ELF'"), waited for on stderr, as an argv (g_strfreev it). */
static gchar **printed_gdb_command(struct live_run *run)
{
    const char *at = live_run_expect_stderr(run, "attach with: ");
    const char *end = strchr(at, '\n');
    ck_assert_ptr_nonnull(end);
    gchar *command = g_strndup(at + strlen("attach with: "), (gsize)(end - at) - 13);
    gchar **argv = NULL;
    GError *error = NULL;
    ck_assert_msg(g_shell_parse_argv(command, NULL, &argv, &error), "%s", command);
    ck_assert_str_eq(argv[0], "gdb");
    g_free(command);
    return argv;
}

/* Run the printed command in batch mode with the NULL-terminated gdb
 * commands; returns gdb's stdout and stderr together (g_free it). */
static char *run_gdb(gchar **command, const char *first, ...) __attribute__((sentinel));
static char *run_gdb(gchar **command, const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup("timeout"));
    g_ptr_array_add(argv, g_strdup(GDB_BOUND_S));
    for (gchar **word = command; *word != NULL; word++)
        g_ptr_array_add(argv, g_strdup(*word));
    g_ptr_array_add(argv, g_strdup("-batch"));
    g_ptr_array_add(argv, g_strdup("-nx"));
    va_list ap;
    va_start(ap, first);
    for (const char *c = first; c != NULL; c = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, g_strdup("-ex"));
        g_ptr_array_add(argv, g_strdup(c));
    }
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    gchar *out = NULL, *err = NULL;
    GError *error = NULL;
    int status = 0;
    ck_assert_msg(g_spawn_sync(NULL, (gchar **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error),
                  "cannot run gdb: %s", error != NULL ? error->message : "?");
    char *both = g_strconcat(out, err, NULL);
    g_free(out), g_free(err);
    g_ptr_array_free(argv, TRUE);
    return both;
}

/* --gdb: the app waits before main, gdb attaches with the printed command,
 * and breakpoints, step, print, a watchpoint on app memory and finish all
 * work; after detach the app runs to its end and the run ends normally.
 * The app computes for several timeslices under gdb first: a preemption
 * would show as SIGSTOP in gdb. */
START_TEST(gdb_breaks_steps_prints_watches_and_finishes_in_an_app)
{
    struct live_run run;
    live_run_start(&run, "--gdb", "gdb_compute", "@gdb_compute", NULL);
    gchar **command = printed_gdb_command(&run);
    ck_assert_msg(strstr(run.err->str, "waits before main") != NULL, "%s", run.err->str);
    /* gdb -q -p PID -ex 'symbol-file -o BASE /abs/gdb_compute.elf' */
    ck_assert_msg(strstr(command[5], "/gdb_compute.elf") != NULL, "%s", command[5]);
    char *gdb = run_gdb(command, "set can-use-hw-watchpoints 0", "break add_to_total", "continue",
                        "print amount", "step", "print doubled", "delete", "watch total",
                        "continue", "finish", "delete", "detach", NULL);
    /* Breakpoint and continue, from before main to the function. */
    ck_assert_msg(strstr(gdb, "Breakpoint 1, add_to_total (amount=") != NULL, "%s", gdb);
    ck_assert_msg(strstr(gdb, "$1 = 1\n") != NULL, "%s", gdb);
    /* step moves one line, past the local's assignment. */
    ck_assert_msg(strstr(gdb, "$2 = 2\n") != NULL, "%s", gdb);
    /* The watchpoint on app RAM fires in the next call: 2 + 2 * 2. */
    ck_assert_msg(strstr(gdb, "Old value = 2\nNew value = 6\n") != NULL, "%s", gdb);
    ck_assert_msg(strstr(gdb, "Value returned is $3 = 6\n") != NULL, "%s", gdb);
    ck_assert_msg(strstr(gdb, "detached]") != NULL, "%s", gdb);
    /* The emulator neither preempted (SIGSTOP) nor killed the held app. */
    ck_assert_msg(strstr(gdb, "SIGSTOP") == NULL && strstr(gdb, "SIGKILL") == NULL, "%s", gdb);
    ck_assert_int_eq(live_run_wait(&run), 0);
    ck_assert_msg(strstr(run.out->str, "gdb_target: total 12\n") != NULL, "%s", run.out->str);
    g_free(gdb);
    g_strfreev(command);
    live_run_free(&run);
}
END_TEST

/* --gdb names an app that is not loaded: bad input, nothing waits. */
START_TEST(gdb_of_an_unknown_app_is_bad_input)
{
    struct e2e_result r = e2e_run("--gdb", "nosuchapp", "@gdb_target", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "tockemu: --gdb nosuchapp: no running app of that name\n") != NULL,
                  "%s", r.err);
    e2e_result_free(&r);
}
END_TEST

/* The event number of the first trace line containing `needle`. */
static unsigned event_of(const char *trace, const char *needle)
{
    gchar **lines = g_strsplit(trace, "\n", -1);
    unsigned index = 0;
    for (unsigned i = 0; lines[i] != NULL && index == 0; i++)
        if (strstr(lines[i], needle) != NULL)
            index = i + 1;
    g_strfreev(lines);
    ck_assert_msg(index != 0, "no '%s' in the trace", needle);
    return index;
}

/* --replay FILE --stop-at EVENT --gdb NAME: the replay runs to that event
 * and holds the app for gdb; gdb sees the app's memory as it was then;
 * after detach the replay goes on and still matches the record (the time
 * gdb held the app is not charged to virtual time). */
START_TEST(replay_stops_at_an_event_and_hands_the_app_to_gdb)
{
    char *record = e2e_temp_file("", 0), *trace = e2e_temp_file("", 0);
    struct e2e_result r = e2e_run("--record", record, "--trace", trace, "@gdb_target", NULL);
    ck_assert_int_eq(r.status, 0);
    e2e_result_free(&r);
    size_t len;
    char *trace_text = e2e_read_file(trace, &len);
    unsigned event = event_of(trace_text, "console-tx \"gdb_target: total 12\\n\"");
    char stop_at[16];
    snprintf(stop_at, sizeof stop_at, "%u", event);

    struct live_run run;
    live_run_start(&run, "--replay", record, "--stop-at", stop_at, "--gdb", "gdb_target", NULL);
    gchar **command = printed_gdb_command(&run);
    char *want = g_strdup_printf("tockemu: stopped at event %u: ", event);
    ck_assert_msg(strstr(run.err->str, want) != NULL, "%s", run.err->str);
    ck_assert_msg(strstr(run.err->str, "waits at this event") != NULL, "%s", run.err->str);
    char *gdb = run_gdb(command, "print total", "detach", NULL);
    ck_assert_msg(strstr(gdb, "$1 = 12\n") != NULL, "%s", gdb);
    ck_assert_msg(strstr(gdb, "detached]") != NULL, "%s", gdb);
    ck_assert_int_eq(live_run_wait(&run), 0); /* 7 if it diverged */
    ck_assert_msg(strstr(run.out->str, "gdb_target: total 12\n") != NULL, "%s", run.out->str);
    g_free(gdb), g_free(want), g_free(trace_text);
    g_strfreev(command);
    live_run_free(&run);
    unlink(record), unlink(trace);
    g_free(record), g_free(trace);
}
END_TEST

Suite *e2e_gdb_suite(void)
{
    Suite *s = suite_create("e2e_gdb");
    TCase *tc = tcase_create("gdb");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, gdb_breaks_steps_prints_watches_and_finishes_in_an_app);
    tcase_add_test(tc, gdb_of_an_unknown_app_is_bad_input);
    tcase_add_test(tc, replay_stops_at_an_event_and_hands_the_app_to_gdb);
    suite_add_tcase(s, tc);
    return s;
}
