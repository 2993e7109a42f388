/* Blocking wait for the buzzer's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/interface/syscalls/buzzer_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/interface/syscalls/buzzer_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x90000, 0). Always RETURNCODE_SUCCESS. */
returncode_t libtocksync_buzzer_yield_wait_for(void);

#ifdef __cplusplus
}
#endif
