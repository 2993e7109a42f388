/* Proximity sensor API.
 *
 * Counterpart: tock/libtock-c libtock/sensors/proximity.c @497ea7cf.
 */
#include "libtock/sensors/proximity.h"

#include "libtock/sensors/syscalls/proximity_syscalls.h"

/* Upcall 0 is (value, 0, 0). */
static void proximity_upcall(int value, int unused1, int unused2, void *opaque)
{
    libtock_proximity_callback cb = (libtock_proximity_callback)opaque;
    (void)unused1;
    (void)unused2;
    cb(RETURNCODE_SUCCESS, (uint8_t)value);
}

bool libtock_proximity_exists(void)
{
    return libtock_proximity_driver_exists();
}

returncode_t libtock_proximity_read(libtock_proximity_callback cb)
{
    returncode_t ret = libtock_proximity_set_upcall(proximity_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_proximity_command_read();
}

returncode_t libtock_proximity_read_on_interrupt(uint32_t lower_threshold,
                                                 uint32_t higher_threshold,
                                                 libtock_proximity_callback cb)
{
    returncode_t ret = libtock_proximity_set_upcall(proximity_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_proximity_command_read_on_interrupt(lower_threshold, higher_threshold);
}
