/* The unit-test harness's world: kernel, board, apps, log, expectations.
 *
 * Set-up is tockemu's, because it is the same object: one machine
 * (emu/machine/machine.h) with the default board, the harness's fakes
 * registered first at the numbers they take, and the whole loading sequence
 * (scan, credential check, AppID, processes). The processes run through a
 * thin wrapper of the forked transport that matches expected syscalls and
 * answers overridden ones without the kernel.
 *
 *   test ──lth_run──▶ emu_machine_run ──switch_to──▶ lth wrapper ──▶ forked child
 *                          │                           │ (expectations,
 *                          ▼ the event stream          │  overrides)
 *                      on_event ──▶ log, exits, faults ◀┘
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu_rng.h"
#include "emu_uart.h"
#include "harness-internal.h"
#include "host.h" /* the forked transport the wrapper wraps */
#include "loader.h"
#include "pins.h"
#include "trace.h"

enum { LOG_TAIL = 12 };

static struct lth *world_of(struct tk_kernel *k)
{
    return emu_machine_ctx(emu_machine_of(k));
}

/* ---- failures ------------------------------------------------------------------ */

void lth_log_tail(const struct lth *t, size_t n, char *out, size_t len)
{
    size_t count = lth_log_count(t), used = 0;
    out[0] = 0;
    for (size_t i = count > n ? count - n : 0; i < count && used + 1 < len; i++) {
        int w = snprintf(out + used, len - used, "  %s\n", lth_log_at(t, i)->line);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

void lth_fail(struct lth *t, const char *file, int line, const char *fmt, ...)
{
    char what[1024], tail[LOG_TAIL * 170];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    lth_log_tail(t, LOG_TAIL, tail, sizeof tail);
    /* Check's own failure entry, so the report names the test's line. */
    _ck_assert_failed(file, line, "lth", "%s\nlast events:\n%s", what,
                      tail[0] ? tail : "  (none)\n");
    abort(); /* not reached in fork mode; no-fork mode longjmps out */
}

/* Record a failure found inside the run; the test fails when the run
 * returns (never from inside the kernel loop). With `stop`, the run stops
 * now, else it goes on (an app that asserted exits by itself). */
static void fail_later(struct lth *t, bool stop, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail_later(struct lth *t, bool stop, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (t->failure->len > 0)
        g_string_append(t->failure, "\n");
    g_string_append_vprintf(t->failure, fmt, ap);
    va_end(ap);
    if (stop)
        emu_machine_stop(t->machine);
}

/* ---- events: the log, exits and faults --------------------------------------------- */

static void on_event(const struct emu_machine_event *mev, void *ctx)
{
    struct lth *t = ctx;
    if (mev->kind != EMU_MACHINE_EV_KERNEL)
        return;
    const struct tk_event *ev = mev->kernel;
    struct lth_log_entry e = {
        .kind = ev->kind,
        .time_ns = ev->time_ns,
        .slot = ev->process != NULL ? (int)ev->process->slot : -1,
        .process_id = ev->process != NULL ? ev->process->id : 0,
        .syscall = ev->syscall,
        .ret = ev->ret,
        .task = ev->task,
        .overridden = t->emitting_override,
    };
    emu_event_format(ev, e.line, sizeof e.line);
    g_array_append_val(t->log, e);
    if (e.slot < 0)
        return;
    struct lth_app *app = &t->apps[e.slot];
    if (ev->kind == TK_EV_SYSCALL && ev->syscall.class_id == TK_CLASS_EXIT) {
        /* Exit: r0 0 terminate, 1 restart; r1 the completion code (spec §4). */
        app->exited = true;
        app->restarted = ev->syscall.arg[0] == 1;
        app->code = (uint32_t)ev->syscall.arg[1];
    } else if (ev->kind == TK_EV_FAULT) {
        app->faulted = true;
        app->fault = ev->fault;
    }
}

/* Diagnostics (an app faulted, the run stopped) are in the log already. */
static void on_diagnostic(const char *line, void *ctx)
{
    (void)line, (void)ctx;
}

/* ---- expected syscalls: the transport wrapper ----------------------------------------- */

static bool expectation_matches(const struct lth_expected *e, const struct tk_process *p,
                                const struct tk_syscall *sc)
{
    if (e->class_id != sc->class_id || (e->slot >= 0 && (unsigned)e->slot != p->slot))
        return false;
    for (unsigned i = 0; i < 4; i++)
        if ((e->match & (1u << i)) && (uint32_t)e->arg[i] != (uint32_t)sc->arg[i] &&
            e->arg[i] != sc->arg[i])
            return false;
    return true;
}

static void describe_expected(const struct lth_expected *e, char *out, size_t len)
{
    struct tk_syscall sc = {.class_id = e->class_id};
    memcpy(sc.arg, e->arg, sizeof sc.arg);
    struct tk_syscall_return none = {0};
    emu_syscall_format(&sc, &none, out, len);
}

/* Answer an overridden syscall in place of the kernel, as the kernel would
 * report it (one event), then let the app continue. */
static void answer_override(struct lth *t, struct tk_process *p, const struct tk_syscall *sc,
                            const struct lth_expected *e, struct tk_resume *resume)
{
    struct tk_event ev = {.kind = TK_EV_SYSCALL, .process = p, .syscall = *sc, .ret = e->ret};
    tk_process_count_syscall(p);
    t->emitting_override = true;
    tk_kernel_emit(t->kernel, &ev);
    t->emitting_override = false;
    *resume = (struct tk_resume){.kind = TK_RESUME_RETURN, .ret = e->ret};
}

/* Returns true if the syscall was answered here and the app goes on. */
static bool check_expectation(struct lth *t, struct tk_process *p, const struct tk_syscall *sc,
                              struct tk_resume *resume)
{
    if (!(t->expect_mask & (1u << sc->class_id)) || t->expected_next >= t->expected->len)
        return false;
    const struct lth_expected *e =
        &g_array_index(t->expected, struct lth_expected, t->expected_next);
    if (!expectation_matches(e, p, sc)) {
        char want[128], got[128];
        struct tk_syscall_return none = {0};
        describe_expected(e, want, sizeof want);
        emu_syscall_format(sc, &none, got, sizeof got);
        fail_later(t, true, "expected syscall %u: %s%s; app %u '%s' made %s", t->expected_next + 1,
                   want, e->match == 0x0f ? "" : " (some arguments unchecked)", p->slot, p->name,
                   got);
        return false;
    }
    t->expected_next++;
    if (!e->override)
        return false;
    answer_override(t, p, sc, e, resume);
    return true;
}

static void wrap_switch_to(struct tk_process *p, const struct tk_resume *resume,
                           uint64_t timeslice_ns, struct tk_trap *trap)
{
    struct lth *t = world_of(p->kernel);
    struct tk_resume next = *resume;
    for (;;) {
        emu_forked_process_ops.switch_to(p, &next, timeslice_ns, trap);
        if (trap->kind != TK_TRAP_SYSCALL || !check_expectation(t, p, &trap->syscall, &next))
            return;
        /* Deviation: overridden calls do not charge the timeslice. */
    }
}

void lth_expect(struct lth *t, const struct lth_expected *e)
{
    g_array_append_val(t->expected, *e);
}

void lth_expect_command(struct lth *t, uint32_t driver, uint32_t command, uint32_t arg0,
                        uint32_t arg1)
{
    struct lth_expected e = {.slot = -1,
                             .class_id = TK_CLASS_COMMAND,
                             .arg = {driver, command, arg0, arg1},
                             .match = 0x0f};
    lth_expect(t, &e);
}

void lth_expect_command_returns(struct lth *t, uint32_t driver, uint32_t command, uint32_t arg0,
                                uint32_t arg1, struct tk_cmd_return ret)
{
    struct lth_expected e = {.slot = -1,
                             .class_id = TK_CLASS_COMMAND,
                             .arg = {driver, command, arg0, arg1},
                             .match = 0x0f,
                             .override = true,
                             .ret = tk_cmd_return_encode(ret)};
    lth_expect(t, &e);
}

static void expect_numbered(struct lth *t, uint32_t class_id, uint32_t driver, uint32_t number)
{
    struct lth_expected e = {
        .slot = -1, .class_id = class_id, .arg = {driver, number}, .match = 0x03};
    lth_expect(t, &e);
}

void lth_expect_subscribe(struct lth *t, uint32_t driver, uint32_t number)
{
    expect_numbered(t, TK_CLASS_SUBSCRIBE, driver, number);
}

void lth_expect_allow_ro(struct lth *t, uint32_t driver, uint32_t number)
{
    expect_numbered(t, TK_CLASS_ALLOW_RO, driver, number);
}

void lth_expect_allow_rw(struct lth *t, uint32_t driver, uint32_t number)
{
    expect_numbered(t, TK_CLASS_ALLOW_RW, driver, number);
}

void lth_expect_classes(struct lth *t, unsigned mask)
{
    t->expect_mask = mask;
}

void lth__assert_expectations_met(struct lth *t, const char *file, int line)
{
    if (t->expected_next >= t->expected->len)
        return;
    char want[128];
    describe_expected(&g_array_index(t->expected, struct lth_expected, t->expected_next), want,
                      sizeof want);
    lth_fail(t, file, line, "%u of %u expected syscalls not made; the next: %s",
             t->expected->len - t->expected_next, t->expected->len, want);
}

struct tk_syscall_return lth_ret_failure(uint32_t class_id, enum tk_errorcode code)
{
    switch (class_id) {
    case TK_CLASS_COMMAND:
        return tk_cmd_return_encode(tk_cmd_failure(code));
    case TK_CLASS_SUBSCRIBE:
    case TK_CLASS_ALLOW_RO:
    case TK_CLASS_ALLOW_RW:
    case TK_CLASS_ALLOW_UR:
        /* Failure(code, previous pointer/fn, previous length/data): the
         * app sees its own arguments back (spec §1.4). */
        return (struct tk_syscall_return){{TK_RV_FAILURE_U32_U32, code, 0, 0}, 0x0f};
    default:
        return (struct tk_syscall_return){{TK_RV_FAILURE, code, 0, 0}, 0x03};
    }
}

/* ---- the app-side assertion driver -------------------------------------------------- */

/* Command 2 (tockemu/lth_app.h): the name of the body this app runs, into
 * allow-RW 0, NUL-terminated. */
static struct tk_cmd_return select_test_app(struct lth *t, struct tk_driver *d,
                                            struct tk_process *p)
{
    const char *name = t->test_app[p->slot];
    struct tk_buffer out = tk_allow_rw_get(d, p, 0);
    size_t len = strlen(name);
    if (name[0] == 0)
        return tk_cmd_failure(TK_NODEVICE);
    if (out.len < len + 1)
        return tk_cmd_failure(TK_SIZE);
    memcpy(out.ptr, name, len + 1);
    return tk_cmd_success();
}

static struct tk_cmd_return assert_command(struct tk_driver *d, struct tk_process *p,
                                           uint32_t command, uint32_t arg0, uint32_t arg1)
{
    (void)arg0, (void)arg1;
    struct lth *t = d->state;
    if (command == 0)
        return tk_cmd_success();
    if (command == 2)
        return select_test_app(t, d, p);
    if (command != 1)
        return tk_cmd_failure(TK_NOSUPPORT);
    struct tk_buffer text = tk_allow_ro_get(d, p, 0);
    fail_later(t, false, "app %u '%s': %.*s", p->slot, p->name, (int)text.len,
               text.ptr != NULL ? (const char *)text.ptr : "");
    return tk_cmd_success();
}

static const struct tk_driver_ops assert_ops = {.command = assert_command,
                                                .has_grant = true,
                                                .grant_size = 8,
                                                .allow_ro_count = 1,
                                                .allow_rw_count = 1};

static void timer_free(struct lth_timer *timer)
{
    if (timer->bytes != NULL)
        g_byte_array_unref(timer->bytes);
    free(timer);
}

/* ---- the world ---------------------------------------------------------------------- */

/* The board's capsules: left out where the test said so, else at their
 * default number or where the test moved them (the machine leaves out any
 * whose number a fake took). */
static bool place_driver(uint32_t *number, void *ctx)
{
    struct lth *t = ctx;
    for (unsigned i = 0; i < t->config.without_count && i < 8; i++)
        if (t->config.without[i] == *number)
            return false;
    for (unsigned i = 0; i < t->config.move_count && i < 8; i++)
        if (t->config.move[i].from == *number) {
            *number = t->config.move[i].to;
            break;
        }
    return true;
}

/* Build the board on first need: fakes first (they take their numbers),
 * then the real capsules that are left. */
static void ensure_board(struct lth *t)
{
    if (t->board_built)
        return;
    struct emu_err err;
    for (unsigned i = 0; i < t->fake_count; i++)
        ck_assert_int_eq(emu_machine_add_driver(t->machine, lth__fake_driver(t->fakes[i])), 0);
    t->assert_driver =
        (struct tk_driver){.number = LTH_DRIVER_ASSERT, .ops = &assert_ops, .state = t};
    ck_assert_int_eq(emu_machine_add_driver(t->machine, &t->assert_driver), 0);
    if (emu_machine_start(t->machine, &err) != 0)
        ck_abort_msg("lth: cannot build the board: %s", err.msg);
    t->board_built = true;
}

static struct emu_board *board_of(struct lth *t)
{
    ensure_board(t);
    return emu_machine_board(t->machine);
}

/* The app flash and its zygote, which the worlds borrow in turn, and the
 * world that borrows them now, with the process that made it. */
struct lth_shared {
    struct emu_app_flash flash;
    struct lth *world;
    pid_t world_pid;
};

/* A world still open when the next one starts was left by a test that
 * failed with it open: Check's no-fork mode jumps out of the test, past its
 * lth_free, and the world would keep the app flash and its children. Free
 * it as that lth_free would have; the harness never fails a test from
 * inside the kernel loop, so the world stopped at a consistent point. */
static void free_abandoned_world(struct lth_shared *s)
{
    if (s->world == NULL)
        return;
    /* A copy inherited through a fork is the parent's world, with the
     * parent's app children: forget it, never free (kill) them. */
    if (s->world_pid != getpid()) {
        s->world = NULL;
        return;
    }
    fprintf(stderr, "lth: freeing the world of a test that ended without lth_free\n");
    lth_free(s->world); /* clears s->world */
}

struct lth_shared *lth_shared_new(void)
{
    struct lth_shared *s = calloc(1, sizeof *s);
    struct emu_err err;
    if (s != NULL && emu_app_flash_init(&s->flash, &err) != 0) {
        free(s);
        s = NULL;
    }
    return s;
}

void lth_shared_free(struct lth_shared *s)
{
    if (s == NULL)
        return;
    free_abandoned_world(s);
    emu_app_flash_fini(&s->flash);
    free(s);
}

struct lth *lth_new(const struct lth_board *b)
{
    struct lth *t = calloc(1, sizeof *t);
    struct emu_err err;
    ck_assert_ptr_nonnull(t);
    if (b != NULL)
        t->config = *b;
    if (t->config.shared != NULL)
        free_abandoned_world(t->config.shared);
    t->log = g_array_sized_new(FALSE, FALSE, sizeof(struct lth_log_entry), 64);
    t->expected = g_array_new(FALSE, FALSE, sizeof(struct lth_expected));
    t->expect_mask = (1u << TK_CLASS_SUBSCRIBE) | (1u << TK_CLASS_COMMAND) |
                     (1u << TK_CLASS_ALLOW_RW) | (1u << TK_CLASS_ALLOW_RO) |
                     (1u << TK_CLASS_ALLOW_UR) | (1u << TK_CLASS_EXIT);
    t->failure = g_string_new(NULL);
    t->console_fd = memfd_create("lth-console", MFD_CLOEXEC);
    if (t->console_fd < 0)
        ck_abort_msg("lth: memfd_create: %s", strerror(errno));
    emu_rng_options_init(&t->rng);
    t->rng.seed_given = true;
    t->rng.seed = t->config.rng_seed != 0 ? t->config.rng_seed : 1;
    /* The forked transport with the expectations in front of switch_to; the
     * rest (windows for IPC and lent memory, the RAM growth granule) is the
     * transport's own, whatever it gains. */
    t->process_ops = emu_forked_process_ops;
    t->process_ops.switch_to = wrap_switch_to;
    struct emu_machine_options mo = {
        .fault_policy = t->config.fault_policy, /* 0: the defaults */
        .fault_threshold = t->config.fault_threshold,
        .timeslice_ns = t->config.timeslice_ns,
        .credentials = t->config.credentials,
        .appid = t->config.appid,
        .process_ops = &t->process_ops,
        .app_flash = t->config.shared != NULL ? &t->config.shared->flash : NULL,
        .console_output_fd = t->console_fd,
        .no_console_input = true,
        .rng = &t->rng,
        .place_driver = place_driver,
        .place_ctx = t,
        .on_event = on_event,
        .on_diagnostic = on_diagnostic,
        .ctx = t,
    };
    t->machine = emu_machine_new(&mo, &err);
    if (t->machine == NULL)
        ck_abort_msg("lth: %s (is another struct lth alive in this process?)", err.msg);
    t->kernel = emu_machine_kernel(t->machine);
    if (t->config.shared != NULL) {
        t->config.shared->world = t;
        t->config.shared->world_pid = getpid();
    }
    return t;
}

void lth_free(struct lth *t)
{
    if (t == NULL)
        return;
    if (t->config.shared != NULL && t->config.shared->world == t)
        t->config.shared->world = NULL;
    /* Fakes first: they disarm their timers in the live kernel. */
    for (unsigned i = 0; i < t->fake_count; i++)
        lth__fake_free(t->fakes[i]);
    emu_machine_free(t->machine); /* kills and reaps every child */
    for (GList *l = t->timers.head; l != NULL; l = l->next)
        timer_free(l->data);
    g_queue_clear(&t->timers);
    if (t->console_fd >= 0)
        close(t->console_fd);
    free(t->console_text);
    g_array_free(t->log, TRUE);
    g_array_free(t->expected, TRUE);
    g_string_free(t->failure, TRUE);
    free(t);
}

struct tk_kernel *lth_kernel(struct lth *t)
{
    return t->kernel;
}

/* ---- loading ------------------------------------------------------------------------- */

int lth__load(struct lth *t, const char *path, const char *file, int line)
{
    struct emu_err err;
    ensure_board(t);
    int slot = emu_machine_load(t->machine, path, &err);
    if (slot < 0)
        lth_fail(t, file, line, "lth_load: %s", err.msg);
    return slot;
}

int lth__load_test_app(struct lth *t, const char *path, const char *name, const char *file,
                       int line)
{
    ck_assert_msg(strlen(name) < sizeof t->test_app[0], "lth_load_test_app: name too long");
    int slot = lth__load(t, path, file, line);
    snprintf(t->test_app[slot], sizeof t->test_app[slot], "%s", name);
    return slot;
}

/* ---- running -------------------------------------------------------------------------- */

enum lth_run_result lth__run_until(struct lth *t, uint64_t when_ns, const char *file, int line)
{
    ensure_board(t);
    emu_machine_run_until(t->machine, when_ns);
    if (t->failure->len > 0 && !t->config.collect_failures) {
        char msg[2048]; /* lth_fail does not return: nothing on the heap */
        snprintf(msg, sizeof msg, "%s", t->failure->str);
        g_string_truncate(t->failure, 0);
        lth_fail(t, file, line, "%s", msg);
    }
    if (t->failure->len > 0)
        return LTH_RUN_FAILED;
    switch (emu_machine_end(t->machine)) {
    case TK_RUN_PANIC:
        return LTH_RUN_PANIC;
    case TK_RUN_STUCK:
        return LTH_RUN_STUCK;
    case TK_RUN_STOPPED:
        return LTH_RUN_TIME_UP;
    case TK_RUN_ENDED:
        break;
    }
    return LTH_RUN_ENDED;
}

const char *lth_failures(const struct lth *t)
{
    return t->failure->str;
}

uint64_t lth_now(const struct lth *t)
{
    return tk_kernel_now(t->kernel);
}

/* ---- timers and inputs ------------------------------------------------------------------ */

static void on_timer(struct tk_deadline *dl)
{
    struct lth_timer *timer = dl->owner;
    timer->run(timer);
    if (!timer->keep) {
        g_queue_delete_link(&timer->world->timers, timer->link);
        timer_free(timer);
    }
}

struct lth_timer *lth__timer_new(struct lth *t, uint64_t when_ns,
                                 void (*run_fn)(struct lth_timer *timer))
{
    struct lth_timer *timer = calloc(1, sizeof *timer);
    ck_assert_ptr_nonnull(timer);
    timer->world = t;
    timer->run = run_fn;
    timer->slot = -1;
    timer->deadline.fire = on_timer;
    timer->deadline.owner = timer;
    g_queue_push_tail(&t->timers, timer);
    timer->link = t->timers.tail;
    tk_deadline_arm(t->kernel, &timer->deadline,
                    when_ns < t->kernel->now_ns ? t->kernel->now_ns : when_ns);
    return timer;
}

static void console_input_now(struct lth_timer *timer)
{
    struct lth *t = timer->world;
    struct lth_fake *fake = lth__fake_at(t, LTH_DRIVER_CONSOLE);
    if (fake != NULL)
        lth__fake_console_input(fake, timer->bytes->data, timer->bytes->len);
    else
        emu_uart_inject(emu_board_uart(board_of(t)), timer->bytes->data, timer->bytes->len);
}

void lth_console_input(struct lth *t, uint64_t at_ns, const char *bytes, size_t len)
{
    ensure_board(t);
    struct lth_timer *timer = lth__timer_new(t, at_ns, console_input_now);
    timer->bytes = g_byte_array_new();
    g_byte_array_append(timer->bytes, (const guint8 *)bytes, (guint)len);
}

static void button_now(struct lth_timer *timer)
{
    lth__fake_button_press(lth__fake_at(timer->world, LTH_DRIVER_BUTTON), timer->number,
                           timer->arg[0] != 0);
}

static void gpio_now(struct lth_timer *timer)
{
    lth__fake_gpio_input(lth__fake_at(timer->world, LTH_DRIVER_GPIO), timer->number,
                         timer->arg[0] != 0);
}

void lth_button_press(struct lth *t, unsigned index, uint64_t at_ns, uint64_t hold_ns)
{
    ensure_board(t);
    if (lth__fake_at(t, LTH_DRIVER_BUTTON) != NULL) {
        struct lth_timer *press = lth__timer_new(t, at_ns, button_now);
        press->number = index;
        press->arg[0] = 1;
        lth__timer_new(t, at_ns + hold_ns, button_now)->number = index;
        return;
    }
    if (emu_pins_press(emu_board_pins(board_of(t)), index, at_ns, at_ns + hold_ns) != 0)
        lth_fail(t, __FILE__, __LINE__, "lth_button_press: no button %u on the board", index);
}

void lth_gpio_input(struct lth *t, unsigned pin, bool level, uint64_t at_ns)
{
    ensure_board(t);
    if (lth__fake_at(t, LTH_DRIVER_GPIO) != NULL) {
        struct lth_timer *timer = lth__timer_new(t, at_ns, gpio_now);
        timer->number = pin;
        timer->arg[0] = level;
        return;
    }
    if (emu_pins_set_input(emu_board_pins(board_of(t)), pin, level ? EMU_PIN_HIGH : EMU_PIN_LOW,
                           at_ns) != 0)
        lth_fail(t, __FILE__, __LINE__, "lth_gpio_input: no GPIO pin %u on the board", pin);
}

/* ---- the log ----------------------------------------------------------------------------- */

size_t lth_log_count(const struct lth *t)
{
    return t->log->len;
}

const struct lth_log_entry *lth_log_at(const struct lth *t, size_t i)
{
    return i < t->log->len ? &g_array_index(t->log, struct lth_log_entry, i) : NULL;
}

const struct lth_log_entry *lth_log_syscall(const struct lth *t, int slot, int class_id, size_t i)
{
    for (size_t k = 0; k < t->log->len; k++) {
        const struct lth_log_entry *e = lth_log_at(t, k);
        if (e->kind != TK_EV_SYSCALL || (slot >= 0 && e->slot != slot) ||
            (class_id >= 0 && e->syscall.class_id != (uint32_t)class_id))
            continue;
        if (i-- == 0)
            return e;
    }
    return NULL;
}

size_t lth_log_count_commands(const struct lth *t, int slot, uint32_t driver, uint32_t command)
{
    size_t n = 0;
    for (size_t i = 0; i < t->log->len; i++) {
        const struct lth_log_entry *e = lth_log_at(t, i);
        n += e->kind == TK_EV_SYSCALL && (slot < 0 || e->slot == slot) &&
             e->syscall.class_id == TK_CLASS_COMMAND && (uint32_t)e->syscall.arg[0] == driver &&
             (uint32_t)e->syscall.arg[1] == command;
    }
    return n;
}

size_t lth_upcall_count(const struct lth *t, int slot, uint32_t driver, uint32_t subscribe)
{
    size_t n = 0;
    for (size_t i = 0; i < t->log->len; i++) {
        const struct lth_log_entry *e = lth_log_at(t, i);
        n += e->kind == TK_EV_UPCALL && (slot < 0 || e->slot == slot) && !e->task.from_kernel &&
             e->task.id.driver == driver && e->task.id.subscribe == subscribe;
    }
    return n;
}

/* ---- what apps did --------------------------------------------------------------------------- */

static const struct lth_app *app_at(const struct lth *t, int slot)
{
    return slot >= 0 && (unsigned)slot < t->kernel->process_count ? &t->apps[slot] : NULL;
}

bool lth_exit_code(const struct lth *t, int slot, uint32_t *code, bool *restarted)
{
    const struct lth_app *app = app_at(t, slot);
    if (app == NULL || !app->exited)
        return false;
    if (code != NULL)
        *code = app->code;
    if (restarted != NULL)
        *restarted = app->restarted;
    return true;
}

bool lth_fault(const struct lth *t, int slot, struct tk_fault *fault)
{
    const struct lth_app *app = app_at(t, slot);
    if (app == NULL || !app->faulted)
        return false;
    if (fault != NULL)
        *fault = app->fault;
    return true;
}

enum tk_state lth_state(const struct lth *t, int slot)
{
    ck_assert_msg(app_at(t, slot) != NULL, "lth_state: no app in slot %d", slot);
    return t->kernel->processes[slot]->state;
}

const char *lth_console_output(struct lth *t)
{
    free(t->console_text);
    struct lth_fake *fake = lth__fake_at(t, LTH_DRIVER_CONSOLE);
    if (fake != NULL) {
        size_t len;
        const uint8_t *bytes = lth_fake_written(fake, &len);
        t->console_text = strndup(len ? (const char *)bytes : "", len);
        return t->console_text;
    }
    struct stat st;
    size_t len = fstat(t->console_fd, &st) == 0 ? (size_t)st.st_size : 0;
    t->console_text = calloc(1, len + 1);
    ck_assert_ptr_nonnull(t->console_text);
    if (len > 0 && pread(t->console_fd, t->console_text, len, 0) != (ssize_t)len)
        t->console_text[0] = 0;
    return t->console_text;
}

bool lth_led_is_on(struct lth *t, unsigned index)
{
    struct lth_fake *fake = lth__fake_at(t, LTH_DRIVER_LED);
    if (fake != NULL)
        return lth__fake_led_is_on(fake, index);
    ensure_board(t);
    struct emu_pins *pins = emu_board_pins(board_of(t));
    ck_assert_msg(index < pins->led_count, "lth_led_is_on: no LED %u", index);
    return pins->leds[index].latch;
}

/* ---- assertions -------------------------------------------------------------------------------
 */

static void describe_end(const struct lth *t, int slot, char *out, size_t len)
{
    const struct lth_app *app = app_at(t, slot);
    char state[96];
    tk_process_state_string(t->kernel->processes[slot], state, sizeof state);
    if (app->faulted) {
        char what[200];
        emu_fault_describe(&app->fault, what, sizeof what);
        snprintf(out, len, "it faulted (%s); state %s", what, state);
    } else if (app->exited) {
        snprintf(out, len, "it exited with code %" PRIu32 "%s; state %s", app->code,
                 app->restarted ? " (restart)" : "", state);
    } else {
        snprintf(out, len, "it has not exited; state %s", state);
    }
}

void lth__assert_exit_code(struct lth *t, int slot, uint32_t code, const char *file, int line)
{
    const struct lth_app *app = app_at(t, slot);
    char what[600];
    if (app == NULL)
        lth_fail(t, file, line, "no app in slot %d", slot);
    if (app->exited && !app->faulted && app->code == code)
        return;
    describe_end(t, slot, what, sizeof what);
    lth_fail(t, file, line, "app %d '%s': expected exit with code %" PRIu32 ", but %s", slot,
             t->kernel->processes[slot]->name, code, what);
}

void lth__assert_fault(struct lth *t, int slot, enum tk_fault_kind kind, uint64_t address,
                       bool check_address, const char *file, int line)
{
    const struct lth_app *app = app_at(t, slot);
    char what[600];
    if (app == NULL)
        lth_fail(t, file, line, "no app in slot %d", slot);
    if (app->faulted && app->fault.kind == kind &&
        (!check_address || app->fault.address == address))
        return;
    describe_end(t, slot, what, sizeof what);
    lth_fail(t, file, line, "app %d '%s': expected fault kind %d at 0x%" PRIx64 ", but %s", slot,
             t->kernel->processes[slot]->name, (int)kind, address, what);
}

void lth__assert_console(struct lth *t, const char *text, bool contains, const char *file, int line)
{
    const char *out = lth_console_output(t);
    bool ok = contains ? strstr(out, text) != NULL : strcmp(out, text) == 0;
    if (!ok)
        lth_fail(t, file, line, "console: expected %s\n\"%s\"\nbut the console shows\n\"%s\"",
                 contains ? "to contain" : "exactly", text, out);
}

uint64_t lth_screen_hash(struct lth *t)
{
    return emu_screen_hash(emu_board_screen(board_of(t)));
}

void lth__assert_screen_hash(struct lth *t, uint64_t hash, const char *file, int line)
{
    uint64_t got = lth_screen_hash(t);
    if (got != hash)
        lth_fail(t, file, line,
                 "screen: expected hash 0x%016" PRIx64 ", the screen shows 0x%016" PRIx64, hash,
                 got);
}

void lth__assert_screen_png(struct lth *t, const char *png_path, const char *file, int line)
{
    struct emu_err err;
    struct emu_screen *screen = emu_board_screen(board_of(t));
    if (getenv("TOCKEMU_UPDATE_GOLDEN") != NULL) {
        if (emu_screen_png_write(screen, png_path, &err) != 0)
            lth_fail(t, file, line, "screen: %s", err.msg);
        return;
    }
    if (emu_screen_png_compare(screen, png_path, &err) != 0)
        lth_fail(t, file, line, "screen: %s", err.msg);
}

void lth__assert_upcalls(struct lth *t, int slot, uint32_t driver, uint32_t subscribe, size_t n,
                         const char *file, int line)
{
    size_t got = lth_upcall_count(t, slot, driver, subscribe);
    if (got != n)
        lth_fail(t, file, line,
                 "expected %zu upcalls (0x%" PRIx32 ", %" PRIu32 ") to app %d, got %zu", n, driver,
                 subscribe, slot, got);
}

/* ---- app paths ------------------------------------------------------------- */

const char *lth_app_path(const char *name)
{
    const char *dir = getenv("LTH_APP_DIR");
    char *exe_dir = NULL;
    if (dir == NULL || dir[0] == '\0') {
        char *exe = g_file_read_link("/proc/self/exe", NULL);
        exe_dir = exe ? g_path_get_dirname(exe) : g_strdup(".");
        g_free(exe);
        dir = exe_dir;
    }
    char *path = g_strdup_printf("%s/%s.tbf", dir, name);
    /* Interned: the path lives as long as the test, like a string literal. */
    const char *interned = g_intern_string(path);
    g_free(path);
    g_free(exe_dir);
    return interned;
}
