/* The app side of the syscall channel: trap into the emulator and back.
 *
 * Mirrors what a Tock arch crate's syscall entry does (arch/cortex-m
 * svc_handler, switch_to_process), over the mailbox of emu/process/channel.h
 * instead of a supervisor call. Also the two ways the app is interrupted:
 * the emulator's timeslice signal (preemption) and a CPU exception (fault),
 * both reported through the same mailbox.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include "lth.h"

struct lth_runtime lth__rt;

typedef void (*lth_upcall_fn)(int, int, int, void *);

/* Hand the turn to the kernel and wait for it back. */
static void trap_to_kernel(struct emu_mailbox *mb, uint32_t trap)
{
    mb->trap = trap;
    emu_channel_give(mb, EMU_TURN_KERNEL, &mb->kernel_waiting);
    while (emu_channel_wait(mb, EMU_TURN_APP, &mb->app_waiting, EMU_CHANNEL_SPINS, NULL) != 0)
        ;
}

void lth__mpu_apply(uint64_t app_break)
{
    /* Deviation: the host MPU has page granularity, so the accessible end
     * is the break rounded up to 4 KiB (a Cortex-M MPU rounds too). */
    uint64_t end = (app_break + 4095) & ~(uint64_t)4095;
    uint64_t ram_end = lth__rt.memory_start + lth__rt.memory_len;
    if (!lth__rt.mpu_enabled || end == lth__rt.mpu_end)
        return;
    if (end > ram_end)
        end = ram_end;
    if (end > lth__rt.memory_start)
        lth__raw_syscall(SYS_mprotect, (long)lth__rt.memory_start,
                         (long)(end - lth__rt.memory_start), PROT_READ | PROT_WRITE, 0, 0, 0);
    if (end < ram_end)
        lth__raw_syscall(SYS_mprotect, (long)end, (long)(ram_end - end), PROT_NONE, 0, 0, 0);
    lth__rt.mpu_end = end;
}

void lth__syscall(uint32_t class_id, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                  uint64_t ret[4])
{
    struct emu_mailbox *mb = lth__rt.mailbox;
    if (mb == NULL)
        lth__die("libtock-host: syscall before the app attached to tockemu");

    lth__rt.in_kernel = 1;
    mb->class_id = class_id;
    mb->arg[0] = a0;
    mb->arg[1] = a1;
    mb->arg[2] = a2;
    mb->arg[3] = a3;
    trap_to_kernel(mb, EMU_TRAP_SYSCALL);

    /* Registers the kernel does not write keep what the caller passed. */
    ret[0] = a0;
    ret[1] = a1;
    ret[2] = a2;
    ret[3] = a3;
    uint32_t op = mb->op;
    for (unsigned i = 0; i < 4; i++)
        if (mb->written & (1u << i))
            ret[i] = mb->ret[i];
    uint64_t pc = mb->pc;
    uint64_t up[4] = {mb->ret[0], mb->ret[1], mb->ret[2], mb->ret[3]};
    lth__mpu_apply(mb->app_break);
    lth__rt.in_kernel = 0;

    /* A yield that delivers an upcall returns when the upcall returns; the
     * upcall may itself yield (libtock-c relies on that re-entrancy). */
    if (op == EMU_OP_UPCALL)
        ((lth_upcall_fn)(uintptr_t)pc)((int)up[0], (int)up[1], (int)up[2],
                                       (void *)(uintptr_t)up[3]);
}

/* The emulator's timeslice signal: trap in, wait to be scheduled again. A
 * signal that lands while a syscall is in flight is spurious (the kernel
 * already has the CPU) and is ignored. */
static void on_preempt(int sig, siginfo_t *info, void *uctx)
{
    (void)sig;
    (void)info;
    struct emu_mailbox *mb = lth__rt.mailbox;
    if (mb == NULL || lth__rt.in_kernel)
        return;
    int saved_errno = errno;
    lth__rt.in_kernel = 1;
    mb->stack_pointer = (uint64_t)((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RSP];
    trap_to_kernel(mb, EMU_TRAP_PREEMPTED);
    lth__mpu_apply(mb->app_break);
    lth__rt.in_kernel = 0;
    errno = saved_errno;
}

/* Report a fault through the mailbox and wait to be killed. */
static void __attribute__((noreturn))
report_fault(int sig, uint64_t addr, uint64_t pc, uint64_t sp, uint32_t access)
{
    struct emu_mailbox *mb = lth__rt.mailbox;
    if (mb == NULL)
        lth__die("libtock-host: fault before the app attached to tockemu");
    mb->fault_signal = sig;
    mb->fault_addr = addr;
    mb->fault_pc = pc;
    mb->stack_pointer = sp;
    mb->fault_access = access;
    lth__rt.in_kernel = 1;
    for (;;)
        trap_to_kernel(mb, EMU_TRAP_FAULT);
}

/* A CPU exception (or SIGSYS from the seccomp filter). */
static void on_fault(int sig, siginfo_t *info, void *uctx)
{
    ucontext_t *uc = uctx;
    uint64_t addr = (uint64_t)(uintptr_t)info->si_addr;
    uint32_t access = 0;
    if (sig == SIGSEGV) {
        /* x86 page-fault error code: bit 1 write, bit 4 instruction fetch. */
        uint64_t err = (uint64_t)uc->uc_mcontext.gregs[REG_ERR];
        access = (err & 0x10) ? 3 : (err & 0x2) ? 2 : 1;
    }
    if (sig == SIGSYS)
        addr = (uint64_t)info->si_syscall;
    report_fault(sig, addr, (uint64_t)uc->uc_mcontext.gregs[REG_RIP],
                 (uint64_t)uc->uc_mcontext.gregs[REG_RSP], access);
}

/* abort() and failed asserts (apps link with --wrap=abort): glibc's abort
 * would make Linux system calls, which the filter turns into a misleading
 * "direct system call" fault; report what happened instead. */
void __wrap_abort(void)
{
    fflush(NULL);
    report_fault(SIGABRT, 0, (uint64_t)(uintptr_t)__builtin_return_address(0), 0, 0);
}

int lth__install_handlers(void *altstack, size_t altstack_size)
{
    stack_t ss = {.ss_sp = altstack, .ss_size = altstack_size, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0)
        return -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS};
    for (size_t i = 0; i < sizeof fault_signals / sizeof fault_signals[0]; i++)
        if (sigaction(fault_signals[i], &sa, NULL) != 0)
            return -1;
    sa.sa_sigaction = on_preempt;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    return sigaction(SIGUSR2, &sa, NULL);
}

void lth__die(const char *msg)
{
    lth__raw_syscall(SYS_write, 2, (long)msg, (long)strlen(msg), 0, 0, 0);
    lth__raw_syscall(SYS_write, 2, (long)"\n", 1, 0, 0, 0);
    for (;;)
        lth__raw_syscall(SYS_exit_group, 127, 0, 0, 0, 0, 0);
}
