/* Yield-WaitFor on the sound pressure reading upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/syscalls/sound_pressure_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/sensors/syscalls/sound_pressure_syscalls.h"

returncode_t libtocksync_sound_pressure_yield_wait_for(uint8_t *sound_pressure)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_SOUND_PRESSURE, 0);

    *sound_pressure = (uint8_t)ret.data0;
    return RETURNCODE_SUCCESS;
}
