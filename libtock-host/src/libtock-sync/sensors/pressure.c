/* Pressure sensor, synchronous.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/pressure.c @497ea7cf.
 */
#include "libtock-sync/sensors/pressure.h"

bool libtocksync_pressure_exists(void)
{
    return libtock_pressure_driver_exists();
}

returncode_t libtocksync_pressure_read(int *pressure)
{
    returncode_t err = libtock_pressure_command_read();

    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtocksync_pressure_yield_wait_for(pressure);
}
