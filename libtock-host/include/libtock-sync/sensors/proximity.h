/* Proximity sensor, synchronous: start a reading and wait for it.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/sensors/proximity.h
 * @497ea7cf. Unit: 0..255, 255 nearest.
 */
#pragma once

#include <libtock/tock.h>

#include "syscalls/proximity_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_proximity_exists(void);

/* Read synchronously. */
returncode_t libtocksync_proximity_read(uint8_t *proximity);

/* Read synchronously. */
returncode_t libtocksync_proximity_read_on_interrupt(uint32_t lower_threshold,
                                                     uint32_t higher_threshold, uint8_t *proximity);

#ifdef __cplusplus
}
#endif
