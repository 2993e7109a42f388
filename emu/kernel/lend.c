/* Kernel-lent buffers: kernel memory an app sees for the span of one upcall.
 *
 * No upstream counterpart @65608d71: this is the experiment issue 12 asks
 * for (tock/tock PR 2875 ZeroCopyBuffer, issue 2994, RFC 4370). A capsule
 * copies bytes into the process's lend area (tk_process_ops.lend_area) and
 * queues an upcall that carries (address, len, 0); the kernel shows the
 * lend area to the app, read-only, when it delivers that upcall, and takes
 * it away when the app yields back, exits, restarts or faults:
 *
 *   queued --delivered (upcall runs, or Yield-WaitFor returns)--> lent
 *   lent   --next Yield syscall of the app ("yields back")-------> returned
 *   lent   --exit, restart, fault---------------------------------> returned
 *   lent   --lend_limit_ns of virtual time without yielding-------> faulted
 *
 * Policies (struct tk_kernel_config, set per board option):
 * - lend_onward: may the app allow the lent range onward to a driver while
 *   it holds it (read-only allows only: lent memory is read-only)?
 *   DENY (Tock today: not app memory, INVAL), REVOKE (yes; at the return
 *   the kernel empties every allow slot that points into it, so the driver
 *   sees no buffer), KEEP (yes; the slot stays, so the driver goes on
 *   reading kernel memory: what the app left, and then whatever the next
 *   lend puts there).
 * - lend_limit_ns: an app that holds the loan that long is faulted (0:
 *   never). Virtual time moves while an app computes (timeslices), so a
 *   `loop {}` inside the upcall meets the limit.
 *
 * Deviation-free by construction: nothing here changes a syscall's result
 * unless a board turns a policy on; with DENY and no limit an app sees what
 * it would see on Tock if a capsule passed it a pointer to kernel memory it
 * cannot read, except that here it can read it during the upcall.
 */
#include <string.h>

#include "driver.h"
#include "kernel-internal.h"

/* A loan is queued on `p` (not yet delivered). O(queue), <= 10. */
static bool lend_queued(const struct tk_process *p)
{
    for (unsigned i = 0; i < p->task_count; i++)
        if (p->tasks[(p->task_head + i) % TK_TASK_QUEUE_LEN].lends)
            return true;
    return false;
}

int tk_lend_upcall(struct tk_driver *d, struct tk_process *p, unsigned subscribe_num,
                   const void *bytes, size_t len)
{
    uint64_t area_len = 0;
    uint64_t area =
        p->ops != NULL && p->ops->lend_area != NULL ? p->ops->lend_area(p, &area_len) : 0;
    if (area == 0)
        return TK_NOSUPPORT;
    if (len == 0 || len > area_len)
        return TK_SIZE;
    if (p->lent_len != 0 || lend_queued(p))
        return TK_BUSY;
    struct tk_task task;
    int err = tk_upcall_task(d, p, subscribe_num, area, len, 0, &task);
    if (err != 0)
        return err;
    task.lends = true;
    /* The app sees nothing of the area until delivery; copying now is safe. */
    memcpy((void *)(uintptr_t)area, bytes, len);
    return tk_process_enqueue(p, &task);
}

/* The limit passed with the loan still held: fault the holder. */
static void lend_expired(struct tk_deadline *dl)
{
    struct tk_process *p = dl->owner;
    if (p->lent_len == 0 || !tk_process_is_alive(p))
        return;
    tk_kernel_debugf(p->kernel, "Process %s held lent memory past %llu us and was faulted.",
                     p->name, (unsigned long long)(p->kernel->config.lend_limit_ns / 1000));
    tk_process_set_fault(p, &(struct tk_fault){.kind = TK_FAULT_KERNEL_FORCED});
}

void tk__lend_begin(struct tk_process *p, const struct tk_task *task)
{
    struct tk_kernel *k = p->kernel;
    uint64_t address = task->arg[0], len = task->arg[1];

    tk__lend_return(p); /* one loan at a time */
    if (p->ops != NULL && p->ops->window_show != NULL &&
        p->ops->window_show(p, address, len, false) != 0)
        return; /* nothing shown: the app faults if it touches it */
    p->lent_address = address;
    p->lent_len = len;
    if (k->config.lend_limit_ns != 0) {
        p->kernel->lend_deadlines[p->slot].fire = lend_expired;
        p->kernel->lend_deadlines[p->slot].owner = p;
        tk_deadline_arm(k, &k->lend_deadlines[p->slot], tk_kernel_now(k) + k->config.lend_limit_ns);
    }
}

void tk__lend_return(struct tk_process *p)
{
    if (p->lent_len == 0)
        return;
    uint64_t address = p->lent_address, len = p->lent_len;
    p->lent_address = 0;
    p->lent_len = 0;
    tk_deadline_disarm(p->kernel, &p->kernel->lend_deadlines[p->slot]);
    if (p->ops != NULL && p->ops->window_hide != NULL)
        p->ops->window_hide(p, address, len);
    if (p->kernel->config.lend_onward == TK_LEND_ONWARD_REVOKE)
        tk_allow_revoke_range(p, address, len);
}

bool tk__lend_covers(const struct tk_process *p, uint64_t address, uint64_t len)
{
    return p->kernel->config.lend_onward != TK_LEND_ONWARD_DENY && p->lent_len != 0 &&
           address >= p->lent_address && len <= p->lent_len &&
           address - p->lent_address <= p->lent_len - len;
}
