/* The seccomp filter that keeps app code off the Linux system call table.
 *
 * An app on a board has no operating system under it: every request goes
 * through a Tock system call (architecture.md "Memory model"). On the host
 * nothing stops glibc, or the app, from calling Linux directly, which would
 * silently succeed and hide a fidelity bug. At the end of start-up the
 * runtime installs this classic BPF filter:
 *
 *   arch != x86-64 ................................ TRAP
 *   nr == rt_sigreturn ............................ ALLOW (glibc's restorer)
 *   pc in [__start_lth_raw, __stop_lth_raw) ....... ALLOW (lth__raw_syscall)
 *   nr in {clock_gettime, gettimeofday, time,
 *          clock_getres} and pc in the vDSO ....... ALLOW (vDSO fallback)
 *   nr in {sysinfo, clock_gettime, clock_getres} .. ERRNO(ENOSYS) (glibc's own
 *                                                   queries: qsort, clock())
 *   anything else ................................. TRAP
 *
 * TRAP raises SIGSYS, which the fault handler (channel.c) reports as a
 * fault of kind "direct Linux system call" with the syscall number as the
 * address. The runtime's own syscalls (mailbox futex, MPU mprotect, the
 * write and exit of lth__die) all go through lth__raw_syscall, which sits
 * alone in section `lth_raw` (arch_x86_64.S). No upstream counterpart: a
 * board's MPU and the absence of an OS play this role.
 */
#include <elf.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "lth.h"

extern const char __start_lth_raw[], __stop_lth_raw[];

/* One address range [start, end), split into the 32-bit halves BPF loads. */
struct pc_range {
    uint32_t high, start_low, end_low;
};

/* The vDSO's text as loaded, from its program headers; {0} if there is none. */
static struct pc_range vdso_range(void)
{
    struct pc_range r = {0, 0, 0};
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
    if (eh == NULL)
        return r;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
    uint64_t base = (uint64_t)(uintptr_t)eh, end = base;
    for (unsigned i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && base + ph[i].p_vaddr + ph[i].p_memsz > end)
            end = base + ph[i].p_vaddr + ph[i].p_memsz;
    /* A range that crosses a 4 GiB line cannot be tested in one BPF word
     * pair; leave it out (the vDSO then only works without its fallback). */
    if (base >> 32 != (end - 1) >> 32)
        return r;
    return (struct pc_range){(uint32_t)(base >> 32), (uint32_t)base, (uint32_t)end};
}

#define LOAD(field)     BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define LOAD_AT(offset) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (offset))
#define RETURN(action)  BPF_STMT(BPF_RET | BPF_K, (action))
/* Skip `t` instructions if A == k, else `f`. */
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f) BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))

/* Offsets of the instruction pointer's halves (x86-64 is little-endian). */
#define PC_LOW  offsetof(struct seccomp_data, instruction_pointer)
#define PC_HIGH (PC_LOW + 4)

int lth__seccomp_install(void)
{
    uint64_t raw_start = (uint64_t)(uintptr_t)__start_lth_raw;
    uint64_t raw_end = (uint64_t)(uintptr_t)__stop_lth_raw;
    if (raw_start >> 32 != (raw_end - 1) >> 32)
        return -1;
    struct pc_range raw = {(uint32_t)(raw_start >> 32), (uint32_t)raw_start, (uint32_t)raw_end};
    struct pc_range vdso = vdso_range();

    /* Jump offsets count the instructions between the jump and its target;
     * the two pc tests are the same 5 instructions, ending in ALLOW. */
    struct sock_filter program[] = {
        LOAD(arch),
        JEQ(AUDIT_ARCH_X86_64, 1, 0),
        RETURN(SECCOMP_RET_TRAP),
        LOAD(nr),
        JEQ(SYS_rt_sigreturn, 16, 0), /* -> ALLOW */
        /* pc in the raw stub? */
        LOAD_AT(PC_HIGH),
        JEQ(raw.high, 0, 4), /* -> the vDSO test */
        LOAD_AT(PC_LOW),
        JGE(raw.start_low, 0, 2),
        JGE(raw.end_low, 1, 0),
        RETURN(SECCOMP_RET_ALLOW),
        /* A time syscall from the vDSO? */
        LOAD(nr),
        JEQ(SYS_clock_gettime, 3, 0),
        JEQ(SYS_gettimeofday, 2, 0),
        JEQ(SYS_time, 1, 0),
        JEQ(SYS_clock_getres, 0, 6), /* -> TRAP */
        LOAD_AT(PC_HIGH),
        JEQ(vdso.high, 0, 4), /* -> TRAP */
        LOAD_AT(PC_LOW),
        JGE(vdso.start_low, 0, 2),
        JGE(vdso.end_low, 1, 0),
        RETURN(SECCOMP_RET_ALLOW),
        /* Everything not allowed lands here. glibc's own questions to the
         * host get ENOSYS, which it copes with (qsort asks sysinfo for the
         * memory size; clock() and the CPU-time clocks are not in the
         * vDSO); anything else is the app reaching Linux: a fault. */
        LOAD(nr),
        JEQ(SYS_sysinfo, 3, 0),
        JEQ(SYS_clock_gettime, 2, 0),
        JEQ(SYS_clock_getres, 1, 0),
        RETURN(SECCOMP_RET_TRAP),
        RETURN(SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
    };
    struct sock_fprog prog = {.len = sizeof program / sizeof program[0], .filter = program};

    if (lth__raw_syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0) != 0)
        return -1;
    return lth__raw_syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&prog, 0, 0, 0) == 0
               ? 0
               : -1;
}
