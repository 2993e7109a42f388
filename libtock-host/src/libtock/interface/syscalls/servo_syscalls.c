/* Servo driver 0x90009 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/interface/syscalls/servo_syscalls.c
 * @497ea7cf. As there, the out-parameters are written even on failure
 * (with 0).
 */
#include "libtock/interface/syscalls/servo_syscalls.h"

#include "lth-internal.h"

enum { SERVO_COMMAND_COUNT = 1, SERVO_COMMAND_SET = 2, SERVO_COMMAND_READ = 3 };

bool libtock_servo_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_SERVO);
}

returncode_t libtock_servo_count(uint32_t *servo_count)
{
    uint32_t value = 0;
    returncode_t ret = lth_command_u32(DRIVER_NUM_SERVO, SERVO_COMMAND_COUNT, 0, 0, &value);
    *servo_count = (uint16_t)value;
    return ret;
}

returncode_t libtock_servo_set_angle(uint16_t index, uint16_t angle)
{
    return lth_command_novalue(DRIVER_NUM_SERVO, SERVO_COMMAND_SET, index, angle);
}

returncode_t libtock_servo_read_angle(uint16_t index, uint16_t *angle)
{
    uint32_t value = 0;
    returncode_t ret = lth_command_u32(DRIVER_NUM_SERVO, SERVO_COMMAND_READ, index, 0, &value);
    *angle = (uint16_t)value;
    return ret;
}
