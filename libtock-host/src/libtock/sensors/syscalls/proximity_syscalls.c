/* Proximity driver 0x60005 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/sensors/syscalls/proximity_syscalls.c
 * @497ea7cf.
 */
#include "libtock/sensors/syscalls/proximity_syscalls.h"

#include "lth-internal.h"

bool libtock_proximity_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_PROXIMITY);
}

returncode_t libtock_proximity_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_PROXIMITY, 0, callback, opaque);
}

returncode_t libtock_proximity_command_read(void)
{
    return lth_command_novalue(DRIVER_NUM_PROXIMITY, 1, 0, 0);
}

returncode_t libtock_proximity_command_read_on_interrupt(uint32_t lower_threshold,
                                                         uint32_t higher_threshold)
{
    return lth_command_novalue(DRIVER_NUM_PROXIMITY, 2, (int)lower_threshold,
                               (int)higher_threshold);
}
