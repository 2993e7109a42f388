/* SHA driver 0x40005 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/crypto/syscalls/sha_syscalls.c
 * @497ea7cf.
 */
#include "libtock/crypto/syscalls/sha_syscalls.h"

#include "lth-internal.h"

enum {
    SHA_UPCALL_HASH = 0,
    SHA_ALLOW_RO_DATA = 0,
    SHA_ALLOW_RW_DEST = 0,
    SHA_COMMAND_SET_ALGORITHM = 1,
    SHA_COMMAND_HASH = 2,
};

bool libtock_sha_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_SHA);
}

returncode_t libtock_sha_set_hash_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_SHA, SHA_UPCALL_HASH, callback, opaque);
}

returncode_t libtock_sha_set_readonly_allow_data_buffer(uint8_t *buffer, uint32_t len)
{
    return lth_allow_ro(DRIVER_NUM_SHA, SHA_ALLOW_RO_DATA, buffer, len);
}

returncode_t libtock_sha_set_readwrite_allow_destination_buffer(uint8_t *buffer, uint32_t len)
{
    return lth_allow_rw(DRIVER_NUM_SHA, SHA_ALLOW_RW_DEST, buffer, len);
}

returncode_t libtock_sha_command_set_algorithm(uint8_t hash)
{
    return lth_command_novalue(DRIVER_NUM_SHA, SHA_COMMAND_SET_ALGORITHM, hash, 0);
}

returncode_t libtock_sha_command_hash(void)
{
    return lth_command_novalue(DRIVER_NUM_SHA, SHA_COMMAND_HASH, 0, 0);
}
