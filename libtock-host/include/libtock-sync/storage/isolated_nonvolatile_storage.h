/* Blocking isolated nonvolatile storage API.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/storage/isolated_nonvolatile_storage.h @497ea7cf.
 */
#pragma once

#include <libtock/storage/isolated_nonvolatile_storage.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_isolated_nonvolatile_storage_exists(void);
/* The size of this app's region. */
returncode_t libtocksync_isolated_nonvolatile_storage_get_number_bytes(uint64_t *number_bytes);
/* Write buffer at offset of this app's region. */
returncode_t libtocksync_isolated_nonvolatile_storage_write(uint64_t offset, uint8_t *buffer,
                                                            uint32_t buffer_length);
/* Read buffer_length bytes at offset into buffer. */
returncode_t libtocksync_isolated_nonvolatile_storage_read(uint64_t offset, uint8_t *buffer,
                                                           uint32_t buffer_length);

#ifdef __cplusplus
}
#endif
