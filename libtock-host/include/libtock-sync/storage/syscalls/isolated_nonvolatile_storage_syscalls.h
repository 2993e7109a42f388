/* Blocking waits for the isolated nonvolatile storage upcalls.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/storage/syscalls/isolated_nonvolatile_storage_syscalls.h
 * @497ea7cf.
 */
#pragma once

#include <libtock/storage/syscalls/isolated_nonvolatile_storage_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x50004, 0): the status, and *number_bytes if it is 0. */
returncode_t
libtocksync_isolated_nonvolatile_storage_yield_wait_for_get_number_bytes(uint64_t *number_bytes);
/* Yield-WaitFor (0x50004, 1): the read's status. */
returncode_t libtocksync_isolated_nonvolatile_storage_yield_wait_for_read(void);
/* Yield-WaitFor (0x50004, 2): the write's status. */
returncode_t libtocksync_isolated_nonvolatile_storage_yield_wait_for_write(void);

#ifdef __cplusplus
}
#endif
