/* Yield-WaitFor on the text screen's upcall.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/display/syscalls/text_screen_syscalls.h
 * @497ea7cf.
 */
#pragma once

#include <libtock/display/syscalls/text_screen_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

returncode_t libtocksync_text_screen_yield_wait_for_done(void);
returncode_t libtocksync_text_screen_yield_wait_for_size(uint32_t *width, uint32_t *height);

#ifdef __cplusplus
}
#endif
