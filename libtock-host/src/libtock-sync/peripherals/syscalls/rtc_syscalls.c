/* Yield-WaitFor on the RTC upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/syscalls/rtc_syscalls.c
 * @497ea7cf. The upcall's first argument is a status code (0 success), as
 * libtock-c reads it.
 */
#include "libtock-sync/peripherals/syscalls/rtc_syscalls.h"

returncode_t libtocksync_rtc_yield_wait_for_get(libtock_rtc_date_t *date)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER_NUM_RTC, 0);
    returncode_t ret = tock_status_to_returncode((statuscode_t)upcall.data0);
    if (ret == RETURNCODE_SUCCESS)
        lth_rtc_unpack((uint32_t)upcall.data1, (uint32_t)upcall.data2, date);
    return ret;
}

returncode_t libtocksync_rtc_yield_wait_for_set(void)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER_NUM_RTC, 0);
    return tock_status_to_returncode((statuscode_t)upcall.data0);
}
