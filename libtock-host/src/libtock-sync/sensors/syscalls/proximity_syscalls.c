/* Yield-WaitFor on the proximity reading upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/syscalls/proximity_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/sensors/syscalls/proximity_syscalls.h"

returncode_t libtocksync_proximity_yield_wait_for(uint8_t *proximity)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_PROXIMITY, 0);

    *proximity = (uint8_t)ret.data0;
    return RETURNCODE_SUCCESS;
}
