/* Moisture driver 0x6000A: one-to-one wrappers of its subscribe and commands.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/sensors/syscalls/moisture_syscalls.h @497ea7cf. Kernel side:
 * emu/capsules (moisture.c), upcall 0 when a reading is ready.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_MOISTURE 0x6000A

bool libtock_moisture_driver_exists(void);

/* Subscribe 0: the reading. */
returncode_t libtock_moisture_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 1. */
returncode_t libtock_moisture_command_read(void);

#ifdef __cplusplus
}
#endif
