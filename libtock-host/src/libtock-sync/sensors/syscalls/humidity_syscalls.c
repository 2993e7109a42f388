/* Yield-WaitFor on the humidity reading upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/syscalls/humidity_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/sensors/syscalls/humidity_syscalls.h"

returncode_t libtocksync_humidity_yield_wait_for(int *humidity)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_HUMIDITY, 0);

    *humidity = (int)ret.data0;
    return RETURNCODE_SUCCESS;
}
