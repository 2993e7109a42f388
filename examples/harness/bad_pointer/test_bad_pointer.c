/* An app that writes through a bad pointer faults, and the test goes on:
 * the fault (kind and address) is a value to check, not the end of the
 * test process. */
#include <check.h>
#include <stdlib.h>

#include <tockemu/harness.h>

START_TEST(write_through_bad_pointer_is_a_memory_fault)
{
    struct lth *t = lth_new(NULL);
    int app = lth_load(t, LTH_APP("lth_bad_pointer"));

    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_fault_at(t, app, TK_FAULT_MEMORY, 0x1000);
    struct tk_fault fault;
    ck_assert(lth_fault(t, app, &fault));
    ck_assert_int_eq(fault.access, TK_ACCESS_WRITE);
    ck_assert(!lth_exit_code(t, app, NULL, NULL));
    ck_assert_int_eq(lth_state(t, app), TK_STATE_FAULTED);
    lth_assert_console(t, "about to write\n");
    lth_free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bad_pointer");
    TCase *tc = tcase_create("bad_pointer");
    tcase_add_test(tc, write_through_bad_pointer_is_a_memory_fault);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
