/* Yield-WaitFor on the HMAC upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/crypto/syscalls/hmac_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/crypto/syscalls/hmac_syscalls.h"

returncode_t libtocksync_hmac_yield_wait_for(void)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER_NUM_HMAC, 0);
    return tock_status_to_returncode((statuscode_t)upcall.data0);
}
