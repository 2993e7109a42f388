/* Grants: lazy allocation, layout, kernel-private storage, upcalls, queue.
 *
 * Checks spec §2.1, §2.2, §3.5, §5.6 and §10.41, §10.42 against
 * emu/kernel/grant.c and process.c.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kdriver.h"
#include "process_printer.h"

/* Bytes the test driver's grant takes (spec §3.5 with 64-bit words). */
static uint64_t kd_grant_bytes(void)
{
    return 8 * (1 + 2 * (KD_UPCALLS + KD_RO + KD_RW)) + KD_GRANT_SIZE;
}

START_TEST(grant_allocated_lazily_on_first_use)
{
    /* spec §10.42: nothing is allocated until the first subscribe/allow/enter. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t top = p->kernel_break;
    ck_assert_ptr_null(tk_grant_get(&kd.driver, p));
    ck_assert_uint_eq(p->grants[kd.driver.grant_index], 0);
    fx_command(&k, p, KD_NUM, KD_CMD_EXISTS, 0, 0);
    ck_assert_uint_eq(p->kernel_break, top);
    int err = -1;
    void *data = tk_grant_enter(&kd.driver, p, &err);
    ck_assert_ptr_nonnull(data);
    ck_assert_uint_eq(kd.grant_inits, 1);
    ck_assert_uint_eq(p->kernel_break, top - kd_grant_bytes());
    ck_assert_ptr_eq(tk_grant_enter(&kd.driver, p, &err), data);
    ck_assert_ptr_eq(tk_grant_get(&kd.driver, p), data);
    ck_assert_uint_eq(kd.grant_inits, 1);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(grant_layout_counters_slots_then_data)
{
    /* spec §3.5: counters word, upcall/RO/RW slots, then the zeroed T. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint8_t *data = tk_grant_enter(&kd.driver, p, NULL);
    const uint64_t *words = p->grant_storage[kd.driver.grant_index];
    ck_assert_uint_eq(words[0], KD_UPCALLS | KD_RO << 8 | KD_RW << 16);
    ck_assert_ptr_eq(data, (const uint8_t *)(words + 1 + 2 * (KD_UPCALLS + KD_RO + KD_RW)));
    for (unsigned i = 0; i < KD_GRANT_SIZE; i++)
        ck_assert_uint_eq(data[i], 0);
    uint64_t fn = fx_upcall_fn(p, 1);
    fx_subscribe(&k, p, KD_NUM, 1, fn, 0x77);
    ck_assert_uint_eq(words[1 + 2 * 1], 0x77); /* { userdata, fn_ptr } */
    ck_assert_uint_eq(words[1 + 2 * 1 + 1], fn);
    fx_allow_rw(&k, p, KD_NUM, 1, fx_addr(p, 8), 4);
    ck_assert_uint_eq(words[1 + 2 * (KD_UPCALLS + KD_RO + 1)], fx_addr(p, 8));
    ck_assert_uint_eq(words[1 + 2 * (KD_UPCALLS + KD_RO + 1) + 1], 4);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(grant_second_driver_allocated_below_first)
{
    /* spec §5.6: grants are carved downward from the kernel break. */
    struct tk_kernel k;
    struct kd kd;
    static const struct tk_driver_ops other_ops = {.has_grant = true, .grant_size = 5};
    struct tk_driver other = {.number = 0x90002, .ops = &other_ops};
    fx_kernel_init(&k);
    kd_register(&k, &kd);
    ck_assert_int_eq(tk_kernel_add_driver(&k, &other), 0);
    struct tk_process *p = fx_process_new(&k, "app", 0);
    tk_grant_enter(&kd.driver, p, NULL);
    uint64_t first = p->grants[kd.driver.grant_index];
    tk_grant_enter(&other, p, NULL);
    ck_assert_uint_eq(p->grants[other.grant_index], first - 16); /* 8 + 5 -> 16 */
    ck_assert_uint_eq(p->kernel_break, first - 16);
    fx_kernel_fini(&k);
}
END_TEST

/* True if [a, a + a_len) and [b, b + b_len) share a byte. */
static bool ranges_overlap(uintptr_t a, size_t a_len, uintptr_t b, size_t b_len)
{
    return a < b + b_len && b < a + a_len;
}

START_TEST(grant_storage_lies_outside_process_ram)
{
    /* spec §3.5, §5.6: the grant is accounted below the kernel break, but
     * its words (slots and T) are never in memory the app can map. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t top = p->kernel_break;
    uint8_t *data = tk_grant_enter(&kd.driver, p, NULL);
    const uint64_t *words = p->grant_storage[kd.driver.grant_index];
    ck_assert_ptr_nonnull(words);
    ck_assert(!ranges_overlap((uintptr_t)words, kd_grant_bytes(), p->memory_start, p->memory_len));
    ck_assert(!ranges_overlap((uintptr_t)data, KD_GRANT_SIZE, p->memory_start, p->memory_len));
    /* The reported layout is the spec's: the grant begins at the new
     * kernel break, which memop 6 returns. */
    ck_assert_uint_eq(p->kernel_break, top - kd_grant_bytes());
    ck_assert_uint_eq(p->grants[kd.driver.grant_index], p->kernel_break);
    ck_assert_uint_eq(fx_memop(&k, p, 6, 0).reg[1], p->kernel_break);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(grant_stores_by_app_above_kernel_break_change_nothing)
{
    /* spec §3.5: allow and subscribe slots are kernel-owned. An app that
     * brks up to the kernel break and writes every byte above it (what an
     * MPU rounded up to a page lets it reach) changes no slot. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t fn = fx_upcall_fn(p, 1);
    fx_subscribe(&k, p, KD_NUM, 1, fn, 0x77);
    fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 8), 4);
    fx_assert_success(fx_memop(&k, p, 0, p->kernel_break));
    memset(fx_ram(p, p->app_break - p->memory_start), 0xa5,
           p->memory_start + p->memory_len - p->app_break);
    struct tk_buffer buf = tk_allow_rw_get(&kd.driver, p, 0);
    ck_assert_ptr_eq(buf.ptr, fx_ram(p, 8));
    ck_assert_uint_eq(buf.len, 4);
    ck_assert_ptr_null(tk_allow_rw_get(&kd.driver, p, 1).ptr);
    ck_assert_int_eq(kd_schedule(&kd, p, 1, 5), 0);
    struct tk_task t;
    fx_pop_task(p, &t);
    ck_assert_int_eq(t.kind, TK_TASK_FUNCTION_CALL);
    ck_assert_uint_eq(t.pc, fn);
    ck_assert_uint_eq(t.arg[3], 0x77);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(grant_printer_reports_spec_layout)
{
    /* spec §5.6: the process printer counts the grant region from the
     * kernel break to the kernel-owned top, where the storage may live. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t top = p->kernel_break;
    tk_grant_enter(&kd.driver, p, NULL);
    char text[8192] = {0}, grant_line[96], break_line[64];
    bool more = false;
    tk_process_printer_overview(p, 0, (uint8_t *)text, sizeof text - 1, &more);
    ck_assert(!more);
    snprintf(grant_line, sizeof grant_line, "│ ▼ Grant      %6" PRIu64, kd_grant_bytes());
    snprintf(break_line, sizeof break_line, "0x%08" PRIX64 " ┼", p->kernel_break);
    ck_assert_ptr_nonnull(strstr(text, grant_line));
    ck_assert_ptr_nonnull(strstr(text, break_line));
    ck_assert_uint_eq(top - p->kernel_break, kd_grant_bytes());
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(grant_storage_freed_and_fresh_after_restart)
{
    /* spec §10.21: a reset wipes every grant; the next use gets a zeroed
     * grant again and the kernel break is back at the top. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t top = p->kernel_break;
    uint8_t *data = tk_grant_enter(&kd.driver, p, NULL);
    memset(data, 0xff, KD_GRANT_SIZE);
    fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 8), 4);
    ck_assert_int_eq(tk_process_try_restart(p, TK_COMPLETION_CODE, 0), 0);
    ck_assert_ptr_null(p->grant_storage[kd.driver.grant_index]);
    ck_assert_uint_eq(p->grants[kd.driver.grant_index], 0);
    ck_assert_uint_eq(p->kernel_break, top);
    data = tk_grant_enter(&kd.driver, p, NULL);
    for (unsigned i = 0; i < KD_GRANT_SIZE; i++)
        ck_assert_uint_eq(data[i], 0);
    ck_assert_ptr_null(tk_allow_rw_get(&kd.driver, p, 0).ptr);
    fx_kernel_fini(&k); /* frees the live grant: memcheck and ASan see no leak */
}
END_TEST

START_TEST(grant_enter_errors)
{
    /* spec §1.4: inactive -> FAIL; no grant or no room -> NOMEM. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    int err = 0;
    ck_assert_ptr_null(tk_grant_enter(&kd.nogrant, p, &err));
    ck_assert_int_eq(err, TK_NOMEM);
    fx_memop(&k, p, 0, p->kernel_break - 8);
    ck_assert_ptr_null(tk_grant_enter(&kd.driver, p, &err));
    ck_assert_int_eq(err, TK_NOMEM);
    ck_assert_uint_eq(p->grants[kd.driver.grant_index], 0);
    tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
    ck_assert_ptr_null(tk_grant_enter(&kd.driver, p, &err));
    ck_assert_int_eq(err, TK_FAIL);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(grant_small_process_gets_nomem_on_first_use)
{
    /* spec §10.42: a process whose RAM is too small gets NOMEM. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_memop(&k, p, 0, p->kernel_break - kd_grant_bytes() + 8);
    struct tk_syscall_return r = fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    ck_assert_uint_eq(r.reg[1], TK_NOMEM);
    fx_memop(&k, p, 0, p->kernel_break - kd_grant_bytes());
    r = fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(p->kernel_break, p->app_break);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(upcall_schedule_errors)
{
    /* spec §2.2: out-of-range number -> INVAL, no grant -> NODEVICE; nothing
     * queued and the dropped count does not move. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    ck_assert_int_eq(kd_schedule(&kd, p, 0, 0), TK_NODEVICE);
    tk_grant_enter(&kd.driver, p, NULL);
    ck_assert_int_eq(kd_schedule(&kd, p, KD_UPCALLS, 0), TK_INVAL);
    ck_assert_uint_eq(fx_task_count(p), 0);
    ck_assert_uint_eq(p->dropped_upcall_count, 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(upcall_null_slot_queues_return_value)
{
    /* spec §2.2: a Null Upcall slot queues ReturnValue{id, a0, a1, a2}. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    tk_grant_enter(&kd.driver, p, NULL);
    ck_assert_int_eq(kd_schedule(&kd, p, 1, 8), 0);
    struct tk_task t;
    fx_pop_task(p, &t);
    ck_assert_int_eq(t.kind, TK_TASK_RETURN_VALUE);
    ck_assert_uint_eq(t.id.driver, KD_NUM);
    ck_assert_uint_eq(t.id.subscribe, 1);
    ck_assert_uint_eq(t.arg[0], 8);
    ck_assert_uint_eq(t.arg[1], 2);
    ck_assert_uint_eq(t.arg[2], 3);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(queue_overflow_at_ten_drops_and_counts)
{
    /* spec §10.41: 10 entries; the 11th is dropped silently and counted. */
    struct tk_kernel k;
    struct kd kd;
    struct kd_events rec;
    struct tk_process *p = kd_setup(&k, &kd);
    kd_record_events(&k, &rec);
    tk_grant_enter(&kd.driver, p, NULL);
    for (unsigned i = 0; i < TK_TASK_QUEUE_LEN; i++)
        ck_assert_int_eq(kd_schedule(&kd, p, 0, i), 0);
    ck_assert_int_eq(kd_schedule(&kd, p, 0, 10), TK_NOMEM);
    ck_assert_int_eq(kd_schedule(&kd, p, 1, 11), TK_NOMEM);
    ck_assert_uint_eq(fx_task_count(p), TK_TASK_QUEUE_LEN);
    ck_assert_uint_eq(p->dropped_upcall_count, 2);
    ck_assert_uint_eq(kd_event_count(&rec, TK_EV_UPCALL_DROPPED), 2);
    struct tk_task t;
    for (unsigned i = 0; i < TK_TASK_QUEUE_LEN; i++) {
        fx_pop_task(p, &t);
        ck_assert_uint_eq(t.arg[0], i); /* FIFO */
    }
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(enqueue_to_stopped_works_to_terminated_drops)
{
    /* spec §2.2: Stopped is alive; a dead process counts a drop. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_task t = {.kind = TK_TASK_RETURN_VALUE, .id = {KD_NUM, 0}};
    tk_process_stop(p);
    ck_assert_int_eq(tk_process_enqueue(p, &t), 0);
    tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
    ck_assert_int_eq(tk_process_enqueue(p, &t), TK_NODEVICE);
    ck_assert_uint_eq(p->dropped_upcall_count, 1);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(terminate_wipes_grants_and_tells_driver)
{
    /* spec §10.21: every grant pointer is wiped; process_gone once. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_allow_ro(&k, p, KD_NUM, 0, fx_flash_addr(p, 0), 4);
    tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
    ck_assert_ptr_null(tk_grant_get(&kd.driver, p));
    ck_assert_ptr_null(tk_allow_ro_get(&kd.driver, p, 0).ptr);
    ck_assert_uint_eq(kd.process_gone, 1);
    ck_assert_int_eq(tk_process_start(p), 0);
    ck_assert_uint_eq(kd.process_gone, 1);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(driver_registration_errors)
{
    /* kernel.h: a taken number -> ALREADY, a full table -> NOMEM. */
    struct tk_kernel k;
    struct kd kd;
    fx_kernel_init(&k);
    kd_register(&k, &kd);
    struct tk_driver dup = {.number = KD_NUM, .ops = kd.driver.ops};
    ck_assert_int_eq(tk_kernel_add_driver(&k, &dup), TK_ALREADY);
    ck_assert_ptr_eq(tk_kernel_driver(&k, KD_NUM), &kd.driver);
    ck_assert_ptr_null(tk_kernel_driver(&k, KD_MISSING_NUM));
    struct tk_driver many[TK_MAX_DRIVERS];
    unsigned added = 0;
    for (unsigned i = 0; i < TK_MAX_DRIVERS; i++) {
        many[i] = (struct tk_driver){.number = 0xa0000 + i, .ops = kd.driver.ops};
        if (tk_kernel_add_driver(&k, &many[i]) == 0)
            added++;
    }
    ck_assert_uint_eq(added, TK_MAX_DRIVERS - 2);
    struct tk_driver last = {.number = 0xb0000, .ops = kd.driver.ops};
    ck_assert_int_eq(tk_kernel_add_driver(&k, &last), TK_NOMEM);
    fx_kernel_fini(&k);
}
END_TEST

Suite *grant_suite(void)
{
    Suite *s = suite_create("grant");
    TCase *tc = tcase_create("grant");
    tcase_add_test(tc, grant_allocated_lazily_on_first_use);
    tcase_add_test(tc, grant_layout_counters_slots_then_data);
    tcase_add_test(tc, grant_second_driver_allocated_below_first);
    tcase_add_test(tc, grant_storage_lies_outside_process_ram);
    tcase_add_test(tc, grant_stores_by_app_above_kernel_break_change_nothing);
    tcase_add_test(tc, grant_printer_reports_spec_layout);
    tcase_add_test(tc, grant_storage_freed_and_fresh_after_restart);
    tcase_add_test(tc, grant_enter_errors);
    tcase_add_test(tc, grant_small_process_gets_nomem_on_first_use);
    tcase_add_test(tc, upcall_schedule_errors);
    tcase_add_test(tc, upcall_null_slot_queues_return_value);
    tcase_add_test(tc, queue_overflow_at_ten_drops_and_counts);
    tcase_add_test(tc, enqueue_to_stopped_works_to_terminated_drops);
    tcase_add_test(tc, terminate_wipes_grants_and_tells_driver);
    tcase_add_test(tc, driver_registration_errors);
    suite_add_tcase(s, tc);
    return s;
}
