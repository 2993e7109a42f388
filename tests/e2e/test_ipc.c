/* End to end: IPC between real forked apps (spec §8.9).
 *
 * tests/apps/ipc: "ipc_service" answers every service notification with a
 * client notification and exits after the client's goodbye; "ipc_rot13"
 * discovers it by package name, shares a 64-byte buffer (a length byte,
 * then "Hello World!") that the service rot13s in place, and notifies it
 * three times. The service is in slot 0 (listed first), the client in slot
 * 1. (Notifications without a shared buffer, (slot, 0, 0), are checked in
 * tests/capsules/test_ipc.c.)
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "e2e.h"

START_TEST(ipc_shared_buffer_is_seen_and_written_at_its_address)
{
    /* spec §8.9: the service gets (client slot, 64, ptr) and reaches the
     * client's buffer at that address in its own process; its writes are
     * what the client reads next. */
    struct e2e_result r = e2e_run("@ipc_service", "@ipc_rot13", NULL);
    ck_assert_int_eq(e2e_count_lines(r.out, "service: notified by 1, 64 bytes shared"), 3);
    const char *first = strstr(r.out, "client: answer from 0: Uryyb Jbeyq!\n");
    ck_assert_msg(first != NULL, "%s", r.out);
    const char *second = strstr(first, "client: answer from 0: Hello World!\n");
    ck_assert_msg(second != NULL, "%s", r.out);
    ck_assert_ptr_nonnull(strstr(second, "client: answer from 0: Uryyb Jbeyq!\n"));
    ck_assert_int_eq(r.status, 0);
    e2e_result_free(&r);
}
END_TEST

START_TEST(ipc_discover_unknown_service_is_nodevice)
{
    /* spec §8.9: no process with that package name: NODEVICE (-11). */
    struct e2e_result r = e2e_run("@ipc_rot13", NULL);
    ck_assert_msg(strstr(r.out, "client: no service (-11)\n") != NULL, "%s", r.out);
    e2e_result_free(&r);
}
END_TEST

/* Issue 12 §2: "ipc_keeper" reads a client's shared buffer, then reads
 * through the same pointer 10 ms later; "ipc_leaver" ends the sharing in
 * between, in the way its console input names. */
static const struct leave_case {
    const char *type; /* the leaver's first console byte */
    bool keeper_faults;
} leave_cases[] = {
    {"--type=s@0ms", false}, /* the control: still shared, still seen */
    {"--type=a@0ms", true},  /* re-allows another buffer */
    {"--type=e@0ms", true},  /* exits */
    {"--type=r@0ms", true},  /* restarts */
    {"--type=f@0ms", true},  /* faults */
};

START_TEST(ipc_service_loses_buffer_when_client_ends_sharing)
{
    /* Issue 12 §2: once the client re-allows, exits, restarts or faults,
     * the service faults reading the old buffer, at its address, before it
     * could see anything the client's RAM holds next. */
    const struct leave_case *c = &leave_cases[_i];
    struct e2e_result r = e2e_run(c->type, "@ipc_keeper", "@ipc_leaver", NULL);
    unsigned address = 0;
    const char *shared = strstr(r.out, "keeper: shared 64 bytes at 0x");
    ck_assert_msg(shared != NULL, "%s", r.out);
    ck_assert_int_eq(sscanf(shared, "keeper: shared 64 bytes at %x: S", &address), 1);
    if (!c->keeper_faults) {
        ck_assert_msg(strstr(r.out, "keeper: still sees S\n") != NULL, "%s", r.out);
        ck_assert_int_eq(r.status, 0);
    } else {
        char want[96];
        snprintf(want, sizeof want, "tockemu: app 'ipc_keeper' faulted: memory fault: read at %#x",
                 address);
        ck_assert_msg(strstr(r.err, want) != NULL, "want '%s':\n%s", want, r.err);
        ck_assert_ptr_null(strstr(r.out, "keeper: still sees"));
    }
    e2e_result_free(&r);
}
END_TEST

START_TEST(ipc_restarted_service_cannot_reach_old_buffer)
{
    /* Issue 12 §2/§3: the service dies while it holds a client's buffer
     * (the client faults it through ProcessInfo) and restarts; the new run
     * reads the pointer the old one kept in flash and faults at exactly
     * that address: the restarted service has no access. */
    struct e2e_result r = e2e_run("--fault-policy", "threshold-restart:1", "--type=k@0ms",
                                  "@ipc_keeper", "@ipc_leaver", NULL);
    unsigned address = 0;
    const char *shared = strstr(r.out, "keeper: shared 64 bytes at 0x");
    ck_assert_msg(shared != NULL, "%s", r.out);
    ck_assert_int_eq(sscanf(shared, "keeper: shared 64 bytes at %x: S", &address), 1);
    char want[96];
    snprintf(want, sizeof want, "keeper: restarted; reading the old buffer at %#x\n", address);
    ck_assert_msg(strstr(r.out, want) != NULL, "want '%s':\n%s", want, r.out);
    snprintf(want, sizeof want, "tockemu: app 'ipc_keeper' faulted: memory fault: read at %#x",
             address);
    ck_assert_msg(strstr(r.err, want) != NULL, "want '%s':\n%s", want, r.err);
    ck_assert_ptr_null(strstr(r.out, "still sees"));
    e2e_result_free(&r);
}
END_TEST

/* Issue 12 §3: A shares a buffer with B; B RW-allows that region to IPC for
 * C (tests/apps/ipc/reshare_*.c). Rules (docs/sharing.md, --sharing
 * reshare=): deny refuses the allow, INVAL as in Tock, because the memory
 * is not B's; allow shows C A's bytes at A's address; copy shows C a copy
 * at another address. When A ends its share, C loses its view too. */
static const struct reshare_case {
    const char *sharing;
    bool c_at_a; /* C sees the bytes at A's own address */
} reshare_cases[] = {
    {"reshare=deny", false},
    {"reshare=allow", true},
    {"reshare=copy", false},
};

START_TEST(ipc_reshare_of_anothers_buffer_follows_policy)
{
    const struct reshare_case *c = &reshare_cases[_i];
    struct e2e_result r =
        e2e_run("--sharing", c->sharing, "@reshare_a", "@reshare_b", "@reshare_c", NULL);
    unsigned a_addr = 0, c_addr = 0;
    const char *a = strstr(r.out, "a: shares 64 bytes at 0x");
    ck_assert_msg(a != NULL, "%s%s", r.out, r.err);
    ck_assert_int_eq(sscanf(a, "a: shares 64 bytes at %x", &a_addr), 1);
    char want[128];
    snprintf(want, sizeof want, "b: shown 64 bytes at %#x; onward share to C: %d\n", a_addr,
             _i == 0 ? -6 : 0);
    ck_assert_msg(strstr(r.out, want) != NULL, "want '%s':\n%s%s", want, r.out, r.err);
    if (_i == 0) { /* deny: C is told nothing and waits */
        ck_assert_ptr_null(strstr(r.out, "c: "));
        ck_assert_ptr_null(strstr(r.err, "faulted"));
        e2e_result_free(&r);
        return;
    }
    const char *seen = strstr(r.out, "c: sees 64 bytes at 0x");
    ck_assert_msg(seen != NULL, "%s%s", r.out, r.err);
    ck_assert_int_eq(sscanf(seen, "c: sees 64 bytes at %x: A's bytes\n", &c_addr), 1);
    ck_assert_ptr_nonnull(strstr(seen, ": A's bytes\n"));
    if (c->c_at_a)
        ck_assert_uint_eq(c_addr, a_addr);
    else
        ck_assert_uint_ne(c_addr, a_addr);
    ck_assert_ptr_nonnull(strstr(r.out, "c: after A's share ended: 0 bytes"));
    snprintf(want, sizeof want, "tockemu: app 'reshare_c' faulted: memory fault: read at %#x",
             c_addr);
    ck_assert_msg(strstr(r.err, want) != NULL, "want '%s':\n%s", want, r.err);
    ck_assert_ptr_null(strstr(r.out, "c: still sees"));
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_ipc_suite(void)
{
    Suite *s = suite_create("e2e_ipc");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ipc_shared_buffer_is_seen_and_written_at_its_address);
    tcase_add_test(tc, ipc_discover_unknown_service_is_nodevice);
    tcase_add_loop_test(tc, ipc_service_loses_buffer_when_client_ends_sharing, 0,
                        sizeof leave_cases / sizeof leave_cases[0]);
    tcase_add_test(tc, ipc_restarted_service_cannot_reach_old_buffer);
    tcase_add_loop_test(tc, ipc_reshare_of_anothers_buffer_follows_policy, 0,
                        sizeof reshare_cases / sizeof reshare_cases[0]);
    suite_add_tcase(s, tc);
    return s;
}
