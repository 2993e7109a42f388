/* Yield-WaitFor on the GPIO interrupt upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/syscalls/gpio_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.5.
 */
#include "libtock-sync/peripherals/syscalls/gpio_syscalls.h"

returncode_t libtocksync_gpio_yield_wait_for(uint32_t *pin, bool *value)
{
    yield_waitfor_return_t upcall = yield_wait_for(GPIO_DRIVER_NUM, 0);

    *pin = upcall.data0;
    *value = upcall.data1 == 1;
    return RETURNCODE_SUCCESS;
}
