/* Pressure sensor, synchronous: start a reading and wait for it.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/sensors/pressure.h
 * @497ea7cf. Unit: hPa.
 */
#pragma once

#include <libtock/tock.h>

#include "syscalls/pressure_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_pressure_exists(void);

/* Read synchronously. */
returncode_t libtocksync_pressure_read(int *pressure);

#ifdef __cplusplus
}
#endif
