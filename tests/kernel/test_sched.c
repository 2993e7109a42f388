/* The kernel loop, process lifecycle and fault policies.
 *
 * Checks spec §2.3, §2.4, §5.1, §5.3, §9.2 (state strings), §10.20, §10.22
 * and the loop contract of kernel.h (round robin, timeslices, virtual-time
 * jumps, deadlock) against emu/kernel/sched.c, kernel.c and process.c.
 * Processes here run a script: each switch_to returns the next scripted
 * trap; after the script the process exits (terminate, code 0).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "kdriver.h"

#define MS        1000000ull
#define MAX_STEPS 8

struct script_log {
    unsigned slots[64];
    unsigned count;
};

struct script {
    struct script_log *log;
    struct tk_trap steps[MAX_STEPS];
    unsigned count, next;
    unsigned starts, stops;
    struct tk_resume last;
    /* The fixture's ops and host, which own the memory. */
    const struct tk_process_ops *inner_ops;
    void *inner_host;
};

static int script_start(struct tk_process *p)
{
    struct script *s = p->host;
    s->starts++; /* the script goes on where it was: a restarted app */
    return 0;
}

static void script_switch_to(struct tk_process *p, const struct tk_resume *resume,
                             uint64_t timeslice_ns, struct tk_trap *trap)
{
    struct script *s = p->host;
    (void)timeslice_ns;
    s->last = *resume;
    if (s->log->count < 64)
        s->log->slots[s->log->count++] = p->slot;
    if (s->next < s->count) {
        *trap = s->steps[s->next++];
        return;
    }
    *trap = (struct tk_trap){.kind = TK_TRAP_SYSCALL, .syscall = {TK_CLASS_EXIT, {0, 0, 0, 0}}};
}

static void script_stop(struct tk_process *p)
{
    ((struct script *)p->host)->stops++;
}

static void script_destroy(struct tk_process *p)
{
    struct script *s = p->host;
    p->ops = s->inner_ops;
    p->host = s->inner_host;
    free(s);
    p->ops->destroy(p);
}

static const struct tk_process_ops script_ops = {
    .start = script_start,
    .switch_to = script_switch_to,
    .stop = script_stop,
    .destroy = script_destroy,
};

/* A fixture process whose code follows `s` (copied). */
static struct tk_process *script_process(struct tk_kernel *k, struct script_log *log,
                                         const struct tk_trap *steps, unsigned count)
{
    struct tk_process *p = fx_process_new(k, "app", 0);
    struct script *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(s);
    s->log = log;
    memcpy(s->steps, steps, count * sizeof *steps);
    s->count = count;
    s->inner_ops = p->ops;
    s->inner_host = p->host;
    p->ops = &script_ops;
    p->host = s;
    return p;
}

static struct script *script_of(struct tk_process *p)
{
    return p->host;
}

static struct tk_trap sys(uint32_t class_id, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    return (struct tk_trap){.kind = TK_TRAP_SYSCALL, .syscall = {class_id, {a0, a1, a2, a3}}};
}

static struct tk_trap timeslice(void)
{
    return (struct tk_trap){.kind = TK_TRAP_TIMESLICE};
}

/* ---- the loop ---- */

START_TEST(sched_round_robin_alternates_on_timeslice)
{
    /* round_robin.rs: an expired process goes to the back of the line. */
    struct tk_kernel k;
    struct script_log log = {0};
    struct tk_trap steps[] = {timeslice(), timeslice()};
    fx_kernel_init(&k);
    struct tk_process *a = script_process(&k, &log, steps, 2);
    struct tk_process *b = script_process(&k, &log, steps, 2);
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    const unsigned expect[] = {0, 1, 0, 1, 0, 1};
    ck_assert_uint_eq(log.count, 6);
    for (unsigned i = 0; i < 6; i++)
        ck_assert_uint_eq(log.slots[i], expect[i]);
    ck_assert_uint_eq(a->timeslice_expirations, 2);
    ck_assert_uint_eq(b->timeslice_expirations, 2);
    ck_assert_uint_eq(tk_kernel_now(&k), 4 * 10 * MS);
    ck_assert_int_eq(a->state, TK_STATE_TERMINATED);
    ck_assert_int_eq(b->completion, TK_COMPLETION_CODE);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(sched_timeslice_resumes_with_continue_and_emits_event)
{
    /* kernel.h: a timeslice trap counts, advances virtual time by one
     * timeslice and the process later continues where it was. */
    struct tk_kernel k;
    struct kd_events rec;
    struct script_log log = {0};
    struct tk_trap steps[] = {timeslice()};
    fx_kernel_init(&k);
    k.config.timeslice_ns = 3 * MS;
    kd_record_events(&k, &rec);
    struct tk_process *p = script_process(&k, &log, steps, 1);
    tk_kernel_step(&k);
    ck_assert_int_eq(p->state, TK_STATE_RUNNING);
    ck_assert_uint_eq(p->pending.kind, TK_RESUME_CONTINUE);
    ck_assert_uint_eq(tk_kernel_now(&k), 3 * MS);
    ck_assert_uint_eq(kd_event_count(&rec, TK_EV_TIMESLICE), 1);
    tk_kernel_step(&k);
    ck_assert_uint_eq(script_of(p)->last.kind, TK_RESUME_CONTINUE);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(sched_syscalls_cost_no_virtual_time)
{
    /* kernel.h: only timeslices and deadline jumps move the clock. */
    struct tk_kernel k;
    struct kd kd;
    struct script_log log = {0};
    struct tk_trap steps[] = {sys(TK_CLASS_COMMAND, KD_NUM, 0, 0, 0),
                              sys(TK_CLASS_MEMOP, 2, 0, 0, 0)};
    fx_kernel_init(&k);
    kd_register(&k, &kd);
    struct tk_process *p = script_process(&k, &log, steps, 2);
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    ck_assert_uint_eq(tk_kernel_now(&k), 0);
    ck_assert_uint_eq(p->syscall_count, 3);
    ck_assert_uint_eq(script_of(p)->last.kind, TK_RESUME_RETURN);
    ck_assert_uint_eq(script_of(p)->last.ret.reg[1], p->memory_start);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(sched_deferred_work_interrupts_and_same_process_resumes)
{
    /* kernel.rs do_process: pending bottom-half work interrupts the process;
     * round robin gives the interrupted process the CPU again. */
    struct tk_kernel k;
    struct kd kd;
    struct script_log log = {0};
    struct tk_trap a_steps[] = {sys(TK_CLASS_COMMAND, KD_NUM, KD_CMD_DEFER, 0, 0), timeslice()};
    struct tk_trap b_steps[] = {timeslice()};
    fx_kernel_init(&k);
    kd_register(&k, &kd);
    script_process(&k, &log, a_steps, 2);
    script_process(&k, &log, b_steps, 1);
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    const unsigned expect[] = {0, 0, 1, 0, 1};
    ck_assert_uint_eq(log.count, 5);
    for (unsigned i = 0; i < 5; i++)
        ck_assert_uint_eq(log.slots[i], expect[i]);
    ck_assert_uint_eq(kd.deferred_runs, 1);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(sched_slice_used_up_between_syscalls_counts_and_moves_clock)
{
    /* kernel.rs do_process: a used-up slice ends the turn; the timer that
     * measured it also counts it, and a whole slice of time went by. */
    struct tk_kernel k;
    struct script_log log = {0};
    struct tk_trap a_steps[] = {sys(TK_CLASS_MEMOP, 2, 0, 0, 0)};
    struct tk_trap b_steps[] = {sys(TK_CLASS_MEMOP, 2, 0, 0, 0)};
    fx_kernel_init(&k);
    a_steps[0].ran_ns = k.config.timeslice_ns;
    struct tk_process *a = script_process(&k, &log, a_steps, 1);
    script_process(&k, &log, b_steps, 1);
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    /* A leaves after its syscall; B's memop and exit share one turn. */
    const unsigned expect[] = {0, 1, 1, 0};
    ck_assert_uint_eq(log.count, 4);
    for (unsigned i = 0; i < 4; i++)
        ck_assert_uint_eq(log.slots[i], expect[i]);
    ck_assert_uint_eq(a->timeslice_expirations, 1);
    ck_assert_uint_eq(tk_kernel_now(&k), k.config.timeslice_ns);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(sched_syscalls_alone_use_up_the_slice_deterministically)
{
    /* architecture.md Time: each syscall costs config.syscall_cost_ns, so
     * a process that only makes syscalls expires after exactly
     * timeslice / cost of them, and the clock moves by one slice. */
    struct tk_kernel k;
    struct script_log log = {0};
    fx_kernel_init(&k);
    k.config.timeslice_ns = 4 * k.config.syscall_cost_ns;
    struct tk_trap steps[6];
    for (unsigned i = 0; i < 6; i++)
        steps[i] = sys(TK_CLASS_MEMOP, 2, 0, 0, 0);
    struct tk_process *a = script_process(&k, &log, steps, 6);
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    ck_assert_uint_eq(a->timeslice_expirations, 1);
    ck_assert_uint_eq(tk_kernel_now(&k), k.config.timeslice_ns);
    fx_kernel_fini(&k);
}
END_TEST

static void fire_upcall(struct tk_deadline *dl)
{
    struct kd *kd = dl->owner;
    struct tk_process *p = tk_kernel_process_at(kd->driver.kernel, 0);
    kd_schedule(kd, p, 0, 99);
}

START_TEST(sched_idle_jumps_clock_to_next_deadline)
{
    /* architecture.md Time: with every process idle the clock jumps to the
     * earliest deadline, which makes the process ready again. */
    struct tk_kernel k;
    struct kd kd;
    struct script_log log = {0};
    fx_kernel_init(&k);
    kd_register(&k, &kd);
    struct tk_process *p = fx_process_new(&k, "app", 0);
    uint64_t fn = fx_upcall_fn(p, 0);
    fx_kernel_fini(&k);

    fx_kernel_init(&k);
    kd_register(&k, &kd);
    struct tk_trap steps[] = {sys(TK_CLASS_SUBSCRIBE, KD_NUM, 0, 0, 0),
                              sys(TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0)};
    p = script_process(&k, &log, steps, 2);
    (void)fn;
    fn = fx_upcall_fn(p, 0);
    steps[0].syscall.arg[2] = fn;
    memcpy(script_of(p)->steps, steps, sizeof steps);
    struct tk_deadline dl = {.fire = fire_upcall, .owner = &kd};
    tk_deadline_arm(&k, &dl, 5000 * MS);
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    ck_assert_uint_eq(tk_kernel_now(&k), 5000 * MS);
    ck_assert_uint_eq(script_of(p)->last.kind, TK_RESUME_UPCALL);
    ck_assert_uint_eq(script_of(p)->last.pc, fn);
    ck_assert_uint_eq(script_of(p)->last.arg[0], 99);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(sched_nothing_can_happen_returns_2)
{
    /* kernel.h: no ready process, no deadline, no idle hook -> 2. */
    struct tk_kernel k;
    struct script_log log = {0};
    struct tk_trap steps[] = {sys(TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0)};
    fx_kernel_init(&k);
    struct tk_process *p = script_process(&k, &log, steps, 1);
    ck_assert_int_eq(tk_kernel_run(&k), 2);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    fx_kernel_fini(&k);
}
END_TEST

struct idle_probe {
    unsigned calls;
    uint64_t deadline;
    struct kd *kd; /* if set, the first idle call schedules an upcall */
};

static bool idle_hook(struct tk_kernel *k, uint64_t next, void *ctx)
{
    struct idle_probe *probe = ctx;
    probe->calls++;
    probe->deadline = next;
    if (probe->kd != NULL && probe->calls == 1)
        kd_schedule(probe->kd, tk_kernel_process_at(k, 0), 0, 1);
    return false;
}

START_TEST(sched_idle_hook_false_without_deadline_returns_2)
{
    /* kernel.h platform.idle: false = no input can ever arrive. */
    struct tk_kernel k;
    struct script_log log = {0};
    struct idle_probe probe = {0};
    struct tk_trap steps[] = {sys(TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0)};
    fx_kernel_init(&k);
    k.platform.idle = idle_hook;
    k.platform.ctx = &probe;
    script_process(&k, &log, steps, 1);
    ck_assert_int_eq(tk_kernel_run(&k), 2);
    ck_assert_uint_eq(probe.calls, 1);
    ck_assert_uint_eq(probe.deadline, TK_NO_DEADLINE);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(sched_idle_hook_input_makes_process_ready)
{
    /* kernel.h platform.idle: input that arrives while idle is served. */
    struct tk_kernel k;
    struct kd kd;
    struct script_log log = {0};
    struct idle_probe probe = {.kd = &kd};
    struct tk_trap steps[] = {sys(TK_CLASS_SUBSCRIBE, KD_NUM, 0, 0, 0),
                              sys(TK_CLASS_YIELD, TK_YIELD_WAIT_FOR, KD_NUM, 0, 0)};
    fx_kernel_init(&k);
    kd_register(&k, &kd);
    k.platform.idle = idle_hook;
    k.platform.ctx = &probe;
    struct tk_process *p = script_process(&k, &log, steps, 2);
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    ck_assert_uint_eq(probe.calls, 1);
    ck_assert_uint_eq(script_of(p)->last.kind, TK_RESUME_RETURN);
    ck_assert_uint_eq(script_of(p)->last.ret.written, 0x7);
    fx_kernel_fini(&k);
}
END_TEST

static void deferred_upcall(struct tk_deferred_call *dc)
{
    struct kd *kd = dc->owner;
    kd_schedule(kd, tk_kernel_process_at(kd->driver.kernel, 0), 0, 5);
}

START_TEST(sched_deferred_call_runs_before_scheduling)
{
    /* kernel.h: deferred calls run before the next scheduling decision. */
    struct tk_kernel k;
    struct kd kd;
    struct script_log log = {0};
    struct tk_deferred_call dc = {.fn = deferred_upcall, .owner = &kd};
    struct tk_trap steps[] = {sys(TK_CLASS_YIELD, TK_YIELD_WAIT_FOR, KD_NUM, 0, 0)};
    fx_kernel_init(&k);
    kd_register(&k, &kd);
    struct tk_process *p = script_process(&k, &log, steps, 1);
    tk_grant_enter(&kd.driver, p, NULL);
    tk_kernel_step(&k);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED_FOR);
    tk_deferred_call_schedule(&k, &dc);
    tk_deferred_call_schedule(&k, &dc); /* once only */
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    ck_assert_uint_eq(script_of(p)->last.ret.reg[0], 5);
    ck_assert_uint_eq(p->dropped_upcall_count, 0);
    fx_kernel_fini(&k);
}
END_TEST

static int ipc_to_upcall(struct tk_kernel *k, struct tk_process *p, const struct tk_task *task,
                         struct tk_task *out, void *ctx)
{
    (void)k;
    (void)ctx;
    *out = (struct tk_task){.kind = TK_TASK_FUNCTION_CALL, .pc = fx_upcall_fn(p, 7)};
    out->arg[0] = task->ipc_from;
    return 0;
}

START_TEST(sched_ipc_task_converted_and_appended_at_tail)
{
    /* spec §2.3: an IPC task is converted by the IPC hook and appended behind
     * what is already queued; the loop then takes the next head. */
    struct tk_kernel k;
    struct kd kd;
    struct kd_events rec;
    struct tk_process *p = kd_setup(&k, &kd);
    tk_kernel_set_ipc_deliver(&k, ipc_to_upcall, NULL);
    kd_record_events(&k, &rec);
    struct tk_task ipc = {.kind = TK_TASK_IPC, .ipc_from = 3, .ipc_service = true};
    tk_process_enqueue(p, &ipc);
    fx_subscribe(&k, p, KD_NUM, 0, 0, 0);
    kd_schedule(&kd, p, 0, 1); /* a ReturnValue behind the IPC task */
    fx_syscall(&k, p, TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    rec.count = 0;
    tk_kernel_step(&k);
    /* IPC -> FunctionCall at the tail; the ReturnValue is discarded; the
     * converted call runs; the fixture's next Yield-Wait finds nothing. */
    ck_assert_uint_eq(kd_event_count(&rec, TK_EV_UPCALL), 1);
    ck_assert_uint_eq(fx_switch_count(p), 1);
    ck_assert_uint_eq(fx_last_resume(p)->kind, TK_RESUME_UPCALL);
    ck_assert_uint_eq(fx_last_resume(p)->pc, fx_upcall_fn(p, 7));
    ck_assert_uint_eq(fx_last_resume(p)->arg[0], 3);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(sched_ipc_task_discarded_without_hook)
{
    /* spec §2.3: with no IPC capsule the notification cannot be delivered. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_task ipc = {.kind = TK_TASK_IPC, .ipc_from = 0};
    tk_process_enqueue(p, &ipc);
    fx_syscall(&k, p, TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    ck_assert_int_eq(tk_kernel_run(&k), 2);
    ck_assert_uint_eq(fx_switch_count(p), 0);
    ck_assert_uint_eq(fx_task_count(p), 0);
    fx_kernel_fini(&k);
}
END_TEST

static bool request_stop(struct tk_kernel *k, uint64_t next, void *ctx)
{
    *(uint64_t *)ctx = next;
    tk_kernel_request_stop(k);
    return true;
}

START_TEST(sched_stop_request_ends_run_with_3)
{
    /* kernel.h tk_kernel_run: 3 on stop request; the idle hook sees the
     * earliest deadline. */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    struct tk_deadline dl = {.fire = fire_upcall, .owner = &kd};
    uint64_t seen = 0;
    k.platform.idle = request_stop;
    k.platform.ctx = &seen;
    fx_syscall(&k, p, TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    tk_deadline_arm(&k, &dl, 7 * MS);
    ck_assert_int_eq(tk_kernel_run(&k), 3);
    ck_assert_uint_eq(seen, 7 * MS);
    ck_assert_uint_eq(tk_kernel_now(&k), 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(events_carry_virtual_time)
{
    /* architecture.md Events: every event has its virtual timestamp. */
    struct tk_kernel k;
    struct kd kd;
    struct kd_events rec;
    struct tk_process *p = kd_setup(&k, &kd);
    kd_record_events(&k, &rec);
    tk_kernel_advance(&k, 123);
    fx_command(&k, p, KD_NUM, KD_CMD_EXISTS, 0, 0);
    ck_assert_uint_eq(rec.count, 1);
    ck_assert_uint_eq(rec.ev[0].time_ns, 123);
    fx_kernel_fini(&k);
}
END_TEST

struct fire_log {
    struct tk_deadline dl[4];
    int order[4];
    unsigned count;
};

static void record_fire(struct tk_deadline *dl)
{
    struct fire_log *log = dl->owner;
    log->order[log->count++] = (int)(dl - log->dl);
}

START_TEST(deadlines_fire_by_time_then_arming_order)
{
    /* style §7: ties go by arming order; disarmed deadlines never fire. */
    struct tk_kernel k;
    struct fire_log log = {0};
    fx_kernel_init(&k);
    for (unsigned i = 0; i < 4; i++)
        log.dl[i] = (struct tk_deadline){.fire = record_fire, .owner = &log};
    tk_deadline_arm(&k, &log.dl[0], 10);
    tk_deadline_arm(&k, &log.dl[1], 5);
    tk_deadline_arm(&k, &log.dl[2], 5);
    tk_deadline_arm(&k, &log.dl[3], 5);
    tk_deadline_disarm(&k, &log.dl[3]);
    ck_assert_uint_eq(tk_kernel_next_deadline(&k), 5);
    tk_kernel_advance(&k, 7);
    ck_assert_uint_eq(log.count, 2);
    ck_assert_int_eq(log.order[0], 1);
    ck_assert_int_eq(log.order[1], 2);
    ck_assert_uint_eq(tk_kernel_now(&k), 7);
    tk_kernel_advance(&k, 3); /* never backwards */
    ck_assert_uint_eq(tk_kernel_now(&k), 7);
    tk_kernel_advance(&k, 20);
    ck_assert_uint_eq(log.count, 3);
    ck_assert_int_eq(log.order[2], 0);
    ck_assert_uint_eq(tk_kernel_next_deadline(&k), TK_NO_DEADLINE);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(sched_fault_trap_applies_policy_and_stops_context)
{
    /* spec §5.2, §5.3 Stop: the fault is recorded, the process Faulted and
     * its context stopped between processes. */
    struct tk_kernel k;
    struct script_log log = {0};
    struct tk_trap fault = {.kind = TK_TRAP_FAULT,
                            .fault = {.kind = TK_FAULT_MEMORY, .address = 0x1234}};
    fx_kernel_init(&k);
    struct tk_process *p = script_process(&k, &log, &fault, 1);
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    ck_assert_int_eq(p->last_fault.kind, TK_FAULT_MEMORY);
    ck_assert_uint_eq(p->last_fault.address, 0x1234);
    ck_assert_uint_eq(script_of(p)->stops, 1);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(sched_restart_policy_restarts_context_with_init_call)
{
    /* spec §5.3 Restart: a fresh context starts with the init call. */
    struct tk_kernel k;
    struct script_log log = {0};
    struct tk_trap fault = {.kind = TK_TRAP_FAULT, .fault = {.kind = TK_FAULT_ILLEGAL}};
    fx_kernel_init(&k);
    k.config.fault_policy = TK_FAULT_POLICY_RESTART;
    struct tk_process *p = script_process(&k, &log, &fault, 1);
    uint32_t id = p->id;
    ck_assert_int_eq(tk_kernel_run(&k), 0); /* after restart, the script exits */
    ck_assert_uint_eq(p->restart_count, 1);
    ck_assert_uint_ne(p->id, id);
    ck_assert_uint_eq(script_of(p)->starts, 1);
    ck_assert_uint_eq(script_of(p)->last.kind, TK_RESUME_START);
    ck_assert_uint_eq(script_of(p)->last.arg[1], p->memory_start);
    ck_assert_int_eq(p->completion, TK_COMPLETION_CODE);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(sched_panic_policy_ends_run_with_1)
{
    /* spec §5.3 Panic: Faulted, then the kernel panics and halts. */
    struct tk_kernel k;
    struct script_log log = {0};
    struct tk_trap fault = {.kind = TK_TRAP_FAULT, .fault = {.kind = TK_FAULT_ARITHMETIC}};
    fx_kernel_init(&k);
    k.config.fault_policy = TK_FAULT_POLICY_PANIC;
    struct tk_process *p = script_process(&k, &log, &fault, 1);
    ck_assert_int_eq(tk_kernel_run(&k), 1);
    ck_assert(k.panicked);
    ck_assert_str_eq(k.panic_message, "Process app had a fault");
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    ck_assert_uint_eq(script_of(p)->stops, 1);
    ck_assert(!tk_kernel_step(&k));
    fx_kernel_fini(&k);
}
END_TEST

/* ---- fault policies without the loop ---- */

struct policy_case {
    enum tk_fault_policy policy;
    unsigned threshold, restarts_before;
    enum tk_state state;
    bool restarted, panicked;
    const char *debug;
};

static const struct policy_case policy_cases[] = {
    {TK_FAULT_POLICY_PANIC, 0, 0, TK_STATE_FAULTED, false, true,
     "Kernel panic: Process app had a fault"},
    {TK_FAULT_POLICY_STOP, 0, 0, TK_STATE_FAULTED, false, false, NULL},
    {TK_FAULT_POLICY_STOP_WITH_DEBUG, 0, 0, TK_STATE_FAULTED, false, false,
     "Process app faulted and was stopped."},
    {TK_FAULT_POLICY_RESTART, 0, 0, TK_STATE_YIELDED, true, false, NULL},
    {TK_FAULT_POLICY_RESTART_WITH_DEBUG, 0, 0, TK_STATE_YIELDED, true, false,
     "Process app faulted and will be restarted."},
    {TK_FAULT_POLICY_THRESHOLD_RESTART, 2, 2, TK_STATE_YIELDED, true, false, NULL},
    {TK_FAULT_POLICY_THRESHOLD_RESTART, 2, 3, TK_STATE_FAULTED, false, false, NULL},
    {TK_FAULT_POLICY_THRESHOLD_RESTART_THEN_PANIC, 1, 1, TK_STATE_YIELDED, true, false, NULL},
    {TK_FAULT_POLICY_THRESHOLD_RESTART_THEN_PANIC, 1, 2, TK_STATE_FAULTED, false, true,
     "Kernel panic: Process app had a fault"},
};

START_TEST(fault_policy_decides_outcome)
{
    /* spec §5.3: each policy's action, threshold `restart_count <= n`, and
     * the exact debug lines. */
    const struct policy_case *c = &policy_cases[_i];
    struct tk_kernel k;
    struct kd_events rec;
    fx_kernel_init(&k);
    k.config.fault_policy = c->policy;
    k.config.fault_threshold = c->threshold;
    kd_record_events(&k, &rec);
    struct tk_process *p = fx_process_new(&k, "app", 0);
    p->restart_count = c->restarts_before;
    struct tk_fault fault = {.kind = TK_FAULT_KERNEL_FORCED};
    tk_process_set_fault(p, &fault);
    ck_assert_int_eq(p->state, c->state);
    ck_assert_uint_eq(p->restart_count, c->restarts_before + (c->restarted ? 1 : 0));
    ck_assert_int_eq(k.panicked, c->panicked);
    /* A panic halts without terminating (completion stays None). */
    ck_assert_int_eq(p->completion, c->panicked ? TK_COMPLETION_NONE : TK_COMPLETION_FAULTED);
    ck_assert_uint_eq(kd_event_count(&rec, TK_EV_FAULT), 1);
    if (c->debug != NULL) {
        ck_assert_uint_eq(rec.debug_count, 1);
        ck_assert_str_eq(rec.debug[0], c->debug);
    } else {
        ck_assert_uint_eq(rec.debug_count, 0);
    }
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(fault_restart_holds_only_a_process_that_faults_before_time_moves)
{
    /* spec §5.3 Restart, with tockemu's deviation (process.c
     * hold_fault_restart): the first restart is at once; a fault again at
     * the same instant holds the restarted process one timeslice, the next
     * such fault two; a fault after time moved restarts at once again. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    k.config.fault_policy = TK_FAULT_POLICY_RESTART;
    uint64_t slice = k.config.timeslice_ns;
    struct tk_process *p = fx_process_new(&k, "app", 0);
    struct tk_fault fault = {.kind = TK_FAULT_KERNEL_FORCED};
    tk_process_set_fault(p, &fault);
    ck_assert_uint_eq(p->held_until_ns, 0);
    tk_process_set_fault(p, &fault);
    ck_assert_uint_eq(p->held_until_ns, slice);
    ck_assert_uint_eq(tk_kernel_next_deadline(&k), slice);
    fx_advance(&k, slice); /* the hold ends: the init call may run */
    ck_assert_uint_eq(p->held_until_ns, 0);
    tk_process_set_fault(p, &fault); /* at once after its release */
    ck_assert_uint_eq(p->held_until_ns, 3 * slice);
    fx_advance(&k, 2 * slice);
    fx_advance(&k, 1); /* it ran a while before this fault */
    tk_process_set_fault(p, &fault);
    ck_assert_uint_eq(p->held_until_ns, 0);
    ck_assert_uint_eq(p->restart_count, 4);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(fault_on_terminated_under_stop_becomes_faulted)
{
    /* spec §10.22: `fault` on a Terminated process under Stop -> Faulted;
     * start() then refuses it; try_restart accepts Faulted. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    struct tk_process *p = fx_process_new(&k, "app", 0);
    tk_process_terminate(p, TK_COMPLETION_CODE, 4);
    ck_assert_int_eq(tk_process_try_restart(p, TK_COMPLETION_FAULTED, 0), TK_FAIL);
    ck_assert_int_eq(p->state, TK_STATE_TERMINATED);
    struct tk_fault fault = {.kind = TK_FAULT_KERNEL_FORCED};
    tk_process_set_fault(p, &fault);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    ck_assert_int_eq(p->completion, TK_COMPLETION_CODE); /* terminate was a no-op */
    ck_assert_int_eq(tk_process_start(p), TK_FAIL);
    ck_assert_int_eq(tk_process_try_restart(p, TK_COMPLETION_FAULTED, 0), 0);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(start_only_from_terminated)
{
    /* spec §5.1 start(): Terminated -> reset -> Yielded; else refused. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    struct tk_process *p = fx_process_new(&k, "app", 0);
    ck_assert_int_eq(tk_process_start(p), TK_FAIL);
    tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
    ck_assert_int_eq(tk_process_start(p), 0);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED);
    ck_assert_uint_eq(p->restart_count, 1);
    ck_assert_uint_eq(fx_task_count(p), 1);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(stop_and_resume_round_trip)
{
    /* spec §5.1: stop -> Stopped(prev), resume -> prev; no-ops otherwise;
     * a stopped process is never scheduled (§2.4). */
    struct tk_kernel k;
    struct kd kd;
    struct tk_process *p = kd_setup(&k, &kd);
    fx_syscall(&k, p, TK_CLASS_YIELD, TK_YIELD_WAIT_FOR, KD_NUM, 0, 0);
    tk_grant_enter(&kd.driver, p, NULL);
    tk_process_stop(p);
    ck_assert_int_eq(p->state, TK_STATE_STOPPED);
    ck_assert_int_eq(p->stopped_from, TK_STATE_YIELDED_FOR);
    ck_assert_int_eq(kd_schedule(&kd, p, 0, 1), 0);
    ck_assert_int_eq(tk_kernel_run(&k), 2);
    tk_process_stop(p); /* no-op */
    ck_assert_int_eq(p->stopped_from, TK_STATE_YIELDED_FOR);
    p->wait_for_ready = false;
    tk_process_resume(p);
    ck_assert_int_eq(p->state, TK_STATE_YIELDED_FOR);
    ck_assert(p->wait_for_ready); /* recomputed from the queue */
    tk_process_resume(p);         /* no-op */
    ck_assert_int_eq(p->state, TK_STATE_YIELDED_FOR);
    tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
    tk_process_stop(p);
    ck_assert_int_eq(p->state, TK_STATE_TERMINATED);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(state_strings_match_process_console)
{
    /* spec §9.2: the exact state strings. */
    struct tk_kernel k;
    char out[128];
    fx_kernel_init(&k);
    struct tk_process *p = fx_process_new(&k, "app", 0);
    tk_process_state_string(p, out, sizeof out);
    ck_assert_str_eq(out, "Running");
    tk_process_stop(p);
    tk_process_state_string(p, out, sizeof out);
    ck_assert_str_eq(out, "Stopped(Running)");
    tk_process_resume(p);
    fx_syscall(&k, p, TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    tk_process_state_string(p, out, sizeof out);
    ck_assert_str_eq(out, "Yielded");
    tk_process_stop(p);
    tk_process_state_string(p, out, sizeof out);
    ck_assert_str_eq(out, "Stopped(Yielded)");
    tk_process_resume(p);
    fx_syscall(&k, p, TK_CLASS_COMMAND, 0, 0, 0, 0);
    fx_syscall(&k, p, TK_CLASS_YIELD, TK_YIELD_WAIT_FOR, 0x40001, 3, 0);
    tk_process_state_string(p, out, sizeof out);
    ck_assert_str_eq(out, "YieldedFor(UpcallId { driver_num: 0x40001, subscribe_num: 3 })");
    tk_process_stop(p);
    tk_process_state_string(p, out, sizeof out);
    ck_assert_str_eq(out,
                     "Stopped(YieldedFor(UpcallId { driver_num: 0x40001, subscribe_num: 3 }))");
    tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
    tk_process_state_string(p, out, sizeof out);
    ck_assert_str_eq(out, "Terminated");
    struct tk_fault fault = {.kind = TK_FAULT_KERNEL_FORCED};
    tk_process_set_fault(p, &fault);
    tk_process_state_string(p, out, sizeof out);
    ck_assert_str_eq(out, "Faulted");
    tk_process_state_string(p, out, 4);
    ck_assert_str_eq(out, "Fau");
    fx_kernel_fini(&k);
}
END_TEST

/* ---- process creation ---- */

static int failing_start(struct tk_process *p)
{
    (void)p;
    return -12;
}

START_TEST(create_process_checks_memory_and_start)
{
    /* spec §5.6: RAM must hold the kernel-owned top; a failed host start
     * removes the process (TK_FAIL). */
    struct tk_kernel k;
    static uint64_t ram[4096];
    const struct tk_process_ops failing = {.start = failing_start};
    struct tk_process_config cfg = {
        .name = "x",
        .memory_start = (uint64_t)(uintptr_t)ram,
        .memory_len = 256,
        .initial_break = (uint64_t)(uintptr_t)ram,
    };
    int err = 0;
    fx_kernel_init(&k);
    ck_assert_ptr_null(tk_kernel_create_process(&k, &cfg, &err));
    ck_assert_int_eq(err, TK_NOMEM);
    cfg.memory_len = sizeof ram;
    cfg.initial_break = cfg.memory_start + sizeof ram;
    ck_assert_ptr_null(tk_kernel_create_process(&k, &cfg, &err));
    ck_assert_int_eq(err, TK_NOMEM);
    cfg.initial_break = cfg.memory_start;
    cfg.ops = &failing;
    ck_assert_ptr_null(tk_kernel_create_process(&k, &cfg, &err));
    ck_assert_int_eq(err, TK_FAIL);
    ck_assert_uint_eq(tk_kernel_process_slots(&k), 0);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(create_process_queues_init_call_and_assigns_ids)
{
    /* spec §1.8: Yielded with the init FunctionCall; fresh ids per process. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    struct tk_process *a = fx_process_new(&k, "a", 0);
    struct tk_process *b = fx_process_new(&k, "b", 8192);
    ck_assert_uint_eq(a->id, 0);
    ck_assert_uint_eq(b->id, 1);
    ck_assert_uint_eq(b->slot, 1);
    ck_assert_ptr_eq(tk_kernel_process_at(&k, 1), b);
    ck_assert_ptr_null(tk_kernel_process_at(&k, 2));
    ck_assert_uint_eq(fx_start_count(b), 1);
    ck_assert_uint_eq(b->kernel_break % 8, 0);
    ck_assert_uint_lt(b->kernel_break, b->memory_start + b->memory_len);
    ck_assert_uint_eq(b->allow_high_water_mark, b->memory_start);
    ck_assert_str_eq(b->name, "b");
    for (unsigned i = 2; i < TK_MAX_PROCESSES; i++)
        fx_process_new(&k, "n", 8192);
    static uint64_t ram[1024];
    struct tk_process_config cfg = {.memory_start = (uint64_t)(uintptr_t)ram,
                                    .memory_len = sizeof ram,
                                    .initial_break = (uint64_t)(uintptr_t)ram};
    int err = 0;
    ck_assert_ptr_null(tk_kernel_create_process(&k, &cfg, &err));
    ck_assert_int_eq(err, TK_NOMEM);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(every_syscall_is_one_event_with_its_return)
{
    /* architecture.md Events: a syscall and its return are one event. */
    struct tk_kernel k;
    struct kd kd;
    struct kd_events rec;
    struct tk_process *p = kd_setup(&k, &kd);
    kd_record_events(&k, &rec);
    fx_command(&k, p, KD_MISSING_NUM, 0, 0, 0);
    fx_syscall(&k, p, TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    ck_assert_uint_eq(kd_event_count(&rec, TK_EV_SYSCALL), 2);
    ck_assert_uint_eq(kd_event_count(&rec, TK_EV_STATE), 1);
    const struct tk_event *ev = &rec.ev[0];
    ck_assert_int_eq(ev->kind, TK_EV_SYSCALL);
    ck_assert_ptr_eq(ev->process, p);
    ck_assert_uint_eq(ev->syscall.class_id, TK_CLASS_COMMAND);
    ck_assert_uint_eq(ev->ret.reg[1], TK_NODEVICE);
    fx_kernel_fini(&k);
}
END_TEST

Suite *sched_suite(void)
{
    Suite *s = suite_create("sched");
    TCase *tc = tcase_create("sched");
    tcase_add_test(tc, sched_round_robin_alternates_on_timeslice);
    tcase_add_test(tc, sched_timeslice_resumes_with_continue_and_emits_event);
    tcase_add_test(tc, sched_syscalls_cost_no_virtual_time);
    tcase_add_test(tc, sched_deferred_work_interrupts_and_same_process_resumes);
    tcase_add_test(tc, sched_slice_used_up_between_syscalls_counts_and_moves_clock);
    tcase_add_test(tc, sched_syscalls_alone_use_up_the_slice_deterministically);
    tcase_add_test(tc, sched_idle_jumps_clock_to_next_deadline);
    tcase_add_test(tc, sched_nothing_can_happen_returns_2);
    tcase_add_test(tc, sched_idle_hook_false_without_deadline_returns_2);
    tcase_add_test(tc, sched_idle_hook_input_makes_process_ready);
    tcase_add_test(tc, sched_deferred_call_runs_before_scheduling);
    tcase_add_test(tc, deadlines_fire_by_time_then_arming_order);
    tcase_add_test(tc, sched_ipc_task_converted_and_appended_at_tail);
    tcase_add_test(tc, sched_ipc_task_discarded_without_hook);
    tcase_add_test(tc, sched_stop_request_ends_run_with_3);
    tcase_add_test(tc, events_carry_virtual_time);
    tcase_add_test(tc, sched_fault_trap_applies_policy_and_stops_context);
    tcase_add_test(tc, sched_restart_policy_restarts_context_with_init_call);
    tcase_add_test(tc, sched_panic_policy_ends_run_with_1);
    tcase_add_loop_test(tc, fault_policy_decides_outcome, 0,
                        sizeof policy_cases / sizeof policy_cases[0]);
    tcase_add_test(tc, fault_restart_holds_only_a_process_that_faults_before_time_moves);
    tcase_add_test(tc, fault_on_terminated_under_stop_becomes_faulted);
    tcase_add_test(tc, start_only_from_terminated);
    tcase_add_test(tc, stop_and_resume_round_trip);
    tcase_add_test(tc, state_strings_match_process_console);
    tcase_add_test(tc, create_process_checks_memory_and_start);
    tcase_add_test(tc, create_process_queues_init_call_and_assigns_ids);
    tcase_add_test(tc, every_syscall_is_one_event_with_its_return);
    suite_add_tcase(s, tc);
    return s;
}
