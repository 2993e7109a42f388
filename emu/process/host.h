/* The forked-process transport: tk_process_ops over fork/exec and memfds.
 *
 * One mechanism per file: region.c (memfds mapped at fixed addresses),
 * spawn.c (fork/exec/attach/kill), switch.c (the kernel side of the
 * mailbox, timeslices, death), fault.c (CPU exceptions as Tock faults).
 */
#ifndef EMU_PROCESS_HOST_H
#define EMU_PROCESS_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "emu_err.h"
#include "process.h"

struct emu_mailbox; /* channel.h, private to emu/process */
struct emu_zygote;  /* zygote.c */

/* App flash: one memfd holding every TBF at its flash address, mapped at
 * `base` in the emulator; each child maps only its own TBF's window. */
#define EMU_APP_FLASH_BASE 0x40000000ull
#define EMU_APP_FLASH_SIZE 0x10000000ull /* 256 MiB, sparse */
/* App RAM lies at flash + 0x20000000 (EMU_TBF_RAM_OFFSET, emu/tbf/
 * tbf_write.h), so in [0x60000000, 0x70000000). */
#define EMU_APP_RAM_BASE 0x60000000ull
#define EMU_APP_RAM_END  0x70000000ull
/* Each process's lend area (kernel memory it may be lent, window.c) is as
 * long as its RAM, at the same offset in a second arena below app flash:
 * distinct for every process because RAM ranges are. Both arenas sit below
 * 0x7fff8000, where ASan's shadow begins. */
#define EMU_LEND_BASE   0x30000000ull
#define EMU_LEND_END    0x40000000ull
#define EMU_WINDOWS_MAX 16 /* ranges shown to one process at a time */
/* All of these stay clear of where valgrind loads itself (0x58000000). */

#define EMU_PARKED_HOSTS 8

struct emu_app_flash {
    int fd;                    /* read-write, the emulator's */
    int child_fd;              /* read-only reopen: what children map */
    struct emu_zygote *zygote; /* starts every app child (zygote.c) */
    bool owns_zygote;
    /* emu_app_flash_leave_for_exit: the process exits next, so nothing of
     * these apps is unmapped (exit does it, in one pass). */
    bool leave_mapped;
    uint8_t *base; /* mapped at EMU_APP_FLASH_BASE */
    uint64_t size;
    /* Sharing (emu_app_flash_borrow): the app flash this one borrows, or
     * NULL; and, of an owner, whether one borrows it now and which process
     * made it (a fork's child must not use its parent's); spoiled: an
     * erase failed, it is lent no more. */
    struct emu_app_flash *lender;
    bool lent, spoiled;
    pid_t owner_pid;
    /* An owner's process hosts that borrowers freed, kept for the next
     * borrower's processes at the same RAM (region.c park_host). */
    struct emu_process_host *parked[EMU_PARKED_HOSTS];
    unsigned parked_count;
};

/* Create the app-flash region, erased (0xFF is not needed: unused flash
 * reads as zero, which the TBF scan treats as the end). Returns 0 or -errno
 * with `err` filled. */
int emu_app_flash_init(struct emu_app_flash *af, struct emu_err *err);
void emu_app_flash_fini(struct emu_app_flash *af);
/* Make `af` a loan of `owner` (emu_app_flash_init'ed): the same memory,
 * descriptors and zygote, so that successive machines in one process do
 * not each create, map and unmap 256 MiB of flash. The borrower erases
 * what it wrote (emu_app_flash_erase) before its emu_app_flash_fini gives
 * it back. Returns false, leaving `af` alone, if `owner` is lent already
 * or was inherited through a fork. */
bool emu_app_flash_borrow(struct emu_app_flash *af, struct emu_app_flash *owner);
/* Zero `len` bytes at app-flash `offset`, through the descriptor (no page
 * comes into the emulator's mapping). Returns 0 or -errno. */
int emu_app_flash_erase(struct emu_app_flash *af, uint64_t offset, uint64_t len);

/* The zygote every app child is cloned from (zygote.c): the loader, started
 * once per emulator process. emu_app_flash_init makes one for its app
 * flash; successive machines in one process may share one instead
 * (emu_app_flash_use_zygote), so that only the first starts a process.
 * Returns 0 or -errno (with `err`, where there is one). */
int emu_zygote_new(struct emu_zygote **out);
void emu_zygote_free(struct emu_zygote *z);
/* Start its process now rather than at the first app start, so that it
 * starts while the emulator sets up the rest (idempotent). */
int emu_zygote_start(struct emu_zygote *z, struct emu_err *err);
/* For a run that may start one app only: start that app's child on its
 * own, the loader exec'd straight into a spare, and the zygote only when a
 * second start needs it (or emu_zygote_start). The zygote's exec and its
 * clone of a spare, one after the other, took a first app start a
 * millisecond longer than an exec alone (idempotent). */
int emu_zygote_start_spare(struct emu_zygote *z, struct emu_err *err);
/* Make the next app start quick: start the zygote, unless a spare started
 * on its own waits (idempotent). */
int emu_zygote_prepare(struct emu_zygote *z, struct emu_err *err);
/* From now on, kill children and the zygote without waiting for them: the
 * process is about to exit, and they die with it (parent-death signal). */
void emu_zygote_leave_children(struct emu_zygote *z);
/* Reap every app child killed and not reaped yet (emu_process_host_kill
 * leaves that to the zygote, so that killing does not wait for the exit). */
void emu_zygote_reap_killed(struct emu_zygote *z);
/* The process exits right after these apps are freed: from now on children
 * are killed and not waited for (emu_zygote_leave_children), and app flash
 * and the processes' regions are left mapped. Each munmap is a TLB flush,
 * which on the virtual machines measured cost 20 to 200 us apiece, while
 * the exit that follows unmaps everything at once. */
void emu_app_flash_leave_for_exit(struct emu_app_flash *af);
/* Clone children from `shared` (borrowed: it must outlive `af`). */
void emu_app_flash_use_zygote(struct emu_app_flash *af, struct emu_zygote *shared);

/* Default wait bounds (struct emu_process_host): a stop takes microseconds,
 * and a computing child uses CPU; these only catch a child that something
 * (a debugger's ptrace, the host's own trouble) holds. */
#define EMU_STOP_BOUND_NS  (2ull * 1000000000ull)
#define EMU_STALL_BOUND_NS (10ull * 1000000000ull)

/* Host side of one process. */
struct emu_process_host {
    const struct emu_app_flash *flash;
    char name[64];
    uint64_t flash_start, flash_len;
    uint64_t memory_start, memory_len;
    int ram_fd, mailbox_fd;
    uint64_t ram_size; /* the RAM memfd's size: the MPU (region.c) */
    bool ram_mapped;
    bool stopped; /* preempted with SIGSTOP; SIGCONT before it runs again */
    struct emu_mailbox *mailbox;
    pid_t pid; /* 0: no child */
    /* The last child killed and left to the zygote to reap: it may run on
     * for a moment with the mailbox and RAM mapped, so the next spawn waits
     * for its death before it reuses them. 0: none. */
    pid_t killed_pid;
    /* The child is stopped and kept (emu_process_host_retire) for the next
     * spawn to start the app again in it, if that maps what it maps: the
     * flash range and name it was spawned with. */
    bool kept;
    uint64_t child_flash_start, child_flash_len;
    char child_name[64];
    bool verbose;
    uint64_t attach_timeout_ns;
    /* Bounds on waiting for the child (switch.c): from SIGSTOP to stopped,
     * and for neither using CPU nor trapping. Past either it is killed. */
    uint64_t stop_bound_ns, stall_bound_ns;
    /* Handed to a debugger (emu_process_host_wait_for_debugger): while one
     * traces the child, the bounds above and preemption do not apply. Any
     * other tracer is a child failing its bounds (issue 9). */
    bool debugger_expected;
    /* Windows (window.c): one memfd the child maps over the whole window
     * arena but its own RAM, as long as the highest range shown. */
    int window_fd;
    uint64_t window_size;
    struct emu_window_range {
        uint64_t address, len;
        bool writable;
    } shown[EMU_WINDOWS_MAX];
    unsigned shown_count;
    bool lend_mapped; /* the lend area, in the emulator only */
};

/* Prepare the host side of a process whose TBF already sits in `af` at
 * flash_start: RAM memfd mapped at memory_start (must not overlap any other
 * mapping), empty until the first break is set, and the mailbox. No child
 * yet. Returns 0 or -errno with `err` naming the app and the reason. */
int emu_process_host_new(struct emu_process_host **out, const struct emu_app_flash *af,
                         const char *name, uint64_t flash_start, uint64_t flash_len,
                         uint64_t memory_start, uint64_t memory_len, struct emu_err *err);
/* The MPU: make [memory_start, page_up(app_break)) the child's (and only
 * that), zero-filling what grows. Returns 0 or -errno (nothing changed). */
int emu_process_host_set_break(struct emu_process_host *h, uint64_t app_break);
void emu_process_host_free(struct emu_process_host *h);

/* Windows (window.c; tk_process_ops.window_show says what they promise).
 * Returns 0 or -errno. */
int emu_process_host_window_show(struct emu_process_host *h, uint64_t address, uint64_t len,
                                 bool writable);
int emu_process_host_window_hide(struct emu_process_host *h, uint64_t address, uint64_t len);
/* The lend area's address (its length is memory_len); 0 if it could not be
 * mapped. */
uint64_t emu_process_host_lend_area(const struct emu_process_host *h);

/* Spawn the child with fresh RAM up to `app_break`, and wait for it to
 * attach (spawn.c). */
int emu_process_host_spawn(struct emu_process_host *h, uint64_t app_break, struct emu_err *err);
/* Kill and reap the child if there is one (spawn.c). */
void emu_process_host_kill(struct emu_process_host *h);
/* The app is done with (it exited, faulted or was stopped): stop the child
 * and keep it, so that the next spawn of the same app on this host starts
 * it again in place rather than in a new child; or kill it, if it cannot
 * be restarted (it is in its fault handler, or handed to a debugger)
 * (spawn.c). */
void emu_process_host_retire(struct emu_process_host *h);
/* Whether a debugger (gdb -p) traces the child (debugger.c). */
bool emu_process_host_is_traced(const struct emu_process_host *h);
/* Hand the child to a debugger: from now on, and in the children of later
 * restarts, a tracer on it is expected, and while one traces it the
 * transport neither preempts it nor holds it to the wait bounds (the
 * debugger's user decides when it runs, switch.c). Then wait until one
 * traces it, however long that takes (the wait is on the user, not the
 * app), polling `interrupt_fd` (-1: none). Returns 0 once traced, -ECHILD
 * if there is no child or it died, -EINTR if interrupt_fd became readable
 * (nothing is read from it). */
int emu_process_host_wait_for_debugger(struct emu_process_host *h, int interrupt_fd);
/* Describe a fault in one line: "memory fault: write at 0x60001000 (pc 0x...)". */
void emu_fault_describe(const struct tk_fault *fault, char *out, size_t len);
/* Tock's print_context for this transport (x86-64): the fault's registers
 * in the kernel's two-column layout with x86-64 names, each line starting
 * "\r\n", then the status flags and "\r\n"; registers the fault did not
 * capture print as 0x????????????????. `pc_at` (may be "") follows the pc,
 * `sp_note` (may be "") the stack pointer's "(Process Stack Pointer".
 * Truncates to `len` bytes (1 KiB holds it all). */
void emu_fault_print_registers(const struct tk_fault *fault, const char *pc_at, const char *sp_note,
                               char *out, size_t len);
/* The fault's general registers in DWARF numbering for an unwinder (System V
 * x86-64 psABI: rax, rdx, rcx, rbx, rsi, rdi, rbp, rsp, r8 ... r15): fills
 * `out` and returns EMU_FAULT_DWARF_REGISTERS, or 0 if the fault captured
 * no CPU context. */
#define EMU_FAULT_DWARF_REGISTERS 16
unsigned emu_fault_dwarf_registers(const struct tk_fault *fault,
                                   uint64_t out[EMU_FAULT_DWARF_REGISTERS]);

/* Install the emulator-wide signal handling the transport needs (SIGCHLD
 * interrupts a waiting kernel). Call once from main. Returns 0 or -errno
 * with `err` filled. */
int emu_process_host_signals_init(struct emu_err *err);

/* The ops table for tk_process_config.ops; `host` is a struct
 * emu_process_host *. */
extern const struct tk_process_ops emu_forked_process_ops;

#endif
