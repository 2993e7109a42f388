/* Blocking wait for the ninedof driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/sensors/syscalls/ninedof_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/sensors/syscalls/ninedof_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x60004, 0), then the reading into the pointers. */
returncode_t libtocksync_ninedof_yield_wait_for(int *x, int *y, int *z);

#ifdef __cplusplus
}
#endif
