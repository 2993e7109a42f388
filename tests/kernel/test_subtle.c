/* The subtle points 16-24 of spec §10, one test each, named by its number.
 *
 * Most run in-process against the kernel core (tests/fixture.h and the
 * test driver of kdriver.h); point 16 is about the board's choice of the
 * initial break, so it loads a real built app through appload.c (memfds,
 * no fork). The other suites check many of these rules among others
 * (test_memop, test_exit, test_sched, test_process_info); here each point
 * stands alone, so a regression names the point it breaks.
 */
#include <check.h>
#include <string.h>

#include "appflash.h"
#include "appload.h"
#include "host.h"
#include "kdriver.h"
#include "loader.h"
#include "process_info.h"
#include "process_printer.h"

/* After a reset the loop would start the new context with the init call;
 * do the same by hand so that the process can make syscalls again. */
static void run_init_call(struct tk_process *p)
{
    struct tk_task init;
    ck_assert(fx_pop_task(p, &init));
    ck_assert(init.from_kernel);
    p->state = TK_STATE_RUNNING;
}

static void assert_pair(struct tk_syscall_return r, uint64_t a, uint64_t b)
{
    ck_assert_uint_eq(r.reg[1], a);
    ck_assert_uint_eq(r.reg[2], b);
}

/* ---- 16 ----------------------------------------------------------------- */

struct load_ctx {
    struct tk_kernel *k;
    struct emu_app_flash *flash;
    struct tk_process *p;
};

static bool load_first(void *ctx, const struct tk_tbf_object *obj)
{
    struct load_ctx *c = ctx;
    struct emu_err err;
    c->p = emu_app_process_new(c->k, c->flash, obj, &emu_forked_process_ops, &err);
    ck_assert_msg(c->p != NULL, "%s", err.msg);
    return false;
}

START_TEST(subtle_16_initial_break_is_tiny_whatever_the_minimum_ram)
{
    /* spec §10.16: the break starts at memory_start (+0, as on RISC-V),
     * however much RAM the TBF asks for; the app must brk before it can
     * allow (or touch) any of it. hello asks for several pages. */
    struct tk_kernel k;
    struct kd kd;
    fx_kernel_init(&k);
    kd_register(&k, &kd);
    struct emu_err err;
    struct emu_app_flash flash;
    ck_assert_int_eq(emu_app_flash_init(&flash, &err), 0);
    struct emu_app_image image;
    emu_app_image_init(&image, &flash);
    ck_assert_int_eq(
        emu_app_image_add_file(&image, TOCKEMU_BUILD_ROOT "/libtock-host/apps/hello.tbf", &err), 0);
    uint64_t len = emu_app_image_finish(&image);
    struct load_ctx c = {&k, &flash, NULL};
    tk_tbf_scan(flash.base, len + 16, EMU_APP_FLASH_BASE, load_first, &c);
    struct tk_process *p = c.p;
    ck_assert_ptr_nonnull(p);

    ck_assert_uint_ge(p->memory_len, 4 * 4096);
    ck_assert_uint_eq(p->app_break, p->memory_start);
    struct tk_task init;
    ck_assert(fx_pop_task(p, &init));
    ck_assert_uint_eq(init.arg[3], p->memory_start); /* the break the app is told */
    p->state = TK_STATE_RUNNING;
    ck_assert_uint_eq(fx_memop(&k, p, 1, 0).reg[1], p->memory_start);
    struct tk_syscall_return r = fx_allow_rw(&k, p, KD_NUM, 0, p->memory_start, 1);
    fx_assert_variant(r, TK_RV_FAILURE_U32_U32);
    ck_assert_uint_eq(r.reg[1], TK_INVAL);
    fx_assert_success(fx_memop(&k, p, 0, p->memory_start + 64));
    fx_assert_variant(fx_allow_rw(&k, p, KD_NUM, 0, p->memory_start, 1), TK_RV_SUCCESS_U32_U32);

    fx_kernel_fini(&k);
    emu_app_flash_fini(&flash);
}
END_TEST

/* ---- 17-19: memop and exit ------------------------------------------------ */

START_TEST(subtle_17_brk_bounds_nomem)
{
    /* spec §10.17: the break may equal the kernel break but not pass it,
     * must stay below memory end and at or above the allow high-water mark;
     * every failure is NOMEM and leaves the break; growth zero-fills. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint64_t start_break = p->app_break;
    uint64_t memory_end = p->memory_start + p->memory_len;

    fx_assert_failure(fx_memop(&k, p, 0, p->kernel_break + 1), TK_NOMEM);
    fx_assert_failure(fx_memop(&k, p, 0, memory_end), TK_NOMEM);
    fx_assert_failure(fx_memop(&k, p, 1, (uint64_t) - (int64_t)(start_break + 1)), TK_NOMEM);
    ck_assert_uint_eq(p->app_break, start_break);

    uint8_t *above = fx_ram(p, start_break - p->memory_start);
    memset(above, 0xAA, 256);
    fx_assert_success(fx_memop(&k, p, 0, p->kernel_break));
    ck_assert_uint_eq(p->app_break, p->kernel_break);
    for (unsigned i = 0; i < 256; i++)
        ck_assert_uint_eq(above[i], 0);

    fx_assert_success(fx_memop(&k, p, 0, start_break));
    fx_allow_rw(&k, p, KD_NUM, 0, fx_addr(p, 1024), 16);
    fx_assert_failure(fx_memop(&k, p, 0, fx_addr(p, 1024 + 15)), TK_NOMEM);
    fx_assert_success(fx_memop(&k, p, 0, fx_addr(p, 1024 + 16)));
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subtle_18_memop_regions_fail_and_debug_hints_succeed)
{
    /* spec §10.18: ops 8/9 Failure(FAIL) for a missing region and for an
     * existing one of size 0; ops 10/11 Success even out of range. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    p->flash_regions[0] = (struct tk_flash_region){0x800, 0};
    p->flash_region_count = 1;
    for (uint32_t op = 8; op <= 9; op++) {
        fx_assert_failure(fx_memop(&k, p, op, 0), TK_FAIL); /* size 0 */
        fx_assert_failure(fx_memop(&k, p, op, 1), TK_FAIL); /* past the end */
    }
    for (uint32_t op = 10; op <= 11; op++) {
        fx_assert_success(fx_memop(&k, p, op, 0));
        fx_assert_success(fx_memop(&k, p, op, p->memory_start + p->memory_len));
    }
    ck_assert_uint_eq(p->stack_start_hint, 0);
    ck_assert_uint_eq(p->heap_start_hint, 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subtle_19_exit_bad_number_nosupport_and_runs_on)
{
    /* spec §10.19: Exit with r0 not in {0,1} -> Failure(NOSUPPORT); the
     * process stays Running and keeps working. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint32_t id = p->id;
    fx_assert_failure(fx_syscall(&k, p, TK_CLASS_EXIT, 2, 0, 0, 0), TK_NOSUPPORT);
    ck_assert_int_eq(p->state, TK_STATE_RUNNING);
    ck_assert_uint_eq(p->id, id);
    ck_assert_int_eq(p->completion, TK_COMPLETION_NONE);
    fx_assert_variant(fx_command(&k, p, KD_NUM, KD_CMD_ECHO, 1, 2), TK_RV_SUCCESS_U32_U32);
    fx_kernel_fini(&k);
}
END_TEST

/* ---- 20-24: restart, terminate, policies -------------------------------- */

START_TEST(subtle_20_every_reset_counts_a_restart_and_new_id)
{
    /* spec §10.20: a fault restart, an exit-restart (which ignores even the
     * Panic policy) and a boot of a Terminated process each increment the
     * restart count and give a new ProcessId. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    uint32_t ids[4] = {p->id};

    k.config.fault_policy = TK_FAULT_POLICY_RESTART;
    struct tk_fault fault = {.kind = TK_FAULT_KERNEL_FORCED};
    tk_process_set_fault(p, &fault);
    ck_assert_uint_eq(p->restart_count, 1);
    ids[1] = p->id;
    run_init_call(p);

    k.config.fault_policy = TK_FAULT_POLICY_PANIC;
    fx_syscall(&k, p, TK_CLASS_EXIT, 1, 0, 0, 0);
    ck_assert(!k.panicked);
    ck_assert_uint_eq(p->restart_count, 2);
    ids[2] = p->id;
    run_init_call(p);

    tk_process_terminate(p, TK_COMPLETION_CODE, 0);
    ck_assert_int_eq(tk_process_start(p), 0);
    ck_assert_uint_eq(p->restart_count, 3);
    ids[3] = p->id;
    for (unsigned i = 0; i < 4; i++)
        for (unsigned j = 0; j < i; j++)
            ck_assert_uint_ne(ids[i], ids[j]);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subtle_21_terminate_wipes_all_grants)
{
    /* spec §10.21: after terminate (and a boot) every subscribe and allow
     * swap starts again from (0, 0). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_subscribe(&k, p, KD_NUM, 1, fx_upcall_fn(p, 0), 77);
    fx_allow_rw(&k, p, KD_NUM, 1, fx_addr(p, 0), 32);
    fx_allow_ro(&k, p, KD_NUM, 1, fx_flash_addr(p, 0), 8);
    tk_process_terminate(p, TK_COMPLETION_CODE, 0);
    ck_assert_int_eq(tk_process_start(p), 0);
    run_init_call(p);
    assert_pair(fx_subscribe(&k, p, KD_NUM, 1, 0, 0), 0, 0);
    assert_pair(fx_allow_rw(&k, p, KD_NUM, 1, 0, 0), 0, 0);
    assert_pair(fx_allow_ro(&k, p, KD_NUM, 1, 0, 0), 0, 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(subtle_22_stop_policy_faulted_and_boot_refused)
{
    /* spec §10.22: under Stop a fault ends in Faulted; start() refuses a
     * Faulted process until it is terminated; a fault on a Terminated
     * process moves it to Faulted; a Restart policy accepts Faulted. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_fault fault = {.kind = TK_FAULT_KERNEL_FORCED};
    tk_process_set_fault(p, &fault);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    ck_assert_int_eq(tk_process_start(p), TK_FAIL);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);

    tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
    ck_assert_int_eq(p->state, TK_STATE_TERMINATED);
    tk_process_set_fault(p, &fault);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);

    k.config.fault_policy = TK_FAULT_POLICY_RESTART;
    tk_process_set_fault(p, &fault);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    fx_kernel_fini(&k);
}
END_TEST

/* A kernel with ProcessInfo, a caller and a target process. */
struct info_bench {
    struct tk_kernel k;
    struct tk_process_info info;
    struct tk_process *caller, *target;
};

static void info_bench_init(struct info_bench *b)
{
    fx_kernel_init(&b->k);
    tk_process_info_init(&b->info, &b->k);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->info.driver), 0);
    b->caller = fx_process_new(&b->k, "caller", 0);
    b->target = fx_process_new(&b->k, "target", 0);
}

enum { INFO_CONTROL = 6, ACTION_STOP = 2, ACTION_TERMINATE = 4 };

START_TEST(subtle_23_kernel_termination_code_prints_faulted)
{
    /* spec §10.23: a kernel-initiated terminate (ProcessInfo, like the
     * console's `terminate`) records Some(None), printed "Faulted". */
    struct info_bench b;
    info_bench_init(&b);
    fx_assert_success(fx_command(&b.k, b.caller, TK_DRIVER_NUM_PROCESS_INFO, INFO_CONTROL,
                                 b.target->id, ACTION_TERMINATE));
    ck_assert_int_eq(b.target->state, TK_STATE_TERMINATED);
    ck_assert_int_eq(b.target->completion, TK_COMPLETION_FAULTED);
    char text[4096] = {0};
    bool more = true;
    tk_process_printer_overview(b.target, 0, (uint8_t *)text, sizeof text - 1, &more);
    ck_assert(!more);
    ck_assert_msg(strstr(text, "Completion Code: Faulted") != NULL, "%s", text);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(subtle_24_return_value_forces_running)
{
    /* spec §10.24: writing the syscall's return value sets Running, so a
     * command that stops its own caller is undone. */
    struct info_bench b;
    info_bench_init(&b);
    fx_assert_success(fx_command(&b.k, b.caller, TK_DRIVER_NUM_PROCESS_INFO, INFO_CONTROL,
                                 b.caller->id, ACTION_STOP));
    ck_assert_int_eq(b.caller->state, TK_STATE_RUNNING);
    /* The same command on another process does stop it. */
    b.target->state = TK_STATE_YIELDED;
    fx_assert_success(fx_command(&b.k, b.caller, TK_DRIVER_NUM_PROCESS_INFO, INFO_CONTROL,
                                 b.target->id, ACTION_STOP));
    ck_assert_int_eq(b.target->state, TK_STATE_STOPPED);
    fx_kernel_fini(&b.k);
}
END_TEST

Suite *subtle_suite(void)
{
    Suite *s = suite_create("subtle");
    TCase *tc = tcase_create("subtle");
    tcase_add_test(tc, subtle_16_initial_break_is_tiny_whatever_the_minimum_ram);
    tcase_add_test(tc, subtle_17_brk_bounds_nomem);
    tcase_add_test(tc, subtle_18_memop_regions_fail_and_debug_hints_succeed);
    tcase_add_test(tc, subtle_19_exit_bad_number_nosupport_and_runs_on);
    tcase_add_test(tc, subtle_20_every_reset_counts_a_restart_and_new_id);
    tcase_add_test(tc, subtle_21_terminate_wipes_all_grants);
    tcase_add_test(tc, subtle_22_stop_policy_faulted_and_boot_refused);
    tcase_add_test(tc, subtle_23_kernel_termination_code_prints_faulted);
    tcase_add_test(tc, subtle_24_return_value_forces_running);
    suite_add_tcase(s, tc);
    return s;
}
