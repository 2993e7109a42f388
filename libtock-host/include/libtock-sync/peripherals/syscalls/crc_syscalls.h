/* Blocking wait for the CRC driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/peripherals/syscalls/crc_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/peripherals/syscalls/crc_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x40002, 0): the status, and *crc if it is 0. */
returncode_t libtocksync_crc_yield_wait_for(uint32_t *crc);

#ifdef __cplusplus
}
#endif
