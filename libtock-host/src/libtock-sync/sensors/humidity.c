/* Humidity sensor, synchronous.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/humidity.c @497ea7cf.
 */
#include "libtock-sync/sensors/humidity.h"

bool libtocksync_humidity_exists(void)
{
    return libtock_humidity_driver_exists();
}

returncode_t libtocksync_humidity_read(int *humidity)
{
    returncode_t err = libtock_humidity_command_read();

    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtocksync_humidity_yield_wait_for(humidity);
}
