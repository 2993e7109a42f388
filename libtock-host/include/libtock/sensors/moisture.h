/* Moisture sensor API: asynchronous readings with a callback.
 *
 * Same names and signatures as tock/libtock-c libtock/sensors/moisture.h
 * @497ea7cf. Unit: hundredths of a percent.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_moisture_callback)(returncode_t, int);

bool libtock_moisture_exists(void);

/* Start a reading; `cb` gets (status, hundredths of a percent). */
returncode_t libtock_moisture_read(libtock_moisture_callback cb);

#ifdef __cplusplus
}
#endif
