/* Blocking wait for the rainfall driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/sensors/syscalls/rainfall_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/sensors/syscalls/rainfall_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x6000B, 0), then the reading into the pointer. */
returncode_t libtocksync_rainfall_yield_wait_for(uint32_t *rainfall);

#ifdef __cplusplus
}
#endif
