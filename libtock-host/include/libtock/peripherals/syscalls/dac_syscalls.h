/* DAC driver 0x6: one-to-one wrappers of its commands (emu/capsules/dac.c).
 *
 * Same names and signatures as tock/libtock-c libtock/peripherals/syscalls/dac_syscalls.h
 * @497ea7cf.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_DAC 0x6

bool libtock_dac_driver_exists(void);
returncode_t libtock_dac_command_initialize(void);
returncode_t libtock_dac_command_set_value(uint32_t value);

#ifdef __cplusplus
}
#endif
