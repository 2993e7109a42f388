/* Blocking wait for the HMAC driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/crypto/syscalls/hmac_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/crypto/syscalls/hmac_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x40003, 0): the operation's status. */
returncode_t libtocksync_hmac_yield_wait_for(void);

#ifdef __cplusplus
}
#endif
