/* Yield-WaitFor on the button upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/interface/syscalls/button_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.4.
 */
#include "libtock-sync/interface/syscalls/button_syscalls.h"

returncode_t libtocksync_button_yield_wait_for(int *button_index, bool *pressed)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER_NUM_BUTTON, 0);

    *button_index = (int)upcall.data0;
    *pressed = upcall.data1 == 1;
    return RETURNCODE_SUCCESS;
}
