/* Rainfall sensor, synchronous.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/rainfall.c @497ea7cf.
 */
#include "libtock-sync/sensors/rainfall.h"

bool libtocksync_rainfall_exists(void)
{
    return libtock_rainfall_driver_exists();
}

returncode_t libtocksync_rainfall_read(uint32_t *rainfall, int hours)
{
    returncode_t err = libtock_rainfall_command_read(hours);

    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtocksync_rainfall_yield_wait_for(rainfall);
}
