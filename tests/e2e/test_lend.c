/* End to end: kernel-lent buffers in a real forked app (issue 12 §3).
 *
 * tests/apps/lend asks the lend demo capsule (`--sharing lend`, driver
 * 0xE0000) for a 64-byte loan of "lent by the kernel: ..." and, inside the
 * upcall, does what its console input says. Rules (emu/kernel/lend.c): the
 * loan is readable during the upcall and gone after the app's next yield;
 * with a lend limit an app that never yields is faulted; allowing the loan
 * onward (a blocking flash write inside the upcall) fails INVAL unless
 * lend-onward is revoke or keep.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "e2e.h"

START_TEST(lend_readable_in_upcall_gone_after_yield)
{
    /* lend.c: shown at delivery, hidden at the next yield. */
    struct e2e_result r = e2e_run("--sharing", "lend", "--type=p@0ms", "@lend", NULL);
    unsigned address = 0;
    const char *line = strstr(r.out, "lend: 64 bytes at 0x");
    ck_assert_msg(line != NULL, "%s%s", r.out, r.err);
    ck_assert_int_eq(sscanf(line, "lend: 64 bytes at %x: lent by the kernel: ", &address), 1);
    char want[96];
    snprintf(want, sizeof want, "tockemu: app 'lend' faulted: memory fault: read at %#x", address);
    ck_assert_msg(strstr(r.err, want) != NULL, "want '%s':\n%s", want, r.err);
    ck_assert_ptr_null(strstr(r.out, "after yielding"));
    e2e_result_free(&r);
}
END_TEST

START_TEST(lend_limit_faults_app_looping_while_holding)
{
    /* lend.c: `loop {}` inside the upcall; 30 ms of virtual time later the
     * app is faulted, and the run ends instead of spinning forever. */
    struct e2e_result r =
        e2e_run("--sharing", "lend,lend-limit=30ms", "--type=l@0ms", "@lend", NULL);
    ck_assert_msg(strstr(r.out, "held lent memory past 30000 us and was faulted") != NULL, "%s%s",
                  r.out, r.err);
    ck_assert_ptr_nonnull(strstr(r.err, "tockemu: app 'lend' faulted: fault forced by the kernel"));
    e2e_result_free(&r);
}
END_TEST

/* A blocking flash write of the loan from inside the upcall, per policy. */
static const struct onward_case {
    const char *sharing;
    int write_rc;     /* what the write returns */
    bool flash_holds; /* the lent bytes reached flash */
} onward_cases[] = {
    {"lend", -6, false}, /* deny: INVAL at the allow */
    {"lend,lend-onward=revoke", 0, true},
    {"lend,lend-onward=keep", 0, true},
};

START_TEST(lend_onward_into_blocking_flash_write)
{
    /* lend.c: deny refuses the allow; revoke and keep let the write start
     * from the loan, and the nonvolatile storage capsule copies at command
     * time, so the bytes reach flash even though the loan ends at the
     * write's own yield. */
    const struct onward_case *c = &onward_cases[_i];
    struct e2e_result r = e2e_run("--sharing", c->sharing, "--type=n@0ms", "@lend", NULL);
    char want[64];
    snprintf(want, sizeof want, "lend: flash write from the loan: %d\n", c->write_rc);
    ck_assert_msg(strstr(r.out, want) != NULL, "want '%s':\n%s%s", want, r.out, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, c->flash_holds ? "lend: flash holds the lent bytes: yes"
                                                       : "lend: flash holds the lent bytes: no"));
    e2e_result_free(&r);
}
END_TEST

START_TEST(lend_demo_absent_without_option)
{
    /* The lend demo is a board option: without it the driver is missing. */
    struct e2e_result r = e2e_run("--type=p@0ms", "@lend", NULL);
    ck_assert_msg(strstr(r.out, "lend: no loan (11)") != NULL, "%s", r.out);
    e2e_result_free(&r);
}
END_TEST

START_TEST(sharing_option_rejects_unknown_items)
{
    /* Bad user input: one line naming the option and the reason, exit 2. */
    struct e2e_result r = e2e_run("--sharing", "lend,reshare=maybe", "@lend", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "tockemu: --sharing reshare=maybe: expected one of:"));
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_lend_suite(void)
{
    Suite *s = suite_create("e2e_lend");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, lend_readable_in_upcall_gone_after_yield);
    tcase_add_test(tc, lend_limit_faults_app_looping_while_holding);
    tcase_add_loop_test(tc, lend_onward_into_blocking_flash_write, 0,
                        sizeof onward_cases / sizeof onward_cases[0]);
    tcase_add_test(tc, lend_demo_absent_without_option);
    tcase_add_test(tc, sharing_option_rejects_unknown_items);
    suite_add_tcase(s, tc);
    return s;
}
