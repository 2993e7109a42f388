/* Proximity capsule: readings now, or once an object comes near or goes away.
 *
 * Mirrors tock/tock capsules/extra/src/proximity.rs @65608d71
 * (ProximitySensor).
 *
 * Syscall interface, driver 0x60005:
 *
 *   command | arg0  | arg1  | result
 *   --------+-------+-------+---------------------------------------------
 *   0       | -     | -     | S
 *   1       | -     | -     | read now: S; F(BUSY) if the caller waits already
 *   2       | lower | upper | read once the value is < lower or > upper
 *           |       |       | (each cut to 8 bits): S; F(BUSY) likewise
 *   other   |       |       | F(NOSUPPORT)
 *
 * Subscribe 0: (proximity 0..255, 0, 0); 255 is nearest. Allow: none.
 *
 * One sensor operation runs at a time. A thresholded read asks the sensor
 * for the tightest window of every waiting process (highest lower, lowest
 * upper), so no process misses its event; a read now pre-empts a running
 * thresholded read. When a reading arrives, plain readers get it, and
 * thresholded readers only if it is outside their own window; then the
 * first process still waiting (slot order) starts the next operation.
 */
#include "container_of.h"
#include "proximity.h"

enum proximity_upcall { PROXIMITY_UPCALL_READING, PROXIMITY_UPCALL_COUNT };

struct proximity_app {
    bool subscribed;
    enum tk_proximity_command command;
    uint8_t lower, upper;
};

/* The tightest window over every process waiting on a thresholded read. */
static void proximity_thresholds(struct tk_proximity *x, uint8_t *lower, uint8_t *upper)
{
    unsigned slot = 0;
    void *data;
    *lower = 0;
    *upper = 255;
    while (tk_grant_next(&x->driver, &slot, &data) != NULL) {
        struct proximity_app *app = data;
        if (!app->subscribed || app->command != TK_PROXIMITY_ON_INTERRUPT)
            continue;
        if (app->lower > *lower)
            *lower = app->lower;
        if (app->upper < *upper)
            *upper = app->upper;
    }
}

/* Start `command` on the sensor (results ignored, as in Tock). */
static void proximity_start(struct tk_proximity *x, enum tk_proximity_command command)
{
    uint8_t lower, upper;
    if (command == TK_PROXIMITY_READ) {
        (void)x->sensor->ops->read(x->sensor, 0);
    } else if (command == TK_PROXIMITY_ON_INTERRUPT) {
        proximity_thresholds(x, &lower, &upper);
        (void)x->sensor->ops->read_thresholds(x->sensor, lower, upper);
    }
    x->running = command;
}

/* Commands 1 and 2. */
static struct tk_cmd_return proximity_enqueue(struct tk_proximity *x, struct tk_process *p,
                                              enum tk_proximity_command command, uint32_t lower,
                                              uint32_t upper)
{
    int err = 0;
    struct proximity_app *app = tk_grant_enter(&x->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    if (app->subscribed)
        return tk_cmd_failure(TK_BUSY);
    if (command == TK_PROXIMITY_ON_INTERRUPT) {
        app->lower = (uint8_t)lower; /* proximity.rs: `arg1 as u8` */
        app->upper = (uint8_t)upper;
    }
    app->subscribed = true;
    app->command = command;
    /* A running thresholded read is restarted with the new window, or
     * replaced by a read now; a running read now is joined. */
    enum tk_proximity_command was = x->running;
    if (was == TK_PROXIMITY_ON_INTERRUPT || was == TK_PROXIMITY_NONE)
        proximity_start(x, command);
    /* proximity.rs starts a read now from idle without marking it running,
     * so a second one starts the sensor again rather than joining. */
    if (was == TK_PROXIMITY_NONE && command == TK_PROXIMITY_READ)
        x->running = TK_PROXIMITY_NONE;
    return tk_cmd_success();
}

static struct tk_cmd_return proximity_command(struct tk_driver *d, struct tk_process *p,
                                              uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_proximity *x = d->state;

    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return proximity_enqueue(x, p, TK_PROXIMITY_READ, arg0, arg1);
    case 2:
        return proximity_enqueue(x, p, TK_PROXIMITY_ON_INTERRUPT, arg0, arg1);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static void proximity_reading_done(struct tk_sensor_client *client, int error,
                                   const int32_t value[3])
{
    struct tk_proximity *x = tk_container_of(client, struct tk_proximity, client);
    uint8_t reading = (uint8_t)value[0];
    unsigned slot = 0;
    struct tk_process *p;
    void *data;
    (void)error; /* ProximityClient::callback carries no error */

    while ((p = tk_grant_next(&x->driver, &slot, &data)) != NULL) {
        struct proximity_app *app = data;
        if (!app->subscribed)
            continue;
        if (app->command == TK_PROXIMITY_ON_INTERRUPT && reading <= app->upper &&
            reading >= app->lower)
            continue;
        app->subscribed = false;
        (void)tk_upcall_schedule(&x->driver, p, PROXIMITY_UPCALL_READING, reading, 0, 0);
    }
    x->running = TK_PROXIMITY_NONE;
    /* run_next_command: the first process still waiting goes next. */
    slot = 0;
    while ((p = tk_grant_next(&x->driver, &slot, &data)) != NULL) {
        struct proximity_app *app = data;
        if (app->subscribed) {
            proximity_start(x, app->command);
            break;
        }
    }
}

static const struct tk_driver_ops proximity_ops = {
    .command = proximity_command,
    .has_grant = true,
    .grant_size = sizeof(struct proximity_app),
    .upcall_count = PROXIMITY_UPCALL_COUNT,
};

void tk_proximity_init(struct tk_proximity *x, struct tk_sensor *sensor)
{
    *x = (struct tk_proximity){
        .driver = {.number = TK_DRIVER_NUM_PROXIMITY, .ops = &proximity_ops, .state = x},
        .client = {.reading_done = proximity_reading_done},
        .sensor = sensor,
    };
    sensor->client = &x->client;
}
