/* HMAC API with a completion callback.
 *
 * Same names and signatures as tock/libtock-c libtock/crypto/hmac.h
 * @497ea7cf.
 */
#pragma once

#include "../tock.h"
#include "hmac_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called with the status of the HMAC. */
typedef void (*libtock_hmac_callback_hmac)(returncode_t);

bool libtock_hmac_exists(void);
/* The HMAC of input_buffer under key_buffer into hmac_buffer; cb runs when
 * it is there. The buffers stay allowed until then. */
returncode_t libtock_hmac_simple(libtock_hmac_algorithm_t hmac_type, uint8_t *key_buffer,
                                 uint32_t key_length, uint8_t *input_buffer, uint32_t input_length,
                                 uint8_t *hmac_buffer, uint32_t hmac_length,
                                 libtock_hmac_callback_hmac cb);

#ifdef __cplusplus
}
#endif
