/* The unit-test harness: run Tock apps under the in-tree kernel from a Check test.
 *
 * One `struct lth` is one test's world: a kernel, a board of real capsules
 * and fakes, app processes (forked children running built app TBFs), the
 * virtual clock and a log of every event. Nothing is shared between two
 * `struct lth`, so tests run in parallel processes (`meson test`) and under
 * Check's fork mode; only one `struct lth` may exist per process at a time,
 * because app flash sits at a fixed address (emu/process/host.h).
 *
 *   struct lth *t = lth_new(NULL);
 *   struct lth_fake *temp = lth_fake_sensor(t, LTH_DRIVER_TEMPERATURE);
 *   lth_sensor_push(temp, 2150);                       // one reading
 *   lth_sensor_push_error(temp, TK_BUSY);              // then a BUSY
 *   int app = lth_load(t, LTH_APP("my_test_app"));
 *   lth_run(t);                                        // to every app's end
 *   lth_assert_exit_code(t, app, 0);
 *   lth_assert_console(t, "avg 2150\n");
 *   lth_free(t);
 *
 * Exit is ordinary: an app that exits, restarts or faults ends nothing but
 * itself; the test reads its completion code or fault afterwards. Failed
 * lth_assert_* calls fail the Check test with what was expected, what
 * happened and the last syscalls. App-side assertions (tockemu/lth_assert.h)
 * reach the harness through LTH_DRIVER_ASSERT and fail the test with the
 * app's file and line when the run returns.
 *
 * Design, limits and the comparison with libtock-rs's fake kernel:
 * docs/harness.md.
 */
#ifndef LTH_HARNESS_H
#define LTH_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

/* Driver numbers of the standard fakes: the kernel's one table
 * (emu/kernel/driver_numbers.h, Tock capsules/core/src/driver.rs). */
#define LTH_DRIVER_ALARM         TK_DRIVER_NUM_ALARM
#define LTH_DRIVER_CONSOLE       TK_DRIVER_NUM_CONSOLE
#define LTH_DRIVER_LED           TK_DRIVER_NUM_LED
#define LTH_DRIVER_BUTTON        TK_DRIVER_NUM_BUTTON
#define LTH_DRIVER_GPIO          TK_DRIVER_NUM_GPIO
#define LTH_DRIVER_RNG           TK_DRIVER_NUM_RNG
#define LTH_DRIVER_TEMPERATURE   TK_DRIVER_NUM_TEMPERATURE
#define LTH_DRIVER_HUMIDITY      TK_DRIVER_NUM_HUMIDITY
#define LTH_DRIVER_AMBIENT_LIGHT TK_DRIVER_NUM_AMBIENT_LIGHT
#define LTH_DRIVER_KV            TK_DRIVER_NUM_KV
/* The harness's own driver: app-side assertions report here (lth_assert.h). */
#define LTH_DRIVER_ASSERT 0xa0001

/* Virtual time helpers. */
#define LTH_US(n) ((uint64_t)(n)*1000ull)
#define LTH_MS(n) ((uint64_t)(n)*1000000ull)
#define LTH_S(n)  ((uint64_t)(n)*1000000000ull)

/* The TBF of an app: NAME.tbf in LTH_APP_DIR when the test defines it (the
 * in-tree tests: the build's libtock-host/apps folder). Otherwise, as for a
 * test built against an installed harness, NAME.tbf in the folder the
 * environment variable LTH_APP_DIR names, else beside the test executable. */
#ifdef LTH_APP_DIR
#define LTH_APP(name) LTH_APP_DIR "/" name ".tbf"
#else
#define LTH_APP(name) lth_app_path(name)
#endif
const char *lth_app_path(const char *name);

struct lth;
struct lth_fake;

/* ---- the board ------------------------------------------------------------ */

/* What the board is made of. Zero-initialised = the default board (every
 * real capsule of emu/hw/board.c at its Tock number: alarm, console, LEDs,
 * buttons, GPIO, low-level debug, RNG, process info, read-only state,
 * nonvolatile storage, key-value), Stop fault policy, 10 ms timeslices, RNG
 * seed 1. A fake added at a capsule's driver number replaces it. */
struct lth_board {
    /* Real capsules to leave out, by their default driver number. */
    uint32_t without[8];
    unsigned without_count;
    /* Real capsules to register at another driver number. */
    struct {
        uint32_t from, to;
    } move[8];
    unsigned move_count;
    enum tk_fault_policy fault_policy; /* 0: the default (stop) */
    unsigned fault_threshold;
    uint64_t timeslice_ns; /* 0: 10 ms */
    uint64_t rng_seed;     /* 0: seed 1 */
    /* The loader's credential checker and AppID assigner, as tockemu's
     * --credentials and --appid take them (NULL: none). An app they refuse
     * fails lth_load with the reason. */
    const char *credentials;
    const char *appid;
    /* true: failures found during a run (app assertions, unmet expected
     * syscalls) do not fail the test; lth_failures returns them. For tests
     * of tests. */
    bool collect_failures;
    /* What successive worlds in one process share (lth_shared_new); NULL:
     * the world starts its own app loader. */
    struct lth_shared *shared;
};

/* ---- many tests in one process --------------------------------------------- */

/* What the worlds of successive tests in one process can share: the
 * loader process that starts every app child (the "zygote"), which is
 * otherwise started once per world, and the app flash (256 MiB mapped at a
 * fixed address), which each world would otherwise map and unmap; each
 * world erases what it wrote there. Worth it when tests run in one process
 * (Check's CK_FORK=no, or a test program of your own): make one in main or
 * in an unchecked fixture, give it in lth_board.shared, free it after the
 * last world. While it exists it holds the app flash's address, so every
 * world of the process must be given it, one world at a time: a world
 * still open when the next one given it starts is freed first (in
 * CK_FORK=no, a test that fails jumps past its lth_free), and
 * lth_shared_free frees the last one left open. In Check's
 * fork mode it still works, but each test process makes its own loader
 * and flash (app processes must be the test process's own children), so
 * it saves nothing. NULL if the host refuses. */
struct lth_shared *lth_shared_new(void);
void lth_shared_free(struct lth_shared *s);

/* A new world with board `b` (NULL: the default board). Fakes may be added
 * until the first lth_load; the board is built then. Aborts the test if the
 * host refuses (no memory, app flash already in use by another struct lth). */
struct lth *lth_new(const struct lth_board *b);
/* Stop every app (kills the children), free everything. NULL is a no-op. */
void lth_free(struct lth *t);
/* The kernel, for tests that want more than this API gives. */
struct tk_kernel *lth_kernel(struct lth *t);

/* ---- apps ------------------------------------------------------------------ */

/* Lay the TBF (or TAB) at `path` into app flash and start a process for it.
 * Returns the app's slot (0, 1, ... in load order), the index every other
 * call takes. Fails the test if the file cannot be used. */
#define lth_load(t, path) lth__load(t, path, __FILE__, __LINE__)
int lth__load(struct lth *t, const char *path, const char *file, int line);

/* Load an app built from LTH_TEST_APP bodies (tockemu/lth_app.h) and make
 * it run the body called `name`. Returns the slot, as lth_load. */
#define lth_load_test_app(t, path, name) lth__load_test_app(t, path, name, __FILE__, __LINE__)
int lth__load_test_app(struct lth *t, const char *path, const char *name, const char *file,
                       int line);

/* ---- running and the clock -------------------------------------------------- */

enum lth_run_result {
    LTH_RUN_ENDED = 0,   /* every app exited or faulted */
    LTH_RUN_PANIC = 1,   /* the kernel panicked */
    LTH_RUN_STUCK = 2,   /* apps wait for events that can never come */
    LTH_RUN_TIME_UP = 3, /* the time given to lth_run_for/until passed */
    LTH_RUN_FAILED = 4,  /* an expectation failed (the test fails) */
};

/* Run until every app has ended or nothing can happen any more. */
#define lth_run(t) lth__run_until(t, UINT64_MAX, __FILE__, __LINE__)
/* Run until the virtual clock reaches now + ns (or `when_ns`), then stop
 * with the apps frozen where they are; a later run goes on from there. The
 * clock stands exactly at the limit afterwards if the run went that far. */
#define lth_run_for(t, ns)        lth__run_until(t, lth_now(t) + (ns), __FILE__, __LINE__)
#define lth_run_until(t, when_ns) lth__run_until(t, when_ns, __FILE__, __LINE__)
/* What the three macros call; failures found during the run (unmet
 * expectations, app assertions) are reported at `file`:`line`. `when_ns`
 * UINT64_MAX: no limit. */
enum lth_run_result lth__run_until(struct lth *t, uint64_t when_ns, const char *file, int line);
/* The virtual clock, in ns since the world began. */
uint64_t lth_now(const struct lth *t);

/* ---- inputs, at virtual times ---------------------------------------------- */

/* Bytes arriving on the console UART at `at_ns` (real console capsule or
 * the fake console). */
void lth_console_input(struct lth *t, uint64_t at_ns, const char *bytes, size_t len);
/* Button `index` pressed at `at_ns` and released `hold_ns` later. */
void lth_button_press(struct lth *t, unsigned index, uint64_t at_ns, uint64_t hold_ns);
/* GPIO pin `pin` driven to `level` from `at_ns` (an edge if it changes). */
void lth_gpio_input(struct lth *t, unsigned pin, bool level, uint64_t at_ns);

/* ---- expected syscalls ------------------------------------------------------ */

/* One expected syscall. Expectations match the app's syscalls of the
 * classes in lth_expect_classes (default: subscribe, command, the allows and
 * exit; yields and memops, which start-up and libc make, pass unmatched) in
 * order, from any app unless `slot` >= 0. `match` says which of arg[0..3]
 * must be equal (bit i for arg[i]); the class always must. With `override`,
 * the kernel never sees the call: the app gets `ret` (error injection:
 * lth_ret_failure(TK_BUSY)). */
struct lth_expected {
    int slot; /* -1: any app */
    uint32_t class_id;
    uint64_t arg[4];
    uint8_t match;
    bool override;
    struct tk_syscall_return ret;
};

void lth_expect(struct lth *t, const struct lth_expected *e);
/* Shorthands: command(driver, command, arg0, arg1) exactly; the same with
 * its result replaced; subscribe and allows by driver and number. */
void lth_expect_command(struct lth *t, uint32_t driver, uint32_t command, uint32_t arg0,
                        uint32_t arg1);
void lth_expect_command_returns(struct lth *t, uint32_t driver, uint32_t command, uint32_t arg0,
                                uint32_t arg1, struct tk_cmd_return ret);
void lth_expect_subscribe(struct lth *t, uint32_t driver, uint32_t number);
void lth_expect_allow_ro(struct lth *t, uint32_t driver, uint32_t number);
void lth_expect_allow_rw(struct lth *t, uint32_t driver, uint32_t number);
/* Which classes expectations apply to: a mask of (1u << TK_CLASS_*). */
void lth_expect_classes(struct lth *t, unsigned mask);
/* Fails the test unless every expectation has been met. */
#define lth_assert_expectations_met(t) lth__assert_expectations_met(t, __FILE__, __LINE__)
void lth__assert_expectations_met(struct lth *t, const char *file, int line);
/* A result for an override: Failure(code) in the layout of the class. */
struct tk_syscall_return lth_ret_failure(uint32_t class_id, enum tk_errorcode code);

/* ---- the syscall log --------------------------------------------------------- */

/* One event of the run, as the kernel emitted it (emu/tools/trace.c). */
struct lth_log_entry {
    enum tk_event_kind kind;
    uint64_t time_ns;
    int slot;                     /* -1: no process */
    uint32_t process_id;          /* ProcessId at the time (changes at restart) */
    struct tk_syscall syscall;    /* TK_EV_SYSCALL */
    struct tk_syscall_return ret; /* TK_EV_SYSCALL; written == 0: none */
    struct tk_task task;          /* TK_EV_UPCALL, TK_EV_UPCALL_DROPPED */
    bool overridden;              /* an expectation answered it */
    char line[160];               /* the trace line */
};

size_t lth_log_count(const struct lth *t);
const struct lth_log_entry *lth_log_at(const struct lth *t, size_t i);
/* The i-th syscall of `slot` (-1: any) of class `class_id` (-1: any), or
 * NULL. */
const struct lth_log_entry *lth_log_syscall(const struct lth *t, int slot, int class_id, size_t i);
/* Count the syscalls of `slot` (-1 any) that are command(driver, command). */
size_t lth_log_count_commands(const struct lth *t, int slot, uint32_t driver, uint32_t command);
/* Count upcalls delivered to `slot` (-1 any) from (driver, subscribe). */
size_t lth_upcall_count(const struct lth *t, int slot, uint32_t driver, uint32_t subscribe);
/* The last `n` log lines, newline-separated, into `out`. */
void lth_log_tail(const struct lth *t, size_t n, char *out, size_t len);

/* ---- what apps did ------------------------------------------------------------ */

/* True if the app's last exit was an Exit syscall; *code gets its
 * completion code (restart exits count too: *restarted says which). */
bool lth_exit_code(const struct lth *t, int slot, uint32_t *code, bool *restarted);
/* True if the app faulted; *fault gets the last fault. */
bool lth_fault(const struct lth *t, int slot, struct tk_fault *fault);
/* Everything written to the console so far (real UART or fake), NUL-ended;
 * valid until the next run. */
const char *lth_console_output(struct lth *t);
/* LED `index` is on (real LED capsule or fake). */
bool lth_led_is_on(struct lth *t, unsigned index);
/* The process's state ("Running", "Terminated", ...). */
enum tk_state lth_state(const struct lth *t, int slot);

/* ---- assertions (each fails the Check test with the last syscalls) --------- */

#define lth_assert_exit_code(t, slot, code) lth__assert_exit_code(t, slot, code, __FILE__, __LINE__)
#define lth_assert_fault(t, slot, kind)                                                            \
    lth__assert_fault(t, slot, kind, 0, false, __FILE__, __LINE__)
#define lth_assert_fault_at(t, slot, kind, address)                                                \
    lth__assert_fault(t, slot, kind, address, true, __FILE__, __LINE__)
#define lth_assert_console(t, text)          lth__assert_console(t, text, false, __FILE__, __LINE__)
#define lth_assert_console_contains(t, text) lth__assert_console(t, text, true, __FILE__, __LINE__)
#define lth_assert_upcalls(t, slot, driver, subscribe, n)                                          \
    lth__assert_upcalls(t, slot, driver, subscribe, n, __FILE__, __LINE__)

void lth__assert_exit_code(struct lth *t, int slot, uint32_t code, const char *file, int line);
void lth__assert_fault(struct lth *t, int slot, enum tk_fault_kind kind, uint64_t address,
                       bool check_address, const char *file, int line);
void lth__assert_console(struct lth *t, const char *text, bool contains, const char *file,
                         int line);
void lth__assert_upcalls(struct lth *t, int slot, uint32_t driver, uint32_t subscribe, size_t n,
                         const char *file, int line);
/* The board's screen (0x90001): the picture's hash (emu_screen_hash: FNV-1a
 * over width, height and RGB888 pixels, as shown, inversion and power
 * applied), and assertions on it: by hash, or pixel for pixel against a
 * golden PNG file. With TOCKEMU_UPDATE_GOLDEN set, the PNG assertion writes
 * the picture to `png_path` instead. */
uint64_t lth_screen_hash(struct lth *t);
#define lth_assert_screen_hash(t, hash)    lth__assert_screen_hash(t, hash, __FILE__, __LINE__)
#define lth_assert_screen_png(t, png_path) lth__assert_screen_png(t, png_path, __FILE__, __LINE__)
void lth__assert_screen_hash(struct lth *t, uint64_t hash, const char *file, int line);
void lth__assert_screen_png(struct lth *t, const char *png_path, const char *file, int line);
/* The failures a run found ("" if none), with collect_failures set. */
const char *lth_failures(const struct lth *t);
/* Fail the test: the message, then the last syscalls. */
void lth_fail(struct lth *t, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), noreturn));

/* ---- fakes ------------------------------------------------------------------- */

/* A command as a fake saw it. `ro0` is a copy of allow-RO buffer 0 at the
 * time of the call (at most 256 bytes; `ro0_len` its full length). */
struct lth_call {
    uint32_t command, arg0, arg1;
    int slot;
    uint64_t time_ns;
    uint8_t ro0[256];
    size_t ro0_len;
};

/* A custom fake: the driver's counts and, optionally, a command handler
 * (NULL: every command succeeds unless scripted). A handler returns the
 * result; it may schedule upcalls with lth_fake_upcall_to and record bytes
 * with lth_fake_record. */
struct lth_fake_ops {
    const char *name;
    uint8_t upcall_count, allow_ro_count, allow_rw_count;
    struct tk_cmd_return (*command)(struct lth_fake *f, int slot, uint32_t command, uint32_t arg0,
                                    uint32_t arg1);
};

/* Register a fake at `driver` (before the first lth_load). `ctx` is the
 * handler's (lth_fake_ctx). Replaces a real capsule at that number. */
struct lth_fake *lth_fake_new(struct lth *t, uint32_t driver, const struct lth_fake_ops *ops,
                              void *ctx);
void *lth_fake_ctx(struct lth_fake *f);
struct lth *lth_fake_world(struct lth_fake *f);

/* Scripting. Scripted answers come before the handler: first the queue of
 * one-shot answers for that command number (FIFO), then a standing answer.
 * An answer may carry an upcall (subscribe number and arguments) delivered
 * to the caller `delay_ns` after the command. */
void lth_fake_answer(struct lth_fake *f, uint32_t command, struct tk_cmd_return ret);
void lth_fake_answer_once(struct lth_fake *f, uint32_t command, struct tk_cmd_return ret);
void lth_fake_answer_once_upcall(struct lth_fake *f, uint32_t command, struct tk_cmd_return ret,
                                 uint64_t delay_ns, uint32_t subscribe, uint32_t a0, uint32_t a1,
                                 uint32_t a2);
/* Schedule upcall `subscribe` (a0, a1, a2) `delay_ns` from now to app
 * `slot` (-1: every app holding the fake's grant at that time). */
void lth_fake_upcall(struct lth_fake *f, int slot, uint64_t delay_ns, uint32_t subscribe,
                     uint32_t a0, uint32_t a1, uint32_t a2);
/* The commands the fake received, in order. */
size_t lth_fake_call_count(const struct lth_fake *f);
const struct lth_call *lth_fake_call(const struct lth_fake *f, size_t i);
/* Bytes a fake recorded (what the app wrote: console output, ...). */
void lth_fake_record(struct lth_fake *f, const void *bytes, size_t len);
const uint8_t *lth_fake_written(const struct lth_fake *f, size_t *len);
/* Allowed buffers of `slot` for the fake (NULL/0 if none), for handlers. */
struct tk_buffer lth_fake_allow_ro(struct lth_fake *f, int slot, unsigned number);
struct tk_buffer lth_fake_allow_rw(struct lth_fake *f, int slot, unsigned number);

/* The standard fakes, each at its Tock driver number. */
struct lth_fake *lth_fake_console(struct lth *t); /* records putnstr; input by lth_console_input */
struct lth_fake *lth_fake_alarm(struct lth *t);   /* 1 kHz ticks of the virtual clock */
struct lth_fake *lth_fake_led(struct lth *t, unsigned count);
struct lth_fake *lth_fake_button(struct lth *t, unsigned count);
struct lth_fake *lth_fake_gpio(struct lth *t, unsigned count);
struct lth_fake *lth_fake_rng(struct lth *t); /* bytes 0, 1, 2, ... */
struct lth_fake *lth_fake_kv(struct lth *t);  /* an in-memory key-value store */
/* Temperature, humidity or ambient light (0x60000/1/2): command 1 starts a
 * reading, upcall 0 (value, 0, 0) after the latency (default 1 ms). */
struct lth_fake *lth_fake_sensor(struct lth *t, uint32_t driver);
void lth_sensor_push(struct lth_fake *f, uint32_t value);
void lth_sensor_push_error(struct lth_fake *f, enum tk_errorcode code);
void lth_sensor_set_latency(struct lth_fake *f, uint64_t ns);

#endif
