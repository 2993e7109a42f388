/* Sound pressure sensor API: asynchronous readings with a callback.
 *
 * Same names and signatures as tock/libtock-c libtock/sensors/sound_pressure.h
 * @497ea7cf. Unit: dB.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_sound_pressure_callback)(returncode_t, uint8_t);

bool libtock_sound_pressure_exists(void);

returncode_t libtock_sound_pressure_enable(void);
returncode_t libtock_sound_pressure_disable(void);

/* Start a reading; `cb` gets (status, dB). */
returncode_t libtock_sound_pressure_read(libtock_sound_pressure_callback cb);

#ifdef __cplusplus
}
#endif
