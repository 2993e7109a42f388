/* Blocking HMAC: allow, command, Yield-WaitFor, un-allow.
 *
 * Counterpart: tock/libtock-c libtock-sync/crypto/hmac.c @497ea7cf.
 */
#include "libtock-sync/crypto/hmac.h"

bool libtocksync_hmac_exists(void)
{
    return libtock_hmac_driver_exists();
}

returncode_t libtocksync_hmac_simple(libtock_hmac_algorithm_t hmac_type, uint8_t *key_buffer,
                                     uint32_t key_length, uint8_t *input_buffer,
                                     uint32_t input_length, uint8_t *hmac_buffer,
                                     uint32_t hmac_length)
{
    returncode_t ret = libtock_hmac_command_set_algorithm((uint32_t)hmac_type);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    /* Each buffer allowed is handed back whatever happens after. */
    ret = libtock_hmac_set_readonly_allow_key_buffer(key_buffer, key_length);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = libtock_hmac_set_readonly_allow_data_buffer(input_buffer, input_length);
    if (ret == RETURNCODE_SUCCESS) {
        ret = libtock_hmac_set_readwrite_allow_destination_buffer(hmac_buffer, hmac_length);
        if (ret == RETURNCODE_SUCCESS) {
            ret = libtock_hmac_command_run();
            if (ret == RETURNCODE_SUCCESS)
                ret = libtocksync_hmac_yield_wait_for();
            libtock_hmac_set_readwrite_allow_destination_buffer(NULL, 0);
        }
        libtock_hmac_set_readonly_allow_data_buffer(NULL, 0);
    }
    libtock_hmac_set_readonly_allow_key_buffer(NULL, 0);
    return ret;
}
