/* Ambient light sensor API: asynchronous readings with a callback.
 *
 * Same names and signatures as tock/libtock-c libtock/sensors/ambient_light.h
 * @497ea7cf. Unit: lux.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_ambient_light_callback)(returncode_t, int);

bool libtock_ambient_light_exists(void);

/* Start a reading; `cb` gets (status, lux). */
returncode_t libtock_ambient_light_read_intensity(libtock_ambient_light_callback cb);

#ifdef __cplusplus
}
#endif
