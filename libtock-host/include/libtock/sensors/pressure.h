/* Pressure sensor API: asynchronous readings with a callback.
 *
 * Same names and signatures as tock/libtock-c libtock/sensors/pressure.h
 * @497ea7cf. Unit: hPa.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_pressure_callback)(returncode_t, int);

bool libtock_pressure_exists(void);

/* Start a reading; `cb` gets (status, hPa). */
returncode_t libtock_pressure_read(libtock_pressure_callback cb);

#ifdef __cplusplus
}
#endif
