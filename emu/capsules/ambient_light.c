/* Ambient light capsule: one illuminance reading per request, shared by callers.
 *
 * Mirrors tock/tock capsules/extra/src/ambient_light.rs @65608d71 (AmbientLight); the
 * reading engine is sensor_driver.c.
 *
 * Syscall interface, driver 0x60002:
 *
 *   command | arg0 | result
 *   --------+------+------------------------------------------------------
 *   0       | -    | S
 *   1       | -    | read: always S, even when the grant cannot be entered or a request of
 *           |      | the caller is already pending (dropped)
 *   other   |      | F(NOSUPPORT)
 *
 * Subscribe 0: (lux, 0, 0).
 * Readings requested while one is under way join it: every subscribed
 * process gets the same value. Allow: none.
 */
#include "sensor_driver.h"

static const struct tk_sensor_driver_config ambient_light_config = {
    .number = TK_DRIVER_NUM_AMBIENT_LIGHT,
    .busy = TK_SENSOR_JOIN_QUIET,
    .upcall = TK_SENSOR_VALUE_IF_OK,
};

void tk_ambient_light_init(struct tk_sensor_driver *d, struct tk_sensor *sensor)
{
    tk_sensor_driver_init(d, &ambient_light_config, sensor);
}
