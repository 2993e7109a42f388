/* Blocking wait for the ambient light driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/sensors/syscalls/ambient_light_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/sensors/syscalls/ambient_light_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x60002, 0), then the reading into the pointer. */
returncode_t libtocksync_ambient_light_yield_wait_for(int *ambient_light);

#ifdef __cplusplus
}
#endif
