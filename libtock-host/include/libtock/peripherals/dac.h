/* DAC: set the analog output (results as dac_syscalls.h).
 *
 * Same names and signatures as tock/libtock-c libtock/peripherals/dac.h @497ea7cf.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtock_dac_exists(void);
returncode_t libtock_dac_initialize(void);
returncode_t libtock_dac_set_value(uint32_t value);

#ifdef __cplusplus
}
#endif
