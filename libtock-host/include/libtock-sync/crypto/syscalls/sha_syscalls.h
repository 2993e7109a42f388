/* Blocking waits for the SHA driver's upcalls.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/crypto/syscalls/sha_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/crypto/syscalls/sha_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x40005, 0): the hash's status. */
returncode_t libtocksync_sha_yield_wait_for_hash(void);
/* Yield-WaitFor (0x40005, 1). The kernel's SHA driver has one upcall and no
 * verify command: this waits for ever, as it does on a Tock board. */
returncode_t libtocksync_sha_yield_wait_for_verify(bool *correct);

#ifdef __cplusplus
}
#endif
