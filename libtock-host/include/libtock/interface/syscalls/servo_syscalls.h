/* Servo driver 0x90009: one-to-one wrappers.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/interface/syscalls/servo_syscalls.h @497ea7cf. Kernel side:
 * capsules/extra/src/servo.rs: command 1 count, 2 (index, angle) set,
 * 3 (index) read.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_SERVO 0x90009

bool libtock_servo_driver_exists(void);
/* Command 1: how many servos there are. */
returncode_t libtock_servo_count(uint32_t *servo_count);
/* Command 2: ENODEVICE no such servo, EFAIL the servo refused the angle. */
returncode_t libtock_servo_set_angle(uint16_t index, uint16_t angle);
/* Command 3: ENODEVICE, ENOSUPPORT if the servo cannot report it. */
returncode_t libtock_servo_read_angle(uint16_t index, uint16_t *angle);

#ifdef __cplusplus
}
#endif
