/* Temperature sensor, synchronous.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/temperature.c @497ea7cf.
 */
#include "libtock-sync/sensors/temperature.h"

bool libtocksync_temperature_exists(void)
{
    return libtock_temperature_driver_exists();
}

returncode_t libtocksync_temperature_read(int *temperature)
{
    returncode_t err = libtock_temperature_command_read();

    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtocksync_temperature_yield_wait_for(temperature);
}
