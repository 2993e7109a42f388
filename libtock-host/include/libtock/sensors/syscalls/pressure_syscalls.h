/* Pressure driver 0x60008: one-to-one wrappers of its subscribe and commands.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/sensors/syscalls/pressure_syscalls.h @497ea7cf. Kernel side:
 * emu/capsules (pressure.c), upcall 0 when a reading is ready.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_PRESSURE 0x60008

bool libtock_pressure_driver_exists(void);

/* Subscribe 0: the reading. */
returncode_t libtock_pressure_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 1. */
returncode_t libtock_pressure_command_read(void);

#ifdef __cplusplus
}
#endif
