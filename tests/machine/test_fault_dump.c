/* The process dump of the debug fault policies, byte for byte (issue 15
 * part 2; spec §5.3: stop-debug and restart-debug print the process, then
 * act as stop and restart).
 *
 * Facts from tock/tock @65608d71 the golden files hold: the dump is the
 * process printer's overview (statistics, then the memory map from the
 * grant region down to flash) followed by print_full_process: the stored
 * context in the chip's print_context layout (two columns of registers,
 * one register set apart, SP, PC, then the status flags), the grant table
 * in rows of three numbered down the columns, the MPU regions and how to
 * debug. Every line ends "\r\n". Here the registers are x86-64's.
 */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "fault_report.h"
#include "golden_file.h"
#include "kernel/kdriver.h"

/* A process at fixed addresses, one grant allocated, and a fault. */
struct dump_bench {
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p;
    struct tk_fault fault;
};

static void dump_bench_init(struct dump_bench *b)
{
    memset(b, 0, sizeof *b);
    b->p = kd_setup(&b->k, &b->kd);
    fx_subscribe(&b->k, b->p, KD_NUM, 0, fx_upcall_fn(b->p, 0), 0);
    fx_memop(&b->k, b->p, 10, fx_addr(b->p, 0x1000)); /* stack top */
    fx_memop(&b->k, b->p, 11, fx_addr(b->p, 0x1400)); /* heap start */
    b->p->lowest_stack_pointer = fx_addr(b->p, 0x0c00);
    fx_command(&b->k, b->p, KD_NUM, KD_CMD_ECHO, 7, 9); /* the last syscall, printed */
    b->fault.kind = TK_FAULT_MEMORY;
    b->fault.access = TK_ACCESS_WRITE;
}

/* The dump of the bench's process at RAM 0x60004000 and flash 0x40040000. */
static void assert_dump_golden(struct dump_bench *b, const char *name)
{
    struct tk_process saved = *b->p;
    fx_process_rebase(b->p, 0x60004000, 0x40040000);
    GString *out = g_string_new(NULL);
    emu_fault_dump(NULL, b->p, &b->fault, out);
    *b->p = saved;
    golden_assert(name, out->str, out->len);
    g_string_free(out, TRUE);
    fx_kernel_fini(&b->k);
}

/* A CPU fault carries every general register: each prints under its own
 * name, in the two-column layout, with the flags decoded. */
START_TEST(dump_prints_every_register_in_the_kernel_layout)
{
    struct dump_bench b;
    dump_bench_init(&b);
    b.fault.address = 0x6000f000;
    b.fault.pc = 0x40041234;
    b.fault.stack_pointer = 0x60004b80;
    b.fault.signal = 11;
    b.fault.register_count = 18;
    /* Each register's value names it: byte i of register i is 0x10 + i,
     * in the transport's (sigcontext's) order: r8..r15, rdi, rsi, rbp,
     * rbx, rdx, rax, rcx, rsp, rip, rflags. */
    for (unsigned i = 0; i < 18; i++)
        b.fault.registers[i] = 0x0101010101010101ull * (0x10 + i);
    b.fault.registers[17] = 0xad7; /* CF PF AF ZF SF IF OF and bit 1 */
    assert_dump_golden(&b, "fault_dump_registers");
}
END_TEST

/* A fault without a CPU context (the app process died) keeps the layout:
 * unknown registers print as question marks, as the process printer prints
 * unknown addresses, and a stack pointer outside the process's memory is
 * said to be. */
START_TEST(dump_without_a_cpu_context_marks_registers_unknown)
{
    struct dump_bench b;
    dump_bench_init(&b);
    b.fault.kind = TK_FAULT_DIED;
    b.fault.status = 9; /* killed by SIGKILL */
    b.fault.stack_pointer = 0x5fff0000;
    assert_dump_golden(&b, "fault_dump_without_context");
}
END_TEST

Suite *fault_dump_suite(void)
{
    Suite *s = suite_create("fault_dump");
    TCase *tc = tcase_create("fault_dump");
    tcase_add_test(tc, dump_prints_every_register_in_the_kernel_layout);
    tcase_add_test(tc, dump_without_a_cpu_context_marks_registers_unknown);
    suite_add_tcase(s, tc);
    return s;
}
