/* tockemu: run Tock apps (TBF files) as forked children of an emulated kernel.
 *
 *   tockemu [options] APP.tbf|APP.tab...
 *
 * Steps: build the board, lay the app files into app flash, scan it as the
 * kernel does, create a process per loadable object, run the kernel until
 * every process has ended, then turn completion codes and faults into the
 * exit status (see usage_epilogue).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "appflash.h"
#include "appid.h"
#include "credentials.h"
#include "appload.h"
#include "board.h"
#include "host.h"
#include "kernel.h"
#include "loader.h"
#include "emu_rng.h"
#include "flash.h"
#include "inputs.h"
#include "pins.h"
#include "tbf.h"
#include "trace.h"

enum exit_status {
    EXIT_ALL_OK = 0,     /* every app exited with completion code 0 */
    EXIT_APP_FAILED = 1, /* an app exited with a non-zero code, or faulted */
    EXIT_BAD_INPUT = 2,  /* a file, flag or app could not be used */
    EXIT_PANIC = 3,      /* the kernel panicked (fault policy panic, console) */
    EXIT_STUCK = 4,      /* apps wait for events that can never come */
    EXIT_TIME_LIMIT = 5, /* --stop-after reached with apps still running */
};

static const char usage_epilogue[] =
    "Exit status: 0 every app exited with completion code 0; 1 an app exited with a\n"
    "non-zero completion code or faulted (even once, restarted by the fault policy);\n"
    "2 bad input (a file, a flag, an app that cannot load); 3 kernel panic; 4 apps\n"
    "still waiting when no event can ever come; 5 --stop-after reached with apps\n"
    "still running (or `quit` typed at the process console: the apps' status);\n"
    "128+N ended by signal N (130: Ctrl-C).\n"
    "\n"
    "Fault policies: panic, stop, stop-debug, restart, restart-debug,\n"
    "threshold-restart:N, threshold-restart-panic:N (spec §5.3).";

struct options {
    gchar *apps_image;
    gchar *fault_policy;
    gint timeslice_ms;
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
    gchar *appid;
    gboolean permissions_filter;
    gboolean hide_footers;
    gchar *control;
    gboolean verbose;
    gchar **files;
    struct emu_pins_options pins;
    struct emu_inputs_options inputs;
    struct emu_rng_options rng;
    struct emu_usb_options usb;
    struct emu_sensors_options sensors;
    struct emu_flash_options flash;
    struct emu_console_options console;
};

/* The run: everything main owns. */
struct run {
    struct options opt;
    struct tk_kernel kernel;
    struct emu_app_flash flash;
    struct emu_app_image image;
    struct emu_board *board;
    struct emu_trace *trace;
    FILE *record_inputs; /* --record-inputs: outside inputs as scenario lines */
    bool bad_input;
    uint64_t wall_start_ns; /* --rt: wall time at virtual time 0 */
    struct tk_deadline time_limit;
    struct emu_credentials credentials;
    /* Loadable objects found by the scan, in flash order. */
    struct found {
        struct tk_tbf_object obj;
        const char *path;
    } found[TK_MAX_PROCESSES * 2];
    unsigned found_count;
    struct tk_permissions permissions[TK_MAX_PROCESSES];
};

static void complain(struct run *r, const char *msg)
{
    fprintf(stderr, "tockemu: %s\n", msg);
    r->bad_input = true;
}

/* ---- options --------------------------------------------------------------- */

static int parse_fault_policy(const char *s, struct tk_kernel_config *cfg)
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
            cfg->fault_threshold = (unsigned)n;
        }
        cfg->fault_policy = table[i].policy;
        return 0;
    }
    return -EINVAL;
}

static int parse_options(struct run *r, int *argc, char ***argv)
{
    struct options *o = &r->opt;
    o->timeslice_ms = -1; /* not given */
    GOptionEntry entries[] = {
        {"apps", 0, 0, G_OPTION_ARG_FILENAME, &o->apps_image,
         "Load an app-flash image (TBF objects back to back) before the files", "IMAGE"},
        {"fault-policy", 0, 0, G_OPTION_ARG_STRING, &o->fault_policy,
         "What a fault does to an app (default stop)", "POLICY"},
        {"timeslice", 0, 0, G_OPTION_ARG_INT, &o->timeslice_ms,
         "Timeslice of a process in ms (default 10)", "MS"},
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
         "Write every outside input (console bytes, button and GPIO inputs) to FILE as scenario "
         "lines; --scenario FILE replays them",
         "FILE"},
        {"stop-after", 0, 0, G_OPTION_ARG_STRING, &o->stop_after,
         "Stop the run at this virtual time (e.g. 500ms, 2s)", "TIME"},
        {"console-pty", 0, 0, G_OPTION_ARG_NONE, &o->console_pty,
         "Put the console UART on a new pseudo-terminal (open it with screen)", NULL},
        {"credentials", 0, 0, G_OPTION_ARG_STRING, &o->credentials,
         "Credential checker: none (default), sha256, sha384, sha512, ecdsa-p256, rsa", "KIND"},
        {"key", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->keys,
         "A trusted public key (PEM) for ecdsa-p256 or rsa; repeat for more", "PUBLIC.pem"},
        {"appid", 0, 0, G_OPTION_ARG_STRING, &o->appid,
         "AppID assigner: none (default), names (CRC-32 of the name), tbf-header (ShortId TLV)",
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
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &o->verbose, "Say more on stderr", NULL},
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
    g_option_context_add_group(ctx, emu_sensors_option_group(&o->sensors));
    g_option_context_add_group(ctx, emu_flash_option_group(&o->flash));
    g_option_context_add_group(ctx, emu_console_option_group(&o->console));
    g_option_context_set_description(ctx, usage_epilogue);
    GError *gerr = NULL;
    bool ok = g_option_context_parse(ctx, argc, argv, &gerr);
    g_option_context_free(ctx);
    if (!ok) {
        fprintf(stderr, "tockemu: %s (see tockemu --help)\n", gerr->message);
        g_error_free(gerr);
        return -EINVAL;
    }
    struct tk_kernel_config cfg = r->kernel.config;
    if (o->fault_policy != NULL && parse_fault_policy(o->fault_policy, &cfg) != 0) {
        fprintf(stderr, "tockemu: --fault-policy: unknown policy '%s' (see tockemu --help)\n",
                o->fault_policy);
        return -EINVAL;
    }
    if (o->timeslice_ms != -1 && (o->timeslice_ms <= 0 || o->timeslice_ms > 60000)) {
        fprintf(stderr, "tockemu: --timeslice: %d ms is not in 1..60000\n", o->timeslice_ms);
        return -EINVAL;
    }
    if (o->timeslice_ms != -1) /* else the kernel's default */
        cfg.timeslice_ns = (uint64_t)o->timeslice_ms * 1000000ull;
    if (o->stop_after != NULL && emu_pins_parse_time(o->stop_after, &r->time_limit.when_ns) != 0) {
        fprintf(stderr, "tockemu: --stop-after: '%s' is not a time like 500ms or 2s\n",
                o->stop_after);
        return -EINVAL;
    }
    r->kernel.config = cfg;
    struct emu_err err;
    if (emu_credentials_init(&r->credentials, o->credentials, o->keys, o->appid, &err) != 0) {
        fprintf(stderr, "tockemu: %s\n", err.msg);
        return -EINVAL;
    }
    if (o->permissions_filter)
        tk_kernel_set_filter(&r->kernel, tk_permissions_kernel_filter);
    if (o->apps_image == NULL && (o->files == NULL || o->files[0] == NULL)) {
        fprintf(stderr, "tockemu: no app given (usage: tockemu [options] APP.tbf...)\n");
        return -EINVAL;
    }
    return 0;
}

/* ---- platform hooks ---------------------------------------------------------- */

/* --rt: bring virtual time up to wall time (never past `limit`). */
static void follow_wall_clock(struct run *r, struct tk_kernel *k, uint64_t limit)
{
    uint64_t now = emu_monotonic_ns() - r->wall_start_ns;
    if (now > limit)
        now = limit;
    if (now > tk_kernel_now(k))
        tk_kernel_advance(k, now);
}

static bool on_idle(struct tk_kernel *k, uint64_t next_deadline_ns, void *ctx)
{
    struct run *r = ctx;
    if (next_deadline_ns == TK_NO_DEADLINE) {
        if (!emu_board_input_possible(r->board))
            return false;
        emu_board_poll(r->board, -1);
        if (r->opt.rt) /* input arrives at the time it arrived */
            follow_wall_clock(r, k, TK_NO_DEADLINE);
        return true;
    }
    if (!r->opt.rt) {
        emu_board_poll(r->board, 0);
        return true;
    }
    /* --rt: sleep (watching inputs) until wall time reaches the deadline. */
    for (;;) {
        uint64_t now = emu_monotonic_ns() - r->wall_start_ns;
        if (now >= next_deadline_ns)
            return true;
        uint64_t wait_ms = (next_deadline_ns - now + 999999) / 1000000;
        if (emu_board_poll(r->board, (int)(wait_ms > 1000 ? 1000 : wait_ms))) {
            follow_wall_clock(r, k, next_deadline_ns);
            return true;
        }
    }
}

static void on_poll(struct tk_kernel *k, void *ctx)
{
    (void)k;
    struct run *r = ctx;
    emu_board_poll(r->board, 0);
}

static void on_event(struct tk_kernel *k, const struct tk_event *ev, void *ctx)
{
    (void)k;
    struct run *r = ctx;
    if (r->trace != NULL)
        emu_trace_kernel_event(r->trace, ev);
    if (ev->kind == TK_EV_FAULT && ev->process != NULL) {
        char what[200];
        emu_fault_describe(&ev->fault, what, sizeof what);
        fprintf(stderr, "tockemu: app '%s' faulted: %s\n", ev->process->name, what);
    }
}

/* LED and GPIO output changes, and inputs applied (--trace-leds, --trace). */
static void on_pin_event(const struct emu_pins_event *ev, void *ctx)
{
    struct run *r = ctx;
    char what[96];
    emu_pins_event_format(ev, what, sizeof what);
    if (r->opt.pins.trace_leds)
        fprintf(stderr, "tockemu: %" PRIu64 ".%06" PRIu64 " ms %s\n", ev->time_ns / 1000000,
                ev->time_ns % 1000000, what);
    if (r->trace != NULL)
        emu_trace_pins_event(r->trace, ev);
    if (r->record_inputs != NULL && emu_pins_event_scenario_line(ev, what, sizeof what) > 0)
        fprintf(r->record_inputs, "%s\n", what);
}

/* Every app has ended: the board stays up while the process console may
 * still boot one (or a scripted console line is to come). */
static bool on_keep_running(struct tk_kernel *k, void *ctx)
{
    struct run *r = ctx;
    (void)k;
    return emu_board_keep_running(r->board);
}

/* Console bytes entering the UART, from stdin or scripted (--record-inputs). */
static void on_console_input(const uint8_t *bytes, size_t len, void *ctx)
{
    struct run *r = ctx;
    if (r->trace != NULL)
        emu_trace_console(r->trace, tk_kernel_now(&r->kernel), EMU_TRACE_RX, bytes, len);
    if (r->record_inputs == NULL)
        return;
    GString *line = g_string_new(NULL);
    emu_inputs_console_line(line, tk_kernel_now(&r->kernel), bytes, len);
    fputs(line->str, r->record_inputs);
    g_string_free(line, TRUE);
}

static void on_console_output(const uint8_t *bytes, size_t len, void *ctx)
{
    struct run *r = ctx;
    emu_trace_console(r->trace, tk_kernel_now(&r->kernel), EMU_TRACE_TX, bytes, len);
}

static void on_debug(struct tk_kernel *k, const char *line, void *ctx)
{
    (void)k;
    struct run *r = ctx;
    emu_board_debug(r->board, line);
}

static void on_time_limit(struct tk_deadline *dl)
{
    struct run *r = dl->owner;
    tk_kernel_request_stop(&r->kernel);
}

static void say_rng_seed(const struct emu_rng *rng, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "tockemu: rng seed %" PRIu64 " (--seed %" PRIu64 " repeats this run)\n",
            emu_rng_seed(rng), emu_rng_seed(rng));
}

/* ---- loading ----------------------------------------------------------------- */

static int create_process(struct run *r, const struct tk_tbf_object *obj, const char *path,
                          uint32_t short_id)
{
    struct emu_err err;
    char msg[600];
    /* Writeable flash regions get what a previous run saved (app state). */
    if (emu_board_add_tbf(r->board, path, r->flash.base + (obj->address - EMU_APP_FLASH_BASE),
                          obj->address, &obj->header, &err) < 0) {
        complain(r, err.msg);
        return -ENOSPC;
    }
    /* Identity from the AppID assigner (spec §7.4; it also keys storage
     * permissions) and the TBF Permissions filter (§1.7). */
    unsigned slot = r->kernel.process_count;
    struct emu_app_load_options opts = {
        .has_short_id = true,
        .short_id = short_id,
        .hide_footers = r->opt.hide_footers,
        .permissions = r->opt.permissions_filter ? &r->permissions[slot] : NULL,
    };
    if (r->opt.permissions_filter)
        tk_permissions_init(&r->permissions[slot], &obj->header);
    if (emu_app_process_new_with(&r->kernel, &r->flash, obj, &emu_forked_process_ops, &opts,
                                 &err) == NULL) {
        snprintf(msg, sizeof msg, "%s: %s", path, err.msg);
        complain(r, msg);
        return -EINVAL;
    }
    return 0;
}

struct scan_ctx {
    struct run *run;
    uint64_t image_len;
};

static bool on_object(void *ctx, const struct tk_tbf_object *obj)
{
    struct scan_ctx *s = ctx;
    struct run *r = s->run;
    const char *path = emu_app_image_path_at(&r->image, obj->offset);
    char why[160], msg[400];

    if (obj->verdict == TK_LOAD_OK) {
        if (r->found_count == sizeof r->found / sizeof r->found[0]) {
            complain(r,
                     "app flash: more loadable objects than process slots; the rest are ignored");
            return false;
        }
        r->found[r->found_count++] = (struct found){*obj, path != NULL ? path : "app flash"};
        return true;
    }
    tk_tbf_error_format(&obj->error, why, sizeof why);
    if (obj->verdict == TK_LOAD_STOP && obj->offset >= s->image_len)
        return false; /* the normal end: erased flash after the last app */
    if (obj->verdict == TK_LOAD_SKIP && obj->error.code == TK_TBF_PADDING && path == NULL)
        return true; /* our own padding between apps */
    snprintf(msg, sizeof msg, "%s: object at app flash 0x%" PRIx64 " %s: %s",
             path != NULL ? path : "app flash", obj->address,
             obj->verdict == TK_LOAD_SKIP ? "skipped" : "ends the scan", why);
    complain(r, msg);
    return true;
}

/* What the asynchronous loader does after discovery (spec §7.2, §7.5):
 * check each binary's credentials, then decide by AppID which of the
 * accepted ones load (highest version wins, first in flash on a tie), then
 * create the processes in flash order. */
static void check_and_create(struct run *r)
{
    struct tk_checked_binary bins[sizeof r->found / sizeof r->found[0]];
    struct tk_appid_decision decisions[sizeof r->found / sizeof r->found[0]];
    unsigned index[sizeof r->found / sizeof r->found[0]];
    unsigned n = 0;
    char msg[512];

    for (unsigned i = 0; i < r->found_count; i++) {
        const struct found *f = &r->found[i];
        struct tk_credentials_outcome out;
        tk_credentials_check(r->credentials.checker, f->obj.data, f->obj.len, &f->obj.header, &out);
        if (out.verdict != TK_CREDENTIALS_ACCEPTED) {
            snprintf(msg, sizeof msg, "%s: not loaded: %s (footer %u)", f->path,
                     tk_credentials_verdict_name(out.verdict), out.footer_index);
            complain(r, msg);
            continue;
        }
        bins[n] = (struct tk_checked_binary){&f->obj.header, out.has_credential, out.result};
        index[n++] = i;
    }
    tk_appid_select(r->credentials.assigner, bins, n, NULL, 0, decisions);
    for (unsigned b = 0; b < n; b++) {
        const struct found *f = &r->found[index[b]];
        if (!decisions[b].load) {
            const struct found *by = &r->found[index[decisions[b].by]];
            snprintf(msg, sizeof msg,
                     "%s: not loaded: the same application as %s, which wins (AppID, spec 7.5)",
                     f->path, by->path);
            complain(r, msg);
            continue;
        }
        create_process(r, &f->obj, f->path, tk_appid_short_id(r->credentials.assigner, &bins[b]));
    }
}

static void load_apps(struct run *r)
{
    struct emu_err err;
    if (r->opt.apps_image != NULL && emu_app_image_add_raw(&r->image, r->opt.apps_image, &err))
        complain(r, err.msg);
    for (gchar **f = r->opt.files; f != NULL && *f != NULL; f++)
        if (emu_app_image_add_file(&r->image, *f, &err) != 0)
            complain(r, err.msg);
    struct scan_ctx s = {r, emu_app_image_finish(&r->image)};
    tk_tbf_scan(r->flash.base, s.image_len + 16, EMU_APP_FLASH_BASE, on_object, &s);
    check_and_create(r);
}

/* ---- the end ------------------------------------------------------------------ */

static int exit_status(struct run *r, int run_rc)
{
    int status = r->bad_input ? EXIT_BAD_INPUT : EXIT_ALL_OK;
    for (unsigned i = 0; i < r->kernel.process_count; i++) {
        struct tk_process *p = r->kernel.processes[i];
        char state[96];
        tk_process_state_string(p, state, sizeof state);
        if (r->opt.summary) {
            char code[24] = "none";
            if (p->completion == TK_COMPLETION_CODE)
                snprintf(code, sizeof code, "%" PRIu32, p->completion_code);
            else if (p->completion == TK_COMPLETION_FAULTED)
                snprintf(code, sizeof code, "Faulted");
            fprintf(stderr,
                    "tockemu: app %u '%s': %s, completion code %s, %u restarts, %u syscalls\n",
                    p->slot, p->name, state, code, p->restart_count, p->syscall_count);
        }
        /* A fault counts even if a restart policy then let the app exit 0. */
        if (p->state == TK_STATE_FAULTED || p->completion == TK_COMPLETION_FAULTED ||
            p->last_fault.kind != TK_FAULT_NONE) {
            fprintf(stderr, "tockemu: app '%s' faulted\n", p->name);
            if (status == EXIT_ALL_OK)
                status = EXIT_APP_FAILED;
        } else if (p->completion == TK_COMPLETION_CODE && p->completion_code != 0) {
            fprintf(stderr, "tockemu: app '%s' exited with completion code %" PRIu32 "\n", p->name,
                    p->completion_code);
            if (status == EXIT_ALL_OK)
                status = EXIT_APP_FAILED;
        }
    }
    if (run_rc == 1) {
        fprintf(stderr, "tockemu: kernel panic: %s\n", r->kernel.panic_message);
        return EXIT_PANIC;
    }
    int ended_by = emu_board_ended_by(r->board);
    if (run_rc == 3 && ended_by == EMU_BOARD_QUIT)
        return status;
    if (run_rc == 3 && ended_by > 0) {
        fprintf(stderr, "tockemu: ended by signal %d (%s)\n", ended_by, strsignal(ended_by));
        return 128 + ended_by;
    }
    if (run_rc == 3) {
        fprintf(stderr, "tockemu: stopped at %s of virtual time\n", r->opt.stop_after);
        return status == EXIT_ALL_OK ? EXIT_TIME_LIMIT : status;
    }
    if (run_rc == 2) {
        fprintf(stderr, "tockemu: every app is waiting for an event that can never come\n");
        return status == EXIT_BAD_INPUT ? status : EXIT_STUCK;
    }
    return status;
}

/* The emulator's own memory map, for the process console's `kernel`. */
extern char __executable_start[], etext[], edata[], __bss_start[], end[];

static void fill_kernel_addresses(struct tk_kernel_addresses *a)
{
    int on_stack;
    a->text_start = (uint64_t)(uintptr_t)__executable_start;
    a->text_end = (uint64_t)(uintptr_t)etext;
    a->read_only_data_start = (uint64_t)(uintptr_t)etext;
    a->relocations_start = (uint64_t)(uintptr_t)etext;
    a->relocations_end = (uint64_t)(uintptr_t)edata;
    a->bss_start = (uint64_t)(uintptr_t)__bss_start;
    a->bss_end = (uint64_t)(uintptr_t)end;
    a->stack_end = (uint64_t)(uintptr_t)&on_stack;
    a->stack_start = a->stack_end - 8 * 1024 * 1024;
}

int main(int argc, char **argv)
{
    struct run *r = calloc(1, sizeof *r);
    struct emu_err err;
    int status = EXIT_BAD_INPUT;
    if (r == NULL)
        return EXIT_BAD_INPUT;
    r->flash.fd = -1;
    tk_kernel_init(&r->kernel, NULL);
    emu_pins_options_init(&r->opt.pins);
    emu_inputs_options_init(&r->opt.inputs, &r->opt.pins);
    emu_sensors_options_init(&r->opt.sensors, &r->opt.pins); /* after inputs: chains to it */
    emu_rng_options_init(&r->opt.rng);
    emu_usb_options_init(&r->opt.usb);
    emu_flash_options_init(&r->opt.flash);
    emu_console_options_init(&r->opt.console);
    if (parse_options(r, &argc, &argv) != 0)
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
    if (r->opt.record_inputs_path != NULL &&
        (r->record_inputs = fopen(r->opt.record_inputs_path, "w")) == NULL) {
        fprintf(stderr, "tockemu: --record-inputs %s: %s\n", r->opt.record_inputs_path,
                strerror(errno));
        goto out;
    }
    if (emu_process_host_signals_init(&err) != 0 || emu_app_flash_init(&r->flash, &err) != 0) {
        fprintf(stderr, "tockemu: %s\n", err.msg);
        goto out;
    }
    struct emu_board_options bo;
    emu_board_options_init(&bo);
    bo.console_pty = r->opt.console_pty;
    bo.raw_terminal = true;
    bo.catch_interrupts = true;
    bo.pins = &r->opt.pins;
    bo.console = &r->opt.console;
    bo.control_path = r->opt.control;
    bo.inputs = &r->opt.inputs;
    bo.rng = &r->opt.rng;
    bo.usb = &r->opt.usb;
    bo.sensors = &r->opt.sensors;
    bo.flash = &r->opt.flash;
    bo.app_flash = r->flash.base;
    bo.app_flash_len = r->flash.size;
    bo.app_flash_address = EMU_APP_FLASH_BASE;
    /* Off by default when stdin is not a terminal (a pipe, CI, a test). */
    bo.process_console =
        !r->opt.no_process_console && (r->opt.process_console || r->opt.console_pty || isatty(0));
    fill_kernel_addresses(&bo.kernel_addresses);
    r->board = emu_board_new(&r->kernel, &bo, &err);
    if (r->board == NULL) {
        fprintf(stderr, "tockemu: %s\n", err.msg);
        goto out;
    }
    struct tk_platform platform = {.idle = on_idle,
                                   .poll = on_poll,
                                   .event = on_event,
                                   .debug = on_debug,
                                   .keep_running = on_keep_running,
                                   .ctx = r,
                                   /* on_event needs only faults unless tracing */
                                   .event_filter = r->trace != NULL ? 0 : 1u << TK_EV_FAULT};
    tk_kernel_set_platform(&r->kernel, &platform);
    emu_pins_set_observer(emu_board_pins(r->board), on_pin_event, r);
    if (r->record_inputs != NULL || r->trace != NULL)
        emu_uart_set_input_observer(emu_board_uart(r->board), on_console_input, r);
    if (r->trace != NULL)
        emu_uart_set_output_observer(emu_board_uart(r->board), on_console_output, r);
    /* A run that draws random bytes says how to repeat it (quiet otherwise). */
    struct emu_rng *rng = emu_board_rng(r->board);
    if (!r->opt.rng.seed_given || r->opt.verbose) {
        rng->on_first_use = say_rng_seed;
        rng->on_first_use_ctx = r;
    }
    emu_app_image_init(&r->image, &r->flash);
    load_apps(r);
    if (r->kernel.process_count == 0) {
        fprintf(stderr, "tockemu: no app to run\n");
        goto out;
    }
    r->wall_start_ns = emu_monotonic_ns();
    if (r->opt.stop_after != NULL) {
        r->time_limit.fire = on_time_limit;
        r->time_limit.owner = r;
        tk_deadline_arm(&r->kernel, &r->time_limit, r->time_limit.when_ns);
    }
    int run_rc = tk_kernel_run(&r->kernel);
    /* Let the last output drain (deferred UART completions). */
    while (tk_kernel_run_deferred_calls(&r->kernel))
        ;
    status = exit_status(r, run_rc);
out:
    tk_kernel_fini(&r->kernel);
    emu_board_free(r->board);
    emu_app_flash_fini(&r->flash);
    if (emu_trace_free(r->trace, tk_kernel_now(&r->kernel)) != 0) {
        fprintf(stderr, "tockemu: --trace %s: write failed\n", r->opt.trace_path);
        if (status == EXIT_ALL_OK)
            status = EXIT_BAD_INPUT;
    }
    if (r->record_inputs != NULL)
        fclose(r->record_inputs);
    g_free(r->opt.record_inputs_path);
    g_free(r->opt.apps_image);
    g_free(r->opt.fault_policy);
    g_free(r->opt.trace_path);
    g_free(r->opt.trace_format);
    g_free(r->opt.stop_after);
    g_free(r->opt.credentials);
    g_free(r->opt.appid);
    g_free(r->opt.control);
    g_strfreev(r->opt.keys);
    g_strfreev(r->opt.files);
    emu_pins_options_fini(&r->opt.pins);
    emu_inputs_options_fini(&r->opt.inputs);
    emu_sensors_options_fini(&r->opt.sensors);
    emu_flash_options_fini(&r->opt.flash);
    free(r);
    return status;
}
