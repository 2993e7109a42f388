/* Yield-WaitFor on the text screen's upcall 0.
 *
 * Counterpart: tock/libtock-c libtock-sync/display/syscalls/text_screen_syscalls.c @497ea7cf.
 */
#include "libtock-sync/display/syscalls/text_screen_syscalls.h"

/* As libtock-c's: data0, the kernel's status word, is the result. */
returncode_t libtocksync_text_screen_yield_wait_for_done(void)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_TEXT_SCREEN, 0);
    return (returncode_t)ret.data0;
}

returncode_t libtocksync_text_screen_yield_wait_for_size(uint32_t *width, uint32_t *height)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_TEXT_SCREEN, 0);
    if ((returncode_t)ret.data0 != RETURNCODE_SUCCESS)
        return (returncode_t)ret.data0;
    *width = (uint32_t)ret.data1;
    *height = (uint32_t)ret.data2;
    return RETURNCODE_SUCCESS;
}
