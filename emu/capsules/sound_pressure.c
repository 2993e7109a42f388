/* Sound pressure capsule: one sound-level reading at a time, and on/off votes.
 *
 * Mirrors tock/tock capsules/extra/src/sound_pressure.rs @65608d71
 * (SoundPressureSensor); the reading engine is sensor_driver.c.
 *
 * Syscall interface, driver 0x60006:
 *
 *   command | arg0 | result
 *   --------+------+------------------------------------------------------
 *   0       | -    | S
 *   1       | -    | read: S; F(BUSY) while any reading is under way (the
 *           |      | caller is not queued); F(e) when the sensor cannot start
 *   2       | -    | S: this process wants the sensor enabled
 *   3       | -    | S: this process no longer does
 *   other   |      | F(NOSUPPORT)
 *
 * Subscribe 0: (dB, 0, 0) on a good reading; an error ends the request
 * without an upcall. Allow: none. After commands 2 and 3 the sensor is
 * enabled while any process with a grant wants it, else disabled.
 *
 * Deviation: Tock calls enable() or disable() once per process in the grant
 * loop, each time with the vote so far; the sensor ends in the same state,
 * which is the one call made here.
 */
#include "sensor_driver.h"

/* Commands 2 and 3: record the vote, then switch the sensor to the result. */
static bool sound_pressure_command(struct tk_driver *d, struct tk_process *p, uint32_t command,
                                   uint32_t arg0, struct tk_cmd_return *out)
{
    struct tk_sensor_driver *s = d->state;
    (void)arg0;
    if (command != 2 && command != 3)
        return false;
    int err = 0;
    struct tk_sensor_app *app = tk_grant_enter(d, p, &err);
    if (app == NULL) {
        *out = tk_cmd_failure(err);
        return true;
    }
    app->enable = command == 2;

    bool any = false;
    unsigned slot = 0;
    void *data;
    while (tk_grant_next(d, &slot, &data) != NULL)
        any = any || ((struct tk_sensor_app *)data)->enable;
    if (s->sensor->ops->enable != NULL)
        (void)s->sensor->ops->enable(s->sensor, any);
    *out = tk_cmd_success();
    return true;
}

static const struct tk_sensor_driver_config sound_pressure_config = {
    .number = TK_DRIVER_NUM_SOUND_PRESSURE,
    .busy = TK_SENSOR_REFUSE,
    .upcall = TK_SENSOR_VALUE_IF_OK,
    .command = sound_pressure_command,
};

void tk_sound_pressure_init(struct tk_sensor_driver *d, struct tk_sensor *sensor)
{
    tk_sensor_driver_init(d, &sound_pressure_config, sensor);
}
