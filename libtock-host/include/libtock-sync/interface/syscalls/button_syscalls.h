/* Blocking wait for the button driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/interface/syscalls/button_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/interface/syscalls/button_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (3, 0): the next press or release of any enabled button.
 * Always RETURNCODE_SUCCESS. */
returncode_t libtocksync_button_yield_wait_for(int *button_index, bool *pressed);

#ifdef __cplusplus
}
#endif
