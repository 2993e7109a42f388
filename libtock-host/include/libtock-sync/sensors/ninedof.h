/* Ninedof sensor, synchronous: start a reading and wait for it.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/sensors/ninedof.h
 * @497ea7cf. Unit: x, y, z.
 */
#pragma once

#include <libtock/tock.h>

#include "syscalls/ninedof_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_ninedof_exists(void);

/* Read synchronously. */
returncode_t libtocksync_ninedof_read_accelerometer(int *x, int *y, int *z);

/* Read synchronously. */
returncode_t libtocksync_ninedof_read_magnetometer(int *x, int *y, int *z);

/* Read synchronously. */
returncode_t libtocksync_ninedof_read_gyroscope(int *x, int *y, int *z);

/* Read the accelerometer and compute its magnitude. */
returncode_t libtocksync_ninedof_read_accelerometer_magnitude(double *magnitude);

#ifdef __cplusplus
}
#endif
