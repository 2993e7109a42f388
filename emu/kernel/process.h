/* A Tock process as the kernel sees it, and the host interface that runs it.
 *
 * Mirrors tock/tock kernel/src/process.rs and process_standard.rs @65608d71
 * (spec §2, §5). The kernel core never forks or maps anything: it reaches the
 * running code only through `struct tk_process_ops`, implemented by
 * emu/process/ (forked children) or by an in-process transport.
 *
 * Process RAM, as laid out by the kernel (spec §5.6):
 *
 *   memory_start + memory_len -+- kernel-owned top (grant table, queue, PCB)
 *   kernel_break --------------+- grants, accounted downward (their bytes
 *                              |  live in emulator memory, grant.c)
 *                              |  (unused)
 *   app_break -----------------+- stack, .data/.bss, heap (grows via brk)
 *   memory_start --------------+
 *
 * Process RAM and flash are mapped at the same addresses in the emulator and
 * in the app, so an address passed in a syscall is dereferenced in place.
 */
#ifndef TK_PROCESS_H
#define TK_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syscall.h"

struct tk_kernel;
struct tk_process;
struct tk_permissions; /* emu/kernel/tbf.h */

#define TK_TASK_QUEUE_LEN 10 /* ProcessStandard::CALLBACK_LEN (spec §2.1) */

enum tk_state {
    TK_STATE_RUNNING,
    TK_STATE_YIELDED,
    TK_STATE_YIELDED_FOR,
    TK_STATE_STOPPED, /* `stopped_from` says which of the three above */
    TK_STATE_FAULTED,
    TK_STATE_TERMINATED,
};

struct tk_upcall_id {
    uint32_t driver;
    uint32_t subscribe;
};

enum tk_task_kind {
    TK_TASK_FUNCTION_CALL, /* run pc(arg0..arg3) */
    TK_TASK_RETURN_VALUE,  /* null-upcall event: satisfies Yield-WaitFor only */
    TK_TASK_IPC,           /* IPC notification, converted at delivery (§8.9) */
};

struct tk_task {
    enum tk_task_kind kind;
    bool from_kernel;  /* the init call; never matches an upcall id */
    bool ipc_service;  /* true: IPC(from, Service); false: Client */
    bool lends;        /* delivering it lends [arg0, +arg1) (lend.c) */
    uint32_t ipc_from; /* slot index of the notifying process */
    struct tk_upcall_id id;
    uint32_t seq; /* set by tk_process_enqueue: enqueued tasks counted (mod 2^32),
                     so a trace can join a delivery to its enqueue; packed here
                     to keep the task (and the queue in grant memory) 64 bytes */
    uint64_t pc;
    uint64_t arg[4];
};

/* Completion code: Option<Option<u32>> in the kernel (spec §5.4). */
enum tk_completion { TK_COMPLETION_NONE, TK_COMPLETION_FAULTED, TK_COMPLETION_CODE };

/* How the process's code is to continue when it next runs. */
enum tk_resume_kind {
    TK_RESUME_START,    /* first run of a fresh child: the init call (spec §1.8) */
    TK_RESUME_RETURN,   /* return from the syscall with `ret` */
    TK_RESUME_UPCALL,   /* call pc(arg0..arg3) inside the pending yield */
    TK_RESUME_CONTINUE, /* resume after preemption: the code goes on where it was */
};

struct tk_resume {
    enum tk_resume_kind kind;
    struct tk_syscall_return ret; /* RETURN */
    uint64_t pc;                  /* START/UPCALL */
    uint64_t arg[4];              /* START/UPCALL */
};

enum tk_fault_kind {
    TK_FAULT_NONE,
    TK_FAULT_BAD_SYSCALL,   /* undecodable class or yield number (spec §1.2) */
    TK_FAULT_MEMORY,        /* access outside what the MPU allows */
    TK_FAULT_ILLEGAL,       /* illegal instruction */
    TK_FAULT_ARITHMETIC,    /* divide by zero and friends */
    TK_FAULT_HOST_SYSCALL,  /* a direct Linux system call from app code */
    TK_FAULT_DIED,          /* the code ended without the Exit syscall */
    TK_FAULT_KERNEL_FORCED, /* console `fault`, ProcessInfo, hardfault_all */
    TK_FAULT_BREAKPOINT,    /* a breakpoint trap (int3) */
    TK_FAULT_ABORT,         /* the app's runtime gave up (abort(), assert, start-up) */
    TK_FAULT_UNRESPONSIVE,  /* did not stop for preemption, or stalled: killed */
    TK_FAULT_PROTOCOL,      /* wrote garbage into its mailbox; address = the trap word */
    TK_FAULT_OTHER,
};

enum tk_access { TK_ACCESS_UNKNOWN, TK_ACCESS_READ, TK_ACCESS_WRITE, TK_ACCESS_EXECUTE };

/* Room for one architecture's general registers (18 on x86-64). */
#define TK_FAULT_REGISTERS_MAX 18

struct tk_fault {
    enum tk_fault_kind kind;
    enum tk_access access;
    uint64_t address;       /* faulting data address, 0 if none */
    uint64_t pc;            /* instruction address, 0 if unknown */
    uint64_t stack_pointer; /* at the fault, 0 if unknown */
    int signal;             /* host signal number that reported it, 0 if none */
    int status;             /* wait status or exit code for TK_FAULT_DIED */
    char message[96];       /* TK_FAULT_ABORT: what the runtime said, printable */
    /* The CPU's general registers when it hit, as Tock's stored state: the
     * kernel only carries them, the transport names and prints them
     * (emu/process/fault.c, x86-64). 0 registers: no CPU context (the app
     * died, was killed, or the kernel forced the fault). */
    unsigned register_count;
    uint64_t registers[TK_FAULT_REGISTERS_MAX];
};

enum tk_trap_kind {
    TK_TRAP_SYSCALL,   /* `syscall` holds the call */
    TK_TRAP_TIMESLICE, /* the timeslice ran out while the code was computing */
    TK_TRAP_FAULT,     /* `fault` says why; the code is gone or frozen */
};

struct tk_trap {
    enum tk_trap_kind kind;
    struct tk_syscall syscall;
    struct tk_fault fault;
    uint64_t ran_ns; /* time the code ran for, as measured by the host */
};

/* The host mechanics of one process (emu/process/ or an in-process fake).
 * Every hook is called by the kernel loop on the kernel's thread. */
struct tk_process_ops {
    /* Create the execution context of `p` (fork/exec the child and wait for
     * it to attach). Called when the process is created and after every
     * reset. Returns 0, or -errno with `p` left without a context. */
    int (*start)(struct tk_process *p);
    /* Hand the CPU to `p`: apply `resume`, then wait until the code traps
     * back (a syscall, the end of `timeslice_ns` of host time, or a fault).
     * On return the code is frozen and `trap` says why. */
    void (*switch_to)(struct tk_process *p, const struct tk_resume *resume, uint64_t timeslice_ns,
                      struct tk_trap *trap);
    /* The MPU (Tock's mpu.update_app_memory_region): make exactly
     * [memory_start, app_break) the code's, rounded as the host must. Called
     * by brk/sbrk before the kernel zero-fills what grows, and after start.
     * Returns 0, or -errno with the old boundary kept. NULL: no MPU. */
    int (*set_break)(struct tk_process *p, uint64_t app_break);
    /* Non-zero: set_break hands over fresh zeroed memory past the old break
     * rounded up to this many bytes, so brk zero-fills only below that (the
     * forked transport's RAM grows by whole zero pages: 4096). */
    uint64_t zeroed_growth_granule;
    /* Destroy the execution context: no app code runs in it again (the
     * forked transport kills the child, or stops it and may start a later
     * app in it afresh). Idempotent. */
    void (*stop)(struct tk_process *p);
    /* Windows: let `p` see the kernel's bytes at [address, address + len)
     * at the same address, read-only or writable, until window_hide (or its
     * next start). The range lies outside p's own RAM: another process's RAM
     * below its break (IPC sharing) or a lend area (lend_area). The host
     * keeps both views equal while p runs: p reads what the owner last
     * wrote, and the owner sees p's writes before it runs again. Returns 0,
     * -EINVAL (empty, overflowing, inside p's RAM), -ERANGE (outside what
     * the host can show), -ENOSPC (too many windows). NULL: no windows. */
    int (*window_show)(struct tk_process *p, uint64_t address, uint64_t len, bool writable);
    /* Take the window at exactly [address, address + len) away: p's copy is
     * discarded and its accesses there fault again. -ENOENT: no such window. */
    int (*window_hide)(struct tk_process *p, uint64_t address, uint64_t len);
    /* Memory the kernel may lend to `p` for a while (a capsule copies what it
     * lends there and shows it with window_show): the address, mapped in the
     * kernel and distinct for every process, with its size in *len; 0 when
     * the host has none. */
    uint64_t (*lend_area)(struct tk_process *p, uint64_t *len);
    /* Free the host state for good (process removed from the kernel). */
    void (*destroy)(struct tk_process *p);
};

/* Writeable flash regions a process may have. Deviation: the kernel has no
 * limit (memop 7 is the TLV length / 8); a TBF with more is refused at
 * creation (TK_INVAL), never cut short. */
#define TK_MAX_FLASH_REGIONS 32

#define TK_MAX_GRANTS 64 /* driver slots in a process's grant table */

/* Storage permissions a process has, from AppID (spec §7.6). */
struct tk_storage_permissions {
    bool valid;        /* false: null permissions, everything denied */
    uint32_t write_id; /* id stored with records it writes; 0 = may not write */
    uint32_t read_ids[8];
    unsigned read_count;
    uint32_t modify_ids[8];
    unsigned modify_count;
    bool read_modify_self; /* may read/modify records with its own write_id */
};

/* One writeable flash region of the TBF (spec §6.3 type 2). */
struct tk_flash_region {
    uint32_t offset; /* from the TBF start */
    uint32_t size;
};

struct tk_process {
    struct tk_kernel *kernel;
    unsigned slot;     /* index in the process table; stable across restarts */
    uint32_t id;       /* ProcessId: fresh at creation and at every reset */
    char name[64];     /* package name, NUL-terminated (empty if none) */
    uint32_t short_id; /* 0 = LocallyUnique */

    enum tk_state state;
    enum tk_state stopped_from;      /* valid when state == STOPPED */
    struct tk_upcall_id waiting_for; /* valid in YIELDED_FOR (or stopped from it) */
    bool wait_for_ready;             /* is_yield_wait_for_ready (spec §2.4) */
    struct tk_resume pending;        /* how the code continues when Running */

    /* Memory (addresses in the shared address space). */
    uint64_t memory_start, memory_len;
    uint64_t app_break, kernel_break, allow_high_water_mark;
    uint64_t flash_start, flash_len, flash_protected_size;
    uint64_t init_pc;       /* entry: TBF start + header_size + init_fn_offset */
    uint64_t initial_break; /* app break after reset */
    struct tk_flash_region flash_regions[TK_MAX_FLASH_REGIONS];
    unsigned flash_region_count;
    uint64_t stack_start_hint, heap_start_hint; /* memop 10/11; 0 = unset */
    uint64_t lowest_stack_pointer;              /* 0 = unknown */

    /* Task queue: FIFO ring of TK_TASK_QUEUE_LEN. */
    struct tk_task tasks[TK_TASK_QUEUE_LEN];
    unsigned task_head, task_count;

    /* Debug counters (cleared at reset, spec §5.1). */
    uint32_t syscall_count, dropped_upcall_count, timeslice_expirations, restart_count;
    bool has_last_syscall;
    struct tk_syscall last_syscall;

    enum tk_completion completion;
    uint32_t completion_code;
    struct tk_fault last_fault;

    /* Grant table, by the driver's grant_index (spec §3.5): where the
     * spec's layout puts each grant in process RAM (0 = not allocated), and
     * the kernel-private words that hold it (NULL = not allocated). The app
     * can never reach grant_storage: see emu/kernel/grant.c. */
    uint64_t grants[TK_MAX_GRANTS];
    uint64_t *grant_storage[TK_MAX_GRANTS];

    struct tk_storage_permissions storage;

    /* Syscall filter from the TBF Permissions TLV (spec §1.7); NULL = none. */
    const struct tk_permissions *permissions;

    const struct tk_process_ops *ops;
    void *host; /* owned by `ops` */
    /* Host context bookkeeping, kernel-private: the context exists (started
     * and not yet stopped), and a reset asked for a fresh context. The loop
     * acts on both between processes, never inside a callback. */
    bool host_active;
    bool host_restart_pending;
    /* Kernel memory lent for one upcall (lend.c), kernel-private: the
     * range the app sees now; lent_len 0: none. */
    uint64_t lent_address, lent_len;
    void *tbf; /* loader's data for this process (struct tk_tbf_header *) */
    /* Restart backoff (process.c hold_fault_restart), kernel-private: the
     * time the last fault restart let the process run from (valid once
     * fault_restarted), the fault restarts in a row that came before any
     * virtual time went by, and the time before which the process is not
     * ready (0: not held). */
    bool fault_restarted;
    uint64_t fault_restart_release_ns;
    unsigned frozen_fault_restarts;
    uint64_t held_until_ns;
};

/* Readable state names as the process console prints them (spec §9.2);
 * writes at most `len` bytes including the NUL. */
void tk_process_state_string(const struct tk_process *p, char *out, size_t len);

/* True for Running, Yielded, YieldedFor and Stopped (spec §2.2 "alive"). */
bool tk_process_is_alive(const struct tk_process *p);

/* Memory predicates (ProcessStandard::in_app_owned_memory,
 * in_app_flash_memory). A range of length 0 is never "in" memory here; the
 * callers deal with zero-length allows first. */
bool tk_process_in_app_ram(const struct tk_process *p, uint64_t addr, uint64_t len);
bool tk_process_in_app_flash(const struct tk_process *p, uint64_t addr, uint64_t len);

/* Bytes at the top of a process's RAM the kernel keeps for itself (grant
 * pointers, the upcall queue: ProcessStandard::create's
 * initial_kernel_memory_size), allocated on top of the minimum RAM the TBF
 * asks for, as the kernel does. */
uint64_t tk_process_kernel_memory_size(void);

/* Queue a task on `p`. Returns 0, TK_NODEVICE if the process is not alive or
 * TK_NOMEM if the queue is full; on failure nothing was queued and the
 * dropped-upcall counter moved (spec §2.2). */
int tk_process_enqueue(struct tk_process *p, const struct tk_task *task);
/* Remove the head of the queue into *out; false if the queue is empty. */
bool tk_process_dequeue(struct tk_process *p, struct tk_task *out);

/* Lifecycle (spec §5.1). All are safe to call from a capsule command on any
 * process, including the caller. try_restart returns 0, or TK_FAIL for a
 * Terminated process (nothing changed); start returns 0, or TK_FAIL unless
 * the process was Terminated. Host contexts are stopped and restarted later
 * by the kernel loop, between processes. */
void tk_process_stop(struct tk_process *p);
void tk_process_resume(struct tk_process *p);
void tk_process_terminate(struct tk_process *p, enum tk_completion kind, uint32_t code);
int tk_process_try_restart(struct tk_process *p, enum tk_completion kind, uint32_t code);
int tk_process_start(struct tk_process *p); /* only from Terminated */
void tk_process_set_fault(struct tk_process *p, const struct tk_fault *fault);
/* The transport saw the app's stack pointer at `sp` (a preemption or a
 * fault): keep the lowest seen, for the process printer's stack depth. 0
 * means unknown and is ignored. Reset when the process restarts. */
void tk_process_note_stack_pointer(struct tk_process *p, uint64_t sp);
/* A syscall of `p` was answered outside the kernel (the harness's
 * overrides): count it as the dispatcher counts its own. */
void tk_process_count_syscall(struct tk_process *p);

#endif
