/* Rainfall driver 0x6000B: one-to-one wrappers of its subscribe and commands.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/sensors/syscalls/rainfall_syscalls.h @497ea7cf. Kernel side:
 * emu/capsules (rainfall.c), upcall 0 when a reading is ready.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_RAINFALL 0x6000B

bool libtock_rainfall_driver_exists(void);

/* Subscribe 0: the reading. */
returncode_t libtock_rainfall_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 1. */
returncode_t libtock_rainfall_command_read(int hours);

#ifdef __cplusplus
}
#endif
