/* Blocking SHA API.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/crypto/sha.h
 * @497ea7cf.
 */
#pragma once

#include <libtock/crypto/sha_types.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_sha_exists(void);
/* Hash input_buffer into hash_buffer (32 bytes for SHA-256). */
returncode_t libtocksync_sha_simple_hash(libtock_sha_algorithm_t hash_type, uint8_t *input_buffer,
                                         uint32_t input_length, uint8_t *hash_buffer,
                                         uint32_t hash_length);

#ifdef __cplusplus
}
#endif
