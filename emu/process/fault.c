/* CPU exceptions in a child, as Tock faults with address and access kind.
 *
 * The loader's handler (emu/process/loader.c) copies siginfo and the x86
 * page-fault error code into the mailbox; the app's runtime reports abort()
 * there too. The mailbox is the app's to write, so this file reads a copy
 * and accepts only values that make sense (spec §5.2: any memory protection
 * violation or CPU exception is a fault).
 */
#include <inttypes.h>
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
    if (copy->trap == EMU_TRAP_FAULT) {
        _Static_assert(EMU_REG_COUNT <= TK_FAULT_REGISTERS_MAX, "tk_fault holds them all");
        fault->register_count = EMU_REG_COUNT;
        memcpy(fault->registers, copy->fault_regs, sizeof copy->fault_regs);
    }
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

/* One register as Tock prints it ({:#010X}, widened to 64 bits), or
 * question marks where the process printer prints unknown addresses. */
static const char *register_text(const struct tk_fault *fault, enum emu_register r, char out[19])
{
    if (fault->register_count < EMU_REG_COUNT)
        return "0x????????????????";
    snprintf(out, 19, "0x%016" PRIX64, fault->registers[r]);
    return out;
}

unsigned emu_fault_dwarf_registers(const struct tk_fault *fault,
                                   uint64_t out[EMU_FAULT_DWARF_REGISTERS])
{
    static const enum emu_register dwarf_order[EMU_FAULT_DWARF_REGISTERS] = {
        EMU_REG_RAX, EMU_REG_RDX, EMU_REG_RCX, EMU_REG_RBX, EMU_REG_RSI, EMU_REG_RDI,
        EMU_REG_RBP, EMU_REG_RSP, EMU_REG_R8,  EMU_REG_R9,  EMU_REG_R10, EMU_REG_R11,
        EMU_REG_R12, EMU_REG_R13, EMU_REG_R14, EMU_REG_R15,
    };
    if (fault->register_count < EMU_REG_COUNT)
        return 0;
    for (unsigned i = 0; i < EMU_FAULT_DWARF_REGISTERS; i++)
        out[i] = fault->registers[dwarf_order[i]];
    return EMU_FAULT_DWARF_REGISTERS;
}

void emu_fault_print_registers(const struct tk_fault *fault, const char *pc_at, const char *sp_note,
                               char *out, size_t len)
{
    /* Tock's Cortex-M print_context pairs R0-R5 with R6-R8, R10-R12 and
     * sets R9 apart; here the argument and scratch registers pair with
     * R9-R15 and the frame pointer stands apart as R9 does. */
    static const struct {
        const char *left_name, *right_name;
        enum emu_register left, right;
    } rows[] = {
        {"RAX", "R9 ", EMU_REG_RAX, EMU_REG_R9},  {"RBX", "R10", EMU_REG_RBX, EMU_REG_R10},
        {"RCX", "R11", EMU_REG_RCX, EMU_REG_R11}, {"RDX", "R12", EMU_REG_RDX, EMU_REG_R12},
        {"RSI", "R13", EMU_REG_RSI, EMU_REG_R13}, {"RDI", "R14", EMU_REG_RDI, EMU_REG_R14},
        {"R8 ", "R15", EMU_REG_R8, EMU_REG_R15},
    };
    char a[19], b[19];
    size_t n = 0;
#define APPEND(...)                                                                                \
    do {                                                                                           \
        int w = snprintf(out + n, n < len ? len - n : 0, __VA_ARGS__);                             \
        n += w > 0 ? (size_t)w : 0;                                                                \
    } while (0)
    if (len > 0)
        out[0] = '\0';
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        APPEND("\r\n  %s: %s    %s: %s", rows[i].left_name, register_text(fault, rows[i].left, a),
               rows[i].right_name, register_text(fault, rows[i].right, b));
    /* Deviation: the pc and sp come from the fault report even without a
     * full context (the sp of the last system call); 0 is unknown. x86-64 has no link
     * register (the return address is on the stack) and Tock's YPC, the
     * last yield's pc, is not kept. */
    APPEND("\r\n  RBP: %s (Frame Base Pointer)", register_text(fault, EMU_REG_RBP, a));
    char sp[19] = "0x????????????????", pc[19] = "0x????????????????";
    if (fault->stack_pointer != 0)
        snprintf(sp, sizeof sp, "0x%016" PRIX64, fault->stack_pointer);
    if (fault->pc != 0)
        snprintf(pc, sizeof pc, "0x%016" PRIX64, fault->pc);
    APPEND("\r\n  SP : %s (Process Stack Pointer%s)", sp, sp_note);
    APPEND("\r\n  PC : %s%s%s", pc, pc_at[0] != '\0' ? "  " : "", pc_at);
    /* APSR's place: the status flags, by their bits in RFLAGS. */
    if (fault->register_count < EMU_REG_COUNT) {
        APPEND("\r\n RFLAGS: ?\r\n");
    } else {
        uint64_t f = fault->registers[EMU_REG_RFLAGS];
        APPEND("\r\n RFLAGS: CF %u PF %u AF %u ZF %u SF %u OF %u"
               "\r\n         TF %u IF %u DF %u\r\n",
               (unsigned)(f >> 0) & 1, (unsigned)(f >> 2) & 1, (unsigned)(f >> 4) & 1,
               (unsigned)(f >> 6) & 1, (unsigned)(f >> 7) & 1, (unsigned)(f >> 11) & 1,
               (unsigned)(f >> 8) & 1, (unsigned)(f >> 9) & 1, (unsigned)(f >> 10) & 1);
    }
#undef APPEND
}
