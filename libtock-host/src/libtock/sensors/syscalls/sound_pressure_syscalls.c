/* Sound pressure driver 0x60006 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/sensors/syscalls/sound_pressure_syscalls.c
 * @497ea7cf.
 */
#include "libtock/sensors/syscalls/sound_pressure_syscalls.h"

#include "lth-internal.h"

bool libtock_sound_pressure_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_SOUND_PRESSURE);
}

returncode_t libtock_sound_pressure_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_SOUND_PRESSURE, 0, callback, opaque);
}

returncode_t libtock_sound_pressure_command_read(void)
{
    return lth_command_novalue(DRIVER_NUM_SOUND_PRESSURE, 1, 0, 0);
}

returncode_t libtock_sound_pressure_command_enable(void)
{
    return lth_command_novalue(DRIVER_NUM_SOUND_PRESSURE, 2, 0, 0);
}

returncode_t libtock_sound_pressure_command_disable(void)
{
    return lth_command_novalue(DRIVER_NUM_SOUND_PRESSURE, 3, 0, 0);
}
