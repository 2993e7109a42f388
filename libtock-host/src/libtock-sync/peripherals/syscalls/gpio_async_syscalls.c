/* Yield-WaitFor on the asynchronous GPIO driver's upcall 0.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/syscalls/gpio_async_syscalls.c @497ea7cf.
 */
#include "libtock-sync/peripherals/syscalls/gpio_async_syscalls.h"

/* Upcall 0 is (0, value, 0): data0 is 0 (success), data1 the value. */
returncode_t libtocksync_gpio_async_yield_wait_for_generic_command(void)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_GPIO_ASYNC, 0);
    return (returncode_t)ret.data0;
}

returncode_t libtocksync_gpio_async_yield_wait_for_read(bool *value)
{
    yield_waitfor_return_t ret = yield_wait_for(DRIVER_NUM_GPIO_ASYNC, 0);
    if ((returncode_t)ret.data0 != RETURNCODE_SUCCESS)
        return (returncode_t)ret.data0;
    *value = ret.data1 != 0;
    return RETURNCODE_SUCCESS;
}
