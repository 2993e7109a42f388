/* Alarm driver 0x0 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/syscalls/alarm_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.1.
 */
#include "libtock/peripherals/syscalls/alarm_syscalls.h"

#include "lth-internal.h"

enum {
    ALARM_COMMAND_FREQUENCY = 1,
    ALARM_COMMAND_NOW = 2,
    ALARM_COMMAND_STOP = 3,
    ALARM_COMMAND_SET_RELATIVE = 5,
    ALARM_COMMAND_SET_ABSOLUTE = 6,
};

bool libtock_alarm_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_ALARM);
}

int libtock_alarm_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_ALARM, 0, callback, opaque);
}

int libtock_alarm_command_get_frequency(uint32_t *frequency)
{
    return lth_command_u32(DRIVER_NUM_ALARM, ALARM_COMMAND_FREQUENCY, 0, 0, frequency);
}

int libtock_alarm_command_read(uint32_t *time)
{
    return lth_command_u32(DRIVER_NUM_ALARM, ALARM_COMMAND_NOW, 0, 0, time);
}

int libtock_alarm_command_stop(void)
{
    return lth_command_novalue(DRIVER_NUM_ALARM, ALARM_COMMAND_STOP, 0, 0);
}

int libtock_alarm_command_set_relative(uint32_t dt, uint32_t *actual)
{
    return lth_command_u32(DRIVER_NUM_ALARM, ALARM_COMMAND_SET_RELATIVE, (int)dt, 0, actual);
}

int libtock_alarm_command_set_absolute(uint32_t reference, uint32_t dt)
{
    /* The kernel answers with the expiry, which the caller already knows. */
    uint32_t expiry;

    return lth_command_u32(DRIVER_NUM_ALARM, ALARM_COMMAND_SET_ABSOLUTE, (int)reference, (int)dt,
                           &expiry);
}
