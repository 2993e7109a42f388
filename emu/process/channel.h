/* The syscall channel: one shared mailbox page per process.
 *
 * Shared by emu/process/ (the kernel side) and libtock-host/ (the app side);
 * nothing else may include it. The app and the emulator never run at the same
 * time: `turn` says whose it is, and the side that is waiting spins briefly,
 * then sleeps on it as a futex.
 *
 *   app                                   emulator
 *   fill class/arg, turn = KERNEL  --->   sees KERNEL: dispatch
 *   wait for turn == APP           <---   fill op/ret or upcall, turn = APP
 *
 * Everything is little-endian host order and fixed width, pointers 64-bit.
 */
#ifndef EMU_CHANNEL_H
#define EMU_CHANNEL_H

#include <stdbool.h>
#include <stdint.h>

#define EMU_CHANNEL_MAGIC   0x544f434bu /* "TOCK" */
#define EMU_CHANNEL_VERSION 7u

/* The descriptors of a new app child, in the order the emulator sends them
 * to a spare child of the loader's zygote (emu/process/loader.c). The child
 * maps them where it received them and closes all of them before any app
 * code runs. */
enum emu_child_fd {
    EMU_CHILD_FD_MAILBOX = 0,
    EMU_CHILD_FD_RAM = 1,
    EMU_CHILD_FD_FLASH = 2,  /* read-only: the app's flash can never be written */
    EMU_CHILD_FD_WINDOW = 3, /* what the kernel shows it of others (window.c) */
    EMU_CHILD_FD_COUNT = 4,
};

/* The zygote (loader.c, zygote.c): the loader, started once, clones a spare
 * app child on request. It reads requests on this descriptor, a
 * SOCK_SEQPACKET socket: a struct emu_zygote_request with nothing attached,
 * answered by a struct emu_zygote_reply with the emulator's end of the
 * spare's own socket attached (SCM_RIGHTS). On that socket the spare takes
 * one struct emu_zygote_request with the child's EMU_CHILD_FD_COUNT
 * descriptors attached, and becomes the app. */
#define EMU_ZYGOTE_FD    9
#define EMU_ZYGOTE_MAGIC 0x5a594745u /* "ZYGE" */
/* The loader exec'd as a first spare on its own (zygote.c,
 * emu_zygote_start_spare) finds the spare's socket here instead. */
#define EMU_SPARE_FD 8
struct emu_zygote_request {
    uint32_t magic, version; /* EMU_ZYGOTE_MAGIC, EMU_CHANNEL_VERSION */
};
struct emu_zygote_reply {
    int32_t pid; /* the spare, a child of the emulator; or -errno */
};

/* EMU_TURN_RESTART: the kernel asks a child it kept to start again in
 * place (spawn.c): neither side's turn, so an app waiting for its own spins
 * on, until the restart signal (EMU_RESTART_SIGNAL) takes the child into
 * the loader, which hands the turn to the kernel as a new child would. */
enum emu_turn { EMU_TURN_APP = 0, EMU_TURN_KERNEL = 1, EMU_TURN_RESTART = 2 };
#define EMU_RESTART_SIGNAL 10 /* SIGUSR1 */

/* What the app reports when it hands the turn to the kernel. */
enum emu_trap {
    EMU_TRAP_ATTACH = 1,  /* the loader is done; waiting for the init call */
    EMU_TRAP_SYSCALL = 2, /* class + arg[] hold a system call */
    EMU_TRAP_FAULT = 4,   /* fault_* hold a CPU exception (from the loader's handler) */
    EMU_TRAP_ABORT = 5,   /* the app's runtime gave up: abort(), a failed assert,
                             or a start-up error; `message` says which */
};

/* What the kernel asks of the app when it hands the turn back. Preemption
 * needs no op: the kernel stops the child with SIGSTOP and continues it
 * with SIGCONT, which no app code can block or see. */
enum emu_op {
    EMU_OP_START = 1,  /* init call: pc(arg0..arg3), arg4 = this mailbox */
    EMU_OP_RETURN = 2, /* syscall returns: ret[i] valid where `written` bit i set */
    EMU_OP_UPCALL = 3, /* call pc(arg0..arg3), then return from the yield */
};

#define EMU_CHANNEL_MESSAGE_LEN 120

/* The general registers a fault reports, in the order of Linux's x86-64
 * struct sigcontext (asm/sigcontext.h), so that the loader's handler copies
 * them as the kernel pushed them. */
enum emu_register {
    EMU_REG_R8,
    EMU_REG_R9,
    EMU_REG_R10,
    EMU_REG_R11,
    EMU_REG_R12,
    EMU_REG_R13,
    EMU_REG_R14,
    EMU_REG_R15,
    EMU_REG_RDI,
    EMU_REG_RSI,
    EMU_REG_RBP,
    EMU_REG_RBX,
    EMU_REG_RDX,
    EMU_REG_RAX,
    EMU_REG_RCX,
    EMU_REG_RSP,
    EMU_REG_RIP,
    EMU_REG_RFLAGS,
    EMU_REG_COUNT
};

/* Everything in this page is writable by the app: the kernel side copies
 * what it reads once and validates it before use. */
struct emu_mailbox {
    uint32_t magic, version;
    uint32_t turn;           /* futex word: enum emu_turn */
    uint32_t kernel_waiting; /* futex word hint: 1 while the kernel sleeps */
    uint32_t app_waiting;    /* 1 while the app sleeps */

    /* app -> kernel */
    uint32_t trap;
    uint32_t class_id;
    uint64_t arg[4];
    int32_t fault_signal;
    uint32_t fault_access;                   /* enum tk_access */
    uint64_t fault_addr, fault_pc, fault_sp; /* fault_sp: also at every syscall */
    uint64_t fault_regs[EMU_REG_COUNT];      /* FAULT: the context the signal saved */
    char message[EMU_CHANNEL_MESSAGE_LEN];   /* ABORT: NUL-terminated, untrusted */

    /* kernel -> app */
    uint32_t op;
    uint32_t written;
    uint64_t ret[4];
    uint64_t pc;

    /* Set by the kernel before the child runs, read by the loader. */
    uint64_t memory_start, memory_len, flash_start, flash_len;
    uint64_t flash_file_offset;   /* where the flash region starts in the flash fd */
    uint64_t address_space_limit; /* RLIMIT_AS for the child, bytes */
    /* The window arenas (window.c): the window fd maps the lend arena at
     * file offset 0 and the RAM arena, but for its own RAM, after it. */
    uint64_t lend_arena_start, lend_arena_len, ram_arena_start, ram_arena_len;
    uint64_t reserved;
    char name[64]; /* the app's name: argv[0] and the process name */
};

/* The loader (emu/process/loader.c) has no libc: it defines
 * EMU_CHANNEL_LAYOUT_ONLY and takes the layout above, not the waits below. */
#ifndef EMU_CHANNEL_LAYOUT_ONLY
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* How long a waiting side spins before it sleeps on the futex. A syscall
 * round trip on an idle core takes well under a microsecond; sleeping costs
 * a futex wake on each side (several microseconds), so spin first, but
 * bounded in time rather than in iterations (`pause` takes from 10 to 140
 * cycles depending on the CPU), so that on a busy host a side waiting for a
 * partner that is not even scheduled soon gives its core back. The emulator
 * measures the spin in ns of the monotonic clock; the app side has no clock
 * (its seccomp filter refuses them and the vDSO is gone), so it defines
 * EMU_CHANNEL_CLOCK to the CPU's time-stamp counter, in cycles. */
#define EMU_CHANNEL_SPINS     20000u /* upper bound on iterations */
#define EMU__SPIN_CLOCK_EVERY 64u    /* iterations between clock reads */

/* The monotonic clock in ns, for everything on the host side that times. */
static inline uint64_t emu_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts); /* vDSO: not a system call */
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#ifndef EMU_CHANNEL_CLOCK
#define EMU_CHANNEL_CLOCK       emu_monotonic_ns
#define EMU_CHANNEL_SPIN_BUDGET 50000u /* 50 us */
#endif

/* futex(2) returning 0 or -errno. The app side and the loader define
 * EMU_CHANNEL_FUTEX to their own raw-syscall stub before including this
 * header: they have no libc syscall(). The seccomp filter allows futex only
 * on `turn`, and FUTEX_WAIT only for the value EMU_TURN_KERNEL, so an app
 * can sleep only once it has handed the turn to the kernel. */
/* futex(2) operations (linux/futex.h, which the app side's C library does
 * not ship). */
#ifndef FUTEX_WAIT
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#endif

#ifndef EMU_CHANNEL_FUTEX
static inline long emu__futex(uint32_t *addr, int op, uint32_t val, const struct timespec *timeout)
{
    return syscall(SYS_futex, addr, op, val, timeout, NULL, 0) == -1 ? -errno : 0;
}
#define EMU_CHANNEL_FUTEX emu__futex
#endif

static inline void emu__cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Give the turn to the other side and wake it if it sleeps. `other_waiting`
 * is the other side's sleeping flag. Dekker-style: the store to `turn` and
 * the load of the flag are both sequentially consistent, and the sleeper
 * sets its flag before re-checking `turn` inside FUTEX_WAIT. */
static inline void emu_channel_give(struct emu_mailbox *mb, uint32_t to, uint32_t *other_waiting)
{
    __atomic_store_n(&mb->turn, to, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(other_waiting, __ATOMIC_SEQ_CST))
        EMU_CHANNEL_FUTEX(&mb->turn, FUTEX_WAKE, 1, NULL);
}

/* Spin until it is `mine`'s turn: at most `spins` iterations and
 * EMU_CHANNEL_SPIN_BUDGET. Returns true if the turn is ours. */
static inline bool emu_channel_spin(struct emu_mailbox *mb, uint32_t mine, unsigned spins)
{
    uint64_t spin_until = 0;
    for (unsigned i = 0; i < spins; i++) {
        if (__atomic_load_n(&mb->turn, __ATOMIC_ACQUIRE) == mine)
            return true;
        emu__cpu_relax();
        if (i % EMU__SPIN_CLOCK_EVERY == EMU__SPIN_CLOCK_EVERY - 1) {
            uint64_t now = EMU_CHANNEL_CLOCK();
            if (spin_until == 0)
                spin_until = now + EMU_CHANNEL_SPIN_BUDGET;
            else if (now >= spin_until)
                break;
        }
    }
    return false;
}

/* Wait until it is `mine`'s turn: spin (emu_channel_spin), then sleep on
 * the futex, at most `timeout` (NULL = no limit). Returns 0 when the turn is
 * ours, -ETIMEDOUT or -EINTR otherwise. Async-signal-safe. */
static inline int emu_channel_wait(struct emu_mailbox *mb, uint32_t mine, uint32_t *my_waiting,
                                   unsigned spins, const struct timespec *timeout)
{
    if (emu_channel_spin(mb, mine, spins))
        return 0;
    __atomic_store_n(my_waiting, 1, __ATOMIC_SEQ_CST);
    int rc = 0;
    while (__atomic_load_n(&mb->turn, __ATOMIC_SEQ_CST) != mine) {
        long r = EMU_CHANNEL_FUTEX(&mb->turn, FUTEX_WAIT, mine ^ 1u, timeout);
        if (r == -ETIMEDOUT || r == -EINTR) {
            rc = (int)r;
            break;
        }
    }
    __atomic_store_n(my_waiting, 0, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&mb->turn, __ATOMIC_ACQUIRE) == mine)
        return 0;
    return rc;
}

#endif /* EMU_CHANNEL_LAYOUT_ONLY */

#endif
