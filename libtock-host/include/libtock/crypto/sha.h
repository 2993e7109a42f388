/* SHA API with a completion callback.
 *
 * Same names and signatures as tock/libtock-c libtock/crypto/sha.h
 * @497ea7cf.
 */
#pragma once

#include "../tock.h"
#include "sha_types.h"
#include "syscalls/sha_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called with the status of the hash. */
typedef void (*libtock_sha_callback_hash)(returncode_t);
/* Called with the status of a verify and whether the hash matched. */
typedef void (*libtock_sha_callback_verify)(returncode_t, bool);

bool libtock_sha_exists(void);
/* Hash input_buffer into hash_buffer (32 bytes for SHA-256); cb runs when
 * the hash is there. Both buffers stay allowed until then. */
returncode_t libtock_sha_simple_hash(libtock_sha_algorithm_t hash_type, uint8_t *input_buffer,
                                     uint32_t input_length, uint8_t *hash_buffer,
                                     uint32_t hash_length, libtock_sha_callback_hash cb);

#ifdef __cplusplus
}
#endif
