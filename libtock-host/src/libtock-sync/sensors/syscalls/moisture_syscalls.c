/* Yield-WaitFor on the moisture reading upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/syscalls/moisture_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/sensors/syscalls/moisture_syscalls.h"

returncode_t libtocksync_moisture_yield_wait_for(int *moisture)
{
    yield_waitfor_return_t ywf = yield_wait_for(DRIVER_NUM_MOISTURE, 0);
    returncode_t ret = (returncode_t)ywf.data0;

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    *moisture = (int)ywf.data1;
    return ret;
}
