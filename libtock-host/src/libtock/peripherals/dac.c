/* DAC API over the syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/dac.c @497ea7cf.
 */
#include "libtock/peripherals/dac.h"
#include "libtock/peripherals/syscalls/dac_syscalls.h"

bool libtock_dac_exists(void)
{
    return libtock_dac_driver_exists();
}

returncode_t libtock_dac_initialize(void)
{
    return libtock_dac_command_initialize();
}

returncode_t libtock_dac_set_value(uint32_t value)
{
    return libtock_dac_command_set_value(value);
}
