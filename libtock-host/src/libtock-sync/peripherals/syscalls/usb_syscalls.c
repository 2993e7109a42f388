/* Yield-WaitFor on the USB attach upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/syscalls/usb_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.10.
 */
#include "libtock-sync/peripherals/syscalls/usb_syscalls.h"

returncode_t libtocksync_usb_yield_wait_for(void)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER_NUM_USB, 0);
    return tock_status_to_returncode((statuscode_t)upcall.data0);
}
