/* Ambient light sensor API.
 *
 * Counterpart: tock/libtock-c libtock/sensors/ambient_light.c @497ea7cf.
 */
#include "libtock/sensors/ambient_light.h"

#include "libtock/sensors/syscalls/ambient_light_syscalls.h"

/* Upcall 0 is (value, 0, 0). */
static void ambient_light_upcall(int value, int unused1, int unused2, void *opaque)
{
    libtock_ambient_light_callback cb = (libtock_ambient_light_callback)opaque;
    (void)unused1;
    (void)unused2;
    cb(RETURNCODE_SUCCESS, (int)value);
}

bool libtock_ambient_light_exists(void)
{
    return libtock_ambient_light_driver_exists();
}

returncode_t libtock_ambient_light_read_intensity(libtock_ambient_light_callback cb)
{
    returncode_t ret = libtock_ambient_light_set_upcall(ambient_light_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_ambient_light_command_start_intensity_reading();
}
