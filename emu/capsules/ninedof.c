/* 9-DOF capsule: one reading at a time of acceleration, magnetism or rotation.
 *
 * Mirrors tock/tock capsules/extra/src/ninedof.rs @65608d71 (NineDof).
 *
 * Syscall interface, driver 0x60004:
 *
 *   command | arg0 | result
 *   --------+------+------------------------------------------------------
 *   0       | -    | S
 *   1       | -    | read the accelerometer (x, y, z in mg)
 *   100     | -    | read the magnetometer
 *   200     | -    | read the gyroscope
 *           |      | each: S when started or queued; F(e) when it could not
 *           |      | start (NODEVICE: no such sensor); F(BUSY) when the
 *           |      | caller has a request queued already
 *   other   |      | F(NOSUPPORT)
 *
 * Subscribe 0: (x, y, z). Allow: none.
 *
 * One reading runs at a time, for one process. Others queue one request
 * each. When a reading arrives its process gets it, and so does every queued
 * process whose request equals the finished one's; the first other queued
 * process (slot order) starts next. As in Tock, "the finished one" is the
 * request the running process last queued, not the one it started directly
 * (ninedof.rs reads app.command, set only when a request is queued).
 */
#include "container_of.h"
#include "ninedof.h"

enum ninedof_upcall { NINEDOF_UPCALL_READING, NINEDOF_UPCALL_COUNT };

struct ninedof_app {
    bool pending;
    enum tk_ninedof_command command;
    uint32_t arg0;
};

/* call_driver: start `command` on its sensor. */
static int ninedof_start(struct tk_ninedof *n, enum tk_ninedof_command command, uint32_t arg0)
{
    if (command == TK_NINEDOF_EXISTS)
        return TK_NOSUPPORT;
    struct tk_sensor *s = n->sensors[command - 1];
    return s != NULL ? s->ops->read(s, arg0) : TK_NODEVICE;
}

static struct tk_cmd_return ninedof_enqueue(struct tk_ninedof *n, struct tk_process *p,
                                            enum tk_ninedof_command command, uint32_t arg0)
{
    int err = 0;
    struct ninedof_app *app = tk_grant_enter(&n->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    if (!n->has_current) {
        n->has_current = true;
        n->current_id = p->id;
        int rc = ninedof_start(n, command, arg0);
        if (rc != 0)
            n->has_current = false;
        return tk_cmd_from_status(rc);
    }
    if (app->pending)
        return tk_cmd_failure(TK_BUSY);
    app->pending = true;
    app->command = command;
    app->arg0 = arg0;
    return tk_cmd_success();
}

static struct tk_cmd_return ninedof_command(struct tk_driver *d, struct tk_process *p,
                                            uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_ninedof *n = d->state;
    (void)arg1;

    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return ninedof_enqueue(n, p, TK_NINEDOF_ACCELEROMETER, arg0);
    case 100:
        return ninedof_enqueue(n, p, TK_NINEDOF_MAGNETOMETER, arg0);
    case 200:
        return ninedof_enqueue(n, p, TK_NINEDOF_GYROSCOPE, arg0);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static void ninedof_reading_done(struct tk_sensor_client *client, int error, const int32_t value[3])
{
    struct tk_ninedof *n = tk_container_of(client, struct tk_ninedof, client);
    uint32_t x = (uint32_t)value[0], y = (uint32_t)value[1], z = (uint32_t)value[2];
    enum tk_ninedof_command finished = TK_NINEDOF_EXISTS;
    uint32_t finished_arg = 0;
    struct tk_process *p;
    void *data;
    (void)error; /* NineDofClient::callback carries no error */

    if (n->has_current) {
        n->has_current = false;
        struct ninedof_app *app = tk_grant_get_by_id(&n->driver, n->current_id, &p);
        if (app != NULL) {
            app->pending = false;
            finished = app->command;
            finished_arg = app->arg0;
            (void)tk_upcall_schedule(&n->driver, p, NINEDOF_UPCALL_READING, x, y, z);
        }
    }
    unsigned slot = 0;
    while ((p = tk_grant_next(&n->driver, &slot, &data)) != NULL) {
        struct ninedof_app *app = data;
        if (!app->pending)
            continue;
        app->pending = false;
        if (app->command == finished && app->arg0 == finished_arg) {
            (void)tk_upcall_schedule(&n->driver, p, NINEDOF_UPCALL_READING, x, y, z);
            continue;
        }
        /* Tock names the process current before knowing that it started. */
        n->has_current = true;
        n->current_id = p->id;
        if (ninedof_start(n, app->command, app->arg0) == 0)
            break;
    }
}

static const struct tk_driver_ops ninedof_ops = {
    .command = ninedof_command,
    .has_grant = true,
    .grant_size = sizeof(struct ninedof_app),
    .upcall_count = NINEDOF_UPCALL_COUNT,
};

void tk_ninedof_init(struct tk_ninedof *n, struct tk_sensor *accelerometer,
                     struct tk_sensor *magnetometer, struct tk_sensor *gyroscope)
{
    *n = (struct tk_ninedof){
        .driver = {.number = TK_DRIVER_NUM_NINEDOF, .ops = &ninedof_ops, .state = n},
        .client = {.reading_done = ninedof_reading_done},
        .sensors = {accelerometer, magnetometer, gyroscope},
    };
    for (unsigned i = 0; i < 3; i++)
        if (n->sensors[i] != NULL)
            n->sensors[i]->client = &n->client;
}
