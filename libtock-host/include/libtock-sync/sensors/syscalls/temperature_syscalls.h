/* Blocking wait for the temperature driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/sensors/syscalls/temperature_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/sensors/syscalls/temperature_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x60000, 0), then the reading into the pointer. */
returncode_t libtocksync_temperature_yield_wait_for(int *temperature);

#ifdef __cplusplus
}
#endif
