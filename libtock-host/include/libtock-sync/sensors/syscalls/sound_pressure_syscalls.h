/* Blocking wait for the sound pressure driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/sensors/syscalls/sound_pressure_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/sensors/syscalls/sound_pressure_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x60006, 0), then the reading into the pointer. */
returncode_t libtocksync_sound_pressure_yield_wait_for(uint8_t *sound_pressure);

#ifdef __cplusplus
}
#endif
