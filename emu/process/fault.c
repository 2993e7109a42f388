/* CPU exceptions in a child, as Tock faults with address and access kind.
 *
 * The loader's handler (emu/process/loader.c) copies siginfo and the x86
 * page-fault error code into the mailbox; the app's runtime reports abort()
 * there too. The mailbox is the app's to write, so this file reads a copy
 * and accepts only values that make sense (spec §5.2: any memory protection
 * violation or CPU exception is a fault).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "process-internal.h"

/* Keep printable ASCII only: the text is the app's and goes to a terminal. */
static void copy_printable(char *out, size_t len, const char *in, size_t in_len)
{
    size_t n = 0;
    for (size_t i = 0; i < in_len && in[i] != '\0' && n + 1 < len; i++)
        out[n++] = (in[i] >= 0x20 && in[i] < 0x7f) ? in[i] : '?';
    out[n] = '\0';
}

void emu__fault_from_mailbox(const struct emu_mailbox *copy, struct tk_fault *fault)
{
    memset(fault, 0, sizeof *fault);
    fault->address = copy->fault_addr;
    fault->pc = copy->fault_pc;
    fault->stack_pointer = copy->fault_sp;
    fault->access = copy->fault_access <= TK_ACCESS_EXECUTE ? (enum tk_access)copy->fault_access
                                                            : TK_ACCESS_UNKNOWN;
    fault->signal = copy->fault_signal > 0 && copy->fault_signal < NSIG ? copy->fault_signal : 0;
    if (copy->trap == EMU_TRAP_ABORT) {
        fault->kind = TK_FAULT_ABORT;
        fault->signal = SIGABRT;
        copy_printable(fault->message, sizeof fault->message, copy->message, sizeof copy->message);
        return;
    }
    switch (fault->signal) {
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
    case SIGTRAP:
        fault->kind = TK_FAULT_BREAKPOINT;
        break;
    case SIGSYS:
        fault->kind = TK_FAULT_HOST_SYSCALL; /* address = Linux syscall number */
        break;
    default:
        fault->kind = TK_FAULT_PROTOCOL; /* the handler never writes another signal */
        fault->address = copy->trap;
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
    case TK_FAULT_BREAKPOINT:
        snprintf(out, len, "breakpoint trap (int3) at 0x%llx", (unsigned long long)fault->pc);
        break;
    case TK_FAULT_HOST_SYSCALL:
        snprintf(out, len, "direct Linux system call %llu at 0x%llx",
                 (unsigned long long)fault->address, (unsigned long long)fault->pc);
        break;
    case TK_FAULT_BAD_SYSCALL:
        snprintf(out, len, "undecodable system call");
        break;
    case TK_FAULT_ABORT:
        snprintf(out, len, "app aborted (%s) at 0x%llx",
                 fault->message[0] != '\0' ? fault->message : "abort() or a failed assert",
                 (unsigned long long)fault->pc);
        break;
    case TK_FAULT_UNRESPONSIVE:
        snprintf(out, len, "did not yield to preemption (killed)");
        break;
    case TK_FAULT_PROTOCOL:
        snprintf(out, len, "mailbox protocol violation (trap word 0x%llx)",
                 (unsigned long long)fault->address);
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
        snprintf(out, len, "fault (signal %d)", fault->signal);
        break;
    }
}
