/* Yield-WaitFor on the alarm upcall.
 *
 * Counterpart: tock/libtock-c libtock-sync/services/syscalls/alarm_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.1.
 */
#include "libtock-sync/services/syscalls/alarm_syscalls.h"

returncode_t libtocksync_alarm_yield_wait_for(void)
{
    yield_wait_for(DRIVER_NUM_ALARM, 0);
    return RETURNCODE_SUCCESS;
}
