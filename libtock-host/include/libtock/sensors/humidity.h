/* Humidity sensor API: asynchronous readings with a callback.
 *
 * Same names and signatures as tock/libtock-c libtock/sensors/humidity.h
 * @497ea7cf. Unit: hundredths of a percent.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_humidity_callback)(returncode_t, int);

bool libtock_humidity_exists(void);

/* Start a reading; `cb` gets (status, hundredths of a percent). */
returncode_t libtock_humidity_read(libtock_humidity_callback cb);

#ifdef __cplusplus
}
#endif
