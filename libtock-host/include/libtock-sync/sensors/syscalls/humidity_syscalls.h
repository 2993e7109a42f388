/* Blocking wait for the humidity driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/sensors/syscalls/humidity_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/sensors/syscalls/humidity_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x60001, 0), then the reading into the pointer. */
returncode_t libtocksync_humidity_yield_wait_for(int *humidity);

#ifdef __cplusplus
}
#endif
