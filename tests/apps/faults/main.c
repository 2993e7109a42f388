/* faults: one way for an app to fault, chosen by the app's name (argv[0]).
 *
 * Built once per fault kind under a different name (tests/apps/meson.build),
 * so each kind is its own TBF. Before faulting the app prints
 * "expect: <description>", the start of the line tockemu must print on
 * stderr, with the address taken from the kernel's own memop answers (spec
 * §4 ops 1, 4, 6), and the e2e test (tests/e2e/test_faults.c) compares.
 * Spec §5.2: every memory protection violation or CPU exception is a fault;
 * architecture.md: a direct Linux system call is one too.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <libtock/tock.h>

/* The runtime's raw stub (libtock-host/src/arch_x86_64.S): used here to try
 * to die in ways a Tock app cannot, as a crashing runtime would. */
long lth__raw_syscall(long nr, long a, long b, long c, long d, long e, long f);

/* An instruction at a known address for the illegal-instruction case. */
__asm__(".text\n"
        ".globl faults_ud2\n"
        ".type faults_ud2, @function\n"
        "faults_ud2: ud2\n"
        ".size faults_ud2, .-faults_ud2\n");
void faults_ud2(void);

static const char literal[] = "a string literal lives in flash";

static uintptr_t page_up(uintptr_t a)
{
    return (a + 4095) & ~(uintptr_t)4095;
}

static void expect(const char *description, uintptr_t address)
{
    printf("expect: %s 0x%lx\n", description, (unsigned long)address);
    fflush(stdout);
}

static void grant_read(void)
{
    volatile uint8_t *grant = tock_app_grant_begins_at();
    expect("memory fault: read at", (uintptr_t)grant);
    printf("read %u\n", *grant);
}

static void grant_write(void)
{
    volatile uint8_t *grant = tock_app_grant_begins_at();
    expect("memory fault: write at", (uintptr_t)grant);
    *grant = 1;
}

static void flash_write(void)
{
    uintptr_t at = (uintptr_t)literal;
    if (at < (uintptr_t)tock_app_flash_begins_at() || at >= (uintptr_t)tock_app_flash_ends_at())
        printf("FAIL: the literal is not in flash\n");
    expect("memory fault: write at", at);
    *(volatile char *)at = 'A';
}

/* The MPU rounds the break up to a page (lth__mpu_apply); the first byte
 * past that is the first one the app must not read. It is a page the app
 * could write a moment ago: the MPU follows the break down as well as up. */
static void past_break(void)
{
    uintptr_t past = page_up((uintptr_t)memop(1, 0).data);
    if (memop(1, 2 * 4096).status != TOCK_STATUSCODE_SUCCESS)
        printf("FAIL: sbrk up\n");
    *(volatile uint8_t *)past = 1;
    if (memop(1, (uintptr_t) - (intptr_t)(2 * 4096)).status != TOCK_STATUSCODE_SUCCESS)
        printf("FAIL: sbrk down\n");
    if (past >= (uintptr_t)tock_app_grant_begins_at())
        printf("FAIL: no gap between the break and the grant region\n");
    expect("memory fault: read at", past);
    printf("read %u\n", *(volatile uint8_t *)past);
}

static void null_read(void)
{
    expect("memory fault: read at", 0);
    printf("read %d\n", *(volatile int *)(uintptr_t)0);
}

/* Not a tail call (the frame is used after the call returns), so every
 * level takes stack until it runs below memory_start. */
static unsigned recurse(unsigned depth)
{
    volatile char frame[256];
    frame[0] = (char)depth;
    if (depth == ~0u)
        return 0;
    return recurse(depth + 1) + (unsigned)frame[0];
}

static void stack_overflow(void)
{
    /* The faulting address depends on the frame layout: the test checks it
     * lies just below memory_start. */
    printf("memory_start 0x%lx\n", (unsigned long)(uintptr_t)tock_app_memory_begins_at());
    fflush(stdout);
    printf("depth %u\n", recurse(0));
}

static void illegal(void)
{
    expect("illegal instruction at", (uintptr_t)faults_ud2);
    faults_ud2();
}

static void host_syscall(void)
{
    printf("expect: direct Linux system call %d at 0x\n", SYS_write);
    fflush(stdout);
    static const char msg[] = "written around the console\n";
    ssize_t n = write(1, msg, sizeof msg - 1);
    printf("write returned %zd\n", n);
}

/* Killing itself, or ending through Linux instead of the Exit syscall, is
 * just another Linux system call: the filter allows none of them, from any
 * address (emu/process/loader.c). */
static void killed(void)
{
    printf("expect: direct Linux system call %d at 0x\n", SYS_getpid);
    fflush(stdout);
    long pid = lth__raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);
    lth__raw_syscall(SYS_kill, pid, SIGKILL, 0, 0, 0, 0);
}

static void host_exit(void)
{
    printf("expect: direct Linux system call %d at 0x\n", SYS_exit_group);
    fflush(stdout);
    lth__raw_syscall(SYS_exit_group, 3, 0, 0, 0, 0, 0);
}

/* Every general register but the stack pointer, and the flags, set to
 * known values, then an illegal instruction: the process dump of the debug
 * fault policies must show each value under its register's name
 * (tests/e2e/test_fault_report.c). RFLAGS 0xac3: CF, ZF, SF, OF, IF and the
 * always-one bit 1. The ud2 sits at faults_registers+0x9c. */
__asm__(".text\n"
        ".globl faults_registers\n"
        ".type faults_registers, @function\n"
        "faults_registers:\n"
        "push $0xac3\n"
        "popfq\n"
        "movabs $0xaaaaaaaaaaaaaaaa, %rax\n"
        "movabs $0xbbbbbbbbbbbbbbbb, %rbx\n"
        "movabs $0xcccccccccccccccc, %rcx\n"
        "movabs $0xdddddddddddddddd, %rdx\n"
        "movabs $0x5151515151515151, %rsi\n"
        "movabs $0xd1d1d1d1d1d1d1d1, %rdi\n"
        "movabs $0xb9b9b9b9b9b9b9b9, %rbp\n"
        "movabs $0x0808080808080808, %r8\n"
        "movabs $0x0909090909090909, %r9\n"
        "movabs $0x1010101010101010, %r10\n"
        "movabs $0x1111111111111111, %r11\n"
        "movabs $0x1212121212121212, %r12\n"
        "movabs $0x1313131313131313, %r13\n"
        "movabs $0x1414141414141414, %r14\n"
        "movabs $0x1515151515151515, %r15\n"
        "ud2\n"
        ".size faults_registers, .-faults_registers\n");
void faults_registers(void);

static void registers(void)
{
    expect("illegal instruction at", (uintptr_t)faults_registers + 0x9c);
    faults_registers();
}

static const struct {
    const char *name;
    void (*fault)(void);
} kinds[] = {
    {"fault_registers", registers},       {"fault_grant_read", grant_read},
    {"fault_grant_write", grant_write},   {"fault_flash_write", flash_write},
    {"fault_past_break", past_break},     {"fault_null", null_read},
    {"fault_stack", stack_overflow},      {"fault_illegal", illegal},
    {"fault_host_syscall", host_syscall}, {"fault_killed", killed},
    {"fault_host_exit", host_exit},       {"fault_stack_frame_pointer", stack_overflow},
};

int main(int argc, char **argv)
{
    (void)argc;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(argv[0], kinds[i].name) != 0)
            continue;
        printf("%s: start\n", argv[0]);
        kinds[i].fault();
        printf("%s: still alive\n", argv[0]);
        return 0;
    }
    printf("FAIL: no fault kind named '%s'\n", argv[0]);
    return 1;
}
