/* Moisture sensor, synchronous.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/moisture.c @497ea7cf.
 */
#include "libtock-sync/sensors/moisture.h"

bool libtocksync_moisture_exists(void)
{
    return libtock_moisture_driver_exists();
}

returncode_t libtocksync_moisture_read(int *moisture)
{
    returncode_t err = libtock_moisture_command_read();

    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtocksync_moisture_yield_wait_for(moisture);
}
