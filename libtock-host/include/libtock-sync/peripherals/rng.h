/* Blocking RNG API.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/peripherals/rng.h @497ea7cf.
 */
#pragma once

#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_rng_exists(void);

/* Fills buf (len bytes) with min(num, len) random bytes and sets
 * *num_received to that count. On an error return *num_received is
 * unchanged. The buffer is un-allowed before returning. */
returncode_t libtocksync_rng_get_random_bytes(uint8_t *buf, uint32_t len, uint32_t num,
                                              int *num_received);

#ifdef __cplusplus
}
#endif
