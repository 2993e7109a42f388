/* Humidity capsule: one relative-humidity reading per request, shared by callers.
 *
 * Mirrors tock/tock capsules/extra/src/humidity.rs @65608d71 (HumiditySensor); the
 * reading engine is sensor_driver.c.
 *
 * Syscall interface, driver 0x60001:
 *
 *   command | arg0 | result
 *   --------+------+------------------------------------------------------
 *   0       | -    | S
 *   1       | -    | read: S, or F(e) when the sensor cannot start (then busy until a reading)
 *   other   |      | F(NOSUPPORT)
 *
 * Subscribe 0: (hundredths of a percent, 0, 0).
 * Readings requested while one is under way join it: every subscribed
 * process gets the same value. Allow: none.
 */
#include "sensor_driver.h"

static const struct tk_sensor_driver_config humidity_config = {
    .number = TK_DRIVER_NUM_HUMIDITY,
    .busy = TK_SENSOR_JOIN,
    .upcall = TK_SENSOR_VALUE_IF_OK,
};

void tk_humidity_init(struct tk_sensor_driver *d, struct tk_sensor *sensor)
{
    tk_sensor_driver_init(d, &humidity_config, sensor);
}
