/* Sound pressure sensor, synchronous.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/sound_pressure.c @497ea7cf.
 */
#include "libtock-sync/sensors/sound_pressure.h"

bool libtocksync_sound_pressure_exists(void)
{
    return libtock_sound_pressure_driver_exists();
}

returncode_t libtocksync_sound_pressure_read(uint8_t *sound_pressure)
{
    returncode_t err = libtock_sound_pressure_command_read();

    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtocksync_sound_pressure_yield_wait_for(sound_pressure);
}

returncode_t libtocksync_sound_pressure_enable(void)
{
    return libtock_sound_pressure_command_enable();
}

returncode_t libtocksync_sound_pressure_disable(void)
{
    return libtock_sound_pressure_command_disable();
}
