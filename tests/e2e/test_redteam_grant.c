/* End to end, red team: stores into the grant page change nothing the kernel
 * uses (issue 9 part 2). Spec §3.5 (allow slots are kernel-owned), §5.6 (the
 * grant region lies above the kernel break, out of the app's reach).
 *
 * redteam_grant (tests/apps/redteam_grant) brks to the kernel break, looks
 * for its RW-allow slot in the page the emulated MPU rounds its view up to,
 * overwrites every word there with {victim RAM, 64 KiB}, and asks the RNG for
 * 64 KiB. redteam_victim runs beside it and checks a 64 KiB canary over its
 * data. The attack must end harmlessly: no slot in reach, the RNG fills only
 * the attacker's own buffer, tockemu exits normally and the victim's canary
 * holds. Under scripts/test.sh --sanitize and --valgrind tockemu runs
 * instrumented, so a capsule touching freed or foreign memory fails too.
 */
#include <check.h>
#include <string.h>

#include "e2e.h"

static void assert_line(const struct e2e_result *r, const char *line)
{
    ck_assert_msg(e2e_count_lines(r->out, line) == 1, "no line '%s' in:\n%s\nerr:\n%s", line,
                  r->out, r->err);
}

/* Issue 9 part 2: an allow slot rewritten through the grant page does not
 * steer the RNG into another app's RAM. */
START_TEST(grant_page_stores_cannot_steer_a_capsule_into_another_app)
{
    struct e2e_result r = e2e_run("@redteam_grant", "@redteam_victim", NULL);
    ck_assert_msg(r.status == 0, "status %d; out:\n%s\nerr:\n%s", r.status, r.out, r.err);
    assert_line(&r, "redteam_grant: slots found 0");
    assert_line(&r, "redteam_grant: rng done, own buffer filled");
    assert_line(&r, "redteam_victim: canary intact");
    ck_assert_ptr_null(strstr(r.err, "faulted"));
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_redteam_grant_suite(void)
{
    Suite *s = suite_create("e2e_redteam_grant");
    TCase *tc = tcase_create("e2e_redteam_grant");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, grant_page_stores_cannot_steer_a_capsule_into_another_app);
    suite_add_tcase(s, tc);
    return s;
}
