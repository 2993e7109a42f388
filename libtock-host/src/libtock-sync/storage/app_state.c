/* Blocking app state save: start the write, Yield-WaitFor its upcall (the
 * subscribed callback is not run; spec §2.5).
 *
 * Counterpart: tock/libtock-c libtock-sync/storage/app_state.c.
 */
#include "libtock-sync/storage/app_state.h"

returncode_t libtocksync_app_state_save(void)
{
    returncode_t ret = libtock_app_state_save(NULL);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    yield_wait_for(0x50000, 0);
    return RETURNCODE_SUCCESS;
}
