/* Process states, the task queue, lifecycle and fault policies.
 *
 * Mirrors tock/tock kernel/src/process_standard.rs and
 * capsules/system/src/process_policies.rs @65608d71 (spec §2.1-§2.4, §5).
 *
 *            syscall return value set (always, §10.24)
 *        +--------------------------------------------+
 *        v                                            |
 *    Running --Yield-Wait/NoWait with work--> Yielded |
 *        |  --Yield-WaitFor(id)------------> YieldedFor(id)
 *        |        stop(): any of these --> Stopped(prev) --resume()--> prev
 *        +-- terminate(cc) (alive or Faulted) --> Terminated --start()--> Yielded
 *        +-- set_fault(): policy Stop --> Faulted; Restart --> reset --> Yielded
 *
 * The state machine never touches the host context: terminate and reset only
 * mark the process (host_restart_pending, state), and the kernel loop stops
 * or restarts the context between processes (style §7) through
 * tk__process_host_stop/start, which process creation and kernel teardown
 * use too.
 */
#include <assert.h>
#include <stdio.h>

#include "kernel-internal.h"

void tk__process_set_state(struct tk_process *p, enum tk_state state)
{
    if (p->state == state)
        return;
    enum tk_state old = p->state;
    p->state = state;
    if (tk__kernel_wants(p->kernel, TK_EV_STATE)) {
        struct tk_event ev = {.kind = TK_EV_STATE, .process = p};
        ev.old_state = old;
        ev.new_state = state;
        tk_kernel_emit(p->kernel, &ev);
    }
}

void tk__process_set_return(struct tk_process *p, const struct tk_syscall_return *ret)
{
    p->pending = (struct tk_resume){.kind = TK_RESUME_RETURN, .ret = *ret};
    p->wait_for_ready = false;
    /* spec §10.24: unconditionally Running, even if a command just stopped
     * or terminated the caller. */
    tk__process_set_state(p, TK_STATE_RUNNING);
}

bool tk_process_is_alive(const struct tk_process *p)
{
    switch (p->state) {
    case TK_STATE_RUNNING:
    case TK_STATE_YIELDED:
    case TK_STATE_YIELDED_FOR:
    case TK_STATE_STOPPED:
        return true;
    default:
        return false;
    }
}

static bool range_inside(uint64_t addr, uint64_t len, uint64_t lo, uint64_t hi)
{
    return len > 0 && addr + len >= addr && addr >= lo && addr + len <= hi;
}

bool tk_process_in_app_ram(const struct tk_process *p, uint64_t addr, uint64_t len)
{
    return range_inside(addr, len, p->memory_start, p->app_break);
}

bool tk_process_in_app_flash(const struct tk_process *p, uint64_t addr, uint64_t len)
{
    /* spec §10.15: the TBF header and protected trailer are not app flash. */
    return range_inside(addr, len, p->flash_start + p->flash_protected_size,
                        p->flash_start + p->flash_len);
}

static void upcall_id_format(struct tk_upcall_id id, char *out, size_t len)
{
    snprintf(out, len, "YieldedFor(UpcallId { driver_num: %#x, subscribe_num: %u })",
             (unsigned)id.driver, (unsigned)id.subscribe);
}

static void state_name(const struct tk_process *p, enum tk_state state, char *out, size_t len)
{
    switch (state) {
    case TK_STATE_RUNNING:
        snprintf(out, len, "Running");
        break;
    case TK_STATE_YIELDED:
        snprintf(out, len, "Yielded");
        break;
    case TK_STATE_YIELDED_FOR:
        upcall_id_format(p->waiting_for, out, len);
        break;
    case TK_STATE_FAULTED:
        snprintf(out, len, "Faulted");
        break;
    case TK_STATE_TERMINATED:
        snprintf(out, len, "Terminated");
        break;
    case TK_STATE_STOPPED:
        snprintf(out, len, "Stopped(?)");
        break;
    }
}

void tk_process_state_string(const struct tk_process *p, char *out, size_t len)
{
    if (len == 0)
        return;
    if (p->state != TK_STATE_STOPPED) {
        state_name(p, p->state, out, len);
        return;
    }
    char inner[96];
    state_name(p, p->stopped_from, inner, sizeof inner);
    snprintf(out, len, "Stopped(%s)", inner);
}

/* The upcall id a task answers to, for Yield-WaitFor matching: kernel and
 * IPC tasks have none (spec §2.3). */
static bool task_upcall_id(const struct tk_task *t, struct tk_upcall_id *id)
{
    if (t->kind == TK_TASK_IPC || t->from_kernel)
        return false;
    *id = t->id;
    return true;
}

static bool upcall_id_equal(struct tk_upcall_id a, struct tk_upcall_id b)
{
    return a.driver == b.driver && a.subscribe == b.subscribe;
}

static bool task_matches(const struct tk_task *t, struct tk_upcall_id id)
{
    struct tk_upcall_id tid;
    return task_upcall_id(t, &tid) && upcall_id_equal(tid, id);
}

static struct tk_task *task_at(struct tk_process *p, unsigned i)
{
    return &p->tasks[(p->task_head + i) % TK_TASK_QUEUE_LEN];
}

static void drop_task(struct tk_process *p, const struct tk_task *task, int error)
{
    p->dropped_upcall_count++;
    if (tk__kernel_wants(p->kernel, TK_EV_UPCALL_DROPPED)) {
        struct tk_event ev = {.kind = TK_EV_UPCALL_DROPPED, .process = p, .task = *task};
        ev.error = error;
        tk_kernel_emit(p->kernel, &ev);
    }
}

int tk_process_enqueue(struct tk_process *p, const struct tk_task *task)
{
    if (!tk_process_is_alive(p)) {
        drop_task(p, task, TK_NODEVICE);
        return TK_NODEVICE;
    }
    if (p->task_count == TK_TASK_QUEUE_LEN) {
        /* spec §10.41: overflow is silent to userspace. */
        drop_task(p, task, TK_NOMEM);
        return TK_NOMEM;
    }
    struct tk_task *queued = task_at(p, p->task_count);
    *queued = *task;
    queued->seq = p->kernel->next_task_seq++;
    p->task_count++;
    if (tk__kernel_wants(p->kernel, TK_EV_UPCALL_QUEUED)) {
        struct tk_event ev = {.kind = TK_EV_UPCALL_QUEUED, .process = p, .task = *queued};
        tk_kernel_emit(p->kernel, &ev);
    }

    /* A process Stopped in YieldedFor is never ready, and resume recomputes
     * the flag from the queue: only a live wait needs it kept. */
    struct tk_upcall_id id;
    if (p->state == TK_STATE_YIELDED_FOR && task_upcall_id(task, &id)) {
        bool match = upcall_id_equal(id, p->waiting_for);
        /* spec §2.4 / §10.10: the kernel overwrites the flag with every
         * enqueue; sticky_wait_for is the knowing Deviation switch. */
        if (p->kernel->config.sticky_wait_for)
            p->wait_for_ready = p->wait_for_ready || match;
        else
            p->wait_for_ready = match;
    }
    return 0;
}

bool tk_process_dequeue(struct tk_process *p, struct tk_task *out)
{
    if (p->task_count == 0)
        return false;
    *out = p->tasks[p->task_head];
    p->task_head = (p->task_head + 1) % TK_TASK_QUEUE_LEN;
    p->task_count--;
    return true;
}

/* Remove queue entry `i`, keeping the order of the others. */
static void remove_task_at(struct tk_process *p, unsigned i)
{
    for (; i + 1 < p->task_count; i++)
        *task_at(p, i) = *task_at(p, i + 1);
    p->task_count--;
}

bool tk__process_take_matching(struct tk_process *p, struct tk_upcall_id id, struct tk_task *out)
{
    for (unsigned i = 0; i < p->task_count; i++) {
        if (task_matches(task_at(p, i), id)) {
            *out = *task_at(p, i);
            remove_task_at(p, i);
            return true;
        }
    }
    return false;
}

void tk__process_remove_upcalls(struct tk_process *p, struct tk_upcall_id id)
{
    /* spec §10.8: only FunctionCalls; null-upcall ReturnValues stay. */
    for (unsigned i = 0; i < p->task_count;) {
        const struct tk_task *t = task_at(p, i);
        if (t->kind == TK_TASK_FUNCTION_CALL && task_matches(t, id))
            remove_task_at(p, i);
        else
            i++;
    }
}

static bool queue_has_match(struct tk_process *p, struct tk_upcall_id id)
{
    for (unsigned i = 0; i < p->task_count; i++)
        if (task_matches(task_at(p, i), id))
            return true;
    return false;
}

void tk__process_yield_for(struct tk_process *p, struct tk_upcall_id id)
{
    p->waiting_for = id;
    p->wait_for_ready = queue_has_match(p, id);
    tk__process_set_state(p, TK_STATE_YIELDED_FOR);
}

bool tk__process_is_ready(const struct tk_process *p)
{
    if (p->held_until_ns != 0)
        return false; /* hold_fault_restart */
    switch (p->state) {
    case TK_STATE_RUNNING:
        return true;
    case TK_STATE_YIELDED:
        return p->task_count > 0;
    case TK_STATE_YIELDED_FOR:
        return p->wait_for_ready;
    default:
        return false;
    }
}

void tk_process_stop(struct tk_process *p)
{
    if (p->state != TK_STATE_RUNNING && p->state != TK_STATE_YIELDED &&
        p->state != TK_STATE_YIELDED_FOR)
        return;
    p->stopped_from = p->state;
    tk__process_set_state(p, TK_STATE_STOPPED);
}

void tk_process_resume(struct tk_process *p)
{
    if (p->state != TK_STATE_STOPPED)
        return;
    if (p->stopped_from == TK_STATE_YIELDED_FOR)
        p->wait_for_ready = queue_has_match(p, p->waiting_for);
    tk__process_set_state(p, p->stopped_from);
}

void tk_process_terminate(struct tk_process *p, enum tk_completion kind, uint32_t code)
{
    /* spec §5.1: only from an alive state or Faulted. */
    if (!tk_process_is_alive(p) && p->state != TK_STATE_FAULTED)
        return;
    p->task_head = 0;
    p->task_count = 0;
    tk__lend_return(p);
    tk__grant_wipe(p);
    p->completion = kind;
    p->completion_code = kind == TK_COMPLETION_CODE ? code : 0;
    tk__process_set_state(p, TK_STATE_TERMINATED);
}

void tk__process_host_stop(struct tk_process *p)
{
    if (p->host_active && p->ops != NULL && p->ops->stop != NULL)
        p->ops->stop(p);
    p->host_active = false;
}

bool tk__process_host_start(struct tk_process *p)
{
    p->host_active = p->ops == NULL || p->ops->start == NULL || p->ops->start(p) == 0;
    return p->host_active;
}

/* The byte size of the kernel-owned top of process RAM (spec §5.6): grant
 * pointer table, task queue and PCB, rounded to the 8-byte word. */
uint64_t tk__process_top_size(void)
{
    uint64_t size = TK_MAX_GRANTS * 16 + TK_TASK_QUEUE_LEN * sizeof(struct tk_task) + 512;
    return (size + 7) & ~(uint64_t)7;
}

uint64_t tk_process_kernel_memory_size(void)
{
    return tk__process_top_size();
}

uint64_t tk__process_kernel_top(const struct tk_process *p)
{
    return (p->memory_start + p->memory_len - tk__process_top_size()) & ~(uint64_t)7;
}

/* Queue the init FunctionCall (spec §1.8); delivering it makes the run a START. */
void tk__process_queue_init(struct tk_process *p)
{
    struct tk_task init = {.kind = TK_TASK_FUNCTION_CALL, .from_kernel = true};
    init.pc = p->init_pc;
    init.arg[0] = p->flash_start + p->flash_protected_size;
    init.arg[1] = p->memory_start;
    init.arg[2] = p->memory_len;
    init.arg[3] = p->initial_break;
    p->task_head = 0;
    p->task_count = 0;
    tk_process_enqueue(p, &init);
}

/* ProcessStandard::reset (spec §5.1). The state must be alive-able: the
 * callers come from Terminated. */
static void process_reset(struct tk_process *p)
{
    tk__grant_wipe(p);
    p->id = p->kernel->next_process_id++;
    p->syscall_count = 0;
    p->dropped_upcall_count = 0;
    p->timeslice_expirations = 0;
    p->has_last_syscall = false;
    p->restart_count++;
    p->app_break = p->initial_break;
    p->kernel_break = tk__process_kernel_top(p);
    p->allow_high_water_mark = p->memory_start;
    p->stack_start_hint = 0;
    p->heap_start_hint = 0;
    p->lowest_stack_pointer = 0;
    p->wait_for_ready = false;
    p->held_until_ns = 0; /* a boot runs at once */
    p->host_restart_pending = true;
    /* Yielded first so the init call can be queued on an alive process. */
    tk__process_set_state(p, TK_STATE_YIELDED);
    tk__process_queue_init(p);
}

int tk_process_try_restart(struct tk_process *p, enum tk_completion kind, uint32_t code)
{
    if (p->state == TK_STATE_TERMINATED)
        return TK_FAIL;
    tk_process_terminate(p, kind, code);
    process_reset(p);
    return 0;
}

int tk_process_start(struct tk_process *p)
{
    /* spec §10.22: only a Terminated process can be booted. */
    if (p->state != TK_STATE_TERMINATED)
        return TK_FAIL;
    process_reset(p);
    return 0;
}

enum fault_action { FAULT_PANIC, FAULT_STOP, FAULT_RESTART };

/* The board's fault policy (process_policies.rs), with its debug lines. */
static enum fault_action fault_policy_action(struct tk_process *p)
{
    struct tk_kernel *k = p->kernel;
    bool under_threshold = p->restart_count <= k->config.fault_threshold;

    switch (k->config.fault_policy) {
    case TK_FAULT_POLICY_DEFAULT:
        assert(!"tk_kernel_init resolves the default policy");
        return FAULT_PANIC;
    case TK_FAULT_POLICY_PANIC:
        return FAULT_PANIC;
    case TK_FAULT_POLICY_STOP:
        return FAULT_STOP;
    case TK_FAULT_POLICY_STOP_WITH_DEBUG:
        tk_kernel_debugf(k, "Process %s faulted and was stopped.", p->name);
        return FAULT_STOP;
    case TK_FAULT_POLICY_RESTART:
        return FAULT_RESTART;
    case TK_FAULT_POLICY_RESTART_WITH_DEBUG:
        tk_kernel_debugf(k, "Process %s faulted and will be restarted.", p->name);
        return FAULT_RESTART;
    case TK_FAULT_POLICY_THRESHOLD_RESTART:
        return under_threshold ? FAULT_RESTART : FAULT_STOP;
    case TK_FAULT_POLICY_THRESHOLD_RESTART_THEN_PANIC:
        return under_threshold ? FAULT_RESTART : FAULT_PANIC;
    }
    return FAULT_PANIC;
}

void tk_process_note_stack_pointer(struct tk_process *p, uint64_t sp)
{
    /* The host reads it from memory the app controls: only a pointer into
     * the process's RAM counts. */
    if (sp >= p->memory_start && sp < p->memory_start + p->memory_len &&
        (p->lowest_stack_pointer == 0 || sp < p->lowest_stack_pointer))
        p->lowest_stack_pointer = sp;
}

void tk_process_count_syscall(struct tk_process *p)
{
    p->syscall_count++;
}

/* Longest wait of a process that keeps faulting at once (or one
 * timeslice, if that is longer). */
#define RESTART_HOLD_MAX_NS 1000000000ull

/* The restart hold's deadline: release every held process that is due and
 * re-arm for the next. O(n) over process slots; n <= 16. */
static void release_held(struct tk_deadline *dl)
{
    struct tk_kernel *k = dl->owner;
    uint64_t now = tk_kernel_now(k), next = 0;
    for (unsigned i = 0; i < k->process_count; i++) {
        struct tk_process *q = k->processes[i];
        if (q->held_until_ns != 0 && q->held_until_ns <= now)
            q->held_until_ns = 0;
        if (q->held_until_ns != 0 && (next == 0 || q->held_until_ns < next))
            next = q->held_until_ns;
    }
    if (next != 0)
        tk_deadline_arm(k, dl, next);
}

/* Deviation: Tock restarts a faulted process at once, and real time goes
 * by while it runs to its next fault. Here virtual time moves only when
 * every process is idle or a timeslice runs out, so an app that faults
 * early in every run would restart forever at one instant: the trace
 * fills, and --stop-after never comes. A process that faults again before
 * any virtual time went by since its last fault restart therefore waits
 * one timeslice, doubling with each such fault in a row (at most 1 s or
 * one timeslice), before its init call runs. A process that ran for a
 * while first restarts at once, as in Tock; so does one that boots
 * (process console) or exits with restart. */
static void hold_fault_restart(struct tk_process *p)
{
    struct tk_kernel *k = p->kernel;
    uint64_t now = tk_kernel_now(k);
    bool frozen = p->fault_restarted && p->fault_restart_release_ns == now;
    p->frozen_fault_restarts = frozen ? p->frozen_fault_restarts + 1 : 0;
    p->fault_restarted = true;
    p->fault_restart_release_ns = now;
    if (p->frozen_fault_restarts == 0)
        return;
    uint64_t wait = k->config.timeslice_ns, most = RESTART_HOLD_MAX_NS;
    if (most < wait)
        most = wait;
    for (unsigned i = 1; i < p->frozen_fault_restarts && wait < most; i++)
        wait *= 2;
    if (wait > most)
        wait = most;
    p->held_until_ns = now + wait;
    p->fault_restart_release_ns = p->held_until_ns;
    k->restart_hold.fire = release_held;
    k->restart_hold.owner = k;
    if (!k->restart_hold.armed || k->restart_hold.when_ns > p->held_until_ns)
        tk_deadline_arm(k, &k->restart_hold, p->held_until_ns);
}

void tk_process_set_fault(struct tk_process *p, const struct tk_fault *fault)
{
    p->last_fault = *fault;
    if (tk__kernel_wants(p->kernel, TK_EV_FAULT)) {
        struct tk_event ev = {.kind = TK_EV_FAULT, .process = p, .fault = *fault};
        tk_kernel_emit(p->kernel, &ev);
    }

    switch (fault_policy_action(p)) {
    case FAULT_PANIC: {
        char message[128];
        snprintf(message, sizeof message, "Process %s had a fault", p->name);
        tk__process_set_state(p, TK_STATE_FAULTED);
        tk_kernel_panic(p->kernel, message);
        break;
    }
    case FAULT_RESTART:
        if (tk_process_try_restart(p, TK_COMPLETION_FAULTED, 0) == 0)
            hold_fault_restart(p);
        break;
    case FAULT_STOP:
        /* spec §10.22: Faulted even if it was already Terminated. */
        tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
        tk__process_set_state(p, TK_STATE_FAULTED);
        break;
    }
}
