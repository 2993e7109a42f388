/* Blocking nonvolatile storage API (driver 0x50001, spec §8.13).
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/storage/nonvolatile_storage.h.
 */
#pragma once

#include <libtock/storage/nonvolatile_storage.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Write `length` bytes of `buffer` (buffer_length bytes allowed) at
 * `offset`; *length_written is what the kernel wrote (at most 512 per call,
 * its buffer). */
returncode_t libtocksync_nonvolatile_storage_write(uint32_t offset, uint32_t length,
                                                   uint8_t *buffer, uint32_t buffer_length,
                                                   int *length_written);

/* Read `length` bytes at `offset` into `buffer`; *length_read as above. */
returncode_t libtocksync_nonvolatile_storage_read(uint32_t offset, uint32_t length, uint8_t *buffer,
                                                  uint32_t buffer_length, int *length_read);

#ifdef __cplusplus
}
#endif
