/* Exit (class 6): terminate, restart, and bad exit numbers.
 *
 * Checks spec §1.6 (Exit), §1.8, §5.1, §5.4 and §10.19-§10.21 against
 * emu/kernel/dispatch.c and process.c.
 */
#include <check.h>

#include "kdriver.h"

static struct tk_syscall_return sys_exit(struct tk_kernel *k, struct tk_process *p, uint64_t which,
                                         uint64_t code)
{
    return fx_syscall(k, p, TK_CLASS_EXIT, which, code, 0, 0);
}

START_TEST(exit_terminate_records_code_and_wipes_state)
{
    /* spec §1.6, §10.21: Terminated, completion code, queue and grants gone,
     * no return value. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_subscribe(&k, p, KD_NUM, 0, fx_upcall_fn(p, 0), 0);
    kd_schedule(&kd, p, 0, 1);
    struct tk_syscall_return r = sys_exit(&k, p, 0, 0x100000007ull);
    ck_assert_uint_eq(r.written, 0);
    ck_assert_int_eq(p->state, TK_STATE_TERMINATED);
    ck_assert_int_eq(p->completion, TK_COMPLETION_CODE);
    ck_assert_uint_eq(p->completion_code, 7); /* spec §5.4: truncated to u32 */
    ck_assert_uint_eq(fx_task_count(p), 0);
    ck_assert_uint_eq(p->grants[kd.driver.grant_index], 0);
    ck_assert_uint_eq(kd.process_gone, 1);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(exit_restart_gives_new_id_and_fresh_state)
{
    /* spec §5.1 reset, §10.20: new ProcessId, restart count +1, counters
     * cleared, breaks and mark reset, init call queued (§1.8), state Yielded. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint32_t old_id = p->id;
    uint64_t top = p->kernel_break;
    fx_memop(&k, p, 1, 4096);
    fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 0), 64);
    p->timeslice_expirations = 3;
    p->dropped_upcall_count = 2;
    sys_exit(&k, p, 1, 9);
    ck_assert_uint_ne(p->id, old_id);
    ck_assert_ptr_null(tk_kernel_process_by_id(&k, old_id));
    ck_assert_ptr_eq(tk_kernel_process_by_id(&k, p->id), p);
    ck_assert_uint_eq(p->restart_count, 1);
    ck_assert_uint_eq(p->syscall_count, 0);
    ck_assert_uint_eq(p->timeslice_expirations, 0);
    ck_assert_uint_eq(p->dropped_upcall_count, 0);
    ck_assert(!p->has_last_syscall);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    ck_assert_uint_eq(p->app_break, p->initial_break);
    ck_assert_uint_eq(p->kernel_break, top);
    ck_assert_uint_eq(p->allow_high_water_mark, p->memory_start);
    ck_assert_int_eq(p->completion, TK_COMPLETION_CODE);
    ck_assert_uint_eq(p->completion_code, 9);
    struct tk_task t;
    ck_assert_uint_eq(fx_task_count(p), 1);
    fx_pop_task(p, &t);
    ck_assert(t.from_kernel);
    ck_assert_int_eq(t.kind, TK_TASK_FUNCTION_CALL);
    ck_assert_uint_eq(t.pc, p->init_pc);
    ck_assert_uint_eq(t.arg[0], p->flash_start + p->flash_protected_size);
    ck_assert_uint_eq(t.arg[1], p->memory_start);
    ck_assert_uint_eq(t.arg[2], p->memory_len);
    ck_assert_uint_eq(t.arg[3], p->initial_break);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(exit_restart_forgets_subscriptions_and_allows)
{
    /* spec §10.21: after restart each slot again starts from (0, 0). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_subscribe(&k, p, KD_NUM, 0, fx_upcall_fn(p, 0), 3);
    sys_exit(&k, p, 1, 0);
    struct tk_task t;
    fx_pop_task(p, &t);
    p->state = TK_STATE_RUNNING;
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    ck_assert_uint_eq(r.reg[1], 0);
    ck_assert_uint_eq(r.reg[2], 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(exit_restart_ignores_fault_policy)
{
    /* spec §10.20: even under the Panic policy an exit-restart restarts. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    k.config.fault_policy = TK_FAULT_POLICY_PANIC;
    sys_exit(&k, p, 1, 0);
    ck_assert(!k.panicked);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    ck_assert_uint_eq(p->restart_count, 1);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(exit_bad_number_is_nosupport_and_process_runs_on)
{
    /* spec §10.19: exit r0 not in {0,1} -> Failure(NOSUPPORT). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = sys_exit(&k, p, 2, 0);
    fx_assert_failure(r, TK_NOSUPPORT);
    ck_assert_uint_eq(r.written, 0x3);
    ck_assert_int_eq(p->state, TK_STATE_RUNNING);
    ck_assert_int_eq(p->completion, TK_COMPLETION_NONE);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(exit_restart_context_restarted_by_the_loop)
{
    /* style §7: the host context is replaced between processes, not inside
     * the syscall; the next run is the init call (START). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    ck_assert_uint_eq(fx_start_count(p), 1);
    sys_exit(&k, p, 1, 0);
    ck_assert_uint_eq(fx_stop_count(p), 0);
    tk_kernel_step(&k);
    ck_assert_uint_eq(fx_stop_count(p), 1);
    ck_assert_uint_eq(fx_start_count(p), 2);
    ck_assert_uint_eq(fx_last_resume(p)->kind, TK_RESUME_START);
    ck_assert_uint_eq(fx_last_resume(p)->pc, p->init_pc);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(exit_terminate_context_stopped_once)
{
    /* style §7: a terminated process's context is stopped by the sweep. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    sys_exit(&k, p, 0, 0);
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    ck_assert_uint_eq(fx_stop_count(p), 1);
    fx_kernel_fini(&k);
}
END_TEST

Suite *exit_suite(void)
{
    Suite *s = suite_create("exit");
    TCase *tc = tcase_create("exit");
    tcase_add_test(tc, exit_terminate_records_code_and_wipes_state);
    tcase_add_test(tc, exit_restart_gives_new_id_and_fresh_state);
    tcase_add_test(tc, exit_restart_forgets_subscriptions_and_allows);
    tcase_add_test(tc, exit_restart_ignores_fault_policy);
    tcase_add_test(tc, exit_bad_number_is_nosupport_and_process_runs_on);
    tcase_add_test(tc, exit_restart_context_restarted_by_the_loop);
    tcase_add_test(tc, exit_terminate_context_stopped_once);
    suite_add_tcase(s, tc);
    return s;
}
