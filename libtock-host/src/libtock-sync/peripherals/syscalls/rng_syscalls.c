/* Yield-WaitFor on the RNG completion upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/syscalls/rng_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.11.
 */
#include "libtock-sync/peripherals/syscalls/rng_syscalls.h"

returncode_t libtocksync_rng_yield_wait_for(int *received)
{
    yield_waitfor_return_t upcall = yield_wait_for(DRIVER_NUM_RNG, 0);

    *received = (int)upcall.data1;
    return RETURNCODE_SUCCESS;
}
