/* Yield-WaitFor on the console's completion upcalls.
 *
 * Counterpart: tock/libtock-c libtock-sync/interface/syscalls/console_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.2.
 *
 * Deviation (libtock-c-surface.md §3): libtock-c reads the write-done upcall
 * as (status, bytes written, 0). The kernel sends (bytes written, 0, 0), so
 * libtock-c would return the byte count as a positive "returncode" and
 * report 0 bytes written. We follow the kernel: bytes written come from the
 * first argument and the result is RETURNCODE_SUCCESS, since a write that
 * got its upcall has completed. Likewise the read status is converted to a
 * (negative) returncode_t, where libtock-c returns the raw StatusCode.
 */
#include "libtock-sync/interface/syscalls/console_syscalls.h"

returncode_t libtocksync_console_yield_wait_for_write(uint32_t *bytes_written)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER_NUM_CONSOLE, 1);

    *bytes_written = upcall.data0;
    return RETURNCODE_SUCCESS;
}

returncode_t libtocksync_console_yield_wait_for_read(uint32_t *bytes_read)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER_NUM_CONSOLE, 2);

    *bytes_read = upcall.data1;
    return tock_status_to_returncode((statuscode_t)upcall.data0);
}
