/* Blocking CRC API.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/peripherals/crc.h
 * @497ea7cf.
 */
#pragma once

#include <libtock/peripherals/crc_types.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_crc_exists(void);
/* The CRC of buf into *result: RETURNCODE_SUCCESS, EBUSY (a computation of
 * this app's runs), ESIZE, or the status the driver reported. */
returncode_t libtocksync_crc_compute(const uint8_t *buf, size_t buflen, libtock_crc_alg_t algorithm,
                                     uint32_t *result);

#ifdef __cplusplus
}
#endif
