/* Blocking key-value store API (driver 0x50003, spec §8.14).
 *
 * Same names and signatures as tock/libtock-c libtock-sync/storage/kv.h.
 * Each call allows the key (and value), issues the command, waits for the
 * upcall with Yield-WaitFor and un-allows the buffers. Errors: the failed
 * command's code (e.g. RETURNCODE_EINVAL: no write permission), or the
 * upcall's status (RETURNCODE_ENOSUPPORT: no such key, no permission, add
 * of an existing key, update of a missing one; RETURNCODE_ENOMEM: full).
 */
#pragma once

#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Get the value of `key` into ret_buffer; *value_len is the full stored
 * length (RETURNCODE_ESIZE if ret_buffer was shorter). */
returncode_t libtocksync_kv_get(const uint8_t *key_buffer, uint32_t key_len, uint8_t *ret_buffer,
                                uint32_t ret_len, uint32_t *value_len);
returncode_t libtocksync_kv_set(const uint8_t *key_buffer, uint32_t key_len,
                                const uint8_t *val_buffer, uint32_t val_len);
returncode_t libtocksync_kv_add(const uint8_t *key_buffer, uint32_t key_len,
                                const uint8_t *val_buffer, uint32_t val_len);
returncode_t libtocksync_kv_update(const uint8_t *key_buffer, uint32_t key_len,
                                   const uint8_t *val_buffer, uint32_t val_len);
returncode_t libtocksync_kv_delete(const uint8_t *key_buffer, uint32_t key_len);
/* Whether the KV driver (0x50003) is present. */
bool libtocksync_kv_exists(void);
/* Reclaim the space of deleted entries (command 6). */
returncode_t libtocksync_kv_garbage_collect(void);

#ifdef __cplusplus
}
#endif
