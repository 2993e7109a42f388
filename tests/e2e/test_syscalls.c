/* End to end: every syscall rule of spec §1-§4 checked by a real app
 * (tests/apps/syscalls) in a forked child, over the real channel. One test
 * per rule: the app prints "ok <rule>" when the kernel behaved as the spec
 * says. Plus the two decoding faults of §1.2 (bad class, bad yield number),
 * each in its own app. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "e2e.h"

static const char *const rules[] = {
    "command_missing_driver_nodevice",              /* §1.6 command */
    "command_exists_success",                       /* §1.6 */
    "command_unknown_nosupport",                    /* §1.6 */
    "command_led_count_is_success_u32",             /* §1.3, §8.3 */
    "command_alarm_frequency_u32",                  /* §8.1 */
    "subscribe_missing_driver_returns_passed_pair", /* §10.4 */
    "subscribe_bad_pointer_inval_before_driver",    /* §10.3 */
    "subscribe_first_returns_null_pair",            /* §2.6 */
    "subscribe_swap_returns_previous",              /* §1.6 */
    "subscribe_null_upcall_succeeds",               /* §1.6 */
    "subscribe_null_keeps_userdata",                /* §1.6 */
    "subscribe_number_out_of_range_nosupport",      /* §10.5 */
    "subscribe_driver_without_grant_nomem",         /* §10.6 */
    "allow_zero_length_any_address",                /* §3.2 step 4 */
    "allow_zero_length_pointer_returned_verbatim",  /* §10.13 */
    "allow_swap_returns_previous",                  /* §3.4 */
    "allow_rw_outside_ram_inval",                   /* §3.2 step 5 */
    "allow_rw_number_out_of_range_nosupport",       /* §3.2 step 7 */
    "allow_rw_missing_driver_nodevice",             /* §3.2 step 2 */
    "allow_rw_driver_without_grant_nomem",          /* §3.2 step 6 */
    "allow_ro_in_flash_accepted",                   /* §3.1 */
    "allow_ro_in_protected_header_inval",           /* §10.15 */
    "allow_ro_swap_returns_previous",               /* §3.4 */
    "allow_ur_unsupported_driver_nosupport",        /* §3.2 class 7 */
    "allow_ur_read_only_state_refreshed",           /* §8.7 */
    "allow_ur_swap_returns_previous",               /* §3.2 class 7 */
    "low_level_debug_print_success",                /* §8.6 */
    "memop_layout_ordered",                         /* §4 ops 2-6 */
    "memop_globals_in_ram",                         /* architecture.md */
    "memop_no_writeable_regions",                   /* §4 op 7 */
    "memop_region_start_missing_fail",              /* §10.18 */
    "memop_unknown_nosupport",                      /* §4 */
    "memop_brk_past_end_nomem",                     /* §10.17 */
    "memop_sbrk_growth_zero_filled",                /* §4 */
    "memop_brk_below_allow_high_water_nomem",       /* §10.14 */
    "memop_high_water_survives_unallow",            /* §3.3 */
    "yield_no_wait_empty_returns_0",                /* §2.5 */
    "yield_no_wait_runs_queued_upcall",             /* §2.5 */
    "subscribe_purges_queued_upcalls",              /* §10.8 */
    "yield_wait_for_null_upcall_returns_args",      /* §10.7, §10.11 */
    "yield_wait_for_skips_callback",                /* §10.11 */
    "upcall_queue_holds_ten",                       /* §10.41 */
    "yield_wait_runs_one_upcall",                   /* §2.3 */
    "exit_bad_number_nosupport_and_continues",      /* §10.19 */
};

START_TEST(syscall_rule_holds_in_a_forked_app)
{
    struct e2e_result r = e2e_run("@syscalls", NULL);
    char want[128];
    snprintf(want, sizeof want, "ok %s", rules[_i]);
    ck_assert_msg(e2e_count_lines(r.out, want) == 1, "no '%s' in the app's output:\n%s", want,
                  r.out);
    ck_assert_int_eq(r.status, 0);
    e2e_result_free(&r);
}
END_TEST

START_TEST(syscall_app_reports_no_failure)
{
    struct e2e_result r = e2e_run("@syscalls", NULL);
    ck_assert_msg(strstr(r.out, "FAIL") == NULL, "%s", r.out);
    ck_assert_int_eq(e2e_count_lines(r.out, "done"), 1);
    e2e_result_free(&r);
}
END_TEST

/* §8.6: low-level debug lines, exact, in order, on the console UART. */
START_TEST(low_level_debug_lines_are_exact)
{
    struct e2e_result r = e2e_run("@syscalls", NULL);
    const char *a = strstr(r.out, "LowLevelDebug: App 0x0 prints 0x1234\n");
    const char *b = strstr(r.out, "LowLevelDebug: App 0x0 prints 0xab 0xcd\n");
    const char *c = strstr(r.out, "LowLevelDebug: App 0x0 alert code 0x2\n");
    ck_assert_msg(a != NULL && b != NULL && c != NULL && a < b && b < c, "%s", r.out);
    e2e_result_free(&r);
}
END_TEST

/* §1.2, §10.1: an undecodable syscall faults the process. */
START_TEST(bad_class_or_yield_number_faults)
{
    static const char *const apps[] = {"@bad_class", "@bad_yield"};
    for (int i = 0; i < 2; i++) {
        struct e2e_result r = e2e_run(apps[i], NULL);
        ck_assert_int_eq(r.status, 1);
        ck_assert_msg(strstr(r.err, "undecodable system call") != NULL, "%s", r.err);
        ck_assert_ptr_null(strstr(r.out, "returned"));
        e2e_result_free(&r);
    }
}
END_TEST

Suite *e2e_syscalls_suite(void)
{
    Suite *s = suite_create("e2e_syscalls");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, syscall_rule_holds_in_a_forked_app, 0,
                        (int)(sizeof rules / sizeof rules[0]));
    tcase_add_test(tc, syscall_app_reports_no_failure);
    tcase_add_test(tc, low_level_debug_lines_are_exact);
    tcase_add_test(tc, bad_class_or_yield_number_faults);
    suite_add_tcase(s, tc);
    return s;
}
