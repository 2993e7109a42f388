/* Yield-WaitFor on the pressure reading upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/syscalls/pressure_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/sensors/syscalls/pressure_syscalls.h"

returncode_t libtocksync_pressure_yield_wait_for(int *pressure)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_PRESSURE, 0);

    *pressure = (int)ret.data0;
    return RETURNCODE_SUCCESS;
}
