/* IPC capsule: discovery by package name, notifications, shared buffers.
 *
 * Mirrors tock/tock kernel/src/ipc.rs @65608d71 (spec §8.9). A process's
 * "index" is its slot; NUM_PROCS is TK_MAX_PROCESSES.
 *
 * Syscall interface, driver 0x10000:
 *
 *   command | arg0   | result
 *   --------+--------+----------------------------------------------------------
 *   0       | -      | S (driver exists)
 *   1       | -      | discover: S32(slot of the first process, in slot order and
 *           |        | any state, whose package name equals the bytes of RO allow
 *           |        | 0); F(NODEVICE) none; F(INVAL) RO allow 0 never made;
 *           |        | F(NOMEM) the caller's grant fails
 *   2       | target | notify service: queue IPC(caller, Service) on `target`; S;
 *           |        | F(INVAL) no process in that slot; F(NODEVICE) not alive;
 *           |        | F(NOMEM) its queue is full
 *   3       | target | notify client: IPC(caller, Client), same results
 *   other   |        | F(NOSUPPORT)
 *
 *   subscribe k on P | P's own slot: the service upcall; else the client upcall
 *                    | for notifications from the service in slot k
 *   upcall arguments | (notifier's slot, len, ptr) of the notifier's RW allow
 *                    | number <receiver's slot>; (slot, 0, 0) if none. ptr is a
 *                    | 64-bit address (app RAM lies below 2 GiB, so libtock-c's
 *                    | `int` argument still holds it)
 *   RO allow 0       | the package name to discover
 *   RW allow k       | the buffer P shares with the process in slot k
 *
 * An IPC task carries the notifier's slot (ipc_from) and its ProcessId
 * (arg[0]), so a notifier that was restarted before delivery is not taken
 * for its successor (ipc.rs keeps the ProcessId in Task::IPC). At delivery
 * (tk_ipc_deliver, when the receiver dequeues the task): self-notification
 * is dropped; the receiver's and the notifier's grants are entered; the
 * notifier's buffer for the receiver is shown to the receiver at its own
 * address (ipc.rs add_mpu_region; here tk_process_ops.window_show), and
 * the upcall is appended to the receiver's queue.
 *
 * Windows, as a state machine per (owner, viewer):
 *
 *   hidden --delivery from owner to viewer with RW allow[viewer] set--> shown
 *   shown  --owner re-allows RW allow[viewer] (any buffer, even the same)--> hidden
 *   shown  --owner or viewer exits, restarts, faults (grant wiped)--> hidden
 *
 * Re-sharing (issue 12; tockemu policy, Tock has DENY): with ALLOW or COPY a
 * process B may RW-allow to IPC part of a window it is shown (A's buffer)
 * for a third process C. At delivery to C, ALLOW shows C the same bytes of
 * A; COPY copies them into the upper half of C's lend area and shows that,
 * read-only, so C never reaches A's memory. When A's window to B goes, B's
 * onward allows inside it are emptied (tk_allow_revoke_range), which hides
 * what C was shown.
 *
 * Deviation: Tock adds the MPU region at delivery and never removes it, so a
 * service keeps reaching a client's old buffer after the client re-allowed,
 * exited or was restarted (its RAM then belongs to the new process). Here a
 * window lasts only while the allow that made it stands, so the other side
 * never sees a buffer that is no longer shared (issue 12, docs/sharing.md).
 */
#include <string.h>

#include "container_of.h"
#include "ipc.h"

enum ipc_allow_ro { IPC_RO_SEARCH = 0, IPC_RO_COUNT };

enum ipc_command {
    IPC_CMD_EXISTS = 0,
    IPC_CMD_DISCOVER = 1,
    IPC_CMD_NOTIFY_SERVICE = 2,
    IPC_CMD_NOTIFY_CLIENT = 3,
};

/* Per-process grant data. */
struct ipc_app {
    /* RO allow 0 was made at least once: ipc.rs's search buffer then has a
     * ProcessId and enter() succeeds, even for a zero-length name. */
    bool search_allowed;
};

_Static_assert(TK_MAX_PROCESSES <= 255, "upcall and allow counts are uint8_t");

static struct tk_ipc *ipc_of(struct tk_driver *d)
{
    return tk_container_of(d, struct tk_ipc, driver);
}

/* Hide what `owner` showed to `viewer`, if anything. */
static void window_hide(struct tk_ipc *ipc, unsigned owner, unsigned viewer)
{
    struct tk_ipc_window *w = &ipc->shown[owner][viewer];
    if (!w->shown)
        return;
    struct tk_ipc_window gone = *w;
    w->shown = false;
    struct tk_process *v = tk_kernel_process_at(ipc->driver.kernel, viewer);
    /* A viewer that was reset hid its windows when its grant went. */
    if (v == NULL || v->id != gone.viewer_id)
        return;
    if (v->ops != NULL && v->ops->window_hide != NULL)
        v->ops->window_hide(v, gone.address, gone.len);
    /* What the viewer passed on from this window is no longer its to give. */
    if (ipc->reshare != TK_IPC_RESHARE_DENY)
        tk_allow_revoke_range(v, gone.address, gone.len);
}

/* Show [address, +len) to `viewer` as `owner`'s share (ipc.rs
 * add_mpu_region). */
static void window_show(struct tk_ipc *ipc, struct tk_process *owner, struct tk_process *viewer,
                        uint64_t address, uint64_t len, bool writable)
{
    struct tk_ipc_window *w = &ipc->shown[owner->slot][viewer->slot];

    if (w->shown && w->address == address && w->len == len && w->viewer_id == viewer->id)
        return;
    window_hide(ipc, owner->slot, viewer->slot);
    /* ipc.rs ignores add_mpu_region's result and passes the pointer on; so
     * does this: an app that touches a buffer it cannot see faults. */
    if (viewer->ops != NULL && viewer->ops->window_show != NULL &&
        viewer->ops->window_show(viewer, address, len, writable) != 0)
        return;
    *w = (struct tk_ipc_window){
        .shown = true, .address = address, .len = len, .viewer_id = viewer->id};
}

/* [address, +len) lies inside a window `p` is shown now. */
static bool shown_to(const struct tk_ipc *ipc, const struct tk_process *p, uint64_t address,
                     uint64_t len)
{
    for (unsigned owner = 0; owner < TK_MAX_PROCESSES; owner++) {
        const struct tk_ipc_window *w = &ipc->shown[owner][p->slot];
        if (w->shown && w->viewer_id == p->id && address >= w->address && len <= w->len &&
            address - w->address <= w->len - len)
            return true;
    }
    return false;
}

/* COPY: put a copy of `shared` in the upper half of `viewer`'s lend area;
 * its address, or 0 if the host has no room. */
static uint64_t reshare_copy(struct tk_process *viewer, struct tk_buffer shared)
{
    uint64_t area_len = 0;
    uint64_t area = viewer->ops != NULL && viewer->ops->lend_area != NULL
                        ? viewer->ops->lend_area(viewer, &area_len)
                        : 0;
    if (area == 0 || shared.len > area_len / 2)
        return 0;
    uint64_t copy = area + area_len / 2;
    memcpy((void *)(uintptr_t)copy, shared.ptr, shared.len);
    return copy;
}

/* Show the notifier's buffer for `receiver` and say where it sees it:
 * *address 0 and *len 0 when it sees nothing. */
static void share_with(struct tk_ipc *ipc, struct tk_process *notifier, struct tk_process *receiver,
                       struct tk_buffer shared, uint64_t *address, uint64_t *len)
{
    *address = (uint64_t)(uintptr_t)shared.ptr;
    *len = shared.len;
    if (shared.len == 0)
        return;
    if (tk_process_in_app_ram(notifier, *address, *len)) {
        window_show(ipc, notifier, receiver, *address, *len, true);
        return;
    }
    /* Re-shared memory (allow_foreign let it through). */
    if (ipc->reshare == TK_IPC_RESHARE_COPY) {
        *address = reshare_copy(receiver, shared);
        *len = *address != 0 ? shared.len : 0;
        if (*address != 0)
            window_show(ipc, notifier, receiver, *address, *len, false);
        return;
    }
    /* ALLOW; back to its owner it is the owner's own RAM: nothing to show. */
    if (!tk_process_in_app_ram(receiver, *address, *len))
        window_show(ipc, notifier, receiver, *address, *len, true);
}

/* Command 1: the first process whose package name is the search bytes. */
static struct tk_cmd_return ipc_discover(struct tk_driver *d, struct tk_process *caller)
{
    int err = 0;
    struct ipc_app *app = tk_grant_enter(d, caller, &err);
    if (app == NULL)
        return tk_cmd_failure(TK_NOMEM);
    if (!app->search_allowed)
        return tk_cmd_failure(TK_INVAL);
    struct tk_buffer search = tk_allow_ro_get(d, caller, IPC_RO_SEARCH);

    /* O(n) over process slots; n <= TK_MAX_PROCESSES. */
    for (unsigned slot = 0; slot < tk_kernel_process_slots(d->kernel); slot++) {
        struct tk_process *p = tk_kernel_process_at(d->kernel, slot);
        if (p != NULL && strlen(p->name) == search.len &&
            (search.len == 0 || memcmp(p->name, search.ptr, search.len) == 0))
            return tk_cmd_success_u32(slot);
    }
    return tk_cmd_failure(TK_NODEVICE);
}

/* Commands 2 and 3: queue IPC(caller, kind) on the process in `target`. */
static struct tk_cmd_return ipc_notify(struct tk_driver *d, struct tk_process *caller,
                                       uint32_t target, bool service)
{
    struct tk_process *p = target < tk_kernel_process_slots(d->kernel)
                               ? tk_kernel_process_at(d->kernel, target)
                               : NULL;
    if (p == NULL)
        return tk_cmd_failure(TK_INVAL);
    struct tk_task task = {.kind = TK_TASK_IPC, .ipc_service = service, .ipc_from = caller->slot};
    task.arg[0] = caller->id;
    /* enqueue_task: NODEVICE not alive, NOMEM queue full (spec §8.9). */
    return tk_cmd_from_status(tk_process_enqueue(p, &task));
}

static struct tk_cmd_return ipc_command(struct tk_driver *d, struct tk_process *p, uint32_t command,
                                        uint32_t arg0, uint32_t arg1)
{
    (void)arg1;
    switch (command) {
    case IPC_CMD_EXISTS:
        return tk_cmd_success();
    case IPC_CMD_DISCOVER:
        return ipc_discover(d, p);
    case IPC_CMD_NOTIFY_SERVICE:
        return ipc_notify(d, p, arg0, true);
    case IPC_CMD_NOTIFY_CLIENT:
        return ipc_notify(d, p, arg0, false);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* A new RW allow withdraws the window the old one made (Deviation above);
 * RO allow 0 marks the search buffer as made. */
static void ipc_allow_swapped(struct tk_driver *d, struct tk_process *p, bool read_only,
                              uint32_t number, uint64_t prev_addr, uint64_t prev_len)
{
    (void)prev_addr;
    (void)prev_len;
    if (read_only) {
        struct ipc_app *app = tk_grant_get(d, p);
        if (app != NULL && number == IPC_RO_SEARCH)
            app->search_allowed = true;
        return;
    }
    window_hide(ipc_of(d), p->slot, number);
}

/* Re-sharing: a read-write allow of part of a window `p` is shown. */
static bool ipc_allow_foreign(struct tk_driver *d, struct tk_process *p, bool read_only,
                              uint64_t address, uint64_t len)
{
    struct tk_ipc *ipc = ipc_of(d);
    return ipc->reshare != TK_IPC_RESHARE_DENY && !read_only && shown_to(ipc, p, address, len);
}

/* `p` exited, restarted or faulted: nobody sees its buffers any more, and
 * its next context sees nobody's. */
static void ipc_process_gone(struct tk_driver *d, struct tk_process *p)
{
    struct tk_ipc *ipc = ipc_of(d);
    for (unsigned other = 0; other < TK_MAX_PROCESSES; other++) {
        window_hide(ipc, p->slot, other);
        window_hide(ipc, other, p->slot);
    }
}

int tk_ipc_deliver(struct tk_kernel *k, struct tk_process *receiver, const struct tk_task *task,
                   struct tk_task *out, void *ctx)
{
    struct tk_ipc *ipc = ctx;
    struct tk_driver *d = &ipc->driver;
    struct tk_process *notifier = tk_kernel_process_by_id(k, (uint32_t)task->arg[0]);
    int err = 0;

    /* spec §8.9: notifying yourself is accepted, then dropped here. */
    if (task->ipc_from == receiver->slot)
        return TK_ALREADY;
    if (notifier == NULL || notifier->slot != task->ipc_from)
        return TK_FAIL; /* NoSuchApp: restarted since it notified */
    if (tk_grant_enter(d, receiver, &err) == NULL || tk_grant_enter(d, notifier, &err) == NULL)
        return err;
    uint64_t address, len;
    share_with(ipc, notifier, receiver, tk_allow_rw_get(d, notifier, receiver->slot), &address,
               &len);
    unsigned upcall = task->ipc_service ? receiver->slot : notifier->slot;
    return tk_upcall_task(d, receiver, upcall, notifier->slot, len, address, out);
}

static const struct tk_driver_ops tk_ipc_ops = {
    .command = ipc_command,
    .allow_swapped = ipc_allow_swapped,
    .allow_foreign = ipc_allow_foreign,
    .process_gone = ipc_process_gone,
    .has_grant = true,
    .grant_size = sizeof(struct ipc_app),
    .upcall_count = TK_MAX_PROCESSES,
    .allow_ro_count = IPC_RO_COUNT,
    .allow_rw_count = TK_MAX_PROCESSES,
};

void tk_ipc_init(struct tk_ipc *ipc, enum tk_ipc_reshare reshare)
{
    memset(ipc, 0, sizeof *ipc);
    ipc->reshare = reshare;
    ipc->driver.number = TK_DRIVER_NUM_IPC;
    ipc->driver.ops = &tk_ipc_ops;
    ipc->driver.state = ipc;
}
