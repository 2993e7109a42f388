/* Fault capture: the child's report in the mailbox becomes a Tock fault of
 * the right kind, and every kind has its one-line description (emu/process
 * fault.c). Spec §5.2: any memory protection violation or CPU exception is
 * a fault; architecture.md: so is a direct Linux system call or a child
 * that ended without the Exit syscall. The e2e_faults suite produces each
 * of these in a real child; this one checks the table, kind by kind,
 * including the signals an app cannot easily raise (SIGBUS, SIGFPE).
 */
#include <check.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "process-internal.h"

static const struct mailbox_case {
    int signal;
    enum tk_access access;
    uint64_t address, pc;
    enum tk_fault_kind kind;
    const char *description;
} mailbox_cases[] = {
    {SIGSEGV, TK_ACCESS_WRITE, 0x60001000, 0x40001234, TK_FAULT_MEMORY,
     "memory fault: write at 0x60001000 (pc 0x40001234)"},
    {SIGSEGV, TK_ACCESS_READ, 0, 0x40000010, TK_FAULT_MEMORY,
     "memory fault: read at 0x0 (pc 0x40000010)"},
    {SIGSEGV, TK_ACCESS_EXECUTE, 0x60000000, 0x60000000, TK_FAULT_MEMORY,
     "memory fault: execute at 0x60000000 (pc 0x60000000)"},
    {SIGBUS, TK_ACCESS_UNKNOWN, 0x60002000, 0x40000020, TK_FAULT_MEMORY,
     "memory fault: access at 0x60002000 (pc 0x40000020)"},
    {SIGILL, TK_ACCESS_UNKNOWN, 0x40000030, 0x40000030, TK_FAULT_ILLEGAL,
     "illegal instruction at 0x40000030"},
    {SIGFPE, TK_ACCESS_UNKNOWN, 0x40000040, 0x40000040, TK_FAULT_ARITHMETIC,
     "arithmetic fault at 0x40000040"},
    {SIGSYS, TK_ACCESS_UNKNOWN, 39, 0x40000050, TK_FAULT_HOST_SYSCALL,
     "direct Linux system call 39 at 0x40000050"},
    {SIGTRAP, TK_ACCESS_UNKNOWN, 0, 0x40000060, TK_FAULT_BREAKPOINT,
     "breakpoint trap (int3) at 0x40000060"},
};

/* Spec §5.2: the signal decides the kind; address, pc and access are kept. */
START_TEST(mailbox_fault_keeps_kind_address_and_access)
{
    const struct mailbox_case *c = &mailbox_cases[_i];
    struct emu_mailbox mb;
    memset(&mb, 0, sizeof mb);
    mb.fault_signal = c->signal;
    mb.fault_access = c->access;
    mb.fault_addr = c->address;
    mb.fault_pc = c->pc;
    mb.trap = EMU_TRAP_FAULT;
    struct tk_fault fault;
    emu__fault_from_mailbox(&mb, &fault);
    ck_assert_int_eq(fault.kind, c->kind);
    ck_assert_int_eq(fault.signal, c->signal);
    ck_assert_uint_eq(fault.address, c->address);
    ck_assert_uint_eq(fault.pc, c->pc);
    ck_assert_int_eq(fault.access, c->access);
    char text[200];
    emu_fault_describe(&fault, text, sizeof text);
    ck_assert_str_eq(text, c->description);
}
END_TEST

/* A child that died is a fault too: killed, or ended without Exit. */
START_TEST(dead_child_is_described_by_its_wait_status)
{
    struct tk_fault fault = {.kind = TK_FAULT_DIED};
    char text[200];
    fault.status = SIGKILL; /* a wait status for "killed by SIGKILL" */
    ck_assert(WIFSIGNALED(fault.status));
    emu_fault_describe(&fault, text, sizeof text);
    ck_assert_str_eq(text, "app process killed by signal 9 (Killed)");
    fault.status = 3 << 8; /* exit(3) */
    emu_fault_describe(&fault, text, sizeof text);
    ck_assert_str_eq(text, "app process ended without the Exit syscall (status 3)");
}
END_TEST

/* An access value outside the enum (a corrupted mailbox) still prints. */
START_TEST(unknown_access_value_prints_as_access)
{
    struct tk_fault fault = {.kind = TK_FAULT_MEMORY, .access = (enum tk_access)77};
    char text[200];
    emu_fault_describe(&fault, text, sizeof text);
    ck_assert_str_eq(text, "memory fault: access at 0x0 (pc 0x0)");
}
END_TEST

/* The description is cut to the caller's buffer, NUL-terminated. */
START_TEST(description_fits_a_short_buffer)
{
    struct tk_fault fault = {.kind = TK_FAULT_BAD_SYSCALL};
    char text[8];
    memset(text, 'x', sizeof text);
    emu_fault_describe(&fault, text, sizeof text);
    ck_assert_str_eq(text, "undecod");
}
END_TEST

Suite *process_fault_suite(void)
{
    Suite *s = suite_create("process_fault");
    TCase *tc = tcase_create("fault");
    tcase_add_loop_test(tc, mailbox_fault_keeps_kind_address_and_access, 0,
                        (int)(sizeof mailbox_cases / sizeof mailbox_cases[0]));
    tcase_add_test(tc, dead_child_is_described_by_its_wait_status);
    tcase_add_test(tc, unknown_access_value_prints_as_access);
    tcase_add_test(tc, description_fits_a_short_buffer);
    suite_add_tcase(s, tc);
    return s;
}
