/* AES driver 0x40006 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/crypto/syscalls/aes_syscalls.c
 * @497ea7cf.
 */
#include "libtock/crypto/syscalls/aes_syscalls.h"

#include "lth-internal.h"

enum {
    AES_UPCALL = 0,
    AES_ALLOW_RO_KEY = 0,
    AES_ALLOW_RO_IV = 1,
    AES_ALLOW_RO_SOURCE = 2,
    AES_ALLOW_RW_DEST = 0,
    AES_COMMAND_SET_ALGORITHM = 1,
    AES_COMMAND_SETUP = 2,
    AES_COMMAND_CRYPT = 3,
    AES_COMMAND_FINISH = 4,
    AES_COMMAND_CCM_A_OFF = 5,
    AES_COMMAND_CCM_M_OFF = 6,
    AES_COMMAND_CCM_MIC_LEN = 7,
    AES_COMMAND_CCM_CONFIDENTIAL = 8,
};

bool libtock_aes_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_AES);
}

returncode_t libtock_aes_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_AES, AES_UPCALL, callback, opaque);
}

returncode_t libtock_aes_set_readonly_allow_key_buffer(const uint8_t *buffer, uint32_t len)
{
    return lth_allow_ro(DRIVER_NUM_AES, AES_ALLOW_RO_KEY, buffer, len);
}

returncode_t libtock_aes_set_readonly_allow_iv_buffer(const uint8_t *buffer, uint32_t len)
{
    return lth_allow_ro(DRIVER_NUM_AES, AES_ALLOW_RO_IV, buffer, len);
}

returncode_t libtock_aes_set_readonly_allow_nonce_buffer(const uint8_t *buffer, uint32_t len)
{
    return libtock_aes_set_readonly_allow_iv_buffer(buffer, len);
}

returncode_t libtock_aes_set_readonly_allow_source_buffer(const uint8_t *buffer, uint32_t len)
{
    return lth_allow_ro(DRIVER_NUM_AES, AES_ALLOW_RO_SOURCE, buffer, len);
}

returncode_t libtock_aes_set_readwrite_allow_dest_buffer(uint8_t *buffer, uint32_t len)
{
    return lth_allow_rw(DRIVER_NUM_AES, AES_ALLOW_RW_DEST, buffer, len);
}

returncode_t libtock_aes_command_set_algorithm(uint8_t operation, bool encrypting)
{
    return lth_command_novalue(DRIVER_NUM_AES, AES_COMMAND_SET_ALGORITHM, operation, encrypting);
}

returncode_t libtock_aes_command_setup(void)
{
    return lth_command_novalue(DRIVER_NUM_AES, AES_COMMAND_SETUP, 0, 0);
}

returncode_t libtock_aes_command_crypt(void)
{
    return lth_command_novalue(DRIVER_NUM_AES, AES_COMMAND_CRYPT, 0, 0);
}

returncode_t libtock_aes_command_finish(void)
{
    return lth_command_novalue(DRIVER_NUM_AES, AES_COMMAND_FINISH, 0, 0);
}

returncode_t libtock_aes_command_ccm_set_a_off(uint32_t value)
{
    return lth_command_novalue(DRIVER_NUM_AES, AES_COMMAND_CCM_A_OFF, (int)value, 0);
}

returncode_t libtock_aes_command_ccm_set_m_off(uint32_t value)
{
    return lth_command_novalue(DRIVER_NUM_AES, AES_COMMAND_CCM_M_OFF, (int)value, 0);
}

returncode_t libtock_aes_command_ccm_set_mic_len(uint32_t value)
{
    return lth_command_novalue(DRIVER_NUM_AES, AES_COMMAND_CCM_MIC_LEN, (int)value, 0);
}

returncode_t libtock_aes_command_ccm_set_confidential(bool value)
{
    return lth_command_novalue(DRIVER_NUM_AES, AES_COMMAND_CCM_CONFIDENTIAL, value, 0);
}
