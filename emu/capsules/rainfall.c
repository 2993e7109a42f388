/* Rainfall capsule: rain over the last hours, one reading per request.
 *
 * Mirrors tock/tock capsules/extra/src/rainfall.rs @65608d71 (RainFallSensor); the
 * reading engine is sensor_driver.c.
 *
 * Syscall interface, driver 0x6000B:
 *
 *   command | arg0 | result
 *   --------+------+------------------------------------------------------
 *   0       | -    | S
 *   1       | hours| read the rain of the last arg0 hours: S, or F(e) when the sensor cannot
 *           |      | start (then idle); arg0 goes to the sensor unchecked
 *   other   |      | F(NOSUPPORT)
 *
 * Subscribe 0: (0, micrometres of rain, 0) or (error, 0, 0).
 * Readings requested while one is under way join it: every subscribed
 * process gets the same value. Allow: none.
 */
#include "sensor_driver.h"

static const struct tk_sensor_driver_config rainfall_config = {
    .number = TK_DRIVER_NUM_RAINFALL,
    .busy = TK_SENSOR_JOIN,
    .upcall = TK_SENSOR_STATUS,
    .idle_after_failed_start = true,
};

void tk_rainfall_init(struct tk_sensor_driver *d, struct tk_sensor *sensor)
{
    tk_sensor_driver_init(d, &rainfall_config, sensor);
}
