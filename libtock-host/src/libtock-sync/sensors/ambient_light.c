/* Ambient light sensor, synchronous.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/ambient_light.c @497ea7cf.
 */
#include "libtock-sync/sensors/ambient_light.h"

bool libtocksync_ambient_light_exists(void)
{
    return libtock_ambient_light_driver_exists();
}

returncode_t libtocksync_ambient_light_read_intensity(int *ambient_light)
{
    returncode_t err = libtock_ambient_light_command_start_intensity_reading();

    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtocksync_ambient_light_yield_wait_for(ambient_light);
}
