/* Isolated nonvolatile storage API with completion callbacks.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/storage/isolated_nonvolatile_storage.h @497ea7cf. Each app sees
 * only its own region, offsets from 0.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called with the status and the size of the app's region. */
typedef void (*libtock_isolated_nonvolatile_storage_callback_get_number_bytes)(returncode_t,
                                                                               uint64_t);
/* Called with the status of a write. */
typedef void (*libtock_isolated_nonvolatile_storage_callback_write)(returncode_t);
/* Called with the status of a read. */
typedef void (*libtock_isolated_nonvolatile_storage_callback_read)(returncode_t);

bool libtock_isolated_nonvolatile_storage_exists(void);
returncode_t libtock_isolated_nonvolatile_storage_get_number_bytes(
    libtock_isolated_nonvolatile_storage_callback_get_number_bytes cb);
/* Write buffer (allowed until cb runs) at offset. */
returncode_t
libtock_isolated_nonvolatile_storage_write(uint64_t offset, uint8_t *buffer, size_t buffer_length,
                                           libtock_isolated_nonvolatile_storage_callback_write cb);
/* Read buffer_length bytes at offset into buffer. */
returncode_t
libtock_isolated_nonvolatile_storage_read(uint64_t offset, uint8_t *buffer, size_t buffer_length,
                                          libtock_isolated_nonvolatile_storage_callback_read cb);

#ifdef __cplusplus
}
#endif
