/* RNG driver 0x40001: one-to-one wrappers of its allow, subscribe, command.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/peripherals/syscalls/rng_syscalls.h @497ea7cf. Kernel side:
 * kernel-semantics.md §8.11: RW allow 0 is the destination, command 1 asks
 * for n bytes, upcall 0 is (0, bytes filled = min(n, buffer length), 0).
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_RNG 0x40001

bool libtock_rng_driver_exists(void);

/* RW allow 0: destination of the random bytes. NULL, 0 withdraws it. */
returncode_t libtock_rng_set_allow_readwrite(uint8_t *buf, uint32_t len);

/* Subscribe 0: request complete. */
returncode_t libtock_rng_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 1: request num_bytes bytes, replacing any pending request. */
returncode_t libtock_rng_command_get_random(uint32_t num_bytes);

#ifdef __cplusplus
}
#endif
