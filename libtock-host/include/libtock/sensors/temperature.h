/* Temperature sensor API: asynchronous readings with a callback.
 *
 * Same names and signatures as tock/libtock-c libtock/sensors/temperature.h
 * @497ea7cf. Unit: hundredths of a degree centigrade.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_temperature_callback)(returncode_t, int);

bool libtock_temperature_exists(void);

/* Start a reading; `cb` gets (status, hundredths of a degree centigrade). */
returncode_t libtock_temperature_read(libtock_temperature_callback cb);

#ifdef __cplusplus
}
#endif
