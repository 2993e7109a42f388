/* CRC API with a callback.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/crc.c @497ea7cf.
 */
#include "libtock/peripherals/crc.h"

#include "libtock/peripherals/syscalls/crc_syscalls.h"

static void crc_upcall(int status, int crc, int algorithm, void *opaque)
{
    (void)algorithm;
    libtock_crc_callback_computed cb = (libtock_crc_callback_computed)opaque;
    cb(tock_status_to_returncode((statuscode_t)status), (uint32_t)crc);
}

bool libtock_crc_exists(void)
{
    return libtock_crc_driver_exists();
}

returncode_t libtock_crc_compute(const uint8_t *buf, uint32_t buflen, libtock_crc_alg_t algorithm,
                                 libtock_crc_callback_computed cb)
{
    returncode_t ret = libtock_crc_set_readonly_allow(buf, buflen);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = libtock_crc_set_upcall(crc_upcall, (void *)cb);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_crc_command_request((uint32_t)algorithm, buflen);
}
