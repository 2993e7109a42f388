/* SHA algorithm numbers.
 *
 * Same names and values as tock/libtock-c libtock/crypto/sha_types.h
 * @497ea7cf. The kernel's SHA driver (sha256_driver.rs) takes only 0.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    LIBTOCK_SHA256 = 0,
    LIBTOCK_SHA384 = 1,
    LIBTOCK_SHA512 = 2,
} libtock_sha_algorithm_t;

#ifdef __cplusplus
}
#endif
