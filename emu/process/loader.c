/* The trusted loader: the first code of every app child, and the last that
 * may make Linux system calls.
 *
 * The emulator starts this small static program (kept in a memfd) once, as
 * a zygote (zygote.c) that keeps a spare child ready: a clone of a process
 * of a few pages, a child of the emulator (CLONE_PARENT), which has dropped
 * root and waits on its own socket. Starting an app is one message to the
 * spare: the child's descriptors. The child finds the mailbox, the app's
 * RAM, its read-only flash and its window on fixed descriptors (enum
 * emu_child_fd). It
 *
 *   1. maps the mailbox, the RAM memfd at memory_start (MAP_SHARED: the
 *      emulator sets its size, and the size is the MPU, see region.c) and the
 *      app's flash at flash_start (MAP_PRIVATE from a read-only descriptor:
 *      no write by anyone in the child can reach the TBF the kernel sees),
 *      and its window over every other app's RAM and the lend areas (an
 *      empty memfd the emulator alone sizes, window.c);
 *   2. closes every descriptor (as a spare it already dropped root for
 *      nobody in an empty root directory, when it had root), sets resource
 *      limits (no files, no processes, no core, bounded address space),
 *      with the fault handlers it inherited on its own signal stack;
 *   3. unmaps what Linux gave the process that an app must not touch (the
 *      initial stack with the environment, the vDSO and its data page),
 *      makes its own state read-only, and installs the seccomp filter;
 *   4. reports ATTACH and jumps to the init call the kernel answers with.
 *
 * A child whose app the kernel terminated may be kept, stopped, and started
 * again in place (spawn.c): EMU_RESTART_SIGNAL brings it back into this
 * loader at step 4, with everything before it still standing.
 *
 * The seccomp filter allows, by number and argument and whatever address
 * issues them (the app owns every byte of code in this process, this
 * loader's included):
 *
 *   futex(&mailbox->turn, FUTEX_WAKE, *)             hand the turn over
 *   futex(&mailbox->turn, FUTEX_WAIT, EMU_TURN_KERNEL) sleep once handed over
 *   arch_prctl(ARCH_SET_FS, *), set_tid_address(*)   the C library's TLS set-up
 *   clock_gettime, clock_getres, gettimeofday, time  -> ENOSYS, as newlib on a board
 *   anything else, and any non-x86-64 ABI           -> SIGSYS: a fault
 *
 * Since FUTEX_WAIT only sleeps while the turn is the kernel's, an app can
 * never block while it holds the CPU: it either computes (and is stopped
 * with SIGSTOP when its timeslice of CPU time is used up, emu/process/
 * switch.c) or has trapped into the kernel. The fault handlers never
 * return, so rt_sigreturn is not allowed either.
 *
 * No upstream counterpart: on a board, the MPU and the absence of an
 * operating system play this role (architecture.md "Memory model").
 */
#define EMU_CHANNEL_LAYOUT_ONLY
#include <asm/prctl.h>
#include <asm/sigcontext.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/prctl.h>
#include <linux/resource.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

#include "channel.h"
#include "raw_syscall.h"

/* ---- the few libc pieces the compiler may ask for (system calls: raw_syscall.h) */

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

/* The loader's own failures happen before any app code ran: the exit code
 * tells the emulator which step failed (spawn.c prints it). */
static void __attribute__((noreturn)) die(int step)
{
    for (;;)
        sys3(__NR_exit_group, 100 + step, 0, 0);
}

enum loader_step {
    STEP_MAILBOX = 1,
    STEP_MAP_RAM,
    STEP_MAP_FLASH,
    STEP_MAPS,
    STEP_CLOSE,
    STEP_UID,
    STEP_LIMITS,
    STEP_SIGNALS,
    STEP_PROTECT,
    STEP_UNMAP,
    STEP_SECCOMP,
    STEP_START,
    STEP_MAP_WINDOWS,
    STEP_REQUEST,
};

/* ---- state ------------------------------------------------------------ */

/* What the fault handler needs, made read-only before app code runs so
 * that an app cannot redirect its own fault reports. */
static union {
    struct {
        struct emu_mailbox *mailbox;
        char name[64]; /* the app's name: its command line in ps */
    };
    uint8_t page[4096]; /* alone on its page, which becomes read-only */
} config __attribute__((aligned(4096)));

#define ALTSTACK_SIZE    (64 * 1024)
#define START_STACK_SIZE (16 * 1024)
static uint8_t altstack[ALTSTACK_SIZE] __attribute__((aligned(16)));
/* The stack the app's start-up code runs on until it has brk'd its own
 * (the initial app break is memory_start, spec §10.16). */
static uint8_t start_stack[START_STACK_SIZE] __attribute__((aligned(16)));

struct range {
    uint64_t start, end;
};
static struct range linux_stack, vvar, vdso;

/* ---- the mailbox from this side --------------------------------------- */

static void give_turn_to_kernel(struct emu_mailbox *mb)
{
    __atomic_store_n(&mb->turn, EMU_TURN_KERNEL, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&mb->kernel_waiting, __ATOMIC_SEQ_CST))
        sys3(__NR_futex, &mb->turn, FUTEX_WAKE, 1);
}

static void wait_for_turn(struct emu_mailbox *mb)
{
    __atomic_store_n(&mb->app_waiting, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&mb->turn, __ATOMIC_SEQ_CST) != EMU_TURN_APP)
        sys6(__NR_futex, (long)&mb->turn, FUTEX_WAIT, EMU_TURN_KERNEL, 0, 0, 0);
    __atomic_store_n(&mb->app_waiting, 0, __ATOMIC_SEQ_CST);
}

/* ---- faults ----------------------------------------------------------- */

/* The kernel's siginfo prefix (include/uapi/asm-generic/siginfo.h). */
struct kernel_siginfo {
    int32_t signo, error, code, pad;
    union {
        uint64_t addr; /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
        struct {
            uint64_t call_addr;
            int32_t syscall; /* SIGSYS */
            uint32_t arch;
        } sys;
    } u;
};

struct kernel_ucontext {
    uint64_t flags, link;
    uint64_t ss_sp;
    int32_t ss_flags, ss_pad;
    uint64_t ss_size;
    struct sigcontext mcontext;
};

enum { SIGILL_ = 4, SIGTRAP_ = 5, SIGBUS_ = 7, SIGFPE_ = 8, SIGSEGV_ = 11, SIGSYS_ = 31 };

/* Every fault signal: report through the mailbox, then wait to be killed.
 * Runs on the loader's signal stack with every signal blocked, and never
 * returns (so no rt_sigreturn, which the filter refuses). */
static void on_fault(int sig, struct kernel_siginfo *info, void *uctx)
{
    struct emu_mailbox *mb = config.mailbox;
    if (mb == NULL)
        die(STEP_SIGNALS); /* the zygote, or a child not attached yet */
    const struct sigcontext *sc = &((struct kernel_ucontext *)uctx)->mcontext;
    uint32_t access = 0;
    uint64_t addr = info->u.addr;
    if (sig == SIGSEGV_ || sig == SIGBUS_) {
        /* x86 page-fault error code: bit 1 write, bit 4 instruction fetch;
         * enum tk_access: 1 read, 2 write, 3 execute. */
        access = (sc->err & 0x10) ? 3 : (sc->err & 0x2) ? 2 : 1;
    }
    if (sig == SIGSYS_)
        addr = (uint64_t)(uint32_t)info->u.sys.syscall;
    mb->fault_signal = sig;
    mb->fault_addr = addr;
    mb->fault_pc = sc->rip;
    mb->fault_sp = sc->rsp;
    mb->fault_access = access;
    /* All of them, for the process dump's registers (fault_report.c). */
    const uint64_t *saved = (const uint64_t *)(const void *)&sc->r8;
    for (unsigned i = 0; i < EMU_REG_COUNT; i++)
        mb->fault_regs[i] = saved[i];
    mb->trap = EMU_TRAP_FAULT;
    for (;;) {
        give_turn_to_kernel(mb);
        wait_for_turn(mb);
    }
}

void loader_restorer(void); /* loader_x86_64.S: never reached */

struct kernel_sigaction {
    void *handler;
    uint64_t flags;
    void *restorer;
    uint64_t mask;
};
#define SA_SIGINFO_  0x4u
#define SA_ONSTACK_  0x08000000u
#define SA_RESTORER_ 0x04000000u
#define SA_NODEFER_  0x40000000u

static void on_restart(int sig, struct kernel_siginfo *info, void *uctx);

static void install_fault_handlers(void)
{
    struct {
        uint64_t sp;
        int32_t flags, pad;
        uint64_t size;
    } ss = {(uint64_t)altstack, 0, 0, ALTSTACK_SIZE};
    if (sys3(__NR_sigaltstack, &ss, 0, 0) != 0)
        die(STEP_SIGNALS);
    struct kernel_sigaction sa = {(void *)on_fault, SA_SIGINFO_ | SA_ONSTACK_ | SA_RESTORER_,
                                  (void *)loader_restorer, ~0ull};
    static const int fault_signals[] = {SIGSEGV_, SIGBUS_, SIGILL_, SIGFPE_, SIGTRAP_, SIGSYS_};
    for (size_t i = 0; i < sizeof fault_signals / sizeof fault_signals[0]; i++)
        if (sys6(__NR_rt_sigaction, fault_signals[i], (long)&sa, 0, 8, 0, 0) != 0)
            die(STEP_SIGNALS);
    /* The restart handler leaves by a jump, never by rt_sigreturn: it blocks
     * nothing while it runs (SA_NODEFER, empty mask), so the jump leaves
     * the app's signal mask as it was, empty. */
    struct kernel_sigaction restart = {(void *)on_restart,
                                       SA_SIGINFO_ | SA_ONSTACK_ | SA_RESTORER_ | SA_NODEFER_,
                                       (void *)loader_restorer, 0};
    if (sys6(__NR_rt_sigaction, EMU_RESTART_SIGNAL, (long)&restart, 0, 8, 0, 0) != 0)
        die(STEP_SIGNALS);
}

/* ---- /proc/self/maps: what Linux mapped that the app must lose -------- */

static uint64_t parse_hex(const char **p)
{
    uint64_t v = 0;
    for (;; (*p)++) {
        char c = **p;
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                                            : 16u;
        if (d == 16)
            return v;
        v = v << 4 | d;
    }
}

static int ends_with(const char *line, const char *end, const char *word)
{
    size_t n = 0;
    while (word[n])
        n++;
    if ((size_t)(end - line) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (end[-(long)n + (long)i] != word[i])
            return 0;
    return 1;
}

static void find_linux_mappings(void)
{
    static char buf[16384];
    long fd = sys3(__NR_open, "/proc/self/maps", 0 /* O_RDONLY */, 0);
    if (fd < 0)
        die(STEP_MAPS);
    long len = 0, n;
    while (len < (long)sizeof buf - 1 &&
           (n = sys3(__NR_read, fd, buf + len, sizeof buf - 1 - (size_t)len)) > 0)
        len += n;
    sys3(__NR_close, fd, 0, 0);
    buf[len] = '\n';
    for (const char *line = buf; line < buf + len;) {
        const char *end = line;
        while (*end != '\n')
            end++;
        const char *p = line;
        struct range r;
        r.start = parse_hex(&p);
        p++; /* '-' */
        r.end = parse_hex(&p);
        if (ends_with(line, end, "[stack]"))
            linux_stack = r;
        else if (ends_with(line, end, "[vvar]"))
            vvar = r;
        else if (ends_with(line, end, "[vdso]"))
            vdso = r;
        line = end + 1;
    }
}

/* ---- isolation -------------------------------------------------------- */

/* ---- the app's command line ------------------------------------------ */

/* The memory layout fields PR_SET_MM_MAP must be given (proc(5) stat
 * fields 26-28 and 45-51): read once by the zygote, the same in every
 * child it clones. All zero if they could not be read. */
static struct prctl_mm_map mm_layout;

static uint64_t parse_decimal(const char **p)
{
    uint64_t v = 0;
    for (; **p >= '0' && **p <= '9'; (*p)++)
        v = v * 10 + (uint64_t)(**p - '0');
    return v;
}

static void find_mm_layout(void)
{
    static char buf[1024];
    long fd = sys3(__NR_open, "/proc/self/stat", 0 /* O_RDONLY */, 0);
    if (fd < 0)
        return;
    long len = sys3(__NR_read, fd, buf, sizeof buf - 1);
    sys3(__NR_close, fd, 0, 0);
    if (len <= 0)
        return;
    buf[len] = 0;
    const char *p = buf + len;
    while (p > buf && *p != ')')
        p--; /* the name (field 2) may hold any byte but ends at the last ')' */
    uint64_t field[52] = {0};
    for (unsigned index = 3; index < 52 && *p != 0; index++) {
        while (*p != 0 && *p != ' ')
            p++;
        while (*p == ' ')
            p++;
        field[index] = parse_decimal(&p);
    }
    mm_layout = (struct prctl_mm_map){
        .start_code = field[26],
        .end_code = field[27],
        .start_stack = field[28],
        .start_data = field[45],
        .end_data = field[46],
        .start_brk = field[47],
        .arg_start = field[48],
        .arg_end = field[49],
        .env_start = field[50],
        .env_end = field[51],
        .exe_fd = (uint32_t)-1,
    };
}

/* The app's command line (ps's args column, top -c): its name, from this
 * loader's state page, since the Linux stack that held argv goes (step
 * 3). PR_SET_MM_MAP needs no capability, but /proc reads a command line
 * only from anonymous memory: config sits alone in bss pages. */
static void name_command_line(const struct emu_mailbox *mb)
{
    size_t n = 0;
    while (n < sizeof config.name - 1 && mb->name[n] != 0) {
        config.name[n] = mb->name[n];
        n++;
    }
    config.name[n] = 0;
    if (mm_layout.start_code == 0)
        return;
    struct prctl_mm_map map = mm_layout;
    map.arg_start = (uint64_t)config.name;
    map.arg_end = map.arg_start + n + 1;
    map.brk = (uint64_t)sys3(__NR_brk, 0, 0, 0);
    sys6(__NR_prctl, PR_SET_MM, PR_SET_MM_MAP, (long)&map, sizeof map, 0, 0);
}

static void drop_root(void)
{
    enum { NOBODY = 65534 };
    if (sys3(__NR_geteuid, 0, 0, 0) != 0)
        return; /* an unprivileged emulator: nothing to drop */
    /* An empty root: with every descriptor closed, this process's fdinfo
     * directory has no entry (the trick of Chromium's setuid sandbox), so
     * no path resolves to anything even if a call ever got through. */
    if (sys3(__NR_chroot, "/proc/self/fdinfo", 0, 0) != 0 || sys3(__NR_chdir, "/", 0, 0) != 0)
        die(STEP_UID);
    if (sys3(__NR_setgroups, 0, 0, 0) != 0 || sys3(__NR_setresgid, NOBODY, NOBODY, NOBODY) != 0 ||
        sys3(__NR_setresuid, NOBODY, NOBODY, NOBODY) != 0)
        die(STEP_UID);
    /* Leaving uid 0 clears every capability; a ptrace by the (root)
     * emulator or a debugger still works because the process stays
     * dumpable. */
    sys6(__NR_prctl, PR_SET_DUMPABLE, 1, 0, 0, 0, 0);
}

/* Die with the emulator. A change of uid clears the parent-death signal
 * (prctl(2)), so it is set again here, after drop_root; if the emulator
 * died in between, the parent is already someone else. */
static void die_with_the_emulator(int32_t emulator)
{
    if (sys6(__NR_prctl, PR_SET_PDEATHSIG, 9 /* SIGKILL */, 0, 0, 0, 0) != 0 ||
        sys3(__NR_getppid, 0, 0, 0) != emulator)
        die(STEP_UID);
}

static void set_limits(const struct emu_mailbox *mb)
{
    static const unsigned zero[] = {RLIMIT_NOFILE, RLIMIT_NPROC,   RLIMIT_FSIZE,
                                    RLIMIT_CORE,   RLIMIT_MEMLOCK, RLIMIT_MSGQUEUE};
    struct rlimit none = {0, 0};
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (sys3(__NR_setrlimit, zero[i], &none, 0) != 0)
            die(STEP_LIMITS);
    struct rlimit as = {mb->address_space_limit, mb->address_space_limit};
    if (as.rlim_cur != 0 && sys3(__NR_setrlimit, RLIMIT_AS, &as, 0) != 0)
        die(STEP_LIMITS);
}

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define LOAD_ARG(n, half)                                                                          \
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[n]) + 4 * (half))
#define RETURN(action) BPF_STMT(BPF_RET | BPF_K, (action))
/* Skip `t` instructions if A == k, else `f`. */
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f) BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))

static void install_seccomp(const struct emu_mailbox *mb)
{
    uint64_t turn = (uint64_t)&mb->turn;
    uint32_t turn_low = (uint32_t)turn, turn_high = (uint32_t)(turn >> 32);
    enum { ALLOW = SECCOMP_RET_ALLOW, FAULT = SECCOMP_RET_TRAP };
    /* Jump offsets count the instructions between the jump and its target. */
    struct sock_filter program[] = {
        /* 0 */ LOAD(arch),
        /* 1 */ JEQ(AUDIT_ARCH_X86_64, 1, 0),
        /* 2 */ RETURN(FAULT),
        /* 3 */ LOAD(nr),
        /* 4 */ JGE(0x40000000u, 0, 1), /* the x32 ABI */
        /* 5 */ RETURN(FAULT),
        /* 6 */ JEQ(__NR_futex, 0, 11), /* -> 18 */
        /* 7 */ LOAD_ARG(0, 0),
        /* 8 */ JEQ(turn_low, 0, 8), /* -> 17 */
        /* 9 */ LOAD_ARG(0, 1),
        /* 10 */ JEQ(turn_high, 0, 6), /* -> 17 */
        /* 11 */ LOAD_ARG(1, 0),
        /* 12 */ JEQ(FUTEX_WAKE, 3, 0), /* -> 16 */
        /* 13 */ JEQ(FUTEX_WAIT, 0, 3), /* -> 17 */
        /* 14 */ LOAD_ARG(2, 0),
        /* 15 */ JEQ(EMU_TURN_KERNEL, 0, 1), /* -> 17 */
        /* 16 */ RETURN(ALLOW),
        /* 17 */ RETURN(FAULT),
        /* 18 */ JEQ(__NR_arch_prctl, 0, 3), /* -> 22 */
        /* 19 */ LOAD_ARG(0, 0),
        /* 20 */ JEQ(ARCH_SET_FS, 8, 0), /* -> 29 ALLOW */
        /* 21 */ RETURN(FAULT),
        /* 22 */ JEQ(__NR_set_tid_address, 6, 0), /* -> 29 ALLOW */
        /* 23 */ JEQ(__NR_clock_gettime, 3, 0),   /* -> 27 ENOSYS */
        /* 24 */ JEQ(__NR_clock_getres, 2, 0),
        /* 25 */ JEQ(__NR_gettimeofday, 1, 0),
        /* 26 */ JEQ(__NR_time, 0, 1), /* -> 28 FAULT */
        /* 27 */ RETURN(SECCOMP_RET_ERRNO | (38 /* ENOSYS */ & SECCOMP_RET_DATA)),
        /* 28 */ RETURN(FAULT),
        /* 29 */ RETURN(ALLOW),
    };
    struct sock_fprog prog = {.len = sizeof program / sizeof program[0], .filter = program};
    if (sys6(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0) != 0 ||
        sys3(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
        die(STEP_SECCOMP);
}

static void unmap(const struct range *r)
{
    if (r->end > r->start && sys3(__NR_munmap, r->start, r->end - r->start, 0) != 0)
        die(STEP_UNMAP);
}

void __attribute__((noreturn))
loader_jump(uint64_t pc, const uint64_t arg[4], struct emu_mailbox *mb,
            uint64_t stack_top); /* loader_x86_64.S */

/* Report ATTACH and take the init call: a new child's last steps, and a
 * kept child's whole restart (on_restart). Only what the filter allows. */
static void __attribute__((noreturn)) attach_and_start(void)
{
    struct emu_mailbox *mb = config.mailbox;
    mb->trap = EMU_TRAP_ATTACH;
    give_turn_to_kernel(mb);
    wait_for_turn(mb);
    if (mb->op != EMU_OP_START)
        die(STEP_START); /* SIGSYS: the kernel sees a fault */
    uint64_t arg[4] = {mb->ret[0], mb->ret[1], mb->ret[2], mb->ret[3]};
    loader_jump(mb->pc, arg, mb, (uint64_t)(start_stack + START_STACK_SIZE));
}

/* Runs on start_stack, the spare having unmapped the Linux stack. */
static void __attribute__((noreturn)) loader_finish(void)
{
    install_seccomp(config.mailbox);
    attach_and_start();
}

void loader_switch_stack(void (*fn)(void), uint64_t stack_top); /* loader_x86_64.S */

/* EMU_RESTART_SIGNAL: the kernel kept this child (stopped, its app
 * terminated) and starts an app in it again, as it would a new child: the
 * same regions, the same filter, fresh RAM (the kernel clears it once we
 * have attached, when no app code can run). The app's context is dropped
 * where it was: the init call gets a fresh stack and registers, and the
 * signal frame is never returned to. Sent by anyone else, or at a time the
 * kernel did not ask for one, it is a fault. */
static void on_restart(int sig, struct kernel_siginfo *info, void *uctx)
{
    struct emu_mailbox *mb = config.mailbox;
    if (mb == NULL)
        die(STEP_SIGNALS); /* the zygote, or a spare */
    if (__atomic_load_n(&mb->turn, __ATOMIC_SEQ_CST) != EMU_TURN_RESTART)
        on_fault(sig, info, uctx);
    loader_switch_stack(attach_and_start, (uint64_t)(start_stack + START_STACK_SIZE));
}

static void map_window(int fd, uint64_t start, uint64_t end, uint64_t file_offset)
{
    if (end <= start)
        return;
    long r = sys6(__NR_mmap, (long)start, (long)(end - start), PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_FIXED_NOREPLACE, fd, (long)file_offset);
    if (r != (long)start)
        die(STEP_MAP_WINDOWS);
}

/* The window (emu/process/window.c): the lend arena at file offset 0, then
 * the RAM arena around this app's own RAM. The file starts empty, so every
 * byte of it faults until the kernel shows something. */
static void map_windows(int fd, const struct emu_mailbox *mb)
{
    uint64_t lend_end = mb->lend_arena_start + mb->lend_arena_len;
    uint64_t ram_end = mb->ram_arena_start + mb->ram_arena_len;
    uint64_t mine_end = mb->memory_start + mb->memory_len;
    map_window(fd, mb->lend_arena_start, lend_end, 0);
    uint64_t below = mb->memory_start < ram_end ? mb->memory_start : ram_end;
    map_window(fd, mb->ram_arena_start, below, mb->lend_arena_len);
    uint64_t above = mine_end > mb->ram_arena_start ? mine_end : mb->ram_arena_start;
    map_window(fd, above, ram_end, mb->lend_arena_len + (above - mb->ram_arena_start));
}

/* A spare that has become an app child: its descriptors where it received
 * them, and the zygote's fault handlers and alternate stack. */
static void __attribute__((noreturn)) app_child(const int fds[EMU_CHILD_FD_COUNT])
{
    /* MAP_POPULATE: one system call maps what the app touches first (the
     * mailbox, the RAM up to its first break, its text), where a page
     * fault each costs more than the whole populate on a virtual machine. */
    struct emu_mailbox *mb =
        (struct emu_mailbox *)sys6(__NR_mmap, 0, 4096, PROT_READ | PROT_WRITE,
                                   MAP_SHARED | MAP_POPULATE, fds[EMU_CHILD_FD_MAILBOX], 0);
    if ((unsigned long)mb > -4096ul || mb->magic != EMU_CHANNEL_MAGIC ||
        mb->version != EMU_CHANNEL_VERSION)
        die(STEP_MAILBOX);
    long r = sys6(__NR_mmap, (long)mb->memory_start, (long)mb->memory_len, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_FIXED_NOREPLACE | MAP_POPULATE, fds[EMU_CHILD_FD_RAM], 0);
    if (r != (long)mb->memory_start)
        die(STEP_MAP_RAM);
    uint64_t flash_map_len = (mb->flash_len + 4095) & ~(uint64_t)4095;
    r = sys6(__NR_mmap, (long)mb->flash_start, (long)flash_map_len, PROT_READ | PROT_EXEC,
             MAP_PRIVATE | MAP_FIXED_NOREPLACE | MAP_POPULATE, fds[EMU_CHILD_FD_FLASH],
             (long)mb->flash_file_offset);
    if (r != (long)mb->flash_start)
        die(STEP_MAP_FLASH);
    map_windows(fds[EMU_CHILD_FD_WINDOW], mb);
    if (sys3(__NR_close_range, 0, ~0u, 0) != 0)
        die(STEP_CLOSE);
    /* The app's name in ps and top (a board has no such thing). */
    sys6(__NR_prctl, PR_SET_NAME, (long)mb->name, 0, 0, 0, 0);
    name_command_line(mb);
    set_limits(mb);
    config.mailbox = mb;
    if (sys3(__NR_mprotect, &config, sizeof config, PROT_READ) != 0)
        die(STEP_PROTECT);
    loader_finish();
}

/* ---- the zygote and its spare child ---------------------------------- */

/* The kernel's struct user_msghdr and a control buffer for descriptors
 * (this file has no libc headers). */
struct iov {
    void *base;
    uint64_t len;
};
struct msg {
    void *name;
    int32_t namelen, pad;
    struct iov *iov;
    uint64_t iovlen;
    void *control;
    uint64_t controllen;
    uint32_t flags, pad2;
};
struct fds_cmsg {
    uint64_t len;
    int32_t level, type;
    int32_t fd[EMU_CHILD_FD_COUNT];
    int32_t spare[8]; /* room to notice a sender that sent more */
};
enum { SOL_SOCKET_ = 1, SCM_RIGHTS_ = 1, MSG_CTRUNC_ = 0x8 };
enum { AF_UNIX_ = 1, SOCK_SEQPACKET_ = 5 };
#define CLONE_PARENT_ 0x00008000

/* The emulator: the zygote's parent, and every child's (CLONE_PARENT). */
static int32_t emulator_pid;

static void close_all(const int32_t *fds, int count)
{
    for (int i = 0; i < count; i++)
        sys3(__NR_close, fds[i], 0, 0);
}

/* Receive one struct emu_zygote_request on `sock` with exactly `want`
 * descriptors attached. Returns 1 with them in cmsg->fd, 0 for a request
 * that is not one (whatever came attached is closed), -1 when the emulator
 * has gone (EOF or an error). */
static int receive_request(int sock, struct fds_cmsg *cmsg, int want)
{
    struct emu_zygote_request request;
    struct iov iov = {&request, sizeof request};
    struct msg msg = {0, 0, 0, &iov, 1, cmsg, sizeof *cmsg, 0, 0};
    memset(cmsg, 0, sizeof *cmsg);
    long n;
    while ((n = sys3(__NR_recvmsg, sock, &msg, 0)) == -4 /* EINTR */)
        ;
    if (n <= 0)
        return -1;
    int count = msg.controllen >= 16 && cmsg->level == SOL_SOCKET_ && cmsg->type == SCM_RIGHTS_
                    ? (int)((cmsg->len - 16) / sizeof(int32_t))
                    : 0;
    if (count > EMU_CHILD_FD_COUNT + 8)
        count = EMU_CHILD_FD_COUNT + 8;
    if (n != sizeof request || request.magic != EMU_ZYGOTE_MAGIC ||
        request.version != EMU_CHANNEL_VERSION || count != want || (msg.flags & MSG_CTRUNC_)) {
        close_all(cmsg->fd, count);
        return 0;
    }
    return 1;
}

/* A spare child, just cloned: it does now what no app decides (root
 * dropped, the emulator's death as its own) and waits on its own socket
 * for the one request that makes it an app: the child's descriptors. Until
 * then it is not an app, and a bad request or the emulator's going ends it
 * with nothing mapped. */
static int32_t spare_socket;

/* On start_stack, so the Linux stack can go, and with it what else Linux
 * mapped that an app must not touch (the vDSO and its data page): all of
 * it before the request, since none of it depends on the app. */
static void spare_wait(void)
{
    unmap(&linux_stack);
    unmap(&vvar);
    unmap(&vdso);
    struct fds_cmsg cmsg;
    if (receive_request(spare_socket, &cmsg, EMU_CHILD_FD_COUNT) != 1)
        die(STEP_REQUEST);
    sys3(__NR_close, spare_socket, 0, 0);
    app_child(cmsg.fd);
}

static void __attribute__((noreturn)) spare_child(int sock)
{
    sys3(__NR_close, EMU_ZYGOTE_FD, 0, 0); /* the zygote's requests are not ours */
    sys6(__NR_prctl, PR_SET_NAME, (long)"tockemu-spare", 0, 0, 0, 0);
    drop_root();
    die_with_the_emulator(emulator_pid);
    spare_socket = sock;
    loader_switch_stack(spare_wait, (uint64_t)(start_stack + START_STACK_SIZE));
    die(STEP_START);
}

/* Answer the emulator: the spare's pid, with our end of its socket
 * attached; or -errno and nothing attached. */
static void reply(int32_t pid, int sock)
{
    struct emu_zygote_reply answer = {pid};
    struct iov iov = {&answer, sizeof answer};
    struct {
        uint64_t len;
        int32_t level, type;
        int32_t fd, pad;
    } cmsg = {20, SOL_SOCKET_, SCM_RIGHTS_, sock, 0};
    struct msg msg = {0, 0, 0, &iov, 1, &cmsg, sizeof cmsg, 0, 0};
    if (sock < 0) {
        msg.control = 0;
        msg.controllen = 0;
    }
    sys3(__NR_sendmsg, EMU_ZYGOTE_FD, &msg, 0);
}

/* One request for a spare: clone it (a child of the emulator, not of the
 * zygote: CLONE_PARENT) with one end of a new socket, and answer with its
 * pid and the other end. Returns 0, or -1 when the emulator has gone. */
static int serve_one(void)
{
    struct fds_cmsg cmsg;
    int got = receive_request(EMU_ZYGOTE_FD, &cmsg, 0);
    if (got <= 0) {
        if (got == 0)
            reply(-22 /* EINVAL */, -1);
        return got;
    }
    int32_t pair[2];
    long rc = sys6(__NR_socketpair, AF_UNIX_, SOCK_SEQPACKET_, 0, (long)pair, 0, 0);
    if (rc != 0) {
        reply((int32_t)rc, -1);
        return 0;
    }
    long pid = sys6(__NR_clone, CLONE_PARENT_, 0, 0, 0, 0, 0);
    if (pid == 0) {
        sys3(__NR_close, pair[0], 0, 0);
        spare_child(pair[1]); /* never returns */
    }
    sys3(__NR_close, pair[1], 0, 0);
    reply((int32_t)pid, pid > 0 ? pair[0] : -1);
    sys3(__NR_close, pair[0], 0, 0);
    return 0;
}

/* The loader runs as the zygote: exec'd once by the emulator (zygote.c),
 * with its request socket on EMU_ZYGOTE_FD, stdio closed, its own session
 * and the emulator's death as its own; or, exec'd with a spare's socket on
 * EMU_SPARE_FD instead, as a spare itself. What Linux mapped for it (stack,
 * vDSO) is found once; each child inherits the same layout and unmaps it. */
void loader_main(void)
{
    sys6(__NR_prctl, PR_SET_NAME, (long)"tockemu-zygote", 0, 0, 0, 0);
    /* zygote.c execs us with every signal blocked (its child shared the
     * emulator's memory until then); apps start with none blocked. */
    uint64_t none = 0;
    sys6(__NR_rt_sigprocmask, 2 /* SIG_SETMASK */, (long)&none, 0, sizeof none, 0, 0);
    emulator_pid = (int32_t)sys3(__NR_getppid, 0, 0, 0);
    find_linux_mappings();
    find_mm_layout();
    /* Once, for every child: a clone inherits handlers and the alternate
     * stack, which saves each app start seven system calls. Until a child
     * sets config.mailbox, a fault is the zygote's own and ends it. */
    install_fault_handlers();
    /* Exec'd as a first spare on its own (zygote.c): be that, not a zygote. */
    if (sys3(__NR_fcntl, EMU_SPARE_FD, 1 /* F_GETFD */, 0) >= 0)
        spare_child(EMU_SPARE_FD);
    while (serve_one() == 0)
        ;
    for (;;)
        sys3(__NR_exit_group, 0, 0, 0);
}
