/* CPU exceptions in a child, as Tock faults with address and access kind.
 *
 * The child's handler (libtock-host/src/channel.c) copies siginfo and the
 * x86 page-fault error code into the mailbox; this file classifies them
 * (spec §5.2: any memory protection violation or CPU exception is a fault).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "host.h"

void emu__fault_from_mailbox(const struct emu_mailbox *mb, struct tk_fault *fault)
{
    memset(fault, 0, sizeof *fault);
    fault->signal = mb->fault_signal;
    fault->address = mb->fault_addr;
    fault->pc = mb->fault_pc;
    fault->access = (enum tk_access)mb->fault_access;
    switch (mb->fault_signal) {
    case SIGSEGV:
    case SIGBUS:
        fault->kind = TK_FAULT_MEMORY;
        break;
    case SIGILL:
        fault->kind = TK_FAULT_ILLEGAL;
        break;
    case SIGFPE:
        fault->kind = TK_FAULT_ARITHMETIC;
        break;
    case SIGSYS:
        fault->kind = TK_FAULT_HOST_SYSCALL; /* address = Linux syscall number */
        break;
    default:
        fault->kind = TK_FAULT_OTHER;
        break;
    }
}

void emu_fault_describe(const struct tk_fault *fault, char *out, size_t len)
{
    static const char *const access_name[] = {"access", "read", "write", "execute"};
    const char *access = access_name[fault->access <= TK_ACCESS_EXECUTE ? fault->access : 0];
    switch (fault->kind) {
    case TK_FAULT_MEMORY:
        snprintf(out, len, "memory fault: %s at 0x%llx (pc 0x%llx)", access,
                 (unsigned long long)fault->address, (unsigned long long)fault->pc);
        break;
    case TK_FAULT_ILLEGAL:
        snprintf(out, len, "illegal instruction at 0x%llx", (unsigned long long)fault->pc);
        break;
    case TK_FAULT_ARITHMETIC:
        snprintf(out, len, "arithmetic fault at 0x%llx", (unsigned long long)fault->pc);
        break;
    case TK_FAULT_HOST_SYSCALL:
        snprintf(out, len, "direct Linux system call %llu at 0x%llx",
                 (unsigned long long)fault->address, (unsigned long long)fault->pc);
        break;
    case TK_FAULT_BAD_SYSCALL:
        snprintf(out, len, "undecodable system call");
        break;
    case TK_FAULT_DIED:
        if (WIFSIGNALED(fault->status))
            snprintf(out, len, "app process killed by signal %d (%s)", WTERMSIG(fault->status),
                     strsignal(WTERMSIG(fault->status)));
        else
            snprintf(out, len, "app process ended without the Exit syscall (status %d)",
                     WEXITSTATUS(fault->status));
        break;
    case TK_FAULT_KERNEL_FORCED:
        snprintf(out, len, "fault forced by the kernel");
        break;
    default:
        if (fault->signal == SIGABRT)
            snprintf(out, len, "app aborted (abort() or a failed assert) at 0x%llx",
                     (unsigned long long)fault->pc);
        else
            snprintf(out, len, "fault (signal %d)", fault->signal);
        break;
    }
}
