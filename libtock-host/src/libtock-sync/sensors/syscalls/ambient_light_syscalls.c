/* Yield-WaitFor on the ambient light reading upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/syscalls/ambient_light_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/sensors/syscalls/ambient_light_syscalls.h"

returncode_t libtocksync_ambient_light_yield_wait_for(int *ambient_light)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_AMBIENT_LIGHT, 0);

    *ambient_light = (int)ret.data0;
    return RETURNCODE_SUCCESS;
}
