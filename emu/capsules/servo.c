/* Servo capsule: apps set servomotor angles and read them back.
 *
 * Mirrors tock/tock capsules/extra/src/servo.rs @65608d71 (Servo).
 *
 * Syscall interface, driver 0x90009:
 *
 *   command | arg0  | arg1  | result
 *   --------+-------+-------+------------------------------------------------
 *   0       |       |       | S
 *   1       |       |       | S32(number of servos)
 *   2       | index | angle | S; F(NODEVICE) no such servo; F(INVAL) angle
 *           |       |       | above 65535; F(FAIL) the servo refused it
 *   3       | index |       | S32(angle); F(NODEVICE); the servo's error
 *           |       |       | (NOSUPPORT if it cannot tell)
 *   other   |       |       | F(NOSUPPORT)
 *
 * No grant: subscribes and allows fail NOMEM, as upstream's
 * allocate_grant creates none.
 */
#include "servo.h"

static struct tk_cmd_return servo_command(struct tk_driver *drv, struct tk_process *p,
                                          uint32_t command, uint32_t index, uint32_t angle)
{
    struct tk_servo_driver *d = drv->state;
    (void)p;
    if ((command == 2 || command == 3) && index >= d->count)
        return tk_cmd_failure(TK_NODEVICE);
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return tk_cmd_success_u32(d->count);
    case 2: {
        if (angle > UINT16_MAX) /* angle.try_into::<u16>() */
            return tk_cmd_failure(TK_INVAL);
        struct tk_servo *s = d->servos[index];
        return s->ops->set_angle(s, (uint16_t)angle) == 0 ? tk_cmd_success()
                                                          : tk_cmd_failure(TK_FAIL);
    }
    case 3: {
        uint32_t value = 0;
        struct tk_servo *s = d->servos[index];
        int rc = s->ops->get_angle(s, &value);
        return rc == 0 ? tk_cmd_success_u32(value) : tk_cmd_failure(rc);
    }
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static const struct tk_driver_ops servo_ops = {
    .command = servo_command,
    .has_grant = false,
};

void tk_servo_driver_init(struct tk_servo_driver *d, struct tk_servo *const *servos, unsigned count)
{
    *d = (struct tk_servo_driver){
        .driver = {.number = TK_DRIVER_NUM_SERVO, .ops = &servo_ops, .state = d},
        .count = count < TK_SERVO_MAX ? count : TK_SERVO_MAX,
    };
    for (unsigned i = 0; i < d->count; i++)
        d->servos[i] = servos[i];
}
