/* Sound pressure driver 0x60006: one-to-one wrappers of its subscribe and commands.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/sensors/syscalls/sound_pressure_syscalls.h @497ea7cf. Kernel side:
 * emu/capsules (sound_pressure.c), upcall 0 when a reading is ready.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_SOUND_PRESSURE 0x60006

bool libtock_sound_pressure_driver_exists(void);

/* Subscribe 0: the reading. */
returncode_t libtock_sound_pressure_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 1. */
returncode_t libtock_sound_pressure_command_read(void);

/* Command 2. */
returncode_t libtock_sound_pressure_command_enable(void);

/* Command 3. */
returncode_t libtock_sound_pressure_command_disable(void);

#ifdef __cplusplus
}
#endif
