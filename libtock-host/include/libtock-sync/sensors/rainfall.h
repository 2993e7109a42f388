/* Rainfall sensor, synchronous: start a reading and wait for it.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/sensors/rainfall.h
 * @497ea7cf. Unit: micrometres of rain over the hours asked for.
 */
#pragma once

#include <libtock/tock.h>

#include "syscalls/rainfall_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_rainfall_exists(void);

/* Read synchronously. */
returncode_t libtocksync_rainfall_read(uint32_t *rainfall, int hours);

#ifdef __cplusplus
}
#endif
