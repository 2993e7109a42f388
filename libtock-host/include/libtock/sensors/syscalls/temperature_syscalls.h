/* Temperature driver 0x60000: one-to-one wrappers of its subscribe and commands.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/sensors/syscalls/temperature_syscalls.h @497ea7cf. Kernel side:
 * emu/capsules (temperature.c), upcall 0 when a reading is ready.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_TEMPERATURE 0x60000

bool libtock_temperature_driver_exists(void);

/* Subscribe 0: the reading. */
returncode_t libtock_temperature_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 1. */
returncode_t libtock_temperature_command_read(void);

#ifdef __cplusplus
}
#endif
