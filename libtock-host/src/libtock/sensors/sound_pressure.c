/* Sound pressure sensor API.
 *
 * Counterpart: tock/libtock-c libtock/sensors/sound_pressure.c @497ea7cf.
 */
#include "libtock/sensors/sound_pressure.h"

#include "libtock/sensors/syscalls/sound_pressure_syscalls.h"

/* Upcall 0 is (value, 0, 0). */
static void sound_pressure_upcall(int value, int unused1, int unused2, void *opaque)
{
    libtock_sound_pressure_callback cb = (libtock_sound_pressure_callback)opaque;
    (void)unused1;
    (void)unused2;
    cb(RETURNCODE_SUCCESS, (uint8_t)value);
}

bool libtock_sound_pressure_exists(void)
{
    return libtock_sound_pressure_driver_exists();
}

returncode_t libtock_sound_pressure_enable(void)
{
    return libtock_sound_pressure_command_enable();
}

returncode_t libtock_sound_pressure_disable(void)
{
    return libtock_sound_pressure_command_disable();
}

returncode_t libtock_sound_pressure_read(libtock_sound_pressure_callback cb)
{
    returncode_t ret = libtock_sound_pressure_set_upcall(sound_pressure_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_sound_pressure_command_read();
}
