/* Nonvolatile storage (driver 0x50001, spec §8.13): the size query.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/storage/nonvolatile_storage.h. Not yet here: the asynchronous
 * read and write (use libtock-sync/storage/nonvolatile_storage.h).
 */
#pragma once

#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The number of bytes userspace may use (command 1). */
returncode_t libtock_nonvolatile_storage_get_number_bytes(uint32_t *number_bytes);

#ifdef __cplusplus
}
#endif
