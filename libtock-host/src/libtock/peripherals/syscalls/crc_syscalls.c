/* CRC driver 0x40002 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/syscalls/crc_syscalls.c
 * @497ea7cf.
 */
#include "libtock/peripherals/syscalls/crc_syscalls.h"

#include "lth-internal.h"

enum { CRC_UPCALL_DONE = 0, CRC_ALLOW_DATA = 0, CRC_COMMAND_REQUEST = 1 };

bool libtock_crc_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_CRC);
}

returncode_t libtock_crc_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_CRC, CRC_UPCALL_DONE, callback, opaque);
}

returncode_t libtock_crc_set_readonly_allow(const uint8_t *buf, uint32_t len)
{
    return lth_allow_ro(DRIVER_NUM_CRC, CRC_ALLOW_DATA, buf, len);
}

returncode_t libtock_crc_command_request(uint32_t algorithm, uint32_t len)
{
    return lth_command_novalue(DRIVER_NUM_CRC, CRC_COMMAND_REQUEST, (int)algorithm, (int)len);
}
