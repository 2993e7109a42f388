/* CRC driver 0x40002: one-to-one wrappers.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/peripherals/syscalls/crc_syscalls.h @497ea7cf. Kernel side:
 * capsules/extra/src/crc.rs: RO allow 0 is the data, command 1 (algorithm,
 * length) asks for the CRC of its first `length` bytes, upcall 0 is
 * (status, crc, algorithm).
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_CRC 0x40002

bool libtock_crc_driver_exists(void);
/* Subscribe 0: a CRC is ready. */
returncode_t libtock_crc_set_upcall(subscribe_upcall callback, void *opaque);
/* RO allow 0: the data. */
returncode_t libtock_crc_set_readonly_allow(const uint8_t *buf, uint32_t len);
/* Command 1: EBUSY while this app's request runs, ESIZE if len is more than
 * the allowed buffer. */
returncode_t libtock_crc_command_request(uint32_t algorithm, uint32_t len);

#ifdef __cplusplus
}
#endif
