/* Blocking wait for the pressure driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/sensors/syscalls/pressure_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/sensors/syscalls/pressure_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x60008, 0), then the reading into the pointer. */
returncode_t libtocksync_pressure_yield_wait_for(int *pressure);

#ifdef __cplusplus
}
#endif
