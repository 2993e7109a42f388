/* Kernel-lent buffers: shown for one upcall, taken back, and the policies.
 *
 * Issue 12 §3 (no upstream rule: tock/tock PR 2875, issue 2994, RFC 4370
 * ask the questions). The lend demo capsule lends its kernel buffer to an
 * in-process app; the app's window hooks are wrapped to record what the
 * kernel showed and hid. Rules under test, from emu/kernel/lend.c: the
 * kernel shows the loan (read-only) when it delivers the upcall and hides
 * it at the app's next yield, or when it exits, restarts or faults; with
 * lend_onward DENY the app cannot allow it onward, with REVOKE it can and
 * the slot is emptied at the return, with KEEP the slot stays; with a
 * lend_limit an app still holding the loan is faulted.
 */
#include <check.h>
#include <string.h>

#include "fixture.h"
#include "inproc.h"
#include "ipc.h"
#include "lend_demo.h"

#define LEND TK_DRIVER_NUM_LEND_DEMO
#define IPC  TK_DRIVER_NUM_IPC

struct bench {
    struct tk_kernel k;
    struct tk_lend_demo demo;
    struct tk_ipc ipc; /* a second driver with a read-only allow */
    struct tk_process *app;
    struct fx_window_log windows;
};

static void bench_init(struct bench *b, enum tk_lend_onward onward, uint64_t limit_ns)
{
    memset(b, 0, sizeof *b);
    struct tk_kernel_config config = {
        .fault_policy = TK_FAULT_POLICY_STOP, .lend_onward = onward, .lend_limit_ns = limit_ns};
    tk_kernel_init(&b->k, &config);
    tk_lend_demo_init(&b->demo);
    tk_ipc_init(&b->ipc, TK_IPC_RESHARE_DENY);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->demo.driver), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->ipc.driver), 0);
    b->app = fx_process_new(&b->k, "app", 0);
    fx_window_log_attach(&b->windows, b->app);
}

/* Ask for a loan of `len` bytes and let the kernel deliver its upcall. */
static void lend_and_deliver(struct bench *b, uint32_t len)
{
    fx_subscribe(&b->k, b->app, LEND, 0, fx_upcall_fn(b->app, 0), 0);
    fx_assert_success(fx_command(&b->k, b->app, LEND, 1, len, 0));
    ck_assert_uint_eq(b->windows.count, 0); /* queued: nothing shown yet */
    fx_syscall(&b->k, b->app, TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    tk_kernel_step(&b->k); /* delivers the upcall; the fixture app then yields */
}

START_TEST(lend_shown_at_delivery_readonly_and_hidden_at_next_yield)
{
    /* lend.c: shown read-only when the upcall is delivered, with (address,
     * len) in the upcall; hidden when the app yields back. */
    struct bench b;
    bench_init(&b, TK_LEND_ONWARD_DENY, 0);
    lend_and_deliver(&b, 64);
    ck_assert_uint_ge(b.windows.count, 1);
    ck_assert(b.windows.calls[0].show);
    ck_assert(!b.windows.calls[0].writable);
    ck_assert_uint_eq(b.windows.calls[0].len, 64);
    const struct tk_resume *r = fx_last_resume(b.app);
    ck_assert_int_eq(r->kind, TK_RESUME_UPCALL);
    ck_assert_uint_eq(r->arg[0], b.windows.calls[0].address); /* the full 64-bit address */
    ck_assert_uint_eq(r->arg[1], 64);
    ck_assert_mem_eq((const void *)(uintptr_t)r->arg[0], "lent by the kernel: ", 20);
    /* The fixture's code answered the upcall with Yield-Wait: returned. */
    ck_assert_uint_eq(b.windows.count, 2);
    ck_assert(!b.windows.calls[1].show);
    ck_assert_uint_eq(b.windows.calls[1].address, b.windows.calls[0].address);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(lend_one_loan_at_a_time_and_size_checked)
{
    /* lend_demo.c: BUSY while a loan is queued; SIZE for 0 or too long. */
    struct bench b;
    bench_init(&b, TK_LEND_ONWARD_DENY, 0);
    fx_assert_failure(fx_command(&b.k, b.app, LEND, 1, 0, 0), TK_SIZE);
    fx_assert_failure(fx_command(&b.k, b.app, LEND, 1, 5000, 0), TK_SIZE);
    fx_assert_success(fx_command(&b.k, b.app, LEND, 1, 8, 0));
    fx_assert_failure(fx_command(&b.k, b.app, LEND, 1, 8, 0), TK_BUSY);
    fx_kernel_fini(&b.k);
}
END_TEST

/* The app's code: an upcall is computed on forever (`loop {}`), so the
 * loan is held; anything else is answered with Yield-Wait. */
static void hold_code(void *ctx, struct tk_process *p, const struct tk_resume *resume,
                      struct tk_trap *trap)
{
    (void)ctx;
    (void)p;
    if (resume->kind == TK_RESUME_UPCALL || resume->kind == TK_RESUME_CONTINUE) {
        trap->kind = TK_TRAP_TIMESLICE;
        return;
    }
    trap->kind = TK_TRAP_SYSCALL;
    trap->syscall = (struct tk_syscall){TK_CLASS_YIELD, {TK_YIELD_WAIT, 0, 0, 0}};
}

/* As lend_and_deliver, but the app stays inside its upcall, holding it. */
static uint64_t lend_and_hold(struct bench *b, uint32_t len)
{
    emu_inproc_set_code(b->app, hold_code, NULL);
    lend_and_deliver(b, len);
    ck_assert_uint_eq(b->windows.count, 1); /* shown, not yet hidden */
    return b->windows.calls[0].address;
}

/* The app allows [address, +len) to IPC's read-only allow 0. */
static struct tk_syscall_return allow_onward(struct bench *b, uint64_t address, uint64_t len)
{
    return fx_allow_ro(&b->k, b->app, IPC, 0, address, len);
}

START_TEST(lend_onward_deny_is_inval)
{
    /* lend.c DENY (Tock today: not the app's memory): INVAL. */
    struct bench b;
    bench_init(&b, TK_LEND_ONWARD_DENY, 0);
    uint64_t address = lend_and_hold(&b, 32);
    fx_assert_failure2(allow_onward(&b, address, 32), TK_INVAL);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(lend_onward_revoke_empties_slot_at_return)
{
    /* lend.c REVOKE: allowed while held (inside the loan only); at the
     * app's next yield the driver's slot is empty. */
    struct bench b;
    bench_init(&b, TK_LEND_ONWARD_REVOKE, 0);
    uint64_t address = lend_and_hold(&b, 32);
    fx_assert_failure2(allow_onward(&b, address, 33), TK_INVAL);
    fx_assert_variant(allow_onward(&b, address + 8, 8), TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(tk_allow_ro_get(&b.ipc.driver, b.app, 0).len, 8);
    fx_syscall(&b.k, b.app, TK_CLASS_YIELD, TK_YIELD_NO_WAIT, 0, 0, 0);
    ck_assert_uint_eq(b.windows.count, 2);
    ck_assert_uint_eq(tk_allow_ro_get(&b.ipc.driver, b.app, 0).len, 0);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(lend_onward_keep_leaves_slot_on_kernel_memory)
{
    /* lend.c KEEP: the slot survives the return; the driver reads the
     * kernel's lend area, whatever it holds next. */
    struct bench b;
    bench_init(&b, TK_LEND_ONWARD_KEEP, 0);
    uint64_t address = lend_and_hold(&b, 32);
    fx_assert_variant(allow_onward(&b, address, 32), TK_RV_SUCCESS_U32_U32);
    fx_syscall(&b.k, b.app, TK_CLASS_YIELD, TK_YIELD_NO_WAIT, 0, 0, 0);
    struct tk_buffer kept = tk_allow_ro_get(&b.ipc.driver, b.app, 0);
    ck_assert_uint_eq((uint64_t)(uintptr_t)kept.ptr, address);
    ck_assert_uint_eq(kept.len, 32);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(lend_limit_faults_app_still_holding)
{
    /* lend.c: `loop {}` inside the upcall runs timeslice after timeslice
     * (10 ms of virtual time each); past a 25 ms limit the app is faulted
     * and the loan hidden. */
    struct bench b;
    bench_init(&b, TK_LEND_ONWARD_DENY, 25 * 1000 * 1000);
    lend_and_hold(&b, 16);
    for (unsigned i = 0; i < 10 && tk_process_is_alive(b.app); i++)
        tk_kernel_step(&b.k);
    ck_assert_int_eq(b.app->state, TK_STATE_FAULTED);
    ck_assert_int_eq(b.app->last_fault.kind, TK_FAULT_KERNEL_FORCED);
    ck_assert_uint_ge(tk_kernel_now(&b.k), 25 * 1000 * 1000);
    ck_assert_uint_le(tk_kernel_now(&b.k), 40 * 1000 * 1000);
    ck_assert_uint_eq(b.windows.count, 2);
    ck_assert(!b.windows.calls[1].show);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(lend_no_limit_never_faults)
{
    /* lend.c: limit 0, the Tock-like default: holding is not a fault. */
    struct bench b;
    bench_init(&b, TK_LEND_ONWARD_DENY, 0);
    lend_and_hold(&b, 16);
    for (unsigned i = 0; i < 10; i++)
        tk_kernel_step(&b.k);
    ck_assert(tk_process_is_alive(b.app));
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(lend_returned_when_holder_exits_or_restarts)
{
    /* lend.c: exit, restart and fault end the loan (the window goes). */
    struct bench b;
    bench_init(&b, TK_LEND_ONWARD_DENY, 0);
    lend_and_hold(&b, 16);
    fx_syscall(&b.k, b.app, TK_CLASS_EXIT, _i, 0, 0, 0);
    ck_assert_uint_eq(b.windows.count, 2);
    ck_assert(!b.windows.calls[1].show);
    fx_kernel_fini(&b.k);
}
END_TEST

Suite *lend_suite(void)
{
    Suite *s = suite_create("lend");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, lend_shown_at_delivery_readonly_and_hidden_at_next_yield);
    tcase_add_test(tc, lend_one_loan_at_a_time_and_size_checked);
    tcase_add_test(tc, lend_onward_deny_is_inval);
    tcase_add_test(tc, lend_onward_revoke_empties_slot_at_return);
    tcase_add_test(tc, lend_onward_keep_leaves_slot_on_kernel_memory);
    tcase_add_test(tc, lend_limit_faults_app_still_holding);
    tcase_add_test(tc, lend_no_limit_never_faults);
    tcase_add_loop_test(tc, lend_returned_when_holder_exits_or_restarts, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
