/* Pressure capsule: one atmospheric-pressure reading per request.
 *
 * Mirrors tock/tock capsules/extra/src/pressure.rs @65608d71 (PressureSensor); the
 * reading engine is sensor_driver.c.
 *
 * Syscall interface, driver 0x60008:
 *
 *   command | arg0 | result
 *   --------+------+------------------------------------------------------
 *   0       | -    | S
 *   1       | -    | read: S, or F(e) when the sensor cannot start (then idle)
 *   other   |      | F(NOSUPPORT)
 *
 * Subscribe 0: (0, hPa, 0) or (error, 0, 0)
 * Note: libtock-c reads the pressure from the first argument; the kernel puts
 * the status there.
 * Readings requested while one is under way join it: every subscribed
 * process gets the same value. Allow: none.
 */
#include "sensor_driver.h"

static const struct tk_sensor_driver_config pressure_config = {
    .number = TK_DRIVER_NUM_PRESSURE,
    .busy = TK_SENSOR_JOIN,
    .upcall = TK_SENSOR_STATUS,
    .idle_after_failed_start = true,
};

void tk_pressure_init(struct tk_sensor_driver *d, struct tk_sensor *sensor)
{
    tk_sensor_driver_init(d, &pressure_config, sensor);
}
