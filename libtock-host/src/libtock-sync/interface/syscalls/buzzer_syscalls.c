/* Yield-WaitFor on the buzzer's upcall.
 *
 * Counterpart: tock/libtock-c
 * libtock-sync/interface/syscalls/buzzer_syscalls.c @497ea7cf.
 */
#include "libtock-sync/interface/syscalls/buzzer_syscalls.h"

returncode_t libtocksync_buzzer_yield_wait_for(void)
{
    (void)yield_wait_for(DRIVER_NUM_BUZZER, 0);
    return RETURNCODE_SUCCESS;
}
