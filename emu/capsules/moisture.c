/* Moisture capsule: one soil-moisture reading per request, shared by callers.
 *
 * Mirrors tock/tock capsules/extra/src/moisture.rs @65608d71 (MoistureSensor); the
 * reading engine is sensor_driver.c.
 *
 * Syscall interface, driver 0x6000A:
 *
 *   command | arg0 | result
 *   --------+------+------------------------------------------------------
 *   0       | -    | S
 *   1       | -    | read: S, or F(e) when the sensor cannot start (then idle)
 *   other   |      | F(NOSUPPORT)
 *
 * Subscribe 0: (0, hundredths of a percent, 0) or (error, 0, 0).
 * Readings requested while one is under way join it: every subscribed
 * process gets the same value. Allow: none.
 */
#include "sensor_driver.h"

static const struct tk_sensor_driver_config moisture_config = {
    .number = TK_DRIVER_NUM_MOISTURE,
    .busy = TK_SENSOR_JOIN,
    .upcall = TK_SENSOR_STATUS,
    .idle_after_failed_start = true,
};

void tk_moisture_init(struct tk_sensor_driver *d, struct tk_sensor *sensor)
{
    tk_sensor_driver_init(d, &moisture_config, sensor);
}
