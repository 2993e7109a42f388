/* Yield-WaitFor on the rainfall reading upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/syscalls/rainfall_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/sensors/syscalls/rainfall_syscalls.h"

returncode_t libtocksync_rainfall_yield_wait_for(uint32_t *rainfall)
{
    yield_waitfor_return_t ywf = yield_wait_for(DRIVER_NUM_RAINFALL, 0);
    returncode_t ret = (returncode_t)ywf.data0;

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    *rainfall = (uint32_t)ywf.data1;
    return ret;
}
