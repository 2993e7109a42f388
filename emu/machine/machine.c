/* The machine (see machine.h): a run's objects, loading, host hooks, events.
 *
 * Loading follows Tock's asynchronous process loader (spec §7.2, §7.5):
 *
 *   files ─▶ app flash ─▶ tk_tbf_scan ─▶ credentials ─▶ AppID ─▶ processes
 *            (appflash)    (kernel)      (each object)  (all of   (flash
 *                                                        one load) order)
 *
 * Host hooks: between processes the board's fds are polled (at most once a
 * millisecond); with every process idle the clock jumps to the next
 * deadline, or with none the machine blocks on host input. With --rt a
 * pacing deadline on the virtual clock holds virtual time back to wall time:
 * each time it fires it waits (watching inputs) until the wall clock has
 * caught up, then re-arms itself one pace period later while anything can
 * still happen. The idle hook itself does not know about --rt.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appflash.h"
#include "appid.h"
#include "appload.h"
#include "board.h"
#include "container_of.h"
#include "emu_clock.h"
#include "credentials.h"
#include "emu_rng.h"
#include "emu_uart.h"
#include "host.h"
#include "loader.h"
#include "fault_report.h"
#include "machine.h"
#include "sharing.h"
#include "pins.h"
#include "record.h"
#include "tbf_inspect.h"
#include "terminal.h"
#include "trace.h"

#define RT_PACE_NS 1000000ull /* --rt: virtual time waits for wall time every 1 ms */

/* A loadable object the scan found, before credentials and AppID. */
struct found {
    struct tk_tbf_object obj;
    const char *path;
};

struct emu_machine {
    struct tk_kernel kernel; /* first: emu_machine_of */
    struct emu_machine_options opt;
    struct emu_fault_reporter *faults; /* app ELFs for fault lines and dumps */
    struct emu_app_flash flash;
    bool flash_ready;
    bool exit_after_free; /* emu_machine_options.exit_after_free */
    struct emu_app_image image;
    struct emu_credentials credentials;
    struct emu_board *board;
    bool bad_input;
    enum tk_run_result last_run;
    struct tk_deadline time_limit;
    struct tk_deadline rt_pace;
    uint64_t wall_start_ns; /* --rt: wall time at virtual time 0 */
    bool console_waited;    /* --wait-console was done */
    uint64_t overrun_said;  /* typed bytes dropped that a line already reported */
    struct found found[TK_MAX_PROCESSES * 2];
    unsigned found_count;
    struct tk_permissions permissions[TK_MAX_PROCESSES];
    char first_complaint[sizeof(struct emu_err)];
    char scan_end[200];                 /* where and why the last scan ended, for "no app" */
    struct tk_process_ops recorded_ops; /* the forked ops around switch_to_as_recorded */
    uint64_t switch_count;
    uint64_t events_emitted;
    /* Typed input about to enter the UART (on_typed), for its event. */
    struct emu_input_point typing;
    size_t typing_again; /* its leading bytes that entered before */
    bool typing_now;
    /* --replay: the next typed input's or control line's time, and the
     * time it re-armed at. */
    struct tk_deadline replay_input_due_at;
    uint64_t replay_rearmed_ns;
};

const char *emu_machine_result_name(enum emu_machine_result r)
{
    static const char *const names[] = {"all ok", "app failed", "bad input", "panic",
                                        "stuck",  "stopped",    "signalled"};
    return (unsigned)r < sizeof names / sizeof names[0] ? names[r] : "?";
}

/* ---- diagnostics and events ----------------------------------------------------- */

static void say(struct emu_machine *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct emu_machine *m, const char *fmt, ...)
{
    char line[sizeof(struct emu_err) + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (m->opt.on_diagnostic != NULL)
        m->opt.on_diagnostic(line, m->opt.ctx);
    else
        fprintf(stderr, "tockemu: %s\n", line);
}

/* Something given cannot be used: say so, remember it for the result. */
static void complain(struct emu_machine *m, const char *msg)
{
    if (m->first_complaint[0] == 0) {
        size_t n = strlen(msg);
        if (n >= sizeof m->first_complaint)
            n = sizeof m->first_complaint - 1; /* cut, as emu_err cuts */
        memcpy(m->first_complaint, msg, n);
        m->first_complaint[n] = 0;
    }
    say(m, "%s", msg);
    m->bad_input = true;
}

static void emit(struct emu_machine *m, struct emu_machine_event *ev)
{
    ev->time_ns = tk_kernel_now(&m->kernel);
    /* Events of the run, as the trace numbers them: a control line is an
     * input for a record, no event of the run (a replay has none). */
    if (ev->kind != EMU_MACHINE_EV_INPUT_LINE)
        m->events_emitted++;
    if (m->opt.on_event != NULL)
        m->opt.on_event(ev, m->opt.ctx);
}

/* One line per fault, with the pc's source line (fault_report.h); the debug
 * policies also print the process dump where the kernel prints debug
 * output, before the policy's own line. */
static void report_fault(struct emu_machine *m, const struct tk_process *p,
                         const struct tk_fault *f)
{
    char line[800], why[600];
    struct emu_symbols *symbols = emu_fault_reporter_symbols(m->faults, p->slot, why, sizeof why);
    if (why[0] != 0)
        say(m, "no symbols for '%s': %s", p->name, why);
    emu_fault_line(symbols, p, f, line, sizeof line);
    say(m, "app '%s' faulted: %s", p->name, line);
    enum tk_fault_policy policy = m->kernel.config.fault_policy;
    if (m->board == NULL ||
        (policy != TK_FAULT_POLICY_STOP_WITH_DEBUG && policy != TK_FAULT_POLICY_RESTART_WITH_DEBUG))
        return;
    GString *dump = g_string_new(NULL);
    emu_fault_dump(symbols, p, f, dump);
    gchar **lines = g_strsplit(dump->str, "\r\n", -1);
    for (gchar **l = lines; *l != NULL && l[1] != NULL; l++)
        emu_board_debug(m->board, *l);
    g_strfreev(lines);
    g_string_free(dump, TRUE);
}

static void on_kernel_event(struct tk_kernel *k, const struct tk_event *ev, void *ctx)
{
    (void)k;
    struct emu_machine *m = ctx;
    if (ev->kind == TK_EV_FAULT && ev->process != NULL)
        report_fault(m, ev->process, &ev->fault);
    if (m->opt.kernel_events != 0 && !(m->opt.kernel_events & 1u << ev->kind))
        return;
    struct emu_machine_event mev = {.kind = EMU_MACHINE_EV_KERNEL, .kernel = ev};
    emit(m, &mev);
}

static void on_pin_event(const struct emu_pins_event *ev, void *ctx)
{
    struct emu_machine_event mev = {.kind = EMU_MACHINE_EV_PINS, .pins = ev};
    emit(ctx, &mev);
}

/* Where the run stands now, for an input that enters here. */
static struct emu_input_point input_point_now(const struct emu_machine *m)
{
    return (struct emu_input_point){.time_ns = tk_kernel_now(&m->kernel),
                                    .events = m->events_emitted,
                                    .deferred_calls = m->kernel.deferred_calls_run};
}

/* Typed bytes for `target` enter the UART next (board.h): where they
 * entered goes with their event. */
static void on_typed(struct emu_terminal_target target, size_t again, void *ctx)
{
    struct emu_machine *m = ctx;
    m->typing = input_point_now(m);
    m->typing.target = target;
    m->typing_again = again;
    m->typing_now = true;
}

static void on_console_input(const uint8_t *bytes, size_t len, void *ctx)
{
    struct emu_machine *m = ctx;
    struct emu_machine_event mev = {
        .kind = EMU_MACHINE_EV_CONSOLE_IN,
        .bytes = bytes,
        .len = len,
        .entered = m->typing_now ? &m->typing : NULL,
        .again = m->typing_now ? m->typing_again : 0,
        .from_control_line = emu_board_console_input_from_control(m->board),
    };
    m->typing_now = false;
    emit(m, &mev);
}

/* A control line came (board.h): where, with its event. */
static void on_input_line(uint64_t at_ns, const char *rest, void *ctx)
{
    struct emu_machine *m = ctx;
    struct emu_input_point here = input_point_now(m);
    struct emu_machine_event mev = {
        .kind = EMU_MACHINE_EV_INPUT_LINE, .at_ns = at_ns, .text = rest, .entered = &here};
    emit(m, &mev);
}

static void on_console_output(const uint8_t *bytes, size_t len, void *ctx)
{
    struct emu_machine_event mev = {.kind = EMU_MACHINE_EV_CONSOLE_OUT, .bytes = bytes, .len = len};
    emit(ctx, &mev);
}

static void say_rng_seed(const struct emu_rng *rng, void *ctx)
{
    say(ctx, "rng seed %" PRIu64 " (--seed %" PRIu64 " repeats this run)", emu_rng_seed(rng),
        emu_rng_seed(rng));
}

/* ---- host hooks ------------------------------------------------------------------- */

/* --replay: has the run come to a recorded input's point? Points are ordered by
 * time, then events, then deferred calls (record.h emu_input_point). */
static bool input_point_reached(const struct emu_machine *m, const struct emu_input_point *at)
{
    uint64_t now = tk_kernel_now(&m->kernel);
    if (now != at->time_ns)
        return now > at->time_ns;
    if (m->events_emitted != at->events)
        return m->events_emitted > at->events;
    return m->kernel.deferred_calls_run >= at->deferred_calls;
}

/* --replay: stop the clock at the next typed input's or control line's
 * time, if it is ahead (kept armed when it is already: re-arming would
 * change its order among deadlines at that time). */
static void replay_arm_input(struct emu_machine *m)
{
    struct emu_replay_input in;
    if (m->opt.replay != NULL && emu_replay_input(m->opt.replay, &in) &&
        in.at.time_ns > tk_kernel_now(&m->kernel) &&
        (!m->replay_input_due_at.armed || m->replay_input_due_at.when_ns != in.at.time_ns))
        tk_deadline_arm(&m->kernel, &m->replay_input_due_at, in.at.time_ns);
}

/* --replay: enter the recorded terminal input and control lines whose
 * point has come, by the paths they took: typed bytes through the board's
 * typed-input queue, control lines as the control FIFO gives them, at the
 * same host hook (after a process ran, idle, or at a time the clock must
 * stop at, where --rt's pacing polled). Returns whether any entered. */
static bool replay_enter_due(struct emu_machine *m)
{
    struct emu_replay_input in;
    bool entered = false;
    if (m->opt.replay == NULL || m->board == NULL)
        return false;
    while (emu_replay_input(m->opt.replay, &in) && input_point_reached(m, &in.at)) {
        emu_replay_input_take(m->opt.replay);
        struct emu_err err;
        if (in.control_line == NULL)
            (void)emu_board_type(m->board, in.at.target, in.bytes, in.len);
        else if (emu_board_control(m->board, in.control_line, &err) != 0)
            complain(m, err.msg); /* the record was edited: it applied when recorded */
        entered = true;
    }
    replay_arm_input(m);
    return entered;
}

/* The clock came to the next recorded input's time. Deadlines due at the same
 * instant fire in arming order, which need not be the record's: if the
 * point has not come yet, look again once after them. */
static void on_replay_input_time(struct tk_deadline *dl)
{
    struct emu_machine *m = dl->owner;
    uint64_t now = tk_kernel_now(&m->kernel);
    if (!replay_enter_due(m) && m->replay_rearmed_ns != now) {
        m->replay_rearmed_ns = now;
        tk_deadline_arm(&m->kernel, dl, now);
    }
}

static bool any_running(const struct tk_kernel *k)
{
    for (unsigned i = 0; i < k->process_count; i++)
        if (k->processes[i]->state == TK_STATE_RUNNING)
            return true;
    return false;
}

/* --rt: hold virtual time (now at the pace deadline) until wall time has
 * caught up, then pace on while anything can still happen. An input that
 * arrives during the wait ends it early; the input lands at this virtual
 * time, at most one pace period early. */
static void on_rt_pace(struct tk_deadline *dl)
{
    struct emu_machine *m = dl->owner;
    uint64_t target = tk_kernel_now(&m->kernel);
    for (;;) {
        uint64_t wall = emu_wall_ns() - m->wall_start_ns;
        if (wall >= target)
            break;
        uint64_t wait_ms = (target - wall + 999999) / 1000000;
        if (emu_board_poll(m->board, (int)(wait_ms > 1000 ? 1000 : wait_ms)))
            break;
    }
    if (tk_kernel_next_deadline(&m->kernel) != TK_NO_DEADLINE ||
        emu_board_input_possible(m->board) || any_running(&m->kernel))
        tk_deadline_arm(&m->kernel, dl, target + RT_PACE_NS);
}

/* Pacing resumes after a blocking wait for input: virtual time moves to
 * the wall time the input came at. */
static void rt_resume(struct emu_machine *m)
{
    uint64_t wall = emu_wall_ns() - m->wall_start_ns;
    if (wall > tk_kernel_now(&m->kernel))
        tk_kernel_advance(&m->kernel, wall);
    if (!m->rt_pace.armed)
        tk_deadline_arm(&m->kernel, &m->rt_pace, tk_kernel_now(&m->kernel) + RT_PACE_NS);
}

static bool on_idle(struct tk_kernel *k, uint64_t next_deadline_ns, void *ctx)
{
    (void)k;
    struct emu_machine *m = ctx;
    if (replay_enter_due(m))
        return true;
    if (next_deadline_ns != TK_NO_DEADLINE) {
        emu_board_poll(m->board, 0);
        return true;
    }
    if (!emu_board_input_possible(m->board))
        return false;
    emu_board_poll(m->board, -1);
    if (m->opt.rt)
        rt_resume(m);
    return true;
}

static void on_poll(struct tk_kernel *k, void *ctx)
{
    (void)k;
    struct emu_machine *m = ctx;
    (void)replay_enter_due(m);
    emu_board_poll(m->board, 0);
}

static void on_debug(struct tk_kernel *k, const char *line, void *ctx)
{
    (void)k;
    struct emu_machine *m = ctx;
    if (m->board != NULL)
        emu_board_debug(m->board, line);
}

static bool on_keep_running(struct tk_kernel *k, void *ctx)
{
    (void)k;
    struct emu_machine *m = ctx;
    return emu_board_keep_running(m->board);
}

static void on_time_limit(struct tk_deadline *dl)
{
    struct emu_machine *m = dl->owner;
    tk_kernel_request_stop(&m->kernel);
}

/* ---- the board ------------------------------------------------------------------------ */

/* The emulator's own memory map, for the process console's `kernel`. Weak:
 * only an executable defines them (in the harness's shared library they
 * read as 0 and the map shows zeros). */
extern char __executable_start[] __attribute__((weak)), etext[] __attribute__((weak)),
    edata[] __attribute__((weak)), __bss_start[] __attribute__((weak)), end[] __attribute__((weak));

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

/* The caller's placement, and never over a driver already registered. */
static bool place_driver(uint32_t *number, void *ctx)
{
    struct emu_machine *m = ctx;
    if (m->opt.place_driver != NULL && !m->opt.place_driver(number, m->opt.place_ctx))
        return false;
    return tk_kernel_driver(&m->kernel, *number) == NULL;
}

int emu_machine_start(struct emu_machine *m, struct emu_err *err)
{
    if (m->board != NULL)
        return 0;
    const struct emu_machine_options *o = &m->opt;
    struct emu_board_options bo;
    emu_board_options_init(&bo);
    bo.console_pty = o->console_pty;
    bo.output_fd = o->console_output_fd;
    if (o->no_console_input)
        bo.input_fd = -1;
    bo.process_console = o->process_console;
    bo.raw_terminal = o->raw_terminal;
    bo.catch_interrupts = o->catch_interrupts;
    bo.pins = o->pins;
    bo.console = o->console;
    bo.inputs = o->inputs;
    bo.rng = o->rng;
    bo.usb = o->usb;
    bo.sensors = o->sensors;
    bo.screen = o->screen;
    bo.adc = o->adc;
    bo.devices = o->devices;
    bo.sharing = o->sharing;
    bo.flash = o->flash;
    bo.control_path = o->control_path;
    bo.app_flash = m->flash.base;
    bo.app_flash_len = m->flash.size;
    bo.app_flash_address = EMU_APP_FLASH_BASE;
    bo.place_driver = place_driver;
    bo.place_ctx = m;
    fill_kernel_addresses(&bo.kernel_addresses);
    m->board = emu_board_new(&m->kernel, &bo, err);
    if (m->board == NULL)
        return -EINVAL;
    emu_pins_set_observer(emu_board_pins(m->board), on_pin_event, m);
    emu_uart_set_input_observer(emu_board_uart(m->board), on_console_input, m);
    emu_board_set_typed_observer(m->board, on_typed, m);
    emu_board_set_line_observer(m->board, on_input_line, m);
    emu_uart_set_output_observer(emu_board_uart(m->board), on_console_output, m);
    if (o->say_rng_seed) {
        struct emu_rng *rng = emu_board_rng(m->board);
        rng->on_first_use = say_rng_seed;
        rng->on_first_use_ctx = m;
    }
    return 0;
}

int emu_machine_add_driver(struct emu_machine *m, struct tk_driver *d)
{
    if (m->board != NULL)
        return TK_BUSY;
    return tk_kernel_add_driver(&m->kernel, d);
}

/* ---- loading ------------------------------------------------------------------------------ */

/* ---- switches as recorded ------------------------------------------------------------ */

/* --record and --replay: whether a switch to a computing app ends in a
 * preemption, and the CPU time a trap is charged, are the host's CPU speed
 * speaking (switch.c). A record keeps them; a replay makes the kernel see
 * the same, whatever this host's speed (docs/trace.md "Record and replay"):
 *   - a recorded preemption: the app runs only until the transport can
 *     stop it (a 1 ns slice), and the kernel sees a preemption even if the
 *     app reached its next syscall first: that syscall waits in the
 *     mailbox, and the next switch (a continue) reads it at once;
 *   - a recorded trap: the app runs until it traps, however long it
 *     computes here, and is charged the recorded CPU time. */
static void switch_to_as_recorded(struct tk_process *p, const struct tk_resume *resume,
                                  uint64_t timeslice_ns, struct tk_trap *trap)
{
    struct emu_machine *m = emu_machine_of(p->kernel);
    uint64_t index = ++m->switch_count;
    if (m->opt.replay == NULL) {
        emu_forked_process_ops.switch_to(p, resume, timeslice_ns, trap);
    } else {
        bool preempted;
        uint64_t ran_ns;
        emu_replay_switch(m->opt.replay, index, &preempted, &ran_ns);
        emu_forked_process_ops.switch_to(p, resume, preempted ? 1 : UINT64_MAX, trap);
        if (preempted && trap->kind == TK_TRAP_SYSCALL)
            trap->kind = TK_TRAP_TIMESLICE;
        if (trap->kind != TK_TRAP_FAULT)
            trap->ran_ns = ran_ns;
    }
    if (m->opt.record != NULL)
        emu_record_switch(m->opt.record, index, trap->kind == TK_TRAP_TIMESLICE, trap->ran_ns);
}

/* The forked transport, around switch_to_as_recorded when recording or
 * replaying. */
static const struct tk_process_ops *forked_ops(const struct emu_machine *m)
{
    return m->opt.record != NULL || m->opt.replay != NULL ? &m->recorded_ops
                                                          : &emu_forked_process_ops;
}

/* --storage-policy: the board's storage permissions policy (spec §7.6).
 * Returns false for an unknown name; NULL is the default, tbf-header. */
static bool parse_storage_policy(const char *name, enum tk_storage_policy *out)
{
    static const struct {
        const char *name;
        enum tk_storage_policy policy;
    } policies[] = {
        {"tbf-header", TK_STORAGE_POLICY_TBF_HEADER},
        {"individual", TK_STORAGE_POLICY_INDIVIDUAL},
        {"tbf-header-else-individual", TK_STORAGE_POLICY_TBF_HEADER_ELSE_INDIVIDUAL},
        {"null", TK_STORAGE_POLICY_NULL},
    };
    *out = TK_STORAGE_POLICY_TBF_HEADER;
    if (name == NULL)
        return true;
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++)
        if (strcmp(name, policies[i].name) == 0) {
            *out = policies[i].policy;
            return true;
        }
    return false;
}

static enum tk_storage_policy storage_policy_of(const char *name)
{
    enum tk_storage_policy p;
    (void)parse_storage_policy(name, &p); /* checked in emu_machine_new */
    return p;
}

static struct tk_process *create_process(struct emu_machine *m, const struct found *f,
                                         uint32_t short_id)
{
    struct emu_err err;
    char msg[sizeof(struct emu_err) + 300];
    const struct tk_tbf_object *obj = &f->obj;
    /* Writeable flash regions get what a previous run saved (app state). */
    if (emu_board_add_tbf(m->board, f->path, m->flash.base + (obj->address - EMU_APP_FLASH_BASE),
                          obj->address, &obj->header, &err) < 0) {
        complain(m, err.msg);
        return NULL;
    }
    /* Identity from the AppID assigner (spec §7.4; it also keys storage
     * permissions) and the TBF Permissions filter (§1.7). */
    unsigned slot = m->kernel.process_count;
    struct emu_app_load_options lo = {
        .has_short_id = true,
        .short_id = short_id,
        .hide_footers = m->opt.hide_footers,
        .storage_policy = storage_policy_of(m->opt.storage_permissions),
        .permissions =
            m->opt.permissions_filter && slot < TK_MAX_PROCESSES ? &m->permissions[slot] : NULL,
    };
    if (lo.permissions != NULL)
        tk_permissions_init(&m->permissions[slot], &obj->header);
    const struct tk_process_ops *ops =
        m->opt.process_ops != NULL ? m->opt.process_ops : forked_ops(m);
    struct tk_process *p = emu_app_process_new_with(&m->kernel, &m->flash, obj, ops, &lo, &err);
    if (p == NULL) {
        snprintf(msg, sizeof msg, "%s: %s", f->path, err.msg);
        complain(m, msg);
        return NULL;
    }
    /* The ELF sits in flash after the protected region (tockbin create). */
    emu_fault_reporter_add_app(m->faults, p->slot, p->name, f->path,
                               p->flash_start + p->flash_protected_size);
    return p;
}

struct scan {
    struct emu_machine *machine;
    uint64_t from;      /* objects before this offset were loaded earlier */
    uint64_t image_len; /* the end of what was laid out */
    uint64_t end;       /* where the scan stopped */
};

/* The end of the app list (process_loading.rs: "No more processes to
 * load"): erased flash after the apps, fewer than 8 bytes, or a header of
 * another version, as an image's 0xFF fill or 0x00 terminator is. */
static bool is_list_end(const struct tk_tbf_object *obj, uint64_t image_len)
{
    return obj->verdict == TK_LOAD_STOP && (obj->offset >= image_len || !obj->has_lengths ||
                                            obj->error.code == TK_TBF_TBF_HEADER_NOT_FOUND);
}

static bool on_object(void *ctx, const struct tk_tbf_object *obj)
{
    struct scan *s = ctx;
    struct emu_machine *m = s->machine;
    const char *path = emu_app_image_path_at(&m->image, obj->offset);
    char why[160], msg[sizeof(struct emu_err) + 300];

    if (obj->offset < s->from)
        return true;
    if (obj->verdict == TK_LOAD_OK) {
        if (m->found_count == sizeof m->found / sizeof m->found[0]) {
            complain(m,
                     "app flash: more loadable objects than process slots; the rest are ignored");
            return false;
        }
        m->found[m->found_count++] = (struct found){*obj, path != NULL ? path : "app flash"};
        return true;
    }
    tk_tbf_error_format(&obj->error, why, sizeof why);
    if (obj->verdict == TK_LOAD_STOP) {
        s->end = obj->offset;
        snprintf(m->scan_end, sizeof m->scan_end,
                 "the kernel's scan ends at offset 0x%" PRIx32 ": %s", obj->offset, why);
    }
    /* spec §6.5: neither the end of the list nor padding (ours between
     * files, or an image's) is bad input; the kernel skips padding quietly. */
    if (is_list_end(obj, s->image_len))
        return false;
    if (obj->verdict == TK_LOAD_SKIP && obj->error.code == TK_TBF_PADDING)
        return true;
    if (obj->verdict == TK_LOAD_STOP)
        emu_tbf_stop_reason(obj, s->image_len - obj->offset, why, sizeof why);
    snprintf(msg, sizeof msg, "%s: object at app flash 0x%" PRIx64 " %s: %s",
             path != NULL ? path : "app flash", obj->address,
             obj->verdict == TK_LOAD_SKIP ? "skipped" : "ends the scan", why);
    complain(m, msg);
    return true;
}

/* What the asynchronous loader does after discovery (spec §7.2, §7.5):
 * check each binary's credentials, then decide by AppID which of the
 * accepted ones load (highest version wins, first in flash on a tie), then
 * create the processes in flash order. Returns the first process created. */
static struct tk_process *check_and_create(struct emu_machine *m)
{
    enum { N = sizeof m->found / sizeof m->found[0] };
    struct tk_checked_binary bins[N] = {0};
    struct tk_appid_decision decisions[N];
    unsigned index[N];
    unsigned n = 0;
    char msg[sizeof(struct emu_err) + 300];
    struct tk_process *first = NULL;

    for (unsigned i = 0; i < m->found_count; i++) {
        const struct found *f = &m->found[i];
        struct tk_credentials_outcome out;
        tk_credentials_check(m->credentials.checker, f->obj.data, f->obj.len, &f->obj.header, &out);
        if (out.verdict != TK_CREDENTIALS_ACCEPTED) {
            snprintf(msg, sizeof msg, "%s: not loaded: %s (footer %u)", f->path,
                     tk_credentials_verdict_name(out.verdict), out.footer_index);
            complain(m, msg);
            continue;
        }
        bins[n] = (struct tk_checked_binary){&f->obj.header, out.has_credential, out.result};
        index[n++] = i;
    }
    tk_appid_select(m->credentials.assigner, bins, n, NULL, 0, decisions);
    unsigned loads = 0;
    for (unsigned b = 0; b < n; b++)
        loads += decisions[b].load;
    /* More than one app to start: the zygote, if a spare started on its own
     * serves the first (tockemu), starts now, beside the first's set-up. */
    struct emu_err ignored;
    if (loads > 1 && m->flash.zygote != NULL && m->opt.process_ops == NULL)
        (void)emu_zygote_start(m->flash.zygote, &ignored); /* else at the second start */
    for (unsigned b = 0; b < n; b++) {
        const struct found *f = &m->found[index[b]];
        if (!decisions[b].load) {
            const struct found *by = &m->found[index[decisions[b].by]];
            snprintf(msg, sizeof msg,
                     "%s: not loaded: the same application as %s, which wins (AppID, spec 7.5)",
                     f->path, by->path);
            complain(m, msg);
            continue;
        }
        struct tk_process *p =
            create_process(m, f, tk_appid_short_id(m->credentials.assigner, &bins[b]));
        if (first == NULL)
            first = p;
    }
    m->found_count = 0;
    return first;
}

/* Scan what was laid out from offset `from` on and load what is there. */
static struct tk_process *scan_and_load(struct emu_machine *m, uint64_t from)
{
    struct scan s = {m, from, emu_app_image_finish(&m->image), UINT64_MAX};
    char msg[sizeof(struct emu_err) + 300];
    tk_tbf_scan(m->flash.base, s.image_len + 16, EMU_APP_FLASH_BASE, on_object, &s);
    /* A file laid out past an image's end of list is never reached, as on
     * a board: say so rather than drop it quietly. */
    for (unsigned i = 0; i < m->image.count; i++)
        if (m->image.placed[i].offset > s.end && m->image.placed[i].offset >= from) {
            snprintf(msg, sizeof msg, "%s: not loaded: %s, before it", m->image.placed[i].path,
                     m->scan_end);
            complain(m, msg);
        }
    return check_and_create(m);
}

int emu_machine_load(struct emu_machine *m, const char *path, struct emu_err *err)
{
    if (emu_machine_start(m, err) != 0)
        return -EINVAL;
    unsigned before = m->image.count;
    m->first_complaint[0] = 0;
    if (emu_app_image_add_file(&m->image, path, err) != 0) {
        m->bad_input = true;
        return -EINVAL;
    }
    struct tk_process *p = scan_and_load(m, m->image.placed[before].offset);
    if (p == NULL) {
        if (m->first_complaint[0] != 0)
            emu_err_set(err, "%s", m->first_complaint);
        else
            emu_err_set(err, "%s: the kernel's scan finds no app in it", path);
        return -ENOENT;
    }
    return (int)p->slot;
}

/* Load the options' apps: the image, then the files, one scan for all. */
static void load_given_apps(struct emu_machine *m)
{
    struct emu_err err;
    if (m->opt.apps_image != NULL && emu_app_image_add_raw(&m->image, m->opt.apps_image, &err))
        complain(m, err.msg);
    for (const char *const *f = m->opt.files; f != NULL && *f != NULL; f++)
        if (emu_app_image_add_file(&m->image, *f, &err) != 0)
            complain(m, err.msg);
    scan_and_load(m, 0);
}

/* ---- create and free ---------------------------------------------------------------------- */

/* Faults are always said; other kinds are built only if listened to. */
static uint32_t kernel_event_filter(const struct emu_machine_options *o)
{
    if (o->on_event == NULL)
        return 1u << TK_EV_FAULT;
    return o->kernel_events == 0 ? 0 : o->kernel_events | 1u << TK_EV_FAULT;
}

struct emu_machine *emu_machine_new(const struct emu_machine_options *o, struct emu_err *err)
{
    struct emu_machine *m = calloc(1, sizeof *m);
    if (m == NULL) {
        emu_err_set(err, "machine: out of memory");
        return NULL;
    }
    m->opt = *o;
    m->flash.fd = -1;
    m->recorded_ops = emu_forked_process_ops;
    m->recorded_ops.switch_to = switch_to_as_recorded;
    m->faults = emu_fault_reporter_new(o->elf_paths);
    struct tk_kernel_config kc = {.fault_policy = o->fault_policy,
                                  .fault_threshold = o->fault_threshold,
                                  .timeslice_ns = o->timeslice_ns,
                                  .sticky_wait_for = o->sticky_wait_for};
    if (o->sharing != NULL) {
        kc.lend_onward = o->sharing->lend_onward;
        kc.lend_limit_ns = o->sharing->lend_limit_ns;
    }
    tk_kernel_init(&m->kernel, &kc);
    struct tk_platform platform = {.idle = on_idle,
                                   .poll = on_poll,
                                   .event = on_kernel_event,
                                   .debug = on_debug,
                                   .keep_running = on_keep_running,
                                   .ctx = m,
                                   .event_filter = kernel_event_filter(o)};
    tk_kernel_set_platform(&m->kernel, &platform);
    if (o->permissions_filter)
        tk_kernel_set_filter(&m->kernel, tk_permissions_kernel_filter);
    if (emu_credentials_init(&m->credentials, o->credentials, o->keys, o->appid, err) != 0)
        goto fail;
    enum tk_storage_policy storage_policy;
    if (!parse_storage_policy(o->storage_permissions, &storage_policy)) {
        emu_err_set(err,
                    "--storage-policy: '%s' is not a policy (tbf-header, individual, "
                    "tbf-header-else-individual, null)",
                    o->storage_permissions);
        goto fail;
    }
    if (emu_process_host_signals_init(err) != 0)
        goto fail;
    bool borrowed = o->app_flash != NULL && emu_app_flash_borrow(&m->flash, o->app_flash);
    if (!borrowed && emu_app_flash_init(&m->flash, err) != 0)
        goto fail;
    m->flash_ready = true;
    if (!borrowed && (o->zygote != NULL || o->app_flash != NULL))
        emu_app_flash_use_zygote(&m->flash, o->zygote != NULL ? o->zygote : o->app_flash->zygote);
    /* The loader's exec (the zygote's, or a first spare's that tockemu
     * started) overlaps the rest of the set-up (board, scan, credentials)
     * when there are apps to start. */
    if ((o->apps_image != NULL || (o->files != NULL && o->files[0] != NULL)) &&
        o->process_ops == NULL && emu_zygote_prepare(m->flash.zygote, err) != 0)
        goto fail;
    emu_app_image_init(&m->image, &m->flash);
    m->exit_after_free = o->exit_after_free;
    m->time_limit = (struct tk_deadline){.fire = on_time_limit, .owner = m};
    m->rt_pace = (struct tk_deadline){.fire = on_rt_pace, .owner = m};
    m->replay_input_due_at = (struct tk_deadline){.fire = on_replay_input_time, .owner = m};
    m->replay_rearmed_ns = UINT64_MAX;
    if (o->apps_image == NULL && (o->files == NULL || o->files[0] == NULL))
        return m; /* the caller loads apps (emu_machine_load) */
    if (emu_machine_start(m, err) != 0)
        goto fail;
    load_given_apps(m);
    if (m->kernel.process_count == 0) {
        /* An image alone names itself and where the scan ended in it. */
        const bool empty = m->image.count > 0 && m->image.placed[0].len == 0;
        if (o->files == NULL || o->files[0] == NULL)
            emu_err_set(err, "%s: no app to run (%s)", o->apps_image,
                        empty ? "the file is empty" : m->scan_end);
        else
            emu_err_set(err, "no app to run");
        goto fail;
    }
    return m;
fail:
    emu_machine_free(m);
    return NULL;
}

void emu_machine_free(struct emu_machine *m)
{
    if (m == NULL)
        return;
    if (m->flash_ready && m->exit_after_free)
        emu_app_flash_leave_for_exit(&m->flash);
    tk_kernel_fini(&m->kernel); /* kills every child, and reaps it unless left */
    emu_board_free(m->board);   /* saves writeable flash regions first */
    if (m->flash_ready && m->flash.lender != NULL)
        (void)emu_app_image_erase(&m->image); /* one that fails is lent no more */
    if (m->flash_ready)
        emu_app_flash_fini(&m->flash);
    emu_fault_reporter_free(m->faults);
    free(m);
}

/* ---- debugging ------------------------------------------------------------------------------ */

int emu_machine_find_process(const struct emu_machine *m, const char *name)
{
    for (unsigned i = 0; i < m->kernel.process_count; i++)
        if (strcmp(m->kernel.processes[i]->name, name) == 0)
            return (int)m->kernel.processes[i]->slot;
    return -1;
}

/* The forked host of the process in `slot`, or NULL. */
static struct emu_process_host *forked_host(const struct emu_machine *m, unsigned slot)
{
    for (unsigned i = 0; i < m->kernel.process_count; i++) {
        const struct tk_process *p = m->kernel.processes[i];
        if (p->slot == slot && p->ops == forked_ops(m) && p->host != NULL)
            return p->host;
    }
    return NULL;
}

bool emu_machine_gdb_command(const struct emu_machine *m, unsigned slot, char *out, size_t len)
{
    const struct emu_process_host *h = forked_host(m, slot);
    out[0] = 0;
    if (h == NULL || h->pid <= 0)
        return false;
    /* Apps are position independent (symbols.h): gdb takes the ELF's
     * symbols at the app's load base, since the process it attaches to was
     * not exec'd from it (a child of the loader's zygote). Absolute: gdb may
     * run in another directory. */
    const char *elf = emu_fault_reporter_elf_path(m->faults, slot);
    gchar *absolute = elf != NULL ? g_canonicalize_filename(elf, NULL) : NULL;
    gchar *load = absolute != NULL
                      ? g_strdup_printf("symbol-file -o 0x%" PRIx64 " %s",
                                        emu_fault_reporter_load_base(m->faults, slot), absolute)
                      : NULL;
    gchar *quoted = load != NULL ? g_shell_quote(load) : NULL;
    g_free(absolute);
    g_free(load);
    snprintf(out, len, "gdb -q -p %d%s%s", (int)h->pid, quoted != NULL ? " -ex " : "",
             quoted != NULL ? quoted : "");
    g_free(quoted);
    return true;
}

int emu_machine_wait_for_debugger(struct emu_machine *m, unsigned slot)
{
    struct emu_process_host *h = forked_host(m, slot);
    if (h == NULL)
        return -ECHILD;
    struct emu_uart *uart = m->board != NULL ? emu_board_uart(m->board) : NULL;
    return emu_process_host_wait_for_debugger(h, uart != NULL ? emu_uart_interrupt_fd(uart) : -1);
}

/* ---- running ------------------------------------------------------------------------------- */

bool emu_machine_step(struct emu_machine *m)
{
    struct emu_err err;
    if (m->board == NULL && emu_machine_start(m, &err) != 0) {
        complain(m, err.msg);
        return false;
    }
    return tk_kernel_step(&m->kernel);
}

/* What the apps' ends say (exit codes, faults), with the summary lines. */
static enum emu_machine_result apps_result(struct emu_machine *m)
{
    enum emu_machine_result r = m->bad_input ? EMU_MACHINE_BAD_INPUT : EMU_MACHINE_ALL_OK;
    for (unsigned i = 0; i < m->kernel.process_count; i++) {
        struct tk_process *p = m->kernel.processes[i];
        if (m->opt.summary) {
            char state[96], code[24] = "none";
            tk_process_state_string(p, state, sizeof state);
            if (p->completion == TK_COMPLETION_CODE)
                snprintf(code, sizeof code, "%" PRIu32, p->completion_code);
            else if (p->completion == TK_COMPLETION_FAULTED)
                snprintf(code, sizeof code, "Faulted");
            say(m, "app %u '%s': %s, completion code %s, %u restarts, %u syscalls", p->slot,
                p->name, state, code, p->restart_count, p->syscall_count);
        }
        /* A fault counts even if a restart policy then let the app exit 0. */
        if (p->state == TK_STATE_FAULTED || p->completion == TK_COMPLETION_FAULTED ||
            p->last_fault.kind != TK_FAULT_NONE) {
            /* Said once per fault already (report_fault). */
            if (r == EMU_MACHINE_ALL_OK)
                r = EMU_MACHINE_APP_FAILED;
        } else if (p->completion == TK_COMPLETION_CODE && p->completion_code != 0) {
            say(m, "app '%s' exited with completion code %" PRIu32, p->name, p->completion_code);
            if (r == EMU_MACHINE_ALL_OK)
                r = EMU_MACHINE_APP_FAILED;
        }
    }
    return r;
}

static enum emu_machine_result result_of(struct emu_machine *m, enum tk_run_result run)
{
    enum emu_machine_result apps = apps_result(m);
    int ended_by = m->board != NULL ? emu_board_ended_by(m->board) : EMU_BOARD_NOT_ENDED;
    uint64_t overrun = m->board != NULL ? emu_board_input_overrun(m->board) : 0;
    if (overrun > m->overrun_said) {
        say(m, "console input overrun: %" PRIu64 " typed bytes dropped (their target did not read)",
            overrun - m->overrun_said);
        m->overrun_said = overrun;
    }
    switch (run) {
    case TK_RUN_PANIC:
        say(m, "kernel panic: %s", m->kernel.panic_message);
        return EMU_MACHINE_PANIC;
    case TK_RUN_STOPPED:
        if (ended_by == EMU_BOARD_QUIT)
            return apps;
        if (ended_by > 0) {
            say(m, "ended by signal %d (%s)", ended_by, strsignal(ended_by));
            return EMU_MACHINE_SIGNALLED;
        }
        say(m, "stopped at %" PRIu64 ".%03" PRIu64 " ms of virtual time",
            tk_kernel_now(&m->kernel) / 1000000, tk_kernel_now(&m->kernel) / 1000 % 1000);
        return apps == EMU_MACHINE_ALL_OK ? EMU_MACHINE_STOPPED : apps;
    case TK_RUN_STUCK:
        say(m, "every app is waiting for an event that can never come");
        return apps == EMU_MACHINE_BAD_INPUT ? apps : EMU_MACHINE_STUCK;
    case TK_RUN_ENDED:
        break;
    }
    return apps;
}

enum emu_machine_result emu_machine_run_until(struct emu_machine *m, uint64_t when_ns)
{
    struct emu_err err;
    if (emu_machine_start(m, &err) != 0) {
        complain(m, err.msg);
        return EMU_MACHINE_BAD_INPUT;
    }
    /* --console-split: the apps' own ptys, before anyone waits on one. */
    if (emu_board_open_app_consoles(m->board, &err) != 0) {
        complain(m, err.msg);
        return EMU_MACHINE_BAD_INPUT;
    }
    /* --wait-console: the board starts once a terminal program holds the
     * console pty; a signal meanwhile ends the run at once. */
    if (m->opt.console != NULL && m->opt.console->wait && !m->console_waited) {
        m->console_waited = true;
        (void)emu_board_wait_console(m->board);
    }
    if (when_ns != UINT64_MAX)
        tk_deadline_arm(&m->kernel, &m->time_limit, when_ns);
    if (m->opt.rt && !m->rt_pace.armed) {
        m->wall_start_ns = emu_wall_ns() - tk_kernel_now(&m->kernel);
        tk_deadline_arm(&m->kernel, &m->rt_pace, tk_kernel_now(&m->kernel) + RT_PACE_NS);
    }
    replay_arm_input(m);
    enum tk_run_result run = tk_kernel_run(&m->kernel);
    m->last_run = run;
    /* Let the last output drain (deferred UART completions). */
    while (tk_kernel_run_deferred_calls(&m->kernel))
        ;
    tk_deadline_disarm(&m->kernel, &m->time_limit);
    tk_deadline_disarm(&m->kernel, &m->rt_pace);
    tk_deadline_disarm(&m->kernel, &m->replay_input_due_at);
    return result_of(m, run);
}

enum emu_machine_result emu_machine_run(struct emu_machine *m)
{
    return emu_machine_run_until(m, m->opt.stop_after_ns != 0 ? m->opt.stop_after_ns : UINT64_MAX);
}

/* ---- setters and getters ------------------------------------------------------------------- */

void emu_machine_stop(struct emu_machine *m)
{
    tk_kernel_request_stop(&m->kernel);
}

struct tk_kernel *emu_machine_kernel(struct emu_machine *m)
{
    return &m->kernel;
}

struct emu_board *emu_machine_board(struct emu_machine *m)
{
    return m->board;
}

enum tk_run_result emu_machine_end(const struct emu_machine *m)
{
    return m->last_run;
}

int emu_machine_signal(const struct emu_machine *m)
{
    int ended_by = m->board != NULL ? emu_board_ended_by(m->board) : EMU_BOARD_NOT_ENDED;
    return ended_by > 0 ? ended_by : 0;
}

struct emu_machine *emu_machine_of(struct tk_kernel *k)
{
    return tk_container_of(k, struct emu_machine, kernel);
}

void *emu_machine_ctx(const struct emu_machine *m)
{
    return m->opt.ctx;
}
