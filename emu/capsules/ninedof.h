/* 9-DOF capsule (driver 0x60004): accelerometer, magnetometer, gyroscope.
 *
 * Mirrors tock/tock capsules/extra/src/ninedof.rs @65608d71; the syscall
 * interface is in ninedof.c.
 */
#ifndef TK_CAPSULE_NINEDOF_H
#define TK_CAPSULE_NINEDOF_H

#include <stdbool.h>

#include "driver.h"
#include "hil/sensors.h"

/* What a process asked for (NineDofCommand); 0 is Exists, never a reading. */
enum tk_ninedof_command {
    TK_NINEDOF_EXISTS = 0,
    TK_NINEDOF_ACCELEROMETER,
    TK_NINEDOF_MAGNETOMETER,
    TK_NINEDOF_GYROSCOPE,
};

struct tk_ninedof {
    struct tk_driver driver; /* what the board registers */
    struct tk_sensor_client client;
    /* The device's three sensors, indexed by command - 1; NULL: absent
     * (its reads fail NODEVICE). */
    struct tk_sensor *sensors[3];
    bool has_current;    /* a process's reading is under way */
    uint32_t current_id; /* its ProcessId */
};

/* Set up `n` over the accelerometer, magnetometer and gyroscope of one
 * device (each may be NULL), becoming their client. */
void tk_ninedof_init(struct tk_ninedof *n, struct tk_sensor *accelerometer,
                     struct tk_sensor *magnetometer, struct tk_sensor *gyroscope);

#endif
