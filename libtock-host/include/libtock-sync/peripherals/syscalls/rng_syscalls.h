/* Blocking wait for the RNG driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/peripherals/syscalls/rng_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/peripherals/syscalls/rng_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x40001, 0); *received = bytes delivered. Always
 * RETURNCODE_SUCCESS. */
returncode_t libtocksync_rng_yield_wait_for(int *received);

#ifdef __cplusplus
}
#endif
