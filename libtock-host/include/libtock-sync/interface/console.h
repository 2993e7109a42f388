/* Blocking console write and read.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/interface/console.h @497ea7cf.
 */
#pragma once

#include <libtock/interface/console.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_console_exists(void);

/* Writes length bytes and waits until the kernel has sent them; *written =
 * bytes sent. On an error return nothing was started and *written is
 * unchanged. The buffer is un-allowed before returning. */
returncode_t libtocksync_console_write(const uint8_t *buffer, uint32_t length, uint32_t *written);

/* Reads exactly length bytes (fewer if aborted) and waits for them; *read =
 * bytes received. Returns the read's status (e.g. RETURNCODE_ESIZE). On a
 * start error *read is unchanged. The buffer is un-allowed before returning. */
returncode_t libtocksync_console_read(uint8_t *buffer, uint32_t length, uint32_t *read);

#ifdef __cplusplus
}
#endif
