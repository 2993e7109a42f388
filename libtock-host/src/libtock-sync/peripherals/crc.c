/* Blocking CRC: allow, command, Yield-WaitFor, un-allow.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/crc.c @497ea7cf.
 */
#include "libtock-sync/peripherals/crc.h"

#include "libtock-sync/peripherals/syscalls/crc_syscalls.h"

bool libtocksync_crc_exists(void)
{
    return libtock_crc_driver_exists();
}

returncode_t libtocksync_crc_compute(const uint8_t *buf, size_t buflen, libtock_crc_alg_t algorithm,
                                     uint32_t *result)
{
    returncode_t ret = libtock_crc_set_readonly_allow(buf, (uint32_t)buflen);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = libtock_crc_command_request((uint32_t)algorithm, (uint32_t)buflen);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtocksync_crc_yield_wait_for(result);
    /* Hand the buffer back whatever happened. */
    libtock_crc_set_readonly_allow(NULL, 0);
    return ret;
}
