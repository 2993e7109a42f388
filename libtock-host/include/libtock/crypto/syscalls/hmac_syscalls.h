/* HMAC driver 0x40003: one-to-one wrappers.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/crypto/syscalls/hmac_syscalls.h @497ea7cf. Kernel side:
 * capsules/extra/src/hmac.rs: RO allow 0 key, RO allow 1 data, RW allow 2
 * digest; commands 0 algorithm, 1 run, 2 update, 3 finish; upcall 0
 * (status, ...).
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_HMAC 0x40003

bool libtock_hmac_driver_exists(void);
returncode_t libtock_hmac_set_upcall(subscribe_upcall callback, void *opaque);
returncode_t libtock_hmac_set_readonly_allow_key_buffer(const uint8_t *buffer, uint32_t len);
returncode_t libtock_hmac_set_readonly_allow_data_buffer(const uint8_t *buffer, uint32_t len);
returncode_t libtock_hmac_set_readwrite_allow_destination_buffer(uint8_t *buffer, uint32_t len);
returncode_t libtock_hmac_command_set_algorithm(uint32_t hash);
returncode_t libtock_hmac_command_run(void);
returncode_t libtock_hmac_command_update(void);
returncode_t libtock_hmac_command_finish(void);

#ifdef __cplusplus
}
#endif
