/* HMAC API with a callback.
 *
 * Counterpart: tock/libtock-c libtock/crypto/hmac.c @497ea7cf.
 */
#include "libtock/crypto/hmac.h"

#include "libtock/crypto/syscalls/hmac_syscalls.h"

static void hmac_upcall(int status, int unused1, int unused2, void *opaque)
{
    (void)unused1, (void)unused2;
    libtock_hmac_callback_hmac cb = (libtock_hmac_callback_hmac)opaque;
    cb(tock_status_to_returncode((statuscode_t)status));
}

bool libtock_hmac_exists(void)
{
    return libtock_hmac_driver_exists();
}

returncode_t libtock_hmac_simple(libtock_hmac_algorithm_t hmac_type, uint8_t *key_buffer,
                                 uint32_t key_length, uint8_t *input_buffer, uint32_t input_length,
                                 uint8_t *hmac_buffer, uint32_t hmac_length,
                                 libtock_hmac_callback_hmac cb)
{
    returncode_t ret = libtock_hmac_command_set_algorithm((uint32_t)hmac_type);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_hmac_set_readonly_allow_key_buffer(key_buffer, key_length);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_hmac_set_readonly_allow_data_buffer(input_buffer, input_length);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_hmac_set_readwrite_allow_destination_buffer(hmac_buffer, hmac_length);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_hmac_set_upcall(hmac_upcall, (void *)cb);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_hmac_command_run();
    return ret;
}
