/* Blocking HMAC API.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/crypto/hmac.h
 * @497ea7cf.
 */
#pragma once

#include <libtock/crypto/hmac_types.h>
#include <libtock/tock.h>

#include "syscalls/hmac_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_hmac_exists(void);
/* The HMAC of input_buffer under key_buffer into hmac_buffer. */
returncode_t libtocksync_hmac_simple(libtock_hmac_algorithm_t hmac_type, uint8_t *key_buffer,
                                     uint32_t key_length, uint8_t *input_buffer,
                                     uint32_t input_length, uint8_t *hmac_buffer,
                                     uint32_t hmac_length);

#ifdef __cplusplus
}
#endif
