/* Temperature sensor, synchronous: start a reading and wait for it.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/sensors/temperature.h
 * @497ea7cf. Unit: hundredths of a degree centigrade.
 */
#pragma once

#include <libtock/tock.h>

#include "syscalls/temperature_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_temperature_exists(void);

/* Read synchronously. */
returncode_t libtocksync_temperature_read(int *temperature);

#ifdef __cplusplus
}
#endif
