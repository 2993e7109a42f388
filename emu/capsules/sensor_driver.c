/* The reading engine of the one-shot sensor capsules (see sensor_driver.h).
 *
 * Mirrors the enqueue_command / callback pair every one of
 * tock/tock capsules/extra/src/{temperature,humidity,ambient_light,pressure,
 * moisture,rainfall,sound_pressure}.rs @65608d71 has:
 *
 *   command 1 --> grant entry --> subscribed = true --> busy? --yes--> S
 *                                                         | no
 *                                             busy = true; read(arg0)
 *                                             Ok -> S, Err(e) -> F(e)
 *   reading_done --> busy = false --> each subscribed process:
 *                                      upcall 0, subscribed = false
 *
 * The config names where the capsules part from this: REFUSE answers
 * F(BUSY) instead of joining; JOIN_QUIET answers S whatever happened
 * (ambient light ignores its own enqueue result); idle_after_failed_start
 * clears busy when read() fails (pressure, moisture, rainfall). Elsewhere a
 * failed read() leaves the capsule busy, as in Tock, so later commands wait
 * for a reading that never comes; the emulated sensors never fail to start.
 */
#include "container_of.h"
#include "sensor_driver.h"

enum sensor_upcall { SENSOR_UPCALL_READING, SENSOR_UPCALL_COUNT };

/* Command 1. */
static struct tk_cmd_return sensor_read(struct tk_sensor_driver *s, struct tk_process *p,
                                        uint32_t arg0)
{
    const struct tk_sensor_driver_config *c = s->config;
    int err = 0;
    struct tk_sensor_app *app = tk_grant_enter(&s->driver, p, &err);
    if (app == NULL)
        return c->busy == TK_SENSOR_JOIN_QUIET ? tk_cmd_success() : tk_cmd_failure(err);
    if (s->busy && c->busy == TK_SENSOR_REFUSE)
        return tk_cmd_failure(TK_BUSY);
    /* ambient_light.rs: a second request while one is pending is dropped
     * (its NOMEM is never returned); the command still says S. */
    app->subscribed = true;
    if (s->busy)
        return tk_cmd_success();
    s->busy = true;
    int rc = s->sensor->ops->read(s->sensor, arg0);
    if (rc != 0 && c->idle_after_failed_start)
        s->busy = false;
    if (c->busy == TK_SENSOR_JOIN_QUIET)
        return tk_cmd_success();
    return rc == 0 ? tk_cmd_success() : tk_cmd_failure(rc);
}

static struct tk_cmd_return sensor_command(struct tk_driver *d, struct tk_process *p,
                                           uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_sensor_driver *s = d->state;
    struct tk_cmd_return ret;
    (void)arg1;

    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return sensor_read(s, p, arg0);
    default:
        if (s->config->command != NULL && s->config->command(d, p, command, arg0, &ret))
            return ret;
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* The reading is in: upcall every subscribed process, in slot order. */
static void sensor_reading_done(struct tk_sensor_client *client, int error, const int32_t value[3])
{
    struct tk_sensor_driver *s = tk_container_of(client, struct tk_sensor_driver, client);
    const struct tk_sensor_driver_config *c = s->config;
    unsigned slot = 0;
    struct tk_process *p;
    void *data;

    /* sound_pressure.rs clears busy only on finding a subscriber. */
    if (c->busy != TK_SENSOR_REFUSE)
        s->busy = false;
    while ((p = tk_grant_next(&s->driver, &slot, &data)) != NULL) {
        struct tk_sensor_app *app = data;
        if (!app->subscribed)
            continue;
        if (c->busy == TK_SENSOR_REFUSE)
            s->busy = false;
        if (c->upcall == TK_SENSOR_STATUS) {
            app->subscribed = false;
            (void)tk_upcall_schedule(&s->driver, p, SENSOR_UPCALL_READING, (uint32_t)error,
                                     error == 0 ? (uint32_t)value[0] : 0, 0);
        } else if (error == 0) {
            app->subscribed = false;
            (void)tk_upcall_schedule(&s->driver, p, SENSOR_UPCALL_READING, (uint32_t)value[0], 0,
                                     0);
        } else if (c->busy == TK_SENSOR_REFUSE) {
            app->subscribed = false; /* sound_pressure.rs: dropped without an upcall */
        }
    }
}

static const struct tk_driver_ops sensor_ops = {
    .command = sensor_command,
    .has_grant = true,
    .grant_size = sizeof(struct tk_sensor_app),
    .upcall_count = SENSOR_UPCALL_COUNT,
};

void tk_sensor_driver_init(struct tk_sensor_driver *d, const struct tk_sensor_driver_config *config,
                           struct tk_sensor *sensor)
{
    *d = (struct tk_sensor_driver){
        .driver = {.number = config->number, .ops = &sensor_ops, .state = d},
        .client = {.reading_done = sensor_reading_done},
        .sensor = sensor,
        .config = config,
    };
    sensor->client = &d->client;
}
