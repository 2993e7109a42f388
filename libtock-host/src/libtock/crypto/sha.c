/* SHA API with a callback.
 *
 * Counterpart: tock/libtock-c libtock/crypto/sha.c @497ea7cf.
 */
#include "libtock/crypto/sha.h"

static void sha_upcall(int status, int unused1, int unused2, void *opaque)
{
    (void)unused1, (void)unused2;
    libtock_sha_callback_hash cb = (libtock_sha_callback_hash)opaque;
    cb(tock_status_to_returncode((statuscode_t)status));
}

bool libtock_sha_exists(void)
{
    return libtock_sha_driver_exists();
}

returncode_t libtock_sha_simple_hash(libtock_sha_algorithm_t hash_type, uint8_t *input_buffer,
                                     uint32_t input_length, uint8_t *hash_buffer,
                                     uint32_t hash_length, libtock_sha_callback_hash cb)
{
    returncode_t ret = libtock_sha_command_set_algorithm((uint8_t)hash_type);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_sha_set_readonly_allow_data_buffer(input_buffer, input_length);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_sha_set_readwrite_allow_destination_buffer(hash_buffer, hash_length);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_sha_set_hash_upcall(sha_upcall, (void *)cb);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_sha_command_hash();
    return ret;
}
