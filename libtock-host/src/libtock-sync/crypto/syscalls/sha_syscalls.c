/* Yield-WaitFor on the SHA upcalls.
 *
 * Counterpart: tock/libtock-c libtock-sync/crypto/syscalls/sha_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/crypto/syscalls/sha_syscalls.h"

returncode_t libtocksync_sha_yield_wait_for_hash(void)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER_NUM_SHA, 0);
    return tock_status_to_returncode((statuscode_t)upcall.data0);
}

returncode_t libtocksync_sha_yield_wait_for_verify(bool *correct)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER_NUM_SHA, 1);
    returncode_t ret = tock_status_to_returncode((statuscode_t)upcall.data0);
    if (ret == RETURNCODE_SUCCESS)
        *correct = upcall.data1 == 1;
    return ret;
}
