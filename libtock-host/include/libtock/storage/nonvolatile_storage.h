/* Nonvolatile storage (driver 0x50001, spec §8.13): size query and the
 * asynchronous read and write.
 *
 * Same names and signatures as tock/libtock-c@497ea7cf
 * libtock/storage/nonvolatile_storage.h, so that libtock-c's own files built
 * against this header (tockemu-make) see the whole API.
 */
#pragma once

#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Write done: (status, bytes written). */
typedef void (*libtock_nonvolatile_storage_callback_write)(returncode_t, int);
/* Read done: (status, bytes read). */
typedef void (*libtock_nonvolatile_storage_callback_read)(returncode_t, int);

bool libtock_nonvolatile_storage_exists(void);

/* The number of bytes userspace may use (command 1). */
returncode_t libtock_nonvolatile_storage_get_number_bytes(uint32_t *number_bytes);

/* Start writing `length` bytes of `buffer` at `offset`; `cb` runs on the
 * write-done upcall. */
returncode_t libtock_nonvolatile_storage_write(uint32_t offset, uint32_t length, uint8_t *buffer,
                                               uint32_t buffer_length,
                                               libtock_nonvolatile_storage_callback_write cb);

/* Start reading `length` bytes at `offset` into `buffer`; `cb` runs on the
 * read-done upcall. */
returncode_t libtock_nonvolatile_storage_read(uint32_t offset, uint32_t length, uint8_t *buffer,
                                              uint32_t buffer_length,
                                              libtock_nonvolatile_storage_callback_read cb);

#ifdef __cplusplus
}
#endif
