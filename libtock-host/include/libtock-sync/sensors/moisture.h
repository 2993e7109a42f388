/* Moisture sensor, synchronous: start a reading and wait for it.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/sensors/moisture.h
 * @497ea7cf. Unit: hundredths of a percent.
 */
#pragma once

#include <libtock/tock.h>

#include "syscalls/moisture_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_moisture_exists(void);

/* Read synchronously. */
returncode_t libtocksync_moisture_read(int *moisture);

#ifdef __cplusplus
}
#endif
