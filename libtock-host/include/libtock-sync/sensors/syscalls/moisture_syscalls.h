/* Blocking wait for the moisture driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/sensors/syscalls/moisture_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/sensors/syscalls/moisture_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x6000A, 0), then the reading into the pointer. */
returncode_t libtocksync_moisture_yield_wait_for(int *moisture);

#ifdef __cplusplus
}
#endif
