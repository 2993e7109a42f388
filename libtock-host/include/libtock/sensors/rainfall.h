/* Rainfall sensor API: asynchronous readings with a callback.
 *
 * Same names and signatures as tock/libtock-c libtock/sensors/rainfall.h
 * @497ea7cf. Unit: micrometres of rain over the hours asked for.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_rainfall_callback)(returncode_t, uint32_t);

bool libtock_rainfall_exists(void);

/* Start a reading; `cb` gets (status, micrometres of rain over the hours asked for). */
returncode_t libtock_rainfall_read(int hours, libtock_rainfall_callback cb);

#ifdef __cplusplus
}
#endif
