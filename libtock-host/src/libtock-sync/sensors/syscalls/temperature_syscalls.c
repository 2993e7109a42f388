/* Yield-WaitFor on the temperature reading upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/syscalls/temperature_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/sensors/syscalls/temperature_syscalls.h"

returncode_t libtocksync_temperature_yield_wait_for(int *temperature)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_TEMPERATURE, 0);

    *temperature = (int)ret.data0;
    return RETURNCODE_SUCCESS;
}
