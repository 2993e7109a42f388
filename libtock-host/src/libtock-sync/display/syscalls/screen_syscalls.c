/* Yield-WaitFor on the screen's completion upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/display/syscalls/screen_syscalls.c
 * @497ea7cf.
 */
#include "libtock-sync/display/syscalls/screen_syscalls.h"

returncode_t libtocksync_screen_yield_wait_for(void)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_SCREEN, 0);
    return tock_status_to_returncode((statuscode_t)ret.data0);
}

returncode_t libtocksync_screen_yield_wait_for_format(libtock_screen_format_t *format)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_SCREEN, 0);
    *format = (libtock_screen_format_t)ret.data1;
    return tock_status_to_returncode((statuscode_t)ret.data0);
}

returncode_t libtocksync_screen_yield_wait_for_rotation(libtock_screen_rotation_t *rotation)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_SCREEN, 0);
    *rotation = (libtock_screen_rotation_t)ret.data1;
    return tock_status_to_returncode((statuscode_t)ret.data0);
}
