/* The kernel object: drivers, process creation, the loop, the virtual clock.
 *
 * Mirrors tock/tock kernel/src/kernel.rs (Kernel::kernel_loop, do_process)
 * and kernel/src/scheduler/round_robin.rs @65608d71 (spec §1.8, §2.3, §2.4).
 *
 * One step of the loop:
 *
 *   deferred calls -> sweep host contexts -> pick next ready (round robin)
 *     ready:   run it for one timeslice (do_process), poll the platform
 *     none:    all ended? -> 0 | idle hook -> ready now? -> loop
 *              deadline? -> jump the clock to it | else -> 2 (deadlock)
 *
 * Virtual time moves only by timeslice expirations and by jumps to the
 * earliest deadline when nothing can run; syscalls cost no time.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel-internal.h"

/* The defaults, defined here only: every front end (tockemu, the harness,
 * the bench) passes zero for "default". */
#define DEFAULT_SYSCALL_COST_NS 1000ull   /* 1 us: a Cortex-M syscall round trip */
#define DEFAULT_TIMESLICE_NS    10000000u /* 10 ms, as the round-robin scheduler */
/* Deviation: Tock boards default to panic; on a host a faulted app should
 * stop and let the others (and the test reading its fault) go on. */
#define DEFAULT_FAULT_POLICY TK_FAULT_POLICY_STOP

_Static_assert(TK_MAX_DRIVERS <= TK_MAX_GRANTS, "every driver needs a grant table slot");

void tk_kernel_init(struct tk_kernel *k, const struct tk_kernel_config *config)
{
    memset(k, 0, sizeof *k);
    if (config != NULL)
        k->config = *config;
    if (k->config.fault_policy == TK_FAULT_POLICY_DEFAULT)
        k->config.fault_policy = DEFAULT_FAULT_POLICY;
    if (k->config.timeslice_ns == 0)
        k->config.timeslice_ns = DEFAULT_TIMESLICE_NS;
    if (k->config.syscall_cost_ns == 0)
        k->config.syscall_cost_ns = DEFAULT_SYSCALL_COST_NS;
}

void tk_kernel_fini(struct tk_kernel *k)
{
    for (unsigned i = 0; i < k->process_count; i++) {
        struct tk_process *p = k->processes[i];
        tk__process_host_stop(p);
        if (p->ops != NULL && p->ops->destroy != NULL)
            p->ops->destroy(p);
        tk__grant_free_all(p);
        free(p);
        k->processes[i] = NULL;
    }
    k->process_count = 0;
    /* Drivers keep their kernel pointer: capsule cleanup after this may
     * still disarm its deadlines against the (now empty) lists. */
    k->driver_count = 0;
    k->deadlines = NULL;
    k->deferred_head = k->deferred_tail = NULL;
}

int tk_kernel_add_driver(struct tk_kernel *k, struct tk_driver *d)
{
    if (k->driver_count == TK_MAX_DRIVERS)
        return TK_NOMEM;
    if (tk_kernel_driver(k, d->number) != NULL)
        return TK_ALREADY;
    d->grant_index = k->driver_count; /* the table index is the grant index */
    d->kernel = k;
    k->drivers[k->driver_count++] = d;
    return 0;
}

void tk_kernel_remove_driver(struct tk_kernel *k, struct tk_driver *d)
{
    assert(k->process_count == 0);
    unsigned i = 0;
    while (i < k->driver_count && k->drivers[i] != d)
        i++;
    if (i == k->driver_count)
        return;
    /* O(n) shift; n <= 64. The grant index follows the table index. */
    for (; i + 1 < k->driver_count; i++) {
        k->drivers[i] = k->drivers[i + 1];
        k->drivers[i]->grant_index = i;
    }
    k->driver_count--;
}

void tk_kernel_set_platform(struct tk_kernel *k, const struct tk_platform *platform)
{
    k->platform = *platform;
}

void tk_kernel_set_filter(struct tk_kernel *k,
                          int (*filter)(struct tk_kernel *k, struct tk_process *p,
                                        const struct tk_syscall *sc))
{
    k->filter = filter;
}

void tk_kernel_set_before_switch(struct tk_kernel *k,
                                 void (*fn)(struct tk_kernel *k, struct tk_process *p, void *ctx),
                                 void *ctx)
{
    k->before_switch = fn;
    k->before_switch_ctx = ctx;
}

void tk_kernel_set_ipc_deliver(struct tk_kernel *k,
                               int (*fn)(struct tk_kernel *k, struct tk_process *p,
                                         const struct tk_task *task, struct tk_task *out,
                                         void *ctx),
                               void *ctx)
{
    k->ipc_deliver = fn;
    k->ipc_deliver_ctx = ctx;
}

void tk_kernel_request_stop(struct tk_kernel *k)
{
    k->stop_requested = true;
}

struct tk_driver *tk_kernel_driver(struct tk_kernel *k, uint32_t number)
{
    /* O(n) over drivers; n <= 64. */
    for (unsigned i = 0; i < k->driver_count; i++)
        if (k->drivers[i]->number == number)
            return k->drivers[i];
    return NULL;
}

struct tk_process *tk_kernel_process_at(struct tk_kernel *k, unsigned slot)
{
    return slot < k->process_count ? k->processes[slot] : NULL;
}

struct tk_process *tk_kernel_process_by_id(struct tk_kernel *k, uint32_t id)
{
    for (unsigned i = 0; i < k->process_count; i++)
        if (k->processes[i]->id == id)
            return k->processes[i];
    return NULL;
}

unsigned tk_kernel_process_slots(const struct tk_kernel *k)
{
    return k->process_count;
}

/* Copy the loader's description into a fresh process (ProcessStandard::create). */
static void process_setup(struct tk_kernel *k, struct tk_process *p,
                          const struct tk_process_config *cfg)
{
    p->kernel = k;
    p->slot = k->process_count;
    p->id = k->next_process_id++;
    snprintf(p->name, sizeof p->name, "%s", cfg->name != NULL ? cfg->name : "");
    p->short_id = cfg->short_id;
    p->memory_start = cfg->memory_start;
    p->memory_len = cfg->memory_len;
    p->flash_start = cfg->flash_start;
    p->flash_len = cfg->flash_len;
    p->flash_protected_size = cfg->flash_protected_size;
    p->init_pc = cfg->init_pc;
    p->initial_break = cfg->initial_break;
    p->app_break = cfg->initial_break;
    p->kernel_break = tk__process_kernel_top(p);
    p->allow_high_water_mark = cfg->memory_start;
    p->flash_region_count = cfg->flash_region_count;
    for (unsigned i = 0; i < p->flash_region_count; i++)
        p->flash_regions[i] = cfg->flash_regions[i];
    p->permissions = cfg->permissions;
    p->ops = cfg->ops;
    p->host = cfg->host;
    p->tbf = cfg->tbf;
    p->state = TK_STATE_YIELDED;
    tk__process_queue_init(p);
}

static bool memory_fits(const struct tk_process_config *cfg)
{
    uint64_t top = tk__process_top_size();
    uint64_t end = cfg->memory_start + cfg->memory_len;

    if (end < cfg->memory_start || cfg->memory_len < top)
        return false;
    return cfg->initial_break >= cfg->memory_start && cfg->initial_break <= ((end - top) & ~7ull);
}

struct tk_process *tk_kernel_create_process(struct tk_kernel *k,
                                            const struct tk_process_config *cfg, int *err)
{
    int dummy;
    struct tk_process *p = NULL;

    if (err == NULL)
        err = &dummy;
    *err = TK_INVAL;
    if (cfg->flash_region_count > TK_MAX_FLASH_REGIONS)
        goto fail;
    *err = TK_NOMEM;
    if (k->process_count == TK_MAX_PROCESSES || !memory_fits(cfg))
        goto fail;
    p = calloc(1, sizeof *p);
    if (p == NULL)
        goto fail;
    process_setup(k, p, cfg);
    k->processes[k->process_count++] = p;
    if (!tk__process_host_start(p)) {
        k->processes[--k->process_count] = NULL;
        *err = TK_FAIL;
        goto fail;
    }
    *err = 0;
    return p;

fail:
    free(p);
    return NULL;
}

/* ---- virtual clock, deferred calls, events ---- */

void tk_deadline_disarm(struct tk_kernel *k, struct tk_deadline *dl)
{
    for (struct tk_deadline **link = &k->deadlines; *link != NULL; link = &(*link)->next) {
        if (*link == dl) {
            *link = dl->next;
            break;
        }
    }
    dl->next = NULL;
    dl->armed = false;
}

void tk_deadline_arm(struct tk_kernel *k, struct tk_deadline *dl, uint64_t when_ns)
{
    if (dl->armed)
        tk_deadline_disarm(k, dl);
    dl->when_ns = when_ns;
    dl->armed = true;
    /* Sorted by (when, arming order) (style §7): inserted after equal times,
     * so ties fire in arming order. O(n) over armed deadlines. */
    struct tk_deadline **link = &k->deadlines;
    while (*link != NULL && (*link)->when_ns <= when_ns)
        link = &(*link)->next;
    dl->next = *link;
    *link = dl;
}

uint64_t tk_kernel_next_deadline(const struct tk_kernel *k)
{
    return k->deadlines != NULL ? k->deadlines->when_ns : TK_NO_DEADLINE;
}

void tk_kernel_advance(struct tk_kernel *k, uint64_t when_ns)
{
    /* A fired deadline may re-arm itself at or before when_ns: re-check. */
    while (k->deadlines != NULL && k->deadlines->when_ns <= when_ns) {
        struct tk_deadline *dl = k->deadlines;
        k->deadlines = dl->next;
        dl->next = NULL;
        dl->armed = false;
        if (dl->when_ns > k->now_ns)
            k->now_ns = dl->when_ns;
        dl->fire(dl);
    }
    if (when_ns > k->now_ns)
        k->now_ns = when_ns;
}

void tk_deferred_call_schedule(struct tk_kernel *k, struct tk_deferred_call *dc)
{
    if (dc->pending)
        return;
    dc->pending = true;
    dc->next = NULL;
    if (k->deferred_tail != NULL)
        k->deferred_tail->next = dc;
    else
        k->deferred_head = dc;
    k->deferred_tail = dc;
}

bool tk_kernel_run_deferred_calls(struct tk_kernel *k)
{
    struct tk_deferred_call *dc = k->deferred_head;
    bool ran = dc != NULL;

    /* Detach the list first: calls scheduled now wait for the next round. */
    k->deferred_head = k->deferred_tail = NULL;
    while (dc != NULL) {
        struct tk_deferred_call *next = dc->next;
        dc->next = NULL;
        dc->pending = false;
        k->deferred_calls_run++;
        dc->fn(dc);
        dc = next;
    }
    return ran;
}

void tk_kernel_emit(struct tk_kernel *k, struct tk_event *ev)
{
    if (!tk__kernel_wants(k, ev->kind))
        return;
    /* Stamped in place: one event per syscall, no copy on the hot path. */
    ev->time_ns = k->now_ns;
    k->platform.event(k, ev, k->platform.ctx);
}

void tk_kernel_debugf(struct tk_kernel *k, const char *fmt, ...)
{
    char line[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (k->platform.debug != NULL)
        k->platform.debug(k, line, k->platform.ctx);
    if (tk__kernel_wants(k, TK_EV_DEBUG)) {
        struct tk_event ev = {.kind = TK_EV_DEBUG, .text = line};
        tk_kernel_emit(k, &ev);
    }
}

void tk_kernel_device_event(struct tk_kernel *k, const char *fmt, ...)
{
    if (!tk__kernel_wants(k, TK_EV_DEVICE))
        return;
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    struct tk_event ev = {.kind = TK_EV_DEVICE, .text = line};
    tk_kernel_emit(k, &ev);
}

void tk_kernel_panic(struct tk_kernel *k, const char *message)
{
    if (k->panicked)
        return;
    k->panicked = true;
    snprintf(k->panic_message, sizeof k->panic_message, "%s", message);
    tk_kernel_debugf(k, "Kernel panic: %s", message);
}
