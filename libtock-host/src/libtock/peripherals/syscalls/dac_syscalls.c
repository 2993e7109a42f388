/* DAC driver 0x6 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/syscalls/dac_syscalls.c @497ea7cf.
 */
#include "libtock/peripherals/syscalls/dac_syscalls.h"

#include "lth-internal.h"

bool libtock_dac_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_DAC);
}

returncode_t libtock_dac_command_initialize(void)
{
    return lth_command_novalue(DRIVER_NUM_DAC, 1, 0, 0);
}

returncode_t libtock_dac_command_set_value(uint32_t value)
{
    return lth_command_novalue(DRIVER_NUM_DAC, 2, (int)value, 0);
}
