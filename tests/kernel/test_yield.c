/* Yield (class 0): NoWait, Wait, WaitFor, delivery and readiness.
 *
 * Checks spec §1.2, §1.6 (Yield), §2.3-§2.6 and §10.1, §10.7, §10.9-§10.11
 * against tk_kernel_handle_syscall and the loop (emu/kernel/dispatch.c,
 * process.c, sched.c).
 */
#include <check.h>

#include "kdriver.h"

static struct tk_syscall_return yield(struct tk_kernel *k, struct tk_process *p, uint64_t which,
                                      uint64_t a, uint64_t b)
{
    return fx_syscall(k, p, TK_CLASS_YIELD, which, a, b, 0);
}

START_TEST(yield_nowait_empty_queue_writes_zero_and_continues)
{
    /* spec §2.5: empty queue -> flag 0, the process continues, no register. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint8_t *flag = fx_ram(p, 100);
    *flag = 0x55;
    struct tk_syscall_return r = yield(&k, p, TK_YIELD_NO_WAIT, fx_addr(p, 100), 0);
    ck_assert_uint_eq(*flag, 0);
    ck_assert_uint_eq(r.written, 0);
    ck_assert_int_eq(p->state, TK_STATE_RUNNING);
    ck_assert_uint_eq(p->pending.kind, TK_RESUME_RETURN);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_nowait_with_tasks_writes_one_and_yields)
{
    /* spec §2.5: non-empty queue -> flag 1 and the process becomes Yielded. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint8_t *flag = fx_ram(p, 100);
    fx_subscribe(&k, p, KD_NUM, 0, fx_upcall_fn(p, 0), 0);
    ck_assert_int_eq(kd_schedule(&kd, p, 0, 7), 0);
    yield(&k, p, TK_YIELD_NO_WAIT, fx_addr(p, 100), 0);
    ck_assert_uint_eq(*flag, 1);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_nowait_flag_written_only_below_app_break)
{
    /* spec §10.15: the flag byte must lie in [memory_start, app_break). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    size_t at_break = (size_t)(p->app_break - p->memory_start);
    uint8_t *above = fx_ram(p, at_break);
    uint8_t *last = fx_ram(p, at_break - 1);
    *above = 0x55;
    *last = 0x55;
    yield(&k, p, TK_YIELD_NO_WAIT, fx_addr(p, at_break), 0);
    ck_assert_uint_eq(*above, 0x55);
    yield(&k, p, TK_YIELD_NO_WAIT, fx_addr(p, at_break - 1), 0);
    ck_assert_uint_eq(*last, 0);
    /* Address 0 and flash are silently not written. */
    yield(&k, p, TK_YIELD_NO_WAIT, 0, 0);
    yield(&k, p, TK_YIELD_NO_WAIT, fx_flash_addr(p, 0), 0);
    ck_assert_uint_eq(*(uint8_t *)(uintptr_t)fx_flash_addr(p, 0), 0);
    ck_assert_int_eq(p->state, TK_STATE_RUNNING);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_nowait_counts_return_values_and_then_acts_as_wait)
{
    /* spec §10.9: a queued null-upcall ReturnValue makes NoWait write 1 and
     * yield; delivery discards it and the process stays Yielded. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint8_t *flag = fx_ram(p, 8);
    fx_subscribe(&k, p, KD_NUM, 1, 0, 0);
    ck_assert_int_eq(kd_schedule(&kd, p, 1, 5), 0);
    yield(&k, p, TK_YIELD_NO_WAIT, fx_addr(p, 8), 0);
    ck_assert_uint_eq(*flag, 1);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    unsigned switches = fx_switch_count(p);
    tk_kernel_step(&k);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    ck_assert_uint_eq(fx_task_count(p), 0);
    ck_assert_uint_eq(fx_switch_count(p), switches);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_wait_makes_process_yielded_without_return)
{
    /* spec §1.6: Yield-Wait -> Yielded, no return value written. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = yield(&k, p, TK_YIELD_WAIT, 0, 0);
    ck_assert_uint_eq(r.written, 0);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    ck_assert_uint_eq(p->syscall_count, 1);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_wait_delivers_function_call_as_upcall)
{
    /* spec §2.3: the head FunctionCall runs pc(a0, a1, a2, userdata). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t fn = fx_upcall_fn(p, 2), userdata = 0x1122334455667788ull;
    fx_subscribe(&k, p, KD_NUM, 0, fn, userdata);
    kd_schedule(&kd, p, 0, 9);
    yield(&k, p, TK_YIELD_WAIT, 0, 0);
    tk_kernel_step(&k);
    const struct tk_resume *r = fx_last_resume(p);
    ck_assert_uint_eq(r->kind, TK_RESUME_UPCALL);
    ck_assert_uint_eq(r->pc, fn);
    ck_assert_uint_eq(r->arg[0], 9);
    ck_assert_uint_eq(r->arg[1], 2);
    ck_assert_uint_eq(r->arg[2], 3);
    ck_assert_uint_eq(r->arg[3], userdata);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_wait_discards_return_value_without_waking)
{
    /* spec §10.7: a null-upcall event is dropped by Yield-Wait and the
     * process is not run. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    kd_schedule(&kd, p, 0, 1);
    ck_assert_int_eq(p->task_count, 1);
    ck_assert_int_eq(p->tasks[p->task_head].kind, TK_TASK_RETURN_VALUE);
    yield(&k, p, TK_YIELD_WAIT, 0, 0);
    tk_kernel_step(&k);
    ck_assert_uint_eq(fx_switch_count(p), 0);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_bad_number_faults_without_counting)
{
    /* spec §10.1: yield numbers outside {0,1,2} do not decode: fault. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_syscall_return r = yield(&k, p, 3, 0, 0);
    ck_assert_uint_eq(r.written, 0);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    ck_assert_int_eq(p->last_fault.kind, TK_FAULT_BAD_SYSCALL);
    ck_assert_uint_eq(p->syscall_count, 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(bad_class_faults_the_process)
{
    /* spec §1.2: class id >= 8 does not decode: fault, not an error code. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_syscall(&k, p, 8, 0, 0, 0, 0);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    ck_assert_int_eq(p->last_fault.kind, TK_FAULT_BAD_SYSCALL);
    ck_assert_int_eq(p->completion, TK_COMPLETION_FAULTED);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_waitfor_enters_yielded_for_without_validation)
{
    /* spec §1.6: neither the driver nor the subscribe number is checked. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    yield(&k, p, TK_YIELD_WAIT_FOR, KD_MISSING_NUM, 77);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED_FOR);
    ck_assert_uint_eq(p->waiting_for.driver, KD_MISSING_NUM);
    ck_assert_uint_eq(p->waiting_for.subscribe, 77);
    ck_assert(!p->wait_for_ready);
    /* Nothing can ever fire: the loop reports a deadlock. */
    ck_assert_int_eq(tk_kernel_run(&k), 2);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_waitfor_completes_with_args_and_no_variant)
{
    /* spec §10.11: r0-r2 = the upcall arguments, r3 untouched, and the
     * subscribed callback does not run. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_subscribe(&k, p, KD_NUM, 1, fx_upcall_fn(p, 1), 5);
    yield(&k, p, TK_YIELD_WAIT_FOR, KD_NUM, 1);
    kd_schedule(&kd, p, 1, 42);
    ck_assert(p->wait_for_ready);
    tk_kernel_step(&k);
    const struct tk_resume *r = fx_last_resume(p);
    ck_assert_uint_eq(r->kind, TK_RESUME_RETURN);
    ck_assert_uint_eq(r->ret.written, 0x7);
    ck_assert_uint_eq(r->ret.reg[0], 42);
    ck_assert_uint_eq(r->ret.reg[1], 2);
    ck_assert_uint_eq(r->ret.reg[2], 3);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_waitfor_completes_on_null_upcall_event)
{
    /* spec §2.5: null-upcall ReturnValues satisfy Yield-WaitFor. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_subscribe(&k, p, KD_NUM, 2, 0, 0);
    kd_schedule(&kd, p, 2, 11);
    yield(&k, p, TK_YIELD_WAIT_FOR, KD_NUM, 2);
    ck_assert(p->wait_for_ready);
    tk_kernel_step(&k);
    ck_assert_uint_eq(fx_last_resume(p)->ret.reg[0], 11);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_waitfor_takes_first_match_and_keeps_others_in_order)
{
    /* spec §2.3: only the first matching task is removed; the rest stay
     * queued in order for later yields. */
    struct tk_kernel k;
    struct kd kd;
    struct kd_events rec;
    struct tk_process *p = kd_setup(&k, &kd);
    kd_record_events(&k, &rec);
    fx_subscribe(&k, p, KD_NUM, 0, fx_upcall_fn(p, 0), 0);
    kd_schedule(&kd, p, 0, 1);
    kd_schedule(&kd, p, 1, 2);
    kd_schedule(&kd, p, 1, 3);
    yield(&k, p, TK_YIELD_WAIT_FOR, KD_NUM, 1);
    rec.count = 0;
    /* WaitFor takes (1,2); the fixture then Yield-Waits: (0,1) runs as an
     * upcall, (1,3) is a null-upcall event and is discarded. */
    tk_kernel_step(&k);
    ck_assert_uint_eq(kd_event_count(&rec, TK_EV_UPCALL), 2);
    unsigned seen = 0;
    for (unsigned i = 0; i < rec.count; i++) {
        if (rec.ev[i].kind != TK_EV_UPCALL)
            continue;
        ck_assert_uint_eq(rec.ev[i].task.arg[0], seen == 0 ? 2 : 1);
        seen++;
    }
    ck_assert_uint_eq(fx_task_count(p), 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_waitfor_flag_overwritten_by_later_enqueue)
{
    /* spec §10.10 (kernel quirk, sticky_wait_for = false): a matching then a
     * non-matching event leaves the process unscheduled. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    yield(&k, p, TK_YIELD_WAIT_FOR, KD_NUM, 0);
    kd_schedule(&kd, p, 0, 1);
    ck_assert(p->wait_for_ready);
    kd_schedule(&kd, p, 1, 2);
    ck_assert(!p->wait_for_ready);
    ck_assert_int_eq(tk_kernel_run(&k), 2);
    ck_assert_uint_eq(fx_switch_count(p), 0);
    kd_schedule(&kd, p, 0, 3);
    ck_assert(p->wait_for_ready);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_waitfor_sticky_config_keeps_readiness)
{
    /* spec §2.4: the Deviation switch keeps the flag once a match arrived. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    k.config.sticky_wait_for = true;
    yield(&k, p, TK_YIELD_WAIT_FOR, KD_NUM, 0);
    fx_subscribe(&k, p, KD_NUM, 0, 0, 0); /* forces Running: wait again */
    yield(&k, p, TK_YIELD_WAIT_FOR, KD_NUM, 0);
    kd_schedule(&kd, p, 0, 1);
    kd_schedule(&kd, p, 1, 2);
    ck_assert(p->wait_for_ready);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_waitfor_ready_at_once_if_match_queued)
{
    /* spec §2.4: the flag is computed by scanning the queue on entry. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    kd_schedule(&kd, p, 1, 0);
    kd_schedule(&kd, p, 0, 0);
    yield(&k, p, TK_YIELD_WAIT_FOR, KD_NUM, 0);
    ck_assert(p->wait_for_ready);
    yield(&k, p, TK_YIELD_WAIT_FOR, KD_NUM, 2);
    ck_assert(!p->wait_for_ready);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(yield_waitfor_never_matches_kernel_or_ipc_tasks)
{
    /* spec §2.3: IPC and kernel tasks carry no upcall id. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_task kernel_task = {
        .kind = TK_TASK_FUNCTION_CALL, .from_kernel = true, .id = {KD_NUM, 0}};
    struct tk_task ipc = {.kind = TK_TASK_IPC, .id = {KD_NUM, 0}};
    ck_assert_int_eq(tk_process_enqueue(p, &kernel_task), 0);
    ck_assert_int_eq(tk_process_enqueue(p, &ipc), 0);
    yield(&k, p, TK_YIELD_WAIT_FOR, KD_NUM, 0);
    ck_assert(!p->wait_for_ready);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(return_value_clears_waitfor_readiness)
{
    /* spec §2.4: setting a syscall return clears the flag. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    kd_schedule(&kd, p, 0, 0);
    fx_subscribe(&k, p, KD_NUM, 1, 0, 0);
    kd_schedule(&kd, p, 1, 0);
    yield(&k, p, TK_YIELD_WAIT_FOR, KD_NUM, 1);
    ck_assert(p->wait_for_ready);
    fx_command(&k, p, KD_NUM, KD_CMD_EXISTS, 0, 0);
    ck_assert(!p->wait_for_ready);
    ck_assert_int_eq(p->state, TK_STATE_RUNNING);
    fx_kernel_fini(&k);
}
END_TEST

Suite *yield_suite(void)
{
    Suite *s = suite_create("yield");
    TCase *tc = tcase_create("yield");
    tcase_add_test(tc, yield_nowait_empty_queue_writes_zero_and_continues);
    tcase_add_test(tc, yield_nowait_with_tasks_writes_one_and_yields);
    tcase_add_test(tc, yield_nowait_flag_written_only_below_app_break);
    tcase_add_test(tc, yield_nowait_counts_return_values_and_then_acts_as_wait);
    tcase_add_test(tc, yield_wait_makes_process_yielded_without_return);
    tcase_add_test(tc, yield_wait_delivers_function_call_as_upcall);
    tcase_add_test(tc, yield_wait_discards_return_value_without_waking);
    tcase_add_test(tc, yield_bad_number_faults_without_counting);
    tcase_add_test(tc, bad_class_faults_the_process);
    tcase_add_test(tc, yield_waitfor_enters_yielded_for_without_validation);
    tcase_add_test(tc, yield_waitfor_completes_with_args_and_no_variant);
    tcase_add_test(tc, yield_waitfor_completes_on_null_upcall_event);
    tcase_add_test(tc, yield_waitfor_takes_first_match_and_keeps_others_in_order);
    tcase_add_test(tc, yield_waitfor_flag_overwritten_by_later_enqueue);
    tcase_add_test(tc, yield_waitfor_sticky_config_keeps_readiness);
    tcase_add_test(tc, yield_waitfor_ready_at_once_if_match_queued);
    tcase_add_test(tc, yield_waitfor_never_matches_kernel_or_ipc_tasks);
    tcase_add_test(tc, return_value_clears_waitfor_readiness);
    suite_add_tcase(s, tc);
    return s;
}
