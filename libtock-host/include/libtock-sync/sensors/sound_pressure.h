/* Sound pressure sensor, synchronous: start a reading and wait for it.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/sensors/sound_pressure.h
 * @497ea7cf. Unit: dB.
 */
#pragma once

#include <libtock/tock.h>

#include "syscalls/sound_pressure_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_sound_pressure_exists(void);

/* Read synchronously. */
returncode_t libtocksync_sound_pressure_read(uint8_t *sound_pressure);

returncode_t libtocksync_sound_pressure_enable(void);
returncode_t libtocksync_sound_pressure_disable(void);

#ifdef __cplusplus
}
#endif
