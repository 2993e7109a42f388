/* tockemu: run Tock apps (TBF files) as forked children of an emulated kernel.
 *
 *   tockemu [options] APP.tbf|APP.tab...
 *
 * A thin main: parse the options, create the machine (emu/machine/machine.h:
 * board, app flash, loading, host hooks), run it, and turn its result into
 * the exit status (see usage_epilogue). What it adds is output: the --trace
 * file, --record-inputs and --trace-leds, all read from the machine's one
 * event stream.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <locale.h>
#include <malloc.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

#include <glib.h>

#include "emu_rng.h"
#include "flash.h"
#include "host.h"
#include "raw_syscall.h"
#include "inputs.h"
#include "board.h"
#include "board_file.h"
#include "machine.h"
#include "sharing.h"
#include "record.h"
#include "pins.h"
#include "emu_adc.h"
#include "devices.h"
#include "emu_screen.h"
#include "sensors.h"
#include "terminal.h"
#include "trace.h"
#include "usb.h"

enum { EXIT_REPLAY_DIVERGED = 7 }; /* after the machine's results (machine.h) */

static const char usage_epilogue[] =
    "Exit status: 0 every app exited with completion code 0; 1 an app exited with a\n"
    "non-zero completion code or faulted (even once, restarted by the fault policy);\n"
    "2 bad input (a file, a flag, an app that cannot load); 3 kernel panic; 4 apps\n"
    "still waiting when no event can ever come; 5 --stop-after reached with apps\n"
    "still running (or `quit` typed at the process console: the apps' status);\n"
    "7 --replay diverged from the record; 128+N ended by signal N (130: Ctrl-C).\n"
    "\n"
    "Fault policies: panic, stop, stop-debug, restart, restart-debug,\n"
    "threshold-restart:N, threshold-restart-panic:N (spec section 5.3).";

struct options {
    gchar *apps_image;
    gchar *fault_policy;
    gchar *timeslice;
    gboolean sticky_wait_for;
    gboolean rt;
    gboolean summary;
    gchar *trace_path;
    gchar *trace_format;
    gchar *record_inputs_path;
    gboolean console_pty;
    gchar *stop_after;
    gboolean process_console, no_process_console;
    gchar *credentials;
    gchar **keys;
    gchar **elf_paths;
    gchar *appid;
    gchar *storage_permissions;
    gboolean permissions_filter;
    gboolean hide_footers;
    gchar *control;
    gboolean verbose;
    gboolean version;
    gchar *record_path, *replay_path, *stop_at;
    gchar **gdb_apps;
    gchar **files;
    struct emu_pins_options pins;
    struct emu_inputs_options inputs;
    struct emu_rng_options rng;
    struct emu_usb_options usb;
    struct emu_sensors_options sensors;
    struct emu_screen_options screen;
    struct emu_adc_options adc;
    struct emu_devices_options devices;
    struct emu_board_file_options board_file; /* --board */
    gchar *sharing;
    struct emu_sharing_options sharing_options;
    struct emu_flash_options flash;
    struct emu_console_options console;
};

/* The run: everything main owns. */
struct run {
    struct options opt;
    struct emu_machine_options mo;
    struct emu_trace *trace;
    FILE *record_inputs; /* --record-inputs: outside inputs as scenario lines */
    GString *line;
    GPtrArray *early_lines;    /* record_input_line's, before the records open */
    struct emu_record *record; /* --record */
    struct emu_replay *replay; /* --replay */
    uint64_t stop_at_event;    /* --stop-at N; 0: none */
    bool stopped_at_event;
    struct emu_machine *machine;
};

/* ---- options --------------------------------------------------------------- */

static int parse_fault_policy(const char *s, struct emu_machine_options *mo)
{
    static const struct {
        const char *name;
        enum tk_fault_policy policy;
        bool threshold;
    } table[] = {
        {"panic", TK_FAULT_POLICY_PANIC, false},
        {"stop", TK_FAULT_POLICY_STOP, false},
        {"stop-debug", TK_FAULT_POLICY_STOP_WITH_DEBUG, false},
        {"restart", TK_FAULT_POLICY_RESTART, false},
        {"restart-debug", TK_FAULT_POLICY_RESTART_WITH_DEBUG, false},
        {"threshold-restart", TK_FAULT_POLICY_THRESHOLD_RESTART, true},
        {"threshold-restart-panic", TK_FAULT_POLICY_THRESHOLD_RESTART_THEN_PANIC, true},
    };
    const char *colon = strchr(s, ':');
    size_t name_len = colon ? (size_t)(colon - s) : strlen(s);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strlen(table[i].name) != name_len || strncmp(s, table[i].name, name_len) != 0)
            continue;
        if (table[i].threshold != (colon != NULL))
            return -EINVAL;
        if (colon != NULL) {
            char *end;
            unsigned long n = strtoul(colon + 1, &end, 10);
            if (*end != 0 || end == colon + 1 || n > 1000000)
                return -EINVAL;
            mo->fault_threshold = (unsigned)n;
        }
        mo->fault_policy = table[i].policy;
        return 0;
    }
    return -EINVAL;
}

/* Levenshtein distance between two option names (short strings). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t lb = strlen(b), row[64];
    if (lb >= sizeof row / sizeof row[0])
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; a[i - 1] != 0; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diagonal + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = up;
        }
    }
    return row[lb];
}

/* Did you mean: the first "--name" in `given` that --help does not list,
 * and the listed option nearest to it (at most 3 edits). */
static void suggest_option(const char *help, char *const *given, char *hint, size_t len)
{
    for (char *const *arg = given + 1; *arg != NULL; arg++) {
        if (strncmp(*arg, "--", 2) != 0 || (*arg)[2] == 0)
            continue;
        gchar *name = g_strndup(*arg, strcspn(*arg, "="));
        size_t best = 4;
        gchar *nearest = NULL;
        bool listed = false;
        for (const char *at = strstr(help, "--"); at != NULL; at = strstr(at + 2, "--")) {
            gchar *known = g_strndup(at, strspn(at, "-abcdefghijklmnopqrstuvwxyz0123456789"));
            size_t d = edit_distance(name, known);
            listed = listed || d == 0;
            if (d < best && strlen(known) > 2) {
                best = d;
                g_free(nearest);
                nearest = g_strdup(known);
            }
            g_free(known);
        }
        if (!listed && nearest != NULL)
            snprintf(hint, len, "; did you mean %s?", nearest);
        g_free(name);
        g_free(nearest);
        if (!listed)
            return;
    }
}

/* --timeslice: a time ("1.5ms", "250us"), or a bare number of ms as
 * before units were accepted ("10", "0.5"); 1 us to 60 s. Returns 0 or
 * -EINVAL (*ns untouched). */
static int parse_timeslice(const char *text, uint64_t *ns)
{
    size_t len = strlen(text);
    bool bare = len > 0 && g_ascii_isdigit(text[len - 1]);
    gchar *with_unit = bare ? g_strconcat(text, "ms", NULL) : g_strdup(text);
    uint64_t parsed = 0;
    int rc = emu_pins_parse_time(with_unit, &parsed);
    g_free(with_unit);
    if (rc != 0 || parsed < 1000 || parsed > 60ull * 1000000000ull)
        return -EINVAL;
    *ns = parsed;
    return 0;
}

static int parse_options(struct run *r, int *argc, char ***argv)
{
    struct options *o = &r->opt;
    GOptionEntry entries[] = {
        {"apps", 0, 0, G_OPTION_ARG_FILENAME, &o->apps_image,
         "Load an app-flash image (TBF objects back to back) before the files", "IMAGE"},
        {"fault-policy", 0, 0, G_OPTION_ARG_STRING, &o->fault_policy,
         "What a fault does to an app (default stop)", "POLICY"},
        {"timeslice", 0, 0, G_OPTION_ARG_STRING, &o->timeslice,
         "Timeslice of a process (default 10ms; 1.5ms, 250us; a bare number is ms)", "TIME"},
        {"sticky-wait-for", 0, 0, G_OPTION_ARG_NONE, &o->sticky_wait_for,
         "Deviation: a Yield-WaitFor stays ready once its upcall is queued, so "
         "libtocksync_adc_sample wakes (Tock 65608d71 does not)",
         NULL},
        {"rt", 0, 0, G_OPTION_ARG_NONE, &o->rt,
         "Pace virtual time to wall time (default: jump to the next deadline when idle)", NULL},
        {"summary", 0, 0, G_OPTION_ARG_NONE, &o->summary,
         "Print one line per app at the end (stderr)", NULL},
        {"trace", 0, 0, G_OPTION_ARG_FILENAME, &o->trace_path,
         "Write every kernel event, console byte and pin change to FILE (docs/trace.md)", "FILE"},
        {"trace-format", 0, 0, G_OPTION_ARG_STRING, &o->trace_format,
         "Form of the --trace file: text (default, one line per event), jsonl (one JSON object "
         "per line), chrome (trace-event JSON for Perfetto and chrome://tracing)",
         "FORM"},
        {"record-inputs", 0, 0, G_OPTION_ARG_FILENAME, &o->record_inputs_path,
         "Write every outside input (console bytes, button and GPIO inputs, sensor, adc, touch "
         "and gpio-async lines) to FILE as scenario lines; --scenario FILE replays them",
         "FILE"},
        {"stop-after", 0, 0, G_OPTION_ARG_STRING, &o->stop_after,
         "Stop the run at this virtual time (e.g. 500ms, 2s)", "TIME"},
        {"console-pty", 0, 0, G_OPTION_ARG_NONE, &o->console_pty,
         "Put the console UART on a new pseudo-terminal (open it with screen)", NULL},
        {"credentials", 0, 0, G_OPTION_ARG_STRING, &o->credentials,
         "Credential checker: none (default), sha256, sha384, sha512, ecdsa-p256, rsa. rsa "
         "without --key accepts any signature that verifies with the key in its own footer",
         "KIND"},
        {"key", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->keys,
         "A trusted public key (PEM) for --credentials ecdsa-p256 or rsa; repeat for more",
         "PUBLIC.pem"},
        {"appid", 0, 0, G_OPTION_ARG_STRING, &o->appid,
         "AppID assigner: none (default), names (CRC-32 of the name), tbf-header (ShortId TLV)",
         "POLICY"},
        {"storage-policy", 0, 0, G_OPTION_ARG_STRING, &o->storage_permissions,
         "Storage permissions of apps with a fixed ShortId: tbf-header (default: the TBF's "
         "Storage Permissions TLV), individual (own records only), tbf-header-else-individual",
         "POLICY"},
        {"control", 0, 0, G_OPTION_ARG_FILENAME, &o->control,
         "Read interactive inputs (\"press 0\", \"gpio 2 high\", \"console \\\"text\\n\\\"\") "
         "from this FIFO, created if missing",
         "PATH"},
        {"hide-footers", 0, 0, G_OPTION_ARG_NONE, &o->hide_footers,
         "Apps cannot read their credential footers (flash mapped to the integrity region)", NULL},
        {"permissions-filter", 0, 0, G_OPTION_ARG_NONE, &o->permissions_filter,
         "Filter syscalls by each TBF's Permissions header (spec 1.7)", NULL},
        {"process-console", 0, 0, G_OPTION_ARG_NONE, &o->process_console,
         "Run Tock's process console on the console UART (default when stdin is a terminal)", NULL},
        {"no-process-console", 0, 0, G_OPTION_ARG_NONE, &o->no_process_console,
         "Do not run the process console", NULL},
        {"elf", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->elf_paths,
         "The ELF of the app named NAME, for fault symbols and lines (default: NAME.elf "
         "beside NAME.tbf); repeat for more",
         "NAME.elf"},
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &o->verbose,
         "Say more on stderr: each app's slot, flash, RAM and ELF, the kernel's settings, the "
         "RNG seed, and how the run ended",
         NULL},
        {"record", 0, 0, G_OPTION_ARG_FILENAME, &o->record_path,
         "Record the run to FILE: every outside input at its exact virtual time and in its "
         "order (console bytes, pins, sensors and other devices, control, --rt arrivals), the "
         "seed, and the trace (docs/trace.md)",
         "FILE"},
        {"replay", 0, 0, G_OPTION_ARG_FILENAME, &o->replay_path,
         "Re-run a --record FILE (its apps unless given) and compare the trace event by event; "
         "stop at the first divergent event (exit status 7)",
         "FILE"},
        {"stop-at", 0, 0, G_OPTION_ARG_STRING, &o->stop_at,
         "Stop the run at an event number (as in the trace) or a virtual time (1.5s)", "EVENT"},
        {"gdb", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->gdb_apps,
         "Hold the app named NAME before main until gdb attaches, and print the gdb command "
         "(with --stop-at: hold it there instead); repeat for more (docs/debugging.md)",
         "NAME"},
        {"sharing", 0, 0, G_OPTION_ARG_STRING, &o->sharing,
         "Sharing between apps (docs/sharing.md): ipc-revised, lend, lend-onward=deny|revoke|keep, "
         "lend-limit=TIME, reshare=deny|allow|copy; comma-separated",
         "LIST"},
        {"version", 0, 0, G_OPTION_ARG_NONE, &o->version, "Print tockemu's version and exit", NULL},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->files, NULL,
         "APP.tbf|APP.tab..."},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new("- run Tock apps on Linux");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_group(ctx, emu_pins_option_group(&o->pins));
    g_option_context_add_group(ctx, emu_inputs_option_group(&o->inputs));
    g_option_context_add_group(ctx, emu_rng_option_group(&o->rng));
    g_option_context_add_group(ctx, emu_usb_option_group(&o->usb));
    g_option_context_add_group(ctx, emu_board_file_option_group(&o->board_file));
    g_option_context_add_group(ctx, emu_sensors_option_group(&o->sensors));
    g_option_context_add_group(ctx, emu_screen_option_group(&o->screen));
    g_option_context_add_group(ctx, emu_flash_option_group(&o->flash));
    g_option_context_add_group(ctx, emu_console_option_group(&o->console));
    g_option_context_set_description(ctx, usage_epilogue);
    GError *gerr = NULL;
    char **given = g_strdupv(*argv); /* before parsing removes the options */
    bool ok = g_option_context_parse(ctx, argc, argv, &gerr);
    if (!ok) {
        /* The help text only for a mistyped flag: building it costs a run
         * a few dozen page faults. */
        char hint[96] = "";
        if (gerr->code == G_OPTION_ERROR_UNKNOWN_OPTION) {
            gchar *help = g_option_context_get_help(ctx, FALSE, NULL);
            suggest_option(help, given, hint, sizeof hint);
            g_free(help);
        }
        fprintf(stderr, "tockemu: %s%s (see tockemu --help)\n", gerr->message, hint);
        g_error_free(gerr);
    }
    g_option_context_free(ctx);
    g_strfreev(given);
    if (!ok)
        return -EINVAL;
    if (o->version) {
        printf("tockemu %s\n", TOCKEMU_VERSION);
        return 1;
    }
    if (o->fault_policy != NULL && parse_fault_policy(o->fault_policy, &r->mo) != 0) {
        fprintf(stderr, "tockemu: --fault-policy: unknown policy '%s' (see tockemu --help)\n",
                o->fault_policy);
        return -EINVAL;
    }
    if (o->sharing != NULL) {
        struct emu_err serr = {""};
        if (emu_sharing_options_parse(&o->sharing_options, o->sharing, &serr) != 0) {
            fprintf(stderr, "tockemu: %s\n", serr.msg);
            return -EINVAL;
        }
        r->mo.sharing = &o->sharing_options;
    }
    if (o->timeslice != NULL && parse_timeslice(o->timeslice, &r->mo.timeslice_ns) != 0) {
        fprintf(stderr,
                "tockemu: --timeslice: '%s' is not a time from 1us to 60s (a bare number "
                "is ms: 10, 1.5ms, 250us)\n",
                o->timeslice);
        return -EINVAL;
    }
    if (o->stop_after != NULL && emu_pins_parse_time(o->stop_after, &r->mo.stop_after_ns) != 0) {
        fprintf(stderr, "tockemu: --stop-after: '%s' is not a time like 500ms or 2s\n",
                o->stop_after);
        return -EINVAL;
    }
    /* Only the signature checkers read keys: a key with any other would be
     * ignored without a word. */
    const bool signature_checker =
        o->credentials != NULL &&
        (strcmp(o->credentials, "rsa") == 0 || strcmp(o->credentials, "ecdsa-p256") == 0);
    if (o->keys != NULL && o->keys[0] != NULL && !signature_checker) {
        fprintf(stderr, "tockemu: --key %s: only --credentials ecdsa-p256 or rsa reads keys\n",
                o->keys[0]);
        return -EINVAL;
    }
    if (o->credentials != NULL && strcmp(o->credentials, "rsa") == 0 &&
        (o->keys == NULL || o->keys[0] == NULL))
        fprintf(stderr, "tockemu: warning: --credentials rsa without --key accepts any RSA "
                        "signature that verifies with the key in its own footer\n");
    if (o->apps_image == NULL && (o->files == NULL || o->files[0] == NULL) &&
        o->replay_path == NULL) {
        fprintf(stderr, "tockemu: no app given (usage: tockemu [options] APP.tbf...)\n");
        return -EINVAL;
    }
    return 0;
}

/* ---- the event stream ----------------------------------------------------------- */

/* An input kept as given, a scenario line at its time, by --record-inputs
 * and --record: a line for a model other than the pins' and the console's
 * (a sensor, the ADC, a touch ...) from a --scenario file (`came` NULL;
 * they come before the record is open and wait in r->early_lines), or any
 * control line (the --control FIFO), which --record keeps with the point
 * `came` where it came. The pins' and the console's scenario inputs are
 * kept as they apply instead (on_event). */
/* Keep one input, a scenario line (with its newline or without), in
 * --record-inputs and --record; in the record after the point where it
 * entered, if it is typed input or a control line (record.h). */
enum input_came { CAME_SCHEDULED, CAME_TYPED, CAME_CONTROL };
static void keep_input(struct run *r, const char *line, enum input_came how,
                       const struct emu_input_point *at)
{
    if (r->record_inputs != NULL) {
        size_t n = strlen(line);
        fprintf(r->record_inputs, "%s%s", line, n > 0 && line[n - 1] == '\n' ? "" : "\n");
    }
    if (r->record == NULL)
        return;
    if (how == CAME_TYPED && at != NULL)
        emu_record_typed(r->record, at);
    else if (how == CAME_CONTROL && at != NULL)
        emu_record_control(r->record, at);
    emu_record_input(r->record, line);
}

static void record_input_line(struct run *r, uint64_t at_ns, const char *rest,
                              const struct emu_input_point *came)
{
    if (came == NULL && emu_inputs_is_console_action(rest))
        return; /* kept as it enters the UART */
    char *line = g_strdup_printf("%" PRIu64 "ns %s", at_ns, rest);
    keep_input(r, line, CAME_CONTROL, came);
    if (r->record == NULL && r->record_inputs == NULL)
        g_ptr_array_add(r->early_lines, line);
    else
        g_free(line);
}

static void on_scenario_line(uint64_t at_ns, const char *rest, void *ctx)
{
    record_input_line(ctx, at_ns, rest, NULL);
}

/* --trace, --trace-leds and --record-inputs, from the machine's one stream. */
static void on_event(const struct emu_machine_event *ev, void *ctx)
{
    struct run *r = ctx;
    char what[512];
    switch (ev->kind) {
    case EMU_MACHINE_EV_KERNEL:
        if (r->trace != NULL)
            emu_trace_kernel_event(r->trace, ev->kernel);
        break;
    case EMU_MACHINE_EV_PINS:
        emu_pins_event_format(ev->pins, what, sizeof what);
        if (r->opt.pins.trace_leds)
            fprintf(stderr, "tockemu: %" PRIu64 ".%06" PRIu64 " ms %s\n", ev->time_ns / 1000000,
                    ev->time_ns % 1000000, what);
        if (r->trace != NULL)
            emu_trace_pins_event(r->trace, ev->pins);
        if ((r->record_inputs != NULL || r->record != NULL) && !ev->pins->from_control_line &&
            emu_pins_event_scenario_line(ev->pins, what, sizeof what) > 0)
            keep_input(r, what, CAME_SCHEDULED, NULL);
        break;
    case EMU_MACHINE_EV_CONSOLE_IN:
        if (r->trace != NULL)
            emu_trace_console(r->trace, ev->time_ns, EMU_TRACE_RX, ev->bytes, ev->len);
        /* Bytes given back to their queue were kept when they first
         * entered, and a control line's bytes are kept as the line. */
        if ((r->record_inputs != NULL || r->record != NULL) && !ev->from_control_line &&
            ev->len > ev->again) {
            g_string_truncate(r->line, 0);
            emu_inputs_console_line(r->line, ev->time_ns, ev->bytes + ev->again,
                                    ev->len - ev->again);
            keep_input(r, r->line->str, CAME_TYPED, ev->entered);
        }
        break;
    case EMU_MACHINE_EV_CONSOLE_OUT:
        if (r->trace != NULL)
            emu_trace_console(r->trace, ev->time_ns, EMU_TRACE_TX, ev->bytes, ev->len);
        break;
    case EMU_MACHINE_EV_INPUT_LINE:
        record_input_line(r, ev->at_ns, ev->text, ev->entered);
        break;
    }
}

/* --gdb: print the gdb command for each app named and wait until gdb
 * traces it; the apps stay `where` they stand meanwhile. Returns 0; -1 if
 * an app is not there to debug (said on stderr); -EINTR if Ctrl-C came
 * first (the run then ends at its first poll). */
static int hand_to_gdb(struct run *r, const char *where)
{
    for (gchar **name = r->opt.gdb_apps; *name != NULL; name++) {
        char command[1200];
        int slot = emu_machine_find_process(r->machine, *name);
        if (slot < 0 ||
            !emu_machine_gdb_command(r->machine, (unsigned)slot, command, sizeof command)) {
            fprintf(stderr, "tockemu: --gdb %s: no running app of that name\n", *name);
            return -1;
        }
        fprintf(stderr, "tockemu: app '%s' waits %s for gdb; attach with: %s\n", *name, where,
                command);
        int rc = emu_machine_wait_for_debugger(r->machine, (unsigned)slot);
        if (rc == -EINTR)
            return rc;
        if (rc != 0) {
            fprintf(stderr, "tockemu: --gdb %s: the app died before gdb attached\n", *name);
            return -1;
        }
        fprintf(stderr, "tockemu: gdb attached to '%s'; the run goes on when gdb continues it\n",
                *name);
    }
    return 0;
}

/* Every trace event's text line: recorded, compared with a record, or the
 * point to stop at. */
static void on_trace_line(uint64_t index, const char *line, void *ctx)
{
    struct run *r = ctx;
    if (r->record != NULL)
        emu_record_event(r->record, line);
    if (r->replay != NULL && !emu_replay_check(r->replay, index, line) && r->machine != NULL)
        emu_machine_stop(r->machine);
    if (index == r->stop_at_event && r->machine != NULL) {
        fprintf(stderr, "tockemu: stopped at event %" PRIu64 ": %s\n", index, line);
        r->stopped_at_event = true;
        /* Replay into a debugger: the run goes on once gdb holds the apps. */
        if (r->opt.gdb_apps == NULL || hand_to_gdb(r, "at this event") == -1)
            emu_machine_stop(r->machine);
    }
}

/* --replay: its apps, inputs and seed; --stop-at. Returns 0 or -EINVAL. */
static int set_up_replay(struct run *r)
{
    struct options *o = &r->opt;
    struct emu_err err;
    if (o->stop_at != NULL && emu_pins_parse_time(o->stop_at, &r->mo.stop_after_ns) != 0) {
        char *end;
        unsigned long long n = strtoull(o->stop_at, &end, 10);
        if (*end != 0 || end == o->stop_at || n == 0) {
            fprintf(stderr,
                    "tockemu: --stop-at: '%s' is neither an event number (1, 2 ...) nor a time "
                    "like 1.5s\n",
                    o->stop_at);
            return -EINVAL;
        }
        r->stop_at_event = n;
    }
    if (o->replay_path == NULL)
        return 0;
    if ((r->replay = emu_replay_new(o->replay_path, &err)) == NULL ||
        emu_pins_options_add_scenario(&o->pins, o->replay_path, emu_replay_scenario(r->replay),
                                      &err) != 0) {
        fprintf(stderr, "tockemu: --replay %s\n", err.msg);
        return -EINVAL;
    }
    if (o->files == NULL && o->apps_image == NULL)
        o->files = g_strdupv((gchar **)emu_replay_apps(r->replay));
    uint64_t seed;
    if (emu_replay_seed(r->replay, &seed)) {
        o->rng.seed = seed;
        o->rng.seed_given = true;
    }
    /* Recorded times replace the wall clock and the terminal. */
    o->rt = false;
    return 0;
}

/* ---- main ---------------------------------------------------------------------------- */

static FILE *open_output(const char *flag, const char *path)
{
    FILE *f = path != NULL ? fopen(path, "w") : NULL;
    if (path != NULL && f == NULL)
        fprintf(stderr, "tockemu: %s %s: %s\n", flag, path, strerror(errno));
    return f;
}

/* Close an output file of the run (--record-inputs). A write that failed
 * on the way or at this last flush (a full disk, /dev/full, a file-size
 * limit) lost part of it: one line naming the file, and an ALL_OK status
 * becomes BAD_INPUT. */
static int output_close(FILE *f, const char *flag, const char *path, int status)
{
    if (f == NULL)
        return status;
    bool failed = ferror(f) != 0;
    errno = 0;
    if (fclose(f) != 0)
        failed = true;
    if (!failed)
        return status;
    fprintf(stderr, "tockemu: %s %s: cannot write: %s\n", flag, path,
            errno != 0 ? strerror(errno) : "write error");
    return status == EMU_MACHINE_ALL_OK ? EMU_MACHINE_BAD_INPUT : status;
}

/* Whether the process console runs: off by default when stdin is not a
 * terminal (a pipe, CI, a test). */
static bool wants_process_console(const struct options *o)
{
    return !o->no_process_console &&
           (o->process_console || o->console.hibernated || o->console_pty ||
            emu_console_options_want_pty(&o->console) || isatty(0));
}

/* ---- options a record keeps ----------------------------------------------------- */

/* What shapes a run's trace besides its apps, inputs and seed (which the
 * record keeps its own way): the kernel's settings, loading, and the
 * board's make-up. Not outputs, not inputs (--press, --scenario, --type and
 * --control arrive as scenario lines), not the session (--rt, terminals). */
static const char *const recorded_with_value[] = {
    "--board",          "--sharing",   "--apps",  "--fault-policy", "--timeslice",
    "--credentials",    "--key",       "--appid", "--stop-after",   "--leds",
    "--buttons",        "--gpio-pins", "--wire",  "--sensor",       "--screen",
    "--usb-config",     "--usb-set",   "--flash", "--flash-size",   "--flash-fail-after",
    "--storage-policy", NULL,
};
static const char *const recorded_flags[] = {
    "--hide-footers",
    "--permissions-filter",
    "--usb-console",
    "--flash-erase",
    "--flash-ram",
    "--flash-remove",
    "--flash-and-writes",
    "--leds-active-low",
    "--buttons-active-low",
    "--sticky-wait-for",
    "--process-console-hibernated",
    NULL,
};

static bool listed(const char *const *names, const char *arg, size_t name_len)
{
    for (const char *const *n = names; *n != NULL; n++)
        if (strlen(*n) == name_len && strncmp(*n, arg, name_len) == 0)
            return true;
    return false;
}

/* The options of the command line `given` that a record keeps, as
 * "--name=value" or "--flag", and the process console as it was decided
 * (it depends on stdin). NULL-terminated; g_strfreev it. */
static char **options_to_record(char *const *given, const struct options *o)
{
    GPtrArray *kept = g_ptr_array_new();
    for (char *const *arg = given + 1; *arg != NULL && strcmp(*arg, "--") != 0; arg++) {
        size_t name_len = strcspn(*arg, "=");
        if (listed(recorded_flags, *arg, name_len) && (*arg)[name_len] == 0)
            g_ptr_array_add(kept, g_strdup(*arg));
        else if (listed(recorded_with_value, *arg, name_len) && (*arg)[name_len] == '=')
            g_ptr_array_add(kept, g_strdup(*arg));
        else if (listed(recorded_with_value, *arg, name_len) && arg[1] != NULL) {
            g_ptr_array_add(kept, g_strdup_printf("%s=%s", *arg, arg[1]));
            arg++;
        }
    }
    g_ptr_array_add(
        kept, g_strdup(wants_process_console(o) ? "--process-console" : "--no-process-console"));
    g_ptr_array_add(kept, NULL);
    return (char **)g_ptr_array_free(kept, FALSE);
}

/* --replay FILE: the command line with the record's options first, so
 * that the user's own still override them (g_strfreev it). A copy of argv
 * without --replay. */
static char **command_line_with_record_options(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc && path == NULL && strcmp(argv[i], "--") != 0; i++) {
        if (g_str_has_prefix(argv[i], "--replay="))
            path = argv[i] + strlen("--replay=");
        else if (strcmp(argv[i], "--replay") == 0 && i + 1 < argc)
            path = argv[i + 1];
    }
    char **options = path != NULL ? emu_record_options(path) : g_new0(char *, 1);
    GPtrArray *all = g_ptr_array_new();
    g_ptr_array_add(all, g_strdup(argv[0]));
    for (char **option = options; *option != NULL; option++)
        g_ptr_array_add(all, g_strdup(*option));
    for (int i = 1; i < argc; i++)
        g_ptr_array_add(all, g_strdup(argv[i]));
    g_ptr_array_add(all, NULL);
    g_strfreev(options);
    return (char **)g_ptr_array_free(all, FALSE);
}

/* Options -> machine options (zero: the machine's defaults). */
static void fill_machine_options(struct run *r)
{
    struct options *o = &r->opt;
    struct emu_machine_options *mo = &r->mo;
    mo->apps_image = o->apps_image;
    mo->files = (const char *const *)o->files;
    mo->exit_after_free = true; /* main returns right after emu_machine_free */
    mo->sticky_wait_for = o->sticky_wait_for;
    mo->credentials = o->credentials;
    mo->keys = o->keys;
    mo->elf_paths = (const char *const *)o->elf_paths;
    mo->appid = o->appid;
    mo->storage_permissions = o->storage_permissions;
    mo->permissions_filter = o->permissions_filter;
    mo->hide_footers = o->hide_footers;
    mo->console_pty = o->console_pty || emu_console_options_want_pty(&o->console);
    mo->process_console = wants_process_console(o);
    mo->raw_terminal = true;
    mo->catch_interrupts = true;
    mo->control_path = o->control;
    mo->pins = &o->pins;
    mo->console = &o->console;
    mo->inputs = &o->inputs;
    mo->rng = &o->rng;
    mo->usb = &o->usb;
    mo->sensors = &o->sensors;
    mo->screen = &o->screen;
    mo->adc = &o->adc;
    mo->devices = &o->devices;
    mo->place_driver = emu_board_file_place_driver; /* --board's [drivers] */
    mo->place_ctx = &o->board_file;
    mo->flash = &o->flash;
    mo->rt = o->rt;
    /* A run that draws random bytes says how to repeat it (quiet otherwise). */
    mo->say_rng_seed = !o->rng.seed_given || o->verbose;
    mo->summary = o->summary;
    mo->on_event = on_event;
    /* Every kernel event only for the trace file. */
    mo->kernel_events = r->trace != NULL ? 0 : 1u << TK_EV_FAULT;
    mo->ctx = r;
}

static void free_options(struct options *o)
{
    g_free(o->record_inputs_path);
    g_free(o->record_path);
    g_free(o->replay_path);
    g_free(o->stop_at);
    g_strfreev(o->gdb_apps);
    g_free(o->apps_image);
    g_free(o->fault_policy);
    g_free(o->timeslice);
    g_free(o->sharing);
    g_free(o->trace_path);
    g_free(o->trace_format);
    g_free(o->stop_after);
    g_free(o->credentials);
    g_free(o->appid);
    g_free(o->storage_permissions);
    g_free(o->control);
    g_strfreev(o->keys);
    g_strfreev(o->elf_paths);
    g_strfreev(o->files);
    emu_pins_options_fini(&o->pins);
    emu_inputs_options_fini(&o->inputs);
    emu_sensors_options_fini(&o->sensors);
    emu_screen_options_fini(&o->screen);
    emu_adc_options_fini(&o->adc);
    emu_devices_options_fini(&o->devices);
    emu_board_file_options_fini(&o->board_file);
    emu_flash_options_fini(&o->flash);
    emu_console_options_fini(&o->console);
}

/* An ELF where a TBF belongs: say how to wrap it (exit status 2). */
static bool refuse_elf_files(char *const *files)
{
    for (char *const *f = files; f != NULL && *f != NULL; f++) {
        char magic[4] = {0};
        FILE *in = fopen(*f, "rb");
        size_t n = in != NULL ? fread(magic, 1, sizeof magic, in) : 0;
        if (in != NULL)
            fclose(in);
        if (n == sizeof magic && memcmp(magic,
                                        "\x7f"
                                        "ELF",
                                        4) == 0) {
            gchar *base = g_path_get_basename(*f);
            gchar *name = g_strndup(base, strcspn(base, "."));
            fprintf(stderr,
                    "tockemu: %s: an ELF, not a TBF; wrap it first: tockbin create --elf %s "
                    "--name %s -o %s.tbf\n",
                    *f, *f, name, name);
            g_free(name);
            g_free(base);
            return true;
        }
    }
    return false;
}

/* -v: what the run is made of. */
static void say_setup(struct emu_machine *m)
{
    struct tk_kernel *k = emu_machine_kernel(m);
    static const char *const policies[] = {
        [TK_FAULT_POLICY_DEFAULT] = "default",
        [TK_FAULT_POLICY_PANIC] = "panic",
        [TK_FAULT_POLICY_STOP] = "stop",
        [TK_FAULT_POLICY_STOP_WITH_DEBUG] = "stop-debug",
        [TK_FAULT_POLICY_RESTART] = "restart",
        [TK_FAULT_POLICY_RESTART_WITH_DEBUG] = "restart-debug",
        [TK_FAULT_POLICY_THRESHOLD_RESTART] = "threshold-restart",
        [TK_FAULT_POLICY_THRESHOLD_RESTART_THEN_PANIC] = "threshold-restart-panic",
    };
    unsigned policy = (unsigned)k->config.fault_policy;
    fprintf(stderr, "tockemu: kernel: timeslice %.3f ms, fault policy %s, %u processes\n",
            (double)k->config.timeslice_ns / 1e6,
            policy < sizeof policies / sizeof policies[0] ? policies[policy] : "?",
            k->process_count);
    for (unsigned i = 0; i < k->process_count; i++) {
        const struct tk_process *p = k->processes[i];
        fprintf(stderr,
                "tockemu: app %u '%s': flash 0x%" PRIx64 "-0x%" PRIx64 ", RAM 0x%" PRIx64
                "-0x%" PRIx64 ", entry 0x%" PRIx64 "\n",
                p->slot, p->name, p->flash_start, p->flash_start + p->flash_len, p->memory_start,
                p->memory_start + p->memory_len, p->init_pc);
    }
}

/* --record FILE: its apps and the options that shape the run. */
static struct emu_record *record_new(struct run *r, char *const *given, struct emu_err *err)
{
    char **options = options_to_record(given, &r->opt);
    struct emu_record *rec = emu_record_new(r->opt.record_path, r->opt.files, options, err);
    g_strfreev(options);
    return rec;
}

/* Whether glib needs the user's character set to parse `given`: for help,
 * and for bytes outside ASCII (a string argument is converted from it). In
 * the C locale ASCII converts as it is, and loading the user's locale costs
 * 0.15 ms of `tockemu hello.tbf` (file opens and page faults). */
static bool needs_user_charset(char *const *given)
{
    for (char *const *a = given; *a != NULL; a++) {
        if (g_str_has_prefix(*a, "--help") || strcmp(*a, "-h") == 0 || strcmp(*a, "-?") == 0)
            return true;
        for (const char *c = *a; *c != '\0'; c++)
            if ((unsigned char)*c >= 0x80)
                return true;
    }
    return false;
}

/* Grow the heap once and fault it in with one system call. Setting up a
 * run writes about 150 KiB of fresh heap (the machine, the board, their
 * zeroed tables): 30 page faults, each 15-25 us on the virtual machines
 * measured, where MADV_POPULATE_WRITE maps the lot in one call (a first
 * touch then costs the hypervisor about 5 us). The top of malloc's heap
 * is extended through malloc itself (a block larger than its top chunk,
 * freed at once, the trim threshold raised so that the free keeps it), so
 * malloc owns the memory. Setting the threshold ends glibc's dynamic mmap
 * threshold, which a run of this length never moves anyway. */
static void prefault_heap(size_t bytes)
{
    mallopt(M_TRIM_THRESHOLD, (int)(4 * bytes));
    mallopt(M_TOP_PAD, (int)bytes);
    void *block = malloc(mallinfo2().keepcost + 64);
    mallopt(M_TOP_PAD, 128 * 1024); /* glibc's default */
    if (block == NULL)
        return;
    uintptr_t from = (uintptr_t)block & ~(uintptr_t)4095, to = (uintptr_t)sbrk(0);
    free(block);
    if (to > from && to - from <= 4 * bytes) /* malloc's own heap (not an interposed one's) */
        madvise((void *)from, to - from, MADV_POPULATE_WRITE);
}

/* The first app's child (emu/process/host.h: the app loader exec'd straight
 * into a spare) started before anything else: its exec then runs beside
 * the whole of our own set-up, where the machine would have started the
 * loader only after parsing the options, and the first app start waits
 * neither for it nor for the zygote's clone of a spare. The zygote starts
 * when the machine finds more than one app to start. A run given no app
 * just kills it on the way out. NULL if it cannot start: the machine
 * starts its own. */
static struct emu_zygote *start_zygote(void)
{
    struct emu_zygote *z = NULL;
    struct emu_err err;
    if (emu_zygote_new(&z) != 0)
        return NULL;
    if (emu_zygote_start_spare(z, &err) != 0) {
        emu_zygote_free(z);
        return NULL;
    }
    return z;
}

/* The child that holds our memory while we exit (leave_teardown_to_a_child):
 * it shares it, so it writes nothing of ours (system calls made directly)
 * and keeps no descriptor but its end of `pipe`, whose other end closes
 * when we have exited. */
struct teardown {
    int pipe[2];
    _Alignas(16) char stack[4096];
};

__attribute__((no_sanitize_address)) /* ASan's stack bookkeeping is ours */
static int
hold_memory_until_exit(void *arg)
{
    const struct teardown *t = arg;
    sys3(__NR_close_range, 0, (unsigned)t->pipe[0] - 1, 0);
    sys3(__NR_close_range, (unsigned)t->pipe[0] + 1, ~0u, 0);
    char byte;
    while (sys3(__NR_read, t->pipe[0], &byte, 1) == -EINTR)
        ;
    sys3(__NR_exit_group, 0, 0, 0);
    return 0;
}

/* Tear our memory down after our exit rather than before it. Linux frees
 * a process's memory (page tables, the app-flash memfd's pages, a 9 MB
 * binary's mappings) before its parent hears of the exit; a child sharing
 * the memory (CLONE_VM) takes the last reference and frees it once we are
 * gone, and the shell goes on meanwhile. Not under valgrind, which runs
 * only fork- and thread-like clones. */
static void leave_teardown_to_a_child(void)
{
    if (RUNNING_ON_VALGRIND)
        return;
    /* The child's until it exits; mapped, not allocated: nothing frees it
     * before our exit, and a leak checker (LeakSanitizer) would say so. */
    struct teardown *t =
        mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (t == MAP_FAILED || pipe2(t->pipe, O_CLOEXEC) != 0)
        return;
    sigset_t all, saved;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &saved);
    if (clone(hold_memory_until_exit, t->stack + sizeof t->stack, CLONE_VM, t) > 0)
        close(t->pipe[0]);
    sigprocmask(SIG_SETMASK, &saved, NULL);
}

int main(int argc, char **argv)
{
    struct emu_zygote *zygote = start_zygote();
    prefault_heap(128 * 1024);
    struct run *r = calloc(1, sizeof *r);
    struct emu_machine *m = NULL;
    struct emu_err err;
    int status = EMU_MACHINE_BAD_INPUT;
    if (r == NULL)
        return status;
    /* Past a file-size limit (ulimit -f) a write fails with EFBIG, which the
     * flash, trace and record files report, instead of killing us silently
     * with SIGXFSZ. */
    signal(SIGXFSZ, SIG_IGN);
    r->line = g_string_new(NULL);
    r->early_lines = g_ptr_array_new_with_free_func(g_free);
    emu_pins_options_init(&r->opt.pins);
    r->opt.pins.on_other_line = on_scenario_line;
    r->opt.pins.on_other_line_ctx = r;
    emu_inputs_options_init(&r->opt.inputs, &r->opt.pins);
    emu_sensors_options_init(&r->opt.sensors, &r->opt.pins); /* after inputs: chains to it */
    emu_adc_options_init(&r->opt.adc, &r->opt.pins);
    emu_devices_options_init(&r->opt.devices, &r->opt.pins);
    r->opt.board_file = (struct emu_board_file_options){.sensors = &r->opt.sensors,
                                                        .screen = &r->opt.screen,
                                                        .devices = &r->opt.devices,
                                                        .pins = &r->opt.pins};
    emu_screen_options_init(&r->opt.screen);
    emu_rng_options_init(&r->opt.rng);
    emu_usb_options_init(&r->opt.usb);
    emu_flash_options_init(&r->opt.flash);
    emu_console_options_init(&r->opt.console);
    /* The command line, with a replayed record's options; parsing takes
     * arguments out of `parsed_argv` (pointers into `given`). */
    char **given = command_line_with_record_options(argc, argv);
    /* The user's character set (glib converts --help to it, and string
     * arguments from it), and only that: the other categories are a dozen
     * file opens at every start, and numbers keep the C format anyway. */
    if (needs_user_charset(given))
        setlocale(LC_CTYPE, "");
    argc = (int)g_strv_length(given);
    char **parsed_argv = g_memdup2(given, sizeof(char *) * (size_t)(argc + 1));
    int parsed = parse_options(r, &argc, &parsed_argv);
    g_free(parsed_argv);
    if (parsed != 0) {
        status = parsed == 1 ? EMU_MACHINE_ALL_OK : status; /* --version */
        goto out;
    }
    if (set_up_replay(r) != 0 || refuse_elf_files(r->opt.files))
        goto out;
    enum emu_trace_format trace_format = EMU_TRACE_TEXT;
    if (r->opt.trace_format != NULL &&
        emu_trace_format_parse(r->opt.trace_format, &trace_format) != 0) {
        fprintf(stderr, "tockemu: --trace-format: '%s' is not text, jsonl or chrome\n",
                r->opt.trace_format);
        goto out;
    }
    if (r->opt.trace_path != NULL &&
        (r->trace = emu_trace_new(r->opt.trace_path, trace_format, &err)) == NULL) {
        fprintf(stderr, "tockemu: --trace %s\n", err.msg);
        goto out;
    }
    r->record_inputs = open_output("--record-inputs", r->opt.record_inputs_path);
    if (r->opt.record_inputs_path != NULL && r->record_inputs == NULL)
        goto out;
    if (r->opt.record_path != NULL && (r->record = record_new(r, given, &err)) == NULL) {
        fprintf(stderr, "tockemu: --record %s\n", err.msg);
        goto out;
    }
    for (guint i = 0; i < r->early_lines->len; i++)
        keep_input(r, g_ptr_array_index(r->early_lines, i), CAME_SCHEDULED, NULL);
    /* Recording, replaying and stopping at an event read the trace's lines. */
    if (r->trace == NULL && (r->record != NULL || r->replay != NULL || r->stop_at_event != 0))
        r->trace = emu_trace_new(NULL, EMU_TRACE_TEXT, &err);
    if (r->trace != NULL)
        emu_trace_set_line_hook(r->trace, on_trace_line, r);
    fill_machine_options(r);
    if (r->replay != NULL)
        r->mo.no_console_input = true;
    r->mo.record = r->record;
    r->mo.replay = r->replay;
    r->mo.zygote = zygote;
    m = emu_machine_new(&r->mo, &err);
    if (m == NULL) {
        fprintf(stderr, "tockemu: %s\n", err.msg);
        goto out;
    }
    r->machine = m;
    if (r->opt.verbose)
        say_setup(m);
    if (r->opt.gdb_apps != NULL && r->opt.stop_at == NULL && hand_to_gdb(r, "before main") == -1)
        goto out;
    enum emu_machine_result result = emu_machine_run(m);
    /* --stop-at TIME --gdb: hand the apps to gdb there, then run on. */
    if (result == EMU_MACHINE_STOPPED && r->opt.gdb_apps != NULL && r->opt.stop_at != NULL &&
        r->stop_at_event == 0) {
        fprintf(stderr, "tockemu: stopped at %s of virtual time\n", r->opt.stop_at);
        if (hand_to_gdb(r, "at this time") != -1)
            result = emu_machine_run_until(m, UINT64_MAX);
    }
    if (r->opt.verbose)
        fprintf(stderr, "tockemu: run ended at %.9fs of virtual time: %s\n",
                (double)tk_kernel_now(emu_machine_kernel(m)) / 1e9,
                emu_machine_result_name(result));
    status = result == EMU_MACHINE_SIGNALLED ? 128 + emu_machine_signal(m) : (int)result;
    /* A run --stop-at ended early compares only the events it had. */
    bool stopped_early = r->opt.stop_at != NULL && result == EMU_MACHINE_STOPPED;
    if (r->replay != NULL &&
        !emu_replay_finish(r->replay, stopped_early ? UINT64_MAX : emu_trace_count(r->trace))) {
        emu_replay_report(r->replay, stderr);
        status = EXIT_REPLAY_DIVERGED;
    } else if (r->replay != NULL && r->opt.verbose) {
        fprintf(stderr, "tockemu: replay matched %" PRIu64 " events of %s\n",
                emu_trace_count(r->trace), r->opt.replay_path);
    }
    if (r->record != NULL) {
        struct emu_board *board = emu_machine_board(m);
        struct emu_rng *rng = board != NULL ? emu_board_rng(board) : NULL;
        int rc = emu_record_free(r->record, rng != NULL, rng != NULL ? emu_rng_seed(rng) : 0);
        r->record = NULL;
        if (rc != 0) {
            fprintf(stderr, "tockemu: --record %s: cannot write: %s\n", r->opt.record_path,
                    strerror(-rc));
            if (status == EMU_MACHINE_ALL_OK)
                status = EMU_MACHINE_BAD_INPUT;
        }
    }
out:;
    uint64_t end_ns = m != NULL ? tk_kernel_now(emu_machine_kernel(m)) : 0;
    emu_machine_free(m);
    if (zygote != NULL) {
        emu_zygote_leave_children(zygote); /* we exit next: it dies with us */
        emu_zygote_free(zygote);
    }
    int trace_rc = emu_trace_free(r->trace, end_ns);
    if (trace_rc != 0) {
        fprintf(stderr, "tockemu: --trace %s: cannot write: %s\n", r->opt.trace_path,
                strerror(-trace_rc));
        if (status == EMU_MACHINE_ALL_OK)
            status = EMU_MACHINE_BAD_INPUT;
    }
    status = output_close(r->record_inputs, "--record-inputs", r->opt.record_inputs_path, status);
    emu_record_free(r->record, false, 0);
    emu_replay_free(r->replay);
    g_string_free(r->line, TRUE);
    g_ptr_array_free(r->early_lines, TRUE);
    free_options(&r->opt);
    free(r);
    g_strfreev(given);
    leave_teardown_to_a_child();
    return status;
}
