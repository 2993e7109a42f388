/* Yield-WaitFor on the isolated nonvolatile storage upcalls.
 *
 * Counterpart: tock/libtock-c
 * libtock-sync/storage/syscalls/isolated_nonvolatile_storage_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/storage/syscalls/isolated_nonvolatile_storage_syscalls.h"

#define DRIVER DRIVER_NUM_ISOLATED_NONVOLATILE_STORAGE

returncode_t
libtocksync_isolated_nonvolatile_storage_yield_wait_for_get_number_bytes(uint64_t *number_bytes)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER, 0);
    returncode_t ret = tock_status_to_returncode((statuscode_t)upcall.data0);
    if (ret == RETURNCODE_SUCCESS)
        *number_bytes = (uint64_t)upcall.data2 << 32 | upcall.data1;
    return ret;
}

returncode_t libtocksync_isolated_nonvolatile_storage_yield_wait_for_read(void)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER, 1);
    return tock_status_to_returncode((statuscode_t)upcall.data0);
}

returncode_t libtocksync_isolated_nonvolatile_storage_yield_wait_for_write(void)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER, 2);
    return tock_status_to_returncode((statuscode_t)upcall.data0);
}
