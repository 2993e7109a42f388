/* Sensor HIL: a device that takes one reading when asked, then calls back.
 *
 * Mirrors tock/tock kernel/src/hil/sensors.rs @65608d71: TemperatureDriver,
 * HumidityDriver, AmbientLight, NineDof, ProximityDriver, SoundPressure,
 * PressureDriver, MoistureDriver, RainFallDriver. Each of those traits is
 * "start a reading; later the client gets the value or an error", so one
 * struct serves them all; the capsule knows which quantity it reads.
 *
 * Deviation: one struct instead of one trait per quantity. A reading carries
 * up to three components (x, y, z for the 9-DOF sensors; one for the rest).
 * read() takes the one argument some traits have (RainFall's hours); the
 * proximity trait's thresholded read is read_thresholds().
 */
#ifndef TK_HIL_SENSORS_H
#define TK_HIL_SENSORS_H

#include <stdbool.h>
#include <stdint.h>

struct tk_sensor;

struct tk_sensor_client {
    /* A reading finished: `error` is 0 and value[0..2] hold it, or an
     * ErrorCode and the values are 0. Called from the kernel loop (a deadline
     * or deferred call), never from inside read(). */
    void (*reading_done)(struct tk_sensor_client *client, int error, const int32_t value[3]);
};

struct tk_sensor_ops {
    /* Start one reading. Returns 0 (reading_done follows), or an ErrorCode
     * (TK_BUSY, TK_OFF, TK_FAIL) and no reading_done. `arg` is the trait's
     * argument, 0 if it has none. */
    int (*read)(struct tk_sensor *sensor, uint32_t arg);
    /* ProximityDriver::read_proximity_on_interrupt: a reading only once the
     * value is below `lower` or above `upper`. NULL for other sensors. */
    int (*read_thresholds)(struct tk_sensor *sensor, uint8_t lower, uint8_t upper);
    /* SoundPressure::enable / disable; NULL if the device has no such state. */
    int (*enable)(struct tk_sensor *sensor, bool on);
};

struct tk_sensor {
    const struct tk_sensor_ops *ops;
    struct tk_sensor_client *client;
    void *state; /* the implementation's */
};

#endif
