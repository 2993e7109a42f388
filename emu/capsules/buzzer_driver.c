/* Buzzer capsule: tones for apps, queued while another app's tone plays.
 *
 * Mirrors tock/tock capsules/extra/src/buzzer_driver.rs @65608d71 (Buzzer).
 *
 * Syscall interface, driver 0x90000:
 *
 *   command | arg0         | arg1        | result
 *   --------+--------------+-------------+----------------------------------
 *   0       |              |             | S
 *   1       | frequency Hz | duration ms | play (duration cut to 5000 ms):
 *           |              |             | S, or the buzzer's error; while
 *           |              |             | a tone plays it waits in the
 *           |              |             | grant: S, F(NOMEM) if one waits
 *   2       | frequency Hz | duration ms | play now, replacing the caller's
 *           |              |             | own tone: S; F(RESERVE) while
 *           |              |             | another app's tone plays
 *   3       |              |             | stop: S; F(RESERVE) another's
 *           |              |             | tone; F(OFF) nothing plays
 *   other   |              |             | F(NOSUPPORT)
 *
 * Subscribe 0: (status, 0, 0) when the tone ended or was stopped. No allows.
 *
 * Upstream quirks kept: command 1 while the buzzer is the caller's own
 * queues behind itself like any other app's; command 2 is not cut to the
 * maximum duration (the buzzer cuts it).
 * buzzer_done enters the grant by ProcessId, which allocates it: an app that
 * only commanded a tone (libtock-sync's tone, then yield-wait-for) gets its
 * upcall.
 */
#include "buzzer_driver.h"
#include "container_of.h"

enum buzzer_upcall { BUZZER_UPCALL_DONE, BUZZER_UPCALL_COUNT };

struct buzzer_app {
    bool pending; /* pending_command is Some */
    uint32_t frequency_hz, duration_ms;
};

static void buzzer_set_active(struct tk_buzzer_driver *d, struct tk_process *p)
{
    d->has_active = true;
    d->active_id = p->id;
}

/* Command 1 (enqueue_command). */
static struct tk_cmd_return buzzer_enqueue(struct tk_buzzer_driver *d, struct tk_process *p,
                                           uint32_t frequency_hz, uint32_t duration_ms)
{
    if (!d->has_active) {
        buzzer_set_active(d, p);
        return tk_cmd_from_status(d->buzzer->ops->buzz(d->buzzer, frequency_hz, duration_ms));
    }
    int err = 0;
    struct buzzer_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    if (app->pending)
        return tk_cmd_failure(TK_NOMEM);
    *app = (struct buzzer_app){
        .pending = true, .frequency_hz = frequency_hz, .duration_ms = duration_ms};
    return tk_cmd_success();
}

/* is_valid_app: the buzzer is free or the caller's. */
static bool buzzer_is_callers(const struct tk_buzzer_driver *d, const struct tk_process *p)
{
    return !d->has_active || d->active_id == p->id;
}

static struct tk_cmd_return buzzer_command(struct tk_driver *drv, struct tk_process *p,
                                           uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_buzzer_driver *d = drv->state;
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return buzzer_enqueue(d, p, arg0, arg1 < d->max_duration_ms ? arg1 : d->max_duration_ms);
    case 2:
        if (!buzzer_is_callers(d, p))
            return tk_cmd_failure(TK_RESERVE);
        buzzer_set_active(d, p);
        return tk_cmd_from_status(d->buzzer->ops->buzz(d->buzzer, arg0, arg1));
    case 3:
        if (!buzzer_is_callers(d, p))
            return tk_cmd_failure(TK_RESERVE);
        if (!d->has_active)
            return tk_cmd_failure(TK_OFF);
        return tk_cmd_from_status(d->buzzer->ops->stop(d->buzzer));
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* check_queue: start the first waiting tone, in slot order. */
static void buzzer_check_queue(struct tk_buzzer_driver *d)
{
    unsigned slot = 0;
    struct tk_process *p;
    void *data;
    while ((p = tk_grant_next(&d->driver, &slot, &data)) != NULL) {
        struct buzzer_app *app = data;
        if (!app->pending)
            continue;
        app->pending = false;
        buzzer_set_active(d, p);
        if (d->buzzer->ops->buzz(d->buzzer, app->frequency_hz, app->duration_ms) == 0)
            return;
    }
}

static void buzzer_done(struct tk_buzzer_client *c, int status)
{
    struct tk_buzzer_driver *d = tk_container_of(c, struct tk_buzzer_driver, client);
    if (d->has_active) {
        struct tk_process *p;
        if (tk_grant_enter_by_id(&d->driver, d->active_id, &p) != NULL)
            (void)tk_upcall_schedule(&d->driver, p, BUZZER_UPCALL_DONE, (uint32_t)status, 0, 0);
    }
    d->has_active = false;
    buzzer_check_queue(d);
}

static const struct tk_driver_ops buzzer_ops = {
    .command = buzzer_command,
    .has_grant = true,
    .grant_size = sizeof(struct buzzer_app),
    .upcall_count = BUZZER_UPCALL_COUNT,
};

void tk_buzzer_driver_init(struct tk_buzzer_driver *d, struct tk_buzzer *buzzer)
{
    *d = (struct tk_buzzer_driver){
        .driver = {.number = TK_DRIVER_NUM_BUZZER, .ops = &buzzer_ops, .state = d},
        .client = {.buzzer_done = buzzer_done},
        .buzzer = buzzer,
        .max_duration_ms = TK_BUZZER_MAX_DURATION_MS,
    };
    buzzer->client = &d->client;
}
