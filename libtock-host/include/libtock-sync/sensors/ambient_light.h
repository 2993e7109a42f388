/* Ambient light sensor, synchronous: start a reading and wait for it.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/sensors/ambient_light.h
 * @497ea7cf. Unit: lux.
 */
#pragma once

#include <libtock/tock.h>

#include "syscalls/ambient_light_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_ambient_light_exists(void);

/* Read synchronously. */
returncode_t libtocksync_ambient_light_read_intensity(int *ambient_light);

#ifdef __cplusplus
}
#endif
