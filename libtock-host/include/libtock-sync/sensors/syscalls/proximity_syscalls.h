/* Blocking wait for the proximity driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/sensors/syscalls/proximity_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/sensors/syscalls/proximity_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x60005, 0), then the reading into the pointer. */
returncode_t libtocksync_proximity_yield_wait_for(uint8_t *proximity);

#ifdef __cplusplus
}
#endif
