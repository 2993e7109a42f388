/* Ninedof driver 0x60004: one-to-one wrappers of its subscribe and commands.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/sensors/syscalls/ninedof_syscalls.h @497ea7cf. Kernel side:
 * emu/capsules (ninedof.c), upcall 0 when a reading is ready.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_NINEDOF 0x60004

bool libtock_ninedof_driver_exists(void);

/* Subscribe 0: the reading. */
returncode_t libtock_ninedof_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 1. */
returncode_t libtock_ninedof_command_start_accelerometer_reading(void);

/* Command 100. */
returncode_t libtock_ninedof_command_start_magnetometer_reading(void);

/* Command 200. */
returncode_t libtock_ninedof_command_start_gyroscope_reading(void);

#ifdef __cplusplus
}
#endif
