/* HMAC driver 0x40003 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/crypto/syscalls/hmac_syscalls.c
 * @497ea7cf.
 */
#include "libtock/crypto/syscalls/hmac_syscalls.h"

#include "lth-internal.h"

enum {
    HMAC_UPCALL = 0,
    HMAC_ALLOW_RO_KEY = 0,
    HMAC_ALLOW_RO_DATA = 1,
    HMAC_ALLOW_RW_DEST = 2,
    HMAC_COMMAND_SET_ALGORITHM = 0,
    HMAC_COMMAND_RUN = 1,
    HMAC_COMMAND_UPDATE = 2,
    HMAC_COMMAND_FINISH = 3,
};

bool libtock_hmac_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_HMAC);
}

returncode_t libtock_hmac_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_HMAC, HMAC_UPCALL, callback, opaque);
}

returncode_t libtock_hmac_set_readonly_allow_key_buffer(const uint8_t *buffer, uint32_t len)
{
    return lth_allow_ro(DRIVER_NUM_HMAC, HMAC_ALLOW_RO_KEY, buffer, len);
}

returncode_t libtock_hmac_set_readonly_allow_data_buffer(const uint8_t *buffer, uint32_t len)
{
    return lth_allow_ro(DRIVER_NUM_HMAC, HMAC_ALLOW_RO_DATA, buffer, len);
}

returncode_t libtock_hmac_set_readwrite_allow_destination_buffer(uint8_t *buffer, uint32_t len)
{
    return lth_allow_rw(DRIVER_NUM_HMAC, HMAC_ALLOW_RW_DEST, buffer, len);
}

returncode_t libtock_hmac_command_set_algorithm(uint32_t hash)
{
    return lth_command_novalue(DRIVER_NUM_HMAC, HMAC_COMMAND_SET_ALGORITHM, (int)hash, 0);
}

returncode_t libtock_hmac_command_run(void)
{
    return lth_command_novalue(DRIVER_NUM_HMAC, HMAC_COMMAND_RUN, 0, 0);
}

returncode_t libtock_hmac_command_update(void)
{
    return lth_command_novalue(DRIVER_NUM_HMAC, HMAC_COMMAND_UPDATE, 0, 0);
}

returncode_t libtock_hmac_command_finish(void)
{
    return lth_command_novalue(DRIVER_NUM_HMAC, HMAC_COMMAND_FINISH, 0, 0);
}
