/* Servo HIL: set and read a servomotor's angle.
 *
 * Mirrors tock/tock kernel/src/hil/servo.rs @65608d71 (Servo).
 */
#ifndef TK_HIL_SERVO_H
#define TK_HIL_SERVO_H

#include <stdint.h>

struct tk_servo;

struct tk_servo_ops {
    /* Move to `angle` degrees: 0, TK_FAIL or TK_INVAL (beyond the servo). */
    int (*set_angle)(struct tk_servo *s, uint16_t angle);
    /* The angle into *angle: 0, or TK_NOSUPPORT (the servo cannot say). */
    int (*get_angle)(struct tk_servo *s, uint32_t *angle);
};

struct tk_servo {
    const struct tk_servo_ops *ops;
};

#endif
