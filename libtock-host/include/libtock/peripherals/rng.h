/* RNG API with a completion callback.
 *
 * Same names and signatures as tock/libtock-c libtock/peripherals/rng.h
 * @497ea7cf.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called with (RETURNCODE_SUCCESS, number of bytes delivered). */
typedef void (*libtock_rng_callback)(returncode_t, int);

bool libtock_rng_exists(void);

/* Asks for num random bytes into buf (len bytes, valid until cb runs); cb
 * gets min(num, len). On failure cb will not run; a failed allow leaves the
 * callback subscribed but no request started. */
returncode_t libtock_rng_get_random_bytes(uint8_t *buf, uint32_t len, uint32_t num,
                                          libtock_rng_callback cb);

#ifdef __cplusplus
}
#endif
