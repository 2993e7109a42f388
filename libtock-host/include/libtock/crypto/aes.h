/* AES API: the driver's commands under libtock-c's names.
 *
 * Same names and signatures as tock/libtock-c libtock/crypto/aes.h
 * @497ea7cf. The buffers and the upcall are set with the syscall wrappers
 * (syscalls/aes_syscalls.h), as libtock-c's AES example does.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    LIBTOCK_AES128Ctr = 0,
    LIBTOCK_AES128CBC = 1,
    LIBTOCK_AES128ECB = 2,
    LIBTOCK_AES128CCM = 3
} libtock_aes_algorithm_t;

bool libtock_aes_exists(void);
returncode_t libtock_aes_set_algorithm(libtock_aes_algorithm_t operation, bool encrypting);
/* Start an operation on the allowed buffers (command 2). */
returncode_t libtock_aes_setup(void);
/* Run again on the source allowed now (command 3). */
returncode_t libtock_aes_crypt(void);
/* End the operation (command 4). */
returncode_t libtock_aes_finish(void);
returncode_t libtock_aes_ccm_set_a_off(uint32_t value);
returncode_t libtock_aes_ccm_set_m_off(uint32_t value);
returncode_t libtock_aes_ccm_set_mic_len(uint32_t value);
returncode_t libtock_aes_ccm_set_confidential(bool value);

#ifdef __cplusplus
}
#endif
