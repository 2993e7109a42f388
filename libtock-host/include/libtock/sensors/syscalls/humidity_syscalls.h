/* Humidity driver 0x60001: one-to-one wrappers of its subscribe and commands.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/sensors/syscalls/humidity_syscalls.h @497ea7cf. Kernel side:
 * emu/capsules (humidity.c), upcall 0 when a reading is ready.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_HUMIDITY 0x60001

bool libtock_humidity_driver_exists(void);

/* Subscribe 0: the reading. */
returncode_t libtock_humidity_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 1. */
returncode_t libtock_humidity_command_read(void);

#ifdef __cplusplus
}
#endif
