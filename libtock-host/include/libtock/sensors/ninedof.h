/* Ninedof sensor API: asynchronous readings with a callback.
 *
 * Same names and signatures as tock/libtock-c libtock/sensors/ninedof.h
 * @497ea7cf. Unit: x, y, z.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_ninedof_callback)(returncode_t, int, int, int);

bool libtock_ninedof_exists(void);

/* Start a reading; `cb` gets (status, x, y, z). */
returncode_t libtock_ninedof_read_accelerometer(libtock_ninedof_callback cb);

/* Start a reading; `cb` gets (status, x, y, z). */
returncode_t libtock_ninedof_read_magnetometer(libtock_ninedof_callback cb);

/* Start a reading; `cb` gets (status, x, y, z). */
returncode_t libtock_ninedof_read_gyroscope(libtock_ninedof_callback cb);

#ifdef __cplusplus
}
#endif
