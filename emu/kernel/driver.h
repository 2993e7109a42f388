/* The syscall-driver (capsule) interface and the kernel helpers capsules use.
 *
 * Mirrors tock/tock kernel/src/syscall_driver.rs, grant.rs and
 * processbuffer.rs @65608d71 (spec §3, §3.5, §8). A capsule is a vtable plus
 * its own state; the board table gives it a driver number. Capsules reach app
 * memory only through tk_allow_* and queue upcalls only through
 * tk_upcall_schedule; they never keep a raw app pointer past the call that
 * gave it, and name processes across calls by ProcessId.
 */
#ifndef TK_DRIVER_H
#define TK_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "driver_numbers.h"
#include "process.h"
#include "syscall.h"

struct tk_kernel;
struct tk_driver;

/* The vtable; NULL members mean "kernel default" (Tock SyscallDriver). */
struct tk_driver_ops {
    /* Command: default returns Failure(NOSUPPORT). `p` is the caller. */
    struct tk_cmd_return (*command)(struct tk_driver *d, struct tk_process *p, uint32_t command,
                                    uint32_t arg0, uint32_t arg1);
    /* Userspace-readable allow (class 7): default Failure2(NOSUPPORT). The
     * range was validated against app RAM. Return 0 with *prev_addr and *prev_len
     * set for success, or an error code. */
    int (*allow_userspace_readable)(struct tk_driver *d, struct tk_process *p, uint32_t number,
                                    uint64_t addr, uint64_t len, uint64_t *prev_addr,
                                    uint64_t *prev_len);
    /* Called once when a process's grant is allocated, with the zeroed T. */
    void (*grant_init)(struct tk_driver *d, struct tk_process *p, void *grant_data);
    /* Called when a process is terminated or reset (its grant is gone), so
     * the capsule can cancel what it was doing for it. May be NULL. */
    void (*process_gone)(struct tk_driver *d, struct tk_process *p);
    /* Called after a read-write or read-only allow of `p` to `d` succeeded:
     * slot `number` already holds the new buffer and [prev_addr, prev_len)
     * is what it replaced, so a capsule that handed the old buffer on (IPC)
     * can take it back. May be NULL. */
    void (*allow_swapped)(struct tk_driver *d, struct tk_process *p, bool read_only,
                          uint32_t number, uint64_t prev_addr, uint64_t prev_len);
    /* Asked when `p` allows [addr, addr + len) to `d` and the range is not
     * p's own RAM or flash: true lets the allow through (IPC re-sharing of
     * a window p is shown, ipc.c). May be NULL (never). */
    bool (*allow_foreign)(struct tk_driver *d, struct tk_process *p, bool read_only, uint64_t addr,
                          uint64_t len);

    bool has_grant;       /* false: every subscribe/allow fails NOMEM (LED) */
    size_t grant_size;    /* sizeof the capsule's per-process data T */
    uint8_t upcall_count; /* subscribe numbers >= this -> NOSUPPORT */
    uint8_t allow_ro_count;
    uint8_t allow_rw_count;
};

/* One entry of the board's driver table. */
struct tk_driver {
    uint32_t number;
    const struct tk_driver_ops *ops;
    struct tk_kernel *kernel; /* set when the driver is registered */
    unsigned grant_index;     /* index in every process's grant table */
    void *state;              /* the capsule object; free for the capsule's use */
};

/* A validated, allowed buffer. ptr is NULL when len is 0 (spec §10.13). */
struct tk_buffer {
    uint8_t *ptr;
    size_t len;
};

/* Enter `p`'s grant for `d`, allocating it on first use (spec §10.42).
 * Returns the zero-initialised-on-allocation T, or NULL with *err set to
 * TK_NOMEM (no grant or RAM exhausted) or TK_FAIL (process not alive). */
void *tk_grant_enter(struct tk_driver *d, struct tk_process *p, int *err);
/* The grant data if it already exists, else NULL; never allocates. */
void *tk_grant_get(struct tk_driver *d, struct tk_process *p);

/* The buffer in allow slot `number`; {NULL, 0} if none, the process has no
 * grant or the number is out of range. Read the length again every time the
 * capsule needs it: the app may swap the buffer between calls. */
struct tk_buffer tk_allow_ro_get(struct tk_driver *d, struct tk_process *p, unsigned number);
struct tk_buffer tk_allow_rw_get(struct tk_driver *d, struct tk_process *p, unsigned number);

/* Queue upcall `subscribe_num` of `d` on `p` with (a0, a1, a2): a
 * FunctionCall if a function is subscribed, else a null-upcall ReturnValue
 * (spec §2.2). Returns 0, TK_INVAL (number out of range), TK_NODEVICE (not
 * alive or no grant) or TK_NOMEM (queue full; dropped count moved). */
int tk_upcall_schedule(struct tk_driver *d, struct tk_process *p, unsigned subscribe_num,
                       uint32_t a0, uint32_t a1, uint32_t a2);

/* Build into *out the task tk_upcall_schedule would queue, with 64-bit
 * arguments (IPC passes a pointer, spec §8.9), without queueing it. Returns
 * 0, TK_INVAL (number out of range) or TK_NODEVICE (no grant); on failure
 * *out is untouched. */
int tk_upcall_task(struct tk_driver *d, struct tk_process *p, unsigned subscribe_num, uint64_t a0,
                   uint64_t a1, uint64_t a2, struct tk_task *out);

/* Lend `len` bytes at `bytes` to `p` for upcall `subscribe_num` of `d`
 * (emu/kernel/lend.c): copied now into p's lend area, shown to p read-only
 * from the upcall's delivery until p yields again. The upcall gets
 * (address, len, 0). Returns 0, TK_NOSUPPORT (the host has no lend area),
 * TK_SIZE (0 or longer than it), TK_BUSY (a loan is queued or held), or an
 * error of tk_upcall_task or tk_process_enqueue; on failure nothing is
 * queued. */
int tk_lend_upcall(struct tk_driver *d, struct tk_process *p, unsigned subscribe_num,
                   const void *bytes, size_t len);

/* Empty every read-only and read-write allow slot of `p`, in any driver,
 * whose buffer overlaps [address, address + len), telling each driver
 * through allow_swapped: the memory is no longer p's to give (a loan
 * returned, a window hidden). */
void tk_allow_revoke_range(struct tk_process *p, uint64_t address, uint64_t len);

/* Look processes up: by slot (NULL if empty) and by ProcessId (NULL if that
 * process no longer exists, e.g. it was restarted). */
struct tk_process *tk_kernel_process_at(struct tk_kernel *k, unsigned slot);
struct tk_process *tk_kernel_process_by_id(struct tk_kernel *k, uint32_t id);
unsigned tk_kernel_process_slots(const struct tk_kernel *k);

/* Iterate the processes that hold a grant of `d`, in slot order (Tock
 * Grant::iter), for a registered driver. Start with *slot = 0; each call
 * returns the next such process with its grant data in *data, or NULL at the
 * end. Processes whose grant is gone (terminated, restarted) are skipped. */
static inline struct tk_process *tk_grant_next(struct tk_driver *d, unsigned *slot, void **data)
{
    while (*slot < tk_kernel_process_slots(d->kernel)) {
        struct tk_process *p = tk_kernel_process_at(d->kernel, (*slot)++);
        void *grant = p != NULL ? tk_grant_get(d, p) : NULL;
        if (grant != NULL) {
            *data = grant;
            return p;
        }
    }
    return NULL;
}

/* The process with ProcessId `id` into *p (NULL if it no longer exists) and
 * its grant of `d`, or NULL if either is gone (Grant::enter by ProcessId). */
static inline void *tk_grant_get_by_id(struct tk_driver *d, uint32_t id, struct tk_process **p)
{
    *p = tk_kernel_process_by_id(d->kernel, id);
    return *p != NULL ? tk_grant_get(d, *p) : NULL;
}

/* Grant::enter by ProcessId, as capsules' done callbacks use it: the
 * process `id` into *p (NULL if gone) and its grant of `d`, allocated on
 * first use like tk_grant_enter; NULL if the process is gone or the grant
 * cannot be allocated. */
static inline void *tk_grant_enter_by_id(struct tk_driver *d, uint32_t id, struct tk_process **p)
{
    int err = 0;
    *p = tk_kernel_process_by_id(d->kernel, id);
    return *p != NULL ? tk_grant_enter(d, *p, &err) : NULL;
}

/* For capsules that serve one process at a time (hmac.rs, aes.rs): is the
 * engine, the process `owner_id`'s if `has_owner`, the caller `p`'s? With
 * no owner the answer is `or_free` (match_or_empty vs. app_match); an owner
 * whose grant is gone (it exited or restarted) counts as a match. */
static inline bool tk_owner_is(struct tk_driver *d, bool has_owner, uint32_t owner_id,
                               const struct tk_process *p, bool or_free)
{
    struct tk_process *owner;
    if (!has_owner)
        return or_free;
    if (tk_grant_get_by_id(d, owner_id, &owner) == NULL)
        return true;
    return owner_id == p->id;
}

/* check_queue of the same capsules: while the engine has no owner, the next
 * process (in grant order) whose grant has its pending flag set (a bool at
 * `pending_offset` in the grant) becomes the owner, its flag cleared, and
 * `start(ctx)` runs its request; a start that fails (non-zero) leaves the
 * engine to the next. */
static inline void tk_owner_start_next(struct tk_driver *d, size_t pending_offset, bool *has_owner,
                                       uint32_t *owner_id, int (*start)(void *ctx), void *ctx)
{
    unsigned slot = 0;
    struct tk_process *p;
    void *grant;
    while (!*has_owner && (p = tk_grant_next(d, &slot, &grant)) != NULL) {
        bool *pending = (bool *)((char *)grant + pending_offset);
        if (!*pending)
            continue;
        *pending = false;
        *has_owner = true;
        *owner_id = p->id;
        if (start(ctx) == 0)
            return;
    }
}

/* The smaller of two lengths (Rust cmp::min on usize). */
static inline size_t tk_min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

#endif
