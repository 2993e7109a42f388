/* A tiny syscall driver and an event recorder for the kernel-core suites.
 *
 * Private to tests/kernel (see kdriver.h). Commands reach the kernel helpers
 * a capsule would use: tk_upcall_schedule, tk_process_terminate/try_restart.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "kdriver.h"

static struct kd *kd_of(struct tk_driver *d)
{
    return d->state;
}

static struct tk_cmd_return kd_command(struct tk_driver *d, struct tk_process *p, uint32_t command,
                                       uint32_t arg0, uint32_t arg1)
{
    struct kd *kd = kd_of(d);
    int err;

    switch (command) {
    case KD_CMD_EXISTS:
        return tk_cmd_success();
    case KD_CMD_SCHEDULE:
        err = tk_upcall_schedule(d, p, arg0, arg1, 2, 3);
        return tk_cmd_from_status(err);
    case KD_CMD_ECHO:
        return tk_cmd_success_u32_u32(arg0, arg1);
    case KD_CMD_TERMINATE:
        tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
        return tk_cmd_success();
    case KD_CMD_RESTART:
        tk_process_try_restart(p, TK_COMPLETION_FAULTED, 0);
        return tk_cmd_success();
    case KD_CMD_VARIANT:
        return kd->next_result;
    case KD_CMD_DEFER:
        tk_deferred_call_schedule(d->kernel, &kd->deferred);
        return tk_cmd_success();
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static int kd_allow_ur(struct tk_driver *d, struct tk_process *p, uint32_t number, uint64_t addr,
                       uint64_t len, uint64_t *prev_addr, uint64_t *prev_len)
{
    struct kd *kd = kd_of(d);
    (void)p;
    kd->ur_calls++;
    if (!kd->ur_supported || number != 0)
        return TK_NOSUPPORT;
    *prev_addr = kd->ur_addr;
    *prev_len = kd->ur_len;
    kd->ur_addr = addr;
    kd->ur_len = len;
    return 0;
}

static void kd_grant_init(struct tk_driver *d, struct tk_process *p, void *grant)
{
    (void)p;
    (void)grant;
    kd_of(d)->grant_inits++;
}

static void kd_deferred(struct tk_deferred_call *dc)
{
    ((struct kd *)dc->owner)->deferred_runs++;
}

static void kd_process_gone(struct tk_driver *d, struct tk_process *p)
{
    (void)p;
    kd_of(d)->process_gone++;
}

static const struct tk_driver_ops kd_ops = {
    .command = kd_command,
    .allow_userspace_readable = kd_allow_ur,
    .grant_init = kd_grant_init,
    .process_gone = kd_process_gone,
    .has_grant = true,
    .grant_size = KD_GRANT_SIZE,
    .upcall_count = KD_UPCALLS,
    .allow_ro_count = KD_RO,
    .allow_rw_count = KD_RW,
};

/* All-default vtable: no command, no grant (spec §10.6). */
static const struct tk_driver_ops kd_nogrant_ops = {.has_grant = false};

void kd_register(struct tk_kernel *k, struct kd *kd)
{
    memset(kd, 0, sizeof *kd);
    kd->driver = (struct tk_driver){.number = KD_NUM, .ops = &kd_ops, .state = kd};
    kd->nogrant = (struct tk_driver){.number = KD_NOGRANT_NUM, .ops = &kd_nogrant_ops};
    kd->deferred = (struct tk_deferred_call){.fn = kd_deferred, .owner = kd};
    ck_assert_int_eq(tk_kernel_add_driver(k, &kd->driver), 0);
    ck_assert_int_eq(tk_kernel_add_driver(k, &kd->nogrant), 0);
}

struct tk_process *kd_setup(struct tk_kernel *k, struct kd *kd)
{
    fx_kernel_init(k);
    kd_register(k, kd);
    return fx_process_new(k, "app", 0);
}

int kd_schedule(struct kd *kd, struct tk_process *p, unsigned number, uint32_t a0)
{
    return tk_upcall_schedule(&kd->driver, p, number, a0, 2, 3);
}

static void kd_on_event(struct tk_kernel *k, const struct tk_event *ev, void *ctx)
{
    struct kd_events *rec = ctx;
    (void)k;
    if (ev->kind == TK_EV_DEBUG && rec->debug_count < 4)
        snprintf(rec->debug[rec->debug_count++], sizeof rec->debug[0], "%s", ev->text);
    if (rec->count < KD_MAX_EVENTS) {
        rec->ev[rec->count] = *ev;
        rec->ev[rec->count].text = NULL; /* the line lives only during the call */
        rec->count++;
    }
}

void kd_record_events(struct tk_kernel *k, struct kd_events *rec)
{
    memset(rec, 0, sizeof *rec);
    k->platform.event = kd_on_event;
    k->platform.ctx = rec;
}

unsigned kd_event_count(const struct kd_events *rec, enum tk_event_kind kind)
{
    unsigned n = 0;
    for (unsigned i = 0; i < rec->count; i++)
        n += rec->ev[i].kind == kind;
    return n;
}
