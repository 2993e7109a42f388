/* Humidity sensor, synchronous: start a reading and wait for it.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/sensors/humidity.h
 * @497ea7cf. Unit: hundredths of a percent.
 */
#pragma once

#include <libtock/tock.h>

#include "syscalls/humidity_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_humidity_exists(void);

/* Read synchronously. */
returncode_t libtocksync_humidity_read(int *humidity);

#ifdef __cplusplus
}
#endif
