/* Proximity driver 0x60005: one-to-one wrappers of its subscribe and commands.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/sensors/syscalls/proximity_syscalls.h @497ea7cf. Kernel side:
 * emu/capsules (proximity.c), upcall 0 when a reading is ready.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_PROXIMITY 0x60005

bool libtock_proximity_driver_exists(void);

/* Subscribe 0: the reading. */
returncode_t libtock_proximity_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 1. */
returncode_t libtock_proximity_command_read(void);

/* Command 2. */
returncode_t libtock_proximity_command_read_on_interrupt(uint32_t lower_threshold,
                                                         uint32_t higher_threshold);

#ifdef __cplusplus
}
#endif
