/* Ambient light driver 0x60002: one-to-one wrappers of its subscribe and commands.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/sensors/syscalls/ambient_light_syscalls.h @497ea7cf. Kernel side:
 * emu/capsules (ambient_light.c), upcall 0 when a reading is ready.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_AMBIENT_LIGHT 0x60002

bool libtock_ambient_light_driver_exists(void);

/* Subscribe 0: the reading. */
returncode_t libtock_ambient_light_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 1. */
returncode_t libtock_ambient_light_command_start_intensity_reading(void);

#ifdef __cplusplus
}
#endif
