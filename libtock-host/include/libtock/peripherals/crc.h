/* CRC API with a completion callback.
 *
 * Same names and signatures as tock/libtock-c libtock/peripherals/crc.h
 * @497ea7cf.
 */
#pragma once

#include "../tock.h"
#include "crc_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called with the status and the CRC. */
typedef void (*libtock_crc_callback_computed)(returncode_t, uint32_t);

bool libtock_crc_exists(void);
/* The CRC of buf (buflen bytes, valid until cb runs) with `algorithm`. */
returncode_t libtock_crc_compute(const uint8_t *buf, uint32_t buflen, libtock_crc_alg_t algorithm,
                                 libtock_crc_callback_computed cb);

#ifdef __cplusplus
}
#endif
