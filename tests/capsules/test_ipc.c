/* IPC tests: discovery, notifications, delivery and shared-buffer windows.
 *
 * Spec §8.9 (and §2.3 for delivery). A fixture kernel with the IPC capsule
 * registered as the kernel's IPC hook and three in-process processes: a
 * service "svc" (slot 0), a client "cli" (slot 1) and a third "other"
 * (slot 2). Each process's window hooks are wrapped to record what the
 * capsule showed and hid; the fixture's code answers every switch with
 * Yield-Wait, so run_until_idle() delivers whatever was queued.
 *
 * Facts from the kernel (kernel/src/ipc.rs @65608d71) the tests rest on:
 * a process's index is its slot; subscribe number k is the service upcall
 * on the process in slot k and the client upcall for service k elsewhere;
 * RW allow number k is the buffer shared with slot k; upcall arguments are
 * (notifier slot, len, ptr).
 */
#include <check.h>
#include <string.h>

#include "fixture.h"
#include "ipc.h"

#define DRIVER TK_DRIVER_NUM_IPC

enum { SVC, CLI, OTHER, PROCS };
struct bench {
    struct tk_kernel k;
    struct tk_ipc ipc;
    struct tk_process *p[PROCS];
    struct fx_window_log windows;
};

static void bench_init_reshare(struct bench *b, enum tk_ipc_reshare reshare);

static void bench_init(struct bench *b)
{
    bench_init_reshare(b, TK_IPC_RESHARE_DENY);
}

static void bench_init_reshare(struct bench *b, enum tk_ipc_reshare reshare)
{
    static const char *const names[PROCS] = {"svc", "cli", "other"};
    memset(b, 0, sizeof *b);
    fx_kernel_init(&b->k);
    tk_ipc_init(&b->ipc, reshare);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->ipc.driver), 0);
    tk_kernel_set_ipc_deliver(&b->k, tk_ipc_deliver, &b->ipc);
    for (unsigned i = 0; i < PROCS; i++) {
        b->p[i] = fx_process_new(&b->k, names[i], 0);
        fx_window_log_attach(&b->windows, b->p[i]);
        /* Everyone waits, so only what a test queues runs. */
        fx_syscall(&b->k, b->p[i], TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    }
}

/* Let the kernel loop deliver everything queued (bounded). */
static void run_until_idle(struct bench *b)
{
    for (unsigned i = 0; i < 100 && tk_kernel_step(&b->k); i++)
        ;
}

static void assert_upcall(struct tk_process *p, uint64_t fn, uint64_t a0, uint64_t a1, uint64_t a2,
                          uint64_t userdata)
{
    const struct tk_resume *r = fx_last_resume(p);
    ck_assert_int_eq(r->kind, TK_RESUME_UPCALL);
    ck_assert_uint_eq(r->pc, fn);
    ck_assert_uint_eq(r->arg[0], a0);
    ck_assert_uint_eq(r->arg[1], a1);
    ck_assert_uint_eq(r->arg[2], a2);
    ck_assert_uint_eq(r->arg[3], userdata);
}

/* Allow the name to search for at the start of `p`'s RAM and discover it. */
static struct tk_syscall_return discover(struct bench *b, struct tk_process *p, const char *name)
{
    size_t len = strlen(name);
    memcpy(fx_ram(p, 0), name, len);
    fx_assert_variant(fx_allow_ro(&b->k, p, DRIVER, 0, fx_addr(p, 0), len), TK_RV_SUCCESS_U32_U32);
    return fx_command(&b->k, p, DRIVER, 1, 0, 0);
}

/* The client shares 64 bytes at RAM offset 256 with the service. */
static uint64_t client_shares(struct bench *b)
{
    uint64_t addr = fx_addr(b->p[CLI], 256);
    fx_assert_variant(fx_allow_rw(&b->k, b->p[CLI], DRIVER, SVC, addr, 64), TK_RV_SUCCESS_U32_U32);
    return addr;
}

/* The client notifies the service, which runs its service upcall. */
static void client_notifies_service(struct bench *b)
{
    fx_assert_success(fx_command(&b->k, b->p[CLI], DRIVER, 2, SVC, 0));
    run_until_idle(b);
}

START_TEST(ipc_command_0_and_unknown)
{
    /* spec §8.9: 0 is S; unknown numbers are NOSUPPORT. */
    struct bench b;
    bench_init(&b);
    fx_assert_success(fx_command(&b.k, b.p[CLI], DRIVER, 0, 0, 0));
    fx_assert_failure(fx_command(&b.k, b.p[CLI], DRIVER, 4, 0, 0), TK_NOSUPPORT);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_discover_returns_slot_of_package_name)
{
    /* spec §8.9: S32(slot) of the first process whose name is the bytes. */
    struct bench b;
    bench_init(&b);
    struct tk_syscall_return ret = discover(&b, b.p[CLI], "other");
    fx_assert_variant(ret, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq((uint32_t)ret.reg[1], OTHER);
    ret = discover(&b, b.p[CLI], "svc");
    fx_assert_variant(ret, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq((uint32_t)ret.reg[1], SVC);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_discover_needs_exact_name)
{
    /* spec §8.9: a prefix or a longer name is no match: NODEVICE. */
    struct bench b;
    bench_init(&b);
    fx_assert_failure(discover(&b, b.p[CLI], "sv"), TK_NODEVICE);
    fx_assert_failure(discover(&b, b.p[CLI], "svcx"), TK_NODEVICE);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_discover_finds_processes_in_any_state)
{
    /* spec §8.9: slot order, any state: a terminated service is found. */
    struct bench b;
    bench_init(&b);
    tk_process_terminate(b.p[OTHER], TK_COMPLETION_CODE, 0);
    struct tk_syscall_return ret = discover(&b, b.p[CLI], "other");
    fx_assert_variant(ret, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq((uint32_t)ret.reg[1], OTHER);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_discover_without_search_allow_is_inval)
{
    /* ipc.rs: the search buffer never allowed has no process: INVAL. */
    struct bench b;
    bench_init(&b);
    fx_assert_failure(fx_command(&b.k, b.p[CLI], DRIVER, 1, 0, 0), TK_INVAL);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_notify_queues_ipc_task_on_target)
{
    /* spec §8.9: commands 2 and 3 queue IPC(caller, Service/Client). */
    struct bench b;
    bench_init(&b);
    fx_assert_success(fx_command(&b.k, b.p[CLI], DRIVER, 2, SVC, 0));
    fx_assert_success(fx_command(&b.k, b.p[CLI], DRIVER, 3, SVC, 0));
    struct tk_task t;
    ck_assert(fx_pop_task(b.p[SVC], &t));
    ck_assert_int_eq(t.kind, TK_TASK_IPC);
    ck_assert(t.ipc_service);
    ck_assert_uint_eq(t.ipc_from, CLI);
    ck_assert(fx_pop_task(b.p[SVC], &t));
    ck_assert(!t.ipc_service);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_notify_errors)
{
    /* spec §8.9: INVAL no process in the slot, NODEVICE not alive, NOMEM
     * the target's queue is full. */
    struct bench b;
    bench_init(&b);
    fx_assert_failure(fx_command(&b.k, b.p[CLI], DRIVER, 2, PROCS, 0), TK_INVAL);
    fx_assert_failure(fx_command(&b.k, b.p[CLI], DRIVER, 3, 1000, 0), TK_INVAL);
    for (unsigned i = 0; i < TK_TASK_QUEUE_LEN; i++)
        fx_assert_success(fx_command(&b.k, b.p[CLI], DRIVER, 2, SVC, 0));
    fx_assert_failure(fx_command(&b.k, b.p[CLI], DRIVER, 2, SVC, 0), TK_NOMEM);
    tk_process_terminate(b.p[OTHER], TK_COMPLETION_CODE, 0);
    fx_assert_failure(fx_command(&b.k, b.p[CLI], DRIVER, 3, OTHER, 0), TK_NODEVICE);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_service_upcall_is_own_slot_with_shared_buffer)
{
    /* spec §8.9: Service notifications run subscribe number <own slot> with
     * (client slot, len, ptr) of the client's RW allow number <service slot>;
     * ptr is the full 64-bit address. */
    struct bench b;
    bench_init(&b);
    uint64_t fn = fx_upcall_fn(b.p[SVC], 1);
    fx_assert_variant(fx_subscribe(&b.k, b.p[SVC], DRIVER, SVC, fn, 0x77), TK_RV_SUCCESS_U32_U32);
    uint64_t addr = client_shares(&b);
    client_notifies_service(&b);
    assert_upcall(b.p[SVC], fn, CLI, 64, addr, 0x77);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_client_upcall_is_service_slot)
{
    /* spec §8.9: Client notifications run subscribe number <notifier slot>;
     * nothing shared gives (slot, 0, 0). */
    struct bench b;
    bench_init(&b);
    uint64_t fn = fx_upcall_fn(b.p[CLI], 2);
    fx_assert_variant(fx_subscribe(&b.k, b.p[CLI], DRIVER, SVC, fn, 0x55), TK_RV_SUCCESS_U32_U32);
    fx_assert_success(fx_command(&b.k, b.p[SVC], DRIVER, 3, CLI, 0));
    run_until_idle(&b);
    assert_upcall(b.p[CLI], fn, SVC, 0, 0, 0x55);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_self_notify_is_accepted_then_dropped)
{
    /* spec §8.9: notifying yourself succeeds; delivery drops it. */
    struct bench b;
    bench_init(&b);
    uint64_t fn = fx_upcall_fn(b.p[SVC], 1);
    fx_assert_variant(fx_subscribe(&b.k, b.p[SVC], DRIVER, SVC, fn, 0), TK_RV_SUCCESS_U32_U32);
    fx_assert_success(fx_command(&b.k, b.p[SVC], DRIVER, 2, SVC, 0));
    unsigned switches = fx_switch_count(b.p[SVC]);
    run_until_idle(&b);
    /* The caller ran once to yield again; no upcall reached it. */
    ck_assert_int_ne(fx_last_resume(b.p[SVC])->kind, TK_RESUME_UPCALL);
    ck_assert_uint_le(fx_switch_count(b.p[SVC]), switches + 1);
    ck_assert_uint_eq(fx_task_count(b.p[SVC]), 0);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_notification_from_restarted_notifier_is_dropped)
{
    /* ipc.rs: the task names the notifier's ProcessId; once it restarted,
     * entering its grant fails and the notification is dropped. */
    struct bench b;
    bench_init(&b);
    uint64_t fn = fx_upcall_fn(b.p[SVC], 1);
    fx_assert_variant(fx_subscribe(&b.k, b.p[SVC], DRIVER, SVC, fn, 0), TK_RV_SUCCESS_U32_U32);
    fx_assert_success(fx_command(&b.k, b.p[CLI], DRIVER, 2, SVC, 0));
    tk_process_try_restart(b.p[CLI], TK_COMPLETION_CODE, 0);
    run_until_idle(&b);
    ck_assert_int_ne(fx_last_resume(b.p[SVC])->kind, TK_RESUME_UPCALL);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_counts_are_one_per_process_slot)
{
    /* spec §8.9: NUM_PROCS upcalls and RW allows, one RO allow. */
    struct bench b;
    bench_init(&b);
    fx_assert_variant(fx_subscribe(&b.k, b.p[CLI], DRIVER, TK_MAX_PROCESSES - 1, 0, 0),
                      TK_RV_SUCCESS_U32_U32);
    fx_assert_variant(fx_subscribe(&b.k, b.p[CLI], DRIVER, TK_MAX_PROCESSES, 0, 0),
                      TK_RV_FAILURE_U32_U32);
    fx_assert_variant(fx_allow_rw(&b.k, b.p[CLI], DRIVER, TK_MAX_PROCESSES, 0, 0),
                      TK_RV_FAILURE_U32_U32);
    fx_assert_variant(fx_allow_ro(&b.k, b.p[CLI], DRIVER, 1, 0, 0), TK_RV_FAILURE_U32_U32);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_delivery_shows_buffer_to_receiver_once)
{
    /* spec §8.9: the receiver is given access to the shared buffer at its
     * own address; a second delivery of the same allow shows nothing new. */
    struct bench b;
    bench_init(&b);
    uint64_t addr = client_shares(&b);
    client_notifies_service(&b);
    ck_assert_uint_eq(b.windows.count, 1);
    fx_assert_window_call(&b.windows, 0, true, SVC, addr, 64);
    client_notifies_service(&b);
    ck_assert_uint_eq(b.windows.count, 1);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_no_buffer_no_window)
{
    /* spec §8.9: nothing shared with the receiver: nothing shown. */
    struct bench b;
    bench_init(&b);
    /* Shared with OTHER, not with the service. */
    fx_assert_success(fx_command(&b.k, b.p[CLI], DRIVER, 2, SVC, 0));
    fx_assert_variant(fx_allow_rw(&b.k, b.p[CLI], DRIVER, OTHER, fx_addr(b.p[CLI], 0), 16),
                      TK_RV_SUCCESS_U32_U32);
    run_until_idle(&b);
    ck_assert_uint_eq(b.windows.count, 0);
    fx_kernel_fini(&b.k);
}
END_TEST

/* Issue 12 cleanup: each way the sharing can end hides the window from the
 * service before it runs again. */
enum cleanup_case {
    CLIENT_REALLOWS,
    CLIENT_UNALLOWS,
    CLIENT_EXITS,
    CLIENT_RESTARTS,
    CLIENT_FAULTS,
    SERVICE_RESTARTS,
    SERVICE_FAULTS,
    CLEANUP_CASES
};

static void end_sharing(struct bench *b, enum cleanup_case c)
{
    struct tk_fault fault = {.kind = TK_FAULT_MEMORY};
    switch (c) {
    case CLIENT_REALLOWS:
        fx_allow_rw(&b->k, b->p[CLI], DRIVER, SVC, fx_addr(b->p[CLI], 512), 64);
        break;
    case CLIENT_UNALLOWS:
        fx_allow_rw(&b->k, b->p[CLI], DRIVER, SVC, 0, 0);
        break;
    case CLIENT_EXITS:
        fx_syscall(&b->k, b->p[CLI], TK_CLASS_EXIT, 0, 0, 0, 0);
        break;
    case CLIENT_RESTARTS:
        fx_syscall(&b->k, b->p[CLI], TK_CLASS_EXIT, 1, 0, 0, 0);
        break;
    case CLIENT_FAULTS:
        tk_process_set_fault(b->p[CLI], &fault);
        break;
    case SERVICE_RESTARTS:
        tk_process_try_restart(b->p[SVC], TK_COMPLETION_CODE, 0);
        break;
    case SERVICE_FAULTS:
        tk_process_set_fault(b->p[SVC], &fault);
        break;
    case CLEANUP_CASES:
        break;
    }
}

START_TEST(ipc_window_hidden_when_sharing_ends)
{
    /* Issue 12 §2 (Deviation from ipc.rs, which never removes the MPU
     * region): re-allow, unallow, exit, restart or fault of the client, and
     * restart or fault of the service, each hide the client's buffer from
     * the service at once, before anything runs again. */
    struct bench b;
    bench_init(&b);
    uint64_t addr = client_shares(&b);
    client_notifies_service(&b);
    ck_assert_uint_eq(b.windows.count, 1);
    end_sharing(&b, (enum cleanup_case)_i);
    ck_assert_uint_eq(b.windows.count, 2);
    fx_assert_window_call(&b.windows, 1, false, SVC, addr, 64);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_restarted_service_sees_only_new_shares)
{
    /* Issue 12 §2: a restarted service never sees an old client's buffer:
     * nothing is shown to it again until a client notifies it anew. */
    struct bench b;
    bench_init(&b);
    uint64_t addr = client_shares(&b);
    client_notifies_service(&b);
    tk_process_try_restart(b.p[SVC], TK_COMPLETION_CODE, 0);
    run_until_idle(&b);
    ck_assert_uint_eq(b.windows.count, 2);
    client_notifies_service(&b);
    ck_assert_uint_eq(b.windows.count, 3);
    fx_assert_window_call(&b.windows, 2, true, SVC, addr, 64);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_other_processes_windows_stay)
{
    /* Issue 12 §2: ending one share leaves another process's share alone. */
    struct bench b;
    bench_init(&b);
    client_shares(&b);
    fx_assert_variant(fx_allow_rw(&b.k, b.p[OTHER], DRIVER, SVC, fx_addr(b.p[OTHER], 0), 32),
                      TK_RV_SUCCESS_U32_U32);
    client_notifies_service(&b);
    fx_assert_success(fx_command(&b.k, b.p[OTHER], DRIVER, 2, SVC, 0));
    run_until_idle(&b);
    ck_assert_uint_eq(b.windows.count, 2);
    fx_syscall(&b.k, b.p[CLI], TK_CLASS_EXIT, 0, 0, 0, 0);
    ck_assert_uint_eq(b.windows.count, 3);
    ck_assert_uint_eq(b.windows.calls[2].address, fx_addr(b.p[CLI], 256));
    fx_kernel_fini(&b.k);
}
END_TEST

/* Issue 12 §3, re-sharing: the client (A) shares 64 bytes with the service
 * (B); B then RW-allows 16 bytes of that window to IPC for OTHER (C) and
 * notifies C. */
static struct tk_syscall_return service_reshares(struct bench *b, uint64_t a_buffer)
{
    client_shares(b);
    client_notifies_service(b);
    return fx_allow_rw(&b->k, b->p[SVC], DRIVER, OTHER, a_buffer + 16, 16);
}

static void service_notifies_other(struct bench *b)
{
    fx_assert_success(fx_command(&b->k, b->p[SVC], DRIVER, 2, OTHER, 0));
    run_until_idle(b);
}

START_TEST(ipc_reshare_deny_is_inval)
{
    /* Issue 12 §3 (Tock's rule): B may not allow memory it does not own. */
    struct bench b;
    bench_init_reshare(&b, TK_IPC_RESHARE_DENY);
    uint64_t a = fx_addr(b.p[CLI], 256);
    fx_assert_failure2(service_reshares(&b, a), TK_INVAL);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_reshare_allow_shows_owner_memory_until_owner_ends)
{
    /* Issue 12 §3 ALLOW: C is shown A's bytes at A's address; when A
     * re-allows, B's onward allow is emptied and C's window hidden. */
    struct bench b;
    bench_init_reshare(&b, TK_IPC_RESHARE_ALLOW);
    uint64_t a = fx_addr(b.p[CLI], 256);
    uint64_t fn = fx_upcall_fn(b.p[OTHER], 3);
    fx_subscribe(&b.k, b.p[OTHER], DRIVER, OTHER, fn, 0);
    fx_assert_variant(service_reshares(&b, a), TK_RV_SUCCESS_U32_U32);
    /* Outside the window B is shown: still refused. */
    fx_assert_failure2(fx_allow_rw(&b.k, b.p[SVC], DRIVER, OTHER, a + 60, 16), TK_INVAL);
    service_notifies_other(&b);
    assert_upcall(b.p[OTHER], fn, SVC, 16, a + 16, 0);
    ck_assert_uint_eq(b.windows.count, 2);
    fx_assert_window_call(&b.windows, 1, true, OTHER, a + 16, 16);
    fx_allow_rw(&b.k, b.p[CLI], DRIVER, SVC, 0, 0);
    ck_assert_uint_eq(tk_allow_rw_get(&b.ipc.driver, b.p[SVC], OTHER).len, 0);
    ck_assert_uint_eq(b.windows.count, 4);
    fx_assert_window_call(&b.windows, 2, false, SVC, a, 64);
    fx_assert_window_call(&b.windows, 3, false, OTHER, a + 16, 16);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(ipc_reshare_copy_gives_readonly_copy)
{
    /* Issue 12 §3 COPY: C gets a copy in its own lend area, read-only; A's
     * memory is never shown to C. */
    struct bench b;
    bench_init_reshare(&b, TK_IPC_RESHARE_COPY);
    uint64_t a = fx_addr(b.p[CLI], 256);
    memcpy(fx_ram(b.p[CLI], 256 + 16), "copied bytes....", 16);
    uint64_t fn = fx_upcall_fn(b.p[OTHER], 3);
    fx_subscribe(&b.k, b.p[OTHER], DRIVER, OTHER, fn, 0);
    fx_assert_variant(service_reshares(&b, a), TK_RV_SUCCESS_U32_U32);
    service_notifies_other(&b);
    const struct tk_resume *r = fx_last_resume(b.p[OTHER]);
    ck_assert_uint_eq(r->arg[1], 16);
    ck_assert_uint_ne(r->arg[2], a + 16);
    ck_assert_mem_eq((const void *)(uintptr_t)r->arg[2], "copied bytes....", 16);
    ck_assert_uint_eq(b.windows.count, 2);
    fx_assert_window_call(&b.windows, 1, true, OTHER, r->arg[2], 16);
    fx_syscall(&b.k, b.p[CLI], TK_CLASS_EXIT, 0, 0, 0, 0);
    ck_assert_uint_eq(b.windows.count, 4);
    fx_assert_window_call(&b.windows, 3, false, OTHER, r->arg[2], 16);
    fx_kernel_fini(&b.k);
}
END_TEST

Suite *ipc_suite(void)
{
    Suite *s = suite_create("ipc");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, ipc_command_0_and_unknown);
    tcase_add_test(tc, ipc_discover_returns_slot_of_package_name);
    tcase_add_test(tc, ipc_discover_needs_exact_name);
    tcase_add_test(tc, ipc_discover_finds_processes_in_any_state);
    tcase_add_test(tc, ipc_discover_without_search_allow_is_inval);
    tcase_add_test(tc, ipc_notify_queues_ipc_task_on_target);
    tcase_add_test(tc, ipc_notify_errors);
    tcase_add_test(tc, ipc_service_upcall_is_own_slot_with_shared_buffer);
    tcase_add_test(tc, ipc_client_upcall_is_service_slot);
    tcase_add_test(tc, ipc_self_notify_is_accepted_then_dropped);
    tcase_add_test(tc, ipc_notification_from_restarted_notifier_is_dropped);
    tcase_add_test(tc, ipc_counts_are_one_per_process_slot);
    suite_add_tcase(s, tc);

    TCase *windows = tcase_create("windows");
    tcase_add_test(windows, ipc_delivery_shows_buffer_to_receiver_once);
    tcase_add_test(windows, ipc_no_buffer_no_window);
    tcase_add_loop_test(windows, ipc_window_hidden_when_sharing_ends, 0, CLEANUP_CASES);
    tcase_add_test(windows, ipc_restarted_service_sees_only_new_shares);
    tcase_add_test(windows, ipc_other_processes_windows_stay);
    suite_add_tcase(s, windows);

    TCase *reshare = tcase_create("reshare");
    tcase_add_test(reshare, ipc_reshare_deny_is_inval);
    tcase_add_test(reshare, ipc_reshare_allow_shows_owner_memory_until_owner_ends);
    tcase_add_test(reshare, ipc_reshare_copy_gives_readonly_copy);
    suite_add_tcase(s, reshare);
    return s;
}
