/* Proximity sensor API: asynchronous readings with a callback.
 *
 * Same names and signatures as tock/libtock-c libtock/sensors/proximity.h
 * @497ea7cf. Unit: 0..255, 255 nearest.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_proximity_callback)(returncode_t, uint8_t);

bool libtock_proximity_exists(void);

/* Start a reading; `cb` gets (status, 0..255, 255 nearest). */
returncode_t libtock_proximity_read(libtock_proximity_callback cb);

/* Start a reading; `cb` gets (status, 0..255, 255 nearest). */
returncode_t libtock_proximity_read_on_interrupt(uint32_t lower_threshold,
                                                 uint32_t higher_threshold,
                                                 libtock_proximity_callback cb);

#ifdef __cplusplus
}
#endif
