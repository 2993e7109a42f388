/* Yield-WaitFor on the CRC upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/syscalls/crc_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/peripherals/syscalls/crc_syscalls.h"

returncode_t libtocksync_crc_yield_wait_for(uint32_t *crc)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER_NUM_CRC, 0);
    returncode_t ret = tock_status_to_returncode((statuscode_t)upcall.data0);
    if (ret == RETURNCODE_SUCCESS)
        *crc = upcall.data1;
    return ret;
}
