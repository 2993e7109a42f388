/* AES driver 0x40006: one-to-one wrappers.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/crypto/syscalls/aes_syscalls.h @497ea7cf. Kernel side:
 * capsules/extra/src/symmetric_encryption/aes.rs: RO allows 0 key, 1 IV (or
 * nonce), 2 source; RW allow 0 destination; commands 1 algorithm, 2 setup,
 * 3 crypt, 4 finish, 5-8 CCM offsets, MIC length and confidentiality;
 * upcall 0 (status, length, tag valid).
 *
 * The default board has no AES driver yet: libtock_aes_driver_exists() is
 * false and the commands fail ENODEVICE, as on a board without one.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_AES 0x40006

bool libtock_aes_driver_exists(void);
returncode_t libtock_aes_set_upcall(subscribe_upcall callback, void *opaque);
returncode_t libtock_aes_set_readonly_allow_key_buffer(const uint8_t *buffer, uint32_t len);
returncode_t libtock_aes_set_readonly_allow_iv_buffer(const uint8_t *buffer, uint32_t len);
/* The nonce goes where the IV does (RO allow 1). */
returncode_t libtock_aes_set_readonly_allow_nonce_buffer(const uint8_t *buffer, uint32_t len);
returncode_t libtock_aes_set_readonly_allow_source_buffer(const uint8_t *buffer, uint32_t len);
returncode_t libtock_aes_set_readwrite_allow_dest_buffer(uint8_t *buffer, uint32_t len);
returncode_t libtock_aes_command_set_algorithm(uint8_t operation, bool encrypting);
returncode_t libtock_aes_command_setup(void);
returncode_t libtock_aes_command_crypt(void);
returncode_t libtock_aes_command_finish(void);
returncode_t libtock_aes_command_ccm_set_a_off(uint32_t value);
returncode_t libtock_aes_command_ccm_set_m_off(uint32_t value);
returncode_t libtock_aes_command_ccm_set_mic_len(uint32_t value);
returncode_t libtock_aes_command_ccm_set_confidential(bool value);

#ifdef __cplusplus
}
#endif
