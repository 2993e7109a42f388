/* Servo capsule (driver 0x90009): set and read servomotor angles.
 *
 * Mirrors tock/tock capsules/extra/src/servo.rs @65608d71 (Servo); the
 * syscall interface is in servo.c.
 */
#ifndef TK_CAPSULE_SERVO_H
#define TK_CAPSULE_SERVO_H

#include "driver.h"
#include "hil/servo.h"

#define TK_SERVO_MAX 8

struct tk_servo_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_servo *servos[TK_SERVO_MAX];
    unsigned count;
};

/* Set up `d` over `count` (<= TK_SERVO_MAX) servos; TK_DRIVER_NUM_SERVO. */
void tk_servo_driver_init(struct tk_servo_driver *d, struct tk_servo *const *servos,
                          unsigned count);

#endif
